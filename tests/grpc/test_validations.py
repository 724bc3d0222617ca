"""Validate, ReleaseSession and the validation rule RPCs over a real channel (DOMAIN.md 16).

Goal: the RPCs carry what the JSON endpoints carry (verdicts, the session, the rule sets and
their assignments), a redemption with the session's key uses and ends the lock, and errors
map through the service's one table (`invalid_validation_rules` is INVALID_ARGUMENT, a rule
violation FAILED_PRECONDITION with the recorded `rf_`). Method: a served `MemoryStore`
ledger (`world`).
"""

from __future__ import annotations

import grpc
from google.protobuf import struct_pb2

from redemption_core.adapters.grpc._generated import validation_pb2 as pb
from tests.grpc.world import World, common, orders, service, use, use_gift

RULES = {"1": {"name": "order.amount", "conditions": {"$more_than_or_equal": [5000]},
               "error": {"message": "Spend 50.00 or more"}}}


def struct(value: dict) -> struct_pb2.Struct:
    made = struct_pb2.Struct()
    made.update(value)
    return made


def validate(*redeemables, amount: int = 10_000, **fields) -> service.ValidateRequest:
    return service.ValidateRequest(redeemables=redeemables,
                                   order=orders.OrderInput(amount=amount), **fields)


class TestValidate:
    def test_a_lock_is_opened_used_by_the_redemption_and_gone(self, world: World) -> None:
        """Validate with LOCK → others refused → Redeem with the key → ReleaseSession 404."""
        # given
        world.discount_voucher("Q1", amount_off=500,
                              redemption=common.RedemptionQuantity(quantity=1))
        lock = pb.SessionInput(type=pb.SESSION_TYPE_LOCK, key="cart",
                               ttl=15, ttl_unit=pb.SESSION_TTL_UNIT_MINUTES)
        # when
        opened = world.call("Validate", validate(use("Q1"), session=lock))
        other = world.call("Validate", validate(use("Q1")))
        redeemed = world.redeem(use("Q1"), session=pb.SessionInput(key="cart"))
        gone = world.failure("ReleaseSession",
                             service.ReleaseSessionRequest(code="Q1", session_key="cart"))
        # then
        assert opened.valid and opened.id.startswith("valid_")
        assert (opened.session.key, opened.session.ttl) == ("cart", 15)
        assert opened.session.ttl_unit == pb.SESSION_TTL_UNIT_MINUTES
        assert opened.redeemables[0].status == "APPLICABLE"
        assert opened.redeemables[0].result.discount.amount_off == 500
        assert opened.order.total_amount == 9_500
        assert not other.valid
        assert other.redeemables[0].outcome.error.key == "quantity_exceeded"
        assert redeemed.redemptions[0].voucher.redemption.redeemed_quantity == 1
        assert redeemed.redemptions[0].session.key == "cart"
        assert (gone.code, gone.reason) == (grpc.StatusCode.NOT_FOUND, "not_found")

    def test_a_gift_card_verdict_carries_credits_and_the_stacking_rules(self, world: World):
        """Gift credits and balance; the effective stacking rules."""
        world.gift_card("G", 5_000)
        response = world.call("Validate", validate(use_gift("G", 1_200)))
        assert (response.redeemables[0].result.gift_credits,
                response.redeemables[0].result.gift_balance) == (1_200, 5_000)
        assert response.stacking_rules.redeemables_application_mode == "ALL"
        assert not response.HasField("session")

    def test_a_bad_ttl_is_invalid_argument_naming_the_field(self, world: World) -> None:
        """ttl 0: INVALID_ARGUMENT, BadRequest on session.ttl."""
        world.discount_voucher("Q1", amount_off=500,
                              redemption=common.RedemptionQuantity(quantity=1))
        failure = world.failure("Validate", validate(use("Q1"), session=pb.SessionInput(ttl=0)))
        assert failure.code == grpc.StatusCode.INVALID_ARGUMENT
        assert [field for field, _ in failure.violations] == ["session.ttl"]


class TestValidationRules:
    def test_create_assign_enforce_list_update_and_delete(self, world: World) -> None:
        """The rule set's life over gRPC, enforced on Redeem with its own message."""
        # given
        world.discount_voucher("D", amount_off=100)
        made = world.call("CreateValidationRule", service.CreateValidationRuleRequest(
            name="min", rules=struct(RULES), request_id="create-1")).validation_rule
        # when
        assigned = world.call("CreateValidationRuleAssignment",
                              service.CreateValidationRuleAssignmentRequest(
                                  validation_rule_id=made.id, related_object_id="D")).assignment
        refused = world.failure("Redeem", service.RedeemRequest(
            redeemables=[use("D")], order=orders.OrderInput(amount=4_999)))
        listed = world.call("ListValidationRules", service.ListValidationRulesRequest())
        assignments = world.call("ListValidationRuleAssignments",
                                 service.ListValidationRuleAssignmentsRequest(
                                     validation_rule_id=made.id))
        renamed = world.call("UpdateValidationRule", service.UpdateValidationRuleRequest(
            validation_rule_id=made.id, name="renamed")).validation_rule
        world.call("DeleteValidationRule",
                   service.DeleteValidationRuleRequest(validation_rule_id=made.id))
        gone = world.failure("GetValidationRule",
                             service.GetValidationRuleRequest(validation_rule_id=made.id))
        # then
        assert made.id.startswith("val_")
        assert made.rules["1"]["conditions"]["$more_than_or_equal"][0] == 5000
        assert assigned.id.startswith("asgm_")
        assert assigned.related_object_type == pb.VALIDATION_RULE_OBJECT_VOUCHER
        assert (refused.code, refused.reason) == (grpc.StatusCode.FAILED_PRECONDITION,
                                                  "order_rules_violated")
        assert "Spend 50.00 or more" in refused.message
        assert refused.metadata["resource_id"].startswith("rf_")
        assert [rule.id for rule in listed.validation_rules] == [made.id] and listed.total == 1
        assert [item.id for item in assignments.assignments] == [assigned.id]
        assert renamed.name == "renamed" and renamed.assignments_count == 1
        assert gone.code == grpc.StatusCode.NOT_FOUND

    def test_an_unsupported_condition_is_invalid_argument_naming_the_path(self, world: World):
        """invalid_validation_rules → INVALID_ARGUMENT with the JSON path."""
        bad = {"1": {"name": "order.amount", "conditions": {"$timeframe": [1]}}}
        failure = world.failure("CreateValidationRule", service.CreateValidationRuleRequest(
            name="bad", rules=struct(bad)))
        assert (failure.code, failure.reason) == (grpc.StatusCode.INVALID_ARGUMENT,
                                                  "invalid_validation_rules")
        assert [field for field, _ in failure.violations] == ["$.rules.1.conditions.$timeframe"]

"""Stacked redemptions (DOMAIN.md 7.1, 8, 14).

Goal: show the parent/children shape of a request with two or more redeemables, the order
math compounding across the stack (DISCOUNTED_AMOUNT and INITIAL_AMOUNT), the ALL mode
(atomic: one failure refuses the request, nothing applied, one `rf_` recorded) against the
PARTIAL mode (`inapplicable_redeemables`), the `applicable_redeemables_limit` and no-effect
skips, the request-shape refusals, and the worked example of section 14 end to end.
Method: use cases through the embedded `Ledger` on the in-memory store, given/when/then;
settings other than the defaults come from `new_build(**stacking_rules)`.
"""

from __future__ import annotations

import pytest

from redemption_core import (
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    Redemption,
    RedemptionStatus,
    Result,
    RollbackCommand,
    StackingRules,
    errors,
)
from redemption_core.domain.model.order import OrderStatus
from redemption_core.domain.model.redemption import RelatedObjectType
from redemption_core.domain.model.rules import FieldError


class TestStackedRedemption:
    def test_two_redeemables_give_a_parent_and_two_children(self, build):
        """Children point at the parent; the parent relates to itself and has no voucher."""
        # given
        build.discount_voucher("A", amount_off=100)
        build.discount_voucher("B", amount_off=200)
        # when
        result = build.redeem(build.use("A"), build.use("B"), amount=1000)
        # then
        parent = result.parent
        assert parent is not None
        assert [child.parent_id for child in result.redemptions] == [parent.id, parent.id]
        assert parent.related_object_type is RelatedObjectType.REDEMPTION
        assert parent.related_object_id == parent.id
        assert (parent.parent_id, parent.voucher, parent.amount) == (None, None, None)
        assert [ref.id for ref in parent.children] == [child.id for child in result.redemptions]
        assert all(child.id < parent.id for child in result.redemptions)
        assert len({child.date for child in result.redemptions} | {parent.date}) == 1

    def test_the_order_is_keyed_by_the_parent_with_the_children_stacked(self, build):
        """`order.redemptions` has one entry, for the parent, listing the child ids."""
        # given
        build.discount_voucher("A", amount_off=100)
        build.discount_voucher("B", amount_off=200)
        # when
        result = build.redeem(build.use("A"), build.use("B"), amount=1000)
        # then
        assert result.order is not None
        assert result.parent is not None
        (entry,) = result.order.redemptions
        assert entry.redemption_id == result.parent.id
        assert entry.related_object_type == "redemption"
        assert entry.stacked == tuple(child.id for child in result.redemptions)

    def test_child_orders_are_cumulative_and_the_parent_holds_the_whole_request(self, build):
        """Section 8.1: gift 100, then 20 %, then a tier of 8 000 on an order of 200 000."""
        # given
        build.gift_card("G100", 100)
        build.discount_voucher("TWENTY", "PERCENT", percent_off=20)
        tier = build.tier(amount_off=8000)
        # when
        result = build.redeem(
            build.use_gift("G100", 100), build.use("TWENTY"), build.use_tier(tier), amount=200000
        )
        # then
        orders = [child.order for child in result.redemptions]
        assert all(order is not None for order in orders)
        assert [(o.discount_amount, o.applied_discount_amount) for o in orders] == [
            (100, 100), (40080, 39980), (48080, 8000),
        ]
        assert result.parent is not None
        assert result.parent.order is not None
        assert result.parent.order.applied_discount_amount == 48080
        assert result.parent.order.total_amount == 200000 - 48080

    def test_discounts_in_a_stack_never_push_the_total_below_zero(self, build):
        """AMOUNT 6 000 twice on 10 000: the second only takes the 4 000 that are left."""
        # given
        build.discount_voucher("SIX1", amount_off=6000)
        build.discount_voucher("SIX2", amount_off=6000)
        # when
        result = build.redeem(build.use("SIX1"), build.use("SIX2"), amount=10000)
        # then
        second = result.redemptions[1].order
        assert second is not None
        assert (second.applied_discount_amount, second.total_amount) == (4000, 0)

    def test_percent_discounts_compound_on_the_discounted_amount_by_default(self, build):
        """DISCOUNTED_AMOUNT: 10 % then 10 % of 10 000 gives 1 000 then 900."""
        # given
        build.discount_voucher("P1", "PERCENT", percent_off=10)
        build.discount_voucher("P2", "PERCENT", percent_off=10)
        # when
        result = build.redeem(build.use("P1"), build.use("P2"), amount=10000)
        # then
        assert result.order is not None
        assert result.order.discount_amount == 1900

    def test_percent_discounts_use_the_initial_amount_when_configured(self, new_build):
        """INITIAL_AMOUNT: 10 % then 10 % of 10 000 gives 1 000 twice."""
        # given
        build = new_build(discount_calculation_mode="INITIAL_AMOUNT")
        build.discount_voucher("P1", "PERCENT", percent_off=10)
        build.discount_voucher("P2", "PERCENT", percent_off=10)
        # when
        result = build.redeem(build.use("P1"), build.use("P2"), amount=10000)
        # then
        assert result.order is not None
        assert result.order.discount_amount == 2000


class TestAllApplicationMode:
    def test_one_inapplicable_redeemable_refuses_the_whole_request(self, build):
        """ALL: a disabled second voucher refuses the stack; the gift card keeps its credits."""
        # given
        build.gift_card("GIFT", 5000)
        build.discount_voucher("OFF", amount_off=100, active=False)
        # when
        with pytest.raises(errors.VoucherDisabled) as raised:
            build.redeem(build.use_gift("GIFT", 1000), build.use("OFF"), amount=10000)
        # then
        error = raised.value
        assert (error.redeemable_type, error.redeemable_id) == ("voucher", "OFF")
        assert error.field == "redeemables[1]"
        card = build.voucher("GIFT")
        assert card.gift is not None
        assert (card.gift.balance, card.redeemed_quantity) == (5000, 0)
        records = build.records(Redemption)
        assert [record.id for record in records] == [error.resource_id]
        assert records[0].status is RedemptionStatus.FAILED

    def test_the_first_failing_redeemable_in_request_order_is_reported(self, build):
        """An expired first item wins over an unknown second one (resolved earlier)."""
        # given
        build.discount_voucher("OLD", amount_off=100, quantity=1)
        build.redeem(build.use("OLD"), amount=1000)
        # when
        with pytest.raises(errors.QuantityExceeded) as raised:
            build.redeem(build.use("OLD"), build.use("MISSING"), amount=1000)
        # then
        assert raised.value.redeemable_id == "OLD"


class TestPartialApplicationMode:
    def test_inapplicable_redeemables_are_listed_and_the_rest_redeemed(self, new_build):
        """PARTIAL: a disabled voucher is listed INAPPLICABLE; the gift card is redeemed."""
        # given
        build = new_build(redeemables_application_mode="PARTIAL")
        build.gift_card("GIFT", 5000)
        build.discount_voucher("OFF", amount_off=100, active=False)
        # when
        result = build.redeem(build.use_gift("GIFT", 1000), build.use("OFF"), amount=10000)
        # then
        (inapplicable,) = result.inapplicable
        assert (inapplicable.status, inapplicable.id) == ("INAPPLICABLE", "OFF")
        assert inapplicable.key == "voucher_disabled"
        assert [child.voucher.code for child in result.redemptions] == ["GIFT"]
        assert result.parent is not None
        assert build.voucher("OFF").redeemed_quantity == 0
        card = build.voucher("GIFT")
        assert card.gift is not None
        assert card.gift.balance == 4000

    def test_an_unknown_redeemable_is_inapplicable_with_not_found(self, new_build):
        """PARTIAL: an unknown code does not stop the others."""
        # given
        build = new_build(redeemables_application_mode="PARTIAL")
        build.discount_voucher("OK", amount_off=100)
        # when
        result = build.redeem(build.use("OK"), build.use("NOPE"), amount=1000)
        # then
        assert [item.key for item in result.inapplicable] == ["not_found"]
        assert len(result.redemptions) == 1

    def test_nothing_applicable_fails_as_no_applicable_redeemables(self, new_build):
        """PARTIAL with every item of a stack inapplicable: no_applicable_redeemables, one rf_."""
        # given
        build = new_build(redeemables_application_mode="PARTIAL")
        build.discount_voucher("OFF1", amount_off=100, active=False)
        build.discount_voucher("OFF2", amount_off=100, active=False)
        # when
        with pytest.raises(errors.NoApplicableRedeemables) as raised:
            build.redeem(build.use("OFF1"), build.use("OFF2"), amount=1000)
        # then
        assert raised.value.resource_id is not None
        assert raised.value.resource_id.startswith("rf_")


class TestApplicableRedeemablesLimit:
    def test_valid_redeemables_beyond_the_limit_are_skipped(self, new_build):
        """Limit 2 with three valid vouchers: the third is SKIPPED and keeps its use."""
        # given
        build = new_build(applicable_redeemables_limit=2)
        for code in ("A", "B", "C"):
            build.discount_voucher(code, amount_off=100, quantity=1)
        # when
        result = build.redeem(build.use("A"), build.use("B"), build.use("C"), amount=1000)
        # then
        assert [child.voucher.code for child in result.redemptions] == ["A", "B"]
        (skipped,) = result.skipped
        assert (skipped.status, skipped.id) == ("SKIPPED", "C")
        assert skipped.key == "applicable_redeemables_limit_exceeded"
        assert build.voucher("C").redeemed_quantity == 0
        assert result.order is not None
        assert result.order.discount_amount == 200

    def test_the_applicable_limit_cannot_exceed_the_redeemables_limit(self):
        """`applicable_redeemables_limit` <= `redeemables_limit` (8.2)."""
        # given / when
        with pytest.raises(FieldError) as raised:
            StackingRules(redeemables_limit=5, applicable_redeemables_limit=6)
        # then
        assert raised.value.field == "applicable_redeemables_limit"


class TestNoEffectRule:
    def test_skip_leaves_a_redeemable_without_effect_unused(self, new_build):
        """SKIP: once the gift card pays everything, a later discount is skipped (no_effect)."""
        # given
        build = new_build(redeemables_no_effect_rule="SKIP")
        build.gift_card("GIFT", 5000)
        build.discount_voucher("LATE", amount_off=100, quantity=1)
        # when
        result = build.redeem(build.use_gift("GIFT"), build.use("LATE"), amount=3000)
        # then
        assert [item.key for item in result.skipped] == ["no_effect"]
        assert len(result.redemptions) == 1
        assert build.voucher("LATE").redeemed_quantity == 0

    def test_redeem_anyway_uses_a_redeemable_without_effect(self, build):
        """REDEEM_ANYWAY (default): the same discount is redeemed with 0 and uses a use."""
        # given
        build.gift_card("GIFT", 5000)
        build.discount_voucher("LATE", amount_off=100, quantity=1)
        # when
        result = build.redeem(build.use_gift("GIFT"), build.use("LATE"), amount=3000)
        # then
        assert result.skipped == ()
        late = result.redemptions[1].order
        assert late is not None
        assert late.applied_discount_amount == 0
        assert build.voucher("LATE").redeemed_quantity == 1

    def test_skip_with_everything_skipped_fails_with_no_applicable_redeemables(self, new_build):
        """SKIP and nothing with an effect: an `rf_` with no_applicable_redeemables."""
        # given
        build = new_build(redeemables_no_effect_rule="SKIP")
        build.discount_voucher("A", amount_off=100)
        build.discount_voucher("B", amount_off=100)
        # when
        with pytest.raises(errors.NoApplicableRedeemables) as raised:
            build.redeem(build.use("A"), build.use("B"), amount=0)
        # then
        record = build.ledger.get_redemption(raised.value.resource_id)
        assert isinstance(record, Redemption)
        assert (record.result, record.failure_code) == (Result.FAILURE, "no_applicable_redeemables")
        assert build.voucher("A").redeemed_quantity == 0


class TestRequestShape:
    """Malformed requests are refused before anything is looked at; nothing is recorded."""

    def test_the_same_redeemable_twice_fails_with_duplicated_redeemables(self, build):
        """Two items with the same code: duplicated_redeemables naming the second one."""
        # given
        build.discount_voucher("DUP", amount_off=100)
        # when
        with pytest.raises(errors.DuplicatedRedeemables) as raised:
            build.redeem(build.use("DUP"), build.use("DUP"), amount=1000)
        # then
        assert raised.value.field == "redeemables[1].id"
        assert build.records(Redemption) == []

    def test_a_code_and_its_id_are_the_same_redeemable(self, build):
        """A voucher named by code and by `v_` id in one request is a duplicate."""
        # given
        voucher = build.discount_voucher("TWICE", amount_off=100)
        # when
        with pytest.raises(errors.DuplicatedRedeemables):
            build.redeem(build.use("TWICE"), build.use(voucher.id), amount=1000)
        # then
        assert build.voucher("TWICE").redeemed_quantity == 0

    def test_a_promotion_stack_with_other_redeemables_fails_with_invalid_redeemables(
        self, build
    ):
        """A `promotion_stack` must be the only item."""
        # given
        build.discount_voucher("A", amount_off=100)
        stack = RedeemableInput(object=RedeemableKind.PROMOTION_STACK, id="stack_1")
        # when / then
        with pytest.raises(errors.InvalidRedeemables):
            build.redeem(build.use("A"), stack, amount=1000)
        assert build.records(Redemption) == []

    def test_gift_and_reward_on_one_item_is_an_invalid_payload(self, build):
        """An item may carry `gift` or `reward`, not both."""
        # given
        build.gift_card("GIFT", 100)
        both = RedeemableInput(object=RedeemableKind.VOUCHER, id="GIFT", credits=10,
                               reward_id="rew_1")
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.redeem(both, amount=1000)
        # then
        assert raised.value.field == "redeemables[0]"

    def test_no_redeemables_is_an_invalid_payload(self, build):
        """`redeemables` needs at least one item."""
        # given / when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.redeem(amount=1000)
        # then
        assert raised.value.field == "redeemables"


class TestStackingRuleDefaults:
    def test_a_ledger_without_settings_uses_assumption_a12(self):
        """Defaults: 30/30, ALL, DISCOUNTED_AMOUNT, REDEEM_ANYWAY, WITH_ORDER (8.2, A12)."""
        # given / when
        rules = StackingRules()
        # then
        assert (rules.redeemables_limit, rules.applicable_redeemables_limit) == (30, 30)
        assert rules.redeemables_application_mode == "ALL"
        assert rules.discount_calculation_mode == "DISCOUNTED_AMOUNT"
        assert rules.redeemables_no_effect_rule == "REDEEM_ANYWAY"
        assert rules.redeemables_rollback_order_mode == "WITH_ORDER"


class TestWorkedExampleSection14:
    def test_the_worked_example_redeems_and_rolls_back_as_documented(self, build, ledger):
        """SAVE10 + GIFT-A on 10 000: children, parent, order; refusals; stacked rollback."""
        # given
        build.discount_voucher("SAVE10", "PERCENT", percent_off=10, quantity=1)
        build.gift_card("GIFT-A", 5000)
        order = OrderInput(source_id="o-1", amount=10000)
        # when
        result = build.redeem(build.use("SAVE10"), build.use_gift("GIFT-A", 2000), order=order,
                              customer="alice")
        # then: the children and the parent
        a1, a2 = result.redemptions
        p0 = result.parent
        assert p0 is not None
        assert (a1.related_object_type, a1.parent_id) == (RelatedObjectType.VOUCHER, p0.id)
        assert a1.order is not None
        assert (a1.order.discount_amount, a1.order.applied_discount_amount) == (1000, 1000)
        assert a1.order.total_amount == 9000
        assert a1.voucher is not None
        assert a1.voucher.redeemed_quantity == 1
        assert (a2.parent_id, a2.amount) == (p0.id, 2000)
        assert a2.order is not None
        assert (a2.order.discount_amount, a2.order.applied_discount_amount) == (3000, 2000)
        assert a2.order.total_amount == 7000
        assert a2.voucher is not None
        assert a2.voucher.gift is not None
        assert a2.voucher.gift.balance == 3000
        assert (p0.related_object_type, p0.related_object_id) == (RelatedObjectType.REDEMPTION,
                                                                  p0.id)
        assert (p0.parent_id, p0.voucher) == (None, None)
        assert p0.order is not None
        assert (p0.order.discount_amount, p0.order.applied_discount_amount) == (3000, 3000)
        assert p0.order.total_amount == 7000
        assert result.order is not None
        assert result.order.status is OrderStatus.PAID
        (entry,) = result.order.redemptions
        assert (entry.redemption_id, entry.stacked) == (p0.id, (a1.id, a2.id))

        # when / then: the refusals of the single endpoint
        with pytest.raises(errors.InvalidRedemptionParent):
            ledger.rollback(RollbackCommand(redemption_id=a1.id))
        with pytest.raises(errors.InvalidRedemption):
            ledger.rollback(RollbackCommand(redemption_id=p0.id))

        # when: the stacked rollback
        undone = ledger.rollback_stack(RollbackCommand(redemption_id=p0.id, reason="refund"))
        # then
        b1, b2 = undone.rollbacks
        b0 = undone.parent_rollback
        assert b0 is not None
        assert (b1.redemption_id, b2.redemption_id, b0.redemption_id) == (a1.id, a2.id, p0.id)
        assert (b2.amount, b2.credits) == (-2000, 2000)
        assert all(item.reason == "refund" for item in (b0, b1, b2))
        assert undone.order is not None
        assert (undone.order.status, undone.order.total_amount) == (OrderStatus.CANCELED, 10000)
        (entry,) = undone.order.redemptions
        assert (entry.rollback_id, entry.rollback_stacked) == (b0.id, (b1.id, b2.id))
        assert entry.rollback_date is not None
        assert build.voucher("SAVE10").redeemed_quantity == 0
        gift = build.voucher("GIFT-A").gift
        assert gift is not None
        assert gift.balance == 5000
        for redemption_id in (a1.id, a2.id, p0.id):
            stored = ledger.get_redemption(redemption_id)
            assert (stored.result, stored.status) == (Result.SUCCESS, RedemptionStatus.ROLLED_BACK)

        # when / then: repeating the call
        with pytest.raises(errors.AlreadyRolledBack) as raised:
            ledger.rollback_stack(RollbackCommand(redemption_id=p0.id, reason="refund"))
        assert raised.value.resource_id.startswith("rrf_")

"""Validation rules (DOMAIN.md 16.3) enforced on validate and redeem, one rule name at a time.

Goal: each supported rule name holds at its boundary and fails one step past it, with the
error key of its group and the rule's own message; the failure is recorded as an `rf_`.
Method: a rule set is created and assigned through the `Ledger`, then the same request is
validated and redeemed (they must agree).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from redemption_core import (
    CustomerInput,
    OrderInput,
    OrderItemInput,
    RedeemableInput,
    RedeemCommand,
    errors,
)
from redemption_core.domain.model.redemption import Channel, ChannelType, Redemption, Result
from redemption_core.domain.use_cases.validation_rules import AssignedKind, ValidationRuleInput
from tests.conftest import Build

MESSAGE = "Not for this cart"


def rule(name: str, conditions: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"1": {"name": name, "conditions": conditions, "error": {"message": MESSAGE}, **extra}}


def govern(build: Build, kind: AssignedKind, object_id: str, rules: dict[str, Any]) -> str:
    made = build.ledger.create_validation_rule(ValidationRuleInput(name="rules", rules=rules))
    build.ledger.assign_validation_rule(made.id, kind, object_id)
    return made.id


def attempt(build: Build, command: RedeemCommand) -> str | None:
    """Validate, then redeem at once: the failure code both agree on, or None."""
    verdict = build.ledger.validate(command)
    code = None if verdict.valid else verdict.error.code
    try:
        build.ledger.redeem(command)
        redeemed = None
    except errors.RedemptionError as error:
        redeemed = error.code
    assert code == redeemed, (code, redeemed)
    return code


def items(*lines: tuple[str, int, int]) -> tuple[OrderItemInput, ...]:
    return tuple(OrderItemInput(product_id=product, price=price, quantity=quantity)
                 for product, price, quantity in lines)


def order(amount: int | None = None, lines: tuple[OrderItemInput, ...] | None = None,
          **fields: Any) -> OrderInput:
    return OrderInput(amount=amount, items=lines, **fields)


def command(redeemable: RedeemableInput, the_order: OrderInput | None = None,
            customer: str | None = None, **fields: Any) -> RedeemCommand:
    extra = fields.pop("customer_fields", {})
    who = CustomerInput(source_id=customer, **extra) if customer else None
    return RedeemCommand(redeemables=(redeemable,), order=the_order, customer=who, **fields)


ORDER_RULES: list[tuple[str, dict[str, Any], OrderInput, OrderInput]] = [
    # name, rule, holds, fails
    ("order.amount", rule("order.amount", {"$more_than_or_equal": [10_000]}),
     order(10_000), order(9_999)),
    ("order.total_amount", rule("order.total_amount", {"$more_than_or_equal": [9_000]}),
     order(10_000), order(9_999)),
    ("order.initial_amount", rule("order.initial_amount", {"$less_than": [10_001]}),
     order(10_000), order(10_001)),
    ("order.items.count", rule("order.items.count", {"$more_than_or_equal": [3]}),
     order(lines=items(("p1", 1000, 2), ("p2", 1000, 1))),
     order(lines=items(("p1", 1000, 1), ("p2", 1000, 1)))),
    ("order.items.price_any", rule("order.items.price_any", {"$more_than": [5_000]}),
     order(lines=items(("p1", 5_001, 1), ("p2", 100, 1))),
     order(lines=items(("p1", 5_000, 1), ("p2", 100, 1)))),
    ("order.items.price_each", rule("order.items.price_each", {"$more_than_or_equal": [100]}),
     order(lines=items(("p1", 100, 1), ("p2", 200, 1))),
     order(lines=items(("p1", 99, 1), ("p2", 200, 1)))),
    ("order.metadata", rule("order.metadata", {"$is": ["web"]}, property="channel"),
     order(10_000, metadata={"channel": "web"}), order(10_000, metadata={"channel": "shop"})),
    ("order.items.any", rule("order.items.any", {"$is": [{"id": "p1", "object": "product"}]},
                             rules={"1": {"name": "product.quantity",
                                          "conditions": {"$more_than_or_equal": [2]}}}),
     order(lines=items(("p1", 1000, 2))), order(lines=items(("p1", 1000, 1)))),
    ("order.items.every",
     rule("order.items.every", {"$in": [{"id": "p1", "object": "product"},
                                        {"id": "p2", "object": "product"}]}),
     order(lines=items(("p1", 1000, 1), ("p2", 1000, 1))),
     order(lines=items(("p1", 1000, 1), ("p3", 1000, 1)))),
    ("order.items.none", rule("order.items.none", {"$is": [{"id": "p9", "object": "product"}]}),
     order(lines=items(("p1", 1000, 1))), order(lines=items(("p1", 1000, 1), ("p9", 10, 1)))),
    ("order.items.cheapest",
     rule("order.items.cheapest", {"$is": [{"id": "p1", "object": "product"}]}),
     order(lines=items(("p1", 100, 1), ("p2", 200, 1))),
     order(lines=items(("p1", 300, 1), ("p2", 200, 1)))),
    ("order.items.most_expensive",
     rule("order.items.most_expensive", {"$is": [{"id": "p1", "object": "product"}]},
          rules={"1": {"name": "product.price", "conditions": {"$more_than": [1000]}}}),
     order(lines=items(("p1", 1001, 1), ("p2", 200, 1))),
     order(lines=items(("p1", 1000, 1), ("p2", 200, 1)))),
]


class TestOrderRules:
    @pytest.mark.parametrize(("name", "rules", "holds", "fails"), ORDER_RULES,
                             ids=[case[0] for case in ORDER_RULES])
    def test_the_rule_holds_at_its_bound_and_fails_past_it(self, build: Build, name, rules,
                                                           holds, fails):
        """order_rules_violated with the rule's message, recorded as an rf_."""
        # given
        build.discount_voucher("D", amount_off=1_000)
        govern(build, AssignedKind.VOUCHER, "D", rules)
        # when / then
        assert attempt(build, command(build.use("D"), holds)) is None
        assert attempt(build, command(build.use("D"), fails)) == "order_rules_violated"
        failed = [record for record in build.records(Redemption)
                  if record.result is Result.FAILURE]
        assert failed[-1].failure_code == "order_rules_violated"
        assert failed[-1].failure_message == MESSAGE

    def test_product_metadata_is_read_from_the_matched_item(self, build: Build):
        """A sub-rule `product.metadata` with a property."""
        # given
        build.discount_voucher("D", amount_off=100)
        govern(build, AssignedKind.VOUCHER, "D", rule(
            "order.items.any", {}, rules={"1": {"name": "product.metadata", "property": "brand",
                                                 "conditions": {"$is": ["acme"]}}}))

        def with_brand(brand: str) -> OrderInput:
            line = OrderItemInput(product_id="p1", price=1000, quantity=1,
                                  metadata={"brand": brand})
            return order(lines=(line,))

        # when / then
        assert attempt(build, command(build.use("D"), with_brand("acme"))) is None
        assert attempt(build, command(build.use("D"), with_brand("other"))) == (
            "order_rules_violated")


class TestCustomerRules:
    def test_customer_metadata_holds_for_gold_and_fails_for_bronze(self, build: Build):
        """customer_rules_violated; an unknown source_id is judged by the sent attributes."""
        # given
        build.discount_voucher("D", amount_off=100)
        govern(build, AssignedKind.VOUCHER, "D",
               rule("customer.metadata", {"$in": ["gold", "silver"]}, property="tier"))
        # when / then
        gold = command(build.use("D"), order(10_000), customer="ann",
                       customer_fields={"metadata": {"tier": "gold"}})
        bronze = command(build.use("D"), order(10_000), customer="bob",
                         customer_fields={"metadata": {"tier": "bronze"}})
        assert attempt(build, gold) is None
        assert attempt(build, bronze) == "customer_rules_violated"


def redeem_times(build: Build, redeemable: RedeemableInput, times: int, **fields: Any) -> None:
    for _ in range(times):
        build.ledger.redeem(command(redeemable, order(10_000), **fields))


COUNTING: list[tuple[str, int, Callable[..., dict[str, Any]]]] = [
    ("campaign.redemptions.count", 2, dict),
    ("campaign.redemptions.count.daily", 2, dict),
    ("campaign.redemptions.count.weekly", 2, dict),
    ("campaign.redemptions.count.monthly", 2, dict),
    ("redemption.count.daily", 2, dict),
    ("redemption.count.weekly", 2, dict),
    ("redemption.count.monthly", 2, dict),
    ("redemption.count.per_customer", 2, lambda: {"customer": "ann"}),
    ("redemption.count.per_customer.daily", 2, lambda: {"customer": "ann"}),
    ("redemption.count.per_api_key", 2, lambda: {"channel": Channel("shop-app", ChannelType.API)}),
]


class TestRedemptionRules:
    @pytest.mark.parametrize(("name", "limit", "fields"), COUNTING, ids=[c[0] for c in COUNTING])
    def test_a_count_limit_admits_its_bound_and_refuses_one_more(self, build: Build, name,
                                                                 limit, fields):
        """`$less_than_or_equal: [2]` counts this redemption: two pass, the third fails."""
        # given
        tier = build.tier(amount_off=100)
        govern(build, AssignedKind.PROMOTION_TIER, tier.id,
               rule(name, {"$less_than_or_equal": [limit]}))
        redeem_times(build, build.use_tier(tier), limit, **fields())
        # when / then
        assert attempt(build, command(build.use_tier(tier), order(10_000), **fields())) == (
            "redemption_rules_violated")

    def test_a_daily_count_starts_again_the_next_utc_day(self, build: Build):
        """Calendar periods in UTC: yesterday's redemptions do not count today."""
        # given
        tier = build.tier(amount_off=100)
        govern(build, AssignedKind.PROMOTION_TIER, tier.id,
               rule("redemption.count.daily", {"$less_than_or_equal": [1]}))
        redeem_times(build, build.use_tier(tier), 1)
        # when
        build.clock.advance(timedelta(days=1))
        # then
        assert attempt(build, command(build.use_tier(tier), order(10_000))) is None

    def test_a_rolled_back_redemption_does_not_count(self, build: Build):
        """Counts are of successful redemptions not rolled back."""
        from redemption_core import RollbackCommand
        # given
        tier = build.tier(amount_off=100)
        govern(build, AssignedKind.PROMOTION_TIER, tier.id,
               rule("campaign.redemptions.count", {"$less_than_or_equal": [1]}))
        done = build.ledger.redeem(command(build.use_tier(tier), order(10_000)))
        # when
        build.ledger.rollback(RollbackCommand(redemption_id=done.redemptions[0].id))
        # then
        assert attempt(build, command(build.use_tier(tier), order(10_000))) is None

    def test_customers_count_counts_each_customer_once(self, build: Build):
        """At most two customers: ann, bob, ann again pass; carol fails."""
        # given
        tier = build.tier(amount_off=100)
        govern(build, AssignedKind.PROMOTION_TIER, tier.id,
               rule("campaign.redemptions.customers_count", {"$less_than_or_equal": [2]}))
        for who in ("ann", "bob", "ann"):
            build.ledger.redeem(command(build.use_tier(tier), order(10_000), customer=who))
        # when / then
        assert attempt(build, command(build.use_tier(tier), order(10_000), customer="carol")) == (
            "redemption_rules_violated")

    def test_a_customer_whose_redemptions_are_all_rolled_back_no_longer_counts(
        self, build: Build
    ):
        """At most two customers: ann and bob redeem, bob's only redemption is rolled
        back; carol passes (ann, carol), then dan fails."""
        from redemption_core import RollbackCommand
        # given
        tier = build.tier(amount_off=100)
        govern(build, AssignedKind.PROMOTION_TIER, tier.id,
               rule("campaign.redemptions.customers_count", {"$less_than_or_equal": [2]}))
        build.ledger.redeem(command(build.use_tier(tier), order(10_000), customer="ann"))
        bobs = build.ledger.redeem(command(build.use_tier(tier), order(10_000), customer="bob"))
        # when
        build.ledger.rollback(RollbackCommand(redemption_id=bobs.redemptions[0].id))
        # then
        assert attempt(build, command(build.use_tier(tier), order(10_000),
                                      customer="carol")) is None
        assert attempt(build, command(build.use_tier(tier), order(10_000), customer="dan")) == (
            "redemption_rules_violated")

    def test_each_child_of_a_stack_counts_and_its_parent_does_not(self, build: Build):
        """At most three redemptions of the campaign: a stack of two of its tiers counts
        two, so one more passes and the next fails."""
        # given
        first, second = build.tier("first", amount_off=100), build.tier("second", amount_off=50)
        promotion = build.campaign("Promo", "PROMOTION")
        govern(build, AssignedKind.CAMPAIGN, promotion.id,
               rule("campaign.redemptions.count", {"$less_than_or_equal": [3]}))
        build.ledger.redeem(RedeemCommand(
            redeemables=(build.use_tier(first), build.use_tier(second)), order=order(10_000)))
        # when / then
        assert attempt(build, command(build.use_tier(first), order(10_000))) is None
        assert attempt(build, command(build.use_tier(first), order(10_000))) == (
            "redemption_rules_violated")

    @pytest.mark.parametrize(("name", "bound"), [("campaign.orders.amount", 20_000),
                                                 ("campaign.orders.amount_discounted", 200)])
    def test_a_campaign_budget_admits_its_bound(self, build: Build, name, bound):
        """Two orders of 10,000 with 100 off each reach the bound; a third passes it."""
        # given
        tier = build.tier(amount_off=100)
        govern(build, AssignedKind.PROMOTION_TIER, tier.id,
               rule(name, {"$less_than_or_equal": [bound]}))
        # when / then
        assert attempt(build, command(build.use_tier(tier), order(10_000))) is None
        assert attempt(build, command(build.use_tier(tier), order(10_000))) is None
        assert attempt(build, command(build.use_tier(tier), order(10_000))) == (
            "redemption_rules_violated")

    def test_gift_amount_bounds_the_credits_of_one_redemption(self, build: Build):
        """redemption.gift.amount ≤ 1,000: 1,000 credits pass, 1,001 fail."""
        # given
        build.gift_card("G", 5_000)
        govern(build, AssignedKind.VOUCHER, "G",
               rule("redemption.gift.amount", {"$less_than_or_equal": [1_000]}))
        # when / then
        assert attempt(build, command(build.use_gift("G", 1_000), order(10_000))) is None
        assert attempt(build, command(build.use_gift("G", 1_001), order(10_000))) == (
            "redemption_rules_violated")

    def test_points_used_bounds_a_pay_with_points_redemption(self, build: Build):
        """redemption.reward.pay_with_points.points_used ≤ 50."""
        # given
        _card, reward = build.loyalty_card("CARD", 1_000)
        govern(build, AssignedKind.VOUCHER, "CARD", rule(
            "redemption.reward.pay_with_points.points_used", {"$less_than_or_equal": [50]}))
        # when / then
        ok = command(build.use_points("CARD", reward, 50), order(10_000), customer="alice")
        over = command(build.use_points("CARD", reward, 51), order(10_000), customer="alice")
        assert attempt(build, ok) is None
        assert attempt(build, over) == "redemption_rules_violated"

    def test_redemption_metadata_and_api_key(self, build: Build):
        """redemption.metadata (with property) and redemption.api_key (the channel's app)."""
        # given
        build.discount_voucher("D", amount_off=100)
        govern(build, AssignedKind.VOUCHER, "D", {
            "1": {"name": "redemption.metadata", "property": "source",
                  "conditions": {"$is": ["app"]}},
            "2": {"name": "redemption.api_key", "conditions": {"$starts_with": ["shop-"]}},
        })
        shop = Channel("shop-app", ChannelType.API)
        kiosk = Channel("kiosk", ChannelType.API)
        # when / then
        assert attempt(build, command(build.use("D"), order(10_000), metadata={"source": "app"},
                                      channel=shop)) is None
        assert attempt(build, command(build.use("D"), order(10_000), metadata={"source": "web"},
                                      channel=shop)) == "redemption_rules_violated"
        assert attempt(build, command(build.use("D"), order(10_000), metadata={"source": "app"},
                                      channel=kiosk)) == "redemption_rules_violated"

    def test_only_the_linked_customer_may_redeem(self, build: Build):
        """publication.redeemable_by_linked_customer: a voucher without holder fails it."""
        # given
        build.discount_voucher("D", amount_off=100)
        _card, reward = build.loyalty_card("CARD", 1_000)
        rules = {"1": {"name": "publication.redeemable_by_linked_customer",
                       "conditions": {"$is": [True]}}}
        govern(build, AssignedKind.VOUCHER, "D", rules)
        govern(build, AssignedKind.VOUCHER, "CARD", rules)
        # when / then
        assert attempt(build, command(build.use("D"), order(10_000), customer="alice")) == (
            "redemption_rules_violated")
        assert attempt(build, command(build.use_points("CARD", reward, 10), order(10_000),
                                      customer="alice")) is None


class TestRuleSetSemantics:
    def test_logic_picks_the_rule_to_blame_and_its_message(self, build: Build):
        """`1 or (2 and 3)`: with 1 false and 3 false the blame is rule 1 (lowest whose flip
        makes the logic true) and its group decides the key."""
        # given
        build.discount_voucher("D", amount_off=100)
        govern(build, AssignedKind.VOUCHER, "D", {
            "1": {"name": "customer.metadata", "property": "vip", "conditions": {"$is": [True]},
                  "error": {"message": "VIPs only"}},
            "2": {"name": "order.amount", "conditions": {"$more_than": [0]}},
            "3": {"name": "order.amount", "conditions": {"$more_than": [50_000]},
                  "error": {"message": "Big carts only"}},
            "logic": "1 or (2 and 3)",
        })
        # when
        result = build.ledger.validate(command(build.use("D"), order(10_000), customer="ann"))
        # then
        error = result.redeemables[0].error
        assert (error.code, error.message) == ("customer_rules_violated", "VIPs only")
        assert attempt(build, command(build.use("D"), order(60_000), customer="ann")) is None

    def test_without_a_message_the_rule_sets_message_then_the_generic_one(self, build: Build):
        """The rule's error.message, else the set's, else the class's text."""
        # given
        build.discount_voucher("D", amount_off=100)
        build.discount_voucher("E", amount_off=100)
        bare = {"1": {"name": "order.amount", "conditions": {"$more_than": [50_000]}}}
        made = build.ledger.create_validation_rule(
            ValidationRuleInput(name="set", rules=bare, error_message="Set message"))
        build.ledger.assign_validation_rule(made.id, AssignedKind.VOUCHER, "D")
        govern(build, AssignedKind.VOUCHER, "E", bare)
        # when
        with_set = build.ledger.validate(command(build.use("D"), order(10_000)))
        generic = build.ledger.validate(command(build.use("E"), order(10_000)))
        # then
        assert with_set.redeemables[0].error.message == "Set message"
        assert generic.redeemables[0].error.message == "order does not match validation rules"

    def test_a_campaigns_rules_govern_its_vouchers_and_tiers(self, build: Build):
        """A rule set assigned to the campaign applies to each of its tiers."""
        # given
        tier = build.tier(amount_off=100)
        govern(build, AssignedKind.CAMPAIGN, tier.campaign_id,
               rule("order.amount", {"$more_than": [20_000]}))
        # when / then
        assert attempt(build, command(build.use_tier(tier), order(10_000))) == (
            "order_rules_violated")

    def test_deleting_a_rule_set_lifts_it(self, build: Build):
        """Delete removes the set and its assignments."""
        # given
        build.discount_voucher("D", amount_off=100)
        made = govern(build, AssignedKind.VOUCHER, "D", rule("order.amount", {"$more_than": [1]}))
        assert attempt(build, command(build.use("D"), order(1))) == "order_rules_violated"
        # when
        build.ledger.delete_validation_rule(made)
        # then
        assert attempt(build, command(build.use("D"), order(1))) is None
        assert build.ledger.validation_rule_assignments  # the method exists
        with pytest.raises(errors.ResourceNotFound):
            build.ledger.get_validation_rule(made)

    def test_rules_come_after_quantity_and_before_balances(self, build: Build):
        """Order of checks: quantity_exceeded beats a failing rule; a failing rule beats
        gift_amount_exceeded."""
        # given
        build.discount_voucher("Q0", amount_off=100, quantity=1)
        build.ledger.redeem(command(build.use("Q0"), order(10_000)))
        build.gift_card("G", 100)
        failing = rule("order.amount", {"$more_than": [50_000]})
        govern(build, AssignedKind.VOUCHER, "Q0", failing)
        govern(build, AssignedKind.VOUCHER, "G", failing)
        # when / then
        assert attempt(build, command(build.use("Q0"), order(10_000))) == "quantity_exceeded"
        assert attempt(build, command(build.use_gift("G", 500), order(10_000))) == (
            "order_rules_violated")

    def test_each_child_of_a_stack_sees_the_amount_at_its_turn(self, build: Build):
        """order.amount is the amount after the earlier children: 10,000 then 9,000."""
        # given
        build.discount_voucher("FIRST", amount_off=1_000)
        build.discount_voucher("SECOND", amount_off=100)
        govern(build, AssignedKind.VOUCHER, "SECOND",
               rule("order.amount", {"$more_than_or_equal": [9_500]}))
        stack = RedeemCommand(redeemables=(build.use("FIRST"), build.use("SECOND")),
                              order=order(10_000))
        alone = RedeemCommand(redeemables=(build.use("SECOND"),), order=order(10_000))
        # when / then
        assert attempt(build, stack) == "order_rules_violated"
        assert attempt(build, alone) is None

    def test_a_reward_is_governed_by_its_own_rules(self, build: Build):
        """The loyalty member reward redemption checks the reward's rule sets."""
        from redemption_core.domain.use_cases.commands import MemberRedemptionCommand
        # given
        _card, reward = build.loyalty_card("CARD", 1_000)
        govern(build, AssignedKind.REWARD, reward.id,
               rule("order.amount", {"$more_than": [50_000]}))
        # when
        with pytest.raises(errors.OrderRulesViolated) as refused:
            build.ledger.redeem_reward(MemberRedemptionCommand(
                member_id="CARD", reward_id=reward.id, points=10, order=order(10_000)))
        # then
        assert refused.value.message == MESSAGE
        assert refused.value.resource_id.startswith("rf_")

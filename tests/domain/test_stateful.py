"""The ledger's invariants over random sequences of redemptions and rollbacks (STYLE P8).

Goal: whatever sequence of requests arrives, the ledger's books stay exact. After every step:
- no gift or loyalty balance is below 0, and `redeemed_quantity <= quantity`;
- for every gift card `initial = balance + credits of live (SUCCEEDED) redemptions`, and the
  same with points for every loyalty card; equivalently `initial = balance + applied -
  restored` over all redemption and rollback records;
- `redeemed_quantity` (and a tier's `total_redeemed`) is the number of live redemptions;
- a rolled-back redemption has exactly one successful rollback: a second attempt fails with
  `already_rolled_back`, records an `rrf_`, and changes nothing;
- a failed attempt (`rf_`/`rrf_`, or a refused request) changes no balance, quantity, tier
  summary or order; every order total is >= 0.
Method: a Hypothesis `RuleBasedStateMachine` over one world (gift cards, loyalty cards paying
with points at two rates, AMOUNT/PERCENT/FIXED vouchers with quantity limits, promotion
tiers; order-level and items effects) with random stacking settings. It redeems single and
stacked requests of 2-4 items against new orders (with or without items) or reused ones, and
rolls back random known ids (parents, children, failed ones, rolled-back ones, unknown ones)
on both endpoints. Size: the Hypothesis profile's `max_examples` and `stateful_step_count`
(see tests/conftest.py: `FAST=1`, `CI=true`, `HYPOTHESIS_PROFILE`).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from redemption_core import (
    OrderInput,
    OrderItemInput,
    RedeemableInput,
    RedeemableKind,
    Redemption,
    RedemptionRollback,
    RedemptionStatus,
    Result,
    RewardAssignmentInput,
    RollbackCommand,
    errors,
)
from redemption_core.domain.model.campaign import PromotionTier
from redemption_core.domain.model.order import Order
from redemption_core.domain.model.redemption_rollback import RollbackStatus

GIFTS = {"G1": 5000, "G2": 1200, "G-ITEMS": 1500}
CARDS = {"L1": 2000, "L2": 300}
DISCOUNTS = ("D-AMOUNT", "D-PERCENT", "D-FIXED", "D-FREE", "D-ITEMS")
TIERS = ("T-AMOUNT", "T-PERCENT")

ITEMS = st.one_of(
    st.tuples(st.just("gift"), st.sampled_from(sorted(GIFTS)),
              st.none() | st.integers(1, 6000)),
    st.tuples(st.just("points"), st.sampled_from(sorted(CARDS)), st.sampled_from([0, 1]),
              st.none() | st.integers(1, 2500)),
    st.tuples(st.just("voucher"), st.sampled_from((*DISCOUNTS, "UNKNOWN"))),
    st.tuples(st.just("tier"), st.sampled_from(TIERS)),
)
ORDERS = st.one_of(
    st.just(("none",)),
    st.tuples(st.just("new"), st.integers(0, 20000)),
    st.tuples(st.just("items"), st.lists(st.integers(0, 5000), min_size=1, max_size=3)),
    st.tuples(st.just("pooled"), st.sampled_from(["o-1", "o-2"]), st.integers(0, 20000)),
)
CUSTOMERS = st.sampled_from(["alice", "alice", "bob", None])


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self, new_build: Any) -> None:
        super().__init__()
        self.new_build = new_build
        self.build: Any = None
        self.tiers: dict[str, str] = {}
        self.rewards: list[Any] = []
        self.pooled: set[str] = set()

    # -- the world ------------------------------------------------------------------------

    @initialize(
        mode=st.sampled_from(["ALL", "PARTIAL"]),
        order_mode=st.sampled_from(["WITH_ORDER", "WITHOUT_ORDER"]),
        no_effect=st.sampled_from(["REDEEM_ANYWAY", "SKIP"]),
    )
    def world(self, mode: str, order_mode: str, no_effect: str) -> None:
        build = self.new_build(
            redeemables_application_mode=mode,
            redeemables_rollback_order_mode=order_mode,
            redeemables_no_effect_rule=no_effect,
        )
        build.gift_card("G1", GIFTS["G1"])
        build.gift_card("G2", GIFTS["G2"])
        build.gift_card("G-ITEMS", GIFTS["G-ITEMS"], gift_effect="APPLY_TO_ITEMS")
        one_to_one = None
        for code, points in CARDS.items():
            card, one_to_one = build.loyalty_card(code, points, holder="alice")
        dear = build.coin_reward(exchange_ratio=20, points_ratio=100)
        build.ledger.assign_rewards(card.campaign_id, [RewardAssignmentInput(reward=dear.id)])
        self.rewards = [one_to_one, dear]
        build.discount_voucher("D-AMOUNT", amount_off=1500, quantity=3)
        build.discount_voucher("D-PERCENT", "PERCENT", percent_off=15, amount_limit=2000,
                               quantity=2)
        build.discount_voucher("D-FIXED", "FIXED", fixed_amount=4000, quantity=1)
        build.discount_voucher("D-FREE", amount_off=500)
        build.discount_voucher("D-ITEMS", amount_off=300, effect="APPLY_TO_ITEMS")
        self.tiers = {
            "T-AMOUNT": build.tier("T-AMOUNT", amount_off=800).id,
            "T-PERCENT": build.tier("T-PERCENT", discount_type="PERCENT", percent_off=10).id,
        }
        self.build = build

    def _redeemable(self, item: tuple[Any, ...]) -> RedeemableInput:
        kind = item[0]
        if kind == "gift":
            return self.build.use_gift(item[1], item[2])
        if kind == "points":
            return self.build.use_points(item[1], self.rewards[item[2]], item[3])
        if kind == "tier":
            return RedeemableInput(object=RedeemableKind.PROMOTION_TIER, id=self.tiers[item[1]])
        return self.build.use(item[1])

    def _order(self, spec: tuple[Any, ...]) -> OrderInput | None:
        if spec[0] == "new":
            return OrderInput(amount=spec[1])
        if spec[0] == "items":
            return OrderInput(items=tuple(OrderItemInput(amount=cents) for cents in spec[1]))
        if spec[0] == "pooled":
            if spec[1] in self.pooled:
                return OrderInput(source_id=spec[1])
            return OrderInput(source_id=spec[1], amount=spec[2])
        return None

    # -- what the books look like ---------------------------------------------------------

    def books(self) -> dict[str, Any]:
        """Every balance, counter, tier summary and order, to compare before and after."""
        vouchers = {}
        for code in (*GIFTS, *CARDS, *DISCOUNTS):
            voucher = self.build.voucher(code)
            vouchers[code] = (voucher.gift, voucher.loyalty_card, voucher.redeemed_quantity,
                              voucher.redeemed_amount, voucher.redeemed_points)
        tiers = {
            name: attrs_of(self.build.stored(PromotionTier, tier_id),
                           "total_redeemed", "orders_total_amount",
                           "orders_total_discount_amount")
            for name, tier_id in self.tiers.items()
        }
        orders = {
            order.id: (order.status, order.discount_amount, order.items,
                       tuple((entry.redemption_id, entry.rollback_id)
                             for entry in order.redemptions))
            for order in self.build.records(Order)
        }
        return {"vouchers": vouchers, "tiers": tiers, "orders": orders}

    def _redeem(self, items: list[tuple[Any, ...]], order: tuple[Any, ...],
                customer: str | None) -> None:
        before = self.books()
        records_before = len(self.build.records(Redemption))
        order_input = self._order(order)
        try:
            self.build.redeem(*(self._redeemable(item) for item in items), order=order_input,
                              customer=customer)
        except errors.RedemptionError as error:
            # then: a refused request changes nothing but its own record
            assert self.books() == before
            recorded = 1 if error.resource_id and error.resource_id.startswith("rf_") else 0
            assert len(self.build.records(Redemption)) == records_before + recorded
            return
        if order_input is not None and order_input.source_id is not None:
            self.pooled.add(order_input.source_id)

    # -- the rules --------------------------------------------------------------------------

    @precondition(lambda self: self.build is not None)
    @rule(item=ITEMS, order=ORDERS, customer=CUSTOMERS)
    def redeem_one(self, item: tuple[Any, ...], order: tuple[Any, ...],
                   customer: str | None) -> None:
        self._redeem([item], order, customer)

    @precondition(lambda self: self.build is not None)
    @rule(items=st.lists(ITEMS, min_size=2, max_size=4, unique_by=lambda item: item[1]),
          order=ORDERS, customer=CUSTOMERS)
    def redeem_stack(self, items: list[tuple[Any, ...]], order: tuple[Any, ...],
                     customer: str | None) -> None:
        self._redeem(items, order, customer)

    @precondition(lambda self: self.build is not None and self.build.records(Redemption))
    @rule(stacked=st.booleans(), data=st.data())
    def roll_back(self, stacked: bool, data: st.DataObject) -> None:
        target_id = self._pick_target(data)
        expected = self._expected_refusal(target_id, stacked)
        before = self.books()
        rollbacks_before = len(self.build.records(RedemptionRollback))
        command = RollbackCommand(redemption_id=target_id, reason="stateful")
        try:
            if stacked:
                self.build.ledger.rollback_stack(command)
            else:
                self.build.ledger.rollback(command)
        except errors.RedemptionError as error:
            # then: the documented refusal, and nothing changed but its own record
            assert error.code == expected
            assert self.books() == before
            recorded = 1 if error.code == "already_rolled_back" else 0
            assert len(self.build.records(RedemptionRollback)) == rollbacks_before + recorded
            return
        assert expected is None
        assert self.build.ledger.get_redemption(target_id).status is RedemptionStatus.ROLLED_BACK

    def _pick_target(self, data: st.DataObject) -> str:
        """Mostly a redemption that can be undone, else any known id, rarely an unknown one."""
        records = self.build.records(Redemption)
        undoable = [r.id for r in records
                    if r.status is RedemptionStatus.SUCCEEDED and not r.is_child]
        pool = data.draw(st.sampled_from(["undoable", "undoable", "known", "unknown"]))
        if pool == "undoable" and undoable:
            return data.draw(st.sampled_from(undoable))
        if pool != "unknown" and records:
            return data.draw(st.sampled_from([r.id for r in records]))
        return "r_000000000000fffff0"

    def _expected_refusal(self, target_id: str, stacked: bool) -> str | None:
        try:
            target = self.build.ledger.get_redemption(target_id)
        except errors.ResourceNotFound:
            return "not_found"
        if target.result is Result.FAILURE:
            return "invalid_redemption"
        if target.is_child:
            return "invalid_redemption_parent"
        if target.is_parent and not stacked:
            return "invalid_redemption"
        if target.status is RedemptionStatus.ROLLED_BACK:
            return "already_rolled_back"
        return None

    # -- the invariants ---------------------------------------------------------------------

    @invariant()
    def balances_are_never_negative_and_quantities_never_exceeded(self) -> None:
        if self.build is None:
            return
        for code in (*GIFTS, *CARDS, *DISCOUNTS):
            voucher = self.build.voucher(code)
            if voucher.gift is not None:
                assert voucher.gift.balance >= 0
            if voucher.loyalty_card is not None:
                assert voucher.loyalty_card.balance >= 0
            if voucher.quantity is not None:
                assert voucher.redeemed_quantity <= voucher.quantity

    @invariant()
    def every_card_balances_its_books(self) -> None:
        if self.build is None:
            return
        redemptions = [r for r in self.build.records(Redemption) if not r.is_parent]
        rollbacks = [r for r in self.build.records(RedemptionRollback)
                     if r.status is RollbackStatus.SUCCEEDED]
        for code, initial in (*GIFTS.items(), *CARDS.items()):
            voucher = self.build.voucher(code)
            balance = voucher.gift.balance if voucher.gift else voucher.loyalty_card.balance
            mine = [r for r in redemptions if r.voucher is not None and r.voucher.id == voucher.id]
            live = [r for r in mine if r.status is RedemptionStatus.SUCCEEDED]
            applied = [r for r in mine if r.result is Result.SUCCESS]
            restored = [r for r in rollbacks
                        if r.voucher is not None and r.voucher.id == voucher.id]
            spent = sum(r.credits + r.points for r in live)
            assert initial == balance + spent
            assert initial == balance + sum(r.credits + r.points for r in applied) - sum(
                r.credits + r.points for r in restored)

    @invariant()
    def uses_are_the_live_redemptions(self) -> None:
        if self.build is None:
            return
        live = [r for r in self.build.records(Redemption)
                if r.status is RedemptionStatus.SUCCEEDED and not r.is_parent]
        for code in (*GIFTS, *CARDS, *DISCOUNTS):
            voucher = self.build.voucher(code)
            uses = [r for r in live if r.voucher is not None and r.voucher.id == voucher.id]
            assert voucher.redeemed_quantity == len(uses)
        for tier_id in self.tiers.values():
            tier = self.build.stored(PromotionTier, tier_id)
            uses = [r for r in live if r.related_object_id == tier_id]
            assert tier.total_redeemed == len(uses)

    @invariant()
    def a_redemption_is_rolled_back_at_most_once(self) -> None:
        if self.build is None:
            return
        undone: dict[str, int] = {}
        for rollback in self.build.records(RedemptionRollback):
            if rollback.status is RollbackStatus.SUCCEEDED:
                undone[rollback.redemption_id] = undone.get(rollback.redemption_id, 0) + 1
        for redemption in self.build.records(Redemption):
            expected = 1 if redemption.status is RedemptionStatus.ROLLED_BACK else 0
            assert undone.get(redemption.id, 0) == expected
            assert len(redemption.rollbacks) == expected

    @invariant()
    def failed_records_carry_no_effect(self) -> None:
        if self.build is None:
            return
        for redemption in self.build.records(Redemption):
            if redemption.result is Result.FAILURE:
                assert redemption.id.startswith("rf_")
                assert (redemption.status, redemption.amount) == (RedemptionStatus.FAILED, None)
                assert redemption.failure_code
        for rollback in self.build.records(RedemptionRollback):
            if rollback.result is Result.FAILURE:
                assert rollback.id.startswith("rrf_")
                assert (rollback.status, rollback.amount) == (RollbackStatus.FAILED, None)

    @invariant()
    def order_totals_are_never_negative(self) -> None:
        if self.build is None:
            return
        for order in self.build.records(Order):
            assert order.total_amount is None or order.total_amount >= 0
            assert order.discount_amount >= 0
            assert all(item.subtotal_amount is None or item.subtotal_amount >= 0
                       for item in order.items)


def attrs_of(entity: Any, *names: str) -> tuple[Any, ...]:
    return tuple(getattr(entity, name) for name in names)


class TestLedgerInvariants:
    def test_the_books_stay_exact_over_random_redemptions_and_rollbacks(self, new_build):
        """Random redeem/rollback sequences never break an invariant of the ledger."""
        # given a fresh world per run (built by the machine's initialize rule)
        # when / then: Hypothesis runs the sequences and checks the invariants after each step
        run_state_machine_as_test(lambda: LedgerMachine(new_build))

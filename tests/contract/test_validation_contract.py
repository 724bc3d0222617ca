"""The store contract for DOMAIN.md 16: session locks and validation rules on every store.

Goal: locks and rule sets are durable entities of the generic port, so a store that passes
this file keeps them across a reopen (a new process on the same data), indexes their live
ones, and tombstones ended ones out of the indexes. Method: the `harness`/`store` fixtures
run each test on memory, SQLite and (when configured) PostgreSQL; the `Ledger` writes,
a reopened store reads.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from redemption_core import (
    Discount,
    DiscountType,
    Ledger,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    SequentialIds,
    SteppingClock,
    VoucherInput,
    VoucherType,
    errors,
)
from redemption_core.domain.ports import Store
from redemption_core.domain.use_cases.sessions import SessionInput, SessionLock, TtlUnit
from redemption_core.domain.use_cases.validation_rules import (
    AssignedKind,
    RuleAssignment,
    ValidationRule,
    ValidationRuleInput,
)
from tests.contract import StoreHarness

NOW = datetime(2026, 3, 1, tzinfo=UTC)
RULES = {
    "1": {"name": "order.amount", "conditions": {"$more_than_or_equal": [5_000]},
          "error": {"message": "Spend 50 or more"}},
    "2": {"name": "order.items.any", "conditions": {"$is": [{"id": "p1", "object": "product"}]},
          "rules": {"1": {"name": "product.quantity", "conditions": {"$more_than": [0]}}}},
    "logic": "1 or 2",
}


def ledger_on(store: Store, clock: SteppingClock | None = None) -> Ledger:
    return Ledger(store, clock=clock or SteppingClock(NOW), ids=SequentialIds())


def seed(ledger: Ledger) -> None:
    ledger.create_voucher(VoucherInput(code="Q1", quantity=1, discount=Discount(
        type=DiscountType.AMOUNT, amount_off=100)))
    ledger.create_voucher(VoucherInput(code="G", type=VoucherType.GIFT_VOUCHER,
                                       gift_amount=5_000))


def use(code: str, credits: int | None = None) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id=code, credits=credits,
                           gift_sent=credits is not None)


def request(*redeemables: RedeemableInput, key: str | None = None,
            ttl: int | None = None) -> RedeemCommand:
    session = SessionInput(key=key, ttl=ttl, ttl_unit=TtlUnit.MINUTES if ttl else None) if (
        key or ttl) else None
    return RedeemCommand(redeemables=redeemables, order=OrderInput(amount=10_000),
                         session=session)


class TestSessionLocksAreDurable:
    def test_a_lock_survives_a_reopen_and_counts_there(self, harness: StoreHarness):
        """A reopened store (another process) sees the lock and its reservation."""
        # given
        ledger = ledger_on(harness.open())
        seed(ledger)
        assert ledger.validate(request(use("Q1"), use("G", 3_000), key="cart")).valid
        # when
        again = ledger_on(harness.reopen())
        # then
        assert again.validate(request(use("Q1"))).error.code == "quantity_exceeded"
        assert again.validate(request(use("G", 2_001))).error.code == "gift_amount_exceeded"
        assert again.validate(request(use("G", 2_000))).valid

    def test_a_lock_is_found_by_voucher_and_by_key_while_live(self, store: Store):
        """The live indexes hold a lock until it ends; its row stays, out of them."""
        # given
        ledger = ledger_on(store)
        seed(ledger)
        ledger.validate(request(use("Q1"), key="cart"))
        voucher = ledger.get_voucher("Q1")
        with store.unit_of_work() as uow:
            live = uow.select(SessionLock, "live_voucher_id", voucher.id, 10)
            by_key = uow.select(SessionLock, "live_key", "cart", 10)
        assert [lock.key for lock in live] == ["cart"] and len(by_key) == 1
        # when
        ledger.release_session("Q1", "cart")
        # then
        with store.unit_of_work() as uow:
            assert uow.select(SessionLock, "live_voucher_id", voucher.id, 10) == []
            ended = uow.find(SessionLock, "voucher_session", f"{voucher.id}/cart")
        assert ended is not None and ended.released_at is not None

    def test_a_redemption_with_the_key_ends_the_lock_durably(self, harness: StoreHarness):
        """Consumed by the redemption: after a reopen the use is redeemed, no lock is left."""
        # given
        ledger = ledger_on(harness.open())
        seed(ledger)
        ledger.validate(request(use("Q1"), key="cart"))
        # when
        ledger.redeem(request(use("Q1"), key="cart"))
        # then
        again = ledger_on(harness.reopen())
        with pytest.raises(errors.ResourceNotFound):
            again.release_session("Q1", "cart")
        assert again.get_voucher("Q1").redeemed_quantity == 1

    def test_the_redemptions_that_used_the_lock_name_it_after_a_reopen(
        self, harness: StoreHarness
    ):
        """`session.key` is kept on the records that used the lock, the stack's parent too;
        a voucher of the stack without a lock under that key says nothing."""
        # given a lock on Q1 only
        ledger = ledger_on(harness.open())
        seed(ledger)
        ledger.validate(request(use("Q1"), key="cart"))
        # when Q1 and the gift card are redeemed with the session, under an idempotency key
        paid = request(use("Q1"), use("G", 1_000), key="cart")
        done = ledger.redeem(paid, idempotency_key="pay-1")
        # then a reopened store reads the key on Q1's child and the parent only
        again = ledger_on(harness.reopen())
        q1, gift = (again.get_redemption(child.id) for child in done.redemptions)
        assert done.parent is not None
        parent = again.get_redemption(done.parent.id)
        assert (q1.session_key, gift.session_key, parent.session_key) == ("cart", None, "cart")
        # and a retry with the key answers the first outcome, session included
        replayed = again.redeem(paid, idempotency_key="pay-1")
        assert [child.session_key for child in replayed.redemptions] == ["cart", None]
        assert replayed.parent is not None and replayed.parent.session_key == "cart"

    def test_an_expired_lock_counts_for_nothing_on_every_store(self, harness: StoreHarness):
        """Expiry is the Ledger's clock, read back from any store."""
        # given
        clock = SteppingClock(NOW)
        ledger = ledger_on(harness.open(), clock)
        seed(ledger)
        ledger.validate(request(use("Q1"), key="short", ttl=5))
        # when
        clock.advance(timedelta(minutes=5))
        # then
        assert ledger_on(harness.reopen(), clock).validate(request(use("Q1"), key="next")).valid


class TestValidationRulesAreDurable:
    def test_a_rule_set_and_its_assignment_read_back_and_are_enforced(self,
                                                                      harness: StoreHarness):
        """Stored rules are parsed again on read and still decide."""
        # given
        ledger = ledger_on(harness.open())
        seed(ledger)
        made = ledger.create_validation_rule(ValidationRuleInput(name="min", rules=RULES))
        ledger.assign_validation_rule(made.id, AssignedKind.VOUCHER, "Q1")
        # when
        again = ledger_on(harness.reopen())
        # then
        assert again.get_validation_rule(made.id).rules == RULES
        assert [item.rule_id for item in again.validation_rule_assignments(made.id)] == [made.id]
        small = RedeemCommand(redeemables=(use("Q1"),), order=OrderInput(amount=4_999))
        verdict = again.validate(small)
        assert (verdict.error.code, verdict.error.message) == ("order_rules_violated",
                                                               "Spend 50 or more")

    def test_a_deleted_rule_set_leaves_the_list_and_its_assignments(self, store: Store):
        """Tombstones drop out of the `listed` and `live_*` indexes."""
        # given
        ledger = ledger_on(store)
        seed(ledger)
        kept = ledger.create_validation_rule(ValidationRuleInput(name="kept", rules=RULES))
        gone = ledger.create_validation_rule(ValidationRuleInput(name="gone", rules=RULES))
        ledger.assign_validation_rule(gone.id, AssignedKind.VOUCHER, "Q1")
        # when
        ledger.delete_validation_rule(gone.id)
        # then
        page, total = ledger.list_validation_rules(10, 1)
        assert [rule.id for rule in page] == [kept.id] and total == 1
        with store.unit_of_work() as uow:
            assert uow.select(RuleAssignment, "live_rule_id", gone.id, 10) == []
            assert uow.get(ValidationRule, gone.id).deleted

    def test_a_refused_rule_set_stores_nothing_on_any_store(self, store: Store):
        """Bad input is refused the same way everywhere and changes nothing."""
        # given
        ledger = ledger_on(store)
        bad = {"1": {"name": "order.amount", "conditions": {"$timeframe": [1]}}}
        # when
        with pytest.raises(errors.InvalidValidationRules) as refused:
            ledger.create_validation_rule(ValidationRuleInput(name="bad", rules=bad))
        # then
        assert refused.value.field == "$.rules.1.conditions.$timeframe"
        assert ledger.list_validation_rules(10, 1) == ([], 0)

"""Voucher transactions and the catalog lifecycle on every store (DOMAIN.md 17).

The card identity `initial amount + sum(transaction amounts) = balance` is checked after
every step of random sequences of redemptions, rollbacks and balance adjustments, on each
store of the contract suite (the PostgreSQL slot included when it runs), and again after
the store is reopened. The contract cases then pin down the lifecycle's store behaviour:
tombstones survive a reopen, sequences page the same way everywhere.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redemption_core.domain.model import errors
from redemption_core.domain.model.voucher import VoucherType
from redemption_core.domain.ports import Store
from redemption_core.domain.ports.clock import SteppingClock
from redemption_core.domain.ports.ids import SequentialIds
from redemption_core.domain.use_cases.catalog_commands import BalanceAdjustment, ListQuery
from redemption_core.domain.use_cases.commands import (
    CustomerInput,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RollbackCommand,
    VoucherInput,
)
from redemption_core.domain.use_cases.ledger import Ledger
from tests.contract import T0, StoreHarness

_CARDS = itertools.count()

Step = tuple[str, int]
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("redeem"), st.integers(1, 4000)),
        st.tuples(st.just("rollback"), st.integers(0, 20)),
        st.tuples(st.just("adjust"), st.integers(-3000, 3000)),
    ),
    min_size=1,
    max_size=12,
)


_IDS = SequentialIds()
"""One id sequence for the whole module: hypothesis examples share a store per test."""


def ledger_on(store: Store) -> Ledger:
    return Ledger(store, clock=SteppingClock(T0, timedelta(milliseconds=1)), ids=_IDS)


def balance_of(ledger: Ledger, code: str) -> int:
    gift = ledger.get_voucher(code).gift
    assert gift is not None
    return gift.balance


def transaction_sum(ledger: Ledger, code: str) -> int:
    """The sum of every transaction of the card, read page by page with the cursor."""
    total, cursor = 0, None
    while True:
        _, page = ledger.voucher_transactions(code, 3, True, cursor)
        total += sum(item.amount for item in page.transactions)
        if not page.has_more:
            return total
        cursor = page.transactions[-1].id


def apply(ledger: Ledger, code: str, step: Step, redeemed: list[str]) -> None:
    """One step; a refused one (insufficient balance, a second rollback) changes nothing."""
    kind, value = step
    try:
        if kind == "redeem":
            redeemable = RedeemableInput(object=RedeemableKind.VOUCHER, id=code, credits=value)
            command = RedeemCommand(redeemables=(redeemable,), order=OrderInput(amount=value))
            redeemed.append(ledger.redeem(command).redemptions[0].id)
        elif kind == "rollback" and redeemed:
            ledger.rollback(RollbackCommand(redemption_id=redeemed[value % len(redeemed)]))
        elif kind == "adjust" and value != 0:
            ledger.adjust_balance(code, BalanceAdjustment(amount=value))
    except errors.RedemptionError:
        pass


class TestTheCardIdentity:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(initial=st.integers(0, 5000), steps=STEPS)
    def test_initial_plus_transactions_is_the_balance_at_every_step(
        self, harness: StoreHarness, initial: int, steps: list[Step]
    ) -> None:
        """initial + sum(transactions) = balance after every redemption, rollback and
        adjustment, refused ones included, and after the store is reopened."""
        # given a fresh gift card on this store
        code = f"CARD-{next(_CARDS)}"
        store = harness.open()
        ledger = ledger_on(store)
        ledger.create_voucher(
            VoucherInput(type=VoucherType.GIFT_VOUCHER, gift_amount=initial), code
        )
        redeemed: list[str] = []
        for step in steps:
            # when a step is applied
            apply(ledger, code, step, redeemed)
            # then the identity holds
            assert initial + transaction_sum(ledger, code) == balance_of(ledger, code)
        harness.release(store)
        store = harness.reopen()
        reopened = ledger_on(store)
        assert initial + transaction_sum(reopened, code) == balance_of(reopened, code)
        harness.release(store)


class TestLifecycleOnEveryStore:
    def test_transactions_page_newest_first_after_a_reopen(self, harness: StoreHarness) -> None:
        """Positions and the cursor are stored, not kept in memory."""
        ledger = ledger_on(harness.open())
        ledger.create_voucher(VoucherInput(type=VoucherType.GIFT_VOUCHER, gift_amount=0), "G")
        for amount in (10, 20, 30):
            ledger.adjust_balance("G", BalanceAdjustment(amount=amount))
        reopened = ledger_on(harness.reopen())
        _, first = reopened.voucher_transactions("G", 2)
        _, rest = reopened.voucher_transactions("G", 2, True, first.transactions[-1].id)
        assert [item.amount for item in first.transactions] == [30, 20]
        assert first.has_more
        assert [item.amount for item in rest.transactions] == [10]
        assert not rest.has_more

    def test_a_tombstone_survives_a_reopen_and_keeps_its_code(
        self, harness: StoreHarness
    ) -> None:
        """A deleted voucher stays deleted, its code taken until a forced delete."""
        ledger = ledger_on(harness.open())
        ledger.create_voucher(VoucherInput(type=VoucherType.GIFT_VOUCHER, gift_amount=5), "T")
        ledger.delete_voucher("T")
        reopened = ledger_on(harness.reopen())
        with pytest.raises(errors.ResourceNotFound):
            reopened.get_voucher("T")
        with pytest.raises(errors.DuplicateFound):
            reopened.create_voucher(VoucherInput(discount=None), "T")
        assert reopened.list_vouchers(ListQuery()).total == 0

    def test_a_refused_adjustment_writes_nothing(self, store: Store) -> None:
        """Below zero: 400 naming `amount`, and no transaction, no event."""
        ledger = ledger_on(store)
        ledger.create_voucher(VoucherInput(type=VoucherType.GIFT_VOUCHER, gift_amount=5), "R")
        position = len(ledger.events_after(0, 1000))
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.adjust_balance("R", BalanceAdjustment(amount=-6))
        assert raised.value.field == "amount"
        assert ledger.voucher_transactions("R")[1].transactions == ()
        assert len(ledger.events_after(0, 1000)) == position
        assert balance_of(ledger, "R") == 5

    def test_customers_list_newest_first_and_skip_tombstones(self, store: Store) -> None:
        """Customers created directly and by a redemption share one list."""
        ledger = ledger_on(store)
        ledger.create_customer(CustomerInput(source_id="a"))
        ledger.create_voucher(VoucherInput(type=VoucherType.GIFT_VOUCHER, gift_amount=5), "C")
        redeemable = RedeemableInput(object=RedeemableKind.VOUCHER, id="C", credits=1)
        ledger.redeem(
            RedeemCommand(
                redeemables=(redeemable,),
                order=OrderInput(amount=1),
                customer=CustomerInput(source_id="b"),
            )
        )
        ledger.create_customer(CustomerInput(source_id="c"))
        ledger.delete_customer("c")
        found = ledger.list_customers(ListQuery())
        assert [item.source_id for item in found.items] == ["b", "a"]
        assert found.total == 2

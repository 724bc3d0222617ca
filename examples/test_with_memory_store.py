"""How to use redemption-core's MemoryStore as the fake in your own service's tests.

The memory store follows the same rules as the SQLite store (one contract suite proves it),
so a test that passes here exercises the real redemption rules, not a mock.
"""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from redemption_core import (
    Ledger,
    MemoryStore,
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


@pytest.fixture
def ledger() -> Iterator[Ledger]:
    """A fresh ledger per test, with a fixed clock and predictable ids."""
    store = MemoryStore()
    yield Ledger(store, clock=SteppingClock(datetime(2026, 1, 1, tzinfo=UTC)), ids=SequentialIds())
    store.close()


def checkout(ledger: Ledger, gift_code: str, credits: int, order_amount: int) -> int:
    """The code under test: pay part of an order with a gift card, return what is left to pay."""
    result = ledger.redeem(
        RedeemCommand(
            redeemables=(
                RedeemableInput(object=RedeemableKind.VOUCHER, id=gift_code, credits=credits),
            ),
            order=OrderInput(amount=order_amount),
        )
    )
    total = result.order.total_amount if result.order else None
    return order_amount if total is None else total


def test_a_gift_card_pays_part_of_the_order(ledger: Ledger) -> None:
    """Given a 5 000 gift card, when paying 2 000 of a 10 000 order, 8 000 is left to pay."""
    ledger.create_voucher(
        VoucherInput(code="GIFT-A", type=VoucherType.GIFT_VOUCHER, gift_amount=5000)
    )
    assert checkout(ledger, "GIFT-A", 2000, 10000) == 8000
    gift = ledger.get_voucher("GIFT-A").gift
    assert gift is not None
    assert gift.balance == 3000


def test_an_overdrawn_gift_card_is_refused(ledger: Ledger) -> None:
    """Given a 1 000 gift card, when asking for 2 000, the checkout fails and nothing is spent."""
    ledger.create_voucher(
        VoucherInput(code="GIFT-B", type=VoucherType.GIFT_VOUCHER, gift_amount=1000)
    )
    with pytest.raises(errors.GiftAmountExceeded) as refused:
        checkout(ledger, "GIFT-B", 2000, 10000)
    assert refused.value.resource_id is not None
    assert refused.value.resource_id.startswith("rf_")
    gift = ledger.get_voucher("GIFT-B").gift
    assert gift is not None
    assert gift.balance == 1000

"""A keyed redemption is remembered by reference, and replays exactly, on every store.

Goal: the idempotency record of a redemption names its records instead of copying them
(records of facts, issue 9), and a retry still gets the first result, field for field,
even after the records were rolled back (which changes their status, rollbacks,
metadata and version). Method: the `Ledger` on each store of the contract `harness`;
the first result and the replay are compared whole, and the stored key is read back
through a reopened store.
"""

from __future__ import annotations

from redemption_core import (
    Ledger,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RollbackCommand,
    VoucherInput,
    VoucherType,
)
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.use_cases.idempotency import IdempotencyRecord
from tests.contract import StoreHarness


def _ledger(harness: StoreHarness) -> Ledger:
    ledger = Ledger(harness.open())
    ledger.create_voucher(VoucherInput(code="GIFT", type=VoucherType.GIFT_VOUCHER,
                                       gift_amount=5_000))
    ledger.create_voucher(VoucherInput(code="OFF",
                                       discount=Discount(type=DiscountType.AMOUNT,
                                                         amount_off=100)))
    return ledger


def _command(*codes: str) -> RedeemCommand:
    return RedeemCommand(
        redeemables=tuple(
            RedeemableInput(object=RedeemableKind.VOUCHER, id=code, credits=700, gift_sent=True)
            if code == "GIFT" else RedeemableInput(object=RedeemableKind.VOUCHER, id=code)
            for code in codes
        ),
        order=OrderInput(source_id="o-1", amount=9_000),
        metadata={"note": "first", "kept": 1},
    )


class TestRedeemReplayedByReference:
    def test_the_stored_key_names_the_records_instead_of_copying_them(self, harness):
        """The idempotency record holds the ids, not the redemptions."""
        # given
        ledger = _ledger(harness)
        # when
        first = ledger.redeem(_command("GIFT"), idempotency_key="k-1")
        # then
        with harness.reopen().unit_of_work() as uow:
            record_id = f"redeem:{ledger.settings.channel.channel_id}:k-1"
            stored = uow.get(IdempotencyRecord, record_id)
        assert stored is not None
        assert stored.redeem_result is None
        assert stored.redeem_reference is not None
        assert stored.redeem_reference.redemption_ids == (first.redemptions[0].id,)

    def test_a_single_redemption_rolled_back_replays_as_first_returned(self, harness):
        """Redeem, roll back with other metadata, retry: the first result, whole."""
        # given
        ledger = _ledger(harness)
        first = ledger.redeem(_command("GIFT"), idempotency_key="k-2")
        ledger.rollback(RollbackCommand(redemption_id=first.redemptions[0].id,
                                        metadata={"note": "rolled back"}))
        # when
        again = Ledger(harness.reopen()).redeem(_command("GIFT"), idempotency_key="k-2")
        # then
        assert again == first

    def test_a_stack_rolled_back_replays_as_first_returned(self, harness):
        """A stack of two, rolled back whole: the retry is the first parent and children."""
        # given
        ledger = _ledger(harness)
        first = ledger.redeem(_command("OFF", "GIFT"), idempotency_key="k-3")
        assert first.parent is not None
        ledger.rollback_stack(RollbackCommand(redemption_id=first.parent.id,
                                              metadata={"kept": 2}))
        # when
        again = Ledger(harness.reopen()).redeem(_command("OFF", "GIFT"), idempotency_key="k-3")
        # then
        assert again == first

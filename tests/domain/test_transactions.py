"""Voucher transactions in the domain (DOMAIN.md 17.2): the type and sign of a movement come
from what moved, and a transaction whose sign contradicts its type cannot be built.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from redemption_core.domain.model.rules import FieldError
from redemption_core.domain.model.transaction import TransactionType, VoucherTransaction
from redemption_core.domain.model.voucher import GiftCredits, LoyaltyPoints, Voucher, VoucherType
from redemption_core.domain.use_cases.transactions import movement

AT = datetime(2026, 1, 1, tzinfo=UTC)


def gift(balance: int = 1000) -> Voucher:
    return Voucher(
        id="v_1",
        code="G",
        type=VoucherType.GIFT_VOUCHER,
        gift=GiftCredits(amount=balance, balance=balance),
        created_at=AT,
    )


def card(points: int = 100) -> Voucher:
    return Voucher(
        id="v_2",
        code="L",
        type=VoucherType.LOYALTY_CARD,
        loyalty_card=LoyaltyPoints(points=points, balance=points),
        created_at=AT,
    )


class TestTheMovementOfACard:
    def test_a_redemption_spends_and_its_restore_refunds(self) -> None:
        """redeem: CREDITS_REDEMPTION, negative; restore: CREDITS_REFUND, positive."""
        before = gift()
        spent = before.redeem(AT, credits=300)
        assert movement(before, spent) == (TransactionType.CREDITS_REDEMPTION, -300, 700, 1000)
        back = spent.restore(AT, credits=300)
        assert movement(spent, back) == (TransactionType.CREDITS_REFUND, 300, 1000, 1000)

    def test_points_added_are_an_addition(self) -> None:
        before = card()
        after = before.add_points(AT, 50)
        assert movement(before, after) == (TransactionType.POINTS_ADDITION, 50, 150, 150)

    def test_a_use_without_credits_moves_nothing(self) -> None:
        """A discount voucher, or a card redeemed for nothing: no transaction."""
        before = gift()
        assert movement(before, before.redeem(AT)) is None


class TestTheSignRule:
    @pytest.mark.parametrize(
        ("kind", "amount"),
        [
            (TransactionType.CREDITS_REDEMPTION, 5),
            (TransactionType.CREDITS_REFUND, -5),
            (TransactionType.POINTS_REMOVAL, 5),
            (TransactionType.POINTS_ADDITION, 0),
        ],
    )
    def test_a_sign_against_the_type_is_refused(self, kind: TransactionType, amount: int) -> None:
        with pytest.raises(FieldError) as raised:
            VoucherTransaction(
                id="vtx_1",
                voucher_id="v_1",
                type=kind,
                amount=amount,
                balance=0,
                total=0,
                position=1,
                created_at=AT,
            )
        assert raised.value.field == "amount"

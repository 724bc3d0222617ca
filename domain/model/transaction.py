"""Voucher transactions: every movement of gift credits or loyalty points (DOMAIN.md 17.2).

Signs follow 9.6: what a redemption spends is negative, what a rollback gives back or a
top-up adds is positive. So for every card, at every instant,
`initial amount + sum(transaction amounts) = balance`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import ClassVar

import attrs

from . import rules
from .rules import FieldError


class TransactionType(StrEnum):
    CREDITS_REDEMPTION = "CREDITS_REDEMPTION"
    CREDITS_REFUND = "CREDITS_REFUND"
    CREDITS_ADDITION = "CREDITS_ADDITION"
    CREDITS_REMOVAL = "CREDITS_REMOVAL"
    POINTS_REDEMPTION = "POINTS_REDEMPTION"
    POINTS_REFUND = "POINTS_REFUND"
    POINTS_ADDITION = "POINTS_ADDITION"
    POINTS_REMOVAL = "POINTS_REMOVAL"

    @property
    def is_points(self) -> bool:
        return self.value.startswith("POINTS_")


_SPENDING = frozenset(
    {
        TransactionType.CREDITS_REDEMPTION,
        TransactionType.CREDITS_REMOVAL,
        TransactionType.POINTS_REDEMPTION,
        TransactionType.POINTS_REMOVAL,
    }
)


def _signed(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value == 0:
        raise FieldError(attribute.name, "must be a non-zero integer")


@attrs.frozen(kw_only=True)
class VoucherTransaction:
    """One movement on one card, with the balance it left and what caused it."""

    unique_keys: ClassVar[tuple[str, ...]] = ()
    index_keys: ClassVar[tuple[str, ...]] = ()

    id: str = attrs.field(validator=rules.identifier)
    voucher_id: str = attrs.field(validator=rules.identifier)
    campaign_id: str | None = None
    type: TransactionType = attrs.field(validator=rules.kind(TransactionType))
    amount: int = attrs.field(validator=_signed)
    """Signed: negative spends (redemption, removal), positive gives (refund, addition)."""
    balance: int = attrs.field(validator=rules.count)
    """The card's balance after this movement."""
    total: int = attrs.field(validator=rules.count)
    """The card's lifetime credits or points after it (`gift.amount`, `loyalty_card.points`)."""
    position: int = attrs.field(validator=rules.count)
    """1-based place in the card's transaction sequence (list order and cursor)."""
    source_id: str | None = attrs.field(default=None, validator=rules.text)
    source: str | None = attrs.field(default=None, validator=rules.text)
    reason: str | None = attrs.field(default=None, validator=rules.text)
    redemption_id: str | None = None
    rollback_id: str | None = None
    order_id: str | None = None
    order_source_id: str | None = None
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    version: int = 0

    def __attrs_post_init__(self) -> None:
        if (self.type in _SPENDING) != (self.amount < 0):
            raise FieldError("amount", f"has the wrong sign for a {self.type}")

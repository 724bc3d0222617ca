"""Vouchers: discount vouchers, gift cards and loyalty cards (DOMAIN.md 3.5, 15.1).

A voucher guards its balance identities on every construction, so every transition
(which builds the successor through `__init__`, see `rules.evolve`) re-checks them:
- gift: `balance = amount - subtracted_amount - redeemed_amount`, never below 0;
- loyalty: `balance = points - expired_points - subtracted_points - redeemed_points`;
- `redeemed_quantity <= quantity` when a quantity is set.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

import attrs

from . import rules
from .discount import Discount, DiscountEffect
from .rules import FieldError
from .validity import ALWAYS, Validity


class VoucherType(StrEnum):
    DISCOUNT_VOUCHER = "DISCOUNT_VOUCHER"
    GIFT_VOUCHER = "GIFT_VOUCHER"
    LOYALTY_CARD = "LOYALTY_CARD"


@attrs.frozen(kw_only=True)
class GiftCredits:
    """A gift card's money: lifetime `amount` loaded, credits removed by hand, balance."""

    amount: int = attrs.field(validator=rules.money)
    subtracted_amount: int = attrs.field(default=0, validator=rules.money)
    balance: int = attrs.field(validator=rules.money)
    effect: DiscountEffect = attrs.field(
        default=DiscountEffect.APPLY_TO_ORDER, validator=rules.kind(DiscountEffect)
    )

    def __attrs_post_init__(self) -> None:
        if self.effect not in (DiscountEffect.APPLY_TO_ORDER, DiscountEffect.APPLY_TO_ITEMS):
            raise FieldError("gift.effect", "must be one of: APPLY_TO_ITEMS, APPLY_TO_ORDER")


@attrs.frozen(kw_only=True)
class LoyaltyPoints:
    """A loyalty card's points: lifetime `points` earned and the spendable balance."""

    points: int = attrs.field(validator=rules.points)
    balance: int = attrs.field(validator=rules.points)
    expired_points: int = attrs.field(default=0, validator=rules.points)
    subtracted_points: int = attrs.field(default=0, validator=rules.points)
    pending_points: int = attrs.field(default=0, validator=rules.points)


_PAYLOAD_OF_TYPE = (
    (VoucherType.DISCOUNT_VOUCHER, "discount"),
    (VoucherType.GIFT_VOUCHER, "gift"),
    (VoucherType.LOYALTY_CARD, "loyalty_card"),
)


@attrs.frozen(kw_only=True)
class Voucher:
    """A redeemable code with its limits, balances and counters."""

    unique_keys: ClassVar[tuple[str, ...]] = ("code",)
    index_keys: ClassVar[tuple[str, ...]] = ("campaign_id", "holder_id")

    id: str = attrs.field(validator=rules.identifier)
    code: str = attrs.field(validator=rules.identifier)
    type: VoucherType = attrs.field(validator=rules.kind(VoucherType))
    campaign_id: str | None = None
    campaign: str | None = attrs.field(default=None, validator=rules.text)
    category_id: str | None = None
    category: str | None = attrs.field(default=None, validator=rules.text)
    discount: Discount | None = None
    gift: GiftCredits | None = None
    loyalty_card: LoyaltyPoints | None = None
    active: bool = True
    start_date: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    expiration_date: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    validity: Validity = ALWAYS
    quantity: int | None = attrs.field(default=None, validator=rules.count)
    redeemed_quantity: int = attrs.field(default=0, validator=rules.count)
    redeemed_amount: int = attrs.field(default=0, validator=rules.money)
    redeemed_points: int = attrs.field(default=0, validator=rules.points)
    holder_id: str | None = None
    publish_count: int = attrs.field(default=0, validator=rules.count)
    is_referral_code: bool = False
    metadata: Mapping[str, Any] = attrs.field(factory=dict, validator=rules.metadata)
    additional_info: str | None = attrs.field(default=None, validator=rules.text)
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    updated_at: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    deleted_at: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    """Set by a delete: a tombstone, kept so history stays readable (DOMAIN.md 17)."""
    version: int = 0

    def __attrs_post_init__(self) -> None:
        self._check_kind()
        if self.quantity is not None and self.redeemed_quantity > self.quantity:
            raise FieldError("redemption.redeemed_quantity", "must not exceed quantity")
        if self.gift is not None:
            expected = self.gift.amount - self.gift.subtracted_amount - self.redeemed_amount
            if self.gift.balance != expected:
                raise FieldError(
                    "gift.balance", "must equal amount - subtracted_amount - redeemed_amount"
                )
        if self.loyalty_card is not None:
            card = self.loyalty_card
            expected = card.points - card.expired_points - card.subtracted_points
            if card.balance != expected - self.redeemed_points:
                raise FieldError(
                    "loyalty_card.balance",
                    "must equal points - expired_points - subtracted_points - redeemed_points",
                )
        if self.start_date and self.expiration_date and self.expiration_date < self.start_date:
            raise FieldError("expiration_date", "must not be before start_date")

    def _check_kind(self) -> None:
        """Exactly the balance object of the voucher's type is set."""
        for kind, name in _PAYLOAD_OF_TYPE:
            present = getattr(self, name) is not None
            if kind is self.type and not present:
                raise FieldError(name, f"is required for a {kind}")
            if kind is not self.type and present:
                raise FieldError(name, f"is not allowed on a {self.type}")

    # -- queries ------------------------------------------------------------------------

    @property
    def quantity_left(self) -> int | None:
        if self.quantity is None:
            return None
        return self.quantity - self.redeemed_quantity

    # -- transitions --------------------------------------------------------------------

    def redeem(self, at: datetime, *, credits: int = 0, points: int = 0) -> Voucher:
        """One successful redemption: a use, and the credits or points it spends."""
        changes: dict[str, Any] = {
            "redeemed_quantity": self.redeemed_quantity + 1,
            "updated_at": at,
            "version": self.version + 1,
        }
        if credits:
            changes["gift"] = self._gift_with_balance(-credits)
            changes["redeemed_amount"] = self.redeemed_amount + credits
        if points:
            changes["loyalty_card"] = self._loyalty_with_balance(-points)
            changes["redeemed_points"] = self.redeemed_points + points
        return rules.evolve(self, **changes)

    def restore(self, at: datetime, *, credits: int = 0, points: int = 0) -> Voucher:
        """Undo one redemption exactly: the use, the credits and the points come back."""
        if self.redeemed_quantity == 0:
            raise FieldError("redemption.redeemed_quantity", "has no redemption to restore")
        changes: dict[str, Any] = {
            "redeemed_quantity": self.redeemed_quantity - 1,
            "updated_at": at,
            "version": self.version + 1,
        }
        if credits:
            changes["gift"] = self._gift_with_balance(credits)
            changes["redeemed_amount"] = self.redeemed_amount - credits
        if points:
            changes["loyalty_card"] = self._loyalty_with_balance(points)
            changes["redeemed_points"] = self.redeemed_points - points
        return rules.evolve(self, **changes)

    def add_credits(self, at: datetime, credits: int) -> Voucher:
        """Load more money onto a gift card (a reward, a top-up)."""
        if self.gift is None:
            raise FieldError("gift", "only a gift card takes credits")
        gift = rules.evolve(
            self.gift, amount=self.gift.amount + credits, balance=self.gift.balance + credits
        )
        return rules.evolve(self, gift=gift, updated_at=at, version=self.version + 1)

    def add_points(self, at: datetime, points: int) -> Voucher:
        """Earn points on a loyalty card."""
        if self.loyalty_card is None:
            raise FieldError("loyalty_card", "only a loyalty card takes points")
        card = rules.evolve(
            self.loyalty_card,
            points=self.loyalty_card.points + points,
            balance=self.loyalty_card.balance + points,
        )
        return rules.evolve(self, loyalty_card=card, updated_at=at, version=self.version + 1)

    def publish(self, at: datetime, holder_id: str) -> Voucher:
        """Hand the voucher to a customer, who becomes its holder."""
        return rules.evolve(
            self,
            holder_id=holder_id,
            publish_count=self.publish_count + 1,
            updated_at=at,
            version=self.version + 1,
        )

    def _gift_with_balance(self, delta: int) -> GiftCredits:
        if self.gift is None:
            raise FieldError("gift", "only a gift card has credits")
        return rules.evolve(self.gift, balance=self.gift.balance + delta)

    def _loyalty_with_balance(self, delta: int) -> LoyaltyPoints:
        if self.loyalty_card is None:
            raise FieldError("loyalty_card", "only a loyalty card has points")
        return rules.evolve(self.loyalty_card, balance=self.loyalty_card.balance + delta)

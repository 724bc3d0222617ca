"""Rewards bought with loyalty points, and their assignment to loyalty campaigns (15.4, 15.5)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from . import rules
from .rules import FieldError


class RewardType(StrEnum):
    CAMPAIGN = "CAMPAIGN"
    COIN = "COIN"
    MATERIAL = "MATERIAL"


def _positive_ratio(field: str) -> Any:
    def check(_: object, __: object, value: Decimal) -> None:
        if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
            raise FieldError(field, "must be a number greater than 0")

    return check


@attrs.frozen(kw_only=True)
class CoinRate:
    """Pay with points: `points_ratio` points are worth `exchange_ratio` major units."""

    exchange_ratio: Decimal = attrs.field(
        validator=_positive_ratio("parameters.coin.exchange_ratio")
    )
    points_ratio: Decimal = attrs.field(validator=_positive_ratio("parameters.coin.points_ratio"))

    def cents_for(self, points: int) -> int:
        """Minor units `points` pay for, rounded down: points never buy a fraction of a cent."""
        value = Fraction(points) * Fraction(self.exchange_ratio) * 100 / Fraction(self.points_ratio)
        return int(value.__floor__())

    def points_for(self, cents: int) -> int:
        """Points needed to pay `cents`, rounded up to a whole multiple of `points_ratio`
        (assumption A3) when the ratio is whole, and up to a whole point otherwise."""
        exact = (
            Fraction(cents) * Fraction(self.points_ratio) / (Fraction(self.exchange_ratio) * 100)
        )
        step = Fraction(self.points_ratio)
        if step.denominator == 1:
            return int((-(-exact // step)) * step)
        return int(-(-exact // 1))


@attrs.frozen(kw_only=True)
class CampaignReward:
    """A CAMPAIGN reward: issue a coupon, add gift credits or loyalty points."""

    campaign_id: str = attrs.field(validator=rules.identifier)
    balance: int | None = attrs.field(default=None, validator=rules.money)
    campaign_type: str | None = None


@attrs.frozen(kw_only=True)
class ProductReward:
    """A MATERIAL reward: a product or SKU to hand over."""

    product_id: str = attrs.field(validator=rules.identifier)
    sku_id: str | None = attrs.field(default=None, validator=rules.text)


@attrs.frozen(kw_only=True)
class Reward:
    """Something loyalty points buy; exactly the parameters of its `type` are set."""

    unique_keys: ClassVar[tuple[str, ...]] = ()
    index_keys: ClassVar[tuple[str, ...]] = ()

    id: str = attrs.field(validator=rules.identifier)
    name: str | None = attrs.field(default=None, validator=rules.text)
    type: RewardType = attrs.field(validator=rules.kind(RewardType))
    campaign: CampaignReward | None = None
    coin: CoinRate | None = None
    product: ProductReward | None = None
    stock: int | None = attrs.field(default=None, validator=rules.count)
    redeemed: int = attrs.field(default=0, validator=rules.count)
    attributes: Mapping[str, Any] = attrs.field(factory=dict)
    metadata: Mapping[str, Any] = attrs.field(factory=dict, validator=rules.metadata)
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    updated_at: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    version: int = 0

    def __attrs_post_init__(self) -> None:
        wanted = {
            RewardType.CAMPAIGN: ("campaign", self.campaign),
            RewardType.COIN: ("coin", self.coin),
            RewardType.MATERIAL: ("product", self.product),
        }
        for kind, (name, value) in wanted.items():
            if kind is self.type and value is None:
                raise FieldError(f"parameters.{name}", f"is required for a {kind} reward")
            if kind is not self.type and value is not None:
                raise FieldError(f"parameters.{name}", f"is not allowed on a {self.type} reward")
        if self.stock is not None and self.redeemed > self.stock:
            raise FieldError("redeemed", "must not exceed stock")

    def hand_out(self, at: datetime) -> Reward:
        """One unit handed over to a member (material rewards count against `stock`)."""
        return rules.evolve(
            self, redeemed=self.redeemed + 1, updated_at=at, version=self.version + 1
        )


@attrs.frozen(kw_only=True)
class RewardAssignment:
    """A reward made available in one loyalty campaign, at a price in points."""

    unique_keys: ClassVar[tuple[str, ...]] = ("campaign_reward",)
    index_keys: ClassVar[tuple[str, ...]] = ("campaign_id",)

    id: str = attrs.field(validator=rules.identifier)
    reward_id: str = attrs.field(validator=rules.identifier)
    campaign_id: str = attrs.field(validator=rules.identifier)
    points: int | None = attrs.field(default=None, validator=rules.points)
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    updated_at: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    version: int = 0

    @property
    def campaign_reward(self) -> str:
        """The pair that may be assigned once: campaign and reward."""
        return f"{self.campaign_id}/{self.reward_id}"

"""Campaigns and promotion tiers (DOMAIN.md 3.8, 15.2, 15.3)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

import attrs

from . import rules
from .discount import Discount
from .rules import FieldError
from .validity import ALWAYS, Validity
from .voucher import VoucherType


class CampaignType(StrEnum):
    DISCOUNT_COUPONS = "DISCOUNT_COUPONS"
    GIFT_VOUCHERS = "GIFT_VOUCHERS"
    LOYALTY_PROGRAM = "LOYALTY_PROGRAM"
    PROMOTION = "PROMOTION"
    REFERRAL_PROGRAM = "REFERRAL_PROGRAM"


class CampaignMode(StrEnum):
    """Campaign `type`: whether codes may be added later."""

    AUTO_UPDATE = "AUTO_UPDATE"
    STATIC = "STATIC"
    STANDALONE = "STANDALONE"


VOUCHER_TYPE_OF_CAMPAIGN = {
    CampaignType.DISCOUNT_COUPONS: VoucherType.DISCOUNT_VOUCHER,
    CampaignType.REFERRAL_PROGRAM: VoucherType.DISCOUNT_VOUCHER,
    CampaignType.GIFT_VOUCHERS: VoucherType.GIFT_VOUCHER,
    CampaignType.LOYALTY_PROGRAM: VoucherType.LOYALTY_CARD,
}


@attrs.frozen(kw_only=True)
class CodeConfig:
    """How generated codes look: a `pattern` with `#` placeholders, or `length` characters."""

    pattern: str | None = attrs.field(default=None, validator=rules.text)
    length: int | None = attrs.field(default=None, validator=rules.count)
    charset: str | None = attrs.field(default=None, validator=rules.text)
    prefix: str | None = attrs.field(default=None, validator=rules.text)
    postfix: str | None = attrs.field(default=None, validator=rules.text)

    def __attrs_post_init__(self) -> None:
        if self.charset == "":
            raise FieldError("code_config.charset", "must not be empty")
        if self.length == 0:
            raise FieldError("code_config.length", "must be at least 1")


DEFAULT_CODE_CONFIG = CodeConfig(length=8)


@attrs.frozen(kw_only=True)
class VoucherTemplate:
    """What a campaign's generated vouchers look like."""

    type: VoucherType = attrs.field(validator=rules.kind(VoucherType))
    discount: Discount | None = None
    gift_amount: int | None = attrs.field(default=None, validator=rules.money)
    gift_effect: str | None = None
    loyalty_points: int | None = attrs.field(default=None, validator=rules.points)
    quantity: int | None = attrs.field(default=None, validator=rules.count)
    code_config: CodeConfig = DEFAULT_CODE_CONFIG


@attrs.frozen(kw_only=True)
class Campaign:
    """A group of vouchers (or, for PROMOTION, of tiers) sharing dates and an active flag."""

    unique_keys: ClassVar[tuple[str, ...]] = ("name",)
    index_keys: ClassVar[tuple[str, ...]] = ()

    id: str = attrs.field(validator=rules.identifier)
    name: str = attrs.field(validator=rules.identifier)
    campaign_type: CampaignType = attrs.field(validator=rules.kind(CampaignType))
    type: CampaignMode = attrs.field(
        default=CampaignMode.AUTO_UPDATE, validator=rules.kind(CampaignMode)
    )
    description: str | None = attrs.field(default=None, validator=rules.text)
    active: bool = True
    start_date: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    expiration_date: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    validity: Validity = ALWAYS
    category_id: str | None = None
    category: str | None = attrs.field(default=None, validator=rules.text)
    metadata: Mapping[str, Any] = attrs.field(factory=dict, validator=rules.metadata)
    template: VoucherTemplate | None = None
    vouchers_count: int = attrs.field(default=0, validator=rules.count)
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    updated_at: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    deleted_at: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    """Set by a delete: a tombstone, kept so history stays readable (DOMAIN.md 17)."""
    version: int = 0

    def __attrs_post_init__(self) -> None:
        if self.template is None:
            return
        expected = VOUCHER_TYPE_OF_CAMPAIGN.get(self.campaign_type)
        if expected is None:
            raise FieldError("voucher", f"is not allowed on a {self.campaign_type} campaign")
        if self.template.type is not expected:
            raise FieldError(
                "voucher.type", f"must be {expected} in a {self.campaign_type} campaign"
            )

    def count_voucher(self, at: datetime) -> Campaign:
        return rules.evolve(
            self, vouchers_count=self.vouchers_count + 1, updated_at=at, version=self.version + 1
        )


@attrs.frozen(kw_only=True)
class PromotionTier:
    """An automatic cart promotion inside a PROMOTION campaign, with its running summary."""

    unique_keys: ClassVar[tuple[str, ...]] = ()
    index_keys: ClassVar[tuple[str, ...]] = ("campaign_id",)

    id: str = attrs.field(validator=rules.identifier)
    campaign_id: str = attrs.field(validator=rules.identifier)
    name: str = attrs.field(validator=rules.identifier)
    banner: str | None = attrs.field(default=None, validator=rules.text)
    discount: Discount | None = None
    active: bool = True
    start_date: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    expiration_date: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    validity: Validity = ALWAYS
    hierarchy: int = attrs.field(default=1, validator=rules.count)
    category_id: str | None = None
    category: str | None = attrs.field(default=None, validator=rules.text)
    metadata: Mapping[str, Any] = attrs.field(factory=dict, validator=rules.metadata)
    total_redeemed: int = attrs.field(default=0, validator=rules.count)
    orders_total_amount: int = attrs.field(default=0, validator=rules.money)
    orders_total_discount_amount: int = attrs.field(default=0, validator=rules.money)
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    updated_at: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    version: int = 0

    def redeem(self, at: datetime, order_amount: int, discount: int) -> PromotionTier:
        return rules.evolve(
            self,
            total_redeemed=self.total_redeemed + 1,
            orders_total_amount=self.orders_total_amount + order_amount,
            orders_total_discount_amount=self.orders_total_discount_amount + discount,
            updated_at=at,
            version=self.version + 1,
        )

    def restore(self, at: datetime, order_amount: int, discount: int) -> PromotionTier:
        return rules.evolve(
            self,
            total_redeemed=self.total_redeemed - 1,
            orders_total_amount=self.orders_total_amount - order_amount,
            orders_total_discount_amount=self.orders_total_discount_amount - discount,
            updated_at=at,
            version=self.version + 1,
        )

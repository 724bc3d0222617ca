"""Typed commands and results of the application services: the embedded Python API.

Every field mirrors the Voucherify request body it comes from, with the same names, so the
JSON adapter maps one to the other without renaming. `None` means "not sent".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import attrs

from ..model.discount import Discount
from ..model.order import Order, OrderStatus
from ..model.redemption import Channel, Redemption
from ..model.redemption_rollback import RedemptionRollback
from ..model.validity import Validity
from ..model.voucher import VoucherType
from .sessions import SessionInput


class RedeemableKind(StrEnum):
    VOUCHER = "voucher"
    PROMOTION_TIER = "promotion_tier"
    PROMOTION_STACK = "promotion_stack"


@attrs.frozen(kw_only=True)
class CustomerInput:
    id: str | None = None
    source_id: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    description: str | None = None
    birthdate: str | None = None
    address: Mapping[str, Any] | None = None
    metadata: Mapping[str, Any] | None = None

    def attributes(self) -> dict[str, Any]:
        """The customer attributes that were sent (for an upsert)."""
        names = ("name", "email", "phone", "description", "birthdate", "address", "metadata")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}


@attrs.frozen(kw_only=True)
class OrderItemInput:
    source_id: str | None = None
    product_id: str | None = None
    sku_id: str | None = None
    related_object: str | None = None
    quantity: int | None = None
    price: int | None = None
    amount: int | None = None
    product: Mapping[str, Any] | None = None
    sku: Mapping[str, Any] | None = None
    metadata: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class OrderInput:
    id: str | None = None
    source_id: str | None = None
    status: OrderStatus | None = None
    amount: int | None = None
    items: tuple[OrderItemInput, ...] | None = None
    metadata: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class RedeemableInput:
    """One item of `redeemables`: a voucher (maybe with credits or a reward), a tier, a stack."""

    object: RedeemableKind
    id: str
    credits: int | None = None
    reward_id: str | None = None
    points: int | None = None
    gift_sent: bool = False
    reward_sent: bool = False


@attrs.frozen(kw_only=True)
class RedeemCommand:
    redeemables: tuple[RedeemableInput, ...]
    order: OrderInput | None = None
    customer: CustomerInput | None = None
    tracking_id: str | None = None
    metadata: Mapping[str, Any] | None = None
    channel: Channel | None = None
    session: SessionInput | None = None
    """A validation opens or replaces this session lock; a redemption uses and ends it."""


@attrs.frozen(kw_only=True)
class RollbackCommand:
    redemption_id: str
    reason: str | None = None
    tracking_id: str | None = None
    customer: CustomerInput | None = None
    order: OrderInput | None = None
    metadata: Mapping[str, Any] | None = None
    channel: Channel | None = None


@attrs.frozen(kw_only=True)
class MemberRedemptionCommand:
    """POST /v1/loyalties/{campaignId}/members/{memberId}/redemption (campaign optional)."""

    member_id: str
    campaign_id: str | None = None
    reward_id: str | None = None
    points: int | None = None
    order: OrderInput | None = None
    metadata: Mapping[str, Any] | None = None
    channel: Channel | None = None


@attrs.frozen(kw_only=True)
class RedeemableOutcome:
    """An item of `inapplicable_redeemables` or `skipped_redeemables`."""

    status: str
    object: RedeemableKind
    id: str
    key: str
    message: str
    error_code: str | None = None
    campaign_id: str | None = None
    campaign_name: str | None = None
    name: str | None = None
    metadata: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class RedeemResult:
    """`POST /v1/redemptions`: the applied children (or the single redemption), the parent."""

    redemptions: tuple[Redemption, ...]
    parent: Redemption | None
    order: Order | None
    inapplicable: tuple[RedeemableOutcome, ...] = ()
    skipped: tuple[RedeemableOutcome, ...] = ()


@attrs.frozen(kw_only=True)
class StackedRollbackResult:
    """`POST /v1/redemptions/{id}/rollbacks`."""

    rollbacks: tuple[RedemptionRollback, ...]
    parent_rollback: RedemptionRollback | None
    order: Order | None


# -- catalog ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CodeConfigInput:
    pattern: str | None = None
    length: int | None = None
    charset: str | None = None
    prefix: str | None = None
    postfix: str | None = None


@attrs.frozen(kw_only=True)
class VoucherInput:
    """Body of `POST /v1/vouchers` (and `/v1/vouchers/{code}`, code from the path)."""

    code: str | None = None
    type: VoucherType | None = None
    campaign_id: str | None = None
    campaign: str | None = None
    category_id: str | None = None
    category: str | None = None
    discount: Discount | None = None
    gift_amount: int | None = None
    gift_effect: str | None = None
    loyalty_points: int | None = None
    quantity: int | None = None
    active: bool | None = None
    start_date: datetime | None = None
    expiration_date: datetime | None = None
    validity: Validity | None = None
    metadata: Mapping[str, Any] | None = None
    additional_info: str | None = None
    code_config: CodeConfigInput | None = None
    validation_rules: tuple[str, ...] = ()
    """Ids of validation rule sets to assign to the new voucher (DOMAIN.md 16.3)."""


@attrs.frozen(kw_only=True)
class TierInput:
    """Body of `POST /v1/promotions/{campaignId}/tiers` (and `promotion.tiers[]`)."""

    name: str | None = None
    banner: str | None = None
    discount: Discount | None = None
    active: bool | None = None
    start_date: datetime | None = None
    expiration_date: datetime | None = None
    validity: Validity | None = None
    hierarchy: int | None = None
    category_id: str | None = None
    category: str | None = None
    metadata: Mapping[str, Any] | None = None
    validation_rules: tuple[str, ...] = ()
    """Ids of validation rule sets to assign to the new tier (DOMAIN.md 16.3)."""


@attrs.frozen(kw_only=True)
class CampaignInput:
    """Body of `POST /v1/campaigns`."""

    name: str | None = None
    campaign_type: str | None = None
    type: str | None = None
    description: str | None = None
    active: bool | None = None
    start_date: datetime | None = None
    expiration_date: datetime | None = None
    validity: Validity | None = None
    category_id: str | None = None
    category: str | None = None
    metadata: Mapping[str, Any] | None = None
    voucher: VoucherInput | None = None
    vouchers_count: int | None = None
    tiers: tuple[TierInput, ...] | None = None
    validation_rules: tuple[str, ...] = ()
    """Ids of validation rule sets to assign to the new campaign (DOMAIN.md 16.3)."""


@attrs.frozen(kw_only=True)
class RewardInput:
    """Body of `POST /v1/rewards`."""

    name: str | None = None
    type: str | None = None
    campaign_id: str | None = None
    campaign_balance: int | None = None
    coin_exchange_ratio: Decimal | None = None
    coin_points_ratio: Decimal | None = None
    product_id: str | None = None
    sku_id: str | None = None
    stock: int | None = None
    attributes: Mapping[str, Any] | None = None
    metadata: Mapping[str, Any] | None = None
    parameters_sent: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class RewardAssignmentInput:
    """One item of the `POST /v1/loyalties/{campaignId}/rewards` array."""

    reward: str
    points: int | None = None


@attrs.frozen(kw_only=True)
class MemberInput:
    """Body of `POST /v1/loyalties/{campaignId}/members`."""

    customer: CustomerInput
    voucher: str | None = None
    metadata: Mapping[str, Any] | None = None

"""Setting up campaigns and promotion tiers (DOMAIN.md 15.2, 15.3).

Reads and stages through one unit of work and never commits. Input rules a domain
constructor enforces come back as `invalid_payload` naming the field.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import errors, limits, rules
from ..model.campaign import (
    DEFAULT_CODE_CONFIG,
    VOUCHER_TYPE_OF_CAMPAIGN,
    Campaign,
    CampaignMode,
    CampaignType,
    PromotionTier,
    VoucherTemplate,
)
from ..model.context import RequestContext
from ..model.rules import FieldError
from ..model.validity import ALWAYS
from ..ports import UnitOfWork
from .catalog import code_config, create_voucher, not_found, payload
from .commands import CampaignInput, TierInput, VoucherInput


def create_campaign(uow: UnitOfWork, given: CampaignInput, ctx: RequestContext) -> Campaign:
    if given.name is None:
        raise errors.InvalidPayload("is required", field="name")
    if uow.find(Campaign, "name", given.name) is not None:
        raise errors.DuplicateFound(
            f"campaign {given.name} already exists", field="name", resource_type="campaign"
        )
    count = given.vouchers_count or 0
    if count > limits.CAMPAIGN_VOUCHERS_GENERATED_MAX:
        raise errors.InvalidPayload(
            f"must be at most {limits.CAMPAIGN_VOUCHERS_GENERATED_MAX}", field="vouchers_count"
        )
    with payload():
        # The spec's default: an omitted campaign_type is DISCOUNT_COUPONS (DOMAIN.md 17).
        kind = rules.member(
            CampaignType, given.campaign_type or "DISCOUNT_COUPONS", "campaign_type"
        )
        template = _template(given.voucher, kind) if given.voucher is not None else None
        if kind is CampaignType.PROMOTION and given.voucher is not None:
            raise FieldError("voucher", "is not allowed on a PROMOTION campaign")
        if kind is not CampaignType.PROMOTION and given.tiers:
            raise FieldError("promotion", "is allowed only on a PROMOTION campaign")
        campaign = Campaign(
            id=ctx.ids.new_id("camp"),
            name=given.name,
            campaign_type=kind,
            type=rules.member(CampaignMode, given.type or "AUTO_UPDATE", "type"),
            description=given.description,
            active=True if given.active is None else given.active,
            start_date=given.start_date,
            expiration_date=given.expiration_date,
            validity=given.validity or ALWAYS,
            category_id=given.category_id,
            category=given.category,
            metadata=dict(given.metadata or {}),
            template=template,
            created_at=ctx.now,
        )
    if len(given.tiers or ()) > limits.TIERS_PER_CAMPAIGN_MAX:
        raise errors.InvalidPayload(
            f"a campaign holds at most {limits.TIERS_PER_CAMPAIGN_MAX} tiers",
            field="promotion.tiers",
        )
    uow.add(campaign)
    for index, tier in enumerate(given.tiers or ()):
        _build_tier(uow, campaign, tier, ctx, index + 1, f"promotion.tiers[{index}].")
    for _ in range(count):
        if template is None:
            raise errors.InvalidPayload("vouchers_count needs a voucher template", field="voucher")
        current = uow.get(Campaign, campaign.id) or campaign
        create_voucher(uow, VoucherInput(campaign_id=current.id), ctx)
    return uow.get(Campaign, campaign.id) or campaign


def _template(given: VoucherInput, kind: CampaignType) -> VoucherTemplate:
    expected = VOUCHER_TYPE_OF_CAMPAIGN.get(kind)
    with payload("voucher."):
        if expected is None:
            raise FieldError("type", f"no voucher template on a {kind} campaign")
        return VoucherTemplate(
            type=given.type or expected,
            discount=given.discount,
            gift_amount=given.gift_amount,
            gift_effect=given.gift_effect,
            loyalty_points=given.loyalty_points,
            quantity=given.quantity,
            code_config=code_config(given.code_config)
            if given.code_config
            else DEFAULT_CODE_CONFIG,
        )


def create_tier(
    uow: UnitOfWork, campaign_id: str, given: TierInput, ctx: RequestContext
) -> PromotionTier:
    campaign = uow.get(Campaign, campaign_id)
    if campaign is None:
        raise not_found("campaign", campaign_id)
    if campaign.campaign_type is not CampaignType.PROMOTION:
        raise errors.InvalidPayload(
            f"campaign {campaign_id} is a {campaign.campaign_type}, not a PROMOTION",
            field="campaignId",
        )
    existing = uow.select(PromotionTier, "campaign_id", campaign_id, limits.TIERS_PER_CAMPAIGN_MAX)
    if len(existing) >= limits.TIERS_PER_CAMPAIGN_MAX:
        raise errors.InvalidPayload(
            f"a campaign holds at most {limits.TIERS_PER_CAMPAIGN_MAX} tiers", field="campaignId"
        )
    return _build_tier(uow, campaign, given, ctx, len(existing) + 1, "")


def _build_tier(
    uow: UnitOfWork,
    campaign: Campaign,
    given: TierInput,
    ctx: RequestContext,
    position: int,
    prefix: str,
) -> PromotionTier:
    if given.name is None:
        raise errors.InvalidPayload("is required", field=f"{prefix}name")
    with payload(prefix):
        tier = PromotionTier(
            id=ctx.ids.new_id("promo"),
            campaign_id=campaign.id,
            name=given.name,
            banner=given.banner,
            discount=given.discount,
            active=True if given.active is None else given.active,
            start_date=given.start_date,
            expiration_date=given.expiration_date,
            validity=given.validity or ALWAYS,
            hierarchy=given.hierarchy if given.hierarchy is not None else position,
            category_id=given.category_id,
            category=given.category,
            metadata=dict(given.metadata or {}),
            created_at=ctx.now,
        )
    uow.add(tier)
    return tier


def tiers_of(uow: UnitOfWork, campaign_id: str) -> Sequence[PromotionTier]:
    return uow.select(PromotionTier, "campaign_id", campaign_id, limits.TIERS_PER_CAMPAIGN_MAX)

"""Campaigns between redemptions (DOMAIN.md 17.3): read, update, enable and disable,
delete (a tombstone of the campaign and its vouchers), and codes added to a running one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import errors, limits, rules
from ..model.campaign import Campaign, CampaignMode, PromotionTier
from ..model.context import RequestContext
from ..model.events import EventType, catalog_event
from ..model.validity import ALWAYS
from ..model.voucher import Voucher
from ..ports import UnitOfWork
from .catalog import create_voucher, not_found, payload
from .catalog_commands import CampaignUpdate, CampaignVoucherInput
from .commands import VoucherInput
from .lifecycle import tombstone_voucher


def get_campaign(uow: UnitOfWork, campaign_id: str, field: str | None = None) -> Campaign:
    """A live campaign by id or by name; a deleted one is `not_found`."""
    campaign = uow.get(Campaign, campaign_id) or uow.find(Campaign, "name", campaign_id)
    if campaign is None or campaign.deleted_at is not None:
        raise not_found("campaign", campaign_id, field)
    return campaign


def tiers(uow: UnitOfWork, campaign: Campaign) -> Sequence[PromotionTier]:
    return uow.select(PromotionTier, "campaign_id", campaign.id, limits.TIERS_PER_CAMPAIGN_MAX)


def _changes(update: CampaignUpdate) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in sorted(update.fields):
        value = getattr(update, name)
        if name == "validity":
            value = value or ALWAYS
        elif name == "metadata":
            value = dict(value or {})
        elif name == "active":
            value = True if value is None else value
        elif name == "type":
            value = rules.member(CampaignMode, value or "AUTO_UPDATE", "type")
        changes[name] = value
    return changes


def update_campaign(
    uow: UnitOfWork, campaign_id: str, update: CampaignUpdate, ctx: RequestContext
) -> Campaign:
    """PUT /v1/campaigns/{campaignId}: the masked fields."""
    campaign = get_campaign(uow, campaign_id)
    with payload():
        changes = _changes(update)
        if not changes:
            return campaign
        updated = rules.evolve(
            campaign, **changes, updated_at=ctx.now, version=campaign.version + 1
        )
    uow.replace(updated)
    uow.append_event(catalog_event(EventType.CAMPAIGN_UPDATED, ctx, campaign=updated))
    return updated


def set_campaign_active(
    uow: UnitOfWork, campaign_id: str, active: bool, ctx: RequestContext
) -> Campaign:
    """POST /v1/campaigns/{campaignId}/enable|disable: its vouchers and tiers follow (9.1)."""
    campaign = get_campaign(uow, campaign_id)
    if campaign.active is active:
        return campaign
    updated = rules.evolve(
        campaign, active=active, updated_at=ctx.now, version=campaign.version + 1
    )
    uow.replace(updated)
    kind = EventType.CAMPAIGN_ENABLED if active else EventType.CAMPAIGN_DISABLED
    uow.append_event(catalog_event(kind, ctx, campaign=updated))
    return updated


def delete_campaign(
    uow: UnitOfWork, campaign_id: str, force: bool, ctx: RequestContext
) -> Campaign:
    """DELETE /v1/campaigns/{campaignId}: the campaign and its vouchers become tombstones."""
    campaign = get_campaign(uow, campaign_id)
    vouchers = uow.select(Voucher, "campaign_id", campaign.id, limits.PUBLISH_SCAN_MAX + 1)
    if len(vouchers) > limits.PUBLISH_SCAN_MAX:
        raise errors.InvalidPayload(
            f"a campaign of more than {limits.PUBLISH_SCAN_MAX} vouchers cannot be deleted "
            "in one request; delete vouchers first",
            field="campaignId",
        )
    for voucher in vouchers:
        if voucher.deleted_at is None:
            tombstone_voucher(uow, voucher, force, ctx)
    deleted = rules.evolve(
        campaign,
        # `force` frees the name for a new campaign; the tombstone keeps its id as name.
        name=campaign.id if force else campaign.name,
        deleted_at=ctx.now,
        updated_at=ctx.now,
        vouchers_count=0,
        version=campaign.version + 1,
    )
    uow.replace(deleted)
    uow.append_event(catalog_event(EventType.CAMPAIGN_DELETED, ctx, campaign=deleted))
    return deleted


def add_voucher(
    uow: UnitOfWork,
    campaign_id: str,
    given: CampaignVoucherInput,
    ctx: RequestContext,
    path_code: str | None = None,
) -> Voucher:
    """POST /v1/campaigns/{campaignId}/vouchers[/{code}]: a voucher from the template."""
    campaign = get_campaign(uow, campaign_id)
    if campaign.template is None:
        raise errors.InvalidPayload(
            f"campaign {campaign.name} is a {campaign.campaign_type}: it has no voucher template",
            field="campaignId",
        )
    return create_voucher(
        uow,
        VoucherInput(
            code=path_code or given.code,
            campaign_id=campaign.id,
            category=given.category,
            category_id=given.category_id,
            metadata=given.metadata,
            quantity=given.quantity,
            additional_info=given.additional_info,
            start_date=given.start_date,
            expiration_date=given.expiration_date,
        ),
        ctx,
        path_code,
    )

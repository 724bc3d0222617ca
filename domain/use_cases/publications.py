"""Publishing vouchers to customers (POST/GET /v1/publications, DOMAIN.md 17.4).

A publication makes the customer the holder of a named voucher, or of `count` unpublished
vouchers of a campaign. The same `source_id` again returns the first publication;
`join_once` returns the customer's existing publication of that campaign.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import errors, limits
from ..model.campaign import Campaign
from ..model.context import RequestContext
from ..model.customer import Customer, tracking_id
from ..model.events import EventType, catalog_event
from ..model.publication import Publication
from ..model.voucher import Voucher
from ..ports import UnitOfWork
from ..read_side import sequences
from .campaign_lifecycle import get_campaign
from .catalog import get_voucher, payload
from .catalog_commands import PublicationCommand
from .parties import resolve_customer

PUBLICATION_COUNT_MAX = 50
"""Vouchers one publication may hand out (`campaign.count`, the spec's maximum)."""


def _customer(uow: UnitOfWork, command: PublicationCommand, ctx: RequestContext) -> Customer:
    who = resolve_customer(uow, command.customer, None, ctx)
    if who.customer is None:
        raise errors.InvalidPayload("needs an id or a source_id", field="customer")
    if who.changed:
        if who.is_new:
            uow.add(who.customer)
            sequences.append(uow, sequences.CUSTOMERS, who.customer.id)
        else:
            uow.replace(who.customer)
    return who.customer


def _suitable(uow: UnitOfWork, campaign: Campaign, count: int) -> list[Voucher]:
    """`count` live, active, unpublished vouchers of the campaign, oldest first."""
    chosen = []
    for voucher in uow.select(Voucher, "campaign_id", campaign.id, limits.PUBLISH_SCAN_MAX):
        if voucher.holder_id is None and voucher.deleted_at is None and voucher.active:
            chosen.append(voucher)
            if len(chosen) == count:
                return chosen
    raise errors.NoVoucherSuitableForPublication(
        f"campaign {campaign.name} has {len(chosen)} unpublished vouchers, {count} asked",
        field="campaign",
        resource_id=campaign.id,
        resource_type="campaign",
    )


def _joined(uow: UnitOfWork, customer: Customer, campaign: Campaign) -> Publication | None:
    for found in uow.select(Publication, "customer_id", customer.id, limits.PUBLISH_SCAN_MAX):
        if found.campaign_id == campaign.id:
            return found
    return None


def _named(uow: UnitOfWork, code: str, customer: Customer) -> Voucher:
    voucher = get_voucher(uow, code)
    if voucher.holder_id is not None and voucher.holder_id != customer.id:
        raise errors.VoucherAlreadyPublished(
            f"voucher {voucher.code} is held by another customer",
            field="voucher",
            resource_id=voucher.code,
            resource_type="voucher",
        )
    return voucher


def publish(uow: UnitOfWork, command: PublicationCommand, ctx: RequestContext) -> Publication:
    """POST /v1/publications."""
    if command.source_id is not None:
        first = uow.find(Publication, "source_id", command.source_id)
        if first is not None:
            return first
    if (command.voucher is None) == (command.campaign is None):
        raise errors.InvalidPayload("give exactly one of voucher and campaign", field="voucher")
    if not 1 <= command.count <= PUBLICATION_COUNT_MAX:
        raise errors.InvalidPayload(
            f"must be from 1 to {PUBLICATION_COUNT_MAX}", field="campaign.count"
        )
    if command.source_id is not None and command.count != 1:
        raise errors.InvalidPayload(
            "a publication with a source_id publishes one voucher", field="campaign.count"
        )
    customer = _customer(uow, command, ctx)
    campaign = None
    if command.campaign is not None:
        campaign = get_campaign(uow, command.campaign, "campaign.name")
        if command.join_once:
            joined = _joined(uow, customer, campaign)
            if joined is not None:
                return joined
        vouchers = _suitable(uow, campaign, command.count)
    else:
        vouchers = [_named(uow, command.voucher or "", customer)]
    return _record(uow, command, ctx, customer, campaign, vouchers)


def _record(
    uow: UnitOfWork,
    command: PublicationCommand,
    ctx: RequestContext,
    customer: Customer,
    campaign: Campaign | None,
    vouchers: Sequence[Voucher],
) -> Publication:
    published = []
    for voucher in vouchers:
        handed = voucher.publish(ctx.now, customer.id)
        uow.replace(handed)
        published.append(handed)
    publication_id = ctx.ids.new_id("pub")
    position = sequences.append(uow, sequences.PUBLICATIONS, publication_id)
    track = (
        tracking_id(customer.source_id, ctx.settings.tracking_secret)
        if customer.source_id is not None
        else None
    )
    with payload():
        publication = Publication(
            id=publication_id,
            customer_id=customer.id,
            tracking_id=track,
            voucher_ids=tuple(voucher.id for voucher in published),
            campaign_id=campaign.id if campaign is not None else published[0].campaign_id,
            source_id=command.source_id,
            channel=command.channel or "API",
            metadata=dict(command.metadata or {}),
            position=position,
            created_at=ctx.now,
        )
    uow.add(publication)
    for handed in published:
        uow.append_event(
            catalog_event(
                EventType.PUBLICATION_SUCCEEDED,
                ctx,
                customer=customer,
                voucher=handed,
                campaign=uow.get(Campaign, handed.campaign_id) if handed.campaign_id else None,
                publication=publication,
            )
        )
    return publication

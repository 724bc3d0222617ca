"""The per-redeemable checks of DOMAIN.md 9.1, in their documented precedence.

For a voucher: resolve (`not_found`) -> active (`voucher_disabled`, campaign included) ->
dates (`voucher_not_active`, `voucher_expired`, `voucher_not_active_now`) -> quantity
(`quantity_exceeded`) -> holder (`missing_customer`, `invalid_customer`) -> order and
type-specific checks (see effects.py). For a tier: resolve -> active (`promotion_inactive`)
-> dates and windows (`promotion_not_active_now`, assumption A13).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from ..model import errors
from ..model.campaign import Campaign, PromotionTier
from ..model.customer import Customer
from ..model.redemption import RelatedObjectType
from ..model.voucher import Voucher, VoucherType
from ..ports import UnitOfWork
from .commands import RedeemableInput, RedeemableKind
from .sessions import NOTHING_RESERVED, Reservation


class Target(NamedTuple):
    """A resolved redeemable: a voucher or a tier, with its campaign if it has one."""

    request: RedeemableInput
    position: int
    """Its index in `redeemables` (-1 for a member redemption's card)."""
    voucher: Voucher | None = None
    tier: PromotionTier | None = None
    campaign: Campaign | None = None
    reserved: Reservation = NOTHING_RESERVED
    """What live session locks of other sessions hold on the voucher (DOMAIN.md 16.2)."""

    @property
    def related_type(self) -> RelatedObjectType:
        """What a redemption of this target names as its `related_object_type`."""
        if self.tier is not None:
            return RelatedObjectType.PROMOTION_TIER
        return RelatedObjectType.VOUCHER

    @property
    def object_id(self) -> str:
        if self.voucher is not None:
            return self.voucher.id
        if self.tier is not None:
            return self.tier.id
        return self.request.id


def resolve(uow: UnitOfWork, request: RedeemableInput, index: int) -> Target:
    """Find the voucher (by code or `v_` id) or tier; raise `not_found` otherwise."""
    if request.object is RedeemableKind.VOUCHER:
        voucher = uow.find(Voucher, "code", request.id)
        if voucher is None and request.id.startswith("v_"):
            voucher = uow.get(Voucher, request.id)
        if voucher is None or voucher.deleted_at is not None:
            raise _missing(request, index, "voucher")
        campaign = uow.get(Campaign, voucher.campaign_id) if voucher.campaign_id else None
        return Target(request, index, voucher=voucher, campaign=campaign)
    if request.object is RedeemableKind.PROMOTION_TIER:
        tier = uow.get(PromotionTier, request.id)
        campaign = uow.get(Campaign, tier.campaign_id) if tier is not None else None
        if tier is None or (campaign is not None and campaign.deleted_at is not None):
            raise _missing(request, index, "promotion_tier")
        return Target(request, index, tier=tier, campaign=campaign)
    # Promotion stacks have no catalog endpoint in this core, so none can exist.
    raise _missing(request, index, "promotion_stack")


def _missing(request: RedeemableInput, index: int, kind: str) -> errors.ResourceNotFound:
    return errors.ResourceNotFound(
        f"{kind} {request.id}",
        field=f"redeemables[{index}].id",
        resource_id=request.id,
        resource_type=kind,
        redeemable_type=request.object.value,
        redeemable_id=request.id,
    )


def check_voucher(target: Target, now: datetime, customer: Customer | None) -> None:
    """Active, dates, quantity and holder checks of a voucher, in precedence order."""
    voucher = target.voucher
    if voucher is None:
        return
    campaign = target.campaign
    if not voucher.active or (campaign is not None and not campaign.active):
        raise errors.VoucherDisabled(voucher.code)
    for start in (voucher.start_date, campaign.start_date if campaign else None):
        if start is not None and now < start:
            raise errors.VoucherNotActive(voucher.code)
    for end in (voucher.expiration_date, campaign.expiration_date if campaign else None):
        if end is not None and now > end:
            raise errors.VoucherExpired(voucher.code)
    if not voucher.validity.allows(now, voucher.start_date or voucher.created_at):
        raise errors.VoucherNotActiveNow(voucher.code)
    if campaign is not None and not campaign.validity.allows(
        now, campaign.start_date or campaign.created_at
    ):
        raise errors.VoucherNotActiveNow(voucher.code)
    left = voucher.quantity_left
    if left is not None and left - target.reserved.uses <= 0:
        raise errors.QuantityExceeded(voucher.code)
    if voucher.type is VoucherType.LOYALTY_CARD:
        _check_holder(voucher, customer)


def _check_holder(card: Voucher, customer: Customer | None) -> None:
    if card.holder_id is None:
        raise errors.InvalidCustomer(f"loyalty card {card.code} has no holder")
    if customer is None:
        raise errors.MissingCustomer(f"loyalty card {card.code} must be redeemed by its holder")
    if customer.id != card.holder_id:
        raise errors.InvalidCustomer(card.code)


def check_tier(target: Target, now: datetime) -> None:
    """Active and date checks of a promotion tier and its campaign."""
    tier = target.tier
    if tier is None:
        return
    campaign = target.campaign
    if not tier.active or (campaign is not None and not campaign.active):
        raise errors.PromotionInactive(tier.id)
    starts = (tier.start_date, campaign.start_date if campaign else None)
    ends = (tier.expiration_date, campaign.expiration_date if campaign else None)
    not_started = any(start is not None and now < start for start in starts)
    ended = any(end is not None and now > end for end in ends)
    if not_started or ended:
        raise errors.PromotionNotActiveNow(tier.id)
    if not tier.validity.allows(now, tier.start_date or tier.created_at):
        raise errors.PromotionNotActiveNow(tier.id)

"""The voucher lifecycle between redemptions (DOMAIN.md 17.1, 17.2): update, enable and
disable, delete (a tombstone), and balance adjustments with their transactions.

Each function reads and stages through one unit of work and never commits; every state
change appends its event. Input a domain constructor refuses is `invalid_payload` naming
the wire field.
"""

from __future__ import annotations

from typing import Any

from ..model import errors, rules
from ..model.campaign import Campaign
from ..model.context import RequestContext
from ..model.customer import Customer
from ..model.discount import DiscountEffect
from ..model.events import EventType, catalog_event
from ..model.transaction import VoucherTransaction
from ..model.validity import ALWAYS
from ..model.voucher import Voucher, VoucherType
from ..ports import UnitOfWork
from .catalog import get_voucher, payload
from .catalog_commands import BalanceAdjustment, VoucherUpdate
from .transactions import Cause, record_movement

_WIRE_FIELD = {"quantity": "redemption.quantity", "gift_effect": "gift.effect"}


def holder(uow: UnitOfWork, voucher: Voucher) -> Customer | None:
    """The voucher's holder, for the events that are also their activities."""
    if voucher.holder_id is None:
        return None
    found = uow.get(Customer, voucher.holder_id)
    return found if found is not None and found.deleted_at is None else None


def _announce(uow: UnitOfWork, ctx: RequestContext, kind: EventType, voucher: Voucher) -> None:
    customer = holder(uow, voucher) if kind is EventType.VOUCHER_DELETED else None
    uow.append_event(catalog_event(kind, ctx, customer=customer, voucher=voucher))


def _changes(voucher: Voucher, update: VoucherUpdate) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in sorted(update.fields):
        value = getattr(update, name)
        if name == "quantity":
            if value is not None and value < voucher.redeemed_quantity:
                raise errors.InvalidPayload(
                    f"must be at least the redeemed quantity {voucher.redeemed_quantity}",
                    field="redemption.quantity",
                )
        elif name == "discount":
            if voucher.type is not VoucherType.DISCOUNT_VOUCHER or value is None:
                raise errors.InvalidPayload(
                    f"only a DISCOUNT_VOUCHER's discount can be updated, not a {voucher.type}'s",
                    field="discount",
                )
        elif name == "gift_effect":
            if voucher.gift is None or value is None:
                raise errors.InvalidPayload(
                    "only a gift card has a gift effect", field="gift.effect"
                )
            effect = rules.member(DiscountEffect, value, "gift.effect")
            changes["gift"] = rules.evolve(voucher.gift, effect=effect)
            continue
        elif name == "validity":
            value = value or ALWAYS
        elif name == "metadata":
            value = dict(value or {})
        elif name == "active":
            value = True if value is None else value
        changes[name] = value
    return changes


def update_voucher(
    uow: UnitOfWork, code: str, update: VoucherUpdate, ctx: RequestContext
) -> Voucher:
    """PUT /v1/vouchers/{code}: the masked fields; balances change only through 17.2."""
    voucher = get_voucher(uow, code)
    changes = _changes(voucher, update)
    if not changes:
        return voucher
    with payload():
        try:
            updated = rules.evolve(
                voucher, **changes, updated_at=ctx.now, version=voucher.version + 1
            )
        except rules.FieldError as error:
            wire = _WIRE_FIELD.get(error.field, error.field)
            raise rules.FieldError(wire, error.rule) from error
    uow.replace(updated)
    _announce(uow, ctx, EventType.VOUCHER_UPDATED, updated)
    return updated


def set_voucher_active(uow: UnitOfWork, code: str, active: bool, ctx: RequestContext) -> Voucher:
    """POST /v1/vouchers/{code}/enable|disable; already so changes nothing."""
    voucher = get_voucher(uow, code)
    if voucher.active is active:
        return voucher
    updated = rules.evolve(voucher, active=active, updated_at=ctx.now, version=voucher.version + 1)
    uow.replace(updated)
    kind = EventType.VOUCHER_ENABLED if active else EventType.VOUCHER_DISABLED
    _announce(uow, ctx, kind, updated)
    return updated


def tombstone_voucher(
    uow: UnitOfWork, voucher: Voucher, force: bool, ctx: RequestContext
) -> Voucher:
    """Mark `voucher` deleted; `force` frees its code (the tombstone takes its id as code)."""
    code = voucher.id if force else voucher.code
    deleted = rules.evolve(
        voucher, code=code, deleted_at=ctx.now, updated_at=ctx.now, version=voucher.version + 1
    )
    uow.replace(deleted)
    _announce(uow, ctx, EventType.VOUCHER_DELETED, deleted)
    return deleted


def delete_voucher(uow: UnitOfWork, code: str, force: bool, ctx: RequestContext) -> Voucher:
    """DELETE /v1/vouchers/{code}[?force=true]: a tombstone; history stays readable."""
    voucher = get_voucher(uow, code)
    deleted = tombstone_voucher(uow, voucher, force, ctx)
    if voucher.campaign_id is not None:
        campaign = uow.get(Campaign, voucher.campaign_id)
        if campaign is not None and campaign.vouchers_count > 0:
            uow.replace(
                rules.evolve(
                    campaign,
                    vouchers_count=campaign.vouchers_count - 1,
                    updated_at=ctx.now,
                    version=campaign.version + 1,
                )
            )
    return deleted


def _adjusted(voucher: Voucher, amount: int, at: Any) -> Voucher:
    """The card with `amount` credits or points added (negative: removed by hand)."""
    if voucher.gift is not None:
        gift = voucher.gift
        if gift.balance + amount < 0:
            raise errors.InvalidPayload(
                f"would take the balance {gift.balance} below 0", field="amount"
            )
        if amount > 0:
            gift = rules.evolve(gift, amount=gift.amount + amount, balance=gift.balance + amount)
        else:
            gift = rules.evolve(
                gift,
                subtracted_amount=gift.subtracted_amount - amount,
                balance=gift.balance + amount,
            )
        return rules.evolve(voucher, gift=gift, updated_at=at, version=voucher.version + 1)
    card = voucher.loyalty_card
    if card is None:
        raise errors.InvalidVoucher(
            f"{voucher.code} is a {voucher.type}: only gift and loyalty cards have a balance",
            field="code",
            resource_id=voucher.code,
            resource_type="voucher",
        )
    if voucher.holder_id is None:
        raise errors.InvalidVoucher(
            f"loyalty card {voucher.code} has no holder", field="code", resource_id=voucher.code
        )
    if card.balance + amount < 0:
        raise errors.InvalidPayload(
            f"would take the balance {card.balance} below 0", field="amount"
        )
    if amount > 0:
        card = rules.evolve(card, points=card.points + amount, balance=card.balance + amount)
    else:
        card = rules.evolve(
            card, subtracted_points=card.subtracted_points - amount, balance=card.balance + amount
        )
    return rules.evolve(voucher, loyalty_card=card, updated_at=at, version=voucher.version + 1)


def adjust_balance(
    uow: UnitOfWork, code: str, given: BalanceAdjustment, ctx: RequestContext
) -> tuple[Voucher, VoucherTransaction]:
    """POST /v1/vouchers/{code}/balance: the card after it, and the transaction written."""
    voucher = get_voucher(uow, code)
    if type(given.amount) is not int or given.amount == 0:
        raise errors.InvalidPayload("must be a non-zero integer", field="amount")
    with payload():
        adjusted = _adjusted(voucher, given.amount, ctx.now)
    uow.replace(adjusted)
    cause = Cause(
        source_id=given.source_id, reason=given.reason, source=ctx.channel.channel_type.value
    )
    with payload():  # `reason` and `source_id` meet their text rules in the transaction
        transaction = record_movement(uow, ctx, voucher, adjusted, cause)
    if transaction is None:
        raise errors.InvariantViolation(f"{voucher.code}: an adjustment moved nothing")
    kind = (
        EventType.GIFT_BALANCE_ADDED
        if adjusted.gift is not None
        else EventType.LOYALTY_POINTS_ADDED
    )
    uow.append_event(
        catalog_event(
            kind, ctx, customer=holder(uow, adjusted), voucher=adjusted, transaction=transaction
        )
    )
    return adjusted, transaction

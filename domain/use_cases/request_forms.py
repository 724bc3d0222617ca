"""The plain form of each command guarded by an idempotency key, written per command.

A retry is recognised by the fingerprint of this form, and a changed request is refused
naming the first field where the forms differ (idempotency.py). Each function states its
command's fields once, in declaration order, so the forms (and their SHA-256) are the
same as those recorded by earlier releases, which reflected over the attrs fields: a key
recorded before an upgrade still replays. A test pins that equality for every command.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model.redemption import Channel
from .commands import (
    CustomerInput,
    MemberRedemptionCommand,
    OrderInput,
    OrderItemInput,
    RedeemableInput,
    RedeemCommand,
    RollbackCommand,
)
from .sessions import SessionInput

Plain = dict[str, Any]


def _json(value: Any) -> Any:
    """A free-form JSON value (metadata, address) with its tuples as lists."""
    if isinstance(value, Mapping):
        return {str(key): _json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json(item) for item in value]
    return value


def _mapping(value: Mapping[str, Any] | None) -> Plain | None:
    return None if value is None else _json(value)


def channel_form(value: Channel | None) -> Plain | None:
    if value is None:
        return None
    return {"channel_id": value.channel_id, "channel_type": value.channel_type.value}


def customer_form(value: CustomerInput | None) -> Plain | None:
    if value is None:
        return None
    return {
        "id": value.id,
        "source_id": value.source_id,
        "name": value.name,
        "email": value.email,
        "phone": value.phone,
        "description": value.description,
        "birthdate": value.birthdate,
        "address": _mapping(value.address),
        "metadata": _mapping(value.metadata),
    }


def _item_form(value: OrderItemInput) -> Plain:
    return {
        "source_id": value.source_id,
        "product_id": value.product_id,
        "sku_id": value.sku_id,
        "related_object": value.related_object,
        "quantity": value.quantity,
        "price": value.price,
        "amount": value.amount,
        "product": _mapping(value.product),
        "sku": _mapping(value.sku),
        "metadata": _mapping(value.metadata),
    }


def order_form(value: OrderInput | None) -> Plain | None:
    if value is None:
        return None
    return {
        "id": value.id,
        "source_id": value.source_id,
        "status": value.status.value if value.status is not None else None,
        "amount": value.amount,
        "items": [_item_form(item) for item in value.items] if value.items is not None else None,
        "metadata": _mapping(value.metadata),
    }


def _redeemable_form(value: RedeemableInput) -> Plain:
    return {
        "object": value.object.value,
        "id": value.id,
        "credits": value.credits,
        "reward_id": value.reward_id,
        "points": value.points,
        "gift_sent": value.gift_sent,
        "reward_sent": value.reward_sent,
    }


def redeem_form(command: RedeemCommand) -> Plain:
    form: Plain = {
        "redeemables": [_redeemable_form(item) for item in command.redeemables],
        "order": order_form(command.order),
        "customer": customer_form(command.customer),
        "tracking_id": command.tracking_id,
        "metadata": _mapping(command.metadata),
        "channel": channel_form(command.channel),
    }
    # Only when asked: a request without a session keeps the fingerprint it had before
    # sessions existed, so keys recorded by earlier releases still replay.
    if command.session is not None:
        form["session"] = session_form(command.session)
    return form


def session_form(value: SessionInput) -> Plain:
    return {
        "type": value.type.value,
        "key": value.key,
        "ttl": value.ttl,
        "ttl_unit": None if value.ttl_unit is None else value.ttl_unit.value,
    }


def rollback_form(command: RollbackCommand) -> Plain:
    return {
        "redemption_id": command.redemption_id,
        "reason": command.reason,
        "tracking_id": command.tracking_id,
        "customer": customer_form(command.customer),
        "order": order_form(command.order),
        "metadata": _mapping(command.metadata),
        "channel": channel_form(command.channel),
    }


def member_redemption_form(command: MemberRedemptionCommand) -> Plain:
    return {
        "member_id": command.member_id,
        "campaign_id": command.campaign_id,
        "reward_id": command.reward_id,
        "points": command.points,
        "order": order_form(command.order),
        "metadata": _mapping(command.metadata),
        "channel": channel_form(command.channel),
    }

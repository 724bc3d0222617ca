"""Protobuf requests -> the domain's commands (the same ones the JSON adapter builds).

Only translation happens here: optional fields to None, Struct to a JSON object, Timestamp
to an aware UTC datetime, enums to the domain's members, `gift`/`reward` flattened onto the
redeemable. Anything malformed raises `invalid_payload` naming the field by its path in the
request message (`redeemables[1].object`); every business rule stays in the domain.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from google.protobuf import struct_pb2
from google.protobuf.message import Message

from redemption_core.domain.model import errors, rules
from redemption_core.domain.model.redemption import Channel
from redemption_core.domain.model.rules import FieldError
from redemption_core.domain.use_cases.commands import (
    CustomerInput,
    OrderInput,
    OrderItemInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RollbackCommand,
)
from redemption_core.domain.use_cases.sessions import SessionInput

from . import enums
from ._generated import common_pb2 as common
from ._generated import order_pb2 as orders
from ._generated import redemption_pb2 as redemptions
from ._generated import redemption_service_pb2 as service

JSON_SAFE_INTEGER_MAX = 2**53
"""Struct numbers are doubles: whole ones up to this bound come back as JSON integers."""


@contextmanager
def fields_under(prefix: str) -> Iterator[None]:
    """Name the fields of errors raised inside as paths under `prefix` (`voucher.`)."""
    try:
        yield
    except errors.RedemptionError as error:
        if error.field is not None and not error.field.startswith("$"):
            error.field = f"{prefix}{error.field}"
        raise


@contextmanager
def field_rules(prefix: str = "") -> Iterator[None]:
    """A domain constructor's `FieldError` as `invalid_payload` naming the request field."""
    try:
        yield
    except FieldError as error:
        raise errors.InvalidPayload(error.rule, field=f"{prefix}{error.field}") from error


def optional(message: Message, name: str) -> Any:
    """The value of an `optional` field, None when unset."""
    if message.HasField(name):
        return getattr(message, name)
    return None


def request_id(value: str) -> str | None:
    """AIP-155 `request_id` as the ledger's idempotency key; empty means none."""
    return value or None


# -- JSON values -----------------------------------------------------------------------


def _number(number: float, field: str) -> int | float:
    if not math.isfinite(number):
        raise errors.InvalidPayload("must be a finite number", field=field)
    if number.is_integer() and abs(number) <= JSON_SAFE_INTEGER_MAX:
        return int(number)
    return number


def _json(value: struct_pb2.Value, field: str) -> Any:
    kind = value.WhichOneof("kind")
    if kind == "struct_value":
        return json_object(value.struct_value, field)
    if kind == "list_value":
        items = value.list_value.values
        return [_json(item, f"{field}[{index}]") for index, item in enumerate(items)]
    if kind == "number_value":
        return _number(value.number_value, field)
    if kind == "null_value":
        return None
    return getattr(value, kind) if kind else None


def json_object(value: struct_pb2.Struct, field: str) -> dict[str, Any]:
    return {key: _json(item, f"{field}.{key}") for key, item in value.fields.items()}


def metadata(message: Message, field: str, name: str = "metadata") -> dict[str, Any] | None:
    if not message.HasField(name):
        return None
    found: struct_pb2.Struct = getattr(message, name)
    value = json_object(found, field)
    # Protobuf lets a Struct nest ~33 levels; the ledger keeps JSON_DEPTH_MAX (as over JSON).
    with field_rules():
        rules.check_json(field, value)
    return value


def instant(message: Message, name: str, field: str) -> datetime | None:
    if not message.HasField(name):
        return None
    try:
        return getattr(message, name).ToDatetime(tzinfo=UTC)  # type: ignore[no-any-return]
    except (ValueError, OverflowError) as error:
        raise errors.InvalidPayload("is not a valid timestamp", field=field) from error


def decimal_of(value: float, field: str) -> Decimal:
    if not math.isfinite(value):
        raise errors.InvalidPayload("must be a finite number", field=field)
    # repr() is the shortest text that reads back as the same double: 12.5, not 12.4999...
    return Decimal(repr(value))


# -- customers and orders --------------------------------------------------------------


def set_fields(message: Message) -> dict[str, Any] | None:
    found = {field.name: value for field, value in message.ListFields()}
    return found or None


def customer_input(message: common.CustomerInput, field: str) -> CustomerInput:
    return CustomerInput(
        id=optional(message, "id"),
        source_id=optional(message, "source_id"),
        name=optional(message, "name"),
        email=optional(message, "email"),
        phone=optional(message, "phone"),
        description=optional(message, "description"),
        birthdate=optional(message, "birthdate"),
        address=set_fields(message.address) if message.HasField("address") else None,
        metadata=metadata(message, f"{field}.metadata"),
    )


def _item_part(message: Message, field: str) -> dict[str, Any]:
    part = {item.name: value for item, value in message.ListFields() if item.name != "metadata"}
    found = metadata(message, f"{field}.metadata")
    if found is not None:
        part["metadata"] = found
    return part


def _order_item(message: orders.OrderItemInput, field: str) -> OrderItemInput:
    return OrderItemInput(
        source_id=optional(message, "source_id"),
        product_id=optional(message, "product_id"),
        sku_id=optional(message, "sku_id"),
        related_object=optional(message, "related_object"),
        quantity=optional(message, "quantity"),
        price=optional(message, "price"),
        amount=optional(message, "amount"),
        product=(
            _item_part(message.product, f"{field}.product")
            if message.HasField("product") else None
        ),
        sku=_item_part(message.sku, f"{field}.sku") if message.HasField("sku") else None,
        metadata=metadata(message, f"{field}.metadata"),
    )


def order_input(message: orders.OrderInput, field: str) -> OrderInput:
    items = None
    if message.items:
        items = tuple(
            _order_item(item, f"{field}.items[{index}]") for index, item in enumerate(message.items)
        )
    return OrderInput(
        id=optional(message, "id"),
        source_id=optional(message, "source_id"),
        status=enums.ORDER_STATUS.decode(message.status, f"{field}.status"),
        amount=optional(message, "amount"),
        items=items,
        metadata=metadata(message, f"{field}.metadata"),
    )


def _customer_of(message: Message) -> CustomerInput | None:
    if not message.HasField("customer"):
        return None
    return customer_input(getattr(message, "customer"), "customer")  # noqa: B009


def _order_of(message: Message) -> OrderInput | None:
    if not message.HasField("order"):
        return None
    return order_input(getattr(message, "order"), "order")  # noqa: B009


# -- redemptions -----------------------------------------------------------------------


def _redeemable(message: redemptions.RedeemableInput, field: str) -> RedeemableInput:
    kind = enums.REDEEMABLE_OBJECT.require(message.object, f"{field}.object")
    if not message.id:
        raise errors.InvalidPayload("is required", field=f"{field}.id")
    has_gift, has_reward = message.HasField("gift"), message.HasField("reward")
    if kind is not RedeemableKind.VOUCHER:
        for name, sent in (("gift", has_gift), ("reward", has_reward)):
            if sent:
                raise errors.InvalidPayload(f"only a voucher takes {name}", field=f"{field}.{name}")
    return RedeemableInput(
        object=kind,
        id=message.id,
        credits=optional(message.gift, "credits"),
        reward_id=optional(message.reward, "id"),
        points=optional(message.reward, "points"),
        gift_sent=has_gift,
        reward_sent=has_reward,
    )


def redeem_command(
    message: service.RedeemRequest,
    channel: Channel,
    session_of: Callable[[Any], SessionInput | None] | None = None,
) -> RedeemCommand:
    """The command; `session_of` decodes the request's session last (its errors come after
    the other fields', as they always have), without rebuilding the command for it."""
    return RedeemCommand(
        redeemables=tuple(
            _redeemable(item, f"redeemables[{index}]")
            for index, item in enumerate(message.redeemables)
        ),
        order=_order_of(message),
        customer=_customer_of(message),
        tracking_id=optional(message, "tracking_id"),
        metadata=metadata(message, "metadata"),
        channel=channel,
        session=session_of(message) if session_of is not None else None,
    )


def rollback_command(
    message: service.RollbackRedemptionRequest | service.RollbackStackedRedemptionsRequest,
    channel: Channel,
) -> RollbackCommand:
    if not message.redemption_id:
        raise errors.InvalidPayload("is required", field="redemption_id")
    return RollbackCommand(
        redemption_id=message.redemption_id,
        reason=optional(message, "reason"),
        tracking_id=optional(message, "tracking_id"),
        customer=_customer_of(message),
        order=_order_of(message),
        metadata=metadata(message, "metadata"),
        channel=channel,
    )


def required(value: str, field: str) -> str:
    """A plain string field that must be sent (an id in a path, say)."""
    if not value:
        raise errors.InvalidPayload("is required", field=field)
    return value

"""Domain -> protobuf, the shared parts: instants, JSON objects, customers, channels,
discounts, validity windows and orders (`common.proto`, `order.proto`).

Each function builds the message of one documented object with the JSON's field names, as
`adapters/json/wire.py` renders it; a JSON `null` is an unset field, `{}` metadata an empty
Struct, money and points integer minor units. `tests/grpc/test_parity.py` walks the JSON of
real responses and checks every key and value against these messages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from google.protobuf import struct_pb2, timestamp_pb2

from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.model.order import Order, OrderItem, OrderRedemptionEntry
from redemption_core.domain.model.redemption import Channel
from redemption_core.domain.model.validity import ALWAYS, Validity

from . import enums
from ._generated import common_pb2 as common
from ._generated import order_pb2 as orders

T = TypeVar("T")
M = TypeVar("M")


@functools.lru_cache(maxsize=4096)
def _instant(moment: datetime) -> tuple[int, int]:
    # Cached: one response repeats the same few instants many times. Milliseconds, as the
    # JSON renders them (DOMAIN.md 2.2).
    micros = moment.microsecond // 1000 * 1000
    return int(moment.replace(microsecond=0).timestamp()), micros * 1000


def timestamp(moment: datetime | None) -> timestamp_pb2.Timestamp | None:
    if moment is None:
        return None
    seconds, nanos = _instant(moment)
    return timestamp_pb2.Timestamp(seconds=seconds, nanos=nanos)


def struct(value: Mapping[str, Any] | None) -> struct_pb2.Struct | None:
    """A JSON object as a Struct; None stays unset."""
    if value is None:
        return None
    made = struct_pb2.Struct()
    if value:
        made.update(_json_safe(value))
    return made


def _json_safe(value: Any) -> Any:
    """Decimals (the only non-JSON numbers a domain mapping may hold) as floats."""
    if isinstance(value, Mapping):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def number(value: Decimal | None) -> float | None:
    if value is None:
        return None
    return float(value)


def once(render: Callable[[T], M], value: T, seen: dict[int, Any] | None) -> M:
    """`render(value)` once per response for objects children share (order, customer)."""
    if seen is None:
        return render(value)
    key = id(value)
    if key not in seen:
        seen[key] = render(value)
    found: M = seen[key]
    return found


# -- small objects ---------------------------------------------------------------------


def simple_customer(customer: Customer | None) -> common.SimpleCustomer | None:
    if customer is None:
        return None
    return common.SimpleCustomer(
        id=customer.id,
        name=customer.name,
        email=customer.email,
        source_id=customer.source_id,
        metadata=struct(customer.metadata),
        object="customer",
    )


def channel(value: Channel) -> common.Channel:
    return common.Channel(
        channel_id=value.channel_id, channel_type=enums.CHANNEL_TYPE.encode(value.channel_type)
    )


def discount(value: Discount | None) -> common.Discount | None:
    if value is None:
        return None
    made = common.Discount(
        type=enums.DISCOUNT_TYPE.encode(value.type),
        effect=enums.DISCOUNT_EFFECT.encode(value.effect),
    )
    if value.type is DiscountType.AMOUNT:
        made.amount_off = value.amount_off or 0
    elif value.type is DiscountType.PERCENT:
        made.percent_off = float(value.percent_off or 0)
        if value.amount_limit is not None:
            made.amount_limit = value.amount_limit
    else:
        made.fixed_amount = value.fixed_amount or 0
    return made


def validity_fields(validity: Validity) -> dict[str, Any]:
    """The three validity fields as constructor arguments; none for "always"."""
    if validity is ALWAYS:
        return {}
    fields: dict[str, Any] = {}
    frame = validity.timeframe
    if frame is not None:
        fields["validity_timeframe"] = common.ValidityTimeframe(
            duration=frame.duration, interval=frame.interval
        )
    if validity.days_of_week:
        fields["validity_day_of_week"] = list(validity.days_of_week)
    if validity.daily_hours:
        fields["validity_hours"] = common.ValidityHours(
            daily=[
                common.DailyHours(
                    start_time=window.start_time,
                    expiration_time=window.expiration_time,
                    days_of_week=list(window.days_of_week),
                )
                for window in validity.daily_hours
            ]
        )
    return fields


# -- orders ----------------------------------------------------------------------------


_PRODUCT_KEYS = ("id", "source_id", "override", "name", "price")
_SKU_KEYS = ("id", "source_id", "override", "sku", "price")


def _item_part(
    kind: Callable[..., M], keys: Sequence[str], value: Mapping[str, Any] | None
) -> M | None:
    if value is None:
        return None
    return kind(metadata=struct(value.get("metadata")), **{key: value.get(key) for key in keys})


def order_item(item: OrderItem) -> orders.OrderItem:
    return orders.OrderItem(
        sku_id=item.sku_id,
        product_id=item.product_id,
        related_object=item.related_object,
        source_id=item.source_id,
        quantity=item.quantity,
        amount=item.amount,
        discount_amount=item.discount_amount,
        applied_discount_amount=item.applied_discount_amount,
        price=item.price,
        subtotal_amount=item.subtotal_amount,
        product=_item_part(orders.OrderItemProduct, _PRODUCT_KEYS, item.product),
        sku=_item_part(orders.OrderItemSku, _SKU_KEYS, item.sku),
        object="order_item",
        metadata=struct(item.metadata),
    )


def order_entry(entry: OrderRedemptionEntry) -> orders.OrderRedemptionEntry:
    return orders.OrderRedemptionEntry(
        date=timestamp(entry.date),
        related_object_type=enums.RELATED_OBJECT_TYPE.encode_text(entry.related_object_type),
        related_object_id=entry.related_object_id,
        related_object_parent_id=entry.related_object_parent_id,
        stacked=entry.stacked,
        rollback_id=entry.rollback_id,
        rollback_date=timestamp(entry.rollback_date),
        rollback_stacked=entry.rollback_stacked,
    )


def order(value: Order | None) -> orders.Order | None:
    if value is None:
        return None
    totals = value.totals()
    customer = None
    if value.customer_id:
        customer = orders.CustomerRef(id=value.customer_id, object="customer")
    return orders.Order(
        id=value.id,
        source_id=value.source_id,
        status=enums.ORDER_STATUS.encode(value.status),
        amount=value.amount,
        initial_amount=value.initial_amount,
        discount_amount=value.discount_amount,
        items_discount_amount=totals.items_discount_amount,
        total_discount_amount=totals.total_discount_amount,
        total_amount=totals.total_amount,
        applied_discount_amount=value.applied_discount_amount,
        items_applied_discount_amount=totals.items_applied_discount_amount,
        total_applied_discount_amount=totals.total_applied_discount_amount,
        items=[order_item(item) for item in value.items],
        metadata=struct(value.metadata),
        object="order",
        created_at=timestamp(value.created_at),
        updated_at=timestamp(value.updated_at),
        customer_id=value.customer_id,
        referrer_id=value.referrer_id,
        customer=customer,
        redemptions={entry.redemption_id: order_entry(entry) for entry in value.redemptions},
    )

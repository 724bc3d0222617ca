"""Domain -> protobuf bytes for the Redeem response, written straight from the domain
objects (`wire_format`), with no message objects in between.

Building the response as upb messages cost more than the rest of the adapter: every
nested message was constructed from keyword arguments and then copied into its parent,
and the order a stack shares was copied once per redemption. Here each part is written
once, as bytes, and a shared order, channel or customer is spliced wherever it appears.
The fields and values are exactly those of `encode.redeem_response` (the reference,
kept for the other RPCs and for the parity test): the bytes are that message's
`SerializeToString(deterministic=True)`. The rarely filled parts (promotion tiers,
rewards, validity windows, item products, outcomes) are built by the reference's
functions and serialized into place.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.model.order import Order, OrderItem, OrderRedemptionEntry
from redemption_core.domain.model.redemption import Channel, Redemption, RelatedRef
from redemption_core.domain.model.validity import ALWAYS, Validity
from redemption_core.domain.model.voucher import Voucher, VoucherType
from redemption_core.domain.use_cases.commands import RedeemResult

from . import encode, enums
from ._generated import catalog_pb2 as catalog
from ._generated import common_pb2 as common
from ._generated import order_pb2 as orders
from ._generated import redemption_pb2 as redemptions
from ._generated import redemption_service_pb2 as service
from .encode_catalog import promotion_tier
from .encode_common import _PRODUCT_KEYS, _SKU_KEYS, _instant, _item_part, once, validity_fields
from .wire_format import Shape, json_object, serialized
from .wire_format import timestamp as timestamp_body


def _timestamp(moment: datetime | None) -> bytes | None:
    if moment is None:
        return None
    return _timestamp_of(moment)


@functools.lru_cache(maxsize=4096)
def _timestamp_of(moment: datetime) -> bytes:
    # As `encode_common._instant`: one response repeats the same few instants many times.
    return timestamp_body(*_instant(moment))


def _struct(value: Any) -> bytes | None:
    return None if value is None else json_object(value)


# -- small objects -------------------------------------------------------------------------

_CUSTOMER = Shape(common.SimpleCustomer, "id", "name", "email", "source_id", "metadata", "object")
_CHANNEL = Shape(common.Channel, "channel_id", "channel_type")
_DISCOUNT = Shape(
    common.Discount, "type", "amount_off", "percent_off", "amount_limit", "fixed_amount", "effect"
)


def simple_customer(customer: Customer | None) -> bytes | None:
    if customer is None:
        return None
    return _CUSTOMER.encode(customer.id, customer.name, customer.email, customer.source_id,
                            _struct(customer.metadata), "customer")


def channel(value: Channel) -> bytes:
    return _CHANNEL.encode(value.channel_id, enums.CHANNEL_TYPE.encode(value.channel_type))


def discount(value: Discount | None) -> bytes | None:
    if value is None:
        return None
    amount_off = percent_off = amount_limit = fixed_amount = None
    if value.type is DiscountType.AMOUNT:
        amount_off = value.amount_off or 0
    elif value.type is DiscountType.PERCENT:
        percent_off = float(value.percent_off or 0)
        amount_limit = value.amount_limit
    else:
        fixed_amount = value.fixed_amount or 0
    return _DISCOUNT.encode(enums.DISCOUNT_TYPE.encode(value.type), amount_off, percent_off,
                            amount_limit, fixed_amount, enums.DISCOUNT_EFFECT.encode(value.effect))


# -- orders --------------------------------------------------------------------------------

_ORDER = Shape(
    orders.Order, "id", "source_id", "status", "amount", "initial_amount", "discount_amount",
    "items_discount_amount", "total_discount_amount", "total_amount", "applied_discount_amount",
    "items_applied_discount_amount", "total_applied_discount_amount", "items", "metadata",
    "object", "created_at", "updated_at", "customer_id", "referrer_id", "customer", "redemptions",
)
_CUSTOMER_REF = Shape(orders.CustomerRef, "id", "object")
_ITEM = Shape(
    orders.OrderItem, "sku_id", "product_id", "related_object", "source_id", "quantity", "amount",
    "discount_amount", "applied_discount_amount", "price", "subtotal_amount", "product", "sku",
    "object", "metadata",
)
_ENTRY = Shape(
    orders.OrderRedemptionEntry, "date", "related_object_type", "related_object_id",
    "related_object_parent_id", "stacked", "rollback_id", "rollback_date", "rollback_stacked",
)


def order_item(item: OrderItem) -> bytes:
    return _ITEM.encode(
        item.sku_id, item.product_id, item.related_object, item.source_id, item.quantity,
        item.amount, item.discount_amount, item.applied_discount_amount, item.price,
        item.subtotal_amount,
        serialized(_item_part(orders.OrderItemProduct, _PRODUCT_KEYS, item.product)),
        serialized(_item_part(orders.OrderItemSku, _SKU_KEYS, item.sku)),
        "order_item", _struct(item.metadata),
    )


def order_entry(entry: OrderRedemptionEntry) -> bytes:
    return _ENTRY.encode(
        _timestamp(entry.date),
        enums.RELATED_OBJECT_TYPE.encode_text(entry.related_object_type),
        entry.related_object_id, entry.related_object_parent_id, entry.stacked,
        entry.rollback_id, _timestamp(entry.rollback_date), entry.rollback_stacked,
    )


def order(value: Order | None) -> bytes | None:
    if value is None:
        return None
    totals = value.totals()
    customer = None
    if value.customer_id:
        customer = _CUSTOMER_REF.encode(value.customer_id, "customer")
    return _ORDER.encode(
        value.id, value.source_id, enums.ORDER_STATUS.encode(value.status), value.amount,
        value.initial_amount, value.discount_amount, totals.items_discount_amount,
        totals.total_discount_amount, totals.total_amount,
        value.applied_discount_amount, totals.items_applied_discount_amount,
        totals.total_applied_discount_amount,
        [order_item(item) for item in value.items], _struct(value.metadata), "order",
        _timestamp(value.created_at), _timestamp(value.updated_at), value.customer_id,
        value.referrer_id, customer,
        # A later entry for the same redemption replaces an earlier one, as in a dict.
        {entry.redemption_id: order_entry(entry) for entry in value.redemptions},
    )


# -- vouchers ------------------------------------------------------------------------------

_VOUCHER = Shape(
    catalog.Voucher, "id", "code", "campaign", "campaign_id", "category", "category_id", "type",
    "discount", "gift", "loyalty_card", "start_date", "expiration_date", "validity_timeframe",
    "validity_day_of_week", "validity_hours", "active", "additional_info", "metadata",
    "is_referral_code", "created_at", "updated_at", "holder_id", "object", "publish",
    "redemption", "holder",
)
_PUBLISH = Shape(catalog.VoucherPublish, "object", "count", "url")
_COUNTERS = Shape(
    catalog.VoucherRedemption, "quantity", "redeemed_quantity", "redeemed_amount",
    "redeemed_points", "object", "url",
)
_GIFT = Shape(catalog.VoucherGift, "amount", "subtracted_amount", "balance", "effect")
_CARD = Shape(
    catalog.VoucherLoyaltyCard, "points", "balance", "pending_points", "expired_points",
    "subtracted_points",
)


def _validity(validity: Validity) -> tuple[bytes | None, list[int] | None, bytes | None]:
    if validity is ALWAYS:
        return None, None, None
    fields = validity_fields(validity)
    return (serialized(fields.get("validity_timeframe")), fields.get("validity_day_of_week"),
            serialized(fields.get("validity_hours")))


def voucher(
    value: Voucher | None, *, holder: Customer | None = None, with_holder: bool = False
) -> bytes | None:
    if value is None:
        return None
    holder_of = None
    if with_holder and holder is not None and holder.id == value.holder_id:
        holder_of = simple_customer(holder)
    gift = card = redeemed_amount = redeemed_points = None
    if value.type is VoucherType.GIFT_VOUCHER and value.gift is not None:
        redeemed_amount = value.redeemed_amount
        given = value.gift
        gift = _GIFT.encode(given.amount, given.subtracted_amount, given.balance,
                            enums.DISCOUNT_EFFECT.encode(given.effect))
    if value.type is VoucherType.LOYALTY_CARD and value.loyalty_card is not None:
        redeemed_points = value.redeemed_points
        held = value.loyalty_card
        card = _CARD.encode(held.points, held.balance, held.pending_points, held.expired_points,
                            held.subtracted_points)
    code = value.code
    counters = _COUNTERS.encode(
        value.quantity, value.redeemed_quantity, redeemed_amount, redeemed_points, "list",
        f"/v1/vouchers/{code}/redemptions?page=1&limit=10",
    )
    publish = _PUBLISH.encode(
        "list", value.publish_count, f"/v1/vouchers/{code}/publications?page=1&limit=10"
    )
    timeframe, days, hours = _validity(value.validity)
    return _VOUCHER.encode(
        value.id, code, value.campaign, value.campaign_id, value.category, value.category_id,
        enums.VOUCHER_TYPE.encode(value.type), discount(value.discount), gift, card,
        _timestamp(value.start_date), _timestamp(value.expiration_date), timeframe, days, hours,
        value.active, value.additional_info, _struct(value.metadata), value.is_referral_code,
        _timestamp(value.created_at), _timestamp(value.updated_at), value.holder_id, "voucher",
        publish, counters, holder_of,
    )


# -- redemptions ---------------------------------------------------------------------------

_REDEMPTION = Shape(
    redemptions.Redemption, "id", "object", "date", "customer_id", "tracking_id", "metadata",
    "amount", "redemption", "result", "status", "session", "related_redemptions", "failure_code",
    "failure_message", "order", "channel", "customer", "related_object_type",
    "related_object_id", "promotion_tier", "reward", "gift", "loyalty_card", "voucher",
)
_RELATED = Shape(redemptions.RelatedRedemptions, "rollbacks", "redemptions")
_REF = Shape(redemptions.RelatedRedemption, "id", "date", "rollback_order_mode")
_SESSION = Shape(redemptions.Session, "key")
_SPENT_GIFT = Shape(redemptions.RedemptionGift, "amount")
_SPENT_POINTS = Shape(redemptions.RedemptionLoyaltyCard, "points")
_RESPONSE = Shape(
    service.RedeemResponse, "redemptions", "parent_redemption", "order",
    "inapplicable_redeemables", "skipped_redeemables",
)


def _refs(refs: Sequence[RelatedRef], with_mode: bool) -> list[bytes]:
    return [
        _REF.encode(
            ref.id, _timestamp(ref.date),
            enums.ROLLBACK_ORDER_MODE.encode(ref.rollback_order_mode if with_mode else None),
        )
        for ref in refs
    ]


def redemption(value: Redemption, seen: dict[int, Any]) -> bytes:
    """`encode.redemption` as bytes (the Redeem variant, without `rollback_order_mode`)."""
    spent_gift = spent_points = None
    spent_on = value.voucher
    if value.amount is not None and spent_on is not None:
        if spent_on.type is VoucherType.GIFT_VOUCHER:
            spent_gift = _SPENT_GIFT.encode(value.amount)
        elif spent_on.type is VoucherType.LOYALTY_CARD:
            spent_points = _SPENT_POINTS.encode(value.amount)
    return _REDEMPTION.encode(
        value.id, "redemption", _timestamp(value.date), value.customer_id, value.tracking_id,
        _struct(value.metadata), value.amount, value.parent_id,
        enums.RESULT.encode(value.result), enums.REDEMPTION_STATUS.encode(value.status),
        _SESSION.encode(value.session_key) if value.session_key is not None else None,
        _RELATED.encode(_refs(value.rollbacks, False), _refs(value.children, False)),
        value.failure_code, value.failure_message,
        once(order, value.order, seen), once(channel, value.channel, seen),
        once(simple_customer, value.customer, seen),
        enums.RELATED_OBJECT_TYPE.encode(value.related_object_type), value.related_object_id,
        serialized(promotion_tier(value.promotion_tier, value.campaign)),
        serialized(encode.reward_result(value.reward)), spent_gift, spent_points,
        voucher(spent_on, holder=value.customer, with_holder=True),
    )


def redeem_response(value: RedeemResult) -> bytes:
    """A RedeemResponse's bytes; the order a stack shares is written once."""
    seen: dict[int, Any] = {}
    parent = value.parent
    return _RESPONSE.encode(
        [redemption(child, seen) for child in value.redemptions],
        redemption(parent, seen) if parent is not None else None,
        once(order, value.order, seen),
        [encode.redeemable_outcome(item).SerializeToString(deterministic=True)
         for item in value.inapplicable],
        [encode.redeemable_outcome(item).SerializeToString(deterministic=True)
         for item in value.skipped],
    )

"""Domain objects as Voucherify's documented JSON (DOMAIN.md 3-5, 15).

Each function returns the wire dict of one documented object, every key the spec defines
for it present (null when it does not apply), dates as ISO 8601 UTC with milliseconds and
`Z`, money as integer minor units. `register_wire_hooks` makes them the unstructure hooks of
the one converter, so `converter.unstructure(domain_object)` is the response body.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import cattrs

from redemption_core.domain.model.campaign import Campaign, PromotionTier
from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.model.order import Order, OrderItem, OrderRedemptionEntry
from redemption_core.domain.model.redemption import Channel, Redemption, RelatedRef, RewardResult
from redemption_core.domain.model.redemption_rollback import RedemptionRollback
from redemption_core.domain.model.reward import Reward, RewardAssignment
from redemption_core.domain.model.validity import ALWAYS, Validity
from redemption_core.domain.model.voucher import Voucher, VoucherType
from redemption_core.domain.read_side.summary import CustomerSummary
from redemption_core.domain.use_cases.commands import (
    RedeemableOutcome,
    RedeemResult,
    StackedRollbackResult,
)

Wire = dict[str, Any]


def date(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return _date(moment)


@functools.lru_cache(maxsize=4096)
def _date(moment: datetime) -> str:
    # Cached: one response repeats the same few instants many times.
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def number(value: Decimal | None) -> int | float | None:
    """A JSON number: an integer when whole, else the nearest float (ratios, percents only)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def simple_customer(customer: Customer | None) -> Wire | None:
    if customer is None:
        return None
    return {
        "id": customer.id,
        "name": customer.name,
        "email": customer.email,
        "source_id": customer.source_id,
        "metadata": dict(customer.metadata),
        "object": "customer",
    }


def discount(value: Discount | None) -> Wire | None:
    if value is None:
        return None
    return _discount(value)


@functools.lru_cache(maxsize=1024)
def _discount(value: Discount) -> Wire:
    # A voucher keeps its Discount object across every version, so each is rendered once.
    wire: Wire = {"type": value.type.value}
    if value.type is DiscountType.AMOUNT:
        wire["amount_off"] = value.amount_off
    elif value.type is DiscountType.PERCENT:
        wire["percent_off"] = number(value.percent_off)
        if value.amount_limit is not None:
            wire["amount_limit"] = value.amount_limit
    else:
        wire["fixed_amount"] = value.fixed_amount
    wire["effect"] = value.effect.value
    return wire


_NO_VALIDITY: Wire = {
    "validity_timeframe": None,
    "validity_day_of_week": None,
    "validity_hours": None,
}


def validity_fields(validity: Validity) -> Wire:
    if validity is ALWAYS:
        return _NO_VALIDITY
    timeframe = validity.timeframe
    hours = validity.daily_hours
    return {
        "validity_timeframe": (
            {"duration": timeframe.duration, "interval": timeframe.interval} if timeframe else None
        ),
        "validity_day_of_week": list(validity.days_of_week) if validity.days_of_week else None,
        "validity_hours": (
            {
                "daily": [
                    {
                        "start_time": window.start_time,
                        "expiration_time": window.expiration_time,
                        "days_of_week": list(window.days_of_week),
                    }
                    for window in hours
                ]
            }
            if hours
            else None
        ),
    }


def voucher_balances(value: Voucher) -> tuple[Wire, Wire | None, Wire | None]:
    """A voucher's `redemption` counters and its `gift` / `loyalty_card` balances."""
    code = value.code
    redemption: Wire = {
        "quantity": value.quantity,
        "redeemed_quantity": value.redeemed_quantity,
        "object": "list",
        "url": f"/v1/vouchers/{code}/redemptions?page=1&limit=10",
    }
    gift = loyalty = None
    if value.type is VoucherType.GIFT_VOUCHER and value.gift is not None:
        redemption["redeemed_amount"] = value.redeemed_amount
        gift = {
            "amount": value.gift.amount,
            "subtracted_amount": value.gift.subtracted_amount,
            "balance": value.gift.balance,
            "effect": value.gift.effect.value,
        }
    if value.type is VoucherType.LOYALTY_CARD and value.loyalty_card is not None:
        redemption["redeemed_points"] = value.redeemed_points
        card = value.loyalty_card
        loyalty = {
            "points": card.points,
            "balance": card.balance,
            "next_expiration_date": None,
            "next_expiration_points": None,
            "pending_points": card.pending_points,
            "expired_points": card.expired_points,
            "subtracted_points": card.subtracted_points,
        }
    return redemption, gift, loyalty


def voucher(
    value: Voucher | None,
    *,
    holder: Customer | None = None,
    with_holder: bool = False,
    member: bool = False,
) -> Wire | None:
    """A Voucher; `with_holder` adds `holder` (redemption variant), `member` drops the keys
    the loyalty member response does not have (`categories`, `referrer_id`)."""
    if value is None:
        return None
    code = value.code
    redemption, gift, loyalty = voucher_balances(value)
    wire: Wire = {
        "id": value.id,
        "code": code,
        "campaign": value.campaign,
        "campaign_id": value.campaign_id,
        "category": value.category,
        "category_id": value.category_id,
        "categories": [],
        "type": value.type.value,
        "discount": discount(value.discount),
        "gift": gift,
        "loyalty_card": loyalty,
        "start_date": date(value.start_date),
        "expiration_date": date(value.expiration_date),
        **validity_fields(value.validity),
        "active": value.active,
        "additional_info": value.additional_info,
        "metadata": dict(value.metadata),
        "assets": None,
        "is_referral_code": value.is_referral_code,
        "created_at": date(value.created_at),
        "updated_at": date(value.updated_at),
        "holder_id": value.holder_id,
        "referrer_id": None,
        "object": "voucher",
        "publish": {
            "object": "list",
            "count": value.publish_count,
            "url": f"/v1/vouchers/{code}/publications?page=1&limit=10",
        },
        "redemption": redemption,
    }
    if member:
        del wire["categories"], wire["referrer_id"]
    if with_holder:
        wire["holder"] = (
            simple_customer(holder) if holder and holder.id == value.holder_id else None
        )
    return wire


def order_item(item: OrderItem) -> Wire:
    return {
        "sku_id": item.sku_id,
        "product_id": item.product_id,
        "related_object": item.related_object,
        "source_id": item.source_id,
        "quantity": item.quantity,
        "amount": item.amount,
        "discount_amount": item.discount_amount,
        "applied_discount_amount": item.applied_discount_amount,
        "price": item.price,
        "subtotal_amount": item.subtotal_amount,
        "product": dict(item.product) if item.product is not None else None,
        "sku": dict(item.sku) if item.sku is not None else None,
        "object": "order_item",
        "metadata": dict(item.metadata),
    }


def order_entry(entry: OrderRedemptionEntry) -> Wire:
    wire: Wire = {
        "date": date(entry.date),
        "related_object_type": entry.related_object_type,
        "related_object_id": entry.related_object_id,
        "related_object_parent_id": entry.related_object_parent_id,
    }
    if entry.stacked:
        wire["stacked"] = list(entry.stacked)
    if entry.rollback_id is not None:
        wire["rollback_id"] = entry.rollback_id
        wire["rollback_date"] = date(entry.rollback_date)
    if entry.rollback_stacked:
        wire["rollback_stacked"] = list(entry.rollback_stacked)
    return wire


def order(value: Order | None) -> Wire | None:
    if value is None:
        return None
    totals = value.totals()
    return {
        "id": value.id,
        "source_id": value.source_id,
        "status": value.status.value,
        "amount": value.amount,
        "initial_amount": value.initial_amount,
        "discount_amount": value.discount_amount,
        "items_discount_amount": totals.items_discount_amount,
        "total_discount_amount": totals.total_discount_amount,
        "total_amount": totals.total_amount,
        "applied_discount_amount": value.applied_discount_amount,
        "items_applied_discount_amount": totals.items_applied_discount_amount,
        "total_applied_discount_amount": totals.total_applied_discount_amount,
        "items": [order_item(item) for item in value.items],
        "metadata": dict(value.metadata),
        "object": "order",
        "created_at": date(value.created_at),
        "updated_at": date(value.updated_at),
        "customer_id": value.customer_id,
        "referrer_id": value.referrer_id,
        "customer": {"id": value.customer_id, "object": "customer"} if value.customer_id else None,
        "referrer": None,
        "redemptions": {entry.redemption_id: order_entry(entry) for entry in value.redemptions},
    }


def campaign_ref(value: Campaign | None) -> Wire | None:
    if value is None:
        return None
    return {
        "id": value.id,
        "start_date": date(value.start_date),
        "expiration_date": date(value.expiration_date),
        **validity_fields(value.validity),
        "active": value.active,
        "category_id": value.category_id,
        "object": "campaign",
    }


def promotion_tier(value: PromotionTier | None, campaign: Campaign | None) -> Wire | None:
    if value is None:
        return None
    return {
        "id": value.id,
        "created_at": date(value.created_at),
        "updated_at": date(value.updated_at),
        "name": value.name,
        "banner": value.banner,
        "action": {"discount": discount(value.discount)},
        "metadata": dict(value.metadata),
        "hierarchy": value.hierarchy,
        "promotion_id": value.campaign_id,
        "campaign": campaign_ref(campaign),
        "campaign_id": value.campaign_id,
        "active": value.active,
        "start_date": date(value.start_date),
        "expiration_date": date(value.expiration_date),
        **validity_fields(value.validity),
        "summary": {
            "redemptions": {"total_redeemed": value.total_redeemed},
            "orders": {
                "total_amount": value.orders_total_amount,
                "total_discount_amount": value.orders_total_discount_amount,
            },
        },
        "object": "promotion_tier",
        "validation_rule_assignments": None,
        "category_id": value.category_id,
        "categories": [],
    }


def reward_parameters(value: Reward) -> Wire:
    if value.campaign is not None:
        return {
            "campaign": {
                "id": value.campaign.campaign_id,
                "balance": value.campaign.balance,
                "type": value.campaign.campaign_type,
            }
        }
    if value.coin is not None:
        return {
            "coin": {
                "exchange_ratio": number(value.coin.exchange_ratio),
                "points_ratio": number(value.coin.points_ratio),
            }
        }
    if value.product is not None:
        return {"product": {"id": value.product.product_id, "sku_id": value.product.sku_id}}
    return {}


def reward(value: Reward) -> Wire:
    return {
        "id": value.id,
        "name": value.name,
        "stock": value.stock,
        "redeemed": value.redeemed,
        "attributes": dict(value.attributes),
        "metadata": dict(value.metadata),
        "type": value.type.value,
        "parameters": reward_parameters(value),
        "created_at": date(value.created_at),
        "updated_at": date(value.updated_at),
        "object": "reward",
    }


def reward_result(value: RewardResult | None) -> Wire | None:
    if value is None:
        return None
    product = value.reward.product
    return {
        "customer": simple_customer(value.customer),
        "assignment_id": value.assignment_id,
        "voucher": voucher(value.voucher),
        "product": {"id": product.product_id} if product else None,
        "sku": {"id": product.sku_id} if product and product.sku_id else None,
        "loyalty_tier_id": value.loyalty_tier_id,
        "id": value.reward.id,
        "name": value.reward.name,
        "object": "reward",
        "created_at": date(value.reward.created_at),
        "updated_at": date(value.reward.updated_at),
        "parameters": reward_parameters(value.reward),
        "metadata": dict(value.reward.metadata),
        "type": value.reward.type.value,
    }


def channel(value: Channel) -> Wire:
    return {"channel_id": value.channel_id, "channel_type": value.channel_type.value}


def related_refs(refs: Sequence[RelatedRef], with_mode: bool) -> list[Wire]:
    """`related_redemptions.rollbacks`/`.redemptions` items; `with_mode` adds the rollback
    order mode, as GET one and the lists show it."""
    wires = []
    for ref in refs:
        wire: Wire = {"id": ref.id, "date": date(ref.date)}
        if with_mode and ref.rollback_order_mode is not None:
            wire["rollback_order_mode"] = ref.rollback_order_mode.value
        wires.append(wire)
    return wires


def _spend(kind: VoucherType | None, amount: int | None) -> tuple[Wire | None, Wire | None]:
    if amount is None:
        return None, None
    if kind is VoucherType.GIFT_VOUCHER:
        return {"amount": amount}, None
    if kind is VoucherType.LOYALTY_CARD:
        return None, {"points": amount}
    return None, None


def _once(render: Any, value: Any, seen: dict[int, Any] | None) -> Any:
    """`render(value)`, computed once per response for objects the children share (the
    customer, the channel, an order snapshot)."""
    if seen is None:
        return render(value)
    key = id(value)
    if key not in seen:
        seen[key] = render(value)
    return seen[key]


def redemption(
    value: Redemption, *, read: bool = False, seen: dict[int, Any] | None = None
) -> Wire:
    """A Redemption; `read` adds `rollback_order_mode` as GET one / list do."""
    gift, loyalty = _spend(value.voucher.type if value.voucher else None, value.amount)
    return {
        "id": value.id,
        "object": "redemption",
        "date": date(value.date),
        "customer_id": value.customer_id,
        "tracking_id": value.tracking_id,
        "metadata": dict(value.metadata),
        "amount": value.amount,
        "redemption": value.parent_id,
        "result": value.result.value,
        "status": value.status.value,
        "session": {"key": value.session_key} if value.session_key is not None else None,
        "related_redemptions": {
            "rollbacks": related_refs(value.rollbacks, read),
            "redemptions": related_refs(value.children, False),
        },
        "failure_code": value.failure_code,
        "failure_message": value.failure_message,
        "order": _once(order, value.order, seen),
        "channel": _once(channel, value.channel, seen),
        "customer": _once(simple_customer, value.customer, seen),
        "related_object_type": value.related_object_type.value,
        "related_object_id": value.related_object_id,
        "promotion_tier": promotion_tier(value.promotion_tier, value.campaign),
        "reward": reward_result(value.reward),
        "gift": gift,
        "loyalty_card": loyalty,
        "voucher": voucher(value.voucher, holder=value.customer, with_holder=True),
    }


def rollback(value: RedemptionRollback) -> Wire:
    gift, loyalty = _spend(value.voucher.type if value.voucher else None, value.amount)
    return {
        "id": value.id,
        "object": "redemption_rollback",
        "date": date(value.date),
        "customer_id": value.customer_id,
        "tracking_id": value.tracking_id,
        "metadata": dict(value.metadata),
        "amount": value.amount,
        "redemption": value.redemption_id,
        "reason": value.reason,
        "result": value.result.value,
        "status": value.status.value,
        "failure_code": value.failure_code,
        "failure_message": value.failure_message,
        "order": order(value.order),
        "channel": channel(value.channel),
        "customer": simple_customer(value.customer),
        "related_object_type": value.related_object_type.value,
        "related_object_id": value.related_object_id,
        "voucher": voucher(value.voucher),
        "promotion_tier": promotion_tier(value.promotion_tier, value.campaign),
        "reward": reward_result(value.reward),
        "gift": gift,
        "loyalty_card": loyalty,
    }


def redeemable_outcome(value: RedeemableOutcome) -> Wire:
    result: Wire = {"details": {"key": value.key, "message": value.message}}
    if value.error_code is not None:
        result["error"] = {"code": 400, "key": value.error_code, "message": value.message}
    return {
        "status": value.status,
        "id": value.id,
        "object": value.object.value,
        "result": result,
        "metadata": dict(value.metadata) if value.metadata is not None else None,
        "categories": [],
        "campaign_name": value.campaign_name,
        "campaign_id": value.campaign_id,
        "name": value.name,
    }


def redeem_result(value: RedeemResult) -> Wire:
    seen: dict[int, Any] = {}
    # One order dict may appear in several places of the body: treat responses as read-only.
    children = [redemption(child, seen=seen) for child in value.redemptions]
    parent = redemption(value.parent, seen=seen) if value.parent is not None else None
    return {
        "redemptions": children,
        "parent_redemption": parent,
        "order": _once(order, value.order, seen),
        "inapplicable_redeemables": [redeemable_outcome(item) for item in value.inapplicable],
        "skipped_redeemables": [redeemable_outcome(item) for item in value.skipped],
    }


def stacked_rollback(value: StackedRollbackResult) -> Wire:
    parent = value.parent_rollback
    return {
        "rollbacks": [rollback(item) for item in value.rollbacks],
        "parent_rollback": rollback(parent) if parent is not None else None,
        "order": order(value.order),
    }


def campaign(value: Campaign, tiers: Sequence[PromotionTier] = ()) -> Wire:
    template = value.template
    wire: Wire = {
        "id": value.id,
        "name": value.name,
        "description": value.description,
        "campaign_type": value.campaign_type.value,
        "type": value.type.value,
        "voucher": _template(value) if template is not None else None,
        "vouchers_count": value.vouchers_count,
        "start_date": date(value.start_date),
        "expiration_date": date(value.expiration_date),
        **validity_fields(value.validity),
        "active": value.active,
        "metadata": dict(value.metadata),
        "created_at": date(value.created_at),
        "updated_at": date(value.updated_at),
        "category": value.category,
        "category_id": value.category_id,
        "categories": [],
        "object": "campaign",
    }
    if value.campaign_type.value == "PROMOTION":
        wire["promotion"] = {
            "object": "list",
            "data_ref": "tiers",
            "tiers": [promotion_tier(tier, value) for tier in tiers],
            "total": len(tiers),
            "has_more": False,
        }
    return wire


def _template(value: Campaign) -> Wire:
    template = value.template
    if template is None:
        return {}
    wire: Wire = {
        "type": template.type.value,
        "redemption": {"quantity": template.quantity},
        "code_config": {
            "pattern": template.code_config.pattern,
            "length": template.code_config.length,
            "charset": template.code_config.charset,
            "prefix": template.code_config.prefix,
            "postfix": template.code_config.postfix,
        },
    }
    if template.discount is not None:
        wire["discount"] = discount(template.discount)
    if template.gift_amount is not None:
        wire["gift"] = {"amount": template.gift_amount, "effect": template.gift_effect}
    if template.loyalty_points is not None:
        wire["loyalty_card"] = {"points": template.loyalty_points}
    return wire


def reward_assignment(value: RewardAssignment) -> Wire:
    return {
        "id": value.id,
        "reward_id": value.reward_id,
        "created_at": date(value.created_at),
        "updated_at": date(value.updated_at),
        "object": "reward_assignment",
        "related_object_id": value.campaign_id,
        "related_object_type": "campaign",
        "parameters": {"loyalty": {"points": value.points}} if value.points is not None else None,
    }


_ADDRESS_KEYS = ("city", "state", "line_1", "line_2", "country", "postal_code")


def customer(value: Customer, summary: CustomerSummary) -> Wire:
    """GET /v1/customers/{id} (`CustomerWithSummaryLoyaltyReferrals`).

    `summary.redemptions` are the counters of DOMAIN.md 9.7. What this ledger does not keep
    is null rather than a guess: the order statistics of `summary.orders`, `loyalty`
    (per-campaign points and tiers), `referrals`, `system_metadata`, `assets`; `birthday`
    is the deprecated spelling folded into `birthdate`.
    """
    address = value.address
    return {
        "id": value.id,
        "source_id": value.source_id,
        "name": value.name,
        "email": value.email,
        "phone": value.phone,
        "birthday": None,
        "birthdate": value.birthdate,
        "address": {key: address.get(key) for key in _ADDRESS_KEYS} if address else None,
        "metadata": dict(value.metadata),
        "summary": {
            "redemptions": {
                "total_redeemed": summary.total_redeemed,
                "total_failed": summary.total_failed,
                "total_succeeded": summary.total_succeeded,
                "total_rolled_back": summary.total_rolled_back,
                "total_rollback_failed": summary.total_rollback_failed,
                "total_rollback_succeeded": summary.total_rollback_succeeded,
                "gift": {
                    "redeemed_amount": summary.gift_redeemed_amount,
                    "amount_to_go": summary.gift_amount_to_go,
                },
                "loyalty_card": {
                    "redeemed_points": summary.loyalty_redeemed_points,
                    "points_to_go": summary.loyalty_points_to_go,
                },
            },
            "orders": {
                "total_amount": None,
                "total_count": None,
                "average_amount": None,
                "last_order_amount": None,
                "last_order_date": None,
            },
        },
        "loyalty": None,
        "referrals": None,
        "system_metadata": None,
        "created_at": date(value.created_at),
        "updated_at": date(value.updated_at),
        "assets": None,
        "object": "customer",
    }


def register_wire_hooks(converter: cattrs.Converter) -> None:
    """Make these functions the converter's way of unstructuring domain objects."""
    hooks: Mapping[type[Any], Any] = {
        Redemption: redemption,
        RedemptionRollback: rollback,
        RedeemResult: redeem_result,
        StackedRollbackResult: stacked_rollback,
        Voucher: voucher,
        Reward: reward,
        RewardAssignment: reward_assignment,
        Order: order,
        Customer: simple_customer,
        Campaign: campaign,
    }
    for kind, hook in hooks.items():
        converter.register_unstructure_hook(kind, hook)

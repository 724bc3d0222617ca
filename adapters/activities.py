"""Customer activities as both APIs show them (DOMAIN.md 5.2, 11.2): the one renderer of
GET /v1/customers/{customerId}/activity entries, of gRPC's `CustomerActivity.data` and of
the events feed's `data`.

An activity is `{id: evcus_…, type, data: {data, event_source}, created_at, group_id}`; the
inner `data` is the event's object (docs/decisions.md, "Customer activity"):

- `customer.redemption.*`: `{customer, order, campaign, voucher, holder, promotion_tier,
  promotion_stack, redemption}` plus `redemption_rollback` for the rollback types. The
  `redemption` is the seed-000 activity redemption (`RedemptionInternal` plus `date`); the
  other members are the spec's simple shapes of `EventCustomerRedemption*`.
- `customer.reward_redemptions.*`: `{customer, holder, voucher, campaign,
  reward_redemption, reward, reward_assignment, source, balance}`
  (`EventCustomerRewardRedemptions`), read from the redemption that paid for the reward.

Every activity shows the records as the event saw them: the event's own snapshots, or for
reward activities the immutable snapshots of the redemption (and its rollback) behind them
(`ActivityRecords`, read for a whole page in at most two store calls). The members are the
documented JSON objects, so the shapes of orders, vouchers and customers are the JSON
wire's (`adapters/json/wire.py`); the gRPC adapter places the result in a Struct and
imports this module, not the JSON adapter.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from redemption_core.domain.model.campaign import Campaign, PromotionTier
from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.events import EventType, LedgerEvent
from redemption_core.domain.model.order import Order, OrderItem
from redemption_core.domain.model.redemption import Channel, ChannelType, Redemption, RewardResult
from redemption_core.domain.model.redemption_rollback import RedemptionRollback
from redemption_core.domain.model.reward import RewardType
from redemption_core.domain.model.reward_redemption import RewardRedemption
from redemption_core.domain.model.voucher import Voucher, VoucherType
from redemption_core.domain.read_side.activity import (
    REWARD_EVENTS,
    ActivityQuery,
    ActivityRecords,
)
from redemption_core.domain.use_cases.ledger import Ledger

from .json import catalog_wire, wire
from .json.wire import Wire, date

"""Voucherify's documented activity types, which a `type` filter may name."""

_REWARD_EVENTS = REWARD_EVENTS
_ROLLBACK_EVENTS = frozenset({EventType.ROLLBACK_SUCCEEDED, EventType.ROLLBACK_FAILED})

Context = ActivityRecords
"""What an activity is about (the domain's read-side view)."""


def context(ledger: Ledger, event: LedgerEvent) -> Context:
    """The records of one event (the events feed renders them one at a time)."""
    return ledger.activity_records((event,))[0]


def contexts(ledger: Ledger, events: Sequence[LedgerEvent]) -> tuple[Context, ...]:
    """The records of a page of events, in a bounded number of store reads."""
    return ledger.activity_records(events)


@attrs.frozen
class Page:
    activities: tuple[Context, ...]
    has_more: bool

    @property
    def more_starting_after(self) -> str | None:
        if not self.has_more or not self.activities:
            return None
        return self.activities[-1].event.activity_id


def page(ledger: Ledger, customer_id: str, query: ActivityQuery) -> Page:
    """One page of a customer's activities (`query` may carry the campaign filters, which
    the Ledger applies) with the records each is about."""
    found = ledger.customer_activities(customer_id, query)
    return Page(contexts(ledger, found.activities), found.has_more)


def activity(found: Context) -> Wire:
    event = found.event
    record = found.record
    return {
        "id": event.activity_id,
        "type": event.type.activity_type,
        "data": {
            "data": _data(found),
            "event_source": event_source(record.channel if record is not None else None),
        },
        "created_at": date(event.created_at),
        "group_id": event.group_id,
    }


def _data(found: Context) -> Wire:
    if found.event.type in catalog_wire.LIFECYCLE_ACTIVITIES:
        return catalog_wire.activity_data(found.event, simple_voucher, simple_campaign)
    if found.event.type in _REWARD_EVENTS:
        return reward_redemption_data(found)
    return redemption_data(found)


def event_source(channel: Channel | None) -> Wire:
    """`EventSource`: the API key's app id, the dashboard user, or INTERNAL (auto-redeem)."""
    source: Wire = {"channel": None, "user": None, "api_key": None}
    if channel is None:
        return source
    if channel.channel_type is ChannelType.API:
        source.update(channel="API", api_key={"name": None, "app_id": channel.channel_id})
    elif channel.channel_type is ChannelType.USER:
        source.update(channel="USER_PORTAL", user={"id": channel.channel_id})
    else:
        source["channel"] = "INTERNAL"
    return source


# -- customer.redemption.* -------------------------------------------------------------


def redemption_data(found: Context) -> Wire:
    """`EventCustomerRedemption*`, with the seed-000 `redemption`."""
    event, record = found.event, found.record
    customer = event.customer
    data: Wire = {
        "customer": wire.simple_customer(customer),
        "order": simple_order(record.order if record else None),
        "campaign": simple_campaign(found.campaign),
        "voucher": simple_voucher(record.voucher if record else None),
        "holder": _holder(record.voucher if record else None, customer),
        "promotion_tier": simple_promotion_tier(record.promotion_tier if record else None),
        # Promotion stacks have no catalog here (docs/decisions.md): never one to show.
        "promotion_stack": None,
        "redemption": (
            activity_redemption(found.redemption, event.previous_order)
            if found.redemption is not None
            else None
        ),
    }
    if event.type in _ROLLBACK_EVENTS:
        data["redemption_rollback"] = simple_rollback(found.rollback)
    return data


def _holder(voucher: Voucher | None, customer: Customer | None) -> Wire | None:
    """The card's holder, known here when it is the activity's customer."""
    if voucher is None or customer is None or voucher.holder_id != customer.id:
        return None
    return wire.simple_customer(customer)


def activity_redemption(value: Redemption, previous_order: Order | None) -> Wire:
    """The seed-000 activity redemption (`CustomerActivityDataRedemption`): the spec's
    `RedemptionInternal` plus `date`, keys in the seed's order (DOMAIN.md 5.2, 12.5-6)."""
    campaign = value.campaign
    return {
        "id": value.id,
        "object": "redemption",
        "created_at": date(value.date),
        "tracking_id": value.tracking_id,
        "metadata": dict(value.metadata),
        "channel_type": value.channel.channel_type.value,
        "channel_id": value.channel.channel_id,
        "failure_code": value.failure_code,
        "failure_message": value.failure_message,
        "order": wire.order(value.order),
        "previous_order": wire.order(previous_order),
        "reward": wire.reward_result(value.reward),
        "amount": value.amount,
        "reason": None,
        "result": value.result.value,
        "status": value.status.value,
        "related_redemptions": {
            "rollbacks": wire.related_refs(value.rollbacks, False),
            "redemptions": wire.related_refs(value.children, False),
        },
        "parent_redemption_id": value.parent_id,
        "redemption": value.parent_id,
        "customer": wire.simple_customer(value.customer),
        "customer_id": value.customer_id,
        "related_object_type": value.related_object_type.value,
        "related_object_id": value.related_object_id,
        "related_object_parent_id": campaign.id if campaign is not None else None,
        "campaign_name": campaign.name if campaign is not None else None,
        "voucher": wire.voucher(value.voucher, holder=value.customer, with_holder=True),
        "promotion_tier": wire.promotion_tier(value.promotion_tier, campaign),
        "date": date(value.date),
    }


def simple_rollback(value: RedemptionRollback | None) -> Wire | None:
    """`SimpleRedemption` of a rollback (the spec's `redemption_rollback` member)."""
    if value is None:
        return None
    return {
        "id": value.id,
        "customer_id": value.customer_id,
        "tracking_id": value.tracking_id,
        "date": date(value.date),
        "amount": value.amount,
        "order": simple_order(value.order),
        "reward": simple_reward(value.reward),
        "customer": wire.simple_customer(value.customer),
        "result": value.result.value,
        "status": value.status.value,
        "voucher": simple_voucher(value.voucher),
        "promotion_tier": simple_promotion_tier(value.promotion_tier),
        "redemption": value.redemption_id,
        "metadata": dict(value.metadata),
        "failure_code": value.failure_code,
        "failure_message": value.failure_message,
        "reason": value.reason,
        "channel": wire.channel(value.channel),
        "object": "redemption_rollback",
    }


# -- customer.reward_redemptions.* ----------------------------------------------------


def reward_redemption_data(found: Context) -> Wire:
    """`EventCustomerRewardRedemptions`: the card after the event, its campaign, the reward."""
    event, record = found.event, found.record
    state = event.reward_redemption
    card = record.voucher if record is not None else None
    result = found.redemption.reward if found.redemption is not None else None
    loyalty = card.loyalty_card if card is not None else None
    return {
        "customer": wire.simple_customer(event.customer),
        "holder": _holder(card, event.customer),
        "voucher": simple_voucher(card),
        "campaign": simple_campaign(found.campaign),
        "reward_redemption": reward_redemption(state) if state is not None else None,
        "reward": simple_reward(result),
        "reward_assignment": _assignment(state, result, found.campaign),
        # The spec does not say what `source` holds; the source record is in reward_redemption.
        "source": None,
        "balance": loyalty.balance if loyalty is not None else None,
    }


def reward_redemption(value: RewardRedemption) -> Wire:
    """The `rewr_` record (a free-form object in the spec)."""
    return {
        "id": value.id,
        "object": "reward_redemption",
        "state": value.state.value,
        "source_type": "redemption",
        "source_id": value.redemption_id,
        "customer_id": value.customer.id if value.customer is not None else None,
        "voucher_id": value.card_id,
        "reward_id": value.reward_id,
        "assignment_id": value.assignment_id,
        "points": value.points,
        "issued_voucher_id": value.issued_voucher_id,
        "created_at": date(value.created_at),
        "updated_at": date(value.updated_at),
    }


def _assignment(
    state: RewardRedemption | None, result: RewardResult | None, campaign: Campaign | None
) -> Wire | None:
    """The reward assignment as far as the records know it: its price is what was charged
    (pay-with-points assignments have none); its own dates are not on any record."""
    if state is None:
        return None
    priced = result is not None and result.reward.type is not RewardType.COIN
    return {
        "id": state.assignment_id,
        "reward_id": state.reward_id,
        "created_at": None,
        "updated_at": None,
        "object": "reward_assignment",
        "related_object_id": campaign.id if campaign is not None else None,
        "related_object_type": "campaign",
        "parameters": {"loyalty": {"points": state.points}} if priced else None,
    }


# -- the spec's simple shapes ----------------------------------------------------------


def simple_voucher(value: Voucher | None) -> Wire | None:
    """`SimpleVoucher`."""
    if value is None:
        return None
    counters, gift, loyalty = wire.voucher_balances(value)
    redemption: Wire = {
        "quantity": counters["quantity"],
        "redeemed_quantity": counters["redeemed_quantity"],
    }
    if value.type is VoucherType.LOYALTY_CARD:
        redemption["redeemed_points"] = value.redeemed_points
    if value.type is VoucherType.GIFT_VOUCHER:
        redemption["redeemed_amount"] = value.redeemed_amount
    return {
        "id": value.id,
        "code": value.code,
        "gift": gift,
        "discount": wire.discount(value.discount),
        "loyalty_card": loyalty,
        "type": value.type.value,
        "campaign": value.campaign,
        "campaign_id": value.campaign_id,
        "is_referral_code": value.is_referral_code,
        "holder_id": value.holder_id,
        "referrer_id": None,
        "category_id": value.category_id,
        "categories": [],
        "active": value.active,
        "created_at": date(value.created_at),
        "updated_at": date(value.updated_at),
        "redemption": redemption,
        "start_date": date(value.start_date),
        "expiration_date": date(value.expiration_date),
        "metadata": dict(value.metadata),
        "object": "voucher",
    }


def simple_campaign(value: Campaign | None) -> Wire | None:
    """`SimpleCampaign`; the template (`voucher`) and referral settings are not shown."""
    if value is None:
        return None
    return {
        "id": value.id,
        "name": value.name,
        "campaign_type": value.campaign_type.value,
        "type": value.type.value,
        "is_referral_code": value.campaign_type.value == "REFERRAL_PROGRAM",
        "voucher": None,
        "referral_program": None,
        "auto_join": None,
        "join_once": None,
        "active": value.active,
        "category_id": value.category_id,
        "category": value.category,
        "categories": [],
        "metadata": dict(value.metadata),
        "start_date": date(value.start_date),
        "expiration_date": date(value.expiration_date),
        "description": value.description,
        "created_at": date(value.created_at),
        "updated_at": date(value.updated_at),
        "object": "campaign",
    }


def simple_promotion_tier(value: PromotionTier | None) -> Wire | None:
    """`SimplePromotionTier`."""
    if value is None:
        return None
    return {
        "id": value.id,
        "name": value.name,
        "banner": value.banner,
        "campaign": {"id": value.campaign_id},
        "metadata": dict(value.metadata),
    }


def _simple_item(item: OrderItem) -> Wire:
    return {
        "object": "order_item",
        "source_id": item.source_id,
        "related_object": item.related_object,
        "product_id": item.product_id,
        "sku_id": item.sku_id,
        "quantity": item.quantity,
        "amount": item.amount,
        "discount_amount": item.discount_amount,
        "applied_discount_amount": item.applied_discount_amount,
        "price": item.price,
        "subtotal_amount": item.subtotal_amount,
    }


def simple_order(value: Order | None) -> Wire | None:
    """`SimpleOrder`: the order's figures without its redemptions map and dates."""
    if value is None:
        return None
    full = wire.order(value) or {}
    figures = (
        "id", "source_id", "status", "customer_id", "referrer_id", "amount", "discount_amount",
        "applied_discount_amount", "items_discount_amount", "items_applied_discount_amount",
        "total_discount_amount", "total_applied_discount_amount", "total_amount",
    )
    simple = {key: full[key] for key in figures}
    simple["items"] = [_simple_item(item) for item in value.items]
    simple["metadata"] = dict(value.metadata)
    simple["object"] = "order"
    return simple


def simple_reward(value: RewardResult | None) -> Wire | None:
    """`SimpleRedemptionRewardResult`."""
    if value is None:
        return None
    reward = value.reward
    product = reward.product
    return {
        "customer": wire.simple_customer(value.customer),
        "assignment_id": value.assignment_id,
        "voucher": simple_voucher(value.voucher),
        "product": {"id": product.product_id, "source_id": None, "name": None} if product else None,
        "sku": (
            {"id": product.sku_id, "source_id": None, "sku": None}
            if product and product.sku_id
            else None
        ),
        "loyalty_tier_id": value.loyalty_tier_id,
        "id": reward.id,
        "object": "reward",
        "name": reward.name,
        "created_at": date(reward.created_at),
        "updated_at": date(reward.updated_at),
        "parameters": wire.reward_parameters(reward),
        "metadata": dict(reward.metadata),
        "type": reward.type.value,
    }

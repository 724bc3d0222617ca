"""Enforcing validation rules on one redeemable (DOMAIN.md 16.3).

`enforce` runs after the checks of 9.1 steps 1-6 and before order requirements and
balances. It evaluates every rule set governing the redeemable (a voucher's own and its
campaign's, a tier's own and its campaign's, a reward's own) and raises the failure of the
first set that does not hold: the key by the group of the rule to blame (`rule_logic.culprit`),
the message the rule's own `error.message`, else the set's, else the generic text.

Counts are of successful redemptions not rolled back, at the request's instant, plus the
earlier redeemables of the same request and this one (a limit "at most 3" is
`$less_than_or_equal: [3]`). Calendar periods are UTC; weeks start on Monday.

Where the figures come from. A campaign's all-time figures (`campaign.redemptions.count`,
`.customers_count`, `campaign.orders.amount`, `.amount_discounted`) are read from its
`CampaignCounters`, kept at write time (read_side/campaign_counters.py): one row, whatever
the campaign's history, and no limit. The period variants (`.daily`, `.weekly`,
`.monthly`) and the per-voucher counts (`redemption.count*`) still scan the records
(`_records`), bounded by `RULE_RECORDS_SCANNED_MAX` (past it the rule fails closed): a
period's window moves with the clock, so a counter would need one row per period and
campaign, and a voucher's or customer's history is bounded by the voucher's own use.
`_campaign_figure` folds scanned records (the period counts) with the meaning the
counters keep; the contract tests compare the counters with that fold over every record
of the campaign (tests/support/campaign_figures.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs

from ..model import errors, limits
from ..model.campaign import Campaign
from ..model.context import RequestContext
from ..model.customer import Customer
from ..model.order import Order, OrderItem
from ..model.redemption import Redemption, RedemptionStatus
from ..model.rule_logic import culprit
from ..model.rule_set import Condition, RuleGroup, RuleItem
from ..model.voucher import Voucher
from ..ports import UnitOfWork
from ..read_side.campaign_counters import (
    CampaignCounters,
    CampaignCustomerCounters,
    campaign_customer_id,
)
from ..read_side.queries import Condition as Is
from ..read_side.queries import FieldFilter, RecordQuery
from .validation_rules import ValidationRule

_GROUP_ERRORS: Mapping[str, type[errors.RulesViolated]] = {
    "customer": errors.CustomerRulesViolated,
    "order": errors.OrderRulesViolated,
    "redemption": errors.RedemptionRulesViolated,
}


@attrs.frozen
class Earlier:
    """A redeemable applied earlier in the same request (for counts)."""

    object_id: str
    campaign_id: str | None
    order_amount: int | None
    discount: int


@attrs.frozen(kw_only=True)
class Facts:
    """Everything a rule may ask about one redeemable at its turn."""

    uow: UnitOfWork
    ctx: RequestContext
    object_id: str
    voucher: Voucher | None
    campaign: Campaign | None
    customer: Customer | None
    order: Order | None
    """The order as the earlier redeemables of the request left it."""
    metadata: Mapping[str, Any]
    earlier: Sequence[Earlier]
    effect: Callable[[], tuple[int, int, int]]
    """(discount, credits, points) of this redeemable; computed only when a rule asks."""


def enforce(rule_sets: Sequence[ValidationRule], facts: Facts) -> None:
    for rule_set in rule_sets:
        group = rule_set.parsed()
        known: dict[str, bool] = {}

        def value(number: str, group: RuleGroup = group, known: dict[str, bool] = known) -> bool:
            if number not in known:
                known[number] = _holds(group.items[number], facts)
            return known[number]

        # Lazily: `or`/`and` short-circuit; every rule is evaluated only to blame one.
        if group.truth(value):
            continue
        values = {number: value(number) for number in group.items}
        blamed = group.items[culprit(group.logic, values)]
        kind = _GROUP_ERRORS[blamed.group]
        raise kind(
            f"rule {blamed.number} ({blamed.name}) of validation rule {rule_set.id} "
            f"({rule_set.name}) does not hold",
            rule_message=blamed.error_message or rule_set.error_message,
        )


# -- one rule ----------------------------------------------------------------------------


def _holds(item: RuleItem, facts: Facts) -> bool:
    special = _SPECIAL.get(item.name)
    if special is not None:
        return special(item, facts)
    return _conditions_hold(item.conditions, _value(item, facts))


def _prices(item: RuleItem, facts: Facts) -> list[bool]:
    prices = [line.price for line in facts.order.items] if facts.order else []
    return [_conditions_hold(item.conditions, price) for price in prices]


def _price_each(item: RuleItem, facts: Facts) -> bool:
    checks = _prices(item, facts)
    return bool(checks) and all(checks)


def _conditions_hold(conditions: Sequence[Condition], value: Any) -> bool:
    if not conditions:
        return value is True
    for condition in conditions:  # noqa: SIM110 - a loop is faster than all() over a generator
        if not condition.check(value):
            return False
    return True


def _value(item: RuleItem, facts: Facts) -> Any:
    simple = _SIMPLE.get(item.name)
    if simple is not None:
        return simple(facts)
    reader = _METADATA.get(item.name)
    if reader is not None:
        found = reader(facts)
        return found.get(item.metadata_key or "") if found is not None else None
    return _counted(item.name, facts)


_METADATA: Mapping[str, Callable[[Facts], Mapping[str, Any] | None]] = {
    "customer.metadata": lambda facts: facts.customer.metadata if facts.customer else None,
    "order.metadata": lambda facts: facts.order.metadata if facts.order else None,
    "redemption.metadata": lambda facts: facts.metadata,
}


def _order_amount(facts: Facts) -> int | None:
    return facts.order.total_amount if facts.order else None


def _total_after(facts: Facts) -> int | None:
    before = _order_amount(facts)
    return None if before is None else before - facts.effect()[0]


def _linked(facts: Facts) -> bool:
    holder = facts.voucher.holder_id if facts.voucher else None
    return holder is not None and facts.customer is not None and facts.customer.id == holder


def _nonzero(value: int) -> int | None:
    return value or None


_SIMPLE: Mapping[str, Callable[[Facts], Any]] = {
    "order.amount": _order_amount,
    "order.total_amount": _total_after,
    "order.initial_amount": lambda facts: facts.order.amount if facts.order else None,
    "order.items.count": lambda facts: (
        sum(line.quantity or 1 for line in facts.order.items) if facts.order else None
    ),
    "redemption.gift.amount": lambda facts: _nonzero(facts.effect()[1]),
    "redemption.reward.pay_with_points.points_used": lambda facts: _nonzero(facts.effect()[2]),
    "redemption.api_key": lambda facts: facts.ctx.channel.channel_id,
    "publication.redeemable_by_linked_customer": _linked,
}


# -- order items -------------------------------------------------------------------------

_ITEM_RULES = ("any", "every", "none", "cheapest", "most_expensive")


def _refs(line: OrderItem) -> set[tuple[str, str, str]]:
    """(object, `id`|`source_id`, value) triples naming this order line."""
    found: set[tuple[str, str, str]] = set()
    for kind, own_id, nested in (
        ("product", line.product_id, line.product),
        ("sku", line.sku_id, line.sku),
    ):
        if own_id:
            found.add((kind, "id", own_id))
        for key in ("id", "source_id"):
            value = nested.get(key) if nested else None
            if isinstance(value, str):
                found.add((kind, key, value))
    if line.source_id and line.related_object in ("product", "sku"):
        found.add((line.related_object, "source_id", line.source_id))
    return found


def _line_matches(line: OrderItem, conditions: Sequence[Condition]) -> bool:
    if not conditions:
        return True
    refs = _refs(line)
    for condition in conditions:
        named = not refs.isdisjoint(condition.lookup)
        if named != (condition.operator in ("$is", "$in")):
            return False
    return True


def _line_value(item: RuleItem, line: OrderItem) -> Any:
    if item.name.endswith(".quantity"):
        return line.quantity or 1
    if item.name.endswith(".price"):
        return line.price
    own = line.metadata.get(item.metadata_key or "")
    if own is None and line.product:
        nested = line.product.get("metadata")
        own = nested.get(item.metadata_key or "") if isinstance(nested, Mapping) else None
    return own


def _sub_rules_hold(group: RuleGroup | None, line: OrderItem) -> bool:
    if group is None or not group.items:
        return True
    values = {
        number: _conditions_hold(sub.conditions, _line_value(sub, line))
        for number, sub in group.items.items()
    }
    return group.truth(values.__getitem__)


def _item_rule(item: RuleItem, facts: Facts) -> bool:
    lines = list(facts.order.items) if facts.order else []
    kind = item.name[len("order.items.") :]

    def good(line: OrderItem) -> bool:
        return _line_matches(line, item.conditions) and _sub_rules_hold(item.sub_rules, line)

    if kind == "any":
        return any(good(line) for line in lines)
    if kind == "every":
        return bool(lines) and all(good(line) for line in lines)
    if kind == "none":
        return not any(good(line) for line in lines)
    priced = [line for line in lines if line.price is not None]
    if not priced:
        return False
    pick = min if kind == "cheapest" else max
    return good(pick(priced, key=lambda line: line.price or 0))


# -- counts over the ledger --------------------------------------------------------------


def _period_start(now: datetime, name: str) -> datetime | None:
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if name.endswith(".daily"):
        return day
    if name.endswith(".weekly"):
        return day - timedelta(days=day.weekday())
    if name.endswith(".monthly"):
        return day.replace(day=1)
    return None


def _records(
    facts: Facts, filters: tuple[FieldFilter, ...], since: datetime | None
) -> list[Redemption]:
    """Successful, not rolled back redemptions matching `filters` (bounded scan)."""
    wanted = (
        *filters,
        FieldFilter("result", Is.IS, ("SUCCESS",)),
        FieldFilter("object", Is.IS, ("redemption",)),
    )
    after = since - timedelta(microseconds=1) if since is not None else None
    found: list[Redemption] = []
    for page in range(1, limits.PAGE_NUMBER_MAX + 1):
        query = RecordQuery(
            filters=wanted, created_after=after, limit=limits.PAGE_SIZE_MAX, page=page
        )
        result = facts.uow.query_records(query)
        for record in result.records:
            if isinstance(record, Redemption) and record.status is RedemptionStatus.SUCCEEDED:
                found.append(record)
        if page * limits.PAGE_SIZE_MAX >= result.total:
            return found
    raise errors.RedemptionRulesViolated(
        f"more than {limits.RULE_RECORDS_SCANNED_MAX} redemptions to count "
        "(RULE_RECORDS_SCANNED_MAX): the rule cannot be decided"
    )


def _counted(name: str, facts: Facts) -> int | None:
    since = _period_start(facts.ctx.now, name)
    if name.startswith("campaign."):
        if facts.campaign is None:
            return None
        earlier = [item for item in facts.earlier if item.campaign_id == facts.campaign.id]
        if since is None:
            return _campaign_kept(name, facts.campaign.id, earlier, facts)
        mine = (FieldFilter("related_object_parent_id", Is.IS, (facts.campaign.id,)),)
        records = _records(facts, mine, since)
        return _campaign_figure(name, records, earlier, facts)
    own: tuple[FieldFilter, ...] = (FieldFilter("related_object_id", Is.IS, (facts.object_id,)),)
    if ".per_customer" in name:
        if facts.customer is None:
            return None
        own = (*own, FieldFilter("customer_id", Is.IS, (facts.customer.id,)))
    records = _records(facts, own, since)
    if name == "redemption.count.per_api_key":
        channel = facts.ctx.channel.channel_id
        records = [record for record in records if record.channel.channel_id == channel]
    return len(records) + 1


def _campaign_kept(name: str, campaign_id: str, earlier: list[Earlier], facts: Facts) -> int:
    """An all-time campaign figure from its kept counters, plus this request's share
    (the same meaning as `_campaign_figure` over every record of the campaign)."""
    kept = facts.uow.get(CampaignCounters, campaign_id) or CampaignCounters(id=campaign_id)
    if name == "campaign.redemptions.customers_count":
        if facts.customer is None:
            return kept.customers_count
        pair = facts.uow.get(
            CampaignCustomerCounters, campaign_customer_id(campaign_id, facts.customer.id)
        )
        counted = pair is not None and pair.redemptions_count > 0
        return kept.customers_count if counted else kept.customers_count + 1
    if name == "campaign.orders.amount":
        amount = facts.order.amount if facts.order else None
        return (kept.orders_amount + sum(item.order_amount or 0 for item in earlier)
                + (amount or 0))
    if name == "campaign.orders.amount_discounted":
        return (kept.orders_amount_discounted + sum(item.discount for item in earlier)
                + facts.effect()[0])
    return kept.redemptions_count + len(earlier) + 1


def _campaign_figure(
    name: str, records: list[Redemption], earlier: list[Earlier], facts: Facts
) -> int:
    """A campaign figure over scanned `records` (the period counts); over every record
    of the campaign it is what `_campaign_kept` reads from the counters."""
    if name == "campaign.redemptions.customers_count":
        customers = {record.customer_id for record in records if record.customer_id}
        if facts.customer is not None:
            customers.add(facts.customer.id)
        return len(customers)
    if name == "campaign.orders.amount":
        amount = facts.order.amount if facts.order else None
        stored = sum(record.order.amount or 0 for record in records if record.order)
        return stored + sum(item.order_amount or 0 for item in earlier) + (amount or 0)
    if name == "campaign.orders.amount_discounted":
        stored = sum(
            record.order.total_applied_discount_amount for record in records if record.order
        )
        return stored + sum(item.discount for item in earlier) + facts.effect()[0]
    return len(records) + len(earlier) + 1


_SPECIAL: Mapping[str, Callable[[RuleItem, Facts], bool]] = {
    **{f"order.items.{kind}": _item_rule for kind in _ITEM_RULES},
    "order.items.price_any": lambda item, facts: any(_prices(item, facts)),
    "order.items.price_each": _price_each,
}
"""Rules decided over the order's lines rather than one value."""

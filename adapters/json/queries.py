"""Query strings of the list endpoints -> domain queries (DOMAIN.md 7.6, 7.7, 11.2).

Parameters arrive as flat URL-style keys, each with one or more string values (a repeated
key gives several): `limit=10`, `result=SUCCESS&result=FAILURE`,
`created_at[before]=2026-01-02`, `filters[voucher_code][conditions][$in]=A` (repeated, or
indexed: `...[$in][0]=A&...[$in][1]=B`) and `filters[junction]=or`. Every parameter is
checked here: a bad one is `invalid_query_params` naming the parameter as sent and the rule
it broke. Nothing here reads the store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Final

import attrs

from redemption_core.domain.model import errors, limits
from redemption_core.domain.model.campaign import CampaignType
from redemption_core.domain.model.events import ACTIVITY_TYPES
from redemption_core.domain.model.rules import FieldError
from redemption_core.domain.read_side.activity import DOCUMENTED_ACTIVITY_TYPES, ActivityQuery
from redemption_core.domain.read_side.queries import (
    FILTER_FIELDS,
    ORDER_FIELDS,
    Condition,
    FieldFilter,
    Junction,
    RecordQuery,
)

Params = Mapping[str, Sequence[str]]

PAGE_SIZE_DEFAULT: Final = 10
"""`limit` when none is sent (Voucherify's default)."""

FILTER_KEY: Final = re.compile(
    r"filters\[(?P<field>[^\[\]]+)\]\[conditions\]\[(?P<condition>[^\[\]]+)\](?:\[(?P<index>\d+)\])?"
)
JUNCTION_KEY: Final = "filters[junction]"
CREATED_BEFORE: Final = "created_at[before]"
CREATED_AFTER: Final = "created_at[after]"

LIST_REDEMPTIONS_KEYS: Final = frozenset(
    {"limit", "page", "result", "campaign", "customer", "order", CREATED_BEFORE, CREATED_AFTER,
     JUNCTION_KEY}
)
VOUCHER_REDEMPTIONS_KEYS: Final = frozenset({"limit", "page"})
ACTIVITY_KEYS: Final = frozenset(
    {"limit", "order", "starting_after_id", "type", "start_date", "end_date", "campaign_id",
     "campaign_type", "category"}
)

RESULTS: Final = ("SUCCESS", "FAILURE")
_NO_VALUE = frozenset({Condition.HAS_VALUE, Condition.IS_UNKNOWN})


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})"
)
_MOMENT_RULE = "must be an ISO 8601 date-time with a zone (2026-01-01T10:00:00Z) or a date"


def invalid(key: str, rule: str) -> errors.InvalidQueryParams:
    return errors.InvalidQueryParams(rule, field=key)


def is_list_redemptions_key(key: str) -> bool:
    """A key GET /v1/redemptions may carry (its value is checked when parsed)."""
    return key in LIST_REDEMPTIONS_KEYS or FILTER_KEY.fullmatch(key) is not None


# -- single values ---------------------------------------------------------------------


def one(params: Params, key: str) -> str | None:
    """The one value of `key`, or None when it was not sent."""
    values = params.get(key)
    if not values:
        return None
    if len(values) > 1:
        raise invalid(key, "must be given once")
    return values[0]


def integer(params: Params, key: str, default: int, largest: int) -> int:
    text = one(params, key)
    if text is None:
        return default
    rule = f"must be an integer from 1 to {largest}"
    # The digit count is checked before int(): Python refuses to convert more than 4,300
    # digits (a ValueError, not bad input), and no bound here needs more than a few.
    digits = text.lstrip("0")
    if not text.isascii() or not text.isdigit() or len(digits) > len(str(largest)):
        raise invalid(key, rule)
    value = int(digits or "0")
    if not 1 <= value <= largest:
        raise invalid(key, rule)
    return value


def moment(params: Params, key: str, *, end_of_day: bool = False) -> datetime | None:
    """A date-time with a zone, or a date (midnight UTC; the day's last instant when
    `end_of_day`, for inclusive upper bounds)."""
    text = one(params, key)
    if text is None:
        return None
    if _DATE.fullmatch(text):
        try:
            day = datetime.combine(datetime.fromisoformat(text).date(), time(), UTC)
        except ValueError:
            raise invalid(key, _MOMENT_RULE) from None
        return day + timedelta(days=1, microseconds=-1) if end_of_day else day
    if not _DATE_TIME.fullmatch(text):
        raise invalid(key, _MOMENT_RULE)
    try:
        return datetime.fromisoformat(text).astimezone(UTC)
    except ValueError:
        raise invalid(key, _MOMENT_RULE) from None


def page_size(params: Params) -> tuple[int, int]:
    """`limit` (1-100, default 10) and `page` (1-99, default 1)."""
    return (
        integer(params, "limit", PAGE_SIZE_DEFAULT, limits.PAGE_SIZE_MAX),
        integer(params, "page", 1, limits.PAGE_NUMBER_MAX),
    )


# -- GET /v1/redemptions ---------------------------------------------------------------


@attrs.frozen
class RedemptionListRequest:
    query: RecordQuery
    customer: str | None


def list_redemptions(params: Params) -> RedemptionListRequest:
    """GET /v1/redemptions: the record query, and the customer (id or source id) asked for."""
    limit, page = page_size(params)
    order_by, descending = _order(params, ORDER_FIELDS)
    filters, junction = field_filters(params)
    fixed = _top_level_filters(params)
    customer = one(params, "customer")
    if junction is Junction.OR and len(filters) > 1:
        named = [key for key in ("result", "campaign", "customer") if key in params]
        if named:
            raise invalid(
                named[0], "cannot be combined with filters[junction]=or over several filters"
            )
    if len(filters) < 2:
        junction = Junction.AND  # one filter or none: the junction changes nothing
    try:
        query = RecordQuery(
            filters=(*filters, *fixed),
            junction=junction,
            created_after=moment(params, CREATED_AFTER),
            created_before=moment(params, CREATED_BEFORE),
            order_by=order_by,
            descending=descending,
            limit=limit,
            page=page,
        )
    except FieldError as error:
        raise invalid(error.field, error.rule) from error
    return RedemptionListRequest(query, customer)


def _order(params: Params, fields: Sequence[str]) -> tuple[str, bool]:
    text = one(params, "order")
    if text is None:
        return "created_at", True
    name = text.removeprefix("-")
    if name not in fields:
        allowed = ", ".join(f"{field}, -{field}" for field in fields)
        raise invalid("order", f"must be one of {allowed}")
    return name, text.startswith("-")


def _top_level_filters(params: Params) -> list[FieldFilter]:
    """`result` (repeatable) and `campaign` (a campaign name): always ANDed."""
    found = []
    results = params.get("result")
    if results:
        for value in results:
            if value not in RESULTS:
                raise invalid("result", f"must be {' or '.join(RESULTS)}, got {value!r}")
        found.append(FieldFilter("result", Condition.IN, tuple(dict.fromkeys(results))))
    campaign = one(params, "campaign")
    if campaign is not None:
        found.append(FieldFilter("campaign_name", Condition.IS, (campaign,)))
    return found


def field_filters(params: Params) -> tuple[list[FieldFilter], Junction]:
    """Every `filters[field][conditions][$condition]` (in the order first sent) and the
    junction between them."""
    grouped: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for key, values in params.items():
        match = FILTER_KEY.fullmatch(key)
        if match is None:
            continue
        field, condition, index = match.group("field", "condition", "index")
        _check_filter_key(key, field, condition)
        rank = -1 if index is None else _index(key, index)
        entries = grouped.setdefault((field, condition), [])
        entries.extend((rank, position, value) for position, value in enumerate(values))
    filters = [_filter(field, kind, entries) for (field, kind), entries in grouped.items()]
    return filters, _junction(params)


FILTER_INDEX_DIGITS_MAX: Final = 6
"""Digits of a `[$in][<index>]` position: far more values than a query can carry."""


def _index(key: str, index: str) -> int:
    if not index.isascii() or len(index) > FILTER_INDEX_DIGITS_MAX:
        raise invalid(key, f"the index must be at most {FILTER_INDEX_DIGITS_MAX} ASCII digits")
    return int(index)


def _check_filter_key(key: str, field: str, condition: str) -> None:
    if field not in FILTER_FIELDS:
        raise invalid(key, f"unknown filter field {field!r} (allowed: {', '.join(FILTER_FIELDS)})")
    if condition not in Condition._value2member_map_:
        allowed = ", ".join(member.value for member in Condition)
        raise invalid(key, f"unknown condition {condition!r} (allowed: {allowed})")


def _filter(field: str, condition: str, entries: list[tuple[int, int, str]]) -> FieldFilter:
    """One filter; indexed values (`[$in][0]`) in index order after the plain ones."""
    kind = Condition(condition)
    key = f"filters[{field}][conditions][{condition}]"
    values = tuple(value for _, _, value in sorted(entries))
    if kind in _NO_VALUE:
        if any(values):
            raise invalid(key, "takes no value: send it empty")
        values = ()
    try:
        return FieldFilter(field, kind, values)
    except FieldError as error:
        raise invalid(key, error.rule) from error


def _junction(params: Params) -> Junction:
    text = one(params, JUNCTION_KEY)
    if text is None:
        return Junction.AND
    if text.lower() not in ("and", "or"):
        raise invalid(JUNCTION_KEY, "must be and or or")
    return Junction(text.lower())


# -- GET /v1/customers/{customerId}/activity -------------------------------------------


@attrs.frozen(kw_only=True)
class ActivityRequest:
    """The store's query and the campaign filters the adapter applies itself."""

    query: ActivityQuery
    campaign_id: str | None = None
    campaign_type: str | None = None

    @property
    def filters_campaigns(self) -> bool:
        return self.campaign_id is not None or self.campaign_type is not None


def activity_request(params: Params) -> ActivityRequest:
    if "category" in params:
        raise invalid("category", "is not supported: activities have no ACTION/EFFECT class")
    limit = integer(params, "limit", PAGE_SIZE_DEFAULT, limits.PAGE_SIZE_MAX)
    _, descending = _order(params, ("created_at",))
    kind = one(params, "type")
    if kind is not None and kind not in DOCUMENTED_ACTIVITY_TYPES:
        raise invalid("type", f"unknown activity type {kind!r}")
    campaign_type = one(params, "campaign_type")
    if campaign_type is not None and campaign_type not in CampaignType._value2member_map_:
        allowed = ", ".join(member.value for member in CampaignType)
        raise invalid("campaign_type", f"must be one of {allowed}")
    query = ActivityQuery(
        # A documented type this ledger never records leaves no type to match: no activity.
        types=frozenset({kind}) & ACTIVITY_TYPES if kind is not None else None,
        starting_after_id=one(params, "starting_after_id"),
        descending=descending,
        limit=limit,
        start_date=moment(params, "start_date"),
        end_date=moment(params, "end_date", end_of_day=True),
    )
    return ActivityRequest(
        query=query,
        campaign_id=one(params, "campaign_id"),
        campaign_type=campaign_type,
    )

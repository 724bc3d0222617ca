"""Listing redemptions and rollbacks (GET /v1/redemptions, DOMAIN.md 7.6).

A `RecordQuery` is what a list request asks for: field filters with their conditions, a
creation-time window, an order and a page. `record_fields` is the one definition of the
queryable fields of a record; stores index them (equality conditions use the indexes, so a
selective page costs the same on a large store as on a small one) and `RecordQuery.matches`
is the reference semantics every store must reproduce.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

import attrs

from ..model import limits, rules
from ..model.redemption import ChannelType, Redemption
from ..model.redemption_rollback import RedemptionRollback
from ..model.rules import FieldError

LedgerRecord = Redemption | RedemptionRollback


class Condition(StrEnum):
    IN = "$in"
    NOT_IN = "$not_in"
    IS = "$is"
    IS_NOT = "$is_not"
    HAS_VALUE = "$has_value"
    IS_UNKNOWN = "$is_unknown"
    STARTS_WITH = "$starts_with"
    ENDS_WITH = "$ends_with"
    CONTAINS = "$contains"
    NOT_CONTAIN = "$not_contain"


class Junction(StrEnum):
    AND = "and"
    OR = "or"


FILTER_FIELDS: Final = (
    "voucher_code",
    "related_object_id",
    "related_object_parent_id",
    "parent_redemption_id",
    "failure_code",
    "result",
    "object",
    "customer_id",
    "campaign_name",
    "user_login",
)
"""The `filters[...]` fields of DOMAIN.md 7.6, in the order the docs list them."""

ORDER_FIELDS: Final = ("created_at", "id", "voucher_code", "tracking_id", "customer_id")
"""Fields a list may be ordered by (`order`, `-` prefix for descending)."""

_NO_VALUE_CONDITIONS = frozenset({Condition.HAS_VALUE, Condition.IS_UNKNOWN})
_MANY_VALUE_CONDITIONS = frozenset({Condition.IN, Condition.NOT_IN})


def record_fields(record: LedgerRecord) -> dict[str, str | None]:
    """The queryable fields of a redemption or rollback, as strings (None when unknown)."""
    voucher = record.voucher
    campaign = record.campaign
    user = record.channel.channel_id if record.channel.channel_type is ChannelType.USER else None
    if isinstance(record, Redemption):
        kind, parent = "redemption", record.parent_id
    else:
        kind, parent = "redemption_rollback", None
    return {
        "id": record.id,
        "object": kind,
        "voucher_code": voucher.code if voucher is not None else None,
        "related_object_id": record.related_object_id,
        "related_object_parent_id": campaign.id if campaign is not None else None,
        "parent_redemption_id": parent,
        "failure_code": record.failure_code,
        "result": record.result.value,
        "customer_id": record.customer_id,
        "campaign_name": campaign.name if campaign is not None else None,
        "user_login": user,
        "tracking_id": record.tracking_id,
    }


_TESTS: Final[dict[Condition, Callable[[str | None, tuple[str, ...]], bool]]] = {
    Condition.HAS_VALUE: lambda value, _: value is not None,
    Condition.IS_UNKNOWN: lambda value, _: value is None,
    Condition.IS: lambda value, wanted: value in wanted,
    Condition.IN: lambda value, wanted: value in wanted,
    Condition.IS_NOT: lambda value, wanted: value not in wanted,
    Condition.NOT_IN: lambda value, wanted: value not in wanted,
    Condition.STARTS_WITH: lambda value, wanted: value is not None and value.startswith(wanted[0]),
    Condition.ENDS_WITH: lambda value, wanted: value is not None and value.endswith(wanted[0]),
    Condition.CONTAINS: lambda value, wanted: value is not None and wanted[0] in value,
    # An unknown value contains nothing, so it "does not contain" anything.
    Condition.NOT_CONTAIN: lambda value, wanted: value is None or wanted[0] not in value,
}


def _values(field: str, condition: Condition, values: tuple[str, ...]) -> None:
    if condition in _NO_VALUE_CONDITIONS:
        return
    if not values:
        raise FieldError(f"filters[{field}][conditions][{condition}]", "needs a value")
    if condition not in _MANY_VALUE_CONDITIONS and len(values) > 1:
        raise FieldError(f"filters[{field}][conditions][{condition}]", "takes one value")


@attrs.frozen
class FieldFilter:
    """`filters[field][conditions][condition]=values`."""

    field: str = attrs.field(validator=attrs.validators.in_(FILTER_FIELDS))
    condition: Condition = attrs.field(validator=rules.kind(Condition))
    values: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        _values(self.field, self.condition, self.values)

    def matches(self, value: str | None) -> bool:
        return _TESTS[self.condition](value, self.values)

    @property
    def uses_index(self) -> bool:
        """An equality condition: a store answers it from an index, not a scan."""
        return self.condition in (Condition.IS, Condition.IN)


def _limit(_: object, __: object, value: Any) -> None:
    if type(value) is not int or not 1 <= value <= limits.PAGE_SIZE_MAX:
        raise FieldError("limit", f"must be an integer from 1 to {limits.PAGE_SIZE_MAX}")


def _page(_: object, __: object, value: Any) -> None:
    if type(value) is not int or not 1 <= value <= limits.PAGE_NUMBER_MAX:
        raise FieldError("page", f"must be an integer from 1 to {limits.PAGE_NUMBER_MAX}")


@attrs.frozen(kw_only=True)
class RecordQuery:
    """One page of redemptions and rollbacks."""

    filters: tuple[FieldFilter, ...] = ()
    junction: Junction = attrs.field(default=Junction.AND, validator=rules.kind(Junction))
    created_after: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    created_before: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    order_by: str = attrs.field(default="created_at", validator=attrs.validators.in_(ORDER_FIELDS))
    descending: bool = True
    limit: int = attrs.field(default=10, validator=_limit)
    page: int = attrs.field(default=1, validator=_page)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit

    def matches(self, record: LedgerRecord, fields: Mapping[str, str | None]) -> bool:
        """The reference semantics of this query for one record."""
        if self.created_after is not None and record.date <= self.created_after:
            return False
        if self.created_before is not None and record.date >= self.created_before:
            return False
        if not self.filters:
            return True
        results = (item.matches(fields[item.field]) for item in self.filters)
        return all(results) if self.junction is Junction.AND else any(results)

    def sort_key(self, record: LedgerRecord, fields: Mapping[str, str | None]) -> tuple[Any, ...]:
        """Records sort by the order field, then by creation time and id (stable pages)."""
        if self.order_by == "created_at":
            return (record.date, record.id)
        return (fields[self.order_by] or "", record.date, record.id)


@attrs.frozen
class RecordPage:
    records: tuple[LedgerRecord, ...]
    total: int

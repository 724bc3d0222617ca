"""GET /v1/redemptions in SQL: a `RecordQuery` as one statement over the `records` table.

`RecordQuery.matches` and `sort_key` (domain/queries.py) are the reference semantics,
reproduced exactly, as the SQLite adapter does (a test compares the stores):

- `$is`/`$in` never match an unknown (NULL) value; `$is_not`/`$not_in` always do;
- text conditions compare characters exactly (`strpos`, `left`, `right`; never LIKE);
- missing sort values sort as the empty string, then by date and id; the columns use
  the "C" collation, so order is code-point order like Python's.

Redemptions and rollbacks share the table (`object` tells them apart, and a rollback's
`parent_redemption_id` is NULL), so one WHERE clause serves both. Every value is a bound
parameter; only column names from this module are formatted into the statement.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from typing import Any, Final

from redemption_core.adapters.sqlite.codec import iso_utc
from redemption_core.domain.read_side.queries import (
    Condition,
    FieldFilter,
    Junction,
    LedgerRecord,
    RecordQuery,
    record_fields,
)

__all__ = ["COLUMNS", "RECORD_KINDS", "count_statement", "listing", "page_statement"]

Statement = tuple[str, list[Any]]

RECORD_KINDS: Final[tuple[type[Any], ...]] = typing.get_args(LedgerRecord)
"""The entity kinds that get a `records` row: every member of `LedgerRecord`."""

COLUMNS: Final = (
    "object", "date", "voucher_code", "related_object_id", "related_object_parent_id",
    "parent_redemption_id", "failure_code", "result", "customer_id", "campaign_name",
    "user_login", "tracking_id",
)
"""The `records` columns after kind and id, in `listing` order."""


def listing(record: LedgerRecord) -> tuple[str | None, ...]:
    """The `records` row values of `record`, in `COLUMNS` order."""
    fields = record_fields(record)
    return tuple(
        iso_utc(record.date) if column == "date" else fields[column] for column in COLUMNS
    )


_CONDITIONS: Final[Mapping[Condition, Callable[[str, tuple[str, ...]], Statement]]] = {
    Condition.IS: lambda col, values: (f"{col} = ANY(%s)", [list(values)]),
    Condition.IN: lambda col, values: (f"{col} = ANY(%s)", [list(values)]),
    Condition.IS_NOT: lambda col, values: (
        f"({col} IS NULL OR NOT ({col} = ANY(%s)))", [list(values)]
    ),
    Condition.NOT_IN: lambda col, values: (
        f"({col} IS NULL OR NOT ({col} = ANY(%s)))", [list(values)]
    ),
    Condition.HAS_VALUE: lambda col, _: (f"{col} IS NOT NULL", []),
    Condition.IS_UNKNOWN: lambda col, _: (f"{col} IS NULL", []),
    Condition.STARTS_WITH: lambda col, values: (
        f"({col} IS NOT NULL AND left({col}, length(%s)) = %s)", [values[0], values[0]]
    ),
    Condition.ENDS_WITH: lambda col, values: (
        f"({col} IS NOT NULL AND right({col}, length(%s)) = %s)", [values[0], values[0]]
    ),
    Condition.CONTAINS: lambda col, values: (
        f"({col} IS NOT NULL AND strpos({col}, %s) > 0)", [values[0]]
    ),
    # An unknown value contains nothing, so it "does not contain" anything.
    Condition.NOT_CONTAIN: lambda col, values: (
        f"({col} IS NULL OR strpos({col}, %s) = 0)", [values[0]]
    ),
}


def _filter(item: FieldFilter) -> Statement:
    if item.field not in COLUMNS and item.field != "id":
        raise ValueError(f"no column for filter field {item.field!r}")
    # Bound text is "C" too, so comparisons are exact whatever the database's collation.
    return _CONDITIONS[item.condition](f"r.{item.field}", item.values)


def _where(query: RecordQuery) -> Statement:
    clauses: list[str] = []
    params: list[Any] = []
    if query.created_after is not None:
        clauses.append("r.date > %s")
        params.append(iso_utc(query.created_after))
    if query.created_before is not None:
        clauses.append("r.date < %s")
        params.append(iso_utc(query.created_before))
    if query.filters:
        parts = [_filter(item) for item in query.filters]
        joiner = " AND " if query.junction is Junction.AND else " OR "
        clauses.append("(" + joiner.join(part for part, _ in parts) + ")")
        params.extend(value for _, values in parts for value in values)
    return (" AND ".join(clauses) or "true"), params


def page_statement(query: RecordQuery) -> Statement:
    """`kind, id, version, body` of the records on the requested page, in its order."""
    direction = "DESC" if query.descending else "ASC"
    sorting = "r.date" if query.order_by == "created_at" else f"coalesce(r.{query.order_by}, '')"
    where, params = _where(query)
    sql = (
        "SELECT r.kind, e.id, e.version, e.body FROM records r "
        "JOIN entities e ON e.kind = r.kind AND e.id = r.id "
        f"WHERE {where} ORDER BY {sorting} {direction}, r.date {direction}, r.id {direction} "
        "LIMIT %s OFFSET %s"
    )
    return sql, [*params, query.limit, query.offset]


def count_statement(query: RecordQuery) -> Statement:
    """How many records match `query`."""
    where, params = _where(query)
    return f"SELECT count(*) FROM records r WHERE {where}", params

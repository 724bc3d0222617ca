"""GET /v1/redemptions in SQL: a `RecordQuery` as one statement over both record tables.

`RecordQuery.matches` and `sort_key` (domain/read_side/queries.py) are the reference semantics; this
module reproduces them exactly, which a test checks against the memory store:

- `$is`/`$in` never match an unknown (NULL) value; `$is_not`/`$not_in` always do;
- text conditions compare characters exactly (no LIKE: it ignores case and has wildcards);
- missing sort values sort as the empty string, then by date and id.

Equality conditions become `IN (...)` on an indexed column (see migrations.py), so the
engine answers them from the index. Every value is a bound parameter; only column names
and constants from this module are formatted into the statement.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from redemption_core.domain.model.redemption import Redemption
from redemption_core.domain.model.redemption_rollback import RedemptionRollback
from redemption_core.domain.read_side.queries import Condition, FieldFilter, Junction, RecordQuery

from .codec import iso_utc
from .schema import RECORD_FIELD_COLUMNS, TABLES, Table

__all__ = ["RECORD_SOURCES", "RecordSource", "count_statement", "page_statement"]

Statement = tuple[str, list[Any]]


@attrs.frozen
class RecordSource:
    """One record table, the SQL expression of each queryable field in it, and the fields
    that are constant in it (`object`; a rollback's `parent_redemption_id`)."""

    table: Table
    fields: Mapping[str, str]
    constants: Mapping[str, str | None]


def _source(kind: type[Any], object_name: str, parent: str | None) -> RecordSource:
    fields = {field: field for field in RECORD_FIELD_COLUMNS}
    fields["id"] = "id"
    constants: dict[str, str | None] = {"object": object_name}
    if parent is None:
        constants["parent_redemption_id"] = None
    else:
        fields["parent_redemption_id"] = parent
    return RecordSource(TABLES[kind], fields, constants)


RECORD_SOURCES: Final = (
    _source(Redemption, "redemption", "parent_id"),
    # A rollback has no parent redemption: the field is always unknown.
    _source(RedemptionRollback, "redemption_rollback", None),
)


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))


_CONDITIONS: Final[Mapping[Condition, Callable[[str, tuple[str, ...]], Statement]]] = {
    Condition.IS: lambda expr, values: (f"{expr} IN ({_marks(len(values))})", [*values]),
    Condition.IN: lambda expr, values: (f"{expr} IN ({_marks(len(values))})", [*values]),
    Condition.IS_NOT: lambda expr, values: (
        f"({expr} IS NULL OR {expr} NOT IN ({_marks(len(values))}))", [*values]
    ),
    Condition.NOT_IN: lambda expr, values: (
        f"({expr} IS NULL OR {expr} NOT IN ({_marks(len(values))}))", [*values]
    ),
    Condition.HAS_VALUE: lambda expr, _: (f"{expr} IS NOT NULL", []),
    Condition.IS_UNKNOWN: lambda expr, _: (f"{expr} IS NULL", []),
    Condition.STARTS_WITH: lambda expr, values: (
        f"({expr} IS NOT NULL AND substr({expr}, 1, length(?)) = ?)", [values[0], values[0]]
    ),
    Condition.ENDS_WITH: lambda expr, values: (
        f"({expr} IS NOT NULL AND (length(?) = 0 OR substr({expr}, -length(?)) = ?))",
        [values[0], values[0], values[0]],
    ),
    Condition.CONTAINS: lambda expr, values: (
        f"({expr} IS NOT NULL AND instr({expr}, ?) > 0)", [values[0]]
    ),
    # An unknown value contains nothing, so it "does not contain" anything.
    Condition.NOT_CONTAIN: lambda expr, values: (
        f"({expr} IS NULL OR instr({expr}, ?) = 0)", [values[0]]
    ),
}


def _filter(source: RecordSource, item: FieldFilter) -> Statement | bool:
    """The SQL of one filter, or its answer when the field is constant in this table
    (decided by the reference `FieldFilter.matches`, so it cannot drift)."""
    if item.field in source.constants:
        return item.matches(source.constants[item.field])
    return _CONDITIONS[item.condition](source.fields[item.field], item.values)


def _filters(source: RecordSource, query: RecordQuery) -> Statement | bool:
    """The filters joined by the junction, or True/False when constants decide them."""
    parts = [_filter(source, item) for item in query.filters]
    statements = [part for part in parts if not isinstance(part, bool)]
    answers = {part for part in parts if isinstance(part, bool)}
    if query.junction is Junction.AND:
        if False in answers:
            return False
        joiner = " AND "
    else:
        if True in answers:
            return True
        joiner = " OR "
    if not statements:
        return query.junction is Junction.AND
    params = [value for _, values in statements for value in values]
    return "(" + joiner.join(sql for sql, _ in statements) + ")", params


def _where(source: RecordSource, query: RecordQuery) -> Statement | None:
    """The WHERE clause of one table, or None when no record of it can match."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.created_after is not None:
        clauses.append("date > ?")
        params.append(iso_utc(query.created_after))
    if query.created_before is not None:
        clauses.append("date < ?")
        params.append(iso_utc(query.created_before))
    if query.filters:
        decided = _filters(source, query)
        if decided is False:
            return None
        if decided is not True:
            sql, values = decided
            clauses.append(sql)
            params.extend(values)
    return (" AND ".join(clauses) or "1"), params


def _sort_expression(source: RecordSource, query: RecordQuery) -> str:
    if query.order_by == "created_at":
        return "date"
    return f"coalesce({source.fields[query.order_by]}, '')"


def page_statement(query: RecordQuery) -> Statement | None:
    """`(source index, id)` of the records on the requested page, in the requested order;
    None when no table can match.

    Each table contributes only its first `offset + limit` rows in the page's order, so
    an ordered index walk stops early instead of sorting the whole table.
    """
    direction = "DESC" if query.descending else "ASC"
    order = f"ORDER BY sorting {direction}, date {direction}, id {direction}"
    selects: list[str] = []
    params: list[Any] = []
    for index, source in enumerate(RECORD_SOURCES):
        where = _where(source, query)
        if where is None:
            continue
        selects.append(
            f"SELECT * FROM (SELECT {index} AS source, id, date, "
            f"{_sort_expression(source, query)} AS sorting FROM {source.table.name} "
            f"WHERE {where[0]} {order} LIMIT ?)"
        )
        params.extend([*where[1], query.offset + query.limit])
    if not selects:
        return None
    sql = f"SELECT source, id FROM ({' UNION ALL '.join(selects)}) {order} LIMIT ? OFFSET ?"
    return sql, [*params, query.limit, query.offset]


_ALL_RECORDS: Final = "SELECT coalesce(sum(total), 0) FROM record_counts"
"""The total of an unfiltered list, kept by triggers (migration 2): no count over every row."""


def count_statement(query: RecordQuery) -> Statement | None:
    """How many records match `query`, over both tables; None when none can."""
    unfiltered = query.created_after is None and query.created_before is None
    if unfiltered and not query.filters:
        return _ALL_RECORDS, []
    counts: list[str] = []
    params: list[Any] = []
    for source in RECORD_SOURCES:
        where = _where(source, query)
        if where is None:
            continue
        counts.append(f"(SELECT count(*) FROM {source.table.name} WHERE {where[0]})")
        params.extend(where[1])
    if not counts:
        return None
    return "SELECT " + " + ".join(counts), params

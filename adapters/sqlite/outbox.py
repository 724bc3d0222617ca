"""The event outbox in SQL: events written with the change they describe, read in order.

An event's `position` is its rowid, assigned when it is inserted under the write lock. Write
transactions are serialized, so positions grow in commit order: a reader that remembers
the last position it saw (`events_after`) never skips one. Events are never deleted, so
positions are 1, 2, 3, ... like the memory store's.

Events are written through like every other row, so a unit of work reading events sees
its own staged ones too (the memory store shows committed events only); the ledger reads
events in units of their own, where the two agree.
"""

from __future__ import annotations

from typing import Any, Final

from redemption_core.domain.model.events import EventType, LedgerEvent
from redemption_core.domain.read_side.activity import ActivityQuery

from .codec import iso_utc

__all__ = [
    "AFTER_SQL",
    "CURSOR_SQL",
    "EVENTS_TABLE",
    "INSERT_SQL",
    "customer_statement",
    "event_columns",
    "field_values",
]

EVENTS_TABLE: Final = "events"

INSERT_SQL: Final = (
    "INSERT INTO events (id, version, type, created_at, customer_id, activity_id, body) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_READ: Final = "SELECT position, id, version, body, type, created_at, customer_id, activity_id"
AFTER_SQL: Final = f"{_READ} FROM events WHERE position > ? ORDER BY position LIMIT ?"
CURSOR_SQL: Final = "SELECT position FROM events WHERE activity_id = ? AND customer_id = ?"


def event_columns(event: LedgerEvent) -> tuple[Any, ...]:
    """The copied-out columns of `event`, in INSERT_SQL order after id and version."""
    return (
        event.type.value,
        iso_utc(event.created_at),
        event.customer_id,
        event.activity_id,
    )


_FIELD_COLUMNS: Final = ("type", "created_at", None, "activity_id")
"""The `event_columns` that are the event's field of that name as the codec writes it (the
customer id is not a field: the customer is)."""


def field_values(columns: tuple[Any, ...]) -> dict[str, Any]:
    """The columns of `event_columns` order that the body leaves to them, by field name."""
    return {
        name: value for name, value in zip(_FIELD_COLUMNS, columns, strict=True)
        if name is not None
    }


def customer_statement(
    customer_id: str, query: ActivityQuery, cursor: int | None
) -> tuple[str, list[Any]]:
    """A customer's events matching `query`, after the cursor position, at most limit + 1."""
    clauses = ["customer_id = ?"]
    params: list[Any] = [customer_id]
    if cursor is not None:
        clauses.append("position < ?" if query.descending else "position > ?")
        params.append(cursor)
    if query.types is not None:
        kinds = [kind.value for kind in EventType if kind.activity_type in query.types]
        clauses.append(f"type IN ({', '.join('?' for _ in kinds)})" if kinds else "0")
        params.extend(kinds)
    if query.start_date is not None:
        clauses.append("created_at >= ?")
        params.append(iso_utc(query.start_date))
    if query.end_date is not None:
        clauses.append("created_at <= ?")
        params.append(iso_utc(query.end_date))
    direction = "DESC" if query.descending else "ASC"
    sql = (
        f"{_READ} FROM events WHERE {' AND '.join(clauses)} "
        f"ORDER BY position {direction} LIMIT ?"
    )
    return sql, [*params, query.limit + 1]

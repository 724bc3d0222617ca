"""The PostgreSQL adapter's own errors, and the one place driver errors are translated.

No psycopg exception leaves the adapter (STYLE P12). `translate` maps each to what a
caller can act on:

- a broken unique constraint, a serialization failure (40001) or a deadlock (40P01) ->
  `StoreConflict`: the transaction was undone; the ledger runs the work again (bounded);
- a lock or statement timeout (55P03, 57014), an exhausted pool, a lost connection, a
  server shutting down or starting (08xxx, 57P01-57P03) -> `StoreBusy` (503 /
  `UNAVAILABLE`): retryable, and nothing the call did was acknowledged;
- anything else -> `StoreFailure`, carrying the SQLSTATE.

The original exception is always chained (`raise ... from error`).
"""

from __future__ import annotations

from typing import Final

import psycopg
import psycopg_pool

from redemption_core.domain import ports
from redemption_core.domain.model.errors import StoreBusy
from redemption_core.domain.ports import StoreConflict

__all__ = [
    "CorruptRow",
    "PostgreSQLStoreError",
    "SchemaTooNew",
    "StoreClosed",
    "StoreFailure",
    "StoreUnreachable",
    "translate",
]

CONFLICT_STATES: Final = frozenset({"23505", "40001", "40P01"})
"""Unique violation, serialization failure, deadlock: undone; running the work again helps."""

BUSY_STATES: Final = frozenset({"55P03", "57014"})
"""Lock wait or statement past its timeout: nothing written; retry later."""

UNAVAILABLE_STATES: Final = frozenset({"57P01", "57P02", "57P03", "53300"})
"""Admin or crash shutdown, server starting, too many connections."""


class PostgreSQLStoreError(Exception):
    """Root of the errors only the PostgreSQL store raises."""


class StoreFailure(PostgreSQLStoreError):
    """The database refused a statement for a reason retrying cannot fix."""


class StoreUnreachable(PostgreSQLStoreError):
    """Opening the store: the server could not be reached or refused the login."""


class CorruptRow(PostgreSQLStoreError):
    """A stored row is not a valid entity; it names the kind, the id and the broken rule."""

    def __init__(self, kind: str, entity_id: str, details: str) -> None:
        self.kind = kind
        self.entity_id = entity_id
        self.details = details
        super().__init__(f"corrupt row of kind {kind!r}, id {entity_id!r}: {details}")


class SchemaTooNew(PostgreSQLStoreError):
    """The database was migrated by a newer release; opening it would risk corrupting it."""

    def __init__(self, where: str, found: int, known: int) -> None:
        self.where = where
        self.found = found
        self.known = known
        super().__init__(
            f"{where}: database schema version {found} is newer than version {known}, the "
            "newest this release knows; upgrade redemption-core to open it (nothing was changed)"
        )


class StoreClosed(ports.StoreClosed, PostgreSQLStoreError):
    """The store, or the unit of work, is no longer usable (never retried as a conflict)."""


def is_disconnect(error: BaseException) -> bool:
    """The connection itself failed (the server went away), not one statement."""
    if isinstance(error, psycopg.OperationalError) and error.sqlstate is None:
        return True
    state = getattr(error, "sqlstate", None)
    return state is not None and (state.startswith("08") or state in UNAVAILABLE_STATES)


def translate(error: BaseException, doing: str) -> Exception:
    """The port-level error for a driver or pool error met while `doing` something."""
    if isinstance(error, (psycopg_pool.PoolTimeout, psycopg_pool.TooManyRequests)):
        return StoreBusy(f"{doing}: no database connection free in time ({error})")
    if isinstance(error, psycopg_pool.PoolClosed):
        return StoreClosed(f"{doing}: the store is closed")
    state = getattr(error, "sqlstate", None)
    message = f"{doing}: {str(error).strip()} (SQLSTATE {state or 'none'})"
    if state in CONFLICT_STATES:
        return StoreConflict(message)
    if state in BUSY_STATES:
        return StoreBusy(f"{message}; nothing was written")
    if is_disconnect(error):
        return StoreBusy(f"{message}; PostgreSQL is unavailable, nothing was written")
    return StoreFailure(message)

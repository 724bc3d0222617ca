"""The SQLite adapter's own errors, and the one place driver errors are translated.

No `sqlite3` exception leaves the adapter (STYLE P12). `translate` maps each driver error to
the port-level error a caller can act on:

- a broken UNIQUE or PRIMARY KEY constraint -> `StoreConflict` (the port's conflict);
- the write lock not granted within `busy_timeout` -> `StoreBusy` (retryable; nothing written);
- a read snapshot that went stale before its first write -> `StoreConflict`, because waiting
  cannot help: the unit of work read data another writer has since changed, so the caller
  retries it from the start (the ledger does so on `StoreConflict`);
- anything else -> `StoreFailure`, carrying the driver's error name.

The original exception is always chained (`raise ... from error`).
"""

from __future__ import annotations

import sqlite3
from typing import Final

from redemption_core.domain import ports
from redemption_core.domain.model.errors import StoreBusy
from redemption_core.domain.ports import StoreConflict

__all__ = [
    "CorruptRow",
    "SQLiteStoreError",
    "SchemaTooNew",
    "StoreClosed",
    "StoreFailure",
    "UnknownEntityKind",
    "translate",
]

_SQLITE_BUSY: Final = 5
_SQLITE_LOCKED: Final = 6
_SQLITE_BUSY_SNAPSHOT: Final = 517
_PRIMARY_CODE_MASK: Final = 0xFF


class SQLiteStoreError(Exception):
    """Root of the errors only the SQLite store raises."""


class StoreFailure(SQLiteStoreError):
    """The database engine failed (I/O, disk full, not a database file, ...)."""


class CorruptRow(SQLiteStoreError):
    """A stored row is not a valid entity; it names the table, the id and the broken rule."""

    def __init__(self, table: str, entity_id: str, details: str) -> None:
        self.table = table
        self.entity_id = entity_id
        self.details = details
        super().__init__(f"corrupt row in table {table!r}, id {entity_id!r}: {details}")


class SchemaTooNew(SQLiteStoreError):
    """The database was migrated by a newer release; opening it would risk corrupting it."""

    def __init__(self, path: str, found: int, known: int) -> None:
        self.path = path
        self.found = found
        self.known = known
        super().__init__(
            f"{path}: database schema version {found} is newer than version {known}, the "
            "newest this release knows; upgrade redemption-core to open it (nothing was changed)"
        )


class UnknownEntityKind(SQLiteStoreError):
    """The store has no table for this class: only the domain's entities are stored."""


class StoreClosed(ports.StoreClosed, SQLiteStoreError):
    """The store, or the unit of work, is no longer usable (the port's `StoreClosed`, as the
    memory store raises it: never retried as a conflict)."""


def translate(error: sqlite3.Error, doing: str) -> Exception:
    """The port-level error for a driver error met while `doing` something."""
    code = getattr(error, "sqlite_errorcode", None)
    name = getattr(error, "sqlite_errorname", type(error).__name__)
    message = f"{doing}: {error} ({name})"
    if isinstance(error, sqlite3.IntegrityError):
        return StoreConflict(message)
    if code == _SQLITE_BUSY_SNAPSHOT:
        return StoreConflict(f"{message}; another writer changed what this unit of work read")
    if code is not None and code & _PRIMARY_CODE_MASK in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreBusy(message)
    return StoreFailure(message)

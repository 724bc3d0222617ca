"""The SQLite adapter's own errors, and the one place driver errors are translated.

No `sqlite3` exception leaves the adapter (STYLE P12). `translate` maps each driver error to
the port-level error a caller can act on:

- a broken UNIQUE or PRIMARY KEY constraint -> `StoreConflict` (the port's conflict);
- the write lock not granted within `busy_timeout` -> `StoreBusy` (retryable; nothing written);
- a read snapshot that went stale before its first write -> `StoreConflict`, because waiting
  cannot help: the unit of work read data another writer has since changed, so the caller
  retries it from the start (the ledger does so on `StoreConflict`);
- the disk full (SQLITE_FULL), or a write or sync the operating system refused (a quota,
  a file size limit: SQLite reports those as SQLITE_IOERR_WRITE/FSYNC) -> `StoreUnavailable`
  (HTTP 503, gRPC UNAVAILABLE): the engine rolled the transaction back, reads still work,
  and writes succeed again once space returns, without a restart;
- a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) -> `DatabaseDamaged` (the port's
  `StoreCorrupt`);
- anything else -> `StoreFailure`, carrying the driver's error name.

The original exception is always chained (`raise ... from error`).
"""

from __future__ import annotations

import sqlite3
from typing import Final

from redemption_core.domain import ports
from redemption_core.domain.model.errors import StoreBusy, StoreUnavailable
from redemption_core.domain.ports import StoreConflict

__all__ = [
    "CorruptRow",
    "DatabaseDamaged",
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
_SQLITE_CORRUPT: Final = 11
_SQLITE_FULL: Final = 13
_SQLITE_NOTADB: Final = 26
_SQLITE_IOERR_WRITE: Final = 778
_SQLITE_IOERR_FSYNC: Final = 1034
_PRIMARY_CODE_MASK: Final = 0xFF
_CANNOT_WRITE: Final = frozenset({_SQLITE_IOERR_WRITE, _SQLITE_IOERR_FSYNC})


class SQLiteStoreError(Exception):
    """Root of the errors only the SQLite store raises."""


class StoreFailure(SQLiteStoreError):
    """The database engine failed (I/O, disk full, not a database file, ...)."""


class DatabaseDamaged(ports.StoreCorrupt, StoreFailure):
    """The database file is damaged or lost committed work; the store will not serve it.

    `path` is the database, `finding` one line saying what is wrong and what to do.
    """

    def __init__(self, path: str, finding: str) -> None:
        self.path = path
        self.finding = finding
        super().__init__(f"{path}: {finding}" if path else finding)


class CorruptRow(ports.StoreCorrupt, SQLiteStoreError):
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
    primary = None if code is None else code & _PRIMARY_CODE_MASK
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreBusy(message)
    return _storage_error(code, primary, message)


def _storage_error(code: int | None, primary: int | None, message: str) -> Exception:
    """The disk, or the file, is what failed."""
    if primary == _SQLITE_FULL:
        return StoreUnavailable(f"{message}; the disk is full: nothing was written")
    if code in _CANNOT_WRITE:
        return StoreUnavailable(
            f"{message}; the system refused the write (disk full, quota or file size limit)"
        )
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return DatabaseDamaged("", f"{message}; the database file is damaged")
    return StoreFailure(message)

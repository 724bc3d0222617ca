"""Opening connections with every setting that matters stated, never left to defaults.

- `isolation_level=None`: the sqlite3 module issues no implicit BEGIN/COMMIT; the store
  starts every transaction itself (`BEGIN IMMEDIATE` for the group committer).
- `check_same_thread=False`: connections are handed between threads by the pool and the
  committer, but each is used by one thread at a time.
- `busy_timeout`: how long a writer waits for the lock before `StoreBusy`.
- `synchronous`: FULL (default) syncs the WAL on every commit, so an acknowledged redemption
  survives a power failure; NORMAL syncs only at checkpoints, so the last commits before a
  power failure (not a process crash) may be lost.
"""

from __future__ import annotations

import sqlite3
from typing import Final, Literal

import attrs

from .errors import translate

__all__ = ["BUSY_TIMEOUT_MS_DEFAULT", "ConnectionSettings", "Synchronous", "connect"]

Synchronous = Literal["FULL", "NORMAL"]

BUSY_TIMEOUT_MS_DEFAULT: Final = 5_000
"""Milliseconds a writer waits for the write lock before giving up with `StoreBusy`."""

BUSY_TIMEOUT_MS_MAX: Final = 600_000
"""Ten minutes: a longer wait is a hung caller, not a busy store."""

STATEMENT_CACHE_SIZE: Final = 256
"""Prepared statements kept per connection (9 tables x a handful of statements fits)."""

WAL_AUTOCHECKPOINT_PAGES: Final = 1_000
"""WAL pages after which a commit checkpoints (SQLite's own default, stated on purpose)."""

_SYNCHRONOUS_LEVELS: Final = ("FULL", "NORMAL")


def _synchronous(_: object, __: object, value: str) -> None:
    if value not in _SYNCHRONOUS_LEVELS:
        raise ValueError(f"synchronous must be one of {_SYNCHRONOUS_LEVELS}, not {value!r}")


def _busy_timeout(_: object, __: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("busy_timeout_ms must be an integer")
    if not 0 <= value <= BUSY_TIMEOUT_MS_MAX:
        raise ValueError(f"busy_timeout_ms must be between 0 and {BUSY_TIMEOUT_MS_MAX}")


def _file_path(_: object, __: object, value: str) -> None:
    # Each connection of ":memory:" or "" would be a separate private database.
    if value in ("", ":memory:") or value.startswith("file:"):
        raise ValueError(f"the SQLite store needs a file path, not {value!r}")


@attrs.frozen
class ConnectionSettings:
    path: str = attrs.field(validator=_file_path)
    synchronous: Synchronous = attrs.field(default="FULL", validator=_synchronous)
    busy_timeout_ms: int = attrs.field(default=BUSY_TIMEOUT_MS_DEFAULT, validator=_busy_timeout)


def connect(settings: ConnectionSettings) -> sqlite3.Connection:
    """A configured connection; any driver error comes back translated."""
    try:
        connection = sqlite3.connect(
            settings.path,
            timeout=settings.busy_timeout_ms / 1000,
            detect_types=0,
            isolation_level=None,
            check_same_thread=False,
            cached_statements=STATEMENT_CACHE_SIZE,
            uri=False,
        )
    except sqlite3.Error as error:
        raise translate(error, f"opening {settings.path}") from error
    try:
        # PRAGMA values cannot be bound as parameters; both are validated above.
        connection.execute(f"PRAGMA busy_timeout = {settings.busy_timeout_ms:d}")
        connection.execute(f"PRAGMA synchronous = {settings.synchronous}")
        connection.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES:d}")
        # Each work of a group commit runs in a SAVEPOINT, whose sub-journal keeps the
        # first image of every page the work changes; in a temporary file that was a
        # write per page touched (most of a redemption's time in SQL, measured), in
        # memory it is a copy. Bounded by the pages one transaction changes.
        connection.execute("PRAGMA temp_store = MEMORY")
    except sqlite3.Error as error:
        connection.close()
        raise translate(error, f"configuring a connection to {settings.path}") from error
    return connection

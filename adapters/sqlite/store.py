"""The SQLite store: the embedded default, durable and safe across threads and processes.

    store = SQLiteStore("ledger.db")                      # WAL, synchronous=FULL
    ledger = Ledger(store)
    ...
    store.close()

It satisfies the `Store` port structurally (no inheritance) and keeps the memory store's
rules (one contract test suite): unique ids and keys, `replace` as compare-and-swap on
`version`, nothing written unless committed, port-level errors only.

- `transact(work)` is the write path. Works from every thread of the process go to one
  group committer (group_commit.py), which runs them under `BEGIN IMMEDIATE`, so a balance
  is read under the write lock and never overwritten by another writer, thread or process.
- `unit_of_work()` is for reads and simple use. It borrows a pooled connection and opens a
  deferred transaction: reads share one snapshot and never block writers. It may write too;
  if another writer committed since its first read, its first write fails with
  `StoreConflict` (retry from the start) rather than act on stale data.
- Writers that cannot get the lock within `busy_timeout_ms` get `StoreBusy`; nothing of
  theirs is written. A `unit_of_work()` that has written holds the write lock until it
  ends, so a `transact` from the same thread meanwhile waits for it and gets `StoreBusy`.

Layout of the package: codec.py (entity <-> JSON body), schema.py (tables and columns),
migrations.py (versioned schema), connection.py (pragmas), unit_of_work.py (the port's
reads and writes), records.py (list queries), outbox.py (events), event_refs.py (an
event's snapshots stored by reference), group_commit.py
(`transact`), errors.py (translation of driver errors), chain.py and head_file.py (the
commit chain and its copy beside the database), open_check.py (what an open refuses),
check.py and ledger_check.py (`redemption-core check`), backup.py (online copies).

Opening refuses a damaged database (`DatabaseDamaged`, the port's `StoreCorrupt`) before
serving or writing anything: see open_check.py.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Final, TypeVar

from . import chain, open_check, snapshots
from .backup import copy_database
from .chain import Head, WriteJournal
from .codec import EntityCodec
from .connection import BUSY_TIMEOUT_MS_DEFAULT, ConnectionSettings, Synchronous, connect
from .errors import DatabaseDamaged, StoreClosed, translate
from .group_commit import BATCH_WORKS_MAX, GroupCommitStats, GroupCommitter
from .head_file import HeadFile, head_file_path
from .migrations import prepare_database
from .unit_of_work import SQLiteUnitOfWork

if TYPE_CHECKING:
    from redemption_core.domain.ports import Store

__all__ = ["IDLE_CONNECTIONS_MAX", "SQLiteStore"]

T = TypeVar("T")

IDLE_CONNECTIONS_MAX: Final = 8
"""Reader connections kept open between units of work; more are opened when needed."""


class _ConnectionPool:
    """Connections for `unit_of_work()`, each used by one thread at a time."""

    def __init__(self, settings: ConnectionSettings, idle_max: int) -> None:
        self._settings = settings
        self._idle_max = idle_max
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def take(self) -> sqlite3.Connection:
        with self._lock:
            if self._closed:
                raise StoreClosed("the store is closed")
            if self._idle:
                return self._idle.pop()
        return connect(self._settings)

    def give_back(self, connection: sqlite3.Connection) -> None:
        with self._lock:
            keep = not self._closed and len(self._idle) < self._idle_max
            # A connection still inside a transaction is in an unknown state: drop it.
            if keep and not connection.in_transaction:
                self._idle.append(connection)
                return
        connection.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


class SQLiteStore:
    """Entities in one SQLite database file; see the module docstring."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        synchronous: Synchronous = "FULL",
        busy_timeout_ms: int = BUSY_TIMEOUT_MS_DEFAULT,
        batch_works_max: int = BATCH_WORKS_MAX,
        idle_connections_max: int = IDLE_CONNECTIONS_MAX,
    ) -> None:
        self._settings = ConnectionSettings(os.fspath(path), synchronous, busy_timeout_ms)
        self._codec = EntityCodec(
            snapshot_kinds=snapshots.INLINE_FIELDS, shared_row_kinds=snapshots.SHARED_ROW_KINDS
        )
        # Before SQLite opens (and would create or recover) anything: see open_check.py.
        findings = open_check.file_findings(self._settings.path)
        if findings:
            raise DatabaseDamaged(self._settings.path, f"{findings[0]}; {open_check.ADVICE}")
        writer = connect(self._settings)
        try:
            prepare_database(writer, self._settings.path, self._settings.busy_timeout_ms)
            head = open_check.verify_head(writer, self._settings.path)
            self._head_file = HeadFile(head_file_path(self._settings.path))
            self._head_file.record(head)
            self._committer = GroupCommitter(
                writer, self._codec, on_commit=self._head_file.record,
                batch_works_max=batch_works_max,
            )
        except BaseException:
            writer.close()
            raise
        self._pool = _ConnectionPool(self._settings, idle_connections_max)
        self._close_lock = threading.Lock()
        self._closed = False

    @property
    def path(self) -> str:
        return self._settings.path

    @property
    def synchronous(self) -> Synchronous:
        return self._settings.synchronous

    @property
    def closed(self) -> bool:
        """True from the moment `close()` starts: new work is refused from then on."""
        return self._closed

    def unit_of_work(self) -> AbstractContextManager[SQLiteUnitOfWork]:
        """A unit of work on a pooled connection; leaving it without `commit()` discards it."""
        return _unit_of_work(self._pool, self._codec, self._head_file.record)

    def transact(self, work: Callable[[SQLiteUnitOfWork], T]) -> T:
        """Run `work` in the next group-commit batch; its result once the batch is durable."""
        return self._committer.submit(work)

    def backup(self, destination: str | os.PathLike[str]) -> Head:
        """An online, consistent copy at `destination`, with its head file; the copy's head.

        Works while this store (or another process) writes: the copy is one read snapshot.
        """
        connection = self._pool.take()
        try:
            return copy_database(connection, os.fspath(destination))
        finally:
            self._pool.give_back(connection)

    def group_commit_stats(self) -> GroupCommitStats:
        return self._committer.stats()

    def close(self) -> None:
        """Commit every queued work, then close every connection; idempotent."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._committer.close()
        self._pool.close()
        self._head_file.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


@contextmanager
def _unit_of_work(
    pool: _ConnectionPool, codec: EntityCodec, on_commit: Callable[[Head], None]
) -> Iterator[SQLiteUnitOfWork]:
    connection = pool.take()
    try:
        _statement(connection, "BEGIN DEFERRED", "starting a unit of work")
        journal = WriteJournal()
        uow = SQLiteUnitOfWork(
            connection, codec, lambda keep: _end(connection, keep, journal, on_commit), journal
        )
        try:
            yield uow
        finally:
            uow.release()
    finally:
        pool.give_back(connection)


def _end(
    connection: sqlite3.Connection,
    keep: bool,
    journal: WriteJournal,
    on_commit: Callable[[Head], None],
) -> None:
    if not connection.in_transaction:
        return
    if not keep:
        _statement(connection, "ROLLBACK", "discarding a unit of work")
        return
    head = None
    if journal:
        try:
            head = chain.append_commit(connection, journal)
        except sqlite3.Error as error:
            raise translate(error, "recording a unit of work in the commit chain") from error
    _statement(connection, "COMMIT", "committing a unit of work")
    if head is not None:
        on_commit(head)


def _statement(connection: sqlite3.Connection, statement: str, doing: str) -> None:
    try:
        connection.execute(statement)
    except sqlite3.Error as error:
        raise translate(error, doing) from error


if TYPE_CHECKING:

    def _satisfies_the_port(store: SQLiteStore) -> Store:
        """mypy proves structural conformance here; nothing runs."""
        return store

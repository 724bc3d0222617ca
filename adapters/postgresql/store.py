"""The PostgreSQL store: many `serve` instances, on many hosts, on one database.

    store = PostgreSQLStore("postgresql://ledger@db.internal:5432/ledger")
    ledger = Ledger(store)
    ...
    store.close()

It satisfies the `Store` port structurally and keeps the other stores' rules (one contract
suite). Entities are stored generically (kind, id, version, JSON body through the SQLite
adapter's codec, plus unique-key and index tables; migrations.py), so the record model
changes with the domain, not with this schema.

- One unit of work is one transaction on one pooled connection (psycopg_pool, one pool per
  store, sizes and timeouts in `StoreSettings`). `transact` commits; its result is returned
  only after COMMIT returned, so nothing is acknowledged that is not durable.
- `locking` (default): READ COMMITTED, and what `transact` reads it locks (FOR UPDATE):
  writers of one gift card queue on its row; across processes and hosts nobody oversells.
  Two stacks locking two cards in opposite order may deadlock: PostgreSQL aborts one
  (40P01), which becomes `StoreConflict` and the ledger runs it again.
- `serializable`: SERIALIZABLE without row locks; a 40001 runs the work again here, up to
  `serializable_retries` times. docs/decisions.md has the measurement that chose `locking`.
- `unit_of_work()` is REPEATABLE READ: its reads share one snapshot; a write racing a
  concurrent writer fails with `StoreConflict`.
- Idempotency records are entities with a primary key, so two first attempts with one key,
  through two instances, cannot both commit: the second gets `StoreConflict`, and the
  ledger's retry reads the first outcome.
- Failures: a lost connection, a server restart, an exhausted pool, a lock or statement
  timeout -> `StoreBusy` (503 / UNAVAILABLE, retryable); see errors.py.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs
import psycopg
import psycopg_pool

from redemption_core.adapters.sqlite import snapshots
from redemption_core.adapters.sqlite.codec import EntityCodec
from redemption_core.domain.ports import StoreConflict

from . import outbox
from .errors import StoreClosed, StoreUnreachable, translate
from .migrations import lock_key, prepare_database
from .session import Row, Session
from .settings import DEFAULT_DSN, StoreSettings, split_url
from .unit_of_work import PostgreSQLUnitOfWork

if TYPE_CHECKING:
    from redemption_core.domain.ports import Store

__all__ = ["PostgreSQLStore"]

T = TypeVar("T")
Connection = psycopg.Connection[Row]

_log = logging.getLogger(__name__)

_BEGIN: Final = {
    "locking": "BEGIN ISOLATION LEVEL READ COMMITTED",
    "serializable": "BEGIN ISOLATION LEVEL SERIALIZABLE",
    "snapshot": "BEGIN ISOLATION LEVEL REPEATABLE READ",
}

_SERIALIZATION_PAUSE_S: Final = 0.001
"""First pause before running a work again after a serialization failure (doubles)."""


class PostgreSQLStore:
    """A ledger in one PostgreSQL schema; see the module docstring."""

    def __init__(
        self, dsn: str = DEFAULT_DSN, settings: StoreSettings | None = None, **options: Any
    ) -> None:
        """`dsn` is a libpq URL or key=value string; the store's own settings come from
        `settings`, keyword `options` (StoreSettings fields), or the URL's query."""
        conninfo, from_url = split_url(dsn) if "://" in dsn else (dsn, {})
        base = settings or StoreSettings()
        self._settings = StoreSettings(**{**_fields(base), **from_url, **options})
        self._conninfo = conninfo
        self._kwargs: dict[str, Any] = {
            "options": self._settings.server_options(),
            "connect_timeout": self._settings.connect_timeout_s,
        }
        self._codec = EntityCodec(
            snapshot_kinds=snapshots.INLINE_FIELDS, shared_row_kinds=snapshots.SHARED_ROW_KINDS
        )
        self._channel = outbox.channel_name(self._settings.schema)
        self._sequencer = outbox.sequencer_sql(lock_key(self._settings.schema, "outbox"))
        self._notifier = outbox.Notifier(conninfo, self._kwargs, self._channel)
        self._migrate()
        self._pool = self._open_pool()
        self._listener = outbox.EventListener(conninfo, self._kwargs, self._channel)
        self._close_lock = threading.Lock()
        self._closed = False

    @property
    def settings(self) -> StoreSettings:
        return self._settings

    @property
    def closed(self) -> bool:
        return self._closed

    def _migrate(self) -> None:
        try:
            with psycopg.connect(self._conninfo, autocommit=True, **self._kwargs) as connection:
                prepare_database(connection, self._settings.schema)
        except psycopg.OperationalError as error:
            raise StoreUnreachable(_one_line(error)) from error
        except psycopg.Error as error:
            raise translate(error, "preparing the database") from error

    def _open_pool(self) -> psycopg_pool.ConnectionPool[Connection]:
        pool: psycopg_pool.ConnectionPool[Connection] = psycopg_pool.ConnectionPool(
            self._conninfo,
            kwargs={"autocommit": True, **self._kwargs},
            min_size=self._settings.pool_min,
            max_size=self._settings.pool_max,
            timeout=self._settings.pool_timeout_ms / 1000,
            name=f"redemption-core-{self._settings.schema}",
            open=False,
        )
        try:
            pool.open(wait=True, timeout=self._settings.connect_timeout_ms / 1000)
        except psycopg_pool.PoolTimeout as error:
            pool.close()
            raise StoreUnreachable(
                f"no connection to PostgreSQL within the timeout: {error}"
            ) from error
        return pool

    # -- the port -----------------------------------------------------------------------

    def unit_of_work(self) -> AbstractContextManager[PostgreSQLUnitOfWork]:
        """A REPEATABLE READ unit of work; leaving it without `commit()` discards it."""
        return self._unit("snapshot", lock_reads=False)

    def transact(self, work: Callable[[PostgreSQLUnitOfWork], T]) -> T:
        """Run `work` in one transaction and commit; its result once COMMIT returned."""
        if self._settings.isolation == "locking":
            return self._attempt(work, "locking", lock_reads=True)
        pause = _SERIALIZATION_PAUSE_S
        for attempt in range(self._settings.serializable_retries):
            try:
                return self._attempt(work, "serializable", lock_reads=False)
            except StoreConflict:
                if attempt + 1 == self._settings.serializable_retries:
                    raise
                time.sleep(pause)  # back off so the winner can commit
                pause = min(pause * 2, 0.05)
        raise AssertionError("unreachable")

    def _attempt(self, work: Callable[[PostgreSQLUnitOfWork], T], mode: str,
                 *, lock_reads: bool) -> T:
        with self._unit(mode, lock_reads=lock_reads) as uow:
            result = work(uow)
            if uow.is_open:
                uow.commit()
            return result

    def close(self) -> None:
        """Close the listener and every pooled connection; idempotent."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._listener.close()
        self._notifier.close()
        self._pool.close()

    def __enter__(self) -> PostgreSQLStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- the outbox ---------------------------------------------------------------------

    def sequence_events(self) -> None:
        """Number every committed event that has no position yet (see outbox.py)."""
        with self._connection() as connection:
            try:
                connection.execute(self._sequencer.encode())
            except psycopg.Error as error:
                raise translate(error, "numbering committed events") from error

    def last_position(self) -> int:
        """The position of the newest committed event (0 when there is none)."""
        self.sequence_events()
        with self._connection() as connection:
            try:
                row = connection.execute(outbox.LAST_POSITION_SQL).fetchone()
            except psycopg.Error as error:
                raise translate(error, "reading the last event position") from error
        return int(row[0]) if row else 0

    def wait_for_events(self, after: int, timeout_s: float) -> bool:
        """Block until an event after position `after` has committed (True), or until
        `timeout_s` seconds passed (False). Woken by NOTIFY, not by polling; safe to call
        from many threads. Read the events with `events_after(after, limit)`."""
        deadline = time.monotonic() + timeout_s
        while True:
            generation = self._listener.generation()
            if self.last_position() > after:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            limit = outbox.WAIT_RECHECK_S if self._settings.notify else outbox.LISTENER_POLL_S
            self._listener.wait_after(generation, min(remaining, limit))

    # -- connections and transactions ---------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        if self._closed:
            raise StoreClosed("the store is closed")
        try:
            connection = self._pool.getconn()
        except psycopg.Error as error:
            raise translate(error, "taking a database connection") from error
        try:
            yield connection
        finally:
            self._pool.putconn(connection)

    @contextmanager
    def _unit(self, mode: str, *, lock_reads: bool) -> Iterator[PostgreSQLUnitOfWork]:
        with self._connection() as pooled:

            def reconnect(dead: Connection) -> Connection:
                # `pooled` goes back when this unit ends; a replacement that died too, now.
                _log.info("replacing a dead pooled connection")
                if dead is not pooled:
                    self._pool.putconn(dead)
                try:
                    return self._pool.getconn()
                except psycopg.Error as error:
                    raise translate(error, "taking a database connection") from error

            session = Session(pooled, _BEGIN[mode], write_behind=lock_reads or
                              mode == "serializable", reconnect=reconnect)
            uow = PostgreSQLUnitOfWork(
                session,
                self._codec,
                lock_reads=lock_reads,
                sequence=self.sequence_events,
                notify=self._notifier.poke if self._settings.notify else None,
            )
            try:
                yield uow
            finally:
                uow.abort()
                if session.connection is not pooled:  # replaced after a dead one
                    self._pool.putconn(session.connection)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def _fields(settings: StoreSettings) -> dict[str, Any]:
    return attrs.asdict(settings)


if TYPE_CHECKING:

    def _satisfies_the_port(store: PostgreSQLStore) -> Store:
        """mypy proves structural conformance here; nothing runs."""
        return store

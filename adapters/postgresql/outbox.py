"""The event outbox: events written with their change, numbered in commit order, awaited.

Why not a sequence: with concurrent writers, a transaction that took position 7 may commit
after one that took 8, and a reader that already moved past 8 would skip 7 forever. Here a
writer inserts its events without a position (`seq` is only the insertion order). The
*sequencer* numbers events that have committed: under a transaction-level advisory lock it
gives every committed, unnumbered event the next positions (in `seq` order) and commits.
Sequencer runs are serialized by that lock, each commits before the next starts, and each
numbers only committed events, so:

- every position a reader can see was given after every smaller one was visible: a reader
  that remembers the last position it saw never skips an event;
- positions are 1, 2, 3, ... without holes (the counter row is updated in the same
  transaction; an undone run takes its numbers back), like the memory store's.

`events_after` runs the sequencer before reading, so a reader never waits for a background
job. Writers never take the lock: they do not serialize on each other.

Waiting: after a unit that appended events has committed, the store's `Notifier` sends
`NOTIFY` on the schema's channel from a connection of its own, in a transaction with
`synchronous_commit=off`, coalescing the commits of a burst into one notification. Why not
NOTIFY inside the writing transaction: PostgreSQL serializes the commits of all
transactions that notify (a database-wide lock taken before commit and held until the
commit is flushed), which would put every redemption in one queue for the WAL flush.
`EventListener` keeps one LISTEN connection per store and
counts notifications, so `PostgreSQLStore.wait_for_events` sleeps until something commits
instead of polling; both reconnect by themselves after a server restart, and a waiter
looks again at least every `WAIT_RECHECK_S` in case a notification was lost with a
connection.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any, Final

import psycopg
from psycopg import sql

from redemption_core.adapters.sqlite.codec import iso_utc
from redemption_core.domain.model.events import EventType, LedgerEvent
from redemption_core.domain.read_side.activity import ActivityQuery

__all__ = [
    "AFTER_SQL",
    "INSERT_SQL",
    "EventListener",
    "Notifier",
    "channel_name",
    "customer_statement",
    "event_row",
    "sequencer_sql",
]

_log = logging.getLogger(__name__)

SEQUENCER_BATCH_MAX: Final = 10_000
"""Events numbered by one sequencer run; a longer backlog takes several reads."""

LISTENER_RECONNECT_PAUSE_S: Final = 0.5
"""Pause between attempts to reopen the LISTEN connection after it broke."""

LISTENER_POLL_S: Final = 0.5
"""How often the listener thread looks up from its connection to see if it must stop."""

WAIT_RECHECK_S: Final = 2.0
"""A waiter looks at the outbox at least this often, even without a notification."""

INSERT_SQL: Final = (
    "INSERT INTO events (id, version, type, created_at, customer_id, activity_id, body) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s)"
)
AFTER_SQL: Final = (
    "SELECT id, version, body, position FROM events WHERE position > %s "
    "ORDER BY position LIMIT %s"
)
CURSOR_SQL: Final = "SELECT seq FROM events WHERE activity_id = %s AND customer_id = %s"
LAST_POSITION_SQL: Final = "SELECT last_position FROM outbox_sequencer"


def sequencer_sql(lock_key: int) -> str:
    """One round trip, one implicit transaction: lock, then number the committed events.

    Sent without parameters (simple query protocol), so the two statements run in one
    transaction and the lock is held until it commits. The UPDATE's snapshot is taken after
    the lock is granted, so it sees every number the previous run gave.
    """
    return (
        f"SELECT pg_advisory_xact_lock({int(lock_key)}); "
        "WITH pending AS (SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM "
        f"(SELECT seq FROM events WHERE position IS NULL ORDER BY seq "
        f"LIMIT {SEQUENCER_BATCH_MAX}) AS oldest), "
        "moved AS (UPDATE outbox_sequencer SET last_position = last_position + "
        "(SELECT count(*) FROM pending) WHERE EXISTS (SELECT 1 FROM pending) "
        "RETURNING last_position - (SELECT count(*) FROM pending) AS base) "
        "UPDATE events AS e SET position = moved.base + pending.n FROM pending, moved "
        "WHERE e.seq = pending.seq"
    )


def channel_name(schema: str) -> str:
    """The NOTIFY channel of one schema's ledger (an identifier under 64 bytes)."""
    digest = hashlib.blake2b(schema.encode(), digest_size=6).hexdigest()
    return f"redemption_core_events_{digest}"


def event_row(event: LedgerEvent, body: str) -> tuple[Any, ...]:
    """The parameters of INSERT_SQL for `event`."""
    return (
        event.id,
        event.version,
        event.type.value,
        iso_utc(event.created_at),
        event.customer_id,
        event.activity_id,
        body,
    )


def customer_statement(
    customer_id: str, query: ActivityQuery, cursor: int | None
) -> tuple[str, list[Any]]:
    """A customer's events matching `query`, after the cursor, at most limit + 1.

    Ordered by insertion (`seq`), which every event has from the moment it is written; for
    a listing, unlike the outbox, an order fixed at insertion is what a cursor needs.
    """
    clauses = ["customer_id = %s"]
    params: list[Any] = [customer_id]
    if cursor is not None:
        clauses.append("seq < %s" if query.descending else "seq > %s")
        params.append(cursor)
    if query.types is not None:
        kinds = [kind.value for kind in EventType if kind.activity_type in query.types]
        clauses.append("type = ANY(%s)")
        params.append(kinds)
    if query.start_date is not None:
        clauses.append("created_at >= %s")
        params.append(iso_utc(query.start_date))
    if query.end_date is not None:
        clauses.append("created_at <= %s")
        params.append(iso_utc(query.end_date))
    direction = "DESC" if query.descending else "ASC"
    statement = (
        f"SELECT id, version, body FROM events WHERE {' AND '.join(clauses)} "
        f"ORDER BY seq {direction} LIMIT %s"
    )
    return statement, [*params, query.limit + 1]


class EventListener:
    """One LISTEN connection per store, on a daemon thread, started on first use.

    `generation()` grows on every notification and every reconnection (after which the
    waiters look again, since notifications sent while disconnected are lost).
    """

    def __init__(self, conninfo: str, kwargs: Mapping[str, Any], channel: str) -> None:
        self._conninfo = conninfo
        self._kwargs = dict(kwargs)
        self._channel = channel
        self._changed = threading.Condition()
        self._generation = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def generation(self) -> int:
        self._ensure_started()
        with self._changed:
            return self._generation

    def wait_after(self, generation: int, timeout_s: float) -> None:
        """Return when the generation moved past `generation`, or after `timeout_s`."""
        with self._changed:
            self._changed.wait_for(lambda: self._generation != generation, timeout_s)

    def close(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=LISTENER_POLL_S * 4)

    def _ensure_started(self) -> None:
        with self._start_lock:
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(
                    target=self._run, name="redemption-core-listener", daemon=True
                )
                self._thread.start()

    def _bump(self) -> None:
        with self._changed:
            self._generation += 1
            self._changed.notify_all()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except psycopg.Error as error:
                _log.warning("event listener disconnected: %s", str(error).strip())
                self._bump()
                self._stop.wait(LISTENER_RECONNECT_PAUSE_S)

    def _listen(self) -> None:
        with psycopg.connect(self._conninfo, autocommit=True, **self._kwargs) as connection:
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
            self._bump()  # anything sent before LISTEN was missed: waiters look again
            while not self._stop.is_set():
                started = time.monotonic()
                for _ in connection.notifies(timeout=LISTENER_POLL_S):
                    self._bump()
                if time.monotonic() - started < LISTENER_POLL_S / 10:
                    # notifies() returned at once without a notification: the generator
                    # ended early; probe the connection so a dead one raises here.
                    connection.execute("SELECT 1")


class Notifier:
    """Sends the schema's NOTIFY after commits, from a daemon thread with its own connection.

    `poke()` only sets a flag, so a committing caller never waits for it; commits poked
    while a NOTIFY is being sent are covered by the next one.
    """

    def __init__(self, conninfo: str, kwargs: Mapping[str, Any], channel: str) -> None:
        options = f"{kwargs.get('options', '')} -c synchronous_commit=off".strip()
        self._conninfo = conninfo
        self._kwargs = {**kwargs, "options": options}
        self._statement = sql.SQL("NOTIFY {}").format(sql.Identifier(channel))
        self._wanted = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def poke(self) -> None:
        with self._start_lock:
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(
                    target=self._run, name="redemption-core-notifier", daemon=True
                )
                self._thread.start()
        self._wanted.set()

    def close(self) -> None:
        self._stop.set()
        self._wanted.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=LISTENER_POLL_S * 4)

    def _run(self) -> None:
        connection: psycopg.Connection[Any] | None = None
        try:
            while not self._stop.is_set():
                self._wanted.wait()
                self._wanted.clear()
                if self._stop.is_set():
                    return
                try:
                    if connection is None or connection.closed:
                        connection = psycopg.connect(self._conninfo, autocommit=True,
                                                     **self._kwargs)
                    connection.execute(self._statement)
                except psycopg.Error as error:
                    _log.warning("event notifier: %s", " ".join(str(error).split()))
                    if connection is not None:
                        connection.close()
                    connection = None
                    self._stop.wait(LISTENER_RECONNECT_PAUSE_S)
                    self._wanted.set()  # the waiters still need to hear about it
        finally:
            if connection is not None:
                connection.close()

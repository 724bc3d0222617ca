"""The outbox as a feed for other processes: wait for events without busy polling.

`ObservedStore` wraps the store a server's `Ledger` writes through. After every
`transact` returns or raises (a failed redemption commits its `rf_` record and then
raises), it wakes the readers waiting in `EventFeed.wait_after`, and it times the call for
the metrics (`transact` includes waiting for the group committer: what a request pays).

A writer in another process (a second server, an embedding service on the same SQLite
file) does not signal this process, so a waiting reader also looks again every
`poll_seconds` (bounded, default 0.5 s): a missed wake-up costs at most that much latency,
never an event.

Why a reader misses nothing and sees nothing twice: `events_after(position)` reads events
in position order and positions grow in commit order. In SQLite the position is the rowid,
assigned while the single writer holds the write lock, and a reader's snapshot shows only
committed transactions; so once a reader has seen position p, every later commit gets a
position above p. (A rolled-back work's rowid may be reused by the next writer; it was never
visible, so no reader can have skipped past it.) The memory store appends under its one lock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar, cast

from redemption_core.adapters.json import activities
from redemption_core.adapters.json.wire import date
from redemption_core.domain.model.events import EventType, LedgerEvent
from redemption_core.domain.ports import Store, UnitOfWork
from redemption_core.domain.use_cases.ledger import Ledger

T = TypeVar("T")

POLL_SECONDS_DEFAULT = 0.5
"""How often a waiting reader looks for events committed by other processes."""

Observer = Callable[[float], None]
"""Called with the seconds one `transact` took."""


WorkWrapper = Callable[[Callable[[UnitOfWork], Any]], Callable[[UnitOfWork], Any]]


class ObservedStore:
    """A `Store` that signals commits and reports their latency; otherwise the store itself."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self._changed = threading.Condition()
        self._generation = 0
        self.observers: list[Observer] = []
        self.work_wrappers: list[WorkWrapper] = []
        """Each wraps every unit of work before it runs (the HTTP metrics watch session locks)."""
        self._listeners: set[Callable[[], None]] = set()

    def unit_of_work(self) -> AbstractContextManager[UnitOfWork]:
        return self.inner.unit_of_work()

    def transact(self, work: Callable[[UnitOfWork], T]) -> T:
        started = time.perf_counter()
        run: Callable[[UnitOfWork], Any] = work
        for wrap in self.work_wrappers:
            run = wrap(run)
        try:
            return cast(T, self.inner.transact(run))
        finally:
            seconds = time.perf_counter() - started
            for observer in self.observers:
                observer(seconds)
            self.signal()

    def signal(self) -> None:
        """Wake every waiting reader (after a commit, and on shutdown)."""
        with self._changed:
            self._generation += 1
            self._changed.notify_all()
            listeners = tuple(self._listeners)
        for listener in listeners:
            listener()

    def listen(self, listener: Callable[[], None]) -> None:
        """Call `listener` (from the signalling thread) on every signal: event loops use it."""
        with self._changed:
            self._listeners.add(listener)

    def unlisten(self, listener: Callable[[], None]) -> None:
        with self._changed:
            self._listeners.discard(listener)

    def generation(self) -> int:
        with self._changed:
            return self._generation

    def wait_changed(self, seen: int, timeout: float) -> int:
        """Wait until a transaction ends after generation `seen`, or `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._generation != seen, timeout)
            return self._generation

    def close(self) -> None:
        self.inner.close()
        self.signal()

    def __getattr__(self, name: str) -> Any:
        # Store-specific extras (`group_commit_stats`, `synchronous`) pass through.
        return getattr(self.inner, name)


_REWARD_EVENTS = frozenset(
    {
        EventType.REWARD_REDEMPTION_CREATED,
        EventType.REWARD_REDEMPTION_COMPLETED,
        EventType.REWARD_REDEMPTION_ROLLED_BACK,
    }
)


def event_json(ledger: Ledger, position: int, event: LedgerEvent) -> dict[str, Any]:
    """One event: its position, type and ids, and the data of its customer activity."""
    found = activities.context(ledger, event)
    is_reward = event.type in _REWARD_EVENTS
    data = (activities.reward_redemption_data if is_reward else activities.redemption_data)(
        found
    )
    record = found.record
    return {
        "object": "event",
        "position": position,
        "id": event.id,
        "type": event.type.value,
        "created_at": date(event.created_at),
        "group_id": event.group_id,
        "customer_id": event.customer_id,
        "activity_id": event.activity_id,
        "event_source": activities.event_source(record.channel if record is not None else None),
        "data": data,
    }



Positioned = Sequence[tuple[int, LedgerEvent]]


class EventFeed:
    """Reads the outbox of `ledger`; waits for more on its `ObservedStore` when there is
    none (a ledger on a plain store gets the bounded poll only)."""

    def __init__(self, ledger: Ledger, poll_seconds: float = POLL_SECONDS_DEFAULT) -> None:
        if poll_seconds <= 0:
            raise ValueError("poll_seconds must be positive")
        self.ledger = ledger
        store = ledger.store
        self.store = store if isinstance(store, ObservedStore) else ObservedStore(store)
        self.poll_seconds = poll_seconds

    def wait_after(
        self, position: int, limit: int, timeout: float, stopped: Callable[[], bool]
    ) -> Positioned:
        """Events after `position` (at most `limit`), waiting up to `timeout` seconds for
        the first one; empty on timeout or once `stopped()` is true."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self.store.generation()
            found = self.ledger.events_after(position, limit)
            left = deadline - time.monotonic()
            if found or left <= 0 or stopped():
                return found
            self.store.wait_changed(seen, min(left, self.poll_seconds))

    def follow(
        self, position: int, batch: int, stopped: Callable[[], bool]
    ) -> Iterator[tuple[int, LedgerEvent]]:
        """Every event after `position`, until `stopped()`, in commit order."""
        while not stopped():
            for found in self.wait_after(position, batch, self.poll_seconds, stopped):
                position = found[0]
                yield found

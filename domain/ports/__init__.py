"""The ports the domain needs from the outside world: store, unit of work, clock, ids.

They are `typing.Protocol`s; adapters satisfy them structurally and never inherit from them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar

if TYPE_CHECKING:
    from ..model.events import LedgerEvent
    from ..read_side.activity import ActivityQuery
    from ..read_side.queries import RecordPage, RecordQuery


class Entity(Protocol):
    """Anything a unit of work stores: identified by `id`, versioned for compare-and-swap."""

    unique_keys: ClassVar[tuple[str, ...]]
    index_keys: ClassVar[tuple[str, ...]]

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> int: ...


E = TypeVar("E", bound=Entity)
T = TypeVar("T")


class UnitOfWork(Protocol):
    """An atomic set of reads and writes; nothing is written unless `commit()` is called.

    Leaving the `with` block without committing, or through an exception, discards every
    staged write. Writes made inside the unit are visible to its own reads.
    """

    def get(self, kind: type[E], entity_id: str) -> E | None:
        """The entity of that kind with that id, or None."""
        ...

    def get_many(self, kind: type[E], entity_ids: Sequence[str]) -> Mapping[str, E]:
        """The entities of that kind with those ids, by id (absent ids are left out), in
        one read however many ids there are: a page's records without a read per row."""
        ...

    def find(self, kind: type[E], key: str, value: str) -> E | None:
        """The entity whose unique key `key` (one of `kind.unique_keys`) equals `value`."""
        ...

    def select(self, kind: type[E], key: str, value: str, limit: int) -> Sequence[E]:
        """Up to `limit` entities whose index key `key` equals `value`, oldest first."""
        ...

    def add(self, entity: Entity) -> None:
        """Stage a new entity; its id and unique keys must not exist yet (else `StoreConflict`)."""
        ...

    def replace(self, entity: Entity) -> None:
        """Stage a new version of a stored entity: `entity.version` = stored version + 1."""
        ...

    def query_records(self, query: RecordQuery) -> RecordPage:
        """One page of redemptions and rollbacks matching `query` (see `RecordQuery.matches`
        for the semantics), and how many match in all. Equality conditions are answered
        from indexes."""
        ...

    def append_event(self, event: LedgerEvent) -> None:
        """Stage an event; it gets its position in the outbox when the unit commits."""
        ...

    def events_after(self, position: int, limit: int) -> Sequence[tuple[int, LedgerEvent]]:
        """Up to `limit` committed events after `position`, in commit order, with positions."""
        ...

    def customer_events(self, customer_id: str, query: ActivityQuery) -> Sequence[LedgerEvent]:
        """A customer's events (their activities) matching `query`, in its order, at most
        `query.limit + 1` of them (one more tells the caller there is another page). A
        `starting_after_id` that is none of the customer's activities raises
        `activity.unknown_cursor()`."""
        ...

    def commit(self) -> None:
        """Make every staged write durable, all or nothing."""
        ...

    def abort(self) -> None:
        """Discard every staged write (the unit of work's undo; 'rollback' is a domain word)."""
        ...


class Store(Protocol):
    """Where the ledger lives: memory, SQLite, later PostgreSQL."""

    def unit_of_work(self) -> AbstractContextManager[UnitOfWork]:
        """Open an atomic unit of work; writers are serialized against each other."""
        ...

    def transact(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run `work` in a unit of work and commit what it staged, all or nothing.

        If `work` raises, nothing it staged is written and the exception propagates. A store
        may run several callers' `work` in one physical transaction (group commit) as long
        as each stays all-or-nothing on its own.
        """
        ...

    def close(self) -> None:
        """Release the store's resources; the store is unusable afterwards."""
        ...


class StoreConflict(Exception):
    """A write broke a store constraint: duplicate id or unique key, or a stale version.

    The domain checks these rules before writing, so reaching this is a concurrent writer
    (optimistic concurrency) or a bug; services translate it, never the caller.
    """


class StoreClosed(Exception):
    """The store (or the unit of work) was closed: a caller's mistake, never retried."""


class StoreCorrupt(Exception):
    """The stored ledger is damaged: a lost tail of commits, a broken file, a bad page.

    Raised when a store opens (it refuses to serve what it cannot vouch for) or meets
    damage while reading. Never retried: an operator must restore from a backup or accept
    the loss explicitly.
    """


class Clock(Protocol):
    """The current instant, timezone-aware UTC."""

    def now(self) -> datetime: ...


class IdSource(Protocol):
    """Fresh identifiers (DOMAIN.md 2.3) and random codes."""

    def new_id(self, prefix: str) -> str:
        """`prefix` + '_' + 18 lowercase hex characters, unique within the store."""
        ...

    def new_token(self, length: int, alphabet: str) -> str:
        """`length` characters drawn from `alphabet` (voucher ids, generated codes)."""
        ...

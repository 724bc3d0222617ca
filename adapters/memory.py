"""The in-memory store: the embedded default for tests and the fake users put in theirs.

It keeps the same rules as every other store (one contract test suite): ids and unique keys
are unique, `replace` is compare-and-swap on `version`, and a unit of work writes nothing
unless committed. One re-entrant lock serializes units of work, so it is thread-safe and a
balance is never read by one writer while another changes it.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

from redemption_core.domain.model.events import LedgerEvent
from redemption_core.domain.model.redemption import Redemption
from redemption_core.domain.model.redemption_rollback import RedemptionRollback
from redemption_core.domain.ports import Entity, StoreClosed, StoreConflict
from redemption_core.domain.read_side.activity import ActivityQuery, unknown_cursor
from redemption_core.domain.read_side.queries import (
    FILTER_FIELDS,
    LedgerRecord,
    RecordPage,
    RecordQuery,
    record_fields,
)

E = TypeVar("E", bound=Entity)
T = TypeVar("T")
Kind = type[Any]


_RECORD_KINDS = (Redemption, RedemptionRollback)

INDEXED_RECORD_FIELDS = frozenset(FILTER_FIELDS) - {"object", "result"}
"""Record fields with an index. `object` and `result` take two values each: an index on
them would hold half the records per value and narrow nothing."""


class _Tables:
    """Committed rows, their indexes, and the event outbox."""

    def __init__(self) -> None:
        self.rows: dict[Kind, dict[str, Any]] = {}
        self.unique: dict[tuple[Kind, str], dict[str, str]] = {}
        self.index: dict[tuple[Kind, str], dict[str, dict[str, None]]] = {}
        # Redemptions and rollbacks by queryable field value (list endpoint), and all of
        # them in insertion order for the queries no index answers.
        self.record_index: dict[tuple[str, str], dict[str, None]] = {}
        self.records: dict[str, LedgerRecord] = {}
        # Every record's (date, id), sorted: an unfiltered page is a slice of it, and its
        # total a difference of two positions, whatever the number of records. Records
        # mostly arrive in date order, so keeping it sorted is an append.
        self.by_date: list[tuple[datetime, str]] = []
        self.unindexed: list[LedgerRecord] = []
        self.events: list[LedgerEvent] = []
        self.customer_events: dict[str, list[int]] = {}
        self.activity_positions: dict[str, int] = {}

    def append_event(self, event: LedgerEvent) -> None:
        self.events.append(event)
        position = len(self.events)
        if event.customer_id is not None and event.activity_id is not None:
            self.customer_events.setdefault(event.customer_id, []).append(position)
            self.activity_positions[event.activity_id] = position

    def _index_record(self, old: LedgerRecord | None, record: LedgerRecord) -> None:
        # The queryable fields of a record are fixed at creation (a rollback changes its
        # status, never what it redeemed or for whom), so only new records need indexing,
        # and that waits for the next query: redeeming stays free of list bookkeeping.
        if old is None:
            self.unindexed.append(record)
            bisect.insort(self.by_date, (record.date, record.id))
        self.records[record.id] = record

    def catch_up(self) -> None:
        """Index the records added since the last query."""
        for record in self.unindexed:
            for field, value in record_fields(record).items():
                if value is not None and field in INDEXED_RECORD_FIELDS:
                    self.record_index.setdefault((field, value), {})[record.id] = None
        self.unindexed.clear()

    def put(self, entity: Any) -> None:
        kind = type(entity)
        if kind in _RECORD_KINDS:
            self._index_record(self.rows.get(kind, {}).get(entity.id), entity)
        table = self.rows.get(kind)
        if table is None:
            table = self.rows[kind] = {}
        old = table.get(entity.id)
        for key in kind.unique_keys:
            self._move(self.unique.setdefault((kind, key), {}), key, old, entity)
        for key in kind.index_keys:
            before = getattr(old, key) if old is not None else None
            after = getattr(entity, key)
            if before == after and old is not None:
                # Unchanged: keep its place, so `select` stays oldest first.
                continue
            buckets = self.index.setdefault((kind, key), {})
            if before is not None:
                buckets.get(before, {}).pop(entity.id, None)
            if after is not None:
                buckets.setdefault(after, {})[entity.id] = None
        table[entity.id] = entity

    @staticmethod
    def _move(values: dict[str, str], key: str, old: Any, entity: Any) -> None:
        before = getattr(old, key) if old is not None else None
        after = getattr(entity, key)
        if before == after and old is not None:
            return
        if before is not None:
            values.pop(before, None)
        if after is not None:
            values[after] = entity.id


class MemoryUnitOfWork:
    """Staged writes over the committed tables; the store's lock is held throughout."""

    def __init__(self, tables: _Tables) -> None:
        self._tables = tables
        self._staged: dict[tuple[Kind, str], Any] = {}
        # Unique key values of staged entities, so `find` never scans the staged writes.
        self._staged_unique: dict[tuple[Kind, str, str], str] = {}
        self._events: list[LedgerEvent] = []
        self._open = True

    def get(self, kind: type[E], entity_id: str) -> E | None:
        staged = self._staged.get((kind, entity_id))
        if staged is not None:
            found: E = staged
            return found
        committed: E | None = self._tables.rows.get(kind, {}).get(entity_id)
        return committed

    def get_many(self, kind: type[E], entity_ids: Sequence[str]) -> dict[str, E]:
        found = {entity_id: self.get(kind, entity_id) for entity_id in entity_ids}
        return {entity_id: entity for entity_id, entity in found.items() if entity is not None}

    def find(self, kind: type[E], key: str, value: str) -> E | None:
        entity_id = self._staged_unique.get((kind, key, value))
        if entity_id is not None:
            staged = self.get(kind, entity_id)
            if staged is not None and getattr(staged, key) == value:
                return staged
        entity_id = self._tables.unique.get((kind, key), {}).get(value)
        if entity_id is None:
            return None
        current = self.get(kind, entity_id)
        if current is None or getattr(current, key) != value:
            return None
        return current

    def select(self, kind: type[E], key: str, value: str, limit: int) -> Sequence[E]:
        ids = list(self._tables.index.get((kind, key), {}).get(value, {}))
        for (staged_kind, entity_id), entity in self._staged.items():
            if staged_kind is kind and entity_id not in ids and getattr(entity, key) == value:
                ids.append(entity_id)
        found: list[E] = []
        for entity_id in ids:
            current = self.get(kind, entity_id)
            if current is not None and getattr(current, key) == value:
                found.append(current)
                if len(found) >= limit:
                    break
        return found

    def add(self, entity: Entity) -> None:
        kind = type(entity)
        if self.get(kind, entity.id) is not None:
            raise StoreConflict(f"{kind.__name__} {entity.id} already exists")
        for key in kind.unique_keys:
            value = getattr(entity, key)
            if value is not None and self.find(kind, key, value) is not None:
                raise StoreConflict(f"{kind.__name__} with {key}={value!r} already exists")
        self._stage(kind, entity)

    def replace(self, entity: Entity) -> None:
        kind = type(entity)
        current = self.get(kind, entity.id)
        if current is None:
            raise StoreConflict(f"{kind.__name__} {entity.id} does not exist")
        if current.version + 1 != entity.version:
            raise StoreConflict(
                f"{kind.__name__} {entity.id}: version {entity.version} does not follow "
                f"{current.version}"
            )
        for key in kind.unique_keys:
            value = getattr(entity, key)
            if value is not None and value != getattr(current, key):
                holder = self.find(kind, key, value)
                if holder is not None and holder.id != entity.id:
                    raise StoreConflict(f"{kind.__name__} with {key}={value!r} already exists")
        self._stage(kind, entity)

    def query_records(self, query: RecordQuery) -> RecordPage:
        if not query.filters and query.order_by == "created_at" and not self._staged_records():
            return self._date_page(query)
        self._tables.catch_up()
        matched: dict[str, tuple[LedgerRecord, dict[str, str | None]]] = {}
        for record_id in self._candidates(query):
            record = self._current_record(record_id)
            fields = record_fields(record)
            if query.matches(record, fields):
                matched[record.id] = (record, fields)
        for (kind, record_id), entity in self._staged.items():
            if kind in _RECORD_KINDS and record_id not in matched:
                fields = record_fields(entity)
                if query.matches(entity, fields):
                    matched[record_id] = (entity, fields)
        ordered = sorted(
            matched.values(),
            key=lambda pair: query.sort_key(pair[0], pair[1]),
            reverse=query.descending,
        )
        page = ordered[query.offset : query.offset + query.limit]
        return RecordPage(records=tuple(record for record, _ in page), total=len(ordered))

    def _staged_records(self) -> bool:
        return any(kind in _RECORD_KINDS for kind, _ in self._staged)

    def _date_page(self, query: RecordQuery) -> RecordPage:
        """An unfiltered page in date order, sliced from the sorted (date, id) index."""
        keys = self._tables.by_date
        low, high = 0, len(keys)
        if query.created_after is not None:
            low = bisect.bisect_right(keys, query.created_after, key=lambda item: item[0])
        if query.created_before is not None:
            high = bisect.bisect_left(keys, query.created_before, key=lambda item: item[0])
        high = max(low, high)
        if query.descending:
            end = max(low, high - query.offset)
            chosen = keys[max(low, end - query.limit) : end][::-1]
        else:
            start = min(high, low + query.offset)
            chosen = keys[start : min(high, start + query.limit)]
        records = self._tables.records
        return RecordPage(records=tuple(records[key[1]] for key in chosen), total=high - low)

    def _candidates(self, query: RecordQuery) -> list[str]:
        """Ids worth testing: the smallest index answer of an AND of equality conditions,
        or every record when no condition can use an index."""
        if query.junction.value == "and":
            best: list[str] | None = None
            for item in query.filters:
                if not item.uses_index or item.field not in INDEXED_RECORD_FIELDS:
                    continue
                ids: list[str] = []
                for value in item.values:
                    ids.extend(self._tables.record_index.get((item.field, value), {}))
                if best is None or len(ids) < len(best):
                    best = ids
            if best is not None:
                return best
        return list(self._tables.records)

    def _current_record(self, record_id: str) -> LedgerRecord:
        for kind in _RECORD_KINDS:
            staged = self._staged.get((kind, record_id))
            if staged is not None:
                found: LedgerRecord = staged
                return found
        return self._tables.records[record_id]

    def append_event(self, event: LedgerEvent) -> None:
        self._events.append(event)

    def events_after(self, position: int, limit: int) -> Sequence[tuple[int, LedgerEvent]]:
        start = max(position, 0)
        chosen = self._tables.events[start : start + limit]
        return [(start + offset + 1, event) for offset, event in enumerate(chosen)]

    def customer_events(self, customer_id: str, query: ActivityQuery) -> Sequence[LedgerEvent]:
        positions = self._tables.customer_events.get(customer_id, [])
        ordered = reversed(positions) if query.descending else iter(positions)
        cursor = None
        if query.starting_after_id is not None:
            cursor = self._tables.activity_positions.get(query.starting_after_id)
            if cursor is None or self._tables.events[cursor - 1].customer_id != customer_id:
                raise unknown_cursor()
        found: list[LedgerEvent] = []
        for position in ordered:
            if cursor is not None and (
                position >= cursor if query.descending else position <= cursor
            ):
                continue
            event = self._tables.events[position - 1]
            if query.matches(event):
                found.append(event)
                if len(found) > query.limit:
                    break
        return found

    def _stage(self, kind: Kind, entity: Any) -> None:
        self._staged[(kind, entity.id)] = entity
        for key in kind.unique_keys:
            value = getattr(entity, key)
            if value is not None:
                self._staged_unique[(kind, key, value)] = entity.id

    def commit(self) -> None:
        if not self._open:
            raise StoreClosed("this unit of work is already closed")
        for entity in self._staged.values():
            self._tables.put(entity)
        for event in self._events:
            self._tables.append_event(event)
        self._staged.clear()
        self._staged_unique.clear()
        self._events.clear()
        self._open = False

    def abort(self) -> None:
        self._staged.clear()
        self._staged_unique.clear()
        self._events.clear()
        self._open = False


class MemoryStore:
    """A thread-safe in-process store; its contents end with the process."""

    def __init__(self) -> None:
        self._tables = _Tables()
        self._lock = threading.RLock()
        self._closed = False

    @contextmanager
    def unit_of_work(self) -> Iterator[MemoryUnitOfWork]:
        with self._lock:
            if self._closed:
                raise StoreClosed("the store is closed")
            uow = MemoryUnitOfWork(self._tables)
            try:
                yield uow
            finally:
                uow.abort()

    def transact(self, work: Callable[[MemoryUnitOfWork], T]) -> T:
        with self.unit_of_work() as uow:
            outcome = work(uow)
            uow.commit()
            return outcome

    def close(self) -> None:
        with self._lock:
            self._closed = True

"""The in-memory store: the embedded default for tests and the fake users put in theirs.

It keeps the same rules as every other store (one contract test suite): ids and unique keys
are unique, `replace` is compare-and-swap on `version`, and a unit of work writes nothing
unless committed. One re-entrant lock serializes units of work, so it is thread-safe and a
balance is never read by one writer while another changes it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from redemption_core.domain.ports import Entity, StoreConflict

E = TypeVar("E", bound=Entity)
T = TypeVar("T")
Kind = type[Any]


class _Tables:
    """Committed rows and their indexes."""

    def __init__(self) -> None:
        self.rows: dict[Kind, dict[str, Any]] = {}
        self.unique: dict[tuple[Kind, str], dict[str, str]] = {}
        self.index: dict[tuple[Kind, str], dict[str, dict[str, None]]] = {}

    def put(self, entity: Any) -> None:
        kind = type(entity)
        table = self.rows.setdefault(kind, {})
        old = table.get(entity.id)
        for key in kind.unique_keys:
            values = self.unique.setdefault((kind, key), {})
            if old is not None and getattr(old, key) is not None:
                values.pop(getattr(old, key), None)
            if getattr(entity, key) is not None:
                values[getattr(entity, key)] = entity.id
        for key in kind.index_keys:
            buckets = self.index.setdefault((kind, key), {})
            if old is not None and getattr(old, key) is not None:
                buckets.get(getattr(old, key), {}).pop(entity.id, None)
            if getattr(entity, key) is not None:
                buckets.setdefault(getattr(entity, key), {})[entity.id] = None
        table[entity.id] = entity


class MemoryUnitOfWork:
    """Staged writes over the committed tables; the store's lock is held throughout."""

    def __init__(self, tables: _Tables) -> None:
        self._tables = tables
        self._staged: dict[tuple[Kind, str], Any] = {}
        self._open = True

    def get(self, kind: type[E], entity_id: str) -> E | None:
        staged = self._staged.get((kind, entity_id))
        if staged is not None:
            found: E = staged
            return found
        committed: E | None = self._tables.rows.get(kind, {}).get(entity_id)
        return committed

    def find(self, kind: type[E], key: str, value: str) -> E | None:
        for (staged_kind, _), entity in self._staged.items():
            if staged_kind is kind and getattr(entity, key) == value:
                found: E = entity
                return found
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
        self._staged[(kind, entity.id)] = entity

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
        self._staged[(kind, entity.id)] = entity

    def commit(self) -> None:
        if not self._open:
            raise StoreConflict("this unit of work is already closed")
        for entity in self._staged.values():
            self._tables.put(entity)
        self._staged.clear()
        self._open = False

    def abort(self) -> None:
        self._staged.clear()
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
                raise StoreConflict("the store is closed")
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

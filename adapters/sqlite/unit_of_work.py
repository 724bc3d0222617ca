"""The unit of work over one connection inside an open transaction.

Writes go straight to the database inside the transaction the owner opened (a plain
transaction for `unit_of_work()`, a savepoint of the group commit for `transact`), so the
unit reads its own writes through the same SQL, and nobody else sees them before the
owner's COMMIT. The owner decides how "commit" and "abort" end the unit, through `finish`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from redemption_core.domain.model import rules
from redemption_core.domain.model.errors import InvariantViolation
from redemption_core.domain.model.events import LedgerEvent
from redemption_core.domain.ports import Entity, StoreConflict
from redemption_core.domain.read_side.activity import ActivityQuery, unknown_cursor
from redemption_core.domain.read_side.queries import LedgerRecord, RecordPage, RecordQuery

from . import event_refs, outbox, records, snapshots
from .chain import WriteJournal
from .codec import BodyError, EntityCodec
from .errors import CorruptRow, SQLiteStoreError, StoreClosed, translate
from .schema import ColumnValue, Table, table_of

__all__ = ["SQLiteUnitOfWork", "UnknownKey"]

E = TypeVar("E", bound=Entity)
Row = tuple[Any, ...]

_KEEP_SNAPSHOT_SQL = "INSERT INTO snapshots (digest, body) VALUES (?, ?) ON CONFLICT DO NOTHING"
_SNAPSHOT_SQL = "SELECT body FROM snapshots WHERE digest = ?"


_IDS_PER_READ = 500
"""Ids bound in one `get_many` statement (SQLite allows 999 variables before 3.32)."""

class UnknownKey(SQLiteStoreError, ValueError):
    """`find` or `select` named a key the class does not declare; a programming error."""


class SQLiteUnitOfWork:
    """Reads and writes of one atomic unit; `finish(True)` commits it, `finish(False)` undoes it."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        codec: EntityCodec,
        finish: Callable[[bool], None],
        journal: WriteJournal | None = None,
    ) -> None:
        self._connection: sqlite3.Connection | None = connection
        # One cursor for the unit's statements: `connection.execute` makes a new one each
        # time, a cost on every statement of the write path (each result is read at once).
        self._cursor = connection.cursor()
        self._codec = codec
        self._finish = finish
        # Every statement written, for the commit chain (chain.py); the owner hashes it.
        self._journal = journal
        self._open = True
        # Unstructured objects of this unit, reused when a later write embeds them.
        self._memo: dict[int, tuple[Any, Any]] = {}
        # Stored key-column values by (table, id): what this unit read or wrote last.
        self._stored: dict[tuple[str, str], tuple[int, tuple[ColumnValue, ...]]] = {}
        # The entity each row holds right now, by (table, id): what this unit read or wrote
        # last. An event may store a snapshot by reference only if it is this very object.
        self._known: dict[tuple[str, str], Any] = {}
        self._snapshots = snapshots.UnitSnapshots(self._keep_snapshot, self._snapshot_text)

    # -- reads --------------------------------------------------------------------------

    def get(self, kind: type[E], entity_id: str) -> E | None:
        table = table_of(kind)
        rows = self._rows(table.get_sql, (entity_id,), f"reading {table.name} {entity_id}")
        return self._decode(kind, table, rows[0]) if rows else None

    def get_many(self, kind: type[E], entity_ids: Sequence[str]) -> dict[str, E]:
        table = table_of(kind)
        wanted = list(dict.fromkeys(entity_ids))
        found: dict[str, E] = {}
        # `get_sql` with `id IN (...)`, in batches well under SQLite's bound-variable limit.
        select = table.get_sql.removesuffix("= ?")
        for start in range(0, len(wanted), _IDS_PER_READ):
            batch = wanted[start : start + _IDS_PER_READ]
            sql = f"{select}IN ({', '.join('?' * len(batch))})"
            for row in self._rows(sql, batch, f"reading {len(batch)} of {table.name}"):
                entity = self._decode(kind, table, row)
                found[entity.id] = entity
        return found

    def find(self, kind: type[E], key: str, value: str) -> E | None:
        table = table_of(kind)
        sql = table.find_sql.get(key)
        if sql is None:
            raise UnknownKey(f"{kind.__name__}.{key} is not a unique key {kind.unique_keys}")
        rows = self._rows(sql, (value,), f"finding {table.name} with {key}={value!r}")
        return self._decode(kind, table, rows[0]) if rows else None

    def select(self, kind: type[E], key: str, value: str, limit: int) -> Sequence[E]:
        table = table_of(kind)
        sql = table.select_sql.get(key)
        if sql is None:
            raise UnknownKey(f"{kind.__name__}.{key} is not an index key {kind.index_keys}")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            # SQLite reads a negative LIMIT as "no limit"; refuse instead of scanning.
            raise ValueError(f"limit must be a positive integer, not {limit!r}")
        rows = self._rows(sql, (value, limit), f"selecting {table.name} with {key}={value!r}")
        return [self._decode(kind, table, row) for row in rows]

    # -- writes -------------------------------------------------------------------------

    def add(self, entity: Entity) -> None:
        table = table_of(type(entity))
        values = table.values(entity)
        body = self._codec.encode_row(entity, self._memo, self._snapshots,
                                   table.field_values(values))
        params = (entity.id, entity.version, body, *values)
        self._execute(table.insert_sql, params, f"adding {table.name} {entity.id}")
        self._stored[(table.name, entity.id)] = (entity.version, values)
        self._known[(table.name, entity.id)] = entity

    def replace(self, entity: Entity) -> None:
        table = table_of(type(entity))
        reference = event_refs.REFERENCE_BY_KIND.get(type(entity))
        if reference is not None:
            self._keep_fixed(reference, entity)
        values = table.values(entity)
        changed = self._changed_columns(table, entity, values)
        params = (
            entity.version,
            self._codec.encode_row(entity, self._memo, self._snapshots,
                                   table.field_values(values)),
            *(value for name, value in zip(table.column_names, values, strict=True)
              if name in changed),
            entity.id,
            entity.version - 1,
        )
        doing = f"replacing {table.name} {entity.id}"
        if self._execute(table.update_sql(changed), params, doing) == 1:
            self._stored[(table.name, entity.id)] = (entity.version, values)
            self._known[(table.name, entity.id)] = entity
            return
        rows = self._rows(table.version_sql, (entity.id,), f"reading {table.name} {entity.id}")
        if not rows:
            raise StoreConflict(f"{type(entity).__name__} {entity.id} does not exist")
        raise StoreConflict(
            f"{type(entity).__name__} {entity.id}: version {entity.version} does not follow "
            f"{rows[0][0]}"
        )

    def _keep_fixed(self, reference: event_refs.Reference, entity: Entity) -> None:
        """Refuse a change to a field that events stored by reference rely on."""
        before = self._known.get((reference.table, entity.id))
        if before is None:
            before = self.get(reference.kind, entity.id)
        if before is None or before.version != entity.version - 1:
            return  # not the row's successor: the compare-and-swap reports the conflict
        reference.check_fixed(before, entity)

    def _changed_columns(
        self, table: Table, entity: Entity, values: tuple[ColumnValue, ...]
    ) -> tuple[str, ...]:
        """Key columns whose value differs from the row this unit read (all, if unknown).

        The UPDATE only succeeds against `version - 1`, the very row remembered here, so a
        column left out really keeps its value.
        """
        known = self._stored.get((table.name, entity.id))
        if known is None or known[0] != entity.version - 1:
            return table.column_names
        return tuple(
            name
            for name, new, old in zip(table.column_names, values, known[1], strict=True)
            if new != old
        )

    # -- records and events -------------------------------------------------------------

    def query_records(self, query: RecordQuery) -> RecordPage:
        paging, counting = records.page_statement(query), records.count_statement(query)
        if paging is None or counting is None:
            return RecordPage(records=(), total=0)
        page = self._rows(*paging, "listing redemptions")
        total = self._rows(*counting, "counting redemptions")[0][0]
        found: list[LedgerRecord] = []
        for source, record_id in page:
            kind = records.RECORD_SOURCES[source].table.kind
            record = self.get(kind, record_id)
            if record is None:
                raise InvariantViolation(f"record {record_id} vanished inside its transaction")
            found.append(record)
        return RecordPage(records=tuple(found), total=int(total))

    def append_event(self, event: LedgerEvent) -> None:
        """Store `event`, its snapshots by reference where this unit proves them current."""
        references: dict[str, Any] = {}
        stripped: dict[str, None] = {}
        for reference in event_refs.REFERENCES:
            record = getattr(event, reference.field)
            if record is None:
                continue
            if self._known.get((reference.table, record.id)) is record:
                references[reference.key] = reference.encode(record, self._codec.converter)
                stripped[reference.field] = None
        columns = outbox.event_columns(event)
        fields = outbox.field_values(columns)
        if stripped:
            body = self._codec.encode(
                rules.evolve(event, **stripped), self._memo, references, self._snapshots, fields
            )
        else:
            body = self._codec.encode(event, self._memo, store=self._snapshots, columns=fields)
        params = (event.id, event.version, *columns, body)
        self._execute(outbox.INSERT_SQL, params, f"appending event {event.id}")

    def events_after(self, position: int, limit: int) -> Sequence[tuple[int, LedgerEvent]]:
        rows = self._rows(outbox.AFTER_SQL, (position, limit), "reading events")
        return [(row[0], self._decode_event(row)) for row in rows]

    def customer_events(self, customer_id: str, query: ActivityQuery) -> Sequence[LedgerEvent]:
        cursor = None
        if query.starting_after_id is not None:
            found = self._rows(
                outbox.CURSOR_SQL, (query.starting_after_id, customer_id), "finding an activity"
            )
            if not found:
                raise unknown_cursor()
            cursor = found[0][0]
        sql, params = outbox.customer_statement(customer_id, query, cursor)
        rows = self._rows(sql, params, f"reading the activity of customer {customer_id}")
        return [self._decode_event(row) for row in rows]

    def _decode_event(self, row: Row) -> LedgerEvent:
        _, event_id, version, body, *columns = row
        keys = event_refs.REFERENCE_KEYS
        try:
            event, taken = self._codec.decode_with(
                LedgerEvent, event_id, version, body, keys, self._snapshots,
                outbox.field_values(tuple(columns)),
            )
        except BodyError as error:
            raise CorruptRow(outbox.EVENTS_TABLE, str(event_id), error.details) from error
        if not taken:
            return event  # type: ignore[no-any-return]
        restored = {
            reference.field: self._snapshot(reference, taken[reference.key], event_id)
            for reference in event_refs.REFERENCES
            if reference.key in taken
        }
        try:
            return rules.evolve(event, **restored)  # type: ignore[no-any-return]
        except (TypeError, ValueError) as error:
            raise CorruptRow(outbox.EVENTS_TABLE, str(event_id), str(error)) from error

    def _snapshot(self, reference: event_refs.Reference, body: Any, event_id: str) -> Any:
        """A referenced record as it was when the event was appended."""
        try:
            changes = reference.changes(body, self._codec.converter)
            record_id = body["id"]
        except Exception as error:  # anything the converter raises means a corrupt row
            raise CorruptRow(
                outbox.EVENTS_TABLE, str(event_id), f"$.{reference.key}: {error}"
            ) from error
        current = self.get(reference.kind, record_id) if type(record_id) is str else None
        if current is None:
            raise CorruptRow(
                outbox.EVENTS_TABLE, str(event_id),
                f"$.{reference.key}: {reference.kind.__name__} {record_id!r} is not stored",
            )
        try:
            return reference.rebuild(current, changes)
        except (TypeError, ValueError) as error:
            raise CorruptRow(
                outbox.EVENTS_TABLE, str(event_id), f"$.{reference.key}: {error}"
            ) from error

    # -- snapshots (snapshots.py) -------------------------------------------------------

    def _keep_snapshot(self, digest: bytes, text: str) -> None:
        self._execute(_KEEP_SNAPSHOT_SQL, (digest, text), "storing a snapshot")

    def _snapshot_text(self, digest: bytes) -> str | None:
        rows = self._rows(_SNAPSHOT_SQL, (digest,), "reading a snapshot")
        return str(rows[0][0]) if rows else None

    # -- ending -------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Neither committed nor aborted yet."""
        return self._open

    def commit(self) -> None:
        if not self._open:
            raise StoreClosed("this unit of work is already closed")
        self._open = False
        self._finish(True)

    def abort(self) -> None:
        if self._open:
            self._open = False
            self._finish(False)

    def release(self) -> None:
        """The owner takes the connection back; the unit is unusable from now on."""
        self.abort()
        self._connection = None
        self._cursor.close()

    # -- helpers ------------------------------------------------------------------------

    def _live(self) -> sqlite3.Connection:
        if self._connection is None:
            raise StoreClosed("this unit of work has ended")
        return self._connection

    def _rows(self, sql: str, params: Sequence[Any], doing: str) -> list[Row]:
        self._live()
        try:
            return self._cursor.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise translate(error, doing) from error

    def _execute(self, sql: str, params: Sequence[Any], doing: str) -> int:
        self._live()
        if self._journal is not None:
            self._journal.record(sql, params)
        try:
            return self._cursor.execute(sql, params).rowcount
        except sqlite3.Error as error:
            raise translate(error, doing) from error

    def _decode(self, kind: type[E], table: Table, row: Row) -> E:
        entity_id, version, body, *values = row
        try:
            entity: E = self._codec.decode(
                kind, entity_id, version, body, self._snapshots, table.field_values(tuple(values))
            )
        except BodyError as error:
            raise CorruptRow(table.name, str(entity_id), error.details) from error
        self._stored[(table.name, entity.id)] = (entity.version, tuple(values))
        self._known[(table.name, entity.id)] = entity
        return entity

"""The unit of work over one pooled connection inside an open transaction.

Writes go straight to the database inside the transaction the store opened, so the unit
reads its own writes through the same SQL and nobody sees them before COMMIT. Each write
is one statement (data-modifying CTEs put an entity, its unique keys, its index keys and
its listing row in together), so a failing write changes nothing, and after a
`StoreConflict` the unit must be abandoned (PostgreSQL refuses further statements in a
failed transaction; the store ends it).

Under `transact` with the `locking` isolation, `get` and `find` lock the row they return
(`FOR UPDATE`): a second writer of the same gift card waits for the first to commit and
then reads its balance, instead of losing a compare-and-swap race. `replace` is still a
compare-and-swap on `version`, the safety net of every mode.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from redemption_core.adapters.sqlite import event_refs, snapshots
from redemption_core.adapters.sqlite.codec import BodyError, EntityCodec
from redemption_core.domain.model import rules
from redemption_core.domain.model.events import LedgerEvent
from redemption_core.domain.ports import Entity, StoreConflict
from redemption_core.domain.read_side.activity import ActivityQuery, unknown_cursor
from redemption_core.domain.read_side.queries import LedgerRecord, RecordPage, RecordQuery

from . import outbox, records
from .errors import CorruptRow, StoreClosed
from .session import Row, Session

__all__ = ["PostgreSQLUnitOfWork", "Row", "UnknownKey"]

E = TypeVar("E", bound=Entity)

_READ = "SELECT e.id, e.version, e.body FROM entities e"
_GET = f"{_READ} WHERE e.kind = %s AND e.id = %s"
_GET_MANY = f"{_READ} WHERE e.kind = %s AND e.id = ANY(%s)"
_KEEP_SNAPSHOT = (
    "INSERT INTO snapshots (digest, body) VALUES (%s, %s) ON CONFLICT (digest) DO NOTHING"
)
_SNAPSHOT = "SELECT body FROM snapshots WHERE digest = %s"
_FIND = (
    f"{_READ} JOIN entity_keys k ON k.kind = e.kind AND k.id = e.id "
    "WHERE k.kind = %s AND k.name = %s AND k.value = %s"
)
_SELECT = (
    f"{_READ} JOIN entity_index x ON x.kind = e.kind AND x.id = e.id "
    "WHERE x.kind = %s AND x.name = %s AND x.value = %s ORDER BY x.seq LIMIT %s"
)
_LOCK = " FOR UPDATE OF e"
_ADD = (
    "WITH e AS (INSERT INTO entities (kind, id, version, body) VALUES (%(kind)s, %(id)s, "
    "%(version)s, %(body)s) RETURNING seq), "
    "k AS (INSERT INTO entity_keys (kind, name, value, id) SELECT %(kind)s, n, v, %(id)s "
    "FROM unnest(%(key_names)s::text[], %(key_values)s::text[]) AS u(n, v)), "
    "x AS (INSERT INTO entity_index (kind, name, value, seq, id) "
    "SELECT %(kind)s, n, v, e.seq, %(id)s FROM e, "
    "unnest(%(index_names)s::text[], %(index_values)s::text[]) AS u(n, v)) "
)
_ADD_RECORD = (
    "r AS (INSERT INTO records (kind, id, " + ", ".join(records.COLUMNS) + ") VALUES "
    "(%(kind)s, %(id)s, " + ", ".join(f"%(c_{c})s" for c in records.COLUMNS) + ")) "
)
# A stale version raises in the server (stale_version(): SQLSTATE 40001), so a COMMIT
# pipelined behind it can never commit the unit.
_UPDATE = (
    "WITH u AS (UPDATE entities SET version = %s, body = %s WHERE kind = %s AND id = %s "
    "AND version = %s RETURNING 1) "
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM u) THEN 1 ELSE stale_version(%s, %s) END"
)
_SEQ = "(SELECT seq FROM entities WHERE kind = %s AND id = %s)"
_UPDATE_RECORD = (
    "UPDATE records SET " + ", ".join(f"{c} = %s" for c in records.COLUMNS)
    + " WHERE kind = %s AND id = %s"
)


class UnknownKey(ValueError):
    """`find` or `select` named a key the class does not declare; a programming error."""


class PostgreSQLUnitOfWork:
    """Reads and writes of one transaction; `finish(True)` commits it, `finish(False)` not."""

    def __init__(
        self,
        session: Session,
        codec: EntityCodec,
        *,
        lock_reads: bool,
        sequence: Callable[[], None],
        notify: Callable[[], None] | None,
    ) -> None:
        self._session = session
        self._codec = codec
        self._lock = _LOCK if lock_reads else ""
        self._sequence = sequence
        self._notify = notify
        self._open = True
        self._appended = False
        self._memo: dict[int, tuple[Any, Any]] = {}
        # The entity each row holds as this unit last read or wrote it, by (kind, id):
        # a replace rewrites only the keys that differ from it.
        self._known: dict[tuple[str, str], Any] = {}
        self._snapshots = snapshots.UnitSnapshots(self._keep_snapshot, self._snapshot_text)

    # -- reads --------------------------------------------------------------------------

    def get(self, kind: type[E], entity_id: str) -> E | None:
        rows = self._rows(_GET + self._lock, (kind.__name__, entity_id),
                          f"reading {kind.__name__} {entity_id}")
        return self._decode(kind, rows[0]) if rows else None

    def get_many(self, kind: type[E], entity_ids: Sequence[str]) -> dict[str, E]:
        wanted = list(dict.fromkeys(entity_ids))
        if not wanted:
            return {}
        rows = self._rows(_GET_MANY + self._lock, (kind.__name__, wanted),
                          f"reading {len(wanted)} of {kind.__name__}")
        found = (self._decode(kind, row) for row in rows)
        return {entity.id: entity for entity in found}

    def find(self, kind: type[E], key: str, value: str) -> E | None:
        if key not in kind.unique_keys:
            raise UnknownKey(f"{kind.__name__}.{key} is not a unique key {kind.unique_keys}")
        rows = self._rows(_FIND + self._lock, (kind.__name__, key, value),
                          f"finding {kind.__name__} with {key}={value!r}")
        return self._decode(kind, rows[0]) if rows else None

    def select(self, kind: type[E], key: str, value: str, limit: int) -> Sequence[E]:
        if key not in kind.index_keys:
            raise UnknownKey(f"{kind.__name__}.{key} is not an index key {kind.index_keys}")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a positive integer, not {limit!r}")
        rows = self._rows(_SELECT, (kind.__name__, key, value, limit),
                          f"selecting {kind.__name__} with {key}={value!r}")
        return [self._decode(kind, row) for row in rows]

    # -- writes -------------------------------------------------------------------------

    def add(self, entity: Entity) -> None:
        kind = type(entity).__name__
        unique = [(key, getattr(entity, key)) for key in entity.unique_keys]
        index = [(key, getattr(entity, key)) for key in entity.index_keys]
        params: dict[str, Any] = {
            "kind": kind,
            "id": entity.id,
            "version": entity.version,
            "body": self._codec.encode(entity, self._memo, store=self._snapshots),
            "key_names": [key for key, value in unique if value is not None],
            "key_values": [value for _, value in unique if value is not None],
            "index_names": [key for key, value in index if value is not None],
            "index_values": [value for _, value in index if value is not None],
        }
        statement = _ADD
        if isinstance(entity, records.RECORD_KINDS):
            statement += ", " + _ADD_RECORD
            params.update(zip((f"c_{c}" for c in records.COLUMNS),
                              records.listing(entity), strict=True))
        self._execute(statement + "SELECT 1", params, f"adding {kind} {entity.id}")
        self._known[(kind, entity.id)] = entity

    def replace(self, entity: Entity) -> None:
        kind = type(entity).__name__
        doing = f"replacing {kind} {entity.id}"
        before = self._known.get((kind, entity.id))
        if before is None or before.version != entity.version - 1:
            before = self.get(type(entity), entity.id)
        if before is None:
            raise StoreConflict(f"{kind} {entity.id} does not exist")
        if before.version != entity.version - 1:
            raise StoreConflict(
                f"{kind} {entity.id}: version {entity.version} does not follow {before.version}"
            )
        reference = event_refs.REFERENCE_BY_KIND.get(type(entity))
        if reference is not None:
            reference.check_fixed(before, entity)  # events keep it by reference
        body = self._codec.encode(entity, self._memo, store=self._snapshots)
        self._execute(_UPDATE, (entity.version, body, kind, entity.id, before.version,
                                kind, entity.id), doing)
        self._move_keys(kind, entity, before, doing)
        if isinstance(entity, records.RECORD_KINDS):
            listed = records.listing(entity)
            if listed != records.listing(before):  # type: ignore[arg-type]
                self._execute(_UPDATE_RECORD, (*listed, kind, entity.id), doing)
        self._known[(kind, entity.id)] = entity

    def _move_keys(self, kind: str, entity: Entity, before: Any, doing: str) -> None:
        """Rewrite the key and index rows whose value changed, and only those."""
        for key in entity.unique_keys:
            old, new = getattr(before, key), getattr(entity, key)
            if old == new:
                continue
            if old is not None:
                self._execute("DELETE FROM entity_keys WHERE kind = %s AND name = %s "
                              "AND value = %s AND id = %s", (kind, key, old, entity.id), doing)
            if new is not None:
                self._execute("INSERT INTO entity_keys (kind, name, value, id) "
                              "VALUES (%s, %s, %s, %s)", (kind, key, new, entity.id), doing)
        for key in entity.index_keys:
            old, new = getattr(before, key), getattr(entity, key)
            if old == new:
                continue
            if old is not None:
                self._execute("DELETE FROM entity_index WHERE kind = %s AND name = %s "
                              "AND value = %s AND id = %s", (kind, key, old, entity.id), doing)
            if new is not None:
                self._execute("INSERT INTO entity_index (kind, name, value, seq, id) "
                              f"VALUES (%s, %s, %s, {_SEQ}, %s)",
                              (kind, key, new, kind, entity.id, entity.id), doing)

    # -- records and events -------------------------------------------------------------

    def query_records(self, query: RecordQuery) -> RecordPage:
        kinds = {kind.__name__: kind for kind in records.RECORD_KINDS}
        page = self._rows(*records.page_statement(query), "listing redemptions")
        total = self._rows(*records.count_statement(query), "counting redemptions")[0][0]
        found: list[LedgerRecord] = [self._decode(kinds[row[0]], row[1:]) for row in page]
        return RecordPage(records=tuple(found), total=int(total))

    def append_event(self, event: LedgerEvent) -> None:
        """Store `event`, its snapshots by reference where this unit proves them current
        (the SQLite adapter's event_refs: about 2 KB less to write per redemption)."""
        references: dict[str, Any] = {}
        stripped: dict[str, None] = {}
        for reference in event_refs.REFERENCES:
            record = getattr(event, reference.field)
            if record is not None and self._known.get((reference.kind.__name__, record.id)) \
                    is record:
                references[reference.key] = reference.encode(record, self._codec.converter)
                stripped[reference.field] = None
        if stripped:
            body = self._codec.encode(
                rules.evolve(event, **stripped), self._memo, references, self._snapshots
            )
        else:
            body = self._codec.encode(event, self._memo, store=self._snapshots)
        self._execute(outbox.INSERT_SQL, outbox.event_row(event, body),
                      f"appending event {event.id}")
        self._appended = True

    def events_after(self, position: int, limit: int) -> Sequence[tuple[int, LedgerEvent]]:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a positive integer, not {limit!r}")
        self._live()
        self._sequence()
        rows = self._rows(outbox.AFTER_SQL, (position, limit), "reading events")
        return [(int(row[3]), self._decode_event(row)) for row in rows]

    def customer_events(self, customer_id: str, query: ActivityQuery) -> Sequence[LedgerEvent]:
        cursor: int | None = None
        if query.starting_after_id is not None:
            found = self._rows(outbox.CURSOR_SQL, (query.starting_after_id, customer_id),
                               "finding the activity cursor")
            if not found:
                raise unknown_cursor()
            cursor = int(found[0][0])
        statement, params = outbox.customer_statement(customer_id, query, cursor)
        rows = self._rows(statement, params, f"listing the activities of {customer_id}")
        return [self._decode_event(row) for row in rows]

    # -- snapshots ----------------------------------------------------------------------

    def _keep_snapshot(self, digest: bytes, text: str) -> None:
        self._execute(_KEEP_SNAPSHOT, (digest, text), "storing a snapshot")

    def _snapshot_text(self, digest: bytes) -> str | None:
        rows = self._rows(_SNAPSHOT, (digest,), "reading a snapshot")
        return str(rows[0][0]) if rows else None

    # -- ending -------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._open

    def commit(self) -> None:
        if not self._open:
            raise StoreClosed("this unit of work is already closed")
        self._open = False
        self._session.commit()
        if self._appended and self._notify is not None:
            self._notify()

    def abort(self) -> None:
        if self._open:
            self._open = False
            self._session.rollback()

    # -- helpers ------------------------------------------------------------------------

    def _live(self) -> None:
        if not self._open:
            raise StoreClosed("this unit of work has ended")

    def _rows(self, statement: str, params: Any, doing: str) -> list[Row]:
        self._live()
        return self._session.rows(statement, params, doing)

    def _execute(self, statement: str, params: Any, doing: str) -> None:
        self._live()
        self._session.write(statement, params, doing)

    def _decode(self, kind: type[E], row: Row) -> E:
        entity_id, version, body = row[:3]
        try:
            entity: E = self._codec.decode(kind, entity_id, version, body, self._snapshots)
        except BodyError as error:
            raise CorruptRow(kind.__name__, str(entity_id), error.details) from error
        self._known[(kind.__name__, entity.id)] = entity
        return entity

    def _decode_event(self, row: Row) -> LedgerEvent:
        event_id, version, body = row[:3]
        keys = event_refs.REFERENCE_KEYS
        try:
            event, taken = self._codec.decode_with(
                LedgerEvent, event_id, version, body, keys, self._snapshots
            )
        except BodyError as error:
            raise CorruptRow("LedgerEvent", str(event_id), error.details) from error
        if not taken:
            return event  # type: ignore[no-any-return]
        restored = {
            reference.field: self._snapshot(reference, taken[reference.key], str(event_id))
            for reference in event_refs.REFERENCES
            if reference.key in taken
        }
        try:
            return rules.evolve(event, **restored)  # type: ignore[no-any-return]
        except (TypeError, ValueError) as error:
            raise CorruptRow("LedgerEvent", str(event_id), str(error)) from error

    def _snapshot(self, reference: event_refs.Reference, body: Any, event_id: str) -> Any:
        """A referenced record as it was when the event was appended."""
        where = f"$.{reference.key}"
        try:
            changes = reference.changes(body, self._codec.converter)
            record_id = body["id"]
        except Exception as error:  # anything the converter raises means a corrupt row
            raise CorruptRow("LedgerEvent", event_id, f"{where}: {error}") from error
        rows = self._rows(_GET, (reference.kind.__name__, record_id),
                          f"reading {reference.kind.__name__} {record_id}") \
            if type(record_id) is str else []
        if not rows:
            raise CorruptRow("LedgerEvent", event_id,
                             f"{where}: {reference.kind.__name__} {record_id!r} is not stored")
        try:
            return reference.rebuild(self._decode(reference.kind, rows[0]), changes)
        except (TypeError, ValueError) as error:
            raise CorruptRow("LedgerEvent", event_id, f"{where}: {error}") from error

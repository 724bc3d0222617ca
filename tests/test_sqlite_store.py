"""What only the SQLite store has to prove: schema, corruption, driver errors, locking.

Goal: the behaviours the shared contract suite cannot see from the port. Method: open real
stores on files under tmp_path and reach around them with a raw `sqlite3` connection, the
way a second process or a damaged disk would: record a newer schema version, write bad
rows, hold the write lock. Group commit is observed through `group_commit_stats()`, never
through timing. The list queries are checked against the memory store (the reference
semantics of `RecordQuery`) on the same scripted world.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import inspect
import json
import pkgutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import redemption_core.domain as domain_package
from redemption_core import (
    CampaignInput,
    CustomerInput,
    Ledger,
    MemberInput,
    MemoryStore,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RewardAssignmentInput,
    RewardInput,
    RollbackCommand,
    SequentialIds,
    SteppingClock,
    VoucherInput,
    VoucherType,
    errors,
)
from redemption_core.adapters.sqlite import (
    SCHEMA_VERSION,
    CorruptRow,
    SchemaTooNew,
    SQLiteStore,
    SQLiteStoreError,
    StoreClosed,
    StoreFailure,
    UnknownEntityKind,
    make_converter,
)
from redemption_core.adapters.sqlite import migrations as migrations_module
from redemption_core.adapters.sqlite.codec import EntityCodec
from redemption_core.adapters.sqlite.connection import ConnectionSettings, connect
from redemption_core.adapters.sqlite.errors import translate
from redemption_core.adapters.sqlite.records import page_statement
from redemption_core.adapters.sqlite.schema import TABLES
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.model.events import LedgerEvent
from redemption_core.domain.model.redemption import Channel, ChannelType, Redemption
from redemption_core.domain.model.voucher import Voucher
from redemption_core.domain.ports import Store, StoreConflict, UnitOfWork
from redemption_core.domain.read_side.queries import (
    FILTER_FIELDS,
    ORDER_FIELDS,
    Condition,
    FieldFilter,
    Junction,
    RecordQuery,
    record_fields,
)
from tests.contract import customer, successor, voucher


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


@pytest.fixture
def open_store(db_path: Path) -> Iterator[Callable[..., SQLiteStore]]:
    """Opens stores on `db_path` (settings overridable) and closes them all afterwards."""
    opened: list[SQLiteStore] = []

    def opener(**settings: Any) -> SQLiteStore:
        store = SQLiteStore(db_path, **settings)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()


@contextlib.contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection, as another program would have; always closed."""
    connection = sqlite3.connect(path, isolation_level=None, timeout=5)
    try:
        yield connection
    finally:
        connection.close()


def add(store: Store, *entities: Any) -> None:
    def work(uow: UnitOfWork) -> None:
        for entity in entities:
            uow.add(entity)

    store.transact(work)


def read(store: Store, kind: type[Any], entity_id: str) -> Any:
    with store.unit_of_work() as uow:
        return uow.get(kind, entity_id)


# -- schema ---------------------------------------------------------------------------


class TestMigrations:
    def test_a_new_database_records_every_step(self, open_store, db_path):
        """`schema_migrations` lists each step once, up to `SCHEMA_VERSION`."""
        # given / when
        open_store()
        # then
        with raw(db_path) as connection:
            rows = connection.execute("SELECT version FROM schema_migrations").fetchall()
        assert [version for (version,) in rows] == list(range(1, SCHEMA_VERSION + 1))

    def test_reopening_applies_nothing_twice(self, open_store, db_path):
        """A second open finds the schema current and leaves the records as they were."""
        # given
        open_store().close()
        with raw(db_path) as connection:
            before = connection.execute("SELECT * FROM schema_migrations").fetchall()
        # when
        open_store()
        # then
        with raw(db_path) as connection:
            assert connection.execute("SELECT * FROM schema_migrations").fetchall() == before

    def test_a_newer_schema_is_refused_and_left_untouched(self, db_path):
        """A database migrated by a newer release raises `SchemaTooNew` naming both
        versions; its bytes and journal mode stay exactly as they were."""
        # given
        with raw(db_path) as connection:
            connection.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                               "description TEXT NOT NULL, applied_at TEXT NOT NULL)")
            connection.execute("INSERT INTO schema_migrations VALUES (99, 'future', 'later')")
        before = db_path.read_bytes()
        # when
        with pytest.raises(SchemaTooNew) as refused:
            SQLiteStore(db_path)
        # then
        assert (refused.value.found, refused.value.known) == (99, SCHEMA_VERSION)
        assert "99" in str(refused.value) and str(SCHEMA_VERSION) in str(refused.value)
        assert db_path.read_bytes() == before
        assert not db_path.with_name(db_path.name + "-wal").exists()

    def test_a_failing_step_leaves_the_previous_version(self, db_path, monkeypatch):
        """Steps run in one transaction: a broken step applies none of its statements."""
        # given
        SQLiteStore(db_path).close()
        broken = migrations_module.Migration(
            SCHEMA_VERSION + 1, "broken", ("CREATE TABLE half_done (x TEXT)", "NOT SQL"))
        monkeypatch.setattr(migrations_module, "MIGRATIONS",
                            (*migrations_module.MIGRATIONS, broken))
        monkeypatch.setattr(migrations_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
        # when
        with pytest.raises(StoreFailure):
            SQLiteStore(db_path)
        # then
        with raw(db_path) as connection:
            version = connection.execute("SELECT max(version) FROM schema_migrations").fetchone()
            tables = connection.execute(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").fetchone()
        assert (version[0], tables[0]) == (SCHEMA_VERSION, 0)

    def test_shipped_steps_never_change(self):
        """A shipped step is frozen: a schema change must be a new step."""
        # given
        pinned = {1: "9c64bdbb", 2: "1e4a7e7a", 3: "771f786d", 4: "d8602a52", 5: "cb7eee35",
                  6: "8a114b82", 7: "0bc9e835"}
        # when
        digests = {
            step.version: hashlib.sha256("\n".join(step.statements).encode()).hexdigest()[:8]
            for step in migrations_module.MIGRATIONS
        }
        # then
        assert {version: digests[version] for version in pinned} == pinned


class TestSchema:
    def test_every_stored_domain_kind_has_a_table(self):
        """Each domain class with `unique_keys` has a table (events have the outbox)."""
        # given
        stored = {
            cls
            for info in pkgutil.walk_packages(domain_package.__path__, "redemption_core.domain.")
            for _, cls in inspect.getmembers(importlib.import_module(info.name), inspect.isclass)
            if hasattr(cls, "unique_keys") and hasattr(cls, "index_keys")
        }
        # when
        missing = stored - set(TABLES) - {LedgerEvent}
        # then
        assert missing == set()

    def test_the_tables_have_the_columns_the_code_writes(self, open_store, db_path):
        """Every copied-out column of every table exists in the migrated schema."""
        # given
        open_store()
        # when
        with raw(db_path) as connection:
            found = {
                table.name: {row[1] for row in connection.execute(
                    f"PRAGMA table_info({table.name})")}
                for table in TABLES.values()
            }
        # then
        for table in TABLES.values():
            wanted = {"seq", "id", "version", "body", *table.column_names}
            assert wanted <= found[table.name], table.name

    @pytest.mark.parametrize("table", list(TABLES.values()), ids=lambda table: table.name)
    def test_finding_and_selecting_use_an_index(self, open_store, db_path, table):
        """`find` and `select` by any declared key search an index, never scan."""
        # given
        open_store()
        statements = [(sql, ("x",)) for sql in table.find_sql.values()]
        statements += [(sql, ("x", 10)) for sql in table.select_sql.values()]
        # when
        with raw(db_path) as connection:
            plans = [" ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}",
                                                                   params))
                     for sql, params in statements]
        # then
        assert all(plan.startswith("SEARCH") for plan in plans), plans

    @pytest.mark.parametrize("field", [f for f in FILTER_FIELDS if f != "object"])
    def test_a_list_filtered_on_any_field_searches_an_index(self, open_store, db_path, field):
        """Equality filters of GET /v1/redemptions never scan a record table (`object`
        only chooses the table)."""
        # given
        open_store()
        query = RecordQuery(filters=(FieldFilter(field, Condition.IN, ("a", "b")),))
        statement = page_statement(query)
        assert statement is not None
        # when
        with raw(db_path) as connection:
            plan = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement[0]}",
                                                         statement[1])]
        # then
        scans = [step for step in plan if step.startswith("SCAN redemption")]
        assert scans == [], plan

    def test_the_pragmas_are_the_ones_asked_for(self, open_store, db_path):
        """WAL on file; FULL by default, NORMAL on request; busy_timeout as given."""
        # given
        open_store()
        settings = [ConnectionSettings(str(db_path)),
                    ConnectionSettings(str(db_path), "NORMAL", 1234)]
        # when
        found = []
        for setting in settings:
            connection = connect(setting)
            try:
                found.append(tuple(connection.execute(f"PRAGMA {name}").fetchone()[0]
                                   for name in ("journal_mode", "synchronous", "busy_timeout")))
            finally:
                connection.close()
        # then
        assert found == [("wal", 2, 5000), ("wal", 1, 1234)]

    @pytest.mark.parametrize("path", [":memory:", ""])
    def test_a_private_in_memory_database_is_refused(self, path):
        """Each connection to `:memory:` would be a different database."""
        # given / when / then
        with pytest.raises(ValueError, match="file path"):
            SQLiteStore(path)

    def test_an_unknown_entity_kind_is_refused_by_name(self, open_store):
        """Only the domain's stored kinds have tables."""
        # given
        store = open_store()
        # when / then
        with store.unit_of_work() as uow, pytest.raises(UnknownEntityKind, match="str"):
            uow.get(str, "x")


# -- corruption -----------------------------------------------------------------------


def corrupt(
    path: Path, table: str, entity_id: str, change: Callable[[dict[str, Any]], Any]
) -> None:
    """Rewrite a stored body behind the store's back; `change` edits the parsed JSON
    in place or returns replacement text."""
    with raw(path) as connection:
        (body,) = connection.execute(f"SELECT body FROM {table} WHERE id = ?",
                                     (entity_id,)).fetchone()
        fields = json.loads(body)
        replaced = change(fields)
        text = replaced if isinstance(replaced, str) else json.dumps(fields)
        connection.execute(f"UPDATE {table} SET body = ? WHERE id = ?", (text, entity_id))


def gift_card(code: str = "GIFT", balance: int = 5_000) -> Voucher:
    ledger_world = MemoryStore()
    try:
        made = Ledger(ledger_world).create_voucher(
            VoucherInput(code=code, type=VoucherType.GIFT_VOUCHER, gift_amount=balance))
    finally:
        ledger_world.close()
    return made


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(fields: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = fields
        for name in parents:
            target = target[name]
        target[last] = value

    return change


def _drop(name: str) -> Callable[[dict[str, Any]], None]:
    def change(fields: dict[str, Any]) -> None:
        del fields[name]

    return change


class TestCorruptRows:
    @pytest.mark.parametrize(
        ("change", "says"),
        [
            (lambda fields: "{not json", "not JSON"),
            (_set("gift.balance", 4_999), "gift.balance"),
            (_set("gift.balance", -1), "greater than or equal to 0"),
            (_set("redeemed_quantity", "0"), "must be int"),
            (_set("redeemed_quantity", 0.0), "must be int"),
            (_set("active", 1), "must be bool"),
            (_set("created_at", "2026-01-01T00:00:00"), "no timezone"),
            (_set("type", "PLATINUM_CARD"), "PLATINUM_CARD"),
            (_set("surprise", True), "unknown fields (surprise)"),
            (_drop("code"), "required field missing"),
            (lambda fields: fields.update(id="v_other"), "repeats the 'id' column"),
        ],
        ids=["not-json", "broken-identity", "negative-balance", "text-for-int", "float-for-int",
             "int-for-bool", "naive-date", "unknown-enum", "extra-key", "missing-key",
             "id-in-body"],
    )
    def test_reading_a_corrupt_row_fails_naming_table_id_and_rule(self, open_store, db_path,
                                                                   change, says):
        """A damaged body never becomes an entity: `CorruptRow` says where and why."""
        # given
        store = open_store()
        card = gift_card()
        add(store, card)
        corrupt(db_path, "vouchers", card.id, change)
        # when
        with pytest.raises(CorruptRow) as failed:
            read(store, Voucher, card.id)
        # then
        assert (failed.value.table, failed.value.entity_id) == ("vouchers", card.id)
        assert says in str(failed.value)

    def test_find_and_select_fail_as_loudly_as_get(self, open_store, db_path):
        """Every read path rebuilds through the constructors."""
        # given
        store = open_store()
        add(store, voucher("v_1", "CODE-1", campaign_id="camp_1"))
        corrupt(db_path, "vouchers", "v_1", _set("redeemed_quantity", -3))
        # when / then
        with store.unit_of_work() as uow:
            with pytest.raises(CorruptRow):
                uow.find(Voucher, "code", "CODE-1")
            with pytest.raises(CorruptRow):
                uow.select(Voucher, "campaign_id", "camp_1", 5)

    def test_a_corrupt_event_fails_naming_the_outbox(self, open_store, db_path):
        """Events are rebuilt through their constructor too."""
        # given
        store = open_store()
        ledger = Ledger(store)
        ledger.create_voucher(VoucherInput(code="GIFT", type=VoucherType.GIFT_VOUCHER,
                                           gift_amount=500))
        ledger.redeem(RedeemCommand(redeemables=(RedeemableInput(
            object=RedeemableKind.VOUCHER, id="GIFT", credits=100),), order=OrderInput(amount=900)))
        with raw(db_path) as connection:
            connection.execute("UPDATE events SET body = '[]'")
        # when / then
        with store.unit_of_work() as uow, pytest.raises(CorruptRow, match="'events'"):
            uow.events_after(0, 10)

    def test_the_schema_refuses_a_value_of_the_wrong_type(self, open_store, db_path):
        """STRICT tables: not even a raw writer can store text as a version."""
        # given
        store = open_store()
        add(store, voucher("v_1"))
        # when / then
        with raw(db_path) as connection, pytest.raises(sqlite3.IntegrityError):
            connection.execute("UPDATE vouchers SET version = 'one' WHERE id = 'v_1'")


class TestEventsByReference:
    """Events keep their redemption snapshot as a reference: id plus the mutable fields."""

    @staticmethod
    def redeemed(store: SQLiteStore) -> str:
        ledger = Ledger(store)
        ledger.create_voucher(VoucherInput(code="GIFT", type=VoucherType.GIFT_VOUCHER,
                                           gift_amount=500))
        done = ledger.redeem(RedeemCommand(redeemables=(RedeemableInput(
            object=RedeemableKind.VOUCHER, id="GIFT", credits=100),), order=OrderInput(amount=900)))
        return done.redemptions[0].id

    def test_an_event_row_holds_a_reference_not_the_redemption(self, open_store, db_path):
        """The stored event names the redemption and its mutable fields, nothing more of it."""
        # given
        redemption_id = self.redeemed(open_store())
        # when
        with raw(db_path) as connection:
            body = json.loads(connection.execute("SELECT body FROM events").fetchone()[0])
        # then
        assert body.get("redemption") is None  # fields at their default are left out
        assert body["redemption_ref"] == {"id": redemption_id, "status": "SUCCEEDED",
                                          "rollbacks": [], "metadata": {}, "version": 0}

    @pytest.mark.parametrize(
        ("change", "says"),
        [
            (lambda ref: ref.update(id="r_missing"), "is not stored"),
            (lambda ref: ref.update(status="FAILED"), "status"),
            (lambda ref: ref.update(version="0"), "must be int"),
            (lambda ref: ref.update(surprise=1), "unknown fields (surprise)"),
        ],
        ids=["dangling", "contradicts-record", "text-for-int", "extra-key"],
    )
    def test_a_corrupt_reference_fails_naming_the_outbox(self, open_store, db_path, change, says):
        """A reference is rebuilt through the constructors too; a broken one never reads."""
        # given
        store = open_store()
        self.redeemed(store)
        with raw(db_path) as connection:
            event_id, text = connection.execute("SELECT id, body FROM events").fetchone()
            body = json.loads(text)
            change(body["redemption_ref"])
            connection.execute("UPDATE events SET body = ? WHERE id = ?",
                               (json.dumps(body), event_id))
        # when / then
        with store.unit_of_work() as uow, pytest.raises(CorruptRow, match="'events'") as failed:
            uow.events_after(0, 10)
        assert says in str(failed.value)

    def test_replacing_a_fixed_field_of_a_redemption_is_refused(self, open_store):
        """Events rely on a redemption's fixed fields never changing; `replace` enforces it."""
        # given
        store = open_store()
        redemption_id = self.redeemed(store)
        stored = read(store, Redemption, redemption_id)
        changed = attrs.evolve(stored, amount=99, version=stored.version + 1)
        # when / then
        with pytest.raises(errors.InvariantViolation, match="'amount'"):
            store.transact(lambda uow: uow.replace(changed))
        assert read(store, Redemption, redemption_id) == stored


# -- driver errors and locking -------------------------------------------------------


class TestDriverErrors:
    def test_a_duplicate_is_a_store_conflict_chained_to_the_driver_error(self, open_store):
        """IntegrityError becomes the port's `StoreConflict`, with the cause kept."""
        # given
        store = open_store()
        add(store, voucher("v_1"))
        # when
        with pytest.raises(StoreConflict) as conflict:
            add(store, voucher("v_1", "OTHER"))
        # then
        assert isinstance(conflict.value.__cause__, sqlite3.IntegrityError)

    def test_a_file_that_is_not_a_database_fails_as_a_store_failure(self, db_path):
        """Opening garbage raises `StoreFailure`, not a `sqlite3` exception."""
        # given
        db_path.write_bytes(b"this is not a database, only text" * 200)
        # when / then
        with pytest.raises(StoreFailure) as failed:
            SQLiteStore(db_path)
        assert isinstance(failed.value.__cause__, sqlite3.DatabaseError)
        assert not isinstance(failed.value, sqlite3.Error)

    def test_an_unopenable_path_fails_as_a_store_failure(self, tmp_path):
        """A directory where the file should be: `StoreFailure`."""
        # given / when / then
        with pytest.raises(StoreFailure):
            SQLiteStore(tmp_path)

    @pytest.mark.parametrize(
        ("driver_error", "expected"),
        [
            (sqlite3.IntegrityError("UNIQUE constraint failed"), StoreConflict),
            (sqlite3.OperationalError("disk I/O error"), StoreFailure),
            (sqlite3.DatabaseError("database disk image is malformed"), StoreFailure),
            (sqlite3.ProgrammingError("Cannot operate on a closed database."), StoreFailure),
        ],
    )
    def test_each_driver_error_class_has_a_port_level_translation(self, driver_error, expected):
        """`translate` maps every sqlite3 error to a port or adapter error."""
        # given / when
        translated = translate(driver_error, "testing")
        # then
        assert type(translated) is expected or isinstance(translated, expected)
        assert "testing" in str(translated)


@contextlib.contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another connection (another process, as far as SQLite knows) holds the write lock."""
    with raw(path) as connection:
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            connection.execute("ROLLBACK")


class TestBusy:
    def test_a_writer_that_cannot_get_the_lock_gets_store_busy(self, open_store, db_path):
        """Lock held past busy_timeout: `StoreBusy` (retryable), nothing written."""
        # given
        store = open_store(busy_timeout_ms=150)
        # when
        with write_lock_held(db_path), pytest.raises(errors.StoreBusy) as busy:
            add(store, voucher("v_1"))
        # then
        assert busy.value.http_status == 503
        assert read(store, Voucher, "v_1") is None

    def test_the_store_works_again_once_the_lock_is_released(self, open_store, db_path):
        """Busy is transient: the same store writes after the holder lets go."""
        # given
        store = open_store(busy_timeout_ms=150)
        with write_lock_held(db_path), pytest.raises(errors.StoreBusy):
            add(store, voucher("v_1"))
        # when
        add(store, voucher("v_1"))
        # then
        assert read(store, Voucher, "v_1") is not None

    def test_a_unit_of_work_writing_under_a_held_lock_gets_store_busy(self, open_store, db_path):
        """The plain unit of work translates the lock timeout the same way."""
        # given
        store = open_store(busy_timeout_ms=150)
        # when / then
        with write_lock_held(db_path), store.unit_of_work() as uow, \
                pytest.raises(errors.StoreBusy):
            uow.add(voucher("v_1"))

    def test_a_unit_that_read_before_another_writer_committed_cannot_write(self, open_store):
        """Reading a snapshot, then writing after it went stale: `StoreConflict` (retry),
        never a write based on the stale read."""
        # given
        store = open_store()
        first = voucher("v_1")
        add(store, first)
        with store.unit_of_work() as uow:
            stale = uow.get(Voucher, "v_1")
            store.transact(lambda other: other.replace(successor(first, active=False)))
            # when / then
            with pytest.raises(StoreConflict):
                uow.replace(successor(stale, campaign_id="late"))
        assert read(store, Voucher, "v_1").active is False


# -- group commit ---------------------------------------------------------------------


def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Poll an observable condition (not a timing assumption); fail loudly on timeout."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.001)


class Blocker:
    """A work that holds the committer until released, so others queue behind it."""

    def __init__(self) -> None:
        self.running = threading.Event()
        self.release = threading.Event()

    def __call__(self, uow: UnitOfWork) -> None:
        self.running.set()
        if not self.release.wait(10):
            raise AssertionError("the test never released the committer")


class TestGroupCommit:
    def test_queued_works_share_one_transaction_and_fail_alone(self, open_store):
        """Six works queued behind a busy committer commit as one batch; the three that
        raise lose only their own writes and get only their own exceptions."""
        # given
        store = open_store()
        blocker = Blocker()
        first = threading.Thread(target=store.transact, args=(blocker,))
        first.start()
        blocker.running.wait(10)
        outcomes: dict[int, str] = {}

        def caller(number: int) -> None:
            def work(uow: UnitOfWork) -> int:
                uow.add(voucher(f"v_{number}"))
                if number % 2:
                    raise LookupError(number)
                return number

            try:
                outcomes[number] = f"ok {store.transact(work)}"
            except LookupError as error:
                outcomes[number] = f"raised {error.args[0]}"

        threads = [threading.Thread(target=caller, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        wait_until(lambda: store.group_commit_stats().works_queued == 6)
        batches_before = store.group_commit_stats().batches_committed
        # when
        blocker.release.set()
        for thread in [first, *threads]:
            thread.join()
        # then
        assert store.group_commit_stats().batches_committed == batches_before + 2
        assert outcomes == {n: (f"raised {n}" if n % 2 else f"ok {n}") for n in range(6)}
        assert [read(store, Voucher, f"v_{n}") is not None for n in range(6)] == [
            True, False, True, False, True, False]

    def test_an_acknowledged_work_is_already_committed(self, open_store, db_path):
        """When `transact` returns, any other connection sees the write."""
        # given
        store = open_store()
        # when
        add(store, voucher("v_1"))
        # then
        with raw(db_path) as connection:
            assert connection.execute("SELECT count(*) FROM vouchers").fetchone()[0] == 1

    def test_close_commits_every_queued_work_then_refuses_more(self, open_store):
        """Works queued before `close()` finish and are written; later ones get `StoreClosed`."""
        # given
        store = open_store()
        blocker = Blocker()
        threads = [threading.Thread(target=store.transact, args=(blocker,))]
        threads[0].start()
        blocker.running.wait(10)
        for number in range(4):
            threads.append(threading.Thread(target=add, args=(store, voucher(f"v_{number}"))))
            threads[-1].start()
        wait_until(lambda: store.group_commit_stats().works_queued == 4)
        closer = threading.Thread(target=store.close)
        closer.start()
        wait_until(lambda: store.closed)
        # when
        blocker.release.set()
        for thread in [*threads, closer]:
            thread.join()
        # then
        with pytest.raises(StoreClosed):
            add(store, voucher("v_late"))
        reopened = open_store()
        assert all(read(reopened, Voucher, f"v_{n}") is not None for n in range(4))

    def test_transact_inside_a_work_is_refused_instead_of_deadlocking(self, open_store):
        """A work runs on the committer; waiting for itself would hang forever."""
        # given
        store = open_store()
        # when / then
        with pytest.raises(SQLiteStoreError, match="inside a work"):
            store.transact(lambda uow: store.transact(lambda inner: None))

    def test_a_work_that_commits_by_itself_is_told_so(self, open_store):
        """Like the memory store: the second commit (transact's) is refused."""
        # given
        store = open_store()
        # when / then
        with pytest.raises(StoreClosed):
            store.transact(lambda uow: uow.commit())


# -- list queries against the reference -----------------------------------------------


def scripted_world(store: Store) -> None:
    """One deterministic history, identical on any store: gift, discount, loyalty and
    campaign vouchers, customers, a USER channel, stacks, failures and rollbacks."""
    ledger = Ledger(store, clock=SteppingClock(datetime(2026, 3, 1, tzinfo=UTC),
                                               timedelta(seconds=1)), ids=SequentialIds())
    campaign, _ = ledger.create_campaign(CampaignInput(
        name="Spring", campaign_type="DISCOUNT_COUPONS",
        voucher=VoucherInput(discount=Discount(type=DiscountType.AMOUNT, amount_off=300))))
    ledger.create_voucher(VoucherInput(code="SPRING-1", campaign_id=campaign.id, quantity=2))
    ledger.create_voucher(VoucherInput(code="GIFT-A", type=VoucherType.GIFT_VOUCHER,
                                       gift_amount=10_000))
    ledger.create_voucher(VoucherInput(code="OFF-5", discount=Discount(
        type=DiscountType.PERCENT, percent_off=Decimal("5"))))
    program, _ = ledger.create_campaign(CampaignInput(
        name="Loyal", campaign_type="LOYALTY_PROGRAM",
        voucher=VoucherInput(type=VoucherType.LOYALTY_CARD, loyalty_points=0)))
    coin = ledger.create_reward(RewardInput(name="coin", coin_exchange_ratio=Decimal(1),
                                            coin_points_ratio=Decimal(1),
                                            parameters_sent=("coin",)))
    ledger.assign_rewards(program.id, [RewardAssignmentInput(reward=coin.id)])
    ledger.create_voucher(VoucherInput(code="CARD-1", type=VoucherType.LOYALTY_CARD,
                                       loyalty_points=5_000, campaign_id=program.id))
    ledger.publish_member(program.id, MemberInput(customer=CustomerInput(source_id="ann"),
                                                  voucher="CARD-1"))
    user = Channel("clerk@example.com", ChannelType.USER)
    steps: list[tuple[tuple[RedeemableInput, ...], str | None, Channel | None]] = [
        ((_use("SPRING-1"),), "ann", None),
        ((_use("GIFT-A", credits=1_500), _use("OFF-5")), "bob", user),
        ((_use("SPRING-1"),), None, user),
        ((_use("SPRING-1"),), "bob", None),  # quantity exceeded: a failure record
        ((RedeemableInput(object=RedeemableKind.VOUCHER, id="CARD-1", reward_id=coin.id,
                          points=2_000),), "ann", None),
        ((_use("NOPE"),), "cy", None),  # unknown voucher: a failure record
        ((_use("GIFT-A", credits=700),), None, None),
    ]
    done = []
    for redeemables, who, channel in steps:
        customer_input = CustomerInput(source_id=who) if who else None
        with contextlib.suppress(errors.RedemptionError):
            done.append(ledger.redeem(RedeemCommand(
                redeemables=redeemables, order=OrderInput(amount=20_000),
                customer=customer_input, channel=channel, tracking_id="track-anon")))
    ledger.rollback_stack(RollbackCommand(redemption_id=done[1].parent.id, reason="return"))
    ledger.rollback(RollbackCommand(redemption_id=done[0].redemptions[0].id))
    with contextlib.suppress(errors.RedemptionError):
        ledger.rollback(RollbackCommand(redemption_id=done[0].redemptions[0].id))


def _use(code: str, credits: int | None = None) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id=code, credits=credits,
                           gift_sent=credits is not None)


def query_grid(values: dict[str, list[str]]) -> Iterator[RecordQuery]:
    """Every field with every condition, junctions, windows, orders and pages."""
    for field in FILTER_FIELDS:
        known = values.get(field) or ["none"]
        sample = known[0]
        yield from (
            RecordQuery(filters=(FieldFilter(field, condition, chosen),))
            for condition, chosen in [
                (Condition.IS, (sample,)), (Condition.IS, ("absent",)),
                (Condition.IN, (*known[:2], "absent")),
                (Condition.IS_NOT, (sample,)), (Condition.NOT_IN, tuple(known[:2])),
                (Condition.HAS_VALUE, ()), (Condition.IS_UNKNOWN, ()),
                (Condition.STARTS_WITH, (sample[:3],)), (Condition.ENDS_WITH, (sample[-2:],)),
                (Condition.CONTAINS, (sample[1:4],)), (Condition.NOT_CONTAIN, (sample[1:4],)),
            ]
        )
    for junction in Junction:
        yield RecordQuery(junction=junction, filters=(
            FieldFilter("result", Condition.IS, ("FAILURE",)),
            FieldFilter("object", Condition.IS, ("redemption_rollback",))))
    start = datetime(2026, 3, 1, tzinfo=UTC)
    yield RecordQuery(created_after=start + timedelta(seconds=20),
                      created_before=start + timedelta(seconds=40))
    for order in ORDER_FIELDS:
        for descending in (True, False):
            for page in (1, 2):
                yield RecordQuery(order_by=order, descending=descending, limit=4, page=page)


class TestListParity:
    def test_every_list_query_answers_like_the_reference(self, open_store):
        """The SQL reproduces `RecordQuery.matches`/`sort_key` on a scripted history:
        same records, same order, same totals as the memory store."""
        # given
        memory, sqlite = MemoryStore(), open_store()
        for store in (memory, sqlite):
            scripted_world(store)
        with memory.unit_of_work() as uow:
            everything = uow.query_records(RecordQuery(limit=100)).records
        values: dict[str, list[str]] = {}
        for record in everything:
            for field, value in record_fields(record).items():
                if value is not None and value not in values.setdefault(field, []):
                    values[field].append(value)
        queries = list(query_grid(values))
        # when
        answers = []
        for store in (memory, sqlite):
            with store.unit_of_work() as uow:
                answers.append([(page.total, [r.id for r in page.records])
                                for page in map(uow.query_records, queries)])
        # then
        assert len(everything) >= 12
        for query, expected, found in zip(queries, *answers, strict=True):
            assert found == expected, query
        memory.close()

    def test_every_stored_record_reads_back_equal(self, open_store):
        """The codec round-trips the whole scripted history (every record, every snapshot)."""
        # given
        memory, sqlite = MemoryStore(), open_store()
        for store in (memory, sqlite):
            scripted_world(store)
        # when
        pages = []
        for store in (memory, sqlite):
            with store.unit_of_work() as uow:
                pages.append(uow.query_records(RecordQuery(limit=100)).records)
                pages.append(tuple(event for _, event in uow.events_after(0, 100)))
        # then
        assert pages[0] == pages[2]
        assert pages[1] == pages[3]
        memory.close()


# -- codec properties -----------------------------------------------------------------


class TestCodec:
    @given(st.datetimes(timezones=st.timezones()))
    def test_any_aware_instant_round_trips(self, moment):
        """Date-times are stored as UTC ISO text with microseconds; the instant survives.

        Compared in UTC: Python calls two spellings of one instant unequal when one falls
        in a zone's fold or gap, which historic zones are full of."""
        # given
        converter = make_converter()
        # when
        back = converter.structure(converter.unstructure(moment), datetime)
        # then
        assert back == moment.astimezone(UTC)
        assert back.utcoffset() == timedelta(0)

    @given(st.decimals(allow_nan=False, allow_infinity=False))
    def test_any_finite_decimal_round_trips_exactly(self, number):
        """Decimals are strings: no float rounding, exponent kept."""
        # given
        converter = make_converter()
        # when
        back = converter.structure(converter.unstructure(number), Decimal)
        # then
        assert (back, str(back)) == (number, str(number))

    def test_entities_round_trip_through_the_body(self):
        """A customer with nested data comes back equal from its JSON body."""
        # given
        codec = EntityCodec()
        entity = customer("cust_1", "alice", address={"city": "Kraków", "lines": ["1", "2"]},
                          metadata={"tier": "gold", "n": 3})
        # when
        back = codec.decode(type(entity), entity.id, entity.version, codec.encode(entity))
        # then
        assert back == entity

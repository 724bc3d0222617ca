"""A damaged database is refused, not served; `check` finds what open cannot; backups; D8.

Goal: prove that a SQLite ledger which lost committed work (its WAL deleted or damaged
after a crash, its main file emptied or truncated, an older copy in its place) is refused
when a store opens it, by the library and by every command, before anything is served or
written; that `redemption-core check` finds a corrupted page, a broken chain link and a
broken ledger identity; that healthy databases (a clean close, a SIGKILL with the WAL
intact, a database of schema version 1) open and pass `check`; that `backup` copies a
database while another process writes, into a copy `check` accepts; and that a write the
disk refuses answers 503 `store_unavailable` and works again when space returns.
Method: real files and real processes. Crashes are child processes (tests/sqlite_worker.py)
killed with SIGKILL under load, as in tests/test_sqlite_concurrency.py; the damage is done
to the files afterwards, as an operator or a failing disk would. The full disk is the
kernel's file size limit in a child process (tests/disk_full_worker.py).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
import structlog

from redemption_core import (
    Ledger,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RollbackCommand,
    VoucherInput,
    VoucherType,
    errors,
)
from redemption_core.adapters.cli import main
from redemption_core.adapters.grpc.errors import status_code_of
from redemption_core.adapters.sqlite import SQLiteStore, migrations
from redemption_core.adapters.sqlite import errors as sqlite_errors
from redemption_core.adapters.sqlite.backup import BackupRefused
from redemption_core.adapters.sqlite.check import check_database
from redemption_core.adapters.sqlite.errors import DatabaseDamaged
from redemption_core.adapters.sqlite.head_file import (
    SLOT_SIZE,
    head_file_path,
    read_head_file,
)
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.ports import StoreCorrupt

ROOT = Path(__file__).resolve().parents[1]
WORKER = ROOT / "tests" / "sqlite_worker.py"
LEDGER_V1 = ROOT / "tests" / "data" / "ledger_v1" / "ledger_v1.db.gz"
DISK_FULL_WORKER = ROOT / "tests" / "disk_full_worker.py"
ACKNOWLEDGED_BEFORE_KILL = 40
CHILD_TIMEOUT_SECONDS = 120
GIFT_AMOUNT = 10_000_000
WAL_HEADER = 32
FRAME_HEADER = 24


@pytest.fixture(autouse=True)
def _restore_structlog() -> Iterator[None]:
    """`main` configures structlog for the program; give the next test the defaults back."""
    yield
    structlog.reset_defaults()


# -- the world and the damage -----------------------------------------------------------


def seed(path: Path) -> None:
    """Two gift cards and a limited voucher, as the crash worker expects; closed cleanly."""
    with SQLiteStore(path) as store:
        ledger = Ledger(store)
        for code in ("GIFT-1", "GIFT-2"):
            ledger.create_voucher(VoucherInput(code=code, type=VoucherType.GIFT_VOUCHER,
                                               gift_amount=GIFT_AMOUNT))
        ledger.create_voucher(VoucherInput(
            code="LIMITED", quantity=1_000_000,
            discount=Discount(type=DiscountType.AMOUNT, amount_off=100)))


def start_worker(path: Path, seed_number: int = 7) -> subprocess.Popen[str]:
    # "no-reward": the worker's points redemptions fail as recorded not_found; still writes.
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(path), str(seed_number), "2", "0", "no-reward"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def wait_for_acknowledgements(child: subprocess.Popen[str], wanted: int) -> int:
    """Read the child's lines until it acknowledged `wanted` calls (each after its commit)."""
    assert child.stdout is not None
    acknowledged = 0
    while acknowledged < wanted:
        line = child.stdout.readline()
        assert line, "the worker stopped before acknowledging enough calls"
        if '"redeemed"' in line or '"rolled_back"' in line:
            acknowledged += 1
    return acknowledged


def kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(CHILD_TIMEOUT_SECONDS)
    if child.stdout is not None:
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL


@pytest.fixture
def crashed(tmp_path: Path) -> Path:
    """A seeded database whose writer was killed with SIGKILL under load: the WAL stays."""
    path = tmp_path / "ledger.db"
    seed(path)
    child = start_worker(path)
    try:
        wait_for_acknowledgements(child, ACKNOWLEDGED_BEFORE_KILL)
    finally:
        kill(child)
    assert wal(path).stat().st_size > WAL_HEADER
    return path


@pytest.fixture
def closed(tmp_path: Path) -> Path:
    """A seeded database after some redemptions and a clean close (no WAL left)."""
    path = tmp_path / "ledger.db"
    seed(path)
    with SQLiteStore(path) as store:
        for _ in range(30):
            store_redeem(store)
    return path


def store_redeem(store: SQLiteStore) -> None:
    Ledger(store).redeem(RedeemCommand(
        redeemables=(RedeemableInput(object=RedeemableKind.VOUCHER, id="GIFT-1", credits=3,
                                     gift_sent=True),),
        order=OrderInput(amount=1_000)))


def wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def commit_frames(wal_bytes: bytes) -> list[int]:
    """Offsets of the live commit frames of a WAL (the frames that end a transaction)."""
    (page_size,) = struct.unpack(">I", wal_bytes[8:12])
    salts = wal_bytes[16:24]
    frame_size = FRAME_HEADER + page_size
    found, offset = [], WAL_HEADER
    while offset + frame_size <= len(wal_bytes):
        header = wal_bytes[offset:offset + FRAME_HEADER]
        if header[8:16] != salts:
            break  # a frame left over from before the WAL restarted
        if struct.unpack(">I", header[4:8])[0] != 0:
            found.append(offset)
        offset += frame_size
    return found


def file_bytes(path: Path) -> dict[str, bytes]:
    """The database, its WAL and its head file (not `-shm`: SQLite's index of the WAL,
    rebuilt from the WAL by any connection, the read-only ones included)."""
    return {item.name: item.read_bytes() for item in sorted(path.parent.iterdir())
            if item.is_file() and item.name.startswith(path.name)
            and not item.name.endswith("-shm")}


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def refused(path: Path) -> DatabaseDamaged:
    with pytest.raises(DatabaseDamaged) as raised:
        SQLiteStore(path)
    assert isinstance(raised.value, StoreCorrupt)
    assert "\n" not in str(raised.value)
    return raised.value


# -- refused on open --------------------------------------------------------------------


class TestAnOpenRefusesADamagedDatabase:
    def test_a_wal_deleted_after_kill_9_is_refused_as_lost_work(self, crashed):
        """SIGKILL under load, then the WAL deleted: the open names the lost commits."""
        # given
        wal(crashed).unlink()
        # when
        damage = refused(crashed)
        # then
        assert "committed work is lost" in str(damage)
        assert "restore the last backup" in str(damage)

    def test_wal_bytes_flipped_so_sqlite_drops_frames_is_refused(self, crashed):
        """64 bytes flipped in a commit frame of the WAL: SQLite would silently stop
        reading the log there; the open sees the database behind its head file."""
        # given
        data = bytearray(wal(crashed).read_bytes())
        commits = commit_frames(bytes(data))
        assert len(commits) >= 2
        target = commits[len(commits) // 2] + FRAME_HEADER + 100
        data[target:target + 64] = bytes(byte ^ 0xFF for byte in data[target:target + 64])
        wal(crashed).write_bytes(bytes(data))
        # when
        damage = refused(crashed)
        # then
        assert "committed work is lost" in str(damage)

    def test_a_zero_byte_main_file_beside_its_wal_is_refused(self, crashed):
        """The main file emptied, its WAL still there: refused before SQLite opens it."""
        # given
        crashed.write_bytes(b"")
        # when
        damage = refused(crashed)
        # then
        assert "empty (0 bytes)" in str(damage) and "write-ahead log" in str(damage)

    def test_a_missing_main_file_with_a_head_file_is_refused(self, closed):
        """The database deleted but its head file kept: not silently a new empty ledger."""
        # given
        closed.unlink()
        # when
        damage = refused(closed)
        # then
        assert "missing" in str(damage) and "head file records" in str(damage)
        assert not closed.exists()

    def test_a_main_file_truncated_after_a_clean_close_is_refused(self, closed):
        """Cut to half its size: shorter than its own header says."""
        # given
        with open(closed, "r+b") as handle:
            handle.truncate(closed.stat().st_size // 2)
        # when
        damage = refused(closed)
        # then
        assert "truncated" in str(damage)

    def test_an_older_copy_put_in_place_of_the_database_is_refused(self, closed, tmp_path):
        """An old copy of the file (without its head file) restored over a newer database."""
        # given
        old = tmp_path / "old-copy.db"
        shutil.copy(closed, old)
        with SQLiteStore(closed) as store:
            store_redeem(store)
        shutil.copy(old, closed)
        # when
        damage = refused(closed)
        # then
        assert "committed work is lost" in str(damage)

    def test_another_history_at_the_same_length_is_refused(self, closed, tmp_path):
        """A copy that went on with other writes: the chain differs at the recorded seq."""
        # given
        fork = tmp_path / "fork.db"
        shutil.copy(closed, fork)
        shutil.copy(head_file_path(str(closed)), head_file_path(str(fork)))
        for path in (closed, fork):
            with SQLiteStore(path) as store:
                store_redeem(store)
        shutil.copy(fork, closed)
        # when
        damage = refused(closed)
        # then
        assert "not the history its head file recorded" in str(damage)

    def test_a_database_that_lost_its_head_file_is_refused(self, closed):
        """Commits but no head file: moved without it, or it was deleted."""
        # given
        os.remove(head_file_path(str(closed)))
        # when
        damage = refused(closed)
        # then
        assert "head file" in str(damage) and "missing" in str(damage)

    def test_a_refused_open_writes_nothing(self, crashed):
        """The database and its head file are byte for byte what they were."""
        # given
        wal(crashed).unlink()
        before = file_bytes(crashed)
        # when
        refused(crashed)
        # then
        assert file_bytes(crashed) == before


class TestNothingIsServedFromARefusedDatabase:
    def test_call_prints_one_line_and_exits_non_zero(self, crashed):
        """`redemption-core call` on a lost tail: one line on stderr, exit 1, no output."""
        # given
        wal(crashed).unlink()
        # when
        finished = subprocess.run(
            [sys.executable, "-m", "redemption_core.adapters.cli", "call", "GET",
             "/v1/vouchers/GIFT-1", "--store", f"sqlite:{crashed}"],
            capture_output=True, text=True, timeout=CHILD_TIMEOUT_SECONDS, check=False)
        # then
        assert finished.returncode == 1
        assert finished.stdout == ""
        assert finished.stderr.count("\n") == 1 and "Traceback" not in finished.stderr
        assert "committed work is lost" in finished.stderr

    def test_serve_does_not_start(self, crashed):
        """`redemption-core serve` refuses before it binds: one line, exit 1."""
        # given
        crashed.write_bytes(b"")
        # when
        finished = subprocess.run(
            [sys.executable, "-m", "redemption_core.adapters.cli", "serve", "--listen",
             "127.0.0.1:0", "--store", f"sqlite:{crashed}"],
            capture_output=True, text=True, timeout=CHILD_TIMEOUT_SECONDS, check=False)
        # then
        assert finished.returncode == 1
        assert "listening" not in finished.stdout + finished.stderr
        assert finished.stderr.count("\n") == 1 and "Traceback" not in finished.stderr
        assert "empty (0 bytes)" in finished.stderr


# -- healthy databases ------------------------------------------------------------------


class TestHealthyDatabasesOpen:
    def test_a_database_closed_cleanly_opens_and_passes_check(self, closed):
        """After a clean close: the open succeeds, `check` exits 0."""
        # given / when
        SQLiteStore(closed).close()
        status, printed = run_cli("check", "--store", f"sqlite:{closed}")
        # then
        assert status == 0, printed
        assert printed.splitlines()[-1] == "healthy"

    def test_check_verifies_every_snapshot_against_its_digest(self, closed):
        """A snapshot changed behind the store is a finding of `check`, whichever rows
        reference it (an event or an order row are not read by the ledger identities)."""
        # given a clean database, then one snapshot's text changed
        report = check_database(str(closed))
        assert report.healthy, report.lines()
        assert any(line.startswith("  snapshots: ok (") for line in report.lines())
        connection = sqlite3.connect(closed)
        try:
            connection.execute(
                "UPDATE snapshots SET body = body || ' ' WHERE seq = (SELECT min(seq) FROM "
                "snapshots)"
            )
            connection.commit()
        finally:
            connection.close()
        # when
        status, printed = run_cli("check", "--store", f"sqlite:{closed}")
        # then
        assert status == 1, printed
        assert "snapshots: 1 FINDINGS" in printed
        assert "does not match its digest" in printed

    def test_a_database_killed_with_its_wal_intact_opens_and_passes_check(self, crashed):
        """SIGKILL under load, nothing touched: SQLite recovers the WAL, all is there."""
        # given
        recorded = read_head_file(head_file_path(str(crashed)))
        assert recorded is not None and recorded.seq > 0
        # when
        with SQLiteStore(crashed) as store:
            store_redeem(store)
        status, printed = run_cli("check", "--store", f"sqlite:{crashed}")
        # then
        assert status == 0, printed

    def test_a_version_1_database_migrates_opens_and_starts_its_chain(self, tmp_path):
        """A database of schema 1 with data and no head file: migrated, sealed, checked."""
        # given the database release 1 wrote (tests/data/ledger_v1, also read back by
        # tests/test_sqlite_migration.py), which has no head file
        closed = tmp_path / "ledger_v1.db"
        closed.write_bytes(gzip.decompress(LEDGER_V1.read_bytes()))
        # when
        with SQLiteStore(closed) as store:
            Ledger(store).create_voucher(VoucherInput(
                code="GIFT-1", type=VoucherType.GIFT_VOUCHER, gift_amount=GIFT_AMOUNT))
            store_redeem(store)
        # then the chain holds the two commits made after the migration
        with contextlib.closing(sqlite3.connect(closed)) as connection:
            versions = connection.execute("SELECT version FROM schema_migrations").fetchall()
            commits = connection.execute("SELECT count(*) FROM ledger_commits").fetchone()
        assert [version for (version,) in versions] == list(range(1, migrations.SCHEMA_VERSION + 1))
        assert commits[0] == 2
        assert check_database(str(closed)).healthy


class TestTheHeadFile:
    def test_a_torn_slot_falls_back_to_the_other_and_the_database_opens(self, closed):
        """One slot garbled (a write cut by a crash): the other slot's head is used."""
        # given
        head = Path(head_file_path(str(closed)))
        recorded = read_head_file(str(head))
        assert recorded is not None
        data = bytearray(head.read_bytes())
        slot = (recorded.seq % 2) * SLOT_SIZE
        data[slot + 30:slot + 40] = b"##########"
        head.write_bytes(bytes(data))
        # when
        fallback = read_head_file(str(head))
        # then
        assert fallback is not None and fallback.seq < recorded.seq
        SQLiteStore(closed).close()

    def test_a_head_file_with_no_valid_slot_is_refused(self, closed):
        """Both slots garbled: the open cannot vouch for the database and says so."""
        # given
        Path(head_file_path(str(closed))).write_bytes(b"\x00" * 2 * SLOT_SIZE)
        # when
        damage = refused(closed)
        # then
        assert "holds no valid head" in str(damage)


# -- check ------------------------------------------------------------------------------


class TestCheckFindsWhatAnOpenCannot:
    def test_a_corrupted_page_is_found(self, closed):
        """Garbage over one page of a table: integrity_check flags it, exit 1."""
        # given
        page_size = 4096
        pages = closed.stat().st_size // page_size
        with open(closed, "r+b") as handle:
            handle.seek((pages // 2) * page_size)
            handle.write(b"\xa5" * page_size)
        # when
        status, printed = run_cli("check", "--store", f"sqlite:{closed}")
        # then
        assert status == 1
        assert "pages: " in printed and "FINDINGS" in printed.split("pages: ")[1].split("\n")[0]
        assert printed.splitlines()[-1].startswith("DAMAGED")

    def test_a_lost_tail_is_found_by_check_too(self, crashed):
        """The WAL deleted: `check` reports the commits missing from the chain."""
        # given
        wal(crashed).unlink()
        # when
        report = check_database(str(crashed))
        # then
        assert not report.healthy
        assert any("committed work is lost" in line for line in report.lines())

    def test_a_broken_chain_link_is_found(self, closed):
        """A commit's digest changed: the chain no longer links at that commit."""
        # given
        with contextlib.closing(sqlite3.connect(closed, isolation_level=None)) as connection:
            connection.execute("UPDATE ledger_commits SET digest = zeroblob(32) WHERE seq = 2")
        # when
        report = check_database(str(closed))
        # then
        assert "the chain is broken at commit 2" in "\n".join(report.lines())

    def test_a_gift_card_whose_balance_disagrees_with_its_records_is_found(self, closed):
        """Balance and redeemed_amount moved together (the voucher accepts it), but the
        records say otherwise: initial = balance + applied - restored fails."""
        # given
        with contextlib.closing(sqlite3.connect(closed, isolation_level=None)) as connection:
            connection.execute(
                "UPDATE vouchers SET body = json_set(body, '$.redeemed_amount', "
                "json_extract(body, '$.redeemed_amount') + 7, '$.gift.balance', "
                "json_extract(body, '$.gift.balance') - 7) WHERE code = 'GIFT-1'")
        # when
        report = check_database(str(closed))
        # then
        text = "\n".join(report.lines())
        assert "voucher GIFT-1" in text and "applied - restored" in text

    def test_a_redemption_rolled_back_twice_is_found(self, closed):
        """A second successful rollback row of one redemption."""
        # given
        with contextlib.closing(sqlite3.connect(closed, isolation_level=None)) as connection:
            redemption_id = connection.execute(
                "SELECT id FROM redemptions WHERE result = 'SUCCESS' ORDER BY seq LIMIT 1"
            ).fetchone()[0]
        with SQLiteStore(closed) as store:
            Ledger(store).rollback(RollbackCommand(redemption_id=redemption_id))
        with contextlib.closing(sqlite3.connect(closed, isolation_level=None)) as connection:
            columns = [row[1] for row in connection.execute(
                "PRAGMA table_info(redemption_rollbacks)") if row[1] not in ("seq", "id")]
            listed = ", ".join(columns)
            connection.execute(
                f"INSERT INTO redemption_rollbacks (id, {listed}) SELECT 'rr_twice', {listed} "
                "FROM redemption_rollbacks WHERE redemption_id = ?", (redemption_id,))
        # when
        report = check_database(str(closed))
        # then
        assert f"redemption {redemption_id} was rolled back 2 times" in "\n".join(report.lines())

    def test_check_changes_nothing(self, crashed):
        """`check` opens read-only: the database, its WAL and head file are unchanged."""
        # given
        before = file_bytes(crashed)
        # when
        check_database(str(crashed))
        # then
        assert file_bytes(crashed) == before


# -- backup -----------------------------------------------------------------------------


class TestBackup:
    def test_a_backup_taken_while_another_process_writes_passes_check(self, tmp_path):
        """A child redeems and rolls back non-stop; `backup` copies meanwhile; the copy
        passes `check` (exit 0) and opens as a store."""
        # given
        path, copy = tmp_path / "ledger.db", tmp_path / "backup" / "copy.db"
        copy.parent.mkdir()
        seed(path)
        child = start_worker(path)
        try:
            wait_for_acknowledgements(child, ACKNOWLEDGED_BEFORE_KILL)
            # when
            status, printed = run_cli("backup", str(copy), "--store", f"sqlite:{path}")
            wait_for_acknowledgements(child, 5)  # the writer went on during and after
        finally:
            kill(child)
        # then
        assert status == 0 and "commit" in printed
        checked, report = run_cli("check", "--store", f"sqlite:{copy}")
        assert checked == 0, report
        SQLiteStore(copy).close()

    def test_a_backup_never_overwrites(self, closed, tmp_path):
        """An existing destination is refused, untouched."""
        # given
        taken = tmp_path / "taken.db"
        taken.write_bytes(b"precious")
        # when
        with SQLiteStore(closed) as store, pytest.raises(BackupRefused):
            store.backup(taken)
        # then
        assert taken.read_bytes() == b"precious"

    def test_a_restored_backup_opens_where_the_lost_database_was(self, crashed, tmp_path):
        """The restore of the README: the damaged files moved away, the backup and its head
        file copied in; the store opens and `check` passes."""
        # given
        copy = tmp_path / "copy.db"
        with SQLiteStore(crashed) as store:
            store.backup(copy)
        with open(crashed, "r+b") as handle:  # the damage, after the clean close
            handle.truncate(crashed.stat().st_size // 2)
        refused(crashed)
        # when
        for suffix in ("", "-wal", "-shm", "-head"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(f"{crashed}{suffix}")
        shutil.copy(copy, crashed)
        shutil.copy(head_file_path(str(copy)), head_file_path(str(crashed)))
        # then
        SQLiteStore(crashed).close()
        assert check_database(str(crashed)).healthy


# -- D8: a full disk --------------------------------------------------------------------


class TestAFullDisk:
    def test_a_write_the_disk_refuses_is_503_store_unavailable_and_recovers(self, tmp_path):
        """File size capped in a child: the redemption that cannot be written answers 503
        `store_unavailable`, takes no credit, is logged once; with the cap lifted the next
        one succeeds without a restart, and the database passes `check`."""
        # given
        path = tmp_path / "ledger.db"
        seed(path)
        # when
        finished = subprocess.run(
            [sys.executable, str(DISK_FULL_WORKER), str(path), "GIFT-1"],
            capture_output=True, text=True, timeout=CHILD_TIMEOUT_SECONDS, check=False)
        # then
        assert finished.returncode == 0, finished.stderr
        outcome = json.loads(finished.stdout)
        assert outcome["refused"]["status"] == 503
        assert outcome["refused"]["body"]["key"] == "store_unavailable"
        assert outcome["balance_after_refusal"] == GIFT_AMOUNT - outcome["successes"]
        assert outcome["resumed"] == 200
        events = [json.loads(line)["event"] for line in finished.stderr.splitlines()]
        assert events.count("sqlite.writes_refused") == 1
        assert events.count("sqlite.writes_resumed") == 1
        assert check_database(str(path)).healthy

    def test_sqlite_full_is_store_unavailable(self, tmp_path):
        """A real SQLITE_FULL (the database at its page limit) translates to the port error."""
        # given
        with contextlib.closing(sqlite3.connect(tmp_path / "small.db",
                                                isolation_level=None)) as connection:
            connection.execute("CREATE TABLE t (x TEXT)")
            connection.execute("PRAGMA max_page_count = 3")
            # when
            with pytest.raises(sqlite3.Error) as raised:
                for _ in range(100):
                    connection.execute("INSERT INTO t VALUES (?)", ("x" * 2000,))
        translated = sqlite_errors.translate(raised.value, "adding a row")
        # then
        assert raised.value.sqlite_errorname == "SQLITE_FULL"
        assert isinstance(translated, errors.StoreUnavailable)
        assert (translated.code, translated.http_status) == ("store_unavailable", 503)

    def test_grpc_answers_unavailable(self):
        """The error table sends `store_unavailable` as UNAVAILABLE (retry later)."""
        # given
        error = errors.StoreUnavailable("the disk is full")
        # when
        code = status_code_of(error)
        # then
        assert code is grpc.StatusCode.UNAVAILABLE

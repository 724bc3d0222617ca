"""A database written by an earlier release opens, is migrated, and reads back the same.

Method: `tests/data/ledger_v1/` and `ledger_v5/` each hold a SQLite file written by the
release of that schema version (1: before the record model v2; 5: rows embedding whole
snapshots, before migration 6 stored them once and referenced them) from `calls.jsonl`
(every entity kind: vouchers of each type, campaigns, tiers, rewards, members, stacked
and single redemptions, failures, rollbacks, idempotency records, events), with
everything that release showed of it through the JSON API (`reads.json.gz`, see
`tests/support/ledger_reads.py`). Each test opens a copy with the current code and
compares what it shows now, byte for byte as JSON. The campaign counters migration 7
adds are checked against the records they fold, on these files and on a schema-6 file
(records referencing their snapshots) written by this release and stripped of them.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from redemption_core.adapters.json.api import JsonApi
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.adapters.sqlite.migrations import SCHEMA_VERSION
from redemption_core.domain.ports.clock import SteppingClock
from redemption_core.domain.ports.ids import SequentialIds
from redemption_core.domain.use_cases.ledger import Ledger
from tests.support.campaign_figures import campaign_history, kept_figures, scanned_figures
from tests.support.ledger_reads import reads

DATA_ROOT = Path(__file__).parent / "data"
RELEASES = (1, 5)
"""The schema versions of the committed databases, each written by the release of it."""
READ_AT = datetime(2026, 1, 2, tzinfo=UTC)
READ_IDS_START = 1_000_000
CODES = ("SAVE10", "GIFT-A", "SPRING-1", "GIFT-B", "CARD-1")
CUSTOMERS = ("alice", "bob", "carol")
KEYED_REDEEM_LINE = 12
"""`r_spring` in calls.jsonl: a redemption made with an idempotency key."""


def _folder(release: int) -> Path:
    return DATA_ROOT / f"ledger_v{release}"


def _unpacked(release: int, name: str) -> bytes:
    return gzip.decompress((_folder(release) / name).read_bytes())


@pytest.fixture(params=RELEASES, ids=lambda release: f"v{release}")
def release(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture
def old_database(tmp_path: Path, release: int) -> Path:
    path = tmp_path / f"ledger_v{release}.db"
    path.write_bytes(_unpacked(release, f"ledger_v{release}.db.gz"))
    head = _folder(release) / f"ledger_v{release}.db-head"
    if head.exists():  # releases with the commit chain (schema 2 on) keep its head beside
        (tmp_path / head.name).write_bytes(head.read_bytes())
    return path


@pytest.fixture
def migrated(old_database: Path) -> Iterator[JsonApi]:
    store = SQLiteStore(str(old_database))
    try:
        yield JsonApi(Ledger(store, clock=SteppingClock(READ_AT),
                             ids=SequentialIds(READ_IDS_START)))
    finally:
        store.close()


def _outputs(release: int) -> list[Any]:
    return [json.loads(line) for line in _unpacked(release, "calls.out.jsonl.gz").splitlines()]


class TestMigrateAnOlderDatabase:
    def test_the_file_was_written_at_its_schema_version(
        self, old_database: Path, release: int
    ) -> None:
        """The committed file predates this release's schema."""
        # given the committed database, read with the driver alone
        connection = sqlite3.connect(old_database)
        try:
            # when its recorded schema version is read
            found = connection.execute("SELECT max(version) FROM schema_migrations").fetchone()
        finally:
            connection.close()

        # then it is the version named by its folder, older than this release's
        assert found == (release,)
        assert release < SCHEMA_VERSION

    def test_opening_it_migrates_it_to_the_current_schema(
        self, old_database: Path, migrated: JsonApi
    ) -> None:
        """Opening the store runs every newer step, recorded in schema_migrations."""
        # given the store opened on the old file (fixture `migrated`)
        connection = sqlite3.connect(old_database)
        try:
            # when the recorded version is read back
            found = connection.execute("SELECT max(version) FROM schema_migrations").fetchone()
        finally:
            connection.close()

        # then it is the version this release writes
        assert found == (SCHEMA_VERSION,)

    def test_every_read_shows_what_the_old_release_showed(
        self, migrated: JsonApi, release: int
    ) -> None:
        """Records, lists, vouchers, customers, activity feeds and the outbox read back
        identically after the migration."""
        # given what the old release showed of this database
        expected = json.loads(_unpacked(release, "reads.json.gz"))

        # when the same reads are made on the migrated copy
        shown = json.loads(json.dumps(reads(migrated, _outputs(release), CODES, CUSTOMERS)))

        # then every answer is the same
        assert shown.keys() == expected.keys()
        for key in expected:
            assert shown[key] == expected[key], key

    def test_an_idempotency_key_of_the_old_release_replays_its_first_outcome(
        self, migrated: JsonApi, release: int
    ) -> None:
        """A retry after the upgrade gets the outcome the old release recorded."""
        # given the keyed request of calls.jsonl and the answer it got then
        calls = (_folder(release) / "calls.jsonl").read_text().splitlines()
        line = json.loads(calls[KEYED_REDEEM_LINE])
        first = _outputs(release)[KEYED_REDEEM_LINE]

        # when it is sent again on the migrated database
        again = migrated.call("POST", line["path"], {}, line["body"],
                              idempotency_key=line["idempotency_key"])

        # then the first outcome comes back
        assert (again.status, again.body) == (first["status"], first["body"])


def _campaign_ids(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT id FROM campaigns ORDER BY id")]
    finally:
        connection.close()


def _back_to_schema_6(path: Path) -> None:
    """What a database of the release before this one holds: no campaign counters."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("DROP TABLE campaign_counters")
        connection.execute("DROP TABLE campaign_customer_counters")
        connection.execute("DELETE FROM schema_migrations WHERE version = 7")
        connection.commit()
    finally:
        connection.close()


class TestCampaignCountersBackfill:
    def test_an_older_database_gets_counters_equal_to_its_records(
        self, old_database: Path, migrated: JsonApi
    ) -> None:
        """Migration 7 folds each campaign's stored records into its counters: they
        equal the campaign's records scanned, as the rules read them before."""
        # given the migrated copy (fixture `migrated`) and its campaigns
        campaigns = _campaign_ids(old_database)
        assert campaigns

        # when each campaign's kept counters are read
        with migrated.ledger.store.unit_of_work() as uow:
            kept = {campaign: kept_figures(uow, campaign) for campaign in campaigns}
            scanned = {campaign: scanned_figures(uow, campaign) for campaign in campaigns}

        # then they are the records' figures, some of them not zero
        assert kept == scanned
        assert any(figures != (0, 0, 0, 0) for figures in kept.values())

    def test_records_holding_snapshot_references_are_folded_exactly(
        self, tmp_path: Path
    ) -> None:
        """A schema-6 database (records referencing their snapshots, orders as deltas)
        gets from the migration the very counters the ledger kept as it wrote them."""
        # given a history written by this release, its counters then taken away
        path = tmp_path / "ledger_v6.db"
        store = SQLiteStore(str(path))
        campaigns = campaign_history(Ledger(store))
        with store.unit_of_work() as uow:
            before = {campaign: kept_figures(uow, campaign) for campaign in campaigns}
        store.close()
        _back_to_schema_6(path)

        # when the store opens it again (migration 7 runs)
        store = SQLiteStore(str(path))
        try:
            with store.unit_of_work() as uow:
                after = {campaign: kept_figures(uow, campaign) for campaign in campaigns}
                scanned = {campaign: scanned_figures(uow, campaign) for campaign in campaigns}
        finally:
            store.close()

        # then the backfilled counters are the kept ones and the records' figures
        assert after == before == scanned
        assert all(figures[0] > 0 for figures in after.values())

"""Every row the SQLite store writes reads back equal in another process's view.

Method: each replay file of tests/replay/ (every feature the JSON API has: stacks,
rollbacks, rewards, sessions, the gift desk, activities) runs on a SQLite file. Then a
second store opens the same file, which trusts none of its rows: each body is decoded
through the constructors, its snapshot references expanded and its column fields put
back. Every entity of every table, and every event, must equal what the writing store
holds (attrs equality, field for field), so the stored form loses nothing for any kind.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from redemption_core.adapters.json.api import JsonApi
from redemption_core.adapters.replay import Replayer
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.adapters.sqlite.schema import TABLES
from redemption_core.domain.ports.clock import SteppingClock
from redemption_core.domain.ports.ids import SequentialIds
from redemption_core.domain.use_cases.ledger import Ledger

REPLAYS = sorted((Path(__file__).parent / "replay").glob("*.jsonl"))
START = datetime(2026, 1, 1, tzinfo=UTC)


def _ids(path: Path, table: str) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute(f"SELECT id FROM {table} ORDER BY seq")]
    finally:
        connection.close()


def _everything(store: SQLiteStore, path: Path) -> dict[tuple[str, str], Any]:
    """Every entity and event the store shows, by (table, id)."""
    shown: dict[tuple[str, str], Any] = {}
    with store.unit_of_work() as uow:
        for kind, table in TABLES.items():
            for entity_id in _ids(path, table.name):
                shown[(table.name, entity_id)] = uow.get(kind, entity_id)
        for position, event in uow.events_after(0, 100_000):
            shown[("events", str(position))] = event
    return shown


@pytest.mark.parametrize("replay", REPLAYS, ids=lambda path: path.stem)
def test_a_fresh_reader_sees_every_row_as_written(tmp_path: Path, replay: Path) -> None:
    # given a store that ran a replay file
    path = tmp_path / "ledger.db"
    writer = SQLiteStore(path)
    try:
        clock = SteppingClock(START)
        replayer = Replayer(JsonApi(Ledger(writer, clock=clock, ids=SequentialIds())), clock,
                            START)
        with replay.open("rb") as lines:
            for _ in replayer.run(lines):
                pass
        written = _everything(writer, path)
    finally:
        writer.close()

    # when another store opens the file
    reader = SQLiteStore(path)
    try:
        read = _everything(reader, path)
    finally:
        reader.close()

    # then it shows every row exactly as the writer held it, references expanded
    assert written, "the replay wrote nothing"
    if _ids(path, "redemptions"):
        connection = sqlite3.connect(path)
        try:
            referencing = connection.execute(
                "SELECT count(*) FROM redemptions WHERE body LIKE '%\"$snap\"%'"
            ).fetchone()[0]
        finally:
            connection.close()
        assert referencing > 0
    assert read.keys() == written.keys()
    for key, entity in written.items():
        assert read[key] == entity, key

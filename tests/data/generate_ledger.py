"""Write `ledger_vN/ledger_vN.db.gz` and what that release showed of it (`reads.json.gz`).

Run once per committed schema, with the release whose schema the file pins:
`PYTHONPATH=. python tests/data/generate_ledger.py N` (1: before the record model v2;
5: rows embedding whole snapshots, before records referenced stored ones). It replays
`ledger_vN/calls.jsonl` deterministically on a new SQLite file, keeps the replay output
(`calls.out.jsonl.gz`), then captures every read of `tests/support/ledger_reads.py` at a
fixed moment. The test `tests/test_sqlite_migration.py` opens a copy with the current code
and compares. A release with the commit chain also leaves its head file beside.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from redemption_core.adapters.json.api import JsonApi
from redemption_core.adapters.replay import Replayer
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.domain.ports.clock import SteppingClock
from redemption_core.domain.ports.ids import SequentialIds
from redemption_core.domain.use_cases.ledger import Ledger
from tests.support.ledger_reads import reads

DATA = Path(__file__).parent
START = datetime(2026, 1, 1, tzinfo=UTC)
READ_AT = datetime(2026, 1, 2, tzinfo=UTC)
READ_IDS_START = 1_000_000
CODES = ("SAVE10", "GIFT-A", "SPRING-1", "GIFT-B", "CARD-1")
CUSTOMERS = ("alice", "bob", "carol")


def main(release: int) -> None:
    here = DATA / f"ledger_v{release}"
    database = here / f"ledger_v{release}.db"
    database.unlink(missing_ok=True)
    store = SQLiteStore(str(database))
    try:
        clock = SteppingClock(START)
        replayer = Replayer(JsonApi(Ledger(store, clock=clock, ids=SequentialIds())), clock, START)
        with (here / "calls.jsonl").open("rb") as calls:
            outputs = list(replayer.run(calls))
        replayed = "".join(line + "\n" for line in outputs).encode()
        (here / "calls.out.jsonl.gz").write_bytes(gzip.compress(replayed, mtime=0))
        reader = Ledger(store, clock=SteppingClock(READ_AT), ids=SequentialIds(READ_IDS_START))
        api = JsonApi(reader)
        shown = reads(api, [json.loads(line) for line in outputs], CODES, CUSTOMERS)
        text = json.dumps(shown, sort_keys=True, separators=(",", ":")) + "\n"
        (here / "reads.json.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
    finally:
        store.close()
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("PRAGMA page_size = 1024")  # a small file: many tables of few rows
    connection.execute("VACUUM")
    connection.close()
    (here / f"ledger_v{release}.db.gz").write_bytes(gzip.compress(database.read_bytes(), mtime=0))
    database.unlink()


if __name__ == "__main__":
    main(int(sys.argv[1]))

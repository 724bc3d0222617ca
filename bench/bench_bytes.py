"""Bytes on disk per redemption on the SQLite store: everything one redemption writes.

Issue 9's target: a single redemption, made with an idempotency key, costs at most 2 500
bytes on disk, all its rows and index entries included (from about 7 000). Measured as
the growth of the database file (pages in use after a checkpoint, times the page size)
over `--count` keyed redemptions of one gift credit each, by a new customer and a new
order each time (the worst case: every redemption writes a customer, an order, the
redemption, its event, the voucher and the idempotency record). A stack of 5 is measured
the same way, against the single. The body lengths per table show where the bytes go.

    python bench/bench_bytes.py [--count 2000]
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import tempfile
from pathlib import Path

import structlog

from redemption_core import Ledger
from redemption_core.adapters.sqlite.store import SQLiteStore
from redemption_core.domain.model.voucher import VoucherType
from redemption_core.domain.use_cases.commands import (
    CustomerInput,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    VoucherInput,
)

structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

TARGET_BYTES = 2_500
TABLES = ("redemptions", "orders", "customers", "vouchers", "idempotency_records", "events",
          "customer_counters")


def _used_bytes(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        free = connection.execute("PRAGMA freelist_count").fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        return int((pages - free) * size)
    finally:
        connection.close()


def _bodies(path: Path) -> dict[str, float]:
    connection = sqlite3.connect(path)
    try:
        return {
            table: float(connection.execute(
                f"SELECT coalesce(avg(length(body)), 0) FROM {table}").fetchone()[0])
            for table in TABLES
        }
    finally:
        connection.close()


def measure(folder: Path, count: int, width: int) -> tuple[float, dict[str, float]]:
    path = folder / f"bytes-{width}.db"
    store = SQLiteStore(path, synchronous="NORMAL")
    ledger = Ledger(store)
    codes = [f"GIFT{index}" for index in range(width)]
    for code in codes:
        ledger.create_voucher(VoucherInput(code=code, type=VoucherType.GIFT_VOUCHER,
                                           gift_amount=10**12))
    store.close()
    before = _used_bytes(path)
    store = SQLiteStore(path, synchronous="NORMAL")
    ledger = Ledger(store)
    redeemables = tuple(
        RedeemableInput(object=RedeemableKind.VOUCHER, id=code, credits=1, gift_sent=True)
        for code in codes
    )
    for index in range(count):
        ledger.redeem(RedeemCommand(
            redeemables=redeemables,
            order=OrderInput(source_id=f"order-{index}", amount=10_000),
            customer=CustomerInput(source_id=f"customer-{index}", name="A Customer"),
        ), idempotency_key=f"key-{index:08d}")
    store.close()
    return (_used_bytes(path) - before) / count, _bodies(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2_000)
    count = parser.parse_args().count
    with tempfile.TemporaryDirectory(prefix="bench-bytes-") as folder:
        single, bodies = measure(Path(folder), count, 1)
        stack, _ = measure(Path(folder), count, 5)
    verdict = "met" if single <= TARGET_BYTES else "NOT met"
    print(f"single redemption: {single:,.0f} bytes on disk (target <= {TARGET_BYTES:,}: "
          f"{verdict})")
    print(f"stack of 5:        {stack:,.0f} bytes on disk ({stack / single:.2f}x a single)")
    print("mean body per row (single):",
          ", ".join(f"{table} {length:,.0f}" for table, length in bodies.items()))


if __name__ == "__main__":
    main()

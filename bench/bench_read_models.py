"""Reads that must not grow with the data: a customer's summary and an unfiltered page.

Issue 9's targets, each a ratio of CPU time per call on a large store to a small one
measured in the same run:

- `GET /v1/customers/{id}` of a customer with 100 000 records costs at most 2x the same
  call with 1 000 (the counters are kept at write time, not folded on read);
- unfiltered `GET /v1/redemptions?limit=10` costs at most 3x from 1 000 records to
  1 000 000 on SQLite and to 100 000 on memory (a sorted index, a kept total).

The customer's records are made through `Ledger.redeem` (one customer, one discount
voucher). The list stores are seeded the same way up to `--grow-from` records; a SQLite
store then grows to its size by copying the stored redemption rows under new ids and
older dates (rows the store reads back like its own), since a million redemptions
through the ledger would take most of an hour on this machine; the page read is of the
newest records, made by the ledger.

    python bench/bench_read_models.py [--store memory|sqlite] [--customer 1000,100000]
                                      [--list 1000,100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import gc
import logging
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import structlog

from redemption_core import Ledger, MemoryStore
from redemption_core.adapters.json.api import JsonApi
from redemption_core.adapters.sqlite.store import SQLiteStore
from redemption_core.domain.model.discount import Discount, DiscountEffect, DiscountType
from redemption_core.domain.ports import Store
from redemption_core.domain.ports.clock import SteppingClock
from redemption_core.domain.ports.ids import SequentialIds
from redemption_core.domain.use_cases.commands import (
    CustomerInput,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    VoucherInput,
)

structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

CALL_SECONDS = 0.5
CUSTOMER_TARGET = 2.0
LIST_TARGET = 3.0
GROW_FROM_DEFAULT = 20_000
COPY_BATCH = 100_000


def _store(kind: str, folder: Path, name: str) -> Store:
    if kind == "memory":
        return MemoryStore()
    return SQLiteStore(folder / f"{name}.db", synchronous="NORMAL")


def _seed(store: Store, count: int, customer: str) -> Ledger:
    clock = SteppingClock(datetime(2026, 1, 1, tzinfo=UTC), timedelta(milliseconds=1))
    ledger = Ledger(store, clock=clock, ids=SequentialIds())
    discount = Discount(type=DiscountType.AMOUNT, effect=DiscountEffect.APPLY_TO_ORDER,
                        amount_off=100)
    ledger.create_voucher(VoucherInput(code="OFF", discount=discount))
    command = RedeemCommand(
        redeemables=(RedeemableInput(object=RedeemableKind.VOUCHER, id="OFF"),),
        order=OrderInput(amount=10_000),
        customer=CustomerInput(source_id=customer),
    )
    for _ in range(count):
        ledger.redeem(command)
    return ledger


def _grow(path: Path, size: int) -> None:
    """Copy redemption rows under new ids and older dates until there are `size`."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(redemptions)")]
        copied = [name for name in columns if name not in ("seq", "id", "date")]
        listed = ", ".join(copied)
        have = connection.execute("SELECT count(*) FROM redemptions").fetchone()[0]
        base = have
        while have < size:
            batch = min(COPY_BATCH, size - have)
            connection.execute("BEGIN")
            connection.execute(
                f"INSERT INTO redemptions (id, date, {listed}) "
                f"SELECT printf('r_%018x', 1000000000 + seq + ?), "
                f"strftime('%Y-%m-%dT%H:%M:%f000+00:00', '2020-01-01', "
                f"'+' || ((seq + ?) % 100000000) || ' seconds'), {listed} "
                f"FROM redemptions WHERE seq <= ? AND id NOT LIKE 'rf_%' LIMIT ?",
                (have, have, base, batch),
            )
            connection.execute("COMMIT")
            have = connection.execute("SELECT count(*) FROM redemptions").fetchone()[0]
    finally:
        connection.close()


def _per_call(call: Callable[[], Any], rounds: int) -> list[float]:
    """CPU seconds per call, best of a few repeats, once per round."""
    call()
    results = []
    for _ in range(rounds):
        best = float("inf")
        for _ in range(3):
            gc.collect()
            count, started = 0, time.process_time()
            while time.process_time() - started < CALL_SECONDS / 3:
                call()
                count += 1
            best = min(best, (time.process_time() - started) / count)
        results.append(best)
    return results


def _customer_call(api: JsonApi, customer: str) -> Callable[[], Any]:
    def call() -> Any:
        response = api.call("GET", f"/v1/customers/{customer}")
        assert response.status == 200, response.body
        return response

    return call


def _list_call(api: JsonApi) -> Callable[[], Any]:
    def call() -> Any:
        response = api.call("GET", "/v1/redemptions", {"limit": "10"})
        assert response.status == 200, response.body
        return response

    return call


def _ratios(name: str, small: list[float], large: list[float], target: float) -> None:
    for run, (low, high) in enumerate(zip(small, large, strict=True), start=1):
        ratio = high / low
        verdict = "met" if ratio <= target else "NOT met"
        print(f"{name:<44} run {run}: {low * 1e6:>9.1f} us {high * 1e6:>10.1f} us "
              f"{ratio:>7.2f}x  (target <= {target:.0f}x: {verdict})")


def bench_customer(kind: str, folder: Path, sizes: tuple[int, int], rounds: int) -> None:
    timings = []
    for size in sizes:
        store = _store(kind, folder, f"customer-{size}")
        api = JsonApi(_seed(store, size, "whale"))
        summary = api.call("GET", "/v1/customers/whale").body["summary"]["redemptions"]
        print(f"customer with {summary['total_redeemed']:,} records on {kind}")
        timings.append(_per_call(_customer_call(api, "whale"), rounds))
        store.close()
    _ratios(f"GET /v1/customers/{{id}} {sizes[0]:,} -> {sizes[1]:,}", *timings,
            CUSTOMER_TARGET)


def bench_list(kind: str, folder: Path, sizes: tuple[int, int], rounds: int,
               grow_from: int) -> None:
    timings = []
    for size in sizes:
        seeded = size if kind == "memory" else min(size, grow_from)
        store = _store(kind, folder, f"list-{size}")
        ledger = _seed(store, seeded, "c")
        if seeded < size:
            store.close()
            _grow(folder / f"list-{size}.db", size)
            store = _store(kind, folder, f"list-{size}")
            ledger = Ledger(store, clock=ledger.clock, ids=ledger.ids)
        api = JsonApi(ledger)
        print(f"list of {api.call('GET', '/v1/redemptions').body['total']:,} records on {kind}")
        timings.append(_per_call(_list_call(api), rounds))
        store.close()
    _ratios(f"GET /v1/redemptions?limit=10 {sizes[0]:,} -> {sizes[1]:,}", *timings,
            LIST_TARGET)


def _sizes(text: str) -> tuple[int, int]:
    small, large = (int(part) for part in text.split(","))
    return small, large


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", choices=("memory", "sqlite"), default="memory")
    parser.add_argument("--customer", default="1000,100000", help="small,large records")
    parser.add_argument("--list", default="1000,100000", help="small,large records")
    parser.add_argument("--grow-from", type=int, default=GROW_FROM_DEFAULT,
                        help="SQLite: records made by the ledger before copying rows")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-read-models-") as folder:
        if args.customer != "0":
            bench_customer(args.store, Path(folder), _sizes(args.customer), args.rounds)
        if args.list != "0":
            bench_list(args.store, Path(folder), _sizes(args.list), args.rounds, args.grow_from)


if __name__ == "__main__":
    main()

"""A filtered, ordered page of GET /v1/redemptions on a large store against a small one.

Issue 3's target: one page (10 records, newest first) filtered by an equality condition
costs at most 10x as much from 100 000 stored redemptions as from 1 000. Each filter value
matches the same number of records in both stores (10 per customer, 10 per voucher code,
20 `quantity_exceeded` failures), so the ratio shows whether the store answers from an
index (about 1x) or scans every record (about 100x).

Both stores are seeded through `Ledger.redeem` (the domain's own writes, no JSON parsing);
the pages are read through `JsonApi.call`, as a client would. Prints one row per query:
microseconds per page at each size, the ratio, and whether the target is met.

    python bench/bench_queries.py [--store memory] [--sizes 1000,100000] [--seconds 1]

`--store` names a factory in `STORE_FACTORIES`; a store adapter adds its own there
(`sqlite:PATH` gives each size its own file, `PATH.<size>`).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import structlog

from redemption_core import Ledger, MemoryStore
from redemption_core.adapters.json.api import JsonApi
from redemption_core.adapters.sqlite.store import SQLiteStore
from redemption_core.domain.model import errors
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

RECORDS_PER_VALUE = 10
"""Records per customer and per voucher code, whatever the store's size."""
ONCE_VOUCHERS = 10
"""Vouchers usable once, each tried three times: 10 successes and 20 failures."""
RATIO_TARGET = 10.0
ROUNDS = 5
SCAN = "voucher_code $starts_with *"

StoreFactory = Callable[[str, int], Store]
"""(the part of `--store` after `kind:`, the store's size) -> an empty store."""

def _sqlite(where: str, size: int) -> Store:
    """A fresh SQLite file per size; NORMAL durability, since seeding is not what is measured."""
    path = Path(where or "bench-queries.db").with_suffix(f".{size}.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return SQLiteStore(path, synchronous="NORMAL")


STORE_FACTORIES: dict[str, StoreFactory] = {
    "memory": lambda _where, _size: MemoryStore(),
    "sqlite": _sqlite,
}


def open_store(spec: str, size: int) -> Store:
    kind, _, where = spec.partition(":")
    factory = STORE_FACTORIES.get(kind)
    if factory is None:
        known = ", ".join(sorted(STORE_FACTORIES))
        raise SystemExit(f"--store: unknown store {spec!r} (known: {known})")
    return factory(where, size)


# -- seeding ---------------------------------------------------------------------------------


def _redeem(ledger: Ledger, code: str, customer: str) -> None:
    command = RedeemCommand(
        redeemables=(RedeemableInput(object=RedeemableKind.VOUCHER, id=code),),
        order=OrderInput(amount=10_000),
        customer=CustomerInput(source_id=customer),
    )
    with contextlib.suppress(errors.QuantityExceeded):
        ledger.redeem(command)  # a refusal is recorded as a failed redemption: the point


def seed(store: Store, size: int) -> tuple[Ledger, float]:
    """`size` redemptions (30 of them the once-vouchers' successes and failures); the
    ledger and the seconds it took."""
    started = time.perf_counter()
    clock = SteppingClock(datetime(2026, 1, 1, tzinfo=UTC), timedelta(milliseconds=1))
    ledger = Ledger(store, clock=clock, ids=SequentialIds())
    discount = Discount(type=DiscountType.AMOUNT, effect=DiscountEffect.APPLY_TO_ORDER,
                        amount_off=100)
    plain = size - 3 * ONCE_VOUCHERS
    codes = [f"V{index:06d}" for index in range(plain // RECORDS_PER_VALUE)]
    for code in codes:
        ledger.create_voucher(VoucherInput(code=code, discount=discount))
    for index in range(ONCE_VOUCHERS):
        ledger.create_voucher(VoucherInput(code=f"ONCE{index}", discount=discount, quantity=1))
    for index in range(plain):
        # Voucher i % n and customer i // 10: exactly 10 records for each of both.
        _redeem(ledger, codes[index % len(codes)], f"c{index // RECORDS_PER_VALUE:06d}")
    for attempt in range(3 * ONCE_VOUCHERS):
        _redeem(ledger, f"ONCE{attempt % ONCE_VOUCHERS}", f"once{attempt:02d}")
    return ledger, time.perf_counter() - started


# -- the pages ---------------------------------------------------------------------------


def queries(ledger: Ledger, size: int) -> dict[str, list[dict[str, str]]]:
    """Each benchmarked query, over a few filter values spread across the store."""
    customers = (size - 3 * ONCE_VOUCHERS) // RECORDS_PER_VALUE
    picks = [customers * share // 8 for share in range(1, 8)]
    customer_ids = [ledger.get_customer(f"c{pick:06d}")[0].id for pick in picks]
    page = {"order": "-created_at", "limit": "10"}
    return {
        "customer_id $is": [
            {"filters[customer_id][conditions][$is]": customer, **page}
            for customer in customer_ids
        ],
        "voucher_code $is": [
            {"filters[voucher_code][conditions][$is]": f"V{pick:06d}", **page} for pick in picks
        ],
        "failure_code $is": [
            {"filters[failure_code][conditions][$is]": "quantity_exceeded", **page}
        ],
        "customer= (id or source id)": [{"customer": f"c{pick:06d}", **page} for pick in picks],
        # For contrast, not a target: no index answers a prefix, so every record is read.
        SCAN: [{"filters[voucher_code][conditions][$starts_with]": f"V{picks[0]:06d}", **page}],
    }


def seconds_per_page(api: JsonApi, asked: Sequence[dict[str, str]], seconds: float) -> float:
    """Best CPU seconds per page over ROUNDS rounds (CPU time: the target is per core)."""
    for query in asked:  # warm up: first calls fill caches (dates, tracking ids)
        api.call("GET", "/v1/redemptions", query)
    best = float("inf")
    for _ in range(ROUNDS):
        gc.collect()
        count = 0
        started = time.process_time()
        while True:
            for query in asked:
                response = api.call("GET", "/v1/redemptions", query)
                if response.status != 200:
                    raise SystemExit(f"{query}: {response.body}")
            count += len(asked)
            elapsed = time.process_time() - started
            if elapsed >= seconds / ROUNDS:
                break
        best = min(best, elapsed / count)
    return best


def totals(api: JsonApi, asked: Sequence[dict[str, str]]) -> set[int]:
    return {api.call("GET", "/v1/redemptions", query).body["total"] for query in asked}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default="memory", help="memory (default), or sqlite:PATH")
    parser.add_argument("--sizes", default="1000,100000", help="small,large record counts")
    parser.add_argument("--seconds", type=float, default=1.0, help="CPU seconds per query")
    args = parser.parse_args(argv)
    small, large = (int(size) for size in args.sizes.split(","))
    results: dict[int, dict[str, tuple[float, set[int]]]] = {}
    for size in (small, large):
        store = open_store(args.store, size)
        ledger, took = seed(store, size)
        print(f"seeded {size:>9,} redemptions on {args.store} in {took:6.1f} s")
        api = JsonApi(ledger)
        results[size] = {
            name: (seconds_per_page(api, asked, args.seconds), totals(api, asked))
            for name, asked in queries(ledger, size).items()
        }
        store.close()
    _print(results, small, large)


def _print(results: dict[int, dict[str, tuple[float, set[int]]]], small: int, large: int) -> None:
    print()
    header = f"{'page of 10, -created_at':<30}{small:>10,} rec{large:>12,} rec{'ratio':>9}"
    print(header + f"   target <= {RATIO_TARGET:.0f}x")
    print("-" * (len(header) + 20))
    for name, (small_seconds, small_totals) in results[small].items():
        large_seconds, large_totals = results[large][name]
        ratio = large_seconds / small_seconds
        verdict = "met" if ratio <= RATIO_TARGET else "NOT met"
        if name == SCAN:
            verdict = "(scan)"
        matched = "/".join(str(total) for total in sorted(small_totals | large_totals))
        print(
            f"{name:<30}{small_seconds * 1e6:>9.1f} us{large_seconds * 1e6:>11.1f} us"
            f"{ratio:>8.2f}x   {verdict}  (matches per value: {matched})"
        )
    print("* a scan, shown for contrast: no index answers it, so it is not held to the target")


if __name__ == "__main__":
    main()

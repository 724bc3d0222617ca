"""A page of a card's transactions on a card with a long history against a short one.

Issue 13's target: `GET /v1/vouchers/{code}/transactions?limit=10` on a card with 100 000
transactions costs at most 3x as much as on a card with 1 000 (same run, same store kind).
A page is read through the card's transaction sequence (domain/sequences.py): about 1x
when each item is one read, about 100x if the history were scanned.

Each card is seeded through `Ledger.adjust_balance` (+1 then -1 credits, alternately: every
adjustment is a real transaction with its event) in a store of its own, and read through
`JsonApi.call`, as a client would. The two sizes are timed in alternating rounds (best of
each kept), so a busy machine slows both alike and the ratio stays meaningful. Prints
microseconds per page at each size, the ratio and the verdict.

    python bench/bench_transactions.py [--store memory|sqlite:PATH] [--sizes 1000,100000]
"""

from __future__ import annotations

import argparse
import gc
import logging
import time
from pathlib import Path

import structlog

from redemption_core import Ledger, MemoryStore
from redemption_core.adapters.json.api import JsonApi
from redemption_core.adapters.sqlite.store import SQLiteStore
from redemption_core.domain.model.voucher import VoucherType
from redemption_core.domain.ports import Store
from redemption_core.domain.use_cases.catalog_commands import BalanceAdjustment
from redemption_core.domain.use_cases.commands import VoucherInput

structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

RATIO_TARGET = 3.0
ROUNDS = 10
CODE = "CARD"


def open_store(spec: str, size: int) -> Store:
    kind, _, where = spec.partition(":")
    if kind == "memory":
        return MemoryStore()
    if kind == "sqlite":
        path = Path(where or "bench-transactions.db").with_suffix(f".{size}.db")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return SQLiteStore(path, synchronous="NORMAL")
    raise SystemExit(f"unknown store {kind!r}: memory or sqlite:PATH")


def seeded(spec: str, size: int) -> JsonApi:
    """A card with `size` transactions."""
    ledger = Ledger(open_store(spec, size))
    ledger.create_voucher(VoucherInput(type=VoucherType.GIFT_VOUCHER, gift_amount=0), CODE)
    for index in range(size):
        ledger.adjust_balance(CODE, BalanceAdjustment(amount=1 if index % 2 == 0 else -1))
    return JsonApi(ledger)


PATH = f"/v1/vouchers/{CODE}/transactions"
QUERY = {"limit": "10"}


def one_round(api: JsonApi, seconds: float) -> float:
    """Microseconds per page over about `seconds`."""
    calls, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        api.call("GET", PATH, QUERY)
        calls += 1
    return elapsed / calls * 1e6


def per_page(apis: dict[int, JsonApi], seconds: float) -> dict[int, float]:
    """Microseconds per page of each card: the best of ROUNDS alternating rounds."""
    for api in apis.values():
        response = api.call("GET", PATH, QUERY)
        assert response.status == 200 and len(response.body["data"]) == 10, response.body
    best = dict.fromkeys(apis, float("inf"))
    for _ in range(ROUNDS):
        for size, api in apis.items():
            best[size] = min(best[size], one_round(api, seconds / ROUNDS))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="memory")
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--seconds", type=float, default=1.0)
    options = parser.parse_args()
    small, large = (int(size) for size in options.sizes.split(","))
    apis = {}
    for size in (small, large):
        started = time.perf_counter()
        apis[size] = seeded(options.store, size)
        print(f"{options.store}: {size:>7} transactions seeded in "
              f"{time.perf_counter() - started:6.1f} s")
    gc.collect()
    timings = per_page(apis, options.seconds)
    for size, api in apis.items():
        api.ledger.store.close()
        print(f"{options.store}: {size:>7} transactions, page of 10: {timings[size]:8.1f} us")
    ratio = timings[large] / timings[small]
    verdict = "met" if ratio <= RATIO_TARGET else "NOT met"
    print(f"ratio {large}/{small}: {ratio:.2f}x (target <= {RATIO_TARGET}x: {verdict})")


if __name__ == "__main__":
    main()

"""Redemptions per second on the PostgreSQL store, beside baselines measured in the same run.

Scenarios (each prints its figures and the ratio against its target, issue 10):

1. `raw-1`: `Ledger.redeem` of 1 credit from a gift card through `PostgreSQLStore`, one
   caller, against raw psycopg on the same kind of pool doing per call one transaction of
   one UPDATE (the balance) and one INSERT (a row holding a real stored redemption body,
   so both compress alike).
   Target >= 0.5x.
2. `raw-16`: the same with 16 callers across 4 processes (4 threads each), each caller
   on its own card. Target >= 0.8x.
3. `instances`: 1, 2 and 4 `redemption-core serve` processes on one database, a client
   process (16 threads, round robin over the instances) redeeming on 16 distinct cards
   over gRPC. Target: 4 instances >= 1.6x one instance.
4. `hot`: 16 callers across 4 processes on ONE gift card, against 16 distinct cards.
   Target >= 0.5x; and zero oversell: the card's balance is exactly its amount minus the
   acknowledged credits.

Rounds alternate baseline and ours and the best round of each is kept, so a burst of load
from another process on a shared machine hits both alike. Every run uses a fresh schema,
dropped at the end. `--isolation serializable` and `--notify off` measure the
alternatives docs/decisions.md compares.

    python bench/bench_postgres.py [--dsn URL] [--seconds 3] [--rounds 2]
        [--only raw-1,raw-16,instances,hot] [--isolation locking|serializable] [--notify on|off]
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import secrets
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import psycopg
import psycopg_pool

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redemption_core import (
    Ledger,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    VoucherInput,
    VoucherType,
)
from redemption_core.adapters.postgresql import DEFAULT_DSN, PostgreSQLStore

CARD_CREDITS: Final = 10**12
HOT_CARD_CREDITS: Final = 10**9
PROCESSES: Final = 4
THREADS_PER_PROCESS: Final = 4
POOL_MAX: Final = THREADS_PER_PROCESS + 2

Operation = Callable[[], None]


def spend(code: str) -> RedeemCommand:
    return RedeemCommand(
        redeemables=(RedeemableInput(object=RedeemableKind.VOUCHER, id=code, credits=1,
                                     gift_sent=True),),
        order=OrderInput(amount=1),
    )


def run_threads(operations: list[Operation], ready: Callable[[], float], seconds: float) -> int:
    """Calls done by all `operations` looping for `seconds` from the instant `ready()`
    returns (it waits until every process has set up, then gives the shared start)."""
    counts = [0] * len(operations)
    start_at = ready()

    def caller(index: int) -> None:
        time.sleep(max(0.0, start_at - time.time()))
        deadline = start_at + seconds
        while time.time() < deadline:
            try:
                operations[index]()
            except Exception as error:  # counted as not done, and shown
                print(f"call failed: {type(error).__name__}: {error}", file=sys.stderr)
                continue
            counts[index] += 1

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(len(operations))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts)


def now_plus(delay: float) -> Callable[[], float]:
    return lambda: time.time() + delay


# -- the two sides, runnable in any process -----------------------------------------------


def raw_side(dsn: str, schema: str, cards: list[str], ready: Callable[[], float],
             seconds: float, body: str) -> int:
    """Raw psycopg: per call BEGIN, one UPDATE, one INSERT, COMMIT, on a pool like ours."""
    pool: psycopg_pool.ConnectionPool[Any] = psycopg_pool.ConnectionPool(
        dsn, min_size=len(cards), max_size=len(cards) + 2, open=True,
        kwargs={"autocommit": True, "options": f"-c search_path={schema}"})
    numbers = itertools.count()

    def caller(card: str) -> Operation:
        def redeem() -> None:
            with pool.connection() as connection, connection.transaction():
                connection.execute("UPDATE raw_cards SET balance = balance - 1 "
                                   "WHERE id = %s AND balance >= 1", (card,))
                connection.execute("INSERT INTO raw_log (id, card, body) VALUES (%s, %s, %s)",
                                   (f"r_{secrets.token_hex(9)}_{next(numbers)}", card, body))
        return redeem

    try:
        return run_threads([caller(card) for card in cards], ready, seconds)
    finally:
        pool.close()


def store_side(url: str, cards: list[str], ready: Callable[[], float], seconds: float) -> int:
    """`Ledger.redeem` of one credit per call through one `PostgreSQLStore` (this process)."""
    store = PostgreSQLStore(url, pool_min=len(cards), pool_max=len(cards) + 2)
    ledger = Ledger(store)
    try:
        operations = [lambda code=card: ledger.redeem(spend(code)) for card in cards]  # type: ignore[misc]
        return run_threads(operations, ready, seconds)
    finally:
        store.close()


def _side(side: str, dsn: str, target: str, cards: list[str], seconds: float, body: str,
          barrier: Any, results: Any) -> None:
    """One process of `in_processes`: set up, wait for the others, measure, report."""
    def ready() -> float:
        barrier.wait()  # every process has its pool open
        return time.time() + 0.2

    if side == "raw":
        results.put(raw_side(dsn, target, cards, ready, seconds, body))
    else:
        results.put(store_side(target, cards, ready, seconds))


def in_processes(side: str, dsn: str, target: str, cards: list[str], seconds: float,
                 body: str = "") -> float:
    """Calls per second of `side` with `cards` split over PROCESSES processes."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    processes = [context.Process(target=_side, args=(side, dsn, target, cards[i::PROCESSES],
                                                     seconds, body, barrier, results))
                 for i in range(PROCESSES)]
    for process in processes:
        process.start()
    done = sum(results.get() for _ in processes)
    for process in processes:
        process.join()
    return done / seconds


# -- set-up --------------------------------------------------------------------------------


class Schema:
    """A fresh schema holding the ledger (seeded cards) and the raw tables; dropped after."""

    def __init__(self, dsn: str, settings: str, cards: list[str], amount: int) -> None:
        self.dsn = dsn
        self.name = f"rc_bench_{secrets.token_hex(5)}"
        self.url = f"{dsn}{'&' if '?' in dsn else '?'}schema={self.name}{settings}"
        with PostgreSQLStore(self.url, pool_min=1) as store:
            ledger = Ledger(store)
            for card in [*cards, "SAMPLE"]:
                ledger.create_voucher(VoucherInput(code=card, type=VoucherType.GIFT_VOUCHER,
                                                   gift_amount=amount))
            ledger.redeem(spend("SAMPLE"))
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f"SET search_path = {self.name}")  # type: ignore[arg-type]
            connection.execute("CREATE TABLE raw_cards (id text PRIMARY KEY, balance bigint)")
            connection.execute("CREATE TABLE raw_log (id text PRIMARY KEY, card text, body text)")
            for card in cards:
                connection.execute("INSERT INTO raw_cards VALUES (%s, %s)", (card, amount))
            # The baseline writes a real stored redemption body: same size, same compression.
            row = connection.execute(
                "SELECT body FROM entities WHERE kind = 'Redemption' LIMIT 1").fetchone()
            assert row is not None
            self.body: str = row[0]

    def balance(self, card: str) -> int:
        with PostgreSQLStore(self.url, pool_min=1) as store:
            found = Ledger(store).get_voucher(card)
        assert found.gift is not None
        return found.gift.balance

    def drop(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {self.name} CASCADE")  # type: ignore[arg-type]


def best_of(rounds: int, measures: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Each measure `rounds` times, interleaved; the best of each."""
    best = dict.fromkeys(measures, 0.0)
    for _ in range(rounds):
        for name, measure in measures.items():
            best[name] = max(best[name], measure())
    return best


def report(title: str, ours: float, base: float, base_name: str, target: float) -> None:
    ratio = ours / base if base else 0.0
    verdict = "met" if ratio >= target else "NOT met"
    print(f"{title:<44} ours {ours:8.1f}/s  {base_name} {base:8.1f}/s  "
          f"ratio {ratio:5.2f}x  (target >= {target}x: {verdict})", flush=True)


# -- scenarios -----------------------------------------------------------------------------


def scenario_raw(options: argparse.Namespace, callers: int) -> None:
    cards = [f"CARD-{n}" for n in range(callers)]
    schema = Schema(options.dsn, options.settings, cards, CARD_CREDITS)
    try:
        if callers == 1:
            measures = {
                "raw": lambda: raw_side(options.dsn, schema.name, cards, now_plus(0.1),
                                        options.seconds, schema.body) / options.seconds,
                "ours": lambda: store_side(schema.url, cards, now_plus(0.1),
                                           options.seconds) / options.seconds,
            }
        else:
            measures = {
                "raw": lambda: in_processes("raw", options.dsn, schema.name, cards,
                                            options.seconds, schema.body),
                "ours": lambda: in_processes("ours", options.dsn, schema.url, cards,
                                             options.seconds),
            }
        best = best_of(options.rounds, measures)
        where = "1 caller" if callers == 1 else f"{callers} callers in {PROCESSES} processes"
        report(f"raw-{callers}: redeem vs UPDATE+INSERT, {where}", best["ours"], best["raw"],
               "raw", 0.5 if callers == 1 else 0.8)
    finally:
        schema.drop()


def scenario_hot(options: argparse.Namespace) -> None:
    callers = PROCESSES * THREADS_PER_PROCESS
    distinct = [f"CARD-{n}" for n in range(callers)]
    schema = Schema(options.dsn, options.settings, [*distinct, "HOT"], HOT_CARD_CREDITS)
    done = [0]

    def hot() -> float:
        rate = in_processes("ours", options.dsn, schema.url, ["HOT"] * callers, options.seconds)
        done[0] += round(rate * options.seconds)
        return rate

    try:
        best = best_of(options.rounds, {
            "distinct": lambda: in_processes("ours", options.dsn, schema.url, distinct,
                                             options.seconds),
            "hot": hot,
        })
        report(f"hot: {callers} callers on one card vs {callers} cards", best["hot"],
               best["distinct"], "distinct", 0.5)
        oversold = HOT_CARD_CREDITS - done[0] - schema.balance("HOT")
        print(f"{'hot: oversell (acknowledged vs balance)':<44} {oversold} credits "
              f"({done[0]} acknowledged)", flush=True)
    finally:
        schema.drop()


def grpc_client(args: tuple[list[str], list[str], float]) -> int:
    """A client process: one thread per card, round robin over the instances' addresses."""
    import grpc  # noqa: PLC0415  (only the client process needs it)

    from redemption_core.adapters.grpc._generated import order_pb2  # noqa: PLC0415
    from redemption_core.adapters.grpc._generated import redemption_pb2 as pb  # noqa: PLC0415
    from redemption_core.adapters.grpc._generated import (  # noqa: PLC0415
        redemption_service_pb2 as service,
    )
    from redemption_core.adapters.grpc._generated import (  # noqa: PLC0415
        redemption_service_pb2_grpc as service_grpc,
    )
    from tests.postgresql.instances import CREDENTIALS  # noqa: PLC0415

    addresses, cards, seconds = args
    channels = [grpc.insecure_channel(address) for address in addresses]
    stubs = [service_grpc.RedemptionServiceStub(channel) for channel in channels]

    def caller(number: int) -> Operation:
        stub = stubs[number % len(stubs)]
        item = pb.RedeemableInput(object=1, id=cards[number])
        item.gift.credits = 1
        request = service.RedeemRequest(redeemables=[item], order=order_pb2.OrderInput(amount=1))
        return lambda: stub.Redeem(request, metadata=CREDENTIALS, timeout=30)

    try:
        return run_threads([caller(n) for n in range(len(cards))], now_plus(0.5), seconds)
    finally:
        for channel in channels:
            channel.close()


def scenario_instances(options: argparse.Namespace) -> None:
    from tests.postgresql.instances import start_instances  # noqa: PLC0415

    cards = [f"CARD-{n}" for n in range(PROCESSES * THREADS_PER_PROCESS)]
    schema = Schema(options.dsn, options.settings, cards, CARD_CREDITS)
    context = multiprocessing.get_context("spawn")

    def measure(count: int) -> float:
        instances = start_instances(f"{schema.url}&pool_max={POOL_MAX * 2}", count)
        try:
            with context.Pool(1) as pool:
                done = pool.apply(grpc_client, ([[i.address for i in instances], cards,
                                                 options.seconds],))
            return done / options.seconds
        finally:
            for instance in instances:
                instance.stop()

    try:
        best = best_of(options.rounds, {str(n): (lambda n=n: measure(n)) for n in (1, 2, 4)})
        for count in (2, 4):
            report(f"instances: {count} vs 1, 16 gRPC callers, 16 cards", best[str(count)],
                   best["1"], "1 inst", 1.6 if count == 4 else 1.0)
    finally:
        schema.drop()


SCENARIOS: Final[dict[str, Callable[[argparse.Namespace], None]]] = {
    "raw-1": lambda options: scenario_raw(options, 1),
    "raw-16": lambda options: scenario_raw(options, PROCESSES * THREADS_PER_PROCESS),
    "instances": scenario_instances,
    "hot": scenario_hot,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dsn", default=DEFAULT_DSN)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", default=",".join(SCENARIOS))
    parser.add_argument("--isolation", default="locking", choices=("locking", "serializable"))
    parser.add_argument("--notify", default="on", choices=("on", "off"))
    options = parser.parse_args()
    options.settings = f"&isolation={options.isolation}&notify={options.notify}"
    print(f"PostgreSQL store, isolation={options.isolation}, notify={options.notify}, "
          f"{options.seconds:g} s per measure, best of {options.rounds}", flush=True)
    for name in options.only.split(","):
        SCENARIOS[name](options)


if __name__ == "__main__":
    main()

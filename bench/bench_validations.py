"""What validations and validation rules cost, as ratios measured in the same run.

1. A validation of a stack of 5 redeemables (two discount vouchers with a quantity, three
   gift cards) against the redemption of the same stack, on `SQLiteStore` with
   synchronous=FULL. A validation without a session writes nothing: it reads in a snapshot
   and commits nothing. Target (issue 12): validate ≤ 0.8x the redemption's time.
2. A single redemption of a gift card governed by a rule set of 10 rules (order, item,
   customer, metadata and redemption rules, logic with `and`/`or`/`not`) against the same
   redemption of a card with no rules, on SQLite with synchronous=NORMAL (the store's reads
   and writes without the fsync, whose jitter on a shared disk is larger than the whole
   effect measured) and on the memory store (the domain alone, where the rules' share is
   largest). Target: the rules add ≤ 25% (time ratio ≤ 1.25).
   Counting rules (`campaign.redemptions.count`, ...) are left out: they read the matching
   redemptions, so their cost grows with the history (up to RULE_RECORDS_SCANNED_MAX).

Rounds are interleaved (baseline, subject, baseline, ...) and the best round of each is kept,
so load from other processes on a shared machine hits both alike. The stack comparison is
calls per second over each round (the redemption's fsync is its real cost); the rules
comparison is the floor of the time per call over many short interleaved batches (timeit's
minimum): the rules are CPU work of a few tens of microseconds, and rates over whole rounds
on a shared machine varied between runs more than the effect measured.

    python bench/bench_validations.py [--seconds 0.2] [--rounds 15] [--dir PATH]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from redemption_core import (
    CustomerInput,
    Discount,
    DiscountType,
    Ledger,
    MemoryStore,
    OrderInput,
    OrderItemInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    VoucherInput,
    VoucherType,
)
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.domain.ports import Store
from redemption_core.domain.use_cases.validation_rules import AssignedKind, ValidationRuleInput

CREDITS: Final = 10**12
QUANTITY: Final = 10**9
STACK_TARGET: Final = 0.8
RULES_TARGET: Final = 1.25

TEN_RULES: Final[dict[str, Any]] = {
    "1": {"name": "order.amount", "conditions": {"$more_than_or_equal": [1_000]}},
    "2": {"name": "order.total_amount", "conditions": {"$more_than": [0]}},
    "3": {"name": "order.initial_amount", "conditions": {"$less_than": [10**9]}},
    "4": {"name": "order.items.count", "conditions": {"$more_than_or_equal": [1]}},
    "5": {"name": "order.items.any", "conditions": {"$is": [{"id": "p1", "object": "product"}]},
          "rules": {"1": {"name": "product.quantity", "conditions": {"$more_than": [0]}}}},
    "6": {"name": "order.items.price_each", "conditions": {"$more_than": [0]}},
    "7": {"name": "customer.metadata", "property": "tier",
          "conditions": {"$in": ["gold", "silver"]}},
    "8": {"name": "order.metadata", "property": "channel", "conditions": {"$is": ["web"]}},
    "9": {"name": "redemption.gift.amount", "conditions": {"$less_than_or_equal": [10_000]}},
    "10": {"name": "redemption.metadata", "property": "blocked",
           "conditions": {"$is": [True]}},
    "logic": "(1 and 2 and 3) and (4 or 5) and 6 and (7 or 8) and 9 and not 10",
}


def gift(code: str, credits: int = 1) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id=code, credits=credits,
                           gift_sent=True)


def voucher(code: str) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id=code)


def seed(ledger: Ledger) -> None:
    for code in ("G1", "G2", "G3", "PLAIN", "RULED"):
        ledger.create_voucher(VoucherInput(code=code, type=VoucherType.GIFT_VOUCHER,
                                           gift_amount=CREDITS))
    for code in ("D1", "D2"):
        ledger.create_voucher(VoucherInput(code=code, quantity=QUANTITY, discount=Discount(
            type=DiscountType.AMOUNT, amount_off=10)))
    made = ledger.create_validation_rule(ValidationRuleInput(name="ten", rules=TEN_RULES))
    ledger.assign_validation_rule(made.id, AssignedKind.VOUCHER, "RULED")


STACK = RedeemCommand(
    redeemables=(voucher("D1"), voucher("D2"), gift("G1"), gift("G2"), gift("G3")),
    order=OrderInput(amount=100_000),
)


def single(code: str) -> RedeemCommand:
    return RedeemCommand(
        redeemables=(gift(code, 500),),
        order=OrderInput(amount=5_000, metadata={"channel": "web"},
                         items=(OrderItemInput(product_id="p1", price=2_500, quantity=2),)),
        customer=CustomerInput(source_id="ann", metadata={"tier": "gold"}),
        metadata={"blocked": False},
    )


Clock = Callable[[], float]


def per_call_floor(call: Callable[[], Any], batches: int, batch: int = 20) -> float:
    """The least wall time per call over `batches` batches of `batch` calls: the floor a
    busy machine's preemptions cannot raise (timeit's advice: the minimum, not the mean)."""
    best = float("inf")
    for _ in range(batches):
        began = time.perf_counter()
        for _ in range(batch):
            call()
        best = min(best, (time.perf_counter() - began) / batch)
    return best


def floor_pair(base: Callable[[], Any], subject: Callable[[], Any], rounds: int) -> tuple[
        float, float]:
    """Calls/s at the per-call floor of each, batches interleaved."""
    base_floor = subject_floor = float("inf")
    for _ in range(rounds * 10):
        base_floor = min(base_floor, per_call_floor(base, 1))
        subject_floor = min(subject_floor, per_call_floor(subject, 1))
    return 1 / base_floor, 1 / subject_floor


def rate(call: Callable[[], Any], seconds: float, clock: Clock) -> float:
    """Calls per second of `clock` (wall or CPU) of `call` in a loop for `seconds`."""
    count = 0
    began = clock()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        call()
        count += 1
    return count / (clock() - began)


def best_pair(base: Callable[[], Any], subject: Callable[[], Any], seconds: float,
              rounds: int, clock: Clock = time.perf_counter) -> tuple[float, float]:
    """Best calls/s of each, rounds interleaved."""
    base_best = subject_best = 0.0
    for _ in range(rounds):
        base_best = max(base_best, rate(base, seconds, clock))
        subject_best = max(subject_best, rate(subject, seconds, clock))
    return base_best, subject_best


def sqlite_ledger(folder: Path, name: str) -> Ledger:
    return Ledger(SQLiteStore(folder / f"{name}.db", synchronous="FULL"))


def report(label: str, base_name: str, base: float, subject_name: str, subject: float,
           target: float, cost: bool) -> None:
    # `cost`: the ratio of times (subject time / base time) = base rate / subject rate.
    ratio = base / subject if cost else subject / base
    verdict = "meets" if ratio <= target else "MISSES"
    print(f"{label}: {base_name} {base:,.0f}/s, {subject_name} {subject:,.0f}/s, "
          f"time ratio {ratio:.2f} ({verdict} <= {target})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.2)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(dir=args.dir))
    try:
        ledger = sqlite_ledger(folder, "stack")
        seed(ledger)
        redeem, validate = best_pair(lambda: ledger.redeem(STACK),
                                     lambda: ledger.validate(STACK), args.seconds, args.rounds)
        report("stack of 5, SQLite FULL", "redeem", redeem, "validate", validate,
               STACK_TARGET, cost=True)
        ledger.store.close()
        normal = SQLiteStore(folder / "rules.db", synchronous="NORMAL")
        stores: list[tuple[str, Store]] = [("SQLite NORMAL", normal), ("memory", MemoryStore())]
        for name, store in stores:
            ruled_ledger = Ledger(store)
            seed(ruled_ledger)
            plain, ruled = floor_pair(
                lambda ledger=ruled_ledger: ledger.redeem(single("PLAIN")),
                lambda ledger=ruled_ledger: ledger.redeem(single("RULED")),
                args.rounds,
            )
            report(f"10 rules, {name}", "no rules", plain, "10 rules", ruled,
                   RULES_TARGET, cost=True)
            store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""A child process for tests/test_sqlite_concurrency.py: redeem and roll back at random.

    python tests/sqlite_worker.py DB_PATH SEED THREADS OPERATIONS REWARD_ID

Opens its own `SQLiteStore` on DB_PATH (another process, as far as SQLite knows) and runs
THREADS threads, each doing OPERATIONS random calls (0 = until killed) against the shared
cards the test seeded: gift cards GIFT-1 and GIFT-2, the loyalty card CARD-1 held by
customer `holder`, and LIMITED, a discount voucher with a quantity limit.

It prints one JSON line per acknowledged call, after the call returned (so after its
commit): `{"redeemed": id, "children": [...]}` or `{"rolled_back": id}`; business refusals
are expected and not printed. `{"ready": true}` comes first, `{"finished": counts}` last.
"""

from __future__ import annotations

import json
import random
import sys
import threading
from collections import Counter
from typing import Any

from redemption_core import (
    CustomerInput,
    Ledger,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RollbackCommand,
    errors,
)
from redemption_core.adapters.sqlite import SQLiteStore

BUSY_TIMEOUT_MS = 60_000
ORDER_AMOUNT = 10_000

_print_lock = threading.Lock()


def say(line: dict[str, Any]) -> None:
    """One JSON line, flushed: the parent trusts only complete lines."""
    text = json.dumps(line)
    with _print_lock:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()


def gift(rng: random.Random) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id=rng.choice(["GIFT-1", "GIFT-2"]),
                           credits=rng.randint(1, 400), gift_sent=True)


def limited() -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id="LIMITED")


def points(rng: random.Random, reward_id: str) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id="CARD-1", reward_id=reward_id,
                           points=rng.randint(1, 60), reward_sent=True)


class Worker:
    def __init__(self, ledger: Ledger, reward_id: str, seed: int) -> None:
        self.ledger = ledger
        self.reward_id = reward_id
        self.rng = random.Random(seed)
        self.mine: list[tuple[str, bool]] = []  # (id, is a stack parent) not yet rolled back
        self.counts: Counter[str] = Counter()

    def step(self) -> None:
        roll = self.rng.random()
        try:
            if roll < 0.25 and self.mine:
                self.roll_back()
            elif roll < 0.50:
                self.redeem((gift(self.rng),))
            elif roll < 0.70:
                self.redeem((gift(self.rng), limited()))
            elif roll < 0.85:
                self.redeem((points(self.rng, self.reward_id),), holder=True)
            else:
                self.redeem((limited(),))
        except errors.StoreBusy:
            self.counts["busy"] += 1
        except errors.RedemptionError as refused:
            self.counts[refused.code] += 1

    def redeem(self, redeemables: tuple[RedeemableInput, ...], holder: bool = False) -> None:
        result = self.ledger.redeem(RedeemCommand(
            redeemables=redeemables,
            order=OrderInput(amount=ORDER_AMOUNT),
            customer=CustomerInput(source_id="holder") if holder else None,
        ))
        top = result.parent or result.redemptions[0]
        say({"redeemed": top.id, "children": [child.id for child in result.redemptions]
             if result.parent else []})
        self.mine.append((top.id, result.parent is not None))
        self.counts["redeemed"] += 1

    def roll_back(self) -> None:
        redemption_id, is_stack = self.mine.pop(self.rng.randrange(len(self.mine)))
        command = RollbackCommand(redemption_id=redemption_id, reason="test")
        if is_stack:
            self.ledger.rollback_stack(command)
        else:
            self.ledger.rollback(command)
        say({"rolled_back": redemption_id})
        self.counts["rolled_back"] += 1


def main() -> None:
    path, seed, threads, operations, reward_id = sys.argv[1:6]
    store = SQLiteStore(path, busy_timeout_ms=BUSY_TIMEOUT_MS)
    ledger = Ledger(store)
    workers = [Worker(ledger, reward_id, int(seed) * 1000 + n) for n in range(int(threads))]

    def run(worker: Worker) -> None:
        done = 0
        while int(operations) == 0 or done < int(operations):
            worker.step()
            done += 1

    say({"ready": True})
    running = [threading.Thread(target=run, args=(worker,)) for worker in workers]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    store.close()
    say({"finished": sum((worker.counts for worker in workers), Counter())})


if __name__ == "__main__":
    main()

"""Many processes and threads on one SQLite file, and processes killed mid-write.

Goal: prove the SQLite store never oversells, never loses an update, never loses an
acknowledged redemption and never half-applies a stack, across processes. Method: seed
shared cards (two gift cards, a loyalty card, a quantity-limited voucher), then run child
processes (tests/sqlite_worker.py, fresh interpreters via `subprocess`) that redeem and
roll back at random, printing each acknowledged id. Afterwards a fresh store reads
everything back through the port (`query_records`, `select`, `get`), so every row also
passes the domain validators, and `check_ledger` verifies per card and voucher:

- gift cards: amount - balance = redeemed_amount = the credits of its live (SUCCEEDED)
  redemptions = everything ever redeemed minus what successful rollbacks restored;
- the loyalty card: the same identity in points;
- every voucher: redeemed_quantity = its live redemptions, never above its quantity;
- every stack parent: all its children exist and share its status; every rolled-back
  redemption has exactly one successful rollback;
- every acknowledged redemption or rollback is on disk with that outcome.

(In the issue's words: initial = balance + applied - restored, and redeemed_quantity =
live successful redemptions.) One more test opens a brand-new file from six processes at
the same instant: every one must get the file switched to WAL and migrated, or wait.

Size knob: `REDEMPTION_CORE_STRESS` (a whole number, default 1) multiplies the random
calls per thread (25 each, 4 processes x 4 threads) and how long each crashing child runs
before its SIGKILL; the number of kills stays 20. The default keeps this file under a
minute on two cores; `REDEMPTION_CORE_STRESS=10` is a soak run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from redemption_core import (
    CampaignInput,
    CustomerInput,
    Ledger,
    MemberInput,
    RewardAssignmentInput,
    RewardInput,
    VoucherInput,
    VoucherType,
)
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.model.redemption import Redemption, RedemptionStatus, RelatedObjectType
from redemption_core.domain.model.redemption_rollback import RedemptionRollback, RollbackStatus
from redemption_core.domain.read_side.queries import Condition, FieldFilter, RecordQuery

STRESS = int(os.environ.get("REDEMPTION_CORE_STRESS", "1"))
WORKER = Path(__file__).with_name("sqlite_worker.py")
PROCESSES = 4
THREADS = 4
OPERATIONS_PER_THREAD = 25 * STRESS
KILLS = 20
CRASH_THREADS = 2
RUN_BEFORE_KILL_SECONDS = (0.05, 0.35 * STRESS)
CHILD_TIMEOUT_SECONDS = 300
GIFT_AMOUNT = 5_000
LOYALTY_POINTS = 1_200
LIMITED_QUANTITY = 40
PAGE_SIZE = 100
PAGES_MAX = 99

pytestmark = pytest.mark.slow


def seed_world(path: Path) -> str:
    """The shared cards; returns the COIN reward id the workers pay points with."""
    store = SQLiteStore(path)
    try:
        ledger = Ledger(store)
        for code in ("GIFT-1", "GIFT-2"):
            ledger.create_voucher(VoucherInput(code=code, type=VoucherType.GIFT_VOUCHER,
                                               gift_amount=GIFT_AMOUNT))
        ledger.create_voucher(VoucherInput(
            code="LIMITED", quantity=LIMITED_QUANTITY,
            discount=Discount(type=DiscountType.AMOUNT, amount_off=100)))
        program, _ = ledger.create_campaign(CampaignInput(
            name="Loyal", campaign_type="LOYALTY_PROGRAM",
            voucher=VoucherInput(type=VoucherType.LOYALTY_CARD, loyalty_points=0)))
        coin = ledger.create_reward(RewardInput(name="coin", coin_exchange_ratio=Decimal(1),
                                                coin_points_ratio=Decimal(1),
                                                parameters_sent=("coin",)))
        ledger.assign_rewards(program.id, [RewardAssignmentInput(reward=coin.id)])
        ledger.create_voucher(VoucherInput(code="CARD-1", type=VoucherType.LOYALTY_CARD,
                                           loyalty_points=LOYALTY_POINTS,
                                           campaign_id=program.id))
        ledger.publish_member(program.id, MemberInput(
            customer=CustomerInput(source_id="holder"), voucher="CARD-1"))
        return coin.id
    finally:
        store.close()


def worker_command(
    path: Path, seed: int, threads: int, operations: int, reward: str
) -> list[str]:
    return [sys.executable, str(WORKER), str(path), str(seed), str(threads), str(operations),
            reward]


def parse(lines: list[str]) -> list[dict[str, Any]]:
    """Complete JSON lines only: a line cut by a kill was never acknowledged."""
    parsed = []
    for line in lines:
        if not line.endswith("\n"):
            continue
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return parsed


class Acknowledged:
    """What the children reported as done, by id."""

    def __init__(self) -> None:
        self.redeemed: dict[str, list[str]] = {}
        self.rolled_back: set[str] = set()

    def take(self, lines: list[dict[str, Any]]) -> None:
        for line in lines:
            if "redeemed" in line:
                self.redeemed[line["redeemed"]] = line["children"]
            elif "rolled_back" in line:
                self.rolled_back.add(line["rolled_back"])


def all_records(uow: Any, kind_name: str) -> list[Any]:
    """Every record of one kind, through the list query.

    A list pages through at most 99 pages, so a longer history is read in windows of
    creation time; each window starts just before the last date seen, and an id seen
    twice is kept once.
    """
    only = (FieldFilter("object", Condition.IS, (kind_name,)),)
    found: dict[str, Any] = {}
    after = None
    while True:
        for page in range(1, PAGES_MAX + 1):
            batch = uow.query_records(RecordQuery(filters=only, limit=PAGE_SIZE, page=page,
                                                  descending=False, created_after=after))
            found.update((record.id, record) for record in batch.records)
            if page * PAGE_SIZE >= batch.total:
                return list(found.values())
        after = max(record.date for record in found.values()) - timedelta(microseconds=1)


class History:
    """Every redemption and rollback, grouped the ways the checks need."""

    def __init__(self, redemptions: list[Redemption], rollbacks: list[RedemptionRollback]):
        self.redemptions = redemptions
        self.by_voucher: dict[str, list[Redemption]] = {}
        for record in redemptions:
            self.by_voucher.setdefault(record.related_object_id, []).append(record)
        self.undone = Counter(r.redemption_id for r in rollbacks
                              if r.status is RollbackStatus.SUCCEEDED)
        self.restored: Counter[str] = Counter()
        for rollback in rollbacks:
            if rollback.status is RollbackStatus.SUCCEEDED:
                self.restored[rollback.related_object_id] += -(rollback.amount or 0)

    def live(self, voucher_id: str) -> list[Redemption]:
        return [r for r in self.by_voucher.get(voucher_id, [])
                if r.status is RedemptionStatus.SUCCEEDED]

    def applied(self, voucher_id: str) -> int:
        """Everything ever taken from the card, rolled back later or not."""
        return sum(r.amount or 0 for r in self.by_voucher.get(voucher_id, [])
                   if r.status is not RedemptionStatus.FAILED)


def check_ledger(path: Path, acknowledged: Acknowledged) -> Counter[str]:
    """Every invariant of the module docstring; returns counts for the report."""
    store = SQLiteStore(path)
    try:
        ledger = Ledger(store)
        with store.unit_of_work() as uow:
            history = History(all_records(uow, "redemption"),
                              all_records(uow, "redemption_rollback"))
            _check_cards(ledger, history)
            _check_stacks(uow, history)
        _check_rollbacks(history)
        _check_acknowledged(ledger, acknowledged)
    finally:
        store.close()
    return Counter(redemptions=len(history.redemptions), rollbacks=sum(history.undone.values()))


def _check_cards(ledger: Ledger, history: History) -> None:
    for code in ("GIFT-1", "GIFT-2"):
        card = ledger.get_voucher(code)
        assert card.gift is not None
        live = history.live(card.id)
        spent = sum(record.amount or 0 for record in live)
        assert card.gift.balance >= 0, code
        assert card.gift.amount - card.gift.balance == card.redeemed_amount == spent, code
        assert spent == history.applied(card.id) - history.restored[card.id], code
        assert card.redeemed_quantity == len(live), code
    loyalty = ledger.get_voucher("CARD-1")
    assert loyalty.loyalty_card is not None
    live = history.live(loyalty.id)
    spent = sum(record.amount or 0 for record in live)
    assert loyalty.loyalty_card.balance >= 0
    assert loyalty.loyalty_card.points - loyalty.loyalty_card.balance == spent
    assert loyalty.redeemed_points == spent
    assert spent == history.applied(loyalty.id) - history.restored[loyalty.id]
    assert loyalty.redeemed_quantity == len(live)
    limited = ledger.get_voucher("LIMITED")
    assert limited.redeemed_quantity == len(history.live(limited.id)) <= LIMITED_QUANTITY


def _check_stacks(uow: Any, history: History) -> None:
    for parent in history.redemptions:
        if parent.related_object_type is not RelatedObjectType.REDEMPTION:
            continue
        if parent.status is RedemptionStatus.FAILED:
            continue
        children = uow.select(Redemption, "parent_id", parent.id, PAGE_SIZE)
        assert sorted(child.id for child in children) == sorted(r.id for r in parent.children)
        assert {child.status for child in children} == {parent.status}, parent.id


def _check_rollbacks(history: History) -> None:
    for record in history.redemptions:
        expected = 1 if record.status is RedemptionStatus.ROLLED_BACK else 0
        assert history.undone[record.id] == expected, record.id


def _check_acknowledged(ledger: Ledger, acknowledged: Acknowledged) -> None:
    for redemption_id, children in acknowledged.redeemed.items():
        found = ledger.get_redemption(redemption_id)
        assert isinstance(found, Redemption), redemption_id
        assert found.status is not RedemptionStatus.FAILED
        assert sorted(ref.id for ref in found.children) == sorted(children)
        if redemption_id in acknowledged.rolled_back:
            assert found.status is RedemptionStatus.ROLLED_BACK, redemption_id


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    path = tmp_path / "shared.db"
    yield path, seed_world(path)


class TestManyProcessesAndThreads:
    def test_random_redemptions_and_rollbacks_keep_every_ledger_identity(self, world):
        """4 processes x 4 threads redeem and roll back the same cards: no oversell, no
        lost update, nothing acknowledged missing."""
        # given
        path, reward = world
        base_seed = random.randrange(1_000_000)
        acknowledged = Acknowledged()
        # when
        children = [subprocess.Popen(
            worker_command(path, base_seed + n, THREADS, OPERATIONS_PER_THREAD, reward),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for n in range(PROCESSES)]
        finished: list[dict[str, Any]] = []
        for child in children:
            with child:
                out, err = child.communicate(timeout=CHILD_TIMEOUT_SECONDS)
            assert child.returncode == 0, f"seed {base_seed}: {err}"
            lines = parse(out.splitlines(keepends=True))
            acknowledged.take(lines)
            finished.extend(line["finished"] for line in lines if "finished" in line)
        # then
        counts = check_ledger(path, acknowledged)
        assert len(finished) == PROCESSES, f"seed {base_seed}"
        assert sum(done.get("redeemed", 0) for done in finished) == len(acknowledged.redeemed)
        assert counts["redemptions"] >= len(acknowledged.redeemed)


OPEN_SCRIPT = """
import sys, time
from redemption_core.adapters.sqlite import SQLiteStore
start = float(sys.argv[2])
while time.time() < start:
    pass
SQLiteStore(sys.argv[1]).close()
"""


class TestFirstOpen:
    def test_processes_creating_one_new_file_together_all_succeed(self, tmp_path):
        """Six processes open a file that does not exist yet at the same instant: each
        waits its turn to switch it to WAL and to migrate it, none fails."""
        # given
        path = tmp_path / "new.db"
        start = time.time() + 1.0
        # when
        children = [subprocess.Popen([sys.executable, "-c", OPEN_SCRIPT, str(path), str(start)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    for _ in range(6)]
        results = []
        for child in children:
            with child:
                _, err = child.communicate(timeout=CHILD_TIMEOUT_SECONDS)
            results.append((child.returncode, err))
        # then
        assert results == [(0, "")] * 6


class _Reader(threading.Thread):
    """Collects a child's stdout lines as they come; notes when it is ready."""

    def __init__(self, stream: Any) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.lines: list[str] = []
        self.ready = threading.Event()

    def run(self) -> None:
        for line in iter(self.stream.readline, ""):
            self.lines.append(line)
            if '"ready"' in line:
                self.ready.set()
        self.ready.set()


class TestCrashes:
    def test_a_child_killed_at_random_moments_loses_nothing_it_acknowledged(self, world):
        """20 times: run a redeeming child, SIGKILL it at a random moment, then check that
        every id it printed is on disk, no stack is half-applied and the identities hold."""
        # given
        path, reward = world
        rng = random.Random()
        seed = rng.randrange(1_000_000)
        acknowledged = Acknowledged()
        # when / then
        for kill in range(KILLS):
            with subprocess.Popen(worker_command(path, seed + kill, CRASH_THREADS, 0, reward),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) as child:
                reader = _Reader(child.stdout)
                reader.start()
                assert reader.ready.wait(CHILD_TIMEOUT_SECONDS), "the child never started"
                time.sleep(rng.uniform(*RUN_BEFORE_KILL_SECONDS))  # a random moment
                child.send_signal(signal.SIGKILL)
                child.wait(CHILD_TIMEOUT_SECONDS)
                reader.join(CHILD_TIMEOUT_SECONDS)
                assert child.stderr is not None
                errors_text = child.stderr.read()
            assert child.returncode == -signal.SIGKILL, f"kill {kill}: {errors_text}"
            acknowledged.take(parse(reader.lines))
            check_ledger(path, acknowledged)
        assert acknowledged.redeemed, f"seed {seed}: the children never acknowledged anything"

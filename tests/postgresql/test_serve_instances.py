"""Four `serve` processes on one PostgreSQL database, 16 client threads, and crashes.

Goal: prove that instances sharing one database never oversell a hot gift card or a
quantity-limited voucher, and lose nothing they acknowledged, even when an instance is
killed with SIGKILL or PostgreSQL itself restarts under load. Method: seed HOT (a gift
card) and LIMITED (a voucher with a quantity), start 4 `redemption-core serve` processes
on the test's schema, and run 16 client threads over gRPC: first a random mix of
redemptions and rollbacks of their own redemptions, then redemptions only, until both
cards refuse. A call answered UNAVAILABLE is retried with the same request id on the next
instance (the idempotency key decides whether it had run). Afterwards a fresh store
checks: HOT's amount - balance = redeemed_amount = the credits of its live redemptions,
never negative; LIMITED has exactly its quantity of live redemptions; every acknowledged
redemption and rollback is stored with that outcome.

Size knob: `REDEMPTION_CORE_STRESS` (default 1) multiplies the random calls per thread
and the cards' sizes.
"""

from __future__ import annotations

import os
import random
import secrets
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from redemption_core import Ledger, VoucherInput, VoucherType
from redemption_core.adapters.grpc._generated import order_pb2
from redemption_core.adapters.grpc._generated import redemption_pb2 as redemptions
from redemption_core.adapters.grpc._generated import redemption_service_pb2 as service
from redemption_core.adapters.grpc._generated.common_pb2 import REDEEMABLE_OBJECT_VOUCHER
from redemption_core.adapters.postgresql import PostgreSQLStore
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.model.redemption import Redemption, RedemptionStatus
from redemption_core.domain.read_side.queries import Condition, FieldFilter, RecordQuery
from tests.postgresql import database
from tests.postgresql.instances import Instance, call_with_retries, start_instances

STRESS = int(os.environ.get("REDEMPTION_CORE_STRESS", "1"))
INSTANCES = 4
CLIENTS = 16
RANDOM_CALLS = 12 * STRESS
HOT_AMOUNT = 60_000 * STRESS
LIMITED_QUANTITY = 60 * STRESS
CREDITS_MAX = 900
ROLLBACK_SHARE = 0.2
CLUSTER = tuple(os.environ.get("REDEMPTION_CORE_POSTGRES_CLUSTER", "15/main").split("/", 1))
"""The cluster the restart test restarts (`version/name`, as `pg_lsclusters` shows it): the
one `REDEMPTION_CORE_POSTGRES_DSN` points at."""
PAGE_SIZE = 100
PAGES_MAX = 99

pytestmark = pytest.mark.slow


def _reason(error: grpc.RpcError) -> str:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    info = error_details_pb2.ErrorInfo()
    for detail in status.details if status else ():
        if detail.Unpack(info):
            return str(info.reason)
    return str(error.code())  # type: ignore[attr-defined]


class Client:
    """One client thread's calls and what it saw acknowledged."""

    def __init__(self, number: int, instances: list[Instance], seed: int) -> None:
        self.number = number
        self.instances = instances
        self.rng = random.Random(seed)
        self.redeemed: dict[str, str] = {}  # id -> code, acknowledged
        self.rolled_back: set[str] = set()
        self.retries = 0
        self.refused: set[str] = set()

    def _call(self, rpc: str, request: Any) -> Any:
        def count(_: grpc.StatusCode) -> None:
            self.retries += 1

        return call_with_retries(self.instances, self.number, rpc, request, count)

    def redeem(self, code: str) -> None:
        item = redemptions.RedeemableInput(object=REDEEMABLE_OBJECT_VOUCHER, id=code)
        if code == "HOT":
            item.gift.credits = self.rng.randint(1, CREDITS_MAX)
        request = service.RedeemRequest(redeemables=[item],
                                        order=order_pb2.OrderInput(amount=CREDITS_MAX),
                                        request_id=f"r-{secrets.token_hex(8)}")
        try:
            answer = self._call("Redeem", request)
        except grpc.RpcError as error:
            reason = _reason(error)
            assert reason in ("gift_amount_exceeded", "quantity_exceeded"), reason
            self.refused.add(code)
            return
        self.redeemed[answer.redemptions[0].id] = code

    def roll_back(self) -> None:
        live = sorted(set(self.redeemed) - self.rolled_back)
        if not live:
            return
        target = self.rng.choice(live)
        request = service.RollbackRedemptionRequest(redemption_id=target,
                                                    request_id=f"b-{secrets.token_hex(8)}")
        self._call("RollbackRedemption", request)
        self.rolled_back.add(target)
        self.refused.discard(self.redeemed[target])

    def run(self) -> None:
        for _ in range(RANDOM_CALLS):
            if self.rng.random() < ROLLBACK_SHARE:
                self.roll_back()
            else:
                self.redeem(self.rng.choice(("HOT", "LIMITED")))
        while self.refused != {"HOT", "LIMITED"}:
            for code in ("HOT", "LIMITED"):
                if code not in self.refused:
                    self.redeem(code)


def seed(url: str) -> None:
    with PostgreSQLStore(url) as store:
        ledger = Ledger(store)
        ledger.create_voucher(VoucherInput(code="HOT", type=VoucherType.GIFT_VOUCHER,
                                           gift_amount=HOT_AMOUNT))
        ledger.create_voucher(VoucherInput(code="LIMITED", quantity=LIMITED_QUANTITY,
                                           discount=Discount(type=DiscountType.AMOUNT,
                                                             amount_off=100)))


def run_clients(instances: list[Instance], during: Callable[[], None] | None) -> list[Client]:
    """16 clients to completion; `during` runs on its own thread meanwhile."""
    clients = [Client(n, instances, seed=n) for n in range(CLIENTS)]
    failures: list[BaseException] = []

    def guarded(action: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                action()
            except BaseException as error:  # reported by the assertion below
                failures.append(error)
        return run

    threads = [threading.Thread(target=guarded(client.run)) for client in clients]
    if during is not None:
        threads.append(threading.Thread(target=guarded(during)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    logged = [line for instance in instances for line in instance.error_lines()]
    assert failures == [], (failures, logged)
    return clients


def redemptions_of(uow: Any, voucher_id: str) -> list[Redemption]:
    """Every redemption of one voucher, through the list query, page by page."""
    only = (FieldFilter("related_object_id", Condition.IS, (voucher_id,)),
            FieldFilter("object", Condition.IS, ("redemption",)))
    found: list[Redemption] = []
    for page in range(1, PAGES_MAX + 1):
        batch = uow.query_records(RecordQuery(filters=only, limit=PAGE_SIZE, page=page))
        found.extend(batch.records)
        if page * PAGE_SIZE >= batch.total:
            return found
    raise AssertionError("more redemptions than the list query can page through")


def check(url: str, clients: list[Client]) -> None:
    """The identities of the module docstring, read through a fresh store."""
    with PostgreSQLStore(url) as store:
        ledger = Ledger(store)
        hot, limited = ledger.get_voucher("HOT"), ledger.get_voucher("LIMITED")
        with store.unit_of_work() as uow:
            live = {code: [r for r in redemptions_of(uow, card.id)
                           if r.status is RedemptionStatus.SUCCEEDED]
                    for code, card in (("HOT", hot), ("LIMITED", limited))}
        assert hot.gift is not None and hot.gift.balance >= 0
        spent = sum(r.amount or 0 for r in live["HOT"])
        assert hot.gift.amount - hot.gift.balance == hot.redeemed_amount == spent
        assert hot.gift.balance < CREDITS_MAX  # exhausted: every client was refused
        assert limited.redeemed_quantity == len(live["LIMITED"]) == LIMITED_QUANTITY
        for client in clients:
            for redemption_id in client.redeemed:
                found = ledger.get_redemption(redemption_id)
                assert isinstance(found, Redemption), redemption_id
                rolled = redemption_id in client.rolled_back
                assert (found.status is RedemptionStatus.ROLLED_BACK) == rolled, redemption_id


@pytest.fixture
def store_url(schema: str) -> str:
    url = f"{database.dsn()}?schema={schema}&pool_max=8"
    seed(url)
    return url


@pytest.fixture
def instances(store_url: str) -> Iterator[list[Instance]]:
    started = start_instances(store_url, INSTANCES)
    try:
        yield started
    finally:
        for instance in started:
            instance.stop()


def _cluster_online() -> bool:
    found = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=False)
    return any(line.split()[:4] == [*CLUSTER, line.split()[2], "online"]
               for line in found.stdout.splitlines() if len(line.split()) >= 4)


def _pg_ctl(action: str) -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *CLUSTER, action],
                   check=True, capture_output=True, timeout=120)


class TestInstancesShareOneDatabase:
    def test_hot_cards_are_exhausted_exactly_with_rollbacks_mixed_in(self, store_url, instances):
        """No oversell, exactly the quantity, every acknowledged id stored."""
        clients = run_clients(instances, during=None)
        check(store_url, clients)

    def test_an_instance_killed_under_load_loses_nothing_acknowledged(self, store_url,
                                                                      instances):
        """SIGKILL one instance mid-run; its clients move on; the identities hold."""
        def kill_one() -> None:
            time.sleep(1.0)  # let the load build up; not a synchronisation
            instances[0].kill()

        clients = run_clients(instances, during=kill_one)
        assert not instances[0].alive
        check(store_url, clients)

    @pytest.mark.skipif(not _cluster_online(), reason="no local PostgreSQL 15 cluster to restart")
    def test_a_postgresql_restart_under_load_is_ridden_out(self, store_url, instances):
        """The server restarts mid-run: calls in flight come back UNAVAILABLE and are retried;
        new calls succeed once it is back; the identities hold."""
        def restart() -> None:
            time.sleep(1.0)  # let the load build up; not a synchronisation
            try:
                _pg_ctl("restart")
            finally:
                if not _cluster_online():
                    _pg_ctl("start")

        clients = run_clients(instances, during=restart)
        assert sum(client.retries for client in clients) > 0
        check(store_url, clients)

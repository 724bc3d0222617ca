"""What only the PostgreSQL store promises, beyond the contract suite: several instances
on one database, an outbox without gaps, migrations that do not race, and failures that
come back as retryable errors within their timeouts."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from redemption_core.adapters.postgresql import (
    SCHEMA_VERSION,
    PostgreSQLStore,
    SchemaTooNew,
    StoreSettings,
    StoreUnreachable,
)
from redemption_core.domain.model.errors import StoreBusy
from redemption_core.domain.model.events import EventType, LedgerEvent
from redemption_core.domain.model.voucher import Voucher, VoucherType
from redemption_core.domain.ports import UnitOfWork
from redemption_core.domain.use_cases.commands import (
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    VoucherInput,
)
from redemption_core.domain.use_cases.ledger import Ledger
from tests.contract import T0
from tests.postgresql import database
from tests.support.campaign_figures import campaign_history, kept_figures, scanned_figures


def event(number: int) -> LedgerEvent:
    return LedgerEvent(id=f"evred_{number:018x}", type=EventType.REDEMPTION_SUCCEEDED,
                       created_at=T0)


def gift_card(ledger: Ledger, code: str = "GIFT", amount: int = 5_000) -> None:
    ledger.create_voucher(VoucherInput(code=code, type=VoucherType.GIFT_VOUCHER,
                                       gift_amount=amount))


def spend(code: str, credits: int) -> RedeemCommand:
    return RedeemCommand(
        redeemables=(RedeemableInput(object=RedeemableKind.VOUCHER, id=code, credits=credits,
                                     gift_sent=True),),
        order=OrderInput(amount=credits),
    )


def run_together(count: int, action: Callable[[int], Any]) -> list[Any]:
    """Run `action(0..count-1)` on threads released together; results or exceptions."""
    start = threading.Barrier(count)
    results: list[Any] = [None] * count

    def runner(number: int) -> None:
        start.wait()
        try:
            results[number] = action(number)
        except Exception as error:  # returned for the assertions
            results[number] = error

    threads = [threading.Thread(target=runner, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


class TestOutboxOrder:
    def test_an_event_committed_late_with_an_earlier_start_is_not_skipped(self, open_store):
        """A writer that appended first but commits last still reaches a reader that has
        already read the later writer's event."""
        # given
        store = open_store()
        with store.unit_of_work() as slow:
            slow.append_event(event(1))
            store.transact(lambda uow: uow.append_event(event(2)))
            with store.unit_of_work() as reader:
                first = reader.events_after(0, 10)
            # when
            slow.commit()
        with store.unit_of_work() as reader:
            rest = reader.events_after(first[-1][0], 10)
        # then
        assert [(p, e.id) for p, e in first] == [(1, event(2).id)]
        assert [(p, e.id) for p, e in rest] == [(2, event(1).id)]

    def test_a_reader_following_concurrent_writers_sees_every_event_once(self, open_store):
        """Writers on two instances commit while a reader pages: positions 1..N, no hole,
        every committed event exactly once."""
        # given
        instances = [open_store(), open_store()]
        writers, per_writer = 6, 15
        done = threading.Event()
        seen: list[tuple[int, str]] = []

        def follow() -> None:
            last = 0
            while True:
                finished = done.is_set()
                with instances[1].unit_of_work() as uow:
                    page = uow.events_after(last, 50)
                seen.extend((p, e.id) for p, e in page)
                last = page[-1][0] if page else last
                if finished and not page:
                    return

        reader = threading.Thread(target=follow)
        reader.start()
        # when
        def write(number: int) -> None:
            for index in range(per_writer):
                instances[number % 2].transact(
                    lambda uow, n=number * 1000 + index: uow.append_event(event(n)))

        results = run_together(writers, write)
        done.set()
        reader.join()
        # then
        assert results == [None] * writers
        assert [p for p, _ in seen] == list(range(1, writers * per_writer + 1))
        assert len({i for _, i in seen}) == writers * per_writer


class TestWaitingForEvents:
    def test_a_waiter_wakes_when_another_instance_commits_an_event(self, open_store):
        """`wait_for_events` returns True once an event after the position commits."""
        # given
        waiter, writer = open_store(), open_store()
        started = threading.Event()
        woke: list[bool] = []

        def wait() -> None:
            started.set()
            woke.append(waiter.wait_for_events(0, timeout_s=30))

        thread = threading.Thread(target=wait)
        thread.start()
        started.wait()
        # when
        writer.transact(lambda uow: uow.append_event(event(1)))
        thread.join()
        # then
        assert woke == [True]

    def test_a_waiter_with_nothing_new_returns_false_after_its_timeout(self, open_store):
        """No event after the position: False."""
        store = open_store()
        store.transact(lambda uow: uow.append_event(event(1)))
        assert store.wait_for_events(1, timeout_s=0.2) is False
        assert store.wait_for_events(0, timeout_s=0.2) is True


class TestIdempotencyAcrossInstances:
    def test_two_first_attempts_with_one_key_through_two_instances_execute_once(
        self, open_store
    ):
        """Both callers get the same redemption; the card is charged once."""
        # given
        ledgers = [Ledger(open_store()), Ledger(open_store())]
        gift_card(ledgers[0], amount=5_000)
        for round_number in range(5):
            key = f"key-{round_number}"
            # when
            results = run_together(2, lambda n, key=key: ledgers[n].redeem(
                spend("GIFT", 100), idempotency_key=key))
            # then
            assert [type(r).__name__ for r in results] == ["RedeemResult"] * 2
            assert results[0].redemptions[0].id == results[1].redemptions[0].id
        card = ledgers[1].get_voucher("GIFT")
        assert card.gift is not None
        assert (card.gift.balance, card.redeemed_quantity) == (4_500, 5)


class TestHotCardAcrossInstances:
    @pytest.mark.parametrize("isolation", ["locking", "serializable"])
    def test_concurrent_spenders_on_two_instances_never_overspend(self, open_store, isolation):
        """12 callers spend 700 each from 5 000: exactly 7 succeed, the balance is 100."""
        # given
        ledgers = [Ledger(open_store(isolation=isolation)),
                   Ledger(open_store(isolation=isolation))]
        gift_card(ledgers[0], amount=5_000)
        # when
        results = run_together(12, lambda n: ledgers[n % 2].redeem(spend("GIFT", 700)))
        # then
        succeeded = [r for r in results if type(r).__name__ == "RedeemResult"]
        refused = [r for r in results if getattr(r, "code", None) == "gift_amount_exceeded"]
        assert (len(succeeded), len(refused)) == (7, 5), results
        card = ledgers[1].get_voucher("GIFT")
        assert card.gift is not None and card.gift.balance == 100


class TestMigrations:
    def test_instances_opening_a_new_schema_together_all_succeed(self, schema):
        """Four stores open one empty schema at once; each step is recorded once."""
        # when
        opened = run_together(4, lambda _: PostgreSQLStore(database.dsn(), schema=schema,
                                                            pool_min=1, pool_max=2))
        # then
        try:
            assert all(isinstance(item, PostgreSQLStore) for item in opened), opened
            with psycopg.connect(database.dsn()) as connection:
                rows = connection.execute(
                    f"SELECT version FROM {schema}.schema_migrations ORDER BY version"  # type: ignore[arg-type]
                ).fetchall()
            assert [row[0] for row in rows] == list(range(1, SCHEMA_VERSION + 1))
        finally:
            for item in opened:
                if isinstance(item, PostgreSQLStore):
                    item.close()

    def test_a_database_migrated_by_a_newer_release_is_refused(self, open_store, schema):
        """A recorded version above the code's: `SchemaTooNew`, nothing changed."""
        # given
        open_store().close()
        with psycopg.connect(database.dsn(), autocommit=True) as connection:
            connection.execute(
                f"INSERT INTO {schema}.schema_migrations (version, description) "  # type: ignore[arg-type]
                f"VALUES ({SCHEMA_VERSION + 1}, 'from the future')"
            )
        # when / then
        with pytest.raises(SchemaTooNew, match="newer than version"):
            PostgreSQLStore(database.dsn(), schema=schema)

    def test_migration_3_folds_the_stored_records_into_campaign_counters(
        self, open_store, schema
    ):
        """A schema-2 ledger (records referencing snapshots, orders as deltas) gets from
        migration 3 the very campaign counters the ledger kept as it wrote the records."""
        # given a history written by this release, its campaign counters then taken away
        store = open_store()
        campaigns = campaign_history(Ledger(store))
        with store.unit_of_work() as uow:
            before = {campaign: kept_figures(uow, campaign) for campaign in campaigns}
        store.close()
        with psycopg.connect(database.dsn(), autocommit=True) as connection:
            connection.execute(
                f"DELETE FROM {schema}.entities WHERE kind IN "  # type: ignore[arg-type]
                "('CampaignCounters', 'CampaignCustomerCounters')"
            )
            connection.execute(
                f"DELETE FROM {schema}.schema_migrations WHERE version = 3"  # type: ignore[arg-type]
            )

        # when a store opens the schema again (migration 3 runs)
        with open_store().unit_of_work() as uow:
            after = {campaign: kept_figures(uow, campaign) for campaign in campaigns}
            scanned = {campaign: scanned_figures(uow, campaign) for campaign in campaigns}

        # then the backfilled counters are the kept ones and the records' figures
        assert after == before == scanned
        assert all(figures[0] > 0 for figures in after.values())


class TestFailuresAreRetryable:
    def test_an_exhausted_pool_answers_store_busy_within_its_timeout(self, open_store):
        """Every connection held: the next caller gets `StoreBusy`, not a hang."""
        # given
        store = open_store(pool_min=2, pool_max=2, pool_timeout_ms=200)
        with store.unit_of_work() as first, store.unit_of_work() as second:
            assert first.get(Voucher, "v") is None and second.get(Voucher, "v") is None
            # when / then
            with pytest.raises(StoreBusy, match="no database connection free"):
                store.transact(lambda uow: uow.get(Voucher, "v"))

    def test_a_lock_held_past_the_lock_timeout_answers_store_busy(self, open_store):
        """One instance holds a card's row lock; the other gives up after lock_timeout."""
        # given
        holder, waiter = open_store(), open_store(lock_timeout_ms=200)
        gift_card(Ledger(holder))
        card_id = Ledger(holder).get_voucher("GIFT").id
        locked, release = threading.Event(), threading.Event()

        def hold(uow: UnitOfWork) -> None:
            uow.get(Voucher, card_id)
            locked.set()
            release.wait()

        thread = threading.Thread(target=holder.transact, args=(hold,))
        thread.start()
        locked.wait()
        # when / then
        try:
            with pytest.raises(StoreBusy, match="lock timeout"):
                waiter.transact(lambda uow: uow.get(Voucher, card_id))
        finally:
            release.set()
            thread.join()

    def test_an_unreachable_server_at_start_is_one_clear_error(self):
        """Nothing listens on the port: `StoreUnreachable` naming the server."""
        with pytest.raises(StoreUnreachable, match="port 1 failed"):
            PostgreSQLStore("postgresql://postgres@127.0.0.1:1/postgres", connect_timeout_ms=2000)


class TestSettings:
    def test_the_url_carries_the_stores_own_settings(self, schema):
        """`?schema=...&pool_max=...&isolation=...` reach the settings; libpq's stay in the URL."""
        url = f"{database.dsn()}?schema={schema}&pool_max=3&isolation=serializable"
        with PostgreSQLStore(url) as store:
            assert (store.settings.schema, store.settings.pool_max,
                    store.settings.isolation) == (schema, 3, "serializable")

    @pytest.mark.parametrize(("field", "value", "rule"), [
        ("schema", "Bad-Name", "lowercase SQL identifier"),
        ("pool_max", 1, "at least 2"),
        ("lock_timeout_ms", 0, "positive integer"),
        ("isolation", "dirty", "must be in"),
    ])
    def test_a_bad_setting_is_refused_naming_it(self, field, value, rule):
        """Settings are checked before anything connects."""
        with pytest.raises(ValueError, match=rule):
            StoreSettings(**{field: value})

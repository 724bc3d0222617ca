"""The store contract: what every store guarantees, checked once and run against each.

Goal: any store can replace any other under the ledger. Method: each test class is one
behaviour of the `Store`/`UnitOfWork` port (domain/ports.py), written against the port
only, and the `store`/`harness` fixtures run it on every store (tests/contract/conftest.py).
The last classes drive the `Ledger` itself on each store, reading results back through a
reopened store (a new instance on the same file, for SQLite).
"""

from __future__ import annotations

import threading
from typing import Any

import attrs
import pytest

from redemption_core import (
    CustomerInput,
    Ledger,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RollbackCommand,
    VoucherInput,
    VoucherType,
    errors,
)
from redemption_core.domain.model.campaign import PromotionTier
from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.model.events import EventType, LedgerEvent
from redemption_core.domain.model.redemption import (
    Channel,
    ChannelType,
    Redemption,
    RedemptionStatus,
    RelatedObjectType,
    RelatedRef,
    Result,
)
from redemption_core.domain.model.voucher import Voucher
from redemption_core.domain.ports import Store, StoreClosed, StoreConflict, UnitOfWork
from redemption_core.domain.read_side.activity import ActivityQuery
from redemption_core.domain.read_side.queries import Condition, FieldFilter, RecordQuery
from tests.contract import T0, StoreHarness, customer, successor, voucher


def add_committed(store: Store, *entities: Any) -> None:
    """Add `entities` in one committed unit of work."""
    with store.unit_of_work() as uow:
        for entity in entities:
            uow.add(entity)
        uow.commit()


def read(store: Store, kind: type[Any], entity_id: str) -> Any:
    with store.unit_of_work() as uow:
        return uow.get(kind, entity_id)


def event(number: int, holder: Customer | None = None) -> LedgerEvent:
    return LedgerEvent(
        id=f"evred_{number:018x}",
        type=EventType.REDEMPTION_SUCCEEDED,
        created_at=T0,
        customer=holder,
        activity_id=f"evcus_{number:018x}" if holder is not None else None,
    )


class TestAddAndGet:
    def test_an_added_entity_reads_back_equal_after_commit(self, store):
        """What a committed unit added comes back field for field."""
        # given
        added = voucher("v_1", campaign_id="camp_1")
        # when
        add_committed(store, added)
        # then
        assert read(store, Voucher, "v_1") == added

    def test_an_unknown_id_reads_as_nothing(self, store):
        """`get` of an id never stored is None, not an error."""
        # given / when
        found = read(store, Voucher, "v_missing")
        # then
        assert found is None

    def test_ids_are_scoped_by_kind(self, store):
        """A customer and a voucher may share an id; each kind sees only its own."""
        # given
        add_committed(store, customer("same"), voucher("same"))
        # when
        with store.unit_of_work() as uow:
            found = (uow.get(Customer, "same"), uow.get(Voucher, "same"))
        # then
        assert [type(entity) for entity in found] == [Customer, Voucher]


class TestFind:
    def test_finds_an_entity_by_its_unique_key(self, store):
        """`find` answers by a unique key (`Voucher.code`)."""
        # given
        add_committed(store, voucher("v_1", "CODE-1"), voucher("v_2", "CODE-2"))
        # when
        with store.unit_of_work() as uow:
            found = uow.find(Voucher, "code", "CODE-2")
        # then
        assert found is not None and found.id == "v_2"

    def test_an_absent_key_finds_nothing(self, store):
        """No entity has the key: None."""
        # given
        add_committed(store, voucher("v_1", "CODE-1"))
        # when
        with store.unit_of_work() as uow:
            found = uow.find(Voucher, "code", "CODE-9")
        # then
        assert found is None

    def test_a_changed_unique_key_is_found_only_under_its_new_value(self, store):
        """A replace that changes `source_id` moves the entity in the unique index."""
        # given
        before = customer("cust_1", source_id="alice")
        add_committed(store, before)
        # when
        with store.unit_of_work() as uow:
            uow.replace(successor(before, source_id="alicia"))
            uow.commit()
        # then
        with store.unit_of_work() as uow:
            assert uow.find(Customer, "source_id", "alice") is None
            assert uow.get(Customer, "cust_1") == uow.find(Customer, "source_id", "alicia")


class TestSelect:
    def test_returns_the_matching_entities_oldest_first(self, store):
        """`select` by an index key lists only matches, in the order they were added."""
        # given
        for number, campaign in enumerate(["camp_a", "camp_b", "camp_a", "camp_a"]):
            add_committed(store, voucher(f"v_{9 - number}", campaign_id=campaign))
        # when
        with store.unit_of_work() as uow:
            found = uow.select(Voucher, "campaign_id", "camp_a", 10)
        # then
        assert [entity.id for entity in found] == ["v_9", "v_7", "v_6"]

    def test_honours_the_limit(self, store):
        """At most `limit` entities, the oldest ones."""
        # given
        add_committed(store, *(voucher(f"v_{n}", campaign_id="camp_a") for n in range(5)))
        # when
        with store.unit_of_work() as uow:
            found = uow.select(Voucher, "campaign_id", "camp_a", 2)
        # then
        assert [entity.id for entity in found] == ["v_0", "v_1"]

    def test_the_units_own_additions_follow_the_committed_ones(self, store):
        """Staged entities are selected too, after everything already committed."""
        # given
        add_committed(store, voucher("v_old", campaign_id="camp_a"))
        # when
        with store.unit_of_work() as uow:
            uow.add(voucher("v_new", campaign_id="camp_a"))
            found = uow.select(Voucher, "campaign_id", "camp_a", 10)
        # then
        assert [entity.id for entity in found] == ["v_old", "v_new"]

    def test_an_index_value_changed_by_replace_moves_the_entity(self, store):
        """Publishing a voucher (new `holder_id`) moves it between holder lists."""
        # given
        card = voucher("v_1", holder_id="cust_a")
        add_committed(store, card)
        # when
        with store.unit_of_work() as uow:
            uow.replace(successor(card, holder_id="cust_b"))
            uow.commit()
        # then
        with store.unit_of_work() as uow:
            assert uow.select(Voucher, "holder_id", "cust_a", 10) == []
            assert [v.id for v in uow.select(Voucher, "holder_id", "cust_b", 10)] == ["v_1"]

    def test_an_index_value_cleared_by_replace_leaves_the_index(self, store):
        """A key set back to None is in no list."""
        # given
        card = voucher("v_1", holder_id="cust_a")
        add_committed(store, card)
        # when
        with store.unit_of_work() as uow:
            uow.replace(successor(card, holder_id=None))
            uow.commit()
        # then
        with store.unit_of_work() as uow:
            assert uow.select(Voucher, "holder_id", "cust_a", 10) == []

    def test_a_replaced_entity_keeps_its_place_in_the_order(self, store):
        """"Oldest first" is creation order: a new version does not make an entity younger."""
        # given
        first, second = voucher("v_1", campaign_id="c"), voucher("v_2", campaign_id="c")
        add_committed(store, first, second)
        # when
        with store.unit_of_work() as uow:
            uow.replace(successor(first, active=False))
            uow.commit()
        # then
        with store.unit_of_work() as uow:
            assert [v.id for v in uow.select(Voucher, "campaign_id", "c", 10)] == ["v_1", "v_2"]


class TestUniqueness:
    def test_a_duplicate_id_is_a_conflict(self, store):
        """Adding an id that exists raises `StoreConflict`."""
        # given
        add_committed(store, voucher("v_1", "CODE-1"))
        # when / then
        with store.unit_of_work() as uow, pytest.raises(StoreConflict):
            uow.add(voucher("v_1", "CODE-2"))

    def test_a_duplicate_id_in_the_same_unit_is_a_conflict(self, store):
        """Two adds of one id in one unit: the second raises."""
        # given
        with store.unit_of_work() as uow:
            uow.add(customer("cust_1"))
            # when / then
            with pytest.raises(StoreConflict):
                uow.add(customer("cust_1"))

    def test_a_duplicate_unique_key_is_a_conflict(self, store):
        """Another voucher with the same code raises `StoreConflict`."""
        # given
        add_committed(store, voucher("v_1", "SAME"))
        # when / then
        with store.unit_of_work() as uow, pytest.raises(StoreConflict):
            uow.add(voucher("v_2", "SAME"))

    def test_absent_unique_keys_never_clash(self, store):
        """Any number of customers may have no `source_id`."""
        # given / when
        add_committed(store, customer("cust_1"), customer("cust_2"))
        # then
        assert read(store, Customer, "cust_2") is not None

    def test_replacing_onto_a_taken_unique_key_is_a_conflict(self, store):
        """A new version may not take another entity's key."""
        # given
        first = customer("cust_1", source_id="alice")
        add_committed(store, first, customer("cust_2", source_id="bob"))
        # when / then
        with store.unit_of_work() as uow, pytest.raises(StoreConflict):
            uow.replace(successor(first, source_id="bob"))


class TestCompareAndSwap:
    def test_the_next_version_replaces_the_stored_one(self, store):
        """`replace` with version = stored + 1 is stored."""
        # given
        first = voucher("v_1")
        add_committed(store, first)
        # when
        with store.unit_of_work() as uow:
            uow.replace(successor(first, active=False))
            uow.commit()
        # then
        stored = read(store, Voucher, "v_1")
        assert (stored.version, stored.active) == (1, False)

    @pytest.mark.parametrize("version", [0, 2, 7])
    def test_any_other_version_is_a_conflict(self, store, version):
        """The same version or a skipped one means a lost race or a bug."""
        # given
        first = voucher("v_1")
        add_committed(store, first)
        # when / then
        with store.unit_of_work() as uow, pytest.raises(StoreConflict):
            uow.replace(successor(first, version=version))

    def test_replacing_an_unknown_entity_is_a_conflict(self, store):
        """There is no stored version to follow."""
        # given / when / then
        with store.unit_of_work() as uow, pytest.raises(StoreConflict):
            uow.replace(successor(voucher("v_missing")))

    def test_versions_chain_inside_one_unit(self, store):
        """A unit may replace its own new version again."""
        # given
        first = voucher("v_1")
        add_committed(store, first)
        # when
        with store.unit_of_work() as uow:
            second = successor(first, active=False)
            uow.replace(second)
            uow.replace(successor(second, active=True))
            uow.commit()
        # then
        assert read(store, Voucher, "v_1").version == 2

    def test_a_writer_holding_a_stale_version_loses(self, store):
        """Two writers start from version 0; the second to write gets `StoreConflict`."""
        # given
        first = voucher("v_1")
        add_committed(store, first)
        add_committed_replace = successor(first, active=False)
        with store.unit_of_work() as uow:
            uow.replace(add_committed_replace)
            uow.commit()
        # when / then
        with store.unit_of_work() as uow, pytest.raises(StoreConflict):
            uow.replace(successor(first, campaign_id="camp_late"))


class TestIsolation:
    def test_a_unit_reads_its_own_writes(self, store):
        """Staged adds and replaces are visible to get, find and select of the same unit."""
        # given
        card = voucher("v_1", "CODE-1", campaign_id="camp_a")
        # when
        with store.unit_of_work() as uow:
            uow.add(card)
            uow.replace(successor(card, holder_id="cust_a"))
            seen = (
                uow.get(Voucher, "v_1"),
                uow.find(Voucher, "code", "CODE-1"),
                list(uow.select(Voucher, "holder_id", "cust_a", 10)),
            )
        # then
        assert seen[0] == seen[1] == seen[2][0]
        assert seen[0] is not None and seen[0].version == 1

    def test_others_see_nothing_before_commit_and_everything_after(self, store):
        """A second unit reads only committed data."""
        # given
        with store.unit_of_work() as writer:
            writer.add(voucher("v_1"))
            # when
            with store.unit_of_work() as reader:
                before = reader.get(Voucher, "v_1")
            writer.commit()
        # then
        assert before is None
        assert read(store, Voucher, "v_1") is not None


class TestDiscard:
    def test_leaving_without_commit_writes_nothing(self, store):
        """No `commit()`, no rows."""
        # given / when
        with store.unit_of_work() as uow:
            uow.add(voucher("v_1"))
        # then
        assert read(store, Voucher, "v_1") is None

    def test_an_exception_inside_discards_and_propagates(self, store):
        """Leaving through an exception writes nothing and re-raises it."""
        # given / when
        with pytest.raises(LookupError), store.unit_of_work() as uow:
            uow.add(voucher("v_1"))
            raise LookupError("boom")
        # then
        assert read(store, Voucher, "v_1") is None

    def test_abort_discards_what_was_staged(self, store):
        """`abort()` is the unit's undo; a commit after it has nothing to write."""
        # given
        with store.unit_of_work() as uow:
            uow.add(voucher("v_1"))
            # when
            uow.abort()
        # then
        assert read(store, Voucher, "v_1") is None

    def test_committing_twice_is_refused(self, store):
        """A closed unit cannot commit again."""
        # given
        with store.unit_of_work() as uow:
            uow.add(voucher("v_1"))
            uow.commit()
            # when / then
            with pytest.raises(StoreClosed):
                uow.commit()


class TestTransact:
    def test_returns_the_works_result_and_commits_it(self, store):
        """What the work staged is committed; its return value comes back."""
        # given
        def work(uow: UnitOfWork) -> str:
            uow.add(voucher("v_1"))
            return "done"

        # when
        outcome = store.transact(work)
        # then
        assert outcome == "done"
        assert read(store, Voucher, "v_1") is not None

    def test_a_failing_work_writes_nothing_and_its_exception_propagates(self, store):
        """All or nothing: two adds, then a raise, leave no row."""
        # given
        def work(uow: UnitOfWork) -> None:
            uow.add(voucher("v_1"))
            uow.add(customer("cust_1"))
            raise ValueError("second thoughts")

        # when / then
        with pytest.raises(ValueError, match="second thoughts"):
            store.transact(work)
        assert read(store, Voucher, "v_1") is None
        assert read(store, Customer, "cust_1") is None

    def test_a_conflicting_write_discards_the_whole_work(self, store):
        """The `StoreConflict` of a stale replace reaches the caller; nothing is written."""
        # given
        first = voucher("v_1")
        add_committed(store, first)

        def work(uow: UnitOfWork) -> None:
            uow.add(customer("cust_1"))
            uow.replace(successor(first, version=5))

        # when / then
        with pytest.raises(StoreConflict):
            store.transact(work)
        assert read(store, Customer, "cust_1") is None

    def test_concurrent_callers_each_stay_all_or_nothing(self, store):
        """Many threads at once (a group commit may batch them): every failing work
        vanishes entirely, every succeeding work is written entirely."""
        # given
        callers, works = 8, 6
        start = threading.Barrier(callers)
        failures: list[BaseException] = []

        def caller(number: int) -> None:
            start.wait()
            for index in range(works):
                name = f"{number}_{index}"

                def work(uow: UnitOfWork, name: str = name, index: int = index) -> None:
                    uow.add(voucher(f"v_{name}"))
                    uow.add(customer(f"cust_{name}"))
                    if index % 2:
                        raise KeyError(name)

                try:
                    store.transact(work)
                except KeyError:
                    continue
                except BaseException as error:  # surfaced by the assertion below
                    failures.append(error)

        threads = [threading.Thread(target=caller, args=(n,)) for n in range(callers)]
        # when
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # then
        assert failures == []
        with store.unit_of_work() as uow:
            for number in range(callers):
                for index in range(works):
                    name = f"{number}_{index}"
                    present = (uow.get(Voucher, f"v_{name}") is not None,
                               uow.get(Customer, f"cust_{name}") is not None)
                    assert present == ((False, False) if index % 2 else (True, True)), name


class TestClosedStore:
    def test_a_closed_store_refuses_new_work(self, store):
        """After `close()`, units of work and transactions raise `StoreClosed`, which the
        Ledger never retries as a conflict."""
        # given
        store.close()
        # when / then
        with pytest.raises(StoreClosed), store.unit_of_work():
            pass
        with pytest.raises(StoreClosed):
            store.transact(lambda uow: None)
        assert not issubclass(StoreClosed, StoreConflict)


class TestEventOutbox:
    def test_committed_events_are_read_in_commit_order_with_positions(self, store):
        """Positions are 1, 2, 3 in commit order; `events_after` pages through them."""
        # given
        for number in (1, 2, 3):
            store.transact(lambda uow, number=number: uow.append_event(event(number)))
        # when
        with store.unit_of_work() as uow:
            page = uow.events_after(1, 10)
        # then
        assert [(position, item.id) for position, item in page] == [
            (2, event(2).id), (3, event(3).id)]

    def test_events_of_a_discarded_unit_never_appear(self, store):
        """An aborted unit leaves no event and no hole in the positions."""
        # given
        store.transact(lambda uow: uow.append_event(event(1)))
        with store.unit_of_work() as uow:
            uow.append_event(event(2))
        store.transact(lambda uow: uow.append_event(event(3)))
        # when
        with store.unit_of_work() as uow:
            page = uow.events_after(0, 10)
        # then
        assert [(position, item.id) for position, item in page] == [
            (1, event(1).id), (2, event(3).id)]

    def test_a_customers_activities_come_newest_first_after_the_cursor(self, store):
        """`customer_events` lists one customer's events, paged by activity id."""
        # given
        alice, bob = customer("cust_a"), customer("cust_b")
        for number, holder in enumerate([alice, bob, alice, alice], start=1):
            store.transact(lambda uow, n=number, h=holder: uow.append_event(event(n, h)))
        # when
        with store.unit_of_work() as uow:
            first = uow.customer_events("cust_a", ActivityQuery(limit=1))
            rest = uow.customer_events(
                "cust_a", ActivityQuery(limit=5, starting_after_id=first[0].activity_id))
        # then
        assert [item.id for item in first] == [event(4).id, event(3).id]
        assert [item.id for item in rest] == [event(3).id, event(1).id]


def gift_ledger(store: Store, amount: int = 5_000) -> Ledger:
    ledger = Ledger(store)
    ledger.create_voucher(
        VoucherInput(code="GIFT", type=VoucherType.GIFT_VOUCHER, gift_amount=amount)
    )
    return ledger


def use_gift(credits: int) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id="GIFT", credits=credits,
                           gift_sent=True)


def use(code: str) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id=code)


class TestLedgerOnEachStore:
    def test_a_redeemed_gift_card_balance_survives_a_reopen(self, harness: StoreHarness):
        """Redeem 1 200 of 5 000; a reopened store reads balance 3 800."""
        # given
        ledger = gift_ledger(harness.open())
        # when
        ledger.redeem(RedeemCommand(redeemables=(use_gift(1_200),), order=OrderInput(amount=9_000)))
        # then
        card = Ledger(harness.reopen()).get_voucher("GIFT")
        assert card.gift is not None
        spent = (card.gift.balance, card.redeemed_amount, card.redeemed_quantity)
        assert spent == (3_800, 1_200, 1)

    def test_a_stack_whose_second_item_fails_applies_nothing(self, harness: StoreHarness):
        """The gift card of a refused stack keeps its balance; only the failure is recorded."""
        # given
        ledger = gift_ledger(harness.open())
        ledger.create_voucher(VoucherInput(
            code="OFF", discount=Discount(type=DiscountType.AMOUNT, amount_off=100), active=False))
        command = RedeemCommand(redeemables=(use_gift(1_000), use("OFF")),
                                order=OrderInput(amount=9_000))
        # when
        with pytest.raises(errors.VoucherDisabled) as refused:
            ledger.redeem(command)
        # then
        reopened = Ledger(harness.reopen())
        card = reopened.get_voucher("GIFT")
        assert card.gift is not None
        assert (card.gift.balance, card.redeemed_quantity, card.version) == (5_000, 0, 0)
        record = reopened.get_redemption(refused.value.resource_id or "")
        assert isinstance(record, Redemption)
        assert record.status is RedemptionStatus.FAILED

    def test_a_stack_is_applied_whole_with_its_children_under_the_parent(self, harness):
        """Both items applied, the parent lists both children, each names the parent."""
        # given
        ledger = gift_ledger(harness.open())
        ledger.create_voucher(VoucherInput(
            code="OFF", discount=Discount(type=DiscountType.AMOUNT, amount_off=100)))
        command = RedeemCommand(redeemables=(use("OFF"), use_gift(1_000)),
                                order=OrderInput(amount=9_000))
        # when
        result = ledger.redeem(command)
        # then
        assert result.parent is not None
        with harness.reopen().unit_of_work() as uow:
            children = uow.select(Redemption, "parent_id", result.parent.id, 10)
        assert [child.id for child in children] == [child.id for child in result.redemptions]
        assert len(children) == 2

    def test_a_rollback_restores_the_balance_for_a_reopened_store(self, harness):
        """Redeem then roll back: the reopened store shows the full balance again."""
        # given
        ledger = gift_ledger(harness.open())
        done = ledger.redeem(RedeemCommand(redeemables=(use_gift(700),),
                                           order=OrderInput(amount=9_000)))
        # when
        ledger.rollback(RollbackCommand(redemption_id=done.redemptions[0].id))
        # then
        card = Ledger(harness.reopen()).get_voucher("GIFT")
        assert card.gift is not None
        assert (card.gift.balance, card.redeemed_quantity) == (5_000, 0)

    def test_listing_finds_a_vouchers_redemptions_newest_first(self, harness):
        """`query_records` filters by voucher code, pages, and counts every match."""
        # given
        ledger = gift_ledger(harness.open())
        done = [ledger.redeem(RedeemCommand(redeemables=(use_gift(100),),
                                            order=OrderInput(amount=9_000))).redemptions[0].id
                for _ in range(3)]
        query = RecordQuery(filters=(FieldFilter("voucher_code", Condition.IS, ("GIFT",)),),
                            limit=2)
        # when
        with harness.reopen().unit_of_work() as uow:
            page = uow.query_records(query)
        # then
        assert page.total == 3
        assert [record.id for record in page.records] == [done[2], done[1]]


def succeeded(entity_id: str = "r_1") -> Redemption:
    return Redemption(
        id=entity_id, date=T0, result=Result.SUCCESS, status=RedemptionStatus.SUCCEEDED,
        related_object_type=RelatedObjectType.VOUCHER, related_object_id="v_1",
        channel=Channel(channel_id="contract", channel_type=ChannelType.API),
        customer=customer(), metadata={"shop": "north"}, amount=300, voucher=voucher(),
    )


def snapshot_event(number: int, redemption: Redemption) -> LedgerEvent:
    return attrs.evolve(event(number, redemption.customer), redemption=redemption)


def rolled_back(redemption: Redemption) -> Redemption:
    return redemption.roll_back(RelatedRef("rr_1", T0), {"reason": "returned"})


class TestEventSnapshots:
    def test_an_event_reads_back_as_appended_after_its_redemption_is_rolled_back(self, harness):
        """The event keeps the SUCCEEDED snapshot although the record is ROLLED_BACK now."""
        # given
        store = harness.open()
        record = succeeded()
        appended = snapshot_event(1, record)

        def redeem(uow: UnitOfWork) -> None:
            uow.add(record)
            uow.append_event(appended)

        store.transact(redeem)
        # when
        store.transact(lambda uow: uow.replace(rolled_back(record)))
        # then
        with harness.reopen().unit_of_work() as uow:
            assert list(uow.events_after(0, 10)) == [(1, appended)]
            assert uow.get(Redemption, "r_1") == rolled_back(record)

    def test_an_event_holding_an_older_snapshot_than_the_unit_wrote_reads_back_as_appended(
        self, store
    ):
        """A snapshot older than the row (same unit) still comes back exactly."""
        # given
        record = succeeded()
        appended = snapshot_event(1, record)

        def redeem_and_undo(uow: UnitOfWork) -> None:
            uow.add(record)
            uow.replace(rolled_back(record))
            uow.append_event(appended)

        # when
        store.transact(redeem_and_undo)
        # then
        with store.unit_of_work() as uow:
            assert list(uow.events_after(0, 10)) == [(1, appended)]

    def test_ledger_events_keep_their_snapshots_through_a_rollback(self, harness):
        """Events read before a rollback read the same after it, from a reopened store."""
        # given
        ledger = gift_ledger(harness.open())
        done = ledger.redeem(RedeemCommand(redeemables=(use_gift(700),),
                                           order=OrderInput(amount=9_000), metadata={"a": 1}))
        with harness.reopen().unit_of_work() as uow:
            before = list(uow.events_after(0, 100))
        # when
        ledger.rollback(RollbackCommand(redemption_id=done.redemptions[0].id,
                                        metadata={"b": 2}))
        # then
        with harness.reopen().unit_of_work() as uow:
            after = list(uow.events_after(0, 100))
        assert after[: len(before)] == before
        statuses = [item.redemption.status for _, item in after if item.redemption is not None]
        assert statuses == [RedemptionStatus.SUCCEEDED, RedemptionStatus.ROLLED_BACK]


class TestNestedValues:
    def test_promotion_tiers_round_trip(self, store):
        """A kind with nested values (discount, validity) comes back equal."""
        # given
        tier = PromotionTier(id="promo_1", campaign_id="camp_1", name="Tier",
                             discount=Discount(type=DiscountType.AMOUNT, amount_off=250),
                             created_at=T0)
        # when
        add_committed(store, tier)
        # then
        with store.unit_of_work() as uow:
            assert list(uow.select(PromotionTier, "campaign_id", "camp_1", 5)) == [tier]


class TestActivityCursor:
    def test_a_cursor_that_is_not_the_customers_activity_is_refused(self, store: Store):
        """starting_after_id unknown, or another customer's: invalid_query_params, never a
        silent restart from the first page."""
        # given two customers with one activity each
        ledger = gift_ledger(store)
        for source_id in ("alice", "bob"):
            ledger.redeem(
                RedeemCommand(
                    redeemables=(use_gift(100),),
                    order=OrderInput(amount=1_000),
                    customer=CustomerInput(source_id=source_id),
                )
            )
        bobs = ledger.customer_activities("bob", ActivityQuery()).activities[0].activity_id
        assert bobs is not None
        # when / then
        for cursor in ("evcus_unknown", bobs):
            with pytest.raises(errors.InvalidQueryParams) as raised:
                ledger.customer_activities("alice", ActivityQuery(starting_after_id=cursor))
            assert raised.value.field == "starting_after_id"

"""What each activity is about, read for a whole page in a bounded number of store reads.

Goal: listing activities costs at most two store reads whatever the page's size (no read
per entry), and reads nothing when the events carry their records. Method: a card holder
who buys a coupon with points and has it rolled back (three reward activities), its reward
events turned into ones written before events carried their redemption, the reads counted
through a unit of work that tallies them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import attrs

from redemption_core.domain.model.events import EventType, LedgerEvent
from redemption_core.domain.read_side.activity import REWARD_EVENTS, ActivityQuery, records_of
from redemption_core.domain.use_cases.ledger import Ledger
from tests.api import Shop


class _Counting:
    def __init__(self, inner: Any, reads: list[str]) -> None:
        self._inner, self._reads = inner, reads

    def get(self, kind: type[Any], entity_id: str) -> Any:
        self._reads.append(f"get {kind.__name__}")
        return self._inner.get(kind, entity_id)

    def get_many(self, kind: type[Any], entity_ids: Sequence[str]) -> Mapping[str, Any]:
        self._reads.append(f"get_many {kind.__name__} x{len(entity_ids)}")
        return self._inner.get_many(kind, entity_ids)


def _events(shop: Shop) -> tuple[LedgerEvent, ...]:
    campaign_id, _ = shop.loyalty_program()
    shop.loyalty_card("CARD", 1000, campaign_id, holder="alice")
    coupons = shop.ok("POST", "/v1/campaigns", {
        "name": "Coupons", "campaign_type": "DISCOUNT_COUPONS",
        "voucher": {"type": "DISCOUNT_VOUCHER", "discount": {"type": "AMOUNT", "amount_off": 500}}})
    reward = shop.ok("POST", "/v1/rewards", {
        "name": "coupon", "parameters": {"campaign": {"id": coupons["id"]}}})
    shop.ok("POST", f"/v1/loyalties/{campaign_id}/rewards",
            [{"reward": reward["id"], "parameters": {"loyalty": {"points": 100}}}])
    bought = shop.ok("POST", f"/v1/loyalties/{campaign_id}/members/CARD/redemption",
                     {"reward": {"id": reward["id"]}})
    shop.ok("POST", f"/v1/redemptions/{bought['id']}/rollback", {})
    return _ledger(shop).customer_activities("alice", ActivityQuery(limit=100)).activities


def _ledger(shop: Shop) -> Ledger:
    ledger: Ledger = shop.api.ledger
    return ledger


def _older(event: LedgerEvent) -> LedgerEvent:
    if event.type in REWARD_EVENTS:
        return attrs.evolve(event, redemption=None, rollback=None)
    return event


class TestActivityRecords:
    def test_events_that_carry_their_records_read_nothing(self, shop: Shop) -> None:
        # given
        events = _events(shop)
        opened: list[str] = []

        @contextmanager
        def unit() -> Iterator[Any]:
            opened.append("unit")
            with _ledger(shop).store.unit_of_work() as uow:
                yield uow

        # when
        found = records_of(events, unit)
        # then
        assert opened == []
        assert [item.redemption for item in found] == [event.redemption for event in events]

    def test_older_reward_events_are_read_in_two_batches(self, shop: Shop) -> None:
        # given every reward event twice over, as written before events carried records
        events = _events(shop)
        rewards = [event for event in events if event.type in REWARD_EVENTS]
        assert any(event.type is EventType.REWARD_REDEMPTION_ROLLED_BACK for event in rewards)
        older = [_older(event) for event in (*events, *rewards)]
        reads: list[str] = []

        @contextmanager
        def unit() -> Iterator[Any]:
            with _ledger(shop).store.unit_of_work() as uow:
                yield _Counting(uow, reads)

        # when
        found = records_of(older, unit)
        # then two reads, and the records are the ones the events had carried
        assert [read.split(" x")[0] for read in reads] == [
            "get_many Redemption", "get_many RedemptionRollback",
        ]
        for event, item in zip((*events, *rewards), found, strict=True):
            assert item.event.id == event.id
            assert _id(item.redemption) == _id(event.redemption)
            assert _id(item.rollback) == _id(event.rollback)


def _id(record: Any) -> str | None:
    return record.id if record is not None else None

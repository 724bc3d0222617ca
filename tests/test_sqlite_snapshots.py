"""Records of facts on SQLite: the states a record saw are stored once and referenced.

Method: a real store on a temporary file, written through the JSON API, then read back by a
second store on the same file (a new process's view: nothing trusted, every row decoded
and every reference expanded), compared with what the first answers said. Damage done to
a snapshot behind the store is refused on read, naming the row that references it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from redemption_core import errors
from redemption_core.adapters.json.api import JsonApi
from redemption_core.adapters.sqlite import CorruptRow, SQLiteStore
from redemption_core.adapters.sqlite.unit_of_work import SQLiteUnitOfWork
from redemption_core.domain.model.order import Order
from redemption_core.domain.model.redemption import Redemption
from redemption_core.domain.ports.clock import SteppingClock
from redemption_core.domain.ports.ids import SequentialIds
from redemption_core.domain.use_cases.ledger import Ledger

START = datetime(2026, 1, 1, tzinfo=UTC)


def _api(store: SQLiteStore) -> JsonApi:
    return JsonApi(Ledger(store, clock=SteppingClock(START), ids=SequentialIds()))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "snapshots.db"


@pytest.fixture
def answers(path: Path) -> dict[str, Any]:
    """Given a gift card with 5 000, redeemed twice by two customers on two orders."""
    store = SQLiteStore(path)
    try:
        api = _api(store)
        assert api.call("POST", "/v1/vouchers/GIFT", {},
                        {"type": "GIFT_VOUCHER", "gift": {"amount": 5000}}).status == 200
        shown: dict[str, Any] = {}
        for index, credits in enumerate((2000, 1000)):
            answer = api.call("POST", "/v1/redemptions", {}, {
                "redeemables": [{"object": "voucher", "id": "GIFT", "gift": {"credits": credits}}],
                "order": {"source_id": f"order-{index}", "amount": 9000},
                "customer": {"source_id": f"customer-{index}", "name": "A Customer"},
            })
            assert answer.status == 200, answer.body
            record = answer.body["redemptions"][0]
            shown[record["id"]] = record
        return shown
    finally:
        store.close()


@pytest.fixture
def activity(path: Path, answers: dict[str, Any]) -> dict[str, Any]:
    """What the writing process showed of each customer's activity."""
    store = SQLiteStore(path)
    try:
        api = _api(store)
        return {
            customer: api.call("GET", f"/v1/customers/{customer}/activity", {}, None).body
            for customer in ("customer-0", "customer-1")
        }
    finally:
        store.close()


@pytest.fixture
def reopened(path: Path, answers: dict[str, Any]) -> Iterator[JsonApi]:
    store = SQLiteStore(path)
    try:
        yield _api(store)
    finally:
        store.close()


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _change(path: Path, sql: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute(sql)
        connection.commit()
    finally:
        connection.close()


def _refused_on_read(path: Path, kind: type[Any], entity_id: str) -> str:
    """What a new reader says when it refuses the row `entity_id` of `kind`."""
    store = SQLiteStore(path)
    try:
        with store.unit_of_work() as uow, pytest.raises(CorruptRow) as failed:
            uow.get(kind, entity_id)
    finally:
        store.close()
    return str(failed.value)


class TestRecordsReferenceWhatTheySaw:
    def test_a_new_reader_shows_every_redemption_as_it_was_answered(
        self, answers: dict[str, Any], reopened: JsonApi
    ) -> None:
        """Then each redemption reads back field for field, the voucher's balance at the
        time included (3 000, then 2 000), although the card has moved on since."""
        for record_id, first in answers.items():
            again = reopened.call("GET", f"/v1/redemptions/{record_id}", {}, None)
            assert again.status == 200
            assert json.dumps(again.body, sort_keys=True) == json.dumps(first, sort_keys=True)
        balances = [record["voucher"]["gift"]["balance"] for record in answers.values()]
        assert balances == [3000, 2000]

    def test_an_event_keeps_the_order_before_as_a_delta_of_the_order_after(
        self, path: Path, activity: dict[str, Any], reopened: JsonApi
    ) -> None:
        """The order before a redemption differs from the order after it by a few fields:
        its event stores those and reads back the same activity in a new reader."""
        bodies = [json.loads(body) for (body,) in _rows(path, "SELECT body FROM events")]
        before = [body["previous_order"] for body in bodies if "previous_order" in body]
        assert before and all("$snap" in each and "$drop" in each for each in before)
        for customer, shown in activity.items():
            again = reopened.call("GET", f"/v1/customers/{customer}/activity", {}, None)
            assert again.body == shown
            assert again.body["data"]

    def test_the_voucher_definition_is_stored_once_for_all_its_redemptions(
        self, path: Path, answers: dict[str, Any]
    ) -> None:
        """Only the counters move with each redemption; the definition is one snapshot."""
        bodies = [body for (body,) in _rows(path, "SELECT body FROM redemptions")]
        voucher_refs = {json.loads(body)["voucher"]["$snap"] for body in bodies}
        assert len(bodies) == 2
        assert len(voucher_refs) == 1
        stored = _rows(path, "SELECT count(*) FROM snapshots WHERE body LIKE '%\"GIFT\"%'")
        assert stored == [(1,)]

    def test_the_order_row_and_the_redemption_share_one_text(
        self, path: Path, answers: dict[str, Any]
    ) -> None:
        """The order a redemption priced is the order row: one snapshot, two references."""
        orders = {json.loads(body)["$snap"] for (body,) in _rows(path, "SELECT body FROM orders")}
        priced = {
            json.loads(body)["order"]["$snap"]
            for (body,) in _rows(path, "SELECT body FROM redemptions")
        }
        assert priced == orders

    def test_a_snapshot_changed_behind_the_store_is_refused(
        self, path: Path, answers: dict[str, Any]
    ) -> None:
        """A snapshot's text must match its digest: a changed one fails naming the row."""
        record_id = next(iter(answers))
        _change(path, "UPDATE snapshots SET body = replace(body, '9000', '9900')")
        failed = _refused_on_read(path, Redemption, record_id)
        assert record_id in failed
        assert "does not match its digest" in failed

    def test_a_missing_snapshot_is_refused(self, path: Path, answers: dict[str, Any]) -> None:
        record_id = next(iter(answers))
        _change(path, "DELETE FROM snapshots")
        failed = _refused_on_read(path, Redemption, record_id)
        assert "is not stored" in failed

    def test_an_order_row_pointing_at_another_orders_snapshot_is_refused(
        self, path: Path, answers: dict[str, Any]
    ) -> None:
        """A shared row's snapshot names its own id: swapping two rows' bodies is caught."""
        first, second = (record["order"]["id"] for record in answers.values())
        _change(path, "UPDATE orders SET body = (SELECT body FROM orders WHERE id = "
                      f"'{second}') WHERE id = '{first}'")
        failed = _refused_on_read(path, Order, first)
        assert f"not of {first!r}" in failed


class TestASnapshotTheStoreCannotRead:
    @pytest.mark.parametrize("kind", [Redemption, Order])
    def test_the_store_error_is_raised_as_itself_not_as_a_corrupt_row(
        self, path: Path, answers: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
        kind: type[Any],
    ) -> None:
        """Given the database busy while a new reader follows a reference, when it reads a
        redemption (a reference inside the body) or an order row (the body is one), then
        the caller gets StoreBusy, which it may retry, and the row is not called corrupt.
        (PostgreSQL restarting under load showed this: a `CorruptRow`, so INTERNAL.)"""
        record = next(iter(answers.values()))
        entity_id = record["id"] if kind is Redemption else record["order"]["id"]

        def busy(self: SQLiteUnitOfWork, digest: bytes) -> str | None:
            raise errors.StoreBusy("reading a snapshot: the database is busy")

        store = SQLiteStore(path)
        monkeypatch.setattr(SQLiteUnitOfWork, "_snapshot_text", busy)
        try:
            with store.unit_of_work() as uow, pytest.raises(errors.StoreBusy):
                uow.get(kind, entity_id)
        finally:
            store.close()


def test_metadata_keys_like_a_reference_are_data(path: Path) -> None:
    """Given metadata whose keys are `$snap` and `$drop`, a new reader shows them as
    written: references are resolved only where the class holds a snapshot."""
    odd = {"$snap": "not-a-digest", "$drop": ["x"], "nested": {"$snap": 1}}
    store = SQLiteStore(path)
    try:
        api = _api(store)
        created = api.call("POST", "/v1/vouchers/ODD", {},
                           {"type": "GIFT_VOUCHER", "gift": {"amount": 100}, "metadata": odd})
        assert created.status == 200, created.body
        redeemed = api.call("POST", "/v1/redemptions", {}, {
            "redeemables": [{"object": "voucher", "id": "ODD", "gift": {"credits": 10}}],
            "order": {"source_id": "odd-order", "amount": 50, "metadata": odd},
            "customer": {"source_id": "odd-customer", "metadata": odd},
            "metadata": odd,
        })
        assert redeemed.status == 200, redeemed.body
        record = redeemed.body["redemptions"][0]
    finally:
        store.close()

    store = SQLiteStore(path)
    try:
        again = _api(store).call("GET", f"/v1/redemptions/{record['id']}", {}, None)
    finally:
        store.close()

    assert again.status == 200, again.body
    assert again.body == record
    assert again.body["metadata"] == odd
    assert again.body["order"]["metadata"] == odd
    assert again.body["voucher"]["metadata"] == odd

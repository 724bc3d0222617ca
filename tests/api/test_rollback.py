"""Rollbacks through the JSON API: every row of DOMAIN.md 6.2, on both endpoints.

Method: each row of the "What can be rolled back" table is a test class; where the table
gives both endpoints the same outcome, the test is parametrized over
`POST /v1/redemptions/{id}/rollback` and `POST /v1/redemptions/{id}/rollbacks`. A refused
rollback must leave the target and every balance as they were (compared through GET
snapshots) and, where DOMAIN.md or docs/decisions.md says so, record an `rrf_` attempt that
GET returns. Successful rollbacks assert the effects of 9.6 and 6.3 and the documented
RedemptionRollback shape. The query parameters `reason` and `tracking_id` are checked last,
including assumption A8 (the body wins).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from redemption_core.adapters.json.api import Response
from redemption_core.domain.model.redemption import RollbackOrderMode
from redemption_core.domain.ports.clock import SteppingClock
from tests.api import ISO_MILLISECONDS_Z, JSON, Shop, is_id

ENDPOINTS = ("rollback", "rollbacks")


def _rollback(
    shop: Shop, endpoint: str, redemption_id: str, body: Any = None, query: Any = None
) -> Response:
    return shop.call("POST", f"/v1/redemptions/{redemption_id}/{endpoint}", body or {}, query)


def _gift_redemption(shop: Shop, customer: str = "alice", order: str = "o-1") -> JSON:
    """Alice pays 20.00 of a 100.00 order with a 50.00 gift card; the one redemption."""
    shop.gift_card("GIFT-A", 5000)
    result = shop.redeemed(
        shop.use_gift("GIFT-A", 2000), amount=10000, customer=customer, order_source_id=order
    )
    redemption: JSON = result["redemptions"][0]
    return redemption


def _stack(shop: Shop) -> JSON:
    """The worked example of DOMAIN.md 14: SAVE10 and GIFT-A (2000) on an order of 10000."""
    shop.percent_voucher("SAVE10", 10, quantity=1)
    shop.gift_card("GIFT-A", 5000)
    result: JSON = shop.redeemed(
        shop.use("SAVE10"), shop.use_gift("GIFT-A", 2000), amount=10000, order_source_id="o-1"
    )
    return result


def _state(shop: Shop, *redemption_ids: str) -> tuple[object, ...]:
    """Everything a refused rollback must leave as it was: the cards and the redemptions."""
    return (shop.snapshot("GIFT-A"), *(shop.redemption(each) for each in redemption_ids))


class TestRollbackSingleRedemption:
    def test_the_single_endpoint_returns_one_redemption_rollback(self, shop: Shop) -> None:
        """`/rollback` of a succeeded single redemption: one `rr_` with a negative amount."""
        # given alice's gift card redemption of 20.00
        redemption = _gift_redemption(shop)

        # when it is rolled back with a reason
        rollback = shop.ok(
            "POST", f"/v1/redemptions/{redemption['id']}/rollback", {"reason": "refund"}
        )

        # then the rollback is the documented object and returns the credits
        assert is_id("rr", rollback["id"])
        assert rollback["object"] == "redemption_rollback"
        assert ISO_MILLISECONDS_Z.fullmatch(rollback["date"])
        assert rollback["redemption"] == redemption["id"]
        assert (rollback["result"], rollback["status"]) == ("SUCCESS", "SUCCEEDED")
        assert rollback["reason"] == "refund"
        assert rollback["amount"] == -2000
        assert rollback["gift"] == {"amount": -2000}
        assert rollback["customer_id"] == redemption["customer_id"]
        assert rollback["related_object_type"] == "voucher"
        assert rollback["order"]["status"] == "CANCELED"
        assert rollback["order"]["total_amount"] == 10000
        entry = rollback["order"]["redemptions"][redemption["id"]]
        assert (entry["rollback_id"], entry["rollback_date"]) == (rollback["id"], rollback["date"])
        assert shop.voucher("GIFT-A")["gift"]["balance"] == 5000

    def test_the_target_becomes_rolled_back_and_lists_the_rollback(self, shop: Shop) -> None:
        """After the rollback GET shows `ROLLED_BACK`, `result` still SUCCESS."""
        # given a rolled-back redemption
        redemption = _gift_redemption(shop)
        rollback = shop.ok("POST", f"/v1/redemptions/{redemption['id']}/rollback", {})

        # when both are read back
        target = shop.redemption(redemption["id"])
        stored = shop.redemption(rollback["id"])

        # then
        assert (target["result"], target["status"]) == ("SUCCESS", "ROLLED_BACK")
        assert target["related_redemptions"]["rollbacks"] == [
            {"id": rollback["id"], "date": rollback["date"], "rollback_order_mode": "WITH_ORDER"}
        ]
        assert stored["object"] == "redemption_rollback"
        assert stored["id"] == rollback["id"]
        assert stored["amount"] == -2000

    def test_the_stacked_endpoint_returns_one_rollback_and_no_parent(self, shop: Shop) -> None:
        """`/rollbacks` of a single redemption: `rollbacks: [one]`, `parent_rollback: null` (A9)."""
        # given alice's gift card redemption
        redemption = _gift_redemption(shop)

        # when it is rolled back through the stacked endpoint
        result = shop.ok("POST", f"/v1/redemptions/{redemption['id']}/rollbacks", {})

        # then
        [rollback] = result["rollbacks"]
        assert result["parent_rollback"] is None
        assert is_id("rr", rollback["id"])
        assert rollback["redemption"] == redemption["id"]
        assert rollback["amount"] == -2000
        assert result["order"]["status"] == "CANCELED"
        assert shop.voucher("GIFT-A")["gift"]["balance"] == 5000

    def test_a_discount_voucher_gets_its_use_back(self, shop: Shop) -> None:
        """Rolling back a discount voucher's redemption restores `redeemed_quantity`."""
        # given a voucher usable once, used
        shop.discount_voucher("ONCE", 1000, quantity=1)
        [redemption] = shop.redeemed(shop.use("ONCE"))["redemptions"]

        # when it is rolled back
        rollback = shop.ok("POST", f"/v1/redemptions/{redemption['id']}/rollback", {})

        # then the use is back and the voucher redeems again
        assert rollback["amount"] is None
        assert shop.voucher("ONCE")["redemption"]["redeemed_quantity"] == 0
        assert shop.redeem(shop.use("ONCE")).status == 200

    def test_a_loyalty_card_gets_its_points_back(self, shop: Shop) -> None:
        """Rolling back pay-with-points returns the points: `loyalty_card.points` negative."""
        # given alice paid with 30 points
        campaign_id, reward_id = shop.loyalty_program()
        shop.loyalty_card("CARD", 5000, campaign_id, holder="alice")
        [redemption] = shop.redeemed(shop.use_points("CARD", reward_id, 30))["redemptions"]

        # when it is rolled back
        rollback = shop.ok("POST", f"/v1/redemptions/{redemption['id']}/rollback", {})

        # then
        assert rollback["amount"] == -30
        assert rollback["loyalty_card"] == {"points": -30}
        card = shop.voucher("CARD")
        assert card["loyalty_card"]["balance"] == 5000
        assert card["redemption"]["redeemed_points"] == 0


class TestRollbackParent:
    def test_the_single_endpoint_refuses_a_parent(self, shop: Shop) -> None:
        """`/rollback` of a parent: 400 `invalid_redemption`, nothing recorded or changed."""
        # given the worked example's stack
        stack = _stack(shop)
        parent_id = stack["parent_redemption"]["id"]
        before = _state(shop, parent_id)

        # when the parent is rolled back through the single endpoint
        error = _rollback(shop, "rollback", parent_id).body

        # then
        assert error["key"] == "invalid_redemption"
        assert "resource_id" not in error
        assert _state(shop, parent_id) == before

    def test_the_stacked_endpoint_rolls_back_every_child(self, shop: Shop) -> None:
        """`/rollbacks` of a parent: one rollback per child plus the parent rollback."""
        # given the worked example's stack
        stack = _stack(shop)
        parent_id = stack["parent_redemption"]["id"]
        save_id, gift_id = (child["id"] for child in stack["redemptions"])

        # when it is rolled back
        result = shop.ok("POST", f"/v1/redemptions/{parent_id}/rollbacks", {"reason": "refund"})

        # then each child has its rollback and the parent its own
        save, gift = result["rollbacks"]
        assert (save["redemption"], gift["redemption"]) == (save_id, gift_id)
        assert save["amount"] is None
        assert (gift["amount"], gift["gift"]) == (-2000, {"amount": -2000})
        assert {save["reason"], gift["reason"]} == {"refund"}
        parent = result["parent_rollback"]
        assert is_id("rr", parent["id"])
        assert parent["redemption"] == parent_id
        assert parent["related_object_type"] == "redemption"
        # and the order is restored and remembers the rollbacks
        order = result["order"]
        assert (order["status"], order["total_amount"], order["discount_amount"]) == (
            "CANCELED",
            10000,
            0,
        )
        entry = order["redemptions"][parent_id]
        assert entry["rollback_id"] == parent["id"]
        assert entry["rollback_stacked"] == [save["id"], gift["id"]]
        # and every effect is undone
        assert shop.voucher("SAVE10")["redemption"]["redeemed_quantity"] == 0
        assert shop.voucher("GIFT-A")["gift"]["balance"] == 5000
        statuses = {shop.redemption(each)["status"] for each in (parent_id, save_id, gift_id)}
        assert statuses == {"ROLLED_BACK"}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
class TestRollbackChild:
    def test_a_child_is_refused(self, shop: Shop, endpoint: str) -> None:
        """A child (it has a parent): 400 `invalid_redemption_parent` on both endpoints."""
        # given the worked example's stack
        stack = _stack(shop)
        child_id = stack["redemptions"][1]["id"]
        before = _state(shop, child_id, stack["parent_redemption"]["id"])

        # when the gift card's child is rolled back on its own
        error = _rollback(shop, endpoint, child_id).body

        # then nothing is recorded and nothing changes
        assert error["key"] == "invalid_redemption_parent"
        assert stack["parent_redemption"]["id"] in error["details"]
        assert "resource_id" not in error
        assert _state(shop, child_id, stack["parent_redemption"]["id"]) == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
class TestRollbackAlreadyRolledBack:
    def test_a_second_rollback_is_refused_and_recorded(self, shop: Shop, endpoint: str) -> None:
        """Already rolled back: 400 `already_rolled_back` with an `rrf_` that GET returns."""
        # given a rolled-back redemption
        redemption = _gift_redemption(shop)
        _rollback(shop, "rollback", redemption["id"])
        before = _state(shop, redemption["id"])

        # when it is rolled back again
        error = _rollback(shop, endpoint, redemption["id"]).body

        # then the failed attempt is recorded and nothing is returned twice
        assert error["key"] == "already_rolled_back"
        assert error["resource_type"] == "redemption_rollback"
        assert is_id("rrf", error["resource_id"])
        failed = shop.redemption(error["resource_id"])
        assert failed["object"] == "redemption_rollback"
        assert (failed["result"], failed["status"]) == ("FAILURE", "FAILED")
        assert failed["failure_code"] == "already_rolled_back"
        assert failed["redemption"] == redemption["id"]
        assert _state(shop, redemption["id"]) == before
        assert shop.voucher("GIFT-A")["gift"]["balance"] == 5000


@pytest.mark.parametrize("endpoint", ENDPOINTS)
class TestConcurrentRollback:
    def test_two_rollbacks_at_once_return_the_credits_once(self, shop: Shop, endpoint: str) -> None:
        """Concurrent rollbacks of one redemption: one succeeds, the other is a 400.

        DOMAIN.md 6.2 names `multiple_requests` for a truly concurrent attempt; the memory store
        serializes units of work, so the loser sees the redemption rolled back already and
        gets `already_rolled_back`. Either key is a refusal; the credits come back once.
        """
        # given alice's gift card redemption
        redemption = _gift_redemption(shop)
        start = threading.Barrier(2)
        responses: list[Response] = []

        def roll_back() -> None:
            start.wait()
            responses.append(_rollback(shop, endpoint, redemption["id"]))

        # when two threads roll it back at the same moment
        threads = [threading.Thread(target=roll_back) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        # then exactly one succeeded
        statuses = sorted(response.status for response in responses)
        assert statuses == [200, 400]
        [refused] = [response.body for response in responses if response.status == 400]
        assert refused["key"] in ("already_rolled_back", "multiple_requests")
        assert shop.voucher("GIFT-A")["gift"]["balance"] == 5000


@pytest.mark.parametrize("endpoint", ENDPOINTS)
class TestRollbackTooOld:
    def test_a_redemption_older_than_three_months_is_refused(
        self, shop: Shop, clock: SteppingClock, endpoint: str
    ) -> None:
        """Older than 3 months: 400 `invalid_rollback_params` (A6), `rrf_` recorded."""
        # given a redemption of 1 January, and it is now 2 April
        redemption = _gift_redemption(shop)
        clock.advance(timedelta(days=91))
        before = _state(shop, redemption["id"])

        # when it is rolled back
        error = _rollback(shop, endpoint, redemption["id"]).body

        # then
        assert error["key"] == "invalid_rollback_params"
        assert is_id("rrf", error["resource_id"])
        assert shop.redemption(error["resource_id"])["failure_code"] == "invalid_rollback_params"
        assert _state(shop, redemption["id"]) == before

    def test_a_redemption_within_three_months_is_rolled_back(
        self, shop: Shop, clock: SteppingClock, endpoint: str
    ) -> None:
        """Just inside the window (30 March for a 1 January redemption) the rollback works."""
        # given a redemption of 1 January, and it is now 30 March
        redemption = _gift_redemption(shop)
        clock.advance(timedelta(days=88))

        # when it is rolled back
        response = _rollback(shop, endpoint, redemption["id"])

        # then
        assert response.status == 200, response.body
        assert shop.voucher("GIFT-A")["gift"]["balance"] == 5000


@pytest.mark.parametrize("endpoint", ENDPOINTS)
class TestRollbackFailedRedemption:
    def test_a_failed_redemption_is_refused_without_a_record(
        self, shop: Shop, endpoint: str
    ) -> None:
        """An `rf_` target: 400 `invalid_redemption` (A5), nothing recorded."""
        # given a failed redemption
        shop.discount_voucher("OFF", 500, active=False)
        failed_id = shop.redeem(shop.use("OFF")).body["resource_id"]
        before = shop.redemption(failed_id)

        # when it is rolled back
        error = _rollback(shop, endpoint, failed_id).body

        # then
        assert error["key"] == "invalid_redemption"
        assert "resource_id" not in error
        assert shop.redemption(failed_id) == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
class TestRollbackUnknownRedemption:
    def test_an_unknown_id_is_not_found(self, shop: Shop, endpoint: str) -> None:
        """An id that does not exist: 404 `not_found`, `resource_type: redemption` (A7)."""
        # given / when
        response = _rollback(shop, endpoint, "r_000000000000000999")

        # then
        assert response.status == 404
        assert response.body["key"] == "not_found"
        assert response.body["resource_type"] == "redemption"
        assert response.body["resource_id"] == "r_000000000000000999"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
class TestRollbackCustomer:
    def test_another_customer_is_refused(self, shop: Shop, endpoint: str) -> None:
        """Body `customer` not the redemption's: 400 `invalid_customer`, `rrf_` recorded."""
        # given alice's redemption, and bob exists
        redemption = _gift_redemption(shop)
        shop.discount_voucher("BOB", 100)
        shop.redeemed(shop.use("BOB"), customer="bob")
        before = _state(shop, redemption["id"])

        # when bob rolls it back
        error = _rollback(shop, endpoint, redemption["id"], {"customer": {"source_id": "bob"}}).body

        # then
        assert error["key"] == "invalid_customer"
        assert is_id("rrf", error["resource_id"])
        assert _state(shop, redemption["id"]) == before

    def test_an_unknown_customer_id_is_not_found(self, shop: Shop, endpoint: str) -> None:
        """Body `customer.id` that does not exist: 404 `not_found`, `resource_type: customer`."""
        # given alice's redemption
        redemption = _gift_redemption(shop)
        before = _state(shop, redemption["id"])

        # when it is rolled back naming an unknown customer id
        response = _rollback(shop, endpoint, redemption["id"], {"customer": {"id": "cust_nope"}})

        # then
        assert response.status == 404
        assert response.body["resource_type"] == "customer"
        assert response.body["resource_id"] == "cust_nope"
        assert _state(shop, redemption["id"]) == before

    def test_the_redemptions_own_customer_is_accepted(self, shop: Shop, endpoint: str) -> None:
        """Body `customer` identifying the redemption's customer: the rollback succeeds."""
        # given alice's redemption
        redemption = _gift_redemption(shop)

        # when alice rolls it back
        response = _rollback(shop, endpoint, redemption["id"], {"customer": {"source_id": "alice"}})

        # then
        assert response.status == 200, response.body
        assert shop.voucher("GIFT-A")["gift"]["balance"] == 5000


@pytest.mark.parametrize("endpoint", ENDPOINTS)
class TestRollbackOrder:
    def test_another_order_is_refused(self, shop: Shop, endpoint: str) -> None:
        """Body `order` not the redemption's: 400 `invalid_order`, nothing changed."""
        # given alice's redemption on order o-1, and an order o-2
        redemption = _gift_redemption(shop, order="o-1")
        shop.discount_voucher("OTHER", 100)
        shop.redeemed(shop.use("OTHER"), order_source_id="o-2")
        before = _state(shop, redemption["id"])

        # when it is rolled back naming o-2
        error = _rollback(shop, endpoint, redemption["id"], {"order": {"source_id": "o-2"}}).body

        # then
        assert error["key"] == "invalid_order"
        assert _state(shop, redemption["id"]) == before

    def test_the_redemptions_own_order_is_accepted(self, shop: Shop, endpoint: str) -> None:
        """Body `order` naming the redemption's order: the rollback succeeds."""
        # given alice's redemption on order o-1
        redemption = _gift_redemption(shop, order="o-1")

        # when it is rolled back naming o-1
        response = _rollback(shop, endpoint, redemption["id"], {"order": {"source_id": "o-1"}})

        # then
        assert response.status == 200, response.body


class TestRollbackQueryParameters:
    def test_the_reason_may_come_from_the_query(self, shop: Shop) -> None:
        """`?reason=` is stored on the rollback when the body has none."""
        # given alice's redemption
        redemption = _gift_redemption(shop)

        # when it is rolled back with a query reason
        rollback = shop.ok(
            "POST", f"/v1/redemptions/{redemption['id']}/rollback", {}, {"reason": "late"}
        )

        # then
        assert rollback["reason"] == "late"

    def test_the_query_may_be_part_of_the_path(self, shop: Shop) -> None:
        """`/rollbacks?reason=…` in the path works like the `query` argument."""
        # given alice's redemption
        redemption = _gift_redemption(shop)

        # when it is rolled back with the reason in the path
        result = shop.ok("POST", f"/v1/redemptions/{redemption['id']}/rollbacks?reason=late", {})

        # then
        assert result["rollbacks"][0]["reason"] == "late"

    def test_the_body_reason_wins_over_the_query(self, shop: Shop) -> None:
        """Both given: the body's `reason` is kept (A8)."""
        # given alice's redemption
        redemption = _gift_redemption(shop)

        # when both carry a reason
        rollback = shop.ok(
            "POST",
            f"/v1/redemptions/{redemption['id']}/rollback",
            {"reason": "body"},
            {"reason": "query"},
        )

        # then
        assert rollback["reason"] == "body"

    def test_the_query_tracking_id_identifies_the_customer(self, shop: Shop) -> None:
        """`?tracking_id=` is the customer's source id: another customer's is refused."""
        # given alice's redemption, and bob exists
        redemption = _gift_redemption(shop)
        shop.discount_voucher("BOB", 100)
        shop.redeemed(shop.use("BOB"), customer="bob")

        # when bob's tracking id is given in the query
        error = shop.fails(
            "POST", f"/v1/redemptions/{redemption['id']}/rollback", {}, {"tracking_id": "bob"}
        )

        # then
        assert error["key"] == "invalid_customer"

    @pytest.mark.parametrize(
        ("query_id", "body_id", "status"), [("bob", "alice", 200), ("alice", "bob", 400)]
    )
    def test_the_body_tracking_id_wins_over_the_query(
        self, shop: Shop, query_id: str, body_id: str, status: int
    ) -> None:
        """Both given: the body's `tracking_id` decides whose rollback it is (A8)."""
        # given alice's redemption, and bob exists
        redemption = _gift_redemption(shop)
        shop.discount_voucher("BOB", 100)
        shop.redeemed(shop.use("BOB"), customer="bob")

        # when the query and the body name different customers
        response = _rollback(
            shop, "rollback", redemption["id"], {"tracking_id": body_id}, {"tracking_id": query_id}
        )

        # then the body's customer decides
        assert response.status == status, response.body

    def test_a_parameter_given_twice_is_refused(self, shop: Shop) -> None:
        """`reason` twice: 400 `invalid_query_params` naming it; nothing rolled back."""
        # given alice's redemption
        redemption = _gift_redemption(shop)

        # when the reason is sent twice
        error = shop.fails(
            "POST", f"/v1/redemptions/{redemption['id']}/rollback", {}, {"reason": ["a", "b"]}
        )

        # then
        assert error["key"] == "invalid_query_params"
        assert "'reason'" in error["details"]
        assert shop.redemption(redemption["id"])["status"] == "SUCCEEDED"


class TestRollbackOrderMode:
    def test_without_order_the_order_keeps_its_discounts(
        self, new_shop: Callable[..., Shop]
    ) -> None:
        """WITHOUT_ORDER (6.3): credits come back, the order stays PAID with its totals."""
        # given a WITHOUT_ORDER world and alice's gift card redemption
        shop = new_shop(redeemables_rollback_order_mode=RollbackOrderMode.WITHOUT_ORDER)
        redemption = _gift_redemption(shop)

        # when it is rolled back
        rollback = shop.ok("POST", f"/v1/redemptions/{redemption['id']}/rollback", {})

        # then only the incentive side is undone
        assert rollback["order"]["status"] == "PAID"
        assert rollback["order"]["total_amount"] == 8000
        assert shop.voucher("GIFT-A")["gift"]["balance"] == 5000
        target = shop.redemption(redemption["id"])
        assert target["related_redemptions"]["rollbacks"][0]["rollback_order_mode"] == (
            "WITHOUT_ORDER"
        )


class TestRollbackBodyLimits:
    def test_a_reason_over_the_length_bound_is_an_invalid_payload(self, shop: Shop) -> None:
        """A `reason` past the string bound: 400 `invalid_payload` naming `$.reason`."""
        # given alice's redemption
        redemption = _gift_redemption(shop)

        # when it is rolled back with a 1001-character reason
        response = _rollback(shop, "rollback", redemption["id"], {"reason": "x" * 1001})

        # then the body is refused by field, and nothing is rolled back
        assert response.status == 400
        assert response.body["details"].startswith("$.reason: ")
        assert shop.redemption(redemption["id"])["status"] == "SUCCEEDED"

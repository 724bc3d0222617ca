"""GET /v1/customers/{customerId}/activity: a customer's activities (DOMAIN.md 5.2, 11.2).

Method: alice redeems a coupon, fails to redeem it again, rolls the first redemption back
and fails to roll it back again; her feed must then hold exactly those four activities,
newest first, each in the shape docs/decisions.md ("Customer activity") fixes: the seed-000
`redemption` (both `date` and `created_at`, a flattened channel, the parent id twice) in
the spec's `EventCustomerRedemption*` envelope. Paging (`limit`, `starting_after_id`,
`has_more`, `more_starting_after`), `order`, `type`, the date window and the campaign
filters are checked against that known feed; reward redemptions add their own activities.
Every call goes through `ValidatingApi`.
"""

from __future__ import annotations

from typing import Any

import pytest

from redemption_core.adapters.json.api import Response
from tests.api import JSON, Query, Shop, is_id
from tests.support.api import check_response

REDEEMED = "customer.redemption.succeeded"
FAILED = "customer.redemption.failed"
ROLLED_BACK = "customer.redemption.rollback.succeeded"
ROLLBACK_FAILED = "customer.redemption.rollback.failed"

SEED_000_KEYS = [
    "id", "object", "created_at", "tracking_id", "metadata", "channel_type", "channel_id",
    "failure_code", "failure_message", "order", "previous_order", "reward", "amount", "reason",
    "result", "status", "related_redemptions", "parent_redemption_id", "redemption",
    "customer", "customer_id", "related_object_type", "related_object_id",
    "related_object_parent_id", "campaign_name", "voucher", "promotion_tier", "date",
]
"""`CustomerActivityDataRedemption` (seed 000), in its order."""


class Feed:
    """Alice's four activities, and the ids and request ids that caused them."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop
        campaign = shop.ok("POST", "/v1/campaigns", {
            "name": "Spring", "campaign_type": "DISCOUNT_COUPONS",
            "voucher": {"type": "DISCOUNT_VOUCHER",
                        "discount": {"type": "AMOUNT", "amount_off": 300}}})
        self.campaign_id = campaign["id"]
        shop.discount_voucher("SPRING-1", 300, quantity=1, campaign_id=self.campaign_id)
        self.redemption = shop.redeemed(shop.use("SPRING-1"), order_source_id="o-1")[
            "redemptions"][0]
        self.failure = shop.redeem(shop.use("SPRING-1")).body
        path = f"/v1/redemptions/{self.redemption['id']}/rollback"
        self.rollback = shop.ok("POST", path, {"reason": "refund"})
        self.rollback_failure = shop.fails("POST", path, {})

    def activities(self, customer: str = "alice", **query: Any) -> JSON:
        result: JSON = self.shop.ok("GET", f"/v1/customers/{customer}/activity", query=query)
        return result

    def types(self, **query: Any) -> list[str]:
        return [activity["type"] for activity in self.activities(**query)["data"]]


@pytest.fixture
def feed(shop: Shop) -> Feed:
    return Feed(shop)


def _data(activity: JSON) -> JSON:
    inner: JSON = activity["data"]["data"]
    return inner


class TestFeed:
    def test_the_feed_holds_each_thing_that_happened_newest_first(self, feed: Feed) -> None:
        """Redeem, failed redeem, rollback, failed rollback: four activities, newest first."""
        # when
        body = feed.activities()

        # then
        assert (body["object"], body["data_ref"]) == ("list", "data")
        assert [activity["type"] for activity in body["data"]] == [
            ROLLBACK_FAILED, ROLLED_BACK, FAILED, REDEEMED]
        assert (body["has_more"], body["more_starting_after"]) == (False, None)
        assert all(activity["id"].startswith("evcus_") for activity in body["data"])
        dates = [activity["created_at"] for activity in body["data"]]
        assert dates == sorted(dates, reverse=True)

    def test_each_activity_belongs_to_the_request_that_caused_it(self, feed: Feed) -> None:
        """`group_id` is the `v-…` request id; a failure's is its Error's `request_id`."""
        # when
        rollback_failed, rolled_back, failed, redeemed = feed.activities()["data"]

        # then
        assert failed["group_id"] == feed.failure["request_id"]
        assert rollback_failed["group_id"] == feed.rollback_failure["request_id"]
        groups = [activity["group_id"] for activity in (redeemed, rolled_back)]
        assert all(is_id("request", group) for group in groups)
        assert len({*groups, failed["group_id"], rollback_failed["group_id"]}) == 4

    def test_the_event_source_is_the_api_key(self, feed: Feed) -> None:
        """`event_source`: channel API and the app id of the redemption's channel."""
        for activity in feed.activities()["data"]:
            assert activity["data"]["event_source"] == {
                "channel": "API", "user": None,
                "api_key": {"name": None, "app_id": feed.redemption["channel"]["channel_id"]},
            }

    def test_an_unknown_customer_is_not_found(self, feed: Feed) -> None:
        """404 `not_found` (`customer`)."""
        error = feed.shop.fails("GET", "/v1/customers/nobody/activity", status=404)
        assert (error["key"], error["resource_type"]) == ("not_found", "customer")

    def test_a_customer_is_found_by_id_too(self, feed: Feed) -> None:
        """`cust_…` in the path gives the same feed as the source id."""
        assert feed.activities(feed.redemption["customer_id"]) == feed.activities()

    def test_another_customer_sees_none_of_it(self, feed: Feed) -> None:
        """Bob's feed holds only bob's activities."""
        feed.shop.redeem(feed.shop.use("NOPE"), customer="bob")
        assert [activity["type"] for activity in feed.activities("bob")["data"]] == [FAILED]


class TestRedemptionActivityData:
    def test_a_redemption_is_told_in_the_seed_000_shape(self, feed: Feed) -> None:
        """`data.data.redemption`: every seed-000 key, `date` and `created_at` alike."""
        # when
        redeemed = feed.activities()["data"][-1]

        # then the envelope is EventCustomerRedemption's
        data = _data(redeemed)
        assert list(data) == ["customer", "order", "campaign", "voucher", "holder",
                              "promotion_tier", "promotion_stack", "redemption"]
        assert data["customer"]["id"] == feed.redemption["customer_id"]
        assert data["campaign"]["id"] == feed.campaign_id
        assert data["voucher"]["code"] == "SPRING-1"
        assert data["order"]["id"] == feed.redemption["order"]["id"]
        # and the redemption is the seed's
        redemption = data["redemption"]
        assert list(redemption) == SEED_000_KEYS
        assert redemption["id"] == feed.redemption["id"]
        assert redemption["date"] == redemption["created_at"] == feed.redemption["date"]
        assert (redemption["channel_type"], redemption["channel_id"]) == (
            "API", feed.redemption["channel"]["channel_id"])
        assert (redemption["result"], redemption["status"]) == ("SUCCESS", "SUCCEEDED")
        assert redemption["related_object_parent_id"] == feed.campaign_id
        assert redemption["campaign_name"] == "Spring"
        assert redemption["order"] == feed.redemption["order"]
        assert redemption["voucher"]["holder"] is None  # SPRING-1 is nobody's card

    def test_a_failed_redemption_carries_its_failure(self, feed: Feed) -> None:
        """`customer.redemption.failed`: the `rf_` with its failure code."""
        redemption = _data(feed.activities()["data"][1 + 1])["redemption"]
        assert redemption["id"] == feed.failure["resource_id"]
        assert (redemption["result"], redemption["status"]) == ("FAILURE", "FAILED")
        assert redemption["failure_code"] == "quantity_exceeded"

    def test_a_rollback_carries_the_rolled_back_redemption_and_the_rollback(
        self, feed: Feed
    ) -> None:
        """`customer.redemption.rollback.succeeded`: the target ROLLED_BACK, the `rr_`."""
        data = _data(feed.activities()["data"][1])
        assert data["redemption"]["status"] == "ROLLED_BACK"
        assert data["redemption"]["related_redemptions"]["rollbacks"] == [
            {"id": feed.rollback["id"], "date": feed.rollback["date"]}]
        rollback = data["redemption_rollback"]
        assert (rollback["id"], rollback["object"]) == (feed.rollback["id"], "redemption_rollback")
        assert (rollback["status"], rollback["reason"]) == ("SUCCEEDED", "refund")
        assert rollback["redemption"] == feed.redemption["id"]
        assert rollback["channel"] == feed.rollback["channel"]
        assert data["order"]["status"] == "CANCELED"

    def test_a_failed_rollback_carries_the_failed_attempt(self, feed: Feed) -> None:
        """`customer.redemption.rollback.failed`: the `rrf_` and why it failed."""
        rollback = _data(feed.activities()["data"][0])["redemption_rollback"]
        assert rollback["id"] == feed.rollback_failure["resource_id"]
        assert (rollback["result"], rollback["failure_code"]) == (
            "FAILURE", "already_rolled_back")

    def test_children_of_a_stack_name_their_parent_twice(self, shop: Shop) -> None:
        """Seed 000: `parent_redemption_id` and `redemption` both hold the parent id."""
        # given a stack of two
        shop.gift_card("GIFT-A", 5000)
        shop.percent_voucher("SAVE10", 10)
        stack = shop.redeemed(shop.use("SAVE10"), shop.use_gift("GIFT-A", 1000))
        parent_id = stack["parent_redemption"]["id"]

        # when
        activities = shop.ok("GET", "/v1/customers/alice/activity")["data"]

        # then one activity per child and one for the parent
        records = [_data(activity)["redemption"] for activity in activities]
        assert [record["id"] for record in records] == [
            parent_id, *(child["id"] for child in reversed(stack["redemptions"]))]
        parent, *children = records
        assert parent["related_object_type"] == "redemption"
        assert (parent["parent_redemption_id"], parent["redemption"]) == (None, None)
        assert {(child["parent_redemption_id"], child["redemption"]) for child in children} == {
            (parent_id, parent_id)}
        assert parent["related_redemptions"]["redemptions"] == [
            {"id": child["id"], "date": child["date"]} for child in stack["redemptions"]]

    def test_a_redemption_on_an_existing_order_shows_the_order_before(self, feed: Feed) -> None:
        """`previous_order`: the order as it was before this redemption was applied."""
        feed.shop.discount_voucher("MORE", 200)
        feed.shop.redeemed(feed.shop.use("MORE"), order_source_id="o-1")
        latest = _data(feed.activities()["data"][0])["redemption"]
        assert latest["previous_order"]["id"] == feed.redemption["order"]["id"]


class TestPaging:
    def test_pages_follow_the_cursor_to_the_end(self, feed: Feed) -> None:
        """`limit=1`: `has_more` and `more_starting_after` lead through the whole feed."""
        # given the whole feed
        everything = [activity["id"] for activity in feed.activities()["data"]]

        # when it is read one at a time
        seen: list[str] = []
        cursor: dict[str, str] = {}
        while True:
            page = feed.activities(limit="1", **cursor)
            seen.extend(activity["id"] for activity in page["data"])
            if not page["has_more"]:
                break
            assert page["more_starting_after"] == page["data"][-1]["id"]
            cursor = {"starting_after_id": page["more_starting_after"]}

        # then
        assert seen == everything
        assert page["more_starting_after"] is None

    def test_oldest_first_on_request(self, feed: Feed) -> None:
        """`order=created_at`: the same feed, oldest first, and its cursor goes forward."""
        assert feed.types(order="created_at") == [REDEEMED, FAILED, ROLLED_BACK, ROLLBACK_FAILED]
        first = feed.activities(order="created_at", limit="2")
        rest = feed.activities(order="created_at",
                               starting_after_id=first["more_starting_after"])
        assert [activity["type"] for activity in rest["data"]] == [ROLLED_BACK, ROLLBACK_FAILED]

    @pytest.mark.parametrize("kind", [REDEEMED, FAILED, ROLLED_BACK, ROLLBACK_FAILED])
    def test_a_type_keeps_only_its_activities(self, feed: Feed, kind: str) -> None:
        """`type=…`: one of the four."""
        assert feed.types(type=kind) == [kind]

    def test_a_documented_type_never_recorded_here_has_no_activity(self, feed: Feed) -> None:
        """`type=customer.order.paid`: documented, never recorded by this ledger: empty."""
        assert feed.activities(type="customer.order.paid")["data"] == []

    def test_the_date_window_is_inclusive(self, feed: Feed) -> None:
        """`start_date`/`end_date`: activities created within them, bounds included."""
        dates = [activity["created_at"] for activity in feed.activities(order="created_at")[
            "data"]]
        assert feed.types(start_date=dates[1], end_date=dates[2]) == [ROLLED_BACK, FAILED]
        assert feed.types(start_date=dates[3]) == [ROLLBACK_FAILED]

    @pytest.mark.parametrize(("query", "count"), [
        ({"end_date": "2026-01-01"}, 4), ({"start_date": "2026-01-01"}, 4),
        ({"start_date": "2026-01-02"}, 0), ({"end_date": "2025-12-31"}, 0)])
    def test_a_date_is_a_whole_day(self, feed: Feed, query: Query, count: int) -> None:
        """A date alone: from its first instant (`start_date`) to its last (`end_date`)."""
        assert len(feed.activities(**query)["data"]) == count


class TestCampaignFilters:
    def test_campaign_id_keeps_the_campaigns_activities(self, feed: Feed) -> None:
        """`campaign_id`: only activities of that campaign's vouchers, paged as usual."""
        # given another redemption outside the campaign
        feed.shop.discount_voucher("LONE", 100)
        feed.shop.redeemed(feed.shop.use("LONE"))

        # when
        first = feed.activities(campaign_id=feed.campaign_id, limit="3")
        rest = feed.activities(campaign_id=feed.campaign_id,
                               starting_after_id=first["more_starting_after"])

        # then
        assert [activity["type"] for activity in first["data"] + rest["data"]] == [
            ROLLBACK_FAILED, ROLLED_BACK, FAILED, REDEEMED]
        assert (first["has_more"], rest["has_more"]) == (True, False)
        assert feed.types() [0] == REDEEMED

    def test_campaign_type_keeps_that_kind_of_campaign(self, feed: Feed) -> None:
        """`campaign_type=DISCOUNT_COUPONS` keeps them all; `PROMOTION` none."""
        assert len(feed.types(campaign_type="DISCOUNT_COUPONS")) == 4
        assert feed.types(campaign_type="PROMOTION") == []


INVALID: list[tuple[dict[str, Any], str, str]] = [
    ({"limit": "0"}, "limit", "from 1 to 100"),
    ({"limit": "101"}, "limit", "from 1 to 100"),
    ({"order": "-id"}, "order", "created_at, -created_at"),
    ({"type": "customer.redemption"}, "type", "unknown activity type"),
    ({"start_date": "today"}, "start_date", "ISO 8601"),
    ({"campaign_type": "COUPONS"}, "campaign_type", "must be one of"),
    ({"category": "ACTION"}, "category", "not supported"),
    ({"page": "2"}, "page", "not accepted"),
]


class TestInvalidParameters:
    @pytest.mark.parametrize(("query", "parameter", "rule"), INVALID)
    def test_a_bad_parameter_is_named(
        self, feed: Feed, query: Query, parameter: str, rule: str
    ) -> None:
        """400 `invalid_query_params` naming the parameter and the rule."""
        error = feed.shop.fails("GET", "/v1/customers/alice/activity", query=query)
        assert error["key"] == "invalid_query_params"
        assert f"query parameter {parameter!r}" in error["details"]
        assert rule in error["details"]


class TestRewardRedemptionActivities:
    def test_a_reward_redemption_is_created_completed_and_rolled_back(self, shop: Shop) -> None:
        """Buying a coupon with points, then rolling it back: three reward activities."""
        # given alice's card of 1 000 points and a coupon reward at 100 points
        campaign_id, _ = shop.loyalty_program()
        shop.loyalty_card("CARD", 1000, campaign_id, holder="alice")
        coupons = shop.ok("POST", "/v1/campaigns", {
            "name": "Coupons", "campaign_type": "DISCOUNT_COUPONS",
            "voucher": {"type": "DISCOUNT_VOUCHER",
                        "discount": {"type": "AMOUNT", "amount_off": 500}}})
        reward = shop.ok("POST", "/v1/rewards", {
            "name": "coupon", "parameters": {"campaign": {"id": coupons["id"]}}})
        shop.ok("POST", f"/v1/loyalties/{campaign_id}/rewards",
                [{"reward": reward["id"], "parameters": {"loyalty": {"points": 100}}}])
        bought = shop.ok("POST", f"/v1/loyalties/{campaign_id}/members/CARD/redemption",
                         {"reward": {"id": reward["id"]}})
        shop.ok("POST", f"/v1/redemptions/{bought['id']}/rollback", {})

        # when
        activities = shop.ok("GET", "/v1/customers/alice/activity",
                             query={"limit": "100"})["data"]

        # then
        assert [activity["type"] for activity in activities] == [
            ROLLED_BACK, "customer.reward_redemptions.rolledback",
            "customer.reward_redemptions.completed", "customer.reward_redemptions.created",
            REDEEMED]
        rolled_back, completed, created = (_data(activity) for activity in activities[1:4])
        assert list(created) == ["customer", "holder", "voucher", "campaign",
                                 "reward_redemption", "reward", "reward_assignment", "source",
                                 "balance"]
        assert [data["reward_redemption"]["state"] for data in (created, completed,
                                                                 rolled_back)] == [
            "CREATED", "COMPLETED", "ROLLEDBACK"]
        assert {data["reward_redemption"]["source_id"] for data in (created, rolled_back)} == {
            bought["id"]}
        assert (created["balance"], rolled_back["balance"]) == (900, 1000)
        assert rolled_back["voucher"]["loyalty_card"]["balance"] == 1000
        assert created["reward"]["voucher"]["code"] == bought["reward"]["voucher"]["code"]
        assert created["reward_assignment"]["id"] == bought["reward"]["assignment_id"]
        assert created["reward_assignment"]["parameters"] == {"loyalty": {"points": 100}}
        assert created["campaign"]["id"] == campaign_id
        assert created["holder"]["id"] == bought["customer_id"]
        assert len({activity["group_id"] for activity in activities[2:]}) == 1


class TestActivityValidation:
    """The seed-000 `redemption` is validated against `RedemptionInternal`, not waved through."""

    def _feed_response(self, feed: Feed) -> Response:
        return feed.shop.api.api.call("GET", "/v1/customers/alice/activity")

    @pytest.mark.parametrize(
        ("change", "complaint"),
        [({"invented": 1}, "undocumented key 'invented'"),
         ({"date": "2025-06-01T00:00:00.000Z"}, "AssertionError"),
         ({"status": "LOST"}, "'LOST' is not one of")],
    )
    def test_a_wrong_activity_redemption_fails_validation(
        self, feed: Feed, change: JSON, complaint: str
    ) -> None:
        """An undocumented key, a `date` that is not `created_at`, an unknown status: refused."""
        # given the real feed with one activity redemption spoiled
        response = self._feed_response(feed)
        response.body["data"][-1]["data"]["data"]["redemption"].update(change)

        # when / then
        with pytest.raises(AssertionError) as failure:
            check_response("GET", "/v1/customers/alice/activity", response)
        assert complaint in f"{failure.typename}: {failure.value}"

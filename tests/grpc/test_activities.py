"""ListCustomerActivities over a real channel: the JSON API's activity feed, as protobuf.

Goal: a customer's activities read over gRPC are those GET /v1/customers/{id}/activity
lists, with the same `data`, in the same order, paged with `next_page_token` (AIP-158) and
filtered by the same parameters; an unknown customer is NOT_FOUND and a malformed request
INVALID_ARGUMENT naming the field. Method: alice redeems a one-use coupon of the campaign
"Spring", fails to redeem it again, rolls the redemption back and fails to roll it back
again, all over gRPC (`Feed`); her feed must then hold exactly those four activities. The
JSON comparison reads the same served ledger through `JsonApi`.
"""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from google.protobuf import json_format, timestamp_pb2

from redemption_core.adapters.json.api import JsonApi
from tests.grpc.test_parity import mirrors
from tests.grpc.test_redemptions import _loyalty_member
from tests.grpc.world import APP_ID, Failure, World, catalog, common, redeem_request, service, use

REDEEMED = "customer.redemption.succeeded"
FAILED = "customer.redemption.failed"
ROLLED_BACK = "customer.redemption.rollback.succeeded"
ROLLBACK_FAILED = "customer.redemption.rollback.failed"
NEWEST_FIRST = [ROLLBACK_FAILED, ROLLED_BACK, FAILED, REDEEMED]


class Feed:
    """Alice's four activities, made over gRPC, and what each call returned."""

    def __init__(self, world: World) -> None:
        self.world = world
        given = catalog.CampaignInput(
            name="Spring",
            campaign_type=common.CAMPAIGN_TYPE_DISCOUNT_COUPONS,
            voucher=catalog.CampaignVoucher(
                type=common.VOUCHER_TYPE_DISCOUNT_VOUCHER,
                discount=common.Discount(type=common.DISCOUNT_TYPE_AMOUNT, amount_off=300),
            ),
        )
        made = world.call("CreateCampaign", service.CreateCampaignRequest(campaign=given))
        self.campaign_id: str = made.campaign.id
        world.discount_voucher("SPRING-1", amount_off=300, campaign_id=self.campaign_id,
                               redemption=common.RedemptionQuantity(quantity=1))
        alice = common.CustomerInput(source_id="alice")
        self.redemption = world.redeem(use("SPRING-1"), customer=alice).redemptions[0]
        self.failure = world.failure("Redeem", redeem_request(use("SPRING-1"), customer=alice))
        undo = service.RollbackRedemptionRequest(redemption_id=self.redemption.id,
                                                 reason="refund")
        self.rollback = world.call("RollbackRedemption", undo).rollback
        self.rollback_failure = world.failure("RollbackRedemption", undo)

    def page(self, customer_id: str = "alice", **fields: Any) -> Any:
        request = service.ListCustomerActivitiesRequest(customer_id=customer_id, **fields)
        return self.world.call("ListCustomerActivities", request)

    def types(self, **fields: Any) -> list[str]:
        return [activity.type for activity in self.page(**fields).data]

    def refused(self, **fields: Any) -> Failure:
        request = service.ListCustomerActivitiesRequest(**fields)
        return self.world.failure("ListCustomerActivities", request)


@pytest.fixture
def feed(world: World) -> Feed:
    return Feed(world)


def _inner(activity: Any) -> dict[str, Any]:
    """The event's object: `data.data` of the activity, as JSON."""
    found: dict[str, Any] = json_format.MessageToDict(activity.data)["data"]
    return found


def _at(moment: timestamp_pb2.Timestamp) -> timestamp_pb2.Timestamp:
    return timestamp_pb2.Timestamp(seconds=moment.seconds, nanos=moment.nanos)


class TestFeed:
    def test_the_feed_holds_each_thing_that_happened_newest_first(self, feed: Feed) -> None:
        """Redeem, failed redeem, rollback, failed rollback: four activities, one page."""
        # when
        page = feed.page()
        # then
        assert [activity.type for activity in page.data] == NEWEST_FIRST
        assert all(activity.id.startswith("evcus_") for activity in page.data)
        assert all(activity.group_id.startswith("v-") for activity in page.data)
        assert (page.has_more, page.next_page_token) == (False, "")
        moments = [activity.created_at.ToDatetime() for activity in page.data]
        assert moments == sorted(moments, reverse=True)

    def test_each_activity_carries_its_record(self, feed: Feed) -> None:
        """`data.data`: the r_, the rf_ with its failure, the rr_, the rrf_."""
        # when
        rollback_failed, rolled_back, failed, redeemed = feed.page().data
        # then
        assert _inner(redeemed)["redemption"]["id"] == feed.redemption.id
        assert _inner(redeemed)["campaign"]["id"] == feed.campaign_id
        assert _inner(redeemed)["voucher"]["code"] == "SPRING-1"
        failure = _inner(failed)["redemption"]
        assert failure["id"] == feed.failure.metadata["resource_id"]
        assert (failure["result"], failure["failure_code"]) == ("FAILURE", "quantity_exceeded")
        undone = _inner(rolled_back)
        assert undone["redemption"]["status"] == "ROLLED_BACK"
        assert undone["redemption_rollback"]["id"] == feed.rollback.id
        assert undone["redemption_rollback"]["reason"] == "refund"
        refused = _inner(rollback_failed)["redemption_rollback"]
        assert refused["id"] == feed.rollback_failure.metadata["resource_id"]
        assert refused["failure_code"] == "already_rolled_back"

    def test_the_event_source_is_the_calling_application(self, feed: Feed) -> None:
        """`data.event_source`: channel API and the app id of the gRPC call."""
        for activity in feed.page().data:
            assert json_format.MessageToDict(activity.data)["event_source"] == {
                "channel": "API", "user": None, "api_key": {"name": None, "app_id": APP_ID}}

    def test_integers_in_data_stay_integral(self, feed: Feed) -> None:
        """Struct numbers are doubles; amounts come back as whole numbers."""
        redeemed = feed.page().data[-1]
        order = _inner(redeemed)["redemption"]["order"]
        assert order["amount"] == 10_000
        assert float(order["discount_amount"]).is_integer()

    def test_the_feed_is_the_json_apis_feed(self, feed: Feed) -> None:
        """Each activity mirrors GET /v1/customers/alice/activity's, `data` included."""
        # given
        body = JsonApi(feed.world.ledger).call("GET", "/v1/customers/alice/activity").body
        # when
        page = feed.page()
        # then
        assert len(page.data) == len(body["data"]) == 4
        for index, (given, got) in enumerate(zip(body["data"], page.data, strict=True)):
            mirrors(given, got, f"$.data[{index}]")
            assert json_format.MessageToDict(got.data) == given["data"]
        assert page.has_more == body["has_more"]

    def test_a_customer_is_found_by_id_too(self, feed: Feed) -> None:
        """`cust_…` gives the same feed as the source id."""
        assert feed.page(feed.redemption.customer_id) == feed.page()

    def test_an_unknown_customer_is_not_found(self, feed: Feed) -> None:
        """NOT_FOUND, reason not_found, resource_type customer."""
        failure = feed.refused(customer_id="nobody")
        assert failure.code is grpc.StatusCode.NOT_FOUND
        assert (failure.reason, failure.metadata["resource_type"]) == ("not_found", "customer")


class TestPaging:
    def test_pages_follow_next_page_token_to_the_end(self, feed: Feed) -> None:
        """page_size 1: four pages, each token the last id seen, none after the last."""
        # given
        everything = [activity.id for activity in feed.page().data]
        seen: list[str] = []
        token = ""
        # when
        for _ in range(10):
            page = feed.page(page_size=1, page_token=token)
            seen.extend(activity.id for activity in page.data)
            token = page.next_page_token
            if not token:
                break
            assert page.has_more
            assert token == page.data[-1].id
        # then
        assert seen == everything
        assert not page.has_more

    def test_oldest_first_on_request(self, feed: Feed) -> None:
        """order `created_at`: the feed reversed; its token goes forward."""
        assert feed.types(order="created_at") == list(reversed(NEWEST_FIRST))
        first = feed.page(order="created_at", page_size=2)
        rest = feed.page(order="created_at", page_token=first.next_page_token)
        assert [activity.type for activity in rest.data] == [ROLLED_BACK, ROLLBACK_FAILED]


class TestFilters:
    @pytest.mark.parametrize("kind", NEWEST_FIRST)
    def test_a_type_keeps_only_its_activities(self, feed: Feed, kind: str) -> None:
        """`type`: one of the four."""
        assert feed.types(type=kind) == [kind]

    def test_a_documented_type_never_recorded_here_has_no_activity(self, feed: Feed) -> None:
        """`customer.order.paid`: documented, never recorded by this ledger: empty."""
        assert feed.types(type="customer.order.paid") == []

    def test_the_time_window_is_inclusive(self, feed: Feed) -> None:
        """`start_date`/`end_date`: activities created within them, bounds included."""
        moments = [activity.created_at for activity in feed.page(order="created_at").data]
        assert feed.types(start_date=_at(moments[1]), end_date=_at(moments[2])) == [
            ROLLED_BACK, FAILED]
        assert feed.types(start_date=_at(moments[3])) == [ROLLBACK_FAILED]

    def test_campaign_id_keeps_the_campaigns_activities(self, feed: Feed) -> None:
        """`campaign_id`: a redemption outside the campaign is left out, paging as usual."""
        # given
        feed.world.discount_voucher("LONE", amount_off=100)
        feed.world.redeem(use("LONE"), customer=common.CustomerInput(source_id="alice"))
        # when
        first = feed.page(campaign_id=feed.campaign_id, page_size=3)
        rest = feed.page(campaign_id=feed.campaign_id, page_token=first.next_page_token)
        # then
        assert [activity.type for activity in [*first.data, *rest.data]] == NEWEST_FIRST
        assert (first.has_more, rest.has_more, rest.next_page_token) == (True, False, "")
        assert feed.types()[0] == REDEEMED

    def test_campaign_type_keeps_that_kind_of_campaign(self, feed: Feed) -> None:
        """DISCOUNT_COUPONS keeps all four; PROMOTION none."""
        assert len(feed.types(campaign_type=common.CAMPAIGN_TYPE_DISCOUNT_COUPONS)) == 4
        assert feed.types(campaign_type=common.CAMPAIGN_TYPE_PROMOTION) == []


class TestRewardActivities:
    def test_a_reward_redemption_and_its_rollback_mirror_the_json(self, world: World) -> None:
        """RedeemLoyaltyReward then a rollback: reward activities, each the JSON API's."""
        # given alice spends 100 of her 500 points on a mug, then it is rolled back
        campaign_id, reward_id = _loyalty_member(world)
        bought = world.call("RedeemLoyaltyReward", service.RedeemLoyaltyRewardRequest(
            campaign_id=campaign_id, member_id="CARD",
            reward=service.LoyaltyRewardInput(id=reward_id))).redemption
        world.call("RollbackRedemption",
                   service.RollbackRedemptionRequest(redemption_id=bought.id))
        body = JsonApi(world.ledger).call(
            "GET", "/v1/customers/alice/activity", query={"limit": "100"}).body
        # when
        page = world.call("ListCustomerActivities",
                          service.ListCustomerActivitiesRequest(customer_id="alice",
                                                                page_size=100))
        # then
        types = [activity.type for activity in page.data]
        assert types == [activity["type"] for activity in body["data"]]
        assert {"customer.reward_redemptions.created",
                "customer.reward_redemptions.rolledback"} <= set(types)
        for index, (given, got) in enumerate(zip(body["data"], page.data, strict=True)):
            mirrors(given, got, f"$.data[{index}]")
        created = _inner(page.data[types.index("customer.reward_redemptions.created")])
        assert (created["balance"], created["campaign"]["id"]) == (400, campaign_id)
        assert created["reward_redemption"]["source_id"] == bought.id


INVALID: list[tuple[dict[str, Any], str, str]] = [
    ({"page_size": 101}, "page_size", "from 1 to 100"),
    ({"page_size": -1}, "page_size", "from 1 to 100"),
    ({"order": "-id"}, "order", "created_at, -created_at"),
    ({"type": "customer.redemption"}, "type", "unknown activity type"),
    ({"campaign_type": 99}, "campaign_type", "unknown CAMPAIGN_TYPE_* value"),
    ({"start_date": timestamp_pb2.Timestamp(seconds=2**62)}, "start_date", "timestamp"),
    ({"customer_id": ""}, "customer_id", "required"),
]


class TestInvalidRequests:
    @pytest.mark.parametrize(("fields", "field", "rule"), INVALID,
                             ids=[field for _, field, _ in INVALID])
    def test_a_bad_field_is_named(
        self, feed: Feed, fields: dict[str, Any], field: str, rule: str
    ) -> None:
        """INVALID_ARGUMENT, reason invalid_payload, one BadRequest violation on the field."""
        # when
        failure = feed.refused(**{"customer_id": "alice", **fields})
        # then
        assert failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert failure.reason == "invalid_payload"
        ((path, description),) = failure.violations
        assert path == field
        assert rule in description

"""Loyalty member reward redemption through the JSON API (DOMAIN.md 7.5, 9.4; seed 002).

Method: one `Program` world per test, built through the API: a LOYALTY_PROGRAM campaign
whose card `CARD-1` (1 000 points) is held by alice, with one reward of every type assigned
to it (COIN 1 point = 1.00, a coupon, gift credits, loyalty points, a mug). Each reward
type is a test class asserting the documented response field for field, the card's points
and what was handed over; the errors of 7.5 are one test each, asserting the Error body,
the HTTP status, whether a failed attempt was recorded, and that no points moved. Rolling a
reward redemption back must return exactly the points it cost (issued assets stay, A11).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import JSON, Shop, is_id

REDEMPTION_KEYS = {
    "id", "object", "date", "customer_id", "tracking_id", "metadata", "amount", "redemption",
    "result", "status", "session", "related_redemptions", "failure_code", "failure_message",
    "order", "channel", "customer", "related_object_type", "related_object_id",
    "promotion_tier", "reward", "gift", "loyalty_card", "voucher",
}
"""`LoyaltiesMembersRedemptionRedeemResponseBody`: RedemptionBase plus the card."""

MEMBER_CARD_KEYS = {
    "id", "code", "campaign", "campaign_id", "category", "category_id", "type", "discount",
    "gift", "loyalty_card", "start_date", "expiration_date", "validity_timeframe",
    "validity_day_of_week", "validity_hours", "active", "additional_info", "metadata",
    "assets", "is_referral_code", "created_at", "updated_at", "holder_id", "referrer_id",
    "object", "publish", "redemption", "categories", "holder",
}
"""Its `voucher`: VoucherBase + `categories` (always empty) + `holder` (DOMAIN.md 3.5)."""


class Program:
    """A loyalty program with one reward of each type, and alice's card CARD-1."""

    def __init__(self, shop: Shop, points: int = 1000) -> None:
        self.shop = shop
        self.campaign_id, self.coin_id = shop.loyalty_program("Loyalty")
        self.card = shop.loyalty_card("CARD-1", points, self.campaign_id, holder="alice")
        self.coupons_id = self._campaign("Coupons", "DISCOUNT_COUPONS", {
            "type": "DISCOUNT_VOUCHER", "discount": {"type": "AMOUNT", "amount_off": 500}})
        self.gifts_id = self._campaign("Gifts", "GIFT_VOUCHERS", {
            "type": "GIFT_VOUCHER", "gift": {"amount": 0}})
        self.bonus_id = self._campaign("Bonus", "LOYALTY_PROGRAM", {
            "type": "LOYALTY_CARD", "loyalty_card": {"points": 0}})
        self.coupon_id = self.reward("coupon", {"campaign": {"id": self.coupons_id}}, 100)
        self.gift_id = self.reward(
            "credits", {"campaign": {"id": self.gifts_id, "balance": 2500}}, 200)
        self.bonus_points_id = self.reward(
            "bonus", {"campaign": {"id": self.bonus_id, "balance": 300}}, 150)
        self.mug_id = self.reward(
            "mug", {"product": {"id": "prod_mug", "sku_id": "sku_mug_red"}}, 250, stock=1)

    def _campaign(self, name: str, kind: str, template: JSON) -> str:
        body = {"name": name, "campaign_type": kind, "voucher": template}
        campaign_id: str = self.shop.ok("POST", "/v1/campaigns", body)["id"]
        return campaign_id

    def reward(self, name: str, parameters: JSON, cost: int | None, **fields: Any) -> str:
        """A reward assigned to the program at `cost` points (None: a COIN reward)."""
        reward = self.shop.ok("POST", "/v1/rewards", {"name": name, "parameters": parameters,
                                                      **fields})
        item: JSON = {"reward": reward["id"]}
        if cost is not None:
            item["parameters"] = {"loyalty": {"points": cost}}
        self.shop.ok("POST", f"/v1/loyalties/{self.campaign_id}/rewards", [item])
        reward_id: str = reward["id"]
        return reward_id

    def path(self, card: str = "CARD-1", campaign_id: str | None = None) -> str:
        return f"/v1/loyalties/{campaign_id or self.campaign_id}/members/{card}/redemption"

    def redeem(self, reward_id: str, **body: Any) -> JSON:
        """The body of a member redemption that must succeed."""
        result: JSON = self.shop.ok("POST", self.path(), {"reward": {"id": reward_id}, **body})
        return result

    def balance(self, code: str = "CARD-1") -> int:
        points: int = self.shop.voucher(code)["loyalty_card"]["balance"]
        return points

    def records_of_alice(self) -> int:
        """How many redemptions and rollbacks name alice."""
        total: int = self.shop.ok("GET", "/v1/redemptions", query={"customer": "alice"})["total"]
        return total


@pytest.fixture
def program(shop: Shop) -> Program:
    return Program(shop)


class TestPayWithPoints:
    def test_requested_points_pay_their_worth_of_the_order(self, program: Program) -> None:
        """COIN with `points`: 40 points at 1 point = 1.00 take 40.00 off a 100.00 order."""
        # given alice's 1 000 points
        # when she pays 40 of them towards an order of 100.00
        redemption = program.shop.ok(
            "POST", program.path(),
            {"reward": {"id": program.coin_id, "points": 40}, "order": {"amount": 10000}},
        )

        # then the order is discounted by the points' worth and the card pays them
        assert redemption["amount"] == 40
        assert redemption["loyalty_card"] == {"points": 40}
        order = redemption["order"]
        assert (order["applied_discount_amount"], order["total_amount"]) == (4000, 6000)
        entry = order["redemptions"][redemption["id"]]
        assert entry["related_object_type"] == "voucher"
        assert entry["related_object_id"] == program.card["id"]
        assert redemption["reward"]["type"] == "COIN"
        assert redemption["reward"]["parameters"] == {
            "coin": {"exchange_ratio": 1, "points_ratio": 1}
        }
        assert redemption["voucher"]["loyalty_card"]["balance"] == 960
        assert program.balance() == 960

    def test_without_points_the_rest_is_paid_rounded_up_to_the_ratio(self, shop: Shop) -> None:
        """COIN without `points` (9.4): 450.00 at 100 points = 20.00 needs 2 250 points,
        rounded up to a multiple of 100: 2 300 are charged, the discount capped at 450.00."""
        # given a reward where 100 points are worth 20.00, and a card of 5 000 points
        program = Program(shop, points=5000)
        rate = {"coin": {"exchange_ratio": 20, "points_ratio": 100}}
        reward_id = program.reward("twenty per hundred", rate, None)

        # when alice pays an order of 450.00 with points, naming no amount
        redemption = program.redeem(reward_id, order={"amount": 45000})

        # then
        assert redemption["amount"] == 2300
        assert redemption["order"]["applied_discount_amount"] == 45000
        assert redemption["order"]["total_amount"] == 0
        assert program.balance() == 5000 - 2300

    def test_without_points_a_short_balance_pays_what_it_can(self, program: Program) -> None:
        """COIN without `points` and too few of them: the whole balance is used (7.5)."""
        # given alice's 1 000 points, worth 1 000.00
        # when she pays an order of 1 500.00 with points
        redemption = program.redeem(program.coin_id, order={"amount": 150000})

        # then all of them pay 1 000.00 and 500.00 are left to pay
        assert redemption["amount"] == 1000
        assert redemption["order"]["applied_discount_amount"] == 100000
        assert redemption["order"]["total_amount"] == 50000
        assert program.balance() == 0


class TestCampaignRewards:
    def test_a_coupon_reward_issues_a_coupon_to_the_holder(self, program: Program) -> None:
        """CAMPAIGN / DISCOUNT_COUPONS: a new coupon of that campaign, published to alice."""
        # when alice buys the coupon reward (100 points)
        redemption = program.redeem(program.coupon_id)

        # then the coupon is in `reward.voucher`, hers, and exists
        coupon = redemption["reward"]["voucher"]
        assert coupon["type"] == "DISCOUNT_VOUCHER"
        assert coupon["campaign_id"] == program.coupons_id
        assert coupon["holder_id"] == redemption["customer_id"]
        assert coupon["discount"] == {"type": "AMOUNT", "amount_off": 500,
                                      "effect": "APPLY_TO_ORDER"}
        assert program.shop.voucher(coupon["code"])["holder_id"] == redemption["customer_id"]
        assert redemption["reward"]["parameters"]["campaign"]["type"] == "DISCOUNT_COUPONS"
        # and the card paid the assignment's price, with no order involved
        assert (redemption["amount"], redemption["loyalty_card"]) == (100, {"points": 100})
        assert redemption["order"] is None
        assert program.balance() == 900

    def test_a_gift_reward_credits_the_holders_gift_card(self, program: Program) -> None:
        """CAMPAIGN / GIFT_VOUCHERS: 25.00 on alice's card of that campaign, made on first use."""
        # when alice buys the credits twice
        first = program.redeem(program.gift_id)["reward"]["voucher"]
        second = program.redeem(program.gift_id)["reward"]["voucher"]

        # then one gift card of the campaign holds both
        assert first["code"] == second["code"]
        assert first["campaign_id"] == program.gifts_id
        assert (first["gift"]["balance"], second["gift"]["balance"]) == (2500, 5000)
        assert program.shop.voucher(first["code"])["gift"]["balance"] == 5000
        assert program.balance() == 1000 - 2 * 200

    def test_a_points_reward_adds_points_to_the_holders_card(self, program: Program) -> None:
        """CAMPAIGN / LOYALTY_PROGRAM: 300 points on alice's card of the Bonus program."""
        # when alice buys the bonus points
        bonus = program.redeem(program.bonus_points_id)["reward"]["voucher"]

        # then
        assert bonus["type"] == "LOYALTY_CARD"
        assert bonus["campaign_id"] == program.bonus_id
        assert (bonus["loyalty_card"]["points"], bonus["loyalty_card"]["balance"]) == (300, 300)
        assert program.balance(bonus["code"]) == 300
        assert program.balance() == 1000 - 150


class TestMaterialReward:
    def test_a_material_reward_names_the_product_to_hand_over(self, program: Program) -> None:
        """MATERIAL: `reward.product`/`sku` name what to fulfil; no voucher, no order."""
        # when alice buys the mug (250 points)
        redemption = program.redeem(program.mug_id)

        # then
        reward = redemption["reward"]
        assert reward["type"] == "MATERIAL"
        assert (reward["product"], reward["sku"]) == ({"id": "prod_mug"}, {"id": "sku_mug_red"})
        assert reward["voucher"] is None
        assert reward["parameters"] == {"product": {"id": "prod_mug", "sku_id": "sku_mug_red"}}
        assert redemption["order"] is None
        assert program.balance() == 750

    def test_an_out_of_stock_reward_costs_nothing(self, program: Program) -> None:
        """The mug's one unit is gone: 400 `quantity_exceeded`, recorded, no points taken."""
        # given the only mug was bought
        program.redeem(program.mug_id)

        # when alice buys it again
        error = program.shop.fails("POST", program.path(), {"reward": {"id": program.mug_id}})

        # then
        assert error["key"] == "quantity_exceeded"
        assert is_id("rf", error["resource_id"])
        assert program.balance() == 750


class TestMemberRedemptionResponse:
    def test_the_response_is_the_documented_object_field_for_field(
        self, program: Program
    ) -> None:
        """Every key of the loyalty member redemption object, the card with holder."""
        # when alice buys the coupon
        redemption = program.redeem(program.coupon_id, metadata={"channel": "app"})

        # then
        assert set(redemption) == REDEMPTION_KEYS
        assert set(redemption["voucher"]) == MEMBER_CARD_KEYS
        assert redemption["voucher"]["categories"] == []
        assert redemption["voucher"]["holder"]["source_id"] == "alice"
        assert is_id("r", redemption["id"])
        assert (redemption["object"], redemption["result"], redemption["status"]) == (
            "redemption", "SUCCESS", "SUCCEEDED")
        assert redemption["related_object_type"] == "voucher"
        assert redemption["related_object_id"] == program.card["id"]
        assert redemption["customer_id"] == program.card["holder_id"]
        assert redemption["metadata"] == {"channel": "app"}
        assert redemption["redemption"] is None
        assert redemption["voucher"]["redemption"]["redeemed_points"] == 100
        assert redemption["voucher"]["redemption"]["redeemed_quantity"] == 1
        assert redemption["reward"]["assignment_id"].startswith("rewa_")

    def test_the_route_without_a_campaign_redeems_the_same_way(self, program: Program) -> None:
        """`/v1/loyalties/members/{memberId}/redemption`: the card's own campaign is used."""
        # when alice buys the coupon through the legacy route
        redemption = program.shop.ok(
            "POST", "/v1/loyalties/members/CARD-1/redemption",
            {"reward": {"id": program.coupon_id}},
        )

        # then
        assert redemption["amount"] == 100
        assert redemption["reward"]["voucher"]["campaign_id"] == program.coupons_id
        assert program.balance() == 900

    def test_the_redemption_reads_back_as_recorded(self, program: Program) -> None:
        """GET /v1/redemptions/{id} returns the same redemption, reward included."""
        # given
        redemption = program.redeem(program.mug_id)

        # when
        stored = program.shop.redemption(redemption["id"])

        # then
        assert stored["reward"] == redemption["reward"]
        assert stored["amount"] == redemption["amount"]


class TestMemberRedemptionErrors:
    def _refused(
        self, program: Program, body: Any, *, path: str | None = None, status: int = 400
    ) -> JSON:
        """The Error of a refused member redemption; no points may move."""
        before = program.balance()
        error = program.shop.fails("POST", path or program.path(), body, status=status)
        assert program.balance() == before
        return error

    def test_no_reward_is_missing_reward(self, program: Program) -> None:
        """No `reward` (or one without `id`): 400 `missing_reward`, a failed attempt recorded."""
        for body in ({}, None, {"reward": {"points": 5}}):
            # when
            error = self._refused(program, body)

            # then
            assert error["key"] == "missing_reward"
            assert (error["resource_type"], is_id("rf", error["resource_id"])) == (
                "redemption", True)
            failed = program.shop.redemption(error["resource_id"])
            assert failed["failure_code"] == "missing_reward"

    def test_pay_with_points_without_an_order_is_missing_order(self, program: Program) -> None:
        """COIN without `order`: 400 `missing_order`, recorded."""
        error = self._refused(program, {"reward": {"id": program.coin_id}})
        assert error["key"] == "missing_order"
        assert is_id("rf", error["resource_id"])

    def test_more_points_than_the_balance_is_refused(self, program: Program) -> None:
        """1 001 of 1 000 points: 400 `loyalty_card_points_exceeded`, recorded."""
        body = {"reward": {"id": program.coin_id, "points": 1001}, "order": {"amount": 10**6}}
        error = self._refused(program, body)
        assert error["key"] == "loyalty_card_points_exceeded"
        assert is_id("rf", error["resource_id"])

    def test_a_reward_dearer_than_the_balance_is_refused(self, shop: Shop) -> None:
        """A 250-point mug on a card of 200: `loyalty_card_points_exceeded`."""
        program = Program(shop, points=200)
        error = self._refused(program, {"reward": {"id": program.mug_id}})
        assert error["key"] == "loyalty_card_points_exceeded"

    def test_an_unknown_campaign_is_not_found(self, program: Program) -> None:
        """404 `not_found` for the campaign of the path; nothing recorded."""
        # when
        path = program.path(campaign_id="camp_missing")
        error = self._refused(program, {"reward": {"id": program.coin_id}}, path=path, status=404)

        # then
        assert (error["key"], error["resource_type"], error["resource_id"]) == (
            "not_found", "campaign", "camp_missing")
        assert program.records_of_alice() == 0

    @pytest.mark.parametrize("card", ["NO-SUCH-CARD", "CARD-OF-ANOTHER-PROGRAM"])
    def test_a_card_not_in_the_campaign_is_not_found(self, program: Program, card: str) -> None:
        """404 `not_found` (`voucher`) for an unknown code or a card of another program."""
        # given a card of another program
        other, _ = program.shop.loyalty_program("Other")
        program.shop.loyalty_card("CARD-OF-ANOTHER-PROGRAM", 100, other, holder="alice")

        # when
        path = program.path(card)
        error = self._refused(program, {"reward": {"id": program.coin_id}}, path=path, status=404)

        # then
        assert (error["key"], error["resource_type"], error["resource_id"]) == (
            "not_found", "voucher", card)
        assert program.records_of_alice() == 0

    def test_an_unknown_reward_is_not_found(self, program: Program) -> None:
        """404 `not_found` naming the reward; the attempt is recorded (docs/decisions.md)."""
        error = self._refused(program, {"reward": {"id": "rew_missing"}}, status=404)
        assert error["key"] == "not_found"
        assert "rew_missing" in error["details"]
        assert is_id("rf", error["resource_id"])

    def test_a_reward_not_assigned_to_the_program_is_not_found(self, program: Program) -> None:
        """404 `not_found` for the missing reward assignment (7.5)."""
        # given a reward nobody assigned to the program
        loose = program.shop.ok("POST", "/v1/rewards", {
            "name": "loose", "parameters": {"product": {"id": "prod_loose"}}})

        # when
        error = self._refused(program, {"reward": {"id": loose["id"]}}, status=404)

        # then
        assert error["key"] == "not_found"
        assert "not assigned" in error["details"]

    def test_the_404_for_an_unassigned_reward_points_at_its_failed_record(
        self, program: Program
    ) -> None:
        """The 404 names its `rf_` record (A4); `details` names the reward at fault."""
        loose = program.shop.ok("POST", "/v1/rewards", {
            "name": "loose", "parameters": {"product": {"id": "prod_loose"}}})
        error = self._refused(program, {"reward": {"id": loose["id"]}}, status=404)
        assert error["resource_type"] == "redemption"
        assert is_id("rf", error["resource_id"])
        assert error["details"].startswith("$.reward.id: ")
        assert loose["id"] in error["details"]

    def test_an_unpublished_card_has_no_customer(self, program: Program) -> None:
        """A card nobody holds: 400 `invalid_customer`, recorded."""
        # given a card of the program that was never published
        program.shop.ok("POST", "/v1/vouchers/UNHELD", {
            "type": "LOYALTY_CARD", "loyalty_card": {"points": 500},
            "campaign_id": program.campaign_id})

        # when
        error = self._refused(
            program, {"reward": {"id": program.coupon_id}}, path=program.path("UNHELD"))

        # then
        assert error["key"] == "invalid_customer"
        assert is_id("rf", error["resource_id"])
        assert program.balance("UNHELD") == 500

    def test_a_malformed_body_is_invalid_payload(self, program: Program) -> None:
        """A key the request body does not document: 400 `invalid_payload`, nothing recorded."""
        body = {"reward": {"id": program.coin_id}, "customer": {"source_id": "bob"}}
        error = self._refused(program, body)
        assert error["key"] == "invalid_payload"
        assert "$.customer" in error["details"]
        assert "resource_id" not in error


class TestRewardRedemptionRollback:
    @pytest.mark.parametrize("reward", ["coin_id", "coupon_id", "gift_id", "bonus_points_id",
                                        "mug_id"])
    def test_a_rollback_returns_exactly_the_points(self, program: Program, reward: str) -> None:
        """Whatever the reward, rolling its redemption back returns what it cost, no more."""
        # given alice bought a reward
        body: JSON = {"order": {"amount": 3300}} if reward == "coin_id" else {}
        redemption = program.redeem(getattr(program, reward), **body)
        spent = redemption["amount"]

        # when it is rolled back
        rollback = program.shop.ok("POST", f"/v1/redemptions/{redemption['id']}/rollback", {})

        # then the points come back exactly
        assert (rollback["amount"], rollback["loyalty_card"]) == (-spent, {"points": -spent})
        assert rollback["reward"]["id"] == redemption["reward"]["id"]
        assert program.balance() == 1000
        card = program.shop.voucher("CARD-1")["redemption"]
        assert (card["redeemed_points"], card["redeemed_quantity"]) == (0, 0)
        assert program.shop.redemption(redemption["id"])["status"] == "ROLLED_BACK"

    def test_issued_assets_stay_with_the_holder(self, program: Program) -> None:
        """Assumption A11: the coupon and the credits handed over are not revoked."""
        # given alice bought a coupon and credits, then both were rolled back
        coupon = program.redeem(program.coupon_id)
        credits = program.redeem(program.gift_id)
        for redemption in (coupon, credits):
            program.shop.ok("POST", f"/v1/redemptions/{redemption['id']}/rollback", {})

        # then both assets are still hers
        issued = program.shop.voucher(coupon["reward"]["voucher"]["code"])
        assert (issued["active"], issued["holder_id"]) == (True, coupon["customer_id"])
        assert program.shop.voucher(credits["reward"]["voucher"]["code"])["gift"]["balance"] == 2500
        assert program.balance() == 1000

    def test_a_second_rollback_is_refused(self, program: Program) -> None:
        """Rolling the same reward redemption back twice: `already_rolled_back`, no points."""
        # given
        redemption = program.redeem(program.coupon_id)
        program.shop.ok("POST", f"/v1/redemptions/{redemption['id']}/rollback", {})

        # when
        error = program.shop.fails("POST", f"/v1/redemptions/{redemption['id']}/rollback", {})

        # then
        assert error["key"] == "already_rolled_back"
        assert is_id("rrf", error["resource_id"])
        assert program.balance() == 1000

"""Property: a customer's summary counters are the counts of their redemption records.

Method: Hypothesis draws a sequence of operations for three customers (single and stacked
redemptions, redemptions bound to fail, pay-with-points and reward redemptions on the
members' cards, rollbacks through both endpoints, repeated rollbacks that fail) and plays it
through the validating JSON API on a fresh world. Then, for every customer, the counters of
GET /v1/customers/{id} must equal what `derived` counts in the records that
GET /v1/redemptions?customer=… lists (read page by page to the end) with the rules of
DOMAIN.md 9.7 written out here, and the amounts still to go must equal the balances of the
cards the customer holds. Each example builds a whole world through the API, so the run
takes a quarter of the profile's `max_examples` (tests/conftest.py).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.api import JSON, Shop, make_shop

CUSTOMERS = ("alice", "bob", "carol")
HOLDERS = {"alice": "CARD-A", "bob": "CARD-B"}
PAGE_SIZE = 4
"""Small on purpose: the records of one customer span several pages."""

customers = st.sampled_from(CUSTOMERS)
operations = st.one_of(
    st.tuples(st.just("redeem"), customers, st.sampled_from(["ONCE-1", "ONCE-2", "SAVE"])),
    st.tuples(st.just("gift"), customers, st.integers(1, 4000)),
    st.tuples(st.just("stack"), customers, st.integers(1, 4000)),
    st.tuples(st.just("fail"), customers, st.sampled_from(["NOPE", "CARD-A", "CARD-B"])),
    st.tuples(st.just("points"), st.sampled_from(sorted(HOLDERS)), st.integers(1, 400)),
    st.tuples(st.just("reward"), st.sampled_from(sorted(HOLDERS)), st.sampled_from(
        ["credits", "coupon"])),
    st.tuples(st.just("spend"), st.sampled_from(sorted(HOLDERS)), st.integers(1, 3000)),
    st.tuples(st.just("rollback"), st.integers(0, 50), st.sampled_from(["rollback",
                                                                         "rollbacks"])),
)


class World:
    """The catalog the operations use, and what they leave to roll back or spend."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop
        for code in ("ONCE-1", "ONCE-2"):
            shop.discount_voucher(code, 500, quantity=1)
        shop.percent_voucher("SAVE", 10)
        shop.gift_card("GIFT", 10**6)
        self.campaign_id, self.coin_id = shop.loyalty_program()
        for holder, card in HOLDERS.items():
            shop.loyalty_card(card, 600, self.campaign_id, holder=holder)
        self.rewards = {
            "credits": self._reward("GIFT_VOUCHERS", {"type": "GIFT_VOUCHER",
                                                      "gift": {"amount": 0}}, 2000),
            "coupon": self._reward("DISCOUNT_COUPONS", {
                "type": "DISCOUNT_VOUCHER", "discount": {"type": "AMOUNT", "amount_off": 100}},
                None),
        }
        self.targets: list[JSON] = []
        """Succeeded redemptions (singles, parents and children) a rollback may aim at."""
        self.gift_cards: dict[str, str] = {}
        """Gift card codes handed to a holder by the credits reward."""

    def _reward(self, kind: str, template: JSON, balance: int | None) -> str:
        campaign = self.shop.ok("POST", "/v1/campaigns", {
            "name": kind, "campaign_type": kind, "voucher": template})
        parameters: JSON = {"id": campaign["id"]}
        if balance is not None:
            parameters["balance"] = balance
        reward = self.shop.ok("POST", "/v1/rewards", {
            "name": kind, "parameters": {"campaign": parameters}})
        self.shop.ok("POST", f"/v1/loyalties/{self.campaign_id}/rewards",
                     [{"reward": reward["id"], "parameters": {"loyalty": {"points": 50}}}])
        reward_id: str = reward["id"]
        return reward_id

    def play(self, operation: tuple[str, Any, Any]) -> None:
        kind, who, what = operation
        shop = self.shop
        if kind == "rollback":
            self._roll_back(who, what)
            return
        if kind in ("points", "reward"):
            self._member(who, what)
            return
        if kind in ("redeem", "fail"):
            redeemables = [shop.use(what)]
        elif kind == "gift":
            redeemables = [shop.use_gift("GIFT", what)]
        elif kind == "stack":
            redeemables = [shop.use("SAVE"), shop.use_gift("GIFT", what)]
        else:  # spend the credits a reward gave the holder, if any yet
            redeemables = [shop.use_gift(self.gift_cards.get(who, "NO-CARD-YET"), what)]
        response = shop.redeem(*redeemables, customer=who, amount=5000)
        if response.status == 200:
            self.targets.extend(response.body["redemptions"])
            if response.body["parent_redemption"] is not None:
                self.targets.append(response.body["parent_redemption"])

    def _member(self, holder: str, what: Any) -> None:
        path = f"/v1/loyalties/{self.campaign_id}/members/{HOLDERS[holder]}/redemption"
        if isinstance(what, int):
            body: JSON = {"reward": {"id": self.coin_id, "points": what},
                          "order": {"amount": 100000}}
        else:
            body = {"reward": {"id": self.rewards[what]}}
        response = self.shop.call("POST", path, body)
        if response.status == 200:
            self.targets.append(response.body)
            issued = response.body["reward"]["voucher"]
            if issued is not None and issued["type"] == "GIFT_VOUCHER":
                self.gift_cards[holder] = issued["code"]

    def _roll_back(self, index: int, endpoint: str) -> None:
        if not self.targets:
            return
        target = self.targets[index % len(self.targets)]
        self.shop.call("POST", f"/v1/redemptions/{target['id']}/{endpoint}", {})

    # -- the two sides of the property ---------------------------------------------------

    def records(self, customer: str) -> list[JSON]:
        """Every record GET /v1/redemptions lists for `customer`, page by page."""
        found: list[JSON] = []
        for page in range(1, 100):
            body = self.shop.ok("GET", "/v1/redemptions", query={
                "customer": customer, "limit": str(PAGE_SIZE), "page": str(page)})
            found.extend(body["redemptions"])
            if len(found) >= body["total"] or not body["redemptions"]:
                assert len(found) == body["total"]
                return found
        raise AssertionError("more records than 99 pages")

    def to_go(self, customer: str) -> tuple[int, int]:
        """Credits on the gift cards and points on the loyalty cards `customer` holds."""
        credits = points = 0
        if customer in self.gift_cards:
            credits = self.shop.voucher(self.gift_cards[customer])["gift"]["balance"]
        if customer in HOLDERS:
            points = self.shop.voucher(HOLDERS[customer])["loyalty_card"]["balance"]
        return credits, points


def derived(records: list[JSON], to_go: tuple[int, int]) -> JSON:
    """CustomerSummaryRedemptions counted from the records (9.7; parents not counted, A10)."""
    redemptions = [record for record in records if record["object"] == "redemption"
                   and not (record["related_object_type"] == "redemption"
                            and record["result"] == "SUCCESS")]
    rollbacks = [record for record in records if record["object"] == "redemption_rollback"]
    live = [record for record in redemptions if record["status"] == "SUCCEEDED"]
    return {
        "total_redeemed": len(redemptions),
        "total_failed": sum(record["result"] == "FAILURE" for record in redemptions),
        "total_succeeded": sum(record["result"] == "SUCCESS" for record in redemptions),
        "total_rolled_back": sum(record["status"] == "ROLLED_BACK" for record in redemptions),
        "total_rollback_failed": sum(record["result"] == "FAILURE" for record in rollbacks),
        "total_rollback_succeeded": sum(
            record["result"] == "SUCCESS" and record["related_object_type"] != "redemption"
            for record in rollbacks),
        "gift": {
            "redeemed_amount": sum((record["gift"] or {}).get("amount", 0) for record in live),
            "amount_to_go": to_go[0],
        },
        "loyalty_card": {
            "redeemed_points": sum(
                (record["loyalty_card"] or {}).get("points", 0) for record in live),
            "points_to_go": to_go[1],
        },
    }


class TestSummaryProperty:
    @settings(max_examples=max(3, settings().max_examples // 4))
    @given(st.lists(operations, min_size=1, max_size=14))
    def test_the_summary_counts_the_customers_records(
        self, played: list[tuple[str, Any, Any]]
    ) -> None:
        """For every customer: GET /v1/customers/{id} summary == counts of their records."""
        # given a world where the operations were played
        world = World(make_shop())
        for operation in played:
            world.play(operation)

        for customer in CUSTOMERS:
            records = world.records(customer)
            if not records and customer not in HOLDERS:
                continue  # never seen: no such customer
            # when
            summary = world.shop.ok("GET", f"/v1/customers/{customer}")["summary"]

            # then
            assert summary["redemptions"] == derived(records, world.to_go(customer)), customer

"""GET /v1/customers/{customerId}: the customer and its redemption summary (DOMAIN.md 9.7).

Method: alice goes through a known history (single, failed and stacked redemptions, a
rollback of each kind, a failed rollback, loyalty points and gift credits), then every
counter of `summary.redemptions` is compared with the number worked out by hand from that
history in the test's own comments. Parents of stacks are not counted, their children are
(A10). What the ledger does not keep (`summary.orders`, `loyalty`, `referrals`) must be null,
never a guess. The property that the counters always agree with the customer's records is
in `test_summary_property.py`.
"""

from __future__ import annotations

from tests.api import JSON, Shop, is_id

CUSTOMER_KEYS = {
    "id", "source_id", "name", "email", "phone", "birthday", "birthdate", "address",
    "metadata", "summary", "loyalty", "referrals", "system_metadata", "created_at",
    "updated_at", "assets", "object",
}


def _customer(shop: Shop, customer: str = "alice") -> JSON:
    result: JSON = shop.ok("GET", f"/v1/customers/{customer}")
    return result


def _history(shop: Shop) -> None:
    """Alice's history; the counters it must give are worked out in the test below."""
    shop.discount_voucher("ONCE", 500, quantity=1)
    shop.gift_card("GIFT-A", 5000)
    shop.percent_voucher("SAVE10", 10)
    campaign_id, coin_id = shop.loyalty_program()
    shop.loyalty_card("CARD", 1000, campaign_id, holder="alice")
    shop.redeemed(shop.use("ONCE"))                                  # 1 succeeded
    gift = shop.redeemed(shop.use_gift("GIFT-A", 2000))["redemptions"][0]  # 2 succeeded
    shop.redeem(shop.use("ONCE"))                                    # 3 failed
    stack = shop.redeemed(shop.use("SAVE10"), shop.use_gift("GIFT-A", 700))  # 4, 5 (+ parent)
    shop.redeemed(shop.use_points("CARD", coin_id, 30))              # 6 succeeded, 30 points
    shop.ok("POST", f"/v1/redemptions/{gift['id']}/rollback", {})     # rollback 1
    shop.call("POST", f"/v1/redemptions/{gift['id']}/rollback", {})   # failed rollback 1
    parent = stack["parent_redemption"]["id"]
    shop.ok("POST", f"/v1/redemptions/{parent}/rollbacks", {})        # rollbacks 2, 3 (+ parent)
    shop.redeemed(shop.use_gift("GIFT-A", 1200))                     # 7 succeeded


class TestCustomerSummary:
    def test_the_counters_follow_the_history(self, shop: Shop) -> None:
        """Every counter of CustomerSummaryRedemptions, parents not counted (A10)."""
        # given alice's history
        _history(shop)

        # when
        summary = _customer(shop)["summary"]["redemptions"]

        # then seven redemptions were attempted (the stack's parent is not one), one failed
        assert (summary["total_redeemed"], summary["total_failed"]) == (7, 1)
        assert summary["total_succeeded"] == 6
        # the single gift redemption and both children of the stack were rolled back
        assert summary["total_rolled_back"] == 3
        assert (summary["total_rollback_succeeded"], summary["total_rollback_failed"]) == (3, 1)
        # live spend: 1200 credits (2000 and 700 were returned) and 30 points
        assert summary["gift"]["redeemed_amount"] == 1200
        assert summary["loyalty_card"] == {"redeemed_points": 30, "points_to_go": 970}
        # alice holds no gift card: GIFT-A is nobody's
        assert summary["gift"]["amount_to_go"] == 0

    def test_credits_to_go_are_those_of_the_gift_cards_held(self, shop: Shop) -> None:
        """`gift.amount_to_go`: the balance of gift cards alice holds (a reward gave her one)."""
        # given alice bought 25.00 of credits with points, then spent 10.00 of them
        campaign_id, _ = shop.loyalty_program()
        shop.loyalty_card("CARD", 1000, campaign_id, holder="alice")
        gifts = shop.ok("POST", "/v1/campaigns", {
            "name": "Gifts", "campaign_type": "GIFT_VOUCHERS",
            "voucher": {"type": "GIFT_VOUCHER", "gift": {"amount": 0}}})
        reward = shop.ok("POST", "/v1/rewards", {
            "name": "credits", "parameters": {"campaign": {"id": gifts["id"], "balance": 2500}}})
        shop.ok("POST", f"/v1/loyalties/{campaign_id}/rewards",
                [{"reward": reward["id"], "parameters": {"loyalty": {"points": 100}}}])
        bought = shop.ok("POST", f"/v1/loyalties/{campaign_id}/members/CARD/redemption",
                         {"reward": {"id": reward["id"]}})
        code = bought["reward"]["voucher"]["code"]
        shop.redeemed(shop.use_gift(code, 1000))

        # when
        summary = _customer(shop)["summary"]["redemptions"]

        # then
        assert summary["gift"] == {"redeemed_amount": 1000, "amount_to_go": 1500}
        assert summary["loyalty_card"] == {"redeemed_points": 100, "points_to_go": 900}
        assert (summary["total_redeemed"], summary["total_succeeded"]) == (2, 2)

    def test_a_new_customer_has_nothing_yet(self, shop: Shop) -> None:
        """A customer whose only redemption failed: one failure, every other counter 0."""
        # given bob's only attempt failed
        shop.redeem(shop.use("NOPE"), customer="bob")

        # when
        summary = _customer(shop, "bob")["summary"]["redemptions"]

        # then
        assert summary == {
            "total_redeemed": 1, "total_failed": 1, "total_succeeded": 0,
            "total_rolled_back": 0, "total_rollback_failed": 0, "total_rollback_succeeded": 0,
            "gift": {"redeemed_amount": 0, "amount_to_go": 0},
            "loyalty_card": {"redeemed_points": 0, "points_to_go": 0},
        }


class TestCustomerObject:
    def test_the_customer_is_the_documented_object(self, shop: Shop) -> None:
        """Every key of the Customer; what the ledger does not keep is null."""
        # given alice, known by her source id, with a name and metadata
        shop.gift_card("GIFT-A", 5000)
        body = shop.redeem_body(shop.use_gift("GIFT-A", 100))
        body["customer"] = {"source_id": "alice", "name": "Alice", "email": "a@example.com",
                            "metadata": {"tier": "gold"}, "address": {"city": "Porto"}}
        shop.ok("POST", "/v1/redemptions", body)

        # when
        customer = _customer(shop)

        # then
        assert set(customer) == CUSTOMER_KEYS
        assert is_id("cust", customer["id"])
        assert (customer["source_id"], customer["name"], customer["email"]) == (
            "alice", "Alice", "a@example.com")
        assert customer["metadata"] == {"tier": "gold"}
        assert customer["address"]["city"] == "Porto"
        assert customer["object"] == "customer"
        assert customer["summary"]["orders"] == dict.fromkeys(
            ("total_amount", "total_count", "average_amount", "last_order_amount",
             "last_order_date"))
        assert (customer["loyalty"], customer["referrals"]) == (None, None)

    def test_an_id_and_a_source_id_find_the_same_customer(self, shop: Shop) -> None:
        """`cust_…` and the source id are both accepted in the path."""
        shop.redeem(shop.use("NOPE"))
        by_source = _customer(shop, "alice")
        assert _customer(shop, by_source["id"]) == by_source

    def test_an_unknown_customer_is_not_found(self, shop: Shop) -> None:
        """404 `not_found`, `resource_type: customer`."""
        error = shop.fails("GET", "/v1/customers/nobody", status=404)
        assert (error["key"], error["resource_type"], error["resource_id"]) == (
            "not_found", "customer", "nobody")

    def test_it_takes_no_query_parameters(self, shop: Shop) -> None:
        """A query parameter is `invalid_query_params`, named."""
        shop.redeem(shop.use("NOPE"))
        error = shop.fails("GET", "/v1/customers/alice", query={"expand": "summary"})
        assert error["key"] == "invalid_query_params"
        assert "'expand'" in error["details"]

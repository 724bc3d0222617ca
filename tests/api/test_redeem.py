"""POST /v1/redemptions and GET /v1/redemptions/{id} through the JSON API (DOMAIN.md 3, 7.1, 8, 9).

Method: one test class per use case (a single discount voucher, a stack, a gift card, a loyalty
card paying with points, a promotion tier, a refused redeemable, ALL and PARTIAL modes). Each
test builds its world through the API, redeems, and asserts the key values of the documented
Redemption: ids and prefixes, `object`, `result`/`status`, related objects, the order totals in
integer cents, and the live counters that GET /v1/vouchers/{code} then reports. Refusals must
record an `rf_` attempt that GET returns, and must change no balance or quantity.
"""

from __future__ import annotations

from collections.abc import Callable

from redemption_core import ApplicationMode
from tests.api import ISO_MILLISECONDS_Z, Shop, is_id


def _totals(order: dict[str, object]) -> tuple[object, object, object]:
    return order["discount_amount"], order["applied_discount_amount"], order["total_amount"]


class TestRedeemDiscountVoucher:
    def test_a_single_voucher_gives_one_redemption_and_no_parent(self, shop: Shop) -> None:
        """One redeemable: `redemptions` holds one `r_`, `parent_redemption` is null."""
        # given a 10.00 voucher
        voucher = shop.discount_voucher("SAVE10", 1000)

        # when alice redeems it on an order of 100.00
        result = shop.redeemed(shop.use("SAVE10"), amount=10000, order_source_id="o-1")

        # then one successful redemption with the documented shape
        assert result["parent_redemption"] is None
        assert result["inapplicable_redeemables"] == []
        assert result["skipped_redeemables"] == []
        [redemption] = result["redemptions"]
        assert is_id("r", redemption["id"])
        assert redemption["object"] == "redemption"
        assert ISO_MILLISECONDS_Z.fullmatch(redemption["date"])
        assert (redemption["result"], redemption["status"]) == ("SUCCESS", "SUCCEEDED")
        assert redemption["redemption"] is None
        assert redemption["related_object_type"] == "voucher"
        assert redemption["related_object_id"] == voucher["id"]
        assert is_id("cust", redemption["customer_id"])
        assert redemption["customer"]["source_id"] == "alice"
        assert redemption["tracking_id"].startswith("track_")
        assert redemption["voucher"]["code"] == "SAVE10"
        assert redemption["voucher"]["redemption"]["redeemed_quantity"] == 1
        assert (redemption["failure_code"], redemption["failure_message"]) == (None, None)

    def test_the_order_is_paid_and_keyed_by_the_redemption(self, shop: Shop) -> None:
        """The order has integer totals, status PAID and `redemptions[r_…]`."""
        # given a 10.00 voucher
        shop.discount_voucher("SAVE10", 1000)

        # when it is redeemed on an order of 100.00
        result = shop.redeemed(shop.use("SAVE10"), amount=10000, order_source_id="o-1")

        # then
        order = result["order"]
        redemption_id = result["redemptions"][0]["id"]
        assert is_id("ord", order["id"])
        assert order["object"] == "order"
        assert order["source_id"] == "o-1"
        assert order["status"] == "PAID"
        assert order["amount"] == 10000
        assert _totals(order) == (1000, 1000, 9000)
        assert order["customer_id"] == result["redemptions"][0]["customer_id"]
        assert list(order["redemptions"]) == [redemption_id]
        assert order["redemptions"][redemption_id]["related_object_type"] == "voucher"
        assert "stacked" not in order["redemptions"][redemption_id]

    def test_a_voucher_used_up_is_refused_and_the_attempt_recorded(self, shop: Shop) -> None:
        """Past its `redemption.quantity` a voucher is `quantity_exceeded` with an `rf_`."""
        # given a voucher usable once, used once
        shop.discount_voucher("ONCE", 1000, quantity=1)
        shop.redeemed(shop.use("ONCE"))
        before = shop.snapshot("ONCE")

        # when it is redeemed again
        error = shop.redeem(shop.use("ONCE")).body

        # then the attempt is refused and recorded, and the voucher unchanged
        assert error["key"] == "quantity_exceeded"
        assert is_id("rf", error["resource_id"])
        assert shop.snapshot("ONCE") == before
        assert shop.voucher("ONCE")["redemption"]["redeemed_quantity"] == 1


class TestRedeemStack:
    """The worked example of DOMAIN.md section 14 through the JSON API."""

    def _redeem(self, shop: Shop) -> dict[str, object]:
        shop.percent_voucher("SAVE10", 10, quantity=1)
        shop.gift_card("GIFT-A", 5000)
        return shop.redeemed(
            shop.use("SAVE10"), shop.use_gift("GIFT-A", 2000), amount=10000, order_source_id="o-1"
        )

    def test_each_child_carries_its_share_of_the_order(self, shop: Shop) -> None:
        """Child SAVE10: 1000 / 9000; child GIFT-A: amount 2000, 3000 / 2000 / 7000."""
        # given / when the worked example is redeemed
        result = self._redeem(shop)

        # then the children are in request order with the documented figures
        parent_id = result["parent_redemption"]["id"]
        save, gift = result["redemptions"]
        assert save["redemption"] == parent_id
        assert save["voucher"]["code"] == "SAVE10"
        assert save["amount"] is None
        assert _totals(save["order"]) == (1000, 1000, 9000)
        assert save["voucher"]["redemption"]["redeemed_quantity"] == 1
        assert gift["redemption"] == parent_id
        assert gift["voucher"]["code"] == "GIFT-A"
        assert gift["amount"] == 2000
        assert gift["gift"] == {"amount": 2000}
        assert _totals(gift["order"]) == (3000, 2000, 7000)
        assert gift["voucher"]["gift"]["balance"] == 3000

    def test_the_parent_covers_the_whole_request(self, shop: Shop) -> None:
        """Parent: `related_object_type: redemption`, itself as related object, no voucher."""
        # given / when
        result = self._redeem(shop)

        # then
        parent = result["parent_redemption"]
        assert is_id("r", parent["id"])
        assert parent["related_object_type"] == "redemption"
        assert parent["related_object_id"] == parent["id"]
        assert parent["redemption"] is None
        assert parent["voucher"] is None
        assert parent["amount"] is None
        assert _totals(parent["order"]) == (3000, 3000, 7000)
        children = [child["id"] for child in result["redemptions"]]
        assert [ref["id"] for ref in parent["related_redemptions"]["redemptions"]] == children

    def test_the_order_lists_the_stack_under_the_parent(self, shop: Shop) -> None:
        """`order.redemptions` has the parent key with `stacked` = the children, status PAID."""
        # given / when
        result = self._redeem(shop)

        # then
        order = result["order"]
        parent_id = result["parent_redemption"]["id"]
        assert order["status"] == "PAID"
        assert list(order["redemptions"]) == [parent_id]
        entry = order["redemptions"][parent_id]
        assert entry["related_object_type"] == "redemption"
        assert entry["related_object_id"] == parent_id
        assert entry["stacked"] == [child["id"] for child in result["redemptions"]]

    def test_get_returns_parent_and_children_as_stored(self, shop: Shop) -> None:
        """GET /v1/redemptions/{id} finds the parent and each child, succeeded."""
        # given the worked example redeemed
        result = self._redeem(shop)

        # when each is read back
        parent = shop.redemption(result["parent_redemption"]["id"])
        children = [shop.redemption(child["id"]) for child in result["redemptions"]]

        # then they are the same redemptions
        assert parent["object"] == "redemption"
        assert parent["status"] == "SUCCEEDED"
        assert [child["id"] for child in children] == [c["id"] for c in result["redemptions"]]
        assert {child["redemption"] for child in children} == {parent["id"]}
        assert children[1]["amount"] == 2000


class TestRedeemThirtyRedeemables:
    def test_thirty_redeemables_are_the_most_one_request_takes(self, shop: Shop) -> None:
        """30 redeemables (the limit) redeem as one stack; 31 is refused (test_errors.py)."""
        # given thirty vouchers of 0.10
        for number in range(30):
            shop.discount_voucher(f"V{number}", 10)

        # when all thirty are redeemed together
        result = shop.redeemed(*(shop.use(f"V{number}") for number in range(30)), amount=10000)

        # then thirty children share one parent and the order got 3.00 off
        assert len(result["redemptions"]) == 30
        assert {child["redemption"] for child in result["redemptions"]} == {
            result["parent_redemption"]["id"]
        }
        assert result["order"]["total_amount"] == 9700


class TestRedeemGiftCard:
    def test_the_credits_sent_are_taken_from_the_balance(self, shop: Shop) -> None:
        """`gift.credits` is charged: `amount` and `gift.amount` on the redemption."""
        # given a card of 50.00
        shop.gift_card("GIFT-A", 5000)

        # when 20.00 of it pays an order of 100.00
        [redemption] = shop.redeemed(shop.use_gift("GIFT-A", 2000), amount=10000)["redemptions"]

        # then
        assert redemption["amount"] == 2000
        assert redemption["gift"] == {"amount": 2000}
        assert redemption["loyalty_card"] is None
        assert _totals(redemption["order"]) == (2000, 2000, 8000)
        card = shop.voucher("GIFT-A")
        assert card["gift"]["balance"] == 3000
        assert card["redemption"]["redeemed_amount"] == 2000

    def test_without_credits_the_card_pays_what_it_can(self, shop: Shop) -> None:
        """Credits omitted: `min(balance, remaining total)` (assumption A2)."""
        # given a card of 50.00
        shop.gift_card("GIFT-A", 5000)

        # when it pays an order of 30.00 without naming credits
        [redemption] = shop.redeemed(shop.use_gift("GIFT-A"), amount=3000)["redemptions"]

        # then it pays the whole order and keeps the rest
        assert redemption["amount"] == 3000
        assert redemption["order"]["total_amount"] == 0
        assert shop.voucher("GIFT-A")["gift"]["balance"] == 2000

    def test_more_credits_than_the_balance_are_refused(self, shop: Shop) -> None:
        """Credits above the balance: `gift_amount_exceeded`, the balance untouched."""
        # given a card of 50.00
        shop.gift_card("GIFT-A", 5000)
        before = shop.snapshot("GIFT-A")

        # when 60.00 is asked of it
        error = shop.redeem(shop.use_gift("GIFT-A", 6000)).body

        # then
        assert error["key"] == "gift_amount_exceeded"
        assert (error["redeemable_type"], error["redeemable_id"]) == ("voucher", "GIFT-A")
        assert shop.snapshot("GIFT-A") == before


class TestRedeemLoyaltyCard:
    def test_points_pay_the_order_at_the_coin_rate(self, shop: Shop) -> None:
        """Pay with points: `amount` and `loyalty_card.points` are the points charged."""
        # given alice's card of 5000 points; 1 point pays 1.00
        campaign_id, reward_id = shop.loyalty_program()
        shop.loyalty_card("CARD", 5000, campaign_id, holder="alice")

        # when 30 points pay an order of 100.00
        [redemption] = shop.redeemed(
            shop.use_points("CARD", reward_id, 30), amount=10000, customer="alice"
        )["redemptions"]

        # then 30 points became 30.00 off
        assert redemption["amount"] == 30
        assert redemption["loyalty_card"] == {"points": 30}
        assert redemption["gift"] is None
        assert _totals(redemption["order"]) == (3000, 3000, 7000)
        assert redemption["reward"]["id"] == reward_id
        assert redemption["reward"]["object"] == "reward"
        assert is_id("rewa", redemption["reward"]["assignment_id"])
        card = shop.voucher("CARD")
        assert card["loyalty_card"]["balance"] == 4970
        assert card["redemption"]["redeemed_points"] == 30

    def test_only_the_holder_may_redeem_the_card(self, shop: Shop) -> None:
        """Another customer: `invalid_customer`, recorded as `rf_`, points untouched."""
        # given alice's card
        campaign_id, reward_id = shop.loyalty_program()
        shop.loyalty_card("CARD", 5000, campaign_id, holder="alice")
        before = shop.snapshot("CARD")

        # when bob uses it
        error = shop.redeem(shop.use_points("CARD", reward_id, 30), customer="bob").body

        # then
        assert error["key"] == "invalid_customer"
        assert is_id("rf", error["resource_id"])
        assert shop.snapshot("CARD") == before

    def test_more_points_than_the_balance_are_refused(self, shop: Shop) -> None:
        """Points above the balance: `loyalty_card_points_exceeded`."""
        # given alice's card of 50 points
        campaign_id, reward_id = shop.loyalty_program()
        shop.loyalty_card("CARD", 50, campaign_id, holder="alice")
        before = shop.snapshot("CARD")

        # when 60 are asked of it
        error = shop.redeem(shop.use_points("CARD", reward_id, 60), customer="alice").body

        # then
        assert error["key"] == "loyalty_card_points_exceeded"
        assert shop.snapshot("CARD") == before


class TestRedeemPromotionTier:
    def test_a_tier_is_redeemed_by_its_id(self, shop: Shop) -> None:
        """`{object: promotion_tier, id: promo_…}`: the redemption carries the tier snapshot."""
        # given a tier of 7.00 off
        tier = shop.promotion_tier("Promo", 700)

        # when it is redeemed without a customer
        [redemption] = shop.redeemed(shop.use_tier(tier["id"]), customer=None)["redemptions"]

        # then
        assert redemption["related_object_type"] == "promotion_tier"
        assert redemption["related_object_id"] == tier["id"]
        assert redemption["voucher"] is None
        assert redemption["customer_id"] is None
        assert redemption["promotion_tier"]["id"] == tier["id"]
        assert redemption["promotion_tier"]["object"] == "promotion_tier"
        assert redemption["promotion_tier"]["campaign"]["id"] == tier["campaign_id"]
        assert redemption["order"]["total_amount"] == 9300

    def test_an_unknown_tier_is_not_found(self, shop: Shop) -> None:
        """A tier id that does not exist: 404 `not_found`, attempt recorded."""
        # given / when
        error = shop.redeem(shop.use_tier("promo_nope")).body

        # then
        assert error["code"] == 404
        assert error["key"] == "not_found"
        assert (error["redeemable_type"], error["redeemable_id"]) == (
            "promotion_tier",
            "promo_nope",
        )


class TestFailedRedemption:
    def test_the_failed_attempt_is_recorded_and_readable(self, shop: Shop) -> None:
        """A refused redeemable: Error with `resource_id` = `rf_…` that GET returns FAILED."""
        # given a disabled voucher
        shop.discount_voucher("OFF", 500, active=False)

        # when it is redeemed
        response = shop.redeem(shop.use("OFF"))

        # then the Error points at the recorded attempt
        error = response.body
        assert response.status == 400
        assert error["key"] == "voucher_disabled"
        assert error["resource_type"] == "redemption"
        assert is_id("rf", error["resource_id"])
        assert (error["redeemable_type"], error["redeemable_id"]) == ("voucher", "OFF")
        # and GET returns it as a failed redemption with no effect
        failed = shop.redemption(error["resource_id"])
        assert failed["id"] == error["resource_id"]
        assert failed["object"] == "redemption"
        assert (failed["result"], failed["status"]) == ("FAILURE", "FAILED")
        assert failed["failure_code"] == "voucher_disabled"
        assert failed["failure_message"] == error["message"]
        assert failed["amount"] is None
        assert failed["order"] is None
        assert failed["voucher"]["code"] == "OFF"
        assert shop.voucher("OFF")["redemption"]["redeemed_quantity"] == 0

    def test_an_unknown_voucher_is_not_found_and_recorded(self, shop: Shop) -> None:
        """An unknown code: 404 `not_found` with an `rf_` the GET returns."""
        # given / when
        error = shop.redeem(shop.use("NOPE")).body

        # then
        assert error["code"] == 404
        assert error["key"] == "not_found"
        assert error["details"].startswith("$.redeemables[0].id: ")
        failed = shop.redemption(error["resource_id"])
        assert (failed["result"], failed["failure_code"]) == ("FAILURE", "not_found")


class TestAllMode:
    def test_a_stack_whose_second_item_fails_applies_nothing(self, shop: Shop) -> None:
        """ALL (default): one refused item fails the request; the first item is unapplied."""
        # given a gift card and a disabled voucher
        shop.gift_card("GIFT-A", 5000)
        shop.discount_voucher("OFF", 500, active=False)
        before = shop.snapshot("GIFT-A", "OFF")

        # when both are redeemed together, the disabled one second
        response = shop.redeem(
            shop.use_gift("GIFT-A", 2000), shop.use("OFF"), order_source_id="o-9"
        )

        # then the request fails on the second item and one rf_ documents it
        assert response.status == 400
        assert response.body["key"] == "voucher_disabled"
        assert response.body["details"].startswith("$.redeemables[1]")
        assert response.body["redeemable_id"] == "OFF"
        assert shop.redemption(response.body["resource_id"])["status"] == "FAILED"
        # and the gift card was not charged
        assert shop.snapshot("GIFT-A", "OFF") == before
        assert shop.voucher("GIFT-A")["gift"]["balance"] == 5000


class TestPartialMode:
    def test_applicable_items_apply_and_the_others_are_listed(
        self, new_shop: Callable[..., Shop]
    ) -> None:
        """PARTIAL: refused items are `inapplicable_redeemables`, the rest applies."""
        # given a PARTIAL world with a good voucher and a disabled one
        shop = new_shop(redeemables_application_mode=ApplicationMode.PARTIAL)
        shop.discount_voucher("GOOD", 500)
        shop.discount_voucher("OFF", 700, active=False)

        # when both are redeemed together
        result = shop.redeemed(shop.use("OFF"), shop.use("GOOD"))

        # then GOOD applied under a parent and OFF is listed with its reason
        [child] = result["redemptions"]
        assert child["voucher"]["code"] == "GOOD"
        assert child["redemption"] == result["parent_redemption"]["id"]
        assert result["order"]["total_amount"] == 9500
        [refused] = result["inapplicable_redeemables"]
        assert refused["status"] == "INAPPLICABLE"
        assert (refused["id"], refused["object"]) == ("OFF", "voucher")
        assert refused["result"]["details"]["key"] == "voucher_disabled"
        assert refused["result"]["error"]["key"] == "voucher_disabled"
        assert shop.voucher("OFF")["redemption"]["redeemed_quantity"] == 0

    def test_a_stack_with_nothing_applicable_fails_as_no_applicable_redeemables(
        self, new_shop: Callable[..., Shop]
    ) -> None:
        """PARTIAL, two redeemables, both refused: `no_applicable_redeemables` (decisions.md)."""
        # given a PARTIAL world with two disabled vouchers
        shop = new_shop(redeemables_application_mode=ApplicationMode.PARTIAL)
        shop.discount_voucher("OFF-1", 500, active=False)
        shop.discount_voucher("OFF-2", 700, active=False)

        # when both are redeemed together
        error = shop.redeem(shop.use("OFF-1"), shop.use("OFF-2")).body

        # then the whole request fails as "nothing applicable", recorded as one rf_
        assert error["key"] == "no_applicable_redeemables"
        assert is_id("rf", error["resource_id"])


class TestGetRedemption:
    def test_an_unknown_id_is_not_found(self, shop: Shop) -> None:
        """GET of an id that does not exist: 404 `not_found`, `resource_type: redemption`."""
        # given / when
        for unknown in ("r_nope", "rr_000000000000000001", "rf_nope"):
            error = shop.fails("GET", f"/v1/redemptions/{unknown}", status=404)

            # then
            assert error["key"] == "not_found"
            assert error["resource_type"] == "redemption"
            assert error["resource_id"] == unknown

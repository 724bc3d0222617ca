"""The catalog lifecycle through the JSON API (DOMAIN.md 17): what a redemption desk does
between redemptions. Every body is validated against the OpenAPI subset by `ValidatingApi`;
every refusal names its field and changes nothing (a snapshot before and after).
"""

from __future__ import annotations

from typing import Any

from tests.api import JSON, Shop


def card_campaign(shop: Shop, name: str = "Cards", amount: int = 5000) -> JSON:
    body = {
        "name": name,
        "campaign_type": "GIFT_VOUCHERS",
        "voucher": {"type": "GIFT_VOUCHER", "gift": {"amount": amount}},
    }
    result: JSON = shop.ok("POST", "/v1/campaigns", body)
    return result


def coupon_campaign(shop: Shop, name: str = "Coupons") -> JSON:
    body = {"name": name, "voucher": {"discount": {"type": "AMOUNT", "amount_off": 500}}}
    result: JSON = shop.ok("POST", "/v1/campaigns", body)
    return result


def transactions(shop: Shop, code: str, **query: str) -> list[JSON]:
    found: list[JSON] = shop.ok("GET", f"/v1/vouchers/{code}/transactions", query=query)["data"]
    return found


class TestListVouchers:
    def test_the_newest_voucher_comes_first_a_page_at_a_time(self, shop: Shop) -> None:
        """GET /v1/vouchers: newest first, `limit` per page, `total` counts every match."""
        # given three vouchers
        for code in ("A", "B", "C"):
            shop.discount_voucher(code, 100)
        # when the first two pages of two are read
        first = shop.ok("GET", "/v1/vouchers", query={"limit": "2"})
        second = shop.ok("GET", "/v1/vouchers", query={"limit": "2", "page": "2"})
        # then they hold C, B then A, and the total is 3
        assert [item["code"] for item in first["vouchers"]] == ["C", "B"]
        assert [item["code"] for item in second["vouchers"]] == ["A"]
        assert first["total"] == second["total"] == 3
        assert first["object"] == "list" and first["data_ref"] == "vouchers"

    def test_filters_name_the_campaign_and_the_holder(self, shop: Shop) -> None:
        """`campaign` and `customer` keep the campaign's vouchers and the holder's."""
        # given a card campaign with two cards, one published to alice, and a loose voucher
        card_campaign(shop)
        shop.ok("POST", "/v1/campaigns/Cards/vouchers/CARD-1")
        shop.ok("POST", "/v1/campaigns/Cards/vouchers/CARD-2")
        shop.discount_voucher("LOOSE", 100)
        body = {"customer": {"source_id": "alice"}, "voucher": "CARD-2"}
        shop.ok("POST", "/v1/publications", body)
        # when listed by campaign and by holder
        of_campaign = shop.ok("GET", "/v1/vouchers", query={"campaign": "Cards", "order": "code"})
        of_alice = shop.ok("GET", "/v1/vouchers", query={"customer": "alice"})
        # then
        assert [item["code"] for item in of_campaign["vouchers"]] == ["CARD-1", "CARD-2"]
        assert [item["code"] for item in of_alice["vouchers"]] == ["CARD-2"]

    def test_list_parameters_out_of_range_are_refused_naming_them(self, shop: Shop) -> None:
        """`limit` 1-100, `page` 1-99, a known `order`, no unknown keys."""
        for query, field in (
            ({"limit": "0"}, "limit"),
            ({"limit": "101"}, "limit"),
            ({"page": "100"}, "page"),
            ({"order": "balance"}, "order"),
            ({"color": "red"}, "color"),
            ({"created_at[after]": "yesterday"}, "created_at[after]"),
        ):
            error = shop.fails("GET", "/v1/vouchers", query=query)
            assert error["key"] == "invalid_query_params"
            assert field in error["details"], (query, error)


class TestListParameters:
    def test_every_lifecycle_list_refuses_parameters_out_of_range(self, shop: Shop) -> None:
        """400 `invalid_query_params` naming the parameter, on each list of DOMAIN.md 17."""
        shop.gift_card("GIFT", 100)
        for path, query, field in (
            ("/v1/customers", {"limit": "0"}, "limit"),
            ("/v1/customers", {"order": "name"}, "order"),
            ("/v1/customers", {"city": "Paris"}, "city"),
            ("/v1/publications", {"page": "100"}, "page"),
            ("/v1/publications", {"result": "SUCCESS"}, "result"),
            ("/v1/vouchers/GIFT/transactions", {"limit": "0"}, "limit"),
            ("/v1/vouchers/GIFT/transactions", {"order": "amount"}, "order"),
            ("/v1/vouchers/GIFT/transactions", {"page": "2"}, "page"),
            ("/v1/vouchers/GIFT/publications", {"limit": "1000"}, "limit"),
        ):
            error = shop.fails("GET", path, query=query)
            assert error["key"] == "invalid_query_params", (path, query)
            assert field in error["details"], (path, query, error)


class TestUpdateVoucher:
    def test_only_the_fields_sent_change(self, shop: Shop) -> None:
        """PUT /v1/vouchers/{code}: sent fields change, others stay, unknown keys are ignored."""
        # given a voucher with metadata
        shop.ok("POST", "/v1/vouchers/SAVE", {"discount": {"type": "AMOUNT", "amount_off": 100},
                                             "metadata": {"team": "desk"}})
        # when its category and quantity are updated (a `code` key is ignored)
        updated = shop.ok(
            "PUT",
            "/v1/vouchers/SAVE",
            {"category": "spring", "redemption": {"quantity": 3}, "code": "OTHER"},
        )
        # then
        assert updated["code"] == "SAVE"
        assert updated["category"] == "spring"
        assert updated["redemption"]["quantity"] == 3
        assert updated["metadata"] == {"team": "desk"}
        assert shop.voucher("SAVE")["category"] == "spring"

    def test_a_quantity_below_what_is_used_is_refused(self, shop: Shop) -> None:
        """`redemption.quantity` below `redeemed_quantity` is a 400 naming it."""
        # given a voucher redeemed twice
        shop.discount_voucher("TWICE", 100)
        shop.redeemed(shop.use("TWICE"))
        shop.redeemed(shop.use("TWICE"))
        before = shop.snapshot("TWICE")
        # when its quantity is set to 1
        error = shop.fails("PUT", "/v1/vouchers/TWICE", {"redemption": {"quantity": 1}})
        # then it is refused naming the field, and nothing changed
        assert error["key"] == "invalid_payload"
        assert "redemption.quantity" in error["details"]
        assert shop.snapshot("TWICE") == before

    def test_a_discount_on_a_gift_card_is_refused(self, shop: Shop) -> None:
        """Balances change only through the balance endpoint."""
        shop.gift_card("GIFT", 1000)
        before = shop.snapshot("GIFT")
        error = shop.fails(
            "PUT", "/v1/vouchers/GIFT", {"discount": {"type": "AMOUNT", "amount_off": 1}}
        )
        assert "discount" in error["details"]
        assert shop.snapshot("GIFT") == before

    def test_an_unknown_voucher_is_not_found(self, shop: Shop) -> None:
        error = shop.fails("PUT", "/v1/vouchers/NOPE", {"category": "x"}, status=404)
        assert error["key"] == "not_found"


class TestEnableAndDisable:
    def test_a_disabled_voucher_fails_and_an_enabled_one_redeems_again(self, shop: Shop) -> None:
        """9.1: `voucher_disabled` while disabled; enabling restores redemptions."""
        # given a voucher
        shop.discount_voucher("LEAK", 100)
        # when it is disabled
        disabled = shop.ok("POST", "/v1/vouchers/LEAK/disable")
        refused = shop.redeem(shop.use("LEAK"))
        # then a redemption fails with voucher_disabled
        assert disabled["active"] is False
        assert refused.status == 400
        assert refused.body["key"] == "voucher_disabled"
        # and once enabled it redeems
        assert shop.ok("POST", "/v1/vouchers/LEAK/enable")["active"] is True
        assert shop.redeemed(shop.use("LEAK"))["redemptions"][0]["result"] == "SUCCESS"

    def test_a_disabled_campaign_disables_its_vouchers_both_ways(self, shop: Shop) -> None:
        """17.3: a disabled campaign's vouchers fail with `voucher_disabled`."""
        coupon_campaign(shop)
        shop.ok("POST", "/v1/campaigns/Coupons/vouchers/C-1")
        assert shop.ok("POST", "/v1/campaigns/Coupons/disable")["active"] is False
        assert shop.redeem(shop.use("C-1")).body["key"] == "voucher_disabled"
        assert shop.ok("POST", "/v1/campaigns/Coupons/enable")["active"] is True
        assert shop.redeemed(shop.use("C-1"))["redemptions"][0]["result"] == "SUCCESS"

    def test_a_disabled_promotion_campaign_makes_its_tiers_inactive(self, shop: Shop) -> None:
        """9.1 step 2: a tier of a disabled campaign fails with `promotion_inactive`."""
        tier = shop.promotion_tier("Promo")
        shop.ok("POST", "/v1/campaigns/Promo/disable")
        assert shop.redeem(shop.use_tier(tier["id"])).body["key"] == "promotion_inactive"
        shop.ok("POST", "/v1/campaigns/Promo/enable")
        assert shop.redeemed(shop.use_tier(tier["id"]))["redemptions"][0]["result"] == "SUCCESS"


class TestDeleteVoucher:
    def test_a_deleted_voucher_is_gone_but_its_history_stays(self, shop: Shop) -> None:
        """17.1: 204; then 404 for reads, updates and redemptions; its records readable."""
        # given a redeemed voucher
        shop.discount_voucher("OLD", 100)
        redemption_id = shop.redeemed(shop.use("OLD"))["redemptions"][0]["id"]
        # when it is deleted
        response = shop.call("DELETE", "/v1/vouchers/OLD")
        # then
        assert (response.status, response.body) == (204, None)
        assert shop.fails("GET", "/v1/vouchers/OLD", status=404)["key"] == "not_found"
        assert shop.fails("PUT", "/v1/vouchers/OLD", {"category": "x"}, status=404)
        assert shop.redeem(shop.use("OLD")).status == 404
        assert shop.redemption(redemption_id)["voucher"]["code"] == "OLD"
        assert shop.ok("GET", "/v1/vouchers")["total"] == 0

    def test_the_code_is_reused_only_after_a_forced_delete(self, shop: Shop) -> None:
        """Without `force` the code stays taken (409); `force=true` frees it."""
        old = shop.discount_voucher("CODE", 100)
        shop.call("DELETE", "/v1/vouchers/CODE")
        body = {"discount": {"type": "AMOUNT", "amount_off": 200}}
        assert shop.fails("POST", "/v1/vouchers/CODE", body, status=409)["key"] == "duplicate_found"
        # a deleted voucher cannot be deleted again, force or not
        assert shop.call("DELETE", "/v1/vouchers/CODE", query={"force": "true"}).status == 404

        other = shop.discount_voucher("FREE", 100)
        shop.call("DELETE", "/v1/vouchers/FREE", query={"force": "true"})
        renewed = shop.ok("POST", "/v1/vouchers/FREE", body)
        assert renewed["id"] != other["id"]
        assert old["id"] != renewed["id"]

    def test_a_bad_force_flag_is_refused(self, shop: Shop) -> None:
        shop.discount_voucher("KEEP", 100)
        error = shop.fails("DELETE", "/v1/vouchers/KEEP", query={"force": "yes"})
        assert "force" in error["details"]
        assert shop.voucher("KEEP")["code"] == "KEEP"


class TestBalance:
    def test_a_top_up_adds_credits_and_is_a_transaction(self, shop: Shop) -> None:
        """POST /v1/vouchers/{code}/balance on a gift card: amount, total and balance."""
        card = shop.gift_card("GIFT", 5000)
        balance = shop.ok("POST", "/v1/vouchers/GIFT/balance", {"amount": 2500, "reason": "gift"})
        assert balance == {
            "amount": 2500,
            "total": 7500,
            "balance": 7500,
            "type": "gift_voucher",
            "operation_type": "MANUAL",
            "object": "balance",
            "related_object": {"type": "voucher", "id": card["id"]},
        }
        assert shop.voucher("GIFT")["gift"]["balance"] == 7500
        [added] = transactions(shop, "GIFT")
        assert (added["type"], added["details"]["balance"]["amount"]) == ("CREDITS_ADDITION", 2500)
        assert added["reason"] == "gift"
        assert added["id"].startswith("vtx_")

    def test_a_removal_below_zero_is_refused_naming_amount(self, shop: Shop) -> None:
        """A negative amount removes credits, never below 0."""
        shop.gift_card("GIFT", 1000)
        before = shop.snapshot("GIFT")
        error = shop.fails("POST", "/v1/vouchers/GIFT/balance", {"amount": -1001})
        assert error["key"] == "invalid_payload" and "amount" in error["details"]
        assert shop.snapshot("GIFT") == before
        assert transactions(shop, "GIFT") == []
        removed = shop.ok("POST", "/v1/vouchers/GIFT/balance", {"amount": -1000})
        assert (removed["balance"], removed["total"]) == (0, 1000)
        assert shop.voucher("GIFT")["gift"]["subtracted_amount"] == 1000

    def test_a_zero_amount_is_refused(self, shop: Shop) -> None:
        shop.gift_card("GIFT", 1000)
        error = shop.fails("POST", "/v1/vouchers/GIFT/balance", {"amount": 0})
        assert "amount" in error["details"]

    def test_a_discount_voucher_has_no_balance(self, shop: Shop) -> None:
        """Other voucher types are `invalid_voucher`."""
        shop.discount_voucher("SAVE", 100)
        before = shop.snapshot("SAVE")
        error = shop.fails("POST", "/v1/vouchers/SAVE/balance", {"amount": 100})
        assert error["key"] == "invalid_voucher"
        assert shop.snapshot("SAVE") == before

    def test_a_loyalty_card_needs_a_holder_for_points(self, shop: Shop) -> None:
        """Loyalty cards take points, once they have a holder."""
        campaign_id, _ = shop.loyalty_program()
        shop.ok("POST", "/v1/vouchers/LONELY", {"type": "LOYALTY_CARD",
                                               "loyalty_card": {"points": 10},
                                               "campaign_id": campaign_id})
        assert shop.fails("POST", "/v1/vouchers/LONELY/balance", {"amount": 5})["key"] == (
            "invalid_voucher"
        )
        shop.loyalty_card("HELD", 10, campaign_id)
        added = shop.ok("POST", "/v1/vouchers/HELD/balance", {"amount": 5})
        assert (added["type"], added["balance"], added["total"]) == ("loyalty_card", 15, 15)
        assert transactions(shop, "HELD")[0]["type"] == "POINTS_ADDITION"

    def test_a_retry_with_the_same_key_adds_once(self, shop: Shop) -> None:
        """Idempotency: the same key and body give the first outcome; another body is 409."""
        shop.gift_card("GIFT", 1000)
        api = shop.api
        first = api.call("POST", "/v1/vouchers/GIFT/balance", body={"amount": 100},
                         idempotency_key="k1")
        again = api.call("POST", "/v1/vouchers/GIFT/balance", body={"amount": 100},
                         idempotency_key="k1")
        other = api.call("POST", "/v1/vouchers/GIFT/balance", body={"amount": 200},
                         idempotency_key="k1")
        assert first.body == again.body
        assert other.status == 409 and other.body["key"] == "idempotency_key_reused"
        assert shop.voucher("GIFT")["gift"]["balance"] == 1100
        assert len(transactions(shop, "GIFT")) == 1


class TestTransactions:
    def test_redemptions_and_rollbacks_are_signed_transactions(self, shop: Shop) -> None:
        """Spend negative, refund positive; each names its redemption and rollback."""
        shop.gift_card("GIFT", 5000)
        redemption = shop.redeemed(shop.use_gift("GIFT", 1200), amount=1200)["redemptions"][0]
        rollback = shop.ok("POST", f"/v1/redemptions/{redemption['id']}/rollback")
        refund, spend = transactions(shop, "GIFT")
        assert (spend["type"], spend["details"]["balance"]["amount"]) == (
            "CREDITS_REDEMPTION", -1200,
        )
        assert spend["details"]["redemption"] == {"id": redemption["id"]}
        assert spend["details"]["balance"]["balance"] == 3800
        assert (refund["type"], refund["details"]["balance"]["amount"]) == ("CREDITS_REFUND", 1200)
        assert refund["details"]["rollback"] == {"id": rollback["id"]}
        assert refund["details"]["balance"]["balance"] == 5000

    def test_pages_follow_the_cursor_in_either_order(self, shop: Shop) -> None:
        """`limit`, `starting_after_id`, `order=id` (oldest first) and `-id` (default)."""
        shop.gift_card("GIFT", 0)
        for amount in (1, 2, 3, 4, 5):
            shop.ok("POST", "/v1/vouchers/GIFT/balance", {"amount": amount})
        first = shop.ok("GET", "/v1/vouchers/GIFT/transactions", query={"limit": "2"})
        after = first["more_starting_after"]
        second = shop.ok("GET", "/v1/vouchers/GIFT/transactions",
                         query={"limit": "2", "starting_after_id": after})
        oldest = transactions(shop, "GIFT", order="id", limit="10")

        def amounts(items: list[Any]) -> list[int]:
            return [item["details"]["balance"]["amount"] for item in items]

        assert amounts(first["data"]) == [5, 4] and first["has_more"] is True
        assert amounts(second["data"]) == [3, 2]
        assert amounts(oldest) == [1, 2, 3, 4, 5]

    def test_a_foreign_cursor_and_a_bad_limit_are_refused(self, shop: Shop) -> None:
        shop.gift_card("A", 0)
        shop.gift_card("B", 0)
        shop.ok("POST", "/v1/vouchers/A/balance", {"amount": 1})
        foreign = transactions(shop, "A")[0]["id"]
        error = shop.fails("GET", "/v1/vouchers/B/transactions",
                           query={"starting_after_id": foreign})
        assert "starting_after_id" in error["details"]
        assert "limit" in shop.fails("GET", "/v1/vouchers/A/transactions",
                                     query={"limit": "101"})["details"]


class TestCampaigns:
    def test_a_campaign_is_read_by_id_or_name_and_updated(self, shop: Shop) -> None:
        """GET and PUT /v1/campaigns/{campaignId}."""
        made = coupon_campaign(shop)
        assert made["campaign_type"] == "DISCOUNT_COUPONS"  # the spec's default
        assert shop.ok("GET", f"/v1/campaigns/{made['id']}")["name"] == "Coupons"
        updated = shop.ok("PUT", "/v1/campaigns/Coupons", {"description": "spring sale"})
        assert updated["description"] == "spring sale"
        assert shop.ok("GET", "/v1/campaigns/Coupons")["description"] == "spring sale"

    def test_codes_are_added_from_the_template(self, shop: Shop) -> None:
        """POST /v1/campaigns/{id}/vouchers[/{code}]: generated or given; duplicates 409."""
        card_campaign(shop, amount=2500)
        named = shop.ok("POST", "/v1/campaigns/Cards/vouchers/CARD-1", {"category": "desk"})
        generated = shop.ok("POST", "/v1/campaigns/Cards/vouchers")
        assert (named["gift"]["balance"], named["category"]) == (2500, "desk")
        assert generated["code"] != "CARD-1" and generated["campaign"] == "Cards"
        assert shop.ok("GET", "/v1/campaigns/Cards")["vouchers_count"] == 2
        error = shop.fails("POST", "/v1/campaigns/Cards/vouchers/CARD-1", status=409)
        assert error["key"] == "duplicate_found"
        assert shop.ok("GET", "/v1/campaigns/Cards")["vouchers_count"] == 2

    def test_a_deleted_campaign_takes_its_vouchers_along(self, shop: Shop) -> None:
        """DELETE /v1/campaigns/{id}: 202; the campaign and its vouchers are 404 after."""
        coupon_campaign(shop)
        shop.ok("POST", "/v1/campaigns/Coupons/vouchers/C-1")
        response = shop.call("DELETE", "/v1/campaigns/Coupons")
        assert response.status == 202
        assert shop.fails("GET", "/v1/campaigns/Coupons", status=404)["key"] == "not_found"
        assert shop.fails("GET", "/v1/vouchers/C-1", status=404)["key"] == "not_found"
        assert shop.fails("POST", "/v1/campaigns/Coupons/vouchers", status=404)


class TestCustomers:
    def test_create_upsert_list_update_delete(self, shop: Shop) -> None:
        """POST (upsert by source_id), GET list, PUT and DELETE /v1/customers."""
        made = shop.ok("POST", "/v1/customers", {"source_id": "bob", "name": "Bob"})
        again = shop.ok("POST", "/v1/customers", {"source_id": "bob", "email": "b@x.io"})
        assert again["id"] == made["id"]
        assert (again["name"], again["email"]) == ("Bob", "b@x.io")
        shop.ok("POST", "/v1/customers", {"source_id": "carol"})
        listed = shop.ok("GET", "/v1/customers")
        assert [item["source_id"] for item in listed["customers"]] == ["carol", "bob"]
        updated = shop.ok("PUT", "/v1/customers/bob", {"name": None, "phone": "123"})
        assert (updated["name"], updated["phone"], updated["email"]) == (None, "123", "b@x.io")
        assert shop.call("DELETE", "/v1/customers/bob").status == 204
        assert shop.fails("GET", f"/v1/customers/{made['id']}", status=404)["key"] == "not_found"
        assert shop.ok("GET", "/v1/customers")["total"] == 1

    def test_a_deleted_customer_leaves_redemptions_with_their_snapshot(self, shop: Shop) -> None:
        shop.discount_voucher("SAVE", 100)
        redemption = shop.redeemed(shop.use("SAVE"), customer="dave")["redemptions"][0]
        shop.call("DELETE", "/v1/customers/dave")
        assert shop.redemption(redemption["id"])["customer"]["source_id"] == "dave"
        # the source id is free again: the next redemption creates a new customer
        again = shop.redeemed(shop.use("SAVE"), customer="dave")["redemptions"][0]
        assert again["customer_id"] != redemption["customer_id"]

    def test_the_lifecycle_is_the_customers_activity(self, shop: Shop) -> None:
        """`customer.created`, `customer.publication.succeeded`, the card's balance_added."""
        card_campaign(shop)
        shop.ok("POST", "/v1/campaigns/Cards/vouchers/CARD-1")
        shop.ok("POST", "/v1/customers", {"source_id": "erin"})
        body = {"customer": {"source_id": "erin"}, "voucher": "CARD-1"}
        shop.ok("POST", "/v1/publications", body)
        shop.ok("POST", "/v1/vouchers/CARD-1/balance", {"amount": 100})
        feed = shop.ok("GET", "/v1/customers/erin/activity", query={"order": "created_at"})
        assert [item["type"] for item in feed["data"]] == [
            "customer.created",
            "customer.publication.succeeded",
            "customer.voucher.gift.balance_added",
        ]
        balance = feed["data"][2]["data"]["data"]
        assert balance["balance"]["amount"] == 100 and balance["voucher"]["code"] == "CARD-1"


class TestPublications:
    def test_a_campaign_voucher_is_published_to_a_customer(self, shop: Shop) -> None:
        """POST /v1/publications with a campaign: the customer holds the next free voucher."""
        card_campaign(shop)
        shop.ok("POST", "/v1/campaigns/Cards/vouchers/CARD-1")
        published = shop.ok(
            "POST", "/v1/publications", {"customer": {"source_id": "fay"},
                                         "campaign": {"name": "Cards"}}
        )
        assert published["id"].startswith("pub_") and published["result"] == "SUCCESS"
        voucher = published["voucher"]
        assert voucher["code"] == "CARD-1"
        assert voucher["holder_id"] == published["customer_id"]
        assert voucher["publish"]["count"] == 1
        # the voucher's publish.url and redemption.url are routes that answer
        listed = shop.ok("GET", voucher["publish"]["url"].split("?")[0], query={"limit": "10"})
        assert [item["id"] for item in listed["publications"]] == [published["id"]]
        redemptions = shop.ok("GET", voucher["redemption"]["url"].split("?")[0])
        assert redemptions["total"] == 0

    def test_an_empty_campaign_has_nothing_to_publish(self, shop: Shop) -> None:
        """`no_voucher_suitable_for_publication`, and no customer or publication written."""
        card_campaign(shop)
        error = shop.fails("POST", "/v1/publications", {"customer": {"source_id": "gus"},
                                                         "campaign": {"name": "Cards"}})
        assert error["key"] == "no_voucher_suitable_for_publication"
        assert shop.ok("GET", "/v1/publications")["total"] == 0
        assert shop.fails("GET", "/v1/customers/gus", status=404)

    def test_the_same_source_id_and_join_once_return_the_first(self, shop: Shop) -> None:
        """Idempotent by `source_id`; `join_once=true` returns the customer's publication."""
        card_campaign(shop)
        for code in ("CARD-1", "CARD-2", "CARD-3"):
            shop.ok("POST", f"/v1/campaigns/Cards/vouchers/{code}")
        body = {"customer": {"source_id": "hal"}, "campaign": {"name": "Cards"},
                "source_id": "mail-1"}
        first = shop.ok("POST", "/v1/publications", body)
        again = shop.ok("POST", "/v1/publications", body)
        joined = shop.ok("POST", "/v1/publications",
                         {"customer": {"source_id": "hal"}, "campaign": {"name": "Cards"}},
                         query={"join_once": "true"})
        assert again["id"] == first["id"] == joined["id"]
        assert shop.ok("GET", "/v1/publications")["total"] == 1

    def test_a_voucher_held_by_another_customer_is_refused(self, shop: Shop) -> None:
        card_campaign(shop)
        shop.ok("POST", "/v1/campaigns/Cards/vouchers/CARD-1")
        shop.ok("POST", "/v1/publications", {"customer": {"source_id": "ivy"}, "voucher": "CARD-1"})
        error = shop.fails("POST", "/v1/publications",
                           {"customer": {"source_id": "jo"}, "voucher": "CARD-1"})
        assert error["key"] == "voucher_already_published"

    def test_several_vouchers_at_once_are_listed_by_code(self, shop: Shop) -> None:
        card_campaign(shop)
        for code in ("CARD-1", "CARD-2"):
            shop.ok("POST", f"/v1/campaigns/Cards/vouchers/{code}")
        published = shop.ok("POST", "/v1/publications",
                            {"customer": {"source_id": "kim"},
                             "campaign": {"name": "Cards", "count": 2}})
        assert published["vouchers"] == ["CARD-1", "CARD-2"]
        error = shop.fails("POST", "/v1/publications",
                           {"customer": {"source_id": "kim"},
                            "campaign": {"name": "Cards", "count": 51}})
        assert "campaign.count" in error["details"]


class TestOutbox:
    def test_lifecycle_changes_are_events(self, shop: Shop) -> None:
        """Balance adjusted, voucher disabled/enabled/deleted: each an outbox event."""
        shop.gift_card("GIFT", 100)
        shop.ok("POST", "/v1/vouchers/GIFT/balance", {"amount": 5})
        shop.ok("POST", "/v1/vouchers/GIFT/disable")
        shop.ok("POST", "/v1/vouchers/GIFT/enable")
        shop.call("DELETE", "/v1/vouchers/GIFT")
        types = [event.type.value for _, event in shop.api.ledger.events_after(0, 100)]
        assert types == [
            "voucher.gift.balance_added",
            "voucher.disabled",
            "voucher.enabled",
            "voucher.deleted",
        ]


class TestLoyaltyTransactions:
    def test_points_spent_on_a_reward_and_credits_it_gives_are_transactions(
        self, shop: Shop
    ) -> None:
        """A member reward redemption: POINTS_REDEMPTION on the card, CREDITS_ADDITION on
        the gift card it tops up; the rollback refunds the points."""
        # given alice's loyalty card with 1000 points and a reward of 25.00 credits for 200
        campaign_id, _ = shop.loyalty_program()
        shop.loyalty_card("CARD-1", 1000, campaign_id)
        gifts = card_campaign(shop, "Gifts", amount=0)
        reward = shop.ok("POST", "/v1/rewards", {
            "name": "credits", "parameters": {"campaign": {"id": gifts["id"], "balance": 2500}}})
        shop.ok("POST", f"/v1/loyalties/{campaign_id}/rewards",
                [{"reward": reward["id"], "parameters": {"loyalty": {"points": 200}}}])
        # when alice buys it, and the redemption is rolled back
        path = f"/v1/loyalties/{campaign_id}/members/CARD-1/redemption"
        bought = shop.ok("POST", path, {"reward": {"id": reward["id"]}})
        gift_code = bought["reward"]["voucher"]["code"]
        shop.ok("POST", f"/v1/redemptions/{bought['id']}/rollback")
        # then the card shows the spend and the refund, the gift card the addition
        card = [(item["type"], item["details"]["balance"]["points"])
                for item in transactions(shop, "CARD-1")]
        assert card == [("POINTS_REFUND", 200), ("POINTS_REDEMPTION", -200)]
        gift = [(item["type"], item["details"]["balance"]["amount"])
                for item in transactions(shop, gift_code)]
        assert gift == [("CREDITS_ADDITION", 2500)]
        assert transactions(shop, "CARD-1")[1]["details"]["redemption"] == {"id": bought["id"]}

"""The catalog endpoints return exactly the documented objects (DOMAIN.md 15, 2.1-2.3).

Method: set up each kind of catalog object through the JSON API, as a replay file or an HTTP
client would, and assert the key values a caller relies on: wire names, `object` values, id
prefixes, dates in ISO 8601 UTC with milliseconds and `Z`, integer money. Every body is also
validated against the OpenAPI subset by `ValidatingApi`, and `Shop.ok` checks the date and
money conventions over the whole body. Each use case then gets its documented refusals
(404 for a missing referenced object, 409 for a duplicate).
"""

from __future__ import annotations

from tests.api import Shop, is_id, wire_convention_breaches


class TestCreateVoucher:
    def test_a_discount_voucher_is_created_with_the_code_from_the_body(self, shop: Shop) -> None:
        """POST /v1/vouchers with `code` returns the Voucher with its counters at zero."""
        # given a discount voucher body
        body = {"code": "SAVE5", "discount": {"type": "AMOUNT", "amount_off": 500}}

        # when it is posted
        voucher = shop.ok("POST", "/v1/vouchers", body)

        # then it is the documented Voucher of that code
        assert is_id("v", voucher["id"])
        assert voucher["object"] == "voucher"
        assert voucher["code"] == "SAVE5"
        assert voucher["type"] == "DISCOUNT_VOUCHER"
        assert voucher["discount"] == {
            "type": "AMOUNT",
            "amount_off": 500,
            "effect": "APPLY_TO_ORDER",
        }
        assert voucher["gift"] is None
        assert voucher["loyalty_card"] is None
        assert voucher["active"] is True
        assert voucher["holder_id"] is None
        assert voucher["created_at"] == "2026-01-01T00:00:00.000Z"
        assert voucher["redemption"]["quantity"] is None
        assert voucher["redemption"]["redeemed_quantity"] == 0
        assert voucher["redemption"]["object"] == "list"
        assert voucher["publish"] == {
            "object": "list",
            "count": 0,
            "url": "/v1/vouchers/SAVE5/publications?page=1&limit=10",
        }

    def test_the_code_in_the_path_names_the_voucher(self, shop: Shop) -> None:
        """POST /v1/vouchers/{code} creates the voucher with the path's code."""
        # given no voucher PATH-CODE
        # when one is posted to its own path
        voucher = shop.ok(
            "POST", "/v1/vouchers/PATH-CODE", {"discount": {"type": "FIXED", "fixed_amount": 900}}
        )

        # then the path's code is the voucher's, and GET finds it by that code
        assert voucher["code"] == "PATH-CODE"
        assert voucher["discount"] == {
            "type": "FIXED",
            "fixed_amount": 900,
            "effect": "APPLY_TO_ORDER",
        }
        assert shop.voucher("PATH-CODE")["id"] == voucher["id"]

    def test_a_code_config_pattern_generates_the_code(self, shop: Shop) -> None:
        """Without `code`, `code_config.pattern` makes one: `#` is a random character."""
        # given a pattern with a prefix and four random characters
        body = {
            "type": "GIFT_VOUCHER",
            "gift": {"amount": 5000},
            "code_config": {"pattern": "GC-####"},
        }

        # when the voucher is created
        voucher = shop.ok("POST", "/v1/vouchers", body)

        # then the code follows the pattern and names the voucher
        assert voucher["code"].startswith("GC-")
        assert len(voucher["code"]) == len("GC-####")
        assert shop.voucher(voucher["code"])["id"] == voucher["id"]

    def test_a_gift_card_starts_with_its_amount_as_balance(self, shop: Shop) -> None:
        """A GIFT_VOUCHER has `gift {amount, balance}` in cents and `redeemed_amount` 0."""
        # given / when a gift card of 50.00 is created
        card = shop.gift_card("GIFT-A", 5000)

        # then its balance is the amount, in integer cents
        assert card["type"] == "GIFT_VOUCHER"
        assert card["discount"] is None
        assert card["gift"]["amount"] == 5000
        assert card["gift"]["balance"] == 5000
        assert card["redemption"]["redeemed_amount"] == 0

    def test_a_loyalty_card_starts_with_its_points_as_balance(self, shop: Shop) -> None:
        """A LOYALTY_CARD of a loyalty campaign has `loyalty_card {points, balance}`."""
        # given a loyalty program
        campaign_id, _ = shop.loyalty_program()

        # when a card of 700 points joins it
        card = shop.ok(
            "POST",
            "/v1/vouchers/CARD-1",
            {"type": "LOYALTY_CARD", "loyalty_card": {"points": 700}, "campaign_id": campaign_id},
        )

        # then it belongs to the campaign and holds the points
        assert card["campaign_id"] == campaign_id
        assert card["campaign"] == "Loyalty"
        assert card["loyalty_card"]["points"] == 700
        assert card["loyalty_card"]["balance"] == 700
        assert card["redemption"]["redeemed_points"] == 0

    def test_dates_with_an_offset_are_returned_in_utc_with_milliseconds(self, shop: Shop) -> None:
        """An offset or a bare date on input is emitted as `YYYY-MM-DDTHH:MM:SS.mmmZ`."""
        # given a start date two hours east of UTC and an expiration date without a time
        body = {
            "discount": {"type": "PERCENT", "percent_off": 10, "amount_limit": 700},
            "start_date": "2026-03-01T10:00:00+02:00",
            "expiration_date": "2027-01-01",
        }

        # when the voucher is created
        voucher = shop.ok("POST", "/v1/vouchers/DATED", body)

        # then both dates are UTC with milliseconds and Z; the limit stays integer cents
        assert voucher["start_date"] == "2026-03-01T08:00:00.000Z"
        assert voucher["expiration_date"] == "2027-01-01T00:00:00.000Z"
        assert voucher["discount"] == {
            "type": "PERCENT",
            "percent_off": 10,
            "amount_limit": 700,
            "effect": "APPLY_TO_ORDER",
        }

    def test_an_existing_code_is_refused_as_a_duplicate(self, shop: Shop) -> None:
        """A second voucher with a code that exists is 409 `duplicate_found`."""
        # given voucher SAVE5
        first = shop.discount_voucher("SAVE5")

        # when another SAVE5 is posted
        error = shop.fails(
            "POST",
            "/v1/vouchers",
            {"code": "SAVE5", "discount": {"type": "AMOUNT", "amount_off": 1}},
            status=409,
        )

        # then it is refused and the first one is unchanged
        assert error["key"] == "duplicate_found"
        assert error["resource_type"] == "voucher"
        assert error["resource_id"] == "SAVE5"
        assert shop.voucher("SAVE5") == first

    def test_a_body_code_that_contradicts_the_path_is_refused(self, shop: Shop) -> None:
        """POST /v1/vouchers/{code} with another `code` in the body is `invalid_payload`."""
        # given / when the body names another code than the path
        error = shop.fails(
            "POST",
            "/v1/vouchers/ABC",
            {"code": "XYZ", "discount": {"type": "AMOUNT", "amount_off": 1}},
        )

        # then the error names the field, and neither code exists
        assert error["key"] == "invalid_payload"
        assert error["details"].startswith("$.code: ")
        assert shop.fails("GET", "/v1/vouchers/ABC", status=404)["resource_type"] == "voucher"
        assert shop.fails("GET", "/v1/vouchers/XYZ", status=404)["resource_type"] == "voucher"

    def test_an_unknown_campaign_is_not_found(self, shop: Shop) -> None:
        """A voucher naming a campaign that does not exist is 404 with `resource_type`."""
        # given / when a voucher names campaign camp_nope
        error = shop.fails(
            "POST",
            "/v1/vouchers/G1",
            {"type": "GIFT_VOUCHER", "gift": {"amount": 1000}, "campaign_id": "camp_nope"},
            status=404,
        )

        # then the campaign is reported missing
        assert error["key"] == "not_found"
        assert error["resource_type"] == "campaign"
        assert error["resource_id"] == "camp_nope"


class TestGetVoucher:
    def test_the_counters_are_live(self, shop: Shop) -> None:
        """GET shows the current `redeemed_quantity`, `balance` and `redeemed_amount`."""
        # given a gift card of 5000 and a voucher usable twice
        shop.gift_card("GIFT-A", 5000)
        shop.discount_voucher("SAVE5", 500, quantity=2)

        # when both are redeemed once
        shop.redeemed(shop.use("SAVE5"), shop.use_gift("GIFT-A", 1200))

        # then GET reports the spend
        gift = shop.voucher("GIFT-A")
        assert gift["gift"]["balance"] == 3800
        assert gift["redemption"]["redeemed_amount"] == 1200
        assert gift["redemption"]["redeemed_quantity"] == 1
        save = shop.voucher("SAVE5")
        assert save["redemption"] == {
            "quantity": 2,
            "redeemed_quantity": 1,
            "object": "list",
            "url": "/v1/vouchers/SAVE5/redemptions?page=1&limit=10",
        }
        assert save["updated_at"] is not None

    def test_an_unknown_code_is_not_found(self, shop: Shop) -> None:
        """GET of a code that does not exist is 404 `not_found`, `resource_type: voucher`."""
        # given / when
        error = shop.fails("GET", "/v1/vouchers/NOPE", status=404)

        # then
        assert error["key"] == "not_found"
        assert error["resource_type"] == "voucher"
        assert error["resource_id"] == "NOPE"


class TestCreateCampaign:
    def test_a_promotion_is_created_with_its_tiers_in_request_order(self, shop: Shop) -> None:
        """A PROMOTION returns `promotion: {object: list, data_ref: tiers, tiers, total}`."""
        # given a promotion with two tiers
        body = {
            "name": "Spring",
            "campaign_type": "PROMOTION",
            "promotion": {
                "tiers": [
                    {
                        "name": "small",
                        "action": {"discount": {"type": "AMOUNT", "amount_off": 300}},
                    },
                    {"name": "big", "action": {"discount": {"type": "PERCENT", "percent_off": 20}}},
                ]
            },
        }

        # when it is created
        campaign = shop.ok("POST", "/v1/campaigns", body)

        # then the campaign lists both tiers with their own ids, in order
        assert is_id("camp", campaign["id"])
        assert campaign["object"] == "campaign"
        assert campaign["campaign_type"] == "PROMOTION"
        assert campaign["voucher"] is None
        promotion = campaign["promotion"]
        assert promotion["object"] == "list"
        assert promotion["data_ref"] == "tiers"
        assert promotion["total"] == 2
        assert promotion["has_more"] is False
        assert [tier["name"] for tier in promotion["tiers"]] == ["small", "big"]
        assert all(is_id("promo", tier["id"]) for tier in promotion["tiers"])
        assert {tier["campaign_id"] for tier in promotion["tiers"]} == {campaign["id"]}

    def test_a_voucher_campaign_keeps_its_template_and_generates_codes(self, shop: Shop) -> None:
        """A GIFT_VOUCHERS campaign echoes its `voucher` template and `vouchers_count`."""
        # given a gift campaign that generates two cards of 10.00
        body = {
            "name": "Gifts",
            "campaign_type": "GIFT_VOUCHERS",
            "voucher": {"type": "GIFT_VOUCHER", "gift": {"amount": 1000}},
            "vouchers_count": 2,
        }

        # when it is created
        campaign = shop.ok("POST", "/v1/campaigns", body)

        # then the template and the count are echoed
        assert campaign["campaign_type"] == "GIFT_VOUCHERS"
        assert campaign["voucher"]["type"] == "GIFT_VOUCHER"
        assert campaign["voucher"]["gift"]["amount"] == 1000
        assert campaign["vouchers_count"] == 2
        assert "promotion" not in campaign

    def test_a_second_campaign_of_the_same_name_is_a_duplicate(self, shop: Shop) -> None:
        """Campaign names are unique: 409 `duplicate_found`, `resource_type: campaign`."""
        # given campaign Promo
        shop.ok("POST", "/v1/campaigns", {"name": "Promo", "campaign_type": "PROMOTION"})

        # when another Promo is created
        error = shop.fails(
            "POST", "/v1/campaigns", {"name": "Promo", "campaign_type": "PROMOTION"}, status=409
        )

        # then
        assert error["key"] == "duplicate_found"
        assert error["resource_type"] == "campaign"


class TestCreatePromotionTier:
    def test_a_tier_is_added_after_the_existing_ones(self, shop: Shop) -> None:
        """POST /v1/promotions/{id}/tiers returns the PromotionTier with its campaign."""
        # given a promotion with one tier
        first = shop.promotion_tier("Promo", 300)

        # when a second tier is added
        tier = shop.promotion_tier("Promo", 500)

        # then it is the documented tier, ordered after the first
        assert is_id("promo", tier["id"])
        assert tier["object"] == "promotion_tier"
        assert tier["action"] == {
            "discount": {"type": "AMOUNT", "amount_off": 500, "effect": "APPLY_TO_ORDER"}
        }
        assert tier["campaign_id"] == first["campaign_id"]
        assert tier["promotion_id"] == first["campaign_id"]
        assert tier["campaign"]["id"] == first["campaign_id"]
        assert tier["campaign"]["object"] == "campaign"
        assert tier["hierarchy"] > first["hierarchy"]
        assert tier["summary"] == {
            "redemptions": {"total_redeemed": 0},
            "orders": {"total_amount": 0, "total_discount_amount": 0},
        }

    def test_an_unknown_campaign_is_not_found(self, shop: Shop) -> None:
        """A tier for a campaign that does not exist is 404, `resource_type: campaign`."""
        # given / when
        error = shop.fails("POST", "/v1/promotions/camp_nope/tiers", {"name": "t"}, status=404)

        # then
        assert error["key"] == "not_found"
        assert error["resource_type"] == "campaign"
        assert error["resource_id"] == "camp_nope"

    def test_a_campaign_that_is_not_a_promotion_is_refused(self, shop: Shop) -> None:
        """Tiers belong to PROMOTION campaigns only: 400 `invalid_payload`."""
        # given a loyalty program
        campaign_id, _ = shop.loyalty_program()

        # when a tier is added to it
        error = shop.fails("POST", f"/v1/promotions/{campaign_id}/tiers", {"name": "t"})

        # then
        assert error["key"] == "invalid_payload"
        assert "PROMOTION" in error["details"]


class TestCreateReward:
    def test_a_coin_reward_takes_numeric_strings_and_returns_numbers(self, shop: Shop) -> None:
        """COIN ratios may be sent as strings; the Reward returns them as JSON numbers."""
        # given / when a pay-with-points reward is created with string ratios
        reward = shop.ok(
            "POST",
            "/v1/rewards",
            {
                "name": "coin",
                "type": "COIN",
                "parameters": {"coin": {"exchange_ratio": "0.5", "points_ratio": "10"}},
            },
        )

        # then
        assert is_id("rew", reward["id"])
        assert reward["object"] == "reward"
        assert reward["type"] == "COIN"
        assert reward["parameters"] == {"coin": {"exchange_ratio": 0.5, "points_ratio": 10}}
        assert reward["redeemed"] == 0

    def test_a_campaign_reward_echoes_the_campaign_type(self, shop: Shop) -> None:
        """A CAMPAIGN reward's type comes from `parameters`; the campaign's type is added."""
        # given a gift campaign
        gifts = shop.ok(
            "POST",
            "/v1/campaigns",
            {
                "name": "Gifts",
                "campaign_type": "GIFT_VOUCHERS",
                "voucher": {"type": "GIFT_VOUCHER", "gift": {"amount": 1}},
            },
        )

        # when a reward adding 5.00 credits is created without `type`
        reward = shop.ok(
            "POST",
            "/v1/rewards",
            {"name": "credits", "parameters": {"campaign": {"id": gifts["id"], "balance": 500}}},
        )

        # then
        assert reward["type"] == "CAMPAIGN"
        assert reward["parameters"] == {
            "campaign": {"id": gifts["id"], "balance": 500, "type": "GIFT_VOUCHERS"}
        }

    def test_a_material_reward_keeps_its_stock_and_product(self, shop: Shop) -> None:
        """A MATERIAL reward has `stock` and `parameters.product`."""
        # given / when
        reward = shop.ok(
            "POST",
            "/v1/rewards",
            {"name": "mug", "parameters": {"product": {"id": "prod_1"}}, "stock": 5},
        )

        # then
        assert reward["type"] == "MATERIAL"
        assert reward["stock"] == 5
        assert reward["parameters"] == {"product": {"id": "prod_1", "sku_id": None}}

    def test_an_unknown_campaign_is_not_found(self, shop: Shop) -> None:
        """A CAMPAIGN reward for a campaign that does not exist is 404."""
        # given / when
        error = shop.fails(
            "POST",
            "/v1/rewards",
            {"name": "x", "parameters": {"campaign": {"id": "camp_nope", "balance": 1}}},
            status=404,
        )

        # then the error names the campaign and the JSON path that referenced it
        assert error["resource_type"] == "campaign"
        assert error["details"].startswith("$.parameters.campaign.id: ")


class TestAssignRewards:
    def test_each_item_becomes_a_reward_assignment_in_request_order(self, shop: Shop) -> None:
        """The body is an array; the response is one `reward_assignment` per item."""
        # given a loyalty program, a coin reward and a material reward
        campaign_id, _ = shop.loyalty_program()
        coin = shop.ok(
            "POST",
            "/v1/rewards",
            {"name": "c2", "parameters": {"coin": {"exchange_ratio": 1, "points_ratio": 2}}},
        )
        mug = shop.ok(
            "POST", "/v1/rewards", {"name": "mug", "parameters": {"product": {"id": "prod_1"}}}
        )

        # when both are assigned, the mug for 100 points
        made = shop.ok(
            "POST",
            f"/v1/loyalties/{campaign_id}/rewards",
            [
                {"reward": coin["id"]},
                {"reward": mug["id"], "parameters": {"loyalty": {"points": 100}}},
            ],
        )

        # then
        assert [item["reward_id"] for item in made] == [coin["id"], mug["id"]]
        assert all(is_id("rewa", item["id"]) for item in made)
        assert {item["object"] for item in made} == {"reward_assignment"}
        assert {item["related_object_id"] for item in made} == {campaign_id}
        assert {item["related_object_type"] for item in made} == {"campaign"}
        assert made[1]["parameters"] == {"loyalty": {"points": 100}}

    def test_assigning_a_reward_twice_is_a_duplicate(self, shop: Shop) -> None:
        """The same reward in the same campaign again is 409, `resource_type: reward_assignment`."""
        # given a program whose coin reward is assigned
        campaign_id, reward_id = shop.loyalty_program()

        # when it is assigned again
        error = shop.fails(
            "POST", f"/v1/loyalties/{campaign_id}/rewards", [{"reward": reward_id}], status=409
        )

        # then
        assert error["key"] == "duplicate_found"
        assert error["resource_type"] == "reward_assignment"

    def test_an_unknown_reward_is_not_found(self, shop: Shop) -> None:
        """An item naming a reward that does not exist is 404 naming `$[index].reward`."""
        # given a program
        campaign_id, _ = shop.loyalty_program()

        # when an unknown reward is assigned
        error = shop.fails(
            "POST", f"/v1/loyalties/{campaign_id}/rewards", [{"reward": "rew_nope"}], status=404
        )

        # then
        assert error["resource_type"] == "reward"
        assert error["resource_id"] == "rew_nope"
        assert error["details"].startswith("$[0].reward: ")


class TestPublishLoyaltyMember:
    def test_the_customer_becomes_the_holder_of_the_card(self, shop: Shop) -> None:
        """The published Voucher has `holder_id` = the customer's id and `publish.count` 1."""
        # given a card of the program
        campaign_id, _ = shop.loyalty_program()
        shop.ok(
            "POST",
            "/v1/vouchers/CARD-1",
            {"type": "LOYALTY_CARD", "loyalty_card": {"points": 10}, "campaign_id": campaign_id},
        )

        # when it is published to customer bob, named by a plain source id string
        card = shop.ok(
            "POST", f"/v1/loyalties/{campaign_id}/members", {"customer": "bob", "voucher": "CARD-1"}
        )

        # then bob holds it, and its balance is unchanged
        assert card["object"] == "voucher"
        assert card["code"] == "CARD-1"
        assert is_id("cust", card["holder_id"])
        assert card["publish"]["count"] == 1
        assert card["loyalty_card"]["balance"] == 10
        assert shop.voucher("CARD-1")["holder_id"] == card["holder_id"]

    def test_a_card_already_published_is_refused(self, shop: Shop) -> None:
        """Publishing a card that has a holder is 400 `voucher_already_published`."""
        # given a card held by alice
        campaign_id, _ = shop.loyalty_program()
        held = shop.loyalty_card("CARD-1", 10, campaign_id, holder="alice")

        # when it is published to carol
        error = shop.fails(
            "POST",
            f"/v1/loyalties/{campaign_id}/members",
            {"customer": "carol", "voucher": "CARD-1"},
        )

        # then alice still holds it
        assert error["key"] == "voucher_already_published"
        assert shop.voucher("CARD-1")["holder_id"] == held["holder_id"]

    def test_an_unknown_card_or_customer_id_is_not_found(self, shop: Shop) -> None:
        """Unknown card → 404 `voucher`; unknown customer id → 404 `customer`."""
        # given a program with an unpublished card
        campaign_id, _ = shop.loyalty_program()
        shop.ok(
            "POST",
            "/v1/vouchers/CARD-1",
            {"type": "LOYALTY_CARD", "loyalty_card": {"points": 10}, "campaign_id": campaign_id},
        )
        path = f"/v1/loyalties/{campaign_id}/members"

        # when / then each missing object is named
        card = shop.fails("POST", path, {"customer": "carol", "voucher": "NOPE"}, status=404)
        assert (card["resource_type"], card["resource_id"]) == ("voucher", "NOPE")
        customer = shop.fails(
            "POST", path, {"customer": {"id": "cust_nope"}, "voucher": "CARD-1"}, status=404
        )
        assert (customer["resource_type"], customer["resource_id"]) == ("customer", "cust_nope")
        campaign = shop.fails(
            "POST", "/v1/loyalties/camp_nope/members", {"customer": "carol"}, status=404
        )
        assert (campaign["resource_type"], campaign["resource_id"]) == ("campaign", "camp_nope")
        # and the card is still unpublished
        assert shop.voucher("CARD-1")["holder_id"] is None


class TestWireConventionCheck:
    """The check `Shop.ok` runs on every success body must itself catch breaches."""

    def test_it_reports_dates_without_milliseconds_and_money_that_is_not_an_integer(self) -> None:
        """`date` without `.mmm`, `created_at` with an offset and a float amount are named."""
        # given a body with three breaches and clean free-form metadata
        body = {
            "date": "2026-01-01T00:00:00Z",
            "order": {"amount": 10.5, "created_at": "2026-01-01T00:00:00.000+00:00"},
            "metadata": {"date": "whenever", "amount": "n/a"},
            "items": [{"price": 100, "updated_at": None}],
        }

        # when it is checked
        breaches = wire_convention_breaches(body)

        # then exactly the three breaches are reported
        assert breaches == [
            "$.date='2026-01-01T00:00:00Z'",
            "$.order.amount=10.5",
            "$.order.created_at='2026-01-01T00:00:00.000+00:00'",
        ]

"""Bad input gets an Error body that names the field and the rule, and changes nothing (P15).

Method: a small world is built through the API (a voucher usable once, a gift card, a loyalty
program with a card, a promotion, one redemption). Each malformed request is then sent, and
the test asserts the Error body of DOMAIN.md 10.1 (`code`, `key`, `details` naming the JSON
path and the rule) and compares GET snapshots of every voucher and of the redemption before
and after: they must be identical. Unknown keys, unknown query parameters, unknown routes and
methods get the same treatment. Business failures that are not malformed input are in
test_redeem.py and test_rollback.py.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from redemption_core import Discount, DiscountType
from redemption_core.domain.model.rules import FieldError
from tests.api import JSON, Shop

CODES = ("SAVE10", "GIFT-A", "CARD")


class World:
    """The ids a malformed request may refer to, and the snapshot that must not change."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop
        shop.percent_voucher("SAVE10", 10, quantity=1)
        shop.gift_card("GIFT-A", 5000)
        self.loyalty_id, self.reward_id = shop.loyalty_program()
        shop.loyalty_card("CARD", 500, self.loyalty_id, holder="alice")
        self.promotion_id = shop.promotion_tier("Promo", 300)["campaign_id"]
        self.redemption_id = shop.redeemed(shop.use_gift("GIFT-A", 1000))["redemptions"][0]["id"]

    def snapshot(self) -> tuple[dict[str, JSON], JSON]:
        return self.shop.snapshot(*CODES), self.shop.redemption(self.redemption_id)

    def fill(self, text: str) -> str:
        return (
            text.replace("{loyalty}", self.loyalty_id)
            .replace("{promotion}", self.promotion_id)
            .replace("{redemption}", self.redemption_id)
        )


@pytest.fixture
def world(shop: Shop) -> World:
    return World(shop)


# (method, path, body, every `$.path: rule` fragment the details must contain)
MALFORMED: list[tuple[str, str, Any, tuple[str, ...]]] = [
    (
        "POST",
        "/v1/redemptions",
        {
            "redeemables": [
                {"object": "voucher", "id": "SAVE10"},
                {"object": "voucher", "id": "GIFT-A", "gift": {"credits": "2000"}},
            ]
        },
        ("$.redeemables[1].gift.credits: must be an integer",),
    ),
    (
        "POST",
        "/v1/redemptions",
        {"redeemable": [{"object": "voucher", "id": "SAVE10"}]},
        ("$.redeemable: unknown key", "$.redeemables: required"),
    ),
    ("POST", "/v1/redemptions", ["SAVE10"], ("$: must be a JSON object",)),
    ("POST", "/v1/redemptions", None, ("$: must be a JSON object",)),
    (
        "POST",
        "/v1/redemptions",
        {"redeemables": [{"object": "voucher"}]},
        ("$.redeemables[0].id: required",),
    ),
    (
        "POST",
        "/v1/redemptions",
        {"redeemables": [{"object": "coupon", "id": "SAVE10"}]},
        ("$.redeemables[0].object: must be one of: voucher, promotion_tier, promotion_stack",),
    ),
    (
        "POST",
        "/v1/redemptions",
        {"redeemables": [{"object": "voucher", "id": "GIFT-A", "gift": {"credit": 100}}]},
        ("$.redeemables[0].gift.credit: unknown key",),
    ),
    (
        "POST",
        "/v1/redemptions",
        {
            "redeemables": [
                {"object": "voucher", "id": "CARD", "gift": {"credits": 1}, "reward": {"id": "x"}}
            ]
        },
        ("$.redeemables[0]: must not contain both gift and reward",),
    ),
    (
        "POST",
        "/v1/redemptions",
        {
            "redeemables": [{"object": "voucher", "id": "SAVE10"}],
            "order": {"amount": 100.5, "items": [{"quantity": "2"}]},
            "customer": {"birthdate": "1990-13-01"},
        },
        (
            "$.order.amount: must be an integer",
            "$.order.items[0].quantity: must be an integer",
            "$.customer.birthdate: must be a real calendar date",
        ),
    ),
    (
        "POST",
        "/v1/redemptions",
        {"redeemables": [{"object": "voucher", "id": "SAVE10"}] * 31},
        ("$.redeemables: must hold at most 30",),
    ),
    (
        "POST",
        "/v1/redemptions",
        {"redeemables": []},
        ("$.redeemables: must hold at least 1",),
    ),
    (
        "POST",
        "/v1/redemptions",
        {"redeemables": [{"object": "voucher", "id": "SAVE10"}], "metadata": ["a"]},
        ("$.metadata: must be a JSON object",),
    ),
    (
        "POST",
        "/v1/vouchers/NEW",
        {"discount": {"type": "PERCENT", "percent_off": 150}},
        ("$.discount.percent_off: must be between 0 and 100",),
    ),
    (
        "POST",
        "/v1/vouchers/NEW",
        {"discount": {"type": "AMOUNT", "amount_off": -5}},
        ("$.discount.amount_off: must be greater than or equal to 0",),
    ),
    (
        "POST",
        "/v1/vouchers/NEW",
        {"discount": {"type": "UNIT", "unit_off": 1}},
        ("$.discount.type: UNIT discounts are not supported yet",),
    ),
    (
        "POST",
        "/v1/vouchers/NEW",
        {"type": "GIFT_VOUCHER", "discount": {"type": "AMOUNT", "amount_off": 5}},
        ("$.gift: required for type GIFT_VOUCHER", "$.discount: not allowed"),
    ),
    (
        "POST",
        "/v1/vouchers",
        {"code": "NEW", "discount": {"type": "AMOUNT", "amount_off": 5}, "start_date": "yesterday"},
        ("$.start_date: must be an ISO 8601 date-time",),
    ),
    (
        "POST",
        "/v1/campaigns",
        {
            "name": "NEW",
            "campaign_type": "PROMOTION",
            "promotion": {
                "tiers": [{"action": {"discount": {"type": "PERCENT", "percent_off": 500}}}]
            },
        },
        ("$.promotion.tiers[0].action.discount.percent_off: must be between 0 and 100",),
    ),
    (
        "POST",
        "/v1/campaigns",
        {"name": "NEW", "campaign_type": "PROMOTION", "voucher": {"type": "DISCOUNT_VOUCHER"}},
        ("$.voucher: not allowed when campaign_type is PROMOTION",),
    ),
    (
        "POST",
        "/v1/promotions/{promotion}/tiers",
        {"name": "NEW", "action": {"discount": {"type": "PERCENT", "percent_off": 101}}},
        ("$.action.discount.percent_off: must be between 0 and 100",),
    ),
    (
        "POST",
        "/v1/rewards",
        {"name": "NEW", "parameters": {"coin": {"exchange_ratio": "abc", "points_ratio": 1}}},
        ("$.parameters.coin.exchange_ratio: must be a number or a numeric string",),
    ),
    (
        "POST",
        "/v1/loyalties/{loyalty}/rewards",
        {"reward": "rew_x"},
        ("$: must be a JSON array",),
    ),
    (
        "POST",
        "/v1/loyalties/{loyalty}/rewards",
        [{"rewards": "rew_x"}],
        ("$[0].reward: required", "$[0].rewards: unknown key"),
    ),
    (
        "POST",
        "/v1/loyalties/{loyalty}/members",
        {"customer": 5, "voucher": "CARD"},
        ("$.customer: must be a JSON object or a string",),
    ),
    (
        "POST",
        "/v1/redemptions/{redemption}/rollback",
        {"reason": 5, "reasons": "typo"},
        ("$.reason: must be a string", "$.reasons: unknown key"),
    ),
    (
        "POST",
        "/v1/redemptions/{redemption}/rollbacks",
        {"order": {"source_id": 7}},
        ("$.order.source_id: must be a string",),
    ),
    (
        "GET",
        "/v1/redemptions/{redemption}",
        {"id": "x"},
        ("$: this endpoint takes no request body",),
    ),
    ("GET", "/v1/vouchers/SAVE10", {"code": "x"}, ("$: this endpoint takes no request body",)),
]


class TestMalformedBody:
    @pytest.mark.parametrize(
        ("method", "path", "body", "fragments"),
        MALFORMED,
        ids=[f"{case[0]} {case[1]} {'|'.join(case[3])[:60]}" for case in MALFORMED],
    )
    def test_the_error_names_the_path_and_the_rule_and_nothing_changes(
        self, world: World, method: str, path: str, body: Any, fragments: tuple[str, ...]
    ) -> None:
        """400 `invalid_payload`, `details` has every `$.path: rule`; GETs are unchanged."""
        # given the world as it is
        before = world.snapshot()

        # when the malformed request is sent
        error = world.shop.fails(method, world.fill(path), body)

        # then the Error names each violation, and nothing changed
        assert error["key"] == "invalid_payload"
        assert error["message"] == "Invalid payload"
        for fragment in fragments:
            assert fragment in error["details"], error["details"]
        assert world.snapshot() == before

    def test_a_refused_voucher_is_not_created(self, world: World) -> None:
        """After a malformed POST /v1/vouchers/{code} the code still does not exist."""
        # given / when a voucher with a bad discount is posted
        world.shop.fails("POST", "/v1/vouchers/NEW", {"discount": {"type": "AMOUNT"}})

        # then GET does not find it, and the code can still be created
        assert world.shop.fails("GET", "/v1/vouchers/NEW", status=404)["resource_id"] == "NEW"
        assert world.shop.discount_voucher("NEW", 100)["code"] == "NEW"

    def test_a_refused_campaign_leaves_its_name_free(self, world: World) -> None:
        """After a malformed POST /v1/campaigns the name is not taken (no 409 later)."""
        # given / when a campaign with an invalid tier is posted
        bad_tier = {"action": {"discount": {"type": "PERCENT", "percent_off": 500}}}
        world.shop.fails(
            "POST",
            "/v1/campaigns",
            {"name": "Summer", "campaign_type": "PROMOTION", "promotion": {"tiers": [bad_tier]}},
        )

        # then the same name is still available
        made = world.shop.ok(
            "POST", "/v1/campaigns", {"name": "Summer", "campaign_type": "PROMOTION"}
        )
        assert made["name"] == "Summer"

    def test_a_stack_failing_on_its_third_item_applies_none(self, world: World) -> None:
        """ALL mode: an unusable third redeemable leaves the first two unapplied (P10)."""
        # given SAVE10 and GIFT-A usable, and alice's card asked for more points than it has
        shop = world.shop
        before = world.snapshot()

        # when the three are redeemed together
        response = shop.redeem(
            shop.use("SAVE10"),
            shop.use_gift("GIFT-A", 500),
            shop.use_points("CARD", world.reward_id, 9999),
        )

        # then the request fails on the third item and nothing was applied
        assert response.status == 400
        assert response.body["key"] == "loyalty_card_points_exceeded"
        assert response.body["details"].startswith("$.redeemables[2]")
        assert world.snapshot() == before


class TestUnknownKeys:
    @pytest.mark.parametrize(
        ("path", "body", "path_of_key"),
        [
            (
                "/v1/redemptions",
                {"redeemables": [{"object": "voucher", "id": "SAVE10"}], "custmer": {}},
                "$.custmer",
            ),
            (
                "/v1/redemptions",
                {"redeemables": [{"object": "voucher", "id": "SAVE10"}], "order": {"ammount": 1}},
                "$.order.ammount",
            ),
            (
                "/v1/vouchers/NEW",
                {"discount": {"type": "AMOUNT", "amount_off": 1, "percent_off": 2}},
                "$.discount.percent_off",
            ),
            ("/v1/redemptions/{redemption}/rollback", {"resaon": "typo"}, "$.resaon"),
        ],
    )
    def test_a_key_the_schema_does_not_define_is_refused(
        self, world: World, path: str, body: JSON, path_of_key: str
    ) -> None:
        """A typo is never ignored silently: 400 `invalid_payload` naming the key."""
        # given the world as it is
        before = world.snapshot()

        # when the body carries an undefined key
        error = world.shop.fails("POST", world.fill(path), body)

        # then the key is named and nothing changed
        assert error["key"] == "invalid_payload"
        assert f"{path_of_key}: " in error["details"]
        assert world.snapshot() == before

    def test_a_documented_key_we_do_not_implement_is_accepted(self, shop: Shop) -> None:
        """`options` is accepted and ignored (README); a `session` without a key names no
        lock, so the redemption is an ordinary one (DOMAIN.md 16.2)."""
        # given a voucher
        shop.discount_voucher("SAVE10", 1000)

        # when it is redeemed with a session lock and expand options
        result = shop.redeemed(
            shop.use("SAVE10"),
            session={"type": "LOCK", "ttl": 1, "ttl_unit": "HOURS"},
            options={"expand": ["order"]},
        )

        # then the redemption succeeds and its session is null
        assert result["redemptions"][0]["session"] is None


class TestQueryParameters:
    @pytest.mark.parametrize(
        ("method", "path", "body"),
        [
            ("POST", "/v1/redemptions", {"redeemables": [{"object": "voucher", "id": "SAVE10"}]}),
            ("GET", "/v1/redemptions/{redemption}", None),
            ("POST", "/v1/redemptions/{redemption}/rollback", {}),
            ("POST", "/v1/redemptions/{redemption}/rollbacks", {}),
            ("GET", "/v1/vouchers/SAVE10", None),
            ("POST", "/v1/vouchers/NEW", {"discount": {"type": "AMOUNT", "amount_off": 1}}),
            ("POST", "/v1/campaigns", {"name": "NEW", "campaign_type": "PROMOTION"}),
            ("POST", "/v1/rewards", {"parameters": {"product": {"id": "prod_1"}}}),
        ],
    )
    def test_an_unknown_parameter_is_refused_by_name(
        self, world: World, method: str, path: str, body: Any
    ) -> None:
        """400 `invalid_query_params`; `details` names the parameter; nothing is done."""
        # given the world as it is
        before = world.snapshot()

        # when the request carries a parameter the endpoint does not take
        error = world.shop.fails(method, world.fill(path), body, {"expand": "all"})

        # then the parameter is named and the request was not carried out
        assert error["key"] == "invalid_query_params"
        assert error["details"].startswith("query parameter 'expand': ")
        assert world.snapshot() == before
        assert world.shop.call("GET", "/v1/vouchers/NEW").status == 404

    def test_a_parameter_in_the_path_is_checked_too(self, world: World) -> None:
        """`?…` in the path is parsed as query parameters and checked the same way."""
        # given / when
        error = world.shop.fails("GET", "/v1/vouchers/SAVE10?filters[code]=x")

        # then
        assert error["key"] == "invalid_query_params"
        assert "'filters[code]'" in error["details"]


class TestRouting:
    @pytest.mark.parametrize(
        ("method", "path"),
        [("GET", "/v1/nothing"), ("POST", "/v1/redemptions/r_1/undo"), ("GET", "/v2/vouchers/X")],
    )
    def test_an_unknown_route_is_not_found(self, shop: Shop, method: str, path: str) -> None:
        """No such endpoint: 404 `not_found`, `resource_type: endpoint`."""
        # given / when
        error = shop.fails(method, path, status=404)

        # then
        assert error["key"] == "not_found"
        assert error["resource_type"] == "endpoint"
        assert path in error["details"]

    @pytest.mark.parametrize(
        ("method", "path", "allowed"),
        [
            ("PATCH", "/v1/vouchers/SAVE10", "POST, GET, PUT, DELETE"),
            ("DELETE", "/v1/redemptions", "POST, GET"),
            ("PUT", "/v1/redemptions/r_1", "GET"),
        ],
    )
    def test_a_known_path_with_another_method_is_not_allowed(
        self, world: World, method: str, path: str, allowed: str
    ) -> None:
        """A method the path does not take: 405 (DOMAIN.md 10.2), the allowed ones named."""
        # given the world as it is
        before = world.snapshot()

        # when
        error = world.shop.fails(method, path, status=405)

        # then
        assert error["key"] == "method_not_allowed"
        assert error["details"].endswith(f"allowed: {allowed}")
        assert world.snapshot() == before

    def test_the_method_is_case_insensitive(self, world: World) -> None:
        """`get` is GET."""
        # given / when
        response = world.shop.call("get", "/v1/vouchers/SAVE10")

        # then
        assert response.status == 200
        assert response.body["code"] == "SAVE10"

    def test_path_parameters_are_percent_decoded(self, shop: Shop) -> None:
        """`/v1/vouchers/A%2FB` names the voucher `A/B`."""
        # given a voucher whose code has a slash
        shop.ok(
            "POST", "/v1/vouchers", {"code": "A/B", "discount": {"type": "AMOUNT", "amount_off": 1}}
        )

        # when it is read by its encoded code
        voucher = shop.ok("GET", "/v1/vouchers/A%2FB")

        # then
        assert voucher["code"] == "A/B"


class TestNotFound:
    @pytest.mark.parametrize(
        ("method", "path", "body", "resource_type", "resource_id"),
        [
            ("GET", "/v1/vouchers/NOPE", None, "voucher", "NOPE"),
            ("GET", "/v1/redemptions/r_nope", None, "redemption", "r_nope"),
            ("POST", "/v1/redemptions/r_nope/rollback", {}, "redemption", "r_nope"),
            ("POST", "/v1/promotions/camp_nope/tiers", {"name": "t"}, "campaign", "camp_nope"),
            ("POST", "/v1/loyalties/camp_nope/rewards", [], "campaign", "camp_nope"),
            ("POST", "/v1/loyalties/camp_nope/members", {"customer": "x"}, "campaign", "camp_nope"),
        ],
    )
    def test_the_missing_resource_is_named(
        self, shop: Shop, method: str, path: str, body: Any, resource_type: str, resource_id: str
    ) -> None:
        """404 `not_found` with `resource_type` and `resource_id` of what is missing."""
        # given / when
        error = shop.fails(method, path, body, status=404)

        # then
        assert error["key"] == "not_found"
        assert (error["resource_type"], error["resource_id"]) == (resource_type, resource_id)


def _field_of(**fields: Any) -> str:
    with pytest.raises(FieldError) as raised:
        Discount(**fields)
    return raised.value.field


class TestDiscountFieldNames:
    """Why `adapters/json/mapping.discount` strips a leading `discount.` from field names."""

    def test_every_discount_rule_names_its_field_the_same_way(self) -> None:
        """A percent out of range and a negative amount are named from the same root."""
        # given / when two discounts each break one field rule
        percent = _field_of(type=DiscountType.PERCENT, percent_off=Decimal(150))
        amount = _field_of(type=DiscountType.AMOUNT, amount_off=-1)

        # then both fields are named relative to the same object
        assert percent.removesuffix("percent_off") == amount.removesuffix("amount_off")

    def test_the_wire_path_names_the_discount_once(self, shop: Shop) -> None:
        """Whatever the domain's root, the Error says `$.discount.percent_off` / `amount_off`."""
        # given / when
        percent = shop.fails(
            "POST", "/v1/vouchers/P", {"discount": {"type": "PERCENT", "percent_off": 150}}
        )
        fixed = shop.fails("POST", "/v1/vouchers/F", {"discount": {"type": "FIXED"}})

        # then
        assert percent["details"].startswith("$.discount.percent_off: ")
        assert fixed["details"].startswith("$.discount.fixed_amount: ")


class TestQueryValueTypes:
    def test_a_query_value_that_is_not_text_is_named(self, api) -> None:
        """An embedded caller passing `limit=5` (an int): 400 invalid_query_params on limit."""
        # when
        response = api.call("GET", "/v1/redemptions", {"limit": 5})
        # then
        assert response.status == 400
        assert response.body["key"] == "invalid_query_params"
        assert "'limit'" in response.body["details"]

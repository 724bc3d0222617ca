"""The strict request side of the JSON adapter: bodies in, typed requests or `$.path` errors out.

Goal: every key Voucherify documents for a body is accepted (including the ones we ignore),
every other key is rejected by name, and each scalar must already be its JSON type, so a body
that would mean something else to Voucherify never reaches the domain. Method: one test class
per body, each starting from a full valid example (checked against `openapi-redemptions.json`
with strict keys where the schema covers every key we accept), then breaking one thing at a
time and asserting the exact violation (`$.path` and rule). A parity test derives each class's
key set from the spec itself, and a Hypothesis property sends random extra top-level keys.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from redemption_core.adapters.json import requests
from redemption_core.adapters.json.converter import (
    REQUIRED,
    UNKNOWN_KEY,
    RequestPayloadError,
    Violation,
    make_converter,
    structure_request,
)
from redemption_core.adapters.json.requests import (
    IGNORED_KEYS,
    CustomerRequest,
    DiscountRequest,
    GiftCreditsRequest,
    LoyaltyMemberCreateRequest,
    MemberRedemptionRequest,
    PromotionStackRedeemable,
    PromotionTierRedeemable,
    RedeemRequest,
    RewardAssignmentItemRequest,
    RewardCreateRequest,
    RewardPointsRequest,
    RollbackRequest,
    VoucherCreateRequest,
    VoucherRedeemable,
)
from tests.support.openapi import SPEC_PATH, validate

JSON = dict[str, Any]

ALLOWED_OBJECTS = "must be one of: voucher, promotion_tier, promotion_stack"


def violations_of(cls: Any, body: object) -> set[Violation]:
    """The violations `structure_request` reports for `body`; fails if it accepts it."""
    with pytest.raises(RequestPayloadError) as caught:
        structure_request(cls, body)
    return set(caught.value.violations)


def field_names(cls: type) -> set[str]:
    return {field.name for field in attrs.fields(cls)}


# ----------------------------------------------------------------------------- example bodies


def a_customer() -> JSON:
    return {
        "id": "cust_i8t5Tt6eiKG5K79KQlJ0Vs64",
        "source_id": "alice-001",
        "name": "Alice Morgan",
        "description": "Prefers email",
        "email": "alice@example.com",
        "phone": "+48 600 000 000",
        "birthday": "1990-01-02",
        "birthdate": "1990-01-02",
        "address": {
            "city": "Warsaw",
            "state": "Mazovia",
            "line_1": "Prosta 1",
            "line_2": "flat 2",
            "country": "PL",
            "postal_code": "00-001",
        },
        "metadata": {"segment": "vip", "tags": ["newsletter"]},
    }


def an_order() -> JSON:
    return {
        "id": "ord_4HcLKcWCLWIEKQQG3v3wCumw",
        "source_id": "order-1",
        "status": "PAID",
        "amount": 10000,
        "initial_amount": 10000,
        "discount_amount": 0,
        "items": [
            {
                "sku_id": "sku_0b1621b319d248b79f",
                "product_id": "prod_0b7d7dfb05cbe5c616",
                "related_object": "sku",
                "source_id": "mug-blue",
                "quantity": 2,
                "discount_quantity": 0,
                "initial_quantity": 2,
                "amount": 10000,
                "discount_amount": 0,
                "initial_amount": 10000,
                "price": 5000,
                "product": {
                    "id": "prod_0b7d7dfb05cbe5c616",
                    "source_id": "mug",
                    "override": True,
                    "name": "Mug",
                    "metadata": {"material": "ceramic"},
                    "price": 5000,
                },
                "sku": {
                    "id": "sku_0b1621b319d248b79f",
                    "source_id": "mug-blue",
                    "override": True,
                    "sku": "Blue mug",
                    "price": 5000,
                    "metadata": {"colour": "blue"},
                },
                "metadata": {"gift_wrap": False},
            }
        ],
        "metadata": {"store": "online"},
    }


def a_redeem_body() -> JSON:
    return {
        "redeemables": [
            {"object": "voucher", "id": "SAVE10"},
            {"object": "voucher", "id": "GIFT-A", "gift": {"credits": 2000}},
            {"object": "voucher", "id": "CARD-1", "reward": {"id": "rew_1", "points": 200}},
            {"object": "promotion_tier", "id": "promo_63fYCt81Aw0h7lzyRkrGZh9p"},
        ],
        "order": an_order(),
        "customer": a_customer(),
        "session": {"key": "ssn_1", "type": "LOCK", "ttl": 7, "ttl_unit": "DAYS"},
        "tracking_id": "track_9B0kB92+bJa8a+PegaWREw==",
        "metadata": {"channel": "web", "basket": [1, 2]},
        "options": {"expand": ["order", "redemption", "redeemable", "category"]},
    }


def a_discount_voucher_body() -> JSON:
    return {
        "code": "SAVE10",
        "type": "DISCOUNT_VOUCHER",
        "campaign": "Summer",
        "campaign_id": "camp_FNYR4jhqZBM9xTptxDGgeNBV",
        "category": "seasonal",
        "category_id": "cat_0bb343dee3cdb5ec0c",
        "start_date": "2024-06-01T00:00:00.000Z",
        "expiration_date": "2024-08-31T23:59:59+02:00",
        "validity_timeframe": {"duration": "PT1H", "interval": "P2D"},
        "validity_day_of_week": [1, 2, 3, 4, 5],
        "validity_hours": {
            "daily": [{"start_time": "10:00", "days_of_week": [6, 0], "expiration_time": "14:00"}]
        },
        "active": True,
        "additional_info": "Summer sale",
        "metadata": {"source": "newsletter"},
        "validation_rules": ["val_1"],
        "redemption": {"quantity": 1},
        "discount": {
            "type": "PERCENT",
            "percent_off": 10,
            "percent_off_formula": "10",
            "amount_limit": 1500,
            "aggregated_amount_limit": 50000,
            "effect": "APPLY_TO_ORDER",
            "is_dynamic": False,
        },
        "code_config": {
            "length": 8,
            "charset": "ABCDEF",
            "prefix": "S-",
            "postfix": "-24",
            "pattern": "S-####",
            "initial_count": 0,
        },
    }


def a_loyalty_campaign_body() -> JSON:
    return {
        "name": "Loyalty 2024",
        "description": "Points for purchases",
        "campaign_type": "LOYALTY_PROGRAM",
        "type": "AUTO_UPDATE",
        "join_once": True,
        "auto_join": True,
        "use_voucher_metadata_schema": False,
        "vouchers_count": 0,
        "start_date": "2024-01-01",
        "expiration_date": "2024-12-31T23:59:59Z",
        "validity_timeframe": {"duration": "P1D", "interval": "P7D"},
        "validity_day_of_week": [0, 6],
        "validity_hours": {"daily": [{"start_time": "08:00", "expiration_time": "20:00"}]},
        "activity_duration_after_publishing": "P24D",
        "category_id": "cat_0bb343dee3cdb5ec0c",
        "category": "loyalty",
        "metadata": {"region": "EU"},
        "access_settings": {"assign": {"areas_ids": ["ar_1"]}},
        "voucher": {
            "type": "LOYALTY_CARD",
            "loyalty_card": {
                "points": 0,
                "expiration_rules": {"period_type": "MONTH", "period_value": 12},
            },
            "redemption": {"quantity": None},
            "code_config": {"pattern": "LC-####"},
        },
    }


def a_tier_body() -> JSON:
    return {
        "name": "10% over 100",
        "banner": "Spend 100, save 10%",
        "action": {"discount": {"type": "PERCENT", "percent_off": 10, "effect": "APPLY_TO_ORDER"}},
        "metadata": {"level": 1},
        "hierarchy": 1,
        "active": True,
        "start_date": "2024-01-01T00:00:00Z",
        "expiration_date": "2024-12-31T00:00:00Z",
        "validity_timeframe": {"duration": "PT2H", "interval": "P1D"},
        "validity_day_of_week": [1],
        "validity_hours": {"daily": [{"start_time": "09:00", "expiration_time": "11:00"}]},
        "category": "promo",
        "category_id": "cat_0bb343dee3cdb5ec0c",
        "validation_rule_assignments": {"object": "list", "data_ref": "data", "data": []},
    }


# ----------------------------------------------------------------------------- redeem


class TestRedeemRequest:
    def test_a_full_stacked_body_structures_into_typed_redeemables(self) -> None:
        """Every documented key of the redeem body is accepted and typed."""
        # given
        body = a_redeem_body()
        validate("RedemptionsRedeemRequestBody", body)
        # when
        request = structure_request(RedeemRequest, body)
        # then
        assert request.redeemables == (
            VoucherRedeemable(id="SAVE10"),
            VoucherRedeemable(id="GIFT-A", gift=GiftCreditsRequest(credits=2000)),
            VoucherRedeemable(id="CARD-1", reward=RewardPointsRequest(id="rew_1", points=200)),
            PromotionTierRedeemable(id="promo_63fYCt81Aw0h7lzyRkrGZh9p"),
        )
        assert request.order is not None
        assert request.order.items is not None
        assert request.order.items[0].product is not None
        assert request.order.items[0].product.price == 5000
        assert request.customer is not None
        assert request.customer.birthdate == date(1990, 1, 2)
        assert request.metadata == {"channel": "web", "basket": [1, 2]}
        assert request.options is not None
        assert request.options.expand == ("order", "redemption", "redeemable", "category")
        assert set(body) == field_names(RedeemRequest)

    def test_a_promotion_stack_is_a_redeemable_of_its_own(self) -> None:
        """`promotion_stack` items structure; the sole-item rule belongs to the domain."""
        # given
        body = {"redeemables": [{"object": "promotion_stack", "id": "stack_1"}]}
        # when
        request = structure_request(RedeemRequest, body)
        # then
        assert request.redeemables == (PromotionStackRedeemable(id="stack_1"),)

    def test_the_typo_redeemable_is_rejected_naming_the_key(self) -> None:
        """`redeemable` is not `redeemables`: the unknown key is named, the real one required."""
        # given
        body = {"redeemable": [{"object": "voucher", "id": "SAVE10"}]}
        # when
        found = violations_of(RedeemRequest, body)
        # then
        assert found == {
            Violation("$.redeemable", UNKNOWN_KEY),
            Violation("$.redeemables", REQUIRED),
        }

    def test_gift_credits_sent_as_a_string_are_rejected_with_their_path(self) -> None:
        """`"20"` is not an integer, even though it parses as one."""
        # given
        body = {
            "redeemables": [
                {"object": "voucher", "id": "SAVE10"},
                {"object": "voucher", "id": "GIFT-A", "gift": {"credits": "20"}},
            ]
        }
        # when
        found = violations_of(RedeemRequest, body)
        # then
        assert found == {Violation("$.redeemables[1].gift.credits", "must be an integer")}

    def test_a_boolean_where_an_integer_is_expected_is_rejected(self) -> None:
        """JSON `true` is not the integer 1."""
        # given
        body = {"redeemables": [{"object": "voucher", "id": "C", "reward": {"points": True}}]}
        # when
        found = violations_of(RedeemRequest, body)
        # then
        assert found == {Violation("$.redeemables[0].reward.points", "must be an integer")}

    def test_a_whole_float_amount_is_rejected(self) -> None:
        """`20.0` is a number, not integer cents."""
        # given
        body = {"redeemables": [{"object": "voucher", "id": "C"}], "order": {"amount": 20.0}}
        # when
        found = violations_of(RedeemRequest, body)
        # then
        assert found == {Violation("$.order.amount", "must be an integer")}

    def test_an_unknown_redeemable_object_is_rejected_naming_the_allowed_values(self) -> None:
        """The tag of a redeemable must be one Voucherify defines."""
        # given
        body = {"redeemables": [{"object": "voucher", "id": "A"}, {"object": "coupon", "id": "B"}]}
        # when
        found = violations_of(RedeemRequest, body)
        # then
        assert found == {Violation("$.redeemables[1].object", ALLOWED_OBJECTS)}

    def test_a_redeemable_without_object_is_rejected(self) -> None:
        """A missing tag is reported at its path with the values it may take."""
        # given
        body = {"redeemables": [{"id": "SAVE10"}]}
        # when
        found = violations_of(RedeemRequest, body)
        # then
        assert found == {Violation("$.redeemables[0].object", f"{REQUIRED}; {ALLOWED_OBJECTS}")}

    def test_gift_and_reward_together_are_rejected(self) -> None:
        """A voucher is redeemed as a gift card or a loyalty card, never both."""
        # given
        body = {
            "redeemables": [
                {"object": "voucher", "id": "X", "gift": {"credits": 1}, "reward": {"id": "rew_1"}}
            ]
        }
        # when
        found = violations_of(RedeemRequest, body)
        # then
        assert found == {Violation("$.redeemables[0]", "must not contain both gift and reward")}

    def test_a_redeemable_without_id_is_rejected(self) -> None:
        """`id` is what names the voucher, tier or stack."""
        # given
        body = {"redeemables": [{"object": "promotion_tier"}]}
        # when
        found = violations_of(RedeemRequest, body)
        # then
        assert found == {Violation("$.redeemables[0].id", REQUIRED)}

    def test_an_unknown_key_inside_a_redeemable_names_that_key(self) -> None:
        """The path of an unknown key ends with the key itself."""
        # given
        body = {"redeemables": [{"object": "voucher", "id": "X", "redeemable": True}]}
        # when
        found = violations_of(RedeemRequest, body)
        # then
        assert found == {Violation("$.redeemables[0].redeemable", UNKNOWN_KEY)}

    def test_null_means_the_same_as_a_missing_key(self) -> None:
        """Explicit nulls leave optional fields at None and still count as missing."""
        # given
        body = {
            "redeemables": [{"object": "voucher", "id": "X", "gift": None}],
            "order": None,
            "customer": {"source_id": "alice", "email": None},
            "metadata": None,
        }
        # when
        request = structure_request(RedeemRequest, body)
        # then
        assert request.redeemables == (VoucherRedeemable(id="X"),)
        assert request.order is None
        assert request.customer == CustomerRequest(source_id="alice")
        assert violations_of(RedeemRequest, {"redeemables": None}) == {
            Violation("$.redeemables", REQUIRED)
        }

    @pytest.mark.parametrize("body", [[], "redeemables", 7, None])
    def test_a_body_that_is_not_an_object_is_rejected(self, body: object) -> None:
        """The body itself must be a JSON object."""
        # when
        found = violations_of(RedeemRequest, body)
        # then
        assert found == {Violation("$", "must be a JSON object")}

    def test_every_violation_is_reported_not_only_the_first(self) -> None:
        """One response lists all problems, with JSON paths into arrays and objects."""
        # given
        body = {
            "redeemables": "SAVE10",
            "metadata": ["not", "an", "object"],
            "options": {"expand": ["order", "everything"]},
            "order": {"status": "SHIPPED", "items": [{"quantity": "2"}]},
        }
        # when
        found = violations_of(RedeemRequest, body)
        # then
        assert found == {
            Violation("$.redeemables", "must be a JSON array"),
            Violation("$.metadata", "must be a JSON object"),
            Violation(
                "$.options.expand[1]", "must be one of: order, redemption, redeemable, category"
            ),
            Violation("$.order.status", "must be one of: CREATED, PAID, CANCELED, FULFILLED"),
            Violation("$.order.items[0].quantity", "must be an integer"),
        }

    def test_the_error_message_joins_every_violation(self) -> None:
        """`str()` of the error is readable on its own, one `path: rule` per violation."""
        # given
        body = {"redeemables": [{"object": "voucher", "id": 5}], "tracking_id": 1}
        # when
        with pytest.raises(RequestPayloadError) as caught:
            structure_request(RedeemRequest, body)
        # then
        assert str(caught.value) == (
            "$.redeemables[0].id: must be a string; $.tracking_id: must be a string"
        )

    def test_a_custom_root_prefixes_every_path(self) -> None:
        """A caller nesting the body elsewhere can root the paths there."""
        # when
        with pytest.raises(RequestPayloadError) as caught:
            structure_request(RedeemRequest, {"redeemables": [{}]}, root="$.body")
        # then
        assert caught.value.violations == (
            Violation("$.body.redeemables[0].object", f"{REQUIRED}; {ALLOWED_OBJECTS}"),
        )


@given(
    extra=st.dictionaries(
        keys=st.text(min_size=1).filter(lambda key: key not in field_names(RedeemRequest)),
        values=st.none() | st.integers() | st.text() | st.lists(st.booleans()),
        min_size=1,
        max_size=3,
    )
)
def test_random_extra_top_level_keys_are_always_rejected_by_name(extra: JSON) -> None:
    """Whatever the key and its value (even null), an undocumented key is named in the path."""
    # given
    body = {"redeemables": [{"object": "voucher", "id": "SAVE10"}], **extra}
    # when
    found = violations_of(RedeemRequest, body)
    # then
    assert found == {Violation(expected_member_path(key), UNKNOWN_KEY) for key in extra}


def expected_member_path(key: str) -> str:
    """`$.key` for identifier-like keys, else the bracketed JSON string form."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        return f"$.{key}"
    return f"$[{json.dumps(key, ensure_ascii=False)}]"


# ----------------------------------------------------------------------------- rollback


class TestRollbackRequest:
    def test_a_full_body_structures(self) -> None:
        """Reason, tracking id, customer, order and metadata are all accepted."""
        # given
        body = {
            "reason": "refund",
            "tracking_id": "alice-001",
            "customer": a_customer(),
            "order": {"source_id": "order-1"},
            "metadata": {"ticket": "T-1"},
        }
        validate("RedemptionsRollbackCreateRequestBody", body)
        validate("RedemptionsRollbacksCreateRequestBody", body)
        # when
        request = structure_request(RollbackRequest, body)
        # then
        assert request.reason == "refund"
        assert request.order is not None
        assert request.order.source_id == "order-1"
        assert set(body) == field_names(RollbackRequest)

    def test_an_empty_body_is_a_rollback_without_details(self) -> None:
        """The body is required but may be `{}`."""
        # when
        request = structure_request(RollbackRequest, {})
        # then
        assert request == RollbackRequest()

    def test_a_redeem_key_is_not_a_rollback_key(self) -> None:
        """Keys of another body are as unknown as invented ones."""
        # when
        found = violations_of(RollbackRequest, {"reason": "x", "redeemables": []})
        # then
        assert found == {Violation("$.redeemables", UNKNOWN_KEY)}


# ----------------------------------------------------------------------------- vouchers


class TestVoucherCreateRequest:
    def test_a_full_discount_voucher_body_structures(self) -> None:
        """Dates become aware UTC datetimes, percent_off a Decimal, arrays tuples."""
        # given
        body = a_discount_voucher_body()
        validate("VouchersCreateRequestBody", body)
        # when
        request = structure_request(VoucherCreateRequest, body)
        # then
        assert request.start_date == datetime(2024, 6, 1, tzinfo=UTC)
        assert request.expiration_date == datetime(2024, 8, 31, 21, 59, 59, tzinfo=UTC)
        assert request.discount is not None
        assert request.discount.percent_off == Decimal("10")
        assert request.validity_day_of_week == (1, 2, 3, 4, 5)
        assert request.redemption is not None
        assert request.redemption.quantity == 1
        assert set(body) - {"gift", "loyalty_card"} == field_names(VoucherCreateRequest) - {
            "gift",
            "loyalty_card",
        }

    def test_a_gift_card_needs_its_gift_and_takes_no_discount(self) -> None:
        """`type` decides which payload object is required and which are not allowed."""
        # given
        body = {"type": "GIFT_VOUCHER", "discount": {"type": "AMOUNT", "amount_off": 100}}
        # when
        found = violations_of(VoucherCreateRequest, body)
        # then
        assert found == {
            Violation("$.gift", "required for type GIFT_VOUCHER"),
            Violation("$.discount", "not allowed when type is GIFT_VOUCHER"),
        }

    def test_a_voucher_without_type_is_a_discount_voucher(self) -> None:
        """DISCOUNT_VOUCHER is the default type, so it needs a discount."""
        # when
        found = violations_of(VoucherCreateRequest, {"code": "X"})
        # then
        assert found == {Violation("$.discount", "required for type DISCOUNT_VOUCHER")}

    def test_a_loyalty_card_with_a_specific_code_structures(self) -> None:
        """The `/v1/vouchers/{code}` shape: type plus loyalty_card, no code in the body."""
        # given
        body = {"type": "LOYALTY_CARD", "loyalty_card": {"points": 500}, "campaign_id": "camp_1"}
        validate("VouchersCreateWithSpecificCodeRequestBody", body)
        # when
        request = structure_request(VoucherCreateRequest, body)
        # then
        assert request.loyalty_card is not None
        assert request.loyalty_card.points == 500
        assert request.code is None

    def test_a_discount_key_of_another_shape_is_rejected(self) -> None:
        """An AMOUNT discount has no percent_off; the discount's type picks the oneOf branch."""
        # given
        body = {"discount": {"type": "AMOUNT", "amount_off": 500, "percent_off": 10}}
        # when
        found = violations_of(VoucherCreateRequest, body)
        # then
        assert found == {Violation("$.discount.percent_off", "not allowed when type is AMOUNT")}

    def test_an_effect_of_another_discount_type_is_rejected(self) -> None:
        """FIXED discounts apply to the order or to items only."""
        # given
        body = {"discount": {"type": "FIXED", "fixed_amount": 900, "effect": "ADD_NEW_ITEMS"}}
        # when
        found = violations_of(VoucherCreateRequest, body)
        # then
        assert found == {
            Violation(
                "$.discount.effect", "must be one of: APPLY_TO_ORDER, APPLY_TO_ITEMS (type FIXED)"
            )
        }

    def test_a_discount_type_outside_the_schema_names_the_allowed_types(self) -> None:
        """The discriminator is checked before anything that depends on it."""
        # when
        found = violations_of(VoucherCreateRequest, {"discount": {"type": "BOGO"}})
        # then
        assert found == {
            Violation("$.discount.type", "must be one of: AMOUNT, PERCENT, FIXED, UNIT")
        }

    def test_a_discount_without_type_is_rejected(self) -> None:
        """Without its type a discount's fields mean nothing."""
        # when
        found = violations_of(VoucherCreateRequest, {"discount": {"amount_off": 100}})
        # then
        assert found == {Violation("$.discount.type", REQUIRED)}

    @pytest.mark.parametrize(
        ("sent", "expected"),
        [
            (12.5, Decimal("12.5")),
            ("12.5", Decimal("12.5")),
            (20, Decimal(20)),
            (0.1, Decimal("0.1")),
        ],
    )
    def test_percent_off_accepts_numbers_and_numeric_strings(
        self, sent: object, expected: Decimal
    ) -> None:
        """percent_off is exact: floats go through their shortest decimal form."""
        # given
        body = {"discount": {"type": "PERCENT", "percent_off": sent}}
        # when
        request = structure_request(VoucherCreateRequest, body)
        # then
        assert request.discount == DiscountRequest(type="PERCENT", percent_off=expected)

    @pytest.mark.parametrize("sent", [True, "ten", "NaN", "1e", " 1", "\u0661\u0662", [10]])
    def test_percent_off_rejects_what_is_not_a_number(self, sent: object) -> None:
        """Booleans, words, NaN and arrays are not percentages."""
        # when
        found = violations_of(
            VoucherCreateRequest, {"discount": {"type": "PERCENT", "percent_off": sent}}
        )
        # then
        assert found == {
            Violation("$.discount.percent_off", "must be a number or a numeric string")
        }

    @pytest.mark.parametrize("sent", ["1e999999", 1e300, "0.00000000000000000000000000001"])
    def test_percent_off_of_absurd_magnitude_is_rejected(self, sent: object) -> None:
        """Values outside Decimal's default 28 digits never reach the domain's arithmetic."""
        # given
        body = {"discount": {"type": "PERCENT", "percent_off": sent}}
        # when
        found = violations_of(VoucherCreateRequest, body)
        # then
        assert found == {
            Violation("$.discount.percent_off", "must be below 1e28 with at most 28 decimals")
        }


# ----------------------------------------------------------------------------- dates


class TestDates:
    @pytest.mark.parametrize(
        ("sent", "expected"),
        [
            ("2021-12-22T10:13:06.487Z", datetime(2021, 12, 22, 10, 13, 6, 487000, tzinfo=UTC)),
            ("2024-01-15T12:20:38.596843Z", datetime(2024, 1, 15, 12, 20, 38, 596843, tzinfo=UTC)),
            ("2024-01-15T12:20:38Z", datetime(2024, 1, 15, 12, 20, 38, tzinfo=UTC)),
            ("2024-01-15T12:20:38+02:00", datetime(2024, 1, 15, 10, 20, 38, tzinfo=UTC)),
            ("2024-01-15T01:20:38.5-03:30", datetime(2024, 1, 15, 4, 50, 38, 500000, tzinfo=UTC)),
            ("2016-11-16", datetime(2016, 11, 16, tzinfo=UTC)),
        ],
    )
    def test_iso_dates_with_an_offset_or_date_only_become_utc(
        self, sent: str, expected: datetime
    ) -> None:
        """Every accepted form is normalised to an aware UTC datetime."""
        # given
        body = {"code": "X", "discount": {"type": "AMOUNT", "amount_off": 1}, "start_date": sent}
        # when
        request = structure_request(VoucherCreateRequest, body)
        # then
        assert request.start_date == expected
        assert request.start_date is not None
        assert request.start_date.utcoffset() == timedelta(0)
        assert request.start_date.tzinfo is UTC

    @pytest.mark.parametrize(
        "sent",
        [
            "2024-01-15T12:20:38",
            "2024-01-15 12:20:38Z",
            "2024-13-01",
            "2024-02-30",
            "15/01/2024",
            1700000000,
        ],
    )
    def test_times_without_an_offset_and_non_dates_are_rejected(self, sent: object) -> None:
        """A naive time would silently mean server-local time, so it is refused."""
        # given
        body = {"discount": {"type": "AMOUNT", "amount_off": 1}, "expiration_date": sent}
        # when
        found = violations_of(VoucherCreateRequest, body)
        # then
        assert [violation.path for violation in found] == ["$.expiration_date"]

    def test_a_birthdate_is_a_calendar_date(self) -> None:
        """Customer birthdates are dates, not moments."""
        # when
        found = violations_of(RollbackRequest, {"customer": {"birthdate": "1990-01-02T00:00:00Z"}})
        # then
        assert found == {Violation("$.customer.birthdate", "must be a date (YYYY-MM-DD)")}


# ----------------------------------------------------------------------------- campaigns, tiers


class TestCampaignCreateRequest:
    def test_a_full_loyalty_campaign_body_structures(self) -> None:
        """The loyalty branch with its card template and every base key."""
        # given
        body = a_loyalty_campaign_body()
        validate("CampaignsCreateRequestBody", body)
        # when
        request = structure_request(requests.CampaignCreateRequest, body)
        # then
        assert request.campaign_type == "LOYALTY_PROGRAM"
        assert request.start_date == datetime(2024, 1, 1, tzinfo=UTC)
        assert request.voucher is not None
        assert request.voucher.loyalty_card == requests.LoyaltyCardRequest(
            points=0, expiration_rules={"period_type": "MONTH", "period_value": 12}
        )

    def test_a_promotion_campaign_carries_its_tiers(self) -> None:
        """`promotion.tiers[]` take the promotion tier body."""
        # given
        tier = a_tier_body()
        del tier["validation_rule_assignments"]
        tier["validation_rules"] = ["val_1"]
        body = {"name": "Cart", "campaign_type": "PROMOTION", "promotion": {"tiers": [tier]}}
        validate("CampaignsCreateRequestBody", body)
        # when
        request = structure_request(requests.CampaignCreateRequest, body)
        # then
        assert request.promotion is not None
        assert request.promotion.tiers is not None
        assert request.promotion.tiers[0].name == "10% over 100"

    def test_active_is_accepted_as_documented_in_the_domain_reference(self) -> None:
        """DOMAIN.md 15.2 documents `active` although CampaignsCreateBase omits it."""
        # when
        request = structure_request(
            requests.CampaignCreateRequest, {"campaign_type": "PROMOTION", "active": False}
        )
        # then
        assert request.active is False

    def test_the_template_must_match_the_campaign_type(self) -> None:
        """A gift campaign's template is a gift voucher with a gift."""
        # given
        body = {
            "name": "Gifts",
            "campaign_type": "GIFT_VOUCHERS",
            "voucher": {"type": "LOYALTY_CARD", "loyalty_card": {"points": 1}},
        }
        # when
        found = violations_of(requests.CampaignCreateRequest, body)
        # then
        assert found == {
            Violation("$.voucher.type", "must be GIFT_VOUCHER for campaign_type GIFT_VOUCHERS"),
            Violation("$.voucher.gift", "required for type GIFT_VOUCHER"),
            Violation("$.voucher.loyalty_card", "not allowed when type is GIFT_VOUCHER"),
        }

    def test_a_key_of_another_campaign_branch_is_rejected(self) -> None:
        """Only PROMOTION campaigns have `promotion`, and they have no voucher template."""
        # given
        body = {
            "campaign_type": "DISCOUNT_COUPONS",
            "promotion": {"tiers": []},
            "voucher": {"discount": {"type": "AMOUNT", "amount_off": 100}},
        }
        # when
        found = violations_of(requests.CampaignCreateRequest, body)
        # then
        assert found == {
            Violation("$.promotion", "not allowed when campaign_type is DISCOUNT_COUPONS")
        }

    def test_campaign_type_defaults_to_discount_coupons(self) -> None:
        """The spec's default: an omitted campaign_type is DISCOUNT_COUPONS (DOMAIN.md 17)."""
        # when
        request = structure_request(requests.CampaignCreateRequest, {"name": "No type"})
        # then
        assert request.campaign_type == "DISCOUNT_COUPONS"


class TestPromotionTierCreateRequest:
    def test_a_full_tier_body_structures(self) -> None:
        """Every key of PromotionsTiersCreateRequestBody is accepted."""
        # given
        body = a_tier_body()
        validate("PromotionsTiersCreateRequestBody", body)
        # when
        request = structure_request(requests.PromotionTierCreateRequest, body)
        # then
        assert request.action is not None
        assert request.action.discount == DiscountRequest(
            type="PERCENT", percent_off=Decimal(10), effect="APPLY_TO_ORDER"
        )
        assert request.hierarchy == 1
        assert set(body) | {"validation_rules"} == field_names(requests.PromotionTierCreateRequest)

    @pytest.mark.parametrize(
        ("day", "rule"),
        [(7, "must be one of: 0, 1, 2, 3, 4, 5, 6"), (True, "must be one of: 0, 1, 2, 3, 4, 5, 6")],
    )
    def test_days_of_week_are_0_to_6_and_never_booleans(self, day: object, rule: str) -> None:
        """JSON `true` must not pass for Monday."""
        # when
        found = violations_of(
            requests.PromotionTierCreateRequest, {"validity_day_of_week": [0, day]}
        )
        # then
        assert found == {Violation("$.validity_day_of_week[1]", rule)}


# ----------------------------------------------------------------------------- rewards


class TestRewardCreateRequest:
    def test_a_pay_with_points_reward_takes_numbers_and_numeric_strings(self) -> None:
        """Coin ratios are exact Decimals whichever JSON form they came in."""
        # given
        body = {
            "name": "Pay with points",
            "type": "COIN",
            "parameters": {"coin": {"exchange_ratio": 1, "points_ratio": "10"}},
            "metadata": {"tier": "all"},
        }
        # when
        request = structure_request(RewardCreateRequest, body)
        # then
        assert request.parameters.coin == requests.RewardCoinParametersRequest(
            exchange_ratio=Decimal(1), points_ratio=Decimal(10)
        )
        assert request.parameters.reward_type == "COIN"

    def test_a_full_material_reward_structures(self) -> None:
        """Stock and attributes belong to the material branch."""
        # given
        body = {
            "name": "Mug",
            "parameters": {"product": {"id": "prod_1", "sku_id": "sku_1"}},
            "stock": 10,
            "attributes": {"image_url": "https://example.com/mug.png", "description": "A mug"},
            "metadata": {"warehouse": "A"},
        }
        validate("RewardsCreateRequestBody", body)
        # when
        request = structure_request(RewardCreateRequest, body)
        # then
        assert request.stock == 10
        assert request.parameters.reward_type == "MATERIAL"
        assert set(body) | {"type"} == field_names(RewardCreateRequest)

    def test_a_campaign_reward_may_echo_the_campaign_type(self) -> None:
        """`parameters.campaign.type` comes from the Reward object and is accepted."""
        # given
        body = {
            "name": "100 points",
            "type": "CAMPAIGN",
            "parameters": {"campaign": {"id": "camp_1", "balance": 100, "type": "LOYALTY_PROGRAM"}},
        }
        # when
        request = structure_request(RewardCreateRequest, body)
        # then
        assert request.parameters.campaign == requests.RewardCampaignParametersRequest(
            id="camp_1", balance=100, type="LOYALTY_PROGRAM"
        )

    def test_a_type_that_disagrees_with_the_parameters_is_rejected(self) -> None:
        """`type: COIN` needs `parameters.coin`; stock is for material rewards only."""
        # given
        body = {"type": "COIN", "parameters": {"campaign": {"id": "camp_1"}}, "stock": 3}
        # when
        found = violations_of(RewardCreateRequest, body)
        # then
        assert found == {
            Violation("$.parameters.coin", "required for type COIN"),
            Violation("$.stock", "allowed only for MATERIAL rewards, not CAMPAIGN"),
        }

    def test_parameters_hold_exactly_one_branch(self) -> None:
        """Two parameter objects make the reward's kind ambiguous."""
        # given
        body = {
            "parameters": {
                "coin": {"exchange_ratio": 1, "points_ratio": 10},
                "product": {"id": "prod_1"},
            }
        }
        # when
        found = violations_of(RewardCreateRequest, body)
        # then
        assert found == {
            Violation("$.parameters", "must contain exactly one of: campaign, coin, product")
        }

    def test_a_coin_ratio_that_is_not_numeric_is_rejected(self) -> None:
        """`"ten"` is not a ratio."""
        # given
        body = {"parameters": {"coin": {"exchange_ratio": "ten", "points_ratio": 10}}}
        # when
        found = violations_of(RewardCreateRequest, body)
        # then
        assert found == {
            Violation("$.parameters.coin.exchange_ratio", "must be a number or a numeric string")
        }


class TestRewardAssignmentRequest:
    def test_the_body_is_an_array_of_assignments(self) -> None:
        """Points-priced items and a coin item with validation rules, in request order."""
        # given
        body = [
            {"reward": "rew_1", "parameters": {"loyalty": {"points": 200}}},
            {"reward": "rew_2", "validation_rules": ["val_1"]},
        ]
        validate("LoyaltiesRewardsCreateAssignmentRequestBody", body)
        # when
        items = structure_request(list[RewardAssignmentItemRequest], body)
        # then
        assert [item.reward for item in items] == ["rew_1", "rew_2"]
        assert items[0].parameters is not None
        assert items[0].parameters.loyalty == requests.LoyaltyPointsRequest(points=200)

    def test_a_single_object_is_not_the_array_body(self) -> None:
        """The endpoint takes a JSON array even for one assignment."""
        # when
        found = violations_of(list[RewardAssignmentItemRequest], {"reward": "rew_1"})
        # then
        assert found == {Violation("$", "must be a JSON array")}

    def test_an_item_violation_is_reported_at_its_index(self) -> None:
        """Paths into the array body start with the item index."""
        # given
        body = [
            {"reward": "rew_1"},
            {"reward": "rew_2", "parameters": {"loyalty": {"points": "200"}}},
            {"parameters": {"loyalty": {"points": 5}}, "validation_rules": []},
        ]
        # when
        found = violations_of(list[RewardAssignmentItemRequest], body)
        # then
        assert found == {
            Violation("$[1].parameters.loyalty.points", "must be an integer"),
            Violation("$[2].reward", REQUIRED),
        }

    def test_parameters_and_validation_rules_together_are_rejected(self) -> None:
        """They belong to different branches (priced vs coin)."""
        # given
        body = [{"reward": "rew_1", "parameters": {}, "validation_rules": ["val_1"]}]
        # when
        found = violations_of(list[RewardAssignmentItemRequest], body)
        # then
        assert found == {Violation("$[0].validation_rules", "not allowed together with parameters")}


# ----------------------------------------------------------------------------- loyalty members


class TestLoyaltyMemberCreateRequest:
    def test_the_customer_may_be_a_plain_id_string(self) -> None:
        """Voucherify accepts a customer id or source id instead of an object."""
        # given
        body = {
            "voucher": "LC-0001",
            "source_id": "pub-1",
            "customer": "cust_i8t5Tt6eiKG5K79KQlJ0Vs64",
            "metadata": {"via": "pos"},
            "channel": "POS",
        }
        # when
        request = structure_request(LoyaltyMemberCreateRequest, body)
        # then
        assert request.customer == "cust_i8t5Tt6eiKG5K79KQlJ0Vs64"
        assert set(body) == field_names(LoyaltyMemberCreateRequest)

    def test_the_customer_may_be_an_object(self) -> None:
        """The object form is upserted like a redeem request's customer."""
        # given
        body = {"customer": {"source_id": "alice-001", "email": "alice@example.com"}}
        validate("LoyaltiesMembersCreateRequestBody", body)
        # when
        request = structure_request(LoyaltyMemberCreateRequest, body)
        # then
        assert request.customer == CustomerRequest(source_id="alice-001", email="alice@example.com")

    @pytest.mark.parametrize(
        ("body", "expected"),
        [
            ({}, Violation("$.customer", REQUIRED)),
            ({"customer": 42}, Violation("$.customer", "must be a JSON object or a string")),
            ({"customer": {"nick": "al"}}, Violation("$.customer.nick", UNKNOWN_KEY)),
        ],
    )
    def test_the_customer_is_required_and_shaped(self, body: JSON, expected: Violation) -> None:
        """The card needs a holder: a string or a documented customer object."""
        # when
        found = violations_of(LoyaltyMemberCreateRequest, body)
        # then
        assert found == {expected}


class TestMemberRedemptionRequest:
    def test_a_full_body_structures(self) -> None:
        """Reward, order and metadata are accepted."""
        # given
        body = {
            "reward": {"id": "rew_1", "points": 200},
            "order": {"amount": 5000},
            "metadata": {"kiosk": 3},
        }
        validate("LoyaltiesMembersRedemptionRedeemRequestBody", body)
        # when
        request = structure_request(MemberRedemptionRequest, body)
        # then
        assert request.reward == RewardPointsRequest(id="rew_1", points=200)
        assert set(body) == field_names(MemberRedemptionRequest)

    def test_a_missing_reward_is_left_to_the_domain(self) -> None:
        """`missing_reward` is a business failure code, so the shape layer lets it through."""
        # when
        request = structure_request(MemberRedemptionRequest, {"order": {"amount": 5000}})
        # then
        assert request.reward is None


# ----------------------------------------------------------------------------- ignored keys


class TestIgnoredKeys:
    def test_documented_keys_we_do_not_act_on_are_accepted(self) -> None:
        """A body full of ignored keys structures, and each such key is listed."""
        # given
        campaign = a_loyalty_campaign_body()
        voucher = a_discount_voucher_body()
        voucher["type"] = "GIFT_VOUCHER"
        del voucher["discount"]
        voucher["gift"] = {"amount": 1000, "subtracted_amount": 0, "balance": 1000}
        redeem = a_redeem_body()
        # when
        structure_request(requests.CampaignCreateRequest, campaign)
        structure_request(VoucherCreateRequest, voucher)
        structure_request(RedeemRequest, redeem)
        # then
        assert {"join_once", "auto_join", "access_settings"} <= set(
            IGNORED_KEYS["CampaignCreateRequest"]
        )
        assert "expiration_rules" in IGNORED_KEYS["LoyaltyCardRequest"]
        assert "VoucherCreateRequest" not in IGNORED_KEYS  # validation_rules: DOMAIN.md 16.3
        assert {"subtracted_amount", "balance"} <= set(IGNORED_KEYS["GiftRequest"])
        assert "initial_count" in IGNORED_KEYS["CodeConfigRequest"]
        assert IGNORED_KEYS["RedeemRequest"] == ("options",)  # `session` locks (DOMAIN.md 16.2)

    def test_every_ignored_key_is_a_field_of_its_request_class(self) -> None:
        """The README table cannot drift from the classes."""
        for class_name, keys in IGNORED_KEYS.items():
            # given
            cls = getattr(requests, class_name)
            # then
            assert set(keys) <= field_names(cls), class_name
            assert len(set(keys)) == len(keys), class_name


# ----------------------------------------------------------------------------- spec parity


def spec_schemas() -> dict[str, Any]:
    return _spec()["components"]["schemas"]  # type: ignore[no-any-return]


@cache
def _spec() -> dict[str, Any]:
    return json.loads(SPEC_PATH.read_text())  # type: ignore[no-any-return]


def schema_keys(node: dict[str, Any]) -> set[str]:
    """Every property key of a schema: allOf parts and oneOf/anyOf branches united."""
    while "$ref" in node:
        node = spec_schemas()[node["$ref"].rsplit("/", 1)[-1]]
    keys = set(node.get("properties", {}))
    for combinator in ("allOf", "oneOf", "anyOf"):
        for part in node.get(combinator, []):
            keys |= schema_keys(part)
    return keys


def keys_of(schema_name: str) -> set[str]:
    return schema_keys({"$ref": f"#/components/schemas/{schema_name}"})


# request class -> (schema, keys we accept beyond it, with the reason in the class docstring)
PARITY: list[tuple[type, str, set[str]]] = [
    (requests.RedeemRequest, "RedemptionsRedeemRequestBody", set()),
    (requests.RedeemRequest, "ClientRedemptionsRedeemRequestBody", set()),
    (requests.RollbackRequest, "RedemptionsRollbackCreateRequestBody", set()),
    (requests.RollbackRequest, "RedemptionsRollbacksCreateRequestBody", set()),
    (requests.OrderRequest, "Order", set()),
    (requests.OrderItemRequest, "OrderItem", set()),
    (requests.CustomerRequest, "Customer", set()),
    (requests.SessionRequest, "Session", set()),
    (requests.VoucherCreateRequest, "VouchersCreateRequestBody", set()),
    (requests.DiscountRequest, "Discount", set()),
    (requests.GiftRequest, "Gift", set()),
    (requests.SimpleLoyaltyCardRequest, "SimpleLoyaltyCard", set()),
    (requests.LoyaltyCardRequest, "CampaignLoyaltyCard", set()),
    (requests.CodeConfigRequest, "CodeConfig", set()),
    (requests.ValidityTimeframeRequest, "ValidityTimeframe", set()),
    (requests.ValidityHoursRequest, "ValidityHours", set()),
    (requests.CampaignCreateRequest, "CampaignsCreateRequestBody", {"active"}),
    (requests.PromotionTierCreateRequest, "PromotionsTiersCreateRequestBody", {"validation_rules"}),
    (
        requests.PromotionTierCreateRequest,
        "PromotionTierCreateParams",
        {"validation_rule_assignments"},
    ),
    (requests.RewardCreateRequest, "RewardsCreateRequestBody", {"type"}),
    (
        requests.RewardAssignmentItemRequest,
        "LoyaltiesRewardsCreateAssignmentItemRequestBody",
        set(),
    ),
    (requests.LoyaltyMemberCreateRequest, "LoyaltiesMembersCreateRequestBody", set()),
    (requests.MemberRedemptionRequest, "LoyaltiesMembersRedemptionRedeemRequestBody", set()),
]


@pytest.mark.skipif(not SPEC_PATH.exists(), reason=f"no OpenAPI document at {SPEC_PATH}")
class TestSpecParity:
    @pytest.mark.parametrize(
        ("cls", "schema_name", "extra"), PARITY, ids=[f"{c.__name__}-{s}" for c, s, _ in PARITY]
    )
    def test_a_request_class_has_exactly_the_keys_of_its_schema(
        self, cls: type, schema_name: str, extra: set[str]
    ) -> None:
        """Attribute names are the spec's keys for that body, plus the documented extras."""
        # when
        expected = keys_of(schema_name) | extra
        # then
        assert field_names(cls) == expected

    def test_the_voucher_path_variant_lacks_only_code_and_code_config(self) -> None:
        """`/v1/vouchers/{code}` takes the same keys without `code` and `code_config`."""
        # when
        missing = keys_of("VouchersCreateRequestBody") - keys_of(
            "VouchersCreateWithSpecificCodeRequestBody"
        )
        # then
        assert missing == {"code", "code_config"}


@attrs.frozen(kw_only=True)
class _BrokenRequest:
    amount: int | None = None

    def __attrs_post_init__(self) -> None:
        raise ZeroDivisionError("a bug in a request class")


class TestConverter:
    def test_a_bug_in_a_request_class_is_not_reported_as_bad_input(self) -> None:
        """Only designed rule failures become violations; anything else surfaces as itself."""
        # when / then
        with pytest.raises(ZeroDivisionError):
            structure_request(_BrokenRequest, {"amount": 1})

    def test_each_call_builds_a_new_converter(self) -> None:
        """No caller shares, or can change, another caller's converter."""
        # when
        first, second = make_converter(), make_converter()
        # then
        assert first is not second
        body = copy.deepcopy(a_redeem_body())
        assert first.structure(body, RedeemRequest) == second.structure(body, RedeemRequest)

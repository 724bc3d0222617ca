"""The OpenAPI test helper accepts what DOMAIN.md says is valid and names every field it rejects.

`tests/support/openapi.py` is how the rest of the suite proves that our JSON matches
`openapi-redemptions.json`, so it is tested here on its own. The method: build realistic
Voucherify-shaped objects by hand, consistent with DOMAIN.md sections 3 and 4 (a gift card
redeemed on a 5000-cent order, stacked with a discount voucher, a pay-with-points loyalty
redemption, a WITH_ORDER rollback), check that they pass, then break one thing at a time and
check that the `AssertionError` names the `$.path` of exactly what broke. The leniencies of
DOMAIN.md 12.16 (null everywhere, bogus `required`, `oneOf` as `anyOf`) each get a test that
would fail under a strict validator, and strict keys get tests for `$ref`, `allOf` and `anyOf`.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support import openapi
from tests.support.openapi import SPEC_PATH, validate, validate_response

JSON = dict[str, Any]

DATE = "2024-01-15T12:20:38.596Z"
APP_ID = "64e73e64-b5d2-4b6e-9a1b-1c8a0f3c6c40"
CUSTOMER_ID = "cust_i8t5Tt6eiKG5K79KQlJ0Vs64"
GIFT_CARD_ID = "v_lfZi4rcEGe0sN9gmnj40bzwK2FH6QUno"
DISCOUNT_VOUCHER_ID = "v_Qx2TfVw8KaL9pZ3mN7bC4dE6gH1jK5sR"
LOYALTY_CARD_ID = "v_Yt6uI8oP0aS2dF4gH6jK8lZ0xC2vB4nM"
ORDER_ID = "ord_4HcLKcWCLWIEKQQG3v3wCumw"


# ----------------------------------------------------------------------------- builders


def a_customer() -> JSON:
    return {
        "id": CUSTOMER_ID,
        "name": "Alice Morgan",
        "email": "alice@example.com",
        "source_id": "alice-001",
        "metadata": {"segment": "vip", "tags": ["newsletter"]},
        "object": "customer",
    }


def order_items() -> list[JSON]:
    return [
        {
            "id": "ordli_0c5eba630bc4979e71",
            "sku_id": None,
            "product_id": "prod_0b7d7dfb05cbe5c616",
            "related_object": "product",
            "source_id": "mug",
            "quantity": 2,
            "amount": 3000,
            "price": 1500,
            "subtotal_amount": 3000,
            "product": {
                "id": "prod_0b7d7dfb05cbe5c616",
                "source_id": "mug",
                "override": False,
                "name": "Mug",
                "metadata": {},
                "price": 1500,
            },
            "object": "order_item",
            "metadata": {},
        },
        {
            "id": "ordli_0c5eba630bc4979e72",
            "sku_id": None,
            "product_id": "prod_0b7d7dfb05cbe5c617",
            "related_object": "product",
            "source_id": "teapot",
            "quantity": 1,
            "amount": 2000,
            "price": 2000,
            "subtotal_amount": 2000,
            "object": "order_item",
        },
    ]


def an_order(*, discount: int, applied: int, redemptions: JSON) -> JSON:
    """A 5000-cent PAID order after `discount` cents of order-level discounts, `applied` now."""
    return {
        "id": ORDER_ID,
        "source_id": "order-2024-0042",
        "status": "PAID",
        "amount": 5000,
        "initial_amount": 5000,
        "discount_amount": discount,
        "items_discount_amount": 0,
        "total_discount_amount": discount,
        "total_amount": 5000 - discount,
        "applied_discount_amount": applied,
        "items_applied_discount_amount": 0,
        "total_applied_discount_amount": applied,
        "items": order_items(),
        "metadata": {},
        "object": "order",
        "created_at": DATE,
        "updated_at": DATE,
        "customer_id": CUSTOMER_ID,
        "referrer_id": None,
        "customer": {"id": CUSTOMER_ID, "object": "customer"},
        "referrer": None,
        "redemptions": redemptions,
    }


def a_voucher_snapshot(**fields: Any) -> JSON:
    """VoucherBase fields shared by every snapshot; `fields` set the type-specific ones."""
    return {
        "code": "CODE",
        "campaign": None,
        "campaign_id": None,
        "category": None,
        "category_id": None,
        "discount": None,
        "gift": None,
        "loyalty_card": None,
        "start_date": None,
        "expiration_date": None,
        "validity_timeframe": None,
        "validity_day_of_week": None,
        "validity_hours": None,
        "active": True,
        "additional_info": None,
        "metadata": {},
        "assets": {
            "qr": {"id": "U2FsdGVkX1+qr", "url": "https://dl.voucherify.io/api/v1/assets/qr/x"},
            "barcode": {"id": "U2FsdGVkX1+bc", "url": "https://dl.voucherify.io/api/v1/assets/b/x"},
        },
        "is_referral_code": False,
        "created_at": "2024-01-02T09:00:00.000Z",
        "updated_at": DATE,
        "holder_id": CUSTOMER_ID,
        "referrer_id": None,
        "object": "voucher",
        "publish": {"object": "list", "count": 1, "url": "/v1/vouchers/CODE/publications"},
        "categories": [],
        "validation_rules_assignments": {
            "object": "list",
            "data_ref": "data",
            "data": [],
            "total": 0,
        },
        **fields,
    }


def a_gift_card(*, balance: int, redeemed_quantity: int) -> JSON:
    """A 10000-cent gift card; `balance` = 10000 - credits redeemed (nothing subtracted)."""
    return a_voucher_snapshot(
        id=GIFT_CARD_ID,
        code="GIFT-2000-XYZ",
        campaign="Gift Cards",
        campaign_id="camp_FNYR4jhqZBM9xTptxDGgeNBV",
        type="GIFT_VOUCHER",
        gift={
            "amount": 10000,
            "subtracted_amount": 0,
            "balance": balance,
            "effect": "APPLY_TO_ORDER",
        },
        redemption={
            "quantity": None,
            "redeemed_quantity": redeemed_quantity,
            "object": "list",
            "url": "/v1/vouchers/GIFT-2000-XYZ/redemptions?page=1&limit=10",
        },
    )


def a_discount_voucher() -> JSON:
    return a_voucher_snapshot(
        id=DISCOUNT_VOUCHER_ID,
        code="BLCKFRDY",
        type="DISCOUNT_VOUCHER",
        discount={"type": "AMOUNT", "amount_off": 1000, "effect": "APPLY_TO_ORDER"},
        holder_id=None,
        redemption={"quantity": 100, "redeemed_quantity": 1, "object": "list", "url": None},
    )


def a_redemption(redemption_id: str, **fields: Any) -> JSON:
    """A succeeded single redemption by the customer over the API; `fields` complete it."""
    return {
        "id": redemption_id,
        "object": "redemption",
        "date": DATE,
        "customer_id": CUSTOMER_ID,
        "tracking_id": "track_9B0kB92+bJa8a+PegaWREw==",
        "metadata": {},
        "amount": None,
        "redemption": None,
        "result": "SUCCESS",
        "status": "SUCCEEDED",
        "session": None,
        "related_redemptions": {"rollbacks": [], "redemptions": []},
        "failure_code": None,
        "failure_message": None,
        "order": None,
        "channel": {"channel_id": APP_ID, "channel_type": "API"},
        "customer": a_customer(),
        "related_object_type": "voucher",
        "related_object_id": None,
        "promotion_tier": None,
        "reward": None,
        "gift": None,
        "loyalty_card": None,
        "voucher": None,
        **fields,
    }


def a_discount_voucher_redemption() -> JSON:
    """BLCKFRDY takes 1000 cents off the 5000-cent order."""
    entry = {
        "date": DATE,
        "related_object_type": "voucher",
        "related_object_id": DISCOUNT_VOUCHER_ID,
        "related_object_parent_id": None,
    }
    return a_redemption(
        "r_0c5eba630bc4979e70",
        related_object_id=DISCOUNT_VOUCHER_ID,
        order=an_order(discount=1000, applied=1000, redemptions={"r_0c5eba630bc4979e70": entry}),
        voucher={**a_discount_voucher(), "holder": None},
    )


def a_gift_card_redemption() -> JSON:
    """2000 credits of the gift card pay for part of the 5000-cent order."""
    entry = {
        "date": DATE,
        "related_object_type": "voucher",
        "related_object_id": GIFT_CARD_ID,
        "related_object_parent_id": "camp_FNYR4jhqZBM9xTptxDGgeNBV",
    }
    return a_redemption(
        "r_0c5eba630bc4979e80",
        amount=2000,
        gift={"amount": 2000},
        related_object_id=GIFT_CARD_ID,
        order=an_order(discount=2000, applied=2000, redemptions={"r_0c5eba630bc4979e80": entry}),
        voucher={**a_gift_card(balance=8000, redeemed_quantity=1), "holder": a_customer()},
    )


def a_pay_with_points_redemption() -> JSON:
    """20 points of a loyalty card pay 2000 cents at 1 point = 1 unit (COIN reward)."""
    card = a_voucher_snapshot(
        id=LOYALTY_CARD_ID,
        code="LOYAL-7QX",
        campaign="Loyalty Program",
        campaign_id="camp_13BbZ0kQsNinhqsX3wUts2UP",
        type="LOYALTY_CARD",
        loyalty_card={
            "points": 1000,
            "balance": 780,
            "next_expiration_date": "2026-12-31",
            "next_expiration_points": 0,
            "pending_points": 0,
            "expired_points": 0,
            "subtracted_points": 0,
        },
        redemption={"quantity": None, "redeemed_quantity": 3, "redeemed_points": 220},
        holder=a_customer(),
    )
    reward = {
        "id": "rew_EPx1hCTpqzF0HW1z9NKckZH4",
        "name": "Pay with points",
        "object": "reward",
        "type": "COIN",
        "assignment_id": "rewa_BpytIepuSekuXXwb9qkLJfCU",
        "customer": a_customer(),
        "voucher": None,
        "product": None,
        "sku": None,
        "loyalty_tier_id": None,
        "parameters": {"coin": {"exchange_ratio": 1, "points_ratio": 1}},
        "metadata": {},
        "created_at": "2023-06-01T08:00:00.000Z",
        "updated_at": None,
    }
    entry = {"date": DATE, "related_object_type": "voucher", "related_object_id": LOYALTY_CARD_ID}
    return a_redemption(
        "r_0c5eba630bc4979e90",
        amount=20,
        loyalty_card={"points": 20},
        related_object_id=LOYALTY_CARD_ID,
        order=an_order(discount=2000, applied=2000, redemptions={"r_0c5eba630bc4979e90": entry}),
        reward=reward,
        voucher=card,
    )


def a_stacked_redeem_response() -> JSON:
    """BLCKFRDY (1000) then the gift card (2000) on one order, under one parent redemption."""
    parent_id, voucher_child_id, gift_child_id = (
        "r_0c5eba630bc4979e60",
        "r_0c5eba630bc4979e61",
        "r_0c5eba630bc4979e62",
    )
    stacked = {
        parent_id: {
            "date": DATE,
            "related_object_type": "redemption",
            "related_object_id": parent_id,
            "related_object_parent_id": None,
            "stacked": [voucher_child_id, gift_child_id],
        }
    }
    voucher_child = a_redemption(
        voucher_child_id,
        redemption=parent_id,
        related_object_id=DISCOUNT_VOUCHER_ID,
        order=an_order(discount=1000, applied=1000, redemptions=stacked),
        voucher={**a_discount_voucher(), "holder": None},
    )
    gift_child = a_redemption(
        gift_child_id,
        redemption=parent_id,
        amount=2000,
        gift={"amount": 2000},
        related_object_id=GIFT_CARD_ID,
        order=an_order(discount=3000, applied=2000, redemptions=stacked),
        voucher={**a_gift_card(balance=8000, redeemed_quantity=1), "holder": a_customer()},
    )
    parent = a_redemption(
        parent_id,
        related_object_type="redemption",
        related_object_id=parent_id,
        related_redemptions={
            "rollbacks": [],
            "redemptions": [
                {"id": voucher_child_id, "date": DATE},
                {"id": gift_child_id, "date": DATE},
            ],
        },
        order=an_order(discount=3000, applied=3000, redemptions=stacked),
    )
    return {
        "redemptions": [voucher_child, gift_child],
        "parent_redemption": parent,
        "order": an_order(discount=3000, applied=3000, redemptions=stacked),
    }


def a_gift_card_rollback() -> JSON:
    """The 2000-credit gift card redemption undone WITH_ORDER: credits back, order canceled."""
    order = an_order(
        discount=0,
        applied=0,
        redemptions={
            "r_0c5eba630bc4979e80": {
                "date": DATE,
                "rollback_id": "rr_0efeb3dab05e62e599",
                "rollback_date": "2024-01-16T08:00:00.000Z",
                "related_object_type": "voucher",
                "related_object_id": GIFT_CARD_ID,
                "related_object_parent_id": "camp_FNYR4jhqZBM9xTptxDGgeNBV",
            }
        },
    )
    order.update(status="CANCELED", discount_amount=None, total_discount_amount=None)
    return {
        "id": "rr_0efeb3dab05e62e599",
        "object": "redemption_rollback",
        "date": "2024-01-16T08:00:00.000Z",
        "customer_id": CUSTOMER_ID,
        "tracking_id": "track_9B0kB92+bJa8a+PegaWREw==",
        "metadata": {"ticket": "RMA-118"},
        "amount": -2000,
        "redemption": "r_0c5eba630bc4979e80",
        "reason": "Customer returned the teapot",
        "result": "SUCCESS",
        "status": "SUCCEEDED",
        "failure_code": None,
        "failure_message": None,
        "order": order,
        "channel": {"channel_id": APP_ID, "channel_type": "API"},
        "customer": a_customer(),
        "related_object_type": "voucher",
        "related_object_id": GIFT_CARD_ID,
        "voucher": a_gift_card(balance=10000, redeemed_quantity=0),
        "promotion_tier": None,
        "reward": None,
        "gift": {"amount": -2000},
        "loyalty_card": None,
    }


def failure_of(action: Any) -> str:
    with pytest.raises(AssertionError) as failure:
        action()
    return str(failure.value)


# ----------------------------------------------------------------------------- tests


class TestValidRedemptions:
    def test_a_minimal_discount_voucher_redemption_passes(self) -> None:
        """A single discount voucher redemption matches the Redemption schema."""
        # given
        redemption = a_discount_voucher_redemption()
        # when / then
        validate("Redemption", redemption)

    def test_a_gift_card_redemption_passes(self) -> None:
        """A gift card redemption with its order, items and voucher snapshot matches."""
        validate("Redemption", a_gift_card_redemption())

    def test_a_null_order_passes(self) -> None:
        """A failed redemption's `order: null` passes (the spec puts `nullable` next to `allOf`)."""
        # given
        failed = a_redemption(
            "rf_0c5bd3c15701c78243",
            result="FAILURE",
            status="FAILED",
            failure_code="voucher_expired",
            failure_message="voucher expired",
            related_object_id=DISCOUNT_VOUCHER_ID,
            order=None,
        )
        # when / then
        validate("Redemption", failed)

    def test_null_passes_where_the_spec_forgot_nullable(self) -> None:
        """`null` is accepted for non-nullable nodes: discount, validity fields, array items."""
        # given
        redemption = a_gift_card_redemption()
        redemption["voucher"].update(validity_day_of_week=None, validity_timeframe=None)
        redemption["order"]["items"][1] = None
        redemption["related_redemptions"]["rollbacks"] = [None]
        # when / then
        validate("Redemption", redemption)

    def test_a_reward_passes_despite_the_bogus_required(self) -> None:
        """A pay-with-points reward passes although the spec requires a `reward` key inside it."""
        # given
        redemption = a_pay_with_points_redemption()
        raw = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
        assert raw["components"]["schemas"]["RedemptionRewardResult"]["required"] == ["reward"]
        # when
        validate("Redemption", redemption)
        validate("RedemptionRewardResult", redemption["reward"])
        # then
        assert openapi.ignored_required()["#/components/schemas/RedemptionRewardResult"] == (
            "reward",
        )

    def test_an_order_item_passes_without_the_bogus_object(self) -> None:
        """An order request item passes although the spec requires an undeclared `object`."""
        # given
        item = {"product_id": "prod_0b7d7dfb05cbe5c616", "quantity": 2, "price": 1500}
        # when
        validate("OrderItem", item)
        # then
        assert openapi.ignored_required()["#/components/schemas/OrderItem"] == ("object",)

    def test_a_required_declared_by_a_sibling_allof_part_is_kept(self) -> None:
        """The loyalty member response still requires `reward`: its other allOf part declares it."""
        # given
        redemption = a_pay_with_points_redemption()
        del redemption["reward"]
        # when
        message = failure_of(
            lambda: validate("LoyaltiesMembersRedemptionRedeemResponseBody", redemption)
        )
        # then
        assert "$: 'reward' is a required property" in message


class TestViolations:
    def test_a_string_amount_fails_naming_its_path(self) -> None:
        """`amount: "12"` is reported at `$.amount` with the schema name."""
        # given
        redemption = a_gift_card_redemption()
        redemption["amount"] = "12"
        # when
        message = failure_of(lambda: validate("Redemption", redemption))
        # then
        assert "schema 'Redemption'" in message
        assert "$.amount: '12' is not of type 'integer'" in message

    def test_every_violation_is_listed_with_its_path(self) -> None:
        """Three independent faults, one deep in an order item, are all reported."""
        # given
        redemption = a_gift_card_redemption()
        redemption["order"]["items"][1]["amount"] = "x"
        redemption["status"] = "ROLLED BACK"
        redemption["gift"]["amount"] = 2000.0
        # when
        message = failure_of(lambda: validate("Redemption", redemption))
        # then
        assert "(3 violations)" in message
        assert "$.order.items[1].amount: 'x' is not of type 'integer'" in message
        assert "$.status: 'ROLLED BACK' is not one of" in message
        assert "$.gift.amount: 2000.0 is not of type 'integer'" in message

    def test_a_number_field_accepts_an_integer(self) -> None:
        """`Gift.amount` is a `number`, so integer cents pass there."""
        validate("Gift", {"amount": 10000, "balance": 8000, "subtracted_amount": 0})

    def test_an_unknown_schema_is_a_lookup_error(self) -> None:
        """A misspelt schema name raises KeyError instead of passing vacuously."""
        with pytest.raises(KeyError, match="Redemptoin"):
            validate("Redemptoin", {})


class TestStrictKeys:
    def test_an_undocumented_key_fails(self) -> None:
        """A `redeemable` key on a Redemption is reported at `$.redeemable`."""
        # given
        redemption = {**a_discount_voucher_redemption(), "redeemable": None}
        # when
        message = failure_of(lambda: validate("Redemption", redemption))
        # then
        assert "$.redeemable: undocumented key 'redeemable'" in message

    def test_an_undocumented_key_behind_a_ref_fails(self) -> None:
        """Keys are checked in `items: {$ref}` and `allOf` properties, deep in a response."""
        # given
        response = a_stacked_redeem_response()
        response["redemptions"][1]["redeemable"] = {"object": "voucher"}
        response["order"]["items"][0]["product"]["colour"] = "blue"
        # when
        message = failure_of(lambda: validate_response("POST", "/v1/redemptions", response))
        # then
        assert "$.redemptions[1].redeemable: undocumented key 'redeemable'" in message
        assert "$.order.items[0].product.colour: undocumented key 'colour'" in message

    def test_strict_keys_can_be_switched_off(self) -> None:
        """With `strict_keys=False` an undocumented key passes."""
        validate("Redemption", {"redeemable": 1}, strict_keys=False)

    def test_allof_documents_the_keys_of_all_its_parts(self) -> None:
        """Redemption = RedemptionBase + voucher: `voucher` passes there, not on the base alone."""
        # given
        redemption = a_discount_voucher_redemption()
        # when
        validate("Redemption", redemption)
        message = failure_of(lambda: validate("RedemptionBase", redemption))
        # then
        assert "$.voucher: undocumented key 'voucher'" in message

    def test_anyof_documents_the_keys_of_the_matching_branch(self) -> None:
        """A redemption carrying the rollback-only `reason` fails the GET response union."""
        # given
        redemption = {**a_gift_card_redemption(), "reason": "no such field on redemptions"}
        # when
        message = failure_of(
            lambda: validate_response("GET", "/v1/redemptions/{redemptionId}", redemption)
        )
        # then
        assert "$.reason: undocumented key 'reason'" in message

    def test_free_form_objects_and_maps_take_any_key(self) -> None:
        """`metadata` (no properties) and `order.redemptions` (a map) accept any key."""
        # given
        redemption = a_gift_card_redemption()
        redemption["metadata"] = {"pos": {"lane": 4, "tags": ["x", None]}}
        redemption["order"]["redemptions"]["r_0c5eba630bc4979eaa"] = {"date": DATE}
        # when / then
        validate("Redemption", redemption)

    def test_the_undeclared_redeemed_amount_is_flagged(self) -> None:
        """DOMAIN.md 12.11: the undeclared `voucher.redemption.redeemed_amount` is flagged."""
        # given
        redemption = a_gift_card_redemption()
        redemption["voucher"]["redemption"]["redeemed_amount"] = 2000
        # when
        message = failure_of(lambda: validate("Redemption", redemption))
        # then
        assert "$.voucher.redemption.redeemed_amount: undocumented key" in message


class TestResponses:
    def test_a_redeem_response_with_redemptions_validates(self) -> None:
        """A stacked POST /v1/redemptions response validates, by name and by operation."""
        # given
        response = a_stacked_redeem_response()
        # when / then
        validate("RedemptionsRedeemResponseBody", response)
        validate_response("POST", "/v1/redemptions", response)

    def test_a_rollback_validates_as_the_get_redemption_response(self) -> None:
        """GET /v1/redemptions/{id} returns a RedemptionRollback through its oneOf."""
        validate_response("GET", "/v1/redemptions/{redemptionId}", a_gift_card_rollback())

    def test_a_redemption_validates_as_the_get_redemption_response(self) -> None:
        """The other oneOf branch: a redemption whose voucher has a holder."""
        validate_response("get", "/v1/redemptions/{redemptionId}", a_gift_card_redemption())

    def test_a_union_failure_names_the_closest_branch(self) -> None:
        """A rollback with a bad amount is reported inside its RedemptionRollback branch."""
        # given
        rollback = a_gift_card_rollback()
        rollback["amount"] = "-2000"
        # when
        message = failure_of(
            lambda: validate_response("GET", "/v1/redemptions/{redemptionId}", rollback)
        )
        # then
        assert "schema 'RedemptionsGetResponseBody'" in message
        assert "#1 RedemptionRollback" in message
        assert "$.amount: '-2000' is not of type 'integer'" in message

    def test_a_voucher_redemption_history_validates(self) -> None:
        """`redemption_entries` (items without `type: array`) holds redemptions and rollbacks."""
        # given
        history = {
            "quantity": None,
            "redeemed_quantity": 0,
            "object": "list",
            "url": "/v1/vouchers/GIFT-2000-XYZ/redemptions?page=1&limit=10",
            "data_ref": "redemption_entries",
            "total": 2,
            "redemption_entries": [a_gift_card_rollback(), a_gift_card_redemption()],
        }
        # when / then
        validate_response("GET", "/v1/vouchers/{code}/redemption", history)

    def test_an_undocumented_operation_is_a_lookup_error(self) -> None:
        """Asking for a response the spec does not document raises LookupError."""
        with pytest.raises(LookupError, match="404 response for GET /v1/redemptions"):
            validate_response("GET", "/v1/redemptions", {}, status=404)


class TestSpecPath:
    def test_the_spec_is_the_repositorys_own_copy(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without REDEMPTION_CORE_SPEC the spec is the repository's own copy, `<repo>/spec/...`."""
        # given
        monkeypatch.delenv("REDEMPTION_CORE_SPEC", raising=False)
        repo_root = Path(openapi.__file__).resolve().parents[2]
        # when
        spec_path = a_fresh_copy_of_the_module(monkeypatch).SPEC_PATH
        # then
        assert spec_path == repo_root / "spec" / "openapi-redemptions.json"

    def test_the_environment_overrides_the_spec(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """REDEMPTION_CORE_SPEC points the module at another copy of the spec."""
        # given
        spec = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
        loose = copy.deepcopy(spec)
        loose["components"]["schemas"]["Gift"]["properties"]["amount"]["type"] = "string"
        (tmp_path / "spec.json").write_text(json.dumps(loose), encoding="utf-8")
        monkeypatch.setenv("REDEMPTION_CORE_SPEC", str(tmp_path / "spec.json"))
        # when
        module = a_fresh_copy_of_the_module(monkeypatch)
        # then
        assert tmp_path / "spec.json" == module.SPEC_PATH
        module.validate("Gift", {"amount": "ten"})


def a_fresh_copy_of_the_module(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Import tests/support/openapi.py again, so it reads the environment again."""
    name = "openapi_fresh_copy"
    spec = importlib.util.spec_from_file_location(name, openapi.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module

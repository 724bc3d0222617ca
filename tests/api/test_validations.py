"""The JSON endpoints of DOMAIN.md 16: validations, session release, validation rules.

Goal: every response is the documented body (validated against the OpenAPI subset by
`ValidatingApi`), bad input is a 400 naming the field with nothing stored, and the new
state-changing calls take idempotency keys like the others.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import Shop, is_id

JSON = dict[str, Any]
MIN_AMOUNT_RULE = {"1": {"name": "order.amount", "conditions": {"$more_than_or_equal": [5_000]},
                         "error": {"message": "Spend 50.00 or more"}}}


def validation(*redeemables: JSON, amount: int = 10_000, **fields: Any) -> JSON:
    return {"redeemables": list(redeemables), "order": {"amount": amount}, **fields}


def voucher(code: str, **extra: Any) -> JSON:
    return {"object": "voucher", "id": code, **extra}


def rule_set(shop: Shop, rules: JSON = MIN_AMOUNT_RULE, **fields: Any) -> JSON:
    result: JSON = shop.ok("POST", "/v1/validation-rules", {"name": "min", "rules": rules,
                                                              **fields})
    return result


def assign(shop: Shop, rule_id: str, kind: str, object_id: str) -> JSON:
    result: JSON = shop.ok("POST", f"/v1/validation-rules/{rule_id}/assignments",
                           {"related_object_type": kind, "related_object_id": object_id})
    return result


class TestValidate:
    def test_every_status_is_reported_with_its_result(self, shop: Shop, new_shop):
        """PARTIAL: an applicable discount, an inapplicable gift card, a skipped no-effect."""
        # given
        from redemption_core.domain.model.settings import ApplicationMode, NoEffectRule
        shop = new_shop(redeemables_application_mode=ApplicationMode.PARTIAL,
                        redeemables_no_effect_rule=NoEffectRule.SKIP)
        shop.discount_voucher("TEN", 1_000)
        shop.gift_card("EMPTY", 100)
        shop.discount_voucher("ZERO", 0)
        shop.ok("POST", "/v1/redemptions", {"redeemables": [voucher("EMPTY")],
                                            "order": {"amount": 10_000}})
        # when
        body = shop.ok("POST", "/v1/validations", validation(
            voucher("TEN"), voucher("EMPTY", gift={"credits": 50}), voucher("ZERO")))
        # then
        assert body["valid"] is True and body["id"].startswith("valid_")
        statuses = [(item["id"], item["status"]) for item in body["redeemables"]]
        assert statuses == [("TEN", "APPLICABLE"), ("EMPTY", "INAPPLICABLE"),
                            ("ZERO", "SKIPPED")]
        applicable, inapplicable, skipped = body["redeemables"]
        assert applicable["result"]["discount"]["amount_off"] == 1_000
        assert applicable["order"]["total_amount"] == 9_000
        assert applicable["applicable_to"]["data"] == []
        assert inapplicable["result"]["error"]["key"] == "gift_amount_exceeded"
        assert skipped["result"]["details"]["key"] == "no_effect"
        assert body["inapplicable_redeemables"] == [inapplicable]
        assert body["skipped_redeemables"] == [skipped]
        assert body["stacking_rules"]["redeemables_application_mode"] == "PARTIAL"
        assert "session" not in body

    def test_an_invalid_validation_records_nothing(self, shop: Shop):
        """No rf_, no customer upsert, no event: the list of redemptions stays empty."""
        # given
        shop.discount_voucher("OFF", 1_000, active=False)
        # when
        body = shop.ok("POST", "/v1/validations", validation(
            voucher("OFF"), customer={"source_id": "new-customer"}))
        # then
        assert body["valid"] is False
        assert body["redeemables"][0]["result"]["details"]["key"] == "voucher_disabled"
        assert shop.ok("GET", "/v1/redemptions")["total"] == 0
        shop.fails("GET", "/v1/customers/new-customer", status=404)
        assert shop.api.ledger.events_after(0, 10) == []

    def test_all_mode_skips_the_valid_ones_after_a_failure(self, shop: Shop):
        """ALL: one inapplicable redeemable makes the others SKIPPED (preceding failed)."""
        # given
        shop.discount_voucher("GOOD", 100)
        # when
        body = shop.ok("POST", "/v1/validations", validation(voucher("GOOD"), voucher("NOPE")))
        # then
        assert body["valid"] is False
        assert [item["status"] for item in body["redeemables"]] == ["SKIPPED", "INAPPLICABLE"]
        assert body["redeemables"][0]["result"]["details"]["key"] == "preceding_validation_failed"
        assert body["redeemables"][1]["result"]["error"]["key"] == "not_found"

    def test_the_client_endpoint_is_the_same_operation(self, shop: Shop):
        """POST /client/v1/validations."""
        shop.gift_card("G", 5_000)
        body = shop.ok("POST", "/client/v1/validations",
                       validation(voucher("G", gift={"credits": 1_200})))
        assert body["redeemables"][0]["result"]["gift"] == {"credits": 1_200, "balance": 5_000}

    def test_a_request_shape_error_is_a_plain_400(self, shop: Shop):
        """No redeemables: invalid_payload, not a validation result."""
        error = shop.fails("POST", "/v1/validations", {"redeemables": []})
        assert error["key"] == "invalid_payload"


class TestSessions:
    def test_a_lock_is_echoed_and_released_with_204(self, shop: Shop):
        """session {key, type, ttl, ttl_unit}; DELETE → 204, again → 404 session."""
        # given
        shop.discount_voucher("Q1", 100, quantity=1)
        body = shop.ok("POST", "/v1/validations", validation(
            voucher("Q1"), session={"type": "LOCK", "ttl": 2, "ttl_unit": "HOURS"}))
        key = body["session"]["key"]
        assert body["session"] == {"key": key, "type": "LOCK", "ttl": 2, "ttl_unit": "HOURS"}
        assert key.startswith("ssn_")
        # when
        released = shop.call("DELETE", f"/v1/vouchers/Q1/sessions/{key}")
        # then
        assert (released.status, released.body) == (204, None)
        again = shop.fails("DELETE", f"/v1/vouchers/Q1/sessions/{key}", status=404)
        assert again["resource_type"] == "session"
        missing = shop.fails("DELETE", "/v1/vouchers/NOPE/sessions/x", status=404)
        assert missing["resource_type"] == "voucher"

    @pytest.mark.parametrize(("session", "field"), [
        ({"type": "LOCK", "ttl": 0}, "$.session.ttl"),
        ({"type": "LOCK", "ttl": -5}, "$.session.ttl"),
        ({"type": "LOCK", "ttl": 31, "ttl_unit": "DAYS"}, "$.session.ttl"),
        ({"type": "LOCK", "ttl": 1.5}, "$.session.ttl"),
        ({"type": "LOCK", "ttl": 1, "ttl_unit": "WEEKS"}, "$.session.ttl_unit"),
        ({"type": "HOLD"}, "$.session.type"),
    ])
    def test_a_bad_session_is_refused_naming_the_field(self, shop: Shop, session, field):
        """400 invalid_payload; no lock taken."""
        # given
        shop.discount_voucher("Q1", 100, quantity=1)
        # when
        error = shop.fails("POST", "/v1/validations", validation(voucher("Q1"), session=session))
        # then
        assert error["key"] == "invalid_payload" and field in error["details"]
        assert shop.ok("POST", "/v1/validations", validation(voucher("Q1")))["valid"] is True

    def test_a_retry_with_the_idempotency_key_keeps_the_generated_session(self, shop: Shop):
        """Same key and body: the same generated session key; another body: 409."""
        # given
        shop.discount_voucher("Q1", 100, quantity=1)
        body = validation(voucher("Q1"), session={"type": "LOCK"})
        # when
        first = shop.api.call("POST", "/v1/validations", body=body, idempotency_key="k1")
        second = shop.api.call("POST", "/v1/validations", body=body, idempotency_key="k1")
        changed = shop.api.call("POST", "/v1/validations", body=validation(voucher("Q1"),
                                amount=5), idempotency_key="k1")
        # then
        assert first.body["session"]["key"] == second.body["session"]["key"]
        assert second.body["valid"] is True
        assert (changed.status, changed.body["key"]) == (409, "idempotency_key_reused")


class TestValidationRules:
    def test_create_get_update_list_and_delete(self, shop: Shop):
        """CRUD of a rule set; PUT replaces the fields sent; DELETE → 204 then 404."""
        # given
        made = rule_set(shop, error={"message": "Set message"})
        assert is_id("request", "v-" + "0" * 18) and made["id"].startswith("val_")
        assert made["rules"] == MIN_AMOUNT_RULE and made["error"] == {"message": "Set message"}
        # when
        got = shop.ok("GET", f"/v1/validation-rules/{made['id']}")
        updated = shop.ok("PUT", f"/v1/validation-rules/{made['id']}", {"name": "renamed"})
        listed = shop.ok("GET", "/v1/validation-rules", query={"limit": "5"})
        deleted = shop.call("DELETE", f"/v1/validation-rules/{made['id']}")
        # then
        assert got == made
        assert updated["name"] == "renamed" and updated["rules"] == MIN_AMOUNT_RULE
        assert updated["updated_at"] is not None
        assert listed["total"] == 1 and listed["data"][0]["id"] == made["id"]
        assert (deleted.status, deleted.body) == (204, None)
        gone = shop.fails("GET", f"/v1/validation-rules/{made['id']}", status=404)
        assert gone["resource_type"] == "validation_rules"

    def test_an_assignment_governs_the_voucher_and_is_listed(self, shop: Shop):
        """asgm_ ids; the voucher is resolved by code; the rule's message on failure."""
        # given
        shop.discount_voucher("D", 100)
        made = rule_set(shop)
        # when
        assignment = assign(shop, made["id"], "voucher", "D")
        listed = shop.ok("GET", f"/v1/validation-rules/{made['id']}/assignments")
        refused = shop.fails("POST", "/v1/redemptions", validation(voucher("D"), amount=4_999))
        # then
        assert assignment["id"].startswith("asgm_")
        assert assignment["related_object_id"].startswith("v_")
        assert listed["data"] == [assignment] and listed["total"] == 1
        assert refused["key"] == "order_rules_violated"
        assert refused["message"] == "Spend 50.00 or more"
        assert refused["resource_id"].startswith("rf_")
        assert shop.ok("GET", f"/v1/validation-rules/{made['id']}")["assignments_count"] == 1

    @pytest.mark.parametrize(("body", "field"), [
        ({"name": "b", "rules": MIN_AMOUNT_RULE, "bundle_rules": {"limit": 1}},
         "$.bundle_rules"),
        ({"name": "b", "rules": {"1": {"name": "order.amount",
                                       "conditions": {"$timeframe": [1]}}}},
         "$.rules.1.conditions.$timeframe"),
        ({"name": "b", "rules": {**MIN_AMOUNT_RULE, "logic": "1 and 2"}}, "$.rules.logic"),
        ({"name": "b", "rules": MIN_AMOUNT_RULE,
          "applicable_to": {"included": [{"object": "product", "id": "p1"}]}},
         "$.applicable_to"),
        ({"name": "b", "rules": MIN_AMOUNT_RULE, "context_type": "nope"}, "$.context_type"),
    ])
    def test_unsupported_rules_are_refused_naming_the_path(self, shop: Shop, body, field):
        """400 invalid_validation_rules; nothing stored."""
        error = shop.fails("POST", "/v1/validation-rules", body)
        assert error["key"] == "invalid_validation_rules"
        assert error["details"].startswith(field)
        assert shop.ok("GET", "/v1/validation-rules")["total"] == 0

    def test_an_unknown_object_or_kind_is_refused(self, shop: Shop):
        """404 for a missing voucher; 400 for kinds this ledger has no objects of."""
        made = rule_set(shop)
        path = f"/v1/validation-rules/{made['id']}/assignments"
        missing = shop.fails("POST", path, {"related_object_id": "NOPE"}, status=404)
        assert missing["resource_type"] == "voucher"
        kind = shop.fails("POST", path, {"related_object_type": "earning_rule",
                                         "related_object_id": "x"})
        assert kind["details"].startswith("$.related_object_type")

    def test_creation_takes_an_idempotency_key(self, shop: Shop):
        """A retry returns the rule set first created; no second one exists."""
        body = {"name": "min", "rules": MIN_AMOUNT_RULE}
        first = shop.api.call("POST", "/v1/validation-rules", body=body, idempotency_key="r1")
        second = shop.api.call("POST", "/v1/validation-rules", body=body, idempotency_key="r1")
        assert first.body["id"] == second.body["id"]
        assert shop.ok("GET", "/v1/validation-rules")["total"] == 1


class TestInlineRules:
    def test_a_voucher_created_with_validation_rules_is_governed_by_them(self, shop: Shop):
        """`validation_rules: [id]` on POST /v1/vouchers assigns the set in the same call."""
        # given
        made = rule_set(shop)
        # when
        shop.ok("POST", "/v1/vouchers/D", {"discount": {"type": "AMOUNT", "amount_off": 100},
                                           "validation_rules": [made["id"]]})
        # then
        refused = shop.fails("POST", "/v1/redemptions", validation(voucher("D"), amount=4_999))
        assert refused["key"] == "order_rules_violated"
        listed = shop.ok("GET", f"/v1/validation-rules/{made['id']}/assignments")
        assert listed["data"][0]["related_object_type"] == "voucher"

    def test_a_campaigns_inline_rules_govern_its_tiers(self, shop: Shop):
        """`validation_rules` on POST /v1/campaigns; an unknown id creates nothing (404)."""
        # given
        made = rule_set(shop)
        body = {"name": "Promo", "campaign_type": "PROMOTION", "validation_rules": [made["id"]],
                "promotion": {"tiers": [{"name": "t", "action": {"discount": {
                    "type": "AMOUNT", "amount_off": 100}}}]}}
        # when
        campaign = shop.ok("POST", "/v1/campaigns", body)
        tier_id = campaign["promotion"]["tiers"][0]["id"]
        # then
        refused = shop.fails("POST", "/v1/redemptions", {
            "redeemables": [{"object": "promotion_tier", "id": tier_id}],
            "order": {"amount": 4_999}})
        assert refused["key"] == "order_rules_violated"
        missing = shop.fails("POST", "/v1/campaigns", {**body, "name": "Other",
                                                        "validation_rules": ["val_nope"]},
                             status=404)
        assert missing["resource_type"] == "validation_rules"
        from redemption_core.domain.model.campaign import Campaign
        with shop.api.ledger.store.unit_of_work() as uow:
            assert uow.find(Campaign, "name", "Other") is None

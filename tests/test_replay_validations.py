"""tests/replay/checkout_session.jsonl: a checkout with a session lock (DOMAIN.md 16).

Goal: validate with LOCK → redeem with the session → the lock is gone, replayed through the
real `redemption-core replay` command on a fresh store, every body validated against the
OpenAPI subset. On the way: a rule's own message on an INAPPLICABLE redeemable, no session
for an invalid validation, others refused what the lock holds, no `rf_` from validations.
"""

from __future__ import annotations

from tests.test_replay import REPLAY_DIR, by_name, replay, validated

CHECKOUT = REPLAY_DIR / "checkout_session.jsonl"


class TestCheckoutWithASession:
    def test_validate_with_lock_then_redeem_with_the_session_ends_the_lock(self) -> None:
        """The flow of Voucherify's locking guide, with a validation rule in the way."""
        # given / when
        status, output = replay(CHECKOUT, "--deterministic")
        lines = by_name(CHECKOUT, validated(CHECKOUT, output))
        # then the first validation fails on the rule, with its message, and locks nothing
        assert status == 0
        small = lines["too_small"]["body"]
        assert small["valid"] is False and "session" not in small
        assert small["redeemables"][0]["result"]["details"] == {
            "key": "order_rules_violated", "message": "Spend 100.00 or more"}
        # the checkout validation locks the last use and 3,000 credits
        checkout = lines["checkout"]["body"]
        assert checkout["valid"] is True
        assert checkout["session"] == {"key": "cart-1", "type": "LOCK", "ttl": 15,
                                       "ttl_unit": "MINUTES"}
        assert [item["status"] for item in checkout["redeemables"]] == ["APPLICABLE"] * 2
        assert checkout["order"]["total_amount"] == 12000 - 1500 - 3000
        # which count against everyone else
        assert lines["someone_else"]["body"]["redeemables"][0]["result"]["details"]["key"] == (
            "quantity_exceeded")
        assert lines["someone_else_gift"]["body"]["key"] == "gift_amount_exceeded"
        # the redemption with the session succeeds and ends the lock
        assert lines["pay"]["status"] == 200
        assert lines["pay"]["body"]["order"]["total_amount"] == 7500
        # each redemption of the stack, and its parent, names the lock it used up
        paid = lines["pay"]["body"]
        assert [item["session"] for item in paid["redemptions"]] == [{"key": "cart-1"}] * 2
        assert paid["parent_redemption"]["session"] == {"key": "cart-1"}
        assert lines["lock_gone"]["status"] == 404
        assert lines["lock_gone"]["body"]["resource_type"] == "session"
        assert lines["gift_after"]["body"]["gift"]["balance"] == 2000
        # and only the refused redemption was recorded as a failure
        failures = lines["failures"]["body"]["redemptions"]
        assert [item["failure_code"] for item in failures] == ["gift_amount_exceeded"]

    def test_the_replay_is_deterministic(self) -> None:
        """The same file on a fresh store gives byte-identical output."""
        assert replay(CHECKOUT, "--deterministic") == replay(CHECKOUT, "--deterministic")

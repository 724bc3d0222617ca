"""Idempotency keys at the JSON edge (issue 5: the JSON API and CLI accept the key gRPC calls
`request_id`). Method: call the same endpoint twice with one key and compare responses and
balances; then change one field of the request and expect the documented refusal."""

from __future__ import annotations

import io
import json
from pathlib import Path

from redemption_core.adapters.cli import main

from . import Shop


def _gift_body(credits: int) -> dict[str, object]:
    return {
        "redeemables": [{"object": "voucher", "id": "GIFT", "gift": {"credits": credits}}],
        "order": {"amount": 10_000},
    }


class TestIdempotentRedemption:
    def test_a_retry_with_the_same_key_returns_the_first_response(self, shop: Shop) -> None:
        """Given a 5 000 gift card, when redeeming 2 000 twice with one key, then once is spent."""
        # given
        shop.ok("POST", "/v1/vouchers/GIFT", {"type": "GIFT_VOUCHER", "gift": {"amount": 5000}})
        # when
        first = shop.api.call("POST", "/v1/redemptions", body=_gift_body(2000),
                              idempotency_key="k-1")
        again = shop.api.call("POST", "/v1/redemptions", body=_gift_body(2000),
                              idempotency_key="k-1")
        # then
        assert (first.status, again.status) == (200, 200)
        assert again.body["redemptions"][0]["id"] == first.body["redemptions"][0]["id"]
        voucher = shop.ok("GET", "/v1/vouchers/GIFT")
        assert voucher["gift"]["balance"] == 3000

    def test_the_same_key_with_another_request_is_refused_naming_the_field(
        self, shop: Shop
    ) -> None:
        """Given a key used for 2 000, when sending 2 500 with it, then 409 names the credits."""
        # given
        shop.ok("POST", "/v1/vouchers/GIFT", {"type": "GIFT_VOUCHER", "gift": {"amount": 5000}})
        shop.api.call("POST", "/v1/redemptions", body=_gift_body(2000), idempotency_key="k-2")
        # when
        refused = shop.api.call("POST", "/v1/redemptions", body=_gift_body(2500),
                                idempotency_key="k-2")
        # then
        assert refused.status == 409
        assert refused.body["key"] == "idempotency_key_reused"
        assert "redeemables[0].credits" in refused.body["details"]
        assert shop.ok("GET", "/v1/vouchers/GIFT")["gift"]["balance"] == 3000

    def test_a_refused_redemption_is_replayed_as_the_same_failure(self, shop: Shop) -> None:
        """Given an overdrawn request with a key, when retried, then the same rf_ comes back."""
        # given
        shop.ok("POST", "/v1/vouchers/GIFT", {"type": "GIFT_VOUCHER", "gift": {"amount": 500}})
        # when
        first = shop.api.call("POST", "/v1/redemptions", body=_gift_body(2000),
                              idempotency_key="k-3")
        again = shop.api.call("POST", "/v1/redemptions", body=_gift_body(2000),
                              idempotency_key="k-3")
        # then
        assert first.status == again.status == 400
        assert again.body["resource_id"] == first.body["resource_id"]

    def test_a_catalog_retry_returns_what_the_first_call_created(self, shop: Shop) -> None:
        """Creating a voucher twice with one key: one voucher, the same id both times."""
        # given
        body = {"type": "GIFT_VOUCHER", "gift": {"amount": 1}}
        # when
        first = shop.api.call("POST", "/v1/vouchers", body=body, idempotency_key="k-4")
        again = shop.api.call("POST", "/v1/vouchers", body=body, idempotency_key="k-4")
        # then
        assert (first.status, again.status) == (200, 200)
        assert again.body["id"] == first.body["id"]
        assert again.body["code"] == first.body["code"]

    def test_a_read_takes_no_key(self, shop: Shop) -> None:
        """A GET with a key: 400 invalid_payload naming idempotency_key (it changes nothing)."""
        # when
        refused = shop.api.call("GET", "/v1/redemptions", idempotency_key="k-5")
        # then
        assert refused.status == 400
        assert refused.body["details"].startswith("$.idempotency_key")


class TestReplayLineKey:
    def test_a_replay_line_carries_the_key(self, tmp_path: Path) -> None:
        """Two replay lines with one key spend the card once; a third with another body is 409."""
        # given
        lines = [
            {"method": "POST", "path": "/v1/vouchers/GIFT",
             "body": {"type": "GIFT_VOUCHER", "gift": {"amount": 5000}}},
            {"method": "POST", "path": "/v1/redemptions", "body": _gift_body(2000),
             "idempotency_key": "pay-1"},
            {"method": "POST", "path": "/v1/redemptions", "body": _gift_body(2000),
             "idempotency_key": "pay-1"},
            {"method": "POST", "path": "/v1/redemptions", "body": _gift_body(1000),
             "idempotency_key": "pay-1"},
            {"method": "GET", "path": "/v1/vouchers/GIFT"},
        ]
        file = tmp_path / "keys.jsonl"
        file.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
        out = io.StringIO()
        # when
        status = main(["replay", str(file), "--store", "memory", "--deterministic"], out=out)
        # then
        results = [json.loads(line) for line in out.getvalue().splitlines()]
        assert status == 0
        assert [result["status"] for result in results] == [200, 200, 200, 409, 200]
        assert results[1]["body"] == results[2]["body"]
        assert results[4]["body"]["gift"]["balance"] == 3000

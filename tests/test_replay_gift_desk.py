"""A gift-card desk day, replayed from tests/replay/gift_card_desk.jsonl (DOMAIN.md 17).

Create a card campaign, add two codes, publish one to a walk-in customer, top it up, redeem
part, roll it back, list the card's transactions, disable it, see a redemption fail with
`voucher_disabled`, enable it and redeem again. Every body is validated against the OpenAPI
subset; the figures, and the signs of the transactions, are asserted line by line.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog

from redemption_core.adapters.cli import main
from redemption_core.adapters.json.api import Response
from redemption_core.adapters.replay import substitute
from tests.support.api import check_response

DESK_DAY = Path(__file__).parent / "replay" / "gift_card_desk.jsonl"

JSON = dict[str, Any]


@pytest.fixture(autouse=True)
def _restore_structlog() -> Iterator[None]:
    yield
    structlog.reset_defaults()


@pytest.fixture(scope="module")
def lines() -> dict[str, JSON]:
    """The replay's output by line name, every body validated against the spec."""
    out = io.StringIO()
    status = main(["replay", str(DESK_DAY), "--store", "memory", "--deterministic"], out=out)
    structlog.reset_defaults()
    assert status in {0, 1}  # 1: a line failed on purpose (`refused`)
    requests = [json.loads(raw) for raw in DESK_DAY.read_text().splitlines() if raw.strip()]
    results = [json.loads(raw) for raw in out.getvalue().splitlines()]
    assert len(results) == len(requests)
    named: dict[str, JSON] = {}
    for request, result in zip(requests, results, strict=True):
        response = Response(result["status"], result["body"])
        path = substitute(request["path"], named)
        check_response(request["method"], path, response)
        named[request["name"]] = result
    return named


def body(lines: dict[str, JSON], name: str) -> Any:
    assert lines[name]["status"] == 200, lines[name]
    return lines[name]["body"]


class TestGiftCardDeskDay:
    def test_the_campaign_gets_two_codes_and_one_is_published(
        self, lines: dict[str, JSON]
    ) -> None:
        """Both codes come from the template; the published one has a holder."""
        first, second = body(lines, "first"), body(lines, "second")
        assert (first["code"], second["code"]) == ("DESK-1", "DESK-2")
        assert first["gift"]["balance"] == second["gift"]["balance"] == 5000
        published = body(lines, "publish")
        assert published["voucher"]["code"] == "DESK-1"
        assert published["voucher"]["holder_id"] == published["customer_id"]
        assert published["voucher"]["publish"]["count"] == 1

    def test_the_top_up_redemption_and_rollback_move_the_balance(
        self, lines: dict[str, JSON]
    ) -> None:
        """5000 + 2500 - 3000 + 3000 = 7500, then 1000 spent after re-enabling: 6500."""
        top_up = body(lines, "top_up")
        assert (top_up["amount"], top_up["total"], top_up["balance"]) == (2500, 7500, 7500)
        redeemed = body(lines, "redeem")["redemptions"][0]
        assert redeemed["voucher"]["gift"]["balance"] == 4500
        assert body(lines, "rollback")["voucher"]["gift"]["balance"] == 7500
        assert body(lines, "card")["gift"]["balance"] == 6500

    def test_the_transactions_list_every_movement_newest_first_with_signs(
        self, lines: dict[str, JSON]
    ) -> None:
        """CREDITS_REFUND +3000, CREDITS_REDEMPTION -3000, CREDITS_ADDITION +2500."""
        history = body(lines, "history")
        found = [
            (item["type"], item["details"]["balance"]["amount"], item["details"]["balance"][key])
            for item in history["data"]
            for key in ("balance",)
        ]
        assert found == [
            ("CREDITS_REFUND", 3000, 7500),
            ("CREDITS_REDEMPTION", -3000, 4500),
            ("CREDITS_ADDITION", 2500, 7500),
        ]
        refund, spend, addition = history["data"]
        redemption_id = body(lines, "redeem")["redemptions"][0]["id"]
        assert spend["details"]["redemption"] == {"id": redemption_id}
        assert refund["details"]["rollback"] == {"id": body(lines, "rollback")["id"]}
        assert (addition["source_id"], addition["reason"]) == ("till-3", "top-up at the desk")
        assert addition["details"]["balance"]["operation_type"] == "MANUAL"
        assert history["has_more"] is False
        # the identity: initial amount + sum of the transactions = balance
        assert 5000 + sum(item["details"]["balance"]["amount"] for item in history["data"]) == (
            refund["details"]["balance"]["balance"]
        )

    def test_a_disabled_card_refuses_and_an_enabled_one_redeems(
        self, lines: dict[str, JSON]
    ) -> None:
        """`voucher_disabled` between disable and enable; a success after."""
        assert body(lines, "disable")["active"] is False
        refused = lines["refused"]
        assert refused["status"] == 400
        assert refused["body"]["key"] == "voucher_disabled"
        assert refused["body"]["resource_id"].startswith("rf_")
        assert body(lines, "enable")["active"] is True
        again = body(lines, "again")["redemptions"][0]
        assert (again["result"], again["amount"]) == ("SUCCESS", 1000)

    def test_the_customers_activity_tells_the_day(self, lines: dict[str, JSON]) -> None:
        """Publication, balance added, redemption, rollback, failure, redemption."""
        types = [item["type"] for item in body(lines, "activity")["data"]]
        assert types == [
            "customer.publication.succeeded",
            "customer.voucher.gift.balance_added",
            "customer.redemption.succeeded",
            "customer.redemption.rollback.succeeded",
            "customer.redemption.failed",
            "customer.redemption.succeeded",
        ]

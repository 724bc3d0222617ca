"""Replay files of issue 3: every reward type, a reward redemption and its rollback, and a
customer's activity feed after redeem, failed redeem, rollback and failed rollback.

Method: each file under `tests/replay/` is run through the real command
(`redemption-core replay FILE --deterministic`, on a fresh memory store), every output body
is validated against the OpenAPI subset with `tests.support.api.check_response` (the
helpers of `tests/test_replay.py`), and the figures the file exists to show are asserted
by line name. The files double as worked examples of the endpoints: run one to read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from tests.test_replay import JSON, REPLAY_DIR, by_name, replay, validated


@pytest.fixture(autouse=True)
def _restore_structlog() -> Iterator[None]:
    """`main` configures structlog for the program; give the next test the defaults back."""
    yield
    structlog.reset_defaults()


def lines_of(name: str) -> dict[str, JSON]:
    """The validated output lines of `tests/replay/<name>`, by line name."""
    file: Path = REPLAY_DIR / name
    status, output = replay(file, "--deterministic")
    assert status == 0
    return by_name(file, validated(file, output))


def body(lines: dict[str, JSON], name: str, status: int = 200) -> JSON:
    line = lines[name]
    assert line["status"] == status, line
    result: JSON = line["body"]
    return result


class TestPayWithPointsReplay:
    def test_points_given_and_points_derived(self) -> None:
        """reward_coin.jsonl: 500 points pay 100.00; the rest of 450.00 costs 2 300 points."""
        lines = lines_of("reward_coin.jsonl")
        given = body(lines, "with_points")
        assert (given["amount"], given["order"]["applied_discount_amount"]) == (500, 10000)
        assert given["reward"]["parameters"]["coin"] == {"exchange_ratio": 20, "points_ratio": 100}
        rest = body(lines, "rest_of_order")
        assert (rest["amount"], rest["order"]["total_amount"]) == (2300, 0)
        assert body(lines, "no_order", 400)["key"] == "missing_order"
        assert body(lines, "too_many_points", 400)["key"] == "loyalty_card_points_exceeded"
        card = body(lines, "card_after")
        assert card["loyalty_card"]["balance"] == 5000 - 500 - 2300
        assert card["redemption"]["redeemed_points"] == 2800


class TestCampaignRewardReplays:
    def test_a_coupon_is_issued_to_the_member(self) -> None:
        """reward_coupon.jsonl: a CPN-#### coupon published to alice, 100 points paid."""
        lines = lines_of("reward_coupon.jsonl")
        redeemed = body(lines, "redeem")
        issued = body(lines, "issued")
        assert issued["code"] == redeemed["reward"]["voucher"]["code"]
        assert issued["code"].startswith("CPN-")
        assert issued["holder_id"] == redeemed["customer_id"]
        assert redeemed["metadata"] == {"source": "app"}
        assert body(lines, "card_after")["loyalty_card"]["balance"] == 900

    def test_gift_credits_land_on_one_card(self) -> None:
        """reward_gift_credits.jsonl: twice 25.00 on the same gift card (both routes)."""
        lines = lines_of("reward_gift_credits.jsonl")
        first, second = body(lines, "first"), body(lines, "second")
        assert first["reward"]["voucher"]["code"] == second["reward"]["voucher"]["code"]
        assert body(lines, "gift_card")["gift"]["balance"] == 5000
        assert body(lines, "card_after")["loyalty_card"]["balance"] == 600

    def test_bonus_points_land_on_the_bonus_card(self) -> None:
        """reward_loyalty_points.jsonl: 300 points on alice's Bonus card for 150."""
        lines = lines_of("reward_loyalty_points.jsonl")
        assert body(lines, "bonus_card")["loyalty_card"]["balance"] == 300
        assert body(lines, "bonus_card")["holder_id"] == body(lines, "redeem")["customer_id"]
        assert body(lines, "card_after")["loyalty_card"]["balance"] == 850


class TestMaterialRewardReplay:
    def test_the_product_is_named_and_the_stock_runs_out(self) -> None:
        """reward_material.jsonl: the mug for 250 points, then out of stock and unknown."""
        lines = lines_of("reward_material.jsonl")
        reward = body(lines, "redeem")["reward"]
        assert (reward["product"], reward["sku"]) == ({"id": "prod_mug"}, {"id": "sku_mug_red"})
        assert body(lines, "out_of_stock", 400)["key"] == "quantity_exceeded"
        assert body(lines, "unknown_reward", 404)["key"] == "not_found"
        assert body(lines, "card_after")["loyalty_card"]["balance"] == 750


class TestRewardRollbackReplay:
    def test_the_rollback_returns_the_points_and_keeps_the_coupon(self) -> None:
        """reward_rollback.jsonl: 400 points out and back; the coupon stays (A11)."""
        lines = lines_of("reward_rollback.jsonl")
        assert body(lines, "card_spent")["loyalty_card"]["balance"] == 600
        rollback = body(lines, "rollback")
        assert (rollback["amount"], rollback["loyalty_card"]) == (-400, {"points": -400})
        assert rollback["reason"] == "changed mind"
        card = body(lines, "card_after")
        assert card["loyalty_card"]["balance"] == 1000
        assert card["redemption"]["redeemed_points"] == 0
        assert body(lines, "issued_after")["active"] is True
        assert body(lines, "redemption_after")["status"] == "ROLLED_BACK"
        history = body(lines, "history")
        assert [entry["object"] for entry in history["redemption_entries"]] == [
            "redemption_rollback", "redemption"]


class TestActivityFeedReplay:
    def test_the_feed_tells_all_four(self) -> None:
        """activity_feed.jsonl: the four activities newest first, paged two by two."""
        lines = lines_of("activity_feed.jsonl")
        feed = body(lines, "feed")["data"]
        assert [activity["type"] for activity in feed] == [
            "customer.redemption.rollback.failed", "customer.redemption.rollback.succeeded",
            "customer.redemption.failed", "customer.redemption.succeeded"]
        first, second = body(lines, "first_page"), body(lines, "second_page")
        assert first["has_more"] is True
        assert second["has_more"] is False
        assert first["data"] + second["data"] == feed
        failures = body(lines, "failures")["data"]
        assert [activity["id"] for activity in failures] == [feed[2]["id"]]
        assert failures[0]["group_id"] == body(lines, "failed_redeem", 400)["request_id"]
        redemption = feed[3]["data"]["data"]["redemption"]
        assert redemption["date"] == redemption["created_at"]
        assert redemption["campaign_name"] == "Spring"

    def test_the_summary_and_the_records_agree(self) -> None:
        """activity_feed.jsonl: 2 redeemed (1 failed), 1 rolled back, 1 failed rollback."""
        lines = lines_of("activity_feed.jsonl")
        summary = body(lines, "customer")["summary"]["redemptions"]
        assert (summary["total_redeemed"], summary["total_failed"]) == (2, 1)
        assert (summary["total_rolled_back"], summary["total_rollback_failed"]) == (1, 1)
        records = body(lines, "records")
        assert records["total"] == 4
        assert [record["object"] for record in records["redemptions"]] == [
            "redemption", "redemption", "redemption_rollback", "redemption_rollback"]

    def test_the_output_is_the_same_on_every_run(self) -> None:
        """`--deterministic`: byte-identical output."""
        file = REPLAY_DIR / "activity_feed.jsonl"
        assert replay(file, "--deterministic") == replay(file, "--deterministic")

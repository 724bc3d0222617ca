"""`JsonApi.call` itself: one canonical `json.call` log line per call, and request ids (P18).

Method: configure structlog at INFO before the API is built (it binds its logger once), then
capture the entries with `structlog.testing.capture_logs` while calling successful, refused
and malformed requests. Each call must produce exactly one `json.call` entry carrying the
method, the path, the HTTP status and the same `request_id` as the Error body; a redemption
adds its ids, a failure its key and the recorded attempt.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
import structlog
from structlog.testing import capture_logs

from tests.api import Shop, is_id, make_shop


@pytest.fixture
def loud_shop() -> Iterator[Shop]:
    """A world whose JSON API logs at INFO (configured before the API binds its logger)."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.INFO))
    yield make_shop()
    structlog.reset_defaults()


def _calls(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [entry for entry in entries if entry["event"] == "json.call"]


class TestCanonicalLogLine:
    def test_a_successful_redemption_logs_one_line_with_its_ids(self, loud_shop: Shop) -> None:
        """200: method, path, status, request_id, duration and the redemption ids."""
        # given a voucher
        loud_shop.discount_voucher("SAVE10", 1000)

        # when it is redeemed
        with capture_logs() as entries:
            response = loud_shop.redeem(loud_shop.use("SAVE10"))

        # then exactly one json.call line describes the call
        [line] = _calls(entries)
        assert line["log_level"] == "info"
        assert (line["method"], line["path"], line["status"]) == ("POST", "/v1/redemptions", 200)
        assert is_id("request", line["request_id"])
        assert line["redemption_ids"] == [response.body["redemptions"][0]["id"]]
        assert line["duration_ms"] >= 0

    def test_a_refused_call_logs_its_key_and_the_recorded_attempt(self, loud_shop: Shop) -> None:
        """400: the line has the Error's `request_id`, `failure_code` and `resource_id`."""
        # given a disabled voucher
        loud_shop.discount_voucher("OFF", 500, active=False)

        # when it is redeemed
        with capture_logs() as entries:
            response = loud_shop.redeem(loud_shop.use("OFF"))

        # then
        [line] = _calls(entries)
        assert line["status"] == 400
        assert line["request_id"] == response.body["request_id"]
        assert line["failure_code"] == "voucher_disabled"
        assert line["resource_id"] == response.body["resource_id"]

    def test_every_call_logs_exactly_one_line(self, loud_shop: Shop) -> None:
        """Good, malformed, unknown and wrongly-methoded calls each log one line."""
        # given a voucher
        loud_shop.discount_voucher("SAVE10", 1000)
        requests = [
            ("get", "/v1/vouchers/SAVE10", None),
            ("POST", "/v1/redemptions", {"redeemable": []}),
            ("GET", "/v1/nothing", None),
            ("PATCH", "/v1/vouchers/SAVE10", None),
            ("GET", "/v1/vouchers/SAVE10?x=1", None),
        ]

        # when each is called
        with capture_logs() as entries:
            responses = [loud_shop.call(method, path, body) for method, path, body in requests]

        # then one line per call, in order, with the upper-cased method and the status
        lines = _calls(entries)
        assert [(line["method"], line["path"], line["status"]) for line in lines] == [
            ("GET", "/v1/vouchers/SAVE10", 200),
            ("POST", "/v1/redemptions", 400),
            ("GET", "/v1/nothing", 404),
            ("PATCH", "/v1/vouchers/SAVE10", 405),
            ("GET", "/v1/vouchers/SAVE10?x=1", 400),
        ]
        refused = [response.body["request_id"] for response in responses[1:]]
        assert [line["request_id"] for line in lines[1:]] == refused
        assert len({line["request_id"] for line in lines}) == len(lines)

    def test_below_info_nothing_is_logged(self, shop: Shop) -> None:
        """At the tests' default WARNING level the JSON API logs no `json.call` line."""
        # given the default (WARNING) configuration and a voucher
        shop.discount_voucher("SAVE10", 1000)

        # when it is redeemed
        with capture_logs() as entries:
            response = shop.redeem(shop.use("SAVE10"))

        # then the call worked and logged nothing
        assert response.status == 200
        assert _calls(entries) == []

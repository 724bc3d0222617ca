"""Logging as a library and as a program.

Goal: embedded in a host that has configured no logging, the ledger and its JSON API print
nothing on the host's standard output or error, not even for a bug's 500; a host that
enables the standard library's logging for `redemption_core` gets one JSON message per
call; our own programs (`call`, `replay`, `serve`) still write their JSON lines on standard
error. Method: structlog left unconfigured (its defaults restored around each test) and the
process's file descriptors captured (`capfd`), so a print from any layer would show;
`caplog` plays the host that configures logging; a real process for the program.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
import structlog

from redemption_core import (
    Ledger,
    MemoryStore,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    VoucherInput,
    VoucherType,
)
from redemption_core.adapters.json.api import JsonApi

GIFT_CARD = {"type": "GIFT_VOUCHER", "gift": {"amount": 5000}}
REDEEM = {"redeemables": [{"object": "voucher", "id": "GIFT-A", "gift": {"credits": 1000}}],
          "order": {"amount": 10_000}}


@pytest.fixture(autouse=True)
def _unconfigured_structlog() -> Iterator[None]:
    """A host that never configured structlog, before and after each test."""
    structlog.reset_defaults()
    assert not structlog.is_configured()
    yield
    structlog.reset_defaults()


class BrokenStore(MemoryStore):
    """A store whose every unit of work fails as a bug would: the API's 500 path."""

    def unit_of_work(self) -> AbstractContextManager[Any]:
        raise RuntimeError("a bug in the store")


class TestEmbeddedAndUnconfigured:
    def test_json_api_calls_print_nothing(self, capfd: pytest.CaptureFixture[str]) -> None:
        """Created, redeemed, refused (404): nothing on standard output or error."""
        # given
        api = JsonApi(Ledger(MemoryStore()))
        # when
        statuses = [
            api.call("POST", "/v1/vouchers/GIFT-A", body=GIFT_CARD).status,
            api.call("POST", "/v1/redemptions", body=REDEEM).status,
            api.call("GET", "/v1/vouchers/NOPE").status,
        ]
        # then
        assert statuses == [200, 200, 404]
        assert capfd.readouterr() == ("", "")

    def test_a_bug_answered_500_prints_nothing_either(
        self, capfd: pytest.CaptureFixture[str]
    ) -> None:
        """The traceback goes to the host's logging (none configured): not to the terminal."""
        # given
        api = JsonApi(Ledger(BrokenStore()))
        # when
        response = api.call("GET", "/v1/vouchers/ANY")
        # then
        assert response.status == 500
        assert capfd.readouterr() == ("", "")

    def test_the_ledger_prints_nothing(self, capfd: pytest.CaptureFixture[str]) -> None:
        """`Ledger` itself (the domain never logs): a redemption and a refusal, silent."""
        # given
        ledger = Ledger(MemoryStore())
        ledger.create_voucher(
            VoucherInput(code="GIFT-A", type=VoucherType.GIFT_VOUCHER, gift_amount=5000)
        )
        card = RedeemableInput(object=RedeemableKind.VOUCHER, id="GIFT-A", credits=1000)
        # when
        ledger.redeem(RedeemCommand(redeemables=(card,), order=OrderInput(amount=10_000)))
        # then
        assert capfd.readouterr() == ("", "")

    def test_nothing_reaches_logging_below_the_hosts_level(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        """At the default WARNING, a call makes no record at all (the level check stops it)."""
        # given
        caplog.set_level(logging.WARNING)
        api = JsonApi(Ledger(MemoryStore()))
        # when
        api.call("GET", "/v1/vouchers/NOPE")
        # then
        assert [r for r in caplog.records if r.name.startswith("redemption_core")] == []


class TestHostConfiguresTheStandardLibrary:
    def test_each_call_is_one_json_message_on_the_library_logger(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        """INFO enabled for `redemption_core`: one `redemption_core.json` record per call,
        its message the call line as JSON."""
        # given
        caplog.set_level(logging.INFO, logger="redemption_core")
        api = JsonApi(Ledger(MemoryStore()))
        # when
        api.call("GET", "/v1/vouchers/NOPE")
        # then
        [record] = [r for r in caplog.records if r.name == "redemption_core.json"]
        assert record.levelno == logging.INFO
        line = json.loads(record.getMessage())
        assert line["event"] == "json.call"
        assert (line["status"], line["failure_code"], line["path"]) == (
            404, "not_found", "/v1/vouchers/NOPE"
        )

    def test_a_bug_is_an_error_record_with_its_traceback(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        """The 500's cause reaches the host's handlers with `exc_info`."""
        # given
        caplog.set_level(logging.INFO, logger="redemption_core")
        api = JsonApi(Ledger(BrokenStore()))
        # when
        api.call("GET", "/v1/vouchers/ANY")
        # then
        [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert json.loads(error.getMessage())["event"] == "json.internal_error"
        assert error.exc_info is not None
        assert str(error.exc_info[1]) == "a bug in the store"


class TestProgramsLogTheirOwnLines:
    def test_call_logs_one_json_line_on_standard_error(self) -> None:
        """`redemption-core --log-level INFO call ...`: the result on stdout, one JSON
        `json.call` line on stderr."""
        # given
        command = [sys.executable, "-m", "redemption_core.adapters.cli", "--log-level", "INFO",
                   "call", "GET", "/v1/vouchers/NOPE", "--store", "memory"]
        # when
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        # then
        assert json.loads(done.stdout)["status"] == 404
        [line] = [json.loads(text) for text in done.stderr.splitlines()]
        assert (line["event"], line["level"], line["status"]) == ("json.call", "info", 404)
        assert line["timestamp"].endswith("Z")

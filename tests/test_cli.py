"""`redemption-core call`, the command's options, and the installed console script.

Method: most tests run `redemption_core.adapters.cli.main([...], out=StringIO())` in-process
and parse what it prints; every printed body is validated against the OpenAPI subset with
`tests.support.api.check_response`. Option errors must stop the program with a message that
names the option (argparse's `SystemExit`), never a traceback. Two tests start real processes
(the console script and `python -m`) to prove the entry point works and that logs go to
standard error while standard output stays the result.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog

from redemption_core.adapters.cli import main
from redemption_core.adapters.json.api import Response
from tests.support.api import check_response

GIFT_CARD = {"type": "GIFT_VOUCHER", "gift": {"amount": 5000}}


@pytest.fixture(autouse=True)
def _restore_structlog() -> Iterator[None]:
    """`main` configures structlog for the program; give the next test the defaults back."""
    yield
    structlog.reset_defaults()


def call(*argv: str) -> dict[str, Any]:
    """What `redemption-core call ARGV` prints, validated; the exit status must be the one
    documented for the response's HTTP status (0 for 2xx, 4 for 4xx, 5 for 5xx)."""
    out = io.StringIO()
    status = main(["call", *argv], out=out)
    [line] = out.getvalue().splitlines()
    printed: dict[str, Any] = json.loads(line)
    assert status == {2: 0, 4: 4, 5: 5}[printed["status"] // 100]
    check_response(argv[0], argv[1], Response(printed["status"], printed["body"]))
    return printed


class TestCall:
    def test_it_prints_the_status_and_the_body(self) -> None:
        """`call POST PATH --data JSON` prints one `{"status", "body"}` line."""
        # given / when a gift card is created
        printed = call("POST", "/v1/vouchers/GIFT-A", "--data", json.dumps(GIFT_CARD))

        # then
        assert set(printed) == {"status", "body"}
        assert printed["status"] == 200
        assert printed["body"]["code"] == "GIFT-A"
        assert printed["body"]["gift"]["balance"] == 5000

    def test_an_error_is_printed_as_an_error_body(self) -> None:
        """A 404 is printed like any other result (its exit status is 4: `call` above)."""
        # given / when
        printed = call("GET", "/v1/vouchers/NOPE")

        # then
        assert printed["status"] == 404
        assert printed["body"]["key"] == "not_found"
        assert printed["body"]["resource_type"] == "voucher"

    def test_the_method_may_be_lower_case_and_the_query_part_of_the_path(self) -> None:
        """`call get '/v1/vouchers/X?x=1'`: the query is checked like any other."""
        # given / when
        printed = call("get", "/v1/vouchers/X?x=1")

        # then
        assert printed["status"] == 400
        assert printed["body"]["key"] == "invalid_query_params"
        assert "'x'" in printed["body"]["details"]

    def test_data_may_come_from_a_file(self, tmp_path: Path) -> None:
        """`--data @FILE` reads the body from FILE."""
        # given a body in a file
        body = tmp_path / "gift.json"
        body.write_text(json.dumps(GIFT_CARD))

        # when
        printed = call("POST", "/v1/vouchers/GIFT-B", "--data", f"@{body}")

        # then
        assert printed["status"] == 200
        assert printed["body"]["code"] == "GIFT-B"

    def test_a_malformed_body_is_an_invalid_payload(self) -> None:
        """Valid JSON of the wrong shape reaches the API: 400 naming the path."""
        # given / when
        printed = call("POST", "/v1/redemptions", "--data", '{"redeemable": []}')

        # then
        assert printed["status"] == 400
        assert "$.redeemable: unknown key" in printed["body"]["details"]


class TestCallOptions:
    def test_data_that_is_not_json_is_refused_with_a_message(self) -> None:
        """`--data` that does not parse: exit with `--data: not JSON … at position N`."""
        # given / when / then
        with pytest.raises(SystemExit) as raised:
            main(["call", "POST", "/v1/vouchers", "--data", "{code: 1}"], out=io.StringIO())
        assert str(raised.value.code).startswith("--data: not JSON")
        assert "position 1" in str(raised.value.code)

    def test_a_data_file_that_cannot_be_read_is_refused_with_a_message(
        self, tmp_path: Path
    ) -> None:
        """`--data @missing`: exit naming the file."""
        # given / when / then
        missing = tmp_path / "missing.json"
        with pytest.raises(SystemExit) as raised:
            main(["call", "POST", "/v1/vouchers", "--data", f"@{missing}"], out=io.StringIO())
        assert str(raised.value.code).startswith(f"--data: cannot read {missing}")

    @pytest.mark.parametrize(
        "argv",
        [
            ["call", "GET", "/v1/vouchers/X", "--store", "postgres"],
            ["replay", "tests/replay/worked_example.jsonl", "--store", "postgres"],
        ],
    )
    def test_an_unknown_store_is_refused(self, argv: list[str]) -> None:
        """`--store` other than a known store: exit with a message naming it."""
        # given / when / then
        out = io.StringIO()
        with pytest.raises(SystemExit) as raised:
            main(argv, out=out)
        assert "--store" in str(raised.value.code)
        assert "'postgres'" in str(raised.value.code)
        assert out.getvalue() == ""

    def test_an_unknown_log_level_is_refused(self) -> None:
        """`--log-level LOUD`: exit with a message, not a traceback."""
        # given / when / then
        with pytest.raises(SystemExit) as raised:
            main(["--log-level", "LOUD", "call", "GET", "/v1/vouchers/X"], out=io.StringIO())
        assert str(raised.value.code) == "--log-level: unknown level 'LOUD'"

    def test_a_missing_command_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """No sub-command: argparse's usage error (exit status 2)."""
        # given / when / then
        with pytest.raises(SystemExit) as raised:
            main([], out=io.StringIO())
        assert raised.value.code == 2
        assert "usage: redemption-core" in capsys.readouterr().err


def _console_script() -> str:
    installed = shutil.which("redemption-core", path=str(Path(sys.executable).parent))
    found = installed or shutil.which("redemption-core")
    if found is None:
        pytest.skip("the redemption-core console script is not installed here")
    return found


class TestInstalledProgram:
    def test_the_console_script_calls_the_api(self) -> None:
        """The installed `redemption-core` runs `call` and prints the result."""
        # given the installed console script
        script = _console_script()

        # when it creates a gift card
        done = subprocess.run(
            [script, "call", "POST", "/v1/vouchers/GIFT-A", "--data", json.dumps(GIFT_CARD)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

        # then
        assert done.returncode == 0, done.stderr
        printed = json.loads(done.stdout)
        assert printed["status"] == 200
        assert printed["body"]["gift"]["balance"] == 5000

    def test_the_module_replays_with_logs_on_standard_error(self) -> None:
        """`python -m …cli replay`: results on stdout, one JSON `json.call` log line per call
        on stderr at INFO."""
        # given the worked example
        command = [
            sys.executable,
            "-m",
            "redemption_core.adapters.cli",
            "--log-level",
            "INFO",
            "replay",
            "tests/replay/worked_example.jsonl",
            "--deterministic",
        ]

        # when it is replayed by a real process
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=Path(__file__).resolve().parents[1],
        )

        # then stdout has the ten results and stderr ten JSON log lines
        assert done.returncode == 0, done.stderr
        results = [json.loads(line) for line in done.stdout.splitlines()]
        assert [result["status"] for result in results] == [
            200,
            200,
            200,
            400,
            400,
            200,
            200,
            200,
            200,
            400,
        ]
        logs = [json.loads(line) for line in done.stderr.splitlines()]
        assert [log["event"] for log in logs] == ["json.call"] * 10
        assert [log["status"] for log in logs] == [result["status"] for result in results]
        assert logs[3]["request_id"] == results[3]["body"]["request_id"]

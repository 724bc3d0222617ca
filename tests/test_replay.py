"""`redemption-core replay`: the worked example, determinism, references and bad lines.

Method: every test runs the real command, `redemption_core.adapters.cli.main(["replay", …],
out=StringIO())`, on a file under `tests/replay/` (or one written to a temporary directory
for input no text file should hold), parses the output lines and validates every body
against the OpenAPI subset with `tests.support.api.check_response`, resolving the input's
`${…}` references the way the replayer does to find each 200's route. The worked example of
DOMAIN.md section 14 is then checked number by number. Determinism is checked byte for byte
over two runs and through the dates (`--now`, +1 ms per line); references through their JSON
types and interpolation; bad input through per-line 400s and the exit status.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import structlog

from redemption_core.adapters.cli import main
from redemption_core.adapters.json.api import Response
from redemption_core.adapters.replay import UnresolvedReference, substitute
from tests.support.api import check_response

REPLAY_DIR = Path(__file__).parent / "replay"
WORKED_EXAMPLE = REPLAY_DIR / "worked_example.jsonl"
REFERENCES = REPLAY_DIR / "references.jsonl"
BAD_LINES = REPLAY_DIR / "bad_lines.jsonl"

JSON = dict[str, Any]


@pytest.fixture(autouse=True)
def _restore_structlog() -> Iterator[None]:
    """`main` configures structlog for the program; give the next test the defaults back."""
    yield
    structlog.reset_defaults()


def replay(file: Path, *options: str) -> tuple[int, str]:
    """Exit status and standard output of `redemption-core replay FILE OPTIONS`."""
    out = io.StringIO()
    # A fresh store per run unless the test names one: reruns must start from nothing.
    store = () if "--store" in options else ("--store", "memory")
    status = main(["replay", str(file), *store, *options], out=out)
    return status, out.getvalue()


def validated(file: Path, output: str) -> list[JSON]:
    """The output lines of replaying `file`, each body validated against the spec."""
    results = [json.loads(line) for line in output.splitlines()]
    requests = [line for line in file.read_bytes().splitlines() if line.strip()]
    assert len(results) == len(requests)
    named: dict[str, JSON] = {}
    for raw, result in zip(requests, results, strict=True):
        response = Response(result["status"], result["body"])
        request = _request_of(raw)
        if response.status != 200 or request is None:
            check_response("GET", "/", response)  # an Error body: the route does not matter
            continue
        path = substitute(request["path"], named)
        check_response(request["method"], path, response)
        if isinstance(request.get("name"), str):
            named[request["name"]] = result
    return results


def _request_of(raw: bytes) -> JSON | None:
    try:
        request = json.loads(raw)
    except ValueError:
        return None
    return request if isinstance(request, dict) and "method" in request else None


def by_name(file: Path, results: list[JSON]) -> dict[str, JSON]:
    """Output lines keyed by the `name` of their input line."""
    requests = [json.loads(line) for line in file.read_text().splitlines() if line.strip()]
    return {
        request["name"]: result
        for request, result in zip(requests, results, strict=True)
        if "name" in request
    }


class TestWorkedExample:
    """DOMAIN.md section 14, replayed from tests/replay/worked_example.jsonl."""

    @pytest.fixture
    def lines(self) -> dict[str, JSON]:
        status, output = replay(WORKED_EXAMPLE, "--deterministic")
        assert status == 0
        return by_name(WORKED_EXAMPLE, validated(WORKED_EXAMPLE, output))

    def test_the_stack_redeems_with_the_documented_figures(self, lines: dict[str, JSON]) -> None:
        """Children 1000/9000 and 2000 (gift 2000)/7000; parent 3000 applied; order PAID."""
        # given / when the file is replayed
        stack = lines["stack"]

        # then
        assert stack["status"] == 200
        body = stack["body"]
        save, gift = body["redemptions"]
        parent = body["parent_redemption"]
        assert (save["order"]["discount_amount"], save["order"]["total_amount"]) == (1000, 9000)
        assert save["voucher"]["redemption"]["redeemed_quantity"] == 1
        assert (gift["amount"], gift["gift"]) == (2000, {"amount": 2000})
        assert gift["order"]["applied_discount_amount"] == 2000
        assert gift["order"]["total_amount"] == 7000
        assert gift["voucher"]["gift"]["balance"] == 3000
        assert {save["redemption"], gift["redemption"]} == {parent["id"]}
        assert parent["related_object_type"] == "redemption"
        assert parent["related_object_id"] == parent["id"]
        assert (parent["voucher"], parent["redemption"]) == (None, None)
        assert parent["order"]["applied_discount_amount"] == 3000
        assert parent["order"]["total_amount"] == 7000
        order = body["order"]
        assert order["status"] == "PAID"
        assert list(order["redemptions"]) == [parent["id"]]
        assert order["redemptions"][parent["id"]]["stacked"] == [save["id"], gift["id"]]

    def test_a_child_and_the_parent_cannot_be_rolled_back_singly(
        self, lines: dict[str, JSON]
    ) -> None:
        """Child → 400 `invalid_redemption_parent`; parent → 400 `invalid_redemption`."""
        # given / when / then
        assert lines["child_rollback"]["status"] == 400
        assert lines["child_rollback"]["body"]["key"] == "invalid_redemption_parent"
        assert lines["parent_rollback"]["status"] == 400
        assert lines["parent_rollback"]["body"]["key"] == "invalid_redemption"

    def test_the_stack_is_rolled_back_in_one_call(self, lines: dict[str, JSON]) -> None:
        """/rollbacks: two rollbacks (gift -2000), a parent rollback, order CANCELED 10000."""
        # given the ids of the stack
        stack = lines["stack"]["body"]
        parent_id = stack["parent_redemption"]["id"]
        child_ids = [child["id"] for child in stack["redemptions"]]

        # when the /rollbacks line ran
        result = lines["rollbacks"]

        # then
        assert result["status"] == 200
        body = result["body"]
        save, gift = body["rollbacks"]
        assert [save["redemption"], gift["redemption"]] == child_ids
        assert (gift["amount"], gift["gift"]) == (-2000, {"amount": -2000})
        assert {save["reason"], gift["reason"]} == {"refund"}
        assert body["parent_rollback"]["redemption"] == parent_id
        order = body["order"]
        assert (order["status"], order["total_amount"]) == ("CANCELED", 10000)
        entry = order["redemptions"][parent_id]
        assert entry["rollback_id"] == body["parent_rollback"]["id"]
        assert entry["rollback_stacked"] == [save["id"], gift["id"]]

    def test_the_cards_are_restored_and_the_stack_rolled_back(self, lines: dict[str, JSON]) -> None:
        """SAVE10 `redeemed_quantity` 0, GIFT-A balance 5000, parent ROLLED_BACK (SUCCESS)."""
        # given / when / then
        assert lines["save10_after"]["body"]["redemption"]["redeemed_quantity"] == 0
        assert lines["gift_after"]["body"]["gift"]["balance"] == 5000
        parent = lines["parent_after"]["body"]
        assert (parent["result"], parent["status"]) == ("SUCCESS", "ROLLED_BACK")

    def test_repeating_the_rollback_is_refused_and_recorded(self, lines: dict[str, JSON]) -> None:
        """Again → 400 `already_rolled_back` with `resource_id` `rrf_…`."""
        # given / when / then
        again = lines["again"]
        assert again["status"] == 400
        assert again["body"]["key"] == "already_rolled_back"
        assert again["body"]["resource_id"].startswith("rrf_")
        assert again["body"]["resource_type"] == "redemption_rollback"


class TestDeterministicReplay:
    def test_two_runs_are_byte_identical(self) -> None:
        """`--deterministic`: the same file gives the same bytes."""
        # given / when the worked example is replayed twice
        first = replay(WORKED_EXAMPLE, "--deterministic")
        second = replay(WORKED_EXAMPLE, "--deterministic")

        # then
        assert first == second
        assert first[1].count("\n") == 10

    def test_without_the_flag_ids_differ_between_runs(self) -> None:
        """Without `--deterministic` ids are random, so two runs differ (same figures)."""
        # given / when
        _, first = replay(WORKED_EXAMPLE)
        _, second = replay(WORKED_EXAMPLE)

        # then the outputs differ, yet the stack's figures are the same
        assert first != second
        stacks = [json.loads(out.splitlines()[2])["body"]["order"] for out in (first, second)]
        assert {(order["status"], order["total_amount"]) for order in stacks} == {("PAID", 7000)}

    def test_the_clock_starts_at_now_and_moves_one_millisecond_per_line(
        self, tmp_path: Path
    ) -> None:
        """Line n (from 0) happens at `--now` + n ms."""
        # given five voucher creations
        file = tmp_path / "five.jsonl"
        file.write_text(
            "".join(
                json.dumps(
                    {
                        "method": "POST",
                        "path": f"/v1/vouchers/V{n}",
                        "body": {"discount": {"type": "AMOUNT", "amount_off": 100}},
                    }
                )
                + "\n"
                for n in range(5)
            )
        )

        # when it is replayed from a chosen instant
        status, output = replay(file, "--deterministic", "--now", "2030-05-06T07:08:09.010Z")

        # then each line's creation date is one millisecond after the previous one
        assert status == 0
        start = datetime(2030, 5, 6, 7, 8, 9, 10_000, tzinfo=UTC)
        created = [line["body"]["created_at"] for line in validated(file, output)]
        expected = [start + timedelta(milliseconds=n) for n in range(5)]
        assert created == [f"{moment:%Y-%m-%dT%H:%M:%S.%f}"[:-3] + "Z" for moment in expected]

    def test_the_default_now_is_the_first_of_january_2026(self) -> None:
        """Without `--now` the clock starts at 2026-01-01T00:00:00.000Z."""
        # given / when
        _, output = replay(WORKED_EXAMPLE, "--deterministic")

        # then the first line was created at the default instant, the stack two lines later
        lines = [json.loads(line) for line in output.splitlines()]
        assert lines[0]["body"]["created_at"] == "2026-01-01T00:00:00.000Z"
        assert lines[2]["body"]["parent_redemption"]["date"] == "2026-01-01T00:00:00.002Z"

    def test_an_invalid_now_is_refused(self) -> None:
        """`--now` must be an ISO 8601 date-time with a timezone."""
        # given / when / then
        with pytest.raises(SystemExit, match="--now"):
            replay(WORKED_EXAMPLE, "--deterministic", "--now", "yesterday")
        with pytest.raises(SystemExit, match="timezone"):
            replay(WORKED_EXAMPLE, "--deterministic", "--now", "2026-01-01T00:00:00")


class TestReferences:
    """tests/replay/references.jsonl."""

    @pytest.fixture
    def results(self) -> list[JSON]:
        status, output = replay(REFERENCES, "--deterministic")
        assert status == 0
        return validated(REFERENCES, output)

    def test_an_exact_reference_keeps_its_json_type(self, results: list[JSON]) -> None:
        """`"${gift.body.gift.balance}"` is the integer 5000, `"${gift.status}"` the integer 200."""
        # given / when COPY was created from GIFT-A's balance and status
        copy = results[1]

        # then the values kept their types (a string amount would be invalid_payload)
        assert copy["status"] == 200
        assert copy["body"]["gift"]["amount"] == 5000
        assert copy["body"]["metadata"]["status"] == 200
        assert copy["body"]["metadata"]["origin"] == {"kind": "gift"}

    def test_a_reference_inside_a_string_is_interpolated(self, results: list[JSON]) -> None:
        """`"copy of ${gift.body.code} (${gift.status})"` becomes text; paths and queries too."""
        # given / when
        _, copy, _, _, child, rollbacks, _, _ = results

        # then
        assert copy["body"]["metadata"]["note"] == "copy of GIFT-A (200)"
        assert child["status"] == 200
        assert child["body"]["voucher"]["code"] == "COPY"
        assert rollbacks["status"] == 200
        assert {item["reason"] for item in rollbacks["body"]["rollbacks"]} == {"refund of COPY"}

    def test_list_indexes_are_numbers(self, results: list[JSON]) -> None:
        """`${stack.body.redemptions.1.id}` is the second child."""
        # given / when
        stack, child = results[2], results[4]

        # then
        assert child["body"]["id"] == stack["body"]["redemptions"][1]["id"]

    def test_an_unresolved_reference_fails_its_line_only(self, results: list[JSON]) -> None:
        """A missing index → that line 400 `invalid_payload` naming where; later lines run."""
        # given / when
        broken, after = results[3], results[4:]

        # then the line failed with the reference and its place in the line
        assert broken["status"] == 400
        assert broken["body"]["key"] == "invalid_payload"
        assert broken["body"]["details"].startswith("$.path: ${stack.body.redemptions.5.id}")
        # and the next lines ran
        assert [line["status"] for line in after] == [200, 200, 400, 200]

    def test_a_failed_line_cannot_be_referred_to(self, results: list[JSON]) -> None:
        """The failed line named `broken` is not named: referring to it is unresolved."""
        # given / when
        line = results[6]

        # then
        assert line["status"] == 400
        assert "no earlier line is named 'broken'" in line["body"]["details"]

    def test_a_reference_in_the_body_names_its_json_path(self, tmp_path: Path) -> None:
        """An unresolved reference deep in the body is reported at `$.body.…`."""
        # given a body that refers to a line that does not exist
        file = tmp_path / "deep.jsonl"
        body = {"redeemables": [{"object": "voucher", "id": "${nobody.body.code}"}]}
        file.write_text(json.dumps({"method": "POST", "path": "/v1/redemptions", "body": body}))

        # when
        _, output = replay(file, "--deterministic")

        # then
        [line] = validated(file, output)
        assert line["status"] == 400
        assert line["body"]["details"].startswith("$.body.redeemables[0].id: ${nobody.body.code}")

    def test_a_reference_giving_a_path_a_number_fails_the_line(self, tmp_path: Path) -> None:
        """A path or query that an exact reference made a number is a 400, not a crash."""
        # given a named line, then a path and a query that are exactly its status
        file = tmp_path / "typed.jsonl"
        lines = [
            {"name": "v", "method": "GET", "path": "/v1/vouchers/NOPE"},
            {"method": "GET", "path": "${v.status}"},
            {"method": "GET", "path": "/v1/vouchers/NOPE", "query": {"x": "${v.status}"}},
        ]
        file.write_text("\n".join(json.dumps(line) for line in lines))

        # when
        status, output = replay(file, "--deterministic")

        # then
        assert status == 0
        results = validated(file, output)
        assert [line["status"] for line in results] == [404, 400, 400]
        assert results[1]["body"]["details"] == "$.path: must be a string"
        assert results[2]["body"]["details"].startswith("$.query: ")

    def test_substitute_raises_for_an_unknown_name(self) -> None:
        """The library function names the reference and the place."""
        # given / when
        with pytest.raises(UnresolvedReference) as raised:
            substitute({"a": ["${x.body}"]}, {}, "$.body")

        # then
        assert raised.value.reference == "x.body"
        assert raised.value.where == "$.body.a[0]"


class TestBadInput:
    def test_each_bad_line_gets_a_400_and_the_replay_carries_on(self) -> None:
        """Not JSON, no method, not an object, unknown key, bad query, bad name: 400 each."""
        # given / when tests/replay/bad_lines.jsonl is replayed
        status, output = replay(BAD_LINES, "--deterministic")

        # then the status is 0, the blank line is skipped, and each bad line has its Error
        assert status == 0
        results = validated(BAD_LINES, output)
        assert [line["status"] for line in results] == [400] * 6 + [200, 200]
        bad = [line["body"] for line in results[:6]]
        assert {body["key"] for body in bad} == {"invalid_payload"}
        assert [body["details"].split(":")[0] for body in bad] == [
            "$",
            "$.method",
            "$",
            "$.extra",
            "$.query",
            "$.name",
        ]
        assert "not JSON" in bad[0]["details"]
        assert results[7]["body"]["code"] == "X"

    def test_a_line_that_is_not_utf8_gets_a_400(self, tmp_path: Path) -> None:
        """Bytes that are not UTF-8 fail their line only, never with a traceback."""
        # given a good line, a line of bad bytes, and a good line
        file = tmp_path / "bytes.jsonl"
        good = b'{"method": "GET", "path": "/v1/vouchers/X"}'
        file.write_bytes(good + b"\n\xff\xfe\x00 not text\n" + good + b"\n")

        # when
        status, output = replay(file, "--deterministic")

        # then
        assert status == 0
        results = validated(file, output)
        assert [line["status"] for line in results] == [404, 400, 404]
        assert "not UTF-8" in results[1]["body"]["details"]

    def test_an_unreadable_file_exits_non_zero(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file that cannot be opened: exit status 1, a message on standard error."""
        # given / when
        status, output = replay(tmp_path / "missing.jsonl")

        # then
        assert status == 1
        assert output == ""
        assert "cannot read" in capsys.readouterr().err

    def test_a_directory_exits_non_zero(self, tmp_path: Path) -> None:
        """A directory is not a readable file either."""
        # given / when
        status, _ = replay(tmp_path)

        # then
        assert status == 1

    def test_standard_input_is_read_with_a_dash(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """`replay -` reads the lines from standard input."""
        # given two lines on standard input
        lines = WORKED_EXAMPLE.read_bytes().splitlines()[:2]
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\n".join(lines))))

        # when
        out = io.StringIO()
        status = main(["replay", "-", "--deterministic", "--store", "memory"], out=out)

        # then
        assert status == 0
        codes = [json.loads(line)["body"]["code"] for line in out.getvalue().splitlines()]
        assert codes == ["SAVE10", "GIFT-A"]

"""The defects generated bad input found (issue 8, section 2), one named test each.

Each was a 500, an INTERNAL or a traceback; each test sends the input that showed it, on
memory and SQLite where a store is involved, and asserts the documented answer: a 400 (or
INVALID_ARGUMENT / UNAUTHENTICATED) naming the field and the rule, and no change to the
store. D8 (a full disk) is another issue's. The idempotency cases of D1 for every
state-changing call are in tests/contract/test_idempotency_contract.py.
"""

from __future__ import annotations

import asyncio
import io
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import grpc.aio
import pytest
from google.protobuf import json_format, struct_pb2

from redemption_core import Ledger, VoucherInput, VoucherType, errors
from redemption_core.adapters.cli import main
from redemption_core.adapters.grpc._generated import lifecycle_pb2 as lifecycle
from redemption_core.adapters.grpc.auth import Apps
from redemption_core.adapters.grpc.server import build_aio_server
from redemption_core.adapters.json.api import Response
from redemption_core.adapters.replay import substitute
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.domain.model import limits
from tests.badinput.mutations import nested
from tests.badinput.world import JsonWorld, unexpected_changes
from tests.grpc.world import (
    APP_ID,
    APP_TOKEN,
    CREDENTIALS,
    TEST_CONFIG,
    captured_lines,
    catalog,
    common,
    decode_failure,
    make_ledger,
    served,
    service,
)
from tests.support.api import check_response

SURROGATE = "\ud800"
GIFT = {"type": "GIFT_VOUCHER", "gift": {"amount": 500}}


def refused(world: JsonWorld, method: str, path: str, body: Any = None,
            query: Any = None, key: str | None = None) -> dict[str, Any]:
    """The Error body of a call that must be a 400 and change nothing."""
    before = world.opened.state()
    response = world.call(method, path, query, body, key)
    assert response.status == 400, response.body
    check_response(method, path, response)
    assert unexpected_changes(before, world.opened.state(), response.body) == []
    found: dict[str, Any] = response.body
    return found


@pytest.fixture
def sqlite_ledger(tmp_path: Path) -> Iterator[Ledger]:
    store = SQLiteStore(tmp_path / "defects.db")
    try:
        yield Ledger(store)
    finally:
        store.close()


class TestD1IdempotencyOnCatalogCalls:
    def test_d1_a_voucher_created_with_a_key_replays_and_conflicts_on_every_store(
        self, json_world: JsonWorld
    ) -> None:
        """POST /v1/vouchers/{code} with a key: same answer twice; changed: 409 naming it."""
        # given
        first = json_world.call("POST", "/v1/vouchers/D1-A", None, GIFT, "d1-key")
        # when
        again = json_world.call("POST", "/v1/vouchers/D1-A", None, GIFT, "d1-key")
        changed = json_world.call("POST", "/v1/vouchers/D1-A", None,
                                  {**GIFT, "gift": {"amount": 600}}, "d1-key")
        # then
        assert first.status == again.status == 200
        assert again.body["id"] == first.body["id"]
        assert changed.status == 409
        assert changed.body["key"] == "idempotency_key_reused"
        assert "gift_amount" in changed.body["details"]

    def test_d1_create_voucher_with_a_request_id_over_grpc_on_sqlite(
        self, tmp_path: Path
    ) -> None:
        """CreateVoucher(request_id) on SQLite: the same voucher again, not INTERNAL."""
        # given
        store = SQLiteStore(tmp_path / "grpc.db")
        given = catalog.VoucherInput(code="G", type=common.VOUCHER_TYPE_GIFT_VOUCHER,
                                     gift=common.GiftAmount(amount=5))
        request = service.CreateVoucherRequest(voucher=given, request_id="k1")
        try:
            with served(Ledger(store)) as world:
                # when
                first = world.call("CreateVoucher", request).voucher
                again = world.call("CreateVoucher", request).voucher
                given.gift.amount = 6
                conflict = world.failure("CreateVoucher", service.CreateVoucherRequest(
                    voucher=given, request_id="k1"))
        finally:
            store.close()
        # then
        assert again.id == first.id
        assert conflict.code is grpc.StatusCode.ALREADY_EXISTS
        assert conflict.reason == "idempotency_key_reused"


class TestD2LoneSurrogates:
    @pytest.mark.parametrize(("path", "body", "key", "named"), [
        (f"/v1/vouchers/X{SURROGATE}", GIFT, None, "path parameter code"),
        ("/v1/vouchers", {**GIFT, "code": f"X{SURROGATE}"}, None, "$.code"),
        ("/v1/vouchers/D2", GIFT, f"k{SURROGATE}", "$.idempotency_key"),
        ("/v1/redemptions", {"redeemables": [{"object": "voucher", "id": f"Z{SURROGATE}"}]},
         None, "$.redeemables[0].id"),
        ("/v1/redemptions", {"redeemables": [{"object": "voucher", "id": "GIFT",
                                              "gift": {"credits": 1}}],
                             "order": {"amount": 10},
                             "customer": {"source_id": f"c{SURROGATE}"}},
         None, "$.customer.source_id"),
        ("/v1/vouchers/D2", {**GIFT, "metadata": {f"k{SURROGATE}": 1}}, None,
         '$.metadata["k\\ud800"]'),
    ])
    def test_d2_a_lone_surrogate_is_a_400_naming_the_field_on_every_store(
        self, json_world: JsonWorld, path: str, body: Any, key: str | None, named: str
    ) -> None:
        """In a code, a source_id, a redeemable id, a key, a metadata key: 400, no change."""
        # when
        error = refused(json_world, "POST", path, body, key=key)
        # then
        assert error["key"] == "invalid_payload"
        assert named in error["details"]
        assert "lone surrogate" in error["details"]
        json.dumps(error).encode("utf-8")  # the error body itself stays encodable

    def test_d2_the_embedded_ledger_refuses_them_before_sqlite_sees_them(
        self, sqlite_ledger: Ledger
    ) -> None:
        """Ledger.create_voucher / get_voucher with a surrogate: InvalidPayload on `code`."""
        # when
        with pytest.raises(errors.InvalidPayload) as creating:
            sqlite_ledger.create_voucher(VoucherInput(code=f"A{SURROGATE}",
                                                      type=VoucherType.GIFT_VOUCHER,
                                                      gift_amount=1))
        with pytest.raises(errors.InvalidPayload) as reading:
            sqlite_ledger.get_voucher(f"A{SURROGATE}")
        # then
        assert creating.value.field == reading.value.field == "code"

    def test_d2_a_query_value_with_a_surrogate_is_invalid_query_params(
        self, json_world: JsonWorld
    ) -> None:
        """GET /v1/redemptions?customer=<surrogate>: 400 invalid_query_params naming it."""
        # when
        error = refused(json_world, "GET", "/v1/redemptions", query={"customer": SURROGATE})
        # then
        assert error["key"] == "invalid_query_params"
        assert "'customer'" in error["details"]


class TestD3Nesting:
    def test_d3_metadata_nested_ten_thousand_deep_is_a_400_naming_the_field(
        self, json_world: JsonWorld
    ) -> None:
        """10,000 levels: 400 invalid_payload at the first level past JSON_DEPTH_MAX."""
        # when
        error = refused(json_world, "POST", "/v1/vouchers/D3",
                        {**GIFT, "metadata": {"a": nested(10_000)}})
        # then
        assert error["details"].startswith("$.metadata.a")
        assert f"at most {limits.JSON_DEPTH_MAX} levels" in error["details"]

    def test_d3_call_data_from_a_file_nested_too_deep_exits_with_one_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`call --data @file` with 10,000 levels: one `--data:` message, no traceback."""
        # given
        deep = tmp_path / "deep.json"
        deep.write_text('{"metadata": ' + "[" * 10_000 + "]" * 10_000 + "}", encoding="utf-8")
        # when
        with pytest.raises(SystemExit) as stopped:
            main(["call", "POST", "/v1/vouchers/X", "--data", f"@{deep}", "--store", "memory"],
                 out=io.StringIO())
        # then
        assert str(stopped.value.code).startswith("--data: nests objects and arrays too deep")
        assert "Traceback" not in capsys.readouterr().err

    def test_d3_call_data_nested_past_the_limit_prints_the_400(self) -> None:
        """Metadata 25 levels deep (parseable): the printed answer is the 400 naming it."""
        # given
        body = json.dumps({**GIFT, "metadata": nested(25)})
        out = io.StringIO()
        # when
        main(["call", "POST", "/v1/vouchers/X", "--data", body, "--store", "memory"], out=out)
        # then
        printed = json.loads(out.getvalue())
        assert printed["status"] == 400
        assert printed["body"]["details"].startswith("$.metadata")

    def test_d3_replay_answers_every_line_whatever_its_json(self, tmp_path: Path) -> None:
        """Valid, 10,000-deep, 25-deep metadata, NaN, 1e400, 5,000 digits, valid: 7 answers."""
        # given
        lines = [
            json.dumps({"method": "POST", "path": "/v1/vouchers/R1", "body": GIFT}),
            '{"method": "POST", "path": "/v1/vouchers/R2", "body": ' + "[" * 10_000,
            json.dumps({"method": "POST", "path": "/v1/vouchers/R3",
                        "body": {**GIFT, "metadata": nested(25)}}),
            '{"method": "POST", "path": "/v1/vouchers/R4", "body": {"metadata": {"x": NaN}}}',
            '{"method": "POST", "path": "/v1/vouchers/R5", "body": {"metadata": {"x": 1e400}}}',
            '{"method": "POST", "path": "/v1/vouchers/R6", "body": {"m": ' + "9" * 5_000 + "}}",
            json.dumps({"method": "GET", "path": "/v1/vouchers/R1"}),
        ]
        calls = tmp_path / "calls.jsonl"
        calls.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = io.StringIO()
        # when
        main(["replay", str(calls), "--store", "memory"], out=out)
        # then
        answers = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [answer["status"] for answer in answers] == [200, 400, 400, 400, 400, 400, 200]
        for answer in answers[1:-1]:
            check_response("POST", "/v1/vouchers/R", Response(answer["status"], answer["body"]))


class TestD4NotFinite:
    @pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
    def test_d4_nan_and_infinity_in_metadata_are_a_400_on_every_store(
        self, json_world: JsonWorld, number: float
    ) -> None:
        """A body holding NaN/±Infinity (an in-process caller): 400 naming the member."""
        # when
        error = refused(json_world, "POST", "/v1/vouchers/D4",
                        {**GIFT, "metadata": {"x": [1, number]}})
        # then
        assert error["details"].startswith("$.metadata.x[1]: must be a finite number")

    def test_d4_nan_in_a_struct_over_grpc_is_invalid_argument(self) -> None:
        """Struct number_value NaN: INVALID_ARGUMENT naming voucher.metadata.x."""
        # given
        metadata = struct_pb2.Struct()
        metadata.update({"x": math.nan})
        given = catalog.VoucherInput(code="N", type=common.VOUCHER_TYPE_GIFT_VOUCHER,
                                     gift=common.GiftAmount(amount=5), metadata=metadata)
        with served(make_ledger()) as world:
            # when
            failure = world.failure("CreateVoucher", service.CreateVoucherRequest(voucher=given))
        # then
        assert failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert [field for field, _ in failure.violations] == ["voucher.metadata.x"]


class TestD5HugePageNumbers:
    @pytest.mark.parametrize(("path", "parameter"), [
        ("/v1/redemptions", "limit"), ("/v1/redemptions", "page"),
        ("/v1/vouchers/GIFT/redemption", "limit"), ("/v1/vouchers/GIFT/redemption", "page"),
        ("/v1/customers/alice/activity", "limit"),
        ("/v1/redemptions", "filters[voucher_code][conditions][$in][0]"),
    ])
    @pytest.mark.parametrize("digits", ["9" * 4_301, "0" * 5_000 + "101"])
    def test_d5_thousands_of_digits_are_invalid_query_params_on_every_list(
        self, json_world: JsonWorld, path: str, parameter: str, digits: str
    ) -> None:
        """4,301+ digits in limit/page (or a filter index): 400 invalid_query_params."""
        # given
        if parameter.startswith("filters"):
            parameter = parameter.replace("[0]", f"[{digits}]")
        # when
        error = refused(json_world, "GET", path, query={parameter: digits})
        # then
        assert error["key"] == "invalid_query_params"
        assert f"query parameter {parameter[:20]}" in error["details"].replace("'", "")


class TestD6UndecodableGrpcRequests:
    def test_d6_bytes_that_are_no_message_are_invalid_argument_after_authentication(
        self,
    ) -> None:
        """Authenticated garbage: INVALID_ARGUMENT naming `request`; one log line each."""
        with captured_lines() as lines, served(make_ledger()) as world:
            raw = world.channel.unary_unary("/redemption_core.v1.RedemptionService/Redeem")
            # when
            with pytest.raises(grpc.RpcError) as failed:
                raw(b"\xff\xff\xff\xff", metadata=CREDENTIALS, timeout=10)
            failure = decode_failure(failed.value)
        # then
        assert failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert failure.reason == "invalid_payload"
        assert [field for field, _ in failure.violations] == ["request"]
        assert [(line["code"], line["failure_code"]) for line in lines] == [
            ("INVALID_ARGUMENT", "invalid_payload")]

    def test_d6_an_unauthenticated_call_is_unauthenticated_whatever_its_bytes(self) -> None:
        """No credentials, garbage bytes: UNAUTHENTICATED, logged once."""
        with captured_lines() as lines, served(make_ledger()) as world:
            raw = world.channel.unary_unary("/redemption_core.v1.RedemptionService/GetVoucher")
            # when
            with pytest.raises(grpc.RpcError) as failed:
                raw(b"\x0a\xff", timeout=10)
        # then
        assert failed.value.code() is grpc.StatusCode.UNAUTHENTICATED  # type: ignore[attr-defined]
        assert [line["code"] for line in lines] == ["UNAUTHENTICATED"]

    @pytest.mark.parametrize(("depth", "field"), [
        (limits.JSON_DEPTH_MAX + 5, "voucher.metadata.k"), (50, "request"),
    ])
    def test_d6_a_struct_nested_past_the_limits_is_invalid_argument(
        self, depth: int, field: str
    ) -> None:
        """25 levels: named by its path; 50 levels (past protobuf's own): `request`."""
        # given
        request = service.CreateVoucherRequest(voucher=catalog.VoucherInput(
            code="S", type=common.VOUCHER_TYPE_GIFT_VOUCHER, gift=common.GiftAmount(amount=5)))
        value: Any = 1
        for _ in range(depth - 1):
            value = {"k": value}
        request.voucher.metadata.update(value)
        data = request.SerializeToString()
        with served(make_ledger()) as world:
            raw = world.channel.unary_unary("/redemption_core.v1.RedemptionService/CreateVoucher")
            # when
            with pytest.raises(grpc.RpcError) as failed:
                raw(data, metadata=CREDENTIALS, timeout=10)
        # then
        failure = decode_failure(failed.value)
        assert failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert failure.violations[0][0].startswith(field)


    def test_d6_the_asyncio_server_answers_undecodable_bytes_the_same(self) -> None:
        """The grpc.aio flavour of the interceptor: INVALID_ARGUMENT, then UNAUTHENTICATED."""

        async def send_twice() -> list[grpc.StatusCode]:
            built = await build_aio_server(make_ledger(), Apps.of({APP_ID: APP_TOKEN}),
                                           TEST_CONFIG)
            await built.server.start()
            codes = []
            try:
                async with grpc.aio.insecure_channel(f"127.0.0.1:{built.port}") as channel:
                    raw = channel.unary_unary("/redemption_core.v1.RedemptionService/Redeem")
                    for metadata in (CREDENTIALS, ()):
                        try:
                            await raw(b"\xff\xff", metadata=metadata, timeout=10)
                        except grpc.aio.AioRpcError as error:
                            codes.append(error.code())
            finally:
                await built.server.stop(None)
            return codes

        # when
        codes = asyncio.run(send_twice())
        # then
        assert codes == [grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.UNAUTHENTICATED]


class TestD10RepeatedCredentials:
    @pytest.mark.parametrize("repeated", ["x-app-id", "x-app-token"])
    def test_d10_a_credential_sent_twice_is_unauthenticated(self, repeated: str) -> None:
        """Two values of x-app-id (or x-app-token), even both right: UNAUTHENTICATED."""
        # given
        metadata = (*CREDENTIALS, *(item for item in CREDENTIALS if item[0] == repeated))
        with served(make_ledger()) as world:
            # when
            failure = world.failure("GetVoucher", service.GetVoucherRequest(code="X"), metadata)
        # then
        assert failure.code is grpc.StatusCode.UNAUTHENTICATED
        assert f"{repeated} was sent 2 times" in failure.message


class TestRequestDepth:
    def test_a_replay_line_nesting_exactly_the_request_depth_is_substituted(self) -> None:
        """REQUEST_DEPTH_MAX = 32 levels, the line itself level 1: accepted."""
        # given
        line = nested(limits.REQUEST_DEPTH_MAX - 1, "x")
        # when / then
        assert substitute({"body": line}, {}) == {"body": line}

    def test_a_replay_line_one_level_deeper_is_refused_naming_the_path(self) -> None:
        """33 levels: invalid_payload naming the first member past the bound."""
        # given
        line = {"body": nested(limits.REQUEST_DEPTH_MAX, "x")}
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            substitute(line, {})
        # then
        assert (raised.value.field or "").startswith("$.body")
        assert (raised.value.field or "").count("k") + (raised.value.field or "").count(
            "[0]") == limits.REQUEST_DEPTH_MAX - 1


class TestFoundByTheGeneratedSuite:
    def test_an_integer_of_4400_digits_for_points_is_a_400_naming_the_field(
        self, json_world: JsonWorld
    ) -> None:
        """Member redemption `reward.points` = 10**4400 (was a 500 printing it): 400."""
        # given
        ids = json_world.ids
        body = {"reward": {"id": ids["coin"], "points": 10**4_400}, "order": {"amount": 100}}
        # when
        error = refused(json_world, "POST",
                        f"/v1/loyalties/{ids['program']}/members/CARD/redemption", body)
        # then
        assert error["details"].startswith("$.reward.points: must be an integer from")

    def test_an_integer_of_4400_digits_for_a_ratio_is_a_400_naming_the_field(
        self, json_world: JsonWorld
    ) -> None:
        """A reward's coin `exchange_ratio` = 10**4400 (was a 500 in the Decimal hook)."""
        # when
        error = refused(json_world, "POST", "/v1/rewards", {"name": "r", "parameters": {
            "coin": {"exchange_ratio": 10**4_400, "points_ratio": 1}}})
        # then
        assert error["details"].startswith("$.parameters.coin.exchange_ratio: must be below")

    def test_a_status_echoing_a_long_id_stays_within_the_trailer_limit(self) -> None:
        """GetRedemption of a 5,000-character id: NOT_FOUND with a clipped message (was
        RESOURCE_EXHAUSTED on the client: the status exceeded its 8 KiB trailers)."""
        with served(make_ledger()) as world:
            # when
            failure = world.failure("GetRedemption",
                                    service.GetRedemptionRequest(redemption_id="9" * 5_000))
        # then
        assert failure.code is grpc.StatusCode.NOT_FOUND
        assert len(failure.message) <= 512
        assert all(len(value) <= 200 for value in failure.metadata.values())


class TestFoundInTheLifecycleAndValidationRoutes:
    """Defects the suite found once it covered the catalog lifecycle and validations."""

    def test_an_update_with_an_idempotency_key_is_applied_and_replayed(
        self, json_world: JsonWorld
    ) -> None:
        """PUT /v1/vouchers/{code} with a key: 200 and the same answer on retry (was a 500:
        the update's set of field names could not be fingerprinted)."""
        # given
        body = {"category": "keyed"}
        # when
        first = json_world.call("PUT", "/v1/vouchers/B", None, body, "put-once")
        again = json_world.call("PUT", "/v1/vouchers/B", None, body, "put-once")
        # then
        assert first.status == again.status == 200, first.body
        assert again.body["category"] == "keyed"
        assert again.body["updated_at"] == first.body["updated_at"]

    def test_a_catalog_key_with_a_lone_surrogate_is_a_400_naming_the_key(
        self, json_world: JsonWorld
    ) -> None:
        """POST /v1/customers keyed by "\\ud800": 400 naming idempotency_key (was a 500 from
        the key record's own check), nothing stored."""
        # when
        error = refused(json_world, "POST", "/v1/customers", {"source_id": "zed"},
                        key=SURROGATE)
        # then
        assert error["details"].startswith("$.idempotency_key: must be Unicode text")

    def test_a_rule_assignment_with_an_idempotency_key_is_made_once(
        self, json_world: JsonWorld
    ) -> None:
        """POST /v1/validation-rules/{id}/assignments with a key: one assignment, replayed
        on retry (was a 500: the guarded request was a tuple, not an object)."""
        # given
        path = f"/v1/validation-rules/{json_world.ids['rule']}/assignments"
        body = {"related_object_type": "voucher", "related_object_id": "GIFT"}
        # when
        first = json_world.call("POST", path, None, body, "assign-once")
        again = json_world.call("POST", path, None, body, "assign-once")
        # then
        assert first.status == again.status == 200, first.body
        assert again.body["id"] == first.body["id"]

    def test_a_session_ttl_past_any_date_is_invalid_argument_naming_it(self) -> None:
        """Validate with a LOCK of 2**40 days: INVALID_ARGUMENT on session.ttl (was INTERNAL:
        the bound was checked after building a timedelta, which overflowed)."""
        with served(make_ledger()) as world:
            # given
            world.discount_voucher("LOCKME")
            request = json_format.ParseDict({
                "redeemables": [{"object": "REDEEMABLE_OBJECT_VOUCHER", "id": "LOCKME"}],
                "order": {"amount": "1000"},
                "session": {"type": "SESSION_TYPE_LOCK", "ttl": str(2**40),
                            "ttl_unit": "SESSION_TTL_UNIT_DAYS"},
            }, service.ValidateRequest())
            # when
            failure = world.failure("Validate", request)
        # then
        assert failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert [field for field, _ in failure.violations] == ["session.ttl"]

    def test_an_adjustment_reason_past_the_length_limit_is_invalid_argument(self) -> None:
        """AdjustVoucherBalance with a 1,001-character reason: INVALID_ARGUMENT on `reason`
        and the balance unchanged (was INTERNAL: the transaction record refused it)."""
        with served(make_ledger()) as world:
            # given
            world.gift_card("CARD-R", 500)
            request = lifecycle.AdjustVoucherBalanceRequest(
                code="CARD-R", amount=5, reason="x" * (limits.STRING_LENGTH_MAX + 1))
            # when
            failure = world.failure("AdjustVoucherBalance", request)
            balance = world.call("GetVoucher", service.GetVoucherRequest(code="CARD-R"))
        # then
        assert failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert [field for field, _ in failure.violations] == ["reason"]
        assert balance.voucher.gift.balance == 500

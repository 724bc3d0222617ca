"""Who may call, and the one log line per call.

Goal: calls need the `x-app-id`/`x-app-token` of a configured application (UNAUTHENTICATED
otherwise), health checking and reflection need none, the applications load from a file or
`REDEMPTION_CORE_APPS`, and each call logs exactly one `grpc.call` line with the method,
request id, redemption ids, result and duration, its context cleared between calls.
Method: a served ledger and structlog's `capture_logs` with the context processor.
"""

from __future__ import annotations

import json
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from redemption_core.adapters.grpc.auth import APPS_ENV, Apps, AppsConfigError
from tests.grpc.world import (
    APP_ID,
    APP_TOKEN,
    World,
    captured_lines,
    make_ledger,
    redeem_request,
    served,
    service,
    use_gift,
)

GET_VOUCHER = service.GetVoucherRequest(code="ANY")


class TestAuthentication:
    @pytest.mark.parametrize(
        "metadata",
        [
            (),
            (("x-app-id", APP_ID),),
            (("x-app-id", APP_ID), ("x-app-token", "wrong")),
            (("x-app-id", "someone-else"), ("x-app-token", APP_TOKEN)),
        ],
        ids=["no credentials", "no token", "wrong token", "unknown app"],
    )
    def test_a_call_without_valid_credentials_is_unauthenticated(
        self, world: World, metadata: tuple[tuple[str, str], ...]
    ) -> None:
        """UNAUTHENTICATED with reason unauthenticated; the ledger is never reached."""
        # given / when
        failure = world.failure("GetVoucher", GET_VOUCHER, metadata)
        # then
        assert failure.code is grpc.StatusCode.UNAUTHENTICATED
        assert failure.reason == "unauthenticated"

    def test_a_call_with_valid_credentials_reaches_the_ledger(self, world: World) -> None:
        """The configured app: the call is served (here: NOT_FOUND from the ledger)."""
        # given / when
        failure = world.failure("GetVoucher", GET_VOUCHER)
        # then
        assert failure.code is grpc.StatusCode.NOT_FOUND

    def test_health_checking_needs_no_credentials(self, world: World) -> None:
        """grpc.health.v1: the server and the service are SERVING."""
        # given
        stub = health_pb2_grpc.HealthStub(world.channel)
        # when
        answers = [
            stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=5).status
            for name in ("", "redemption_core.v1.RedemptionService")
        ]
        # then
        assert answers == [health_pb2.HealthCheckResponse.SERVING] * 2

    def test_reflection_needs_no_credentials_and_lists_the_service(self, world: World) -> None:
        """Server reflection names RedemptionService and resolves its Redeem method."""
        # given
        database = ProtoReflectionDescriptorDatabase(world.channel)
        # when
        services = database.get_services()
        found = database.FindFileContainingSymbol("redemption_core.v1.RedemptionService")
        # then
        assert "redemption_core.v1.RedemptionService" in services
        assert found.name == "redemption_core/v1/redemption_service.proto"


class TestApplications:
    def test_applications_load_from_a_file(self, tmp_path: Path) -> None:
        """A JSON object app id -> token."""
        # given
        path = tmp_path / "apps.json"
        path.write_text(json.dumps({"shop": "s3cret"}), encoding="utf-8")
        # when
        apps = Apps.load(str(path))
        # then
        assert apps.authenticate([("x-app-id", "shop"), ("x-app-token", "s3cret")]) == "shop"

    def test_applications_load_from_the_environment(self) -> None:
        """REDEMPTION_CORE_APPS holds the same JSON."""
        # given
        environ = {APPS_ENV: json.dumps({"pos": "t0ken"})}
        # when
        apps = Apps.load(None, environ)
        # then
        assert apps.authenticate([("x-app-id", "pos"), ("x-app-token", "t0ken")]) == "pos"

    @pytest.mark.parametrize(
        ("text", "problem"),
        [(None, "no applications configured"), ("[]", "non-empty object"),
         ('{"a": ""}', "non-empty string"), ("{", "not JSON")],
    )
    def test_a_missing_or_malformed_configuration_is_refused(
        self, text: str | None, problem: str
    ) -> None:
        """The server cannot start without a usable list of applications."""
        # given
        environ = {} if text is None else {APPS_ENV: text}
        # when / then
        with pytest.raises(AppsConfigError, match=problem):
            Apps.load(None, environ)


class TestCallLog:
    def test_each_call_logs_one_line_with_its_ids_result_and_duration(self) -> None:
        """A redeem and a failed redeem: two lines, ids on the first, code on the second."""
        # given
        with captured_lines() as lines, served(make_ledger()) as world:
            world.gift_card("GIFT", 5000)
            lines.clear()
            # when
            made = world.call("Redeem", redeem_request(use_gift("GIFT", 100), request_id="k-1"))
            world.failure("Redeem", redeem_request(use_gift("GIFT", 9_999)))
        # then
        calls = [line for line in lines if line["event"] == "grpc.call"]
        assert len(calls) == 2
        first, second = calls
        assert first["method"] == "/redemption_core.v1.RedemptionService/Redeem"
        assert first["code"] == "OK"
        assert first["app_id"] == APP_ID
        assert first["redemption_ids"] == [made.redemptions[0].id]
        assert first["idempotency_key"] == "k-1"
        assert first["request_id"].startswith("v-")
        assert first["duration_ms"] >= 0
        assert second["code"] == "FAILED_PRECONDITION"
        assert second["failure_code"] == "gift_amount_exceeded"
        assert second["resource_id"].startswith("rf_")
        assert "redemption_ids" not in second
        assert "idempotency_key" not in second
        assert first["request_id"] != second["request_id"]

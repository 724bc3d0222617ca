"""Failures over gRPC (AIP-193): one table, rich statuses, nothing internal leaked.

Goal: every domain error class has a status in `adapters/grpc/errors.STATUS_OF`; every
failure reaches the client as that status with one `ErrorInfo(reason=<failure code>,
domain="redemption-core")` carrying the recorded `rf_`/`rrf_` id; malformed requests get
`BadRequest` field violations and change nothing; anything unexpected is INTERNAL with only a
request id. Method: the table is checked against `errors.leaf_classes()`; a fake ledger
raising each class in turn proves the round trip of every code over a real channel; real
scenarios prove the recorded ids.
"""

from __future__ import annotations

import math

import grpc
import pytest
from google.protobuf import struct_pb2

from redemption_core.adapters.grpc.errors import DOMAIN, STATUS_OF, CallNotImplemented
from redemption_core.domain.model import errors
from redemption_core.domain.model.redemption import Redemption
from redemption_core.domain.model.voucher import Voucher
from redemption_core.domain.use_cases.ledger import Ledger
from tests.grpc.world import (
    World,
    captured_lines,
    catalog,
    common,
    make_ledger,
    redeem_request,
    redemptions,
    served,
    service,
    use,
    use_gift,
)


def _every_class(root: type[errors.RedemptionError]) -> list[type[errors.RedemptionError]]:
    found = [root]
    for sub in root.__subclasses__():
        found.extend(_every_class(sub))
    return found


class RaisingLedger(Ledger):
    """A ledger whose `get_voucher(code)` raises the error class named `code`."""

    def get_voucher(self, code: str) -> Voucher:
        kind = {cls.__name__: cls for cls in errors.leaf_classes()}[code]
        raise kind("details", field="code", resource_id="rf_0123", resource_type="redemption")


class BrokenLedger(Ledger):
    """A ledger with a bug: `get_voucher` raises something that is not a business failure."""

    def get_voucher(self, code: str) -> Voucher:
        raise RuntimeError("secret: /var/lib/ledger.db is corrupt")


class NotServingLedger(Ledger):
    """A ledger the adapter cannot serve `get_voucher` for (as an RPC not served yet)."""

    def get_voucher(self, code: str) -> Voucher:
        raise CallNotImplemented("GetVoucher: not served by this build")


class TestTheTable:
    def test_every_domain_error_class_has_a_status(self) -> None:
        """Exhaustive: each leaf of `errors.leaf_classes()` and each intermediate class."""
        # given
        every = _every_class(errors.RedemptionError)
        # when
        missing = [cls.__name__ for cls in every if cls not in STATUS_OF]
        # then
        assert set(errors.leaf_classes()) <= set(every)
        assert missing == []

    def test_the_table_holds_only_domain_error_classes(self) -> None:
        """No stale rows: every key is a class the domain still defines."""
        # given
        every = set(_every_class(errors.RedemptionError))
        # when / then
        assert set(STATUS_OF) <= every


class TestEveryFailureCodeRoundTrips:
    @pytest.mark.parametrize("kind", errors.leaf_classes(), ids=lambda kind: kind.code)
    def test_the_client_reads_the_status_reason_and_recorded_id(
        self, kind: type[errors.RedemptionError]
    ) -> None:
        """The table's status, reason = the code, domain, resource_id, BadRequest if invalid."""
        # given
        with served(RaisingLedger(make_ledger().store)) as world:
            # when
            failure = world.failure("GetVoucher", service.GetVoucherRequest(code=kind.__name__))
        # then
        assert failure.code is STATUS_OF[kind]
        assert (failure.reason, failure.domain) == (kind.code, DOMAIN)
        assert failure.metadata["resource_id"] == "rf_0123"
        assert failure.metadata["request_id"].startswith("v-")
        expected = [("code", f"{kind.message}: details")]
        invalid = failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert failure.violations == (expected if invalid else [])


class TestBusinessFailures:
    def test_a_disabled_voucher_fails_with_the_recorded_failed_redemption(
        self, world: World
    ) -> None:
        """FAILED_PRECONDITION voucher_disabled; resource_id is an rf_ that GetRedemption finds."""
        # given
        world.discount_voucher("OFF", active=False)
        # when
        failure = world.failure("Redeem", redeem_request(use("OFF")))
        # then
        assert failure.code is grpc.StatusCode.FAILED_PRECONDITION
        assert failure.reason == "voucher_disabled"
        recorded = failure.metadata["resource_id"]
        assert recorded.startswith("rf_")
        found = world.call("GetRedemption", service.GetRedemptionRequest(redemption_id=recorded))
        assert found.redemption.failure_code == "voucher_disabled"

    def test_a_second_rollback_fails_with_the_recorded_failed_rollback(self, world: World) -> None:
        """already_rolled_back: FAILED_PRECONDITION with an rrf_ resource id."""
        # given
        world.gift_card("GIFT", 5000)
        made = world.redeem(use_gift("GIFT", 100)).redemptions[0]
        request = service.RollbackRedemptionRequest(redemption_id=made.id)
        world.call("RollbackRedemption", request)
        # when
        failure = world.failure("RollbackRedemption", request)
        # then
        assert (failure.code, failure.reason) == (
            grpc.StatusCode.FAILED_PRECONDITION, "already_rolled_back",
        )
        assert failure.metadata["resource_id"].startswith("rrf_")

    def test_too_many_credits_fail_as_gift_amount_exceeded(self, world: World) -> None:
        """Credits above the balance: gift_amount_exceeded, the balance untouched."""
        # given
        world.gift_card("GIFT", 5000)
        # when
        failure = world.failure("Redeem", redeem_request(use_gift("GIFT", 6000)))
        # then
        assert failure.reason == "gift_amount_exceeded"
        voucher = world.call("GetVoucher", service.GetVoucherRequest(code="GIFT")).voucher
        assert voucher.gift.balance == 5000

    def test_an_unknown_redemption_is_not_found(self, world: World) -> None:
        """GetRedemption of an unknown id: NOT_FOUND, resource_id is that id."""
        # given / when
        failure = world.failure(
            "GetRedemption", service.GetRedemptionRequest(redemption_id="r_missing")
        )
        # then
        assert (failure.code, failure.reason) == (grpc.StatusCode.NOT_FOUND, "not_found")
        assert failure.metadata["resource_id"] == "r_missing"

    def test_a_duplicate_code_already_exists(self, world: World) -> None:
        """CreateVoucher twice with one code: ALREADY_EXISTS duplicate_found."""
        # given
        world.discount_voucher("TWICE")
        given = catalog.VoucherInput(
            code="TWICE", discount=common.Discount(type=common.DISCOUNT_TYPE_AMOUNT, amount_off=1)
        )
        # when
        failure = world.failure("CreateVoucher", service.CreateVoucherRequest(voucher=given))
        # then
        assert (failure.code, failure.reason) == (
            grpc.StatusCode.ALREADY_EXISTS, "duplicate_found",
        )

    def test_rolling_back_a_child_alone_is_refused(self, world: World) -> None:
        """A child of a stack: invalid_redemption_parent, FAILED_PRECONDITION."""
        # given
        world.discount_voucher("A")
        world.discount_voucher("B")
        child = world.redeem(use("A"), use("B")).redemptions[0]
        # when
        failure = world.failure(
            "RollbackRedemption", service.RollbackRedemptionRequest(redemption_id=child.id)
        )
        # then
        assert (failure.code, failure.reason) == (
            grpc.StatusCode.FAILED_PRECONDITION, "invalid_redemption_parent",
        )


def _redemption_rows(world: World) -> int:
    store = world.ledger.store
    with store.unit_of_work():
        return len(store._tables.rows.get(Redemption, {}))  # type: ignore[attr-defined]


class TestMalformedRequests:
    @pytest.mark.parametrize(
        ("redeemable", "field"),
        [
            (redemptions.RedeemableInput(id="GIFT"), "redeemables[0].object"),
            (redemptions.RedeemableInput(object=common.REDEEMABLE_OBJECT_VOUCHER),
             "redeemables[0].id"),
            (redemptions.RedeemableInput(object=common.REDEEMABLE_OBJECT_PROMOTION_TIER,
                                         id="promo_1",
                                         gift=redemptions.GiftCreditsInput(credits=5)),
             "redeemables[0].gift"),
            (redemptions.RedeemableInput(object=99, id="GIFT"), "redeemables[0].object"),
        ],
        ids=["no object", "no id", "gift on a tier", "unknown enum value"],
    )
    def test_a_malformed_redeemable_is_refused_naming_the_field_and_changes_nothing(
        self, world: World, redeemable: object, field: str
    ) -> None:
        """INVALID_ARGUMENT invalid_payload, BadRequest on the field, no record, no spend."""
        # given
        world.gift_card("GIFT", 5000)
        # when
        failure = world.failure("Redeem", redeem_request(redeemable))
        # then
        assert failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert failure.reason == "invalid_payload"
        assert [path for path, _ in failure.violations] == [field]
        assert _redemption_rows(world) == 0
        voucher = world.call("GetVoucher", service.GetVoucherRequest(code="GIFT")).voucher
        assert voucher.gift.balance == 5000

    def test_metadata_that_is_not_json_is_refused_naming_the_key(self, world: World) -> None:
        """A NaN in a Struct has no JSON form: invalid_payload on metadata.score."""
        # given
        world.gift_card("GIFT", 5000)
        metadata = struct_pb2.Struct()
        metadata.update({"score": math.nan})
        # when
        failure = world.failure("Redeem", redeem_request(use_gift("GIFT", 1), metadata=metadata))
        # then
        assert [path for path, _ in failure.violations] == ["metadata.score"]


class TestUnexpectedFailures:
    def test_a_bug_is_internal_without_internals_and_logged_with_its_request_id(self) -> None:
        """INTERNAL, reason internal_error, no exception text; the log line has the traceback."""
        # given
        with captured_lines() as logs, served(BrokenLedger(make_ledger().store)) as world:
            # when
            failure = world.failure("GetVoucher", service.GetVoucherRequest(code="ANY"))
        # then
        assert (failure.code, failure.reason) == (grpc.StatusCode.INTERNAL, "internal_error")
        assert "secret" not in failure.message
        assert "secret" not in repr(failure.metadata)
        (line,) = [entry for entry in logs if entry["event"] == "grpc.call"]
        assert line["log_level"] == "error"
        assert line["request_id"] == failure.metadata["request_id"]
        assert isinstance(line["exc_info"], RuntimeError)

    def test_an_rpc_not_served_is_unimplemented_with_a_reason(self) -> None:
        """UNIMPLEMENTED, reason not_implemented, the message naming what is missing."""
        # given
        with served(NotServingLedger(make_ledger().store)) as world:
            # when
            failure = world.failure("GetVoucher", service.GetVoucherRequest(code="ANY"))
        # then
        assert (failure.code, failure.reason) == (grpc.StatusCode.UNIMPLEMENTED,
                                                  "not_implemented")
        assert failure.message == "GetVoucher: not served by this build"

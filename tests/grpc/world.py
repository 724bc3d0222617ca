"""End-to-end tests of the gRPC adapter (`adapters/grpc`), always over a real channel.

`World` is the one helper these tests share: a `Ledger` on a fresh `MemoryStore` with a
stepping clock and sequential ids, served by `build_server` on 127.0.0.1 port 0, and a
client channel to it. `call` runs an RPC with the test application's credentials;
`failure` runs one that must fail and decodes its rich status (`Failure`) the way a client
does, with `grpc_status.rpc_status.from_call`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import grpc
import structlog
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from redemption_core import Ledger, MemoryStore, SequentialIds, SteppingClock
from redemption_core.adapters.grpc._generated import catalog_pb2 as catalog
from redemption_core.adapters.grpc._generated import common_pb2 as common
from redemption_core.adapters.grpc._generated import order_pb2 as orders
from redemption_core.adapters.grpc._generated import redemption_pb2 as redemptions
from redemption_core.adapters.grpc._generated import redemption_service_pb2 as service
from redemption_core.adapters.grpc._generated import redemption_service_pb2_grpc as service_grpc
from redemption_core.adapters.grpc.auth import Apps
from redemption_core.adapters.grpc.server import ServerConfig, build_server

__all__ = ["catalog", "common", "orders", "redemptions", "service"]

START = datetime(2026, 1, 1, tzinfo=UTC)
APP_ID = "app_test"
APP_TOKEN = "token-test"
CREDENTIALS = (("x-app-id", APP_ID), ("x-app-token", APP_TOKEN))
TEST_CONFIG = ServerConfig(address="127.0.0.1:0", workers=4)


@attrs.frozen
class Failure:
    """A failed call as a client sees it: the status and the decoded details."""

    code: grpc.StatusCode
    message: str
    reason: str
    domain: str
    metadata: dict[str, str]
    violations: list[tuple[str, str]]


def decode_failure(error: grpc.RpcError) -> Failure:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None, f"no rich status: {error}"
    info = error_details_pb2.ErrorInfo()
    violations: list[tuple[str, str]] = []
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            detail.Unpack(info)
        elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            violations += [(item.field, item.description) for item in bad.field_violations]
    return Failure(
        code=error.code(),  # type: ignore[attr-defined]
        message=status.message,
        reason=info.reason,
        domain=info.domain,
        metadata=dict(info.metadata),
        violations=violations,
    )


class World:
    """A served ledger and a client of it."""

    def __init__(self, ledger: Ledger, channel: grpc.Channel, port: int) -> None:
        self.ledger = ledger
        self.channel = channel
        self.port = port
        self.stub = service_grpc.RedemptionServiceStub(channel)

    def call(
        self, rpc: str, request: Any, metadata: Sequence[tuple[str, str]] = CREDENTIALS
    ) -> Any:
        return getattr(self.stub, rpc)(request, metadata=tuple(metadata), timeout=10)

    def failure(
        self, rpc: str, request: Any, metadata: Sequence[tuple[str, str]] = CREDENTIALS
    ) -> Failure:
        try:
            self.call(rpc, request, metadata)
        except grpc.RpcError as error:
            return decode_failure(error)
        raise AssertionError(f"{rpc} succeeded")

    # -- builders ---------------------------------------------------------------------

    def discount_voucher(self, code: str, amount_off: int = 1000, **fields: Any) -> Any:
        given = catalog.VoucherInput(
            code=code,
            type=common.VOUCHER_TYPE_DISCOUNT_VOUCHER,
            discount=common.Discount(type=common.DISCOUNT_TYPE_AMOUNT, amount_off=amount_off),
            **fields,
        )
        return self.call("CreateVoucher", service.CreateVoucherRequest(voucher=given)).voucher

    def gift_card(self, code: str, amount: int) -> Any:
        given = catalog.VoucherInput(
            code=code, type=common.VOUCHER_TYPE_GIFT_VOUCHER, gift=common.GiftAmount(amount=amount)
        )
        return self.call("CreateVoucher", service.CreateVoucherRequest(voucher=given)).voucher

    def redeem(self, *redeemables: Any, amount: int = 10_000, **fields: Any) -> Any:
        return self.call("Redeem", redeem_request(*redeemables, amount=amount, **fields))


def use(code: str) -> Any:
    return redemptions.RedeemableInput(object=common.REDEEMABLE_OBJECT_VOUCHER, id=code)


def use_gift(code: str, credits: int) -> Any:
    return redemptions.RedeemableInput(
        object=common.REDEEMABLE_OBJECT_VOUCHER, id=code,
        gift=redemptions.GiftCreditsInput(credits=credits),
    )


def redeem_request(*redeemables: Any, amount: int = 10_000, **fields: Any) -> Any:
    return service.RedeemRequest(
        redeemables=redeemables, order=orders.OrderInput(amount=amount), **fields
    )


def make_ledger() -> Ledger:
    return Ledger(
        MemoryStore(), clock=SteppingClock(START, timedelta(milliseconds=1)), ids=SequentialIds()
    )


@contextmanager
def captured_lines() -> Iterator[list[dict[str, Any]]]:
    """INFO and above captured with the call's context; enter it before `served`."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.INFO))
    processors = [structlog.contextvars.merge_contextvars]
    with structlog.testing.capture_logs(processors=processors) as lines:
        yield lines


@contextmanager
def served(ledger: Ledger, apps: Apps | None = None, **options: Any) -> Iterator[World]:
    """`ledger` served on a free port for the `with` block; channel and server closed after."""
    built = build_server(ledger, apps or Apps.of({APP_ID: APP_TOKEN}), TEST_CONFIG, **options)
    built.server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{built.port}")
    try:
        yield World(ledger, channel, built.port)
    finally:
        channel.close()
        built.server.stop(None).wait()

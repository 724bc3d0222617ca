"""A Python client of redemption-core's gRPC API: redeem, stacked redeem, rollback, get.

    REDEMPTION_CORE_ADDRESS=127.0.0.1:50051 REDEMPTION_CORE_APP_ID=... \\
    REDEMPTION_CORE_APP_TOKEN=... python examples/grpc_client.py

It creates a gift card and a discount voucher, then redeems, redeems a stack, rolls the
stack back and reads it, printing one line per step. A failure is read the way any client
reads one: the status code and the `google.rpc.ErrorInfo` reason (the failure code) with the
recorded `rf_`/`rrf_` id in its metadata. `request_id` makes every redeem and rollback safe
to retry.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from redemption_core.adapters.grpc._generated import catalog_pb2, common_pb2, order_pb2
from redemption_core.adapters.grpc._generated import redemption_pb2 as redemptions
from redemption_core.adapters.grpc._generated import redemption_service_pb2 as service
from redemption_core.adapters.grpc._generated import redemption_service_pb2_grpc as service_grpc

ADDRESS = os.environ.get("REDEMPTION_CORE_ADDRESS", "127.0.0.1:50051")
CREDENTIALS = (
    ("x-app-id", os.environ.get("REDEMPTION_CORE_APP_ID", "")),
    ("x-app-token", os.environ.get("REDEMPTION_CORE_APP_TOKEN", "")),
)


def failure_reason(error: grpc.RpcError) -> tuple[str, dict[str, str]]:
    """The failure code and ErrorInfo metadata of a failed call."""
    status = rpc_status.from_call(error)
    info = error_details_pb2.ErrorInfo()
    for detail in status.details if status else ():
        if detail.Unpack(info):
            break
    return info.reason, dict(info.metadata)


def voucher(code: str, **fields: object) -> service.CreateVoucherRequest:
    return service.CreateVoucherRequest(voucher=catalog_pb2.VoucherInput(code=code, **fields))


def main() -> None:
    suffix = secrets.token_hex(4).upper()
    gift, ten = f"PY-GIFT-{suffix}", f"PY-TEN-{suffix}"
    with grpc.insecure_channel(ADDRESS) as channel:
        stub = service_grpc.RedemptionServiceStub(channel)

        def call(rpc: str, request: object) -> Any:
            return getattr(stub, rpc)(request, metadata=CREDENTIALS, timeout=10)

        call("CreateVoucher", voucher(gift, type=common_pb2.VOUCHER_TYPE_GIFT_VOUCHER,
                                      gift=common_pb2.GiftAmount(amount=5000)))
        call("CreateVoucher", voucher(ten, discount=common_pb2.Discount(
            type=common_pb2.DISCOUNT_TYPE_AMOUNT, amount_off=1000)))
        use_gift = redemptions.RedeemableInput(
            object=common_pb2.REDEEMABLE_OBJECT_VOUCHER, id=gift,
            gift=redemptions.GiftCreditsInput(credits=1500),
        )
        use_ten = redemptions.RedeemableInput(object=common_pb2.REDEEMABLE_OBJECT_VOUCHER, id=ten)

        single = call("Redeem", service.RedeemRequest(
            redeemables=[use_gift], order=order_pb2.OrderInput(amount=10_000),
            request_id=f"py-single-{suffix}",
        ))
        print(f"redeem: {single.redemptions[0].id} spent {single.redemptions[0].amount}")

        stacked = call("Redeem", service.RedeemRequest(
            redeemables=[use_ten, use_gift], order=order_pb2.OrderInput(amount=20_000),
            request_id=f"py-stack-{suffix}",
        ))
        parent = stacked.parent_redemption
        print(f"stacked redeem: {parent.id} with {len(stacked.redemptions)} children, "
              f"order total {stacked.order.total_amount}")

        undone = call("RollbackStackedRedemptions", service.RollbackStackedRedemptionsRequest(
            redemption_id=parent.id, reason="example", request_id=f"py-undo-{suffix}",
        ))
        print(f"rollback: {undone.parent_rollback.id}")

        found = call("GetRedemption", service.GetRedemptionRequest(redemption_id=parent.id))
        status = common_pb2.RedemptionStatus.Name(found.redemption.status)
        print(f"get: {parent.id} is {status}")

        try:
            call("RollbackStackedRedemptions",
                 service.RollbackStackedRedemptionsRequest(redemption_id=parent.id))
        except grpc.RpcError as error:
            reason, metadata = failure_reason(error)
            print(f"rollback again: {reason}, recorded as {metadata.get('resource_id')}")


if __name__ == "__main__":
    main()

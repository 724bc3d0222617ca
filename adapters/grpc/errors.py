"""Domain failures -> gRPC statuses (AIP-193): the one table and the rich status it builds.

`STATUS_OF` maps every `RedemptionError` class to a status code; a test proves it covers
`errors.leaf_classes()` and every intermediate class. The rules behind the choices:
- the request is malformed whatever the ledger holds -> INVALID_ARGUMENT, with a
  `google.rpc.BadRequest` naming the field;
- a redeemable or redemption may not be used or undone now (the ledger's state decides:
  disabled, expired, exhausted, already rolled back, a parent sent to the single rollback)
  -> FAILED_PRECONDITION; these are the failures the ledger records as `rf_`/`rrf_`;
- a named thing is missing -> NOT_FOUND; a duplicate -> ALREADY_EXISTS;
- a concurrent request won (`multiple_requests`) -> ABORTED; the store is busy or cannot write
  (disk full) -> UNAVAILABLE;
  both are worth retrying with the same `request_id`.
Every status carries one `google.rpc.ErrorInfo(reason=<failure code>, domain=DOMAIN)` whose
metadata holds the recorded `rf_`/`rrf_` id (`resource_id`) and the other error fields.
"""

from __future__ import annotations

from collections.abc import Mapping

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from redemption_core.domain.model import errors

DOMAIN = "redemption-core"
"""`ErrorInfo.domain` of every status this service sends."""

Code = grpc.StatusCode

STATUS_OF: Mapping[type[errors.RedemptionError], grpc.StatusCode] = {
    # roots: reached only by a class added without its own row (the table test fails first)
    errors.RedemptionError: Code.FAILED_PRECONDITION,
    errors.InvalidRequest: Code.INVALID_ARGUMENT,
    errors.NotFound: Code.NOT_FOUND,
    errors.Conflict: Code.ALREADY_EXISTS,
    errors.RedeemableRejected: Code.FAILED_PRECONDITION,
    errors.RulesViolated: Code.FAILED_PRECONDITION,
    errors.RollbackRejected: Code.FAILED_PRECONDITION,
    errors.Unavailable: Code.UNAVAILABLE,
    # the request's shape
    errors.InvalidPayload: Code.INVALID_ARGUMENT,
    errors.InvalidQueryParams: Code.INVALID_ARGUMENT,
    errors.DuplicatedRedeemables: Code.INVALID_ARGUMENT,
    errors.InvalidRedeemables: Code.INVALID_ARGUMENT,
    errors.InvalidRedemption: Code.FAILED_PRECONDITION,
    errors.InvalidRedemptionParent: Code.FAILED_PRECONDITION,
    errors.AmbiguousTrackingId: Code.FAILED_PRECONDITION,
    errors.IdempotencyKeyReused: Code.ALREADY_EXISTS,
    errors.InvalidValidationRules: Code.INVALID_ARGUMENT,
    # missing things, duplicates
    errors.ResourceNotFound: Code.NOT_FOUND,
    errors.DuplicateFound: Code.ALREADY_EXISTS,
    # redeemable checks (recorded as rf_)
    errors.VoucherDisabled: Code.FAILED_PRECONDITION,
    errors.VoucherNotActive: Code.FAILED_PRECONDITION,
    errors.VoucherExpired: Code.FAILED_PRECONDITION,
    errors.VoucherNotActiveNow: Code.FAILED_PRECONDITION,
    errors.PromotionInactive: Code.FAILED_PRECONDITION,
    errors.PromotionNotActiveNow: Code.FAILED_PRECONDITION,
    errors.QuantityExceeded: Code.FAILED_PRECONDITION,
    errors.GiftAmountExceeded: Code.FAILED_PRECONDITION,
    errors.LoyaltyCardPointsExceeded: Code.FAILED_PRECONDITION,
    errors.InvalidCustomer: Code.FAILED_PRECONDITION,
    errors.MissingCustomer: Code.FAILED_PRECONDITION,
    errors.InvalidOrder: Code.FAILED_PRECONDITION,
    errors.InvalidAmount: Code.FAILED_PRECONDITION,
    errors.MissingAmount: Code.FAILED_PRECONDITION,
    errors.MissingOrder: Code.FAILED_PRECONDITION,
    errors.MissingOrderItems: Code.FAILED_PRECONDITION,
    errors.MissingOrderItemsAmount: Code.FAILED_PRECONDITION,
    errors.MissingReward: Code.FAILED_PRECONDITION,
    errors.InvalidGift: Code.FAILED_PRECONDITION,
    errors.NoApplicableRedeemables: Code.FAILED_PRECONDITION,
    errors.MultipleRequests: Code.ABORTED,
    errors.VoucherAlreadyPublished: Code.FAILED_PRECONDITION,
    errors.NoVoucherSuitableForPublication: Code.FAILED_PRECONDITION,
    errors.InvalidVoucher: Code.FAILED_PRECONDITION,
    errors.CustomerRulesViolated: Code.FAILED_PRECONDITION,
    errors.OrderRulesViolated: Code.FAILED_PRECONDITION,
    errors.RedemptionRulesViolated: Code.FAILED_PRECONDITION,
    errors.MetadataValidationFailed: Code.FAILED_PRECONDITION,
    errors.ReferrerNotPermittedToRedeem: Code.FAILED_PRECONDITION,
    errors.Forbidden: Code.PERMISSION_DENIED,
    # rollback checks (recorded as rrf_)
    errors.AlreadyRolledBack: Code.FAILED_PRECONDITION,
    errors.InvalidRollbackParams: Code.FAILED_PRECONDITION,
    errors.RollbackCustomerMismatch: Code.FAILED_PRECONDITION,
    errors.RollbackOrderMismatch: Code.FAILED_PRECONDITION,
    # the store
    errors.StoreBusy: Code.UNAVAILABLE,
    errors.StoreUnavailable: Code.UNAVAILABLE,
}

UNAUTHENTICATED_REASON = "unauthenticated"
INTERNAL_REASON = "internal_error"
NOT_IMPLEMENTED_REASON = "not_implemented"


class CallNotImplemented(Exception):
    """An RPC of the API the ledger cannot serve yet (UNIMPLEMENTED, never INTERNAL)."""


def status_code_of(error: errors.RedemptionError) -> grpc.StatusCode:
    """The row of the error's class, else of its nearest ancestor in the table."""
    for kind in type(error).__mro__:
        found = STATUS_OF.get(kind)
        if found is not None:
            return found
    return Code.FAILED_PRECONDITION


def _packed(detail: error_details_pb2.ErrorInfo | error_details_pb2.BadRequest) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(detail)
    return packed


MESSAGE_CHARS_MAX = 512
"""Characters of a status message; longer ones end in `…`."""
DETAIL_CHARS_MAX = 200
"""Characters of each ErrorInfo metadata value and BadRequest field."""

# Why the bounds: a status travels in the trailers (the message twice: `grpc-message` and
# inside `grpc-status-details-bin`, base64), and clients refuse trailers over 8 KiB by
# default: a NOT_FOUND echoing a 5,000-character id reached the client as
# RESOURCE_EXHAUSTED. With these bounds a status stays under 4 KiB whatever was sent.


def clipped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _status(
    code: grpc.StatusCode,
    message: str,
    reason: str,
    metadata: Mapping[str, str | None],
    violations: list[error_details_pb2.BadRequest.FieldViolation] | None = None,
) -> grpc.Status:
    message = clipped(message, MESSAGE_CHARS_MAX)
    info = error_details_pb2.ErrorInfo(
        reason=reason,
        domain=DOMAIN,
        metadata={
            key: clipped(value, DETAIL_CHARS_MAX)
            for key, value in metadata.items()
            if value is not None
        },
    )
    for violation in violations or ():
        violation.field = clipped(violation.field, DETAIL_CHARS_MAX)
        violation.description = clipped(violation.description, MESSAGE_CHARS_MAX)
    details = [_packed(info)]
    if violations:
        details.append(_packed(error_details_pb2.BadRequest(field_violations=violations)))
    number: int = code.value[0]
    status = status_pb2.Status(code=number, message=message, details=details)
    return rpc_status.to_status(status)


def business_status(error: errors.RedemptionError, request_id: str) -> grpc.Status:
    """The rich status of a domain failure."""
    code = status_code_of(error)
    violations = None
    if code is Code.INVALID_ARGUMENT and error.field is not None:
        description = f"{error.message}: {error.details}" if error.details else error.message
        violations = [
            error_details_pb2.BadRequest.FieldViolation(field=error.field, description=description)
        ]
    metadata = {
        "resource_id": error.resource_id,
        "resource_type": error.resource_type,
        "field": error.field,
        "redeemable_type": error.redeemable_type,
        "redeemable_id": error.redeemable_id,
        "request_id": request_id,
    }
    return _status(code, str(error), error.code, metadata, violations)


def unauthenticated_status(request_id: str, why: str) -> grpc.Status:
    return _status(
        Code.UNAUTHENTICATED,
        f"{why}: send the metadata x-app-id and x-app-token of a configured application",
        UNAUTHENTICATED_REASON,
        {"request_id": request_id},
    )


def internal_status(request_id: str) -> grpc.Status:
    """An unexpected failure: nothing internal, only the id it is logged under."""
    return _status(
        Code.INTERNAL,
        f"The request failed unexpectedly; it is logged under request_id {request_id}.",
        INTERNAL_REASON,
        {"request_id": request_id},
    )


def not_implemented_status(request_id: str, what: str) -> grpc.Status:
    return _status(Code.UNIMPLEMENTED, what, NOT_IMPLEMENTED_REASON, {"request_id": request_id})


# `google.rpc.Code` numbers equal grpc's; a mismatch would corrupt every status sent.
if Code.INVALID_ARGUMENT.value[0] != code_pb2.INVALID_ARGUMENT:  # pragma: no cover
    raise ImportError("google.rpc.Code and grpc.StatusCode disagree")

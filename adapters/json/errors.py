"""Every failure as Voucherify's Error body (DOMAIN.md 10.1)."""

from __future__ import annotations

from typing import Any

from redemption_core.domain.model import errors

from .converter import RequestPayloadError


def error_body(error: errors.RedemptionError, request_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": error.http_status,
        "key": error.code,
        "message": error.message,
        "details": _details(error),
        "request_id": request_id,
    }
    if error.resource_id is not None:
        body["resource_id"] = error.resource_id
    if error.resource_type is not None:
        body["resource_type"] = error.resource_type
    # Announced in Voucherify's changelog, not in its Error schema (assumption A4).
    if error.redeemable_type is not None:
        body["redeemable_type"] = error.redeemable_type
        body["redeemable_id"] = error.redeemable_id
    return body


def _details(error: errors.RedemptionError) -> str:
    if error.field is None:
        return error.details
    if isinstance(error, errors.InvalidQueryParams):
        # A query parameter is not in the JSON body: name it as sent, not as a `$.` path.
        return f"query parameter {error.field!r}: {error.details}"
    path = error.field if error.field.startswith("$") else f"$.{error.field}"
    path = path.replace("$.[", "$[")
    return f"{path}: {error.details}" if error.details else path


def payload_error(problem: RequestPayloadError) -> errors.InvalidPayload:
    """A structuring failure as `invalid_payload`; details list every `$.path: rule`."""
    return errors.InvalidPayload("; ".join(f"{v.path}: {v.rule}" for v in problem.violations))


def internal_error_body(request_id: str) -> dict[str, Any]:
    return {
        "code": 500,
        "key": "internal_error",
        "message": "Internal error",
        "details": "The request failed unexpectedly; it is logged under this request_id.",
        "request_id": request_id,
    }


def method_not_allowed_body(
    method: str, path: str, allowed: str, request_id: str
) -> dict[str, Any]:
    """HTTP 405 (DOMAIN.md 10.2): the path exists, the method does not."""
    return {
        "code": 405,
        "key": "method_not_allowed",
        "message": "Method not allowed",
        "details": f"{method} is not allowed on {path}; allowed: {allowed}",
        "request_id": request_id,
    }

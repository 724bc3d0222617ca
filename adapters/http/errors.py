"""HTTP-level failures as Voucherify's Error body (`code`, `key`, `message`, `details`,
`request_id`), the same shape `JsonApi` gives business failures (DOMAIN.md 10.1)."""

from __future__ import annotations

from typing import Any


def error(status: int, key: str, message: str, details: str, request_id: str) -> dict[str, Any]:
    return {
        "code": status,
        "key": key,
        "message": message,
        "details": details,
        "request_id": request_id,
    }


def unauthorized(request_id: str, client: bool) -> dict[str, Any]:
    headers = (
        "X-Client-Application-Id and X-Client-Token" if client else "X-App-Id and X-App-Token"
    )
    return error(
        401, "unauthorized", "Unauthorized",
        f"missing or unknown credentials: send {headers} of a configured application",
        request_id,
    )


def not_found(method: str, path: str, request_id: str) -> dict[str, Any]:
    return error(
        404, "not_found", "Resource not found", f"no endpoint {method} {path}", request_id
    )


def method_not_allowed(method: str, path: str, allowed: str, request_id: str) -> dict[str, Any]:
    return error(
        405, "method_not_allowed", "Method not allowed",
        f"{method} is not allowed on {path}; allowed: {allowed}", request_id,
    )


def payload_too_large(limit: int, request_id: str) -> dict[str, Any]:
    return error(
        413, "payload_too_large", "Payload too large",
        f"the request body is over the limit of {limit} bytes", request_id,
    )


def unsupported_media_type(given: str, request_id: str) -> dict[str, Any]:
    return error(
        415, "unsupported_media_type", "Unsupported media type",
        f"Content-Type {given or '(none)'!r}: send application/json", request_id,
    )


def malformed_json(problem: str, request_id: str) -> dict[str, Any]:
    return error(
        400, "invalid_payload", "Invalid payload", f"$: not valid JSON ({problem})", request_id
    )


def invalid_query(name: str, rule: str, request_id: str) -> dict[str, Any]:
    return error(
        400, "invalid_query_params", "Invalid query params",
        f"query parameter {name!r}: {rule}", request_id,
    )


def timed_out(seconds: float, request_id: str) -> dict[str, Any]:
    return error(
        503, "request_timeout", "Request timeout",
        f"the request took longer than {seconds:g} s; if it changes state its outcome is "
        "unknown: retry with the same Idempotency-Key",
        request_id,
    )


def internal(request_id: str) -> dict[str, Any]:
    return error(
        500, "internal_error", "Internal error",
        "The request failed unexpectedly; it is logged under this request_id.", request_id,
    )

"""Reading one HTTP request off ASGI: the headers we use, the query, the JSON body.

Each reader returns the value or raises `Refused(status, body)`, which the app sends as is.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

import attrs

from . import errors

Receive = Callable[[], Awaitable[dict[str, Any]]]

_WANTED = {
    b"content-type": "content_type",
    b"content-length": "content_length",
    b"x-app-id": "app_id",
    b"x-app-token": "app_token",
    b"x-client-application-id": "client_id",
    b"x-client-token": "client_token",
    b"idempotency-key": "idempotency_key",
}


class Refused(Exception):
    """The request cannot be served; `body` is the Error body to answer with."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body.get("key"))
        self.status = status
        self.body = body


class Disconnected(Exception):
    """The client went away before sending its whole body: nothing to answer."""


@attrs.define
class Headers:
    content_type: str | None = None
    content_length: str | None = None
    app_id: str | None = None
    app_token: str | None = None
    client_id: str | None = None
    client_token: str | None = None
    idempotency_key: str | None = None

    @classmethod
    def of(cls, raw: Iterable[tuple[bytes, bytes]]) -> Headers:
        found = cls()
        for name, value in raw:
            field = _WANTED.get(name.lower())
            if field is not None:
                setattr(found, field, value.decode("latin-1"))
        return found


def query(raw: bytes, request_id: str) -> dict[str, list[str]]:
    """Every value of every key, as the JSON API takes them (`filters[...]` keys included)."""
    if not raw:
        return {}
    try:
        text = raw.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False,
                          errors="strict")
    except UnicodeDecodeError as error:
        raise Refused(400, errors.invalid_query("?", "not UTF-8", request_id)) from error
    found: dict[str, list[str]] = {}
    for key, value in pairs:
        found.setdefault(key, []).append(value)
    return found


async def body(receive: Receive, headers: Headers, limit: int, request_id: str) -> Any:
    """The decoded JSON body, None when there is none; 413 over `limit`, 415 if not JSON."""
    declared = headers.content_length
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Refused(413, errors.payload_too_large(limit, request_id))
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise Refused(413, errors.payload_too_large(limit, request_id))
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    raw = b"".join(chunks)
    if not raw.strip():
        return None
    media = (headers.content_type or "").split(";", 1)[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise Refused(415, errors.unsupported_media_type(headers.content_type or "", request_id))
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError) as error:
        raise Refused(400, errors.malformed_json(str(error), request_id)) from error

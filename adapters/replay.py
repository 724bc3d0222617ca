"""Replay files: one JSON request per line in, one `{"status", "body"}` per line out.

An input line is `{"method", "path", "query"?, "body"?, "name"?}`. A named line's response
can be referred to by later lines as `${name.body.id}` (a dotted path into `status`/`body`,
list indexes as numbers) anywhere in `path`, `query` or `body`. A string that is exactly one
reference takes the referenced value with its JSON type; a reference inside a longer string
is replaced by the value's text. A line that cannot be read or resolved gets a 400 Error
body of its own; the other lines carry on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from redemption_core.domain.model import errors, limits, rules
from redemption_core.domain.ports.clock import SteppingClock

from .json.api import JsonApi, Response
from .json.errors import error_body
from .json.text import parse_json

_REFERENCE = re.compile(r"\$\{([^}]*)\}")
_LINE_KEYS = frozenset({"method", "path", "query", "body", "name", "idempotency_key"})
ONE_MILLISECOND = timedelta(milliseconds=1)


class UnresolvedReference(Exception):
    def __init__(self, reference: str, reason: str) -> None:
        self.reference = reference
        self.where = "$"
        """JSON path, in the input line, of the string that holds the reference."""
        super().__init__(f"${{{reference}}}: {reason}")


def resolve_reference(reference: str, named: dict[str, dict[str, Any]]) -> Any:
    parts = reference.split(".")
    if parts[0] not in named:
        raise UnresolvedReference(reference, f"no earlier line is named {parts[0]!r}")
    value: Any = named[parts[0]]
    for part in parts[1:]:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise UnresolvedReference(reference, f"{part!r} is not in the referenced value")
    return value


def substitute(
    value: Any, named: dict[str, dict[str, Any]], where: str = "$", depth: int = 1
) -> Any:
    """`value` with every `${...}` replaced; exact references keep the JSON type.

    `where` is the JSON path of `value` in the line, reported when a reference fails. A
    line nested deeper than a request may be is refused here, before the recursion could
    overflow the stack."""
    if depth > limits.REQUEST_DEPTH_MAX and isinstance(value, list | dict):
        raise errors.InvalidPayload(
            f"must nest at most {limits.REQUEST_DEPTH_MAX} levels of objects and arrays",
            field=where,
        )
    if isinstance(value, str):
        try:
            whole = _REFERENCE.fullmatch(value)
            if whole is not None:
                return resolve_reference(whole.group(1), named)
            return _REFERENCE.sub(lambda m: _as_text(resolve_reference(m.group(1), named)), value)
        except UnresolvedReference as problem:
            problem.where = where
            raise
    if isinstance(value, list):
        return [
            substitute(item, named, f"{where}[{index}]", depth + 1)
            for index, item in enumerate(value)
        ]
    if isinstance(value, dict):
        return {
            substitute(key, named, where): substitute(item, named, _member(where, key), depth + 1)
            for key, item in value.items()
        }
    return value


def _member(where: str, key: str) -> str:
    return rules.member_path(where, key)


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def dump(response: Response) -> str:
    line = {"status": response.status, "body": response.body}
    text = json.dumps(line, separators=(",", ":"), ensure_ascii=False)
    if rules.is_text(text):
        return text
    # An error quoting a caller's lone surrogate (a reference, a path): escaped, so the
    # line can still be written as UTF-8.
    return json.dumps(line, separators=(",", ":"))


class Replayer:
    """Feeds lines to one `JsonApi` (one store for the whole file)."""

    def __init__(
        self, api: JsonApi, clock: SteppingClock | None = None, start: datetime | None = None
    ) -> None:
        self.api = api
        self.clock = clock
        self.start = start
        self.named: dict[str, dict[str, Any]] = {}

    def run(self, lines: Iterable[str | bytes]) -> Iterator[str]:
        for number, raw in enumerate(lines):
            if not raw.strip():
                continue
            if self.clock is not None and self.start is not None:
                self.clock.set(self.start + number * ONE_MILLISECOND)
            yield dump(self.line(raw))

    def line(self, raw: str | bytes) -> Response:
        try:
            request = self._parse(raw)
            path = substitute(request["path"], self.named, "$.path")
            query = substitute(request.get("query") or {}, self.named, "$.query")
            body = substitute(request.get("body"), self.named, "$.body")
            # An exact reference keeps its JSON type, which a path or a query cannot take.
            _check_request_line(path, query)
        except (errors.InvalidPayload, UnresolvedReference) as problem:
            return self._bad_line(problem)
        response = self.api.call(
            request["method"], path, query, body, idempotency_key=request.get("idempotency_key")
        )
        if isinstance(request.get("name"), str):
            self.named[request["name"]] = {"status": response.status, "body": response.body}
        return response

    def _parse(self, raw: str | bytes) -> dict[str, Any]:
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise errors.InvalidPayload(
                    f"the line is not UTF-8 text (byte {error.start})", field="$"
                ) from error
        request = parse_json(raw)
        if not isinstance(request, dict):
            raise errors.InvalidPayload("the line must be a JSON object", field="$")
        for key in request:
            if key not in _LINE_KEYS:
                raise errors.InvalidPayload(
                    f"unknown key; a line has {', '.join(sorted(_LINE_KEYS))}", field=key
                )
        for key in ("method", "path"):
            if not isinstance(request.get(key), str):
                raise errors.InvalidPayload("is required and must be a string", field=key)
        for key in ("name", "idempotency_key"):
            if request.get(key) is not None and not isinstance(request[key], str):
                raise errors.InvalidPayload("must be a string", field=key)
        query = request.get("query")
        if query is not None:
            _check_request_line(request["path"], query)
        return request

    def _bad_line(self, problem: Exception) -> Response:
        request_id = "v-" + self.api.ledger.ids.new_id("v")[2:]
        if isinstance(problem, errors.RedemptionError):
            return Response(400, error_body(problem, request_id))
        where = problem.where if isinstance(problem, UnresolvedReference) else "$"
        error = errors.InvalidPayload(str(problem), field=where)
        return Response(400, error_body(error, request_id))


def _check_request_line(path: Any, query: Any) -> None:
    if not isinstance(path, str):
        raise errors.InvalidPayload("must be a string", field="path")
    if not _is_flat_query(query):
        raise errors.InvalidPayload(
            "must be an object of strings or lists of strings", field="query"
        )


def _is_flat_query(query: Any) -> bool:
    if not isinstance(query, dict):
        return False
    for value in query.values():
        if isinstance(value, str):
            continue
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            continue
        return False
    return True

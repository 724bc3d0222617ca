"""Generated bad input over every JSON endpoint, on memory and SQLite (issue 8, Must show).

Goal: whatever a caller sends, `JsonApi.call` answers below 500 with a documented body; an
error is Voucherify's Error body naming what is wrong, and changes nothing but the records a
business failure documents (`rf_`/`rrf_`, see tests/badinput/world.py). Method: for each
route of the README's table (one valid request each, `JsonWorld.valid_requests`) and each
store, Hypothesis mutates the body, the query, a path segment or the idempotency key
(tests/badinput/mutations.py); every response is checked by `check_answer`. The size knob
is `REDEMPTION_CORE_BADINPUT` (tests/badinput/conftest.py).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redemption_core.adapters.json.api import ROUTES, Response
from tests.badinput import size
from tests.badinput.mutations import bad_texts, mutated, mutated_path, mutated_query
from tests.badinput.world import JsonWorld, State, unexpected_changes
from tests.support.api import check_response

NAMING_KEYS = ("invalid_payload", "invalid_query_params")
"""Errors about the request's shape: their `details` must name the field."""
SUCCESS = (200, 202, 204)
"""Answers that are no error: a deleted voucher or customer and a released session answer
204 without a body, a deleted campaign 202 (Voucherify's async action)."""


def check_answer(
    world: JsonWorld, method: str, path: str, response: Response, before: State
) -> None:
    """Below 500; strict JSON; an error is the Error body, names its field, and changes only
    what a recorded business failure documents."""
    assert response.status < 500, response.body
    text = json.dumps(response.body, allow_nan=False, ensure_ascii=False)
    text.encode("utf-8")  # no lone surrogate reaches a response
    if response.status in SUCCESS:
        return
    check_response(method, path.split("?", maxsplit=1)[0], response)
    body = response.body
    if body["key"] in NAMING_KEYS:
        assert body["details"], body
    after = world.opened.state()
    assert unexpected_changes(before, after, body) == [], body


def _route_cases() -> list[tuple[str, str]]:
    return [(route.method, route.template) for route in ROUTES]


def _request_for(world: JsonWorld, method: str, template: str) -> tuple[str, Any, Any]:
    for given_method, path, query, body in world.valid_requests():
        if given_method != method:
            continue
        for route in ROUTES:
            if route.template == template and route.method == method and route.pattern.match(path):
                return path, query, body
    raise AssertionError(f"no valid request for {method} {template}")


def _route_of(method: str, path: str) -> str:
    for route in ROUTES:
        if route.method == method and route.pattern.match(path):
            return route.template
    return ""


@pytest.mark.parametrize(("method", "template"), _route_cases())
class TestEveryJsonEndpoint:
    def test_a_mutated_request_gets_a_documented_answer_and_changes_nothing_else(
        self, json_world: JsonWorld, method: str, template: str
    ) -> None:
        """Mutated bodies, queries, path segments and keys: no 5xx, Error bodies, no change."""
        path, query, body = _request_for(json_world, method, template)

        @settings(max_examples=size.examples(), deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(data=st.data())
        def run(data: st.DataObject) -> None:
            # given a valid request with one part made bad
            part = data.draw(st.sampled_from(["body", "body", "query", "path", "key"]))
            sent_path, sent_query, sent_body, key = path, query, body, None
            if part == "body":
                sent_body = data.draw(mutated(body if body is not None else {}))
            elif part == "query":
                sent_query = data.draw(mutated_query(query))
            elif part == "path":
                sent_path = data.draw(mutated_path(path))
            else:
                key = data.draw(bad_texts)
            before = json_world.opened.state()
            # when
            response = json_world.call(method, sent_path, sent_query, sent_body, key)
            # then
            size.CASES["json"] += 1
            if _route_of(method, sent_path) or response.status not in SUCCESS:
                check_answer(json_world, method, sent_path, response, before)

        run()

"""schemathesis over every served operation of the spec subset (`spec/openapi-redemptions.json`).

Requests are generated from the spec's own schemas (hypothesis; valid and invalid ones) and
sent to a real server with credentials. Every answer must be below 500 and conform exactly
as the in-process suite checks JSON API answers (`tests.support.api.check_response`): a 200
to the operation's documented response, anything else to the `Error` schema, with the
leniency on null and the spec defects `tests/support/openapi.py` and `tests/support/api.py`
document. A seeded world (a gift card, a loyalty program with alice's member card) lets
some generated requests reach the ledger: path identifiers are sometimes its own.
The operations are the spec's that the server serves (computed, so a new route the spec
holds is fuzzed as soon as it exists; about 50 now).
Size: `REDEMPTION_CORE_FUZZ_EXAMPLES` examples per operation (default 5, about a minute).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from redemption_core.adapters.http.app import CLIENT_PREFIX, CLIENT_ROUTES
from redemption_core.adapters.json.api import ROUTES, Response
from tests.http.conftest import CLIENT_HEADERS, SERVER_HEADERS, Running
from tests.support.api import check_response, without_spec_defects
from tests.support.openapi import SPEC_PATH, validate_response

EXAMPLES = int(os.environ.get("REDEMPTION_CORE_FUZZ_EXAMPLES", "5"))
SCHEMA = schemathesis.openapi.from_path(SPEC_PATH)


def _served() -> tuple[tuple[str, str], ...]:
    """Every operation of the spec the server answers: a JSON API route, or a client route
    a client key may call (`/client` + one of `CLIENT_ROUTES`)."""
    routes = {(route.method, route.template) for route in ROUTES}
    found = []
    for template, operations in SCHEMA.raw_schema["paths"].items():
        for method in operations:
            wanted = (method.upper(), template)
            if template.startswith(CLIENT_PREFIX + "/"):
                served = (method.upper(), template.removeprefix(CLIENT_PREFIX)) in CLIENT_ROUTES
            else:
                served = wanted in routes
            if served:
                found.append(wanted)
    return tuple(found)


SERVED = _served()


def _seed(server: Running) -> None:
    with server.client() as client:
        client.post("/v1/vouchers/GIFT-A", json={"type": "GIFT_VOUCHER", "gift": {"amount": 5000}})
        program = client.post("/v1/campaigns", json={
            "name": "Loyalty", "campaign_type": "LOYALTY_PROGRAM",
            "voucher": {"type": "LOYALTY_CARD", "loyalty_card": {"points": 0}}}).json()
        client.post("/v1/vouchers/CARD-1", json={
            "type": "LOYALTY_CARD", "loyalty_card": {"points": 1000},
            "campaign_id": program["id"]})
        client.post(f"/v1/loyalties/{program['id']}/members",
                    json={"customer": {"source_id": "alice"}, "voucher": "CARD-1"})


def _conforms(method: str, template: str, path: str, response: Any) -> None:
    """< 500, JSON, and conforming as the in-process suite checks it (`check_response`)."""
    status = response.status_code
    assert status < 500, f"{method} {path}: {status} {response.text}"
    if status == 204:
        assert response.content == b"", f"{method} {path}: 204 with a body"
        return
    assert response.headers["content-type"][0].startswith("application/json")
    body: Any = response.json()
    if template.startswith("/client/") and status == 200:
        validate_response(method, template, without_spec_defects(body))
        return
    check_response(method, path.removeprefix("/client"), Response(status, body))


@pytest.mark.parametrize(("method", "template"), SERVED, ids=[f"{m} {p}" for m, p in SERVED])
def test_generated_requests_get_no_5xx_and_conforming_answers(
    server: Running, method: str, template: str
) -> None:
    """Spec-generated requests to one served operation: every answer < 500 and conforming."""
    _seed(server)
    operation = SCHEMA[template][method]
    headers = CLIENT_HEADERS if template.startswith("/client/") else SERVER_HEADERS

    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=cases, known=st.sampled_from([None, "GIFT-A", "CARD-1", "alice"]))
    def check(case: Any, known: str | None) -> None:
        """A generated request, its identifiers sometimes those of the seeded world."""
        for name in (case.path_parameters or {}):
            if name in ("code", "memberId", "customerId") and known:
                case.path_parameters[name] = known
        response = case.call(base_url=server.url, headers=headers)
        _conforms(method, template, response.request.url.split(server.url, 1)[1], response)

    check()

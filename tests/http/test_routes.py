"""Every JSON API route over HTTP: reachable, 405 on a wrong method, its template on
/metrics; client keys validate; 204 has no body; the session-lock gauge."""

from __future__ import annotations

import re

import httpx
import pytest

from redemption_core.adapters.json.api import ROUTES
from tests.http.conftest import CLIENT_HEADERS, Running

QUANTITY_2 = {
    "type": "DISCOUNT_VOUCHER",
    "discount": {"type": "AMOUNT", "amount_off": 100},
    "redemption": {"quantity": 2},
}
LOCK = {"type": "LOCK", "ttl": 1, "ttl_unit": "HOURS"}


def validation(code: str, **fields: object) -> dict[str, object]:
    return {"redeemables": [{"object": "voucher", "id": code}], "order": {"amount": 1000},
            **fields}


def concrete(template: str) -> str:
    """The template with every `{parameter}` an id no resource has."""
    return re.sub(r"\{\w+\}", "nothing-here", template)


def series(metrics: str, template: str, method: str) -> bool:
    return f'route="{template}"' in metrics and any(
        f'method="{method}"' in line and f'route="{template}"' in line
        for line in metrics.splitlines() if line.startswith("redemption_core_http_requests_total")
    )


def locks_held(client: httpx.Client) -> float:
    found = re.search(r"^redemption_core_session_locks_held (\S+)$",
                      client.get("/metrics").text, re.MULTILINE)
    assert found is not None
    return float(found.group(1))


class TestEveryRoute:
    def test_each_route_of_the_json_api_is_served_under_its_template(
        self, server: Running
    ) -> None:
        """No route answers "no endpoint"; each one's requests are counted under its template."""
        # given
        client_routes = [route for route in ROUTES if route.template.startswith("/client/")]
        assert client_routes, "the client validation route is in JsonApi's table"
        with server.client() as admin, server.client(CLIENT_HEADERS) as public:
            for route in ROUTES:
                caller = public if route in client_routes else admin
                # when
                answer = caller.request(route.method, concrete(route.template))
                # then
                body = answer.json() if answer.content else {}
                assert answer.status_code != 404 or not str(body.get("details", "")).startswith(
                    "no endpoint"), (route.method, route.template, body)
                assert answer.status_code < 500, (route.method, route.template, body)
            metrics = admin.get("/metrics").text
        for route in ROUTES:
            assert series(metrics, route.template, route.method), (route.method, route.template)

    def test_a_method_no_route_takes_is_405_under_the_template(self, server: Running) -> None:
        """PATCH is nobody's method: every path answers 405 naming the allowed ones."""
        with server.client() as admin:
            for template in {route.template for route in ROUTES
                             if not route.template.startswith("/client/")}:
                answer = admin.patch(concrete(template))
                assert answer.status_code == 405, template
                assert answer.json()["key"] == "method_not_allowed"
            metrics = admin.get("/metrics").text
        assert series(metrics, "/v1/vouchers/{code}/sessions/{sessionKey}", "PATCH")


class TestLifecycleOverHttp:
    def test_a_put_with_an_idempotency_key_is_safe_to_retry(self, server: Running) -> None:
        """The same key and body answer the same; the key with another body is 409."""
        with server.client() as admin:
            admin.post("/v1/vouchers/Q", json=QUANTITY_2)
            key = {"Idempotency-Key": "put-1"}
            first = admin.put("/v1/vouchers/Q", json={"metadata": {"a": "1"}}, headers=key)
            again = admin.put("/v1/vouchers/Q", json={"metadata": {"a": "1"}}, headers=key)
            other = admin.put("/v1/vouchers/Q", json={"metadata": {"a": "2"}}, headers=key)
        assert first.status_code == again.status_code == 200
        assert first.json() == again.json()
        assert first.json()["metadata"] == {"a": "1"}
        assert other.status_code == 409
        assert other.json()["key"] == "idempotency_key_reused"

    def test_a_delete_answers_204_with_no_body(self, server: Running) -> None:
        """DELETE /v1/customers/{id}: 204, empty body, then the customer is gone."""
        with server.client() as admin:
            made = admin.post("/v1/customers", json={"source_id": "alice"}).json()
            deleted = admin.delete(f"/v1/customers/{made['id']}")
            read = admin.get(f"/v1/customers/{made['id']}")
        assert (deleted.status_code, deleted.content) == (204, b"")
        assert "content-type" not in deleted.headers or deleted.headers["content-length"] == "0"
        assert read.status_code == 404

    def test_disable_then_enable_a_voucher(self, server: Running) -> None:
        """A disabled voucher does not validate; enabled again, it does."""
        with server.client() as admin:
            admin.post("/v1/vouchers/Q", json=QUANTITY_2)
            disabled = admin.post("/v1/vouchers/Q/disable").json()
            refused = admin.post("/v1/validations", json=validation("Q")).json()
            enabled = admin.post("/v1/vouchers/Q/enable").json()
            valid = admin.post("/v1/validations", json=validation("Q")).json()
        assert (disabled["active"], enabled["active"]) == (False, True)
        assert (refused["valid"], valid["valid"]) == (False, True)


class TestClientKeys:
    def test_a_client_key_validates(self, server: Running) -> None:
        """POST /client/v1/validations with a client key answers the validation."""
        with server.client() as admin:
            admin.post("/v1/vouchers/Q", json=QUANTITY_2)
        with server.client(CLIENT_HEADERS) as public:
            answer = public.post("/client/v1/validations", json=validation("Q"))
        assert answer.status_code == 200
        body = answer.json()
        assert body["valid"] is True
        assert body["redeemables"][0]["status"] == "APPLICABLE"

    @pytest.mark.parametrize(("method", "path"), [
        ("POST", "/client/v1/validation-rules"),
        ("GET", "/client/v1/vouchers"),
        ("DELETE", "/client/v1/vouchers/Q/sessions/s1"),
        ("GET", "/client/v1/validations"),
    ])
    def test_a_client_key_cannot_do_anything_else(
        self, server: Running, method: str, path: str
    ) -> None:
        """A client key may not create rules, list vouchers or release sessions: 404."""
        with server.client(CLIENT_HEADERS) as public:
            answer = public.request(method, path, json={"name": "r", "rules": {}}
                                    if method == "POST" else None)
        assert answer.status_code == 404
        assert answer.json()["key"] == "not_found"

    def test_a_server_key_is_not_a_client_key(self, server: Running) -> None:
        """The server key on the client route: 401."""
        with server.client() as admin:
            assert admin.post("/client/v1/validations", json=validation("Q")).status_code == 401


class TestSessionLockGauge:
    def test_the_gauge_counts_a_lock_until_it_is_released(self, server: Running) -> None:
        """Validate with a LOCK session: 1 held; release it: 0."""
        with server.client() as admin:
            admin.post("/v1/vouchers/Q", json=QUANTITY_2)
            before = locks_held(admin)
            # when
            opened = admin.post("/v1/validations", json=validation("Q", session=LOCK)).json()
            held = locks_held(admin)
            released = admin.delete(f"/v1/vouchers/Q/sessions/{opened['session']['key']}")
            after = locks_held(admin)
        # then
        assert (before, held, after) == (0, 1, 0)
        assert released.status_code == 204

    def test_a_redemption_with_the_session_consumes_its_lock(self, server: Running) -> None:
        """Two locks on a voucher of quantity 2: 2 held; a redemption with one key: 1."""
        with server.client() as admin, server.client(CLIENT_HEADERS) as public:
            admin.post("/v1/vouchers/Q", json=QUANTITY_2)
            first = public.post("/client/v1/validations",
                                json=validation("Q", session=LOCK)).json()
            public.post("/client/v1/validations", json=validation("Q", session=LOCK))
            both = locks_held(admin)
            redeemed = public.post("/client/v1/redemptions", json=validation(
                "Q", session={"type": "LOCK", "key": first["session"]["key"]}))
            left = locks_held(admin)
        assert redeemed.status_code == 200, redeemed.json()
        assert (both, left) == (2, 1)

    def test_a_lock_opened_outside_the_server_on_a_watched_voucher_counts(
        self, server: Running
    ) -> None:
        """The gauge reads the store: a lock the embedded ledger opens on a voucher the
        server has locked shows too, and releasing everything brings it to 0."""
        with server.client() as admin:
            admin.post("/v1/vouchers/Q", json=QUANTITY_2)
            mine = admin.post("/v1/validations", json=validation("Q", session=LOCK)).json()
            theirs = server.ledger.store  # the same store, through the embedded ledger
            assert theirs is server.store
            admin.post("/v1/validations", json=validation("Q", session=LOCK))
            assert locks_held(admin) == 2
            admin.delete(f"/v1/vouchers/Q/sessions/{mine['session']['key']}")
            assert locks_held(admin) == 1

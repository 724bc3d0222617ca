"""The HTTP surface around the JSON API: credentials, limits, errors, headers, logs, metrics."""

from __future__ import annotations

import io
import json
import socket
import time
from collections.abc import Callable

import httpx
from hypothesis import given
from hypothesis import strategies as st

from redemption_core.adapters.http.app import encode_json
from redemption_core.adapters.logs import configure_logging
from tests.http.conftest import CLIENT_HEADERS, SERVER_HEADERS, Running

GIFT = {"type": "GIFT_VOUCHER", "gift": {"amount": 5000}}
REDEEM = {
    "redeemables": [{"object": "voucher", "id": "GIFT-A", "gift": {"credits": 100}}],
    "order": {"amount": 1000},
}


def _error_shape(body: dict[str, object], status: int, key: str) -> None:
    assert body["code"] == status and body["key"] == key
    assert isinstance(body["message"], str) and isinstance(body["details"], str)
    assert str(body["request_id"]).startswith("v-")


class TestCredentials:
    def test_a_request_without_or_with_wrong_credentials_is_401(self, server: Running) -> None:
        """No headers, an unknown app, a wrong token: 401 with the Error body; nothing made."""
        for headers in ({}, {"X-App-Id": "nobody", "X-App-Token": "x"},
                        {**SERVER_HEADERS, "X-App-Token": "wrong"}):
            with server.client(headers) as client:
                answer = client.post("/v1/vouchers/GIFT-A", json=GIFT)
            assert answer.status_code == 401
            _error_shape(answer.json(), 401, "unauthorized")
        with server.client() as client:
            assert client.get("/v1/vouchers/GIFT-A").status_code == 404

    def test_a_client_key_may_redeem_but_not_read_or_create(self, server: Running) -> None:
        """`/client/v1/redemptions` takes a client key; other client paths are 404, and a
        client key is no server key."""
        with server.client() as admin:
            assert admin.post("/v1/vouchers/GIFT-A", json=GIFT).status_code == 200
        with server.client(CLIENT_HEADERS) as public:
            redeemed = public.post("/client/v1/redemptions", json=REDEEM)
            assert redeemed.status_code == 200
            assert redeemed.json()["redemptions"][0]["channel"]["channel_id"] == "shop-web"
            read = public.get("/client/v1/vouchers/GIFT-A")
            assert read.status_code == 404 and read.json()["key"] == "not_found"
            assert public.get("/v1/vouchers/GIFT-A").status_code == 401
        with server.client() as admin:
            assert admin.post("/client/v1/redemptions", json=REDEEM).status_code == 401

    def test_the_app_id_is_the_redemption_channel(self, server: Running) -> None:
        """The authenticated app id is recorded as the channel (`API`)."""
        with server.client() as client:
            client.post("/v1/vouchers/GIFT-A", json=GIFT)
            body = client.post("/v1/redemptions", json=REDEEM).json()
        assert body["redemptions"][0]["channel"] == {"channel_id": "shop-backend",
                                                     "channel_type": "API"}


class TestErrors:
    def test_unknown_routes_and_methods_get_the_error_body(self, server: Running) -> None:
        """404 for an unknown path, 405 for a known path's other method, same shape."""
        with server.client() as client:
            missing = client.get("/v1/nowhere")
            wrong = client.delete("/v1/redemptions")
            outside = client.get("/admin")
        _error_shape(missing.json(), 404, "not_found")
        _error_shape(wrong.json(), 405, "method_not_allowed")
        _error_shape(outside.json(), 404, "not_found")

    def test_a_body_over_the_limit_is_413(self, start_server: Callable[..., Running]) -> None:
        """A body longer than the configured limit is refused before it is parsed."""
        server = start_server(body_bytes_max=64)
        with server.client() as client:
            answer = client.post("/v1/vouchers/GIFT-A", json={**GIFT, "metadata": {"x": "y" * 99}})
        assert answer.status_code == 413
        _error_shape(answer.json(), 413, "payload_too_large")

    def test_a_body_that_is_not_json_is_415_and_bad_json_is_400(self, server: Running) -> None:
        """Content-Type must be JSON; JSON must parse."""
        with server.client() as client:
            plain = client.post("/v1/vouchers/G", content=b"x=1",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
            broken = client.post("/v1/vouchers/G", content=b"{",
                                 headers={"Content-Type": "application/json"})
        _error_shape(plain.json(), 415, "unsupported_media_type")
        _error_shape(broken.json(), 400, "invalid_payload")

    def test_a_request_slower_than_the_timeout_is_503(
        self, start_server: Callable[..., Running]
    ) -> None:
        """A body announced and never sent: the request times out, the Error body says so."""
        server = start_server(timeout_seconds=0.2)
        port = int(server.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as raw:
            raw.sendall(b"POST /v1/vouchers/G HTTP/1.1\r\nHost: x\r\nX-App-Id: shop-backend\r\n"
                        b"X-App-Token: s3cret\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 10\r\n\r\n")
            answer = _read_response(raw)
        assert answer[0] == 503
        _error_shape(answer[1], 503, "request_timeout")


def _read_response(raw: socket.socket) -> tuple[int, dict[str, object]]:
    """Status and JSON body of one HTTP/1.1 response read off a raw socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += raw.recv(65536)
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length"))
    while len(rest) < length:
        rest += raw.recv(65536)
    return int(head.split(b" ")[1]), json.loads(rest[:length])


class TestHeaders:
    def test_the_idempotency_key_header_makes_a_retry_safe(self, server: Running) -> None:
        """The same key and request give the first outcome; another request is 409-like."""
        with server.client() as client:
            client.post("/v1/vouchers/GIFT-A", json=GIFT)
            first = client.post("/v1/redemptions", json=REDEEM, headers={"Idempotency-Key": "k1"})
            again = client.post("/v1/redemptions", json=REDEEM, headers={"Idempotency-Key": "k1"})
            other = client.post("/v1/redemptions", json={**REDEEM, "order": {"amount": 2000}},
                                headers={"Idempotency-Key": "k1"})
            gift = client.get("/v1/vouchers/GIFT-A").json()
        assert again.json() == first.json()
        assert other.json()["key"] == "idempotency_key_reused"
        assert gift["gift"]["balance"] == 4900

    def test_every_answer_names_its_request_id(self, server: Running) -> None:
        """`X-Request-Id` is the Error body's request_id and the events' group_id."""
        with server.client() as client:
            failed = client.get("/v1/vouchers/NOPE")
            client.post("/v1/vouchers/GIFT-A", json=GIFT)
            redeemed = client.post("/v1/redemptions", json=REDEEM)
        assert failed.headers["x-request-id"] == failed.json()["request_id"]
        [(_, event)] = server.ledger.events_after(0, 10)
        assert event.group_id == redeemed.headers["x-request-id"]


class TestLogsAndMetrics:
    def test_one_json_line_per_request(self, start_server: Callable[..., Running]) -> None:
        """method, route template, status, duration, app and request id; no JSON API line."""
        stream = io.StringIO()
        configure_logging("INFO", stream)
        server = start_server()
        with server.client() as client:
            answer = client.get("/v1/vouchers/NOPE")
        # The line is written after the answer is sent (its duration includes the send),
        # so under load the client can read the answer first.
        deadline = time.monotonic() + 10
        while not stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        lines = [json.loads(line) for line in stream.getvalue().splitlines()]
        assert len(lines) == 1
        line = lines[0]
        assert line["event"] == "http.request" and line["route"] == "/v1/vouchers/{code}"
        assert line["method"] == "GET" and line["status"] == 404
        assert line["app_id"] == "shop-backend" and line["failure_code"] == "not_found"
        assert line["request_id"] == answer.headers["x-request-id"]
        assert line["duration_ms"] > 0

    def test_metrics_count_requests_by_route_and_status(self, server: Running) -> None:
        """`/metrics` shows the request counter, latency histogram and store commits."""
        with server.client() as client:
            client.post("/v1/vouchers/GIFT-A", json=GIFT)
            client.post("/v1/redemptions", json=REDEEM)
            client.get("/v1/redemptions/r_missing")
            text = httpx.get(server.url + "/metrics").text
        assert ('redemption_core_http_requests_total{method="POST",route="/v1/redemptions",'
                'status="200"} 1.0') in text
        assert ('redemption_core_http_requests_total{method="GET",'
                'route="/v1/redemptions/{redemptionId}",status="404"} 1.0') in text
        assert "redemption_core_http_request_duration_seconds_bucket" in text
        assert "redemption_core_store_transact_duration_seconds_count 2.0" in text
        assert "redemption_core_store_commit_works_total 2.0" in text

    def test_health_answers_without_credentials(self, server: Running) -> None:
        """`GET /health` is 200 SERVING for load balancers."""
        answer = httpx.get(server.url + "/health")
        assert answer.status_code == 200 and answer.json() == {"status": "SERVING"}


class TestResponseEncoding:
    def test_answers_are_the_compact_json_of_what_the_json_api_returned(self) -> None:
        """orjson's bytes equal json.dumps' compact UTF-8 form, beyond 64 bits included."""
        values = st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(),
            lambda inner: st.lists(inner, max_size=4)
            | st.dictionaries(st.text(), inner, max_size=4),
            max_leaves=20,
        )

        @given(values)
        def same(value: object) -> None:
            expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            assert encode_json(value) == expected.encode("utf-8", "surrogatepass")

        same()


class TestOurOwnBugs:
    def test_an_unexpected_failure_is_a_500_error_body_without_internals(
        self, server: Running
    ) -> None:
        """A store that breaks mid-request: 500 `internal_error` naming the request id."""
        server.store.inner.close()
        with server.client() as client:
            answer = client.get("/v1/vouchers/ANY")
        assert answer.status_code == 500
        _error_shape(answer.json(), 500, "internal_error")
        assert "closed" not in answer.text.lower()

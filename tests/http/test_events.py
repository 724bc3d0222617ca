"""Events for other processes: `GET /v1/events` and gRPC `WatchEvents` over the outbox.

Four writers redeem and roll back over HTTP while one consumer reads; it must get every
event exactly once, in commit order, and resume exactly where it left off after
reconnecting. Sizes: `REDEMPTION_CORE_STRESS` multiplies the writers' rounds.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator

import grpc
import httpx
import pytest

from redemption_core.adapters.grpc._generated import redemption_service_pb2 as service
from redemption_core.adapters.grpc._generated import redemption_service_pb2_grpc as stubs
from redemption_core.adapters.grpc.auth import Apps
from redemption_core.adapters.grpc.server import ServerConfig, build_server
from tests.http.conftest import APP, SERVER_HEADERS, TOKEN, Running

WRITERS = 4
ROUNDS = 6 * int(os.environ.get("REDEMPTION_CORE_STRESS", "1"))
"""Each writer's redeem-then-roll-back rounds; each round writes two events."""
EXPECTED = WRITERS * ROUNDS * 2


def _write(server: Running, writer: int) -> None:
    with server.client() as client:
        code = f"GIFT-{writer}"
        made = client.post(f"/v1/vouchers/{code}",
                           json={"type": "GIFT_VOUCHER", "gift": {"amount": 100_000}})
        assert made.status_code == 200
        for _ in range(ROUNDS):
            redeemed = client.post("/v1/redemptions", json={
                "redeemables": [{"object": "voucher", "id": code, "gift": {"credits": 10}}],
                "order": {"amount": 1000}})
            assert redeemed.status_code == 200, redeemed.text
            rolled = client.post(f"/v1/redemptions/{redeemed.json()['redemptions'][0]['id']}"
                                 "/rollback")
            assert rolled.status_code == 200, rolled.text


def _writing(server: Running) -> list[threading.Thread]:
    writers = [threading.Thread(target=_write, args=(server, n)) for n in range(WRITERS)]
    for writer in writers:
        writer.start()
    return writers


def _committed(server: Running) -> list[tuple[int, str]]:
    return [(position, event.id) for position, event in server.ledger.events_after(0, 1000)]


def _http_pages(server: Running, after: int, pages: int) -> Iterator[tuple[int, str]]:
    """Up to `pages` long-polled pages of 5 from `after`, on one connection."""
    with httpx.Client(base_url=server.url, headers=SERVER_HEADERS, timeout=30) as client:
        for _ in range(pages):
            page = client.get("/v1/events", params={"after": after, "limit": 5, "wait": 5})
            assert page.status_code == 200, page.text
            for event in page.json()["events"]:
                after = event["position"]
                yield event["position"], event["id"]


class TestEventsOverHttp:
    def test_a_consumer_gets_every_event_once_in_order_while_four_writers_write(
        self, server: Running
    ) -> None:
        """Long-polling 5 at a time on a fresh connection every 3 pages, resuming from the
        last position seen: the events read are exactly the outbox, in order."""
        writers = _writing(server)
        seen: list[tuple[int, str]] = []
        for _ in range(EXPECTED):  # bounded: a lost event fails the test, never hangs it
            if len(seen) >= EXPECTED:
                break
            after = seen[-1][0] if seen else 0
            seen.extend(_http_pages(server, after, pages=3))
        for writer in writers:
            writer.join()
        assert len(seen) == EXPECTED
        assert seen == _committed(server)
        assert [position for position, _ in seen] == list(range(1, EXPECTED + 1))

    def test_bad_positions_and_limits_are_400_naming_them(self, server: Running) -> None:
        """`after` must be a non-negative integer, `limit` 1 to 1000, nothing else taken."""
        with server.client() as client:
            for query, name in (({"after": "-1"}, "after"), ({"limit": "0"}, "limit"),
                                ({"limit": "1001"}, "limit"), ({"since": "1"}, "since")):
                answer = client.get("/v1/events", params=query)
                assert answer.status_code == 400
                assert answer.json()["key"] == "invalid_query_params"
                assert repr(name) in answer.json()["details"]

    def test_an_empty_page_after_the_last_event_keeps_the_position(
        self, server: Running
    ) -> None:
        """With nothing after `after` the page is empty and `last_position` is `after`."""
        with server.client() as client:
            page = client.get("/v1/events", params={"after": 7}).json()
        assert page == {"object": "list", "data_ref": "events", "events": [],
                        "has_more": False, "last_position": 7}


@pytest.fixture
def watch(server: Running) -> Iterator[Callable[[int], Iterator[service.WatchEventsResponse]]]:
    """`watch(after)`: a WatchEvents stream of a gRPC server on the HTTP server's ledger."""
    built = build_server(server.ledger, Apps.of({APP: TOKEN}),
                         ServerConfig(address="127.0.0.1:0"))
    built.server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{built.port}")
    stub = stubs.RedemptionServiceStub(channel)
    metadata = (("x-app-id", APP), ("x-app-token", TOKEN))

    def open_stream(after: int) -> Iterator[service.WatchEventsResponse]:
        request = service.WatchEventsRequest(after_position=after)
        # A deadline: a lost event fails the test (DEADLINE_EXCEEDED), never hangs it.
        stream: Iterator[service.WatchEventsResponse] = stub.WatchEvents(
            request, metadata=metadata, timeout=60)
        return stream

    yield open_stream
    channel.close()
    built.server.stop(None)


class TestWatchEvents:
    def test_a_watcher_reconnecting_mid_stream_resumes_exactly(
        self, server: Running, watch: Callable[[int], Iterator[service.WatchEventsResponse]]
    ) -> None:
        """Cancel the stream every 7 events and reopen it after the last position."""
        writers = _writing(server)
        seen: list[tuple[int, str]] = []
        while len(seen) < EXPECTED:
            stream = watch(seen[-1][0] if seen else 0)
            for count, message in enumerate(stream, start=1):
                seen.append((message.event.position, message.event.id))
                if count == 7 or len(seen) == EXPECTED:
                    stream.cancel()  # type: ignore[attr-defined]
                    break
        for writer in writers:
            writer.join()
        assert seen == _committed(server)
        assert [position for position, _ in seen] == list(range(1, EXPECTED + 1))

    def test_an_event_carries_its_json_data(
        self, server: Running, watch: Callable[[int], Iterator[service.WatchEventsResponse]]
    ) -> None:
        """The Event's fields and Struct data are the JSON event's."""
        _write_one(server)
        stream = watch(0)
        first = next(iter(stream)).event
        stream.cancel()  # type: ignore[attr-defined]
        with server.client() as client:
            [json_event] = client.get("/v1/events", params={"limit": 1}).json()["events"]
        assert (first.position, first.id, first.type) == (1, json_event["id"],
                                                          "redemption.succeeded")
        assert first.group_id == json_event["group_id"]
        data = first.data
        assert data["event_source"]["api_key"]["app_id"] == APP
        assert data["data"]["redemption"]["id"] == json_event["data"]["redemption"]["id"]

    def test_a_negative_position_is_invalid(
        self, watch: Callable[[int], Iterator[service.WatchEventsResponse]]
    ) -> None:
        """`after_position` below 0 is INVALID_ARGUMENT naming the field."""
        with pytest.raises(grpc.RpcError) as raised:
            next(iter(watch(-1)))
        assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT  # type: ignore[attr-defined]
        assert "after_position" in raised.value.details()  # type: ignore[attr-defined]


def _write_one(server: Running) -> None:
    with server.client() as client:
        client.post("/v1/vouchers/G", json={"type": "GIFT_VOUCHER", "gift": {"amount": 100}})
        client.post("/v1/redemptions", json={
            "redeemables": [{"object": "voucher", "id": "G", "gift": {"credits": 10}}],
            "order": {"amount": 1000}})

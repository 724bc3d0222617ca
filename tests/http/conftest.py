"""A real HTTP server per test: `serve_http` in a thread on a free port, on SQLite.

The socket is bound and listening before the server thread starts, so a client may connect
at once (the kernel queues the connection until uvicorn accepts it): no readiness wait.
`server.url`, `server.ledger` (the embedded view of the same store) and the credentials
`APP`/`TOKEN` (server key) and `CLIENT`/`CLIENT_TOKEN` (client key) are what tests use.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
import structlog

from redemption_core.adapters.feed import ObservedStore
from redemption_core.adapters.grpc.auth import Apps
from redemption_core.adapters.http.app import HttpConfig
from redemption_core.adapters.http.credentials import Credentials
from redemption_core.adapters.http.server import Servers, bind, serve_http
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.domain.use_cases.ledger import Ledger

APP, TOKEN = "shop-backend", "s3cret"
CLIENT, CLIENT_TOKEN = "shop-web", "pub-key"
SERVER_HEADERS = {"X-App-Id": APP, "X-App-Token": TOKEN}
CLIENT_HEADERS = {"X-Client-Application-Id": CLIENT, "X-Client-Token": CLIENT_TOKEN}


@attrs.frozen
class Running:
    url: str
    ledger: Ledger
    store: ObservedStore
    out: io.StringIO

    def client(self, headers: dict[str, str] | None = None) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=SERVER_HEADERS if headers is None
                            else headers, timeout=30)


@pytest.fixture(autouse=True)
def _quiet_logs() -> Iterator[None]:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    yield
    structlog.reset_defaults()


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., Running]]:
    """Start servers with given `HttpConfig` fields; each is stopped and drained after."""
    started: list[tuple[threading.Event, threading.Thread, ObservedStore]] = []

    def start(**config: Any) -> Running:
        store = ObservedStore(SQLiteStore(tmp_path / f"ledger-{len(started)}.db"))
        ledger = Ledger(store)
        credentials = Credentials(Apps.of({APP: TOKEN}), Apps.of({CLIENT: CLIENT_TOKEN}))
        sock = bind("127.0.0.1:0")
        port = sock.getsockname()[1]
        stop = threading.Event()
        out = io.StringIO()
        servers = Servers(http_address=f"127.0.0.1:{port}", http=HttpConfig(**config),
                          grace_seconds=5)
        thread = threading.Thread(target=serve_http, args=(ledger, credentials, servers, stop, out),
                                  kwargs={"sock": sock}, name="http-server")
        thread.start()
        started.append((stop, thread, store))
        return Running(f"http://127.0.0.1:{port}", ledger, store, out)

    yield start
    for stop, thread, store in started:
        stop.set()
        thread.join()
        store.close()


@pytest.fixture
def server(start_server: Callable[..., Running]) -> Running:
    return start_server()

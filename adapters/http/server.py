"""Running the HTTP app on uvicorn, with the gRPC server alongside when asked.

One stop event drives both servers: SIGTERM/SIGINT (or the caller's event) makes uvicorn
stop accepting and lets requests in flight finish within the grace period, while the gRPC
server turns health NOT_SERVING and drains the same way; then the worker threads stop and
the store is closed. Why uvicorn and not granian (which measured faster on Redeem):
docs/decisions.md, "The HTTP server".
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Iterator
from typing import Any, TextIO

import attrs
import uvicorn

from redemption_core.adapters.grpc.server import ServerConfig, build_server
from redemption_core.domain.use_cases.ledger import Ledger

from .app import HttpApp, HttpConfig
from .credentials import Credentials

KEEP_ALIVE_SECONDS = 75
"""Longer than common load balancers' idle timeout (60 s), so they close first."""
CONNECTIONS_MAX = 4_096
"""Open connections at once; more get 503 from uvicorn."""
BACKLOG = 2_048


def bind(address: str) -> socket.socket:
    """A listening TCP socket on `host:port` (port 0 picks one; IPv6 as `[::1]:port`)."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"--http: expected HOST:PORT, got {address!r}")
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, int(port)))
    except OSError as error:
        sock.close()
        raise OSError(f"--http: cannot listen on {address} ({error.strerror})") from error
    sock.listen(BACKLOG)
    sock.set_inheritable(True)
    return sock


class _Server(uvicorn.Server):
    """uvicorn without its own signal handlers: the stop event is the one way to stop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def uvicorn_config(app: HttpApp, grace_seconds: float) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        loop="auto",  # uvloop and httptools (dependencies) when the platform has them
        http="auto",
        lifespan="on",
        log_config=None,
        access_log=False,  # the app writes the one line per request
        server_header=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        timeout_graceful_shutdown=max(1, round(grace_seconds)),
        limit_concurrency=CONNECTIONS_MAX,
        backlog=BACKLOG,
    )


@attrs.frozen(kw_only=True)
class Servers:
    """What `serve_http` runs: the HTTP address, the app's settings, gRPC if any."""

    http_address: str
    http: HttpConfig = attrs.field(factory=HttpConfig)
    grpc: ServerConfig | None = None
    grace_seconds: float = 10.0


async def _run_until(server: _Server, sock: socket.socket, stop: threading.Event) -> None:
    async def watch() -> None:
        await asyncio.get_running_loop().run_in_executor(None, stop.wait)
        server.should_exit = True

    watcher = asyncio.create_task(watch())
    try:
        await server.serve(sockets=[sock])
    finally:
        stop.set()
        await watcher


def serve_http(
    ledger: Ledger,
    credentials: Credentials,
    servers: Servers,
    stop: threading.Event,
    out: TextIO,
    *,
    sock: socket.socket | None = None,
) -> None:
    """Serve until `stop` is set; the caller closes the store afterwards. `sock` is an
    already listening socket to serve on instead of binding `servers.http_address`."""
    app = HttpApp(ledger, credentials, servers.http)
    sock = sock or bind(servers.http_address)
    grpc_built: Any = None
    try:
        if servers.grpc is not None:
            observer = app.metrics.observe_rpc if app.metrics is not None else None
            grpc_built = build_server(ledger, credentials.apps, servers.grpc, observer=observer)
            grpc_built.server.start()
            host = servers.grpc.address.rsplit(":", 1)[0]
            scheme = "tls" if servers.grpc.tls is not None else "plaintext"
            print(f"redemption-core: gRPC ({scheme}) listening on {host}:{grpc_built.port}",
                  file=out, flush=True)
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        print(f"redemption-core: HTTP listening on http://{shown}:{port}", file=out, flush=True)
        drain = threading.Thread(target=_drain_grpc, args=(grpc_built, stop, servers),
                                 name="grpc-drain")
        drain.start()
        server = _Server(uvicorn_config(app, servers.grace_seconds))
        asyncio.run(_run_until(server, sock, stop))
        drain.join()
    finally:
        stop.set()
        if grpc_built is not None:
            grpc_built.server.stop(None)
        app.close()
        sock.close()


def _drain_grpc(built: Any, stop: threading.Event, servers: Servers) -> None:
    stop.wait()
    if built is not None:
        built.health.enter_graceful_shutdown()
        built.server.stop(servers.grace_seconds).wait()

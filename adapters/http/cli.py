"""`redemption-core serve --http HOST:PORT`: the flags of the HTTP server.

With `--http` the HTTP server runs, and the gRPC server runs alongside only when `--listen`
is given too; without `--http`, `serve` is the gRPC server as before.
"""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, TextIO

from redemption_core.adapters.feed import POLL_SECONDS_DEFAULT, ObservedStore
from redemption_core.adapters.grpc.auth import Apps, AppsConfigError
from redemption_core.adapters.logs import configure_logging
from redemption_core.domain.model import limits
from redemption_core.domain.ports import Store
from redemption_core.domain.use_cases.ledger import Ledger

from .app import HttpConfig
from .credentials import CLIENT_APPS_ENV, Credentials, load_client_apps
from .server import Servers, serve_http


def add_http_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("HTTP server")
    group.add_argument("--http", metavar="HOST:PORT",
                       help="serve the Voucherify HTTP API here (port 0 picks one); the gRPC "
                            "server then runs only if --listen is given too")
    group.add_argument("--client-apps", metavar="FILE",
                       help='JSON {"client app id": "token"} for /client/v1 routes '
                            f"(default: the variable {CLIENT_APPS_ENV}; none: 401)")
    group.add_argument("--http-body-max", type=int, default=limits.REQUEST_BYTES_MAX,
                       help="largest request body in bytes; larger gets 413 "
                            f"(default {limits.REQUEST_BYTES_MAX})")
    group.add_argument("--http-timeout", type=float, default=HttpConfig().timeout_seconds,
                       help="seconds a request may take; longer gets 503 request_timeout "
                            f"(default {HttpConfig().timeout_seconds:g})")
    group.add_argument("--http-workers", type=int, default=HttpConfig().workers,
                       help=f"threads running ledger calls (default {HttpConfig().workers})")
    group.add_argument("--no-metrics", action="store_true", help="do not serve /metrics")
    group.add_argument("--no-access-log", action="store_true",
                       help="no per-request log line")
    group.add_argument("--events-poll", type=float, default=POLL_SECONDS_DEFAULT,
                       help="seconds between looks for events other processes committed "
                            f"(default {POLL_SECONDS_DEFAULT:g})")


def http_config(args: argparse.Namespace) -> HttpConfig:
    try:
        return HttpConfig(
            body_bytes_max=args.http_body_max,
            timeout_seconds=args.http_timeout,
            workers=args.http_workers,
            access_log=not args.no_access_log,
            metrics=not args.no_metrics,
            poll_seconds=args.events_poll,
        )
    except ValueError as error:
        raise SystemExit(f"serve: {error}") from error


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    def request_stop(signum: int, _: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_http_serve(
    args: argparse.Namespace, store: Store, grpc_config: Any, out: TextIO
) -> int:
    """`serve --http`: HTTP (and gRPC if `grpc_config`) over `store`, closed on the way out."""
    try:
        configure_logging(args.serve_log_level)
        credentials = Credentials(Apps.load(args.apps), load_client_apps(args.client_apps))
        servers = Servers(http_address=args.http, http=http_config(args), grpc=grpc_config,
                          grace_seconds=args.grace)
    except (ValueError, AppsConfigError) as error:
        store.close()
        raise SystemExit(f"serve: {error}") from error
    observed = ObservedStore(store)
    stop = threading.Event()
    try:
        with _stop_on_signals(stop):
            serve_http(Ledger(observed), credentials, servers, stop, out)
    except OSError as error:
        raise SystemExit(f"serve: {error}") from error
    finally:
        observed.close()
    print("redemption-core: stopped; store closed", file=out, flush=True)
    return 0

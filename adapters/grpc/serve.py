"""`redemption-core serve`: the gRPC server as a long-running program.

    redemption-core serve --listen 127.0.0.1:50051 --store sqlite:ledger.db --apps apps.json

It prints where it listens, logs one JSON line per call on standard error, and stops on
SIGTERM or SIGINT: health turns NOT_SERVING, new calls are refused, calls in flight get
`--grace` seconds to finish, then the store is closed. An address it cannot listen on (in
use, an unknown host, a port out of range, unreadable TLS files) is one line on standard
error and exit status 2 (`LISTEN_FAILED_EXIT`), with the store closed.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from redemption_core.adapters.feed import ObservedStore
from redemption_core.adapters.logs import configure_logging
from redemption_core.domain.ports import Store
from redemption_core.domain.use_cases.ledger import Ledger

from .auth import APPS_ENV, Apps, AppsConfigError
from .listen import ListenError
from .server import WORKERS_DEFAULT, ServerConfig, TlsFiles, build_server

DEFAULT_LISTEN = "127.0.0.1:50051"
GRACE_SECONDS_DEFAULT = 10.0
LISTEN_FAILED_EXIT = 2
"""Exit status of `serve` when it cannot listen (or read its TLS files)."""


def add_serve_command(subparsers: Any) -> argparse.ArgumentParser:
    """Add `serve` to the CLI's subcommands; the CLI opens `--store` and calls `run_serve`."""
    serve_parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve", help="run the gRPC server until SIGTERM"
    )
    serve_parser.add_argument(
        "--listen", default=None,
        help=f"host:port to listen on; port 0 picks one (default {DEFAULT_LISTEN}; "
        "with --http, gRPC runs only when --listen is given)",
    )
    serve_parser.add_argument(
        "--store", default=None,
        help="sqlite:PATH (default: sqlite:$REDEMPTION_CORE_DB, else sqlite:./redemption-core.db)"
        ", sqlite:PATH?synchronous=NORMAL, postgresql://... (a libpq URL plus the store's"
        " settings), or memory",
    )
    serve_parser.add_argument(
        "--apps", help=f'JSON file {{"app id": "token"}} (default: the variable {APPS_ENV})'
    )
    serve_parser.add_argument("--workers", type=int, default=WORKERS_DEFAULT,
                              help=f"threads serving calls (default {WORKERS_DEFAULT})")
    serve_parser.add_argument("--grace", type=float, default=GRACE_SECONDS_DEFAULT,
                              help="seconds calls in flight get to finish on shutdown")
    serve_parser.add_argument("--tls-cert", type=Path, help="PEM certificate chain (enables TLS)")
    serve_parser.add_argument("--tls-key", type=Path, help="PEM private key of --tls-cert")
    serve_parser.add_argument("--tls-client-ca", type=Path,
                              help="PEM CA bundle: require client certificates signed by it")
    serve_parser.add_argument("--log-level", dest="serve_log_level", default="INFO",
                              help="level of the JSON log lines (default INFO: one per call)")
    from redemption_core.adapters.http.cli import add_http_arguments  # noqa: PLC0415

    add_http_arguments(serve_parser)
    return serve_parser


def config_from_args(args: argparse.Namespace) -> ServerConfig:
    tls = None
    if args.tls_cert is not None or args.tls_key is not None:
        if args.tls_cert is None or args.tls_key is None:
            raise SystemExit("serve: --tls-cert and --tls-key go together")
        tls = TlsFiles(certificate=args.tls_cert, key=args.tls_key, client_ca=args.tls_client_ca)
    elif args.tls_client_ca is not None:
        raise SystemExit("serve: --tls-client-ca needs --tls-cert and --tls-key")
    if args.workers < 1:
        raise SystemExit("serve: --workers must be at least 1")
    return ServerConfig(address=args.listen or DEFAULT_LISTEN, workers=args.workers, tls=tls)


def run_serve(args: argparse.Namespace, store: Store, out: TextIO | None = None) -> int:
    """The `serve` subcommand over an opened store (closed on the way out)."""
    if getattr(args, "http", None) is not None:
        from redemption_core.adapters.http.cli import run_http_serve  # noqa: PLC0415

        try:
            grpc_config = config_from_args(args) if args.listen is not None else None
        except ValueError as error:
            store.close()
            raise SystemExit(f"serve: {error}") from error
        return run_http_serve(args, store, grpc_config, out or sys.stdout)
    try:
        configure_logging(args.serve_log_level)
        config = config_from_args(args)
        apps = Apps.load(args.apps)
    except (ValueError, AppsConfigError) as error:
        store.close()
        raise SystemExit(f"serve: {error}") from error
    # Observed: commits wake WatchEvents streams at once (adapters/feed.py).
    try:
        return serve(Ledger(ObservedStore(store)), apps, config, grace_seconds=args.grace, out=out)
    except ListenError as error:
        print(f"redemption-core serve: {error}", file=sys.stderr, flush=True)
        return LISTEN_FAILED_EXIT


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


def serve(
    ledger: Ledger,
    apps: Apps,
    config: ServerConfig | None = None,
    *,
    grace_seconds: float = GRACE_SECONDS_DEFAULT,
    stop: threading.Event | None = None,
    out: TextIO | None = None,
) -> int:
    """Serve until `stop` is set (by default: until SIGTERM/SIGINT), drain, close the store.

    An address the server cannot listen on, or unreadable TLS files, raise `ListenError`
    after the store is closed."""
    config = config or ServerConfig()
    out = out or sys.stdout
    try:
        built = build_server(ledger, apps, config)
    except Exception:
        ledger.store.close()
        raise
    host = config.address.rsplit(":", 1)[0]
    scheme = "tls" if config.tls is not None else "plaintext"
    owned = stop is None
    stop = stop or threading.Event()
    try:
        built.server.start()
        print(f"redemption-core: gRPC ({scheme}) listening on {host}:{built.port}",
              file=out, flush=True)
        if owned:
            with _stop_on_signals(stop):
                stop.wait()
        else:
            stop.wait()
        built.health.enter_graceful_shutdown()
        built.server.stop(grace_seconds).wait()
    finally:
        built.server.stop(None)
        ledger.store.close()
    print("redemption-core: stopped; store closed", file=out, flush=True)
    return 0

"""The `redemption-core` command: call one endpoint, or replay a file of calls.

redemption-core call POST /v1/vouchers --data '{"code": "A", ...}'
redemption-core replay calls.jsonl --deterministic
redemption-core check --store sqlite:ledger.db
redemption-core backup /backups/ledger-2026-01-01.db --store sqlite:ledger.db
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import redemption_core
from redemption_core.adapters.memory import MemoryStore
from redemption_core.adapters.sqlite import Synchronous
from redemption_core.adapters.sqlite.store import SQLiteStore
from redemption_core.domain.model import errors
from redemption_core.domain.ports import Store
from redemption_core.domain.ports.clock import SteppingClock
from redemption_core.domain.ports.ids import SequentialIds
from redemption_core.domain.use_cases.ledger import Ledger

from .database_commands import add_database_commands, run_database_command
from .grpc.serve import add_serve_command, run_serve
from .json.api import JsonApi
from .json.text import parse_json
from .logs import configure_logging
from .replay import Replayer, dump

DEFAULT_NOW = "2026-01-01T00:00:00.000Z"

EXIT_STATUS_HELP = """\
exit status of call: 0 for a 2xx response, 4 for a 4xx, 5 for a 5xx (the response is printed
in every case); 1 when the command itself cannot run (a bad option, an unreadable --data
file, a store that cannot be opened); 2 for a usage error. serve exits 2 when it cannot
listen on --listen."""


DEFAULT_DB_FILE = "redemption-core.db"
STORE_HELP = (
    "sqlite:PATH (default: $REDEMPTION_CORE_DB, else sqlite:./redemption-core.db), "
    "sqlite:PATH?synchronous=NORMAL, postgresql://USER@HOST:PORT/DB[?schema=S&pool_max=N...], "
    "or memory"
)
POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")


_LEVELS: dict[str, Synchronous] = {"FULL": "FULL", "NORMAL": "NORMAL"}

CLIENT_ERROR_EXIT = 4
"""`call` got a 4xx: the request was refused (the body says why)."""
SERVER_ERROR_EXIT = 5
"""`call` got a 5xx: the ledger could not answer (busy store, or a bug; the body says)."""


def call_exit_status(status: int) -> int:
    """The exit status of `call` for an HTTP status (HTTPie's `--check-status` convention)."""
    if status >= 500:
        return SERVER_ERROR_EXIT
    if status >= 400:
        return CLIENT_ERROR_EXIT
    return 0


def default_store_spec() -> str:
    """`REDEMPTION_CORE_DB`: a PostgreSQL URL, or a SQLite file path (the default's)."""
    named = os.environ.get("REDEMPTION_CORE_DB") or DEFAULT_DB_FILE
    return named if named.startswith(POSTGRESQL_SCHEMES) else "sqlite:" + named


def open_store(spec: str | None) -> Store:
    """`sqlite:PATH[?synchronous=FULL|NORMAL]` (the durable default), a `postgresql://` URL
    (libpq's, plus the store's settings as query parameters), or `memory`."""
    spec = spec or default_store_spec()
    if spec == "memory":
        return MemoryStore()
    if spec.startswith(POSTGRESQL_SCHEMES):
        return _open_postgresql(spec)
    if spec.startswith("sqlite:"):
        path, _, options = spec.removeprefix("sqlite:").partition("?")
        if not path:
            raise SystemExit("--store: sqlite: needs a file path, e.g. sqlite:ledger.db")
        synchronous: Synchronous = "FULL"
        if options:
            key, _, value = options.partition("=")
            if key != "synchronous" or value not in _LEVELS:
                raise SystemExit("--store: the only sqlite option is synchronous=FULL|NORMAL")
            synchronous = _LEVELS[value]
        try:
            return SQLiteStore(path, synchronous=synchronous)
        except Exception as error:  # the store's own errors say what is wrong with the file
            message = str(error)
            # The store's errors already start with the file they are about.
            shown = message if message.startswith(f"{path}:") else f"{path}: {message}"
            raise SystemExit(f"--store: cannot open {shown}") from error
    raise SystemExit(f"--store: unknown store {spec!r} ({STORE_HELP})")


def _open_postgresql(url: str) -> Store:
    try:
        from redemption_core.adapters.postgresql import PostgreSQLStore  # noqa: PLC0415
    except ImportError as error:  # psycopg is the optional extra `postgresql`
        raise SystemExit(
            f"--store: PostgreSQL needs psycopg: pip install 'redemption-core[postgresql]' "
            f"({error})"
        ) from error
    shown = url.rsplit("@", maxsplit=1)[-1] if "@" in url else url  # never echo a password
    try:
        return PostgreSQLStore(url)
    except (ValueError, TypeError) as error:
        raise SystemExit(f"--store: bad PostgreSQL setting in {shown}: {error}") from error
    except Exception as error:  # the store's own errors name the server and the cause
        raise SystemExit(f"--store: cannot open PostgreSQL at {shown}: {error}") from error


def _parse_now(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise SystemExit(f"--now: {text!r} is not an ISO 8601 date-time") from error
    if moment.tzinfo is None:
        raise SystemExit("--now: give a timezone, e.g. 2026-01-01T00:00:00.000Z")
    return moment


def _read_data(text: str | None) -> Any:
    if text is None:
        return None
    if text.startswith("@"):
        try:
            text = Path(text[1:]).read_text(encoding="utf-8")
        except OSError as error:
            raise SystemExit(f"--data: cannot read {text[1:]}: {error.strerror}") from error
    try:
        return parse_json(text)
    except errors.InvalidPayload as error:
        # One line, never a traceback: NaN, 1e400, a 10,000-deep nesting, a huge integer.
        raise SystemExit(f"--data: {error.details}") from error


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="redemption-core",
        description=__doc__.split("\n")[0],
        epilog=EXIT_STATUS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {redemption_core.__version__}"
    )
    parser.add_argument(
        "--log-level",
        default="WARNING",
        help="log level of the JSON log lines on standard error (default WARNING)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    call = commands.add_parser(
        "call",
        help="call one endpoint and print {status, body}; exit 4 on a 4xx, 5 on a 5xx",
        description="Call one endpoint and print {status, body} on one line.",
        epilog=EXIT_STATUS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    call.add_argument("method")
    call.add_argument("path")
    call.add_argument("--data", help="request body: JSON text, or @FILE")
    call.add_argument("--store", default=None, help=STORE_HELP)
    replay = commands.add_parser("replay", help="replay a JSON-lines file of calls")
    replay.add_argument("file", help="JSON-lines file, or - for standard input")
    replay.add_argument("--store", default=None, help=STORE_HELP)
    replay.add_argument(
        "--deterministic",
        action="store_true",
        help="fixed clock (+1 ms per line) and sequential ids",
    )
    replay.add_argument("--now", default=DEFAULT_NOW, help="start of the deterministic clock")
    add_serve_command(commands)
    add_database_commands(commands, STORE_HELP)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        configure_logging(args.log_level)
    except ValueError as error:
        raise SystemExit(f"--log-level: unknown level {args.log_level!r}") from error
    out = out or sys.stdout
    if args.command == "call":
        store = open_store(args.store)
        try:
            api = JsonApi(Ledger(store))
            response = api.call(args.method, args.path, None, _read_data(args.data))
            out.write(dump(response) + "\n")
        finally:
            store.close()
        return call_exit_status(response.status)
    if args.command == "serve":
        return run_serve(args, open_store(args.store))
    if args.command in ("check", "backup"):
        return run_database_command(args, args.store or default_store_spec(), out)
    return _replay(args, out)


def _replay(args: argparse.Namespace, out: TextIO) -> int:
    # Options are checked before the file is opened, so a bad option leaves nothing open.
    start = _parse_now(args.now) if args.deterministic else None
    try:
        # Bytes: each line is decoded on its own, so one line that is not UTF-8 gets its own
        # 400 instead of ending the replay with a traceback.
        source = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")  # noqa: SIM115
    except OSError as error:
        print(f"replay: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 1
    with source:
        store = open_store(args.store)
        try:
            clock = None
            if start is not None:
                clock = SteppingClock(start)
                ledger = Ledger(store, clock=clock, ids=SequentialIds())
            else:
                ledger = Ledger(store)
            replayer = Replayer(JsonApi(ledger), clock, start)
            for line in replayer.run(source):
                out.write(line + "\n")
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

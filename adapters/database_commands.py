"""`redemption-core check` and `redemption-core backup`: the SQLite file's own tools.

    redemption-core check [--store sqlite:PATH]        exit 0 healthy, 1 on any finding
    redemption-core backup DEST [--store sqlite:PATH]  an online copy that `check` accepts

`check` reads the file read-only, so it works on a database the store refuses to open
and while a server writes. `backup` opens the store (a damaged database is refused: its
copy would not be a backup) and copies one consistent snapshot with SQLite's backup API.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from redemption_core.adapters.sqlite.check import check_database
from redemption_core.adapters.sqlite.store import SQLiteStore

__all__ = ["add_database_commands", "run_database_command"]


def add_database_commands(commands: argparse._SubParsersAction, store_help: str) -> None:  # type: ignore[type-arg]
    check = commands.add_parser(
        "check",
        help="verify a SQLite database: pages, commit chain, ledger identities (exit 1 on any "
        "finding)",
    )
    check.add_argument("--store", default=None, help=store_help)
    backup = commands.add_parser(
        "backup", help="copy a SQLite database online, consistently, with its head file"
    )
    backup.add_argument("destination", help="the new file (never overwritten)")
    backup.add_argument("--store", default=None, help=store_help)


def _sqlite_path(spec: str, command: str) -> str:
    if not spec.startswith("sqlite:"):
        raise SystemExit(f"{command}: --store must be sqlite:PATH (a memory store has no file)")
    path = spec.removeprefix("sqlite:").partition("?")[0]
    if not path:
        raise SystemExit(f"{command}: sqlite: needs a file path, e.g. sqlite:ledger.db")
    return path


def run_database_command(args: argparse.Namespace, spec: str, out: TextIO) -> int:
    path = _sqlite_path(spec, args.command)
    if args.command == "check":
        report = check_database(path)
        out.write("\n".join(report.lines()) + "\n")
        return 0 if report.healthy else 1
    try:
        store = SQLiteStore(path)
    except Exception as error:  # the store's errors say what is wrong, in one line
        raise SystemExit(f"backup: cannot open {path}: {error}") from error
    try:
        head = store.backup(args.destination)
    except Exception as error:
        raise SystemExit(f"backup: {error}") from error
    finally:
        store.close()
    out.write(f"backed up {path} to {args.destination} (commit {head.seq}); "
              f"keep {args.destination}-head with it\n")
    return 0

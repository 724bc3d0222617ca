"""What a store checks before it serves a database file: cheap, whatever the file's size.

1. `file_findings`, before SQLite touches anything: the database file missing or empty
   while its write-ahead log holds commits or its head file records some; a file shorter
   than its own header says (checked when no WAL is beside it: a checkpoint may be
   extending the file while a WAL exists).
2. `verify_head`, under the write lock, after migrating: the database's chain head
   (chain.py) against the head file (head_file.py). Behind it: committed work was lost
   (the WAL deleted after a crash, or damaged so SQLite silently dropped its frames).
   Another chain at the recorded seq: another history in the database's place. No head
   file while the database has commits: the file was lost or the database moved without
   it. A new database (no commits) gets its head file here.

Each finding refuses the open with `DatabaseDamaged`, one line saying what and what to do.
The full check (every page, the whole chain, the ledger identities) is `check.py`.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from typing import Final

from . import chain
from .chain import Head
from .errors import DatabaseDamaged, translate
from .head_file import HeadFileDamaged, create_head_file, head_file_path, read_head_file

__all__ = ["ADVICE", "compare_heads", "file_findings", "verify_head"]

ADVICE: Final = (
    "restore the last backup, or run `redemption-core check` for details (README: Backups)"
)
_HEADER_SIZE: Final = 100
_WAL_HEADER_SIZE: Final = 32
_MAGIC: Final = b"SQLite format 3\x00"


def _size(path: str) -> int | None:
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return None


def file_findings(path: str) -> list[str]:
    """Damage visible in the files alone; empty when none. Reads, never writes."""
    main, wal = _size(path), _size(path + "-wal") or 0
    if main is None or main == 0:
        return _findings_without_data(path, "missing" if main is None else "empty (0 bytes)", wal)
    if main < _HEADER_SIZE:
        return [f"the database file is truncated: {main} bytes, shorter than its header"]
    try:
        with open(path, "rb") as source:
            header = source.read(_HEADER_SIZE)
    except OSError:
        return []  # not a readable file (a directory, no permission): SQLite says which
    expected = _expected_size(header)
    if wal == 0 and expected is not None and main < expected:
        return [f"the database file is truncated: {main} bytes where its header says "
                f"{expected}"]
    return []


def _findings_without_data(path: str, state: str, wal: int) -> list[str]:
    """A database file with nothing in it is new, unless its WAL or head file disagree."""
    if wal > _WAL_HEADER_SIZE:
        return [f"the database file is {state} but its write-ahead log holds {wal} bytes"]
    try:
        recorded = read_head_file(head_file_path(path))
    except HeadFileDamaged:
        recorded = None  # the head check after opening reports it
    if recorded is not None and recorded.seq > 0:
        return [f"the database file is {state} but its head file records "
                f"{recorded.seq} commits"]
    return []


def _expected_size(header: bytes) -> int | None:
    """The size the header states (pages x page size) when SQLite would trust it."""
    if not header.startswith(_MAGIC):
        return None  # not a database: SQLite itself says so on open
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65_536 if page_size == 1 else page_size
    change_counter, pages = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    if pages == 0 or change_counter != valid_for:
        return None
    return int(pages) * page_size


def compare_heads(connection: sqlite3.Connection, own: Head, recorded: Head) -> str | None:
    """Why the database's own head cannot follow the recorded one; None when it does."""
    if own.seq < recorded.seq:
        return (f"committed work is lost: the database ends at commit {own.seq} but its "
                f"head file records commit {recorded.seq} ({recorded.seq - own.seq} missing; "
                "a deleted or damaged write-ahead log?)")
    found = chain.chain_at(connection, recorded.seq)
    if found is None:
        return f"commit {recorded.seq}, recorded in its head file, is missing from the database"
    if found != recorded.chain:
        return (f"the database is not the history its head file recorded (the chain differs "
                f"at commit {recorded.seq}): another database or an older copy in its place?")
    return None


def verify_head(connection: sqlite3.Connection, path: str) -> Head:
    """The database's head, once it proves to follow its head file (created if new)."""
    head_path = head_file_path(path)
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            # The head file first: a commit by another process in between could only put
            # the database further ahead, never behind.
            recorded = read_head_file(head_path)
            own = chain.read_head(connection)
            problem = _problem(connection, own, recorded, head_path)
            if problem is None and recorded is None:
                create_head_file(head_path, own)
        finally:
            connection.execute("ROLLBACK")
    except sqlite3.Error as error:
        raise translate(error, f"verifying the commit chain of {path}") from error
    except HeadFileDamaged as error:
        raise DatabaseDamaged(path, f"{error}; {ADVICE}") from error
    if problem is not None:
        raise DatabaseDamaged(path, f"{problem}; {ADVICE}")
    return own


def _problem(
    connection: sqlite3.Connection, own: Head, recorded: Head | None, head_path: str
) -> str | None:
    if recorded is None:
        if own.seq == 0:
            return None
        return (f"its head file {head_path} is missing while the database holds {own.seq} "
                "commits (moved without it?)")
    return compare_heads(connection, own, recorded)

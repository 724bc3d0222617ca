"""The commit chain: a sequence number and a running hash over every committed write.

Each transaction that writes ledger rows appends one row to `ledger_commits`:

    seq     1, 2, 3, ... without gaps, assigned under the write lock
    digest  SHA-256 of the statements and parameters the transaction wrote, in order
    chain   SHA-256(previous chain || digest); the chain before commit 1 is 32 zero bytes

so the last row (the head) names, in 40 bytes, the whole history of writes that led to the
database as it is. The head is also copied, after every commit, into the head file beside
the database (head_file.py); a database whose own head is behind the copy lost committed
work (a deleted or damaged WAL), and one whose chain at the copy's `seq` differs is not the
history the copy saw (an older backup put in its place).

The digest covers the bytes handed to SQLite (the SQL text and `repr` of its parameters),
not entity shapes, so it stays valid whatever the row format becomes. It is a fingerprint
of what was written, recomputed from nothing afterwards: `check` verifies the links of the
chain and its agreement with the head file, not each digest against today's rows (rows
are replaced by later commits).
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterator, Sequence
from typing import Any, Final

import attrs

__all__ = [
    "COMMITS_TABLE",
    "CREATE_COMMITS_TABLE",
    "GENESIS",
    "Head",
    "WriteJournal",
    "append_commit",
    "chain_at",
    "has_commits_table",
    "link",
    "read_head",
    "walk",
]

COMMITS_TABLE: Final = "ledger_commits"

CREATE_COMMITS_TABLE: Final = (
    f"CREATE TABLE {COMMITS_TABLE} (seq INTEGER PRIMARY KEY CHECK (seq >= 1), "
    "digest BLOB NOT NULL CHECK (length(digest) = 32), "
    "chain BLOB NOT NULL CHECK (length(chain) = 32), "
    "committed_at_ms INTEGER NOT NULL) STRICT"
)
"""Shipped in migration 2; never changes (a new step would)."""

GENESIS: Final = bytes(32)
"""The chain before the first commit."""

_HEAD_SQL: Final = f"SELECT seq, chain FROM {COMMITS_TABLE} ORDER BY seq DESC LIMIT 1"
_INSERT_SQL: Final = (
    f"INSERT INTO {COMMITS_TABLE} (seq, digest, chain, committed_at_ms) VALUES (?, ?, ?, ?)"
)
_AT_SQL: Final = f"SELECT chain FROM {COMMITS_TABLE} WHERE seq = ?"
_WALK_SQL: Final = f"SELECT seq, digest, chain FROM {COMMITS_TABLE} ORDER BY seq"
_SEPARATOR: Final = "\x00"


@attrs.frozen
class Head:
    """Where a history of commits ends: its last `seq` and the chain there."""

    seq: int
    chain: bytes

    @property
    def chain_hex(self) -> str:
        return self.chain.hex()


EMPTY: Final = Head(0, GENESIS)


class WriteJournal:
    """The statements one unit of work wrote, kept until its owner decides their fate.

    Appending is two list appends per statement; hashing happens once per commit.
    """

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[str] = []

    def record(self, sql: str, params: Sequence[Any]) -> None:
        self.parts.append(sql)
        # repr escapes every character that cannot be encoded (lone surrogates included).
        self.parts.append(repr(params))

    def extend(self, other: WriteJournal) -> None:
        self.parts.extend(other.parts)

    def clear(self) -> None:
        self.parts.clear()

    def __bool__(self) -> bool:
        return bool(self.parts)

    def digest(self) -> bytes:
        text = _SEPARATOR.join(self.parts)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def link(previous: bytes, digest: bytes) -> bytes:
    """The chain after a commit with `digest`."""
    return hashlib.sha256(previous + digest).digest()


def has_commits_table(connection: sqlite3.Connection) -> bool:
    found = connection.execute(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", (COMMITS_TABLE,)
    ).fetchone()
    return bool(found[0])


def read_head(connection: sqlite3.Connection) -> Head:
    """The database's own head (seq 0 and the genesis chain when nothing was committed)."""
    row = connection.execute(_HEAD_SQL).fetchone()
    return EMPTY if row is None else Head(int(row[0]), bytes(row[1]))


def chain_at(connection: sqlite3.Connection, seq: int) -> bytes | None:
    """The chain after commit `seq`; None when the database has no such commit."""
    if seq == 0:
        return GENESIS
    row = connection.execute(_AT_SQL, (seq,)).fetchone()
    return None if row is None else bytes(row[0])


def append_commit(connection: sqlite3.Connection, journal: WriteJournal) -> Head:
    """Inside the open write transaction: add the commit row of `journal`; the new head.

    The previous head is read here, under the write lock, so processes sharing the file
    number their commits in one sequence.
    """
    previous = read_head(connection)
    digest = journal.digest()
    head = Head(previous.seq + 1, link(previous.chain, digest))
    connection.execute(_INSERT_SQL, (head.seq, digest, head.chain, time.time_ns() // 1_000_000))
    return head


def walk(connection: sqlite3.Connection) -> Iterator[tuple[int, bytes, bytes]]:
    """Every commit row, oldest first: (seq, digest, chain)."""
    for seq, digest, chain in connection.execute(_WALK_SQL):
        yield int(seq), bytes(digest), bytes(chain)

"""The head file: the last commit a database is known to have, kept beside it.

`ledger.db-head` holds two fixed-size text slots, each one line:

    redemption-core head 1 seq=00000000000000000042 chain=<64 hex> crc=<8 hex>

Commit `seq` goes to slot `seq % 2`, written in place with one `pwrite` after the commit
returned and before its callers are answered, so every acknowledged write is covered. A
slot torn by a crash fails its CRC and the other slot still holds the previous head; the
valid slot with the highest `seq` is the head. The file is created whole (write a temporary
file, fsync, rename, fsync the directory) and fsynced when a store closes. Between, slots
are not fsynced: a process killed with SIGKILL loses nothing the kernel has, and after a
power failure the file can only be behind the database (never ahead), which weakens the
check for that window but never refuses a healthy database.

Several processes may share a database: each writes the head of its own commits, and
since every head is written after its commit, no slot is ever ahead of the database.
"""

from __future__ import annotations

import os
import threading
import zlib
from typing import Final

import structlog

from .chain import Head

__all__ = [
    "HEAD_FILE_SUFFIX",
    "HeadFile",
    "HeadFileDamaged",
    "create_head_file",
    "head_file_path",
    "read_head_file",
]

HEAD_FILE_SUFFIX: Final = "-head"
"""Beside SQLite's own `-wal` and `-shm`: `ledger.db` -> `ledger.db-head`."""

SLOT_SIZE: Final = 160
_MAGIC: Final = "redemption-core head 1"
_SLOTS: Final = 2


class HeadFileDamaged(ValueError):
    """The head file exists but neither slot holds a valid head."""


def head_file_path(database_path: str) -> str:
    return database_path + HEAD_FILE_SUFFIX


def _encode_slot(head: Head) -> bytes:
    text = f"{_MAGIC} seq={head.seq:020d} chain={head.chain_hex}"
    line = f"{text} crc={zlib.crc32(text.encode('ascii')):08x}"
    return (line.ljust(SLOT_SIZE - 1) + "\n").encode("ascii")


def _decode_slot(raw: bytes) -> Head | None:
    try:
        line = raw.decode("ascii").rstrip()
        text, _, crc = line.rpartition(" crc=")
        if int(crc, 16) != zlib.crc32(text.encode("ascii")):
            return None
        magic, _, fields = text.rpartition(" seq=")
        seq_text, _, chain_text = fields.partition(" chain=")
        if magic != _MAGIC or len(seq_text) != 20 or len(chain_text) != 64:
            return None
        return Head(int(seq_text), bytes.fromhex(chain_text))
    except ValueError:
        return None


def read_head_file(path: str) -> Head | None:
    """The head the file records; None when there is no file; `HeadFileDamaged` if unreadable."""
    try:
        with open(path, "rb") as source:
            raw = source.read(SLOT_SIZE * _SLOTS)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise HeadFileDamaged(f"{path}: cannot read the head file ({error.strerror})") from error
    heads = [
        head
        for index in range(_SLOTS)
        if (head := _decode_slot(raw[index * SLOT_SIZE : (index + 1) * SLOT_SIZE])) is not None
    ]
    if not heads:
        raise HeadFileDamaged(f"{path}: the head file holds no valid head")
    return max(heads, key=lambda head: head.seq)


def create_head_file(path: str, head: Head) -> None:
    """Write a new head file atomically: temporary file, fsync, rename, fsync the directory."""
    temporary = f"{path}.tmp-{os.getpid()}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(descriptor, _encode_slot(head) * _SLOTS)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)
    _sync_directory(os.path.dirname(os.path.abspath(path)))


def _sync_directory(directory: str) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class HeadFile:
    """An open head file: `record` after each commit, `close` (with fsync) at the end."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._descriptor: int | None = os.open(path, os.O_RDWR)
        self._lock = threading.Lock()
        self._recorded = -1

    def record(self, head: Head) -> None:
        """Write `head` into its slot; an older head than one already written is skipped.

        The commit is already durable, so a failed write is logged, not raised: the head
        file then lags the database, which the open check accepts (it is never ahead).
        """
        with self._lock:
            # Threads of one process may finish commits out of order: never go back.
            if self._descriptor is None or head.seq <= self._recorded:
                return
            try:
                os.pwrite(self._descriptor, _encode_slot(head), (head.seq % _SLOTS) * SLOT_SIZE)
            except OSError as error:
                structlog.get_logger("redemption_core.sqlite").error(
                    "sqlite.head_file_not_written", path=self.path, seq=head.seq,
                    error=error.strerror,
                )
                return
            self._recorded = head.seq

    def close(self) -> None:
        with self._lock:
            descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)

"""Online backups: a consistent copy of a live database, with the head file of the copy.

`copy_database` runs SQLite's backup API in one step (`pages=-1`), so the whole copy is
read inside one read transaction of the source: one consistent snapshot, however many
writers are busy meanwhile, and no writer waits for it (WAL readers block nobody).

The copy is written to a temporary file beside the destination, then the head file of the
copy (its own chain head) is created, then the copy is renamed into place and the
directory fsynced. A backup cut short leaves either nothing under the destination name or a
head file without its database, which an open refuses: a half-made backup is never
mistaken for a good one.
"""

from __future__ import annotations

import os
import sqlite3

from . import chain
from .chain import Head
from .errors import SQLiteStoreError, translate
from .head_file import create_head_file, head_file_path

__all__ = ["BackupRefused", "copy_database"]


class BackupRefused(SQLiteStoreError):
    """The destination of a backup already holds a database, a WAL or a head file."""


def copy_database(source: sqlite3.Connection, destination: str) -> Head:
    """Copy the database of `source` (a connection in no transaction) to `destination`."""
    taken = [
        name for name in (destination, destination + "-wal", head_file_path(destination))
        if os.path.lexists(name)
    ]
    if taken:
        raise BackupRefused(f"backup destination {taken[0]} already exists; "
                            "choose a new name (a backup never overwrites)")
    partial = f"{destination}.partial-{os.getpid()}"
    try:
        head = _copy(source, partial)
        create_head_file(head_file_path(destination), head)
        os.replace(partial, destination)
        _sync_directory(os.path.dirname(os.path.abspath(destination)))
    except sqlite3.Error as error:
        raise translate(error, f"backing up to {destination}") from error
    finally:
        for leftover in (partial, partial + "-journal", partial + "-wal", partial + "-shm"):
            if os.path.lexists(leftover):
                os.remove(leftover)
    return head


def _copy(source: sqlite3.Connection, partial: str) -> Head:
    target = sqlite3.connect(partial, isolation_level=None)
    try:
        source.backup(target, pages=-1)
        # The copy is closed cleanly below, so everything lands in its main file.
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return chain.read_head(target) if chain.has_commits_table(target) else chain.EMPTY
    finally:
        target.close()


def _sync_directory(directory: str) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)

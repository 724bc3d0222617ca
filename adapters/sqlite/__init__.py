"""The SQLite store adapter: `SQLiteStore` and the errors only it raises."""

from .backup import BackupRefused
from .chain import Head
from .codec import make_converter
from .connection import BUSY_TIMEOUT_MS_DEFAULT, Synchronous
from .errors import (
    CorruptRow,
    DatabaseDamaged,
    SchemaTooNew,
    SQLiteStoreError,
    StoreClosed,
    StoreFailure,
    UnknownEntityKind,
)
from .group_commit import BATCH_WORKS_MAX, GroupCommitStats
from .migrations import SCHEMA_VERSION
from .store import SQLiteStore
from .unit_of_work import SQLiteUnitOfWork, UnknownKey

__all__ = [
    "BATCH_WORKS_MAX",
    "BUSY_TIMEOUT_MS_DEFAULT",
    "SCHEMA_VERSION",
    "BackupRefused",
    "CorruptRow",
    "DatabaseDamaged",
    "GroupCommitStats",
    "Head",
    "SQLiteStore",
    "SQLiteStoreError",
    "SQLiteUnitOfWork",
    "SchemaTooNew",
    "StoreClosed",
    "StoreFailure",
    "Synchronous",
    "UnknownEntityKind",
    "UnknownKey",
    "make_converter",
]

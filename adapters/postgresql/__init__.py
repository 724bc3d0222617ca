"""The PostgreSQL store adapter: `PostgreSQLStore`, its settings and the errors only it raises."""

from .errors import (
    CorruptRow,
    PostgreSQLStoreError,
    SchemaTooNew,
    StoreClosed,
    StoreFailure,
    StoreUnreachable,
)
from .migrations import SCHEMA_VERSION
from .settings import DEFAULT_DSN, StoreSettings
from .store import PostgreSQLStore
from .unit_of_work import PostgreSQLUnitOfWork, UnknownKey

__all__ = [
    "DEFAULT_DSN",
    "SCHEMA_VERSION",
    "CorruptRow",
    "PostgreSQLStore",
    "PostgreSQLStoreError",
    "PostgreSQLUnitOfWork",
    "SchemaTooNew",
    "StoreClosed",
    "StoreFailure",
    "StoreSettings",
    "StoreUnreachable",
    "UnknownKey",
]

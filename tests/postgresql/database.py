"""The test database: which server, whether it must be there, and a schema per test.

`REDEMPTION_CORE_POSTGRES_DSN` names the server (default: the local one, as on the
development machines and in CI). When it cannot be reached, tests that need it are
skipped with the reason, except in CI (`CI` set to true, or
`REDEMPTION_CORE_POSTGRES_REQUIRED=1`), where they fail: the PostgreSQL slot must run.
"""

from __future__ import annotations

import functools
import os
import secrets

import psycopg
import pytest
from psycopg import sql

from redemption_core.adapters.postgresql import DEFAULT_DSN

DSN_VARIABLE = "REDEMPTION_CORE_POSTGRES_DSN"
REQUIRED_VARIABLE = "REDEMPTION_CORE_POSTGRES_REQUIRED"
CONNECT_TIMEOUT_S = 3


def dsn() -> str:
    return os.environ.get(DSN_VARIABLE) or DEFAULT_DSN


def required() -> bool:
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    return ci or os.environ.get(REQUIRED_VARIABLE) == "1"


@functools.cache
def _unreachable_reason() -> str | None:
    try:
        with psycopg.connect(dsn(), connect_timeout=CONNECT_TIMEOUT_S) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return f"PostgreSQL at {dsn()} is unreachable ({' '.join(str(error).split())})"
    return None


def require_database() -> str:
    """The DSN, or skip (fail in CI) with the reason the server cannot be used."""
    reason = _unreachable_reason()
    if reason is not None:
        if required():
            pytest.fail(f"{reason}; CI needs it (set {DSN_VARIABLE})", pytrace=False)
        pytest.skip(f"{reason}; set {DSN_VARIABLE} to run the PostgreSQL tests")
    return dsn()


def new_schema_name() -> str:
    return f"rc_test_{secrets.token_hex(6)}"


def drop_schema(name: str) -> None:
    with psycopg.connect(dsn(), autocommit=True, connect_timeout=CONNECT_TIMEOUT_S) as connection:
        connection.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name))
        )

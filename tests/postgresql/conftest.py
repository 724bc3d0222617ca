"""Fixtures of the PostgreSQL tests: a fresh schema per test, and stores opened on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from redemption_core.adapters.postgresql import PostgreSQLStore
from tests.postgresql import database

StoreFactory = Callable[..., PostgreSQLStore]


@pytest.fixture
def schema() -> Iterator[str]:
    database.require_database()
    name = database.new_schema_name()
    try:
        yield name
    finally:
        database.drop_schema(name)


@pytest.fixture
def open_store(schema: str) -> Iterator[StoreFactory]:
    """Opens stores on the test's schema (each one a separate "instance"); closes them all."""
    opened: list[PostgreSQLStore] = []

    def opener(**settings: Any) -> PostgreSQLStore:
        settings.setdefault("pool_min", 1)
        settings.setdefault("pool_max", 4)
        made = PostgreSQLStore(database.dsn(), schema=schema, **settings)
        opened.append(made)
        return made

    try:
        yield opener
    finally:
        for made in opened:
            made.close()

"""The store factories the contract suite runs against.

Every test taking `store` or `harness` runs once per store: `memory`, `sqlite` (a fresh
file under pytest's tmp_path), and `postgresql`, each test in a schema of its own that is
dropped afterwards. The server is `REDEMPTION_CORE_POSTGRES_DSN` (default: the local
one); unreachable, the slot is skipped with the reason, or fails in CI
(tests/postgresql/database.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from redemption_core.adapters.memory import MemoryStore
from redemption_core.adapters.postgresql import PostgreSQLStore
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.domain.ports import Store
from tests.contract import StoreHarness
from tests.postgresql import database

BUSY_TIMEOUT_MS = 2_000


def _memory(_: Path) -> StoreHarness:
    return StoreHarness("memory", MemoryStore, shares_instance=True)


def _sqlite(folder: Path) -> StoreHarness:
    path = folder / "contract.db"
    return StoreHarness(
        "sqlite",
        lambda: SQLiteStore(path, busy_timeout_ms=BUSY_TIMEOUT_MS),
        shares_instance=False,
    )


class _SchemaHarness(StoreHarness):
    """PostgreSQL stores over one schema of their own, dropped when the test ends."""

    def __init__(self, dsn: str, schema: str) -> None:
        super().__init__(
            "postgresql",
            lambda: PostgreSQLStore(dsn, schema=schema, pool_min=1, pool_max=4,
                                    lock_timeout_ms=BUSY_TIMEOUT_MS),
            shares_instance=False,
        )
        self._schema = schema

    def close_all(self) -> None:
        try:
            super().close_all()
        finally:
            database.drop_schema(self._schema)


def _postgresql(_: Path) -> StoreHarness:
    return _SchemaHarness(database.require_database(), database.new_schema_name())


FACTORIES: dict[str, Callable[[Path], StoreHarness]] = {
    "memory": _memory,
    "sqlite": _sqlite,
    "postgresql": _postgresql,
}


@pytest.fixture(params=list(FACTORIES))
def harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreHarness]:
    made = FACTORIES[request.param](tmp_path)
    try:
        yield made
    finally:
        made.close_all()


@pytest.fixture
def store(harness: StoreHarness) -> Store:
    return harness.open()

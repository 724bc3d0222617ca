"""The store factories the contract suite runs against.

Every test taking `store` or `harness` runs once per store: `memory`, `sqlite` (a fresh
file under pytest's tmp_path), and `postgresql`, which is skipped unless
`REDEMPTION_CORE_POSTGRES_DSN` names a database and a PostgreSQL store exists to use it.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from redemption_core.adapters.memory import MemoryStore
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.domain.ports import Store
from tests.contract import StoreHarness

POSTGRES_DSN_VARIABLE = "REDEMPTION_CORE_POSTGRES_DSN"
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


def _postgresql(_: Path) -> StoreHarness:
    dsn = os.environ.get(POSTGRES_DSN_VARIABLE)
    if not dsn:
        pytest.skip(f"set {POSTGRES_DSN_VARIABLE} to run the contract against PostgreSQL")
    try:
        module: Any = importlib.import_module("redemption_core.adapters.postgresql")
    except ImportError:
        pytest.skip("no PostgreSQL store in this release yet")
    return StoreHarness(
        "postgresql", lambda: module.PostgreSQLStore(dsn), shares_instance=False
    )


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

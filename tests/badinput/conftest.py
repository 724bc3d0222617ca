"""Fixtures and the size knob of the bad-input suite.

Size: each (endpoint or RPC, store) pair runs `examples()` generated cases:
`REDEMPTION_CORE_BADINPUT=N` sets N (a thorough run: 500); otherwise 3 under `FAST=1`, 60
under the `ci` Hypothesis profile and 12 by default, which keeps the whole folder to seconds.
The number of cases that ran is printed at the end of the session (`bad-input cases: ...`)
and written to `$REDEMPTION_CORE_BADINPUT_REPORT` when that names a file.

structlog drops everything below WARNING here (each call logs one INFO line); errors the
adapters log at ERROR (an internal error) still show, and fail the suite anyway.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from tests.badinput.size import BADINPUT_VARIABLE, CASES
from tests.badinput.world import STORE_KINDS, JsonWorld, open_store


@pytest.fixture(autouse=True)
def _quiet_logs() -> Iterator[None]:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    yield
    structlog.reset_defaults()


@pytest.fixture(scope="module", params=STORE_KINDS)
def json_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[JsonWorld]:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    opened = open_store(request.param, tmp_path_factory.mktemp("badinput-json"))
    try:
        yield JsonWorld(opened)
    finally:
        opened.store.close()
        structlog.reset_defaults()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not CASES:
        return
    counts = ", ".join(f"{name} {count}" for name, count in sorted(CASES.items()))
    line = f"bad-input cases: {counts}"
    line += f" (total {sum(CASES.values())})"
    terminalreporter.write_line(line)
    report = os.environ.get(f"{BADINPUT_VARIABLE}_REPORT")
    if report:
        Path(report).write_text(line + "\n", encoding="utf-8")

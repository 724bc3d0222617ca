"""Fixtures of the gRPC tests: `world`, a served fresh ledger; quiet logs.

structlog drops everything below WARNING while these tests run (the interceptor logs one
INFO line per call); tests that assert on the line capture it with `capture_logs`, which
they enter before the server is built (the interceptor binds its logger once).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import structlog

from tests.grpc.world import World, make_ledger, served


@pytest.fixture(autouse=True)
def _quiet_logs() -> Iterator[None]:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    yield
    structlog.reset_defaults()


@pytest.fixture
def world() -> Iterator[World]:
    with served(make_ledger()) as running:
        yield running

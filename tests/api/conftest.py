"""Fixtures of the JSON API tests.

`api` is a `ValidatingApi` over a `JsonApi` over a `Ledger` on a fresh `MemoryStore`, with a
`SteppingClock` (starts at `START`, 1 ms per read) and `SequentialIds`, so every response is
validated against the OpenAPI subset and every run gives the same ids and dates. `shop`
wraps it with the builders of `tests.api.Shop`; `new_shop(**stacking_rules)` builds another
world with other stacking rules, given as the domain's enums
(`new_shop(redeemables_application_mode=ApplicationMode.PARTIAL)`).

structlog is configured to drop everything below WARNING while these tests run (the JSON
API logs one `json.call` line per call at INFO); tests that assert on the log line
configure INFO themselves and capture it with `structlog.testing.capture_logs`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
import structlog

from redemption_core.domain.ports.clock import SteppingClock
from tests.api import Shop, make_shop
from tests.support.api import ValidatingApi


@pytest.fixture(autouse=True)
def _quiet_logs() -> Iterator[None]:
    """WARNING and above only while a test runs; structlog's defaults restored after it."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    yield
    structlog.reset_defaults()


@pytest.fixture
def shop() -> Shop:
    return make_shop()


@pytest.fixture
def api(shop: Shop) -> ValidatingApi:
    """The validating JSON API of `shop`: `ValidatingApi(JsonApi(Ledger(MemoryStore(), …)))`."""
    return shop.api


@pytest.fixture
def clock(shop: Shop) -> SteppingClock:
    return shop.clock


@pytest.fixture
def new_shop() -> Callable[..., Shop]:
    """A factory of fresh worlds with other stacking rules."""
    return make_shop

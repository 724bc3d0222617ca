"""`GET /v1/events?after=…&limit=…[&wait=…]`: the outbox, in commit order, resumable.

Each event carries its `position`; a consumer stores the last position it processed and asks
for `after=<that position>`, so it misses nothing and sees nothing twice (why that holds:
`adapters/feed.py`). `wait` (seconds) long-polls: with nothing after `after`, the answer
waits for the next commit, up to `wait` seconds, instead of returning an empty page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from redemption_core.adapters.feed import event_json
from redemption_core.domain.model import limits
from redemption_core.domain.model.events import LedgerEvent
from redemption_core.domain.use_cases.ledger import Ledger

from . import errors
from .request import Refused

LIMIT_DEFAULT = 100
WAIT_SECONDS_MAX = 25.0
"""Longest long-poll; also kept under half the request timeout."""

_KEYS = frozenset({"after", "limit", "wait"})


def parse(query: dict[str, list[str]], request_id: str) -> tuple[int, int, float]:
    """(after, limit, wait seconds) from the query; 400 naming a bad parameter."""
    for key, values in query.items():
        if key not in _KEYS:
            raise Refused(400, errors.invalid_query(
                key, "not accepted by this endpoint (allowed: after, limit, wait)", request_id))
        if len(values) != 1:
            raise Refused(400, errors.invalid_query(key, "must be given once", request_id))
    after = _integer(query, "after", 0, 0, 2**63 - 1, request_id)
    limit = _integer(query, "limit", LIMIT_DEFAULT, 1, limits.EVENTS_PAGE_MAX, request_id)
    wait = _integer(query, "wait", 0, 0, int(WAIT_SECONDS_MAX), request_id)
    return after, limit, float(wait)


def _integer(
    query: dict[str, list[str]], key: str, default: int, low: int, high: int, request_id: str
) -> int:
    given = query.get(key)
    if given is None:
        return default
    text = given[0]
    if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise Refused(400, errors.invalid_query(
            key, f"must be an integer from {low} to {high}", request_id))
    return int(text)


def page(
    ledger: Ledger, after: int, limit: int, found: Sequence[tuple[int, LedgerEvent]]
) -> dict[str, Any]:
    return {
        "object": "list",
        "data_ref": "events",
        "events": [event_json(ledger, position, event) for position, event in found],
        "has_more": len(found) == limit,
        "last_position": found[-1][0] if found else after,
    }

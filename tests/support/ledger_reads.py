"""Everything a ledger shows through the JSON API, as one JSON document.

Used twice: once by `tests/data/generate_ledger.py`, with the release that wrote the
database, to capture what it showed; once by `tests/test_sqlite_migration.py`, with this
release, on a migrated copy, to show that it reads back the same. The reads are named by
the replay output (ids, codes, customers), so both runs ask exactly the same questions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from redemption_core.adapters.json import activities
from redemption_core.adapters.json.api import JsonApi

JSON = Any

EVENTS_PAGE = 100
_RECORD_ID = re.compile(r"(r|rf|rr|rrf)_[0-9a-f]{18}")

LIST_QUERIES: tuple[dict[str, str | list[str]], ...] = (
    {},
    {"limit": "100"},
    {"limit": "100", "order": "created_at"},
    {"limit": "5", "order": "-id"},
    {"limit": "5", "order": "voucher_code"},
    {"limit": "3", "page": "2"},
    {"limit": "100", "result": "FAILURE"},
    {"limit": "100", "customer": "bob"},
    {"limit": "100", "campaign": "Spring"},
    {"limit": "100", "filters[object][conditions][$in]": ["redemption_rollback"]},
    {"limit": "100", "filters[failure_code][conditions][$is]": "quantity_exceeded"},
)


def ids_in(value: JSON, found: dict[str, None]) -> dict[str, None]:
    """Every `r_`/`rf_`/`rr_`/`rrf_` id in `value`, in first-seen order."""
    if isinstance(value, dict):
        for item in value.values():
            ids_in(item, found)
    elif isinstance(value, list):
        for item in value:
            ids_in(item, found)
    elif isinstance(value, str) and _RECORD_ID.fullmatch(value):
        found[value] = None
    return found


def reads(api: JsonApi, outputs: Iterable[JSON], codes: Iterable[str],
          customers: Iterable[str]) -> dict[str, JSON]:
    """What `api` shows: each record, lists, vouchers, customers, feeds, the outbox."""
    record_ids: dict[str, None] = {}
    for output in outputs:
        ids_in(output["body"], record_ids)
    shown: dict[str, JSON] = {}

    def get(path: str, query: dict[str, str | list[str]] | None = None) -> None:
        response = api.call("GET", path, query or {}, None)
        key = path if not query else f"{path}?{json.dumps(query, sort_keys=True)}"
        shown[key] = {"status": response.status, "body": response.body}

    for record_id in record_ids:
        get(f"/v1/redemptions/{record_id}")
    for query in LIST_QUERIES:
        get("/v1/redemptions", query)
    for code in codes:
        get(f"/v1/vouchers/{code}")
        get(f"/v1/vouchers/{code}/redemption", {"limit": "100"})
    for customer in customers:
        get(f"/v1/customers/{customer}")
        get(f"/v1/customers/{customer}/activity", {"limit": "100"})
        get(f"/v1/customers/{customer}/activity", {"limit": "2", "order": "created_at"})
    shown["events"] = [
        [position, event.type.value, event.id, activities.activity(
            activities.context(api.ledger, event))]
        for position, event in api.ledger.events_after(0, EVENTS_PAGE)
    ]
    return shown

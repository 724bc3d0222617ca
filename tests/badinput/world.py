"""The shared world of the bad-input tests: a ledger on a store, its catalog, and its state.

`JsonWorld` builds a catalog through the JSON API on a memory or SQLite store (a gift card,
discount vouchers, a loyalty program with a COIN reward and alice's card, a promotion tier,
a redemption, a stack, a rollback; for the lifecycle and validation routes a coupon campaign
with its codes, customers, a publication, validation rules with an assignment and a session
lock, and one voucher, campaign, customer, rule and session kept for each destructive route)
and knows one valid request for every JSON endpoint
(`valid_requests`). `state` reads every committed row of the store (kind -> id ->
version) and the outbox length, straight from the memory store's tables or the SQLite file,
so a comparison sees any write at all. `allowed_change` says whether a change between two
states is what a business failure documents: new `rf_`/`rrf_` records, the customer the
failed attempt names (created or updated), its idempotency record and its events.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs

from redemption_core import Ledger, MemoryStore, SequentialIds, SteppingClock
from redemption_core.adapters.json.api import JsonApi, Response
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.adapters.sqlite.schema import TABLES
from redemption_core.domain.ports import Store
from tests.conftest import START

JSON = dict[str, Any]
State = dict[str, dict[str, int]]

STORE_KINDS = ("memory", "sqlite")

_RECORD_KINDS = {"Redemption": "rf_", "RedemptionRollback": "rrf_"}
_FAILURE_SIDE_KINDS = frozenset({"Customer", "CustomerCounters", "IdempotencyRecord"})
"""Kinds a recorded business failure may also write: the customer it names (DOMAIN.md:
a failed attempt upserts its customer), that customer's summary counters (the read model
counts failures too) and the key's record of the first outcome."""


@attrs.define
class Opened:
    """A store and how to read its committed state."""

    store: Store
    path: Path | None

    def state(self) -> State:
        found: State = {}
        if isinstance(self.store, MemoryStore):
            with self.store.unit_of_work() as uow:
                tables = self.store._tables  # the fake's rows: the port cannot list everything
                for kind, rows in tables.rows.items():
                    found[kind.__name__] = {key: row.version for key, row in rows.items()}
                found["events"] = {"count": len(uow.events_after(0, 1_000_000))}
            return found
        assert self.path is not None
        with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as connection:
            for kind, table in TABLES.items():
                rows = connection.execute(f"SELECT id, version FROM {table.name}")
                found[kind.__name__] = dict(rows.fetchall())
            (count,) = connection.execute("SELECT count(*) FROM events").fetchone()
            found["events"] = {"count": count}
        return found


def open_store(kind: str, folder: Path) -> Opened:
    if kind == "memory":
        return Opened(MemoryStore(), None)
    path = folder / "badinput.db"
    return Opened(SQLiteStore(path, synchronous="NORMAL"), path)


def changes(before: State, after: State) -> Iterator[tuple[str, str, str]]:
    """(kind, id, "added"|"changed"|"removed") for every row that differs."""
    for kind in sorted(set(before) | set(after)):
        old, new = before.get(kind, {}), after.get(kind, {})
        for key in sorted(set(old) | set(new)):
            if key not in new:
                yield kind, key, "removed"
            elif key not in old:
                yield kind, key, "added"
            elif old[key] != new[key]:
                yield kind, key, "changed"


def unexpected_changes(before: State, after: State, body: Any) -> list[tuple[str, str, str]]:
    """The changes an error response does not account for (all of them, unless the error
    is a business failure recorded as `rf_`/`rrf_`, which documents its own writes)."""
    resource = body.get("resource_id") if isinstance(body, dict) else None
    recorded = isinstance(resource, str) and resource.startswith(("rf_", "rrf_"))
    found = []
    for kind, key, how in changes(before, after):
        if recorded and _documented(kind, key, how):
            continue
        found.append((kind, key, how))
    return found


def _documented(kind: str, key: str, how: str) -> bool:
    if kind in _RECORD_KINDS:
        return how == "added" and key.startswith(_RECORD_KINDS[kind])
    return kind == "events" or kind in _FAILURE_SIDE_KINDS


class JsonWorld:
    """A JsonApi over one store, with a catalog built through the API."""

    def __init__(self, opened: Opened) -> None:
        self.opened = opened
        ledger = Ledger(
            opened.store,
            clock=SteppingClock(START, timedelta(milliseconds=1)),
            ids=SequentialIds(),
        )
        self.api = JsonApi(ledger)
        self.ids = self._catalog()

    def ok(self, method: str, path: str, body: Any = None) -> Any:
        response = self.api.call(method, path, None, body)
        assert response.status == 200, (method, path, response.body)
        return response.body

    def call(
        self, method: str, path: str, query: Any, body: Any, key: str | None = None
    ) -> Response:
        return self.api.call(method, path, query, body, idempotency_key=key)

    def _catalog(self) -> dict[str, str]:
        self.ok("POST", "/v1/vouchers/GIFT", {"type": "GIFT_VOUCHER", "gift": {"amount": 10**9}})
        for code in ("A", "B"):
            self.ok("POST", f"/v1/vouchers/{code}",
                    {"type": "DISCOUNT_VOUCHER", "discount": {"type": "AMOUNT", "amount_off": 1}})
        program = self.ok("POST", "/v1/campaigns", {
            "name": "Loyalty", "campaign_type": "LOYALTY_PROGRAM",
            "voucher": {"type": "LOYALTY_CARD", "loyalty_card": {"points": 0}}})["id"]
        coin = self.ok("POST", "/v1/rewards", {
            "name": "coin", "parameters": {"coin": {"exchange_ratio": 1, "points_ratio": 1}}})["id"]
        self.ok("POST", f"/v1/loyalties/{program}/rewards", [{"reward": coin}])
        self.ok("POST", "/v1/vouchers/CARD", {
            "type": "LOYALTY_CARD", "loyalty_card": {"points": 10**9}, "campaign_id": program})
        self.ok("POST", f"/v1/loyalties/{program}/members",
                {"customer": {"source_id": "alice"}, "voucher": "CARD"})
        # Not yet assigned or published: the valid requests of the assignment and member
        # routes succeed on their first try.
        spare_coin = self.ok("POST", "/v1/rewards", {
            "name": "spare coin",
            "parameters": {"coin": {"exchange_ratio": 1, "points_ratio": 2}}})["id"]
        self.ok("POST", "/v1/vouchers/CARD-2", {
            "type": "LOYALTY_CARD", "loyalty_card": {"points": 0}, "campaign_id": program})
        promo = self.ok("POST", "/v1/campaigns", {"name": "Promo", "campaign_type": "PROMOTION"})
        tier = self.ok("POST", f"/v1/promotions/{promo['id']}/tiers", {
            "name": "tier", "action": {"discount": {"type": "AMOUNT", "amount_off": 1}}})["id"]
        single = self.ok("POST", "/v1/redemptions", {
            "redeemables": [{"object": "voucher", "id": "GIFT", "gift": {"credits": 1}}],
            "order": {"amount": 100}, "customer": {"source_id": "alice"}})
        stack = self.ok("POST", "/v1/redemptions", {
            "redeemables": [{"object": "voucher", "id": "A"}, {"object": "voucher", "id": "B"}],
            "order": {"amount": 100}, "customer": {"source_id": "alice"}})
        return {
            "program": program, "coin": coin, "spare_coin": spare_coin, "promo": promo["id"],
            "tier": tier,
            "single": single["redemptions"][0]["id"], "parent": stack["parent_redemption"]["id"],
            **self._lifecycle_catalog(), **self._validation_catalog(),
        }

    def _lifecycle_catalog(self) -> dict[str, str]:
        """What the lifecycle routes act on: a coupon campaign with a card, a customer, a
        voucher and a campaign each kept to be deleted or toggled by one route only."""
        discount = {"type": "DISCOUNT_VOUCHER", "discount": {"type": "AMOUNT", "amount_off": 1}}
        for code in ("DOOMED", "TOGGLE", "SPARE"):
            self.ok("POST", f"/v1/vouchers/{code}", discount)
        coupons = self.ok("POST", "/v1/campaigns", {
            "name": "Coupons", "campaign_type": "DISCOUNT_COUPONS", "voucher": discount})["id"]
        doomed = self.ok("POST", "/v1/campaigns", {
            "name": "Doomed", "campaign_type": "DISCOUNT_COUPONS", "voucher": discount})["id"]
        for code in ("C-1", "C-2", "C-3"):
            self.ok("POST", f"/v1/campaigns/{coupons}/vouchers/{code}")
        self.ok("POST", "/v1/customers", {"source_id": "carol", "name": "Carol"})
        self.ok("POST", "/v1/customers", {"source_id": "dave"})
        self.ok("POST", "/v1/publications", {"customer": {"source_id": "alice"}, "voucher": "C-1"})
        return {"coupons": coupons, "doomed": doomed}

    def _validation_catalog(self) -> dict[str, str]:
        """Validation rules (one kept, one to update, one to delete) and a session lock."""
        rules = {"1": {"name": "order.amount", "conditions": {"$more_than_or_equal": [1]},
                       "error": {"message": "Spend more"}}}
        made = {name: self.ok("POST", "/v1/validation-rules", {"name": name, "rules": rules})["id"]
                for name in ("kept", "changed", "gone")}
        self.ok("POST", f"/v1/validation-rules/{made['kept']}/assignments",
                {"related_object_type": "voucher", "related_object_id": "SPARE"})
        locked = self.ok("POST", "/v1/validations", {
            "redeemables": [{"object": "voucher", "id": "SPARE"}], "order": {"amount": 100},
            "session": {"type": "LOCK", "ttl": 2, "ttl_unit": "HOURS"}})
        return {"rule": made["kept"], "rule_changed": made["changed"], "rule_gone": made["gone"],
                "session": locked["session"]["key"]}

    def valid_requests(self) -> list[tuple[str, str, JSON, Any]]:
        """(method, path, query, body): one valid request per JSON route (README's table)."""
        ids = self.ids
        redeem = {
            "redeemables": [{"object": "voucher", "id": "GIFT", "gift": {"credits": 1}},
                            {"object": "promotion_tier", "id": ids["tier"]}],
            "order": {"amount": 1_000, "items": [{"sku_id": "s1", "quantity": 1, "price": 1_000,
                                                  "metadata": {"size": "M"}}]},
            "customer": {"source_id": "alice", "metadata": {"tier": 1}},
            "tracking_id": "t-1", "metadata": {"shop": "north", "tags": ["a", "b"]},
        }
        member = {"reward": {"id": ids["coin"], "points": 1}, "order": {"amount": 100}}
        return [
            ("POST", "/v1/redemptions", {}, redeem),
            ("GET", "/v1/redemptions", {"limit": "5", "page": "1", "result": "SUCCESS",
                                        "filters[voucher_code][conditions][$in]": ["GIFT", "A"]},
             None),
            ("GET", f"/v1/redemptions/{ids['single']}", {}, None),
            ("POST", f"/v1/redemptions/{ids['single']}/rollback", {"reason": "r"},
             {"reason": "returned", "metadata": {"why": "late"}}),
            ("POST", f"/v1/redemptions/{ids['parent']}/rollbacks", {}, {"reason": "all"}),
            ("POST", "/v1/vouchers", {}, {"type": "GIFT_VOUCHER", "gift": {"amount": 5},
                                          "metadata": {"m": 1}}),
            ("POST", "/v1/vouchers/NEW-1", {}, {"type": "DISCOUNT_VOUCHER",
                                                "discount": {"type": "PERCENT", "percent_off": 10},
                                                "redemption": {"quantity": 5}}),
            ("GET", "/v1/vouchers/GIFT", {}, None),
            ("GET", "/v1/vouchers/GIFT/redemption", {"limit": "3", "page": "1"}, None),
            ("POST", "/v1/campaigns", {}, {"name": "Camp", "campaign_type": "DISCOUNT_COUPONS",
                                           "voucher": {"type": "DISCOUNT_VOUCHER", "discount": {
                                               "type": "AMOUNT", "amount_off": 1}}}),
            ("POST", f"/v1/promotions/{ids['promo']}/tiers", {}, {
                "name": "t2", "action": {"discount": {"type": "AMOUNT", "amount_off": 2}}}),
            ("POST", "/v1/rewards", {}, {"name": "r2", "parameters": {
                "coin": {"exchange_ratio": 1, "points_ratio": 2}}}),
            ("POST", f"/v1/loyalties/{ids['program']}/rewards", {}, [
                {"reward": ids["spare_coin"], "parameters": {"loyalty": {"points": 3}}}]),
            ("POST", f"/v1/loyalties/{ids['program']}/members", {}, {
                "customer": {"source_id": "bob", "name": "Bob"}, "voucher": "CARD-2"}),
            ("POST", f"/v1/loyalties/{ids['program']}/members/CARD/redemption", {}, member),
            ("POST", "/v1/loyalties/members/CARD/redemption", {}, member),
            ("GET", "/v1/customers/alice", {}, None),
            ("GET", "/v1/customers/alice/activity", {"limit": "5", "order": "-created_at"}, None),
            ("GET", "/v1/vouchers/GIFT/redemptions", {"limit": "3"}, None),
            *self._lifecycle_requests(), *self._validation_requests(),
        ]

    def _lifecycle_requests(self) -> list[tuple[str, str, JSON, Any]]:
        ids = self.ids
        return [
            ("GET", "/v1/vouchers", {"limit": "5", "page": "1", "campaign": ids["coupons"]}, None),
            ("PUT", "/v1/vouchers/A", {}, {"category": "desk", "metadata": {"m": 1}}),
            ("DELETE", "/v1/vouchers/DOOMED", {"force": "true"}, None),
            ("POST", "/v1/vouchers/TOGGLE/enable", {}, None),
            ("POST", "/v1/vouchers/TOGGLE/disable", {}, None),
            ("POST", "/v1/vouchers/GIFT/balance", {}, {"amount": 5, "reason": "gift"}),
            ("GET", "/v1/vouchers/GIFT/transactions", {"limit": "5"}, None),
            ("GET", "/v1/vouchers/C-1/publications", {"limit": "5"}, None),
            ("GET", f"/v1/campaigns/{ids['coupons']}", {}, None),
            ("PUT", f"/v1/campaigns/{ids['coupons']}", {}, {"description": "spring"}),
            ("DELETE", f"/v1/campaigns/{ids['doomed']}", {"force": "true"}, None),
            ("POST", f"/v1/campaigns/{ids['coupons']}/enable", {}, None),
            ("POST", f"/v1/campaigns/{ids['coupons']}/disable", {}, None),
            ("POST", f"/v1/campaigns/{ids['coupons']}/vouchers", {}, {"category": "desk"}),
            ("POST", f"/v1/campaigns/{ids['coupons']}/vouchers/C-NEW", {}, {"category": "desk"}),
            ("POST", "/v1/customers", {}, {"source_id": "erin", "name": "Erin",
                                           "metadata": {"m": 1}}),
            ("GET", "/v1/customers", {"limit": "5", "page": "1"}, None),
            ("PUT", "/v1/customers/carol", {}, {"name": "Caroline", "phone": "123"}),
            ("DELETE", "/v1/customers/dave", {}, None),
            ("POST", "/v1/publications", {}, {"customer": {"source_id": "fay"},
                                              "campaign": {"name": "Coupons"}}),
            ("GET", "/v1/publications", {"limit": "5"}, None),
        ]

    def _validation_requests(self) -> list[tuple[str, str, JSON, Any]]:
        ids = self.ids
        validate = {"redeemables": [{"object": "voucher", "id": "A"},
                                    {"object": "voucher", "id": "GIFT", "gift": {"credits": 1}}],
                    "order": {"amount": 1_000}, "customer": {"source_id": "alice"},
                    "session": {"type": "LOCK", "ttl": 1, "ttl_unit": "HOURS"}}
        rules = {"1": {"name": "order.amount", "conditions": {"$more_than": [2]},
                       "error": {"message": "More"}}}
        return [
            ("POST", "/v1/validations", {}, validate),
            ("POST", "/client/v1/validations", {}, validate),
            ("DELETE", f"/v1/vouchers/SPARE/sessions/{ids['session']}", {}, None),
            ("POST", "/v1/validation-rules", {}, {"name": "new", "rules": rules}),
            ("GET", "/v1/validation-rules", {"limit": "5", "page": "1"}, None),
            ("GET", f"/v1/validation-rules/{ids['rule']}", {}, None),
            ("PUT", f"/v1/validation-rules/{ids['rule_changed']}", {}, {"name": "renamed",
                                                                        "rules": rules}),
            ("DELETE", f"/v1/validation-rules/{ids['rule_gone']}", {}, None),
            ("POST", f"/v1/validation-rules/{ids['rule']}/assignments", {}, {
                "related_object_type": "voucher", "related_object_id": "A"}),
            ("GET", f"/v1/validation-rules/{ids['rule']}/assignments", {"limit": "5"}, None),
        ]

"""Tests of the JSON API (`adapters/json`), always called through `ValidatingApi`.

`Shop` is the one helper these tests share: it builds the catalog through the API itself
(never through the `Ledger`), so every set-up response is validated too, and it names the
wire conventions the tests assert (`assert_wire_conventions`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from redemption_core import LedgerSettings, StackingRules
from redemption_core.adapters.json.api import JsonApi, Response
from redemption_core.adapters.memory import MemoryStore
from redemption_core.domain.ports.clock import SteppingClock
from redemption_core.domain.ports.ids import SequentialIds
from redemption_core.domain.use_cases.ledger import Ledger
from tests.support.api import ValidatingApi

JSON = dict[str, Any]
Query = Mapping[str, str | Sequence[str]]

START = datetime(2026, 1, 1, tzinfo=UTC)
"""The instant every API test world starts at."""

ISO_MILLISECONDS_Z = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
"""DOMAIN.md 2.2: ISO 8601, UTC, milliseconds, `Z`."""

HEX_ID = r"[0-9a-f]{18}"
ID_FORMATS = {
    "r": re.compile(f"r_{HEX_ID}"),
    "rf": re.compile(f"rf_{HEX_ID}"),
    "rr": re.compile(f"rr_{HEX_ID}"),
    "rrf": re.compile(f"rrf_{HEX_ID}"),
    "ord": re.compile(f"ord_{HEX_ID}"),
    "cust": re.compile(f"cust_{HEX_ID}"),
    "camp": re.compile(f"camp_{HEX_ID}"),
    "promo": re.compile(f"promo_{HEX_ID}"),
    "rew": re.compile(f"rew_{HEX_ID}"),
    "rewa": re.compile(f"rewa_{HEX_ID}"),
    "v": re.compile(r"v_[0-9A-Za-z]{32}"),
    "request": re.compile(f"v-{HEX_ID}"),
}
"""DOMAIN.md 2.3 and assumption A1, as `SequentialIds` draws them."""

_DATE_KEYS = frozenset(
    {"date", "created_at", "updated_at", "start_date", "expiration_date", "rollback_date"}
)
_MONEY_KEYS = frozenset(
    {
        "amount",
        "initial_amount",
        "discount_amount",
        "items_discount_amount",
        "total_discount_amount",
        "total_amount",
        "applied_discount_amount",
        "items_applied_discount_amount",
        "total_applied_discount_amount",
        "subtotal_amount",
        "price",
        "balance",
        "subtracted_amount",
        "redeemed_amount",
        "amount_off",
        "amount_limit",
        "fixed_amount",
        "points",
        "redeemed_points",
    }
)
_FREE_FORM = frozenset({"metadata", "additional_info", "attributes", "product", "sku"})


def is_id(kind: str, value: object) -> bool:
    """`value` is an id of `kind` (`r`, `rf`, `v`, `cust`, …) in the documented format."""
    return isinstance(value, str) and ID_FORMATS[kind].fullmatch(value) is not None


def _walk(value: object, path: str = "$") -> Iterator[tuple[str, str, object]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            if key not in _FREE_FORM:
                yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def wire_convention_breaches(body: object) -> list[str]:
    """Every date that is not ISO 8601 ms `Z` and every money/points value that is not an
    integer (DOMAIN.md 2.1, 2.2), as `$.path.key` strings; empty when the body is clean."""
    breaches = []
    for path, key, value in _walk(body):
        if value is None:
            continue
        if key in _DATE_KEYS and not (
            isinstance(value, str) and ISO_MILLISECONDS_Z.fullmatch(value)
        ):
            breaches.append(f"{path}.{key}={value!r}")
        # `balance` is also the name of an object (`VoucherBalance`, DOMAIN.md 17.2),
        # whose own money keys are walked into.
        is_object = isinstance(value, dict)
        if key in _MONEY_KEYS and type(value) is not int and not is_object:
            breaches.append(f"{path}.{key}={value!r}")
    return breaches


def assert_wire_conventions(body: object) -> None:
    __tracebackhide__ = True
    breaches = wire_convention_breaches(body)
    assert not breaches, breaches


class Shop:
    """The JSON API plus builders for the catalog and the redeemables the tests share."""

    def __init__(self, api: ValidatingApi, clock: SteppingClock) -> None:
        self.api = api
        self.clock = clock
        self._campaign_ids: dict[str, str] = {}

    # -- raw calls ------------------------------------------------------------------------

    def call(
        self, method: str, path: str, body: Any = None, query: Query | None = None
    ) -> Response:
        return self.api.call(method, path, query, body)

    def ok(self, method: str, path: str, body: Any = None, query: Query | None = None) -> Any:
        """The body of a call that must succeed (HTTP 200), wire conventions checked."""
        __tracebackhide__ = True
        response = self.call(method, path, body, query)
        assert response.status == 200, response.body
        assert_wire_conventions(response.body)
        return response.body

    def fails(
        self,
        method: str,
        path: str,
        body: Any = None,
        query: Query | None = None,
        *,
        status: int = 400,
    ) -> JSON:
        """The Error body of a call that must fail with `status`."""
        __tracebackhide__ = True
        response = self.call(method, path, body, query)
        assert response.status == status, response.body
        assert response.body["code"] == status
        assert is_id("request", response.body["request_id"]), response.body
        result: JSON = response.body
        return result

    # -- catalog --------------------------------------------------------------------------

    def discount_voucher(
        self, code: str, amount_off: int = 1000, *, quantity: int | None = None, **fields: Any
    ) -> JSON:
        body = {"discount": {"type": "AMOUNT", "amount_off": amount_off}, **fields}
        if quantity is not None:
            body["redemption"] = {"quantity": quantity}
        result: JSON = self.ok("POST", f"/v1/vouchers/{code}", body)
        return result

    def percent_voucher(self, code: str, percent_off: int, *, quantity: int | None = None) -> JSON:
        body: JSON = {"discount": {"type": "PERCENT", "percent_off": percent_off}}
        if quantity is not None:
            body["redemption"] = {"quantity": quantity}
        result: JSON = self.ok("POST", f"/v1/vouchers/{code}", body)
        return result

    def gift_card(self, code: str, amount: int) -> JSON:
        result: JSON = self.ok(
            "POST", f"/v1/vouchers/{code}", {"type": "GIFT_VOUCHER", "gift": {"amount": amount}}
        )
        return result

    def loyalty_program(self, name: str = "Loyalty") -> tuple[str, str]:
        """A LOYALTY_PROGRAM campaign with a COIN reward (1 point = 1 major unit) assigned:
        (campaign id, reward id)."""
        campaign = self.ok(
            "POST",
            "/v1/campaigns",
            {
                "name": name,
                "campaign_type": "LOYALTY_PROGRAM",
                "voucher": {"type": "LOYALTY_CARD", "loyalty_card": {"points": 0}},
            },
        )
        reward = self.ok(
            "POST",
            "/v1/rewards",
            {
                "name": f"{name} coin",
                "parameters": {"coin": {"exchange_ratio": 1, "points_ratio": 1}},
            },
        )
        self.ok("POST", f"/v1/loyalties/{campaign['id']}/rewards", [{"reward": reward["id"]}])
        return campaign["id"], reward["id"]

    def loyalty_card(self, code: str, points: int, campaign_id: str, holder: str = "alice") -> JSON:
        """A card of `campaign_id` holding `points`, published to customer `holder`."""
        self.ok(
            "POST",
            f"/v1/vouchers/{code}",
            {
                "type": "LOYALTY_CARD",
                "loyalty_card": {"points": points},
                "campaign_id": campaign_id,
            },
        )
        result: JSON = self.ok(
            "POST",
            f"/v1/loyalties/{campaign_id}/members",
            {"customer": {"source_id": holder}, "voucher": code},
        )
        return result

    def promotion_tier(self, campaign: str = "Promo", amount_off: int = 500) -> JSON:
        """A tier of a PROMOTION campaign named `campaign` (created on first use)."""
        if campaign not in self._campaign_ids:
            body = {"name": campaign, "campaign_type": "PROMOTION"}
            made = self.ok("POST", "/v1/campaigns", body)
            self._campaign_ids[campaign] = made["id"]
        discount = {"type": "AMOUNT", "amount_off": amount_off}
        result: JSON = self.ok(
            "POST",
            f"/v1/promotions/{self._campaign_ids[campaign]}/tiers",
            {"name": f"{amount_off} off", "action": {"discount": discount}},
        )
        return result

    def voucher(self, code: str) -> JSON:
        """GET /v1/vouchers/{code}: the voucher with its live counters."""
        result: JSON = self.ok("GET", f"/v1/vouchers/{code}")
        return result

    def redemption(self, redemption_id: str) -> JSON:
        """GET /v1/redemptions/{id}: a redemption or a rollback, succeeded or failed."""
        result: JSON = self.ok("GET", f"/v1/redemptions/{redemption_id}")
        return result

    def snapshot(self, *codes: str) -> dict[str, JSON]:
        """The GET body of each voucher: compare two snapshots to prove nothing changed."""
        return {code: self.voucher(code) for code in codes}

    # -- redemptions ----------------------------------------------------------------------

    @staticmethod
    def use(code: str) -> JSON:
        return {"object": "voucher", "id": code}

    @staticmethod
    def use_gift(code: str, credits: int | None = None) -> JSON:
        gift = {} if credits is None else {"credits": credits}
        return {"object": "voucher", "id": code, "gift": gift}

    @staticmethod
    def use_points(code: str, reward_id: str, points: int | None = None) -> JSON:
        reward: JSON = {"id": reward_id}
        if points is not None:
            reward["points"] = points
        return {"object": "voucher", "id": code, "reward": reward}

    @staticmethod
    def use_tier(tier_id: str) -> JSON:
        return {"object": "promotion_tier", "id": tier_id}

    @staticmethod
    def redeem_body(
        *redeemables: JSON,
        amount: int = 10000,
        customer: str | None = "alice",
        order_source_id: str | None = None,
        **fields: Any,
    ) -> JSON:
        order: JSON = {"amount": amount}
        if order_source_id is not None:
            order["source_id"] = order_source_id
        body: JSON = {"redeemables": list(redeemables), "order": order, **fields}
        if customer is not None:
            body["customer"] = {"source_id": customer}
        return body

    def redeem(self, *redeemables: JSON, **fields: Any) -> Response:
        return self.call("POST", "/v1/redemptions", self.redeem_body(*redeemables, **fields))

    def redeemed(self, *redeemables: JSON, **fields: Any) -> JSON:
        """The body of a redemption that must succeed."""
        result: JSON = self.ok("POST", "/v1/redemptions", self.redeem_body(*redeemables, **fields))
        return result


def make_shop(**stacking: Any) -> Shop:
    """A fresh world: `ValidatingApi(JsonApi(Ledger(MemoryStore(), …)))` with a clock that
    starts at `START` and moves 1 ms per read, sequential ids, and `stacking` rules.

    structlog must be configured before this is called: the JSON API binds its logger once.
    """
    clock = SteppingClock(START, timedelta(milliseconds=1))
    ledger = Ledger(
        MemoryStore(),
        clock=clock,
        ids=SequentialIds(),
        settings=LedgerSettings(stacking=StackingRules(**stacking)),
    )
    return Shop(ValidatingApi(JsonApi(ledger)), clock)

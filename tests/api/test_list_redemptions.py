"""GET /v1/redemptions and GET /v1/vouchers/{code}/redemption (DOMAIN.md 7.6, 7.7).

Method: one `Book` per module, written through the API: redemptions and rollbacks of every
kind (single, stacked parent and children, failed, a loyalty member redemption, a customer
less one, succeeded and failed rollbacks) for alice, bob and carol. Every record is then
read back one by one with GET /v1/redemptions/{id}, and the expectation of each list query
is computed by brute force over those bodies with the rules of 7.6 written out here
(`matches`, `expected`), independently of the store's indexes. Each filter field with each
condition, both junctions, the created_at window, every order, paging and the top-level
parameters are compared with that expectation, ids in order and `total`. Bad parameters
must be a 400 `invalid_query_params` naming the parameter.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

import pytest
import structlog

from redemption_core.domain.read_side.queries import FILTER_FIELDS, ORDER_FIELDS, Condition
from tests.api import JSON, Query, Shop, make_shop


class Book:
    """Every kind of record, written once; `bodies` holds each as GET one returns it."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop
        self.ids: list[str] = []
        self.campaign_names: dict[str, str] = {}
        self._catalog()
        self._history()
        self.bodies = {record_id: shop.redemption(record_id) for record_id in self.ids}
        self.customers = {
            body["customer"]["source_id"]: body["customer_id"]
            for body in self.bodies.values()
            if body["customer"] is not None
        }

    def _catalog(self) -> None:
        shop = self.shop
        spring = shop.ok("POST", "/v1/campaigns", {
            "name": "Spring", "campaign_type": "DISCOUNT_COUPONS",
            "voucher": {"type": "DISCOUNT_VOUCHER",
                        "discount": {"type": "AMOUNT", "amount_off": 300}}})
        self.campaign_names[spring["id"]] = "Spring"
        for code, quantity in (("SPRING-1", 2), ("SPRING-2", None)):
            shop.discount_voucher(code, 300, quantity=quantity, campaign_id=spring["id"])
        shop.percent_voucher("SAVE10", 10, quantity=1)
        shop.gift_card("GIFT-A", 5000)
        self.tier = shop.promotion_tier("Promo", 500)
        self.campaign_names[self.tier["campaign_id"]] = "Promo"
        self.loyalty_id, self.coin_id = shop.loyalty_program("Loyalty")
        self.campaign_names[self.loyalty_id] = "Loyalty"
        shop.loyalty_card("CARD-1", 1000, self.loyalty_id, holder="carol")

    def _keep(self, *ids: str | None) -> None:
        self.ids.extend(record_id for record_id in ids if record_id is not None)

    def _redeem(self, *redeemables: JSON, **fields: Any) -> None:
        response = self.shop.redeem(*redeemables, **fields)
        body = response.body
        if response.status != 200:
            self._keep(body["resource_id"])
            return
        self._keep(*(child["id"] for child in body["redemptions"]))
        self._keep((body["parent_redemption"] or {}).get("id"))

    def _rollback(self, endpoint: str, redemption_id: str) -> None:
        body = self.shop.call("POST", f"/v1/redemptions/{redemption_id}/{endpoint}", {}).body
        if "key" in body:
            self._keep(body["resource_id"])
        elif "rollbacks" in body:
            self._keep(*(item["id"] for item in body["rollbacks"]))
            self._keep((body["parent_rollback"] or {}).get("id"))
        else:
            self._keep(body["id"])

    def _history(self) -> None:
        shop = self.shop
        self._redeem(shop.use("SPRING-1"), customer="alice", order_source_id="o-1")
        first = self.ids[-1]
        self._redeem(shop.use("SPRING-1"), customer="bob")
        self._redeem(shop.use("SPRING-1"), customer="carol")  # quantity_exceeded
        self._redeem(shop.use("SAVE10"), shop.use_gift("GIFT-A", 2000),
                     shop.use_tier(self.tier["id"]), customer="alice", order_source_id="o-2")
        parent = self.ids[-1]
        self._redeem(shop.use("NOPE"), customer="bob")  # not_found, nothing resolved
        self._redeem(shop.use("SPRING-2"), customer=None)
        self._rollback("rollback", first)
        self._rollback("rollback", first)  # already_rolled_back
        self._rollback("rollbacks", parent)
        self._redeem(shop.use("SAVE10"), customer="bob")
        self._redeem(shop.use_gift("GIFT-A", 6000), customer="dave")  # gift_amount_exceeded
        member = f"/v1/loyalties/{self.loyalty_id}/members/CARD-1/redemption"
        coin = {"reward": {"id": self.coin_id, "points": 25}, "order": {"amount": 9000}}
        self._keep(shop.ok("POST", member, coin)["id"])
        self._keep(shop.fails("POST", member, {"reward": {"id": self.coin_id}})["resource_id"])
        self._redeem(shop.use("SPRING-2"), shop.use_tier(self.tier["id"]), customer="carol")

    # -- the expectation, by brute force ---------------------------------------------------

    def fields(self, body: JSON) -> dict[str, str | None]:
        """The queryable fields of a record, read off its documented JSON."""
        voucher, tier = body.get("voucher"), body.get("promotion_tier")
        campaign_id = (voucher or {}).get("campaign_id") or (tier or {}).get("campaign_id")
        channel = body["channel"]
        return {
            "id": body["id"],
            "object": body["object"],
            "voucher_code": voucher["code"] if voucher else None,
            "related_object_id": body["related_object_id"],
            "related_object_parent_id": campaign_id,
            "parent_redemption_id": body["redemption"] if body["object"] == "redemption" else None,
            "failure_code": body["failure_code"],
            "result": body["result"],
            "customer_id": body["customer_id"],
            "campaign_name": self.campaign_names.get(campaign_id) if campaign_id else None,
            "user_login": channel["channel_id"] if channel["channel_type"] == "USER" else None,
            "tracking_id": body["tracking_id"],
        }

    def values(self, field: str) -> list[str]:
        """The field's known values, most common first."""
        counts = Counter(
            value for body in self.bodies.values() if (value := self.fields(body)[field])
        )
        return [value for value, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]

    def expected(
        self,
        conditions: Sequence[tuple[str, str, Sequence[str]]] = (),
        *,
        junction: str = "and",
        after: datetime | None = None,
        before: datetime | None = None,
        order: str = "-created_at",
    ) -> list[str]:
        """Ids of the matching records in the asked order (7.6, written out)."""
        chosen = []
        for body in self.bodies.values():
            date = _instant(body["date"])
            if (after is not None and date <= after) or (before is not None and date >= before):
                continue
            fields = self.fields(body)
            results = [matches(fields[field], condition, values)
                       for field, condition, values in conditions]
            if results and not (all(results) if junction == "and" else any(results)):
                continue
            chosen.append((body, fields))
        name = order.removeprefix("-")

        def key(pair: tuple[JSON, dict[str, str | None]]) -> tuple[Any, ...]:
            body, fields = pair
            moment = (_instant(body["date"]), body["id"])
            return moment if name == "created_at" else (fields[name] or "", *moment)

        chosen.sort(key=key, reverse=order.startswith("-"))
        return [body["id"] for body, _ in chosen]

    def listed(self, query: Query) -> tuple[list[str], int]:
        body = self.shop.ok("GET", "/v1/redemptions", query=query)
        assert (body["object"], body["data_ref"]) == ("list", "redemptions")
        return [record["id"] for record in body["redemptions"]], body["total"]


_RULES: dict[str, Callable[[str | None, Sequence[str]], bool]] = {
    "$has_value": lambda value, _: value is not None,
    "$is_unknown": lambda value, _: value is None,
    "$is": lambda value, wanted: value in wanted,
    "$in": lambda value, wanted: value in wanted,
    "$is_not": lambda value, wanted: value not in wanted,
    "$not_in": lambda value, wanted: value not in wanted,
    "$starts_with": lambda value, wanted: value is not None and value.startswith(wanted[0]),
    "$ends_with": lambda value, wanted: value is not None and value.endswith(wanted[0]),
    "$contains": lambda value, wanted: value is not None and wanted[0] in value,
    "$not_contain": lambda value, wanted: value is None or wanted[0] not in value,
}
"""7.6's conditions; an unknown value (None) starts, ends and contains nothing."""


def matches(value: str | None, condition: str, wanted: Sequence[str]) -> bool:
    """One condition of 7.6 on one field value (None: the record has no such value)."""
    return _RULES[condition](value, wanted)


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def book() -> Iterator[Book]:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    try:
        yield Book(make_shop())
    finally:
        structlog.reset_defaults()


def _sample(book: Book, field: str, condition: Condition) -> tuple[str, ...]:
    """Values worth asking `condition` about `field` in this book."""
    known = book.values(field) or ["nobody@example.com"]
    top = known[0]
    if condition in (Condition.HAS_VALUE, Condition.IS_UNKNOWN):
        return ()
    if condition in (Condition.IN, Condition.NOT_IN):
        return tuple(known[:2])
    if condition is Condition.STARTS_WITH:
        return (top[:3],)
    if condition is Condition.ENDS_WITH:
        return (top[-3:],)
    if condition in (Condition.CONTAINS, Condition.NOT_CONTAIN):
        return (top[1:4] if len(top) > 4 else top,)
    return (top,)


def _filter_query(field: str, condition: str, values: Sequence[str]) -> dict[str, Any]:
    key = f"filters[{field}][conditions][{condition}]"
    if condition in ("$has_value", "$is_unknown"):
        return {key: ""}
    return {key: list(values) if condition in ("$in", "$not_in") else values[0]}


class TestTheBook:
    def test_the_book_has_every_kind_of_record(self, book: Book) -> None:
        """The world under test: redemptions and rollbacks, succeeded and failed, parents."""
        kinds = {(body["object"], body["result"]) for body in book.bodies.values()}
        assert kinds == {("redemption", "SUCCESS"), ("redemption", "FAILURE"),
                         ("redemption_rollback", "SUCCESS"), ("redemption_rollback", "FAILURE")}
        assert any(body["related_object_type"] == "redemption" for body in book.bodies.values())
        assert any(body["customer_id"] is None for body in book.bodies.values())
        assert len(book.bodies) > 20

    def test_no_parameters_list_everything_newest_first(self, book: Book) -> None:
        """Default: 10 records, newest first, `total` counts them all."""
        ids, total = book.listed({})
        expected = book.expected()
        assert (ids, total) == (expected[:10], len(book.bodies))


class TestFilters:
    @pytest.mark.parametrize("condition", list(Condition))
    @pytest.mark.parametrize("field", FILTER_FIELDS)
    def test_every_field_with_every_condition(
        self, book: Book, field: str, condition: Condition
    ) -> None:
        """`filters[field][conditions][$condition]`: exactly the brute-force matches."""
        # given a value the book has for that field
        values = _sample(book, field, condition)

        # when
        ids, total = book.listed({**_filter_query(field, condition, values), "limit": "100"})

        # then
        expected = book.expected([(field, condition, values)])
        assert ids == expected
        assert total == len(expected)

    def test_indexed_values_are_the_same_as_repeated_ones(self, book: Book) -> None:
        """`[$in][0]=A&[$in][1]=B` is `[$in]=A&[$in]=B`."""
        codes = book.values("voucher_code")[:2]
        key = "filters[voucher_code][conditions][$in]"
        repeated = book.listed({key: codes, "limit": "100"})
        indexed = book.listed({f"{key}[1]": codes[1], f"{key}[0]": codes[0], "limit": "100"})
        assert indexed == repeated
        assert repeated[0] == book.expected([("voucher_code", "$in", codes)])

    @pytest.mark.parametrize("junction", ["and", "or", "OR"])
    def test_the_junction_joins_the_filters(self, book: Book, junction: str) -> None:
        """`filters[junction]`: all conditions (and) or any of them (or)."""
        alice = book.customers["alice"]
        conditions = [("customer_id", "$is", [alice]), ("failure_code", "$has_value", []),
                      ("object", "$is", ["redemption_rollback"])]
        query: dict[str, Any] = {"filters[junction]": junction, "limit": "100"}
        for field, condition, values in conditions:
            query.update(_filter_query(field, condition, values))

        ids, total = book.listed(query)

        expected = book.expected(conditions, junction=junction.lower())
        assert (ids, total) == (expected, len(expected))

    def test_two_conditions_on_one_field_both_apply(self, book: Book) -> None:
        """`$starts_with` and `$ends_with` on voucher_code, ANDed."""
        query = {"filters[voucher_code][conditions][$starts_with]": "SPRING",
                 "filters[voucher_code][conditions][$ends_with]": "2", "limit": "100"}
        ids, _ = book.listed(query)
        expected = book.expected([("voucher_code", "$starts_with", ["SPRING"]),
                                  ("voucher_code", "$ends_with", ["2"])])
        assert ids == expected
        assert expected


class TestTopLevelParameters:
    @pytest.mark.parametrize("results", [["SUCCESS"], ["FAILURE"], ["FAILURE", "SUCCESS"]])
    def test_result_is_repeatable(self, book: Book, results: list[str]) -> None:
        """`result=SUCCESS&result=FAILURE`: either."""
        ids, total = book.listed({"result": results, "limit": "100"})
        expected = book.expected([("result", "$in", results)])
        assert (ids, total) == (expected, len(expected))

    def test_campaign_is_a_campaign_name(self, book: Book) -> None:
        """`campaign=Spring`: the records of the Spring campaign's vouchers."""
        ids, _ = book.listed({"campaign": "Spring", "limit": "100"})
        assert ids == book.expected([("campaign_name", "$is", ["Spring"])])
        assert ids

    @pytest.mark.parametrize("by", ["source_id", "id"])
    def test_customer_is_an_id_or_a_source_id(self, book: Book, by: str) -> None:
        """`customer=alice` and `customer=cust_…` list the same records."""
        alice = book.customers["alice"]
        ids, total = book.listed({"customer": "alice" if by == "source_id" else alice,
                                  "limit": "100"})
        expected = book.expected([("customer_id", "$is", [alice])])
        assert (ids, total) == (expected, len(expected))

    def test_an_unknown_customer_has_nothing(self, book: Book) -> None:
        """Unknown customer: an empty list, not an error (7.6)."""
        assert book.listed({"customer": "nobody"}) == ([], 0)

    def test_top_level_parameters_and_filters_all_apply(self, book: Book) -> None:
        """`customer`, `result` and a filter together: ANDed."""
        bob = book.customers["bob"]
        query = {"customer": "bob", "result": "SUCCESS", "limit": "100",
                 "filters[object][conditions][$is]": "redemption"}
        ids, _ = book.listed(query)
        expected = book.expected([("customer_id", "$is", [bob]), ("result", "$in", ["SUCCESS"]),
                                  ("object", "$is", ["redemption"])])
        assert ids == expected


class TestCreatedAtWindow:
    def test_after_and_before_are_exclusive(self, book: Book) -> None:
        """`created_at[after]`/`[before]` with date-times: strictly between them."""
        dates = sorted({body["date"] for body in book.bodies.values()})
        after, before = dates[3], dates[-3]
        ids, total = book.listed({"created_at[after]": after, "created_at[before]": before,
                                  "limit": "100"})
        expected = book.expected(after=_instant(after), before=_instant(before))
        assert (ids, total) == (expected, len(expected))
        assert 0 < total < len(book.bodies)

    @pytest.mark.parametrize(
        ("query", "count"),
        [({"created_at[before]": "2026-01-02"}, "all"),
         ({"created_at[after]": "2026-01-01"}, "all"),
         ({"created_at[after]": "2026-01-02"}, "none"),
         ({"created_at[before]": "2026-01-01T00:00:00+00:00"}, "none")],
    )
    def test_a_date_is_midnight_utc(self, book: Book, query: Query, count: str) -> None:
        """A date alone means that day's midnight UTC; offsets are accepted."""
        _, total = book.listed(query)
        assert total == (len(book.bodies) if count == "all" else 0)


class TestOrderAndPages:
    @pytest.mark.parametrize("descending", [False, True])
    @pytest.mark.parametrize("field", ORDER_FIELDS)
    def test_every_order(self, book: Book, field: str, descending: bool) -> None:
        """`order` by each field, `-` for descending; ties by creation time and id."""
        order = f"-{field}" if descending else field
        ids, _ = book.listed({"order": order, "limit": "100"})
        assert ids == book.expected(order=order)

    def test_pages_cut_the_same_list(self, book: Book) -> None:
        """`limit=4&page=n`: consecutive slices of one order, the same `total` on each."""
        pages, totals = [], set()
        for page in range(1, len(book.bodies) // 4 + 3):
            ids, total = book.listed({"limit": "4", "page": str(page), "order": "id"})
            pages.extend(ids)
            totals.add(total)
        assert pages == book.expected(order="id")
        assert totals == {len(book.bodies)}

    def test_the_largest_page_and_the_last_page_number(self, book: Book) -> None:
        """`limit=100` and `page=99` are accepted (PAGE_SIZE_MAX, PAGE_NUMBER_MAX)."""
        assert len(book.listed({"limit": "100"})[0]) == len(book.bodies)
        assert book.listed({"page": "99"}) == ([], len(book.bodies))


INVALID: list[tuple[dict[str, Any], str, str]] = [
    ({"limit": "0"}, "limit", "from 1 to 100"),
    ({"limit": "101"}, "limit", "from 1 to 100"),
    ({"limit": "ten"}, "limit", "integer"),
    ({"limit": ["1", "2"]}, "limit", "once"),
    ({"page": "0"}, "page", "from 1 to 99"),
    ({"page": "100"}, "page", "from 1 to 99"),
    ({"order": "date"}, "order", "must be one of"),
    ({"order": "--id"}, "order", "must be one of"),
    ({"result": "OK"}, "result", "SUCCESS or FAILURE"),
    ({"created_at[before]": "yesterday"}, "created_at[before]", "ISO 8601"),
    ({"created_at[after]": "2026-01-01T10:00:00"}, "created_at[after]", "zone"),
    ({"created_at[after]": "2026-02-30"}, "created_at[after]", "ISO 8601"),
    ({"created_at": "2026-01-01"}, "created_at", "not accepted"),
    ({"filters[code][conditions][$is]": "A"}, "filters[code][conditions][$is]",
     "unknown filter field"),
    ({"filters[result][conditions][$equals]": "A"}, "filters[result][conditions][$equals]",
     "unknown condition"),
    ({"filters[result][conditions][$is]": ["SUCCESS", "FAILURE"]},
     "filters[result][conditions][$is]", "takes one value"),
    ({"filters[result][conditions][$has_value]": "yes"},
     "filters[result][conditions][$has_value]", "takes no value"),
    ({"filters[junction]": "xor"}, "filters[junction]", "and or or"),
    ({"filters[result]": "SUCCESS"}, "filters[result]", "not accepted"),
    ({"voucher": "SPRING-1"}, "voucher", "not accepted"),
    ({"filters[junction]": "or", "filters[result][conditions][$is]": "SUCCESS",
      "filters[object][conditions][$is]": "redemption", "customer": "alice"},
     "customer", "cannot be combined"),
    ({"filters[junction]": "or", "filters[result][conditions][$is]": "SUCCESS",
      "filters[object][conditions][$is]": "redemption", "campaign": "Spring"},
     "campaign", "cannot be combined"),
]


class TestInvalidParameters:
    @pytest.mark.parametrize(("query", "parameter", "rule"), INVALID)
    def test_a_bad_parameter_is_named(
        self, book: Book, query: Query, parameter: str, rule: str
    ) -> None:
        """400 `invalid_query_params`; the details name the parameter and the rule."""
        error = book.shop.fails("GET", "/v1/redemptions", query=query)
        assert error["key"] == "invalid_query_params"
        assert f"query parameter {parameter!r}" in error["details"]
        assert rule in error["details"]

    def test_parameters_in_the_path_are_read_too(self, book: Book) -> None:
        """`/v1/redemptions?limit=2&result=FAILURE` is the same as the query mapping."""
        body = book.shop.ok("GET", "/v1/redemptions?limit=2&result=FAILURE")
        assert [record["id"] for record in body["redemptions"]] == book.expected(
            [("result", "$in", ["FAILURE"])])[:2]


class TestVoucherRedemptions:
    def test_a_vouchers_history_is_newest_first(self, book: Book) -> None:
        """GET /v1/vouchers/{code}/redemption: its redemptions and rollbacks, newest first."""
        # when
        body = book.shop.ok("GET", "/v1/vouchers/SPRING-1/redemption")

        # then
        voucher = book.shop.voucher("SPRING-1")
        expected = book.expected([("related_object_id", "$is", [voucher["id"]])])
        assert [entry["id"] for entry in body["redemption_entries"]] == expected
        assert body["total"] == len(expected) == 5
        assert (body["quantity"], body["redeemed_quantity"]) == (2, 1)
        assert (body["object"], body["data_ref"]) == ("list", "redemption_entries")
        assert body["url"] == "/v1/vouchers/SPRING-1/redemption?page=1&limit=10"
        objects = {(entry["object"], entry["result"]) for entry in body["redemption_entries"]}
        assert ("redemption_rollback", "FAILURE") in objects

    def test_a_vouchers_history_pages(self, book: Book) -> None:
        """`limit`/`page` cut the history; `total` stays."""
        full = book.shop.ok("GET", "/v1/vouchers/GIFT-A/redemption")["redemption_entries"]
        pages = [book.shop.ok("GET", "/v1/vouchers/GIFT-A/redemption",
                              query={"limit": "2", "page": str(page)})
                 for page in (1, 2, 3)]
        assert [entry["id"] for page in pages for entry in page["redemption_entries"]] == [
            entry["id"] for entry in full]
        assert {page["total"] for page in pages} == {len(full)}

    def test_an_unknown_voucher_is_not_found(self, book: Book) -> None:
        """404 `not_found` for the code in the path."""
        error = book.shop.fails("GET", "/v1/vouchers/NOPE/redemption", status=404)
        assert (error["key"], error["resource_type"]) == ("not_found", "voucher")

    @pytest.mark.parametrize(("query", "parameter"), [({"limit": "0"}, "limit"),
                                                      ({"page": "x"}, "page"),
                                                      ({"order": "id"}, "order")])
    def test_a_bad_parameter_is_named(self, book: Book, query: Query, parameter: str) -> None:
        """400 `invalid_query_params` naming it."""
        error = book.shop.fails("GET", "/v1/vouchers/SPRING-1/redemption", query=query)
        assert error["key"] == "invalid_query_params"
        assert f"query parameter {parameter!r}" in error["details"]

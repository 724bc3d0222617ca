"""The JSON API in-process: Voucherify's endpoints over the `Ledger`.

`JsonApi.call(method, path, query, body)` returns `Response(status, body)` with exactly the
documented body. It is what the CLI, the benchmarks and an embedding HTTP server call.
Every failure is an Error body (DOMAIN.md 10.1); nothing is raised to the caller except for
programming errors in the caller itself (a non-string method, say).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

import attrs
import cattrs

from redemption_core.domain.model import errors, rules
from redemption_core.domain.model.redemption import Redemption
from redemption_core.domain.model.redemption_rollback import RedemptionRollback
from redemption_core.domain.use_cases.ledger import Ledger

from ..logs import library_logger
from . import activities, catalog_api, mapping, queries, requests, validations, wire
from .converter import RequestPayloadError, make_converter, structure_request
from .errors import error_body, internal_error_body, method_not_allowed_body, payload_error

Query = Mapping[str, str | Sequence[str]]


class Response(NamedTuple):
    """What `JsonApi.call` returns: the HTTP status and the JSON body (a tuple: built on
    every call, see docs/decisions.md, "The redemption hot path")."""

    status: int
    body: Any


class Call(NamedTuple):
    """One request as a handler sees it: path parameters, query parameters (every value of
    a repeated key), the decoded body, and the request id (`v-…`, the events' `group_id`)."""

    path: dict[str, str]
    query: dict[str, list[str]]
    body: Any
    request_id: str
    idempotency_key: str | None = None


Handler = Callable[["JsonApi", Call], Any]


@attrs.frozen
class Route:
    """`query_keys` are the query parameters the endpoint takes; `query_key` admits keys
    with a variable part (`filters[field][conditions][$is]`), checked by its parser."""

    method: str
    template: str
    handler: Handler
    query_keys: frozenset[str] = frozenset()
    query_key: Callable[[str], bool] | None = None
    pattern: re.Pattern[str] = attrs.field(init=False)

    @pattern.default
    def _compile(self) -> re.Pattern[str]:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.template))
        return re.compile(f"^{regex}$")


def make_json_converter() -> cattrs.Converter:
    """The one converter of the JSON adapter: strict request hooks plus response hooks."""
    converter = make_converter()
    wire.register_wire_hooks(converter)
    return converter


class JsonApi:
    """Voucherify-shaped JSON endpoints over one `Ledger`."""

    def __init__(self, ledger: Ledger, *, logger: Any = None) -> None:
        self.ledger = ledger
        self.converter = make_json_converter()
        # Bound once: resolving structlog's lazy proxy on every call costs more than the
        # redemption's own bookkeeping. Silent until the host configures logging (before
        # building the JsonApi, for structlog): see adapters/logs.py.
        self._log = logger or library_logger("redemption_core.json")

    def call(
        self,
        method: str,
        path: str,
        query: Query | None = None,
        body: Any = None,
        idempotency_key: str | None = None,
        *,
        request_id: str | None = None,
    ) -> Response:
        """One request. `idempotency_key` (an `Idempotency-Key` header, the replay line's
        `idempotency_key`) makes any POST safe to retry: the same key and request give the
        first outcome again; the same key with another request is a 409
        `idempotency_key_reused`. `request_id` (`v-…`) is the HTTP server's, returned in its
        response header; by default one is drawn from the ledger's ids."""
        started = time.perf_counter()
        request_id = request_id or "v-" + self.ledger.ids.new_id("v")[2:]
        method = method.upper()
        response = self._dispatch(
            method, path, query or {}, body, Call({}, {}, None, request_id, idempotency_key)
        )
        if self._log.is_enabled_for(logging.INFO):
            self._log_call(method, path, response, request_id, time.perf_counter() - started)
        return response

    def _dispatch(self, method: str, path: str, query: Query, body: Any, seed: Call) -> Response:
        request_id = seed.request_id
        params: dict[str, list[str]] = {}
        bare = path
        if "?" in path:
            split = urlsplit(path)
            bare = split.path
            for key, value in parse_qsl(split.query, keep_blank_values=True):
                params.setdefault(key, []).append(value)
        for key, given in query.items():
            values = [given] if isinstance(given, str) else given
            problem = _query_problem(key, values)
            if problem is not None:
                bad = errors.InvalidQueryParams(problem, field=printable(str(key)))
                return Response(bad.http_status, error_body(bad, seed.request_id))
            params.setdefault(key, []).extend(values)
        route, path_params = self._route(method, bare)
        try:
            _check_text(path_params, params)
            if route is None:
                if path_params.get("allowed"):
                    # A known path with another method: HTTP 405 (DOMAIN.md 10.2).
                    body = method_not_allowed_body(
                        printable(method), printable(bare), path_params["allowed"], request_id
                    )
                    return Response(405, body)
                raise path_params_error(method, bare)
            _check_query(route, params)
            if seed.idempotency_key is not None and route.method == "GET":
                raise errors.InvalidPayload(
                    f"{method} {route.template} changes nothing: it takes no idempotency key",
                    field="idempotency_key",
                )
            call = Call(path_params, params, body, request_id, seed.idempotency_key)
            return _response(route.handler(self, call))
        except RequestPayloadError as problem:
            error = payload_error(problem)
            return Response(error.http_status, error_body(error, request_id))
        except errors.RedemptionError as error:
            return Response(error.http_status, error_body(error, request_id))
        except Exception:
            # Anything else is our bug: log it whole, tell the caller nothing internal.
            self._log.exception(
                "json.internal_error",
                request_id=request_id,
                method=printable(method),
                path=printable(bare),
            )
            return Response(500, internal_error_body(request_id))

    def _route(self, method: str, path: str) -> tuple[Route | None, dict[str, str]]:
        allowed = []
        for route in ROUTES:
            match = route.pattern.match(path)
            if match is None:
                continue
            allowed.append(route.method)
            if route.method == method:
                return route, {key: unquote(value) for key, value in match.groupdict().items()}
        return None, {"allowed": ", ".join(allowed)}

    def _log_call(
        self, method: str, path: str, response: Response, request_id: str, seconds: float
    ) -> None:
        body = response.body if isinstance(response.body, dict) else {}
        fields: dict[str, Any] = {
            "method": printable(method),
            "path": printable(path),
            "status": response.status,
            "request_id": request_id,
            "duration_ms": round(seconds * 1000, 3),
        }
        if response.status == 200 and body.get("object") != "list":
            # A list names what it read, not what the call did: its ids stay out of the log.
            ids = [item["id"] for item in body.get("redemptions", []) if isinstance(item, dict)]
            if body.get("object") in ("redemption", "redemption_rollback"):
                ids.append(body["id"])
            if ids:
                fields["redemption_ids"] = ids
        else:
            fields["failure_code"] = body.get("key")
            fields["resource_id"] = body.get("resource_id")
        self._log.info("json.call", **fields)

    # -- handlers -----------------------------------------------------------------------

    def redeem(self, call: Call) -> Any:
        request = structure_request(requests.RedeemRequest, call.body)
        command = mapping.redeem_command(request)
        return self.converter.unstructure(
            self.ledger.redeem(
                command, idempotency_key=call.idempotency_key, request_id=call.request_id
            )
        )

    def get_redemption(self, call: Call) -> Any:
        _no_body(call.body)
        found = self.ledger.get_redemption(call.path["redemptionId"])
        if mapping.is_redemption(found):
            return mapping.redemption_read_wire(found)
        return self.converter.unstructure(found)

    def rollback(self, call: Call) -> Any:
        request = structure_request(requests.RollbackRequest, _or_empty(call.body))
        command = mapping.rollback_command(call.path["redemptionId"], request, _single(call.query))
        rollback = self.ledger.rollback(
            command, idempotency_key=call.idempotency_key, request_id=call.request_id
        )
        return self.converter.unstructure(rollback)

    def rollbacks(self, call: Call) -> Any:
        request = structure_request(requests.RollbackRequest, _or_empty(call.body))
        command = mapping.rollback_command(
            call.path["parentRedemptionId"], request, _single(call.query)
        )
        result = self.ledger.rollback_stack(
            command, idempotency_key=call.idempotency_key, request_id=call.request_id
        )
        return self.converter.unstructure(result)

    def redeem_reward(self, call: Call) -> Any:
        """Loyalty member reward redemption: the Redemption with its `reward` (seed 002)."""
        request = structure_request(requests.MemberRedemptionRequest, _or_empty(call.body))
        command = mapping.member_redemption_command(
            call.path["memberId"], call.path.get("campaignId"), request
        )
        redemption = self.ledger.redeem_reward(
            command, idempotency_key=call.idempotency_key, request_id=call.request_id
        )
        return self.converter.unstructure(redemption)

    def list_redemptions(self, call: Call) -> Any:
        _no_body(call.body)
        asked = queries.list_redemptions(call.query)
        page = self.ledger.list_redemptions(asked.query, customer=asked.customer)
        return {
            "object": "list",
            "data_ref": "redemptions",
            "redemptions": [self._record(record) for record in page.records],
            "total": page.total,
        }

    def voucher_redemptions(self, call: Call) -> Any:
        _no_body(call.body)
        limit, page = queries.page_size(call.query)
        code = call.path["code"]
        voucher, found = self.ledger.voucher_redemptions(code, limit, page)
        return {
            "quantity": voucher.quantity,
            "redeemed_quantity": voucher.redeemed_quantity,
            "object": "list",
            "url": f"/v1/vouchers/{voucher.code}/redemption?page={page}&limit={limit}",
            "data_ref": "redemption_entries",
            "total": found.total,
            "redemption_entries": [self._record(record) for record in found.records],
        }

    def get_customer(self, call: Call) -> Any:
        _no_body(call.body)
        customer, summary = self.ledger.get_customer(call.path["customerId"])
        return wire.customer(customer, summary)

    def customer_activities(self, call: Call) -> Any:
        _no_body(call.body)
        asked = queries.activity_request(call.query)
        page = activities.page(self.ledger, call.path["customerId"], asked)
        return {
            "object": "list",
            "data_ref": "data",
            "data": [activities.activity(found) for found in page.activities],
            "has_more": page.has_more,
            "more_starting_after": page.more_starting_after,
        }

    def _record(self, record: Redemption | RedemptionRollback) -> Any:
        """A list entry: a redemption as GET one shows it, or a rollback."""
        if mapping.is_redemption(record):
            return mapping.redemption_read_wire(record)
        return self.converter.unstructure(record)

    def create_voucher(self, call: Call) -> Any:
        request = structure_request(requests.VoucherCreateRequest, call.body)
        code = call.path.get("code")
        voucher = self.ledger.create_voucher(
            mapping.voucher_input(request, code), code, idempotency_key=call.idempotency_key
        )
        return self.converter.unstructure(voucher)

    def get_voucher(self, call: Call) -> Any:
        _no_body(call.body)
        return self.converter.unstructure(self.ledger.get_voucher(call.path["code"]))

    def create_campaign(self, call: Call) -> Any:
        request = structure_request(requests.CampaignCreateRequest, call.body)
        campaign, tiers = self.ledger.create_campaign(
            mapping.campaign_input(request), idempotency_key=call.idempotency_key
        )
        return wire.campaign(campaign, tiers)

    def create_tier(self, call: Call) -> Any:
        request = structure_request(requests.PromotionTierCreateRequest, call.body)
        tier, campaign = self.ledger.create_tier(
            call.path["campaignId"],
            mapping.tier_input(request),
            idempotency_key=call.idempotency_key,
        )
        return wire.promotion_tier(tier, campaign)

    def create_reward(self, call: Call) -> Any:
        request = structure_request(requests.RewardCreateRequest, call.body)
        made = self.ledger.create_reward(
            mapping.reward_input(request), idempotency_key=call.idempotency_key
        )
        return self.converter.unstructure(made)

    def assign_rewards(self, call: Call) -> Any:
        items = structure_request(list[requests.RewardAssignmentItemRequest], call.body)
        made = self.ledger.assign_rewards(
            call.path["campaignId"],
            mapping.assignment_inputs(items),
            idempotency_key=call.idempotency_key,
        )
        return [self.converter.unstructure(item) for item in made]

    def create_member(self, call: Call) -> Any:
        request = structure_request(requests.LoyaltyMemberCreateRequest, call.body)
        card = self.ledger.publish_member(
            call.path["campaignId"],
            mapping.member_input(request),
            idempotency_key=call.idempotency_key,
        )
        return wire.voucher(card, member=True)


def _response(result: Any) -> Response:
    """A handler's result: a 200 body, a `Reply` with another status, or 204 with no body
    (`validations.NO_CONTENT`)."""
    if isinstance(result, catalog_api.Reply):
        return Response(result.status, result.body)
    if result is validations.NO_CONTENT:
        return Response(204, None)
    return Response(200, result)


def path_params_error(method: str, path: str) -> errors.RedemptionError:
    return errors.ResourceNotFound(
        f"no endpoint {printable(method)} {printable(path)}", resource_type="endpoint"
    )


def printable(text: str) -> str:
    """`text` as given, or with its lone surrogates escaped (`\\ud800`) so that an error
    body or a log line quoting it can still be encoded."""
    if rules.is_text(text):
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _query_problem(key: object, values: object) -> str | None:
    if not isinstance(values, list | tuple) or not all(
        isinstance(value, str) for value in values
    ):
        return "must be a string or a list of strings"
    if not isinstance(key, str):
        return "the name must be a string"
    if not rules.is_text(key):
        return "the name " + rules.LONE_SURROGATE_RULE
    if not all(rules.is_text(value) for value in values):
        return rules.LONE_SURROGATE_RULE
    return None


def _check_text(path_params: dict[str, str], params: dict[str, list[str]]) -> None:
    """Path and query parameters are Unicode text: the ledger stores and indexes nothing
    else (issue 8, D2). An in-process caller's path string may hold a lone surrogate (a
    percent-escape cannot: `unquote` replaces invalid UTF-8 with U+FFFD)."""
    for name, value in path_params.items():
        if not rules.is_text(value):
            raise errors.InvalidPayload(f"path parameter {name}: {rules.LONE_SURROGATE_RULE}")
    for key, values in params.items():
        problem = _query_problem(key, values)
        if problem is not None:
            raise errors.InvalidQueryParams(problem, field=printable(key))


def _check_query(route: Route, params: dict[str, list[str]]) -> None:
    for key in params:
        if key in route.query_keys:
            continue
        if route.query_key is not None and route.query_key(key):
            continue
        allowed = ", ".join(sorted(route.query_keys)) or "none"
        if route.query_key is not None:
            allowed += ", filters[<field>][conditions][<$condition>]"
        raise errors.InvalidQueryParams(
            f"not accepted by this endpoint (allowed: {allowed})", field=key
        )


def _single(query: dict[str, list[str]]) -> dict[str, str]:
    single = {}
    for key, values in query.items():
        if len(values) != 1:
            raise errors.InvalidQueryParams("must be given once", field=key)
        single[key] = values[0]
    return single


def _or_empty(body: Any) -> Any:
    """A body that may be left out entirely: none is `{}`."""
    return {} if body is None else body


def _no_body(body: Any) -> None:
    if body not in (None, {}):
        raise errors.InvalidPayload("this endpoint takes no request body", field="$")


_ROLLBACK_QUERY = frozenset({"reason", "tracking_id"})
_PAGE_QUERY = frozenset({"limit", "page"})

ROUTES: tuple[Route, ...] = (
    Route("POST", "/v1/redemptions", JsonApi.redeem),
    Route("GET", "/v1/redemptions/{redemptionId}", JsonApi.get_redemption),
    Route("POST", "/v1/redemptions/{redemptionId}/rollback", JsonApi.rollback, _ROLLBACK_QUERY),
    Route(
        "POST", "/v1/redemptions/{parentRedemptionId}/rollbacks", JsonApi.rollbacks, _ROLLBACK_QUERY
    ),
    Route("POST", "/v1/vouchers", JsonApi.create_voucher),
    Route("POST", "/v1/vouchers/{code}", JsonApi.create_voucher),
    Route("GET", "/v1/vouchers/{code}", JsonApi.get_voucher),
    Route("POST", "/v1/campaigns", JsonApi.create_campaign),
    Route("POST", "/v1/promotions/{campaignId}/tiers", JsonApi.create_tier),
    Route("POST", "/v1/rewards", JsonApi.create_reward),
    Route("POST", "/v1/loyalties/{campaignId}/rewards", JsonApi.assign_rewards),
    Route("POST", "/v1/loyalties/{campaignId}/members", JsonApi.create_member),
    Route(
        "POST", "/v1/loyalties/{campaignId}/members/{memberId}/redemption", JsonApi.redeem_reward
    ),
    Route("POST", "/v1/loyalties/members/{memberId}/redemption", JsonApi.redeem_reward),
    Route(
        "GET",
        "/v1/redemptions",
        JsonApi.list_redemptions,
        queries.LIST_REDEMPTIONS_KEYS,
        queries.is_list_redemptions_key,
    ),
    Route(
        "GET",
        "/v1/vouchers/{code}/redemption",
        JsonApi.voucher_redemptions,
        queries.VOUCHER_REDEMPTIONS_KEYS,
    ),
    Route("GET", "/v1/customers/{customerId}", JsonApi.get_customer),
    Route("POST", "/v1/validations", validations.validate),
    Route("POST", "/client/v1/validations", validations.validate),
    Route("DELETE", "/v1/vouchers/{code}/sessions/{sessionKey}", validations.release_session),
    Route("POST", "/v1/validation-rules", validations.create_rule),
    Route("GET", "/v1/validation-rules", validations.list_rules, _PAGE_QUERY),
    Route("GET", "/v1/validation-rules/{validationRuleId}", validations.get_rule),
    Route("PUT", "/v1/validation-rules/{validationRuleId}", validations.update_rule),
    Route("DELETE", "/v1/validation-rules/{validationRuleId}", validations.delete_rule),
    Route(
        "POST", "/v1/validation-rules/{validationRuleId}/assignments", validations.create_assignment
    ),
    Route(
        "GET",
        "/v1/validation-rules/{validationRuleId}/assignments",
        validations.list_assignments,
        _PAGE_QUERY,
    ),
    Route(
        "GET",
        "/v1/customers/{customerId}/activity",
        JsonApi.customer_activities,
        queries.ACTIVITY_KEYS,
    ),
    # The voucher object's `redemption.url` (Voucherify's plural spelling).
    Route(
        "GET",
        "/v1/vouchers/{code}/redemptions",
        JsonApi.voucher_redemptions,
        queries.VOUCHER_REDEMPTIONS_KEYS,
    ),
    *(Route(*spec) for spec in catalog_api.ROUTES),
)

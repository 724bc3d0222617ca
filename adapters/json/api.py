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
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import attrs
import cattrs
import structlog

from redemption_core.domain import errors
from redemption_core.domain.ledger import Ledger

from . import mapping, requests, wire
from .converter import RequestPayloadError, make_converter, structure_request
from .errors import error_body, internal_error_body, method_not_allowed_body, payload_error

Query = Mapping[str, str | Sequence[str]]
Handler = Callable[["JsonApi", dict[str, str], dict[str, list[str]], Any], Any]


@attrs.frozen
class Response:
    status: int
    body: Any


@attrs.frozen
class Route:
    method: str
    template: str
    handler: Handler
    query_keys: frozenset[str] = frozenset()
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
        # redemption's own bookkeeping. Configure structlog before building the JsonApi.
        self._log = logger or structlog.get_logger("redemption_core.json").bind()

    def call(
        self,
        method: str,
        path: str,
        query: Query | None = None,
        body: Any = None,
    ) -> Response:
        started = time.perf_counter()
        request_id = "v-" + self.ledger.ids.new_id("v")[2:]
        method = method.upper()
        response = self._dispatch(method, path, query or {}, body, request_id)
        if self._log.is_enabled_for(logging.INFO):
            self._log_call(method, path, response, request_id, time.perf_counter() - started)
        return response

    def _dispatch(
        self, method: str, path: str, query: Query, body: Any, request_id: str
    ) -> Response:
        params: dict[str, list[str]] = {}
        bare = path
        if "?" in path:
            split = urlsplit(path)
            bare = split.path
            for key, value in parse_qsl(split.query, keep_blank_values=True):
                params.setdefault(key, []).append(value)
        for key, given in query.items():
            params.setdefault(key, []).extend([given] if isinstance(given, str) else given)
        route, path_params = self._route(method, bare)
        try:
            if route is None:
                if path_params.get("allowed"):
                    # A known path with another method: HTTP 405 (DOMAIN.md 10.2).
                    body = method_not_allowed_body(method, bare, path_params["allowed"], request_id)
                    return Response(405, body)
                raise path_params_error(method, bare)
            _check_query(route, params)
            return Response(200, route.handler(self, path_params, params, body))
        except RequestPayloadError as problem:
            error = payload_error(problem)
            return Response(error.http_status, error_body(error, request_id))
        except errors.RedemptionError as error:
            return Response(error.http_status, error_body(error, request_id))
        except Exception:
            # Anything else is our bug: log it whole, tell the caller nothing internal.
            self._log.exception("json.internal_error", request_id=request_id, method=method,
                                path=bare)
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
            "method": method,
            "path": path,
            "status": response.status,
            "request_id": request_id,
            "duration_ms": round(seconds * 1000, 3),
        }
        if response.status == 200:
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

    def redeem(self, _: dict[str, str], __: dict[str, list[str]], body: Any) -> Any:
        request = structure_request(requests.RedeemRequest, body)
        result = self.ledger.redeem(mapping.redeem_command(request))
        return self.converter.unstructure(result)

    def get_redemption(self, path: dict[str, str], __: dict[str, list[str]], body: Any) -> Any:
        _no_body(body)
        found = self.ledger.get_redemption(path["redemptionId"])
        if mapping.is_redemption(found):
            return mapping.redemption_read_wire(found)
        return self.converter.unstructure(found)

    def rollback(self, path: dict[str, str], query: dict[str, list[str]], body: Any) -> Any:
        request = structure_request(requests.RollbackRequest, {} if body is None else body)
        command = mapping.rollback_command(path["redemptionId"], request, _single(query))
        return self.converter.unstructure(self.ledger.rollback(command))

    def rollbacks(self, path: dict[str, str], query: dict[str, list[str]], body: Any) -> Any:
        request = structure_request(requests.RollbackRequest, {} if body is None else body)
        command = mapping.rollback_command(path["parentRedemptionId"], request, _single(query))
        return self.converter.unstructure(self.ledger.rollback_stack(command))

    def create_voucher(self, path: dict[str, str], __: dict[str, list[str]], body: Any) -> Any:
        request = structure_request(requests.VoucherCreateRequest, body)
        code = path.get("code")
        voucher = self.ledger.create_voucher(mapping.voucher_input(request, code), code)
        return self.converter.unstructure(voucher)

    def get_voucher(self, path: dict[str, str], __: dict[str, list[str]], body: Any) -> Any:
        _no_body(body)
        return self.converter.unstructure(self.ledger.get_voucher(path["code"]))

    def create_campaign(self, _: dict[str, str], __: dict[str, list[str]], body: Any) -> Any:
        request = structure_request(requests.CampaignCreateRequest, body)
        campaign, tiers = self.ledger.create_campaign(mapping.campaign_input(request))
        return wire.campaign(campaign, tiers)

    def create_tier(self, path: dict[str, str], __: dict[str, list[str]], body: Any) -> Any:
        request = structure_request(requests.PromotionTierCreateRequest, body)
        tier, campaign = self.ledger.create_tier(path["campaignId"], mapping.tier_input(request))
        return wire.promotion_tier(tier, campaign)

    def create_reward(self, _: dict[str, str], __: dict[str, list[str]], body: Any) -> Any:
        request = structure_request(requests.RewardCreateRequest, body)
        return self.converter.unstructure(self.ledger.create_reward(mapping.reward_input(request)))

    def assign_rewards(self, path: dict[str, str], __: dict[str, list[str]], body: Any) -> Any:
        items = structure_request(list[requests.RewardAssignmentItemRequest], body)
        made = self.ledger.assign_rewards(path["campaignId"], mapping.assignment_inputs(items))
        return [self.converter.unstructure(item) for item in made]

    def create_member(self, path: dict[str, str], __: dict[str, list[str]], body: Any) -> Any:
        request = structure_request(requests.LoyaltyMemberCreateRequest, body)
        card = self.ledger.publish_member(path["campaignId"], mapping.member_input(request))
        return wire.voucher(card, member=True)


def path_params_error(method: str, path: str) -> errors.RedemptionError:
    return errors.ResourceNotFound(f"no endpoint {method} {path}", resource_type="endpoint")


def _check_query(route: Route, params: dict[str, list[str]]) -> None:
    for key in params:
        if key not in route.query_keys:
            allowed = ", ".join(sorted(route.query_keys)) or "none"
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


def _no_body(body: Any) -> None:
    if body not in (None, {}):
        raise errors.InvalidPayload("this endpoint takes no request body", field="$")


_ROLLBACK_QUERY = frozenset({"reason", "tracking_id"})

ROUTES: tuple[Route, ...] = (
    Route("POST", "/v1/redemptions", JsonApi.redeem),
    Route("GET", "/v1/redemptions/{redemptionId}", JsonApi.get_redemption),
    Route("POST", "/v1/redemptions/{redemptionId}/rollback", JsonApi.rollback, _ROLLBACK_QUERY),
    Route("POST", "/v1/redemptions/{parentRedemptionId}/rollbacks", JsonApi.rollbacks,
          _ROLLBACK_QUERY),
    Route("POST", "/v1/vouchers", JsonApi.create_voucher),
    Route("POST", "/v1/vouchers/{code}", JsonApi.create_voucher),
    Route("GET", "/v1/vouchers/{code}", JsonApi.get_voucher),
    Route("POST", "/v1/campaigns", JsonApi.create_campaign),
    Route("POST", "/v1/promotions/{campaignId}/tiers", JsonApi.create_tier),
    Route("POST", "/v1/rewards", JsonApi.create_reward),
    Route("POST", "/v1/loyalties/{campaignId}/rewards", JsonApi.assign_rewards),
    Route("POST", "/v1/loyalties/{campaignId}/members", JsonApi.create_member),
)

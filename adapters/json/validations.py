"""The JSON edge of DOMAIN.md 16: validations, session release, validation rules.

Request classes (strict, like those of requests.py), their mapping to the domain, the
handlers the routes of api.py call, and the response bodies: `ValidationsValidateResponseBody`,
`ValidationRule`, `ValidationRuleAssignment` and their lists. The validation body is the
redeem body (`RedeemRequest`: the spec gives both the same keys).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import attrs

from redemption_core.domain.model import errors
from redemption_core.domain.model.discount import Discount
from redemption_core.domain.model.voucher import VoucherType
from redemption_core.domain.use_cases.validation import ValidationResult, Verdict
from redemption_core.domain.use_cases.validation_rules import (
    AssignedKind,
    RuleAssignment,
    ValidationRule,
    ValidationRuleInput,
)

from . import mapping, queries, requests, wire
from .converter import structure_request
from .errors import error_body

if TYPE_CHECKING:
    from .api import Call, JsonApi

Wire = dict[str, Any]


# -- requests ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RuleErrorRequest:
    message: str | None = None


@attrs.frozen(kw_only=True)
class ValidationRuleRequest:
    """`ValidationRulesCreateRequestBody` / `ValidationRulesUpdateRequestBody`.

    `rules` is checked by the domain (names, conditions, logic: `invalid_validation_rules`
    naming the path); `bundle_rules` and product targeting (`applicable_to`) are refused.
    """

    name: str | None = None
    rules: dict[str, Any] | None = None
    bundle_rules: object = None
    error: RuleErrorRequest | None = None
    applicable_to: object = None
    type: Literal["expression", "basic", "advanced", "complex"] | None = None
    context_type: str | None = None


@attrs.frozen(kw_only=True)
class AssignmentRequest:
    """`ValidationRulesAssignmentsCreateRequestBody` (+ `reward`, DOMAIN.md 16.3)."""

    related_object_type: Literal[
        "voucher",
        "campaign",
        "promotion_tier",
        "reward",
        "reward_assignment",
        "earning_rule",
        "distribution",
    ] = "voucher"
    related_object_id: str


def _rule_input(given: ValidationRuleRequest, *, creating: bool) -> ValidationRuleInput:
    if given.bundle_rules is not None:
        raise errors.InvalidValidationRules(
            "bundle rules are not supported", field="$.bundle_rules"
        )
    targeting = given.applicable_to
    if targeting is not None and targeting != {} and not _empty_targeting(targeting):
        raise errors.InvalidValidationRules(
            "product targeting of a rule set is not supported", field="$.applicable_to"
        )
    if creating and given.name is None:
        raise errors.InvalidPayload("is required", field="name")
    return ValidationRuleInput(
        name=given.name,
        type=given.type,
        context_type=given.context_type,
        rules=given.rules,
        error_message=given.error.message if given.error else None,
    )


def _empty_targeting(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    return not value.get("included") and not value.get("excluded") and not value.get(
        "included_all"
    )


# -- handlers ----------------------------------------------------------------------------


def validate(api: JsonApi, call: Call) -> Wire:
    request = structure_request(requests.RedeemRequest, call.body)
    command = mapping.redeem_command(request)
    result = api.ledger.validate(
        command, idempotency_key=call.idempotency_key, request_id=call.request_id
    )
    return validation_body(result, call.request_id)


def release_session(api: JsonApi, call: Call) -> Any:
    if call.body not in (None, {}):
        raise errors.InvalidPayload("this endpoint takes no request body", field="$")
    api.ledger.release_session(call.path["code"], call.path["sessionKey"])
    return NO_CONTENT


NO_CONTENT = object()
"""A handler's answer meaning `204 No Content`."""


def create_rule(api: JsonApi, call: Call) -> Wire:
    request = structure_request(ValidationRuleRequest, call.body)
    made = api.ledger.create_validation_rule(
        _rule_input(request, creating=True), idempotency_key=call.idempotency_key
    )
    return rule_body(made)


def get_rule(api: JsonApi, call: Call) -> Wire:
    _no_body(call.body)
    return rule_body(api.ledger.get_validation_rule(call.path["validationRuleId"]))


def update_rule(api: JsonApi, call: Call) -> Wire:
    request = structure_request(ValidationRuleRequest, call.body)
    updated = api.ledger.update_validation_rule(
        call.path["validationRuleId"], _rule_input(request, creating=False)
    )
    return rule_body(updated)


def delete_rule(api: JsonApi, call: Call) -> Any:
    _no_body(call.body)
    api.ledger.delete_validation_rule(call.path["validationRuleId"])
    return NO_CONTENT


def list_rules(api: JsonApi, call: Call) -> Wire:
    _no_body(call.body)
    limit, page = queries.page_size(call.query)
    found, total = api.ledger.list_validation_rules(limit, page)
    return {
        "object": "list",
        "data_ref": "data",
        "data": [rule_body(rule) for rule in found],
        "total": total,
    }


_UNSUPPORTED_KINDS = ("earning_rule", "distribution")


def create_assignment(api: JsonApi, call: Call) -> Wire:
    request = structure_request(AssignmentRequest, call.body)
    if request.related_object_type in _UNSUPPORTED_KINDS:
        raise errors.InvalidPayload(
            "earning rules and distributions do not exist in this ledger",
            field="related_object_type",
        )
    made = api.ledger.assign_validation_rule(
        call.path["validationRuleId"],
        AssignedKind(request.related_object_type),
        request.related_object_id,
        idempotency_key=call.idempotency_key,
    )
    return assignment_body(made)


def list_assignments(api: JsonApi, call: Call) -> Wire:
    _no_body(call.body)
    limit, page = queries.page_size(call.query)
    found = list(api.ledger.validation_rule_assignments(call.path["validationRuleId"]))
    start = (page - 1) * limit
    return {
        "object": "list",
        "data_ref": "data",
        "data": [assignment_body(item) for item in found[start : start + limit]],
        "total": len(found),
    }


def _no_body(body: Any) -> None:
    if body not in (None, {}):
        raise errors.InvalidPayload("this endpoint takes no request body", field="$")


# -- responses ---------------------------------------------------------------------------


def rule_body(rule: ValidationRule) -> Wire:
    return {
        "id": rule.id,
        "name": rule.name,
        "rules": dict(rule.rules),
        "error": {"message": rule.error_message} if rule.error_message is not None else None,
        "applicable_to": {"excluded": [], "included": [], "included_all": False},
        "type": rule.type,
        "context_type": rule.context_type,
        "created_at": wire.date(rule.created_at),
        "updated_at": wire.date(rule.updated_at),
        "assignments_count": rule.assignments_count,
        "object": "validation_rules",
    }


def assignment_body(made: RuleAssignment) -> Wire:
    return {
        "id": made.id,
        "rule_id": made.rule_id,
        "related_object_id": made.related_object_id,
        "related_object_type": made.related_object_type.value,
        "created_at": wire.date(made.created_at),
        "object": "validation_rules_assignment",
    }


_EMPTY_LIST = {"data": [], "total": 0, "object": "list", "data_ref": "data"}


def validation_body(result: ValidationResult, request_id: str) -> Wire:
    items = [_verdict(verdict, request_id) for verdict in result.redeemables]
    body: Wire = {
        "id": result.id,
        "valid": result.valid,
        "redeemables": items,
        "skipped_redeemables": [item for item in items if item["status"] == "SKIPPED"],
        "inapplicable_redeemables": [item for item in items if item["status"] == "INAPPLICABLE"],
        "order": wire.order(result.order),
        "tracking_id": result.tracking_id,
        "stacking_rules": _stacking(result),
    }
    if result.session is not None:
        body["session"] = {
            "key": result.session.key,
            "type": result.session.type.value,
            "ttl": result.session.ttl,
            "ttl_unit": result.session.ttl_unit.value,
        }
    return body


def _stacking(result: ValidationResult) -> Wire:
    rules = result.stacking_rules
    return {
        "redeemables_limit": rules.redeemables_limit,
        "applicable_redeemables_limit": rules.applicable_redeemables_limit,
        "redeemables_application_mode": rules.redeemables_application_mode.value,
        "redeemables_sorting_rule": "REQUESTED_ORDER",
        "redeemables_no_effect_rule": rules.redeemables_no_effect_rule.value,
        "redeemables_rollback_order_mode": rules.redeemables_rollback_order_mode.value,
    }


def _verdict(verdict: Verdict, request_id: str) -> Wire:
    target = verdict.target
    campaign = target.campaign if target is not None else None
    item: Wire = {
        "status": verdict.status,
        "id": verdict.id,
        "object": verdict.object.value,
        "result": _result(verdict, request_id),
        "metadata": _metadata(verdict),
        "categories": [],
        "campaign_name": campaign.name if campaign else None,
        "campaign_id": campaign.id if campaign else None,
        "name": target.tier.name if target is not None and target.tier is not None else None,
    }
    if verdict.status == "APPLICABLE":
        item["order"] = wire.order(verdict.order)
        item["applicable_to"] = dict(_EMPTY_LIST)
        item["inapplicable_to"] = dict(_EMPTY_LIST)
    return item


def _metadata(verdict: Verdict) -> Wire | None:
    target = verdict.target
    if target is None:
        return None
    owner = target.voucher or target.tier
    return dict(owner.metadata) if owner is not None else None


def _result(verdict: Verdict, request_id: str) -> Wire:
    if verdict.status == "INAPPLICABLE" and verdict.error is not None:
        error = error_body(verdict.error, request_id)
        # The item names the redeemable already; the Error schema has no place for it.
        error.pop("redeemable_type", None)
        error.pop("redeemable_id", None)
        return {"error": error, "details": {"key": verdict.key, "message": verdict.message}}
    if verdict.status == "SKIPPED":
        return {"details": {"key": verdict.key, "message": verdict.message}}
    effect, target = verdict.effect, verdict.target
    if effect is None or target is None:
        return {}
    voucher = target.voucher
    if voucher is not None and voucher.type is VoucherType.GIFT_VOUCHER:
        balance = voucher.gift.balance if voucher.gift else None
        return {"gift": {"credits": effect.credits, "balance": balance}}
    if voucher is not None and voucher.type is VoucherType.LOYALTY_CARD:
        return {"loyalty_card": {"points": effect.points}}
    found: Discount | None = voucher.discount if voucher is not None else None
    if target.tier is not None:
        found = target.tier.discount
    return {"discount": wire.discount(found)}

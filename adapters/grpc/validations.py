"""Decode and encode for the RPCs of DOMAIN.md 16: Validate, ReleaseSession, validation rules.

The same translation rules as decode.py/encode.py: optional fields to None, Struct to a JSON
object (whole numbers back to integers, so a rule's `$more_than: [5000]` stays an integer),
enums through `EnumCodec`s, errors named by the proto field.
"""

from __future__ import annotations

from typing import Any

from redemption_core.domain.model import errors, limits
from redemption_core.domain.model.redemption import Channel
from redemption_core.domain.model.voucher import VoucherType
from redemption_core.domain.use_cases.commands import RedeemCommand
from redemption_core.domain.use_cases.sessions import SessionInput, SessionType, TtlUnit
from redemption_core.domain.use_cases.validation import ValidationResult, Verdict
from redemption_core.domain.use_cases.validation_rules import (
    AssignedKind,
    RuleAssignment,
    ValidationRule,
    ValidationRuleInput,
)

from . import decode, enums
from ._generated import redemption_pb2 as redemptions
from ._generated import redemption_service_pb2 as service
from ._generated import validation_pb2 as pb
from .encode_common import discount, order, struct, timestamp

SESSION_TYPE = enums.EnumCodec(SessionType, pb.SessionType, "SESSION_TYPE_")
TTL_UNIT = enums.EnumCodec(TtlUnit, pb.SessionTtlUnit, "SESSION_TTL_UNIT_")
RULE_OBJECT = enums.EnumCodec(AssignedKind, pb.ValidationRuleObject, "VALIDATION_RULE_OBJECT_")

PAGE_SIZE_DEFAULT = 10


# -- decode ------------------------------------------------------------------------------


def session_input(message: Any, field: str = "session") -> SessionInput | None:
    """`session` of a ValidateRequest or RedeemRequest; None when not sent."""
    if not message.HasField("session"):
        return None
    found: pb.SessionInput = message.session
    return SessionInput(
        type=SESSION_TYPE.decode(found.type, f"{field}.type") or SessionType.LOCK,
        key=decode.optional(found, "key"),
        ttl=decode.optional(found, "ttl"),
        ttl_unit=TTL_UNIT.decode(found.ttl_unit, f"{field}.ttl_unit"),
    )


def validate_command(message: service.ValidateRequest, channel: Channel) -> RedeemCommand:
    return decode.redeem_command(message, channel, session_input)  # type: ignore[arg-type]


def rule_input(message: Any, *, creating: bool) -> ValidationRuleInput:
    """A CreateValidationRuleRequest or UpdateValidationRuleRequest as the domain's input."""
    name = message.name if creating else decode.optional(message, "name")
    if creating and not name:
        raise errors.InvalidPayload("is required", field="name")
    rules = decode.json_object(message.rules, "rules") if message.HasField("rules") else None
    return ValidationRuleInput(
        name=name,
        type=decode.optional(message, "type"),
        context_type=decode.optional(message, "context_type"),
        rules=rules,
        error_message=decode.optional(message, "error_message"),
    )


def page(limit: int, number: int) -> tuple[int, int]:
    if limit == 0:
        limit = PAGE_SIZE_DEFAULT
    if not 1 <= limit <= limits.PAGE_SIZE_MAX:
        raise errors.InvalidPayload(f"must be from 1 to {limits.PAGE_SIZE_MAX}", field="limit")
    number = number or 1
    if not 1 <= number <= limits.PAGE_NUMBER_MAX:
        raise errors.InvalidPayload(f"must be from 1 to {limits.PAGE_NUMBER_MAX}", field="page")
    return limit, number


# -- encode ------------------------------------------------------------------------------


def validate_response(result: ValidationResult) -> service.ValidateResponse:
    rules = result.stacking_rules
    granted = None
    if result.session is not None:
        granted = pb.ValidationSession(
            key=result.session.key,
            type=SESSION_TYPE.encode(result.session.type),
            ttl=result.session.ttl,
            ttl_unit=TTL_UNIT.encode(result.session.ttl_unit),
        )
    return service.ValidateResponse(
        id=result.id,
        valid=result.valid,
        redeemables=[_verdict(item) for item in result.redeemables],
        order=order(result.order),
        tracking_id=result.tracking_id,
        session=granted,
        stacking_rules=pb.StackingRules(
            redeemables_limit=rules.redeemables_limit,
            applicable_redeemables_limit=rules.applicable_redeemables_limit,
            redeemables_application_mode=rules.redeemables_application_mode.value,
            redeemables_sorting_rule="REQUESTED_ORDER",
            redeemables_no_effect_rule=rules.redeemables_no_effect_rule.value,
            redeemables_rollback_order_mode=rules.redeemables_rollback_order_mode.value,
        ),
    )


def _verdict(verdict: Verdict) -> pb.ValidatedRedeemable:
    target = verdict.target
    campaign = target.campaign if target is not None else None
    owner = (target.voucher or target.tier) if target is not None else None
    outcome = None
    if verdict.status != "APPLICABLE":
        error = None
        if verdict.error is not None:
            error = redemptions.RedeemableOutcomeError(
                code=verdict.error.http_status, key=verdict.error.code,
                message=verdict.error.message,
            )
        outcome = redemptions.RedeemableOutcomeResult(
            details=redemptions.RedeemableOutcomeDetails(
                key=verdict.key or "", message=verdict.message or ""
            ),
            error=error,
        )
    return pb.ValidatedRedeemable(
        status=verdict.status,
        id=verdict.id,
        object=enums.REDEEMABLE_OBJECT.encode(verdict.object),
        order=order(verdict.order),
        result=_effect(verdict),
        outcome=outcome,
        metadata=struct(owner.metadata) if owner is not None else None,
        campaign_name=campaign.name if campaign else None,
        campaign_id=campaign.id if campaign else None,
        name=target.tier.name if target is not None and target.tier is not None else None,
    )


def _effect(verdict: Verdict) -> pb.ValidationResult | None:
    effect, target = verdict.effect, verdict.target
    if verdict.status != "APPLICABLE" or effect is None or target is None:
        return None
    card = target.voucher
    if card is not None and card.type is VoucherType.GIFT_VOUCHER:
        balance = card.gift.balance if card.gift else None
        return pb.ValidationResult(gift_credits=effect.credits, gift_balance=balance)
    if card is not None and card.type is VoucherType.LOYALTY_CARD:
        return pb.ValidationResult(loyalty_points=effect.points)
    found = target.tier.discount if target.tier is not None else card.discount if card else None
    return pb.ValidationResult(discount=discount(found))


def validation_rule(rule: ValidationRule) -> pb.ValidationRule:
    return pb.ValidationRule(
        id=rule.id,
        name=rule.name,
        rules=struct(rule.rules),
        error_message=rule.error_message,
        type=rule.type,
        context_type=rule.context_type,
        created_at=timestamp(rule.created_at),
        updated_at=timestamp(rule.updated_at),
        assignments_count=rule.assignments_count,
    )


def assignment(made: RuleAssignment) -> pb.ValidationRuleAssignment:
    return pb.ValidationRuleAssignment(
        id=made.id,
        rule_id=made.rule_id,
        related_object_type=RULE_OBJECT.encode(made.related_object_type),
        related_object_id=made.related_object_id,
        created_at=timestamp(made.created_at),
    )

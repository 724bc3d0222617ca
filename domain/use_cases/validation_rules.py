"""Validation rule sets and their assignments (DOMAIN.md 16.3): entities and CRUD.

A rule set keeps its `rules` as the JSON it was given (checked by `rule_set.parse_rules` on
construction, so a stored row is checked again on every read) and is parsed once per
version for evaluation. Deleting a rule set tombstones it and its assignments: the store
port has no delete, and a tombstone leaves the indexes (`listed`, `live_*` are None).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

import attrs

from ..model import errors, limits
from ..model import rules as checks
from ..model.campaign import Campaign, PromotionTier
from ..model.context import RequestContext
from ..model.reward import Reward, RewardAssignment
from ..model.rule_set import RuleGroup, RuleSetError, count_rules, parse_rules
from ..model.rules import FieldError
from ..model.voucher import Voucher
from ..ports import UnitOfWork

RULE_SET_TYPES = ("basic", "advanced", "complex", "expression")
CONTEXT_TYPES = (
    "earning_rule.order.paid",
    "earning_rule.custom_event",
    "earning_rule.customer.segment.entered",
    "earning_rule.customer.tier.joined",
    "earning_rule.customer.tier.left",
    "earning_rule.customer.tier.upgraded",
    "earning_rule.customer.tier.downgraded",
    "earning_rule.customer.tier.prolonged",
    "campaign.discount_coupons",
    "campaign.discount_coupons.discount.apply_to_order",
    "campaign.discount_coupons.discount.apply_to_items",
    "campaign.discount_coupons.discount.apply_to_items_proportionally",
    "campaign.discount_coupons.discount.apply_to_items_proportionally_by_quantity",
    "campaign.discount_coupons.discount.fixed.apply_to_items",
    "campaign.gift_vouchers",
    "campaign.gift_vouchers.gift.apply_to_order",
    "campaign.gift_vouchers.gift.apply_to_items",
    "campaign.referral_program",
    "campaign.referral_program.discount.apply_to_order",
    "campaign.referral_program.discount.apply_to_items",
    "campaign.referral_program.discount.apply_to_items_proportionally",
    "campaign.referral_program.discount.apply_to_items_proportionally_by_quantity",
    "campaign.referral_program.discount.fixed.apply_to_items",
    "campaign.promotion",
    "campaign.promotion.discount.apply_to_order",
    "campaign.promotion.discount.apply_to_items",
    "campaign.promotion.discount.apply_to_items_proportionally",
    "campaign.promotion.discount.apply_to_items_proportionally_by_quantity",
    "campaign.promotion.discount.fixed.apply_to_items",
    "campaign.loyalty_program",
    "campaign.lucky_draw",
    "voucher.discount_voucher",
    "voucher.discount_voucher.discount.apply_to_order",
    "voucher.discount_voucher.discount.apply_to_items",
    "voucher.discount_voucher.discount.apply_to_items_proportionally",
    "voucher.discount_voucher.discount.apply_to_items_proportionally_by_quantity",
    "voucher.discount_voucher.discount.fixed.apply_to_items",
    "voucher.gift_voucher",
    "voucher.gift_voucher.gift.apply_to_order",
    "voucher.gift_voucher.gift.apply_to_items",
    "voucher.loyalty_card",
    "distribution.custom_event",
    "reward_assignment.pay_with_points",
    "global",
)
"""`ValidationRuleBase.context_type` values of the spec."""

class AssignedKind(StrEnum):
    VOUCHER = "voucher"
    CAMPAIGN = "campaign"
    PROMOTION_TIER = "promotion_tier"
    REWARD = "reward"
    REWARD_ASSIGNMENT = "reward_assignment"
    """The spec's name for a reward as assigned to a loyalty campaign (`rewa_…`)."""


def _one_of(allowed: tuple[str, ...]) -> Any:
    def check(_: object, attribute: Any, value: Any) -> None:
        if value not in allowed:
            shown = ", ".join(allowed[:5]) + (", ..." if len(allowed) > 5 else "")
            raise FieldError(attribute.name, f"must be one of: {shown}")

    return check


_COMPILED: dict[tuple[str, int], tuple[Mapping[str, Any], RuleGroup]] = {}
"""Parsed rule sets by (id, version), with the rules they were parsed from: a store reads
the same rule set on every redemption it governs, and parsing is most of the cost of
reading one. Reused only when the rules are equal to those parsed (content-checked), so
two stores holding the same id never share a wrong parse."""

_COMPILED_MAX = 1_024


def _compiled_for(rule_id: str, version: int, value: Mapping[str, Any]) -> RuleGroup:
    key = (rule_id, version)
    found = _COMPILED.get(key)
    if found is not None and found[0] == value:
        return found[1]
    group = _compile(value)
    if len(_COMPILED) >= _COMPILED_MAX:
        _COMPILED.clear()
    _COMPILED[key] = (value, group)
    return group


def _compile(value: Mapping[str, Any]) -> RuleGroup:
    try:
        group = parse_rules(value)
    except RuleSetError as error:
        raise FieldError(error.path, error.rule) from error
    if count_rules(group) > limits.VALIDATION_RULES_PER_SET_MAX:
        raise FieldError(
            "$.rules", f"holds more than {limits.VALIDATION_RULES_PER_SET_MAX} rules"
        )
    return group


@attrs.frozen(kw_only=True)
class ValidationRule:
    """`ValidationRule`: a named rule set (`val_…`)."""

    unique_keys: ClassVar[tuple[str, ...]] = ()
    index_keys: ClassVar[tuple[str, ...]] = ("listed",)

    id: str = attrs.field(validator=checks.identifier)
    name: str = attrs.field(validator=checks.identifier)
    type: str = attrs.field(default="expression", validator=_one_of(RULE_SET_TYPES))
    context_type: str = attrs.field(default="global", validator=_one_of(CONTEXT_TYPES))
    rules: Mapping[str, Any]
    error_message: str | None = attrs.field(default=None, validator=checks.text)
    created_at: datetime = attrs.field(validator=checks.utc_datetime)
    updated_at: datetime | None = attrs.field(default=None, validator=checks.utc_datetime)
    assignments_count: int = attrs.field(default=0, validator=checks.count)
    deleted: bool = False
    version: int = 0
    compiled: RuleGroup = attrs.field(init=False, eq=False, repr=False)
    """`rules` parsed, on construction: a stored row is checked again on every read."""

    @compiled.default
    def _compiled(self) -> RuleGroup:
        return _compiled_for(self.id, self.version, self.rules)

    @property
    def listed(self) -> str | None:
        """The list index: every live rule set shares one value, tombstones have none."""
        return None if self.deleted else "validation_rule"

    def parsed(self) -> RuleGroup:
        return self.compiled


@attrs.frozen(kw_only=True)
class RuleAssignment:
    """`ValidationRuleAssignment` (`asgm_…`): a rule set governing one object."""

    unique_keys: ClassVar[tuple[str, ...]] = ("rule_object",)
    index_keys: ClassVar[tuple[str, ...]] = ("live_rule_id", "live_object")

    id: str = attrs.field(validator=checks.identifier)
    rule_id: str = attrs.field(validator=checks.identifier)
    related_object_type: AssignedKind = attrs.field(validator=checks.kind(AssignedKind))
    related_object_id: str = attrs.field(validator=checks.identifier)
    created_at: datetime = attrs.field(validator=checks.utc_datetime)
    deleted: bool = False
    version: int = 0

    @property
    def rule_object(self) -> str | None:
        if self.deleted:
            return None
        return f"{self.rule_id}/{self.related_object_type.value}/{self.related_object_id}"

    @property
    def live_rule_id(self) -> str | None:
        return None if self.deleted else self.rule_id

    @property
    def live_object(self) -> str | None:
        if self.deleted:
            return None
        return object_key(self.related_object_type, self.related_object_id)


def object_key(kind: AssignedKind, object_id: str) -> str:
    return f"{kind.value}:{object_id}"


@attrs.frozen(kw_only=True)
class ValidationRuleInput:
    """Body of `POST /v1/validation-rules` and `PUT /v1/validation-rules/{id}`."""

    name: str | None = None
    type: str | None = None
    context_type: str | None = None
    rules: Mapping[str, Any] | None = None
    error_message: str | None = None


def _invalid(error: FieldError) -> errors.RedemptionError:
    field = error.field if error.field.startswith("$") else f"$.{error.field}"
    return errors.InvalidValidationRules(error.rule, field=field)


def create_rule(uow: UnitOfWork, given: ValidationRuleInput, ctx: RequestContext) -> ValidationRule:
    if given.name is None:
        raise errors.InvalidValidationRules("is required", field="$.name")
    if given.rules is None:
        raise errors.InvalidValidationRules("is required", field="$.rules")
    try:
        made = ValidationRule(
            id=ctx.ids.new_id("val"),
            name=given.name,
            type=given.type or "expression",
            context_type=given.context_type or "global",
            rules=dict(given.rules),
            error_message=given.error_message,
            created_at=ctx.now,
        )
    except FieldError as error:
        raise _invalid(error) from error
    uow.add(made)
    return made


def get_rule(uow: UnitOfWork, rule_id: str) -> ValidationRule:
    found = uow.get(ValidationRule, rule_id)
    if found is None or found.deleted:
        raise errors.ResourceNotFound(
            f"validation rule {rule_id}", resource_id=rule_id, resource_type="validation_rules"
        )
    return found


def update_rule(
    uow: UnitOfWork, rule_id: str, given: ValidationRuleInput, ctx: RequestContext
) -> ValidationRule:
    """PUT: the fields sent replace the stored ones (`rules` as a whole)."""
    found = get_rule(uow, rule_id)
    changes: dict[str, Any] = {
        name: getattr(given, name)
        for name in ("name", "type", "context_type", "error_message")
        if getattr(given, name) is not None
    }
    if given.rules is not None:
        changes["rules"] = dict(given.rules)
    try:
        updated = checks.evolve(found, updated_at=ctx.now, version=found.version + 1, **changes)
    except FieldError as error:
        raise _invalid(error) from error
    uow.replace(updated)
    return updated


def delete_rule(uow: UnitOfWork, rule_id: str, ctx: RequestContext) -> None:
    """Tombstone the rule set and every assignment of it."""
    found = get_rule(uow, rule_id)
    for assignment in uow.select(
        RuleAssignment, "live_rule_id", rule_id, limits.VALIDATION_RULES_LISTED_MAX
    ):
        uow.replace(checks.evolve(assignment, deleted=True, version=assignment.version + 1))
    uow.replace(checks.evolve(found, deleted=True, updated_at=ctx.now, version=found.version + 1))


def list_rules(uow: UnitOfWork, limit: int, page: int) -> tuple[list[ValidationRule], int]:
    """One page of live rule sets, oldest first, and how many there are (up to the bound)."""
    everything = uow.select(
        ValidationRule, "listed", "validation_rule", limits.VALIDATION_RULES_LISTED_MAX
    )
    start = (page - 1) * limit
    return list(everything[start : start + limit]), len(everything)


def assign(
    uow: UnitOfWork, rule_id: str, kind: AssignedKind, object_id: str, ctx: RequestContext
) -> RuleAssignment:
    """`POST /v1/validation-rules/{id}/assignments`; the object must exist."""
    rule = get_rule(uow, rule_id)
    resolved = _resolve_object(uow, kind, object_id)
    key = f"{rule.id}/{kind.value}/{resolved}"
    if uow.find(RuleAssignment, "rule_object", key) is not None:
        raise errors.DuplicateFound(
            f"validation rule {rule.id} is already assigned to {kind.value} {object_id}",
            field="related_object_id",
        )
    existing = uow.select(
        RuleAssignment, "live_object", object_key(kind, resolved),
        limits.RULE_ASSIGNMENTS_PER_OBJECT_MAX,
    )
    if len(existing) >= limits.RULE_ASSIGNMENTS_PER_OBJECT_MAX:
        raise errors.InvalidPayload(
            f"a {kind.value} may have at most {limits.RULE_ASSIGNMENTS_PER_OBJECT_MAX} rule sets",
            field="related_object_id",
        )
    made = RuleAssignment(
        id=ctx.ids.new_id("asgm"),
        rule_id=rule.id,
        related_object_type=kind,
        related_object_id=resolved,
        created_at=ctx.now,
    )
    uow.add(made)
    uow.replace(
        checks.evolve(rule, assignments_count=rule.assignments_count + 1, version=rule.version + 1)
    )
    return made


def _resolve_object(uow: UnitOfWork, kind: AssignedKind, object_id: str) -> str:
    """The stored id of the object named by id (or a voucher's code, a campaign's name)."""
    found: Any
    if kind is AssignedKind.VOUCHER:
        found = uow.get(Voucher, object_id) or uow.find(Voucher, "code", object_id)
    elif kind is AssignedKind.CAMPAIGN:
        found = uow.get(Campaign, object_id) or uow.find(Campaign, "name", object_id)
    elif kind is AssignedKind.PROMOTION_TIER:
        found = uow.get(PromotionTier, object_id)
    elif kind is AssignedKind.REWARD_ASSIGNMENT:
        found = uow.get(RewardAssignment, object_id)
    else:
        found = uow.get(Reward, object_id)
    if found is None:
        raise errors.ResourceNotFound(
            f"{kind.value} {object_id}",
            field="related_object_id",
            resource_id=object_id,
            resource_type=kind.value,
        )
    stored: str = found.id
    return stored


def assignments_of(uow: UnitOfWork, rule_id: str) -> Sequence[RuleAssignment]:
    get_rule(uow, rule_id)
    return uow.select(RuleAssignment, "live_rule_id", rule_id, limits.VALIDATION_RULES_LISTED_MAX)


def rules_for(uow: UnitOfWork, objects: Sequence[tuple[AssignedKind, str]]) -> list[ValidationRule]:
    """The live rule sets governing these objects, each once, in assignment order."""
    found: dict[str, ValidationRule] = {}
    for kind, object_id in objects:
        for assignment in uow.select(
            RuleAssignment, "live_object", object_key(kind, object_id),
            limits.RULE_ASSIGNMENTS_PER_OBJECT_MAX,
        ):
            if assignment.rule_id in found:
                continue
            rule = uow.get(ValidationRule, assignment.rule_id)
            if rule is not None and not rule.deleted:
                found[rule.id] = rule
    return list(found.values())

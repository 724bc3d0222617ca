"""Redeem one or more redeemables against an order (DOMAIN.md 7.1, 8, 9).

`redeem` reads through the unit of work, decides, and stages every write of the outcome:
on success the cards, tiers, customer, order and redemption records; on a business failure
only the failed redemption (`rf_`) and the customer it names. It never commits: the service
does. Request-shape errors (`InvalidRequest`) are raised before anything is staged.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import attrs

from ..model import errors
from ..model.context import RequestContext
from ..model.customer import Customer, tracking_id
from ..model.events import EventType, new_event
from ..model.order import Order
from ..model.redemption import (
    Redemption,
    RedemptionStatus,
    RelatedObjectType,
    Result,
)
from ..model.rules import FieldError, check_metadata
from ..model.settings import ApplicationMode, NoEffectRule
from ..ports import UnitOfWork
from ..read_side import sequences
from . import sessions
from .checks import Target, check_tier, check_voucher, resolve
from .commands import (
    RedeemableInput,
    RedeemableKind,
    RedeemableOutcome,
    RedeemCommand,
    RedeemResult,
)
from .effects import Effect, apply_effect
from .parties import Resolved, resolve_customer, resolve_order
from .redeem_records import Applied, SessionUse, stage_success
from .redeem_rules import Pricing, check_rules, with_reservations


class Rejected(NamedTuple):
    request: RedeemableInput
    position: int
    error: errors.RedemptionError
    target: Target | None


@attrs.frozen
class RedeemFailure:
    """A refused request: the error to report and the `rf_` record that documents it."""

    error: errors.RedemptionError
    record: Redemption


class Decision(NamedTuple):
    """What the checks decided for a request, before anything is staged: the one decision
    behind both outcomes, a redemption (`redeem` stages it) and a validation (reported)."""

    who: Resolved
    order: Order | None
    order_is_new: bool
    applied: list[Applied]
    skipped: list[RedeemableOutcome]
    rejected: list[Rejected]


def decide(uow: UnitOfWork, command: RedeemCommand, ctx: RequestContext) -> Decision:
    """Run every check and price every redeemable; read-only (nothing is staged)."""
    check_request_shape(command, ctx)
    who = resolve_customer(uow, command.customer, command.tracking_id, ctx)
    order, order_is_new = resolve_order(uow, command.order, who.customer, ctx)
    targets, rejected = _resolve_all(uow, command.redeemables)
    applied, skipped = _evaluate(uow, targets, rejected, order, who.customer, ctx, command)
    return Decision(who, order, order_is_new, applied, skipped, rejected)


def refusal(
    decision: Decision, command: RedeemCommand, ctx: RequestContext
) -> tuple[errors.RedemptionError, Target | None] | None:
    """Why the request as a whole fails (and the redeemable to blame), or None."""
    stack_mode = ctx.settings.stacking.redeemables_application_mode
    lone = len(command.redeemables) == 1
    rejected, applied = decision.rejected, decision.applied
    if rejected and (stack_mode is ApplicationMode.ALL or (lone and not applied)):
        return _first_rejection(rejected)
    if not applied:
        # PARTIAL with nothing applicable, or everything valid skipped (no-effect rule).
        return errors.NoApplicableRedeemables("no redeemable could be applied"), None
    return None


def redeem(
    uow: UnitOfWork, command: RedeemCommand, ctx: RequestContext
) -> RedeemResult | RedeemFailure:
    decision = decide(uow, command, ctx)
    who = decision.who
    refused = refusal(decision, command, ctx)
    if refused is not None:
        return _record_failure(uow, command, ctx, who, *refused)
    _stage_customer(uow, who)
    outcomes = (tuple(_inapplicable(item) for item in decision.rejected), tuple(decision.skipped))
    tracking = _tracking(command, ctx, who.customer)
    session = None
    if command.session is not None and command.session.key is not None:
        redeemed = [item.target.voucher.id for item in decision.applied if item.target.voucher]
        used = sessions.consume(uow, command.session.key, redeemed, ctx.now)
        session = SessionUse(command.session.key, used) if used else None
    return stage_success(
        uow, command, ctx, who.customer, decision.order_is_new, decision.applied, outcomes,
        tracking, session,
    )


def check_request_shape(command: RedeemCommand, ctx: RequestContext) -> None:
    """Count, duplicates and stack rules of `redeemables`; nothing is recorded on failure."""
    count = len(command.redeemables)
    limit = ctx.settings.stacking.redeemables_limit
    if count == 0:
        raise errors.InvalidPayload("must hold at least 1 redeemable", field="redeemables")
    if count > limit:
        raise errors.InvalidPayload(f"must hold at most {limit} redeemables", field="redeemables")
    seen: set[tuple[RedeemableKind, str]] = set()
    for index, item in enumerate(command.redeemables):
        key = (item.object, item.id)
        if key in seen:
            raise errors.DuplicatedRedeemables(item.id, field=f"redeemables[{index}].id")
        seen.add(key)
        if item.object is RedeemableKind.PROMOTION_STACK and count > 1:
            raise errors.InvalidRedeemables(
                "a promotion_stack must be the only redeemable", field=f"redeemables[{index}]"
            )
        if item.credits is not None and item.reward_id is not None:
            raise errors.InvalidPayload(
                "send gift or reward, not both", field=f"redeemables[{index}]"
            )
    if command.metadata is not None:
        try:
            check_metadata("metadata", command.metadata)
        except FieldError as error:
            raise errors.InvalidPayload(error.rule, field=error.field) from error


def _resolve_all(
    uow: UnitOfWork, requests: tuple[RedeemableInput, ...]
) -> tuple[list[Target], list[Rejected]]:
    targets: list[Target] = []
    rejected: list[Rejected] = []
    seen: dict[str, int] = {}
    for index, request in enumerate(requests):
        try:
            target = resolve(uow, request, index)
        except errors.ResourceNotFound as error:
            rejected.append(Rejected(request, index, error, None))
            continue
        if target.object_id in seen:
            # A code and its `v_` id name the same voucher: still a duplicate.
            raise errors.DuplicatedRedeemables(request.id, field=f"redeemables[{index}].id")
        seen[target.object_id] = index
        targets.append(target)
    return targets, rejected


def _evaluate(
    uow: UnitOfWork,
    targets: list[Target],
    rejected: list[Rejected],
    order: Order | None,
    customer: Customer | None,
    ctx: RequestContext,
    command: RedeemCommand,
) -> tuple[list[Applied], list[RedeemableOutcome]]:
    """Check and price every target in request order, compounding on the order.

    The last applied effect is left for the caller to apply: a lone redemption then costs
    one order transition instead of two.
    """
    rules = ctx.settings.stacking
    applied: list[Applied] = []
    skipped: list[RedeemableOutcome] = []
    working = order
    pending: Effect | None = None
    for resolved in targets:
        if pending is not None:
            working = apply_effect(working, pending)
            pending = None
        target = with_reservations(uow, resolved, ctx, command)
        try:
            check_voucher(target, ctx.now, customer)
            check_tier(target, ctx.now)
            price = Pricing(uow, target, working, rules.discount_calculation_mode)
            check_rules(uow, target, working, customer, ctx, command, applied, price)
            effect = price.effect()
        except (errors.RedeemableRejected, errors.NotFound) as error:
            rejected.append(Rejected(target.request, target.position, error, target))
            continue
        if len(applied) >= rules.applicable_redeemables_limit:
            skipped.append(_skip(target, "applicable_redeemables_limit_exceeded"))
            continue
        no_effect = effect.discount == 0 and effect.credits == 0 and effect.points == 0
        if no_effect and rules.redeemables_no_effect_rule is NoEffectRule.SKIP:
            skipped.append(_skip(target, "no_effect"))
            continue
        applied.append(Applied(target, effect, working))
        pending = effect
    rejected.sort(key=lambda item: item.position)
    return applied, skipped


def _skip(target: Target, key: str) -> RedeemableOutcome:
    return RedeemableOutcome(
        status="SKIPPED",
        object=target.request.object,
        id=target.request.id,
        key=key,
        message=key.replace("_", " ").capitalize(),
        campaign_id=target.campaign.id if target.campaign else None,
        campaign_name=target.campaign.name if target.campaign else None,
    )


def _stage_customer(uow: UnitOfWork, who: Resolved) -> None:
    if who.customer is None or not who.changed:
        return
    if who.is_new:
        uow.add(who.customer)
        sequences.append(uow, sequences.CUSTOMERS, who.customer.id)
    else:
        uow.replace(who.customer)


def _tracking(command: RedeemCommand, ctx: RequestContext, customer: Customer | None) -> str | None:
    source = customer.source_id if customer is not None else command.tracking_id
    if source is None:
        return None
    return tracking_id(source, ctx.settings.tracking_secret)


def _first_rejection(rejected: list[Rejected]) -> tuple[errors.RedemptionError, Target | None]:
    first = rejected[0]
    error = first.error
    error.redeemable_type = first.request.object.value
    error.redeemable_id = first.request.id
    if error.field is None:
        error.field = f"redeemables[{first.position}]"
    return error, first.target


def _record_failure(
    uow: UnitOfWork,
    command: RedeemCommand,
    ctx: RequestContext,
    who: Resolved,
    error: errors.RedemptionError,
    target: Target | None,
) -> RedeemFailure:
    # A failed attempt documents itself and its customer, and changes no balance.
    _stage_customer(uow, who)
    return stage_failure(
        uow,
        ctx,
        error,
        related=(target.related_type, target.object_id) if target is not None else None,
        channel=command.channel or ctx.channel,
        customer=who.customer,
        tracking_id=_tracking(command, ctx, who.customer),
        metadata=dict(command.metadata or {}),
        voucher=target.voucher if target else None,
        promotion_tier=target.tier if target else None,
        campaign=target.campaign if target else None,
    )


def stage_failure(
    uow: UnitOfWork,
    ctx: RequestContext,
    error: errors.RedemptionError,
    *,
    related: tuple[RelatedObjectType, str] | None,
    **fields: Any,
) -> RedeemFailure:
    """Record a refused redemption (`rf_`) and its `redemption.failed` event.

    `related` names the redeemable; without one the record refers to itself (DOMAIN.md 3).
    """
    record_id = ctx.ids.new_id("rf")
    related_type, related_id = related or (RelatedObjectType.REDEMPTION, record_id)
    record = Redemption(
        id=record_id,
        date=ctx.now,
        result=Result.FAILURE,
        status=RedemptionStatus.FAILED,
        related_object_type=related_type,
        related_object_id=related_id,
        failure_code=error.code,
        failure_message=error.message,
        **fields,
    )
    uow.add(record)
    uow.append_event(new_event(EventType.REDEMPTION_FAILED, ctx, redemption=record))
    return RedeemFailure(error.with_record(record_id, "redemption"), record)


def _inapplicable(item: Rejected) -> RedeemableOutcome:
    campaign = item.target.campaign if item.target else None
    return RedeemableOutcome(
        status="INAPPLICABLE",
        object=item.request.object,
        id=item.request.id,
        key=item.error.code,
        message=item.error.message,
        error_code=item.error.code,
        campaign_id=campaign.id if campaign else None,
        campaign_name=campaign.name if campaign else None,
    )

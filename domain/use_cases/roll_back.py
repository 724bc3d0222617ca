"""Roll back a redemption: single (`/rollback`) or a whole stack (`/rollbacks`).

Checks, in this precedence (DOMAIN.md 6.2):
1. unknown id -> `not_found` (404; nothing recorded, A7);
2. a failed redemption (`rf_`) -> `invalid_redemption` (nothing recorded, A5);
3. a child of a stack -> `invalid_redemption_parent` (nothing recorded);
4. a stack's parent on the single endpoint -> `invalid_redemption` (nothing recorded);
5. already rolled back -> `already_rolled_back` (an `rrf_` is recorded);
6. older than three months -> `invalid_rollback_params` (`rrf_` recorded, A6);
7. the body's customer is not the redemption's -> `invalid_customer` (`rrf_` recorded;
   an unknown customer id is `not_found`, nothing recorded);
8. the body's order is not the redemption's -> `invalid_order` (`rrf_` recorded).

Effects (9.6): each rolled-back child or single redemption gives back its use, credits and
points exactly; its tier summary shrinks; with `WITH_ORDER` its discounts leave the order,
which becomes CANCELED. Every target moves SUCCEEDED -> ROLLED_BACK.
"""

from __future__ import annotations

import calendar
from datetime import datetime

import attrs

from ..model import errors, limits, rules
from ..model.campaign import PromotionTier
from ..model.context import RequestContext
from ..model.customer import Customer, tracking_id
from ..model.events import EventType, new_event
from ..model.order import Order
from ..model.redemption import Redemption, RedemptionStatus, RelatedRef, Result, RollbackOrderMode
from ..model.redemption_rollback import RedemptionRollback, RollbackStatus
from ..model.reward_redemption import RewardRedemption
from ..model.voucher import Voucher
from ..ports import UnitOfWork
from .commands import OrderInput, RollbackCommand, StackedRollbackResult
from .parties import customer_by_id, find_order
from .transactions import Cause, record_movement


@attrs.frozen
class RollbackFailure:
    """A refused rollback: the error and, when one was recorded, its `rrf_` record."""

    error: errors.RedemptionError
    record: RedemptionRollback | None


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months later (clamped to the month's end)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def roll_back_single(
    uow: UnitOfWork, command: RollbackCommand, ctx: RequestContext
) -> RedemptionRollback | RollbackFailure:
    target = _target(uow, command, stacked=False)
    refusal = _refusal(uow, target, command, ctx)
    if refusal is not None:
        return _record_failure(uow, target, command, ctx, refusal)
    result = _undo(uow, target, [target], command, ctx)
    return result.rollbacks[0]


def roll_back_stack(
    uow: UnitOfWork, command: RollbackCommand, ctx: RequestContext
) -> StackedRollbackResult | RollbackFailure:
    target = _target(uow, command, stacked=True)
    refusal = _refusal(uow, target, command, ctx)
    if refusal is not None:
        return _record_failure(uow, target, command, ctx, refusal)
    if not target.is_parent:
        return _undo(uow, target, [target], command, ctx)
    children = []
    for ref in target.children:
        child = uow.get(Redemption, ref.id)
        if child is None:
            raise errors.InvariantViolation(f"{target.id}: child {ref.id} is missing")
        if child.status is RedemptionStatus.SUCCEEDED:
            children.append(child)
    return _undo(uow, target, children, command, ctx)


def check_rollback_body(command: RollbackCommand, target: Redemption | None = None) -> None:
    """The body's own limits, before anything is looked at or written."""
    try:
        rules.text(None, _Named("reason"), command.reason)
        rules.text(None, _Named("tracking_id"), command.tracking_id)
        if command.metadata is not None:
            rules.check_metadata("metadata", command.metadata)
            if target is not None:
                # The rollback's metadata is merged into the redemption's: both must fit.
                rules.check_metadata("metadata", {**target.metadata, **command.metadata})
    except rules.FieldError as error:
        raise errors.InvalidPayload(error.rule, field=error.field) from error


@attrs.frozen
class _Named:
    """Stands in for an attrs attribute so field validators can check a loose value."""

    name: str


def _target(uow: UnitOfWork, command: RollbackCommand, *, stacked: bool) -> Redemption:
    check_rollback_body(command)
    target = uow.get(Redemption, command.redemption_id)
    if target is None:
        raise errors.ResourceNotFound(
            f"redemption {command.redemption_id}",
            resource_id=command.redemption_id,
            resource_type="redemption",
        )
    if target.result is Result.FAILURE:
        raise errors.InvalidRedemption(f"{target.id} failed; there is nothing to roll back")
    if target.is_child:
        raise errors.InvalidRedemptionParent(
            f"{target.id} belongs to stack {target.parent_id}; roll back the parent with /rollbacks"
        )
    if target.is_parent and not stacked:
        raise errors.InvalidRedemption(
            f"{target.id} is a stacked redemption; only single redemptions can be rolled back "
            "here, use /rollbacks"
        )
    check_rollback_body(command, target)
    return target


def _refusal(
    uow: UnitOfWork, target: Redemption, command: RollbackCommand, ctx: RequestContext
) -> errors.RedemptionError | None:
    if target.status is RedemptionStatus.ROLLED_BACK:
        return errors.AlreadyRolledBack(target.id)
    if ctx.now > add_months(target.date, limits.ROLLBACK_WINDOW_MONTHS):
        return errors.InvalidRollbackParams(
            f"{target.id} is older than {limits.ROLLBACK_WINDOW_MONTHS} months"
        )
    customer_error = _customer_mismatch(uow, target, command)
    if customer_error is not None:
        return customer_error
    if command.order is not None and not _same_order(uow, target, command.order):
        return errors.RollbackOrderMismatch(target.id, field="order")
    return None


def _customer_mismatch(
    uow: UnitOfWork, target: Redemption, command: RollbackCommand
) -> errors.RedemptionError | None:
    given = command.customer
    claimed: Customer | None = None
    if given is not None and given.id is not None:
        claimed = customer_by_id(uow, given.id)
    else:
        source = given.source_id if given is not None else None
        source = source or command.tracking_id
        if source is None:
            return None
        claimed = uow.find(Customer, "source_id", source)
    if claimed is None or claimed.id != target.customer_id:
        return errors.RollbackCustomerMismatch(target.id, field="customer")
    return None


def _same_order(uow: UnitOfWork, target: Redemption, given: OrderInput) -> bool:
    try:
        order = find_order(uow, given)
    except errors.ResourceNotFound:
        return False
    return order is not None and target.order is not None and order.id == target.order.id


def _record_failure(
    uow: UnitOfWork,
    target: Redemption,
    command: RollbackCommand,
    ctx: RequestContext,
    error: errors.RedemptionError,
) -> RollbackFailure:
    record_id = ctx.ids.new_id("rrf")
    record = _rollback_record(
        target,
        record_id,
        None,
        command,
        ctx,
        voucher=target.voucher,
        promotion_tier=target.promotion_tier,
        failure=error,
    )
    uow.add(record)
    uow.append_event(new_event(EventType.ROLLBACK_FAILED, ctx, redemption=target, rollback=record))
    return RollbackFailure(error.with_record(record_id, "redemption_rollback"), record)


def _undo(
    uow: UnitOfWork,
    target: Redemption,
    undone: list[Redemption],
    command: RollbackCommand,
    ctx: RequestContext,
) -> StackedRollbackResult:
    mode = ctx.settings.stacking.redeemables_rollback_order_mode
    rollback_ids = [ctx.ids.new_id("rr") for _ in undone]
    parent_rollback_id = ctx.ids.new_id("rr") if target.is_parent else None
    entry_rollback_id = parent_rollback_id or rollback_ids[0]
    order = _revert_order(uow, target, undone, entry_rollback_id, rollback_ids, mode, ctx)
    rollbacks = []
    for redemption, rollback_id in zip(undone, rollback_ids, strict=True):
        rollback = _restore(uow, redemption, rollback_id, parent_rollback_id, order, command, ctx)
        uow.add(rollback)
        rollbacks.append(rollback)
        if redemption is not target:
            ref = RelatedRef(rollback_id, ctx.now, mode)
            _rolled_back(uow, redemption.roll_back(ref, None), rollback, ctx)
    parent_rollback = None
    if parent_rollback_id is not None:
        parent_rollback = _rollback_record(target, parent_rollback_id, order, command, ctx)
        uow.add(parent_rollback)
    ref = RelatedRef(entry_rollback_id, ctx.now, mode)
    _rolled_back(uow, target.roll_back(ref, command.metadata), parent_rollback or rollbacks[0], ctx)
    return StackedRollbackResult(
        rollbacks=tuple(rollbacks), parent_rollback=parent_rollback, order=order
    )


def _rolled_back(
    uow: UnitOfWork, redemption: Redemption, rollback: RedemptionRollback, ctx: RequestContext
) -> None:
    """Store a redemption's ROLLED_BACK state, its reward's, and announce it."""
    uow.replace(redemption)
    if redemption.reward is not None:
        reward_redemption = uow.find(RewardRedemption, "redemption_id", redemption.id)
        if reward_redemption is not None:
            reward_redemption = reward_redemption.roll_back(ctx.now)
            uow.replace(reward_redemption)
            uow.append_event(
                new_event(
                    EventType.REWARD_REDEMPTION_ROLLED_BACK,
                    ctx,
                    redemption=redemption,
                    rollback=rollback,
                    reward_redemption=reward_redemption,
                )
            )
    uow.append_event(
        new_event(EventType.ROLLBACK_SUCCEEDED, ctx, redemption=redemption, rollback=rollback)
    )


def _revert_order(
    uow: UnitOfWork,
    target: Redemption,
    undone: list[Redemption],
    entry_rollback_id: str,
    rollback_ids: list[str],
    mode: RollbackOrderMode,
    ctx: RequestContext,
) -> Order | None:
    if target.order is None:
        return None
    order = uow.get(Order, target.order.id)
    entry = order.entry(target.id) if order is not None else None
    if order is None or entry is None:
        raise errors.InvariantViolation(f"{target.id}: its order or order entry is missing")
    order_cents = 0
    item_cents = [0] * len(order.items)
    for redemption in undone:
        snapshot = redemption.order
        if snapshot is None:
            continue
        order_cents += snapshot.applied_discount_amount
        if len(snapshot.items) == len(item_cents):
            for index, item in enumerate(snapshot.items):
                item_cents[index] += item.applied_discount_amount
    stacked = tuple(rollback_ids) if target.is_parent else ()
    entry = rules.evolve(
        entry, rollback_id=entry_rollback_id, rollback_date=ctx.now, rollback_stacked=stacked
    )
    reverted = order.revert(
        order_cents, item_cents, entry, with_order=mode is RollbackOrderMode.WITH_ORDER, at=ctx.now
    )
    uow.replace(reverted)
    return reverted


def _restore(
    uow: UnitOfWork,
    redemption: Redemption,
    rollback_id: str,
    parent_rollback_id: str | None,
    order: Order | None,
    command: RollbackCommand,
    ctx: RequestContext,
) -> RedemptionRollback:
    """Give back what one redemption took, and build its rollback record."""
    voucher = None
    if redemption.voucher is not None:
        current = uow.get(Voucher, redemption.voucher.id)
        if current is None:
            raise errors.InvariantViolation(f"{redemption.id}: voucher is missing")
        voucher = current.restore(ctx.now, credits=redemption.credits, points=redemption.points)
        uow.replace(voucher)
        snapshot = redemption.order
        cause = Cause(
            redemption_id=redemption.id,
            rollback_id=rollback_id,
            order_id=snapshot.id if snapshot is not None else None,
            order_source_id=snapshot.source_id if snapshot is not None else None,
        )
        record_movement(uow, ctx, current, voucher, cause)
    tier = None
    if redemption.promotion_tier is not None:
        stored_tier = uow.get(PromotionTier, redemption.promotion_tier.id)
        if stored_tier is None:
            raise errors.InvariantViolation(f"{redemption.id}: promotion tier is missing")
        snapshot = redemption.order
        amount = snapshot.amount or 0 if snapshot is not None else 0
        discount = snapshot.total_applied_discount_amount if snapshot is not None else 0
        tier = stored_tier.restore(ctx.now, amount, discount)
        uow.replace(tier)
    returned = redemption.credits or redemption.points
    return _rollback_record(
        redemption,
        rollback_id,
        order,
        command,
        ctx,
        amount=-returned if redemption.amount is not None else None,
        voucher=voucher,
        promotion_tier=tier,
        parent_rollback_id=parent_rollback_id,
    )


def _rollback_record(
    redemption: Redemption,
    rollback_id: str,
    order: Order | None,
    command: RollbackCommand,
    ctx: RequestContext,
    *,
    amount: int | None = None,
    voucher: Voucher | None = None,
    promotion_tier: PromotionTier | None = None,
    parent_rollback_id: str | None = None,
    failure: errors.RedemptionError | None = None,
) -> RedemptionRollback:
    """A rollback record of `redemption`: succeeded, or failed with `failure`."""
    tracking = redemption.tracking_id
    if tracking is None and command.tracking_id is not None:
        tracking = tracking_id(command.tracking_id, ctx.settings.tracking_secret)
    return RedemptionRollback(
        id=rollback_id,
        date=ctx.now,
        result=Result.SUCCESS if failure is None else Result.FAILURE,
        status=RollbackStatus.SUCCEEDED if failure is None else RollbackStatus.FAILED,
        redemption_id=redemption.id,
        related_object_type=redemption.related_object_type,
        related_object_id=redemption.related_object_id,
        channel=command.channel or ctx.channel,
        mode=ctx.settings.stacking.redeemables_rollback_order_mode,
        customer=redemption.customer,
        tracking_id=tracking,
        metadata=dict(command.metadata or {}),
        reason=command.reason,
        amount=amount,
        order=order,
        voucher=voucher,
        promotion_tier=promotion_tier,
        campaign=redemption.campaign,
        reward=redemption.reward,
        parent_rollback_id=parent_rollback_id,
        failure_code=failure.code if failure is not None else None,
        failure_message=failure.message if failure is not None else None,
    )

"""The records of an applied redemption request (DOMAIN.md 3, 8.1).

Given what `redeem` decided, stage every write of a success: the cards and tiers after
their redemption, one child per applied redeemable (or the lone redemption), the parent of
a stack, the order with its redemption entry, and one `redemption.succeeded` event each.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from ..model.context import RequestContext
from ..model.customer import Customer
from ..model.events import EventType, new_event
from ..model.order import Order, OrderRedemptionEntry
from ..model.redemption import (
    Redemption,
    RedemptionStatus,
    RelatedObjectType,
    RelatedRef,
    Result,
    RewardResult,
)
from ..model.voucher import Voucher
from ..ports import UnitOfWork
from .checks import Target
from .commands import RedeemableOutcome, RedeemCommand, RedeemResult
from .effects import Effect, apply_effect
from .transactions import Cause, record_movement


class SessionUse(NamedTuple):
    """A session lock this request used up: its key, and the vouchers whose lock held."""

    key: str
    voucher_ids: frozenset[str]


class Applied(NamedTuple):
    target: Target
    effect: Effect
    order_before: Order | None
    """The order as the earlier redeemables of this request left it."""


def stage_success(
    uow: UnitOfWork,
    command: RedeemCommand,
    ctx: RequestContext,
    customer: Customer | None,
    order_is_new: bool,
    applied: list[Applied],
    outcomes: tuple[tuple[RedeemableOutcome, ...], tuple[RedeemableOutcome, ...]],
    tracking_id: str | None,
    session: SessionUse | None = None,
) -> RedeemResult:
    """Stage the success of a request; `outcomes` are its inapplicable and skipped items;
    `session` names the lock it used up (each child that used it, and the parent, say so)."""
    stacked = len(command.redeemables) > 1
    child_ids = [ctx.ids.new_id("r") for _ in applied]
    parent_id = ctx.ids.new_id("r") if stacked else None
    entry = _order_entry(parent_id or child_ids[0], ctx, applied, child_ids, parent_id)
    snapshots = _child_orders(applied)
    final_order = None
    last = applied[-1]
    if last.order_before is not None:
        final_order = last.order_before.close(
            last.effect.order_cents,
            last.effect.item_cents,
            *_request_totals(applied, last.order_before),
            entry,
        )
    base = _RecordBase(
        date=ctx.now,
        channel=command.channel or ctx.channel,
        customer=customer,
        tracking_id=tracking_id,
        metadata=dict(command.metadata or {}),
    )
    if len(applied) == 1:
        snapshots = [final_order]
    children = _stage_children(
        uow, ctx, base, snapshots, applied, child_ids, parent_id, session
    )
    parent = None
    if parent_id is not None:
        refs = tuple(RelatedRef(child.id, child.date) for child in children)
        parent = base.build(
            parent_id, RelatedObjectType.REDEMPTION, parent_id, order=final_order, children=refs,
            session_key=session.key if session is not None else None,
        )
        uow.add(parent)
    if final_order is not None:
        (uow.add if order_is_new else uow.replace)(final_order)
    # Each event shows the order as it was before its redemption was applied.
    before = [item.order_before for item in applied]
    for record, previous in zip(children, before, strict=True):
        uow.append_event(
            new_event(
                EventType.REDEMPTION_SUCCEEDED, ctx, redemption=record, previous_order=previous
            )
        )
    if parent is not None:
        uow.append_event(
            new_event(
                EventType.REDEMPTION_SUCCEEDED, ctx, redemption=parent, previous_order=before[0]
            )
        )
    return RedeemResult(
        redemptions=tuple(children),
        parent=parent,
        order=final_order,
        inapplicable=outcomes[0],
        skipped=outcomes[1],
    )


class _RecordBase(NamedTuple):
    """The fields every redemption of one request shares."""

    date: Any
    channel: Any
    customer: Customer | None
    tracking_id: str | None
    metadata: Mapping[str, Any]

    def build(
        self, record_id: str, kind: RelatedObjectType, related_id: str, **extra: Any
    ) -> Redemption:
        return Redemption(
            id=record_id,
            date=self.date,
            result=Result.SUCCESS,
            status=RedemptionStatus.SUCCEEDED,
            related_object_type=kind,
            related_object_id=related_id,
            channel=self.channel,
            customer=self.customer,
            tracking_id=self.tracking_id,
            metadata=self.metadata,
            **extra,
        )


def _stage_children(
    uow: UnitOfWork,
    ctx: RequestContext,
    base: _RecordBase,
    snapshots: list[Order | None],
    applied: list[Applied],
    child_ids: list[str],
    parent_id: str | None,
    session: SessionUse | None,
) -> list[Redemption]:
    children = []
    for item, child_id, snapshot in zip(applied, child_ids, snapshots, strict=True):
        target, effect = item.target, item.effect
        before = voucher = target.voucher
        if before is not None:
            voucher = before.redeem(ctx.now, credits=effect.credits, points=effect.points)
            uow.replace(voucher)
            record_movement(uow, ctx, before, voucher, _cause(child_id, snapshot))
        tier = target.tier
        if tier is not None:
            order_amount = snapshot.amount or 0 if snapshot is not None else 0
            tier = tier.redeem(ctx.now, order_amount, effect.discount)
            uow.replace(tier)
        reward = None
        if effect.reward is not None:
            assignment_id = effect.assignment.id if effect.assignment else None
            reward = RewardResult(
                reward=effect.reward, assignment_id=assignment_id, customer=base.customer
            )
        child = base.build(
            child_id,
            target.related_type,
            target.object_id,
            parent_id=parent_id,
            amount=(effect.credits or effect.points) or None,
            order=snapshot,
            voucher=voucher,
            promotion_tier=tier,
            campaign=target.campaign,
            reward=reward,
            session_key=_session_key(session, before),
        )
        uow.add(child)
        children.append(child)
    return children


def _session_key(session: SessionUse | None, voucher: Voucher | None) -> str | None:
    if session is None or voucher is None or voucher.id not in session.voucher_ids:
        return None
    return session.key


def _cause(redemption_id: str, order: Order | None) -> Cause:
    return Cause(
        redemption_id=redemption_id,
        order_id=order.id if order is not None else None,
        order_source_id=order.source_id if order is not None else None,
    )


def _child_orders(applied: list[Applied]) -> list[Order | None]:
    """Each child's order as it left it: the next child's starting point, and for the last
    one its own effect applied. (A lone redemption's order is the final one instead.)"""
    if len(applied) == 1:
        return []
    snapshots = [item.order_before for item in applied[1:]]
    last = applied[-1]
    snapshots.append(apply_effect(last.order_before, last.effect))
    return snapshots


def _request_totals(applied: list[Applied], order: Order) -> tuple[int, list[int]]:
    """What the whole request applied: order-level cents and cents per item."""
    order_cents = 0
    item_cents = [0] * len(order.items)
    for item in applied:
        order_cents += item.effect.order_cents
        for index, cents in enumerate(item.effect.item_cents):
            item_cents[index] += cents
    return order_cents, item_cents if any(item_cents) else []


def _order_entry(
    entry_id: str,
    ctx: RequestContext,
    applied: list[Applied],
    child_ids: list[str],
    parent_id: str | None,
) -> OrderRedemptionEntry:
    if parent_id is not None:
        return OrderRedemptionEntry(
            redemption_id=parent_id,
            date=ctx.now,
            related_object_type=RelatedObjectType.REDEMPTION.value,
            related_object_id=parent_id,
            stacked=tuple(child_ids),
        )
    target = applied[0].target
    return OrderRedemptionEntry(
        redemption_id=entry_id,
        date=ctx.now,
        related_object_type=target.related_type.value,
        related_object_id=target.object_id,
        related_object_parent_id=target.campaign.id if target.campaign else None,
    )

"""POST /v1/validations (DOMAIN.md 16.1): the redemption decision, reported instead of staged.

`validate` runs `redeem.decide` — the very checks, stacking, rules and pricing a redemption
runs — and reports every redeemable's verdict. It stages nothing (no balance, no record, no
`rf_`, no event, no customer upsert) except, when the request is valid and asks for it, a
session lock (16.2) on each applicable voucher.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..model import errors
from ..model.context import RequestContext
from ..model.customer import Customer, tracking_id
from ..model.order import Order
from ..model.settings import StackingRules
from ..model.voucher import Voucher
from ..ports import UnitOfWork
from ..ports.ids import ALPHANUMERIC
from . import sessions
from .checks import Target
from .commands import RedeemableKind, RedeemableOutcome, RedeemCommand
from .effects import Effect, apply_effect
from .redeem import Decision, decide, refusal
from .redeem_records import Applied
from .sessions import Reservation, SessionInput, SessionType, TtlUnit

SESSION_KEY_RANDOM_LENGTH = 32
"""Characters after `ssn_` in a generated session key (Voucherify's shape)."""


@attrs.frozen(kw_only=True)
class Verdict:
    """One redeemable of a validation: APPLICABLE, INAPPLICABLE or SKIPPED."""

    status: str
    object: RedeemableKind
    id: str
    target: Target | None = None
    effect: Effect | None = None
    order: Order | None = None
    """For an applicable one: the order after this redeemable."""
    error: errors.RedemptionError | None = None
    key: str | None = None
    message: str | None = None


@attrs.frozen(kw_only=True)
class SessionGranted:
    key: str
    type: SessionType
    ttl: int
    ttl_unit: TtlUnit


@attrs.frozen(kw_only=True)
class ValidationResult:
    id: str
    valid: bool
    redeemables: tuple[Verdict, ...]
    order: Order | None
    customer: Customer | None
    tracking_id: str | None
    session: SessionGranted | None
    stacking_rules: StackingRules
    error: errors.RedemptionError | None = None
    """Why the whole request is invalid (what the redemption would fail with)."""

    @property
    def session_key(self) -> str | None:
        return self.session.key if self.session else None


def validate(uow: UnitOfWork, command: RedeemCommand, ctx: RequestContext) -> ValidationResult:
    if command.session is not None:
        command.session.check()
    decision = decide(uow, command, ctx)
    refused = refusal(decision, command, ctx)
    verdicts = _verdicts(command, decision, refused is not None)
    granted = None
    if refused is None and command.session is not None:
        granted = _lock(uow, command.session, decision.applied, ctx)
    source = decision.who.customer.source_id if decision.who.customer else command.tracking_id
    return ValidationResult(
        id=ctx.ids.new_id("valid"),
        valid=refused is None,
        redeemables=verdicts,
        order=_request_order(decision.applied) if refused is None else decision.order,
        customer=decision.who.customer,
        tracking_id=tracking_id(source, ctx.settings.tracking_secret) if source else None,
        session=granted,
        stacking_rules=ctx.settings.stacking,
        error=refused[0] if refused is not None else None,
    )


def _verdicts(command: RedeemCommand, decision: Decision, refused: bool) -> tuple[Verdict, ...]:
    """Every requested redeemable in application (= request) order."""
    by_index: dict[int, Verdict] = {}
    for item in decision.rejected:
        by_index[item.position] = Verdict(
            status="INAPPLICABLE",
            object=item.request.object,
            id=item.request.id,
            target=item.target,
            error=item.error,
            key=item.error.code,
            message=item.error.message,
        )
    positions = {(item.object, item.id): index for index, item in enumerate(command.redeemables)}
    for applied in decision.applied:
        by_index[applied.target.position] = _applicable(applied, refused)
    for skipped in decision.skipped:
        by_index[positions[(skipped.object, skipped.id)]] = _skipped(skipped)
    return tuple(by_index[index] for index in sorted(by_index))


def _applicable(applied: Applied, refused: bool) -> Verdict:
    target = applied.target
    if refused:
        # ALL mode: the request fails on another redeemable, so this one is not applied.
        key = "preceding_validation_failed"
        return Verdict(
            status="SKIPPED",
            object=target.request.object,
            id=target.request.id,
            target=target,
            key=key,
            message=key.replace("_", " ").capitalize(),
        )
    return Verdict(
        status="APPLICABLE",
        object=target.request.object,
        id=target.request.id,
        target=target,
        effect=applied.effect,
        order=apply_effect(applied.order_before, applied.effect),
    )


def _skipped(outcome: RedeemableOutcome) -> Verdict:
    return Verdict(
        status="SKIPPED",
        object=outcome.object,
        id=outcome.id,
        key=outcome.key,
        message=outcome.message,
    )


def _request_order(applied: Sequence[Applied]) -> Order | None:
    """The order as the redemption would leave it: every effect applied, `applied_*` the
    request's totals (what `redeem_records.stage_success` records, minus the entry)."""
    if not applied or applied[-1].order_before is None:
        return None
    final = apply_effect(applied[-1].order_before, applied[-1].effect)
    if final is None:
        return None
    order_cents = sum(item.effect.order_cents for item in applied)
    item_totals = [0] * len(final.items)
    for item in applied:
        for index, cents in enumerate(item.effect.item_cents):
            item_totals[index] += cents
    items = tuple(
        attrs.evolve(line, applied_discount_amount=total)
        for line, total in zip(final.items, item_totals, strict=True)
    )
    return attrs.evolve(final, applied_discount_amount=order_cents, items=items)


def _lock(
    uow: UnitOfWork, session: SessionInput, applied: Sequence[Applied], ctx: RequestContext
) -> SessionGranted:
    key = session.key or "ssn_" + ctx.ids.new_token(SESSION_KEY_RANDOM_LENGTH, ALPHANUMERIC)
    locked: set[str] = set()
    for item in applied:
        voucher = item.target.voucher
        if voucher is None:
            continue  # promotion tiers are not locked (DOMAIN.md 16.2, assumption)
        held = _held(voucher, item)
        sessions.lock(uow, voucher, session, key, held, ctx.now, ctx.ids.new_id("ssl"))
        locked.add(voucher.id)
    sessions.end_session(uow, key, locked, ctx.now)
    return SessionGranted(
        key=key,
        type=session.type,
        ttl=session.ttl or sessions.DEFAULT_TTL,
        ttl_unit=session.ttl_unit or sessions.DEFAULT_TTL_UNIT,
    )


def _held(voucher: Voucher, applied: Applied) -> Reservation:
    """One use when the quantity is limited, and the credits or points requested (what the
    redemption may take), else what the validation priced."""
    request, effect = applied.target.request, applied.effect
    credits = request.credits if request.credits is not None else effect.credits
    points = request.points if request.points is not None else effect.points
    return Reservation(
        uses=1 if voucher.quantity is not None else 0,
        credits=credits if voucher.gift is not None else 0,
        points=points if voucher.loyalty_card is not None else 0,
    )

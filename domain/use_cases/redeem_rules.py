"""What a redeemable owes to sessions and validation rules in the decision of `redeem`.

`with_reservations` gives the target what other sessions' locks hold on its voucher
(DOMAIN.md 16.2); `check_rules` enforces the rule sets governing it (16.3) after the checks
of 9.1 steps 1-6 and before the order requirements and balances. `Pricing` computes the
redeemable's effect once, when a rule (`order.total_amount`, `redemption.gift.amount`) or
the decision first asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..model.context import RequestContext
from ..model.customer import Customer
from ..model.discount import CalculationMode
from ..model.order import Order
from ..model.reward import Reward, RewardAssignment
from ..ports import UnitOfWork
from .checks import Target
from .commands import RedeemCommand
from .effects import Effect, compute_effect
from .redeem_records import Applied
from .rule_check import Earlier, Facts, enforce
from .sessions import reserved_by_others
from .validation_rules import AssignedKind, rules_for


class Pricing:
    """The effect of one target on the working order, computed at most once."""

    def __init__(
        self, uow: UnitOfWork, target: Target, order: Order | None, mode: CalculationMode
    ) -> None:
        self._args = (uow, target, order, mode)
        self._effect: Effect | None = None

    def effect(self) -> Effect:
        if self._effect is None:
            self._effect = compute_effect(*self._args)
        return self._effect

    def figures(self) -> tuple[int, int, int]:
        effect = self.effect()
        return effect.discount, effect.credits, effect.points


def with_reservations(
    uow: UnitOfWork, target: Target, ctx: RequestContext, command: RedeemCommand
) -> Target:
    if target.voucher is None:
        return target  # promotion tiers are not locked (DOMAIN.md 16.2, assumption)
    own = command.session.key if command.session is not None else None
    reserved = reserved_by_others(uow, target.voucher, ctx.now, own)
    if reserved is target.reserved:
        return target
    return target._replace(reserved=reserved)


def governing(target: Target) -> list[tuple[AssignedKind, str]]:
    """The objects whose rule sets govern a target: itself, then its campaign."""
    objects: list[tuple[AssignedKind, str]] = []
    if target.voucher is not None:
        objects.append((AssignedKind.VOUCHER, target.voucher.id))
    if target.tier is not None:
        objects.append((AssignedKind.PROMOTION_TIER, target.tier.id))
    if target.campaign is not None:
        objects.append((AssignedKind.CAMPAIGN, target.campaign.id))
    return objects


def check_rules(
    uow: UnitOfWork,
    target: Target,
    order: Order | None,
    customer: Customer | None,
    ctx: RequestContext,
    command: RedeemCommand,
    applied: Sequence[Applied],
    price: Pricing,
) -> None:
    rule_sets = rules_for(uow, governing(target))
    if not rule_sets:
        return
    earlier = [
        Earlier(
            object_id=item.target.object_id,
            campaign_id=item.target.campaign.id if item.target.campaign else None,
            order_amount=item.order_before.amount if item.order_before else None,
            discount=item.effect.discount,
        )
        for item in applied
    ]
    facts = Facts(
        uow=uow,
        ctx=ctx,
        object_id=target.object_id,
        voucher=target.voucher,
        campaign=target.campaign,
        customer=customer,
        order=order,
        metadata=command.metadata or {},
        earlier=earlier,
        effect=price.figures,
    )
    enforce(rule_sets, facts)


def check_reward_rules(
    uow: UnitOfWork,
    reward: Reward,
    assignment: RewardAssignment,
    target: Target,
    order: Order | None,
    holder: Customer | None,
    ctx: RequestContext,
    metadata: Mapping[str, Any] | None,
    price: Callable[[], Effect],
) -> None:
    """A loyalty member's reward redemption (7.5) is governed by the reward's own rules and
    those of its assignment to the card's campaign."""
    objects = [(AssignedKind.REWARD, reward.id), (AssignedKind.REWARD_ASSIGNMENT, assignment.id)]
    rule_sets = rules_for(uow, objects)
    if not rule_sets:
        return

    def figures() -> tuple[int, int, int]:
        effect = price()
        return effect.discount, effect.credits, effect.points

    facts = Facts(
        uow=uow,
        ctx=ctx,
        object_id=target.object_id,
        voucher=target.voucher,
        campaign=target.campaign,
        customer=holder,
        order=order,
        metadata=metadata or {},
        earlier=(),
        effect=figures,
    )
    enforce(rule_sets, facts)

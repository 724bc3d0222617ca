"""Redeem a loyalty reward for a card's holder (DOMAIN.md 7.5, 9.4; seed 002).

The member is the loyalty card (by code); the redeeming customer is its holder. Checks, in
this order: the campaign in the path exists (404) and the card exists in it (404: nothing
recorded, the path names nothing real); then, recorded as a failed redemption (`rf_`): the
card's own checks (active, dates, quantity), a holder (`invalid_customer`), a reward
(`missing_reward`), the reward and its assignment to the card's campaign (`not_found`),
an order for pay-with-points (`missing_order`), and enough points
(`loyalty_card_points_exceeded`).

Effects: the card pays the points; the reward is handed over in the same unit of work:
COIN discounts the order, CAMPAIGN issues a coupon or adds gift credits or loyalty points
to the holder's card of that campaign (made from the campaign's template when the holder
has none), MATERIAL takes one unit of stock. A reward redemption (`rewr_`) records it.
"""

from __future__ import annotations

import attrs

from ..model import errors, limits
from ..model.campaign import Campaign, CampaignType
from ..model.context import RequestContext
from ..model.customer import Customer, tracking_id
from ..model.events import EventType, new_event
from ..model.order import Order, OrderRedemptionEntry
from ..model.redemption import (
    Redemption,
    RedemptionStatus,
    RelatedObjectType,
    Result,
    RewardResult,
)
from ..model.reward import Reward, RewardAssignment, RewardType
from ..model.reward_redemption import RewardRedemption, RewardRedemptionState
from ..model.voucher import Voucher, VoucherType
from ..ports import UnitOfWork
from . import catalog
from .checks import Target, check_voucher
from .commands import MemberRedemptionCommand, RedeemableInput, RedeemableKind, VoucherInput
from .effects import Effect, coin_effect, find_assignment
from .parties import resolve_order
from .redeem import RedeemFailure, stage_failure
from .redeem_rules import check_reward_rules
from .sessions import reserved_by_others
from .transactions import Cause, record_movement


@attrs.frozen
class _Member:
    card: Voucher
    campaign: Campaign | None
    holder: Customer | None


def redeem_reward(
    uow: UnitOfWork, command: MemberRedemptionCommand, ctx: RequestContext
) -> Redemption | RedeemFailure:
    member = _member(uow, command)
    try:
        if member.holder is None:
            raise errors.InvalidCustomer(f"loyalty card {member.card.code} has no holder")
        check_voucher(_target(member, command), ctx.now, member.holder)
        if command.reward_id is None:
            raise errors.MissingReward(member.card.code, field="reward")
        reward, assignment = find_assignment(uow, member.card, command.reward_id, "reward.id")
        order, order_is_new = _order(uow, command, reward, member.holder, ctx)
        target = _target(member, command)

        # Points locked by sessions count against a reward redemption too (DOMAIN.md 16.2).
        locked = reserved_by_others(uow, member.card, ctx.now, None).points

        def price() -> Effect:
            return _price(member.card, reward, assignment, order, command, locked)

        check_reward_rules(
            uow, reward, assignment, target, order, member.holder, ctx, command.metadata, price
        )
        effect = price()
    except (errors.RedeemableRejected, errors.NotFound) as error:
        return _record_failure(uow, command, ctx, member, error)
    return _hand_over(uow, command, ctx, member, effect, order, order_is_new)


def _member(uow: UnitOfWork, command: MemberRedemptionCommand) -> _Member:
    campaign = None
    if command.campaign_id is not None:
        campaign = uow.get(Campaign, command.campaign_id)
        if campaign is None:
            raise catalog.not_found("campaign", command.campaign_id, "campaignId")
    card = uow.find(Voucher, "code", command.member_id)
    in_campaign = card is not None and (campaign is None or card.campaign_id == campaign.id)
    if card is None or not in_campaign or card.type is not VoucherType.LOYALTY_CARD:
        raise catalog.not_found("voucher", command.member_id, "memberId")
    if campaign is None and card.campaign_id is not None:
        campaign = uow.get(Campaign, card.campaign_id)
    holder = uow.get(Customer, card.holder_id) if card.holder_id is not None else None
    return _Member(card, campaign, holder)


def _target(member: _Member, command: MemberRedemptionCommand) -> Target:
    request = RedeemableInput(object=RedeemableKind.VOUCHER, id=member.card.code)
    return Target(request, -1, voucher=member.card, campaign=member.campaign)


def _order(
    uow: UnitOfWork,
    command: MemberRedemptionCommand,
    reward: Reward,
    holder: Customer | None,
    ctx: RequestContext,
) -> tuple[Order | None, bool]:
    if reward.type is not RewardType.COIN:
        # Only pay-with-points touches an order; other rewards ignore one if sent.
        return None, False
    if command.order is None:
        raise errors.MissingOrder("a pay-with-points reward needs an order", field="order")
    return resolve_order(uow, command.order, holder, ctx)


def _price(
    card: Voucher,
    reward: Reward,
    assignment: RewardAssignment,
    order: Order | None,
    command: MemberRedemptionCommand,
    locked: int = 0,
) -> Effect:
    if reward.type is RewardType.COIN:
        return coin_effect(card, reward, assignment, order, command.points, "reward", locked)
    cost = assignment.points or 0
    balance = (card.loyalty_card.balance if card.loyalty_card is not None else 0) - locked
    if cost > balance:
        raise errors.LoyaltyCardPointsExceeded(f"the reward costs {cost}, balance {balance}")
    if reward.stock is not None and reward.redeemed >= reward.stock:
        raise errors.QuantityExceeded(f"reward {reward.id} is out of stock")
    return Effect(points=cost, reward=reward, assignment=assignment)


def _record_failure(
    uow: UnitOfWork,
    command: MemberRedemptionCommand,
    ctx: RequestContext,
    member: _Member,
    error: errors.RedemptionError,
) -> RedeemFailure:
    return stage_failure(
        uow,
        ctx,
        error,
        related=(RelatedObjectType.VOUCHER, member.card.id),
        channel=command.channel or ctx.channel,
        customer=member.holder,
        tracking_id=_tracking(member.holder, ctx),
        metadata=dict(command.metadata or {}),
        voucher=member.card,
        campaign=member.campaign,
    )


def _tracking(holder: Customer | None, ctx: RequestContext) -> str | None:
    if holder is None or holder.source_id is None:
        return None
    return tracking_id(holder.source_id, ctx.settings.tracking_secret)


def _hand_over(
    uow: UnitOfWork,
    command: MemberRedemptionCommand,
    ctx: RequestContext,
    member: _Member,
    effect: Effect,
    order: Order | None,
    order_is_new: bool,
) -> Redemption:
    reward, assignment = effect.reward, effect.assignment
    if reward is None or assignment is None:
        raise errors.InvariantViolation("a reward redemption without its reward")
    redemption_id = ctx.ids.new_id("r")
    card = member.card.redeem(ctx.now, points=effect.points)
    uow.replace(card)
    record_movement(uow, ctx, member.card, card, Cause(redemption_id=redemption_id))
    issued = _issue(uow, reward, member, ctx, redemption_id)
    final_order = _settle_order(uow, order, order_is_new, effect, redemption_id, member, ctx)
    redemption = Redemption(
        id=redemption_id,
        date=ctx.now,
        result=Result.SUCCESS,
        status=RedemptionStatus.SUCCEEDED,
        related_object_type=RelatedObjectType.VOUCHER,
        related_object_id=card.id,
        channel=command.channel or ctx.channel,
        customer=member.holder,
        tracking_id=_tracking(member.holder, ctx),
        metadata=dict(command.metadata or {}),
        amount=effect.points or None,
        order=final_order,
        voucher=uow.get(Voucher, card.id) or card,
        campaign=member.campaign,
        reward=RewardResult(
            reward=reward, assignment_id=assignment.id, customer=member.holder, voucher=issued
        ),
    )
    uow.add(redemption)
    _record_reward_redemption(uow, redemption, effect, issued, ctx, order)
    return redemption


def _settle_order(
    uow: UnitOfWork,
    order: Order | None,
    order_is_new: bool,
    effect: Effect,
    redemption_id: str,
    member: _Member,
    ctx: RequestContext,
) -> Order | None:
    if order is None:
        return None
    entry = OrderRedemptionEntry(
        redemption_id=redemption_id,
        date=ctx.now,
        related_object_type=RelatedObjectType.VOUCHER.value,
        related_object_id=member.card.id,
        related_object_parent_id=member.campaign.id if member.campaign else None,
    )
    final = order.close(effect.order_cents, (), effect.order_cents, (), entry)
    (uow.add if order_is_new else uow.replace)(final)
    return final


def _record_reward_redemption(
    uow: UnitOfWork,
    redemption: Redemption,
    effect: Effect,
    issued: Voucher | None,
    ctx: RequestContext,
    previous: Order | None,
) -> None:
    reward, assignment = effect.reward, effect.assignment
    if reward is None or assignment is None:
        raise errors.InvariantViolation("a reward redemption without its reward")
    created = RewardRedemption(
        id=ctx.ids.new_id("rewr"),
        redemption_id=redemption.id,
        reward_id=reward.id,
        assignment_id=assignment.id,
        card_id=redemption.related_object_id,
        customer=redemption.customer,
        points=effect.points,
        issued_voucher_id=issued.id if issued is not None else None,
        state=RewardRedemptionState.CREATED,
        created_at=ctx.now,
    )
    completed = created.complete(ctx.now)
    uow.add(completed)
    uow.append_event(
        new_event(
            EventType.REDEMPTION_SUCCEEDED, ctx, redemption=redemption, previous_order=previous
        )
    )
    for kind, state in (
        (EventType.REWARD_REDEMPTION_CREATED, created),
        (EventType.REWARD_REDEMPTION_COMPLETED, completed),
    ):
        uow.append_event(new_event(kind, ctx, redemption=redemption, reward_redemption=state))


def _issue(
    uow: UnitOfWork, reward: Reward, member: _Member, ctx: RequestContext, redemption_id: str
) -> Voucher | None:
    """Hand the reward over; the voucher issued or credited, if any."""
    if reward.type is RewardType.MATERIAL:
        uow.replace(reward.hand_out(ctx.now))
        return None
    if reward.campaign is None or member.holder is None:
        return None
    campaign = uow.get(Campaign, reward.campaign.campaign_id)
    if campaign is None:
        raise errors.InvariantViolation(f"{reward.id}: its campaign is missing")
    holder_id = member.holder.id
    if campaign.campaign_type is CampaignType.DISCOUNT_COUPONS:
        coupon = catalog.create_voucher(uow, VoucherInput(campaign_id=campaign.id), ctx)
        published = coupon.publish(ctx.now, holder_id)
        uow.replace(published)
        return published
    card = _holders_card(uow, campaign, holder_id, ctx)
    balance = reward.campaign.balance or 0
    if campaign.campaign_type is CampaignType.GIFT_VOUCHERS:
        topped_up = card.add_credits(ctx.now, balance)
    else:
        topped_up = card.add_points(ctx.now, balance)
    uow.replace(topped_up)
    record_movement(uow, ctx, card, topped_up, Cause(redemption_id=redemption_id))
    return topped_up


def _holders_card(
    uow: UnitOfWork, campaign: Campaign, holder_id: str, ctx: RequestContext
) -> Voucher:
    """The holder's card of `campaign`, made from its template and published if missing."""
    for card in uow.select(Voucher, "holder_id", holder_id, limits.PUBLISH_SCAN_MAX):
        if card.campaign_id == campaign.id:
            return card
    created = catalog.create_voucher(uow, VoucherInput(campaign_id=campaign.id), ctx)
    published = created.publish(ctx.now, holder_id)
    uow.replace(published)
    return published

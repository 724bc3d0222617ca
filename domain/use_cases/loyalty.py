"""Setting up loyalty programs: rewards, their assignment to a program, and members
(DOMAIN.md 15.4-15.6).

Reads and stages through one unit of work and never commits. Input rules a domain
constructor enforces come back as `invalid_payload` naming the field.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import errors, limits
from ..model.campaign import Campaign, CampaignMode, CampaignType
from ..model.context import RequestContext
from ..model.reward import (
    CampaignReward,
    CoinRate,
    ProductReward,
    Reward,
    RewardAssignment,
    RewardType,
)
from ..model.rules import FieldError
from ..model.voucher import Voucher
from ..ports import UnitOfWork
from ..read_side import sequences
from .catalog import create_voucher, not_found, payload
from .commands import MemberInput, RewardAssignmentInput, RewardInput, VoucherInput
from .parties import resolve_customer


def create_reward(uow: UnitOfWork, given: RewardInput, ctx: RequestContext) -> Reward:
    kind = _reward_type(given)
    campaign_reward = coin = product = None
    with payload():
        if kind is RewardType.CAMPAIGN:
            campaign_reward = _campaign_reward(uow, given)
        elif kind is RewardType.COIN:
            if given.coin_exchange_ratio is None or given.coin_points_ratio is None:
                raise FieldError("parameters.coin", "needs exchange_ratio and points_ratio")
            coin = CoinRate(
                exchange_ratio=given.coin_exchange_ratio, points_ratio=given.coin_points_ratio
            )
        else:
            if given.product_id is None:
                raise FieldError("parameters.product.id", "is required for a MATERIAL reward")
            product = ProductReward(product_id=given.product_id, sku_id=given.sku_id)
        reward = Reward(
            id=ctx.ids.new_id("rew"),
            name=given.name,
            type=kind,
            campaign=campaign_reward,
            coin=coin,
            product=product,
            stock=given.stock,
            attributes=dict(given.attributes or {}),
            metadata=dict(given.metadata or {}),
            created_at=ctx.now,
        )
    uow.add(reward)
    return reward


_PARAMETER_TYPES = {
    "campaign": RewardType.CAMPAIGN,
    "coin": RewardType.COIN,
    "product": RewardType.MATERIAL,
}


def _reward_type(given: RewardInput) -> RewardType:
    if len(given.parameters_sent) != 1:
        raise errors.InvalidPayload(
            "must hold exactly one of campaign, coin, product", field="parameters"
        )
    implied = _PARAMETER_TYPES[given.parameters_sent[0]]
    if given.type is not None and given.type != implied:
        raise errors.InvalidPayload(
            f"is {given.type} but parameters.{given.parameters_sent[0]} means {implied}",
            field="type",
        )
    return implied


def _campaign_reward(uow: UnitOfWork, given: RewardInput) -> CampaignReward:
    if given.campaign_id is None:
        raise FieldError("parameters.campaign.id", "is required for a CAMPAIGN reward")
    campaign = uow.get(Campaign, given.campaign_id)
    if campaign is None:
        raise not_found("campaign", given.campaign_id, "parameters.campaign.id")
    needs_balance = (CampaignType.GIFT_VOUCHERS, CampaignType.LOYALTY_PROGRAM)
    if campaign.campaign_type in needs_balance and given.campaign_balance is None:
        raise FieldError(
            "parameters.campaign.balance", f"is required for a {campaign.campaign_type} campaign"
        )
    if campaign.campaign_type not in (*needs_balance, CampaignType.DISCOUNT_COUPONS):
        raise FieldError("parameters.campaign.id", "must name a coupon, gift or loyalty campaign")
    return CampaignReward(
        campaign_id=campaign.id,
        balance=given.campaign_balance,
        campaign_type=campaign.campaign_type.value,
    )


def assign_rewards(
    uow: UnitOfWork, campaign_id: str, items: Sequence[RewardAssignmentInput], ctx: RequestContext
) -> list[RewardAssignment]:
    campaign = loyalty_campaign(uow, campaign_id)
    if not items:
        raise errors.InvalidPayload("must hold at least one reward", field="$")
    made = []
    for index, item in enumerate(items):
        reward = uow.get(Reward, item.reward)
        if reward is None:
            raise not_found("reward", item.reward, f"[{index}].reward")
        if uow.find(RewardAssignment, "campaign_reward", f"{campaign.id}/{reward.id}") is not None:
            raise errors.DuplicateFound(
                f"reward {reward.id} is already assigned to {campaign.id}",
                field=f"[{index}].reward",
                resource_type="reward_assignment",
            )
        if reward.type is not RewardType.COIN and item.points is None:
            raise errors.InvalidPayload(
                f"is required for a {reward.type} reward",
                field=f"[{index}].parameters.loyalty.points",
            )
        with payload(f"[{index}]."):
            assignment = RewardAssignment(
                id=ctx.ids.new_id("rewa"),
                reward_id=reward.id,
                campaign_id=campaign.id,
                points=item.points if reward.type is not RewardType.COIN else None,
                created_at=ctx.now,
            )
        uow.add(assignment)
        made.append(assignment)
    return made


def loyalty_campaign(uow: UnitOfWork, campaign_id: str) -> Campaign:
    campaign = uow.get(Campaign, campaign_id)
    if campaign is None:
        raise not_found("campaign", campaign_id)
    if campaign.campaign_type is not CampaignType.LOYALTY_PROGRAM:
        raise errors.InvalidPayload(
            f"campaign {campaign_id} is a {campaign.campaign_type}, not a LOYALTY_PROGRAM",
            field="campaignId",
        )
    return campaign


# -- loyalty members -------------------------------------------------------------------


def publish_member(
    uow: UnitOfWork, campaign_id: str, given: MemberInput, ctx: RequestContext
) -> Voucher:
    campaign = loyalty_campaign(uow, campaign_id)
    who = resolve_customer(uow, given.customer, None, ctx)
    if who.customer is None:
        raise errors.InvalidPayload("needs an id or a source_id", field="customer")
    card = _card_to_publish(uow, campaign, given.voucher, ctx)
    if who.changed:
        (uow.add if who.is_new else uow.replace)(who.customer)
        if who.is_new:
            sequences.append(uow, sequences.CUSTOMERS, who.customer.id)
    published = card.publish(ctx.now, who.customer.id)
    uow.replace(published)
    return published


def _card_to_publish(
    uow: UnitOfWork, campaign: Campaign, code: str | None, ctx: RequestContext
) -> Voucher:
    if code is not None:
        card = uow.find(Voucher, "code", code)
        if card is None:
            raise not_found("voucher", code, "voucher")
        if card.campaign_id != campaign.id:
            raise errors.InvalidVoucher(
                f"{code} does not belong to campaign {campaign.id}", field="voucher"
            )
        if card.holder_id is not None:
            raise errors.VoucherAlreadyPublished(code, field="voucher")
        return card
    for card in uow.select(Voucher, "campaign_id", campaign.id, limits.PUBLISH_SCAN_MAX):
        if card.holder_id is None:
            return card
    if campaign.type is CampaignMode.AUTO_UPDATE and campaign.template is not None:
        return create_voucher(uow, VoucherInput(campaign_id=campaign.id), ctx)
    raise errors.NoVoucherSuitableForPublication(campaign.id)

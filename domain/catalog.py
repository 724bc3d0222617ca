"""Setting up what can be redeemed (DOMAIN.md 15): vouchers, campaigns, tiers, rewards,
reward assignments and loyalty members.

Each function reads and stages through one unit of work and never commits. Input rules that
a domain constructor enforces come back as `invalid_payload` naming the field.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import attrs

from . import errors, limits, rules
from .campaign import (
    DEFAULT_CODE_CONFIG,
    VOUCHER_TYPE_OF_CAMPAIGN,
    Campaign,
    CampaignMode,
    CampaignType,
    CodeConfig,
    PromotionTier,
    VoucherTemplate,
)
from .commands import (
    CampaignInput,
    CodeConfigInput,
    MemberInput,
    RewardAssignmentInput,
    RewardInput,
    TierInput,
    VoucherInput,
)
from .context import RequestContext
from .discount import DiscountEffect
from .ids import ALPHANUMERIC
from .parties import resolve_customer
from .ports import UnitOfWork
from .reward import CampaignReward, CoinRate, ProductReward, Reward, RewardAssignment, RewardType
from .rules import FieldError
from .validity import ALWAYS
from .voucher import GiftCredits, LoyaltyPoints, Voucher, VoucherType

VOUCHER_ID_LENGTH = 32
CODE_ATTEMPTS_MAX = 10
"""Generated codes that may collide with existing ones before giving up."""


@contextmanager
def payload(prefix: str = "") -> Iterator[None]:
    """Turn a constructor's field rule into `invalid_payload` naming the wire field."""
    try:
        yield
    except FieldError as error:
        # Nested objects name some fields relative to themselves (`amount`) and some
        # from their owner (`gift.effect`): add the prefix only where it is missing.
        field = error.field if error.field.startswith(prefix) else f"{prefix}{error.field}"
        raise errors.InvalidPayload(error.rule, field=field) from error


def not_found(kind: str, ident: str, field: str | None = None) -> errors.ResourceNotFound:
    return errors.ResourceNotFound(
        f"{kind} {ident}", field=field, resource_id=ident, resource_type=kind
    )


# -- vouchers --------------------------------------------------------------------------


def create_voucher(
    uow: UnitOfWork, given: VoucherInput, ctx: RequestContext, path_code: str | None = None
) -> Voucher:
    campaign = _voucher_campaign(uow, given)
    template = campaign.template if campaign is not None else None
    kind = given.type or (template.type if template else VoucherType.DISCOUNT_VOUCHER)
    if campaign is not None and VOUCHER_TYPE_OF_CAMPAIGN.get(campaign.campaign_type) is not kind:
        raise errors.InvalidPayload(
            f"a {kind} cannot join {campaign.campaign_type} campaign {campaign.name}", field="type"
        )
    code = path_code or given.code
    if code is not None and uow.find(Voucher, "code", code) is not None:
        raise errors.DuplicateFound(
            f"voucher {code} already exists",
            field="code",
            resource_id=code,
            resource_type="voucher",
        )
    if code is None:
        config = _code_config(given.code_config) if given.code_config else None
        code = generate_code(uow, ctx, config or (template.code_config if template else None))
    voucher = _build_voucher(given, ctx, code, kind, campaign, template)
    uow.add(voucher)
    if campaign is not None:
        uow.replace(campaign.count_voucher(ctx.now))
    return voucher


def _voucher_campaign(uow: UnitOfWork, given: VoucherInput) -> Campaign | None:
    if given.campaign_id is not None:
        campaign = uow.get(Campaign, given.campaign_id)
        if campaign is None:
            raise not_found("campaign", given.campaign_id, "campaign_id")
        return campaign
    if given.campaign is not None:
        campaign = uow.find(Campaign, "name", given.campaign)
        if campaign is None:
            raise not_found("campaign", given.campaign, "campaign")
        return campaign
    return None


def _build_voucher(
    given: VoucherInput,
    ctx: RequestContext,
    code: str,
    kind: VoucherType,
    campaign: Campaign | None,
    template: VoucherTemplate | None,
) -> Voucher:
    gift = loyalty = None
    discount = given.discount or (template.discount if template else None)
    gift_amount = (
        given.gift_amount
        if given.gift_amount is not None
        else (template.gift_amount if template else None)
    )
    points = (
        given.loyalty_points
        if given.loyalty_points is not None
        else (template.loyalty_points if template else None)
    )
    with payload():
        if kind is VoucherType.GIFT_VOUCHER:
            gift = _gift(
                gift_amount, given.gift_effect or (template.gift_effect if template else None)
            )
        if kind is VoucherType.LOYALTY_CARD:
            if points is None:
                raise FieldError("loyalty_card.points", "is required for a LOYALTY_CARD")
            with payload("loyalty_card."):
                loyalty = LoyaltyPoints(points=points, balance=points)
        quantity = (
            given.quantity
            if given.quantity is not None
            else (template.quantity if template else None)
        )
        return Voucher(
            id="v_" + ctx.ids.new_token(VOUCHER_ID_LENGTH, ALPHANUMERIC),
            code=code,
            type=kind,
            campaign_id=campaign.id if campaign else None,
            campaign=campaign.name if campaign else None,
            category_id=given.category_id,
            category=given.category,
            discount=discount if kind is VoucherType.DISCOUNT_VOUCHER else None,
            gift=gift,
            loyalty_card=loyalty,
            active=True if given.active is None else given.active,
            start_date=given.start_date,
            expiration_date=given.expiration_date,
            validity=given.validity or ALWAYS,
            quantity=quantity,
            metadata=dict(given.metadata or {}),
            additional_info=given.additional_info,
            created_at=ctx.now,
        )


def _gift(amount: int | None, effect: str | None) -> GiftCredits:
    if amount is None:
        raise FieldError("gift.amount", "is required for a GIFT_VOUCHER")
    with payload("gift."):
        return GiftCredits(
            amount=amount,
            balance=amount,
            effect=rules.member(DiscountEffect, effect or "APPLY_TO_ORDER", "gift.effect"),
        )


def _code_config(given: CodeConfigInput) -> CodeConfig:
    with payload("code_config."):
        return CodeConfig(
            pattern=given.pattern,
            length=given.length,
            charset=given.charset,
            prefix=given.prefix,
            postfix=given.postfix,
        )


def generate_code(uow: UnitOfWork, ctx: RequestContext, config: CodeConfig | None) -> str:
    """A fresh code from `config` (`#` in a pattern is one random character)."""
    config = config or DEFAULT_CODE_CONFIG
    alphabet = config.charset or ALPHANUMERIC
    for _ in range(CODE_ATTEMPTS_MAX):
        if config.pattern:
            body = "".join(
                ctx.ids.new_token(1, alphabet) if char == "#" else char for char in config.pattern
            )
        else:
            body = ctx.ids.new_token(config.length or 8, alphabet)
        code = f"{config.prefix or ''}{body}{config.postfix or ''}"
        if uow.find(Voucher, "code", code) is None:
            return code
    raise errors.InvalidPayload(
        "the code_config yields no free code; widen the pattern or charset", field="code_config"
    )


def get_voucher(uow: UnitOfWork, code: str) -> Voucher:
    voucher = uow.find(Voucher, "code", code)
    if voucher is None and code.startswith("v_"):
        voucher = uow.get(Voucher, code)
    if voucher is None:
        raise not_found("voucher", code)
    return voucher


# -- campaigns and tiers ---------------------------------------------------------------


def create_campaign(uow: UnitOfWork, given: CampaignInput, ctx: RequestContext) -> Campaign:
    if given.name is None:
        raise errors.InvalidPayload("is required", field="name")
    if given.campaign_type is None:
        raise errors.InvalidPayload("is required", field="campaign_type")
    if uow.find(Campaign, "name", given.name) is not None:
        raise errors.DuplicateFound(
            f"campaign {given.name} already exists", field="name", resource_type="campaign"
        )
    count = given.vouchers_count or 0
    if count > limits.CAMPAIGN_VOUCHERS_GENERATED_MAX:
        raise errors.InvalidPayload(
            f"must be at most {limits.CAMPAIGN_VOUCHERS_GENERATED_MAX}", field="vouchers_count"
        )
    with payload():
        kind = rules.member(CampaignType, given.campaign_type, "campaign_type")
        template = _template(given.voucher, kind) if given.voucher is not None else None
        if kind is CampaignType.PROMOTION and given.voucher is not None:
            raise FieldError("voucher", "is not allowed on a PROMOTION campaign")
        if kind is not CampaignType.PROMOTION and given.tiers:
            raise FieldError("promotion", "is allowed only on a PROMOTION campaign")
        campaign = Campaign(
            id=ctx.ids.new_id("camp"),
            name=given.name,
            campaign_type=kind,
            type=rules.member(CampaignMode, given.type or "AUTO_UPDATE", "type"),
            description=given.description,
            active=True if given.active is None else given.active,
            start_date=given.start_date,
            expiration_date=given.expiration_date,
            validity=given.validity or ALWAYS,
            category_id=given.category_id,
            category=given.category,
            metadata=dict(given.metadata or {}),
            template=template,
            created_at=ctx.now,
        )
    if len(given.tiers or ()) > limits.TIERS_PER_CAMPAIGN_MAX:
        raise errors.InvalidPayload(
            f"a campaign holds at most {limits.TIERS_PER_CAMPAIGN_MAX} tiers",
            field="promotion.tiers",
        )
    uow.add(campaign)
    for index, tier in enumerate(given.tiers or ()):
        _build_tier(uow, campaign, tier, ctx, index + 1, f"promotion.tiers[{index}].")
    for _ in range(count):
        if template is None:
            raise errors.InvalidPayload("vouchers_count needs a voucher template", field="voucher")
        current = uow.get(Campaign, campaign.id) or campaign
        create_voucher(uow, VoucherInput(campaign_id=current.id), ctx)
    return uow.get(Campaign, campaign.id) or campaign


def _template(given: VoucherInput, kind: CampaignType) -> VoucherTemplate:
    expected = VOUCHER_TYPE_OF_CAMPAIGN.get(kind)
    with payload("voucher."):
        if expected is None:
            raise FieldError("type", f"no voucher template on a {kind} campaign")
        return VoucherTemplate(
            type=given.type or expected,
            discount=given.discount,
            gift_amount=given.gift_amount,
            gift_effect=given.gift_effect,
            loyalty_points=given.loyalty_points,
            quantity=given.quantity,
            code_config=_code_config(given.code_config)
            if given.code_config
            else DEFAULT_CODE_CONFIG,
        )


def create_tier(
    uow: UnitOfWork, campaign_id: str, given: TierInput, ctx: RequestContext
) -> PromotionTier:
    campaign = uow.get(Campaign, campaign_id)
    if campaign is None:
        raise not_found("campaign", campaign_id)
    if campaign.campaign_type is not CampaignType.PROMOTION:
        raise errors.InvalidPayload(
            f"campaign {campaign_id} is a {campaign.campaign_type}, not a PROMOTION",
            field="campaignId",
        )
    existing = uow.select(PromotionTier, "campaign_id", campaign_id, limits.TIERS_PER_CAMPAIGN_MAX)
    if len(existing) >= limits.TIERS_PER_CAMPAIGN_MAX:
        raise errors.InvalidPayload(
            f"a campaign holds at most {limits.TIERS_PER_CAMPAIGN_MAX} tiers", field="campaignId"
        )
    return _build_tier(uow, campaign, given, ctx, len(existing) + 1, "")


def _build_tier(
    uow: UnitOfWork,
    campaign: Campaign,
    given: TierInput,
    ctx: RequestContext,
    position: int,
    prefix: str,
) -> PromotionTier:
    if given.name is None:
        raise errors.InvalidPayload("is required", field=f"{prefix}name")
    with payload(prefix):
        tier = PromotionTier(
            id=ctx.ids.new_id("promo"),
            campaign_id=campaign.id,
            name=given.name,
            banner=given.banner,
            discount=given.discount,
            active=True if given.active is None else given.active,
            start_date=given.start_date,
            expiration_date=given.expiration_date,
            validity=given.validity or ALWAYS,
            hierarchy=given.hierarchy if given.hierarchy is not None else position,
            category_id=given.category_id,
            category=given.category,
            metadata=dict(given.metadata or {}),
            created_at=ctx.now,
        )
    uow.add(tier)
    return tier


def tiers_of(uow: UnitOfWork, campaign_id: str) -> Sequence[PromotionTier]:
    return uow.select(PromotionTier, "campaign_id", campaign_id, limits.TIERS_PER_CAMPAIGN_MAX)


# -- rewards ---------------------------------------------------------------------------


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


__all__ = ["attrs"]

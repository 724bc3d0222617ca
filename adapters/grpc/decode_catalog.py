"""Protobuf catalog requests -> the domain's inputs: vouchers, campaigns, promotion tiers,
rewards, reward assignments, loyalty members (the bodies of DOMAIN.md 15).

As in `decode`: translation only, and anything malformed is `invalid_payload` naming the
field by its path in the body message.
"""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from redemption_core.domain.model import errors
from redemption_core.domain.model.discount import Discount, DiscountEffect, DiscountType
from redemption_core.domain.model.rules import FieldError
from redemption_core.domain.model.validity import DailyHours, Timeframe, Validity
from redemption_core.domain.use_cases.commands import (
    CampaignInput,
    CodeConfigInput,
    MemberInput,
    RewardAssignmentInput,
    RewardInput,
    TierInput,
    VoucherInput,
)

from . import enums
from ._generated import catalog_pb2 as catalog
from ._generated import common_pb2 as common
from ._generated import redemption_service_pb2 as service
from .decode import (
    customer_input,
    decimal_of,
    field_rules,
    fields_under,
    instant,
    metadata,
    optional,
    required,
    set_fields,
)


def discount(message: Message, name: str, prefix: str) -> Discount | None:
    if not message.HasField(name):
        return None
    given: common.Discount = getattr(message, name)
    kind = enums.DISCOUNT_TYPE.require(given.type, f"{prefix}type")
    if kind is DiscountType.UNIT:
        raise errors.InvalidPayload("UNIT discounts are not supported yet", field=f"{prefix}type")
    percent = None
    if given.HasField("percent_off"):
        percent = decimal_of(given.percent_off, f"{prefix}percent_off")
    effect = enums.DISCOUNT_EFFECT.decode(given.effect, f"{prefix}effect")
    try:
        return Discount(
            type=kind,
            effect=effect or DiscountEffect.APPLY_TO_ORDER,
            amount_off=optional(given, "amount_off"),
            percent_off=percent,
            amount_limit=optional(given, "amount_limit"),
            fixed_amount=optional(given, "fixed_amount"),
        )
    except FieldError as error:
        field = error.field.removeprefix("discount.")
        raise errors.InvalidPayload(error.rule, field=f"{prefix}{field}") from error


def validity(message: Any, prefix: str = "") -> Validity | None:
    """The three validity fields of a voucher, campaign or tier body."""
    has_frame = message.HasField("validity_timeframe")
    has_hours = message.HasField("validity_hours")
    days = tuple(message.validity_day_of_week)
    if not (has_frame or has_hours or days):
        return None
    with field_rules(prefix):
        frame = None
        if has_frame:
            given = message.validity_timeframe
            if not given.HasField("duration"):
                raise errors.InvalidPayload(
                    "is required", field=f"{prefix}validity_timeframe.duration"
                )
            frame = Timeframe(duration=given.duration, interval=optional(given, "interval"))
        windows = None
        if has_hours and message.validity_hours.daily:
            windows = tuple(
                DailyHours(
                    start_time=window.start_time,
                    expiration_time=window.expiration_time,
                    days_of_week=tuple(window.days_of_week),
                )
                for window in message.validity_hours.daily
            )
        return Validity(timeframe=frame, days_of_week=days or None, daily_hours=windows)


def _code_config(message: Message) -> CodeConfigInput | None:
    if not message.HasField("code_config"):
        return None
    given: common.CodeConfig = getattr(message, "code_config")  # noqa: B009
    return CodeConfigInput(
        pattern=optional(given, "pattern"),
        length=optional(given, "length"),
        charset=optional(given, "charset"),
        prefix=optional(given, "prefix"),
        postfix=optional(given, "postfix"),
    )


def _template_parts(message: catalog.VoucherInput | catalog.CampaignVoucher) -> dict[str, Any]:
    """`type`, `gift`, `loyalty_card`, `redemption` and `code_config` of a voucher body."""
    gift = message.gift if message.HasField("gift") else None
    effect = enums.DISCOUNT_EFFECT.decode(gift.effect, "gift.effect") if gift else None
    return {
        "type": enums.VOUCHER_TYPE.decode(message.type, "type"),
        "gift_amount": optional(gift, "amount") if gift else None,
        "gift_effect": effect.value if effect else None,
        "loyalty_points": (
            optional(message.loyalty_card, "points") if message.HasField("loyalty_card") else None
        ),
        "quantity": (
            optional(message.redemption, "quantity") if message.HasField("redemption") else None
        ),
        "code_config": _code_config(message),
    }


def voucher_input(message: catalog.VoucherInput) -> VoucherInput:
    return VoucherInput(
        code=optional(message, "code"),
        campaign_id=optional(message, "campaign_id"),
        campaign=optional(message, "campaign"),
        category_id=optional(message, "category_id"),
        category=optional(message, "category"),
        discount=discount(message, "discount", "discount."),
        active=optional(message, "active"),
        start_date=instant(message, "start_date", "start_date"),
        expiration_date=instant(message, "expiration_date", "expiration_date"),
        validity=validity(message),
        metadata=metadata(message, "metadata"),
        additional_info=optional(message, "additional_info"),
        **_template_parts(message),
    )


def tier_input(message: catalog.PromotionTierInput, prefix: str = "") -> TierInput:
    return TierInput(
        name=optional(message, "name"),
        banner=optional(message, "banner"),
        discount=(
            discount(message.action, "discount", f"{prefix}action.discount.")
            if message.HasField("action") else None
        ),
        active=optional(message, "active"),
        start_date=instant(message, "start_date", f"{prefix}start_date"),
        expiration_date=instant(message, "expiration_date", f"{prefix}expiration_date"),
        validity=validity(message, prefix),
        hierarchy=optional(message, "hierarchy"),
        category_id=optional(message, "category_id"),
        category=optional(message, "category"),
        metadata=metadata(message, f"{prefix}metadata"),
    )


def campaign_input(message: catalog.CampaignInput) -> CampaignInput:
    template = None
    if message.HasField("voucher"):
        with fields_under("voucher."):
            template = VoucherInput(
                discount=discount(message.voucher, "discount", "discount."),
                **_template_parts(message.voucher),
            )
    tiers = None
    if message.HasField("promotion"):
        tiers = tuple(
            tier_input(tier, f"promotion.tiers[{index}].")
            for index, tier in enumerate(message.promotion.tiers)
        )
    campaign_type = enums.CAMPAIGN_TYPE.decode(message.campaign_type, "campaign_type")
    mode = enums.CAMPAIGN_MODE.decode(message.type, "type")
    return CampaignInput(
        name=optional(message, "name"),
        campaign_type=campaign_type.value if campaign_type else None,
        type=mode.value if mode else None,
        description=optional(message, "description"),
        active=optional(message, "active"),
        start_date=instant(message, "start_date", "start_date"),
        expiration_date=instant(message, "expiration_date", "expiration_date"),
        validity=validity(message),
        category_id=optional(message, "category_id"),
        category=optional(message, "category"),
        metadata=metadata(message, "metadata"),
        voucher=template,
        vouchers_count=optional(message, "vouchers_count"),
        tiers=tiers,
    )


def reward_input(message: catalog.RewardInput) -> RewardInput:
    parameters = message.parameters
    sent = tuple(name for name in ("campaign", "coin", "product") if parameters.HasField(name))
    kind = enums.REWARD_TYPE.decode(message.type, "type")
    coin = parameters.coin if "coin" in sent else None
    campaign = parameters.campaign if "campaign" in sent else None
    product = parameters.product if "product" in sent else None
    return RewardInput(
        name=optional(message, "name"),
        type=kind.value if kind else None,
        campaign_id=campaign.id if campaign else None,
        campaign_balance=optional(campaign, "balance") if campaign else None,
        coin_exchange_ratio=(
            decimal_of(coin.exchange_ratio, "parameters.coin.exchange_ratio") if coin else None
        ),
        coin_points_ratio=(
            decimal_of(coin.points_ratio, "parameters.coin.points_ratio") if coin else None
        ),
        product_id=product.id if product else None,
        sku_id=optional(product, "sku_id") if product else None,
        stock=optional(message, "stock"),
        attributes=set_fields(message.attributes) if message.HasField("attributes") else None,
        metadata=metadata(message, "metadata"),
        parameters_sent=sent,
    )


def assignment_inputs(
    message: service.CreateRewardAssignmentsRequest,
) -> list[RewardAssignmentInput]:
    made = []
    for index, item in enumerate(message.reward_assignments):
        points = None
        if item.parameters.HasField("loyalty"):
            points = optional(item.parameters.loyalty, "points")
        reward_id = required(item.reward, f"reward_assignments[{index}].reward")
        made.append(RewardAssignmentInput(reward=reward_id, points=points))
    return made


def member_input(message: catalog.LoyaltyMemberInput) -> MemberInput:
    if not message.HasField("customer"):
        raise errors.InvalidPayload("is required", field="customer")
    return MemberInput(
        customer=customer_input(message.customer, "customer"),
        voucher=optional(message, "voucher"),
        metadata=metadata(message, "metadata"),
    )


def body(message: Message, name: str) -> Any:
    """The body message `name` of a create request; it must be sent."""
    if not message.HasField(name):
        raise errors.InvalidPayload("is required", field=name)
    return getattr(message, name)



"""Structured request bodies -> domain commands.

The names already match (the commands mirror the bodies); what happens here is the few
translations the wire needs: nested `gift.credits`/`reward.points` flattened, validity
fields gathered, discount shapes built (their rules reported as `invalid_payload` naming
the wire field), deprecated aliases folded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeGuard

import attrs

from redemption_core.domain.model import errors
from redemption_core.domain.model.discount import Discount, DiscountEffect, DiscountType
from redemption_core.domain.model.order import OrderStatus
from redemption_core.domain.model.redemption import Redemption
from redemption_core.domain.model.redemption_rollback import RedemptionRollback
from redemption_core.domain.model.rules import FieldError
from redemption_core.domain.model.validity import DailyHours, Timeframe, Validity
from redemption_core.domain.model.voucher import VoucherType
from redemption_core.domain.use_cases.catalog import payload
from redemption_core.domain.use_cases.commands import (
    CampaignInput,
    CodeConfigInput,
    CustomerInput,
    MemberInput,
    MemberRedemptionCommand,
    OrderInput,
    OrderItemInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RewardAssignmentInput,
    RewardInput,
    RollbackCommand,
    TierInput,
    VoucherInput,
)
from redemption_core.domain.use_cases.sessions import SessionInput, TtlUnit

from . import requests, wire


def _plain(value: Any) -> Any:
    """An attrs request object as a plain dict without unsent (None) keys."""
    if value is None:
        return None
    return attrs.asdict(value, filter=lambda _, item: item is not None)


def customer_input(given: requests.CustomerRequest | None) -> CustomerInput | None:
    if given is None:
        return None
    birthdate = given.birthdate or given.birthday
    return CustomerInput(
        id=given.id,
        source_id=given.source_id,
        name=given.name,
        email=given.email,
        phone=given.phone,
        description=given.description,
        birthdate=birthdate.isoformat() if birthdate else None,
        address=_plain(given.address),
        metadata=given.metadata,
    )


def order_input(given: requests.OrderRequest | None) -> OrderInput | None:
    if given is None:
        return None
    items = None
    if given.items is not None:
        items = tuple(
            OrderItemInput(
                source_id=item.source_id,
                product_id=item.product_id,
                sku_id=item.sku_id,
                related_object=item.related_object,
                quantity=item.quantity,
                price=item.price,
                amount=item.amount,
                product=_plain(item.product),
                sku=_plain(item.sku),
                metadata=item.metadata,
            )
            for item in given.items
        )
    return OrderInput(
        id=given.id,
        source_id=given.source_id,
        status=OrderStatus(given.status) if given.status else None,
        amount=given.amount,
        items=items,
        metadata=given.metadata,
    )


def _redeemable(item: requests.RedeemableRequest) -> RedeemableInput:
    if isinstance(item, requests.VoucherRedeemable):
        return RedeemableInput(
            object=RedeemableKind.VOUCHER,
            id=item.id,
            credits=item.gift.credits if item.gift else None,
            reward_id=item.reward.id if item.reward else None,
            points=item.reward.points if item.reward else None,
            gift_sent=item.gift is not None,
            reward_sent=item.reward is not None,
        )
    return RedeemableInput(object=RedeemableKind(item.object), id=item.id)


def redeem_command(given: requests.RedeemRequest) -> RedeemCommand:
    return RedeemCommand(
        redeemables=tuple(_redeemable(item) for item in given.redeemables),
        order=order_input(given.order),
        customer=customer_input(given.customer),
        tracking_id=given.tracking_id,
        metadata=given.metadata,
        session=session_input(given.session),
    )


def session_input(given: requests.SessionRequest | None) -> SessionInput | None:
    """`session` of a redemption or validation (DOMAIN.md 16.2); `type` defaults to LOCK."""
    if given is None:
        return None
    return SessionInput(
        key=given.key,
        ttl=given.ttl,
        ttl_unit=TtlUnit(given.ttl_unit) if given.ttl_unit is not None else None,
    )


def member_redemption_command(
    member_id: str, campaign_id: str | None, given: requests.MemberRedemptionRequest
) -> MemberRedemptionCommand:
    """The member is the card code in the path; the campaign is optional (legacy route)."""
    reward = given.reward
    return MemberRedemptionCommand(
        member_id=member_id,
        campaign_id=campaign_id,
        reward_id=reward.id if reward is not None else None,
        points=reward.points if reward is not None else None,
        order=order_input(given.order),
        metadata=given.metadata,
    )


def rollback_command(
    redemption_id: str, given: requests.RollbackRequest, query: Mapping[str, str]
) -> RollbackCommand:
    # The body wins over the query string when both carry a value (assumption A8).
    return RollbackCommand(
        redemption_id=redemption_id,
        reason=given.reason if given.reason is not None else query.get("reason"),
        tracking_id=(
            given.tracking_id if given.tracking_id is not None else query.get("tracking_id")
        ),
        customer=customer_input(given.customer),
        order=order_input(given.order),
        metadata=given.metadata,
    )


def discount(given: requests.DiscountRequest | None, prefix: str) -> Discount | None:
    if given is None:
        return None
    if given.type == "UNIT":
        raise errors.InvalidPayload("UNIT discounts are not supported yet", field=f"{prefix}type")
    try:
        return Discount(
            type=DiscountType(given.type),
            # The request class admits only the effects of this discount type.
            effect=DiscountEffect(given.effect or "APPLY_TO_ORDER"),
            amount_off=given.amount_off,
            percent_off=given.percent_off,
            amount_limit=given.amount_limit,
            fixed_amount=given.fixed_amount,
        )
    except FieldError as error:
        # `Discount` names some fields from its owner (`discount.percent_off`) and some from
        # itself (`amount_off`); `prefix` already ends in `discount.`, so never say it twice.
        field = error.field.removeprefix("discount.")
        raise errors.InvalidPayload(error.rule, field=f"{prefix}{field}") from error


def validity(
    timeframe: requests.ValidityTimeframeRequest | None,
    days: Sequence[int] | None,
    hours: requests.ValidityHoursRequest | None,
    prefix: str = "",
) -> Validity | None:
    if timeframe is None and days is None and hours is None:
        return None
    with payload(prefix):
        frame = None
        if timeframe is not None:
            if timeframe.duration is None:
                raise errors.InvalidPayload(
                    "is required", field=f"{prefix}validity_timeframe.duration"
                )
            frame = Timeframe(duration=timeframe.duration, interval=timeframe.interval)
        windows = None
        if hours is not None and hours.daily:
            windows = tuple(
                DailyHours(
                    start_time=window.start_time or "",
                    expiration_time=window.expiration_time or "",
                    days_of_week=tuple(window.days_of_week or ()),
                )
                for window in hours.daily
            )
        return Validity(
            timeframe=frame, days_of_week=tuple(days) if days is not None else None,
            daily_hours=windows,
        )


def _code_config(given: requests.CodeConfigRequest | None) -> CodeConfigInput | None:
    if given is None:
        return None
    return CodeConfigInput(
        pattern=given.pattern, length=given.length, charset=given.charset,
        prefix=given.prefix, postfix=given.postfix,
    )


def voucher_input(given: requests.VoucherCreateRequest, path_code: str | None) -> VoucherInput:
    if path_code is not None and given.code is not None and given.code != path_code:
        raise errors.InvalidPayload(f"must match the code in the path ({path_code})", field="code")
    return VoucherInput(
        code=path_code or given.code,
        type=VoucherType(given.type) if given.type else None,
        campaign_id=given.campaign_id,
        campaign=given.campaign,
        category_id=given.category_id,
        category=given.category,
        discount=discount(given.discount, "discount."),
        gift_amount=given.gift.amount if given.gift else None,
        gift_effect=given.gift.effect if given.gift else None,
        loyalty_points=given.loyalty_card.points if given.loyalty_card else None,
        quantity=given.redemption.quantity if given.redemption else None,
        active=given.active,
        start_date=given.start_date,
        expiration_date=given.expiration_date,
        validity=validity(
            given.validity_timeframe, given.validity_day_of_week, given.validity_hours
        ),
        metadata=given.metadata,
        additional_info=given.additional_info,
        code_config=_code_config(given.code_config),
        validation_rules=rule_ids(given.validation_rules, "validation_rules"),
    )


def rule_ids(given: object, field: str) -> tuple[str, ...]:
    """`validation_rules` of a voucher, campaign or tier: rule set ids (DOMAIN.md 16.3)."""
    if given is None:
        return ()
    if not isinstance(given, list) or not all(isinstance(item, str) and item for item in given):
        raise errors.InvalidPayload("must be an array of validation rule ids", field=field)
    return tuple(given)


def tier_input(given: requests.PromotionTierCreateRequest, prefix: str = "") -> TierInput:
    action = given.action.discount if given.action else None
    return TierInput(
        name=given.name,
        banner=given.banner,
        discount=discount(action, f"{prefix}action.discount."),
        active=given.active,
        start_date=given.start_date,
        expiration_date=given.expiration_date,
        validity=validity(
            given.validity_timeframe, given.validity_day_of_week, given.validity_hours, prefix
        ),
        hierarchy=given.hierarchy,
        category_id=given.category_id,
        category=given.category,
        metadata=given.metadata,
        validation_rules=rule_ids(given.validation_rules, f"{prefix}validation_rules"),
    )


def campaign_input(given: requests.CampaignCreateRequest) -> CampaignInput:
    template = None
    if given.voucher is not None:
        voucher = given.voucher
        template = VoucherInput(
            type=VoucherType(voucher.type) if voucher.type else None,
            discount=discount(voucher.discount, "voucher.discount."),
            gift_amount=voucher.gift.amount if voucher.gift else None,
            gift_effect=voucher.gift.effect if voucher.gift else None,
            loyalty_points=voucher.loyalty_card.points if voucher.loyalty_card else None,
            quantity=voucher.redemption.quantity if voucher.redemption else None,
            code_config=_code_config(voucher.code_config),
        )
    tiers = None
    if given.promotion is not None and given.promotion.tiers is not None:
        tiers = tuple(
            tier_input(tier, f"promotion.tiers[{index}].")
            for index, tier in enumerate(given.promotion.tiers)
        )
    return CampaignInput(
        name=given.name,
        campaign_type=given.campaign_type,
        type=given.type,
        description=given.description,
        active=given.active,
        start_date=given.start_date,
        expiration_date=given.expiration_date,
        validity=validity(
            given.validity_timeframe, given.validity_day_of_week, given.validity_hours
        ),
        category_id=given.category_id,
        category=given.category,
        metadata=given.metadata,
        voucher=template,
        vouchers_count=given.vouchers_count,
        tiers=tiers,
        validation_rules=rule_ids(given.validation_rules, "validation_rules"),
    )


def reward_input(given: requests.RewardCreateRequest) -> RewardInput:
    parameters = given.parameters
    sent = tuple(
        name for name in ("campaign", "coin", "product") if getattr(parameters, name) is not None
    )
    campaign, coin, product = parameters.campaign, parameters.coin, parameters.product
    return RewardInput(
        name=given.name,
        type=given.type,
        campaign_id=campaign.id if campaign else None,
        campaign_balance=campaign.balance if campaign else None,
        coin_exchange_ratio=coin.exchange_ratio if coin else None,
        coin_points_ratio=coin.points_ratio if coin else None,
        product_id=product.id if product else None,
        sku_id=product.sku_id if product else None,
        stock=given.stock,
        attributes=_plain(given.attributes),
        metadata=given.metadata,
        parameters_sent=sent,
    )


def assignment_inputs(
    items: Sequence[requests.RewardAssignmentItemRequest],
) -> list[RewardAssignmentInput]:
    return [
        RewardAssignmentInput(
            reward=item.reward,
            points=(
                item.parameters.loyalty.points
                if item.parameters is not None and item.parameters.loyalty is not None
                else None
            ),
        )
        for item in items
    ]


def member_input(given: requests.LoyaltyMemberCreateRequest) -> MemberInput:
    customer = given.customer
    if isinstance(customer, str):
        # A plain string is a customer id when it looks like one, else a source id.
        built = CustomerInput(id=customer) if customer.startswith("cust_") else CustomerInput(
            source_id=customer
        )
    else:
        built = customer_input(customer) or CustomerInput()
    return MemberInput(customer=built, voucher=given.voucher, metadata=given.metadata)


def is_redemption(found: Redemption | RedemptionRollback) -> TypeGuard[Redemption]:
    return isinstance(found, Redemption)


def redemption_read_wire(found: Redemption) -> dict[str, Any]:
    """GET one / list: a redemption with `rollback_order_mode` on its rollbacks."""
    return wire.redemption(found, read=True)

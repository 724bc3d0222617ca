"""Domain -> protobuf for redemptions, rollbacks and the responses that carry them
(`redemption.proto`, `redemption_service.proto`), field for field as
`adapters/json/wire.py` renders them. The catalog and shared parts live in
`encode_catalog` and `encode_common`; this module re-exports what the servicer uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from redemption_core.domain.model.redemption import Redemption, RelatedRef, RewardResult
from redemption_core.domain.model.redemption_rollback import RedemptionRollback
from redemption_core.domain.model.voucher import Voucher, VoucherType
from redemption_core.domain.use_cases.commands import (
    RedeemableOutcome,
    RedeemResult,
    StackedRollbackResult,
)

from . import enums
from ._generated import redemption_pb2 as redemptions
from ._generated import redemption_service_pb2 as service
from .encode_catalog import (
    campaign,
    promotion_tier,
    reward,
    reward_assignment,
    reward_parameters,
    tier,
    voucher,
)
from .encode_common import (
    channel,
    once,
    order,
    simple_customer,
    struct,
    timestamp,
)

__all__ = [
    "campaign",
    "get_redemption_response",
    "order",
    "promotion_tier",
    "redeem_response",
    "redemption",
    "redemption_ids",
    "reward",
    "reward_assignment",
    "rollback",
    "stacked_rollback_response",
    "tier",
    "voucher",
]

# -- redemptions and rollbacks ---------------------------------------------------------


def reward_result(value: RewardResult | None) -> redemptions.RedemptionRewardResult | None:
    if value is None:
        return None
    product = value.reward.product
    return redemptions.RedemptionRewardResult(
        customer=simple_customer(value.customer),
        assignment_id=value.assignment_id,
        voucher=voucher(value.voucher),
        product=redemptions.RewardProduct(id=product.product_id) if product else None,
        sku=redemptions.RewardSku(id=product.sku_id) if product and product.sku_id else None,
        loyalty_tier_id=value.loyalty_tier_id,
        id=value.reward.id,
        name=value.reward.name,
        object="reward",
        created_at=timestamp(value.reward.created_at),
        updated_at=timestamp(value.reward.updated_at),
        parameters=reward_parameters(value.reward),
        metadata=struct(value.reward.metadata),
        type=enums.REWARD_TYPE.encode(value.reward.type),
    )


def _refs(refs: Sequence[RelatedRef], with_mode: bool) -> list[redemptions.RelatedRedemption]:
    return [
        redemptions.RelatedRedemption(
            id=ref.id,
            date=timestamp(ref.date),
            rollback_order_mode=enums.ROLLBACK_ORDER_MODE.encode(
                ref.rollback_order_mode if with_mode else None
            ),
        )
        for ref in refs
    ]


def _spend(voucher_of: Voucher | None, amount: int | None) -> dict[str, Any]:
    if amount is None or voucher_of is None:
        return {}
    if voucher_of.type is VoucherType.GIFT_VOUCHER:
        return {"gift": redemptions.RedemptionGift(amount=amount)}
    if voucher_of.type is VoucherType.LOYALTY_CARD:
        return {"loyalty_card": redemptions.RedemptionLoyaltyCard(points=amount)}
    return {}


def redemption(
    value: Redemption, *, read: bool = False, seen: dict[int, Any] | None = None
) -> redemptions.Redemption:
    """A Redemption; `read` adds `rollback_order_mode` as GetRedemption and lists do."""
    return redemptions.Redemption(
        id=value.id,
        object="redemption",
        date=timestamp(value.date),
        customer_id=value.customer_id,
        tracking_id=value.tracking_id,
        metadata=struct(value.metadata),
        amount=value.amount,
        redemption=value.parent_id,
        result=enums.RESULT.encode(value.result),
        status=enums.REDEMPTION_STATUS.encode(value.status),
        session=(
            redemptions.Session(key=value.session_key) if value.session_key is not None else None
        ),
        related_redemptions=redemptions.RelatedRedemptions(
            rollbacks=_refs(value.rollbacks, read), redemptions=_refs(value.children, False)
        ),
        failure_code=value.failure_code,
        failure_message=value.failure_message,
        order=once(order, value.order, seen),
        channel=once(channel, value.channel, seen),
        customer=once(simple_customer, value.customer, seen),
        related_object_type=enums.RELATED_OBJECT_TYPE.encode(value.related_object_type),
        related_object_id=value.related_object_id,
        promotion_tier=promotion_tier(value.promotion_tier, value.campaign),
        reward=reward_result(value.reward),
        voucher=voucher(value.voucher, holder=value.customer, with_holder=True),
        **_spend(value.voucher, value.amount),
    )


def rollback(value: RedemptionRollback) -> redemptions.RedemptionRollback:
    return redemptions.RedemptionRollback(
        id=value.id,
        object="redemption_rollback",
        date=timestamp(value.date),
        customer_id=value.customer_id,
        tracking_id=value.tracking_id,
        metadata=struct(value.metadata),
        amount=value.amount,
        redemption=value.redemption_id,
        reason=value.reason,
        result=enums.RESULT.encode(value.result),
        status=enums.ROLLBACK_STATUS.encode(value.status),
        failure_code=value.failure_code,
        failure_message=value.failure_message,
        order=order(value.order),
        channel=channel(value.channel),
        customer=simple_customer(value.customer),
        related_object_type=enums.RELATED_OBJECT_TYPE.encode(value.related_object_type),
        related_object_id=value.related_object_id,
        voucher=voucher(value.voucher),
        promotion_tier=promotion_tier(value.promotion_tier, value.campaign),
        reward=reward_result(value.reward),
        **_spend(value.voucher, value.amount),
    )


def redeemable_outcome(value: RedeemableOutcome) -> redemptions.RedeemableOutcome:
    error = None
    if value.error_code is not None:
        error = redemptions.RedeemableOutcomeError(
            code=400, key=value.error_code, message=value.message
        )
    return redemptions.RedeemableOutcome(
        status=value.status,
        id=value.id,
        object=enums.REDEEMABLE_OBJECT.encode(value.object),
        result=redemptions.RedeemableOutcomeResult(
            details=redemptions.RedeemableOutcomeDetails(key=value.key, message=value.message),
            error=error,
        ),
        metadata=struct(value.metadata),
        campaign_name=value.campaign_name,
        campaign_id=value.campaign_id,
        name=value.name,
    )


# -- responses -------------------------------------------------------------------------


def redeem_response(value: RedeemResult) -> service.RedeemResponse:
    seen: dict[int, Any] = {}
    return service.RedeemResponse(
        redemptions=[redemption(child, seen=seen) for child in value.redemptions],
        parent_redemption=(
            redemption(value.parent, seen=seen) if value.parent is not None else None
        ),
        order=once(order, value.order, seen),
        inapplicable_redeemables=[redeemable_outcome(item) for item in value.inapplicable],
        skipped_redeemables=[redeemable_outcome(item) for item in value.skipped],
    )


def stacked_rollback_response(
    value: StackedRollbackResult,
) -> service.RollbackStackedRedemptionsResponse:
    parent = value.parent_rollback
    return service.RollbackStackedRedemptionsResponse(
        rollbacks=[rollback(item) for item in value.rollbacks],
        parent_rollback=rollback(parent) if parent is not None else None,
        order=order(value.order),
    )


def get_redemption_response(
    found: Redemption | RedemptionRollback,
) -> service.GetRedemptionResponse:
    if isinstance(found, Redemption):
        return service.GetRedemptionResponse(redemption=redemption(found, read=True))
    return service.GetRedemptionResponse(rollback=rollback(found))


def redemption_ids(value: RedeemResult | StackedRollbackResult) -> list[str]:
    """The ids a call made, for its log line."""
    if isinstance(value, RedeemResult):
        made = [child.id for child in value.redemptions]
        return [*made, value.parent.id] if value.parent is not None else made
    made = [item.id for item in value.rollbacks]
    parent = value.parent_rollback
    return [*made, parent.id] if parent is not None else made

"""Domain -> protobuf for the catalog: vouchers, campaigns, promotion tiers, rewards and
reward assignments (`catalog.proto`), field for field as `adapters/json/wire.py` renders them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from redemption_core.domain.model.campaign import Campaign, PromotionTier
from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.reward import Reward, RewardAssignment
from redemption_core.domain.model.voucher import Voucher, VoucherType

from . import enums
from ._generated import catalog_pb2 as catalog
from ._generated import common_pb2 as common
from .encode_common import discount, simple_customer, struct, timestamp, validity_fields

# -- vouchers --------------------------------------------------------------------------


def _voucher_balances(value: Voucher) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    counters = catalog.VoucherRedemption(
        quantity=value.quantity,
        redeemed_quantity=value.redeemed_quantity,
        object="list",
        url=f"/v1/vouchers/{value.code}/redemptions?page=1&limit=10",
    )
    if value.type is VoucherType.GIFT_VOUCHER and value.gift is not None:
        counters.redeemed_amount = value.redeemed_amount
        fields["gift"] = catalog.VoucherGift(
            amount=value.gift.amount,
            subtracted_amount=value.gift.subtracted_amount,
            balance=value.gift.balance,
            effect=enums.DISCOUNT_EFFECT.encode(value.gift.effect),
        )
    if value.type is VoucherType.LOYALTY_CARD and value.loyalty_card is not None:
        counters.redeemed_points = value.redeemed_points
        card = value.loyalty_card
        fields["loyalty_card"] = catalog.VoucherLoyaltyCard(
            points=card.points,
            balance=card.balance,
            pending_points=card.pending_points,
            expired_points=card.expired_points,
            subtracted_points=card.subtracted_points,
        )
    fields["redemption"] = counters
    return fields


def voucher(
    value: Voucher | None, *, holder: Customer | None = None, with_holder: bool = False
) -> catalog.Voucher | None:
    """A Voucher; `with_holder` adds `holder` as the redemption variant does."""
    if value is None:
        return None
    holder_of = None
    if with_holder and holder is not None and holder.id == value.holder_id:
        holder_of = simple_customer(holder)
    return catalog.Voucher(
        id=value.id,
        code=value.code,
        campaign=value.campaign,
        campaign_id=value.campaign_id,
        category=value.category,
        category_id=value.category_id,
        type=enums.VOUCHER_TYPE.encode(value.type),
        discount=discount(value.discount),
        start_date=timestamp(value.start_date),
        expiration_date=timestamp(value.expiration_date),
        active=value.active,
        additional_info=value.additional_info,
        metadata=struct(value.metadata),
        is_referral_code=value.is_referral_code,
        created_at=timestamp(value.created_at),
        updated_at=timestamp(value.updated_at),
        holder_id=value.holder_id,
        object="voucher",
        publish=catalog.VoucherPublish(
            object="list",
            count=value.publish_count,
            url=f"/v1/vouchers/{value.code}/publications?page=1&limit=10",
        ),
        holder=holder_of,
        **_voucher_balances(value),
        **validity_fields(value.validity),
    )


# -- campaigns, tiers, rewards ---------------------------------------------------------


def campaign_ref(value: Campaign | None) -> catalog.CampaignRef | None:
    if value is None:
        return None
    return catalog.CampaignRef(
        id=value.id,
        start_date=timestamp(value.start_date),
        expiration_date=timestamp(value.expiration_date),
        active=value.active,
        category_id=value.category_id,
        object="campaign",
        **validity_fields(value.validity),
    )


def promotion_tier(
    value: PromotionTier | None, campaign_of: Campaign | None
) -> catalog.PromotionTier | None:
    if value is None:
        return None
    return tier(value, campaign_of)


def tier(value: PromotionTier, campaign_of: Campaign | None) -> catalog.PromotionTier:
    return catalog.PromotionTier(
        id=value.id,
        created_at=timestamp(value.created_at),
        updated_at=timestamp(value.updated_at),
        name=value.name,
        banner=value.banner,
        action=catalog.PromotionTierAction(discount=discount(value.discount)),
        metadata=struct(value.metadata),
        hierarchy=value.hierarchy,
        promotion_id=value.campaign_id,
        campaign=campaign_ref(campaign_of),
        campaign_id=value.campaign_id,
        active=value.active,
        start_date=timestamp(value.start_date),
        expiration_date=timestamp(value.expiration_date),
        summary=catalog.PromotionTierSummary(
            redemptions=catalog.PromotionTierRedemptionsSummary(
                total_redeemed=value.total_redeemed
            ),
            orders=catalog.PromotionTierOrdersSummary(
                total_amount=value.orders_total_amount,
                total_discount_amount=value.orders_total_discount_amount,
            ),
        ),
        object="promotion_tier",
        category_id=value.category_id,
        **validity_fields(value.validity),
    )


def _campaign_voucher(value: Campaign) -> catalog.CampaignVoucher | None:
    template = value.template
    if template is None:
        return None
    config = template.code_config
    made = catalog.CampaignVoucher(
        type=enums.VOUCHER_TYPE.encode(template.type),
        redemption=common.RedemptionQuantity(quantity=template.quantity),
        code_config=common.CodeConfig(
            pattern=config.pattern,
            length=config.length,
            charset=config.charset,
            prefix=config.prefix,
            postfix=config.postfix,
        ),
        discount=discount(template.discount),
    )
    if template.gift_amount is not None:
        made.gift.amount = template.gift_amount
        made.gift.effect = enums.DISCOUNT_EFFECT.encode_text(template.gift_effect)
    if template.loyalty_points is not None:
        made.loyalty_card.points = template.loyalty_points
    return made


def campaign(value: Campaign, tiers: Sequence[PromotionTier] = ()) -> catalog.Campaign:
    made = catalog.Campaign(
        id=value.id,
        name=value.name,
        description=value.description,
        campaign_type=enums.CAMPAIGN_TYPE.encode(value.campaign_type),
        type=enums.CAMPAIGN_MODE.encode(value.type),
        voucher=_campaign_voucher(value),
        vouchers_count=value.vouchers_count,
        start_date=timestamp(value.start_date),
        expiration_date=timestamp(value.expiration_date),
        active=value.active,
        metadata=struct(value.metadata),
        created_at=timestamp(value.created_at),
        updated_at=timestamp(value.updated_at),
        category=value.category,
        category_id=value.category_id,
        object="campaign",
        **validity_fields(value.validity),
    )
    if value.campaign_type.value == "PROMOTION":
        made.promotion.CopyFrom(
            catalog.CampaignPromotion(
                object="list",
                data_ref="tiers",
                tiers=[tier(item, value) for item in tiers],
                total=len(tiers),
                has_more=False,
            )
        )
    return made


def reward_parameters(value: Reward) -> catalog.RewardParameters:
    if value.campaign is not None:
        return catalog.RewardParameters(
            campaign=catalog.RewardCampaignParameters(
                id=value.campaign.campaign_id,
                balance=value.campaign.balance,
                type=enums.CAMPAIGN_TYPE.encode_text(value.campaign.campaign_type),
            )
        )
    if value.coin is not None:
        return catalog.RewardParameters(
            coin=catalog.RewardCoinParameters(
                exchange_ratio=float(value.coin.exchange_ratio),
                points_ratio=float(value.coin.points_ratio),
            )
        )
    if value.product is not None:
        return catalog.RewardParameters(
            product=catalog.RewardProductParameters(
                id=value.product.product_id, sku_id=value.product.sku_id
            )
        )
    return catalog.RewardParameters()


def reward(value: Reward) -> catalog.Reward:
    attributes = value.attributes
    return catalog.Reward(
        id=value.id,
        name=value.name,
        stock=value.stock,
        redeemed=value.redeemed,
        attributes=catalog.RewardAttributes(
            image_url=attributes.get("image_url"), description=attributes.get("description")
        ),
        metadata=struct(value.metadata),
        type=enums.REWARD_TYPE.encode(value.type),
        parameters=reward_parameters(value),
        created_at=timestamp(value.created_at),
        updated_at=timestamp(value.updated_at),
        object="reward",
    )


def reward_assignment(value: RewardAssignment) -> catalog.RewardAssignment:
    parameters = None
    if value.points is not None:
        parameters = catalog.RewardAssignmentParameters(
            loyalty=common.LoyaltyPoints(points=value.points)
        )
    return catalog.RewardAssignment(
        id=value.id,
        reward_id=value.reward_id,
        created_at=timestamp(value.created_at),
        updated_at=timestamp(value.updated_at),
        object="reward_assignment",
        related_object_id=value.campaign_id,
        related_object_type="campaign",
        parameters=parameters,
    )

"""What one redeemable does to the order and to its card (DOMAIN.md 9.2-9.4).

`compute_effect` runs the order requirements and type-specific checks of 9.1 steps 7-8 and
returns an `Effect`: the order-level and per-item discounts plus the credits or points the
card gives. Nothing is written here; the caller applies the effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..model import errors
from ..model.discount import (
    CalculationMode,
    Discount,
    DiscountEffect,
    cap_in_order,
    item_level_amounts,
    order_level_amount,
)
from ..model.order import Order
from ..model.reward import Reward, RewardAssignment
from ..model.voucher import Voucher, VoucherType
from ..ports import UnitOfWork
from .checks import Target


class Effect(NamedTuple):
    order_cents: int = 0
    item_cents: tuple[int, ...] = ()
    credits: int = 0
    points: int = 0
    reward: Reward | None = None
    assignment: RewardAssignment | None = None

    @property
    def discount(self) -> int:
        return self.order_cents + sum(self.item_cents)


NO_EFFECT = Effect()


def apply_effect(order: Order | None, effect: Effect) -> Order | None:
    if order is None:
        return None
    return order.apply(effect.order_cents, effect.item_cents)


def compute_effect(
    uow: UnitOfWork, target: Target, order: Order | None, mode: CalculationMode
) -> Effect:
    voucher = target.voucher
    if voucher is None:
        discount = target.tier.discount if target.tier is not None else None
        return discount_effect(discount, order, mode)
    if voucher.type is VoucherType.GIFT_VOUCHER:
        return gift_effect(target, voucher, order)
    if voucher.type is VoucherType.LOYALTY_CARD:
        return loyalty_effect(uow, target, voucher, order)
    return discount_effect(voucher.discount, order, mode)


def discount_effect(
    discount: Discount | None, order: Order | None, mode: CalculationMode
) -> Effect:
    """A discount voucher or tier; without an order or amount it has no effect."""
    if discount is None or order is None or order.amount is None:
        return NO_EFFECT
    if not discount.applies_to_items:
        initial = order.amount
        return Effect(order_cents=order_level_amount(discount, order.remaining, initial, mode))
    if not order.items:
        raise errors.MissingOrderItems("an items discount needs order items")
    if all(item.amount is None for item in order.items):
        raise errors.MissingOrderItemsAmount("an items discount needs item amounts")
    wanted = item_level_amounts(
        discount,
        remaining=[item.remaining for item in order.items],
        initial=[item.amount or 0 for item in order.items],
        quantities=[item.quantity or 1 for item in order.items],
        mode=mode,
    )
    return Effect(item_cents=tuple(cap_in_order(wanted, order.remaining)))


def _require_amount(order: Order | None) -> Order:
    if order is None:
        raise errors.MissingOrder("this redeemable needs an order")
    if order.amount is None:
        raise errors.MissingAmount("this redeemable needs an order amount")
    return order


def gift_effect(target: Target, card: Voucher, order: Order | None) -> Effect:
    """Gift credits: requested (or the whole balance), capped by what is left to pay (A2)."""
    paying = _require_amount(order)
    gift = card.gift
    if gift is None:
        raise errors.InvariantViolation(f"{card.id}: gift card without credits")
    requested = target.request.credits
    if requested is not None and requested <= 0:
        raise errors.InvalidGift(
            "credits must be greater than 0", field=_field(target, "gift.credits")
        )
    # Credits locked by other sessions are not this request's to spend (DOMAIN.md 16.2).
    balance = gift.balance - target.reserved.credits
    if balance <= 0:
        raise errors.GiftAmountExceeded(f"{card.code} has no credits left")
    if requested is not None and requested > balance:
        raise errors.GiftAmountExceeded(f"requested {requested}, balance {balance}")
    wanted = balance if requested is None else requested
    if gift.effect is DiscountEffect.APPLY_TO_ORDER:
        applied = min(wanted, paying.remaining)
        return Effect(order_cents=applied, credits=applied)
    item_cents = _spread(min(wanted, paying.remaining), [item.remaining for item in paying.items])
    if not any(item.amount for item in paying.items):
        raise errors.MissingOrderItemsAmount("a gift card on items needs item amounts")
    return Effect(item_cents=item_cents, credits=sum(item_cents))


def _spread(total: int, capacities: Sequence[int]) -> tuple[int, ...]:
    return tuple(cap_in_order(capacities, total))


def loyalty_effect(uow: UnitOfWork, target: Target, card: Voucher, order: Order | None) -> Effect:
    """Pay with points (DOMAIN.md 9.4): points buy a discount at the reward's rate."""
    request = target.request
    if request.reward_id is None:
        raise errors.MissingReward(card.code, field=_field(target, "reward"))
    reward, assignment = find_assignment(uow, card, request.reward_id, _field(target, "reward.id"))
    if reward.coin is None:
        raise errors.InvalidPayload(
            "only a pay-with-points (COIN) reward can be used in a redemption; "
            "redeem other rewards with the loyalty member endpoint",
            field=_field(target, "reward.id"),
        )
    return coin_effect(
        card,
        reward,
        assignment,
        order,
        request.points,
        _field(target, "reward"),
        target.reserved.points,
    )


def coin_effect(
    card: Voucher,
    reward: Reward,
    assignment: RewardAssignment,
    order: Order | None,
    requested: int | None,
    field: str,
    reserved_points: int = 0,
) -> Effect:
    """Pay with points: `requested` points (or what pays the rest of the order), capped by
    the balance, buy a discount at the reward's rate (DOMAIN.md 9.4, assumption A3)."""
    if reward.coin is None:
        raise errors.InvariantViolation(f"{reward.id}: not a pay-with-points reward")
    paying = _require_amount(order)
    loyalty = card.loyalty_card
    if loyalty is None:
        raise errors.InvariantViolation(f"{card.id}: loyalty card without points")
    if requested is not None and requested <= 0:
        raise errors.InvalidPayload("must be greater than 0", field=f"{field}.points")
    balance = loyalty.balance - reserved_points  # points locked by other sessions
    if requested is not None and requested > balance:
        raise errors.LoyaltyCardPointsExceeded(f"requested {requested}, balance {balance}")
    if balance <= 0:
        raise errors.LoyaltyCardPointsExceeded(f"{card.code} has no points left")
    needed = reward.coin.points_for(paying.remaining)
    # Never charge points that buy nothing: at most what pays the rest of the order.
    charged = min(balance if requested is None else requested, needed)
    cents = min(reward.coin.cents_for(charged), paying.remaining)
    return Effect(order_cents=cents, points=charged, reward=reward, assignment=assignment)


def find_assignment(
    uow: UnitOfWork, card: Voucher, reward_id: str, field: str
) -> tuple[Reward, RewardAssignment]:
    """The reward and its assignment in the card's campaign; `not_found` for either."""
    reward = uow.get(Reward, reward_id)
    if reward is None:
        raise errors.ResourceNotFound(
            f"reward {reward_id}", field=field, resource_id=reward_id, resource_type="reward"
        )
    key = f"{card.campaign_id}/{reward.id}"
    assignment = uow.find(RewardAssignment, "campaign_reward", key) if card.campaign_id else None
    if assignment is None:
        raise errors.ResourceNotFound(
            f"reward {reward_id} is not assigned to the card's campaign",
            field=field,
            resource_id=reward_id,
            resource_type="reward_assignment",
        )
    return reward, assignment


def _field(target: Target, name: str) -> str:
    # A negative index: the redeemable is the request itself (the loyalty member endpoint).
    if target.position < 0:
        return name
    return f"redeemables[{target.position}].{name}"

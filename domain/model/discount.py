"""Discounts (DOMAIN.md 3.6, 9.2) and the arithmetic that applies them to an order.

Everything is integer minor units. Percentages are exact `Decimal`s; a percent discount is
rounded half up to a whole minor unit, and every discount is clamped so that no total and
no item subtotal goes below zero (assumption A16).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

import attrs

from . import limits, rules
from .rules import FieldError


class DiscountType(StrEnum):
    AMOUNT = "AMOUNT"
    PERCENT = "PERCENT"
    FIXED = "FIXED"
    UNIT = "UNIT"


class DiscountEffect(StrEnum):
    APPLY_TO_ORDER = "APPLY_TO_ORDER"
    APPLY_TO_ITEMS = "APPLY_TO_ITEMS"
    APPLY_TO_ITEMS_PROPORTIONALLY = "APPLY_TO_ITEMS_PROPORTIONALLY"
    APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY = "APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY"
    APPLY_TO_ITEMS_BY_QUANTITY = "APPLY_TO_ITEMS_BY_QUANTITY"


class CalculationMode(StrEnum):
    """Base of a percent discount in a stack (stacking rule `discount_calculation_mode`)."""

    INITIAL_AMOUNT = "INITIAL_AMOUNT"
    DISCOUNTED_AMOUNT = "DISCOUNTED_AMOUNT"


_EFFECTS_BY_TYPE = {
    DiscountType.AMOUNT: frozenset(DiscountEffect),
    DiscountType.PERCENT: frozenset({DiscountEffect.APPLY_TO_ORDER, DiscountEffect.APPLY_TO_ITEMS}),
    DiscountType.FIXED: frozenset({DiscountEffect.APPLY_TO_ORDER, DiscountEffect.APPLY_TO_ITEMS}),
}


def _percent(_: object, __: object, value: Decimal | None) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        raise FieldError("percent_off", "must be a number")
    if not Decimal(0) <= value <= Decimal(limits.PERCENT_OFF_MAX):
        raise FieldError("percent_off", f"must be between 0 and {limits.PERCENT_OFF_MAX}")


@attrs.frozen(kw_only=True)
class Discount:
    """One discount definition; exactly the fields of its `type` are set."""

    type: DiscountType = attrs.field(validator=rules.kind(DiscountType))
    effect: DiscountEffect = attrs.field(
        default=DiscountEffect.APPLY_TO_ORDER, validator=rules.kind(DiscountEffect)
    )
    amount_off: int | None = attrs.field(default=None, validator=rules.money)
    percent_off: Decimal | None = attrs.field(default=None, validator=_percent)
    amount_limit: int | None = attrs.field(default=None, validator=rules.money)
    fixed_amount: int | None = attrs.field(default=None, validator=rules.money)

    def __attrs_post_init__(self) -> None:
        if self.type is DiscountType.UNIT:
            raise FieldError("type", "UNIT discounts are not supported yet")
        required = {
            DiscountType.AMOUNT: ("amount_off", self.amount_off),
            DiscountType.PERCENT: ("percent_off", self.percent_off),
            DiscountType.FIXED: ("fixed_amount", self.fixed_amount),
        }[self.type]
        if required[1] is None:
            raise FieldError(required[0], f"is required for a {self.type} discount")
        if self.effect not in _EFFECTS_BY_TYPE[self.type]:
            allowed = ", ".join(sorted(_EFFECTS_BY_TYPE[self.type]))
            raise FieldError("effect", f"must be one of: {allowed}")

    @property
    def applies_to_items(self) -> bool:
        return self.effect is not DiscountEffect.APPLY_TO_ORDER


def round_half_up(value: Fraction) -> int:
    """Nearest integer, halves away from zero for non-negative values."""
    return int((value + Fraction(1, 2)).__floor__())


def percent_of(base: int, percent: Decimal) -> int:
    return round_half_up(Fraction(base) * Fraction(percent) / 100)


def order_level_amount(
    discount: Discount, remaining: int, initial: int, mode: CalculationMode
) -> int:
    """The order-level discount of `discount` given the amount still to pay (`remaining`)."""
    if discount.type is DiscountType.AMOUNT:
        wanted = discount.amount_off or 0
    elif discount.type is DiscountType.PERCENT:
        base = initial if mode is CalculationMode.INITIAL_AMOUNT else remaining
        wanted = percent_of(base, discount.percent_off or Decimal(0))
        if discount.amount_limit is not None:
            wanted = min(wanted, discount.amount_limit)
    else:
        wanted = remaining - (discount.fixed_amount or 0)
    return max(0, min(wanted, remaining))


def item_level_amounts(
    discount: Discount,
    remaining: Sequence[int],
    initial: Sequence[int],
    quantities: Sequence[int],
    mode: CalculationMode,
) -> list[int]:
    """The per-item discounts of an items-effect `discount`, each clamped to its item."""
    effect = discount.effect
    if discount.type is DiscountType.PERCENT:
        bases = initial if mode is CalculationMode.INITIAL_AMOUNT else remaining
        wanted = [percent_of(base, discount.percent_off or Decimal(0)) for base in bases]
        if discount.amount_limit is not None:
            wanted = cap_in_order(wanted, discount.amount_limit)
    elif discount.type is DiscountType.FIXED:
        fixed = discount.fixed_amount or 0
        wanted = [left - fixed * qty for left, qty in zip(remaining, quantities, strict=True)]
    elif effect is DiscountEffect.APPLY_TO_ITEMS_PROPORTIONALLY:
        wanted = split_proportionally(discount.amount_off or 0, remaining)
    elif effect is DiscountEffect.APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY:
        wanted = split_proportionally(discount.amount_off or 0, quantities)
    elif effect is DiscountEffect.APPLY_TO_ITEMS_BY_QUANTITY:
        wanted = [(discount.amount_off or 0) * qty for qty in quantities]
    else:
        wanted = [discount.amount_off or 0 for _ in remaining]
    return [max(0, min(want, left)) for want, left in zip(wanted, remaining, strict=True)]


def cap_in_order(amounts: Sequence[int], cap: int) -> list[int]:
    """Keep the amounts in order until `cap` is used up; later ones get what is left."""
    capped = []
    left = cap
    for amount in amounts:
        take = min(amount, left)
        capped.append(take)
        left -= take
    return capped


def split_proportionally(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` by `weights` with the largest-remainder method; the parts sum to `total`."""
    weight_sum = sum(weights)
    if weight_sum <= 0:
        return [0 for _ in weights]
    exact = [Fraction(total * weight, weight_sum) for weight in weights]
    parts = [int(share.__floor__()) for share in exact]
    shortfall = total - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in by_remainder[:shortfall]:
        parts[index] += 1
    return parts

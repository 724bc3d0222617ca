"""A customer's redemption summary (CustomerSummaryRedemptions, DOMAIN.md 9.7).

The counts come from the customer's counters, kept at write time (read_models.py); the
balances still to go from the cards the customer holds. `summarize` folds the records
themselves: the reference the maintained counters are tested against. Parents of stacks
are not counted, their children are (assumption A10).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from ..model.redemption import Redemption, RedemptionStatus, RelatedObjectType, Result
from ..model.redemption_rollback import RedemptionRollback
from ..model.voucher import Voucher, VoucherType

if TYPE_CHECKING:
    from .read_models import CustomerCounters


@attrs.frozen(kw_only=True)
class CustomerSummary:
    total_redeemed: int = 0
    total_failed: int = 0
    total_succeeded: int = 0
    total_rolled_back: int = 0
    total_rollback_failed: int = 0
    total_rollback_succeeded: int = 0
    gift_redeemed_amount: int = 0
    gift_amount_to_go: int = 0
    loyalty_redeemed_points: int = 0
    loyalty_points_to_go: int = 0


def summarize(
    redemptions: Iterable[Redemption],
    rollbacks: Iterable[RedemptionRollback],
    cards: Iterable[Voucher],
) -> CustomerSummary:
    """Count the customer's redemptions and rollbacks; sum what their cards spent and hold."""
    counts = dict.fromkeys(
        ("redeemed", "failed", "succeeded", "rolled_back", "credits", "points"), 0
    )
    for redemption in redemptions:
        if redemption.is_parent:
            continue
        counts["redeemed"] += 1
        if redemption.result is Result.FAILURE:
            counts["failed"] += 1
            continue
        counts["succeeded"] += 1
        if redemption.status is RedemptionStatus.ROLLED_BACK:
            counts["rolled_back"] += 1
            continue
        counts["credits"] += redemption.credits
        counts["points"] += redemption.points
    rollback_failed = rollback_succeeded = 0
    for rollback in rollbacks:
        parent = rollback.related_object_type is RelatedObjectType.REDEMPTION
        if rollback.result is Result.FAILURE:
            rollback_failed += 1
        elif not parent:
            rollback_succeeded += 1
    gift_to_go, points_to_go = _to_go(cards)
    return CustomerSummary(
        total_redeemed=counts["redeemed"],
        total_failed=counts["failed"],
        total_succeeded=counts["succeeded"],
        total_rolled_back=counts["rolled_back"],
        total_rollback_failed=rollback_failed,
        total_rollback_succeeded=rollback_succeeded,
        gift_redeemed_amount=counts["credits"],
        gift_amount_to_go=gift_to_go,
        loyalty_redeemed_points=counts["points"],
        loyalty_points_to_go=points_to_go,
    )


def summary_of(counters: CustomerCounters, cards: Iterable[Voucher]) -> CustomerSummary:
    """The summary from the maintained counters and the cards the customer holds."""
    gift_to_go, points_to_go = _to_go(cards)
    return CustomerSummary(
        total_redeemed=counters.redeemed,
        total_failed=counters.failed,
        total_succeeded=counters.succeeded,
        total_rolled_back=counters.rolled_back,
        total_rollback_failed=counters.rollback_failed,
        total_rollback_succeeded=counters.rollback_succeeded,
        gift_redeemed_amount=counters.gift_redeemed_amount,
        gift_amount_to_go=gift_to_go,
        loyalty_redeemed_points=counters.loyalty_redeemed_points,
        loyalty_points_to_go=points_to_go,
    )


def _to_go(cards: Iterable[Voucher]) -> tuple[int, int]:
    """Gift credits and loyalty points the cards still hold."""
    gift_to_go = points_to_go = 0
    for card in cards:
        if card.type is VoucherType.GIFT_VOUCHER and card.gift is not None:
            gift_to_go += card.gift.balance
        if card.type is VoucherType.LOYALTY_CARD and card.loyalty_card is not None:
            points_to_go += card.loyalty_card.balance
    return gift_to_go, points_to_go

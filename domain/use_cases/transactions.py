"""Writing and reading voucher transactions (DOMAIN.md 17.2).

`record_movement` is the one call every use case that moves credits or points makes right
after staging the card's new state (redemption, rollback, reward top-up, balance
adjustment): it compares the card before and after and stages the transaction in the same
unit of work, so the history can never miss a movement the balance shows.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs

from ..model import errors, limits
from ..model.context import RequestContext
from ..model.transaction import TransactionType, VoucherTransaction
from ..model.voucher import Voucher
from ..ports import UnitOfWork
from ..read_side import sequences


class Cause(NamedTuple):
    """What moved the balance: a redemption, its rollback, or a manual adjustment."""

    redemption_id: str | None = None
    rollback_id: str | None = None
    order_id: str | None = None
    order_source_id: str | None = None
    source_id: str | None = None
    source: str | None = None
    reason: str | None = None


def movement(before: Voucher, after: Voucher) -> tuple[TransactionType, int, int, int] | None:
    """(type, signed amount, balance after, total after), or None when nothing moved."""
    if before.gift is not None and after.gift is not None:
        delta = after.gift.balance - before.gift.balance
        if delta == 0:
            return None
        spent = after.redeemed_amount - before.redeemed_amount
        if spent > 0:
            kind = TransactionType.CREDITS_REDEMPTION
        elif spent < 0:
            kind = TransactionType.CREDITS_REFUND
        else:
            kind = (
                TransactionType.CREDITS_ADDITION if delta > 0 else TransactionType.CREDITS_REMOVAL
            )
        return kind, delta, after.gift.balance, after.gift.amount
    if before.loyalty_card is not None and after.loyalty_card is not None:
        delta = after.loyalty_card.balance - before.loyalty_card.balance
        if delta == 0:
            return None
        spent = after.redeemed_points - before.redeemed_points
        if spent > 0:
            kind = TransactionType.POINTS_REDEMPTION
        elif spent < 0:
            kind = TransactionType.POINTS_REFUND
        else:
            kind = TransactionType.POINTS_ADDITION if delta > 0 else TransactionType.POINTS_REMOVAL
        return kind, delta, after.loyalty_card.balance, after.loyalty_card.points
    return None


def record_movement(
    uow: UnitOfWork, ctx: RequestContext, before: Voucher, after: Voucher, cause: Cause
) -> VoucherTransaction | None:
    """Stage the transaction of `before` -> `after` (already staged), if the balance moved."""
    moved = movement(before, after)
    if moved is None:
        return None
    kind, amount, balance, total = moved
    transaction_id = ctx.ids.new_id("vtx")
    position = sequences.append(uow, sequences.transactions_of(after.id), transaction_id)
    transaction = VoucherTransaction(
        id=transaction_id,
        voucher_id=after.id,
        campaign_id=after.campaign_id,
        type=kind,
        amount=amount,
        balance=balance,
        total=total,
        position=position,
        source_id=cause.source_id,
        source=cause.source,
        reason=cause.reason,
        redemption_id=cause.redemption_id,
        rollback_id=cause.rollback_id,
        order_id=cause.order_id,
        order_source_id=cause.order_source_id,
        created_at=ctx.now,
    )
    uow.add(transaction)
    return transaction


@attrs.frozen
class TransactionPage:
    transactions: tuple[VoucherTransaction, ...]
    has_more: bool


def _limit(limit: int) -> None:
    if not 1 <= limit <= limits.PAGE_SIZE_MAX:
        raise errors.InvalidQueryParams(
            f"must be an integer from 1 to {limits.PAGE_SIZE_MAX}", field="limit"
        )


def page(
    uow: UnitOfWork,
    voucher: Voucher,
    limit: int,
    descending: bool = True,
    starting_after_id: str | None = None,
) -> TransactionPage:
    """One page of a card's transactions, newest first unless `descending` is False.

    Each item costs one or two reads whatever the card's history: the sequence gives the
    n-th transaction directly, and the cursor names a position.
    """
    _limit(limit)
    name = sequences.transactions_of(voucher.id)
    last = sequences.length(uow, name)
    if starting_after_id is None:
        start = last if descending else 1
    else:
        after = uow.get(VoucherTransaction, starting_after_id)
        if after is None or after.voucher_id != voucher.id:
            raise errors.InvalidQueryParams(
                "is not a transaction of this voucher", field="starting_after_id"
            )
        start = after.position - 1 if descending else after.position + 1
    found: list[VoucherTransaction] = []
    for position, transaction_id in sequences.walk(uow, name, start, descending, last):
        transaction = uow.get(VoucherTransaction, transaction_id)
        if transaction is None:
            raise errors.InvariantViolation(f"transaction {transaction_id} vanished")
        found.append(transaction)
        if len(found) == limit:
            # Entries are never removed: another position means another transaction.
            following = position - 1 if descending else position + 1
            return TransactionPage(tuple(found), has_more=1 <= following <= last)
    return TransactionPage(tuple(found), has_more=False)

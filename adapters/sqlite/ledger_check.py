"""The ledger identities, recomputed from every record (the money half of `check`).

Read through the store's own unit of work, so each row also passes the domain
constructors (a voucher re-checks `balance = amount - subtracted - redeemed` itself):

- every gift card: `redeemed_amount` = the credits of its successful redemptions minus what
  successful rollbacks restored (so `initial = balance + applied - restored`);
- every loyalty card: `redeemed_points`, the same in points;
- every voucher: `redeemed_quantity` = its successful redemptions minus the rolled back;
- every redemption: rolled back at most once, and ROLLED_BACK exactly when it was.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeVar

import attrs

from redemption_core.domain.model.redemption import Redemption, RedemptionStatus, Result
from redemption_core.domain.model.redemption_rollback import RedemptionRollback, RollbackStatus
from redemption_core.domain.model.voucher import Voucher
from redemption_core.domain.ports import Entity

from .codec import EntityCodec
from .schema import table_of
from .unit_of_work import SQLiteUnitOfWork

if TYPE_CHECKING:
    from .read_model_check import ReadModelTally

__all__ = ["LedgerTally", "every", "tally_ledger"]

E = TypeVar("E", bound=Entity)


@attrs.define
class _Spent:
    """What successful redemptions took from one voucher, and what rollbacks gave back."""

    uses: int = 0
    credits: int = 0
    points: int = 0

    def add(self, sign: int, redemption: Redemption) -> None:
        self.uses += sign
        self.credits += sign * redemption.credits
        self.points += sign * redemption.points


@attrs.define
class LedgerTally:
    """Counts of what was read, and every identity that does not hold."""

    vouchers: int = 0
    redemptions: int = 0
    rollbacks: int = 0
    findings: list[str] = attrs.field(factory=list)

    def find(self, text: str) -> None:
        self.findings.append(text)


def every(uow: SQLiteUnitOfWork, connection: sqlite3.Connection, kind: type[E]) -> Iterator[E]:
    """Every stored entity of `kind`, oldest first, each read (and checked) through `uow`."""
    table = table_of(kind)
    # Ids first, then each row through the port: the row format stays the codec's business.
    ids = [row[0] for row in connection.execute(f"SELECT id FROM {table.name} ORDER BY seq")]
    for entity_id in ids:
        found = uow.get(kind, entity_id)
        if found is not None:
            yield found


def tally_ledger(
    connection: sqlite3.Connection, read_models: ReadModelTally | None = None
) -> LedgerTally:
    """Check every identity inside one read transaction (a consistent snapshot); with
    `read_models`, fold the records into it too and put its findings in `read_models`'s
    list (the same walk of the records, the same snapshot)."""
    tally = LedgerTally()
    connection.execute("BEGIN")
    try:
        uow = SQLiteUnitOfWork(connection, EntityCodec(), lambda _keep: None)
        spent, statuses, undone = _redemptions(uow, connection, tally, read_models)
        _rollbacks(uow, connection, tally, spent, undone, read_models)
        _statuses(tally, statuses, undone)
        _vouchers(uow, connection, tally, spent)
        if read_models is not None:
            read_models.compare(uow, connection)
    finally:
        connection.execute("ROLLBACK")
    return tally


def _redemptions(
    uow: SQLiteUnitOfWork, connection: sqlite3.Connection, tally: LedgerTally,
    read_models: ReadModelTally | None,
) -> tuple[dict[str, _Spent], dict[str, RedemptionStatus], Counter[str]]:
    spent: dict[str, _Spent] = {}
    statuses: dict[str, RedemptionStatus] = {}
    for redemption in every(uow, connection, Redemption):
        tally.redemptions += 1
        if read_models is not None:
            read_models.add(redemption)
        statuses[redemption.id] = redemption.status
        if redemption.result is Result.SUCCESS and redemption.voucher is not None:
            spent.setdefault(redemption.voucher.id, _Spent()).add(1, redemption)
    return spent, statuses, Counter()


def _rollbacks(
    uow: SQLiteUnitOfWork,
    connection: sqlite3.Connection,
    tally: LedgerTally,
    spent: dict[str, _Spent],
    undone: Counter[str],
    read_models: ReadModelTally | None,
) -> None:
    for rollback in every(uow, connection, RedemptionRollback):
        tally.rollbacks += 1
        if read_models is not None:
            read_models.add(rollback)
        if rollback.status is not RollbackStatus.SUCCEEDED:
            continue
        undone[rollback.redemption_id] += 1
        redemption = uow.get(Redemption, rollback.redemption_id)
        if redemption is None:
            tally.find(f"rollback {rollback.id} undoes {rollback.redemption_id}, "
                       "which is not stored")
        elif redemption.voucher is not None:
            spent.setdefault(redemption.voucher.id, _Spent()).add(-1, redemption)


def _statuses(
    tally: LedgerTally, statuses: dict[str, RedemptionStatus], undone: Counter[str]
) -> None:
    for redemption_id, status in statuses.items():
        times = undone[redemption_id]
        expected = 1 if status is RedemptionStatus.ROLLED_BACK else 0
        if times > 1:
            tally.find(f"redemption {redemption_id} was rolled back {times} times")
        elif times != expected:
            tally.find(f"redemption {redemption_id} is {status} but has {times} successful "
                       "rollbacks")


def _vouchers(
    uow: SQLiteUnitOfWork,
    connection: sqlite3.Connection,
    tally: LedgerTally,
    spent: dict[str, _Spent],
) -> None:
    for voucher in every(uow, connection, Voucher):
        tally.vouchers += 1
        for problem in _voucher_problems(voucher, spent.get(voucher.id, _Spent())):
            tally.find(f"voucher {voucher.code} ({voucher.id}): {problem}")


def _voucher_problems(voucher: Voucher, spent: _Spent) -> Iterator[str]:
    if voucher.redeemed_quantity != spent.uses:
        yield (f"redeemed_quantity is {voucher.redeemed_quantity} but its records show "
               f"{spent.uses} live redemptions")
    if voucher.gift is not None and voucher.redeemed_amount != spent.credits:
        gift = voucher.gift
        yield (f"initial {gift.amount - gift.subtracted_amount} != balance {gift.balance} + "
               f"applied - restored {spent.credits} (redeemed_amount {voucher.redeemed_amount})")
    if voucher.loyalty_card is not None and voucher.redeemed_points != spent.points:
        card = voucher.loyalty_card
        initial = card.points - card.expired_points - card.subtracted_points
        yield (f"points {initial} != balance {card.balance} + applied - restored "
               f"{spent.points} (redeemed_points {voucher.redeemed_points})")

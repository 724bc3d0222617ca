"""Read models kept at write time: a customer's redemption counters (DOMAIN.md 9.7) and a
campaign's all-time figures for validation rules (campaign_counters.py).

`GET /v1/customers/{id}` once folded every record of the customer on each read; now the
counters move in the same unit of work as the records they count, so the read costs one
row whatever the history. Every use case runs through `Ledger._run`, which wraps its unit
of work in a `CountingUnitOfWork`: each redemption or rollback staged through it adds its
contribution to its customer's counters, and `flush` stages each touched customer's
counters once (an `add` or a `replace`, like any entity), so every store keeps them with
no code of its own. `summary.summarize` stays the reference: a contract test checks that
the counters equal it after any sequence of redemptions, failures and rollbacks. The
campaign counters move the same way, staged by `flush` after the customers' counters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final, TypeVar

import attrs

from ..model import rules
from ..model.redemption import Redemption, RedemptionStatus, RelatedObjectType, Result
from ..model.redemption_rollback import RedemptionRollback
from .campaign_counters import (
    CampaignCounters,
    CampaignCustomerCounters,
    CampaignTally,
    campaign_customer_id,
)
from .queries import RecordPage, RecordQuery

if TYPE_CHECKING:
    from ..model.events import LedgerEvent
    from ..ports import Entity, UnitOfWork
    from .activity import ActivityQuery

E = TypeVar("E")

COUNTER_NAMES: Final = (
    "redeemed",
    "failed",
    "succeeded",
    "rolled_back",
    "rollback_failed",
    "rollback_succeeded",
    "gift_redeemed_amount",
    "loyalty_redeemed_points",
)

Counts = tuple[int, int, int, int, int, int, int, int]
_ZERO: Final[Counts] = (0, 0, 0, 0, 0, 0, 0, 0)


@attrs.frozen(kw_only=True)
class CustomerCounters:
    """What a customer's records add up to; `id` is the customer's id."""

    unique_keys: ClassVar[tuple[str, ...]] = ()
    index_keys: ClassVar[tuple[str, ...]] = ()

    id: str = attrs.field(validator=rules.identifier)
    redeemed: int = 0
    failed: int = 0
    succeeded: int = 0
    rolled_back: int = 0
    rollback_failed: int = 0
    rollback_succeeded: int = 0
    gift_redeemed_amount: int = 0
    loyalty_redeemed_points: int = 0
    version: int = 0

    def __attrs_post_init__(self) -> None:
        # One pass over the counts instead of a validator each: the counters move on
        # every redemption, and a count is only ever an integer, 0 or more.
        for name, value in zip(COUNTER_NAMES, self.counts(), strict=True):
            if type(value) is not int or value < 0:
                raise rules.FieldError(name, "must be an integer, 0 or more")

    def counts(self) -> Counts:
        return (
            self.redeemed, self.failed, self.succeeded, self.rolled_back,
            self.rollback_failed, self.rollback_succeeded, self.gift_redeemed_amount,
            self.loyalty_redeemed_points,
        )

    def moved(self, delta: Sequence[int], version: int) -> CustomerCounters:
        """Version `version`, `delta` added (the validators refuse a count below zero)."""
        counts = [old + change for old, change in zip(self.counts(), delta, strict=True)]
        return CustomerCounters(id=self.id, redeemed=counts[0], failed=counts[1],
                                succeeded=counts[2], rolled_back=counts[3],
                                rollback_failed=counts[4], rollback_succeeded=counts[5],
                                gift_redeemed_amount=counts[6],
                                loyalty_redeemed_points=counts[7], version=version)


def _redemption_counts(record: Redemption) -> Counts:
    """A redemption's share of its customer's counters (a stack's parent counts nothing)."""
    if record.is_parent:
        return _ZERO
    if record.result is Result.FAILURE:
        return (1, 1, 0, 0, 0, 0, 0, 0)
    if record.status is RedemptionStatus.ROLLED_BACK:
        return (1, 0, 1, 1, 0, 0, 0, 0)
    return (1, 0, 1, 0, 0, 0, record.credits, record.points)


def _rollback_counts(record: RedemptionRollback) -> Counts:
    if record.result is Result.FAILURE:
        return (0, 0, 0, 0, 1, 0, 0, 0)
    if record.related_object_type is RelatedObjectType.REDEMPTION:
        return _ZERO  # a stack's parent rollback: its children are counted
    return (0, 0, 0, 0, 0, 1, 0, 0)


def counts_of(record: Any) -> Counts:
    """The contribution of a record to its customer's counters (zero for other entities)."""
    if type(record) is Redemption:
        return _redemption_counts(record)
    if type(record) is RedemptionRollback:
        return _rollback_counts(record)
    return _ZERO


class CountingUnitOfWork:
    """A unit of work that tallies the counters of the records staged through it.

    It satisfies the `UnitOfWork` port by delegation; `flush()` must run before commit.
    """

    def __init__(self, inner: UnitOfWork) -> None:
        self._inner = inner
        self._deltas: dict[str, list[int]] = {}
        self._campaigns = CampaignTally()

    def _tally(self, customer_id: str | None, delta: Counts, sign: int) -> None:
        if customer_id is None or delta == _ZERO:
            return
        total = self._deltas.setdefault(customer_id, [0] * len(COUNTER_NAMES))
        for index, change in enumerate(delta):
            total[index] += sign * change

    def get(self, kind: type[E], entity_id: str) -> E | None:
        return self._inner.get(kind, entity_id)  # type: ignore[type-var]

    def get_many(self, kind: type[E], entity_ids: Sequence[str]) -> Mapping[str, E]:
        return self._inner.get_many(kind, entity_ids)  # type: ignore[type-var]

    def find(self, kind: type[E], key: str, value: str) -> E | None:
        return self._inner.find(kind, key, value)  # type: ignore[type-var]

    def select(self, kind: type[E], key: str, value: str, limit: int) -> Sequence[E]:
        return self._inner.select(kind, key, value, limit)  # type: ignore[type-var]

    def add(self, entity: Entity) -> None:
        self._inner.add(entity)
        if isinstance(entity, Redemption | RedemptionRollback):
            self._tally(entity.customer_id, counts_of(entity), 1)
            # Only a campaign's redemptions move campaign counters: a standalone
            # voucher's costs nothing more.
            if type(entity) is Redemption and entity.campaign is not None:
                self._campaigns.count(entity, 1)

    def replace(self, entity: Entity) -> None:
        if not isinstance(entity, Redemption | RedemptionRollback):
            self._inner.replace(entity)
            return
        # A record's share moves from what it was to what it becomes (a rollback).
        before = self._inner.get(type(entity), entity.id)
        self._inner.replace(entity)
        if before is not None:
            self._tally(before.customer_id, counts_of(before), -1)
            if type(before) is Redemption and before.campaign is not None:
                self._campaigns.count(before, -1)
        self._tally(entity.customer_id, counts_of(entity), 1)
        if type(entity) is Redemption and entity.campaign is not None:
            self._campaigns.count(entity, 1)

    def query_records(self, query: RecordQuery) -> RecordPage:
        return self._inner.query_records(query)

    def append_event(self, event: LedgerEvent) -> None:
        self._inner.append_event(event)

    def events_after(self, position: int, limit: int) -> Sequence[tuple[int, LedgerEvent]]:
        return self._inner.events_after(position, limit)

    def customer_events(self, customer_id: str, query: ActivityQuery) -> Sequence[LedgerEvent]:
        return self._inner.customer_events(customer_id, query)

    def flush(self) -> None:
        """Stage each touched customer's counters once, moved by what was tallied."""
        for customer_id, delta in self._deltas.items():
            if not any(delta):
                continue
            found = self._inner.get(CustomerCounters, customer_id)
            if found is None:
                self._inner.add(CustomerCounters(id=customer_id).moved(delta, 0))
            else:
                self._inner.replace(found.moved(delta, found.version + 1))
        self._deltas.clear()
        if self._campaigns:
            self._flush_campaigns()

    def _flush_campaigns(self) -> None:
        """Stage each touched campaign's counters once, and its customers' pair counts."""
        for campaign_id, share, customers in self._campaigns.moves():
            joined = sum(
                self._move_customer(campaign_id, customer_id, change)
                for customer_id, change in customers
            )
            found = self._inner.get(CampaignCounters, campaign_id)
            if found is None:
                self._inner.add(CampaignCounters(id=campaign_id).moved(share, joined, 0))
            else:
                self._inner.replace(found.moved(share, joined, found.version + 1))
        self._campaigns.clear()

    def _move_customer(self, campaign_id: str, customer_id: str, change: int) -> int:
        """Move the pair's count by `change`; 1 if the customer joins the campaign's
        customers (0 standing redemptions before), -1 if they leave it (0 after)."""
        pair_id = campaign_customer_id(campaign_id, customer_id)
        found = self._inner.get(CampaignCustomerCounters, pair_id)
        before = found.redemptions_count if found is not None else 0
        after = before + change
        moved = CampaignCustomerCounters(
            id=pair_id, campaign_id=campaign_id, customer_id=customer_id,
            redemptions_count=after, version=found.version + 1 if found is not None else 0,
        )
        if found is None:
            self._inner.add(moved)
        else:
            self._inner.replace(moved)
        return (after > 0) - (before > 0)

    def commit(self) -> None:
        self.flush()
        self._inner.commit()

    def abort(self) -> None:
        self._deltas.clear()
        self._campaigns.clear()
        self._inner.abort()

"""The read models recomputed from every record (the counters half of `check`).

The counters kept at write time (domain/read_side/read_models.py, campaign_counters.py)
answer reads without folding the history; a row that drifted from its records (changed
behind the store, or written by a bug) would be served silently. `check` folds the records
it reads for the ledger identities once more, with the same per-record shares the unit of
work adds, and compares:

- every customer's `CustomerCounters` with the shares of that customer's redemptions and
  rollbacks (a customer with records and no counters row is a finding too);
- every campaign's `CampaignCounters` with its standing redemptions: their count, their
  orders' amounts and applied discounts, and how many distinct customers they have;
- every (campaign, customer) pair's count of standing redemptions.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator

from redemption_core.domain.model.redemption import Redemption
from redemption_core.domain.model.redemption_rollback import RedemptionRollback
from redemption_core.domain.read_side.campaign_counters import (
    CampaignCounters,
    CampaignCustomerCounters,
    campaign_share,
)
from redemption_core.domain.read_side.read_models import COUNTER_NAMES, CustomerCounters, counts_of

from .ledger_check import every
from .unit_of_work import SQLiteUnitOfWork

__all__ = ["ReadModelTally"]


class ReadModelTally:
    """What the records add up to, per customer and per campaign; `findings` compares."""

    def __init__(self) -> None:
        self.customers: dict[str, list[int]] = {}
        self.campaigns: dict[str, list[int]] = {}
        """Per campaign: standing redemptions, their orders' amount, their applied discount."""
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.customers_read = 0
        self.campaigns_read = 0
        self.findings: list[str] = []

    def add(self, record: Redemption | RedemptionRollback) -> None:
        """Fold one record's shares in."""
        shares = counts_of(record)
        if record.customer_id is not None and any(shares):
            total = self.customers.setdefault(record.customer_id, [0] * len(COUNTER_NAMES))
            for index, value in enumerate(shares):
                total[index] += value
        if type(record) is not Redemption or record.campaign is None:
            return
        share = campaign_share(record)
        if share is None:
            return
        figures = self.campaigns.setdefault(record.campaign.id, [0, 0, 0])
        for index, value in enumerate(share):
            figures[index] += value
        if record.customer_id is not None:
            self.pairs[(record.campaign.id, record.customer_id)] += 1

    def compare(self, uow: SQLiteUnitOfWork, connection: sqlite3.Connection) -> None:
        """Put in `findings` every kept counter that is not what the records add up to."""
        self.findings.extend(self._customer_findings(uow, connection))
        self.findings.extend(self._campaign_findings(uow, connection))

    def _customer_findings(
        self, uow: SQLiteUnitOfWork, connection: sqlite3.Connection
    ) -> Iterator[str]:
        expected = dict(self.customers)
        for kept in every(uow, connection, CustomerCounters):
            self.customers_read += 1
            folded = tuple(expected.pop(kept.id, [0] * len(COUNTER_NAMES)))
            if kept.counts() != folded:
                yield (f"customer {kept.id}: counters {_named(kept.counts())} but its records "
                       f"add up to {_named(folded)}")
        for customer_id, folded_list in sorted(expected.items()):
            yield (f"customer {customer_id}: no counters kept but its records add up to "
                   f"{_named(tuple(folded_list))}")

    def _campaign_findings(
        self, uow: SQLiteUnitOfWork, connection: sqlite3.Connection
    ) -> Iterator[str]:
        customers_of: Counter[str] = Counter(
            campaign_id for (campaign_id, _), count in self.pairs.items() if count > 0
        )
        expected = {
            campaign_id: (figures[0], customers_of[campaign_id], figures[1], figures[2])
            for campaign_id, figures in self.campaigns.items()
        }
        for kept in every(uow, connection, CampaignCounters):
            self.campaigns_read += 1
            folded = expected.pop(kept.id, (0, 0, 0, 0))
            if kept.figures() != folded:
                yield (f"campaign {kept.id}: counters (count, customers, amount, discounted) "
                       f"{kept.figures()} but its records add up to {folded}")
        for campaign_id, folded in sorted(expected.items()):
            if any(folded):
                yield (f"campaign {campaign_id}: no counters kept but its records add up to "
                       f"{folded}")
        pairs = dict(self.pairs)
        for kept_pair in every(uow, connection, CampaignCustomerCounters):
            count = pairs.pop((kept_pair.campaign_id, kept_pair.customer_id), 0)
            if kept_pair.redemptions_count != count:
                yield (f"campaign {kept_pair.campaign_id}, customer {kept_pair.customer_id}: "
                       f"{kept_pair.redemptions_count} standing redemptions kept, {count} "
                       "in the records")
        for (campaign_id, customer_id), count in sorted(pairs.items()):
            if count:
                yield (f"campaign {campaign_id}, customer {customer_id}: no count kept, "
                       f"{count} standing redemptions in the records")


def _named(counts: tuple[int, ...]) -> str:
    shown = [f"{name} {value}" for name, value in zip(COUNTER_NAMES, counts, strict=True)
             if value]
    return "{" + ", ".join(shown) + "}"

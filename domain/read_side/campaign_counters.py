"""Read models kept at write time: a campaign's all-time figures for validation rules.

The rules `campaign.redemptions.count`, `campaign.redemptions.customers_count`,
`campaign.orders.amount` and `campaign.orders.amount_discounted` (DOMAIN.md 16.3) once
scanned the campaign's records on every validation and redemption, and failed closed past
`RULE_RECORDS_SCANNED_MAX`. Now `CampaignCounters` holds what those records add up to and
moves in the same unit of work as them (`CountingUnitOfWork`, read_models.py), so a rule
reads one row whatever the campaign's history.

What counts is what the scan counted (rule_check.py): a redemption of the campaign's
vouchers or tiers (its `campaign` snapshot names the campaign) that succeeded and stands
(SUCCEEDED, not rolled back); never a stack's parent, which has no campaign of its own.
Its order snapshot adds `amount` (none: 0) and `total_applied_discount_amount`; each child
of a stack carries its own snapshot, so a stack of two campaign vouchers adds its order
twice, exactly as the scan did.

Distinct customers cannot be moved by a count alone: a rollback must know whether it
removed the customer's last standing redemption. `CampaignCustomerCounters` keeps, per
(campaign, customer), how many of the customer's redemptions stand; `customers_count`
moves when one of them goes from 0 to more or back to 0.
"""

from __future__ import annotations

from typing import ClassVar, Final

import attrs

from ..model import rules
from ..model.redemption import Redemption, RedemptionStatus, Result

CampaignShare = tuple[int, int, int]
"""(redemptions, orders' amount, orders' applied discount) one record adds to its campaign."""

CAMPAIGN_FIGURE_NAMES: Final = (
    "redemptions_count", "customers_count", "orders_amount", "orders_amount_discounted",
)


def _count(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    # Sums of money may pass the bound of one amount; they are only ever 0 or more.
    if type(value) is not int or value < 0:
        raise rules.FieldError(attribute.name, "must be an integer, 0 or more")


@attrs.frozen(kw_only=True)
class CampaignCounters:
    """What a campaign's standing redemptions add up to; `id` is the campaign's id."""

    unique_keys: ClassVar[tuple[str, ...]] = ()
    index_keys: ClassVar[tuple[str, ...]] = ()

    id: str = attrs.field(validator=rules.identifier)
    redemptions_count: int = attrs.field(default=0, validator=_count)
    customers_count: int = attrs.field(default=0, validator=_count)
    orders_amount: int = attrs.field(default=0, validator=_count)
    orders_amount_discounted: int = attrs.field(default=0, validator=_count)
    version: int = 0

    def figures(self) -> tuple[int, int, int, int]:
        return (self.redemptions_count, self.customers_count, self.orders_amount,
                self.orders_amount_discounted)

    def moved(self, share: CampaignShare, customers: int, version: int) -> CampaignCounters:
        """Version `version`, `share` and `customers` added (validators refuse below 0)."""
        return CampaignCounters(
            id=self.id,
            redemptions_count=self.redemptions_count + share[0],
            customers_count=self.customers_count + customers,
            orders_amount=self.orders_amount + share[1],
            orders_amount_discounted=self.orders_amount_discounted + share[2],
            version=version,
        )


def campaign_customer_id(campaign_id: str, customer_id: str) -> str:
    """The id of a (campaign, customer) pair: the campaign's length first, so no two pairs
    share one whatever characters the ids hold (`a:b` + `c` is not `a` + `b:c`)."""
    return f"{len(campaign_id)}:{campaign_id}:{customer_id}"


@attrs.frozen(kw_only=True)
class CampaignCustomerCounters:
    """How many of a customer's redemptions in a campaign stand (for `customers_count`)."""

    unique_keys: ClassVar[tuple[str, ...]] = ()
    index_keys: ClassVar[tuple[str, ...]] = ()

    id: str
    campaign_id: str = attrs.field(validator=rules.identifier)
    customer_id: str = attrs.field(validator=rules.identifier)
    redemptions_count: int = attrs.field(default=0, validator=_count)
    version: int = 0

    def __attrs_post_init__(self) -> None:
        if self.id != campaign_customer_id(self.campaign_id, self.customer_id):
            raise rules.FieldError("id", "must name its campaign and customer")


def campaign_share(record: Redemption) -> CampaignShare | None:
    """What `record` adds to its campaign's counters; None when it adds nothing (no
    campaign, a failure, a rolled back redemption or a stack's parent)."""
    if record.campaign is None:
        return None
    if record.is_parent:
        return None
    if record.result is not Result.SUCCESS:
        return None
    if record.status is not RedemptionStatus.SUCCEEDED:
        return None
    order = record.order
    if order is None:
        return (1, 0, 0)
    return (1, order.amount or 0, order.total_applied_discount_amount)


class CampaignTally:
    """The campaign counters' moves of one unit of work, staged by `flush` on commit."""

    def __init__(self) -> None:
        self._shares: dict[str, list[int]] = {}
        self._customers: dict[tuple[str, str], int] = {}

    def __bool__(self) -> bool:
        return bool(self._shares)

    def count(self, record: Redemption, sign: int) -> None:
        """Add (`sign` 1) or take away (-1) `record`'s share."""
        share = campaign_share(record)
        if share is None or record.campaign is None:
            return
        campaign_id = record.campaign.id
        total = self._shares.setdefault(campaign_id, [0, 0, 0])
        for index, value in enumerate(share):
            total[index] += sign * value
        customer_id = record.customer_id
        if customer_id is not None:
            key = (campaign_id, customer_id)
            self._customers[key] = self._customers.get(key, 0) + sign

    def clear(self) -> None:
        self._shares.clear()
        self._customers.clear()

    def moves(self) -> list[tuple[str, CampaignShare, list[tuple[str, int]]]]:
        """Per campaign (sorted, so concurrent writers lock rows in one order): its share
        and each of its customers' change, the unchanged left out."""
        customers: dict[str, list[tuple[str, int]]] = {}
        for (campaign_id, customer_id), change in sorted(self._customers.items()):
            if change:
                customers.setdefault(campaign_id, []).append((customer_id, change))
        found: list[tuple[str, CampaignShare, list[tuple[str, int]]]] = []
        for campaign_id, total in sorted(self._shares.items()):
            share = (total[0], total[1], total[2])
            mine = customers.get(campaign_id, [])
            if any(share) or mine:
                found.append((campaign_id, share, mine))
        return found

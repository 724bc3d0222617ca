"""Domain events, written in the same unit of work as the change they describe (an outbox).

Every redemption and rollback, succeeded or failed, appends events (DOMAIN.md 11): one per
child plus one for a stack's parent (assumption A15). The store gives each event a position
at commit, so an embedding service reads them in commit order with `events_after` and
forwards them (webhooks, a message bus). An event that names a customer is also that
customer's activity (`evcus_…`, DOMAIN.md 11.2): `customer.` + the event type.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

import attrs

from . import rules
from .campaign import Campaign
from .context import RequestContext
from .customer import Customer
from .order import Order
from .publication import Publication
from .redemption import Redemption
from .redemption_rollback import RedemptionRollback
from .reward_redemption import RewardRedemption
from .transaction import VoucherTransaction
from .voucher import Voucher


class EventType(StrEnum):
    REDEMPTION_SUCCEEDED = "redemption.succeeded"
    REDEMPTION_FAILED = "redemption.failed"
    ROLLBACK_SUCCEEDED = "redemption.rollback.succeeded"
    ROLLBACK_FAILED = "redemption.rollback.failed"
    REWARD_REDEMPTION_CREATED = "reward_redemptions.created"
    REWARD_REDEMPTION_COMPLETED = "reward_redemptions.completed"
    REWARD_REDEMPTION_ROLLED_BACK = "reward_redemptions.rolledback"
    # The catalog lifecycle (DOMAIN.md 17); those naming a holder or customer are also
    # activities of the types Voucherify uses (`customer.voucher.gift.balance_added`, …).
    VOUCHER_UPDATED = "voucher.updated"
    VOUCHER_ENABLED = "voucher.enabled"
    VOUCHER_DISABLED = "voucher.disabled"
    VOUCHER_DELETED = "voucher.deleted"
    GIFT_BALANCE_ADDED = "voucher.gift.balance_added"
    LOYALTY_POINTS_ADDED = "voucher.loyalty_card.points_added"
    CAMPAIGN_UPDATED = "campaign.updated"
    CAMPAIGN_ENABLED = "campaign.enabled"
    CAMPAIGN_DISABLED = "campaign.disabled"
    CAMPAIGN_DELETED = "campaign.deleted"
    PUBLICATION_SUCCEEDED = "publication.succeeded"
    CUSTOMER_CREATED = "customer.created"
    CUSTOMER_UPDATED = "customer.updated"
    CUSTOMER_DELETED = "customer.deleted"

    @property
    def activity_type(self) -> str:
        """The customer activity type of this event (`customer.redemption.succeeded`, …)."""
        if self.value.startswith("customer."):
            return self.value
        return f"customer.{self.value}"


ACTIVITY_TYPES = frozenset(kind.activity_type for kind in EventType)


@attrs.frozen(kw_only=True)
class LedgerEvent:
    """One thing that happened, with the records as they were at that moment."""

    unique_keys: ClassVar[tuple[str, ...]] = ("activity_id",)
    index_keys: ClassVar[tuple[str, ...]] = ("customer_id",)

    id: str = attrs.field(validator=rules.identifier)
    type: EventType = attrs.field(validator=rules.kind(EventType))
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    group_id: str | None = None
    """The id of the request that caused it (`v-…`)."""
    customer: Customer | None = None
    activity_id: str | None = None
    """`evcus_…` when the event names a customer: its id as a customer activity."""
    redemption: Redemption | None = None
    rollback: RedemptionRollback | None = None
    reward_redemption: RewardRedemption | None = None
    previous_order: Order | None = None
    voucher: Voucher | None = None
    campaign: Campaign | None = None
    transaction: VoucherTransaction | None = None
    publication: Publication | None = None
    version: int = 0

    def __attrs_post_init__(self) -> None:
        if (self.customer is None) != (self.activity_id is None):
            raise rules.FieldError("activity_id", "is set exactly when the event names a customer")

    @property
    def customer_id(self) -> str | None:
        return self.customer.id if self.customer is not None else None


def new_event(
    kind: EventType,
    ctx: RequestContext,
    *,
    customer: Customer | None = None,
    redemption: Redemption | None = None,
    rollback: RedemptionRollback | None = None,
    reward_redemption: RewardRedemption | None = None,
    previous_order: Order | None = None,
) -> LedgerEvent:
    """An event of this request; its customer is the one its records name."""
    if customer is None:
        for record in (rollback, redemption, reward_redemption):
            if record is not None and record.customer is not None:
                customer = record.customer
                break
    return _event(
        "evred", kind, ctx, customer,
        redemption=redemption,
        rollback=rollback,
        reward_redemption=reward_redemption,
        previous_order=previous_order,
    )


def catalog_event(
    kind: EventType,
    ctx: RequestContext,
    *,
    customer: Customer | None = None,
    voucher: Voucher | None = None,
    campaign: Campaign | None = None,
    transaction: VoucherTransaction | None = None,
    publication: Publication | None = None,
) -> LedgerEvent:
    """An event of the catalog lifecycle (DOMAIN.md 17); with a customer it is their activity."""
    return _event(
        "evcat", kind, ctx, customer,
        voucher=voucher,
        campaign=campaign,
        transaction=transaction,
        publication=publication,
    )


def _event(
    prefix: str, kind: EventType, ctx: RequestContext, customer: Customer | None, **facts: Any
) -> LedgerEvent:
    """The event's id, time, request and customer; with a customer it is their activity."""
    event_id = ctx.ids.new_id(prefix)
    # The activity shares the event's unique suffix: one id draw, still unique.
    activity_id = "evcus_" + event_id.removeprefix(prefix + "_") if customer is not None else None
    return LedgerEvent(
        id=event_id,
        type=kind,
        created_at=ctx.now,
        group_id=ctx.request_id,
        customer=customer,
        activity_id=activity_id,
        **facts,
    )

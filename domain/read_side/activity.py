"""Listing a customer's activities (GET /v1/customers/{id}/activity, DOMAIN.md 11.2).

Activities are the events that name the customer. Paging is Voucherify's cursor:
`starting_after_id` is the last activity id of the previous page, in the list's order.
`ActivityRecords` is what an activity is about (the records both APIs render), read for a
whole page in at most two store calls (`records_of`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..model import errors, limits, rules
from ..model.campaign import Campaign, CampaignType
from ..model.events import ACTIVITY_TYPES, EventType, LedgerEvent
from ..model.redemption import Redemption
from ..model.redemption_rollback import RedemptionRollback
from ..model.rules import FieldError

if TYPE_CHECKING:
    from ..ports import UnitOfWork


def _limit(_: object, __: object, value: Any) -> None:
    if type(value) is not int or not 1 <= value <= limits.PAGE_SIZE_MAX:
        raise FieldError("limit", f"must be an integer from 1 to {limits.PAGE_SIZE_MAX}")


def _types(_: object, __: object, value: frozenset[str] | None) -> None:
    if value is None:
        return
    unknown = sorted(value - ACTIVITY_TYPES)
    if unknown:
        raise FieldError("type", f"unknown activity type {unknown[0]!r}")


@attrs.frozen(kw_only=True)
class ActivityQuery:
    types: frozenset[str] | None = attrs.field(default=None, validator=_types)
    starting_after_id: str | None = None
    descending: bool = True
    limit: int = attrs.field(default=10, validator=_limit)
    start_date: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    end_date: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    campaign_id: str | None = None
    campaign_type: CampaignType | None = attrs.field(
        default=None, validator=attrs.validators.optional(rules.kind(CampaignType))
    )

    @property
    def filters_campaigns(self) -> bool:
        return self.campaign_id is not None or self.campaign_type is not None

    def for_store(self, limit: int, starting_after_id: str | None) -> ActivityQuery:
        """The part a store answers (types, dates, cursor), for one batch of `limit`."""
        return attrs.evolve(
            self,
            limit=limit,
            starting_after_id=starting_after_id,
            campaign_id=None,
            campaign_type=None,
        )

    def in_campaign(self, event: LedgerEvent) -> bool:
        """The campaign filters: the campaign of the record the event is about."""
        record = event.rollback or event.redemption
        campaign = record.campaign if record is not None else event.campaign
        if campaign is None:
            return not self.filters_campaigns
        if self.campaign_id is not None and campaign.id != self.campaign_id:
            return False
        return self.campaign_type is None or campaign.campaign_type is self.campaign_type

    def matches(self, event: LedgerEvent) -> bool:
        """Type and date window (what stores answer); the cursor is the store's to apply
        (it knows positions) and the campaign filters are the Ledger's (`in_campaign`)."""
        if self.types is not None and event.type.activity_type not in self.types:
            return False
        if self.start_date is not None and event.created_at < self.start_date:
            return False
        return self.end_date is None or event.created_at <= self.end_date


@attrs.frozen
class ActivityPage:
    activities: tuple[LedgerEvent, ...]
    has_more: bool

    @property
    def more_starting_after(self) -> str | None:
        if not self.has_more or not self.activities:
            return None
        return self.activities[-1].activity_id


def unknown_cursor() -> errors.InvalidQueryParams:
    """What a store raises for a `starting_after_id` that is none of the customer's
    activities: a cursor that points nowhere must not silently restart the list."""
    return errors.InvalidQueryParams(
        "is not an activity of this customer", field="starting_after_id"
    )


DOCUMENTED_ACTIVITY_TYPES: Final = frozenset(
    "customer." + name
    for name in (
        "confirmed", "created", "updated", "deleted", "referred", "custom_event",
        "segment.entered", "segment.left", "sms.sent", "sms.recovered", "sms.failed", "email.sent",
        "email.recovered", "email.failed", "activecampaign.sent", "activecampaign.recovered",
        "activecampaign.failed", "braze.sent", "braze.recovered", "braze.failed", "mailchimp.sent",
        "mailchimp.recovered", "mailchimp.failed", "intercom.sent", "intercom.recovered",
        "intercom.failed", "shopify.sent", "shopify.recovered", "shopify.failed", "klaviyo.sent",
        "klaviyo.recovered", "klaviyo.failed", "batch.sent", "batch.recovered", "batch.failed",
        "rewarded", "rewarded.loyalty_points", "voucher.gift.balance_added",
        "voucher.loyalty_card.pending_points.activated",
        "voucher.loyalty_card.pending_points.added",
        "voucher.loyalty_card.pending_points.canceled",
        "voucher.loyalty_card.pending_points.updated", "voucher.loyalty_card.points_activated",
        "voucher.loyalty_card.points_added", "voucher.loyalty_card.points_transferred",
        "voucher.loyalty_card.points_expired", "voucher.deleted", "publication.succeeded",
        "publication.failed", "validation.succeeded", "validation.failed", "redemption.failed",
        "redemption.succeeded", "redemption.rollback.failed", "redemption.rollback.succeeded",
        "order.canceled", "order.created", "order.fulfilled", "order.paid", "order.processing",
        "order.updated", "reward_redemptions.created", "reward_redemptions.pending",
        "reward_redemptions.completed", "reward_redemptions.rolledback", "loyalty.updated",
        "loyalty.tier.upgraded", "loyalty.tier.downgraded", "loyalty.tier.prolonged",
        "loyalty.tier.expiration.changed", "loyalty.tier.joined", "loyalty.tier.left",
        "holder.assignment.created", "holder.assignment.deleted",
    )
)
"""The `type` values GET /v1/customers/{id}/activity documents (`ParameterCustomerEvent`).
A documented type this ledger never records is a valid question with an empty answer."""


REWARD_EVENTS = frozenset(
    {
        EventType.REWARD_REDEMPTION_CREATED,
        EventType.REWARD_REDEMPTION_COMPLETED,
        EventType.REWARD_REDEMPTION_ROLLED_BACK,
    }
)


@attrs.frozen
class ActivityRecords:
    """What an activity is about: its event's main record and, for a reward activity, the
    redemption (and rollback) that carry the card, the campaign and the reward."""

    event: LedgerEvent
    redemption: Redemption | None
    rollback: RedemptionRollback | None

    @property
    def record(self) -> Redemption | RedemptionRollback | None:
        return self.rollback or self.redemption

    @property
    def campaign(self) -> Campaign | None:
        record = self.record
        return record.campaign if record is not None else None


def _reads_back(event: LedgerEvent) -> bool:
    """A reward event written before events carried their redemption: it is read back."""
    return (event.type in REWARD_EVENTS and event.reward_redemption is not None
            and event.redemption is None)


def records_of(
    events: Sequence[LedgerEvent], open_unit: Callable[[], AbstractContextManager[UnitOfWork]]
) -> tuple[ActivityRecords, ...]:
    """The records of each event, in order. Events carry their snapshots; the reward events
    that predate that have their redemptions read in one batch, then the rollbacks of the
    rolled-back ones in another: two store calls at most, whatever the page's size, in one
    unit of work that is opened only when some event needs it."""
    older = [event for event in events if _reads_back(event)]
    redemptions: dict[str, Redemption] = {}
    rollbacks: dict[str, RedemptionRollback] = {}
    undone: dict[str, str] = {}  # redemption id -> its last rollback's id
    if older:
        with open_unit() as uow:
            wanted = sorted({_redemption_id(event) for event in older})
            redemptions = dict(uow.get_many(Redemption, wanted))
            for event in older:
                found = redemptions.get(_redemption_id(event))
                rolled_back = event.type is EventType.REWARD_REDEMPTION_ROLLED_BACK
                if rolled_back and found is not None and found.rollbacks:
                    undone[found.id] = found.rollbacks[-1].id
            if undone:
                rollbacks = dict(uow.get_many(RedemptionRollback, sorted(set(undone.values()))))
    made = []
    for event in events:
        if not _reads_back(event):
            made.append(ActivityRecords(event, event.redemption, event.rollback))
            continue
        redemption = redemptions.get(_redemption_id(event))
        rollback = None
        if redemption is not None and event.type is EventType.REWARD_REDEMPTION_ROLLED_BACK:
            rollback = rollbacks.get(undone.get(redemption.id, ""))
        made.append(ActivityRecords(event, redemption, rollback))
    return tuple(made)


def _redemption_id(event: LedgerEvent) -> str:
    state = event.reward_redemption
    return state.redemption_id if state is not None else ""

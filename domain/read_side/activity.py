"""Listing a customer's activities (GET /v1/customers/{id}/activity, DOMAIN.md 11.2).

Activities are the events that name the customer. Paging is Voucherify's cursor:
`starting_after_id` is the last activity id of the previous page, in the list's order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ..model import errors, limits, rules
from ..model.campaign import CampaignType
from ..model.events import ACTIVITY_TYPES, LedgerEvent
from ..model.rules import FieldError


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

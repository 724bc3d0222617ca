"""GET /v1/customers/{customerId}/activity: the JSON request's query over the activity
view both APIs share (`adapters/activities.py`, which renders and reads the activities).

The names the JSON API, the events feed and the tests use stay importable from here.
"""

from __future__ import annotations

import attrs

from redemption_core.adapters.activities import (
    Context,
    Page,
    activity,
    activity_redemption,
    context,
    contexts,
    event_source,
    redemption_data,
    reward_redemption,
    reward_redemption_data,
    simple_campaign,
    simple_order,
    simple_promotion_tier,
    simple_reward,
    simple_rollback,
    simple_voucher,
)
from redemption_core.adapters.activities import page as view_page
from redemption_core.domain.model.campaign import CampaignType
from redemption_core.domain.use_cases.ledger import Ledger

from .queries import ActivityRequest

__all__ = [
    "Context", "Page", "activity", "activity_redemption", "context", "contexts",
    "event_source", "page", "redemption_data", "reward_redemption", "reward_redemption_data",
    "simple_campaign", "simple_order", "simple_promotion_tier", "simple_reward",
    "simple_rollback", "simple_voucher",
]  # fmt: skip


def page(ledger: Ledger, customer_id: str, asked: ActivityRequest) -> Page:
    """One page of a customer's activities, the campaign filters in the Ledger's query."""
    query = asked.query
    if asked.filters_campaigns:
        kind = CampaignType(asked.campaign_type) if asked.campaign_type is not None else None
        query = attrs.evolve(query, campaign_id=asked.campaign_id, campaign_type=kind)
    return view_page(ledger, customer_id, query)

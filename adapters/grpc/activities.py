"""ListCustomerActivities: the request -> the JSON API's activity query, a page -> the response.

The same feed as GET /v1/customers/{customerId}/activity, read and rendered by the activity
view both APIs share (`adapters/activities.py`), so both list the same activities with the
same `data`:
- `page_size` is `limit` (1-100, 10 when 0); `page_token` is the cursor `starting_after_id`
  (the last activity id of the previous page), and `next_page_token` is
  `more_starting_after` when another page exists, else empty (AIP-158);
- `order`, `type`, `start_date`/`end_date` (instants, both bounds included), `campaign_id`
  and `campaign_type` mean what the JSON parameters of the same names mean;
- a `CustomerActivity` carries the JSON activity's `id`, `type`, `created_at`, `group_id`,
  and its `data` object (`{data, event_source}`) as a Struct.
Malformed requests fail with `invalid_payload` naming the proto field.
"""

from __future__ import annotations

from redemption_core.adapters import activities as view
from redemption_core.domain.model import errors
from redemption_core.domain.model.events import ACTIVITY_TYPES
from redemption_core.domain.model.rules import FieldError
from redemption_core.domain.read_side.activity import DOCUMENTED_ACTIVITY_TYPES, ActivityQuery

from . import decode, enums, lists
from ._generated import redemption_pb2 as redemptions
from ._generated import redemption_service_pb2 as service
from .encode_common import struct, timestamp

ORDER_FIELD = "created_at"
_PROTO_FIELD = {"limit": "page_size", "starting_after_id": "page_token"}
"""`ActivityQuery`'s attribute names that differ from the request's fields."""


def _descending(text: str | None) -> bool:
    if text is None:
        return True
    if text.removeprefix("-") != ORDER_FIELD:
        raise errors.InvalidPayload(
            f"must be one of {ORDER_FIELD}, -{ORDER_FIELD}", field="order"
        )
    return text.startswith("-")


def _types(kind: str | None) -> frozenset[str] | None:
    """One documented type; a type this ledger never records leaves nothing to match."""
    if kind is None:
        return None
    if kind not in DOCUMENTED_ACTIVITY_TYPES:
        raise errors.InvalidPayload(f"unknown activity type {kind!r}", field="type")
    return frozenset({kind}) & ACTIVITY_TYPES


def activity_request(message: service.ListCustomerActivitiesRequest) -> ActivityQuery:
    """The query for the filters and page the request asks for, campaign filters included
    (the Ledger applies those)."""
    campaign_type = enums.CAMPAIGN_TYPE.decode(message.campaign_type, "campaign_type")
    cursor = message.page_token or None
    start = decode.instant(message, "start_date", "start_date")
    end = decode.instant(message, "end_date", "end_date")
    try:
        query = ActivityQuery(
            types=_types(decode.optional(message, "type")),
            starting_after_id=cursor,
            descending=_descending(decode.optional(message, "order")),
            limit=lists.page_size(message.page_size),
            start_date=start,
            end_date=end,
            campaign_id=decode.optional(message, "campaign_id"),
            campaign_type=campaign_type,
        )
    except FieldError as error:
        field = _PROTO_FIELD.get(error.field, error.field)
        raise errors.InvalidPayload(error.rule, field=field) from error
    return query


def customer_activity(found: view.Context) -> redemptions.CustomerActivity:
    """One activity, its `data` exactly the JSON API's."""
    rendered = view.activity(found)
    return redemptions.CustomerActivity(
        id=rendered["id"],
        type=rendered["type"],
        data=struct(rendered["data"]),
        created_at=timestamp(found.event.created_at),
        group_id=rendered["group_id"],
    )


def response(page: view.Page) -> service.ListCustomerActivitiesResponse:
    return service.ListCustomerActivitiesResponse(
        data=[customer_activity(found) for found in page.activities],
        has_more=page.has_more,
        next_page_token=page.more_starting_after or "",
    )


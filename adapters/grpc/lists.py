"""List requests -> the ledger's record queries, and pages -> list responses (AIP-158).

`page_size`/`page_token` replace the JSON API's `limit`/`page`: the token is an opaque
encoding of the next page number (the ledger pages by number, 1 to 99), and a response
carries `next_page_token` only when another page exists. Filters are those of DOMAIN.md 7.6
and mean what `RecordQuery` says they mean.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from contextlib import contextmanager

from redemption_core.domain.model import errors, limits
from redemption_core.domain.model.redemption import Channel, Redemption
from redemption_core.domain.model.rules import FieldError
from redemption_core.domain.model.voucher import Voucher
from redemption_core.domain.read_side.queries import (
    FILTER_FIELDS,
    ORDER_FIELDS,
    Condition,
    FieldFilter,
    Junction,
    RecordPage,
    RecordQuery,
)
from redemption_core.domain.use_cases.commands import MemberRedemptionCommand

from . import decode, encode, enums
from ._generated import redemption_pb2 as redemptions
from ._generated import redemption_service_pb2 as service

PAGE_SIZE_DEFAULT = 10
_TOKEN_PREFIX = "page:"

_CONDITIONS: tuple[tuple[str, Condition], ...] = (
    ("is_in", Condition.IN),
    ("not_in", Condition.NOT_IN),
    ("is_equal", Condition.IS),
    ("is_not", Condition.IS_NOT),
    ("has_value", Condition.HAS_VALUE),
    ("is_unknown", Condition.IS_UNKNOWN),
    ("starts_with", Condition.STARTS_WITH),
    ("ends_with", Condition.ENDS_WITH),
    ("contains", Condition.CONTAINS),
    ("not_contain", Condition.NOT_CONTAIN),
)


def page_size(value: int, field: str = "page_size") -> int:
    if value == 0:
        return PAGE_SIZE_DEFAULT
    if not 1 <= value <= limits.PAGE_SIZE_MAX:
        raise errors.InvalidPayload(f"must be from 1 to {limits.PAGE_SIZE_MAX}", field=field)
    return value


def page_number(token: str) -> int:
    """The page a `page_token` names; the first page for an empty token."""
    if not token:
        return 1
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
        number = int(text.removeprefix(_TOKEN_PREFIX)) if text.startswith(_TOKEN_PREFIX) else 0
    except (binascii.Error, UnicodeDecodeError, ValueError):
        number = 0
    if not 1 <= number <= limits.PAGE_NUMBER_MAX:
        raise errors.InvalidPayload("is not a token this service gave out", field="page_token")
    return number


def next_page_token(page: int, size: int, total: int) -> str:
    if page * size >= total or page >= limits.PAGE_NUMBER_MAX:
        return ""
    return base64.urlsafe_b64encode(f"{_TOKEN_PREFIX}{page + 1}".encode()).decode()


def _field_filters(message: service.RedemptionFilters) -> list[FieldFilter]:
    found = []
    for name in FILTER_FIELDS:
        if not message.HasField(name):
            continue
        conditions: service.FilterConditions = getattr(message, name)
        for option, condition in _CONDITIONS:
            field = f"filters.{name}.{option}"
            value = getattr(conditions, option)
            if option in ("is_in", "not_in"):
                values = tuple(value)
                if not values:
                    continue
            elif option in ("has_value", "is_unknown"):
                if not value:
                    continue
                values = ()
            elif conditions.HasField(option):
                values = (value,)
            else:
                continue
            with decode_rule(field):
                found.append(FieldFilter(name, condition, values))
    return found


@contextmanager
def decode_rule(field: str) -> Iterator[None]:
    """A `FieldError` raised inside as `invalid_payload` naming `field`."""
    try:
        yield
    except FieldError as error:
        raise errors.InvalidPayload(error.rule, field=field) from error


def _order(text: str | None) -> tuple[str, bool]:
    if text is None:
        return "created_at", True
    name = text.removeprefix("-")
    if name not in ORDER_FIELDS:
        allowed = ", ".join(f"{field}, -{field}" for field in ORDER_FIELDS)
        raise errors.InvalidPayload(f"must be one of {allowed}", field="order")
    return name, text.startswith("-")


def _top_level_filters(message: service.ListRedemptionsRequest) -> list[FieldFilter]:
    """`result` (repeatable) and `campaign` (a campaign name): always ANDed."""
    found = []
    results = [
        enums.RESULT.require(number, f"result[{index}]").value
        for index, number in enumerate(message.result)
    ]
    if results:
        found.append(FieldFilter("result", Condition.IN, tuple(dict.fromkeys(results))))
    campaign = decode.optional(message, "campaign")
    if campaign is not None:
        found.append(FieldFilter("campaign_name", Condition.IS, (campaign,)))
    return found


def record_query(message: service.ListRedemptionsRequest) -> RecordQuery:
    filters = _field_filters(message.filters) if message.HasField("filters") else []
    junction = Junction.OR if message.filters.junction == service.FILTER_JUNCTION_OR else (
        Junction.AND
    )
    fixed = _top_level_filters(message)
    if junction is Junction.OR and len(filters) > 1 and (fixed or message.HasField("customer")):
        raise errors.InvalidPayload(
            "result, campaign and customer cannot be combined with junction OR over filters",
            field="filters.junction",
        )
    if len(filters) < 2:
        junction = Junction.AND  # one filter or none: the junction changes nothing
    order_by, descending = _order(decode.optional(message, "order"))
    with decode_rule("order"):
        return RecordQuery(
            filters=(*filters, *fixed),
            junction=junction,
            created_after=decode.instant(message, "created_at_after", "created_at_after"),
            created_before=decode.instant(message, "created_at_before", "created_at_before"),
            order_by=order_by,
            descending=descending,
            limit=page_size(message.page_size),
            page=page_number(message.page_token),
        )


def entry(record: Redemption | object) -> redemptions.RedemptionEntry:
    """A list entry: a redemption as GetRedemption shows it, or a rollback."""
    if isinstance(record, Redemption):
        return redemptions.RedemptionEntry(redemption=encode.redemption(record, read=True))
    return redemptions.RedemptionEntry(rollback=encode.rollback(record))  # type: ignore[arg-type]


def list_response(page: RecordPage, query: RecordQuery) -> service.ListRedemptionsResponse:
    return service.ListRedemptionsResponse(
        redemptions=[entry(record) for record in page.records],
        total=page.total,
        next_page_token=next_page_token(query.page, query.limit, page.total),
    )


def voucher_history_response(
    voucher: Voucher, page: RecordPage, number: int, size: int
) -> service.ListVoucherRedemptionsResponse:
    return service.ListVoucherRedemptionsResponse(
        quantity=voucher.quantity,
        redeemed_quantity=voucher.redeemed_quantity,
        object="list",
        url=f"/v1/vouchers/{voucher.code}/redemption?page={number}&limit={size}",
        data_ref="redemption_entries",
        total=page.total,
        redemption_entries=[entry(record) for record in page.records],
        next_page_token=next_page_token(number, size, page.total),
    )


def member_redemption_command(
    message: service.RedeemLoyaltyRewardRequest, channel: Channel
) -> MemberRedemptionCommand:
    reward = message.reward if message.HasField("reward") else None
    return MemberRedemptionCommand(
        member_id=decode.required(message.member_id, "member_id"),
        campaign_id=message.campaign_id or None,
        reward_id=(reward.id or None) if reward is not None else None,
        points=decode.optional(reward, "points") if reward is not None else None,
        order=(
            decode.order_input(message.order, "order") if message.HasField("order") else None
        ),
        metadata=decode.metadata(message, "metadata"),
        channel=channel,
    )

"""Typed commands and queries of the catalog lifecycle (DOMAIN.md 17).

An update carries a field mask (`fields`: the names that were sent, AIP-134): a sent null
clears, an unsent field stays as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from ..model import limits
from ..model.discount import Discount
from ..model.errors import InvalidQueryParams
from ..model.validity import Validity
from .commands import CustomerInput


def _mask(allowed: frozenset[str]) -> Any:
    def check(_: object, __: object, value: frozenset[str]) -> None:
        unknown = sorted(value - allowed)
        if unknown:
            raise InvalidQueryParams(
                f"cannot be updated (updatable: {', '.join(sorted(allowed))})",
                field=unknown[0],
            )

    return check


VOUCHER_UPDATABLE = frozenset(
    {
        "category",
        "category_id",
        "start_date",
        "expiration_date",
        "validity",
        "active",
        "additional_info",
        "metadata",
        "quantity",
        "discount",
        "gift_effect",
    }
)


@attrs.frozen(kw_only=True)
class VoucherUpdate:
    """PUT /v1/vouchers/{code}: only the fields named in `fields` change."""

    fields: frozenset[str] = attrs.field(validator=_mask(VOUCHER_UPDATABLE))
    category: str | None = None
    category_id: str | None = None
    start_date: datetime | None = None
    expiration_date: datetime | None = None
    validity: Validity | None = None
    active: bool | None = None
    additional_info: str | None = None
    metadata: Mapping[str, Any] | None = None
    quantity: int | None = None
    discount: Discount | None = None
    gift_effect: str | None = None


@attrs.frozen(kw_only=True)
class BalanceAdjustment:
    """POST /v1/vouchers/{code}/balance: `amount` credits or points, negative removes."""

    amount: int
    source_id: str | None = None
    reason: str | None = None


CAMPAIGN_UPDATABLE = frozenset(
    {
        "description",
        "start_date",
        "expiration_date",
        "validity",
        "active",
        "category",
        "category_id",
        "metadata",
        "type",
    }
)


@attrs.frozen(kw_only=True)
class CampaignUpdate:
    """PUT /v1/campaigns/{campaignId}: only the fields named in `fields` change."""

    fields: frozenset[str] = attrs.field(validator=_mask(CAMPAIGN_UPDATABLE))
    description: str | None = None
    start_date: datetime | None = None
    expiration_date: datetime | None = None
    validity: Validity | None = None
    active: bool | None = None
    category: str | None = None
    category_id: str | None = None
    metadata: Mapping[str, Any] | None = None
    type: str | None = None


@attrs.frozen(kw_only=True)
class CampaignVoucherInput:
    """POST /v1/campaigns/{campaignId}/vouchers[/{code}]: overrides of the template."""

    code: str | None = None
    category: str | None = None
    category_id: str | None = None
    metadata: Mapping[str, Any] | None = None
    quantity: int | None = None
    additional_info: str | None = None
    start_date: datetime | None = None
    expiration_date: datetime | None = None


CUSTOMER_UPDATABLE = frozenset(
    {"name", "email", "phone", "description", "birthdate", "address", "metadata"}
)


@attrs.frozen(kw_only=True)
class CustomerUpdate:
    """PUT /v1/customers/{customerId}: only the fields named in `fields` change."""

    fields: frozenset[str] = attrs.field(validator=_mask(CUSTOMER_UPDATABLE))
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    description: str | None = None
    birthdate: str | None = None
    address: Mapping[str, Any] | None = None
    metadata: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class PublicationCommand:
    """POST /v1/publications: a voucher by code, or `count` vouchers of a campaign."""

    customer: CustomerInput
    voucher: str | None = None
    campaign: str | None = None
    count: int = 1
    channel: str | None = None
    source_id: str | None = None
    metadata: Mapping[str, Any] | None = None
    join_once: bool = False


def _page_limit(_: object, __: object, value: int) -> None:
    if type(value) is not int or not 1 <= value <= limits.PAGE_SIZE_MAX:
        raise InvalidQueryParams(
            f"must be an integer from 1 to {limits.PAGE_SIZE_MAX}", field="limit"
        )


def _page_number(_: object, __: object, value: int) -> None:
    if type(value) is not int or not 1 <= value <= limits.PAGE_NUMBER_MAX:
        raise InvalidQueryParams(
            f"must be an integer from 1 to {limits.PAGE_NUMBER_MAX}", field="page"
        )


@attrs.frozen(kw_only=True)
class ListQuery:
    """GET /v1/vouchers, /v1/customers, /v1/publications: a page, newest first by default,
    and the equality and date filters each list documents (unused ones stay None)."""

    limit: int = attrs.field(default=10, validator=_page_limit)
    page: int = attrs.field(default=1, validator=_page_number)
    order_by: str = "created_at"
    """`created_at` (the list's own order) or another field of the listed object."""
    descending: bool = True
    campaign: str | None = None
    campaign_id: str | None = None
    category: str | None = None
    customer: str | None = None
    voucher: str | None = None
    email: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None

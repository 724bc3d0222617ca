"""Typed request bodies of the catalog lifecycle (DOMAIN.md 17), like requests.py: one
frozen class per body, attribute names exactly the schema's keys (`allOf`/`oneOf` unions).

`PUT /v1/vouchers/{code}` ignores keys outside `VouchersUpdateRequestBody`, as Voucherify
documents (DOMAIN.md 17.1): `UPDATE_IGNORED` drops them before structuring. Every other
body is strict. `redemption` is accepted on a voucher update although the schema lacks it:
DOMAIN.md 17.1 makes `redemption.quantity` updatable.
"""

from datetime import date, datetime
from typing import Any, Final, Literal, TypeAlias

import attrs

from .requests import (
    AddressRequest,
    CustomerRequest,
    DayOfWeek,
    DiscountRequest,
    Metadata,
    ValidityHoursRequest,
    ValidityTimeframeRequest,
    VoucherRedemptionRequest,
)

VoucherType: TypeAlias = Literal["DISCOUNT_VOUCHER", "GIFT_VOUCHER", "LOYALTY_CARD"]


@attrs.frozen(kw_only=True)
class VoucherUpdateRequest:
    """`VouchersUpdateRequestBody` (the union of its three branches) plus `redemption`."""

    category: str | None = None
    category_id: str | None = None
    start_date: datetime | None = None
    expiration_date: datetime | None = None
    validity_timeframe: ValidityTimeframeRequest | None = None
    validity_day_of_week: tuple[DayOfWeek, ...] | None = None
    validity_hours: ValidityHoursRequest | None = None
    active: bool | None = None
    additional_info: str | None = None
    metadata: Metadata | None = None
    type: VoucherType | None = None
    discount: DiscountRequest | None = None
    redemption: VoucherRedemptionRequest | None = None


VOUCHER_UPDATE_KEYS: Final = frozenset(field.name for field in attrs.fields(VoucherUpdateRequest))


def known_update_keys(body: Any) -> Any:
    """A voucher update body without the keys Voucherify ignores on update (`code`,
    `gift`, …); anything that is not an object is left for the converter to refuse."""
    if not isinstance(body, dict):
        return body
    return {key: value for key, value in body.items() if key in VOUCHER_UPDATE_KEYS}


@attrs.frozen(kw_only=True)
class BalanceUpdateRequest:
    """`VouchersBalanceUpdateRequestBody`; `amount` is required here (nothing to add
    otherwise) and non-zero."""

    amount: int
    source_id: str | None = None
    reason: str | None = None


@attrs.frozen(kw_only=True)
class CampaignUpdateRequest:
    """`CampaignsUpdateRequestBody`: the union of its five branches. Accepted but not acted
    on (IGNORED_KEYS of requests.py style): `unset_metadata_fields`, `access_settings`,
    `activity_duration_after_publishing`, `join_once`, `auto_join`, `gift`, `discount`,
    `loyalty_tiers_expiration`, `options`, `referral_program`."""

    start_date: datetime | None = None
    expiration_date: datetime | None = None
    validity_timeframe: ValidityTimeframeRequest | None = None
    validity_day_of_week: tuple[DayOfWeek, ...] | None = None
    validity_hours: ValidityHoursRequest | None = None
    description: str | None = None
    category: str | None = None
    category_id: str | None = None
    metadata: Metadata | None = None
    type: Literal["AUTO_UPDATE", "STATIC"] | None = None
    unset_metadata_fields: tuple[str, ...] | None = None
    access_settings: object | None = None
    activity_duration_after_publishing: str | None = None
    join_once: bool | None = None
    auto_join: bool | None = None
    gift: object | None = None
    discount: object | None = None
    loyalty_tiers_expiration: object | None = None
    options: object | None = None
    referral_program: object | None = None


@attrs.frozen(kw_only=True)
class CampaignVoucherCreateRequest:
    """`CampaignsVouchersCreateRequestBody`: overrides of the campaign's template."""

    category: str | None = None
    metadata: Metadata | None = None
    redemption: VoucherRedemptionRequest | None = None
    additional_info: str | None = None
    start_date: datetime | None = None
    expiration_date: datetime | None = None


@attrs.frozen(kw_only=True)
class CustomerUpdateRequest:
    """`CustomersUpdateRequestBody` (`CustomerBase`)."""

    name: str | None = None
    description: str | None = None
    email: str | None = None
    phone: str | None = None
    birthday: date | None = None  # Voucherify's deprecated spelling of birthdate
    birthdate: date | None = None
    address: AddressRequest | None = None
    metadata: Metadata | None = None


@attrs.frozen(kw_only=True)
class PublicationCampaignRequest:
    """`CreatePublicationCampaign`: a campaign name or id, and how many vouchers (1-50)."""

    name: str
    count: int | None = None


@attrs.frozen(kw_only=True)
class PublicationCreateRequest:
    """`PublicationsCreateRequestBody`: a `voucher` code or a `campaign`, for a customer."""

    customer: CustomerRequest
    voucher: str | None = None
    campaign: PublicationCampaignRequest | None = None
    source_id: str | None = None
    metadata: Metadata | None = None
    channel: str | None = None

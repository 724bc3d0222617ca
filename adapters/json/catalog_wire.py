"""The catalog lifecycle's documented JSON (DOMAIN.md 17): transactions, balances,
publications, the lists, and the customer activities of the new events.

Like wire.py: every key the spec defines present (null when it does not apply), dates in
ISO 8601 UTC with milliseconds and `Z`, money and points integers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from redemption_core.domain.model.events import EventType, LedgerEvent
from redemption_core.domain.model.publication import Publication
from redemption_core.domain.model.transaction import VoucherTransaction
from redemption_core.domain.model.voucher import Voucher

from . import wire
from .wire import date

Wire = dict[str, Any]


def _balance_type(is_points: bool) -> str:
    return "loyalty_card" if is_points else "gift_voucher"


def _balance(value: VoucherTransaction, manual: bool) -> Wire:
    """`VoucherBalance`: how the transaction left the card."""
    points = value.type.is_points
    return {
        "type": _balance_type(points),
        "total": value.total,
        "object": "balance",
        "amount": None if points else value.amount,
        "points": value.amount if points else None,
        "balance": value.balance,
        "operation_type": "MANUAL" if manual else "AUTOMATIC",
        "related_object": {"id": value.voucher_id, "type": "voucher"},
    }


def transaction(value: VoucherTransaction) -> Wire:
    """`VoucherTransaction`: `details` names the redemption, rollback and order behind it."""
    manual = value.redemption_id is None
    order = None
    if value.order_id is not None:
        order = {"id": value.order_id, "source_id": value.order_source_id}
    return {
        "id": value.id,
        "source_id": value.source_id,
        "voucher_id": value.voucher_id,
        "campaign_id": value.campaign_id,
        "source": value.source,
        "reason": value.reason,
        "type": value.type.value,
        "details": {
            "balance": _balance(value, manual),
            "order": order,
            "redemption": {"id": value.redemption_id} if value.redemption_id else None,
            "rollback": {"id": value.rollback_id} if value.rollback_id else None,
        },
        "related_transaction_id": None,
        "created_at": date(value.created_at),
    }


def balance(voucher: Voucher, value: VoucherTransaction) -> Wire:
    """`VouchersBalanceUpdateResponseBody`."""
    return {
        "amount": value.amount,
        "total": value.total,
        "balance": value.balance,
        "type": _balance_type(value.type.is_points),
        "operation_type": "MANUAL",
        "object": "balance",
        "related_object": {"type": "voucher", "id": voucher.id},
    }


def transactions_list(found: Sequence[VoucherTransaction], has_more: bool) -> Wire:
    """`VouchersTransactionsListResponseBody`."""
    return {
        "object": "list",
        "data_ref": "data",
        "data": [transaction(item) for item in found],
        "has_more": has_more,
        "more_starting_after": found[-1].id if has_more and found else None,
    }


def _publication_base(value: Publication) -> Wire:
    return {
        "id": value.id,
        "object": "publication",
        "created_at": date(value.created_at),
        "customer_id": value.customer_id,
        "tracking_id": value.tracking_id,
        "metadata": dict(value.metadata),
        "channel": value.channel,
        "source_id": value.source_id,
        "result": "SUCCESS",
        "vouchers_id": list(value.voucher_ids),
    }


def publication(value: Publication, vouchers: Sequence[Voucher], customer: Wire | None) -> Wire:
    """`PublicationsCreateResponseBody`: with the `voucher` when one was published, with
    the codes (`vouchers`) when several were."""
    body = _publication_base(value)
    body["customer"] = customer
    if len(vouchers) == 1:
        body["voucher"] = wire.voucher(vouchers[0])
    else:
        body["vouchers"] = [voucher.code for voucher in vouchers]
    return body


def _list_voucher(value: Voucher) -> Wire:
    """`ListPublicationsItemVoucher`."""
    _, gift, loyalty = wire.voucher_balances(value)
    return {
        "code": value.code,
        "object": "voucher",
        "campaign": value.campaign,
        "gift": gift,
        "loyalty_card": loyalty,
        "discount": wire.discount(value.discount),
        "is_referral_code": value.is_referral_code,
    }


def publication_item(
    value: Publication, vouchers: Sequence[Voucher], customer: Wire | None
) -> Wire:
    """A `PublicationsListResponseBody` item: one voucher, or several codes. `customer` is
    the full customer (null inside an activity, whose own `customer` names them)."""
    body = _publication_base(value)
    body["customer"] = customer
    if len(vouchers) == 1:
        body["voucher"] = _list_voucher(vouchers[0])
    else:
        body["vouchers"] = [voucher.code for voucher in vouchers]
    return body


# -- customer activities of the lifecycle events ----------------------------------------

LIFECYCLE_ACTIVITIES = frozenset(
    {
        EventType.GIFT_BALANCE_ADDED,
        EventType.LOYALTY_POINTS_ADDED,
        EventType.VOUCHER_DELETED,
        EventType.PUBLICATION_SUCCEEDED,
        EventType.CUSTOMER_CREATED,
        EventType.CUSTOMER_UPDATED,
        EventType.CUSTOMER_DELETED,
    }
)
"""The events of DOMAIN.md 17 that name a customer: the activity types Voucherify uses."""


Render = Callable[[Any], Wire | None]


def activity_data(event: LedgerEvent, simple_voucher: Render, simple_campaign: Render) -> Wire:
    """The `data` of a lifecycle activity (`EventCustomer…` of its type); the simple
    shapes come from activities.py, which dispatches here."""
    customer = wire.simple_customer(event.customer)
    if event.type in (
        EventType.CUSTOMER_CREATED,
        EventType.CUSTOMER_UPDATED,
        EventType.CUSTOMER_DELETED,
    ):
        return {"customer": customer}
    voucher = event.voucher
    campaign = simple_campaign(event.campaign)
    if event.type is EventType.PUBLICATION_SUCCEEDED and event.publication is not None:
        vouchers = [voucher] if voucher is not None else []
        return {
            "customer": customer,
            "campaign": campaign,
            "publication": publication_item(event.publication, vouchers, None),
        }
    data: Wire = {
        "customer": customer,
        "campaign": campaign,
        "voucher": simple_voucher(voucher),
    }
    if event.transaction is not None:
        data["balance"] = _balance(event.transaction, manual=True)
        data["transaction"] = transaction(event.transaction)
    return data

"""The catalog lifecycle endpoints of the JSON API (DOMAIN.md 17): vouchers, balances and
transactions, campaigns, customers and publications.

Handlers take the `JsonApi` and the `Call` like its own methods; `ROUTES` is appended to
the API's route table. A handler returns the body of a 200, or a `Reply` for another
status (204 with no body on a delete, 202 for a campaign delete).

An update is a field mask: the keys the body sent (DOMAIN.md 17.1: a sent null clears).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from redemption_core.domain.model import errors
from redemption_core.domain.use_cases.catalog_commands import (
    BalanceAdjustment,
    CampaignUpdate,
    CampaignVoucherInput,
    CustomerUpdate,
    ListQuery,
    PublicationCommand,
    VoucherUpdate,
)
from redemption_core.domain.use_cases.commands import CustomerInput

from . import catalog_requests, catalog_wire, mapping, queries, requests, wire
from .converter import structure_request

if TYPE_CHECKING:
    from .api import Call, JsonApi

Params = Mapping[str, list[str]]


@attrs.frozen
class Reply:
    """A response other than 200: `status` and its body (None for 204)."""

    status: int
    body: Any = None


# -- query parameters ---------------------------------------------------------------------


def _flag(params: Params, key: str) -> bool:
    text = queries.one(params, key)
    if text is None:
        return False
    if text not in ("true", "false"):
        raise queries.invalid(key, "must be true or false")
    return text == "true"


def _order(params: Params, fields: tuple[str, ...]) -> tuple[str, bool]:
    text = queries.one(params, "order")
    if text is None:
        return fields[0], True
    name = text.removeprefix("-")
    if name not in fields:
        allowed = ", ".join(f"{field}, -{field}" for field in fields)
        raise queries.invalid("order", f"must be one of {allowed}")
    return name, text.startswith("-")


def _list_query(params: Params, orders: tuple[str, ...], **filters: str | None) -> ListQuery:
    limit, page = queries.page_size(params)
    order_by, descending = _order(params, orders)
    return ListQuery(
        limit=limit,
        page=page,
        order_by=order_by,
        descending=descending,
        created_after=queries.moment(params, "created_at[after]"),
        created_before=queries.moment(params, "created_at[before]"),
        updated_after=queries.moment(params, "updated_at[after]"),
        updated_before=queries.moment(params, "updated_at[before]"),
        **filters,
    )


_DATE_KEYS: Final = frozenset(
    {"created_at[before]", "created_at[after]", "updated_at[before]", "updated_at[after]"}
)
LIST_VOUCHERS_KEYS: Final = frozenset(
    {"limit", "page", "category", "campaign_id", "customer", "campaign", "order", *_DATE_KEYS}
)
LIST_CUSTOMERS_KEYS: Final = frozenset({"limit", "page", "email", "order", *_DATE_KEYS})
LIST_PUBLICATIONS_KEYS: Final = frozenset(
    {"limit", "page", "order", "campaign", "customer", "voucher"}
)
TRANSACTIONS_KEYS: Final = frozenset({"limit", "order", "starting_after_id"})
PAGE_KEYS: Final = frozenset({"limit", "page"})
FORCE_KEYS: Final = frozenset({"force"})
JOIN_ONCE_KEYS: Final = frozenset({"join_once"})


def _no_body(body: Any) -> None:
    if body not in (None, {}):
        raise errors.InvalidPayload("this endpoint takes no request body", field="$")


def _sent(body: Any) -> frozenset[str]:
    return frozenset(body) if isinstance(body, dict) else frozenset()


# -- vouchers (17.1) ----------------------------------------------------------------------


def list_vouchers(api: JsonApi, call: Call) -> Any:
    _no_body(call.body)
    one = queries.one
    query = _list_query(
        call.query,
        ("created_at", "updated_at", "code"),
        category=one(call.query, "category"),
        campaign_id=one(call.query, "campaign_id"),
        campaign=one(call.query, "campaign"),
        customer=one(call.query, "customer"),
    )
    found = api.ledger.list_vouchers(query)
    return {
        "object": "list",
        "data_ref": "vouchers",
        "vouchers": [wire.voucher(voucher) for voucher in found.items],
        "total": found.total,
    }


_VOUCHER_MASK: Final = {
    "validity_timeframe": "validity",
    "validity_day_of_week": "validity",
    "validity_hours": "validity",
    "redemption": "quantity",
}


def update_voucher(api: JsonApi, call: Call) -> Any:
    body = catalog_requests.known_update_keys(call.body)
    request = structure_request(catalog_requests.VoucherUpdateRequest, body)
    names = {_VOUCHER_MASK.get(key, key) for key in _sent(body)} - {"type"}
    update = VoucherUpdate(
        fields=frozenset(names),
        category=request.category,
        category_id=request.category_id,
        start_date=request.start_date,
        expiration_date=request.expiration_date,
        validity=mapping.validity(
            request.validity_timeframe, request.validity_day_of_week, request.validity_hours
        ),
        active=request.active,
        additional_info=request.additional_info,
        metadata=request.metadata,
        quantity=request.redemption.quantity if request.redemption else None,
        discount=mapping.discount(request.discount, "discount."),
    )
    voucher = api.ledger.update_voucher(
        call.path["code"], update, idempotency_key=call.idempotency_key
    )
    return wire.voucher(voucher)


def _set_voucher_active(active: bool) -> Callable[[JsonApi, Call], Any]:
    def handle(api: JsonApi, call: Call) -> Any:
        _no_body(call.body)
        voucher = api.ledger.set_voucher_active(
            call.path["code"], active, idempotency_key=call.idempotency_key
        )
        return wire.voucher(voucher)

    return handle


def delete_voucher(api: JsonApi, call: Call) -> Any:
    _no_body(call.body)
    force = _flag(call.query, "force")
    api.ledger.delete_voucher(call.path["code"], force, idempotency_key=call.idempotency_key)
    return Reply(204)


def voucher_publications(api: JsonApi, call: Call) -> Any:
    """GET /v1/vouchers/{code}/publications: the `publish.url` of every voucher."""
    _no_body(call.body)
    limit, page = queries.page_size(call.query)
    voucher = api.ledger.get_voucher(call.path["code"])
    return _publications(api, ListQuery(limit=limit, page=page, voucher=voucher.code))


# -- balances and transactions (17.2) -------------------------------------------------------


def adjust_balance(api: JsonApi, call: Call) -> Any:
    request = structure_request(catalog_requests.BalanceUpdateRequest, call.body)
    given = BalanceAdjustment(
        amount=request.amount, source_id=request.source_id, reason=request.reason
    )
    voucher, transaction = api.ledger.adjust_balance(
        call.path["code"], given, idempotency_key=call.idempotency_key
    )
    return catalog_wire.balance(voucher, transaction)


def voucher_transactions(api: JsonApi, call: Call) -> Any:
    _no_body(call.body)
    limit = queries.integer(call.query, "limit", queries.PAGE_SIZE_DEFAULT, 100)
    _, descending = _order(call.query, ("id",))
    _, found = api.ledger.voucher_transactions(
        call.path["code"], limit, descending, queries.one(call.query, "starting_after_id")
    )
    return catalog_wire.transactions_list(found.transactions, found.has_more)


# -- campaigns (17.3) ------------------------------------------------------------------------


def get_campaign(api: JsonApi, call: Call) -> Any:
    _no_body(call.body)
    campaign, tiers = api.ledger.get_campaign(call.path["campaignId"])
    return wire.campaign(campaign, tiers)


_CAMPAIGN_ACTED_ON: Final = frozenset(
    {
        "start_date",
        "expiration_date",
        "description",
        "category",
        "category_id",
        "metadata",
        "type",
    }
)


def update_campaign(api: JsonApi, call: Call) -> Any:
    request = structure_request(catalog_requests.CampaignUpdateRequest, call.body)
    sent = _sent(call.body)
    names = set(sent & _CAMPAIGN_ACTED_ON)
    if sent & {"validity_timeframe", "validity_day_of_week", "validity_hours"}:
        names.add("validity")
    update = CampaignUpdate(
        fields=frozenset(names),
        description=request.description,
        start_date=request.start_date,
        expiration_date=request.expiration_date,
        validity=mapping.validity(
            request.validity_timeframe, request.validity_day_of_week, request.validity_hours
        ),
        category=request.category,
        category_id=request.category_id,
        metadata=request.metadata,
        type=request.type,
    )
    campaign = api.ledger.update_campaign(
        call.path["campaignId"], update, idempotency_key=call.idempotency_key
    )
    campaign, tiers = api.ledger.get_campaign(campaign.id)
    return wire.campaign(campaign, tiers)


def _set_campaign_active(active: bool) -> Callable[[JsonApi, Call], Any]:
    def handle(api: JsonApi, call: Call) -> Any:
        _no_body(call.body)
        campaign = api.ledger.set_campaign_active(
            call.path["campaignId"], active, idempotency_key=call.idempotency_key
        )
        campaign, tiers = api.ledger.get_campaign(campaign.id)
        return wire.campaign(campaign, tiers)

    return handle


def delete_campaign(api: JsonApi, call: Call) -> Any:
    _no_body(call.body)
    force = _flag(call.query, "force")
    api.ledger.delete_campaign(
        call.path["campaignId"], force, idempotency_key=call.idempotency_key
    )
    # Deleted in this request, not scheduled: there is no asynchronous action to name.
    return Reply(202, {"async_action_id": None})


def add_campaign_voucher(api: JsonApi, call: Call) -> Any:
    request = structure_request(
        catalog_requests.CampaignVoucherCreateRequest, {} if call.body is None else call.body
    )
    given = CampaignVoucherInput(
        category=request.category,
        metadata=request.metadata,
        quantity=request.redemption.quantity if request.redemption else None,
        additional_info=request.additional_info,
        start_date=request.start_date,
        expiration_date=request.expiration_date,
    )
    voucher = api.ledger.add_campaign_voucher(
        call.path["campaignId"],
        given,
        call.path.get("code"),
        idempotency_key=call.idempotency_key,
    )
    return wire.voucher(voucher)


# -- customers (17.4) -------------------------------------------------------------------------


def _customer_wire(api: JsonApi, customer_id: str) -> Any:
    customer, summary = api.ledger.get_customer(customer_id)
    return wire.customer(customer, summary)


def _holder_wire(api: JsonApi, customer_id: str) -> Any:
    """The customer of a publication, or null once they are deleted."""
    try:
        return _customer_wire(api, customer_id)
    except errors.ResourceNotFound:
        return None


def create_customer(api: JsonApi, call: Call) -> Any:
    request = structure_request(requests.CustomerRequest, call.body)
    given = mapping.customer_input(request) or CustomerInput()
    customer = api.ledger.create_customer(given, idempotency_key=call.idempotency_key)
    return _customer_wire(api, customer.id)


def list_customers(api: JsonApi, call: Call) -> Any:
    _no_body(call.body)
    query = _list_query(
        call.query,
        ("created_at", "updated_at", "source_id"),
        email=queries.one(call.query, "email"),
    )
    found = api.ledger.list_customers(query)
    return {
        "object": "list",
        "data_ref": "customers",
        "customers": [_customer_wire(api, customer.id) for customer in found.items],
        "total": found.total,
        "has_more": found.has_more,
    }


def update_customer(api: JsonApi, call: Call) -> Any:
    request = structure_request(catalog_requests.CustomerUpdateRequest, call.body)
    sent = _sent(call.body)
    names = {"birthdate" if key == "birthday" else key for key in sent}
    birthdate = request.birthdate or request.birthday
    update = CustomerUpdate(
        fields=frozenset(names),
        name=request.name,
        email=request.email,
        phone=request.phone,
        description=request.description,
        birthdate=birthdate.isoformat() if birthdate else None,
        address=attrs.asdict(request.address) if request.address else None,
        metadata=request.metadata,
    )
    customer = api.ledger.update_customer(
        call.path["customerId"], update, idempotency_key=call.idempotency_key
    )
    return _customer_wire(api, customer.id)


def delete_customer(api: JsonApi, call: Call) -> Any:
    _no_body(call.body)
    api.ledger.delete_customer(call.path["customerId"], idempotency_key=call.idempotency_key)
    return Reply(204)


# -- publications (17.4) ----------------------------------------------------------------------


def create_publication(api: JsonApi, call: Call) -> Any:
    request = structure_request(catalog_requests.PublicationCreateRequest, call.body)
    customer = mapping.customer_input(request.customer) or CustomerInput()
    campaign = request.campaign
    command = PublicationCommand(
        customer=customer,
        voucher=request.voucher,
        campaign=campaign.name if campaign is not None else None,
        count=campaign.count if campaign is not None and campaign.count is not None else 1,
        channel=request.channel,
        source_id=request.source_id,
        metadata=request.metadata,
        join_once=_flag(call.query, "join_once"),
    )
    publication = api.ledger.publish(command, idempotency_key=call.idempotency_key)
    vouchers = api.ledger.publication_vouchers(publication)
    return catalog_wire.publication(
        publication, vouchers, _customer_wire(api, publication.customer_id)
    )


def _publications(api: JsonApi, query: ListQuery) -> Any:
    found = api.ledger.list_publications(query)
    return {
        "object": "list",
        "data_ref": "publications",
        "publications": [
            catalog_wire.publication_item(
                item,
                api.ledger.publication_vouchers(item),
                _holder_wire(api, item.customer_id),
            )
            for item in found.items
        ],
        "total": found.total,
    }


def list_publications(api: JsonApi, call: Call) -> Any:
    _no_body(call.body)
    one = queries.one
    query = _list_query(
        call.query,
        ("created_at",),
        campaign=one(call.query, "campaign"),
        customer=one(call.query, "customer"),
        voucher=one(call.query, "voucher"),
    )
    return _publications(api, query)


RouteSpec = tuple[str, str, Callable[["JsonApi", "Call"], Any], frozenset[str]]

ROUTES: Final[tuple[RouteSpec, ...]] = (
    ("GET", "/v1/vouchers", list_vouchers, LIST_VOUCHERS_KEYS),
    ("PUT", "/v1/vouchers/{code}", update_voucher, frozenset()),
    ("DELETE", "/v1/vouchers/{code}", delete_voucher, FORCE_KEYS),
    ("POST", "/v1/vouchers/{code}/enable", _set_voucher_active(True), frozenset()),
    ("POST", "/v1/vouchers/{code}/disable", _set_voucher_active(False), frozenset()),
    ("POST", "/v1/vouchers/{code}/balance", adjust_balance, frozenset()),
    ("GET", "/v1/vouchers/{code}/transactions", voucher_transactions, TRANSACTIONS_KEYS),
    ("GET", "/v1/vouchers/{code}/publications", voucher_publications, PAGE_KEYS),
    ("GET", "/v1/campaigns/{campaignId}", get_campaign, frozenset()),
    ("PUT", "/v1/campaigns/{campaignId}", update_campaign, frozenset()),
    ("DELETE", "/v1/campaigns/{campaignId}", delete_campaign, FORCE_KEYS),
    ("POST", "/v1/campaigns/{campaignId}/enable", _set_campaign_active(True), frozenset()),
    ("POST", "/v1/campaigns/{campaignId}/disable", _set_campaign_active(False), frozenset()),
    ("POST", "/v1/campaigns/{campaignId}/vouchers", add_campaign_voucher, frozenset()),
    ("POST", "/v1/campaigns/{campaignId}/vouchers/{code}", add_campaign_voucher, frozenset()),
    ("POST", "/v1/customers", create_customer, frozenset()),
    ("GET", "/v1/customers", list_customers, LIST_CUSTOMERS_KEYS),
    ("PUT", "/v1/customers/{customerId}", update_customer, frozenset()),
    ("DELETE", "/v1/customers/{customerId}", delete_customer, frozenset()),
    ("POST", "/v1/publications", create_publication, JOIN_ONCE_KEYS),
    ("GET", "/v1/publications", list_publications, LIST_PUBLICATIONS_KEYS),
)
"""The lifecycle routes, appended to `api.ROUTES`."""

"""The catalog lifecycle RPCs (DOMAIN.md 17): a mixin of `RedemptionServicer`, with the
protobuf translation of their requests and results.

Updates take an AIP-134 `update_mask`: its paths name the fields of the body message to
change; an unknown path is `invalid_payload` naming `update_mask`. List page tokens are the
service's page tokens (`lists.page_number`), except for transactions, whose token is the
cursor (the last transaction id of the previous page).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from google.protobuf.field_mask_pb2 import FieldMask

from redemption_core.domain.model import errors
from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.publication import Publication
from redemption_core.domain.model.transaction import VoucherTransaction
from redemption_core.domain.model.voucher import Voucher
from redemption_core.domain.read_side.listings import ListPage
from redemption_core.domain.use_cases.catalog_commands import (
    BalanceAdjustment,
    CampaignUpdate,
    CampaignVoucherInput,
    CustomerUpdate,
    ListQuery,
    PublicationCommand,
    VoucherUpdate,
)
from redemption_core.domain.use_cases.ledger import Ledger

from . import decode, decode_catalog, encode, lists
from . import encode_common as common
from ._generated import common_pb2
from ._generated import lifecycle_pb2 as pb

Context = Any


def _paths(mask: FieldMask, allowed: Mapping[str, str]) -> frozenset[str]:
    """The domain fields an `update_mask` names; refused when empty or unknown."""
    if not mask.paths:
        raise errors.InvalidPayload("names no field to update", field="update_mask")
    names = set()
    for path in mask.paths:
        name = allowed.get(path)
        if name is None:
            raise errors.InvalidPayload(
                f"cannot update {path!r} (updatable: {', '.join(sorted(allowed))})",
                field="update_mask",
            )
        names.add(name)
    return frozenset(names)


_VALIDITY = {
    "validity_timeframe": "validity",
    "validity_day_of_week": "validity",
    "validity_hours": "validity",
}
VOUCHER_PATHS = {
    **{name: name for name in ("category", "category_id", "start_date", "expiration_date")},
    **{name: name for name in ("active", "additional_info", "metadata", "discount")},
    **_VALIDITY,
    "redemption": "quantity",
    "redemption.quantity": "quantity",
}
CAMPAIGN_PATHS = {
    **{name: name for name in ("description", "start_date", "expiration_date", "metadata")},
    **{name: name for name in ("category", "category_id", "type")},
    **_VALIDITY,
}
CUSTOMER_PATHS = {
    name: name
    for name in ("name", "email", "phone", "description", "birthdate", "address", "metadata")
}


def _transaction_type(value: VoucherTransaction) -> int:
    return int(pb.VoucherTransactionType.Value(f"VOUCHER_TRANSACTION_TYPE_{value.type.value}"))


def transaction(value: VoucherTransaction) -> pb.VoucherTransaction:
    return pb.VoucherTransaction(
        id=value.id,
        voucher_id=value.voucher_id,
        campaign_id=value.campaign_id,
        type=_transaction_type(value),  # type: ignore[arg-type]
        amount=value.amount,
        balance=value.balance,
        total=value.total,
        source_id=value.source_id,
        source=value.source,
        reason=value.reason,
        redemption_id=value.redemption_id,
        rollback_id=value.rollback_id,
        order_id=value.order_id,
        order_source_id=value.order_source_id,
        created_at=common.timestamp(value.created_at),
    )


def customer(value: Customer) -> pb.Customer:
    return pb.Customer(
        id=value.id,
        source_id=value.source_id,
        name=value.name,
        email=value.email,
        phone=value.phone,
        description=value.description,
        birthdate=value.birthdate,
        address=common_pb2.Address(**value.address) if value.address else None,
        metadata=common.struct(value.metadata),
        created_at=common.timestamp(value.created_at),
        updated_at=common.timestamp(value.updated_at),
        object="customer",
    )


def publication(value: Publication, vouchers: list[Voucher]) -> pb.Publication:
    return pb.Publication(
        id=value.id,
        customer_id=value.customer_id,
        tracking_id=value.tracking_id,
        voucher_ids=list(value.voucher_ids),
        voucher_codes=[voucher.code for voucher in vouchers],
        campaign_id=value.campaign_id,
        source_id=value.source_id,
        channel=value.channel,
        metadata=common.struct(value.metadata),
        created_at=common.timestamp(value.created_at),
        object="publication",
    )


def _list_query(request: Any, number: int, **filters: Any) -> ListQuery:
    order = (
        decode.optional(request, "order") if "order" in request.DESCRIPTOR.fields_by_name else None
    )
    text = order or ""
    return ListQuery(
        limit=lists.page_size(request.page_size),
        page=number,
        order_by=text.removeprefix("-") or "created_at",
        descending=text.startswith("-") or not text,
        created_after=_instant(request, "created_at_after"),
        created_before=_instant(request, "created_at_before"),
        **filters,
    )


def _instant(request: Any, name: str) -> Any:
    if name not in request.DESCRIPTOR.fields_by_name:
        return None
    return decode.instant(request, name, name)


def _voucher(value: Voucher) -> Any:
    made = encode.voucher(value)
    if made is None:
        raise errors.InvariantViolation("a voucher encoded as nothing")
    return made


def _next(page: ListPage[Any], number: int, size: int) -> str:
    return lists.next_page_token(number, size, page.total)


class LifecycleRpcs:
    """The RPCs of DOMAIN.md 17, named as in the proto."""

    _ledger: Ledger

    def _key(self, request_id: str) -> dict[str, Any]:
        raise NotImplementedError  # the servicer's idempotency key and channel

    # -- vouchers -----------------------------------------------------------------------

    def ListVouchers(self, request: pb.ListVouchersRequest, context: Context) -> Any:
        number = lists.page_number(request.page_token)
        order = decode.optional(request, "order")
        if order is not None and order.removeprefix("-") not in (
            "created_at",
            "updated_at",
            "code",
        ):
            raise errors.InvalidPayload(
                "must be created_at, updated_at or code, - for descending", field="order"
            )
        query = _list_query(
            request,
            number,
            campaign=decode.optional(request, "campaign"),
            campaign_id=decode.optional(request, "campaign_id"),
            category=decode.optional(request, "category"),
            customer=decode.optional(request, "customer"),
            updated_after=_instant(request, "updated_at_after"),
            updated_before=_instant(request, "updated_at_before"),
        )
        found = self._ledger.list_vouchers(query)
        return pb.ListVouchersResponse(
            vouchers=[_voucher(item) for item in found.items],
            total=found.total,
            next_page_token=_next(found, number, query.limit),
        )

    def UpdateVoucher(self, request: pb.UpdateVoucherRequest, context: Context) -> Any:
        code = decode.required(request.code, "code")
        names = _paths(request.update_mask, VOUCHER_PATHS)
        with decode.fields_under("voucher."):
            given = decode_catalog.voucher_input(request.voucher)
        update = VoucherUpdate(
            fields=names,
            category=given.category,
            category_id=given.category_id,
            start_date=given.start_date,
            expiration_date=given.expiration_date,
            validity=given.validity,
            active=given.active,
            additional_info=given.additional_info,
            metadata=given.metadata,
            quantity=given.quantity,
            discount=given.discount,
        )
        made = self._ledger.update_voucher(code, update, **self._key(request.request_id))
        return pb.UpdateVoucherResponse(voucher=encode.voucher(made))

    def DeleteVoucher(self, request: pb.DeleteVoucherRequest, context: Context) -> Any:
        code = decode.required(request.code, "code")
        self._ledger.delete_voucher(code, request.force, **self._key(request.request_id))
        return pb.DeleteVoucherResponse()

    def EnableVoucher(self, request: pb.EnableVoucherRequest, context: Context) -> Any:
        code = decode.required(request.code, "code")
        made = self._ledger.set_voucher_active(code, True, **self._key(request.request_id))
        return pb.EnableVoucherResponse(voucher=encode.voucher(made))

    def DisableVoucher(self, request: pb.DisableVoucherRequest, context: Context) -> Any:
        code = decode.required(request.code, "code")
        made = self._ledger.set_voucher_active(code, False, **self._key(request.request_id))
        return pb.DisableVoucherResponse(voucher=encode.voucher(made))

    def AdjustVoucherBalance(
        self, request: pb.AdjustVoucherBalanceRequest, context: Context
    ) -> Any:
        code = decode.required(request.code, "code")
        given = BalanceAdjustment(
            amount=request.amount,
            source_id=decode.optional(request, "source_id"),
            reason=decode.optional(request, "reason"),
        )
        card, made = self._ledger.adjust_balance(code, given, **self._key(request.request_id))
        balance = pb.VoucherBalance(
            amount=made.amount,
            total=made.total,
            balance=made.balance,
            type="loyalty_card" if made.type.is_points else "gift_voucher",
            operation_type="MANUAL",
            object="balance",
            related_object_id=card.id,
        )
        return pb.AdjustVoucherBalanceResponse(balance=balance, transaction=transaction(made))

    def ListVoucherTransactions(
        self, request: pb.ListVoucherTransactionsRequest, context: Context
    ) -> Any:
        code = decode.required(request.code, "code")
        order = decode.optional(request, "order") or "-id"
        if order not in ("id", "-id"):
            raise errors.InvalidPayload("must be id or -id", field="order")
        _, found = self._ledger.voucher_transactions(
            code,
            lists.page_size(request.page_size),
            order == "-id",
            request.page_token or None,
        )
        last = found.transactions[-1].id if found.has_more and found.transactions else ""
        return pb.ListVoucherTransactionsResponse(
            transactions=[transaction(item) for item in found.transactions],
            has_more=found.has_more,
            next_page_token=last,
        )

    # -- campaigns ----------------------------------------------------------------------

    def GetCampaign(self, request: pb.GetCampaignRequest, context: Context) -> Any:
        campaign_id = decode.required(request.campaign_id, "campaign_id")
        campaign, tiers = self._ledger.get_campaign(campaign_id)
        return pb.GetCampaignResponse(campaign=encode.campaign(campaign, tiers))

    def UpdateCampaign(self, request: pb.UpdateCampaignRequest, context: Context) -> Any:
        campaign_id = decode.required(request.campaign_id, "campaign_id")
        names = _paths(request.update_mask, CAMPAIGN_PATHS)
        with decode.fields_under("campaign."):
            given = decode_catalog.campaign_input(request.campaign)
        update = CampaignUpdate(
            fields=names,
            description=given.description,
            start_date=given.start_date,
            expiration_date=given.expiration_date,
            validity=given.validity,
            category=given.category,
            category_id=given.category_id,
            metadata=given.metadata,
            type=given.type,
        )
        made = self._ledger.update_campaign(campaign_id, update, **self._key(request.request_id))
        campaign, tiers = self._ledger.get_campaign(made.id)
        return pb.UpdateCampaignResponse(campaign=encode.campaign(campaign, tiers))

    def DeleteCampaign(self, request: pb.DeleteCampaignRequest, context: Context) -> Any:
        campaign_id = decode.required(request.campaign_id, "campaign_id")
        self._ledger.delete_campaign(campaign_id, request.force, **self._key(request.request_id))
        return pb.DeleteCampaignResponse()

    def _campaign_active(self, campaign_id: str, active: bool, request_id: str) -> Any:
        made = self._ledger.set_campaign_active(
            decode.required(campaign_id, "campaign_id"), active, **self._key(request_id)
        )
        campaign, tiers = self._ledger.get_campaign(made.id)
        return encode.campaign(campaign, tiers)

    def EnableCampaign(self, request: pb.EnableCampaignRequest, context: Context) -> Any:
        made = self._campaign_active(request.campaign_id, True, request.request_id)
        return pb.EnableCampaignResponse(campaign=made)

    def DisableCampaign(self, request: pb.DisableCampaignRequest, context: Context) -> Any:
        made = self._campaign_active(request.campaign_id, False, request.request_id)
        return pb.DisableCampaignResponse(campaign=made)

    def AddCampaignVoucher(self, request: pb.AddCampaignVoucherRequest, context: Context) -> Any:
        campaign_id = decode.required(request.campaign_id, "campaign_id")
        with decode.fields_under("voucher."):
            given = decode_catalog.voucher_input(request.voucher)
        overrides = CampaignVoucherInput(
            category=given.category,
            category_id=given.category_id,
            metadata=given.metadata,
            quantity=given.quantity,
            additional_info=given.additional_info,
            start_date=given.start_date,
            expiration_date=given.expiration_date,
        )
        made = self._ledger.add_campaign_voucher(
            campaign_id,
            overrides,
            decode.optional(request, "code"),
            **self._key(request.request_id),
        )
        return pb.AddCampaignVoucherResponse(voucher=encode.voucher(made))

    # -- customers and publications -----------------------------------------------------

    def CreateCustomer(self, request: pb.CreateCustomerRequest, context: Context) -> Any:
        given = decode.customer_input(decode_catalog.body(request, "customer"), "customer")
        made = self._ledger.create_customer(given, **self._key(request.request_id))
        return pb.CreateCustomerResponse(customer=customer(made))

    def ListCustomers(self, request: pb.ListCustomersRequest, context: Context) -> Any:
        number = lists.page_number(request.page_token)
        order = decode.optional(request, "order")
        if order is not None and order.removeprefix("-") not in (
            "created_at",
            "updated_at",
            "source_id",
        ):
            raise errors.InvalidPayload(
                "must be created_at, updated_at or source_id, - for descending", field="order"
            )
        query = _list_query(request, number, email=decode.optional(request, "email"))
        found = self._ledger.list_customers(query)
        return pb.ListCustomersResponse(
            customers=[customer(item) for item in found.items],
            total=found.total,
            next_page_token=_next(found, number, query.limit),
        )

    def UpdateCustomer(self, request: pb.UpdateCustomerRequest, context: Context) -> Any:
        customer_id = decode.required(request.customer_id, "customer_id")
        names = _paths(request.update_mask, CUSTOMER_PATHS)
        given = decode.customer_input(request.customer, "customer")
        update = CustomerUpdate(
            fields=names,
            name=given.name,
            email=given.email,
            phone=given.phone,
            description=given.description,
            birthdate=given.birthdate,
            address=given.address,
            metadata=given.metadata,
        )
        made = self._ledger.update_customer(customer_id, update, **self._key(request.request_id))
        return pb.UpdateCustomerResponse(customer=customer(made))

    def DeleteCustomer(self, request: pb.DeleteCustomerRequest, context: Context) -> Any:
        customer_id = decode.required(request.customer_id, "customer_id")
        self._ledger.delete_customer(customer_id, **self._key(request.request_id))
        return pb.DeleteCustomerResponse()

    def CreatePublication(self, request: pb.CreatePublicationRequest, context: Context) -> Any:
        given = decode.customer_input(decode_catalog.body(request, "customer"), "customer")
        campaign = request.campaign if request.HasField("campaign") else None
        command = PublicationCommand(
            customer=given,
            voucher=decode.optional(request, "voucher"),
            campaign=campaign.name if campaign is not None else None,
            count=campaign.count if campaign is not None and campaign.HasField("count") else 1,
            channel=decode.optional(request, "channel"),
            source_id=decode.optional(request, "source_id"),
            metadata=decode.metadata(request, "metadata"),
            join_once=request.join_once,
        )
        made = self._ledger.publish(command, **self._key(request.request_id))
        vouchers = self._ledger.publication_vouchers(made)
        return pb.CreatePublicationResponse(
            publication=publication(made, vouchers),
            vouchers=[_voucher(item) for item in vouchers],
        )

    def ListPublications(self, request: pb.ListPublicationsRequest, context: Context) -> Any:
        number = lists.page_number(request.page_token)
        query = _list_query(
            request,
            number,
            campaign=decode.optional(request, "campaign"),
            customer=decode.optional(request, "customer"),
            voucher=decode.optional(request, "voucher"),
        )
        found = self._ledger.list_publications(query)
        return pb.ListPublicationsResponse(
            publications=[
                publication(item, self._ledger.publication_vouchers(item)) for item in found.items
            ],
            total=found.total,
            next_page_token=_next(found, number, query.limit),
        )

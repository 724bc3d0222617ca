"""The catalog lifecycle methods of `Ledger` (DOMAIN.md 17), one per documented endpoint.

A mixin so the application service stays one class without one long module. Every method
that changes state takes an idempotency key: a retry with the same key and request returns
what the first call changed, read back as it is now; another request under the same key
is refused naming the first field that differs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ..model.campaign import Campaign, PromotionTier
from ..model.context import RequestContext
from ..model.customer import Customer
from ..model.publication import Publication
from ..model.redemption import Channel
from ..model.transaction import VoucherTransaction
from ..model.voucher import Voucher
from ..ports import Store, UnitOfWork
from ..read_side import listings
from . import campaign_lifecycle, customers_admin, lifecycle, publications, transactions
from .catalog import get_voucher, not_found
from .catalog_commands import (
    BalanceAdjustment,
    CampaignUpdate,
    CampaignVoucherInput,
    CustomerUpdate,
    ListQuery,
    PublicationCommand,
    VoucherUpdate,
)
from .commands import CustomerInput
from .idempotency import guard_creation

T = TypeVar("T")
K = TypeVar("K")


def _stored(uow: UnitOfWork, kind: type[K], entity_id: str) -> K:
    """Read back what a first call changed (a tombstone included)."""
    found = uow.get(kind, entity_id)  # type: ignore[type-var]
    if found is None:
        raise not_found(kind.__name__.lower(), entity_id)
    loaded: K = found
    return loaded


class LifecycleMethods:
    """Vouchers, balances, campaigns, customers and publications between redemptions."""

    store: Store

    def _run(
        self,
        work: Callable[[UnitOfWork, RequestContext], T],
        channel: Channel | None = None,
        request_id: str | None = None,
    ) -> T:
        raise NotImplementedError  # provided by Ledger

    def _change(
        self,
        operation: str,
        key: str | None,
        request: object,
        channel: Channel | None,
        work: Callable[[UnitOfWork, RequestContext], K],
        kind: type[K],
    ) -> K:
        guarded = guard_creation(
            operation,
            key,
            request,
            channel,
            work,
            ids=lambda made: (made.id,),  # type: ignore[attr-defined]
            load=lambda uow, ids: _stored(uow, kind, ids[0]),
        )
        return self._run(guarded, channel)

    # -- vouchers (17.1) ----------------------------------------------------------------

    def list_vouchers(self, query: ListQuery) -> listings.ListPage[Voucher]:
        """GET /v1/vouchers."""
        with self.store.unit_of_work() as uow:
            return listings.vouchers(uow, query)

    def update_voucher(
        self,
        code: str,
        update: VoucherUpdate,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Voucher:
        """PUT /v1/vouchers/{code}."""
        return self._change(
            "update_voucher",
            idempotency_key,
            {"code": code, "update": update},
            channel,
            lambda uow, ctx: lifecycle.update_voucher(uow, code, update, ctx),
            Voucher,
        )

    def set_voucher_active(
        self,
        code: str,
        active: bool,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Voucher:
        """POST /v1/vouchers/{code}/enable (True) or /disable (False)."""
        return self._change(
            "enable_voucher" if active else "disable_voucher",
            idempotency_key,
            {"code": code},
            channel,
            lambda uow, ctx: lifecycle.set_voucher_active(uow, code, active, ctx),
            Voucher,
        )

    def delete_voucher(
        self,
        code: str,
        force: bool = False,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Voucher:
        """DELETE /v1/vouchers/{code}[?force=true]: the tombstone."""
        return self._change(
            "delete_voucher",
            idempotency_key,
            {"code": code, "force": force},
            channel,
            lambda uow, ctx: lifecycle.delete_voucher(uow, code, force, ctx),
            Voucher,
        )

    # -- balances and transactions (17.2) -----------------------------------------------

    def adjust_balance(
        self,
        code: str,
        given: BalanceAdjustment,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> tuple[Voucher, VoucherTransaction]:
        """POST /v1/vouchers/{code}/balance: the card and the transaction written."""

        def load(uow: UnitOfWork, ids: tuple[str, ...]) -> tuple[Voucher, VoucherTransaction]:
            return _stored(uow, Voucher, ids[0]), _stored(uow, VoucherTransaction, ids[1])

        guarded = guard_creation(
            "adjust_balance",
            idempotency_key,
            {"code": code, "adjustment": given},
            channel,
            lambda uow, ctx: lifecycle.adjust_balance(uow, code, given, ctx),
            ids=lambda made: (made[0].id, made[1].id),
            load=load,
        )
        return self._run(guarded, channel)

    def voucher_transactions(
        self,
        code: str,
        limit: int = 10,
        descending: bool = True,
        starting_after_id: str | None = None,
    ) -> tuple[Voucher, transactions.TransactionPage]:
        """GET /v1/vouchers/{code}/transactions: newest first unless `descending` is False."""
        with self.store.unit_of_work() as uow:
            voucher = get_voucher(uow, code)
            return voucher, transactions.page(uow, voucher, limit, descending, starting_after_id)

    # -- campaigns (17.3) ---------------------------------------------------------------

    def get_campaign(self, campaign_id: str) -> tuple[Campaign, Sequence[PromotionTier]]:
        """GET /v1/campaigns/{campaignId} (id or name), with a PROMOTION's tiers."""
        with self.store.unit_of_work() as uow:
            campaign = campaign_lifecycle.get_campaign(uow, campaign_id)
            return campaign, campaign_lifecycle.tiers(uow, campaign)

    def update_campaign(
        self,
        campaign_id: str,
        update: CampaignUpdate,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Campaign:
        """PUT /v1/campaigns/{campaignId}."""
        return self._change(
            "update_campaign",
            idempotency_key,
            {"campaign_id": campaign_id, "update": update},
            channel,
            lambda uow, ctx: campaign_lifecycle.update_campaign(uow, campaign_id, update, ctx),
            Campaign,
        )

    def set_campaign_active(
        self,
        campaign_id: str,
        active: bool,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Campaign:
        """POST /v1/campaigns/{campaignId}/enable (True) or /disable (False)."""
        return self._change(
            "enable_campaign" if active else "disable_campaign",
            idempotency_key,
            {"campaign_id": campaign_id},
            channel,
            lambda uow, ctx: campaign_lifecycle.set_campaign_active(uow, campaign_id, active, ctx),
            Campaign,
        )

    def delete_campaign(
        self,
        campaign_id: str,
        force: bool = False,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Campaign:
        """DELETE /v1/campaigns/{campaignId}: the campaign and its vouchers as tombstones."""
        return self._change(
            "delete_campaign",
            idempotency_key,
            {"campaign_id": campaign_id, "force": force},
            channel,
            lambda uow, ctx: campaign_lifecycle.delete_campaign(uow, campaign_id, force, ctx),
            Campaign,
        )

    def add_campaign_voucher(
        self,
        campaign_id: str,
        given: CampaignVoucherInput,
        code: str | None = None,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Voucher:
        """POST /v1/campaigns/{campaignId}/vouchers[/{code}]."""
        return self._change(
            "add_campaign_voucher",
            idempotency_key,
            {"campaign_id": campaign_id, "voucher": given, "code": code},
            channel,
            lambda uow, ctx: campaign_lifecycle.add_voucher(uow, campaign_id, given, ctx, code),
            Voucher,
        )

    # -- customers and publications (17.4) ----------------------------------------------

    def create_customer(
        self,
        given: CustomerInput,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Customer:
        """POST /v1/customers: create, or update the customer its id or source id names."""
        return self._change(
            "create_customer",
            idempotency_key,
            given,
            channel,
            lambda uow, ctx: customers_admin.create_customer(uow, given, ctx),
            Customer,
        )

    def list_customers(self, query: ListQuery) -> listings.ListPage[Customer]:
        """GET /v1/customers."""
        with self.store.unit_of_work() as uow:
            return listings.customers(uow, query)

    def update_customer(
        self,
        customer_id: str,
        update: CustomerUpdate,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Customer:
        """PUT /v1/customers/{customerId} (id or source id)."""
        return self._change(
            "update_customer",
            idempotency_key,
            {"customer_id": customer_id, "update": update},
            channel,
            lambda uow, ctx: customers_admin.update_customer(uow, customer_id, update, ctx),
            Customer,
        )

    def delete_customer(
        self,
        customer_id: str,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Customer:
        """DELETE /v1/customers/{customerId}: the tombstone."""
        return self._change(
            "delete_customer",
            idempotency_key,
            {"customer_id": customer_id},
            channel,
            lambda uow, ctx: customers_admin.delete_customer(uow, customer_id, ctx),
            Customer,
        )

    def publish(
        self,
        command: PublicationCommand,
        *,
        idempotency_key: str | None = None,
        channel: Channel | None = None,
    ) -> Publication:
        """POST /v1/publications."""
        return self._change(
            "publish",
            idempotency_key,
            command,
            channel,
            lambda uow, ctx: publications.publish(uow, command, ctx),
            Publication,
        )

    def list_publications(self, query: ListQuery) -> listings.ListPage[Publication]:
        """GET /v1/publications."""
        with self.store.unit_of_work() as uow:
            return listings.publications(uow, query)

    def publication_vouchers(self, publication: Publication) -> list[Voucher]:
        """The vouchers of a publication as they are now (tombstones included)."""
        with self.store.unit_of_work() as uow:
            return [_stored(uow, Voucher, voucher_id) for voucher_id in publication.voucher_ids]

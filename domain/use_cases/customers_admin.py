"""Customers managed directly (DOMAIN.md 17.4): create (upsert), update, delete (a
tombstone: redemptions keep their customer snapshot), and the lookups that skip tombstones.
"""

from __future__ import annotations

from typing import Any

from ..model import errors, rules
from ..model.context import RequestContext
from ..model.customer import Customer
from ..model.events import EventType, catalog_event
from ..ports import UnitOfWork
from ..read_side import sequences
from .catalog import not_found, payload
from .catalog_commands import CustomerUpdate
from .commands import CustomerInput


def live_customer(uow: UnitOfWork, ident: str, field: str | None = None) -> Customer:
    """A customer by id or source id; a deleted one is `not_found`."""
    found = uow.get(Customer, ident) or uow.find(Customer, "source_id", ident)
    if found is None or found.deleted_at is not None:
        raise not_found("customer", ident, field)
    return found


def _changed(
    uow: UnitOfWork, ctx: RequestContext, found: Customer, changes: dict[str, Any]
) -> Customer:
    with payload():
        updated = found.update(ctx.now, changes)
    if updated is not found:
        uow.replace(updated)
        uow.append_event(catalog_event(EventType.CUSTOMER_UPDATED, ctx, customer=updated))
    return updated


def create_customer(uow: UnitOfWork, given: CustomerInput, ctx: RequestContext) -> Customer:
    """POST /v1/customers: an upsert when `id` or `source_id` names a customer."""
    if given.id is not None:
        return _changed(uow, ctx, live_customer(uow, given.id, "id"), given.attributes())
    if given.source_id is not None:
        found = uow.find(Customer, "source_id", given.source_id)
        if found is not None:
            return _changed(uow, ctx, found, given.attributes())
    with payload():
        created = Customer(
            id=ctx.ids.new_id("cust"),
            source_id=given.source_id,
            created_at=ctx.now,
            **given.attributes(),
        )
    uow.add(created)
    sequences.append(uow, sequences.CUSTOMERS, created.id)
    uow.append_event(catalog_event(EventType.CUSTOMER_CREATED, ctx, customer=created))
    return created


def update_customer(
    uow: UnitOfWork, ident: str, update: CustomerUpdate, ctx: RequestContext
) -> Customer:
    """PUT /v1/customers/{customerId}: the masked attributes (a sent null clears)."""
    found = live_customer(uow, ident)
    changes = {name: getattr(update, name) for name in update.fields}
    if "metadata" in changes:
        changes["metadata"] = dict(changes["metadata"] or {})
    return _changed(uow, ctx, found, changes)


def delete_customer(uow: UnitOfWork, ident: str, ctx: RequestContext) -> Customer:
    """DELETE /v1/customers/{customerId}: a tombstone that frees the source id."""
    found = live_customer(uow, ident)
    deleted = rules.evolve(
        found, source_id=None, deleted_at=ctx.now, updated_at=ctx.now, version=found.version + 1
    )
    uow.replace(deleted)
    uow.append_event(catalog_event(EventType.CUSTOMER_DELETED, ctx, customer=found))
    return deleted


def require_live(customer: Customer, field: str) -> Customer:
    if customer.deleted_at is not None:
        raise errors.ResourceNotFound(
            f"customer {customer.id}",
            field=field,
            resource_id=customer.id,
            resource_type="customer",
        )
    return customer

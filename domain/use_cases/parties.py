"""Resolving the customer and the order a request names (DOMAIN.md 7.1).

Customers are upserted: a known `id` or `source_id` gets the sent attributes, an unknown
`source_id` creates a customer, an unknown `id` is `not_found`. Orders are found by `id`
or `source_id`; the stored data wins unless the request sends `items` or `amount`, which
then replace it (assumption on SPEC-DEFECT 14).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..model import errors, rules
from ..model.context import RequestContext
from ..model.customer import Customer
from ..model.order import Order, OrderItem, OrderStatus
from ..model.rules import FieldError
from ..ports import UnitOfWork
from .commands import CustomerInput, OrderInput, OrderItemInput


class Resolved(NamedTuple):
    """A customer or order as the request leaves it, and whether it must be written."""

    customer: Customer | None
    is_new: bool
    changed: bool


def customer_by_id(uow: UnitOfWork, customer_id: str, field: str = "customer.id") -> Customer:
    """The customer with that id; an unknown id is `not_found` (nothing is recorded)."""
    found = uow.get(Customer, customer_id)
    if found is None or found.deleted_at is not None:
        raise errors.ResourceNotFound(
            f"customer {customer_id}",
            field=field,
            resource_id=customer_id,
            resource_type="customer",
        )
    return found


def resolve_customer(
    uow: UnitOfWork, given: CustomerInput | None, tracking_id: str | None, ctx: RequestContext
) -> Resolved:
    if given is None and tracking_id is None:
        return Resolved(None, is_new=False, changed=False)
    if given is not None and given.id is not None:
        return _updated(customer_by_id(uow, given.id), given, ctx)
    source_id = given.source_id if given is not None and given.source_id else tracking_id
    if source_id is None:
        if given is not None and given.attributes():
            raise errors.InvalidPayload(
                "a customer needs an id or a source_id", field="customer.source_id"
            )
        return Resolved(None, is_new=False, changed=False)
    found = uow.find(Customer, "source_id", source_id)
    if found is not None:
        return _updated(found, given, ctx)
    attributes = given.attributes() if given is not None else {}
    try:
        created = Customer(
            id=ctx.ids.new_id("cust"), source_id=source_id, created_at=ctx.now, **attributes
        )
    except FieldError as error:
        raise errors.InvalidPayload(error.rule, field=f"customer.{error.field}") from error
    return Resolved(created, is_new=True, changed=True)


def _updated(found: Customer, given: CustomerInput | None, ctx: RequestContext) -> Resolved:
    if given is None:
        return Resolved(found, is_new=False, changed=False)
    try:
        updated = found.update(ctx.now, given.attributes())
    except FieldError as error:
        raise errors.InvalidPayload(error.rule, field=f"customer.{error.field}") from error
    return Resolved(updated, is_new=False, changed=updated is not found)


def find_order(uow: UnitOfWork, given: OrderInput) -> Order | None:
    """The stored order the input names, or None for a new one; unknown `id` is not_found."""
    if given.id is not None:
        found = uow.get(Order, given.id)
        if found is None:
            raise errors.ResourceNotFound(
                f"order {given.id}", field="order.id", resource_id=given.id, resource_type="order"
            )
        return found
    if given.source_id is not None:
        return uow.find(Order, "source_id", given.source_id)
    return None


def resolve_order(
    uow: UnitOfWork, given: OrderInput | None, customer: Customer | None, ctx: RequestContext
) -> tuple[Order | None, bool]:
    """The order this request works on, started for a new request, and whether it is new."""
    if given is None:
        return None, False
    status = given.status or OrderStatus.PAID
    stored = find_order(uow, given)
    try:
        items = _items(given.items) if given.items is not None else None
        amount = given.amount
        if amount is None and items is not None:
            amount = _sum_amounts(items)
        if stored is None:
            order = Order(
                id=ctx.ids.new_id("ord"),
                source_id=given.source_id,
                status=status,
                amount=amount,
                initial_amount=amount,
                items=items or (),
                metadata=dict(given.metadata or {}),
                customer_id=customer.id if customer else None,
                created_at=ctx.now,
                updated_at=ctx.now,
            )
            return order, True
        changes = _order_changes(stored, given, items, amount, customer)
        return rules.evolve(stored, **changes).start_request(status, ctx.now), False
    except FieldError as error:
        field = error.field if error.field.startswith("order.") else f"order.{error.field}"
        raise errors.InvalidPayload(error.rule, field=field) from error


def _order_changes(
    stored: Order,
    given: OrderInput,
    items: tuple[OrderItem, ...] | None,
    amount: int | None,
    customer: Customer | None,
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if items is not None or given.amount is not None:
        # Sent figures replace the stored ones; earlier discounts stay with the order.
        if items is not None:
            changes["items"] = _carry_item_discounts(stored.items, items)
        changes["amount"] = amount
    if given.metadata is not None:
        changes["metadata"] = {**stored.metadata, **given.metadata}
    if stored.customer_id is None and customer is not None:
        changes["customer_id"] = customer.id
    return changes


def _carry_item_discounts(
    old: tuple[OrderItem, ...], new: tuple[OrderItem, ...]
) -> tuple[OrderItem, ...]:
    if len(old) != len(new):
        if any(item.discount_amount for item in old):
            raise FieldError("items", "cannot change the items of an order that has item discounts")
        return new
    return tuple(
        rules.evolve(fresh, discount_amount=before.discount_amount)
        for before, fresh in zip(old, new, strict=True)
    )


def _items(given: tuple[OrderItemInput, ...]) -> tuple[OrderItem, ...]:
    built = []
    for index, item in enumerate(given):
        amount = item.amount
        if amount is None and item.price is not None and item.quantity is not None:
            amount = item.price * item.quantity
        try:
            built.append(
                OrderItem(
                    source_id=item.source_id,
                    product_id=item.product_id,
                    sku_id=item.sku_id,
                    related_object=item.related_object,
                    quantity=item.quantity,
                    price=item.price,
                    amount=amount,
                    product=item.product,
                    sku=item.sku,
                    metadata=dict(item.metadata or {}),
                )
            )
        except FieldError as error:
            raise FieldError(f"items[{index}].{error.field}", error.rule) from error
    return tuple(built)


def _sum_amounts(items: tuple[OrderItem, ...]) -> int | None:
    amounts = [item.amount for item in items if item.amount is not None]
    return sum(amounts) if amounts else None

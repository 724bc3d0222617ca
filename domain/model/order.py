"""The order a redemption applies to, and its discount bookkeeping (DOMAIN.md 3.4).

An `Order` keeps cumulative discounts (`discount_amount`, per-item `discount_amount`) and
the discounts applied by the latest request (`applied_discount_amount`). Totals are derived,
never stored, so they cannot disagree with their parts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, NamedTuple

import attrs

from . import limits, rules
from .rules import FieldError


class OrderStatus(StrEnum):
    CREATED = "CREATED"
    PAID = "PAID"
    CANCELED = "CANCELED"
    FULFILLED = "FULFILLED"


class OrderTotals(NamedTuple):
    """An order's derived totals (`Order.totals`)."""

    items_discount_amount: int
    total_discount_amount: int
    total_amount: int | None
    items_applied_discount_amount: int
    total_applied_discount_amount: int


@attrs.frozen(kw_only=True)
class OrderItem:
    """One order line: `amount` = price x quantity unless sent explicitly."""

    source_id: str | None = attrs.field(default=None, validator=rules.text)
    product_id: str | None = attrs.field(default=None, validator=rules.text)
    sku_id: str | None = attrs.field(default=None, validator=rules.text)
    related_object: str | None = None
    quantity: int | None = attrs.field(default=None, validator=rules.count)
    price: int | None = attrs.field(default=None, validator=rules.money)
    amount: int | None = attrs.field(default=None, validator=rules.money)
    discount_amount: int = attrs.field(default=0, validator=rules.money)
    applied_discount_amount: int = attrs.field(default=0, validator=rules.money)
    product: Mapping[str, Any] | None = None
    sku: Mapping[str, Any] | None = None
    metadata: Mapping[str, Any] = attrs.field(factory=dict, validator=rules.metadata)

    def __attrs_post_init__(self) -> None:
        if self.amount is not None and self.discount_amount > self.amount:
            raise FieldError("items.discount_amount", "must not exceed the item amount")
        if self.applied_discount_amount > self.discount_amount:
            raise FieldError("items.applied_discount_amount", "must not exceed discount_amount")

    @property
    def remaining(self) -> int:
        """What is still to pay for this line."""
        return (self.amount or 0) - self.discount_amount

    @property
    def subtotal_amount(self) -> int | None:
        if self.amount is None:
            return None
        return self.amount - self.discount_amount


@attrs.frozen(kw_only=True)
class OrderRedemptionEntry:
    """`order.redemptions[redemption_id]`: one redemption (or stack parent) on this order."""

    redemption_id: str
    date: datetime
    related_object_type: str
    related_object_id: str
    related_object_parent_id: str | None = None
    stacked: tuple[str, ...] = ()
    rollback_id: str | None = None
    rollback_date: datetime | None = None
    rollback_stacked: tuple[str, ...] = ()


def _items(_: object, __: object, value: tuple[OrderItem, ...]) -> None:
    if len(value) > limits.ORDER_ITEMS_MAX:
        raise FieldError("order.items", f"must have at most {limits.ORDER_ITEMS_MAX} items")


@attrs.frozen(kw_only=True)
class Order:
    """An order and every redemption applied to it."""

    unique_keys: ClassVar[tuple[str, ...]] = ("source_id",)
    index_keys: ClassVar[tuple[str, ...]] = ("customer_id",)

    id: str = attrs.field(validator=rules.identifier)
    source_id: str | None = attrs.field(default=None, validator=rules.text)
    status: OrderStatus = attrs.field(default=OrderStatus.PAID, validator=rules.kind(OrderStatus))
    amount: int | None = attrs.field(default=None, validator=rules.money)
    initial_amount: int | None = attrs.field(default=None, validator=rules.money)
    discount_amount: int = attrs.field(default=0, validator=rules.money)
    applied_discount_amount: int = attrs.field(default=0, validator=rules.money)
    items: tuple[OrderItem, ...] = attrs.field(default=(), validator=_items)
    metadata: Mapping[str, Any] = attrs.field(factory=dict, validator=rules.metadata)
    customer_id: str | None = None
    referrer_id: str | None = None
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    updated_at: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    redemptions: tuple[OrderRedemptionEntry, ...] = ()
    version: int = 0

    def __attrs_post_init__(self) -> None:
        if self.applied_discount_amount > self.discount_amount:
            raise FieldError("order.applied_discount_amount", "must not exceed discount_amount")
        if self.amount is not None and self.total_discount_amount > self.amount:
            raise FieldError("order.discount_amount", "discounts must not exceed the amount")

    # -- derived totals -----------------------------------------------------------------

    def totals(self) -> OrderTotals:
        """Every derived total at once, each sum taken once (what the encoders show)."""
        items_discount = self.items_discount_amount
        items_applied = self.items_applied_discount_amount
        total_discount = self.discount_amount + items_discount
        return OrderTotals(
            items_discount_amount=items_discount,
            total_discount_amount=total_discount,
            total_amount=None if self.amount is None else self.amount - total_discount,
            items_applied_discount_amount=items_applied,
            total_applied_discount_amount=self.applied_discount_amount + items_applied,
        )

    @property
    def items_discount_amount(self) -> int:
        if not self.items:
            return 0
        return sum(item.discount_amount for item in self.items)

    @property
    def items_applied_discount_amount(self) -> int:
        if not self.items:
            return 0
        return sum(item.applied_discount_amount for item in self.items)

    @property
    def total_discount_amount(self) -> int:
        return self.discount_amount + self.items_discount_amount

    @property
    def total_applied_discount_amount(self) -> int:
        return self.applied_discount_amount + self.items_applied_discount_amount

    @property
    def total_amount(self) -> int | None:
        if self.amount is None:
            return None
        return self.amount - self.total_discount_amount

    @property
    def remaining(self) -> int:
        """What is still to pay: the total, or 0 for an order without an amount."""
        return self.total_amount or 0

    def entry(self, redemption_id: str) -> OrderRedemptionEntry | None:
        for entry in self.redemptions:
            if entry.redemption_id == redemption_id:
                return entry
        return None

    # -- transitions --------------------------------------------------------------------

    def start_request(self, status: OrderStatus, at: datetime) -> Order:
        """A new redemption request: nothing applied by it yet."""
        return rules.evolve(
            self,
            status=status,
            applied_discount_amount=0,
            items=tuple(rules.evolve(item, applied_discount_amount=0) for item in self.items),
            updated_at=at,
            version=self.version + 1,
        )

    def apply(self, order_cents: int, item_cents: Sequence[int] = ()) -> Order:
        """One redeemable's discounts, already clamped by the caller to what is left to pay.

        The cumulative figures grow; the `applied_*` figures become this redeemable's share,
        so the result is the order as that redeemable left it (a child's snapshot).
        """
        items = self.items
        if item_cents or self.items_applied_discount_amount:
            extras = item_cents or [0] * len(self.items)
            items = tuple(
                rules.evolve(
                    item,
                    discount_amount=item.discount_amount + extra,
                    applied_discount_amount=extra,
                )
                for item, extra in zip(self.items, extras, strict=True)
            )
        return rules.evolve(
            self,
            discount_amount=self.discount_amount + order_cents,
            applied_discount_amount=order_cents,
            items=items,
        )

    def close(
        self,
        order_cents: int,
        item_cents: Sequence[int],
        total_order_cents: int,
        total_item_cents: Sequence[int],
        entry: OrderRedemptionEntry,
    ) -> Order:
        """Close a request in one transition: add its last redeemable's discounts, make
        `applied_*` the request's totals, and record its redemption entry."""
        items = self.items
        if item_cents or total_item_cents:
            extras = item_cents or [0] * len(items)
            totals = total_item_cents or [0] * len(items)
            items = tuple(
                rules.evolve(
                    item,
                    discount_amount=item.discount_amount + extra,
                    applied_discount_amount=total,
                )
                for item, extra, total in zip(items, extras, totals, strict=True)
            )
        return rules.evolve(
            self,
            discount_amount=self.discount_amount + order_cents,
            applied_discount_amount=total_order_cents,
            items=items,
            redemptions=(*self.redemptions, entry),
        )

    def revert(
        self,
        order_cents: int,
        item_cents: Sequence[int],
        entry: OrderRedemptionEntry,
        *,
        with_order: bool,
        at: datetime,
    ) -> Order:
        """Undo one redemption's discounts (WITH_ORDER) and mark its entry rolled back."""
        entries = tuple(
            entry if existing.redemption_id == entry.redemption_id else existing
            for existing in self.redemptions
        )
        if not with_order:
            return rules.evolve(self, redemptions=entries, updated_at=at, version=self.version + 1)
        items = self.items
        if len(item_cents) == len(items):
            items = tuple(
                rules.evolve(
                    item, discount_amount=item.discount_amount - cents, applied_discount_amount=0
                )
                for item, cents in zip(self.items, item_cents, strict=True)
            )
        return rules.evolve(
            self,
            status=OrderStatus.CANCELED,
            discount_amount=self.discount_amount - order_cents,
            applied_discount_amount=0,
            items=items,
            redemptions=entries,
            updated_at=at,
            version=self.version + 1,
        )

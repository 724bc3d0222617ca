"""The one store contract suite (STYLE P11), shared by every store.

`StoreHarness` is what the suite knows about a store: how to open it, and how to open it
again over the same data (a new `SQLiteStore` on the same file; the memory store has no
file, so "again" is the same instance). The entity builders make small valid domain
entities, so each test states only the fields it is about.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import attrs

from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.model.voucher import Voucher, VoucherType
from redemption_core.domain.ports import Store

T0 = datetime(2026, 1, 1, tzinfo=UTC)
"""The creation instant of every entity these tests build."""


class StoreHarness:
    """Opens stores of one kind over one backing (a file, or one memory store)."""

    def __init__(self, name: str, opener: Callable[[], Store], *, shares_instance: bool) -> None:
        self.name = name
        self._opener = opener
        self._shares_instance = shares_instance
        self._opened: list[Store] = []

    def open(self) -> Store:
        """A store over this harness's data; for the memory store, always the same one."""
        if self._shares_instance and self._opened:
            return self._opened[0]
        store = self._opener()
        self._opened.append(store)
        return store

    def reopen(self) -> Store:
        """A store as a restarted process would see the data: a new instance when it can be."""
        return self.open()

    def release(self, store: Store) -> None:
        """Close one store this harness opened (a shared memory store stays open): property
        tests open stores per example, and a PostgreSQL server admits only so many clients."""
        if self._shares_instance:
            return
        self._opened.remove(store)
        store.close()

    def close_all(self) -> None:
        for store in self._opened:
            store.close()


def customer(entity_id: str = "cust_1", source_id: str | None = None, **fields: Any) -> Customer:
    return Customer(id=entity_id, source_id=source_id, created_at=T0, **fields)


def voucher(
    entity_id: str = "v_1",
    code: str | None = None,
    *,
    campaign_id: str | None = None,
    holder_id: str | None = None,
) -> Voucher:
    """A discount voucher worth 1.00 off; `code` defaults to the id in capitals."""
    return Voucher(
        id=entity_id,
        code=code or entity_id.upper(),
        type=VoucherType.DISCOUNT_VOUCHER,
        discount=Discount(type=DiscountType.AMOUNT, amount_off=100),
        campaign_id=campaign_id,
        holder_id=holder_id,
        created_at=T0,
        metadata={"note": "contract", "ratio": str(Decimal("0.5"))},
    )


def successor(entity: Any, **changes: Any) -> Any:
    """The next version of `entity` with `changes`, as a domain transition would build it;
    `version=` overrides the version, to build a stale or skipped one."""
    changes.setdefault("version", entity.version + 1)
    return attrs.evolve(entity, **changes)

"""SQLite schema 2 (the catalog lifecycle, DOMAIN.md 17) on a database written by schema 1.

Goal: a database from before the lifecycle opens with its vouchers and customers listed in
the order they were written, and the new kinds (transactions, publications, sequences) work
on it. Method: write a schema-1 database with the shipped first step only, reopen it with
every step, and read the lists back through the `Ledger`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.adapters.sqlite import migrations as migrations_module
from redemption_core.domain.catalog_commands import BalanceAdjustment, ListQuery
from redemption_core.domain.commands import VoucherInput
from redemption_core.domain.ledger import Ledger
from redemption_core.domain.ports import UnitOfWork
from redemption_core.domain.voucher import VoucherType
from tests.contract import customer, voucher


class TestSchemaTwoOverSchemaOne:
    def test_existing_vouchers_and_customers_join_their_lists_in_order(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The backfill keeps insertion order; new entities go after them."""
        # given a schema-1 database with two vouchers and two customers
        path = tmp_path / "old.db"
        first_step = migrations_module.MIGRATIONS[:1]
        with monkeypatch.context() as patch:
            patch.setattr(migrations_module, "MIGRATIONS", first_step)
            patch.setattr(migrations_module, "SCHEMA_VERSION", 1)
            old = SQLiteStore(path)

            def seed(uow: UnitOfWork) -> None:
                uow.add(voucher("v_1", "OLD-1"))
                uow.add(voucher("v_2", "OLD-2"))
                uow.add(customer("cust_1", "first"))
                uow.add(customer("cust_2", "second"))

            old.transact(seed)
            old.close()
        # when it is opened by this release and a card is added
        ledger = Ledger(SQLiteStore(path))
        ledger.create_voucher(VoucherInput(type=VoucherType.GIFT_VOUCHER, gift_amount=5), "NEW")
        ledger.adjust_balance("NEW", BalanceAdjustment(amount=5))
        # then the lists hold the old rows in their order, the new one first
        codes = [item.code for item in ledger.list_vouchers(ListQuery()).items]
        sources = [item.source_id for item in ledger.list_customers(ListQuery()).items]
        assert codes == ["NEW", "OLD-2", "OLD-1"]
        assert sources == ["second", "first"]
        assert ledger.voucher_transactions("NEW")[1].transactions[0].balance == 10
        ledger.store.close()

"""The SQLite lifecycle step (schema 4, DOMAIN.md 17) on a database written by schema 1.

Goal: a database from before the lifecycle opens with its vouchers and customers listed in
the order they were written, and the new kinds (transactions, publications, sequences) work
on it. Method: open the schema-1 database release 1 wrote (tests/data/ledger_v1) with every
step, and read the lists back through the `Ledger`.
"""

from __future__ import annotations

import gzip
import sqlite3
from contextlib import closing
from pathlib import Path

from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.domain.model.voucher import VoucherType
from redemption_core.domain.use_cases.catalog_commands import BalanceAdjustment, ListQuery
from redemption_core.domain.use_cases.commands import VoucherInput
from redemption_core.domain.use_cases.ledger import Ledger

LEDGER_V1 = Path(__file__).parent / "data" / "ledger_v1" / "ledger_v1.db.gz"


class TestTheLifecycleStepOverSchemaOne:
    def test_existing_vouchers_and_customers_join_their_lists_in_order(
        self, tmp_path: Path
    ) -> None:
        """The backfill keeps insertion order; new entities go after them."""
        # given the database release 1 wrote (tests/data/ledger_v1), and the order in which
        # it stored its vouchers and customers
        path = tmp_path / "ledger_v1.db"
        path.write_bytes(gzip.decompress(LEDGER_V1.read_bytes()))
        with closing(sqlite3.connect(path)) as connection:
            stored_codes = [code for (code,) in connection.execute(
                "SELECT json_extract(body, '$.code') FROM vouchers ORDER BY seq")]
            stored_sources = [source for (source,) in connection.execute(
                "SELECT json_extract(body, '$.source_id') FROM customers ORDER BY seq")]
        assert len(stored_codes) >= 2 and len(stored_sources) >= 2
        # when it is opened by this release and a card is added
        ledger = Ledger(SQLiteStore(path))
        ledger.create_voucher(VoucherInput(type=VoucherType.GIFT_VOUCHER, gift_amount=5), "NEW")
        ledger.adjust_balance("NEW", BalanceAdjustment(amount=5))
        # then the lists hold the old rows in their order (newest first), the new one first
        limit = min(len(stored_codes) + 1, 100)
        codes = [item.code for item in ledger.list_vouchers(ListQuery(limit=limit)).items]
        sources = [item.source_id for item in ledger.list_customers(
            ListQuery(limit=min(len(stored_sources), 100))).items]
        assert codes == ["NEW", *reversed(stored_codes)][:limit]
        assert sources == list(reversed(stored_sources))[:100]
        assert ledger.voucher_transactions("NEW")[1].transactions[0].balance == 10
        ledger.store.close()

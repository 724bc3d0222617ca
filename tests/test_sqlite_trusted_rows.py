"""Rows the SQLite store wrote are trusted within its process; any other row is checked.

Method: a real store on a temporary file. A row this store wrote reads back as the very
entity it wrote (no decoding); the same row changed behind the store's back, even at the
same version, is decoded through the constructors again, so a corrupted value fails on
read naming the table, the id and the rule, and a valid change reads back as stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from redemption_core.adapters.sqlite import CorruptRow, SQLiteStore
from redemption_core.adapters.sqlite.codec import TRUSTED_ROWS_MAX
from redemption_core.domain.model.voucher import Voucher
from tests.contract import voucher


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    opened = SQLiteStore(tmp_path / "trusted.db")
    try:
        yield opened
    finally:
        opened.close()


def _written(store: SQLiteStore) -> Voucher:
    written = voucher("v_1", code="GIFT")
    with store.unit_of_work() as uow:
        uow.add(written)
        uow.commit()
    return written


def _set_body(store: SQLiteStore, body_sql: str) -> None:
    connection = sqlite3.connect(store.path)
    try:
        connection.execute(f"UPDATE vouchers SET body = {body_sql} WHERE id = 'v_1'")
        connection.commit()
    finally:
        connection.close()


class TestTrustedRows:
    def test_a_row_this_store_wrote_reads_back_as_the_entity_written(self, store):
        """Version and text unchanged: the written entity itself comes back."""
        # given
        written = _written(store)
        # when
        with store.unit_of_work() as uow:
            found = uow.get(Voucher, "v_1")
        # then
        assert found is written

    def test_a_row_corrupted_behind_the_store_fails_on_read(self, store):
        """Same id and version, other text: decoded again, and the broken rule is named."""
        # given
        _written(store)
        _set_body(store, "json_set(body, '$.redeemed_quantity', -1)")
        # when / then
        with store.unit_of_work() as uow, pytest.raises(CorruptRow) as failed:
            uow.get(Voucher, "v_1")
        assert "'vouchers'" in str(failed.value)
        assert "v_1" in str(failed.value)

    def test_a_valid_row_changed_behind_the_store_reads_as_stored(self, store):
        """Another writer's row is read through the constructors, never the memory."""
        # given
        written = _written(store)
        _set_body(store, "json_set(body, '$.metadata', json_object('from', 'elsewhere'))")
        # when
        with store.unit_of_work() as uow:
            found = uow.get(Voucher, "v_1")
        # then
        assert found is not written
        assert found.metadata == {"from": "elsewhere"}

    def test_the_rows_trusted_are_bounded(self, store):
        """Past the bound, the oldest rows are decoded again (and still read equal)."""
        # given
        first = _written(store)
        with store.unit_of_work() as uow:
            for number in range(2, TRUSTED_ROWS_MAX + 2):
                uow.add(voucher(f"v_{number}"))
            uow.commit()
        # when
        with store.unit_of_work() as uow:
            found = uow.get(Voucher, "v_1")
        # then
        assert found is not first
        assert found == first

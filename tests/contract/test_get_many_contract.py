"""`UnitOfWork.get_many`: a page's records in one read, on every store.

Goal: the batch read answers exactly what one `get` per id would, so a caller may swap
one for the other. Method: vouchers and customers committed, then read by sets of ids that
mix present, absent, repeated and other-kind ids, committed and staged in the same unit.
"""

from __future__ import annotations

from redemption_core.domain.model.customer import Customer
from redemption_core.domain.model.voucher import Voucher
from tests.contract import customer, voucher
from tests.contract.test_store_contract import add_committed


class TestGetMany:
    def test_it_reads_what_get_reads_by_id(self, store):
        """Present ids by id; absent ids, and ids of another kind, left out."""
        # given
        add_committed(store, voucher("v_1"), voucher("v_2"), customer("cust_1"))
        # when
        with store.unit_of_work() as uow:
            found = uow.get_many(Voucher, ["v_2", "v_missing", "cust_1", "v_1", "v_2"])
            one_by_one = {key: uow.get(Voucher, key) for key in ("v_1", "v_2")}
        # then
        assert dict(found) == one_by_one
        assert set(found) == {"v_1", "v_2"}

    def test_no_ids_read_nothing(self, store):
        with store.unit_of_work() as uow:
            assert dict(uow.get_many(Customer, [])) == {}

    def test_a_unit_reads_its_own_staged_entities(self, store):
        """As `get`: what the unit added, before it commits."""
        # given
        add_committed(store, voucher("v_1"))
        with store.unit_of_work() as uow:
            uow.add(voucher("v_new"))
            # when
            found = uow.get_many(Voucher, ["v_1", "v_new"])
            # then
            assert set(found) == {"v_1", "v_new"}

    def test_many_ids_are_read_past_any_statement_limit(self, store):
        """More ids than one SQL statement binds (SQLite's batches of 500)."""
        # given
        made = [voucher(f"v_{index}") for index in range(1_234)]
        add_committed(store, *made)
        # when
        with store.unit_of_work() as uow:
            found = uow.get_many(Voucher, [item.id for item in made])
        # then
        assert len(found) == len(made)
        assert found["v_1233"] == made[-1]

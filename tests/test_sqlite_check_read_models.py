"""`redemption-core check` compares the counters kept at write time with the records.

Goal: a customer's or a campaign's counters that drifted from the records they count
(changed behind the store, or written by a bug) are a finding, not served silently.
Method: a real SQLite file with campaign and standalone redemptions by two customers and a
rollback; `check` finds it healthy; then one counters row at a time is changed behind the
store (with `json_set`, which the constructors still accept) and `check` names it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from redemption_core import (
    CampaignInput,
    CustomerInput,
    Discount,
    DiscountType,
    Ledger,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RollbackCommand,
    VoucherInput,
)
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.adapters.sqlite.check import check_database


def _redeem(ledger: Ledger, code: str, customer: str) -> str:
    made = ledger.redeem(RedeemCommand(
        redeemables=(RedeemableInput(object=RedeemableKind.VOUCHER, id=code),),
        order=OrderInput(amount=5_000), customer=CustomerInput(source_id=customer)))
    return made.redemptions[0].id


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Given campaign Spring's voucher redeemed by ann twice (one rolled back) and by ben,
    and a standalone voucher redeemed by ben."""
    path = tmp_path / "ledger.db"
    with SQLiteStore(path) as store:
        ledger = Ledger(store)
        spring, _ = ledger.create_campaign(
            CampaignInput(name="Spring", campaign_type="DISCOUNT_COUPONS"))
        off = Discount(type=DiscountType.AMOUNT, amount_off=100)
        ledger.create_voucher(VoucherInput(code="S-1", campaign_id=spring.id, discount=off))
        ledger.create_voucher(VoucherInput(code="ALONE", discount=off))
        first = _redeem(ledger, "S-1", "ann")
        _redeem(ledger, "S-1", "ann")
        _redeem(ledger, "S-1", "ben")
        _redeem(ledger, "ALONE", "ben")
        ledger.rollback(RollbackCommand(redemption_id=first))
    return path


def _change(path: Path, sql: str) -> None:
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        changed = connection.execute(sql).rowcount
    assert changed == 1


def _read_models_lines(path: Path) -> list[str]:
    lines = check_database(str(path)).lines()
    start = next(index for index, line in enumerate(lines) if "read models:" in line)
    return lines[start:]


class TestCheckComparesTheKeptCounters:
    def test_counters_that_agree_with_their_records_are_healthy(self, path: Path) -> None:
        report = check_database(str(path))
        assert report.healthy, report.lines()
        assert "  read models: ok (counters of 2 customers and 1 campaigns)" in (
            report.lines())

    def test_a_customers_counters_changed_behind_the_store_are_found(self, path: Path) -> None:
        # when ann's counters claim one more failure
        _change(path, "UPDATE customer_counters SET body = json_set(body, '$.failed', 1) "
                      "WHERE rowid = (SELECT min(rowid) FROM customer_counters)")
        # then
        found = "\n".join(_read_models_lines(path))
        assert "read models: 1 FINDINGS" in found
        assert "counters {redeemed 2, failed 1, succeeded 2, rolled_back 1" in found
        assert "but its records add up to {redeemed 2, succeeded 2, rolled_back 1" in found

    def test_a_campaigns_counters_changed_behind_the_store_are_found(self, path: Path) -> None:
        # when Spring's counters claim a third standing redemption
        _change(path, "UPDATE campaign_counters SET body = json_set(body, "
                      "'$.redemptions_count', 3)")
        # then: 2 standing redemptions (ann's second, ben's), 2 customers, 2 orders of 5 000
        found = "\n".join(_read_models_lines(path))
        assert "(3, 2, 10000, 200) but its records add up to (2, 2, 10000, 200)" in found

    def test_a_lost_pair_count_is_found(self, path: Path) -> None:
        # when ben's count in Spring is deleted behind the store
        _change(path, "DELETE FROM campaign_customer_counters WHERE rowid = "
                      "(SELECT max(rowid) FROM campaign_customer_counters)")
        # then
        found = "\n".join(_read_models_lines(path))
        assert "no count kept, 1 standing redemptions in the records" in found

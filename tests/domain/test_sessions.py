"""Session locks (DOMAIN.md 16.2) through the embedded `Ledger`.

Goal: a validation with `session: LOCK` reserves a use, gift credits or loyalty points that
count against everyone else; a redemption with the same key uses its reservation and ends
it; release and the clock end it too; another process on the same SQLite file sees it.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from redemption_core import (
    CustomerInput,
    Discount,
    DiscountType,
    Ledger,
    OrderInput,
    RedeemCommand,
    RollbackCommand,
    SteppingClock,
    VoucherInput,
    errors,
)
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.domain.model.redemption import Redemption, Result
from redemption_core.domain.use_cases.sessions import SessionInput, SessionLock, TtlUnit
from redemption_core.domain.use_cases.validation import ValidationResult
from tests.conftest import Build


def lock(key: str | None = None, ttl: int | None = None,
         unit: TtlUnit | None = None) -> SessionInput:
    return SessionInput(key=key, ttl=ttl, ttl_unit=unit)


def validate(build: Build, *redeemables, amount: int = 10_000, session: SessionInput | None = None,
             customer: str | None = None) -> ValidationResult:
    who = CustomerInput(source_id=customer) if customer else None
    return build.ledger.validate(RedeemCommand(
        redeemables=redeemables, order=OrderInput(amount=amount), customer=who, session=session))


class TestQuantityLocks:
    def test_two_locks_use_a_quantity_of_two(self, build: Build):
        """Quantity 2: two LOCK sessions succeed; a third validation and a redemption without
        a session get quantity_exceeded; the first session's redemption succeeds and ends
        that session; releasing the second frees a use."""
        # given
        build.discount_voucher("Q2", amount_off=500, quantity=2)
        first = validate(build, build.use("Q2"), session=lock("first"))
        second = validate(build, build.use("Q2"), session=lock("second"))
        # when
        third = validate(build, build.use("Q2"), session=lock("third"))
        # then
        assert (first.valid, second.valid, third.valid) == (True, True, False)
        assert third.redeemables[0].error.code == "quantity_exceeded"
        assert third.session is None
        with pytest.raises(errors.QuantityExceeded):
            build.redeem(build.use("Q2"), amount=10_000)
        # when the first session redeems
        result = build.redeem(build.use("Q2"), amount=10_000, session=lock("first"))
        # then it succeeds and its lock is gone
        assert result.redemptions[0].voucher.redeemed_quantity == 1
        with pytest.raises(errors.ResourceNotFound) as gone:
            build.ledger.release_session("Q2", "first")
        assert gone.value.resource_type == "session"
        # when the second session is released
        build.ledger.release_session("Q2", "second")
        # then a redemption without a session finds the freed use
        freed = build.redeem(build.use("Q2"), amount=10_000)
        assert freed.redemptions[0].voucher.redeemed_quantity == 2

    def test_a_lock_replaced_with_the_same_key_holds_one_use(self, build: Build):
        """Validating twice with one key replaces the session: still one use reserved."""
        # given
        build.discount_voucher("Q2", amount_off=500, quantity=2)
        validate(build, build.use("Q2"), session=lock("same"))
        # when
        again = validate(build, build.use("Q2"), session=lock("same"))
        other = validate(build, build.use("Q2"), session=lock("other"))
        # then
        assert again.valid and other.valid
        assert not validate(build, build.use("Q2")).valid

    def test_a_generated_key_has_voucherifys_shape(self, build: Build):
        """No key given: `ssn_` and 32 characters, echoed with the 7-day default ttl."""
        # given
        build.discount_voucher("Q1", amount_off=500, quantity=1)
        # when
        result = validate(build, build.use("Q1"), session=lock())
        # then
        assert result.session is not None
        assert result.session.key.startswith("ssn_") and len(result.session.key) == 36
        assert (result.session.ttl, result.session.ttl_unit) == (7, TtlUnit.DAYS)

    def test_an_invalid_validation_opens_no_session(self, build: Build):
        """A validation that fails locks nothing."""
        # given
        build.discount_voucher("OFF", amount_off=500, quantity=1, active=False)
        # when
        result = validate(build, build.use("OFF"), session=lock("s"))
        # then
        assert not result.valid and result.session is None
        assert build.records(SessionLock) == []

    def test_a_failed_redemption_leaves_the_session_in_place(self, build: Build):
        """A redemption with the key that fails (no order amount for a gift) keeps the lock."""
        # given
        build.gift_card("G", 5_000)
        validate(build, build.use_gift("G", 1_000), session=lock("s"))
        # when
        with pytest.raises(errors.MissingOrder):
            build.ledger.redeem(RedeemCommand(redeemables=(build.use_gift("G", 1_000),),
                                              session=lock("s")))
        # then
        build.ledger.release_session("G", "s")


class TestRedemptionsNameTheirSession:
    def test_a_redemption_that_used_a_lock_names_its_key(self, build: Build):
        """Locked, then redeemed with the key: the redemption says `session.key`."""
        # given
        build.gift_card("GIFT", 5_000)
        validate(build, build.use_gift("GIFT", 2_000), session=lock("cart-1"))
        # when
        result = build.redeem(build.use_gift("GIFT", 2_000), amount=10_000,
                              session=lock("cart-1"))
        # then
        [redeemed] = result.redemptions
        assert redeemed.session_key == "cart-1"
        assert build.ledger.get_redemption(redeemed.id).session_key == "cart-1"

    def test_a_key_that_names_no_live_lock_is_an_ordinary_redemption(self, build: Build,
                                                                       clock: SteppingClock):
        """An unknown key, or a lock expired before the redemption: no `session`."""
        # given
        build.discount_voucher("D", amount_off=100)
        validate(build, build.use("D"), session=lock("short", 1, TtlUnit.MINUTES))
        clock.advance(timedelta(minutes=1))
        # when
        expired = build.redeem(build.use("D"), amount=10_000, session=lock("short"))
        unknown = build.redeem(build.use("D"), amount=10_000, session=lock("nobody"))
        # then
        assert expired.redemptions[0].session_key is None
        assert unknown.redemptions[0].session_key is None

    def test_a_failed_redemption_did_not_use_the_lock(self, build: Build):
        """The lock stays in place, and the failure record names no session."""
        # given
        build.gift_card("GIFT", 1_000)
        validate(build, build.use_gift("GIFT", 500), session=lock("cart"))
        # when
        with pytest.raises(errors.GiftAmountExceeded):
            build.redeem(build.use_gift("GIFT", 5_000), amount=10_000, session=lock("cart"))
        # then
        [failed] = build.records(Redemption)
        assert failed.result is Result.FAILURE and failed.session_key is None
        build.ledger.release_session("GIFT", "cart")


class TestBalanceLocks:
    def test_a_gift_lock_leaves_the_rest_to_others(self, build: Build):
        """Gift card 5,000 with a 3,000 lock: others may take 2,000, not 2,001."""
        # given
        build.gift_card("GIFT", 5_000)
        assert validate(build, build.use_gift("GIFT", 3_000), session=lock("cart")).valid
        # when
        too_much = validate(build, build.use_gift("GIFT", 2_001))
        # then
        assert too_much.redeemables[0].error.code == "gift_amount_exceeded"
        with pytest.raises(errors.GiftAmountExceeded):
            build.redeem(build.use_gift("GIFT", 2_001), amount=10_000)
        taken = build.redeem(build.use_gift("GIFT", 2_000), amount=10_000)
        assert taken.redemptions[0].voucher.gift.balance == 3_000
        # and the session still takes its 3,000
        mine = build.redeem(build.use_gift("GIFT", 3_000), amount=10_000, session=lock("cart"))
        assert mine.redemptions[0].voucher.gift.balance == 0

    def test_a_points_lock_counts_against_others(self, build: Build):
        """A card of 1,000 points with 800 locked: another spend of 300 points fails."""
        # given
        _, reward = build.loyalty_card("CARD", 1_000)
        assert validate(build, build.use_points("CARD", reward, 800), customer="alice",
                        session=lock("pts")).valid
        # when
        other = validate(build, build.use_points("CARD", reward, 300), customer="alice")
        # then
        assert other.redeemables[0].error.code == "loyalty_card_points_exceeded"
        assert validate(build, build.use_points("CARD", reward, 200), customer="alice").valid


class TestExpiry:
    def test_an_expired_lock_counts_for_nothing(self, build: Build, clock: SteppingClock):
        """A 10-minute lock on the last use: after the clock moves 10 minutes it is gone."""
        # given
        build.discount_voucher("Q1", amount_off=500, quantity=1)
        validate(build, build.use("Q1"), session=lock("s", 10, TtlUnit.MINUTES))
        assert not validate(build, build.use("Q1")).valid
        # when
        clock.advance(timedelta(minutes=10))
        # then
        assert validate(build, build.use("Q1"), session=lock("t")).valid
        with pytest.raises(errors.ResourceNotFound):
            build.ledger.release_session("Q1", "s")

    def test_rolling_back_never_re_creates_a_lock(self, build: Build):
        """The session's redemption rolled back: the use returns, no lock does."""
        # given
        build.discount_voucher("Q1", amount_off=500, quantity=1)
        validate(build, build.use("Q1"), session=lock("s"))
        done = build.redeem(build.use("Q1"), amount=10_000, session=lock("s"))
        # when
        build.ledger.rollback(RollbackCommand(redemption_id=done.redemptions[0].id))
        # then
        assert validate(build, build.use("Q1")).valid
        assert all(found.released_at is not None for found in build.records(SessionLock))


class TestBadSessions:
    @pytest.mark.parametrize(("ttl", "unit"), [(0, None), (-1, TtlUnit.HOURS), (31, TtlUnit.DAYS),
                                               (30 * 24 + 1, TtlUnit.HOURS)])
    def test_a_ttl_outside_its_bounds_is_refused_and_nothing_is_stored(self, build: Build,
                                                                       ttl, unit):
        """ttl ≤ 0 or beyond SESSION_TTL_SECONDS_MAX (30 days): 400 naming session.ttl."""
        # given
        build.discount_voucher("Q1", amount_off=500, quantity=1)
        # when
        with pytest.raises(errors.InvalidPayload) as refused:
            validate(build, build.use("Q1"), session=lock("s", ttl, unit))
        # then
        assert refused.value.field == "session.ttl"
        assert build.records(SessionLock) == []

    def test_thirty_days_is_the_longest_ttl(self, build: Build):
        """SESSION_TTL_SECONDS_MAX at the bound is accepted."""
        # given
        build.discount_voucher("Q1", amount_off=500, quantity=1)
        # when
        result = validate(build, build.use("Q1"), session=lock("s", 30, TtlUnit.DAYS))
        # then
        assert result.valid and result.session is not None

    def test_releasing_an_unknown_voucher_names_the_voucher(self, build: Build):
        """404 with resource_type voucher."""
        with pytest.raises(errors.ResourceNotFound) as missing:
            build.ledger.release_session("NOPE", "s")
        assert missing.value.resource_type == "voucher"


OTHER_PROCESS = """
import sys
from redemption_core import Ledger, OrderInput, RedeemableInput, RedeemableKind, RedeemCommand
from redemption_core.adapters.sqlite import SQLiteStore
from redemption_core.domain.use_cases.sessions import SessionInput
ledger = Ledger(SQLiteStore(sys.argv[1]))
command = RedeemCommand(redeemables=(RedeemableInput(object=RedeemableKind.VOUCHER, id="Q1"),),
                        order=OrderInput(amount=10000),
                        session=SessionInput(key=sys.argv[2]) if sys.argv[2] else None)
result = ledger.validate(command)
print("valid" if result.valid else result.redeemables[0].error.code)
"""


class TestSharedDatabase:
    def test_two_processes_on_one_sqlite_file_see_each_others_locks(self, tmp_path: Path):
        """A lock taken in another process holds here, and ours holds there."""
        # given
        path = tmp_path / "shared.db"
        # The real clock: the other process has no other.
        ledger = Ledger(SQLiteStore(path))
        ledger.create_voucher(VoucherInput(
            code="Q1", quantity=1, discount=Discount(type=DiscountType.AMOUNT, amount_off=500)))

        def other(key: str) -> str:
            done = subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(path), key],
                                  capture_output=True, text=True, check=True, timeout=120)
            return done.stdout.strip()

        # when the other process locks the last use
        assert other("theirs") == "valid"
        # then this process cannot take it
        mine = ledger.validate(RedeemCommand(redeemables=(Build.use("Q1"),),
                                             order=OrderInput(amount=10_000)))
        assert mine.redeemables[0].error.code == "quantity_exceeded"
        # and when this process releases it and locks it itself, the other one sees that
        ledger.release_session("Q1", "theirs")
        assert ledger.validate(RedeemCommand(redeemables=(Build.use("Q1"),),
                                             order=OrderInput(amount=10_000),
                                             session=lock("mine"))).valid
        assert other("") == "quantity_exceeded"
        ledger.store.close()


class TestMemberRewardRedemption:
    def test_locked_points_count_against_a_reward_redemption(self, build: Build):
        """A card of 1,000 points with 900 locked cannot pay a reward of 200 points."""
        from redemption_core import OrderInput as Order
        from redemption_core.domain.use_cases.commands import MemberRedemptionCommand
        # given
        _, reward = build.loyalty_card("CARD", 1_000)
        assert validate(build, build.use_points("CARD", reward, 900), customer="alice",
                        session=lock("pts")).valid
        # when
        with pytest.raises(errors.LoyaltyCardPointsExceeded):
            build.ledger.redeem_reward(MemberRedemptionCommand(
                member_id="CARD", reward_id=reward.id, points=200, order=Order(amount=50_000)))
        # then
        build.ledger.release_session("CARD", "pts")
        done = build.ledger.redeem_reward(MemberRedemptionCommand(
            member_id="CARD", reward_id=reward.id, points=200, order=Order(amount=50_000)))
        assert done.voucher.loyalty_card.balance == 800


class TestConcurrentLocks:
    def test_racing_validations_lock_the_last_use_once(self, tmp_path: Path):
        """Eight threads validate with LOCK on a quantity of 1 on one SQLite file: exactly
        one session gets it (locks are written under the store's writer lock)."""
        import threading
        # given
        ledger = Ledger(SQLiteStore(tmp_path / "race.db", busy_timeout_ms=30_000))
        ledger.create_voucher(VoucherInput(
            code="Q1", quantity=1, discount=Discount(type=DiscountType.AMOUNT, amount_off=5)))
        start = threading.Barrier(8)
        results: list[bool] = []

        def racer(index: int) -> None:
            start.wait()
            verdict = ledger.validate(RedeemCommand(
                redeemables=(Build.use("Q1"),), order=OrderInput(amount=100),
                session=lock(f"s{index}")))
            results.append(verdict.valid)

        threads = [threading.Thread(target=racer, args=(index,)) for index in range(8)]
        # when
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # then
        assert sorted(results) == [False] * 7 + [True]
        ledger.store.close()

"""Aggregate states and transitions (DOMAIN.md 6.1, 3.5; STYLE P3, P4).

Goal: show that a `Redemption` changes only through `roll_back` (SUCCEEDED -> ROLLED_BACK),
that its `result` never changes, that validators refuse every inconsistent combination of
id prefix, result, status, failure code and rollback references, that a `RedemptionRollback`
is an immutable record, and that a `Voucher` guards its balance identities on every
construction (so every `evolve`-based transition re-checks them).
Method: construct the frozen attrs classes directly (valid and invalid), drive the
transitions, and check a few properties with Hypothesis.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from redemption_core import (
    Redemption,
    RedemptionRollback,
    RedemptionStatus,
    Result,
    RollbackCommand,
    Voucher,
    VoucherType,
    errors,
)
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.model.order import Order
from redemption_core.domain.model.redemption import RelatedObjectType, RelatedRef
from redemption_core.domain.model.redemption_rollback import RollbackStatus
from redemption_core.domain.model.rules import FieldError
from redemption_core.domain.model.settings import DEFAULT_CHANNEL
from redemption_core.domain.model.voucher import GiftCredits, LoyaltyPoints

AT = datetime(2026, 1, 1, tzinfo=UTC)


def redemption(**changes: Any) -> Redemption:
    """A valid SUCCEEDED single redemption, with `changes` applied."""
    fields: dict[str, Any] = {
        "id": "r_000000000000000001",
        "date": AT,
        "result": Result.SUCCESS,
        "status": RedemptionStatus.SUCCEEDED,
        "related_object_type": RelatedObjectType.VOUCHER,
        "related_object_id": "v_1",
        "channel": DEFAULT_CHANNEL,
    }
    return Redemption(**(fields | changes))


def rollback_record(**changes: Any) -> RedemptionRollback:
    """A valid SUCCEEDED rollback record, with `changes` applied."""
    fields: dict[str, Any] = {
        "id": "rr_000000000000000002",
        "date": AT,
        "result": Result.SUCCESS,
        "status": RollbackStatus.SUCCEEDED,
        "redemption_id": "r_000000000000000001",
        "related_object_type": RelatedObjectType.VOUCHER,
        "related_object_id": "v_1",
        "channel": DEFAULT_CHANNEL,
    }
    return RedemptionRollback(**(fields | changes))


def gift_voucher(amount: int = 5000, **changes: Any) -> Voucher:
    fields: dict[str, Any] = {
        "id": "v_1", "code": "GIFT", "type": VoucherType.GIFT_VOUCHER,
        "gift": GiftCredits(amount=amount, balance=amount), "created_at": AT,
    }
    return Voucher(**(fields | changes))


def loyalty_voucher(points: int = 1000, **changes: Any) -> Voucher:
    fields: dict[str, Any] = {
        "id": "v_2", "code": "CARD", "type": VoucherType.LOYALTY_CARD,
        "loyalty_card": LoyaltyPoints(points=points, balance=points), "created_at": AT,
    }
    return Voucher(**(fields | changes))


REF = RelatedRef("rr_000000000000000002", AT)


class TestRedemptionRollBack:
    def test_roll_back_moves_succeeded_to_rolled_back_and_keeps_the_result(self):
        """The one transition: status ROLLED_BACK, result SUCCESS, the rollback referenced."""
        # given
        before = redemption()
        # when
        after = before.roll_back(REF, None)
        # then
        assert (after.result, after.status) == (Result.SUCCESS, RedemptionStatus.ROLLED_BACK)
        assert after.rollbacks == (REF,)
        assert after.version == before.version + 1
        assert before.status is RedemptionStatus.SUCCEEDED

    def test_a_rolled_back_redemption_cannot_be_rolled_back_again(self):
        """ROLLED_BACK is terminal: a second roll_back is a broken invariant, not a code."""
        # given
        rolled_back = redemption().roll_back(REF, None)
        # when / then
        with pytest.raises(errors.InvariantViolation):
            rolled_back.roll_back(RelatedRef("rr_000000000000000003", AT), None)

    def test_a_failed_redemption_cannot_be_rolled_back(self):
        """FAILED is terminal."""
        # given
        failed = redemption(id="rf_000000000000000001", result=Result.FAILURE,
                            status=RedemptionStatus.FAILED, failure_code="voucher_disabled")
        # when / then
        with pytest.raises(errors.InvariantViolation):
            failed.roll_back(REF, None)

    def test_roll_back_is_the_only_transition(self):
        """The public methods of a Redemption are its queries and `roll_back`."""
        # given
        public = {
            name for name, value in vars(Redemption).items()
            if callable(value) and not name.startswith("_")
        }
        # when / then
        assert public == {"roll_back"}

    def test_the_result_cannot_be_changed_by_evolve(self):
        """`evolve` re-runs the validators: SUCCESS cannot become FAILURE on an `r_`."""
        # given
        succeeded = redemption()
        # when / then
        with pytest.raises(FieldError):
            attrs.evolve(succeeded, result=Result.FAILURE)

    def test_a_redemption_is_frozen(self):
        """No attribute can be assigned after construction."""
        # given
        succeeded = redemption()
        # when / then
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            succeeded.status = RedemptionStatus.ROLLED_BACK  # type: ignore[misc]


class TestRedemptionValidators:
    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"id": "rf_000000000000000001"}, "id"),
            ({"result": Result.FAILURE, "status": RedemptionStatus.FAILED,
              "failure_code": "x"}, "id"),
            ({"status": RedemptionStatus.FAILED}, "status"),
            ({"id": "rf_1", "result": Result.FAILURE, "status": RedemptionStatus.ROLLED_BACK,
              "failure_code": "x"}, "status"),
            ({"id": "rf_1", "result": Result.FAILURE, "status": RedemptionStatus.FAILED},
             "failure_code"),
            ({"failure_code": "voucher_disabled"}, "failure_code"),
            ({"status": RedemptionStatus.ROLLED_BACK}, "related_redemptions.rollbacks"),
            ({"rollbacks": (REF,)}, "related_redemptions.rollbacks"),
            ({"related_object_type": RelatedObjectType.REDEMPTION, "parent_id": "r_2"},
             "redemption"),
            ({"amount": -1}, "amount"),
            ({"date": datetime(2026, 1, 1)}, "date"),
        ],
    )
    def test_an_inconsistent_redemption_is_refused_naming_the_field(self, changes, field):
        """Each broken rule raises a FieldError (a ValueError) that names its field."""
        # given / when
        with pytest.raises(FieldError) as raised:
            redemption(**changes)
        # then
        assert raised.value.field == field
        assert isinstance(raised.value, ValueError)

    @given(
        result=st.sampled_from(Result),
        status=st.sampled_from(RedemptionStatus),
    )
    def test_only_the_documented_result_and_status_pairs_exist(self, result, status):
        """SUCCESS pairs with SUCCEEDED or ROLLED_BACK, FAILURE with FAILED, nothing else."""
        # given
        allowed = {
            (Result.SUCCESS, RedemptionStatus.SUCCEEDED),
            (Result.SUCCESS, RedemptionStatus.ROLLED_BACK),
            (Result.FAILURE, RedemptionStatus.FAILED),
        }
        fields: dict[str, Any] = {
            "id": "r_1" if result is Result.SUCCESS else "rf_1",
            "result": result,
            "status": status,
            "failure_code": "x" if result is Result.FAILURE else None,
            "rollbacks": (REF,) if status is RedemptionStatus.ROLLED_BACK else (),
        }
        # when
        try:
            redemption(**fields)
            built = True
        except FieldError:
            built = False
        # then
        assert built is ((result, status) in allowed)


class TestRedemptionRollbackRecord:
    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"id": "rrf_000000000000000002"}, "id"),
            ({"status": RollbackStatus.FAILED}, "status"),
            ({"failure_code": "already_rolled_back"}, "failure_code"),
            ({"amount": 1}, "amount"),
        ],
    )
    def test_an_inconsistent_rollback_is_refused_naming_the_field(self, changes, field):
        """Prefix, status and failure code agree with the result; amounts are never positive."""
        # given / when
        with pytest.raises(FieldError) as raised:
            rollback_record(**changes)
        # then
        assert raised.value.field == field

    def test_a_failed_rollback_record_is_valid_with_its_code(self):
        """`rrf_` + FAILURE + FAILED + failure_code is the failed record of 6.1."""
        # given / when
        failed = rollback_record(id="rrf_000000000000000002", result=Result.FAILURE,
                                 status=RollbackStatus.FAILED, failure_code="already_rolled_back")
        # then
        assert failed.failure_code == "already_rolled_back"

    def test_a_rollback_record_has_no_transition(self):
        """A rollback is the immutable record of one attempt: no public methods."""
        # given
        public = {
            name for name, value in vars(RedemptionRollback).items()
            if callable(value) and not name.startswith("_")
        }
        # when / then
        assert public == set()


class TestResultNeverChangesThroughTheLedger:
    def test_a_rolled_back_redemption_keeps_its_success_result(self, build, ledger):
        """After a rollback, GET shows {result: SUCCESS, status: ROLLED_BACK}."""
        # given
        build.discount_voucher("R", amount_off=100)
        redeemed = build.redeem(build.use("R"), amount=1000).redemptions[0]
        # when
        ledger.rollback(RollbackCommand(redemption_id=redeemed.id))
        # then
        stored = ledger.get_redemption(redeemed.id)
        assert (stored.result, stored.status) == (Result.SUCCESS, RedemptionStatus.ROLLED_BACK)

    def test_a_failed_redemption_stays_failed_after_a_refused_rollback(self, build, ledger):
        """Trying to roll back an `rf_` leaves it FAILED with its failure code."""
        # given
        build.discount_voucher("OFF", amount_off=100, active=False)
        with pytest.raises(errors.VoucherDisabled) as failed:
            build.redeem(build.use("OFF"), amount=1000)
        before = ledger.get_redemption(failed.value.resource_id)
        # when
        with pytest.raises(errors.InvalidRedemption):
            ledger.rollback(RollbackCommand(redemption_id=before.id))
        # then
        assert ledger.get_redemption(before.id) == before


class TestVoucherIdentities:
    def test_a_gift_balance_off_its_identity_is_refused(self):
        """gift.balance must equal amount - subtracted_amount - redeemed_amount."""
        # given / when
        with pytest.raises(FieldError) as raised:
            gift_voucher(gift=GiftCredits(amount=5000, balance=4000))
        # then
        assert raised.value.field == "gift.balance"

    def test_a_loyalty_balance_off_its_identity_is_refused(self):
        """balance must equal points - expired - subtracted - redeemed_points."""
        # given / when
        with pytest.raises(FieldError) as raised:
            loyalty_voucher(redeemed_points=10)
        # then
        assert raised.value.field == "loyalty_card.balance"

    def test_more_uses_than_the_quantity_are_refused(self):
        """redeemed_quantity <= quantity."""
        # given / when
        with pytest.raises(FieldError) as raised:
            gift_voucher(quantity=1, redeemed_quantity=2)
        # then
        assert raised.value.field == "redemption.redeemed_quantity"

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"discount": Discount(type=DiscountType.AMOUNT, amount_off=1)}, "discount"),
            ({"type": VoucherType.DISCOUNT_VOUCHER}, "discount"),
            ({"start_date": AT, "expiration_date": AT - timedelta(seconds=1)},
             "expiration_date"),
        ],
    )
    def test_a_voucher_of_mixed_kinds_or_inverted_dates_is_refused(self, changes, field):
        """Exactly the object of its type is set; expiration is not before start."""
        # given / when
        with pytest.raises(FieldError) as raised:
            gift_voucher(**changes)
        # then
        assert raised.value.field == field

    @given(amount=st.integers(0, 10**9), data=st.data())
    def test_restore_undoes_redeem_exactly_for_a_gift_card(self, amount, data):
        """For any credits within the balance, restore(redeem(card)) has the same counters."""
        # given
        card = gift_voucher(amount)
        credits = data.draw(st.integers(0, amount))
        # when
        spent = card.redeem(AT, credits=credits)
        back = spent.restore(AT, credits=credits)
        # then
        assert spent.gift is not None
        assert spent.gift.balance == amount - credits
        assert (back.gift, back.redeemed_amount, back.redeemed_quantity) == (
            card.gift, card.redeemed_amount, card.redeemed_quantity)

    @given(points=st.integers(0, 10**9), data=st.data())
    def test_restore_undoes_redeem_exactly_for_a_loyalty_card(self, points, data):
        """For any points within the balance, restore(redeem(card)) has the same counters."""
        # given
        card = loyalty_voucher(points)
        spent_points = data.draw(st.integers(0, points))
        # when
        back = card.redeem(AT, points=spent_points).restore(AT, points=spent_points)
        # then
        assert (back.loyalty_card, back.redeemed_points) == (card.loyalty_card,
                                                             card.redeemed_points)

    @given(quantity=st.none() | st.integers(0, 50), redeemed=st.integers(0, 50))
    def test_a_voucher_exists_only_within_its_quantity(self, quantity, redeemed):
        """Any (quantity, redeemed_quantity): built iff unlimited or redeemed <= quantity."""
        # given
        fits = quantity is None or redeemed <= quantity
        # when
        try:
            gift_voucher(quantity=quantity, redeemed_quantity=redeemed)
            built = True
        except FieldError as error:
            assert error.field == "redemption.redeemed_quantity"
            built = False
        # then
        assert built is fits

    def test_spending_more_credits_than_the_balance_is_refused(self):
        """A balance can never go below zero, even through a transition."""
        # given
        card = gift_voucher(100)
        # when / then
        with pytest.raises(FieldError):
            card.redeem(AT, credits=101)

    def test_a_use_beyond_the_quantity_is_refused(self):
        """`redeem` on a voucher with no use left breaks the quantity identity."""
        # given
        card = gift_voucher(100, quantity=1).redeem(AT)
        # when / then
        with pytest.raises(FieldError):
            card.redeem(AT)

    def test_restoring_a_voucher_never_redeemed_is_refused(self):
        """A rollback cannot give back more uses than were taken."""
        # given
        card = gift_voucher(100)
        # when / then
        with pytest.raises(FieldError) as raised:
            card.restore(AT)
        assert raised.value.field == "redemption.redeemed_quantity"


class TestOrderInvariants:
    def test_discounts_above_the_amount_are_refused(self):
        """total_amount can never be negative: discount_amount <= amount."""
        # given / when
        with pytest.raises(FieldError) as raised:
            Order(id="ord_1", amount=100, discount_amount=101, created_at=AT)
        # then
        assert raised.value.field == "order.discount_amount"

    def test_applied_discounts_above_the_cumulative_ones_are_refused(self):
        """applied_discount_amount <= discount_amount."""
        # given / when
        with pytest.raises(FieldError) as raised:
            Order(id="ord_1", amount=100, discount_amount=10, applied_discount_amount=20,
                  created_at=AT)
        # then
        assert raised.value.field == "order.applied_discount_amount"

    def test_totals_are_derived_from_the_parts(self):
        """total_amount = amount - discount_amount - items discounts."""
        # given / when
        order = Order(id="ord_1", amount=1000, discount_amount=300, created_at=AT)
        # then
        assert (order.total_amount, order.total_discount_amount) == (700, 300)

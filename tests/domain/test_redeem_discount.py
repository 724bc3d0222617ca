"""Redeeming discount vouchers (DOMAIN.md 9.1, 9.2).

Goal: show that a single discount voucher changes the order exactly as section 9.2 says
(AMOUNT, PERCENT with `amount_limit`, FIXED, item-level effects, clamping at 0), consumes one
use, and that each check of 9.1 refuses the voucher with its code while changing nothing.
Method: use cases through the embedded `Ledger` on the in-memory store, one class per use
case, each test in given/when/then form.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from redemption_core import (
    Discount,
    DiscountType,
    OrderInput,
    OrderItemInput,
    Redemption,
    RedemptionStatus,
    Result,
    RollbackCommand,
    VoucherInput,
    errors,
)
from redemption_core.domain.model.redemption import RelatedObjectType
from redemption_core.domain.model.validity import Validity


class TestRedeemAmountDiscount:
    def test_an_amount_discount_lowers_the_order_total_and_uses_the_voucher_once(self, build):
        """AMOUNT 1 000 on an order of 5 000 leaves 4 000 to pay and one use consumed."""
        # given
        voucher = build.discount_voucher("TEN", amount_off=1000)
        # when
        result = build.redeem(build.use("TEN"), amount=5000)
        # then
        redemption = result.redemptions[0]
        assert result.parent is None
        assert redemption.id.startswith("r_")
        assert redemption.result is Result.SUCCESS
        assert redemption.status is RedemptionStatus.SUCCEEDED
        assert redemption.related_object_type is RelatedObjectType.VOUCHER
        assert redemption.related_object_id == voucher.id
        assert redemption.amount is None
        assert result.order is not None
        assert (result.order.discount_amount, result.order.total_amount) == (1000, 4000)
        assert build.voucher("TEN").redeemed_quantity == 1

    def test_a_discount_larger_than_the_order_is_clamped_at_zero(self, build):
        """AMOUNT 9 000 on an order of 5 000 discounts 5 000: the total never goes negative."""
        # given
        build.discount_voucher("BIG", amount_off=9000)
        # when
        result = build.redeem(build.use("BIG"), amount=5000)
        # then
        assert result.order is not None
        assert (result.order.discount_amount, result.order.total_amount) == (5000, 0)

    def test_a_discount_voucher_without_an_order_is_still_redeemed(self, build):
        """Without an order a discount has nothing to act on, but the use is consumed."""
        # given
        build.discount_voucher("NOORDER", amount_off=1000, quantity=2)
        # when
        result = build.redeem(build.use("NOORDER"))
        # then
        assert result.order is None
        assert result.redemptions[0].order is None
        assert build.voucher("NOORDER").redeemed_quantity == 1

    def test_a_voucher_can_be_named_by_its_id(self, build):
        """`redeemables[].id` may be the `v_` id instead of the code."""
        # given
        voucher = build.discount_voucher("BYID", amount_off=100)
        # when
        result = build.redeem(build.use(voucher.id), amount=1000)
        # then
        assert result.redemptions[0].related_object_id == voucher.id
        assert build.voucher("BYID").redeemed_quantity == 1

    def test_discounts_accumulate_on_an_order_redeemed_twice(self, build):
        """A second request on the same order stacks its discount on the stored one."""
        # given
        build.discount_voucher("FIRST", amount_off=1000)
        build.discount_voucher("SECOND", amount_off=500)
        build.redeem(build.use("FIRST"), order=OrderInput(source_id="o-1", amount=5000))
        # when
        result = build.redeem(build.use("SECOND"), order=OrderInput(source_id="o-1"))
        # then
        order = result.order
        assert order is not None
        assert (order.discount_amount, order.applied_discount_amount) == (1500, 500)
        assert order.total_amount == 3500
        assert len(order.redemptions) == 2


class TestRedeemPercentDiscount:
    def test_a_percent_discount_takes_its_share_of_the_order(self, build):
        """PERCENT 10 on an order of 10 000 discounts 1 000."""
        # given
        build.discount_voucher("P10", "PERCENT", percent_off=10)
        # when
        result = build.redeem(build.use("P10"), amount=10000)
        # then
        assert result.order is not None
        assert (result.order.discount_amount, result.order.total_amount) == (1000, 9000)

    def test_amount_limit_caps_a_percent_discount(self, build):
        """PERCENT 50 capped at 2 000 discounts 2 000 of an order of 10 000, not 5 000."""
        # given
        build.discount_voucher("HALF", "PERCENT", percent_off=50, amount_limit=2000)
        # when
        result = build.redeem(build.use("HALF"), amount=10000)
        # then
        assert result.order is not None
        assert result.order.discount_amount == 2000

    @pytest.mark.parametrize(
        ("percent", "amount", "discount"),
        [("12.5", 1001, 125), ("15", 1010, 152), ("15", 1003, 150), ("33.3", 100, 33)],
    )
    def test_a_percent_discount_is_rounded_half_up_to_a_whole_cent(
        self, build, percent, amount, discount
    ):
        """Percent discounts are exact, then rounded half up (151.5 -> 152, 125.125 -> 125)."""
        # given
        build.discount_voucher("ROUND", "PERCENT", percent_off=percent)
        # when
        result = build.redeem(build.use("ROUND"), amount=amount)
        # then
        assert result.order is not None
        assert result.order.discount_amount == discount


class TestRedeemFixedDiscount:
    def test_a_fixed_discount_sets_the_order_total(self, build):
        """FIXED 7 000 on an order of 10 000 makes the total 7 000 (a discount of 3 000)."""
        # given
        build.discount_voucher("FIX", "FIXED", fixed_amount=7000)
        # when
        result = build.redeem(build.use("FIX"), amount=10000)
        # then
        assert result.order is not None
        assert (result.order.discount_amount, result.order.total_amount) == (3000, 7000)

    def test_a_fixed_price_above_the_order_gives_no_discount_but_uses_the_voucher(self, build):
        """FIXED 7 000 on an order of 5 000 discounts nothing; REDEEM_ANYWAY still uses it."""
        # given
        build.discount_voucher("FIXHIGH", "FIXED", fixed_amount=7000)
        # when
        result = build.redeem(build.use("FIXHIGH"), amount=5000)
        # then
        assert result.order is not None
        assert (result.order.discount_amount, result.order.total_amount) == (0, 5000)
        assert build.voucher("FIXHIGH").redeemed_quantity == 1


class TestRedeemItemsDiscount:
    def test_an_items_discount_applies_to_each_item_and_is_clamped_per_item(self, build):
        """AMOUNT 700 on items of 1 000 and 500: item discounts 700 and 500, total 300."""
        # given
        build.discount_voucher("ITEMS", amount_off=700, effect="APPLY_TO_ITEMS")
        items = (OrderItemInput(quantity=1, price=1000), OrderItemInput(quantity=1, price=500))
        # when
        result = build.redeem(build.use("ITEMS"), order=OrderInput(items=items))
        # then
        order = result.order
        assert order is not None
        assert [item.discount_amount for item in order.items] == [700, 500]
        assert order.amount == 1500
        assert (order.items_discount_amount, order.total_amount) == (1200, 300)
        assert order.discount_amount == 0

    def test_a_proportional_items_discount_splits_the_amount_by_item_value(self, build):
        """AMOUNT 1 000 split over items of 3 000 and 1 000 gives 750 and 250."""
        # given
        build.discount_voucher(
            "PROP", amount_off=1000, effect="APPLY_TO_ITEMS_PROPORTIONALLY"
        )
        items = (OrderItemInput(amount=3000), OrderItemInput(amount=1000))
        # when
        result = build.redeem(build.use("PROP"), order=OrderInput(items=items))
        # then
        assert result.order is not None
        assert [item.discount_amount for item in result.order.items] == [750, 250]
        assert result.order.total_amount == 3000

    def test_an_items_discount_without_items_fails_with_missing_order_items(self, build):
        """An items discount on an order with only an amount is refused: missing_order_items."""
        # given
        build.discount_voucher("NOITEMS", amount_off=100, effect="APPLY_TO_ITEMS")
        # when
        with pytest.raises(errors.MissingOrderItems) as raised:
            build.redeem(build.use("NOITEMS"), amount=1000)
        # then
        assert raised.value.code == "missing_order_items"
        assert build.voucher("NOITEMS").redeemed_quantity == 0

    def test_an_items_discount_on_items_without_amounts_fails(self, build):
        """Items with neither amount nor price give missing_order_items_amount."""
        # given
        build.discount_voucher("NOAMOUNT", amount_off=100, effect="APPLY_TO_ITEMS")
        order = OrderInput(amount=1000, items=(OrderItemInput(product_id="p", quantity=2),))
        # when
        with pytest.raises(errors.MissingOrderItemsAmount) as raised:
            build.redeem(build.use("NOAMOUNT"), order=order)
        # then
        assert raised.value.code == "missing_order_items_amount"


class TestQuantityLimit:
    def test_the_use_after_the_last_one_fails_with_quantity_exceeded(self, build):
        """Quantity 1: the second redemption is refused and recorded as an `rf_`."""
        # given
        build.discount_voucher("ONCE", amount_off=100, quantity=1)
        build.redeem(build.use("ONCE"), amount=1000)
        # when
        with pytest.raises(errors.QuantityExceeded) as raised:
            build.redeem(build.use("ONCE"), amount=1000)
        # then
        error = raised.value
        assert error.resource_id is not None
        assert error.resource_id.startswith("rf_")
        assert error.resource_type == "redemption"
        record = build.ledger.get_redemption(error.resource_id)
        assert isinstance(record, Redemption)
        assert (record.result, record.status) == (Result.FAILURE, RedemptionStatus.FAILED)
        assert record.failure_code == "quantity_exceeded"
        assert build.voucher("ONCE").redeemed_quantity == 1

    def test_a_rolled_back_use_can_be_used_again(self, build, ledger):
        """Quantity 1, redeemed and rolled back: the voucher can be redeemed once more."""
        # given
        build.discount_voucher("AGAIN", amount_off=100, quantity=1)
        first = build.redeem(build.use("AGAIN"), amount=1000)
        ledger.rollback(RollbackCommand(redemption_id=first.redemptions[0].id))
        # when
        second = build.redeem(build.use("AGAIN"), amount=1000)
        # then
        assert second.redemptions[0].status is RedemptionStatus.SUCCEEDED
        assert build.voucher("AGAIN").redeemed_quantity == 1


class TestVoucherChecks:
    """Section 9.1 steps 1-4 for a voucher: each failure is recorded and changes nothing."""

    def test_an_unknown_code_fails_with_not_found_and_a_self_referencing_record(self, build):
        """An unknown code is 404 not_found; the `rf_` points at itself (no redeemable)."""
        # given: an empty catalog
        # when
        with pytest.raises(errors.ResourceNotFound) as raised:
            build.redeem(build.use("NOPE"), amount=1000)
        # then
        error = raised.value
        assert (error.code, error.http_status) == ("not_found", 404)
        record = build.ledger.get_redemption(error.resource_id)
        assert isinstance(record, Redemption)
        assert record.related_object_type is RelatedObjectType.REDEMPTION
        assert record.related_object_id == record.id

    def test_a_disabled_voucher_fails_with_voucher_disabled(self, build):
        """`active: false` gives voucher_disabled and no use is consumed."""
        # given
        build.discount_voucher("OFF", amount_off=100, active=False)
        # when
        with pytest.raises(errors.VoucherDisabled) as raised:
            build.redeem(build.use("OFF"), amount=1000)
        # then
        assert raised.value.message == "voucher is disabled"
        assert build.voucher("OFF").redeemed_quantity == 0

    def test_a_voucher_of_a_disabled_campaign_fails_with_voucher_disabled(self, build, ledger):
        """The campaign's active flag applies to its vouchers (9.1 step 3, assumption)."""
        # given
        campaign = build.campaign("Sleeping", "DISCOUNT_COUPONS", active=False)
        ledger.create_voucher(VoucherInput(code="CAMPV", campaign_id=campaign.id,
                                           discount=Discount(type=DiscountType.AMOUNT,
                                                             amount_off=100)))
        # when
        with pytest.raises(errors.VoucherDisabled):
            build.redeem(build.use("CAMPV"), amount=1000)
        # then
        assert build.voucher("CAMPV").redeemed_quantity == 0

    def test_a_voucher_before_its_start_date_fails_with_voucher_not_active(self, build):
        """now < start_date gives voucher_not_active."""
        # given
        build.discount_voucher("LATER", amount_off=100, start_date=build.start + timedelta(days=1))
        # when / then
        with pytest.raises(errors.VoucherNotActive):
            build.redeem(build.use("LATER"), amount=1000)

    def test_a_voucher_after_its_expiration_date_fails_with_voucher_expired(self, build, clock):
        """now > expiration_date gives voucher_expired."""
        # given
        expiry = build.start + timedelta(days=1)
        build.discount_voucher("OLD", amount_off=100, expiration_date=expiry)
        clock.advance(timedelta(days=2))
        # when / then
        with pytest.raises(errors.VoucherExpired):
            build.redeem(build.use("OLD"), amount=1000)

    def test_a_voucher_outside_its_days_of_week_fails_with_voucher_not_active_now(self, build):
        """START is a Thursday (day 4); a voucher valid on Sundays only is not active now."""
        # given
        build.discount_voucher("SUNDAY", amount_off=100, validity=Validity(days_of_week=(0,)))
        # when / then
        with pytest.raises(errors.VoucherNotActiveNow):
            build.redeem(build.use("SUNDAY"), amount=1000)

    def test_a_voucher_inside_its_days_of_week_is_redeemed(self, build):
        """The same window on Thursdays lets the redemption through."""
        # given
        build.discount_voucher("THURSDAY", amount_off=100, validity=Validity(days_of_week=(4,)))
        # when
        result = build.redeem(build.use("THURSDAY"), amount=1000)
        # then
        assert result.redemptions[0].status is RedemptionStatus.SUCCEEDED

    def test_a_failed_redemption_writes_no_order(self, build):
        """A refused request records its `rf_` but neither creates nor changes the order."""
        # given
        build.discount_voucher("OFF2", amount_off=100, active=False)
        build.discount_voucher("ON", amount_off=100)
        # when
        with pytest.raises(errors.VoucherDisabled) as raised:
            build.redeem(build.use("OFF2"), order=OrderInput(source_id="o-9", amount=1000))
        # then
        record = build.ledger.get_redemption(raised.value.resource_id)
        assert isinstance(record, Redemption)
        assert record.order is None
        later = build.redeem(build.use("ON"), order=OrderInput(source_id="o-9", amount=1000))
        assert later.order is not None
        assert len(later.order.redemptions) == 1

"""Redeeming gift cards (DOMAIN.md 9.3, assumption A2).

Goal: show that gift credits move exactly from the card to the order: the requested credits
(or, when omitted, the balance) capped by what is left to pay, with the card's balance,
`redeemed_amount` and `redeemed_quantity` kept in step, and that every refusal
(`gift_amount_exceeded`, `invalid_gift`, `missing_order`, `missing_amount`, items without
amounts) changes nothing. Method: use cases through the embedded `Ledger`, given/when/then.
"""

from __future__ import annotations

import pytest

from redemption_core import OrderInput, OrderItemInput, errors


class TestRedeemGiftCard:
    def test_redeeming_credits_moves_them_from_the_card_to_the_order(self, build):
        """Given a card of 5 000, redeeming 2 000 leaves 3 000 and says amount == 2 000."""
        # given
        build.gift_card("GIFT", 5000)
        # when
        result = build.redeem(build.use_gift("GIFT", 2000), amount=10000)
        # then
        redemption = result.redemptions[0]
        assert redemption.amount == 2000
        assert redemption.voucher is not None
        assert redemption.voucher.gift is not None
        assert redemption.voucher.gift.balance == 3000
        card = build.voucher("GIFT")
        assert card.gift is not None
        assert (card.gift.balance, card.redeemed_amount, card.redeemed_quantity) == (3000, 2000, 1)
        assert result.order is not None
        assert (result.order.discount_amount, result.order.total_amount) == (2000, 8000)

    def test_credits_omitted_take_the_balance_capped_by_the_order(self, build):
        """No credits sent, balance 5 000, order 3 000: 3 000 are used (A2)."""
        # given
        build.gift_card("REST", 5000)
        # when
        result = build.redeem(build.use_gift("REST"), amount=3000)
        # then
        assert result.redemptions[0].amount == 3000
        card = build.voucher("REST")
        assert card.gift is not None
        assert card.gift.balance == 2000
        assert result.order is not None
        assert result.order.total_amount == 0

    def test_credits_above_what_is_left_to_pay_are_capped_at_the_order_total(self, build):
        """4 000 requested against an order of 3 000: only 3 000 leave the card."""
        # given
        build.gift_card("CAP", 5000)
        # when
        result = build.redeem(build.use_gift("CAP", 4000), amount=3000)
        # then
        assert result.redemptions[0].amount == 3000
        card = build.voucher("CAP")
        assert card.gift is not None
        assert card.gift.balance == 2000

    def test_a_card_can_be_redeemed_until_its_balance_is_spent(self, build):
        """Gift cards have unlimited quantity: 3 uses of 2 000, 2 000 and 1 000 empty it."""
        # given
        build.gift_card("MULTI", 5000)
        # when
        for credits in (2000, 2000, 1000):
            build.redeem(build.use_gift("MULTI", credits), amount=10000)
        # then
        card = build.voucher("MULTI")
        assert card.gift is not None
        assert (card.gift.balance, card.redeemed_amount, card.redeemed_quantity) == (0, 5000, 3)

    def test_credits_above_the_balance_fail_with_gift_amount_exceeded(self, build):
        """6 000 requested from a card of 5 000 is refused and the balance is untouched."""
        # given
        build.gift_card("SMALL", 5000)
        # when
        with pytest.raises(errors.GiftAmountExceeded) as raised:
            build.redeem(build.use_gift("SMALL", 6000), amount=10000)
        # then
        assert raised.value.resource_id.startswith("rf_")
        card = build.voucher("SMALL")
        assert card.gift is not None
        assert (card.gift.balance, card.redeemed_quantity) == (5000, 0)

    def test_an_empty_card_fails_with_gift_amount_exceeded(self, build):
        """A card whose balance is 0 is refused even without credits requested."""
        # given
        build.gift_card("EMPTY", 1000)
        build.redeem(build.use_gift("EMPTY", 1000), amount=1000)
        # when
        with pytest.raises(errors.GiftAmountExceeded):
            build.redeem(build.use_gift("EMPTY"), amount=1000)
        # then
        assert build.voucher("EMPTY").redeemed_quantity == 1

    @pytest.mark.parametrize("credits", [0, -5])
    def test_credits_that_are_not_positive_fail_with_invalid_gift(self, build, credits):
        """`gift.credits` must be greater than 0: invalid_gift naming the field."""
        # given
        build.gift_card("ZERO", 1000)
        # when
        with pytest.raises(errors.InvalidGift) as raised:
            build.redeem(build.use_gift("ZERO", credits), amount=1000)
        # then
        assert raised.value.field == "redeemables[0].gift.credits"
        card = build.voucher("ZERO")
        assert card.gift is not None
        assert card.gift.balance == 1000

    def test_a_gift_card_without_an_order_fails_with_missing_order(self, build):
        """Credits need something to pay for: no order gives missing_order."""
        # given
        build.gift_card("NOORDER", 1000)
        # when / then
        with pytest.raises(errors.MissingOrder):
            build.redeem(build.use_gift("NOORDER", 100))
        assert build.voucher("NOORDER").redeemed_quantity == 0

    def test_a_gift_card_on_an_order_without_amount_fails_with_missing_amount(self, build):
        """An order named only by its source id, with no amount, gives missing_amount."""
        # given
        build.gift_card("NOAMOUNT", 1000)
        # when / then
        with pytest.raises(errors.MissingAmount):
            build.redeem(build.use_gift("NOAMOUNT", 100), order=OrderInput(source_id="bare"))


class TestRedeemGiftCardOnItems:
    def test_credits_on_items_are_spread_over_the_items_in_order(self, build):
        """A card applied to items pays the first item, then the next, within the credits."""
        # given
        build.gift_card("ITEMGIFT", 5000, gift_effect="APPLY_TO_ITEMS")
        items = (OrderItemInput(amount=1000), OrderItemInput(amount=3000))
        # when
        result = build.redeem(build.use_gift("ITEMGIFT", 2500), order=OrderInput(items=items))
        # then
        assert result.order is not None
        assert [item.discount_amount for item in result.order.items] == [1000, 1500]
        assert result.redemptions[0].amount == 2500
        card = build.voucher("ITEMGIFT")
        assert card.gift is not None
        assert card.gift.balance == 2500

    def test_credits_on_items_without_item_amounts_fail(self, build):
        """An items gift card on an order with an amount but no items is refused."""
        # given
        build.gift_card("ITEMLESS", 5000, gift_effect="APPLY_TO_ITEMS")
        # when / then
        with pytest.raises(errors.MissingOrderItemsAmount):
            build.redeem(build.use_gift("ITEMLESS", 100), amount=1000)

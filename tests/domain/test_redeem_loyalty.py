"""Redeeming loyalty cards: pay with points (DOMAIN.md 9.1 step 5, 9.4, assumption A3).

Goal: show the conversion of 9.4 (`points_ratio` points are worth `exchange_ratio` major
units), "pay the rest" rounding up to a multiple of `points_ratio` with the discount capped
at the total, the card's balance and `redeemed_points` kept in step, and each refusal
(holder, reward, order, points) with its code and no side effect.
Method: use cases through the embedded `Ledger`, given/when/then.
"""

from __future__ import annotations

import pytest

from redemption_core import (
    OrderInput,
    RewardAssignmentInput,
    RewardInput,
    errors,
)


class TestPayWithPoints:
    def test_points_buy_their_worth_at_a_one_to_one_ratio(self, build):
        """Ratio 1 point = 1 unit: 5 points pay 500 cents; the card keeps 95."""
        # given
        build.loyalty_card("CARD", 100)
        reward = build.loyalty_card("CARD2", 0)[1]
        # when
        result = build.redeem(build.use_points("CARD", reward, 5), amount=1000, customer="alice")
        # then
        redemption = result.redemptions[0]
        assert redemption.amount == 5
        assert result.order is not None
        assert (result.order.discount_amount, result.order.total_amount) == (500, 500)
        card = build.voucher("CARD")
        assert card.loyalty_card is not None
        assert (card.loyalty_card.balance, card.redeemed_points) == (95, 5)
        assert card.redeemed_quantity == 1

    def test_a_hundred_points_worth_twenty_units_pay_two_thousand_cents(self, build):
        """Ratio 100 points = 20 units: 100 points discount 2 000 cents."""
        # given
        coin = build.coin_reward(exchange_ratio=20, points_ratio=100)
        card, _ = build.loyalty_card("RATE", 1000, reward=coin)
        build.ledger.assign_rewards(card.campaign_id, [RewardAssignmentInput(reward=coin.id)])
        # when
        result = build.redeem(build.use_points("RATE", coin, 100), amount=10000, customer="alice")
        # then
        assert result.order is not None
        assert result.order.discount_amount == 2000
        assert result.redemptions[0].amount == 100

    def test_paying_the_rest_rounds_the_points_up_and_caps_the_discount(self, build):
        """45 000 cents at 100 points = 20 units need 2 250 points; 2 300 are charged (9.4)."""
        # given
        coin = build.coin_reward(exchange_ratio=20, points_ratio=100)
        card, _ = build.loyalty_card("REST", 3000, reward=coin)
        build.ledger.assign_rewards(card.campaign_id, [RewardAssignmentInput(reward=coin.id)])
        # when
        result = build.redeem(build.use_points("REST", coin), amount=45000, customer="alice")
        # then
        assert result.redemptions[0].amount == 2300
        assert result.order is not None
        assert (result.order.discount_amount, result.order.total_amount) == (45000, 0)
        card_after = build.voucher("REST")
        assert card_after.loyalty_card is not None
        assert card_after.loyalty_card.balance == 700

    def test_a_balance_too_small_for_the_rest_is_spent_whole(self, build):
        """Points omitted, 300 points at 1:1 against 1 000 units: all 300 pay 30 000 cents."""
        # given
        _, reward = build.loyalty_card("SHORT", 300)
        # when
        result = build.redeem(build.use_points("SHORT", reward), amount=100000, customer="alice")
        # then
        assert result.redemptions[0].amount == 300
        assert result.order is not None
        assert result.order.total_amount == 70000
        card = build.voucher("SHORT")
        assert card.loyalty_card is not None
        assert card.loyalty_card.balance == 0

    def test_the_redemption_names_the_reward_and_its_assignment(self, build):
        """`reward` on the redemption carries the reward and its assignment id (3.7)."""
        # given
        _, reward = build.loyalty_card("NAMED", 100)
        # when
        result = build.redeem(build.use_points("NAMED", reward, 1), amount=1000, customer="alice")
        # then
        paid = result.redemptions[0].reward
        assert paid is not None
        assert paid.reward.id == reward.id
        assert paid.assignment_id is not None
        assert paid.assignment_id.startswith("rewa_")

    def test_points_above_the_balance_fail_with_loyalty_card_points_exceeded(self, build):
        """200 points requested from a card of 100 are refused; the balance is untouched."""
        # given
        _, reward = build.loyalty_card("POOR", 100)
        # when
        with pytest.raises(errors.LoyaltyCardPointsExceeded):
            build.redeem(build.use_points("POOR", reward, 200), amount=100000, customer="alice")
        # then
        card = build.voucher("POOR")
        assert card.loyalty_card is not None
        assert (card.loyalty_card.balance, card.redeemed_quantity) == (100, 0)

    def test_an_empty_card_fails_with_loyalty_card_points_exceeded(self, build):
        """A card with no points left is refused even when points are omitted."""
        # given
        _, reward = build.loyalty_card("ZERO", 0)
        # when / then
        with pytest.raises(errors.LoyaltyCardPointsExceeded):
            build.redeem(build.use_points("ZERO", reward), amount=1000, customer="alice")

    @pytest.mark.parametrize("points", [0, -1])
    def test_points_that_are_not_positive_are_an_invalid_payload(self, build, points):
        """`reward.points` must be greater than 0; the field is named."""
        # given
        _, reward = build.loyalty_card("NEG", 100)
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.redeem(build.use_points("NEG", reward, points), amount=1000, customer="alice")
        # then
        assert raised.value.field == "redeemables[0].reward.points"


class TestLoyaltyCardHolder:
    def test_a_card_redeemed_by_another_customer_fails_with_invalid_customer(self, build):
        """Only the holder may redeem: bob using alice's card gets invalid_customer."""
        # given
        _, reward = build.loyalty_card("ALICE", 100, holder="alice")
        # when
        with pytest.raises(errors.InvalidCustomer) as raised:
            build.redeem(build.use_points("ALICE", reward, 1), amount=1000, customer="bob")
        # then
        assert raised.value.message == "Customer must be a holder of a loyalty card."
        assert build.voucher("ALICE").redeemed_quantity == 0

    def test_a_card_redeemed_without_a_customer_fails_with_missing_customer(self, build):
        """No customer in the request: missing_customer."""
        # given
        _, reward = build.loyalty_card("ANON", 100)
        # when / then
        with pytest.raises(errors.MissingCustomer):
            build.redeem(build.use_points("ANON", reward, 1), amount=1000)

    def test_an_unpublished_card_fails_with_invalid_customer(self, build):
        """A card with no holder cannot be redeemed by anyone (7.5 assumption)."""
        # given
        _, reward = build.loyalty_card("NOHOLDER", 100, holder=None)
        # when / then
        with pytest.raises(errors.InvalidCustomer):
            build.redeem(build.use_points("NOHOLDER", reward, 1), amount=1000, customer="alice")


class TestLoyaltyCardReward:
    def test_a_card_without_a_reward_fails_with_missing_reward(self, build):
        """A loyalty card redeemed as a plain voucher gives missing_reward on `reward`."""
        # given
        build.loyalty_card("BARE", 100)
        # when
        with pytest.raises(errors.MissingReward) as raised:
            build.redeem(build.use("BARE"), amount=1000, customer="alice")
        # then
        assert raised.value.field == "redeemables[0].reward"
        assert raised.value.message == "A reward is required when redeeming a LOYALTY_CARD"

    def test_pay_with_points_without_an_order_fails_with_missing_order(self, build):
        """Pay with points needs an order to pay for."""
        # given
        _, reward = build.loyalty_card("NOORDER", 100)
        # when / then
        with pytest.raises(errors.MissingOrder):
            build.redeem(build.use_points("NOORDER", reward, 1), customer="alice")

    def test_pay_with_points_on_an_order_without_amount_fails_with_missing_amount(self, build):
        """An order without amount cannot be paid with points."""
        # given
        _, reward = build.loyalty_card("NOAMT", 100)
        # when / then
        with pytest.raises(errors.MissingAmount):
            build.redeem(build.use_points("NOAMT", reward, 1), order=OrderInput(source_id="x"),
                         customer="alice")

    def test_a_reward_not_assigned_to_the_program_is_not_found(self, build):
        """A COIN reward outside the card's program: 404 not_found, recorded as an `rf_`."""
        # given
        build.loyalty_card("UNASSIGNED", 100)
        stranger = build.coin_reward(exchange_ratio=5, points_ratio=1)
        # when
        with pytest.raises(errors.ResourceNotFound) as raised:
            build.redeem(build.use_points("UNASSIGNED", stranger, 1), amount=1000,
                         customer="alice")
        # then
        error = raised.value
        assert (error.code, error.http_status) == ("not_found", 404)
        assert (error.resource_type, error.resource_id[:3]) == ("redemption", "rf_")
        assert error.field == "redeemables[0].reward.id"
        assert "not assigned" in error.details

    def test_a_non_coin_reward_cannot_pay_in_a_redemption(self, build, ledger):
        """A MATERIAL reward is redeemed through the member endpoint, not here."""
        # given
        card, _ = build.loyalty_card("MAT", 100)
        material = ledger.create_reward(
            RewardInput(name="mug", product_id="prod_1", parameters_sent=("product",))
        )
        ledger.assign_rewards(card.campaign_id, [RewardAssignmentInput(reward=material.id,
                                                                       points=10)])
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.redeem(build.use_points("MAT", material), amount=1000, customer="alice")
        # then
        assert raised.value.field == "redeemables[0].reward.id"
        card_after = build.voucher("MAT")
        assert card_after.loyalty_card is not None
        assert card_after.loyalty_card.balance == 100

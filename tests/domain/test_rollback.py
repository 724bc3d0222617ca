"""Rolling back redemptions (DOMAIN.md 6.2, 6.3, 9.6).

Goal: one test per row of the table "What can be rolled back" (6.2), on both endpoints
(`rollback` = `/rollback`, `rollback_stack` = `/rollbacks`), and per effect of 9.6 under both
order modes of 6.3 (`WITH_ORDER`, `WITHOUT_ORDER`): uses, credits and points come back
exactly, tier summaries shrink, the order is reverted or kept, and every target moves
SUCCEEDED -> ROLLED_BACK with its result unchanged. Refusals that the table records leave an
`rrf_` and change nothing else. Method: use cases through the embedded `Ledger`,
given/when/then; the order mode is set through `LedgerSettings(stacking=StackingRules(...))`.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from redemption_core import (
    CustomerInput,
    OrderInput,
    OrderItemInput,
    RedemptionRollback,
    RedemptionStatus,
    Result,
    RollbackCommand,
    errors,
)
from redemption_core.domain.model.campaign import PromotionTier
from redemption_core.domain.model.order import OrderStatus
from redemption_core.domain.model.redemption import RelatedObjectType, RollbackOrderMode
from redemption_core.domain.model.redemption_rollback import RollbackStatus

MODES = ["WITH_ORDER", "WITHOUT_ORDER"]


@pytest.fixture(params=MODES)
def mode_build(request, new_build):
    """A world whose rollbacks run in one of the two order modes of 6.3."""
    return new_build(redeemables_rollback_order_mode=request.param)


def _stack(build, amount=10000, customer=None):
    """A parent with two children: discount A (1 000) and gift G (2 000 credits)."""
    build.discount_voucher("A", amount_off=1000, quantity=5)
    build.gift_card("G", 5000)
    return build.redeem(build.use("A"), build.use_gift("G", 2000), amount=amount,
                        customer=customer)


# -- the rows of 6.2 -------------------------------------------------------------------------


class TestRollbackOfASingleRedemption:
    def test_the_single_endpoint_gives_one_rollback(self, build, ledger):
        """A SUCCEEDED single redemption rolls back into one `rr_` pointing at it."""
        # given
        build.discount_voucher("ONE", amount_off=100)
        redemption = build.redeem(build.use("ONE"), amount=1000).redemptions[0]
        # when
        rollback = ledger.rollback(RollbackCommand(redemption_id=redemption.id))
        # then
        assert rollback.id.startswith("rr_")
        assert (rollback.result, rollback.status) == (Result.SUCCESS, RollbackStatus.SUCCEEDED)
        assert (rollback.redemption_id, rollback.parent_rollback_id) == (redemption.id, None)
        target = ledger.get_redemption(redemption.id)
        assert target.status is RedemptionStatus.ROLLED_BACK
        assert [ref.id for ref in target.rollbacks] == [rollback.id]

    def test_the_stacked_endpoint_gives_one_rollback_and_no_parent_rollback(self, build, ledger):
        """A9: `/rollbacks` on a parentless redemption: `rollbacks` of one, no parent."""
        # given
        build.discount_voucher("ONE", amount_off=100)
        redemption = build.redeem(build.use("ONE"), amount=1000).redemptions[0]
        # when
        result = ledger.rollback_stack(RollbackCommand(redemption_id=redemption.id))
        # then
        (rollback,) = result.rollbacks
        assert rollback.redemption_id == redemption.id
        assert result.parent_rollback is None
        assert ledger.get_redemption(redemption.id).status is RedemptionStatus.ROLLED_BACK


class TestRollbackOfAParentRedemption:
    def test_the_single_endpoint_refuses_a_parent_with_invalid_redemption(self, build, ledger):
        """A stack's parent on `/rollback` is 400 invalid_redemption and nothing is recorded."""
        # given
        parent = _stack(build).parent
        # when
        with pytest.raises(errors.InvalidRedemption) as raised:
            ledger.rollback(RollbackCommand(redemption_id=parent.id))
        # then
        assert raised.value.http_status == 400
        assert build.records(RedemptionRollback) == []
        assert ledger.get_redemption(parent.id).status is RedemptionStatus.SUCCEEDED

    def test_the_stacked_endpoint_rolls_back_the_parent_and_every_child(self, build, ledger):
        """One parent rollback plus one rollback per child, children pointing at the parent's."""
        # given
        redeemed = _stack(build)
        # when
        result = ledger.rollback_stack(RollbackCommand(redemption_id=redeemed.parent.id))
        # then
        parent_rollback = result.parent_rollback
        assert parent_rollback is not None
        assert parent_rollback.related_object_type is RelatedObjectType.REDEMPTION
        assert parent_rollback.amount is None
        assert [item.redemption_id for item in result.rollbacks] == [
            child.id for child in redeemed.redemptions
        ]
        assert {item.parent_rollback_id for item in result.rollbacks} == {parent_rollback.id}
        for child in redeemed.redemptions:
            assert ledger.get_redemption(child.id).status is RedemptionStatus.ROLLED_BACK

    def test_a_partial_stack_rolls_back_only_its_applied_children(self, new_build):
        """PARTIAL: the inapplicable item never became a child and gets no rollback."""
        # given
        build = new_build(redeemables_application_mode="PARTIAL")
        build.gift_card("G", 5000)
        build.discount_voucher("OFF", amount_off=100, active=False)
        redeemed = build.redeem(build.use_gift("G", 500), build.use("OFF"), amount=1000)
        # when
        result = build.ledger.rollback_stack(RollbackCommand(redemption_id=redeemed.parent.id))
        # then
        assert [item.voucher.code for item in result.rollbacks] == ["G"]
        card = build.voucher("G")
        assert card.gift is not None
        assert card.gift.balance == 5000


class TestRollbackOfAChildRedemption:
    @pytest.mark.parametrize("endpoint", ["rollback", "rollback_stack"])
    def test_a_child_is_refused_with_invalid_redemption_parent(self, build, ledger, endpoint):
        """A child (it has a parent) is refused on both endpoints; nothing is recorded."""
        # given
        child = _stack(build).redemptions[0]
        # when
        with pytest.raises(errors.InvalidRedemptionParent):
            getattr(ledger, endpoint)(RollbackCommand(redemption_id=child.id))
        # then
        assert build.records(RedemptionRollback) == []
        assert build.voucher("A").redeemed_quantity == 1


class TestRollbackOfARolledBackRedemption:
    @pytest.mark.parametrize("endpoint", ["rollback", "rollback_stack"])
    def test_a_second_rollback_fails_with_already_rolled_back_and_an_rrf(
        self, build, ledger, endpoint
    ):
        """The repeat is refused, recorded as `rrf_`, and gives nothing back twice."""
        # given
        build.gift_card("G", 5000)
        redemption = build.redeem(build.use_gift("G", 2000), amount=5000).redemptions[0]
        getattr(ledger, endpoint)(RollbackCommand(redemption_id=redemption.id))
        # when
        with pytest.raises(errors.AlreadyRolledBack) as raised:
            getattr(ledger, endpoint)(RollbackCommand(redemption_id=redemption.id))
        # then
        error = raised.value
        assert (error.resource_type, error.resource_id[:4]) == ("redemption_rollback", "rrf_")
        record = ledger.get_redemption(error.resource_id)
        assert isinstance(record, RedemptionRollback)
        assert (record.result, record.status) == (Result.FAILURE, RollbackStatus.FAILED)
        assert (record.failure_code, record.redemption_id) == ("already_rolled_back",
                                                              redemption.id)
        assert len(ledger.get_redemption(redemption.id).rollbacks) == 1
        card = build.voucher("G")
        assert card.gift is not None
        assert card.gift.balance == 5000


class TestConcurrentRollbacks:
    def test_two_concurrent_rollbacks_of_one_redemption_undo_it_once(self, build, ledger):
        """Two threads released together: one succeeds, the other is refused; credits once."""
        # given
        build.gift_card("G", 5000)
        redemption = build.redeem(build.use_gift("G", 2000), amount=5000).redemptions[0]
        barrier = threading.Barrier(2)
        outcomes: list[object] = []

        def attempt() -> None:
            barrier.wait()
            try:
                outcomes.append(ledger.rollback(RollbackCommand(redemption_id=redemption.id)))
            except errors.RedemptionError as error:
                outcomes.append(error)

        # when
        threads = [threading.Thread(target=attempt) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        # then
        succeeded = [item for item in outcomes if isinstance(item, RedemptionRollback)]
        refused = [item for item in outcomes if isinstance(item, errors.RedemptionError)]
        assert (len(succeeded), len(refused)) == (1, 1)
        assert refused[0].code in {"already_rolled_back", "multiple_requests"}
        card = build.voucher("G")
        assert card.gift is not None
        assert card.gift.balance == 5000


class TestRollbackWindow:
    def test_a_redemption_exactly_three_months_old_can_be_rolled_back(self, build, ledger):
        """Redeemed at D, rolled back at D + 3 calendar months: allowed."""
        # given
        build.discount_voucher("OLD", amount_off=100)
        redemption = build.redeem(build.use("OLD"), amount=1000).redemptions[0]
        build.clock.set(redemption.date.replace(month=redemption.date.month + 3))
        # when
        rollback = ledger.rollback(RollbackCommand(redemption_id=redemption.id))
        # then
        assert rollback.status is RollbackStatus.SUCCEEDED

    def test_an_older_redemption_fails_with_invalid_rollback_params_and_an_rrf(
        self, build, ledger
    ):
        """A6: one millisecond past three months is refused and recorded as `rrf_`."""
        # given
        build.discount_voucher("OLD", amount_off=100)
        redemption = build.redeem(build.use("OLD"), amount=1000).redemptions[0]
        late = redemption.date.replace(month=redemption.date.month + 3)
        build.clock.set(late + timedelta(milliseconds=1))
        # when
        with pytest.raises(errors.InvalidRollbackParams) as raised:
            ledger.rollback(RollbackCommand(redemption_id=redemption.id))
        # then
        assert raised.value.resource_id.startswith("rrf_")
        assert build.voucher("OLD").redeemed_quantity == 1
        assert ledger.get_redemption(redemption.id).status is RedemptionStatus.SUCCEEDED


class TestRollbackOfAFailedRedemption:
    @pytest.mark.parametrize("endpoint", ["rollback", "rollback_stack"])
    def test_a_failed_redemption_is_refused_with_invalid_redemption(
        self, build, ledger, endpoint
    ):
        """A5: an `rf_` cannot be rolled back; nothing is recorded."""
        # given
        build.discount_voucher("OFF", amount_off=100, active=False)
        with pytest.raises(errors.VoucherDisabled) as failed:
            build.redeem(build.use("OFF"), amount=1000)
        # when
        with pytest.raises(errors.InvalidRedemption):
            getattr(ledger, endpoint)(RollbackCommand(redemption_id=failed.value.resource_id))
        # then
        assert build.records(RedemptionRollback) == []
        assert ledger.get_redemption(failed.value.resource_id).status is RedemptionStatus.FAILED


class TestRollbackOfAnUnknownRedemption:
    @pytest.mark.parametrize("endpoint", ["rollback", "rollback_stack"])
    def test_an_unknown_id_is_not_found(self, ledger, endpoint):
        """A7: 404 not_found with `resource_type: redemption`; nothing recorded."""
        # given: an empty ledger
        # when
        with pytest.raises(errors.ResourceNotFound) as raised:
            getattr(ledger, endpoint)(RollbackCommand(redemption_id="r_000000000000000099"))
        # then
        error = raised.value
        assert (error.http_status, error.resource_type) == (404, "redemption")
        assert error.resource_id == "r_000000000000000099"


class TestRollbackCustomer:
    def test_the_redemption_customer_may_roll_it_back(self, build, ledger):
        """The body's customer (by source id) is the redemption's: allowed."""
        # given
        build.discount_voucher("C", amount_off=100)
        redemption = build.redeem(build.use("C"), amount=1000, customer="alice").redemptions[0]
        # when
        rollback = ledger.rollback(RollbackCommand(redemption_id=redemption.id,
                                                   customer=CustomerInput(source_id="alice")))
        # then
        assert rollback.customer_id == redemption.customer_id

    @pytest.mark.parametrize("endpoint", ["rollback", "rollback_stack"])
    def test_another_customer_fails_with_invalid_customer_and_an_rrf(
        self, build, ledger, endpoint
    ):
        """The body names bob, the redemption is alice's: invalid_customer, recorded."""
        # given
        build.discount_voucher("C", amount_off=100)
        build.redeem(build.use("C"), amount=1000, customer="bob")
        redemption = build.redeem(build.use("C"), amount=1000, customer="alice").redemptions[0]
        # when
        with pytest.raises(errors.RollbackCustomerMismatch) as raised:
            getattr(ledger, endpoint)(RollbackCommand(
                redemption_id=redemption.id, customer=CustomerInput(source_id="bob")))
        # then
        error = raised.value
        assert (error.code, error.message) == ("invalid_customer",
                                               "customer is not related with redemption")
        assert error.resource_id.startswith("rrf_")
        assert build.voucher("C").redeemed_quantity == 2

    def test_an_unknown_customer_id_is_not_found_and_nothing_is_recorded(self, build, ledger):
        """An unknown `customer.id` in the body is 404 not_found (`resource_type: customer`)."""
        # given
        build.discount_voucher("C", amount_off=100)
        redemption = build.redeem(build.use("C"), amount=1000, customer="alice").redemptions[0]
        # when
        with pytest.raises(errors.ResourceNotFound) as raised:
            ledger.rollback(RollbackCommand(redemption_id=redemption.id,
                                            customer=CustomerInput(id="cust_unknown")))
        # then
        assert raised.value.resource_type == "customer"
        assert build.records(RedemptionRollback) == []

    def test_a_tracking_id_of_another_customer_fails_with_invalid_customer(self, build, ledger):
        """`tracking_id` stands for the customer's source id (7.2)."""
        # given
        build.discount_voucher("C", amount_off=100)
        redemption = build.redeem(build.use("C"), amount=1000, customer="alice").redemptions[0]
        # when / then
        with pytest.raises(errors.RollbackCustomerMismatch):
            ledger.rollback(RollbackCommand(redemption_id=redemption.id, tracking_id="mallory"))


class TestRollbackOrder:
    def test_the_redemption_order_may_be_named(self, build, ledger):
        """The body's order (by source id) is the redemption's: allowed."""
        # given
        build.discount_voucher("O", amount_off=100)
        redemption = build.redeem(build.use("O"), order=OrderInput(source_id="o-1", amount=1000)
                                  ).redemptions[0]
        # when
        rollback = ledger.rollback(RollbackCommand(redemption_id=redemption.id,
                                                   order=OrderInput(source_id="o-1")))
        # then
        assert rollback.order is not None
        assert rollback.order.source_id == "o-1"

    @pytest.mark.parametrize("named", [OrderInput(source_id="o-2"), OrderInput(id="ord_x")])
    def test_another_order_fails_with_invalid_order_and_an_rrf(self, build, ledger, named):
        """Another (or unknown) order in the body: invalid_order, recorded as `rrf_`."""
        # given
        build.discount_voucher("O", amount_off=100)
        build.redeem(build.use("O"), order=OrderInput(source_id="o-2", amount=1000))
        redemption = build.redeem(build.use("O"), order=OrderInput(source_id="o-1", amount=1000)
                                  ).redemptions[0]
        # when
        with pytest.raises(errors.RollbackOrderMismatch) as raised:
            ledger.rollback(RollbackCommand(redemption_id=redemption.id, order=named))
        # then
        error = raised.value
        assert error.code == "invalid_order"
        assert error.message == "order is not related with redemption"
        assert error.resource_id.startswith("rrf_")
        assert build.voucher("O").redeemed_quantity == 2


# -- the effects of 9.6, under both order modes ----------------------------------------------


class TestRollbackEffects:
    def test_a_voucher_gets_its_use_back(self, mode_build):
        """Any voucher: `redeemed_quantity` -1; the rollback carries the voucher after."""
        # given
        build = mode_build
        build.discount_voucher("Q", amount_off=100, quantity=1)
        redemption = build.redeem(build.use("Q"), amount=1000).redemptions[0]
        # when
        rollback = build.ledger.rollback(RollbackCommand(redemption_id=redemption.id))
        # then
        assert build.voucher("Q").redeemed_quantity == 0
        assert rollback.voucher is not None
        assert rollback.voucher.redeemed_quantity == 0
        assert rollback.amount is None

    def test_a_gift_card_gets_its_credits_back(self, mode_build):
        """Gift: balance += credits, redeemed_amount -= credits; amount = -credits."""
        # given
        build = mode_build
        build.gift_card("G", 5000)
        redemption = build.redeem(build.use_gift("G", 2000), amount=9000).redemptions[0]
        # when
        rollback = build.ledger.rollback(RollbackCommand(redemption_id=redemption.id))
        # then
        card = build.voucher("G")
        assert card.gift is not None
        assert (card.gift.balance, card.redeemed_amount, card.redeemed_quantity) == (5000, 0, 0)
        assert (rollback.amount, rollback.credits) == (-2000, 2000)

    def test_a_loyalty_card_gets_its_points_back_and_the_reward_is_copied(self, mode_build):
        """Loyalty: balance += points, redeemed_points -= points; amount = -points; reward."""
        # given
        build = mode_build
        _, reward = build.loyalty_card("L", 100)
        redemption = build.redeem(build.use_points("L", reward, 30), amount=10000,
                                  customer="alice").redemptions[0]
        # when
        rollback = build.ledger.rollback(RollbackCommand(redemption_id=redemption.id))
        # then
        card = build.voucher("L")
        assert card.loyalty_card is not None
        assert (card.loyalty_card.balance, card.redeemed_points) == (100, 0)
        assert (rollback.amount, rollback.points) == (-30, 30)
        assert rollback.reward == redemption.reward

    def test_a_promotion_tier_summary_shrinks(self, mode_build):
        """Tier: total_redeemed -1 and its order totals back; snapshot on the rollback."""
        # given
        build = mode_build
        tier = build.tier(amount_off=800)
        redemption = build.redeem(build.use_tier(tier), amount=5000).redemptions[0]
        # when
        rollback = build.ledger.rollback(RollbackCommand(redemption_id=redemption.id))
        # then
        stored = build.stored(PromotionTier, tier.id)
        assert (stored.total_redeemed, stored.orders_total_amount) == (0, 0)
        assert stored.orders_total_discount_amount == 0
        assert rollback.promotion_tier == stored

    def test_the_target_moves_to_rolled_back_and_keeps_its_result(self, mode_build):
        """SUCCEEDED -> ROLLED_BACK, result SUCCESS; the reference carries the order mode."""
        # given
        build = mode_build
        build.discount_voucher("S", amount_off=100)
        redemption = build.redeem(build.use("S"), amount=1000).redemptions[0]
        # when
        rollback = build.ledger.rollback(RollbackCommand(redemption_id=redemption.id))
        # then
        target = build.ledger.get_redemption(redemption.id)
        assert (target.result, target.status) == (Result.SUCCESS, RedemptionStatus.ROLLED_BACK)
        (ref,) = target.rollbacks
        mode = build.ledger.settings.stacking.redeemables_rollback_order_mode
        assert (ref.id, ref.rollback_order_mode, rollback.mode) == (rollback.id, mode, mode)

    def test_rollback_metadata_is_kept_and_updates_the_redemption(self, mode_build):
        """Body metadata is stored on the rollback and merged into the redemption's (7.2)."""
        # given
        build = mode_build
        build.discount_voucher("M", amount_off=100)
        redemption = build.redeem(build.use("M"), amount=1000, metadata={"a": 1, "b": 1}
                                  ).redemptions[0]
        # when
        rollback = build.ledger.rollback(RollbackCommand(redemption_id=redemption.id,
                                                         metadata={"b": 2}))
        # then
        assert rollback.metadata == {"b": 2}
        assert build.ledger.get_redemption(redemption.id).metadata == {"a": 1, "b": 2}

    def test_a_stack_gives_back_every_child_exactly(self, mode_build):
        """A stack's rollback restores the discount's use and the gift card's credits."""
        # given
        build = mode_build
        redeemed = _stack(build)
        # when
        build.ledger.rollback_stack(RollbackCommand(redemption_id=redeemed.parent.id))
        # then
        assert build.voucher("A").redeemed_quantity == 0
        card = build.voucher("G")
        assert card.gift is not None
        assert (card.gift.balance, card.redeemed_amount) == (5000, 0)


class TestRollbackOrderModes:
    def test_with_order_removes_the_discounts_and_cancels_the_order(self, new_build):
        """WITH_ORDER: discounts gone, total back to amount, CANCELED, entry marked."""
        # given
        build = new_build(redeemables_rollback_order_mode="WITH_ORDER")
        redeemed = _stack(build)
        # when
        result = build.ledger.rollback_stack(RollbackCommand(redemption_id=redeemed.parent.id))
        # then
        order = result.order
        assert order is not None
        assert (order.status, order.discount_amount, order.total_amount) == (
            OrderStatus.CANCELED, 0, 10000)
        (entry,) = order.redemptions
        assert entry.rollback_id == result.parent_rollback.id
        assert entry.rollback_stacked == tuple(item.id for item in result.rollbacks)

    def test_without_order_keeps_the_order_amounts_and_status(self, new_build):
        """WITHOUT_ORDER: the order keeps its discounts and its PAID status."""
        # given
        build = new_build(redeemables_rollback_order_mode="WITHOUT_ORDER")
        redeemed = _stack(build)
        # when
        result = build.ledger.rollback_stack(RollbackCommand(redemption_id=redeemed.parent.id))
        # then
        order = result.order
        assert order is not None
        assert (order.status, order.discount_amount, order.total_amount) == (
            OrderStatus.PAID, 3000, 7000)
        assert all(item.mode is RollbackOrderMode.WITHOUT_ORDER for item in result.rollbacks)

    def test_with_order_removes_item_discounts(self, new_build):
        """WITH_ORDER on an items discount: every item discount leaves the order."""
        # given
        build = new_build(redeemables_rollback_order_mode="WITH_ORDER")
        build.discount_voucher("ITEMS", amount_off=300, effect="APPLY_TO_ITEMS")
        items = (OrderItemInput(amount=1000), OrderItemInput(amount=200))
        redemption = build.redeem(build.use("ITEMS"), order=OrderInput(items=items)
                                  ).redemptions[0]
        # when
        rollback = build.ledger.rollback(RollbackCommand(redemption_id=redemption.id))
        # then
        assert rollback.order is not None
        assert [item.discount_amount for item in rollback.order.items] == [0, 0]
        assert rollback.order.total_amount == 1200

    def test_with_order_removes_only_the_rolled_back_request_from_a_shared_order(
        self, new_build
    ):
        """Two requests on one order, the first rolled back: the second's discount stays."""
        # given
        build = new_build(redeemables_rollback_order_mode="WITH_ORDER")
        build.discount_voucher("FIRST", amount_off=1000)
        build.discount_voucher("SECOND", amount_off=500)
        first = build.redeem(build.use("FIRST"), order=OrderInput(source_id="o", amount=5000))
        build.redeem(build.use("SECOND"), order=OrderInput(source_id="o"))
        # when
        rollback = build.ledger.rollback(RollbackCommand(
            redemption_id=first.redemptions[0].id))
        # then
        assert rollback.order is not None
        assert (rollback.order.discount_amount, rollback.order.total_amount) == (500, 4500)

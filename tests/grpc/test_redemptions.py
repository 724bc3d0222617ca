"""Redeem, roll back and read redemptions over a real channel.

Goal: every redemption RPC of `RedemptionService` works end to end and carries what the
JSON carries: ids, amounts, the order, the calling application as the channel, and
`request_id` as an idempotency key. Method: a served `MemoryStore` ledger (`world`); each
test builds its catalog through the API, then calls the RPC under test.
"""

from __future__ import annotations

import grpc
import pytest

from redemption_core.domain.model import limits
from tests.grpc.world import (
    APP_ID,
    World,
    catalog,
    common,
    redeem_request,
    service,
    use,
    use_gift,
)


class TestRedeem:
    def test_a_gift_card_redemption_spends_credits_and_records_the_app_as_channel(
        self, world: World
    ) -> None:
        """One gift card redemption: r_ id, credits spent, channel = the calling app (API)."""
        # given
        world.gift_card("GIFT", 5000)
        # when
        response = world.redeem(use_gift("GIFT", 2000))
        # then
        (made,) = response.redemptions
        assert made.id.startswith("r_")
        assert made.result == common.RESULT_SUCCESS
        assert made.status == common.REDEMPTION_STATUS_SUCCEEDED
        assert (made.amount, made.gift.amount) == (2000, 2000)
        assert made.voucher.gift.balance == 3000
        assert made.channel.channel_id == APP_ID
        assert made.channel.channel_type == common.CHANNEL_TYPE_API
        assert not response.HasField("parent_redemption")

    def test_a_stacked_redemption_makes_a_parent_and_one_child_per_redeemable(
        self, world: World
    ) -> None:
        """Two redeemables: two children pointing at one parent; the order has both discounts."""
        # given
        world.gift_card("GIFT", 5000)
        world.discount_voucher("TEN", amount_off=1000)
        # when
        response = world.redeem(use("TEN"), use_gift("GIFT", 2000), amount=10_000)
        # then
        parent = response.parent_redemption
        assert parent.related_object_type == common.RELATED_OBJECT_TYPE_REDEMPTION
        assert [child.redemption for child in response.redemptions] == [parent.id, parent.id]
        assert response.order.total_amount == 10_000 - 1000 - 2000
        assert list(response.order.redemptions[parent.id].stacked) == [
            child.id for child in response.redemptions
        ]

    def test_thirty_redeemables_are_accepted(self, world: World) -> None:
        """The stacking limit itself: 30 discount vouchers in one request."""
        # given
        codes = [f"C{index}" for index in range(limits.REDEEMABLES_PER_REQUEST_MAX)]
        for code in codes:
            world.discount_voucher(code, amount_off=1)
        # when
        response = world.redeem(*(use(code) for code in codes), amount=10_000)
        # then
        assert len(response.redemptions) == limits.REDEEMABLES_PER_REQUEST_MAX

    def test_thirty_one_redeemables_are_refused_naming_the_field(self, world: World) -> None:
        """One past the limit: INVALID_ARGUMENT, BadRequest on `redeemables`."""
        # given
        world.discount_voucher("ONE", amount_off=1)
        request = redeem_request(*(use("ONE") for _ in range(31)))
        # when
        failure = world.failure("Redeem", request)
        # then
        assert failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert failure.reason == "invalid_payload"
        assert [field for field, _ in failure.violations] == ["redeemables"]


class TestIdempotentRedeem:
    def test_a_retry_with_the_same_request_id_returns_the_first_outcome(
        self, world: World
    ) -> None:
        """Same request_id, same body: the same redemption, credits spent once."""
        # given
        world.gift_card("GIFT", 5000)
        request = redeem_request(use_gift("GIFT", 2000), request_id="retry-1")
        first = world.call("Redeem", request)
        # when
        again = world.call("Redeem", request)
        # then
        assert again.redemptions[0].id == first.redemptions[0].id
        voucher = world.call("GetVoucher", service.GetVoucherRequest(code="GIFT")).voucher
        assert voucher.gift.balance == 3000

    def test_the_same_request_id_with_another_body_is_refused(self, world: World) -> None:
        """Same request_id, other credits: ALREADY_EXISTS, reason idempotency_key_reused."""
        # given
        world.gift_card("GIFT", 5000)
        world.call("Redeem", redeem_request(use_gift("GIFT", 2000), request_id="retry-2"))
        # when
        failure = world.failure(
            "Redeem", redeem_request(use_gift("GIFT", 1000), request_id="retry-2")
        )
        # then
        assert failure.code is grpc.StatusCode.ALREADY_EXISTS
        assert failure.reason == "idempotency_key_reused"


class TestRollback:
    def test_a_rollback_returns_the_credits_and_is_readable_by_id(self, world: World) -> None:
        """RollbackRedemption: rr_ id, negative amount; GetRedemption returns the rollback."""
        # given
        world.gift_card("GIFT", 5000)
        made = world.redeem(use_gift("GIFT", 2000)).redemptions[0]
        # when
        rollback = world.call(
            "RollbackRedemption",
            service.RollbackRedemptionRequest(redemption_id=made.id, reason="customer left"),
        ).rollback
        # then
        assert rollback.id.startswith("rr_")
        assert (rollback.redemption, rollback.amount, rollback.reason) == (
            made.id, -2000, "customer left",
        )
        found = world.call("GetRedemption", service.GetRedemptionRequest(redemption_id=rollback.id))
        assert found.WhichOneof("result") == "rollback"
        assert found.rollback.id == rollback.id

    def test_a_rolled_back_redemption_reads_as_rolled_back_with_its_mode(
        self, world: World
    ) -> None:
        """GetRedemption of the redemption: ROLLED_BACK, rollback listed with its order mode."""
        # given
        world.gift_card("GIFT", 5000)
        made = world.redeem(use_gift("GIFT", 2000)).redemptions[0]
        world.call("RollbackRedemption", service.RollbackRedemptionRequest(redemption_id=made.id))
        # when
        found = world.call("GetRedemption", service.GetRedemptionRequest(redemption_id=made.id))
        # then
        assert found.WhichOneof("result") == "redemption"
        assert found.redemption.status == common.REDEMPTION_STATUS_ROLLED_BACK
        (ref,) = found.redemption.related_redemptions.rollbacks
        assert ref.rollback_order_mode == common.ROLLBACK_ORDER_MODE_WITH_ORDER

    def test_a_stack_rolls_back_whole_with_one_rollback_per_child(self, world: World) -> None:
        """RollbackStackedRedemptions: a parent rollback and one per child, credits back."""
        # given
        world.gift_card("GIFT", 5000)
        world.discount_voucher("TEN")
        parent = world.redeem(use("TEN"), use_gift("GIFT", 2000)).parent_redemption
        # when
        response = world.call(
            "RollbackStackedRedemptions",
            service.RollbackStackedRedemptionsRequest(redemption_id=parent.id),
        )
        # then
        assert response.parent_rollback.redemption == parent.id
        assert len(response.rollbacks) == 2
        voucher = world.call("GetVoucher", service.GetVoucherRequest(code="GIFT")).voucher
        assert voucher.gift.balance == 5000

    def test_a_rollback_retried_with_its_request_id_is_not_done_twice(self, world: World) -> None:
        """Same request_id: the first rollback again, not already_rolled_back."""
        # given
        world.gift_card("GIFT", 5000)
        made = world.redeem(use_gift("GIFT", 2000)).redemptions[0]
        request = service.RollbackRedemptionRequest(redemption_id=made.id, request_id="undo-1")
        first = world.call("RollbackRedemption", request).rollback
        # when
        again = world.call("RollbackRedemption", request).rollback
        # then
        assert again.id == first.id


def _loyalty_member(world: World, points: int = 500) -> tuple[str, str]:
    """A LOYALTY_PROGRAM campaign, a card of `points` held by alice, a MATERIAL reward
    priced 100 points in it: (campaign id, reward id)."""
    campaign = world.call("CreateCampaign", service.CreateCampaignRequest(
        campaign=catalog.CampaignInput(
            name="Loyalty", campaign_type=common.CAMPAIGN_TYPE_LOYALTY_PROGRAM,
            voucher=catalog.CampaignVoucher(type=common.VOUCHER_TYPE_LOYALTY_CARD,
                                            loyalty_card=common.LoyaltyPoints(points=0)),
        ))).campaign
    world.call("CreateVoucher", service.CreateVoucherRequest(voucher=catalog.VoucherInput(
        code="CARD", type=common.VOUCHER_TYPE_LOYALTY_CARD, campaign_id=campaign.id,
        loyalty_card=common.LoyaltyPoints(points=points))))
    world.call("CreateLoyaltyMember", service.CreateLoyaltyMemberRequest(
        campaign_id=campaign.id, member=catalog.LoyaltyMemberInput(
            customer=common.CustomerInput(source_id="alice"), voucher="CARD")))
    reward = world.call("CreateReward", service.CreateRewardRequest(reward=catalog.RewardInput(
        name="mug", parameters=catalog.RewardParameters(
            product=catalog.RewardProductParameters(id="prod_mug"))))).reward
    world.call("CreateRewardAssignments", service.CreateRewardAssignmentsRequest(
        campaign_id=campaign.id, reward_assignments=[catalog.RewardAssignmentInput(
            reward=reward.id, parameters=catalog.RewardAssignmentParameters(
                loyalty=common.LoyaltyPoints(points=100)))]))
    return campaign.id, reward.id


class TestLoyaltyReward:
    def test_a_member_spends_points_on_a_reward(self, world: World) -> None:
        """RedeemLoyaltyReward: a redemption of the card with the reward, 100 points spent."""
        # given
        campaign_id, reward_id = _loyalty_member(world)
        request = service.RedeemLoyaltyRewardRequest(
            campaign_id=campaign_id, member_id="CARD",
            reward=service.LoyaltyRewardInput(id=reward_id), request_id="mug-1",
        )
        # when
        made = world.call("RedeemLoyaltyReward", request).redemption
        again = world.call("RedeemLoyaltyReward", request).redemption
        # then
        assert made.id.startswith("r_")
        assert made.reward.id == reward_id
        assert (made.amount, made.loyalty_card.points) == (100, 100)
        assert made.voucher.loyalty_card.balance == 400
        assert made.channel.channel_id == APP_ID
        assert again.id == made.id

    def test_a_reward_the_card_cannot_afford_fails_with_its_code(self, world: World) -> None:
        """50 points for a 100-point reward: loyalty_card_points_exceeded, rf_ recorded."""
        # given
        campaign_id, reward_id = _loyalty_member(world, points=50)
        # when
        failure = world.failure("RedeemLoyaltyReward", service.RedeemLoyaltyRewardRequest(
            campaign_id=campaign_id, member_id="CARD",
            reward=service.LoyaltyRewardInput(id=reward_id)))
        # then
        assert failure.reason == "loyalty_card_points_exceeded"
        assert failure.metadata["resource_id"].startswith("rf_")


def _history(world: World) -> list[str]:
    """Three redemptions of GIFT and a rollback of the second; ids oldest first."""
    world.gift_card("GIFT", 5000)
    world.discount_voucher("TEN")
    made = [world.redeem(use_gift("GIFT", 100)).redemptions[0].id for _ in range(3)]
    world.redeem(use("TEN"))
    undone = world.call("RollbackRedemption",
                        service.RollbackRedemptionRequest(redemption_id=made[1])).rollback
    return [*made, undone.id]


class TestListRedemptions:
    def test_the_list_is_newest_first_and_pages_with_tokens(self, world: World) -> None:
        """page_size 2 over 5 records: 2, 2, 1, tokens until the last page, total 5."""
        # given
        _history(world)
        pages, token = [], ""
        # when
        while True:
            page = world.call("ListRedemptions",
                              service.ListRedemptionsRequest(page_size=2, page_token=token))
            pages.append([item.WhichOneof("entry") for item in page.redemptions])
            token = page.next_page_token
            if not token:
                break
        # then
        assert [len(items) for items in pages] == [2, 2, 1]
        assert pages[0][0] == "rollback"
        assert page.total == 5

    def test_filters_select_a_vouchers_records(self, world: World) -> None:
        """filters.voucher_code.is_equal = GIFT and result SUCCESS: GIFT's 3 + the rollback."""
        # given
        ids = _history(world)
        request = service.ListRedemptionsRequest(
            result=[common.RESULT_SUCCESS],
            filters=service.RedemptionFilters(
                voucher_code=service.FilterConditions(is_equal="GIFT")),
        )
        # when
        page = world.call("ListRedemptions", request)
        # then
        found = [getattr(item, item.WhichOneof("entry")).id for item in page.redemptions]
        assert found == list(reversed(ids))

    @pytest.mark.parametrize(
        ("request_message", "field"),
        [
            (service.ListRedemptionsRequest(page_size=101), "page_size"),
            (service.ListRedemptionsRequest(page_token="bm9wZQ=="), "page_token"),
            (service.ListRedemptionsRequest(order="-amount"), "order"),
            (service.ListRedemptionsRequest(filters=service.RedemptionFilters(
                result=service.FilterConditions(is_in=[])), result=[0]), "result[0]"),
        ],
        ids=["page size", "foreign token", "unknown order", "unspecified result"],
    )
    def test_a_malformed_list_request_names_its_field(
        self, world: World, request_message: object, field: str
    ) -> None:
        """INVALID_ARGUMENT with a BadRequest on the field."""
        # given / when
        failure = world.failure("ListRedemptions", request_message)
        # then
        assert failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert [path for path, _ in failure.violations] == [field]

    def test_a_voucher_history_lists_its_redemptions_and_rollbacks(self, world: World) -> None:
        """ListVoucherRedemptions: the counters and the 4 entries, newest first."""
        # given
        ids = _history(world)
        # when
        history = world.call("ListVoucherRedemptions",
                             service.ListVoucherRedemptionsRequest(code="GIFT"))
        # then
        assert (history.redeemed_quantity, history.total) == (2, 4)
        assert history.data_ref == "redemption_entries"
        found = [getattr(item, item.WhichOneof("entry")).id for item in history.redemption_entries]
        assert found == list(reversed(ids))


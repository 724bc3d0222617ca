"""Set up the catalog over gRPC: vouchers, campaigns, tiers, rewards, assignments, members.

Goal: each catalog RPC creates what its JSON endpoint creates and returns it field for
field; catalog calls refuse `request_id` (the ledger has no idempotency for them yet) rather
than pretend. Method: a served ledger (`world`); each test calls the RPC under test and reads
the result back where a getter exists.
"""

from __future__ import annotations

import grpc
from google.protobuf import struct_pb2

from tests.grpc.world import World, catalog, common, redemptions, service, use


def _loyalty_campaign(world: World) -> str:
    given = catalog.CampaignInput(
        name="Loyalty",
        campaign_type=common.CAMPAIGN_TYPE_LOYALTY_PROGRAM,
        voucher=catalog.CampaignVoucher(
            type=common.VOUCHER_TYPE_LOYALTY_CARD, loyalty_card=common.LoyaltyPoints(points=0)
        ),
    )
    made = world.call("CreateCampaign", service.CreateCampaignRequest(campaign=given)).campaign
    return str(made.id)


class TestVouchers:
    def test_a_created_voucher_reads_back_with_its_metadata_and_dates(self, world: World) -> None:
        """CreateVoucher then GetVoucher: same id, metadata as a Struct, counters at zero."""
        # given
        metadata = struct_pb2.Struct()
        metadata.update({"shop": "north", "tier": 2})
        created = world.discount_voucher("TEN", metadata=metadata)
        # when
        found = world.call("GetVoucher", service.GetVoucherRequest(code="TEN")).voucher
        # then
        assert found.id == created.id
        assert found.object == "voucher"
        assert dict(found.metadata) == {"shop": "north", "tier": 2}
        assert found.redemption.redeemed_quantity == 0
        assert found.created_at.ToDatetime().year == 2026

    def test_a_redeemed_voucher_shows_its_live_counters(self, world: World) -> None:
        """GetVoucher after a redemption: redeemed_quantity 1."""
        # given
        world.discount_voucher("TEN")
        world.redeem(use("TEN"))
        # when
        found = world.call("GetVoucher", service.GetVoucherRequest(code="TEN")).voucher
        # then
        assert found.redemption.redeemed_quantity == 1

    def test_a_catalog_retry_with_its_request_id_returns_the_first_voucher(
        self, world: World
    ) -> None:
        """CreateVoucher twice with one request_id: one voucher, the same id both times."""
        # given
        given = catalog.VoucherInput(
            code="X", discount=common.Discount(type=common.DISCOUNT_TYPE_AMOUNT, amount_off=1)
        )
        request = service.CreateVoucherRequest(voucher=given, request_id="k")
        # when
        first = world.call("CreateVoucher", request)
        again = world.call("CreateVoucher", request)
        # then
        assert again.voucher.id == first.voucher.id
        assert world.call("GetVoucher", service.GetVoucherRequest(code="X")).voucher.id == (
            first.voucher.id
        )

    def test_a_catalog_request_id_reused_for_another_body_is_refused(self, world: World) -> None:
        """The same request_id with another code: ALREADY_EXISTS idempotency_key_reused."""
        # given
        discount = common.Discount(type=common.DISCOUNT_TYPE_AMOUNT, amount_off=1)
        world.call("CreateVoucher", service.CreateVoucherRequest(
            voucher=catalog.VoucherInput(code="X", discount=discount), request_id="k"))
        # when
        failure = world.failure("CreateVoucher", service.CreateVoucherRequest(
            voucher=catalog.VoucherInput(code="Y", discount=discount), request_id="k"))
        # then
        assert failure.code is grpc.StatusCode.ALREADY_EXISTS
        assert failure.reason == "idempotency_key_reused"
        assert world.failure("GetVoucher", service.GetVoucherRequest(code="Y")).reason == (
            "not_found"
        )

    def test_a_discount_rule_is_reported_on_its_path_in_the_request(self, world: World) -> None:
        """A percent over 100: INVALID_ARGUMENT naming voucher.discount.percent_off."""
        # given
        given = catalog.VoucherInput(
            code="BAD", discount=common.Discount(type=common.DISCOUNT_TYPE_PERCENT, percent_off=150)
        )
        # when
        failure = world.failure("CreateVoucher", service.CreateVoucherRequest(voucher=given))
        # then
        assert failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert [field for field, _ in failure.violations] == ["voucher.discount.percent_off"]


class TestCampaignsAndTiers:
    def test_a_promotion_campaign_is_created_with_its_tiers(self, world: World) -> None:
        """CreateCampaign (PROMOTION): the campaign with `promotion.tiers` in request order."""
        # given
        tiers = [
            catalog.PromotionTierInput(
                name=name,
                action=catalog.PromotionTierAction(
                    discount=common.Discount(type=common.DISCOUNT_TYPE_AMOUNT, amount_off=100)
                ),
            )
            for name in ("first", "second")
        ]
        given = catalog.CampaignInput(
            name="Promo",
            campaign_type=common.CAMPAIGN_TYPE_PROMOTION,
            promotion=catalog.CampaignPromotionInput(tiers=tiers),
        )
        # when
        made = world.call("CreateCampaign", service.CreateCampaignRequest(campaign=given)).campaign
        # then
        assert made.campaign_type == common.CAMPAIGN_TYPE_PROMOTION
        assert [tier.name for tier in made.promotion.tiers] == ["first", "second"]
        assert made.promotion.total == 2

    def test_a_tier_added_to_a_promotion_can_be_redeemed(self, world: World) -> None:
        """CreatePromotionTier, then Redeem the tier: a promotion_tier redemption."""
        # given
        campaign = world.call(
            "CreateCampaign",
            service.CreateCampaignRequest(
                campaign=catalog.CampaignInput(
                    name="Promo", campaign_type=common.CAMPAIGN_TYPE_PROMOTION
                )
            ),
        ).campaign
        given = catalog.PromotionTierInput(
            name="five off",
            action=catalog.PromotionTierAction(
                discount=common.Discount(type=common.DISCOUNT_TYPE_AMOUNT, amount_off=500)
            ),
        )
        # when
        tier = world.call(
            "CreatePromotionTier",
            service.CreatePromotionTierRequest(campaign_id=campaign.id, promotion_tier=given),
        ).promotion_tier
        response = world.redeem(
            redemptions.RedeemableInput(
                object=common.REDEEMABLE_OBJECT_PROMOTION_TIER, id=tier.id
            )
        )
        # then
        assert tier.campaign.id == campaign.id
        (made,) = response.redemptions
        assert made.related_object_type == common.RELATED_OBJECT_TYPE_PROMOTION_TIER
        assert made.promotion_tier.id == tier.id


class TestLoyalty:
    def test_rewards_are_assigned_and_a_card_is_published_to_a_member(self, world: World) -> None:
        """CreateReward, CreateRewardAssignments, CreateLoyaltyMember: a held card."""
        # given
        campaign_id = _loyalty_campaign(world)
        reward = world.call(
            "CreateReward",
            service.CreateRewardRequest(
                reward=catalog.RewardInput(
                    name="coin",
                    parameters=catalog.RewardParameters(
                        coin=catalog.RewardCoinParameters(exchange_ratio=1, points_ratio=10)
                    ),
                )
            ),
        ).reward
        card_given = catalog.VoucherInput(
            code="CARD",
            type=common.VOUCHER_TYPE_LOYALTY_CARD,
            campaign_id=campaign_id,
            loyalty_card=common.LoyaltyPoints(points=500),
        )
        world.call("CreateVoucher", service.CreateVoucherRequest(voucher=card_given))
        # when
        assignments = world.call(
            "CreateRewardAssignments",
            service.CreateRewardAssignmentsRequest(
                campaign_id=campaign_id,
                reward_assignments=[catalog.RewardAssignmentInput(reward=reward.id)],
            ),
        ).reward_assignments
        card = world.call(
            "CreateLoyaltyMember",
            service.CreateLoyaltyMemberRequest(
                campaign_id=campaign_id,
                member=catalog.LoyaltyMemberInput(
                    customer=common.CustomerInput(source_id="alice"), voucher="CARD"
                ),
            ),
        ).voucher
        # then
        assert reward.type == common.REWARD_TYPE_COIN
        assert reward.parameters.coin.points_ratio == 10
        assert [item.reward_id for item in assignments] == [reward.id]
        assert card.holder_id.startswith("cust_")
        assert card.loyalty_card.balance == 500
        assert card.publish.count == 1

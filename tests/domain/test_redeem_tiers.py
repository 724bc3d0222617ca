"""Redeeming promotion tiers (DOMAIN.md 9.1 steps 2-3, 9.2, assumption A13).

Goal: show that a tier discounts the order like a voucher, keeps its running summary
(`total_redeemed`, order totals), and is refused with `promotion_inactive` when it or its
campaign is disabled and with `promotion_not_active_now` outside its own or its campaign's
dates. Method: use cases through the embedded `Ledger`, given/when/then.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from redemption_core import RedeemableInput, RedeemableKind, RedemptionStatus, errors
from redemption_core.domain.model.campaign import PromotionTier
from redemption_core.domain.model.redemption import RelatedObjectType
from redemption_core.domain.model.validity import DailyHours, Validity


class TestRedeemPromotionTier:
    def test_a_tier_discounts_the_order_and_counts_the_redemption(self, build):
        """Tier AMOUNT 800 on 5 000: total 4 200; summary 1 redemption, 5 000 / 800."""
        # given
        tier = build.tier("Eight hundred off", amount_off=800)
        # when
        result = build.redeem(build.use_tier(tier), amount=5000)
        # then
        redemption = result.redemptions[0]
        assert redemption.related_object_type is RelatedObjectType.PROMOTION_TIER
        assert redemption.related_object_id == tier.id
        assert (redemption.voucher, redemption.amount) == (None, None)
        assert result.order is not None
        assert result.order.total_amount == 4200
        stored = build.stored(PromotionTier, tier.id)
        assert stored.total_redeemed == 1
        assert (stored.orders_total_amount, stored.orders_total_discount_amount) == (5000, 800)

    def test_the_order_entry_names_the_tier_campaign(self, build):
        """`order.redemptions[id].related_object_parent_id` is the promotion campaign."""
        # given
        tier = build.tier(amount_off=100)
        # when
        result = build.redeem(build.use_tier(tier), amount=1000)
        # then
        assert result.order is not None
        entry = result.order.redemptions[0]
        assert entry.related_object_type == "promotion_tier"
        assert entry.related_object_parent_id == tier.campaign_id

    def test_a_percent_tier_is_computed_on_the_discounted_amount(self, build):
        """Voucher 1 000 then tier 10 % on 10 000: the tier takes 10 % of 9 000 = 900."""
        # given
        build.discount_voucher("THOUSAND", amount_off=1000)
        tier = build.tier(discount_type="PERCENT", percent_off=10)
        # when
        result = build.redeem(build.use("THOUSAND"), build.use_tier(tier), amount=10000)
        # then
        assert result.order is not None
        assert result.order.discount_amount == 1900
        assert result.redemptions[1].order is not None
        assert result.redemptions[1].order.applied_discount_amount == 900

    def test_a_tier_without_a_discount_is_redeemed_without_effect(self, build):
        """A tier without `action.discount` has no effect; REDEEM_ANYWAY still counts it."""
        # given
        tier = build.tier("banner only", discount_type=None)
        # when
        result = build.redeem(build.use_tier(tier), amount=1000)
        # then
        assert result.order is not None
        assert result.order.total_amount == 1000
        assert build.stored(PromotionTier, tier.id).total_redeemed == 1

    def test_a_tier_without_effect_is_skipped_under_the_skip_rule(self, new_build):
        """Under the SKIP no-effect rule a lone tier without effect fails the request."""
        # given
        build = new_build(redeemables_no_effect_rule="SKIP")
        tier = build.tier("banner only", discount_type=None)
        # when
        with pytest.raises(errors.NoApplicableRedeemables):
            build.redeem(build.use_tier(tier), amount=1000)
        # then
        assert build.stored(PromotionTier, tier.id).total_redeemed == 0

    def test_an_unknown_tier_fails_with_not_found(self, build):
        """A tier id that does not exist is 404 not_found."""
        # given: no tiers
        # when
        with pytest.raises(errors.ResourceNotFound) as raised:
            build.redeem(RedeemableInput(object=RedeemableKind.PROMOTION_TIER, id="promo_x"),
                         amount=1000)
        # then
        assert raised.value.redeemable_type == "promotion_tier"


class TestPromotionTierChecks:
    def test_a_disabled_tier_fails_with_promotion_inactive(self, build):
        """`active: false` on the tier gives promotion_inactive ("Inactive Promotion")."""
        # given
        tier = build.tier(amount_off=100, active=False)
        # when
        with pytest.raises(errors.PromotionInactive) as raised:
            build.redeem(build.use_tier(tier), amount=1000)
        # then
        assert raised.value.message == "Inactive Promotion"
        assert build.stored(PromotionTier, tier.id).total_redeemed == 0

    def test_a_tier_of_a_disabled_campaign_fails_with_promotion_inactive(self, build):
        """The campaign's active flag applies to its tiers."""
        # given
        build.campaign("Paused", "PROMOTION", active=False)
        tier = build.tier(amount_off=100, campaign="Paused")
        # when / then
        with pytest.raises(errors.PromotionInactive):
            build.redeem(build.use_tier(tier), amount=1000)

    def test_a_tier_before_its_start_fails_with_promotion_not_active_now(self, build):
        """A13: before the tier's start date the code is promotion_not_active_now."""
        # given
        tier = build.tier(amount_off=100, start_date=build.start + timedelta(days=1))
        # when / then
        with pytest.raises(errors.PromotionNotActiveNow):
            build.redeem(build.use_tier(tier), amount=1000)

    def test_a_tier_after_its_expiry_fails_with_promotion_not_active_now(self, build):
        """A13: after the tier's expiration date the code is promotion_not_active_now."""
        # given
        tier = build.tier(amount_off=100, expiration_date=build.start + timedelta(hours=1))
        build.clock.advance(timedelta(hours=2))
        # when / then
        with pytest.raises(errors.PromotionNotActiveNow):
            build.redeem(build.use_tier(tier), amount=1000)

    def test_a_tier_of_an_expired_campaign_fails_with_promotion_not_active_now(self, build):
        """The campaign's dates apply to its tiers too."""
        # given
        build.campaign("Ended", "PROMOTION", expiration_date=build.start + timedelta(hours=1))
        tier = build.tier(amount_off=100, campaign="Ended")
        build.clock.advance(timedelta(hours=2))
        # when / then
        with pytest.raises(errors.PromotionNotActiveNow):
            build.redeem(build.use_tier(tier), amount=1000)

    def test_a_tier_outside_its_daily_hours_fails_with_promotion_not_active_now(self, build):
        """A tier valid 12:00-13:00 UTC is not active at midnight."""
        # given
        hours = Validity(daily_hours=(DailyHours("12:00", "13:00"),))
        tier = build.tier(amount_off=100, validity=hours)
        # when / then
        with pytest.raises(errors.PromotionNotActiveNow):
            build.redeem(build.use_tier(tier), amount=1000)

    def test_a_tier_inside_its_daily_hours_is_redeemed(self, build):
        """The same tier at 12:30 UTC applies."""
        # given
        hours = Validity(daily_hours=(DailyHours("12:00", "13:00"),))
        tier = build.tier(amount_off=100, validity=hours)
        build.clock.advance(timedelta(hours=12, minutes=30))
        # when
        result = build.redeem(build.use_tier(tier), amount=1000)
        # then
        assert result.redemptions[0].status is RedemptionStatus.SUCCEEDED


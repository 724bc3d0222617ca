"""Setting up what can be redeemed (DOMAIN.md 15).

Goal: show that vouchers, campaigns, promotion tiers, rewards, reward assignments and loyalty
members are created as section 15 says, and that every refusal is the documented business
error naming the field: 404 `not_found` with the resource type, 409 `duplicate_found`,
400 `invalid_payload` (and the member-publication codes of 15.6); a refused call writes
nothing. Method: use cases through the embedded `Ledger`, given/when/then.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from redemption_core import (
    CampaignInput,
    CustomerInput,
    MemberInput,
    RewardAssignmentInput,
    RewardInput,
    TierInput,
    VoucherInput,
    VoucherType,
    errors,
)
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.use_cases.commands import CodeConfigInput

TEN_OFF = Discount(type=DiscountType.AMOUNT, amount_off=1000)


def loyalty_template() -> VoucherInput:
    return VoucherInput(type=VoucherType.LOYALTY_CARD, loyalty_points=0)


class TestCreateVoucher:
    def test_a_discount_voucher_gets_a_v_id_and_the_defaults(self, ledger):
        """POST /v1/vouchers: `v_` id, active, unlimited, nothing redeemed."""
        # given
        given = VoucherInput(code="SAVE", discount=TEN_OFF)
        # when
        voucher = ledger.create_voucher(given)
        # then
        assert voucher.id.startswith("v_")
        assert (voucher.code, voucher.type) == ("SAVE", VoucherType.DISCOUNT_VOUCHER)
        assert (voucher.active, voucher.quantity, voucher.redeemed_quantity) == (True, None, 0)
        assert (voucher.gift, voucher.loyalty_card, voucher.holder_id) == (None, None, None)
        assert ledger.get_voucher("SAVE") == voucher

    def test_the_code_may_come_from_the_path(self, ledger):
        """POST /v1/vouchers/{code}: the path's code is used."""
        # given / when
        voucher = ledger.create_voucher(VoucherInput(discount=TEN_OFF), code="FROM-PATH")
        # then
        assert ledger.get_voucher("FROM-PATH").id == voucher.id

    def test_a_gift_card_starts_with_its_balance_equal_to_its_amount(self, ledger):
        """A GIFT_VOUCHER of 5 000 has balance 5 000."""
        # given / when
        card = ledger.create_voucher(VoucherInput(code="G", type=VoucherType.GIFT_VOUCHER,
                                                  gift_amount=5000))
        # then
        assert card.gift is not None
        assert (card.gift.amount, card.gift.balance) == (5000, 5000)

    def test_a_loyalty_card_starts_with_its_balance_equal_to_its_points(self, ledger):
        """A LOYALTY_CARD of 300 points has balance 300."""
        # given / when
        card = ledger.create_voucher(VoucherInput(code="L", type=VoucherType.LOYALTY_CARD,
                                                  loyalty_points=300))
        # then
        assert card.loyalty_card is not None
        assert (card.loyalty_card.points, card.loyalty_card.balance) == (300, 300)

    def test_a_code_is_generated_from_the_code_config(self, ledger):
        """`code_config` pattern with `#` placeholders, prefix and postfix."""
        # given
        config = CodeConfigInput(pattern="##-##", prefix="PRE-", postfix="-POST")
        # when
        voucher = ledger.create_voucher(VoucherInput(discount=TEN_OFF, code_config=config))
        # then
        assert voucher.code.startswith("PRE-")
        assert voucher.code.endswith("-POST")
        assert len(voucher.code) == len("PRE-##-##-POST")
        assert voucher.code[6] == "-"

    def test_a_voucher_joins_its_campaign_and_takes_its_template(self, ledger):
        """A gift voucher named into a GIFT_VOUCHERS campaign gets the template's amount."""
        # given
        campaign, _ = ledger.create_campaign(CampaignInput(
            name="Gifts", campaign_type="GIFT_VOUCHERS",
            voucher=VoucherInput(type=VoucherType.GIFT_VOUCHER, gift_amount=2500)))
        # when
        card = ledger.create_voucher(VoucherInput(code="G", campaign="Gifts"))
        # then
        assert (card.campaign_id, card.campaign) == (campaign.id, "Gifts")
        assert card.gift is not None
        assert card.gift.balance == 2500

    def test_a_duplicate_code_is_a_conflict_naming_code(self, ledger):
        """A code that exists: 409 duplicate_found on `code`."""
        # given
        ledger.create_voucher(VoucherInput(code="TWICE", discount=TEN_OFF))
        # when
        with pytest.raises(errors.DuplicateFound) as raised:
            ledger.create_voucher(VoucherInput(code="TWICE", discount=TEN_OFF))
        # then
        error = raised.value
        assert (error.http_status, error.field, error.resource_type) == (409, "code", "voucher")

    def test_an_unknown_campaign_is_not_found_naming_campaign_id(self, ledger):
        """`campaign_id` of no campaign: 404 not_found, resource_type campaign."""
        # given / when
        with pytest.raises(errors.ResourceNotFound) as raised:
            ledger.create_voucher(VoucherInput(code="X", discount=TEN_OFF,
                                               campaign_id="camp_missing"))
        # then
        assert (raised.value.resource_type, raised.value.field) == ("campaign", "campaign_id")
        with pytest.raises(errors.ResourceNotFound):
            ledger.get_voucher("X")

    def test_a_voucher_of_the_wrong_type_for_its_campaign_is_refused(self, ledger):
        """A DISCOUNT_VOUCHER cannot join a GIFT_VOUCHERS campaign: invalid_payload on `type`."""
        # given
        ledger.create_campaign(CampaignInput(name="Gifts", campaign_type="GIFT_VOUCHERS"))
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_voucher(VoucherInput(code="X", type=VoucherType.DISCOUNT_VOUCHER,
                                               discount=TEN_OFF, campaign="Gifts"))
        # then
        assert raised.value.field == "type"

    @pytest.mark.parametrize(
        ("given", "field"),
        [
            (VoucherInput(code="X"), "discount"),
            (VoucherInput(code="X", type=VoucherType.GIFT_VOUCHER), "gift.amount"),
            (VoucherInput(code="X", type=VoucherType.LOYALTY_CARD), "loyalty_card.points"),
        ],
    )
    def test_a_voucher_without_its_type_object_is_an_invalid_payload(self, ledger, given, field):
        """Each type needs its object: discount, gift.amount or loyalty_card.points."""
        # given / when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_voucher(given)
        # then
        assert raised.value.field == field

    def test_inverted_dates_are_an_invalid_payload_naming_expiration_date(self, ledger, build):
        """expiration_date before start_date is refused."""
        # given
        given = VoucherInput(code="X", discount=TEN_OFF, start_date=build.start,
                             expiration_date=build.start.replace(year=2025))
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_voucher(given)
        # then
        assert raised.value.field == "expiration_date"

    def test_an_unknown_code_is_not_found(self, ledger):
        """GET /v1/vouchers/{code} of no voucher: 404 not_found, resource_type voucher."""
        # given / when
        with pytest.raises(errors.ResourceNotFound) as raised:
            ledger.get_voucher("NOPE")
        # then
        assert (raised.value.http_status, raised.value.resource_type) == (404, "voucher")
    def test_an_unknown_gift_effect_is_an_invalid_payload(self, ledger):
        """`gift.effect` outside the enum is refused naming the field."""
        # given / when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_voucher(VoucherInput(code="G", type=VoucherType.GIFT_VOUCHER,
                                               gift_amount=1, gift_effect="BOGUS"))
        # then
        assert raised.value.field == "gift.effect"
    def test_an_empty_charset_names_the_code_config_charset_field(self, ledger):
        """`code_config.charset` must not be empty; the error names that field."""
        # given / when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_voucher(VoucherInput(discount=TEN_OFF,
                                               code_config=CodeConfigInput(charset="")))
        # then
        assert raised.value.field == "code_config.charset"


class TestCreateCampaign:
    def test_a_promotion_is_created_with_its_tiers_in_request_order(self, ledger):
        """`promotion.tiers` become tiers with `promo_` ids and hierarchy 1, 2."""
        # given
        given = CampaignInput(name="Summer", campaign_type="PROMOTION",
                              tiers=(TierInput(name="first", discount=TEN_OFF),
                                     TierInput(name="second")))
        # when
        campaign, tiers = ledger.create_campaign(given)
        # then
        assert campaign.id.startswith("camp_")
        assert [tier.name for tier in tiers] == ["first", "second"]
        assert [tier.hierarchy for tier in tiers] == [1, 2]
        assert all(tier.id.startswith("promo_") for tier in tiers)
        assert {tier.campaign_id for tier in tiers} == {campaign.id}

    def test_vouchers_count_generates_codes_from_the_template(self, ledger):
        """A DISCOUNT_COUPONS campaign with `vouchers_count` 3 holds three vouchers."""
        # given
        given = CampaignInput(name="Coupons", campaign_type="DISCOUNT_COUPONS",
                              voucher=VoucherInput(discount=TEN_OFF, quantity=1),
                              vouchers_count=3)
        # when
        campaign, _ = ledger.create_campaign(given)
        # then
        assert campaign.vouchers_count == 3

    def test_a_duplicate_name_is_a_conflict_naming_name(self, ledger):
        """A second campaign of the same name: 409 duplicate_found on `name`."""
        # given
        ledger.create_campaign(CampaignInput(name="Same", campaign_type="PROMOTION"))
        # when
        with pytest.raises(errors.DuplicateFound) as raised:
            ledger.create_campaign(CampaignInput(name="Same", campaign_type="PROMOTION"))
        # then
        assert (raised.value.field, raised.value.resource_type) == ("name", "campaign")

    @pytest.mark.parametrize(
        ("given", "field"),
        [
            (CampaignInput(campaign_type="PROMOTION"), "name"),
            (CampaignInput(name="X", campaign_type="PROMOTION",
                           voucher=VoucherInput(discount=TEN_OFF)), "voucher.type"),
            (CampaignInput(name="X", campaign_type="DISCOUNT_COUPONS",
                           tiers=(TierInput(name="t"),)), "promotion"),
            (CampaignInput(name="X", campaign_type="DISCOUNT_COUPONS", vouchers_count=2),
             "voucher"),
            (CampaignInput(name="X", campaign_type="PROMOTION", tiers=(TierInput(),)),
             "promotion.tiers[0].name"),
        ],
    )
    def test_a_malformed_campaign_is_an_invalid_payload_naming_the_field(
        self, ledger, given, field
    ):
        """Missing name/type, a template on a promotion, tiers elsewhere, and so on."""
        # given / when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_campaign(given)
        # then
        assert raised.value.field == field

    def test_a_refused_campaign_writes_nothing(self, ledger):
        """A campaign refused on its second tier leaves its name free."""
        # given
        bad = CampaignInput(name="Atomic", campaign_type="PROMOTION",
                            tiers=(TierInput(name="ok"), TierInput()))
        with pytest.raises(errors.InvalidPayload):
            ledger.create_campaign(bad)
        # when
        campaign, tiers = ledger.create_campaign(CampaignInput(name="Atomic",
                                                               campaign_type="PROMOTION"))
        # then
        assert (campaign.name, tiers) == ("Atomic", [])
    def test_an_unknown_campaign_type_is_an_invalid_payload(self, ledger):
        """`campaign_type` outside the enum is refused naming the field."""
        # given / when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_campaign(CampaignInput(name="X", campaign_type="BOGUS"))
        # then
        assert raised.value.field == "campaign_type"
    def test_an_unknown_campaign_mode_is_an_invalid_payload(self, ledger):
        """`type` outside AUTO_UPDATE/STATIC/STANDALONE is refused naming the field."""
        # given / when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_campaign(CampaignInput(name="X", campaign_type="PROMOTION",
                                                 type="BOGUS"))
        # then
        assert raised.value.field == "type"


class TestCreateTier:
    def test_a_tier_is_added_after_the_existing_ones(self, ledger):
        """POST /v1/promotions/{id}/tiers: hierarchy defaults to after the existing tiers."""
        # given
        campaign, _ = ledger.create_campaign(CampaignInput(
            name="P", campaign_type="PROMOTION", tiers=(TierInput(name="first"),)))
        # when
        tier, owner = ledger.create_tier(campaign.id, TierInput(name="second",
                                                                discount=TEN_OFF))
        # then
        assert (tier.hierarchy, tier.campaign_id, owner.id) == (2, campaign.id, campaign.id)
        assert (tier.active, tier.total_redeemed) == (True, 0)

    def test_an_unknown_campaign_is_not_found(self, ledger):
        """A tier for no campaign: 404 not_found, resource_type campaign."""
        # given / when
        with pytest.raises(errors.ResourceNotFound) as raised:
            ledger.create_tier("camp_missing", TierInput(name="t"))
        # then
        assert raised.value.resource_type == "campaign"

    def test_a_campaign_that_is_not_a_promotion_is_an_invalid_payload(self, ledger):
        """Tiers only belong to PROMOTION campaigns: invalid_payload on `campaignId`."""
        # given
        campaign, _ = ledger.create_campaign(CampaignInput(name="C",
                                                           campaign_type="DISCOUNT_COUPONS"))
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_tier(campaign.id, TierInput(name="t"))
        # then
        assert raised.value.field == "campaignId"

    def test_a_tier_without_a_name_is_an_invalid_payload(self, ledger):
        """`name` is required."""
        # given
        campaign, _ = ledger.create_campaign(CampaignInput(name="P", campaign_type="PROMOTION"))
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_tier(campaign.id, TierInput())
        # then
        assert raised.value.field == "name"


class TestCreateReward:
    def test_a_coin_reward_keeps_its_rates(self, ledger):
        """COIN: `exchange_ratio` and `points_ratio` kept as exact numbers."""
        # given / when
        reward = ledger.create_reward(RewardInput(
            name="pay", coin_exchange_ratio=Decimal(20), coin_points_ratio=Decimal(100),
            parameters_sent=("coin",)))
        # then
        assert reward.id.startswith("rew_")
        assert reward.type == "COIN"
        assert reward.coin is not None
        assert (reward.coin.exchange_ratio, reward.coin.points_ratio) == (20, 100)

    def test_a_campaign_reward_records_the_campaign_type(self, ledger):
        """CAMPAIGN: the referenced campaign's type is stored with it."""
        # given
        campaign, _ = ledger.create_campaign(CampaignInput(name="C",
                                                           campaign_type="DISCOUNT_COUPONS"))
        # when
        reward = ledger.create_reward(RewardInput(campaign_id=campaign.id,
                                                  parameters_sent=("campaign",)))
        # then
        assert reward.campaign is not None
        assert (reward.campaign.campaign_id, reward.campaign.campaign_type) == (
            campaign.id, "DISCOUNT_COUPONS")

    def test_an_unknown_reward_campaign_is_not_found(self, ledger):
        """`parameters.campaign.id` of no campaign: 404 not_found naming the field."""
        # given / when
        with pytest.raises(errors.ResourceNotFound) as raised:
            ledger.create_reward(RewardInput(campaign_id="camp_x", parameters_sent=("campaign",)))
        # then
        assert (raised.value.resource_type, raised.value.field) == (
            "campaign", "parameters.campaign.id")

    def test_a_gift_campaign_reward_without_balance_is_an_invalid_payload(self, ledger):
        """GIFT_VOUCHERS rewards need `parameters.campaign.balance`."""
        # given
        campaign, _ = ledger.create_campaign(CampaignInput(name="G",
                                                           campaign_type="GIFT_VOUCHERS"))
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_reward(RewardInput(campaign_id=campaign.id,
                                             parameters_sent=("campaign",)))
        # then
        assert raised.value.field == "parameters.campaign.balance"

    @pytest.mark.parametrize(
        ("given", "field"),
        [
            (RewardInput(), "parameters"),
            (RewardInput(parameters_sent=("coin", "product"), product_id="p"), "parameters"),
            (RewardInput(type="MATERIAL", coin_exchange_ratio=Decimal(1),
                         coin_points_ratio=Decimal(1), parameters_sent=("coin",)), "type"),
            (RewardInput(parameters_sent=("product",)), "parameters.product.id"),
            (RewardInput(parameters_sent=("coin",), coin_exchange_ratio=Decimal(1)),
             "parameters.coin"),
            (RewardInput(parameters_sent=("coin",), coin_exchange_ratio=Decimal(0),
                         coin_points_ratio=Decimal(1)), "parameters.coin.exchange_ratio"),
        ],
    )
    def test_a_malformed_reward_is_an_invalid_payload_naming_the_field(
        self, ledger, given, field
    ):
        """One parameters member, matching `type`, with its required fields."""
        # given / when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_reward(given)
        # then
        assert raised.value.field == field


class TestAssignRewards:
    def _program(self, ledger):
        campaign, _ = ledger.create_campaign(CampaignInput(
            name="Loyal", campaign_type="LOYALTY_PROGRAM", voucher=loyalty_template()))
        return campaign

    def _material(self, ledger):
        return ledger.create_reward(RewardInput(product_id="prod_1",
                                                parameters_sent=("product",)))

    def test_rewards_are_assigned_with_their_point_cost(self, ledger):
        """A MATERIAL reward costs its `points`; a COIN reward has no fixed cost."""
        # given
        program = self._program(ledger)
        material = self._material(ledger)
        coin = ledger.create_reward(RewardInput(coin_exchange_ratio=Decimal(1),
                                                coin_points_ratio=Decimal(1),
                                                parameters_sent=("coin",)))
        # when
        made = ledger.assign_rewards(program.id, [
            RewardAssignmentInput(reward=material.id, points=200),
            RewardAssignmentInput(reward=coin.id),
        ])
        # then
        assert [item.reward_id for item in made] == [material.id, coin.id]
        assert [item.points for item in made] == [200, None]
        assert all(item.id.startswith("rewa_") for item in made)

    def test_a_second_assignment_of_one_reward_is_a_conflict(self, ledger):
        """409 duplicate_found with resource_type reward_assignment."""
        # given
        program = self._program(ledger)
        material = self._material(ledger)
        ledger.assign_rewards(program.id, [RewardAssignmentInput(reward=material.id, points=1)])
        # when
        with pytest.raises(errors.DuplicateFound) as raised:
            ledger.assign_rewards(program.id, [RewardAssignmentInput(reward=material.id,
                                                                     points=1)])
        # then
        assert (raised.value.resource_type, raised.value.field) == ("reward_assignment",
                                                                   "[0].reward")

    def test_an_unknown_reward_is_not_found_and_nothing_is_assigned(self, ledger):
        """The second item names no reward: 404, and the first is not assigned either."""
        # given
        program = self._program(ledger)
        material = self._material(ledger)
        # when
        with pytest.raises(errors.ResourceNotFound) as raised:
            ledger.assign_rewards(program.id, [
                RewardAssignmentInput(reward=material.id, points=1),
                RewardAssignmentInput(reward="rew_missing"),
            ])
        # then
        assert (raised.value.resource_type, raised.value.field) == ("reward", "[1].reward")
        again = ledger.assign_rewards(program.id, [RewardAssignmentInput(reward=material.id,
                                                                         points=1)])
        assert len(again) == 1

    @pytest.mark.parametrize(("count", "field"), [(0, "$"),
                                                  (1, "[0].parameters.loyalty.points")])
    def test_a_malformed_assignment_is_an_invalid_payload(self, ledger, count, field):
        """An empty list, or a non-COIN reward without its point cost."""
        # given
        program = self._program(ledger)
        material = self._material(ledger)
        items = [RewardAssignmentInput(reward=material.id) for _ in range(count)]
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.assign_rewards(program.id, items)
        # then
        assert raised.value.field == field

    def test_an_unknown_or_non_loyalty_campaign_is_refused(self, ledger):
        """404 for no campaign; invalid_payload on `campaignId` for a promotion."""
        # given
        promotion, _ = ledger.create_campaign(CampaignInput(name="P",
                                                            campaign_type="PROMOTION"))
        material = self._material(ledger)
        item = [RewardAssignmentInput(reward=material.id, points=1)]
        # when / then
        with pytest.raises(errors.ResourceNotFound):
            ledger.assign_rewards("camp_missing", item)
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.assign_rewards(promotion.id, item)
        assert raised.value.field == "campaignId"


class TestPublishMember:
    def _program(self, ledger, mode="AUTO_UPDATE"):
        campaign, _ = ledger.create_campaign(CampaignInput(
            name=f"Loyal {mode}", campaign_type="LOYALTY_PROGRAM", type=mode,
            voucher=loyalty_template()))
        return campaign

    def _card(self, ledger, campaign, code):
        return ledger.create_voucher(VoucherInput(code=code, campaign_id=campaign.id))

    def test_publishing_a_card_makes_the_customer_its_holder(self, ledger):
        """The customer (created from its source id) becomes the holder; counts go up."""
        # given
        program = self._program(ledger)
        self._card(ledger, program, "CARD")
        # when
        card = ledger.publish_member(program.id, MemberInput(
            customer=CustomerInput(source_id="alice"), voucher="CARD"))
        # then
        assert card.holder_id is not None
        assert card.holder_id.startswith("cust_")
        assert card.publish_count == 1
        assert ledger.get_voucher("CARD").holder_id == card.holder_id

    def test_without_a_code_the_next_unpublished_card_is_used(self, ledger):
        """The oldest card without a holder is published."""
        # given
        program = self._program(ledger)
        self._card(ledger, program, "FIRST")
        self._card(ledger, program, "SECOND")
        # when
        card = ledger.publish_member(program.id, MemberInput(
            customer=CustomerInput(source_id="alice")))
        # then
        assert card.code == "FIRST"

    def test_an_auto_update_program_generates_a_card_when_none_is_left(self, ledger):
        """AUTO_UPDATE with no free card: a card is made from the template."""
        # given
        program = self._program(ledger)
        # when
        card = ledger.publish_member(program.id, MemberInput(
            customer=CustomerInput(source_id="alice")))
        # then
        assert card.campaign_id == program.id
        assert card.type is VoucherType.LOYALTY_CARD

    def test_a_static_program_without_a_free_card_has_none_suitable(self, ledger):
        """STATIC with no free card: no_voucher_suitable_for_publication."""
        # given
        program = self._program(ledger, "STATIC")
        # when / then
        with pytest.raises(errors.NoVoucherSuitableForPublication):
            ledger.publish_member(program.id, MemberInput(
                customer=CustomerInput(source_id="alice")))

    def test_a_published_card_cannot_be_published_again(self, ledger):
        """400 voucher_already_published naming `voucher`."""
        # given
        program = self._program(ledger)
        self._card(ledger, program, "CARD")
        ledger.publish_member(program.id, MemberInput(customer=CustomerInput(source_id="a"),
                                                      voucher="CARD"))
        # when
        with pytest.raises(errors.VoucherAlreadyPublished) as raised:
            ledger.publish_member(program.id, MemberInput(
                customer=CustomerInput(source_id="b"), voucher="CARD"))
        # then
        assert raised.value.field == "voucher"

    def test_a_card_of_another_program_is_an_invalid_voucher(self, ledger):
        """15.6 assumption: 400 invalid_voucher."""
        # given
        program = self._program(ledger)
        other = self._program(ledger, "STATIC")
        self._card(ledger, other, "ELSEWHERE")
        # when / then
        with pytest.raises(errors.InvalidVoucher):
            ledger.publish_member(program.id, MemberInput(
                customer=CustomerInput(source_id="a"), voucher="ELSEWHERE"))
        assert ledger.get_voucher("ELSEWHERE").holder_id is None

    @pytest.mark.parametrize(
        ("campaign", "member", "resource_type"),
        [
            ("camp_missing", MemberInput(customer=CustomerInput(source_id="a")), "campaign"),
            (None, MemberInput(customer=CustomerInput(source_id="a"), voucher="NOPE"),
             "voucher"),
            (None, MemberInput(customer=CustomerInput(id="cust_missing"), voucher="CARD"),
             "customer"),
        ],
    )
    def test_unknown_references_are_not_found(self, ledger, campaign, member, resource_type):
        """Unknown campaign, card or customer id: 404 not_found naming the resource."""
        # given
        program = self._program(ledger)
        self._card(ledger, program, "CARD")
        # when
        with pytest.raises(errors.ResourceNotFound) as raised:
            ledger.publish_member(campaign or program.id, member)
        # then
        assert raised.value.resource_type == resource_type
        assert ledger.get_voucher("CARD").holder_id is None

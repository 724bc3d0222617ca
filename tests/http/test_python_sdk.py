"""The official Python SDK (`voucherify` on PyPI) against a real server: a full cycle.

Every value is read through the SDK's own response models, so a field the SDK cannot
deserialize fails the test. Endpoints the SDK offers that we do not serve are listed in the
README ("The HTTP server"); the cycle below uses only served ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import voucherify
from voucherify import models as m

from tests.http.conftest import APP, CLIENT, CLIENT_TOKEN, TOKEN, Running


@pytest.fixture
def sdk(server: Running) -> Iterator[voucherify.ApiClient]:
    config = voucherify.Configuration(
        host=server.url, api_key={"X-App-Id": APP, "X-App-Token": TOKEN}
    )
    with voucherify.ApiClient(config) as client:
        yield client


def _vouchers(sdk: voucherify.ApiClient) -> None:
    vouchers = voucherify.VouchersApi(sdk)
    discount = vouchers.create_voucher("SAVE10", m.VouchersCreateWithSpecificCodeRequestBody(
        type="DISCOUNT_VOUCHER",
        discount=m.Discount(type="PERCENT", percent_off=10, effect="APPLY_TO_ORDER"),
        redemption=m.VouchersCreateWithSpecificCodeRequestBodyRedemption(quantity=5),
    ))
    assert discount.discount is not None and discount.discount.percent_off == 10
    gift = vouchers.create_voucher("GIFT-A", m.VouchersCreateWithSpecificCodeRequestBody(
        type="GIFT_VOUCHER", gift=m.Gift(amount=5000)))
    assert gift.gift is not None and gift.gift.balance == 5000


def _loyalty(sdk: voucherify.ApiClient) -> tuple[str, str]:
    """A loyalty program, alice's card with 1000 points, and a 300-point reward."""
    campaigns = voucherify.CampaignsApi(sdk)
    program = campaigns.create_campaign(m.CampaignsCreateRequestBody(
        name="Loyalty", campaign_type="LOYALTY_PROGRAM",
        voucher=m.CampaignsCreateRequestBodyVoucher(
            type="LOYALTY_CARD", loyalty_card=m.CampaignLoyaltyCard(points=0)),
    ))
    assert program.id is not None and program.campaign_type == "LOYALTY_PROGRAM"
    card = voucherify.VouchersApi(sdk).create_voucher(
        "CARD-1", m.VouchersCreateWithSpecificCodeRequestBody(
            type="LOYALTY_CARD", campaign_id=program.id,
            loyalty_card=m.SimpleLoyaltyCard(points=1000)))
    assert card.loyalty_card is not None and card.loyalty_card.balance == 1000
    loyalties = voucherify.LoyaltiesApi(sdk)
    # The SDK marks this endpoint deprecated (Voucherify prefers publications); it is ours.
    with pytest.warns(DeprecationWarning, match="members is deprecated"):
        member = loyalties.add_member(program.id, m.LoyaltiesMembersCreateRequestBody(
            customer=m.Customer(source_id="alice", name="Alice"), voucher="CARD-1"))
    assert member.code == "CARD-1"
    reward = voucherify.RewardsApi(sdk).create_reward(m.RewardsCreateRequestBody(
        name="mug", parameters=m.RewardsCreateRequestBodyParameters(
            product=m.RewardsCreateRequestBodyParametersProduct(id="prod_mug"))))
    assert reward.id is not None and reward.type == "MATERIAL"
    item = m.LoyaltiesRewardsCreateAssignmentItemRequestBody(
        reward=reward.id, parameters=m.LoyaltiesRewardsCreateAssignmentItemRequestBodyParameters(
            loyalty=m.LoyaltiesRewardsCreateAssignmentItemRequestBodyParametersLoyalty(points=300)))
    # DOMAIN.md 15.5 answers an array (one assignment per item); the SDK's model is one
    # object, so the raw answer is read and each item parsed with that model.
    with pytest.warns(DeprecationWarning, match="rewards is deprecated"):
        raw = loyalties.create_reward_assignment1_without_preload_content(program.id, [item])
    assert raw.status == 200
    assigned = [m.LoyaltiesRewardsCreateAssignmentResponseBody.from_dict(one)
                for one in json.loads(raw.data)]
    assert assigned[0] is not None and assigned[0].parameters is not None
    assert assigned[0].parameters.loyalty is not None
    assert assigned[0].parameters.loyalty.points == 300
    return program.id, reward.id


class TestTheOfficialPythonSdk:
    def test_a_team_runs_its_whole_cycle_through_the_sdk(self, sdk: voucherify.ApiClient) -> None:
        """Create, redeem a stack, read, list, roll back, read the customer, redeem a reward."""
        _vouchers(sdk)
        program_id, reward_id = _loyalty(sdk)
        redemptions = voucherify.RedemptionsApi(sdk)
        stacked = redemptions.redeem_stacked_discounts(m.RedemptionsRedeemRequestBody(
            redeemables=[
                m.RedemptionsRedeemRequestBodyRedeemablesItem(object="voucher", id="SAVE10"),
                m.RedemptionsRedeemRequestBodyRedeemablesItem(
                    object="voucher", id="GIFT-A",
                    gift=m.RedemptionsRedeemRequestBodyRedeemablesItemGift(credits=2000)),
            ],
            order=m.Order(source_id="o-1", amount=10000),
            customer=m.Customer(source_id="alice"),
        ))
        assert stacked.parent_redemption is not None and stacked.order is not None
        # 10% of 10000, then 2000 of gift credits on what is left.
        assert stacked.order.total_discount_amount == 3000
        assert stacked.order.total_amount == 7000
        assert [r.result for r in stacked.redemptions] == ["SUCCESS", "SUCCESS"]
        parent_id = stacked.parent_redemption.id

        got = redemptions.get_redemption(parent_id)
        assert got.id == parent_id and got.status == "SUCCEEDED"
        listed = redemptions.list_redemptions(
            limit=10, result="SUCCESS", customer="alice", order=m.ParameterOrderListRedemptions(
                "-created_at"))
        assert listed.total == 3 and {r.id for r in listed.redemptions} >= {parent_id}
        gift_entries = redemptions.get_voucher_redemptions("GIFT-A")
        assert gift_entries.redeemed_quantity == 1 and gift_entries.total == 1

        rolled = redemptions.rollback_stacked_redemptions(parent_id, reason="refund")
        assert rolled.parent_rollback.status == "SUCCEEDED"
        assert len(rolled.rollbacks) == 2
        gift = voucherify.VouchersApi(sdk).get_voucher("GIFT-A")
        assert gift.gift is not None and gift.gift.balance == 5000

        customers = voucherify.CustomersApi(sdk)
        alice = customers.get_customer("alice")
        assert alice.source_id == "alice" and alice.summary is not None
        activity = customers.list_customer_activity("alice", limit=50)
        types = [entry.type for entry in activity.data]
        assert "customer.redemption.succeeded" in types
        assert "customer.redemption.rollback.succeeded" in types

        with pytest.warns(DeprecationWarning, match="redemption is deprecated"):
            redeemed = voucherify.LoyaltiesApi(sdk).redeem_reward(
                "CARD-1", m.LoyaltiesMembersRedemptionRedeemRequestBody(
                    reward=m.LoyaltiesMembersRedemptionRedeemRequestBodyReward(id=reward_id)))
        assert redeemed.result == "SUCCESS" and redeemed.voucher is not None
        assert redeemed.voucher.loyalty_card.balance == 700
        assert redeemed.reward is not None and redeemed.reward.id == reward_id
        assert program_id == redeemed.voucher.campaign_id


class TestTheClientSideSdk:
    def test_a_client_key_redeems_through_the_client_side_api(self, server: Running) -> None:
        """A publishable client key redeems with the SDK's client-side call."""
        admin = voucherify.Configuration(host=server.url,
                                         api_key={"X-App-Id": APP, "X-App-Token": TOKEN})
        with voucherify.ApiClient(admin) as client:
            voucherify.VouchersApi(client).create_voucher(
                "GIFT-B", m.VouchersCreateWithSpecificCodeRequestBody(
                    type="GIFT_VOUCHER", gift=m.Gift(amount=1000)))
        public = voucherify.Configuration(host=server.url, api_key={
            "X-Client-Application-Id": CLIENT, "X-Client-Token": CLIENT_TOKEN})
        with voucherify.ApiClient(public) as client:
            redeemed = voucherify.ClientSideApi(client).redeem_stacked_discounts_client_side(
                "https://shop.example", m.ClientRedemptionsRedeemRequestBody(
                    redeemables=[m.ClientRedemptionsRedeemRequestBodyRedeemablesItem(
                        object="voucher", id="GIFT-B",
                        gift=m.ClientRedemptionsRedeemRequestBodyRedeemablesItemGift(
                            credits=400))],
                    order=m.Order(amount=1000)))
        assert redeemed.redemptions[0].result == "SUCCESS"
        assert redeemed.redemptions[0].channel.channel_id == CLIENT


class TestValidationsAndLifecycleThroughTheSdk:
    def test_validate_with_a_lock_then_release_it(
        self, sdk: voucherify.ApiClient, server: Running
    ) -> None:
        """validate_stacked_discounts with a LOCK session holds a use; releasing frees it."""
        vouchers = voucherify.VouchersApi(sdk)
        vouchers.create_voucher("ONCE", m.VouchersCreateWithSpecificCodeRequestBody(
            type="DISCOUNT_VOUCHER", discount=m.Discount(type="AMOUNT", amount_off=500),
            redemption=m.VouchersCreateWithSpecificCodeRequestBodyRedemption(quantity=1)))

        def validate(lock: bool) -> m.ValidationsValidateResponseBody:
            return voucherify.ValidationsApi(sdk).validate_stacked_discounts(
                m.ValidationsValidateRequestBody(
                    redeemables=[m.ValidationsValidateRequestBodyRedeemablesItem(
                        object="voucher", id="ONCE")],
                    order=m.Order(amount=2000),
                    session=m.Session(type="LOCK", ttl=1, ttl_unit="HOURS") if lock else None))

        locked = validate(lock=True)
        assert locked.valid is True and locked.order is not None
        assert locked.order.total_discount_amount == 500
        assert locked.session is not None and locked.session.key is not None
        assert validate(lock=False).valid is False  # the only use is held by the session
        vouchers.release_validation_session("ONCE", locked.session.key)
        assert validate(lock=False).valid is True

    def test_update_disable_enable_top_up_and_list_vouchers(
        self, sdk: voucherify.ApiClient
    ) -> None:
        """The catalog lifecycle through VouchersApi, read through its models."""
        vouchers = voucherify.VouchersApi(sdk)
        vouchers.create_voucher("GIFT-L", m.VouchersCreateWithSpecificCodeRequestBody(
            type="GIFT_VOUCHER", gift=m.Gift(amount=1000)))
        updated = vouchers.update_voucher("GIFT-L", m.VouchersUpdateRequestBody(
            metadata={"shelf": "A"}))
        assert updated.metadata == {"shelf": "A"}
        assert vouchers.disable_voucher("GIFT-L").active is False
        assert vouchers.enable_voucher("GIFT-L").active is True
        topped = vouchers.update_voucher_balance("GIFT-L", m.VouchersBalanceUpdateRequestBody(
            amount=500, reason="goodwill"))
        assert (topped.amount, topped.balance) == (500, 1500)
        listed = vouchers.list_vouchers(limit=10)
        assert [voucher.code for voucher in listed.vouchers] == ["GIFT-L"]
        assert listed.total == 1

    def test_create_a_customer_and_publish_a_voucher_to_them(
        self, sdk: voucherify.ApiClient
    ) -> None:
        """CustomersApi.create_customer and PublicationsApi.create_publication."""
        customer = voucherify.CustomersApi(sdk).create_customer(m.CustomersCreateRequestBody(
            source_id="bob", name="Bob", email="bob@example.com"))
        assert customer.id is not None and customer.source_id == "bob"
        voucherify.VouchersApi(sdk).create_voucher(
            "PUB-1", m.VouchersCreateWithSpecificCodeRequestBody(
                type="DISCOUNT_VOUCHER", discount=m.Discount(type="PERCENT", percent_off=5)))
        published = voucherify.PublicationsApi(sdk).create_publication(
            publications_create_request_body=m.PublicationsCreateRequestBody(
                voucher="PUB-1", customer=m.Customer(source_id="bob")))
        assert published.customer_id == customer.id
        assert published.voucher is not None and published.voucher.code == "PUB-1"

    def test_a_client_key_validates_through_the_client_side_api(self, server: Running) -> None:
        """validate_stacked_discounts_client_side with a client key: valid, nothing spent."""
        admin = voucherify.Configuration(host=server.url,
                                         api_key={"X-App-Id": APP, "X-App-Token": TOKEN})
        with voucherify.ApiClient(admin) as client:
            voucherify.VouchersApi(client).create_voucher(
                "GIFT-C", m.VouchersCreateWithSpecificCodeRequestBody(
                    type="GIFT_VOUCHER", gift=m.Gift(amount=1000)))
        public = voucherify.Configuration(host=server.url, api_key={
            "X-Client-Application-Id": CLIENT, "X-Client-Token": CLIENT_TOKEN})
        with voucherify.ApiClient(public) as client:
            checked = voucherify.ClientSideApi(client).validate_stacked_discounts_client_side(
                "https://shop.example", m.ClientValidationsValidateRequestBody(
                    redeemables=[m.ClientValidationsValidateRequestBodyRedeemablesItem(
                        object="voucher", id="GIFT-C")],
                    order=m.Order(amount=400)))
        assert checked.valid is True and checked.order is not None
        assert checked.order.total_discount_amount == 400
        assert server.ledger.get_voucher("GIFT-C").gift.balance == 1000

"""The catalog lifecycle over gRPC (DOMAIN.md 17): the AIP-style RPCs do what their JSON
endpoints do, field masks and page tokens included, and refuse bad input naming the field.
Method: a served ledger (`world`); each test calls the RPCs under test over a real channel.
"""

from __future__ import annotations

import grpc
from google.protobuf import field_mask_pb2

from redemption_core.adapters.grpc._generated import lifecycle_pb2 as lifecycle
from tests.grpc.world import World, catalog, common, redeem_request, service, use, use_gift


def _card_campaign(world: World, name: str = "Cards") -> str:
    given = catalog.CampaignInput(
        name=name,
        campaign_type=common.CAMPAIGN_TYPE_GIFT_VOUCHERS,
        voucher=catalog.CampaignVoucher(
            type=common.VOUCHER_TYPE_GIFT_VOUCHER, gift=common.GiftAmount(amount=5000)
        ),
    )
    return str(
        world.call("CreateCampaign", service.CreateCampaignRequest(campaign=given)).campaign.id
    )


class TestVoucherLifecycle:
    def test_update_with_a_mask_changes_only_the_named_fields(self, world: World) -> None:
        """UpdateVoucher: `category` in the mask changes; `additional_info` outside does not."""
        world.discount_voucher("TEN", additional_info="keep")
        request = lifecycle.UpdateVoucherRequest(
            code="TEN",
            voucher=catalog.VoucherInput(category="spring", additional_info="lost"),
            update_mask=field_mask_pb2.FieldMask(paths=["category"]),
        )
        updated = world.call("UpdateVoucher", request).voucher
        assert (updated.category, updated.additional_info) == ("spring", "keep")

    def test_an_unknown_mask_path_is_refused_naming_update_mask(self, world: World) -> None:
        world.discount_voucher("TEN")
        request = lifecycle.UpdateVoucherRequest(
            code="TEN", update_mask=field_mask_pb2.FieldMask(paths=["code"])
        )
        failure = world.failure("UpdateVoucher", request)
        assert failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert "update_mask" in [field for field, _ in failure.violations] or (
            "update_mask" in failure.message
        )

    def test_a_quantity_below_what_is_used_is_refused(self, world: World) -> None:
        """`redemption.quantity` under `redeemed_quantity`: INVALID_ARGUMENT, nothing changed."""
        world.discount_voucher("TEN")
        world.redeem(use("TEN"))
        world.redeem(use("TEN"))
        request = lifecycle.UpdateVoucherRequest(
            code="TEN",
            voucher=catalog.VoucherInput(redemption=common.RedemptionQuantity(quantity=1)),
            update_mask=field_mask_pb2.FieldMask(paths=["redemption.quantity"]),
        )
        failure = world.failure("UpdateVoucher", request)
        assert failure.code is grpc.StatusCode.INVALID_ARGUMENT
        assert "redemption.quantity" in failure.message
        found = world.call("GetVoucher", service.GetVoucherRequest(code="TEN")).voucher
        assert not found.redemption.HasField("quantity")

    def test_disable_refuses_redemptions_and_enable_restores_them(self, world: World) -> None:
        """DisableVoucher -> `voucher_disabled`; EnableVoucher -> redeems."""
        world.discount_voucher("TEN")
        assert not world.call(
            "DisableVoucher", lifecycle.DisableVoucherRequest(code="TEN")
        ).voucher.active
        failure = world.failure("Redeem", redeem_request(use("TEN")))
        assert failure.reason == "voucher_disabled"
        assert world.call(
            "EnableVoucher", lifecycle.EnableVoucherRequest(code="TEN")
        ).voucher.active
        assert world.redeem(use("TEN")).redemptions[0].id

    def test_list_pages_with_the_token_and_delete_leaves_a_tombstone(self, world: World) -> None:
        """ListVouchers newest first by page token; DeleteVoucher hides the voucher."""
        for code in ("A", "B", "C"):
            world.discount_voucher(code)
        first = world.call("ListVouchers", lifecycle.ListVouchersRequest(page_size=2))
        second = world.call(
            "ListVouchers",
            lifecycle.ListVouchersRequest(page_size=2, page_token=first.next_page_token),
        )
        assert [item.code for item in first.vouchers] == ["C", "B"]
        assert [item.code for item in second.vouchers] == ["A"]
        assert second.next_page_token == ""
        world.call("DeleteVoucher", lifecycle.DeleteVoucherRequest(code="B"))
        after = world.call("ListVouchers", lifecycle.ListVouchersRequest())
        assert [item.code for item in after.vouchers] == ["C", "A"]
        assert (
            world.failure("GetVoucher", service.GetVoucherRequest(code="B")).code
            is grpc.StatusCode.NOT_FOUND
        )


class TestBalanceAndTransactions:
    def test_an_adjustment_and_a_redemption_are_listed_with_signs(self, world: World) -> None:
        """AdjustVoucherBalance then Redeem: ListVoucherTransactions newest first."""
        card = world.gift_card("GIFT", 1000)
        adjusted = world.call(
            "AdjustVoucherBalance",
            lifecycle.AdjustVoucherBalanceRequest(code="GIFT", amount=500, reason="top-up"),
        )
        assert (adjusted.balance.balance, adjusted.balance.total) == (1500, 1500)
        assert adjusted.balance.related_object_id == card.id
        world.redeem(use_gift("GIFT", 700), amount=700)
        page = world.call(
            "ListVoucherTransactions",
            lifecycle.ListVoucherTransactionsRequest(code="GIFT", page_size=1),
        )
        assert [(item.type, item.amount) for item in page.transactions] == [
            (lifecycle.VOUCHER_TRANSACTION_TYPE_CREDITS_REDEMPTION, -700)
        ]
        rest = world.call(
            "ListVoucherTransactions",
            lifecycle.ListVoucherTransactionsRequest(code="GIFT", page_token=page.next_page_token),
        )
        assert [(item.type, item.amount) for item in rest.transactions] == [
            (lifecycle.VOUCHER_TRANSACTION_TYPE_CREDITS_ADDITION, 500)
        ]

    def test_below_zero_and_a_discount_voucher_are_refused(self, world: World) -> None:
        world.gift_card("GIFT", 100)
        world.discount_voucher("TEN")
        below = world.failure(
            "AdjustVoucherBalance", lifecycle.AdjustVoucherBalanceRequest(code="GIFT", amount=-101)
        )
        discount = world.failure(
            "AdjustVoucherBalance", lifecycle.AdjustVoucherBalanceRequest(code="TEN", amount=1)
        )
        assert below.code is grpc.StatusCode.INVALID_ARGUMENT and "amount" in below.message
        assert discount.reason == "invalid_voucher"

    def test_a_retry_with_the_request_id_adjusts_once(self, world: World) -> None:
        world.gift_card("GIFT", 100)
        request = lifecycle.AdjustVoucherBalanceRequest(code="GIFT", amount=5, request_id="r-1")
        first = world.call("AdjustVoucherBalance", request)
        again = world.call("AdjustVoucherBalance", request)
        assert first.transaction.id == again.transaction.id
        assert again.balance.balance == 105


class TestCampaignsCustomersPublications:
    def test_a_campaign_day(self, world: World) -> None:
        """Add codes, publish one to a customer, disable and enable the campaign."""
        campaign_id = _card_campaign(world)
        world.call(
            "AddCampaignVoucher",
            lifecycle.AddCampaignVoucherRequest(campaign_id=campaign_id, code="CARD-1"),
        )
        duplicate = world.failure(
            "AddCampaignVoucher",
            lifecycle.AddCampaignVoucherRequest(campaign_id=campaign_id, code="CARD-1"),
        )
        assert duplicate.reason == "duplicate_found"
        published = world.call(
            "CreatePublication",
            lifecycle.CreatePublicationRequest(
                customer=common.CustomerInput(source_id="ann"),
                campaign=lifecycle.PublicationCampaign(name="Cards"),
            ),
        )
        assert list(published.publication.voucher_codes) == ["CARD-1"]
        assert published.vouchers[0].holder_id == published.publication.customer_id
        empty = world.failure(
            "CreatePublication",
            lifecycle.CreatePublicationRequest(
                customer=common.CustomerInput(source_id="bea"),
                campaign=lifecycle.PublicationCampaign(name="Cards"),
            ),
        )
        assert empty.reason == "no_voucher_suitable_for_publication"
        world.call("DisableCampaign", lifecycle.DisableCampaignRequest(campaign_id="Cards"))
        assert (
            world.failure("Redeem", redeem_request(use_gift("CARD-1", 1), amount=1)).reason
            == "voucher_disabled"
        )
        enabled = world.call("EnableCampaign", lifecycle.EnableCampaignRequest(campaign_id="Cards"))
        assert enabled.campaign.active
        got = world.call("GetCampaign", lifecycle.GetCampaignRequest(campaign_id=campaign_id))
        assert got.campaign.vouchers_count == 1
        feed = world.call(
            "ListCustomerActivities", service.ListCustomerActivitiesRequest(customer_id="ann")
        )
        assert [item.type for item in feed.data] == ["customer.publication.succeeded"]

    def test_customers_are_created_listed_updated_and_deleted(self, world: World) -> None:
        made = world.call(
            "CreateCustomer",
            lifecycle.CreateCustomerRequest(
                customer=common.CustomerInput(source_id="cy", name="Cy")
            ),
        ).customer
        updated = world.call(
            "UpdateCustomer",
            lifecycle.UpdateCustomerRequest(
                customer_id="cy",
                customer=common.CustomerInput(email="cy@x.io"),
                update_mask=field_mask_pb2.FieldMask(paths=["email"]),
            ),
        ).customer
        assert (updated.id, updated.name, updated.email) == (made.id, "Cy", "cy@x.io")
        listed = world.call("ListCustomers", lifecycle.ListCustomersRequest())
        assert [item.source_id for item in listed.customers] == ["cy"]
        world.call("DeleteCustomer", lifecycle.DeleteCustomerRequest(customer_id="cy"))
        assert world.call("ListCustomers", lifecycle.ListCustomersRequest()).total == 0
        assert world.call("ListPublications", lifecycle.ListPublicationsRequest()).total == 0

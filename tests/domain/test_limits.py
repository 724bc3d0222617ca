"""Every bound the domain enforces, at the bound and one past it (STYLE P22).

Goal: each named constant of `domain/limits.py` that the domain itself enforces, and the
retry bounds of the service (`CONFLICT_RETRIES_MAX`) and of code generation
(`CODE_ATTEMPTS_MAX`), is shown to accept its bound and refuse one more, with the refusal
reported as a business error that names the field and changes nothing. Constants that only
an adapter enforces are listed, so a new constant cannot slip in untested.
Method: use cases through the embedded `Ledger`; a scripted id source and a conflicting
store (fakes, not mocks) drive the two retry loops.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import pytest

from redemption_core import (
    CampaignInput,
    CustomerInput,
    Ledger,
    MemberInput,
    MemoryStore,
    OrderInput,
    OrderItemInput,
    RedeemCommand,
    Redemption,
    RollbackCommand,
    SequentialIds,
    StackingRules,
    SteppingClock,
    TierInput,
    VoucherInput,
    VoucherType,
    errors,
)
from redemption_core.domain.model import limits
from redemption_core.domain.model.campaign import CampaignMode
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.model.rules import FieldError
from redemption_core.domain.ports import StoreConflict, UnitOfWork
from redemption_core.domain.read_side.activity import ActivityQuery
from redemption_core.domain.use_cases import catalog
from redemption_core.domain.use_cases import ledger as ledger_module
from redemption_core.domain.use_cases.commands import CodeConfigInput

T = TypeVar("T")

ENFORCED_BY_THE_DOMAIN = {
    "REDEEMABLES_PER_REQUEST_MAX", "ORDER_ITEMS_MAX", "METADATA_KEYS_MAX", "METADATA_BYTES_MAX",
    "STRING_LENGTH_MAX", "MONEY_MINOR_UNITS_MAX", "POINTS_MAX", "PERCENT_OFF_MAX",
    "ROLLBACK_WINDOW_MONTHS", "CAMPAIGN_VOUCHERS_GENERATED_MAX", "TIERS_PER_CAMPAIGN_MAX",
    "PUBLISH_SCAN_MAX", "IDEMPOTENCY_KEY_LENGTH_MAX", "EVENTS_PAGE_MAX",
    "CUSTOMER_RECORDS_SCAN_MAX", "ACTIVITIES_SCANNED_MAX", "JSON_DEPTH_MAX",
    "INTEGER_MAGNITUDE_MAX",
    # validations, sessions and rules: tested in tests/domain/test_validation_limits.py
    "RULE_LOGIC_LENGTH_MAX", "RULE_LOGIC_DEPTH_MAX", "VALIDATION_RULE_DEPTH_MAX",
    "VALIDATION_RULES_PER_SET_MAX", "RULE_CONDITION_VALUES_MAX",
    "RULE_ASSIGNMENTS_PER_OBJECT_MAX", "RULE_RECORDS_SCANNED_MAX",
    "VALIDATION_RULES_LISTED_MAX", "SESSION_TTL_SECONDS_MAX",
    "SESSION_LOCKS_PER_VOUCHER_MAX", "SESSION_KEY_LENGTH_MAX",
}
"""Each is tested below (or in the file named)."""

ENFORCED_BY_ADAPTERS = {
    "PAGE_SIZE_MAX", "PAGE_NUMBER_MAX", "REQUEST_BYTES_MAX", "REQUEST_DEPTH_MAX",
}
"""List pages and request bodies exist only at the JSON edge; its tests own these
(REQUEST_DEPTH_MAX: tests/badinput/test_defects.py)."""


def metadata_of_size(size: int) -> dict[str, str]:
    """A metadata object whose compact UTF-8 JSON is exactly `size` bytes: {"k":"xx..."}."""
    return {"k": "x" * (size - len('{"k":""}'))}


def metadata_with_keys(count: int) -> dict[str, int]:
    return {f"k{index}": index for index in range(count)}


class TestEveryLimitIsCovered:
    def test_every_constant_of_limits_is_tested_here_or_owned_by_an_adapter(self):
        """A new limit must join one of the two lists (and get its tests)."""
        # given
        declared = {name for name in vars(limits) if name.isupper()}
        # when
        covered = ENFORCED_BY_THE_DOMAIN | ENFORCED_BY_ADAPTERS
        # then
        assert declared == covered


class TestRedeemablesPerRequest:
    def test_thirty_redeemables_are_redeemed_as_one_stack(self, build):
        """REDEEMABLES_PER_REQUEST_MAX = 30 items are accepted: 30 children and a parent."""
        # given
        codes = [f"C{index}" for index in range(limits.REDEEMABLES_PER_REQUEST_MAX)]
        for code in codes:
            build.discount_voucher(code, amount_off=1)
        # when
        result = build.redeem(*(build.use(code) for code in codes), amount=1000)
        # then
        assert len(result.redemptions) == 30
        assert result.order is not None
        assert result.order.discount_amount == 30

    def test_thirty_one_redeemables_are_an_invalid_payload_and_nothing_is_recorded(self, build):
        """One past the bound: 400 invalid_payload on `redeemables`, no `rf_`."""
        # given
        codes = [f"C{index}" for index in range(limits.REDEEMABLES_PER_REQUEST_MAX + 1)]
        for code in codes:
            build.discount_voucher(code, amount_off=1)
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.redeem(*(build.use(code) for code in codes), amount=1000)
        # then
        assert raised.value.field == "redeemables"
        assert build.records(Redemption) == []
        assert build.voucher("C0").redeemed_quantity == 0

    @pytest.mark.parametrize(("limit", "accepted"), [(1, True), (30, True), (0, False),
                                                     (31, False)])
    def test_the_redeemables_limit_setting_lies_between_one_and_thirty(self, limit, accepted):
        """`redeemables_limit` is 1-30 (8.2)."""
        # given / when
        try:
            StackingRules(redeemables_limit=limit, applicable_redeemables_limit=1)
            built = True
        except FieldError as error:
            assert error.field == "redeemables_limit"
            built = False
        # then
        assert built is accepted

    def test_a_lower_redeemables_limit_refuses_one_more_item(self, new_build):
        """`redeemables_limit` 2: two items pass, three are an invalid_payload."""
        # given
        build = new_build(redeemables_limit=2, applicable_redeemables_limit=2)
        for code in ("A", "B", "C"):
            build.discount_voucher(code, amount_off=1)
        # when
        result = build.redeem(build.use("A"), build.use("B"), amount=100)
        with pytest.raises(errors.InvalidPayload):
            build.redeem(build.use("A"), build.use("B"), build.use("C"), amount=100)
        # then
        assert len(result.redemptions) == 2
        assert build.voucher("C").redeemed_quantity == 0


class TestOrderItems:
    def test_five_hundred_items_are_accepted(self, build):
        """ORDER_ITEMS_MAX = 500 items on one order."""
        # given
        build.discount_voucher("D", amount_off=100)
        items = tuple(OrderItemInput(quantity=1, price=10) for _ in range(limits.ORDER_ITEMS_MAX))
        # when
        result = build.redeem(build.use("D"), order=OrderInput(items=items))
        # then
        assert result.order is not None
        assert (len(result.order.items), result.order.amount) == (500, 5000)

    def test_five_hundred_and_one_items_are_an_invalid_payload(self, build):
        """One item more is refused and no redemption is recorded."""
        # given
        build.discount_voucher("D", amount_off=100)
        items = tuple(
            OrderItemInput(quantity=1, price=10) for _ in range(limits.ORDER_ITEMS_MAX + 1)
        )
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.redeem(build.use("D"), order=OrderInput(items=items))
        # then
        assert raised.value.field.endswith("items")
        assert build.records(Redemption) == []
    def test_too_many_items_name_the_order_items_field(self, build):
        """The error names `order.items`, the wire path of the offending field."""
        # given
        build.discount_voucher("D", amount_off=100)
        items = tuple(OrderItemInput(amount=1) for _ in range(limits.ORDER_ITEMS_MAX + 1))
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.redeem(build.use("D"), order=OrderInput(items=items))
        # then
        assert raised.value.field == "order.items"


def nested(depth: int) -> dict[str, Any]:
    """A JSON object nesting `depth` levels of objects (itself level 1)."""
    value: dict[str, Any] = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


class TestJsonDepth:
    def test_metadata_nesting_exactly_the_depth_limit_is_stored(self, build):
        """JSON_DEPTH_MAX = 20 levels of objects and arrays, the metadata itself level 1."""
        # given
        build.discount_voucher("D", amount_off=1)
        # when
        result = build.redeem(build.use("D"), metadata=nested(limits.JSON_DEPTH_MAX))
        # then
        assert result.redemptions[0].metadata == nested(limits.JSON_DEPTH_MAX)

    def test_metadata_one_level_deeper_is_refused_naming_the_member(self, build):
        """21 levels: invalid_payload on the 21st member's path, nothing recorded."""
        # given
        build.discount_voucher("D", amount_off=1)
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.redeem(build.use("D"), metadata=nested(limits.JSON_DEPTH_MAX + 1))
        # then
        assert raised.value.field == "metadata" + ".a" * limits.JSON_DEPTH_MAX
        assert build.records(Redemption) == []


class TestIntegerMagnitude:
    @pytest.mark.parametrize(("points", "refused"), [
        (limits.INTEGER_MAGNITUDE_MAX, False), (limits.INTEGER_MAGNITUDE_MAX + 1, True),
        (-limits.INTEGER_MAGNITUDE_MAX - 1, True), (10**4_400, True),
    ], ids=["the bound", "one past", "one past below", "4,400 digits"])
    def test_any_integer_of_a_command_is_bounded_before_it_is_used(self, build, points, refused):
        """INTEGER_MAGNITUDE_MAX = 2**63 - 1: the bound passes on to the field's own rules
        (here: more points than the card holds); one past it is invalid_payload on `points`."""
        # given
        _, coin = build.loyalty_card("CARD", 10)
        before = build.voucher("CARD")
        # when
        try:
            build.redeem(build.use_points("CARD", coin, points), amount=100, customer="alice")
        except errors.InvalidPayload as error:
            found = error.field
        except errors.LoyaltyCardPointsExceeded:
            found = None
        # then
        assert found == ("redeemables[0].points" if refused else None)
        assert build.voucher("CARD").loyalty_card == before.loyalty_card


class TestMetadata:
    def test_redemption_metadata_of_a_hundred_keys_is_stored(self, build):
        """METADATA_KEYS_MAX = 100 keys on the request's metadata."""
        # given
        build.discount_voucher("D", amount_off=1)
        # when
        result = build.redeem(build.use("D"), metadata=metadata_with_keys(100))
        # then
        assert len(result.redemptions[0].metadata) == 100

    def test_redemption_metadata_of_a_hundred_and_one_keys_is_refused(self, build):
        """101 keys: invalid_payload on `metadata`, nothing recorded."""
        # given
        build.discount_voucher("D", amount_off=1)
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.redeem(build.use("D"), metadata=metadata_with_keys(101))
        # then
        assert raised.value.field == "metadata"
        assert build.records(Redemption) == []

    def test_redemption_metadata_of_exactly_the_byte_limit_is_stored(self, build):
        """METADATA_BYTES_MAX = 16 384 bytes of compact JSON."""
        # given
        build.discount_voucher("D", amount_off=1)
        metadata = metadata_of_size(limits.METADATA_BYTES_MAX)
        # when
        result = build.redeem(build.use("D"), metadata=metadata)
        # then
        assert result.redemptions[0].metadata == metadata

    def test_redemption_metadata_one_byte_over_is_refused(self, build):
        """16 385 bytes: invalid_payload on `metadata`."""
        # given
        build.discount_voucher("D", amount_off=1)
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.redeem(build.use("D"), metadata=metadata_of_size(limits.METADATA_BYTES_MAX + 1))
        # then
        assert raised.value.field == "metadata"

    @pytest.mark.parametrize(("keys", "accepted"), [(100, True), (101, False)])
    def test_voucher_metadata_keys_are_bounded(self, ledger, keys, accepted):
        """The same bound applies to catalog metadata (a voucher here)."""
        # given
        given = VoucherInput(code="M", discount=Discount(type=DiscountType.AMOUNT, amount_off=1),
                             metadata=metadata_with_keys(keys))
        # when
        try:
            ledger.create_voucher(given)
            created = True
        except errors.InvalidPayload as error:
            assert error.field == "metadata"
            created = False
        # then
        assert created is accepted

    def test_customer_metadata_over_the_bound_names_the_customer_field(self, build):
        """A customer upserted with 101 metadata keys: invalid_payload on `customer.metadata`."""
        # given
        build.discount_voucher("D", amount_off=1)
        customer = CustomerInput(source_id="c", metadata=metadata_with_keys(101))
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.ledger.redeem(RedeemCommand(redeemables=(build.use("D"),), customer=customer))
        # then
        assert raised.value.field == "customer.metadata"
    def test_rollback_metadata_over_the_bound_is_an_invalid_payload(self, build):
        """101 metadata keys on a rollback body: invalid_payload, nothing rolled back."""
        # given
        build.discount_voucher("D", amount_off=1)
        redemption = build.redeem(build.use("D")).redemptions[0]
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.ledger.rollback(RollbackCommand(redemption_id=redemption.id,
                                                  metadata=metadata_with_keys(101)))
        # then
        assert raised.value.field == "metadata"


class TestStringLength:
    @pytest.mark.parametrize(("length", "accepted"), [(1000, True), (1001, False)])
    def test_a_voucher_code_is_at_most_a_thousand_characters(self, ledger, length, accepted):
        """STRING_LENGTH_MAX = 1 000 characters; one more names `code`."""
        # given
        given = VoucherInput(code="x" * length,
                             discount=Discount(type=DiscountType.AMOUNT, amount_off=1))
        # when
        try:
            ledger.create_voucher(given)
            created = True
        except errors.InvalidPayload as error:
            assert error.field == "code"
            created = False
        # then
        assert created is accepted

    @pytest.mark.parametrize(("length", "accepted"), [(1000, True), (1001, False)])
    def test_a_customer_name_is_at_most_a_thousand_characters(self, build, length, accepted):
        """A customer upserted with a 1 001-character name: invalid_payload on customer.name."""
        # given
        build.discount_voucher("D", amount_off=1)
        customer = CustomerInput(source_id="c", name="n" * length)
        # when
        try:
            command = RedeemCommand(redeemables=(build.use("D"),), customer=customer)
            result = build.ledger.redeem(command)
            assert result.redemptions[0].customer.name == "n" * length
            redeemed = True
        except errors.InvalidPayload as error:
            assert error.field == "customer.name"
            redeemed = False
        # then
        assert redeemed is accepted
    def test_a_rollback_reason_over_the_bound_is_an_invalid_payload(self, build):
        """A 1 001-character rollback reason is refused as invalid_payload."""
        # given
        build.discount_voucher("D", amount_off=1)
        redemption = build.redeem(build.use("D")).redemptions[0]
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            build.ledger.rollback(RollbackCommand(redemption_id=redemption.id, reason="r" * 1001))
        # then
        assert raised.value.field == "reason"


class TestMoneyAndPoints:
    @pytest.mark.parametrize(("amount", "accepted"),
                             [(limits.MONEY_MINOR_UNITS_MAX, True),
                              (limits.MONEY_MINOR_UNITS_MAX + 1, False)])
    def test_a_gift_card_holds_at_most_the_money_bound(self, ledger, amount, accepted):
        """MONEY_MINOR_UNITS_MAX = 10**15 minor units on a gift card; one more is refused."""
        # given
        given = VoucherInput(code="G", type=VoucherType.GIFT_VOUCHER, gift_amount=amount)
        # when
        try:
            created = ledger.create_voucher(given).gift.balance == amount
        except errors.InvalidPayload:
            created = False
        # then
        assert created is accepted

    @pytest.mark.parametrize(("points", "accepted"),
                             [(limits.POINTS_MAX, True), (limits.POINTS_MAX + 1, False)])
    def test_a_loyalty_card_holds_at_most_the_points_bound(self, ledger, points, accepted):
        """POINTS_MAX = 10**15 points on a loyalty card; one more is refused."""
        # given
        given = VoucherInput(code="L", type=VoucherType.LOYALTY_CARD, loyalty_points=points)
        # when
        try:
            created = ledger.create_voucher(given).loyalty_card.balance == points
        except errors.InvalidPayload:
            created = False
        # then
        assert created is accepted

    @pytest.mark.parametrize(("amount", "accepted"),
                             [(limits.MONEY_MINOR_UNITS_MAX, True),
                              (limits.MONEY_MINOR_UNITS_MAX + 1, False)])
    def test_an_order_amount_is_at_most_the_money_bound(self, build, amount, accepted):
        """An order of 10**15 is discounted; one more names `order.amount`."""
        # given
        build.discount_voucher("D", amount_off=1)
        # when
        try:
            result = build.redeem(build.use("D"), amount=amount)
            redeemed = result.order.total_amount == amount - 1
        except errors.InvalidPayload as error:
            assert error.field == "order.amount"
            redeemed = False
        # then
        assert redeemed is accepted
    def test_an_out_of_range_gift_amount_names_the_gift_amount_field(self, ledger):
        """The error names `gift.amount`, the field of the request body."""
        # given
        given = VoucherInput(code="G", type=VoucherType.GIFT_VOUCHER,
                             gift_amount=limits.MONEY_MINOR_UNITS_MAX + 1)
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_voucher(given)
        # then
        assert raised.value.field == "gift.amount"
    def test_out_of_range_loyalty_points_name_the_loyalty_card_points_field(self, ledger):
        """The error names `loyalty_card.points`, the field of the request body."""
        # given
        given = VoucherInput(code="L", type=VoucherType.LOYALTY_CARD,
                             loyalty_points=limits.POINTS_MAX + 1)
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_voucher(given)
        # then
        assert raised.value.field == "loyalty_card.points"


class TestPercentOff:
    def test_a_hundred_percent_discount_pays_the_whole_order(self, build):
        """PERCENT_OFF_MAX = 100: the order total becomes 0."""
        # given
        build.discount_voucher("ALL", "PERCENT", percent_off=limits.PERCENT_OFF_MAX)
        # when
        result = build.redeem(build.use("ALL"), amount=12345)
        # then
        assert result.order is not None
        assert result.order.total_amount == 0

    def test_a_percent_above_a_hundred_is_refused_naming_the_field(self):
        """101 % cannot be constructed."""
        # given / when
        with pytest.raises(FieldError) as raised:
            Discount(type=DiscountType.PERCENT,
                     percent_off=Decimal(limits.PERCENT_OFF_MAX + 1))
        # then
        assert raised.value.field == "percent_off"


class TestRollbackWindowAtTheMonthEnd:
    def test_three_months_after_the_thirtieth_of_november_is_the_end_of_february(
        self, build, ledger
    ):
        """Redeemed 2025-11-30: allowed on 2026-02-28 at the same time, refused 1 ms later."""
        # given
        build.clock.set(datetime(2025, 11, 30, 10, tzinfo=UTC))
        build.discount_voucher("D", amount_off=1)
        early = build.redeem(build.use("D")).redemptions[0]
        late = build.redeem(build.use("D")).redemptions[0]
        # when
        build.clock.set(early.date.replace(year=2026, month=2, day=28))
        allowed = ledger.rollback(RollbackCommand(redemption_id=early.id))
        build.clock.set(late.date.replace(year=2026, month=2, day=28) + timedelta(milliseconds=1))
        with pytest.raises(errors.InvalidRollbackParams):
            ledger.rollback(RollbackCommand(redemption_id=late.id))
        # then
        assert allowed.date == early.date.replace(year=2026, month=2, day=28)
        assert limits.ROLLBACK_WINDOW_MONTHS == 3
        assert build.voucher("D").redeemed_quantity == 1


class TestTiersPerCampaign:
    def test_a_campaign_takes_a_hundred_tiers_and_refuses_the_next(self, build, ledger):
        """TIERS_PER_CAMPAIGN_MAX = 100 through POST /promotions/{id}/tiers."""
        # given
        campaign = build.campaign("Promo", "PROMOTION")
        for index in range(limits.TIERS_PER_CAMPAIGN_MAX - 1):
            ledger.create_tier(campaign.id, TierInput(name=f"t{index}"))
        # when
        last, _ = ledger.create_tier(campaign.id, TierInput(name="the hundredth"))
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_tier(campaign.id, TierInput(name="one too many"))
        # then
        assert last.hierarchy == 100
        assert raised.value.field == "campaignId"

    def test_a_campaign_created_with_a_hundred_tiers_returns_them_all(self, ledger):
        """100 tiers in `promotion.tiers` are all created and returned."""
        # given
        given = CampaignInput(name="Big", campaign_type="PROMOTION",
                              tiers=tuple(TierInput(name=f"t{index}") for index in range(100)))
        # when
        _, tiers = ledger.create_campaign(given)
        # then
        assert len(tiers) == 100
    def test_a_campaign_created_with_a_hundred_and_one_tiers_is_refused(self, ledger):
        """101 tiers in `promotion.tiers`: invalid_payload, no campaign created."""
        # given
        given = CampaignInput(name="Huge", campaign_type="PROMOTION",
                              tiers=tuple(TierInput(name=f"t{index}") for index in range(101)))
        # when
        with pytest.raises(errors.InvalidPayload):
            ledger.create_campaign(given)
        # then: the name is still free
        ledger.create_campaign(CampaignInput(name="Huge", campaign_type="PROMOTION"))


class TestGeneratedVouchers:
    def test_a_campaign_may_generate_a_thousand_codes(self, ledger):
        """CAMPAIGN_VOUCHERS_GENERATED_MAX = 1 000 codes from `vouchers_count`."""
        # given
        template = VoucherInput(type=VoucherType.GIFT_VOUCHER, gift_amount=100)
        # when
        campaign, _ = ledger.create_campaign(CampaignInput(
            name="Gifts", campaign_type="GIFT_VOUCHERS", voucher=template,
            vouchers_count=limits.CAMPAIGN_VOUCHERS_GENERATED_MAX))
        # then
        assert campaign.vouchers_count == 1000

    def test_a_thousand_and_one_codes_are_refused(self, ledger):
        """1 001 codes: invalid_payload on `vouchers_count`, and no campaign is created."""
        # given
        template = VoucherInput(type=VoucherType.GIFT_VOUCHER, gift_amount=100)
        given = CampaignInput(name="Gifts", campaign_type="GIFT_VOUCHERS", voucher=template,
                              vouchers_count=limits.CAMPAIGN_VOUCHERS_GENERATED_MAX + 1)
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_campaign(given)
        # then
        assert raised.value.field == "vouchers_count"
        made, _ = ledger.create_campaign(CampaignInput(name="Gifts", campaign_type="PROMOTION"))
        assert made.name == "Gifts"


def _static_program_with_cards(ledger: Ledger, cards: int, published: int) -> Any:
    """A STATIC loyalty program with `cards` cards, the first `published` of them published."""
    program, _ = ledger.create_campaign(CampaignInput(
        name="Static", campaign_type="LOYALTY_PROGRAM", type=CampaignMode.STATIC.value,
        voucher=VoucherInput(type=VoucherType.LOYALTY_CARD, loyalty_points=0)))
    for index in range(cards):
        ledger.create_voucher(VoucherInput(code=f"C{index}", campaign_id=program.id))
    for index in range(published):
        ledger.publish_member(program.id, MemberInput(
            customer=CustomerInput(source_id=f"c{index}"), voucher=f"C{index}"))
    return program


class TestPublishScan:
    def test_the_last_card_within_the_scan_is_published(self, ledger):
        """PUBLISH_SCAN_MAX = 10 000: with 9 999 cards published, the 10 000th is found."""
        # given
        bound = limits.PUBLISH_SCAN_MAX
        program = _static_program_with_cards(ledger, bound, bound - 1)
        # when
        published = ledger.publish_member(program.id, MemberInput(
            customer=CustomerInput(source_id="at-bound")))
        # then
        assert published.code == f"C{bound - 1}"
        assert published.holder_id is not None
    def test_a_card_beyond_the_scan_is_not_found_by_a_static_campaign(self, ledger):
        """The 10 000 oldest cards published: a STATIC campaign finds none beyond the scan."""
        # given
        bound = limits.PUBLISH_SCAN_MAX
        program = _static_program_with_cards(ledger, bound + 1, bound)
        # when
        with pytest.raises(errors.NoVoucherSuitableForPublication):
            ledger.publish_member(program.id, MemberInput(
                customer=CustomerInput(source_id="past-bound")))
        # then
        assert ledger.get_voucher(f"C{bound}").holder_id is None


class TestIdempotencyKeyLength:
    @pytest.mark.parametrize(("length", "accepted"),
                             [(1, True), (limits.IDEMPOTENCY_KEY_LENGTH_MAX, True),
                              (0, False), (limits.IDEMPOTENCY_KEY_LENGTH_MAX + 1, False)])
    def test_a_key_is_one_to_two_hundred_fifty_five_characters(self, build, length, accepted):
        """IDEMPOTENCY_KEY_LENGTH_MAX = 255; an empty or longer key names `idempotency_key`."""
        # given
        build.discount_voucher("D", amount_off=1)
        # when
        try:
            build.redeem(build.use("D"), idempotency_key="k" * length)
            redeemed = True
        except errors.InvalidPayload as error:
            assert error.field == "idempotency_key"
            redeemed = False
        # then
        assert redeemed is accepted
        assert build.voucher("D").redeemed_quantity == (1 if accepted else 0)


class ScriptedIds(SequentialIds):
    """Sequential ids, except that one-character tokens come from a script (codes)."""

    def __init__(self, script: list[str]) -> None:
        super().__init__()
        self.script = list(script)
        self.drawn = 0

    def new_token(self, length: int, alphabet: str = "") -> str:
        if length == 1:
            self.drawn += 1
            return self.script.pop(0)
        return super().new_token(length)


class TestCodeGenerationAttempts:
    def _ledger(self, taken: str, script: str) -> tuple[Ledger, ScriptedIds]:
        ids = ScriptedIds(list(script))
        ledger = Ledger(MemoryStore(), clock=SteppingClock(datetime(2026, 1, 1, tzinfo=UTC)),
                        ids=ids)
        discount = Discount(type=DiscountType.AMOUNT, amount_off=1)
        for code in taken:
            ledger.create_voucher(VoucherInput(code=code, discount=discount))
        return ledger, ids

    def test_a_free_code_found_at_the_last_attempt_is_used(self):
        """Nine generated codes collide; the tenth (CODE_ATTEMPTS_MAX) is free and used."""
        # given
        ledger, ids = self._ledger(taken="abcdefghi", script="abcdefghij")
        config = CodeConfigInput(pattern="#")
        discount = Discount(type=DiscountType.AMOUNT, amount_off=1)
        # when
        made = ledger.create_voucher(VoucherInput(discount=discount, code_config=config))
        # then
        assert (made.code, ids.drawn) == ("j", catalog.CODE_ATTEMPTS_MAX)

    def test_ten_collisions_give_up_with_invalid_payload(self):
        """Ten generated codes collide: the eleventh is never tried; code_config is named."""
        # given
        ledger, ids = self._ledger(taken="abcdefghij", script="abcdefghijk")
        config = CodeConfigInput(pattern="#")
        discount = Discount(type=DiscountType.AMOUNT, amount_off=1)
        # when
        with pytest.raises(errors.InvalidPayload) as raised:
            ledger.create_voucher(VoucherInput(discount=discount, code_config=config))
        # then
        assert raised.value.field == "code_config"
        assert ids.drawn == catalog.CODE_ATTEMPTS_MAX


class ConflictingStore:
    """A memory store whose first `conflicts` transactions lose a compare-and-swap race."""

    def __init__(self, conflicts: int) -> None:
        self.inner = MemoryStore()
        self.conflicts = conflicts
        self.attempts = 0

    def unit_of_work(self) -> Any:
        return self.inner.unit_of_work()

    def transact(self, work: Callable[[UnitOfWork], T]) -> T:
        self.attempts += 1
        if self.attempts <= self.conflicts:
            raise StoreConflict("lost the race")
        return self.inner.transact(work)

    def close(self) -> None:
        self.inner.close()


class TestConflictRetries:
    def test_a_request_that_wins_on_the_last_retry_succeeds(self):
        """CONFLICT_RETRIES_MAX - 1 lost races, then a win: the voucher is created."""
        # given
        store = ConflictingStore(conflicts=ledger_module.CONFLICT_RETRIES_MAX - 1)
        ledger = Ledger(store, ids=SequentialIds())
        # when
        made = ledger.create_voucher(VoucherInput(code="G", type=VoucherType.GIFT_VOUCHER,
                                                  gift_amount=1))
        # then
        assert made.code == "G"
        assert store.attempts == ledger_module.CONFLICT_RETRIES_MAX

    def test_a_request_that_always_loses_gives_up_with_store_busy(self):
        """CONFLICT_RETRIES_MAX lost races: store_busy (503), no further attempt."""
        # given
        store = ConflictingStore(conflicts=ledger_module.CONFLICT_RETRIES_MAX)
        ledger = Ledger(store, ids=SequentialIds())
        # when
        with pytest.raises(errors.StoreBusy) as raised:
            ledger.create_voucher(VoucherInput(code="G", type=VoucherType.GIFT_VOUCHER,
                                               gift_amount=1))
        # then
        assert (raised.value.code, raised.value.http_status) == ("store_busy", 503)
        assert store.attempts == ledger_module.CONFLICT_RETRIES_MAX


class TestEventsPage:
    def test_a_full_page_of_events_is_read(self, build):
        """EVENTS_PAGE_MAX events may be asked for at once."""
        # given
        build.discount_voucher("OFF", amount_off=100)
        build.redeem(build.use("OFF"), amount=1000)
        # when
        events = build.ledger.events_after(0, limits.EVENTS_PAGE_MAX)
        # then
        assert [event.type.value for _, event in events] == ["redemption.succeeded"]

    def test_one_more_than_a_page_is_an_invalid_query(self, build):
        """One past the bound: invalid_query_params naming `limit`."""
        # when
        with pytest.raises(errors.InvalidQueryParams) as raised:
            build.ledger.events_after(0, limits.EVENTS_PAGE_MAX + 1)
        # then
        assert raised.value.field == "limit"


class TestCustomerRecordsScan:
    """The counts of a summary are kept at write time (read_models.py) and exact; the
    bound covers the cards read for the balances still to go (docs/decisions.md)."""

    def test_a_summary_adds_up_the_cards_up_to_the_scan_bound(self, build, monkeypatch):
        """With the bound at 2, a customer's 2 loyalty cards are both counted."""
        # given
        monkeypatch.setattr(limits, "CUSTOMER_RECORDS_SCAN_MAX", 2)
        for code in ("C1", "C2"):
            build.loyalty_card(code, 100, holder="alice")
        # when
        _, summary = build.ledger.get_customer("alice")
        # then
        assert summary.loyalty_points_to_go == 200

    def test_cards_past_the_scan_bound_are_not_read(self, build, monkeypatch):
        """One past the bound: the balances cover the first 2 cards, the counts all records."""
        # given
        monkeypatch.setattr(limits, "CUSTOMER_RECORDS_SCAN_MAX", 2)
        for code in ("C1", "C2", "C3"):
            build.loyalty_card(code, 100, holder="alice")
        build.discount_voucher("OFF", amount_off=100)
        for _ in range(3):
            build.redeem(build.use("OFF"), amount=1000, customer="alice")
        # when
        _, summary = build.ledger.get_customer("alice")
        # then
        assert (summary.loyalty_points_to_go, summary.total_redeemed) == (200, 3)


class TestActivitiesScanned:
    """Filtering activities by campaign reads at most ACTIVITIES_SCANNED_MAX of them."""

    @staticmethod
    def _redeem_times(build, count: int) -> None:
        build.discount_voucher("OFF", amount_off=1)
        for _ in range(count):
            build.redeem(build.use("OFF"), amount=1000, customer="alice")

    def test_a_page_that_reads_up_to_the_bound_is_answered(self, build, monkeypatch):
        """With the bound at 100 and 100 activities of no campaign: an empty last page."""
        # given
        monkeypatch.setattr(limits, "ACTIVITIES_SCANNED_MAX", 100)
        self._redeem_times(build, 100)
        # when
        page = build.ledger.customer_activities("alice", ActivityQuery(campaign_id="camp_x"))
        # then
        assert page.activities == ()
        assert page.has_more is False

    def test_a_page_that_would_read_past_the_bound_is_refused(self, build, monkeypatch):
        """One activity more: invalid_query_params naming campaign_id, nothing guessed."""
        # given
        monkeypatch.setattr(limits, "ACTIVITIES_SCANNED_MAX", 100)
        self._redeem_times(build, 101)
        # when
        with pytest.raises(errors.InvalidQueryParams) as raised:
            build.ledger.customer_activities("alice", ActivityQuery(campaign_id="camp_x"))
        # then
        assert raised.value.field == "campaign_id"

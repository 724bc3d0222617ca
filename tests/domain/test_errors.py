"""Failure codes: one hierarchy, a closed set, a fixed precedence (DOMAIN.md 9.1, 6.2, 10.3;
STYLE P5-P7).

Goal: show that every concrete failure class carries its wire code and HTTP status, that the
codes are exactly those of DOMAIN.md 10.3 plus a short documented list of others, and that
an input breaking two rules reports the one that comes first in the documented order (9.1
for redemptions, the module docstring of `roll_back.py` for rollbacks).
Method: introspect `errors.py` against a copy of the 10.3 table (checked against the spec
file when it is beside the repository), then drive doubly-broken requests through the
embedded `Ledger`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest

from redemption_core import CustomerInput, OrderInput, RollbackCommand, errors
from redemption_core.domain.model.validity import Validity

SPEC_TABLE = {
    "not_found": 404, "resource_not_found": 404, "voucher_disabled": 400,
    "voucher_not_active": 400, "voucher_expired": 400, "voucher_not_active_now": 400,
    "promotion_inactive": 400, "promotion_not_active_now": 400, "quantity_exceeded": 400,
    "gift_amount_exceeded": 400, "loyalty_card_points_exceeded": 400,
    "customer_rules_violated": 400, "order_rules_violated": 400,
    "redemption_rules_violated": 400, "metadata_validation_failed": 400,
    "referrer_not_permitted_to_redeem": 400, "invalid_customer": 400, "missing_customer": 400,
    "invalid_order": 400, "invalid_amount": 400, "missing_amount": 400, "missing_order": 400,
    "missing_order_items": 400, "missing_order_items_amount": 400, "missing_reward": 400,
    "invalid_gift": 400, "invalid_payload": 400, "invalid_query_params": 400,
    "duplicated_redeemables": 400, "invalid_redeemables": 400,
    "no_applicable_redeemables": 400, "multiple_requests": 400, "already_rolled_back": 400,
    "invalid_redemption": 400, "invalid_redemption_parent": 400,
    "invalid_rollback_params": 400, "ambiguous_tracking_id": 400, "forbidden": 403,
}
"""DOMAIN.md 10.3: key -> HTTP status."""

NOT_EMITTED = {"resource_not_found"}
"""10.3 lists it as the older name of `not_found`; 9.1 and 12.10 choose `not_found`."""

OTHER_DOCUMENTED_CODES = {
    "duplicate_found": 409,  # 15: a code or campaign name that already exists
    "voucher_already_published": 400,  # 15.6
    "no_voucher_suitable_for_publication": 400,  # 15.6
    "invalid_voucher": 400,  # 15.6 assumption: a card of another campaign
    "idempotency_key_reused": 409,  # STYLE P8: same key, different fields
    "store_busy": 503,  # the store could not serve the request; nothing written
    "store_unavailable": 503,  # the store cannot write now (disk full); retry later
    "invalid_validation_rules": 400,  # 16.3: a rule set with an unsupported part
}

SHARED_BY_DESIGN = {"invalid_customer", "invalid_order"}
"""Codes 10.3 gives one meaning at redemption and another at rollback (6.2)."""

SPEC_FILE = Path(__file__).resolve().parents[2] / "spec" / "DOMAIN.md"


def leaves() -> list[type[errors.RedemptionError]]:
    return errors.leaf_classes()


class TestErrorHierarchy:
    def test_every_leaf_is_a_redemption_error_with_a_code_a_message_and_a_status(self):
        """Each concrete class has a non-empty code and message and a 10.2 status."""
        # given
        statuses = {400, 403, 404, 409, 503}
        # when
        found = leaves()
        # then
        assert found
        for leaf in found:
            assert issubclass(leaf, errors.RedemptionError)
            assert leaf.code
            assert leaf.message
            assert leaf.http_status in statuses

    def test_only_the_codes_the_spec_gives_two_meanings_are_shared(self):
        """Shared codes are limited to invalid_customer/invalid_order, with one status."""
        # given
        by_code: dict[str, list[type[errors.RedemptionError]]] = defaultdict(list)
        for leaf in leaves():
            by_code[leaf.code].append(leaf)
        # when
        shared = {code: classes for code, classes in by_code.items() if len(classes) > 1}
        # then
        assert set(shared) <= SHARED_BY_DESIGN
        for classes in shared.values():
            assert len({leaf.http_status for leaf in classes}) == 1

    def test_the_codes_cover_the_spec_table(self):
        """Every key of 10.3 (except the older alias) is the code of some class."""
        # given
        codes = {leaf.code for leaf in leaves()}
        # when
        missing = set(SPEC_TABLE) - NOT_EMITTED - codes
        # then
        assert missing == set()

    def test_the_codes_are_a_closed_documented_set(self):
        """No code outside 10.3 and the short list of other documented codes."""
        # given
        documented = set(SPEC_TABLE) | set(OTHER_DOCUMENTED_CODES)
        # when
        undocumented = {leaf.code for leaf in leaves()} - documented
        # then
        assert undocumented == set()

    def test_each_code_carries_the_documented_http_status(self):
        """404 not_found, 403 forbidden, 409 duplicates, 400 for the rest of 10.3."""
        # given
        table = SPEC_TABLE | OTHER_DOCUMENTED_CODES
        # when
        wrong = {leaf.__name__: leaf.http_status for leaf in leaves()
                 if leaf.http_status != table[leaf.code]}
        # then
        assert wrong == {}

    def test_the_copied_table_matches_the_spec_file(self):
        """The keys and statuses above are those of DOMAIN.md 10.3 when the file is at hand."""
        # given
        if not SPEC_FILE.exists():
            pytest.skip(f"{SPEC_FILE} is not beside the repository")
        text = SPEC_FILE.read_text(encoding="utf-8")
        section = text.split("### 10.3", 1)[1].split("\n## ", 1)[0]
        # when
        rows = re.findall(r"^\| `([a-z_]+)` \| (\d{3})", section, flags=re.MULTILINE)
        # then
        assert {key: int(status) for key, status in rows} == SPEC_TABLE

    def test_a_broken_invariant_is_not_a_business_failure(self):
        """InvariantViolation never maps to a code (P5)."""
        # given
        broken = errors.InvariantViolation("a bug")
        # when / then
        assert not isinstance(broken, errors.RedemptionError)
        assert not issubclass(errors.InvariantViolation, errors.RedemptionError)
        assert not hasattr(errors.InvariantViolation, "code")

    def test_the_message_is_built_from_the_structured_fields(self):
        """`str(error)` = code (field): message: details."""
        # given
        error = errors.GiftAmountExceeded("requested 9, balance 5", field="redeemables[0]")
        # when
        text = str(error)
        # then
        assert text == "gift_amount_exceeded (redeemables[0]): gift amount exceeded: " \
                       "requested 9, balance 5"

    def test_an_error_points_at_the_record_that_documents_it(self):
        """`with_record` sets resource_id/resource_type to the `rf_`/`rrf_` record."""
        # given
        error = errors.AlreadyRolledBack("r_1")
        # when
        pointed = error.with_record("rrf_1", "redemption_rollback")
        # then
        assert (pointed.resource_id, pointed.resource_type) == ("rrf_1", "redemption_rollback")


class TestRedeemPrecedence:
    """9.1: resolve -> active -> dates -> quantity -> holder -> order -> type-specific."""

    def test_disabled_and_expired_reports_voucher_disabled(self, build):
        """Step 2 (active) comes before step 3 (dates)."""
        # given
        build.discount_voucher("D", amount_off=1, active=False,
                               expiration_date=build.start + timedelta(hours=1))
        build.clock.advance(timedelta(hours=2))
        # when / then
        with pytest.raises(errors.VoucherDisabled):
            build.redeem(build.use("D"))

    def test_disabled_and_not_yet_started_reports_voucher_disabled(self, build):
        """Step 2 comes before the start date."""
        # given
        build.discount_voucher("D", amount_off=1, active=False,
                               start_date=build.start + timedelta(days=1))
        # when / then
        with pytest.raises(errors.VoucherDisabled):
            build.redeem(build.use("D"))

    def test_expired_and_exhausted_reports_voucher_expired(self, build):
        """Step 3 (dates) comes before step 4 (quantity)."""
        # given
        build.discount_voucher("D", amount_off=1, quantity=1,
                               expiration_date=build.start + timedelta(hours=1))
        build.redeem(build.use("D"))
        build.clock.advance(timedelta(hours=2))
        # when / then
        with pytest.raises(errors.VoucherExpired):
            build.redeem(build.use("D"))

    def test_not_started_and_exhausted_reports_voucher_not_active(self, build):
        """The start date is checked before the quantity."""
        # given
        build.discount_voucher("D", amount_off=1, quantity=0,
                               start_date=build.start + timedelta(days=1))
        # when / then
        with pytest.raises(errors.VoucherNotActive):
            build.redeem(build.use("D"))

    def test_outside_its_window_and_exhausted_reports_voucher_not_active_now(self, build):
        """Recurring windows (step 3) come before the quantity (step 4)."""
        # given
        build.discount_voucher("D", amount_off=1, quantity=0,
                               validity=Validity(days_of_week=(0,)))
        # when / then
        with pytest.raises(errors.VoucherNotActiveNow):
            build.redeem(build.use("D"))

    def test_exhausted_and_not_the_holder_reports_quantity_exceeded(self, build):
        """Step 4 (quantity) comes before step 5 (holder)."""
        # given
        _, reward = build.loyalty_card("L", 100, holder="alice", quantity=0)
        # when / then
        with pytest.raises(errors.QuantityExceeded):
            build.redeem(build.use_points("L", reward, 1), amount=100, customer="bob")

    def test_not_the_holder_and_no_reward_reports_invalid_customer(self, build):
        """Step 5 (holder) comes before the type-specific reward check."""
        # given
        build.loyalty_card("L", 100, holder="alice")
        # when / then
        with pytest.raises(errors.InvalidCustomer):
            build.redeem(build.use("L"), amount=100, customer="bob")

    def test_no_reward_and_no_order_reports_missing_reward(self, build):
        """Without a reward it is unknown whether an order is needed: missing_reward first."""
        # given
        build.loyalty_card("L", 100)
        # when / then
        with pytest.raises(errors.MissingReward):
            build.redeem(build.use("L"), customer="alice")

    def test_no_order_and_too_many_credits_reports_missing_order(self, build):
        """Step 7 (order) comes before the gift balance check (step 8)."""
        # given
        build.gift_card("G", 100)
        # when / then
        with pytest.raises(errors.MissingOrder):
            build.redeem(build.use_gift("G", 1000))

    def test_an_inactive_and_expired_tier_reports_promotion_inactive(self, build):
        """For tiers too, the active flag comes before the dates."""
        # given
        tier = build.tier(amount_off=1, active=False,
                          expiration_date=build.start + timedelta(hours=1))
        build.clock.advance(timedelta(hours=2))
        # when / then
        with pytest.raises(errors.PromotionInactive):
            build.redeem(build.use_tier(tier), amount=100)

    def test_in_a_stack_the_earliest_failing_item_is_reported(self, build):
        """An expired first item wins over an unknown second (found while resolving)."""
        # given
        build.discount_voucher("OLD", amount_off=1,
                               expiration_date=build.start + timedelta(hours=1))
        build.clock.advance(timedelta(hours=2))
        # when
        with pytest.raises(errors.VoucherExpired) as raised:
            build.redeem(build.use("OLD"), build.use("UNKNOWN"), amount=100)
        # then
        assert raised.value.redeemable_id == "OLD"

    def test_the_request_shape_is_checked_before_any_redeemable(self, build):
        """A disabled voucher named twice: duplicated_redeemables, nothing recorded."""
        # given
        build.discount_voucher("OFF", amount_off=1, active=False)
        # when
        with pytest.raises(errors.DuplicatedRedeemables) as raised:
            build.redeem(build.use("OFF"), build.use("OFF"))
        # then
        assert raised.value.resource_id is None


class TestRollbackPrecedence:
    """roll_back.py: not found -> failed -> child -> parent on /rollback -> already rolled
    back -> older than 3 months -> customer -> order."""

    def test_a_rolled_back_child_reports_invalid_redemption_parent(self, build, ledger):
        """Being a child comes before being rolled back already."""
        # given
        build.discount_voucher("A", amount_off=1)
        build.discount_voucher("B", amount_off=1)
        stacked = build.redeem(build.use("A"), build.use("B"), amount=100)
        ledger.rollback_stack(RollbackCommand(redemption_id=stacked.parent.id))
        # when / then
        with pytest.raises(errors.InvalidRedemptionParent):
            ledger.rollback(RollbackCommand(redemption_id=stacked.redemptions[0].id))

    def test_rolled_back_and_too_old_reports_already_rolled_back(self, build, ledger):
        """already_rolled_back comes before the three-month window."""
        # given
        build.discount_voucher("A", amount_off=1)
        redemption = build.redeem(build.use("A")).redemptions[0]
        ledger.rollback(RollbackCommand(redemption_id=redemption.id))
        build.clock.advance(timedelta(days=200))
        # when / then
        with pytest.raises(errors.AlreadyRolledBack):
            ledger.rollback(RollbackCommand(redemption_id=redemption.id))

    def test_too_old_and_another_customer_reports_invalid_rollback_params(self, build, ledger):
        """The window comes before the customer check."""
        # given
        build.discount_voucher("A", amount_off=1)
        redemption = build.redeem(build.use("A"), customer="alice").redemptions[0]
        build.clock.advance(timedelta(days=200))
        # when / then
        with pytest.raises(errors.InvalidRollbackParams):
            ledger.rollback(RollbackCommand(redemption_id=redemption.id,
                                            customer=CustomerInput(source_id="bob")))

    def test_another_customer_and_another_order_reports_invalid_customer(self, build, ledger):
        """The customer check comes before the order check."""
        # given
        build.discount_voucher("A", amount_off=1)
        redemption = build.redeem(build.use("A"), customer="alice",
                                  order=OrderInput(source_id="o-1", amount=100)).redemptions[0]
        # when
        with pytest.raises(errors.RedemptionError) as raised:
            ledger.rollback(RollbackCommand(redemption_id=redemption.id,
                                            customer=CustomerInput(source_id="bob"),
                                            order=OrderInput(source_id="o-2")))
        # then
        assert isinstance(raised.value, errors.RollbackCustomerMismatch)

    def test_an_unknown_id_reports_not_found_whatever_the_body(self, ledger):
        """Resolving the target comes first."""
        # given: nothing
        # when
        with pytest.raises(errors.ResourceNotFound) as raised:
            ledger.rollback(RollbackCommand(redemption_id="r_x",
                                            customer=CustomerInput(id="cust_x")))
        # then
        assert raised.value.resource_type == "redemption"

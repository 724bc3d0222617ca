"""The named limits and bad input of validations, sessions and rule sets (DOMAIN.md 16).

Goal: each limit of limits.py this feature adds accepts its bound and refuses one more,
with a 400 naming the field (`invalid_validation_rules` for a rule set, `invalid_payload`
for a session) and nothing stored. Counted limits too large to reach in a unit test
(`RULE_RECORDS_SCANNED_MAX`, `VALIDATION_RULES_LISTED_MAX`, `SESSION_LOCKS_PER_VOUCHER_MAX`)
are shown with the store's bound lowered by monkeypatching the constant
(`RULE_RECORDS_SCANNED_MAX` on a period count: the all-time campaign figures are kept
counters, without a scan or its bound).
"""

from __future__ import annotations

from typing import Any

import pytest

from redemption_core import OrderInput, RedeemCommand, errors
from redemption_core.domain.model import limits
from redemption_core.domain.use_cases.sessions import SessionInput, SessionLock, TtlUnit
from redemption_core.domain.use_cases.validation_rules import (
    AssignedKind,
    RuleAssignment,
    ValidationRule,
    ValidationRuleInput,
)
from tests.conftest import Build


def amount_rule(**extra: Any) -> dict[str, Any]:
    return {"name": "order.amount", "conditions": {"$more_than": [0]}, **extra}


def create(build: Build, rules: Any) -> ValidationRule:
    return build.ledger.create_validation_rule(ValidationRuleInput(name="r", rules=rules))


def refused(build: Build, rules: Any) -> errors.RedemptionError:
    with pytest.raises(errors.InvalidValidationRules) as caught:
        create(build, rules)
    assert build.records(ValidationRule) == []
    return caught.value


class TestRuleSetShape:
    @pytest.mark.parametrize(("rules", "field", "reason"), [
        ({"1": {"name": "order.weight", "conditions": {"$is": [1]}}}, "$.rules.1.name",
         "not a supported rule name"),
        ({"1": amount_rule(), "3": {"name": "order.amount",
                                    "conditions": {"$timeframe": [1]}}},
         "$.rules.3.conditions.$timeframe", "not a supported condition"),
        ({"1": amount_rule(conditions={"$more_than": ["100"]})},
         "$.rules.1.conditions.$more_than[0]", "must be an integer"),
        ({"1": amount_rule(conditions={"$more_than": [1.5]})},
         "$.rules.1.conditions.$more_than[0]", "must be an integer"),
        ({"1": amount_rule(conditions={"$more_than": [1, 2]})},
         "$.rules.1.conditions.$more_than", "exactly one value"),
        ({"1": amount_rule(conditions={"$is": []})}, "$.rules.1.conditions.$is", "non-empty"),
        ({"1": amount_rule(), "logic": "1 and 2"}, "$.rules.logic", "rule 2 does not exist"),
        ({"1": amount_rule(), "logic": "1 and (1"}, "$.rules.logic", "not closed"),
        ({"1": amount_rule(), "logic": 1}, "$.rules.logic", "must be a string"),
        ({"1": {"name": "customer.metadata", "conditions": {"$is": ["x"]}}},
         "$.rules.1.property", "is required"),
        ({"1": amount_rule(property="x")}, "$.rules.1.property", "not used"),
        ({"1": {"name": "product.price", "conditions": {"$is": [1]}}}, "$.rules.1.name",
         "sub-rule"),
        ({"1": amount_rule(rules={"1": amount_rule()})}, "$.rules.1.rules",
         "only order.items rules"),
        ({"1": amount_rule(bundle_rules={})}, "$.rules.1.bundle_rules", "not a supported key"),
        ({"one": amount_rule()}, "$.rules.one", "numbers from 1"),
        ({}, "$.rules", "at least one rule"),
        ({"1": {"name": "order.items.any",
                "conditions": {"$is": [{"id": "p1", "object": "category"}]}}},
         "$.rules.1.conditions.$is[0].object", "product or sku"),
    ])
    def test_an_unsupported_or_malformed_part_is_refused_naming_its_path(self, build: Build,
                                                                         rules, field, reason):
        """400 invalid_validation_rules with the JSON path; nothing stored."""
        # when
        error = refused(build, rules)
        # then
        assert error.field == field
        assert reason in error.details


class TestRuleSetLimits:
    def test_sub_rules_reach_the_depth_limit_and_no_further(self, build: Build):
        """VALIDATION_RULE_DEPTH_MAX = 2: item rules with sub-rules; sub-sub-rules refused."""
        # given
        sub = {"name": "product.quantity", "conditions": {"$more_than": [0]}}
        item = {"name": "order.items.any", "conditions": {}, "rules": {"1": sub}}
        too_deep = {"name": "order.items.any", "conditions": {},
                    "rules": {"1": {**sub, "rules": {"1": sub}}}}
        # when / then
        assert limits.VALIDATION_RULE_DEPTH_MAX == 2
        create(build, {"1": item})
        with pytest.raises(errors.InvalidValidationRules) as deep:
            create(build, {"1": too_deep})
        assert deep.value.field == "$.rules.1.rules.1.rules"
        assert "deeper than 2" in deep.value.details

    def test_a_set_holds_at_most_the_named_number_of_rules(self, build: Build):
        """VALIDATION_RULES_PER_SET_MAX rules pass; one more is refused naming $.rules."""
        # given
        most = {str(number): amount_rule()
                for number in range(1, limits.VALIDATION_RULES_PER_SET_MAX + 1)}
        # when / then
        create(build, most)
        before = len(build.records(ValidationRule))
        more = {**most, str(limits.VALIDATION_RULES_PER_SET_MAX + 1): amount_rule()}
        with pytest.raises(errors.InvalidValidationRules) as caught:
            create(build, more)
        assert caught.value.field == "$.rules"
        assert len(build.records(ValidationRule)) == before

    def test_a_condition_takes_at_most_the_named_number_of_values(self, build: Build):
        """RULE_CONDITION_VALUES_MAX values pass; one more is refused."""
        values = list(range(limits.RULE_CONDITION_VALUES_MAX))
        create(build, {"1": amount_rule(conditions={"$in": values})})
        error = refused_after(build, {"1": amount_rule(conditions={"$in": [*values, -1]})})
        assert error.field == "$.rules.1.conditions.$in"

    def test_logic_has_a_length_and_a_depth_limit(self, build: Build):
        """RULE_LOGIC_LENGTH_MAX characters and RULE_LOGIC_DEPTH_MAX nesting levels."""
        at_depth = "(" * limits.RULE_LOGIC_DEPTH_MAX + "1" + ")" * limits.RULE_LOGIC_DEPTH_MAX
        create(build, {"1": amount_rule(), "logic": at_depth})
        deeper = "(" + at_depth + ")"
        assert "deeper" in refused_after(build, {"1": amount_rule(), "logic": deeper}).details
        padded = "1" + " " * (limits.RULE_LOGIC_LENGTH_MAX - 1)
        create(build, {"1": amount_rule(), "logic": padded})
        longer = padded + " "
        assert "characters" in refused_after(build, {"1": amount_rule(),
                                                     "logic": longer}).details

    def test_an_update_with_bad_rules_changes_nothing(self, build: Build):
        """PUT with a bad rule set: 400, the stored set unchanged."""
        # given
        made = create(build, {"1": amount_rule()})
        # when
        with pytest.raises(errors.InvalidValidationRules):
            build.ledger.update_validation_rule(
                made.id, ValidationRuleInput(rules={"1": {"name": "nope"}}))
        # then
        assert build.ledger.get_validation_rule(made.id).rules == {"1": amount_rule()}


def refused_after(build: Build, rules: Any) -> errors.RedemptionError:
    before = len(build.records(ValidationRule))
    with pytest.raises(errors.InvalidValidationRules) as caught:
        create(build, rules)
    assert len(build.records(ValidationRule)) == before
    return caught.value


class TestAssignmentLimits:
    def test_an_object_takes_at_most_the_named_number_of_rule_sets(self, build: Build,
                                                                   monkeypatch):
        """RULE_ASSIGNMENTS_PER_OBJECT_MAX (lowered to 2 here): a third is refused."""
        # given
        monkeypatch.setattr(limits, "RULE_ASSIGNMENTS_PER_OBJECT_MAX", 2)
        build.discount_voucher("D", amount_off=100)
        for _ in range(2):
            build.ledger.assign_validation_rule(create(build, {"1": amount_rule()}).id,
                                                AssignedKind.VOUCHER, "D")
        # when
        with pytest.raises(errors.InvalidPayload) as caught:
            build.ledger.assign_validation_rule(create(build, {"1": amount_rule()}).id,
                                                AssignedKind.VOUCHER, "D")
        # then
        assert caught.value.field == "related_object_id"
        assert len(build.records(RuleAssignment)) == 2

    def test_the_list_pages_through_the_named_number_of_rule_sets(self, build: Build,
                                                                  monkeypatch):
        """VALIDATION_RULES_LISTED_MAX (lowered to 3): the total stops at the bound."""
        monkeypatch.setattr(limits, "VALIDATION_RULES_LISTED_MAX", 3)
        for _ in range(4):
            create(build, {"1": amount_rule()})
        page, total = build.ledger.list_validation_rules(10, 1)
        assert (len(page), total) == (3, 3)


def _three_redeemed_under(
    build: Build, monkeypatch: pytest.MonkeyPatch, rule: str, conditions: dict[str, Any]
) -> RedeemCommand:
    """Pages of 1 record, at most 2 pages; a campaign tier under one rule `rule`, redeemed
    3 times (more than the pages hold); the command that redeems it."""
    monkeypatch.setattr(limits, "PAGE_SIZE_MAX", 1)
    monkeypatch.setattr(limits, "PAGE_NUMBER_MAX", 2)
    tier = build.tier(amount_off=1)
    rule_set = create(build, {"1": {"name": rule, "conditions": conditions}})
    build.ledger.assign_validation_rule(rule_set.id, AssignedKind.PROMOTION_TIER, tier.id)
    command = RedeemCommand(redeemables=(build.use_tier(tier),), order=OrderInput(amount=100))
    for _ in range(3):
        build.ledger.redeem(command)
    return command


class TestCountingLimit:
    # Deliberate change: the bound now applies to the period counts only; the all-time
    # campaign figures are kept counters (read_side/campaign_counters.py), with no bound.
    def test_a_count_beyond_the_scan_bound_fails_closed(self, build: Build, monkeypatch):
        """RULE_RECORDS_SCANNED_MAX: more matching records of a period count
        (`campaign.redemptions.count.daily`) than pages can hold → refused."""
        # given: pages of 1 record, at most 2 pages
        command = _three_redeemed_under(build, monkeypatch, "campaign.redemptions.count.daily",
                                        {"$less_than": [100]})
        # when
        verdict = build.ledger.validate(command)
        # then
        assert verdict.error is not None
        assert "RULE_RECORDS_SCANNED_MAX" in verdict.error.details

    def test_an_all_time_campaign_count_has_no_scan_bound(self, build: Build, monkeypatch):
        """`campaign.redemptions.count` reads the kept counters: past what the pages
        could hold it still decides, and counts exactly."""
        # given: pages of 1 record, at most 2 pages, and 3 redemptions of the campaign
        command = _three_redeemed_under(build, monkeypatch, "campaign.redemptions.count",
                                        {"$less_than_or_equal": [4]})
        # when the fourth is validated and made, and a fifth validated
        fourth = build.ledger.validate(command)
        build.ledger.redeem(command)
        fifth = build.ledger.validate(command)
        # then the fourth holds and the fifth breaks the rule, not the scan bound
        assert fourth.valid
        assert fifth.error is not None
        assert fifth.error.code == "redemption_rules_violated"
        assert "RULE_RECORDS_SCANNED_MAX" not in fifth.error.details


class TestSessionLimits:
    def test_a_key_longer_than_the_bound_is_refused(self, build: Build):
        """SESSION_KEY_LENGTH_MAX characters pass; one more is 400 naming session.key."""
        build.discount_voucher("D", amount_off=100, quantity=5)

        def with_key(key: str) -> Any:
            return build.ledger.validate(RedeemCommand(
                redeemables=(build.use("D"),), order=OrderInput(amount=100),
                session=SessionInput(key=key)))

        assert with_key("k" * limits.SESSION_KEY_LENGTH_MAX).valid
        with pytest.raises(errors.InvalidPayload) as caught:
            with_key("k" * (limits.SESSION_KEY_LENGTH_MAX + 1))
        assert caught.value.field == "session.key"

    def test_the_ttl_bound_holds_in_every_unit(self, build: Build):
        """SESSION_TTL_SECONDS_MAX in seconds: at the bound accepted, one more refused."""
        build.discount_voucher("D", amount_off=100, quantity=5)

        def with_ttl(ttl: int) -> Any:
            return build.ledger.validate(RedeemCommand(
                redeemables=(build.use("D"),), order=OrderInput(amount=100),
                session=SessionInput(key="s", ttl=ttl, ttl_unit=TtlUnit.SECONDS)))

        assert with_ttl(limits.SESSION_TTL_SECONDS_MAX).valid
        with pytest.raises(errors.InvalidPayload):
            with_ttl(limits.SESSION_TTL_SECONDS_MAX + 1)

    def test_a_voucher_holds_at_most_the_named_number_of_live_locks(self, build: Build,
                                                                    monkeypatch):
        """SESSION_LOCKS_PER_VOUCHER_MAX (lowered to 2): a third live lock is refused."""
        monkeypatch.setattr(limits, "SESSION_LOCKS_PER_VOUCHER_MAX", 2)
        build.gift_card("G", 10_000)

        def lock(key: str) -> Any:
            return build.ledger.validate(RedeemCommand(
                redeemables=(build.use_gift("G", 10),), order=OrderInput(amount=100),
                session=SessionInput(key=key)))

        lock("a")
        lock("b")
        with pytest.raises(errors.InvalidPayload) as caught:
            lock("c")
        assert caught.value.field == "session"
        assert len(build.records(SessionLock)) == 2

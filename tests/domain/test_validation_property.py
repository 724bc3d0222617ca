"""The property of DOMAIN.md 16.1: a validation is the redemption's decision, reported.

Goal: for random catalogs (discount vouchers with quantities, gift cards, tiers), random
rule sets assigned to them, random earlier redemptions and session locks, and a random
request, validating and then redeeming at the same instant agree on every redeemable's
verdict and on the order amounts; `valid` is true exactly when the redemption succeeds;
and the validation itself writes nothing (no row, no event).
Method: hypothesis builds the world through the embedded `Ledger` on a `MemoryStore` with a
clock that does not move.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from redemption_core import (
    CustomerInput,
    Ledger,
    LedgerSettings,
    MemoryStore,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    SequentialIds,
    StackingRules,
    SteppingClock,
    errors,
)
from redemption_core.domain.model.settings import ApplicationMode
from redemption_core.domain.use_cases.sessions import SessionInput
from redemption_core.domain.use_cases.validation import ValidationResult
from redemption_core.domain.use_cases.validation_rules import AssignedKind, ValidationRuleInput
from tests.conftest import START, Build

RULES = st.sampled_from([
    {"1": {"name": "order.amount", "conditions": {"$more_than_or_equal": [5_000]}}},
    {"1": {"name": "order.total_amount", "conditions": {"$more_than": [3_000]}}},
    {"1": {"name": "customer.metadata", "property": "vip", "conditions": {"$is": [True]}}},
    {"1": {"name": "campaign.redemptions.count", "conditions": {"$less_than_or_equal": [2]}}},
    {"1": {"name": "redemption.count.per_customer",
           "conditions": {"$less_than_or_equal": [1]}}},
    {"1": {"name": "redemption.gift.amount", "conditions": {"$less_than_or_equal": [2_000]}}},
    {"1": {"name": "order.amount", "conditions": {"$less_than": [8_000]}},
     "2": {"name": "customer.metadata", "property": "vip", "conditions": {"$is": [True]}},
     "logic": "1 or 2"},
])

CODES = ("D1", "D2", "G1", "T1")


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "mode": draw(st.sampled_from(list(ApplicationMode))),
        "quantity": draw(st.one_of(st.none(), st.integers(1, 3))),
        "percent": draw(st.integers(1, 60)),
        "gift": draw(st.integers(0, 6_000)),
        "tier_off": draw(st.integers(0, 4_000)),
        "rules": draw(st.dictionaries(st.sampled_from(CODES), RULES, max_size=3)),
        "earlier": draw(st.lists(st.sampled_from(CODES), max_size=3)),
        "locks": draw(st.lists(st.tuples(st.sampled_from(("D1", "G1")),
                                         st.integers(1, 3_000)), max_size=2)),
    }


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    chosen = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=4, unique=True))
    return {
        "codes": chosen,
        "credits": draw(st.one_of(st.none(), st.integers(1, 7_000))),
        "amount": draw(st.one_of(st.none(), st.integers(0, 12_000))),
        "customer": draw(st.sampled_from([None, "ann", "vip"])),
    }


def make_world(spec: dict[str, Any]) -> tuple[Build, dict[str, RedeemableInput]]:
    clock = SteppingClock(START, timedelta(0))
    ledger = Ledger(MemoryStore(), clock=clock, ids=SequentialIds(), settings=LedgerSettings(
        stacking=StackingRules(redeemables_application_mode=spec["mode"])))
    build = Build(ledger, clock)
    build.discount_voucher("D1", "PERCENT", percent_off=spec["percent"],
                           quantity=spec["quantity"])
    build.discount_voucher("D2", amount_off=700, quantity=spec["quantity"])
    build.gift_card("G1", spec["gift"] or 1)
    tier = build.tier(amount_off=spec["tier_off"] or 1)
    ids = {"D1": "D1", "D2": "D2", "G1": "G1", "T1": tier.id}
    kinds = {"D1": AssignedKind.VOUCHER, "D2": AssignedKind.VOUCHER, "G1": AssignedKind.VOUCHER,
             "T1": AssignedKind.PROMOTION_TIER}
    for code, rules in spec["rules"].items():
        made = ledger.create_validation_rule(ValidationRuleInput(name=code, rules=rules))
        ledger.assign_validation_rule(made.id, kinds[code], ids[code])
    uses = {"D1": build.use("D1"), "D2": build.use("D2"), "G1": build.use_gift("G1", 500),
            "T1": build.use_tier(tier)}
    for code in spec["earlier"]:
        with contextlib.suppress(errors.RedemptionError):
            build.redeem(uses[code], amount=10_000, customer="ann")
    for index, (code, credits) in enumerate(spec["locks"]):
        locked = build.use_gift("G1", credits) if code == "G1" else uses[code]
        ledger.validate(RedeemCommand(redeemables=(locked,), order=OrderInput(amount=10_000),
                                      session=SessionInput(key=f"other-{index}")))
    return build, ids


def the_request(build: Build, ids: dict[str, str], spec: dict[str, Any]) -> RedeemCommand:
    redeemables = []
    for code in spec["codes"]:
        if code == "G1":
            redeemables.append(build.use_gift("G1", spec["credits"]))
        elif code == "T1":
            redeemables.append(RedeemableInput(object=RedeemableKind.PROMOTION_TIER, id=ids["T1"]))
        else:
            redeemables.append(build.use(code))
    customer = None
    if spec["customer"] is not None:
        customer = CustomerInput(source_id=spec["customer"],
                                 metadata={"vip": spec["customer"] == "vip"})
    order = OrderInput(amount=spec["amount"]) if spec["amount"] is not None else None
    return RedeemCommand(redeemables=tuple(redeemables), order=order, customer=customer)


def written(build: Build) -> tuple[int, int]:
    tables = build.ledger.store._tables
    return sum(len(rows) for rows in tables.rows.values()), len(tables.events)


def amounts(order: Any) -> tuple[Any, ...] | None:
    if order is None:
        return None
    return (order.amount, order.discount_amount, order.items_discount_amount,
            order.total_amount, order.applied_discount_amount)


def related(record: Any) -> str:
    return record.voucher.code if record.voucher is not None else record.promotion_tier.id


def assert_agree(verdict: ValidationResult, command: RedeemCommand, build: Build) -> None:
    try:
        result = build.ledger.redeem(command)
    except errors.RedemptionError as error:
        assert not verdict.valid
        assert verdict.error is not None and verdict.error.code == error.code
        return
    assert verdict.valid, verdict.error
    applicable = [item for item in verdict.redeemables if item.status == "APPLICABLE"]
    assert [item.id for item in applicable] == [related(child) for child in result.redemptions]
    assert [(item.id, item.key) for item in verdict.redeemables
            if item.status == "INAPPLICABLE"] == [(i.id, i.key) for i in result.inapplicable]
    assert [(item.id, item.key) for item in verdict.redeemables
            if item.status == "SKIPPED"] == [(i.id, i.key) for i in result.skipped]
    assert amounts(verdict.order) == amounts(result.order)
    if len(result.redemptions) > 1:
        for item, child in zip(applicable, result.redemptions, strict=True):
            assert amounts(item.order) == amounts(child.order)
            assert item.effect is not None
            assert (item.effect.credits or item.effect.points or None) == child.amount


class TestValidateThenRedeem:
    @given(worlds(), requests())
    def test_validation_and_redemption_agree_at_the_same_instant(self, world, request):
        """Same verdict per redeemable, same order amounts, valid iff redeemed; the
        validation writes nothing."""
        # given
        build, ids = make_world(world)
        command = the_request(build, ids, request)
        before = written(build)
        # when
        try:
            verdict = build.ledger.validate(command)
        except errors.InvalidRequest:
            return  # a request-shape error is a plain 400 for both (16.1)
        # then
        assert written(build) == before
        event("valid" if verdict.valid else f"invalid: {verdict.error.code}")
        assert [item.id for item in verdict.redeemables] == [r.id for r in command.redeemables]
        assert_agree(verdict, command, build)

"""Idempotency keys on every state-changing call, on every store (issue 8, D1).

Goal: a retry with the same key and request gets the first outcome, from any store and
after a reopen; the same key with a changed request is refused with
`idempotency_key_reused` naming the field that changed, and writes nothing. Method: one
table row per state-changing `Ledger` call (redemptions, rollbacks, reward redemption and
every catalog call), each with its request, a changed request and the field the change is
in; the `harness` fixture runs every row on memory, SQLite and (when configured) PostgreSQL.
Before D1 was fixed the catalog rows failed on SQLite: their request was a tuple, which the
row codec could not store as the record's JSON object.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from redemption_core import (
    CampaignInput,
    CustomerInput,
    Ledger,
    MemberInput,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RewardAssignmentInput,
    RewardInput,
    RollbackCommand,
    TierInput,
    VoucherInput,
    VoucherType,
    errors,
)
from redemption_core.domain.model.discount import Discount, DiscountType
from redemption_core.domain.use_cases.commands import MemberRedemptionCommand
from tests.contract import StoreHarness


@attrs.frozen
class Setting:
    """The catalog every row starts from: a gift card, two discount vouchers redeemed as a
    stack, a loyalty program with a COIN reward and alice's card, a promotion campaign."""

    stack_parent: str
    single: str
    program: str
    coin: str
    promotion: str


def set_up(ledger: Ledger) -> Setting:
    ledger.create_voucher(VoucherInput(code="GIFT", type=VoucherType.GIFT_VOUCHER,
                                       gift_amount=5_000))
    for code in ("A", "B"):
        ledger.create_voucher(VoucherInput(
            code=code, discount=Discount(type=DiscountType.AMOUNT, amount_off=100)))
    stack = ledger.redeem(RedeemCommand(redeemables=(use("A"), use("B")),
                                        order=OrderInput(amount=1_000)))
    single = ledger.redeem(RedeemCommand(redeemables=(use_gift(100),),
                                         order=OrderInput(amount=1_000)))
    program, _ = ledger.create_campaign(CampaignInput(
        name="Loyalty", campaign_type="LOYALTY_PROGRAM",
        voucher=VoucherInput(type=VoucherType.LOYALTY_CARD, loyalty_points=0)))
    coin = ledger.create_reward(RewardInput(
        name="coin", coin_exchange_ratio=Decimal(1), coin_points_ratio=Decimal(1),
        parameters_sent=("coin",)))
    ledger.assign_rewards(program.id, [RewardAssignmentInput(reward=coin.id)])
    for code in ("CARD", "SPARE"):
        ledger.create_voucher(VoucherInput(code=code, type=VoucherType.LOYALTY_CARD,
                                           loyalty_points=1_000, campaign_id=program.id))
    ledger.publish_member(program.id, MemberInput(customer=CustomerInput(source_id="alice"),
                                                  voucher="CARD"))
    promotion, _ = ledger.create_campaign(CampaignInput(name="Promo",
                                                        campaign_type="PROMOTION"))
    assert stack.parent is not None
    return Setting(stack.parent.id, single.redemptions[0].id, program.id, coin.id, promotion.id)


def use(code: str) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id=code)


def use_gift(credits: int) -> RedeemableInput:
    return RedeemableInput(object=RedeemableKind.VOUCHER, id="GIFT", credits=credits,
                           gift_sent=True)


Call = Callable[[Ledger, Setting, str, bool], Any]
"""(ledger, setting, key, changed) -> the call's result; `changed` sends the other request."""


def redeem(ledger: Ledger, s: Setting, key: str, changed: bool) -> Any:
    command = RedeemCommand(redeemables=(use_gift(300),), order=OrderInput(amount=1_000),
                            tracking_id="other" if changed else None)
    return ledger.redeem(command, idempotency_key=key)


def rollback(ledger: Ledger, s: Setting, key: str, changed: bool) -> Any:
    command = RollbackCommand(redemption_id=s.single, reason="late" if changed else "returned")
    return ledger.rollback(command, idempotency_key=key)


def rollback_stack(ledger: Ledger, s: Setting, key: str, changed: bool) -> Any:
    command = RollbackCommand(redemption_id=s.stack_parent, reason="x" if changed else None)
    return ledger.rollback_stack(command, idempotency_key=key)


def redeem_reward(ledger: Ledger, s: Setting, key: str, changed: bool) -> Any:
    command = MemberRedemptionCommand(member_id="CARD", campaign_id=s.program, reward_id=s.coin,
                                      points=200 if changed else 100,
                                      order=OrderInput(amount=1_000))
    return ledger.redeem_reward(command, idempotency_key=key)


def create_voucher(ledger: Ledger, s: Setting, key: str, changed: bool) -> Any:
    given = VoucherInput(type=VoucherType.GIFT_VOUCHER, gift_amount=900 if changed else 800)
    return ledger.create_voucher(given, "NEW", idempotency_key=key)


def create_campaign(ledger: Ledger, s: Setting, key: str, changed: bool) -> Any:
    given = CampaignInput(name="Summer" if changed else "Spring", campaign_type="PROMOTION")
    return ledger.create_campaign(given, idempotency_key=key)


def create_tier(ledger: Ledger, s: Setting, key: str, changed: bool) -> Any:
    given = TierInput(name="Tier", discount=Discount(type=DiscountType.AMOUNT,
                                                     amount_off=200 if changed else 100))
    return ledger.create_tier(s.promotion, given, idempotency_key=key)


def create_reward(ledger: Ledger, s: Setting, key: str, changed: bool) -> Any:
    given = RewardInput(name="mug 2" if changed else "mug", parameters_sent=("coin",),
                        coin_exchange_ratio=Decimal(1), coin_points_ratio=Decimal(2))
    return ledger.create_reward(given, idempotency_key=key)


def assign_rewards(ledger: Ledger, s: Setting, key: str, changed: bool) -> Any:
    reward = ledger.create_reward(RewardInput(
        name="bonus", coin_exchange_ratio=Decimal(1), coin_points_ratio=Decimal(3),
        parameters_sent=("coin",)), idempotency_key="bonus-reward")
    items = [RewardAssignmentInput(reward=reward.id, points=20 if changed else 10)]
    return ledger.assign_rewards(s.program, items, idempotency_key=key)


def publish_member(ledger: Ledger, s: Setting, key: str, changed: bool) -> Any:
    given = MemberInput(customer=CustomerInput(source_id="carol" if changed else "bob"),
                        voucher="SPARE")
    return ledger.publish_member(s.program, given, idempotency_key=key)


CALLS: dict[str, tuple[Call, str]] = {
    "redeem": (redeem, "tracking_id"),
    "rollback": (rollback, "reason"),
    "rollback_stack": (rollback_stack, "reason"),
    "redeem_reward": (redeem_reward, "points"),
    "create_voucher": (create_voucher, "gift_amount"),
    "create_campaign": (create_campaign, "name"),
    "create_tier": (create_tier, "discount.amount_off"),
    "create_reward": (create_reward, "name"),
    "assign_rewards": (assign_rewards, "assignments[0].points"),
    "publish_member": (publish_member, "customer.source_id"),
}
"""Every state-changing call of the Ledger: how to make it, and the field its change is in."""


def outcome(result: Any) -> Any:
    """What a retry must give back: the ids (and balances) of the first outcome."""
    if isinstance(result, tuple):
        return tuple(outcome(part) for part in result)
    if isinstance(result, list):
        return [outcome(part) for part in result]
    if hasattr(result, "redemptions"):
        return [outcome(item) for item in result.redemptions]
    if hasattr(result, "rollbacks"):
        return [outcome(item) for item in result.rollbacks]
    return getattr(result, "id", result)


def counts(ledger: Ledger) -> tuple[int, ...]:
    """Balances, quantities and the number of events: anything a second apply would move."""
    with ledger.store.unit_of_work() as uow:
        events = len(uow.events_after(0, 1_000))
    gift = ledger.get_voucher("GIFT")
    card = ledger.get_voucher("CARD")
    assert gift.gift is not None and card.loyalty_card is not None
    quantities = [ledger.get_voucher(code).redeemed_quantity for code in ("A", "B", "GIFT")]
    return (gift.gift.balance, card.loyalty_card.balance, events, *quantities)


@pytest.mark.parametrize("name", list(CALLS))
class TestIdempotencyOnEveryStore:
    def test_a_replay_with_the_same_key_returns_the_first_outcome(
        self, harness: StoreHarness, name: str
    ) -> None:
        """Same key, same request, a reopened store: the first outcome, nothing applied twice."""
        # given
        call, _ = CALLS[name]
        ledger = Ledger(harness.open())
        setting = set_up(ledger)
        first = call(ledger, setting, f"{name}-1", False)
        after_first = counts(ledger)
        # when
        reopened = Ledger(harness.reopen())
        again = call(reopened, setting, f"{name}-1", False)
        # then
        assert outcome(again) == outcome(first)
        assert counts(reopened) == after_first

    def test_the_key_with_a_changed_request_is_refused_naming_the_field(
        self, harness: StoreHarness, name: str
    ) -> None:
        """Same key, one field changed: idempotency_key_reused on that field, nothing written."""
        # given
        call, field = CALLS[name]
        ledger = Ledger(harness.open())
        setting = set_up(ledger)
        call(ledger, setting, f"{name}-2", False)
        before = counts(ledger)
        # when
        with pytest.raises(errors.IdempotencyKeyReused) as refused:
            call(Ledger(harness.reopen()), setting, f"{name}-2", True)
        # then
        assert refused.value.field == field
        assert counts(Ledger(harness.reopen())) == before


class TestRecordedFailuresReplay:
    def test_a_failed_redemption_replays_its_recorded_failure(self, harness: StoreHarness) -> None:
        """A key whose first outcome was a recorded `rf_` failure raises it again, same id."""
        # given
        ledger = Ledger(harness.open())
        set_up(ledger)
        command = RedeemCommand(redeemables=(use_gift(999_999),), order=OrderInput(amount=10))
        with pytest.raises(errors.GiftAmountExceeded) as first:
            ledger.redeem(command, idempotency_key="too-much")
        # when
        with pytest.raises(errors.GiftAmountExceeded) as again:
            Ledger(harness.reopen()).redeem(command, idempotency_key="too-much")
        # then
        assert again.value.resource_id == first.value.resource_id
        assert (again.value.resource_id or "").startswith("rf_")

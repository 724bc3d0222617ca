"""Shared fixtures and Hypothesis profiles for the test suite.

Hypothesis profiles (chosen once, when pytest starts):
- `default`: what a developer runs; the stateful ledger test stays well under 30 s.
- `ci`: more examples and longer stateful runs; picked when `CI=true` (as `.ci/run` runs) or
  `HYPOTHESIS_PROFILE=ci`.
- `fast`: a smoke run for tight edit loops; `FAST=1`.
`HYPOTHESIS_PROFILE=<name>` always wins. The knob that sizes the stateful test is the
profile's `stateful_step_count` (steps per run) with `max_examples` (runs).

Fixtures: `ledger` is a `Ledger` on a fresh `MemoryStore` with a `SteppingClock` (starts at
`START`, moves 1 ms per read) and `SequentialIds`; `build` wraps it with small builders for
catalog objects and redeemables; `new_build(**stacking_rules)` makes another world with other
stacking rules.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from redemption_core import (
    ApplicationMode,
    CampaignInput,
    CustomerInput,
    Discount,
    DiscountEffect,
    DiscountType,
    Ledger,
    LedgerSettings,
    MemberInput,
    MemoryStore,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RedeemResult,
    RewardAssignmentInput,
    RewardInput,
    SequentialIds,
    StackingRules,
    SteppingClock,
    TierInput,
    Voucher,
    VoucherInput,
    VoucherType,
)
from redemption_core.domain.model.campaign import Campaign, PromotionTier
from redemption_core.domain.model.discount import CalculationMode
from redemption_core.domain.model.redemption import RollbackOrderMode
from redemption_core.domain.model.reward import Reward
from redemption_core.domain.model.settings import NoEffectRule

settings.register_profile(
    "default",
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=400,
    stateful_step_count=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fast",
    max_examples=10,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _profile_name() -> str:
    if os.environ.get("HYPOTHESIS_PROFILE"):
        return os.environ["HYPOTHESIS_PROFILE"]
    if os.environ.get("FAST") == "1":
        return "fast"
    if os.environ.get("CI") == "true":
        return "ci"
    return "default"


settings.load_profile(_profile_name())

START = datetime(2026, 1, 1, tzinfo=UTC)
"""The instant every test world starts at."""


class Build:
    """A ledger plus the few builders the domain tests share (one call per catalog object)."""

    def __init__(self, ledger: Ledger, clock: SteppingClock) -> None:
        self.ledger = ledger
        self.clock = clock
        self.start = START
        self._campaigns: dict[str, Campaign] = {}
        self._coin: Reward | None = None

    # -- catalog ------------------------------------------------------------------------

    def discount_voucher(
        self, code: str, discount_type: str = "AMOUNT", *, quantity: int | None = None,
        effect: str = "APPLY_TO_ORDER", **fields: Any,
    ) -> Voucher:
        """A DISCOUNT_VOUCHER; `fields` splits into Discount fields and VoucherInput fields."""
        names = {"amount_off", "percent_off", "amount_limit", "fixed_amount"}
        shape = {key: value for key, value in fields.items() if key in names}
        if "percent_off" in shape:
            shape["percent_off"] = Decimal(shape["percent_off"])
        rest = {key: value for key, value in fields.items() if key not in names}
        discount = Discount(
            type=DiscountType(discount_type), effect=DiscountEffect(effect), **shape
        )
        return self.ledger.create_voucher(
            VoucherInput(code=code, discount=discount, quantity=quantity, **rest)
        )

    def gift_card(self, code: str, amount: int, **fields: Any) -> Voucher:
        return self.ledger.create_voucher(
            VoucherInput(code=code, type=VoucherType.GIFT_VOUCHER, gift_amount=amount, **fields)
        )

    def campaign(self, name: str, campaign_type: str, **fields: Any) -> Campaign:
        """A campaign by name, created on first use."""
        if name not in self._campaigns:
            made, _ = self.ledger.create_campaign(
                CampaignInput(name=name, campaign_type=campaign_type, **fields)
            )
            self._campaigns[name] = made
        return self._campaigns[name]

    def coin_reward(self, exchange_ratio: int = 1, points_ratio: int = 1) -> Reward:
        """A pay-with-points reward: `points_ratio` points are worth `exchange_ratio` units."""
        return self.ledger.create_reward(
            RewardInput(
                name=f"coin {exchange_ratio}:{points_ratio}",
                coin_exchange_ratio=Decimal(exchange_ratio),
                coin_points_ratio=Decimal(points_ratio),
                parameters_sent=("coin",),
            )
        )

    def loyalty_card(
        self, code: str, points: int, *, holder: str | None = "alice",
        reward: Reward | None = None, **fields: Any,
    ) -> tuple[Voucher, Reward]:
        """A card of the `Loyalty` program holding `points`, published to `holder`, and a
        COIN reward (1 point = 1 major unit unless given) assigned to the program."""
        program = self.campaign(
            "Loyalty", "LOYALTY_PROGRAM",
            voucher=VoucherInput(type=VoucherType.LOYALTY_CARD, loyalty_points=0),
        )
        if reward is None:
            if self._coin is None:
                self._coin = self.coin_reward()
                assignment = RewardAssignmentInput(reward=self._coin.id)
                self.ledger.assign_rewards(program.id, [assignment])
            reward = self._coin
        card = self.ledger.create_voucher(
            VoucherInput(code=code, type=VoucherType.LOYALTY_CARD, loyalty_points=points,
                         campaign_id=program.id, **fields)
        )
        if holder is not None:
            card = self.ledger.publish_member(
                program.id, MemberInput(customer=CustomerInput(source_id=holder), voucher=code)
            )
        return card, reward

    def tier(self, name: str = "tier", discount_type: str | None = "AMOUNT",
             campaign: str = "Promo", **fields: Any) -> PromotionTier:
        """A promotion tier of `campaign`; `amount_off`/`percent_off`/... shape its discount."""
        promotion = self.campaign(campaign, "PROMOTION")
        names = {"amount_off", "percent_off", "amount_limit", "fixed_amount", "effect"}
        shape = {key: value for key, value in fields.items() if key in names}
        if "percent_off" in shape:
            shape["percent_off"] = Decimal(shape["percent_off"])
        if "effect" in shape:
            shape["effect"] = DiscountEffect(shape["effect"])
        rest = {key: value for key, value in fields.items() if key not in names}
        discount = Discount(type=DiscountType(discount_type), **shape) if discount_type else None
        made, _ = self.ledger.create_tier(
            promotion.id, TierInput(name=name, discount=discount, **rest)
        )
        return made

    # -- redeemables and requests -------------------------------------------------------

    @staticmethod
    def use(code: str) -> RedeemableInput:
        return RedeemableInput(object=RedeemableKind.VOUCHER, id=code)

    @staticmethod
    def use_gift(code: str, credits: int | None = None) -> RedeemableInput:
        return RedeemableInput(object=RedeemableKind.VOUCHER, id=code, credits=credits,
                               gift_sent=True)

    @staticmethod
    def use_points(code: str, reward: Reward, points: int | None = None) -> RedeemableInput:
        return RedeemableInput(object=RedeemableKind.VOUCHER, id=code, reward_id=reward.id,
                               points=points, reward_sent=True)

    @staticmethod
    def use_tier(tier: PromotionTier) -> RedeemableInput:
        return RedeemableInput(object=RedeemableKind.PROMOTION_TIER, id=tier.id)

    def redeem(
        self, *redeemables: RedeemableInput, amount: int | None = None,
        order: OrderInput | None = None, customer: str | None = None,
        idempotency_key: str | None = None, **fields: Any,
    ) -> RedeemResult:
        """Redeem against a new order of `amount` (or `order`), as customer `customer`."""
        if order is None and amount is not None:
            order = OrderInput(amount=amount)
        who = CustomerInput(source_id=customer) if customer is not None else None
        return self.ledger.redeem(
            RedeemCommand(redeemables=redeemables, order=order, customer=who, **fields),
            idempotency_key=idempotency_key,
        )

    def voucher(self, code: str) -> Voucher:
        """The voucher as stored now."""
        return self.ledger.get_voucher(code)

    def records(self, kind: type[Any]) -> list[Any]:
        """Every committed entity of `kind`. Reads the in-memory fake's rows directly: the
        ports have no "list everything" call, and the tests must count records."""
        with self.ledger.store.unit_of_work():
            return list(self.ledger.store._tables.rows.get(kind, {}).values())

    def stored(self, kind: type[Any], entity_id: str) -> Any:
        """Any stored entity by kind and id (tiers and orders have no getter on `Ledger`)."""
        with self.ledger.store.unit_of_work() as uow:
            return uow.get(kind, entity_id)


_STACKING_ENUMS: dict[str, Callable[[str], Any]] = {
    "redeemables_application_mode": ApplicationMode,
    "discount_calculation_mode": CalculationMode,
    "redeemables_no_effect_rule": NoEffectRule,
    "redeemables_rollback_order_mode": RollbackOrderMode,
}


def make_build(**stacking: Any) -> Build:
    """A fresh world; `stacking` are `StackingRules` fields (enum values may be strings)."""
    for name, enum in _STACKING_ENUMS.items():
        if name in stacking:
            stacking[name] = enum(stacking[name])
    clock = SteppingClock(START, timedelta(milliseconds=1))
    ledger = Ledger(
        MemoryStore(),
        clock=clock,
        ids=SequentialIds(),
        settings=LedgerSettings(stacking=StackingRules(**stacking)),
    )
    return Build(ledger, clock)


@pytest.fixture
def new_build() -> Callable[..., Build]:
    """A factory of fresh worlds: `new_build(redeemables_application_mode="PARTIAL")`."""
    return make_build


@pytest.fixture
def build() -> Build:
    return make_build()


@pytest.fixture
def ledger(build: Build) -> Ledger:
    return build.ledger


@pytest.fixture
def clock(build: Build) -> SteppingClock:
    return build.clock


@pytest.fixture(autouse=True)
def _cli_database(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI's default store is a SQLite file: give each test its own, never the repo's."""
    folder = tmp_path_factory.mktemp("cli-db")
    monkeypatch.setenv("REDEMPTION_CORE_DB", str(folder / "redemption-core.db"))

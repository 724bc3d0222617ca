"""The Redemption aggregate (DOMAIN.md 3, 6.1).

A redemption is created SUCCEEDED (`r_`, result SUCCESS) or FAILED (`rf_`, result FAILURE)
and afterwards moves only through `roll_back`: SUCCEEDED -> ROLLED_BACK. `result` never
changes. The snapshots it carries (voucher, order, customer, tier) are the state right
after the redemption and never change either.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

import attrs

from . import rules
from .campaign import Campaign, PromotionTier
from .customer import Customer
from .errors import InvariantViolation
from .order import Order
from .reward import Reward
from .voucher import Voucher, VoucherType


class Result(StrEnum):
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"


class RedemptionStatus(StrEnum):
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    ROLLED_BACK = "ROLLED_BACK"


class RelatedObjectType(StrEnum):
    VOUCHER = "voucher"
    PROMOTION_TIER = "promotion_tier"
    REDEMPTION = "redemption"


class ChannelType(StrEnum):
    USER = "USER"
    API = "API"
    AUTO_REDEEM = "AUTO_REDEEM"


class RollbackOrderMode(StrEnum):
    WITH_ORDER = "WITH_ORDER"
    WITHOUT_ORDER = "WITHOUT_ORDER"


@attrs.frozen
class Channel:
    channel_id: str | None
    channel_type: ChannelType = attrs.field(validator=rules.kind(ChannelType))


@attrs.frozen
class RelatedRef:
    """`related_redemptions` item: a child redemption or a rollback of this one."""

    id: str
    date: datetime
    rollback_order_mode: RollbackOrderMode | None = None


@attrs.frozen(kw_only=True)
class RewardResult:
    """The reward a redemption paid for (RedemptionRewardResult, DOMAIN.md 3.7)."""

    reward: Reward
    assignment_id: str | None = None
    customer: Customer | None = None
    voucher: Voucher | None = None
    loyalty_tier_id: str | None = None


_PREFIX = {Result.SUCCESS: "r_", Result.FAILURE: "rf_"}
_STATUSES = {
    Result.SUCCESS: frozenset({RedemptionStatus.SUCCEEDED, RedemptionStatus.ROLLED_BACK}),
    Result.FAILURE: frozenset({RedemptionStatus.FAILED}),
}


@attrs.frozen(kw_only=True)
class Redemption:
    """One attempt to use a redeemable, or the parent of a stacked request."""

    unique_keys: ClassVar[tuple[str, ...]] = ()
    index_keys: ClassVar[tuple[str, ...]] = ("parent_id", "customer_id")

    id: str = attrs.field(validator=rules.identifier)
    date: datetime = attrs.field(validator=rules.utc_datetime)
    result: Result = attrs.field(validator=rules.kind(Result))
    status: RedemptionStatus = attrs.field(validator=rules.kind(RedemptionStatus))
    related_object_type: RelatedObjectType = attrs.field(validator=rules.kind(RelatedObjectType))
    related_object_id: str = attrs.field(validator=rules.identifier)
    channel: Channel
    customer: Customer | None = None
    tracking_id: str | None = None
    metadata: Mapping[str, Any] = attrs.field(factory=dict, validator=rules.metadata)
    parent_id: str | None = None
    amount: int | None = attrs.field(default=None, validator=rules.money)
    order: Order | None = None
    voucher: Voucher | None = None
    promotion_tier: PromotionTier | None = None
    campaign: Campaign | None = None
    reward: RewardResult | None = None
    children: tuple[RelatedRef, ...] = ()
    rollbacks: tuple[RelatedRef, ...] = ()
    failure_code: str | None = None
    failure_message: str | None = None
    session_key: str | None = attrs.field(default=None, validator=rules.text)
    """`session.key`: the session lock this redemption used up (DOMAIN.md 16.2)."""
    version: int = 0

    def __attrs_post_init__(self) -> None:
        if not self.id.startswith(_PREFIX[self.result]):
            raise rules.FieldError(
                "id", f"must start with {_PREFIX[self.result]} for {self.result}"
            )
        if self.status not in _STATUSES[self.result]:
            raise rules.FieldError("status", f"{self.status} contradicts result {self.result}")
        failed = self.result is Result.FAILURE
        if failed != (self.failure_code is not None):
            raise rules.FieldError("failure_code", "is set exactly when the result is FAILURE")
        rolled_back = self.status is RedemptionStatus.ROLLED_BACK
        if rolled_back != bool(self.rollbacks):
            raise rules.FieldError(
                "related_redemptions.rollbacks", "exist exactly when rolled back"
            )
        if self.is_parent and self.parent_id is not None:
            raise rules.FieldError("redemption", "a parent redemption has no parent")

    # -- queries ------------------------------------------------------------------------

    @property
    def customer_id(self) -> str | None:
        return self.customer.id if self.customer else None

    @property
    def is_parent(self) -> bool:
        return (
            self.related_object_type is RelatedObjectType.REDEMPTION
            and self.result is Result.SUCCESS
        )

    @property
    def is_child(self) -> bool:
        return self.parent_id is not None

    @property
    def credits(self) -> int:
        """Gift credits this redemption took from its card."""
        if self.voucher is not None and self.voucher.type is VoucherType.GIFT_VOUCHER:
            return self.amount or 0
        return 0

    @property
    def points(self) -> int:
        """Loyalty points this redemption took from its card."""
        if self.voucher is not None and self.voucher.type is VoucherType.LOYALTY_CARD:
            return self.amount or 0
        return 0

    # -- transitions --------------------------------------------------------------------

    def roll_back(self, rollback: RelatedRef, metadata: Mapping[str, Any] | None) -> Redemption:
        """SUCCEEDED -> ROLLED_BACK; the only way a redemption changes."""
        if self.status is not RedemptionStatus.SUCCEEDED:
            raise InvariantViolation(f"{self.id}: cannot roll back a {self.status} redemption")
        merged = {**self.metadata, **metadata} if metadata else self.metadata
        return rules.evolve(
            self,
            status=RedemptionStatus.ROLLED_BACK,
            rollbacks=(*self.rollbacks, rollback),
            metadata=merged,
            version=self.version + 1,
        )

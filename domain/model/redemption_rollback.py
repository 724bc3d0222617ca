"""The RedemptionRollback aggregate (DOMAIN.md 4, 6.2).

A rollback is created SUCCEEDED (`rr_`) or FAILED (`rrf_`) and never changes: it is the
immutable record of one attempt to undo a redemption.
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
from .order import Order
from .redemption import Channel, RelatedObjectType, Result, RewardResult, RollbackOrderMode
from .voucher import Voucher, VoucherType


class RollbackStatus(StrEnum):
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


_PREFIX = {Result.SUCCESS: "rr_", Result.FAILURE: "rrf_"}


def _not_positive(_: object, __: object, value: int | None) -> None:
    if value is not None and value > 0:
        raise rules.FieldError("amount", "a rollback returns value: it is 0 or negative")


@attrs.frozen(kw_only=True)
class RedemptionRollback:
    """One attempt to undo a redemption (single, child, or a stack's parent)."""

    unique_keys: ClassVar[tuple[str, ...]] = ()
    index_keys: ClassVar[tuple[str, ...]] = ("redemption_id", "customer_id")

    id: str = attrs.field(validator=rules.identifier)
    date: datetime = attrs.field(validator=rules.utc_datetime)
    result: Result = attrs.field(validator=rules.kind(Result))
    status: RollbackStatus = attrs.field(validator=rules.kind(RollbackStatus))
    redemption_id: str = attrs.field(validator=rules.identifier)
    related_object_type: RelatedObjectType = attrs.field(validator=rules.kind(RelatedObjectType))
    related_object_id: str = attrs.field(validator=rules.identifier)
    channel: Channel
    mode: RollbackOrderMode = attrs.field(
        default=RollbackOrderMode.WITH_ORDER, validator=rules.kind(RollbackOrderMode)
    )
    customer: Customer | None = None
    tracking_id: str | None = None
    metadata: Mapping[str, Any] = attrs.field(factory=dict, validator=rules.metadata)
    reason: str | None = attrs.field(default=None, validator=rules.text)
    amount: int | None = attrs.field(default=None, validator=_not_positive)
    order: Order | None = None
    voucher: Voucher | None = None
    promotion_tier: PromotionTier | None = None
    campaign: Campaign | None = None
    reward: RewardResult | None = None
    parent_rollback_id: str | None = None
    failure_code: str | None = None
    failure_message: str | None = None
    version: int = 0

    def __attrs_post_init__(self) -> None:
        if not self.id.startswith(_PREFIX[self.result]):
            raise rules.FieldError(
                "id", f"must start with {_PREFIX[self.result]} for {self.result}"
            )
        succeeded = self.result is Result.SUCCESS
        if succeeded != (self.status is RollbackStatus.SUCCEEDED):
            raise rules.FieldError("status", f"{self.status} contradicts result {self.result}")
        if succeeded == (self.failure_code is not None):
            raise rules.FieldError("failure_code", "is set exactly when the result is FAILURE")

    @property
    def customer_id(self) -> str | None:
        return self.customer.id if self.customer else None

    @property
    def credits(self) -> int:
        """Gift credits this rollback returned (positive)."""
        if self.voucher is not None and self.voucher.type is VoucherType.GIFT_VOUCHER:
            return -(self.amount or 0)
        return 0

    @property
    def points(self) -> int:
        """Loyalty points this rollback returned (positive)."""
        if self.voucher is not None and self.voucher.type is VoucherType.LOYALTY_CARD:
            return -(self.amount or 0)
        return 0

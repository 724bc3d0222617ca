"""The record of a loyalty reward bought with points (DOMAIN.md 9.4, `rewr_…`).

CREATED -> COMPLETED when the reward is handed over (in the same unit of work here), and
COMPLETED -> ROLLEDBACK when its redemption is rolled back. Issued assets are not revoked
(assumption A11): only the points come back.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import ClassVar

import attrs

from . import rules
from .customer import Customer
from .errors import InvariantViolation


class RewardRedemptionState(StrEnum):
    CREATED = "CREATED"
    COMPLETED = "COMPLETED"
    ROLLEDBACK = "ROLLEDBACK"


_NEXT = {
    RewardRedemptionState.CREATED: RewardRedemptionState.COMPLETED,
    RewardRedemptionState.COMPLETED: RewardRedemptionState.ROLLEDBACK,
}


@attrs.frozen(kw_only=True)
class RewardRedemption:
    unique_keys: ClassVar[tuple[str, ...]] = ("redemption_id",)
    index_keys: ClassVar[tuple[str, ...]] = ()

    id: str = attrs.field(validator=rules.identifier)
    redemption_id: str = attrs.field(validator=rules.identifier)
    reward_id: str = attrs.field(validator=rules.identifier)
    assignment_id: str = attrs.field(validator=rules.identifier)
    card_id: str = attrs.field(validator=rules.identifier)
    customer: Customer | None = None
    points: int = attrs.field(validator=rules.points)
    issued_voucher_id: str | None = None
    state: RewardRedemptionState = attrs.field(validator=rules.kind(RewardRedemptionState))
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    updated_at: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    version: int = 0

    def _move(self, to: RewardRedemptionState, at: datetime) -> RewardRedemption:
        if _NEXT.get(self.state) is not to:
            raise InvariantViolation(f"{self.id}: {self.state} cannot become {to}")
        return rules.evolve(self, state=to, updated_at=at, version=self.version + 1)

    def complete(self, at: datetime) -> RewardRedemption:
        return self._move(RewardRedemptionState.COMPLETED, at)

    def roll_back(self, at: datetime) -> RewardRedemption:
        return self._move(RewardRedemptionState.ROLLEDBACK, at)

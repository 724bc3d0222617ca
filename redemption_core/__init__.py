"""redemption-core: a redemption ledger with Voucherify-shaped objects.

The embedded API is `Ledger` with its typed commands; `MemoryStore` is the in-process store
and the fake to use in your own tests.
"""

from redemption_core.adapters.memory import MemoryStore
from redemption_core.domain import errors
from redemption_core.domain.clock import SteppingClock, SystemClock
from redemption_core.domain.commands import (
    CampaignInput,
    CustomerInput,
    MemberInput,
    OrderInput,
    OrderItemInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    RedeemResult,
    RewardAssignmentInput,
    RewardInput,
    RollbackCommand,
    StackedRollbackResult,
    TierInput,
    VoucherInput,
)
from redemption_core.domain.discount import Discount, DiscountEffect, DiscountType
from redemption_core.domain.ids import RandomIds, SequentialIds
from redemption_core.domain.ledger import Ledger
from redemption_core.domain.redemption import Redemption, RedemptionStatus, Result
from redemption_core.domain.rollback import RedemptionRollback
from redemption_core.domain.sessions import SessionInput, TtlUnit
from redemption_core.domain.settings import ApplicationMode, LedgerSettings, StackingRules
from redemption_core.domain.validation import ValidationResult
from redemption_core.domain.validation_rules import AssignedKind, ValidationRuleInput
from redemption_core.domain.voucher import Voucher, VoucherType

__all__ = [
    "ApplicationMode",
    "AssignedKind",
    "CampaignInput",
    "CustomerInput",
    "Discount",
    "DiscountEffect",
    "DiscountType",
    "Ledger",
    "LedgerSettings",
    "MemberInput",
    "MemoryStore",
    "OrderInput",
    "OrderItemInput",
    "RandomIds",
    "RedeemCommand",
    "RedeemResult",
    "RedeemableInput",
    "RedeemableKind",
    "Redemption",
    "RedemptionRollback",
    "RedemptionStatus",
    "Result",
    "RewardAssignmentInput",
    "RewardInput",
    "RollbackCommand",
    "SequentialIds",
    "SessionInput",
    "StackedRollbackResult",
    "StackingRules",
    "SteppingClock",
    "SystemClock",
    "TierInput",
    "TtlUnit",
    "ValidationResult",
    "ValidationRuleInput",
    "Voucher",
    "VoucherInput",
    "VoucherType",
    "errors",
]

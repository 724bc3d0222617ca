"""redemption-core: a redemption ledger with Voucherify-shaped objects.

The embedded API is `Ledger` with its typed commands; `MemoryStore` is the in-process store
and the fake to use in your own tests. The errors it raises are in `redemption_core.errors`.
"""

from importlib import metadata as _metadata

from redemption_core import errors
from redemption_core.adapters.memory import MemoryStore
from redemption_core.domain.model.discount import Discount, DiscountEffect, DiscountType
from redemption_core.domain.model.redemption import Redemption, RedemptionStatus, Result
from redemption_core.domain.model.redemption_rollback import RedemptionRollback
from redemption_core.domain.model.settings import ApplicationMode, LedgerSettings, StackingRules
from redemption_core.domain.model.voucher import Voucher, VoucherType
from redemption_core.domain.ports.clock import SteppingClock, SystemClock
from redemption_core.domain.ports.ids import RandomIds, SequentialIds
from redemption_core.domain.use_cases.commands import (
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
from redemption_core.domain.use_cases.ledger import Ledger
from redemption_core.domain.use_cases.sessions import SessionInput, TtlUnit
from redemption_core.domain.use_cases.validation import ValidationResult
from redemption_core.domain.use_cases.validation_rules import AssignedKind, ValidationRuleInput

try:
    __version__ = _metadata.version("redemption-core")
except _metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

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
    "__version__",
    "errors",
]

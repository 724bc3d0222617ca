"""Project settings that change how requests are processed (DOMAIN.md 8.2, assumption A12)."""

from __future__ import annotations

from enum import StrEnum

import attrs

from . import limits, rules
from .discount import CalculationMode
from .redemption import Channel, ChannelType, RollbackOrderMode
from .rules import FieldError


class ApplicationMode(StrEnum):
    ALL = "ALL"
    PARTIAL = "PARTIAL"


class NoEffectRule(StrEnum):
    REDEEM_ANYWAY = "REDEEM_ANYWAY"
    SKIP = "SKIP"


def _within_request_limit(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(attribute.name, "must be an integer")
    if not 1 <= value <= limits.REDEEMABLES_PER_REQUEST_MAX:
        raise FieldError(
            attribute.name, f"must be between 1 and {limits.REDEEMABLES_PER_REQUEST_MAX}"
        )


@attrs.frozen(kw_only=True)
class StackingRules:
    """The stacking rules this core honours; the defaults are those of assumption A12.

    Sorting is always the requested order (`REQUESTED_ORDER`): category hierarchies are not
    modelled yet.
    """

    redeemables_limit: int = attrs.field(
        default=limits.REDEEMABLES_PER_REQUEST_MAX, validator=_within_request_limit
    )
    applicable_redeemables_limit: int = attrs.field(
        default=limits.REDEEMABLES_PER_REQUEST_MAX, validator=_within_request_limit
    )
    redeemables_application_mode: ApplicationMode = attrs.field(
        default=ApplicationMode.ALL, validator=rules.kind(ApplicationMode)
    )
    discount_calculation_mode: CalculationMode = attrs.field(
        default=CalculationMode.DISCOUNTED_AMOUNT, validator=rules.kind(CalculationMode)
    )
    redeemables_no_effect_rule: NoEffectRule = attrs.field(
        default=NoEffectRule.REDEEM_ANYWAY, validator=rules.kind(NoEffectRule)
    )
    redeemables_rollback_order_mode: RollbackOrderMode = attrs.field(
        default=RollbackOrderMode.WITH_ORDER, validator=rules.kind(RollbackOrderMode)
    )

    def __attrs_post_init__(self) -> None:
        if self.applicable_redeemables_limit > self.redeemables_limit:
            raise FieldError("applicable_redeemables_limit", "must not exceed redeemables_limit")


DEFAULT_CHANNEL = Channel("redemption-core", ChannelType.API)


@attrs.frozen(kw_only=True)
class LedgerSettings:
    """Everything a ledger instance is configured with."""

    stacking: StackingRules = StackingRules()
    tracking_secret: bytes = b"redemption-core"
    """Key of the HMAC that turns a customer source id into a stable `tracking_id`."""
    channel: Channel = DEFAULT_CHANNEL
    """Channel recorded when the caller does not name one."""

"""Domain enums <-> protobuf enums.

A protobuf enum value is the wire string behind the enum's prefix (`REDEMPTION_STATUS_` +
"ROLLED_BACK", `RELATED_OBJECT_TYPE_` + "VOUCHER" for "voucher"); value 0, `*_UNSPECIFIED`,
is "not sent". One `EnumCodec` per enum, built once from the descriptors, so a member missing
on either side fails at import, not on the first request that needs it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Generic, TypeVar, cast

from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

from redemption_core.domain.model import errors
from redemption_core.domain.model.campaign import CampaignMode, CampaignType
from redemption_core.domain.model.discount import DiscountEffect, DiscountType
from redemption_core.domain.model.order import OrderStatus
from redemption_core.domain.model.redemption import (
    ChannelType,
    RedemptionStatus,
    RelatedObjectType,
    Result,
    RollbackOrderMode,
)
from redemption_core.domain.model.redemption_rollback import RollbackStatus
from redemption_core.domain.model.reward import RewardType
from redemption_core.domain.model.voucher import VoucherType
from redemption_core.domain.use_cases.commands import RedeemableKind

from ._generated import common_pb2 as pb

E = TypeVar("E", bound=StrEnum)
P = TypeVar("P", bound=int)


class EnumCodec(Generic[E, P]):
    """One domain enum `E` and its protobuf twin `P`."""

    def __init__(self, domain: type[E], proto: type[P], prefix: str) -> None:
        wrapper = cast(EnumTypeWrapper, proto)
        self.domain = domain
        self.proto = wrapper
        self.prefix = prefix
        self._numbers: dict[E, P] = {
            member: cast(P, wrapper.Value(prefix + member.value.upper())) for member in domain
        }
        self._members: dict[int, E] = {number: member for member, number in self._numbers.items()}
        self._unspecified = cast(P, 0)
        unmatched = set(wrapper.values()) - set(self._members) - {0}
        if unmatched:
            raise TypeError(f"{prefix}*: protobuf values {sorted(unmatched)} have no {domain}")

    def encode(self, value: E | None) -> P:
        """The protobuf number of `value`; 0 (unspecified) for None."""
        if value is None:
            return self._unspecified
        return self._numbers[value]

    def encode_text(self, value: str | None) -> P:
        """The protobuf number of a wire string the domain keeps as `str`."""
        if value is None:
            return self._unspecified
        return self._numbers[self.domain(value)]

    def decode(self, number: int, field: str) -> E | None:
        """The domain member, None when unspecified; an unknown number names `field`."""
        if number == 0:
            return None
        found = self._members.get(number)
        if found is None:
            raise errors.InvalidPayload(f"unknown {self.prefix}* value {number}", field=field)
        return found

    def require(self, number: int, field: str) -> E:
        """Like `decode`, but unspecified is an error naming `field`."""
        found = self.decode(number, field)
        if found is None:
            raise errors.InvalidPayload("is required", field=field)
        return found


RESULT = EnumCodec(Result, pb.Result, "RESULT_")
REDEMPTION_STATUS = EnumCodec(RedemptionStatus, pb.RedemptionStatus, "REDEMPTION_STATUS_")
ROLLBACK_STATUS = EnumCodec(RollbackStatus, pb.RollbackStatus, "ROLLBACK_STATUS_")
CHANNEL_TYPE = EnumCodec(ChannelType, pb.ChannelType, "CHANNEL_TYPE_")
RELATED_OBJECT_TYPE = EnumCodec(RelatedObjectType, pb.RelatedObjectType, "RELATED_OBJECT_TYPE_")
ROLLBACK_ORDER_MODE = EnumCodec(RollbackOrderMode, pb.RollbackOrderMode, "ROLLBACK_ORDER_MODE_")
REDEEMABLE_OBJECT = EnumCodec(RedeemableKind, pb.RedeemableObject, "REDEEMABLE_OBJECT_")
VOUCHER_TYPE = EnumCodec(VoucherType, pb.VoucherType, "VOUCHER_TYPE_")
DISCOUNT_TYPE = EnumCodec(DiscountType, pb.DiscountType, "DISCOUNT_TYPE_")
DISCOUNT_EFFECT = EnumCodec(DiscountEffect, pb.DiscountEffect, "DISCOUNT_EFFECT_")
ORDER_STATUS = EnumCodec(OrderStatus, pb.OrderStatus, "ORDER_STATUS_")
CAMPAIGN_TYPE = EnumCodec(CampaignType, pb.CampaignType, "CAMPAIGN_TYPE_")
CAMPAIGN_MODE = EnumCodec(CampaignMode, pb.CampaignMode, "CAMPAIGN_MODE_")
REWARD_TYPE = EnumCodec(RewardType, pb.RewardType, "REWARD_TYPE_")

CODECS: tuple[EnumCodec[Any, Any], ...] = (
    RESULT, REDEMPTION_STATUS, ROLLBACK_STATUS, CHANNEL_TYPE, RELATED_OBJECT_TYPE,
    ROLLBACK_ORDER_MODE, REDEEMABLE_OBJECT, VOUCHER_TYPE, DISCOUNT_TYPE, DISCOUNT_EFFECT,
    ORDER_STATUS, CAMPAIGN_TYPE, CAMPAIGN_MODE, REWARD_TYPE,
)  # fmt: skip

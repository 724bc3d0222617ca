import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Result(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESULT_UNSPECIFIED: _ClassVar[Result]
    RESULT_SUCCESS: _ClassVar[Result]
    RESULT_FAILURE: _ClassVar[Result]

class RedemptionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REDEMPTION_STATUS_UNSPECIFIED: _ClassVar[RedemptionStatus]
    REDEMPTION_STATUS_SUCCEEDED: _ClassVar[RedemptionStatus]
    REDEMPTION_STATUS_FAILED: _ClassVar[RedemptionStatus]
    REDEMPTION_STATUS_ROLLED_BACK: _ClassVar[RedemptionStatus]

class RollbackStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROLLBACK_STATUS_UNSPECIFIED: _ClassVar[RollbackStatus]
    ROLLBACK_STATUS_SUCCEEDED: _ClassVar[RollbackStatus]
    ROLLBACK_STATUS_FAILED: _ClassVar[RollbackStatus]

class ChannelType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANNEL_TYPE_UNSPECIFIED: _ClassVar[ChannelType]
    CHANNEL_TYPE_USER: _ClassVar[ChannelType]
    CHANNEL_TYPE_API: _ClassVar[ChannelType]
    CHANNEL_TYPE_AUTO_REDEEM: _ClassVar[ChannelType]

class RelatedObjectType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RELATED_OBJECT_TYPE_UNSPECIFIED: _ClassVar[RelatedObjectType]
    RELATED_OBJECT_TYPE_VOUCHER: _ClassVar[RelatedObjectType]
    RELATED_OBJECT_TYPE_PROMOTION_TIER: _ClassVar[RelatedObjectType]
    RELATED_OBJECT_TYPE_REDEMPTION: _ClassVar[RelatedObjectType]

class RollbackOrderMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROLLBACK_ORDER_MODE_UNSPECIFIED: _ClassVar[RollbackOrderMode]
    ROLLBACK_ORDER_MODE_WITH_ORDER: _ClassVar[RollbackOrderMode]
    ROLLBACK_ORDER_MODE_WITHOUT_ORDER: _ClassVar[RollbackOrderMode]

class RedeemableObject(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REDEEMABLE_OBJECT_UNSPECIFIED: _ClassVar[RedeemableObject]
    REDEEMABLE_OBJECT_VOUCHER: _ClassVar[RedeemableObject]
    REDEEMABLE_OBJECT_PROMOTION_TIER: _ClassVar[RedeemableObject]
    REDEEMABLE_OBJECT_PROMOTION_STACK: _ClassVar[RedeemableObject]

class VoucherType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VOUCHER_TYPE_UNSPECIFIED: _ClassVar[VoucherType]
    VOUCHER_TYPE_DISCOUNT_VOUCHER: _ClassVar[VoucherType]
    VOUCHER_TYPE_GIFT_VOUCHER: _ClassVar[VoucherType]
    VOUCHER_TYPE_LOYALTY_CARD: _ClassVar[VoucherType]

class DiscountType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISCOUNT_TYPE_UNSPECIFIED: _ClassVar[DiscountType]
    DISCOUNT_TYPE_AMOUNT: _ClassVar[DiscountType]
    DISCOUNT_TYPE_PERCENT: _ClassVar[DiscountType]
    DISCOUNT_TYPE_FIXED: _ClassVar[DiscountType]
    DISCOUNT_TYPE_UNIT: _ClassVar[DiscountType]

class DiscountEffect(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISCOUNT_EFFECT_UNSPECIFIED: _ClassVar[DiscountEffect]
    DISCOUNT_EFFECT_APPLY_TO_ORDER: _ClassVar[DiscountEffect]
    DISCOUNT_EFFECT_APPLY_TO_ITEMS: _ClassVar[DiscountEffect]
    DISCOUNT_EFFECT_APPLY_TO_ITEMS_PROPORTIONALLY: _ClassVar[DiscountEffect]
    DISCOUNT_EFFECT_APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY: _ClassVar[DiscountEffect]
    DISCOUNT_EFFECT_APPLY_TO_ITEMS_BY_QUANTITY: _ClassVar[DiscountEffect]

class OrderStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ORDER_STATUS_UNSPECIFIED: _ClassVar[OrderStatus]
    ORDER_STATUS_CREATED: _ClassVar[OrderStatus]
    ORDER_STATUS_PAID: _ClassVar[OrderStatus]
    ORDER_STATUS_CANCELED: _ClassVar[OrderStatus]
    ORDER_STATUS_FULFILLED: _ClassVar[OrderStatus]

class CampaignType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CAMPAIGN_TYPE_UNSPECIFIED: _ClassVar[CampaignType]
    CAMPAIGN_TYPE_DISCOUNT_COUPONS: _ClassVar[CampaignType]
    CAMPAIGN_TYPE_GIFT_VOUCHERS: _ClassVar[CampaignType]
    CAMPAIGN_TYPE_LOYALTY_PROGRAM: _ClassVar[CampaignType]
    CAMPAIGN_TYPE_PROMOTION: _ClassVar[CampaignType]
    CAMPAIGN_TYPE_REFERRAL_PROGRAM: _ClassVar[CampaignType]

class CampaignMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CAMPAIGN_MODE_UNSPECIFIED: _ClassVar[CampaignMode]
    CAMPAIGN_MODE_AUTO_UPDATE: _ClassVar[CampaignMode]
    CAMPAIGN_MODE_STATIC: _ClassVar[CampaignMode]
    CAMPAIGN_MODE_STANDALONE: _ClassVar[CampaignMode]

class RewardType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REWARD_TYPE_UNSPECIFIED: _ClassVar[RewardType]
    REWARD_TYPE_CAMPAIGN: _ClassVar[RewardType]
    REWARD_TYPE_COIN: _ClassVar[RewardType]
    REWARD_TYPE_MATERIAL: _ClassVar[RewardType]
RESULT_UNSPECIFIED: Result
RESULT_SUCCESS: Result
RESULT_FAILURE: Result
REDEMPTION_STATUS_UNSPECIFIED: RedemptionStatus
REDEMPTION_STATUS_SUCCEEDED: RedemptionStatus
REDEMPTION_STATUS_FAILED: RedemptionStatus
REDEMPTION_STATUS_ROLLED_BACK: RedemptionStatus
ROLLBACK_STATUS_UNSPECIFIED: RollbackStatus
ROLLBACK_STATUS_SUCCEEDED: RollbackStatus
ROLLBACK_STATUS_FAILED: RollbackStatus
CHANNEL_TYPE_UNSPECIFIED: ChannelType
CHANNEL_TYPE_USER: ChannelType
CHANNEL_TYPE_API: ChannelType
CHANNEL_TYPE_AUTO_REDEEM: ChannelType
RELATED_OBJECT_TYPE_UNSPECIFIED: RelatedObjectType
RELATED_OBJECT_TYPE_VOUCHER: RelatedObjectType
RELATED_OBJECT_TYPE_PROMOTION_TIER: RelatedObjectType
RELATED_OBJECT_TYPE_REDEMPTION: RelatedObjectType
ROLLBACK_ORDER_MODE_UNSPECIFIED: RollbackOrderMode
ROLLBACK_ORDER_MODE_WITH_ORDER: RollbackOrderMode
ROLLBACK_ORDER_MODE_WITHOUT_ORDER: RollbackOrderMode
REDEEMABLE_OBJECT_UNSPECIFIED: RedeemableObject
REDEEMABLE_OBJECT_VOUCHER: RedeemableObject
REDEEMABLE_OBJECT_PROMOTION_TIER: RedeemableObject
REDEEMABLE_OBJECT_PROMOTION_STACK: RedeemableObject
VOUCHER_TYPE_UNSPECIFIED: VoucherType
VOUCHER_TYPE_DISCOUNT_VOUCHER: VoucherType
VOUCHER_TYPE_GIFT_VOUCHER: VoucherType
VOUCHER_TYPE_LOYALTY_CARD: VoucherType
DISCOUNT_TYPE_UNSPECIFIED: DiscountType
DISCOUNT_TYPE_AMOUNT: DiscountType
DISCOUNT_TYPE_PERCENT: DiscountType
DISCOUNT_TYPE_FIXED: DiscountType
DISCOUNT_TYPE_UNIT: DiscountType
DISCOUNT_EFFECT_UNSPECIFIED: DiscountEffect
DISCOUNT_EFFECT_APPLY_TO_ORDER: DiscountEffect
DISCOUNT_EFFECT_APPLY_TO_ITEMS: DiscountEffect
DISCOUNT_EFFECT_APPLY_TO_ITEMS_PROPORTIONALLY: DiscountEffect
DISCOUNT_EFFECT_APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY: DiscountEffect
DISCOUNT_EFFECT_APPLY_TO_ITEMS_BY_QUANTITY: DiscountEffect
ORDER_STATUS_UNSPECIFIED: OrderStatus
ORDER_STATUS_CREATED: OrderStatus
ORDER_STATUS_PAID: OrderStatus
ORDER_STATUS_CANCELED: OrderStatus
ORDER_STATUS_FULFILLED: OrderStatus
CAMPAIGN_TYPE_UNSPECIFIED: CampaignType
CAMPAIGN_TYPE_DISCOUNT_COUPONS: CampaignType
CAMPAIGN_TYPE_GIFT_VOUCHERS: CampaignType
CAMPAIGN_TYPE_LOYALTY_PROGRAM: CampaignType
CAMPAIGN_TYPE_PROMOTION: CampaignType
CAMPAIGN_TYPE_REFERRAL_PROGRAM: CampaignType
CAMPAIGN_MODE_UNSPECIFIED: CampaignMode
CAMPAIGN_MODE_AUTO_UPDATE: CampaignMode
CAMPAIGN_MODE_STATIC: CampaignMode
CAMPAIGN_MODE_STANDALONE: CampaignMode
REWARD_TYPE_UNSPECIFIED: RewardType
REWARD_TYPE_CAMPAIGN: RewardType
REWARD_TYPE_COIN: RewardType
REWARD_TYPE_MATERIAL: RewardType

class Channel(_message.Message):
    __slots__ = ("channel_id", "channel_type")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_TYPE_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    channel_type: ChannelType
    def __init__(self, channel_id: _Optional[str] = ..., channel_type: _Optional[_Union[ChannelType, str]] = ...) -> None: ...

class SimpleCustomer(_message.Message):
    __slots__ = ("id", "name", "email", "source_id", "metadata", "object")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    email: str
    source_id: str
    metadata: _struct_pb2.Struct
    object: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., email: _Optional[str] = ..., source_id: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., object: _Optional[str] = ...) -> None: ...

class Address(_message.Message):
    __slots__ = ("city", "state", "line_1", "line_2", "country", "postal_code")
    CITY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LINE_1_FIELD_NUMBER: _ClassVar[int]
    LINE_2_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    POSTAL_CODE_FIELD_NUMBER: _ClassVar[int]
    city: str
    state: str
    line_1: str
    line_2: str
    country: str
    postal_code: str
    def __init__(self, city: _Optional[str] = ..., state: _Optional[str] = ..., line_1: _Optional[str] = ..., line_2: _Optional[str] = ..., country: _Optional[str] = ..., postal_code: _Optional[str] = ...) -> None: ...

class CustomerInput(_message.Message):
    __slots__ = ("id", "source_id", "name", "email", "phone", "description", "birthdate", "address", "metadata")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    BIRTHDATE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    id: str
    source_id: str
    name: str
    email: str
    phone: str
    description: str
    birthdate: str
    address: Address
    metadata: _struct_pb2.Struct
    def __init__(self, id: _Optional[str] = ..., source_id: _Optional[str] = ..., name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., description: _Optional[str] = ..., birthdate: _Optional[str] = ..., address: _Optional[_Union[Address, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class Discount(_message.Message):
    __slots__ = ("type", "amount_off", "percent_off", "amount_limit", "fixed_amount", "effect")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_OFF_FIELD_NUMBER: _ClassVar[int]
    PERCENT_OFF_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_LIMIT_FIELD_NUMBER: _ClassVar[int]
    FIXED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    EFFECT_FIELD_NUMBER: _ClassVar[int]
    type: DiscountType
    amount_off: int
    percent_off: float
    amount_limit: int
    fixed_amount: int
    effect: DiscountEffect
    def __init__(self, type: _Optional[_Union[DiscountType, str]] = ..., amount_off: _Optional[int] = ..., percent_off: _Optional[float] = ..., amount_limit: _Optional[int] = ..., fixed_amount: _Optional[int] = ..., effect: _Optional[_Union[DiscountEffect, str]] = ...) -> None: ...

class ValidityTimeframe(_message.Message):
    __slots__ = ("duration", "interval")
    DURATION_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_FIELD_NUMBER: _ClassVar[int]
    duration: str
    interval: str
    def __init__(self, duration: _Optional[str] = ..., interval: _Optional[str] = ...) -> None: ...

class DailyHours(_message.Message):
    __slots__ = ("start_time", "expiration_time", "days_of_week")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_TIME_FIELD_NUMBER: _ClassVar[int]
    DAYS_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    start_time: str
    expiration_time: str
    days_of_week: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, start_time: _Optional[str] = ..., expiration_time: _Optional[str] = ..., days_of_week: _Optional[_Iterable[int]] = ...) -> None: ...

class ValidityHours(_message.Message):
    __slots__ = ("daily",)
    DAILY_FIELD_NUMBER: _ClassVar[int]
    daily: _containers.RepeatedCompositeFieldContainer[DailyHours]
    def __init__(self, daily: _Optional[_Iterable[_Union[DailyHours, _Mapping]]] = ...) -> None: ...

class Category(_message.Message):
    __slots__ = ("id", "name", "hierarchy", "object", "created_at", "updated_at", "stacking_rules_type")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    HIERARCHY_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    STACKING_RULES_TYPE_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    hierarchy: int
    object: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    stacking_rules_type: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., hierarchy: _Optional[int] = ..., object: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stacking_rules_type: _Optional[str] = ...) -> None: ...

class GiftAmount(_message.Message):
    __slots__ = ("amount", "effect")
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    EFFECT_FIELD_NUMBER: _ClassVar[int]
    amount: int
    effect: DiscountEffect
    def __init__(self, amount: _Optional[int] = ..., effect: _Optional[_Union[DiscountEffect, str]] = ...) -> None: ...

class LoyaltyPoints(_message.Message):
    __slots__ = ("points",)
    POINTS_FIELD_NUMBER: _ClassVar[int]
    points: int
    def __init__(self, points: _Optional[int] = ...) -> None: ...

class RedemptionQuantity(_message.Message):
    __slots__ = ("quantity",)
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    quantity: int
    def __init__(self, quantity: _Optional[int] = ...) -> None: ...

class CodeConfig(_message.Message):
    __slots__ = ("pattern", "length", "charset", "prefix", "postfix")
    PATTERN_FIELD_NUMBER: _ClassVar[int]
    LENGTH_FIELD_NUMBER: _ClassVar[int]
    CHARSET_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    POSTFIX_FIELD_NUMBER: _ClassVar[int]
    pattern: str
    length: int
    charset: str
    prefix: str
    postfix: str
    def __init__(self, pattern: _Optional[str] = ..., length: _Optional[int] = ..., charset: _Optional[str] = ..., prefix: _Optional[str] = ..., postfix: _Optional[str] = ...) -> None: ...

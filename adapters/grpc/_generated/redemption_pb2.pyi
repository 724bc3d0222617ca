import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from . import catalog_pb2 as _catalog_pb2
from . import common_pb2 as _common_pb2
from . import order_pb2 as _order_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Redemption(_message.Message):
    __slots__ = ("id", "object", "date", "customer_id", "tracking_id", "metadata", "amount", "redemption", "result", "status", "session", "related_redemptions", "failure_code", "failure_message", "order", "channel", "customer", "related_object_type", "related_object_id", "promotion_tier", "reward", "gift", "loyalty_card", "voucher")
    ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_ID_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    RELATED_REDEMPTIONS_FIELD_NUMBER: _ClassVar[int]
    FAILURE_CODE_FIELD_NUMBER: _ClassVar[int]
    FAILURE_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PROMOTION_TIER_FIELD_NUMBER: _ClassVar[int]
    REWARD_FIELD_NUMBER: _ClassVar[int]
    GIFT_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_CARD_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    id: str
    object: str
    date: _timestamp_pb2.Timestamp
    customer_id: str
    tracking_id: str
    metadata: _struct_pb2.Struct
    amount: int
    redemption: str
    result: _common_pb2.Result
    status: _common_pb2.RedemptionStatus
    session: Session
    related_redemptions: RelatedRedemptions
    failure_code: str
    failure_message: str
    order: _order_pb2.Order
    channel: _common_pb2.Channel
    customer: _common_pb2.SimpleCustomer
    related_object_type: _common_pb2.RelatedObjectType
    related_object_id: str
    promotion_tier: _catalog_pb2.PromotionTier
    reward: RedemptionRewardResult
    gift: RedemptionGift
    loyalty_card: RedemptionLoyaltyCard
    voucher: _catalog_pb2.Voucher
    def __init__(self, id: _Optional[str] = ..., object: _Optional[str] = ..., date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., customer_id: _Optional[str] = ..., tracking_id: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., amount: _Optional[int] = ..., redemption: _Optional[str] = ..., result: _Optional[_Union[_common_pb2.Result, str]] = ..., status: _Optional[_Union[_common_pb2.RedemptionStatus, str]] = ..., session: _Optional[_Union[Session, _Mapping]] = ..., related_redemptions: _Optional[_Union[RelatedRedemptions, _Mapping]] = ..., failure_code: _Optional[str] = ..., failure_message: _Optional[str] = ..., order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ..., channel: _Optional[_Union[_common_pb2.Channel, _Mapping]] = ..., customer: _Optional[_Union[_common_pb2.SimpleCustomer, _Mapping]] = ..., related_object_type: _Optional[_Union[_common_pb2.RelatedObjectType, str]] = ..., related_object_id: _Optional[str] = ..., promotion_tier: _Optional[_Union[_catalog_pb2.PromotionTier, _Mapping]] = ..., reward: _Optional[_Union[RedemptionRewardResult, _Mapping]] = ..., gift: _Optional[_Union[RedemptionGift, _Mapping]] = ..., loyalty_card: _Optional[_Union[RedemptionLoyaltyCard, _Mapping]] = ..., voucher: _Optional[_Union[_catalog_pb2.Voucher, _Mapping]] = ...) -> None: ...

class RedemptionRollback(_message.Message):
    __slots__ = ("id", "object", "date", "customer_id", "tracking_id", "metadata", "amount", "redemption", "reason", "result", "status", "failure_code", "failure_message", "order", "channel", "customer", "related_object_type", "related_object_id", "voucher", "promotion_tier", "reward", "gift", "loyalty_card")
    ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_ID_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FAILURE_CODE_FIELD_NUMBER: _ClassVar[int]
    FAILURE_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    PROMOTION_TIER_FIELD_NUMBER: _ClassVar[int]
    REWARD_FIELD_NUMBER: _ClassVar[int]
    GIFT_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_CARD_FIELD_NUMBER: _ClassVar[int]
    id: str
    object: str
    date: _timestamp_pb2.Timestamp
    customer_id: str
    tracking_id: str
    metadata: _struct_pb2.Struct
    amount: int
    redemption: str
    reason: str
    result: _common_pb2.Result
    status: _common_pb2.RollbackStatus
    failure_code: str
    failure_message: str
    order: _order_pb2.Order
    channel: _common_pb2.Channel
    customer: _common_pb2.SimpleCustomer
    related_object_type: _common_pb2.RelatedObjectType
    related_object_id: str
    voucher: _catalog_pb2.Voucher
    promotion_tier: _catalog_pb2.PromotionTier
    reward: RedemptionRewardResult
    gift: RedemptionGift
    loyalty_card: RedemptionLoyaltyCard
    def __init__(self, id: _Optional[str] = ..., object: _Optional[str] = ..., date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., customer_id: _Optional[str] = ..., tracking_id: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., amount: _Optional[int] = ..., redemption: _Optional[str] = ..., reason: _Optional[str] = ..., result: _Optional[_Union[_common_pb2.Result, str]] = ..., status: _Optional[_Union[_common_pb2.RollbackStatus, str]] = ..., failure_code: _Optional[str] = ..., failure_message: _Optional[str] = ..., order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ..., channel: _Optional[_Union[_common_pb2.Channel, _Mapping]] = ..., customer: _Optional[_Union[_common_pb2.SimpleCustomer, _Mapping]] = ..., related_object_type: _Optional[_Union[_common_pb2.RelatedObjectType, str]] = ..., related_object_id: _Optional[str] = ..., voucher: _Optional[_Union[_catalog_pb2.Voucher, _Mapping]] = ..., promotion_tier: _Optional[_Union[_catalog_pb2.PromotionTier, _Mapping]] = ..., reward: _Optional[_Union[RedemptionRewardResult, _Mapping]] = ..., gift: _Optional[_Union[RedemptionGift, _Mapping]] = ..., loyalty_card: _Optional[_Union[RedemptionLoyaltyCard, _Mapping]] = ...) -> None: ...

class Session(_message.Message):
    __slots__ = ("key",)
    KEY_FIELD_NUMBER: _ClassVar[int]
    key: str
    def __init__(self, key: _Optional[str] = ...) -> None: ...

class RelatedRedemptions(_message.Message):
    __slots__ = ("rollbacks", "redemptions")
    ROLLBACKS_FIELD_NUMBER: _ClassVar[int]
    REDEMPTIONS_FIELD_NUMBER: _ClassVar[int]
    rollbacks: _containers.RepeatedCompositeFieldContainer[RelatedRedemption]
    redemptions: _containers.RepeatedCompositeFieldContainer[RelatedRedemption]
    def __init__(self, rollbacks: _Optional[_Iterable[_Union[RelatedRedemption, _Mapping]]] = ..., redemptions: _Optional[_Iterable[_Union[RelatedRedemption, _Mapping]]] = ...) -> None: ...

class RelatedRedemption(_message.Message):
    __slots__ = ("id", "date", "rollback_order_mode")
    ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_ORDER_MODE_FIELD_NUMBER: _ClassVar[int]
    id: str
    date: _timestamp_pb2.Timestamp
    rollback_order_mode: _common_pb2.RollbackOrderMode
    def __init__(self, id: _Optional[str] = ..., date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., rollback_order_mode: _Optional[_Union[_common_pb2.RollbackOrderMode, str]] = ...) -> None: ...

class RedemptionGift(_message.Message):
    __slots__ = ("amount",)
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    amount: int
    def __init__(self, amount: _Optional[int] = ...) -> None: ...

class RedemptionLoyaltyCard(_message.Message):
    __slots__ = ("points",)
    POINTS_FIELD_NUMBER: _ClassVar[int]
    points: int
    def __init__(self, points: _Optional[int] = ...) -> None: ...

class RedemptionRewardResult(_message.Message):
    __slots__ = ("customer", "assignment_id", "voucher", "product", "sku", "loyalty_tier_id", "id", "name", "object", "created_at", "updated_at", "parameters", "metadata", "type")
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_TIER_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    customer: _common_pb2.SimpleCustomer
    assignment_id: str
    voucher: _catalog_pb2.Voucher
    product: RewardProduct
    sku: RewardSku
    loyalty_tier_id: str
    id: str
    name: str
    object: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    parameters: _catalog_pb2.RewardParameters
    metadata: _struct_pb2.Struct
    type: _common_pb2.RewardType
    def __init__(self, customer: _Optional[_Union[_common_pb2.SimpleCustomer, _Mapping]] = ..., assignment_id: _Optional[str] = ..., voucher: _Optional[_Union[_catalog_pb2.Voucher, _Mapping]] = ..., product: _Optional[_Union[RewardProduct, _Mapping]] = ..., sku: _Optional[_Union[RewardSku, _Mapping]] = ..., loyalty_tier_id: _Optional[str] = ..., id: _Optional[str] = ..., name: _Optional[str] = ..., object: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., parameters: _Optional[_Union[_catalog_pb2.RewardParameters, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., type: _Optional[_Union[_common_pb2.RewardType, str]] = ...) -> None: ...

class RewardProduct(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class RewardSku(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class RedeemableOutcome(_message.Message):
    __slots__ = ("status", "id", "object", "result", "metadata", "categories", "campaign_name", "campaign_id", "name")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_NAME_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    status: str
    id: str
    object: _common_pb2.RedeemableObject
    result: RedeemableOutcomeResult
    metadata: _struct_pb2.Struct
    categories: _containers.RepeatedCompositeFieldContainer[_common_pb2.Category]
    campaign_name: str
    campaign_id: str
    name: str
    def __init__(self, status: _Optional[str] = ..., id: _Optional[str] = ..., object: _Optional[_Union[_common_pb2.RedeemableObject, str]] = ..., result: _Optional[_Union[RedeemableOutcomeResult, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., categories: _Optional[_Iterable[_Union[_common_pb2.Category, _Mapping]]] = ..., campaign_name: _Optional[str] = ..., campaign_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class RedeemableOutcomeResult(_message.Message):
    __slots__ = ("details", "error")
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    details: RedeemableOutcomeDetails
    error: RedeemableOutcomeError
    def __init__(self, details: _Optional[_Union[RedeemableOutcomeDetails, _Mapping]] = ..., error: _Optional[_Union[RedeemableOutcomeError, _Mapping]] = ...) -> None: ...

class RedeemableOutcomeDetails(_message.Message):
    __slots__ = ("key", "message")
    KEY_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    key: str
    message: str
    def __init__(self, key: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class RedeemableOutcomeError(_message.Message):
    __slots__ = ("code", "key", "message")
    CODE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: int
    key: str
    message: str
    def __init__(self, code: _Optional[int] = ..., key: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class RedemptionEntry(_message.Message):
    __slots__ = ("redemption", "rollback")
    REDEMPTION_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_FIELD_NUMBER: _ClassVar[int]
    redemption: Redemption
    rollback: RedemptionRollback
    def __init__(self, redemption: _Optional[_Union[Redemption, _Mapping]] = ..., rollback: _Optional[_Union[RedemptionRollback, _Mapping]] = ...) -> None: ...

class RedeemableInput(_message.Message):
    __slots__ = ("object", "id", "gift", "reward")
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    GIFT_FIELD_NUMBER: _ClassVar[int]
    REWARD_FIELD_NUMBER: _ClassVar[int]
    object: _common_pb2.RedeemableObject
    id: str
    gift: GiftCreditsInput
    reward: RewardPointsInput
    def __init__(self, object: _Optional[_Union[_common_pb2.RedeemableObject, str]] = ..., id: _Optional[str] = ..., gift: _Optional[_Union[GiftCreditsInput, _Mapping]] = ..., reward: _Optional[_Union[RewardPointsInput, _Mapping]] = ...) -> None: ...

class GiftCreditsInput(_message.Message):
    __slots__ = ("credits",)
    CREDITS_FIELD_NUMBER: _ClassVar[int]
    credits: int
    def __init__(self, credits: _Optional[int] = ...) -> None: ...

class RewardPointsInput(_message.Message):
    __slots__ = ("id", "points")
    ID_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    points: int
    def __init__(self, id: _Optional[str] = ..., points: _Optional[int] = ...) -> None: ...

class CustomerActivity(_message.Message):
    __slots__ = ("id", "type", "data", "created_at", "group_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: str
    data: _struct_pb2.Struct
    created_at: _timestamp_pb2.Timestamp
    group_id: str
    def __init__(self, id: _Optional[str] = ..., type: _Optional[str] = ..., data: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., group_id: _Optional[str] = ...) -> None: ...

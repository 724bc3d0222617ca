import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from . import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Voucher(_message.Message):
    __slots__ = ("id", "code", "campaign", "campaign_id", "category", "category_id", "categories", "type", "discount", "gift", "loyalty_card", "start_date", "expiration_date", "validity_timeframe", "validity_day_of_week", "validity_hours", "active", "additional_info", "metadata", "assets", "is_referral_code", "created_at", "updated_at", "holder_id", "referrer_id", "object", "publish", "redemption", "holder")
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_FIELD_NUMBER: _ClassVar[int]
    GIFT_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_CARD_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_DATE_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_TIMEFRAME_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_DAY_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_HOURS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_INFO_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    ASSETS_FIELD_NUMBER: _ClassVar[int]
    IS_REFERRAL_CODE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    HOLDER_ID_FIELD_NUMBER: _ClassVar[int]
    REFERRER_ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    PUBLISH_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_FIELD_NUMBER: _ClassVar[int]
    HOLDER_FIELD_NUMBER: _ClassVar[int]
    id: str
    code: str
    campaign: str
    campaign_id: str
    category: str
    category_id: str
    categories: _containers.RepeatedCompositeFieldContainer[_common_pb2.Category]
    type: _common_pb2.VoucherType
    discount: _common_pb2.Discount
    gift: VoucherGift
    loyalty_card: VoucherLoyaltyCard
    start_date: _timestamp_pb2.Timestamp
    expiration_date: _timestamp_pb2.Timestamp
    validity_timeframe: _common_pb2.ValidityTimeframe
    validity_day_of_week: _containers.RepeatedScalarFieldContainer[int]
    validity_hours: _common_pb2.ValidityHours
    active: bool
    additional_info: str
    metadata: _struct_pb2.Struct
    assets: VoucherAssets
    is_referral_code: bool
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    holder_id: str
    referrer_id: str
    object: str
    publish: VoucherPublish
    redemption: VoucherRedemption
    holder: _common_pb2.SimpleCustomer
    def __init__(self, id: _Optional[str] = ..., code: _Optional[str] = ..., campaign: _Optional[str] = ..., campaign_id: _Optional[str] = ..., category: _Optional[str] = ..., category_id: _Optional[str] = ..., categories: _Optional[_Iterable[_Union[_common_pb2.Category, _Mapping]]] = ..., type: _Optional[_Union[_common_pb2.VoucherType, str]] = ..., discount: _Optional[_Union[_common_pb2.Discount, _Mapping]] = ..., gift: _Optional[_Union[VoucherGift, _Mapping]] = ..., loyalty_card: _Optional[_Union[VoucherLoyaltyCard, _Mapping]] = ..., start_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expiration_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., validity_timeframe: _Optional[_Union[_common_pb2.ValidityTimeframe, _Mapping]] = ..., validity_day_of_week: _Optional[_Iterable[int]] = ..., validity_hours: _Optional[_Union[_common_pb2.ValidityHours, _Mapping]] = ..., active: _Optional[bool] = ..., additional_info: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., assets: _Optional[_Union[VoucherAssets, _Mapping]] = ..., is_referral_code: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., holder_id: _Optional[str] = ..., referrer_id: _Optional[str] = ..., object: _Optional[str] = ..., publish: _Optional[_Union[VoucherPublish, _Mapping]] = ..., redemption: _Optional[_Union[VoucherRedemption, _Mapping]] = ..., holder: _Optional[_Union[_common_pb2.SimpleCustomer, _Mapping]] = ...) -> None: ...

class VoucherGift(_message.Message):
    __slots__ = ("amount", "subtracted_amount", "balance", "effect")
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    SUBTRACTED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    EFFECT_FIELD_NUMBER: _ClassVar[int]
    amount: int
    subtracted_amount: int
    balance: int
    effect: _common_pb2.DiscountEffect
    def __init__(self, amount: _Optional[int] = ..., subtracted_amount: _Optional[int] = ..., balance: _Optional[int] = ..., effect: _Optional[_Union[_common_pb2.DiscountEffect, str]] = ...) -> None: ...

class VoucherLoyaltyCard(_message.Message):
    __slots__ = ("points", "balance", "next_expiration_date", "next_expiration_points", "pending_points", "expired_points", "subtracted_points")
    POINTS_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    NEXT_EXPIRATION_DATE_FIELD_NUMBER: _ClassVar[int]
    NEXT_EXPIRATION_POINTS_FIELD_NUMBER: _ClassVar[int]
    PENDING_POINTS_FIELD_NUMBER: _ClassVar[int]
    EXPIRED_POINTS_FIELD_NUMBER: _ClassVar[int]
    SUBTRACTED_POINTS_FIELD_NUMBER: _ClassVar[int]
    points: int
    balance: int
    next_expiration_date: str
    next_expiration_points: int
    pending_points: int
    expired_points: int
    subtracted_points: int
    def __init__(self, points: _Optional[int] = ..., balance: _Optional[int] = ..., next_expiration_date: _Optional[str] = ..., next_expiration_points: _Optional[int] = ..., pending_points: _Optional[int] = ..., expired_points: _Optional[int] = ..., subtracted_points: _Optional[int] = ...) -> None: ...

class VoucherAssets(_message.Message):
    __slots__ = ("qr", "barcode")
    QR_FIELD_NUMBER: _ClassVar[int]
    BARCODE_FIELD_NUMBER: _ClassVar[int]
    qr: VoucherAsset
    barcode: VoucherAsset
    def __init__(self, qr: _Optional[_Union[VoucherAsset, _Mapping]] = ..., barcode: _Optional[_Union[VoucherAsset, _Mapping]] = ...) -> None: ...

class VoucherAsset(_message.Message):
    __slots__ = ("id", "url")
    ID_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    id: str
    url: str
    def __init__(self, id: _Optional[str] = ..., url: _Optional[str] = ...) -> None: ...

class VoucherPublish(_message.Message):
    __slots__ = ("object", "count", "url")
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    object: str
    count: int
    url: str
    def __init__(self, object: _Optional[str] = ..., count: _Optional[int] = ..., url: _Optional[str] = ...) -> None: ...

class VoucherRedemption(_message.Message):
    __slots__ = ("quantity", "redeemed_quantity", "redeemed_amount", "redeemed_points", "object", "url")
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    REDEEMED_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    REDEEMED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REDEEMED_POINTS_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    quantity: int
    redeemed_quantity: int
    redeemed_amount: int
    redeemed_points: int
    object: str
    url: str
    def __init__(self, quantity: _Optional[int] = ..., redeemed_quantity: _Optional[int] = ..., redeemed_amount: _Optional[int] = ..., redeemed_points: _Optional[int] = ..., object: _Optional[str] = ..., url: _Optional[str] = ...) -> None: ...

class VoucherInput(_message.Message):
    __slots__ = ("code", "type", "campaign", "campaign_id", "category", "category_id", "start_date", "expiration_date", "validity_timeframe", "validity_day_of_week", "validity_hours", "active", "additional_info", "metadata", "redemption", "discount", "gift", "loyalty_card", "code_config")
    CODE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_DATE_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_TIMEFRAME_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_DAY_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_HOURS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_INFO_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_FIELD_NUMBER: _ClassVar[int]
    GIFT_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_CARD_FIELD_NUMBER: _ClassVar[int]
    CODE_CONFIG_FIELD_NUMBER: _ClassVar[int]
    code: str
    type: _common_pb2.VoucherType
    campaign: str
    campaign_id: str
    category: str
    category_id: str
    start_date: _timestamp_pb2.Timestamp
    expiration_date: _timestamp_pb2.Timestamp
    validity_timeframe: _common_pb2.ValidityTimeframe
    validity_day_of_week: _containers.RepeatedScalarFieldContainer[int]
    validity_hours: _common_pb2.ValidityHours
    active: bool
    additional_info: str
    metadata: _struct_pb2.Struct
    redemption: _common_pb2.RedemptionQuantity
    discount: _common_pb2.Discount
    gift: _common_pb2.GiftAmount
    loyalty_card: _common_pb2.LoyaltyPoints
    code_config: _common_pb2.CodeConfig
    def __init__(self, code: _Optional[str] = ..., type: _Optional[_Union[_common_pb2.VoucherType, str]] = ..., campaign: _Optional[str] = ..., campaign_id: _Optional[str] = ..., category: _Optional[str] = ..., category_id: _Optional[str] = ..., start_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expiration_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., validity_timeframe: _Optional[_Union[_common_pb2.ValidityTimeframe, _Mapping]] = ..., validity_day_of_week: _Optional[_Iterable[int]] = ..., validity_hours: _Optional[_Union[_common_pb2.ValidityHours, _Mapping]] = ..., active: _Optional[bool] = ..., additional_info: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., redemption: _Optional[_Union[_common_pb2.RedemptionQuantity, _Mapping]] = ..., discount: _Optional[_Union[_common_pb2.Discount, _Mapping]] = ..., gift: _Optional[_Union[_common_pb2.GiftAmount, _Mapping]] = ..., loyalty_card: _Optional[_Union[_common_pb2.LoyaltyPoints, _Mapping]] = ..., code_config: _Optional[_Union[_common_pb2.CodeConfig, _Mapping]] = ...) -> None: ...

class CampaignRef(_message.Message):
    __slots__ = ("id", "start_date", "expiration_date", "validity_timeframe", "validity_day_of_week", "validity_hours", "active", "category_id", "object")
    ID_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_DATE_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_TIMEFRAME_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_DAY_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_HOURS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    id: str
    start_date: _timestamp_pb2.Timestamp
    expiration_date: _timestamp_pb2.Timestamp
    validity_timeframe: _common_pb2.ValidityTimeframe
    validity_day_of_week: _containers.RepeatedScalarFieldContainer[int]
    validity_hours: _common_pb2.ValidityHours
    active: bool
    category_id: str
    object: str
    def __init__(self, id: _Optional[str] = ..., start_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expiration_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., validity_timeframe: _Optional[_Union[_common_pb2.ValidityTimeframe, _Mapping]] = ..., validity_day_of_week: _Optional[_Iterable[int]] = ..., validity_hours: _Optional[_Union[_common_pb2.ValidityHours, _Mapping]] = ..., active: _Optional[bool] = ..., category_id: _Optional[str] = ..., object: _Optional[str] = ...) -> None: ...

class PromotionTier(_message.Message):
    __slots__ = ("id", "created_at", "updated_at", "name", "banner", "action", "metadata", "hierarchy", "promotion_id", "campaign", "campaign_id", "active", "start_date", "expiration_date", "validity_timeframe", "validity_day_of_week", "validity_hours", "summary", "object", "validation_rule_assignments", "category_id", "categories")
    ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BANNER_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    HIERARCHY_FIELD_NUMBER: _ClassVar[int]
    PROMOTION_ID_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_DATE_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_TIMEFRAME_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_DAY_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_HOURS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    VALIDATION_RULE_ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    id: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    name: str
    banner: str
    action: PromotionTierAction
    metadata: _struct_pb2.Struct
    hierarchy: int
    promotion_id: str
    campaign: CampaignRef
    campaign_id: str
    active: bool
    start_date: _timestamp_pb2.Timestamp
    expiration_date: _timestamp_pb2.Timestamp
    validity_timeframe: _common_pb2.ValidityTimeframe
    validity_day_of_week: _containers.RepeatedScalarFieldContainer[int]
    validity_hours: _common_pb2.ValidityHours
    summary: PromotionTierSummary
    object: str
    validation_rule_assignments: _struct_pb2.Struct
    category_id: str
    categories: _containers.RepeatedCompositeFieldContainer[_common_pb2.Category]
    def __init__(self, id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., name: _Optional[str] = ..., banner: _Optional[str] = ..., action: _Optional[_Union[PromotionTierAction, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., hierarchy: _Optional[int] = ..., promotion_id: _Optional[str] = ..., campaign: _Optional[_Union[CampaignRef, _Mapping]] = ..., campaign_id: _Optional[str] = ..., active: _Optional[bool] = ..., start_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expiration_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., validity_timeframe: _Optional[_Union[_common_pb2.ValidityTimeframe, _Mapping]] = ..., validity_day_of_week: _Optional[_Iterable[int]] = ..., validity_hours: _Optional[_Union[_common_pb2.ValidityHours, _Mapping]] = ..., summary: _Optional[_Union[PromotionTierSummary, _Mapping]] = ..., object: _Optional[str] = ..., validation_rule_assignments: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., category_id: _Optional[str] = ..., categories: _Optional[_Iterable[_Union[_common_pb2.Category, _Mapping]]] = ...) -> None: ...

class PromotionTierAction(_message.Message):
    __slots__ = ("discount",)
    DISCOUNT_FIELD_NUMBER: _ClassVar[int]
    discount: _common_pb2.Discount
    def __init__(self, discount: _Optional[_Union[_common_pb2.Discount, _Mapping]] = ...) -> None: ...

class PromotionTierSummary(_message.Message):
    __slots__ = ("redemptions", "orders")
    REDEMPTIONS_FIELD_NUMBER: _ClassVar[int]
    ORDERS_FIELD_NUMBER: _ClassVar[int]
    redemptions: PromotionTierRedemptionsSummary
    orders: PromotionTierOrdersSummary
    def __init__(self, redemptions: _Optional[_Union[PromotionTierRedemptionsSummary, _Mapping]] = ..., orders: _Optional[_Union[PromotionTierOrdersSummary, _Mapping]] = ...) -> None: ...

class PromotionTierRedemptionsSummary(_message.Message):
    __slots__ = ("total_redeemed",)
    TOTAL_REDEEMED_FIELD_NUMBER: _ClassVar[int]
    total_redeemed: int
    def __init__(self, total_redeemed: _Optional[int] = ...) -> None: ...

class PromotionTierOrdersSummary(_message.Message):
    __slots__ = ("total_amount", "total_discount_amount")
    TOTAL_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_DISCOUNT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    total_amount: int
    total_discount_amount: int
    def __init__(self, total_amount: _Optional[int] = ..., total_discount_amount: _Optional[int] = ...) -> None: ...

class PromotionTierInput(_message.Message):
    __slots__ = ("name", "banner", "action", "metadata", "hierarchy", "active", "start_date", "expiration_date", "validity_timeframe", "validity_day_of_week", "validity_hours", "category", "category_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    BANNER_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    HIERARCHY_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_DATE_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_TIMEFRAME_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_DAY_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_HOURS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    banner: str
    action: PromotionTierAction
    metadata: _struct_pb2.Struct
    hierarchy: int
    active: bool
    start_date: _timestamp_pb2.Timestamp
    expiration_date: _timestamp_pb2.Timestamp
    validity_timeframe: _common_pb2.ValidityTimeframe
    validity_day_of_week: _containers.RepeatedScalarFieldContainer[int]
    validity_hours: _common_pb2.ValidityHours
    category: str
    category_id: str
    def __init__(self, name: _Optional[str] = ..., banner: _Optional[str] = ..., action: _Optional[_Union[PromotionTierAction, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., hierarchy: _Optional[int] = ..., active: _Optional[bool] = ..., start_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expiration_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., validity_timeframe: _Optional[_Union[_common_pb2.ValidityTimeframe, _Mapping]] = ..., validity_day_of_week: _Optional[_Iterable[int]] = ..., validity_hours: _Optional[_Union[_common_pb2.ValidityHours, _Mapping]] = ..., category: _Optional[str] = ..., category_id: _Optional[str] = ...) -> None: ...

class Campaign(_message.Message):
    __slots__ = ("id", "name", "description", "campaign_type", "type", "voucher", "vouchers_count", "start_date", "expiration_date", "validity_timeframe", "validity_day_of_week", "validity_hours", "active", "metadata", "created_at", "updated_at", "category", "category_id", "categories", "object", "promotion")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_TYPE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    VOUCHERS_COUNT_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_DATE_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_TIMEFRAME_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_DAY_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_HOURS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    PROMOTION_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    campaign_type: _common_pb2.CampaignType
    type: _common_pb2.CampaignMode
    voucher: CampaignVoucher
    vouchers_count: int
    start_date: _timestamp_pb2.Timestamp
    expiration_date: _timestamp_pb2.Timestamp
    validity_timeframe: _common_pb2.ValidityTimeframe
    validity_day_of_week: _containers.RepeatedScalarFieldContainer[int]
    validity_hours: _common_pb2.ValidityHours
    active: bool
    metadata: _struct_pb2.Struct
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    category: str
    category_id: str
    categories: _containers.RepeatedCompositeFieldContainer[_common_pb2.Category]
    object: str
    promotion: CampaignPromotion
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., campaign_type: _Optional[_Union[_common_pb2.CampaignType, str]] = ..., type: _Optional[_Union[_common_pb2.CampaignMode, str]] = ..., voucher: _Optional[_Union[CampaignVoucher, _Mapping]] = ..., vouchers_count: _Optional[int] = ..., start_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expiration_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., validity_timeframe: _Optional[_Union[_common_pb2.ValidityTimeframe, _Mapping]] = ..., validity_day_of_week: _Optional[_Iterable[int]] = ..., validity_hours: _Optional[_Union[_common_pb2.ValidityHours, _Mapping]] = ..., active: _Optional[bool] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., category: _Optional[str] = ..., category_id: _Optional[str] = ..., categories: _Optional[_Iterable[_Union[_common_pb2.Category, _Mapping]]] = ..., object: _Optional[str] = ..., promotion: _Optional[_Union[CampaignPromotion, _Mapping]] = ...) -> None: ...

class CampaignVoucher(_message.Message):
    __slots__ = ("type", "redemption", "code_config", "discount", "gift", "loyalty_card")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_FIELD_NUMBER: _ClassVar[int]
    CODE_CONFIG_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_FIELD_NUMBER: _ClassVar[int]
    GIFT_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_CARD_FIELD_NUMBER: _ClassVar[int]
    type: _common_pb2.VoucherType
    redemption: _common_pb2.RedemptionQuantity
    code_config: _common_pb2.CodeConfig
    discount: _common_pb2.Discount
    gift: _common_pb2.GiftAmount
    loyalty_card: _common_pb2.LoyaltyPoints
    def __init__(self, type: _Optional[_Union[_common_pb2.VoucherType, str]] = ..., redemption: _Optional[_Union[_common_pb2.RedemptionQuantity, _Mapping]] = ..., code_config: _Optional[_Union[_common_pb2.CodeConfig, _Mapping]] = ..., discount: _Optional[_Union[_common_pb2.Discount, _Mapping]] = ..., gift: _Optional[_Union[_common_pb2.GiftAmount, _Mapping]] = ..., loyalty_card: _Optional[_Union[_common_pb2.LoyaltyPoints, _Mapping]] = ...) -> None: ...

class CampaignPromotion(_message.Message):
    __slots__ = ("object", "data_ref", "tiers", "total", "has_more")
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    DATA_REF_FIELD_NUMBER: _ClassVar[int]
    TIERS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    HAS_MORE_FIELD_NUMBER: _ClassVar[int]
    object: str
    data_ref: str
    tiers: _containers.RepeatedCompositeFieldContainer[PromotionTier]
    total: int
    has_more: bool
    def __init__(self, object: _Optional[str] = ..., data_ref: _Optional[str] = ..., tiers: _Optional[_Iterable[_Union[PromotionTier, _Mapping]]] = ..., total: _Optional[int] = ..., has_more: _Optional[bool] = ...) -> None: ...

class CampaignInput(_message.Message):
    __slots__ = ("name", "description", "campaign_type", "type", "vouchers_count", "active", "start_date", "expiration_date", "validity_timeframe", "validity_day_of_week", "validity_hours", "category_id", "category", "metadata", "voucher", "promotion")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_TYPE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    VOUCHERS_COUNT_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_DATE_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_TIMEFRAME_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_DAY_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_HOURS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    PROMOTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    campaign_type: _common_pb2.CampaignType
    type: _common_pb2.CampaignMode
    vouchers_count: int
    active: bool
    start_date: _timestamp_pb2.Timestamp
    expiration_date: _timestamp_pb2.Timestamp
    validity_timeframe: _common_pb2.ValidityTimeframe
    validity_day_of_week: _containers.RepeatedScalarFieldContainer[int]
    validity_hours: _common_pb2.ValidityHours
    category_id: str
    category: str
    metadata: _struct_pb2.Struct
    voucher: CampaignVoucher
    promotion: CampaignPromotionInput
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., campaign_type: _Optional[_Union[_common_pb2.CampaignType, str]] = ..., type: _Optional[_Union[_common_pb2.CampaignMode, str]] = ..., vouchers_count: _Optional[int] = ..., active: _Optional[bool] = ..., start_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expiration_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., validity_timeframe: _Optional[_Union[_common_pb2.ValidityTimeframe, _Mapping]] = ..., validity_day_of_week: _Optional[_Iterable[int]] = ..., validity_hours: _Optional[_Union[_common_pb2.ValidityHours, _Mapping]] = ..., category_id: _Optional[str] = ..., category: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., voucher: _Optional[_Union[CampaignVoucher, _Mapping]] = ..., promotion: _Optional[_Union[CampaignPromotionInput, _Mapping]] = ...) -> None: ...

class CampaignPromotionInput(_message.Message):
    __slots__ = ("tiers",)
    TIERS_FIELD_NUMBER: _ClassVar[int]
    tiers: _containers.RepeatedCompositeFieldContainer[PromotionTierInput]
    def __init__(self, tiers: _Optional[_Iterable[_Union[PromotionTierInput, _Mapping]]] = ...) -> None: ...

class Reward(_message.Message):
    __slots__ = ("id", "name", "stock", "redeemed", "attributes", "metadata", "type", "parameters", "created_at", "updated_at", "object")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    STOCK_FIELD_NUMBER: _ClassVar[int]
    REDEEMED_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    stock: int
    redeemed: int
    attributes: RewardAttributes
    metadata: _struct_pb2.Struct
    type: _common_pb2.RewardType
    parameters: RewardParameters
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    object: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., stock: _Optional[int] = ..., redeemed: _Optional[int] = ..., attributes: _Optional[_Union[RewardAttributes, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., type: _Optional[_Union[_common_pb2.RewardType, str]] = ..., parameters: _Optional[_Union[RewardParameters, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., object: _Optional[str] = ...) -> None: ...

class RewardAttributes(_message.Message):
    __slots__ = ("image_url", "description")
    IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    image_url: str
    description: str
    def __init__(self, image_url: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class RewardParameters(_message.Message):
    __slots__ = ("campaign", "coin", "product")
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    COIN_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    campaign: RewardCampaignParameters
    coin: RewardCoinParameters
    product: RewardProductParameters
    def __init__(self, campaign: _Optional[_Union[RewardCampaignParameters, _Mapping]] = ..., coin: _Optional[_Union[RewardCoinParameters, _Mapping]] = ..., product: _Optional[_Union[RewardProductParameters, _Mapping]] = ...) -> None: ...

class RewardCampaignParameters(_message.Message):
    __slots__ = ("id", "balance", "type")
    ID_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    id: str
    balance: int
    type: _common_pb2.CampaignType
    def __init__(self, id: _Optional[str] = ..., balance: _Optional[int] = ..., type: _Optional[_Union[_common_pb2.CampaignType, str]] = ...) -> None: ...

class RewardCoinParameters(_message.Message):
    __slots__ = ("exchange_ratio", "points_ratio")
    EXCHANGE_RATIO_FIELD_NUMBER: _ClassVar[int]
    POINTS_RATIO_FIELD_NUMBER: _ClassVar[int]
    exchange_ratio: float
    points_ratio: float
    def __init__(self, exchange_ratio: _Optional[float] = ..., points_ratio: _Optional[float] = ...) -> None: ...

class RewardProductParameters(_message.Message):
    __slots__ = ("id", "sku_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    sku_id: str
    def __init__(self, id: _Optional[str] = ..., sku_id: _Optional[str] = ...) -> None: ...

class RewardInput(_message.Message):
    __slots__ = ("name", "type", "parameters", "metadata", "stock", "attributes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    STOCK_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    type: _common_pb2.RewardType
    parameters: RewardParameters
    metadata: _struct_pb2.Struct
    stock: int
    attributes: RewardAttributes
    def __init__(self, name: _Optional[str] = ..., type: _Optional[_Union[_common_pb2.RewardType, str]] = ..., parameters: _Optional[_Union[RewardParameters, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., stock: _Optional[int] = ..., attributes: _Optional[_Union[RewardAttributes, _Mapping]] = ...) -> None: ...

class RewardAssignment(_message.Message):
    __slots__ = ("id", "reward_id", "created_at", "updated_at", "object", "related_object_id", "related_object_type", "parameters")
    ID_FIELD_NUMBER: _ClassVar[int]
    REWARD_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    id: str
    reward_id: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    object: str
    related_object_id: str
    related_object_type: str
    parameters: RewardAssignmentParameters
    def __init__(self, id: _Optional[str] = ..., reward_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., object: _Optional[str] = ..., related_object_id: _Optional[str] = ..., related_object_type: _Optional[str] = ..., parameters: _Optional[_Union[RewardAssignmentParameters, _Mapping]] = ...) -> None: ...

class RewardAssignmentParameters(_message.Message):
    __slots__ = ("loyalty",)
    LOYALTY_FIELD_NUMBER: _ClassVar[int]
    loyalty: _common_pb2.LoyaltyPoints
    def __init__(self, loyalty: _Optional[_Union[_common_pb2.LoyaltyPoints, _Mapping]] = ...) -> None: ...

class RewardAssignmentInput(_message.Message):
    __slots__ = ("reward", "parameters")
    REWARD_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    reward: str
    parameters: RewardAssignmentParameters
    def __init__(self, reward: _Optional[str] = ..., parameters: _Optional[_Union[RewardAssignmentParameters, _Mapping]] = ...) -> None: ...

class LoyaltyMemberInput(_message.Message):
    __slots__ = ("customer", "voucher", "metadata")
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    customer: _common_pb2.CustomerInput
    voucher: str
    metadata: _struct_pb2.Struct
    def __init__(self, customer: _Optional[_Union[_common_pb2.CustomerInput, _Mapping]] = ..., voucher: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from . import catalog_pb2 as _catalog_pb2
from . import common_pb2 as _common_pb2
from . import lifecycle_pb2 as _lifecycle_pb2
from . import order_pb2 as _order_pb2
from . import redemption_pb2 as _redemption_pb2
from . import validation_pb2 as _validation_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FilterJunction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FILTER_JUNCTION_UNSPECIFIED: _ClassVar[FilterJunction]
    FILTER_JUNCTION_AND: _ClassVar[FilterJunction]
    FILTER_JUNCTION_OR: _ClassVar[FilterJunction]
FILTER_JUNCTION_UNSPECIFIED: FilterJunction
FILTER_JUNCTION_AND: FilterJunction
FILTER_JUNCTION_OR: FilterJunction

class RedeemRequest(_message.Message):
    __slots__ = ("redeemables", "order", "customer", "tracking_id", "metadata", "request_id", "session")
    REDEEMABLES_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    TRACKING_ID_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    redeemables: _containers.RepeatedCompositeFieldContainer[_redemption_pb2.RedeemableInput]
    order: _order_pb2.OrderInput
    customer: _common_pb2.CustomerInput
    tracking_id: str
    metadata: _struct_pb2.Struct
    request_id: str
    session: _validation_pb2.SessionInput
    def __init__(self, redeemables: _Optional[_Iterable[_Union[_redemption_pb2.RedeemableInput, _Mapping]]] = ..., order: _Optional[_Union[_order_pb2.OrderInput, _Mapping]] = ..., customer: _Optional[_Union[_common_pb2.CustomerInput, _Mapping]] = ..., tracking_id: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., request_id: _Optional[str] = ..., session: _Optional[_Union[_validation_pb2.SessionInput, _Mapping]] = ...) -> None: ...

class RedeemResponse(_message.Message):
    __slots__ = ("redemptions", "parent_redemption", "order", "inapplicable_redeemables", "skipped_redeemables")
    REDEMPTIONS_FIELD_NUMBER: _ClassVar[int]
    PARENT_REDEMPTION_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    INAPPLICABLE_REDEEMABLES_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_REDEEMABLES_FIELD_NUMBER: _ClassVar[int]
    redemptions: _containers.RepeatedCompositeFieldContainer[_redemption_pb2.Redemption]
    parent_redemption: _redemption_pb2.Redemption
    order: _order_pb2.Order
    inapplicable_redeemables: _containers.RepeatedCompositeFieldContainer[_redemption_pb2.RedeemableOutcome]
    skipped_redeemables: _containers.RepeatedCompositeFieldContainer[_redemption_pb2.RedeemableOutcome]
    def __init__(self, redemptions: _Optional[_Iterable[_Union[_redemption_pb2.Redemption, _Mapping]]] = ..., parent_redemption: _Optional[_Union[_redemption_pb2.Redemption, _Mapping]] = ..., order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ..., inapplicable_redeemables: _Optional[_Iterable[_Union[_redemption_pb2.RedeemableOutcome, _Mapping]]] = ..., skipped_redeemables: _Optional[_Iterable[_Union[_redemption_pb2.RedeemableOutcome, _Mapping]]] = ...) -> None: ...

class RollbackRedemptionRequest(_message.Message):
    __slots__ = ("redemption_id", "reason", "tracking_id", "customer", "order", "metadata", "request_id")
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    TRACKING_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    redemption_id: str
    reason: str
    tracking_id: str
    customer: _common_pb2.CustomerInput
    order: _order_pb2.OrderInput
    metadata: _struct_pb2.Struct
    request_id: str
    def __init__(self, redemption_id: _Optional[str] = ..., reason: _Optional[str] = ..., tracking_id: _Optional[str] = ..., customer: _Optional[_Union[_common_pb2.CustomerInput, _Mapping]] = ..., order: _Optional[_Union[_order_pb2.OrderInput, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class RollbackRedemptionResponse(_message.Message):
    __slots__ = ("rollback",)
    ROLLBACK_FIELD_NUMBER: _ClassVar[int]
    rollback: _redemption_pb2.RedemptionRollback
    def __init__(self, rollback: _Optional[_Union[_redemption_pb2.RedemptionRollback, _Mapping]] = ...) -> None: ...

class RollbackStackedRedemptionsRequest(_message.Message):
    __slots__ = ("redemption_id", "reason", "tracking_id", "customer", "order", "metadata", "request_id")
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    TRACKING_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    redemption_id: str
    reason: str
    tracking_id: str
    customer: _common_pb2.CustomerInput
    order: _order_pb2.OrderInput
    metadata: _struct_pb2.Struct
    request_id: str
    def __init__(self, redemption_id: _Optional[str] = ..., reason: _Optional[str] = ..., tracking_id: _Optional[str] = ..., customer: _Optional[_Union[_common_pb2.CustomerInput, _Mapping]] = ..., order: _Optional[_Union[_order_pb2.OrderInput, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class RollbackStackedRedemptionsResponse(_message.Message):
    __slots__ = ("rollbacks", "parent_rollback", "order")
    ROLLBACKS_FIELD_NUMBER: _ClassVar[int]
    PARENT_ROLLBACK_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    rollbacks: _containers.RepeatedCompositeFieldContainer[_redemption_pb2.RedemptionRollback]
    parent_rollback: _redemption_pb2.RedemptionRollback
    order: _order_pb2.Order
    def __init__(self, rollbacks: _Optional[_Iterable[_Union[_redemption_pb2.RedemptionRollback, _Mapping]]] = ..., parent_rollback: _Optional[_Union[_redemption_pb2.RedemptionRollback, _Mapping]] = ..., order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class GetRedemptionRequest(_message.Message):
    __slots__ = ("redemption_id",)
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    redemption_id: str
    def __init__(self, redemption_id: _Optional[str] = ...) -> None: ...

class GetRedemptionResponse(_message.Message):
    __slots__ = ("redemption", "rollback")
    REDEMPTION_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_FIELD_NUMBER: _ClassVar[int]
    redemption: _redemption_pb2.Redemption
    rollback: _redemption_pb2.RedemptionRollback
    def __init__(self, redemption: _Optional[_Union[_redemption_pb2.Redemption, _Mapping]] = ..., rollback: _Optional[_Union[_redemption_pb2.RedemptionRollback, _Mapping]] = ...) -> None: ...

class FilterConditions(_message.Message):
    __slots__ = ("is_in", "not_in", "is_equal", "is_not", "has_value", "is_unknown", "starts_with", "ends_with", "contains", "not_contain")
    IS_IN_FIELD_NUMBER: _ClassVar[int]
    NOT_IN_FIELD_NUMBER: _ClassVar[int]
    IS_EQUAL_FIELD_NUMBER: _ClassVar[int]
    IS_NOT_FIELD_NUMBER: _ClassVar[int]
    HAS_VALUE_FIELD_NUMBER: _ClassVar[int]
    IS_UNKNOWN_FIELD_NUMBER: _ClassVar[int]
    STARTS_WITH_FIELD_NUMBER: _ClassVar[int]
    ENDS_WITH_FIELD_NUMBER: _ClassVar[int]
    CONTAINS_FIELD_NUMBER: _ClassVar[int]
    NOT_CONTAIN_FIELD_NUMBER: _ClassVar[int]
    is_in: _containers.RepeatedScalarFieldContainer[str]
    not_in: _containers.RepeatedScalarFieldContainer[str]
    is_equal: str
    is_not: str
    has_value: bool
    is_unknown: bool
    starts_with: str
    ends_with: str
    contains: str
    not_contain: str
    def __init__(self, is_in: _Optional[_Iterable[str]] = ..., not_in: _Optional[_Iterable[str]] = ..., is_equal: _Optional[str] = ..., is_not: _Optional[str] = ..., has_value: _Optional[bool] = ..., is_unknown: _Optional[bool] = ..., starts_with: _Optional[str] = ..., ends_with: _Optional[str] = ..., contains: _Optional[str] = ..., not_contain: _Optional[str] = ...) -> None: ...

class RedemptionFilters(_message.Message):
    __slots__ = ("junction", "voucher_code", "related_object_id", "related_object_parent_id", "parent_redemption_id", "failure_code", "result", "object", "customer_id", "campaign_name", "user_login")
    JUNCTION_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_CODE_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    FAILURE_CODE_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_LOGIN_FIELD_NUMBER: _ClassVar[int]
    junction: FilterJunction
    voucher_code: FilterConditions
    related_object_id: FilterConditions
    related_object_parent_id: FilterConditions
    parent_redemption_id: FilterConditions
    failure_code: FilterConditions
    result: FilterConditions
    object: FilterConditions
    customer_id: FilterConditions
    campaign_name: FilterConditions
    user_login: FilterConditions
    def __init__(self, junction: _Optional[_Union[FilterJunction, str]] = ..., voucher_code: _Optional[_Union[FilterConditions, _Mapping]] = ..., related_object_id: _Optional[_Union[FilterConditions, _Mapping]] = ..., related_object_parent_id: _Optional[_Union[FilterConditions, _Mapping]] = ..., parent_redemption_id: _Optional[_Union[FilterConditions, _Mapping]] = ..., failure_code: _Optional[_Union[FilterConditions, _Mapping]] = ..., result: _Optional[_Union[FilterConditions, _Mapping]] = ..., object: _Optional[_Union[FilterConditions, _Mapping]] = ..., customer_id: _Optional[_Union[FilterConditions, _Mapping]] = ..., campaign_name: _Optional[_Union[FilterConditions, _Mapping]] = ..., user_login: _Optional[_Union[FilterConditions, _Mapping]] = ...) -> None: ...

class ListRedemptionsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "result", "campaign", "customer", "order", "created_at_before", "created_at_after", "filters")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_AFTER_FIELD_NUMBER: _ClassVar[int]
    FILTERS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    result: _containers.RepeatedScalarFieldContainer[_common_pb2.Result]
    campaign: str
    customer: str
    order: str
    created_at_before: _timestamp_pb2.Timestamp
    created_at_after: _timestamp_pb2.Timestamp
    filters: RedemptionFilters
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., result: _Optional[_Iterable[_Union[_common_pb2.Result, str]]] = ..., campaign: _Optional[str] = ..., customer: _Optional[str] = ..., order: _Optional[str] = ..., created_at_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., filters: _Optional[_Union[RedemptionFilters, _Mapping]] = ...) -> None: ...

class ListRedemptionsResponse(_message.Message):
    __slots__ = ("redemptions", "total", "next_page_token")
    REDEMPTIONS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    redemptions: _containers.RepeatedCompositeFieldContainer[_redemption_pb2.RedemptionEntry]
    total: int
    next_page_token: str
    def __init__(self, redemptions: _Optional[_Iterable[_Union[_redemption_pb2.RedemptionEntry, _Mapping]]] = ..., total: _Optional[int] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListVoucherRedemptionsRequest(_message.Message):
    __slots__ = ("code", "page_size", "page_token")
    CODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    code: str
    page_size: int
    page_token: str
    def __init__(self, code: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListVoucherRedemptionsResponse(_message.Message):
    __slots__ = ("quantity", "redeemed_quantity", "object", "url", "data_ref", "total", "redemption_entries", "next_page_token")
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    REDEEMED_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    DATA_REF_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    quantity: int
    redeemed_quantity: int
    object: str
    url: str
    data_ref: str
    total: int
    redemption_entries: _containers.RepeatedCompositeFieldContainer[_redemption_pb2.RedemptionEntry]
    next_page_token: str
    def __init__(self, quantity: _Optional[int] = ..., redeemed_quantity: _Optional[int] = ..., object: _Optional[str] = ..., url: _Optional[str] = ..., data_ref: _Optional[str] = ..., total: _Optional[int] = ..., redemption_entries: _Optional[_Iterable[_Union[_redemption_pb2.RedemptionEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RedeemLoyaltyRewardRequest(_message.Message):
    __slots__ = ("campaign_id", "member_id", "reward", "order", "metadata", "request_id")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    REWARD_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    member_id: str
    reward: LoyaltyRewardInput
    order: _order_pb2.OrderInput
    metadata: _struct_pb2.Struct
    request_id: str
    def __init__(self, campaign_id: _Optional[str] = ..., member_id: _Optional[str] = ..., reward: _Optional[_Union[LoyaltyRewardInput, _Mapping]] = ..., order: _Optional[_Union[_order_pb2.OrderInput, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class LoyaltyRewardInput(_message.Message):
    __slots__ = ("id", "points")
    ID_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    points: int
    def __init__(self, id: _Optional[str] = ..., points: _Optional[int] = ...) -> None: ...

class RedeemLoyaltyRewardResponse(_message.Message):
    __slots__ = ("redemption",)
    REDEMPTION_FIELD_NUMBER: _ClassVar[int]
    redemption: _redemption_pb2.Redemption
    def __init__(self, redemption: _Optional[_Union[_redemption_pb2.Redemption, _Mapping]] = ...) -> None: ...

class ListCustomerActivitiesRequest(_message.Message):
    __slots__ = ("customer_id", "page_size", "page_token", "order", "type", "start_date", "end_date", "campaign_id", "campaign_type")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_TYPE_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    page_size: int
    page_token: str
    order: str
    type: str
    start_date: _timestamp_pb2.Timestamp
    end_date: _timestamp_pb2.Timestamp
    campaign_id: str
    campaign_type: _common_pb2.CampaignType
    def __init__(self, customer_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., order: _Optional[str] = ..., type: _Optional[str] = ..., start_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., campaign_id: _Optional[str] = ..., campaign_type: _Optional[_Union[_common_pb2.CampaignType, str]] = ...) -> None: ...

class ListCustomerActivitiesResponse(_message.Message):
    __slots__ = ("data", "has_more", "next_page_token")
    DATA_FIELD_NUMBER: _ClassVar[int]
    HAS_MORE_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    data: _containers.RepeatedCompositeFieldContainer[_redemption_pb2.CustomerActivity]
    has_more: bool
    next_page_token: str
    def __init__(self, data: _Optional[_Iterable[_Union[_redemption_pb2.CustomerActivity, _Mapping]]] = ..., has_more: _Optional[bool] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CreateVoucherRequest(_message.Message):
    __slots__ = ("voucher", "request_id")
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    voucher: _catalog_pb2.VoucherInput
    request_id: str
    def __init__(self, voucher: _Optional[_Union[_catalog_pb2.VoucherInput, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateVoucherResponse(_message.Message):
    __slots__ = ("voucher",)
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    voucher: _catalog_pb2.Voucher
    def __init__(self, voucher: _Optional[_Union[_catalog_pb2.Voucher, _Mapping]] = ...) -> None: ...

class GetVoucherRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class GetVoucherResponse(_message.Message):
    __slots__ = ("voucher",)
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    voucher: _catalog_pb2.Voucher
    def __init__(self, voucher: _Optional[_Union[_catalog_pb2.Voucher, _Mapping]] = ...) -> None: ...

class CreateCampaignRequest(_message.Message):
    __slots__ = ("campaign", "request_id")
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    campaign: _catalog_pb2.CampaignInput
    request_id: str
    def __init__(self, campaign: _Optional[_Union[_catalog_pb2.CampaignInput, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateCampaignResponse(_message.Message):
    __slots__ = ("campaign",)
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    campaign: _catalog_pb2.Campaign
    def __init__(self, campaign: _Optional[_Union[_catalog_pb2.Campaign, _Mapping]] = ...) -> None: ...

class CreatePromotionTierRequest(_message.Message):
    __slots__ = ("campaign_id", "promotion_tier", "request_id")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    PROMOTION_TIER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    promotion_tier: _catalog_pb2.PromotionTierInput
    request_id: str
    def __init__(self, campaign_id: _Optional[str] = ..., promotion_tier: _Optional[_Union[_catalog_pb2.PromotionTierInput, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreatePromotionTierResponse(_message.Message):
    __slots__ = ("promotion_tier",)
    PROMOTION_TIER_FIELD_NUMBER: _ClassVar[int]
    promotion_tier: _catalog_pb2.PromotionTier
    def __init__(self, promotion_tier: _Optional[_Union[_catalog_pb2.PromotionTier, _Mapping]] = ...) -> None: ...

class CreateRewardRequest(_message.Message):
    __slots__ = ("reward", "request_id")
    REWARD_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    reward: _catalog_pb2.RewardInput
    request_id: str
    def __init__(self, reward: _Optional[_Union[_catalog_pb2.RewardInput, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateRewardResponse(_message.Message):
    __slots__ = ("reward",)
    REWARD_FIELD_NUMBER: _ClassVar[int]
    reward: _catalog_pb2.Reward
    def __init__(self, reward: _Optional[_Union[_catalog_pb2.Reward, _Mapping]] = ...) -> None: ...

class CreateRewardAssignmentsRequest(_message.Message):
    __slots__ = ("campaign_id", "reward_assignments", "request_id")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    REWARD_ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    reward_assignments: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.RewardAssignmentInput]
    request_id: str
    def __init__(self, campaign_id: _Optional[str] = ..., reward_assignments: _Optional[_Iterable[_Union[_catalog_pb2.RewardAssignmentInput, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateRewardAssignmentsResponse(_message.Message):
    __slots__ = ("reward_assignments",)
    REWARD_ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    reward_assignments: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.RewardAssignment]
    def __init__(self, reward_assignments: _Optional[_Iterable[_Union[_catalog_pb2.RewardAssignment, _Mapping]]] = ...) -> None: ...

class CreateLoyaltyMemberRequest(_message.Message):
    __slots__ = ("campaign_id", "member", "request_id")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    member: _catalog_pb2.LoyaltyMemberInput
    request_id: str
    def __init__(self, campaign_id: _Optional[str] = ..., member: _Optional[_Union[_catalog_pb2.LoyaltyMemberInput, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateLoyaltyMemberResponse(_message.Message):
    __slots__ = ("voucher",)
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    voucher: _catalog_pb2.Voucher
    def __init__(self, voucher: _Optional[_Union[_catalog_pb2.Voucher, _Mapping]] = ...) -> None: ...

class WatchEventsRequest(_message.Message):
    __slots__ = ("after_position",)
    AFTER_POSITION_FIELD_NUMBER: _ClassVar[int]
    after_position: int
    def __init__(self, after_position: _Optional[int] = ...) -> None: ...

class WatchEventsResponse(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: Event
    def __init__(self, event: _Optional[_Union[Event, _Mapping]] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ("position", "id", "type", "created_at", "group_id", "customer_id", "activity_id", "data")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    position: int
    id: str
    type: str
    created_at: _timestamp_pb2.Timestamp
    group_id: str
    customer_id: str
    activity_id: str
    data: _struct_pb2.Struct
    def __init__(self, position: _Optional[int] = ..., id: _Optional[str] = ..., type: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., group_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., data: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class ValidateRequest(_message.Message):
    __slots__ = ("redeemables", "order", "customer", "tracking_id", "metadata", "session", "request_id")
    REDEEMABLES_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    TRACKING_ID_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    redeemables: _containers.RepeatedCompositeFieldContainer[_redemption_pb2.RedeemableInput]
    order: _order_pb2.OrderInput
    customer: _common_pb2.CustomerInput
    tracking_id: str
    metadata: _struct_pb2.Struct
    session: _validation_pb2.SessionInput
    request_id: str
    def __init__(self, redeemables: _Optional[_Iterable[_Union[_redemption_pb2.RedeemableInput, _Mapping]]] = ..., order: _Optional[_Union[_order_pb2.OrderInput, _Mapping]] = ..., customer: _Optional[_Union[_common_pb2.CustomerInput, _Mapping]] = ..., tracking_id: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., session: _Optional[_Union[_validation_pb2.SessionInput, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class ValidateResponse(_message.Message):
    __slots__ = ("id", "valid", "redeemables", "order", "tracking_id", "session", "stacking_rules")
    ID_FIELD_NUMBER: _ClassVar[int]
    VALID_FIELD_NUMBER: _ClassVar[int]
    REDEEMABLES_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    TRACKING_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    STACKING_RULES_FIELD_NUMBER: _ClassVar[int]
    id: str
    valid: bool
    redeemables: _containers.RepeatedCompositeFieldContainer[_validation_pb2.ValidatedRedeemable]
    order: _order_pb2.Order
    tracking_id: str
    session: _validation_pb2.ValidationSession
    stacking_rules: _validation_pb2.StackingRules
    def __init__(self, id: _Optional[str] = ..., valid: _Optional[bool] = ..., redeemables: _Optional[_Iterable[_Union[_validation_pb2.ValidatedRedeemable, _Mapping]]] = ..., order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ..., tracking_id: _Optional[str] = ..., session: _Optional[_Union[_validation_pb2.ValidationSession, _Mapping]] = ..., stacking_rules: _Optional[_Union[_validation_pb2.StackingRules, _Mapping]] = ...) -> None: ...

class ReleaseSessionRequest(_message.Message):
    __slots__ = ("code", "session_key")
    CODE_FIELD_NUMBER: _ClassVar[int]
    SESSION_KEY_FIELD_NUMBER: _ClassVar[int]
    code: str
    session_key: str
    def __init__(self, code: _Optional[str] = ..., session_key: _Optional[str] = ...) -> None: ...

class ReleaseSessionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CreateValidationRuleRequest(_message.Message):
    __slots__ = ("name", "rules", "error_message", "type", "context_type", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_TYPE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    rules: _struct_pb2.Struct
    error_message: str
    type: str
    context_type: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., rules: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., error_message: _Optional[str] = ..., type: _Optional[str] = ..., context_type: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateValidationRuleResponse(_message.Message):
    __slots__ = ("validation_rule",)
    VALIDATION_RULE_FIELD_NUMBER: _ClassVar[int]
    validation_rule: _validation_pb2.ValidationRule
    def __init__(self, validation_rule: _Optional[_Union[_validation_pb2.ValidationRule, _Mapping]] = ...) -> None: ...

class GetValidationRuleRequest(_message.Message):
    __slots__ = ("validation_rule_id",)
    VALIDATION_RULE_ID_FIELD_NUMBER: _ClassVar[int]
    validation_rule_id: str
    def __init__(self, validation_rule_id: _Optional[str] = ...) -> None: ...

class GetValidationRuleResponse(_message.Message):
    __slots__ = ("validation_rule",)
    VALIDATION_RULE_FIELD_NUMBER: _ClassVar[int]
    validation_rule: _validation_pb2.ValidationRule
    def __init__(self, validation_rule: _Optional[_Union[_validation_pb2.ValidationRule, _Mapping]] = ...) -> None: ...

class ListValidationRulesRequest(_message.Message):
    __slots__ = ("limit", "page")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    limit: int
    page: int
    def __init__(self, limit: _Optional[int] = ..., page: _Optional[int] = ...) -> None: ...

class ListValidationRulesResponse(_message.Message):
    __slots__ = ("validation_rules", "total")
    VALIDATION_RULES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    validation_rules: _containers.RepeatedCompositeFieldContainer[_validation_pb2.ValidationRule]
    total: int
    def __init__(self, validation_rules: _Optional[_Iterable[_Union[_validation_pb2.ValidationRule, _Mapping]]] = ..., total: _Optional[int] = ...) -> None: ...

class UpdateValidationRuleRequest(_message.Message):
    __slots__ = ("validation_rule_id", "name", "rules", "error_message", "type", "context_type")
    VALIDATION_RULE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_TYPE_FIELD_NUMBER: _ClassVar[int]
    validation_rule_id: str
    name: str
    rules: _struct_pb2.Struct
    error_message: str
    type: str
    context_type: str
    def __init__(self, validation_rule_id: _Optional[str] = ..., name: _Optional[str] = ..., rules: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., error_message: _Optional[str] = ..., type: _Optional[str] = ..., context_type: _Optional[str] = ...) -> None: ...

class UpdateValidationRuleResponse(_message.Message):
    __slots__ = ("validation_rule",)
    VALIDATION_RULE_FIELD_NUMBER: _ClassVar[int]
    validation_rule: _validation_pb2.ValidationRule
    def __init__(self, validation_rule: _Optional[_Union[_validation_pb2.ValidationRule, _Mapping]] = ...) -> None: ...

class DeleteValidationRuleRequest(_message.Message):
    __slots__ = ("validation_rule_id",)
    VALIDATION_RULE_ID_FIELD_NUMBER: _ClassVar[int]
    validation_rule_id: str
    def __init__(self, validation_rule_id: _Optional[str] = ...) -> None: ...

class DeleteValidationRuleResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CreateValidationRuleAssignmentRequest(_message.Message):
    __slots__ = ("validation_rule_id", "related_object_type", "related_object_id", "request_id")
    VALIDATION_RULE_ID_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    validation_rule_id: str
    related_object_type: _validation_pb2.ValidationRuleObject
    related_object_id: str
    request_id: str
    def __init__(self, validation_rule_id: _Optional[str] = ..., related_object_type: _Optional[_Union[_validation_pb2.ValidationRuleObject, str]] = ..., related_object_id: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateValidationRuleAssignmentResponse(_message.Message):
    __slots__ = ("assignment",)
    ASSIGNMENT_FIELD_NUMBER: _ClassVar[int]
    assignment: _validation_pb2.ValidationRuleAssignment
    def __init__(self, assignment: _Optional[_Union[_validation_pb2.ValidationRuleAssignment, _Mapping]] = ...) -> None: ...

class ListValidationRuleAssignmentsRequest(_message.Message):
    __slots__ = ("validation_rule_id", "limit", "page")
    VALIDATION_RULE_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    validation_rule_id: str
    limit: int
    page: int
    def __init__(self, validation_rule_id: _Optional[str] = ..., limit: _Optional[int] = ..., page: _Optional[int] = ...) -> None: ...

class ListValidationRuleAssignmentsResponse(_message.Message):
    __slots__ = ("assignments", "total")
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    assignments: _containers.RepeatedCompositeFieldContainer[_validation_pb2.ValidationRuleAssignment]
    total: int
    def __init__(self, assignments: _Optional[_Iterable[_Union[_validation_pb2.ValidationRuleAssignment, _Mapping]]] = ..., total: _Optional[int] = ...) -> None: ...

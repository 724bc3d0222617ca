import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from . import common_pb2 as _common_pb2
from . import order_pb2 as _order_pb2
from . import redemption_pb2 as _redemption_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SessionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_TYPE_UNSPECIFIED: _ClassVar[SessionType]
    SESSION_TYPE_LOCK: _ClassVar[SessionType]

class SessionTtlUnit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_TTL_UNIT_UNSPECIFIED: _ClassVar[SessionTtlUnit]
    SESSION_TTL_UNIT_DAYS: _ClassVar[SessionTtlUnit]
    SESSION_TTL_UNIT_HOURS: _ClassVar[SessionTtlUnit]
    SESSION_TTL_UNIT_MICROSECONDS: _ClassVar[SessionTtlUnit]
    SESSION_TTL_UNIT_MILLISECONDS: _ClassVar[SessionTtlUnit]
    SESSION_TTL_UNIT_MINUTES: _ClassVar[SessionTtlUnit]
    SESSION_TTL_UNIT_NANOSECONDS: _ClassVar[SessionTtlUnit]
    SESSION_TTL_UNIT_SECONDS: _ClassVar[SessionTtlUnit]

class ValidationRuleObject(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VALIDATION_RULE_OBJECT_UNSPECIFIED: _ClassVar[ValidationRuleObject]
    VALIDATION_RULE_OBJECT_VOUCHER: _ClassVar[ValidationRuleObject]
    VALIDATION_RULE_OBJECT_CAMPAIGN: _ClassVar[ValidationRuleObject]
    VALIDATION_RULE_OBJECT_PROMOTION_TIER: _ClassVar[ValidationRuleObject]
    VALIDATION_RULE_OBJECT_REWARD: _ClassVar[ValidationRuleObject]
    VALIDATION_RULE_OBJECT_REWARD_ASSIGNMENT: _ClassVar[ValidationRuleObject]
SESSION_TYPE_UNSPECIFIED: SessionType
SESSION_TYPE_LOCK: SessionType
SESSION_TTL_UNIT_UNSPECIFIED: SessionTtlUnit
SESSION_TTL_UNIT_DAYS: SessionTtlUnit
SESSION_TTL_UNIT_HOURS: SessionTtlUnit
SESSION_TTL_UNIT_MICROSECONDS: SessionTtlUnit
SESSION_TTL_UNIT_MILLISECONDS: SessionTtlUnit
SESSION_TTL_UNIT_MINUTES: SessionTtlUnit
SESSION_TTL_UNIT_NANOSECONDS: SessionTtlUnit
SESSION_TTL_UNIT_SECONDS: SessionTtlUnit
VALIDATION_RULE_OBJECT_UNSPECIFIED: ValidationRuleObject
VALIDATION_RULE_OBJECT_VOUCHER: ValidationRuleObject
VALIDATION_RULE_OBJECT_CAMPAIGN: ValidationRuleObject
VALIDATION_RULE_OBJECT_PROMOTION_TIER: ValidationRuleObject
VALIDATION_RULE_OBJECT_REWARD: ValidationRuleObject
VALIDATION_RULE_OBJECT_REWARD_ASSIGNMENT: ValidationRuleObject

class SessionInput(_message.Message):
    __slots__ = ("type", "key", "ttl", "ttl_unit")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    TTL_FIELD_NUMBER: _ClassVar[int]
    TTL_UNIT_FIELD_NUMBER: _ClassVar[int]
    type: SessionType
    key: str
    ttl: int
    ttl_unit: SessionTtlUnit
    def __init__(self, type: _Optional[_Union[SessionType, str]] = ..., key: _Optional[str] = ..., ttl: _Optional[int] = ..., ttl_unit: _Optional[_Union[SessionTtlUnit, str]] = ...) -> None: ...

class ValidationSession(_message.Message):
    __slots__ = ("key", "type", "ttl", "ttl_unit")
    KEY_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TTL_FIELD_NUMBER: _ClassVar[int]
    TTL_UNIT_FIELD_NUMBER: _ClassVar[int]
    key: str
    type: SessionType
    ttl: int
    ttl_unit: SessionTtlUnit
    def __init__(self, key: _Optional[str] = ..., type: _Optional[_Union[SessionType, str]] = ..., ttl: _Optional[int] = ..., ttl_unit: _Optional[_Union[SessionTtlUnit, str]] = ...) -> None: ...

class ValidationResult(_message.Message):
    __slots__ = ("discount", "gift_credits", "gift_balance", "loyalty_points")
    DISCOUNT_FIELD_NUMBER: _ClassVar[int]
    GIFT_CREDITS_FIELD_NUMBER: _ClassVar[int]
    GIFT_BALANCE_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_POINTS_FIELD_NUMBER: _ClassVar[int]
    discount: _common_pb2.Discount
    gift_credits: int
    gift_balance: int
    loyalty_points: int
    def __init__(self, discount: _Optional[_Union[_common_pb2.Discount, _Mapping]] = ..., gift_credits: _Optional[int] = ..., gift_balance: _Optional[int] = ..., loyalty_points: _Optional[int] = ...) -> None: ...

class ValidatedRedeemable(_message.Message):
    __slots__ = ("status", "id", "object", "order", "result", "outcome", "metadata", "campaign_name", "campaign_id", "name")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_NAME_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    status: str
    id: str
    object: _common_pb2.RedeemableObject
    order: _order_pb2.Order
    result: ValidationResult
    outcome: _redemption_pb2.RedeemableOutcomeResult
    metadata: _struct_pb2.Struct
    campaign_name: str
    campaign_id: str
    name: str
    def __init__(self, status: _Optional[str] = ..., id: _Optional[str] = ..., object: _Optional[_Union[_common_pb2.RedeemableObject, str]] = ..., order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ..., result: _Optional[_Union[ValidationResult, _Mapping]] = ..., outcome: _Optional[_Union[_redemption_pb2.RedeemableOutcomeResult, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., campaign_name: _Optional[str] = ..., campaign_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class StackingRules(_message.Message):
    __slots__ = ("redeemables_limit", "applicable_redeemables_limit", "redeemables_application_mode", "redeemables_sorting_rule", "redeemables_no_effect_rule", "redeemables_rollback_order_mode")
    REDEEMABLES_LIMIT_FIELD_NUMBER: _ClassVar[int]
    APPLICABLE_REDEEMABLES_LIMIT_FIELD_NUMBER: _ClassVar[int]
    REDEEMABLES_APPLICATION_MODE_FIELD_NUMBER: _ClassVar[int]
    REDEEMABLES_SORTING_RULE_FIELD_NUMBER: _ClassVar[int]
    REDEEMABLES_NO_EFFECT_RULE_FIELD_NUMBER: _ClassVar[int]
    REDEEMABLES_ROLLBACK_ORDER_MODE_FIELD_NUMBER: _ClassVar[int]
    redeemables_limit: int
    applicable_redeemables_limit: int
    redeemables_application_mode: str
    redeemables_sorting_rule: str
    redeemables_no_effect_rule: str
    redeemables_rollback_order_mode: str
    def __init__(self, redeemables_limit: _Optional[int] = ..., applicable_redeemables_limit: _Optional[int] = ..., redeemables_application_mode: _Optional[str] = ..., redeemables_sorting_rule: _Optional[str] = ..., redeemables_no_effect_rule: _Optional[str] = ..., redeemables_rollback_order_mode: _Optional[str] = ...) -> None: ...

class ValidationRule(_message.Message):
    __slots__ = ("id", "name", "rules", "error_message", "type", "context_type", "created_at", "updated_at", "assignments_count")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENTS_COUNT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    rules: _struct_pb2.Struct
    error_message: str
    type: str
    context_type: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    assignments_count: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., rules: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., error_message: _Optional[str] = ..., type: _Optional[str] = ..., context_type: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., assignments_count: _Optional[int] = ...) -> None: ...

class ValidationRuleAssignment(_message.Message):
    __slots__ = ("id", "rule_id", "related_object_type", "related_object_id", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    rule_id: str
    related_object_type: ValidationRuleObject
    related_object_id: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., rule_id: _Optional[str] = ..., related_object_type: _Optional[_Union[ValidationRuleObject, str]] = ..., related_object_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

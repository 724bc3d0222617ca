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

class Order(_message.Message):
    __slots__ = ("id", "source_id", "status", "amount", "initial_amount", "discount_amount", "items_discount_amount", "total_discount_amount", "total_amount", "applied_discount_amount", "items_applied_discount_amount", "total_applied_discount_amount", "items", "metadata", "object", "created_at", "updated_at", "customer_id", "referrer_id", "customer", "referrer", "redemptions")
    class RedemptionsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: OrderRedemptionEntry
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[OrderRedemptionEntry, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    INITIAL_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    ITEMS_DISCOUNT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_DISCOUNT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    APPLIED_DISCOUNT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    ITEMS_APPLIED_DISCOUNT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_APPLIED_DISCOUNT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    REFERRER_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    REFERRER_FIELD_NUMBER: _ClassVar[int]
    REDEMPTIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    source_id: str
    status: _common_pb2.OrderStatus
    amount: int
    initial_amount: int
    discount_amount: int
    items_discount_amount: int
    total_discount_amount: int
    total_amount: int
    applied_discount_amount: int
    items_applied_discount_amount: int
    total_applied_discount_amount: int
    items: _containers.RepeatedCompositeFieldContainer[OrderItem]
    metadata: _struct_pb2.Struct
    object: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    customer_id: str
    referrer_id: str
    customer: CustomerRef
    referrer: CustomerRef
    redemptions: _containers.MessageMap[str, OrderRedemptionEntry]
    def __init__(self, id: _Optional[str] = ..., source_id: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.OrderStatus, str]] = ..., amount: _Optional[int] = ..., initial_amount: _Optional[int] = ..., discount_amount: _Optional[int] = ..., items_discount_amount: _Optional[int] = ..., total_discount_amount: _Optional[int] = ..., total_amount: _Optional[int] = ..., applied_discount_amount: _Optional[int] = ..., items_applied_discount_amount: _Optional[int] = ..., total_applied_discount_amount: _Optional[int] = ..., items: _Optional[_Iterable[_Union[OrderItem, _Mapping]]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., object: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., customer_id: _Optional[str] = ..., referrer_id: _Optional[str] = ..., customer: _Optional[_Union[CustomerRef, _Mapping]] = ..., referrer: _Optional[_Union[CustomerRef, _Mapping]] = ..., redemptions: _Optional[_Mapping[str, OrderRedemptionEntry]] = ...) -> None: ...

class CustomerRef(_message.Message):
    __slots__ = ("id", "object")
    ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    id: str
    object: str
    def __init__(self, id: _Optional[str] = ..., object: _Optional[str] = ...) -> None: ...

class OrderItem(_message.Message):
    __slots__ = ("sku_id", "product_id", "related_object", "source_id", "quantity", "amount", "discount_amount", "applied_discount_amount", "price", "subtotal_amount", "product", "sku", "object", "metadata")
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    APPLIED_DISCOUNT_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    SUBTOTAL_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    sku_id: str
    product_id: str
    related_object: str
    source_id: str
    quantity: int
    amount: int
    discount_amount: int
    applied_discount_amount: int
    price: int
    subtotal_amount: int
    product: OrderItemProduct
    sku: OrderItemSku
    object: str
    metadata: _struct_pb2.Struct
    def __init__(self, sku_id: _Optional[str] = ..., product_id: _Optional[str] = ..., related_object: _Optional[str] = ..., source_id: _Optional[str] = ..., quantity: _Optional[int] = ..., amount: _Optional[int] = ..., discount_amount: _Optional[int] = ..., applied_discount_amount: _Optional[int] = ..., price: _Optional[int] = ..., subtotal_amount: _Optional[int] = ..., product: _Optional[_Union[OrderItemProduct, _Mapping]] = ..., sku: _Optional[_Union[OrderItemSku, _Mapping]] = ..., object: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class OrderItemProduct(_message.Message):
    __slots__ = ("id", "source_id", "override", "name", "metadata", "price")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    id: str
    source_id: str
    override: bool
    name: str
    metadata: _struct_pb2.Struct
    price: int
    def __init__(self, id: _Optional[str] = ..., source_id: _Optional[str] = ..., override: _Optional[bool] = ..., name: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., price: _Optional[int] = ...) -> None: ...

class OrderItemSku(_message.Message):
    __slots__ = ("id", "source_id", "override", "sku", "price", "metadata")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    id: str
    source_id: str
    override: bool
    sku: str
    price: int
    metadata: _struct_pb2.Struct
    def __init__(self, id: _Optional[str] = ..., source_id: _Optional[str] = ..., override: _Optional[bool] = ..., sku: _Optional[str] = ..., price: _Optional[int] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class OrderRedemptionEntry(_message.Message):
    __slots__ = ("date", "related_object_type", "related_object_id", "related_object_parent_id", "stacked", "rollback_id", "rollback_date", "rollback_stacked")
    DATE_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    STACKED_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_ID_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_DATE_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_STACKED_FIELD_NUMBER: _ClassVar[int]
    date: _timestamp_pb2.Timestamp
    related_object_type: _common_pb2.RelatedObjectType
    related_object_id: str
    related_object_parent_id: str
    stacked: _containers.RepeatedScalarFieldContainer[str]
    rollback_id: str
    rollback_date: _timestamp_pb2.Timestamp
    rollback_stacked: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., related_object_type: _Optional[_Union[_common_pb2.RelatedObjectType, str]] = ..., related_object_id: _Optional[str] = ..., related_object_parent_id: _Optional[str] = ..., stacked: _Optional[_Iterable[str]] = ..., rollback_id: _Optional[str] = ..., rollback_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., rollback_stacked: _Optional[_Iterable[str]] = ...) -> None: ...

class OrderInput(_message.Message):
    __slots__ = ("id", "source_id", "status", "amount", "items", "metadata")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    id: str
    source_id: str
    status: _common_pb2.OrderStatus
    amount: int
    items: _containers.RepeatedCompositeFieldContainer[OrderItemInput]
    metadata: _struct_pb2.Struct
    def __init__(self, id: _Optional[str] = ..., source_id: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.OrderStatus, str]] = ..., amount: _Optional[int] = ..., items: _Optional[_Iterable[_Union[OrderItemInput, _Mapping]]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class OrderItemInput(_message.Message):
    __slots__ = ("source_id", "product_id", "sku_id", "related_object", "quantity", "price", "amount", "product", "sku", "metadata")
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    source_id: str
    product_id: str
    sku_id: str
    related_object: str
    quantity: int
    price: int
    amount: int
    product: OrderItemProduct
    sku: OrderItemSku
    metadata: _struct_pb2.Struct
    def __init__(self, source_id: _Optional[str] = ..., product_id: _Optional[str] = ..., sku_id: _Optional[str] = ..., related_object: _Optional[str] = ..., quantity: _Optional[int] = ..., price: _Optional[int] = ..., amount: _Optional[int] = ..., product: _Optional[_Union[OrderItemProduct, _Mapping]] = ..., sku: _Optional[_Union[OrderItemSku, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

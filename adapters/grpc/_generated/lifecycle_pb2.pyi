import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from . import catalog_pb2 as _catalog_pb2
from . import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class VoucherTransactionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VOUCHER_TRANSACTION_TYPE_UNSPECIFIED: _ClassVar[VoucherTransactionType]
    VOUCHER_TRANSACTION_TYPE_CREDITS_REDEMPTION: _ClassVar[VoucherTransactionType]
    VOUCHER_TRANSACTION_TYPE_CREDITS_REFUND: _ClassVar[VoucherTransactionType]
    VOUCHER_TRANSACTION_TYPE_CREDITS_ADDITION: _ClassVar[VoucherTransactionType]
    VOUCHER_TRANSACTION_TYPE_CREDITS_REMOVAL: _ClassVar[VoucherTransactionType]
    VOUCHER_TRANSACTION_TYPE_POINTS_REDEMPTION: _ClassVar[VoucherTransactionType]
    VOUCHER_TRANSACTION_TYPE_POINTS_REFUND: _ClassVar[VoucherTransactionType]
    VOUCHER_TRANSACTION_TYPE_POINTS_ADDITION: _ClassVar[VoucherTransactionType]
    VOUCHER_TRANSACTION_TYPE_POINTS_REMOVAL: _ClassVar[VoucherTransactionType]
VOUCHER_TRANSACTION_TYPE_UNSPECIFIED: VoucherTransactionType
VOUCHER_TRANSACTION_TYPE_CREDITS_REDEMPTION: VoucherTransactionType
VOUCHER_TRANSACTION_TYPE_CREDITS_REFUND: VoucherTransactionType
VOUCHER_TRANSACTION_TYPE_CREDITS_ADDITION: VoucherTransactionType
VOUCHER_TRANSACTION_TYPE_CREDITS_REMOVAL: VoucherTransactionType
VOUCHER_TRANSACTION_TYPE_POINTS_REDEMPTION: VoucherTransactionType
VOUCHER_TRANSACTION_TYPE_POINTS_REFUND: VoucherTransactionType
VOUCHER_TRANSACTION_TYPE_POINTS_ADDITION: VoucherTransactionType
VOUCHER_TRANSACTION_TYPE_POINTS_REMOVAL: VoucherTransactionType

class VoucherTransaction(_message.Message):
    __slots__ = ("id", "voucher_id", "campaign_id", "type", "amount", "balance", "total", "source_id", "source", "reason", "redemption_id", "rollback_id", "order_id", "order_source_id", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    voucher_id: str
    campaign_id: str
    type: VoucherTransactionType
    amount: int
    balance: int
    total: int
    source_id: str
    source: str
    reason: str
    redemption_id: str
    rollback_id: str
    order_id: str
    order_source_id: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., voucher_id: _Optional[str] = ..., campaign_id: _Optional[str] = ..., type: _Optional[_Union[VoucherTransactionType, str]] = ..., amount: _Optional[int] = ..., balance: _Optional[int] = ..., total: _Optional[int] = ..., source_id: _Optional[str] = ..., source: _Optional[str] = ..., reason: _Optional[str] = ..., redemption_id: _Optional[str] = ..., rollback_id: _Optional[str] = ..., order_id: _Optional[str] = ..., order_source_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class VoucherBalance(_message.Message):
    __slots__ = ("amount", "total", "balance", "type", "operation_type", "object", "related_object_id")
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    OPERATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    RELATED_OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    amount: int
    total: int
    balance: int
    type: str
    operation_type: str
    object: str
    related_object_id: str
    def __init__(self, amount: _Optional[int] = ..., total: _Optional[int] = ..., balance: _Optional[int] = ..., type: _Optional[str] = ..., operation_type: _Optional[str] = ..., object: _Optional[str] = ..., related_object_id: _Optional[str] = ...) -> None: ...

class Customer(_message.Message):
    __slots__ = ("id", "source_id", "name", "email", "phone", "description", "birthdate", "address", "metadata", "created_at", "updated_at", "object")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    BIRTHDATE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    id: str
    source_id: str
    name: str
    email: str
    phone: str
    description: str
    birthdate: str
    address: _common_pb2.Address
    metadata: _struct_pb2.Struct
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    object: str
    def __init__(self, id: _Optional[str] = ..., source_id: _Optional[str] = ..., name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., description: _Optional[str] = ..., birthdate: _Optional[str] = ..., address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., object: _Optional[str] = ...) -> None: ...

class Publication(_message.Message):
    __slots__ = ("id", "customer_id", "tracking_id", "voucher_ids", "voucher_codes", "campaign_id", "source_id", "channel", "metadata", "created_at", "object")
    ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_ID_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_IDS_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_CODES_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    id: str
    customer_id: str
    tracking_id: str
    voucher_ids: _containers.RepeatedScalarFieldContainer[str]
    voucher_codes: _containers.RepeatedScalarFieldContainer[str]
    campaign_id: str
    source_id: str
    channel: str
    metadata: _struct_pb2.Struct
    created_at: _timestamp_pb2.Timestamp
    object: str
    def __init__(self, id: _Optional[str] = ..., customer_id: _Optional[str] = ..., tracking_id: _Optional[str] = ..., voucher_ids: _Optional[_Iterable[str]] = ..., voucher_codes: _Optional[_Iterable[str]] = ..., campaign_id: _Optional[str] = ..., source_id: _Optional[str] = ..., channel: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., object: _Optional[str] = ...) -> None: ...

class ListVouchersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "campaign", "campaign_id", "category", "customer", "order", "created_at_after", "created_at_before", "updated_at_after", "updated_at_before")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_AFTER_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_BEFORE_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_AFTER_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_BEFORE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    campaign: str
    campaign_id: str
    category: str
    customer: str
    order: str
    created_at_after: _timestamp_pb2.Timestamp
    created_at_before: _timestamp_pb2.Timestamp
    updated_at_after: _timestamp_pb2.Timestamp
    updated_at_before: _timestamp_pb2.Timestamp
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., campaign: _Optional[str] = ..., campaign_id: _Optional[str] = ..., category: _Optional[str] = ..., customer: _Optional[str] = ..., order: _Optional[str] = ..., created_at_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListVouchersResponse(_message.Message):
    __slots__ = ("vouchers", "total", "next_page_token")
    VOUCHERS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    vouchers: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.Voucher]
    total: int
    next_page_token: str
    def __init__(self, vouchers: _Optional[_Iterable[_Union[_catalog_pb2.Voucher, _Mapping]]] = ..., total: _Optional[int] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateVoucherRequest(_message.Message):
    __slots__ = ("code", "voucher", "update_mask", "request_id")
    CODE_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    code: str
    voucher: _catalog_pb2.VoucherInput
    update_mask: _field_mask_pb2.FieldMask
    request_id: str
    def __init__(self, code: _Optional[str] = ..., voucher: _Optional[_Union[_catalog_pb2.VoucherInput, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateVoucherResponse(_message.Message):
    __slots__ = ("voucher",)
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    voucher: _catalog_pb2.Voucher
    def __init__(self, voucher: _Optional[_Union[_catalog_pb2.Voucher, _Mapping]] = ...) -> None: ...

class DeleteVoucherRequest(_message.Message):
    __slots__ = ("code", "force", "request_id")
    CODE_FIELD_NUMBER: _ClassVar[int]
    FORCE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    code: str
    force: bool
    request_id: str
    def __init__(self, code: _Optional[str] = ..., force: _Optional[bool] = ..., request_id: _Optional[str] = ...) -> None: ...

class DeleteVoucherResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class EnableVoucherRequest(_message.Message):
    __slots__ = ("code", "request_id")
    CODE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    code: str
    request_id: str
    def __init__(self, code: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class EnableVoucherResponse(_message.Message):
    __slots__ = ("voucher",)
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    voucher: _catalog_pb2.Voucher
    def __init__(self, voucher: _Optional[_Union[_catalog_pb2.Voucher, _Mapping]] = ...) -> None: ...

class DisableVoucherRequest(_message.Message):
    __slots__ = ("code", "request_id")
    CODE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    code: str
    request_id: str
    def __init__(self, code: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class DisableVoucherResponse(_message.Message):
    __slots__ = ("voucher",)
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    voucher: _catalog_pb2.Voucher
    def __init__(self, voucher: _Optional[_Union[_catalog_pb2.Voucher, _Mapping]] = ...) -> None: ...

class AdjustVoucherBalanceRequest(_message.Message):
    __slots__ = ("code", "amount", "source_id", "reason", "request_id")
    CODE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    code: str
    amount: int
    source_id: str
    reason: str
    request_id: str
    def __init__(self, code: _Optional[str] = ..., amount: _Optional[int] = ..., source_id: _Optional[str] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class AdjustVoucherBalanceResponse(_message.Message):
    __slots__ = ("balance", "transaction")
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    TRANSACTION_FIELD_NUMBER: _ClassVar[int]
    balance: VoucherBalance
    transaction: VoucherTransaction
    def __init__(self, balance: _Optional[_Union[VoucherBalance, _Mapping]] = ..., transaction: _Optional[_Union[VoucherTransaction, _Mapping]] = ...) -> None: ...

class ListVoucherTransactionsRequest(_message.Message):
    __slots__ = ("code", "page_size", "page_token", "order")
    CODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    code: str
    page_size: int
    page_token: str
    order: str
    def __init__(self, code: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., order: _Optional[str] = ...) -> None: ...

class ListVoucherTransactionsResponse(_message.Message):
    __slots__ = ("transactions", "has_more", "next_page_token")
    TRANSACTIONS_FIELD_NUMBER: _ClassVar[int]
    HAS_MORE_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    transactions: _containers.RepeatedCompositeFieldContainer[VoucherTransaction]
    has_more: bool
    next_page_token: str
    def __init__(self, transactions: _Optional[_Iterable[_Union[VoucherTransaction, _Mapping]]] = ..., has_more: _Optional[bool] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetCampaignRequest(_message.Message):
    __slots__ = ("campaign_id",)
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    def __init__(self, campaign_id: _Optional[str] = ...) -> None: ...

class GetCampaignResponse(_message.Message):
    __slots__ = ("campaign",)
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    campaign: _catalog_pb2.Campaign
    def __init__(self, campaign: _Optional[_Union[_catalog_pb2.Campaign, _Mapping]] = ...) -> None: ...

class UpdateCampaignRequest(_message.Message):
    __slots__ = ("campaign_id", "campaign", "update_mask", "request_id")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    campaign: _catalog_pb2.CampaignInput
    update_mask: _field_mask_pb2.FieldMask
    request_id: str
    def __init__(self, campaign_id: _Optional[str] = ..., campaign: _Optional[_Union[_catalog_pb2.CampaignInput, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateCampaignResponse(_message.Message):
    __slots__ = ("campaign",)
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    campaign: _catalog_pb2.Campaign
    def __init__(self, campaign: _Optional[_Union[_catalog_pb2.Campaign, _Mapping]] = ...) -> None: ...

class DeleteCampaignRequest(_message.Message):
    __slots__ = ("campaign_id", "force", "request_id")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    FORCE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    force: bool
    request_id: str
    def __init__(self, campaign_id: _Optional[str] = ..., force: _Optional[bool] = ..., request_id: _Optional[str] = ...) -> None: ...

class DeleteCampaignResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class EnableCampaignRequest(_message.Message):
    __slots__ = ("campaign_id", "request_id")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    request_id: str
    def __init__(self, campaign_id: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class EnableCampaignResponse(_message.Message):
    __slots__ = ("campaign",)
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    campaign: _catalog_pb2.Campaign
    def __init__(self, campaign: _Optional[_Union[_catalog_pb2.Campaign, _Mapping]] = ...) -> None: ...

class DisableCampaignRequest(_message.Message):
    __slots__ = ("campaign_id", "request_id")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    request_id: str
    def __init__(self, campaign_id: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class DisableCampaignResponse(_message.Message):
    __slots__ = ("campaign",)
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    campaign: _catalog_pb2.Campaign
    def __init__(self, campaign: _Optional[_Union[_catalog_pb2.Campaign, _Mapping]] = ...) -> None: ...

class AddCampaignVoucherRequest(_message.Message):
    __slots__ = ("campaign_id", "code", "voucher", "request_id")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    code: str
    voucher: _catalog_pb2.VoucherInput
    request_id: str
    def __init__(self, campaign_id: _Optional[str] = ..., code: _Optional[str] = ..., voucher: _Optional[_Union[_catalog_pb2.VoucherInput, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class AddCampaignVoucherResponse(_message.Message):
    __slots__ = ("voucher",)
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    voucher: _catalog_pb2.Voucher
    def __init__(self, voucher: _Optional[_Union[_catalog_pb2.Voucher, _Mapping]] = ...) -> None: ...

class CreateCustomerRequest(_message.Message):
    __slots__ = ("customer", "request_id")
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    customer: _common_pb2.CustomerInput
    request_id: str
    def __init__(self, customer: _Optional[_Union[_common_pb2.CustomerInput, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateCustomerResponse(_message.Message):
    __slots__ = ("customer",)
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    customer: Customer
    def __init__(self, customer: _Optional[_Union[Customer, _Mapping]] = ...) -> None: ...

class ListCustomersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "email", "order", "created_at_after", "created_at_before")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_AFTER_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_BEFORE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    email: str
    order: str
    created_at_after: _timestamp_pb2.Timestamp
    created_at_before: _timestamp_pb2.Timestamp
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., email: _Optional[str] = ..., order: _Optional[str] = ..., created_at_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListCustomersResponse(_message.Message):
    __slots__ = ("customers", "total", "next_page_token")
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    customers: _containers.RepeatedCompositeFieldContainer[Customer]
    total: int
    next_page_token: str
    def __init__(self, customers: _Optional[_Iterable[_Union[Customer, _Mapping]]] = ..., total: _Optional[int] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateCustomerRequest(_message.Message):
    __slots__ = ("customer_id", "customer", "update_mask", "request_id")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    customer: _common_pb2.CustomerInput
    update_mask: _field_mask_pb2.FieldMask
    request_id: str
    def __init__(self, customer_id: _Optional[str] = ..., customer: _Optional[_Union[_common_pb2.CustomerInput, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateCustomerResponse(_message.Message):
    __slots__ = ("customer",)
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    customer: Customer
    def __init__(self, customer: _Optional[_Union[Customer, _Mapping]] = ...) -> None: ...

class DeleteCustomerRequest(_message.Message):
    __slots__ = ("customer_id", "request_id")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    request_id: str
    def __init__(self, customer_id: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class DeleteCustomerResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PublicationCampaign(_message.Message):
    __slots__ = ("name", "count")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    name: str
    count: int
    def __init__(self, name: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class CreatePublicationRequest(_message.Message):
    __slots__ = ("customer", "voucher", "campaign", "channel", "source_id", "metadata", "join_once", "request_id")
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    JOIN_ONCE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    customer: _common_pb2.CustomerInput
    voucher: str
    campaign: PublicationCampaign
    channel: str
    source_id: str
    metadata: _struct_pb2.Struct
    join_once: bool
    request_id: str
    def __init__(self, customer: _Optional[_Union[_common_pb2.CustomerInput, _Mapping]] = ..., voucher: _Optional[str] = ..., campaign: _Optional[_Union[PublicationCampaign, _Mapping]] = ..., channel: _Optional[str] = ..., source_id: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., join_once: _Optional[bool] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreatePublicationResponse(_message.Message):
    __slots__ = ("publication", "vouchers")
    PUBLICATION_FIELD_NUMBER: _ClassVar[int]
    VOUCHERS_FIELD_NUMBER: _ClassVar[int]
    publication: Publication
    vouchers: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.Voucher]
    def __init__(self, publication: _Optional[_Union[Publication, _Mapping]] = ..., vouchers: _Optional[_Iterable[_Union[_catalog_pb2.Voucher, _Mapping]]] = ...) -> None: ...

class ListPublicationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "campaign", "customer", "voucher")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    campaign: str
    customer: str
    voucher: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., campaign: _Optional[str] = ..., customer: _Optional[str] = ..., voucher: _Optional[str] = ...) -> None: ...

class ListPublicationsResponse(_message.Message):
    __slots__ = ("publications", "total", "next_page_token")
    PUBLICATIONS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    publications: _containers.RepeatedCompositeFieldContainer[Publication]
    total: int
    next_page_token: str
    def __init__(self, publications: _Optional[_Iterable[_Union[Publication, _Mapping]]] = ..., total: _Optional[int] = ..., next_page_token: _Optional[str] = ...) -> None: ...

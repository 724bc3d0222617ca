"""Generated bad input over every RPC, on memory and SQLite (issue 8, Must show).

Goal: whatever bytes an authenticated client sends, the server answers with a status other
than INTERNAL or UNKNOWN; every failure carries `google.rpc.ErrorInfo` (domain
`redemption-core`), an INVALID_ARGUMENT also a `BadRequest` naming the field; and nothing
changes but the records a business failure documents. Method: a real server on port 0 over
the `JsonWorld` catalog (tests/badinput/world.py); for each RPC one valid request, which
Hypothesis mutates field by field through the descriptors (bad strings, integers at their
bounds, unknown enum numbers, NaN and infinite doubles, Structs nested past the limits,
impossible timestamps, repeated fields blown up or emptied) or byte by byte (flipped,
truncated, extended), sent as raw bytes so that undecodable messages reach the server too.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
import structlog
from google.protobuf import json_format, message_factory, struct_pb2
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redemption_core.adapters.grpc._generated import redemption_service_pb2 as service
from redemption_core.adapters.grpc.auth import Apps
from redemption_core.adapters.grpc.errors import DOMAIN
from redemption_core.adapters.grpc.server import build_server
from redemption_core.adapters.grpc.servicer import SERVICE_NAME
from tests.badinput import size
from tests.badinput.mutations import bad_texts, nested
from tests.badinput.world import STORE_KINDS, JsonWorld, State, open_store, unexpected_changes
from tests.grpc.world import APP_ID, APP_TOKEN, CREDENTIALS, TEST_CONFIG

FORBIDDEN = (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN)
STREAM_WATCH_SECONDS = 0.3
"""How long a server-streaming case is read before the client ends it."""
STREAMING_RPCS = frozenset(
    method.name
    for method in service.DESCRIPTOR.services_by_name["RedemptionService"].methods
    if method.server_streaming
)


class GrpcWorld:
    """A served `JsonWorld` ledger and a raw (bytes in, bytes out) client."""

    def __init__(self, json_world: JsonWorld) -> None:
        self.json = json_world
        self.built = build_server(json_world.api.ledger, Apps.of({APP_ID: APP_TOKEN}),
                                  TEST_CONFIG)
        self.built.server.start()
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.built.port}")

    def send(self, rpc: str, data: bytes) -> grpc.RpcError | None:
        if rpc in STREAMING_RPCS:
            return self._watch(rpc, data)
        method = self.channel.unary_unary(f"/{SERVICE_NAME}/{rpc}")
        try:
            method(data, metadata=CREDENTIALS, timeout=30)
        except grpc.RpcError as error:
            return error
        return None

    def _watch(self, rpc: str, data: bytes) -> grpc.RpcError | None:
        """A server-streaming call read until its short deadline: an accepted request keeps
        the stream open (waiting for events), so the deadline ending it is no failure."""
        method = self.channel.unary_stream(f"/{SERVICE_NAME}/{rpc}")
        try:
            for _ in method(data, metadata=CREDENTIALS, timeout=STREAM_WATCH_SECONDS):
                pass
        except grpc.RpcError as error:
            if error.code() is grpc.StatusCode.DEADLINE_EXCEEDED:  # type: ignore[attr-defined]
                return None
            return error
        return None

    def close(self) -> None:
        self.channel.close()
        self.built.server.stop(None).wait()


@pytest.fixture(scope="module", params=STORE_KINDS)
def grpc_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[GrpcWorld]:
    # Before anything binds its logger: the server logs one INFO line per call.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    opened = open_store(request.param, tmp_path_factory.mktemp("badinput-grpc"))
    world = GrpcWorld(JsonWorld(opened))
    try:
        yield world
    finally:
        world.close()
        opened.store.close()
        structlog.reset_defaults()


def valid_requests(ids: dict[str, str]) -> dict[str, Message]:
    """One valid request per RPC of the service, over the world's catalog."""
    metadata = {"shop": "north", "n": 1}
    order = {"amount": "1000", "items": [{"sku_id": "s1", "quantity": "1", "price": "1000"}]}
    given: dict[str, tuple[type[Message], dict[str, Any]]] = {
        "Redeem": (service.RedeemRequest, {
            "redeemables": [{"object": "REDEEMABLE_OBJECT_VOUCHER", "id": "GIFT",
                             "gift": {"credits": "1"}},
                            {"object": "REDEEMABLE_OBJECT_PROMOTION_TIER", "id": ids["tier"]}],
            "order": order, "customer": {"source_id": "alice"}, "metadata": metadata}),
        "RollbackRedemption": (service.RollbackRedemptionRequest, {
            "redemption_id": ids["single"], "reason": "r", "metadata": metadata}),
        "RollbackStackedRedemptions": (service.RollbackStackedRedemptionsRequest, {
            "redemption_id": ids["parent"]}),
        "GetRedemption": (service.GetRedemptionRequest, {"redemption_id": ids["single"]}),
        "ListRedemptions": (service.ListRedemptionsRequest, {
            "page_size": 5, "result": ["RESULT_SUCCESS"], "customer": "alice",
            "created_at_after": "2020-01-01T00:00:00Z"}),
        "ListVoucherRedemptions": (service.ListVoucherRedemptionsRequest, {
            "code": "GIFT", "page_size": 3}),
        "RedeemLoyaltyReward": (service.RedeemLoyaltyRewardRequest, {
            "campaign_id": ids["program"], "member_id": "CARD",
            "reward": {"id": ids["coin"], "points": "1"}, "order": {"amount": "100"}}),
        "ListCustomerActivities": (service.ListCustomerActivitiesRequest, {
            "customer_id": "alice", "page_size": 5}),
        "WatchEvents": (service.WatchEventsRequest, {"after_position": "1"}),
        "CreateVoucher": (service.CreateVoucherRequest, {"voucher": {
            "type": "VOUCHER_TYPE_GIFT_VOUCHER", "gift": {"amount": "5"}, "metadata": metadata}}),
        "GetVoucher": (service.GetVoucherRequest, {"code": "GIFT"}),
        "CreateCampaign": (service.CreateCampaignRequest, {"campaign": {
            "name": "Camp", "campaign_type": "CAMPAIGN_TYPE_PROMOTION", "metadata": metadata}}),
        "CreatePromotionTier": (service.CreatePromotionTierRequest, {
            "campaign_id": ids["promo"], "promotion_tier": {
                "name": "t", "action": {"discount": {"type": "DISCOUNT_TYPE_AMOUNT",
                                                     "amount_off": "2"}}}}),
        "CreateReward": (service.CreateRewardRequest, {"reward": {
            "name": "r", "parameters": {"coin": {"exchange_ratio": 1, "points_ratio": 2}}}}),
        "CreateRewardAssignments": (service.CreateRewardAssignmentsRequest, {
            "campaign_id": ids["program"], "reward_assignments": [{"reward": ids["spare_coin"]}]}),
        "CreateLoyaltyMember": (service.CreateLoyaltyMemberRequest, {
            "campaign_id": ids["program"],
            "member": {"customer": {"source_id": "bob"}, "voucher": "CARD-2"}}),
    }
    made = {rpc: json_format.ParseDict(body, kind()) for rpc, (kind, body) in given.items()}
    later = {**_lifecycle_requests(ids), **_validation_requests(ids)}
    methods = service.DESCRIPTOR.services_by_name["RedemptionService"].methods_by_name
    for rpc, body in later.items():
        kind = message_factory.GetMessageClass(methods[rpc].input_type)
        made[rpc] = json_format.ParseDict(body, kind())
    return made


Bodies = dict[str, dict[str, Any]]


def _lifecycle_requests(ids: dict[str, str]) -> Bodies:
    """The catalog lifecycle RPCs, each destructive one on an object kept for it alone."""
    coupons = ids["coupons"]
    return {
        "ListVouchers": {
            "page_size": 5, "campaign_id": coupons, "created_at_after": "2020-01-01T00:00:00Z"},
        "UpdateVoucher": {
            "code": "A", "voucher": {"category": "desk", "metadata": {"m": 1}},
            "update_mask": "category,metadata", "request_id": "u-1"},
        "DeleteVoucher": {"code": "DOOMED", "force": True},
        "EnableVoucher": {"code": "TOGGLE"},
        "DisableVoucher": {"code": "TOGGLE"},
        "AdjustVoucherBalance": {
            "code": "GIFT", "amount": "5", "reason": "gift", "request_id": "b-1"},
        "ListVoucherTransactions": {
            "code": "GIFT", "page_size": 5},
        "GetCampaign": {"campaign_id": coupons},
        "UpdateCampaign": {
            "campaign_id": coupons, "campaign": {"description": "spring"},
            "update_mask": "description"},
        "DeleteCampaign": {
            "campaign_id": ids["doomed"], "force": True},
        "EnableCampaign": {"campaign_id": coupons},
        "DisableCampaign": {"campaign_id": coupons},
        "AddCampaignVoucher": {
            "campaign_id": coupons, "code": "C-NEW", "voucher": {"category": "desk"}},
        "CreateCustomer": {"customer": {
            "source_id": "erin", "name": "Erin", "metadata": {"m": 1}}},
        "ListCustomers": {"page_size": 5},
        "UpdateCustomer": {
            "customer_id": "carol", "customer": {"name": "Caroline", "phone": "123"},
            "update_mask": "name,phone"},
        "DeleteCustomer": {"customer_id": "dave"},
        "CreatePublication": {
            "customer": {"source_id": "fay"}, "campaign": {"name": "Coupons", "count": 1}},
        "ListPublications": {
            "page_size": 5, "customer": "alice"},
    }


def _validation_requests(ids: dict[str, str]) -> Bodies:
    """Validations, the session release and the validation-rule RPCs."""
    rules = {"1": {"name": "order.amount", "conditions": {"$more_than": [2]},
                   "error": {"message": "More"}}}
    return {
        "Validate": {
            "redeemables": [{"object": "REDEEMABLE_OBJECT_VOUCHER", "id": "A"},
                            {"object": "REDEEMABLE_OBJECT_VOUCHER", "id": "GIFT",
                             "gift": {"credits": "1"}}],
            "order": {"amount": "1000"}, "customer": {"source_id": "alice"},
            "session": {"type": "SESSION_TYPE_LOCK", "ttl": "1",
                        "ttl_unit": "SESSION_TTL_UNIT_HOURS"}},
        "ReleaseSession": {
            "code": "SPARE", "session_key": ids["session"]},
        "CreateValidationRule": {
            "name": "new", "rules": rules, "error_message": "no"},
        "GetValidationRule": {
            "validation_rule_id": ids["rule"]},
        "ListValidationRules": {"limit": 5, "page": 1},
        "UpdateValidationRule": {
            "validation_rule_id": ids["rule_changed"], "name": "renamed", "rules": rules},
        "DeleteValidationRule": {
            "validation_rule_id": ids["rule_gone"]},
        "CreateValidationRuleAssignment": {
            "validation_rule_id": ids["rule"],
            "related_object_type": "VALIDATION_RULE_OBJECT_VOUCHER", "related_object_id": "A"},
        "ListValidationRuleAssignments": {
            "validation_rule_id": ids["rule"], "limit": 5},
    }


def rpc_names() -> list[str]:
    return [method.name for method in service.DESCRIPTOR.services_by_name[
        "RedemptionService"].methods]


# -- mutations ------------------------------------------------------------------------------

_INT_BOUNDS = {
    FieldDescriptor.TYPE_INT32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_INT64: (-(2**63), 2**63 - 1),
}


def _places(message: Message) -> list[tuple[Message, FieldDescriptor]]:
    """Every field of `message` and of the messages set inside it (Structs kept whole)."""
    found = []
    for field in message.DESCRIPTOR.fields:
        found.append((message, field))
        if field.type != FieldDescriptor.TYPE_MESSAGE or field.message_type.full_name in (
            "google.protobuf.Struct", "google.protobuf.Timestamp"
        ):
            continue
        value = getattr(message, field.name)
        children = list(value) if _repeated(field) else (
            [value] if message.HasField(field.name) else [])
        for child in children:
            found += _places(child)
    return found


def _repeated(field: FieldDescriptor) -> bool:
    return bool(field.is_repeated)


def _scalar(draw: st.DrawFn, field: FieldDescriptor) -> Any:
    kind = field.type
    if kind == FieldDescriptor.TYPE_STRING:
        return draw(bad_texts.filter(_utf8))
    if kind in _INT_BOUNDS:
        low, high = _INT_BOUNDS[kind]
        edges = [value for value in (low, -1, 0, 1, high, 10**15 + 1) if low <= value <= high]
        return draw(st.one_of(st.sampled_from(edges), st.integers(min_value=low, max_value=high)))
    if kind == FieldDescriptor.TYPE_ENUM:
        return draw(st.integers(min_value=-5, max_value=1_000))
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return draw(st.sampled_from([math.nan, math.inf, -math.inf, -1.0, 0.0, 1e308, 0.1]))
    if kind == FieldDescriptor.TYPE_BOOL:
        return draw(st.booleans())
    return None


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _set_message(draw: st.DrawFn, owner: Message, field: FieldDescriptor) -> None:
    target = getattr(owner, field.name)
    name = field.message_type.full_name
    if name == "google.protobuf.Struct":
        depth = draw(st.sampled_from([2, 19, 20, 21, 26, 33, 50]))
        leaf = draw(st.sampled_from([1, math.nan, math.inf, "x", None]))
        target.Clear()
        built = struct_pb2.Struct()
        try:
            built.update({"k": nested(depth - 1, leaf)})
        except (ValueError, RecursionError):
            return
        target.CopyFrom(built)
    elif name == "google.protobuf.Timestamp":
        target.seconds = draw(st.sampled_from([-(2**63), -62135596801, 0, 253402300800, 2**63 - 1]))
        target.nanos = draw(st.sampled_from([0, -1, 999_999_999, 2**31 - 1]))
    else:
        target.Clear()


def _edited(draw: st.DrawFn, serialized: bytes) -> bytes:
    """`serialized` with a byte flipped, a tail cut, or noise appended or inserted."""
    data = bytearray(serialized)
    edit = draw(st.sampled_from(["flip", "truncate", "append", "insert"]))
    at = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
    noise = draw(st.binary(min_size=1, max_size=8))
    if edit == "flip" and data:
        data[at] ^= 0xFF
    elif edit == "truncate":
        del data[at:]
    elif edit == "append":
        data += noise
    else:
        data[at:at] = noise
    return bytes(data)


@st.composite
def mutated_bytes(draw: st.DrawFn, message: Message) -> bytes:
    """The serialized request, changed through a field or in its bytes."""
    copy = type(message)()
    copy.CopyFrom(message)
    how = draw(st.sampled_from(["field", "field", "field", "bytes"]))
    if how == "bytes":
        return _edited(draw, copy.SerializeToString())
    owner, field = draw(st.sampled_from(_places(copy)))
    if _repeated(field):
        values = getattr(owner, field.name)
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            if draw(st.booleans()) and len(values):
                for _ in range(draw(st.sampled_from([31, 600]))):
                    values.add().CopyFrom(values[0])
            else:
                del values[:]
        else:
            values.append(_scalar(draw, field))
    elif field.type == FieldDescriptor.TYPE_MESSAGE:
        _set_message(draw, owner, field)
    else:
        setattr(owner, field.name, _scalar(draw, field))
    return copy.SerializeToString()


# -- the check --------------------------------------------------------------------------------


def check_failure(world: GrpcWorld, error: grpc.RpcError, before: State) -> None:
    code = error.code()  # type: ignore[attr-defined]
    assert code not in FORBIDDEN, error
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None, f"no rich status: {error}"
    info = error_details_pb2.ErrorInfo()
    violations: list[str] = []
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            detail.Unpack(info)
        elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            violations += [item.field for item in bad.field_violations]
    assert info.domain == DOMAIN and info.reason, status
    if code is grpc.StatusCode.INVALID_ARGUMENT:
        assert violations and all(violations), status
    body = {"resource_id": info.metadata.get("resource_id")}
    assert unexpected_changes(before, world.json.opened.state(), body) == [], status


@pytest.mark.parametrize("rpc", rpc_names())
class TestEveryRpc:
    def test_a_mutated_request_gets_a_rich_status_and_changes_nothing_else(
        self, grpc_world: GrpcWorld, rpc: str
    ) -> None:
        """Mutated fields and bytes: never INTERNAL/UNKNOWN, rich statuses, no change."""
        message = valid_requests(grpc_world.json.ids)[rpc]

        @settings(max_examples=size.examples(), deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(data=mutated_bytes(message))
        def run(data: bytes) -> None:
            # given
            before = grpc_world.json.opened.state()
            # when
            error = grpc_world.send(rpc, data)
            # then
            size.CASES["grpc"] += 1
            if error is not None:
                check_failure(grpc_world, error, before)

        run()

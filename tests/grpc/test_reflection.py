"""Server reflection under both names clients use: `grpc.reflection.v1` and `v1alpha`.

Goal: a client of the current protocol (`grpc.reflection.v1`, asked first by grpcurl,
Postman and grpc-java/-go) lists the service and fetches its descriptors, and an older
`v1alpha` client still does. Method: a served ledger over a real channel. The v1 client's
messages are built as v1 defines them: v1alpha's file renamed to package
`grpc.reflection.v1` (v1 copied the messages field for field), in a private descriptor pool,
so each request and response travels under its v1 names and method path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from grpc_reflection.v1alpha import reflection_pb2 as v1alpha

from tests.grpc.world import World

V1_METHOD = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"
V1ALPHA_METHOD = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"
SERVICE = "redemption_core.v1.RedemptionService"


def _v1_messages() -> tuple[Any, Any]:
    """(ServerReflectionRequest, ServerReflectionResponse) of package grpc.reflection.v1."""
    file = descriptor_pb2.FileDescriptorProto()
    v1alpha.DESCRIPTOR.CopyToProto(file)
    file.name = "grpc/reflection/v1/reflection.proto"
    file.package = "grpc.reflection.v1"
    for message in file.message_type:
        for field in message.field:
            if field.type_name:
                field.type_name = field.type_name.replace(".v1alpha.", ".v1.")
    for service in file.service:
        for method in service.method:
            method.input_type = method.input_type.replace(".v1alpha.", ".v1.")
            method.output_type = method.output_type.replace(".v1alpha.", ".v1.")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    request = pool.FindMessageTypeByName("grpc.reflection.v1.ServerReflectionRequest")
    response = pool.FindMessageTypeByName("grpc.reflection.v1.ServerReflectionResponse")
    return message_factory.GetMessageClass(request), message_factory.GetMessageClass(response)


def _ask(world: World, method: str, request_class: Any, response_class: Any,
         **request: Any) -> Any:
    info: Callable[..., Any] = world.channel.stream_stream(
        method,
        request_serializer=request_class.SerializeToString,
        response_deserializer=response_class.FromString,
    )
    [answer] = list(info(iter([request_class(**request)]), timeout=10))
    return answer


class TestReflectionV1:
    def test_a_v1_client_lists_the_service(self, world: World) -> None:
        """`list_services` over grpc.reflection.v1 names RedemptionService, health and
        both reflection services; no credentials needed."""
        # given
        request, response = _v1_messages()
        # when
        answer = _ask(world, V1_METHOD, request, response, list_services="")
        # then
        assert answer.DESCRIPTOR.full_name == "grpc.reflection.v1.ServerReflectionResponse"
        names = {service.name for service in answer.list_services_response.service}
        assert names == {
            SERVICE,
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection",
        }

    def test_a_v1_client_fetches_the_service_descriptor(self, world: World) -> None:
        """`file_containing_symbol` over v1 returns redemption_service.proto and its
        options for other languages."""
        # given
        request, response = _v1_messages()
        # when
        answer = _ask(world, V1_METHOD, request, response, file_containing_symbol=SERVICE)
        # then
        files = [descriptor_pb2.FileDescriptorProto.FromString(raw)
                 for raw in answer.file_descriptor_response.file_descriptor_proto]
        served = {file.name: file for file in files}
        proto = served["redemption_core/v1/redemption_service.proto"]
        assert proto.options.java_package == "com.redemption_core.v1"
        assert proto.options.csharp_namespace == "RedemptionCore.V1"

    def test_an_unknown_symbol_is_an_error_response_not_a_failed_call(
        self, world: World
    ) -> None:
        """v1 answers NOT_FOUND in the stream's `error_response`, as the protocol says."""
        # given
        request, response = _v1_messages()
        # when
        answer = _ask(world, V1_METHOD, request, response, file_containing_symbol="no.Such")
        # then
        assert answer.error_response.error_code == 5  # NOT_FOUND


class TestReflectionV1alpha:
    def test_a_v1alpha_client_still_lists_the_service(self, world: World) -> None:
        """The older name answers the same list."""
        # given / when
        answer = _ask(world, V1ALPHA_METHOD, v1alpha.ServerReflectionRequest,
                      v1alpha.ServerReflectionResponse, list_services="")
        # then
        names = {service.name for service in answer.list_services_response.service}
        assert SERVICE in names
        assert "grpc.reflection.v1.ServerReflection" in names

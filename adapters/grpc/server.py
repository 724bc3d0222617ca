"""The server factory: `RedemptionService` plus health checking and reflection.

Every setting that matters is explicit (STYLE: no library defaults that matter): the worker
count, the concurrent-call limit, message sizes, keepalive, port reuse. `build_server`
returns the thread-pool server this package ships; `build_aio_server` builds the `grpc.aio`
twin with the same settings, kept for `bench/bench_grpc.py`, which measured both (the
figures are in that file's docstring and in docs/decisions.md).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from concurrent import futures
from pathlib import Path
from typing import Any, TypeAlias

import attrs
import grpc
import grpc.aio
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection, reflection_pb2

from redemption_core.domain.model import limits
from redemption_core.domain.use_cases.ledger import Ledger

from .auth import Apps
from .interceptor import AsyncCallInterceptor, CallInterceptor, CallObserver
from .listen import ListenError, check_address
from .servicer import SERVICE_NAME, RedemptionServicer, method_handlers

WORKERS_DEFAULT = 16
CONCURRENT_CALLS_MAX = 1_024
"""Calls in progress at once; more are refused with RESOURCE_EXHAUSTED."""
RESPONSE_BYTES_MAX = 16 * 1_048_576
"""A stack of 30 redemptions with 500-item orders stays well below this."""
KEEPALIVE_TIME_MS = 60_000
KEEPALIVE_TIMEOUT_MS = 20_000
CLIENT_PING_INTERVAL_MIN_MS = 10_000
"""Clients pinging more often than this are told to go away (GOAWAY too_many_pings)."""


SERVING = ("", SERVICE_NAME)
"""Health-checked names: the server as a whole and the service."""
HEALTH_SERVICE_NAME = health_pb2.DESCRIPTOR.services_by_name["Health"].full_name
REFLECTION_V1_SERVICE_NAME = "grpc.reflection.v1.ServerReflection"


@attrs.frozen(kw_only=True)
class TlsFiles:
    """PEM files; with `client_ca` the server requires and checks client certificates."""

    certificate: Path
    key: Path
    client_ca: Path | None = None

    def credentials(self) -> grpc.ServerCredentials:
        """The files read and given to gRPC; `OSError` if one cannot be read, `ValueError`
        if one is not PEM of its kind (gRPC itself would only fail to bind, later)."""
        root = _pem(self.client_ca, b"CERTIFICATE") if self.client_ca is not None else None
        return grpc.ssl_server_credentials(
            [(_pem(self.key, b"PRIVATE KEY"), _pem(self.certificate, b"CERTIFICATE"))],
            root_certificates=root,
            require_client_auth=root is not None,
        )


def _pem(path: Path, kind: bytes) -> bytes:
    data = path.read_bytes()
    if b"-----BEGIN " not in data or kind + b"-----" not in data:
        raise ValueError(f"{path} is not a PEM {kind.decode().lower()}")
    return data


@attrs.frozen(kw_only=True)
class ServerConfig:
    """How the server listens and what it allows; each default is a decision."""

    address: str = "127.0.0.1:50051"
    workers: int = attrs.field(default=WORKERS_DEFAULT, validator=attrs.validators.ge(1))
    concurrent_calls_max: int = attrs.field(
        default=CONCURRENT_CALLS_MAX, validator=attrs.validators.ge(1)
    )
    request_bytes_max: int = limits.REQUEST_BYTES_MAX
    response_bytes_max: int = RESPONSE_BYTES_MAX
    keepalive_time_ms: int = KEEPALIVE_TIME_MS
    keepalive_timeout_ms: int = KEEPALIVE_TIMEOUT_MS
    client_ping_interval_min_ms: int = CLIENT_PING_INTERVAL_MIN_MS
    tls: TlsFiles | None = None

    def options(self) -> list[tuple[str, Any]]:
        return [
            ("grpc.max_receive_message_length", self.request_bytes_max),
            ("grpc.max_send_message_length", self.response_bytes_max),
            ("grpc.keepalive_time_ms", self.keepalive_time_ms),
            ("grpc.keepalive_timeout_ms", self.keepalive_timeout_ms),
            ("grpc.keepalive_permit_without_calls", 1),
            ("grpc.http2.min_recv_ping_interval_without_data_ms", self.client_ping_interval_min_ms),
            ("grpc.http2.max_pings_without_data", 0),
            # Two servers must never share a port by accident (tests bind port 0).
            ("grpc.so_reuseport", 0),
        ]


@attrs.frozen
class Built:
    """A built, not yet started, server: the port it bound and its health servicer."""

    server: Any
    port: int
    health: Any


def _credentials(tls: TlsFiles, address: str) -> grpc.ServerCredentials:
    try:
        return tls.credentials()
    except OSError as error:
        raise ListenError(address, f"cannot read {error.filename}: {error.strerror}") from error
    except ValueError as error:
        raise ListenError(address, str(error)) from error


def _bind(server: Any, config: ServerConfig) -> int:
    """The bound port; `ListenError` names the address and the reason it cannot be used."""
    check_address(config.address)
    try:
        if config.tls is not None:
            credentials = _credentials(config.tls, config.address)
            port: int = server.add_secure_port(config.address, credentials)
        else:
            port = server.add_insecure_port(config.address)
    except RuntimeError as error:  # gRPC says only "Failed to bind"; the probe passed
        reason = "gRPC could not bind it"
        if config.tls is not None:
            reason = "gRPC refused the TLS certificate or key (are they PEM and a pair?)"
        raise ListenError(config.address, reason) from error
    if port == 0:
        raise ListenError(config.address, "gRPC bound no address")
    return port


Handlers: TypeAlias = "dict[str, grpc.RpcMethodHandler[Any, Any]]"


def _add_services(
    server: Any, handlers: Handlers, health_servicer: Any, extra: Mapping[str, Handlers]
) -> None:
    for name, methods in {SERVICE_NAME: handlers, **extra}.items():
        server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(name, methods),))
        server.add_registered_method_handlers(name, methods)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    _add_reflection(server, (SERVICE_NAME, HEALTH_SERVICE_NAME))


def _add_reflection(server: Any, names: tuple[str, ...]) -> None:
    """Server reflection under `grpc.reflection.v1` and `v1alpha`: one servicer, both names.

    grpcio-reflection ships only v1alpha. v1 is the same protocol under a new package (the
    messages are field for field the same, so their bytes are too), and current clients
    (grpcurl, Postman, grpc-java/-go) ask v1 first: the v1 method is served by the v1alpha
    servicer with the v1alpha message codecs."""
    listed = (*names, REFLECTION_V1_SERVICE_NAME, reflection.SERVICE_NAME)
    servicer: Any
    if isinstance(server, grpc.aio.Server):
        servicer = reflection.aio.ReflectionServicer(listed)
    else:
        servicer = reflection.ReflectionServicer(listed)
    info = grpc.stream_stream_rpc_method_handler(
        servicer.ServerReflectionInfo,
        request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
        response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString,
    )
    methods = {"ServerReflectionInfo": info}
    for name in (REFLECTION_V1_SERVICE_NAME, reflection.SERVICE_NAME):
        server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(name, methods),))
        server.add_registered_method_handlers(name, methods)


def build_server(
    ledger: Ledger,
    apps: Apps,
    config: ServerConfig | None = None,
    *,
    logger: Any = None,
    extra_services: Mapping[str, Handlers] | None = None,
    observer: CallObserver | None = None,
) -> Built:
    """The thread-pool server, bound (port 0 picks a free port), not started.

    `extra_services` (service name -> method handlers) run with the same options and
    interceptor: the benchmark's Echo. `observer` is told every call's method, status and
    duration (the HTTP server's metrics when both run in one process)."""
    config = config or ServerConfig()
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=config.workers, thread_name_prefix="grpc"),
        interceptors=[CallInterceptor(apps, logger, observer)],
        options=config.options(),
        maximum_concurrent_rpcs=config.concurrent_calls_max,
    )
    health_servicer = health.HealthServicer()
    _add_services(server, method_handlers(RedemptionServicer(ledger)), health_servicer,
                  extra_services or {})
    for name in SERVING:
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    return Built(server, _bind(server, config), health_servicer)


def _in_loop(method: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """A servicer method as a coroutine, run in the event loop (the ledger is synchronous)."""

    @functools.wraps(method)
    async def run(request: Any, context: Any) -> Any:
        return method(request, context)

    return run


class _AsyncServicer:
    """The servicer's methods as coroutines, for the `grpc.aio` server."""

    def __init__(self, servicer: RedemptionServicer) -> None:
        self._servicer = servicer

    def __getattr__(self, name: str) -> Callable[[Any, Any], Any]:
        return _in_loop(getattr(self._servicer, name))


async def build_aio_server(
    ledger: Ledger,
    apps: Apps,
    config: ServerConfig | None = None,
    *,
    logger: Any = None,
    extra_services: Mapping[str, Handlers] | None = None,
) -> Built:
    """The `grpc.aio` twin of `build_server`, built inside the event loop that will run it."""
    config = config or ServerConfig()
    server = grpc.aio.server(
        interceptors=[AsyncCallInterceptor(apps, logger)],
        options=config.options(),
        maximum_concurrent_rpcs=config.concurrent_calls_max,
    )
    health_servicer = health.aio.HealthServicer()
    handlers = method_handlers(_AsyncServicer(RedemptionServicer(ledger)))
    _add_services(server, handlers, health_servicer, extra_services or {})
    for name in SERVING:
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    return Built(server, _bind(server, config), health_servicer)

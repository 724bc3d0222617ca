"""The one interceptor: authentication, the canonical log line, failures as rich statuses.

For every call of `RedemptionService` it
1. clears the structlog context and binds `method` and a fresh `request_id` (`v-...`);
2. checks `x-app-id`/`x-app-token`, each sent once (UNAUTHENTICATED otherwise, whatever the
   payload) and binds the app id, which the servicer records as the redemption channel; a
   request whose bytes are not a valid message is then INVALID_ARGUMENT (the deserializer is
   wrapped so that grpc hands the failure over instead of answering INTERNAL itself);
3. runs the servicer; a `RedemptionError` becomes its status from `errors.STATUS_OF` with
   `ErrorInfo`/`BadRequest`, `CallNotImplemented` becomes UNIMPLEMENTED, and anything else
   INTERNAL without internals (the exception is logged, the client gets the request id);
4. logs one `grpc.call` line: method, request id, app, the ids the servicer bound
   (`redemption_ids`, `idempotency_key`), `code` and `failure_code`, `duration_ms`.
Health checking and reflection pass through untouched: no credentials, no log line.
Two flavours share that logic: `CallInterceptor` for the thread-pool server and
`AsyncCallInterceptor` for `grpc.aio`.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeAlias, cast

import grpc
import grpc.aio
import structlog

from redemption_core.domain.model import errors as domain_errors

from ..logs import library_logger
from . import auth, errors
from . import call as current_call

EXEMPT_PREFIXES = (
    "/grpc.health.v1.Health/",
    "/grpc.reflection.v1alpha.ServerReflection/",
    "/grpc.reflection.v1.ServerReflection/",
)
"""Methods served without credentials and without a log line."""

Behavior = Callable[[Any, grpc.ServicerContext], Any]
AsyncBehavior = Callable[[Any, grpc.aio.ServicerContext[Any, Any]], Awaitable[Any]]


def new_request_id() -> str:
    return "v-" + os.urandom(9).hex()


CallObserver = Callable[[str, str, float], None]
"""Told (method, status code name, seconds) once per call: the HTTP server's metrics."""


class _Call:
    """One call's bookkeeping, from the first line of the handler to its log line."""

    __slots__ = ("app", "log", "method", "observer", "request_id", "started")

    def __init__(
        self, log: Any, method: str, app: str | None, observer: CallObserver | None = None
    ) -> None:
        self.log = log
        self.app = app
        self.method = method
        self.observer = observer
        self.started = time.perf_counter()
        self.request_id = new_request_id()
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(method=method, request_id=self.request_id)

    def refused(self, why: str) -> grpc.Status:
        self._line(logging.INFO, "UNAUTHENTICATED", failure_code=errors.UNAUTHENTICATED_REASON)
        return errors.unauthenticated_status(self.request_id, why)

    def succeeded(self) -> None:
        self._line(logging.INFO, "OK")

    def failed(self, error: Exception) -> grpc.Status:
        if isinstance(error, domain_errors.RedemptionError):
            status = errors.business_status(error, self.request_id)
            self._line(
                logging.INFO,
                errors.status_code_of(error).name,
                failure_code=error.code,
                resource_id=error.resource_id,
            )
            return status
        if isinstance(error, errors.CallNotImplemented):
            self._line(logging.INFO, "UNIMPLEMENTED", failure_code=errors.NOT_IMPLEMENTED_REASON)
            return errors.not_implemented_status(self.request_id, str(error))
        self._line(logging.ERROR, "INTERNAL", failure_code=errors.INTERNAL_REASON, exc_info=error)
        return errors.internal_status(self.request_id)

    def _line(self, level: int, code: str, **fields: Any) -> None:
        if self.observer is not None:
            self.observer(self.method, code, time.perf_counter() - self.started)
        if not self.log.is_enabled_for(level):
            return
        duration_ms = round((time.perf_counter() - self.started) * 1000, 3)
        self.log.log(level, "grpc.call", app_id=self.app, code=code, duration_ms=duration_ms,
                     **fields)


Handler: TypeAlias = "grpc.RpcMethodHandler[Any, Any]"


def _plan(details: grpc.HandlerCallDetails, apps: auth.Apps) -> tuple[str, auth.Identity] | None:
    """(method, who calls) for a call to wrap; None to pass the handler through."""
    method: str = details.method
    if method.startswith(EXEMPT_PREFIXES):
        return None
    return method, apps.identify(details.invocation_metadata)


class Undecodable:
    """What the request deserializer hands over when the bytes are not a valid message.

    grpc would otherwise answer INTERNAL ("Exception deserializing request!") before the
    interceptor runs, unlogged and ahead of authentication. As a value, the call reaches
    `wrapped`, which authenticates first and then refuses it as INVALID_ARGUMENT (D6).
    """

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def error(self) -> domain_errors.InvalidPayload:
        return domain_errors.InvalidPayload(
            f"the request bytes are not a valid message: {self.reason}", field="request"
        )


def _tolerant(deserialize: Callable[[bytes], Any] | None) -> Callable[[bytes], Any] | None:
    if deserialize is None:
        return None

    def run(data: bytes) -> Any:
        try:
            return deserialize(data)
        except Exception as error:  # any decoder failure is the client's bytes, not our bug
            return Undecodable(str(error) or type(error).__name__)

    return run


def _same_handler(handler: Handler, behavior: Any) -> Handler:
    return grpc.unary_unary_rpc_method_handler(
        behavior,
        request_deserializer=_tolerant(handler.request_deserializer),
        response_serializer=handler.response_serializer,
    )


def _streaming(
    handler: Handler, plan: tuple[str, auth.Identity], log: Any, observer: CallObserver | None
) -> Handler:
    """A server-streaming call (WatchEvents) checked and logged like a unary one: the log
    line is written when the stream ends (cancelled by the client or the server's stop)."""
    method, identity = plan
    app = identity.app_id
    behavior = cast(Callable[[Any, grpc.ServicerContext], Iterator[Any]], handler.unary_stream)

    def wrapped(request: Any, context: grpc.ServicerContext) -> Any:
        call = _Call(log, method, app, observer)
        if app is None:
            context.abort_with_status(call.refused(identity.refusal))
        if isinstance(request, Undecodable):
            context.abort_with_status(call.failed(request.error()))
        token = current_call.bind(app, call.request_id)
        try:
            yield from behavior(request, context)
        except Exception as error:  # classified by `failed`, never swallowed
            context.abort_with_status(call.failed(error))
        finally:
            current_call.unbind(token)
        call.succeeded()

    return grpc.unary_stream_rpc_method_handler(
        wrapped,
        request_deserializer=_tolerant(handler.request_deserializer),
        response_serializer=handler.response_serializer,
    )


class CallInterceptor(grpc.ServerInterceptor):
    """The interceptor of the thread-pool server."""

    def __init__(
        self, apps: auth.Apps, logger: Any = None, observer: CallObserver | None = None
    ) -> None:
        self._apps = apps
        self._observer = observer
        # Bound once (resolving structlog's lazy proxy per call costs more than the call's
        # bookkeeping): configure logging before building the server (adapters/logs.py).
        self._log = logger or library_logger("redemption_core.grpc")

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler[Any, Any] | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        handler = continuation(handler_call_details)
        plan = _plan(handler_call_details, self._apps)
        if plan is None or handler is None:
            return handler
        if handler.unary_stream is not None:
            return _streaming(handler, plan, self._log, self._observer)
        if handler.unary_unary is None:
            return None  # fail closed: only unary and server-streaming calls are served
        method, identity = plan
        app = identity.app_id
        behavior: Behavior = handler.unary_unary
        log, observer = self._log, self._observer

        def wrapped(request: Any, context: grpc.ServicerContext) -> Any:
            call = _Call(log, method, app, observer)
            if app is None:
                context.abort_with_status(call.refused(identity.refusal))
            if isinstance(request, Undecodable):
                context.abort_with_status(call.failed(request.error()))
            token = current_call.bind(app, call.request_id)
            try:
                response = behavior(request, context)
            except Exception as error:  # classified by `failed`, never swallowed
                context.abort_with_status(call.failed(error))
            finally:
                current_call.unbind(token)
            call.succeeded()
            return response

        return _same_handler(handler, wrapped)


class AsyncCallInterceptor(grpc.aio.ServerInterceptor):
    """The interceptor of the `grpc.aio` server."""

    def __init__(self, apps: auth.Apps, logger: Any = None) -> None:
        self._apps = apps
        self._log = logger or library_logger("redemption_core.grpc")

    async def intercept_service(
        self,
        continuation: Callable[
            [grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler[Any, Any] | None]
        ],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        handler = await continuation(handler_call_details)
        plan = _plan(handler_call_details, self._apps)
        if plan is None or handler is None:
            return handler
        if handler.unary_unary is None:
            return None  # fail closed, as the sync flavour
        method, identity = plan
        app = identity.app_id
        # The stubs type handlers as synchronous; on the aio server they are coroutines.
        behavior = cast(AsyncBehavior, handler.unary_unary)
        log = self._log

        async def wrapped(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            call = _Call(log, method, app)
            if app is None:
                await context.abort_with_status(call.refused(identity.refusal))
            if isinstance(request, Undecodable):
                await context.abort_with_status(call.failed(request.error()))
            token = current_call.bind(app, call.request_id)
            try:
                response = await behavior(request, context)
            except Exception as error:  # classified by `failed`, never swallowed
                await context.abort_with_status(call.failed(error))
            finally:
                current_call.unbind(token)
            call.succeeded()
            return response

        return _same_handler(handler, wrapped)

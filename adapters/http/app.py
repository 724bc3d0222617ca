"""The ASGI application: Voucherify's HTTP API over `JsonApi`, one `Ledger` per channel.

Per request: a request id (`v-…`, also the `X-Request-Id` response header and the events'
`group_id`); credentials (401); the body (413 over the limit, 415 if not JSON, 400 if not
valid JSON); the JSON API call in a worker thread (the ledger is synchronous and the SQLite
group committer batches concurrent writers); the answer exactly as `JsonApi` produced it;
then one `http.request` log line and the metrics. The whole request is bounded by the
request timeout (503 `request_timeout`).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import re
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import orjson
import structlog

from redemption_core.adapters.feed import POLL_SECONDS_DEFAULT, ObservedStore
from redemption_core.adapters.json.api import ROUTES, JsonApi
from redemption_core.domain.model import limits
from redemption_core.domain.model.redemption import Channel, ChannelType
from redemption_core.domain.use_cases.ledger import Ledger

from . import errors, events, request
from .credentials import Credentials
from .metrics import CONTENT_TYPE, Metrics
from .request import Disconnected, Headers, Refused

Send = Callable[[dict[str, Any]], Awaitable[None]]
JSON_TYPE = b"application/json; charset=utf-8"
CLIENT_PREFIX = "/client"
CLIENT_ROUTES = frozenset({("POST", "/v1/redemptions"), ("POST", "/v1/validations")})
"""What a client key may call (under `/client`): redeem and validate, nothing else."""
EVENTS_PATH = "/v1/events"
ECHO_PATH = "/v1/_echo"
UNMATCHED = "unmatched"


@attrs.frozen(kw_only=True)
class HttpConfig:
    """Each default is a decision (README, "The HTTP server")."""

    body_bytes_max: int = attrs.field(
        default=limits.REQUEST_BYTES_MAX, validator=attrs.validators.ge(1)
    )
    timeout_seconds: float = attrs.field(default=30.0, validator=attrs.validators.gt(0))
    workers: int = attrs.field(default=16, validator=attrs.validators.ge(1))
    access_log: bool = True
    metrics: bool = True
    echo: bool = False
    """`POST /v1/_echo` answers its body: the benchmark's baseline route."""
    poll_seconds: float = POLL_SECONDS_DEFAULT


@attrs.define
class Outcome:
    status: int
    body: Any
    route: str = UNMATCHED
    app: str | None = None
    raw: bytes | None = None
    content_type: bytes = JSON_TYPE


def new_request_id() -> str:
    return "v-" + os.urandom(9).hex()


def _templates() -> list[tuple[re.Pattern[str], str, str]]:
    found = [(route.pattern, route.template, route.method) for route in ROUTES
             if not route.template.startswith(CLIENT_PREFIX + "/")]
    for path in (EVENTS_PATH, ECHO_PATH):
        found.append((re.compile(f"^{re.escape(path)}$"), path, "GET"))
    return found


def quiet_logger(name: str) -> Any:
    """A logger of the configured shape that drops INFO: `JsonApi`'s own per-call line
    would duplicate ours, but its errors must still be logged."""
    config = structlog.get_config()
    return structlog.wrap_logger(
        config["logger_factory"](name),
        processors=config["processors"],
        wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
    ).bind()


class HttpApp:
    """The ASGI callable; `close()` stops its worker threads (the store is the caller's)."""

    def __init__(
        self,
        ledger: Ledger,
        credentials: Credentials,
        config: HttpConfig | None = None,
        *,
        logger: Any = None,
    ) -> None:
        if not isinstance(ledger.store, ObservedStore):
            raise TypeError("the HTTP app's ledger must write through an ObservedStore")
        self.ledger = ledger
        self.store: ObservedStore = ledger.store
        self.credentials = credentials
        self.config = config or HttpConfig()
        self.metrics = Metrics(self.store, ledger.clock) if self.config.metrics else None
        self._pool = ThreadPoolExecutor(self.config.workers, thread_name_prefix="http")
        self._apis: dict[str, JsonApi] = {}
        self._templates = _templates()
        self._log = logger or structlog.get_logger("redemption_core.http").bind()
        self._api_log = quiet_logger("redemption_core.json")

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def _api(self, app: str) -> JsonApi:
        """The JSON API whose ledger records `app` as the channel (catalog idempotency
        keys are scoped to it too)."""
        api = self._apis.get(app)
        if api is None:
            base = self.ledger
            settings = attrs.evolve(base.settings, channel=Channel(app, ChannelType.API))
            ledger = Ledger(base.store, clock=base.clock, ids=base.ids, settings=settings)
            api = self._apis.setdefault(app, JsonApi(ledger, logger=self._api_log))
        return api

    def template(self, path: str, method: str | None = None) -> str:
        """The route template `path` matches, the one of `method` first; a client route's
        under `/client` (its own series)."""
        client = path.startswith(CLIENT_PREFIX + "/")
        bare = path[len(CLIENT_PREFIX):] if client else path
        found = UNMATCHED
        for pattern, template, allowed in self._templates:
            if pattern.match(bare):
                if found == UNMATCHED:
                    found = template
                if allowed == method:
                    found = template
                    break
        if client and found != UNMATCHED:
            return CLIENT_PREFIX + found
        return found

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        started = time.perf_counter()
        request_id = new_request_id()
        method: str = scope["method"]
        try:
            # A deadline on this task, not a new task per request as wait_for would make.
            async with asyncio.timeout(self.config.timeout_seconds):
                outcome = await self._handle(scope, receive, method, request_id)
        except Disconnected:
            return
        except TimeoutError:
            outcome = Outcome(503, errors.timed_out(self.config.timeout_seconds, request_id))
            outcome.route = self.template(_path(scope), method)
        except Exception:
            # Our bug (JsonApi answers its own failures): logged whole, the caller told nothing.
            self._log.exception("http.internal_error", request_id=request_id, method=method)
            outcome = Outcome(500, errors.internal(request_id),
                              self.template(_path(scope), method))
        await _send(send, outcome, request_id)
        self._record(method, outcome, request_id, time.perf_counter() - started)

    async def _handle(
        self, scope: dict[str, Any], receive: Any, method: str, request_id: str
    ) -> Outcome:
        path = _path(scope)
        if path in ("/health", "/metrics"):
            return self._service_route(method, path, request_id)
        client = path.startswith(CLIENT_PREFIX + "/")
        api_path = path[len(CLIENT_PREFIX):] if client else path
        if not api_path.startswith("/v1/"):
            return Outcome(404, errors.not_found(method, path, request_id))
        headers = Headers.of(scope["headers"])
        route = self.template(path, method)
        if client:
            app = self.credentials.client_app(headers.client_id, headers.client_token)
        else:
            app = self.credentials.server_app(headers.app_id, headers.app_token)
        if app is None:
            return Outcome(401, errors.unauthorized(request_id, client), route)
        if client and (method, route[len(CLIENT_PREFIX):]) not in CLIENT_ROUTES:
            return Outcome(404, errors.not_found(method, path, request_id), UNMATCHED, app)
        try:
            query = request.query(scope.get("query_string", b""), request_id)
            body = await request.body(receive, headers, self.config.body_bytes_max, request_id)
            outcome = await self._route(method, api_path, route, query, body, headers,
                                        app, request_id)
        except Refused as refused:
            return Outcome(refused.status, refused.body, route, app)
        outcome.route, outcome.app = route, app
        return outcome

    async def _route(
        self, method: str, path: str, route: str, query: dict[str, list[str]], body: Any,
        headers: Headers, app: str, request_id: str,
    ) -> Outcome:
        if route == EVENTS_PATH:
            return await self._events(method, query, body, request_id)
        if route == ECHO_PATH and self.config.echo and method == "POST":
            echoed: Outcome = await self._run(_echo, body)
            return echoed
        call = functools.partial(
            self._api(app).call, method, path, query, body, headers.idempotency_key,
            request_id=request_id,
        )
        response = await self._run(call)
        return Outcome(response.status, response.body)

    async def _run(self, work: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._pool, work, *args)

    def _service_route(self, method: str, path: str, request_id: str) -> Outcome:
        if method != "GET":
            return Outcome(405, errors.method_not_allowed(method, path, "GET", request_id), path)
        if path == "/health":
            return Outcome(200, {"status": "SERVING"}, path)
        if self.metrics is None:
            return Outcome(404, errors.not_found(method, path, request_id), UNMATCHED)
        return Outcome(200, None, path, raw=self.metrics.render(),
                       content_type=CONTENT_TYPE.encode())

    async def _events(
        self, method: str, query: dict[str, list[str]], body: Any, request_id: str
    ) -> Outcome:
        if method != "GET":
            return Outcome(405, errors.method_not_allowed(method, EVENTS_PATH, "GET", request_id))
        if body is not None:
            raise Refused(400, errors.error(400, "invalid_payload", "Invalid payload",
                                            "$: this endpoint takes no request body", request_id))
        after, limit, wait = events.parse(query, request_id)
        wait = min(wait, self.config.timeout_seconds / 2)
        found = await self._events_after(after, limit, wait)
        return Outcome(200, await self._run(events.page, self.ledger, after, limit, found))

    async def _events_after(self, after: int, limit: int, wait: float) -> Any:
        """Events after `after`; with none yet, wait for a commit (or a poll) up to `wait`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        woke = asyncio.Event()

        def wake() -> None:
            loop.call_soon_threadsafe(woke.set)

        self.store.listen(wake)
        try:
            while True:
                woke.clear()
                found = await self._run(self.ledger.events_after, after, limit)
                left = deadline - loop.time()
                if found or left <= 0:
                    return found
                try:
                    await asyncio.wait_for(woke.wait(), min(left, self.config.poll_seconds))
                except TimeoutError:
                    continue
        finally:
            self.store.unlisten(wake)

    def _record(self, method: str, outcome: Outcome, request_id: str, seconds: float) -> None:
        if self.metrics is not None:
            self.metrics.observe(outcome.route, method, outcome.status, seconds)
        if not self.config.access_log or not self._log.is_enabled_for(logging.INFO):
            return
        fields: dict[str, Any] = {}
        if outcome.status >= 400 and isinstance(outcome.body, dict):
            fields["failure_code"] = outcome.body.get("key")
            if outcome.body.get("resource_id") is not None:
                fields["resource_id"] = outcome.body["resource_id"]
        self._log.info(
            "http.request", method=method, route=outcome.route, status=outcome.status,
            duration_ms=round(seconds * 1000, 3), app_id=outcome.app, request_id=request_id,
            **fields,
        )


def _path(scope: dict[str, Any]) -> str:
    """The path as sent: percent-escapes kept, so `JsonApi` splits on real slashes only."""
    raw = scope.get("raw_path")
    if raw:
        return bytes(raw).decode("latin-1").split("?", 1)[0]
    path: str = scope["path"]
    return path


def encode_json(body: Any) -> bytes:
    """Compact UTF-8 JSON, byte for byte what `json.dumps(body, ensure_ascii=False,
    separators=(",", ":"))` gives, in a tenth of its time (a Redeem answer is ~3 KB:
    bench/bench_http.py). orjson refuses integers beyond 64 bits; those go through `json`."""
    try:
        return orjson.dumps(body)
    except orjson.JSONEncodeError:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def _echo(body: Any) -> Outcome:
    return Outcome(200, body)


async def _send(send: Send, outcome: Outcome, request_id: str) -> None:
    payload = outcome.raw
    if outcome.status == 204:
        payload = b""  # No Content: no body, and no JSON `null` either.
    elif payload is None:
        payload = encode_json(outcome.body)
    await send({
        "type": "http.response.start",
        "status": outcome.status,
        "headers": [
            (b"content-type", outcome.content_type),
            (b"content-length", str(len(payload)).encode()),
            (b"x-request-id", request_id.encode()),
        ],
    })
    await send({"type": "http.response.body", "body": payload})


async def _lifespan(receive: Any, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return

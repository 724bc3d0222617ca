"""Logging: silent as a library, one JSON line per call in the programs this package ships.

Embedded, the package follows the standard library's convention for libraries (and
structlog's): it prints nothing and costs no more than a level check until the host
configures logging. `library_logger` decides once, when an adapter is built:

- the host configured structlog (`structlog.configure`, as our own programs do): the call
  lines go through the host's structlog pipeline;
- otherwise: to the standard library logger of the same name (`redemption_core.json`,
  `redemption_core.grpc`), under `redemption_core`, which has a `NullHandler`. With no
  logging configured, `isEnabledFor(INFO)` is false (a cached check) and nothing is
  formatted; a host that enables INFO for `redemption_core` (`logging.basicConfig`, its
  own handlers) gets each line as one JSON message.

`configure_logging` is the programs' set-up (CLI `call`/`replay`, `serve`): JSON lines on
standard error, so standard output stays the program's result (replay output must be
byte-identical). Configure it (or your own structlog) before building a `JsonApi` or a
server: they bind their logger once.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections.abc import Callable, MutableMapping
from typing import Any, TextIO

import structlog

LIBRARY_LOGGER_NAME = "redemption_core"
# The library convention: records reaching `redemption_core` with no handler configured by
# the host go nowhere (not to logging's last-resort handler on standard error).
logging.getLogger(LIBRARY_LOGGER_NAME).addHandler(logging.NullHandler())


def library_logger(name: str) -> Any:
    """The bound logger an adapter keeps: the host's structlog if it configured structlog,
    else the standard library logger `name` (silent until the host configures logging)."""
    if structlog.is_configured():
        return structlog.get_logger(name).bind()
    bound: Any = structlog.wrap_logger(
        logging.getLogger(name),
        processors=[structlog.contextvars.merge_contextvars, _to_stdlib_call],
        wrapper_class=structlog.stdlib.BoundLogger,
    )
    return bound.bind()


def _to_stdlib_call(
    _: Any, __: str, event_dict: MutableMapping[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """One JSON message (the event and its fields); a traceback stays the record's."""
    exc_info = event_dict.pop("exc_info", None)
    message = _ENCODE({"event": event_dict.pop("event", None), **event_dict})
    return (message,), {"exc_info": exc_info} if exc_info else {}


def _compact_json_encoder() -> Callable[[Any], str]:
    """`json.dumps(obj, separators=(",", ":"), default=str)`, its C encoder built once.

    `JSONEncoder.encode` builds a new C encoder (and a circular-reference memo) on every
    call, a third of a call line's cost; a log line is a fresh, flat dict, never circular."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the C accelerator
        return json.JSONEncoder(separators=(",", ":"), default=str).encode
    chunks = make(None, str, json.encoder.encode_basestring_ascii, None, ":", ",",
                  False, False, True)
    return lambda obj: "".join(chunks(obj, 0))


_ENCODE = _compact_json_encoder()


class _JsonLine:
    """The programs' one processor: level, timestamp, traceback, JSON; a call line is built
    in a few microseconds (bench/bench_logging.py holds it to 5% of a redemption).

    structlog's chain (`add_log_level`, `TimeStamper`, `format_exc_info`, `JSONRenderer`)
    writes the same line; fused, with a cached encoder and the timestamp's date and time
    formatted once a second, it costs a third as much."""

    def __init__(self) -> None:
        self._encode = _ENCODE
        self._second = (-1, "")

    def _timestamp(self) -> str:
        now = time.time()
        second = int(now)
        cached = self._second
        if cached[0] != second:
            cached = (second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
            self._second = cached  # one tuple swap: safe across threads
        return f"{cached[1]}.{int((now - second) * 1_000_000):06d}Z"

    def __call__(self, logger: Any, method_name: str, event_dict: MutableMapping[str, Any]) -> str:
        event_dict = structlog.contextvars.merge_contextvars(logger, method_name, event_dict)
        event_dict["level"] = "warning" if method_name == "warn" else method_name
        event_dict["timestamp"] = self._timestamp()
        if "exc_info" in event_dict:
            event_dict = structlog.processors.format_exc_info(logger, method_name, event_dict)
        return self._encode(event_dict)


def _proxy_to_json_line(
    self: Any, method_name: str, event: str | None = None, **event_kw: Any
) -> Any:
    """`_proxy_to_logger` of the programs' bound logger: with its one `_JsonLine` processor,
    the line goes straight to it, without structlog's generic chain (a copy of the context,
    a loop, a check of the result's type: a third of the line's cost). Any other chain (a
    test's `capture_logs`) runs as structlog runs it."""
    processors = self._processors
    if len(processors) == 1 and type(processors[0]) is _JsonLine:
        event_dict = {**self._context, **event_kw} if self._context else event_kw
        event_dict["event"] = event
        return self._logger.msg(processors[0](self._logger, method_name, event_dict))
    return structlog.BoundLoggerBase._proxy_to_logger(self, method_name, event, **event_kw)


class _LineWriter:
    """The programs' wrapped logger: one write and one flush per line, under a lock (the
    server's worker threads share the stream). structlog's `WriteLogger` does the same
    through two retry wrappers per line."""

    def __init__(self, stream: TextIO) -> None:
        self._write = stream.write
        self._flush = stream.flush
        self._lock = threading.Lock()

    def factory(self, *_: Any) -> _LineWriter:
        return self

    def msg(self, message: str) -> None:
        with self._lock:
            self._write(message + "\n")
            self._flush()

    log = debug = info = warn = warning = error = critical = exception = fatal = msg


def configure_logging(level: str = "WARNING", stream: TextIO | None = None) -> None:
    """The programs' logging: JSON lines at `level` and above on `stream` (standard error),
    one write and flush each."""
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        raise ValueError(f"log level: unknown level {level!r}")
    filtering = structlog.make_filtering_bound_logger(numeric)
    structlog.configure(
        processors=[_JsonLine()],
        wrapper_class=type("JsonLinesBoundLogger", (filtering,), {
            "_proxy_to_logger": _proxy_to_json_line,
        }),
        logger_factory=_LineWriter(stream or sys.stderr).factory,
        cache_logger_on_first_use=False,
    )

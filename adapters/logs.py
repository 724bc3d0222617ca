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
from collections.abc import MutableMapping
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
    message = json.dumps(
        {"event": event_dict.pop("event", None), **event_dict}, default=str, separators=(",", ":")
    )
    return (message,), {"exc_info": exc_info} if exc_info else {}


def configure_logging(level: str = "WARNING", stream: TextIO | None = None) -> None:
    """The programs' logging: JSON lines at `level` and above on `stream` (standard error)."""
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        raise ValueError(f"log level: unknown level {level!r}")
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(stream or sys.stderr),
        cache_logger_on_first_use=False,
    )

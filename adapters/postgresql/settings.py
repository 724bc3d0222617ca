"""Every setting of the PostgreSQL store, stated with its default and its bounds.

A `postgresql://` URL may carry the store's own settings as query parameters next to
libpq's (`?schema=ledger&pool_max=20`); `split_url` takes ours out before libpq sees the
rest. Timeouts are milliseconds; none of them is ever left to a server default, so a
call gets an answer (maybe `StoreBusy`) within them and never hangs.
"""

from __future__ import annotations

import re
from typing import Final, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import attrs

__all__ = ["DEFAULT_DSN", "Isolation", "StoreSettings", "split_url"]

DEFAULT_DSN: Final = "postgresql://postgres@127.0.0.1:5432/postgres"
"""The local server of a development machine."""

Isolation = Literal["locking", "serializable"]
"""`locking`: READ COMMITTED, every entity a `transact` reads is row-locked (FOR UPDATE), so
writers of one row queue instead of failing. `serializable`: SERIALIZABLE without row
locks; a conflict (40001) runs the work again, up to `serializable_retries` times."""

_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_TIMEOUT_MS_MAX: Final = 600_000


def _schema(_: object, __: object, value: str) -> None:
    if not _SCHEMA_NAME.match(value):
        raise ValueError(
            f"schema must be a lowercase SQL identifier (letters, digits, _), not {value!r}"
        )


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a positive integer, not {value!r}")


def _timeout(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    _positive(_, attribute, value)
    if value > _TIMEOUT_MS_MAX:
        raise ValueError(f"{attribute.name} must be at most {_TIMEOUT_MS_MAX} ms")


@attrs.frozen(kw_only=True)
class StoreSettings:
    """The pool, the timeouts and the concurrency control of one `PostgreSQLStore`."""

    schema: str = attrs.field(default="public", validator=_schema)
    """Where the tables live (created on first open); one ledger per schema."""
    pool_min: int = attrs.field(default=2, validator=_positive)
    """Connections opened at start and kept open."""
    pool_max: int = attrs.field(default=10, validator=_positive)
    """At most this many connections per store (per process); more callers wait."""
    pool_timeout_ms: int = attrs.field(default=5_000, validator=_timeout)
    """How long a caller waits for a free connection before `StoreBusy`."""
    connect_timeout_ms: int = attrs.field(default=5_000, validator=_timeout)
    """How long opening one connection may take (libpq `connect_timeout`, whole seconds)."""
    statement_timeout_ms: int = attrs.field(default=10_000, validator=_timeout)
    """A statement running longer is cancelled (`StoreBusy`)."""
    lock_timeout_ms: int = attrs.field(default=5_000, validator=_timeout)
    """A row or advisory lock not granted within this is given up (`StoreBusy`)."""
    idle_in_transaction_timeout_ms: int = attrs.field(default=60_000, validator=_timeout)
    """The server ends a session left idle inside a transaction (a stuck client)."""
    isolation: Isolation = attrs.field(
        default="locking", validator=attrs.validators.in_(("locking", "serializable"))
    )
    serializable_retries: int = attrs.field(default=10, validator=_positive)
    """Attempts of one `transact` under `serializable` before the conflict reaches the caller."""
    notify: bool = True
    """Committing events sends a NOTIFY, so `wait_for_events` wakes without polling."""

    def __attrs_post_init__(self) -> None:
        if self.pool_max < 2:
            # The outbox sequencer borrows a second connection while a unit holds one.
            raise ValueError("pool_max must be at least 2")
        if self.pool_min > self.pool_max:
            raise ValueError(f"pool_min {self.pool_min} exceeds pool_max {self.pool_max}")

    def server_options(self) -> str:
        """libpq `options`: the session settings every pooled connection starts with."""
        return " ".join(
            (
                f"-c statement_timeout={self.statement_timeout_ms}",
                f"-c lock_timeout={self.lock_timeout_ms}",
                f"-c idle_in_transaction_session_timeout={self.idle_in_transaction_timeout_ms}",
                f"-c search_path={self.schema}",
                "-c timezone=UTC",
                "-c application_name=redemption-core",
            )
        )

    @property
    def connect_timeout_s(self) -> int:
        # libpq takes whole seconds, and treats 1 as 2; never 0 (that waits forever).
        return max(2, -(-self.connect_timeout_ms // 1000))


_INT_SETTINGS: Final = (
    "pool_min", "pool_max", "pool_timeout_ms", "connect_timeout_ms", "statement_timeout_ms",
    "lock_timeout_ms", "idle_in_transaction_timeout_ms", "serializable_retries",
)


def split_url(url: str) -> tuple[str, dict[str, object]]:
    """The libpq URL without our parameters, and our parameters as `StoreSettings` keywords.

    An unknown value is refused by `StoreSettings` itself, naming the setting.
    """
    parts = urlsplit(url)
    ours: dict[str, object] = {}
    theirs: list[tuple[str, str]] = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key in _INT_SETTINGS:
            try:
                ours[key] = int(value)
            except ValueError as error:
                raise ValueError(f"{key} must be an integer, not {value!r}") from error
        elif key in ("schema", "isolation"):
            ours[key] = value
        elif key == "notify":
            if value not in ("on", "off"):
                raise ValueError(f"notify must be on or off, not {value!r}")
            ours[key] = value == "on"
        else:
            theirs.append((key, value))
    return urlunsplit(parts._replace(query=urlencode(theirs))), ours

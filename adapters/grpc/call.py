"""What the interceptor knows about the call being served, for the servicer to use.

The interceptor binds the authenticated application and the call's request id (`v-...`)
for the duration of the call; the servicer records the app as the redemption's channel and
hands the request id to the ledger (the `group_id` of the events the call causes).
"""

from __future__ import annotations

import contextvars

import attrs


@attrs.frozen
class CallInfo:
    app_id: str
    request_id: str


_CURRENT: contextvars.ContextVar[CallInfo | None] = contextvars.ContextVar(
    "redemption_core_grpc_call", default=None
)


def bind(app_id: str, request_id: str) -> contextvars.Token[CallInfo | None]:
    return _CURRENT.set(CallInfo(app_id, request_id))


def unbind(token: contextvars.Token[CallInfo | None]) -> None:
    _CURRENT.reset(token)


def current() -> CallInfo:
    """The call being served; outside a call this is a bug, never a client's mistake."""
    found = _CURRENT.get()
    if found is None:
        raise LookupError("no call is bound: servicer methods run inside the interceptor")
    return found

"""What one request runs with: the instant, the id source, the settings, the channel."""

from __future__ import annotations

from datetime import datetime

import attrs

from ..ports import IdSource
from .redemption import Channel
from .settings import LedgerSettings


@attrs.frozen
class RequestContext:
    now: datetime
    ids: IdSource
    settings: LedgerSettings
    channel: Channel
    request_id: str | None = None
    """The caller's request id (`v-…`), recorded as the `group_id` of events."""

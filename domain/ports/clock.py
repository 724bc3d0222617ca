"""Clocks: the system clock for production, a stepping clock for tests and replays."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class SystemClock:
    """Wall-clock time in UTC, truncated to milliseconds as the wire shows it."""

    def now(self) -> datetime:
        moment = datetime.now(UTC)
        return moment.replace(microsecond=moment.microsecond - moment.microsecond % 1000)


class SteppingClock:
    """Starts at a fixed instant and moves only when told to; deterministic."""

    def __init__(self, start: datetime, step: timedelta = timedelta(0)) -> None:
        if start.tzinfo is None:
            raise ValueError("start: must be timezone-aware")
        self._now = start.astimezone(UTC)
        self._step = step
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            current = self._now
            self._now = current + self._step
            return current

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now += delta

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("moment: must be timezone-aware")
        with self._lock:
            self._now = moment.astimezone(UTC)

"""Recurring validity windows of vouchers, campaigns and tiers (DOMAIN.md 3.5).

All windows are evaluated in UTC: the ledger has no per-project timezone.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import attrs

from .rules import FieldError

_DURATION = re.compile(
    r"^P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)
_CLOCK = re.compile(r"^(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)$")


def parse_duration(field: str, text: str) -> timedelta:
    """An ISO 8601 duration of days, hours, minutes and seconds (`P2D`, `PT1H30M`)."""
    match = _DURATION.match(text)
    if match is None or text in {"P", "PT"}:
        raise FieldError(field, "must be an ISO 8601 duration such as PT1H or P2D")
    parts = {name: int(value) for name, value in match.groupdict().items() if value}
    delta = timedelta(**parts)
    if delta <= timedelta(0):
        raise FieldError(field, "must be longer than zero")
    return delta


def parse_clock(field: str, text: str) -> time:
    match = _CLOCK.match(text)
    if match is None:
        raise FieldError(field, "must be a time of day HH:mm")
    return time(int(match["hour"]), int(match["minute"]))


def _weekday_sunday_zero(moment: datetime) -> int:
    # Voucherify numbers days 0 = Sunday ... 6 = Saturday; Python's weekday() has Monday = 0.
    return (moment.weekday() + 1) % 7


def _days(field: str, days: tuple[int, ...]) -> None:
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise FieldError(field, "must hold days 0 (Sunday) to 6 (Saturday)")


@attrs.frozen
class Timeframe:
    """Active for `duration` at the start of every `interval`, counted from the start date."""

    duration: str
    interval: str | None = None

    def __attrs_post_init__(self) -> None:
        length = parse_duration("validity_timeframe.duration", self.duration)
        if self.interval is not None:
            period = parse_duration("validity_timeframe.interval", self.interval)
            if period < length:
                raise FieldError("validity_timeframe.interval", "must not be shorter than duration")

    def allows(self, moment: datetime, anchor: datetime) -> bool:
        length = parse_duration("validity_timeframe.duration", self.duration)
        elapsed = moment - anchor
        if elapsed < timedelta(0):
            return False
        if self.interval is None:
            return elapsed < length
        period = parse_duration("validity_timeframe.interval", self.interval)
        return elapsed % period < length


@attrs.frozen
class DailyHours:
    """One daily window `start_time`-`expiration_time` (HH:mm, UTC) on some weekdays."""

    start_time: str
    expiration_time: str
    days_of_week: tuple[int, ...] = ()

    def __attrs_post_init__(self) -> None:
        start = parse_clock("validity_hours.daily.start_time", self.start_time)
        end = parse_clock("validity_hours.daily.expiration_time", self.expiration_time)
        if end <= start:
            raise FieldError("validity_hours.daily.expiration_time", "must be after start_time")
        _days("validity_hours.daily.days_of_week", self.days_of_week)

    def allows(self, moment: datetime) -> bool:
        if self.days_of_week and _weekday_sunday_zero(moment) not in self.days_of_week:
            return False
        start = parse_clock("start_time", self.start_time)
        end = parse_clock("expiration_time", self.expiration_time)
        return start <= moment.time().replace(tzinfo=None) < end


@attrs.frozen
class Validity:
    """The recurring windows; an empty Validity allows every moment."""

    timeframe: Timeframe | None = None
    days_of_week: tuple[int, ...] | None = None
    daily_hours: tuple[DailyHours, ...] | None = None

    def __attrs_post_init__(self) -> None:
        if self.days_of_week is not None:
            _days("validity_day_of_week", self.days_of_week)

    def allows(self, moment: datetime, anchor: datetime | None) -> bool:
        # Without a start date the timeframe counts from the object's creation (the anchor).
        if self.timeframe is not None and (
            anchor is None or not self.timeframe.allows(moment, anchor)
        ):
            return False
        if self.days_of_week and _weekday_sunday_zero(moment) not in self.days_of_week:
            return False
        if self.daily_hours:
            return any(window.allows(moment) for window in self.daily_hours)
        return True


ALWAYS = Validity()

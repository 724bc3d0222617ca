"""Session locks (DOMAIN.md 16.2): what a validation reserves until its redemption.

One `SessionLock` per voucher and session key holds one use (when the voucher's quantity is
limited), the gift credits and the loyalty points the validation would take. Live locks of
*other* sessions count against everyone: `Reservation` is what they hold on one voucher.
A lock ends when a redemption with its key succeeds, when it is released, or when the
Ledger's clock passes `expires_at` (an expired lock counts for nothing; it is tombstoned
lazily the next time its voucher is locked). The store port has no delete, so an ended
lock stays as a tombstone: `released_at` set, out of every index.

Sessions append no events: a lock is a reservation, not a ledger fact, and validation
traffic (which may open one on every page view of a checkout) would flood the outbox and
the customers' activities.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, ClassVar

import attrs

from ..model import errors, limits, rules
from ..model.voucher import Voucher
from ..ports import UnitOfWork


class SessionType(StrEnum):
    LOCK = "LOCK"


class TtlUnit(StrEnum):
    DAYS = "DAYS"
    HOURS = "HOURS"
    MICROSECONDS = "MICROSECONDS"
    MILLISECONDS = "MILLISECONDS"
    MINUTES = "MINUTES"
    NANOSECONDS = "NANOSECONDS"
    SECONDS = "SECONDS"


_UNIT_SECONDS = {
    TtlUnit.DAYS: 86_400,
    TtlUnit.HOURS: 3_600,
    TtlUnit.MINUTES: 60,
    TtlUnit.SECONDS: 1,
}
_SUBSECOND = {TtlUnit.MILLISECONDS: 1_000, TtlUnit.MICROSECONDS: 10**6, TtlUnit.NANOSECONDS: 10**9}

DEFAULT_TTL = 7
DEFAULT_TTL_UNIT = TtlUnit.DAYS


def ttl_microseconds(ttl: int, unit: TtlUnit) -> int:
    """`ttl` units in whole microseconds (nanoseconds round down), as an exact integer:
    a huge ttl is compared with the bound before it becomes a (bounded) timedelta."""
    if unit in _UNIT_SECONDS:
        return ttl * _UNIT_SECONDS[unit] * 10**6
    return ttl * 10**6 // _SUBSECOND[unit]


def ttl_duration(ttl: int, unit: TtlUnit) -> timedelta:
    """`ttl` units as a duration (nanoseconds round down to microseconds)."""
    return timedelta(microseconds=ttl_microseconds(ttl, unit))


@attrs.frozen(kw_only=True)
class SessionInput:
    """`session` of a validation or redemption: `{type: LOCK, key?, ttl?, ttl_unit?}`."""

    type: SessionType = SessionType.LOCK
    key: str | None = None
    ttl: int | None = None
    ttl_unit: TtlUnit | None = None

    def check(self) -> None:
        """The named bounds: 0 < ttl, duration ≤ SESSION_TTL_SECONDS_MAX, key length."""
        if self.key is not None and not 0 < len(self.key) <= limits.SESSION_KEY_LENGTH_MAX:
            raise errors.InvalidPayload(
                f"must be 1 to {limits.SESSION_KEY_LENGTH_MAX} characters", field="session.key"
            )
        ttl = DEFAULT_TTL if self.ttl is None else self.ttl
        if type(ttl) is not int or ttl <= 0:
            raise errors.InvalidPayload("must be an integer greater than 0", field="session.ttl")
        unit = self.ttl_unit or DEFAULT_TTL_UNIT
        if ttl_microseconds(ttl, unit) > limits.SESSION_TTL_SECONDS_MAX * 10**6:
            raise errors.InvalidPayload(
                f"must be at most {limits.SESSION_TTL_SECONDS_MAX // 86_400} days "
                f"(SESSION_TTL_SECONDS_MAX) in {unit.value}",
                field="session.ttl",
            )
        if ttl_microseconds(ttl, unit) <= 0:
            raise errors.InvalidPayload("is shorter than a microsecond", field="session.ttl")


@attrs.frozen
class Reservation:
    """What live locks of other sessions hold on one voucher."""

    uses: int = 0
    credits: int = 0
    points: int = 0


NOTHING_RESERVED = Reservation()


@attrs.frozen(kw_only=True)
class SessionLock:
    """One voucher's part of a session (`key`)."""

    unique_keys: ClassVar[tuple[str, ...]] = ("voucher_session",)
    index_keys: ClassVar[tuple[str, ...]] = ("live_voucher_id", "live_key")

    id: str = attrs.field(validator=rules.identifier)
    key: str = attrs.field(validator=rules.identifier)
    voucher_id: str = attrs.field(validator=rules.identifier)
    uses: int = attrs.field(default=0, validator=rules.count)
    credits: int = attrs.field(default=0, validator=rules.money)
    points: int = attrs.field(default=0, validator=rules.points)
    ttl: int = attrs.field(validator=rules.count)
    ttl_unit: TtlUnit = attrs.field(validator=rules.kind(TtlUnit))
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    expires_at: datetime = attrs.field(validator=rules.utc_datetime)
    released_at: datetime | None = attrs.field(default=None, validator=rules.utc_datetime)
    version: int = 0

    @property
    def voucher_session(self) -> str:
        return f"{self.voucher_id}/{self.key}"

    @property
    def live_voucher_id(self) -> str | None:
        return None if self.released_at is not None else self.voucher_id

    @property
    def live_key(self) -> str | None:
        return None if self.released_at is not None else self.key

    def holds_at(self, now: datetime) -> bool:
        return self.released_at is None and now < self.expires_at

    def end(self, at: datetime) -> SessionLock:
        return rules.evolve(self, released_at=at, version=self.version + 1)


def _reservable(voucher: Voucher) -> bool:
    limited = voucher.quantity is not None
    return limited or voucher.gift is not None or voucher.loyalty_card is not None


def live_locks(uow: UnitOfWork, voucher_id: str) -> Sequence[SessionLock]:
    bound = limits.SESSION_LOCKS_PER_VOUCHER_MAX
    return uow.select(SessionLock, "live_voucher_id", voucher_id, bound)


def reserved_by_others(
    uow: UnitOfWork, voucher: Voucher, now: datetime, own_key: str | None
) -> Reservation:
    """The uses, credits and points live locks of other sessions hold on `voucher`."""
    if not _reservable(voucher):
        return NOTHING_RESERVED
    uses = credits = points = 0
    for lock in live_locks(uow, voucher.id):
        if lock.key == own_key or not lock.holds_at(now):
            continue
        uses += lock.uses
        credits += lock.credits
        points += lock.points
    if uses == credits == points == 0:
        return NOTHING_RESERVED
    return Reservation(uses, credits, points)


def lock(
    uow: UnitOfWork,
    voucher: Voucher,
    session: SessionInput,
    key: str,
    held: Reservation,
    now: datetime,
    new_id: str,
) -> SessionLock:
    """Open or replace this voucher's part of session `key`; tombstone expired locks."""
    live = live_locks(uow, voucher.id)
    for other in live:
        if other.key != key and not other.holds_at(now):
            uow.replace(other.end(now))
    holding = sum(1 for other in live if other.key != key and other.holds_at(now))
    if holding >= limits.SESSION_LOCKS_PER_VOUCHER_MAX:
        raise errors.InvalidPayload(
            f"voucher {voucher.code} already has {holding} live session locks "
            "(SESSION_LOCKS_PER_VOUCHER_MAX)",
            field="session",
        )
    ttl = session.ttl or DEFAULT_TTL
    unit = session.ttl_unit or DEFAULT_TTL_UNIT
    fields: dict[str, Any] = {
        "uses": held.uses,
        "credits": held.credits,
        "points": held.points,
        "ttl": ttl,
        "ttl_unit": unit,
        "created_at": now,
        "expires_at": now + ttl_duration(ttl, unit),
        "released_at": None,
    }
    existing = uow.find(SessionLock, "voucher_session", f"{voucher.id}/{key}")
    if existing is not None:
        replaced = rules.evolve(existing, version=existing.version + 1, **fields)
        uow.replace(replaced)
        return replaced
    made = SessionLock(id=new_id, key=key, voucher_id=voucher.id, **fields)
    uow.add(made)
    return made


def end_session(uow: UnitOfWork, key: str, keep: set[str], now: datetime) -> None:
    """End the live locks of `key` on vouchers not in `keep` (a replaced session)."""
    for found in uow.select(SessionLock, "live_key", key, limits.SESSION_LOCKS_PER_VOUCHER_MAX):
        if found.voucher_id not in keep:
            uow.replace(found.end(now))


def consume(
    uow: UnitOfWork, key: str, voucher_ids: Sequence[str], now: datetime
) -> frozenset[str]:
    """A successful redemption with session `key` ends its locks on the vouchers it
    redeemed; the vouchers whose lock still held are those whose redemption used it."""
    used: set[str] = set()
    for voucher_id in voucher_ids:
        found = uow.find(SessionLock, "voucher_session", f"{voucher_id}/{key}")
        if found is not None and found.released_at is None:
            if found.holds_at(now):
                used.add(voucher_id)
            uow.replace(found.end(now))
    return frozenset(used)


def release(uow: UnitOfWork, code: str, key: str, now: datetime) -> None:
    """`DELETE /v1/vouchers/{code}/sessions/{sessionKey}`: 404 for an unknown voucher or
    no live session with that key on it (an expired one is gone already)."""
    voucher = uow.find(Voucher, "code", code) or uow.get(Voucher, code)
    if voucher is None:
        raise errors.ResourceNotFound(
            f"voucher {code}", field="code", resource_id=code, resource_type="voucher"
        )
    found = uow.find(SessionLock, "voucher_session", f"{voucher.id}/{key}")
    if found is None or not found.holds_at(now):
        raise errors.ResourceNotFound(
            f"session {key} on voucher {voucher.code}",
            field="sessionKey",
            resource_id=key,
            resource_type="session",
        )
    uow.replace(found.end(now))

"""Idempotent retries (AIP-155, STYLE P8): the same key and the same request give the first
outcome without redoing it; the same key with a different request is refused.

An `IdempotencyRecord` is written in the same unit of work as the change it guards, so a
crash leaves either both or neither. It keeps the first outcome: the result, or the
business failure that was recorded (`rf_`/`rrf_`). Failures that wrote nothing (a malformed
request, an unknown id) keep no record, so a corrected retry with the same key proceeds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar, TypeVar

import attrs

from ..model import errors, limits, rules
from ..model.context import RequestContext
from ..model.redemption import Channel, Redemption, RedemptionStatus
from ..model.redemption_rollback import RedemptionRollback
from ..ports import UnitOfWork
from . import request_forms
from .commands import (
    MemberRedemptionCommand,
    RedeemableOutcome,
    RedeemCommand,
    RedeemResult,
    RollbackCommand,
    StackedRollbackResult,
)
from .redeem import RedeemFailure
from .roll_back import RollbackFailure


@attrs.frozen(kw_only=True)
class RecordedFailure:
    """A business failure as first reported, enough to raise it again identically."""

    error_class: str
    details: str
    field: str | None = None
    resource_id: str | None = None
    resource_type: str | None = None
    redeemable_type: str | None = None
    redeemable_id: str | None = None

    @classmethod
    def of(cls, error: errors.RedemptionError) -> RecordedFailure:
        return cls(
            error_class=type(error).__name__,
            details=error.details,
            field=error.field,
            resource_id=error.resource_id,
            resource_type=error.resource_type,
            redeemable_type=error.redeemable_type,
            redeemable_id=error.redeemable_id,
        )

    def error(self) -> errors.RedemptionError:
        kind = getattr(errors, self.error_class, None)
        if not isinstance(kind, type) or not issubclass(kind, errors.RedemptionError):
            raise errors.InvariantViolation(f"unknown recorded error class {self.error_class}")
        return kind(
            self.details,
            field=self.field,
            resource_id=self.resource_id,
            resource_type=self.resource_type,
            redeemable_type=self.redeemable_type,
            redeemable_id=self.redeemable_id,
        )


def _key(_: object, __: object, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise rules.FieldError("idempotency_key", "must be a non-empty string")
    if len(value) > limits.IDEMPOTENCY_KEY_LENGTH_MAX:
        raise rules.FieldError(
            "idempotency_key", f"must be at most {limits.IDEMPOTENCY_KEY_LENGTH_MAX} characters"
        )


def _object(value: object) -> None:
    # A JSON object in every store: SQLite's codec cannot keep a list here (issue 8, D1).
    if not isinstance(value, Mapping):
        raise rules.FieldError("request", "must be a JSON object")


@attrs.frozen(kw_only=True)
class RedeemReference:
    """A redeem result by reference: the records it made, and what a rollback may change
    in them since (their metadata as first written), so the result is rebuilt exactly.

    Redemptions are records of facts: after their creation only `Redemption.roll_back`
    changes them (status, rollbacks, metadata merged, version), so the first state of each
    is the stored one with those undone."""

    redemption_ids: tuple[str, ...] = attrs.field(validator=attrs.validators.min_len(1))
    parent_id: str | None = None
    metadata: Mapping[str, Any] = attrs.field(factory=dict, validator=rules.metadata)
    inapplicable: tuple[RedeemableOutcome, ...] = ()
    skipped: tuple[RedeemableOutcome, ...] = ()

    @classmethod
    def of(cls, result: RedeemResult) -> RedeemReference:
        return cls(
            redemption_ids=tuple(record.id for record in result.redemptions),
            parent_id=result.parent.id if result.parent is not None else None,
            metadata=result.redemptions[0].metadata,
            inapplicable=result.inapplicable,
            skipped=result.skipped,
        )

    def result(self, uow: UnitOfWork) -> RedeemResult:
        children = tuple(self._first(uow, record_id) for record_id in self.redemption_ids)
        parent = self._first(uow, self.parent_id) if self.parent_id is not None else None
        return RedeemResult(
            redemptions=children,
            parent=parent,
            order=(parent or children[0]).order,
            inapplicable=self.inapplicable,
            skipped=self.skipped,
        )

    def _first(self, uow: UnitOfWork, record_id: str) -> Redemption:
        stored = uow.get(Redemption, record_id)
        if stored is None:
            raise errors.InvariantViolation(f"redemption {record_id} of a recorded key vanished")
        if stored.version == 0:
            return stored
        return rules.evolve(stored, status=RedemptionStatus.SUCCEEDED, rollbacks=(),
                            metadata=self.metadata, version=0)


@attrs.frozen(kw_only=True)
class IdempotencyRecord:
    """The first outcome of one operation under one idempotency key."""

    unique_keys: ClassVar[tuple[str, ...]] = ()
    index_keys: ClassVar[tuple[str, ...]] = ()

    id: str = attrs.field(validator=rules.identifier)
    """`operation` + ':' + the caller's key: keys are scoped per operation."""
    key: str = attrs.field(validator=_key)
    operation: str = attrs.field(validator=rules.identifier)
    request: Mapping[str, Any] = attrs.field(validator=lambda _, __, value: _object(value))
    """The request's canonical form (a JSON object), compared field by field on a retry."""
    fingerprint: str = attrs.field(validator=rules.identifier)
    created_at: datetime = attrs.field(validator=rules.utc_datetime)
    redeem_result: RedeemResult | None = None
    """A first result kept whole (written by releases before `redeem_reference`)."""
    redeem_reference: RedeemReference | None = None
    redemption: Redemption | None = None
    rollback: RedemptionRollback | None = None
    stacked_rollback: StackedRollbackResult | None = None
    failure: RecordedFailure | None = None
    created: tuple[str, ...] = ()
    """A catalog call's outcome: the ids of what it created, read back on a retry."""
    version: int = 0

    def __attrs_post_init__(self) -> None:
        outcomes = [
            self.redeem_result,
            self.redeem_reference,
            self.redemption,
            self.rollback,
            self.stacked_rollback,
            self.failure,
            self.created or None,
        ]
        if sum(outcome is not None for outcome in outcomes) != 1:
            raise rules.FieldError("outcome", "exactly one outcome is recorded")

    def outcome(self, uow: UnitOfWork) -> Any:
        """The first result, or raise the first failure again."""
        if self.failure is not None:
            raise self.failure.error()
        if self.redeem_reference is not None:
            return self.redeem_reference.result(uow)
        return self.redeem_result or self.redemption or self.rollback or self.stacked_rollback


def catalog_form(value: Any) -> Any:
    """The plain form of a catalog request (a rare call): its attrs fields, reflected.

    The guarded redemption commands have forms of their own (request_forms.py)."""
    if attrs.has(type(value)):
        return {
            field.name: catalog_form(getattr(value, field.name))
            for field in attrs.fields(type(value))
        }
    if isinstance(value, Mapping):
        return {str(key): catalog_form(item) for key, item in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        items = [catalog_form(item) for item in value]
        # A set (an update's given fields) is sorted, so one request has one fingerprint.
        return sorted(items, key=repr) if isinstance(value, frozenset | set) else items
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | datetime):
        return str(value)
    return value


_FORMS: dict[type[Any], Callable[[Any], dict[str, Any]]] = {
    RedeemCommand: request_forms.redeem_form,
    RollbackCommand: request_forms.rollback_form,
    MemberRedemptionCommand: request_forms.member_redemption_form,
}


def canonical(command: Any) -> tuple[dict[str, Any], str]:
    """The command's plain form and its SHA-256 fingerprint."""
    form = _FORMS.get(type(command))
    plain = form(command) if form is not None else catalog_form(command)
    if not isinstance(plain, dict):
        raise errors.InvariantViolation(f"a guarded request must be an object: {command!r}")
    text = json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return plain, hashlib.sha256(text.encode()).hexdigest()


def compact(plain: Any) -> Any:
    """A plain form without its unset (None) members: what a key stores of its request.

    The fingerprint is taken over the whole form; the stored form only names the field
    that differs on a refused retry, and an unset member reads as None either way."""
    if isinstance(plain, Mapping):
        return {name: compact(value) for name, value in plain.items() if value is not None}
    if isinstance(plain, list):
        return [compact(item) for item in plain]
    return plain


def first_difference(stored: Any, given: Any, path: str = "") -> str:
    """The first field (a path like `redeemables[0].credits`) where two requests differ."""
    if isinstance(stored, Mapping) and isinstance(given, Mapping):
        for name in sorted(set(stored) | set(given)):
            if stored.get(name) != given.get(name):
                prefix = f"{path}.{name}" if path else name
                return first_difference(stored.get(name), given.get(name), prefix)
    if isinstance(stored, list) and isinstance(given, list) and len(stored) == len(given):
        for index, (left, right) in enumerate(zip(stored, given, strict=True)):
            if left != right:
                return first_difference(left, right, f"{path}[{index}]")
    return path


C = TypeVar("C", RedeemCommand, RollbackCommand, MemberRedemptionCommand)
T = TypeVar("T")


def guard(
    operation: str,
    key: str | None,
    command: C,
    use_case: Callable[[UnitOfWork, C, RequestContext], T],
) -> Callable[[UnitOfWork, RequestContext], T]:
    """`use_case` guarded by an idempotency key, in the same unit of work as its writes:
    the first outcome is recorded, a retry gets it back, a changed request is refused."""

    def run(uow: UnitOfWork, ctx: RequestContext) -> T:
        if key is None:
            return use_case(uow, command, ctx)
        channel = command.channel or ctx.channel
        record_id, plain, fingerprint = _key_record(operation, key, command, channel)
        found = uow.get(IdempotencyRecord, record_id)
        if found is not None:
            _same_request(found, key, plain, fingerprint)
            replayed: T = found.outcome(uow)
            return replayed
        outcome = use_case(uow, command, ctx)
        uow.add(_record(record_id, key, operation, plain, fingerprint, ctx, outcome))
        return outcome

    return run


def _record(
    record_id: str,
    key: str,
    operation: str,
    plain: dict[str, Any],
    fingerprint: str,
    ctx: RequestContext,
    outcome: object,
) -> IdempotencyRecord:
    results: dict[str, Any] = {}
    if isinstance(outcome, RedeemFailure | RollbackFailure):
        results["failure"] = RecordedFailure.of(outcome.error)
    elif isinstance(outcome, RedeemResult):
        results["redeem_reference"] = RedeemReference.of(outcome)
    elif isinstance(outcome, Redemption):
        results["redemption"] = outcome
    elif isinstance(outcome, RedemptionRollback):
        results["rollback"] = outcome
    elif isinstance(outcome, StackedRollbackResult):
        results["stacked_rollback"] = outcome
    return IdempotencyRecord(
        id=record_id,
        key=key,
        operation=operation,
        request=compact(plain),
        fingerprint=fingerprint,
        created_at=ctx.now,
        **results,
    )


def guard_creation(
    operation: str,
    key: str | None,
    request: object,
    channel: Channel | None,
    work: Callable[[UnitOfWork, RequestContext], T],
    *,
    ids: Callable[[T], tuple[str, ...]],
    load: Callable[[UnitOfWork, tuple[str, ...]], T],
) -> Callable[[UnitOfWork, RequestContext], T]:
    """A catalog call guarded by an idempotency key: a retry reads back what was created."""

    def run(uow: UnitOfWork, ctx: RequestContext) -> T:
        if key is None:
            return work(uow, ctx)
        record_id, plain, fingerprint = _key_record(operation, key, request, channel or ctx.channel)
        found = uow.get(IdempotencyRecord, record_id)
        if found is not None:
            _same_request(found, key, plain, fingerprint)
            return load(uow, found.created)
        made = work(uow, ctx)
        uow.add(
            IdempotencyRecord(
                id=record_id,
                key=key,
                operation=operation,
                request=compact(plain),
                fingerprint=fingerprint,
                created_at=ctx.now,
                created=ids(made),
            )
        )
        return made

    return run


def _key_record(
    operation: str, key: str, request: object, channel: Channel
) -> tuple[str, dict[str, Any], str]:
    """The record id of `key` (scoped by operation and channel) and the request's form."""
    if not key or len(key) > limits.IDEMPOTENCY_KEY_LENGTH_MAX:
        raise errors.InvalidPayload(
            f"must be 1 to {limits.IDEMPOTENCY_KEY_LENGTH_MAX} characters",
            field="idempotency_key",
        )
    if not rules.is_text(key):  # refused here, before the record's own check is a 500
        raise errors.InvalidPayload(rules.LONE_SURROGATE_RULE, field="idempotency_key")
    plain, fingerprint = canonical(request)
    return f"{operation}:{channel.channel_id}:{key}", plain, fingerprint


def _same_request(
    found: IdempotencyRecord, key: str, plain: dict[str, Any], fingerprint: str
) -> None:
    if found.fingerprint != fingerprint:
        differs = first_difference(compact(found.request), compact(plain))
        raise errors.IdempotencyKeyReused(
            f"key {key!r} was first used with a different {differs}", field=differs
        )


def guard_replay(
    operation: str,
    key: str | None,
    request: object,
    channel: Channel | None,
    work: Callable[[UnitOfWork, RequestContext, tuple[str, ...]], T],
    *,
    ids: Callable[[T], tuple[str, ...]],
) -> Callable[[UnitOfWork, RequestContext], T]:
    """A call whose first outcome is a set of ids to reuse rather than a stored result (a
    validation's session key): a retry runs `work` again with the ids the first call
    recorded; a call that recorded no ids (nothing it must repeat) keeps no record."""

    def run(uow: UnitOfWork, ctx: RequestContext) -> T:
        if key is None:
            return work(uow, ctx, ())
        record_id, plain, fingerprint = _key_record(operation, key, request, channel or ctx.channel)
        found = uow.get(IdempotencyRecord, record_id)
        if found is not None:
            _same_request(found, key, plain, fingerprint)
            return work(uow, ctx, found.created)
        made = work(uow, ctx, ())
        created = ids(made)
        if created:
            uow.add(
                IdempotencyRecord(
                    id=record_id,
                    key=key,
                    operation=operation,
                    request=plain,
                    fingerprint=fingerprint,
                    created_at=ctx.now,
                    created=created,
                )
            )
        return made

    return run

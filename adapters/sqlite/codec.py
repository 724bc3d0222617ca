"""Entities to JSON row bodies and back, through one private cattrs converter.

Why a converter of our own (STYLE P14): the row format must not change when another adapter
tunes its wire converter, and reading must be strict. A stored body holds exactly what this
module wrote, so anything else is corruption: an integer stored as `"5"` or `5.0`, an
unknown key, a naive date-time. Structuring goes through each attrs class's `__init__`, so
the domain validators run again on every read (STYLE P5) and a broken row raises instead of
becoming a wrong balance three calls later.

Shapes: date-times are ISO 8601 in UTC with microseconds, Decimals are strings (exact),
StrEnums are their values, tuples are arrays, mappings are objects. `id` and `version` live
in their own columns and are left out of the body, so the two can never disagree.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Final, Protocol

import attrs
import cattrs
import cattrs.v
import msgspec
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from . import snapshots

__all__ = ["BodyError", "EntityCodec", "SnapshotStore", "iso_utc", "make_converter"]

_COLUMN_FIELDS: Final = ("id", "version")
"""Fields kept in their own columns rather than in the JSON body."""

_ENCODER: Final = msgspec.json.Encoder()
_DECODER: Final = msgspec.json.Decoder()
"""The JSON text of bodies: msgspec, measured against the standard library and orjson in
bench/bench_codec.py (7-10x the standard library writing, 2-3x reading). Not orjson,
though about twice as fast again: it reads an integer past 64 bits back as a float, and
metadata may hold one; msgspec keeps every integer exact both ways. Like
`json.dumps(allow_nan=False)` it must never see NaN, which the metadata rule refuses
before anything reaches a store."""


class SnapshotStore(snapshots.Keeper, Protocol):
    """Where a unit of work keeps the snapshots its rows reference (snapshots.py)."""

    def snapshot_text(self, digest: bytes) -> str | None:
        """The stored text of `digest`, or None."""


class BodyError(ValueError):
    """A stored body is not a valid entity; `details` says where and why."""

    def __init__(self, details: str) -> None:
        self.details = details
        super().__init__(details)


def _exactly(kind: type[Any]) -> Callable[[Any, Any], Any]:
    """A structure hook that accepts only values whose type is exactly `kind`.

    cattrs' default would call `int("5")` or `int(5.7)`; a row must never be coerced. The
    hook is registered by class, so enums based on `kind` (StrEnum) reach it too and are
    passed on to the enum rule.
    """

    def structure(value: Any, wanted: Any) -> Any:
        if wanted is not kind and _is_enum(wanted):
            return _enum_from_value(value, wanted)
        if type(value) is not kind:
            raise TypeError(f"must be {kind.__name__}, found {type(value).__name__}")
        return value

    return structure


@functools.lru_cache(maxsize=4096)
def iso_utc(moment: datetime) -> str:
    """A date-time as fixed-width ISO 8601 in UTC with microseconds: text order is time order.

    Cached: one unit of work writes its one instant into about a dozen rows and columns,
    and formatting it was 6% of a SQLite redemption's instructions (equal instants in any
    zone hash alike and print alike in UTC, so an entry is never wrong).
    """
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _datetime_from_text(value: Any, _: Any) -> datetime:
    if type(value) is not str:
        raise TypeError(f"must be an ISO 8601 string, found {type(value).__name__}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"date-time {value!r} has no timezone")
    return parsed


def _decimal_from_text(value: Any, _: Any) -> Decimal:
    if type(value) is not str:
        raise TypeError(f"a decimal must be stored as a string, found {type(value).__name__}")
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise ValueError(f"{value!r} is not a decimal number") from error


def _mapping_from_json(value: Any, _: Any) -> dict[str, Any]:
    # Mappings here are free-form JSON objects (metadata, addresses): kept as parsed.
    if type(value) is not dict:
        raise TypeError(f"must be a JSON object, found {type(value).__name__}")
    return value


def _enum_from_value(value: Any, kind: type[Enum]) -> Enum:
    if type(value) not in (str, int):
        raise TypeError(f"must be a {kind.__name__} value, found {type(value).__name__}")
    return kind(value)


def make_converter(
    snapshot_kinds: Mapping[type[Any], frozenset[str]] | None = None,
) -> cattrs.Converter:
    """The converter that owns every row body shape; private to the SQLite adapter.

    With `snapshot_kinds`, an embedded object of those kinds becomes a reference while an
    encode has a snapshot store (snapshots.py); without, every body is whole.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for kind in (int, str, bool, float):
        converter.register_structure_hook(kind, _exactly(kind))
    converter.register_unstructure_hook(datetime, iso_utc)
    converter.register_structure_hook(datetime, _datetime_from_text)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, _decimal_from_text)
    converter.register_unstructure_hook_func(_is_enum, lambda value: value.value)
    converter.register_structure_hook_func(_is_enum, _enum_from_value)
    converter.register_unstructure_hook_func(_is_mapping, dict)
    converter.register_structure_hook_func(_is_mapping, _mapping_from_json)
    converter.register_unstructure_hook_factory(
        attrs.has, _remembering(converter, snapshot_kinds or {})
    )
    # Reading always resolves references, also with a converter that writes none.
    converter.register_structure_hook_factory(
        lambda kind: kind in snapshots.INLINE_FIELDS, _resolving(converter)
    )
    return converter


def _resolving(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """Structure hooks of the snapshot kinds that resolve a stored reference first."""

    def factory(kind: Any) -> Callable[[Any, Any], Any]:
        plain = make_dict_structure_fn(kind, converter)

        def structure(value: Any, wanted: Any) -> Any:
            if type(value) is dict and snapshots.REFERENCE_KEY in value:
                load: Callable[[str], dict[str, Any]] | None = getattr(_memo, "load", None)
                if load is None:
                    raise ValueError("a snapshot reference, which this store does not keep")
                value = snapshots.resolve(value, load)
            return plain(value, wanted)

        return structure

    return factory


_memo = threading.local()
"""Of the `encode` running on this thread: `active`, its memo; `store`, where snapshots
go (None: embed them whole); `top`, the entity being encoded (never a reference). Of the
`decode` running: `load`, how a referenced snapshot is read."""


def _remembering(
    converter: cattrs.Converter, snapshot_kinds: Mapping[type[Any], frozenset[str]]
) -> Callable[[Any], Callable[[Any], Any]]:
    """Unstructure hooks for attrs classes that reuse what this encode memo already holds.

    One unit of work encodes the same objects several times: a redemption embeds the
    voucher just replaced, its event embeds the redemption just added. Frozen objects
    always unstructure alike, so the first result is reused, keyed by identity (the memo
    keeps the object alive, so its id cannot be reused by another).
    """

    def factory(kind: Any) -> Callable[[Any], Any]:
        # Fields at their default are left out: a snapshot's many unset fields cost no
        # bytes, and reading fills them back in from the class (a row written before,
        # with every key, reads the same).
        plain = make_dict_unstructure_fn(kind, converter, _cattrs_omit_if_default=True)

        def unstructure(value: Any) -> Any:
            active: dict[int, tuple[Any, Any]] | None = getattr(_memo, "active", None)
            if active is None:
                return plain(value)
            known = active.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            fields = plain(value)
            active[id(value)] = (value, fields)
            return fields

        inline = snapshot_kinds.get(kind)
        if inline is None:
            return unstructure

        def referenced(value: Any) -> Any:
            fields = unstructure(value)
            store: SnapshotStore | None = getattr(_memo, "store", None)
            if store is None or value is getattr(_memo, "top", None):
                return fields
            return snapshots.split(fields, inline, _ENCODER.encode, store)

        return referenced

    return factory


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, Enum)


def _is_mapping(kind: Any) -> bool:
    origin = getattr(kind, "__origin__", None)
    return origin is Mapping or origin is dict


TRUSTED_ROWS_MAX: Final = 4_096
"""Rows this store wrote, kept per process so that reading one back skips the decoding."""


class EntityCodec:
    """Encodes entities as row bodies and rebuilds them (validators included) from rows.

    Rows this process wrote are trusted: `encode_row` remembers the entity beside the
    exact text it stored, and `decode` hands the entity back when a row's version and
    text are still exactly those (the whole text is the integrity check, stronger than a
    checksum of it). Any other row, one written by another process or changed behind the
    store's back, goes through the constructors and their validators. The memory store
    hands back the very objects written to it too; this gives the SQLite store the same
    for its own rows, within a bounded number of them.
    """

    def __init__(
        self,
        converter: cattrs.Converter | None = None,
        *,
        snapshot_kinds: Mapping[type[Any], frozenset[str]] | None = None,
        shared_row_kinds: frozenset[type[Any]] = frozenset(),
    ) -> None:
        self._converter = converter or make_converter(snapshot_kinds)
        self._shared_rows = shared_row_kinds if snapshot_kinds else frozenset()
        # Reading resolves a shared row's reference whatever this codec writes.
        self._shared_row_kinds_read = snapshots.SHARED_ROW_KINDS
        self._trusted: dict[tuple[type[Any], str], tuple[int, str, Any]] = {}
        self._trusted_lock = threading.Lock()
        # Snapshot texts by digest: content-addressed, so an entry can never be stale.
        self._snapshot_texts: dict[bytes, str] = {}

    @property
    def converter(self) -> cattrs.Converter:
        return self._converter

    def encode(
        self,
        entity: Any,
        memo: dict[int, tuple[Any, Any]] | None = None,
        extra: Mapping[str, Any] | None = None,
        store: SnapshotStore | None = None,
        columns: Mapping[str, Any] | None = None,
    ) -> str:
        """The JSON body of `entity`, without the `id` and `version` columns.

        `memo` (one per unit of work) lets objects encoded earlier in the unit be reused;
        `extra` adds keys that are not fields of the class (event references); `store`
        takes the snapshots the body references (none: they are embedded whole);
        `columns` are the row's columns that hold a field's very text, left out of the
        body and put back by `decode` from the same columns.
        """
        previous = (getattr(_memo, "active", None), getattr(_memo, "store", None),
                    getattr(_memo, "top", None))
        _memo.active, _memo.store, _memo.top = memo, store, entity
        try:
            # A copy: the memo may hand this same dict to a later, nesting encode.
            fields = dict(self._converter.unstructure(entity))
        finally:
            _memo.active, _memo.store, _memo.top = previous
        if store is not None and type(entity) in self._shared_rows:
            # The row is the snapshot records embed: id and version included, so the two
            # are one text; reading checks them against the columns.
            fields = snapshots.split(fields, frozenset(), _ENCODER.encode, store, delta=False)
        for name in _COLUMN_FIELDS:
            fields.pop(name, None)  # `version` 0 is a default, so already left out
        if columns:
            for name, value in columns.items():
                held = fields.pop(name, None)
                if held != value:
                    raise BodyError(f"column {name} holds {value!r}, the field {held!r}")
        if extra:
            fields.update(extra)
        return _ENCODER.encode(fields).decode()

    def encode_row(
        self,
        entity: Any,
        memo: dict[int, tuple[Any, Any]] | None = None,
        store: SnapshotStore | None = None,
        columns: Mapping[str, Any] | None = None,
    ) -> str:
        """`encode` for an entity row this store writes, remembered as trusted."""
        text = self.encode(entity, memo, store=store, columns=columns)
        self._remember(type(entity), entity.id, entity.version, text, entity)
        return text

    def decode(
        self, kind: type[Any], entity_id: str, version: int, body: str,
        store: SnapshotStore | None = None, columns: Mapping[str, Any] | None = None,
    ) -> Any:
        """Rebuild an entity from its row; `BodyError` when the row is not a valid entity."""
        known = self._trusted.get((kind, entity_id))
        if known is not None and known[0] == version and known[1] == body:
            return known[2]
        entity = self.decode_with(kind, entity_id, version, body, (), store, columns)[0]
        self._remember(kind, entity_id, version, body, entity)
        return entity

    def _remember(self, kind: type[Any], entity_id: str, version: int, text: str,
                  entity: Any) -> None:
        with self._trusted_lock:
            trusted = self._trusted
            trusted.pop((kind, entity_id), None)  # re-inserted last: the newest are kept
            trusted[(kind, entity_id)] = (version, text, entity)
            if len(trusted) > TRUSTED_ROWS_MAX:
                del trusted[next(iter(trusted))]

    def decode_with(
        self, kind: type[Any], entity_id: str, version: int, body: str, extra: tuple[str, ...],
        store: SnapshotStore | None = None, columns: Mapping[str, Any] | None = None,
    ) -> tuple[Any, dict[str, Any]]:
        """`decode`, also taking out the `extra` keys (those present), returned raw;
        `columns` put back the fields `encode` left to them (a body written before holds
        them itself)."""
        try:
            fields = _DECODER.decode(body)
        except (TypeError, ValueError, msgspec.MsgspecError) as error:
            raise BodyError(f"body is not JSON: {error}") from error
        if type(fields) is not dict:
            raise BodyError(f"body must be a JSON object, found {type(fields).__name__}")
        for name in _COLUMN_FIELDS:
            if name in fields:
                raise BodyError(f"body repeats the {name!r} column")
        # A snapshot the store could not read (busy, unreachable) says nothing about the
        # row: that error leaves as itself, never as a corrupt row (cattrs would wrap it).
        unread: list[Exception] = []
        if snapshots.REFERENCE_KEY in fields and kind in self._shared_row_kinds_read:
            fields = self._shared_row(fields, store, entity_id, version, unread)
        if columns:
            for name, value in columns.items():
                if value is not None:
                    fields.setdefault(name, value)
        taken = {name: fields.pop(name) for name in extra if name in fields}
        fields["id"] = entity_id
        fields["version"] = version
        previous = getattr(_memo, "load", None)
        _memo.load = (lambda digest: self._snapshot(store, digest, unread)) if store else None
        try:
            return self._converter.structure(fields, kind), taken
        except BodyError:
            raise
        except Exception as error:
            if unread:
                raise unread[0] from error
            # Anything a constructor or hook raises means the row is not a valid entity;
            # it is re-raised with a readable path, never swallowed.
            raise BodyError(_describe(error)) from error
        finally:
            _memo.load = previous

    def _shared_row(
        self, fields: dict[str, Any], store: SnapshotStore | None, entity_id: str, version: int,
        unread: list[Exception],
    ) -> dict[str, Any]:
        """A shared row's body (an order, a customer): its snapshot, which names its own id
        and version, checked against the columns."""
        if store is None:
            raise BodyError("body references a snapshot, which this store does not keep")
        try:
            resolved = snapshots.resolve(
                fields, lambda digest: self._snapshot(store, digest, unread)
            )
        except BodyError:
            raise
        except (TypeError, ValueError) as error:
            if unread:
                raise unread[0] from error
            raise BodyError(f"the row's snapshot reference: {error}") from error
        found = (resolved.pop("id", None), resolved.pop("version", 0))
        if found != (entity_id, version):
            raise BodyError(
                f"the row's snapshot is of {found[0]!r} version {found[1]!r}, not of "
                f"{entity_id!r} version {version}"
            )
        return resolved

    def _snapshot(
        self, store: SnapshotStore, hex_digest: str, unread: list[Exception]
    ) -> dict[str, Any]:
        """A fresh dict of the snapshot `hex_digest`, checked against its digest; a store
        error reading it is also appended to `unread`, for the caller to raise as itself."""
        try:
            digest = bytes.fromhex(hex_digest)
        except ValueError as error:
            raise BodyError(f"snapshot reference {hex_digest!r} is not a hex digest") from error
        text = self._snapshot_texts.get(digest)
        if text is None:
            try:
                text = store.snapshot_text(digest)
            except Exception as error:
                unread.append(error)
                raise
            if text is None:
                raise BodyError(f"snapshot {hex_digest} is not stored")
            if snapshots.digest_of(text.encode()) != digest:
                raise BodyError(f"snapshot {hex_digest} does not match its digest")
            with self._trusted_lock:
                if len(self._snapshot_texts) >= TRUSTED_ROWS_MAX:
                    del self._snapshot_texts[next(iter(self._snapshot_texts))]
                self._snapshot_texts[digest] = text
        fields = _DECODER.decode(text)
        if type(fields) is not dict:
            raise BodyError(f"snapshot {hex_digest} is not a JSON object")
        return fields


def _describe(error: Exception) -> str:
    if isinstance(error, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(error, path="$", format_exception=_reason))
    return f"$: {_reason(error, None)}"


def _reason(error: BaseException, expected: type | None) -> str:
    """The rule a value broke, in the words of the hook or validator that rejected it."""
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        return f"unknown fields ({', '.join(sorted(error.extra_fields))})"
    if isinstance(error, (ValueError, TypeError)) and str(error):
        return f"{type(error).__name__}: {error}"
    return cattrs.v.format_exception(error, expected)

"""The strict request side of the JSON adapter: one private cattrs converter (STYLE P14, P15).

Voucherify bodies are plain JSON, so the converter accepts exactly what a JSON parser yields
for each declared type and nothing that merely coerces to it: `20.0`, `"20"` and `true` are
not integers here, and a key the Voucherify schema does not define for that body is an error.
Every problem is collected, not just the first, and reported as a `Violation` whose `path`
is a JSON path from the body root (`$.redeemables[1].gift.credits`). A missing key and an
explicit `null` mean the same thing (DOMAIN.md, conventions).
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Final, Literal, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from redemption_core.domain.model import limits, rules

__all__ = [
    "MUST_BE_OBJECT",
    "REQUIRED",
    "UNKNOWN_KEY",
    "RequestPayloadError",
    "RuleError",
    "Violation",
    "configure_converter",
    "make_converter",
    "structure_request",
]

T = TypeVar("T")
_Hook = Callable[[Any, Any], Any]

UNKNOWN_KEY: Final = "unknown key (not part of the Voucherify schema for this body)"
REQUIRED: Final = "required"
MUST_BE_OBJECT: Final = "must be a JSON object"
_MUST_BE_ARRAY: Final = "must be a JSON array"
_MUST_BE_DATETIME: Final = (
    "must be an ISO 8601 date-time with Z or an offset (2021-12-22T10:13:06.487Z), "
    "or a date (2016-11-16)"
)

_DECIMAL_DIGITS_MAX: Final = 28

# The discriminating key of Voucherify's polymorphic request objects (redeemables).
_TAG: Final = "object"

# re.ASCII throughout: a str pattern's \d also matches other scripts' digits, which JSON
# numbers and ISO 8601 never use (and Decimal would happily accept).
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# fromisoformat alone also takes week dates, basic formats and naive times; the wire is
# RFC 3339-like, and a time without an offset would silently mean local time.
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})", re.ASCII
)


@attrs.frozen
class Violation:
    """One problem in a request body: where (`$`-rooted JSON path) and which rule broke."""

    path: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}: {self.rule}"


class RequestPayloadError(Exception):
    """A request body does not match its Voucherify schema; nothing was changed."""

    def __init__(self, violations: Iterable[Violation]) -> None:
        self.violations: tuple[Violation, ...] = tuple(violations)
        super().__init__("; ".join(str(violation) for violation in self.violations))


class RuleError(ValueError):
    """A value broke one or more rules; each entry is (field relative to the value, rule).

    Hooks raise it with an empty field for the value itself; request classes raise it from
    `__attrs_post_init__` for cross-field rules, naming fields like `voucher.type`.
    """

    def __init__(self, *rules: tuple[str, str]) -> None:
        self.rules = rules
        super().__init__("; ".join(f"{field or '.'}: {rule}" for field, rule in rules))


def _rule(rule: str) -> RuleError:
    return RuleError(("", rule))


# -- scalar hooks -------------------------------------------------------------------------
# `type(value) is X` rather than isinstance: bool is an int subclass in Python, not in JSON.


def _structure_int(value: object, _: object) -> int:
    if type(value) is int:
        # The Ledger's bound on any integer, here to name the body's path; each field's
        # own rule (money, points) is tighter and checked in the domain.
        if -limits.INTEGER_MAGNITUDE_MAX <= value <= limits.INTEGER_MAGNITUDE_MAX:
            return value
        raise _rule(rules.INTEGER_RULE)
    raise _rule("must be an integer")


def _structure_str(value: object, _: object) -> str:
    if type(value) is str:
        if value.isascii() or rules.is_text(value):
            return value
        raise _rule(rules.LONE_SURROGATE_RULE)
    raise _rule("must be a string")


def _structure_bool(value: object, _: object) -> bool:
    if type(value) is bool:
        return value
    raise _rule("must be a boolean")


def _structure_decimal(value: object, _: object) -> Decimal:
    # str() of a float is its shortest round-trip form, so 0.1 stays 0.1, not 0.1000000000000000055.
    if type(value) is int:
        # Not via str(): Python refuses to print an integer of 4,301+ digits (issue 8).
        candidate = Decimal(value)
    elif type(value) is float:
        candidate = Decimal(str(value))
    elif type(value) is str and _NUMBER.fullmatch(value):
        candidate = Decimal(value)
    else:
        raise _rule("must be a number or a numeric string")
    if not candidate.is_finite():
        raise _rule("must be a finite number")
    # A bound keeps later Decimal arithmetic inside the default context (28 digits), where
    # 1e999999 would raise Overflow deep in the domain instead of here.
    exponent = candidate.as_tuple().exponent
    if candidate.adjusted() < _DECIMAL_DIGITS_MAX and int(exponent) >= -_DECIMAL_DIGITS_MAX:
        return candidate
    raise _rule(
        f"must be below 1e{_DECIMAL_DIGITS_MAX} with at most {_DECIMAL_DIGITS_MAX} decimals"
    )


def _structure_datetime(value: object, _: object) -> datetime:
    if type(value) is not str:
        raise _rule(_MUST_BE_DATETIME)
    if _DATE_ONLY.fullmatch(value):
        return datetime.combine(_parse_date(value), datetime.min.time(), tzinfo=UTC)
    if _DATE_TIME.fullmatch(value):
        try:
            return datetime.fromisoformat(value).astimezone(UTC)
        except ValueError:
            raise _rule(_MUST_BE_DATETIME) from None
    raise _rule(_MUST_BE_DATETIME)


def _structure_date(value: object, _: object) -> date:
    if type(value) is str and _DATE_ONLY.fullmatch(value):
        return _parse_date(value)
    raise _rule("must be a date (YYYY-MM-DD)")


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _rule("must be a real calendar date (YYYY-MM-DD)") from None


def _structure_json_object(value: object, _: object) -> dict[str, Any]:
    # Free-form objects (metadata) keep their content as sent; only the outer shape is ours,
    # and the content must be JSON a store can keep (depth, finite numbers, Unicode text).
    if type(value) is dict and all(type(key) is str for key in value):
        _json_value(value)
        return dict(value)
    raise _rule(MUST_BE_OBJECT)


def _structure_opaque(value: object, _: object) -> object:
    # Documented keys we accept but do not interpret (see requests.IGNORED_KEYS): ignored,
    # but still held to the rules of any free JSON.
    _json_value(value)
    return value


_JSON_SUFFIX: Final = "$"
"""Marks a RuleError field that is already a JSON path suffix (`.a[0]["b c"]`)."""


def _json_value(value: object) -> None:
    try:
        rules.check_json("", value)
    except rules.FieldError as error:
        suffix = error.field if error.field.startswith("[") or not error.field else (
            "." + error.field
        )
        raise RuleError((_JSON_SUFFIX + suffix, error.rule)) from error


# -- predicates and hook factories ----------------------------------------------------------


# The JSON kinds a union may mix with one object class (`CustomerRequest | str`).
_KIND_NAMES: Final[dict[type, str]] = {str: "a string", int: "an integer", bool: "a boolean"}


def _is_json_object_type(type_: object) -> bool:
    return type_ == dict[str, Any]


def _is_opaque_type(type_: object) -> bool:
    return type_ is object


def _is_literal(type_: object) -> bool:
    return get_origin(type_) is Literal


def _is_sequence(type_: object) -> bool:
    origin = get_origin(type_)
    if origin is list:
        return True
    if origin is tuple:
        return get_args(type_)[1:] == (Ellipsis,)
    return False


def _is_attrs_class(type_: object) -> bool:
    return isinstance(type_, type) and attrs.has(type_)


def _union_members(type_: object) -> tuple[Any, ...]:
    """The non-None members of a union with at least two of them, else ()."""
    if get_origin(type_) not in (Union, types.UnionType):
        return ()
    members = tuple(arg for arg in get_args(type_) if arg is not type(None))
    return members if len(members) > 1 else ()


def _is_tagged_union(type_: object) -> bool:
    members = _union_members(type_)
    return bool(members) and all(_is_attrs_class(member) for member in members)


def _is_kind_union(type_: object) -> bool:
    members = _union_members(type_)
    classes = [member for member in members if _is_attrs_class(member)]
    scalars = [member for member in members if member in _KIND_NAMES]
    return bool(members) and len(classes) <= 1 and len(classes) + len(scalars) == len(members)


def _literal_hook(type_: Any, _: cattrs.Converter) -> _Hook:
    allowed = get_args(type_)
    rule = "must be one of: " + ", ".join(str(choice) for choice in allowed)

    def structure(value: object, _: object) -> object:
        # Compare types too: JSON true must not pass as the day-of-week 1.
        for choice in allowed:
            if type(value) is type(choice) and value == choice:
                return value
        raise _rule(rule)

    return structure


def _sequence_hook(type_: Any, converter: cattrs.Converter) -> _Hook:
    element_type = get_args(type_)[0]
    element_hook = converter.get_structure_hook(element_type)
    build: Callable[[list[Any]], Any] = tuple if get_origin(type_) is tuple else list

    def structure(value: object, _: object) -> Any:
        # cattrs would iterate any iterable; a JSON string or object is not an array.
        if type(value) is not list:
            raise _rule(_MUST_BE_ARRAY)
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(element_hook(item, element_type))
            except Exception as error:  # collected and reported with its index, like cattrs
                note = IterableValidationNote(f"@ index {index}", index, element_type)
                error.__notes__ = [*getattr(error, "__notes__", []), note]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {type_!r}", errors, type_)
        return build(items)

    return structure


def _attrs_hook(cls: Any, converter: cattrs.Converter) -> _Hook:
    inner = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
    )
    known = frozenset(field.name for field in attrs.fields(cls))

    def structure(value: object, _: object) -> Any:
        if type(value) is not dict:
            raise _rule(MUST_BE_OBJECT)
        # null means "not sent"; an unknown key stays even when null so it is still reported.
        present = {key: item for key, item in value.items() if item is not None or key not in known}
        return inner(present, cls)

    return structure


def _tagged_union_hook(type_: Any, converter: cattrs.Converter) -> _Hook:
    by_tag = {_tag_of(member): member for member in _union_members(type_)}
    hooks = {tag: converter.get_structure_hook(member) for tag, member in by_tag.items()}
    allowed = ", ".join(by_tag)

    def structure(value: object, _: object) -> Any:
        if type(value) is not dict:
            raise _rule(MUST_BE_OBJECT)
        tag = value.get(_TAG)
        if type(tag) is str and tag in by_tag:
            return hooks[tag](value, by_tag[tag])
        if tag is None:
            raise RuleError((_TAG, f"{REQUIRED}; must be one of: {allowed}"))
        raise RuleError((_TAG, f"must be one of: {allowed}"))

    return structure


def _tag_of(cls: Any) -> str:
    default = attrs.fields_dict(cls)[_TAG].default
    if type(default) is str:
        return default
    raise TypeError(f"{cls.__name__}.{_TAG} needs its literal tag as default")


def _kind_union_hook(type_: Any, converter: cattrs.Converter) -> _Hook:
    members = _union_members(type_)
    by_kind: dict[type, Any] = {}
    for member in members:
        by_kind[dict if _is_attrs_class(member) else member] = member
    hooks = {kind: converter.get_structure_hook(member) for kind, member in by_kind.items()}
    names = [_KIND_NAMES.get(kind, "a JSON object") for kind in by_kind]
    rule = "must be " + " or ".join(names)

    def structure(value: object, _: object) -> Any:
        kind = type(value)
        if kind in hooks:
            return hooks[kind](value, by_kind[kind])
        raise _rule(rule)

    return structure


# -- the converter --------------------------------------------------------------------------


def configure_converter(converter: cattrs.Converter) -> None:
    """Install the strict JSON request hooks on `converter` (the preconf pattern)."""
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook_func(_is_json_object_type, _structure_json_object)
    converter.register_structure_hook_func(_is_opaque_type, _structure_opaque)
    # Factories registered later win, so these replace cattrs' own list, attrs and union logic.
    converter.register_structure_hook_factory(_is_literal, _literal_hook)
    converter.register_structure_hook_factory(_is_sequence, _sequence_hook)
    converter.register_structure_hook_factory(_is_attrs_class, _attrs_hook)
    converter.register_structure_hook_factory(_is_tagged_union, _tagged_union_hook)
    converter.register_structure_hook_factory(_is_kind_union, _kind_union_hook)


def make_converter() -> cattrs.Converter:
    """A new converter for request bodies; callers never share mutable configuration."""
    # Both flags are off by default in cattrs and both matter here, so they are explicit.
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    configure_converter(converter)
    return converter


_CONVERTER: Final = make_converter()


def structure_request(cls: type[T], body: object, root: str = "$") -> T:
    """`body` (parsed JSON) as a `cls`, or RequestPayloadError listing every violation."""
    try:
        return _CONVERTER.structure(body, cls)
    except (BaseValidationError, RuleError) as error:
        raise RequestPayloadError(_violations(error, root)) from error


# -- flattening cattrs' exception groups into violations -------------------------------------


def _violations(error: BaseException, path: str) -> Iterator[Violation]:
    if isinstance(error, ClassValidationError):
        with_notes, without_notes = error.group_exceptions()
        for inner, note in with_notes:
            yield from _violations(inner, _member(path, note.name))
        for inner in without_notes:
            yield from _violations(inner, path)
    elif isinstance(error, IterableValidationError):
        with_index, without_index = error.group_exceptions()
        for inner, index_note in with_index:
            yield from _violations(inner, f"{path}[{index_note.index}]")
        for inner in without_index:
            yield from _violations(inner, path)
    elif isinstance(error, ForbiddenExtraKeysError):
        for key in sorted(error.extra_fields):
            yield Violation(_member(path, key), UNKNOWN_KEY)
    elif isinstance(error, KeyError):
        # With detailed validation cattrs raises KeyError only for a missing attribute key.
        yield Violation(path, REQUIRED)
    elif isinstance(error, RuleError):
        for field, rule in error.rules:
            yield Violation(_join(path, field), rule)
    else:
        # Anything else is a bug in a hook or a request class, not bad input: let it surface.
        raise error


def _member(path: str, key: str) -> str:
    if _IDENTIFIER.fullmatch(key):
        return f"{path}.{key}"
    # Readable non-ASCII keys; a key that is not Unicode text is escaped, so the error body
    # itself stays printable and storable.
    return f"{path}[{json.dumps(key, ensure_ascii=not rules.is_text(key))}]"


def _join(path: str, field: str) -> str:
    if field.startswith(_JSON_SUFFIX):
        return path + field.removeprefix(_JSON_SUFFIX)
    for part in filter(None, field.split(".")):
        path = _member(path, part)
    return path

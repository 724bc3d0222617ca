"""Field validators shared by the domain classes.

A validator that fails raises `FieldError`, a `ValueError` naming the field and the rule.
Services translate it into `InvalidPayload` when the value came from a caller; when it comes
from a stored row it stays an error, so a corrupted row fails loudly on read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs

from . import limits

T = TypeVar("T", bound=attrs.AttrsInstance)

_INIT_FIELDS: dict[type[Any], tuple[tuple[str, str], ...]] = {}


def evolve(instance: T, **changes: Any) -> T:
    """`attrs.evolve` with the field list cached per class.

    Same contract: the successor is built through `__init__`, so every validator runs again
    on every transition. Transitions sit on the redemption hot path, and `attrs.evolve`
    re-reads the class's fields on every call (a third of its cost, measured).
    """
    cls = type(instance)
    names = _INIT_FIELDS.get(cls)
    if names is None:
        names = tuple((field.name, field.alias) for field in attrs.fields(cls) if field.init)
        _INIT_FIELDS[cls] = names
    for name, alias in names:
        if alias not in changes:
            changes[alias] = getattr(instance, name)
    return cls(**changes)


class FieldError(ValueError):
    """A value broke a field rule: `field` names it, `rule` says what must hold."""

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field}: {rule}")


def kind(expected: type[Any]) -> Any:
    """A validator: the value is an instance of `expected` (an enum, usually).

    Conversion from wire strings happens at the edge, in the adapters, never in the class.
    """

    def check(_: object, attribute: Any, value: Any) -> None:
        if type(value) is not expected and not isinstance(value, expected):
            allowed = (
                ", ".join(str(member.value) for member in expected)
                if hasattr(expected, "__members__")
                else expected.__name__
            )
            raise FieldError(_name(attribute), f"must be one of: {allowed}")

    return check


E = TypeVar("E")


def member(kind: type[E], value: Any, field: str) -> E:
    """`kind(value)` for an enum, or a FieldError naming `field` and the allowed values."""
    try:
        return kind(value)  # type: ignore[call-arg]
    except ValueError as error:
        allowed = ", ".join(str(item.value) for item in kind)  # type: ignore[attr-defined]
        raise FieldError(field, f"must be one of: {allowed}") from error


def _name(attribute: Any) -> str:
    return str(attribute.name)


def money(_: object, attribute: Any, value: Any) -> None:
    """Integer minor units within the ledger's bound, never negative; None allowed."""
    if value is None or (type(value) is int and 0 <= value <= limits.MONEY_MINOR_UNITS_MAX):
        return
    _bounded_int(_name(attribute), value, limits.MONEY_MINOR_UNITS_MAX)


def points(_: object, attribute: Any, value: Any) -> None:
    """Whole loyalty points within the ledger's bound, never negative; None allowed."""
    if value is None or (type(value) is int and 0 <= value <= limits.POINTS_MAX):
        return
    _bounded_int(_name(attribute), value, limits.POINTS_MAX)


def count(_: object, attribute: Any, value: Any) -> None:
    """A non-negative counter; None allowed (unlimited)."""
    if value is None or (type(value) is int and 0 <= value <= limits.MONEY_MINOR_UNITS_MAX):
        return
    _bounded_int(_name(attribute), value, limits.MONEY_MINOR_UNITS_MAX)


def _bounded_int(field: str, value: object, upper: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(field, "must be an integer")
    if value < 0:
        raise FieldError(field, "must be greater than or equal to 0")
    if value > upper:
        raise FieldError(field, f"must be at most {upper}")


def text(_: object, attribute: Any, value: Any) -> None:
    """A string of Unicode text within the length limit; None allowed."""
    if value is None or (
        type(value) is str and len(value) <= limits.STRING_LENGTH_MAX and is_text(value)
    ):
        return
    if not isinstance(value, str):
        raise FieldError(_name(attribute), "must be a string")
    if len(value) > limits.STRING_LENGTH_MAX:
        raise FieldError(_name(attribute), f"must be at most {limits.STRING_LENGTH_MAX} characters")
    raise FieldError(_name(attribute), LONE_SURROGATE_RULE)


def identifier(_: object, attribute: Any, value: Any) -> None:
    """A non-empty string of Unicode text within the length limit."""
    if type(value) is str and 0 < len(value) <= limits.STRING_LENGTH_MAX and is_text(value):
        return
    if not isinstance(value, str):
        raise FieldError(_name(attribute), "must be a string")
    if not value:
        raise FieldError(_name(attribute), "must not be empty")
    if len(value) > limits.STRING_LENGTH_MAX:
        raise FieldError(_name(attribute), f"must be at most {limits.STRING_LENGTH_MAX} characters")
    raise FieldError(_name(attribute), LONE_SURROGATE_RULE)


LONE_SURROGATE_RULE = (
    "must be Unicode text: a lone surrogate (U+D800 to U+DFFF) is not a character"
)
NOT_FINITE_RULE = "must be a finite number (NaN and Infinity are not JSON)"
TOO_DEEP_RULE = (
    f"must nest at most {limits.JSON_DEPTH_MAX} levels of objects and arrays"
)


def is_text(value: str) -> bool:
    """True when `value` is Unicode text: no lone surrogate, so every store can keep it.

    Python strings may hold lone surrogates (a JSON "\\ud800" escape decodes to one); UTF-8,
    SQLite and protobuf cannot encode them, so the ledger refuses them everywhere.
    """
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def member_path(path: str, key: str) -> str:
    """`path.key`, or `path["key"]` (ASCII-escaped) for a key that is not an identifier."""
    if key.isascii() and key.isidentifier():
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key)}]"


def check_json(field: str, value: object) -> None:
    """`value` is a JSON value the ledger can keep: objects with string keys, arrays,
    Unicode text, finite numbers, booleans and null, nested at most JSON_DEPTH_MAX levels.

    The walk is iterative and stops at the first level past the limit, so a value nested
    10,000 deep is refused here instead of overflowing the stack in a later encoder. A
    FieldError names the offending member by its path under `field`.
    """
    if _is_json(value, 1):
        return
    # Something is wrong: walk again, building paths, to name it.
    pending: list[tuple[str, object, int]] = [(field, value, 1)]
    while pending:
        path, item, depth = pending.pop()
        if item is None or type(item) in (bool, int):
            continue
        if isinstance(item, str):
            if not is_text(item):
                raise FieldError(path, LONE_SURROGATE_RULE)
        elif type(item) is float:
            if not math.isfinite(item):
                raise FieldError(path, NOT_FINITE_RULE)
        elif isinstance(item, Mapping | list | tuple):
            if depth > limits.JSON_DEPTH_MAX:
                raise FieldError(path, TOO_DEEP_RULE)
            pending.extend(_members(path, item, depth))
        else:
            raise FieldError(path, "must be a JSON value")


def _is_json(value: object, depth: int) -> bool:  # noqa: PLR0911 (one return per JSON kind)
    """The fast pass of `check_json`: no paths built; recursion bounded by the depth limit."""
    kind = type(value)
    if isinstance(value, str):
        return value.isascii() or is_text(value)
    if value is None or kind is bool or kind is int:
        return True
    if kind is float:
        return math.isfinite(value)  # type: ignore[arg-type]
    if depth > limits.JSON_DEPTH_MAX:
        return False
    if kind is dict:
        for key, item in value.items():  # type: ignore[attr-defined]
            if type(key) is not str or not (key.isascii() or is_text(key)):
                return False
            if not _is_json(item, depth + 1):
                return False
        return True
    if kind is list or kind is tuple:
        return all(_is_json(item, depth + 1) for item in value)  # type: ignore[attr-defined]
    # Other mappings (read-only views) take the slow walk, which accepts them.
    return False


def _members(
    path: str, container: Mapping[Any, Any] | list[Any] | tuple[Any, ...], depth: int
) -> list[tuple[str, object, int]]:
    if not isinstance(container, Mapping):
        return [(f"{path}[{index}]", item, depth + 1) for index, item in enumerate(container)]
    found = []
    for key, item in container.items():
        if type(key) is not str:
            raise FieldError(path, "must have string keys")
        if not is_text(key):
            raise FieldError(member_path(path, key), f"key {LONE_SURROGATE_RULE}")
        found.append((member_path(path, key), item, depth + 1))
    return found


def utc_datetime(_: object, attribute: Any, value: Any) -> None:
    """A timezone-aware instant; None allowed."""
    if value is None or (type(value) is datetime and value.tzinfo is not None):
        return
    if not isinstance(value, datetime):
        raise FieldError(_name(attribute), "must be a date-time")
    if value.tzinfo is None:
        raise FieldError(_name(attribute), "must carry a timezone")


def metadata(_: object, attribute: Any, value: Any) -> None:
    """A JSON object within the key-count and size limits."""
    if type(value) is dict and not value:
        return
    check_metadata(_name(attribute), value)


def check_metadata(field: str, value: object) -> None:
    if not isinstance(value, Mapping):
        raise FieldError(field, "must be a JSON object")
    if not value:
        return
    if len(value) > limits.METADATA_KEYS_MAX:
        raise FieldError(field, f"must have at most {limits.METADATA_KEYS_MAX} keys")
    check_json(field, value)
    try:
        # allow_nan=False: NaN and infinities are not JSON (and no store could keep them).
        size = len(json.dumps(value, separators=(",", ":"), ensure_ascii=False,
                              allow_nan=False).encode())
    except (TypeError, ValueError) as error:
        raise FieldError(field, "must hold only JSON values") from error
    if size > limits.METADATA_BYTES_MAX:
        raise FieldError(field, f"must be at most {limits.METADATA_BYTES_MAX} bytes as JSON")


_TEXT_FIELDS: dict[type[Any], tuple[str, ...]] = {}


def check_request(value: object, field: str = "") -> None:
    """Every string of a command or query is Unicode text, every integer within
    ±INTEGER_MAGNITUDE_MAX, and every free-form mapping in it (metadata, addresses, product
    data) a JSON object `check_json` accepts.

    The Ledger runs this on what a caller hands it, before any store sees it: a lone
    surrogate would be stored by the memory store and refused by SQLite's UTF-8 encoder, and
    the two must agree (issue 8, D2). A FieldError names the field by its path in the command.
    """
    if _is_clean(value):
        return
    # Something is wrong: walk again, building paths, to name it.
    if type(value) is int:
        _check_number(field, value)
    if value is None or type(value) in (bool, int, float):
        return
    if isinstance(value, str):
        if not is_text(value):
            raise FieldError(field, LONE_SURROGATE_RULE)
    elif isinstance(value, Mapping):
        check_json(field, value)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_request(item, f"{field}[{index}]")
    elif attrs.has(type(value)):
        for name in _field_names(type(value)):
            check_request(getattr(value, name), member_path(field, name))


def _field_names(cls: type[Any]) -> tuple[str, ...]:
    names = _TEXT_FIELDS.get(cls)
    if names is None:
        names = tuple(field.name for field in attrs.fields(cls))
        _TEXT_FIELDS[cls] = names
    return names


INTEGER_RULE = (
    f"must be an integer from -{limits.INTEGER_MAGNITUDE_MAX} to {limits.INTEGER_MAGNITUDE_MAX}"
)


def _check_number(field: str, value: int) -> None:
    # Each field's own rule (money, points, counts) is checked where it is used; this bound
    # comes first so that a 4,400-digit integer never reaches code that would print it
    # (Python refuses to, past 4,300 digits) or a store that would keep it.
    if abs(value) > limits.INTEGER_MAGNITUDE_MAX:
        raise FieldError(field, INTEGER_RULE)


def _is_clean(value: object) -> bool:  # noqa: PLR0911 (one return per kind, on the hot path)
    """The fast pass of `check_request`: no paths built (it runs on every ledger call)."""
    kind = type(value)
    if isinstance(value, str):  # StrEnum members too: their values are ours, and ASCII
        return value.isascii() or is_text(value)
    if kind is int:
        return -limits.INTEGER_MAGNITUDE_MAX <= value <= limits.INTEGER_MAGNITUDE_MAX  # type: ignore[operator]
    if value is None or kind is bool:
        return True
    names = _TEXT_FIELDS.get(kind)
    if names is None:
        if kind is tuple or kind is list:
            return all(_is_clean(item) for item in value)  # type: ignore[attr-defined]
        if kind is dict:
            return _is_json(value, 1)
        if not attrs.has(kind):
            return not isinstance(value, Mapping)
        names = _field_names(kind)
    for name in names:
        item = getattr(value, name)
        if item is not None and not _is_clean(item):
            return False
    return True

"""Field validators shared by the domain classes.

A validator that fails raises `FieldError`, a `ValueError` naming the field and the rule.
Services translate it into `InvalidPayload` when the value came from a caller; when it comes
from a stored row it stays an error, so a corrupted row fails loudly on read.
"""

from __future__ import annotations

import json
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
    """A string within the length limit; None allowed."""
    if value is None or (type(value) is str and len(value) <= limits.STRING_LENGTH_MAX):
        return
    if not isinstance(value, str):
        raise FieldError(_name(attribute), "must be a string")
    if len(value) > limits.STRING_LENGTH_MAX:
        raise FieldError(_name(attribute), f"must be at most {limits.STRING_LENGTH_MAX} characters")


def identifier(_: object, attribute: Any, value: Any) -> None:
    """A non-empty string within the length limit."""
    if type(value) is str and 0 < len(value) <= limits.STRING_LENGTH_MAX:
        return
    if not isinstance(value, str):
        raise FieldError(_name(attribute), "must be a string")
    if not value:
        raise FieldError(_name(attribute), "must not be empty")
    if len(value) > limits.STRING_LENGTH_MAX:
        raise FieldError(_name(attribute), f"must be at most {limits.STRING_LENGTH_MAX} characters")


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
    try:
        # allow_nan=False: NaN and infinities are not JSON (and no store could keep them).
        size = len(json.dumps(value, separators=(",", ":"), ensure_ascii=False,
                              allow_nan=False).encode())
    except (TypeError, ValueError) as error:
        raise FieldError(field, "must hold only JSON values") from error
    if size > limits.METADATA_BYTES_MAX:
        raise FieldError(field, f"must be at most {limits.METADATA_BYTES_MAX} bytes as JSON")

"""The protobuf wire format, written directly: one `Shape` per message, read from its
descriptor at import.

A shape knows, for the fields an encoder fills, each field's tag bytes, how its value is
written and whether it has explicit presence; `Shape.encode` takes the values in the
shape's order (field-number order, as protobuf writes them) and returns the message body.
Values are plain Python: `str`, `int` (enums as their numbers), `bool`, `float`, `bytes`
(a sub-message's body, already encoded), lists of those, and for a map a mapping of key to
body. None is "not set"; a field without explicit presence is also skipped at its default
(0, "", False), as protobuf does. Map entries are written in the order
`SerializeToString(deterministic=True)` writes them (`in_map_order`); without that option
protobuf writes them in its hash table's order, which changes from process to process.
"""

from __future__ import annotations

import struct as binary
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, TypeAlias

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

_Field: TypeAlias = Any
"""A field descriptor (protobuf's Python class or upb's, which the stubs type apart)."""

_VARINT_CACHED: Final = 16_384
_SMALL: Final = tuple(
    bytes([n]) if n < 0x80 else bytes([(n & 0x7F) | 0x80, n >> 7]) for n in range(_VARINT_CACHED)
)
_DOUBLE = binary.Struct("<d").pack


_CONTINUED: Final = tuple(
    bytes([(n & 0x7F) | 0x80, (n >> 7) | 0x80]) for n in range(_VARINT_CACHED)
)
"""The low 14 bits of a larger number: two bytes, each with its continuation bit."""


def varint(number: int) -> bytes:
    """Base-128 varint; negative numbers as 64-bit two's complement (ten bytes)."""
    if number < _VARINT_CACHED:
        if number >= 0:
            return _SMALL[number]
        number += 1 << 64
    return _CONTINUED[number & 0x3FFF] + varint(number >> 14)


def delimited(tag: bytes, body: bytes) -> bytes:
    """A length-delimited field: tag, length, body."""
    size = len(body)
    return tag + (_SMALL[size] if size < _VARINT_CACHED else varint(size)) + body


# How a field's value is written (the `kind` of a planned field).
_VARINT, _DOUBLE_KIND, _STRING, _MESSAGE, _MAP = range(5)
_WIRE_TYPE = {_VARINT: 0, _DOUBLE_KIND: 1, _STRING: 2, _MESSAGE: 2, _MAP: 2}
_VARINT_TYPES = frozenset({
    FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_UINT64,
    FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_ENUM, FieldDescriptor.TYPE_BOOL,
})  # fmt: skip


def _kind(field: _Field) -> int:
    if field.message_type is not None:
        return _MAP if field.message_type.GetOptions().map_entry else _MESSAGE
    if field.type in _VARINT_TYPES:
        return _VARINT
    if field.type == FieldDescriptor.TYPE_DOUBLE:
        return _DOUBLE_KIND
    if field.type == FieldDescriptor.TYPE_STRING:
        return _STRING
    raise TypeError(f"{field.full_name}: no direct encoding for protobuf type {field.type}")


def _tag(number: int, wire_type: int) -> bytes:
    return varint(number << 3 | wire_type)


class Shape:
    """The fields of one message an encoder fills, in field-number order.

    `encode` is generated once per shape, one statement per field, so that writing a
    message costs only what its fields need (a loop over the plan cost twice as much)."""

    __slots__ = ("encode", "name")

    def __init__(self, message: type[Message], *names: str) -> None:
        descriptor = message.DESCRIPTOR
        self.name = descriptor.full_name
        fields = [descriptor.fields_by_name[name] for name in names]
        numbers = [field.number for field in fields]
        if numbers != sorted(set(numbers)):
            raise ValueError(f"{self.name}: fields must be listed once, in field-number order")
        names_of: dict[str, Any] = {"delimited": delimited, "varint": varint, "double": _DOUBLE,
                    "sized": _sized, "map_entry": _map_entry, "scalar": _scalar,
                    "SMALL": _SMALL, "CACHED": _VARINT_CACHED,
                    "in_map_order": in_map_order}
        lines = [f"def encode({', '.join(f'v{index}' for index in range(len(fields)))}):",
                 "    out = []", "    add = out.append"]
        for index, field in enumerate(fields):
            lines.extend(_statements(field, f"v{index}", f"T{index}", f"K{index}"))
            names_of[f"T{index}"] = _field_tag(field)
            names_of[f"K{index}"] = _map_value_kind(field) if _kind(field) == _MAP else None
        lines.append('    return b"".join(out)')
        exec("\n".join(lines), names_of)
        self.encode: Callable[..., bytes] = names_of["encode"]


def _field_tag(field: _Field) -> bytes:
    kind = _kind(field)
    packed = field.is_repeated and kind != _MAP and field.is_packed
    return _tag(field.number, 2 if packed else _WIRE_TYPE[kind])


def _statements(field: _Field, value: str, tag: str, map_kind: str) -> list[str]:
    """The lines that write one field (None is never written)."""
    kind = _kind(field)
    if kind == _MAP:
        return [f"    if {value}:",
                f"        for key in in_map_order({value}):",
                f"            add(delimited({tag}, map_entry(key, {value}[key], {map_kind})))"]
    if field.is_repeated:
        if field.is_packed:
            return [f"    if {value}:",
                    f"        add(delimited({tag}, b''.join(scalar({kind}, item) "
                    f"for item in {value})))"]
        encoded = "item.encode()" if kind == _STRING else "item"
        return [f"    if {value}:",
                f"        for item in {value}:",
                f"            add({tag} + sized({encoded}))"]
    test = f"{value} is not None" if field.has_presence else value
    if kind in (_MESSAGE, _STRING):
        to_bytes = [f"        {value} = {value}.encode()"] if kind == _STRING else []
        return [f"    if {test if kind == _STRING else f'{value} is not None'}:", *to_bytes,
                *_length_prefixed(tag, value)]
    write = f"varint(int({value}))" if kind == _VARINT else f"double({value})"
    # A double without presence is skipped only at +0.0 (protobuf compares the bits).
    if kind == _DOUBLE_KIND and not field.has_presence:
        test = f"{value} or double({value}) != double(0.0)"
    return [f"    if {test}:", f"        add({tag} + {write})"]


def _length_prefixed(tag: str, body: str) -> list[str]:
    """`delimited` inlined: most bodies are short enough for one cached length byte."""
    return [f"        size = len({body})",
            f"        add({tag} + (SMALL[size] if size < CACHED else varint(size)) + {body})"]


def _sized(body: bytes) -> bytes:
    size = len(body)
    return (_SMALL[size] if size < _VARINT_CACHED else varint(size)) + body


def _map_value_kind(field: _Field) -> int:
    entry = field.message_type
    if entry.fields_by_name["key"].type != FieldDescriptor.TYPE_STRING:
        raise TypeError(f"{field.full_name}: only string-keyed maps are written directly")
    return _kind(entry.fields_by_name["value"])


def _scalar(kind: int, value: Any) -> bytes:
    return varint(int(value)) if kind == _VARINT else _DOUBLE(value)


def _delimited_value(kind: int, value: Any) -> bytes:
    return _sized(value.encode() if kind == _STRING else value)


_KEY_TAG: Final = _tag(1, 2)
_ENTRY_VALUE_TAG: Final = _tag(2, 2)
_VALUE_TAGS: Final = {_MESSAGE: _ENTRY_VALUE_TAG, _STRING: _ENTRY_VALUE_TAG}


def _map_entry(key: str, value: Any, kind: int | None) -> bytes:
    """A map entry: key and value are both written, defaults included (as protobuf does)."""
    tag = _VALUE_TAGS.get(kind)  # type: ignore[arg-type]
    if tag is None:
        raise TypeError("only maps of messages or strings are written directly")
    return delimited(_KEY_TAG, key.encode()) + tag + _delimited_value(kind, value)  # type: ignore[arg-type]


# -- google.protobuf.Struct and Timestamp ------------------------------------------------

_NULL: Final = b"\x08\x00"  # Value.null_value = NULL_VALUE
_NUMBER_TAG: Final = _tag(2, 1)
_STRING_TAG: Final = _tag(3, 2)
_TRUE: Final = _tag(4, 0) + b"\x01"
_FALSE: Final = _tag(4, 0) + b"\x00"
_STRUCT_TAG: Final = _tag(5, 2)
_LIST_TAG: Final = _tag(6, 2)
_FIELDS_TAG: Final = _tag(1, 2)  # Struct.fields, ListValue.values


def json_value(value: Any) -> bytes:
    """A `google.protobuf.Value` body, as `Struct.update` would set it (Decimal as float)."""
    if value is None:
        return _NULL
    if value is True or value is False:
        return _TRUE if value else _FALSE
    if isinstance(value, str):
        return delimited(_STRING_TAG, value.encode())
    if isinstance(value, int | float | Decimal):
        return _NUMBER_TAG + _DOUBLE(float(value))
    if isinstance(value, Mapping):
        return delimited(_STRUCT_TAG, json_object(value))
    if isinstance(value, list | tuple):
        return delimited(_LIST_TAG, b"".join(delimited(_FIELDS_TAG, json_value(item))
                                             for item in value))
    raise ValueError(f"unexpected type {type(value).__name__} in a JSON object")


def json_object(value: Mapping[str, Any]) -> bytes:
    """A `google.protobuf.Struct` body, its keys in order (deterministic serialization)."""
    return b"".join(
        delimited(_FIELDS_TAG, delimited(_KEY_TAG, key.encode())
                  + delimited(_ENTRY_VALUE_TAG, json_value(value[key])))
        for key in in_map_order(value)
    )


_AFTER_ANY_CHARACTER: Final = (0x110000,)


def _map_key(key: str) -> tuple[int, ...]:
    return (*map(ord, key), *_AFTER_ANY_CHARACTER)


def in_map_order(entries: Mapping[str, Any]) -> Sequence[str]:
    """Map keys in the order deterministic protobuf writes them: by their UTF-8 bytes (the
    order of their code points), except that a key comes after the longer keys it begins
    (upb sorts by bytes, then by length, and writes the sorted entries last to first)."""
    if len(entries) < 2:
        return list(entries)
    return sorted(entries, key=_map_key)


_SECONDS_TAG: Final = _tag(1, 0)
_NANOS_TAG: Final = _tag(2, 0)


def timestamp(seconds: int, nanos: int) -> bytes:
    """A `google.protobuf.Timestamp` body."""
    out = _SECONDS_TAG + varint(seconds) if seconds else b""
    return out + _NANOS_TAG + varint(nanos) if nanos else out


def serialized(message: Message | None) -> bytes | None:
    """A message built the slow way, as a body to place in a directly written one (the
    rarely filled parts: promotion tiers, rewards, validity windows)."""
    if message is None:
        return None
    return message.SerializeToString(deterministic=True)


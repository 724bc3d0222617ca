"""Hypothesis strategies that turn a valid request into a bad one.

A mutation picks one place in a valid JSON value (the root, any member, any array item) and
replaces it, deletes it, or adds a key beside it; the replacement is drawn from `bad_values`:
wrong JSON types, huge and negative integers, an integer of 4,400 digits, NaN and the
infinities, empty and oversize strings, lone surrogates, unknown enum values, oversize
arrays, and objects nested past every limit (up to 5,000 levels). Query parameters and path
segments get `bad_texts`.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

Path = tuple[str | int, ...]

LONE_SURROGATES = ("\ud800", "a\udfffb", "\udc00x")


def nested(depth: int, leaf: Any = 1) -> Any:
    """`leaf` inside `depth` levels of alternating objects and arrays."""
    value = leaf
    for level in range(depth):
        value = {"k": value} if level % 2 else [value]
    return value


bad_texts = st.one_of(
    st.sampled_from([
        "", " ", "0", "-1", "1.5", "1e3", "NaN", "Infinity", "null", "true", "BOGUS",
        "9" * 5_000, "0" * 4_999 + "5", "x" * 1_001, "%ff", "../..", "a/b", "\x00",
        "\u0663", "\uff11", *LONE_SURROGATES,  # Arabic-Indic three, fullwidth one
    ]),
    st.text(max_size=12),
)
"""Texts for query values, path parameters, keys and string fields."""

bad_values: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([-1, 0, 2**53 + 1, 2**63, 10**15 + 1, 10**4_400, -(10**4_400)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, 0.5]),
    bad_texts,
    st.builds(nested, st.sampled_from([21, 33, 50, 120, 5_000])),
    st.builds(nested, st.sampled_from([3, 25]), st.sampled_from(["\ud800", math.nan, "x"])),
    st.lists(st.integers(min_value=-5, max_value=5), max_size=3),
    st.just(["x"] * 600),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=3),
    st.just({"\ud800": 1}),
    st.just({"object": "BOGUS"}),
)


def paths(value: Any, prefix: Path = ()) -> list[Path]:
    """Every place in a JSON value, the root first."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def _replaced(value: Any, path: Path, make: Any) -> Any:
    """A copy of `value` where the item at `path` becomes `make(old)` (a sentinel deletes)."""
    if not path:
        return make(value)
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        copy = dict(value)
        new = _replaced(copy[head], rest, make)
        if new is _DELETE:
            del copy[head]
        else:
            copy[head] = new
        return copy
    items = list(value)
    new = _replaced(items[head], rest, make)  # type: ignore[index]
    if new is _DELETE:
        del items[head]  # type: ignore[arg-type]
    else:
        items[head] = new  # type: ignore[index]
    return items


_DELETE = object()


@st.composite
def mutated(draw: st.DrawFn, value: Any) -> Any:
    """`value` with one place replaced, deleted, or given an extra key."""
    path = draw(st.sampled_from(paths(value)))
    how = draw(st.sampled_from(["replace", "replace", "delete", "add", "wrap"]))
    if how == "delete" and path:
        return _replaced(value, path, lambda _: _DELETE)
    if how == "add":
        key = draw(st.one_of(st.sampled_from(["object", "id", "extra", "metadata"]), bad_texts))
        extra = draw(bad_values)

        def add(old: Any) -> Any:
            return {**old, key: extra} if isinstance(old, dict) else extra

        return _replaced(value, path, add)
    if how == "wrap":
        return _replaced(value, path, lambda old: [old])
    replacement = draw(bad_values)
    return _replaced(value, path, lambda _: replacement)


@st.composite
def mutated_query(draw: st.DrawFn, query: dict[str, Any]) -> dict[str, Any]:
    """A query with one value replaced or repeated, or an unknown or removed key."""
    copy = dict(query)
    how = draw(st.sampled_from(["value", "value", "repeat", "unknown", "remove"]))
    keys = sorted(copy) or ["limit"]
    key = draw(st.sampled_from([*keys, "limit", "page"]))
    if how == "unknown":
        copy[draw(bad_texts)] = draw(bad_texts)
    elif how == "remove":
        copy.pop(key, None)
    elif how == "repeat":
        copy[key] = [draw(bad_texts), draw(bad_texts)]
    else:
        copy[key] = draw(bad_texts)
    return copy


@st.composite
def mutated_path(draw: st.DrawFn, path: str) -> str:
    """`path` with one segment after `/v1/` replaced by a bad text."""
    parts = path.split("/")
    index = draw(st.integers(min_value=2, max_value=len(parts) - 1))
    parts[index] = draw(bad_texts)
    return "/".join(parts)

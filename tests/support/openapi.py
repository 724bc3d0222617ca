"""Validate JSON-like values against `openapi-redemptions.json`, leniently as DOMAIN.md 12.16 says.

The spec is Voucherify's own and carries upstream defects that a strict OpenAPI 3.0 validator
turns into false failures (DOMAIN.md section 12, item 16). This module validates with
`openapi-schema-validator`'s `OAS30Validator` (Draft 4 semantics: `integer` is not `number`,
boolean `exclusiveMinimum`, `nullable`) after relaxing a private copy of the spec in exactly
these ways, and no others:

- `null` is accepted for every schema node (the spec puts `nullable` next to `allOf`, where
  OAS 3.0 ignores it, and leaves fields non-nullable that real payloads set to `null`);
- a `required` entry naming a property the schema does not declare (`RedemptionRewardResult`
  requires `reward`, `OrderItem` requires `object`, ...) is dropped; `ignored_required()` lists
  every one found;
- every `oneOf` becomes `anyOf` (reason at `_relax_node`);
- `items` without `type: array` (`redemption_entries`) is left alone: it already constrains
  arrays only.

Formats are not checked. The spec declares `additionalProperties: false` only inside the
`ParameterFiltersListCampaigns` query-filter schema, never on a response, so a plain validator
would accept any invented field name. `strict_keys=True` (the default) closes that gap: an object
may only carry keys documented for it, where an `allOf` documents the keys of all its parts, an
`anyOf`/`oneOf` the keys of the branches the value matches (of all branches when none matches,
so the branch failure is reported once), and an object without `properties` (free-form, such as
`metadata`) or with an `additionalProperties` schema (a map) any key. An undocumented key is
reported even when its value is `null`: the point is to prove we emit only documented names.

The spec is read once per process; each validator is built once per schema and mode.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
from jsonschema.validators import extend  # type: ignore[import-untyped]
from openapi_schema_validator import OAS30Validator

__all__ = ["SPEC_PATH", "ignored_required", "validate", "validate_response"]

Schema = dict[str, Any]

_REPO_ROOT = Path(__file__).resolve().parents[2]

SPEC_PATH: Path = Path(
    os.environ.get("REDEMPTION_CORE_SPEC")
    or _REPO_ROOT / "spec" / "openapi-redemptions.json"
)
"""The OpenAPI document validated against; the `REDEMPTION_CORE_SPEC` variable overrides it."""

_STRICT_KEYS = "x-strict-keys"
_ANNOTATIONS = ("description", "example")
_MESSAGE_WIDTH_MAX = 240


def validate(schema_name: str, instance: object, *, strict_keys: bool = True) -> None:
    """Assert that `instance` matches `#/components/schemas/<schema_name>`.

    Raises `AssertionError` listing every violation with its `$.path`; `KeyError` if the spec
    has no such schema.
    """
    __tracebackhide__ = True
    if schema_name not in _spec()["components"]["schemas"]:
        raise KeyError(f"{SPEC_PATH} has no schema {schema_name!r}")
    pointer = f"#/components/schemas/{_escape(schema_name)}"
    _check(_validator(pointer, strict_keys), instance, f"schema {schema_name!r}")


def validate_response(
    method: str,
    path_template: str,
    instance: object,
    status: int = 200,
    *,
    strict_keys: bool = True,
) -> None:
    """Assert that `instance` matches the JSON response of `method path_template` for `status`.

    Raises `AssertionError` listing every violation with its `$.path`; `LookupError` if the spec
    documents no such JSON response.
    """
    __tracebackhide__ = True
    pointer, subject = _response_schema(method.lower(), path_template, str(status))
    _check(_validator(pointer, strict_keys), instance, subject)


def ignored_required() -> Mapping[str, tuple[str, ...]]:
    """The `required` entries dropped because they name undeclared properties, by schema pointer."""
    return _relaxed()[1]


# ----------------------------------------------------------------------------- loading


@functools.cache
def _relaxed() -> tuple[Schema, Mapping[str, tuple[str, ...]]]:
    # json.loads builds a fresh document that nothing else sees, so relaxing it in place is
    # relaxing a private deep copy of the file.
    spec: Schema = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    ignored: dict[str, tuple[str, ...]] = {}
    roots = list(_schema_roots(spec))
    for pointer, schema in roots:
        _relax_node(spec, schema, pointer, frozenset(), ignored)
    memo: dict[int, _DeclaredKeys] = {}
    for _, schema in roots:
        _mark_full_positions(spec, schema, memo, full=False)
    return spec, types.MappingProxyType(ignored)


def _spec() -> Schema:
    return _relaxed()[0]


def _schema_roots(spec: Schema) -> Iterator[tuple[str, Schema]]:
    for name, schema in spec["components"]["schemas"].items():
        yield f"#/components/schemas/{_escape(name)}", schema
    yield from _schemas_under(spec.get("paths", {}), "#/paths")


def _schemas_under(node: object, pointer: str) -> Iterator[tuple[str, Schema]]:
    """Every `schema` of a parameter or media type under `paths`."""
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{pointer}/{_escape(key)}"
            if key == "schema" and isinstance(value, dict):
                yield child, value
            else:
                yield from _schemas_under(value, child)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schemas_under(value, f"{pointer}/{index}")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _deref(spec: Schema, node: Schema) -> Schema:
    while "$ref" in node:
        ref: str = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local references are supported, got {ref!r}")
        target: Any = spec
        for token in ref[2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


# ----------------------------------------------------------------------------- relaxing


def _declared_names(spec: Schema, node: Schema) -> frozenset[str]:
    """Property names `node` declares itself or through its `allOf`/`anyOf`/`oneOf` parts."""
    node = _deref(spec, node)
    names = set(node.get("properties", ()))
    for key in ("allOf", "anyOf", "oneOf"):
        for part in node.get(key, ()):
            names |= _declared_names(spec, part)
    return frozenset(names)


def _relax_node(
    spec: Schema,
    node: object,
    pointer: str,
    declared_around: frozenset[str],
    ignored: dict[str, tuple[str, ...]],
) -> None:
    """Relax one schema node and its inline subschemas; a `$ref` is relaxed where it points.

    `declared_around` holds the names declared by the enclosing composition: an inline `allOf`
    part may require a property that a sibling part declares (as
    `LoyaltiesMembersRedemptionRedeemResponseBody` requires `reward`), and that is no defect.
    """
    if not isinstance(node, dict) or "$ref" in node:
        return
    # Annotations only: dropping them saves memory and the validator a look at each.
    for key in _ANNOTATIONS:
        node.pop(key, None)
    declared = _declared_names(spec, node) | declared_around
    required = node.pop("required", None)
    if isinstance(required, list):
        kept = [name for name in required if name in declared]
        if len(kept) < len(required):
            ignored[pointer] = tuple(name for name in required if name not in declared)
        if kept:
            node["required"] = kept
    for name, subschema in node.get("properties", {}).items():
        _relax_node(spec, subschema, f"{pointer}/properties/{_escape(name)}", frozenset(), ignored)
    for key in ("items", "additionalProperties", "not"):
        _relax_node(spec, node.get(key), f"{pointer}/{key}", frozenset(), ignored)
    for key in ("allOf", "anyOf", "oneOf"):
        for index, part in enumerate(node.get(key, ())):
            _relax_node(spec, part, f"{pointer}/{key}/{index}", declared, ignored)
    # Draft 4 `oneOf` demands exactly one matching branch. None of the spec's oneOfs has a
    # discriminator and their branches are objects whose fields are all optional, so a valid
    # value usually matches several branches and `oneOf` fails: `{"object": "voucher", "id": "X"}`
    # matches three redeemables, and a Redemption with only common fields matches both
    # Redemption and RedemptionRollback. Every oneOf in the subset has that shape, so all are
    # relaxed to `anyOf`; which branch applies is decided by the code, not by the schema.
    one_of = node.pop("oneOf", None)
    if one_of is not None:
        if "anyOf" in node:
            node.setdefault("allOf", []).append({"anyOf": one_of})
        else:
            node["anyOf"] = one_of


# ----------------------------------------------------------------------------- strict keys


@dataclass(frozen=True, eq=False)
class _DeclaredKeys:
    """The keys a schema node documents for the object it describes as a whole."""

    names: frozenset[str]
    open: bool  # an `additionalProperties` schema somewhere: undeclared keys are map entries
    declares: bool  # `properties` somewhere; without any the object is free-form
    choices: tuple[tuple[tuple[Schema, _DeclaredKeys], ...], ...]  # anyOf groups

    @property
    def restricts(self) -> bool:
        return not self.open and (self.declares or bool(self.choices))

    def allowed(self, validator: Any, instance: Mapping[str, object]) -> set[str] | None:
        """The keys `instance` may carry, or `None` if any key is fine."""
        if not self.restricts:
            return None
        allowed = set(self.names)
        for branches in self.choices:
            matching = [keys for branch, keys in branches if _matches(validator, instance, branch)]
            for keys in matching or [keys for _, keys in branches]:
                more = keys.allowed(validator, instance)
                if more is None:
                    return None
                allowed |= more
        return allowed


def _declared_keys(spec: Schema, node: Schema, memo: dict[int, _DeclaredKeys]) -> _DeclaredKeys:
    node = _deref(spec, node)
    if id(node) in memo:
        return memo[id(node)]
    names = set(node.get("properties", ()))
    declares = "properties" in node
    is_open = node.get("additionalProperties", False) is not False
    choices: list[tuple[tuple[Schema, _DeclaredKeys], ...]] = []
    for part in node.get("allOf", ()):
        keys = _declared_keys(spec, part, memo)
        names |= keys.names
        declares |= keys.declares
        is_open |= keys.open
        choices.extend(keys.choices)
    if "anyOf" in node:
        choices.append(
            tuple((branch, _declared_keys(spec, branch, memo)) for branch in node["anyOf"])
        )
    memo[id(node)] = result = _DeclaredKeys(frozenset(names), is_open, declares, tuple(choices))
    return result


def _mark_full_positions(
    spec: Schema, node: object, memo: dict[int, _DeclaredKeys], *, full: bool
) -> None:
    """Put the strict-keys check on every node that describes a whole value.

    A property, an array item and a map value are whole values; an `allOf` part or an
    `anyOf` branch describes only part of one, so its enclosing node checks the keys. A
    component's own root is marked by the validator that uses it as its root, because a
    component used as an `allOf` part is partial too.
    """
    if not isinstance(node, dict):
        return
    if full:
        keys = _declared_keys(spec, node, memo)
        if keys.restricts:
            # OAS30Validator applies keywords next to `$ref` (Draft 4 would ignore them), so
            # the mark works on `{"$ref": ...}` properties too; the tests pin this.
            node[_STRICT_KEYS] = keys
    if "$ref" in node:
        return
    for subschema in node.get("properties", {}).values():
        _mark_full_positions(spec, subschema, memo, full=True)
    for key in ("items", "additionalProperties"):
        _mark_full_positions(spec, node.get(key), memo, full=True)
    _mark_full_positions(spec, node.get("not"), memo, full=False)
    for key in ("allOf", "anyOf"):
        for part in node.get(key, ()):
            _mark_full_positions(spec, part, memo, full=False)


def _matches(validator: Any, instance: object, schema: Schema) -> bool:
    return next(iter(validator.descend(instance, schema)), None) is None


def _undeclared_keys(
    validator: Any, keys: _DeclaredKeys, instance: object, schema: Schema
) -> Iterator[Any]:
    if not isinstance(instance, dict):
        return
    allowed = keys.allowed(validator, instance)
    if allowed is None:
        return
    for key in instance:
        if key not in allowed:
            guess = difflib.get_close_matches(key, allowed, n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            yield ValidationError(
                f"undocumented key {key!r}{hint}", path=(key,), instance=instance[key]
            )


# ----------------------------------------------------------------------------- validators


def _accepting_null(keyword: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(keyword)
    def lenient(validator: Any, value: Any, instance: object, schema: Schema) -> Any:
        if instance is None:
            return ()
        return keyword(validator, value, instance, schema)

    return lenient


_LenientValidator: Any = extend(
    OAS30Validator,
    {name: _accepting_null(keyword) for name, keyword in OAS30Validator.VALIDATORS.items()},
)
_StrictKeysValidator: Any = extend(
    _LenientValidator, {_STRICT_KEYS: _accepting_null(_undeclared_keys)}
)


@functools.cache
def _validator(pointer: str, strict_keys: bool) -> Any:
    spec = _spec()
    # The root document is the relaxed spec itself plus a `$ref` to the schema in force, so
    # every "#/components/..." reference resolves without a registry, including those the
    # root's strict-keys check follows into anyOf branches.
    root: Schema = {**spec, "$ref": pointer}
    if strict_keys:
        keys = _declared_keys(spec, _deref(spec, root), {})
        if keys.restricts:
            root[_STRICT_KEYS] = keys
        return _StrictKeysValidator(root)
    return _LenientValidator(root)


@functools.cache
def _response_schema(method: str, path_template: str, status: str) -> tuple[str, str]:
    """The pointer to a JSON response schema, and the subject named in failures."""
    spec = _spec()
    operation = f"{method.upper()} {path_template}"
    try:
        schema = spec["paths"][path_template][method]["responses"][status]["content"][
            "application/json"
        ]["schema"]
    except (KeyError, TypeError):
        raise LookupError(
            f"{SPEC_PATH} documents no application/json {status} response for {operation}"
        ) from None
    name = schema["$ref"].rsplit("/", 1)[-1] if "$ref" in schema else "inline schema"
    pointer = f"#/paths/{_escape(path_template)}/{method}/responses/{status}"
    pointer += "/content/application~1json/schema"
    return pointer, f"response {status} of {operation} (schema {name!r})"


# ----------------------------------------------------------------------------- reporting


def _check(validator: Any, instance: object, subject: str) -> None:
    __tracebackhide__ = True
    errors = list(validator.iter_errors(instance))
    if not errors:
        return
    lines = _describe(errors, depth=1)
    count = sum(_weight(error) for error in errors)
    violations = "violation" if count == 1 else "violations"
    raise AssertionError(
        f"{subject} does not match {SPEC_PATH.name} ({count} {violations}):\n" + "\n".join(lines)
    )


def _describe(errors: Iterable[Any], depth: int) -> list[str]:
    lines: list[str] = []
    indent = "  " * depth
    for error in sorted(errors, key=_position):
        if error.validator == "anyOf" and error.context:
            index, branch_errors = _closest_branch(error)
            branch = error.validator_value[index]
            label = str(branch.get("$ref", "")).rsplit("/", 1)[-1] or branch.get("title", "inline")
            lines.append(
                f"{indent}{error.json_path}: matches none of the {len(error.validator_value)}"
                f" alternatives (oneOf/anyOf); the closest, #{index} {label}, fails with:"
            )
            lines.extend(_describe(branch_errors, depth + 1))
        else:
            message = error.message
            if len(message) > _MESSAGE_WIDTH_MAX:
                message = message[: _MESSAGE_WIDTH_MAX - 1] + "…"
            lines.append(f"{indent}{error.json_path}: {message}")
    return lines


def _branches(error: Any) -> dict[int, list[Any]]:
    branches: dict[int, list[Any]] = {}
    for sub_error in error.context:
        branches.setdefault(sub_error.relative_schema_path[0], []).append(sub_error)
    return branches


def _closest_branch(error: Any) -> tuple[int, list[Any]]:
    """The failing branch with the fewest violations (the first on a tie)."""
    return min(
        _branches(error).items(),
        key=lambda item: (sum(_weight(sub_error) for sub_error in item[1]), item[0]),
    )


def _weight(error: Any) -> int:
    """How many violations an error stands for: an anyOf failure counts its closest branch's."""
    if error.validator == "anyOf" and error.context:
        return sum(_weight(sub_error) for sub_error in _closest_branch(error)[1])
    return 1


def _position(error: Any) -> tuple[tuple[bool, int | str], ...]:
    return tuple((isinstance(step, str), step) for step in error.absolute_path)

"""The body of a validation rule set, parsed and checked (DOMAIN.md 16.3).

`rules` arrives as Voucherify's JSON: `{"1": {name, property?, conditions, rules?, error?},
..., "logic": "1 and 2"}`. `parse_rules` turns it into a `RuleGroup` or raises
`RuleSetError` naming the JSON path (`$.rules.3.conditions.$timeframe`) and the rule. Every
name, condition and key not listed here is refused: a rule that is accepted is enforced.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from . import limits
from .rule_logic import LogicError, Node, Truth, all_of, compile_logic, parse


class RuleSetError(ValueError):
    def __init__(self, path: str, rule: str) -> None:
        self.path = path
        self.rule = rule
        super().__init__(f"{path}: {rule}")


@attrs.frozen
class RuleName:
    """What a rule name measures: its error group, its value type, where it may appear."""

    group: str
    """`customer`, `order` or `redemption`: picks the failure key (16.3)."""
    value: str
    """`int`, `str`, `any` (metadata), `bool` or `item` (order item references)."""
    takes_property: bool = False
    sub_rule: bool = False
    """Only inside an order item rule (evaluated on the matched item)."""


_ITEM_RULES: Final = ("any", "every", "none", "cheapest", "most_expensive")
_COUNTS: Final = ("", ".daily", ".weekly", ".monthly")

RULE_NAMES: Final[Mapping[str, RuleName]] = {
    "customer.metadata": RuleName("customer", "any", takes_property=True),
    **{
        f"order.{name}": RuleName("order", "int")
        for name in (
            "amount",
            "total_amount",
            "initial_amount",
            "items.count",
            "items.price_any",
            "items.price_each",
        )
    },
    "order.metadata": RuleName("order", "any", takes_property=True),
    **{f"order.items.{name}": RuleName("order", "item") for name in _ITEM_RULES},
    **{
        f"{kind}.{measure}": RuleName("order", "int", sub_rule=True)
        for kind in ("product", "sku")
        for measure in ("quantity", "price")
    },
    "product.metadata": RuleName("order", "any", takes_property=True, sub_rule=True),
    **{f"campaign.redemptions.count{period}": RuleName("redemption", "int") for period in _COUNTS},
    "campaign.redemptions.customers_count": RuleName("redemption", "int"),
    "campaign.orders.amount": RuleName("redemption", "int"),
    "campaign.orders.amount_discounted": RuleName("redemption", "int"),
    **{
        f"redemption.count.per_customer{period}": RuleName("redemption", "int")
        for period in _COUNTS
    },
    **{f"redemption.count{period}": RuleName("redemption", "int") for period in _COUNTS[1:]},
    "redemption.gift.amount": RuleName("redemption", "int"),
    "redemption.metadata": RuleName("redemption", "any", takes_property=True),
    "redemption.api_key": RuleName("redemption", "str"),
    "redemption.count.per_api_key": RuleName("redemption", "int"),
    "redemption.reward.pay_with_points.points_used": RuleName("redemption", "int"),
    "publication.redeemable_by_linked_customer": RuleName("redemption", "bool"),
}
"""Every supported rule name (DOMAIN.md 16.3)."""

EQUALITY: Final = frozenset({"$is", "$is_not", "$in", "$not_in"})
ORDERING: Final = frozenset(
    {"$less_than", "$less_than_or_equal", "$more_than", "$more_than_or_equal"}
)
TEXT: Final = frozenset({"$starts_with", "$ends_with", "$contains"})
CONDITIONS_BY_VALUE: Final[Mapping[str, frozenset[str]]] = {
    "int": EQUALITY | ORDERING,
    "str": EQUALITY | TEXT,
    "any": EQUALITY | ORDERING | TEXT,
    "bool": frozenset({"$is", "$is_not"}),
    "item": EQUALITY,
}
SINGLE_VALUE: Final = ORDERING | TEXT
"""Conditions that compare with one value (`$more_than: [5000]`)."""

_RULE_KEYS: Final = frozenset({"name", "property", "conditions", "rules", "error"})


def _listed(lookup: frozenset[tuple[Any, ...]], value: Any) -> bool:
    # Typed: `True == 1` in Python, but a rule comparing with 1 must not match a boolean.
    return isinstance(value, str | int) and (type(value).__name__, value) in lookup


def _checker(operator: str, wanted: Any, lookup: frozenset[tuple[Any, ...]]) -> Check:
    """The test of one condition on one value; a value of the wrong type never holds,
    except for the negative conditions (`$is_not`, `$not_in`)."""
    tests: dict[str, Check] = {
        "$is": lambda value: _listed(lookup, value),
        "$in": lambda value: _listed(lookup, value),
        "$is_not": lambda value: not _listed(lookup, value),
        "$not_in": lambda value: not _listed(lookup, value),
        "$starts_with": lambda value: isinstance(value, str) and value.startswith(wanted),
        "$ends_with": lambda value: isinstance(value, str) and value.endswith(wanted),
        "$contains": lambda value: isinstance(value, str) and wanted in value,
        "$less_than": lambda value: type(value) is int and value < wanted,
        "$less_than_or_equal": lambda value: type(value) is int and value <= wanted,
        "$more_than": lambda value: type(value) is int and value > wanted,
        "$more_than_or_equal": lambda value: type(value) is int and value >= wanted,
    }
    return tests[operator]


Check = Callable[[Any], bool]


@attrs.frozen
class Condition:
    operator: str
    values: tuple[Any, ...]
    lookup: frozenset[tuple[Any, ...]] = attrs.field(init=False, eq=False, repr=False)
    """The values as a set for equality conditions: `(type name, value)` for scalars (so
    `1` never equals `true`), `(object, id|source_id, value)` for order item references."""

    @lookup.default
    def _lookup(self) -> frozenset[tuple[Any, ...]]:
        found: set[tuple[Any, ...]] = set()
        for value in self.values:
            if isinstance(value, Mapping):
                found.update(
                    (value["object"], key, value[key])
                    for key in ("id", "source_id")
                    if key in value
                )
            else:
                found.add((type(value).__name__, value))
        return frozenset(found)

    check: Check = attrs.field(init=False, eq=False, repr=False)
    """Whether a value satisfies this condition (built once, on parse)."""

    @check.default
    def _check(self) -> Check:
        return _checker(self.operator, self.values[0], self.lookup)


@attrs.frozen
class RuleItem:
    number: str
    name: str
    metadata_key: str | None
    """The rule's `property`: the metadata key a `*.metadata` rule reads."""
    conditions: tuple[Condition, ...]
    sub_rules: RuleGroup | None
    error_message: str | None

    @property
    def group(self) -> str:
        return RULE_NAMES[self.name].group


@attrs.frozen
class RuleGroup:
    items: Mapping[str, RuleItem]
    logic: Node
    truth: Truth = attrs.field(init=False, eq=False, repr=False)
    """`logic` compiled once (rule_logic.compile_logic)."""

    @truth.default
    def _truth(self) -> Truth:
        return compile_logic(self.logic)


def parse_rules(
    raw: Any, path: str = "$.rules", depth: int = 1, *, inside_item: bool = False
) -> RuleGroup:
    """The rule group of `raw`; `RuleSetError` naming the first thing wrong with it."""
    if not isinstance(raw, Mapping):
        raise RuleSetError(path, "must be an object of numbered rules and an optional logic")
    if depth > limits.VALIDATION_RULE_DEPTH_MAX:
        raise RuleSetError(path, f"nests deeper than {limits.VALIDATION_RULE_DEPTH_MAX} levels")
    numbers = [key for key in raw if key != "logic"]
    for key in numbers:
        if not (isinstance(key, str) and key.isdigit() and not key.startswith("0")):
            raise RuleSetError(f"{path}.{key}", "rule keys are numbers from 1 (and `logic`)")
    if depth == 1 and not numbers:
        raise RuleSetError(path, "must hold at least one rule")
    items = {
        key: _rule(raw[key], f"{path}.{key}", key, depth, inside_item=inside_item)
        for key in sorted(numbers, key=int)
    }
    logic = raw.get("logic")
    if logic is None:
        tree = all_of(items) if items else all_of(())
    elif not isinstance(logic, str):
        raise RuleSetError(f"{path}.logic", "must be a string")
    else:
        try:
            tree = parse(logic, items)
        except LogicError as error:
            raise RuleSetError(f"{path}.logic", str(error)) from error
    return RuleGroup(items, tree)


def count_rules(group: RuleGroup) -> int:
    """Rules in a group, sub-rules included."""
    return sum(
        1 + (count_rules(item.sub_rules) if item.sub_rules else 0)
        for item in group.items.values()
    )


def _rule(raw: Any, path: str, number: str, depth: int, *, inside_item: bool) -> RuleItem:
    if not isinstance(raw, Mapping):
        raise RuleSetError(path, "must be an object")
    for key in raw:
        if key not in _RULE_KEYS:
            raise RuleSetError(f"{path}.{key}", "is not a supported key of a rule")
    name = raw.get("name")
    known = RULE_NAMES.get(name) if isinstance(name, str) else None
    if known is None or not isinstance(name, str):
        raise RuleSetError(f"{path}.name", f"{name!r} is not a supported rule name")
    if known.sub_rule and not inside_item:
        raise RuleSetError(f"{path}.name", f"{name} is a sub-rule of an order.items rule")
    prop = raw.get("property")
    if known.takes_property != (prop is not None):
        rule = "is required for this rule" if known.takes_property else "is not used by this rule"
        raise RuleSetError(f"{path}.property", rule)
    if prop is not None and (not isinstance(prop, str) or not prop):
        raise RuleSetError(f"{path}.property", "must be a non-empty string")
    conditions = _conditions(raw.get("conditions"), f"{path}.conditions", known)
    sub = raw.get("rules")
    sub_rules = None
    if sub is not None and (not isinstance(sub, Mapping) or sub):
        if depth + 1 > limits.VALIDATION_RULE_DEPTH_MAX:
            raise RuleSetError(
                f"{path}.rules", f"nests deeper than {limits.VALIDATION_RULE_DEPTH_MAX} levels"
            )
        if known.value != "item":
            raise RuleSetError(f"{path}.rules", "only order.items rules take sub-rules")
        sub_rules = _sub_rules(sub, f"{path}.rules", depth + 1)
    return RuleItem(number, name, prop, conditions, sub_rules, _message(raw.get("error"), path))


def _sub_rules(raw: Any, path: str, depth: int) -> RuleGroup:
    group = parse_rules(raw, path, depth, inside_item=True)
    for number, item in group.items.items():
        if not RULE_NAMES[item.name].sub_rule:
            raise RuleSetError(
                f"{path}.{number}.name", f"{item.name} is not an order item sub-rule"
            )
    return group


def _message(raw: Any, path: str) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or set(raw) - {"message"}:
        raise RuleSetError(f"{path}.error", "must be an object with only `message`")
    message = raw.get("message")
    too_long = isinstance(message, str) and len(message) > limits.STRING_LENGTH_MAX
    if message is not None and (not isinstance(message, str) or too_long):
        rule = f"must be a string of at most {limits.STRING_LENGTH_MAX} characters"
        raise RuleSetError(f"{path}.error.message", rule)
    return message


def _conditions(raw: Any, path: str, known: RuleName) -> tuple[Condition, ...]:
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise RuleSetError(path, "must be an object of conditions")
    allowed = CONDITIONS_BY_VALUE[known.value]
    parsed = []
    for operator, values in raw.items():
        where = f"{path}.{operator}"
        if operator not in allowed:
            raise RuleSetError(where, f"is not a supported condition for a {known.value} rule")
        if not isinstance(values, list | tuple) or not values:
            raise RuleSetError(where, "must be a non-empty array of values")
        if len(values) > limits.RULE_CONDITION_VALUES_MAX:
            raise RuleSetError(where, f"takes at most {limits.RULE_CONDITION_VALUES_MAX} values")
        if operator in SINGLE_VALUE and len(values) != 1:
            raise RuleSetError(where, "takes exactly one value")
        for index, value in enumerate(values):
            _check_value(value, f"{where}[{index}]", known.value, operator)
        parsed.append(Condition(operator, tuple(values)))
    if not parsed and known.value not in ("bool", "item"):
        raise RuleSetError(path, "must hold at least one condition")
    return tuple(parsed)


def _is_int(value: Any) -> bool:
    return type(value) is int and abs(value) <= limits.MONEY_MINOR_UNITS_MAX


def _check_value(value: Any, path: str, kind: str, operator: str) -> None:
    if kind == "int" or operator in ORDERING:
        if not _is_int(value):
            raise RuleSetError(path, "must be an integer (money in minor units)")
    elif kind == "str" or operator in TEXT:
        if not isinstance(value, str):
            raise RuleSetError(path, "must be a string")
    elif kind == "bool":
        if not isinstance(value, bool):
            raise RuleSetError(path, "must be true or false")
    elif kind == "item":
        _check_item_ref(value, path)
    elif not (isinstance(value, str | bool) or _is_int(value)):
        raise RuleSetError(path, "must be a string, an integer or a boolean")


def _check_item_ref(value: Any, path: str) -> None:
    if not isinstance(value, Mapping):
        raise RuleSetError(path, "must be an object {id or source_id, object}")
    if set(value) - {"id", "source_id", "object"}:
        raise RuleSetError(path, "takes only id, source_id and object")
    if value.get("object") not in ("product", "sku"):
        raise RuleSetError(f"{path}.object", "must be product or sku")
    ids = [value.get(name) for name in ("id", "source_id") if value.get(name) is not None]
    if not ids or not all(isinstance(item, str) and item for item in ids):
        raise RuleSetError(path, "needs an id or a source_id (non-empty strings)")

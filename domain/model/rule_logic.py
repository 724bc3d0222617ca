"""The `logic` expression of a validation rule set (DOMAIN.md 16.3).

Grammar (precedence from loosest to tightest, like Python's boolean operators):

    expression := term ("or" term)*
    term       := factor ("and" factor)*
    factor     := "not" factor | "(" expression ")" | RULE_NUMBER

Words are case-insensitive; a rule number names a key of the rule set's `rules`. Parsing
is recursive descent over a token list, bounded by `limits.RULE_LOGIC_LENGTH_MAX` characters
and `limits.RULE_LOGIC_DEPTH_MAX` nested parentheses/negations, so a hostile expression
cannot exhaust the stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping

import attrs

from . import limits

_TOKEN = re.compile(r"\s*(?:(\()|(\))|([A-Za-z]+)|(\d+)|(\S))")


class LogicError(ValueError):
    """The expression does not parse or names a rule that does not exist."""


@attrs.frozen
class Rule:
    number: str


@attrs.frozen
class Not:
    operand: Node


@attrs.frozen
class And:
    operands: tuple[Node, ...]


@attrs.frozen
class Or:
    operands: tuple[Node, ...]


Node = Rule | Not | And | Or


def _tokens(text: str) -> list[str]:
    found: list[str] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only trailing whitespace is left
            break
        position = match.end()
        opening, closing, word, number, other = match.groups()
        if other is not None:
            raise LogicError(f"unexpected character {other!r}")
        if word is not None:
            lowered = word.lower()
            if lowered not in ("and", "or", "not"):
                raise LogicError(f"unknown word {word!r}: use and, or, not and rule numbers")
            found.append(lowered)
        else:
            found.append(opening or closing or number)
    return found


class _Parser:
    def __init__(self, tokens: list[str], known: Collection[str]) -> None:
        self.tokens = tokens
        self.position = 0
        self.known = known

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise LogicError("ends too early")
        self.position += 1
        return token

    def expression(self, depth: int) -> Node:
        operands = [self.term(depth)]
        while self.peek() == "or":
            self.take()
            operands.append(self.term(depth))
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def term(self, depth: int) -> Node:
        operands = [self.factor(depth)]
        while self.peek() == "and":
            self.take()
            operands.append(self.factor(depth))
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def factor(self, depth: int) -> Node:
        if depth > limits.RULE_LOGIC_DEPTH_MAX:
            raise LogicError(f"nests deeper than {limits.RULE_LOGIC_DEPTH_MAX} levels")
        token = self.take()
        if token == "not":
            return Not(self.factor(depth + 1))
        if token == "(":
            inner = self.expression(depth + 1)
            if self.peek() != ")":
                raise LogicError("a parenthesis is not closed")
            self.take()
            return inner
        if token.isdigit():
            if token not in self.known:
                raise LogicError(f"rule {token} does not exist")
            return Rule(token)
        raise LogicError(f"unexpected {token!r}")


def parse(text: str, known: Collection[str]) -> Node:
    """The expression tree of `text`; every rule number must be one of `known`."""
    if len(text) > limits.RULE_LOGIC_LENGTH_MAX:
        raise LogicError(f"must be at most {limits.RULE_LOGIC_LENGTH_MAX} characters")
    tokens = _tokens(text)
    if not tokens:
        raise LogicError("is empty")
    parser = _Parser(tokens, known)
    tree = parser.expression(0)
    if parser.peek() is not None:
        raise LogicError(f"unexpected {parser.peek()!r} after a complete expression")
    return tree


def all_of(numbers: Collection[str]) -> Node:
    """The default logic: every rule, joined by `and`."""
    ordered = sorted(numbers, key=int)
    if len(ordered) == 1:
        return Rule(ordered[0])
    return And(tuple(Rule(number) for number in ordered))


def evaluate(node: Node, value: Callable[[str], bool]) -> bool:
    """The truth of `node`; `value` is asked only for the rules the result depends on."""
    if isinstance(node, Rule):
        return value(node.number)
    if isinstance(node, Not):
        return not evaluate(node.operand, value)
    # Loops rather than all()/any() over generators: this runs per rule set per redemption.
    if isinstance(node, And):
        for operand in node.operands:  # noqa: SIM110
            if not evaluate(operand, value):
                return False
        return True
    for operand in node.operands:  # noqa: SIM110
        if evaluate(operand, value):
            return True
    return False


def culprit(node: Node, values: Mapping[str, bool]) -> str:
    """The rule to blame when `node` is false under `values` (DOMAIN.md 16.3): the lowest
    rule number whose flip alone makes the logic true; else the lowest false rule; else
    the lowest rule (a `not` over rules that hold)."""
    numbers = sorted(values, key=int)
    for number in numbers:
        flipped = {**values, number: not values[number]}
        if evaluate(node, flipped.__getitem__):
            return number
    false = [number for number in numbers if not values[number]]
    return (false or numbers)[0]


Truth = Callable[[Callable[[str], bool]], bool]
"""A compiled expression: given the truth of each rule, the truth of the whole."""


def compile_logic(node: Node) -> Truth:
    """`node` as nested closures: one call per node, no type dispatch at evaluation time
    (`evaluate` is the reference; a test holds the two to the same answers)."""
    if isinstance(node, Rule):
        number = node.number
        return lambda value: value(number)
    if isinstance(node, Not):
        inner = compile_logic(node.operand)
        return lambda value: not inner(value)
    parts = tuple(compile_logic(operand) for operand in node.operands)
    if isinstance(node, And):
        if len(parts) == 2:
            first, second = parts
            return lambda value: first(value) and second(value)
        return lambda value: all(part(value) for part in parts)
    if len(parts) == 2:
        first, second = parts
        return lambda value: first(value) or second(value)
    return lambda value: any(part(value) for part in parts)

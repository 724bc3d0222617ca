"""The `logic` expression of a rule set (DOMAIN.md 16.3): precedence, parentheses, errors.

Goal: `not` binds tighter than `and`, which binds tighter than `or`; parentheses override;
a missing rule number or text that does not parse is refused. A property test compares the
parser with Python's own boolean operators on random expressions.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redemption_core.domain.model.rule_logic import (
    LogicError,
    compile_logic,
    culprit,
    evaluate,
    parse,
)

KNOWN = ("1", "2", "3", "4")


def truth(text: str, values: dict[str, bool]) -> bool:
    return evaluate(parse(text, KNOWN), values.__getitem__)


def assignments() -> list[dict[str, bool]]:
    return [dict(zip(KNOWN, bits, strict=True))
            for bits in itertools.product((False, True), repeat=len(KNOWN))]


class TestPrecedence:
    @pytest.mark.parametrize(("text", "python"), [
        ("1 or 2 and 3", lambda a, b, c, d: a or (b and c)),
        ("1 and 2 or 3", lambda a, b, c, d: (a and b) or c),
        ("not 1 and 2", lambda a, b, c, d: (not a) and b),
        ("not (1 and 2)", lambda a, b, c, d: not (a and b)),
        ("(1 or 2) and 3", lambda a, b, c, d: (a or b) and c),
        ("1 and not not 2", lambda a, b, c, d: a and b),
        ("1 OR 2 AND NOT 3 or 4", lambda a, b, c, d: a or (b and not c) or d),
        ("((1))", lambda a, b, c, d: a),
    ])
    def test_the_expression_means_what_python_means(self, text, python):
        """not > and > or, parentheses first, words in any case."""
        for values in assignments():
            assert truth(text, values) == python(*values.values()), values

    @given(st.recursive(
        st.sampled_from(KNOWN),
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
                lambda parts: f"({parts[0]} {parts[1]} {parts[2]})"),
            inner.map(lambda part: f"not {part}"),
        ),
        max_leaves=12,
    ))
    def test_random_expressions_agree_with_python(self, text):
        """Any expression built from rules, and/or/not and parentheses evaluates as Python's,
        interpreted (`evaluate`) and compiled (`compile_logic`) alike."""
        for values in assignments():
            python = eval(
                text.replace("1", "a").replace("2", "b").replace("3", "c").replace("4", "d"),
                {}, dict(zip("abcd", values.values(), strict=True)))
            assert truth(text, values) == python
            assert compile_logic(parse(text, KNOWN))(values.__getitem__) == python


class TestBadLogic:
    @pytest.mark.parametrize(("text", "reason"), [
        ("1 and 5", "rule 5 does not exist"),
        ("1 and", "ends too early"),
        ("(1 or 2", "a parenthesis is not closed"),
        ("1 2", "unexpected '2' after a complete expression"),
        ("1 xor 2", "unknown word 'xor'"),
        ("1 & 2", "unexpected character '&'"),
        ("", "is empty"),
        ("1)", "unexpected ')' after a complete expression"),
    ])
    def test_it_is_refused_with_the_reason(self, text, reason):
        """LogicError says what is wrong."""
        with pytest.raises(LogicError, match=reason.replace("(", r"\(").replace(")", r"\)")):
            parse(text, KNOWN)


class TestBlame:
    def test_the_lowest_rule_whose_flip_makes_it_true_is_blamed(self):
        """`1 or (2 and 3)` with 1, 3 false: flipping 1 alone suffices, so 1."""
        tree = parse("1 or (2 and 3)", KNOWN)
        assert culprit(tree, {"1": False, "2": True, "3": False, "4": True}) == "1"

    def test_without_a_single_flip_the_lowest_false_rule_is_blamed(self):
        """`1 and 2` with both false: no single flip suffices, so the lowest false rule."""
        tree = parse("1 and 2", KNOWN)
        assert culprit(tree, {"1": False, "2": False, "3": True, "4": True}) == "1"

    def test_a_negated_rule_that_holds_is_blamed(self):
        """`not 2` with 2 true: rule 2 is the one to blame."""
        tree = parse("not 2", KNOWN)
        assert culprit(tree, {"1": True, "2": True, "3": True, "4": True}) == "2"

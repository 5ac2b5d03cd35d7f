"""Formulas in definitions are arithmetic only, exact, and never run code."""

from __future__ import annotations

from decimal import Decimal

import pytest

from greendesk.expressions import Expression, ExpressionError


def test_exact_arithmetic_and_names():
    e = Expression("W4 / (W4 + W1) * 100")
    assert e.names == {"W4", "W1"}
    assert e.evaluate({"W4": Decimal(3), "W1": Decimal(1)}) == Decimal(75)


def test_missing_input_and_division_by_zero_give_none():
    e = Expression("E1 / E0")
    assert e.evaluate({"E1": Decimal(1)}) is None
    assert e.evaluate({"E1": Decimal(1), "E0": Decimal(0)}) is None


@pytest.mark.parametrize("text", ["__import__('os')", "E0 ** 2", "E0.real", "[E0]", "E0 if E1 else 2", "'a'"])
def test_anything_but_arithmetic_is_refused(text):
    with pytest.raises(ExpressionError):
        Expression(text)


def test_evaluate_in_context_gives_the_same_values_as_evaluate():
    from greendesk.expressions import decimal_context

    e = Expression("(A - B) * 2 / C + -D")
    values = {"A": Decimal("7.5"), "B": Decimal("1.5"), "C": Decimal(4), "D": Decimal("0.5")}
    with decimal_context():
        assert e.evaluate_in_context(values) == Decimal("2.5")  # (6 × 2) / 4 − 0.5
        assert e.evaluate_in_context({**values, "A": None}) is None
        assert e.evaluate_in_context({**values, "D": None}) is None
        assert e.evaluate_in_context({**values, "C": Decimal(0)}) is None
    assert Expression("1 / 3").evaluate({}) == Decimal(1) / Decimal(3)  # 28 significant digits
    assert len(str(Expression("1 / 3").evaluate({}))) == 30


@pytest.mark.parametrize(("text", "single"), [("E1", "E1"), ("(S2)", "S2"),
                                              ("E1 + 0", None), ("-E1", None), ("2", None)])
def test_single_names_the_row_an_expression_is_nothing_but(text, single):
    # rules read such a row's value directly instead of evaluating: only a bare row id qualifies
    assert Expression(text).single == single

"""A tiny, safe arithmetic language for formulas and rules in the form definition.

Only + - * /, parentheses, decimal literals and row ids: a definition file can never run code.
Evaluation is exact (Decimal); a missing input or a division by zero yields None, not an error,
because an empty cell is a normal state of a draft being filled.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext


class ExpressionError(ValueError):
    pass


_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div)


class Expression:
    __slots__ = ("text", "names", "single", "_fn")

    def __init__(self, text: str):
        self.text = text
        try:
            tree = ast.parse(text, mode="eval")
        except SyntaxError as exc:
            raise ExpressionError(f"语法错误：{text}") from exc
        names: set[str] = set()
        self._fn = _compile(tree.body, names)
        self.names = frozenset(names)
        # the row id when the expression is nothing but one (most rules compare rows): callers
        # evaluating it thousands of times read the value directly
        self.single: str | None = tree.body.id if isinstance(tree.body, ast.Name) else None

    def evaluate(self, values: Mapping[str, Decimal | None]) -> Decimal | None:
        with decimal_context():
            return self.evaluate_in_context(values)

    def evaluate_in_context(self, values: Mapping[str, Decimal | None]) -> Decimal | None:
        """`evaluate` under the caller's `decimal_context()`: one context for the many
        expressions of a validation, instead of one per expression."""
        try:
            return self._fn(values)
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
            return None

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


def decimal_context():
    """The decimal context expressions are evaluated in (28 significant digits)."""
    return localcontext(prec=PRECISION)


PRECISION = 28

Fn = Callable[[Mapping[str, Decimal | None]], Decimal | None]


def _compile(node: ast.AST, names: set[str]) -> Fn:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(
        node.value, bool
    ):
        const = Decimal(str(node.value))
        return lambda _v: const
    if isinstance(node, ast.Name):
        name = node.id
        names.add(name)
        return lambda v: v.get(name)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _compile(node.operand, names)

        def neg(v: Mapping[str, Decimal | None]) -> Decimal | None:
            x = inner(v)
            return None if x is None else -x

        return neg
    if isinstance(node, ast.BinOp) and isinstance(node.op, _OPS):
        return _binop(type(node.op), _compile(node.left, names), _compile(node.right, names))
    raise ExpressionError(f"不支持的表达式成分：{ast.dump(node)[:60]}")


def _binop(op: type, left: Fn, right: Fn) -> Fn:
    """One closure per operator (evaluated millions of times in a 批量审核): None as soon as an
    operand is missing, None for a division by zero."""
    if op is ast.Add:
        def add(v: Mapping[str, Decimal | None]) -> Decimal | None:
            a = left(v)
            if a is None:
                return None
            b = right(v)
            return None if b is None else a + b
        return add
    if op is ast.Sub:
        def sub(v: Mapping[str, Decimal | None]) -> Decimal | None:
            a = left(v)
            if a is None:
                return None
            b = right(v)
            return None if b is None else a - b
        return sub
    if op is ast.Mult:
        def mul(v: Mapping[str, Decimal | None]) -> Decimal | None:
            a = left(v)
            if a is None:
                return None
            b = right(v)
            return None if b is None else a * b
        return mul

    def div(v: Mapping[str, Decimal | None]) -> Decimal | None:
        a = left(v)
        if a is None:
            return None
        b = right(v)
        return None if b is None or b == 0 else a / b
    return div

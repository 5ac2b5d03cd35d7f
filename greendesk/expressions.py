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
    __slots__ = ("text", "names", "_fn")

    def __init__(self, text: str):
        self.text = text
        try:
            tree = ast.parse(text, mode="eval")
        except SyntaxError as exc:
            raise ExpressionError(f"语法错误：{text}") from exc
        names: set[str] = set()
        self._fn = _compile(tree.body, names)
        self.names = frozenset(names)

    def evaluate(self, values: Mapping[str, Decimal | None]) -> Decimal | None:
        with localcontext() as ctx:
            ctx.prec = 28
            try:
                return self._fn(values)
            except (DivisionByZero, InvalidOperation, ZeroDivisionError):
                return None

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


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
        left, right, op = _compile(node.left, names), _compile(node.right, names), type(node.op)

        def binop(v: Mapping[str, Decimal | None]) -> Decimal | None:
            a, b = left(v), right(v)
            if a is None or b is None:
                return None
            if op is ast.Add:
                return a + b
            if op is ast.Sub:
                return a - b
            if op is ast.Mult:
                return a * b
            if b == 0:
                return None
            return a / b

        return binop
    raise ExpressionError(f"不支持的表达式成分：{ast.dump(node)[:60]}")

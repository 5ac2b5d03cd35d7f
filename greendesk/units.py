"""Unit catalogue and exact conversion, so that 万吨标准煤 and 吨标准煤 compare correctly."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import cache

from greendesk.resources import resource_path


class UnitError(ValueError):
    pass


@dataclass(frozen=True)
class Unit:
    name: str
    dim: str
    factor: Fraction  # value in this unit × factor = value in the base unit of `dim`


@cache
def catalogue() -> dict[str, Unit]:
    data = tomllib.loads(resource_path("units.toml").read_text(encoding="utf-8"))
    return {
        name: Unit(name, spec["dim"], Fraction(spec["factor"]))
        for name, spec in data["units"].items()
    }


def unit(name: str) -> Unit:
    try:
        return catalogue()[name]
    except KeyError:
        raise UnitError(f"未知单位「{name}」") from None


def _to_decimal(x: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 28
        return Decimal(x.numerator) / Decimal(x.denominator)


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Convert exactly between two units of one dimension (e.g. 万吨标准煤 → 吨标准煤)."""
    if from_unit == to_unit:
        return value
    a, b = unit(from_unit), unit(to_unit)
    if a.dim != b.dim:
        raise UnitError(f"单位「{from_unit}」与「{to_unit}」不能换算")
    return _to_decimal(Fraction(value) * a.factor / b.factor)


def compatible(a: str, b: str) -> bool:
    cat = catalogue()
    return a in cat and b in cat and cat[a].dim == cat[b].dim


def display_unit(name: str, product_unit: str = "") -> str:
    """"千克标准煤/产品单位" shows the product's own unit when it is known (千克标准煤/吨)."""
    return name.replace("产品单位", product_unit) if product_unit else name

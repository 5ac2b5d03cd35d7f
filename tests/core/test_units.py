"""Unit conversion before any comparison: 万元/千元, 吨标准煤/万吨标准煤, m³/万m³, m²/亩/公顷."""

from __future__ import annotations

from decimal import Decimal

import pytest

from greendesk.units import UnitError, catalogue, convert


@pytest.mark.parametrize(("value", "src", "dst", "expected"), [
    ("1", "万吨标准煤", "吨标准煤", "10000"),
    ("12345", "千元", "万元", "1234.5"),
    ("3", "万立方米", "立方米", "30000"),
    ("15", "亩", "平方米", "10000"),
    ("1", "公顷", "亩", "15"),
    ("2.5", "吨标准煤/万元", "千克标准煤/万元", "2500"),
    ("1", "万元/平方米", "万元/亩", "666.6666666666666666666666667"),
    ("800", "千克", "吨", "0.8"),
])
def test_conversions_are_exact(value, src, dst, expected):
    assert convert(Decimal(value), src, dst) == Decimal(expected)


def test_round_trip_through_a_fractional_unit_is_stable():
    back = convert(convert(Decimal("123.45"), "亩", "平方米"), "平方米", "亩")
    assert abs(back - Decimal("123.45")) < Decimal("1e-20")


def test_incompatible_units_refuse():
    with pytest.raises(UnitError, match="不能换算"):
        convert(Decimal(1), "吨", "万元")
    with pytest.raises(UnitError, match="未知单位"):
        convert(Decimal(1), "斤", "吨")


def test_every_unit_offered_by_the_forms_is_in_the_catalogue(def2025):
    known = catalogue()
    for row in def2025.table.rows:
        for u in row.units:
            assert u in known, (row.id, u)
        if row.products:
            assert f"{row.products.consumption_unit}/产品单位" in known

"""Every unit factor, both directions, against values written from their source — not read from
resources/units.toml. A factor off by ten (万吨二氧化碳, 万元/公顷) or a unit put in the wrong
dimension (吨 vs 吨标准煤) fails here; a unit added to the catalogue without a line here fails too.

Sources: SI prefixes and the 市制 area unit (1 公顷 = 10 000 m² = 15 亩, so 1 亩 = 10 000/15 m²);
GB/T 2589-2020 and domain.md §3 ("1 tce = 1000 kgce; 1 万吨标准煤 = 10 000 tce"); 万 = 10⁴.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from greendesk import forms
from greendesk.draft import new_draft
from greendesk.rollover import rollover
from greendesk.units import UnitError, catalogue, compatible, convert

# unit → (base unit of its dimension, how many base units one of it is)
FACTORS: dict[str, tuple[str, Fraction]] = {
    "万元": ("万元", Fraction(1)),
    "千元": ("万元", Fraction(1, 10)),  # B204-1's 千元: 千元 ÷ 10 = 万元 (manual)
    "元": ("万元", Fraction(1, 10000)),
    "亿元": ("万元", Fraction(10000)),  # 1 亿 = 10⁸ = 10⁴ 万
    "吨标准煤": ("吨标准煤", Fraction(1)),
    "万吨标准煤": ("吨标准煤", Fraction(10000)),  # domain.md §3
    "千克标准煤": ("吨标准煤", Fraction(1, 1000)),  # GB/T 2589: 1 tce = 1000 kgce
    "吨二氧化碳": ("吨二氧化碳", Fraction(1)),
    "万吨二氧化碳": ("吨二氧化碳", Fraction(10000)),
    "立方米": ("立方米", Fraction(1)),
    "万立方米": ("立方米", Fraction(10000)),
    "平方米": ("平方米", Fraction(1)),
    "亩": ("平方米", Fraction(10000, 15)),  # 666.67 m²
    "公顷": ("平方米", Fraction(10000)),
    "平方公里": ("平方米", Fraction(1000000)),
    "吨": ("吨", Fraction(1)),
    "千克": ("吨", Fraction(1, 1000)),
    "万吨": ("吨", Fraction(10000)),
    "%": ("%", Fraction(1)),
    "无量纲": ("无量纲", Fraction(1)),
    "项": ("项", Fraction(1)),
    "吨标准煤/万元": ("吨标准煤/万元", Fraction(1)),
    "千克标准煤/万元": ("吨标准煤/万元", Fraction(1, 1000)),
    "吨二氧化碳/万元": ("吨二氧化碳/万元", Fraction(1)),
    "千克二氧化碳/万元": ("吨二氧化碳/万元", Fraction(1, 1000)),
    "立方米/万元": ("立方米/万元", Fraction(1)),
    "吨/万元": ("吨/万元", Fraction(1)),
    "千克/万元": ("吨/万元", Fraction(1, 1000)),
    "万元/平方米": ("万元/平方米", Fraction(1)),
    "万元/亩": ("万元/平方米", Fraction(15, 10000)),  # 1 万元 per 666.67 m² = 0.0015 万元/m²
    "万元/公顷": ("万元/平方米", Fraction(1, 10000)),
    "亿元/平方公里": ("万元/平方米", Fraction(1, 100)),  # 10⁴ 万元 per 10⁶ m²
    "万元/吨标准煤": ("万元/吨标准煤", Fraction(1)),
    "元/立方米": ("元/立方米", Fraction(1)),
    "万元/人": ("万元/人", Fraction(1)),
    "人": ("人", Fraction(1)),
    "吨标准煤/产品单位": ("吨标准煤/产品单位", Fraction(1)),
    "千克标准煤/产品单位": ("吨标准煤/产品单位", Fraction(1, 1000)),
    "立方米/产品单位": ("立方米/产品单位", Fraction(1)),
}

# One value in each unit and the same quantity in the base unit, written out as decimals.
WRITTEN: list[tuple[str, str, str, str]] = [
    ("1", "万元", "1", "万元"),
    ("86520", "千元", "8652", "万元"),
    ("12345", "元", "1.2345", "万元"),
    ("3920", "吨标准煤", "3920", "吨标准煤"),
    ("0.392", "万吨标准煤", "3920", "吨标准煤"),
    ("1229", "千克标准煤", "1.229", "吨标准煤"),  # 1 万kWh × 0.1229 kgce/kWh = 1.229 tce (§3)
    ("1.665", "万吨二氧化碳", "16650", "吨二氧化碳"),
    ("12.45", "万立方米", "124500", "立方米"),
    ("15", "亩", "10000", "平方米"),
    ("1", "亩", "666.6666666666666666666666667", "平方米"),
    ("12", "公顷", "120000", "平方米"),
    ("180", "亩", "120000", "平方米"),
    ("38500", "千克", "38.5", "吨"),
    ("40.3", "千克标准煤/万元", "0.0403", "吨标准煤/万元"),
    ("172", "千克二氧化碳/万元", "0.172", "吨二氧化碳/万元"),
    ("0.0456", "千克/万元", "0.0000456", "吨/万元"),
    ("800", "万元/亩", "1.2", "万元/平方米"),
    ("8230", "万元/公顷", "0.823", "万元/平方米"),
    ("3.5", "亿元", "35000", "万元"),
    ("2.4", "平方公里", "2400000", "平方米"),
    ("120", "亿元/平方公里", "1.2", "万元/平方米"),
    ("1.2", "万吨", "12000", "吨"),
    ("30", "千克标准煤/产品单位", "0.03", "吨标准煤/产品单位"),
]


def test_catalogue_is_exactly_the_units_tested_here():
    assert set(catalogue()) == set(FACTORS)


@pytest.mark.parametrize("name", list(FACTORS))
def test_factor_and_dimension_of_every_unit(name):
    base, factor = FACTORS[name]
    one = Decimal(1)
    expected = Decimal(factor.numerator) / Decimal(factor.denominator)
    assert convert(one, name, base) == expected, "unit → base"
    back = convert(expected, base, name)
    assert abs(back - one) < Decimal("1e-24"), "base → unit"
    assert compatible(name, base)


@pytest.mark.parametrize(("value", "src", "expected", "dst"), WRITTEN,
                         ids=[f"{w[1]}→{w[3]}" for w in WRITTEN])
def test_written_values_both_directions(value, src, expected, dst):
    assert convert(Decimal(value), src, dst) == Decimal(expected)
    assert abs(convert(Decimal(expected), dst, src) - Decimal(value)) < Decimal("1e-20")


@pytest.mark.parametrize(("value", "src", "expected", "dst"), [
    ("1", "万吨标准煤", "10000000", "千克标准煤"),
    ("1", "公顷", "15", "亩"),
    ("15", "万元/公顷", "1", "万元/亩"),  # 1 公顷 = 15 亩
    ("1", "万元/亩", "15", "万元/公顷"),
    ("1", "千元", "1000", "元"),
    ("2.5", "吨标准煤/万元", "2500", "千克标准煤/万元"),
])
def test_between_two_non_base_units(value, src, expected, dst):
    assert convert(Decimal(value), src, dst) == Decimal(expected)


@pytest.mark.parametrize(("a", "b"), [
    ("吨", "吨标准煤"),  # a tonne of material is not a tonne of standard coal
    ("吨", "吨二氧化碳"),
    ("吨标准煤", "吨二氧化碳"),
    ("千克/万元", "千克标准煤/万元"),
    ("千克/万元", "千克二氧化碳/万元"),
    ("%", "无量纲"),
    ("项", "无量纲"),
    ("人", "项"),  # 5 人 (staff) is never 5 项 (items)
    ("人", "无量纲"),
    ("立方米", "平方米"),
    ("万元", "万元/平方米"),
    ("吨标准煤/万元", "吨标准煤/产品单位"),
])
def test_different_dimensions_never_convert(a, b):
    assert not compatible(a, b)
    with pytest.raises(UnitError):
        convert(Decimal(1), a, b)
    with pytest.raises(UnitError):
        convert(Decimal(1), b, a)


def test_same_unit_is_identity_even_for_unknown_text():
    assert convert(Decimal("7.5"), "吨", "吨") == Decimal("7.5")


# ---- a rollover whose unit conversion succeeds, in the right direction

def _old_draft_with(units: dict[str, tuple[str, dict[str, str]]]):
    old_def = forms.get("green-factory-2024")
    old = new_draft(old_def)
    for rid, (unit, values) in units.items():
        old.table[rid].unit = unit
        old.table[rid].values = values
    return old_def, old


def test_rollover_converts_a_unit_no_longer_offered_into_the_row_unit():
    """千元 (B204-1) and 千克标准煤 are not offered by the 2025 rows: carried as 万元 and 吨标准煤."""
    old_def, old = _old_draft_with({
        "E0": ("千元", {"2022": "865200", "2023": "923100"}),
        "E1": ("千克标准煤", {"2022": "3850000", "2023": "3920500"}),
    })
    new, report = rollover(old, old_def, forms.get("green-factory-2025"))
    assert new.table["E0"].unit == "万元"
    assert new.table["E0"].values == {"2022": "86520", "2023": "92310"}
    assert new.table["E1"].unit == "吨标准煤"
    assert new.table["E1"].values == {"2022": "3850", "2023": "3920.5"}
    assert ("t:E0:2023", "工业总产值 2023年", "92310") in report.carried
    assert not [d for d in report.dropped if d[0].startswith(("t:E0", "t:E1"))]


def test_rollover_keeps_a_unit_still_offered_without_converting():
    old_def, old = _old_draft_with({
        "E7": ("万吨二氧化碳", {"2023": "1.7"}),
        "L1": ("公顷", {"2023": "12"}),
        "W1": ("万立方米", {"2023": "12.45"}),
    })
    new, _ = rollover(old, old_def, forms.get("green-factory-2025"))
    assert (new.table["E7"].unit, new.table["E7"].values) == ("万吨二氧化碳", {"2023": "1.7"})
    assert (new.table["L1"].unit, new.table["L1"].values) == ("公顷", {"2023": "12"})
    assert (new.table["W1"].unit, new.table["W1"].values) == ("万立方米", {"2023": "12.45"})


def test_rollover_conversion_is_logged_as_carried():
    old_def, old = _old_draft_with({"E0": ("千元", {"2023": "923100"})})
    new, _ = rollover(old, old_def, forms.get("green-factory-2025"))
    entries = [e for e in new.log if e.cell == "t:E0:2023"]
    assert [(e.new, e.source) for e in entries] == [("92310", "carried")]


@pytest.mark.parametrize(("name", "product_unit", "shown"), [
    ("千克标准煤/产品单位", "吨", "千克标准煤/吨"),
    ("立方米/产品单位", "件", "立方米/件"),
    ("千克标准煤/产品单位", "", "千克标准煤/产品单位"),  # product unit not known yet
    ("吨标准煤/万元", "吨", "吨标准煤/万元"),  # not a per-product unit: unchanged
])
def test_per_product_unit_shows_the_products_own_unit(name, product_unit, shown):
    from greendesk.units import display_unit

    assert display_unit(name, product_unit) == shown


def test_per_product_unit_without_a_product_unit_is_shown_as_named():
    from greendesk.units import display_unit

    assert display_unit("千克标准煤/产品单位") == "千克标准煤/产品单位"

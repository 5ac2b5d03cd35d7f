"""单位产品综合能耗 of one product: its guards (no group, no such item, missing or zero output),
written from the sample's figures (电工用铜线坯 2024: 1310 吨标准煤 ÷ 46800 吨 = 27.99… 千克标准煤/吨)."""

from __future__ import annotations

from decimal import Decimal

from greendesk.compute import compute


def test_product_intensity_of_the_sample(def2025, sample2025):
    c = compute(def2025, sample2025)
    value = c.product_intensity("E6", 0, 2024)
    assert abs(value - Decimal("1310") * 1000 / Decimal("46800")) < Decimal("1e-20")


def test_product_intensity_guards(def2025, sample2025):
    item = sample2025.products["E6"].items[0]
    c = compute(def2025, sample2025)
    assert c.product_intensity("E6", 3, 2024) is None  # only 3 slots (0–2)
    assert c.product_intensity("E6", 1, 2024) is None  # an empty slot
    del sample2025.products["W3"]
    assert compute(def2025, sample2025).product_intensity("W3", 0, 2024) is None  # no group
    item.output["2024"] = "1"
    assert compute(def2025, sample2025).product_intensity("E6", 0, 2024) == Decimal("1310000")
    item.output["2024"] = "0"
    assert compute(def2025, sample2025).product_intensity("E6", 0, 2024) is None  # no division by 0
    item.output["2024"] = "46800"
    del item.consumption["2024"]
    assert compute(def2025, sample2025).product_intensity("E6", 0, 2024) is None
    del item.output["2024"]
    item.consumption["2024"] = "1310"
    assert compute(def2025, sample2025).product_intensity("E6", 0, 2024) is None


def test_product_intensity_of_a_row_without_products_is_none(def2025, sample2025):
    assert compute(def2025, sample2025).product_intensity("E0", 0, 2024) is None

"""A band on a ratio of two rows (V13: 二氧化碳排放量 ÷ 综合能源消费量) shows the ratio as every value
of the table is shown: two decimals, thousands grouped."""

from __future__ import annotations

from greendesk.rules import validate


def test_a_ratio_out_of_its_band_is_shown_with_thousands_grouped(def2025, sample2025):
    sample2025.table["E1"].values["2024"] = "100"
    sample2025.table["E7"].values["2024"] = "1234567.8"  # 12,345.678 t CO₂ per tce
    found = [f for f in validate(def2025, sample2025).findings if f.code == "V13"]
    assert [(f.cell, f.detail) for f in found] == [
        ("t:E7:2024", "二氧化碳排放量 2024年 12,345.68吨二氧化碳/吨标准煤，常规范围 0～5吨二氧化碳/吨标准煤")]

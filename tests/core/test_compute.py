"""Derived indicators against hand-computed values, with unit conversion of the inputs."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from greendesk.compute import compute
from greendesk.draft import new_draft
from greendesk.session import EditSession


@pytest.fixture
def filled(def2025):
    s = EditSession(def2025, new_draft(def2025))
    s.apply([
        ("t:E0:2024", "50000"), ("t:E1:2024", "2500"), ("t:E3:2024", "250"), ("t:E7:2024", "10000"),
        ("t:W1:2024", "100000"), ("t:W4:2024", "900000"),
        ("t:S1:2024", "1000"), ("t:S2:2024", "950"), ("t:S3:2024", "50"),
        ("t:P2E:2024", "2.5"), ("t:L1:2024", "100000"), ("t:L2:2024", "80000"), ("t:L3:2024", "45000"),
    ])
    return s


@pytest.mark.parametrize(("row", "expected"), [
    ("E4", D("0.05")),      # 2500 tce / 50000 万元
    ("E5", D("10")),        # 250 / 2500 × 100
    ("E8", D("0.2")),       # 10000 t / 50000 万元
    ("W2", D("2")),         # 100000 m³ / 50000 万元
    ("W5", D("90")),        # 900000 / (900000 + 100000) × 100
    ("S4", D("95")),        # 950 / (1000 + 50) × 100 = 90.476… no: see below
    ("P2I", D("0.05")),     # 2.5 t × 1000 / 50000 万元 = 0.05 kg/万元
    ("L4", D("0.5")),       # 50000 万元 / 100000 m²
    ("L5", D("0.8")),       # 80000 / 100000
    ("L6", D("45")),        # 45000 / 100000 × 100
])
def test_indicators_match_hand_computation(filled, row, expected):
    value = filled.computed.display(row, 2024)
    if row == "S4":
        expected = D(950) / D(1050) * 100
    assert value == pytest.approx(expected, rel=D("1e-20"))


def test_inputs_are_converted_before_computing(filled):
    filled.apply([("t:E1:unit", "万吨标准煤"), ("t:E1:2024", "0.25")])  # the same 2500 tce
    assert filled.computed.display("E4", 2024) == D("0.05")
    filled.apply([("t:L1:unit", "亩"), ("t:L1:2024", "150")])  # 150 亩 = 100000 m²
    assert filled.computed.display("L5", 2024) == pytest.approx(D("0.8"), rel=D("1e-25"))


def test_indicator_shown_in_the_chosen_unit(filled):
    filled.set("t:E4:unit", "千克标准煤/万元")
    assert filled.computed.display("E4", 2024) == D("50")
    assert filled.computed.base("E4", 2024) == D("0.05")
    filled.set("t:L4:unit", "万元/亩")
    assert filled.computed.display("L4", 2024) == pytest.approx(D(50000) / D(150), rel=D("1e-20"))


def test_missing_input_or_zero_denominator_gives_no_value(filled):
    assert filled.computed.display("E4", 2023) is None
    filled.set("t:E0:2024", "0")
    assert filled.computed.display("E4", 2024) is None


def test_product_intensity_in_product_unit(def2025):
    s = EditSession(def2025, new_draft(def2025))
    s.apply([("p:E6:applicable", "是"), ("p:E6:0:unit", "吨"), ("p:E6:0:output:2024", "40000"),
             ("p:E6:0:consumption:2024", "1200")])
    # 1200 tce / 40000 t = 0.03 tce/t = 30 kgce/t
    assert s.computed.product_intensity("E6", 0, 2024) == D("30")
    s.set("p:E6:cunit", "万吨标准煤")
    s.set("p:E6:0:consumption:2024", "0.12")
    assert s.computed.product_intensity("E6", 0, 2024) == D("30")
    s.set("t:E6:unit", "吨标准煤/产品单位")
    assert s.computed.product_intensity("E6", 0, 2024) == D("0.03")


def test_unknown_unit_in_a_draft_is_reported_not_crashing(def2025):
    d = new_draft(def2025)
    d.table["E1"].unit = "桶油当量"
    d.table["E1"].values["2024"] = "5"
    c = compute(def2025, d)
    assert c.base("E1", 2024) is None and c.bad_units == {"E1": "桶油当量"}


def test_display_env_shows_every_row_of_a_year_in_its_chosen_unit(filled):
    filled.apply([("t:E1:unit", "万吨标准煤"), ("t:E1:2024", "0.25"), ("t:E4:unit", "千克标准煤/万元")])
    shown = filled.computed.display_env(2024)
    assert shown["E1"] == D("0.25")  # the parameter as typed, in 万吨标准煤
    assert shown["E0"] == D("50000")
    assert shown["E4"] == D("50")  # 2500 tce / 50000 万元 = 0.05 tce/万元 = 50 kgce/万元
    assert shown["E5"] == D("10")  # 250 tce / 0.25 万吨标准煤 (2500 tce) × 100
    assert filled.computed.display("E4", 2024) == D("50")
    assert filled.computed.display_env(2023)["E4"] is None  # nothing typed for 2023

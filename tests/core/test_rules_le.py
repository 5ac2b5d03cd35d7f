"""A “≤” rule (V5, V6, V10 …) over every year, whatever the years before it held, and with a sum
on its left side, which no shipped form has but a new form file may (the form is data)."""

from __future__ import annotations

import tomllib

from greendesk.definition import parse_definition
from greendesk.draft import new_draft
from greendesk.rules import validate
from tests.conftest import ROOT


def _cells(report, code):
    return [f.cell for f in report.findings if f.code == code]


def test_a_year_left_blank_does_not_end_the_check_of_the_later_years(def2025, sample2025):
    # V5: 可再生能源使用量 (E3) ≤ 综合能源消费量合计 (E1)
    e3, e1 = sample2025.table["E3"].values, sample2025.table["E1"].values
    del e3["2022"]
    e3["2024"] = str(int(e1["2024"]) + 1)
    assert _cells(validate(def2025, sample2025), "V5") == ["t:E3:2024"]


def test_a_sum_on_the_left_side_is_worked_out():
    raw = tomllib.loads((ROOT / "resources" / "forms" / "green-factory-2025.toml").read_text("utf-8"))
    raw["rules"].append({"code": "V6", "kind": "le", "severity": "error", "left": "E2 + E3", "right": "E1"})
    d = parse_definition(raw)
    draft = new_draft(d)
    t = draft.table
    t["E1"].values.update({"2022": "100", "2023": "100", "2024": "100"})
    t["E2"].values.update({"2022": "60", "2023": "60", "2024": "60"})
    t["E3"].values.update({"2022": "40", "2023": "41"})  # 2022: 60 + 40 = 100, at the bound; 2023: 101
    found = [f for f in validate(d, draft).findings if f.code == "V6"]
    assert [f.cell for f in found] == ["t:E2:2023"]  # at the first row named on the left side
    assert found[0].detail.startswith("2023年 ")

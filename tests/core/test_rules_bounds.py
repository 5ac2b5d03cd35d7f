"""V2 (a value out of its row's bounds) for the cases the shipped forms do not have, but a new
form file may (the form is data): a parameter without bounds, an indicator with a minimum alone,
an optional row blank in its first year. Messages from the catalogue's V2 templates."""

from __future__ import annotations

import tomllib

from greendesk.definition import parse_definition
from greendesk.draft import new_draft
from greendesk.rules import validate
from tests.conftest import ROOT


def _messages(report, row):
    return [f.message for f in report.findings if f.code == "V2" and f.cell.startswith(f"t:{row}:")]


def test_an_optional_row_blank_in_its_first_year_is_still_checked_in_the_later_ones(def2025, sample2025):
    values = sample2025.table["P8"].values
    values.clear()
    values.update({"2023": "-1", "2024": "101"})
    name = "废气/废水主要污染物年均排放浓度优于许可排放浓度限值的最低比例"  # P8 (optional, 0–100 %)
    assert _messages(validate(def2025, sample2025), "P8") == [
        f"「{name}」2023年为 -1%，不能小于 0%。",
        f"「{name}」2024年为 101%，不能大于 100%。",
    ]


def _form_with_a_minimum_alone():
    """The 2025 factory table with 单位产值综合能耗 (E4) at least 0.1 吨标准煤/万元 and no maximum, and
    one more parameter with no bounds at all."""
    raw = tomllib.loads((ROOT / "resources" / "forms" / "green-factory-2025.toml").read_text("utf-8"))
    rows = raw["table"]["rows"]
    next(r for r in rows if r["id"] == "E4")["min"] = 0.1
    rows.append({"id": "NEWP", "kind": "parameter", "name": "新参数", "unit": "吨", "required": False})
    return parse_definition(raw)


def test_an_indicator_with_a_minimum_alone_and_a_parameter_without_bounds():
    d = _form_with_a_minimum_alone()
    draft = new_draft(d)
    table = draft.table
    table["E0"].values.update({"2023": "1000", "2024": "1000"})
    table["E1"].values.update({"2023": "200", "2024": "50"})  # E4 = E1 / E0: 0.2, then 0.05
    table["NEWP"].values.update({"2023": "-5", "2024": "123456"})  # no bounds: anything goes
    report = validate(d, draft)
    assert _messages(report, "E4") == ["「单位产值综合能耗」2024年为 0.0500吨标准煤/万元，不能小于 0.1吨标准煤/万元。"]
    assert _messages(report, "NEWP") == []

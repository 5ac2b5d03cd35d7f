"""V7.unknown: a row's unit must be one its dropdown offers (the platform offers no other), whether
or not it converts — a file edited outside GreenDesk or an old export can hold any text there."""

from __future__ import annotations

import pytest

from greendesk import forms
from greendesk.document import open_draft
from greendesk.draft import RowEntry
from greendesk.rules import validate
from tests.conftest import SAMPLES


def _v7(row: str, unit: str) -> list[str]:
    draft = open_draft(SAMPLES / "green-factory-2025.json").draft
    entry = draft.table.get(row) or RowEntry()
    draft.table[row] = entry.model_copy(update={"unit": unit})
    report = validate(forms.get("green-factory-2025"), draft)
    return [f.message for f in report.findings if f.code == "V7" and f.cell == f"t:{row}:unit"]


@pytest.mark.parametrize(("row", "unit", "label"), [
    ("E0", "千元", "工业总产值"),  # converts (1 千元 = 0.1 万元), but the row offers only 万元
    ("E1", "千克标准煤", "综合能源消费量合计"),  # converts, not offered (吨标准煤 / 万吨标准煤)
    ("E1", "吨", "综合能源消费量合计"),  # does not convert: named once, not twice
    ("E4", "吨", "单位产值综合能耗"),  # an indicator's unit is checked too
    ("E4", "元/万元", "单位产值综合能耗"),
])
def test_a_unit_the_row_does_not_offer_is_an_error(row, unit, label):
    assert _v7(row, unit) == [f"「{label}」的单位「{unit}」不是本表可选的单位，请重新选择。"]


@pytest.mark.parametrize(("row", "unit"), [("E1", "万吨标准煤"), ("E4", "千克标准煤/万元"), ("E0", "万元")])
def test_an_offered_unit_is_fine(row, unit):
    assert _v7(row, unit) == []


def test_a_long_or_invisible_unit_is_shown_short_and_visible():
    said = _v7("E4", "吨\u200b" + "x" * 100)
    assert said == ["「单位产值综合能耗」的单位「吨<U+200B>" + "x" * 77 + "…」不是本表可选的单位，请重新选择。"]

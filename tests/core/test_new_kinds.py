"""Row and field kinds the supply-chain and park tables brought, usable by any table: the qualitative
row (是/否 per year, 说明 required when 是) and the quantity field (a number with a unit dropdown)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from greendesk import forms
from greendesk.cells import CellError, normalize_input
from greendesk.document import open_draft
from greendesk.rules import validate
from greendesk.session import EditSession
from greendesk.units import convert
from tests.conftest import SAMPLES


@pytest.fixture
def park():
    d = forms.get("green-park-2025")
    return d, open_draft(SAMPLES / "green-park-2025.json").draft


def _errors(d, draft, cell):
    return [f for f in validate(d, draft).errors if f.cell == cell]


def test_a_yes_needs_its_explanation(park):
    d, draft = park
    session = EditSession(d, draft)
    session.apply([("t:MG2:note", None)])
    found = _errors(d, draft, "t:MG2:note")
    assert [f.code for f in found] == ["V19"]
    assert "2022年、2023年、2024年选择了“是”" in found[0].message
    session.apply([("t:MG2:2022", "否"), ("t:MG2:2023", "否"), ("t:MG2:2024", "否")])
    assert _errors(d, draft, "t:MG2:note") == []  # all 否: nothing to explain


def test_a_required_qualitative_row_needs_every_year(park):
    d, draft = park
    EditSession(d, draft).apply([("t:IG1:2023", None)])
    found = _errors(d, draft, "t:IG1:2023")
    assert [f.code for f in found] == ["V1"] and "2023年未选择“是”或“否”" in found[0].message


def test_only_yes_or_no_is_accepted(park):
    d, _ = park
    assert normalize_input(d, "t:IG1:2024", " 是 ") == "是"
    with pytest.raises(CellError, match="请选择“是”或“否”"):
        normalize_input(d, "t:IG1:2024", "1")
    with pytest.raises(CellError, match="不填报 2020 年"):
        normalize_input(d, "t:IG1:2020", "是")


def test_quantity_field_takes_a_number_and_one_of_its_units(park):
    d, draft = park
    assert normalize_input(d, "f:approved_area", "１２.５") == "12.5"
    assert normalize_input(d, "f:approved_area.unit", "公顷") == "公顷"
    with pytest.raises(CellError, match="单位只能选择：公顷、平方公里"):
        normalize_input(d, "f:approved_area.unit", "亩")
    with pytest.raises(CellError):
        normalize_input(d, "f:approved_area", "十二")
    EditSession(d, draft).apply([("f:approved_area", "-3")])
    found = _errors(d, draft, "f:approved_area")
    assert [f.code for f in found] == ["V2"] and "-3平方公里，不能小于 0平方公里" in found[0].message


def test_square_kilometre_is_one_hundred_hectares():
    assert convert(Decimal("12.6"), "平方公里", "公顷") == Decimal("1260")
    assert convert(Decimal("1"), "亿元/平方公里", "万元/平方米") == Decimal("0.01")


def test_park_code_of_a_management_committee_is_not_questioned(park):
    """11… (机关) is a normal code for a park's management body; a factory table would warn."""
    d, draft = park
    assert draft.fields["uscc"].startswith("11")
    assert [f for f in validate(d, draft).findings if f.cell == "f:uscc"] == []
    factory = forms.get("green-factory-2025")
    fd = open_draft(SAMPLES / "green-factory-2025.json").draft
    EditSession(factory, fd).apply([("f:uscc", draft.fields["uscc"])])
    warned = [f for f in validate(factory, fd).warnings if f.cell == "f:uscc"]
    assert warned and "不是以“91”开头" in warned[0].message

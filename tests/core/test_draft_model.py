"""The draft model's own checks and the shape of a new draft — written from what a draft must hold,
to kill the mutants mutmut found surviving in greendesk/draft.py (docs/testing.md)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from greendesk.draft import Draft, FormRef, ProductGroup, ProductItem, RowEntry, new_draft, now


def _draft(**table) -> Draft:
    return Draft(form=FormRef(id="green-factory-2025", version="2025.1"), report_year=2025,
                 table={k: RowEntry(**v) for k, v in table.items()})


@pytest.mark.parametrize(("year", "why"), [("abcd", "年份「abcd」无效"), ("202", "年份「202」无效"),
                                           ("20245", "年份「20245」无效"),
                                           ("２０２４", "年份「２０２４」无效"), ("٢٠٢٤", "年份「٢٠٢٤」无效"),
                                           ("2０24", "年份「2０24」无效")])
def test_a_year_key_is_four_ascii_digits(year, why):
    with pytest.raises(ValidationError, match=why):
        _draft(E0={"values": {year: "1"}})


def test_a_value_must_be_a_canonical_number():
    with pytest.raises(ValidationError, match="2024年的数值「1,000」不是有效数字"):
        _draft(E0={"values": {"2024": "1,000"}})
    assert _draft(E0={"values": {"2024": "1000"}}).table["E0"].values == {"2024": "1000"}


def test_a_value_beyond_a_cells_capacity_is_named():
    with pytest.raises(ValidationError, match="2024年的数值「1234567890123456」无法填写"):
        _draft(E0={"values": {"2024": "1234567890123456"}})


def test_now_is_utc_to_the_second():
    t = now()
    assert t.utcoffset() is not None and t.utcoffset().total_seconds() == 0
    assert t.microsecond == 0


@pytest.mark.parametrize("item", [
    ProductItem(output={"2024": "1"}),
    ProductItem(consumption={"2024": "1"}),
    ProductItem(unit="吨"),
    ProductItem(standard="GB 32046"),
    ProductItem(name="电缆"),
])
def test_a_product_with_any_one_entry_is_not_empty(item):
    assert not item.is_empty()
    d = _draft()
    d.products["E6"] = ProductGroup(applicable="是", items=[item])
    assert d.content()["products"]["E6"]["items"] != []  # a trailing item with content is kept


def test_row_entry_is_empty_only_without_values_and_note():
    assert RowEntry().is_empty()
    assert RowEntry(unit="吨").is_empty()  # a unit alone is no entry
    assert not RowEntry(values={"2024": "1"}).is_empty()
    assert not RowEntry(note="不涉及").is_empty()
    assert not RowEntry(values={"2024": "1"}, note="说明").is_empty()


def test_new_draft_has_every_numeric_and_product_row_with_its_default_unit(def2025):
    d = new_draft(def2025)
    expected = {r.id: r.unit for r in def2025.table.rows if r.kind in ("parameter", "indicator", "products")}
    assert {rid: e.unit for rid, e in d.table.items()} == expected
    assert all(e.values == {} and e.note == "" for e in d.table.values())
    assert "S_ENERGY" not in d.table and "G_ENERGY" not in d.table  # sections and groups hold nothing
    assert d.table["E1"].unit == "吨标准煤" and d.table["E6"].unit == "千克标准煤/产品单位"


def test_new_draft_product_groups_have_their_slots_and_consumption_unit(def2025):
    d = new_draft(def2025)
    assert set(d.products) == {"E6", "W3"}
    assert d.products["E6"].consumption_unit == "吨标准煤"
    assert d.products["W3"].consumption_unit == "立方米"
    assert len(d.products["E6"].items) == 3 and all(i.is_empty() for i in d.products["E6"].items)
    assert d.products["E6"].applicable == ""


def test_new_draft_carries_its_definition_and_form_reference(def2025):
    d = new_draft(def2025)
    assert d.definition == def2025.canonical
    assert (d.form.id, d.form.version, d.form.hash) == ("green-factory-2025", "2025.1", def2025.content_hash)
    assert d.report_year == 2025 and d.state == "draft" and d.log == []


def test_a_bad_number_after_a_yes_or_no_answer_is_still_refused():
    """A 定性指标 row holds 是/否 where numbers are: an answer is skipped, not the years after it."""
    with pytest.raises(ValidationError, match="2023年的数值「abc」不是有效数字"):
        _draft(X11={"values": {"2022": "是", "2023": "abc"}})
    with pytest.raises(ValidationError, match="年份「20x3」无效"):
        _draft(X11={"values": {"2022": "否", "20x3": "是"}})
    assert _draft(X11={"values": {"2022": "否", "2023": "是", "2024": "1.5"}}).table["X11"].values == {
        "2022": "否", "2023": "是", "2024": "1.5"}


def test_new_draft_has_an_empty_entry_for_every_qualitative_row():
    """The supply-chain table's 定性指标 (X11 纳入公司发展规划 …) start as empty answers with no unit."""
    from greendesk import forms

    d = forms.get("green-supply-chain-2025")
    draft = new_draft(d)
    qualitative = [r.id for r in d.table.rows if r.kind == "qualitative"]
    assert "X11" in qualitative and "X64" in qualitative
    for rid in qualitative:
        assert draft.table[rid] == RowEntry(unit=None, values={}, note="")


@pytest.mark.parametrize("year", [True, False, 2025.0, "2025"])
def test_the_report_year_is_an_integer_not_a_boolean(year):
    """JSON true is no year: strict, so it is not read as 1 ("太小（应不小于 2015）")."""
    with pytest.raises(ValidationError) as exc:
        Draft(form=FormRef(id="green-factory-2025", version="2025.1"), report_year=year)
    (error,) = exc.value.errors()
    assert (error["loc"], error["type"]) == (("report_year",), "int_type")

"""Part 3 as display lines: the same lines feed the window, the PDF and the Excel."""

from __future__ import annotations

from greendesk.compute import compute
from greendesk.layout import display_value, table_lines


def test_lines_follow_the_definition_order(def2025, sample2025):
    lines = table_lines(def2025, sample2025)
    heads = [ln.label for ln in lines if ln.kind == "section"]
    assert heads == ["1、能源低碳化", "2、资源高效化", "3、生产洁净化", "4、产品绿色化", "5、用地集约化"]
    e0 = next(ln for ln in lines if ln.row == "E0")
    assert e0.editable and e0.unit == "万元" and e0.unit_cell is None
    assert e0.year_cells == {2022: "t:E0:2022", 2023: "t:E0:2023", 2024: "t:E0:2024"}
    e1 = next(ln for ln in lines if ln.row == "E1")
    assert e1.unit_cell == "t:E1:unit" and e1.unit_options == ("吨标准煤", "万吨标准煤")
    e4 = next(ln for ln in lines if ln.row == "E4")
    assert not e4.editable and e4.parameters == "综合能源消费量合计、工业总产值"


def test_product_lines_expand_when_answer_is_yes(def2025, sample2025):
    lines = table_lines(def2025, sample2025)
    e6 = [ln for ln in lines if ln.row == "E6"]
    assert e6[0].kind == "question" and e6[0].text_cell == "p:E6:applicable"
    # one filled product + one empty slot to add another
    assert {ln.item for ln in e6[1:]} == {0, 1}
    intensity = next(ln for ln in e6 if ln.kind == "product_indicator" and ln.item == 0)
    assert intensity.unit == "千克标准煤/吨"
    w3 = [ln for ln in lines if ln.row == "W3"]
    assert len(w3) == 1  # answered 否
    blank = table_lines(def2025, sample2025, all_items=True)
    assert len([ln for ln in blank if ln.row == "W3"]) == 1 + 3 * 6


def test_display_values_typed_and_computed(def2025, sample2025):
    c = compute(def2025, sample2025)
    lines = {ln.row: ln for ln in table_lines(def2025, sample2025) if ln.kind in ("parameter", "indicator")}
    assert display_value(c, lines["E0"], 2024) == "98760"
    assert display_value(c, lines["E4"], 2024) == "0.0403"  # 3980 / 98760, 4 decimals
    assert display_value(c, lines["E5"], 2024) == "14.07"

"""The 动态管理表 workbook as a user opens it in Excel: each workbook is rendered once per module
and read back with openpyxl. Titles, heads, every kind of row in its place (labels, values, units,
number formats, dropdown lists, merges, fills, locks), print set-up, the hidden key column and the
hidden list sheet. Expected values are written from the platform's table (the notice's manual) and
the shipped samples, never recomputed by the exporter."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from greendesk import cells, forms
from greendesk.document import open_draft
from greendesk.draft import new_draft
from greendesk.export.xlsx_export import XlsxBuilder, _lines_needed, render_xlsx, write_number
from tests.conftest import SAMPLES

YES_NO = ["是", "否"]
INPUT = "00FFFDF2"
COMPUTED = "00EEEEEE"
SECTION = "00D7E4D0"
GROUP = "00F1F5EE"
HEAD = "00E8EEF5"


def _load(data: bytes):
    return load_workbook(io.BytesIO(data))


def _sample(name: str):
    return open_draft(SAMPLES / f"{name}.json").draft


def _scope(fixture_name: str, config) -> str:
    """One render per module; per test while mutmut maps tests to code (its "stats" phase links a
    test to the code it runs only when that test itself runs it: a module fixture's render would
    count for the first test only). Each mutant's run renders once per module again."""
    return "function" if os.environ.get("MUTANT_UNDER_TEST") == "stats" else "module"


@pytest.fixture(scope=_scope)
def factory():
    d = forms.get("green-factory-2025")
    wb = _load(render_xlsx(d, _sample("green-factory-2025")))
    return wb, wb["动态管理表"]


@pytest.fixture(scope=_scope)
def blank():
    d = forms.get("green-factory-2025")
    wb = _load(render_xlsx(d, new_draft(d), blank=True))
    return wb, wb["动态管理表"]


@pytest.fixture(scope=_scope)
def park():
    d = forms.get("green-park-2024")
    wb = _load(render_xlsx(d, _sample("green-park-2024")))
    return wb, wb["动态管理表"]


@pytest.fixture(scope=_scope)
def chain():
    d = forms.get("green-supply-chain-2025")
    wb = _load(render_xlsx(d, _sample("green-supply-chain-2025")))
    return wb, wb["动态管理表"]


def _keys(ws) -> dict[str, int]:
    return {ws.cell(r, 9).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 9).value}


def _row(ws, key: str) -> int:
    keys = _keys(ws)
    if key in keys:
        return keys[key]
    return next(r for k, r in keys.items() if k.startswith(key))


def _merges(ws) -> set[str]:
    return {str(m) for m in ws.merged_cells.ranges}


def _options(wb, ws) -> dict[str, list[str]]:
    """cell → the options of the dropdown it has, read through the defined name on _lists."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        ref = wb.defined_names[dv.formula1[1:]].attr_text.split("!")[1].replace("$", "")
        opts = [row[0].value for row in wb["_lists"][ref]]
        for rng in dv.sqref.ranges:
            for cell in str(rng).split():
                found[cell] = opts
    return found


# ---------------------------------------------------------------- title, part heads, table head


def test_title_and_subtitle(factory):
    _, ws = factory
    assert ws["A1"].value == "绿色工厂动态管理表"
    assert ws["A1"].font.b and ws["A1"].font.sz == 16 and ws["A1"].font.name == "Microsoft YaHei"
    assert ws["A1"].alignment.horizontal == "center" and ws["A1"].alignment.vertical == "center"
    assert ws.row_dimensions[1].height == 30
    assert ws["I1"].value == "form|green-factory-2025|2025.1"
    assert ws["A2"].value == "2025年度　填报 2022—2024 年数据"
    assert ws["A2"].alignment.horizontal == "center"
    assert ws["A2"].font.sz == 10 and not ws["A2"].font.b and ws["A2"].font.name == "Microsoft YaHei"
    assert {"A1:H1", "A2:H2"} <= _merges(ws)
    assert ws["A3"].value == "主营行业" and ws["I3"].value == "part|part0"


def test_blank_subtitle_says_how_to_fill(blank):
    _, ws = blank
    assert ws["A2"].value == ("2025年度　填报 2022—2024 年数据"
                              "（空白表单：请在浅黄色单元格中填写，带 * 的为必填项）")


@pytest.mark.parametrize(("key", "title"), [
    ("part|part0", "主营行业"),
    ("part|part1", "一、基本信息"),
    ("part|part2", "二、合规性信息　（存在合规性信息中1-6所述情况的，请在附件中提供情况说明）"),
    ("part|part3", "三、持续改进情况"),
    ("part|part4", "四、亮点工作"),
    ("part|part5", "五、意见和建议"),
])
def test_part_headings(factory, key, title):
    _, ws = factory
    r = _row(ws, key)
    c = ws.cell(r, 1)
    assert c.value == title
    assert c.font.b and c.font.sz == 12 and c.font.name == "Microsoft YaHei"
    assert c.fill.fgColor.rgb == SECTION and c.fill.fill_type == "solid"
    assert c.alignment.vertical == "center"
    assert f"A{r}:H{r}" in _merges(ws)


def test_table_head(factory):
    _, ws = factory
    r = _row(ws, "years|2022,2023,2024")
    assert r == 30
    assert [ws.cell(r, c).value for c in range(1, 9)] == [
        "指标名称", "指标涉及的参数", "单位", "2022年指标值", "2023年指标值", "2024年指标值", "特殊情况说明", "填写说明"]
    for col in range(1, 9):
        c = ws.cell(r, col)
        assert c.font.b and c.font.sz == 10 and c.font.name == "Microsoft YaHei"
        assert c.fill.fgColor.rgb == HEAD
        assert (c.alignment.horizontal, c.alignment.vertical, c.alignment.wrap_text) == ("center", "center", True)
        assert c.border.left.style == "thin" and c.border.bottom.color.rgb == "00999999"
        assert c.border.right.style == "thin" and c.border.top.style == "thin"


@pytest.mark.parametrize(("key", "label", "fill", "size"), [
    ("section|S_ENERGY", "1、能源低碳化", SECTION, 12),
    ("group|G_ENERGY", "能源消费情况", GROUP, 10),
    ("section|S_LAND", "5、用地集约化", SECTION, 12),
    ("group|G_WASTE", "固体废物利用情况", GROUP, 10),
])
def test_sections_and_groups(factory, key, label, fill, size):
    _, ws = factory
    r = _row(ws, key)
    c = ws.cell(r, 1)
    assert c.value == label and c.fill.fgColor.rgb == fill and c.font.sz == size and c.font.b
    assert f"A{r}:H{r}" in _merges(ws)


# ---------------------------------------------------------------- Parts 0, 1, 2, 4, 5: fields


@pytest.mark.parametrize(("key", "label", "value", "bold", "options"), [
    ("field|industry1", "* 主营行业1", "C3831 电线、电缆制造", True, 1381),
    ("field|industry2", "主营行业2", "C3240 有色金属合金制造", False, 1381),
    ("field|factory_name", "* 工厂名称", "广东绿源示范电缆有限公司", True, None),
    ("field|uscc", "* 统一社会信用代码", "9144011206Q8L2D5X8", True, None),
    ("field|industry_type", "* 工厂所属行业", "电子电器", True, 9),
    ("field|contact_phone", "* 联系人电话", "020-82213456", True, None),
    ("field|q1", "* 1.未正常经营生产的（工商注销、连续停产12个月以上、被市场监督管理部门列入经营异常名单且未被移出等）",
     "否", True, YES_NO),
    ("field|q7", "* 7.企业名称与绿色工厂名单是否一致（国家名单及各批次名单名称）", "是", True, YES_NO),
])
def test_field_rows(factory, key, label, value, bold, options):
    wb, ws = factory
    r = _row(ws, key)
    assert ws.cell(r, 1).value.startswith(label[:12]) and ws.cell(r, 1).value.startswith("* " if bold else label[0])
    assert bool(ws.cell(r, 1).font.b) is bold and ws.cell(r, 1).font.sz == 10
    assert ws.cell(r, 1).font.name == "Microsoft YaHei"
    assert ws.cell(r, 4).value == value
    assert {f"A{r}:C{r}", f"D{r}:H{r}"} <= _merges(ws)
    assert ws.cell(r, 4).fill.fgColor.rgb == INPUT and not ws.cell(r, 4).protection.locked
    assert ws.cell(r, 1).protection.locked
    opts = _options(wb, ws).get(f"D{r}")
    if options is None:
        assert opts is None
    elif isinstance(options, int):
        assert len(opts) == options
    else:
        assert opts == options
    for col in (1, 4):  # the whole row is boxed and wraps (merged cells keep the first cell's style)
        assert ws.cell(r, col).border.left.style == "thin"
        assert ws.cell(r, col).alignment.wrap_text


def test_field_labels_are_exact_and_help_is_a_comment(factory):
    _, ws = factory
    assert ws.cell(_row(ws, "field|industry_other"), 1).value == "工厂所属行业（其它请填写）"
    r = _row(ws, "field|industry_type")
    assert ws.cell(r, 1).comment.text == "当工厂所属行业不属于选项所列行业时，需要选择其他，并在下方填写具体所属行业。"
    assert ws.cell(r, 1).comment.author == "GreenDesk"
    assert ws.cell(_row(ws, "field|q1"), 1).comment.text == "工商注销、连续停产12个月以上、被市场监督管理部门列入经营异常名单且未被移出等。选“是”通常将被移出绿色制造名单。"
    assert ws.cell(_row(ws, "field|factory_name"), 1).comment is None
    assert ws.cell(_row(ws, "field|uscc"), 1).comment.text == "18位，如 91440300708461136T"  # a placeholder only
    assert ws.cell(_row(ws, "field|industry3"), 1).comment.text == "存在多个行业时选择"
    assert ws.cell(_row(ws, "field|industry3"), 4).value is None


def test_industry_options_on_the_list_sheet(factory):
    wb, ws = factory
    opts = _options(wb, ws)["D4"]
    assert "C3831 电线、电缆制造" in opts and "C3240 有色金属合金制造" in opts
    assert _options(wb, ws)["D12"][:2] == ["钢铁", "建材"]


def test_region_row(factory):
    _, ws = factory
    r = _row(ws, "region|address")
    assert [ws.cell(r, c).value for c in range(1, 8)] == [
        "* 工厂地址", None, None, "广东省", "广州市", "黄埔区", "云埔工业区示范路8号"]
    assert {f"A{r}:C{r}", f"G{r}:H{r}"} <= _merges(ws)
    assert not any(m.startswith(f"D{r}") for m in _merges(ws))
    for col in (4, 5, 6, 7):
        assert ws.cell(r, col).fill.fgColor.rgb == INPUT and not ws.cell(r, col).protection.locked
        assert ws.cell(r, col).border.top.style == "thin" and ws.cell(r, col).font.sz == 10
    assert ws.cell(r, 1).font.b


def test_region_row_blank(blank):
    _, ws = blank
    r = _row(ws, "region|address")
    assert [ws.cell(r, c).value for c in range(4, 8)] == [None, None, None, None]
    assert ws.cell(r, 1).value == "* 工厂地址" and ws.cell(r, 1).font.b


def test_multiline_fields(factory, blank):
    _, ws = factory
    r = _row(ws, "field|special_note")  # empty multiline: room for three lines
    assert ws.row_dimensions[r].height == 45
    assert ws.cell(r, 4).alignment.vertical == "top" and ws.cell(r, 4).alignment.wrap_text
    assert not ws.cell(r, 1).font.b
    r = _row(ws, "field|highlights")
    assert ws.cell(r, 4).value.startswith("1. 屋顶分布式光伏扩建至6.8MW")
    assert ws.row_dimensions[r].height == 61.0  # 4 wrapped lines × 14.5 + 3
    assert ws.cell(r, 4).alignment.vertical == "top"
    r = _row(ws, "field|suggestions")
    assert ws.cell(r, 1).value == "意见和建议" and ws.row_dimensions[r].height is None
    _, wsb = blank
    assert wsb.row_dimensions[_row(wsb, "field|highlights")].height == 45


def test_row_heights_follow_the_longest_text(factory):
    _, ws = factory
    heights = {k: ws.row_dimensions[_row(ws, k)].height for k in (
        "field|q1", "field|q3", "field|factory_name", "parameter|t:E0|", "parameter|t:E2|",
        "parameter|t:E3|", "parameter|t:W4|", "text|p:E6:0:name|", "parameter|t:G1|")}
    assert heights == {"field|q1": 32.0, "field|q3": None, "field|factory_name": None,
                       "parameter|t:E0|": 32.0, "parameter|t:E2|": 46.5, "parameter|t:E3|": 104.5,
                       "parameter|t:W4|": None, "text|p:E6:0:name|": None, "parameter|t:G1|": 46.5}


# ---------------------------------------------------------------- Part 3: the indicator table


@pytest.mark.parametrize(("key", "cells", "formats"), [
    ("parameter|t:E0||t:E0:note", ["工业总产值", None, "万元", 86520, 92310, 98760, None], ["0", "0", "0"]),
    ("parameter|t:E1|t:E1:unit|t:E1:note", ["综合能源消费量合计", None, "吨标准煤", 3850, 3920, 3980, None],
     ["0", "0", "0"]),
    ("parameter|t:S5||t:S5:note", ["危险废物产生量", None, "吨", 38.5, 36.2, 34.8, None], ["0.0", "0.0", "0.0"]),
    ("parameter|t:P2E|", ["氨氮排放量", None, "吨", 0.52, 0.49, 0.45, None], ["0.00", "0.00", "0.00"]),
    ("parameter|t:G1||t:G1:note", ["开展碳足迹核算的产品类别占比", None, "%", 25, 33.3, 50,
                                    "2024年新增两类电缆产品完成碳足迹核算（ISO 14067），占比由33.3%提高到50%。"],
     ["0", "0.0", "0"]),
])
def test_entered_figures(factory, key, cells, formats):
    _, ws = factory
    r = _row(ws, key)
    assert [ws.cell(r, c).value for c in range(1, 8)] == cells
    assert [ws.cell(r, c).number_format for c in (4, 5, 6)] == formats
    for col in (4, 5, 6):
        c = ws.cell(r, col)
        assert c.data_type == "n"
        assert c.fill.fgColor.rgb == INPUT and not c.protection.locked
        assert (c.alignment.horizontal, c.alignment.vertical) == ("right", "center")
        assert c.border.left.style == "thin" and c.font.sz == 10
    note = ws.cell(r, 7)
    assert note.fill.fgColor.rgb == INPUT and not note.protection.locked
    assert ws.cell(r, 1).protection.locked and ws.cell(r, 8).protection.locked
    assert ws.cell(r, 8).value and ws.cell(r, 8).alignment.wrap_text


def test_fill_note_and_unit_dropdown(factory):
    wb, ws = factory
    r = _row(ws, "parameter|t:E1|")
    assert ws.cell(r, 8).value.startswith("请使用报统计局《能源购进、消费与库存》")
    opts = _options(wb, ws)
    assert opts[f"C{r}"] == ["吨标准煤", "万吨标准煤"]
    assert not ws.cell(r, 3).protection.locked and ws.cell(r, 3).fill.fgColor.rgb == INPUT
    r0 = _row(ws, "parameter|t:E0|")  # 万元 only: no dropdown, locked
    assert f"C{r0}" not in opts and ws.cell(r0, 3).protection.locked
    assert opts[f"C{_row(ws, 'parameter|t:E7|')}"] == ["吨二氧化碳", "万吨二氧化碳"]


@pytest.mark.parametrize(("key", "cells", "formats"), [
    ("indicator|t:E4|", ["单位产值综合能耗", "综合能源消费量合计、工业总产值", "吨标准煤/万元", 0.0445, 0.0425, 0.0403],
     ["0.0000"] * 3),
    ("indicator|t:E5|", ["可再生能源使用比例", "工厂可再生能源消耗量、综合能源消费量合计", "%", 7.79, 10.71, 14.07],
     ["0.00"] * 3),
    ("indicator|t:L5|", ["容积率", "总建筑面积、厂区用地面积", "无量纲", 0.8, 0.8, 0.85], ["0.00"] * 3),
    ("product_indicator|p:E6:0", ["产品1单位产品综合能耗", "产品综合能耗、产品产量", "千克标准煤/吨", 30, 28.99, 27.99],
     ["0.00"] * 3),
])
def test_computed_figures_are_grey_and_locked(factory, key, cells, formats):
    _, ws = factory
    r = _row(ws, key)
    assert [ws.cell(r, c).value for c in range(1, 7)] == cells
    assert [ws.cell(r, c).number_format for c in (4, 5, 6)] == formats
    for col in (4, 5, 6):
        c = ws.cell(r, col)
        assert c.fill.fgColor.rgb == COMPUTED and c.protection.locked
        assert (c.alignment.horizontal, c.alignment.vertical) == ("right", "center")


def test_computed_figures_are_empty_in_the_blank_form(blank):
    _, ws = blank
    r = _row(ws, "indicator|t:E4|")
    assert [ws.cell(r, c).value for c in (4, 5, 6)] == [None, None, None]
    assert ws.cell(r, 4).fill.fgColor.rgb == COMPUTED
    r = _row(ws, "parameter|t:E0|")
    assert [ws.cell(r, c).value for c in (4, 5, 6)] == [None, None, None]
    assert ws.cell(r, 4).fill.fgColor.rgb == INPUT


def test_question_and_text_rows(factory):
    wb, ws = factory
    opts = _options(wb, ws)
    r = _row(ws, "question|p:E6:applicable")
    assert [ws.cell(r, c).value for c in range(1, 5)] == [
        "单位产品综合能耗", "是否有适用国家强制性能源消耗限额标准的产品", None, "是"]
    assert f"D{r}:F{r}" in _merges(ws) and opts[f"D{r}"] == YES_NO
    assert ws.cell(r, 4).fill.fgColor.rgb == INPUT and not ws.cell(r, 4).protection.locked
    assert ws.cell(r, 8).value.startswith("有适用国家强制性能耗限额标准的产品")
    assert ws.row_dimensions[r].height == 46.5
    assert ws.cell(_row(ws, "question|p:W3:applicable"), 4).value == "否"
    r = _row(ws, "text|p:E6:0:name|")
    assert ws.cell(r, 9).value == "text|p:E6:0:name|"
    assert [ws.cell(r, c).value for c in (1, 4)] == ["产品1名称", "电工用铜线坯"]
    assert f"D{r}:F{r}" in _merges(ws) and f"D{r}" not in opts
    assert not ws.cell(r, 4).protection.locked
    r = _row(ws, "text|p:E6:0:standard|")
    assert ws.cell(r, 2).value == "见《能耗限额标准清单.xlsx》" and ws.row_dimensions[r].height == 32.0
    r = _row(ws, "text|p:E6:0:unit|")
    assert [ws.cell(r, c).value for c in (1, 2, 4)] == ["产品1计量单位", "如 吨、件、台", "吨"]


def test_product_rows(factory, blank):
    wb, ws = factory
    opts = _options(wb, ws)
    r = _row(ws, "product_value|p:E6:0:output")
    assert [ws.cell(r, c).value for c in range(1, 7)] == ["产品1产品产量", None, "吨", 42000, 44500, 46800]
    r = _row(ws, "product_value|p:E6:0:consumption")
    assert [ws.cell(r, c).value for c in (1, 3, 4)] == ["产品1产品综合能耗", "吨标准煤", 1260]
    assert opts[f"C{r}"] == ["吨标准煤", "万吨标准煤"]
    r = _row(ws, "product_value|p:E6:1:output")  # the second, empty product slot
    assert [ws.cell(r, c).value for c in range(1, 7)] == ["产品2产品产量", None, "产品单位", None, None, None]
    assert not ws.cell(r, 4).protection.locked
    assert opts[f"C{_row(ws, 'product_indicator|p:E6:1')}"] == ["千克标准煤/产品单位", "吨标准煤/产品单位"]
    _, wsb = blank
    assert sum(1 for k in _keys(wsb) if k.startswith("product_value|p:E6:")) == 2 * 3  # three slots each
    assert wsb.cell(_row(wsb, "text|p:W3:2:name|"), 1).value == "产品3名称"


def test_qualitative_rows_of_the_supply_chain(chain):
    wb, ws = chain
    opts = _options(wb, ws)
    r = _row(ws, "qualitative|t:X11||t:X11:note")
    assert [ws.cell(r, c).value for c in range(1, 8)] == [
        "纳入公司发展规划", "是/否", None, "是", "是", "是", "《2021—2025年发展规划》第五章“绿色供应链”。"]
    for col in (4, 5, 6):
        c = ws.cell(r, col)
        assert opts[c.coordinate] == YES_NO
        assert not c.protection.locked and c.fill.fgColor.rgb == INPUT
        assert (c.alignment.horizontal, c.alignment.vertical) == ("center", "center")
        assert c.border.left.style == "thin"
    r = _row(ws, "qualitative|t:X51|")
    assert [ws.cell(r, c).value for c in (4, 5, 6)] == ["否", "是", "是"]
    assert not any(m.startswith(f"D{r}") for m in _merges(ws))


def test_quantity_field_of_a_park(park):
    wb, ws = park
    r = _row(ws, "quantity|approved_area")
    assert [ws.cell(r, c).value for c in range(1, 6)] == ["* 核准面积", None, None, 12.6, "平方公里"]
    assert ws.cell(r, 4).number_format == "0.0"
    assert _options(wb, ws)[f"E{r}"] == ["公顷", "平方公里"]
    assert {f"A{r}:C{r}", f"E{r}:H{r}"} <= _merges(ws)
    for col in (4, 5):
        assert ws.cell(r, col).fill.fgColor.rgb == INPUT and not ws.cell(r, col).protection.locked
    assert ws.cell(r, 1).font.b and ws.cell(r, 5).border.left.style == "thin"
    assert ws.row_dimensions[r].height is None
    assert ws.oddHeader.right.text == "江苏昆山绿源示范经济开发区"
    assert ws.print_title_rows == "$35:$35"


def test_quantity_field_blank_takes_the_first_unit():
    d = forms.get("green-park-2024")
    ws = _load(render_xlsx(d, new_draft(d), blank=True))["动态管理表"]
    r = _row(ws, "quantity|approved_area")
    assert ws.cell(r, 4).value is None and ws.cell(r, 5).value == "公顷"
    assert ws.oddHeader.right.text is None  # no unit name yet: no page header


# ---------------------------------------------------------------- sheet set-up


def test_columns_protection_and_print_setup(factory):
    wb, ws = factory
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFGH"}
    assert widths == {"A": 34, "B": 26, "C": 14, "D": 15, "E": 15, "F": 15, "G": 30, "H": 48}
    assert ws.column_dimensions["I"].hidden
    assert not any(ws.column_dimensions[c].hidden for c in "ABCDEFGH")
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.formatColumns is False and ws.protection.formatRows is False
    assert ws.freeze_panes is None
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_area == "'动态管理表'!$A$1:$H$101"
    assert ws.print_title_rows == "$30:$30"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.oddHeader.right.text == "广东绿源示范电缆有限公司"
    assert wb.sheetnames == ["动态管理表", "_lists"]
    assert ws.max_row == 101 and ws.max_column == 9


def test_the_hidden_list_sheet(factory):
    wb, ws = factory
    lists = wb["_lists"]
    assert lists.sheet_state == "hidden" and lists.protection.sheet
    assert [lists.cell(r, 1).value for r in (1, 2, 3, 4)] == ["GreenDesk", "green-factory-2025", "2025.1", None]
    names = {n: v.attr_text for n, v in wb.defined_names.items()}
    assert names["list1"] == "'_lists'!$B$1:$B$1381"
    assert names["list2"] == "'_lists'!$C$1:$C$9"
    assert names["list3"] == "'_lists'!$D$1:$D$2"
    assert [lists.cell(r, 4).value for r in (1, 2, 3)] == ["是", "否", None]
    assert len(names) == 12  # one list per distinct option set, shared by every cell using it
    dvs = ws.data_validations.dataValidation
    assert len(dvs) == 12
    for dv in dvs:
        assert dv.type == "list" and dv.allow_blank and dv.showErrorMessage
        assert dv.errorTitle == "输入有误" and dv.error == "请从下拉列表中选择。"
    by_name = {dv.formula1: str(dv.sqref) for dv in dvs}
    assert by_name["=list3"] == "D20 D21 D22 D23 D24 D25 D27 D41 D60"
    assert by_name["=list1"] == "D4 D5 D6"


def test_every_input_is_unlocked_and_every_label_locked(factory):
    _, ws = factory
    for r in range(1, ws.max_row + 1):
        for col in (1, 9):
            assert ws.cell(r, col).protection.locked, (r, col)


# ---------------------------------------------------------------- long texts over Excel's row limit


@pytest.fixture(scope=_scope)
def long_text():
    d = forms.get("green-factory-2025")
    draft = _sample("green-factory-2025")
    draft.fields["highlights"] = "\n".join(f"第{i}段" for i in range(60))  # 60 lines: 60 × 14.5 + 3 = 873
    draft.fields["factory_name"] = "绿源&示范\n公司"
    cells.put(draft, "p:E6:0:name", "铜" * 100)  # 200 units over D:F (45 wide, 42 a line): 5 lines
    wb = _load(render_xlsx(d, draft))
    return wb["动态管理表"]


def test_a_text_taller_than_409_points_spreads_over_merged_rows(long_text):
    ws = long_text
    r = _row(ws, "field|highlights")
    assert r == 99
    assert ws.cell(r, 4).value.startswith("第0段\n第1段")
    merges = _merges(ws)
    assert {f"A{r}:C{r + 2}", f"D{r}:H{r + 2}"} <= merges  # 873 pt → 3 rows of 291 pt
    assert [ws.row_dimensions[r + i].height for i in range(3)] == [291.0, 291.0, 291.0]
    assert ws.cell(r + 3, 9).value == "part|part5" and ws.cell(r + 3, 1).value == "五、意见和建议"
    assert ws.cell(r + 1, 9).value is None
    for col in (1, 4):
        assert ws.cell(r, col).alignment.vertical == "top" and ws.cell(r, col).alignment.wrap_text
    assert ws.print_area == "'动态管理表'!$A$1:$H$103"
    assert ws.oddHeader.right.text == "绿源&&示范 公司"  # & escaped: it starts a code in a page header
    assert ws.row_dimensions[_row(ws, "text|p:E6:0:name|")].height == 75.5  # 5 × 14.5 + 3


@pytest.mark.parametrize(("lines", "rows", "height"), [(28, 1, 409.0), (29, 2, 211.8)])
def test_excels_row_limit_of_409_points(lines, rows, height):
    d = forms.get("green-factory-2025")
    draft = _sample("green-factory-2025")
    draft.fields["highlights"] = "\n".join("段" for _ in range(lines))  # 28 × 14.5 + 3 = 409
    ws = _load(render_xlsx(d, draft))["动态管理表"]
    r = _row(ws, "field|highlights")
    assert [ws.row_dimensions[r + i].height for i in range(rows)] == [height] * rows
    assert ws.cell(r + rows, 9).value == "part|part5"
    if rows == 1:
        assert ws.cell(r, 1).alignment.vertical == "center"  # one row: as any other
        assert {f"A{r}:C{r}", f"D{r}:H{r}"} <= _merges(ws)
    else:
        assert ws.cell(r, 1).alignment.vertical == "top"
        assert {f"A{r}:C{r + 1}", f"D{r}:H{r + 1}"} <= _merges(ws)


def test_a_long_row_without_merges_is_merged_column_by_column():
    d = forms.get("green-factory-2025")
    draft = _sample("green-factory-2025")
    cells.put(draft, "t:E0:note", "说明" * 1200)  # CJK: 4800 units over a 30-wide column
    ws = _load(render_xlsx(d, draft))["动态管理表"]
    r = _row(ws, "parameter|t:E0|")
    merges = _merges(ws)
    spans = [m for m in merges if m.startswith(tuple(f"{c}{r}:" for c in "ABCDEFGH"))]
    assert len(spans) == 8  # every column merged downwards on its own
    k = int(spans[0].split(":")[1][1:]) - r + 1
    assert k >= 2
    assert all(m.endswith(str(r + k - 1)) for m in spans)
    assert ws.cell(r, 4).value == 86520 and ws.cell(r, 4).alignment.horizontal == "right"
    assert ws.cell(r, 4).alignment.vertical == "top"
    assert ws.row_dimensions[r].height <= 409 and ws.row_dimensions[r + k - 1].height <= 409
    assert ws.cell(r + k, 1).value == "综合能源消费量合计"


# ---------------------------------------------------------------- numbers and line counts


@pytest.mark.parametrize(("text", "value", "fmt", "as_text"), [
    ("86520", 86520, "0", False),
    ("0", 0, "0", False),
    ("-5", -5, "0", False),
    ("1.50", 1.5, "0.00", False),
    ("0.0403", 0.0403, "0.0000", False),
    ("1E+2", 100, "0", False),
    ("123456789012345", 123456789012345, "0", False),  # 15 digits: a double holds them
    ("1234567890123456", "1234567890123456", None, True),  # 16: text, shown as typed
    ("0." + "0" * 29 + "1", 1e-30, "0." + "0" * 30, False),  # 30 decimals: Excel's limit
    ("0." + "0" * 30 + "1", "0." + "0" * 30 + "1", None, True),  # 31 decimals
    ("1E+300", "1E+300", None, True),
    ("9E+299", 9 * 10**299, "0", False),
    ("1E-300", "1E-300", None, True),
    ("2E-300", "2E-300", None, True),  # 300 decimals
    ("abc", "abc", None, True),
    ("NaN", "NaN", None, True),
    ("=1+2", "=1+2", None, True),
])
def test_write_number(text, value, fmt, as_text):
    c = Workbook().active["A1"]
    write_number(c, text)
    assert c.value == value
    if as_text:
        assert c.data_type == "s" and c.quotePrefix
    else:
        assert c.data_type == "n" and not c.quotePrefix
        if fmt:
            assert isinstance(c.value, int) == ("." not in fmt)
    if fmt:
        assert c.number_format == fmt


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("", 10, 1),
    ("abc", 10, 1),
    ("a" * 9, 10, 1),
    ("a" * 10, 10, 2),  # 95 % of 10 → 9 per line
    ("a" * 20, 10, 3),
    ("中" * 4, 10, 1),  # CJK counts double: 8 units
    ("中" * 5, 10, 2),
    ("a\nb\n\nc", 10, 4),
    ("a" * 5, 0, 5),  # a zero width still counts one unit a line
    (chr(0x2E80) * 9, 10, 1),  # up to U+2E80 a character counts one
    (chr(0x2E81) * 5, 10, 2),
])
def test_lines_needed(text, width, lines):
    assert _lines_needed(text, width) == lines


@pytest.mark.parametrize(("pairs", "height"), [
    ((), None),
    ((("abc", 10),), None),
    ((("", 10), ("a" * 10, 10)), 32.0),
    ((("a" * 20, 10), ("a" * 10, 10)), 46.5),
    ((("a\nb\nc\nd", 30),), 61.0),
])
def test_fit(pairs, height):
    assert XlsxBuilder._fit(*pairs) == height


def test_nothing_written_in_the_draft_is_lost_in_the_default_path(tmp_path: Path):
    d = forms.get("green-factory-2025")
    from greendesk.export import export_xlsx
    out = tmp_path / "t.xlsx"
    export_xlsx(d, _sample("green-factory-2025"), out)
    assert load_workbook(out)["动态管理表"]["A1"].value == "绿色工厂动态管理表"


def test_safe_text_is_the_guard():
    from greendesk.export.xlsx_export import safe_text

    c = Workbook().active["A1"]
    safe_text(c, "=1+1")
    assert (c.value, c.data_type, c.quotePrefix) == ("=1+1", "s", True)

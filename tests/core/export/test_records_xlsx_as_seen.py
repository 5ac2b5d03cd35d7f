"""The 培育名单 workbooks (附件3 工厂、供应链 and 附件4 工业园区) as the province's staff open them,
and what 模板导入 makes of a template filled by hand. The title, the heads and the note are written
here as the notice prints them (/work/brief/issue14.txt, the notice's 附件3/附件4)."""

from __future__ import annotations

import io
import os
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from greendesk import export, forms
from greendesk.draft import new_draft
from greendesk.export.records_xlsx import (
    RecordsImport,
    RecordsImportError,
    _text,
    read_records_workbook,
    render_records_xlsx,
    sniff,
)

FACTORY_TITLE = "绿色制造培育名单（工厂、供应链）"
FACTORY_HEADS = ["序号", "地市", "企业名称", "所在地址（写到县/区镇）",
                 "企业类型（国有、民营、中外合资、外商独资、港澳台企）",
                 "所属行业（4位国民经济行业分类代码+名称）",
                 "绿色制造现状（省级绿色工厂、市级绿色工厂、其他）", "备注"]
PARK_HEADS = ["序号", "园区名称", "园区地址（写到县/区镇）", "园区设立时间（年/月）", "批准设立机构",
              "核准面积（公顷）", "园区类型", "主导产业", "备注"]
PARK_NOTE = "注：园区类型请填写省产业园、高新区、经开区、海关特殊监管区、其他等等。"
ROWS = [{"city": "广州市", "name": "广州市绿源制药有限公司", "address": "广州市南沙区", "ownership": "民营",
         "industry": "2720 化学药品制剂制造", "status": "市级绿色工厂"},
        {"city": "佛山市", "name": "佛山市顺德电器有限公司", "address": "佛山市顺德区", "ownership": "国有",
         "industry": "3831 电线、电缆制造", "status": "其他", "remark": "拟申报省级"},
        {"city": "深圳市", "name": "@SUM(1)科技", "address": "深圳市南山区", "ownership": "外商独资",
         "industry": "3973 集成电路制造", "status": "省级绿色工厂"}]
PARK_ROW = {"name": "某高新区", "address": "广州市黄埔区", "established": "1991/03", "approver": "国务院",
            "area": "37.5", "park_type": "高新区", "industries": "电子信息", "remark": "无"}


def _scope(fixture_name: str, config) -> str:
    """One render per module; per test while mutmut maps tests to code (its "stats" phase links a
    test to the code it runs only when that test itself runs it: a module fixture's render would
    count for the first test only). Each mutant's run renders once per module again."""
    return "function" if os.environ.get("MUTANT_UNDER_TEST") == "stats" else "module"


@pytest.fixture(scope="module")
def factory_def():
    return forms.get("cultivation-factory-2025")


@pytest.fixture(scope="module")
def park_def():
    return forms.get("cultivation-park-2025")


def _filled(definition, city, rows):
    d = new_draft(definition)
    d.fields["city"] = city
    d.records["list"] = [dict(r) for r in rows]
    return d


@pytest.fixture(scope=_scope)
def factory_wb(factory_def):
    return load_workbook(io.BytesIO(render_records_xlsx(factory_def, _filled(factory_def, "广州市", ROWS))))


@pytest.fixture(scope=_scope)
def park_blank(park_def):
    return load_workbook(io.BytesIO(render_records_xlsx(park_def, new_draft(park_def), blank=True)))


@pytest.fixture(scope=_scope)
def park_wb(park_def):
    return load_workbook(io.BytesIO(render_records_xlsx(park_def, _filled(park_def, "广州", [PARK_ROW]))))


# ---------------------------------------------------------------- export


def test_factory_list_as_the_template(factory_wb):
    wb = factory_wb
    assert wb.sheetnames == ["培育名单"]
    assert wb.properties.subject == "GreenDesk:cultivation-factory-2025@2025.1"
    assert wb.properties.title == FACTORY_TITLE
    ws = wb["培育名单"]
    assert ws["A1"].value == "广州市绿色制造培育名单（工厂、供应链）"
    assert ws["A1"].font.b and ws["A1"].font.sz == 14
    assert (ws["A1"].alignment.horizontal, ws["A1"].alignment.vertical) == ("center", "center")
    assert ws.row_dimensions[1].height == 30 and ws.row_dimensions[2].height == 48
    assert "A1:H1" in {str(m) for m in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == FACTORY_HEADS
    for c in ws[2]:
        assert c.font.b and c.alignment.horizontal == "center" and c.alignment.vertical == "center"
        assert c.alignment.wrap_text and c.border.left.style == "thin" and c.border.bottom.style == "thin"
    assert [c.value for c in ws[3]] == [1, "广州市", "广州市绿源制药有限公司", "广州市南沙区", "民营",
                                         "2720 化学药品制剂制造", "市级绿色工厂", None]
    assert [c.value for c in ws[4]] == [2, "佛山市", "佛山市顺德电器有限公司", "佛山市顺德区", "国有",
                                         "3831 电线、电缆制造", "其他", "拟申报省级"]
    assert ws["A5"].value == 3 and ws["C5"].value == "@SUM(1)科技"
    assert ws["C5"].data_type == "s" and ws["C5"].quotePrefix and not ws["C4"].quotePrefix
    assert ws.max_row == 5
    for r in (3, 4, 5):
        assert ws.cell(r, 1).border.top.style == "thin" and ws.cell(r, 1).alignment.horizontal == "center"
        assert ws.cell(r, 1).alignment.vertical == "center"
        for col in range(2, 9):
            c = ws.cell(r, col)
            assert c.border.right.style == "thin" and c.alignment.vertical == "center" and c.alignment.wrap_text
    widths = {k: ws.column_dimensions[k].width for k in "ABCDEFGH"}
    assert widths == {"A": 6, "B": 10, "C": 28, "D": 22, "E": 16, "F": 24, "G": 16, "H": 16}


def test_factory_list_dropdowns_and_print_setup(factory_wb):
    ws = factory_wb.active
    dvs = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert set(dvs) == {"E3:E1002", "G3:G1002"}
    e, g = dvs["E3:E1002"], dvs["G3:G1002"]
    assert e.formula1 == '"国有,民营,中外合资,外商独资,港澳台企"'
    assert g.formula1 == '"省级绿色工厂,市级绿色工厂,其他"'
    for dv in (e, g):
        assert dv.type == "list" and dv.allow_blank and dv.showErrorMessage and dv.errorTitle == "无效的选项"
    assert e.error == "请从下拉列表中选择：国有、民营、中外合资、外商独资、港澳台企"
    assert g.error == "请从下拉列表中选择：省级绿色工厂、市级绿色工厂、其他"
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$1:$2"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_options.horizontalCentered
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_blank_park_list(park_blank):
    wb = park_blank
    assert wb.properties.subject == "GreenDesk:cultivation-park-2025@2025.1"
    assert wb.properties.title == "绿色制造培育名单（工业园区）"
    ws = wb.active
    assert ws.title == "培育名单"
    assert ws["A1"].value == "____市绿色制造培育名单（工业园区）"
    assert [c.value for c in ws[2]] == PARK_HEADS
    assert [ws.cell(r, 1).value for r in range(3, 23)] == list(range(1, 21))  # 20 numbered rows
    assert ws.cell(23, 1).value is None
    assert all(ws.cell(r, c).value in (None, "") for r in range(3, 24) for c in range(2, 10))
    assert ws.cell(24, 1).value == PARK_NOTE
    merges = {str(m) for m in ws.merged_cells.ranges}
    assert merges == {"A1:I1", "A24:I24"}
    assert ws.max_row == 24
    dvs = ws.data_validations.dataValidation
    assert [(str(dv.sqref), dv.formula1) for dv in dvs] == [("G3:G1002", '"省产业园,高新区,经开区,海关特殊监管区,其他"')]
    assert dvs[0].error == "请从下拉列表中选择：省产业园、高新区、经开区、海关特殊监管区、其他"
    assert ws.column_dimensions["B"].width == 26 and ws.column_dimensions["I"].width == 16
    assert ws.cell(22, 9).border.left.style == "thin" and ws.cell(22, 1).border.left.style == "thin"


def test_filled_park_list(park_wb):
    ws = park_wb.active
    assert ws["A1"].value == "广州市绿色制造培育名单（工业园区）"  # 市 added to a city typed without it
    assert [c.value for c in ws[3]] == [1, "某高新区", "广州市黄埔区", "1991/03", "国务院", "37.5", "高新区",
                                         "电子信息", "无"]
    assert ws["A5"].value == PARK_NOTE and "A5:I5" in {str(m) for m in ws.merged_cells.ranges}
    assert ws["A4"].value is None


def test_a_list_longer_than_the_validated_rows_gets_dropdowns_to_its_end(factory_def):
    rows = [dict(ROWS[0]) for _ in range(1005)]
    ws = load_workbook(io.BytesIO(render_records_xlsx(factory_def, _filled(factory_def, "广州市", rows)))).active
    assert {str(dv.sqref) for dv in ws.data_validations.dataValidation} == {"E3:E1007", "G3:G1007"}
    assert ws.cell(1007, 1).value == 1005


def test_export_routes_lists_and_tables(factory_def, tmp_path: Path):
    out = tmp_path / "blank.xlsx"
    export.export_blank_xlsx(factory_def, out)
    ws = load_workbook(out).active
    assert ws["A1"].value == "____市绿色制造培育名单（工厂、供应链）" and ws.cell(22, 1).value == 20
    out = tmp_path / "list.xlsx"
    export.export_xlsx(factory_def, _filled(factory_def, "广州市", ROWS[:1]), out)
    ws = load_workbook(out).active
    assert ws["A1"].value == "广州市绿色制造培育名单（工厂、供应链）" and ws.max_row == 3
    d = forms.get("green-factory-2025")
    out = tmp_path / "table.xlsx"
    export.export_blank_xlsx(d, out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["动态管理表", "_lists"]
    assert wb.active["A2"].value.endswith("（空白表单：请在浅黄色单元格中填写，带 * 的为必填项）")


def test_an_export_that_cannot_be_written_says_so(factory_def, tmp_path: Path):
    folder = tmp_path / "a-folder.xlsx"
    folder.mkdir()
    with pytest.raises(export.ExportError) as err:
        export.export_xlsx(factory_def, _filled(factory_def, "广州市", ROWS), folder)
    assert err.value.message and str(err.value) == err.value.message
    assert "a-folder.xlsx" in err.value.message


# ---------------------------------------------------------------- import


def _save(rows, path: Path, sheets=1) -> Path:
    wb = Workbook()
    ws = wb.active
    for _ in range(sheets - 1):
        ws = wb.create_sheet("第二")
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_round_trip_of_both_lists(factory_def, park_def, tmp_path: Path):
    for definition, city, rows in ((factory_def, "广州市", ROWS), (park_def, "广州市", [PARK_ROW])):
        out = tmp_path / f"{definition.id}.xlsx"
        export.export_xlsx(definition, _filled(definition, city, rows), out)
        draft, report = export.import_xlsx(out)
        assert draft.form.id == definition.id
        assert draft.records["list"] == rows and draft.fields["city"] == "广州市"
        assert report.rows == len(rows) and report.notes == []
        assert report.to_text() == f"模板导入：{definition.title}，读入 {len(rows)} 行。"


@pytest.mark.parametrize(("title", "city"), [
    ("深圳市绿色制造培育名单（工厂、供应链）", "深圳市"),
    ("深圳绿色制造培育名单（工厂、供应链）", "深圳市"),
    ("广州市 市绿色制造培育名单（工厂、供应链）", "广州市"),
    ("  珠海 市绿色制造培育名单（工厂、供应链）", "珠海市"),
    ("____市绿色制造培育名单（工厂、供应链）", None),
    ("绿色制造培育名单", None),
    ("名单", None),
])
def test_the_city_is_read_from_the_title(tmp_path: Path, factory_def, title, city):
    path = _save([[title], FACTORY_HEADS,
                  [1, "深圳市", "深圳市某电子有限公司", "深圳市南山区", "外商独资", "3973 集成电路制造", "其他"]],
                 tmp_path / "t.xlsx")
    draft, report = read_records_workbook(path, factory_def)
    assert draft.fields.get("city") == city
    assert report.rows == 1


def test_a_template_by_hand_with_short_heads_missing_columns_notes_and_example(tmp_path: Path, factory_def):
    path = _save([
        ["东莞市绿色制造培育名单（工厂、供应链）"],
        [None],
        ["序号", "地市", "企业名称", "所在地址", "企业类型", "所属行业", "绿色制造现状"],
        [1, "示例", "广州市**制药有限公司", "广州市南沙区", "民营", "2720 化学药品制剂制造", "市级绿色工厂"],
        [2, "东莞市", "东莞市某五金有限公司", "东莞市长安镇", "民营", "C 3311\n金属结构制造", "其他"],
        [None, None, None],
        [3, "东莞市", "东莞市某材料有限公司", "东莞市松山湖", 5, 3312.0, "其他"],
        ["注：以上数据截至3月底", None, None, None],
    ], tmp_path / "hand.xlsx")
    draft, report = read_records_workbook(path, factory_def)
    assert draft.fields["city"] == "东莞市"
    assert draft.records["list"] == [
        {"city": "东莞市", "name": "东莞市某五金有限公司", "address": "东莞市长安镇", "ownership": "民营",
         "industry": "3311 金属结构制造", "status": "其他"},
        {"city": "东莞市", "name": "东莞市某材料有限公司", "address": "东莞市松山湖", "ownership": "5",
         "industry": "3312 金属门窗制造", "status": "其他"},  # GB/T 4754-2017: 3312
    ]
    assert report.rows == 2
    assert report.notes == ["没有找到这些列，按空白读入：备注", "第4行是通知模板中的示例行（“示例”），未导入"]
    assert report.to_text() == (
        "模板导入：绿色制造培育名单（工厂、供应链），读入 2 行。\n"
        "  · 没有找到这些列，按空白读入：备注\n"
        "  · 第4行是通知模板中的示例行（“示例”），未导入")


def test_a_row_with_only_some_heads_is_not_the_header(tmp_path: Path, factory_def):
    path = _save([["企业名称", "备注"], FACTORY_HEADS, [1, "广州市", "某公司"]], tmp_path / "partial.xlsx")
    draft, report = read_records_workbook(path, factory_def)
    assert draft.records["list"] == [{"city": "广州市", "name": "某公司"}] and report.notes == []


def test_heads_on_a_later_sheet_and_short_rows(tmp_path: Path, factory_def):
    wb = Workbook()
    wb.active.append(["别的内容"])
    ws = wb.create_sheet("名单")
    ws.append(["地市", "企业名称", "所在地址（写到县/区镇）", "企业类型（国有、民营、中外合资、外商独资、港澳台企）",
               "所属行业（4位国民经济行业分类代码+名称）", "绿色制造现状（省级绿色工厂、市级绿色工厂、其他）", "备注"])
    ws.append(["广州市", "广州某公司"])
    ws["H3"] = "无关"
    path = tmp_path / "later.xlsx"
    wb.save(path)
    draft, report = read_records_workbook(path, factory_def)
    assert draft.records["list"] == [{"city": "广州市", "name": "广州某公司"}]
    assert "city" not in draft.fields  # a value outside the list's columns is named, never dropped silently
    assert report.notes == ["第3行H列（无列标题）的「无关」不属于名单的任何一列，未导入"]


def test_heads_below_row_50_are_not_found(tmp_path: Path, factory_def):
    path = _save([[None]] * 50 + [FACTORY_HEADS], tmp_path / "deep.xlsx")
    with pytest.raises(RecordsImportError) as err:
        read_records_workbook(path, factory_def)
    assert err.value.message == (
        "「deep.xlsx」中找不到绿色制造培育名单（工厂、供应链）的表头（应有：地市、企业名称、所在地址（写到县/区镇）、"
        "企业类型（国有、民营、中外合资、外商独资、港澳台企）、所属行业（4位国民经济行业分类代码+名称）、"
        "绿色制造现状（省级绿色工厂、市级绿色工厂、其他））。")
    path = _save([[None]] * 49 + [FACTORY_HEADS, [1, "广州市", "某公司"]], tmp_path / "row50.xlsx")
    draft, _ = read_records_workbook(path, factory_def)
    assert draft.records["list"] == [{"city": "广州市", "name": "某公司"}]


def test_a_head_repeated_is_read_from_its_first_column(tmp_path: Path, factory_def):
    path = _save([FACTORY_HEADS + ["企业名称"], [1, "广州市", "第一列", "", "", "", "", "", "第二列"]],
                 tmp_path / "twice.xlsx")
    draft, _ = read_records_workbook(path, factory_def)
    assert draft.records["list"] == [{"city": "广州市", "name": "第一列"}]


def test_a_damaged_file_is_named(tmp_path: Path, factory_def):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(RecordsImportError) as err:  # the checks every import makes first
        read_records_workbook(bad, factory_def)
    assert err.value.message == "「坏.xlsx」不是 Excel 工作簿（.xlsx）。"
    with pytest.raises(export.ExportError) as err2:
        export.import_xlsx(bad, factory_def)
    assert err2.value.message == "「坏.xlsx」不是 Excel 工作簿（.xlsx）。"


def test_import_without_heads_through_the_front_door(tmp_path: Path, factory_def):
    path = _save([["无关"]], tmp_path / "none.xlsx")
    with pytest.raises(export.ExportError) as err:
        export.import_xlsx(path, factory_def)
    assert err.value.message.startswith("「none.xlsx」中找不到绿色制造培育名单（工厂、供应链）的表头（应有：地市、")


@pytest.mark.parametrize(("value", "text"), [
    (None, ""),
    (datetime(1991, 3, 1, 8, 30), "1991/03"),
    (date(2003, 11, 5), "2003/11"),
    (37.0, "37"),
    (37.5, "37.5"),
    (0.1, "0.1"),
    (1e-7, "1E-7"),
    (12, "12"),
    ("  文字\x07 ", "  文字\x07 "),  # as typed: cleaned with its notes by cells.prepare when placed
    ("", ""),
])
def test_cell_values_as_text(value, text):
    assert _text(value) == text


def test_records_import_text():
    r = RecordsImport("名单")
    assert (r.rows, r.notes) == (0, [])
    assert r.to_text() == "模板导入：名单，读入 0 行。" and r.empty
    r.notes.append("甲")
    r.rows = 3
    assert not r.empty
    assert r.to_text() == "模板导入：名单，读入 3 行。\n  · 甲"
    e = RecordsImportError("说明")
    assert e.message == "说明" and str(e) == "说明"


def test_sniff(tmp_path: Path, factory_def, park_def):
    lists = [factory_def, park_def]
    out = tmp_path / "park.xlsx"
    export.export_blank_xlsx(park_def, out)
    assert sniff(out, lists) is park_def
    assert sniff(out, [factory_def]) is None  # its subject names the park list, its heads are the park's
    assert sniff(out, []) is None
    hand = _save([["广州市绿色制造培育名单（工业园区）"], PARK_HEADS], tmp_path / "hand.xlsx")
    assert sniff(hand, lists) is park_def
    hand = _save([FACTORY_HEADS], tmp_path / "hand2.xlsx")
    assert sniff(hand, lists) is factory_def
    other = _save([["别的"]], tmp_path / "other.xlsx")
    assert sniff(other, lists) is None
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nothing")
    assert sniff(bad, lists) is None
    blank = tmp_path / "table.xlsx"
    export.export_blank_xlsx(forms.get("green-factory-2025"), blank)
    assert sniff(blank, lists) is None


def test_import_picks_the_reader_by_form(tmp_path: Path, factory_def):
    out = tmp_path / "list.xlsx"
    export.export_xlsx(factory_def, _filled(factory_def, "广州市", ROWS[:1]), out)
    draft, report = export.import_xlsx(out, factory_def)
    assert draft.records["list"] == ROWS[:1] and report.rows == 1
    d = forms.get("green-factory-2025")
    table = tmp_path / "table.xlsx"
    export.export_blank_xlsx(d, table)
    draft, report = export.import_xlsx(table, d)
    assert draft.form.id == "green-factory-2025"
    draft, report = export.import_xlsx(table)
    assert draft.form.id == "green-factory-2025"


def test_the_title_on_a_later_row_and_formula_results(tmp_path: Path, factory_def):
    """A template with a blank first row (title on row 2); a formula is read as its result (none
    saved here: the cell counts as empty), never as formula text."""
    wb = Workbook()
    ws = wb.active
    ws.append([None])
    ws.append(["佛山市绿色制造培育名单（工厂、供应链）"])
    ws.append(FACTORY_HEADS)
    ws.append([1, "佛山市", "佛山某公司", "佛山市顺德区", "民营", "3831 电线、电缆制造", "其他", '="拟"&"申报"'])
    path = tmp_path / "later.xlsx"
    wb.save(path)
    draft, report = read_records_workbook(path, factory_def)
    assert draft.fields["city"] == "佛山市"
    assert draft.records["list"] == [{"city": "佛山市", "name": "佛山某公司", "address": "佛山市顺德区",
                                      "ownership": "民营", "industry": "3831 电线、电缆制造", "status": "其他"}]


def test_a_table_is_imported_as_a_table_when_its_form_is_given(tmp_path: Path):
    from greendesk.document import open_draft
    from tests.conftest import SAMPLES

    d = forms.get("green-factory-2025")
    sample = open_draft(SAMPLES / "green-factory-2025.json").draft
    out = tmp_path / "filled.xlsx"
    export.export_xlsx(d, sample, out)
    draft, report = export.import_xlsx(out, d)
    assert draft.fields["factory_name"] == "广东绿源示范电缆有限公司" and not report.empty
    blank = tmp_path / "blank.xlsx"
    export.export_blank_xlsx(d, blank)
    draft, _ = export.import_xlsx(blank, d, base=sample)  # onto a copy of the draft it is given
    assert draft.fields["factory_name"] == "广东绿源示范电缆有限公司"
    assert draft is not sample


def test_a_note_row_in_the_data_columns_is_skipped_and_rows_after_it_read(tmp_path: Path, factory_def):
    path = _save([
        FACTORY_HEADS,
        [1, "广州市", "广州甲公司", "广州市南沙区", "民营", "2720 化学药品制剂制造", "其他", "3831"],
        [None, "注：企业类型请从下拉列表中选择。"],
        [None, " ", "注：以上数据截至3月底"],
        [2, "广州市", "广州乙公司", "广州市黄埔区", "国有", "3831", "其他"],
    ], tmp_path / "notes.xlsx")
    draft, report = read_records_workbook(path, factory_def)
    assert draft.records["list"] == [
        {"city": "广州市", "name": "广州甲公司", "address": "广州市南沙区", "ownership": "民营",
         "industry": "2720 化学药品制剂制造", "status": "其他", "remark": "3831"},  # only 所属行业 gets a name
        {"city": "广州市", "name": "广州乙公司", "address": "广州市黄埔区", "ownership": "国有",
         "industry": "3831 电线、电缆制造", "status": "其他"},
    ]
    assert report.rows == 2


def test_has_records(factory_def, park_def):
    from greendesk.export.records_xlsx import has_records

    assert has_records(factory_def) and has_records(park_def)
    assert not has_records(forms.get("green-factory-2025"))


def test_a_blank_workbook_shows_nothing_of_the_draft_it_is_given(factory_def):
    ws = load_workbook(io.BytesIO(render_records_xlsx(factory_def, _filled(factory_def, "广州市", ROWS),
                                                      blank=True))).active
    assert ws["A1"].value == "____市绿色制造培育名单（工厂、供应链）"
    assert [ws.cell(3, c).value for c in range(1, 4)] == [1, None, None] and ws.cell(22, 1).value == 20

"""模板导入 of a 培育名单 whatever the workbook holds: a formula another program saved without its
result is named (not read as an empty cell), a stale <dimension> does not hide rows, a sheet of
junk cannot flood the report or the memory, and the file passes the checks every import makes first.
Expected texts written literally."""

from __future__ import annotations

import re
import zipfile
from copy import copy
from pathlib import Path

import pytest
from openpyxl import load_workbook

from greendesk import export, forms
from greendesk.draft import new_draft
from greendesk.export import records_xlsx, xlsx_reader
from greendesk.export.records_xlsx import RecordsImportError, read_records_workbook

ROW = ["某高新区", "广州市黄埔区", "1991/03", "国务院", 37.5, "高新区", "电子信息", "无"]


@pytest.fixture(scope="module")
def park_def():
    return forms.get("cultivation-park-2025")


def _filled(park_def, tmp_path: Path, rows, name="名单.xlsx") -> Path:
    """The blank park template, its title's city filled and `rows` typed under the heads (row 2),
    saved by openpyxl: formulas keep no result, as with any program other than Excel."""
    blank = tmp_path / "blank.xlsx"
    d = new_draft(park_def)
    export.export_xlsx(park_def, d, blank)
    wb = load_workbook(blank)
    ws = wb.worksheets[0]
    ws["A1"] = "广州市绿色制造培育名单（工业园区）"
    ws.unmerge_cells("A4:I4")  # the template's 注 row, moved below the rows typed
    ws["A4"] = None
    for i, row in enumerate(rows, 3):
        for j, v in enumerate([i - 2, *row], 1):
            ws.cell(i, j).value = v
    out = tmp_path / name
    wb.save(out)
    return out


def test_a_formula_without_a_saved_result_is_named_not_read_as_empty(park_def, tmp_path):
    path = _filled(park_def, tmp_path, [ROW[:4] + ["=30+7.5"] + ROW[5:], ROW[:7] + ["无", "=1+1"]])
    draft, report = read_records_workbook(path, park_def)
    assert report.rows == 2
    assert "area" not in draft.records["list"][0] and draft.records["list"][0]["name"] == "某高新区"
    assert report.notes == [
        "第3行F列「核准面积」是公式「=30+7.5」，文件中没有它的计算结果（不是用 Excel 保存的），未导入，"
        "请填写数值或用 Excel 打开后保存",
        "第4行J列（无列标题）是公式「=1+1」，文件中没有它的计算结果（不是用 Excel 保存的），未导入，"
        "请填写数值或用 Excel 打开后保存",
    ]


def _stale_dimension(path: Path, ref: str) -> Path:
    """The same workbook with its first sheet's <dimension> saying only `ref` (as some programs write)."""
    out = path.with_name("stale.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
                assert n == 1
            dst.writestr(info, data)
    return out


def test_rows_past_a_stale_dimension_are_read(park_def, tmp_path):
    rows = [[f"园区{i}"] + ROW[1:] for i in range(1, 7)]
    path = _stale_dimension(_filled(park_def, tmp_path, rows), "A1:I3")
    draft, report = read_records_workbook(path, park_def)
    assert [r["name"] for r in draft.records["list"]] == [f"园区{i}" for i in range(1, 7)]
    assert report.rows == 6 and report.notes == []


def test_rows_past_the_limit_are_named_and_a_flood_of_notes_is_counted(park_def, tmp_path, monkeypatch):
    monkeypatch.setattr(records_xlsx, "MAX_LIST_ROWS", 4)
    monkeypatch.setattr(records_xlsx, "MAX_NOTES", 2)
    rows = [ROW, [""] * 8 + ["多余"], [""] * 8 + ["多余"],
            [""] * 8 + ["多余"], ROW, ROW]
    path = _filled(park_def, tmp_path, rows)
    draft, report = read_records_workbook(path, park_def)
    assert report.rows == 1 and len(draft.records["list"]) == 1
    assert report.notes == [
        "第4行J列（无列标题）的「多余」不属于名单的任何一列，未导入",
        "第5行J列（无列标题）的「多余」不属于名单的任何一列，未导入",
        "……另有 1 条说明未逐条列出（多为同类问题），请核对工作表后重新导入",
        "工作表第6行之后还有内容，未导入（培育名单最多读取 4 行）",
    ]


def test_nothing_after_the_limit_means_nothing_to_say(park_def, tmp_path, monkeypatch):
    monkeypatch.setattr(records_xlsx, "MAX_LIST_ROWS", 2)
    path = _filled(park_def, tmp_path, [ROW, ROW])
    wb = load_workbook(path)
    wb.worksheets[0]["C40"].border = copy(wb.worksheets[0]["C3"].border)  # a formatted, empty row further down
    wb.save(path)
    _draft, report = read_records_workbook(path, park_def)
    assert report.rows == 2 and report.notes == []


def test_a_list_workbook_passes_the_checks_every_import_makes(park_def, tmp_path, monkeypatch):
    path = _filled(park_def, tmp_path, [ROW])
    monkeypatch.setattr(xlsx_reader, "MAX_READ", 1024)  # as if it unpacked to more than allowed
    with pytest.raises(RecordsImportError) as err:
        read_records_workbook(path, park_def)
    assert err.value.message.startswith("「名单.xlsx」解压后过大（")
    assert err.value.message.endswith("MB），不像动态管理表，已拒绝读取。")
    with pytest.raises(export.ExportError) as err2:
        export.import_xlsx(path, park_def)
    assert err2.value.message == err.value.message


def test_the_value_excel_saved_for_a_formula_is_read(park_def, tmp_path):
    """A formula Excel saved keeps its result in the file (<v>): that value is imported."""
    path = _filled(park_def, tmp_path, [ROW[:4] + ["=30+7.5"] + ROW[5:]])
    out = tmp_path / "excel.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb"<f>30\+7.5</f><v\s*/>|<f>30\+7.5</f><v></v>|<f>30\+7.5</f>",
                                  b"<f>30+7.5</f><v>37.5</v>", data)
                assert n == 1
            dst.writestr(info, data)
    draft, report = read_records_workbook(out, park_def)
    assert draft.records["list"][0]["area"] == "37.5" and report.notes == []


def test_a_hand_filled_list_with_a_stale_dimension_is_still_recognised(park_def, tmp_path):
    """Without GreenDesk's subject the list is known by its heads (row 2), which a <dimension> of
    A1 alone would hide from a streaming reader."""
    path = _filled(park_def, tmp_path, [ROW])
    wb = load_workbook(path)
    wb.properties.subject = None  # as a template filled by hand from the notice
    wb.save(path)
    draft, report = export.import_xlsx(_stale_dimension(path, "A1"))
    assert draft.form.id == "cultivation-park-2025" and report.rows == 1


def test_a_row_starting_with_zhu_is_data_and_only_the_note_line_is_skipped(park_def, tmp_path):
    """注塑模具产业园 is a park; 注：… (or 注: …) alone on its row is the template's note."""
    path = _filled(park_def, tmp_path, [["注塑模具产业园"] + ROW[1:], ROW])
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws["A3"] = None  # no 序号: the park's name is the row's first text
    ws["A5"] = "注：园区类型请填写省产业园、高新区、经开区、海关特殊监管区、其他等等。"
    ws["A6"] = "注: 面积以批复文件为准"
    wb.save(path)
    draft, report = read_records_workbook(path, park_def)
    assert [r["name"] for r in draft.records["list"]] == ["注塑模具产业园", "某高新区"]
    assert report.rows == 2 and report.notes == []


def test_every_sheet_with_the_heads_is_read_and_named_in_the_notes(park_def, tmp_path):
    path = _filled(park_def, tmp_path, [["越秀园"] + ROW[1:]])
    wb = load_workbook(path)
    wb.worksheets[0].title = "越秀区"
    second = wb.copy_worksheet(wb.worksheets[0])
    second.title = "番禺区"
    second["B3"] = "番禺园"
    second["A4"] = "第二"  # a 序号 that is not one, on an otherwise empty row
    wb.save(path)
    draft, report = read_records_workbook(path, park_def)
    assert [r["name"] for r in draft.records["list"]] == ["越秀园", "番禺园"]
    assert report.rows == 2
    assert report.notes == ["工作表「番禺区」第4行「序号」列中的「第二」不是序号，未导入"]
    assert draft.fields["city"] == "广州市"


def test_heads_further_down_the_sheet_are_found(park_def, tmp_path):
    path = _filled(park_def, tmp_path, [ROW])
    wb = load_workbook(path)
    wb.worksheets[0].insert_rows(2, 30)  # a long preface above the heads (now on row 32)
    wb.save(path)
    draft, report = read_records_workbook(path, park_def)
    assert report.rows == 1 and draft.records["list"][0]["name"] == "某高新区"


def test_an_array_formula_without_a_saved_result_is_named(park_def, tmp_path):
    from openpyxl.worksheet.formula import ArrayFormula

    path = _filled(park_def, tmp_path, [ROW])
    wb = load_workbook(path)
    wb.worksheets[0]["F3"] = ArrayFormula("F3", "=SUM(30,7.5)")
    wb.save(path)
    _draft, report = read_records_workbook(path, park_def)
    assert report.notes == ["第3行F列「核准面积」是公式「=SUM(30,7.5)」，文件中没有它的计算结果（不是用 Excel 保存的），"
                            "未导入，请填写数值或用 Excel 打开后保存"]


def test_only_the_rows_just_past_the_limit_are_looked_at(park_def, tmp_path, monkeypatch):
    """Past MAX_LIST_ROWS, LOOK_BEYOND rows are looked at for something left unread: text further
    down (past a run of formatted, empty rows) is not looked for."""
    monkeypatch.setattr(records_xlsx, "MAX_LIST_ROWS", 1)
    monkeypatch.setattr(records_xlsx, "LOOK_BEYOND", 3)
    path = _filled(park_def, tmp_path, [ROW])
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for r in range(4, 10):
        ws.cell(r, 2).border = copy(ws["B3"].border)  # formatted, empty
    ws["B7"] = "远处"  # the fourth row after the last one read: not looked at
    wb.save(path)
    _draft, report = read_records_workbook(path, park_def)
    assert report.notes == []
    ws["B6"] = "近处"  # the third row looked at
    wb.save(path)
    _draft, report = read_records_workbook(path, park_def)
    assert report.notes == ["工作表第3行之后还有内容，未导入（培育名单最多读取 1 行）"]
    ws["B6"] = None
    ws["B4"] = "紧接着"  # the very row past the limit, with nothing after it (it was not looked at)
    wb.save(path)
    _draft, report = read_records_workbook(path, park_def)
    assert report.notes == ["工作表第3行之后还有内容，未导入（培育名单最多读取 1 行）"]


def test_exactly_the_notes_listed_are_not_counted(park_def, tmp_path, monkeypatch):
    monkeypatch.setattr(records_xlsx, "MAX_NOTES", 2)
    path = _filled(park_def, tmp_path, [ROW, [""] * 8 + ["多余"], [""] * 8 + ["多余"]])
    _draft, report = read_records_workbook(path, park_def)
    assert report.notes == ["第4行J列（无列标题）的「多余」不属于名单的任何一列，未导入",
                            "第5行J列（无列标题）的「多余」不属于名单的任何一列，未导入"]


def test_the_city_is_the_first_sheets_title_city(park_def, tmp_path):
    path = _filled(park_def, tmp_path, [ROW])
    wb = load_workbook(path)
    second = wb.copy_worksheet(wb.worksheets[0])
    second["A1"] = "佛山市绿色制造培育名单（工业园区）"
    wb.save(path)
    draft, report = read_records_workbook(path, park_def)
    assert draft.fields["city"] == "广州市" and report.rows == 2


def test_a_formula_excel_saved_with_an_empty_result_is_an_empty_cell(park_def, tmp_path):
    """Excel saves =IF(…,"") as <c t="str"><f>…</f><v></v></c>: a result, empty; not a formula
    without one (QA: it was named as not saved by Excel)."""
    path = _filled(park_def, tmp_path, [ROW[:7] + ['=IF(1=2,"x","")']])
    out = tmp_path / "excel.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<c r="I3"([^>]*)><f>(.*?)</f><v\s*/>|<c r="I3"([^>]*)><f>(.*?)</f><v></v>'
                                  rb'|<c r="I3"([^>]*)><f>(.*?)</f>',
                                  lambda m: b'<c r="I3" t="str"><f>' + (m.group(2) or m.group(4) or m.group(6))
                                  + b"</f><v></v>", data)
                assert n == 1
            dst.writestr(info, data)
    draft, report = read_records_workbook(out, park_def)
    assert report.notes == [] and report.left_out == [] and "remark" not in draft.records["list"][0]


def test_a_row_number_formula_is_never_named(park_def, tmp_path):
    """=ROW()-2 in the 序号 column, saved without results: 序号 is never read, so nothing is lost."""
    path = _filled(park_def, tmp_path, [ROW, ROW])
    wb = load_workbook(path)
    for r in range(3, 8):  # the two rows and three empty ones under them
        wb.worksheets[0].cell(r, 1).value = "=ROW()-2"
    wb.save(path)
    _draft, report = read_records_workbook(path, park_def)
    assert report.rows == 2 and report.notes == [] and report.left_out == []


def test_left_out_holds_only_what_the_list_does_not_hold(park_def, tmp_path, monkeypatch):
    """Notes on cleaning, the example row or a missing optional column are not values left out;
    every value left out is there, past the listed notes too."""
    monkeypatch.setattr(records_xlsx, "MAX_NOTES", 2)
    rows = [["某高新区\n一期"] + ROW[1:], *([[""] * 8 + ["多余"]] * 3)]
    path = _filled(park_def, tmp_path, rows)
    _draft, report = read_records_workbook(path, park_def)
    assert len(report.notes) == 3 and report.notes[-1].startswith("……另有 2 条说明")
    assert report.left_out == [f"第{r}行J列（无列标题）的「多余」不属于名单的任何一列，未导入" for r in (4, 5, 6)]


@pytest.mark.parametrize(("title", "city"), [
    ("附件3：广州市绿色制造培育名单（工业园区）", "广州市"),  # QA: read as 「附件3：广州市」
    ("广东省广州市绿色制造培育名单（工业园区）", "广州市"),
    ("2025年广州市绿色制造培育名单（工业园区）", "广州市"),
    ("__广州__市绿色制造培育名单（工业园区）", "广州市"),  # the template's underlines kept
    ("附件4 东莞绿色制造培育名单（工业园区）", "东莞市"),
    ("____市绿色制造培育名单（工业园区）", None),  # the blank not filled in
])
def test_the_titles_city_is_read_whatever_stands_around_it(park_def, tmp_path, title, city):
    path = _filled(park_def, tmp_path, [ROW])
    wb = load_workbook(path)
    wb.worksheets[0]["A1"] = title
    wb.save(path)
    draft, _report = read_records_workbook(path, park_def)
    assert draft.fields.get("city") == city

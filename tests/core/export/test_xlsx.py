"""The Excel workbook, read back with openpyxl: values, dropdowns through a hidden sheet, locked
labels, unlocked inputs, print setup, formula neutralisation; export → import is identical; hostile
workbooks are refused or read safely with the file unchanged."""

from __future__ import annotations

import os
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from greendesk.export import export_blank_xlsx, export_xlsx, import_xlsx
from greendesk.export.xlsx_import import WorkbookError


@pytest.fixture
def filled(tmp_path, def2025, sample2025):
    path = tmp_path / "filled.xlsx"
    export_xlsx(def2025, sample2025, path)
    return path


def _rows_by_key(ws):
    return {ws.cell(row=r, column=9).value: r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=9).value}


def test_filled_workbook_mirrors_the_platform_table(filled, def2025, sample2025):
    wb = load_workbook(filled)
    ws = wb["动态管理表"]
    assert ws["A1"].value == "绿色工厂动态管理表"
    keys = _rows_by_key(ws)
    header = keys["years|2022,2023,2024"]
    assert [ws.cell(row=header, column=c).value for c in range(1, 9)] == [
        "指标名称", "指标涉及的参数", "单位", "2022年指标值", "2023年指标值", "2024年指标值", "特殊情况说明", "填写说明"]
    e0 = keys["parameter|t:E0||t:E0:note"]
    assert [ws.cell(row=e0, column=c).value for c in (1, 3, 4, 5, 6)] == ["工业总产值", "万元", 86520, 92310, 98760]
    e4 = next(r for k, r in keys.items() if k.startswith("indicator|t:E4"))
    assert ws.cell(row=e4, column=6).value == pytest.approx(0.0403)
    assert ws.cell(row=keys["field|factory_name"], column=4).value == sample2025.fields["factory_name"]
    assert ws.column_dimensions["I"].hidden


def test_dropdowns_use_named_lists_on_a_hidden_sheet(filled):
    wb = load_workbook(filled)
    ws = wb["动态管理表"]
    lists = wb["_lists"]
    assert lists.sheet_state == "hidden"
    options = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list" and dv.formula1.startswith("=list")
        ref = wb.defined_names[dv.formula1[1:]].attr_text.split("!")[1].replace("$", "")
        options[dv.formula1] = [row[0].value for row in lists[ref]]
    found = list(options.values())
    assert ["是", "否"] in found
    assert ["吨标准煤", "万吨标准煤"] in found
    assert any("C3831 电线、电缆制造" in opts and len(opts) == 1381 for opts in found)
    assert any(opts[:2] == ["钢铁", "建材"] for opts in found)


def test_protection_locks_labels_and_unlocks_inputs(filled):
    ws = load_workbook(filled)["动态管理表"]
    keys = _rows_by_key(ws)
    assert ws.protection.sheet and not ws.protection.password
    e1 = keys["parameter|t:E1|t:E1:unit|t:E1:note"]
    assert ws.cell(row=e1, column=1).protection.locked
    assert not ws.cell(row=e1, column=3).protection.locked  # unit dropdown
    assert not ws.cell(row=e1, column=4).protection.locked
    e4 = next(r for k, r in keys.items() if k.startswith("indicator|t:E4"))
    assert ws.cell(row=e4, column=4).protection.locked  # computed


def test_print_setup(filled):
    ws = load_workbook(filled)["动态管理表"]
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows


def test_text_that_looks_like_a_formula_is_neutralised(tmp_path, def2025, sample2025):
    sample2025.fields["main_products"] = "=HYPERLINK(\"http://evil\",\"x\")"
    sample2025.table["E0"].note = "+1+1"
    path = tmp_path / "f.xlsx"
    export_xlsx(def2025, sample2025, path)
    ws = load_workbook(path)["动态管理表"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+"]
    assert cells and all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_export_then_import_gives_an_identical_draft(filled, sample2025):
    draft, report = import_xlsx(filled)
    assert draft.content() == sample2025.content()
    assert draft.fingerprint() == sample2025.fingerprint()
    assert report.skipped == [] and len(report.taken) > 100
    assert {e.source for e in draft.log} == {"imported"}


def test_blank_workbook_has_all_product_slots_and_no_values(tmp_path, def2025):
    path = tmp_path / "blank.xlsx"
    export_blank_xlsx(def2025, path)
    ws = load_workbook(path)["动态管理表"]
    keys = _rows_by_key(ws)
    assert sum(1 for k in keys if k.startswith("text|p:W3:")) == 9
    e0 = keys["parameter|t:E0||t:E0:note"]
    assert ws.cell(row=e0, column=4).value is None


def test_filled_blank_workbook_imports_with_extra_rows_columns_and_formulas(tmp_path, def2025):
    path = tmp_path / "blank.xlsx"
    export_blank_xlsx(def2025, path)
    wb = load_workbook(path)
    ws = wb["动态管理表"]
    keys = _rows_by_key(ws)
    e0 = keys["parameter|t:E0||t:E0:note"]
    ws.cell(row=e0, column=4).value = 1000.5
    ws.cell(row=e0, column=5).value = f"=D{e0}*2"  # a formula: no cached value after openpyxl saves
    ws.cell(row=keys["field|factory_name"], column=4).value = "部门填写的工厂"
    ws.insert_rows(e0)  # shifts everything: matching must not be by position
    ws.cell(row=e0, column=1).value = "部门自加的备注行"
    ws.cell(row=e0, column=4).value = 42
    ws.cell(row=5, column=12).value = "extra column"
    wb.save(path)
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "1000.5"}
    assert draft.fields["factory_name"] == "部门填写的工厂"
    assert any("公式没有计算结果" in why for _, _, why in report.skipped)
    assert any("部门自加" in label for _, label, _ in report.skipped)


def _unchanged(path, fn):
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    with pytest.raises(WorkbookError) as exc:
        fn()
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before
    return exc.value.message


def test_hostile_or_foreign_files_are_refused_untouched(tmp_path, def2025):
    notzip = tmp_path / "x.xlsx"
    notzip.write_bytes(b"hello")
    assert "不是 Excel" in _unchanged(notzip, lambda: import_xlsx(notzip))
    xls = tmp_path / "old.xlsx"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert ".xls" in _unchanged(xls, lambda: import_xlsx(xls))
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (120 * 1024 * 1024))
    assert "过大" in _unchanged(bomb, lambda: import_xlsx(bomb))
    foreign = tmp_path / "foreign.xlsx"
    wb = Workbook()
    wb.active["A1"] = "销售报表"
    wb.save(foreign)
    assert "不是由 GreenDesk 导出" in _unchanged(foreign, lambda: import_xlsx(foreign))


@pytest.mark.slow
def test_huge_sheet_and_merged_cells_are_read_safely(tmp_path, def2025):
    path = tmp_path / "huge.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "动态管理表"
    ws["A1"] = "指标名称"
    for r in range(2, 6200, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=8)
        ws.cell(row=r, column=1, value=f"垃圾{r}")
    ws.cell(row=3000, column=1, value="工业总产值")
    wb.save(path)
    before = path.read_bytes()
    draft, report = import_xlsx(path, def2025)
    assert path.read_bytes() == before
    assert any("5000" in why for _, _, why in report.doubtful)
    assert draft.form.id == "green-factory-2025"


def test_bad_values_are_reported_not_imported(tmp_path, def2025, sample2025):
    path = tmp_path / "f.xlsx"
    export_xlsx(def2025, sample2025, path)
    wb = load_workbook(path)
    ws = wb["动态管理表"]
    keys = _rows_by_key(ws)
    ws.cell(row=keys["parameter|t:E1|t:E1:unit|t:E1:note"], column=3).value = "千瓦时"
    ws.cell(row=keys["field|q1"], column=4).value = "也许"
    ws.cell(row=keys["parameter|t:E0||t:E0:note"], column=4).value = "很多"
    wb.save(path)
    draft, report = import_xlsx(path)
    reasons = " ".join(why for _, _, why in report.skipped)
    assert "单位只能选择" in reasons and "“是”或“否”" in reasons and "数字" in reasons
    assert draft.table["E1"].unit == "吨标准煤" and "q1" not in draft.fields


def test_zip_with_an_unsupported_version_field_is_refused(tmp_path, filled):
    """Found by fuzzing: zipfile raises NotImplementedError for a damaged version field."""
    data = bytearray(filled.read_bytes())
    entry = data.find(b"PK\x01\x02")
    data[entry + 6] = 127  # "version needed to extract" (12.7) of the first central-directory entry
    bad = tmp_path / "badver.xlsx"
    bad.write_bytes(bytes(data))
    assert "损坏" in _unchanged(bad, lambda: import_xlsx(bad))


def _long(n: int, tag: str) -> str:
    base = "我厂持续推进节能降碳和清洁生产工作，完成了电机系统能效提升、余热回收和屋顶光伏扩建等项目。"
    paras = [f"{tag}{i}. " + base * 3 + ("设备编号" + "0123456789" * 12 if i % 3 == 0 else "")
             for i in range(1, n // 100 + 2)]
    return "\n".join(paras)[:n]


def _block(ws, row: int, col: int):
    """The rows the cell at (row, col) covers, merged downwards or not."""
    for m in ws.merged_cells.ranges:
        if m.min_row <= row <= m.max_row and m.min_col <= col <= m.max_col:
            return range(m.min_row, m.max_row + 1), m.min_col, m.max_col
    return range(row, row + 1), col, col


def _min_height(ws, text: str, first_col: int, last_col: int) -> float:
    """A lower bound of the points `text` needs when wrapped: a 10 pt CJK character is 13.3 px
    wide, a column of width w is about 7 w + 5 px, and a line of 10 pt text is at least 13 pt."""
    from openpyxl.utils import get_column_letter

    px = sum(7 * ws.column_dimensions[get_column_letter(c)].width + 5
             for c in range(first_col, last_col + 1))
    per_line = int(px // 13.4)
    return 13 * sum(max(1, -(-len(p) // per_line)) for p in text.split("\n"))


def test_long_texts_get_the_height_they_need_and_import_back(tmp_path, def2025, sample2025):
    """Excel caps a row at 409 points: longer texts were cut off on screen and in print. They
    now spread over rows merged downwards, top-aligned; the workbook still imports identically."""
    from greendesk import cells

    texts = {"f:explanation": _long(2990, "说明"), "f:highlights": _long(4990, "亮点"),
             "f:special_note": _long(1990, "行业"), "t:E0:note": _long(1500, "产值"),
             "t:L3:note": _long(600, "用地"), "p:E6:0:name": "电工用铜线坯" * 30}
    for address, text in texts.items():
        cells.put(sample2025, address, text)
    path = tmp_path / "long.xlsx"
    export_xlsx(def2025, sample2025, path)
    ws = load_workbook(path)["动态管理表"]
    keys = _rows_by_key(ws)
    where = {"f:explanation": (keys["field|explanation"], 4), "f:highlights": (keys["field|highlights"], 4),
             "f:special_note": (keys["field|special_note"], 4),
             "t:E0:note": (keys["parameter|t:E0||t:E0:note"], 7),
             "t:L3:note": (keys["parameter|t:L3||t:L3:note"], 7),
             "p:E6:0:name": (keys["text|p:E6:0:name|"], 4)}
    for address, (row, col) in where.items():
        assert ws.cell(row=row, column=col).value == texts[address]
        rows, first, last = _block(ws, row, col)
        heights = [ws.row_dimensions[r].height or 15 for r in rows]
        assert all(h <= 409 for h in heights)
        assert sum(heights) >= _min_height(ws, texts[address], first, last), address
        if len(rows) > 1:
            assert ws.cell(row=row, column=col).alignment.vertical == "top"
            assert _block(ws, row, 1)[0] == rows  # the label spans the same rows
            assert all(ws.cell(row=r, column=9).value is None for r in rows[1:])
    assert len(_block(ws, keys["field|highlights"], 4)[0]) > 1
    draft, report = import_xlsx(path)
    assert draft.content() == sample2025.content() and report.skipped == []


def test_required_labels_are_bold_including_the_address(filled, def2025):
    ws = load_workbook(filled)["动态管理表"]
    keys = _rows_by_key(ws)
    assert ws.cell(row=keys["region|address"], column=1).font.b
    assert ws.cell(row=keys["field|factory_name"], column=1).font.b
    assert not ws.cell(row=keys["field|industry2"], column=1).font.b


def _supply_chain_sample():
    from greendesk import forms
    from greendesk.document import open_draft
    from tests.conftest import SAMPLES

    return forms.get("green-supply-chain-2025"), open_draft(SAMPLES / "green-supply-chain-2025.json").draft


def test_qualitative_rows_are_placed_by_label_when_the_key_column_is_deleted(tmp_path):
    d, sample = _supply_chain_sample()
    path = tmp_path / "sc.xlsx"
    export_xlsx(d, sample, path)
    wb = load_workbook(path)
    ws = wb["动态管理表"]
    ws.delete_cols(9)  # the hidden key column, removed by a user re-arranging the sheet
    e4 = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == d.rows["E4"].name)
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "指标名称")
    assert ws.cell(row=head, column=7).value == "特殊情况说明"
    ws.cell(row=e4, column=7).value = "2023年新增产线试产，产值未达产。"  # a computed row's 说明
    wb.save(path)
    draft, report = import_xlsx(path, d)
    assert draft.table["E4"].note == "2023年新增产线试产，产值未达产。"
    assert not any(label == d.rows["E4"].name for _, label, _ in report.skipped), report.skipped
    qualitative = [r.id for r in d.qualitative_rows]
    assert "X51" in qualitative and "X63" in qualitative
    for rid in qualitative:
        assert draft.table[rid].values == sample.table[rid].values, rid
        assert draft.table[rid].note == sample.table[rid].note, rid
    assert draft.table["X63"].values == {"2022": "否", "2023": "否", "2024": "是"}  # the sample's answers
    assert not any("数字" in why for _, _, why in report.skipped), report.skipped


def test_a_qualitative_answer_other_than_yes_or_no_is_named_with_row_and_year(tmp_path):
    d, sample = _supply_chain_sample()
    path = tmp_path / "sc.xlsx"
    export_xlsx(d, sample, path)
    wb = load_workbook(path)
    ws = wb["动态管理表"]
    ws.delete_cols(9)
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == d.rows["X51"].name)
    ws.cell(row=row, column=4).value = " 是 "  # trimmed: accepted
    ws.cell(row=row, column=5).value = "Y"  # not 是/否: refused, named
    wb.save(path)
    draft, report = import_xlsx(path, d)
    assert draft.table["X51"].values == {"2022": "是", "2024": "是"}  # 2023 not taken
    bad = [(label, why) for _, label, why in report.skipped if "2023年" in label]
    assert len(bad) == 1 and d.rows["X51"].name in bad[0][0] and "「Y」" in bad[0][0]
    assert "“是”或“否”" in bad[0][1]

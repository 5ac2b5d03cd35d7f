"""Workbooks as Excel users send them back: columns inserted, the header row deleted, rows moved
and sorted, merges changed, another sheet in front, the hidden keys deleted; and at the XML level
huge dimensions, wide rows and formulas in every kind of cell. Every value placed must equal what
was exported; whatever cannot be placed is listed by row name and year, never dropped silently."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook

from greendesk.export import export_xlsx, import_xlsx
from greendesk.export.xlsx_import import WorkbookError


@pytest.fixture
def exported(tmp_path, def2025, sample2025):
    path = tmp_path / "table.xlsx"
    export_xlsx(def2025, sample2025, path)
    return path


def _keys(ws, col=9):
    return {ws.cell(row=r, column=col).value: r for r in range(1, ws.max_row + 1)
            if ws.cell(row=r, column=col).value}


def _edit(path, fn):
    wb = load_workbook(path)
    ws = wb["动态管理表"]
    for m in list(ws.merged_cells.ranges):  # openpyxl moves values, not merges
        ws.unmerge_cells(str(m))
    fn(wb, ws)
    wb.save(path)
    return path


def _same(path, sample, **kw):
    draft, report = import_xlsx(path, **kw)
    assert draft.content() == sample.content()
    assert report.skipped == []
    return report


def test_a_column_inserted_before_the_labels(exported, sample2025):
    _same(_edit(exported, lambda wb, ws: ws.insert_cols(1)), sample2025)


def test_a_column_inserted_between_the_years(exported, sample2025):
    _same(_edit(exported, lambda wb, ws: ws.insert_cols(5, 2)), sample2025)


def test_the_header_row_deleted(exported, sample2025):
    report = _same(_edit(exported, lambda wb, ws: ws.delete_rows(_keys(ws)["years|2022,2023,2024"])),
                   sample2025)
    assert any("没有找到表头行" in why for _, _, why in report.doubtful)


def test_rows_sorted_backwards_and_moved(exported, sample2025):
    def sort(wb, ws):
        first = _keys(ws)["years|2022,2023,2024"] + 1
        last = ws.max_row
        rows = [[(ws.cell(row=r, column=c).value, ws.cell(row=r, column=c).number_format)
                 for c in range(1, 10)] for r in range(first, last + 1)]
        for i, values in enumerate(reversed(rows)):  # Excel's sort moves the formats along
            for c, (v, fmt) in enumerate(values, 1):
                ws.cell(row=first + i, column=c).value = v
                ws.cell(row=first + i, column=c).number_format = fmt
        ws.move_range(f"A3:I{first - 2}", rows=last + 5)  # Parts 0–2 below the table

    _same(_edit(exported, sort), sample2025)


def test_merges_changed(exported, sample2025):
    def merges(wb, ws):
        keys = _keys(ws)
        e0 = keys["parameter|t:E0||t:E0:note"]
        ws.merge_cells(start_row=e0, start_column=1, end_row=e0, end_column=2)  # B (参数) is empty
        name = keys["field|factory_name"]
        ws.merge_cells(start_row=name, start_column=4, end_row=name + 1, end_column=8)

    path = _edit(exported, merges)
    draft, report = import_xlsx(path)
    # the merge down over the next row (统一社会信用代码) cleared that row's value: Excel does so too
    expected = sample2025.content()
    del expected["fields"]["uscc"]
    assert draft.content() == expected


def test_another_sheet_before_and_the_sheet_renamed(exported, sample2025):
    def sheets(wb, ws):
        extra = wb.create_sheet("封面", 0)
        extra["A1"] = "2025 年填报材料"
        extra["B7"] = 123
        ws.title = "Sheet1"

    _same(_edit(exported, sheets), sample2025)


def test_the_hidden_keys_deleted(exported, sample2025):
    """Rows are then found by their labels; products by the question row above them."""
    _same(_edit(exported, lambda wb, ws: ws.delete_cols(9)), sample2025)


def test_what_cannot_be_placed_is_listed_by_row_name_and_year(exported, def2025):
    def extra(wb, ws):
        keys = _keys(ws)
        header = keys["years|2022,2023,2024"]
        ws.insert_cols(4)
        ws.cell(row=header, column=4).value = "2021年指标值"
        e0 = keys["parameter|t:E0||t:E0:note"]
        ws.cell(row=e0, column=4).value = 80000
        ws.cell(row=e0, column=11).value = "部门备注"  # a column of the user's own
        r = ws.max_row + 2
        ws.cell(row=r, column=1).value = "自加指标"
        ws.cell(row=r, column=6).value = 17  # under 2023年指标值

    draft, report = import_xlsx(_edit(exported, extra))
    listed = [(label, why) for _, label, why in report.skipped]
    assert any(label.startswith("工业总产值 2021年") and "不填报 2021 年" in why for label, why in listed)
    assert any(label.startswith("工业总产值 第11列") for label, _ in listed)
    assert any(label.startswith("自加指标 2023年「17」") for label, _ in listed)
    assert draft.table["E0"].values["2022"] == "86520"
    assert "第" in report.to_text() and "自加指标 2023年" in report.to_text()


def test_a_long_rejected_value_is_echoed_short(exported):
    def long(wb, ws):
        ws.cell(row=_keys(ws)["parameter|t:E0||t:E0:note"], column=4).value = "很多" * 5000

    draft, report = import_xlsx(_edit(exported, long))
    (where, label, why), = [s for s in report.skipped if "工业总产值" in s[1]]
    assert len(label) + len(why) < 300
    assert draft.table["E0"].values.get("2022") is None


def test_numbers_a_cell_cannot_hold_are_refused_with_a_message(exported):
    def big(wb, ws):
        e0 = _keys(ws)["parameter|t:E0||t:E0:note"]
        ws.cell(row=e0, column=4).value = 1e300
        ws.cell(row=e0, column=5).value = 1e-19
        ws.cell(row=e0, column=6).value = "12345678901234567890123456789"

    draft, report = import_xlsx(_edit(exported, big))
    refused = [label for _, label, _ in report.skipped if label.startswith("工业总产值")]
    assert len(refused) == 3
    assert draft.table["E0"].values == {}


def test_a_formula_result_is_read_to_the_15_digits_excel_keeps(exported):
    def sums(wb, ws):
        ws.cell(row=_keys(ws)["parameter|t:E0||t:E0:note"], column=4).value = 0.1 + 0.2

    draft, report = import_xlsx(_edit(exported, sums))
    assert draft.table["E0"].values["2022"] == "0.3"


def test_nothing_readable_is_said(tmp_path, def2025):
    from openpyxl import Workbook

    path = tmp_path / "empty.xlsx"
    wb = Workbook()
    wb.active.title = "动态管理表"
    wb.active["A1"] = "指标名称"
    wb.save(path)
    draft, report = import_xlsx(path, def2025)
    assert report.empty and "没有从工作簿中读取到任何数据" in report.to_text()


# ---------------------------------------------------------------- XML level


def _rewrite(path, fn, name="xl/worksheets/sheet1.xml"):
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts[name] = fn(parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in parts.items():
            z.writestr(k, v)
    return path


@pytest.mark.slow
def test_a_huge_dimension_and_a_row_of_a_million_empty_cells(exported, sample2025):
    def wide(xml):
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', xml)
        filler = '<c r="XFD2" s="1"/>' * 1_000_000
        return re.sub(r"(<row r=\"2\"[^>]*>.*?)(</row>)", lambda m: m.group(1) + filler + m.group(2),
                      xml, count=1, flags=re.S)

    path = _rewrite(exported, wide)
    assert path.stat().st_size < 400_000
    _same(path, sample2025)


def test_values_far_right_are_counted_not_lost_silently(exported, sample2025):
    def far(xml):
        return xml.replace("</row></sheetData>",
                           '<c r="XFD9" t="inlineStr"><is><t>远处的值</t></is></c></row></sheetData>', 1)

    draft, report = import_xlsx(_rewrite(exported, far))
    assert draft.content() == sample2025.content()
    assert any("第 50 列之后" in why for _, _, why in report.doubtful)


def test_formulas_in_every_kind_of_cell_give_their_results_and_a_note(exported, sample2025):
    def formulas(xml):
        xml = re.sub(r'<c r="([A-H]\d+)"([^>]*?) t="inlineStr"><is><t>([^<]*)</t></is></c>',
                     lambda m: f'<c r="{m.group(1)}"{m.group(2)} t="str"><f>"x"</f><v>{m.group(3)}</v></c>', xml)
        return re.sub(r'<c r="([A-H]\d+)"([^>]*?)( t="n")?><v>([^<]*)</v></c>',
                      lambda m: f'<c r="{m.group(1)}"{m.group(2)}><f>1+1</f><v>{m.group(4)}</v></c>', xml)

    path = _rewrite(exported, formulas)
    assert path.read_bytes()  # written
    draft, report = import_xlsx(path)
    assert draft.content() == sample2025.content()
    noted = {label for _, label, why in report.doubtful if "由公式计算" in why}
    for label in ("工厂名称", "工业总产值 2022年", "综合能源消费量合计 单位",
                  "单位产品综合能耗 产品1计量单位", "工厂地址（详细地址）"):
        assert any(n.startswith(label) for n in noted), label


def test_too_many_entries_says_so(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(10_001):
            z.writestr(f"xl/media/{i}.bin", b"")
    with pytest.raises(WorkbookError) as exc:
        import_xlsx(path)
    assert "文件过多" in exc.value.message and "10002 个" in exc.value.message


def test_a_document_type_definition_is_refused(exported):
    path = _rewrite(exported, lambda xml: '<!DOCTYPE x [<!ENTITY a "aaaa">]>' + xml)
    with pytest.raises(WorkbookError) as exc:
        import_xlsx(path)
    assert "DTD" in exc.value.message


def test_cli_lists_the_unplaced_and_refuses_an_empty_result(tmp_path, exported, capsys):
    from openpyxl import Workbook

    from greendesk.cli import main

    def extra(wb, ws):
        r = ws.max_row + 2
        ws.cell(row=r, column=1).value = "自加指标"
        ws.cell(row=r, column=4).value = 5

    out = tmp_path / "d.json"
    assert main(["import-xlsx", str(_edit(exported, extra)), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "自加指标 2022年「5」" in printed and out.exists()
    empty = tmp_path / "empty.xlsx"
    wb = Workbook()
    wb.active.title = "动态管理表"
    wb.save(empty)
    out2 = tmp_path / "e.json"
    assert main(["import-xlsx", str(empty), "--form", "green-factory-2025", "-o", str(out2)]) == 1
    printed = capsys.readouterr().out
    assert "没有从工作簿中读取到任何数据" in printed and "已保存" not in printed
    assert not out2.exists()

"""The report workbook as a reviewer opens it: sheets, heads, filters, print set-up, the guard."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from greendesk.review.flags import FLAGS
from greendesk.review.opinions import Opinions
from greendesk.review.report_xlsx import render_xlsx
from greendesk.review.unit import UnitResult


def _units() -> list[UnitResult]:
    a = UnitResult(file="/data/城区/a.json", name="=HYPERLINK(\"http://x\")", uscc="91440101MA59TEST1X",
                   list_type="绿色工厂", form="green-factory-2025", report_year=2025, errors=2,
                   fingerprint="ab12cd34ef56" + "0" * 52)
    a.flag("has_errors", "工厂名称未填写等 2 个错误")
    a.flag("compliance_yes", "第2项答“是”")
    b = UnitResult(file="/data/城区/b.json", readable=False, reason="文件「b.json」是空文件。")
    b.flag("unreadable", b.reason)
    return [a, b]


def test_summary_sheet_has_one_row_per_file_with_chinese_flags_and_the_opinion():
    units = _units()
    ops = Opinions()
    ops.set(units[0], "整改", "补充情况说明")
    wb = load_workbook(io.BytesIO(render_xlsx(units, ops)))
    assert wb.sheetnames == ["汇总", *(f.label for f in FLAGS), "统计"]
    ws = wb["汇总"]
    head = [c.value for c in ws[1]]
    rows = {r[head.index("文件名")]: dict(zip(head, r, strict=True))
            for r in ws.iter_rows(min_row=2, values_only=True)}
    a, b = rows["a.json"], rows["b.json"]
    assert a["审核标记"] == "存在错误、合规性问题"
    assert a["错误数"] == 2 and a["动态调整意见"] == "整改：补充情况说明"
    assert a["内容指纹"] == "AB12-CD34-EF56"
    assert a["文件路径"] == "/data/城区/a.json"
    assert b["审核标记"] == "无法读取" and b["标记说明"] == "无法读取：文件「b.json」是空文件。"
    assert b["错误数"] is None  # not 0: nothing was counted


def test_every_sheet_is_frozen_filtered_and_prints_a4_landscape_fitted_to_width():
    wb = load_workbook(io.BytesIO(render_xlsx(_units())))
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == "9"  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
    assert wb["汇总"].print_area == "'汇总'!$A$1:$L$3"  # 序号 … 文件名: the rest is for filtering


def test_text_that_looks_like_a_formula_stays_text():
    wb = load_workbook(io.BytesIO(render_xlsx(_units())))
    cell = wb["汇总"]["B2"]
    assert cell.value == "=HYPERLINK(\"http://x\")"
    assert cell.data_type == "s" and cell.quotePrefix


def test_flag_sheets_list_their_files_and_stats_count_by_list_type():
    wb = load_workbook(io.BytesIO(render_xlsx(_units())))
    rows = list(wb["合规性问题"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[4], r[6]) for r in rows] == [("=HYPERLINK(\"http://x\")", "第2项答“是”", "a.json")]
    assert list(wb["扫描件不符"].iter_rows(min_row=2, values_only=True)) == []
    stats = wb["统计"]
    head = [c.value for c in stats[1]]
    table = {r[0]: dict(zip(head, r, strict=True)) for r in stats.iter_rows(min_row=2, max_row=4,
                                                                            values_only=True)}
    assert table["绿色工厂"]["文件数"] == 1 and table["绿色工厂"]["存在错误"] == 1
    assert table["（无法读取）"]["无法读取"] == 1
    assert table["合计"]["文件数"] == 2 and table["合计"]["错误数合计"] == 2


def test_a_row_whose_text_wraps_is_tall_and_top_aligned_the_others_are_plain():
    ws = load_workbook(io.BytesIO(render_xlsx(_units())))["汇总"]
    # a's 标记说明 has two lines (two flags), its 审核标记 "存在错误、合规性问题" is 20 units in a
    # column 18 wide: two lines of 13.5 pt, plus 3
    assert ws.row_dimensions[2].height == 30
    assert all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in ws[2])
    assert ws["B2"].quotePrefix and ws["B2"].data_type == "s"  # the guard's flag survives the row's style
    assert ws.row_dimensions[3].height is None
    assert not any(c.alignment.wrap_text for c in ws[3]) and not ws["B3"].quotePrefix
    assert all(c.font.b and c.fill.fgColor.rgb == "00E8EEF5" and c.alignment.wrap_text for c in ws[1])
    assert not ws["A2"].font.b


def test_a_chinese_character_takes_two_units_of_a_columns_width():
    u = UnitResult(file="/data/c.json", name="广东省示范绿色电缆制造有限公司", list_type="绿色工厂")
    u.flag("still_draft", "状态：草稿")
    ws = load_workbook(io.BytesIO(render_xlsx([u])))["汇总"]
    # 15 characters = 30 units in the 单位名称 column (24 wide, 23 usable): two lines
    assert ws.row_dimensions[2].height == 30
    assert ws["B2"].alignment.wrap_text


def test_the_guard_holds_in_plain_rows_too():
    """Rows without wrapped text are written without cell objects where the guard has nothing to do."""
    names = ["广州市示范厂", "@SUM(1+1)", "+86 20 1234", "#N/A", "示范\x07厂", "123"]
    units = [UnitResult(file=f"/d/{i}.json", name=n) for i, n in enumerate(names)]
    ws = load_workbook(io.BytesIO(render_xlsx(units)))["汇总"]
    cells = [ws.cell(row=i + 2, column=2) for i in range(len(names))]
    assert [c.value for c in cells] == ["广州市示范厂", "@SUM(1+1)", "+86 20 1234", "#N/A", "示范厂", "123"]
    assert [c.quotePrefix for c in cells] == [False, True, True, True, False, False]
    assert all(c.data_type == "s" for c in cells)
    assert all(ws.row_dimensions[i + 2].height is None for i in range(len(names)))

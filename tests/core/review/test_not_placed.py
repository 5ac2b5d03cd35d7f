"""批量审核 names what a file holds but its table does not show (QA: a workbook's extra 联系人
column, a draft's row the form no longer has and a figure typed as "abc" were reviewed without a
word): the 有未读入的内容 flag, with the loader's and 模板导入's own notes."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from greendesk import export, forms
from greendesk.draft import RowEntry
from greendesk.review.runner import review_files


def _flags(paths: list[Path]) -> dict[str, tuple[list[str], str]]:
    return {Path(u.file).name: (u.flags, u.details.get("not_placed", ""))
            for u in review_files(paths, workers=1, use_cache=False)}


def test_a_row_the_form_does_not_have_is_named_in_every_draft(variant):
    add = lambda d: d.table.__setitem__("ZZ9", RowEntry(values={"2024": "5"}))  # noqa: E731
    paths = [variant("a.json", add), variant("b.json", add), variant("c.json")]
    got = _flags(paths)
    said = "草稿中的行「ZZ9」在当前表单中不存在，其数值已保留但不显示。"
    assert got["a.json"][1] == said and got["b.json"][1] == said  # first of its form, and after
    assert "not_placed" not in got["c.json"][0]


def test_several_notes_are_counted_after_the_first_three(variant):
    def add(d):
        for i in range(5):
            d.table[f"ZZ{i}"] = RowEntry(values={"2024": "5"})

    _flags_, detail = _flags([variant("a.json", add)])["a.json"]
    assert detail == "；".join(f"草稿中的行「ZZ{i}」在当前表单中不存在，其数值已保留但不显示。" for i in range(3)) + "等 5 项"


def test_a_value_a_workbook_import_left_out_is_named(tmp_path, variant):
    from greendesk.document import open_draft

    d = forms.get("green-factory-2025")
    book = tmp_path / "甲.xlsx"
    export.export_xlsx(d, open_draft(variant("甲.json")).draft, book)
    wb = load_workbook(book)
    ws = wb["动态管理表"]
    r = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 9).value or "").startswith("parameter|t:E0|"))
    ws.cell(r, 4).value = "abc"
    wb.save(book)
    flags, detail = _flags([book])["甲.xlsx"]
    assert "not_placed" in flags
    assert detail.startswith(f"第{r}行 ") and "「abc」：「abc」不是有效的数字" in detail


def _park_list(tmp_path: Path):
    """The blank 附件4 template GreenDesk exports, its title's city filled in: (file, workbook, sheet)."""
    from greendesk.draft import new_draft

    d = forms.get("cultivation-park-2025")
    book = tmp_path / "名单.xlsx"
    export.export_xlsx(d, new_draft(d), book)
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    ws["A1"] = "广州市绿色制造培育名单（工业园区）"
    return book, wb, ws


def test_a_column_a_list_does_not_have_is_named(tmp_path):
    book, wb, ws = _park_list(tmp_path)
    ws["J2"] = "联系人"
    for col, v in enumerate(["1", "某高新区", "广州市黄埔区", "1991/03", "国务院", 37.5, "高新区", "电子信息", "", "张三"], 1):
        ws.cell(3, col).value = v
    wb.save(book)
    flags, detail = _flags([book])["名单.xlsx"]
    assert "not_placed" in flags
    assert detail == "第3行J列（列标题「联系人」）的「张三」不属于名单的任何一列，未导入"


def test_a_lists_cleaning_notes_and_example_row_do_not_flag_it_and_every_loss_is_counted(tmp_path, monkeypatch):
    from greendesk.export import records_xlsx

    monkeypatch.setattr(records_xlsx, "MAX_NOTES", 2)
    book, wb, ws = _park_list(tmp_path)
    ws.unmerge_cells("A4:I4")
    row = ["某高新区\n一期", "广州市黄埔区", "1991/03", "国务院", 37.5, "高新区", "电子信息", ""]
    for r in range(3, 6):
        for col, v in enumerate([r - 2, *row], 1):
            ws.cell(r, col).value = v
    wb.save(book)
    assert _flags([book])["名单.xlsx"] == ([], "")  # a line break made a space: cleaned, not lost
    for r in range(3, 8):
        ws.cell(r, 10).value = "多余"
    wb.save(book)
    flags, detail = _flags([book])["名单.xlsx"]
    assert flags == ["not_placed"] and detail.endswith("不属于名单的任何一列，未导入等 5 项")

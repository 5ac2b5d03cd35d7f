"""模板导入 of a 培育名单 filled by hand, row by row: what a 序号 cell may hold without a note, and how
a value outside the list's columns is named (row, column letter, its head as written). Expected
texts written from the report's wording and the notice's template (附件3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from greendesk import forms
from greendesk.export.records_xlsx import read_records_workbook

FACTORY_HEADS = ["序号", "地市", "企业名称", "所在地址（写到县/区镇）",
                 "企业类型（国有、民营、中外合资、外商独资、港澳台企）",
                 "所属行业（4位国民经济行业分类代码+名称）",
                 "绿色制造现状（省级绿色工厂、市级绿色工厂、其他）", "备注"]
ROW = [1, "广州市", "广州甲公司", "广州市南沙区", "民营", "2720 化学药品制剂制造", "其他"]


@pytest.fixture(scope="module")
def factory_def():
    return forms.get("cultivation-factory-2025")


def _save(rows, path: Path) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize(("number", "note"), [
    ("7", None),
    (7, None),
    ("...", None),
    ("…", None),
    ("……", None),
    ("2.5", None),  # a number with one point
    (" 12 ", None),
    ("1.2.3", "第3行「序号」列中的「1.2.3」不是序号，未导入"),
    ("甲", "第3行「序号」列中的「甲」不是序号，未导入"),
    ("。。。", "第3行「序号」列中的「。。。」不是序号，未导入"),
    ("....", "第3行「序号」列中的「....」不是序号，未导入"),
    ("3a", "第3行「序号」列中的「3a」不是序号，未导入"),
], ids=["digits", "int", "dots", "ellipsis", "double-ellipsis", "decimal", "padded", "two-points", "cjk",
        "cjk-points", "four-dots", "digit-letter"])
def test_a_row_with_only_a_number_is_skipped_and_a_non_number_named(tmp_path: Path, factory_def, number, note):
    path = _save([FACTORY_HEADS, ROW, [number]], tmp_path / "n.xlsx")
    draft, report = read_records_workbook(path, factory_def)
    assert report.rows == 1 and len(draft.records["list"]) == 1
    assert report.notes == ([] if note is None else [note])


def test_a_value_under_a_head_of_no_list_column_is_named_with_its_head(tmp_path: Path, factory_def):
    path = _save([FACTORY_HEADS + [" 联系人 ", None, "电话"],
                  ROW + ["", "张三", "无头", "020-1"]], tmp_path / "extra.xlsx")
    draft, report = read_records_workbook(path, factory_def)
    assert draft.records["list"][0]["name"] == "广州甲公司"
    assert report.notes == ["第2行I列（列标题「联系人」）的「张三」不属于名单的任何一列，未导入",
                            "第2行J列（无列标题）的「无头」不属于名单的任何一列，未导入",
                            "第2行K列（列标题「电话」）的「020-1」不属于名单的任何一列，未导入"]


def test_blank_cells_amid_a_row_and_the_notes_of_each_value(tmp_path: Path, factory_def):
    """A blank address or industry leaves the columns after it read; each value is cleaned as typing
    would, and what was changed is named with its sheet row, column letter and short head."""
    spaced = "3831" + " " * 200 + "电线、电缆制造"  # 211 characters: over 所属行业's 200
    path = _save([FACTORY_HEADS,
                  [1, "广州市", "广州\n甲\u200b公司", "", "民营", "", "其他", "备\u200b注"],
                  [2, "广州市", "乙" * 101, "地址", "民营", "C 3311\n金属结构制造", "其他", "\u200b"],
                  [3, "广州市", "丙公司", "地址", "民营", spaced, "其他"]],
                 tmp_path / "notes.xlsx")
    draft, report = read_records_workbook(path, factory_def)
    assert draft.records["list"] == [
        {"city": "广州市", "name": "广州 甲公司", "ownership": "民营", "status": "其他", "remark": "备注"},
        {"city": "广州市", "name": "乙" * 101, "address": "地址", "ownership": "民营",
         "industry": "3311 金属结构制造", "status": "其他"},  # a code + name wrapped in its cell: no note
        {"city": "广州市", "name": "丙公司", "address": "地址", "ownership": "民营",
         "industry": "3831 电线、电缆制造", "status": "其他"},  # too long as read, stored as code + name
    ]
    assert report.notes == [
        "第2行C列「企业名称」：换行已改为空格（此项只能填一行），已删除 1 个不可见字符（U+200B）",
        "第2行H列「备注」：已删除 1 个不可见字符（U+200B）",
        "第3行C列「企业名称」：第2行「企业名称」最多 100 个字符，现有 101 个（已按原样读入，请在名单中修改）",
        "第3行H列「备注」：已删除 1 个不可见字符（U+200B）",
        "第4行F列「所属行业」：第3行「所属行业」最多 200 个字符，现有 211 个（已按原样读入，请在名单中修改）",
    ]


def test_a_number_column_last_or_missing(tmp_path: Path, factory_def):
    """序号 may stand in the sheet's last column, or be missing: empty rows are skipped without a note."""
    heads = FACTORY_HEADS[1:] + ["序号"]
    path = _save([heads, ROW[1:] + ["", 1], [None] * 7 + ["乙"]], tmp_path / "last.xlsx")
    draft, report = read_records_workbook(path, factory_def)
    assert report.notes == ["第3行「序号」列中的「乙」不是序号，未导入"] and report.rows == 1
    path = _save([FACTORY_HEADS[1:], ROW[1:], [None], [None, None], ROW[1:]], tmp_path / "none.xlsx")
    draft, report = read_records_workbook(path, factory_def)
    assert report.notes == [] and report.rows == 2
    assert [r["name"] for r in draft.records["list"]] == ["广州甲公司", "广州甲公司"]


def test_a_list_is_known_by_its_subject_even_when_its_heads_are_gone(tmp_path: Path, factory_def):
    """A workbook GreenDesk wrote names its list in the subject: 模板导入 then says the heads are
    missing (rather than taking it for a 动态管理表)."""
    from greendesk import export
    from greendesk.export.records_xlsx import sniff

    wb = Workbook()
    wb.properties.subject = "GreenDesk:cultivation-factory-2025@2025.1"
    wb.active.append(["表头被删掉了"])
    path = tmp_path / "nohead.xlsx"
    wb.save(path)
    park = forms.get("cultivation-park-2025")
    assert sniff(path, [park, factory_def]) is factory_def
    assert sniff(path, [park]) is None
    with pytest.raises(export.ExportError) as err:
        export.import_xlsx(path)
    assert err.value.message.startswith("「nohead.xlsx」中找不到绿色制造培育名单（工厂、供应链）的表头（应有：地市、")


def test_a_sheet_that_fails_while_read_is_named(tmp_path: Path, factory_def, monkeypatch):
    from greendesk import records
    from greendesk.export.records_xlsx import RecordsImportError

    path = _save([FACTORY_HEADS, ROW], tmp_path / "坏表.xlsx")

    def broken(value):
        raise ValueError("单元格无法读取")

    monkeypatch.setattr(records, "head_key", broken)
    with pytest.raises(RecordsImportError) as err:
        read_records_workbook(path, factory_def)
    assert err.value.message == "无法读取 Excel 文件「坏表.xlsx」：单元格无法读取"

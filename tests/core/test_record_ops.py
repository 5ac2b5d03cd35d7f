"""List edits (培育名单, 附件3/4) as session commands: cells, rows inserted, removed, moved, blocks
pasted from Excel — each one undo step that logs.

Expected values are written out from the sources: the column heads and limits of
resources/forms/cultivation-*.toml (the notice's 附件3/4), the names of GB/T 4754-2017 小类,
the cleaning rules of greendesk/text.py's docstring, and Excel's clipboard format (tab-separated,
CRLF, a cell with a line break or quote in double quotes, quotes doubled).
"""

from __future__ import annotations

import pytest

from greendesk import cells, document, forms, record_ops
from greendesk.cells import CellError
from greendesk.definition import parse_definition
from greendesk.draft import new_draft
from greendesk.session import Change, EditSession, ReasonRequired


@pytest.fixture
def factory() -> EditSession:
    d = forms.get("cultivation-factory-2025")
    return EditSession(d, new_draft(d))


@pytest.fixture
def park() -> EditSession:
    d = forms.get("cultivation-park-2025")
    return EditSession(d, new_draft(d))


def names(s: EditSession) -> list[str]:
    return [r.get("name", "") for r in s.draft.records.get("list", [])]


def fill(s: EditSession, *company: str) -> None:
    record_ops.insert_rows(s, "list", 1, len(company))
    for i, name in enumerate(company, 1):
        record_ops.set_cell(s, f"r:list.{i}.name", name)


# ---------------------------------------------------------------- addresses


def test_list_addresses_parse_print_and_name_row_and_column(factory):
    c = cells.Cell.parse("r:list.3.industry")
    assert (c.kind, c.key, c.item, c.attr) == ("r", "list", 3, "industry")
    assert str(c) == "r:list.3.industry"
    assert str(cells.Cell.parse("r:list.12")) == "r:list.12"
    assert cells.label(factory.definition, c) == "第3行「所属行业」"
    assert cells.label(factory.definition, cells.Cell.parse("r:list.3")) == "第3行"
    assert cells.label(factory.definition, cells.Cell.parse("r:list.0.city")) == "地市"
    for bad in ("r:list", "r:list.x.city", "r:list.3.", "r:.3.city", "r:list.3.city.x"):
        with pytest.raises(CellError):
            cells.Cell.parse(bad)


def test_a_whole_row_cannot_be_typed_into(factory):
    fill(factory, "甲")
    with pytest.raises(CellError, match="整行不能直接填写"):
        factory.set("r:list.1", '{"name": "乙"}')
    with pytest.raises(CellError, match="没有列「nosuch」"):
        factory.set("r:list.1.nosuch", "x")
    assert names(factory) == ["甲"]


# ---------------------------------------------------------------- cells


def test_set_cell_stores_logs_and_undoes(factory):
    fill(factory, "广州市绿源制药有限公司")
    result = record_ops.set_cell(factory, "r:list.1.industry", "2720")
    # a bare code gets its GB/T 4754-2017 小类 name
    assert result.changes == [Change("r:list.1.industry", None, "2720 化学药品制剂制造")]
    assert factory.draft.log[-1].cell == "r:list.1.industry"
    assert factory.draft.log[-1].new == "2720 化学药品制剂制造"
    record_ops.set_cell(factory, "r:list.1.industry", "C3831")
    assert factory.get("r:list.1.industry") == "3831 电线、电缆制造"
    factory.undo()
    assert factory.get("r:list.1.industry") == "2720 化学药品制剂制造"
    factory.redo()
    assert factory.get("r:list.1.industry") == "3831 电线、电缆制造"


def test_a_wrong_value_is_kept_and_is_an_error_naming_row_and_column(factory):
    fill(factory, "甲")
    record_ops.set_cell(factory, "r:list.1.ownership", "私营")
    assert factory.get("r:list.1.ownership") == "私营"
    texts = [f.text for f in factory.report.errors if f.cell == "r:list.1.ownership"]
    assert texts == ["第1行「企业类型」：「私营」不在可选项中（可选：国有、民营、中外合资、外商独资、港澳台企）"]


def test_typed_text_is_cleaned_and_the_cleaning_named(factory):
    fill(factory, "甲")
    result = record_ops.set_cell(factory, "r:list.1.name", "广州\u200b绿源\n制药")
    assert factory.get("r:list.1.name") == "广州绿源 制药"
    assert result.notes == ["第1行「企业名称」：换行已改为空格（此项只能填一行），已删除 1 个不可见字符（U+200B）"]


def test_too_long_is_refused_and_the_draft_untouched(factory):
    fill(factory, "甲")
    with pytest.raises(CellError) as exc:
        record_ops.set_cell(factory, "r:list.1.name", "名" * 101)
    assert exc.value.message == "第1行「企业名称」最多 100 个字符，现有 101 个"
    assert names(factory) == ["甲"]


def test_year_month_is_stored_as_year_slash_month(park):
    record_ops.insert_rows(park, "list", 1)
    record_ops.set_cell(park, "r:list.1.established", "2003年5月")
    assert park.get("r:list.1.established") == "2003/05"
    record_ops.set_cell(park, "r:list.1.established", "2003/13")  # no 13th month: kept, an error
    assert park.get("r:list.1.established") == "2003/13"
    assert [f.text for f in park.report.errors if f.cell == "r:list.1.established"] == [
        "第1行「园区设立时间」：「2003/13」的月份 13 不存在"]


def test_typing_below_the_last_row_adds_that_row_in_one_step(factory):
    fill(factory, "甲")
    result = record_ops.set_cell(factory, "r:list.2.name", "乙")
    assert result.changes == [Change("r:list.2", None, '{"name":"乙"}')]
    assert names(factory) == ["甲", "乙"]
    factory.undo()
    assert names(factory) == ["甲"]
    with pytest.raises(CellError, match="名单只有 1 行，不能填写第3行"):
        record_ops.set_cell(factory, "r:list.3.name", "丙")


# ---------------------------------------------------------------- rows


def test_insert_add_remove_move_each_one_undo_step(factory):
    fill(factory, "甲", "乙", "丙")
    steps_before = factory.revision
    assert record_ops.insert_rows(factory, "list", 2).label == "插入1行"
    assert names(factory) == ["甲", "", "乙", "丙"]
    assert record_ops.insert_rows(factory, "list", 5, 2).label == "添加2行"
    assert names(factory) == ["甲", "", "乙", "丙", "", ""]
    result = record_ops.remove_rows(factory, "list", [6, 2, 5])
    assert result.label == "删除第2、5、6行（共3行）"
    assert names(factory) == ["甲", "乙", "丙"]
    assert record_ops.move_row(factory, "list", 3, -1).label == "上移第3行"
    assert names(factory) == ["甲", "丙", "乙"]
    assert record_ops.move_row(factory, "list", 1, +1).label == "下移第1行"
    assert names(factory) == ["丙", "甲", "乙"]
    assert factory.revision == steps_before + 5
    expected_back = [["甲", "丙", "乙"], ["甲", "乙", "丙"], ["甲", "", "乙", "丙", "", ""],
                     ["甲", "", "乙", "丙"], ["甲", "乙", "丙"]]
    for names_before in expected_back:
        factory.undo()
        assert names(factory) == names_before
    for _ in range(5):
        factory.redo()
    assert names(factory) == ["丙", "甲", "乙"]


def test_a_removed_row_is_kept_whole_in_the_log(factory):
    fill(factory, "甲", "乙")
    record_ops.set_cell(factory, "r:list.2.city", "深圳市")
    record_ops.remove_rows(factory, "list", [2])
    entry = factory.draft.log[-1]
    assert (entry.cell, entry.old, entry.new) == ("r:list.2", '{"name":"乙","city":"深圳市"}', None)


def test_moving_the_first_row_up_changes_nothing(factory):
    fill(factory, "甲", "乙")
    revision = factory.revision
    assert record_ops.move_row(factory, "list", 1, -1).changes == []
    assert record_ops.move_row(factory, "list", 2, +1).changes == []
    assert factory.revision == revision


def test_rows_out_of_range_are_refused(factory):
    fill(factory, "甲")
    with pytest.raises(CellError, match="名单没有第2行"):
        record_ops.remove_rows(factory, "list", [2])
    with pytest.raises(CellError, match="不能在第3行插入"):
        record_ops.insert_rows(factory, "list", 3)
    with pytest.raises(CellError, match="名单没有第5行"):
        record_ops.move_row(factory, "list", 5, -1)


def test_a_final_table_asks_for_a_reason_for_list_edits_too(factory):
    fill(factory, "甲")
    factory.draft.state = "final"
    with pytest.raises(ReasonRequired):
        record_ops.remove_rows(factory, "list", [1])
    assert names(factory) == ["甲"]
    record_ops.remove_rows(factory, "list", [1], reason="企业已注销")
    assert factory.draft.log[-2].reason == "企业已注销"
    assert factory.draft.log[-1].old == "final"  # 定稿 is left, the reason logged with it
    assert factory.draft.log[-1].reason == "企业已注销"


def test_list_edits_survive_save_and_reload(factory):
    fill(factory, "甲", "乙")
    record_ops.move_row(factory, "list", 2, -1)
    again = document.loads(document.dumps(factory.draft), "测试")
    assert [r.get("name") for r in again.records["list"]] == ["乙", "甲"]
    assert [e.cell for e in again.log][-2:] == ["r:list.2", "r:list.1"]


# ---------------------------------------------------------------- the clipboard


def test_excel_clipboard_text_is_read_as_excel_writes_it():
    # Excel: tab between cells, CRLF after every row (the last too), a cell holding a line
    # break or a quote in double quotes with its quotes doubled
    text = '甲\t"广州市\r\n南沙区"\t民营\r\n乙\t"说""好"""\t\r\n\t\t\r\n'
    assert record_ops.parse_clipboard(text) == [
        ["甲", "广州市\n南沙区", "民营"], ["乙", '说"好"', ""], ["", "", ""]]
    assert record_ops.parse_clipboard("单个值") == [["单个值"]]
    assert record_ops.parse_clipboard("") == []
    assert record_ops.parse_clipboard('他说"好"\t2') == [['他说"好"', "2"]]  # a quote inside is kept


def test_clipboard_text_written_reads_back():
    block = [["甲", "广州市\n南沙区", '说"好"'], ["", "x\ty", ""]]
    assert record_ops.to_clipboard(block) == '甲\t"广州市\n南沙区"\t"说""好"""\r\n\t"x\ty"\t\r\n'
    assert record_ops.parse_clipboard(record_ops.to_clipboard(block)) == block


# ---------------------------------------------------------------- paste


EXCEL_ROWS = (
    "广州市\t广州市绿源制药有限公司\t广州市南沙区\t民营\t2720\t市级绿色工厂\t\r\n"
    "深圳市\t深圳市恒电线缆有限公司\t深圳市宝安区\t国有\t3831 电线、电缆制造\t其他\t\r\n"
    "佛山市\t佛山市蓝天陶瓷有限公司\t\"佛山市\r\n南海区\"\t外商独资\t3071\t省级绿色工厂\t扩产中\r\n"
)


def test_paste_three_rows_adds_them_as_one_step(factory):
    result = record_ops.paste(factory, "list", 1, "city", record_ops.parse_clipboard(EXCEL_ROWS))
    assert result.label == "粘贴3行"
    assert (result.rows_added, result.first_row, result.last_row, result.refused) == (3, 1, 3, [])
    assert result.notes == ["第3行「所在地址」：换行已改为空格（此项只能填一行）"]
    rows = factory.draft.records["list"]
    assert rows[0] == {"city": "广州市", "name": "广州市绿源制药有限公司", "address": "广州市南沙区",
                       "ownership": "民营", "industry": "2720 化学药品制剂制造", "status": "市级绿色工厂"}
    assert rows[2]["address"] == "佛山市 南海区"
    assert rows[2]["industry"] == "3071 建筑陶瓷制品制造"
    assert rows[2]["remark"] == "扩产中"
    factory.undo()
    assert factory.draft.records.get("list", []) == []


def test_paste_over_existing_rows_overwrites_and_adds_below(factory):
    fill(factory, "甲", "乙")
    block = [["丙", "广州市南沙区"], ["丁", ""], ["戊", "深圳市宝安区"]]
    result = record_ops.paste(factory, "list", 2, "name", block)
    assert names(factory) == ["甲", "丙", "丁", "戊"]
    assert factory.get("r:list.2.address") == "广州市南沙区"
    assert factory.get("r:list.3.address") is None
    assert result.rows_added == 2
    factory.undo()
    assert names(factory) == ["甲", "乙"]
    assert factory.get("r:list.2.address") is None


def test_paste_names_every_value_it_could_not_place(factory):
    block = [["其他", "备注一", "多余1", "多余2"], ["省级绿色工厂", "名" * 501, ""]]
    result = record_ops.paste(factory, "list", 1, "status", block)
    assert result.refused == [
        "第1行：超出名单最后一列「备注」的 2 个值未粘贴（「多余1」、「多余2」）",
        "第2行「备注」最多 500 个字符，现有 501 个（「" + "名" * 79 + "…」未粘贴）",
    ]
    assert factory.get("r:list.1.remark") == "备注一"
    assert factory.get("r:list.2.status") == "省级绿色工厂"
    assert factory.get("r:list.2.remark") is None


def test_paste_from_the_number_column_drops_the_copied_numbers(factory):
    block = [["1", "广州市", "甲"], ["2", "深圳市", "乙"], ["示例", "佛山市", "丙"]]
    result = record_ops.paste(factory, "list", 1, record_ops.NUMBER_COLUMN, block)
    assert names(factory) == ["甲", "乙", "丙"]
    assert factory.get("r:list.2.city") == "深圳市"
    assert result.refused == ["第3行「序号」：「示例」（序号按行自动编号）"]


def test_paste_skips_the_notices_head_row(factory):
    block = [["地市", "企业名称", "所在地址（写到县/区镇）"], ["广州市", "甲", "广州市南沙区"]]
    result = record_ops.paste(factory, "list", 1, "city", block)
    assert names(factory) == ["甲"]
    assert result.notes == ["复制内容的第一行是名单的表头，已跳过"]


def test_paste_beyond_the_longest_list_says_what_was_left(factory):
    data = factory.definition.model_dump()
    data["parts"][0]["records"]["max_rows"] = 2
    small = parse_definition(data)
    s = EditSession(small, new_draft(factory.definition))
    result = record_ops.paste(s, "list", 1, "name", [["甲"], ["乙"], ["丙"], ["丁"]])
    assert [r["name"] for r in s.draft.records["list"]] == ["甲", "乙"]
    assert result.refused == ["名单最多 2 行：第3行起的 2 行未粘贴（「丙」、「丁」）"]


def test_clear_cells_is_one_step(factory):
    fill(factory, "甲", "乙")
    record_ops.set_cell(factory, "r:list.1.city", "广州市")
    result = record_ops.clear_cells(factory, ["r:list.1.city", "r:list.1.name", "r:list.2.remark"])
    assert result.changes == [Change("r:list.1.city", "广州市", None), Change("r:list.1.name", "甲", None)]
    factory.undo()
    assert factory.get("r:list.1.city") == "广州市"
    assert names(factory) == ["甲", "乙"]


def test_a_template_import_replaces_the_list_as_one_step(factory):
    fill(factory, "甲", "乙")
    imported = new_draft(factory.definition)
    imported.fields["city"] = "深圳市"
    imported.records["list"] = [{"name": "丙", "city": "深圳市"}]
    result = record_ops.replace_lists(factory, imported)
    assert result.label == "模板导入"
    assert names(factory) == ["丙"]
    assert factory.draft.fields["city"] == "深圳市"
    assert {e.source for e in factory.draft.log[-4:]} == {"imported"}
    factory.undo()
    assert names(factory) == ["甲", "乙"]
    assert "city" not in factory.draft.fields

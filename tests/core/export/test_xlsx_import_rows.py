"""模板导入 row by row, on small workbooks built in the test: a few rows of the 2025 green-factory
table laid out as GreenDesk writes them (label in A, 参数 B, 单位 C, the three years D–F,
特殊情况说明 G, 填写说明 H, the hidden key in I), then re-arranged as users do. Each case states
exactly what lands in which cell of the draft and what the report says, in Chinese, row by row.
Row names, units and years come from the notice's table (green-factory-2025); messages are
written literally."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook

from greendesk import forms
from greendesk.export import import_xlsx
from greendesk.export.xlsx_import import ImportReport, WorkbookError

HEAD = ["指标名称", "指标涉及的参数", "单位", "2022年指标值", "2023年指标值", "2024年指标值", "特殊情况说明",
        "填写说明", "years|2022,2023,2024"]
FORM = {9: "form|green-factory-2025|2"}
E0 = "parameter|t:E0||t:E0:note"  # 工业总产值, 万元, a note
E1 = "parameter|t:E1|t:E1:unit|"  # 综合能源消费量合计, 吨标准煤 / 万吨标准煤
E4 = "indicator|t:E4|t:E4:unit|"  # 单位产值综合能耗, computed


@pytest.fixture(scope="module")
def d2025():
    return forms.get("green-factory-2025")


def _row(*values, **at):
    """A row as {column: value}: positional from column A, or by letter (D=…)."""
    row = {i: v for i, v in enumerate(values, 1) if v is not None}
    row.update({ord(k) - 64: v for k, v in at.items()})
    return row


def _xlsx(tmp_path, rows: dict[int, dict[int, object]], *, title="动态管理表", name="t.xlsx",
          sheets: dict[str, dict[int, dict[int, object]]] | None = None, formats: dict[str, str] | None = None):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r, row in rows.items():
        for c, v in row.items():
            ws.cell(row=r, column=c).value = v
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    for sheet, srows in (sheets or {}).items():
        other = wb.create_sheet(sheet)
        for r, row in srows.items():
            for c, v in row.items():
                other.cell(row=r, column=c).value = v
    path = tmp_path / name
    wb.save(path)
    return path


def _skipped(report: ImportReport):
    return list(report.skipped)


# ---------------------------------------------------------------- values by key, into their cells


def test_rows_found_by_key_put_every_value_in_its_cell(tmp_path):
    path = _xlsx(tmp_path, {
        1: FORM,
        2: _row("* 工厂名称", None, None, "绿源电缆", I="field|factory_name"),
        3: _row(*HEAD),
        4: _row("工业总产值", None, "万元", 100, 200.5, "300", "  两期扩建  ", "请使用报统计局B204-1", E0),
        5: _row("综合能源消费量合计", None, "万吨标准煤", 1.25, None, 0, None, None, E1),
        6: _row("单位产值综合能耗", "综合能源消费量合计、工业总产值", "吨标准煤/万元", 0.04, 0.05, 0.06, None, None, E4),
    })
    draft, report = import_xlsx(path)
    assert draft.fields == {"factory_name": "绿源电缆"}
    assert draft.table["E0"].values == {"2022": "100", "2023": "200.5", "2024": "300"}
    assert draft.table["E0"].note == "  两期扩建  "  # free text: blanks are the user's
    assert draft.table["E1"].unit == "万吨标准煤"
    assert draft.table["E1"].values == {"2022": "1.25", "2024": "0"}
    assert draft.table["E4"].values.get("2023") is None  # computed, never read back (0.05 in the sheet)
    assert report.taken == [
        ("f:factory_name", "工厂名称", "绿源电缆"),
        ("t:E0:note", "工业总产值 特殊情况说明", "  两期扩建  "),
        ("t:E0:2022", "工业总产值 2022年", "100"),
        ("t:E0:2023", "工业总产值 2023年", "200.5"),
        ("t:E0:2024", "工业总产值 2024年", "300"),
        ("t:E1:unit", "综合能源消费量合计 单位", "万吨标准煤"),
        ("t:E1:2022", "综合能源消费量合计 2022年", "1.25"),
        ("t:E1:2024", "综合能源消费量合计 2024年", "0"),
        ("t:E4:unit", "单位产值综合能耗 单位", "吨标准煤/万元"),  # its unit is a dropdown; its values are not
    ]
    assert report.skipped == [] and report.doubtful == []
    assert report.form_id == "green-factory-2025"
    assert draft.state == "draft"
    assert {e.source for e in draft.log} == {"imported"}
    assert report.to_text() == "从 Excel 读取 9 项数据。"


def test_columns_found_by_their_headers_wherever_they_were_moved(tmp_path):
    """Key in A, label in C, the years in reverse order with a column of the user's own between,
    特殊情况说明 first: every value still lands by what its column's header says."""
    head = {1: "years|2022,2023,2024", 2: "特殊情况说明", 3: "指标名称", 4: "单位", 5: "2024年",
            6: "备注（自加）", 7: "2023 年 数值", 8: "2022年数据", 9: "指标涉及的参数", 10: "填写说明"}
    path = _xlsx(tmp_path, {
        1: {1: "form|green-factory-2025|2"},
        2: head,
        3: {1: E0, 2: "说明", 3: "工业总产值", 4: "万元", 5: 3, 7: 2, 8: 1, 10: "请使用报统计局"},
        4: {1: E1, 3: "综合能源消费量合计", 4: "万吨标准煤", 5: 30, 8: 10, 9: "（参数）"},
    })
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "1", "2023": "2", "2024": "3"}
    assert draft.table["E0"].note == "说明"
    assert (draft.table["E1"].unit, draft.table["E1"].values) == ("万吨标准煤", {"2022": "10", "2024": "30"})
    assert report.skipped == [] and report.doubtful == []


def test_a_year_header_repeated_reads_the_first_and_lists_the_other(tmp_path):
    path = _xlsx(tmp_path, {
        1: FORM,
        2: _row(*HEAD[:6], "2022年指标值", "特殊情况说明", "years|2022,2023,2024"),
        3: _row("工业总产值", None, "万元", 1, 2, 3, 99, None, E0),
    })
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "1", "2023": "2", "2024": "3"}
    assert report.skipped == [("第3行", "工业总产值 第7列「99」", "不在任何年份列下，未导入")]


def test_a_header_row_is_known_by_two_year_headings_alone(tmp_path):
    """The 指标名称 heading renamed: the row is still the header, and is not read as a row."""
    path = _xlsx(tmp_path, {
        1: FORM,
        2: _row("名称", "参数", "单位", "2022年指标值", "2023年指标值", None, None, None, "years|2022,2023,2024"),
        3: _row("工业总产值", None, "万元", None, 5, None, None, None, E0),
    })
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2023": "5"}
    assert report.skipped == [] and report.doubtful == []


def test_one_year_heading_without_a_name_heading_is_not_a_header(tmp_path):
    path = _xlsx(tmp_path, {
        1: FORM,
        2: _row("说明", None, None, "2022年指标值"),
        3: _row("工业总产值", None, "万元", 7, 8, 9, None, None, E0),
    })
    draft, report = import_xlsx(path)
    # no header: the years are the three columns after the unit column (C), as GreenDesk lays them out
    assert draft.table["E0"].values == {"2022": "7", "2023": "8", "2024": "9"}
    assert report.doubtful == [("", "", "没有找到表头行（指标名称、2022年指标值……），按单位列之后的列读取 "
                                        "2022、2023、2024 年数值，请核对")]
    assert report.skipped == [("第2行", "说明 2022年「2022年指标值」", "不是本表的行，未导入")]


def test_a_year_the_table_does_not_report_is_said_on_the_header_and_each_row(tmp_path):
    path = _xlsx(tmp_path, {
        1: FORM,
        2: _row("指标名称", "指标涉及的参数", "单位", "2021年指标值", "2022年指标值", "2023年指标值", "2024年指标值",
                "特殊情况说明", "years|2022,2023,2024"),
        3: _row("工业总产值", None, "万元", 80000, 1, None, 3, None, E0),
        4: _row("综合能源消费量合计", None, "吨标准煤", None, 4, None, None, None, E1),
        5: _row("单位产值综合能耗", None, "吨标准煤/万元", 9, None, None, None, None, E4),
    })
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "1", "2024": "3"}
    assert report.doubtful == [("第2行", "2021年", "本表只填报 2022、2023、2024 年，该列的数值不导入")]
    # a computed row's 2021 value is no input either: nothing to say beyond the header's note
    assert report.skipped == [("第3行", "工业总产值 2021年「80000」", "本表不填报 2021 年，未导入")]


def test_the_header_row_deleted_columns_are_guessed_from_the_unit_column(tmp_path):
    """A column inserted before the units (B and C both 参数-like): the unit column is the one
    holding units, the years follow it."""
    path = _xlsx(tmp_path, {
        1: FORM,
        2: _row("工业总产值", None, "自加", "万元", 1, 2, 3, "说明", "填写说明", E0),
        3: _row("综合能源消费量合计", None, None, "吨标准煤", 4, 5, 6, None, None, E1),
    })
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "1", "2023": "2", "2024": "3"}
    assert draft.table["E0"].note == "说明"
    assert draft.table["E1"].values == {"2022": "4", "2023": "5", "2024": "6"}
    # C is the 参数 column now (just left of the units): GreenDesk's own text there is not listed
    assert report.skipped == []
    assert report.doubtful == [("", "", "没有找到表头行（指标名称、2022年指标值……），按单位列之后的列读取 "
                                        "2022、2023、2024 年数值，请核对")]


def test_no_header_and_no_units_reads_the_years_from_column_d(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row("工业总产值", None, None, 1, 2, 3, None, None, E0)})
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "1", "2023": "2", "2024": "3"}
    assert len(report.doubtful) == 1


def test_no_header_and_no_year_values_says_nothing_about_columns(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row("工业总产值", None, "万元", None, None, None, "只有说明", None, E0)})
    draft, report = import_xlsx(path)
    assert draft.table["E0"].note == "只有说明"
    assert report.doubtful == [] and report.skipped == []


def test_without_keys_the_label_column_is_where_the_labels_are(tmp_path):
    """The key column deleted and a column inserted before the labels: labels are in B."""
    path = _xlsx(tmp_path, {
        2: {2: "* 工厂名称：", 5: "绿源"},
        3: {2: "工业总产值", 4: "万元", 5: 1, 6: 2, 7: 3},
        4: {2: "综合能源消费量合计", 4: "吨标准煤", 5: 4},
    })
    draft, report = import_xlsx(path, forms.get("green-factory-2025"))
    assert draft.fields["factory_name"] == "绿源"
    assert draft.table["E0"].values == {"2022": "1", "2023": "2", "2024": "3"}
    assert draft.table["E1"].values == {"2022": "4"}


# ---------------------------------------------------------------- what cannot be placed


def test_values_on_rows_that_are_not_the_tables_are_listed_by_row_name_and_column(tmp_path):
    path = _xlsx(tmp_path, {
        1: FORM,
        2: _row(*HEAD),
        3: _row("自加指标", "参数说明", "个", 17, None, None, "备注", "填写", None, "第10列的值", 5),
        4: _row(None, None, 12, 5),
        5: _row("本表单的旧字段", None, None, "旧值", I="field|old_field"),
        6: _row("工厂地址（旧）", None, None, "广东省", I="field|address"),  # a region is not a plain field
        7: _row(None, None, None, "x", I="parameter|t:ZZ||t:ZZ:note"),
        8: _row("已删除的行", None, None, "y", I="indicator|t:ZZ|"),
        9: _row("部分", None, None, "z", I="part|part9"),
        10: _row("节", None, None, "z", I="section|S_X"),
    })
    draft, report = import_xlsx(path)
    assert report.skipped == [
        ("第3行", "自加指标 2022年「17」", "不是本表的行，未导入"),
        ("第3行", "自加指标 特殊情况说明「备注」", "不是本表的行，未导入"),
        ("第3行", "自加指标 第10列「第10列的值」", "不是本表的行，未导入"),
        ("第3行", "自加指标 第11列「5」", "不是本表的行，未导入"),
        ("第4行", "（无名称） 第3列「12」", "不是本表的行，未导入"),
        ("第4行", "（无名称） 2022年「5」", "不是本表的行，未导入"),
        ("第5行", "本表单的旧字段 2022年「旧值」", "本表单没有该字段，未导入"),
        ("第6行", "工厂地址（旧） 2022年「广东省」", "本表单没有该字段，未导入"),
        ("第7行", "parameter|t:ZZ||t:ZZ:note 2022年「x」", "本表没有这一行，未导入"),
        ("第8行", "已删除的行 2022年「y」", "本表没有这一行，未导入"),
        ("第9行", "部分 2022年「z」", "是标题行，不填写数值，未导入"),
        ("第10行", "节 2022年「z」", "是标题行，不填写数值，未导入"),
    ]
    assert report.empty
    assert report.to_text() == (
        "没有从工作簿中读取到任何数据（找不到本表的行，或各项均为空）。\n"
        "未导入 12 项：\n"
        "  - 第3行 自加指标 2022年「17」：不是本表的行，未导入\n"
        "  - 第3行 自加指标 特殊情况说明「备注」：不是本表的行，未导入\n"
        "  - 第3行 自加指标 第10列「第10列的值」：不是本表的行，未导入\n"
        "  - 第3行 自加指标 第11列「5」：不是本表的行，未导入\n"
        "  - 第4行 （无名称） 第3列「12」：不是本表的行，未导入\n"
        "  - 第4行 （无名称） 2022年「5」：不是本表的行，未导入\n"
        "  - 第5行 本表单的旧字段 2022年「旧值」：本表单没有该字段，未导入\n"
        "  - 第6行 工厂地址（旧） 2022年「广东省」：本表单没有该字段，未导入\n"
        "  - 第7行 parameter|t:ZZ||t:ZZ:note 2022年「x」：本表没有这一行，未导入\n"
        "  - 第8行 已删除的行 2022年「y」：本表没有这一行，未导入\n"
        "  - 第9行 部分 2022年「z」：是标题行，不填写数值，未导入\n"
        "  - 第10行 节 2022年「z」：是标题行，不填写数值，未导入")


def test_a_field_key_without_a_label_is_named_by_its_id(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row(None, None, None, "v", I="field|gone")})
    _, report = import_xlsx(path)
    assert report.skipped == [("第2行", "gone 2022年「v」", "本表单没有该字段，未导入")]


def test_the_report_text_lists_what_to_check_then_what_was_not_taken():
    report = ImportReport(taken=[("f:a", "甲", "1"), ("f:b", "乙", "2")],
                          doubtful=[("第3行", "工业总产值", "请核对"), ("", "", "工作表超过 5000 行")],
                          skipped=[("第4行", "", "未导入")])
    assert not report.empty
    assert report.to_text() == ("从 Excel 读取 2 项数据。\n需要核对 2 项：\n  - 第3行 工业总产值：请核对\n"
                                "  - ：工作表超过 5000 行\n未导入 1 项：\n  - 第4行：未导入")


def test_the_report_text_lists_60_items_and_counts_the_rest():
    sixty = [(f"第{n}行", "甲", "未导入") for n in range(1, 61)]
    text = ImportReport(skipped=sixty).to_text().splitlines()
    assert text[1] == "未导入 60 项：" and len(text) == 62 and text[-1] == "  - 第60行 甲：未导入"
    text = ImportReport(skipped=[*sixty, ("第61行", "乙", "未导入")]).to_text().splitlines()
    assert text[1] == "未导入 61 项：" and text[-2] == "  - 第60行 甲：未导入"
    assert text[-1] == "  …… 另有 1 项"
    text = ImportReport(doubtful=[*sixty, *sixty[:3]]).to_text().splitlines()
    assert text[1] == "需要核对 63 项：" and text[-1] == "  …… 另有 3 项"


# ---------------------------------------------------------------- fields (Parts 0–2, 4, 5)

FIELDS = [
    # (what, the row's cells from D on, what the field holds — None: not set —, what is listed as not taken)
    ("text", ["绿源电缆"], ("factory_name", "绿源电缆"), []),
    ("a number in a text field", [13800138000], ("contact_mobile", "13800138000"), []),
    ("TRUE in a yes/no question", [True], ("q1", "是"), []),
    ("FALSE in a yes/no question", [False], ("q1", "否"), []),
    ("industry chosen from the list: its code", ["C3831 电线、电缆制造"], ("industry1", "3831"), []),
    ("industry typed with blanks around", ["  C3240 有色金属合金制造"], ("industry1", "3240"), []),
    ("two values: the first", ["绿源", "第二个"], ("factory_name", "绿源"),
     [("第2行", "工厂名称 第5列「第二个」", "同一行有多个值，只取第一个，未导入")]),
    ("three values across the box", [None, "绿源", None, "乙", "丙"], ("factory_name", "绿源"),
     [("第2行", "工厂名称 第7列「乙」", "同一行有多个值，只取第一个，未导入"),
      ("第2行", "工厂名称 第8列「丙」", "同一行有多个值，只取第一个，未导入")]),
    ("a value right of the table", [None] * 6 + ["表外"], ("factory_name", None),
     [("第2行", "工厂名称 第10列「表外」", "不在表格的列中，未导入")]),
    ("empty", [], ("factory_name", None), []),
]


@pytest.mark.parametrize(("cells", "expected", "skipped"), [c[1:] for c in FIELDS], ids=[c[0] for c in FIELDS])
def test_a_field_row_takes_its_first_value(tmp_path, d2025, cells, expected, skipped):
    fid, value = expected
    f = d2025.fields[fid]
    path = _xlsx(tmp_path, {1: FORM, 2: {1: f"* {f.label}", 9: f"field|{fid}",
                                         **{4 + i: v for i, v in enumerate(cells) if v is not None}}, 3: _row(*HEAD)})
    draft, report = import_xlsx(path)
    assert draft.fields.get(fid) == value
    assert report.skipped == skipped
    assert report.taken == ([(f"f:{fid}", f.label, value)] if value is not None else [])


def test_fields_found_by_label_without_keys(tmp_path, d2025):
    path = _xlsx(tmp_path, {
        1: _row(*HEAD[:8]),
        2: _row("* 工厂名称：", None, None, "绿源"),
        3: _row("＊联系人手机号", None, None, "13800138000"),
        4: _row("* 工厂地址", None, None, "广东省", "广州市", "黄埔区", "示范路8号"),
    })
    draft, report = import_xlsx(path, d2025)
    assert draft.fields == {"factory_name": "绿源", "contact_mobile": "13800138000", "address.province": "44",
                            "address.city": "4401", "address.county": "440112", "address.detail": "示范路8号"}
    assert report.skipped == [] and report.doubtful == []


def test_a_bad_field_value_is_refused_with_the_fields_message(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 4: _row(*HEAD), 2: _row("* 1.未正常经营生产的", None, None, "也许", I="field|q1"),
                            3: _row("* 工厂所属行业", None, None, "造船", I="field|industry_type")})
    draft, report = import_xlsx(path)
    assert "q1" not in draft.fields and "industry_type" not in draft.fields
    assert report.skipped[0] == ("第2行", "1.未正常经营生产的（工商注销、连续停产12个月以上、被市场监督管理部门列入经营异常名单且未被移出等）「也许」",
                                 "请选择“是”或“否”")
    assert report.skipped[1][:2] == ("第3行", "工厂所属行业「造船」")
    assert report.skipped[1][2].startswith("「工厂所属行业」只能选择：")


# ---------------------------------------------------------------- the address (province, city, county, detail)

REGIONS = [
    # (what, the cells from D on, province, city, county, detail, needs checking, not taken)
    ("all four parts", ["广东省", "广州市", "黄埔区", "云埔工业区示范路8号"], "44", "4401", "440112",
     "云埔工业区示范路8号", [], []),
    ("in another order", ["云埔工业区示范路8号", "黄埔区", "广东省", "广州市"], "44", "4401", "440112",
     "云埔工业区示范路8号", [], []),
    ("the province alone", ["广东省"], "44", None, None, None, [], []),
    ("province and city", ["广东省", "广州市"], "44", "4401", None, None, [], []),
    ("only the street", ["示范路8号"], None, None, None, "示范路8号",
     [("第2行", "示范路8号", "省/市/区县名称无法识别，请在程序中重新选择")], []),
    ("two unknown names", ["火星省", "示范路8号"], None, None, None, "示范路8号",
     [("第2行", "火星省 示范路8号", "省/市/区县名称无法识别，请在程序中重新选择")],
     [("第2行", "* 工厂地址「火星省」", "无法确定是地址的哪一部分，未导入")]),
    ("four unknown names: three are named", ["甲", "乙", "丙", "丁"], None, None, None, "丁",
     [("第2行", "甲 乙 丙", "省/市/区县名称无法识别，请在程序中重新选择")],
     [("第2行", "* 工厂地址「甲」", "无法确定是地址的哪一部分，未导入"),
      ("第2行", "* 工厂地址「乙」", "无法确定是地址的哪一部分，未导入"),
      ("第2行", "* 工厂地址「丙」", "无法确定是地址的哪一部分，未导入")]),
    ("a city not in the province", ["广东省", "杭州市", "示范路8号"], "44", None, None, "示范路8号",
     [("第2行", "广东省 杭州市 示范路8号", "省/市/区县名称无法识别，请在程序中重新选择")],
     [("第2行", "* 工厂地址「杭州市」", "无法确定是地址的哪一部分，未导入")]),
    ("a county not in the city", ["广东省", "广州市", "西湖区", "示范路8号"], "44", "4401", None, "示范路8号", [],
     [("第2行", "* 工厂地址「西湖区」", "无法确定是地址的哪一部分，未导入")]),
    ("a city without its province", ["广州市", "示范路8号"], None, None, None, "示范路8号",
     [("第2行", "广州市 示范路8号", "省/市/区县名称无法识别，请在程序中重新选择")],
     [("第2行", "* 工厂地址「广州市」", "无法确定是地址的哪一部分，未导入")]),
]


@pytest.mark.parametrize(("cells", "prov", "city", "county", "detail", "doubtful", "skipped"),
                         [c[1:] for c in REGIONS], ids=[c[0] for c in REGIONS])
def test_the_address_row_is_read_by_what_each_cell_names(tmp_path, cells, prov, city, county, detail,
                                                         doubtful, skipped):
    """What is not taken is named with the row's own label, as the user sees it (* 工厂地址)."""
    path = _xlsx(tmp_path, {1: FORM, 2: {1: "* 工厂地址", 9: "region|address",
                                         **{4 + i: v for i, v in enumerate(cells)}}, 3: _row(*HEAD)})
    draft, report = import_xlsx(path)
    got = {k: draft.fields.get(f"address.{k}") for k in ("province", "city", "county", "detail")}
    assert got == {"province": prov, "city": city, "county": county, "detail": detail}
    assert report.doubtful == doubtful
    assert report.skipped == skipped
    names = {"province": "工厂地址（省）", "city": "工厂地址（市）", "county": "工厂地址（区县）",
             "detail": "工厂地址（详细地址）"}
    assert report.taken == [(f"f:address.{k}", names[k], v) for k, v in got.items() if v is not None]


def test_an_empty_address_row_changes_nothing(tmp_path, sample2025):
    path = _xlsx(tmp_path, {1: FORM, 2: {1: "* 工厂地址", 9: "region|address"}, 3: _row(*HEAD)})
    draft, report = import_xlsx(path, base=sample2025)
    assert draft.fields["address.detail"] == sample2025.fields["address.detail"]
    assert report.taken == [] and report.skipped == [] and report.doubtful == []


def test_an_address_value_right_of_the_table_is_listed(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row("* 工厂地址", None, None, "广东省", I="region|address", J="表外"), 3: _row(*HEAD)})
    draft, report = import_xlsx(path)
    assert draft.fields["address.province"] == "44"
    assert report.skipped == [("第2行", "* 工厂地址 第10列「表外」", "不在表格的列中，未导入")]


def test_an_address_detail_from_a_formula_is_flagged(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row("* 工厂地址", None, None, "广东省", "广州市", "黄埔区", "示范路8号",
                                              I="region|address"), 3: _row(*HEAD)})
    path = _patch(path, '<c r="G2" t="inlineStr"><is><t>示范路8号</t></is></c>',
                  '<c r="G2" t="str"><f>"示范路"&amp;"8号"</f><v>示范路8号</v></c>')
    draft, report = import_xlsx(path)
    assert draft.fields["address.detail"] == "示范路8号"
    assert report.doubtful == [("第2行", "工厂地址（详细地址）", "由公式计算（取其结果 示范路8号），请核对")]


def _patch(path, old: str, new: str, part="xl/worksheets/sheet1.xml"):
    """Replace `old` (which must be there) in one part of the saved workbook."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    xml = parts[part].decode()
    assert old in xml, xml
    parts[part] = xml.replace(old, new).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in parts.items():
            z.writestr(k, v)
    return path


# ---------------------------------------------------------------- which sheet, which form

GREENDESK_2024 = {1: {1: "GreenDesk"}, 2: {1: "green-factory-2024"}, 3: {1: "2024.1"}}


def test_the_form_is_named_on_the_hidden_lists_sheet(tmp_path):
    """_lists A1:A3 = GreenDesk, form, version: it wins over a key in the sheet."""
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD[:3], "2021年指标值", "2022年指标值", "2023年指标值"),
                            3: _row("工业总产值", None, "万元", 1, 2, 3, None, None, E0)},
                 sheets={"_lists": GREENDESK_2024})
    draft, report = import_xlsx(path)
    assert (report.form_id, draft.form.id, draft.report_year) == ("green-factory-2024", "green-factory-2024", 2024)
    assert draft.table["E0"].values == {"2021": "1", "2022": "2", "2023": "3"}


@pytest.mark.parametrize("lists", [
    {1: {1: "GreenDesk "}, 2: {1: " green-factory-2024 "}, 3: {1: ""}},  # trimmed; no version: the newest
    {1: {1: "GreenDesk"}, 2: {1: "green-factory-2024"}},
])
def test_the_lists_sheet_trimmed_or_without_a_version(tmp_path, lists):
    path = _xlsx(tmp_path, {2: _row("工业总产值", None, "万元", 1, I=E0)}, sheets={"_lists": lists})
    assert import_xlsx(path)[1].form_id == "green-factory-2024"


@pytest.mark.parametrize("lists", [
    {1: {1: "Other"}, 2: {1: "green-factory-2024"}, 3: {1: "2024.1"}},  # not GreenDesk's
    {1: {1: "GreenDesk"}, 3: {1: "2024.1"}},  # no form named
    {2: {1: "green-factory-2024"}},
])
def test_a_lists_sheet_that_is_not_greendesks_falls_back_to_the_form_key(tmp_path, lists):
    path = _xlsx(tmp_path, {1: FORM, 2: _row("工业总产值", None, "万元", 1, I=E0)}, sheets={"_lists": lists})
    assert import_xlsx(path)[1].form_id == "green-factory-2025"


def test_the_form_key_found_in_any_column_and_row(tmp_path):
    path = _xlsx(tmp_path, {5: {3: " form|green-factory-2024||x "}, 2: _row("工业总产值", None, "万元", 1, I=E0)})
    assert import_xlsx(path)[1].form_id == "green-factory-2024"


@pytest.mark.parametrize("key", [None, "form|green-factory-2025", "form:green-factory-2025|2", 2025])
def test_a_workbook_without_a_form_is_refused_unless_one_is_given(tmp_path, key):
    path = _xlsx(tmp_path, {1: {9: key} if key else {}, 2: _row("工业总产值", None, "万元", 1, I=E0)})
    with pytest.raises(WorkbookError) as exc:
        import_xlsx(path)
    assert exc.value.message == "「t.xlsx」不是由 GreenDesk 导出的动态管理表，请指定表单（--form）后再导入。"
    draft, report = import_xlsx(path, forms.get("green-factory-2024"))
    assert report.form_id == "green-factory-2024"


def test_an_unknown_form_is_refused_with_the_forms_shipped(tmp_path):
    path = _xlsx(tmp_path, {1: {9: "form|green-factory-1999|2"}})
    with pytest.raises(WorkbookError) as exc:
        import_xlsx(path)
    assert exc.value.message.startswith("找不到表单定义「green-factory-1999」。本程序提供的表单：")
    assert "green-factory-2025" in exc.value.message


def test_a_given_form_wins_over_the_workbooks(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row("工业总产值", None, "万元", 1, I=E0)}, sheets={"_lists": GREENDESK_2024})
    assert import_xlsx(path, forms.get("green-factory-2025"))[1].form_id == "green-factory-2025"


def test_a_workbook_with_only_the_lists_sheet_is_refused(tmp_path):
    path = _xlsx(tmp_path, {1: {1: "GreenDesk"}, 2: {1: "green-factory-2025"}}, title="_lists")
    with pytest.raises(WorkbookError) as exc:
        import_xlsx(path)
    assert exc.value.message == "「t.xlsx」中没有工作表。"


def test_the_sheet_renamed_is_found_by_its_keys_and_another_sheets_notes_are_not_said(tmp_path):
    """封面 first (one label, and a value far right that would be noted), then the renamed table."""
    cover = {1: {1: "工业总产值", 60: "封面远处"}}
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD), 3: _row("工业总产值", None, "万元", 1, 2, 3, None, None, E0),
                            4: {1: "表内远处", 55: "x"}},
                 title="Sheet1", sheets={"封面": cover})
    wb_order = _reorder(path, ["封面", "Sheet1"])
    draft, report = import_xlsx(wb_order)
    assert draft.table["E0"].values == {"2022": "1", "2023": "2", "2024": "3"}
    assert report.doubtful == [("", "", "有 1 个单元格在第 50 列之后，不在表格范围内，未读取")]


def test_without_keys_the_sheet_with_most_labels_is_read(tmp_path, d2025):
    path = _xlsx(tmp_path, {1: _row(*HEAD[:8]), 2: _row("工业总产值", None, "万元", 1, 2, 3),
                            3: _row("综合能源消费量合计", None, "吨标准煤", 4)},
                 title="数据", sheets={"说明": {1: {1: "工业总产值"}, 2: {1: "说明文字", 4: 99}}})
    draft, report = import_xlsx(_reorder(path, ["说明", "数据"]), d2025)
    assert draft.table["E0"].values == {"2022": "1", "2023": "2", "2024": "3"}
    assert draft.table["E1"].values == {"2022": "4"}
    assert report.skipped == []


def test_of_two_sheets_as_good_the_first_is_read(tmp_path):
    one = {1: FORM, 2: _row("工业总产值", None, "万元", 1, I=E0)}
    two = {1: FORM, 2: _row("工业总产值", None, "万元", 2, I=E0)}
    path = _xlsx(tmp_path, one, title="甲", sheets={"乙": two})
    assert import_xlsx(path)[0].table["E0"].values == {"2022": "1"}
    assert import_xlsx(_reorder(path, ["乙", "甲"]))[0].table["E0"].values == {"2022": "2"}


def test_the_sheet_named_like_the_table_is_read_even_if_another_has_more_keys(tmp_path):
    other = {1: FORM, 2: _row("工业总产值", None, "万元", 9, I=E0), 3: _row("综合能源消费量合计", None, "吨标准煤", 9, I=E1)}
    path = _xlsx(tmp_path, {2: _row("工业总产值", None, "万元", 1, I=E0)}, title="动态管理表", sheets={"Sheet2": other})
    draft, _ = import_xlsx(_reorder(path, ["Sheet2", "动态管理表"]), forms.get("green-factory-2025"))
    assert draft.table["E0"].values == {"2022": "1"} and draft.table["E1"].values == {}


def test_a_sheet_without_anything_of_the_table_gives_an_empty_result(tmp_path, d2025):
    path = _xlsx(tmp_path, {1: {1: "销售报表", 4: 5}}, title="Sheet1")
    draft, report = import_xlsx(path, d2025)
    assert report.empty and report.skipped == []


def _reorder(path, order: list[str]):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb._sheets = [wb[name] for name in order]
    wb.save(path)
    return path


def test_a_damaged_sheet_part_is_refused_with_the_error_named(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row("工业总产值", None, "万元", 1, I=E0)})
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:  # stored: the sheet's bytes are plain
        for info, data in parts:
            z.writestr(info.filename, data)
    data = bytearray(path.read_bytes())
    at = data.find(b"<sheetData>")
    data[at + 1] = ord("S")  # the bytes change, the CRC-32 stored in the zip does not
    path.write_bytes(bytes(data))
    with pytest.raises(WorkbookError) as exc:
        import_xlsx(path)
    assert exc.value.message == "「t.xlsx」已损坏，无法读取（BadZipFile）。"


# ---------------------------------------------------------------- Part 3 lines: products, questions, texts

Q_E6 = "question|p:E6:applicable|t:E6:note"
NAME1 = "text|p:E6:0:name|"
UNIT1 = "text|p:E6:0:unit|"
OUT1 = "product_value|p:E6:0:output||"
CONS1 = "product_value|p:E6:0:consumption|p:E6:cunit|"
INT1 = "product_indicator|p:E6:0:intensity|t:E6:unit|"


def test_a_product_group_by_keys(tmp_path):
    path = _xlsx(tmp_path, {
        1: FORM, 2: _row(*HEAD),
        3: _row("单位产品综合能耗", "是否有适用国家强制性能源消耗限额标准的产品", None, "是", None, None, "按限额标准", None, Q_E6),
        4: _row("产品1名称", None, None, "电工用铜线坯", I=NAME1),
        5: _row("产品1计量单位", "如 吨、件、台", None, None, "吨", I=UNIT1),  # moved right: still the one value
        6: _row("产品1产品产量", None, "吨", 42000, 44500.5, None, I=OUT1),
        7: _row("产品1产品综合能耗", None, "万吨标准煤", 1.26, I=CONS1),
        8: _row("产品1单位产品综合能耗", "产品综合能耗、产品产量", "吨标准煤/吨", 30, 29, 28, I=INT1),
    })
    draft, report = import_xlsx(path)
    group = draft.products["E6"]
    assert group.applicable == "是"
    assert (group.items[0].name, group.items[0].unit) == ("电工用铜线坯", "吨")
    assert group.items[0].output == {"2022": "42000", "2023": "44500.5"}
    assert group.items[0].consumption == {"2022": "1.26"}
    assert group.consumption_unit == "万吨标准煤"
    assert draft.table["E6"].unit == "吨标准煤/产品单位"  # the item's unit is put back as 产品单位
    assert draft.table["E6"].note == "按限额标准"
    assert report.skipped == [] and report.doubtful == []
    assert [(cell, label) for cell, label, _ in report.taken] == [
        ("t:E6:note", "单位产品综合能耗 特殊情况说明"),
        ("p:E6:applicable", "单位产品综合能耗"),
        ("p:E6:0:name", "单位产品综合能耗 产品1名称"),
        ("p:E6:0:unit", "单位产品综合能耗 产品1计量单位"),
        ("p:E6:0:output:2022", "单位产品综合能耗 产品1产品产量 2022年"),
        ("p:E6:0:output:2023", "单位产品综合能耗 产品1产品产量 2023年"),
        ("p:E6:cunit", "单位产品综合能耗 产品1产品综合能耗 单位"),
        ("p:E6:0:consumption:2022", "单位产品综合能耗 产品1产品综合能耗 2022年"),
        ("t:E6:unit", "单位产品综合能耗 产品1单位产品综合能耗 单位"),
    ]


def test_a_unit_without_a_slash_on_the_intensity_row_is_refused_as_typed(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD), 3: _row("产品1单位产品综合能耗", None, "千克标准煤", I=INT1)})
    draft, report = import_xlsx(path)
    assert report.skipped == [("第3行", "单位产品综合能耗 产品1单位产品综合能耗 单位「千克标准煤」",
                               "「单位产品综合能耗」的单位只能选择：千克标准煤/产品单位、吨标准煤/产品单位")]


def test_a_text_row_takes_the_value_under_the_years_first(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD),
                            3: _row("产品1名称", "参数列的字", None, None, "名称在E", "名称在F", I=NAME1),
                            4: _row("产品1计量单位", None, None, None, None, None, None, None, UNIT1, "表外")})
    draft, report = import_xlsx(path)
    assert draft.products["E6"].items[0].name == "名称在E"
    assert draft.products["E6"].items[0].unit == ""
    assert report.skipped == [
        ("第3行", "单位产品综合能耗 产品1名称 2024年「名称在F」", "同一行有多个值，只取第一个，未导入"),
        ("第4行", "单位产品综合能耗 产品1计量单位 第10列「表外」", "同一行有多个值，只取第一个，未导入"),
    ]


def test_product_rows_found_by_label_under_their_question(tmp_path, d2025):
    """The keys deleted: 产品1名称 exists under 单位产品综合能耗 and under 单位产品取水量; the question
    row above says which."""
    path = _xlsx(tmp_path, {
        1: _row(*HEAD[:8]),
        2: _row("产品1名称", None, None, "无处可放"),
        3: _row("单位产品综合能耗", None, None, "是"),
        4: _row("产品1名称", None, None, "铜线坯"),
        5: _row("产品1产品产量", None, "吨", 5),
        6: _row("单位产品取水量", None, None, "是"),
        7: _row("产品1名称", None, None, "铝杆"),
    })
    draft, report = import_xlsx(path, d2025)
    assert draft.products["E6"].items[0].name == "铜线坯"
    assert draft.products["E6"].items[0].output == {"2022": "5"}
    assert draft.products["W3"].items[0].name == "铝杆"
    assert report.skipped == [("第2行", "产品1名称 2022年「无处可放」",
                               "同名的行不止一处，无法确定属于哪一项（隐藏的行标识已被删除），未导入")]


def test_a_note_on_a_row_that_has_none_is_listed_not_dropped(tmp_path):
    """产品1产品产量 and 产品1名称 have no 特殊情况说明: a text typed there is named, not lost."""
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD),
                            3: _row("产品1名称", None, None, "铜线坯", None, None, "名称的说明", I=NAME1),
                            4: _row("产品1产品产量", None, "吨", 5, None, None, "产量的说明", I=OUT1)})
    draft, report = import_xlsx(path)
    assert draft.products["E6"].items[0].name == "铜线坯"
    assert draft.products["E6"].items[0].output == {"2022": "5"}
    assert report.skipped == [
        ("第3行", "单位产品综合能耗 产品1名称 特殊情况说明「名称的说明」", "这一行没有特殊情况说明，未导入"),
        ("第4行", "单位产品综合能耗 产品1产品产量 特殊情况说明「产量的说明」", "这一行没有特殊情况说明，未导入"),
    ]


# ---------------------------------------------------------------- numbers, as a year cell of 工业总产值

NUMBERS = [
    # (what, the cell as written into sheet1.xml, value read or None, why it is not taken or None)
    ("integer", '<v>86520</v>', "86520", None),
    ("decimal", '<v>2.5</v>', "2.5", None),
    ("a whole float", '<v>2500.0</v>', "2500", None),
    ("scientific notation", '<v>1.5E3</v>', "1500", None),
    ("tiny, written out", '<v>1e-07</v>', "0.0000001", None),
    ("the 15 digits Excel keeps", '<v>0.30000000000000004</v>', "0.3", None),
    ("0.00 shows two decimals", '<v>1.5</v>', "1.50", None, "0.00"),
    ("0.000 on an integer", '<v>7</v>', "7.000", None, "0.000"),
    ("0.00 hides a third decimal, which is kept", '<v>2.345</v>', "2.345", None, "0.00"),
    ("35.2% typed in Excel is stored as 0.352", '<v>0.352</v>', "35.2", None, "0.0%"),
    ("0% on a whole percentage", '<v>0.35</v>', "35", None, "0%"),
    ("0.00% pads as it shows", '<v>0.5</v>', "50.00", None, "0.00%"),
    ('a quoted "%" is text, not a percentage', '<v>35.2</v>', "35.2", None, '0.0"%"'),
    ("an escaped \\% is text too", '<v>35.2</v>', "35.2", None, "0.0\\%"),
    ("#,##0.00 is not a plain decimals format", '<v>1.5</v>', "1.5", None, "#,##0.00"),
    ("a format without decimals", '<v>1.5</v>', "1.5", None, "0"),
    ("text with blanks and thousands separators", 't="inlineStr"><is><t> 1,234 </t></is>', "1234", None),
    ("16 integer digits", '<v>1E16</v>', None, "「10000000000000000」无法填写：数值过大（整数部分 17 位，最多 15 位）。"),
    ("15 integer digits and 0.00: as it is", '<v>1000000000000000</v>', None,
     "「1000000000000000」无法填写：数值过大（整数部分 16 位，最多 15 位）。", "0.00"),
    ("more decimals than a format can take", '<v>123456789012345</v>', None, "数值无效，未导入", "0.0000000000000000"),
    ("infinity", '<v>inf</v>', None, "数值无效，未导入"),
    ("not a number", '<v>nan</v>', None, "数值无效，未导入"),
    ("text", 't="inlineStr"><is><t>很多</t></is>', None, "「很多」不是有效的数字，请只填写数字（可带小数点）"),
    ("TRUE", 't="b"><v>1</v>', None, "是日期或是/否，不是数字，未导入"),
    ("a date", '<v>45322</v>', None, "是日期或是/否，不是数字，未导入", "yyyy-mm-dd"),
    ("an ISO date", 't="d"><v>2024-01-31</v>', None, "是日期或是/否，不是数字，未导入"),
    ("an error", 't="e"><v>#DIV/0!</v>', None, "单元格是错误值 #DIV/0!，未导入"),
    ("a formula without its result", '<f>D3*2</f>', None, "公式没有计算结果，未导入"),
]


@pytest.mark.parametrize("case", NUMBERS, ids=[c[0] for c in NUMBERS])
def test_a_number_cell_reads_as_excel_shows_it(tmp_path, case):
    what, xml, value, why, *fmt = case
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD), 3: _row("工业总产值", None, "万元", None, "X", I=E0)},
                 formats={"E3": fmt[0]} if fmt else None)
    style = ' s="1"' if fmt else ""
    path = _patch(path, f'<c r="E3"{style} t="inlineStr"><is><t>X</t></is></c>',
                  f'<c r="E3"{style} {xml}</c>' if xml.startswith("t=") else f'<c r="E3"{style}>{xml}</c>')
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values.get("2023") == value
    if why is None:
        assert report.skipped == []
        assert report.taken == [("t:E0:2023", "工业总产值 2023年", value)]
    else:
        assert len(report.skipped) == 1
        where, label, reason = report.skipped[0]
        assert (where, reason) == ("第3行", why)
        assert label.startswith("工业总产值 2023年")


def test_what_a_number_refused_echoes(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD), 3: _row("工业总产值", None, "万元", True, "很多", None, I=E0)})
    _, report = import_xlsx(path)
    assert report.skipped == [("第3行", "工业总产值 2022年「是」", "是日期或是/否，不是数字，未导入"),
                              ("第3行", "工业总产值 2023年「很多」", "「很多」不是有效的数字，请只填写数字（可带小数点）")]


# ---------------------------------------------------------------- into the draft


def test_a_formula_result_is_taken_and_flagged(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD), 3: _row("工业总产值", None, "万元", "X", I=E0)})
    path = _patch(path, '<c r="D3" t="inlineStr"><is><t>X</t></is></c>', '<c r="D3"><f>1+4</f><v>5</v></c>')
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "5"}
    assert report.doubtful == [("第3行", "工业总产值 2022年", "由公式计算（取其结果 5），请核对")]


def test_a_row_twice_keeps_the_first_and_says_where_they_differ(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD),
                            3: _row("工业总产值", None, "万元", 1, 2, None, "说明", I=E0),
                            4: _row("工业总产值", None, "万元", 1, 3, 4, " 说明 ", I=E0)})
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "1", "2023": "2", "2024": "4"}
    assert draft.table["E0"].note == "说明"
    assert report.skipped == [("第4行", "工业总产值 2023年「3」", "与第3行的「2」不同，取第3行的值，未导入")]


def test_what_cleaning_changed_is_to_be_checked(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD), 3: _row("* 工厂名称", None, None, "绿源\t电缆", I="field|factory_name")})
    draft, report = import_xlsx(path)
    assert draft.fields["factory_name"] == "绿源 电缆"
    assert report.doubtful == [("第3行", "工厂名称", "制表符已改为空格")]


def test_into_a_base_draft_blank_cells_keep_their_values_and_the_base_is_not_changed(tmp_path, sample2025):
    sample2025.state = "final"
    before = sample2025.model_dump()
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD), 3: _row("工业总产值", None, "万元", None, 1, None, I=E0)})
    draft, report = import_xlsx(path, base=sample2025)
    assert draft.table["E0"].values == {"2022": "86520", "2023": "1", "2024": "98760"}
    assert draft.fields == sample2025.fields
    assert draft.state == "draft"  # an imported table is a draft again, whatever the base was
    assert sample2025.model_dump() == before
    assert report.taken == [("t:E0:2023", "工业总产值 2023年", "1")]
    assert draft.log[-1].source == "imported" and len(draft.log) == len(sample2025.log) + 1


def test_notes_of_the_reader_are_to_be_checked(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD), 3: _row("工业总产值", None, "万元", 1, I=E0), 4: {60: "远处"}})
    _, report = import_xlsx(path)
    assert report.doubtful == [("", "", "有 1 个单元格在第 50 列之后，不在表格范围内，未读取")]


# ---------------------------------------------------------------- the park table: a quantity and 是/否 rows

PARK = {9: "form|green-park-2025|2025.1"}
AREA = "quantity|approved_area"
IG1 = "qualitative|t:IG1||t:IG1:note"  # 污水集中处理设施, 是/否 per year

QUANTITIES = [
    # (what, cells from D on, area, unit stored, not taken)
    ("number and unit", [12.6, "平方公里"], "12.6", "平方公里", []),
    ("unit first, number after", ["平方公里", 3], "3", "平方公里", []),
    ("the default unit is not written", [5, "公顷"], "5", None, []),
    ("number alone", [5], "5", None, []),
    ("unit alone", ["平方公里"], None, "平方公里", []),
    ("two units: the last; the other listed", ["公顷", 7, "平方公里"], "7", "平方公里",
     [("第2行", "核准面积 第4列「公顷」", "不在表格的列中，未导入")]),
    ("two numbers: the first; the other listed", [7, 8, "公顷"], "7", None,
     [("第2行", "核准面积 第5列「8」", "不在表格的列中，未导入")]),
    ("a number shown with 2 decimals", [("1.5", "0.00"), "公顷"], "1.50", None, []),
    ("TRUE is not a number", [True, "公顷"], None, None, [("第2行", "核准面积「是」", "不是数字，未导入")]),
    ("text that is not a number", ["约十公顷"], None, None,
     [("第2行", "核准面积「约十公顷」", "「约十公顷」不是有效的数字，请只填写数字（可带小数点）")]),
]


@pytest.mark.parametrize(("cells", "area", "unit", "skipped"), [c[1:] for c in QUANTITIES],
                         ids=[c[0] for c in QUANTITIES])
def test_a_quantity_row_is_a_number_and_its_unit(tmp_path, cells, area, unit, skipped):
    row = {1: "* 核准面积", 9: AREA}
    formats = {}
    for i, v in enumerate(cells):
        if isinstance(v, tuple):
            v, formats[f"{chr(68 + i)}2"] = float(v[0]), v[1]
        row[4 + i] = v
    path = _xlsx(tmp_path, {1: PARK, 2: row, 3: _row(*HEAD)}, formats=formats)
    draft, report = import_xlsx(path)
    assert (draft.fields.get("approved_area"), draft.fields.get("approved_area.unit")) == (area, unit)
    assert report.skipped == skipped
    assert report.doubtful == []


def test_the_default_unit_is_written_over_another_unit_of_the_base(tmp_path):
    from greendesk.document import open_draft
    from tests.conftest import SAMPLES

    base = open_draft(SAMPLES / "green-park-2025.json").draft
    assert base.fields["approved_area.unit"] == "平方公里"
    path = _xlsx(tmp_path, {1: PARK, 2: {1: "* 核准面积", 4: 1200, 5: "公顷", 9: AREA}, 3: _row(*HEAD)})
    draft, report = import_xlsx(path, base=base)
    assert (draft.fields["approved_area"], draft.fields["approved_area.unit"]) == ("1200", "公顷")
    assert report.taken == [("f:approved_area", "核准面积", "1200"), ("f:approved_area.unit", "核准面积 单位", "公顷")]


def test_yes_no_rows_per_year(tmp_path):
    path = _xlsx(tmp_path, {1: PARK, 2: _row(*HEAD),
                            3: _row("*污水集中处理设施", "是/否", None, " 是 ", "否", "也许", "依托邻区", None, IG1)})
    draft, report = import_xlsx(path)
    assert draft.table["IG1"].values == {"2022": "是", "2023": "否"}
    assert draft.table["IG1"].note == "依托邻区"
    # the row's name in the definition carries the platform's asterisk
    assert report.skipped == [("第3行", "*污水集中处理设施 2024年「也许」", "「*污水集中处理设施」请选择“是”或“否”")]


# ---------------------------------------------------------------- odd corners users make


def test_a_full_lists_sheet_is_read_for_its_first_three_cells_only_and_says_nothing(tmp_path):
    lists = {**GREENDESK_2024, 4: {1: "是", 2: "否"}, 5: {1: "吨标准煤", 3: "万吨标准煤"}}
    path = _xlsx(tmp_path, {1: _row("指标名称", None, "单位", "2021年指标值", "2022年指标值", "2023年指标值"),
                            2: _row("工业总产值", None, "万元", 1, I=E0)}, sheets={"_lists": lists})
    draft, report = import_xlsx(path)
    assert report.form_id == "green-factory-2024"
    assert draft.table["E0"].values == {"2021": "1"}
    assert report.doubtful == []


def test_a_16_digit_number_in_a_text_field_keeps_the_float_excel_stored(tmp_path):
    """Excel keeps 15 digits: a whole number up to 999999999999999 is written as an integer,
    a larger one is a float and stays written as one."""
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD),
                            3: _row("* 工厂主要产品", None, None, 999999999999999, I="field|main_products"),
                            4: _row("* 填报信息联系人", None, None, 1000000000000000, I="field|contact_name")})
    draft, _ = import_xlsx(path)
    assert draft.fields["main_products"] == "999999999999999"
    assert draft.fields["contact_name"] == "1000000000000000.0"


def test_no_header_the_unit_column_is_where_most_units_are(tmp_path):
    """产品1计量单位 holds 吨 in D on the first row; the unit column is still C, where most units are."""
    path = _xlsx(tmp_path, {1: FORM,
                            2: _row("产品1计量单位", None, None, "吨", I=UNIT1),
                            3: _row("工业总产值", None, "万元", 1, 2, 3, I=E0),
                            4: _row("综合能源消费量合计", None, "吨标准煤", 4, I=E1),
                            5: _row("一般工业固体废物产生量", None, "吨", 5, I="parameter|t:S1||t:S1:note")})
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "1", "2023": "2", "2024": "3"}
    assert draft.products["E6"].items[0].unit == "吨"
    assert draft.table["S1"].values == {"2022": "5"}


def test_no_header_a_unit_in_the_label_column_is_no_unit_column(tmp_path):
    path = _xlsx(tmp_path, {1: FORM,
                            2: _row("万元"), 3: _row("万元"),
                            4: _row("工业总产值", None, "万元", 1, 2, 3, I=E0)})
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "1", "2023": "2", "2024": "3"}


def test_a_text_typed_into_the_hidden_key_column_leaves_the_row_found_by_its_label(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row(*HEAD), 3: _row("工业总产值", None, "万元", 1, I=E0),
                            4: _row("综合能源消费量合计", None, "吨标准煤", 4, I="见附件")})
    draft, report = import_xlsx(path)
    assert draft.table["E1"].values == {"2022": "4"}
    assert report.skipped == []


def test_the_key_column_is_where_most_keys_are(tmp_path):
    """The form key moved to C on the first row; the rows' keys (in I) still name them."""
    path = _xlsx(tmp_path, {1: {3: "form|green-factory-2025|2"}, 2: _row(*HEAD),
                            3: _row(None, None, "万元", 1, I=E0), 4: _row(None, None, "吨标准煤", 4, I=E1)})
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "1"} and draft.table["E1"].values == {"2022": "4"}
    assert report.skipped == []


def test_values_typed_on_title_rows_are_listed(tmp_path):
    """Part, section and group titles hold no values: what is typed beside them is named, not dropped."""
    path = _xlsx(tmp_path, {1: _row("绿色工厂动态管理表", I="form|green-factory-2025|2"),
                            2: _row("一、基本信息", None, None, "甲", I="part|part1"),
                            3: _row(*HEAD),
                            4: _row("1、能源低碳化", None, None, None, "乙", I="section|S_ENERGY"),
                            5: _row("能源消费情况", None, None, None, None, None, "丙", I="group|G_ENERGY"),
                            6: _row("工业总产值", None, "万元", 1, I=E0)})
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "1"}
    assert report.skipped == [
        ("第2行", "一、基本信息 2022年「甲」", "是标题行，不填写数值，未导入"),
        ("第4行", "1、能源低碳化 2023年「乙」", "是标题行，不填写数值，未导入"),
        ("第5行", "能源消费情况 特殊情况说明「丙」", "是标题行，不填写数值，未导入"),
    ]

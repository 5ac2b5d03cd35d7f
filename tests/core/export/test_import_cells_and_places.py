"""模板导入 of what a cell holds beyond a plain value, row kind by row kind: inner blanks of a text,
an industry code typed with another kind of space, formulas (taken and flagged) and error values
(refused) on field, quantity and address rows, an address whose parts disagree between two rows,
an address key the form does not have, and the 参数 column of a table without its header row.
Each case states the draft's cells and the report's lines, written literally (the same small
workbooks as test_xlsx_import_rows.py: label in A, years D–F, the hidden key in I)."""

from __future__ import annotations

from greendesk.export import import_xlsx
from tests.core.export.test_xlsx_import_rows import AREA, FORM, HEAD, PARK, _patch, _row, _xlsx

UNKNOWN = "省/市/区县名称无法识别，请在程序中重新选择"


def _cell_xml(ref: str, text: str) -> str:
    """How openpyxl writes a text cell in these workbooks (inline string)."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


# ---------------------------------------------------------------- field rows


def test_a_text_field_keeps_its_inner_blanks(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row("* 工厂名称", None, None, "绿源 电缆 有限公司", I="field|factory_name"),
                            3: _row(*HEAD)})
    draft, report = import_xlsx(path)
    assert draft.fields == {"factory_name": "绿源 电缆 有限公司"}
    assert report.skipped == [] and report.doubtful == []


def test_an_industry_typed_with_another_kind_of_space_gives_its_code(tmp_path):
    """A no-break space (pasted from a web page) or a full-width space between code and name."""
    path = _xlsx(tmp_path, {1: FORM, 2: _row("* 主营行业1", None, None, "C3831\u00a0电线、电缆制造", I="field|industry1"),
                            3: _row("* 主营行业2", None, None, "C3240\u3000有色金属合金制造", I="field|industry2"),
                            4: _row("* 主营行业3", None, None, "  ", I="field|industry3"),
                            5: _row(*HEAD)})
    draft, report = import_xlsx(path)
    assert draft.fields == {"industry1": "3831", "industry2": "3240"}
    assert report.skipped == [] and report.doubtful == []


def test_a_field_from_a_formula_is_flagged_and_an_error_value_refused(tmp_path):
    path = _xlsx(tmp_path, {1: FORM, 2: _row("* 工厂名称", None, None, "X", I="field|factory_name"),
                            3: _row("* 主要产品", None, None, "Y", I="field|main_products"),
                            4: _row(*HEAD)})
    path = _patch(path, _cell_xml("D2", "X"), '<c r="D2" t="str"><f>"绿源"&amp;"电缆"</f><v>绿源电缆</v></c>')
    path = _patch(path, _cell_xml("D3", "Y"), '<c r="D3" t="e"><f>VLOOKUP(A1,B:C,2)</f><v>#N/A</v></c>')
    draft, report = import_xlsx(path)
    assert draft.fields == {"factory_name": "绿源电缆"}
    assert report.doubtful == [("第2行", "工厂名称", "由公式计算（取其结果 绿源电缆），请核对")]
    assert report.skipped == [("第3行", "工厂主要产品", "单元格是错误值 #N/A，未导入")]


# ---------------------------------------------------------------- the park's 核准面积 (a number and its unit)


def test_a_quantity_and_its_unit_from_formulas_are_flagged(tmp_path):
    path = _xlsx(tmp_path, {1: PARK, 2: {1: "* 核准面积", 4: "N", 5: "U", 9: AREA}, 3: _row(*HEAD)})
    path = _patch(path, _cell_xml("D2", "N"), '<c r="D2"><f>10+2.6</f><v>12.6</v></c>')
    path = _patch(path, _cell_xml("E2", "U"), '<c r="E2" t="str"><f>"平方"&amp;"公里"</f><v>平方公里</v></c>')
    draft, report = import_xlsx(path)
    assert (draft.fields["approved_area"], draft.fields["approved_area.unit"]) == ("12.6", "平方公里")
    assert report.doubtful == [("第2行", "核准面积", "由公式计算（取其结果 12.6），请核对"),
                               ("第2行", "核准面积 单位", "由公式计算（取其结果 平方公里），请核对")]
    assert report.skipped == []


def test_a_quantity_that_is_an_error_value_is_refused(tmp_path):
    path = _xlsx(tmp_path, {1: PARK, 2: {1: "* 核准面积", 4: "N", 5: "公顷", 9: AREA}, 3: _row(*HEAD)})
    path = _patch(path, _cell_xml("D2", "N"), '<c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    draft, report = import_xlsx(path)
    assert "approved_area" not in draft.fields
    assert report.skipped == [("第2行", "核准面积", "单元格是错误值 #DIV/0!，未导入")]


# ---------------------------------------------------------------- the address row


def _address(tmp_path, *rows: list[str], key="region|address"):
    sheet = {1: FORM, 2: _row(*HEAD)}
    for i, cells in enumerate(rows, 3):
        sheet[i] = {1: "* 工厂地址", 9: key, **{4 + j: v for j, v in enumerate(cells)}}
    return import_xlsx(_xlsx(tmp_path, sheet))


def test_a_province_and_a_street_without_the_city_are_to_be_checked(tmp_path):
    draft, report = _address(tmp_path, ["广东省", "示范路8号"])
    assert (draft.fields["address.province"], draft.fields["address.detail"]) == ("44", "示范路8号")
    assert "address.city" not in draft.fields
    assert report.doubtful == [("第3行", "广东省 示范路8号", UNKNOWN)]
    assert report.skipped == []


def test_a_known_province_with_three_unknown_names_names_the_first_three(tmp_path):
    draft, report = _address(tmp_path, ["广东省", "甲地", "乙地", "示范路8号"])
    assert report.doubtful == [("第3行", "广东省 甲地 乙地", UNKNOWN)]
    assert report.skipped == [("第3行", "* 工厂地址「甲地」", "无法确定是地址的哪一部分，未导入"),
                              ("第3行", "* 工厂地址「乙地」", "无法确定是地址的哪一部分，未导入")]
    assert draft.fields == {"address.province": "44", "address.detail": "示范路8号"}


def test_an_address_given_twice_keeps_the_first_and_names_each_part_that_differs(tmp_path):
    draft, report = _address(tmp_path, ["广东省", "广州市", "南沙区", "示范路8号"],
                             ["江苏省", "苏州市", "昆山市", "前进路9号"])
    assert draft.fields == {"address.province": "44", "address.city": "4401", "address.county": "440115",
                            "address.detail": "示范路8号"}
    assert report.skipped == [
        ("第4行", "工厂地址（省）「32」", "与第3行的「44」不同，取第3行的值，未导入"),
        ("第4行", "工厂地址（市）「3205」", "与第3行的「4401」不同，取第3行的值，未导入"),
        ("第4行", "工厂地址（区县）「320583」", "与第3行的「440115」不同，取第3行的值，未导入"),
        ("第4行", "工厂地址（详细地址）「前进路9号」", "与第3行的「示范路8号」不同，取第3行的值，未导入"),
    ]


def test_an_address_key_the_form_does_not_have_names_each_part(tmp_path):
    draft, report = _address(tmp_path, ["广东省", "示范路8号"], key="region|old_address")
    assert draft.fields == {}
    assert report.skipped == [("第3行", "地址（省）「44」", "表单中没有字段「old_address」"),
                              ("第3行", "地址（详细地址）「示范路8号」", "表单中没有字段「old_address」")]


# ---------------------------------------------------------------- no header row


def test_no_header_the_parameters_column_left_of_the_units_is_not_listed(tmp_path):
    """The header deleted, units in C: B is 指标涉及的参数, GreenDesk's own text, never a value."""
    path = _xlsx(tmp_path, {1: FORM,
                            2: _row("工业总产值", None, "万元", 100, I="parameter|t:E0||t:E0:note"),
                            3: _row("单位产值综合能耗", "综合能源消费量合计、工业总产值", "吨标准煤/万元", 0.04,
                                    I="indicator|t:E4|t:E4:unit|")})
    draft, report = import_xlsx(path)
    assert draft.table["E0"].values == {"2022": "100"}
    assert draft.table["E4"].unit == "吨标准煤/万元"
    assert report.skipped == []

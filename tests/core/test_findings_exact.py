"""Every finding word for word: code, severity, cell, part, row, year, the rows whose 特殊情况说明
acknowledge it, title, message and detail — and the whole report in the order the user reads it.

The texts are written out literally from the catalogue's templates (domain.md §6) with the values a
user typed, not rendered by greendesk.messages; a changed word, value, unit, cell or order fails here.
Each case starts from a shipped sample draft (no findings) and changes a few cells.
"""

from __future__ import annotations

import pytest

from greendesk import forms
from greendesk.document import open_draft
from greendesk.rules import Finding, Report, acknowledgement_hint, note_cell_for, validate
from greendesk.session import EditSession
from tests.conftest import SAMPLES


def _report(form_id: str, edits: dict[str, str]) -> Report:
    definition = forms.get(form_id)
    draft = open_draft(SAMPLES / f"{form_id}.json").draft
    EditSession(definition, draft).apply(list(edits.items()), normalized=True)
    return validate(definition, draft)


def _rows(report: Report) -> list[tuple]:
    """(code, severity, cell, part, title, message, detail, row, year, rows, acknowledged) a finding."""
    return [(f.code, f.severity, f.cell, f.part, f.title, f.message, f.detail, f.row, f.year, f.rows,
             f.acknowledged) for f in report.findings]


def test_every_shipped_sample_is_clean():
    for form_id in ("green-factory-2025", "green-park-2025", "green-supply-chain-2025"):
        assert _report(form_id, {}).findings == [], form_id


# ---------------------------------------------------------------- the report and its findings

def _finding(code: str, severity: str, cell: str, part: str = "part3", detail: str = "",
             row: str | None = None) -> Finding:
    return Finding(code=code, severity=severity, cell=cell, part=part, title="T", message="M",
                   detail=detail, row=row)


def test_finding_text_puts_the_detail_in_full_width_brackets():
    assert _finding("V9", "warning", "t:W1:2024", detail="取水量 2024年").text == "M（取水量 2024年）"
    assert _finding("V1", "error", "f:uscc").text == "M"


def test_only_errors_block():
    assert _finding("V5", "error", "t:E3:2024").blocking is True
    assert _finding("V9", "warning", "t:W1:2024").blocking is False
    assert _finding("V17", "info", "t:L6:2024").blocking is False


def test_report_sorts_its_findings_into_errors_warnings_hints_cells_and_parts():
    e1 = _finding("V1", "error", "f:uscc", part="part1")
    e2 = _finding("V5", "error", "t:E3:2024")
    w1 = _finding("V9", "warning", "t:W1:2024", row="W1")
    w2 = _finding("V11", "warning", "t:W1:2024", row="W1")
    i1 = _finding("V17", "info", "t:L6:2024")
    report = Report([e1, w1, e2, i1, w2])
    assert report.errors == [e1, e2]
    assert report.warnings == [w1, w2]
    assert report.infos == [i1]
    assert report.ok is False
    assert report.summary() == "2 个错误，2 个警告"
    assert report.for_cell("t:W1:2024") == [w1, w2]
    assert report.for_cell("t:W1:2023") == []
    assert report.by_part() == {"part1": [e1], "part3": [w1, e2, i1, w2]}
    assert list(report.by_part()) == ["part1", "part3"]
    quiet = Report([w1, i1])
    assert quiet.ok is True and quiet.summary() == "0 个错误，1 个警告"
    assert Report().summary() == "0 个错误，0 个警告" and Report().ok


def test_where_a_warning_is_acknowledged():
    assert note_cell_for(_finding("V9", "warning", "t:W1:2024", row="W1")) == "t:W1:note"
    assert note_cell_for(_finding("V20", "warning", "f:contact_phone")) is None
    assert acknowledgement_hint() == "如数据无误，请在该行“特殊情况说明”中填写说明。"


# ---------------------------------------------------------------- 定性指标 (supply chain, park)

SC = "green-supply-chain-2025"
_QUAL_NOTE = "，请在该行“特殊情况说明”栏中写明具体做法（制度、文件名称等）。"


def test_qualitative_blank_answer_and_yes_without_its_note():
    report = _report(SC, {"t:X11:2023": "", "t:X12:note": "", "t:X51:note": "  "})
    assert _rows(report) == [
        ("V1", "error", "t:X11:2023", "part3", "必填项未填写", "「纳入公司发展规划」2023年未选择“是”或“否”。", "",
         "X11", 2023, ("X11",), False),
        ("V19", "error", "t:X12:note", "part3", "条件必填项未填写",
         "「制定绿色供应链管理目标」2022年、2023年、2024年选择了“是”" + _QUAL_NOTE, "", "X12", 2022, ("X12",), False),
        ("V19", "error", "t:X51:note", "part3", "条件必填项未填写",
         "「绿色供应链管理信息平台完善」2023年、2024年选择了“是”" + _QUAL_NOTE, "", "X51", 2023, ("X51",), False),
    ]


@pytest.mark.parametrize(("answers", "note", "expect"), [
    (("否", "否", "否"), "", None),                       # no “是”: no 说明 needed
    (("否", "否", "是"), "", ("2024年", 2024)),           # only the report year
    (("是", "否", "否"), "", ("2022年", 2022)),           # only the first year
    (("是", "否", "是"), "", ("2022年、2024年", 2022)),
    (("是", "是", "是"), "制度文件", None),               # the 说明 is there
    (("否", "否", "否"), "制度文件", None),
])
def test_qualitative_yes_needs_its_explanation(answers, note, expect):
    edits = {f"t:X13:{y}": a for y, a in zip((2022, 2023, 2024), answers, strict=True)} | {"t:X13:note": note}
    got = [(f.message, f.year) for f in _report(SC, edits).findings]
    if expect is None:
        assert got == []
    else:
        assert got == [(f"「设置专门管理机构」{expect[0]}选择了“是”" + _QUAL_NOTE, expect[1])]


def test_qualitative_every_blank_year_is_named():
    report = _report(SC, {"t:X21:2022": "", "t:X21:2023": "", "t:X21:2024": "", "t:X21:note": ""})
    assert [(f.code, f.cell, f.message) for f in report.findings] == [
        ("V1", f"t:X21:{y}", f"「绿色采购标准制度完善」{y}年未选择“是”或“否”。") for y in (2022, 2023, 2024)]


# ---------------------------------------------------------------- a quantity with its unit (park 核准面积)

PARK = "green-park-2025"


@pytest.mark.parametrize(("value", "unit", "expect"), [
    ("12.6", "平方公里", []),
    ("0", "公顷", []),
    ("0", "平方公里", []),
    ("12.6", "", []),  # no unit chosen yet: the first option (公顷) is meant
    ("-0.01", "平方公里", [("V2", "f:approved_area", "数值不合理", "「核准面积」为 -0.01平方公里，不能小于 0平方公里。")]),
    ("-0.01", "", [("V2", "f:approved_area", "数值不合理", "「核准面积」为 -0.01公顷，不能小于 0公顷。")]),
    ("-3", "公顷", [("V2", "f:approved_area", "数值不合理", "「核准面积」为 -3公顷，不能小于 0公顷。")]),
    ("约12", "公顷", [("V20", "f:approved_area", "格式错误", "「核准面积」应填写数字，现为「约12」。")]),
    ("12.6", "亩", [("V7", "f:approved_area.unit", "单位无效", "「核准面积」的单位「亩」不是本表可选的单位，请重新选择。")]),
    ("abc", "亩", [("V20", "f:approved_area", "格式错误", "「核准面积」应填写数字，现为「abc」。"),
                  ("V7", "f:approved_area.unit", "单位无效", "「核准面积」的单位「亩」不是本表可选的单位，请重新选择。")]),
    ("-1", "亩", [("V2", "f:approved_area", "数值不合理", "「核准面积」为 -1亩，不能小于 0亩。"),
                 ("V7", "f:approved_area.unit", "单位无效", "「核准面积」的单位「亩」不是本表可选的单位，请重新选择。")]),
])
def test_quantity_field_number_bound_and_unit(value, unit, expect):
    report = _report(PARK, {"f:approved_area": value, "f:approved_area.unit": unit})
    assert [(f.code, f.cell, f.title, f.message) for f in report.findings] == expect
    assert all((f.part, f.severity, f.row, f.year, f.rows) == ("part1", "error", None, None, ())
               for f in report.findings)



# ---------------------------------------------------------------- one case a line: edits → the findings of some codes

FACTORY = "green-factory-2025"
RANGE = ("数值超出范围警告", "该值超出常规范围，请核实数据准确性，如数据无误，请继续填报")
NH3N = ("氨氮产生量小于氨氮排放量或单位产值氨氮排放量数据超出常规范围，请核实相关数据"
        "（氨氮产生量、氨氮排放量、工业总产值）准确性，如数据无误，请继续填报。")
COD = ("化学需氧量产生量小于化学需氧量排放量或单位产值化学需氧量排放量数据超出常规范围，请核实相关数据"
       "（化学需氧量产生量、化学需氧量排放量、工业总产值）准确性，如数据无误，请继续填报。")
_FACT_NAME_101 = "厂" * 101

WORDS: list[tuple[str, str, dict[str, str], set[str], list[tuple]]] = [
    # ---- Parts 0–2: every field finding, in the order of the form (part, then field)
    ("fields of Parts 0–2", FACTORY, {
        "f:factory_name": "", "f:uscc": "91350100M000100Y4", "f:contact_mobile": "1380013800",
        "f:contact_phone": "12345", "f:contact_email": "li@example", "f:industry_type": "化工",
        "f:q1": "不知道", "f:industry2": "3831", "f:industry3": "9999", "f:address.city": "4403",
        "f:q7": "否", "f:former_name": ""}, {"V1", "V19", "V20", "V21"}, [
        ("V21", "warning", "f:industry2", "part0", "行业提示", "「主营行业2」与「主营行业1」相同。", "", None, None, (), False),
        ("V21", "error", "f:industry3", "part0", "行业代码无效", "「主营行业3」的代码「9999」不是GB/T 4754-2017的四位小类代码。", "", None, None, (), False),
        ("V1", "error", "f:factory_name", "part1", "必填项未填写", "「工厂名称」未填写。", "", None, None, (), False),
        ("V20", "error", "f:uscc", "part1", "格式错误", "统一社会信用代码「91350100M000100Y4」无效：应为18位。", "", None, None, (), False),
        ("V20", "error", "f:address.province", "part1", "格式错误", "工厂地址的省/市/区县选择不完整或不匹配，请重新选择。", "", None, None, (), False),
        ("V20", "error", "f:industry_type", "part1", "选项无效", "「工厂所属行业」的值「化工」不是可选项。", "", None, None, (), False),
        ("V20", "warning", "f:contact_phone", "part1", "格式提示", "联系人电话「12345」格式不正确，应为“区号-号码”，如 020-12345678。", "", None, None, (), False),
        ("V20", "warning", "f:contact_email", "part1", "格式提示", "电子邮件地址「li@example」格式不正确。", "", None, None, (), False),
        ("V20", "error", "f:contact_mobile", "part1", "格式错误", "联系人手机号「1380013800」应为11位手机号码（以1开头）。", "", None, None, (), False),
        ("V20", "error", "f:q1", "part2", "选项无效", "「1.未正常经营生产的（工商注销、连续停…」的值「不知道」不是可选项。", "", None, None, (), False),
        ("V19", "error", "f:former_name", "part2", "条件必填项未填写",
         "「变更前的工厂名称（与本页上方下载绿色工…」未填写：「7.企业名称与绿色工厂名单是否一致（国…」选择了“否”。", "", None, None, (), False),
    ]),
    ("USCC bad character", FACTORY, {"f:uscc": "91350100M000100Y4O"}, {"V20"}, [
        ("V20", "error", "f:uscc", "part1", "格式错误",
         "统一社会信用代码「91350100M000100Y4O」无效：含有不允许的字符（不使用I、O、S、V、Z）或格式不对。", "", None, None, (), False)]),
    ("USCC check character", FACTORY, {"f:uscc": "91350200M000000510"}, {"V20"}, [
        ("V20", "error", "f:uscc", "part1", "格式错误", "统一社会信用代码「91350200M000000510」无效：校验码不正确。", "", None, None, (), False)]),
    ("USCC of a 社会团体 for a factory", FACTORY, {"f:uscc": "51610700305332460K"}, {"V20"}, [
        ("V20", "warning", "f:uscc", "part1", "格式提示", "统一社会信用代码「51610700305332460K」不是以“91”开头的代码，请核实。", "", None, None, (), False)]),
    ("USCC of a 社会团体 for a park", PARK, {"f:uscc": "51610700305332460K"}, {"V20"}, [
        ("V20", "warning", "f:uscc", "part1", "格式提示",
         "统一社会信用代码「51610700305332460K」不是以“11”、“12”、“91”开头的代码，请核实。", "", None, None, (), False)]),
    ("USCC of a 机关 for a park", PARK, {"f:uscc": "112302070019030687"}, {"V20"}, []),
    ("USCC of a 事业单位 for a park", PARK, {"f:uscc": "12100000400010398P"}, {"V20"}, []),
    ("address all blank", FACTORY, {"f:address.province": "", "f:address.city": "", "f:address.county": "",
                                    "f:address.detail": ""}, {"V1", "V20"}, [
        ("V1", "error", "f:address.province", "part1", "必填项未填写", "「工厂地址」未填写。", "", None, None, (), False)]),
    ("address without its detail", FACTORY, {"f:address.detail": ""}, {"V1", "V20"}, [
        ("V1", "error", "f:address.detail", "part1", "必填项未填写", "「工厂地址（详细地址）」未填写。", "", None, None, (), False)]),
    ("address detail only", FACTORY, {"f:address.province": "", "f:address.city": "", "f:address.county": ""},
     {"V1", "V20"}, [
        ("V20", "error", "f:address.province", "part1", "格式错误", "工厂地址的省/市/区县选择不完整或不匹配，请重新选择。", "", None, None, (), False)]),
    ("industry outside 制造业", FACTORY, {"f:industry1": "4411"}, {"V21"}, [
        ("V21", "warning", "f:industry1", "part0", "行业提示",
         "「主营行业1」D4411 火力发电不属于制造业（C门类13–43大类），请核实；特殊情况请在主营行业的特殊情况说明中注明。", "", None, None, (), False)]),
    ("industry 中类", FACTORY, {"f:industry1": "383"}, {"V21"}, [
        ("V21", "error", "f:industry1", "part0", "行业代码无效", "「主营行业1」的代码「383」不是GB/T 4754-2017的四位小类代码。", "", None, None, (), False)]),
    ("three industries, the third repeats the first", FACTORY, {"f:industry3": "3831"}, {"V21"}, [
        ("V21", "warning", "f:industry3", "part0", "行业提示", "「主营行业3」与「主营行业1」相同。", "", None, None, (), False)]),
    ("text too long", FACTORY, {"f:factory_name": _FACT_NAME_101}, {"V20"}, [
        ("V20", "error", "f:factory_name", "part1", "内容过长", "「工厂名称」最多 100 个字符，现有 101 个。", "", None, None, (), False)]),
    ("unprintable characters", FACTORY, {"f:highlights": "光伏\ue000发电", "t:W1:note": "说明\x07",
                                         "f:address.detail": "路\u200b8号"}, {"V23"}, [
        ("V23", "error", "f:address.detail", "part1", "无法打印的字符",
         "「工厂地址（详细地址）」含有签字版PDF无法如实打印的字符：U+200B（零宽空格）：不可见的格式控制字符，打印件上无法体现。"
         "请删除或改用其他写法后再导出签字版。", "", None, None, (), False),
        ("V23", "error", "t:W1:note", "part3", "无法打印的字符",
         "「取水量」的特殊情况说明含有签字版PDF无法如实打印的字符：U+0007（不可见）：控制字符，无法打印。"
         "请删除或改用其他写法后再导出签字版。", "", "W1", None, ("W1",), False),
        ("V23", "error", "f:highlights", "part4", "无法打印的字符",
         "「亮点工作」含有签字版PDF无法如实打印的字符：U+E000（不可见）：私用区字符，各电脑显示不同，无法打印。"
         "请删除或改用其他写法后再导出签字版。", "", None, None, (), False),
    ]),
    # ---- Part 3: blanks, bounds, units
    ("a word in a number cell, a negative and a percentage over 100", FACTORY, {
        "t:W1:2024": "abc", "t:P8:2024": "abc", "t:W1:2023": "-5", "t:P8:2022": "120"}, {"V1", "V2"}, [
        ("V2", "error", "t:W1:2023", "part3", "数值不合理", "「取水量」2023年为 -5立方米，不能小于 0立方米。", "", "W1", 2023, ("W1",), False),
        ("V1", "error", "t:W1:2024", "part3", "必填项未填写", "「取水量」2024年未填写。不涉及的请填0，并在特殊情况说明中注明。", "", "W1", 2024, ("W1",), False),
        # W5 = W3 / (W1 + W3): the negative 取水量 pushes it to 100.00 %
        ("V2", "error", "t:W5:2023", "part3", "数值不合理", "「工业用水重复利用率」2023年为 100.00%，不能大于 100%。", "", "W5", 2023, ("W5",), False),
        ("V2", "error", "t:P8:2022", "part3", "数值不合理",
         "「废气/废水主要污染物年均排放浓度优于许可排放浓度限值的最低比例」2022年为 120%，不能大于 100%。", "", "P8", 2022, ("P8",), False),
        ("V1", "error", "t:P8:2024", "part3", "必填项未填写",
         "「废气/废水主要污染物年均排放浓度优于许可排放浓度限值的最低比例」2024年未填写。不涉及的请填0，并在特殊情况说明中注明。", "", "P8", 2024, ("P8",), False),
    ]),
    ("a negative in the unit the user chose", FACTORY, {"t:W1:unit": "万立方米", "t:W1:2022": "-0.5",
                                                        "t:W1:2023": "12", "t:W1:2024": "12"}, {"V2"}, [
        ("V2", "error", "t:W1:2022", "part3", "数值不合理", "「取水量」2022年为 -0.5万立方米，不能小于 0万立方米。", "", "W1", 2022, ("W1",), False),
        ("V2", "error", "t:W5:2022", "part3", "数值不合理", "「工业用水重复利用率」2022年为 100.27%，不能大于 100%。", "", "W5", 2022, ("W5",), False),
    ]),
    ("a unit that is not in the dropdown", FACTORY, {"t:E1:unit": "吨"}, {"V7"}, [
        ("V7", "error", "t:E1:unit", "part3", "单位无效", "「综合能源消费量合计」的单位「吨」不是本表可选的单位，请重新选择。", "", "E1", None, ("E1",), False),
        ("V7", "error", "t:E2:unit", "part3", "单位不一致",
         "「综合能源消费量合计、实际消耗的各种能源实物量合计」应选择相同的单位，现为：吨 / 吨标准煤。", "", "E2", None, ("E1", "E2"), False),
    ]),
    ("E1 and E2 in different units", FACTORY, {"t:E1:unit": "万吨标准煤", "t:E2:unit": "吨标准煤"}, {"V7"}, [
        ("V7", "error", "t:E2:unit", "part3", "单位不一致",
         "「综合能源消费量合计、实际消耗的各种能源实物量合计」应选择相同的单位，现为：万吨标准煤 / 吨标准煤。", "", "E2", None, ("E1", "E2"), False),
    ]),
    # ---- declarative rules
    ("V3 氨氮 排放 > 产生", FACTORY, {"t:P2G:2024": "3", "t:P2E:2024": "3.01"}, {"V3", "V4", "V12"}, [
        ("V3", "warning", "t:P2E:2024", "part3", "数值规则警告", NH3N, "2024年 氨氮排放量 3.01吨，氨氮产生量 3吨", "P2E", 2024, ("P2E", "P2G"), False),
    ]),
    ("V3 COD 排放 > 产生, and then 氨氮 > COD (V12)", FACTORY, {"t:P1G:2024": "3", "t:P1E:2024": "3.01"},
     {"V3", "V12", "V16"}, [
        ("V3", "warning", "t:P1E:2024", "part3", "数值规则警告", COD, "2024年 化学需氧量排放量 3.01吨，化学需氧量产生量 3吨", "P1E", 2024, ("P1E", "P1G"), False),
        ("V12", "warning", "t:P2G:2024", "part3", "数值规则警告", "氨氮产生量大于化学需氧量产生量，氨氮通常只占化学需氧量的2%～20%，请核实。",
         "2024年 氨氮产生量 3.3吨，化学需氧量产生量 3吨", "P2G", 2024, ("P1G", "P2G"), False),
    ]),
    ("V6 E2 > E1", FACTORY, {"t:E1:2024": "4000", "t:E2:2024": "4000.01"}, {"V5", "V6"}, [
        ("V6", "error", "t:E2:2024", "part3", "数值规则错误",
         "实际消耗的各种能源实物量合计不能大于综合能源消费量合计（该指标等于综合能源消费量减去原料用能量）。",
         "2024年 实际消耗的各种能源实物量合计 4,000.01吨标准煤，综合能源消费量合计 4,000吨标准煤", "E2", 2024, ("E1", "E2"), False),
    ]),
    ("V10 S2 > S1 + S3", FACTORY, {"t:S1:2024": "2310", "t:S3:2024": "10", "t:S2:2024": "2320.01"}, {"V10", "V2"}, [
        ("V10", "error", "t:S2:2024", "part3", "数值规则错误",
         "一般工业固体废物综合利用量不能大于一般工业固体废物产生量与综合利用往年贮存量（综合利用率不能超过100%）。",
         "2024年 一般工业固体废物综合利用量 2,320.01吨，一般工业固体废物产生量 2,310吨，综合利用往年贮存量 10吨",
         "S2", 2024, ("S1", "S2", "S3"), False),
        ("V2", "error", "t:S4:2024", "part3", "数值不合理", "「一般工业固体废物综合利用率」2024年为 100.00%，不能大于 100%。", "", "S4", 2024, ("S4",), False),
    ]),
    ("V11 取水量 0", FACTORY, {"t:W1:2023": "0"}, {"V11"}, [
        ("V11", "warning", "t:W1:2023", "part3", "数值超出范围警告",
         "「取水量」2023年为 0。生产企业通常有取水，请核实；确无取水的请在特殊情况说明中注明。", "", "W1", 2023, ("W1",), False),
    ]),
    ("V11 and V9 acknowledged by the row's note", FACTORY, {"t:W1:2024": "0", "t:W1:note": "循环水"}, {"V9", "V11"}, [
        ("V9", "warning", "t:W1:2024", "part3", *RANGE, "取水量 2024年 0立方米，较上年下降 100%（2023年 124,500立方米）", "W1", 2024, ("W1",), True),
        ("V11", "warning", "t:W1:2024", "part3", "数值超出范围警告",
         "「取水量」2024年为 0。生产企业通常有取水，请核实；确无取水的请在特殊情况说明中注明。", "", "W1", 2024, ("W1",), True),
        ("V9", "warning", "t:W2:2024", "part3", *RANGE, "单位产值取水量 2024年 0.0000立方米/万元，较上年下降 100%（2023年 1.3487立方米/万元）", "W2", 2024, ("W2",), False),
    ]),
    ("V16 zero COD and 氨氮 in C26", FACTORY, {"f:industry1": "2611", "t:P1G:2023": "0", "t:P1E:2023": "0",
                                              "t:P2G:2023": "0", "t:P2E:2023": "0"}, {"V16"}, [
        ("V16", "warning", "t:P1G:2023", "part3", "数值规则警告",
         "主营行业属于 C26 大类，2023年「化学需氧量产生量、氨氮产生量」均为0，与该行业通常情况不符，请核实；确不涉及的请在特殊情况说明中注明。",
         "", "P1G", 2023, ("P1G", "P2G"), False),
    ]),
    ("V16 COD intensity over 1 千克/万元", FACTORY, {"t:P1E:2024": "100"}, {"V16", "V3"}, [
        ("V3", "warning", "t:P1E:2024", "part3", "数值规则警告", COD, "2024年 化学需氧量排放量 100吨，化学需氧量产生量 39.2吨", "P1E", 2024, ("P1E", "P1G"), False),
        ("V16", "warning", "t:P1I:2024", "part3", "数值规则警告", COD,
         "单位产值化学需氧量排放量 2024年 1.0126千克/万元，常规范围不超过 1千克/万元", "P1I", 2024, ("P1I",), False),
    ]),
    ("V8 工业总产值 ×10.7", FACTORY, {"t:E0:2023": "9231"}, {"V8"}, [
        ("V8", "warning", "t:E0:2024", "part3", "数值超出范围警告",
         "「工业总产值」2024年 98,760万元，约为上年（9,231万元）的 10.7 倍，是否误按千元填写？B204-1表单位为千元，本表单位为万元（千元 ÷ 10 = 万元）。",
         "", "E0", 2024, ("E0",), False),
    ]),
    ("V24 工业总产值 1 万元 (the manual's example) and what follows from it", FACTORY, {"t:E0:2022": "1"},
     {"V24", "V15", "V4", "V18"}, [
        ("V24", "warning", "t:E0:2022", "part3", *RANGE, "工业总产值 2022年 1万元，常规范围 2000～100000000万元", "E0", 2022, ("E0",), False),
        ("V15", "warning", "t:E4:2022", "part3", *RANGE, "单位产值综合能耗 2022年 3,850.0000吨标准煤/万元，常规范围 0.001～5吨标准煤/万元", "E4", 2022, ("E4",), False),
        ("V4", "warning", "t:P2I:2022", "part3", "数值规则警告", NH3N, "单位产值氨氮排放量 2022年 520.0000千克/万元，常规范围不超过 0.1千克/万元", "P2I", 2022, ("P2I",), False),
        ("V18", "warning", "t:L4:2022", "part3", *RANGE, "单位用地面积产值 2022年 0.0000万元/平方米，常规范围 0.05～2万元/平方米", "L4", 2022, ("L4",), False),
    ]),
    ("V24 工业总产值 above 1 万亿元", FACTORY, {"t:E0:2024": "100000001"}, {"V24"}, [
        ("V24", "warning", "t:E0:2024", "part3", *RANGE, "工业总产值 2024年 100,000,001万元，常规范围 2000～100000000万元", "E0", 2024, ("E0",), False),
    ]),
    ("V17 容积率 above 5 (无量纲: no unit shown)", FACTORY, {"t:L2:2024": "800000"}, {"V17", "V9"}, [
        ("V9", "warning", "t:L2:2024", "part3", *RANGE, "总建筑面积 2024年 800,000平方米，较上年增长 733%（2023年 96,000平方米）", "L2", 2024, ("L2",), False),
        ("V9", "warning", "t:L5:2024", "part3", *RANGE, "容积率 2024年 6.67，较上年增长 733%（2023年 0.80）", "L5", 2024, ("L5",), False),
        ("V17", "warning", "t:L5:2024", "part3", *RANGE, "容积率 2024年 6.67，常规范围 0.1～5", "L5", 2024, ("L5",), False),
    ]),
    ("V17 容积率 below the band and below C26's minimum", FACTORY, {"f:industry1": "2611", "t:L2:2024": "5999"}, {"V17"}, [
        ("V17", "warning", "t:L5:2024", "part3", *RANGE, "容积率 2024年 0.05，常规范围 0.1～5", "L5", 2024, ("L5",), False),
        ("V17", "info", "t:L5:2024", "part3", "用地指标提示", "「容积率」2024年 0.05，低于《工业项目建设用地控制指标》对 C26 大类的下限 0.6。", "", "L5", 2024, ("L5",), False),
    ]),
    ("V18 and a 建筑系数 over 100 %", FACTORY, {"t:L1:2024": "1000"}, {"V18", "V2"}, [
        ("V18", "warning", "t:L4:2024", "part3", *RANGE, "单位用地面积产值 2024年 98.7600万元/平方米，常规范围 0.05～2万元/平方米", "L4", 2024, ("L4",), False),
        ("V2", "error", "t:L6:2024", "part3", "数值不合理", "「建筑密度（建筑系数）」2024年为 6,120.00%，不能大于 100%。", "", "L6", 2024, ("L6",), False),
    ]),
    ("V5, V13, V22 and V2 from one 可再生能源 value", FACTORY, {"t:E1:2024": "1000", "t:E2:2024": "1000",
                                                              "t:E3:2024": "1000.1"}, {"V2", "V5", "V13", "V22"}, [
        ("V5", "error", "t:E3:2024", "part3", "数值规则错误", "工厂可再生能源消耗量不能大于综合能源消费量合计。",
         "2024年 工厂可再生能源消耗量 1,000.1吨标准煤，综合能源消费量合计 1,000吨标准煤", "E3", 2024, ("E1", "E3"), False),
        ("V13", "warning", "t:E7:2024", "part3", "数值规则警告", "二氧化碳排放量与综合能源消费量之比超出常规范围，请核实二氧化碳排放量及其单位。",
         "二氧化碳排放量 2024年 16.65吨二氧化碳/吨标准煤，常规范围 0～5吨二氧化碳/吨标准煤", "E7", 2024, ("E1", "E7"), False),
        ("V2", "error", "t:E5:2024", "part3", "数值不合理", "「可再生能源使用比例」2024年为 100.01%，不能大于 100%。", "", "E5", 2024, ("E5",), False),
        ("V22", "warning", "t:E5:2024", "part3", "数值超出范围警告", "可再生能源使用比例2024年为 100.01%，超过50%，请准备绿电交易合同、绿证等证明材料。",
         "可再生能源使用比例 2024年 100.01%，常规范围不超过 50%", "E5", 2024, ("E5",), False),
    ]),
    # ---- the park's rules: a floor only, a ceiling only, a ratio of two rows
    ("park V31 below a floor and above a ceiling", PARK, {"t:PV:2024": "3000000"}, {"V31", "V9"}, [
        ("V31", "info", "t:EG1:2024", "part3", "参考值提示",
         "能源产出率低于参考值（单位工业增加值综合能耗≤0.35吨标准煤/万元，即能源产出率≥2.857万元/吨标准煤）。",
         "*能源产出率 2024年 2.81万元/吨标准煤，常规范围不低于 2.857万元/吨标准煤", "EG1", 2024, ("EG1",), False),
        ("V31", "info", "t:HGC:2024", "part3", "参考值提示",
         "「单位工业增加值二氧化碳排放量」2024年 0.7940吨二氧化碳/万元，未达到参考值 0.6吨二氧化碳/万元（省级绿色低碳园区评价指标）。",
         "单位工业增加值二氧化碳排放量 2024年 0.7940吨二氧化碳/万元，常规范围不超过 0.6吨二氧化碳/万元", "HGC", 2024, ("HGC",), False),
    ]),
    ("park V13 just over 5 tCO2/tce", PARK, {"t:PCO2:2024": "5340001"}, {"V13"}, [
        ("V13", "warning", "t:PCO2:2024", "part3", "数值规则警告", "二氧化碳排放量与综合能源消费量之比超出常规范围，请核实二氧化碳排放量及其单位。",
         "园区二氧化碳排放量 2024年 5.00吨二氧化碳/吨标准煤，常规范围 0～5吨二氧化碳/吨标准煤", "PCO2", 2024, ("PCO2", "PE"), False),
    ]),
    ("park V13 at 5 tCO2/tce", PARK, {"t:PCO2:2024": "5340000"}, {"V13"}, []),
    ("park V5 and V22", PARK, {"t:PR:2024": "1068000.5"}, {"V5", "V22", "V2"}, [
        ("V5", "error", "t:PR:2024", "part3", "数值规则错误", "园区可再生能源消费量不能大于园区综合能源消费量。",
         "2024年 园区可再生能源消费量 1,068,000.5吨标准煤，园区综合能源消费量 1,068,000吨标准煤", "PR", 2024, ("PE", "PR"), False),
        ("V2", "error", "t:EG2:2024", "part3", "数值不合理", "「*可再生能源使用比例」2024年为 100.00%，不能大于 100%。", "", "EG2", 2024, ("EG2",), False),
        ("V22", "warning", "t:EG2:2024", "part3", "数值超出范围警告", "可再生能源使用比例2024年为 100.00%，超过50%，请准备绿电交易合同、绿证等证明材料。",
         "*可再生能源使用比例 2024年 100.00%，常规范围不超过 50%", "EG2", 2024, ("EG2",), False),
    ]),
]


@pytest.mark.parametrize(("form_id", "edits", "codes", "expect"), [w[1:] for w in WORDS], ids=[w[0] for w in WORDS])
def test_findings_word_for_word(form_id, edits, codes, expect):
    got = [r for r in _rows(_report(form_id, edits)) if r[0] in codes]
    assert got == expect


# ---------------------------------------------------------------- product groups (单位产品综合能耗 / 取水量)

def _v(cell: str, message: str, year: int | None = None, code: str = "V1") -> tuple:
    title = "必填项未填写" if code == "V1" else "数值不合理"
    return (code, "error", cell, "part3", title, message, "", cell.split(":")[1], year, (cell.split(":")[1],), False)


def test_product_items_every_missing_part_named_with_the_product():
    report = _report(FACTORY, {"p:E6:0:standard": "", "p:E6:0:unit": "", "p:E6:0:output:2023": "",
                               "p:E6:0:output:2024": "-0.5", "p:E6:0:consumption:2024": "-1",
                               "p:E6:0:consumption:2022": "0", "p:E6:1:unit": "吨", "p:E6:1:output:2022": "5"})
    assert _rows(report) == [
        _v("p:E6:0:standard", "产品1「电工用铜线坯」的适用标准未填写。"),
        _v("p:E6:0:unit", "产品1「电工用铜线坯」的产品单位未填写。"),
        _v("p:E6:1:name", "产品2「第2种产品」的产品名称未填写。"),
        _v("p:E6:1:standard", "产品2「第2种产品」的适用标准未填写。"),
        _v("p:E6:1:consumption:2022", "产品2「第2种产品」的2022年产品综合能耗未填写。", 2022),
        _v("p:E6:0:output:2023", "产品1「电工用铜线坯」的2023年产品产量未填写。", 2023),
        _v("p:E6:1:output:2023", "产品2「第2种产品」的2023年产品产量未填写。", 2023),
        _v("p:E6:1:consumption:2023", "产品2「第2种产品」的2023年产品综合能耗未填写。", 2023),
        _v("p:E6:0:output:2024", "「电工用铜线坯产品产量」2024年为 -0.5，不能小于 0。", 2024, "V2"),
        _v("p:E6:0:consumption:2024", "「电工用铜线坯产品综合能耗」2024年为 -1，不能小于 0。", 2024, "V2"),
        _v("p:E6:1:output:2024", "产品2「第2种产品」的2024年产品产量未填写。", 2024),
        _v("p:E6:1:consumption:2024", "产品2「第2种产品」的2024年产品综合能耗未填写。", 2024),
    ]


@pytest.mark.parametrize(("edits", "expect"), [
    ({"p:W3:applicable": "是"}, [_v("p:W3:0:name", "是否有适用取水定额国家标准的产品：选“是”时须至少填报一种产品的名称、适用标准、产量和产品取水量。")]),
    ({"p:E6:applicable": ""}, [_v("p:E6:applicable", "「是否有适用国家强制性能源消耗限额标准的产品」未填写。")]),
    ({"p:E6:applicable": "否"}, []),  # the products stay in the file but are not checked
    ({"p:E6:applicable": "否", "p:E6:0:output:2024": "-1"}, []),
    ({"p:E6:0:output:2024": "0", "p:E6:0:consumption:2024": "0"}, []),
])
def test_product_group_question(edits, expect):
    assert _rows(_report(FACTORY, edits)) == expect


# ---------------------------------------------------------------- lists of records (培育名单)

def test_list_of_records_names_row_and_column():
    from greendesk.draft import new_draft

    definition = forms.get("cultivation-factory-2025")
    draft = new_draft(definition)
    draft.fields["city"] = "火星市"
    draft.records["list"] = [
        {"city": "广州市", "name": "广州某厂", "address": "", "ownership": "民营", "industry": "3831 电线、电缆制造",
         "status": "省级绿色工厂"},
        {},  # an empty row is skipped, but counts in the numbering
        {"name": "乙厂"},
    ]
    title = "名单填写错误"
    assert _rows(validate(definition, draft)) == [
        ("V40", "error", "r:list.0.city", "list", title, "「地市（标题中的____市）」：「火星市」不是地级市名称", "", None, None, (), False),
        ("V40", "error", "r:list.1.address", "list", title, "第1行「所在地址」：未填写", "", None, None, (), False),
        ("V40", "error", "r:list.3.city", "list", title, "第3行「地市」：未填写", "", None, None, (), False),
        ("V40", "error", "r:list.3.address", "list", title, "第3行「所在地址」：未填写", "", None, None, (), False),
        ("V40", "error", "r:list.3.ownership", "list", title, "第3行「企业类型」：未填写", "", None, None, (), False),
        ("V40", "error", "r:list.3.industry", "list", title, "第3行「所属行业」：未填写", "", None, None, (), False),
        ("V40", "error", "r:list.3.status", "list", title, "第3行「绿色制造现状」：未填写", "", None, None, (), False),
    ]


# ---------------------------------------------------------------- the order the user reads: part, row, field, year, errors first

def test_an_error_comes_before_a_warning_on_the_same_field():
    report = _report(FACTORY, {"f:contact_phone": "020-1234567\x07"})
    assert [(f.code, f.severity, f.cell) for f in report.findings] == [
        ("V23", "error", "f:contact_phone"), ("V20", "warning", "f:contact_phone")]


def test_a_long_text_sorts_with_its_field_not_after_the_others():
    report = _report(FACTORY, {"f:factory_name": _FACT_NAME_101, "f:uscc": "91350100M000100Y4",
                               "f:industry1": "9999"})
    assert [(f.code, f.cell, f.title) for f in report.findings] == [
        ("V21", "f:industry1", "行业代码无效"), ("V20", "f:factory_name", "内容过长"), ("V20", "f:uscc", "格式错误")]


def test_an_error_comes_before_the_warnings_of_the_same_cell_and_year():
    report = _report(PARK, {"t:PR:2024": "1068000.5"})
    assert [(f.code, f.severity, f.cell) for f in report.findings] == [
        ("V5", "error", "t:PR:2024"), ("V9", "warning", "t:PR:2024"),
        ("V2", "error", "t:EG2:2024"), ("V9", "warning", "t:EG2:2024"), ("V22", "warning", "t:EG2:2024")]


def test_validate_uses_the_computed_values_it_is_given():
    from greendesk.compute import compute

    definition = forms.get(FACTORY)
    changed = open_draft(SAMPLES / f"{FACTORY}.json").draft
    EditSession(definition, changed).apply([("t:E3:2024", "4000")], normalized=True)
    pristine = open_draft(SAMPLES / f"{FACTORY}.json").draft
    # the window validates with the values it has computed for display: the rules read those
    report = validate(definition, pristine, compute(definition, changed))
    assert [f.code for f in report.findings if f.code == "V5"] == ["V5"]
    assert validate(definition, pristine).findings == []


# ---------------------------------------------------------------- each kind of rule as a definition may state it

def _with_rules(rules: list[dict]):
    from greendesk.definition import FormDefinition

    return FormDefinition.model_validate(dict(forms.get(FACTORY).canonical) | {"rules": rules})


def _custom(rules: list[dict], edits: dict[str, str]) -> list[tuple]:
    definition = _with_rules(rules)
    draft = open_draft(SAMPLES / f"{FACTORY}.json").draft
    EditSession(forms.get(FACTORY), draft).apply(list(edits.items()), normalized=True)
    return _rows(validate(definition, draft))


def test_yoy_on_listed_rows_only():
    got = _custom([{"code": "V9", "kind": "yoy", "severity": "warning", "rows": ["W1"]}],
                  {"t:W1:2024": "20000", "t:W4:2024": "1"})
    assert got == [("V9", "warning", "t:W1:2024", "part3", *RANGE,
                    "取水量 2024年 20,000立方米，较上年下降 84%（2023年 124,500立方米）", "W1", 2024, ("W1",), False)]


def test_yoy_compares_against_the_size_of_a_negative_year():
    # -10 → -16 is a change of 60 % of |-10|: beyond 50 %; -10 → -14 (40 %) is not
    rule = [{"code": "V9", "kind": "yoy", "severity": "warning", "rows": ["W1"]}]
    assert [r[2] for r in _custom(rule, {"t:W1:2023": "-10", "t:W1:2024": "-16"}) if r[0] == "V9"] == [
        "t:W1:2023", "t:W1:2024"]
    assert [r[2] for r in _custom(rule, {"t:W1:2023": "-10", "t:W1:2024": "-14"}) if r[0] == "V9"] == ["t:W1:2023"]


_V8_TEXT = "「工业总产值」2024年 {v}万元，约为上年（{p}万元）的 {r} 倍，是否误按千元填写？B204-1表单位为千元，本表单位为万元（千元 ÷ 10 = 万元）。"


@pytest.mark.parametrize(("bounds", "edits", "expect"), [
    ({"ratio_min": 8}, {"t:E0:2023": "1000"}, ("98,760", "1,000", "98.8")),
    ({"ratio_min": 8}, {"t:E0:2023": "12345.1"}, None),  # 98760 / 12345.1 = 7.9999…
    ({"ratio_min": 8}, {"t:E0:2023": "12345"}, ("98,760", "12,345", "8.0")),
    ({"ratio_max": 1}, {"t:E0:2024": "92310"}, ("92,310", "92,310", "1.0")),
    ({"ratio_max": 1}, {"t:E0:2024": "92310.01"}, None),
    ({"ratio_min": 8}, {"t:E0:2023": "0"}, None),  # no ratio to a 0
    ({"ratio_max": 1}, {"t:E0:2024": ""}, None),
])
def test_yoy_ratio_with_one_bound(bounds, edits, expect):
    got = _custom([{"code": "V8", "kind": "yoy_ratio", "severity": "warning", "rows": ["E0"]} | bounds], edits)
    got = [r for r in got if r[0] == "V8"]
    if expect is None:
        assert got == []
    else:
        v, p, r = expect
        assert got == [("V8", "warning", "t:E0:2024", "part3", "数值超出范围警告", _V8_TEXT.format(v=v, p=p, r=r), "",
                        "E0", 2024, ("E0",), False)]


def test_band_floor_and_ceiling_shown_in_the_unit_the_user_chose():
    got = _custom([{"code": "V15", "kind": "band", "severity": "warning", "expr": "E4", "min": 1},
                   {"code": "V15", "kind": "band", "severity": "warning", "expr": "E4", "max": "0.01"}],
                  {"t:E4:unit": "千克标准煤/万元", "t:E0:2022": "", "t:E0:2023": ""})
    assert [r[6] for r in got if r[0] == "V15"] == [
        "单位产值综合能耗 2024年 40.2997千克标准煤/万元，常规范围不低于 1000千克标准煤/万元",
        "单位产值综合能耗 2024年 40.2997千克标准煤/万元，常规范围不超过 10千克标准煤/万元"]


def test_band_of_a_ratio_points_at_the_first_row_named():
    got = _custom([{"code": "V13", "kind": "band", "severity": "warning", "expr": "E7 / E1", "min": 0, "max": 5}],
                  {"t:E7:2024": "40000"})
    assert got == [("V13", "warning", "t:E7:2024", "part3", "数值规则警告",
                    "二氧化碳排放量与综合能源消费量之比超出常规范围，请核实二氧化碳排放量及其单位。",
                    "二氧化碳排放量 2024年 10.05，常规范围 0～5", "E7", 2024, ("E1", "E7"), False)]


def test_le_points_at_the_row_the_rule_names():
    got = _custom([{"code": "V5", "kind": "le", "severity": "error", "left": "E3", "right": "E1", "row": "E5"}],
                  {"t:E3:2024": "4000"})
    assert [r for r in got if r[0] == "V5"] == [
        ("V5", "error", "t:E5:2024", "part3", "数值规则错误", "工厂可再生能源消耗量不能大于综合能源消费量合计。",
         "2024年 工厂可再生能源消耗量 4,000吨标准煤，综合能源消费量合计 3,980吨标准煤", "E5", 2024, ("E1", "E3"), False)]


def test_a_low_value_is_a_hint_only_for_an_informational_V17():
    got = _custom([{"code": "V17", "kind": "band", "severity": "warning", "expr": "L6", "min": 50},
                   {"code": "V17", "kind": "band", "severity": "info", "expr": "L6", "min": 50},
                   {"code": "V31", "kind": "band", "severity": "info", "expr": "L6", "min": 50}],
                  {"t:L3:2023": "60000", "t:L3:2024": "60000"})  # 2023/24: 50 % (at the floor)
    detail = "建筑密度（建筑系数） 2022年 49.00%，常规范围不低于 50%"
    assert got == [
        ("V17", "warning", "t:L6:2022", "part3", *RANGE, detail, "L6", 2022, ("L6",), False),
        ("V17", "info", "t:L6:2022", "part3", "用地指标提示", "「建筑密度（建筑系数）」2022年 49.00%，低于一般要求的 50%。",
         detail, "L6", 2022, ("L6",), False),
        ("V31", "info", "t:L6:2022", "part3", "参考值提示",
         "「建筑密度（建筑系数）」2022年 49.00%，未达到参考值 50%（省级绿色低碳园区评价指标）。", detail, "L6", 2022, ("L6",), False),
    ]


def test_positive_names_each_row_and_year():
    got = _custom([{"code": "V11", "kind": "positive", "severity": "warning", "rows": ["W1", "W4"]}],
                  {"t:W1:2022": "0", "t:W4:2024": "0"})
    tail = "。生产企业通常有取水，请核实；确无取水的请在特殊情况说明中注明。"
    assert got == [
        ("V11", "warning", "t:W1:2022", "part3", "数值超出范围警告", "「取水量」2022年为 0" + tail, "", "W1", 2022, ("W1",), False),
        ("V11", "warning", "t:W4:2024", "part3", "数值超出范围警告", "「重复利用水量」2024年为 0" + tail, "", "W4", 2024, ("W4",), False),
    ]


@pytest.mark.parametrize(("industry", "expect"), [("3831", ["t:P1G:2022"]), ("2611", []), ("", []), ("383", [])])
def test_zero_for_divisions_of_the_main_industry(industry, expect):
    got = _custom([{"code": "V16", "kind": "zero_for_divisions", "severity": "warning", "rows": ["P1G"],
                    "divisions": ["38"]}], {"t:P1G:2022": "0", "f:industry1": industry})
    assert [r[2] for r in got if r[0] == "V16"] == expect
    if expect:
        assert [r[5] for r in got if r[0] == "V16"] == [
            "主营行业属于 C38 大类，2022年「化学需氧量产生量」均为0，与该行业通常情况不符，请核实；确不涉及的请在特殊情况说明中注明。"]


@pytest.mark.parametrize(("industry", "expect"), [("2611", ["info"]), ("", []), ("383", []), ("9999", []), ("3311", [])])
def test_division_minimum_needs_a_known_main_industry(industry, expect):
    report = _report(FACTORY, {"f:industry1": industry, "t:L2:2024": "5999"})
    assert [f.severity for f in report.findings if f.code == "V17" and f.severity == "info"] == expect


def test_over_long_note_and_product_name_are_named_in_part_3():
    definition = forms.get(FACTORY)
    draft = open_draft(SAMPLES / f"{FACTORY}.json").draft
    draft.table["W1"].note = "说" * 3001  # a file from elsewhere: typing would refuse it
    draft.products["E6"].items[0].name = "铜" * 201
    assert _rows(validate(definition, draft)) == [
        ("V20", "error", "p:E6:0:name", "part3", "内容过长", "「单位产品综合能耗 产品1名称」最多 200 个字符，现有 201 个。", "",
         "E6", None, ("E6",), False),
        ("V20", "error", "t:W1:note", "part3", "内容过长", "「取水量的特殊情况说明」最多 3000 个字符，现有 3001 个。", "",
         "W1", None, ("W1",), False),
    ]


def test_a_field_missing_from_the_file_is_blank():
    definition = forms.get(FACTORY)
    draft = open_draft(SAMPLES / f"{FACTORY}.json").draft
    for key in ("suggestions", "factory_name", "address.detail", "industry2"):
        del draft.fields[key]
    assert [(f.code, f.cell, f.message) for f in validate(definition, draft).findings] == [
        ("V1", "f:factory_name", "「工厂名称」未填写。"),
        ("V1", "f:address.detail", "「工厂地址（详细地址）」未填写。"),
    ]


def test_a_row_missing_from_the_file_is_blank_in_every_year():
    definition = forms.get(FACTORY)
    draft = open_draft(SAMPLES / f"{FACTORY}.json").draft
    del draft.table["P8"]  # optional: may stay blank
    del draft.table["W1"]
    assert [(f.code, f.cell) for f in validate(definition, draft).findings] == [
        ("V1", "t:W1:2022"), ("V1", "t:W1:2023"), ("V1", "t:W1:2024")]
    definition = forms.get(SC)
    draft = open_draft(SAMPLES / f"{SC}.json").draft
    del draft.table["X11"]
    assert [(f.code, f.cell, f.message) for f in validate(definition, draft).findings] == [
        ("V1", f"t:X11:{y}", f"「纳入公司发展规划」{y}年未选择“是”或“否”。") for y in (2022, 2023, 2024)]


def test_a_blank_year_does_not_hide_the_next_years():
    report = _report(FACTORY, {"t:W1:2022": "", "t:W1:2023": "abc", "t:W1:2024": "-5"})
    assert [(f.code, f.cell) for f in report.findings if f.code in ("V1", "V2") and f.row == "W1"] == [
        ("V1", "t:W1:2022"), ("V1", "t:W1:2023"), ("V2", "t:W1:2024")]


def test_list_rows_come_before_the_list_city_field():
    from greendesk.draft import new_draft

    definition = forms.get("cultivation-factory-2025")
    draft = new_draft(definition)
    draft.records["list"] = [{"name": "甲厂"}]
    assert [(f.code, f.cell, f.message) for f in validate(definition, draft).findings] == [
        ("V40", "r:list.1.city", "第1行「地市」：未填写"),
        ("V40", "r:list.1.address", "第1行「所在地址」：未填写"),
        ("V40", "r:list.1.ownership", "第1行「企业类型」：未填写"),
        ("V40", "r:list.1.industry", "第1行「所属行业」：未填写"),
        ("V40", "r:list.1.status", "第1行「绿色制造现状」：未填写"),
        ("V1", "f:city", "「地市（标题中的____市）」未填写。"),
    ]


def test_a_product_group_missing_from_the_file_is_unanswered():
    definition = forms.get(FACTORY)
    draft = open_draft(SAMPLES / f"{FACTORY}.json").draft
    del draft.products["E6"]
    assert [(f.code, f.cell, f.message) for f in validate(definition, draft).findings] == [
        ("V1", "p:E6:applicable", "「是否有适用国家强制性能源消耗限额标准的产品」未填写。")]


@pytest.mark.parametrize("edits", [{"t:E1:2024": "", "t:E3:2024": "5000"}, {"t:E3:2024": ""}],
                         ids=["right side blank", "left side blank"])
def test_a_comparison_with_a_blank_side_says_nothing_but_the_blank(edits):
    blank = next(c for c, v in edits.items() if not v)
    assert [(f.code, f.cell) for f in _report(FACTORY, edits).findings if f.code != "V9"] == [("V1", blank)]


def test_a_band_skips_a_blank_year_and_goes_on():
    report = _report(FACTORY, {"t:E0:2022": "", "t:E0:2024": "50"})
    assert [(f.code, f.cell) for f in report.findings if f.code in ("V1", "V15", "V24")] == [
        ("V1", "t:E0:2022"), ("V24", "t:E0:2024"), ("V15", "t:E4:2024")]


def test_a_band_of_a_ratio_with_a_floor_only():
    got = _custom([{"code": "V13", "kind": "band", "severity": "warning", "expr": "E7 / E1", "min": 6,
                    "unit_label": "吨二氧化碳/吨标准煤"}], {"t:E7:2023": "", "t:E7:2024": "24000"})
    assert [(r[2], r[6]) for r in got if r[0] == "V13"] == [
        ("t:E7:2022", "二氧化碳排放量 2022年 4.47吨二氧化碳/吨标准煤，常规范围不低于 6吨二氧化碳/吨标准煤")]


def test_rules_name_rows_in_the_order_the_rule_first_writes_them():
    # a row written twice: the first place counts (E7 before E0; E3 before E1)
    band = _custom([{"code": "V13", "kind": "band", "severity": "warning", "expr": "E7 / (E0 + E7)",
                     "max": "0.0001"}], {})
    assert [(r[2], r[6]) for r in band][:1] == [("t:E7:2022", "二氧化碳排放量 2022年 0.17，常规范围不超过 0.0001")]
    le = _custom([{"code": "V5", "kind": "le", "severity": "error", "left": "E3", "right": "E1 - E3"}],
                 {"t:E3:2024": "2000"})
    assert [(r[2], r[6]) for r in le if r[0] == "V5"] == [
        ("t:E3:2024", "2024年 工厂可再生能源消耗量 2,000吨标准煤，综合能源消费量合计 3,980吨标准煤")]


def test_same_unit_over_three_rows_points_at_the_last():
    got = _custom([{"code": "V7", "kind": "same_unit", "severity": "error", "rows": ["E1", "E2", "E7"]}], {})
    assert got == [("V7", "error", "t:E7:unit", "part3", "单位不一致",
                    "「综合能源消费量合计、实际消耗的各种能源实物量合计、二氧化碳排放量」应选择相同的单位，现为：吨标准煤 / 吨标准煤 / 吨二氧化碳。",
                    "", "E7", None, ("E1", "E2", "E7"), False)]


def test_a_band_bound_stays_as_defined_when_the_rows_unit_cannot_be_converted():
    # an indicator row carrying a unit from elsewhere (opening the file says so): the bound is not converted
    report = _report(FACTORY, {"t:E4:unit": "吨", "t:E0:2022": "50"})
    [detail] = [f.detail for f in report.findings if f.code == "V15"]
    assert detail.endswith("常规范围 0.001～5吨")


def test_a_sum_is_named_in_the_order_it_is_written():
    got = _custom([{"code": "V5", "kind": "le", "severity": "error", "left": "E3", "right": "E2 + E1"}],
                  {"t:E3:2024": "10000"})
    assert [(r[2], r[5], r[6]) for r in got if r[0] == "V5"] == [
        ("t:E3:2024", "工厂可再生能源消耗量不能大于实际消耗的各种能源实物量合计与综合能源消费量合计。",
         "2024年 工厂可再生能源消耗量 10,000吨标准煤，实际消耗的各种能源实物量合计 3,945吨标准煤，综合能源消费量合计 3,980吨标准煤")]


@pytest.mark.parametrize(("label", "shown"), [
    ("一二三四五六七八九十一二三四五六七八九十", "一二三四五六七八九十一二三四五六七八九十"),  # 20 characters: whole
    ("一二三四五六七八九十一二三四五六七八九十一", "一二三四五六七八九十一二三四五六七八九…"),  # 21: cut to 19 + …
])
def test_a_long_label_is_cut_after_19_characters(label, shown):
    from greendesk.definition import FormDefinition

    data = dict(forms.get(FACTORY).canonical)
    data["parts"] = [p | {"fields": [f | {"label": label} if f["id"] == "industry_type" else f
                                     for f in p.get("fields", [])]} for p in data["parts"]]
    definition = FormDefinition.model_validate(data)
    draft = open_draft(SAMPLES / f"{FACTORY}.json").draft
    draft.fields["industry_type"] = "化工"
    assert [f.message for f in validate(definition, draft).findings] == [f"「{shown}」的值「化工」不是可选项。"]


@pytest.mark.parametrize(("rule", "edits", "message"), [
    ({"code": "V5", "kind": "le", "left": "E3", "right": "E1", "message": "自定的话"}, {"t:E3:2024": "4000"}, "自定的话"),
    ({"code": "V13", "kind": "band", "expr": "E7 / E1", "max": 5, "message": "自定的话"}, {"t:E7:2024": "40000"}, "自定的话"),
    ({"code": "V9", "kind": "yoy", "rows": ["W1"], "message": "自定的话"}, {"t:W1:2024": "20000"}, "自定的话"),
    ({"code": "V8", "kind": "yoy_ratio", "rows": ["E0"], "ratio_min": 8}, {"t:E0:2023": "1000"}, None),
    ({"code": "V11", "kind": "positive", "rows": ["W1"]}, {"t:W1:2024": "0"}, None),
    ({"code": "V16", "kind": "zero_for_divisions", "rows": ["P1G"], "divisions": ["38"]}, {"t:P1G:2024": "0"}, None),
], ids=lambda v: v["kind"] if isinstance(v, dict) and "kind" in v else "")
def test_a_rules_own_title_and_words_come_before_the_catalogues(rule, edits, message):
    got = [r for r in _custom([{"severity": "warning", "title": "自定的标题"} | rule], edits) if r[0] == rule["code"]]
    assert [r[4] for r in got] == ["自定的标题"]
    if message:
        assert [r[5] for r in got] == [message]

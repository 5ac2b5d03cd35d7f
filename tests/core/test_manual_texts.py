"""The manual's own words, written out literally (copied from the 2025《填报手册》, ../shared/seed),
not imported from greendesk.messages or read from the form definition: a change in one place fails
here. The transcription in the seed has half-width "(" and ", " where the platform shows full-width
punctuation; the strings below use the platform's full-width forms.
"""

from __future__ import annotations

import pytest

from greendesk.rules import validate
from greendesk.session import EditSession

RANGE_TITLE = "数值超出范围警告"
RANGE_TEXT = "该值超出常规范围，请核实数据准确性，如数据无误，请继续填报"
RULE_TITLE = "数值规则警告"
RULE_TEXT = ("氨氮产生量小于氨氮排放量或单位产值氨氮排放量数据超出常规范围，请核实相关数据"
             "（氨氮产生量、氨氮排放量、工业总产值）准确性，如数据无误，请继续填报。")
PLEDGE = "本企业承诺，已对本表内容进行了全面审核，信息真实有效，若存在弄虚作假，愿承担相应责任。"

PART_TITLES = ["主营行业", "一、基本信息", "二、合规性信息", "三、持续改进情况", "四、亮点工作", "五、意见和建议"]
PART2_NOTE = "（存在合规性信息中1-6所述情况的，请在附件中提供情况说明）"

QUESTIONS = {
    "q1": "1.未正常经营生产的（工商注销、连续停产12个月以上、被市场监督管理部门列入经营异常名单且未被移出等）",
    "q2": "2.2024年至今是否发生安全（含网络安全、数据安全）、质量、环境污染等事故以及偷漏税等违法违规行为",
    "q3": "3.2024年至今是否在国务院及有关部委相关督查工作中被发现存在严重问题",
    "q4": "4.2024年至今是否被列入工业节能监察整改名单且未按要求完成整改",
    "q5": "5.2024年至今企业是否被列为失信被执行人",
    "q6": "6.2024年至今是否因投资、并购或其他原因造成实际生产经营范围、生产地址或组织边界与列入绿色制造名单时相比发生重大变更",
    "explanation": "1-6中相关情况说明（以上1-6勾选“是”的单位请在此处对相关情况进行说明，全选否的单位无需填写）",
    "q7": "7.企业名称与绿色工厂名单是否一致（国家层面绿色工厂名单可在本页上方下载查看）",
    "former_name": "变更前的工厂名称（与本页上方下载绿色工厂名单名称不一致的填写）",
}

BASIC_LABELS = {
    "factory_name": "工厂名称", "uscc": "统一社会信用代码", "address": "工厂地址",
    "industry_type": "工厂所属行业", "industry_other": "工厂所属行业（其它请填写）",
    "main_products": "工厂主要产品", "contact_name": "填报信息联系人", "contact_phone": "联系人电话",
    "contact_email": "电子邮件地址", "contact_mobile": "联系人手机号",
    "industry1": "主营行业1", "industry2": "主营行业2", "industry3": "主营行业3",
    "special_note": "特殊情况说明",
}

FILL_NOTES = {
    "E0": "请使用报统计局B204-1《工业产销总值及主要产品产量表》中数据。注意B204-1表中单位为千元。",
    "E1": "请使用报统计局《能源购进、消费与库存》（205-1表）数据",
    "E2": "该指标等于综合能源消费量减去原料用能量。请使用报统计局《能源购进、消费与库存》（205-1表）数据计算。",
    "E3": ("可再生能源指能够在较短时间内通过自然过程不断补充和再生的能源，包括水能、风能、太阳能、生物质能、"
           "地热能、海洋能等。可再生能源消耗量包括工厂建设可再生能源利用设施自产自用的能源量及通过市场化交易"
           "购入使用的可再生能源电力消费量（依据市场化交易合同、交易结算凭证或中国可再生能源绿色电力证书）"),
}
ROW_NAMES = {"S_ENERGY": "1、能源低碳化", "G_ENERGY": "能源消费情况", "E0": "工业总产值",
             "E1": "综合能源消费量合计", "E2": "实际消耗的各种能源实物量合计", "E3": "工厂可再生能源消耗量",
             "G_POLLUTANT": "污染物排放情况", "P2G": "氨氮产生量", "P2E": "氨氮排放量"}


@pytest.fixture(params=["green-factory-2025"])
def d(request):
    from greendesk import forms

    return forms.get(request.param)


def test_title_pledge_and_signature_labels(d):
    assert d.title == "绿色工厂动态管理表"
    assert d.pledge == PLEDGE
    assert d.signature_labels[0] == "法人签字："
    assert d.signature_labels[1] == "（单位公章）"


def test_part_titles_in_order(d):
    assert [p.title for p in d.parts] == PART_TITLES
    assert next(p for p in d.parts if p.id == "part2").note == PART2_NOTE


def test_compliance_questions_word_for_word(d):
    for fid, label in QUESTIONS.items():
        assert d.fields[fid].label == label, fid
    assert [d.fields[q].type for q in ("q1", "q2", "q3", "q4", "q5", "q6", "q7")] == ["yesno"] * 7


def test_basic_information_labels_and_industry_options(d):
    for fid, label in BASIC_LABELS.items():
        assert d.fields[fid].label == label, fid
    assert d.fields["industry_type"].options == ["钢铁", "建材", "石化", "有色", "电子电器", "机械", "轻工",
                                                 "纺织", "其它"]
    assert d.fields["industry_type"].help == "当工厂所属行业不属于选项所列行业时，需要选择其他，并在下方填写具体所属行业。"
    assert d.fields["industry1"].placeholder.startswith("请选择工厂主要产品所")
    assert d.fields["industry2"].placeholder.startswith("存在多个行业时选择")
    assert d.fields["special_note"].placeholder == "当存在跨行业或其他特殊情况时，在此处补充说明"


def test_table_columns_rows_and_fill_notes(d):
    assert d.table.columns == ["指标名称", "指标涉及的参数", "单位", "{year}年指标值", "特殊情况说明", "填写说明"]
    for rid, name in ROW_NAMES.items():
        assert d.rows[rid].name == name, rid
    for rid, note in FILL_NOTES.items():
        assert d.rows[rid].fill_note == note, rid
    assert d.rows["E0"].unit == "万元" and d.rows["E3"].unit == "吨标准煤"
    assert d.rows["P2G"].unit == "吨" and d.rows["P2E"].unit == "吨"
    table_part = next(p for p in d.parts if p.table)
    assert table_part.note.startswith("当所填指标数值超出常规范围，系统会给出弹窗提醒。如填写有误请根据提醒返回修正。"
                                      "如确认数据无误，可关闭弹窗继续填写")


def _findings(definition, draft, edits, code):
    EditSession(definition, draft).apply(edits)
    return [f for f in validate(definition, draft).findings if f.code == code]


def test_range_warning_is_the_manuals_popup(d, sample2025):
    """工业总产值 1 → 数值超出范围警告 / 该值超出常规范围…（the manual's screenshot）."""
    [f] = [f for f in _findings(d, sample2025, [("t:E0:2024", "150000")], "V9") if f.cell == "t:E0:2024"]
    assert (f.title, f.message) == (RANGE_TITLE, RANGE_TEXT)
    assert f.severity == "warning"


def test_rule_warning_is_the_manuals_popup(d, sample2025):
    """氨氮产生量 3, 氨氮排放量 5 (2022) → 数值规则警告 with the manual's text."""
    [f] = _findings(d, sample2025, [("t:P2G:2022", "3"), ("t:P2E:2022", "5")], "V3")
    assert (f.title, f.message) == (RULE_TITLE, RULE_TEXT)
    assert f.severity == "warning" and f.cell == "t:P2E:2022"


def test_ammonia_intensity_warning_is_the_manuals_popup(d, sample2025):
    [f] = [f for f in _findings(d, sample2025, [("t:P2G:2024", "30"), ("t:P2E:2024", "20")], "V4")
           if f.cell == "t:P2I:2024"]
    assert (f.title, f.message) == (RULE_TITLE, RULE_TEXT)


def test_range_warnings_of_the_other_bands_use_the_same_words(d, sample2025):
    edits = [("t:L2:2024", "900000"),  # 容积率 7.5 (V17)
             ("t:L1:2023", "1000")]  # 单位用地面积产值 92.3 万元/平方米 (V18)
    for code in ("V17", "V18"):
        found = [f for f in _findings(d, sample2025.model_copy(deep=True), edits, code)
                 if f.severity == "warning"]
        assert found and all((f.title, f.message) == (RANGE_TITLE, RANGE_TEXT) for f in found), code

"""The rule engine: every V-rule with a passing and a failing case, all findings at once, each
tied to its cell; errors block, warnings don't and are acknowledged by a 特殊情况说明."""

from __future__ import annotations

import pytest

from greendesk.messages import RANGE_TEXT, RANGE_TITLE, RULE_TEXT_NH3N, RULE_TITLE
from greendesk.rules import validate
from greendesk.session import EditSession

rule = pytest.mark.rule


def _codes(report, cell=None, code=None):
    return [f for f in report.findings
            if (cell is None or f.cell == cell) and (code is None or f.code == code)]


def _edit(definition, draft, edits):
    s = EditSession(definition, draft)
    s.apply(edits)
    return validate(definition, draft)


@pytest.mark.parametrize("code", [f"V{i}" for i in range(1, 24)])
def test_sample_triggers_no_error_or_warning_of_each_rule(def2025, sample2025, code):
    """The passing case of every rule: the plausible sample raises none of them."""
    report = validate(def2025, sample2025)
    assert not [f for f in report.findings if f.code == code and f.severity != "info"]


def test_sample_passes_without_errors(def2025, sample2025):
    report = validate(def2025, sample2025)
    assert report.errors == []
    assert report.ok


@rule("V1")
def test_V1_required_field_and_every_parameter_year(def2025, sample2025):
    report = _edit(def2025, sample2025, [("f:factory_name", ""), ("t:E0:2023", ""), ("f:industry1", "")])
    assert _codes(report, "f:factory_name", "V1")[0].severity == "error"
    f = _codes(report, "t:E0:2023", "V1")[0]
    assert f.year == 2023 and f.row == "E0" and "2023年未填写" in f.message
    assert _codes(report, "f:industry1", "V1")


@rule("V1")
def test_V1_optional_rows_and_fields_may_stay_blank(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:P8:2024", ""), ("f:suggestions", ""), ("f:industry2", "")])
    assert not _codes(report, "t:P8:2024") and not _codes(report, "f:suggestions")


@rule("V1")
def test_V1_product_group_question_and_items(def2025, sample2025):
    report = _edit(def2025, sample2025, [("p:W3:applicable", "")])
    assert _codes(report, "p:W3:applicable", "V1")
    report = _edit(def2025, sample2025, [("p:W3:applicable", "是")])
    assert _codes(report, "p:W3:0:name", "V1")
    report = _edit(def2025, sample2025, [("p:E6:0:output:2024", "")])
    assert _codes(report, "p:E6:0:output:2024", "V1")


@rule("V2")
def test_V2_negative_numbers_and_percentages_over_100(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:W1:2024", "-5"), ("t:P8:2024", "120")])
    assert _codes(report, "t:W1:2024", "V2")[0].severity == "error"
    assert "不能大于 100%" in _codes(report, "t:P8:2024", "V2")[0].message


@rule("V2")
def test_V2_passes_on_sample(def2025, sample2025):
    assert not _codes(validate(def2025, sample2025), code="V2")


@rule("V3")
def test_V3_emission_above_generation_gives_the_manual_warning(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:P2G:2022", "3"), ("t:P2E:2022", "5")])
    f = _codes(report, "t:P2E:2022", "V3")[0]
    assert f.severity == "warning" and not f.blocking
    assert f.title == RULE_TITLE == "数值规则警告"
    assert f.message == RULE_TEXT_NH3N
    assert "2022年" in f.detail and "氨氮产生量 3吨" in f.detail and "氨氮排放量 5吨" in f.detail
    assert report.ok  # a warning never blocks


@rule("V3")
def test_V3_passes_when_emission_le_generation(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:P2G:2022", "5"), ("t:P2E:2022", "5")])
    assert not _codes(report, "t:P2E:2022", "V3")


@rule("V4")
def test_V4_ammonia_intensity_out_of_range(def2025, sample2025):
    # 20 t over 86,520 万元 = 0.231 kg/万元 > 0.1
    report = _edit(def2025, sample2025, [("t:P2G:2022", "25"), ("t:P2E:2022", "20"),
                                         ("t:P1G:2022", "300"), ("t:P1E:2022", "60")])
    f = _codes(report, "t:P2I:2022", "V4")[0]
    assert f.message == RULE_TEXT_NH3N and "0.2312千克/万元" in f.detail


@rule("V4")
def test_V4_within_band_on_sample(def2025, sample2025):
    report = validate(def2025, sample2025)
    assert not _codes(report, code="V4")


@rule("V5")
def test_V5_renewable_cannot_exceed_total(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:E3:2024", "4000")])
    f = _codes(report, "t:E3:2024", "V5")[0]
    assert f.severity == "error" and "工厂可再生能源消耗量 4,000吨标准煤" in f.detail
    assert not report.ok


@rule("V5")
def test_V5_compares_after_unit_conversion(def2025, sample2025):
    # 3980 t vs 0.5 万t = 5000 t: fine once converted, although 3980 > 0.5 as raw numbers
    report = _edit(def2025, sample2025, [("t:E1:unit", "万吨标准煤"), ("t:E2:unit", "万吨标准煤"),
                                         ("t:E1:2024", "0.5"), ("t:E2:2024", "0.45")])
    assert not _codes(report, "t:E3:2024", "V5")
    assert not _codes(report, code="V7")


@rule("V6")
def test_V6_physical_total_le_consumption(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:E2:2023", "4000")])
    assert _codes(report, "t:E2:2023", "V6")[0].severity == "error"


@rule("V7")
def test_V7_E1_and_E2_need_the_same_unit(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:E1:unit", "万吨标准煤")])
    f = _codes(report, "t:E2:unit", "V7")[0]
    assert f.severity == "error" and "吨标准煤 / 万吨标准煤" in f.message.replace("万吨标准煤 / 吨标准煤", "吨标准煤 / 万吨标准煤")


@rule("V8")
def test_V8_output_value_ten_times_last_year_suggests_qianyuan(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:E0:2024", "923100")])
    f = _codes(report, "t:E0:2024", "V8")[0]
    assert "是否误按千元填写" in f.message and "10.0 倍" in f.message


@rule("V9")
def test_V9_year_on_year_jump_shows_actual_values(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:W1:2024", "420000")])
    f = _codes(report, "t:W1:2024", "V9")[0]
    assert f.title == RANGE_TITLE and f.message == RANGE_TEXT
    assert f.detail.startswith("取水量 2024年 420,000立方米，较上年增长 237%")


@rule("V9")
def test_V9_acknowledged_by_a_note_and_never_blocking(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:W1:2024", "420000"), ("t:W1:note", "新增生产线试车用水")])
    f = _codes(report, "t:W1:2024", "V9")[0]
    assert f.acknowledged and report.ok


@rule("V10")
def test_V10_utilised_waste_le_generated_plus_stock(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:S2:2024", "2400")])
    assert _codes(report, "t:S2:2024", "V10")[0].severity == "error"
    report = _edit(def2025, sample2025, [("t:S2:2024", "2320")])  # 2310 + 10 stock
    assert not _codes(report, "t:S2:2024", "V10")


@rule("V11")
def test_V11_zero_water_intake_warns(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:W1:2022", "0")])
    assert _codes(report, "t:W1:2022", "V11")[0].severity == "warning"


@rule("V12")
def test_V12_ammonia_above_cod(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:P2G:2023", "50"), ("t:P2E:2023", "0.49")])
    assert _codes(report, "t:P2G:2023", "V12")


@rule("V13")
def test_V13_co2_per_tce_band(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:E7:2024", "40000")])
    f = _codes(report, "t:E7:2024", "V13")[0]
    assert "吨二氧化碳/吨标准煤" in f.detail and "10.05" in f.detail


@rule("V15")
def test_V15_energy_intensity_band_and_pass(def2025, sample2025):
    assert not _codes(validate(def2025, sample2025), code="V15")
    report = _edit(def2025, sample2025, [("t:E0:2022", "50")])  # 3850 t / 50 万元 = 77
    f = _codes(report, "t:E4:2022", "V15")[0]
    assert f.message == RANGE_TEXT and "常规范围 0.001～5吨标准煤/万元" in f.detail


@rule("V15")
def test_V15_band_shown_in_the_unit_the_user_chose(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:E0:2022", "50"), ("t:E4:unit", "千克标准煤/万元")])
    f = _codes(report, "t:E4:2022", "V15")[0]
    assert "77,000.0000千克标准煤/万元" in f.detail and "1～5000千克标准煤/万元" in f.detail


@rule("V16")
def test_V16_pollutant_intensity_band(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:P1G:2024", "300"), ("t:P1E:2024", "150")])
    assert _codes(report, "t:P1I:2024", "V16")


@rule("V16")
def test_V16_zero_cod_and_ammonia_for_water_intensive_divisions(def2025, sample2025):
    pristine = sample2025.model_copy(deep=True)
    edits = [("f:industry1", "2211")]  # 木竹浆制造 (大类 22)
    edits += [(f"t:{r}:2024", "0") for r in ("P1G", "P1E", "P2G", "P2E")]
    report = _edit(def2025, sample2025, edits)
    assert _codes(report, "t:P1G:2024", "V16")
    assert not _codes(_edit(def2025, pristine, [("f:industry1", "2211")]), "t:P1G:2024", "V16")


@rule("V17")
def test_V17_plot_ratio_band_minimum_and_building_coefficient(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:L2:2024", "60000"), ("t:L3:2024", "30000")])
    # 容积率 0.5 < C38 minimum 0.7 → info; 建筑系数 25% < 30% → info
    assert _codes(report, "t:L5:2024", "V17")[0].severity == "info"
    assert any("C38" in f.message for f in _codes(report, "t:L5:2024", "V17"))
    assert _codes(report, "t:L6:2024", "V17")
    report = _edit(def2025, sample2025, [("t:L2:2024", "800000")])  # 6.67 > 5
    assert any(f.severity == "warning" for f in _codes(report, "t:L5:2024", "V17"))


@rule("V18")
def test_V18_land_productivity_band_in_any_unit(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:L1:2024", "5000"), ("t:L1:unit", "平方米")])  # 19.75 万元/m²
    assert _codes(report, "t:L4:2024", "V18")
    # 120000 m² = 180 亩: same value converted, no warning
    report = _edit(def2025, sample2025, [("t:L1:unit", "亩"), ("t:L1:2022", "180"),
                                         ("t:L1:2023", "180"), ("t:L1:2024", "180")])
    assert not _codes(report, code="V18")


@rule("V19")
def test_V19_yes_answer_requires_explanation(def2025, sample2025):
    report = _edit(def2025, sample2025, [("f:q3", "是")])
    f = _codes(report, "f:explanation", "V19")[0]
    assert f.severity == "error" and "选择了“是”" in f.message
    report = _edit(def2025, sample2025, [("f:explanation", "已整改完毕，附件提供说明。")])
    assert not _codes(report, "f:explanation")


@rule("V19")
def test_V19_name_mismatch_requires_former_name_and_other_industry_text(def2025, sample2025):
    report = _edit(def2025, sample2025, [("f:q7", "否"), ("f:industry_type", "其它")])
    assert _codes(report, "f:former_name", "V19")
    assert _codes(report, "f:industry_other", "V19")
    report = _edit(def2025, sample2025, [("f:former_name", "广东绿源电缆厂"), ("f:industry_other", "线缆")])
    assert not _codes(report, code="V19")


@rule("V20")
@pytest.mark.parametrize(("cell", "value", "severity"), [
    ("f:uscc", "91350200M000000510", "error"),
    ("f:uscc", "91350100M000100Y4O", "error"),
    ("f:uscc", "91350100M000100Y4", "error"),
    ("f:uscc", "51610700305332460K", "warning"),
    ("f:contact_mobile", "1380013800", "error"),
    ("f:contact_mobile", "23800138000", "error"),
    ("f:contact_phone", "12345678-020-1", "warning"),
    ("f:contact_email", "green@", "warning"),
])
def test_V20_formats(def2025, sample2025, cell, value, severity):
    report = _edit(def2025, sample2025, [(cell, value)])
    found = _codes(report, cell, "V20")
    assert found and found[0].severity == severity


@rule("V20")
@pytest.mark.parametrize(("cell", "value"), [
    ("f:uscc", "91350100M000100Y43"), ("f:uscc", "９１４４０３００７０８４６１１３６ｔ"),
    ("f:contact_mobile", "139 1234 5678"), ("f:contact_phone", "0755-26543210"),
    ("f:contact_phone", "020-12345678-8001"), ("f:contact_email", "a.b@c.example.com"),
])
def test_V20_valid_formats_pass(def2025, sample2025, cell, value):
    assert not _codes(_edit(def2025, sample2025, [(cell, value)]), cell)


@rule("V20")
def test_V20_region_must_match(def2025, sample2025):
    report = _edit(def2025, sample2025, [("f:address.city", "4403")])  # 深圳市 with 黄埔区 (广州)
    assert _codes(report, "f:address.province", "V20")


@rule("V21")
def test_V21_industry_codes(def2025, sample2025):
    report = _edit(def2025, sample2025, [("f:industry1", "9999"), ("f:industry2", "0111"),
                                         ("f:industry3", "3831")])
    assert _codes(report, "f:industry1", "V21")[0].severity == "error"
    assert _codes(_edit(def2025, sample2025, [("f:industry1", "0111")]), "f:industry1", "V21")[0].severity == "warning"
    report = _edit(def2025, sample2025, [("f:industry1", "C3831"), ("f:industry2", "3831")])
    assert _codes(report, "f:industry2", "V21")  # duplicate
    assert not _codes(report, "f:industry1", "V21")


@rule("V22")
def test_V22_renewable_share_over_half_warns(def2025, sample2025):
    report = _edit(def2025, sample2025, [("t:E3:2024", "2500")])
    f = _codes(report, "t:E5:2024", "V22")[0]
    assert f.severity == "warning" and "62.81%" in f.detail


def test_all_findings_reported_at_once_sorted_by_part(def2025):
    from greendesk.draft import new_draft

    report = validate(def2025, new_draft(def2025))
    parts = [f.part for f in report.findings]
    assert parts == sorted(parts, key=["part0", "part1", "part2", "part3", "part4", "part5"].index)
    n_param_cells = sum(1 for r in def2025.parameter_rows if r.required) * len(def2025.years)
    assert len(_codes(report, code="V1")) >= n_param_cells + 10
    assert len({f.cell for f in report.findings}) == len(report.findings)

"""核对平台数据: a workbook laid out like the platform's page (as the manual pictures it) compared with
the draft, whatever the column offset or row order; an unknown layout is named, not passed."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from greendesk.compare import compare_grids, compare_workbook
from greendesk.export.xlsx_export import render_xlsx

HEADER = ["指标名称", "指标涉及的参数", "单位", "2022年指标值", "2023年指标值", "2024年指标值",
          "特殊情况说明", "填写说明"]
# The sample factory's figures (resources/samples, tools/make_samples.py), typed as a user would.
E_ROWS = [
    ["工业总产值", "", "万元", 86520, 92310, 98760],
    ["综合能源消费量合计", "", "吨标准煤", 3850, 3920, 3980],
    ["实际消耗的各种能源实物量合计", "", "吨标准煤", 3810, 3880, 3945],
    ["工厂可再生能源消耗量", "", "吨标准煤", 300, 420, 560],
]
P_ROWS = [["氨氮产生量", "", "吨", 3.6, 3.4, 3.3], ["氨氮排放量", "", "吨", 0.52, 0.49, 0.45]]


def _platform_like(path: Path, *, offset: int = 0, rows=None, shuffle=False, extra=()) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "绿色工厂动态管理表"
    pad = [None] * offset
    ws.append(pad + [None, None, None, None, "绿色工厂动态管理表"])
    ws.append(pad + ["一、基本信息"])
    ws.append(pad + ["工厂名称", "广东绿源示范电缆有限公司"])
    ws.append(pad + ["填报信息联系人", "李明", "联系人电话", "020-82213456"])
    ws.append(pad + ["7.企业名称与绿色工厂名单是否一致（国家层面绿色工厂名单可在本页上方下载查看）", "☑是 □否"])
    ws.append(pad + ["三、持续改进情况"])
    ws.append(pad + HEADER)
    ws.append(pad + ["1、能源低碳化"])
    body = [list(r) for r in (rows if rows is not None else E_ROWS + P_ROWS)]
    if shuffle:
        body.reverse()
    for r in body:
        ws.append(pad + r)
    for r in extra:
        ws.append(pad + list(r))
    wb.save(path)
    return path


def test_platform_like_layout_with_no_typing_mistake_has_no_difference(tmp_path, def2025, sample2025):
    result = compare_workbook(_platform_like(tmp_path / "p.xlsx"), def2025, sample2025)
    assert result.readable
    # 6 rows × 3 years + 工厂名称 + 联系人 + 电话 + 第7题
    assert result.equal == 6 * 3 + 4
    values = [d for d in result.differences if d.kind != "row_not_found"]
    assert values == []
    assert "年份列：2022年、2023年、2024年" in result.found[0]


def test_every_typing_mistake_is_listed(tmp_path, def2025, sample2025):
    rows = [list(r) for r in E_ROWS + P_ROWS]
    rows[0][4] = 9231  # 工业总产值 2023: a digit dropped
    rows[5][5] = None  # 氨氮排放量 2024 left blank on the platform
    rows[1][2] = "万吨标准煤"  # wrong unit picked, value typed in 吨
    path = _platform_like(tmp_path / "p.xlsx", rows=rows)
    diffs = {(d.cell, d.kind): d for d in compare_workbook(path, def2025, sample2025).differences}
    d = diffs[("t:E0:2023", "value")]
    assert (d.draft, d.platform, d.label, d.year) == ("92310", "9231", "工业总产值", 2023)
    assert ("t:P2E:2024", "missing_on_platform") in diffs
    assert diffs[("t:E1:unit", "unit")].platform == "万吨标准煤"
    # 3850 万吨标准煤 is 38,500,000 吨标准煤: each year then differs from the draft
    assert diffs[("t:E1:2022", "value")].platform == "38500000"


def test_layout_shifted_and_reordered_is_still_read(tmp_path, def2025, sample2025):
    path = _platform_like(tmp_path / "p.xlsx", offset=2, shuffle=True)
    result = compare_workbook(path, def2025, sample2025)
    assert result.equal == 6 * 3 + 4
    assert [d for d in result.differences if d.kind != "row_not_found"] == []


def test_rows_of_the_draft_missing_from_the_workbook_are_named(tmp_path, def2025, sample2025):
    result = compare_workbook(_platform_like(tmp_path / "p.xlsx"), def2025, sample2025)
    missing = {d.label for d in result.differences if d.kind == "row_not_found"}
    assert "取水量" in missing and "工业总产值" not in missing


def test_rows_we_do_not_know_are_reported(tmp_path, def2025, sample2025):
    path = _platform_like(tmp_path / "p.xlsx", extra=[["能碳管理系统平台功能符合数量", "", "项", 3, 4, 5]])
    result = compare_workbook(path, def2025, sample2025)
    assert "能碳管理系统平台功能符合数量" in result.unmatched


def test_unknown_layout_says_what_was_found(tmp_path, def2025, sample2025):
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["企业", "产值"])
    wb.active.append(["某公司", 100])
    wb.save(tmp_path / "x.xlsx")
    result = compare_workbook(tmp_path / "x.xlsx", def2025, sample2025)
    assert not result.readable
    text = result.to_text()
    assert "未能识别" in text and "「Sheet1」" in text and "「企业」" in text


def test_greendesk_own_workbook_compares_equal(tmp_path, def2025, sample2025):
    path = tmp_path / "own.xlsx"
    path.write_bytes(render_xlsx(def2025, sample2025))
    result = compare_workbook(path, def2025, sample2025)
    assert result.differences == [] and result.equal > 150


def test_not_a_workbook(tmp_path, def2025, sample2025):
    import pytest

    from greendesk.compare import CompareError

    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"hello")
    with pytest.raises(CompareError, match="不是 Excel 工作簿"):
        compare_workbook(bad, def2025, sample2025)
    assert compare_grids({}, def2025, sample2025).readable is False

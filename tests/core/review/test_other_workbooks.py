"""Workbooks a reviewer expects to see are rows of the review, never skipped: an .xls, .xlsm, .xlsb or
.et in a folder says how to make it readable (QA: they were left out without a word), and a
workbook that is neither GreenDesk's table nor a 培育名单 says so without naming a CLI option the
review does not have."""

from __future__ import annotations

from openpyxl import Workbook

from greendesk.review.runner import run_review


def test_other_spreadsheet_files_in_a_folder_are_unreadable_rows_saying_what_to_do(tmp_path):
    for name in ("佛山.xls", "广州.xlsm", "深圳.xlsb", "珠海.et"):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0 not read")
    (tmp_path / "说明.txt").write_text("不是表格", encoding="utf-8")  # not a table: not a row
    reasons = {u.file.rsplit("/", 1)[-1]: u.reason for u in run_review([tmp_path], workers=1, use_cache=False).units}
    assert reasons == {
        "佛山.xls": "「佛山.xls」是旧版 Excel 工作簿（.xls），请在 Excel 中另存为 .xlsx 后再审核。",
        "广州.xlsm": "「广州.xlsm」是含宏的工作簿（.xlsm），请另存为 .xlsx（不含宏）后再审核。",
        "深圳.xlsb": "「深圳.xlsb」是二进制 Excel 工作簿（.xlsb），请另存为 .xlsx 后再审核。",
        "珠海.et": "「珠海.et」是 WPS 表格文件（.et），请另存为 .xlsx 后再审核。",
    }


def test_a_workbook_that_is_not_ours_says_so_without_a_cli_option(tmp_path):
    wb = Workbook()
    wb.active["A1"] = "某市企业名单"
    wb.save(tmp_path / "别的表.xlsx")
    [unit] = run_review([tmp_path], workers=1, use_cache=False).units
    assert unit.reason == ("「别的表.xlsx」不是由 GreenDesk 导出的动态管理表，也不是培育名单（附件3/4）模板"
                           "（前 50 行中找不到它的表头），无法审核。")

"""The review's flags: what a city or group reviewer is asked to look at, in one catalogue.

Codes are stable (they go into the JSON report and the review file); labels are the Chinese words the
workbook and the window show. The order is the order of importance in every listing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Flag:
    code: str
    label: str  # column head / sheet name (≤ 31 characters, no []:*?/\)
    meaning: str  # one line for the reviewer


FLAGS: tuple[Flag, ...] = (
    Flag("unreadable", "无法读取", "文件无法作为 GreenDesk 动态管理表读取（原因见说明）"),
    Flag("has_errors", "存在错误", "表中存在未修正的错误，不能作为签字盖章版"),
    Flag("not_placed", "有未读入的内容", "文件中有表格读不进或不显示的内容（导入时跳过的值，当前表单没有的行、年度或字段），见说明"),
    Flag("compliance_yes", "合规性问题", "合规性信息第1–6项中有回答“是”的"),
    Flag("name_changed", "名称变更", "企业名称与名单不一致（第7项答“否”或填写了变更前名称）"),
    Flag("unexplained_warning", "警告未说明", "有超出常规范围的数值，所在行没有填写特殊情况说明"),
    Flag("large_yoy_change", "同比变化大", "指标与上年相比变化超出常规范围"),
    Flag("duplicate_uscc", "信用代码重复", "同一统一社会信用代码出现在多个文件中"),
    Flag("scan_mismatch", "扫描件不符", "旁边的盖章扫描件上的二维码与文件内容不一致"),
    Flag("scan_no_code", "扫描件无二维码", "旁边的扫描件中没有找到 GreenDesk 二维码"),
    Flag("still_draft", "仍为草稿", "文件状态为“草稿”，尚未通过验证"),
    Flag("not_current_form", "非本年度表", "不是本程序提供的最新年度表单"),
)

BY_CODE: dict[str, Flag] = {f.code: f for f in FLAGS}
ORDER: dict[str, int] = {f.code: i for i, f in enumerate(FLAGS)}


def label(code: str) -> str:
    flag = BY_CODE.get(code)
    return flag.label if flag else code


def sort_codes(codes: set[str] | list[str]) -> list[str]:
    return sorted(set(codes), key=lambda c: (ORDER.get(c, len(ORDER)), c))

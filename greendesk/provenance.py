"""Say what is guessed: which rows of Part 3 the manual shows (`seen`) and which GreenDesk had to
reconstruct, in the words the window shows. The facts live in the definition (`provenance`,
`fill_note_provenance`); this only words them."""

from __future__ import annotations

from greendesk.definition import FormDefinition, Row

RECONSTRUCTED_TIP = (
    "本行未见于平台填报手册：名称、单位、下拉选项或常规范围是 GreenDesk 依据相关标准重构的。"
    "与平台的表格不一致时，以平台的表格为准。")
ADDED_NOTE_TIP = "本行见于平台填报手册；其填写说明为 GreenDesk 所加，平台表格中未见。"
GUESSED_UNITS_TIP = ("本行见于平台填报手册，手册中可见其单位为下拉选择，但看不到下拉中的选项："
                     "GreenDesk 提供的单位选项是推测的，请以平台下拉中的选项为准。")
SEEN_PARTS_TEXT = (
    "与平台填报手册核对过（按原文再现）：主营行业、一、基本信息、二、合规性信息的全部题目；"
    "三、持续改进情况的表头，“1、能源低碳化 · 能源消费情况”中的工业总产值、综合能源消费量合计、"
    "实际消耗的各种能源实物量合计、工厂可再生能源消耗量，“污染物排放情况”中的氨氮产生量、氨氮排放量；"
    "数值超出范围警告和数值规则警告的原文；真实性承诺。")
RECONSTRUCTED_PARTS_TEXT = (
    "重构的（手册中未见，依据 GB/T 36132 等标准和统计报表）：三、持续改进情况的其余各行及其单位、"
    "下拉选项和常规范围（窗口中带 ≈ 标记）；四、亮点工作和五、意见和建议的提示文字。"
    "两者不一致时，以平台的表格为准。")


def row_of(definition: FormDefinition, row_id: str | None) -> Row | None:
    return definition.rows.get(row_id or "")


def is_seen(row: Row) -> bool:
    return row.provenance.startswith("seen")


def row_tip(definition: FormDefinition, row_id: str | None) -> str | None:
    """The tooltip a Part 3 row carries: None for a row seen in the manual as it is."""
    row = row_of(definition, row_id)
    if row is None:
        return None
    if not is_seen(row):
        return RECONSTRUCTED_TIP
    if row.fill_note_provenance == "added":
        return ADDED_NOTE_TIP
    if row.unit_options_provenance == "guessed":
        return GUESSED_UNITS_TIP
    return None


def counts(definition: FormDefinition) -> tuple[int, int]:
    """(rows seen in the manual, rows in all) of Part 3."""
    rows = definition.table.rows
    return sum(1 for r in rows if is_seen(r)), len(rows)

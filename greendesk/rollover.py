"""Year rollover: a new year's table made from last year's draft.

Basic facts carry over, Part 3 values are re-aligned by row id and year (never by position),
compliance answers are cleared because they are answered anew each year, and highlights are offered
as starting text. Everything carried, dropped or different is reported, and every carried cell is
logged with source "carried".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from greendesk import cells
from greendesk.definition import FormDefinition
from greendesk.draft import Draft, new_draft
from greendesk.numbers import NumberError, fit
from greendesk.session import EditSession
from greendesk.units import UnitError, convert


class RolloverError(ValueError):
    """Last year's draft cannot become this table (another kind of table); `message` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_same_kind(old_def: FormDefinition, new_def: FormDefinition) -> None:
    """Refuse to carry a table into another kind (工厂 → 园区): rows and fields mean other things."""
    if old_def.kind != new_def.kind:
        raise RolloverError(
            f"上年度草稿是「{old_def.kind_title}」，不能结转为「{new_def.kind_title}」：两者不是同一类表单。"
            f"请选择本单位上年度的「{new_def.title}」草稿。")


@dataclass
class RolloverReport:
    old_form: str
    new_form: str
    carried: list[tuple[str, str, str]] = field(default_factory=list)  # (cell, label, value)
    dropped: list[tuple[str, str, str]] = field(default_factory=list)  # (cell, label, reason)
    cleared: list[str] = field(default_factory=list)  # field labels answered anew
    offered: dict[str, str] = field(default_factory=dict)  # field id → last year's text
    offered_labels: dict[str, str] = field(default_factory=dict)  # field id → label
    differences: list[str] = field(default_factory=list)  # between the two definitions
    left_for_user: list[int] = field(default_factory=list)  # years with no values carried

    def to_text(self) -> str:
        lines = [f"上年度草稿结转：{self.old_form} → {self.new_form}"]
        lines.append(f"已结转 {len(self.carried)} 项。")
        if self.left_for_user:
            lines.append("需要新填写的年度：" + "、".join(f"{y}年" for y in self.left_for_user))
        if self.cleared:
            lines.append("需要重新回答（每年重新填报）：" + "；".join(self.cleared))
        if self.offered:
            names = (self.offered_labels.get(k, k) for k in self.offered)
            lines.append("可作为起始文本的上年度内容：" + "、".join(names))
        if self.dropped:
            lines.append(f"未结转 {len(self.dropped)} 项：")
            lines += [f"  - {label}：{reason}" for _, label, reason in self.dropped[:50]]
            if len(self.dropped) > 50:
                lines.append(f"  …… 另有 {len(self.dropped) - 50} 项")
        if self.differences:
            lines.append("两年表单的差异：")
            lines += [f"  - {d}" for d in self.differences]
        return "\n".join(lines)


def rollover(old: Draft, old_def: FormDefinition, new_def: FormDefinition, *,
             accept_offers: bool = False) -> tuple[Draft, RolloverReport]:
    """RolloverError when the two definitions are of different kinds."""
    check_same_kind(old_def, new_def)
    draft = new_draft(new_def)
    session = EditSession(new_def, draft)
    report = RolloverReport(f"{old_def.title}（{old_def.report_year}年度）",
                            f"{new_def.title}（{new_def.report_year}年度）")
    edits: list[tuple[str, str | None]] = []

    # ---- fields
    for fid, f in new_def.fields.items():
        keys = [k for k in old.fields if k == fid or k.startswith(fid + ".")]
        if not keys:
            continue
        if f.carry == "clear":
            report.cleared.append(_short(f.label))
        elif f.carry == "offer":
            report.offered[fid] = old.fields[fid]
            report.offered_labels[fid] = f.label
            if accept_offers:
                edits.append((f"f:{fid}", old.fields[fid]))
        else:
            for k in keys:
                edits.append((f"f:{k}", old.fields[k]))
                report.carried.append((f"f:{k}", f.label, old.fields[k]))
    for k in old.fields:
        if k.split(".")[0] not in new_def.fields:
            report.dropped.append((f"f:{k}", k, "新表单中没有该字段"))

    # ---- Part 3 values by row id and year
    new_years = set(new_def.years)
    for rid, entry in old.table.items():
        old_row = old_def.rows.get(rid)
        label = old_row.name if old_row else rid
        row = new_def.rows.get(rid)
        if row is None:
            for y, v in entry.values.items():
                report.dropped.append((f"t:{rid}:{y}", f"{label} {y}年", f"新表单中没有该行（原值 {v}）"))
            continue
        unit = entry.unit or (old_row.unit if old_row else row.unit)
        target_unit = unit if unit in row.units else row.unit
        if entry.values and target_unit != (draft.table[rid].unit or row.unit):
            edits.append((cells.unit_cell(rid), target_unit))
        for y, v in sorted(entry.values.items()):
            if int(y) not in new_years:
                report.dropped.append((f"t:{rid}:{y}", f"{label} {y}年", f"本年度表不再填报 {y} 年（原值 {v}）"))
                continue
            if row.kind not in ("parameter", "qualitative"):
                continue
            value = v
            if target_unit != unit:
                try:
                    value = fit(convert(Decimal(v), unit, target_unit))
                except NumberError as exc:
                    report.dropped.append((f"t:{rid}:{y}", f"{label} {y}年", exc.message))
                    continue
                except UnitError:
                    report.dropped.append((f"t:{rid}:{y}", f"{label} {y}年", f"单位「{unit}」无法换算"))
                    continue
            edits.append((cells.value_cell(rid, int(y)), value))
            report.carried.append((cells.value_cell(rid, int(y)), f"{label} {y}年", value))
        if entry.note and any(int(y) in new_years for y in entry.values):
            edits.append((cells.note_cell(rid), entry.note))
            report.carried.append((cells.note_cell(rid), f"{label} 特殊情况说明", entry.note))

    # ---- product sub-rows
    for rid, group in old.products.items():
        row = new_def.rows.get(rid)
        if row is None or row.products is None:
            if group.applicable or any(not i.is_empty() for i in group.items):
                report.dropped.append((f"p:{rid}", rid, "新表单中没有该产品行"))
            continue
        if group.applicable:
            edits.append((f"p:{rid}:applicable", group.applicable))
        if group.consumption_unit:
            edits.append((f"p:{rid}:cunit", group.consumption_unit))
        quantity = {"output": row.products.output_label, "consumption": row.products.consumption_label}
        for i, item in enumerate(group.items[: row.products.max_items]):
            for attr in ("name", "standard", "unit"):
                if getattr(item, attr):
                    edits.append((f"p:{rid}:{i}:{attr}", getattr(item, attr)))
            for attr in ("output", "consumption"):
                for y, v in getattr(item, attr).items():
                    cell = f"p:{rid}:{i}:{attr}:{y}"
                    what = f"{row.name} {item.name or f'产品{i + 1}'} {quantity[attr]} {y}年"
                    if int(y) in new_years:
                        edits.append((cell, v))
                        report.carried.append((cell, what, v))
                    else:
                        report.dropped.append((cell, what, f"本年度表不再填报 {y} 年（原值 {v}）"))

    session.apply(edits, source="carried", normalized=True, label="上年度结转")
    carried_years = {int(c.split(":")[2]) for c, _, _ in report.carried
                     if c.startswith("t:") and c.split(":")[2].isdigit()}
    report.left_for_user = sorted(new_years - carried_years)
    report.differences = definition_differences(old_def, new_def)
    return draft, report


def definition_differences(old: FormDefinition, new: FormDefinition) -> list[str]:
    out: list[str] = []
    if old.years != new.years:
        out.append(f"填报年度：{'、'.join(map(str, old.years))} → {'、'.join(map(str, new.years))}")
    for rid, row in new.rows.items():
        before = old.rows.get(rid)
        if before is None:
            if row.kind != "section" and row.kind != "group":
                out.append(f"新增行「{row.name}」")
            continue
        if before.name != row.name:
            out.append(f"行 {rid} 名称：「{before.name}」→「{row.name}」")
        if before.units != row.units:
            out.append(f"「{row.name}」可选单位：{'/'.join(before.units)} → {'/'.join(row.units)}")
        if before.formula != row.formula:
            out.append(f"「{row.name}」计算公式：{before.formula} → {row.formula}")
    for rid, row in old.rows.items():
        if rid not in new.rows and row.kind not in ("section", "group"):
            out.append(f"删除行「{row.name}」")
    for fid, f in new.fields.items():
        before = old.fields.get(fid)
        if before is None:
            out.append(f"新增字段「{_short(f.label)}」")
        elif before.label != f.label:
            out.append(f"字段「{_short(before.label)}」改为「{_short(f.label)}」")
    for fid, f in old.fields.items():
        if fid not in new.fields:
            out.append(f"删除字段「{_short(f.label)}」")
    return out


def _short(label: str) -> str:
    return label if len(label) <= 24 else label[:23] + "…"

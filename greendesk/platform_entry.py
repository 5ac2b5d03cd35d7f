"""平台录入助手, the core: the filled values of a draft in the order the platform's web form asks
for them, and the user's progress through them.

The platform has no import: a user types every value again. The steps follow the platform page
from top to bottom (主营行业, 基本信息, 合规性信息, then Part 3 row by row: the unit to choose, the
years left to right, the 特殊情况说明; then 亮点工作, 意见和建议). Only filled values are steps.
Computed indicators are steps of their own kind (`check`): GreenDesk computes them and the platform
may too, so the user compares rather than types.

Progress remembers, per step, the value that was marked as entered: when the draft changes
afterwards, that step counts as not entered again. It is kept in the per-user data folder, keyed
by the draft's file, so that closing GreenDesk half-way loses nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from greendesk import cells, refdata, storage
from greendesk.compute import Computed, compute
from greendesk.definition import FormDefinition, FormField, Row
from greendesk.draft import Draft
from greendesk.numbers import format_decimal

StepKind = Literal["text", "choice", "unit", "value", "note", "check"]
KIND_LABELS: dict[str, str] = {
    "text": "填写", "choice": "选择", "unit": "选择单位", "value": "填写", "note": "填写说明",
    "check": "核对（计算值）",
}


@dataclass(frozen=True)
class EntryStep:
    """One thing to type or pick on the platform page."""

    key: str  # cell address (or address-like key for computed values)
    kind: StepKind
    part: str  # part title as the platform shows it, e.g. 三、持续改进情况
    label: str  # the row or field name
    value: str  # what to type / pick, exactly
    year: int | None = None
    unit: str = ""  # unit of a value (the one to choose in the row's dropdown)
    section: str = ""  # Part 3 section / group (1、能源低碳化 · 能源消费情况)

    @property
    def where(self) -> str:
        """"三、持续改进情况 › 工业总产值 › 2022年指标值" — what to look for on the page."""
        bits = [self.part]
        if self.section:
            bits.append(self.section)
        bits.append(self.label)
        if self.year is not None:
            bits.append(f"{self.year}年指标值")
        return " › ".join(bits)


def entry_steps(definition: FormDefinition, draft: Draft, computed: Computed | None = None, *,
                include_checks: bool = True) -> list[EntryStep]:
    """Every filled value of `draft`, in the platform's order (computed values as `check` steps
    unless `include_checks` is False)."""
    c = computed or compute(definition, draft)
    steps: list[EntryStep] = []
    for part in definition.parts:
        if part.table:
            steps += _table_steps(definition, draft, c, part.title)
        else:
            for f in part.fields:
                steps += _field_steps(f, draft.fields, part.title)
    return steps if include_checks else [s for s in steps if s.kind != "check"]


def _field_steps(f: FormField, values: dict[str, str], part: str) -> Iterable[EntryStep]:
    if f.type == "region":
        sub = {k: values.get(f"{f.id}.{k}", "").strip() for k in cells.REGION_KEYS}
        picks = [refdata.division_name(sub[k]) or sub[k] for k in ("province", "city", "county")]
        if any(picks):
            yield EntryStep(f"f:{f.id}.province", "choice", part, f.label,
                            " ".join(p for p in picks if p))
        if sub["detail"]:
            yield EntryStep(f"f:{f.id}.detail", "text", part, f"{f.label}（详细地址）", sub["detail"])
        return
    value = values.get(f.id, "").strip()
    if not value:
        return
    if f.type == "industry":
        yield EntryStep(f"f:{f.id}", "choice", part, f.label, refdata.industry_label(value))
    elif f.type in ("choice", "yesno"):
        yield EntryStep(f"f:{f.id}", "choice", part, _short(f.label), value)
    else:
        yield EntryStep(f"f:{f.id}", "text", part, _short(f.label), values.get(f.id, ""))


def _table_steps(definition: FormDefinition, draft: Draft, c: Computed, part: str) -> list[EntryStep]:
    steps: list[EntryStep] = []
    section = group = ""
    for row in definition.table.rows:
        if row.kind == "section":
            section, group = row.name, ""
            continue
        if row.kind == "group":
            group = row.name
            continue
        where = " · ".join(x for x in (section, group) if x)
        if row.kind == "products":
            steps += _product_steps(definition, draft, row, part, where)
        elif row.kind == "parameter":
            steps += _parameter_steps(definition, draft, c, row, part, where)
        else:
            steps += _indicator_steps(definition, c, row, part, where)
        entry = draft.table.get(row.id)
        if entry and entry.note.strip():
            steps.append(EntryStep(cells.note_cell(row.id), "note", part, row.name, entry.note,
                                   section=where))
    return steps


def _parameter_steps(definition: FormDefinition, draft: Draft, c: Computed, row: Row, part: str,
                     where: str) -> list[EntryStep]:
    entry = draft.table.get(row.id)
    values = entry.values if entry else {}
    filled = [y for y in definition.years if str(y) in values]
    if not filled:
        return []
    unit = c.chosen_unit(row.id)
    out: list[EntryStep] = []
    if len(row.units) > 1:  # a dropdown on the page: pick the unit before typing
        out.append(EntryStep(cells.unit_cell(row.id), "unit", part, row.name, unit, section=where))
    for y in filled:
        out.append(EntryStep(cells.value_cell(row.id, y), "value", part, row.name, values[str(y)],
                             year=y, unit=unit, section=where))
    return out


def _indicator_steps(definition: FormDefinition, c: Computed, row: Row, part: str,
                     where: str) -> list[EntryStep]:
    unit = c.chosen_unit(row.id)
    out: list[EntryStep] = []
    for y in definition.years:
        val = c.display(row.id, y)
        if val is None:
            continue
        out.append(EntryStep(cells.value_cell(row.id, y), "check", part, row.name,
                             format_decimal(val, row.decimals), year=y,
                             unit="" if unit == "无量纲" else unit, section=where))
    return out


def _product_steps(definition: FormDefinition, draft: Draft, row: Row, part: str,
                   where: str) -> list[EntryStep]:
    spec = row.products
    group = draft.products.get(row.id)
    if spec is None or group is None or not group.applicable:
        return []
    out = [EntryStep(f"p:{row.id}:applicable", "choice", part, spec.question, group.applicable,
                     section=where)]
    if group.applicable != "是":
        return out
    cunit = group.consumption_unit or spec.consumption_unit
    if len(spec.consumption_unit_options) > 1:
        out.append(EntryStep(f"p:{row.id}:cunit", "unit", part, f"{spec.consumption_label}单位", cunit,
                             section=where))
    for i, item in enumerate(group.items):
        if item.is_empty():
            continue
        name = item.name or f"第{i + 1}种产品"
        label = f"产品{i + 1}「{name}」"
        for attr, what in (("name", "产品名称"), ("standard", "适用标准"), ("unit", "产品单位")):
            text = getattr(item, attr)
            if text:
                out.append(EntryStep(f"p:{row.id}:{i}:{attr}", "text", part, f"{label}{what}", text,
                                     section=where))
        for attr, what, unit in (("output", spec.output_label, item.unit),
                                 ("consumption", spec.consumption_label, cunit)):
            series = getattr(item, attr)
            for y in definition.years:
                if str(y) in series:
                    out.append(EntryStep(f"p:{row.id}:{i}:{attr}:{y}", "value", part,
                                         f"{label}{what}", series[str(y)], year=y, unit=unit,
                                         section=where))
    return out


def _short(label: str) -> str:
    return label if len(label) <= 40 else label[:39] + "…"


# ---------------------------------------------------------------- progress


class EntryProgress:
    """Which steps were marked as entered, with the value they had then; saved as a small JSON file."""

    def __init__(self, path: Path | None = None, done: dict[str, str] | None = None,
                 position: int = 0):
        self.path = path
        self.done: dict[str, str] = dict(done or {})
        self.position = position

    @classmethod
    def for_document(cls, doc_key: str) -> EntryProgress:
        """The progress kept for a draft file (`storage.doc_key_for(path)`); empty when none."""
        return cls.load(storage.user_data_dir() / "entry-progress" / f"{doc_key}.json")

    @classmethod
    def load(cls, path: Path) -> EntryProgress:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            done = {str(k): str(v) for k, v in dict(data.get("done", {})).items()}
            position = int(data.get("position", 0))
        except (OSError, ValueError, TypeError, AttributeError):
            return cls(path)  # none yet, or unreadable: start again rather than fail
        return cls(path, done, position)

    def save(self) -> None:
        """Atomic like every other file; StorageError (Chinese message) when it cannot be written."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"done": self.done, "position": self.position}
        storage.atomic_write_bytes(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def is_done(self, step: EntryStep) -> bool:
        """Entered, and with the value it has now (a value changed since is to be typed again)."""
        return self.done.get(step.key) == _stamp(step)

    def mark(self, step: EntryStep, done: bool = True) -> None:
        if done:
            self.done[step.key] = _stamp(step)
        else:
            self.done.pop(step.key, None)

    def next_open(self, steps: list[EntryStep], start: int = 0) -> int | None:
        """Index of the first step at or after `start` (wrapping) not yet entered."""
        n = len(steps)
        for k in range(n):
            i = (start + k) % n
            if not self.is_done(steps[i]):
                return i
        return None

    def count_done(self, steps: list[EntryStep]) -> int:
        return sum(1 for s in steps if self.is_done(s))

    def reset(self) -> None:
        self.done.clear()
        self.position = 0


def _stamp(step: EntryStep) -> str:
    return f"{step.value}\x1f{step.unit}"

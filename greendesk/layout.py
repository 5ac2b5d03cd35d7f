"""Part 3 flattened into display lines: the one layout the window, the PDF and the Excel all render.

A line is what a person sees as a row of the platform's table (指标名称 · 指标涉及的参数 · 单位 ·
three years · 特殊情况说明 · 填写说明), with the cell address behind every editable box. Product sub-rows
(up to three products for 单位产品综合能耗 / 单位产品取水量) expand under their question line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from greendesk.compute import Computed
from greendesk.definition import FormDefinition, Row
from greendesk.draft import Draft
from greendesk.numbers import format_decimal, to_decimal
from greendesk.units import display_unit

LineKind = Literal[
    "section", "group", "parameter", "indicator", "question", "text", "product_value",
    "product_indicator", "qualitative",
]
ANSWER_OPTIONS = ("是", "否")  # the dropdown of a qualitative line's year cells


@dataclass(frozen=True)
class Line:
    kind: LineKind
    row: str | None
    label: str  # 指标名称
    parameters: str = ""  # 指标涉及的参数
    unit: str = ""  # the unit shown now (chosen, product unit substituted)
    unit_cell: str | None = None  # a dropdown when the row offers more than one unit
    unit_options: tuple[str, ...] = ()
    year_cells: dict[int, str] = field(default_factory=dict)
    editable: bool = False  # year cells take input (False: computed or heading)
    text_cell: str | None = None  # question (是/否) or product text: one box across the years
    note_cell: str | None = None
    fill_note: str = ""
    item: int | None = None
    provenance: str = ""

    @property
    def numeric(self) -> bool:
        return bool(self.year_cells)

    @property
    def heading(self) -> bool:
        return self.kind in ("section", "group")


def table_lines(definition: FormDefinition, draft: Draft, *, all_items: bool = False) -> list[Line]:
    """Every line of Part 3. Product items show when the answer is 是 (always with `all_items`,
    e.g. for the blank workbook); only filled items and the first empty one otherwise."""
    lines: list[Line] = []
    years = definition.years
    for row in definition.table.rows:
        if row.kind in ("section", "group"):
            lines.append(Line(row.kind, row.id, row.name, provenance=row.provenance))
        elif row.kind in ("parameter", "indicator"):
            lines.append(Line(
                row.kind, row.id, row.name, row.parameters, _chosen(draft, row),
                _unit_cell(row), tuple(row.units),
                {y: f"t:{row.id}:{y}" for y in years}, row.kind == "parameter", None,
                f"t:{row.id}:note", row.fill_note, provenance=row.provenance,
            ))
        elif row.kind == "qualitative":  # 是/否 per year; its 说明 goes in the note column
            lines.append(Line(
                row.kind, row.id, row.name, row.parameters, "", None, ANSWER_OPTIONS,
                {y: f"t:{row.id}:{y}" for y in years}, True, None,
                f"t:{row.id}:note", row.fill_note, provenance=row.provenance,
            ))
        elif row.kind == "products":
            lines += _product_lines(definition, draft, row, all_items)
    return lines


def _chosen(draft: Draft, row: Row) -> str:
    entry = draft.table.get(row.id)
    return (entry.unit if entry and entry.unit else None) or row.unit


def _unit_cell(row: Row) -> str | None:
    return f"t:{row.id}:unit" if len(row.units) > 1 else None


def _product_lines(definition: FormDefinition, draft: Draft, row: Row, all_items: bool) -> list[Line]:
    spec = row.products
    assert spec is not None
    years = definition.years
    group = draft.products.get(row.id)
    out = [Line("question", row.id, row.name, spec.question, text_cell=f"p:{row.id}:applicable",
                note_cell=f"t:{row.id}:note", fill_note=row.fill_note, provenance=row.provenance)]
    if not all_items and (group is None or group.applicable != "是"):
        return out
    items = group.items if group else []
    shown = spec.max_items
    if not all_items:
        filled = [i for i, it in enumerate(items) if not it.is_empty()]
        shown = min(spec.max_items, (max(filled) + 2) if filled else 1)
    cunit = (group.consumption_unit if group else None) or spec.consumption_unit
    c_options = tuple(spec.consumption_unit_options or [spec.consumption_unit])
    for i in range(shown):
        item = items[i] if i < len(items) else None
        pu = item.unit if item else ""
        n = f"产品{i + 1}"
        out += [
            Line("text", row.id, f"{n}名称", text_cell=f"p:{row.id}:{i}:name", item=i),
            Line("text", row.id, f"{n}适用标准", f"见《{spec.standard_list}》",
                 text_cell=f"p:{row.id}:{i}:standard", item=i),
            Line("text", row.id, f"{n}计量单位", "如 吨、件、台", text_cell=f"p:{row.id}:{i}:unit", item=i),
            Line("product_value", row.id, f"{n}{spec.output_label}", "", pu or "产品单位",
                 year_cells={y: f"p:{row.id}:{i}:output:{y}" for y in years}, editable=True, item=i),
            Line("product_value", row.id, f"{n}{spec.consumption_label}", "", cunit,
                 f"p:{row.id}:cunit" if len(c_options) > 1 else None, c_options,
                 {y: f"p:{row.id}:{i}:consumption:{y}" for y in years}, True, item=i),
            Line("product_indicator", row.id, f"{n}{spec.intensity_label}",
                 f"{spec.consumption_label}、{spec.output_label}",
                 display_unit(_chosen(draft, row), pu), _unit_cell(row), tuple(row.units),
                 {y: f"p:{row.id}:{i}:intensity:{y}" for y in years}, False, item=i),
        ]
    return out


def display_value(computed: Computed, line: Line, year: int) -> str:
    """The text a year cell shows: typed digits for inputs, rounded results for computed cells."""
    from greendesk import cells

    if line.kind == "indicator" and line.row:
        row = computed.definition.rows[line.row]
        return format_decimal(computed.display(line.row, year), row.decimals)
    if line.kind == "product_indicator" and line.row and line.item is not None:
        row = computed.definition.rows[line.row]
        return format_decimal(computed.product_intensity(line.row, line.item, year), row.decimals)
    raw = cells.get(computed.draft, line.year_cells[year])
    return raw or ""


def numeric_value(computed: Computed, line: Line, year: int):
    """The Decimal behind a cell (inputs as typed, computed results unrounded) or None."""
    from greendesk import cells

    if line.kind == "indicator" and line.row:
        return computed.display(line.row, year)
    if line.kind == "product_indicator" and line.row and line.item is not None:
        return computed.product_intensity(line.row, line.item, year)
    if line.kind == "qualitative":
        return None
    return to_decimal(cells.get(computed.draft, line.year_cells[year]))

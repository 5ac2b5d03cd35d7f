"""Every text value of a draft that holds a character the PDF cannot print (finding V23).

The rule engine turns each into an error, so the window's 审核报告 and `greendesk-cli validate` name
the character and its place, and the signature PDF is not produced until it is replaced.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from greendesk.cells import ITEM_TEXT, note_cell, stored_texts, unit_cell
from greendesk.definition import FormDefinition
from greendesk.draft import Draft
from greendesk.printable import describe, unprintable
from greendesk.records import short_label

MAX_NAMED = 5  # characters named in one finding; the rest are counted
ITEM_LABELS = {"name": "名称", "standard": "适用标准", "unit": "计量单位"}


@dataclass(frozen=True)
class UnprintableCell:
    cell: str  # address (cells.py)
    part: str
    row: str | None
    where: str  # the place, as the form names it
    chars: str  # the characters, each as describe() names it, with why


def _text_values(d: FormDefinition, draft: Draft) -> Iterator[tuple[str, str, str | None, str, str]]:
    """(address, part, row, place, text) for every text a user can put in the draft."""
    table = d.table_part.id
    for key, value in draft.fields.items():
        fid, _, sub = key.partition(".")
        f = d.fields.get(fid)
        part = d.field_part.get(fid, d.parts[0].id)
        label = f.label if f else fid
        if sub == "detail":
            label += "（详细地址）"
        yield f"f:{key}", part, None, f"「{label}」", value
    for rid, entry in draft.table.items():
        name = d.rows[rid].name if rid in d.rows else rid
        yield note_cell(rid), table, rid, f"「{name}」的特殊情况说明", entry.note
        yield unit_cell(rid), table, rid, f"「{name}」的单位", entry.unit or ""
    for rid, group in draft.products.items():
        name = d.rows[rid].name if rid in d.rows else rid
        yield f"p:{rid}:cunit", table, rid, f"「{name}」的单位", group.consumption_unit or ""
        for i, item in enumerate(group.items):
            for attr in ITEM_TEXT:
                yield (f"p:{rid}:{i}:{attr}", table, rid, f"「{name}」产品{i + 1}{ITEM_LABELS[attr]}",
                       getattr(item, attr))
    for part in d.record_parts:
        columns = part.records.columns if part.records else []
        for n, row in enumerate(draft.records.get(part.id, []), 1):
            for col in columns:
                yield f"r:{part.id}.{n}.{col.id}", part.id, None, f"第{n}行「{short_label(col)}」", row.get(col.id, "")


def _all_text(draft: Draft) -> str:
    """Every text of the draft in one string: when none of its characters is unprintable, no
    text is (the common case, checked without naming any place)."""
    fields, notes, one_line = stored_texts(draft)
    return "".join(fields.values()) + "".join(notes) + "".join(one_line)


def find(definition: FormDefinition, draft: Draft) -> list[UnprintableCell]:
    if not unprintable(_all_text(draft)):
        return []
    out = []
    for cell, part, row, where, text in _text_values(definition, draft):
        bad = unprintable(text) if text else []
        if not bad:
            continue
        named = [f"{describe(ch)}：{why}" for ch, why in bad[:MAX_NAMED]]
        if len(bad) > MAX_NAMED:
            named.append(f"另有 {len(bad) - MAX_NAMED} 个")
        out.append(UnprintableCell(cell, part, row, where, "；".join(named)))
    return out

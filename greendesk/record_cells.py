"""Addresses into a list of records (a repeating group), so list edits are cells like any other.

    r:<part>.<row>.<column>   one cell of a list (row 1-based, as 序号 prints it)
    r:<part>.<row>            a whole row, its value the row as JSON: only the list commands
                              (greendesk.record_ops) write it, to insert (None → JSON) or remove
                              (JSON → None) a row; that is what makes a row structure change a
                              `session.Change` that logs, undoes and redoes like a typed value.

Why a module of its own: `cells` dispatches the "r:" kind here, and `records` (the checks) and
`record_ops` (the commands) build on it, without an import cycle.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from greendesk import records
from greendesk.definition import FormDefinition, Part, RecordColumn
from greendesk.draft import Draft


class RecordAddressError(ValueError):
    """Bad list address or input; `message` is Chinese (cells turns it into a CellError)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RecordAddress:
    part: str
    row: int  # 1-based
    column: str = ""  # "" = the whole row

    def __str__(self) -> str:
        return address(self.part, self.row, self.column)


def address(part: str, row: int, column: str = "") -> str:
    return f"r:{part}.{row}.{column}" if column else f"r:{part}.{row}"


def parse(rest: str) -> RecordAddress | None:
    """"list.3.city" (what follows "r:") → RecordAddress; None when it is not one."""
    bits = rest.split(".")
    if len(bits) not in (2, 3) or not bits[0] or not bits[1].isdigit():
        return None
    if len(bits) == 3 and not bits[2]:
        return None
    return RecordAddress(bits[0], int(bits[1]), bits[2] if len(bits) == 3 else "")


def row_json(row: dict[str, str]) -> str:
    """A row as the value of a row address (and of its log entry): every value it holds."""
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


def _row_from(value: str) -> dict[str, str]:
    data = json.loads(value)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise RecordAddressError("名单行的内容无效")
    return {str(k): v for k, v in data.items()}


# ---------------------------------------------------------------- read / write


def get(draft: Draft, a: RecordAddress) -> str | None:
    rows = draft.records.get(a.part, [])
    if not 1 <= a.row <= len(rows):
        return None
    row = rows[a.row - 1]
    if not a.column:
        return row_json(row)
    return row.get(a.column) or None


def put(draft: Draft, a: RecordAddress, value: str | None) -> None:
    """A cell: store (None clears). A row: None removes row `a.row`; JSON inserts it there."""
    rows = draft.records.setdefault(a.part, [])
    if not a.column:
        if value in (None, ""):
            if 1 <= a.row <= len(rows):
                del rows[a.row - 1]
        else:
            rows.insert(max(0, min(a.row - 1, len(rows))), _row_from(value))
        if not rows:
            draft.records.pop(a.part, None)
        return
    while len(rows) < a.row:
        rows.append({})
    row = rows[a.row - 1]
    if value in (None, ""):
        row.pop(a.column, None)
    else:
        row[a.column] = value


# ---------------------------------------------------------------- what a user calls it


def part_of(definition: FormDefinition, part_id: str) -> Part | None:
    return next((p for p in definition.record_parts if p.id == part_id), None)


def column_of(part: Part, column_id: str) -> RecordColumn | None:
    assert part.records is not None
    return next((c for c in part.records.columns if c.id == column_id), None)


def label(definition: FormDefinition, a: RecordAddress) -> str:
    """"第3行「所属行业」" (as findings name a cell), "第3行" for a row; the field's label for row 0."""
    part = part_of(definition, a.part)
    if part is None:
        return str(a)
    if a.row == 0:
        f = next((f for f in part.fields if f.id == a.column), None)
        return re.split(r"[（(]", f.label, maxsplit=1)[0].strip() if f else a.column
    if not a.column:
        return f"第{a.row}行"
    col = column_of(part, a.column)
    return f"第{a.row}行「{records.short_label(col) if col else a.column}」"


def shown_value(definition: FormDefinition, cell: str, value: str | None) -> str:
    """A logged value as a user reads it (修改记录): a whole list row, which the log holds as JSON,
    as its columns' names and values in column order, "（空行）" for an empty one; any other value
    as it is."""
    if value is None:
        return ""
    a = parse(cell[2:]) if cell.startswith("r:") else None
    part = part_of(definition, a.part) if a is not None and not a.column else None
    if part is None or part.records is None:
        return value
    try:
        row = _row_from(value)
    except (ValueError, RecordAddressError):  # not what the commands write: shown as it is
        return value
    names = {c.id: records.short_label(c) for c in part.records.columns}
    shown = [f"{names[k]}：{row[k]}" for k in names if row.get(k)]
    shown += [f"{k}：{v}" for k, v in row.items() if v and k not in names]
    return "；".join(shown) or "（空行）"


# ---------------------------------------------------------------- typed input


def normalize(definition: FormDefinition, a: RecordAddress, text: str) -> str | None:
    """The stored form of an already cleaned, single-line value; RecordAddressError when it cannot
    be stored at all (no such list, row or column, or too long). A value of the wrong kind (a city
    that does not exist, a code that is not a 小类) IS stored: it is an error finding (V40) that
    names it, so what was typed is never lost."""
    part = part_of(definition, a.part)
    if part is None:
        raise RecordAddressError(f"表单中没有名单「{a.part}」")
    rec = part.records
    assert rec is not None
    if not a.column:
        raise RecordAddressError("名单的整行不能直接填写，请填写各列")
    if not 1 <= a.row <= rec.max_rows:
        raise RecordAddressError(f"名单最多 {rec.max_rows} 行")
    col = column_of(part, a.column)
    if col is None:
        raise RecordAddressError(f"名单中没有列「{a.column}」")
    raw = text.strip()
    if not raw:
        return None
    if len(raw) > col.max_length:
        raise RecordAddressError(
            f"{label(definition, a)}最多 {col.max_length} 个字符，现有 {len(raw)} 个")
    if col.type == "industry":
        return records.industry_text(raw)
    if col.type == "year_month":
        ym = records.year_month(raw)
        if ym is not None and 1 <= ym[1] <= 12:
            return f"{ym[0]}/{ym[1]:02d}"
    return raw

"""Editing a list of records (培育名单): set a cell, insert, remove and move rows, paste a block.

Every command is one `EditSession.commit` step, so a list edit logs, undoes and redoes like any
other edit and autosave sees it. A row inserted or removed is a change of its row address
("r:list.3", see `record_cells`) from nothing to the row's JSON or back; the log thus keeps every
removed row whole. Text passes `cells.prepare` like every typed value (control characters, line
breaks: see `greendesk.text`) and what that changed is reported in `OpResult.notes`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from greendesk import cells, record_cells, records
from greendesk.cells import CellError
from greendesk.definition import Part
from greendesk.draft import Draft
from greendesk.record_cells import row_json
from greendesk.session import Change, EditSession, OpResult
from greendesk.text import echo

NUMBER_COLUMN = "#"  # the 序号 column: numbered, never stored


@dataclass
class PasteResult(OpResult):
    """A paste: what changed, and in Chinese every value that could not be placed (none dropped
    silently)."""

    refused: list[str] = field(default_factory=list)
    rows_added: int = 0
    first_row: int = 0
    last_row: int = 0


def part_for(session: EditSession, part_id: str) -> Part:
    part = record_cells.part_of(session.definition, part_id)
    if part is None:
        raise CellError(f"表单中没有名单「{part_id}」")
    return part


def rows(session: EditSession, part_id: str) -> list[dict[str, str]]:
    return session.draft.records.get(part_id, [])


def _max_rows(part: Part) -> int:
    assert part.records is not None
    return part.records.max_rows


def _column_ids(part: Part) -> list[str]:
    assert part.records is not None
    return [c.id for c in part.records.columns]


def _prepare(session: EditSession, address: str, text: str | None,
             notes: list[str]) -> str | None:
    """The stored value of one typed or pasted value (CellError when it cannot be stored);
    what cleaning changed goes to `notes`, naming the row and column."""
    p = cells.prepare(session.definition, address, text)
    if p.notes:
        where = cells.label(session.definition, cells.Cell.parse(address))
        notes.append(f"{where}：{'，'.join(p.notes)}")
    return p.value


# ---------------------------------------------------------------- commands


def set_cell(session: EditSession, address: str, text: str | None, *, reason: str = "",
             source="typed") -> OpResult:
    """One cell, e.g. "r:list.3.industry" ← "2720": stored as "2720 化学药品制剂制造"."""
    notes: list[str] = []
    value = _prepare(session, address, text, notes)
    a = record_cells.parse(address[2:]) if address.startswith("r:") else None
    if a is None or not a.column:
        raise CellError(f"无效的名单单元格地址「{address}」")
    changes: list[Change] = []
    existing = len(rows(session, a.part))
    # typing into the first row below the list adds it (as 添加行 would) in the same step
    if a.row > existing:
        if a.row != existing + 1:
            raise CellError(f"名单只有 {existing} 行，不能填写第{a.row}行")
        if value is None:
            return OpResult(label="编辑", notes=notes)
        changes.append(Change(record_cells.address(a.part, a.row), None, row_json({a.column: value})))
    else:
        changes.append(Change(address, cells.get(session.draft, address), value))
    return session.commit(changes, source=source, reason=reason, label="编辑", notes=notes)


def insert_rows(session: EditSession, part_id: str, at: int, count: int = 1, *,
                reason: str = "") -> OpResult:
    """`count` empty rows so that the first new one is row `at` (len+1 appends: 添加行)."""
    part = part_for(session, part_id)
    n = len(rows(session, part_id))
    if not 1 <= at <= n + 1:
        raise CellError(f"名单只有 {n} 行，不能在第{at}行插入")
    if count < 1:
        return OpResult(label="插入行")
    if n + count > _max_rows(part):
        raise CellError(f"名单最多 {_max_rows(part)} 行，现有 {n} 行，不能再添加 {count} 行")
    changes = [Change(record_cells.address(part_id, at + i), None, row_json({})) for i in range(count)]
    label = ("添加" if at == n + 1 else "插入") + f"{count}行"
    return session.commit(changes, reason=reason, label=label)


def remove_rows(session: EditSession, part_id: str, numbers: Iterable[int], *,
                reason: str = "") -> OpResult:
    """Remove rows (1-based numbers, any order); the rows below move up. Undo puts them back."""
    part_for(session, part_id)
    current = rows(session, part_id)
    chosen = sorted(set(numbers), reverse=True)
    bad = [n for n in chosen if not 1 <= n <= len(current)]
    if bad:
        raise CellError(f"名单没有第{bad[-1]}行")
    if not chosen:
        return OpResult(label="删除行")
    changes = [Change(record_cells.address(part_id, n), row_json(current[n - 1]), None) for n in chosen]
    return session.commit(changes, reason=reason, label=f"删除{_numbers_text(sorted(chosen))}")


def move_row(session: EditSession, part_id: str, number: int, delta: int, *,
             reason: str = "") -> OpResult:
    """上移 (delta −1) / 下移 (+1): row `number` swaps place with its neighbour."""
    part_for(session, part_id)
    current = rows(session, part_id)
    target = number + delta
    if not 1 <= number <= len(current):
        raise CellError(f"名单没有第{number}行")
    if delta not in (-1, 1) or not 1 <= target <= len(current):
        return OpResult(label="上移" if delta < 0 else "下移")
    content = row_json(current[number - 1])
    changes = [Change(record_cells.address(part_id, number), content, None),
               Change(record_cells.address(part_id, target), None, content)]
    word = "上移" if delta < 0 else "下移"
    return session.commit(changes, reason=reason, label=f"{word}第{number}行")


def clear_cells(session: EditSession, addresses: Iterable[str], *, reason: str = "") -> OpResult:
    """Delete key over a selection: the cells emptied, as one step."""
    changes = [Change(a, old, None) for a in dict.fromkeys(addresses)
               if (old := cells.get(session.draft, a)) is not None]
    return session.commit(changes, reason=reason, label="清除内容")


def paste(session: EditSession, part_id: str, row: int, column: str,
          block: Sequence[Sequence[str]], *, reason: str = "") -> PasteResult:
    """A block of rows × columns (as copied from Excel) with its top-left at (`row`, `column`);
    `column` is a column id or NUMBER_COLUMN (序号: the block's first column is then the copied
    序号 and is not stored). Rows are added below the list as needed. A value that cannot be
    placed (beyond the last column or row, too long) is named in `refused`; the rest is pasted.
    A header row copied with the data (the notice's column heads) is recognised and skipped."""
    part = part_for(session, part_id)
    rec = part.records
    assert rec is not None
    ids = _column_ids(part)
    current = rows(session, part_id)
    if not 1 <= row <= len(current) + 1:
        raise CellError(f"名单只有 {len(current)} 行，不能从第{row}行粘贴")
    refused: list[str] = []
    notes: list[str] = []
    block = [list(r) for r in block]
    skipped_head = False
    if block and _is_head_row(part, block[0]):
        block = block[1:]
        skipped_head = True
    if column == NUMBER_COLUMN:
        start = 0
        for i, r in enumerate(block):
            first = r[0].strip() if r else ""
            if first and not first.rstrip(".、").isdigit():
                refused.append(f"第{row + i}行「{rec.number_label}」：「{echo(first)}」（序号按行自动编号）")
        block = [r[1:] for r in block]
    else:
        if column not in ids:
            raise CellError(f"名单中没有列「{column}」")
        start = ids.index(column)
    free = _max_rows(part) - len(current)
    changes: list[Change] = []
    added = 0
    placed_rows: list[int] = []
    for i, values in enumerate(block):
        number = row + i
        new_row = number > len(current)
        if new_row and added >= free:
            left = [v for r in block[i:] for v in r if v.strip()]
            if left:
                refused.append(f"名单最多 {rec.max_rows} 行：第{number}行起的 {len(block) - i} 行未粘贴"
                               f"（{_values_text(left)}）")
            break
        content: dict[str, str] = {}
        for j, text in enumerate(values):
            k = start + j
            if k >= len(ids):
                extra = [v for v in values[j:] if v.strip()]
                if extra:
                    refused.append(f"第{number}行：超出名单最后一列「{records.short_label(rec.columns[-1])}」的 "
                                   f"{len(extra)} 个值未粘贴（{_values_text(extra)}）")
                break
            address = record_cells.address(part_id, number, ids[k])
            try:
                value = _prepare(session, address, text, notes)
            except CellError as exc:
                refused.append(f"{exc.message}（「{echo(text)}」未粘贴）")
                continue
            if new_row:
                if value is not None:
                    content[ids[k]] = value
            else:
                changes.append(Change(address, cells.get(session.draft, address), value))
        if new_row:  # an empty line of the block makes an empty row: the rows stay in step
            changes.append(Change(record_cells.address(part_id, number), None, row_json(content)))
            added += 1
        placed_rows.append(number)
    if skipped_head:
        notes.insert(0, "复制内容的第一行是名单的表头，已跳过")
    label = f"粘贴{len(placed_rows)}行" if placed_rows else "粘贴"
    result = session.commit(changes, reason=reason, label=label, notes=notes)
    return PasteResult(result.changes, result.state_changed, result.label, result.notes,
                       refused=refused, rows_added=added,
                       first_row=placed_rows[0] if placed_rows else 0,
                       last_row=placed_rows[-1] if placed_rows else 0)


def replace_lists(session: EditSession, imported: Draft, *, source="imported", reason: str = "",
                  label: str = "模板导入") -> OpResult:
    """模板导入 of a list: every list (and the list's own fields, the city of the title) becomes
    what the workbook holds, as one step; the rows it replaces stay whole in the log and come
    back with 撤销. Values are stored as the importer read them (cleaned there); a wrong one is
    an error finding, never dropped."""
    changes: list[Change] = []
    for part in session.definition.record_parts:
        for f in part.fields:
            if f.id in imported.fields:
                address = f"f:{f.id}"
                changes.append(Change(address, cells.get(session.draft, address), imported.fields[f.id] or None))
        current = rows(session, part.id)
        changes += [Change(record_cells.address(part.id, n), row_json(current[n - 1]), None)
                    for n in range(len(current), 0, -1)]
        changes += [Change(record_cells.address(part.id, n), None, row_json(dict(r)))
                    for n, r in enumerate(imported.records.get(part.id, []), 1)]
    return session.commit(changes, source=source, reason=reason, label=label)


# ---------------------------------------------------------------- the clipboard


def parse_clipboard(text: str) -> list[list[str]]:
    """Rows × cells of what Excel (or WPS, or a browser table) puts on the clipboard as text:
    tab-separated, CRLF or LF line ends, the last line ending too; a cell holding line breaks,
    tabs or quotes comes quoted ("…") with its quotes doubled."""
    if not text:
        return []
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    if body.endswith("\n"):
        body = body[:-1]
    reader = csv.reader(io.StringIO(body, newline=""), delimiter="\t", quotechar='"',
                        strict=False)
    try:
        out = [list(r) for r in reader]
    except csv.Error:  # pragma: no cover - strict=False reads every text
        out = [line.split("\t") for line in body.split("\n")]
    return [r if r else [""] for r in out]


def to_clipboard(block: Sequence[Sequence[str]]) -> str:
    """Cells as Excel reads them from the clipboard (the reverse of `parse_clipboard`)."""
    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(ch in v for ch in '\t\n\r"') else v
    return "".join("\t".join(cell(v) for v in r) + "\r\n" for r in block)


# ---------------------------------------------------------------- helpers


def _is_head_row(part: Part, values: Sequence[str]) -> bool:
    rec = part.records
    assert rec is not None
    heads = {records.head_key(c.label) for c in rec.columns} | {
        records.head_key(records.short_label(c)) for c in rec.columns} | {records.head_key(rec.number_label)}
    keys = [records.head_key(v) for v in values if v.strip()]
    return len(keys) >= 2 and all(k in heads for k in keys)


def _values_text(values: list[str], limit: int = 5) -> str:
    shown = "、".join(f"「{echo(v.strip(), 30)}」" for v in values[:limit])
    return shown + (f" 等 {len(values)} 个" if len(values) > limit else "")


def _numbers_text(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"第{numbers[0]}行"
    return f"第{'、'.join(map(str, numbers[:6]))}{'…' if len(numbers) > 6 else ''}行（共{len(numbers)}行）"

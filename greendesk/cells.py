"""Cell addresses: one string names every value a user can set, for commands, logs, findings and UI.

    f:<field>                 a Part 0/1/2/4/5 field (region sub-keys: f:address.province …)
    t:<row>:<year>            a Part 3 value        t:<row>:unit / t:<row>:note
    p:<row>:applicable        product group: 是/否  p:<row>:cunit (consumption unit)
    p:<row>:<i>:name|standard|unit
    p:<row>:<i>:output:<year> / p:<row>:<i>:consumption:<year>
    p:<row>:<i>:intensity:<year>  (computed, read-only)
    r:<part>.<row>.<column>   a list of records' cell; r:<part>.<row> a whole row (record_cells);
                              its text is limited and checked like every other (V20, V23)
"""

from __future__ import annotations

from dataclasses import dataclass

from greendesk import record_cells
from greendesk.definition import FormDefinition
from greendesk.definition_plan import plan_of
from greendesk.draft import Draft, ProductGroup, ProductItem, RowEntry
from greendesk.numbers import NumberError, normalize_number
from greendesk.records import short_label
from greendesk.text import TextError, clean, is_clean

REGION_KEYS = ("province", "city", "county", "detail")
ITEM_TEXT = ("name", "standard", "unit")
ITEM_SERIES = ("output", "consumption")


class CellError(ValueError):
    """Bad address or bad input; `message` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Cell:
    kind: str  # "f" | "t" | "p" | "r"
    key: str  # field key or row id (r: the list's part id)
    attr: str = ""  # "", year, "unit", "note", "applicable", "cunit", item attr (r: column id)
    item: int | None = None  # product index (r: the list's row number, 1-based)
    year: int | None = None

    @classmethod
    def parse(cls, address: str) -> Cell:
        parts = address.split(":")
        try:
            if parts[0] == "f" and len(parts) == 2 and parts[1]:
                return cls("f", parts[1])
            if parts[0] == "t" and len(parts) == 3:
                if parts[2].isdigit():
                    return cls("t", parts[1], "value", year=int(parts[2]))
                if parts[2] in ("unit", "note"):
                    return cls("t", parts[1], parts[2])
            if parts[0] == "p" and len(parts) == 3 and parts[2] in ("applicable", "cunit"):
                return cls("p", parts[1], parts[2])
            if parts[0] == "p" and len(parts) == 4 and parts[3] in ITEM_TEXT:
                return cls("p", parts[1], parts[3], item=int(parts[2]))
            if parts[0] == "r" and len(parts) == 2 and (ra := record_cells.parse(parts[1])):
                return cls("r", ra.part, ra.column, item=ra.row)
            if parts[0] == "p" and len(parts) == 5 and parts[3] in (*ITEM_SERIES, "intensity"):
                return cls("p", parts[1], parts[3], item=int(parts[2]), year=int(parts[4]))
        except ValueError:
            pass
        raise CellError(f"无效的单元格地址「{address}」")

    def __str__(self) -> str:
        if self.kind == "r":
            return record_cells.address(self.key, self.item or 0, self.attr)
        if self.kind == "f":
            return f"f:{self.key}"
        if self.kind == "t":
            return f"t:{self.key}:{self.year if self.attr == 'value' else self.attr}"
        if self.item is None:
            return f"p:{self.key}:{self.attr}"
        if self.year is None:
            return f"p:{self.key}:{self.item}:{self.attr}"
        return f"p:{self.key}:{self.item}:{self.attr}:{self.year}"

    @property
    def row(self) -> str | None:
        return self.key if self.kind in ("t", "p") else None

    @property
    def field_id(self) -> str | None:
        return self.key.split(".")[0] if self.kind == "f" else None


def field_cell(key: str) -> str:
    return f"f:{key}"


def value_cell(row: str, year: int) -> str:
    return f"t:{row}:{year}"


def unit_cell(row: str) -> str:
    return f"t:{row}:unit"


def note_cell(row: str) -> str:
    return f"t:{row}:note"


# ---------------------------------------------------------------- read / write


def get(draft: Draft, address: str | Cell) -> str | None:
    c = address if isinstance(address, Cell) else Cell.parse(address)
    if c.kind == "r":
        return record_cells.get(draft, _record(c))
    if c.kind == "f":
        return draft.fields.get(c.key) or None
    if c.kind == "t":
        entry = draft.table.get(c.key)
        if entry is None:
            return None
        if c.attr == "value":
            return entry.values.get(str(c.year))
        return (entry.unit if c.attr == "unit" else entry.note) or None
    group = draft.products.get(c.key)
    if group is None:
        return None
    if c.attr == "applicable":
        return group.applicable or None
    if c.attr == "cunit":
        return group.consumption_unit
    if c.item is None or c.item >= len(group.items):
        return None
    item = group.items[c.item]
    if c.year is None:
        return getattr(item, c.attr) or None
    if c.attr == "intensity":  # computed, never stored
        return None
    return getattr(item, c.attr).get(str(c.year))


def put(draft: Draft, address: str | Cell, value: str | None) -> None:
    """Store an already-normalised value (None or "" clears the cell)."""
    c = address if isinstance(address, Cell) else Cell.parse(address)
    value = value if value not in ("", None) else None
    if c.kind == "r":
        record_cells.put(draft, _record(c), value)
        return
    if c.kind == "f":
        if value is None:
            draft.fields.pop(c.key, None)
        else:
            draft.fields[c.key] = value
        return
    if c.kind == "t":
        entry = draft.table.setdefault(c.key, RowEntry())
        if c.attr == "value":
            if value is None:
                entry.values.pop(str(c.year), None)
            else:
                entry.values[str(c.year)] = value
        elif c.attr == "unit":
            entry.unit = value
        else:
            entry.note = value or ""
        return
    group = draft.products.setdefault(c.key, ProductGroup())
    if c.attr == "applicable":
        group.applicable = value or ""  # type: ignore[assignment]
        return
    if c.attr == "cunit":
        group.consumption_unit = value
        return
    assert c.item is not None
    while len(group.items) <= c.item:
        group.items.append(ProductItem())
    item = group.items[c.item]
    if c.year is None:
        setattr(item, c.attr, value or "")
    else:
        series: dict[str, str] = getattr(item, c.attr)
        if value is None:
            series.pop(str(c.year), None)
        else:
            series[str(c.year)] = value


# ---------------------------------------------------------------- input normalisation


@dataclass(frozen=True)
class Prepared:
    """A typed value as it will be stored, and (Chinese) what cleaning changed in it."""

    value: str | None
    notes: tuple[str, ...] = ()


def normalize_input(definition: FormDefinition, address: str, text: str | None) -> str | None:
    """Turn what the user typed into the stored value, or raise CellError with a Chinese message."""
    return prepare(definition, address, text).value


def prepare(definition: FormDefinition, address: str, text: str | None) -> Prepared:
    """`normalize_input` with the notes of `greendesk.text.clean` (what was removed or replaced).

    Every value entering a draft (typing, paste, Excel import) passes here: text is cleaned
    once (control characters, line breaks; see `greendesk.text`), then checked for its cell.
    """
    c = Cell.parse(address)
    try:
        cleaned = clean(text or "", multiline=_is_free_text(definition, c))
    except TextError as exc:
        raise CellError(exc.message) from None
    return Prepared(_normalize(definition, c, cleaned.text), cleaned.notes)


def _normalize(definition: FormDefinition, c: Cell, text: str) -> str | None:
    raw = text.strip() if not _is_free_text(definition, c) else text
    if raw.strip() == "":
        return None
    if c.kind == "r":
        try:
            return record_cells.normalize(definition, _record(c), raw)
        except record_cells.RecordAddressError as exc:
            raise CellError(exc.message) from None
    limit = text_limit(definition, c)
    if limit and len(raw) > limit[0]:
        raise CellError(f"「{limit[1]}」最多 {limit[0]} 个字符，现有 {len(raw)} 个")
    if c.kind == "f":
        return _normalize_field(definition, c, raw)
    if c.kind == "t":
        row = definition.rows.get(c.key)
        if row is None:
            raise CellError(f"表单中没有第三部分行「{c.key}」")
        if c.attr == "value" and row.kind == "qualitative":
            if c.year not in definition.years:
                raise CellError(f"本表不填报 {c.year} 年数值")
            if raw not in ("是", "否"):
                raise CellError(f"「{row.name}」请选择“是”或“否”")
            return raw
        if c.attr == "value":
            if row.kind != "parameter":
                raise CellError(f"「{row.name}」由系统自动计算，不能直接填写")
            if c.year not in definition.years:
                raise CellError(f"本表不填报 {c.year} 年数值")
            return _number(raw)
        if c.attr == "unit":
            if raw not in row.units:
                raise CellError(f"「{row.name}」的单位只能选择：{'、'.join(row.units)}")
            return raw
        return raw
    row = definition.rows.get(c.key)
    if row is None or row.products is None:
        raise CellError(f"表单中没有产品行「{c.key}」")
    spec = row.products
    if c.attr == "applicable":
        if raw not in ("是", "否"):
            raise CellError("请选择“是”或“否”")
        return raw
    if c.attr == "cunit":
        options = spec.consumption_unit_options or [spec.consumption_unit]
        if raw not in options:
            raise CellError(f"单位只能选择：{'、'.join(options)}")
        return raw
    if c.item is None or not 0 <= c.item < spec.max_items:
        raise CellError(f"最多填报 {spec.max_items} 种产品")
    if c.attr == "intensity":
        raise CellError(f"「{spec.intensity_label}」由系统自动计算，不能直接填写")
    if c.year is not None:
        if c.year not in definition.years:
            raise CellError(f"本表不填报 {c.year} 年数值")
        return _number(raw)
    return raw


# ---------------------------------------------------------------- text values and their limits

_ITEM_WORDS = {"name": "名称", "standard": "执行标准", "unit": "计量单位"}


def text_limit(definition: FormDefinition, c: Cell) -> tuple[int, str] | None:
    """(longest text allowed, what the value is called) for a free-text cell; None for numbers and
    choices. The limits are the definition's (`FormField.max_length`, `FormDefinition.text_limits`)."""
    limits = definition.text_limits
    if c.kind == "r":  # a list's cell: its column's max_length
        part = record_cells.part_of(definition, c.key)
        col = record_cells.column_of(part, c.attr) if part is not None else None
        return (col.max_length, f"第{c.item}行的{short_label(col)}") if col is not None else None
    if c.kind == "f":
        f = definition.fields.get(c.field_id or "")
        if f is None or f.type in ("choice", "yesno"):
            return None
        return limits.for_field(f), _short(f.label)
    row = definition.rows.get(c.key)
    if row is None:  # kept from another version of the form, not shown: not checked either
        return None
    name = _short(row.name)
    if c.kind == "t":
        return (limits.note, f"{name}的特殊情况说明") if c.attr == "note" else None
    if c.item is not None and c.year is None and c.attr in ITEM_TEXT:
        return getattr(limits, f"product_{c.attr}"), f"{name} 产品{c.item + 1}{_ITEM_WORDS[c.attr]}"
    return None


def label(definition: FormDefinition, c: Cell) -> str:
    """What a user calls a text cell, for messages."""
    if c.kind == "r":
        return record_cells.label(definition, _record(c))
    known = text_limit(definition, c)
    if known:
        return known[1]
    row = definition.rows.get(c.key)
    if c.kind == "t" and c.attr == "unit":
        return f"{_short(row.name) if row else c.key}的单位"
    if c.kind == "p" and c.attr == "cunit":
        return f"{_short(row.name) if row else c.key}的单位"
    return str(c)


def text_cells(draft: Draft) -> list[tuple[Cell, str]]:
    """Every stored text value (fields, units, 特殊情况说明, product names/standards/units)."""
    out: list[tuple[Cell, str]] = [(Cell("f", key), value) for key, value in draft.fields.items()]
    for rid, entry in draft.table.items():
        if entry.unit:
            out.append((Cell("t", rid, "unit"), entry.unit))
        if entry.note:
            out.append((Cell("t", rid, "note"), entry.note))
    for rid, group in draft.products.items():
        if group.consumption_unit:
            out.append((Cell("p", rid, "cunit"), group.consumption_unit))
        for i, item in enumerate(group.items):
            out += [(Cell("p", rid, attr, item=i), getattr(item, attr))
                    for attr in ITEM_TEXT if getattr(item, attr)]
    for pid, rows in draft.records.items():  # the cells of a list of records (培育名单)
        for n, row in enumerate(rows, 1):
            out += [(Cell("r", pid, cid, item=n), value) for cid, value in row.items() if value]
    return out


def over_long(definition: FormDefinition, draft: Draft) -> list[tuple[Cell, str, int, int]]:
    """(cell, label, limit, length) of every stored text longer than its limit."""
    if not _may_be_over_long(definition, draft):  # the common case, without a Cell per text
        return []
    out = []
    for c, value in text_cells(draft):
        limit = text_limit(definition, c)
        if limit and len(value) > limit[0]:
            out.append((c, limit[1], limit[0], len(value)))
    return out


def _may_be_over_long(definition: FormDefinition, draft: Draft) -> bool:
    """False when no text can be over its limit (`text_limit`); True also when it is not sure."""
    field_limits = plan_of(definition).field_text_limits
    for key, value in draft.fields.items():
        limit = field_limits.get(key.partition(".")[0])
        if limit is not None and len(value) > limit:
            return True
    limits = definition.text_limits
    if any(len(entry.note) > limits.note for entry in draft.table.values()):
        return True
    for group in draft.products.values():
        for item in group.items:
            if (len(item.name) > limits.product_name or len(item.standard) > limits.product_standard
                    or len(item.unit) > limits.product_unit):
                return True
    if not draft.records:
        return False
    shortest = _shortest_column(definition)
    return any(len(value) > shortest for rows in draft.records.values() for row in rows for value in row.values())


def _shortest_column(definition: FormDefinition) -> int:
    """The smallest limit of any list column (a list's cell longer than it may be over its own)."""
    columns = [c.max_length for p in definition.record_parts if p.records for c in p.records.columns]
    return min(columns, default=0)


def clean_stored(definition: FormDefinition, draft: Draft) -> list[str]:
    """Clean every text value of a draft read from a file as typing would (`greendesk.text.clean`);
    Chinese notes name each value that changed visibly (the file changes only when saved)."""
    if not _may_need_cleaning(definition, draft):  # the common case, without a Cell per text
        return []
    changed: list[str] = []
    for c, value in text_cells(draft):
        known = c.kind != "f" or (c.field_id or "") in definition.fields
        result = clean(value, multiline=_is_free_text(definition, c) or not known)
        if result.text != value:
            put(draft, c, result.text or None)
            if result.notes:
                changed.append(f"「{label(definition, c)}」{'，'.join(result.notes)}")
    if not changed:
        return []
    shown = "；".join(changed[:8]) + (f"；等共 {len(changed)} 处" if len(changed) > 8 else "")
    return [f"草稿中有文字含不可见的控制字符，已整理（保存后生效）：{shown}。"]


def _record(c: Cell) -> record_cells.RecordAddress:
    return record_cells.RecordAddress(c.key, c.item or 0, c.attr)


def stored_texts(draft: Draft) -> tuple[dict[str, str], list[str], list[str]]:
    """Every text a draft stores, in one walk: its fields (by key), the 特殊情况说明 (free text) and
    the one-line texts (units, product names and standards, a list's cells)."""
    notes: list[str] = []
    one_line: list[str] = []
    for entry in draft.table.values():
        notes.append(entry.note)
        one_line.append(entry.unit or "")
    for group in draft.products.values():
        one_line.append(group.consumption_unit or "")
        for item in group.items:
            one_line += [getattr(item, attr) for attr in ITEM_TEXT]
    for rows in draft.records.values():  # a list's cells (培育名单) are one-line texts
        for row in rows:
            one_line += row.values()
    return draft.fields, notes, one_line


def _may_need_cleaning(definition: FormDefinition, draft: Draft) -> bool:
    """False when `clean` would leave every text as it is; True also when it is not sure."""
    fields, free, one_line = stored_texts(draft)  # free: texts that keep their line breaks
    for key, value in fields.items():
        f = definition.fields.get(key.partition(".")[0])
        (free if f is None or f.type == "multiline" else one_line).append(value)
    return not (is_clean("".join(free)) and is_clean("".join(one_line), multiline=False))


def _is_free_text(definition: FormDefinition, c: Cell) -> bool:
    if c.kind == "t":
        return c.attr == "note"
    if c.kind == "f":
        f = definition.fields.get(c.field_id or "")
        return f is not None and f.type == "multiline"
    return False


def _number(raw: str) -> str | None:
    try:
        return normalize_number(raw)
    except NumberError as exc:
        raise CellError(exc.message) from None


def _normalize_field(definition: FormDefinition, c: Cell, raw: str) -> str:
    fid, _, sub = c.key.partition(".")
    f = definition.fields.get(fid)
    if f is None:
        raise CellError(f"表单中没有字段「{fid}」")
    if f.type == "region":
        if sub not in REGION_KEYS:
            raise CellError(f"地址字段没有「{sub}」部分")
    elif f.type == "quantity" and sub == "unit":
        if raw not in f.unit_options:
            raise CellError(f"「{_short(f.label)}」的单位只能选择：{'、'.join(f.unit_options)}")
        return raw
    elif sub:
        raise CellError(f"字段「{f.label}」没有子项「{sub}」")
    if f.type == "yesno" and raw not in ("是", "否"):
        raise CellError("请选择“是”或“否”")
    if f.type == "choice" and raw not in f.options:
        raise CellError(f"「{_short(f.label)}」只能选择：{'、'.join(f.options)}")
    if f.type == "uscc":
        return raw.translate(_FW_ALNUM).replace(" ", "").replace("-", "").upper()
    if f.type == "quantity":
        return _number(raw) or ""
    if f.type in ("mobile", "phone"):
        return raw.translate(_FW_ALNUM).replace(" ", "")
    if f.type == "industry":
        # the code before any blank: a space, a no-break space (pasted from a web page), a tab
        code = (raw.translate(_FW_ALNUM).upper().split() or [""])[0]
        return code[1:] if code[:1].isalpha() else code
    return raw


_FW_ALNUM = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
    | {"－": "-", "　": " ", "（": "(", "）": ")"}
)


def _short(label: str) -> str:
    return label if len(label) <= 16 else label[:15] + "…"

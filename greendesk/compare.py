"""核对平台数据: compare the workbook the platform exports (导出为EXCEL) with the draft, value by value.

We have not seen a workbook exported by the platform, only its page in the manual, so nothing
here relies on positions: every sheet is scanned; a Part 3 header is a row with “2022年指标值”-like
cells (their columns give the years, a “单位” cell the unit column); a Part 3 row is found by its
name in a cell left of the year columns; a field by its label, its value being the next filled cell
to the right. What could not be matched is reported with what was found instead, so that a layout
we do not understand is named, never silently compared as “no differences”.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

from greendesk import cells, refdata
from greendesk.compute import compute
from greendesk.definition import FormDefinition
from greendesk.draft import Draft
from greendesk.layout import Line, display_value, table_lines
from greendesk.numbers import NumberError, format_decimal, normalize_number
from greendesk.units import UnitError, convert

MAX_ROWS = 3000
MAX_COLS = 60
MAX_UNZIPPED = 100 * 1024 * 1024
_YEAR_RE = re.compile(r"^(\d{4})年(指标值)?$")
_KEY_RE = re.compile(r"^[a-z_]+\|")  # the hidden row keys of GreenDesk's own workbooks

DiffKind = Literal["value", "unit", "missing_on_platform", "missing_in_draft", "row_not_found"]
KIND_LABELS = {
    "value": "数值不同",
    "unit": "单位不同",
    "missing_on_platform": "平台未填",
    "missing_in_draft": "草稿未填",
    "row_not_found": "平台表格中未找到",
}


class CompareError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Difference:
    cell: str  # the draft's cell address (go-to target in the window)
    label: str  # row or field name
    year: int | None
    kind: DiffKind
    draft: str
    platform: str
    where: str = ""  # sheet and row in the workbook

    @property
    def text(self) -> str:
        year = f" {self.year}年" if self.year else ""
        at = f"（{self.where}）" if self.where else ""
        if self.kind == "row_not_found":
            return f"{self.label}：{KIND_LABELS[self.kind]}"
        return (f"{self.label}{year}：{KIND_LABELS[self.kind]}——GreenDesk「{self.draft or '（空）'}」，"
                f"平台「{self.platform or '（空）'}」{at}")


@dataclass
class Comparison:
    differences: list[Difference] = field(default_factory=list)
    equal: int = 0  # values found equal
    found: list[str] = field(default_factory=list)  # what was understood of the workbook
    unmatched: list[str] = field(default_factory=list)  # workbook labels with values we do not know

    @property
    def readable(self) -> bool:
        return self.equal > 0 or any(d.kind != "row_not_found" for d in self.differences)

    def to_text(self) -> str:
        lines = list(self.found)
        if not self.readable:
            lines.insert(0, "未能识别平台表格的排列，未作比较。")
        else:
            lines.append(f"一致 {self.equal} 项，不同 {len(self.differences)} 项。")
            lines += [f"  - {d.text}" for d in self.differences]
        if self.unmatched:
            lines.append(f"平台表格中有 {len(self.unmatched)} 项未能对应到本表：" + "、".join(self.unmatched[:20])
                         + ("……" if len(self.unmatched) > 20 else ""))
        return "\n".join(lines)


def norm(text: str) -> str:
    """Label key: no spaces, stars, colons; full-width brackets and digits folded."""
    t = str(text or "").translate(_FOLD)
    return re.sub(r"[\s*＊:：]", "", t)


_FOLD = str.maketrans("（）０１２３４５６７８９，", "()0123456789,")


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _number(v) -> Decimal | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    try:
        text = normalize_number(str(v))
    except NumberError:
        return None
    return Decimal(text) if text is not None else None


def _check_file(path: Path) -> None:
    name = path.name
    if not path.exists():
        raise CompareError(f"找不到文件「{name}」。")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise CompareError(f"「{name}」是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再比较。")
    if not zipfile.is_zipfile(path):
        raise CompareError(f"「{name}」不是 Excel 工作簿（.xlsx）。")
    try:
        with zipfile.ZipFile(path) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNZIPPED:
                raise CompareError(f"「{name}」解压后过大，不像动态管理表，已拒绝读取。")
    except CompareError:
        raise
    except Exception:  # noqa: BLE001 — any zip failure means the file is damaged
        raise CompareError(f"「{name}」已损坏，无法读取。") from None


def read_grids(path: Path) -> dict[str, dict[int, dict[int, object]]]:
    """sheet name → row → column → value (cached values; formulas are never run)."""
    from openpyxl import load_workbook

    _check_file(path)
    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # noqa: BLE001
        raise CompareError(f"「{path.name}」无法作为 Excel 工作簿读取：{type(exc).__name__}") from None
    grids: dict[str, dict[int, dict[int, object]]] = {}
    try:
        for ws in wb.worksheets:
            if ws.title.startswith("_"):
                continue
            grid: dict[int, dict[int, object]] = {}
            for r, row in enumerate(ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS, values_only=True), 1):
                vals = {c: v for c, v in enumerate(row, 1) if v not in (None, "")}
                if vals:
                    grid[r] = vals
            grids[ws.title] = grid
    except Exception as exc:  # noqa: BLE001
        raise CompareError(f"「{path.name}」已损坏，无法读取（{type(exc).__name__}）。") from None
    finally:
        wb.close()
    return grids


def compare_workbook(path: Path, definition: FormDefinition, draft: Draft) -> Comparison:
    return compare_grids(read_grids(path), definition, draft)


@dataclass
class _Header:
    row: int
    years: dict[int, int]  # year → column
    unit_col: int | None
    note_col: int | None


def compare_grids(grids: dict[str, dict[int, dict[int, object]]], definition: FormDefinition,
                  draft: Draft) -> Comparison:
    out = Comparison()
    computed = compute(definition, draft)
    lines = [ln for ln in table_lines(definition, draft, all_items=True) if not ln.heading]
    by_label: dict[str, Line] = {}
    for ln in lines:
        by_label.setdefault(norm(ln.label), ln)
    fields = {norm(f.label): f for f in definition.fields.values()}
    headings = {norm(r.name) for r in definition.table.rows if r.kind in ("section", "group")}
    headings |= {norm(p.title) for p in definition.parts}
    seen_lines: set[int] = set()
    seen_fields: set[str] = set()
    sheets_with_table = []
    for sheet, grid in grids.items():
        header: _Header | None = None
        n_rows = n_fields = 0
        for r in sorted(grid):
            vals = {c: v for c, v in grid[r].items() if not _KEY_RE.match(_text(v))}
            if not vals:
                continue
            h = _header(r, vals)
            if h is not None:
                header = h
                continue
            where = f"工作表「{sheet}」第{r}行"
            if header is not None:
                first_year_col = min(header.years.values())
                labels = [norm(_text(v)) for c, v in sorted(vals.items()) if c < first_year_col]
                ln = next((by_label[k] for k in labels if k in by_label), None)
                if ln is not None and id(ln) not in seen_lines:
                    seen_lines.add(id(ln))
                    n_rows += 1
                    _compare_line(out, definition, computed, ln, vals, header, where)
                    continue
            fid_done = _match_field(out, definition, draft, fields, vals, where, seen_fields)
            if fid_done:
                n_fields += 1
                continue
            if header is not None and any(c >= min(header.years.values()) for c in vals):
                label = next((_text(v) for c, v in sorted(vals.items())
                              if c < min(header.years.values()) and _text(v)), "")
                if label and norm(label) not in fields and norm(label) not in headings:
                    out.unmatched.append(label)
        if header is not None or n_fields:
            sheets_with_table.append(sheet)
            yrs = "、".join(f"{y}年" for y in sorted(header.years)) if header else "无"
            out.found.append(f"工作表「{sheet}」：识别第三部分 {n_rows} 行（年份列：{yrs}），"
                             f"字段 {n_fields} 项。")
    if not sheets_with_table:
        out.found.append(_what_was_found(grids))
        return out
    for ln in lines:
        if id(ln) not in seen_lines and _has_value(computed, ln, definition):
            cell = ln.text_cell or next(iter(ln.year_cells.values()), "")
            out.differences.append(Difference(cell, ln.label, None, "row_not_found", "", ""))
    return out


def _header(r: int, vals: dict[int, object]) -> _Header | None:
    years: dict[int, int] = {}
    unit_col = note_col = None
    for c, v in vals.items():
        t = norm(_text(v))
        if m := _YEAR_RE.match(t):
            years[int(m.group(1))] = c
        elif t == "单位":
            unit_col = c
        elif t == "特殊情况说明":
            note_col = c
    return _Header(r, years, unit_col, note_col) if years else None


def _has_value(computed, ln: Line, definition: FormDefinition) -> bool:
    if ln.kind not in ("parameter", "product_value", "question", "text"):
        return False
    if ln.text_cell:
        return bool(cells.get(computed.draft, ln.text_cell))
    return any(display_value(computed, ln, y) for y in definition.years)


def _compare_line(out: Comparison, definition: FormDefinition, computed, ln: Line,
                  vals: dict[int, object], h: _Header, where: str) -> None:
    draft = computed.draft
    if ln.text_cell:  # 是/否 question or a product's text: the first filled cell right of the label
        first_year_col = min(h.years.values())
        theirs = next((_text(v) for c, v in sorted(vals.items()) if c >= first_year_col), "")
        ours = cells.get(draft, ln.text_cell) or ""
        _compare_text(out, ln.text_cell, ln.label, None, ours, theirs, where)
        return
    platform_unit = _text(vals.get(h.unit_col)) if h.unit_col else ""
    if ln.unit_cell and platform_unit and platform_unit != ln.unit:
        out.differences.append(Difference(ln.unit_cell, ln.label, None, "unit", ln.unit, platform_unit,
                                          where))
    for year in definition.years:
        col = h.years.get(year)
        if col is None:
            continue
        ours_text = display_value(computed, ln, year)
        ours = _number(ours_text) if ours_text else None
        raw = vals.get(col)
        theirs = _number(raw)
        cell = ln.year_cells[year]
        if theirs is not None and platform_unit and platform_unit != ln.unit:
            with contextlib.suppress(UnitError):  # an unknown unit: compared as written
                theirs = convert(theirs, platform_unit, ln.unit)
        if ours is None and theirs is None:
            if raw not in (None, ""):
                out.differences.append(Difference(cell, ln.label, year, "value", "", _text(raw), where))
            continue
        if ours is None:
            out.differences.append(Difference(cell, ln.label, year, "missing_in_draft", "", _text(raw), where))
        elif theirs is None:
            out.differences.append(Difference(cell, ln.label, year, "missing_on_platform", ours_text,
                                              _text(raw), where))
        elif _same(ours, theirs, ln, definition):
            out.equal += 1
        else:
            out.differences.append(Difference(cell, ln.label, year, "value", ours_text,
                                              format_decimal(theirs), where))
    if h.note_col and ln.note_cell:
        ours_note = cells.get(draft, ln.note_cell) or ""
        theirs_note = _text(vals.get(h.note_col))
        if ours_note.strip() or theirs_note:
            _compare_text(out, ln.note_cell, f"{ln.label} 特殊情况说明", None, ours_note.strip(),
                          theirs_note, where)


def _same(ours: Decimal, theirs: Decimal, ln: Line, definition: FormDefinition) -> bool:
    if ours == theirs:
        return True
    if ln.kind in ("indicator", "product_indicator") and ln.row:
        # computed: the platform may round differently; equal at the precision either shows
        places = min(definition.rows[ln.row].decimals, max(0, -theirs.normalize().as_tuple().exponent))
        q = Decimal(1).scaleb(-places)
        return ours.quantize(q) == theirs.quantize(q)
    return False


def _compare_text(out: Comparison, cell: str, label: str, year: int | None, ours: str, theirs: str,
                  where: str) -> None:
    if norm(ours) == norm(theirs):
        out.equal += 1 if ours or theirs else 0
    elif not theirs:
        out.differences.append(Difference(cell, label, year, "missing_on_platform", ours, "", where))
    elif not ours:
        out.differences.append(Difference(cell, label, year, "missing_in_draft", "", theirs, where))
    else:
        out.differences.append(Difference(cell, label, year, "value", ours, theirs, where))


def _match_field(out: Comparison, definition: FormDefinition, draft: Draft, fields: dict,
                 vals: dict[int, object], where: str, seen: set[str]) -> bool:
    """A row holding a field's label: compare the value to its right. True when one matched."""
    items = sorted(vals.items())
    matched = False
    for i, (_c, v) in enumerate(items):
        f = fields.get(norm(_text(v)))
        if f is None or f.id in seen:
            continue
        seen.add(f.id)
        matched = True
        right = [_text(x) for _, x in items[i + 1:]]
        # the value is what follows the label, up to the next known label (two fields on a line);
        # an address may be spread over several cells (省 市 区县 详细地址)
        taken: list[str] = []
        for t in right:
            if norm(t) in fields:
                break
            taken.append(t)
        taken = [t for t in taken if t]
        theirs = " ".join(taken) if f.type == "region" else (taken[0] if taken else "")
        _compare_field(out, f, draft, theirs, where)
    return matched


def _compare_field(out: Comparison, f, draft: Draft, theirs: str, where: str) -> None:
    values = draft.fields
    cell = f"f:{f.id}"
    if f.type == "region":
        parts = [values.get(f"{f.id}.{k}", "") for k in cells.REGION_KEYS]
        ours = " ".join(x for x in (refdata.region_label(*parts[:3]), parts[3]) if x)
        cell = f"f:{f.id}.province"
    elif f.type == "industry":
        code = values.get(f.id, "")
        ours = refdata.industry_label(code) if code else ""
        m = re.search(r"(\d{4})", theirs)
        if m and code and m.group(1) == code:
            out.equal += 1
            return
    elif f.type == "yesno":
        ours = values.get(f.id, "")
        theirs = _checked_choice(theirs)
    else:
        ours = values.get(f.id, "")
    _compare_text(out, cell, _short(f.label), None, ours, theirs, where)


def _checked_choice(text: str) -> str:
    """“是” / “否” from a cell, also when it shows both options with a mark (☑是 □否)."""
    t = text.replace(" ", "")
    if t in ("是", "否"):
        return t
    for mark in ("☑", "■", "√", "●", "✓", "✔", "◉"):
        m = re.search(re.escape(mark) + r"\s*(是|否)", t)
        if m:
            return m.group(1)
    return text


def _what_was_found(grids: dict[str, dict[int, dict[int, object]]]) -> str:
    if not grids:
        return "工作簿中没有可读的工作表。"
    bits = []
    for sheet, grid in grids.items():
        texts = [_text(v) for r in sorted(grid)[:30] for _, v in sorted(grid[r].items()) if _text(v)]
        sample = "、".join(f"「{t[:20]}」" for t in texts[:12])
        bits.append(f"工作表「{sheet}」{len(grid)} 行" + (f"，前几项内容：{sample}" if sample else "（空）"))
    return ("没有找到含“2022年指标值”等年份列的表头，也没有找到本表的字段名称。找到的内容：" + "；".join(bits)
            + "。请确认这是从平台“导出为EXCEL”得到的同一张表。")


def _short(label: str) -> str:
    return label if len(label) <= 30 else label[:29] + "…"

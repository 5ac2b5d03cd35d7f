"""模板导入: read a workbook in the platform's layout back into a draft, and say what was taken.

Excel users re-arrange what they are sent, so nothing here trusts a position. Rows are found by
the hidden key GreenDesk writes on each row (in whatever column it now sits), falling back to the
row label; columns by what their header says (2022年指标值, 单位, 特殊情况说明…). A value that
cannot be placed is listed by row name and year in the report, never dropped silently. The
workbook is read as a capped stream (`xlsx_reader`): nothing runs, formulas give their cached
results and are flagged. Every value then enters the draft as typing does (`cells.prepare`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from greendesk import cells, forms, refdata
from greendesk.definition import DefinitionError, FormDefinition
from greendesk.draft import Draft, new_draft
from greendesk.export import ExportError
from greendesk.export.xlsx_reader import Book, WorkbookError, XCell, open_book
from greendesk.layout import Line, table_lines
from greendesk.session import EditSession
from greendesk.text import echo

MAX_ROWS = 5000
MAX_COLS = 50
SHEET = "动态管理表"
LISTS = "_lists"
KINDS = ("form", "part", "field", "quantity", "region", "years", "section", "group", "parameter",
         "indicator", "qualitative", "question", "text", "product_value", "product_indicator")
KEY_RE = re.compile(r"^({})\|".format("|".join(KINDS)))
YEAR_HEAD = re.compile(r"^(\d{4})\s*年?\s*(指标值|数值|数据)?$")
MAX_LISTED = 60

__all__ = ["ImportReport", "WorkbookError", "read_workbook"]


@dataclass
class ImportReport:
    taken: list[tuple[str, str, str]] = field(default_factory=list)  # (cell, label, value)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (where, label/value, reason)
    doubtful: list[tuple[str, str, str]] = field(default_factory=list)
    form_id: str = ""

    @property
    def empty(self) -> bool:
        """Nothing was read: saving the result would only save an empty table."""
        return not self.taken

    @property
    def left_out(self) -> list[str]:
        """Each value not imported, as the report names it (批量审核 flags the file with them)."""
        return [f"{' '.join(p for p in (where, what) if p)}：{why}" for where, what, why in self.skipped]

    def to_text(self) -> str:
        if self.empty:
            lines = ["没有从工作簿中读取到任何数据（找不到本表的行，或各项均为空）。"]
        else:
            lines = [f"从 Excel 读取 {len(self.taken)} 项数据。"]
        for title, items in (("需要核对", self.doubtful), ("未导入", self.skipped)):
            if items:
                lines.append(f"{title} {len(items)} 项：")
                lines += [f"  - {' '.join(p for p in (w, label) if p)}：{why}"
                          for w, label, why in items[:MAX_LISTED]]
                if len(items) > MAX_LISTED:
                    lines.append(f"  …… 另有 {len(items) - MAX_LISTED} 项")
        return "\n".join(lines)


def read_workbook(path: Path, definition: FormDefinition | None = None,
                  base: Draft | None = None) -> tuple[Draft, ImportReport]:
    book = open_book(path)
    try:
        return _read(book, path, definition, base)
    except ExportError:
        raise
    except Exception as exc:  # noqa: BLE001 — a damaged part of the zip surfaces while reading rows
        raise WorkbookError(f"「{path.name}」已损坏，无法读取（{type(exc).__name__}）。") from None
    finally:
        book.close()


# ---------------------------------------------------------------- cell values


def _text(v) -> str:
    """A label or key: trimmed."""
    return _raw(v).strip()


def _raw(v) -> str:
    """A value cell's text as typed: leading blanks of free text are the user's
    (`cells.prepare` strips them where typing does)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


_QUOTED = re.compile(r'"[^"]*"|\\.')


def _number(v, number_format: str) -> str | None:
    """Exact text of a numeric cell as Excel shows it (1.5 in a 0.00 cell is 1.50, 0.352 in a 0.0% cell
    is 35.2), never with fewer digits than were typed."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        raise ValueError("不是数字")
    if isinstance(v, int | float):
        d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        if isinstance(v, float) and d.is_finite() and len(d.as_tuple().digits) > 15:
            d = Decimal(format(v, ".15g"))  # 0.1+0.2 → 0.3: the 15 digits Excel keeps and shows
        if not d.is_finite():
            raise ValueError("数值无效")
        shown = _QUOTED.sub("", number_format or "")  # "元" or \% print as text, not as a format
        if "%" in shown:
            d = d.scaleb(2)  # 35.2% is stored as 0.352: the table's % rows hold 35.2
        m = re.search(r"\.(0+)", shown)
        if m and shown.strip().startswith("0") and abs(d) < Decimal("1e15") \
                and -d.as_tuple().exponent < len(m.group(1)):
            # trailing zeros the format shows are kept (1.5 shown as 1.50); digits it hides are
            # never dropped: 1.234 in a 0.00 cell is still 1.234
            try:
                d = d.quantize(Decimal(1).scaleb(-len(m.group(1))))
            except InvalidOperation:
                raise ValueError("数值无效") from None
        text = f"{d:f}"
        if isinstance(v, float) and not m and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    return str(v)


def _norm_label(s: str) -> str:
    return re.sub(r"[\s*＊:：]", "", s or "")


def _short(text: str) -> str:
    return echo(text)


# ---------------------------------------------------------------- finding the sheet and form


def _sheet_rows(book: Book, definition: FormDefinition | None):
    """The rows of our sheet: by its name, else the sheet with most of our keys and labels
    (an extra sheet inserted before it, or the sheet renamed)."""
    named = [part for name, part in book.sheets if name == SHEET]
    if named:
        return list(book.rows(named[0], MAX_ROWS, MAX_COLS))
    labels = _known_labels(definition) if definition else set()
    best, best_score = None, 0
    for name, part in book.sheets:
        if name == LISTS:
            continue
        notes = len(book.notes)
        rows = list(book.rows(part, MAX_ROWS, MAX_COLS))
        score = sum(1 for _, row in rows for c in row.values()
                    if isinstance(c.value, str) and (KEY_RE.match(c.value.strip())
                                                     or _norm_label(c.value) in labels))
        if score > best_score:
            best, best_score = rows, score
        else:
            del book.notes[notes:]
    return best or []


def _known_labels(d: FormDefinition) -> set[str]:
    out = {_norm_label(f.label) for f in d.fields.values()}
    out |= {_norm_label(r.name) for r in d.table.rows}
    return out | {"指标名称"}


def _find_definition(book: Book, rows, path: Path, definition: FormDefinition | None) -> FormDefinition:
    if definition is not None:
        return definition
    ident: tuple[str, str] | None = None
    lists = [part for name, part in book.sheets if name == LISTS]
    if lists:
        cells_a = {n: row.get(1) for n, row in book.rows(lists[0], 3, 1, noted=False)}
        vals = [_text(cells_a[n].value) if cells_a.get(n) else "" for n in (1, 2, 3)]
        if vals[0] == "GreenDesk" and vals[1]:
            ident = (vals[1], vals[2])
    if ident is None:
        for _, row in rows:
            for c in row.values():
                t = _text(c.value)
                if t.startswith("form|"):
                    parts = t.split("|")
                    if len(parts) >= 3:
                        ident = (parts[1], parts[2])
                        break
            if ident:
                break
    if ident is None:
        raise WorkbookError(f"「{path.name}」不是由 GreenDesk 导出的动态管理表，请指定表单（--form）后再导入。")
    try:
        return forms.get(ident[0], ident[1] or None)
    except DefinitionError as exc:
        raise WorkbookError(exc.message) from None


# ---------------------------------------------------------------- the columns


@dataclass
class _Columns:
    key: int | None = None
    label: int = 1
    param: int | None = None
    unit: int | None = None
    years: dict[int, int] = field(default_factory=dict)  # year → column
    note: int | None = None
    fill: int | None = None
    from_header: bool = False

    def known(self) -> set[int]:
        cols = {self.key, self.label, self.param, self.unit, self.note, self.fill, *self.years.values()}
        return {c for c in cols if c is not None}


def _columns(rows, d: FormDefinition, report: ImportReport) -> tuple[_Columns, set[int]]:
    """Where each column went, by what the cells say; and the header rows."""
    cols = _Columns()
    keys: Counter[int] = Counter()
    labels: Counter[int] = Counter()
    known = _known_labels(d)
    headers: set[int] = set()
    for n, row in rows:
        for col, c in row.items():
            if not isinstance(c.value, str):
                continue
            t = c.value.strip()
            if KEY_RE.match(t):
                keys[col] += 1
            elif _norm_label(t) in known:
                labels[col] += 1
        heads = {col: _text(c.value) for col, c in row.items() if isinstance(c.value, str)}
        if "指标名称" in heads.values() or sum(1 for t in heads.values() if YEAR_HEAD.match(t)) >= 2:
            headers.add(n)
            if not cols.from_header:
                _read_header(heads, cols)
    if keys:
        cols.key = keys.most_common(1)[0][0]
    if labels and not cols.from_header:
        cols.label = labels.most_common(1)[0][0]
    if not cols.from_header:
        _guess_columns(rows, d, cols, report)
    return cols, headers


def _read_header(heads: dict[int, str], cols: _Columns) -> None:
    for col, t in sorted(heads.items()):
        if m := YEAR_HEAD.match(t):
            cols.years.setdefault(int(m.group(1)), col)
        elif t == "指标名称":
            cols.label = col
        elif t == "指标涉及的参数":
            cols.param = col
        elif t == "单位":
            cols.unit = col
        elif t == "特殊情况说明":
            cols.note = col
        elif t == "填写说明":
            cols.fill = col
    cols.from_header = bool(cols.years)


def _guess_columns(rows, d: FormDefinition, cols: _Columns, report: ImportReport) -> None:
    """No header row (deleted): the unit column is the one holding units, the years follow it,
    then 特殊情况说明 and 填写说明, as GreenDesk lays them out. Said in the report."""
    units = {u for r in d.table.rows for u in r.units} - {""}
    counts: Counter[int] = Counter()
    for _, row in rows:
        for col, c in row.items():
            if col != cols.key and col > cols.label and _text(c.value) in units:
                counts[col] += 1
    cols.unit = counts.most_common(1)[0][0] if counts else cols.label + 2
    cols.param = cols.unit - 1 if cols.unit - 1 > cols.label else None
    first = cols.unit + 1
    cols.years = {y: first + i for i, y in enumerate(d.years)}
    cols.note = first + len(d.years)
    cols.fill = cols.note + 1
    if any(n for n, row in rows if any(col in cols.years.values() for col in row)):
        report.doubtful.append(("", "", f"没有找到表头行（指标名称、{d.year_label(d.years[0])}……），"
                                f"按单位列之后的列读取 {'、'.join(map(str, d.years))} 年数值，请核对"))


# ---------------------------------------------------------------- the rows


@dataclass
class _Edit:
    cell: str
    text: str | None
    label: str
    where: str
    source: XCell | None = None


class _Importer:
    def __init__(self, d: FormDefinition, draft: Draft, report: ImportReport):
        self.d = d
        self.draft = draft
        self.report = report
        self.edits: list[_Edit] = []
        lines = table_lines(d, draft, all_items=True)
        self.lines_by_key: dict[str, Line] = {}
        self.lines_by_label: dict[str, list[Line]] = {}
        for ln in lines:
            if ln.heading:
                continue
            self.lines_by_label.setdefault(_norm_label(ln.label), []).append(ln)
        self.fields_by_label = {_norm_label(f.label): f for f in d.fields.values()}
        self.product_row: str | None = None  # the product group the rows below belong to

    def run(self, rows) -> None:
        cols, headers = _columns(rows, self.d, self.report)
        self.cols = cols
        for n, row in rows:
            if n in headers:
                self._extra_years(n, row)
                continue
            self._row(n, row)

    def _extra_years(self, n: int, row: dict[int, XCell]) -> None:
        for year in self.cols.years:
            if year not in self.d.years:
                self.report.doubtful.append((f"第{n}行", f"{year}年", f"本表只填报 {'、'.join(map(str, self.d.years))} "
                                             "年，该列的数值不导入"))

    # ------------------------------------------------------------ one row
    def _row(self, n: int, row: dict[int, XCell]) -> None:
        cols = self.cols
        key = _text(row[cols.key].value) if cols.key in row else ""
        key = key if KEY_RE.match(key) else ""
        label = _text(row[cols.label].value) if cols.label in row else ""
        kind, _, rest = key.partition("|")
        if kind in ("form", "part", "years", "section", "group"):  # a title: its label only
            self._unplaced(n, row, label, "是标题行，不填写数值")
            return
        try:
            if kind in ("field", "quantity"):
                f = self.d.fields.get(rest)
                if f is None or f.type == "region":
                    self._unplaced(n, row, label or rest, "本表单没有该字段")
                    return
                self._field(n, row, f)
            elif kind == "region":
                self._region(n, row, rest, label)
            elif kind:
                line = self._line_by_key(kind, rest)
                if line is None:
                    self._unplaced(n, row, label or key, "本表没有这一行")
                    return
                self._line(n, row, line)
            elif _norm_label(label) in self.fields_by_label:
                f = self.fields_by_label[_norm_label(label)]
                if f.type == "region":
                    self._region(n, row, f.id, label)
                else:
                    self._field(n, row, f)
            elif _norm_label(label) in self.lines_by_label:
                line = self._line_by_label(_norm_label(label))
                if line is None:
                    self._unplaced(n, row, label, "同名的行不止一处，无法确定属于哪一项（隐藏的行标识已被删除）")
                    return
                self._line(n, row, line)
            else:
                self._unplaced(n, row, label, "不是本表的行")
        except (KeyError, AttributeError, IndexError, ValueError):
            self._unplaced(n, row, label or key, "格式无法识别")

    def _line_by_key(self, kind: str, rest: str) -> Line | None:
        parts = rest.split("|")
        for lines in self.lines_by_label.values():
            for ln in lines:
                if ln.kind != kind:
                    continue
                if kind in ("question", "text") and ln.text_cell == parts[0]:
                    return self._context(ln)
                if kind in ("parameter", "product_value", "indicator", "product_indicator", "qualitative") and \
                        ln.year_cells and ln.year_cells[self.d.years[0]].rsplit(":", 1)[0] == parts[0]:
                    return self._context(ln)
        return None

    def _line_by_label(self, label: str) -> Line | None:
        lines = self.lines_by_label[label]
        if len(lines) > 1:
            lines = [ln for ln in lines if ln.row == self.product_row] or lines
        return self._context(lines[0]) if len(lines) == 1 else None

    def _context(self, line: Line) -> Line:
        if line.kind == "question":
            self.product_row = line.row
        return line

    # ------------------------------------------------------------ what a row holds
    def _values(self, row: dict[int, XCell], skip: set[int]) -> list[tuple[int, XCell]]:
        """The cells of a row that hold something (a value or a formula), left to right."""
        return [(col, c) for col, c in sorted(row.items())
                if col not in skip and (c.value not in (None, "") or c.formula)]

    def _unplaced(self, n: int, row: dict[int, XCell], label: str, why: str,
                  skip: set[int] | None = None) -> None:
        """List every value of a row that cannot be placed, by row name and year (column)."""
        cols = self.cols
        skip = {cols.key, cols.label, cols.fill} | (skip or set())
        by_col = {col: y for y, col in cols.years.items()}
        for col, c in self._values(row, skip):
            if col == cols.param or (col == cols.unit and not isinstance(c.value, int | float)):
                continue  # GreenDesk's own texts on a row it does not know
            what = f"{by_col[col]}年" if col in by_col else \
                "特殊情况说明" if col == cols.note else f"第{col}列"
            self.report.skipped.append((f"第{n}行", f"{_short(label) or '（无名称）'} {what}「{_short(_raw(c.value))}」",
                                        why + "，未导入"))

    def _add(self, cell: str, c: XCell | None, label: str, where: str, text: str | None = None) -> None:
        if c is not None and c.formula and c.value in (None, ""):
            self.report.skipped.append((where, label, "公式没有计算结果，未导入"))
            return
        if c is not None and c.error:
            self.report.skipped.append((where, label, f"单元格是错误值 {c.value}，未导入"))
            return
        if text is None:
            text = _raw(c.value) if c is not None else ""
        self.edits.append(_Edit(cell, text, label, where, c))

    def _in_table(self, row: dict[int, XCell]) -> list[tuple[int, XCell]]:
        """The values right of the label, inside the table's columns (a field's value box spans
        them); what a user put in columns of their own is listed, not taken."""
        cols = self.cols
        last = max(cols.known() - {cols.key})
        inside = [(col, c) for col, c in self._values(row, {cols.key, cols.label}) if cols.label < col <= last]
        return inside

    def _outside(self, n: int, row: dict[int, XCell], label: str, taken: list[tuple[int, XCell]]) -> None:
        used = {col for col, _ in taken} | {self.cols.key, self.cols.label}
        for col, c in self._values(row, used):
            self.report.skipped.append((f"第{n}行", f"{_short(label)} 第{col}列「{_short(_raw(c.value))}」",
                                        "不在表格的列中，未导入"))

    def _field(self, n: int, row: dict[int, XCell], f) -> None:
        where = f"第{n}行"
        values = self._in_table(row)
        if f.type == "quantity":
            self._outside(n, row, f.label, self._quantity(where, f, values))
            return
        self._outside(n, row, f.label, values)
        if values:
            col, c = values[0]
            text = _raw(c.value)
            if f.type == "industry" and text:
                text = (text.split() or [""])[0]  # the code; a no-break space pasted from a web page too
            self._add(f"f:{f.id}", c, f.label, where, text)
            for col, extra in values[1:]:
                self.report.skipped.append((where, f"{_short(f.label)} 第{col}列「{_short(_raw(extra.value))}」",
                                            "同一行有多个值，只取第一个，未导入"))

    def _quantity(self, where: str, f, values: list[tuple[int, XCell]]) -> list[tuple[int, XCell]]:
        """A number and, beside it, its unit from a dropdown (told apart by what they say: the
        unit is one of the field's units). Returns the cells used."""
        units = [(col, c) for col, c in values if _text(c.value) in f.unit_options]
        numbers = [(col, c) for col, c in values if (col, c) not in units]
        used = numbers[:1] + units[-1:]
        if numbers:
            c = numbers[0][1]
            try:
                text = _number(c.value, c.number_format)
            except ValueError as exc:
                self.report.skipped.append((where, f"{_short(f.label)}「{_short(_raw(c.value))}」", f"{exc}，未导入"))
            else:
                self._add(f"f:{f.id}", c, f.label, where, text or "")
        if units:
            c = units[-1][1]
            unit = _text(c.value)
            if unit != f.unit_options[0] or self.draft.fields.get(f.unit_key):  # not the default
                self._add(f"f:{f.unit_key}", c, f"{f.label} 单位", where, unit)
        return used

    def _region(self, n: int, row: dict[int, XCell], fid: str, label: str) -> None:
        where = f"第{n}行"
        inside = self._in_table(row)
        self._outside(n, row, label, inside)
        values = [(_text(c.value), c) for _, c in inside]
        names = [t for t, _ in values]
        if not names:
            return
        prov = next((p for p in refdata.provinces() if p.name in names), None)
        city = next((c for c in refdata.cities(prov.code) if c.name in names), None) if prov else None
        county = next((a for a in refdata.counties(city.code) if a.name in names), None) if city else None
        used = {x.name for x in (prov, city, county) if x}
        rest = [t for t in names if t not in used]
        if rest and not (prov or city or county) and len(rest) > 1:
            self.report.doubtful.append((where, " ".join(rest[:3]), "省/市/区县名称无法识别，请在程序中重新选择"))
        elif names and (prov is None or (city is None and len(names) > 1)):
            self.report.doubtful.append((where, " ".join(names[:3]), "省/市/区县名称无法识别，请在程序中重新选择"))
        formula = next((c for _, c in values if c.formula), None)
        name = self.d.fields[fid].label if fid in self.d.fields else "地址"
        detail = rest[-1] if rest else ""
        if len(rest) > 1:
            detail = rest[-1]
            for t in rest[:-1]:
                self.report.skipped.append((where, f"{_short(label)}「{_short(t)}」", "无法确定是地址的哪一部分，未导入"))
        self.edits += [
            _Edit(f"f:{fid}.province", prov.code if prov else None, f"{name}（省）", where),
            _Edit(f"f:{fid}.city", city.code if city else None, f"{name}（市）", where),
            _Edit(f"f:{fid}.county", county.code if county else None, f"{name}（区县）", where),
            _Edit(f"f:{fid}.detail", detail, f"{name}（详细地址）", where, formula),
        ]

    def _line(self, n: int, row: dict[int, XCell], line: Line) -> None:
        cols = self.cols
        where = f"第{n}行"
        name = self._name(line)
        used = {cols.key, cols.label, cols.param, cols.fill}
        if line.unit_cell and cols.unit in row:
            unit = _text(row[cols.unit].value)
            if line.kind == "product_indicator" and "/" in unit:  # 千克标准煤/吨 → …/产品单位
                unit = unit.split("/")[0] + "/产品单位"
            self._add(line.unit_cell, row[cols.unit], f"{name} 单位", where, unit)
        used.add(cols.unit)
        if line.note_cell and cols.note in row:
            self._add(line.note_cell, row[cols.note], f"{name} 特殊情况说明", where)
        elif cols.note in row:  # a product or text row has no 特殊情况说明: say so, never drop it
            self._unplaced(n, {cols.note: row[cols.note]}, name, "这一行没有特殊情况说明")
        used.add(cols.note)
        if line.kind in ("question", "text"):
            span = set(cols.years.values())
            inside = [(col, c) for col, c in self._in_table(row) if col not in used]
            values = [(col, c) for col, c in inside if col in span] or inside
            if values:
                self._add(line.text_cell, values[0][1], name, where)
                used |= {values[0][0]}
            self._unplaced(n, row, name, "同一行有多个值，只取第一个", used)
            return
        for year, col in sorted(cols.years.items()):
            used.add(col)
            c = row.get(col)
            if not line.editable or year not in self.d.years:
                continue
            cell = line.year_cells[year]
            if c is None:  # blank: a department filling some rows leaves the others as they are
                continue
            if line.kind == "qualitative":  # 是/否 per year
                self._add(cell, c, f"{name} {year}年", where, _text(c.value))
                continue
            if c.date or isinstance(c.value, bool):
                self.report.skipped.append((where, f"{name} {year}年「{_short(_raw(c.value))}」",
                                            "是日期或是/否，不是数字，未导入"))
                continue
            try:
                text = _number(c.value, c.number_format)
            except ValueError as exc:
                self.report.skipped.append((where, f"{name} {year}年「{_short(_raw(c.value))}」",
                                            f"{exc}，未导入"))
                continue
            self._add(cell, c, f"{name} {year}年", where, text or "")
        for year in cols.years:
            if year not in self.d.years and cols.years[year] in row and line.editable:
                c = row[cols.years[year]]
                self.report.skipped.append((where, f"{name} {year}年「{_short(_raw(c.value))}」",
                                            f"本表不填报 {year} 年，未导入"))
        self._unplaced(n, row, name, "不在任何年份列下", used)

    def _name(self, line: Line) -> str:
        """How a person finds the row: 产品1名称 says which product group it is in."""
        if line.item is not None and line.row in self.d.rows:
            return f"{self.d.rows[line.row].name} {line.label}"
        return line.label

    # ------------------------------------------------------------ into the draft
    def apply(self) -> None:
        d, draft, report = self.d, self.draft, self.report
        session = EditSession(d, draft)
        accepted: list[tuple[str, str | None]] = []
        seen: dict[str, _Edit] = {}
        for e in self.edits:
            first = seen.get(e.cell)
            if first is not None:  # a row copied, or a value shown on several rows (产品综合能耗 单位)
                if (e.text or "").strip() != (first.text or "").strip():
                    report.skipped.append((e.where, f"{_short(e.label)}「{_short(e.text or '')}」",
                                           f"与{first.where}的「{_short(first.text or '')}」不同，"
                                           f"取{first.where}的值，未导入"))
                continue
            seen[e.cell] = e
            try:
                prepared = cells.prepare(d, e.cell, e.text)
            except cells.CellError as exc:
                report.skipped.append((e.where, f"{_short(e.label)}「{_short(e.text or '')}」", exc.message))
                continue
            if prepared.notes:
                report.doubtful.append((e.where, e.label, "；".join(prepared.notes)))
            if e.source is not None and e.source.formula and prepared.value is not None:
                report.doubtful.append((e.where, e.label,
                                        f"由公式计算（取其结果 {_short(prepared.value)}），请核对"))
            accepted.append((e.cell, prepared.value))
            if prepared.value is not None:
                report.taken.append((e.cell, e.label, prepared.value))
        draft.state = "draft"
        session.apply(accepted, source="imported", normalized=True, label="Excel导入")


def _read(book: Book, path: Path, definition: FormDefinition | None, base: Draft | None):
    if not any(name != LISTS for name, _ in book.sheets):
        raise WorkbookError(f"「{path.name}」中没有工作表。")
    rows = _sheet_rows(book, definition)
    d = _find_definition(book, rows, path, definition)
    draft = base.model_copy(deep=True) if base is not None else new_draft(d)
    report = ImportReport(form_id=d.id)
    importer = _Importer(d, draft, report)
    importer.run(rows)
    for note in book.notes:
        report.doubtful.append(("", "", note))
    importer.apply()
    return draft, report


"""Lists of records (e.g. the 培育名单 of 附件3/4) in the template's own Excel layout, and back.

Why a layout of its own: the province collects these lists on the notice's template, so the
workbook is that template — the title with the city filled in, the column heads exactly as the
notice prints them, one row per record, 序号 numbered — not the dynamic-management table's layout.
Reading goes by header labels (line breaks, spaces and bracket widths ignored), so a template
filled by hand from the notice, or one whose columns were moved, reads back too.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from greendesk import cells, records, refdata
from greendesk.definition import FormDefinition, Part
from greendesk.draft import Draft, new_draft
from greendesk.export import guard
from greendesk.export.guard import clean as clean_text
from greendesk.text import echo

BLANK_ROWS = 20  # numbered empty rows in the blank workbook
VALIDATED_ROWS = 1000  # dropdowns reach this many rows below the heads
SUBJECT = "GreenDesk:"  # workbook subject: "GreenDesk:<form id>@<version>"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_EXAMPLE = "示例"
_NOTE_LINE = re.compile(r"^注\s*[：:]")  # 注：园区类型请填写… (not 注塑模具产业园)
_TITLE_WORDS = "绿色制造培育名单"
_TITLE_CITY = re.compile(r"^\s*([^_\s]*?)[_\s]*市?绿色制造培育名单")


def has_records(definition: FormDefinition) -> bool:
    return bool(definition.record_parts)


# ---------------------------------------------------------------- export


def render_records_xlsx(definition: FormDefinition, draft: Draft, *, blank: bool = False) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.subject = f"{SUBJECT}{definition.id}@{definition.version}"
    wb.properties.title = guard.clean(definition.title)
    for part in definition.record_parts:
        _sheet(wb, part, None if blank else draft, blank)
    guard.seal(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet(wb: Workbook, part: Part, draft: Draft | None, blank: bool) -> None:
    rec = part.records
    assert rec is not None
    ws = wb.create_sheet(guard.sheet_title(part.short_title))
    ncol = len(rec.columns) + 1
    last = get_column_letter(ncol)
    guard.put(ws.cell(1, 1), records.title_for(part, draft))
    ws.merge_cells(f"A1:{last}1")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    heads = [rec.number_label, *(c.label for c in rec.columns)]
    for i, head in enumerate(heads, 1):
        cell = ws.cell(2, i)
        guard.put(cell, head)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
    ws.row_dimensions[2].height = 48
    ws.column_dimensions["A"].width = 6
    for i, col in enumerate(rec.columns, 2):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    rows = [] if draft is None else records.rows_of(draft, part)
    count = BLANK_ROWS if blank else len(rows)
    for n in range(count):
        r = 3 + n
        ws.cell(r, 1, n + 1).border = _BOX
        ws.cell(r, 1).alignment = Alignment(horizontal="center", vertical="center")
        values = rows[n] if n < len(rows) else {}
        for i, col in enumerate(rec.columns, 2):
            cell = ws.cell(r, i)
            guard.put(cell, values.get(col.id, ""))
            cell.border = _BOX
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    end = 3 + count
    if rec.note:
        guard.put(ws.cell(end + 1, 1), rec.note)
        ws.merge_cells(f"A{end + 1}:{last}{end + 1}")
    for i, col in enumerate(rec.columns, 2):
        if col.type != "choice":
            continue
        letter = get_column_letter(i)
        dv = DataValidation(type="list", formula1='"' + ",".join(col.options) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="无效的选项",
                            error=f"请从下拉列表中选择：{'、'.join(col.options)}")
        dv.add(f"{letter}3:{letter}{2 + max(VALIDATED_ROWS, count)}")
        ws.add_data_validation(dv)
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


# ---------------------------------------------------------------- import


@dataclass
class RecordsImport:
    """What a 模板导入 of a list did: rows read, and every row or value left out, with why."""

    form_title: str
    rows: int = 0
    notes: list[str] = field(default_factory=list)
    # the notes on values the list does not hold (a column it lacks, a formula without its result,
    # rows past the limit): never folded into a count; 批量审核 flags the file with them
    left_out: list[str] = field(default_factory=list)

    def lost(self, note: str) -> None:
        self.notes.append(note)
        self.left_out.append(note)

    @property
    def empty(self) -> bool:
        """No row was read: saving would only save an empty list (the CLI refuses, as for a table)."""
        return self.rows == 0

    def to_text(self) -> str:
        lines = [f"模板导入：{self.form_title}，读入 {self.rows} 行。"]
        lines += [f"  · {n}" for n in self.notes]
        return "\n".join(lines)


class RecordsImportError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class _Header:
    row: int  # the sheet row of the heads
    columns: dict[str, int]  # column id → sheet column (1-based)
    number: int | None  # the 序号 column (numbered by hand, never read)
    heads: dict[int, str]  # every other sheet column with a head → the head as written


def _find_header(ws, part: Part, scan: int = 50) -> _Header | None:
    """The heads' row when every required column's head is found in it (by `records.head_key`:
    line breaks, spaces and bracket widths ignored; the full head or its short form)."""
    rec = part.records
    assert rec is not None
    wanted = {records.head_key(c.label): c.id for c in rec.columns}
    short = {records.head_key(records.short_label(c)): c.id for c in rec.columns}
    number_key = records.head_key(rec.number_label)
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=scan, values_only=True), 1):
        found: dict[str, int] = {}
        number: int | None = None
        others: dict[int, str] = {}
        for i, value in enumerate(row, 1):
            key = records.head_key(value) if value is not None else ""
            cid = wanted.get(key) or short.get(key)
            if cid and cid not in found:
                found[cid] = i
            elif key == number_key and number is None:
                number = i
            elif key:
                others[i] = str(value).strip()
        if all(c.id in found for c in rec.columns if c.required) and found:
            return _Header(r, found, number, others)
    return None


def _title_city(title: str, province: str | None) -> str | None:
    """The city a list's title names: "广州市绿色制造培育名单（…）", also with words before it
    (附件3：, 广东省, 2025年) or the template's underlines kept (__广州__市…). A city of the list's
    province is looked for by name (the last one written, full or short); else the words before
    市 are taken as the template's blank filled in."""
    at = title.find(_TITLE_WORDS)
    if at < 0:
        return None
    before = re.sub(r"[_\s\u3000]+", "", title[:at])
    if province:
        code = next((p.code for p in refdata.provinces() if p.name == province), None)
        found = [(before.rfind(name), len(name), c.name) for c in (refdata.cities(code) if code else [])
                 for name in (c.name, c.name.removesuffix("市")) if name and name in before]
        if found:
            return max(found)[2]
    m = _TITLE_CITY.match(before + _TITLE_WORDS)
    return (m.group(1) + ("" if m.group(1).endswith("市") else "市")) if m and m.group(1) else None


def _text(value: object) -> str:
    """A cell's value as typed text (dates as 年/月, whole floats without .0); not yet cleaned."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}/{value.month:02d}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(repr(value)))
    return str(value)


def _is_number(text: str) -> bool:
    """What a 序号 cell may hold: a number (renumbered or not), or the template's "..."."""
    t = text.strip()
    return t.isdigit() or t in ("...", "…", "……") or t.replace(".", "", 1).isdigit()


MAX_LIST_ROWS = 10_000  # sheet rows read under the heads: a province's list is a few thousand
LOOK_BEYOND = 1_000  # rows after that looked at, to say whether anything was left unread
MAX_NOTES = 200  # notes listed one by one; the rest are counted (a sheet of junk must not flood)


def read_records_workbook(path: Path, definition: FormDefinition) -> tuple[Draft, RecordsImport]:
    """The list a 培育名单 workbook holds. The file passes the checks every import makes first (a
    real .xlsx, its entries and unpacked sizes within bounds, no DTD: `xlsx_reader.open_book`),
    then is streamed twice: the values Excel saved, and the formulas, so that a formula with no
    saved result is named rather than read as an empty cell."""
    from greendesk.export.xlsx_reader import WorkbookError, open_book

    try:
        open_book(path).close()
    except WorkbookError as exc:
        raise RecordsImportError(exc.message) from None
    books = []
    try:
        books.append(load_workbook(path, read_only=True, data_only=True))
        books.append(load_workbook(path, read_only=True, data_only=False))
        for wb in books:
            for ws in wb.worksheets:  # read every row there is, not the (often stale) <dimension>
                ws.reset_dimensions()
        return _read(books[0], path, definition, books[1])
    except RecordsImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file or sheet
        raise RecordsImportError(f"无法读取 Excel 文件「{path.name}」：{exc}") from None
    finally:
        for wb in books:
            wb.close()


def _formulas(ws, first: int):
    """Each row's formulas from `first` on (None where a cell holds none), for zipping with values."""
    for row in ws.iter_rows(min_row=first, values_only=True):
        yield tuple(_formula_text(v) for v in row)


def _formula_text(value: object) -> str | None:
    text = getattr(value, "text", value)  # an array formula keeps its text in .text
    return text if isinstance(text, str) and text.startswith("=") else None


def _read(wb, path: Path, definition: FormDefinition, formulas) -> tuple[Draft, RecordsImport]:
    """`wb` the values Excel saved, `formulas` the same workbook read for its formulas."""
    draft = new_draft(definition)
    report = RecordsImport(definition.title)
    unread: list[str] = []  # rows left unread past MAX_LIST_ROWS
    for part in definition.record_parts:
        rec = part.records
        assert rec is not None
        # every sheet with the list's heads (a city may keep one sheet per district), in order
        hits = [(ws, h) for ws in wb.worksheets if (h := _find_header(ws, part))]
        if not hits:
            heads = "、".join(c.label for c in rec.columns if c.required)
            raise RecordsImportError(f"「{path.name}」中找不到{part.title}的表头（应有：{heads}）。")
        rows: list[dict[str, str]] = []
        for ws, header in hits:
            at = f"工作表「{ws.title}」" if len(hits) > 1 else ""
            for r in range(1, header.row):
                for value in next(ws.iter_rows(min_row=r, max_row=r, values_only=True)):
                    city = _title_city(str(value or ""), rec.province)
                    if city and rec.city_field and not draft.fields.get(rec.city_field):
                        draft.fields[rec.city_field] = city
            missing = [c.label for c in rec.columns if c.id not in header.columns]
            if missing:
                report.notes.append(f"{at}没有找到这些列，按空白读入：{'、'.join(missing)}")
            sheet = zip(ws.iter_rows(min_row=header.row + 1),
                        _formulas(formulas[ws.title], header.row + 1), strict=False)
            for r, (row_cells, shown) in enumerate(sheet, header.row + 1):
                values = tuple(c.value for c in row_cells)
                if r - header.row > MAX_LIST_ROWS:
                    if _more_beyond(values, sheet):
                        unread.append(f"{at or '工作表'}第{r - 1}行之后还有内容，未导入（培育名单最多读取 {MAX_LIST_ROWS} 行）")
                    break
                # a formula Excel saved with a text result (even "") is typed "str": not unsaved
                texts = {i for i, c in enumerate(row_cells, 1) if getattr(c, "data_type", None) == "str"}
                row = _Row(definition, part, header, r, values, report, shown, at, texts)
                if row.skip():
                    continue
                rows.append(row.place(len(rows) + 1))
        draft.records[part.id] = rows
        report.rows += len(rows)
    if len(report.notes) > MAX_NOTES:
        more = len(report.notes) - MAX_NOTES
        report.notes[MAX_NOTES:] = [f"……另有 {more} 条说明未逐条列出（多为同类问题），请核对工作表后重新导入"]
    report.notes += unread  # never folded into the count above
    report.left_out += unread
    return draft, report


def _more_beyond(first: tuple, sheet) -> bool:
    """Whether any of the LOOK_BEYOND rows after the last one read holds something: `first`, the
    row that went past the limit, then the next ones."""
    if any(_text(v).strip() for v in first):
        return True
    for i, (row_cells, _shown) in enumerate(sheet, 1):
        if i >= LOOK_BEYOND:
            return False
        if any(_text(c.value).strip() for c in row_cells):
            return True
    return False


class _Row:
    """One sheet row under the heads: its values by column id, and what lies outside the list's
    columns (named in the report with row and column, never dropped silently)."""

    def __init__(self, definition: FormDefinition, part: Part, header: _Header, r: int,
                 values: tuple, report: RecordsImport, formulas: tuple = (), at: str = "",
                 texts: set[int] | frozenset[int] = frozenset()):
        self.definition, self.part, self.header, self.r, self.report = definition, part, header, r, report
        self.at = at  # 工作表「…」 when the list spans several sheets
        # a formula whose result was never saved (a file written by another program): named, not
        # read as empty; not in the 序号 column (never read: =ROW()-2 numbers rows)
        self.unsaved = {i: f for i, f in enumerate(formulas, 1)
                        if f is not None and i != header.number and i not in texts
                        and (i > len(values) or values[i - 1] is None)}
        self.cells = {cid: _text(values[i - 1]) if i - 1 < len(values) else "" for cid, i in header.columns.items()}
        self.number = _text(values[header.number - 1]).strip() if header.number and header.number <= len(values) else ""
        self.first = next((t for v in values if (t := _text(v).strip())), "")  # its first text
        self.texts = sum(1 for v in values if _text(v).strip())  # how many cells hold something
        placed = set(header.columns.values()) | {header.number}
        self.extra = {i: _text(v).strip() for i, v in enumerate(values, 1)
                      if i not in placed and v is not None and _text(v).strip()}

    def _where(self, i: int) -> str:
        head = self.header.heads.get(i)
        return f"{self.at}第{self.r}行{get_column_letter(i)}列（{f'列标题「{head}」' if head else '无列标题'}）"

    def skip(self) -> bool:
        filled = any(v.strip() for v in self.cells.values())
        if _NOTE_LINE.match(self.first) and self.texts == 1:
            return True  # the template's 注：… line (one text, under or within the table)
        rec = self.part.records
        assert rec is not None
        labels = {self.header.columns[c.id]: records.short_label(c) for c in rec.columns if c.id in self.header.columns}
        for i, formula in self.unsaved.items():
            where = f"{self.at}第{self.r}行{get_column_letter(i)}列「{labels[i]}」" if i in labels else self._where(i)
            self.report.lost(f"{where}是公式「{echo(formula)}」，文件中没有它的计算结果"
                             "（不是用 Excel 保存的），未导入，请填写数值或用 Excel 打开后保存")
        if not filled and not self.extra:
            if self.number and not _is_number(self.number):
                self.report.notes.append(f"{self.at}第{self.r}行「序号」列中的「{echo(self.number)}」不是序号，未导入")
            return True  # an empty row, numbered or not
        if _EXAMPLE in (v.strip() for v in self.cells.values()):
            self.report.notes.append(f"{self.at}第{self.r}行是通知模板中的示例行（“{_EXAMPLE}”），未导入")
            return True
        for i, value in self.extra.items():
            self.report.lost(f"{self._where(i)}的「{echo(value)}」不属于名单的任何一列，未导入")
        return not filled

    def place(self, n: int) -> dict[str, str]:
        """The row as the draft stores it (row `n` of the list), each value cleaned as typing would."""
        rec = self.part.records
        assert rec is not None
        out: dict[str, str] = {}
        for col in rec.columns:
            raw = self.cells.get(col.id, "")
            if not raw.strip():
                continue
            where = f"{self.at}第{self.r}行{get_column_letter(self.header.columns[col.id])}列「{records.short_label(col)}」"
            try:
                prepared = cells.prepare(self.definition, f"r:{self.part.id}.{n}.{col.id}", raw)
                value = prepared.value or ""
                notes = [n for n in prepared.notes  # a code+name wrapped in its cell is joined again
                         if not (col.type == "industry" and "换行" in n)]
                if notes:
                    self.report.notes.append(f"{where}：{'，'.join(notes)}")
            except cells.CellError as exc:  # kept as read: the draft's findings name it
                value = clean_text(raw).strip()
                self.report.notes.append(f"{where}：{exc.message}（已按原样读入，请在名单中修改）")
            if col.type == "industry" and value:
                value = records.industry_text(value)
            if value:
                out[col.id] = value
        return out


def sniff(path: Path, candidates: list[FormDefinition]) -> FormDefinition | None:
    """The list form a workbook holds: by its subject when GreenDesk wrote it, else by its heads
    (a template filled by hand). None for any other workbook (or one that cannot be read here)."""
    if not candidates:
        return None
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - unreadable here: the main importer will say why
        return None
    try:
        for ws in wb.worksheets:  # the heads may lie past a stale <dimension>
            ws.reset_dimensions()
        subject = wb.properties.subject or ""
        for d in candidates:
            if subject == f"{SUBJECT}{d.id}@{d.version}":
                return d
        for d in candidates:
            if all(any(_find_header(ws, p) for ws in wb.worksheets) for p in d.record_parts):
                return d
        return None
    except Exception:  # noqa: BLE001 - a damaged sheet (read lazily here): the main importer says why
        return None
    finally:
        wb.close()

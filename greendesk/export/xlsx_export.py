"""The platform's table as an Excel workbook: filled from a draft, or blank for collecting figures.

One sheet “动态管理表” holds the five parts in the platform's order (the platform itself renders the
form as one spreadsheet, title in E1). Dropdown lists live in a hidden sheet “_lists” referenced
through defined names (inline lists are capped at 255 characters). Column I (hidden) carries each
row's key so that import matches rows by identity, never by position.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from greendesk import cells, refdata
from greendesk.compute import compute
from greendesk.definition import FormDefinition, FormField
from greendesk.draft import Draft
from greendesk.export import guard
from greendesk.layout import Line, display_value, table_lines

SHEET = "动态管理表"
LISTS = "_lists"
META_TITLE = "GreenDesk"
KEY_COL = 9  # I: row keys (hidden)
FONT_NAME = "Microsoft YaHei"
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E8EEF5")
SECTION_FILL = PatternFill("solid", fgColor="D7E4D0")
GROUP_FILL = PatternFill("solid", fgColor="F1F5EE")
COMPUTED_FILL = PatternFill("solid", fgColor="EEEEEE")
INPUT_FILL = PatternFill("solid", fgColor="FFFDF2")
WRAP = Alignment(wrap_text=True, vertical="center")
UNLOCKED = Protection(locked=False)
MAX_EXACT_DIGITS = 15  # a double keeps 15 significant digits; longer numbers are written as text
MAX_PLACES = 30  # Excel's number format shows at most 30 decimals
MAX_NUMBER = Decimal("1e300")  # Excel holds up to 9.99e307
MAX_ROW_HEIGHT = 409  # points: Excel's limit; a taller text spreads over merged rows
LINE_HEIGHT = 14.5  # points per wrapped line of 10 pt text


def write_number(cell, text: str) -> None:
    """A number Excel can compute with, showing exactly the decimals typed (1.50 stays 1.50).
    What a double cannot hold exactly (more than 15 digits, more than 30 decimals, beyond
    Excel's range) is written as text, so the workbook shows what the draft holds."""
    try:
        d = Decimal(text)
        exact = d.is_finite() and len(d.as_tuple().digits) <= MAX_EXACT_DIGITS
        places = max(0, -int(d.as_tuple().exponent)) if exact else 0
        exact = exact and places <= MAX_PLACES and (d == 0 or Decimal("1e-300") < abs(d) < MAX_NUMBER)
    except (ArithmeticError, ValueError, TypeError):
        exact = False
    if not exact:
        guard.put(cell, text)
        guard.neutralise(cell)
        return
    cell.value = int(d) if places == 0 else float(d)
    cell.number_format = "0" if places == 0 else "0." + "0" * places


def safe_text(cell, value: str) -> None:
    """Kept for callers of the former name: the formula guard's `put`."""
    guard.put(cell, value)


def put(ws, row: int, column: int, value):
    """The one way this module writes a cell: through the formula guard."""
    c = ws.cell(row=row, column=column)
    guard.put(c, value)
    return c


def _lines_needed(text: str, width: float) -> int:
    """Rough line count of wrapped text in a column `width` characters wide (CJK counts double)."""
    total = 0
    for para in (text or "").split("\n"):
        units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in para)
        total += max(1, -(-units // max(1, int(width * 0.95))))
    return total


class _Lists:
    """The hidden sheet with every dropdown list, one column each, named for data validation."""

    def __init__(self, wb: Workbook):
        self.ws = wb.create_sheet(LISTS)
        self.ws.sheet_state = "hidden"
        self.wb = wb
        self.names: dict[tuple[str, ...], str] = {}

    def name_for(self, options: tuple[str, ...]) -> str:
        if options in self.names:
            return self.names[options]
        col = len(self.names) + 2  # column A holds the form identity
        for i, opt in enumerate(options, 1):
            put(self.ws, i, col, opt)
        letter = get_column_letter(col)
        name = f"list{len(self.names) + 1}"
        ref = f"{quote_sheetname(LISTS)}!${letter}$1:${letter}${len(options)}"
        self.wb.defined_names[name] = DefinedName(name, attr_text=ref)
        self.names[options] = name
        return name


class XlsxBuilder:
    def __init__(self, definition: FormDefinition, draft: Draft, blank: bool = False):
        self.d = definition
        self.draft = draft
        self.blank = blank
        self.computed = compute(definition, draft)
        self.wb = Workbook()
        self.ws = self.wb.active
        self.ws.title = SHEET
        self.lists = _Lists(self.wb)
        self.validations: dict[str, DataValidation] = {}
        self.row = 1
        self.ncols = 5 + len(definition.years)  # A..C, years, note, fill note
        self.widths = [34, 26, 14] + [15] * len(definition.years) + [30, 48]

    @staticmethod
    def _fit(*pairs: tuple[str, float]) -> float | None:
        """The row height its longest wrapped text needs (merged cells never auto-fit), or None
        for one line."""
        lines = max((_lines_needed(t, w) for t, w in pairs if t), default=1)
        return LINE_HEIGHT * lines + 3 if lines > 1 else None

    def _end_row(self, height: float | None) -> None:
        """Give the row its height and move on. Excel caps a row at 409 points, which clipped long
        texts (亮点工作, 1-6 说明, long 特殊情况说明): such a line is spread over as many rows as it
        needs, every cell of it merged downwards, the row key staying on the first row."""
        ws, r = self.ws, self.row
        if height is None or height <= MAX_ROW_HEIGHT:
            if height is not None:
                ws.row_dimensions[r].height = height
            self.row += 1
            return
        k = -(-int(height) // MAX_ROW_HEIGHT)
        spans = [m for m in ws.merged_cells.ranges if m.min_row == m.max_row == r]
        covered = {c for m in spans for c in range(m.min_col, m.max_col + 1)}
        for m in spans:
            first, last = m.min_col, m.max_col
            ws.unmerge_cells(start_row=r, start_column=first, end_row=r, end_column=last)
            ws.merge_cells(start_row=r, start_column=first, end_row=r + k - 1, end_column=last)
        for col in range(1, self.ncols + 1):
            if col not in covered:
                ws.merge_cells(start_row=r, start_column=col, end_row=r + k - 1, end_column=col)
        for col in range(1, self.ncols + 1):  # read from the top: a page break may cut the block
            c = ws.cell(row=r, column=col)
            c.alignment = Alignment(horizontal=c.alignment.horizontal, vertical="top", wrap_text=True)
        for i in range(k):
            ws.row_dimensions[r + i].height = round(height / k, 1)
        self.row += k

    def _span(self, first: int, last: int) -> float:
        return sum(self.widths[first - 1:last])

    # ---------------------------------------------------------------- helpers
    def _dropdown(self, cell, options: tuple[str, ...]) -> None:
        name = self.lists.name_for(options)
        dv = self.validations.get(name)
        if dv is None:
            dv = DataValidation(type="list", formula1=f"={name}", allow_blank=True,
                                showErrorMessage=True, errorTitle="输入有误",
                                error="请从下拉列表中选择。")
            self.ws.add_data_validation(dv)
            self.validations[name] = dv
        dv.add(cell)

    def _key(self, key: str) -> None:
        put(self.ws, self.row, KEY_COL, key)

    def _input(self, cell) -> None:
        cell.protection = UNLOCKED
        cell.fill = INPUT_FILL

    def _style_row(self, first: int = 1, last: int | None = None) -> None:
        for col in range(first, (last or self.ncols) + 1):
            c = self.ws.cell(row=self.row, column=col)
            c.border = BORDER
            c.alignment = WRAP
            if c.font is None or not c.font.bold:
                c.font = Font(name=FONT_NAME, size=10)

    def _heading(self, text: str, fill=SECTION_FILL, size: int = 12) -> None:
        c = put(self.ws, self.row, 1, text)
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.ncols)
        c.font = Font(name=FONT_NAME, size=size, bold=True)
        c.fill = fill
        c.alignment = Alignment(vertical="center")
        self.row += 1

    # ---------------------------------------------------------------- fields
    def _field_text(self, f: FormField, key: str | None = None) -> str:
        value = self.draft.fields.get(key or f.id, "")
        if f.type == "industry" and value:
            return refdata.industry_label(value)
        return value

    def _field(self, f: FormField) -> None:
        ws = self.ws
        label = put(ws, self.row, 1, ("* " if f.required else "") + f.label)
        ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=3)
        if f.type == "region":
            self._key(f"region|{f.id}")
            parts = [("province", 4), ("city", 5), ("county", 6), ("detail", 7)]
            for sub, col in parts:
                raw = self.draft.fields.get(f"{f.id}.{sub}", "")
                value = raw if sub == "detail" else (refdata.division_name(raw) or raw if raw else "")
                c = put(ws, self.row, col, value)
                self._input(c)
            ws.merge_cells(start_row=self.row, start_column=7, end_row=self.row, end_column=self.ncols)
            self._style_row()
            label.font = Font(name=FONT_NAME, size=10, bold=f.required)
            self._end_row(None)
            return
        if f.type == "quantity":  # the number, then its unit from a dropdown
            self._key(f"quantity|{f.id}")
            c = ws.cell(row=self.row, column=4)
            if raw := self.draft.fields.get(f.id):
                write_number(c, raw)
            self._input(c)
            u = put(ws, self.row, 5, self.draft.fields.get(f.unit_key) or f.unit_options[0])
            self._input(u)
            self._dropdown(u, tuple(f.unit_options))
            ws.merge_cells(start_row=self.row, start_column=5, end_row=self.row, end_column=self.ncols)
            self._style_row()
            label.font = Font(name=FONT_NAME, size=10, bold=f.required)
            self._end_row(None)
            return
        self._key(f"field|{f.id}")
        c = put(ws, self.row, 4, self._field_text(f))
        self._input(c)
        ws.merge_cells(start_row=self.row, start_column=4, end_row=self.row, end_column=self.ncols)
        if f.type == "yesno":
            self._dropdown(c, ("是", "否"))
        elif f.type == "choice":
            self._dropdown(c, tuple(f.options))
        elif f.type == "industry":
            self._dropdown(c, refdata.small_class_labels())
        self._style_row()
        label.font = Font(name=FONT_NAME, size=10, bold=f.required)
        if f.help or f.placeholder:
            from openpyxl.comments import Comment

            label.comment = Comment(guard.clean(f.help or f.placeholder), "GreenDesk")
        height = self._fit((label.value, self._span(1, 3)), (self._field_text(f), self._span(4, self.ncols)))
        if f.type == "multiline":
            c.alignment = Alignment(wrap_text=True, vertical="top")  # paragraphs read from the top
            if not self._field_text(f):
                height = 45
        self._end_row(height)

    # ---------------------------------------------------------------- Part 3
    def _table_header(self) -> int:
        heads = ["指标名称", "指标涉及的参数", "单位"] + [self.d.year_label(y) for y in self.d.years]
        heads += ["特殊情况说明", "填写说明"]
        for col, text in enumerate(heads, 1):
            c = put(self.ws, self.row, col, text)
            c.font = Font(name=FONT_NAME, size=10, bold=True)
            c.fill = HEAD_FILL
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            c.border = BORDER
        self._key("years|" + ",".join(map(str, self.d.years)))
        header = self.row
        self.row += 1
        return header

    def _line(self, line: Line) -> None:
        ws = self.ws
        years = self.d.years
        if line.heading:
            self._key(f"{line.kind}|{line.row}")
            self._heading(line.label, SECTION_FILL if line.kind == "section" else GROUP_FILL,
                          12 if line.kind == "section" else 10)
            return
        put(ws, self.row, 1, line.label)
        put(ws, self.row, 2, line.parameters)
        unit = put(ws, self.row, 3, line.unit)
        note_col, fill_col = 4 + len(years), 5 + len(years)
        put(ws, self.row, fill_col, line.fill_note)
        if line.unit_cell:
            self._input(unit)
            self._dropdown(unit, line.unit_options)
        if line.note_cell:
            note = put(ws, self.row, note_col, cells.get(self.draft, line.note_cell) or "")
            self._input(note)
        note_text = (cells.get(self.draft, line.note_cell) or "") if line.note_cell else ""
        height = self._fit((line.label, self.widths[0]), (line.parameters, self.widths[1]),
                           (line.unit, self.widths[2]), (note_text, self.widths[note_col - 1]),
                           (line.fill_note, self.widths[fill_col - 1]))
        if line.kind in ("question", "text"):
            key = "question" if line.kind == "question" else "text"
            self._key(f"{key}|{line.text_cell}|{line.note_cell or ''}")
            c = put(ws, self.row, 4, cells.get(self.draft, line.text_cell) or "")
            self._input(c)
            ws.merge_cells(start_row=self.row, start_column=4, end_row=self.row, end_column=3 + len(years))
            if line.kind == "question":
                self._dropdown(c, ("是", "否"))
            self._style_row()
            text = cells.get(self.draft, line.text_cell) or ""
            more = self._fit((text, self._span(4, 3 + len(years))))
            self._end_row(max(height or 0, more or 0) or None)
            return
        prefix = line.year_cells[years[0]].rsplit(":", 1)[0]
        self._key(f"{line.kind}|{prefix}|{line.unit_cell or ''}|{line.note_cell or ''}")
        if line.kind == "qualitative":  # 是/否 per year, from a dropdown
            for i, y in enumerate(years):
                c = put(ws, self.row, 4 + i, cells.get(self.draft, line.year_cells[y]) or "")
                self._input(c)
                self._dropdown(c, line.unit_options)
            self._style_row()
            for i in range(len(years)):
                ws.cell(row=self.row, column=4 + i).alignment = Alignment(horizontal="center",
                                                                         vertical="center")
            self._end_row(height)
            return
        for i, y in enumerate(years):
            c = ws.cell(row=self.row, column=4 + i)
            if line.editable:
                raw = cells.get(self.draft, line.year_cells[y])
                if raw is not None:
                    write_number(c, raw)
                self._input(c)
            else:
                text = "" if self.blank else display_value(self.computed, line, y)
                if text:
                    write_number(c, text)
                c.fill = COMPUTED_FILL
        self._style_row()
        for i in range(len(years)):
            self.ws.cell(row=self.row, column=4 + i).alignment = Alignment(horizontal="right",
                                                                          vertical="center")
        self._end_row(height)

    # ---------------------------------------------------------------- assembly
    def build(self) -> bytes:
        ws = self.ws
        d = self.d
        title = put(ws, 1, 1, d.title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=self.ncols)
        title.font = Font(name=FONT_NAME, size=16, bold=True)
        title.alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[1].height = 30
        self._key(f"form|{d.id}|{d.version}")
        sub = put(ws, 2, 1, f"{d.report_year}年度　填报 {d.years[0]}—{d.years[-1]} 年数据"
                      + ("（空白表单：请在浅黄色单元格中填写，带 * 的为必填项）" if self.blank else ""))
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=self.ncols)
        sub.alignment = Alignment(horizontal="center")
        sub.font = Font(name=FONT_NAME, size=10)
        self.row = 3
        header_row = None
        for part in d.parts:
            self._key(f"part|{part.id}")
            self._heading(part.title + (f"　{part.note}" if part.id == "part2" else ""))
            if part.table:
                header_row = self._table_header()
                for line in table_lines(d, self.draft, all_items=self.blank):
                    self._line(line)
            else:
                for f in part.fields:
                    self._field(f)
        for i, w in enumerate(self.widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.column_dimensions[get_column_letter(KEY_COL)].hidden = True
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.freeze_panes = None
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_area = f"A1:{get_column_letter(self.ncols)}{self.row - 1}"
        if header_row:
            ws.print_title_rows = f"{header_row}:{header_row}"
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        if name := d.unit_name(self.draft.fields):
            ws.oddHeader.right.text = guard.header_text(name)
        lists = self.lists.ws
        for i, meta in enumerate((META_TITLE, d.id, d.version), 1):
            put(lists, i, 1, meta)
        lists.protection.sheet = True
        guard.seal(self.wb)
        buf = io.BytesIO()
        self.wb.save(buf)
        return buf.getvalue()


def render_xlsx(definition: FormDefinition, draft: Draft, *, blank: bool = False) -> bytes:
    return XlsxBuilder(definition, draft, blank).build()

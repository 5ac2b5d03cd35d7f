"""The review as a workbook a city office can file, filter and print.

汇总: one row per file (flags in Chinese, counts, path, the reviewer's 动态调整意见); one sheet per
flag listing the files that raised it; 统计: counts by list type. Every sheet has a frozen header
row, a filter, and prints on A4 landscape, fitted to the width, the header on every page. Every
string passes the export formula guard: names and notes come from outside and may start with "=".
Written in openpyxl's streaming mode, so ten thousand rows cost little memory.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from copy import copy
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from greendesk import storage
from greendesk.export.guard import is_plain_text, put, sheet_title
from greendesk.review.flags import FLAGS, label
from greendesk.review.opinions import Opinions, reviewed_files
from greendesk.review.summary import summarize
from greendesk.review.unit import UnitResult

FONT_NAME = "Microsoft YaHei"
HEAD_FONT = Font(name=FONT_NAME, size=10, bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E8EEF5")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
LINE_HEIGHT = 13.5  # points per line of 10–11 pt text

SUMMARY_SHEET = "汇总"
STATS_SHEET = "统计"
OPINION_HEAD = "动态调整意见"

# (head, width, value) of the 汇总 sheet
# (head, width): the printed columns first (a landscape A4 page at a readable scale), then the
# ones kept for filtering and for tools (industry, region, fingerprint, form id, full path)
SUMMARY_COLUMNS = (
    ("序号", 5), ("单位名称", 24), ("统一社会信用代码", 20), ("名单类型", 10), ("年度", 6), ("状态", 9),
    ("错误数", 6), ("警告数", 6), ("审核标记", 18), ("标记说明", 42), (OPINION_HEAD, 22), ("文件名", 20),
    ("未说明警告数", 8), ("所属行业", 22), ("所在地区", 20), ("内容指纹", 16), ("表单", 18), ("文件路径", 60),
)
SUMMARY_PRINTED = 12  # 序号 … 文件名
FLAG_COLUMNS = (("序号", 5), ("单位名称", 24), ("统一社会信用代码", 20), ("名单类型", 10),
                ("说明", 50), (OPINION_HEAD, 22), ("文件名", 20), ("文件路径", 60))
FLAG_PRINTED = 7
UNCHECKED_SHEET = "未核对的扫描件"
SCAN_COLUMNS = (("序号", 5), ("扫描件", 28), ("原因", 70), ("文件路径", 60))
SCAN_PRINTED = 3


def guard(cell, value: str) -> None:
    """The one formula guard every string of the report passes (the exporters' guard)."""
    put(cell, value)


class _Sheet:
    def __init__(self, wb: Workbook, title: str, columns: tuple[tuple[str, int], ...],
                 printed: int | None = None):
        self.ws = wb.create_sheet(sheet_title(title))
        self.ncols = len(columns)
        self.printed = printed or self.ncols
        self.widths = [w for _h, w in columns]
        self.rows = 0
        self._styles: dict[str, object] = {}
        for i, (_head, width) in enumerate(columns, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = "A2"
        ps = self.ws.page_setup
        ps.orientation = "landscape"
        ps.paperSize = "9"  # A4
        ps.fitToWidth = 1
        ps.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_title_rows = "1:1"
        self.ws.print_options.gridLines = True
        self.append([h for h, _w in columns], head=True)

    def append(self, values: list, head: bool = False) -> None:
        """One row; only rows whose text wraps are styled (styling every cell of ten thousand
        rows costs more than reviewing them)."""
        lines = max((_lines(v, self.widths[i]) for i, v in enumerate(values[:self.ncols])
                     if isinstance(v, str)), default=1)
        if lines > 1:  # wrapped text gets its height (not every reader sizes rows on opening)
            self.ws.row_dimensions[self.rows + 1].height = min(409, lines * LINE_HEIGHT + 3)
        row = []
        styled = self._style(head, lines > 1)
        for v in values:
            if styled is None and (not isinstance(v, str) or is_plain_text(v)):
                row.append(v)  # a number, or text the guard leaves as it is: no cell object needed
                continue
            cell = WriteOnlyCell(self.ws)
            if styled is not None:  # first: the guard may add quotePrefix to the style
                # the style's indices copied from a cell styled once: setting a style object
                # looks it up by hash in the workbook, per cell (most of the time of a large report)
                cell._style = copy(styled)
            if isinstance(v, str):
                guard(cell, v)
            else:
                cell.value = v
            row.append(cell)
        self.ws.append(row)
        self.rows += 1

    def _style(self, head: bool, wraps: bool):
        """The style indices of a head cell or a wrapped cell (None: the default style)."""
        if not (head or wraps):
            return None
        key = "head" if head else "wrap"
        found = self._styles.get(key)
        if found is None:
            cell = WriteOnlyCell(self.ws)
            cell.alignment = WRAP_TOP
            if head:
                cell.font, cell.fill = HEAD_FONT, HEAD_FILL
            found = self._styles[key] = cell._style
        return found

    def close(self) -> None:
        last = get_column_letter(self.ncols)
        self.ws.auto_filter.ref = f"A1:{last}{max(self.rows, 2)}"
        if self.printed < self.ncols:
            self.ws.print_area = f"A1:{get_column_letter(self.printed)}{max(self.rows, 2)}"


def _lines(text: str, width: int) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (a CJK character is two)."""
    total = 0
    for line in text.split("\n"):
        units = len(line) + len(_WIDE.findall(line))
        total += max(1, -(-units // max(1, width - 1)))
    return total


_WIDE = re.compile("[^\u0000-\u2e80]")  # characters after U+2E80 (CJK and on) are two units wide


def _details(u: UnitResult) -> str:
    return "\n".join(f"{label(c)}：{u.details[c]}" for c in u.flags if u.details.get(c))


def render_xlsx(units: list[UnitResult], opinions: Opinions | None = None,
                generated: datetime | None = None,
                unchecked_scans: Sequence[tuple[str, str]] = ()) -> bytes:
    wb = Workbook(write_only=True)
    opinion_text = {}
    reviewed = reviewed_files(units)
    for u in units:
        op = opinions.get(u, reviewed) if opinions else None
        opinion_text[id(u)] = op.text if op else ""

    s = _Sheet(wb, SUMMARY_SHEET, SUMMARY_COLUMNS, SUMMARY_PRINTED)
    for i, u in enumerate(units, 1):
        counts = (u.errors, u.warnings, u.unexplained_warnings) if u.readable else ("", "", "")
        s.append([
            i, u.name, u.uscc, u.list_type, u.report_year or "", u.state, counts[0], counts[1],
            "、".join(label(c) for c in u.flags), _details(u), opinion_text[id(u)], Path(u.file).name,
            counts[2], u.industry, u.region, u.short_fingerprint, u.form, u.file,
        ])
    s.close()

    for flag in FLAGS:
        s = _Sheet(wb, flag.label, FLAG_COLUMNS, FLAG_PRINTED)
        n = 0
        for u in units:
            if flag.code in u.flags:
                n += 1
                s.append([n, u.name, u.uscc, u.list_type, u.details.get(flag.code, ""),
                          opinion_text[id(u)], Path(u.file).name, u.file])
        s.close()

    if unchecked_scans:  # never dropped: a sheet of their own, after the flags
        s = _Sheet(wb, UNCHECKED_SHEET, SCAN_COLUMNS, SCAN_PRINTED)
        for i, (scan, why) in enumerate(unchecked_scans, 1):
            s.append([i, Path(scan).name, why, scan])
        s.close()
    _stats(wb, units, generated or datetime.now(), len(unchecked_scans))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _stats(wb: Workbook, units: list[UnitResult], generated: datetime, unchecked: int = 0) -> None:
    summary = summarize(units)
    columns = (("名单类型", 22), ("文件数", 8), ("有标记的", 9), ("错误数合计", 10), ("警告数合计", 10),
               *((f.label, 10) for f in FLAGS))
    s = _Sheet(wb, STATS_SHEET, columns)
    keys = ("units", "flagged", "errors", "warnings", *(f.code for f in FLAGS))
    totals = dict.fromkeys(keys, 0)
    for list_type, counts in summary["by_list_type"].items():
        s.append([list_type, *(counts.get(k, 0) for k in keys)])
        for k in keys:
            totals[k] += counts.get(k, 0)
    s.append(["合计", *(totals[k] for k in keys)])
    s.close()
    s.append([])
    s.append([f"审核时间：{generated:%Y-%m-%d %H:%M}　共 {summary['files']} 个文件，"
              f"可读取 {summary['readable']} 个，无法读取 {summary['unreadable']} 个。"
              + (f"另有 {unchecked} 个盖章扫描件未核对（见「{UNCHECKED_SHEET}」）。" if unchecked else "")])


def write_xlsx(path: Path, units: list[UnitResult], opinions: Opinions | None = None,
               unchecked_scans: Sequence[tuple[str, str]] = ()) -> None:
    """Atomic; StorageError (Chinese message) when it cannot be written."""
    storage.atomic_write_bytes(Path(path), render_xlsx(units, opinions, unchecked_scans=unchecked_scans))

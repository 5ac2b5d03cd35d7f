"""The review as a workbook a city office can file, filter and print.

汇总: one row per file (flags in Chinese, counts, path, the reviewer's 动态调整意见); one sheet per
flag listing the files that raised it; 统计: counts by list type. Every sheet has a frozen header
row, a filter, and prints on A4 landscape, fitted to the width, the header on every page. Every
string passes the export formula guard: names and notes come from outside and may start with "=".
Written in openpyxl's streaming mode, so ten thousand rows cost little memory.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from greendesk import storage
from greendesk.export.guard import put, sheet_title
from greendesk.review.flags import FLAGS, label
from greendesk.review.opinions import Opinions
from greendesk.review.summary import summarize
from greendesk.review.unit import UnitResult

FONT_NAME = "Microsoft YaHei"
HEAD_FONT = Font(name=FONT_NAME, size=10, bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E8EEF5")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")

SUMMARY_SHEET = "汇总"
STATS_SHEET = "统计"
OPINION_HEAD = "动态调整意见"

# (head, width, value) of the 汇总 sheet
SUMMARY_COLUMNS = (
    ("序号", 6), ("单位名称", 28), ("统一社会信用代码", 21), ("名单类型", 14), ("表单", 18),
    ("年度", 7), ("所属行业", 22), ("所在地区", 20), ("状态", 11), ("错误数", 7), ("警告数", 7),
    ("未说明警告数", 9), ("审核标记", 28), ("标记说明", 48), ("内容指纹", 16),
    (OPINION_HEAD, 30), ("文件名", 26), ("文件路径", 60),
)
FLAG_COLUMNS = (("序号", 6), ("单位名称", 28), ("统一社会信用代码", 21), ("名单类型", 14),
                ("说明", 60), (OPINION_HEAD, 30), ("文件路径", 60))


def guard(cell, value: str) -> None:
    """The one formula guard every string of the report passes (the exporters' guard)."""
    put(cell, value)


class _Sheet:
    def __init__(self, wb: Workbook, title: str, columns: tuple[tuple[str, int], ...]):
        self.ws = wb.create_sheet(sheet_title(title))
        self.ncols = len(columns)
        self.rows = 0
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
        """One row; body cells are styled only where text wraps (styling every cell of ten
        thousand rows costs more than reviewing them)."""
        row = []
        for v in values:
            cell = WriteOnlyCell(self.ws)
            if isinstance(v, str):
                guard(cell, v)
                if head or "\n" in v or len(v) > 24:
                    cell.alignment = WRAP_TOP
            else:
                cell.value = v
            if head:
                cell.font, cell.fill = HEAD_FONT, HEAD_FILL
            row.append(cell)
        self.ws.append(row)
        self.rows += 1

    def close(self) -> None:
        last = get_column_letter(self.ncols)
        self.ws.auto_filter.ref = f"A1:{last}{max(self.rows, 2)}"


def _details(u: UnitResult) -> str:
    return "\n".join(f"{label(c)}：{u.details[c]}" for c in u.flags if u.details.get(c))


def render_xlsx(units: list[UnitResult], opinions: Opinions | None = None,
                generated: datetime | None = None) -> bytes:
    wb = Workbook(write_only=True)
    opinion_text = {}
    for u in units:
        op = opinions.get(u) if opinions else None
        opinion_text[id(u)] = op.text if op else ""

    s = _Sheet(wb, SUMMARY_SHEET, SUMMARY_COLUMNS)
    for i, u in enumerate(units, 1):
        s.append([
            i, u.name, u.uscc, u.list_type, u.form, u.report_year or "", u.industry, u.region,
            u.state, u.errors, u.warnings, u.unexplained_warnings,
            "、".join(label(c) for c in u.flags), _details(u), u.short_fingerprint,
            opinion_text[id(u)], Path(u.file).name, u.file,
        ])
    s.close()

    for flag in FLAGS:
        s = _Sheet(wb, flag.label, FLAG_COLUMNS)
        n = 0
        for u in units:
            if flag.code in u.flags:
                n += 1
                s.append([n, u.name, u.uscc, u.list_type, u.details.get(flag.code, ""),
                          opinion_text[id(u)], u.file])
        s.close()

    _stats(wb, units, generated or datetime.now())
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _stats(wb: Workbook, units: list[UnitResult], generated: datetime) -> None:
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
              f"可读取 {summary['readable']} 个，无法读取 {summary['unreadable']} 个。"])


def write_xlsx(path: Path, units: list[UnitResult], opinions: Opinions | None = None) -> None:
    """Atomic; StorageError (Chinese message) when it cannot be written."""
    storage.atomic_write_bytes(Path(path), render_xlsx(units, opinions))

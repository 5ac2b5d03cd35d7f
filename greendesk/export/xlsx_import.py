"""模板导入: read a workbook in the platform's layout back into a draft, and say what was taken.

Rows are matched by the hidden key column our exports carry, falling back to the row label (never
by position), so departments may add rows, columns and formulas. Nothing runs: formulas are read
as their cached values, and a workbook is inspected as a zip before openpyxl sees it (zip bombs,
foreign files). The caller gets a new draft and a report and decides whether to keep it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from greendesk import cells, forms, refdata
from greendesk.definition import DefinitionError, FormDefinition
from greendesk.draft import Draft, new_draft
from greendesk.export import ExportError
from greendesk.layout import table_lines
from greendesk.session import EditSession

MAX_UNZIPPED = 100 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLS = 50


class WorkbookError(ExportError):
    pass


@dataclass
class ImportReport:
    taken: list[tuple[str, str, str]] = field(default_factory=list)  # (cell, label, value)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (where, label/value, reason)
    doubtful: list[tuple[str, str, str]] = field(default_factory=list)
    form_id: str = ""

    def to_text(self) -> str:
        lines = [f"从 Excel 读取 {len(self.taken)} 项数据。"]
        if self.doubtful:
            lines.append(f"需要核对 {len(self.doubtful)} 项：")
            lines += [f"  - {w} {label}：{why}" for w, label, why in self.doubtful[:60]]
        if self.skipped:
            lines.append(f"未导入 {len(self.skipped)} 项：")
            lines += [f"  - {w} {label}：{why}" for w, label, why in self.skipped[:60]]
            if len(self.skipped) > 60:
                lines.append(f"  …… 另有 {len(self.skipped) - 60} 项")
        return "\n".join(lines)


def _check_zip(path: Path) -> None:
    name = path.name
    if not path.exists():
        raise WorkbookError(f"找不到文件「{name}」。")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise WorkbookError(f"「{name}」是旧版 Excel（.xls）或带密码保护的工作簿，请在 Excel 中另存为 .xlsx（不设密码）后再导入。")
    if not zipfile.is_zipfile(path):
        raise WorkbookError(f"「{name}」不是 Excel 工作簿（.xlsx）。")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                raise WorkbookError(f"「{name}」不是 Excel 工作簿（缺少工作簿内容）。")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNZIPPED or len(infos) > 10_000:
                raise WorkbookError(f"「{name}」解压后过大（{total / 1024 / 1024:.0f} MB），不像动态管理表，已拒绝读取。")
    except WorkbookError:
        raise
    except Exception:  # noqa: BLE001 — BadZipFile, NotImplementedError (bad version), zlib errors…
        raise WorkbookError(f"「{name}」已损坏，无法读取。") from None


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _raw(v) -> str:
    """A value cell's text as typed: leading tabs and spaces are the user's (free text keeps
    them; `cells.normalize_input` strips them where typing does)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _number(v, number_format: str) -> str | None:
    """Exact text of a numeric cell: the decimals its number format shows (1.50 stays 1.50)."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        raise ValueError("不是数字")
    if isinstance(v, int | float):
        d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        if not d.is_finite() or abs(d) >= Decimal("1e20"):
            raise ValueError("数值无效或过大")
        m = re.search(r"\.(0+)", number_format or "")
        if m and number_format.strip().startswith("0"):
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


def read_workbook(path: Path, definition: FormDefinition | None = None,
                  base: Draft | None = None) -> tuple[Draft, ImportReport]:
    from openpyxl import load_workbook

    _check_zip(path)
    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds; all mean "cannot read"
        raise WorkbookError(f"「{path.name}」无法作为 Excel 工作簿读取：{type(exc).__name__}") from None
    try:
        formulas = _formula_cells(path)
        return _read(wb, path, definition, base, formulas)
    except ExportError:
        raise
    except Exception as exc:  # noqa: BLE001 — a damaged part of the zip surfaces while reading rows
        raise WorkbookError(f"「{path.name}」已损坏，无法读取（{type(exc).__name__}）。") from None
    finally:
        wb.close()


def _formula_cells(path: Path) -> set[tuple[int, int]]:
    """Where the workbook has formulas: their cached values may be missing (never evaluated here)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=False, read_only=True)
    try:
        sheet = wb["动态管理表"] if "动态管理表" in wb.sheetnames else wb.worksheets[0]
        return {(c.row, c.column) for row in sheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS)
                for c in row if isinstance(getattr(c, "value", None), str) and c.value.startswith("=")}
    finally:
        wb.close()


def _find_definition(wb, path: Path, definition: FormDefinition | None) -> FormDefinition:
    if definition is not None:
        return definition
    if "_lists" in wb.sheetnames:
        ws = wb["_lists"]
        vals = [r[0] for r in ws.iter_rows(min_row=1, max_row=3, max_col=1, values_only=True)]
        if vals and vals[0] == "GreenDesk" and len(vals) == 3:
            try:
                return forms.get(str(vals[1]), str(vals[2]))
            except DefinitionError as exc:
                raise WorkbookError(exc.message) from None
    raise WorkbookError(f"「{path.name}」不是由 GreenDesk 导出的动态管理表，请指定表单（--form）后再导入。")


def _read(wb, path: Path, definition: FormDefinition | None, base: Draft | None,
          formulas: set[tuple[int, int]]):
    sheet = next((wb[n] for n in wb.sheetnames if n == "动态管理表"), None)
    if sheet is None:
        sheet = next((wb[n] for n in wb.sheetnames if n != "_lists"), None)
    if sheet is None:
        raise WorkbookError(f"「{path.name}」中没有工作表。")
    d = _find_definition(wb, path, definition)
    draft = base.model_copy(deep=True) if base is not None else new_draft(d)
    report = ImportReport(form_id=d.id)
    by_label_field = {_norm_label(f.label): f for f in d.fields.values()}
    lines = table_lines(d, draft, all_items=True)
    by_label_line = {_norm_label(ln.label): ln for ln in lines if not ln.heading}
    edits: list[tuple[str, str | None, str]] = []  # (cell, text, label)
    year_cols: dict[int, int] = {}  # year → column (from the header row)
    key_col = 9
    note_col = fill_col = None
    rows = sheet.iter_rows(min_row=1, max_row=MAX_ROWS, max_col=MAX_COLS)
    n = 0
    for row in rows:
        n += 1
        values = {c.column: c for c in row if getattr(c, "column", None)}
        if not values:
            continue
        first = _text(values.get(1).value) if values.get(1) else ""
        if first == "指标名称":  # header: find the year and note columns by their headings
            for col, c in values.items():
                t = _text(c.value)
                if m := re.match(r"^(\d{4})年指标值$", t):
                    year_cols[int(m.group(1))] = col
                elif t == "特殊情况说明":
                    note_col = col
                elif t == "填写说明":
                    fill_col = col
            continue
        key = _text(values.get(key_col).value) if values.get(key_col) else ""
        kind, _, rest = key.partition("|")
        where = f"第{n}行"
        try:
            if kind == "field" or (not kind and _norm_label(first) in by_label_field):
                f = d.fields.get(rest) if kind else by_label_field[_norm_label(first)]
                if f is None:
                    report.skipped.append((where, rest, "本表单没有该字段"))
                    continue
                value = _first_value(values, 4, MAX_COLS)
                if f.type == "industry" and value:
                    value = value.split(" ")[0]
                edits.append((f"f:{f.id}", value, f.label))
            elif kind == "quantity":
                f = d.fields.get(rest)
                if f is None:
                    report.skipped.append((where, rest, "本表单没有该字段"))
                    continue
                c = values.get(4)
                try:
                    text = _number(c.value, getattr(c, "number_format", "")) if c is not None else None
                except ValueError as exc:
                    report.skipped.append((where, f.label, str(exc) or "不是数字"))
                    text = None
                else:
                    edits.append((f"f:{f.id}", text, f.label))
                unit = _text(values[5].value) if values.get(5) else ""
                if unit and (unit != f.unit_options[0] or draft.fields.get(f.unit_key)):  # not the default
                    edits.append((f"f:{f.unit_key}", unit, f"{f.label} 单位"))
            elif kind == "region":
                _region(d, rest, values, edits, report, where)
            elif kind in ("question", "text"):
                text_cell, _, note = rest.partition("|")
                edits.append((text_cell, _raw(values[4].value) if values.get(4) else "", first))
                if note and note_col and values.get(note_col):
                    edits.append((note, _raw(values[note_col].value), f"{first} 特殊情况说明"))
            elif kind == "qualitative":  # 是/否 per year and the 说明 in the note column
                prefix, _, note = (rest.split("|") + ["", ""])[:3]
                for year, col in year_cols.items():
                    c = values.get(col)
                    if c is not None and year in d.years:
                        edits.append((f"{prefix}:{year}", _text(c.value), f"{first} {year}年"))
                if note and note_col and values.get(note_col):
                    edits.append((note, _raw(values[note_col].value), f"{first} 特殊情况说明"))
            elif kind in ("parameter", "product_value") or (
                    not kind and _norm_label(first) in by_label_line
                    and by_label_line[_norm_label(first)].editable):
                line = None
                if kind:
                    prefix, unit_cell, note = (rest.split("|") + ["", ""])[:3]
                else:
                    line = by_label_line[_norm_label(first)]
                    prefix = line.year_cells[d.years[0]].rsplit(":", 1)[0]
                    unit_cell, note = line.unit_cell or "", line.note_cell or ""
                if unit_cell and values.get(3):
                    edits.append((unit_cell, _text(values[3].value), f"{first} 单位"))
                for year, col in year_cols.items():
                    c = values.get(col)
                    if c is None:
                        continue
                    if (n, col) in formulas and c.value in (None, ""):
                        report.doubtful.append((where, f"{first} {year}年", "公式没有计算结果，未导入"))
                        continue
                    if (n, col) in formulas:
                        report.doubtful.append((where, f"{first} {year}年",
                                                f"由公式计算（取其结果 {_text(c.value)}），请核对"))
                    try:
                        text = _number(c.value, getattr(c, "number_format", ""))
                    except ValueError as exc:
                        report.skipped.append((where, f"{first} {year}年", str(exc) or "不是数字"))
                        continue
                    if year not in d.years:
                        if text:
                            report.skipped.append((where, f"{first} {year}年", f"本表不填报 {year} 年"))
                        continue
                    edits.append((f"{prefix}:{year}", text, f"{first} {year}年"))
                if note and note_col and values.get(note_col):
                    edits.append((note, _raw(values[note_col].value), f"{first} 特殊情况说明"))
            elif kind in ("indicator", "product_indicator"):
                rest_parts = rest.split("|")
                unit_cell = rest_parts[1] if len(rest_parts) > 1 else ""
                note = rest_parts[2] if len(rest_parts) > 2 else ""
                if unit_cell and values.get(3):
                    unit = _text(values[3].value)
                    if kind == "product_indicator" and "/" in unit:  # 千克标准煤/吨 → …/产品单位
                        unit = unit.split("/")[0] + "/产品单位"
                    edits.append((unit_cell, unit, f"{first} 单位"))
                if note and note_col and values.get(note_col):
                    edits.append((note, _raw(values[note_col].value), f"{first} 特殊情况说明"))
            elif first and not kind and _norm_label(first) not in ("", "指标名称") \
                    and any(_text(c.value) for col, c in values.items() if col > 1 and col != fill_col):
                report.skipped.append((where, first, "不是本表的行，已忽略"))
        except (KeyError, AttributeError, IndexError):
            report.skipped.append((where, first or key, "格式无法识别"))
    if n >= MAX_ROWS:
        report.doubtful.append(("", "", f"工作表超过 {MAX_ROWS} 行，只读取了前 {MAX_ROWS} 行"))
    _apply(d, draft, edits, report)
    return draft, report


def _first_value(values: dict, start: int, stop: int) -> str:
    for col in range(start, min(stop, 9)):
        c = values.get(col)
        if c is not None and c.value not in (None, ""):
            return _raw(c.value)
    return ""


def _region(d: FormDefinition, fid: str, values: dict, edits: list, report: ImportReport, where: str) -> None:
    names = [_text(values[c].value) if values.get(c) else "" for c in (4, 5, 6, 7)]
    prov = next((p for p in refdata.provinces() if p.name == names[0]), None)
    city = next((c for c in refdata.cities(prov.code) if c.name == names[1]), None) if prov else None
    county = next((a for a in refdata.counties(city.code) if a.name == names[2]), None) if city else None
    if any(names[:3]) and not (prov and city and (county or not refdata.counties(city.code))):
        report.doubtful.append((where, " ".join(names[:3]), "省/市/区县名称无法识别，请在程序中重新选择"))
    label = d.fields[fid].label if fid in d.fields else "地址"
    edits += [
        (f"f:{fid}.province", prov.code if prov else None, f"{label}（省）"),
        (f"f:{fid}.city", city.code if city else None, f"{label}（市）"),
        (f"f:{fid}.county", county.code if county else None, f"{label}（区县）"),
        (f"f:{fid}.detail", names[3], f"{label}（详细地址）"),
    ]


def _apply(d: FormDefinition, draft: Draft, edits: list, report: ImportReport) -> None:
    session = EditSession(d, draft)
    accepted: list[tuple[str, str | None]] = []
    for cell, text, label in edits:
        try:
            value = cells.normalize_input(d, cell, text)
        except cells.CellError as exc:
            report.skipped.append((cell, f"{label}「{text}」", exc.message))
            continue
        accepted.append((cell, value))
        if value is not None:
            report.taken.append((cell, label, value))
    draft.state = "draft"
    session.apply(accepted, source="imported", normalized=True, label="Excel导入")


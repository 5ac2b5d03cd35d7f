"""A streaming, capped reader of .xlsx cell values: what 模板导入 needs and nothing more.

Why not openpyxl here: its reader expands every cell of a row (a 137 KB workbook whose one row
holds millions of styled empty cells took 71 s and 2.4 GB) and trusts the <dimension> element.
This reader decompresses each part as a stream, drops empty cells with a C-speed regex before
parsing, parses the rest with expat (no DTD, no entities), and stops at fixed caps; whatever it
did not read is counted and said (`Book.notes`), never dropped silently. Nothing is evaluated:
a formula cell gives its cached result and is flagged.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from posixpath import normpath
from xml.parsers import expat

from greendesk.export import ExportError

MAX_ENTRIES = 10_000  # zip members
MAX_PART = 60 * 1024 * 1024  # any one XML part we decompress
MAX_READ = 100 * 1024 * 1024  # all parts we decompress together
MAX_SHARED = 500_000  # shared strings kept
MAX_TEXT = 100_000  # characters of one cell kept (a draft's longest text is far shorter)
MAX_CELLS = 300_000  # non-empty cells parsed per sheet
CHUNK = 1 << 20

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")
_ROW_R = re.compile(rb"\sr\s*=\s*[\"'](\d{1,9})[\"']")
_AFTER_NAME = (b" ", b">", b"/", b"\t", b"\n", b"\r", b"")
BIG_ROW = 4096  # bytes: a longer row is searched for its valued cells only (expat never sees its empty ones)


class WorkbookError(ExportError):
    """A workbook that cannot be read; `message` is Chinese."""


class _Stop(Exception):
    """Raised inside expat handlers to stop parsing at a cap."""


@dataclass(frozen=True)
class XCell:
    value: str | float | bool | None
    formula: bool = False
    number_format: str = ""
    error: bool = False  # an Excel error value (#REF! …)
    date: bool = False  # a number shown as a date or time


@dataclass
class Book:
    path: Path
    sheets: list[tuple[str, str]]  # (name, part path)
    notes: list[str] = field(default_factory=list)
    _zip: zipfile.ZipFile | None = None
    _shared: list[str] | None = None
    _formats: list[tuple[str, bool]] | None = None  # per style index: (format code, is date)
    shared_part: str = "xl/sharedStrings.xml"
    prefix: str = ""  # the namespace prefix of the sheet being read ("x:" in some generators)
    _read: int = 0

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    # ------------------------------------------------------------------ parts
    def _stream(self, part: str) -> Iterator[bytes]:
        assert self._zip is not None
        try:
            info = self._zip.getinfo(part)
        except KeyError:
            return
        if info.file_size > MAX_PART:
            raise WorkbookError(f"「{self.path.name}」中的 {part} 解压后有 "
                                f"{info.file_size / 1024 / 1024:.0f} MB，超过 {MAX_PART // 1024 // 1024} MB，已拒绝读取。")
        total = 0
        with self._zip.open(info) as fh:
            while chunk := fh.read(CHUNK):
                total += len(chunk)
                self._read += len(chunk)
                if total > MAX_PART or self._read > MAX_READ:  # sizes in the zip can lie
                    raise WorkbookError(f"「{self.path.name}」解压后的内容超过 "
                                        f"{MAX_READ // 1024 // 1024} MB，不像动态管理表，已拒绝读取。")
                yield chunk

    def _parse(self, part: str, start, end=None, text=None) -> None:
        for _ in self._parse_iter(part, start, end, text):
            pass

    @property
    def shared(self) -> list[str]:
        if self._shared is None:
            self._shared = self._read_shared()
        return self._shared

    def _read_shared(self) -> list[str]:
        out: list[str] = []
        buf: list[str] = []
        state = {"t": False, "rph": 0}

        def start(name, attrs):
            local = _local(name)
            if local == "si":
                buf.clear()
            elif local == "rPh":
                state["rph"] += 1
            elif local == "t" and not state["rph"]:
                state["t"] = True

        def end(name):
            local = _local(name)
            if local == "t":
                state["t"] = False
            elif local == "rPh":
                state["rph"] -= 1
            elif local == "si":
                out.append("".join(buf)[:MAX_TEXT])
                if len(out) >= MAX_SHARED:
                    raise _Stop

        def text(data):
            if state["t"]:
                buf.append(data)

        try:
            self._parse(self.shared_part, start, end, text)
        except _Stop:
            self.notes.append(f"共享文字超过 {MAX_SHARED} 条，其后的文字未读取")
        return out

    @property
    def formats(self) -> list[tuple[str, bool]]:
        if self._formats is None:
            self._formats = self._read_styles()
        return self._formats

    def _read_styles(self) -> list[tuple[str, bool]]:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        custom: dict[int, str] = {}
        xfs: list[int] = []
        state = {"cellXfs": False}

        def start(name, attrs):
            local = _local(name)
            if local == "numFmt":
                with contextlib.suppress(ValueError):
                    custom[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
            elif local == "cellXfs":
                state["cellXfs"] = True
            elif local == "xf" and state["cellXfs"]:
                try:
                    xfs.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    xfs.append(0)
                if len(xfs) > 65_000:
                    raise _Stop

        def end(name):
            if _local(name) == "cellXfs":
                state["cellXfs"] = False

        with contextlib.suppress(_Stop):
            self._parse("xl/styles.xml", start, end)
        out = []
        for fid in xfs:
            code = custom.get(fid) or BUILTIN_FORMATS.get(fid, "General")
            out.append((code, is_date_format(code)))
        return out

    # ------------------------------------------------------------------ cells
    def rows(self, part: str, max_row: int, max_col: int, *,
             noted: bool = True) -> Iterator[tuple[int, dict[int, XCell]]]:
        """(row number, {column: cell}) for every row holding a value, in file order, up to
        `max_row` rows and `max_col` columns; what lies beyond is counted into `notes`.

        The sheet is cut into <row> segments with bytes.find (fast whatever a row holds); a
        normal row goes to expat whole, a huge one (millions of empty styled cells) only with
        the cells that hold a value. `noted=False`: a deliberate partial read, nothing to say."""
        st = _SheetState()
        shared, formats = self.shared, self.formats
        done: list[XCell] = []

        def start(name, attrs):
            local = _local(name)
            if local == "c":
                st.cell_start(attrs)
            elif st.in_cell:
                if local == "f":
                    st.formula = True
                elif local == "rPh":
                    st.rph += 1
                elif local in ("v", "t") and not st.rph:
                    st.collect = True

        def end(name):
            local = _local(name)
            if local == "c":
                cell = st.cell_end(shared, formats)
                if cell is not None:
                    done.append(cell)
            elif local in ("v", "t"):
                st.collect = False
            elif local == "rPh":
                st.rph -= 1

        def text(data):
            if st.collect and st.size < MAX_TEXT:
                st.buf.append(data)
                st.size += len(data)

        parser = _parser(self.path.name)
        parser.StartElementHandler, parser.EndElementHandler = start, end
        parser.CharacterDataHandler = text
        parser.Parse(b"<rows>", False)
        cells_seen = beyond_cols = 0
        try:
            for number, data, first, last in self._row_segments(part):
                if number is None:
                    number = st.row + 1
                if number > max_row:
                    if noted:
                        self.notes.append(f"工作表超过 {max_row} 行，只读取了前 {max_row} 行")
                    return
                st.row, st.col = number, 0
                for piece in _valued(data, first, last, self.prefix):
                    parser.Parse(piece, False)
                row: dict[int, XCell] = {}
                for col, cell in done:
                    cells_seen += 1
                    if col > max_col:
                        beyond_cols += 1
                    else:
                        row.setdefault(col, cell)
                done.clear()
                if row:
                    yield number, row
                if cells_seen > MAX_CELLS:
                    self.notes.append(f"工作表单元格过多（超过 {MAX_CELLS} 个），第 {number} 行之后未读取")
                    return
        except expat.ExpatError as exc:
            raise WorkbookError(f"「{self.path.name}」已损坏（{part} 中有不完整的内容：{exc.code}），"
                                "无法读取。") from None
        finally:
            if beyond_cols and noted:
                self.notes.append(f"有 {beyond_cols} 个单元格在第 {max_col} 列之后，不在表格范围内，未读取")

    def _row_segments(self, part: str) -> Iterator[tuple[int | None, bytes, int, int]]:
        """(row number from r=, the sheet's bytes, start, end of what lies between <row …> and
        </row>) for each row. The part is decompressed once under the size caps; rows are found
        with bytes.find and never copied whole (a row may hold millions of empty cells)."""
        data = b"".join(self._stream(part))
        m = _ROOT.search(data, 0, 65536)
        if m is None:
            if not data:
                return
            raise WorkbookError(f"「{self.path.name}」中的 {part} 不是工作表，无法读取。")
        if b"<!DOCTYPE" in data[:m.start()]:
            raise WorkbookError(f"「{self.path.name}」含有文档类型定义（DTD），不是 Excel 保存的工作簿，已拒绝读取。")
        prefix = m.group(1) or b""
        self.prefix = prefix.decode("ascii", "replace")
        opener, closer = b"<" + prefix + b"row", b"</" + prefix + b"row>"
        pos = m.end()
        while True:
            i = data.find(opener, pos)
            while i >= 0 and data[i + len(opener):i + len(opener) + 1] not in _AFTER_NAME:
                i = data.find(opener, i + 1)  # <rowBreaks> and the like
            if i < 0:
                return
            end = data.find(b">", i)
            if end < 0:
                raise WorkbookError(f"「{self.path.name}」已损坏（{part} 不完整），无法读取。")
            number = _row_number(data[i:end + 1])
            if data[end - 1:end] == b"/":
                pos = end + 1
                yield number, data, end + 1, end + 1
                continue
            j = data.find(closer, end)
            if j < 0:
                raise WorkbookError(f"「{self.path.name}」已损坏（{part} 不完整），无法读取。")
            yield number, data, end + 1, j
            pos = j + len(closer)

    def _parse_iter(self, part: str, start, end, text) -> Iterator[None]:
        """Feed `part` to expat chunk by chunk, yielding after each. A missing part reads as
        empty (openpyxl writes no shared strings)."""
        assert self._zip is not None
        if part not in self._zip.NameToInfo:
            return
        p = _parser(self.path.name)
        p.StartElementHandler = start
        if end:
            p.EndElementHandler = end
        if text:
            p.CharacterDataHandler = text
        try:
            for chunk in self._stream(part):
                p.Parse(chunk, False)
                yield None
            p.Parse(b"", True)
            yield None
        except expat.ExpatError as exc:
            raise WorkbookError(f"「{self.path.name}」已损坏（{part} 第 {exc.lineno} 行），无法读取。") from None


class _SheetState:
    def __init__(self):
        self.row = 0
        self.row_cells: dict[int, XCell] = {}
        self.in_cell = False
        self.col = 0
        self.kind = "n"
        self.style = 0
        self.formula = False
        self.collect = False
        self.rph = 0
        self.buf: list[str] = []
        self.size = 0
        self.cells = 0
        self.beyond_cols = 0

    def cell_start(self, attrs) -> None:
        self.in_cell = True
        m = _REF.match(attrs.get("r", ""))
        self.col = _col_index(m.group(1)) if m else self.col + 1
        self.kind = attrs.get("t", "n")
        try:
            self.style = int(attrs.get("s", "0"))
        except ValueError:
            self.style = 0
        self.formula = self.collect = False
        self.rph = 0
        self.buf = []
        self.size = 0

    def cell_end(self, shared: list[str], formats: list[tuple[str, bool]]) -> tuple[int, XCell] | None:
        cell = self._cell(shared, formats)
        return (self.col, cell) if cell is not None else None

    def _cell(self, shared: list[str], formats: list[tuple[str, bool]]) -> XCell | None:
        self.in_cell = False
        raw = "".join(self.buf)
        fmt, is_date = formats[self.style] if 0 <= self.style < len(formats) else ("General", False)
        if raw == "" and not self.formula:
            return None
        kind = self.kind
        if raw == "":
            return XCell(None, formula=True, number_format=fmt)
        if kind == "s":
            try:
                index = int(raw)
                value: str | float | bool | None = shared[index] if index >= 0 else None  # not from the end
            except (ValueError, IndexError):
                value = None
            return XCell(value, self.formula) if value not in (None, "") or self.formula else None
        if kind in ("str", "inlineStr"):
            return XCell(raw, self.formula)
        if kind == "b":
            return XCell(raw.strip() in ("1", "true"), self.formula)
        if kind == "e":
            return XCell(raw.strip(), self.formula, error=True)
        if kind == "d":
            return XCell(raw.strip(), self.formula, date=True)
        try:
            number = float(raw)
        except ValueError:
            return XCell(raw, self.formula)
        if number.is_integer() and abs(number) < 1e15 and "e" not in raw.lower() and "." not in raw:
            number = int(number)
        return XCell(number, self.formula, fmt, date=is_date)


def _row_number(tag: bytes) -> int | None:
    m = _ROW_R.search(tag)
    return int(m.group(1)) if m else None


def _valued(data: bytes, first: int, last: int, prefix: str) -> Iterator[bytes]:
    """A row's XML for expat: whole when small; when huge, only the cells holding a value,
    formula or inline text (found with bytes.find within the row: empty cells cost nothing)."""
    if last - first <= BIG_ROW:
        yield data[first:last]
        return
    p = prefix.encode("ascii", "replace")
    cell_open, cell_close = b"<" + p + b"c", b"</" + p + b"c>"
    starts: set[int] = set()
    for marker in (b"<" + p + b"v>", b"<" + p + b"v ", b"<" + p + b"is>", b"<" + p + b"f"):
        i = data.find(marker, first, last)
        while i >= 0 and len(starts) <= MAX_CELLS:
            c = data.rfind(cell_open, first, i)
            if c >= 0:
                starts.add(c)
            j = data.find(cell_close, i, last)
            i = data.find(marker, j if j > i else i + 1, last)
    for c in sorted(starts):
        j = data.find(cell_close, c, last)
        if j >= 0:
            yield data[c:j + len(cell_close)]


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _parser(name: str):
    p = expat.ParserCreate()
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args):
        raise WorkbookError(f"「{name}」含有文档类型定义（DTD），不是 Excel 保存的工作簿，已拒绝读取。")

    p.StartDoctypeDeclHandler = refuse
    p.EntityDeclHandler = refuse
    return p


def open_book(path: Path) -> Book:
    """Check the zip (entries, sizes, the workbook part), then list its sheets."""
    name = path.name
    if not path.exists():
        raise WorkbookError(f"找不到文件「{name}」。")
    if path.is_dir():
        raise WorkbookError(f"「{name}」是文件夹，不是 Excel 工作簿。")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise WorkbookError(f"「{name}」是旧版 Excel（.xls）或带密码保护的工作簿，请在 Excel 中另存为 .xlsx（不设密码）后再导入。")
    if not zipfile.is_zipfile(path):
        raise WorkbookError(f"「{name}」不是 Excel 工作簿（.xlsx）。")
    try:
        z = zipfile.ZipFile(path)
    except Exception:  # noqa: BLE001 — BadZipFile, NotImplementedError (bad version), zlib errors…
        raise WorkbookError(f"「{name}」已损坏，无法读取。") from None
    try:
        infos = z.infolist()
        if len(infos) > MAX_ENTRIES:
            raise WorkbookError(f"「{name}」包含的文件过多（{len(infos)} 个，上限 {MAX_ENTRIES} 个），"
                                "不像动态管理表，已拒绝读取。")
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            raise WorkbookError(f"「{name}」不是 Excel 工作簿（缺少工作簿内容）。")
        xml = [i for i in infos if i.filename.endswith((".xml", ".rels"))]  # what we may decompress
        total = sum(i.file_size for i in xml)
        biggest = max((i.file_size for i in xml), default=0)
        if total > MAX_READ or biggest > MAX_PART:
            raise WorkbookError(f"「{name}」解压后过大（{max(total, biggest) / 1024 / 1024:.0f} MB，上限 "
                                f"{MAX_READ // 1024 // 1024} MB），不像动态管理表，已拒绝读取。")
        book = Book(path, [], _zip=z)
        book.sheets = _sheet_list(book, names)
        return book
    except WorkbookError:
        z.close()
        raise
    except Exception:  # noqa: BLE001 — NotImplementedError (bad version), zlib errors…
        z.close()
        raise WorkbookError(f"「{name}」已损坏，无法读取。") from None


def _sheet_list(book: Book, names: set[str]) -> list[tuple[str, str]]:
    sheets: list[tuple[str, str]] = []
    rels: dict[str, tuple[str, str]] = {}

    def sheet(name, attrs):
        if _local(name) == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id" and k != "sheetId"), "")
            sheets.append((attrs.get("name", ""), rid))

    def rel(name, attrs):
        if _local(name) == "Relationship":
            target = attrs.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else normpath(f"xl/{target}")
            rels[attrs.get("Id", "")] = (part, attrs.get("Type", ""))

    book._parse("xl/workbook.xml", sheet)
    book._parse("xl/_rels/workbook.xml.rels", rel)
    shared = next((p for p, t in rels.values() if t.endswith("/sharedStrings")), "xl/sharedStrings.xml")
    book.shared_part = shared
    out = []
    for i, (title, rid) in enumerate(sheets, 1):
        part = rels.get(rid, (f"xl/worksheets/sheet{i}.xml", ""))[0]
        if part in names:
            out.append((title, part))
    if not out:  # a damaged workbook part: the sheets are still where Excel puts them
        out = [("", n) for n in sorted(names) if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
    return out


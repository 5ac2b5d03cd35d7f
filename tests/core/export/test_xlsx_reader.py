"""The streaming .xlsx reader on workbooks zipped by hand, part by part: every kind of cell Excel,
WPS and other generators write (shared strings with rich-text runs and phonetic guides, inline
strings, booleans, errors, ISO dates, numbers in scientific notation, formulas with and without a
cached result), cell and row references missing, sheets listed in an unusual order, namespace
prefixes, rows too wide for expat. Each case says exactly what is read into which cell, and what
is refused with which Chinese message. Expected values come from the OOXML cell model
(ECMA-376 Part 1, §18.3.1.4 c, §18.3.1.96 v, §18.4.8 si), written in the test."""

from __future__ import annotations

import zipfile

import pytest

from greendesk.export import xlsx_reader
from greendesk.export.xlsx_reader import WorkbookError, XCell, open_book

NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

STYLES = (
    f"<styleSheet {NS}>"
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="bad" formatCode="0.000"/><numFmt numFmtId="165" formatCode="0.000"/></numFmts>'
    # a cell style (cellStyleXfs) is not a cell format: its xf must not count
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="2"/>'
    '<xf numFmtId="x"/><xf numFmtId="14"/><xf numFmtId="165"/><xf numFmtId="300"/></cellXfs>'
    "</styleSheet>"
)
SHARED = ["甲", "", "前后", "漢字", " 空格 "]
SHARED_XML = (
    f'<sst {NS} count="5" uniqueCount="5">'
    "<si><t>甲</t></si>"
    "<si><t/></si>"
    '<si><r><t>前</t></r><r><rPr><b/></rPr><t xml:space="preserve">后</t></r></si>'
    '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>'
    '<si><t xml:space="preserve"> 空格 </t></si>'
    "</sst>"
)


def _zip(path, parts: dict[str, str | bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _sheet(rows: str, prefix: str = "") -> str:
    p = prefix
    ns = NS.replace("xmlns=", f"xmlns:{p[:-1]}=") if p else NS
    return f"<{p}worksheet {ns}><{p}sheetData>{rows}</{p}sheetData></{p}worksheet>"


def _workbook(sheets: list[tuple[str, str]], *, rels: list[tuple[str, str, str]] | None = None,
              extra: dict[str, str | bytes] | None = None, shared: str | None = SHARED_XML,
              styles: str | None = STYLES) -> dict[str, str | bytes]:
    """Parts of a workbook: sheets [(name, part)] listed in workbook.xml with rId1…; `rels`
    [(Id, Target, Type)] for the relationships part (default: rIdN → the N-th sheet's part)."""
    listed = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, (name, _) in enumerate(sheets, 1))
    if rels is None:
        rels = [(f"rId{i}", part.removeprefix("xl/"), f"{REL}/worksheet")
                for i, (_, part) in enumerate(sheets, 1)]
        rels.append(("rIdS", "sharedStrings.xml", f"{REL}/sharedStrings"))
    parts: dict[str, str | bytes] = {
        "xl/workbook.xml": f"<workbook {NS}><sheets>{listed}</sheets></workbook>",
        "xl/_rels/workbook.xml.rels":
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Target="{t}" Type="{ty}"/>' for i, t, ty in rels)
            + "</Relationships>",
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    if styles is not None:
        parts["xl/styles.xml"] = styles
    parts.update(extra or {})
    return parts


def _one(tmp_path, rows: str, *, prefix: str = "", **kw):
    """A workbook of one sheet whose <sheetData> holds `rows`."""
    parts = _workbook([("动态管理表", "xl/worksheets/sheet1.xml")], **kw)
    parts.setdefault("xl/worksheets/sheet1.xml", _sheet(rows, prefix))
    return _zip(tmp_path / "t.xlsx", parts)


def _rows(path, max_row=100, max_col=50, *, noted=True, part=None):
    book = open_book(path)
    try:
        got = [(n, dict(r)) for n, r in book.rows(part or book.sheets[0][1], max_row, max_col, noted=noted)]
        return got, list(book.notes)
    finally:
        book.close()


def _cell(tmp_path, xml: str, **kw) -> XCell | None:
    got, _ = _rows(_one(tmp_path, f'<row r="1">{xml}</row>', **kw))
    return got[0][1].get(1) if got else None


# ---------------------------------------------------------------- one cell, each kind

CELLS = [
    # (what, the <c> element in A1, what A1 reads as — None: no value, the cell is not listed)
    ("shared string", '<c r="A1" t="s"><v>0</v></c>', XCell("甲")),
    ("shared string, rich-text runs joined", '<c r="A1" t="s"><v>2</v></c>', XCell("前后")),
    ("shared string, phonetic guide left out", '<c r="A1" t="s"><v>3</v></c>', XCell("漢字")),
    ("shared string, blanks kept", '<c r="A1" t="s"><v>4</v></c>', XCell(" 空格 ")),
    ("shared string index padded", '<c r="A1" t="s"><v> 0 </v></c>', XCell("甲")),
    ("shared string that is empty", '<c r="A1" t="s"><v>1</v></c>', None),
    ("shared string index beyond the table", '<c r="A1" t="s"><v>5</v></c>', None),
    ("shared string index not a number", '<c r="A1" t="s"><v>x</v></c>', None),
    ("shared string index negative (not counted from the end)", '<c r="A1" t="s"><v>-1</v></c>', None),
    ("formula giving an empty shared string", '<c r="A1" t="s"><f>B1</f><v>1</v></c>', XCell("", True)),
    ("formula giving a missing shared string", '<c r="A1" t="s"><f>B1</f><v>9</v></c>', XCell(None, True)),
    ("formula string result", '<c r="A1" t="str"><f>"a"&amp;"b"</f><v> ab </v></c>', XCell(" ab ", True)),
    ("string result", '<c r="A1" t="str"><v>文字</v></c>', XCell("文字")),
    ("inline string", '<c r="A1" t="inlineStr"><is><t>乙</t></is></c>', XCell("乙")),
    ("inline string, rich-text runs",
     '<c r="A1" t="inlineStr"><is><r><t>绿色</t></r><r><rPr><i/></rPr><t>工厂</t></r></is></c>', XCell("绿色工厂")),
    ("inline string, phonetic guide left out",
     '<c r="A1" t="inlineStr"><is><t>東</t><rPh sb="0" eb="1"><t>ひがし</t></rPh></is></c>', XCell("東")),
    ("inline string, empty", '<c r="A1" t="inlineStr"><is><t></t></is></c>', None),
    ("boolean true", '<c r="A1" t="b"><v>1</v></c>', XCell(True)),
    ("boolean false", '<c r="A1" t="b"><v>0</v></c>', XCell(False)),
    ("boolean written as a word", '<c r="A1" t="b"><v>true</v></c>', XCell(True)),
    ("boolean padded", '<c r="A1" t="b"><v> 1 </v></c>', XCell(True)),
    ("boolean from a formula", '<c r="A1" t="b"><f>1=1</f><v>1</v></c>', XCell(True, True)),
    ("error value", '<c r="A1" t="e"><v> #REF! </v></c>', XCell("#REF!", error=True)),
    ("error from a formula", '<c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c>', XCell("#DIV/0!", True, error=True)),
    ("ISO 8601 date", '<c r="A1" t="d"><v> 2024-01-31T00:00:00 </v></c>', XCell("2024-01-31T00:00:00", date=True)),
    ("ISO date from a formula", '<c r="A1" t="d"><f>TODAY()</f><v>2024-02-01</v></c>',
     XCell("2024-02-01", True, date=True)),
    ("integer", '<c r="A1"><v>42</v></c>', XCell(42, number_format="General")),
    ("integer, t=n written", '<c r="A1" t="n"><v>-7</v></c>', XCell(-7, number_format="General")),
    ("decimal", '<c r="A1"><v>0.0403</v></c>', XCell(0.0403, number_format="General")),
    ("a whole number written with a point stays a float", '<c r="A1"><v>42.0</v></c>',
     XCell(42.0, number_format="General")),
    ("scientific notation", '<c r="A1"><v>1E3</v></c>', XCell(1000.0, number_format="General")),
    ("scientific notation, small e", '<c r="A1"><v>1.5e-3</v></c>', XCell(0.0015, number_format="General")),
    ("15 digits: an integer", '<c r="A1"><v>999999999999999</v></c>',
     XCell(999999999999999, number_format="General")),
    ("16 digits: beyond Excel's precision, a float", '<c r="A1"><v>1000000000000000</v></c>',
     XCell(1e15, number_format="General")),
    ("negative 16 digits", '<c r="A1"><v>-1000000000000000</v></c>', XCell(-1e15, number_format="General")),
    ("text in a number cell", '<c r="A1"><v>约 5 吨</v></c>', XCell("约 5 吨")),
    ("number from a formula", '<c r="A1"><f>SUM(B1:C1)</f><v>3</v></c>', XCell(3, True, "General")),
    ("formula without a cached result", '<c r="A1"><f>B1*2</f></c>', XCell(None, True, "General")),
    ("formula with an empty cached result", '<c r="A1" s="2"><f>B1*2</f><v></v></c>', XCell(None, True, "0.00")),
    ("empty styled cell", '<c r="A1" s="1"/>', None),
    ("empty value", '<c r="A1"><v></v></c>', None),
    ("number with a custom date format", '<c r="A1" s="1"><v>45322</v></c>',
     XCell(45322, number_format="yyyy-mm-dd", date=True)),
    ("number with a built-in date format", '<c r="A1" s="4"><v>45322</v></c>',
     XCell(45322, number_format="mm-dd-yy", date=True)),
    ("number with a built-in 0.00 format", '<c r="A1" s="2"><v>1.5</v></c>', XCell(1.5, number_format="0.00")),
    ("number with a custom 0.000 format", '<c r="A1" s="5"><v>1.5</v></c>', XCell(1.5, number_format="0.000")),
    ("style whose numFmtId is not a number", '<c r="A1" s="3"><v>8</v></c>', XCell(8, number_format="General")),
    ("style with a format id neither built in nor defined", '<c r="A1" s="6"><v>8</v></c>',
     XCell(8, number_format="General")),
    ("style index beyond the table", '<c r="A1" s="7"><v>8</v></c>', XCell(8, number_format="General")),
    ("style index negative", '<c r="A1" s="-1"><v>8</v></c>', XCell(8, number_format="General")),
    ("style index not a number", '<c r="A1" s="x"><v>8</v></c>', XCell(8, number_format="General")),
    ("the text of a formula is not its value", '<c r="A1" t="str"><f>"甲"</f><v>乙</v></c>', XCell("乙", True)),
    ("phonetic guide inside a cell left out", '<c r="A1" t="str"><v>丙</v><rPh><t>へい</t></rPh></c>', XCell("丙")),
    ("phonetic guide before the text",
     '<c r="A1" t="inlineStr"><is><rPh sb="0" eb="1"><t>かな</t></rPh><t>漢</t></is></c>', XCell("漢")),
]


@pytest.mark.parametrize(("xml", "expected"), [c[1:] for c in CELLS], ids=[c[0] for c in CELLS])
def test_each_kind_of_cell_reads_as_written(tmp_path, xml, expected):
    got = _cell(tmp_path, xml)
    assert got == expected
    if expected is not None:  # 42 == 42.0 == True in Python: the type is part of what is read
        assert type(got.value) is type(expected.value)


def test_without_styles_or_shared_strings_parts(tmp_path):
    """openpyxl writes no sharedStrings.xml when every string is inline; a workbook may lack styles."""
    xml = '<row r="1"><c r="A1" s="1"><v>45322</v></c><c r="B1" t="s"><v>0</v></c></row>'
    got, notes = _rows(_one(tmp_path, xml, shared=None, styles=None))
    assert got == [(1, {1: XCell(45322, number_format="General")})]
    assert notes == []


# ---------------------------------------------------------------- positions


def test_cell_and_row_references_present_missing_or_odd(tmp_path):
    rows = (
        '<row r="2" spans="1:3"><c r="A2"><v>1</v></c><c><v>2</v></c><c r="$D$2"><v>4</v></c><c><v>5</v></c></row>'
        '<row><c r="aa3"><v>27</v></c><c r="AB3"><v>28</v></c></row>'  # no r: the row after 2
        "<row r = '7'><c r=\"B7\"><v>7</v></c></row>"
        '<row r="8"/>'  # empty, self-closing
        '<row><c r="C9"><v>9</v></c></row>'  # follows the empty row 8
        '<row r="10"><c r="A10"/><c r="B10" s="1"/></row>'  # only empty cells: not listed
        '<row r="11"><c r="A11"><v>1</v></c><c r="A11"><v>2</v></c></row>'  # the same cell twice: the first
        '<row r="12"><c r="B12">\n  <v>3</v>\n</c></row>'
    )
    got, notes = _rows(_one(tmp_path, rows))
    assert got == [
        (2, {1: XCell(1, number_format="General"), 2: XCell(2, number_format="General"),
             4: XCell(4, number_format="General"), 5: XCell(5, number_format="General")}),
        (3, {27: XCell(27, number_format="General"), 28: XCell(28, number_format="General")}),
        (7, {2: XCell(7, number_format="General")}),
        (9, {3: XCell(9, number_format="General")}),
        (11, {1: XCell(1, number_format="General")}),
        (12, {2: XCell(3, number_format="General")}),
    ]
    assert notes == []


def test_a_first_row_without_its_number_is_row_1(tmp_path):
    got, _ = _rows(_one(tmp_path, '<row><c><v>1</v></c></row><row><c r="B2"><v>2</v></c></row>'))
    assert got == [(1, {1: XCell(1, number_format="General")}), (2, {2: XCell(2, number_format="General")})]


def test_rows_come_in_file_order_not_sorted(tmp_path):
    rows = '<row r="5"><c r="A5"><v>5</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'
    got, _ = _rows(_one(tmp_path, rows))
    assert [n for n, _ in got] == [5, 2]


def test_elements_named_like_row_are_not_rows(tmp_path):
    xml = (f"<worksheet {NS}><rowSpec/><sheetData>"
           '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row></sheetData>'
           '<rowBreaks count="1"><brk id="1"/></rowBreaks></worksheet>')
    got, _ = _rows(_one(tmp_path, "", extra={"xl/worksheets/sheet1.xml": xml}))
    assert got == [(1, {1: XCell(1, number_format="General")}), (2, {1: XCell(2, number_format="General")})]


def test_a_namespace_prefix_on_every_element(tmp_path):
    """Some generators write <x:worksheet>, <x:row>, <x:c>…"""
    rows = ('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c>'
            '<x:c r="B1"><x:v>2</x:v></x:c><x:c r="C1" t="s"><x:v>0</x:v></x:c></x:row>')
    got, _ = _rows(_one(tmp_path, rows, prefix="x:"))
    assert got == [(1, {1: XCell("前缀"), 2: XCell(2, number_format="General"), 3: XCell("甲")})]


# ---------------------------------------------------------------- caps, said in notes


def test_rows_beyond_the_cap_are_said(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in (1, 2, 3, 4))
    path = _one(tmp_path, rows)
    got, notes = _rows(path, max_row=3)
    assert [n for n, _ in got] == [1, 2, 3]
    assert notes == ["工作表超过 3 行，只读取了前 3 行"]
    got, notes = _rows(path, max_row=3, noted=False)
    assert [n for n, _ in got] == [1, 2, 3] and notes == []
    got, notes = _rows(path, max_row=4)
    assert [n for n, _ in got] == [1, 2, 3, 4] and notes == []


def test_cells_beyond_the_last_column_are_counted(tmp_path):
    rows = ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row>'
            '<row r="2"><c r="D2"><v>4</v></c></row><row r="3"><c r="A3"><v>5</v></c></row>')
    path = _one(tmp_path, rows)
    got, notes = _rows(path, max_col=2)
    assert got == [(1, {1: XCell(1, number_format="General"), 2: XCell(2, number_format="General")}),
                   (3, {1: XCell(5, number_format="General")})]
    assert notes == ["有 2 个单元格在第 2 列之后，不在表格范围内，未读取"]
    assert _rows(path, max_col=2, noted=False)[1] == []
    assert _rows(path, max_col=4)[1] == []


def test_too_many_cells_stop_the_sheet_and_are_said(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_CELLS", 3)
    rows = ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>'
            '<row r="2"><c r="A2"><v>3</v></c></row>'
            '<row r="3"><c r="A3"><v>4</v></c></row><row r="4"><c r="A4"><v>5</v></c></row>')
    got, notes = _rows(_one(tmp_path, rows))
    assert [n for n, _ in got] == [1, 2, 3]
    assert notes == ["工作表单元格过多（超过 3 个），第 3 行之后未读取"]


def test_shared_strings_beyond_the_cap_are_said(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_SHARED", 2)
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c></row>'
    got, notes = _rows(_one(tmp_path, rows))
    assert got == [(1, {1: XCell("甲")})]
    assert notes == ["共享文字超过 2 条，其后的文字未读取"]


def test_long_texts_are_cut_at_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_TEXT", 3)
    rows = '<row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" t="s"><v>0</v></c></row>'
    shared = f"<sst {NS}><si><t>甲</t></si><si><t/></si><si><t>一二三四五</t></si></sst>"
    got, _ = _rows(_one(tmp_path, rows, shared=shared))
    assert got == [(1, {1: XCell("一二三"), 2: XCell("甲")})]


def test_a_cell_text_stops_growing_at_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_TEXT", 0)
    got, _ = _rows(_one(tmp_path, '<row r="1"><c r="A1" t="str"><v>很长</v></c></row>'))
    assert got == []


def test_the_styles_part_is_read_up_to_its_cap(tmp_path):
    """65,000 cell formats are kept; what lies beyond reads as General."""
    xfs = '<xf numFmtId="0"/>' * 65_000 + '<xf numFmtId="14"/><xf numFmtId="14"/>'
    styles = f"<styleSheet {NS}><cellXfs>{xfs}</cellXfs></styleSheet>"
    rows = '<row r="1"><c r="A1" s="64999"><v>1</v></c><c r="B1" s="65000"><v>2</v></c><c r="C1" s="65001"><v>3</v></c></row>'
    got, _ = _rows(_one(tmp_path, rows, styles=styles))
    assert got == [(1, {1: XCell(1, number_format="General"), 2: XCell(2, number_format="mm-dd-yy", date=True),
                        3: XCell(3, number_format="General")})]


# ---------------------------------------------------------------- a row too long for expat


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_a_huge_row_gives_its_valued_cells_only(tmp_path, prefix):
    p = prefix
    empty = "".join(f'<{p}c r="{c}1" s="1"/>' for c in ("E", "F", "G", "H", "J", "K", "L", "M") * 80)
    row = (f'<{p}row r="1">{empty}<{p}c r="AA1"><{p}v>27</{p}v></{p}c>{empty}'
           f'<{p}c r="AB1" t="inlineStr"><{p}is><{p}t>行内</{p}t></{p}is></{p}c>'
           f'<{p}c r="AC1"><{p}f>1+1</{p}f></{p}c>'
           f'<{p}c r="AD1" t="s"><{p}v xml:space="preserve">0</{p}v></{p}c>'
           f'<{p}c r="AE1"><{p}f>2+2</{p}f><{p}v>4</{p}v></{p}c>{empty}</{p}row>'
           f'<{p}row r="2"><{p}c r="A2"><{p}v>2</{p}v></{p}c></{p}row>')
    assert len(row) > xlsx_reader.BIG_ROW
    got, notes = _rows(_one(tmp_path, row, prefix=prefix))
    assert got == [(1, {27: XCell(27, number_format="General"), 28: XCell("行内"),
                        29: XCell(None, True, "General"), 30: XCell("甲"), 31: XCell(4, True, "General")}),
                   (2, {1: XCell(2, number_format="General")})]
    assert notes == []
    assert _rows(_one(tmp_path, row, prefix=prefix), max_col=26)[1] == [
        "有 5 个单元格在第 26 列之后，不在表格范围内，未读取"]


# ---------------------------------------------------------------- broken or foreign sheets


def _refused(path, fn=None) -> str:
    with pytest.raises(WorkbookError) as exc:
        (fn or _rows)(path)
    return exc.value.message


def test_a_sheet_that_is_broken_or_not_a_sheet_is_refused(tmp_path):
    part = "xl/worksheets/sheet1.xml"

    def sheet(xml):
        return _one(tmp_path, "", extra={part: xml})

    assert _refused(sheet(f'<worksheet {NS}><sheetData><row r="1"><c r="A1"><v>1</c></row></sheetData></worksheet>')) \
        == "「t.xlsx」已损坏（xl/worksheets/sheet1.xml 中有不完整的内容：7），无法读取。"
    assert _refused(sheet("<chartsheet/>")) == "「t.xlsx」中的 xl/worksheets/sheet1.xml 不是工作表，无法读取。"
    assert _refused(sheet('<!DOCTYPE w [<!ENTITY a "b">]>' + _sheet('<row r="1"/>'))) \
        == "「t.xlsx」含有文档类型定义（DTD），不是 Excel 保存的工作簿，已拒绝读取。"
    assert _refused(sheet(f'<worksheet {NS}><sheetData><row r="1"')) \
        == "「t.xlsx」已损坏（xl/worksheets/sheet1.xml 不完整），无法读取。"
    assert _refused(sheet(f'<worksheet {NS}><sheetData><row r="1"><c r="A1"><v>1</v></c>')) \
        == "「t.xlsx」已损坏（xl/worksheets/sheet1.xml 不完整），无法读取。"
    assert _rows(sheet(""))[0] == []  # an empty part: nothing in it
    assert _rows(sheet(f"<worksheet {NS}><sheetData/></worksheet>"))[0] == []


def test_a_missing_sheet_part_reads_as_empty(tmp_path):
    path = _one(tmp_path, '<row r="1"><c r="A1"><v>1</v></c></row>')
    assert _rows(path, part="xl/worksheets/sheet9.xml") == ([], [])


def test_a_broken_or_doctype_shared_strings_part_is_refused(tmp_path):
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    assert _refused(_one(tmp_path, rows, shared=f"<sst {NS}>\n<si><t>甲</si></sst>")) \
        == "「t.xlsx」已损坏（xl/sharedStrings.xml 第 2 行），无法读取。"
    assert _refused(_one(tmp_path, rows, shared='<!DOCTYPE sst [<!ENTITY a "b">]><sst/>')) \
        == "「t.xlsx」含有文档类型定义（DTD），不是 Excel 保存的工作簿，已拒绝读取。"


# ---------------------------------------------------------------- the workbook: sheets and refusals


def _sheets(path):
    book = open_book(path)
    try:
        return book.sheets, book.shared_part
    finally:
        book.close()


def test_sheets_in_the_workbook_order_whatever_their_part_names(tmp_path):
    parts = _workbook([("封面", "xl/worksheets/sheet3.xml"), ("动态管理表", "xl/worksheets/sheet1.xml"),
                       ("_lists", "xl/worksheets/sheet2.xml")])
    for i in (1, 2, 3):
        parts[f"xl/worksheets/sheet{i}.xml"] = _sheet(f'<row r="1"><c r="A1"><v>{i}</v></c></row>')
    sheets, shared = _sheets(_zip(tmp_path / "t.xlsx", parts))
    assert sheets == [("封面", "xl/worksheets/sheet3.xml"), ("动态管理表", "xl/worksheets/sheet1.xml"),
                      ("_lists", "xl/worksheets/sheet2.xml")]
    assert shared == "xl/sharedStrings.xml"


def test_relationship_targets_absolute_relative_or_missing(tmp_path):
    rels = [("rId1", "/xl/data/first.xml", f"{REL}/worksheet"),
            ("rId2", "worksheets/../worksheets/second.xml", f"{REL}/worksheet"),
            ("rId4", "worksheets/gone.xml", f"{REL}/worksheet"),  # its part is not in the zip
            ("rIdS", "/xl/strings/sst.xml", f"{REL}/sharedStrings")]
    parts = _workbook([("一", ""), ("二", ""), ("三", ""), ("四", "")], rels=rels, shared=None)
    parts["xl/data/first.xml"] = _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    parts["xl/worksheets/second.xml"] = _sheet("")
    parts["xl/worksheets/sheet3.xml"] = _sheet("")  # no relationship rId3: where Excel puts the 3rd sheet
    parts["xl/strings/sst.xml"] = f"<sst {NS}><si><t>另一处的共享文字</t></si></sst>"
    path = _zip(tmp_path / "t.xlsx", parts)
    sheets, shared = _sheets(path)
    assert sheets == [("一", "xl/data/first.xml"), ("二", "xl/worksheets/second.xml"),
                      ("三", "xl/worksheets/sheet3.xml")]
    assert shared == "xl/strings/sst.xml"
    assert _rows(path)[0] == [(1, {1: XCell("另一处的共享文字")})]


def test_the_relationship_id_is_found_under_any_prefix(tmp_path):
    parts = _workbook([])
    parts["xl/workbook.xml"] = (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:rel="{REL}"><sheets><sheet name="甲" sheetId="2" rel:id="rIdA"/></sheets></workbook>')
    parts["xl/_rels/workbook.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdA" Target="worksheets/a.xml" Type="{REL}/worksheet"/></Relationships>')
    parts["xl/worksheets/a.xml"] = _sheet("")
    parts["xl/worksheets/sheet2.xml"] = _sheet("")
    assert _sheets(_zip(tmp_path / "t.xlsx", parts))[0] == [("甲", "xl/worksheets/a.xml")]


def test_a_workbook_part_listing_no_sheet_falls_back_to_the_sheet_parts(tmp_path):
    parts = {"xl/workbook.xml": f"<workbook {NS}/>",
             "xl/worksheets/sheet2.xml": _sheet(""), "xl/worksheets/sheet1.xml": _sheet(""),
             "xl/worksheets/_rels/sheet1.xml.rels": "<Relationships/>", "xl/worksheets/sheet1.xml.bak": ""}
    sheets, shared = _sheets(_zip(tmp_path / "t.xlsx", parts))
    assert sheets == [("", "xl/worksheets/sheet1.xml"), ("", "xl/worksheets/sheet2.xml")]
    assert shared == "xl/sharedStrings.xml"


def test_a_workbook_that_lists_sheets_without_relationships(tmp_path):
    parts = {"xl/workbook.xml": f'<workbook {NS}><sheets><sheet name="甲" sheetId="1"/>'
                                '<sheet name="乙" sheetId="2" r:id="rId9"/></sheets></workbook>',
             "xl/worksheets/sheet1.xml": _sheet(""), "xl/worksheets/sheet2.xml": _sheet("")}
    assert _sheets(_zip(tmp_path / "t.xlsx", parts))[0] == [("甲", "xl/worksheets/sheet1.xml"),
                                                             ("乙", "xl/worksheets/sheet2.xml")]


def test_files_that_are_not_workbooks_are_refused_with_their_reason(tmp_path):
    def refused(path):
        with pytest.raises(WorkbookError) as exc:
            open_book(path)
        return exc.value.message

    assert refused(tmp_path / "无.xlsx") == "找不到文件「无.xlsx」。"
    (tmp_path / "夹.xlsx").mkdir()
    assert refused(tmp_path / "夹.xlsx") == "「夹.xlsx」是文件夹，不是 Excel 工作簿。"
    (tmp_path / "旧.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert refused(tmp_path / "旧.xlsx") == \
        "「旧.xlsx」是旧版 Excel（.xls）或带密码保护的工作簿，请在 Excel 中另存为 .xlsx（不设密码）后再导入。"
    (tmp_path / "文.xlsx").write_text("名称,数值\n工业总产值,1\n", encoding="utf-8")
    assert refused(tmp_path / "文.xlsx") == "「文.xlsx」不是 Excel 工作簿（.xlsx）。"
    assert refused(_zip(tmp_path / "包.xlsx", {"word/document.xml": "<w/>"})) == \
        "「包.xlsx」不是 Excel 工作簿（缺少工作簿内容）。"
    broken = tmp_path / "坏.xlsx"
    data = bytearray(_zip(broken, _workbook([("甲", "xl/worksheets/sheet1.xml")])).read_bytes())
    at = data.find(b"PK\x01\x02")
    data[at + 6] = 127  # "version needed to extract" 12.7: zipfile refuses it
    broken.write_bytes(bytes(data))
    assert refused(broken) == "「坏.xlsx」已损坏，无法读取。"
    (tmp_path / "截.xlsx").write_bytes(data[:at])  # the central directory cut off
    assert refused(tmp_path / "截.xlsx") == "「截.xlsx」不是 Excel 工作簿（.xlsx）。"


def test_too_many_zip_entries_are_refused_with_the_count(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_ENTRIES", 4)
    parts = {"xl/workbook.xml": f"<workbook {NS}/>", **{f"xl/media/{i}.png": b"" for i in range(3)}}
    book = open_book(_zip(tmp_path / "四.xlsx", parts))  # at the cap
    book.close()
    parts["xl/media/3.png"] = b""
    with pytest.raises(WorkbookError) as exc:
        open_book(_zip(tmp_path / "五.xlsx", parts))
    assert exc.value.message == "「五.xlsx」包含的文件过多（5 个，上限 4 个），不像动态管理表，已拒绝读取。"


def test_sizes_beyond_the_caps_are_refused_with_the_size(tmp_path, monkeypatch):
    mb = 1024 * 1024
    monkeypatch.setattr(xlsx_reader, "MAX_PART", 2 * mb)
    monkeypatch.setattr(xlsx_reader, "MAX_READ", 3 * mb)

    def refused(parts):
        with pytest.raises(WorkbookError) as exc:
            open_book(_zip(tmp_path / "t.xlsx", {"xl/workbook.xml": f"<workbook {NS}/>", **parts}))
        return exc.value.message

    pad = b" " * mb
    # one part over the per-part cap
    assert refused({"xl/worksheets/sheet1.xml": pad * 2 + b" "}) == \
        "「t.xlsx」解压后过大（2 MB，上限 3 MB），不像动态管理表，已拒绝读取。"
    # parts each under it, together over the total cap (a .rels part counts too)
    assert refused({"xl/worksheets/sheet1.xml": pad * 2, "xl/a.xml.rels": pad * 2}) == \
        "「t.xlsx」解压后过大（4 MB，上限 3 MB），不像动态管理表，已拒绝读取。"
    # at the caps: accepted; pictures are never decompressed, so they do not count
    head = f"<workbook {NS}/>".encode()
    book = open_book(_zip(tmp_path / "t.xlsx", {"xl/workbook.xml": head + b" " * (mb - len(head)),
                                                "xl/worksheets/sheet1.xml": pad * 2,
                                                "xl/media/p.png": pad * 4}))
    book.close()


def test_parts_exactly_at_the_caps_are_read(tmp_path, monkeypatch):
    """A part of exactly MAX_PART bytes, and all parts read together exactly MAX_READ: read."""
    mb = 1024 * 1024
    monkeypatch.setattr(xlsx_reader, "MAX_PART", 2 * mb)
    monkeypatch.setattr(xlsx_reader, "MAX_READ", 3 * mb)
    head = f"<workbook {NS}/>".encode()
    sheet = _sheet('<row r="1"><c r="A1"><v>1</v></c></row>').encode()
    path = _zip(tmp_path / "t.xlsx", {"xl/workbook.xml": head + b" " * (mb - len(head)),
                                      "xl/worksheets/sheet1.xml": sheet + b" " * (2 * mb - len(sheet))})
    assert _rows(path, part="xl/worksheets/sheet1.xml") == ([(1, {1: XCell(1, number_format="General")})], [])


def test_a_part_that_is_not_xml_is_capped_while_read(tmp_path, monkeypatch):
    """Only .xml and .rels parts are summed up front; a sheet part named otherwise is capped as it
    is decompressed."""
    mb = 1024 * 1024
    parts = _workbook([("甲", "xl/worksheets/sheet1.bin")])
    parts["xl/worksheets/sheet1.bin"] = _sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + " " * (3 * mb))
    path = _zip(tmp_path / "t.xlsx", parts)
    assert _rows(path)[0] == [(1, {1: XCell(1, number_format="General")})]
    monkeypatch.setattr(xlsx_reader, "MAX_PART", 2 * mb)
    assert _refused(path) == "「t.xlsx」中的 xl/worksheets/sheet1.bin 解压后有 3 MB，超过 2 MB，已拒绝读取。"


def test_all_parts_read_together_are_capped(tmp_path, monkeypatch):
    mb = 1024 * 1024
    parts = _workbook([("甲", "xl/worksheets/sheet1.bin")])
    parts["xl/worksheets/sheet1.bin"] = _sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + " " * (2 * mb))
    path = _zip(tmp_path / "t.xlsx", parts)
    book = open_book(path)
    try:
        monkeypatch.setattr(xlsx_reader, "MAX_READ", 3 * mb)
        part = book.sheets[0][1]
        assert [n for n, _ in book.rows(part, 10, 10)] == [1]
        with pytest.raises(WorkbookError) as exc:  # the same sheet read a second time: over 3 MB in all
            list(book.rows(part, 10, 10))
        assert exc.value.message == "「t.xlsx」解压后的内容超过 3 MB，不像动态管理表，已拒绝读取。"
    finally:
        book.close()


def test_close_twice_is_harmless(tmp_path):
    book = open_book(_one(tmp_path, ""))
    book.close()
    book.close()
    assert book._zip is None

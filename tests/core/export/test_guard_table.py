"""The formula guard, one case a line: what Excel would run as a formula (OWASP CSV injection:
= + - @ tab CR as first character, also after leading blanks and line breaks, full-width signs,
error values), what a cell, a page header and a sheet name end up holding, and the final seal that
leaves no <f> element in the saved file. Expected values written from OWASP's advice and Excel's
limits, not read from the guard."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from greendesk.export import guard


@pytest.mark.parametrize(("text", "risky"), [
    ("=1+1", True), ("+1", True), ("-1", True), ("@SUM(A1)", True), ("\t=1", True), ("\r=1", True),
    ("＝1", True), ("＋1", True), ("－1", True), ("＠x", True),
    (" =1", True), ("   +1", True), ("\n-1", True), ("\u3000＠x", True), ("\r\n=1", True), (" \t @a", True),
    ("#NULL!", True), ("#DIV/0!", True), ("#VALUE!", True), ("#REF!", True), ("#NAME?", True),
    ("#NUM!", True), ("#N/A", True), (" #N/A ", True), ("\n#REF!\n", True),
    ("#N/A1", False), ("#", False), ("1-2", False), ("a=b", False), ("普通文字", False), ("", False),
    ("\tabc", True), ("\rabc", True), ("XX=1", False), ("x =1", False), ("\u00a0=1", False), ("'=1", False), ("1E+5", False),
])
def test_is_risky(text, risky):
    assert guard.is_risky(text) is risky


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("-2", "'-2"), (" @x", "' @x"), ("#N/A", "'#N/A"), ("＋1", "'＋1"),
    ("普通", "普通"), (None, ""), (12, "12"), ("1-2", "1-2"), ("a\x07b", "ab"),
    pytest.param("\ud800=", "\ufffd=", id="lone-surrogate-then-equals"),
])
def test_cell_text(value, expected):
    assert guard.cell_text(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (None, ""), ("", ""), ("abc", "abc"), (5, "5"), (1.5, "1.5"), ("a\nb", "a\nb"),
    ("a\x00b", "ab"), pytest.param("孤\ud800", "孤\ufffd", id="high-surrogate"),
    pytest.param("\udfff", "\ufffd", id="low-surrogate"), ("甲\r\n乙", "甲\n乙"),
    ("x\ufffey", "xy"),  # a non-character is dropped, as typing drops it
])
def test_clean(value, expected):
    assert guard.clean(value) == expected


@pytest.mark.parametrize(("value", "shown", "data_type", "prefix"), [
    (None, None, "n", False),
    (0, 0, "n", False),
    (3.5, 3.5, "n", False),
    (True, True, "b", False),
    ("", "", "s", False),
    ("文字", "文字", "s", False),
    ("=1+1", "=1+1", "s", True),
    (" -3", " -3", "s", True),
    ("#REF!", "#REF!", "s", True),
    ("12", "12", "s", False),
    ("a\x07", "a", "s", False),
])
def test_put(value, shown, data_type, prefix):
    c = Workbook().active["A1"]
    guard.put(c, value)
    assert c.value == shown
    assert c.data_type == data_type
    assert bool(c.quotePrefix) is prefix


def test_put_a_value_openpyxl_would_take_for_a_formula_or_an_error():
    """openpyxl types "=…" as a formula and "#N/A" as an error by itself: put makes both text."""
    ws = Workbook().active
    for i, text in enumerate(["=A1", "#N/A", "-", "@"], 1):
        c = ws.cell(i, 1)
        guard.put(c, text)
        assert (c.value, c.data_type, c.quotePrefix) == (text, "s", True)


@pytest.mark.parametrize(("value", "expected"), [
    ("广东绿源示范电缆有限公司", "广东绿源示范电缆有限公司"),
    ("A&B公司", "A&&B公司"),
    ("第一行\n第二行", "第一行 第二行"),
    ("&P&N", "&&P&&N"),
    (None, ""),
])
def test_header_text(value, expected):
    assert guard.header_text(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("培育名单", "培育名单"),
    ("X表X", "X表X"),
    ("a[b]c:d*e?f/g\\h", "a_b_c_d_e_f_g_h"),
    ("'引号'", "引号"),
    ("''", "Sheet"),
    ("", "Sheet"),
    (None, "Sheet"),
    ("一\n二", "一 二"),
    ("x" * 40, "x" * 31),
    ("名" * 31, "名" * 31),
    ("'" + "y" * 35, "y" * 31),
])
def test_sheet_title(value, expected):
    assert guard.sheet_title(value) == expected


def test_constants_are_excels_and_owasps():
    assert guard.MAX_CELL_CHARS == 32767
    assert set(guard.FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"}
    assert set(guard.ERROR_CODES) == {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}
    assert guard.REPLACEMENT == "\ufffd"


def _saved(wb) -> tuple[bytes, object]:
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    return data, load_workbook(io.BytesIO(data))


def test_seal_leaves_no_formula_element_and_keeps_every_text():
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "=1+1"
    ws["A2"] = "#REF!"
    ws["A3"] = ArrayFormula("A3:A3", "=SUM(B1:B2)")
    ws["A4"] = "  =2"
    ws["A5"] = "普通"
    ws["A6"] = 7
    ws["A7"] = "-x"
    ws["B1"] = "=HYPERLINK(\"http://x\")"
    ws["B1"].comment = Comment("批注\x07", "GreenDesk")
    ws["B2"] = "平常"
    ws["B2"].comment = Comment("正常批注", "GreenDesk")
    second = wb.create_sheet("二")
    second["C3"] = "=C1"
    guard.seal(wb)
    data, back = _saved(wb)
    for name in zipfile.ZipFile(io.BytesIO(data)).namelist():
        if name.startswith("xl/worksheets/sheet"):
            assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read(name)
            assert b"<f " not in zipfile.ZipFile(io.BytesIO(data)).read(name)
    ws = back.active
    assert ws["A1"].value == "=1+1" and ws["A1"].data_type == "s" and ws["A1"].quotePrefix
    assert ws["A2"].value == "#REF!" and ws["A2"].data_type == "s" and ws["A2"].quotePrefix
    assert ws["A3"].value == "=SUM(B1:B2)" and ws["A3"].data_type == "s"
    assert ws["A4"].value == "  =2" and ws["A4"].quotePrefix
    assert ws["A5"].value == "普通" and not ws["A5"].quotePrefix
    assert ws["A6"].value == 7 and ws["A6"].data_type == "n" and not ws["A6"].quotePrefix
    assert ws["A7"].value == "-x" and ws["A7"].quotePrefix
    assert ws["B1"].comment.text == "批注"
    assert ws["B2"].comment.text == "正常批注" and not ws["B2"].quotePrefix
    assert back["二"]["C3"].value == "=C1" and back["二"]["C3"].data_type == "s"


def test_seal_of_an_array_formula_without_text_keeps_its_string():
    wb = Workbook()
    f = ArrayFormula("A1:A1", None)
    wb.active["A1"] = f
    guard.seal(wb)
    assert wb.active["A1"].value == guard.clean(str(f)) and wb.active["A1"].data_type == "s"


def test_seal_makes_an_error_value_openpyxl_does_not_list_inert():
    """Excel has error values beyond the seven openpyxl knows (#SPILL!, #CALC!, #GETTING_DATA):
    a cell typed as an error ("e") is written as <c t="e">, whatever its text. The seal turns it
    into a plain string shown with the apostrophe, as it does a known error code."""
    wb = Workbook()
    ws = wb.active
    for ref, text in (("A1", "#SPILL!"), ("A2", "#CALC!"), ("A3", "#GETTING_DATA")):
        ws[ref] = text
        ws[ref].data_type = "e"
    guard.seal(wb)
    data, back = _saved(wb)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b't="e"' not in sheet
    for ref, text in (("A1", "#SPILL!"), ("A2", "#CALC!"), ("A3", "#GETTING_DATA")):
        assert back.active[ref].value == text and back.active[ref].data_type == "s"
        assert back.active[ref].quotePrefix


def test_seal_of_a_data_table_formula_writes_text_not_a_formula():
    """A data-table formula has no text of its own (unlike an array formula): it still becomes an
    inert string and the seal does not stop the export."""
    wb = Workbook()
    wb.active["A1"] = DataTableFormula(ref="A1:B2")
    guard.seal(wb)
    cell = wb.active["A1"]
    assert isinstance(cell.value, str) and cell.value.startswith("<openpyxl.worksheet.formula.DataTableFormula")
    assert cell.data_type == "s" and cell.quotePrefix
    data, _back = _saved(wb)
    assert b"<f" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")

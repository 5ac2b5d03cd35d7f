"""Fuzzing the structure of returned workbooks: random sequences of the edits Excel users make
(columns and rows inserted, rows swapped, the header row or the key column deleted, a sheet in
front, the sheet renamed). Zero crashes (only WorkbookError), and zero values lost silently: a
value that does not come back is named in the report. A few cases by default; many with
GREENDESK_XLSX_FUZZ=n (or 10,000 with GREENDESK_FUZZ_FULL=1), marked `slow`."""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from greendesk.export import import_xlsx
from greendesk.export.xlsx_export import render_xlsx
from greendesk.export.xlsx_import import WorkbookError

MANY = int(os.environ.get("GREENDESK_XLSX_FUZZ", 0)) or (10_000 if os.environ.get("GREENDESK_FUZZ_FULL") == "1"
                                                         else 0)

EDITS = st.lists(st.one_of(
    st.tuples(st.just("insert_cols"), st.integers(1, 10), st.integers(1, 2)),
    st.tuples(st.just("insert_rows"), st.integers(3, 120), st.integers(1, 3)),
    st.tuples(st.just("swap_rows"), st.integers(3, 110), st.integers(3, 110)),
    st.tuples(st.just("note_row"), st.integers(3, 120), st.integers(1, 12)),
    st.tuples(st.just("delete_header"), st.just(0), st.just(0)),
    st.tuples(st.just("delete_keys"), st.just(0), st.just(0)),
    st.tuples(st.just("sheet_before"), st.just(0), st.just(0)),
    st.tuples(st.just("rename"), st.just(0), st.just(0)),
), min_size=1, max_size=4)


def _apply(data: bytes, edits) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb["动态管理表"]
    for m in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(m))
    for op, a, b in edits:
        if op == "insert_cols":
            ws.insert_cols(a, b)
        elif op == "insert_rows":
            ws.insert_rows(a, b)
        elif op == "swap_rows":  # a sort in Excel moves values with their formats
            for col in range(1, ws.max_column + 1):
                x, y = ws.cell(row=a, column=col), ws.cell(row=b, column=col)
                x.value, y.value = y.value, x.value
                x.number_format, y.number_format = y.number_format, x.number_format
        elif op == "note_row":
            ws.insert_rows(a)
            ws.cell(row=a, column=1).value = "部门自加"
            ws.cell(row=a, column=b).value = 7
        elif op == "delete_header":
            for row in ws.iter_rows():
                if any(c.value == "指标名称" for c in row):
                    ws.delete_rows(row[0].row)
                    break
        elif op == "delete_keys":
            for row in ws.iter_rows(max_row=3):
                for c in row:
                    if isinstance(c.value, str) and c.value.startswith("form|"):
                        ws.delete_cols(c.column)
        elif op == "sheet_before":
            wb.create_sheet("封面", 0)["A1"] = "说明"
        elif op == "rename":
            ws.title = "Sheet1"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _check(tmp_path, def2025, sample2025, exported: bytes, edits) -> None:
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(_apply(exported, edits))
    before = path.read_bytes()
    try:
        draft, report = import_xlsx(path, def2025)
    except WorkbookError as exc:
        assert exc.message and path.read_bytes() == before
        return
    assert path.read_bytes() == before
    said = report.to_text()
    want, got = sample2025.content(), draft.content()
    for rid, entry in want["table"].items():
        if got["table"].get(rid) != entry:
            assert def2025.rows[rid].name in said, (edits, rid)
    for fid, value in want["fields"].items():
        if got["fields"].get(fid) != value:
            f = def2025.fields[fid.split(".")[0]]
            assert report.skipped or report.doubtful, (edits, fid)
            assert f.label in said or "地址" in said or "省/市/区县" in said, (edits, fid)
    for rid, group in want["products"].items():
        if got["products"].get(rid) != group:
            assert report.skipped or report.doubtful, (edits, rid)


@pytest.fixture(scope="module")
def exported():
    from greendesk import forms
    from greendesk.document import open_draft
    from tests.conftest import SAMPLES

    opened = open_draft(SAMPLES / "green-factory-2025.json")
    return render_xlsx(forms.get("green-factory-2025"), opened.draft)


_FAST = settings(max_examples=6, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@_FAST
@given(edits=EDITS)
def test_structural_edits_never_crash_nor_lose_silently(tmp_path, def2025, sample2025, exported, edits):
    _check(tmp_path, def2025, sample2025, exported, edits)


@pytest.mark.slow
@pytest.mark.skipif(not MANY, reason="GREENDESK_XLSX_FUZZ=n or GREENDESK_FUZZ_FULL=1 runs it")
@settings(max_examples=max(MANY, 1), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=EDITS)
def test_structural_edits_many(tmp_path, def2025, sample2025, exported, edits):
    _check(tmp_path, def2025, sample2025, exported, edits)

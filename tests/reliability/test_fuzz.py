"""Hypothesis fuzzing of the draft loader and the Excel importer: no crash (only their Chinese
errors) and never a change to the input file. A quick run by default; GREENDESK_FUZZ_FULL=1 runs
10,000 cases each."""

from __future__ import annotations

import io
import json
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greendesk import document, forms
from greendesk.document import DocumentError
from greendesk.export import ExportError, import_xlsx
from greendesk.export.xlsx_export import render_xlsx
from tests.conftest import SAMPLES

FULL = os.environ.get("GREENDESK_FUZZ_FULL") == "1"
LOADER_CASES = int(os.environ.get("GREENDESK_FUZZ_CASES", 10_000 if FULL else 150))
IMPORT_CASES = int(os.environ.get("GREENDESK_FUZZ_CASES", 10_000 if FULL else 15))
SAMPLE = (SAMPLES / "green-factory-2025.json").read_bytes()
DEF = forms.get("green-factory-2025")


def _slots(node, out):
    """Every (container, key) in a JSON tree, so any value can be replaced."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        out.append((node, key))
        _slots(child, out)
    return out


def _as_unshipped_form(obj: dict) -> None:
    """Make the draft's form one GreenDesk does not ship, so it opens with its embedded copy."""
    from greendesk.definition import FormDefinition

    obj["definition"]["id"] = "green-factory-2099"
    obj["form"]["id"] = "green-factory-2099"
    obj["form"]["hash"] = FormDefinition.model_validate(obj["definition"]).content_hash


def _mutate_json(rng: random.Random, data: bytes) -> bytes:
    """Replace values in the draft's own data; one time in four, in its embedded definition of a
    form that is not shipped (the copy that is then really used)."""
    obj = json.loads(data)
    if rng.random() < 0.25:
        _as_unshipped_form(obj)
        slots = _slots(obj["definition"], [])
    else:
        slots = [(node, key) for node, key in _slots(obj, [])
                 if not (node is obj and key == "definition")]
        embedded = obj.get("definition")
        inside = {id(node) for node, _ in _slots(embedded, [])} if embedded else set()
        slots = [(node, key) for node, key in slots if id(node) not in inside]
    for _ in range(rng.randint(1, 6)):
        container, key = rng.choice(slots)
        container[key] = rng.choice([None, "", "x" * rng.randint(0, 300), -1, 1e308, [], {}, True,
                                     "９９", "1,000", "=cmd|'/c calc'!A1", "\x00", "2025-13-45T99:99"])
    text = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    if rng.random() < 0.2:
        text = text[: rng.randrange(len(text))]
    return text


@settings(max_examples=LOADER_CASES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.binary(max_size=2048), st.integers(0, 2**32).map(lambda s: _mutate_json(random.Random(s), SAMPLE))))
def test_loader_never_crashes_nor_touches_the_file(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "d.json"
    path.write_bytes(data)
    stamp = os.stat(path).st_mtime_ns
    try:
        opened = document.open_draft(path)
        from greendesk.rules import validate

        validate(opened.definition, opened.draft)  # whatever loads can be validated
    except DocumentError as exc:
        assert exc.message
    assert path.read_bytes() == data and os.stat(path).st_mtime_ns == stamp


_WORKBOOK = None


def _sample_workbook() -> bytes:
    global _WORKBOOK
    if _WORKBOOK is None:
        _WORKBOOK = render_xlsx(DEF, document.loads(SAMPLE))
    return _WORKBOOK


@pytest.mark.slow
@settings(max_examples=IMPORT_CASES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 2**32))
def test_importer_never_crashes_nor_touches_the_file(tmp_path_factory, seed):
    from openpyxl import load_workbook

    rng = random.Random(seed)
    wb = load_workbook(io.BytesIO(_sample_workbook()))
    ws = wb["动态管理表"]
    for _ in range(rng.randint(1, 25)):
        r, c = rng.randint(1, ws.max_row + 3), rng.randint(1, 12)
        cell = ws.cell(row=r, column=c)
        if type(cell).__name__ == "MergedCell":
            continue
        cell.value = rng.choice([
            None, "", "abc", -5, 3.14159, 1e300, "=1/0", "=SUM(A1:A9)", "是", "否", "万吨标准煤",
            "field|nope", "parameter|t:ZZ||", "years|1999,2000", "x" * 500, "９９", True])
        if rng.random() < 0.1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=4)
    if rng.random() < 0.1:
        ws.delete_rows(rng.randint(1, ws.max_row))
    path = tmp_path_factory.mktemp("fuzzx") / "w.xlsx"
    wb.save(path)
    data = path.read_bytes()
    if rng.random() < 0.15:  # a damaged zip
        cut = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            cut[rng.randrange(len(cut))] = rng.randrange(256)
        data = bytes(cut)
        path.write_bytes(data)
    try:
        draft, report = import_xlsx(path, DEF if rng.random() < 0.5 else None)
        assert draft.form.id == DEF.id and report.to_text()
    except ExportError as exc:
        assert exc.message
    assert path.read_bytes() == data

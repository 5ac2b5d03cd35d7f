"""Text entering a draft — typed, pasted, imported or read from a file — is cleaned once, kept
within the definition's limits, and the user hears about every change."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greendesk import cells, document
from greendesk.cells import CellError, normalize_input, prepare
from greendesk.cli import main
from greendesk.definition import TextLimits
from greendesk.rules import validate
from greendesk.session import EditSession
from tests.conftest import SAMPLES

# (cell, typed, stored) — one line a case; the cells are the 2025 factory form's.
CLEANED = [
    ("f:highlights", "第一段\x0b第二段", "第一段\n第二段"),
    ("f:highlights", "第一段\r\n第二段\r第三段", "第一段\n第二段\n第三段"),
    ("f:highlights", "页一\x0c页二\x00\x1b", "页一\n页二"),
    ("f:factory_name", "某某\n有限公司", "某某 有限公司"),
    ("f:factory_name", "某某\u202e司公限有", "某某司公限有"),
    ("f:address.detail", "示范路\x008号", "示范路8号"),
    ("t:E0:note", "说明\x07一", "说明一"),
    ("t:E0:note", "两行\u2028说明", "两行\n说明"),
    ("p:E6:0:name", "电缆\t产品", "电缆 产品"),
    ("p:E6:0:unit", "吨\x1f", "吨"),
    ("t:E0:2024", "1\x00234", "1234"),
]


@pytest.mark.parametrize(("cell", "typed", "stored"), CLEANED)
def test_typed_text_is_cleaned_and_the_change_is_reported(def2025, cell, typed, stored):
    p = prepare(def2025, cell, typed)
    assert p.value == stored
    line_breaks_only = re.sub("\r\n|[\r\x0b\x0c\u2028\u2029]", "\n", typed) == stored
    assert bool(p.notes) != line_breaks_only


@pytest.mark.parametrize("cell", ["f:factory_name", "f:highlights", "t:E0:note", "p:E6:0:name", "t:E0:2024"])
def test_lone_surrogate_is_never_typed_in(def2025, cell):
    with pytest.raises(CellError) as exc:
        normalize_input(def2025, cell, "abc\ud800")
    assert "U+D800" in exc.value.message


# The limits: a field's max_length from the form file, else TextLimits' defaults (written here
# from the declaration, not read back from the code under test).
LIMITS = [
    ("f:factory_name", 100), ("f:highlights", 5000), ("f:uscc", 200), ("f:contact_email", 200),
    ("f:address.detail", 200), ("t:E0:note", 3000), ("p:E6:0:name", 200), ("p:E6:0:standard", 200),
    ("p:E6:0:unit", 50),
]


@pytest.mark.parametrize(("cell", "limit"), LIMITS)
def test_every_free_text_has_a_limit_at_typing(def2025, cell, limit):
    assert normalize_input(def2025, cell, "字" * limit) == "字" * limit
    with pytest.raises(CellError) as exc:
        normalize_input(def2025, cell, "字" * (limit + 1))
    assert f"最多 {limit} 个字符" in exc.value.message and f"现有 {limit + 1} 个" in exc.value.message


def test_default_limits_are_declared_in_the_definition(def2025):
    assert def2025.text_limits == TextLimits()
    assert "text_limits" not in def2025.canonical  # defaults keep old content hashes


def test_session_reports_cleaning_and_cleans_reasons(def2025, sample2025):
    s = EditSession(def2025, sample2025)
    result = s.set("t:E0:note", "说明\x1b文字")
    assert s.get("t:E0:note") == "说明文字"
    assert result.notes and "E0" not in result.notes[0] and "U+001B" in result.notes[0]
    s.draft.state = "final"
    s.set("t:E0:note", "改", reason="原因\x00")
    assert s.draft.log[-2].reason == "原因"
    with pytest.raises(CellError):
        s.set("t:E0:note", "再改", reason="长" * 501)


def _write(tmp_path, fn, sample: str = "green-factory-2025.json") -> tuple:
    raw = json.loads((SAMPLES / sample).read_text(encoding="utf-8"))
    fn(raw)
    path = tmp_path / "d.json"
    path.write_bytes(json.dumps(raw).encode("utf-8"))
    return path, path.read_bytes()


def test_control_characters_in_a_draft_file_are_cleaned_on_open_and_named(tmp_path):
    def damage(raw):
        raw["fields"]["highlights"] = "亮点\x0b第二行\x0c\x1b"
        raw["table"]["E0"]["note"] = "说明\x00"
        raw["products"]["E6"]["items"][0]["unit"] = "吨\x07"
    path, before = _write(tmp_path, damage)
    opened = document.open_draft(path)
    assert opened.draft.fields["highlights"] == "亮点\n第二行\n"
    assert opened.draft.table["E0"].note == "说明"
    assert opened.draft.products["E6"].items[0].unit == "吨"
    text = "".join(opened.notes)
    assert "亮点工作" in text and "U+001B" in text and "U+0000" in text and "U+0007" in text
    assert path.read_bytes() == before


def test_over_long_values_in_a_draft_file_are_kept_and_block_as_errors(tmp_path):
    def damage(raw):
        raw["table"]["E0"]["note"] = "长" * 100_000
        raw["fields"]["factory_name"] = "名" * 101
        raw["products"]["E6"]["items"][0]["unit"] = "单" * 51
    path, _ = _write(tmp_path, damage)
    opened = document.open_draft(path)
    assert len(opened.draft.table["E0"].note) == 100_000  # nothing cut
    report = validate(opened.definition, opened.draft)
    lengths = {f.cell: f.message for f in report.errors if f.code == "V20"}
    assert set(lengths) == {"t:E0:note", "f:factory_name", "p:E6:0:unit"}
    assert "最多 3000 个字符，现有 100000 个" in lengths["t:E0:note"]
    assert "最多 50 个字符，现有 51 个" in lengths["p:E6:0:unit"]
    assert main(["validate", str(path)]) == 1


@pytest.mark.parametrize(("sample", "command"), [
    ("green-factory-2025.json", ["verify"]), ("green-factory-2024.json", ["rollover", "-o", "{out}.json"]),
    ("green-factory-2025.json", ["export", "--xlsx", "{out}.xlsx"]),
    ("green-factory-2025.json", ["export", "--pdf", "{out}.pdf"]),
])
def test_a_draft_that_had_control_characters_goes_through_every_command(tmp_path, sample, command):
    def damage(raw):
        raw["fields"]["highlights"] = "亮点\x0b第二行\x0c\x1b\x00"
        raw["fields"]["factory_name"] = "广东\u202e绿源"
    path, before = _write(tmp_path, damage, sample)
    out = str(tmp_path / "out")
    assert main([command[0], str(path), *(a.format(out=out) for a in command[1:])]) == 0
    assert path.read_bytes() == before


def test_text_cells_lists_every_stored_text(sample2025):
    found = {str(c) for c, _ in cells.text_cells(sample2025)}
    assert {"f:factory_name", "f:address.detail", "t:E0:unit", "p:E6:0:name", "p:E6:cunit"} <= found


_CELLS = ["f:factory_name", "f:highlights", "f:address.detail", "f:contact_email", "t:E0:note",
          "p:E6:0:name", "p:E6:0:unit", "t:E0:2024", "p:E6:0:output:2024"]
_any_text = st.text(st.characters(exclude_categories=()), max_size=40) | st.text(
    st.sampled_from("\x00\x0b\x0c\r\n\t\x1b\x85\u2028\u202e\u2066\u200b\ufeff\ud800\udfff字a1.,-"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_CELLS), _any_text)
def test_whatever_is_typed_is_refused_with_a_message_or_stored_clean(def2025, cell, typed):
    from greendesk.text import is_clean

    try:
        value = normalize_input(def2025, cell, typed)
    except CellError as exc:
        assert exc.message
        return
    if value is not None:
        multiline = cell in ("f:highlights", "t:E0:note")
        assert is_clean(value, multiline=multiline), repr(value)


def test_a_line_break_in_a_one_line_value_of_a_draft_file_becomes_a_space_and_stays_in_a_multiline_one(tmp_path):
    def damage(raw):
        raw["fields"]["factory_name"] = "绿源\n电缆厂"  # one line only
        raw["fields"]["highlights"] = "第一行\n第二行"  # 亮点工作: multi-line
        raw["products"]["E6"]["items"][0]["name"] = "电缆\n一号"
    path, _ = _write(tmp_path, damage)
    opened = document.open_draft(path)
    assert opened.draft.fields["factory_name"] == "绿源 电缆厂"
    assert opened.draft.fields["highlights"] == "第一行\n第二行"
    assert opened.draft.products["E6"].items[0].name == "电缆 一号"
    assert "换行已改为空格（此项只能填一行）" in "".join(opened.notes)


def test_control_characters_in_a_list_cell_of_a_draft_file_are_cleaned_on_open(tmp_path):
    def damage(raw):
        raw["records"]["list"][0]["name"] = "广州绿源\x07示范制药\n有限公司"
    path, _ = _write(tmp_path, damage, "cultivation-factory-2025.json")
    opened = document.open_draft(path)
    assert opened.draft.records["list"][0]["name"] == "广州绿源示范制药 有限公司"
    assert "U+0007" in "".join(opened.notes)

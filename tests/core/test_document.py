"""Reading draft files: migration of an older format, refusal of damaged or foreign files with the
file left untouched, and drafts whose definition version is gone."""

from __future__ import annotations

import json
import os

import pytest

from greendesk import document
from greendesk.document import DocumentError, open_draft


def _unchanged(path, fn):
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    with pytest.raises(DocumentError) as exc:
        fn(path)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before
    return exc.value.message


def test_sample_opens_without_notes(tmp_path):
    from tests.conftest import SAMPLES

    opened = open_draft(SAMPLES / "green-factory-2025.json")
    assert opened.notes == [] and opened.definition.id == "green-factory-2025"


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "空文件"),
    (b'{"format_version": 2, "app": "GreenDesk", "form": {"id": "green-fa', "不完整"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "二进制"),
    (b"\xff\xfe\x00a\x00b", "二进制"),
    (b"\xc3\x28 not utf8", "UTF-8"),
    (b"[1, 2, 3]", "不是 GreenDesk 草稿"),
    (b'{"format_version": 2, "app": "OtherTool"}', "不是 GreenDesk 草稿"),
    (b'{"format_version": 9, "app": "GreenDesk"}', "更新版本"),
    (b'{"format_version": "x", "app": "GreenDesk"}', "格式版本"),
])
def test_damaged_or_foreign_files_are_refused_untouched(tmp_path, content, expected):
    p = tmp_path / "bad.json"
    p.write_bytes(content)
    assert expected in _unchanged(p, open_draft)


def test_wrong_types_are_refused_untouched(tmp_path, sample2025):
    raw = json.loads(document.dumps(sample2025))
    raw["table"]["E0"]["values"]["2024"] = [1, 2]
    raw["report_year"] = "明年"
    p = tmp_path / "types.json"
    p.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert "内容不符合草稿格式" in _unchanged(p, open_draft)


def test_very_large_file_is_refused_without_reading_it_all(tmp_path):
    p = tmp_path / "huge.json"
    with p.open("wb") as fh:
        fh.write(b'{"format_version": 2, "pad": "')
        fh.seek(25 * 1024 * 1024)
        fh.write(b'"}')
    assert "MB" in _unchanged(p, open_draft)


def test_missing_file_message(tmp_path):
    with pytest.raises(DocumentError) as exc:
        open_draft(tmp_path / "nope.json")
    assert "nope.json" in exc.value.message


def test_older_format_version_is_migrated(tmp_path):
    v1 = {
        "format_version": 1, "app": "GreenDesk", "form_id": "green-factory-2025", "form_version": "2025.1",
        "year": 2025, "values": {"factory_name": "旧格式工厂", "q1": "否"},
        "rows": {"E0": {"unit": "万元", "2022": "100", "2023": "110.50", "note": "说明"},
                 "E1": {"unit": "万吨标准煤", "2024": "0.4"}},
        "created": "2025-02-01T08:00:00Z",
    }
    p = tmp_path / "v1.json"
    p.write_text(json.dumps(v1, ensure_ascii=False), encoding="utf-8")
    before = p.read_bytes()
    opened = open_draft(p)
    d = opened.draft
    assert opened.migrated_from == 1 and "升级" in opened.notes[0]
    assert d.format_version == 2 and d.fields["factory_name"] == "旧格式工厂"
    assert d.table["E0"].values == {"2022": "100", "2023": "110.50"} and d.table["E0"].note == "说明"
    assert d.table["E1"].unit == "万吨标准煤"
    assert "E4" in d.table  # rows the old draft lacked are added
    assert p.read_bytes() == before  # migration happens in memory until the user saves


def test_draft_of_an_old_definition_version_opens_with_a_report(tmp_path, sample2025):
    raw = json.loads(document.dumps(sample2025))
    raw["form"]["version"] = "2025.0-preview"
    raw["table"]["OLDROW"] = {"unit": "吨", "values": {"2024": "5"}, "note": ""}
    p = tmp_path / "old.json"
    p.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    opened = open_draft(p)
    text = "\n".join(opened.notes)
    assert "2025.0-preview" in text and "OLDROW" in text
    assert opened.draft.table["OLDROW"].values == {"2024": "5"}  # kept, not dropped


def test_draft_of_an_unknown_form_is_refused_clearly(tmp_path, sample2025):
    raw = json.loads(document.dumps(sample2025))
    raw["form"]["id"] = "green-park-2030"
    p = tmp_path / "park.json"
    p.write_text(json.dumps(raw), encoding="utf-8")
    assert "找不到表单定义" in _unchanged(p, open_draft)


def test_save_then_open_restores_every_value_and_unit(tmp_path, session2025):
    session2025.set("t:L1:unit", "亩")
    session2025.set("t:L1:2024", "180")
    p = tmp_path / "round.json"
    document.save_draft(p, session2025.draft)
    again = open_draft(p).draft
    assert again.model_dump() == session2025.draft.model_dump()

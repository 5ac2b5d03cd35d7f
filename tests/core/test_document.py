"""Reading draft files: migration of an older format, refusal of damaged or foreign files with the
file left untouched, drafts whose definition version is gone, and drafts whose form is not shipped
at all (opened with the definition embedded in the file)."""

from __future__ import annotations

import json
import os
import tomllib

import pytest

from greendesk import document, forms, storage
from greendesk.definition import FormDefinition, parse_definition
from greendesk.document import DocumentError, open_draft
from greendesk.draft import new_draft
from greendesk.session import EditSession
from tests.conftest import ROOT

embedded = pytest.mark.rule("draft-carries-definition")


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
    (b"\xff\xfe\x00a\x00b", "UTF-16"),
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


@embedded
def test_draft_of_an_unknown_form_without_embedded_definition_is_refused_clearly(tmp_path, sample2025):
    raw = json.loads(document.dumps(sample2025))
    raw["form"]["id"] = "green-park-2030"
    del raw["definition"]  # as written by GreenDesk before drafts carried their definition
    p = tmp_path / "park.json"
    p.write_text(json.dumps(raw), encoding="utf-8")
    message = _unchanged(p, open_draft)
    assert "找不到表单定义「green-park-2030」" in message and "park.json" in message
    assert "green-factory-2025" in message  # the shipped forms are listed


def test_save_then_open_restores_every_value_and_unit(tmp_path, session2025):
    session2025.set("t:L1:unit", "亩")
    session2025.set("t:L1:2024", "180")
    p = tmp_path / "round.json"
    document.save_draft(p, session2025.draft)
    again = open_draft(p).draft
    assert again.model_dump() == session2025.draft.model_dump()


# ---------------------------------------------------------------- the embedded definition


def _definition_2026() -> FormDefinition:
    """A table this GreenDesk does not ship (as if made by a newer one): next year, one more row."""
    raw = tomllib.loads((ROOT / "resources" / "forms" / "green-factory-2025.toml").read_text("utf-8"))
    raw.update(id="green-factory-2026", version="2026.1", report_year=2026, years=[2023, 2024, 2025])
    raw["table"]["rows"].append({"id": "NEW26", "kind": "parameter", "name": "新指标", "unit": "吨"})
    return parse_definition(raw)


def _write_2026_draft(path, monkeypatch) -> tuple[FormDefinition, str]:
    """Save a filled 2026 draft, then forget its definition (a fresh process of this GreenDesk)."""
    definition = _definition_2026()
    session = EditSession(definition, new_draft(definition))
    session.apply([("f:factory_name", "未来工厂"), ("t:NEW26:2025", "12.5"), ("t:E0:2023", "100")])
    document.save_draft(path, session.draft)
    monkeypatch.setattr(forms, "_known", {})
    return definition, session.draft.fingerprint()


@embedded
def test_saved_draft_embeds_its_definition_under_definition(def2025, sample2025):
    raw = json.loads(document.dumps(sample2025))
    assert raw["definition"] == def2025.model_dump(mode="json")
    assert FormDefinition.model_validate(raw["definition"]).content_hash == raw["form"]["hash"]
    assert list(raw)[-1] == "definition"  # after the data, so the file still reads from the top
    assert raw["format_version"] == 2


@embedded
def test_draft_of_a_form_not_shipped_opens_with_its_embedded_definition(tmp_path, monkeypatch):
    p = tmp_path / "2026.json"
    definition, fingerprint = _write_2026_draft(p, monkeypatch)
    before = p.read_bytes()
    opened = open_draft(p)
    assert opened.notes == [
        "该草稿使用的表单「绿色工厂动态管理表（2026年度）」（版本 2026.1）不是本程序自带的，已按草稿中保存的表单定义打开。"]
    assert opened.definition.content_hash == definition.content_hash
    assert "NEW26" in opened.definition.rows and opened.definition.years == [2023, 2024, 2025]
    assert opened.draft.table["NEW26"].values == {"2025": "12.5"}
    assert opened.draft.fingerprint() == fingerprint
    assert opened.draft.definition == definition.model_dump(mode="json")
    assert p.read_bytes() == before


@embedded
def test_definition_loaded_from_a_draft_is_embedded_again_when_saved(tmp_path, monkeypatch):
    p = tmp_path / "2026.json"
    definition, _ = _write_2026_draft(p, monkeypatch)
    opened = open_draft(p)
    EditSession(opened.definition, opened.draft).set("t:NEW26:2024", "7")
    document.save_draft(p, opened.draft)
    monkeypatch.setattr(forms, "_known", {})
    raw = json.loads(p.read_bytes())
    assert raw["definition"] == definition.model_dump(mode="json")
    again = open_draft(p)
    assert again.draft.table["NEW26"].values == {"2024": "7", "2025": "12.5"}


@embedded
def test_recovery_path_loads_then_attaches_an_embedded_definition(tmp_path, monkeypatch):
    """The window recovers autosave snapshots and backups with loads() + attach_definition()."""
    definition = _definition_2026()
    draft = new_draft(definition)
    draft.fields["factory_name"] = "快照工厂"
    store = storage.SnapshotStore(tmp_path / "autosave")
    written = document.dumps(draft)
    snap = store.write("k", written)
    monkeypatch.setattr(forms, "_known", {})
    loaded = document.loads(store.read(snap))
    assert loaded.definition == definition.model_dump(mode="json")
    assert document.dumps(loaded) == written  # not attached yet: the copy read is written back
    found, notes = document.attach_definition(loaded)
    assert found.content_hash == definition.content_hash and "不是本程序自带的" in notes[0]
    assert loaded.fields["factory_name"] == "快照工厂"


@embedded
def test_altered_embedded_definition_is_refused_untouched(tmp_path, monkeypatch):
    p = tmp_path / "2026.json"
    _write_2026_draft(p, monkeypatch)
    raw = json.loads(p.read_bytes())
    raw["definition"]["table"]["rows"][1]["max"] = "1"  # still valid, no longer what was signed
    p.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    message = _unchanged(p, open_draft)
    assert "2026.json" in message and "被修改过" in message


@embedded
@pytest.mark.parametrize("mutate", [
    lambda d: d["table"]["rows"][1].update(kind="bogus"),
    lambda d: d.pop("parts"),
    lambda d: d["rules"][0].update(left="E1 +* 2"),
    lambda d: d["table"]["rows"][1].update(formula="+".join(["E1"] * 5000)),  # nested too deep
])
def test_invalid_embedded_definition_is_refused_naming_the_file(tmp_path, monkeypatch, mutate):
    p = tmp_path / "2026.json"
    _write_2026_draft(p, monkeypatch)
    raw = json.loads(p.read_bytes())
    mutate(raw["definition"])
    p.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    message = _unchanged(p, open_draft)
    assert "文件「2026.json」中保存的表单定义「green-factory-2026」" in message


@embedded
def test_embedded_copy_of_another_form_is_refused(tmp_path, monkeypatch, def2025):
    """The hash matches the copy, but the copy is not the form the draft names."""
    p = tmp_path / "2026.json"
    _write_2026_draft(p, monkeypatch)
    raw = json.loads(p.read_bytes())
    raw["definition"] = def2025.model_dump(mode="json")
    raw["form"]["hash"] = def2025.content_hash
    p.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert "被修改过" in _unchanged(p, open_draft)


@embedded
def test_shipped_form_is_used_before_the_embedded_copy(tmp_path, sample2025, def2025):
    raw = json.loads(document.dumps(sample2025))
    raw["definition"]["title"] = "别的标题"  # ignored: green-factory-2025 is shipped
    p = tmp_path / "2025.json"
    p.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    opened = open_draft(p)
    assert opened.definition.content_hash == def2025.content_hash and opened.notes == []
    document.save_draft(p, opened.draft)
    assert json.loads(p.read_bytes())["definition"] == def2025.model_dump(mode="json")


@embedded
def test_draft_without_embedded_definition_still_opens_and_gains_it_on_save(tmp_path, sample2025, def2025):
    raw = json.loads(document.dumps(sample2025))
    del raw["definition"]
    p = tmp_path / "old.json"
    p.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    opened = open_draft(p)
    assert opened.notes == [] and opened.migrated_from is None
    document.save_draft(p, opened.draft)
    assert json.loads(p.read_bytes())["definition"] == def2025.model_dump(mode="json")


def test_aligning_without_notes_makes_the_same_changes(def2025, sample2025):
    from greendesk.document import align_to_definition
    from greendesk.draft import RowEntry

    def older():
        d = sample2025.model_copy(deep=True)
        del d.table["E4"], d.products["E6"]
        d.table["OLD1"] = RowEntry(values={"2024": "1"})
        d.form.version = "0.9"
        return d

    told, quiet = older(), older()
    notes = align_to_definition(told, def2025)
    assert any("新增行" in n for n in notes) and any("OLD1" in n for n in notes)
    assert align_to_definition(quiet, def2025, report=False) == []
    assert quiet.model_dump() == told.model_dump()
    assert quiet.table["E4"].unit == def2025.rows["E4"].unit and len(quiet.products["E6"].items) > 0

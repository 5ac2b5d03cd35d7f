"""The forms registry: a draft's form found by id (and exact version) parsing only its own file,
a scan for files not named after their id, a clear Chinese error for an unknown id, and lookups by
content hash for the definition a saved draft embeds."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest

from greendesk import forms
from greendesk.definition import DefinitionError, parse_definition
from tests.conftest import ROOT

SHIPPED = ROOT / "resources" / "forms"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A forms folder of our own holding copies of the shipped files; records every file parsed.

    `forms._load` is cached per path: a fresh tmp_path per test means nothing parsed before counts,
    and the shipped definitions cached for the other tests stay as they are.
    """
    for src in SHIPPED.glob("*.toml"):
        shutil.copyfile(src, tmp_path / src.name)
    parsed: list[str] = []
    real = forms.load_definition_file

    def counting(path):
        parsed.append(path.name)
        return real(path)

    monkeypatch.setattr(forms, "forms_dir", lambda: tmp_path)
    monkeypatch.setattr(forms, "load_definition_file", counting)
    monkeypatch.setattr(forms, "_known", {})
    return SimpleNamespace(dir=tmp_path, parsed=parsed)


def _older_version(folder, version: str, name: str) -> None:
    """An older version of green-factory-2025 kept beside the current one."""
    text = (SHIPPED / "green-factory-2025.toml").read_text(encoding="utf-8")
    assert 'version = "2025.1"' in text
    (folder.dir / name).write_text(text.replace('version = "2025.1"', f'version = "{version}"', 1),
                               encoding="utf-8")


def test_get_parses_only_the_file_named_after_the_id(folder):
    (folder.dir / "zz-broken.toml").write_text("id = [unclosed", encoding="utf-8")  # never read
    d = forms.get("green-factory-2025")
    assert d.id == "green-factory-2025" and d.version == "2025.1"
    assert folder.parsed == ["green-factory-2025.toml"]
    forms.get("green-factory-2025")
    assert folder.parsed == ["green-factory-2025.toml"]  # parsed once (functools.cache)


def test_get_returns_the_exact_version_kept_beside_or_else_the_newest(folder):
    _older_version(folder, "2025.0", "green-factory-2025@2025.0.toml")
    _older_version(folder, "2025.9", "green-factory-2025@2025.9.toml")
    assert forms.get("green-factory-2025", "2025.0").version == "2025.0"
    assert forms.get("green-factory-2025", "2025.1").version == "2025.1"
    assert forms.get("green-factory-2025").version == "2025.9"
    assert "green-factory-2024.toml" not in folder.parsed  # another id's file is not read
    # a version no file named after the id holds: every file is looked at, then the newest is used
    assert forms.get("green-factory-2025", "2024.7-preview").version == "2025.9"
    assert "green-factory-2024.toml" in folder.parsed


def test_versions_compare_as_numbers(folder):
    _older_version(folder, "2025.10", "green-factory-2025@2025.10.toml")
    _older_version(folder, "2025.9", "green-factory-2025@2025.9.toml")
    assert forms.get("green-factory-2025").version == "2025.10"


def test_a_file_not_named_after_its_id_is_found_by_scanning_every_file(folder):
    (folder.dir / "green-factory-2025.toml").rename(folder.dir / "绿色工厂2025.toml")
    assert forms.get("green-factory-2025").id == "green-factory-2025"
    assert sorted(folder.parsed) == ["cultivation-factory-2025.toml", "cultivation-park-2025.toml",
                                     "green-factory-2024.toml", "green-park-2024.toml", "green-park-2025.toml",
                                     "green-supply-chain-2024.toml", "green-supply-chain-2025.toml",
                                     "绿色工厂2025.toml"]


def test_a_version_only_in_a_file_not_named_after_the_id_is_found_by_scanning(folder):
    _older_version(folder, "2025.0", "archive-2025.0.toml")
    assert forms.get("green-factory-2025", "2025.0").version == "2025.0"
    assert "archive-2025.0.toml" in folder.parsed


def test_unknown_id_is_a_chinese_error_listing_the_shipped_forms(folder):
    with pytest.raises(forms.UnknownFormError) as exc:
        forms.get("green-park-2031")
    assert isinstance(exc.value, DefinitionError)
    assert exc.value.message == (
        "找不到表单定义「green-park-2031」。本程序提供的表单：cultivation-factory-2025、cultivation-park-2025、"
        "green-factory-2024、green-factory-2025、"
        "green-park-2024、green-park-2025、green-supply-chain-2024、green-supply-chain-2025")


@pytest.mark.parametrize("form_id", ["green-factory-2025*", "**", "../forms/green-factory-2025",
                                     "green-factory-202?", "", "\x00"])
def test_an_id_that_is_not_an_id_is_unknown_not_a_file_pattern(folder, form_id):
    with pytest.raises(forms.UnknownFormError):
        forms.get(form_id)


def test_a_broken_file_of_the_id_is_not_an_unknown_form(folder):
    (folder.dir / "green-factory-2025.toml").write_text("id = [unclosed", encoding="utf-8")
    with pytest.raises(DefinitionError, match="green-factory-2025.toml") as exc:
        forms.get("green-factory-2025")
    assert not isinstance(exc.value, forms.UnknownFormError)


def test_available_lists_every_shipped_definition_newest_year_first(folder):
    # the lists city staff fill (培育名单, 附件3/4) after the tables units fill
    assert [d.id for d in forms.available()] == ["green-factory-2025", "green-factory-2024",
                                                 "green-park-2025", "green-park-2024",
                                                 "green-supply-chain-2025", "green-supply-chain-2024",
                                                 "cultivation-factory-2025", "cultivation-park-2025"]


@pytest.mark.rule("draft-carries-definition")
def test_find_by_id_version_and_content_hash(folder):
    d = forms.get("green-factory-2025")
    assert forms.find(d.id, d.version, d.content_hash) is d
    assert forms.find(d.id, "2025.0", d.content_hash) is None
    assert forms.find("green-factory-2024", d.version, d.content_hash) is None
    assert forms.find(d.id, d.version, "0" * 64) is None
    assert forms.find(d.id, d.version, "") is None


@pytest.mark.rule("draft-carries-definition")
def test_find_reads_the_files_named_after_the_id_when_nothing_is_registered(folder):
    d = forms.get("green-factory-2024")
    forms._known.clear()  # as if registered by another run; the parsed file stays cached
    assert forms.find("green-factory-2024", "2024.1", d.content_hash) is d
    assert folder.parsed == ["green-factory-2024.toml"]
    assert forms.find("no-such-form", "2024.1", d.content_hash) is None


@pytest.mark.rule("draft-carries-definition")
def test_a_registered_definition_is_found_but_not_offered_as_shipped(folder):
    raw = forms.get("green-factory-2025").model_dump(mode="json")
    raw.update(id="green-factory-2026", version="2026.1", report_year=2026)
    d = parse_definition(raw)
    assert forms.find(d.id, d.version, d.content_hash) is None
    assert forms.register(d) is d
    assert forms.register(parse_definition(raw)) is d  # the instance already known
    assert forms.find(d.id, d.version, d.content_hash) is d
    assert "green-factory-2026" not in {x.id for x in forms.available()}
    with pytest.raises(forms.UnknownFormError):
        forms.get("green-factory-2026")

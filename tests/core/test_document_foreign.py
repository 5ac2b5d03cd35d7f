"""A JSON file of another program is refused by name, whichever way it is read (opening, or the
review's faster parser via `from_dict`); saving embeds the definition the draft was made with."""

from __future__ import annotations

import json

import pytest

from greendesk import document
from greendesk.document import DocumentError


def _raw(sample2025) -> dict:
    return json.loads(document.dumps(sample2025))


@pytest.mark.parametrize("app", ["WPS表格", "greendesk", ""])
def test_another_programs_file_is_refused(sample2025, app):
    raw = _raw(sample2025)
    raw["app"] = app
    data = json.dumps(raw, ensure_ascii=False).encode("utf-8")
    with pytest.raises(DocumentError) as caught:
        document.read(data, "「x.json」")
    assert caught.value.message == "「x.json」不是 GreenDesk 草稿文件。"
    with pytest.raises(DocumentError) as caught:
        document.from_dict(raw, "「x.json」")
    assert caught.value.message == "「x.json」不是 GreenDesk 草稿文件。"


def test_a_file_of_this_program_without_a_format_version_is_refused(sample2025):
    raw = _raw(sample2025)
    del raw["format_version"]
    with pytest.raises(DocumentError, match="不是 GreenDesk 草稿文件"):
        document.read(json.dumps(raw, ensure_ascii=False).encode("utf-8"), "「x.json」")
    with pytest.raises(DocumentError, match="不是 GreenDesk 草稿文件"):
        document.from_dict(raw, "「x.json」")


def test_the_app_key_may_be_missing_in_an_older_file(sample2025):
    raw = _raw(sample2025)
    del raw["app"]
    assert document.from_dict(raw).fields == sample2025.fields


def test_saving_embeds_the_definition_the_draft_names(def2025, sample2025):
    bare = sample2025.model_copy(update={"definition": None})
    written = json.loads(document.dumps(bare))
    assert written["definition"] == json.loads(json.dumps(def2025.canonical))
    assert written["form"]["id"] == "green-factory-2025"

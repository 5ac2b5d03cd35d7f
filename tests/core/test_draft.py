"""The draft document: exact numbers, fingerprint stable across save/load and key order."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from greendesk import document
from greendesk.draft import Draft, new_draft, short_fingerprint
from tests.conftest import SAMPLES


def test_new_draft_records_definition_identity_and_default_units(def2025):
    d = new_draft(def2025)
    assert d.form.id == "green-factory-2025" and d.form.hash == def2025.content_hash
    assert d.table["E1"].unit == "吨标准煤" and d.report_year == 2025
    assert len(d.products["E6"].items) == 3


def test_fingerprint_stable_across_save_load_and_key_order(sample2025):
    fp = sample2025.fingerprint()
    again = document.loads(document.dumps(sample2025))
    assert again.fingerprint() == fp
    raw = json.loads(document.dumps(sample2025))
    shuffled = json.dumps(dict(reversed(list(raw.items()))), ensure_ascii=False).encode()
    assert document.loads(shuffled).fingerprint() == fp


def test_fingerprint_ignores_history_but_not_content(sample2025):
    fp = sample2025.fingerprint()
    sample2025.log.clear()
    sample2025.state = "final"
    assert sample2025.fingerprint() == fp
    sample2025.table["E0"].values["2024"] = "98760.0"  # same number, different digits typed
    assert sample2025.fingerprint() != fp


def test_short_fingerprint_format():
    assert short_fingerprint("a1b2c3d4e5f6" + "0" * 52) == "A1B2-C3D4-E5F6"


def test_numbers_must_be_canonical_decimals(def2025):
    raw = json.loads(document.dumps(new_draft(def2025)))
    raw["table"]["E0"]["values"] = {"2024": "1e5"}
    with pytest.raises(ValidationError):
        Draft.model_validate(raw)


@pytest.mark.rule("draft-carries-definition")
def test_fingerprint_ignores_the_embedded_definition(sample2025, def2025):
    """The fingerprint printed on the PDF is the same with or without the embedded copy."""
    fp = sample2025.fingerprint()
    data = document.dumps(sample2025)
    loaded = document.loads(data)
    assert loaded.definition == def2025.model_dump(mode="json")  # read, not attached yet
    assert loaded.fingerprint() == fp and "definition" not in loaded.content()
    raw = json.loads(data)
    del raw["definition"]
    bare = document.loads(json.dumps(raw, ensure_ascii=False).encode())
    assert bare.definition is None and bare.fingerprint() == fp


@pytest.mark.rule("draft-carries-definition")
@pytest.mark.parametrize("name", ["green-factory-2024", "green-factory-2025"])
def test_shipped_samples_carry_their_definition_and_keep_their_fingerprint(name):
    from greendesk import forms

    raw = json.loads((SAMPLES / f"{name}.json").read_bytes())
    definition = forms.get(name)
    assert raw["form"]["hash"] == definition.content_hash
    assert raw["definition"] == definition.model_dump(mode="json")
    with_copy = Draft.model_validate(raw).fingerprint()
    del raw["definition"]
    assert Draft.model_validate(raw).fingerprint() == with_copy


def test_draft_model_still_refuses_unknown_keys(sample2025):
    raw = json.loads(document.dumps(sample2025))
    Draft.model_validate(raw)
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Draft.model_validate({**raw, "definitions": {}})
    with pytest.raises(ValidationError):
        Draft.model_validate({**raw, "definition": "绿色工厂"})  # an object or null, nothing else

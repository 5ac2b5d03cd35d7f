"""Roles: code finds the unit's name, code and main industry through the definition, never by field id."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from greendesk.definition import DefinitionError, parse_definition
from greendesk.draft import new_draft
from greendesk.rollover import RolloverError, check_same_kind
from greendesk.rules import validate

FORMS = Path(__file__).resolve().parents[2] / "resources" / "forms"


def _raw(name: str = "green-factory-2025") -> dict:
    return tomllib.loads((FORMS / f"{name}.toml").read_text(encoding="utf-8"))


def test_factory_declares_its_roles_and_words(def2025):
    assert (def2025.role.name, def2025.role.code, def2025.role.industry) == ("factory_name", "uscc", "industry1")
    assert def2025.role.unit_noun == "工厂"
    assert def2025.name_label == "工厂名称" and def2025.code_label == "统一社会信用代码"
    assert def2025.unit_name({"factory_name": "甲厂"}) == "甲厂"


def test_roles_are_inferred_for_a_definition_saved_without_them():
    raw = _raw()
    del raw["roles"]
    d = parse_definition(raw)
    # the first text field of the part with the credit code, the code field, the first industry field
    assert (d.role.name, d.role.code, d.role.industry) == ("factory_name", "uscc", "industry1")
    assert d.role.unit_noun == "单位"


def test_a_role_naming_a_missing_field_is_refused():
    raw = _raw()
    raw["roles"]["name"] = "park_name"
    with pytest.raises(DefinitionError, match="roles.name 引用了不存在的字段「park_name」"):
        parse_definition(raw)


def test_division_rules_read_the_industry_role(def2025, sample2025):
    """V17 min_by_division follows the field the roles name, whatever its id."""
    raw = _raw()
    for part in raw["parts"]:
        for f in part.get("fields", []):
            if f["id"] == "industry1":
                f["id"] = "main_industry"
    raw["roles"]["industry"] = "main_industry"
    d = parse_definition(raw)
    draft = new_draft(d)
    draft.fields["main_industry"] = "3831"  # C38: 容积率 ≥ 0.7
    draft.table["L1"].values["2024"] = "10000"
    draft.table["L2"].values["2024"] = "5000"  # 容积率 0.5
    found = [f for f in validate(d, draft).findings if f.code == "V17" and f.cell == "t:L5:2024"]
    assert any("C38" in f.message and "0.7" in f.message for f in found)


def test_rollover_refuses_another_kind(def2024):
    raw = _raw()
    raw["kind"] = "green-park"
    raw["id"] = "green-park-2025"
    park = parse_definition(raw)
    with pytest.raises(RolloverError) as exc:
        check_same_kind(def2024, park)
    assert "绿色工厂动态管理表（2024年度）" in exc.value.message and "不是同一类表单" in exc.value.message


def test_a_definition_without_the_new_keys_writes_none_of_them():
    """Roles, quantity units and credit-code prefixes are written only when declared: a definition
    embedded in an older draft keeps its content hash (the draft's `form.hash` still matches)."""
    raw = _raw()
    del raw["roles"]
    canon = parse_definition(raw).canonical
    assert "roles" not in canon
    fields = [f for p in canon["parts"] for f in p["fields"]]
    assert not any({"unit_options", "min", "uscc_prefixes"} & set(f) for f in fields)
    assert parse_definition(canon).content_hash == parse_definition(raw).content_hash

"""What is derived once per definition (`definition_plan`) belongs to that very definition object."""

from __future__ import annotations

from greendesk.definition_plan import plan_of
from greendesk.forms import available


def _factory_2025():
    return next(d for d in available() if d.id == "green-factory-2025")


def test_one_plan_per_definition_object(def2025):
    assert plan_of(def2025) is plan_of(def2025)
    copy = def2025.model_copy(deep=True)
    assert plan_of(copy) is not plan_of(def2025)
    assert plan_of(copy).definition is copy


def test_plan_lists_years_and_rows_as_the_definition_has_them():
    plan = plan_of(_factory_2025())
    assert plan.years == [(2022, "2022"), (2023, "2023"), (2024, "2024")]
    assert plan.year_pairs == [(2022, 2023), (2023, 2024)]
    indicators = dict(plan.indicators)
    assert indicators["E4"].text == "E1 / E0"  # 单位产值综合能耗 = 综合能耗 / 工业总产值
    assert ("E0", "万元") in plan.parameters


def test_memo_is_kept_per_owner_object():
    plan = plan_of(_factory_2025())
    a, b = object(), object()
    calls: list[str] = []
    assert plan.memo("x", a, lambda _owner: calls.append("a") or 1) == 1
    assert plan.memo("x", a, lambda _owner: calls.append("a2") or 2) == 1
    assert plan.memo("x", b, lambda _owner: calls.append("b") or 3) == 3
    assert plan.memo("y", a, lambda _owner: calls.append("y") or 4) == 4
    assert calls == ["a", "b", "y"]


def test_every_field_type_but_plain_text_is_checked_when_filled():
    # a field type added to the definition schema must be given its checks (rules._Validator._value)
    # or be declared plain text here: a filled value of a type missing from both would go unchecked
    from typing import get_args

    from greendesk.definition import FieldType
    from greendesk.definition_plan import _VALUE_CHECKED

    assert set(get_args(FieldType)) - set(_VALUE_CHECKED) == {"text", "multiline", "region"}
    checks = {c for _part, _f, _fid, _cell, c in plan_of(_factory_2025()).field_checks}
    assert checks == {"", "value", "region"}

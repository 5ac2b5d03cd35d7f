"""The draft loader's edges that the common cases do not reach: another program's file that carries
a format number, a repeated key that is not the first, format-1 drafts without their form or notes,
long ids and units echoed short, rows and product groups a draft lacks, and the exact version of a
shipped form. Messages written literally from the loader's wording (the user reads them)."""

from __future__ import annotations

import json
import shutil

import pytest

from greendesk import document, forms
from greendesk.document import DocumentError, align_to_definition, attach_definition
from greendesk.draft import ProductGroup, RowEntry
from tests.conftest import SAMPLES

NAME = "文件「x.json」"


def _sample() -> dict:
    raw = json.loads((SAMPLES / "green-factory-2025.json").read_text(encoding="utf-8"))
    raw.pop("definition")
    return raw


def _message(data: bytes, name: str = NAME) -> str:
    with pytest.raises(DocumentError) as exc:
        document.loads(data, name)
    return exc.value.message


def test_another_programs_json_with_a_format_number_is_not_a_draft():
    raw = _sample()
    raw["app"] = "WPS 表格"
    assert _message(json.dumps(raw, ensure_ascii=False).encode()) == f"{NAME}不是 GreenDesk 草稿文件。"


def test_the_name_given_is_the_name_said():
    assert _message(b"[]", "文件「名单.json」") == "文件「名单.json」不是 GreenDesk 草稿文件。"


def test_a_repeated_key_is_named_even_when_it_is_not_the_first():
    said = _message(b'{"format_version": 2, "app": "GreenDesk", "app": "GreenDesk"}')
    assert "同一处有两个「app」项（重复的键），无法确定以哪个为准" in said


# ---- format 1 (preview builds)

def _v1(**extra) -> dict:
    return {"format_version": 1, "app": "GreenDesk", "form_id": "green-factory-2025", "form_version": "2025.1",
            "year": 2025, "values": {"factory_name": "旧格式工厂"},
            "rows": {"E0": {"unit": "万元", "2022": "100"}}, **extra}


def test_a_format_1_row_without_a_note_has_an_empty_note():
    draft = document.from_dict(_v1(), NAME)
    assert draft.table["E0"].note == "" and draft.table["E0"].unit == "万元"


def test_a_format_1_draft_without_its_form_keeps_an_empty_form_reference():
    raw = _v1()
    del raw["form_id"], raw["form_version"]
    draft = document.from_dict(raw, NAME)
    assert (draft.form.id, draft.form.version, draft.form.hash) == ("", "", "")


def test_a_format_1_value_of_the_wrong_kind_names_its_place_echoed_short():
    rid = "E" * 70
    raw = _v1(rows={rid: {"2022": [1]}})
    where = f"rows.{rid}.2022"  # 80 characters: 59 shown, then …
    assert _message(json.dumps(raw).encode()) == (
        f"{NAME}（格式版本 1）的结构不对，无法升级：「{where[:59]}…」应为文字或数字。文件未被修改。")


def test_a_model_error_deep_in_a_long_key_names_the_path_echoed_short():
    raw = _sample()
    key = "k" * 70
    raw["fields"][key] = 5
    said = _message(json.dumps(raw, ensure_ascii=False).encode())
    path = f"fields.{key}"
    assert said.startswith(f"{NAME}内容不符合草稿格式：「{path[:59]}…（字段）」")


# ---- the draft aligned to its definition

def test_rows_and_product_groups_a_draft_lacks_are_added_and_filled_ones_kept(def2025):
    opened = document.open_draft(SAMPLES / "green-factory-2025.json")
    draft = opened.draft
    kept = draft.products["E6"].model_copy(deep=True)
    assert kept.items[0].name  # the sample's first product
    del draft.table["E2"]  # a numeric row
    align_to_definition(draft, def2025)
    assert draft.table["E2"] == RowEntry(unit=def2025.rows["E2"].unit)
    assert draft.products["E6"] == kept  # a product group the draft has is never replaced
    del draft.table["E6"], draft.products["E6"]
    align_to_definition(draft, def2025)
    spec = def2025.rows["E6"].products
    assert draft.table["E6"] == RowEntry(unit=def2025.rows["E6"].unit or None)
    assert draft.products["E6"] == ProductGroup(consumption_unit=spec.consumption_unit,
                                                items=[type(kept.items[0])() for _ in range(spec.max_items)])


def test_a_qualitative_row_a_draft_lacks_is_added_empty():
    d = forms.get("green-supply-chain-2025")
    draft = document.open_draft(SAMPLES / "green-supply-chain-2025.json").draft
    del draft.table["X11"]
    align_to_definition(draft, d)
    assert draft.table["X11"] == RowEntry()


def test_a_long_row_id_and_unit_are_echoed_short_in_the_notes(def2025):
    draft = document.open_draft(SAMPLES / "green-factory-2025.json").draft
    rid = "R" * 41  # one over the 40 characters shown
    draft.table[rid] = RowEntry(values={"2024": "1"})
    unit = "吨" * 41
    draft.table["E0"].unit = unit
    notes = align_to_definition(draft, def2025)
    assert f"草稿中的行「{'R' * 39}…」在当前表单中不存在，其数值已保留但不显示。" in notes
    assert f"行「{def2025.rows['E0'].name}」的单位「{'吨' * 39}…」不在当前可选单位中，请重新选择。" in notes


# ---- which definition a draft opens with

def test_the_exact_shipped_version_is_taken_and_a_gone_one_is_said(tmp_path, monkeypatch):
    folder = tmp_path / "forms"
    folder.mkdir()
    src = forms.forms_dir() / "green-factory-2025.toml"
    shutil.copy(src, folder / "green-factory-2025.toml")
    older = src.read_text(encoding="utf-8").replace('version = "2025.1"', 'version = "2025.0"', 1)
    (folder / "green-factory-2025@2025.0.toml").write_text(older, encoding="utf-8")
    monkeypatch.setattr(forms, "forms_dir", lambda: folder)
    draft = document.from_dict(_sample(), NAME)
    draft.form.version, draft.form.hash = "2025.0", ""
    definition, notes = attach_definition(draft, NAME)
    assert definition.version == "2025.0"
    assert not [n for n in notes if "已不再提供" in n]
    draft = document.from_dict(_sample(), NAME)
    draft.form.version, draft.form.hash = "2024." + "9" * 40, ""  # 45 characters, not shipped
    definition, notes = attach_definition(draft, NAME)
    assert definition.version == "2025.1"
    assert f"草稿使用的表单版本 2024.{'9' * 34}… 已不再提供，已按当前版本 2025.1 打开。" in notes


def test_a_broken_shipped_definition_is_named_with_the_file(monkeypatch):
    from greendesk.definition import DefinitionError

    def broken(*_args, **_kwargs):
        raise DefinitionError("表单定义文件 green-factory-2025.toml 第 3 行：缺少“title”。")

    monkeypatch.setattr(forms, "get", broken)
    draft = document.from_dict(_sample(), NAME)
    with pytest.raises(DocumentError) as exc:
        attach_definition(draft, NAME)
    assert exc.value.message == f"无法打开{NAME}：表单定义文件 green-factory-2025.toml 第 3 行：缺少“title”。"


def test_unknown_fields_are_counted_and_a_long_key_echoed_short(def2025):
    draft = document.open_draft(SAMPLES / "green-factory-2025.json").draft
    draft.fields["f" * 41] = "旧字段"
    notes = align_to_definition(draft, def2025)
    assert f"草稿中有 1 个字段在当前表单中不存在（{'f' * 39}…），已保留。" in notes


def test_the_migration_note_comes_first(tmp_path):
    raw = _v1()
    raw["values"]["old_field"] = "旧字段"  # a second note, after the migration's
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    opened = document.open_draft(path)
    assert opened.notes[0] == "草稿格式已从版本 1 升级到版本 2（保存后生效）。"
    assert "草稿中有 1 个字段在当前表单中不存在（old_field），已保留。" in opened.notes[1:]


def test_an_embedded_definition_changed_outside_greendesk_is_refused_with_the_way_out(tmp_path):
    """A form GreenDesk does not ship opens with the definition the draft carries, once its hash
    matches the one the draft recorded; a definition edited by hand does not."""
    raw = json.loads((SAMPLES / "green-factory-2025.json").read_text(encoding="utf-8"))
    raw["form"]["id"] = raw["definition"]["id"] = "my-own-form"
    raw["definition"]["title"] += "（改）"  # its hash no longer matches
    with pytest.raises(DocumentError) as exc:
        attach_definition(document.from_dict(raw, NAME), NAME)
    assert exc.value.message == (f"{NAME}中保存的表单定义「my-own-form」与草稿记录的不一致（校验值不符），"
                                 "文件在 GreenDesk 之外被修改过，无法打开。请从备份或自动保存中恢复。")


def test_a_report_year_that_is_not_the_forms_is_refused(tmp_path):
    """QA: the 2025 sample with "report_year": 2024 opened, printed 2025年度 on paper, and was
    reviewed as a 2024 table (hiding a duplicate credit code)."""
    raw = json.loads((SAMPLES / "green-factory-2025.json").read_text(encoding="utf-8"))
    raw["report_year"] = 2024
    path = tmp_path / "b.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    said = ("文件「b.json」的填报年度（2024）与表单「绿色工厂动态管理表」的年度（2025年度）不一致，"
            "文件在 GreenDesk 之外被修改过，无法打开。请从备份或自动保存中恢复。")
    with pytest.raises(DocumentError) as exc:
        document.open_draft(path)
    assert exc.value.message == said

    from greendesk.review.runner import review_files

    good = tmp_path / "a.json"
    shutil.copy(SAMPLES / "green-factory-2025.json", good)
    for order in ([path], [good, path]):  # reviewed first, and after a draft of the same form
        last = list(review_files(order, workers=1, use_cache=False))[-1]
        assert (last.readable, last.reason) == (False, said)


def test_list_rows_and_columns_the_form_lacks_are_named_not_dropped():
    """QA: a 培育名单 row with a "phone" column, a list part the form does not have, and a list in a
    unit's table were kept but shown nowhere, and nothing said so."""
    from greendesk.draft import new_draft

    d = forms.get("cultivation-factory-2025")
    draft = new_draft(d)
    draft.records = {"list": [{"name": "甲", "phone": "123"}, {"name": "乙", "phone": "456"}, {"name": "丙"}],
                     "other": [{"x": "1"}, {"x": ""}]}
    notes = align_to_definition(draft, d)
    assert "绿色制造培育名单（工厂、供应链）中有 2 行含当前表单没有的列「phone」，已保留但不显示。" in notes
    assert "草稿中的名单「other」在当前表单中不存在，其 1 行已保留但不显示。" in notes
    assert draft.records["list"][0]["phone"] == "123"  # kept
    table = document.from_dict(_sample(), NAME)
    table.records = {"list": [{"name": "甲"}]}
    assert "草稿中的名单「list」在当前表单中不存在，其 1 行已保留但不显示。" in align_to_definition(
        table, forms.get("green-factory-2025"))


@pytest.mark.parametrize(("value", "shown"), [(True, "true"), (None, "null"), ("2", "2"), (0, "0")])
def test_a_format_version_that_is_not_a_number_is_echoed_as_the_file_spells_it(value, shown):
    raw = _sample()
    raw["format_version"] = value
    assert _message(json.dumps(raw, ensure_ascii=False).encode()) == f"{NAME}的格式版本「{shown}」无效。"


def test_every_row_of_the_table_is_looked_at_after_a_row_the_form_lacks(def2025):
    draft = document.open_draft(SAMPLES / "green-factory-2025.json").draft
    draft.table = {"OLD1": RowEntry(values={"2024": "1"}), **draft.table}  # first, as an old file has it
    draft.table["E0"].unit = "元"
    draft.table["E1"].values["2019"] = "5"
    notes = align_to_definition(draft, def2025)
    assert notes == [
        "草稿中的行「OLD1」在当前表单中不存在，其数值已保留但不显示。",
        f"行「{def2025.rows['E0'].name}」的单位「元」不在当前可选单位中，请重新选择。",
        "行「E1」中 2019 年的数值不属于本表年度，已保留但不显示。",
    ]


def test_a_note_on_lists_comes_after_the_tables_notes_not_instead(def2025):
    table = document.from_dict(_sample(), NAME)
    table.table["OLD1"] = RowEntry(values={"2024": "1"})
    table.records = {"list": [{"name": "甲"}]}
    assert align_to_definition(table, def2025) == [
        "草稿中的行「OLD1」在当前表单中不存在，其数值已保留但不显示。",
        "草稿中的名单「list」在当前表单中不存在，其 1 行已保留但不显示。",
    ]


def test_without_report_the_same_changes_are_made_and_no_note_worked_out(def2025):
    # 批量审核 aligns every file it reads with report=False: nothing to say, rows still added
    table = document.from_dict(_sample(), NAME)
    table.table["OLD1"] = RowEntry(values={"2024": "1"})
    table.records = {"list": [{"name": "甲"}]}
    table.fields["old_field"] = "旧字段"
    del table.table["E2"]
    assert align_to_definition(table, def2025, report=False) == []
    assert table.table["E2"] == RowEntry(unit=def2025.rows["E2"].unit)
    assert table.form.hash == def2025.content_hash


def test_a_unit_the_row_offers_besides_its_default_needs_no_note(def2025):
    draft = document.open_draft(SAMPLES / "green-factory-2025.json").draft
    draft.table["E1"].unit = "万吨标准煤"  # offered by 综合能源消费量合计 besides 吨标准煤
    draft.table["E0"].unit = "元"  # not offered (万元 only)
    assert align_to_definition(draft, def2025) == [
        f"行「{def2025.rows['E0'].name}」的单位「元」不在当前可选单位中，请重新选择。"]

"""The form definition is data: loading, validation with named errors, lookups, both shipped years."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest

from greendesk import forms
from greendesk.definition import DefinitionError, load_definition_file, parse_definition

FORMS = Path(__file__).resolve().parents[2] / "resources" / "forms"
SHARED_ROWS = Path(__file__).resolve().parents[3] / "shared" / "spec" / "green-factory-part3-rows.csv"


def _raw(name: str = "green-factory-2025") -> dict:
    return tomllib.loads((FORMS / f"{name}.toml").read_text(encoding="utf-8"))


def test_both_years_ship_and_differ_only_in_years_and_wording(def2025, def2024):
    assert def2025.years == [2022, 2023, 2024]
    assert def2024.years == [2021, 2022, 2023]
    assert [r.id for r in def2025.table.rows] == [r.id for r in def2024.table.rows]
    assert "2024年至今" in def2025.fields["q2"].label
    assert "2023年至今" in def2024.fields["q2"].label
    assert def2025.content_hash != def2024.content_hash


def test_parts_follow_the_manual(def2025):
    assert [p.title for p in def2025.parts] == [
        "主营行业", "一、基本信息", "二、合规性信息", "三、持续改进情况", "四、亮点工作", "五、意见和建议"]
    labels = [f.label for f in def2025.parts[1].fields]
    assert labels == ["工厂名称", "统一社会信用代码", "工厂地址", "工厂所属行业", "工厂所属行业（其它请填写）",
                      "工厂主要产品", "填报信息联系人", "联系人电话", "电子邮件地址", "联系人手机号"]
    assert def2025.fields["industry_type"].options == [
        "钢铁", "建材", "石化", "有色", "电子电器", "机械", "轻工", "纺织", "其它"]
    assert def2025.fields["industry1"].required and not def2025.fields["industry2"].required
    part2 = [f.id for f in def2025.parts[2].fields]
    assert part2 == ["q1", "q2", "q3", "q4", "q5", "q6", "explanation", "q7", "former_name"]
    assert all(def2025.fields[q].help for q in ("q1", "q2", "q3", "q4", "q5", "q6", "q7"))


def test_manual_texts_are_reproduced_word_for_word(def2025):
    assert def2025.pledge == "本企业承诺，已对本表内容进行了全面审核，信息真实有效，若存在弄虚作假，愿承担相应责任。"
    assert def2025.rows["E0"].fill_note == (
        "请使用报统计局B204-1《工业产销总值及主要产品产量表》中数据。注意B204-1表中单位为千元。")
    assert def2025.rows["E2"].fill_note.startswith("该指标等于综合能源消费量减去原料用能量。")
    assert def2025.table.columns[:3] == ["指标名称", "指标涉及的参数", "单位"]


def test_every_catalogue_row_of_the_spec_is_in_the_table(def2025):
    """Each row id of shared/spec/green-factory-part3-rows.csv exists (pollutant pairs split in two)."""
    if not SHARED_ROWS.exists():
        pytest.skip("../shared is not beside this checkout")
    ids = set(def2025.rows)
    for rec in csv.DictReader(SHARED_ROWS.open(encoding="utf-8")):
        rid = rec["row_id"]
        if rid.startswith("P") and rid not in ("P7", "P8"):
            assert {f"{rid}G", f"{rid}E"} <= ids, rid
        elif rid == "P7":
            assert {f"P{i}I" for i in range(1, 7)} <= ids
        elif rid == "S5":
            assert {"S5", "S6"} <= ids
        else:
            assert rid in ids, rid


def test_rows_carry_provenance_units_and_formulas(def2025):
    e1 = def2025.rows["E1"]
    assert e1.provenance == "seen" and e1.units == ["吨标准煤", "万吨标准煤"]
    assert def2025.rows["E4"].formula == "E1 / E0"
    assert def2025.rows["E6"].products.max_items == 3
    assert {r.provenance for r in def2025.table.rows} <= {"seen", "reconstructed", "guessed"}
    order = [r.id for r in def2025.indicator_order]
    assert set(order) == {r.id for r in def2025.indicator_rows}


def test_definition_hash_is_independent_of_formatting(tmp_path):
    text = (FORMS / "green-factory-2025.toml").read_text(encoding="utf-8")
    reformatted = tmp_path / "x.toml"
    reformatted.write_text("# another comment\n\n" + text.replace(" = ", "=  "), encoding="utf-8")
    assert load_definition_file(reformatted).content_hash == forms.get("green-factory-2025").content_hash


@pytest.mark.parametrize(("mutate", "expected"), [
    (lambda d: d["table"]["rows"][2].update(formula="E1 /"), None),
    (lambda d: d["table"]["rows"].append({"id": "X1", "kind": "indicator", "name": "坏", "unit": "%",
                                          "formula": "E0 / NOPE"}), "NOPE"),
    (lambda d: d["table"]["rows"][2].update(unit="吨", unit_options=["万元"]), "E0"),
    (lambda d: d["parts"][1]["fields"][0].update(type="colour"), "factory_name"),
    (lambda d: d["rules"].append({"code": "V99", "kind": "le", "severity": "error", "left": "E0",
                                  "right": "ZZ"}), "ZZ"),
    (lambda d: d["parts"][2]["fields"][6]["required_when"].append({"field": "q9", "equals": "是"}), "q9"),
])
def test_broken_definition_names_the_offending_entry(mutate, expected):
    data = _raw()
    mutate(data)
    with pytest.raises(DefinitionError) as exc:
        parse_definition(data)
    assert exc.value.message.startswith("表单定义文件")
    if expected:
        assert expected in exc.value.message


@pytest.mark.parametrize(("mutate", "expected"), [
    (lambda d: d.update(report_year=True), "report_year：应为整数，现为「true」"),
    (lambda d: d.update(years=[2024, True]), "years[2]：应为整数，现为「true」"),  # the 2nd, counted from 1
    (lambda d: d["table"]["rows"][2].update(decimals=False), ".decimals：应为整数，现为「false」"),
    (lambda d: d.update(text_limits={"text": True}), "text_limits.text：应为整数，现为「true」"),
])
def test_a_boolean_is_no_count_or_year_of_a_definition(mutate, expected):
    """A definition embedded in a draft is JSON: true there is not the number 1."""
    data = _raw()
    mutate(data)
    with pytest.raises(DefinitionError) as exc:
        parse_definition(data)
    assert expected in exc.value.message


def test_a_boolean_is_no_row_limit_of_a_list():
    data = _raw("cultivation-park-2025")
    data["parts"][0]["records"]["max_rows"] = True
    data["parts"][0]["records"]["columns"][0]["width"] = True
    with pytest.raises(DefinitionError) as exc:
        parse_definition(data)
    assert ".records.max_rows：应为整数，现为「true」" in exc.value.message
    assert "width：应为整数，现为「true」" in exc.value.message


def test_cyclic_formulas_are_refused():
    data = _raw()
    data["table"]["rows"].append({"id": "X1", "kind": "indicator", "name": "甲", "unit": "%", "formula": "X2"})
    data["table"]["rows"].append({"id": "X2", "kind": "indicator", "name": "乙", "unit": "%", "formula": "X1 * 2"})
    with pytest.raises(DefinitionError, match="循环引用"):
        parse_definition(data)


def test_unreadable_definition_file_gives_chinese_message(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("id = [unclosed", encoding="utf-8")
    with pytest.raises(DefinitionError, match="不是有效的 TOML"):
        load_definition_file(bad)


def test_unknown_form_id_is_a_clear_error():
    with pytest.raises(DefinitionError, match="找不到表单定义"):
        forms.get("green-park-2031")


def test_missing_definition_file_is_named_in_chinese(tmp_path):
    with pytest.raises(DefinitionError) as exc:
        load_definition_file(tmp_path / "gone.toml")
    assert exc.value.message == (f"无法读取表单定义文件 gone.toml：找不到文件「gone.toml」（文件夹 {tmp_path}）")

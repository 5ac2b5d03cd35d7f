"""Year rollover as the user reads it: what is carried, what is listed as not carried (with the value
it had), the report's text, and the differences between the two years' definitions — every line
written here literally.

Unit factors from their source: GB/T 2589 (1 tce = 1000 kgce), SI, 1 公顷 = 15 亩.
"""

from __future__ import annotations

import pytest

from greendesk import forms
from greendesk.definition import FormDefinition
from greendesk.draft import ProductGroup, ProductItem, RowEntry, new_draft
from greendesk.rollover import RolloverError, RolloverReport, definition_differences, rollover


def _variant(base: FormDefinition, edit) -> FormDefinition:
    """A definition made from a shipped one with a few things changed (a next year's table)."""
    data = base.model_dump(mode="json", by_alias=True)
    edit(data)
    return FormDefinition.model_validate(data)


def _rows(data: dict) -> list[dict]:
    return data["table"]["rows"]


def _row(data: dict, rid: str) -> dict:
    return next(r for r in _rows(data) if r["id"] == rid)


# ---- another kind of table is refused, with both tables named

def test_rollover_into_another_kind_is_refused_naming_both_tables():
    old_def = forms.get("green-factory-2024")
    with pytest.raises(RolloverError) as caught:
        rollover(new_draft(old_def), old_def, forms.get("green-park-2025"))
    expected = ("上年度草稿是「绿色工厂动态管理表（2024年度）」，不能结转为「绿色工业园区动态管理表（2025年度）」："
                "两者不是同一类表单。请选择本单位上年度的「绿色工业园区动态管理表」草稿。")
    assert caught.value.message == expected
    assert str(caught.value) == expected


# ---- the report's text, line by line

def test_report_text_every_section_literally():
    report = RolloverReport("旧表（2024年度）", "新表（2025年度）")
    report.carried = [("f:a", "甲", "1"), ("f:b", "乙", "2")]
    report.left_for_user = [2024, 2025]
    report.cleared = ["问题一", "问题二"]
    report.offered = {"highlights": "x", "nolabel": "y"}
    report.offered_labels = {"highlights": "亮点工作"}
    report.dropped = [("t:E0:2021", "工业总产值 2021年", "本年度表不再填报 2021 年（原值 5）"),
                      ("f:old", "old", "新表单中没有该字段")]
    report.differences = ["差异一", "差异二"]
    assert report.to_text() == "\n".join([
        "上年度草稿结转：旧表（2024年度） → 新表（2025年度）",
        "已结转 2 项。",
        "需要新填写的年度：2024年、2025年",
        "需要重新回答（每年重新填报）：问题一；问题二",
        "可作为起始文本的上年度内容：亮点工作、nolabel",
        "未结转 2 项：",
        "  - 工业总产值 2021年：本年度表不再填报 2021 年（原值 5）",
        "  - old：新表单中没有该字段",
        "两年表单的差异：",
        "  - 差异一",
        "  - 差异二",
    ])


def test_report_text_without_anything_to_list():
    assert RolloverReport("甲", "乙").to_text() == "上年度草稿结转：甲 → 乙\n已结转 0 项。"


@pytest.mark.parametrize(("count", "shown", "more"), [
    (50, 50, None),  # exactly 50: all listed, no "另有"
    (51, 50, "  …… 另有 1 项"),
    (53, 50, "  …… 另有 3 项"),
])
def test_report_lists_at_most_50_dropped_and_counts_the_rest(count, shown, more):
    report = RolloverReport("甲", "乙")
    report.dropped = [(f"f:k{i}", f"字段{i}", "新表单中没有该字段") for i in range(count)]
    lines = report.to_text().split("\n")
    assert lines[2] == f"未结转 {count} 项："
    listed = [ln for ln in lines if ln.startswith("  - ")]
    assert listed == [f"  - 字段{i}：新表单中没有该字段" for i in range(shown)]
    if more:
        assert lines[-1] == more
    else:
        assert not [ln for ln in lines if "另有" in ln]


# ---- what is carried and what is listed as not carried

@pytest.fixture(scope="module")
def old_def():
    """Last year's factory table whose 工业总产值 was kept in 千元 only and which had a row
    (开展碳足迹核算的产品类别占比, G1) the new table asks for again."""
    def edit(data):
        _row(data, "E0").update(unit="千元", unit_options=["千元"])
        data["table"]["rows"] = [r for r in _rows(data) if r["id"] != "G1"]
    return _variant(forms.get("green-factory-2024"), edit)


@pytest.fixture
def carried(old_def):  # per test, not per module: the mutation tool maps each test to what it runs
    new_def = forms.get("green-factory-2025")
    old = new_draft(old_def)
    old.fields = {"factory_name": "甲工厂", "address.county": "某县", "gone_field": "旧值",
                  "gone.sub": "旧子值", "q1": "否", "highlights": "去年的亮点"}
    old.table = {"ZZ1": RowEntry(values={"2022": "1", "2023": "2"}), **old.table}
    old.table["E0"].unit = ""  # empty: the row's own unit (千元) last year
    old.table["E0"].values = {"2021": "800000", "2023": "923100"}
    old.table["G1"] = RowEntry(values={"2023": "12.5"}, note="碳足迹说明")
    old.table["E1"].unit = "千克标准煤"
    old.table["E1"].values = {"2022": "0.00000000001", "2023": "3920500"}  # 1e-14 t: below 10 decimals
    old.table["E1"].note = "停产三个月"
    old.table["E2"].values = {"2021": "7"}
    old.table["E2"].note = "只有2021年的说明"
    old.table["E3"].note = "没有数值的说明"
    old.table["L1"].unit = "英亩"
    old.table["L1"].values = {"2022": "3", "2023": "4"}
    old.table["E4"].values = {"2023": "0.1", "2030": "0.2"}
    old.products = {
        "ZZP": ProductGroup(applicable="是"),
        "E0": ProductGroup(items=[ProductItem(name="某产品")]),
        "W1": ProductGroup(items=[ProductItem()]),
        "E6": ProductGroup(applicable="是", items=[
            ProductItem(output={"2021": "5", "2023": "7"}),
            ProductItem(standard="GB 21256", consumption={"2023": "3"}),
        ]),
    }
    return rollover(old, old_def, new_def)


def test_report_names_both_tables_with_their_years(carried):
    _, report = carried
    assert report.old_form == "绿色工厂动态管理表（2024年度）"
    assert report.new_form == "绿色工厂动态管理表（2025年度）"
    assert report.to_text().startswith(
        "上年度草稿结转：绿色工厂动态管理表（2024年度） → 绿色工厂动态管理表（2025年度）\n")


def test_fields_carried_cleared_offered_and_dropped(carried):
    draft, report = carried
    assert draft.fields["factory_name"] == "甲工厂" and draft.fields["address.county"] == "某县"
    assert [d for d in report.dropped if d[0].startswith("f:")] == [
        ("f:gone_field", "gone_field", "新表单中没有该字段"),
        ("f:gone.sub", "gone.sub", "新表单中没有该字段"),
    ]
    assert report.offered == {"highlights": "去年的亮点"} and "highlights" not in draft.fields
    assert "q1" not in draft.fields


def test_row_values_dropped_converted_and_carried(carried):
    draft, report = carried
    rows = [d for d in report.dropped if d[0].startswith("t:")]
    assert rows == [
        ("t:ZZ1:2022", "ZZ1 2022年", "新表单中没有该行（原值 1）"),
        ("t:ZZ1:2023", "ZZ1 2023年", "新表单中没有该行（原值 2）"),
        ("t:E0:2021", "工业总产值 2021年", "本年度表不再填报 2021 年（原值 800000）"),
        ("t:E1:2022", "综合能源消费量合计 2022年",
         "换算结果 0.00000000000001 小于单元格能保存的最小值（小数点后 10 位），请核对后手动填写。"),
        ("t:E2:2021", "实际消耗的各种能源实物量合计 2021年", "本年度表不再填报 2021 年（原值 7）"),
        ("t:E4:2030", "单位产值综合能耗 2030年", "本年度表不再填报 2030 年（原值 0.2）"),
        ("t:L1:2022", "厂区用地面积 2022年", "单位「英亩」无法换算"),
        ("t:L1:2023", "厂区用地面积 2023年", "单位「英亩」无法换算"),
    ]
    # 千元 (last year's row unit) → 万元: ÷ 10; 千克标准煤 → 吨标准煤: ÷ 1000 (GB/T 2589)
    assert draft.table["E0"].values == {"2023": "92310"} and draft.table["E0"].unit == "万元"
    assert draft.table["E1"].values == {"2023": "3920.5"} and draft.table["E1"].unit == "吨标准煤"
    # a row last year's table did not have: carried under its id, with its note
    assert draft.table["G1"].values == {"2023": "12.5"} and draft.table["G1"].note == "碳足迹说明"
    assert draft.table["E4"].values == {}  # computed row: never carried
    assert "ZZ1" not in draft.table


def test_notes_carried_only_with_a_value_of_the_new_years(carried):
    draft, report = carried
    notes = [c for c in report.carried if c[0].endswith(":note")]
    assert notes == [("t:E1:note", "综合能源消费量合计 特殊情况说明", "停产三个月"),
                     ("t:G1:note", "G1 特殊情况说明", "碳足迹说明")]
    assert draft.table["E1"].note == "停产三个月"
    assert not draft.table["E2"].note and not draft.table["E3"].note
    assert ("t:G1:2023", "G1 2023年", "12.5") in report.carried


def test_product_groups_carried_or_listed(carried):
    draft, report = carried
    assert [d for d in report.dropped if d[0].startswith("p:")] == [
        ("p:ZZP", "ZZP", "新表单中没有该产品行"),
        ("p:E0", "E0", "新表单中没有该产品行"),
        ("p:E6:0:output:2021", "单位产品综合能耗 产品1 产品产量 2021年", "本年度表不再填报 2021 年（原值 5）"),
    ]
    assert [c for c in report.carried if c[0].startswith("p:")] == [
        ("p:E6:0:output:2023", "单位产品综合能耗 产品1 产品产量 2023年", "7"),
        ("p:E6:1:consumption:2023", "单位产品综合能耗 产品2 产品综合能耗 2023年", "3"),
    ]
    assert draft.products["E6"].items[1].standard == "GB 21256"
    assert draft.products["E6"].items[0].output == {"2023": "7"}


def test_years_left_and_differences_in_the_report(carried):
    _, report = carried
    assert report.left_for_user == [2022, 2024]  # no 2022 value survived (E1 2022 refused)
    assert report.differences[0] == "填报年度：2021、2022、2023 → 2022、2023、2024"
    assert "新增行「开展碳足迹核算的产品类别占比」" in report.differences
    assert "「工业总产值」可选单位：千元 → 万元" in report.differences


def test_qualitative_answers_are_carried():
    old_def, new_def = forms.get("green-park-2024"), forms.get("green-park-2025")
    old = new_draft(old_def)
    old.table["IG1"].values = {"2022": "是", "2023": "否"}
    draft, report = rollover(old, old_def, new_def)
    assert draft.table["IG1"].values == {"2022": "是", "2023": "否"}
    assert ("t:IG1:2023", "*污水集中处理设施 2023年", "否") in report.carried
    assert draft.table["IG1"].unit is None  # a 是/否 row has no unit: none is set or logged
    assert not [e for e in draft.log if e.cell == "t:IG1:unit"]


def test_carried_values_are_last_years_text_unchanged():
    """Carried as written last year (already checked then): not re-typed through the input path."""
    old_def = forms.get("green-factory-2024")
    old = new_draft(old_def)
    old.fields = {"factory_name": "  甲工厂  "}
    old.table["E0"].values = {"2023": "1e3"}
    draft, _ = rollover(old, old_def, forms.get("green-factory-2025"))
    assert draft.fields["factory_name"] == "  甲工厂  "
    assert draft.table["E0"].values == {"2023": "1e3"}


def test_no_unit_change_is_logged_for_a_row_without_values():
    old_def = forms.get("green-factory-2024")
    old = new_draft(old_def)
    old.table["E1"].unit = "万吨标准煤"  # chosen last year, but no value to carry
    draft, _ = rollover(old, old_def, forms.get("green-factory-2025"))
    assert draft.table["E1"].unit == "吨标准煤"
    assert not [e for e in draft.log if e.cell == "t:E1:unit"]


# ---- differences between two definitions

LONG24 = "一二三四五六七八九十一二三四五六七八九十一二三四"  # 24 characters: shown whole
LONG25 = LONG24 + "五"  # 25: cut to 23 and "…"


def test_definition_differences_every_kind_literally():
    base = forms.get("green-factory-2025")

    def old_edit(data):
        rows = _rows(data)
        rows.append({"id": "OLDS", "kind": "section", "name": "旧分节"})
        rows.append({"id": "OLDG", "kind": "group", "name": "旧分组"})
        rows.append({"id": "OLDP", "kind": "parameter", "name": "旧参数", "unit": "吨"})
        data["parts"][0]["fields"].append({"id": "oldf", "label": LONG25, "type": "text"})

    def new_edit(data):
        rows = _rows(data)
        rows.append({"id": "NEWS", "kind": "section", "name": "新分节"})
        rows.append({"id": "NEWG", "kind": "group", "name": "新分组"})
        rows.append({"id": "NEWP", "kind": "parameter", "name": "新参数", "unit": "吨"})
        _row(data, "W1")["name"] = "取水总量"
        _row(data, "L1")["unit_options"] = ["平方米", "公顷"]
        _row(data, "E4")["formula"] = "E2 / E0"
        data["parts"][0]["fields"].append({"id": "newf", "label": LONG24, "type": "text"})
        data["parts"][0]["fields"].append({"id": "newg", "label": LONG25, "type": "text"})

    old, new = _variant(base, old_edit), _variant(base, new_edit)
    assert definition_differences(old, new) == [
        "「单位产值综合能耗」计算公式：E1 / E0 → E2 / E0",
        "行 W1 名称：「取水量」→「取水总量」",
        "「厂区用地面积」可选单位：平方米/亩/公顷 → 平方米/公顷",
        "新增行「新参数」",
        "删除行「旧参数」",
        f"新增字段「{LONG24}」",
        "新增字段「一二三四五六七八九十一二三四五六七八九十一二三…」",
        "删除字段「一二三四五六七八九十一二三四五六七八九十一二三…」",
    ]
    assert definition_differences(new, new) == []


def test_definition_differences_years_and_field_labels():
    base = forms.get("green-factory-2025")
    new = _variant(base, lambda d: (d.update(years=[2023, 2024, 2025]),
                                    d["parts"][0]["fields"][0].update(label=LONG25)))
    first = base.parts[0].fields[0].label
    assert definition_differences(base, new) == [
        "填报年度：2022、2023、2024 → 2023、2024、2025",
        f"字段「{first}」改为「一二三四五六七八九十一二三四五六七八九十一二三…」",
    ]

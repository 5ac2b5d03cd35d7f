"""The platform's lists, read by their labels in any layout; what was understood is said."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from greendesk import forms
from greendesk.platform_lists import (
    ListError,
    check_name_against_list,
    list_kind,
    load_factory_list,
    load_standard_list,
)


def _book(path: Path, rows, title="Sheet1", offset=0) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append([None] * offset + list(r))
    wb.save(path)
    return path


FACTORY = forms.get("green-factory-2025")

FACTORIES = [
    ["第九批绿色制造名单（绿色工厂）"],
    ["序号", "省份", "企业名称", "统一社会信用代码", "批次"],
    [1, "广东省", "广东绿源示范电缆有限公司", "9144011206Q8L2D5X8", "第九批"],
    [2, "广东省", "广州示例化工有限公司", "", "第八批"],
]


def test_factory_list_read_by_labels_and_understood(tmp_path):
    lst = load_factory_list(_book(tmp_path / "绿色工厂名单.xlsx", FACTORIES, offset=1))
    assert [f.name for f in lst.factories] == ["广东绿源示范电缆有限公司", "广州示例化工有限公司"]
    assert lst.factories[0].uscc == "9144011206Q8L2D5X8"
    assert "第2行为表头" in lst.notes[0] and "名称（第4列）" in lst.notes[0] and "读取 2 家" in lst.notes[0]


def test_question_7_agrees_with_the_list(tmp_path):
    lst = load_factory_list(_book(tmp_path / "l.xlsx", FACTORIES))
    fields = {"factory_name": "广东绿源示范电缆有限公司", "q7": "是", "uscc": "9144011206Q8L2D5X8"}
    assert check_name_against_list(FACTORY, fields, lst) == []


def test_question_7_yes_but_name_not_listed(tmp_path):
    lst = load_factory_list(_book(tmp_path / "l.xlsx", FACTORIES))
    fields = {"factory_name": "广东绿源示范电缆股份有限公司", "q7": "是", "uscc": "9144011206Q8L2D5X8"}
    msgs = check_name_against_list(FACTORY, fields, lst)
    assert len(msgs) == 1
    assert "不在载入的l.xlsx中" in msgs[0] and "同一统一社会信用代码的名称为「广东绿源示范电缆有限公司」" in msgs[0]


def test_question_7_no_checks_the_former_name(tmp_path):
    lst = load_factory_list(_book(tmp_path / "l.xlsx", FACTORIES))
    ok = {"factory_name": "广东绿源电缆股份有限公司", "q7": "否", "former_name": "广东绿源示范电缆有限公司"}
    assert check_name_against_list(FACTORY, ok, lst) == []
    wrong = {**ok, "former_name": "广东绿源示范电缆公司"}
    msgs = check_name_against_list(FACTORY, wrong, lst)
    assert "不在载入的" in msgs[0] and "「广东绿源示范电缆有限公司」" in msgs[0]


def test_standard_list_labels_and_search(tmp_path):
    rows = [["序号", "标准编号", "标准名称", "适用产品"],
            [1, "GB 32046-2015", "电工用铜线坯单位产品能源消耗限额", "电工用铜线坯"],
            [2, "GB 16780-2021", "水泥单位产品能源消耗限额", "水泥熟料、水泥"]]
    lst = load_standard_list(_book(tmp_path / "能耗限额标准清单.xlsx", rows))
    assert [s.label for s in lst.standards] == [
        "GB 32046-2015《电工用铜线坯单位产品能源消耗限额》", "GB 16780-2021《水泥单位产品能源消耗限额》"]
    assert [s.code for s in lst.search("铜线")] == ["GB 32046-2015"]
    assert "读取 2 项标准" in lst.notes[0]


def test_unknown_layout_names_what_it_found(tmp_path):
    lst = load_factory_list(_book(tmp_path / "x.xlsx", [["甲", "乙"], [1, 2]]))
    assert lst.factories == []
    assert "未找到" in lst.notes[-1] and "「甲」" in lst.notes[-1]


def test_not_a_workbook(tmp_path):
    p = tmp_path / "x.xlsx"
    p.write_text("no", encoding="utf-8")
    with pytest.raises(ListError):
        load_standard_list(p)


SUPPLY_CHAIN_LIST = [
    ["序号", "企业名称", "统一社会信用代码"],
    [1, "广东绿链示范电器有限公司", "91440101MA5CXXXX1X"],
]
PARK_LIST = [["序号", "园区名称", "省份"], [1, "广州示范绿色工业园区", "广东省"]]


@pytest.mark.parametrize("form_id", ["green-supply-chain-2025", "green-supply-chain-2024"])
def test_supply_chain_name_question_worded_for_an_enterprise(tmp_path, form_id):
    d = forms.get(form_id)
    lst = load_factory_list(_book(tmp_path / "绿色供应链管理企业名单.xlsx", SUPPLY_CHAIN_LIST))
    assert list_kind(d) == "绿色供应链管理企业名单"
    fields = {"enterprise_name": "广东绿链示范电器股份有限公司", "q7": "是", "uscc": "91440101MA5CXXXX1X"}
    msgs = check_name_against_list(d, fields, lst)
    assert msgs == ["第7题答“是”，但企业名称「广东绿链示范电器股份有限公司」不在载入的绿色供应链管理企业名单.xlsx中。"
                    "名单中同一统一社会信用代码的名称为「广东绿链示范电器有限公司」。"
                    "如名称已变更，请答“否”并填写变更前的企业名称。"]
    agree = {**fields, "enterprise_name": "广东绿链示范电器有限公司"}
    assert check_name_against_list(d, agree, lst) == []
    renamed = {**fields, "q7": "否", "former_name": "广东绿链电器有限公司"}
    msgs = check_name_against_list(d, renamed, lst)
    assert msgs and all("工厂" not in m for m in msgs)
    assert msgs[-1].startswith("变更前的企业名称「广东绿链电器有限公司」不在载入的")


@pytest.mark.parametrize("form_id", ["green-park-2025", "green-park-2024"])
def test_park_name_question_is_number_9_and_worded_for_a_park(tmp_path, form_id):
    d = forms.get(form_id)
    lst = load_factory_list(_book(tmp_path / "绿色工业园区名单.xlsx", PARK_LIST))
    assert [f.name for f in lst.factories] == ["广州示范绿色工业园区"]
    assert list_kind(d) == "绿色工业园区名单"
    listed_but_no = {"park_name": "广州示范绿色工业园区", "q9": "否", "q7": "是"}
    msgs = check_name_against_list(d, listed_but_no, lst)
    assert msgs == ["第9题答“否”，但园区名称「广州示范绿色工业园区」就在载入的绿色工业园区名单.xlsx中，请核实。"]
    not_listed = {"park_name": "广州示范绿色产业园", "q9": "是"}
    msgs = check_name_against_list(d, not_listed, lst)
    assert len(msgs) == 1 and "第9题答“是”，但园区名称「广州示范绿色产业园」" in msgs[0]
    assert "变更前的园区名称" in msgs[0]
    assert all("工厂" not in m for m in msgs)
    assert check_name_against_list(d, {"park_name": "广州示范绿色工业园区", "q9": "是"}, lst) == []


def test_parks_are_counted_in_ge(tmp_path):
    """园区 are counted 个, enterprises 家 (读取 2 个, not 2 家)."""
    rows = [["序号", "园区名称", "批次"], [1, "广州南沙经济技术开发区", "第八批"], [2, "佛山高新区", "第九批"]]
    lst = load_factory_list(_book(tmp_path / "绿色工业园区名单.xlsx", rows))
    assert "读取 2 个。" in lst.notes[0]

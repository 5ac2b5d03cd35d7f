"""pytest-qt, offscreen: a park and a supply-chain enterprise in the window — their own words in the
header, a 是/否 dropdown in Part 3, the 核准面积 unit dropdown, and rollover refused across kinds."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QComboBox

from tests.conftest import SAMPLES
from ui.table_model import KIND_ROLE, OPTIONS_ROLE


@pytest.fixture
def park_window(make_window, tmp_path):
    path = tmp_path / "园区-2025.json"
    shutil.copyfile(SAMPLES / "green-park-2025.json", path)
    w = make_window()
    assert w.files.open_path(path)
    return w


def test_header_names_the_park_never_a_factory(park_window):
    w = park_window
    assert w.h_title.text() == "绿色工业园区动态管理表（2025年度）"
    assert w.h_factory.text() == "江苏昆山绿源示范经济开发区"
    w.session.set("f:park_name", "")
    w.refresh_all()
    assert w.h_factory.text() == "（未填写园区名称）"


def test_qualitative_cell_is_a_yes_no_dropdown_and_yes_needs_its_note(qtbot, park_window):
    w = park_window
    m = w.model
    index = m.index_of("t:IG1:2024")
    assert index.data(KIND_ROLE) == "choice" and index.data(OPTIONS_ROLE) == ["是", "否"]
    assert m.setData(index, "否")
    assert w.session.draft.table["IG1"].values["2024"] == "否"
    assert not m.setData(index, "也许")  # refused with a Chinese message, value kept
    assert w.session.draft.table["IG1"].values["2024"] == "否"
    w.session.set("t:IG1:note", "")
    codes = [(f.code, f.cell) for f in w.session.report.errors]
    assert ("V19", "t:IG1:note") in codes  # 2022, 2023 still say 是


def test_approved_area_unit_dropdown_is_stored_beside_the_number(qtbot, park_window):
    w = park_window
    w.nav.setCurrentRow(1)  # pages are built when first shown
    editor = w.pages["part1"].editors["approved_area"]
    combo = editor.findChild(QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["公顷", "平方公里"]
    assert combo.currentText() == "平方公里"
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    qtbot.waitUntil(lambda: w.session.draft.fields.get("approved_area.unit") == "公顷", timeout=3000)


def test_rollover_of_a_factory_into_a_park_is_refused(park_window, answers):
    answers.open_file.append(str(SAMPLES / "green-factory-2024.json"))
    park_window.imports.import_last_year()
    kinds = [(k, text) for k, text in answers.asked if k == "error"]
    assert kinds and "不是同一类表单" in kinds[-1][1]
    assert park_window.session.definition.id == "green-park-2025"


def test_park_list_is_offered_and_checked_with_the_park_question(park_window, answers, tmp_path):
    from openpyxl import Workbook

    w = park_window
    w.refresh_all()
    assert w.platform.a_factories.text() == "载入绿色工业园区名单…"
    book = tmp_path / "绿色工业园区名单.xlsx"
    wb = Workbook()
    wb.active.append(["序号", "园区名称"])
    wb.active.append([1, "江苏昆山绿源示范开发区"])
    wb.save(book)
    answers.asked.clear()
    w.platform.load_factories(str(book))
    kind, text = answers.asked[-1]
    assert kind == "info" and text.startswith("载入绿色工业园区名单")
    assert "第9题答“是”，但园区名称「江苏昆山绿源示范经济开发区」不在载入的绿色工业园区名单.xlsx中" in text
    assert "工厂" not in text

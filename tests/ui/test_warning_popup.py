"""The warning popup belongs to the cell it describes: Escape, the next edit (a unit chosen in the
dropdown too), 验证并保存 and moving on to another cell close it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_main_window import _type_into_cell


def _warn_on_nh3n(qtbot, window):
    """氨氮排放量 5 吨 in 2024: the manual's 数值规则警告 pops up beside the cell."""
    _type_into_cell(qtbot, window, "t:P2E:2024", "5")
    assert window.popup.isVisible() and window.popup.cell == "t:P2E:2024"


def test_escape_closes_it(qtbot, window):
    _warn_on_nh3n(qtbot, window)
    qtbot.keyClick(window.table_view, Qt.Key.Key_Escape)
    assert not window.popup.isVisible()


def test_enters_step_down_keeps_it_the_next_move_closes_it(qtbot, window):
    _warn_on_nh3n(qtbot, window)
    # Enter committed and stepped down one cell: the popup is still there…
    assert window.table_view.currentIndex() != window.model.index_of("t:P2E:2024")
    qtbot.keyClick(window.table_view, Qt.Key.Key_Down)  # …until the user moves on
    assert not window.popup.isVisible()


def test_clicking_another_cell_closes_it(qtbot, window):
    _warn_on_nh3n(qtbot, window)
    qtbot.keyClick(window.table_view, Qt.Key.Key_Up)  # back to its own cell: stays
    assert window.popup.isVisible()
    window.table_view.setCurrentIndex(window.model.index_of("t:E0:2023"))
    assert not window.popup.isVisible()


def test_choosing_a_unit_closes_it(qtbot, window):
    _warn_on_nh3n(qtbot, window)
    unit = window.model.index_of("t:E1:unit")
    assert window.model.setData(unit, "万吨标准煤")  # what the unit dropdown commits
    assert window.session.draft.table["E1"].unit == "万吨标准煤"
    assert not window.popup.isVisible() or window.popup.cell != "t:P2E:2024"


def test_verify_and_save_closes_it(qtbot, window):
    _warn_on_nh3n(qtbot, window)
    window.review.verify_and_save()
    assert not window.popup.isVisible()


def test_a_field_popup_closes_when_the_focus_moves_to_another_field(qtbot, window):
    window.nav.setCurrentRow(1)
    page = window.pages["part1"]
    page.editors["factory_name"].setFocus()
    window.warnings.show_input_error("f:factory_name", "示例：输入有误")
    assert window.popup.isVisible() and window.popup.cell == "f:factory_name"
    page.editors["contact_mobile"].setFocus()
    qtbot.waitUntil(lambda: not window.popup.isVisible(), timeout=2000)

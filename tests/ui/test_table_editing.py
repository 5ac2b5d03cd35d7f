"""pytest-qt, offscreen: Part 3 as a keyboard user drives it — unit dropdowns, Enter moving down."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from greendesk import compute


def _open_editor(w, address: str):
    w.nav.setCurrentRow(3)
    index = w.model.index_of(address)
    w.table_view.focus_cell(index)
    w.table_view.edit(index)
    found = w.table_view.findChildren(QComboBox) + w.table_view.findChildren(QLineEdit)
    editors = [e for e in found if e.isVisible() and not isinstance(e.parent(), QComboBox)]
    assert len(editors) == 1
    return index, editors[0]


def test_unit_dropdown_converts_before_computing(qtbot, window):
    """V7: choosing 万吨标准煤 for 综合能源消费量合计 rescales 单位产值综合能耗 (×10 000)."""
    session = window.session
    before = compute.compute(session.definition, session.draft).display("E4", 2024)
    _index, combo = _open_editor(window, "t:E1:unit")
    assert isinstance(combo, QComboBox)
    options = [combo.itemText(i) for i in range(combo.count())]
    assert "万吨标准煤" in options and "吨标准煤" in options
    combo.setCurrentIndex(options.index("万吨标准煤"))
    combo.activated.emit(combo.currentIndex())  # what a click on the item does
    qtbot.waitUntil(lambda: session.draft.table["E1"].unit == "万吨标准煤", timeout=3000)
    after = compute.compute(session.definition, session.draft).display("E4", 2024)
    assert before is not None and after == before * 10000
    assert window.model.data(window.model.index_of("t:E1:unit")) == "万吨标准煤"


def test_enter_commits_and_moves_down_to_the_next_input_cell(qtbot, window):
    index, editor = _open_editor(window, "t:E0:2024")
    editor.selectAll()
    qtbot.keyClicks(editor, "98800")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible(), timeout=3000)
    assert window.session.draft.table["E0"].values["2024"] == "98800"
    current = window.table_view.currentIndex()
    assert current.column() == index.column() and current.row() > index.row()
    assert window.model.cell_at(current.row(), current.column()) == "t:E1:2024"

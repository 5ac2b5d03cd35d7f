"""pytest-qt, offscreen: Part 3 as a keyboard user drives it — unit dropdowns, Enter moving down —
and the 放弃 answer to a recovery offer."""

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


def test_discarded_recovery_is_not_offered_again(qtbot, make_window, window, answers, sample_copy):
    window.session.set("f:main_products", "不要恢复的内容")
    window.autosave()
    window.lock.release()  # the process "dies"
    window.lock = None
    answers.recovery = "discard"
    fresh = make_window()
    assert not fresh.check_recovery()
    assert any(k == "recovery" for k, _ in answers.asked)
    answers.asked.clear()
    assert not make_window().check_recovery()
    assert not any(k == "recovery" for k, _ in answers.asked)
    assert "不要恢复的内容" not in sample_copy.read_text(encoding="utf-8")  # the file was never touched


def test_recovered_draft_of_a_form_not_shipped_opens_and_says_so(qtbot, make_window, answers, tmp_path):
    """A draft whose definition is missing still opens, with the one it was made with, and the
    recovery says which definition that is."""
    import json

    from greendesk import document
    from greendesk.definition import FormDefinition
    from greendesk.storage import SnapshotStore, doc_key_for
    from tests.conftest import SAMPLES

    raw = json.loads((SAMPLES / "green-factory-2025.json").read_text(encoding="utf-8"))
    raw["definition"]["id"] = raw["form"]["id"] = "green-factory-2099"
    raw["form"]["hash"] = FormDefinition.model_validate(raw["definition"]).content_hash
    draft = document.loads(json.dumps(raw, ensure_ascii=False).encode("utf-8"))
    path = tmp_path / "明年的表.json"
    draft.fields["main_products"] = "崩溃前的内容"
    SnapshotStore().write(doc_key_for(path), document.dumps(draft), source_path=path)
    answers.recovery = "restore"
    w = make_window()
    assert w.check_recovery()
    assert w.session.definition.id == "green-factory-2099"
    assert w.session.draft.fields["main_products"] == "崩溃前的内容"
    assert any(kind == "info" and "不是本程序自带的" in text for kind, text in answers.asked)


def test_main_opens_the_demo_and_resumes_garbage_collection_once_running(qtbot, answers):
    """`greendesk --demo` as started by users; collection is off only while starting up."""
    import gc

    from PySide6.QtCore import QCoreApplication, QTimer

    from ui.app import main

    windows = []

    def on_window(w):
        windows.append(w)
        QTimer.singleShot(200, QCoreApplication.quit)

    try:
        assert main(["--demo"], on_window=on_window) == 0
        assert gc.isenabled()
    finally:
        gc.enable()
    w = windows[0]
    assert w.session.draft.fields["factory_name"] == "广东绿源示范电缆有限公司"
    assert w.path is not None and w.path.name.startswith("示例")
    w.session.mark_saved()
    w.close()

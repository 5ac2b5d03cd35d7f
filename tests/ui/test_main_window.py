"""pytest-qt, offscreen: the real widgets of the window, driven as a user would."""

from __future__ import annotations

from decimal import Decimal

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from greendesk.messages import RANGE_TEXT, RULE_TEXT_NH3N
from tests.conftest import SAMPLES


def _type_into_cell(qtbot, w, address: str, text: str) -> None:
    """Select the cell, open its editor as a user would, type, press Enter."""
    w.nav.setCurrentRow(3)
    index = w.model.index_of(address)
    w.table_view.focus_cell(index)
    w.table_view.edit(index)
    editors = [e for e in w.table_view.findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    editor.selectAll()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:  # what a Chinese input method delivers: a committed string, not key presses
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(editor, event)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits queued; the editor may already be deleted when we look
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible(), timeout=3000)


def test_typing_into_a_cell_updates_draft_and_computed_indicator(qtbot, window):
    _type_into_cell(qtbot, window, "t:E0:2024", "１００，０００")
    assert window.session.draft.table["E0"].values["2024"] == "100000"
    e4 = window.model.index_of("t:E4:2024")
    assert window.model.data(e4) == "0.0398"  # 3980 / 100000, recomputed live
    assert window.session.computed.display("E4", 2024) == Decimal("0.0398")
    # Enter committed and moved down to the next cell that takes input
    assert window.table_view.currentIndex() == window.model.index_of("t:E1:2024")


def test_text_in_a_number_cell_is_refused_with_a_message(qtbot, window):
    _type_into_cell(qtbot, window, "t:E0:2024", "九万")
    assert window.session.draft.table["E0"].values["2024"] == "98760"
    assert window.popup.isVisible() and "数字" in window.popup.text.text()


def test_out_of_range_value_shows_the_manuals_warning(qtbot, window):
    _type_into_cell(qtbot, window, "t:P2E:2024", "5")
    assert window.popup.isVisible()
    assert window.popup.title.text() == "数值规则警告"
    assert RULE_TEXT_NH3N in window.popup.text.text()
    assert "氨氮排放量 5吨" in window.popup.text.text()
    # the same value also jumped 920 % (V9): that finding keeps its own platform heading
    assert "<b>数值超出范围警告</b>" in window.popup.text.text() and "较上年增长 920%" in window.popup.text.text()
    # typing goes on: the popup never takes the focus
    assert not window.popup.hasFocus()
    window.popup.hide()
    _type_into_cell(qtbot, window, "t:W1:2024", "420000")
    assert RANGE_TEXT in window.popup.text.text() and "较上年增长" in window.popup.text.text()
    bg = window.model.data(window.model.index_of("t:W1:2024"), Qt.ItemDataRole.BackgroundRole)
    assert bg.color().name() == "#fde8c0"  # amber


def test_yes_answer_makes_its_explanation_required(qtbot, window):
    window.nav.setCurrentRow(2)
    page = window.pages["part2"]
    explanation = page.editors["explanation"]
    assert not explanation.isEnabled() and "*" not in page.labels["explanation"].text()
    page.editors["q3"].buttons["是"].click()
    assert window.session.draft.fields["q3"] == "是"
    assert explanation.isEnabled() and "*" in page.labels["explanation"].text()
    assert any(f.cell == "f:explanation" and f.code == "V19" for f in window.session.report.errors)


def test_verify_lists_errors_and_clicking_one_selects_the_cell(qtbot, window, answers):
    window.session.set("t:E3:2024", "9999")  # V5: renewable > total energy
    window.session.set("f:contact_mobile", "123")
    window.review.verify_and_save()
    assert window.session.draft.state == "draft"
    assert any(kind == "error" and "校验错误" in text for kind, text in answers.asked)
    panel = window.problems
    assert window.problems_dock.isVisible() and panel.rowCount() >= 2
    row = next(i for i, f in enumerate(panel.findings) if f.cell == "t:E3:2024")
    panel.cellClicked.emit(row, 3)
    assert window.stack.currentIndex() == 3
    assert window.table_view.currentIndex() == window.model.index_of("t:E3:2024")
    row = next(i for i, f in enumerate(panel.findings) if f.cell == "f:contact_mobile")
    panel.cellClicked.emit(row, 3)
    assert window.stack.currentIndex() == 1
    assert window.pages["part1"].editors["contact_mobile"].isVisible()


def test_verify_without_errors_marks_verified_and_saves(qtbot, window, sample_copy):
    window.session.set("t:E0:2024", "98000")
    window.review.verify_and_save()
    assert window.session.draft.state == "verified" and not window.session.dirty
    assert '"98000"' in sample_copy.read_text(encoding="utf-8")


def test_save_and_reopen_restores_every_value_and_unit(qtbot, make_window, window, sample_copy):
    window.session.set("t:L1:unit", "亩")
    window.session.set("t:L1:2024", "180")
    window.session.set("t:E6:unit", "吨标准煤/产品单位")
    assert window.files.save()
    before = window.session.draft.content()
    window.close()
    again = make_window()
    assert again.files.open_path(sample_copy)
    assert again.session.draft.content() == before
    idx = again.model.index_of("t:L1:unit")
    assert again.model.data(idx) == "亩"


def test_rollover_from_last_years_draft_fills_2022_and_2023(qtbot, window, answers):
    answers.open_file = [str(SAMPLES / "green-factory-2024.json")]
    answers.confirm = True  # take last year's highlights as starting text
    window.imports.import_last_year()
    draft = window.session.draft
    assert draft.form.id == "green-factory-2025"
    assert draft.table["E0"].values == {"2022": "86520", "2023": "92310"}
    assert any(kind == "info" and "需要新填写的年度：2024年" in text for kind, text in answers.asked)
    assert draft.fields["highlights"].startswith("1. 2023年建成屋顶分布式光伏")
    assert window.session.dirty and window.path is None


def test_killed_sessions_autosave_is_offered_at_next_start(qtbot, make_window, window, answers, sample_copy):
    window.session.set("f:main_products", "崩溃前最后输入的内容")
    window.recovery.autosave()  # what the timer does a few seconds after the change
    window.lock.release()  # the process "dies": no save, no clean close
    window.lock = None
    answers.recovery = "restore"
    fresh = make_window()
    assert fresh.recovery.check_recovery()
    kind, text = next(x for x in answers.asked if x[0] == "recovery")
    assert sample_copy.name in text and "原文件比自动保存的内容旧" in text
    assert fresh.session.draft.fields["main_products"] == "崩溃前最后输入的内容"
    assert fresh.session.dirty and fresh.path == sample_copy
    assert fresh.files.save()
    answers.asked.clear()
    later = make_window()
    assert not later.recovery.check_recovery()
    assert not any(k == "recovery" for k, _ in answers.asked)  # never after a clean save


def test_undo_restores_the_previous_value(qtbot, window):
    _type_into_cell(qtbot, window, "t:E0:2024", "1")
    assert window.session.draft.table["E0"].values["2024"] == "1"
    window.a_undo.trigger()
    assert window.session.draft.table["E0"].values["2024"] == "98760"
    assert window.model.data(window.model.index_of("t:E0:2024")) == "98760"
    window.a_redo.trigger()
    assert window.session.draft.table["E0"].values["2024"] == "1"


def test_finalised_table_asks_for_a_reason(qtbot, window, answers):
    window.review.verify_and_save()
    window.review.finalize()
    assert window.session.draft.state == "final"
    _type_into_cell(qtbot, window, "t:E0:2024", "97000")
    assert ("reason", "") in answers.asked
    assert window.session.draft.table["E0"].values["2024"] == "97000"
    assert window.session.cell_history("t:E0:2024")[-1].reason == "测试原因"
    assert window.session.draft.state == "verified"  # an edit drops 定稿 back to 已通过验证
    window.review.finalize()
    answers.reason = None  # cancelling the reason cancels the edit
    _type_into_cell(qtbot, window, "t:E0:2024", "1")
    assert window.session.draft.table["E0"].values["2024"] == "97000"


def test_field_typing_is_committed_and_unsaved_prompt_on_close(qtbot, window, answers):
    window.nav.setCurrentRow(1)
    edit = window.pages["part1"].editors["factory_name"].edit
    edit.setFocus()
    edit.selectAll()
    event = QInputMethodEvent()
    event.setCommitString("新名称有限公司")
    QApplication.sendEvent(edit, event)
    window.pages["part1"].flush()
    assert window.session.draft.fields["factory_name"] == "新名称有限公司"
    assert window.h_factory.text() == "新名称有限公司"
    answers.save_changes = "cancel"
    assert not window.close()
    assert ("save_changes", "") in answers.asked


def test_exports_write_files_and_open_them(qtbot, window, answers, tmp_path):
    answers.save_file = [str(tmp_path / "a.pdf"), str(tmp_path / "a.xlsx")]
    window.exports.export_pdf()
    window.exports.export_xlsx()
    assert (tmp_path / "a.pdf").read_bytes()[:4] == b"%PDF"
    assert (tmp_path / "a.xlsx").exists()
    assert answers.opened == [str(tmp_path / "a.pdf"), str(tmp_path / "a.xlsx")]


def test_every_action_and_menu_speaks_chinese(window):
    import re

    texts = [a.text() for a in window.findChildren(type(window.files.a_save))]
    texts += [m.title() for m in window.menuBar().findChildren(type(window.files.recent_menu))]
    for t in texts:
        if t and not t.startswith("/"):
            assert re.search(r"[\u4e00-\u9fff]", t), t


def test_not_applicable_fills_zero_and_says_so_and_cell_log_is_shown(qtbot, window, monkeypatch):
    window.nav.setCurrentRow(3)
    line = next(ln for ln in window.model.lines if ln.row == "P6G")
    window.table_actions.not_applicable(line)
    entry = window.session.draft.table["P6G"]
    assert entry.values == {"2022": "0", "2023": "0", "2024": "0"} and entry.note.startswith("不涉及")
    shown = []
    from ui import changelog

    monkeypatch.setattr(changelog.ChangeLogDialog, "exec", lambda self: shown.append(self.table.rowCount()))
    window.review.show_log("t:P6G:2024")
    history = window.session.cell_history("t:P6G:2024")
    assert history[-1].new == "0" and shown == [len(history)] and len(history) >= 2


def test_qt_standard_dialogs_speak_chinese(window):
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.instance().property("gd_translated")
    assert QCoreApplication.translate("QPlatformTheme", "OK") == "确定"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_cjk_font_is_registered_from_resources(window):
    """Registered from resources/ (not relying on a system font), first in the app font's families."""
    from PySide6.QtWidgets import QApplication

    from ui import fonts

    assert fonts._family and "WenQuanYi" in fonts._family
    assert QApplication.font().families()[0] == fonts._family


def test_closed_report_panel_comes_back_from_the_menu_and_about_names_the_data_folder(window, answers):
    from greendesk import __version__, storage

    window.show_problems()
    window.problems_dock.close()
    assert not window.problems_dock.isVisible()
    window.a_report.trigger()  # 审核 → 审核报告 (F8)
    assert window.problems_dock.isVisible() and window.a_report.shortcut().toString() == "F8"
    window.help.about()
    kind, text = answers.asked[-1]
    assert kind == "info" and f"GreenDesk {__version__}" in text and str(storage.user_data_dir()) in text
    assert "绿色工厂动态管理表（2025年度" in text

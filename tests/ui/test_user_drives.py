"""The window driven as a user drives it: the autosave timer firing on its own, the recovery dialog
answered by clicking its real buttons, the first save of a new draft and 另存为, 数据备份/恢复,
the 模板导入 preview, 核对纸质件 and the right-click menu; and ui.prompts itself with real dialogs
answered by a timer, so that the mapping from button to action is what is tested.
"""

from __future__ import annotations

import openpyxl
import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
)

from greendesk import draft_lock, storage
from greendesk.document import open_draft
from ui import prompts

# The real prompt functions, kept before the `answers` fixture replaces them for a test.
REAL = {name: getattr(prompts, name) for name in
        ("recovery", "save_changes", "confirm", "info", "error", "ask_reason", "ask_text", "choose_form",
         "choose_backup")}


class Clicker:
    """Answers the next modal dialog from a timer, as a user would: finds it on screen and clicks
    the button with the given text (or types into an input dialog and presses its OK button)."""

    def __init__(self, button: str | None = None, *, typed: str | None = None, item: int | None = None,
                 key: Qt.Key | None = None):
        self.button, self.typed, self.item, self.key = button, typed, item, key
        self.seen: list[dict] = []
        self.tries = 0
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        self.tries += 1
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            if self.tries < 500:  # ~10 s, then give up (the test then fails on what it got)
                QTimer.singleShot(20, self._poll)
            return
        self.seen.append({"title": dialog.windowTitle(), "type": type(dialog).__name__,
                          "text": dialog.text() if isinstance(dialog, QMessageBox) else
                          (dialog.labelText() if isinstance(dialog, QInputDialog) else ""),
                          "buttons": [b.text() for b in dialog.findChildren(QDialogButtonBox)[0].buttons()]
                          if dialog.findChildren(QDialogButtonBox) else []})
        if self.key is not None:
            from PySide6.QtTest import QTest

            QTest.keyClick(dialog, self.key)
            self.seen[-1]["closed_by_key"] = not dialog.isVisible()
            QTimer.singleShot(500, lambda: dialog.isVisible() and dialog.done(0))  # never hang
            return
        if isinstance(dialog, QInputDialog):
            if self.item is not None:
                dialog.setTextValue(dialog.comboBoxItems()[self.item])
            elif self.typed is not None:
                edit = dialog.findChild(QLineEdit)
                edit.selectAll()
                edit.insert(self.typed)
            box = dialog.findChild(QDialogButtonBox)
            which = QDialogButtonBox.StandardButton.Ok if self.button in (None, "OK") \
                else QDialogButtonBox.StandardButton.Cancel
            box.button(which).click()
            return
        if isinstance(dialog, QMessageBox):
            for b in dialog.buttons():
                if b.text() == self.button:
                    b.click()
                    return
        dialog.reject()  # no such button: close it so the test does not hang, and fail below
        self.seen[-1]["missing"] = self.button


# ---- ui.prompts with real dialogs

def _qapp():
    from ui.app import build_app

    return build_app()


def test_recovery_buttons_map_to_their_actions(qtbot):
    _qapp()
    for button, expected in (("恢复", "restore"), ("放弃", "discard"), ("稍后再说", "later")):
        c = Clicker(button)
        assert REAL["recovery"](None, "工厂-2025.json，2025-03-01 10:00 的数据") == expected, button
        [seen] = c.seen
        assert "missing" not in seen
        assert seen["title"] == "恢复自动保存的数据"
        assert "工厂-2025.json，2025-03-01 10:00 的数据" in seen["text"]
        assert "恢复：打开自动保存的内容" in seen["text"] and "放弃：删除这份自动保存" in seen["text"]
    c = Clicker(key=Qt.Key.Key_Escape)  # Esc decides nothing: the autosave stays for later
    assert REAL["recovery"](None, "x") == "later"
    assert c.seen[0]["closed_by_key"]


def test_save_changes_buttons(qtbot):
    _qapp()
    for button, expected in (("保存", "save"), ("不保存", "discard"), ("取消", "cancel")):
        c = Clicker(button)
        assert REAL["save_changes"](None, "工厂-2025.json") == expected, button
        assert "“工厂-2025.json”有尚未保存的修改" in c.seen[0]["text"]
    c = Clicker(key=Qt.Key.Key_Escape)
    assert REAL["save_changes"](None, "x") == "cancel"
    assert c.seen[0]["closed_by_key"]


def test_confirm_buttons(qtbot):
    _qapp()
    Clicker("导入")
    assert REAL["confirm"](None, "模板导入", "是否导入？", "导入", "取消") is True
    Clicker("取消")
    assert REAL["confirm"](None, "模板导入", "是否导入？", "导入", "取消") is False
    c = Clicker(key=Qt.Key.Key_Escape)
    assert REAL["confirm"](None, "模板导入", "是否导入？", "导入", "取消") is False
    assert c.seen[0]["closed_by_key"]


def test_info_and_error_show_their_text(qtbot):
    _qapp()
    c = Clicker("确定")
    assert REAL["info"](None, "核对纸质件", "一致") is None
    c2 = Clicker("确定")
    REAL["error"](None, "保存失败", "磁盘空间不足", detail="OSError 28")
    assert (c.seen[0]["title"], c.seen[0]["text"]) == ("核对纸质件", "一致")
    assert (c2.seen[0]["title"], c2.seen[0]["text"]) == ("保存失败", "磁盘空间不足")


def test_ask_reason_needs_text(qtbot):
    _qapp()
    c = Clicker("OK", typed="  补充2024年数据  ")
    assert REAL["ask_reason"](None) == "补充2024年数据"
    assert c.seen[0]["title"] == "修改已定稿的表" and "原因将记入修改记录" in c.seen[0]["text"]
    Clicker("OK", typed="   ")
    assert REAL["ask_reason"](None) is None
    Clicker("Cancel", typed="原因")
    assert REAL["ask_reason"](None) is None


def test_ask_text_and_choose_form(qtbot):
    _qapp()
    Clicker("OK", typed=" 23BA-A38E-72D7 ")
    assert REAL["ask_text"](None, "核对纸质件", "输入") == "23BA-A38E-72D7"
    Clicker("Cancel", typed="x")
    assert REAL["ask_text"](None, "核对纸质件", "输入") is None
    c = Clicker("OK", item=1)
    assert REAL["choose_backup"](None, ["2025-03-02 10:00:00（3 KB）", "2025-03-01 09:00:00（3 KB）"]) == 1
    assert c.seen[0]["title"] == "数据备份/恢复" and "选择要恢复的备份" in c.seen[0]["text"]
    Clicker("Cancel")
    assert REAL["choose_backup"](None, ["2025-03-02 10:00:00（3 KB）"]) is None


def _in_new_draft_dialog(act) -> list[dict]:
    """Run `act(dialog)` on the 新建 dialog once it is on screen; returns what it showed."""
    seen: list[dict] = []

    def poll() -> None:
        d = QApplication.activeModalWidget()
        if d is None or not d.isVisible():
            QTimer.singleShot(20, poll)
            return
        kinds, years = d.findChild(QListWidget, "kinds"), d.findChild(QListWidget, "years")
        seen.append({"title": d.windowTitle(), "kinds": [kinds.item(i).text() for i in range(kinds.count())]})
        act(d, kinds, years, seen)

    QTimer.singleShot(0, poll)
    return seen


def test_new_draft_dialog_chooses_kind_then_year(qtbot):
    from ui.file_actions import _year_label
    from ui.new_draft_dialog import FormChoice

    _qapp()
    from greendesk import forms

    defs = forms.available()
    choices = [FormChoice(d.title, _year_label(d)) for d in defs]

    def pick_supply_chain_2024(d, kinds, years, seen):
        row = [kinds.item(i).text() for i in range(kinds.count())].index("绿色供应链管理企业动态管理表")
        kinds.setCurrentRow(row)
        seen.append({"years": [years.item(i).text() for i in range(years.count())]})
        years.setCurrentRow(1)
        d.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    seen = _in_new_draft_dialog(pick_supply_chain_2024)
    i = REAL["choose_form"](None, choices)
    assert (defs[i].kind, defs[i].report_year) == ("green-supply-chain", 2024)
    assert seen[0]["title"] == "新建"
    assert seen[0]["kinds"][:3] == ["绿色工厂动态管理表", "绿色工业园区动态管理表", "绿色供应链管理企业动态管理表"]
    assert "绿色制造培育名单（工厂、供应链）" in seen[0]["kinds"]
    assert seen[1]["years"] == ["2025年度（填报 2022—2024 年）", "2024年度（填报 2021—2023 年）"]

    seen = _in_new_draft_dialog(lambda d, kinds, years, seen: d.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Ok).click())
    i = REAL["choose_form"](None, choices)
    assert (defs[i].kind, defs[i].report_year) == ("green-factory", 2025)  # first kind, newest year

    _in_new_draft_dialog(lambda d, kinds, years, seen: d.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Cancel).click())
    assert REAL["choose_form"](None, choices) is None


# ---- the window

def _edit(w, cell: str, text: str) -> None:
    """An edit as the field editors make it: one command on the window's session."""
    w.session.set(cell, text)


def test_autosave_timer_fires_on_its_own(qtbot, window):
    window.recovery.autosave_timer.setInterval(50)
    assert window.store.latest(window.doc_key) is None
    _edit(window, "f:contact_name", "王芳")
    # nobody calls autosave(): the timer started by the edit does
    qtbot.waitUntil(lambda: window.store.latest(window.doc_key) is not None, timeout=5000)
    snap = window.store.latest(window.doc_key)
    assert "王芳" in window.store.read(snap).decode("utf-8")
    assert "王芳" not in window.path.read_text(encoding="utf-8")  # the file itself is not written


def _crash_with_autosave(qtbot, window, text: str) -> None:
    window.recovery.autosave_timer.setInterval(50)
    _edit(window, "f:contact_name", text)
    qtbot.waitUntil(lambda: window.store.latest(window.doc_key) is not None, timeout=5000)
    window.lock.release()  # the process "dies" without saving
    window.lock = None


def test_recovery_restore_clicked_opens_the_autosaved_data(qtbot, make_window, window, monkeypatch,
                                                          sample_copy):
    _crash_with_autosave(qtbot, window, "赵强")
    monkeypatch.setattr(prompts, "recovery", REAL["recovery"])
    fresh = make_window()
    c = Clicker("恢复")
    assert fresh.recovery.check_recovery() is True
    assert sample_copy.name in c.seen[0]["text"]
    assert fresh.session.draft.fields["contact_name"] == "赵强"
    assert fresh.session.dirty and fresh.windowTitle().startswith("*")
    assert "赵强" not in sample_copy.read_text(encoding="utf-8")  # saved only when the user saves


def test_recovery_discard_clicked_deletes_the_autosave(qtbot, make_window, window, monkeypatch,
                                                      sample_copy):
    _crash_with_autosave(qtbot, window, "钱伟")
    monkeypatch.setattr(prompts, "recovery", REAL["recovery"])
    fresh = make_window()
    c = Clicker("放弃")
    assert fresh.recovery.check_recovery() is False
    assert c.seen and fresh.session is None or fresh.session.draft.fields.get("contact_name") != "钱伟"
    assert fresh.store.latest(window.doc_key) is None
    c2 = Clicker("恢复")  # not asked again: nothing left to recover
    assert make_window().recovery.check_recovery() is False
    QApplication.processEvents()
    assert c2.seen == []
    modal = QApplication.activeModalWidget()
    if modal is not None:
        modal.reject()


def test_first_save_of_a_new_draft_asks_where(qtbot, make_window, answers, tmp_path):
    w = make_window()
    w.files.new_document()
    assert w.path is None
    w.session.set("f:factory_name", "新建示范工厂")
    target = tmp_path / "新建示范工厂-2025年度"
    answers.save_file.append(str(target))  # without .json: the app adds it
    w.files.a_save.trigger()
    saved = tmp_path / "新建示范工厂-2025年度.json"
    assert w.path == saved and saved.exists()
    assert open_draft(saved).draft.fields["factory_name"] == "新建示范工厂"
    assert not w.session.dirty and not w.windowTitle().startswith("*")
    assert draft_lock.is_locked(saved)
    # the next 暂存 writes the same file without asking
    w.session.set("f:factory_name", "新建示范工厂二")
    w.files.a_save.trigger()
    assert answers.save_file == []
    assert open_draft(saved).draft.fields["factory_name"] == "新建示范工厂二"


def test_first_save_cancelled_keeps_the_draft_unsaved(qtbot, make_window, answers):
    w = make_window()
    w.files.new_document()
    w.session.set("f:factory_name", "未保存")
    w.files.a_save.trigger()  # the save dialog is cancelled (no answer queued)
    assert w.path is None and w.session.dirty


def test_save_as_writes_the_new_file_and_leaves_the_old(qtbot, window, answers, sample_copy, tmp_path):
    before = sample_copy.read_bytes()
    window.session.set("f:contact_name", "孙丽")
    other = tmp_path / "副本.json"
    answers.save_file.append(str(other))
    window.files.a_save_as.trigger()
    assert window.path == other
    assert open_draft(other).draft.fields["contact_name"] == "孙丽"
    assert sample_copy.read_bytes() == before
    assert draft_lock.is_locked(other) and not draft_lock.is_locked(sample_copy)
    assert not window.session.dirty


def test_restore_from_backup(qtbot, window, answers, sample_copy):
    window.session.set("f:contact_name", "版本一")
    window.files.a_save.trigger()
    window.session.set("f:contact_name", "版本二")
    window.files.a_save.trigger()
    backups = storage.list_backups(sample_copy)
    [wanted] = [i for i, b in enumerate(backups) if "版本一" in b.path.read_text(encoding="utf-8")]
    answers.backup_choice = wanted
    window.recovery.a_backups.trigger()
    assert window.session.draft.fields["contact_name"] == "版本一"
    assert window.session.dirty  # opened from the backup, not yet saved over the file
    assert "版本二" in sample_copy.read_text(encoding="utf-8")


def test_restore_from_backup_of_an_unsaved_draft_says_there_is_none(qtbot, make_window, answers):
    w = make_window()
    w.files.new_document()
    w.recovery.a_backups.trigger()
    assert ("info", "数据备份/恢复 当前草稿尚未保存，没有备份。") in answers.asked


def _workbook_with(tmp_path, window, label: str, year_col_header: str, value) -> str:
    from greendesk import export

    path = tmp_path / "收回.xlsx"
    export.export_xlsx(window.session.definition, window.session.draft, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["动态管理表"]
    header = next(r for r in ws.iter_rows() if r[0].value == "指标名称")
    col = next(c.column for c in header if c.value == year_col_header)
    row = next(r for r in ws.iter_rows() if r[0].value == label)
    ws.cell(row=row[0].row, column=col, value=value)
    wb.save(path)
    return str(path)


def test_template_import_shows_a_preview_and_changes_nothing_when_cancelled(qtbot, window, answers,
                                                                           tmp_path):
    answers.open_file.append(_workbook_with(tmp_path, window, "工业总产值", "2024年指标值", 99999))
    answers.confirm = False
    window.imports.a_import.trigger()
    [(kind, text)] = [a for a in answers.asked if a[0] == "confirm"]
    assert "从 Excel 读取" in text and "是否用这些数据更新当前表" in text
    assert window.session.draft.table["E0"].values["2024"] == "98760"
    assert not window.session.dirty


def test_template_import_applies_as_one_undoable_step(qtbot, window, answers, tmp_path):
    answers.open_file.append(_workbook_with(tmp_path, window, "工业总产值", "2024年指标值", 99999))
    answers.confirm = True
    window.imports.a_import.trigger()
    assert window.session.draft.table["E0"].values["2024"] == "99999"
    assert window.session.cell_history("t:E0:2024")[-1].source == "imported"
    window.session.undo()
    assert window.session.draft.table["E0"].values["2024"] == "98760"


def test_check_paper_with_the_real_dialog(qtbot, window, answers, monkeypatch):
    full = window.session.draft.fingerprint()
    code = f"{full[:4]}-{full[4:8]}-{full[8:12]}".upper()
    monkeypatch.setattr(prompts, "ask_text", REAL["ask_text"])
    c = Clicker("OK", typed=code.lower())
    window.review.a_check.trigger()
    assert c.seen[0]["title"] == "核对纸质件" and code in c.seen[0]["text"]
    assert ("info", f"核对纸质件 一致：纸质件与当前草稿内容相同（{code}）。") in answers.asked
    answers.asked.clear()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    Clicker("OK", typed=wrong)
    window.review.a_check.trigger()
    assert ("error", f"核对纸质件 不一致：纸质件为 {wrong}，当前草稿为 {code}。纸质件与文件内容不同。") \
        in answers.asked


class MenuPicker:
    """Picks an entry of the context menu once it pops up."""

    def __init__(self, entry: str | None):
        self.entry, self.entries, self.tries = entry, [], 0
        QTimer.singleShot(0, self._poll)

    def _poll(self):
        self.tries += 1
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            if self.tries < 250:
                QTimer.singleShot(20, self._poll)
            return
        self.entries = [a.text() for a in menu.actions()]
        chosen = next((a for a in menu.actions() if a.text() == self.entry), None)
        menu.close()
        if chosen is not None:
            chosen.trigger()


def _right_click(qtbot, w, address: str, entry: str | None) -> MenuPicker:
    w.nav.setCurrentRow(3)
    index = w.model.index_of(address)
    w.table_view.scrollTo(index)
    pos = w.table_view.visualRect(index).center()
    picker = MenuPicker(entry)
    w.table_view.customContextMenuRequested.emit(pos)  # what a right click sends
    qtbot.waitUntil(lambda: picker.entries != [], timeout=5000)
    return picker


def test_right_click_not_applicable_fills_zero_and_says_so(qtbot, window):
    picker = _right_click(qtbot, window, "t:S5:2024", "不涉及（各年填0并注明）")
    assert picker.entries == ["查看修改记录", "不涉及（各年填0并注明）"]
    qtbot.waitUntil(lambda: window.session.draft.table["S5"].values.get("2024") == "0", timeout=3000)
    assert window.session.draft.table["S5"].values == {"2022": "0", "2023": "0", "2024": "0"}
    assert window.session.draft.table["S5"].note.startswith("不涉及。")
    window.session.undo()  # one step
    assert window.session.draft.table["S5"].values["2024"] == "34.8"


def test_right_click_change_log_opens_for_that_cell(qtbot, window):
    window.session.set("t:W1:2024", "119900")
    titles = []

    def close_dialog(tries=[0]):  # noqa: B006 — a counter across timer calls
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            titles.append(dialog.windowTitle())
            dialog.accept()
        elif tries[0] < 250:
            tries[0] += 1
            QTimer.singleShot(20, close_dialog)

    QTimer.singleShot(0, close_dialog)
    picker = _right_click(qtbot, window, "t:W1:2024", "查看修改记录")
    qtbot.waitUntil(lambda: titles != [], timeout=5000)
    assert "不涉及（各年填0并注明）" in picker.entries
    assert titles[0].startswith("修改记录 — ") and "取水量" in titles[0] and "2024" in titles[0]


def test_right_click_on_a_computed_row_offers_no_not_applicable(qtbot, window):
    picker = _right_click(qtbot, window, "t:E4:2024", None)
    assert "不涉及（各年填0并注明）" not in picker.entries


def test_editor_left_behind_is_not_counted(qtbot, window):
    """Sanity for the helpers above: no dialog or menu is left open after a test."""
    QApplication.processEvents()
    modal = QApplication.activeModalWidget()
    assert modal is None or not shiboken6.isValid(modal) or not modal.isVisible()


# ---- an error caught by `guarded` fails the test that caused it (tests/ui/conftest.py)

@pytest.mark.guarded_error_expected
def test_guarded_error_is_recorded_for_the_test(qtbot, window, answers, monkeypatch,
                                                _guarded_errors_fail_the_test):
    from greendesk import export

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(export, "import_xlsx", broken)
    answers.open_file.append("x.xlsx")
    window.imports.a_import.trigger()
    assert ("error", "出错了 操作未能完成，您的数据仍在程序中和自动保存里。") in answers.asked
    [record] = _guarded_errors_fail_the_test
    assert "import_xlsx" in record.getMessage() and "boom" in record.getMessage()
    _guarded_errors_fail_the_test.clear()  # expected here; any other test would fail on it

"""Every modal question the app asks, in one place, in Chinese, so tests can answer them.

Tests monkeypatch these functions; the window never calls `exec()` on a dialog directly.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from ui.new_draft_dialog import FormChoice, NewDraftDialog

DRAFT_FILTER = "GreenDesk 草稿 (*.json);;所有文件 (*)"
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
PDF_FILTER = "PDF 文件 (*.pdf)"


def _box(parent: QWidget | None, icon, title: str, text: str, buttons: list[tuple[str, object]],
         detail: str = "", escape: object = None) -> object:
    """Esc and the window's close button answer `escape` (the choice that changes nothing), never
    nothing at all: the last button when none is named."""
    box = QMessageBox(icon, title, text, parent=parent)
    mapping = {}
    escape = buttons[-1][1] if escape is None else escape
    for label, value in buttons:
        role = QMessageBox.ButtonRole.RejectRole if value == escape else QMessageBox.ButtonRole.AcceptRole
        button = box.addButton(label, role)
        mapping[button] = value
        if value == escape:
            box.setEscapeButton(button)
    if detail:
        box.setDetailedText(detail)
    box.exec()
    return mapping.get(box.clickedButton())


def info(parent, title: str, text: str, detail: str = "") -> None:
    _box(parent, QMessageBox.Icon.Information, title, text, [("确定", True)], detail)


def error(parent, title: str, text: str, detail: str = "") -> None:
    _box(parent, QMessageBox.Icon.Critical, title, text, [("确定", True)], detail)


def confirm(parent, title: str, text: str, yes: str = "确定", no: str = "取消", detail: str = "") -> bool:
    return _box(parent, QMessageBox.Icon.Question, title, text, [(yes, True), (no, False)], detail,
                escape=False) is True


def save_changes(parent, name: str) -> str:
    """'save' | 'discard' | 'cancel' for unsaved changes."""
    return _box(parent, QMessageBox.Icon.Warning, "尚未保存",
                f"“{name}”有尚未保存的修改。是否保存？",
                [("保存", "save"), ("不保存", "discard"), ("取消", "cancel")], escape="cancel") or "cancel"


def recovery(parent, description: str) -> str:
    """'restore' | 'discard' | 'later' for one autosave left behind by a crash."""
    return _box(parent, QMessageBox.Icon.Warning, "恢复自动保存的数据",
                "GreenDesk 上次没有正常关闭，找到了未保存的数据：\n\n" + description
                + "\n\n恢复：打开自动保存的内容（原文件不会被改动，保存后才写入）。\n放弃：删除这份自动保存。",
                [("恢复", "restore"), ("放弃", "discard"), ("稍后再说", "later")], escape="later") or "later"


def ask_reason(parent) -> str | None:
    text, ok = QInputDialog.getText(parent, "修改已定稿的表",
                                    "该表已定稿（用于签字盖章）。修改需要填写原因，原因将记入修改记录：")
    return text.strip() if ok and text.strip() else None


def ask_text(parent, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label)
    return text.strip() if ok else None


def open_file(parent, title: str, folder: str, filter_: str = DRAFT_FILTER) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filter_)
    return path or None


def save_file(parent, title: str, suggested: str, filter_: str = DRAFT_FILTER) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filter_)
    return path or None


def choose(parent, title: str, label: str, choices: list[str]) -> int | None:
    """One item of a list, or None when cancelled."""
    item, ok = QInputDialog.getItem(parent, title, label, choices, 0, False)
    return choices.index(item) if ok else None


def choose_form(parent, choices: list[FormChoice]) -> int | None:
    """文件 → 新建: 名单类型, then 年度; the index of the chosen definition."""
    dialog = NewDraftDialog(parent, choices)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def choose_backup(parent, labels: list[str]) -> int | None:
    return choose(parent, "数据备份/恢复", "选择要恢复的备份（按保存时间，最新在前）：", labels)


def open_externally(path: str) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(path))

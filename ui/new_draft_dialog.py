"""文件 → 新建: choose the kind of table first, then its year, as the platform lists them.

One flat list of every table and year grows with each year shipped; two short lists (名单类型 →
年度) stay readable and put the newest year first. The dialog only chooses: the caller makes the draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)


@dataclass(frozen=True)
class FormChoice:
    """One shipped definition as the dialog shows it."""

    kind_label: str  # e.g. 绿色工厂动态管理表
    year_label: str  # e.g. 2025年度（填报 2022—2024 年）


class NewDraftDialog(QDialog):
    def __init__(self, parent: QWidget | None, choices: list[FormChoice]):
        super().__init__(parent)
        self.setWindowTitle("新建")
        self.choices = choices
        self.kinds = list(dict.fromkeys(c.kind_label for c in choices))
        self.kind_list = QListWidget(objectName="kinds")
        self.year_list = QListWidget(objectName="years")
        for k in self.kinds:
            self.kind_list.addItem(k)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        grid = QGridLayout(self)
        grid.addWidget(QLabel("名单类型："), 0, 0)
        grid.addWidget(QLabel("年度："), 0, 1)
        grid.addWidget(self.kind_list, 1, 0)
        grid.addWidget(self.year_list, 1, 1)
        grid.addWidget(self.buttons, 2, 0, 1, 2)
        self.kind_list.currentRowChanged.connect(self._show_years)
        self.year_list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.kind_list.setCurrentRow(0)
        self.resize(640, 320)

    def _show_years(self, row: int) -> None:
        self.year_list.clear()
        if row < 0:
            return
        kind = self.kinds[row]
        for i, c in enumerate(self.choices):
            if c.kind_label == kind:
                item = QListWidgetItem(c.year_label)
                item.setData(Qt.ItemDataRole.UserRole, i)
                self.year_list.addItem(item)
        self.year_list.setCurrentRow(0)  # the choices come newest year first

    def chosen(self) -> int | None:
        """Index into `choices` of the chosen table and year."""
        item = self.year_list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

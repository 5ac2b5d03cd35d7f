"""核对平台数据: the differences between the platform's exported workbook and the draft, one per line;
double-click goes to the cell in GreenDesk. What was understood of the workbook is shown above."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from greendesk.compare import KIND_LABELS, Comparison

COLUMNS = ["项目", "年度", "差异", "GreenDesk", "平台表格", "位置"]


class CompareDialog(QDialog):
    def __init__(self, result: Comparison, source: str, go_to: Callable[[str], None] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"核对平台数据 — {source}")
        self.result = result
        self.go_to = go_to
        lay = QVBoxLayout(self)
        if not result.readable:
            head = "未能识别平台表格的排列，未作比较。"
        elif result.differences:
            head = f"一致 {result.equal} 项，不同 {len(result.differences)} 项。双击一行可转到该单元格。"
        else:
            head = f"一致 {result.equal} 项，没有发现差异。"
        self.summary = QLabel(head)
        self.summary.setStyleSheet("font-weight: bold;")
        lay.addWidget(self.summary)
        found = list(result.found)
        if result.unmatched:
            found.append("未能对应到本表的项目：" + "、".join(result.unmatched[:20]))
        self.found = QLabel("\n".join(found))
        self.found.setWordWrap(True)
        self.found.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.found)
        self.table = QTableWidget(len(result.differences), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for r, d in enumerate(result.differences):
            values = [d.label, f"{d.year}年" if d.year else "", KIND_LABELS[d.kind], d.draft, d.platform,
                      d.where]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, d.cell)
                item.setToolTip(d.text)
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self._go)
        self.table.setVisible(bool(result.differences))
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        lay.addWidget(buttons)
        self.resize(900, 560)

    def _go(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None and self.go_to is not None:
            self.go_to(item.data(Qt.ItemDataRole.UserRole))

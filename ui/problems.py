"""The problems panel (审核报告): every finding, with severity, part and place; a click goes to the cell."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from greendesk.messages import SEVERITY_LABELS

COLOURS = {"error": "#c0392b", "warning": "#b9770e", "info": "#2e6da4"}


class ProblemsPanel(QTableWidget):
    findingActivated = Signal(object)

    def __init__(self, parent=None):
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(["级别", "部分", "位置", "说明"])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(True)
        hh = self.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(True)
        self.findings: list = []
        self.cellClicked.connect(lambda r, _c: self.findingActivated.emit(self.findings[r]))
        self.cellActivated.connect(lambda r, _c: self.findingActivated.emit(self.findings[r]))

    def show_report(self, report, definition, place) -> None:
        parts = {p.id: p.short_title for p in definition.parts}
        self.findings = list(report.findings)
        self.setRowCount(len(self.findings))
        for r, f in enumerate(self.findings):
            level = SEVERITY_LABELS[f.severity] + ("（已说明）" if f.acknowledged else "")
            items = [QTableWidgetItem(level), QTableWidgetItem(parts.get(f.part, f.part)),
                     QTableWidgetItem(place(f)), QTableWidgetItem(f.text)]
            items[0].setForeground(QBrush(QColor(COLOURS[f.severity])))
            items[3].setToolTip(f.text)
            for c, it in enumerate(items):
                it.setData(Qt.ItemDataRole.UserRole, f.cell)
                self.setItem(r, c, it)
        self.resizeRowsToContents()

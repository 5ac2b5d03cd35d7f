"""修改记录: the draft's append-only change log, for one cell or the whole table, read-only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from greendesk.draft import SOURCE_LABELS, STATE_LABELS


class ChangeLogDialog(QDialog):
    def __init__(self, entries, describe, title: str = "修改记录", parent=None, shown=None):
        """`describe(cell)` names a cell; `shown(cell, value)` gives a value as the user reads it
        (a list row instead of the JSON the log keeps)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        table = QTableWidget(len(entries), 6, self)
        table.setHorizontalHeaderLabels(["时间", "单元格", "原值", "新值", "来源", "原因"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        for r, e in enumerate(reversed(entries)):
            old, new = e.old or "", e.new or ""
            if shown is not None:
                old, new = shown(e.cell, e.old), shown(e.cell, e.new)
            if e.cell == "state":
                old, new = STATE_LABELS.get(old, old), STATE_LABELS.get(new, new)
            values = [e.time.astimezone().strftime("%Y-%m-%d %H:%M:%S"), describe(e.cell), old, new,
                      SOURCE_LABELS.get(e.source, e.source), e.reason]
            for c, v in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(v))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(self)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(table)
        lay.addWidget(buttons)
        self.resize(900, 500)

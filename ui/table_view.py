"""The Part 3 view and its delegates: number editors that accept what Chinese keyboards type,
unit and 是/否 dropdowns, Enter commits and moves down, headings span the table."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
)

from ui.table_model import KIND_ROLE, OPTIONS_ROLE, IndicatorModel


class CellDelegate(QStyledItemDelegate):
    """One delegate for the whole table: the model says which editor a cell needs."""

    def createEditor(self, parent, option, index):  # noqa: N802
        kind = index.data(KIND_ROLE)
        if kind == "choice":
            combo = QComboBox(parent)
            combo.addItems(index.data(OPTIONS_ROLE) or [])
            combo.activated.connect(lambda _i, c=combo: self._commit(c))
            return combo
        editor = QLineEdit(parent)
        if kind == "number":
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            editor.setPlaceholderText("数字")
        return editor

    def _commit(self, editor) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor, index):  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            i = editor.findText(value)
            editor.setCurrentIndex(i if i >= 0 else 0)
        else:
            editor.setText(value)

    def setModelData(self, editor, model, index):  # noqa: N802
        text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        model.setData(index, text, Qt.ItemDataRole.EditRole)


class IndicatorView(QTableView):
    def __init__(self, model: IndicatorModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self))
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        triggers = QAbstractItemView.EditTrigger
        self.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
                             | triggers.SelectedClicked)
        self.verticalHeader().setVisible(False)
        hh = self.horizontalHeader()
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        fm = self.fontMetrics()
        em = fm.horizontalAdvance("中")
        widths = [13 * em, 11 * em, 8 * em] + [8 * em] * len(model.years) + [12 * em]
        for i, w in enumerate(widths):
            self.setColumnWidth(i, w)
        self._resize_timer = QTimer(self, singleShot=True, interval=50)
        self._resize_timer.timeout.connect(self.resizeRowsToContents)
        hh.sectionResized.connect(lambda *_: self._resize_timer.start())
        model.modelReset.connect(self._layout)
        model.dataChanged.connect(lambda *_: self._resize_timer.start())
        self._layout()

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self._resize_timer.start()  # wrapped 填写说明 needs new heights when the width changes

    def _layout(self) -> None:
        self.clearSpans()
        m: IndicatorModel = self.model()
        for r, line in enumerate(m.lines):
            if line.heading:
                self.setSpan(r, 0, 1, m.columnCount())
            elif line.text_cell and len(m.years) > 1:
                self.setSpan(r, 3, 1, len(m.years))
        self.resizeRowsToContents()

    def closeEditor(self, editor, hint):  # noqa: N802
        """Enter commits and moves down to the next cell that takes input, like a spreadsheet."""
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.move_down()
            return
        super().closeEditor(editor, hint)

    def move_down(self) -> None:
        cur = self.currentIndex()
        if not cur.isValid():
            return
        m: IndicatorModel = self.model()
        for r in range(cur.row() + 1, m.rowCount()):
            if m.editable(r, cur.column()):
                self.setCurrentIndex(m.index(r, cur.column()))
                return

    def keyPressEvent(self, event):  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            cur = self.currentIndex()
            if cur.isValid() and cur.flags() & Qt.ItemFlag.ItemIsEditable:
                self.edit(cur)
                return
        super().keyPressEvent(event)

    def focus_cell(self, index: QModelIndex) -> None:
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            self.setFocus()

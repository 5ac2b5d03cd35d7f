"""The platform's inline warnings: after an edit, the new plausibility warnings it caused pop up
beside the cell (数值超出范围警告 / 数值规则警告); a refused input pops up as 输入有误.

The popup belongs to its cell: the next edit, 验证并保存, moving to another cell (in the table or
to another field) and Escape close it. The one move that does not is Enter's own step down to the
next cell right after the commit that raised the warning."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QTimer
from PySide6.QtWidgets import QWidget

from greendesk.rules import Finding
from greendesk.session import OpResult
from ui.field_pages import FieldsPage
from ui.records_page import RecordsPage
from ui.warning_popup import WarningPopup
from ui.window_api import DocumentWindow


class CellWarnings:
    def __init__(self, window: DocumentWindow):
        self.window = window
        self.popup = WarningPopup(window)
        self._prev: set[tuple] = set()
        self._enter_step = False  # Enter's step down after the commit does not close it

    def hide(self) -> None:
        self.popup.hide()

    def watch_table(self, view) -> None:
        """Called by the window when it builds the indicator table."""
        view.selectionModel().currentChanged.connect(self._on_current_cell)

    def _on_current_cell(self, current: QModelIndex, previous: QModelIndex) -> None:
        popup, w = self.popup, self.window
        if not popup.isVisible() or w.model is None:
            return
        now = w.model.cell_at(current.row(), current.column()) if current.isValid() else ""
        before = w.model.cell_at(previous.row(), previous.column()) if previous.isValid() else ""
        if now == popup.cell:
            return
        if self._enter_step and before == popup.cell:
            self._enter_step = False
            return
        popup.hide()

    def _show(self, findings: list, anchor: QPoint, *, cell: str, error_title: str = "",
              message: str = "") -> None:
        # the step down that Enter makes comes in the same turn of the event loop as the commit
        self._enter_step = True
        QTimer.singleShot(0, self.popup, self._end_enter_step)
        self.popup.owner_widget = self._field_editor(cell)
        if error_title:
            self.popup.show_message(error_title, message, anchor, cell)
        else:
            self.popup.show_findings(findings, anchor, cell=cell)

    def _keys(self) -> set[tuple]:
        session = self.window.session
        if session is None:
            return set()
        return {(f.code, f.cell, f.message, f.detail) for f in session.report.findings
                if f.severity == "warning"}

    def reset(self) -> None:
        """A draft was (re)loaded: the warnings it already has are not news."""
        self.popup.hide()
        self._prev = self._keys()

    def on_result(self, result: OpResult) -> None:
        """Pop up the warnings this edit caused (not those it merely left standing)."""
        session = self.window.session
        new = [f for f in session.report.findings if f.severity == "warning" and not f.acknowledged
               and (f.code, f.cell, f.message, f.detail) not in self._prev
               and (f.cell in result.cells or (f.row and f.row in result.rows)
                    or any(r in result.rows for r in f.rows))]
        self._prev = self._keys()
        if new and result.label not in ("撤销编辑", "重做编辑"):
            self.show_warning(new)
        else:
            self.popup.hide()  # the cell it described has been edited again, or another one has

    def show_warning(self, findings: list[Finding]) -> None:
        """The platform-style popup beside the cell that caused the warning."""
        self._show(findings, self.anchor_for(findings[0].cell), cell=findings[0].cell)

    def show_input_error(self, address: str, message: str) -> None:
        self._show([], self.anchor_for(address), cell=address, error_title="输入有误", message=message)

    def show_table_input_error(self, index, message: str) -> None:
        w = self.window
        w.statusBar().showMessage(message, 8000)
        if w.table_view is not None:
            rect = w.table_view.visualRect(index)
            pt = w.table_view.viewport().mapTo(w, rect.bottomLeft())
            cell = w.model.cell_at(index.row(), index.column()) or ""
            self._show([], QPoint(pt.x(), pt.y() + 2), cell=cell, error_title="输入有误", message=message)

    def _end_enter_step(self) -> None:
        self._enter_step = False

    def _field_editor(self, cell: str) -> QWidget | None:
        """The editor of a field cell on the current page (focus leaving it closes the popup)."""
        w = self.window
        page = w.pages.get(w.current_part())
        if not cell.startswith("f:") or not isinstance(page, FieldsPage):
            return None
        return page.editors.get(cell[2:].split(".")[0])

    def anchor_for(self, address: str) -> QPoint:
        w = self.window
        if w.table_view is not None and address.startswith(("t:", "p:")) \
                and w.current_part() == w.session.definition.table_part.id:
            idx = w.model.index_of(address)
            rect = w.table_view.visualRect(idx)
            pt = w.table_view.viewport().mapTo(w, rect.bottomRight())
            return QPoint(pt.x() + 4, pt.y() + 2)
        page = w.pages.get(w.current_part())
        if address.startswith("r:") and isinstance(page, RecordsPage):
            return page.anchor_for(address)
        fid = address[2:].split(".")[0] if address.startswith("f:") else ""
        if isinstance(page, FieldsPage) and fid in page.editors:
            editor = page.editors[fid]
            return editor.mapTo(w, QPoint(0, editor.height() + 2))
        return QPoint(w.width() // 3, w.height() // 3)

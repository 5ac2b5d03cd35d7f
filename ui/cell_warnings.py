"""The platform's inline warnings: after an edit, the new plausibility warnings it caused pop up
beside the cell (数值超出范围警告 / 数值规则警告); a refused input pops up as 输入有误."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from greendesk.rules import Finding
from greendesk.session import OpResult
from ui.field_pages import FieldsPage
from ui.warning_popup import WarningPopup
from ui.window_api import DocumentWindow


class CellWarnings:
    def __init__(self, window: DocumentWindow):
        self.window = window
        self.popup = WarningPopup(window)
        self._prev: set[tuple] = set()

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

    def show_warning(self, findings: list[Finding]) -> None:
        """The platform-style popup beside the cell that caused the warning."""
        self.popup.show_findings(findings, self.anchor_for(findings[0].cell))

    def show_input_error(self, address: str, message: str) -> None:
        self.popup.show_message("输入有误", message, self.anchor_for(address))

    def show_table_input_error(self, index, message: str) -> None:
        w = self.window
        w.statusBar().showMessage(message, 8000)
        if w.table_view is not None:
            rect = w.table_view.visualRect(index)
            pt = w.table_view.viewport().mapTo(w, rect.bottomLeft())
            self.popup.show_message("输入有误", message, QPoint(pt.x(), pt.y() + 2))

    def anchor_for(self, address: str) -> QPoint:
        w = self.window
        if w.table_view is not None and address.startswith(("t:", "p:")) \
                and w.current_part() == w.session.definition.table_part.id:
            idx = w.model.index_of(address)
            rect = w.table_view.visualRect(idx)
            pt = w.table_view.viewport().mapTo(w, rect.bottomRight())
            return QPoint(pt.x() + 4, pt.y() + 2)
        page = w.pages.get(w.current_part())
        fid = address[2:].split(".")[0] if address.startswith("f:") else ""
        if isinstance(page, FieldsPage) and fid in page.editors:
            editor = page.editors[fid]
            return editor.mapTo(w, QPoint(0, editor.height() + 2))
        return QPoint(w.width() // 3, w.height() // 3)

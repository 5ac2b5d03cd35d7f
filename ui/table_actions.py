"""Right-click on an indicator cell: its change log, and 不涉及 for a parameter row."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from greendesk import cells
from ui.guard import guarded
from ui.window_api import DocumentWindow


class TableActions:
    def __init__(self, window: DocumentWindow):
        self.window = window

    def context_menu(self, pos) -> None:
        """Right-click on a cell: its change log, and 不涉及 (fill 0 and say so) for a parameter row."""
        w = self.window
        index = w.table_view.indexAt(pos)
        if not index.isValid():
            return
        line = w.model.lines[index.row()]
        address = w.model.cell_at(index.row(), index.column())
        menu = QMenu(w)
        if address:
            menu.addAction("查看修改记录", lambda: w.review.show_log(address))
        if line.kind == "parameter" and line.editable:
            menu.addAction("不涉及（各年填0并注明）", lambda: self.not_applicable(line))
        if not menu.isEmpty():
            menu.exec(w.table_view.viewport().mapToGlobal(pos))

    @guarded
    def not_applicable(self, line) -> None:
        """V1: blank is not 0 — 不涉及 writes 0 for every year and says so in 特殊情况说明."""
        w = self.window
        edits = [(cell, "0") for cell in line.year_cells.values()]
        note = cells.get(w.session.draft, line.note_cell) or ""
        if "不涉及" not in note:
            edits.append((line.note_cell, ("不涉及。" + note).strip()))
        w.with_reason(lambda reason="": w.session.apply(edits, reason=reason, label="不涉及"))

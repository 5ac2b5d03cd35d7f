"""Part 3 as a QAbstractTableModel over the core: lines from `greendesk.layout`, values from the
draft, edits through the EditSession. The model holds no data of its own."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from greendesk import cells
from greendesk.cells import CellError
from greendesk.layout import Line, display_value, table_lines
from greendesk.provenance import row_tip
from greendesk.session import EditSession, OpResult, ReasonRequired
from ui.provenance_mark import provenance_icon

ERROR_BG = QColor("#f8d0d0")
WARNING_BG = QColor("#fde8c0")
ACK_BG = QColor("#eef3dc")
COMPUTED_BG = QColor("#eeeeee")
INPUT_BG = QColor("#fffdf2")
SECTION_BG = QColor("#d7e4d0")
GROUP_BG = QColor("#eef3ea")

CELL_ROLE = Qt.ItemDataRole.UserRole + 1  # the core address behind an index
OPTIONS_ROLE = Qt.ItemDataRole.UserRole + 2  # dropdown options for unit / 是否 cells
KIND_ROLE = Qt.ItemDataRole.UserRole + 3  # "number" | "choice" | "text"


class IndicatorModel(QAbstractTableModel):
    inputRejected = Signal(QModelIndex, str)  # the core refused what was typed (message in Chinese)
    reasonNeeded = Signal()

    def __init__(self, session: EditSession, ask_reason=None, parent=None):
        super().__init__(parent)
        self.session = session
        self.ask_reason = ask_reason
        self.years = session.definition.years
        self.headers = ["指标名称", "指标涉及的参数", "单位"] + [f"{y}年指标值" for y in self.years] \
            + ["特殊情况说明", "填写说明"]
        self.col_note = 3 + len(self.years)
        self.col_fill = 4 + len(self.years)
        self.lines: list[Line] = []
        self.show_errors = False  # red marks for blank required cells only after 验证并保存
        self.touched: set[str] = set()
        self._findings: dict[str, list] = {}
        self.rebuild()

    # ---------------------------------------------------------------- structure
    def rebuild(self) -> None:
        self.beginResetModel()
        self.lines = table_lines(self.session.definition, self.session.draft)
        self._index_findings()
        self.endResetModel()

    def _index_findings(self) -> None:
        self._findings = {}
        for f in self.session.report.findings:
            if f.cell.startswith(("t:", "p:")):
                self._findings.setdefault(f.cell, []).append(f)

    def on_result(self, result: OpResult) -> None:
        """Refresh from what a command changed: structure when product lines appear or vanish."""
        structural = any(c.cell.endswith(":applicable") or (c.cell.startswith("p:") and c.cell.count(":") == 3)
                         for c in result.changes)
        new_lines = table_lines(self.session.definition, self.session.draft)
        if structural or len(new_lines) != len(self.lines):
            self.beginResetModel()
            self.lines = new_lines
            self._index_findings()
            self.endResetModel()
        else:
            self.lines = new_lines
            self._index_findings()
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.lines)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    # ---------------------------------------------------------------- addressing
    def cell_at(self, row: int, col: int) -> str | None:
        """The core address an index edits or shows (None for labels and headings)."""
        line = self.lines[row]
        if line.heading:
            return None
        if col == 2:
            return line.unit_cell
        if 3 <= col < 3 + len(self.years):
            if line.text_cell:
                return line.text_cell if col == 3 else None
            return line.year_cells.get(self.years[col - 3])
        if col == self.col_note:
            return line.note_cell
        return None

    def index_of(self, address: str) -> QModelIndex:
        for r in range(len(self.lines)):
            for c in range(self.columnCount()):
                if self.cell_at(r, c) == address:
                    return self.index(r, c)
        c = cells.Cell.parse(address)
        for r, line in enumerate(self.lines):  # a finding on a product item or question
            if line.row == c.row and not line.heading:
                return self.index(r, 0)
        return QModelIndex()

    def editable(self, row: int, col: int) -> bool:
        line = self.lines[row]
        address = self.cell_at(row, col)
        if address is None:
            return False
        if address == line.note_cell or address == line.text_cell or address == line.unit_cell:
            return True
        return line.editable

    # ---------------------------------------------------------------- data
    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self.editable(index.row(), index.column()):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        col = index.column()
        address = self.cell_at(index.row(), col)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line, col, address, role)
        if role == CELL_ROLE:
            return address
        if role == OPTIONS_ROLE:
            if address and address == line.unit_cell:
                return list(line.unit_options)
            if address and line.kind == "question" and address == line.text_cell:
                return ["是", "否"]
            if address and line.kind == "qualitative" and address in line.year_cells.values():
                return list(line.unit_options)  # 是 / 否 (layout.ANSWER_OPTIONS)
            return None
        if role == KIND_ROLE:
            if address is None:
                return None
            if address in (line.unit_cell,) or (line.kind == "question" and address == line.text_cell):
                return "choice"
            if line.kind == "qualitative" and address in line.year_cells.values():
                return "choice"
            if address in (line.note_cell, line.text_cell):
                return "text"
            return "number"
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(index.row(), line, col, address)
        if role == Qt.ItemDataRole.FontRole and line.heading:
            f = QFont()
            f.setBold(True)
            if line.kind == "section":
                f.setPointSizeF(f.pointSizeF() * 1.1)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and 3 <= col < 3 + len(self.years) and not line.text_cell:
            if line.kind == "qualitative":
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if col == 0 and role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole) and (
                tip := row_tip(self.session.definition, line.row)):  # say what is reconstructed
            return provenance_icon() if role == Qt.ItemDataRole.DecorationRole else tip
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, address)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.col_fill:
            return QBrush(QColor("#555555"))
        return None

    def _text(self, line: Line, col: int, address: str | None, role) -> str | None:
        if line.heading:
            return line.label if col == 0 else None
        if col == 0:
            return line.label
        if col == 1:
            return line.parameters
        if col == 2:
            return line.unit
        if col == self.col_fill:
            return line.fill_note
        if address is None:
            return None
        if line.numeric and 3 <= col < 3 + len(self.years):
            year = self.years[col - 3]
            if role == Qt.ItemDataRole.EditRole:
                return cells.get(self.session.draft, address) or ""
            return display_value(self.session.computed, line, year)
        return cells.get(self.session.draft, address) or ""

    def _background(self, row: int, line: Line, col: int, address: str | None):
        if line.heading:
            return QBrush(SECTION_BG if line.kind == "section" else GROUP_BG)
        if address is None:
            return None
        found = self._findings.get(address, [])
        if found and (self.show_errors or address in self.touched or any(f.severity != "error" or f.code != "V1"
                                                                          for f in found)):
            if any(f.severity == "error" for f in found):
                return QBrush(ERROR_BG)
            if any(f.severity == "warning" and not f.acknowledged for f in found):
                return QBrush(WARNING_BG)
            if any(f.severity == "warning" for f in found):
                return QBrush(ACK_BG)
        if not self.editable(row, col):
            return QBrush(COMPUTED_BG)
        return QBrush(INPUT_BG)

    def _tooltip(self, line: Line, address: str | None) -> str | None:
        parts = []
        for f in self._findings.get(address or "", []):
            ack = "（已在特殊情况说明中说明）" if f.acknowledged else ""
            parts.append(f"【{f.title}】{f.text}{ack}")
        if line.fill_note:
            parts.append("填写说明：" + line.fill_note)
        return "\n".join(parts) or None

    def findings_at(self, address: str) -> list:
        return self._findings.get(address, [])

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        address = self.cell_at(index.row(), index.column())
        if address is None or not self.editable(index.row(), index.column()):
            return False
        text = "" if value is None else str(value)
        if text == (cells.get(self.session.draft, address) or ""):
            return True
        persistent = QPersistentModelIndex(index)
        reason = ""
        for _ in range(2):
            try:
                self.touched.add(address)
                self.session.set(address, text, reason=reason)
                return True
            except CellError as exc:
                self.inputRejected.emit(QModelIndex(persistent), exc.message)
                return False
            except ReasonRequired:
                reason = (self.ask_reason() if self.ask_reason else None) or ""
                if not reason:
                    return False
        return False

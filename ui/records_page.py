"""A list of records (培育名单, 附件3/4) as a page: the list's own fields (the city of the title)
above a table with the notice's column heads, typed editors per column, 添加行 / 插入行 / 删除行 /
上移 / 下移, Ctrl+V of many rows copied from Excel, and each bad cell marked with its message.

Every edit is a command of greendesk.record_ops (one undo step that logs); the table re-reads the
draft when the window refreshes, like every page.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPoint, QStringListModel, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from greendesk import record_cells, record_ops, records, refdata
from greendesk.cells import CellError
from greendesk.definition import Part, RecordColumn
from greendesk.session import EditSession
from ui import prompts
from ui.field_pages import FieldsPage, LineEditor
from ui.guard import guarded
from ui.window_api import DocumentWindow

ERROR_BACKGROUND = QColor("#f8d7da")
ERROR_TEXT = QColor("#8b1a1a")
WARNING_BACKGROUND = QColor("#fcf3cf")
MISSING = "：未填写"  # a required cell left blank: shown after 验证并保存, like the table's V1
HEAD_LINE = 9  # characters per line of a wrapped column head


def wrap_head(label: str, per_line: int = HEAD_LINE) -> str:
    """The notice's head on short lines (the text unchanged): the name, then its bracketed hint
    broken after "、" so that 企业类型（国有、民营、…） does not make a column half a screen wide."""
    name, bracket, hint = label.partition("（")
    if not bracket:
        return label
    lines, line = [], "（"
    pieces = [p[i:i + per_line] for p in re.findall(r"[^、]+、?", hint) for i in range(0, len(p), per_line)]
    for piece in pieces:
        if len(line) + len(piece) > per_line and len(line) > 1:
            lines.append(line)
            line = ""
        line += piece
    lines.append(line)
    return "\n".join([name, *lines])




def _county_addresses(city: str) -> list[str]:
    code = records.city_code(city)
    if not code:
        return []
    name = next((c.name for p in refdata.provinces() for c in refdata.cities(p.code) if c.code == code),
                city)
    return [f"{name}{a.name}" for a in refdata.counties(code) if a.name != "市辖区"]


def _shared_model(name: str, items) -> QStringListModel:
    """One string model per list for the whole app (the 1,381 industries are built once)."""
    app = QApplication.instance()
    model = app.findChild(QStringListModel, name)
    if model is None:
        model = QStringListModel(list(items()), app)
        model.setObjectName(name)
    return model


# ---------------------------------------------------------------- the model


class RecordsModel(QAbstractTableModel):
    """Rows of the draft's list; column 0 is 序号 (numbered), then the definition's columns."""

    def __init__(self, page: RecordsPage):
        super().__init__(page)
        self.page = page
        self.part = page.part
        rec = page.part.records
        assert rec is not None
        self.rec = rec
        self.columns: list[RecordColumn] = list(rec.columns)
        self.findings: dict[str, list] = {}

    # the draft is the truth: read it on every call
    @property
    def rows(self) -> list[dict[str, str]]:
        return self.page.session.draft.records.get(self.part.id, [])

    def column(self, index_column: int) -> RecordColumn | None:
        return self.columns[index_column - 1] if index_column >= 1 else None

    def address(self, row: int, column: int) -> str:
        col = self.column(column)
        return record_cells.address(self.part.id, row + 1, col.id) if col else ""

    def index_of(self, address: str) -> QModelIndex:
        a = record_cells.parse(address[2:]) if address.startswith("r:") else None
        if a is None or a.part != self.part.id:
            return QModelIndex()
        ids = [c.id for c in self.columns]
        column = ids.index(a.column) + 1 if a.column in ids else 0
        return self.index(a.row - 1, column)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        label = self.rec.number_label if section == 0 else self.columns[section - 1].label
        if role == Qt.ItemDataRole.DisplayRole:
            return wrap_head(label)
        if role == Qt.ItemDataRole.ToolTipRole:
            col = self.column(section)
            if col and col.type == "choice":
                return f"{label}\n可选：{'、'.join(col.options)}"
            return label
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() >= 1 else base

    def cell_findings(self, row: int, column: int) -> list:
        return self.findings.get(self.address(row, column), []) if column >= 1 else []

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r, c = index.row(), index.column()
        col = self.column(c)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return str(r + 1) if col is None else self.rows[r].get(col.id, "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col is None:
                return int(Qt.AlignmentFlag.AlignCenter)
            if col.type == "positive":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        found = self.cell_findings(r, c)
        if col is None:  # 序号: marked when any cell of the row is bad, so a long row shows it
            found = [f for k in range(1, self.columnCount()) for f in self.cell_findings(r, k)]
        errors = any(f.severity == "error" for f in found)
        if role == Qt.ItemDataRole.BackgroundRole and found:
            return QBrush(ERROR_BACKGROUND if errors else WARNING_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and errors:
            return QBrush(ERROR_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole:
            texts = [f"【{f.title}】{f.text}" for f in found]
            return "\n".join(texts) if texts else None
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() < 1:
            return False
        text = "" if value is None else str(value)
        if text == (self.data(index, Qt.ItemDataRole.EditRole) or ""):
            return False
        self.page.edit_cell(self.address(index.row(), index.column()), text)
        return True

    def reload(self, findings: dict[str, list]) -> None:
        """Re-read after a command; the structure resets only when the number of rows changed."""
        self.findings = findings
        if self.rowCount() != self._shown:
            self.beginResetModel()
            self._shown = self.rowCount()
            self.endResetModel()
        elif self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(self._shown - 1, self.columnCount() - 1))

    _shown = 0


# ---------------------------------------------------------------- editors


class RecordsDelegate(QStyledItemDelegate):
    """The editor a column's type needs: a dropdown of the template's choices, the cities and
    the GB/T 4754 小类 with completion, counties of the row's city for an address, 年/月."""

    def __init__(self, page: RecordsPage):
        super().__init__(page.view)
        self.page = page
        self.open_editor: QWidget | None = None

    def createEditor(self, parent, option, index):  # noqa: N802
        col = self.page.model.column(index.column())
        editor = self._make(parent, col, index)
        self.open_editor = editor
        editor.destroyed.connect(lambda *_: setattr(self, "open_editor", None))
        return editor

    def _make(self, parent, col: RecordColumn, index) -> QWidget:
        if col.type == "choice":
            combo = QComboBox(parent)
            combo.addItems(["", *col.options])
            combo.activated.connect(lambda _i, c=combo: self._commit(c))
            return combo
        if col.type in ("city", "industry"):
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            if col.type == "city":
                province = self.page.part.records.province
                model = _shared_model(f"gd_record_cities:{province or ''}",
                                      lambda: records.city_choices(province))
                combo.lineEdit().setPlaceholderText("如 广州市")
            else:
                model = _shared_model("gd_record_industries", refdata.small_class_labels)
                combo.lineEdit().setPlaceholderText("输入代码或名称搜索，如 2720")
            combo.setModel(model)
            completer = QCompleter(model, combo)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setMaxVisibleItems(15)
            combo.setCompleter(completer)
            combo.activated.connect(lambda _i, c=combo: self._commit(c))
            completer.activated.connect(lambda _t, c=combo: self._commit(c))
            return combo
        edit = QLineEdit(parent)
        if col.type == "year_month":
            edit.setPlaceholderText("年/月，如 2003/05")
        elif col.type == "positive":
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setPlaceholderText("大于0的数字")
        elif col.type == "address":
            row = self.page.model.rows[index.row()] if index.row() < len(self.page.model.rows) else {}
            city = row.get("city") or self.page.session.draft.fields.get(self.page.city_field, "")
            places = _county_addresses(city)
            if places:
                completer = QCompleter(places, edit)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                edit.setCompleter(completer)
            edit.setPlaceholderText("写到县/区镇，如 广州市南沙区")
        return edit

    def _commit(self, editor) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor, index):  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox) and not editor.isEditable():
            i = editor.findText(value)
            editor.setCurrentIndex(i if i >= 0 else 0)
        elif isinstance(editor, QComboBox):
            editor.setEditText(value)
        else:
            editor.setText(value)

    def setModelData(self, editor, model, index):  # noqa: N802
        text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        model.setData(index, text, Qt.ItemDataRole.EditRole)

    def destroyEditor(self, editor, index):  # noqa: N802
        if editor is self.open_editor:
            self.open_editor = None  # closed: nothing left for `flush` to commit
        super().destroyEditor(editor, index)

    def flush(self) -> None:
        """Commit what is being typed in a cell (before saving or exporting)."""
        editor = self.open_editor
        if editor is not None:
            self._commit(editor)


class RecordsView(QTableView):
    """The list's table: Ctrl+V pastes a block from Excel, Ctrl+C copies, Delete clears, Enter
    commits and moves down (a new row is added below the last as soon as something is typed)."""

    def __init__(self, page: RecordsPage):
        super().__init__(page)
        self.page = page
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        triggers = QAbstractItemView.EditTrigger
        self.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
                             | triggers.SelectedClicked)
        self.verticalHeader().setVisible(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def keyPressEvent(self, event):  # noqa: N802
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Paste):
                self.page.paste_clipboard()
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.page.copy_selection()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
                self.page.clear_selection()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                cur = self.currentIndex()
                if cur.isValid() and cur.flags() & Qt.ItemFlag.ItemIsEditable:
                    self.edit(cur)
                    return
        super().keyPressEvent(event)

    def closeEditor(self, editor, hint):  # noqa: N802
        """Enter commits and moves down, like a spreadsheet."""
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            cur = self.currentIndex()
            below = self.model().index(cur.row() + 1, cur.column())
            if below.isValid():
                self.setCurrentIndex(below)
            return
        super().closeEditor(editor, hint)


# ---------------------------------------------------------------- the page


class RecordsPage(FieldsPage):
    """A part holding a list of records: its fields (FieldsPage) and the list's table under them."""

    def __init__(self, part: Part, session: EditSession, commit, window: DocumentWindow, parent=None):
        self._built = False
        super().__init__(part, session, commit, parent)
        rec = part.records
        assert rec is not None
        self.window = window
        self.city_field = rec.city_field or ""
        if self.city_field in self.editors and isinstance(self.editors[self.city_field], LineEditor):
            completer = QCompleter(records.city_choices(rec.province), self)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.editors[self.city_field].edit.setCompleter(completer)
        outer = self.widget().layout()
        outer.takeAt(outer.count() - 1)  # FieldsPage's closing stretch: the table takes the room
        self.title = QLabel()
        self.title.setObjectName("recordsTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        outer.addWidget(self.title)
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip, slot in (
                ("add", "添加行", "在名单末尾添加一行", self.add_row),
                ("insert", "插入行", "在当前行上方插入一行", self.insert_row),
                ("remove", "删除行", "删除选中的行（可撤销）", self.remove_rows),
                ("up", "上移", "当前行上移一行", lambda: self.move(-1)),
                ("down", "下移", "当前行下移一行", lambda: self.move(+1))):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(lambda _c=False, s=slot: s())
            bar.addWidget(b)
            self.buttons[key] = b
        self.count = QLabel()
        self.count.setStyleSheet("color: #555;")
        bar.addSpacing(12)
        bar.addWidget(self.count)
        bar.addStretch(1)
        hint = QLabel("可从 Excel 复制多行，选中起始单元格后按 Ctrl+V 粘贴；双击标红的序号转到该行的错误")
        hint.setStyleSheet("color: #777;")
        bar.addWidget(hint)
        outer.addLayout(bar)
        self.view = RecordsView(self)
        self.model = RecordsModel(self)
        self.view.setModel(self.model)
        self.delegate = RecordsDelegate(self)
        self.view.setItemDelegate(self.delegate)
        self.view.customContextMenuRequested.connect(self.context_menu)
        self.view.doubleClicked.connect(self._number_clicked)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        outer.addWidget(self.view, 1)
        if rec.note:
            note = QLabel(rec.note)
            note.setWordWrap(True)
            note.setStyleSheet("color: #555;")
            outer.addWidget(note)
        self._size_columns()
        self._built = True
        self.refresh()

    # ---------------------------------------------------------------- layout
    def _size_columns(self) -> None:
        fm = self.view.fontMetrics()
        hh = self.view.horizontalHeader()
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        pad = fm.horizontalAdvance("中") * 2
        for section in range(self.model.columnCount()):
            head = self.model.headerData(section, Qt.Orientation.Horizontal)
            widest = max(fm.horizontalAdvance(line) for line in head.split("\n")) + pad
            col = self.model.column(section)
            # the workbook width (Excel characters ≈ half a 中) as the floor for the values
            floor = int(col.width * fm.horizontalAdvance("中") * 0.55) if col else 0
            self.view.setColumnWidth(section, max(widest, floor))

    # ---------------------------------------------------------------- refresh (from the window)
    def refresh(self, findings: dict[str, list] | None = None, show_errors: bool = False) -> None:
        super().refresh(findings, show_errors)
        if not self._built:
            return
        prefix = f"r:{self.part.id}."
        shown = {cell: [f for f in fs if (f.severity == "error" and (show_errors or not f.text.endswith(MISSING)))
                        or (f.severity == "warning" and not f.acknowledged)]
                 for cell, fs in (findings or {}).items() if cell.startswith(prefix)}
        keep = self.view.currentIndex()
        at = (keep.row(), keep.column()) if keep.isValid() else None
        self.model.reload({k: v for k, v in shown.items() if v})
        if at and not self.view.currentIndex().isValid() and self.model.rowCount():
            self.set_current(min(at[0], self.model.rowCount() - 1), at[1])
        self.title.setText(records.title_for(self.part, self.session.draft))
        n = self.model.rowCount()
        bad = len({k.rsplit(".", 1)[0] for k, fs in self.model.findings.items()
                   if any(f.severity == "error" for f in fs)})
        self.count.setText(f"共 {n} 行" + (f"，{bad} 行有错误" if bad else ""))
        self._enable()

    def _enable(self) -> None:
        row = self.current_row()
        n = self.model.rowCount()
        self.buttons["remove"].setEnabled(row is not None)
        self.buttons["up"].setEnabled(row is not None and row > 1)
        self.buttons["down"].setEnabled(row is not None and row < n)

    def flush(self) -> None:
        super().flush()
        if self._built:
            self.delegate.flush()

    # ---------------------------------------------------------------- cursor
    def current_row(self) -> int | None:
        """The current row number (1-based), None when there is none."""
        cur = self.view.currentIndex()
        return cur.row() + 1 if cur.isValid() else None

    def set_current(self, row0: int, column: int) -> None:
        index = self.model.index(row0, column)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._enable()
        found = self.model.cell_findings(current.row(), current.column()) if current.isValid() else []
        if found:
            self.window.statusBar().showMessage("；".join(f.text for f in found), 10000)

    def _number_clicked(self, index: QModelIndex) -> None:
        """A double click on a red 序号 goes to the row's first bad cell (its message in the
        status bar)."""
        if index.column() != 0:
            return
        for column in range(1, self.model.columnCount()):
            if self.model.cell_findings(index.row(), column):
                address = self.model.address(index.row(), column)
                # after the click's own release has set the current cell
                QTimer.singleShot(0, self, lambda a=address: self.focus_cell(a))
                return

    def focus_cell(self, address: str) -> None:
        """Jump to a finding's cell: a list cell, or the part's own field (row 0: the city)."""
        a = record_cells.parse(address[2:]) if address.startswith("r:") else None
        if a is not None and a.row == 0:
            self.focus_field(a.column)
            return
        index = self.model.index_of(address)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            self.view.setFocus()
            found = self.model.cell_findings(index.row(), index.column())
            if found:
                self.window.statusBar().showMessage("；".join(f.text for f in found), 10000)

    # ---------------------------------------------------------------- commands
    def _run(self, fn, what: str):
        """A record_ops command with the reason a 定稿 table asks for; a refused one is told."""
        out = []
        try:
            self.window.with_reason(lambda reason="": out.append(fn(reason)))
        except CellError as exc:
            self.window.statusBar().showMessage(exc.message, 10000)
            prompts.error(self.window, what, exc.message)
            return None
        return out[-1] if out else None

    @guarded
    def edit_cell(self, address: str, text: str) -> None:
        def go(reason: str):
            return record_ops.set_cell(self.session, address, text, reason=reason)
        out = []
        try:
            self.window.with_reason(lambda reason="": out.append(go(reason)))
        except CellError as exc:
            self.window.statusBar().showMessage(exc.message, 10000)
            self.window.warnings.popup.show_message("输入有误", exc.message, self.anchor_for(address), address)

    def anchor_for(self, address: str) -> QPoint:
        """Under a list cell, in window coordinates: where its popup (输入有误, a warning) shows."""
        rect = self.view.visualRect(self.model.index_of(address))
        pt = self.view.viewport().mapTo(self.window, rect.bottomLeft())
        return QPoint(pt.x(), pt.y() + 2)

    @guarded
    def add_row(self) -> None:
        n = self.model.rowCount()
        if self._run(lambda reason: record_ops.insert_rows(self.session, self.part.id, n + 1,
                                                           reason=reason), "添加行"):
            self.set_current(n, 1)
            self.view.setFocus()

    @guarded
    def insert_row(self) -> None:
        row = self.current_row() or 1
        column = max(self.view.currentIndex().column(), 1)
        if self._run(lambda reason: record_ops.insert_rows(self.session, self.part.id, row,
                                                           reason=reason), "插入行"):
            self.set_current(row - 1, column)
            self.view.setFocus()

    def selected_rows(self) -> list[int]:
        rows = {i.row() + 1 for i in self.view.selectionModel().selectedIndexes()}
        if not rows and (row := self.current_row()):
            rows = {row}
        return sorted(rows)

    @guarded
    def remove_rows(self) -> None:
        chosen = self.selected_rows()
        if not chosen:
            return
        column = max(self.view.currentIndex().column(), 1)
        result = self._run(lambda reason: record_ops.remove_rows(self.session, self.part.id, chosen,
                                                                 reason=reason), "删除行")
        if result and result.changes:
            self.window.statusBar().showMessage(f"已{result.label}（可撤销 Ctrl+Z）", 8000)
            if self.model.rowCount():
                self.set_current(min(chosen[0], self.model.rowCount()) - 1, column)

    @guarded
    def move(self, delta: int) -> None:
        row = self.current_row()
        if row is None:
            return
        column = max(self.view.currentIndex().column(), 1)
        result = self._run(lambda reason: record_ops.move_row(self.session, self.part.id, row, delta,
                                                              reason=reason), "移动行")
        if result and result.changes:
            self.set_current(row - 1 + delta, column)  # the cursor goes with its row

    @guarded
    def paste_clipboard(self) -> None:
        block = record_ops.parse_clipboard(QApplication.clipboard().text())
        if not block:
            self.window.statusBar().showMessage("剪贴板中没有可粘贴的文字", 8000)
            return
        cur = self.view.currentIndex()
        row = cur.row() + 1 if cur.isValid() else self.model.rowCount() + 1
        col = self.model.column(cur.column()) if cur.isValid() else self.model.columns[0]
        column = col.id if col else record_ops.NUMBER_COLUMN
        result = self._run(lambda reason: record_ops.paste(self.session, self.part.id, row, column, block,
                                                           reason=reason), "粘贴")
        if result is None:
            return
        lines = []
        if result.last_row:
            span = (f"第{result.first_row}行" if result.first_row == result.last_row
                    else f"第{result.first_row}—{result.last_row}行")
            lines.append(f"已粘贴{span}"
                         + (f"（新增 {result.rows_added} 行）" if result.rows_added else "") + "。")
        self.window.statusBar().showMessage(" ".join(lines + result.refused + result.notes), 15000)
        if result.refused or result.notes:
            text = "\n".join(lines + ([] if not result.refused else ["以下内容未能粘贴："] + result.refused)
                             + ([] if not result.notes else ["以下内容已整理："] + result.notes))
            prompts.info(self.window, "粘贴", text)

    def copy_selection(self) -> None:
        indexes = self.view.selectionModel().selectedIndexes()
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        block = [[self.model.data(self.model.index(r, c), Qt.ItemDataRole.EditRole) or "" for c in cols]
                 for r in rows]
        QApplication.clipboard().setText(record_ops.to_clipboard(block))

    @guarded
    def clear_selection(self) -> None:
        addresses = [self.model.address(i.row(), i.column())
                     for i in self.view.selectionModel().selectedIndexes() if i.column() >= 1]
        if addresses:
            self._run(lambda reason: record_ops.clear_cells(self.session, addresses, reason=reason), "清除内容")

    def context_menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction("添加行", self.add_row)
        menu.addAction("插入行", self.insert_row).setEnabled(index.isValid())
        menu.addAction("删除行", self.remove_rows).setEnabled(index.isValid())
        menu.addSeparator()
        row = index.row() + 1 if index.isValid() else 0
        menu.addAction("上移", lambda: self.move(-1)).setEnabled(row > 1)
        menu.addAction("下移", lambda: self.move(+1)).setEnabled(0 < row < self.model.rowCount())
        menu.addSeparator()
        menu.addAction("粘贴（Ctrl+V）", self.paste_clipboard)
        address = self.model.address(index.row(), index.column()) if index.isValid() else ""
        if address:
            menu.addAction("查看修改记录", lambda: self.window.review.show_log(address))
        self.context = menu  # kept for tests that look at it
        menu.popup(self.view.viewport().mapToGlobal(pos))

"""文件 → 批量审核: review every table in chosen folders, filter and sort them by flag, open one
read-only at its first finding, and write a 动态调整意见 (保留 / 整改 / 移出 + note) per unit.

The review itself is the core's (`greendesk.review`), run in a thread so the window stays live;
opinions go to a review file saved atomically with backups after every change, and into the report.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from greendesk.review import opinions as opinions_mod
from greendesk.review.flags import FLAGS, label
from greendesk.review.unit import UnitResult
from greendesk.storage import StorageError
from ui import prompts
from ui.guard import guarded
from ui.window_api import DocumentWindow

OPINION_FILE = "批量审核意见" + opinions_mod.SUFFIX
READ_ONLY = "批量审核中打开的表为只读，不能修改。如需修改，请用“文件 → 打开”打开该文件。"
COLUMNS = ("单位名称", "统一社会信用代码", "名单类型", "年度", "错误", "警告", "审核标记", "动态调整意见", "文件")
FLAG_COLOURS = {"unreadable": "#f4cccc", "has_errors": "#fde2e2", "scan_mismatch": "#fde2e2"}


def choose_folder(parent, title: str) -> str | None:
    """A folder the reviewer picks (tests replace this)."""
    folder = QFileDialog.getExistingDirectory(parent, title)
    return folder or None


class UnitsModel(QAbstractTableModel):
    """The reviewed units, one row each; sorting uses the raw value (numbers as numbers)."""

    SORT_ROLE = Qt.ItemDataRole.UserRole
    FLAGS_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self.units: list[UnitResult] = []
        self.opinions = opinions_mod.Opinions()
        self.reviewed: frozenset[str] = frozenset()  # the files listed (see opinions.reviewed_files)

    def set_units(self, units: list[UnitResult]) -> None:
        self.beginResetModel()
        self.units = units
        self.reviewed = opinions_mod.reviewed_files(units)
        self.endResetModel()

    def opinion_changed(self, row: int) -> None:
        col = COLUMNS.index("动态调整意见")
        self.dataChanged.emit(self.index(row, col), self.index(row, col))

    def set_opinions(self, opinions: opinions_mod.Opinions) -> None:
        """Another set of opinions (a review file chosen, or merged with a colleague's): only the
        opinion column changes, so selection and sorting stay where the reviewer left them."""
        self.opinions = opinions
        if self.units:
            col = COLUMNS.index("动态调整意见")
            self.dataChanged.emit(self.index(0, col), self.index(len(self.units) - 1, col))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.units)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def _value(self, u: UnitResult, column: str):
        op = self.opinions.get(u, self.reviewed)
        return {
            "单位名称": u.name or ("（无法读取）" if not u.readable else ""),
            "统一社会信用代码": u.uscc,
            "名单类型": u.list_type,
            "年度": u.report_year or 0,
            "错误": u.errors,
            "警告": u.warnings,
            "审核标记": "、".join(label(c) for c in u.flags),
            "动态调整意见": op.text if op else "",
            "文件": u.file,
        }[column]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        u = self.units[index.row()]
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, self.SORT_ROLE):
            value = self._value(u, column)
            if role == Qt.ItemDataRole.DisplayRole and (
                    column == "年度" and not value or column in ("错误", "警告") and not u.readable):
                return ""  # nothing was counted in a file that could not be read
            return value
        if role == self.FLAGS_ROLE:
            return u.flags
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{label(c)}：{u.details[c]}" for c in u.flags if u.details.get(c)]
            return "\n".join(lines) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            for code, colour in FLAG_COLOURS.items():
                if code in u.flags:
                    return QColor(colour)
        return None


class UnitsFilter(QSortFilterProxyModel):
    """Free text over every column, and one flag (or none)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.flag = ""
        self.setSortRole(UnitsModel.SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_flag(self, code: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self.flag = code
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover
            self.flag = code
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802
        if self.flag:
            flags = self.sourceModel().index(row, 0, parent).data(UnitsModel.FLAGS_ROLE) or []
            if self.flag == "none" and flags or self.flag not in ("none", *flags):
                return False
        return super().filterAcceptsRow(row, parent)


class ReviewThread(QThread):
    progressed = Signal(int, int)
    done = Signal(object)  # the Review

    def __init__(self, folders: list[Path], exclude: list[Path], parent=None):
        super().__init__(parent)
        self.folders, self.exclude = folders, exclude

    def run(self) -> None:
        from greendesk.review import scans
        from greendesk.review.runner import run_review

        checker = scans.check_scans if scans.available() else None
        review = run_review(self.folders, exclude=self.exclude, workers=1, scans=checker,
                            progress=lambda i, n: self.progressed.emit(i, n))
        self.done.emit(review)


class BatchReviewWindow(QMainWindow):
    """The reviewer's window: folders in, units listed with their flags, opinions kept."""

    open_unit = Signal(object)  # UnitResult

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("批量审核")
        self.folders: list[Path] = []
        self.unchecked_scans: list[tuple[str, str]] = []  # scans compared with no draft, and why
        self.opinions_path: Path | None = None
        self.thread: ReviewThread | None = None
        self.model = UnitsModel(self)
        self.proxy = UnitsFilter(self)
        self.proxy.setSourceModel(self.model)

        tb = QToolBar("批量审核", self)
        self.addToolBar(tb)
        self.a_add = tb.addAction("添加文件夹…", self.add_folder)
        self.a_run = tb.addAction("重新审核", self.run)
        self.a_opinions = tb.addAction("审核意见文件…", self.choose_opinions)
        self.a_report = tb.addAction("导出审核报告…", self.export_report)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.folders_label = QLabel("请添加要审核的文件夹（含子文件夹中的草稿 .json 和导出的工作簿 .xlsx）。")
        self.folders_label.setWordWrap(True)
        layout.addWidget(self.folders_label)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("筛选：单位名称、信用代码、文件……")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.flag_filter = QComboBox()
        self.flag_filter.addItem("全部单位", "")
        self.flag_filter.addItem("无标记", "none")
        for f in FLAGS:
            self.flag_filter.addItem(f.label, f.code)
        self.flag_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_flag(self.flag_filter.currentData()))
        row.addWidget(self.search, 3)
        row.addWidget(QLabel("审核标记："))
        row.addWidget(self.flag_filter, 1)
        layout.addLayout(row)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((220, 160, 110, 50, 45, 45, 220, 160, 320)):
            self.table.setColumnWidth(col, width)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_opinion())
        layout.addWidget(self.table, 1)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)

        opinion = QHBoxLayout()
        opinion.addWidget(QLabel("动态调整意见："))
        self.decision = QComboBox()
        self.decision.addItem("（未填写）", "")
        for d in opinions_mod.DECISIONS:
            self.decision.addItem(d, d)
        self.note = QLineEdit()
        self.note.setPlaceholderText("说明（如：连续停产12个月以上，建议移出）")
        self.save_button = QPushButton("保存意见")
        self.save_button.clicked.connect(self.save_opinion)
        self.note.returnPressed.connect(self.save_opinion)
        opinion.addWidget(self.decision)
        opinion.addWidget(self.note, 1)
        opinion.addWidget(self.save_button)
        layout.addLayout(opinion)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.setCentralWidget(body)
        self._show_opinion()
        self.resize(1280, 720)

    # ---------------------------------------------------------------- folders and the review
    @guarded
    def add_folder(self, folder: str | Path | None = None) -> None:
        folder = folder or choose_folder(self, "选择要审核的文件夹")
        if not folder:
            return
        path = Path(folder)
        if path not in self.folders:
            self.folders.append(path)
        if self.opinions_path is None:
            self.set_opinions_path(self.folders[0] / OPINION_FILE)
        self.folders_label.setText("审核文件夹：" + "；".join(str(f) for f in self.folders))
        self.run()

    def set_opinions_path(self, path: Path) -> None:
        try:
            loaded = opinions_mod.load(path)
        except opinions_mod.ReviewFileError as exc:
            prompts.error(self, "审核意见文件", exc.message)
            return
        self.opinions_path = path
        self.model.set_opinions(loaded)
        self.statusBar().showMessage(f"审核意见文件：{path}（已有 {len(loaded)} 条意见）")

    @guarded
    def choose_opinions(self) -> None:
        suggested = str(self.opinions_path or OPINION_FILE)
        chosen = prompts.save_file(self, "审核意见文件", suggested, "批量审核意见 (*.review.json)")
        if chosen:
            path = Path(chosen)
            if not path.name.endswith(opinions_mod.SUFFIX):
                path = path.with_name(path.name.removesuffix(".json") + opinions_mod.SUFFIX)
            self.set_opinions_path(path)

    def run(self) -> None:
        if not self.folders or (self.thread and self.thread.isRunning()):
            return
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.a_run.setEnabled(False)
        exclude = [self.opinions_path] if self.opinions_path else []
        self.thread = ReviewThread(list(self.folders), exclude, self)
        self.thread.progressed.connect(self._progressed)
        self.thread.done.connect(self._reviewed)
        self.thread.start()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _reviewed(self, review) -> None:
        self.progress.setVisible(False)
        self.a_run.setEnabled(True)
        self.unchecked_scans = list(review.unchecked_scans)
        self.model.set_units(review.units)
        self._summarize()
        from greendesk.review import scans

        if not scans.available():
            self.statusBar().showMessage(scans.MISSING, 0)

    def wait_done(self, ms: int = 60_000) -> None:
        """For tests and scripts: block until the running review has been shown."""
        if self.thread is not None:
            self.thread.wait(ms)
            from PySide6.QtCore import QCoreApplication

            QCoreApplication.processEvents()

    def _summarize(self) -> None:
        units = self.model.units
        flagged = sum(bool(u.flags) for u in units)
        unreadable = sum(not u.readable for u in units)
        counts = {}
        for u in units:
            for c in u.flags:
                counts[c] = counts.get(c, 0) + 1
        parts = "，".join(f"{label(c)} {n}" for c, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        scans = self.unchecked_scans
        if len(scans) == 1:  # the one reason fits on the line
            why = scans[0][1].removesuffix("，未核对。").removesuffix("。")
            unchecked = f"1 个盖章扫描件未核对：{Path(scans[0][0]).name}（{why}）。"
        elif scans:
            names = "、".join(Path(s).name for s, _why in scans[:3]) + ("等" if len(scans) > 3 else "")
            unchecked = f"{len(scans)} 个盖章扫描件未核对：{names}（鼠标停在这一行上可看原因，审核报告中也有）。"
        else:
            unchecked = ""
        self.summary.setText(f"共 {len(units)} 个文件，{unreadable} 个无法读取，{flagged} 个有审核标记"
                             + (f"（{parts}）" if parts else "") + "。" + unchecked + "双击一行以只读方式打开该表。")
        self.summary.setToolTip("\n".join(f"{Path(s).name}：{why}" for s, why in scans))

    # ---------------------------------------------------------------- opinions
    def current_unit(self) -> UnitResult | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.units[self.proxy.mapToSource(index).row()]

    def _show_opinion(self) -> None:
        unit = self.current_unit()
        enabled = unit is not None
        for w in (self.decision, self.note, self.save_button):
            w.setEnabled(enabled)
        op = self.model.opinions.get(unit, self.model.reviewed) if unit else None
        self.decision.setCurrentIndex(max(0, self.decision.findData(op.decision)) if op else 0)
        self.note.setText(op.note if op else "")

    @guarded
    def save_opinion(self) -> None:
        unit = self.current_unit()
        if unit is None or self.opinions_path is None:
            return
        decision = self.decision.currentData()
        try:  # merged with what another window or reviewer saved into the same file meanwhile
            merged = opinions_mod.update(self.opinions_path, unit, decision or "", self.note.text(),
                                         self.model.opinions)
        except StorageError as exc:
            if decision:
                self.model.opinions.set(unit, decision, self.note.text())
            else:
                self.model.opinions.clear(unit)
            prompts.error(self, "审核意见未保存", exc.message + "\n意见仍在本窗口中，请换一个位置保存（审核意见文件…）。")
            return
        self.model.set_opinions(merged.opinions)
        if merged.warnings:
            prompts.info(self, "审核意见", "\n".join(merged.warnings))
        self.model.opinion_changed(self.model.units.index(unit))
        kept = f"（同时保留了其他窗口或审核人保存的 {merged.others} 条意见变动）" if merged.others else ""
        self.statusBar().showMessage(f"已保存意见：{unit.name or Path(unit.file).name}{kept}", 8000)

    # ---------------------------------------------------------------- report and opening
    @guarded
    def export_report(self) -> None:
        from greendesk.review.report_json import write_json
        from greendesk.review.report_xlsx import write_xlsx

        if not self.model.units:
            prompts.info(self, "导出审核报告", "还没有审核结果。请先添加文件夹。")
            return
        suggested = str((self.folders[0] if self.folders else Path.home()) / "批量审核报告.xlsx")
        chosen = prompts.save_file(self, "导出审核报告", suggested, "Excel 工作簿 (*.xlsx);;JSON (*.json)")
        if not chosen:
            return
        from greendesk.review.outputs import refusal

        path = Path(chosen)
        if path.suffix.lower() != ".json":
            path = path.with_suffix(".xlsx")
        if (why := refusal(path)) is not None:  # never over a draft or workbook under review
            prompts.error(self, "审核报告未保存", why)
            return
        try:
            if path.suffix.lower() == ".json":
                write_json(path, self.model.units, self.model.opinions, self.unchecked_scans)
            else:
                write_xlsx(path, self.model.units, self.model.opinions, self.unchecked_scans)
        except StorageError as exc:
            prompts.error(self, "审核报告未保存", exc.message)
            return
        prompts.info(self, "导出审核报告", f"已导出审核报告：{path}")

    def _double_clicked(self, index) -> None:
        unit = self.model.units[self.proxy.mapToSource(index).row()]
        self.open_unit.emit(unit)


class BatchReviewActions:
    """文件 → 批量审核… in the main window; opened units show in read-only windows of its kind."""

    def __init__(self, window: DocumentWindow):
        self.window = window
        self.dialog: BatchReviewWindow | None = None
        self.viewers: list = []
        self.a_batch = window.add_action("file", "批量审核…", self.show,
                                         tip="审核多个单位的动态管理表，填写动态调整意见，导出审核报告")

    @guarded
    def show(self) -> BatchReviewWindow:
        if self.dialog is None:
            self.dialog = BatchReviewWindow()
            self.dialog.open_unit.connect(self.open_read_only)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    @guarded
    def open_read_only(self, unit: UnitResult):
        """The unit's table in a new window of the main window's kind, read-only, at its first finding."""
        from greendesk import export
        from greendesk.document import DocumentError, open_draft

        path = Path(unit.file)
        try:
            if path.suffix.lower() == ".xlsx":
                draft, _ = export.import_xlsx(path)
                from greendesk import forms

                definition = forms.find(draft.form.id, draft.form.version, draft.form.hash)
            else:
                opened = open_draft(path)
                draft, definition = opened.draft, opened.definition
        except (DocumentError, export.ExportError) as exc:
            prompts.error(self.dialog or self.window, "无法打开", exc.message)
            return None
        settings = QSettings(str(_viewer_settings()), QSettings.Format.IniFormat)
        viewer = type(self.window)(settings)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.load(definition, draft, None)  # no path: no lock, never saved over the file
        make_read_only(viewer)
        viewer.setWindowTitle(f"只读查看：{unit.name or path.name} — {path}")
        viewer.show()
        if unit.first_cell:
            viewer.go_to_cell(unit.first_cell)
        if viewer.table_view is not None:
            viewer.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.viewers = [v for v in self.viewers if _alive(v)] + [viewer]
        return viewer


def _viewer_settings() -> Path:
    from greendesk.storage import user_data_dir

    folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "batch-review-viewer.ini"


def _alive(widget) -> bool:
    try:
        widget.isVisible()
    except RuntimeError:  # the C++ object is gone (closed with WA_DeleteOnClose)
        return False
    return True


def make_read_only(viewer) -> None:
    """Every edit the viewer's session would take is refused with a message; the menus and tool
    bars that save, import or change the table are hidden."""
    from greendesk.cells import CellError

    session = viewer.session

    def refuse(*_args, **_kwargs):
        raise CellError(READ_ONLY)

    for name in ("set", "apply", "undo", "redo", "verify", "finalize"):
        setattr(session, name, refuse)
    viewer.menuBar().hide()
    for tb in viewer.findChildren(QToolBar):
        tb.hide()
    if viewer.table_view is not None:
        viewer.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    viewer.statusBar().showMessage("只读查看（批量审核）", 0)

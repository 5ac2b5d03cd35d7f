"""The main window: header, part navigation with badges, pages generated from the definition and
the 审核报告 panel. It owns the open draft (session, file, lock) and composes the action modules
that work on it — files, recovery, imports, exports, review, help — each of which adds its own menu
entries through `add_action`. Every edit goes through the core's EditSession; views re-render from
the OpResult it returns."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from greendesk import cells, storage
from greendesk.cells import CellError
from greendesk.definition import FormDefinition
from greendesk.draft import STATE_LABELS, Draft
from greendesk.draft_lock import DraftLock
from greendesk.rules import Finding
from greendesk.session import EditSession, OpResult, ReasonRequired
from greendesk.storage import SnapshotStore, StorageError
from ui import prompts
from ui.batch_review import BatchReviewActions
from ui.cell_warnings import CellWarnings
from ui.export_actions import ExportActions
from ui.field_pages import FieldsPage, add_part_header
from ui.file_actions import FileActions
from ui.guard import guarded
from ui.help_actions import HelpActions
from ui.import_actions import ImportActions
from ui.platform_actions import PlatformActions
from ui.problems import ProblemsPanel
from ui.records_page import RecordsPage
from ui.recovery import RecoveryActions
from ui.review_actions import ReviewActions
from ui.settings_values import app_settings
from ui.table_actions import TableActions
from ui.table_model import IndicatorModel
from ui.table_view import IndicatorView

# the menu bar, in order; action modules add their entries to these by key
MENUS = {"file": "文件(&F)", "edit": "编辑(&E)", "review": "审核(&V)", "export": "导出(&X)",
         "platform": "平台(&P)", "help": "帮助(&H)"}


def _badge(errors: int, warnings: int) -> QIcon:
    pm = QPixmap(22, 22)
    pm.fill(Qt.GlobalColor.transparent)
    if errors or warnings:
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(QColor("#d9534f" if errors else "#f0ad4e"))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawEllipse(1, 1, 20, 20)
        p.setPen(QColor("white"))
        n = errors or warnings
        p.drawText(pm.rect(), Qt.AlignmentFlag.AlignCenter, str(n) if n < 100 else "99+")
        p.end()
    return QIcon(pm)


class MainWindow(QMainWindow):
    # after every re-render of the open draft: action modules update what they enable
    refreshed = Signal()

    def __init__(self, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or app_settings()
        self.store = SnapshotStore()
        self.session: EditSession | None = None
        self.path: Path | None = None
        self.doc_key = ""
        self.lock: DraftLock | None = None
        self.model: IndicatorModel | None = None
        self.table_view: IndicatorView | None = None
        self.pages: dict[str, QWidget] = {}
        self.setWindowTitle("GreenDesk 绿色制造名单动态管理表")
        self.menus: dict[str, QMenu] = {key: self.menuBar().addMenu(title) for key, title in MENUS.items()}
        self._build_body()
        self.warnings = CellWarnings(self)
        self.popup = self.warnings.popup
        self.files = FileActions(self)
        self.recovery = RecoveryActions(self)
        self.menus["file"].addSeparator()
        self.imports = ImportActions(self)
        self.exports = ExportActions(self)
        self.batch_review = BatchReviewActions(self)
        self.menus["file"].addSeparator()
        self.a_quit = self.add_action("file", "退出", self.close, QKeySequence.StandardKey.Quit)
        self.a_undo = self.add_action("edit", "撤销", self.undo, QKeySequence.StandardKey.Undo)
        self.a_redo = self.add_action("edit", "重做", self.redo, QKeySequence("Ctrl+Y"))
        self.review = ReviewActions(self)
        self.table_actions = TableActions(self)
        self.platform = PlatformActions(self)
        self.help = HelpActions(self)
        self._build_toolbar()
        self.statusBar()
        geometry = self.settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            from PySide6.QtGui import QGuiApplication

            screen = QGuiApplication.primaryScreen()
            avail = screen.availableGeometry() if screen else None
            w, h = (1280, 820) if avail is None else (min(1280, int(avail.width() * 0.95)),
                                                      min(820, int(avail.height() * 0.9)))
            self.resize(w, h)

    # ---------------------------------------------------------------- chrome
    def add_action(self, menu: str | None, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        """An action calling `slot()`, appended to the menu `menu` (a key of MENUS; None: no menu)."""
        a = QAction(text, self)
        a.triggered.connect(lambda _checked=False: slot())
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setToolTip(tip)
            a.setStatusTip(tip)
        if menu is not None:
            self.menus[menu].addAction(a)
        return a

    def _build_toolbar(self) -> None:
        tb = QToolBar("常用操作", self)
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.files.a_new, self.files.a_open, self.imports.a_rollover, None,
                  self.a_undo, self.a_redo, None, self.exports.a_xlsx, self.exports.a_pdf,
                  self.files.a_save, self.review.a_verify, self.review.a_final):
            tb.addSeparator() if a is None else tb.addAction(a)
        self.addToolBar(tb)
        self.toolbar = tb

    def _build_body(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        header = QHBoxLayout()
        self.h_title = QLabel()
        self.h_title.setObjectName("headerTitle")
        self.h_title.setStyleSheet("font-size: 130%; font-weight: bold;")
        self.h_factory = QLabel()
        self.h_state = QLabel()
        self.h_state.setObjectName("headerState")
        header.addWidget(self.h_title)
        header.addSpacing(16)
        header.addWidget(self.h_factory, 1)
        header.addWidget(self.h_state)
        outer.addLayout(header)
        body = QHBoxLayout()
        self.nav = QListWidget()
        self.nav.setMaximumWidth(self.fontMetrics().horizontalAdvance("中") * 11)
        self.nav.currentRowChanged.connect(self._show_page)
        self.stack = QStackedWidget()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.problems = ProblemsPanel()
        self.problems.findingActivated.connect(self.go_to_finding)
        dock = QDockWidget("审核报告", self)
        dock.setObjectName("problemsDock")
        dock.setWidget(self.problems)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.problems_dock = dock
        dock.hide()
        # the panel can be closed; 审核 → 审核报告 (F8) brings it back
        self.a_report = dock.toggleViewAction()
        self.a_report.setText("审核报告")
        self.a_report.setShortcut(QKeySequence("F8"))

    def show_problems(self) -> None:
        """The 审核报告 panel, a quarter of the window high: the form stays the main thing in view."""
        dock = self.problems_dock
        if not dock.isVisible():
            dock.show()
            self.resizeDocks([dock], [max(150, self.height() // 4)], Qt.Orientation.Vertical)

    # ---------------------------------------------------------------- the open draft
    def load(self, definition: FormDefinition, draft: Draft, path: Path | None, *, dirty: bool = False,
             doc_key: str | None = None, notes: list[str] | None = None) -> bool:
        """Show a draft. Takes the file's lock first, so two windows never write one draft."""
        new_lock = None
        if path is not None and (self.path is None or Path(path).resolve() != self.path.resolve()):
            new_lock = DraftLock(Path(path))
            try:
                new_lock.acquire()
            except StorageError as exc:
                prompts.error(self, "无法打开", exc.message)
                return False
        if self.lock and new_lock:
            self.lock.release()
        if new_lock:
            self.lock = new_lock
        self.path = Path(path) if path else None
        self.doc_key = doc_key or storage.doc_key_for(self.path)
        self.session = EditSession(definition, draft)
        self.settings.setValue("last_form_kind", definition.kind)  # the next start offers this kind
        if not dirty:
            self.session.mark_saved()
        else:
            self.session.revision += 1
        self.session.subscribe(self._on_result)
        self._build_pages()
        self.warnings.reset()
        self.refresh_all(skip_model=True)
        if path:
            self.files.remember(str(path))
        if notes:
            prompts.info(self, "打开草稿", "\n".join(notes))
        return True

    def release_lock(self) -> None:
        """Let go of the current file (a new or rolled-over draft has none yet)."""
        if self.lock:
            self.lock.release()
            self.lock = None
        self.path = None

    # ---------------------------------------------------------------- pages
    def _build_pages(self) -> None:
        """Placeholders for every part; a page is built the first time it is shown (fast start)."""
        assert self.session is not None
        self.popup.hide()
        while self.stack.count():
            w = self.stack.widget(0)
            self.stack.removeWidget(w)
            w.deleteLater()
        self.nav.blockSignals(True)
        self.nav.clear()
        self.pages = {}
        self.model = IndicatorModel(self.session, ask_reason=lambda: prompts.ask_reason(self))
        self.model.inputRejected.connect(self.warnings.show_table_input_error)
        self.table_view = None
        for part in self.session.definition.parts:
            self.stack.addWidget(QWidget())
            QListWidgetItem(part.short_title, self.nav)
        self.nav.blockSignals(False)
        self.nav.setCurrentRow(-1)
        self.nav.setCurrentRow(0)

    def _page(self, i: int) -> QWidget:
        part = self.session.definition.parts[i]
        if part.id in self.pages:
            return self.pages[part.id]
        if part.table:
            self.table_view = IndicatorView(self.model)
            self.table_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            self.table_view.customContextMenuRequested.connect(self.table_actions.context_menu)
            self.warnings.watch_table(self.table_view)
            page = QWidget()
            lay = QVBoxLayout(page)
            add_part_header(part, lay)
            lay.addWidget(self.table_view, 1)
        else:
            page = (RecordsPage(part, self.session, self.commit, self) if part.records is not None
                    else FieldsPage(part, self.session, self.commit))
            page.refresh(self.findings_by_cell(), bool(self.model and self.model.show_errors))
        placeholder = self.stack.widget(i)
        self.stack.insertWidget(i, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.pages[part.id] = page
        return page

    def _show_page(self, row: int) -> None:
        if row >= 0 and self.session is not None:
            self.popup.hide()
            self._page(row)
            self.stack.setCurrentIndex(row)

    def current_part(self) -> str:
        return self.session.definition.parts[self.stack.currentIndex()].id if self.session else ""

    def flush(self) -> None:
        """Commit what is still being typed in a field, before saving or exporting."""
        for page in self.pages.values():
            if isinstance(page, FieldsPage):
                page.flush()

    # ---------------------------------------------------------------- editing
    @guarded
    def commit(self, address: str, text: str) -> None:
        """Field pages send edits here; the session decides, the views re-render."""
        if self.session is None:
            return
        reason = ""
        for _ in range(2):
            try:
                self.session.set(address, text, reason=reason)
                return
            except CellError as exc:
                self.statusBar().showMessage(exc.message, 8000)
                self.warnings.show_input_error(address, exc.message)
                self.refresh_fields()
                return
            except ReasonRequired:
                reason = prompts.ask_reason(self) or ""
                if not reason:
                    self.refresh_fields()
                    return

    def _on_result(self, result: OpResult) -> None:
        if self.model is not None:
            self.model.on_result(result)
        self.refresh_all(skip_model=True)
        self.recovery.schedule()
        self.warnings.on_result(result)
        if result.notes:  # what cleaning changed in the typed text (greendesk.text): never silent
            self.statusBar().showMessage("输入已整理：" + "；".join(result.notes), 10000)

    @guarded
    def undo(self) -> None:
        if self.session and self.session.can_undo:
            self.with_reason(self.session.undo)

    @guarded
    def redo(self) -> None:
        if self.session and self.session.can_redo:
            self.with_reason(self.session.redo)

    def with_reason(self, fn) -> None:
        """Run an edit; on a finalised draft ask for the reason once and run it again with it."""
        try:
            fn()
        except ReasonRequired:
            reason = prompts.ask_reason(self)
            if reason:
                fn(reason)

    # ---------------------------------------------------------------- rendering
    def findings_by_cell(self) -> dict[str, list]:
        out: dict[str, list] = {}
        for f in self.session.report.findings:
            out.setdefault(f.cell, []).append(f)
        return out

    def refresh_fields(self) -> None:
        show = bool(self.model and self.model.show_errors)
        by_cell = self.findings_by_cell()
        for page in self.pages.values():
            if isinstance(page, FieldsPage):
                page.refresh(by_cell, show)

    def refresh_all(self, skip_model: bool = False) -> None:
        if self.session is None:
            return
        s = self.session
        d, draft, report = s.definition, s.draft, s.report
        if not skip_model and self.model is not None:
            self.model.rebuild()
        self.refresh_fields()
        self.h_title.setText(f"{d.title}（{d.report_year}年度）")
        self.h_factory.setText(d.unit_name(draft.fields) or f"（未填写{d.name_label}）")
        state = STATE_LABELS[draft.state]
        self.h_state.setText(f"{state}　{len(report.errors)} 个错误，{len(report.warnings)} 个警告")
        colour = {"draft": "#8a6d3b", "verified": "#2d7d32", "final": "#1f4e79",
                  "reported": "#5b3f8c", "withdrawn": "#8a6d3b"}.get(draft.state, "#333333")
        self.h_state.setStyleSheet(f"font-weight: bold; color: {colour};")
        by_part = report.by_part()
        for i, part in enumerate(d.parts):
            fs = by_part.get(part.id, [])
            show = bool(self.model and self.model.show_errors)
            errors = sum(1 for f in fs if f.severity == "error" and (show or f.code != "V1"))
            warnings = sum(1 for f in fs if f.severity == "warning" and not f.acknowledged)
            item = self.nav.item(i)
            if item is not None:
                item.setIcon(_badge(errors, warnings))
                item.setToolTip(f"{errors} 个错误，{warnings} 个警告")
        self.problems.show_report(report, d, self.describe_cell)
        self.a_undo.setEnabled(s.can_undo)
        self.a_redo.setEnabled(s.can_redo)
        name = self.path.name if self.path else "未命名"
        self.setWindowTitle(f"{'*' if s.dirty else ''}{name} — GreenDesk 绿色制造名单动态管理表")
        self.refreshed.emit()

    def describe_cell(self, finding_or_cell) -> str:
        address = finding_or_cell if isinstance(finding_or_cell, str) else finding_or_cell.cell
        if address == "state":
            return "填报状态"
        d = self.session.definition
        try:
            c = cells.Cell.parse(address)
        except CellError:
            return address
        if c.kind == "r":
            return cells.label(d, c)
        if c.kind == "f":
            f = d.fields.get(c.field_id or "")
            label = f.label if f else c.key
            return label if len(label) <= 18 else label[:17] + "…"
        row = d.rows.get(c.key)
        name = row.name if row else c.key
        if c.kind == "t":
            return {"unit": f"{name}（单位）", "note": f"{name}（特殊情况说明）"}.get(
                c.attr, f"{name} {c.year}年")
        if c.item is not None:
            return f"{name} 产品{c.item + 1}" + (f" {c.year}年" if c.year else "")
        return name

    # ---------------------------------------------------------------- navigation
    def go_to_finding(self, finding: Finding) -> None:
        self.go_to_cell(finding.cell)

    def go_to_cell(self, address: str) -> None:
        d = self.session.definition
        if address.startswith(("t:", "p:")):
            part = d.table_part.id
            self.nav.setCurrentRow([p.id for p in d.parts].index(part))
            self.table_view.focus_cell(self.model.index_of(address))
            return
        if address.startswith("r:"):
            part = address[2:].split(".")[0]
            self.nav.setCurrentRow([p.id for p in d.parts].index(part))
            self.pages[part].focus_cell(address)
            return
        fid = address[2:].split(".")[0]
        part = d.field_part.get(fid)
        if part:
            self.nav.setCurrentRow([p.id for p in d.parts].index(part))
            self.pages[part].focus_field(fid)

    # ---------------------------------------------------------------- lifecycle
    def closeEvent(self, event):  # noqa: N802
        if not self.files.can_leave():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        if self.lock:
            self.lock.release()
        event.accept()


def demo_copy(form_id: str = "green-factory-2025") -> Path:
    """A shipped sample draft (resources/samples/<form id>.json), copied to the per-user folder
    under the table's own title so the shipped sample is never modified."""
    from greendesk import forms
    from greendesk.resources import resource_path

    d = forms.get(form_id)
    target = storage.user_data_dir() / "demo" / f"示例-{d.title}-{d.report_year}年度.json"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(resource_path("samples", f"{form_id}.json"), target)
    return target

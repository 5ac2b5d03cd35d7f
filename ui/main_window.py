"""The main window: header, part navigation with badges, pages generated from the definition,
problems panel, the platform's actions (暂存 / 验证并保存 / 导出为EXCEL / 导出为PDF), drafts with
autosave and crash recovery. Every edit goes through the core's EditSession; views re-render from
the OpResult it returns."""

from __future__ import annotations

import logging
import shutil
import traceback
from functools import wraps
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from greendesk import cells, document, forms, storage
from greendesk.cells import CellError
from greendesk.definition import FormDefinition
from greendesk.document import DocumentError
from greendesk.draft import STATE_LABELS, Draft, new_draft, short_fingerprint
from greendesk.rules import Finding
from greendesk.session import EditSession, OpResult, ReasonRequired, StateError
from greendesk.storage import SnapshotStore, StorageError
from ui import prompts
from ui.changelog import ChangeLogDialog
from ui.field_pages import FieldsPage, add_part_header
from ui.problems import ProblemsPanel
from ui.table_model import IndicatorModel
from ui.table_view import IndicatorView
from ui.warning_popup import WarningPopup

log = logging.getLogger("greendesk.ui")
AUTOSAVE_MS = 3000
MAX_RECENT = 8


def guarded(fn):
    """An unexpected exception in a slot becomes a Chinese message, never a traceback."""

    @wraps(fn)
    def wrapper(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            log.error("unexpected error in %s:\n%s", fn.__name__, traceback.format_exc())
            prompts.error(self, "出错了", "操作未能完成，您的数据仍在程序中和自动保存里。",
                          detail=f"{type(exc).__name__}: {exc}")
            return None

    return wrapper


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
    def __init__(self, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or QSettings("GreenDesk", "GreenDesk")
        self.store = SnapshotStore()
        self.session: EditSession | None = None
        self.path: Path | None = None
        self.doc_key = ""
        self.lock: storage.DraftLock | None = None
        self._prev_warnings: set[tuple] = set()
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.setWindowTitle("GreenDesk 绿色制造名单动态管理表")
        self._build_actions()
        self._build_chrome()
        geometry = self.settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            from PySide6.QtGui import QGuiApplication

            screen = QGuiApplication.primaryScreen()
            avail = screen.availableGeometry() if screen else None
            w, h = (1280, 820) if avail is None else (min(1280, int(avail.width() * 0.95)),
                                                      min(820, int(avail.height() * 0.9)))
            self.resize(w, h)

    # ---------------------------------------------------------------- chrome
    def _act(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        a = QAction(text, self)
        a.triggered.connect(lambda _checked=False: slot())
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setToolTip(tip)
            a.setStatusTip(tip)
        return a

    def _build_actions(self) -> None:
        A = self._act
        self.a_new = A("新建", self.new_document, QKeySequence.StandardKey.New, "新建动态管理表")
        self.a_open = A("打开…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.a_save = A("暂存", self.save, QKeySequence.StandardKey.Save, "保存草稿（Ctrl+S）")
        self.a_save_as = A("另存为…", self.save_as, QKeySequence("Ctrl+Shift+S"))
        self.a_verify = A("验证并保存", self.verify_and_save, QKeySequence("F9"), "审核全部数据并保存")
        self.a_xlsx = A("导出为EXCEL", self.export_xlsx, None, "导出与平台表格一致的 Excel")
        self.a_pdf = A("导出为PDF", self.export_pdf, None, "导出供法人签字盖章的 PDF")
        self.a_blank = A("导出空白表单", self.export_blank, None, "导出空白 Excel，用于线下收集数据")
        self.a_import = A("模板导入（从Excel导入）…", self.import_xlsx)
        self.a_rollover = A("导入上年度草稿…", self.import_last_year)
        self.a_final = A("定稿", self.finalize, None, "锁定本表用于签字盖章（仅已通过验证的表）")
        self.a_log = A("修改记录", self.show_log)
        self.a_check = A("核对纸质件…", self.check_paper)
        self.a_backups = A("数据备份/恢复…", self.restore_backup)
        self.a_undo = A("撤销", self.undo, QKeySequence.StandardKey.Undo)
        self.a_redo = A("重做", self.redo, QKeySequence("Ctrl+Y"))
        self.a_quit = A("退出", self.close, QKeySequence.StandardKey.Quit)
        self.recent_menu = None

    def _build_chrome(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("文件(&F)")
        for a in (self.a_new, self.a_open):
            m.addAction(a)
        self.recent_menu = m.addMenu("最近打开")
        for a in (self.a_save, self.a_save_as, self.a_backups):
            m.addAction(a)
        m.addSeparator()
        for a in (self.a_rollover, self.a_import, self.a_blank):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.a_quit)
        m = mb.addMenu("编辑(&E)")
        for a in (self.a_undo, self.a_redo):
            m.addAction(a)
        m = mb.addMenu("审核(&V)")
        self.m_verify = m
        for a in (self.a_verify, self.a_final, self.a_log, self.a_check):
            m.addAction(a)
        m = mb.addMenu("导出(&X)")
        for a in (self.a_xlsx, self.a_pdf, self.a_blank):
            m.addAction(a)
        tb = QToolBar("常用操作", self)
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.a_new, self.a_open, self.a_rollover, None, self.a_undo, self.a_redo, None,
                  self.a_xlsx, self.a_pdf, self.a_save, self.a_verify, self.a_final):
            tb.addSeparator() if a is None else tb.addAction(a)
        self.addToolBar(tb)

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
        self.m_verify.insertAction(self.a_final, self.a_report)
        m = self.menuBar().addMenu("帮助(&H)")
        m.addAction(self._act("关于 GreenDesk", self.about))
        self.popup = WarningPopup(self)
        self.statusBar()
        self._refresh_recent()

    # ---------------------------------------------------------------- documents
    def load(self, definition: FormDefinition, draft: Draft, path: Path | None, *, dirty: bool = False,
             doc_key: str | None = None, notes: list[str] | None = None) -> bool:
        """Show a draft. Takes the file's lock first, so two windows never write one draft."""
        new_lock = None
        if path is not None and (self.path is None or Path(path).resolve() != self.path.resolve()):
            new_lock = storage.DraftLock(Path(path))
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
        if not dirty:
            self.session.mark_saved()
        else:
            self.session.revision += 1
        self.session.subscribe(self._on_result)
        self._build_pages()
        self._prev_warnings = self._warning_keys()
        self._refresh_all(skip_model=True)
        if path:
            self._remember(str(path))
        if notes:
            prompts.info(self, "打开草稿", "\n".join(notes))
        return True

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
        self.pages: dict[str, QWidget] = {}
        self.model = IndicatorModel(self.session, ask_reason=lambda: prompts.ask_reason(self))
        self.model.inputRejected.connect(self._input_rejected)
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
            self.table_view.customContextMenuRequested.connect(self._table_menu)
            page = QWidget()
            lay = QVBoxLayout(page)
            add_part_header(part, lay)
            lay.addWidget(self.table_view, 1)
        else:
            page = FieldsPage(part, self.session, self.commit)
            page.refresh(self._findings_by_cell(), bool(self.model and self.model.show_errors))
        placeholder = self.stack.widget(i)
        self.stack.insertWidget(i, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.pages[part.id] = page
        return page

    def _table_menu(self, pos) -> None:
        """Right-click on a cell: its change log, and 不涉及 (fill 0 and say so) for a parameter row."""
        from PySide6.QtWidgets import QMenu

        index = self.table_view.indexAt(pos)
        if not index.isValid():
            return
        line = self.model.lines[index.row()]
        address = self.model.cell_at(index.row(), index.column())
        menu = QMenu(self)
        if address:
            menu.addAction("查看修改记录", lambda: self.show_log(address))
        if line.kind == "parameter" and line.editable:
            menu.addAction("不涉及（各年填0并注明）", lambda: self.not_applicable(line))
        if not menu.isEmpty():
            menu.exec(self.table_view.viewport().mapToGlobal(pos))

    @guarded
    def not_applicable(self, line) -> None:
        """V1: blank is not 0 — 不涉及 writes 0 for every year and says so in 特殊情况说明."""
        edits = [(cell, "0") for cell in line.year_cells.values()]
        note = cells.get(self.session.draft, line.note_cell) or ""
        if "不涉及" not in note:
            edits.append((line.note_cell, ("不涉及。" + note).strip()))
        self._with_reason(lambda reason="": self.session.apply(edits, reason=reason, label="不涉及"))

    def _show_page(self, row: int) -> None:
        if row >= 0 and self.session is not None:
            self.popup.hide()
            self._page(row)
            self.stack.setCurrentIndex(row)

    def current_part(self) -> str:
        return self.session.definition.parts[self.stack.currentIndex()].id if self.session else ""

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
                self._popup_at_field(address, "输入有误", exc.message)
                self._refresh_fields()
                return
            except ReasonRequired:
                reason = prompts.ask_reason(self) or ""
                if not reason:
                    self._refresh_fields()
                    return

    def _warning_keys(self) -> set[tuple]:
        if self.session is None:
            return set()
        return {(f.code, f.cell, f.message, f.detail) for f in self.session.report.findings
                if f.severity == "warning"}

    def _on_result(self, result: OpResult) -> None:
        if self.model is not None:
            self.model.on_result(result)
        self._refresh_all(skip_model=True)
        self.autosave_timer.start()
        new = [f for f in self.session.report.findings if f.severity == "warning" and not f.acknowledged
               and (f.code, f.cell, f.message, f.detail) not in self._prev_warnings
               and (f.cell in result.cells or (f.row and f.row in result.rows)
                    or any(r in result.rows for r in f.rows))]
        self._prev_warnings = self._warning_keys()
        if new and result.label not in ("撤销编辑", "重做编辑"):
            self.show_warning(new)

    def show_warning(self, findings: list[Finding]) -> None:
        """The platform-style popup beside the cell that caused the warning."""
        anchor = self._anchor_for(findings[0].cell)
        self.popup.show_findings(findings, anchor)

    def _anchor_for(self, address: str) -> QPoint:
        if self.table_view is not None and address.startswith(("t:", "p:")) \
                and self.current_part() == self.session.definition.table_part.id:
            idx = self.model.index_of(address)
            rect = self.table_view.visualRect(idx)
            pt = self.table_view.viewport().mapTo(self, rect.bottomRight())
            return QPoint(pt.x() + 4, pt.y() + 2)
        page = self.pages.get(self.current_part())
        fid = address[2:].split(".")[0] if address.startswith("f:") else ""
        if isinstance(page, FieldsPage) and fid in page.editors:
            w = page.editors[fid]
            return w.mapTo(self, QPoint(0, w.height() + 2))
        return QPoint(self.width() // 3, self.height() // 3)

    def _popup_at_field(self, address: str, title: str, message: str) -> None:
        self.popup.show_message(title, message, self._anchor_for(address))

    def _input_rejected(self, index, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        if self.table_view is not None:
            rect = self.table_view.visualRect(index)
            pt = self.table_view.viewport().mapTo(self, rect.bottomLeft())
            self.popup.show_message("输入有误", message, QPoint(pt.x(), pt.y() + 2))

    @guarded
    def undo(self) -> None:
        if self.session and self.session.can_undo:
            self._with_reason(self.session.undo)

    @guarded
    def redo(self) -> None:
        if self.session and self.session.can_redo:
            self._with_reason(self.session.redo)

    def _with_reason(self, fn) -> None:
        try:
            fn()
        except ReasonRequired:
            reason = prompts.ask_reason(self)
            if reason:
                fn(reason)

    # ---------------------------------------------------------------- rendering
    def _findings_by_cell(self) -> dict[str, list]:
        out: dict[str, list] = {}
        for f in self.session.report.findings:
            out.setdefault(f.cell, []).append(f)
        return out

    def _refresh_fields(self) -> None:
        show = bool(self.model and self.model.show_errors)
        by_cell = self._findings_by_cell()
        for page in self.pages.values():
            if isinstance(page, FieldsPage):
                page.refresh(by_cell, show)

    def _refresh_all(self, skip_model: bool = False) -> None:
        if self.session is None:
            return
        s = self.session
        d, draft, report = s.definition, s.draft, s.report
        if not skip_model and self.model is not None:
            self.model.rebuild()
        self._refresh_fields()
        self.h_title.setText(f"{d.title}（{d.report_year}年度）")
        self.h_factory.setText(draft.fields.get("factory_name", "") or "（未填写工厂名称）")
        state = STATE_LABELS[draft.state]
        self.h_state.setText(f"{state}　{len(report.errors)} 个错误，{len(report.warnings)} 个警告")
        colour = {"draft": "#8a6d3b", "verified": "#2d7d32", "final": "#1f4e79"}[draft.state]
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
        self.a_final.setEnabled(draft.state == "verified")
        name = self.path.name if self.path else "未命名"
        self.setWindowTitle(f"{'*' if s.dirty else ''}{name} — GreenDesk 绿色制造名单动态管理表")

    def describe_cell(self, finding_or_cell) -> str:
        address = finding_or_cell if isinstance(finding_or_cell, str) else finding_or_cell.cell
        if address == "state":
            return "填报状态"
        d = self.session.definition
        try:
            c = cells.Cell.parse(address)
        except CellError:
            return address
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
        fid = address[2:].split(".")[0]
        part = d.field_part.get(fid)
        if part:
            self.nav.setCurrentRow([p.id for p in d.parts].index(part))
            self.pages[part].focus_field(fid)

    # ---------------------------------------------------------------- files
    def _flush(self) -> None:
        for page in getattr(self, "pages", {}).values():
            if isinstance(page, FieldsPage):
                page.flush()

    def folder(self) -> str:
        return str(self.settings.value("lastFolder", str(Path.home())))

    def _remember(self, path: str) -> None:
        self.settings.setValue("lastFolder", str(Path(path).parent))
        recent = [p for p in (self.settings.value("recent", []) or []) if p != path]
        self.settings.setValue("recent", [path, *recent][:MAX_RECENT])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        if self.recent_menu is None:
            return
        self.recent_menu.clear()
        recent = self.settings.value("recent", []) or []
        if isinstance(recent, str):
            recent = [recent]
        for p in recent:
            a = self.recent_menu.addAction(p)
            a.triggered.connect(lambda _c=False, p=p: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def _can_leave(self) -> bool:
        """Unsaved changes: 保存 / 不保存 / 取消."""
        self._flush()
        if self.session is None or not self.session.dirty:
            return True
        choice = prompts.save_changes(self, self.path.name if self.path else "未命名草稿")
        if choice == "save":
            return self.save()
        if choice == "discard":
            self.store.discard(self.doc_key)
            return True
        return False

    @guarded
    def new_document(self) -> None:
        if not self._can_leave():
            return
        defs = forms.available()
        i = prompts.choose_form(self, [f"{d.title}（{d.report_year}年度，填报 {d.years[0]}—{d.years[-1]} 年）"
                                       for d in defs])
        if i is None:
            return
        self._release_lock()
        self.load(defs[i], new_draft(defs[i]), None, dirty=False)

    @guarded
    def open_dialog(self) -> None:
        path = prompts.open_file(self, "打开草稿", self.folder())
        if path:
            self.open_path(Path(path))

    @guarded
    def open_path(self, path: Path) -> bool:
        if not self._can_leave():
            return False
        try:
            opened = document.open_draft(path)
        except DocumentError as exc:
            backups = storage.list_backups(path)
            extra = f"\n\n该文件有 {len(backups)} 个备份，可通过“文件 → 数据备份/恢复”恢复。" if backups else ""
            prompts.error(self, "无法打开草稿", exc.message + extra)
            return False
        return self.load(opened.definition, opened.draft, path, notes=opened.notes)

    def _release_lock(self) -> None:
        if self.lock:
            self.lock.release()
            self.lock = None
        self.path = None

    @guarded
    def save(self) -> bool:
        if self.session is None:
            return False
        self._flush()
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    @guarded
    def save_as(self) -> bool:
        if self.session is None:
            return False
        self._flush()
        d = self.session.definition
        name = self.session.draft.fields.get("factory_name", "") or "动态管理表"
        suggested = str(Path(self.folder()) / f"{name}-{d.report_year}年度.json")
        path = prompts.save_file(self, "另存为", suggested)
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() != ".json":
            path = path.with_suffix(".json")
        if self.path is None or path.resolve() != self.path.resolve():
            lock = storage.DraftLock(path)
            try:
                lock.acquire()
            except StorageError as exc:
                prompts.error(self, "无法保存", exc.message)
                return False
            if self.lock:
                self.lock.release()
            self.lock = lock
        old_key = self.doc_key
        self.path = path
        ok = self._write(path)
        if ok:
            self.store.discard(old_key)
            self.doc_key = storage.doc_key_for(path)
            self._remember(str(path))
        return ok

    def _write(self, path: Path) -> bool:
        try:
            document.save_draft(path, self.session.draft)
        except StorageError as exc:
            self.autosave()
            prompts.error(self, "保存失败", exc.message)
            return False
        self.session.mark_saved()
        self.store.mark_clean(self.doc_key)
        self.autosave_timer.stop()
        self.statusBar().showMessage(f"已保存：{path}", 5000)
        self._refresh_all(skip_model=True)
        return True

    def autosave(self) -> None:
        """Every few seconds after a change: a snapshot in the per-user folder, for crash recovery."""
        if self.session is None or not self.session.dirty:
            return
        try:
            self.store.write(self.doc_key, document.dumps(self.session.draft), source_path=self.path,
                             label=self.session.draft.fields.get("factory_name", ""))
        except StorageError as exc:
            self.statusBar().showMessage(f"自动保存失败：{exc.message}", 10000)

    def check_recovery(self) -> bool:
        """After a crash: offer each autosave left behind (恢复 / 放弃). True if one was restored."""
        for cand in self.store.pending_recovery(document.loads):
            choice = prompts.recovery(self, cand.describe())
            if choice == "discard":
                self.store.discard(cand.doc_key)
            elif choice == "restore":
                try:
                    draft = document.loads(self.store.read(cand.snapshot), "自动保存")
                    definition, notes = document.attach_definition(draft, "自动保存的草稿")
                except (DocumentError, StorageError) as exc:
                    prompts.error(self, "无法恢复", exc.message)
                    continue
                if self.load(definition, draft, cand.source_path, dirty=True, doc_key=cand.doc_key,
                             notes=notes):
                    self.statusBar().showMessage(
                        f"已恢复 {cand.snapshot.saved_at:%Y-%m-%d %H:%M:%S} 的自动保存，请保存。", 10000)
                    return True
        return False

    @guarded
    def restore_backup(self) -> None:
        """数据备份/恢复: open one of the rolling backups of the current file (kept unsaved)."""
        if self.path is None:
            prompts.info(self, "数据备份/恢复", "当前草稿尚未保存，没有备份。")
            return
        backups = storage.list_backups(self.path)
        if not backups:
            prompts.info(self, "数据备份/恢复", "该文件还没有备份（每次保存前会自动备份上一版本）。")
            return
        labels = [f"{b.saved_at:%Y-%m-%d %H:%M:%S}（{b.size // 1024 + 1} KB）" for b in backups]
        i = prompts.choose_form(self, labels)
        if i is None:
            return
        try:
            draft = document.loads(backups[i].path.read_bytes(), "备份文件")
            definition, notes = document.attach_definition(draft, "备份文件")
        except (DocumentError, OSError) as exc:
            prompts.error(self, "无法恢复备份", getattr(exc, "message", None) or f"无法读取备份文件：{exc}")
            return
        self.load(definition, draft, self.path, dirty=True, doc_key=self.doc_key, notes=notes)
        self.statusBar().showMessage("已载入备份，确认无误后请保存。", 10000)

    # ---------------------------------------------------------------- platform actions
    @guarded
    def verify_and_save(self) -> None:
        """验证并保存: run every rule; verified only without errors; always save."""
        if self.session is None:
            return
        self._flush()
        report = self.session.verify()
        if self.model:
            self.model.show_errors = True
            self.model.rebuild()
        self._refresh_all(skip_model=True)
        saved = self.save()
        if report.errors:
            self.show_problems()
            self.go_to_finding(report.errors[0])
            prompts.error(self, "校验错误", f"存在 {len(report.errors)} 个错误，请检查表单中标红的单元格。"
                          + ("" if saved else "\n（草稿尚未保存。）"))
        else:
            msg = "验证通过，已保存。" if saved else "验证通过（尚未保存）。"
            if report.warnings:
                unack = sum(1 for f in report.warnings if not f.acknowledged)
                msg += f"\n有 {len(report.warnings)} 个警告（{unack} 个未在特殊情况说明中说明），不影响上报。"
                self.show_problems()
            prompts.info(self, "验证并保存", msg)

    def show_problems(self) -> None:
        """The 审核报告 panel, a quarter of the window high: the form stays the main thing in view."""
        dock = self.problems_dock
        if not dock.isVisible():
            dock.show()
            self.resizeDocks([dock], [max(150, self.height() // 4)], Qt.Orientation.Vertical)

    @guarded
    def finalize(self) -> None:
        try:
            self.session.finalize()
        except StateError as exc:
            prompts.error(self, "不能定稿", exc.message)
            return
        self.save()
        prompts.info(self, "定稿", "本表已定稿，可导出 PDF 签字盖章。此后修改需要填写原因，并记入修改记录。")

    @guarded
    def show_log(self, cell: str | None = None) -> None:
        entries = self.session.cell_history(cell) if cell else list(self.session.draft.log)
        title = f"修改记录 — {self.describe_cell(cell)}" if cell else "修改记录（全部）"
        ChangeLogDialog(entries, self.describe_cell, title, self).exec()

    def _export_target(self, title: str, suffix: str, filter_: str) -> Path | None:
        name = self.session.draft.fields.get("factory_name", "") or "动态管理表"
        suggested = str(Path(self.folder()) / f"{name}-{self.session.definition.report_year}年度{suffix}")
        path = prompts.save_file(self, title, suggested, filter_)
        return Path(path) if path else None

    @guarded
    def export_pdf(self) -> None:
        from greendesk import export

        self._flush()
        path = self._export_target("导出为PDF", ".pdf", prompts.PDF_FILTER)
        if not path:
            return
        try:
            result = export.export_pdf(self.session.definition, self.session.draft, path)
        except export.ExportError as exc:
            prompts.error(self, "导出失败", exc.message)
            return
        if result.draft_watermark:
            prompts.info(self, "导出为PDF", f"存在 {result.errors} 个错误：PDF 带“草稿”水印，没有签字盖章栏。"
                         "请修正错误后重新导出用于签字的版本。")
        prompts.open_externally(str(path))

    @guarded
    def export_xlsx(self) -> None:
        from greendesk import export

        self._flush()
        path = self._export_target("导出为EXCEL", ".xlsx", prompts.XLSX_FILTER)
        if path:
            try:
                export.export_xlsx(self.session.definition, self.session.draft, path)
            except export.ExportError as exc:
                prompts.error(self, "导出失败", exc.message)
                return
            prompts.open_externally(str(path))

    @guarded
    def export_blank(self) -> None:
        from greendesk import export

        path = self._export_target("导出空白表单", "-空白表单.xlsx", prompts.XLSX_FILTER)
        if path:
            try:
                export.export_blank_xlsx(self.session.definition, path)
            except export.ExportError as exc:
                prompts.error(self, "导出失败", exc.message)
                return
            prompts.open_externally(str(path))

    @guarded
    def import_xlsx(self) -> None:
        """模板导入: read a workbook, show the report first, then apply as one undoable step."""
        from greendesk import export

        path = prompts.open_file(self, "模板导入", self.folder(), prompts.XLSX_FILTER)
        if not path:
            return
        try:
            draft, report = export.import_xlsx(Path(path), self.session.definition, self.session.draft)
        except export.ExportError as exc:
            prompts.error(self, "无法导入", exc.message)
            return
        if not prompts.confirm(self, "模板导入", report.to_text() + "\n\n是否用这些数据更新当前表？",
                               "导入", "取消"):
            return
        edits = [(c, v) for c, _, v in report.taken]
        self._with_reason(lambda reason="": self.session.apply(edits, source="imported", reason=reason,
                                                               label="模板导入"))
        self.statusBar().showMessage(f"已导入 {len(edits)} 项", 8000)

    @guarded
    def import_last_year(self) -> None:
        """导入上年度草稿: roll last year's draft into this year's table, with its report."""
        from greendesk.rollover import rollover

        path = prompts.open_file(self, "导入上年度草稿", self.folder())
        if not path:
            return
        try:
            old = document.open_draft(Path(path))
        except DocumentError as exc:
            prompts.error(self, "无法打开上年度草稿", exc.message)
            return
        later = [d for d in forms.available() if d.kind == old.definition.kind
                 and d.report_year > old.definition.report_year]
        if not later:
            prompts.error(self, "无法结转", f"没有比 {old.definition.report_year} 年度更新的表单。")
            return
        target = min(later, key=lambda d: d.report_year)
        if not self._can_leave():
            return
        draft, report = rollover(old.draft, old.definition, target)
        self._release_lock()
        self.load(target, draft, None, dirty=True)
        prompts.info(self, "上年度草稿结转", report.to_text())
        for fid, text in report.offered.items():
            label = report.offered_labels.get(fid, fid)
            if prompts.confirm(self, "上年度内容", f"是否采用上年度的“{label}”作为起始文本？\n\n{text[:400]}",
                               "采用", "不采用"):
                self.session.apply([(f"f:{fid}", text)], source="carried", label="采用上年度内容")

    @guarded
    def check_paper(self) -> None:
        """核对纸质件: does the fingerprint printed on paper match this draft?"""
        full = self.session.draft.fingerprint()
        short = short_fingerprint(full)
        code = prompts.ask_text(self, "核对纸质件", f"输入纸质件页脚印的内容指纹（本草稿为 {short}）：")
        if not code:
            return
        typed = code.upper().replace("-", "").replace(" ", "")
        if len(typed) >= 8 and full.upper().startswith(typed):
            prompts.info(self, "核对纸质件", f"一致：纸质件与当前草稿内容相同（{short}）。")
        else:
            prompts.error(self, "核对纸质件", f"不一致：纸质件为 {code}，当前草稿为 {short}。纸质件与文件内容不同。")

    def about(self) -> None:
        """Version, where the data lives (for support) and what ships with whose licence."""
        from greendesk import __version__

        shipped = "、".join(f"{d.title}（{d.report_year}年度，版本 {d.version}）" for d in forms.available())
        prompts.info(self, "关于 GreenDesk", "\n".join([
            f"GreenDesk {__version__}：绿色制造名单动态管理表离线填报客户端。",
            f"本程序提供的表单：{shipped}。",
            f"自动保存与设置所在文件夹：{storage.user_data_dir()}",
            "字体：文泉驿微米黑（Apache-2.0）；行业代码：GB/T 4754-2017《国民经济行业分类》；"
            "行政区划：国家统计局统计用区划代码（来源见 resources/data/SOURCES.md）。",
            "本程序不联网，不上传任何数据。",
        ]))

    # ---------------------------------------------------------------- lifecycle
    def closeEvent(self, event):  # noqa: N802
        if not self._can_leave():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        if self.lock:
            self.lock.release()
        event.accept()


def demo_copy() -> Path:
    """The sample draft, copied to the per-user folder so the shipped sample is never modified."""
    from greendesk.resources import resource_path

    target = storage.user_data_dir() / "demo" / "示例-绿色工厂动态管理表-2025年度.json"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(resource_path("samples", "green-factory-2025.json"), target)
    return target

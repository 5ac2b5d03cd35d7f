"""文件: 新建 / 打开 / 最近打开 / 暂存 / 另存为 — where a draft comes from and where it is written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence

from greendesk import document, forms, storage
from greendesk.definition import FormDefinition
from greendesk.document import DocumentError
from greendesk.draft import new_draft
from greendesk.draft_lock import DraftLock
from greendesk.storage import StorageError
from ui import prompts
from ui.guard import guarded
from ui.new_draft_dialog import FormChoice
from ui.settings_values import read_list, read_str
from ui.window_api import DocumentWindow

MAX_RECENT = 8


def _year_label(d: FormDefinition) -> str:
    """2025年度（填报 2022—2024 年）; a list filled for one year only says its year."""
    if len(d.years) > 1:
        return f"{d.report_year}年度（填报 {d.years[0]}—{d.years[-1]} 年）"
    return f"{d.report_year}年度"


class FileActions:
    def __init__(self, window: DocumentWindow):
        self.window = window
        add = window.add_action
        self.a_new = add("file", "新建", self.new_document, QKeySequence.StandardKey.New, "新建动态管理表")
        self.a_open = add("file", "打开…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = window.menus["file"].addMenu("最近打开")
        self.a_save = add("file", "暂存", self.save, QKeySequence.StandardKey.Save, "保存草稿（Ctrl+S）")
        self.a_save_as = add("file", "另存为…", self.save_as, QKeySequence("Ctrl+Shift+S"))
        self.refresh_recent()

    # ---------------------------------------------------------------- folders and recent files
    def folder(self) -> str:
        """The folder the last draft came from: every file dialog starts there."""
        return read_str(self.window.settings, "lastFolder", str(Path.home()))

    def remember(self, path: str) -> None:
        settings = self.window.settings
        settings.setValue("lastFolder", str(Path(path).parent))
        recent = [p for p in read_list(settings, "recent") if p != path]
        settings.setValue("recent", [path, *recent][:MAX_RECENT])
        self.refresh_recent()

    def refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = read_list(self.window.settings, "recent")
        for p in recent:
            a = self.recent_menu.addAction(p)
            a.triggered.connect(lambda _c=False, p=p: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    # ---------------------------------------------------------------- leaving the current draft
    def can_leave(self) -> bool:
        """Unsaved changes: 保存 / 不保存 / 取消."""
        w = self.window
        w.flush()
        if w.session is None or not w.session.dirty:
            return True
        choice = prompts.save_changes(w, w.path.name if w.path else "未命名草稿")
        if choice == "save":
            return self.save()
        if choice == "discard":
            w.store.discard(w.doc_key)
            return True
        return False

    # ---------------------------------------------------------------- opening
    @guarded
    def new_document(self) -> None:
        if not self.can_leave():
            return
        defs = forms.available()
        i = prompts.choose_form(self.window, [FormChoice(d.title, _year_label(d)) for d in defs])
        if i is None:
            return
        self.window.release_lock()
        self.window.load(defs[i], new_draft(defs[i]), None, dirty=False)

    @guarded
    def open_dialog(self) -> None:
        path = prompts.open_file(self.window, "打开草稿", self.folder())
        if path:
            self.open_path(Path(path))

    @guarded
    def open_path(self, path: Path) -> bool:
        if not self.can_leave():
            return False
        try:
            opened = document.open_draft(path)
        except DocumentError as exc:
            backups = storage.list_backups(path)
            extra = f"\n\n该文件有 {len(backups)} 个备份，可通过“文件 → 数据备份/恢复”恢复。" if backups else ""
            prompts.error(self.window, "无法打开草稿", exc.message + extra)
            return False
        return self.window.load(opened.definition, opened.draft, path, notes=opened.notes)

    # ---------------------------------------------------------------- saving
    @guarded
    def save(self) -> bool:
        w = self.window
        if w.session is None:
            return False
        w.flush()
        if w.path is None:
            return self.save_as()
        return self.write(w.path)

    @guarded
    def save_as(self) -> bool:
        w = self.window
        if w.session is None:
            return False
        w.flush()
        d = w.session.definition
        name = d.unit_name(w.session.draft.fields) or "动态管理表"
        suggested = str(Path(self.folder()) / f"{name}-{d.report_year}年度.json")
        path = prompts.save_file(w, "另存为", suggested)
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() != ".json":
            path = path.with_suffix(".json")
        if w.path is None or path.resolve() != w.path.resolve():
            lock = DraftLock(path)
            try:
                lock.acquire()
            except StorageError as exc:
                prompts.error(w, "无法保存", exc.message)
                return False
            if w.lock:
                w.lock.release()
            w.lock = lock
        old_key = w.doc_key
        w.path = path
        ok = self.write(path)
        if ok:
            w.store.discard(old_key)
            w.doc_key = storage.doc_key_for(path)
            self.remember(str(path))
        return ok

    def write(self, path: Path) -> bool:
        """Write the draft; on failure the data goes to the autosave and the user is told so."""
        w = self.window
        try:
            document.save_draft(path, w.session.draft)
        except StorageError as exc:
            w.recovery.autosave()
            prompts.error(w, "保存失败", exc.message)
            return False
        w.session.mark_saved()
        w.store.mark_clean(w.doc_key)
        w.recovery.autosave_timer.stop()
        w.statusBar().showMessage(f"已保存：{path}", 5000)
        w.refresh_all(skip_model=True)
        return True

"""Nothing lost: autosave snapshots a few seconds after each change, the explicit recovery offer
after a crash (恢复 / 放弃), and 数据备份/恢复 from the rolling backups of the saved file."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from greendesk import document, oserrors, storage
from greendesk.document import DocumentError
from greendesk.storage import StorageError
from ui import prompts
from ui.guard import guarded
from ui.window_api import DocumentWindow

AUTOSAVE_MS = 3000


class RecoveryActions:
    def __init__(self, window: DocumentWindow):
        self.window = window
        self.autosave_timer = QTimer(window, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.a_backups = window.add_action("file", "数据备份/恢复…", self.restore_backup)

    def schedule(self) -> None:
        """An edit happened: snapshot soon (the timer restarts on every edit)."""
        self.autosave_timer.start()

    def autosave(self) -> None:
        """Every few seconds after a change: a snapshot in the per-user folder, for crash recovery."""
        w = self.window
        if w.session is None or not w.session.dirty:
            return
        try:
            w.store.write(w.doc_key, document.dumps(w.session.draft), source_path=w.path,
                          label=w.session.definition.unit_name(w.session.draft.fields))
        except StorageError as exc:
            w.statusBar().showMessage(f"自动保存失败：{exc.message}", 10000)

    def check_recovery(self) -> bool:
        """After a crash: offer each autosave left behind (恢复 / 放弃). True if one was restored."""
        w = self.window
        for cand in w.store.pending_recovery(document.loads):
            choice = prompts.recovery(w, cand.describe())
            if choice == "discard":
                w.store.discard(cand.doc_key)
            elif choice == "restore":
                try:
                    draft = document.loads(w.store.read(cand.snapshot), "自动保存")
                    definition, notes = document.attach_definition(draft, "自动保存的草稿")
                except (DocumentError, StorageError) as exc:
                    prompts.error(w, "无法恢复", exc.message)
                    continue
                if w.load(definition, draft, cand.source_path, dirty=True, doc_key=cand.doc_key,
                          notes=notes):
                    w.statusBar().showMessage(
                        f"已恢复 {cand.snapshot.saved_at:%Y-%m-%d %H:%M:%S} 的自动保存，请保存。", 10000)
                    return True
        return False

    @guarded
    def restore_backup(self) -> None:
        """数据备份/恢复: open one of the rolling backups of the current file (kept unsaved)."""
        w = self.window
        if w.path is None:
            prompts.info(w, "数据备份/恢复", "当前草稿尚未保存，没有备份。")
            return
        backups = storage.list_backups(w.path)
        if not backups:
            prompts.info(w, "数据备份/恢复", "该文件还没有备份（每次保存前会自动备份上一版本）。")
            return
        labels = [f"{b.saved_at:%Y-%m-%d %H:%M:%S}（{b.size // 1024 + 1} KB）" for b in backups]
        i = prompts.choose_backup(w, labels)
        if i is None:
            return
        try:
            draft = document.loads(backups[i].path.read_bytes(), "备份文件")
            definition, notes = document.attach_definition(draft, "备份文件")
        except DocumentError as exc:
            prompts.error(w, "无法恢复备份", exc.message)
            return
        except OSError as exc:  # rotated away meanwhile, or unreadable
            prompts.error(w, "无法恢复备份", f"无法读取备份文件：{oserrors.describe(exc, backups[i].path)}。")
            return
        w.load(definition, draft, w.path, dirty=True, doc_key=w.doc_key, notes=notes)
        w.statusBar().showMessage("已载入备份，确认无误后请保存。", 10000)

"""导入上年度草稿 / 模板导入: data that comes in from last year's draft or from a workbook, each
shown with its report before it changes anything."""

from __future__ import annotations

from pathlib import Path

from greendesk import document, forms
from greendesk.document import DocumentError
from ui import prompts
from ui.guard import guarded
from ui.window_api import DocumentWindow


class ImportActions:
    def __init__(self, window: DocumentWindow):
        self.window = window
        self.a_rollover = window.add_action("file", "导入上年度草稿…", self.import_last_year)
        self.a_import = window.add_action("file", "模板导入（从Excel导入）…", self.import_xlsx)

    @guarded
    def import_xlsx(self) -> None:
        """模板导入: read a workbook, show the report first, then apply as one undoable step."""
        from greendesk import export

        w = self.window
        path = prompts.open_file(w, "模板导入", w.files.folder(), prompts.XLSX_FILTER)
        if not path:
            return
        try:
            draft, report = export.import_xlsx(Path(path), w.session.definition, w.session.draft)
        except export.ExportError as exc:
            prompts.error(w, "无法导入", exc.message)
            return
        if not prompts.confirm(w, "模板导入", report.to_text() + "\n\n是否用这些数据更新当前表？",
                               "导入", "取消"):
            return
        if w.session.definition.record_parts:  # a 培育名单: the list becomes the workbook's
            from greendesk import record_ops

            w.with_reason(lambda reason="": record_ops.replace_lists(w.session, draft, reason=reason))
            w.statusBar().showMessage(f"已导入 {report.rows} 行", 8000)
            return
        edits = [(c, v) for c, _, v in report.taken]
        w.with_reason(lambda reason="": w.session.apply(edits, source="imported", reason=reason,
                                                        label="模板导入"))
        w.statusBar().showMessage(f"已导入 {len(edits)} 项", 8000)

    @guarded
    def import_last_year(self) -> None:
        """导入上年度草稿: roll last year's draft into this year's table, with its report."""
        from greendesk.rollover import RolloverError, check_same_kind, rollover

        w = self.window
        path = prompts.open_file(w, "导入上年度草稿", w.files.folder())
        if not path:
            return
        try:
            old = document.open_draft(Path(path))
        except DocumentError as exc:
            prompts.error(w, "无法打开上年度草稿", exc.message)
            return
        if w.session is not None:  # within the kind of the table open now, never across kinds
            try:
                check_same_kind(old.definition, w.session.definition)
            except RolloverError as exc:
                prompts.error(w, "无法结转", exc.message)
                return
        later = [d for d in forms.available() if d.kind == old.definition.kind
                 and d.report_year > old.definition.report_year]
        if not later:
            prompts.error(w, "无法结转", f"没有比 {old.definition.report_year} 年度更新的表单。")
            return
        target = min(later, key=lambda d: d.report_year)
        if not w.files.can_leave():
            return
        draft, report = rollover(old.draft, old.definition, target)
        w.release_lock()
        w.load(target, draft, None, dirty=True)
        prompts.info(w, "上年度草稿结转", report.to_text())
        for fid, text in report.offered.items():
            label = report.offered_labels.get(fid, fid)
            if prompts.confirm(w, "上年度内容", f"是否采用上年度的“{label}”作为起始文本？\n\n{text[:400]}",
                               "采用", "不采用"):
                w.session.apply([(f"f:{fid}", text)], source="carried", label="采用上年度内容")

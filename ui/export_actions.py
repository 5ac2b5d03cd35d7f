"""导出为EXCEL / 导出为PDF / 导出空白表单: the files that leave GreenDesk."""

from __future__ import annotations

from pathlib import Path

from ui import prompts
from ui.guard import guarded
from ui.window_api import DocumentWindow


class ExportActions:
    def __init__(self, window: DocumentWindow):
        self.window = window
        add = window.add_action
        self.a_xlsx = add("export", "导出为EXCEL", self.export_xlsx, tip="导出与平台表格一致的 Excel")
        self.a_pdf = add("export", "导出为PDF", self.export_pdf, tip="导出供法人签字盖章的 PDF")
        self.a_blank = add("export", "导出空白表单", self.export_blank, tip="导出空白 Excel，用于线下收集数据")
        window.menus["file"].addAction(self.a_blank)

    def _target(self, title: str, suffix: str, filter_: str) -> Path | None:
        w = self.window
        name = w.session.definition.unit_name(w.session.draft.fields) or "动态管理表"
        suggested = str(Path(w.files.folder()) / f"{name}-{w.session.definition.report_year}年度{suffix}")
        path = prompts.save_file(w, title, suggested, filter_)
        return Path(path) if path else None

    @guarded
    def export_pdf(self) -> None:
        from greendesk import export

        w = self.window
        w.flush()
        path = self._target("导出为PDF", ".pdf", prompts.PDF_FILTER)
        if not path:
            return
        try:
            result = export.export_pdf(w.session.definition, w.session.draft, path)
        except export.ExportError as exc:
            prompts.error(w, "导出失败", exc.message)
            return
        if result.draft_watermark:
            prompts.info(w, "导出为PDF", f"存在 {result.errors} 个错误：PDF 带“草稿”水印，没有签字盖章栏。"
                         "请修正错误后重新导出用于签字的版本。")
        prompts.open_externally(str(path))

    @guarded
    def export_xlsx(self) -> None:
        from greendesk import export

        w = self.window
        w.flush()
        path = self._target("导出为EXCEL", ".xlsx", prompts.XLSX_FILTER)
        if path:
            try:
                export.export_xlsx(w.session.definition, w.session.draft, path)
            except export.ExportError as exc:
                prompts.error(w, "导出失败", exc.message)
                return
            prompts.open_externally(str(path))

    @guarded
    def export_blank(self) -> None:
        from greendesk import export

        w = self.window
        path = self._target("导出空白表单", "-空白表单.xlsx", prompts.XLSX_FILTER)
        if path:
            try:
                export.export_blank_xlsx(w.session.definition, path)
            except export.ExportError as exc:
                prompts.error(w, "导出失败", exc.message)
                return
            prompts.open_externally(str(path))

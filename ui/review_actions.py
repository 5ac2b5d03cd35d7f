"""审核: 验证并保存, 审核报告, 定稿, 修改记录, 核对纸质件 — the checks a unit runs before signing."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from greendesk import paper_code, record_cells
from greendesk.draft import short_fingerprint
from greendesk.session import StateError
from ui import prompts
from ui.changelog import ChangeLogDialog
from ui.guard import guarded
from ui.window_api import DocumentWindow


class ReviewActions:
    def __init__(self, window: DocumentWindow):
        self.window = window
        add = window.add_action
        self.a_verify = add("review", "验证并保存", self.verify_and_save, QKeySequence("F9"), "审核全部数据并保存")
        window.menus["review"].addAction(window.a_report)
        self.a_final = add("review", "定稿", self.finalize, tip="锁定本表用于签字盖章（仅已通过验证的表）")
        self.a_log = add("review", "修改记录", self.show_log)
        self.a_check = add("review", "核对纸质件…", self.check_paper)
        window.refreshed.connect(self._on_refresh)

    def _on_refresh(self) -> None:
        session = self.window.session
        self.a_final.setEnabled(session is not None and session.draft.state == "verified")

    @guarded
    def verify_and_save(self) -> None:
        """验证并保存: run every rule; verified only without errors; always save."""
        w = self.window
        if w.session is None:
            return
        w.flush()
        w.warnings.hide()  # the findings now go to the 审核报告 panel
        report = w.session.verify()
        if w.model:
            w.model.show_errors = True
            w.model.rebuild()
        w.refresh_all(skip_model=True)
        saved = w.files.save()
        if report.errors:
            w.show_problems()
            w.go_to_finding(report.errors[0])
            prompts.error(w, "校验错误", f"存在 {len(report.errors)} 个错误，请检查表单中标红的单元格。"
                          + ("" if saved else "\n（草稿尚未保存。）"))
        else:
            msg = "验证通过，已保存。" if saved else "验证通过（尚未保存）。"
            if report.warnings:
                unack = sum(1 for f in report.warnings if not f.acknowledged)
                msg += f"\n有 {len(report.warnings)} 个警告（{unack} 个未在特殊情况说明中说明），不影响上报。"
                w.show_problems()
            prompts.info(w, "验证并保存", msg)

    @guarded
    def finalize(self) -> None:
        w = self.window
        try:
            w.session.finalize()
        except StateError as exc:
            prompts.error(w, "不能定稿", exc.message)
            return
        w.files.save()
        prompts.info(w, "定稿", "本表已定稿，可导出 PDF 签字盖章。此后修改需要填写原因，并记入修改记录。")

    @guarded
    def show_log(self, cell: str | None = None) -> None:
        w = self.window
        entries = w.session.cell_history(cell) if cell else list(w.session.draft.log)
        title = f"修改记录 — {w.describe_cell(cell)}" if cell else "修改记录（全部）"
        definition = w.session.definition
        ChangeLogDialog(entries, w.describe_cell, title, w,
                        shown=lambda c, v: record_cells.shown_value(definition, c, v)).exec()

    @guarded
    def check_paper(self) -> None:
        """核对纸质件: does the fingerprint printed on paper match this draft?"""
        w = self.window
        full = w.session.draft.fingerprint()
        short = short_fingerprint(full)
        code = prompts.ask_text(w, "核对纸质件", f"输入纸质件页脚印的内容指纹（本草稿为 {short}）：")
        if not code:
            return
        verdict = paper_code.compare(full, code)
        if verdict == "same":
            prompts.info(w, "核对纸质件", f"一致：纸质件与当前草稿内容相同（{short}）。")
        elif verdict == "malformed":
            prompts.error(w, "核对纸质件", paper_code.malformed_message(code))
        else:
            prompts.error(w, "核对纸质件", f"不一致：纸质件为 {code}，当前草稿为 {short}。纸质件与文件内容不同。")

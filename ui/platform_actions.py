"""平台: the step from GreenDesk into the platform — 平台录入助手, 核对平台数据, 已上报 / 取消上报,
附件清单, and the platform's own lists (绿色工厂名单, 能耗限额/取水定额标准清单) when the user has them.

Composed into the window with one line; the logic is the core's (platform_entry, compare,
platform_lists, attachments, session); this module only asks, shows and reminds.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from greendesk.attachments import ATTACHMENT_NOTE, required_attachments
from greendesk.compare import CompareError, compare_workbook
from greendesk.platform_entry import EntryProgress, entry_steps
from greendesk.platform_lists import (
    FactoryList,
    ListError,
    StandardList,
    check_name_against_list,
    list_kind,
    list_question,
    load_factory_list,
    load_standard_list,
)
from greendesk.session import REPORT_REMINDER, StateError
from ui import prompts
from ui.guard import guarded
from ui.window_api import DocumentWindow

PLATFORM_PDF_HELP = (
    "GreenDesk 导出的 PDF 与平台表格内容相同，供单位内部审核和法人签字留存。\n\n"
    "上传平台的盖章扫描件必须是平台自己导出的 PDF：填报手册要求“上传动态管理表盖章扫描件"
    "（请在页面右上角导出pdf格式盖章）”。请把数据录入平台（可用“平台 → 平台录入助手”），"
    "点“验证并保存”，再点平台页面右上角“导出为PDF”，对那份 PDF 由法人签字、加盖单位公章，扫描后上传，然后点“上报”。\n\n"
    "上报后如发现填写有误：在上级主管部门审批前可以“取消上报”，修订后须重新导出为PDF并盖章上传，再重新上报（手册常见问题3）。")


class PlatformActions:
    def __init__(self, window: DocumentWindow):
        self.window = window
        menu = "platform" if "platform" in window.menus else "review"
        add = window.add_action
        self.a_assistant = add(menu, "平台录入助手…", self.open_assistant, "Ctrl+Shift+P",
                               "按平台页面的顺序逐项复制已填写的数据，粘贴到平台")
        self.a_compare = add(menu, "核对平台导出的Excel…", self.compare,
                             tip="读入平台“导出为EXCEL”得到的表，逐项列出与本草稿不同之处")
        window.menus[menu].addSeparator()
        self.a_reported = add(menu, "标记为已上报", self.mark_reported,
                              tip="已在平台上传盖章扫描件并点击“上报”后标记")
        self.a_cancel = add(menu, "取消上报", self.cancel_report, tip="已在平台“取消上报”后标记")
        window.menus[menu].addSeparator()
        self.a_attachments = add(menu, "附件清单（情况说明）…", self.show_attachments)
        self.a_factories = add(menu, "载入绿色制造名单…", self.load_factories,
                               tip="平台页面上方下载的名单（绿色工厂 / 绿色供应链管理企业 / 绿色工业园区）："
                                   "核对名称与名单是否一致")
        self.a_standards = add(menu, "载入能耗限额/取水定额标准清单…", self.load_standards)
        self.a_pick = add(menu, "选择产品适用标准…", self.pick_standard)
        window.menus[menu].addSeparator()
        self.a_pdf_help = add(menu, "上传平台的PDF应是哪一份？", self.pdf_help)
        self.assistant = None
        self.factories: FactoryList | None = None
        self.standards: StandardList | None = None
        self._reminded_revision: int | None = None
        bar = window.statusBar()
        self.report_label = QLabel()
        self.report_label.setStyleSheet("color: #b03a2e; font-weight: bold;")
        self.report_label.setToolTip(REPORT_REMINDER)
        self.report_label.hide()
        self.attach_button = QPushButton()
        self.attach_button.setFlat(True)
        self.attach_button.setStyleSheet("color: #8a6d3b;")
        self.attach_button.clicked.connect(self.show_attachments)
        self.attach_button.hide()
        bar.addPermanentWidget(self.report_label)
        bar.addPermanentWidget(self.attach_button)
        window.refreshed.connect(self._on_refresh)

    # ---------------------------------------------------------------- refresh
    def _on_refresh(self) -> None:
        s = self.window.session
        open_ = s is not None
        for a in (self.a_assistant, self.a_compare, self.a_attachments, self.a_factories,
                  self.a_standards, self.a_pick):
            a.setEnabled(open_)
        self.a_reported.setEnabled(open_ and s.draft.state in ("verified", "final", "withdrawn"))
        self.a_cancel.setEnabled(open_ and s.draft.state == "reported")
        if s is None:
            return
        self.a_factories.setText(f"载入{list_kind(s.definition)}…")
        changed = s.changed_since_report
        self.report_label.setVisible(changed)
        self.report_label.setText("已上报后内容有修改：须重新导出PDF盖章上传" if changed else "")
        if changed and self._reminded_revision is None:
            self._reminded_revision = s.revision
            self.window.statusBar().showMessage(REPORT_REMINDER, 15000)
        elif not changed:
            self._reminded_revision = None
        needed = required_attachments(s.definition, s.draft)
        self.attach_button.setVisible(bool(needed))
        self.attach_button.setText(f"需附情况说明 {len(needed)} 份" if needed else "")
        if self.assistant is not None and getattr(self.assistant, "doc_key", None) != self.window.doc_key:
            self.assistant.close()  # another draft was opened: its progress is not this one's
            self.assistant = None
        if self.assistant is not None and self.assistant.isVisible():
            self.assistant.reload()

    # ---------------------------------------------------------------- 平台录入助手
    def _steps(self, include_checks: bool):
        s = self.window.session
        if s is None:
            return []
        return entry_steps(s.definition, s.draft, s.computed, include_checks=include_checks)

    @guarded
    def open_assistant(self) -> None:
        from ui.entry_assistant import EntryAssistant

        w = self.window
        if w.session is None:
            return
        w.flush()
        key = w.doc_key
        if self.assistant is None or getattr(self.assistant, "doc_key", None) != key:
            if self.assistant is not None:
                self.assistant.close()
            self.assistant = EntryAssistant(self._steps, EntryProgress.for_document(key), None)
            self.assistant.doc_key = key
            self.assistant.place_beside_browser()
        self.assistant.reload()
        self.assistant.show()
        self.assistant.raise_()
        self.assistant.activateWindow()

    # ---------------------------------------------------------------- 核对平台数据
    @guarded
    def compare(self, path: str | None = None) -> None:
        from ui.compare_dialog import CompareDialog

        w = self.window
        if w.session is None:
            return
        w.flush()
        path = path or prompts.open_file(w, "选择平台导出的Excel", "", prompts.XLSX_FILTER)
        if not path:
            return
        try:
            result = compare_workbook(Path(path), w.session.definition, w.session.draft)
        except CompareError as exc:
            prompts.error(w, "核对平台数据", exc.message)
            return
        self.last_comparison = result
        go = getattr(w, "go_to_cell", None)
        dialog = CompareDialog(result, Path(path).name, go, w)  # type: ignore[arg-type]
        dialog.setModal(False)
        dialog.show()
        self.compare_dialog = dialog

    # ---------------------------------------------------------------- 已上报 / 取消上报
    @guarded
    def mark_reported(self) -> None:
        w = self.window
        if w.session is None:
            return
        if not prompts.confirm(w, "标记为已上报",
                               "请确认：已把数据录入平台并“验证并保存”，已上传平台导出的PDF的盖章扫描件，并已点击“上报”。",
                               yes="已上报"):
            return
        try:
            w.session.mark_reported()
        except StateError as exc:
            prompts.error(w, "不能标记为已上报", exc.message)
            return
        w.files.save()

    @guarded
    def cancel_report(self) -> None:
        w = self.window
        if w.session is None:
            return
        try:
            w.session.cancel_report()
        except StateError as exc:
            prompts.error(w, "取消上报", exc.message)
            return
        w.files.save()
        prompts.info(w, "取消上报", "已标记为“已取消上报”。取消上报不会清空已填写的内容。\n"
                     "修订后须重新导出为PDF并盖章上传，再重新上报；重新上报后须重新通过各级审核。")

    # ---------------------------------------------------------------- 附件清单
    def attachment_text(self) -> str:
        s = self.window.session
        needed = required_attachments(s.definition, s.draft) if s else []
        if not needed:
            return "合规性信息第1–6题均未选“是”，无需附情况说明。"
        return (f"{ATTACHMENT_NOTE}。本表需在平台“更多附件”中上传：\n"
                + "\n".join(f"□ {a.line}" for a in needed))

    @guarded
    def show_attachments(self) -> None:
        prompts.info(self.window, "附件清单", self.attachment_text())

    # ---------------------------------------------------------------- 平台名单与标准清单
    @guarded
    def load_factories(self, path: str | None = None) -> None:
        w = self.window
        if w.session is None:
            return
        definition = w.session.definition
        kind = list_kind(definition)
        title = f"载入{kind}"
        path = path or prompts.open_file(w, f"选择平台下载的{kind}", "", prompts.XLSX_FILTER)
        if not path or w.session is None:
            return
        try:
            self.factories = load_factory_list(Path(path))
        except ListError as exc:
            prompts.error(w, title, exc.message)
            return
        lines = [f"读取了「{self.factories.source}」：", *self.factories.notes]
        if self.factories.factories:
            msgs = check_name_against_list(definition, w.session.draft.fields, self.factories)
            question = list_question(definition)
            lines.append("")
            lines += msgs or [f"“{question.label if question else kind}”的回答与名单相符。"]
        prompts.info(w, title, "\n".join(lines))

    @guarded
    def load_standards(self, path: str | None = None) -> None:
        w = self.window
        path = path or prompts.open_file(w, "选择能耗限额标准清单或取水定额标准清单", "", prompts.XLSX_FILTER)
        if not path:
            return
        try:
            loaded = load_standard_list(Path(path))
        except ListError as exc:
            prompts.error(w, "载入标准清单", exc.message)
            return
        if loaded.standards:
            if self.standards is None:
                self.standards = loaded
            else:
                self.standards.standards += loaded.standards
                self.standards.notes += loaded.notes
        prompts.info(w, "载入标准清单", "\n".join([f"读取了「{loaded.source}」：", *loaded.notes]))

    @guarded
    def pick_standard(self) -> None:
        w = self.window
        s = w.session
        if s is None:
            return
        if not self.standards or not self.standards.standards:
            prompts.info(w, "选择产品适用标准", "请先用“载入能耗限额/取水定额标准清单…”载入平台页面上方下载的清单。")
            return
        targets = []
        for row in s.definition.product_rows:
            group = s.draft.products.get(row.id)
            if group is None or group.applicable != "是":
                continue
            for i, item in enumerate(group.items):
                targets.append((f"p:{row.id}:{i}:standard", f"{row.name} · 产品{i + 1}「{item.name or '未命名'}」"))
        if not targets:
            prompts.info(w, "选择产品适用标准", "没有需要填写适用标准的产品（先在第三部分回答“是”并填写产品名称）。")
            return
        dialog = StandardPicker(self.standards, targets, w)  # type: ignore[arg-type]
        if dialog.exec() and dialog.choice is not None:
            cell, label = dialog.choice
            w.with_reason(lambda reason="": s.apply([(cell, label)], reason=reason, label="选择适用标准"))

    @guarded
    def pdf_help(self) -> None:
        prompts.info(self.window, "上传平台的PDF", PLATFORM_PDF_HELP)


class StandardPicker(QDialog):
    """Pick a product and a standard from the loaded list (searchable)."""

    def __init__(self, standards: StandardList, targets: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle("选择产品适用标准")
        self.standards = standards
        self.choice: tuple[str, str] | None = None
        lay = QVBoxLayout(self)
        self.target = QComboBox()
        for cell, label in targets:
            self.target.addItem(label, cell)
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入产品或标准名称搜索，如“水泥”")
        self.list = QListWidget()
        lay.addWidget(QLabel("产品："))
        lay.addWidget(self.target)
        lay.addWidget(self.search)
        lay.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.search.textChanged.connect(self._fill)
        self.list.itemDoubleClicked.connect(lambda _it: self._accept())
        self._fill("")
        self.resize(620, 460)

    def _fill(self, text: str) -> None:
        self.list.clear()
        for std in self.standards.search(text, limit=200):
            item = QListWidgetItem(std.label + (f"　（{std.product}）" if std.product else ""))
            item.setData(256, std.label)
            self.list.addItem(item)

    def _accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.choice = (self.target.currentData(), item.data(256))
        self.accept()

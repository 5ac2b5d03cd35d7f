"""平台录入助手: a small always-on-top panel beside the browser that walks the draft's values in the
platform's order — copy one (click or Ctrl+C), paste it on the platform, come back, next.

Sized for a 1920×1080 screen: about 440×660 at the right edge, leaving ~1460 px to the browser.
The order and the progress are the core's (`greendesk.platform_entry`); this is only the view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from greendesk.platform_entry import KIND_LABELS, EntryProgress, EntryStep
from greendesk.storage import StorageError

PANEL_SIZE = (440, 660)


class EntryAssistant(QWidget):
    """The panel. `steps_source(include_checks)` gives the steps of the open draft, in order."""

    copied = Signal(str)  # the value put on the clipboard

    def __init__(self, steps_source: Callable[[bool], list[EntryStep]], progress: EntryProgress,
                 parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle("平台录入助手")
        self.steps_source = steps_source
        self.progress = progress
        self.steps: list[EntryStep] = []
        self.index = 0
        self.save_error = ""
        self._build()
        self.reload()
        self.resize(*PANEL_SIZE)

    # ---------------------------------------------------------------- layout
    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        self.count = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(6)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setStyleSheet("color: #666;")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.year = QLabel()
        self.year.setStyleSheet("font-size: 14px;")
        self.unit = QLabel()
        self.unit.setStyleSheet("font-size: 14px; color: #1f4e79;")
        self.value = QPushButton()
        self.value.setToolTip("点击复制（Ctrl+C），然后到平台页面粘贴（Ctrl+V）")
        self.value.setStyleSheet("font-size: 20px; font-weight: bold; text-align: left; padding: 8px;"
                                 "background: #fffbe6; border: 1px solid #e0c060;")
        self.value.clicked.connect(self.copy_current)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #666;")
        self.status = QLabel()
        self.status.setStyleSheet("color: #2d7d32;")
        self.status.setWordWrap(True)

        buttons = QHBoxLayout()
        self.b_prev = QPushButton("上一项")
        self.b_prev.clicked.connect(lambda: self.go(self.index - 1))
        self.b_copy = QPushButton("复制并下一项")
        self.b_copy.setDefault(True)
        self.b_copy.clicked.connect(self.copy_current)
        self.b_skip = QPushButton("跳过")
        self.b_skip.setToolTip("不标记为已录入，转到下一项")
        self.b_skip.clicked.connect(lambda: self.go(self.index + 1))
        for b in (self.b_prev, self.b_copy, self.b_skip):
            buttons.addWidget(b)

        options = QHBoxLayout()
        self.only_open = QCheckBox("只看未录入")
        self.only_open.toggled.connect(lambda _=False: self._fill_list())
        self.with_checks = QCheckBox("含计算值（核对）")
        self.with_checks.setToolTip("GreenDesk 计算的指标（如单位产值综合能耗）；平台如自动计算，只需核对")
        self.with_checks.toggled.connect(lambda _=False: self.reload())
        self.b_reset = QPushButton("重新开始")
        self.b_reset.clicked.connect(self.reset)
        options.addWidget(self.only_open)
        options.addWidget(self.with_checks)
        options.addStretch(1)
        options.addWidget(self.b_reset)

        self.list = QListWidget()
        self.list.itemActivated.connect(lambda it: self.go(it.data(Qt.ItemDataRole.UserRole)))
        self.list.itemClicked.connect(lambda it: self.go(it.data(Qt.ItemDataRole.UserRole)))

        for w in (self.count, self.bar, self.where, self.label, self.year, self.unit, self.value,
                  self.hint):
            lay.addWidget(w)
        lay.addLayout(buttons)
        lay.addWidget(self.status)
        lay.addLayout(options)
        lay.addWidget(self.list, 1)


    def keyPressEvent(self, event) -> None:  # noqa: N802 — Qt's name
        """Ctrl+C (or Enter) anywhere in the panel: copy the current value and move on."""
        if event.matches(QKeySequence.StandardKey.Copy) or event.key() in (Qt.Key.Key_Return,
                                                                            Qt.Key.Key_Enter):
            self.copy_current()
            event.accept()
            return
        super().keyPressEvent(event)

    def place_beside_browser(self) -> None:
        """At the right edge of the screen, full height if it fits: the browser keeps the rest."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        avail = screen.availableGeometry()
        w, h = PANEL_SIZE[0], min(max(PANEL_SIZE[1], avail.height() - 80), avail.height())
        self.setGeometry(avail.right() - w - 8, avail.top() + 40, w, h - 40)

    # ---------------------------------------------------------------- state
    @property
    def current(self) -> EntryStep | None:
        return self.steps[self.index] if 0 <= self.index < len(self.steps) else None

    def reload(self) -> None:
        """Re-read the steps (the draft changed), keeping the current step where it still exists."""
        key = self.current.key if self.current else None
        self.steps = self.steps_source(self.with_checks.isChecked())
        keys = [s.key for s in self.steps]
        if key in keys:
            self.index = keys.index(key)
        else:
            start = min(self.progress.position, max(len(self.steps) - 1, 0))
            nxt = self.progress.next_open(self.steps, start) if self.steps else None
            self.index = nxt if nxt is not None else 0
        self._fill_list()
        self._show()

    def go(self, index: int | None) -> None:
        if index is None or not self.steps:
            return
        self.index = max(0, min(index, len(self.steps) - 1))
        self.progress.position = self.index
        self._save()
        self._show()

    def copy_current(self) -> None:
        """Copy the value, mark the step as entered, move on to the next one not yet entered."""
        step = self.current
        if step is None:
            return
        QGuiApplication.clipboard().setText(step.value)
        self.copied.emit(step.value)
        self.progress.mark(step)
        year = f" {step.year}年" if step.year else ""
        self.status.setText(f"已复制：{step.label}{year}　{step.value}{step.unit and ' ' + step.unit}")
        nxt = self.progress.next_open(self.steps, self.index + 1)
        self.index = nxt if nxt is not None else self.index
        self.progress.position = self.index
        self._save()
        self._fill_list()
        self._show()

    def reset(self) -> None:
        self.progress.reset()
        self.index = 0
        self._save()
        self._fill_list()
        self._show()

    def _save(self) -> None:
        try:
            self.progress.save()
            self.save_error = ""
        except StorageError as exc:  # progress is a convenience: say so, never stop the user
            self.save_error = f"录入进度未能保存：{exc.message}"

    # ---------------------------------------------------------------- rendering
    def _show(self) -> None:
        n = len(self.steps)
        done = self.progress.count_done(self.steps)
        self.count.setText(f"第 {self.index + 1} / {n} 项　已录入 {done} 项" if n else "没有已填写的数据")
        self.bar.setRange(0, max(n, 1))
        self.bar.setValue(done)
        step = self.current
        for b in (self.b_prev, self.b_copy, self.b_skip, self.value):
            b.setEnabled(step is not None)
        if step is None:
            for w in (self.where, self.label, self.year, self.unit, self.hint):
                w.setText("")
            self.value.setText("")
            return
        self.where.setText(" › ".join(x for x in (step.part, step.section) if x))
        self.label.setText(step.label)
        self.year.setText(f"{step.year}年指标值" if step.year else "")
        if step.kind == "unit":
            self.unit.setText("在单位下拉中选择：")
        else:
            self.unit.setText(f"单位：{step.unit}" if step.unit else "")
        self.value.setText(step.value if len(step.value) <= 60 else step.value[:59] + "…")
        mark = "✔ 已录入　" if self.progress.is_done(step) else ""
        self.hint.setText(mark + KIND_LABELS[step.kind] + ("" if not self.save_error else f"　{self.save_error}"))
        item = self._item_for(self.index)
        if item is not None:
            self.list.setCurrentItem(item)
            self.list.scrollToItem(item)

    def _fill_list(self) -> None:
        self.list.clear()
        for i, s in enumerate(self.steps):
            done = self.progress.is_done(s)
            if self.only_open.isChecked() and done and i != self.index:
                continue
            year = f" {s.year}" if s.year else ""
            it = QListWidgetItem(f"{'✔' if done else '　'} {s.label}{year}　{s.value[:24]}")
            it.setData(Qt.ItemDataRole.UserRole, i)
            if done:
                it.setForeground(Qt.GlobalColor.darkGreen)
            self.list.addItem(it)

    def _item_for(self, index: int) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            it = self.list.item(row)
            if it.data(Qt.ItemDataRole.UserRole) == index:
                return it
        return None

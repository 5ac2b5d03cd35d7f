"""The platform's inline warning: a small non-modal box beside the cell, closeable, never taking
focus from the cell the user is typing in (数值超出范围警告 / 数值规则警告). It belongs to one cell
(`cell`) and closes on Escape; ui.cell_warnings closes it when the user moves on."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class WarningPopup(QFrame):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("warningPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet(
            "#warningPopup { background: #fffaf0; border: 1px solid #e0a030; border-radius: 4px; }"
            "#warningPopup[severity='error'] { background: #fff3f3; border-color: #d9534f; }"
            "QLabel#popupTitle { font-weight: bold; }")
        self.title = QLabel(self)
        self.title.setObjectName("popupTitle")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("×")
        close.setToolTip("关闭")
        close.setAutoRaise(True)
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.hide)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.text)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("中") * 30)
        self.cell = ""  # the address of the cell it describes
        self.owner_widget: QWidget | None = None  # its field editor: focus leaving it closes the popup
        QApplication.instance().focusChanged.connect(self._focus_moved)
        self.hide()

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        owner = self.owner_widget
        if new is None or owner is None or not self.isVisible():
            return
        if new is not owner and not owner.isAncestorOf(new):
            self.hide()

    # Escape closes it wherever the focus is (it never has the focus itself): an application-wide
    # key filter, installed only while the popup is on screen.
    def showEvent(self, event):  # noqa: N802
        QApplication.instance().installEventFilter(self)
        super().showEvent(event)

    def hideEvent(self, event):  # noqa: N802
        QApplication.instance().removeEventFilter(self)
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape and self.isVisible():
            self.hide()
        return False

    def show_findings(self, findings: list, anchor: QPoint, severity: str = "warning", cell: str = "") -> None:
        """The findings of one cell, grouped under their own titles: a rule warning and a range
        warning on the same value each keep the platform's heading."""
        groups: dict[str, list[str]] = {}
        for f in findings:
            lines = groups.setdefault(f.title, [])
            if f.message not in lines:
                lines.append(f.message)
            if f.detail:
                lines.append("（" + f.detail + "）")
        titles = list(groups)
        self.title.setText(titles[0])
        if len(titles) == 1:
            self.text.setTextFormat(Qt.TextFormat.PlainText)
            self.text.setText("\n".join(groups[titles[0]]))
        else:
            parts = ["<br>".join(html.escape(line) for line in groups[titles[0]])]
            for title in titles[1:]:
                parts.append(f"<b>{html.escape(title)}</b><br>"
                             + "<br>".join(html.escape(line) for line in groups[title]))
            self.text.setTextFormat(Qt.TextFormat.RichText)
            self.text.setText("<br><br>".join(parts))
        self.cell = cell or getattr(findings[0], "cell", "") or ""
        self.setProperty("severity", severity)
        self.style().unpolish(self)
        self.style().polish(self)
        self.adjustSize()
        parent = self.parentWidget()
        x = min(anchor.x(), max(0, parent.width() - self.width() - 8))
        y = min(anchor.y(), max(0, parent.height() - self.height() - 8))
        self.move(x, y)
        self.show()
        self.raise_()

    def show_message(self, title: str, message: str, anchor: QPoint, cell: str = "") -> None:
        class _F:
            pass

        f = _F()
        f.title, f.message, f.detail = title, message, ""
        self.show_findings([f], anchor, "error", cell)

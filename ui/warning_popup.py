"""The platform's inline warning: a small non-modal box beside the cell, closeable, never taking
focus from the cell the user is typing in (数值超出范围警告 / 数值规则警告)."""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget


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
        self.hide()

    def show_findings(self, findings: list, anchor: QPoint, severity: str = "warning") -> None:
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

    def show_message(self, title: str, message: str, anchor: QPoint) -> None:
        class _F:
            pass

        f = _F()
        f.title, f.message, f.detail = title, message, ""
        self.show_findings([f], anchor, "error")

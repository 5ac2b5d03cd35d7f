"""The discreet mark of a reconstructed Part 3 row: a small grey “≈” beside its name."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap


@cache
def provenance_icon() -> QIcon:
    pm = QPixmap(14, 14)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setPen(QColor("#9a9a9a"))
    f = QFont()
    f.setPixelSize(13)
    p.setFont(f)
    p.drawText(pm.rect(), Qt.AlignmentFlag.AlignCenter, "≈")
    p.end()
    return QIcon(pm)

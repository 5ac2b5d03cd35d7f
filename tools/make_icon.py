"""Draw the app icon (a green leaf on a sheet) into resources/icons/ as PNG and ICO, with Qt.

    QT_QPA_PLATFORM=offscreen python tools/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.setPen(QPen(QColor("#2e7d32"), 10 * s))
    p.drawRoundedRect(QRectF(40 * s, 20 * s, 176 * s, 216 * s), 20 * s, 20 * s)
    p.setPen(QPen(QColor("#9fbfa0"), 9 * s))
    for y in (70, 100, 130):
        p.drawLine(QPointF(70 * s, y * s), QPointF(186 * s, y * s))
    leaf = QPainterPath(QPointF(80 * s, 212 * s))
    leaf.cubicTo(QPointF(70 * s, 140 * s), QPointF(130 * s, 110 * s), QPointF(200 * s, 120 * s))
    leaf.cubicTo(QPointF(196 * s, 190 * s), QPointF(140 * s, 222 * s), QPointF(80 * s, 212 * s))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#43a047")))
    p.drawPath(leaf)
    p.setPen(QPen(QColor("#e8f5e9"), 6 * s))
    p.drawLine(QPointF(84 * s, 208 * s), QPointF(180 * s, 134 * s))
    p.end()
    return img


if __name__ == "__main__":
    app = QGuiApplication([])
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(OUT / "greendesk.png"))
    draw(256).save(str(OUT / "greendesk.ico"))
    print(sorted(p.name for p in OUT.iterdir()))

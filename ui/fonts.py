"""The CJK font from resources/ registered with Qt, so Chinese renders on machines without one."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from greendesk.resources import font_path

_family: str | None = None


def install_cjk_font(app: QApplication) -> str | None:
    """Register WenQuanYi Micro Hei and put it first in the application font's fallbacks."""
    global _family
    if _family is None:
        font_id = QFontDatabase.addApplicationFont(str(font_path()))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _family = families[0] if families else None
    if _family:
        font = QFont(app.font())
        font.setFamilies([_family, *font.families()] if font.families() else [_family])
        app.setFont(font)
    return _family

"""`greendesk` starts the app; `greendesk --demo` opens the sample; `greendesk FILE` opens a draft."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path


def _translator(app):
    """Qt's own Chinese texts for standard dialogs (确定 / 取消)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        tr = QTranslator(app)  # parented to the app, so it lives as long as the app
        if tr.load(name, folder):
            app.installTranslator(tr)
            QLocale.setDefault(QLocale("zh_CN"))
            return tr
    return None


def build_app(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    from ui.fonts import install_cjk_font

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName("GreenDesk")
    app.setApplicationName("GreenDesk")
    app.setApplicationDisplayName("GreenDesk")
    install_cjk_font(app)
    app.setProperty("gd_translated", _translator(app) is not None)
    app.setStyleSheet("QLabel#partTitle { font-size: 120%; font-weight: bold; margin: 4px 0; }")
    return app


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="greendesk", description="GreenDesk 绿色制造名单动态管理表")
    parser.add_argument("file", nargs="?", help="要打开的草稿文件")
    parser.add_argument("--demo", action="store_true", help="打开示例草稿")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    app = build_app()
    from greendesk import forms
    from greendesk.draft import new_draft
    from ui.main_window import MainWindow, demo_copy

    window = MainWindow()
    window.show()
    if not window.check_recovery():
        if args.file:
            opened = window.open_path(Path(args.file))
        elif args.demo:
            opened = window.open_path(demo_copy())
        else:
            opened = False
        if not opened or window.session is None:
            d = forms.latest_for_kind("green-factory")
            window.load(d, new_draft(d), None)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

"""`greendesk` starts the app; `greendesk --demo` opens the sample; `greendesk FILE` opens a draft."""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path

NO_DISPLAY = ("没有可用的图形界面（未设置 DISPLAY 或 WAYLAND_DISPLAY，或无法连接）。"
              "请在桌面环境中运行 greendesk；没有桌面时可使用命令行工具 greendesk-cli。")


def display_available() -> bool:
    """Can Qt reach a display? Linux/BSD without X11 or Wayland would make Qt abort (exit 134);
    Windows and macOS always have one."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True  # the user chose a platform (offscreen, vnc…): Qt's own business
    wayland = os.environ.get("WAYLAND_DISPLAY")
    if wayland:
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        if os.path.isabs(wayland) or not runtime or os.path.exists(os.path.join(runtime, wayland)):
            return True
    display = os.environ.get("DISPLAY", "")
    if not display:
        return False
    host, _, rest = display.rpartition(":")
    if host and host != "unix":
        return True  # a remote X server (ssh -X): cannot check cheaply, let Qt try
    number = rest.split(".")[0]
    return os.path.exists(f"/tmp/.X11-unix/X{number}")


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
    from PySide6.QtGui import QIcon

    from greendesk.resources import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icons", "greendesk.png"))))
    return app


def main(argv: list[str] | None = None, on_window=None) -> int:
    """`on_window(window)` is called with the main window before it is shown (the start-up benchmark
    watches its first paint through it)."""
    argv = sys.argv[1:] if argv is None else argv
    from greendesk.cli_common import ChineseArgumentParser

    parser = ChineseArgumentParser(prog="greendesk", description="GreenDesk 绿色制造名单动态管理表")
    parser.add_argument("file", nargs="?", help="要打开的草稿文件")
    parser.add_argument("--demo", nargs="?", const="green-factory-2025", default=None, metavar="表单",
                        help="打开示例草稿（可指定表单，如 green-park-2025）")
    parser.add_argument("--self-test", action="store_true",
                        help="自检：打开示例、审核、导出 PDF 和 Excel 到临时文件夹后退出（0 表示正常）；"
                             "没有图形界面时在后台（offscreen）运行")
    from greendesk import __version__

    parser.add_argument("--version", action="version", version=f"greendesk {__version__}",
                        help="显示版本号并退出")
    args = parser.parse_args(argv)
    if args.self_test:
        if not display_available():
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            print("没有图形界面：自检在后台（offscreen）运行。", file=sys.stderr)
        return self_test()
    if not display_available():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO)
    # Start-up creates a few hundred thousand objects (Qt wrappers, pydantic schemas, the form) and
    # frees almost none, so cyclic garbage collection during it is wasted work (~12 ms here). It
    # resumes once the event loop runs, with the start-up objects frozen out of later collections.
    gc.disable()
    app = build_app()
    from greendesk import forms
    from greendesk.draft import new_draft
    from ui.main_window import MainWindow, demo_copy

    window = MainWindow()
    if on_window is not None:
        on_window(window)
    window.show()
    if not window.recovery.check_recovery():
        if args.file:
            opened = window.files.open_path(Path(args.file))
        elif args.demo:
            opened = window.files.open_path(demo_copy(args.demo))
        else:
            opened = False
        if not opened or window.session is None:
            kind = str(window.settings.value("last_form_kind", ""))  # the kind of table used last
            shipped = forms.available()
            d = forms.latest_for_kind(kind if kind in {x.kind for x in shipped} else shipped[0].kind)
            window.load(d, new_draft(d), None)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, _resume_gc)
    return app.exec()


def _resume_gc() -> None:
    gc.freeze()
    gc.enable()


def self_test() -> int:
    """What a frozen build must still do: Qt starts, the sample opens, validates, exports."""
    import tempfile

    app = build_app()
    from greendesk import export
    from greendesk.document import open_draft
    from greendesk.resources import resource_path
    from greendesk.rules import validate
    from ui.main_window import MainWindow

    steps: list[str] = []
    try:
        opened = open_draft(resource_path("samples", "green-factory-2025.json"))
        steps.append("打开示例草稿")
        report = validate(opened.definition, opened.draft)
        if report.errors:
            raise RuntimeError(f"示例草稿有 {len(report.errors)} 个错误")
        steps.append("审核通过")
        w = MainWindow()
        w.load(opened.definition, opened.draft, None)
        w.show()
        app.processEvents()
        steps.append("主窗口")
        with tempfile.TemporaryDirectory() as tmp:
            pdf = export.export_pdf(opened.definition, opened.draft, Path(tmp) / "selftest.pdf")
            export.export_xlsx(opened.definition, opened.draft, Path(tmp) / "selftest.xlsx")
            draft, _ = export.import_xlsx(Path(tmp) / "selftest.xlsx")
            if draft.fingerprint() != opened.draft.fingerprint():
                raise RuntimeError("Excel 导出后再导入的数据不一致")
            steps.append(f"导出PDF（{pdf.pages}页）与EXCEL")
        w.session.mark_saved()
        w.close()
    except Exception as exc:  # noqa: BLE001 — the self-test reports any failure and exits 1
        print("自检失败：" + "，".join(steps) + f" 之后出错：{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print("自检通过：" + "，".join(steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""UI timings: cold start to the first painted window with the sample draft, side by side with a
bare PySide6 window in the same run (target ≤ 3×), and a keystroke to the warning popup (< 50 ms)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench.core import ROOT, SAMPLE, installed_env

# Both programs report the first real Paint event of their main window (`w`), then quit.
WATCH_FIRST_PAINT = """
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
class _FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not getattr(self, "seen", False):
            self.seen = True
            print("painted", flush=True)
            QTimer.singleShot(0, QCoreApplication.quit)
        return False
_watch = _FirstPaint()
"""

BARE = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
w = QLabel("hello"); w.resize(800, 600)
""" + WATCH_FIRST_PAINT + """
w.installEventFilter(_watch)
w.show()
app.exec()
"""

# GreenDesk as users start it (`greendesk --demo`: recovery check, demo copy, open, first page).
APP = """
import sys
from ui.app import main
""" + WATCH_FIRST_PAINT + """
sys.exit(main(["--demo"], on_window=lambda w: w.installEventFilter(_watch)))
"""


def _start_ms(code: str, *args: str, data_dir: str | None = None) -> float:
    """From spawning the process to the moment it reports its first paint (teardown excluded)."""
    env = {**installed_env(), "QT_QPA_PLATFORM": "offscreen"}
    if data_dir:  # the per-user folder (autosave, demo copy) of a user who has started it before
        env["GREENDESK_DATA_DIR"] = data_dir
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, cwd=ROOT, text=True)
    line = proc.stdout.readline()
    elapsed = (time.perf_counter() - t0) * 1000
    proc.wait(timeout=30)
    assert line.startswith("painted"), line
    return elapsed


def start_times(repeat: int = 9) -> tuple[float, float]:
    """Medians for the bare window and GreenDesk, run alternately so that whatever else the machine
    is doing weighs on both alike."""
    bare, app = [], []
    with tempfile.TemporaryDirectory() as data_dir:
        _start_ms(APP, data_dir=data_dir)  # first start: makes the demo copy
        for _ in range(repeat):
            bare.append(_start_ms(BARE))
            app.append(_start_ms(APP, data_dir=data_dir))
    return statistics.median(bare), statistics.median(app)


def keystroke_to_popup_ms(repeat: int = 20) -> float:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import build_app

    app = build_app()
    from greendesk import document
    from ui.main_window import MainWindow

    w = MainWindow()
    opened = document.open_draft(SAMPLE)
    w.load(opened.definition, opened.draft, None)
    w.show()
    w.nav.setCurrentRow(3)
    idx = w.model.index_of("t:P2E:2024")
    runs = []
    for i in range(repeat):
        w.popup.hide()
        w.session.set("t:P2E:2024", "0.45")
        app.processEvents()
        t0 = time.perf_counter()
        w.model.setData(idx, str(5 + i))
        visible = w.popup.isVisible()
        runs.append((time.perf_counter() - t0) * 1000)
        assert visible
    w.session.mark_saved()
    w.close()
    return statistics.median(runs)


def results() -> list[tuple[str, float, float | None]]:
    bare, app = start_times()
    return [
        ("空白 PySide6 窗口 bare window start", bare, None),
        ("GreenDesk 启动到首次绘制 start to first paint", app, 3 * bare),
        ("按键到警告弹窗 keystroke to popup", keystroke_to_popup_ms(), 50.0),
    ]

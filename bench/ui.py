"""UI timings: cold start to the first painted window with the sample draft, side by side with a
bare PySide6 window in the same run (target ≤ 3×), and a keystroke to the warning popup (< 50 ms)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from bench.core import ROOT, SAMPLE

BARE = """
import sys, time
t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
w = QLabel("hello"); w.resize(800, 600); w.show()
def painted():
    print("painted", flush=True); app.quit()
QTimer.singleShot(0, painted)
app.exec()
"""

APP = """
import sys, time
t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from ui.app import build_app
app = build_app()
from greendesk import document
from ui.main_window import MainWindow
w = MainWindow()
opened = document.open_draft(__import__("pathlib").Path(sys.argv[1]))
w.load(opened.definition, opened.draft, None)
w.show()
def painted():
    print("painted", flush=True); app.quit()
QTimer.singleShot(0, painted)
app.exec()
"""


def _run(code: str, *args: str, repeat: int = 5) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    runs = []
    for _ in range(repeat):
        # from spawning the process to the moment the first paint is reported (teardown excluded)
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=env, cwd=ROOT, text=True)
        line = proc.stdout.readline()
        runs.append((time.perf_counter() - t0) * 1000)
        proc.wait(timeout=30)
        assert line.startswith("painted"), line
    return statistics.median(runs)


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
    bare = _run(BARE)
    app = _run(APP, str(SAMPLE))
    return [
        ("空白 PySide6 窗口 bare window start", bare, None),
        ("GreenDesk 启动到首次绘制 start to first paint", app, 3 * bare),
        ("按键到警告弹窗 keystroke to popup", keystroke_to_popup_ms(), 50.0),
    ]

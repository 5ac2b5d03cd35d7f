"""`greendesk --self-test` inside the README test command: the GUI entry point run in its own process,
offscreen, as a user's 命令提示符 would run it (the frozen build runs the same in tests/test_build.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_gui_self_test_passes_offscreen(tmp_path):
    """`greendesk --self-test`: Qt starts, the sample opens, validates, exports and re-imports."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GREENDESK_DATA_DIR=str(tmp_path))
    run = subprocess.run([sys.executable, "-m", "ui", "--self-test"], capture_output=True, text=True,
                         timeout=300, cwd=ROOT, env=env)
    assert run.returncode == 0, run.stderr
    assert "自检通过" in run.stdout
    for step in ("打开示例草稿", "审核通过", "主窗口", "导出PDF"):
        assert step in run.stdout, step

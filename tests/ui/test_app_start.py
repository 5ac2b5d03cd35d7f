"""`greendesk` as a user starts it: --version, and no Qt abort (exit 134) without a display —
the self-test falls back to offscreen, the window says why it cannot open."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _run(args: list[str], tmp_path, **extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(GREENDESK_DATA_DIR=str(tmp_path), **extra)
    return subprocess.run([sys.executable, "-m", "ui", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=240)


def test_version(capsys):
    from greendesk import __version__
    from ui.app import main

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.strip() == f"greendesk {__version__}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a display is always there elsewhere")
def test_self_test_without_a_display_runs_offscreen(tmp_path):
    run = _run(["--self-test"], tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "自检通过" in run.stdout and "offscreen" in run.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a display is always there elsewhere")
@pytest.mark.parametrize("display", [None, ":987"], ids=["unset", "no-such-server"])
def test_the_window_without_a_display_says_so(tmp_path, display):
    run = _run([], tmp_path, **({"DISPLAY": display} if display else {}))
    assert run.returncode == 2, run.stderr[-2000:]
    assert "没有可用的图形界面" in run.stderr and "greendesk-cli" in run.stderr

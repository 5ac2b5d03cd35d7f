"""resources/ is found from a source checkout, an installed wheel and a PyInstaller bundle alike."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from greendesk import resources
from tests.conftest import ROOT, SAMPLES


def test_source_checkout_layout():
    resources.resources_dir.cache_clear()
    assert resources.resources_dir() == ROOT / "resources"
    assert resources.font_path().stat().st_size > 1_000_000
    assert (ROOT / "resources" / "fonts" / "wqy-microhei.COPYRIGHT").exists()


def test_pyinstaller_bundle_layout(tmp_path, monkeypatch):
    bundle = tmp_path / "_internal"
    shutil.copytree(ROOT / "resources" / "forms", bundle / "resources" / "forms")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    resources.resources_dir.cache_clear()
    try:
        assert resources.resources_dir() == bundle / "resources"
    finally:
        resources.resources_dir.cache_clear()


def test_missing_resources_give_a_chinese_message(monkeypatch, tmp_path):
    monkeypatch.setattr(resources, "_candidates", lambda: [tmp_path / "nowhere"])
    resources.resources_dir.cache_clear()
    try:
        with pytest.raises(resources.ResourcesMissing, match="找不到程序资源目录"):
            resources.resources_dir()
    finally:
        resources.resources_dir.cache_clear()


@pytest.mark.slow
def test_installed_wheel_finds_its_resources(tmp_path):
    """Build the wheel, unpack it away from the checkout, and validate the sample with it."""
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {proc.stderr[-300:]}")
    [wheel] = tmp_path.glob("greendesk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "greendesk/_resources/forms/green-factory-2025.toml" in names
    assert "greendesk/_resources/fonts/wqy-microhei.ttc" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {k: v for k, v in os.environ.items() if k != "GREENDESK_RESOURCES"}
    env["PYTHONPATH"] = str(site)
    out = subprocess.run(
        [sys.executable, "-c", "import greendesk.resources as r, greendesk.cli as c, sys;"
         "print(r.resources_dir()); sys.exit(c.main(['validate', sys.argv[1]]))",
         str(SAMPLES / "green-factory-2025.json")],
        cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    assert str(site / "greendesk" / "_resources") in out.stdout

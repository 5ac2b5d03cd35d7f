"""Settings: 最近打开 lists whole paths whatever shape QSettings hands back, and the window's
settings live in the per-user data folder (a private one in every test)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from greendesk import storage


def _recent_entries(window) -> list[str]:
    return [a.text() for a in window.files.recent_menu.actions()]


def _settings_file(tmp_path, lines: str) -> QSettings:
    """The settings file as an earlier run of GreenDesk left it on disk."""
    path = tmp_path / "earlier-run.ini"
    path.write_text("[General]\n" + lines, encoding="utf-8")
    return QSettings(str(path), QSettings.Format.IniFormat)


def test_one_remembered_file_is_one_entry_not_its_characters(qtbot, answers, tmp_path, sample_copy):
    from ui.app import build_app
    from ui.main_window import MainWindow

    build_app()
    settings = _settings_file(tmp_path, f"recent={sample_copy}\nlastFolder={tmp_path}\n")
    assert isinstance(settings.value("recent"), str)  # one stored path comes back as a string
    w = MainWindow(settings)
    qtbot.addWidget(w)
    assert _recent_entries(w) == [str(sample_copy)]
    w.files.remember("/elsewhere/另一个.json")
    assert _recent_entries(w) == ["/elsewhere/另一个.json", str(sample_copy)]
    assert w.files.folder() == "/elsewhere"


def test_odd_stored_values_never_break_the_menu(qtbot, answers, tmp_path):
    from ui.app import build_app
    from ui.main_window import MainWindow

    build_app()
    for lines, entries in [("recent=@Invalid()\n", []), ("recent=\n", []), ("", []),
                           ("recent=/a.json, /b.json\n", ["/a.json", "/b.json"])]:
        w = MainWindow(_settings_file(tmp_path, lines))
        qtbot.addWidget(w)
        assert _recent_entries(w) == entries


def test_the_windows_settings_live_in_the_per_user_data_folder(qtbot, answers):
    from ui.app import build_app
    from ui.main_window import MainWindow

    build_app()
    w = MainWindow()
    qtbot.addWidget(w)
    assert Path(w.settings.fileName()) == storage.user_data_dir() / "settings.ini"
    assert str(storage.user_data_dir()) == os.environ["GREENDESK_DATA_DIR"]  # private in tests

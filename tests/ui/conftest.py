"""Real widgets, offscreen; every modal question is answered by the test (ui.prompts)."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import SAMPLES


@pytest.fixture(autouse=True)
def _guarded_errors_fail_the_test(request):
    """An exception swallowed by ui.guard.guarded (shown to the user as 出错了) fails the test that
    caused it; a test about the guard itself opts out with @pytest.mark.guarded_error_expected."""
    import logging

    records: list[logging.LogRecord] = []

    class Catch(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.ERROR:
                records.append(record)

    handler = Catch()
    log = logging.getLogger("greendesk.ui")
    log.addHandler(handler)
    yield records
    log.removeHandler(handler)
    if records and not request.node.get_closest_marker("guarded_error_expected"):
        pytest.fail("guarded slot raised: " + "\n".join(r.getMessage() for r in records), pytrace=False)


class Answers:
    """Records what the app asked and answers from queues (defaults keep tests non-blocking)."""

    def __init__(self):
        self.asked: list[tuple[str, str]] = []
        self.recovery = "later"
        self.save_changes = "discard"
        self.open_file: list[str] = []
        self.save_file: list[str] = []
        self.confirm = True
        self.reason: str | None = "测试原因"
        self.form_choice = 0
        self.backup_choice = 0
        self.opened: list[str] = []


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path_factory):
    """A QSettings made anywhere with the default constructor writes to a private folder too."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, folder)


@pytest.fixture
def answers(monkeypatch):
    from ui import prompts

    a = Answers()

    def record(kind):
        def fn(_parent, *args, **kwargs):
            a.asked.append((kind, " ".join(str(x) for x in args)))
        return fn

    monkeypatch.setattr(prompts, "info", record("info"))
    monkeypatch.setattr(prompts, "error", record("error"))
    monkeypatch.setattr(prompts, "confirm", lambda *args, **kw: (a.asked.append(("confirm", str(args[2]))), a.confirm)[1])
    monkeypatch.setattr(prompts, "save_changes", lambda *args: (a.asked.append(("save_changes", "")), a.save_changes)[1])
    monkeypatch.setattr(prompts, "recovery", lambda _p, text: (a.asked.append(("recovery", text)), a.recovery)[1])
    monkeypatch.setattr(prompts, "ask_reason", lambda _p: (a.asked.append(("reason", "")), a.reason)[1])
    monkeypatch.setattr(prompts, "ask_text", lambda *args: None)
    monkeypatch.setattr(prompts, "open_file", lambda *args: a.open_file.pop(0) if a.open_file else None)
    monkeypatch.setattr(prompts, "save_file", lambda *args: a.save_file.pop(0) if a.save_file else None)
    monkeypatch.setattr(prompts, "choose_form", lambda *args: a.form_choice)
    monkeypatch.setattr(prompts, "choose_backup", lambda *args: a.backup_choice)
    monkeypatch.setattr(prompts, "open_externally", lambda path: a.opened.append(path))
    return a


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, answers, settings):
    from ui.app import build_app
    from ui.main_window import MainWindow

    build_app()
    made = []

    def make():
        w = MainWindow(settings)
        qtbot.addWidget(w)
        w.resize(1400, 900)
        w.show()
        made.append(w)
        return w

    yield make
    for w in made:
        if w.lock:
            w.lock.release()


@pytest.fixture
def sample_copy(tmp_path):
    path = tmp_path / "工厂-2025.json"
    shutil.copyfile(SAMPLES / "green-factory-2025.json", path)
    return path


@pytest.fixture
def window(make_window, sample_copy):
    w = make_window()
    assert w.files.open_path(sample_copy)
    return w

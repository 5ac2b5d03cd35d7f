"""pytest-qt, offscreen: how the app starts (`greendesk --demo`) and what a crash leaves to recover:
恢复 / 放弃, and a recovered draft whose form is not shipped."""

from __future__ import annotations


def test_discarded_recovery_is_not_offered_again(qtbot, make_window, window, answers, sample_copy):
    window.session.set("f:main_products", "不要恢复的内容")
    window.recovery.autosave()
    window.lock.release()  # the process "dies"
    window.lock = None
    answers.recovery = "discard"
    fresh = make_window()
    assert not fresh.recovery.check_recovery()
    assert any(k == "recovery" for k, _ in answers.asked)
    answers.asked.clear()
    assert not make_window().recovery.check_recovery()
    assert not any(k == "recovery" for k, _ in answers.asked)
    assert "不要恢复的内容" not in sample_copy.read_text(encoding="utf-8")  # the file was never touched


def test_recovered_draft_of_a_form_not_shipped_opens_and_says_so(qtbot, make_window, answers, tmp_path):
    """A draft whose definition is missing still opens, with the one it was made with, and the
    recovery says which definition that is."""
    import json

    from greendesk import document
    from greendesk.definition import FormDefinition
    from greendesk.storage import SnapshotStore, doc_key_for
    from tests.conftest import SAMPLES

    raw = json.loads((SAMPLES / "green-factory-2025.json").read_text(encoding="utf-8"))
    raw["definition"]["id"] = raw["form"]["id"] = "green-factory-2099"
    raw["form"]["hash"] = FormDefinition.model_validate(raw["definition"]).content_hash
    draft = document.loads(json.dumps(raw, ensure_ascii=False).encode("utf-8"))
    path = tmp_path / "明年的表.json"
    draft.fields["main_products"] = "崩溃前的内容"
    SnapshotStore().write(doc_key_for(path), document.dumps(draft), source_path=path)
    answers.recovery = "restore"
    w = make_window()
    assert w.recovery.check_recovery()
    assert w.session.definition.id == "green-factory-2099"
    assert w.session.draft.fields["main_products"] == "崩溃前的内容"
    assert any(kind == "info" and "不是本程序自带的" in text for kind, text in answers.asked)


START = """
import gc, sys
from PySide6.QtCore import QCoreApplication, QTimer
from ui.app import main

def report(w):
    print("gc", gc.isenabled(), "factory", w.session.draft.fields["factory_name"], "file", w.path.name)
    w.session.mark_saved()
    QCoreApplication.quit()

sys.exit(main(["--demo"], on_window=lambda w: QTimer.singleShot(300, lambda: report(w))))
"""


def test_main_opens_the_demo_and_resumes_garbage_collection_once_running(tmp_path):
    """`greendesk --demo` as users start it, in its own process (its event loop must not be this
    test run's): it opens the demo copy, and collection, off while starting, is on once it runs."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GREENDESK_DATA_DIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", START], cwd=ROOT, env=env, capture_output=True,
                         text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "gc True factory 广东绿源示范电缆有限公司 file 示例" in run.stdout
    assert (tmp_path / "demo").is_dir()  # the shipped sample itself is never the file edited

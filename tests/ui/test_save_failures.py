"""Disk full, a read-only folder and a file held by another program while saving: each gives a
clear Chinese message while the data stays in memory and in the autosave."""

from __future__ import annotations

import errno
import json
import os

import pytest

from greendesk import storage


def _fail_in_folder(monkeypatch, folder, how):
    """Make writes into the draft's folder fail the way `how` says; the autosave folder still works."""
    real_open, real_fsync, paths = os.open, os.fsync, {}

    def fake_open(path, flags, *args):
        if how == "readonly" and str(path).startswith(str(folder)) and str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        fd = real_open(path, flags, *args)
        paths[fd] = str(path)
        return fd

    def fake_fsync(fd):
        if how == "full" and paths.get(fd, "").startswith(str(folder)):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    def held(src, dst):
        if str(dst).startswith(str(folder)):
            err = PermissionError(13, "The process cannot access the file")
            err.winerror = 32
            raise err
        return os.replace(src, dst)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "fsync", fake_fsync)
    if how == "locked":
        monkeypatch.setattr(storage, "_replace", held)
        monkeypatch.setattr(storage.time, "sleep", lambda s: None)


@pytest.mark.parametrize(("how", "words"), [
    ("full", "磁盘空间不足"), ("readonly", "没有写入权限"), ("locked", "正被另一个程序"),
])
def test_save_failure_keeps_data_in_memory_and_autosave(qtbot, window, answers, monkeypatch, sample_copy,
                                                        how, words):
    before = sample_copy.read_bytes()
    window.session.set("t:E0:2024", "123456")
    _fail_in_folder(monkeypatch, sample_copy.parent, how)
    assert not window.files.save()
    kind, text = answers.asked[-1]
    assert kind == "error" and words in text and "数据仍在程序中" in text
    assert window.session.dirty and window.session.draft.table["E0"].values["2024"] == "123456"
    assert sample_copy.read_bytes() == before
    snap = window.store.latest(window.doc_key)
    assert snap is not None
    assert json.loads(window.store.read(snap))["table"]["E0"]["values"]["2024"] == "123456"

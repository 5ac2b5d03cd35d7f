"""Storage never loses data: atomic save (also when the process dies), retry on a held file,
clear messages for a full disk / read-only folder, backups, snapshots and crash recovery, locks."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from greendesk import storage
from greendesk.draft_lock import DraftLock, is_locked
from greendesk.storage import (
    AlreadyOpenError,
    DiskFullError,
    FileLockedError,
    ReadOnlyError,
    SnapshotStore,
    StorageError,
    TooLargeError,
    atomic_write_bytes,
    list_backups,
    read_bytes_limited,
    save_with_backup,
)
from tests.conftest import ROOT

OLD = b"OLD" * 1000


def _leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_atomic_write_replaces_content(tmp_path):
    p = tmp_path / "d.json"
    atomic_write_bytes(p, b"one")
    atomic_write_bytes(p, b"two")
    assert p.read_bytes() == b"two" and _leftovers(tmp_path) == []


@pytest.mark.parametrize("mode", ["before-replace", "mid-write"])
def test_process_killed_during_save_leaves_old_file_intact(tmp_path, mode):
    p = tmp_path / "d.json"
    p.write_bytes(OLD)
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "core" / "_save_victim.py"), str(p), mode],
                          cwd=ROOT, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 9, proc.stderr
    assert p.read_bytes() == OLD
    atomic_write_bytes(p, b"next save works")  # a stale temp file does not get in the way
    assert p.read_bytes() == b"next save works"


def test_transient_windows_lock_is_retried_with_bounded_backoff(tmp_path, monkeypatch):
    p = tmp_path / "d.json"
    p.write_bytes(OLD)
    real, calls, delays = os.replace, [], []

    def flaky(src, dst):
        calls.append(1)
        if len(calls) <= 2:
            err = PermissionError(13, "sharing violation")
            err.winerror = 32
            raise err
        real(src, dst)

    monkeypatch.setattr(storage, "_replace", flaky)
    atomic_write_bytes(p, b"new", sleep=delays.append)
    assert p.read_bytes() == b"new" and len(calls) == 3
    assert delays == [0.05, 0.1]


def test_permanent_lock_gives_clear_message_and_keeps_old_file(tmp_path, monkeypatch):
    p = tmp_path / "d.json"
    p.write_bytes(OLD)
    delays = []

    def held(src, dst):
        raise PermissionError(13, "in use")

    monkeypatch.setattr(storage, "_replace", held)
    with pytest.raises(FileLockedError) as exc:
        atomic_write_bytes(p, b"new", sleep=delays.append)
    assert "正被另一个程序" in exc.value.message and "d.json" in exc.value.message
    assert p.read_bytes() == OLD and _leftovers(tmp_path) == []
    assert sum(delays) < 3 and len(delays) == 5


def test_disk_full_gives_clear_message_and_keeps_old_file(tmp_path, monkeypatch):
    p = tmp_path / "d.json"
    p.write_bytes(OLD)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DiskFullError, match="磁盘空间不足"):
        atomic_write_bytes(p, b"new")
    assert p.read_bytes() == OLD and _leftovers(tmp_path) == []


def test_read_only_folder_gives_clear_message(tmp_path, monkeypatch):
    p = tmp_path / "d.json"
    p.write_bytes(OLD)
    if os.geteuid() == 0:  # root ignores permissions: simulate the refusal of the temp file
        real_open = os.open

        def refuse(path, flags, *a):
            if str(path).endswith(".tmp"):
                raise PermissionError(errno.EACCES, "Permission denied")
            return real_open(path, flags, *a)

        monkeypatch.setattr(os, "open", refuse)
    else:
        tmp_path.chmod(0o500)
    try:
        with pytest.raises(ReadOnlyError, match="没有写入权限"):
            atomic_write_bytes(p, b"new")
    finally:
        tmp_path.chmod(0o700)
    assert p.read_bytes() == OLD


def test_read_limited_refuses_large_missing_and_folders(tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(3 * 1024 * 1024)
    before = os.stat(big).st_mtime_ns
    with pytest.raises(TooLargeError, match="3.0 MB"):
        read_bytes_limited(big, max_bytes=1024 * 1024)
    assert os.stat(big).st_mtime_ns == before
    with pytest.raises(StorageError, match="找不到文件"):
        read_bytes_limited(tmp_path / "none.json")
    with pytest.raises(StorageError, match="文件夹"):
        read_bytes_limited(tmp_path)


def test_backups_rotate_and_keep_the_newest(tmp_path):
    p = tmp_path / "d.json"
    for i in range(8):
        save_with_backup(p, f"v{i}".encode(), keep=3)
    backups = list_backups(p)
    assert [b.path.read_bytes() for b in backups] == [b"v6", b"v5", b"v4"]
    save_with_backup(p, b"v7", keep=3)  # same content: no new backup
    assert len(list_backups(p)) == 3


def _valid(data: bytes):
    obj = json.loads(data)
    assert obj["ok"]
    return obj


def test_snapshots_write_list_read_and_keep_n(tmp_path):
    store = SnapshotStore(tmp_path / "auto", keep=3)
    for i in range(5):
        store.write("doc1", json.dumps({"ok": True, "i": i}).encode(), source_path=tmp_path / "d.json")
    snaps = store.list("doc1")
    assert len(snaps) == 3 and json.loads(store.read(snaps[0]))["i"] == 4
    assert snaps[0].source_path == tmp_path / "d.json"


def test_clean_save_leaves_nothing_to_recover(tmp_path):
    store = SnapshotStore(tmp_path / "auto")
    store.write("doc1", b'{"ok": true}', source_path=tmp_path / "d.json")
    store.mark_clean("doc1")
    assert store.pending_recovery(_valid) == []


def test_truncated_main_file_never_beats_a_good_snapshot(tmp_path):
    main = tmp_path / "d.json"
    main.write_bytes(b'{"ok": tr')  # the crash cut the save short
    store = SnapshotStore(tmp_path / "auto")
    store.write("doc1", b'{"ok": true, "v": 2}', source_path=main)
    [cand] = store.pending_recovery(_valid)
    assert cand.main_file_state == "damaged" and "已损坏" in cand.describe()
    assert json.loads(store.read(cand.snapshot))["v"] == 2


def test_recovery_states_missing_older_and_corrupt_snapshots_skipped(tmp_path):
    store = SnapshotStore(tmp_path / "auto")
    store.write("gone", b'{"ok": true}', source_path=tmp_path / "nowhere.json")
    main = tmp_path / "m.json"
    main.write_bytes(b'{"ok": true}')
    os.utime(main, ((datetime.now() - timedelta(hours=1)).timestamp(),) * 2)
    store.write("older", b'{"ok": true, "good": 1}', source_path=main)
    bad = store.write("older", b'{"ok": true, "good": 2}', source_path=main)
    bad.path.write_bytes(b'{"ok": true, "good": 3}')  # bytes no longer match the recorded hash
    states = {c.doc_key: c for c in store.pending_recovery(_valid)}
    assert states["gone"].main_file_state == "missing"
    assert states["older"].main_file_state == "older"
    assert json.loads(store.read(states["older"].snapshot))["good"] == 1


def test_default_snapshot_folder_is_per_user(monkeypatch, tmp_path):
    monkeypatch.setenv("GREENDESK_DATA_DIR", str(tmp_path))
    assert SnapshotStore().root == tmp_path / "autosave"


def test_lock_excludes_a_second_process_and_takes_over_stale_locks(tmp_path):
    p = tmp_path / "d.json"
    p.write_bytes(OLD)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time; from greendesk.draft_lock import DraftLock; from pathlib import Path;"
         "l=DraftLock(Path(sys.argv[1])); l.acquire(); print('held', flush=True); time.sleep(30)", str(p)],
        cwd=ROOT, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout.readline().strip() == b"held"
        with pytest.raises(AlreadyOpenError, match="另一个 GreenDesk 窗口"):
            DraftLock(p).acquire()
        assert is_locked(p)
    finally:
        holder.kill()
        holder.wait()
    with DraftLock(p) as lock:  # the holder died: its lock is stale and taken over
        assert lock.held
    assert not lock.lock_path.exists()

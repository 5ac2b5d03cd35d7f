"""Storage as the user meets it: each failure's Chinese message naming the file (written here
literally, for the window and for greendesk-cli), the retry on a file held by another program
(WinError 5/32/33 simulated), temp files, backups, autosave snapshots and the recovery offer."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from greendesk import storage
from greendesk.storage import (
    BACKUP_DIR,
    DamagedFileError,
    DiskFullError,
    FileLockedError,
    ReadOnlyError,
    RecoveryCandidate,
    SnapshotInfo,
    SnapshotStore,
    StorageError,
    TooLargeError,
    atomic_write_bytes,
    doc_key_for,
    list_backups,
    read_bytes_limited,
    rotate_backups,
    save_with_backup,
    set_front_end,
)

DEAD_PID = 4_194_000  # above Linux's pid_max default (4 194 304 is the ceiling): no such process


@pytest.fixture
def front_end():
    """Restore the front end after a test switches it."""
    previous = set_front_end("window")
    yield
    set_front_end(previous)


def _os_error(code: int, winerror: int | None = None) -> OSError:
    exc = OSError(code, os.strerror(code))
    if winerror is not None:
        exc.winerror = winerror  # what Windows sets; errno alone says nothing of a sharing violation
    return exc


# ---- messages naming the file, in the front end's terms

WINDOW, CLI = "数据仍在程序中和自动保存里", "原有文件没有改动"


@pytest.mark.parametrize(("front", "kept"), [("window", WINDOW), ("cli", CLI), ("robot", WINDOW)])
@pytest.mark.parametrize(("code", "cls", "template"), [
    (errno.ENOSPC, DiskFullError, "磁盘空间不足，无法保存「d.json」（文件夹 {dir}）。{kept}，请清理磁盘后重试。"),
    (errno.EACCES, ReadOnlyError, "没有写入权限，无法保存「d.json」（文件夹 {dir}）。{kept}，请另存到其他文件夹。"),
    (errno.EROFS, ReadOnlyError, "没有写入权限，无法保存「d.json」（文件夹 {dir}）。{kept}，请另存到其他文件夹。"),
    (errno.EIO, StorageError, "无法保存「d.json」：读写「d.json」时磁盘或网络出错（文件夹 {dir}）。{kept}。"),
])
def test_failed_save_says_what_and_where(tmp_path, monkeypatch, front_end, front, kept, code, cls, template):
    set_front_end(front)
    p = tmp_path / "d.json"
    p.write_bytes(b"OLD")

    def refuse(*_a, **_k):
        raise _os_error(code)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(cls) as caught:
        atomic_write_bytes(p, b"NEW")
    monkeypatch.undo()
    assert type(caught.value) is cls
    assert caught.value.message == template.format(dir=tmp_path, kept=kept)
    assert str(caught.value) == caught.value.message and caught.value.path == p
    assert p.read_bytes() == b"OLD" and sorted(x.name for x in tmp_path.iterdir()) == ["d.json"]


def test_set_front_end_returns_the_previous_one(front_end):
    assert set_front_end("cli") == "window"
    assert storage.kept_note() == CLI
    assert set_front_end("something else") == "cli"
    assert storage.kept_note() == WINDOW


def test_disk_full_while_writing_removes_the_temp_file(tmp_path, monkeypatch):
    p = tmp_path / "d.json"
    p.write_bytes(b"OLD")

    def full(*_a):
        raise _os_error(errno.ENOSPC)

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(DiskFullError):
        atomic_write_bytes(p, b"NEW")
    monkeypatch.undo()
    assert sorted(x.name for x in tmp_path.iterdir()) == ["d.json"] and p.read_bytes() == b"OLD"


def test_short_writes_are_continued_until_all_is_written(tmp_path, monkeypatch):
    real = os.write
    calls = []

    def three_at_a_time(fd, data):
        calls.append(len(data))
        return real(fd, bytes(data[:3]))

    monkeypatch.setattr(os, "write", three_at_a_time)
    p = tmp_path / "d.json"
    atomic_write_bytes(p, b"0123456789")
    monkeypatch.undo()
    assert p.read_bytes() == b"0123456789" and calls == [10, 7, 4, 1]


# ---- a file held by another program: retried, then kept and said so

HELD = ("「d.json」正被另一个程序（如杀毒软件、OneDrive 或 Excel）占用，暂时无法保存。"
        "{kept}，请关闭占用该文件的程序后再保存，或另存为其他文件。")


def _held(times: int, exc_factory):
    state = {"n": 0, "sources": []}
    real = os.replace

    def replace(src, dst):
        state["sources"].append(Path(src).name)
        state["n"] += 1
        if state["n"] <= times:
            raise exc_factory()
        real(src, dst)

    return state, replace


@pytest.mark.parametrize("make", [
    lambda: _os_error(errno.EACCES, 5),
    lambda: _os_error(errno.EACCES, 32),
    lambda: _os_error(errno.EACCES, 33),
    lambda: _os_error(errno.EINVAL, 32),  # the winerror decides, whatever errno Windows maps it to
    lambda: PermissionError(errno.EACCES, "denied"),
])
def test_held_file_retried_with_growing_delays_then_saved(tmp_path, monkeypatch, make):
    p = tmp_path / "d.json"
    p.write_bytes(b"OLD")
    state, replace = _held(2, make)
    monkeypatch.setattr(storage, "_replace", replace)
    slept = []
    atomic_write_bytes(p, b"NEW", sleep=slept.append)
    assert p.read_bytes() == b"NEW" and state["n"] == 3 and slept == [0.05, 0.1]
    assert sorted(x.name for x in tmp_path.iterdir()) == ["d.json"]
    assert len(set(state["sources"])) == 1  # the same temp file each time
    assert re.fullmatch(rf"\.d\.json\.{os.getpid()}\.[0-9a-f]{{8}}\.tmp", state["sources"][0])


@pytest.mark.parametrize(("front", "kept"), [("window", WINDOW), ("cli", CLI)])
def test_held_file_given_up_after_six_tries_keeps_the_old_file(tmp_path, monkeypatch, front_end, front, kept):
    set_front_end(front)
    p = tmp_path / "d.json"
    p.write_bytes(b"OLD")
    state, replace = _held(99, lambda: _os_error(errno.EACCES, 32))
    monkeypatch.setattr(storage, "_replace", replace)
    slept = []
    with pytest.raises(FileLockedError) as caught:
        atomic_write_bytes(p, b"NEW", sleep=slept.append)
    assert caught.value.message == HELD.format(kept=kept) and caught.value.path == p
    assert state["n"] == 6 and slept == [0.05, 0.1, 0.2, 0.4, 0.5]  # ≈1.25 s, each wait ≤ 0.5 s
    assert p.read_bytes() == b"OLD" and sorted(x.name for x in tmp_path.iterdir()) == ["d.json"]


def test_attempts_and_first_delay_are_honoured(tmp_path, monkeypatch):
    p = tmp_path / "d.json"
    state, replace = _held(99, lambda: _os_error(errno.EACCES, 33))
    monkeypatch.setattr(storage, "_replace", replace)
    slept = []
    with pytest.raises(FileLockedError):
        atomic_write_bytes(p, b"NEW", attempts=3, first_delay=0.3, sleep=slept.append)
    assert state["n"] == 3 and slept == [0.3, 0.5]


@pytest.mark.parametrize(("make", "cls", "said"), [
    (lambda: _os_error(errno.EIO), StorageError, "无法保存「d.json」：读写「d.json」时磁盘或网络出错"),
    (lambda: _os_error(errno.ENOSPC, 112), DiskFullError, "磁盘空间不足，无法保存「d.json」"),
    (lambda: _os_error(errno.EINVAL, 6), StorageError, "无法保存「d.json」："),
])
def test_other_replace_failures_are_not_retried(tmp_path, monkeypatch, make, cls, said):
    p = tmp_path / "d.json"
    p.write_bytes(b"OLD")
    state, replace = _held(99, make)
    monkeypatch.setattr(storage, "_replace", replace)
    slept = []
    with pytest.raises(cls) as caught:
        atomic_write_bytes(p, b"NEW", sleep=slept.append)
    assert caught.value.message.startswith(said) and caught.value.path == p
    assert state["n"] == 1 and slept == []
    assert p.read_bytes() == b"OLD" and sorted(x.name for x in tmp_path.iterdir()) == ["d.json"]


def test_interrupt_during_save_removes_the_temp_file(tmp_path, monkeypatch):
    p = tmp_path / "d.json"

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(storage, "_replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(p, b"NEW")
    assert list(tmp_path.iterdir()) == []


def test_new_file_is_readable_by_others(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "d.json", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "d.json").stat().st_mode & 0o777 == 0o644


def test_stale_temp_files_of_dead_processes_are_swept(tmp_path):
    names = [f".d.json.{DEAD_PID}.deadbeef.tmp", f".d.json.{os.getpid()}.0000aaaa.tmp",
             ".d.json.1.0000bbbb.tmp", ".d.json.notapid.tmp", f".e.json.{DEAD_PID}.cccc0000.tmp"]
    for n in names:
        (tmp_path / n).write_bytes(b"partial")
    atomic_write_bytes(tmp_path / "d.json", b"NEW")
    assert sorted(x.name for x in tmp_path.iterdir()) == sorted(["d.json", *names[1:]])


@pytest.mark.parametrize(("pid", "alive"), [(0, False), (-1, False), (DEAD_PID, False), (1, True)])
def test_pid_alive(pid, alive):
    assert storage._pid_alive(pid) is alive  # noqa: SLF001
    assert storage._pid_alive(os.getpid()) is True  # noqa: SLF001


def test_pid_of_another_user_is_alive(monkeypatch):
    def denied(pid, sig):
        raise PermissionError

    monkeypatch.setattr(os, "kill", denied)
    assert storage._pid_alive(12345) is True  # noqa: SLF001


# ---- reading a file, with a limit

def test_read_missing_file_and_missing_folder(tmp_path):
    with pytest.raises(StorageError) as caught:
        read_bytes_limited(tmp_path / "x.json")
    assert caught.value.message == f"找不到文件「x.json」（文件夹 {tmp_path}）。"
    assert caught.value.path == tmp_path / "x.json"
    with pytest.raises(StorageError) as caught:
        read_bytes_limited(tmp_path / "gone" / "x.json")
    assert caught.value.message == f"找不到「x.json」：文件夹「{tmp_path / 'gone'}」不存在。"


def test_read_refuses_a_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    with pytest.raises(StorageError) as caught:
        read_bytes_limited(tmp_path / "sub")
    assert caught.value.message == "「sub」是文件夹，不是草稿文件。"


def test_read_stat_failure_other_than_missing(tmp_path, monkeypatch):
    p = tmp_path / "x.json"
    p.write_bytes(b"{}")

    def denied(self, *a, **k):
        raise _os_error(errno.EACCES)

    monkeypatch.setattr(Path, "stat", denied)
    with pytest.raises(StorageError) as caught:
        read_bytes_limited(p)
    monkeypatch.undo()
    assert caught.value.message == f"无法读取「x.json」：没有权限访问「x.json」（文件夹 {tmp_path}）。"


def test_read_open_failure(tmp_path, monkeypatch):
    p = tmp_path / "x.json"
    p.write_bytes(b"{}")

    real_open = os.open

    def broken(path, *a, **k):
        if Path(path) == p:
            raise _os_error(errno.EIO)
        return real_open(path, *a, **k)

    monkeypatch.setattr(os, "open", broken)
    with pytest.raises(StorageError) as caught:
        read_bytes_limited(p)
    monkeypatch.undo()
    assert caught.value.message == f"无法读取「x.json」：读写「x.json」时磁盘或网络出错（文件夹 {tmp_path}）。"
    assert caught.value.path == p


def test_read_limit_at_its_edge(tmp_path):
    p = tmp_path / "x.json"
    p.write_bytes(b"a" * 2048)
    assert read_bytes_limited(p, max_bytes=2048) == b"a" * 2048
    with pytest.raises(TooLargeError) as caught:
        read_bytes_limited(p, max_bytes=2047)
    assert caught.value.path == p


def test_read_default_limit_is_20_mb(tmp_path):
    p = tmp_path / "big.json"
    with p.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024 + 1)  # sparse: nothing written
    with pytest.raises(TooLargeError) as caught:
        read_bytes_limited(p)
    assert caught.value.message == "「big.json」有 20.0 MB，超过草稿文件的上限 20 MB，不是 GreenDesk 草稿或已损坏。"
    with p.open("r+b") as fh:
        fh.truncate(20 * 1024 * 1024)
    assert len(read_bytes_limited(p)) == 20 * 1024 * 1024


def test_read_too_large_message_in_mb(tmp_path):
    p = tmp_path / "big.json"
    with p.open("wb") as fh:
        fh.truncate(3 * 1024 * 1024 + 400 * 1024)  # 3.39 MB
    with pytest.raises(TooLargeError) as caught:
        read_bytes_limited(p, max_bytes=2 * 1024 * 1024)
    assert caught.value.message == "「big.json」有 3.4 MB，超过草稿文件的上限 2 MB，不是 GreenDesk 草稿或已损坏。"


# ---- rolling backups

def test_backup_names_folder_and_content(tmp_path):
    p = tmp_path / "d.json"
    p.write_bytes(b"v1")
    before = datetime.now().replace(microsecond=0)
    target = rotate_backups(p)
    assert target.parent == tmp_path / BACKUP_DIR == tmp_path / ".greendesk-backup"
    assert re.fullmatch(r"d\.\d{8}-\d{6}-\d{6}\.json", target.name)
    assert target.read_bytes() == b"v1"
    [info] = list_backups(p)
    assert info.path == target and info.size == 2
    assert before <= info.saved_at <= datetime.now()


def test_rotate_without_a_file_makes_no_backup(tmp_path):
    assert rotate_backups(tmp_path / "none.json") is None
    assert not (tmp_path / BACKUP_DIR).exists()


def test_list_backups_newest_first_skipping_foreign_names(tmp_path):
    p = tmp_path / "d.json"
    folder = tmp_path / BACKUP_DIR
    folder.mkdir()
    for stamp in ("20250101-080000-000001", "20250301-080000-000000", "20250201-080000-000000"):
        (folder / f"d.{stamp}.json").write_bytes(b"x" * len(stamp[:6]))
    (folder / "d.notastamp.json").write_bytes(b"?")
    (folder / "e.20250401-080000-000000.json").write_bytes(b"?")  # another draft's
    (folder / "d.20250501-080000-000000.txt").write_bytes(b"?")
    got = list_backups(p)
    assert [b.saved_at for b in got] == [datetime(2025, 3, 1, 8), datetime(2025, 2, 1, 8),
                                         datetime(2025, 1, 1, 8, 0, 0, 1)]
    assert [b.size for b in got] == [6, 6, 6]
    assert list_backups(tmp_path / "other.json") == []


def test_list_backups_of_a_file_without_suffix(tmp_path):
    p = tmp_path / "draft"
    folder = tmp_path / BACKUP_DIR
    folder.mkdir()
    (folder / "draft.20250101-080000-000000").write_bytes(b"x")
    assert [b.saved_at for b in list_backups(p)] == [datetime(2025, 1, 1, 8)]


@pytest.mark.parametrize(("keep", "left"), [(5, 5), (2, 2), (1, 1)])
def test_rotate_keeps_the_newest(tmp_path, keep, left):
    p = tmp_path / "d.json"
    folder = tmp_path / BACKUP_DIR
    folder.mkdir()
    for day in range(1, 8):
        (folder / f"d.202501{day:02d}-080000-000000.json").write_bytes(b"old")
    p.write_bytes(b"now")
    rotate_backups(p, keep=keep)
    got = list_backups(p)
    assert len(got) == left and got[0].path.read_bytes() == b"now"
    if left > 1:
        assert got[1].saved_at == datetime(2025, 1, 7, 8)


def test_rotate_default_keeps_five(tmp_path):
    p = tmp_path / "d.json"
    folder = tmp_path / BACKUP_DIR
    folder.mkdir()
    for day in range(1, 8):
        (folder / f"d.202501{day:02d}-080000-000000.json").write_bytes(b"old")
    p.write_bytes(b"now")
    rotate_backups(p)
    assert len(list_backups(p)) == 5


def test_save_with_backup_keeps_the_previous_version(tmp_path):
    p = tmp_path / "d.json"
    save_with_backup(p, b"v1")
    assert list_backups(p) == []  # nothing before it
    save_with_backup(p, b"v1")
    assert list_backups(p) == []  # same content
    save_with_backup(p, b"v2")
    assert [b.path.read_bytes() for b in list_backups(p)] == [b"v1"] and p.read_bytes() == b"v2"
    p.write_bytes(b"")
    save_with_backup(p, b"v3")  # an empty file is not worth a backup
    assert len(list_backups(p)) == 1 and p.read_bytes() == b"v3"


def test_save_with_backup_default_keeps_five(tmp_path):
    p = tmp_path / "d.json"
    for i in range(8):
        save_with_backup(p, f"v{i}".encode())
    assert [b.path.read_bytes() for b in list_backups(p)] == [b"v6", b"v5", b"v4", b"v3", b"v2"]


@pytest.mark.parametrize(("code", "cls", "start"), [
    (errno.EACCES, ReadOnlyError, "没有写入权限，无法保存「d.json」（文件夹 {dir}）。"),
    (errno.ENOSPC, DiskFullError, "磁盘空间不足，无法保存「d.json」（文件夹 {dir}）。"),
])
def test_backup_that_cannot_be_written_is_said_of_the_draft(tmp_path, monkeypatch, code, cls, start):
    p = tmp_path / "d.json"
    p.write_bytes(b"v1")

    def refuse(self, *a, **k):
        raise _os_error(code)

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(cls) as caught:
        save_with_backup(p, b"v2")
    monkeypatch.undo()
    assert caught.value.message.startswith(start.format(dir=tmp_path)) and caught.value.path == p
    assert p.read_bytes() == b"v1"


def test_backup_folder_failure_names_the_folder(tmp_path, monkeypatch):
    p = tmp_path / "d.json"
    p.write_bytes(b"v1")

    def refuse(self, *a, **k):
        raise _os_error(errno.EIO)

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(StorageError) as caught:
        rotate_backups(p)
    monkeypatch.undo()
    assert caught.value.message == (f"无法创建备份文件夹「.greendesk-backup」：读写「.greendesk-backup」时磁盘或网络出错"
                                    f"（文件夹 {tmp_path}）。{WINDOW}。")


def test_unreadable_draft_cannot_be_backed_up(tmp_path, monkeypatch):
    p = tmp_path / "d.json"
    p.write_bytes(b"v1")

    def denied(self):
        raise _os_error(errno.EACCES)

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(ReadOnlyError) as caught:
        rotate_backups(p)
    monkeypatch.undo()
    assert caught.value.message.startswith(f"没有写入权限，无法备份「d.json」（文件夹 {tmp_path}）。")


def test_save_with_backup_writes_even_when_the_old_file_cannot_be_read(tmp_path, monkeypatch):
    p = tmp_path / "d.json"
    p.write_bytes(b"v1")
    real = Path.read_bytes

    def denied(self):
        if self == p:
            raise _os_error(errno.EACCES)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    save_with_backup(p, b"v2")
    monkeypatch.undo()
    assert p.read_bytes() == b"v2" and list_backups(p) == []


# ---- autosave snapshots and the recovery offer

def test_user_data_dir_from_environment_or_platform(monkeypatch, tmp_path):
    monkeypatch.setenv("GREENDESK_DATA_DIR", str(tmp_path / "mine"))
    assert storage.user_data_dir() == tmp_path / "mine"
    assert SnapshotStore().root == tmp_path / "mine" / "autosave"
    monkeypatch.setenv("GREENDESK_DATA_DIR", "")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert storage.user_data_dir() == tmp_path / "xdg" / "GreenDesk"


def test_doc_key_for_paths_and_new_drafts(tmp_path, monkeypatch):
    p = tmp_path / "d.json"
    expected = hashlib.sha1(str(p).encode("utf-8")).hexdigest()[:16]
    assert doc_key_for(p) == expected
    monkeypatch.chdir(tmp_path)
    assert doc_key_for(Path("d.json")) == expected  # relative: the same file, the same key
    a, b = doc_key_for(None), doc_key_for(None)
    assert re.fullmatch(r"untitled-[0-9a-f]{12}", a) and a != b


def _snap(source: Path | None, when: datetime = datetime(2025, 3, 4, 5, 6, 7, 890)) -> SnapshotInfo:
    return SnapshotInfo("k", Path("/x/1.json"), source, "", when, 1, "")


@pytest.mark.parametrize(("state", "words"), [
    ("missing", "原文件不存在"),
    ("damaged", "原文件已损坏（可能在保存时被中断）"),
    ("older", "原文件比自动保存的内容旧"),
    ("newer", "原文件比自动保存的内容新"),
])
def test_recovery_offer_describes_what_and_when(state, words):
    saved = RecoveryCandidate("k", _snap(Path("/a/草稿.json")), Path("/a/草稿.json"), state)
    assert saved.describe() == f"草稿.json：2025-03-04 05:06:07 的自动保存（{words}）"
    new = RecoveryCandidate("k", _snap(None), None, state)
    assert new.describe() == f"未保存的新草稿：2025-03-04 05:06:07 的自动保存（{words}）"


def test_snapshot_write_records_what_it_holds(tmp_path):
    store = SnapshotStore(tmp_path / "auto")
    data = '{"名": 1}'.encode()
    info = store.write("doc1", data, source_path=tmp_path / "d.json", label="自动保存")
    assert info.doc_key == "doc1" and info.source_path == tmp_path / "d.json"
    assert info.label == "自动保存" and info.size == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.path.parent == tmp_path / "auto" / "doc1" and info.path.suffix == ".json"
    assert info.path.read_bytes() == data
    meta = json.loads(info.path.with_suffix(".meta").read_text(encoding="utf-8"))
    assert meta == {"doc_key": "doc1", "source_path": str(tmp_path / "d.json"), "label": "自动保存",
                    "saved_at": info.saved_at.isoformat(), "size": len(data), "sha256": info.sha256}
    unsaved = store.write("doc2", b"{}")
    assert unsaved.source_path is None and unsaved.label == ""
    assert json.loads(unsaved.path.with_suffix(".meta").read_text())["source_path"] is None
    assert store.read(info) == data and store.latest("doc1") == info


def test_snapshot_meta_is_written_as_readable_utf8(tmp_path):
    store = SnapshotStore(tmp_path / "auto")
    info = store.write("doc1", b"{}", label="自动保存")
    assert '"label": "自动保存"' in info.path.with_suffix(".meta").read_text(encoding="utf-8")


@pytest.mark.parametrize(("keep", "left"), [(10, 10), (3, 3)])
def test_snapshots_keep_the_newest(tmp_path, keep, left):
    store = SnapshotStore(tmp_path / "auto", keep=keep) if keep != 10 else SnapshotStore(tmp_path / "auto")
    for i in range(12):
        store.write("doc1", str(i).encode())
    got = store.list("doc1")
    assert [store.read(s) for s in got] == [str(i).encode() for i in range(11, 11 - left, -1)]
    assert len(list((tmp_path / "auto" / "doc1").iterdir())) == 2 * left  # bodies and their meta


def test_snapshot_list_across_documents_and_broken_meta(tmp_path):
    store = SnapshotStore(tmp_path / "auto")
    assert store.list() == [] and store.latest("doc1") is None
    a = store.write("a", b"1")
    b = store.write("b", b"2")
    (tmp_path / "auto" / "a" / "broken.meta").write_text("{not json", encoding="utf-8")
    (tmp_path / "auto" / "a" / "nokey.meta").write_text('{"doc_key": "a"}', encoding="utf-8")
    (tmp_path / "auto" / "stray.txt").write_text("x", encoding="utf-8")
    orphan = store.write("a", b"3")
    orphan.path.unlink()  # body gone: not offered
    assert [s.doc_key for s in store.list()] == ["b", "a"]
    assert store.list() == [b, a]
    assert store.list("c") == []


def test_snapshot_read_damaged_or_missing(tmp_path):
    store = SnapshotStore(tmp_path / "auto")
    info = store.write("doc1", b'{"ok": true}')
    info.path.write_bytes(b'{"ok": fals')
    with pytest.raises(DamagedFileError) as caught:
        store.read(info)
    assert caught.value.message == f"自动保存「{info.path.name}」已损坏。" and caught.value.path == info.path
    info.path.unlink()
    with pytest.raises(DamagedFileError) as caught:
        store.read(info)
    assert caught.value.message == (f"无法读取自动保存「{info.path.name}」：找不到文件「{info.path.name}」"
                                    f"（文件夹 {info.path.parent}）。")


def test_discard_removes_the_documents_snapshots_only(tmp_path):
    store = SnapshotStore(tmp_path / "auto")
    store.write("a", b"1")
    store.write("b", b"2")
    store.discard("a")
    assert not (tmp_path / "auto" / "a").exists() and [s.doc_key for s in store.list()] == ["b"]
    store.discard("never")  # nothing to do


def test_snapshot_folder_that_cannot_be_made(tmp_path):
    (tmp_path / "auto").write_text("a file where the folder should be", encoding="utf-8")
    store = SnapshotStore(tmp_path / "auto")
    with pytest.raises(StorageError) as caught:
        store.write("doc1", b"{}")
    assert caught.value.message.startswith("无法自动保存「doc1」：")
    assert caught.value.path == tmp_path / "auto" / "doc1"


def _valid(data: bytes):
    obj = json.loads(data)
    if not obj.get("ok"):
        raise ValueError("not valid")
    return obj


def test_recovery_offers_the_newest_valid_snapshot_per_document_newest_first(tmp_path):
    store = SnapshotStore(tmp_path / "auto")
    main = tmp_path / "m.json"
    main.write_bytes(b'{"ok": true}')
    os.utime(main, ((datetime.now() - timedelta(hours=1)).timestamp(),) * 2)
    store.write("one", b'{"ok": true, "v": 1}', source_path=main)
    store.write("one", b'{"ok": false, "v": 2}', source_path=main)  # newest, but not valid
    store.write("two", b'{"ok": true, "v": 3}')
    got = store.pending_recovery(_valid)
    assert [c.doc_key for c in got] == ["two", "one"]
    assert json.loads(store.read(got[1].snapshot))["v"] == 1
    assert (got[0].main_file_state, got[0].source_path) == ("missing", None)
    assert (got[1].main_file_state, got[1].source_path) == ("older", main)
    assert got[1].snapshot.source_path == main


def test_main_file_newer_than_the_snapshot(tmp_path):
    store = SnapshotStore(tmp_path / "auto")
    main = tmp_path / "m.json"
    store.write("one", b'{"ok": true}', source_path=main)
    main.write_bytes(b'{"ok": true}')
    os.utime(main, ((datetime.now() + timedelta(hours=1)).timestamp(),) * 2)
    [cand] = store.pending_recovery(_valid)
    assert cand.main_file_state == "newer"
    main.write_bytes(b'{"ok": false}')
    [cand] = store.pending_recovery(_valid)
    assert cand.main_file_state == "damaged"


def test_no_valid_snapshot_nothing_offered(tmp_path):
    store = SnapshotStore(tmp_path / "auto")
    store.write("one", b'{"ok": false}')
    assert store.pending_recovery(_valid) == []


def test_read_gathers_short_reads(tmp_path, monkeypatch):
    # a system call may return fewer bytes than asked (a network drive): the reader reads on
    p = tmp_path / "x.json"
    p.write_bytes(b"0123456789" * 1000)
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 7)))
    assert read_bytes_limited(p) == b"0123456789" * 1000
    assert read_bytes_limited(tmp_path / "x.json", max_bytes=10_000) == b"0123456789" * 1000


def test_read_asks_windows_for_binary_mode(tmp_path, monkeypatch):
    # os.open on Windows opens in text mode unless given O_BINARY (0x8000 in its C runtime): a draft
    # would lose its \r and stop at the first Ctrl-Z byte. Windows simulated: O_BINARY given, read-only
    p = tmp_path / "x.json"
    p.write_bytes(b'{"a": "1\r\n\x1a2"}')
    monkeypatch.setattr(os, "O_BINARY", 0x8000, raising=False)
    real_open, flags_seen = os.open, []

    def recording_open(path, flags, *args):
        flags_seen.append(flags)
        return real_open(path, flags & ~0x8000, *args)

    monkeypatch.setattr(os, "open", recording_open)
    assert read_bytes_limited(p) == b'{"a": "1\r\n\x1a2"}'
    assert flags_seen == [os.O_RDONLY | 0x8000]

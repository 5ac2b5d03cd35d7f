"""The draft lock: whatever is found in its place never crashes and never blocks for ever; a live
holder is named with the way to clear the lock."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from greendesk.draft_lock import DraftLock, holder_message, is_locked, process_start
from greendesk.storage import AlreadyOpenError


@pytest.fixture
def draft(tmp_path):
    p = tmp_path / "工厂.json"
    p.write_text("{}", encoding="utf-8")
    return p


def _lock_file(draft):
    return draft.with_name(f".~lock.{draft.name}#")


@pytest.mark.parametrize("content", [
    b"", b"[1]", b"5", b"null", b'"text"', b"{}", b"\xff\xfe\x00garbage\x9c",
    b'{"pid": 99999999999999999999999999999999999999, "host": "%s"}' % socket.gethostname().encode(),
    b'{"pid": -4, "host": "h"}', b'{"pid": "123", "host": "h"}', b'{"pid": true, "host": "h"}',
    b'{"pid": 1.5, "host": "h"}', b'{"pid": 123, "host": ["h"]}', b"[" * 100_000, b"{" * 5000 + b"x" * 5000,
    b'{"pid": 1e999, "host": "h"}',
], ids=lambda c: repr(c[:20]))
def test_malformed_lock_content_is_stale_not_a_crash(draft, content):
    _lock_file(draft).write_bytes(content)
    assert not is_locked(draft)
    assert holder_message(draft) is None
    with DraftLock(draft) as lock:
        assert lock.held
        assert json.loads(_lock_file(draft).read_bytes())["pid"] == os.getpid()
    assert not _lock_file(draft).exists()


def test_a_folder_in_the_locks_place_is_not_held_and_blocks_nobody(draft):
    _lock_file(draft).mkdir()
    assert not is_locked(draft)
    lock = DraftLock(draft)
    lock.acquire()  # cannot lock there: nothing locked, nothing raised
    assert not lock.held
    lock.release()
    assert _lock_file(draft).is_dir()


def test_a_pid_now_used_by_another_program_does_not_block(draft):
    """The lock's pid is alive, but it started after the lock was written: a different process."""
    other = subprocess.Popen(["sleep", "30"]) if sys.platform != "win32" else None
    if other is None:
        pytest.skip("needs a second long-running program")
    try:
        record = {"pid": other.pid, "host": socket.gethostname(), "user": "张三",
                  "started": "2025-03-01T09:00:00", "process_start": "1000.00", "token": "old"}
        _lock_file(draft).write_text(json.dumps(record), encoding="utf-8")
        assert not is_locked(draft)
        # a lock from before start times were recorded: the pid's program is `sleep`, not GreenDesk
        del record["process_start"]
        _lock_file(draft).write_text(json.dumps(record), encoding="utf-8")
        assert not is_locked(draft)
        with DraftLock(draft) as lock:
            assert lock.held
    finally:
        other.kill()
        other.wait()


def test_a_live_holder_is_named_with_the_way_to_clear_the_lock(draft):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time; from pathlib import Path; from greendesk.draft_lock import DraftLock;"
         "l=DraftLock(Path(sys.argv[1]), app='cli'); l.acquire(); print('held', flush=True); time.sleep(30)",
         str(draft)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"held"
        record = json.loads(_lock_file(draft).read_bytes())
        assert record["pid"] == holder.pid and record["process_start"] == process_start(holder.pid)
        assert is_locked(draft)
        with pytest.raises(AlreadyOpenError) as exc:
            DraftLock(draft).acquire()
        message = exc.value.message
        assert "greendesk-cli 命令" in message and f"进程 {holder.pid}" in message
        assert socket.gethostname() in message and str(_lock_file(draft)) in message
        assert "删除锁文件" in message
        assert holder_message(draft) == message
    finally:
        holder.kill()
        holder.wait()
    assert not is_locked(draft)  # its process is gone: stale


def test_another_computers_lock_holds_and_says_whose_it_is(draft):
    record = {"pid": 4242, "host": "财务部-PC", "user": "李四", "started": "2025-03-01T09:00:00",
              "process_start": "1.00", "token": "t"}
    _lock_file(draft).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(AlreadyOpenError, match="计算机 财务部-PC 上的GreenDesk 窗口（用户 李四，进程 4242"):
        DraftLock(draft).acquire()
    assert _lock_file(draft).exists()  # never broken from here


def test_a_second_window_of_the_same_process_is_refused(draft):
    first = DraftLock(draft)
    first.acquire()
    try:
        with pytest.raises(AlreadyOpenError, match="另一个 GreenDesk 窗口"):
            DraftLock(draft).acquire()
    finally:
        first.release()
    with DraftLock(draft) as again:
        assert again.held

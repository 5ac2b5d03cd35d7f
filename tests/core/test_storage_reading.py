"""Reading a draft with a limit (sizes named in MB as the user reads them, a file that grows while
it is read) and the Windows branch of the process check, run here with a stand-in kernel32."""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

import pytest

from greendesk import storage
from greendesk.storage import StorageError, TooLargeError, read_bytes_limited


def test_a_folder_is_refused_naming_it(tmp_path):
    with pytest.raises(StorageError) as caught:
        read_bytes_limited(tmp_path)
    assert caught.value.message == f"「{tmp_path.name}」是文件夹，不是草稿文件。"
    assert caught.value.path == tmp_path


def test_sizes_are_named_in_mebibytes_rounded_as_shown(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 2_150_000)  # 2.0504… MB (2 150 000 / 1 048 576)
    with pytest.raises(TooLargeError) as caught:
        read_bytes_limited(big, max_bytes=1_572_864)  # 1.5 MB, shown without decimals: 2
    assert caught.value.message == "「big.json」有 2.1 MB，超过草稿文件的上限 2 MB，不是 GreenDesk 草稿或已损坏。"
    assert caught.value.path == big


class _Shrunk:
    """A stat result that says the file is smaller than it is (it grew after stat)."""

    def __init__(self, real: os.stat_result, size: int):
        self._real, self.st_size = real, size

    def __getattr__(self, name):
        return getattr(self._real, name)


@pytest.mark.parametrize(("written", "limit", "read"), [
    (2000, 1000, 1001),  # grew past the limit: read to one byte over it, so the caller refuses it
    (500, 1000, 500),  # grew but stays under: all of it
])
def test_a_file_that_grows_while_it_is_read(tmp_path, monkeypatch, written, limit, read):
    path = tmp_path / "d.json"
    path.write_bytes(b"y" * written)
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        st = real_stat(self, *args, **kwargs)
        return _Shrunk(st, 100) if self == path else st

    monkeypatch.setattr(Path, "stat", stat)
    assert read_bytes_limited(path, max_bytes=limit) == b"y" * read


class _Kernel32:
    def __init__(self, handle: int):
        self.handle, self.calls = handle, []

    def OpenProcess(self, access, inherit, pid):  # noqa: N802 (the Win32 name)
        self.calls.append(("OpenProcess", access, inherit, pid))
        return self.handle

    def CloseHandle(self, handle):  # noqa: N802
        self.calls.append(("CloseHandle", handle))


@pytest.mark.parametrize(("handle", "alive"), [(77, True), (0, False)])
def test_pid_alive_on_windows_asks_for_the_process_and_closes_what_it_opened(monkeypatch, handle, alive):
    k = _Kernel32(handle)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", type("W", (), {"kernel32": k})(), raising=False)
    assert storage._pid_alive(4242) is alive  # noqa: SLF001
    # PROCESS_QUERY_LIMITED_INFORMATION (0x1000), not inherited, the pid asked about
    expected = [("OpenProcess", 0x1000, False, 4242)] + ([("CloseHandle", 77)] if handle else [])
    assert k.calls == expected
    assert storage._pid_alive(0) is False and len(k.calls) == len(expected)  # noqa: SLF001

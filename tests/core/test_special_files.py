"""A named pipe or a device where a file is expected (a FIFO named 甲.json in a folder under review,
/dev/zero given as a draft) is refused by name at once: opening a pipe waits for a writer and a
device never ends, so one such entry used to hang a whole 批量审核 (and the window's 打开)."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest

from greendesk import storage

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@pytest.fixture
def fifo(tmp_path):
    made: list[Path] = []

    def make(name: str) -> Path:
        p = tmp_path / name
        os.mkfifo(p)
        made.append(p)
        return p

    yield make
    for p in made:  # a reader that did block (the bug) gets end-of-file, so no thread is left hanging
        with contextlib.suppress(OSError):
            os.close(os.open(p, os.O_WRONLY | os.O_NONBLOCK))


def _within(seconds: float, fn):
    """fn()'s result, failing the test (not hanging it) when it does not return in time."""
    out: dict = {}

    def run():
        try:
            out["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 — handed to the test
            out["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"still waiting after {seconds} s"
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_a_draft_that_is_a_pipe_or_a_device_is_refused_by_name(fifo):
    p = fifo("甲.json")
    with pytest.raises(storage.StorageError) as exc:
        _within(10, lambda: storage.read_bytes_limited(p))
    assert exc.value.message == "「甲.json」不是普通文件（是管道、设备或套接字），无法读取。"
    assert exc.value.path == p  # the window names and offers the file it could not read
    if Path("/dev/zero").exists():
        with pytest.raises(storage.StorageError) as exc:
            _within(10, lambda: storage.read_bytes_limited(Path("/dev/zero")))
        assert exc.value.message == "「zero」不是普通文件（是管道、设备或套接字），无法读取。"


def test_is_special_file(fifo, tmp_path):
    (tmp_path / "f.json").write_text("{}", encoding="utf-8")
    assert storage.is_special_file(fifo("p.json"))
    assert not storage.is_special_file(tmp_path / "f.json")
    assert not storage.is_special_file(tmp_path)  # a folder has its own message
    assert not storage.is_special_file(tmp_path / "missing.json")  # so has a missing file


def test_opening_a_pipe_as_a_draft_says_why(fifo):
    from greendesk import document

    p = fifo("乙.json")
    with pytest.raises(document.DocumentError) as exc:
        _within(10, lambda: document.open_draft(p))
    assert "「乙.json」不是普通文件（是管道、设备或套接字），无法读取。" in exc.value.message


def test_importing_a_pipe_as_a_workbook_says_why(fifo):
    from greendesk import export

    p = fifo("丙.xlsx")
    with pytest.raises(export.ExportError) as exc:
        _within(10, lambda: export.import_xlsx(p))
    assert exc.value.message == "「丙.xlsx」不是普通文件（是管道、设备或套接字），无法读取。"


def test_a_pipe_as_a_scan_says_why(fifo):
    from greendesk.scan_check import ScanError, read_codes

    p = fifo("丁.pdf")
    with pytest.raises(ScanError) as exc:
        _within(10, lambda: read_codes(p))
    assert exc.value.message == "「丁.pdf」不是普通文件（是管道、设备或套接字），无法读取。"


def test_a_review_over_a_folder_with_pipes_finishes_with_them_as_unreadable_rows(fifo, tmp_path):
    from greendesk.review.runner import run_review
    from tests.core.review.conftest import write_variant

    write_variant(tmp_path / "a.json")
    fifo("管道.json")
    fifo("管道.xlsx")
    review = _within(60, lambda: run_review([tmp_path], workers=1, use_cache=False))
    rows = {Path(u.file).name: (u.readable, u.reason) for u in review.units}
    assert rows == {
        "a.json": (True, ""),
        "管道.json": (False, "「管道.json」不是普通文件（是管道、设备或套接字），无法读取。"),
        "管道.xlsx": (False, "「管道.xlsx」不是普通文件（是管道、设备或套接字），无法读取。"),
    }

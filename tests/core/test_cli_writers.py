"""Every greendesk-cli writer honours the draft lock, refuses to overwrite without --force or
under the wrong kind of name, and says what went wrong in Chinese, naming the file."""

from __future__ import annotations

import errno
import os
import shutil

import pytest

from greendesk import storage
from greendesk.cli import main
from greendesk.draft_lock import DraftLock
from tests.conftest import SAMPLES

SAMPLE25 = SAMPLES / "green-factory-2025.json"
SAMPLE24 = SAMPLES / "green-factory-2024.json"
ENGLISH = ("No such file", "Is a directory", "Permission denied", "Errno", "Traceback")


@pytest.fixture
def open_draft(tmp_path):
    """A draft held open by a GreenDesk window (in this process, as a second window would)."""
    draft = tmp_path / "工厂.json"
    shutil.copyfile(SAMPLE25, draft)
    lock = DraftLock(draft)
    lock.acquire()
    yield draft
    lock.release()


@pytest.fixture
def workbook(tmp_path):
    from greendesk import forms
    from greendesk.document import open_draft as load
    from greendesk.export import export_xlsx

    path = tmp_path / "回收.xlsx"
    export_xlsx(forms.get("green-factory-2025"), load(SAMPLE25).draft, path)
    return path


@pytest.mark.parametrize("command", [
    lambda d, wb: ["import-xlsx", str(wb), "-o", str(d), "--force"],
    lambda d, wb: ["rollover", str(SAMPLE24), "-o", str(d), "--force"],
    lambda d, wb: ["new", "--form", "green-factory-2025", "-o", str(d), "--force"],
], ids=["import-xlsx", "rollover", "new"])
def test_a_draft_open_in_a_window_is_not_overwritten(open_draft, workbook, command, capsys):
    before = open_draft.read_bytes()
    assert main(command(open_draft, workbook)) == 2
    err = capsys.readouterr().err
    assert "已在另一个 GreenDesk 窗口中打开" in err and f"进程 {os.getpid()}" in err
    assert "删除锁文件" in err
    assert open_draft.read_bytes() == before


def test_the_cli_holds_the_lock_while_it_writes(tmp_path, monkeypatch):
    from greendesk import document
    from greendesk.draft_lock import is_locked

    out = tmp_path / "新.json"
    seen = []
    real = document.save_draft
    monkeypatch.setattr(document, "save_draft", lambda p, d: (seen.append(is_locked(p)), real(p, d)))
    assert main(["new", "--form", "green-factory-2025", "-o", str(out)]) == 0
    assert seen == [True]  # locked while the draft is written…
    assert not out.with_name(f".~lock.{out.name}#").exists()  # …and given back afterwards


def test_storage_failure_in_the_cli_promises_no_autosave(tmp_path, monkeypatch, capsys):
    real_open = os.open

    def full(path, flags, *args):
        if str(path).endswith(".tmp") and "~lock" not in str(path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", full)
    out = tmp_path / "满.json"
    assert main(["new", "--form", "green-factory-2025", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "满.json" in err
    assert "自动保存" not in err and "程序中" not in err
    assert storage.kept_note() == "数据仍在程序中和自动保存里"  # the window's wording is back


@pytest.mark.parametrize("argv,said", [
    (lambda t: ["validate", str(t / "没有这个文件夹" / "a.json")], "文件夹「"),
    (lambda t: ["validate", str(t)], "是文件夹"),
    (lambda t: ["new", "--form", "green-factory-2025", "-o", str(t / "无" / "a.json")], "文件夹「"),
    (lambda t: ["new", "--form", "green-factory-2025", "-o", str(t)], "是一个文件夹"),
    (lambda t: ["export", str(SAMPLE25), "--pdf", str(t / "无" / "a.pdf")], "文件夹「"),
    (lambda t: ["import-xlsx", str(t / "无.xlsx"), "-o", str(t / "a.json")], "无.xlsx"),
], ids=["missing-folder", "folder-as-draft", "new-into-missing-folder", "new-onto-folder",
        "export-into-missing-folder", "missing-workbook"])
def test_os_errors_are_chinese_and_name_the_place(tmp_path, argv, said, capsys):
    assert main(argv(tmp_path)) == 2
    err = capsys.readouterr().err
    assert said in err
    assert not any(word in err for word in ENGLISH), err


def test_export_refuses_to_overwrite_without_force(tmp_path, capsys):
    pdf, xlsx = tmp_path / "表.pdf", tmp_path / "表.xlsx"
    pdf.write_bytes(b"mine")
    assert main(["export", str(SAMPLE25), "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 2
    err = capsys.readouterr().err
    assert "已存在" in err and "--force" in err
    assert pdf.read_bytes() == b"mine" and not xlsx.exists()  # one refusal writes nothing at all
    assert main(["export", str(SAMPLE25), "--pdf", str(pdf), "--xlsx", str(xlsx), "--force"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.exists()


@pytest.mark.parametrize("option,name", [("--xlsx", "表.pdf"), ("--pdf", "表.xlsx"), ("--pdf", "表"),
                                         ("--blank-xlsx", "空白.json"), ("--xlsx", "表.JSON")])
def test_export_refuses_a_name_of_the_other_kind(tmp_path, option, name, capsys):
    assert main(["export", str(SAMPLE25), option, str(tmp_path / name), "--force"]) == 2
    assert "请使用以" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option,name", [("--pdf", "x.pdf"), ("--xlsx", "x.xlsx")])
def test_export_of_a_draft_with_errors_exits_1_for_pdf_and_for_xlsx(tmp_path, option, name, capsys):
    draft = tmp_path / "空.json"
    assert main(["new", "--form", "green-factory-2025", "-o", str(draft)]) == 0
    assert main(["export", str(draft), option, str(tmp_path / name)]) == 1
    assert "错误" in capsys.readouterr().out
    assert (tmp_path / name).stat().st_size > 0  # written all the same
    assert main(["export", str(SAMPLE25), option, str(tmp_path / ("ok-" + name))]) == 0


def test_export_help_states_the_rule(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = capsys.readouterr().out
    assert "退出码为 1" in text and "--force" in text

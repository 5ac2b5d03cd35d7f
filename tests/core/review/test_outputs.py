"""A review report is written only to a new file or over an earlier review report: named like one
of its inputs it would replace a unit's draft (QA: `review 城区 --json 城区/a.json` did, and left the
draft out of the review)."""

from __future__ import annotations

import hashlib

from greendesk.cli import main
from greendesk.review.outputs import is_review_report, refusal
from tests.core.review.conftest import write_variant


def _md5(p) -> str:
    return hashlib.md5(p.read_bytes()).hexdigest()


def test_a_report_named_like_an_input_draft_is_refused_and_the_draft_untouched(tmp_path, capsys):
    a = write_variant(tmp_path / "a.json")
    write_variant(tmp_path / "b.json")
    before = _md5(a)
    assert main(["review", str(tmp_path), "--json", str(a), "--jobs", "1"]) == 2
    assert capsys.readouterr().err == ("审核报告没有保存：「a.json」已存在，且不是审核报告（可能是要审核的草稿或工作簿），"
                                       "不会覆盖它。请换一个文件名。\n")
    assert _md5(a) == before


def test_a_report_named_like_an_input_workbook_is_refused(tmp_path, capsys):
    from greendesk import export, forms
    from greendesk.document import open_draft

    d = forms.get("green-factory-2025")
    book = tmp_path / "甲.xlsx"
    export.export_xlsx(d, open_draft(write_variant(tmp_path / "甲.json")).draft, book)
    before = _md5(book)
    assert main(["review", str(tmp_path), "-o", str(book), "--jobs", "1"]) == 2
    assert "「甲.xlsx」已存在，且不是审核报告" in capsys.readouterr().err
    assert _md5(book) == before


def test_an_earlier_report_is_replaced_on_a_rerun(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    write_variant(tmp_path / "in" / "a.json")
    out_json, out_xlsx = tmp_path / "报告.json", tmp_path / "报告.xlsx"
    args = ["review", str(tmp_path / "in"), "--json", str(out_json), "-o", str(out_xlsx), "--jobs", "1"]
    assert main(args) == 0
    assert is_review_report(out_json) and is_review_report(out_xlsx)
    assert main(args) == 0  # the same command again: its own reports are replaced
    capsys.readouterr()


def test_what_counts_as_a_review_report(tmp_path):
    (tmp_path / "x.json").write_text('{"units": [], "summary": {}}', encoding="utf-8")
    (tmp_path / "draft.json").write_text('{"format_version": 2, "app": "GreenDesk"}', encoding="utf-8")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04")
    assert is_review_report(tmp_path / "x.json")
    assert not is_review_report(tmp_path / "draft.json")
    assert not is_review_report(tmp_path / "bad.json")
    assert not is_review_report(tmp_path / "bad.xlsx")
    assert not is_review_report(tmp_path / "missing.json")
    assert refusal(tmp_path / "new.json") is None and refusal(tmp_path / "x.json") is None
    assert refusal(tmp_path) == f"审核报告无法保存：「{tmp_path}」是文件夹。"


def test_earlier_reports_under_other_names_are_skipped_not_unreadable(tmp_path, capsys):
    """QA: a folder holding last week's 旧.json / 旧.xlsx reports listed them as 无法读取 rows."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_variant(folder / "a.json")
    assert main(["review", str(folder), "-o", str(folder / "旧.xlsx"), "--json", str(folder / "旧.json"),
                 "--jobs", "1"]) == 0
    capsys.readouterr()
    out = tmp_path / "新.json"
    assert main(["review", str(folder), "--json", str(out), "--jobs", "1", "--no-cache"]) == 0
    std = capsys.readouterr()
    assert std.out.startswith("已审核 1 个文件，可读取 1 个。")
    assert "跳过了 2 个以前的审核报告（旧.json、旧.xlsx），它们不是动态管理表。" in std.err
    assert "无法读取" not in std.err

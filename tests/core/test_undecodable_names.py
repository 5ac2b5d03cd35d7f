"""A file name that is not valid UTF-8 (a folder unzipped from a GBK archive on Linux, where Python
shows each bad byte as a lone surrogate such as \\udcff) used to crash whatever wrote it into JSON:
the 批量审核 JSON report, the review file of 动态调整意见 and the autosave snapshot's record. Each now
writes valid JSON that reads back as the very same name."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from greendesk import storage

NAME = "\udcff\udcfe审核.json"  # the bytes FF FE then 审核.json, as os.fsdecode shows them


def test_json_bytes_writes_a_lone_surrogate_as_its_escape():
    data = storage.json_bytes({"file": NAME, "单位": "甲"})
    assert data == '{"file": "\\udcff\\udcfe审核.json", "单位": "甲"}'.encode()
    assert json.loads(data) == {"file": NAME, "单位": "甲"}
    assert storage.json_bytes({"a": 1}, indent=1) == b'{\n "a": 1\n}'


def test_the_review_json_report_keeps_such_a_name():
    from greendesk.review.report_json import render_json
    from greendesk.review.unit import UnitResult

    u = UnitResult(file=f"/城区/{NAME}", readable=False, reason=f"「{NAME}」无法读取。",
                   flags=["unreadable"], details={"unreadable": f"「{NAME}」无法读取。"})
    doc = json.loads(render_json([u], unchecked_scans=[(f"/城区/{NAME}.pdf", "未核对。")]))
    assert doc["units"][0]["file"] == f"/城区/{NAME}"
    assert doc["units"][0]["details"]["unreadable"] == f"「{NAME}」无法读取。"
    assert doc["scans_unchecked"] == [{"file": f"/城区/{NAME}.pdf", "reason": "未核对。"}]


def test_an_opinion_on_such_a_file_is_saved_and_read_back(tmp_path):
    from greendesk.review import opinions
    from greendesk.review.unit import UnitResult

    u = UnitResult(file=str(tmp_path / NAME), uscc="91440101MA59TEST1X", name="甲示范厂")
    ops = opinions.Opinions()
    ops.set(u, "整改", "补充材料")
    path = tmp_path / "批量审核意见.review.json"
    opinions.save(path, ops)
    back = opinions.load(path)
    assert back.get(u).file == str(tmp_path / NAME) and back.get(u).text == "整改：补充材料"


def test_an_autosave_of_a_draft_with_such_a_path_is_kept(tmp_path):
    store = storage.SnapshotStore(tmp_path / "auto")
    info = store.write("doc1", b'{"ok": true}', source_path=tmp_path / NAME)
    assert info is not None and info.source_path == tmp_path / NAME
    assert [s.source_path for s in store.list("doc1")] == [tmp_path / NAME]


def test_a_review_of_a_folder_with_such_a_file_writes_its_reports(tmp_path, capsys):
    from greendesk.cli import main
    from tests.core.review.conftest import write_variant

    folder = tmp_path / "城区"
    folder.mkdir()
    try:
        raw = os.path.join(os.fsencode(folder), b"\xff\xfe.json")
        with open(raw, "wb") as fh:
            fh.write(b"{")
    except (OSError, UnicodeError):
        pytest.skip("this file system stores only valid names")
    write_variant(folder / "a.json")
    report = tmp_path / "报告.json"
    assert main(["review", str(folder), "--json", str(report), "-o", str(tmp_path / "报告.xlsx"),
                 "--jobs", "1", "--no-cache"]) == 0
    doc = json.loads(report.read_text(encoding="utf-8"))
    bad = next(u for u in doc["units"] if not u["readable"])
    assert Path(bad["file"]).name == "\udcff\udcfe.json"
    assert (tmp_path / "报告.xlsx").stat().st_size > 0

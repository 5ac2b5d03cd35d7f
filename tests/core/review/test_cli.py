"""greendesk-cli review: exit 0 when the review ran, 2 when nothing was read or nothing written."""

from __future__ import annotations

import json

from greendesk.cli import main


def test_review_writes_both_reports_and_exits_0_whatever_it_found(tmp_path, variant, capsys):
    def errors(d):
        del d.fields["factory_name"]

    variant("ok.json", folder=tmp_path / "in")
    variant("bad.json", errors, folder=tmp_path / "in")
    (tmp_path / "in" / "junk.json").write_text("{", encoding="utf-8")
    code = main(["review", str(tmp_path / "in"), "-o", str(tmp_path / "r.xlsx"),
                 "--json", str(tmp_path / "r.json")])
    assert code == 0
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    units = {u["file"].rsplit("/", 1)[-1]: u for u in doc["units"]}
    assert set(units) == {"ok.json", "bad.json", "junk.json"}
    for u in units.values():
        assert {"file", "readable", "form", "name", "uscc", "errors", "warnings", "flags"} <= set(u)
    assert units["bad.json"]["flags"] == ["has_errors", "duplicate_uscc"]
    assert units["junk.json"]["flags"] == ["unreadable"] and units["junk.json"]["reason"]
    assert doc["summary"]["files"] == 3 and doc["summary"]["unreadable"] == 1
    assert doc["summary"]["by_flag"]["has_errors"] == 1
    assert (tmp_path / "r.xlsx").stat().st_size > 0
    assert "已审核 3 个文件，可读取 2 个" in capsys.readouterr().out


def test_nothing_readable_exits_2(tmp_path):
    (tmp_path / "junk.json").write_text("nope", encoding="utf-8")
    assert main(["review", str(tmp_path), "--json", str(tmp_path / "r.json")]) == 2
    assert main(["review", str(tmp_path / "none"), "--json", str(tmp_path / "r2.json")]) == 2


def test_a_report_that_cannot_be_written_exits_2(tmp_path, variant, capsys):
    variant("ok.json")
    assert main(["review", str(tmp_path), "-o", str(tmp_path / "no" / "r.xlsx")]) == 2
    assert "无法保存" in capsys.readouterr().err
    (tmp_path / "dir.xlsx").mkdir()
    assert main(["review", str(tmp_path / "ok.json"), "-o", str(tmp_path / "dir.xlsx")]) == 2


def test_the_report_is_never_read_as_an_input(tmp_path, variant):
    variant("ok.json")
    for _ in range(2):
        assert main(["review", str(tmp_path), "-o", str(tmp_path / "r.xlsx"),
                     "--json", str(tmp_path / "r.json")]) == 0
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [u["file"].rsplit("/", 1)[-1] for u in doc["units"]] == ["ok.json"]


def test_no_cache_reviews_every_file_again(tmp_path, variant, monkeypatch):
    from greendesk.review import cache, runner, unit

    monkeypatch.setattr(runner, "CACHE_FROM", 1)
    variant("ok.json", folder=tmp_path / "in")
    reviewed: list[str] = []
    real = unit.review_file
    monkeypatch.setattr(unit, "review_file", lambda p, data=None: reviewed.append(p.name) or real(p, data))
    args = ["review", str(tmp_path / "in"), "--json", str(tmp_path / "r.json"), "--no-scans"]
    assert main(args) == 0 and main(args) == 0
    assert reviewed == ["ok.json"] and cache.path().is_file()  # the second run used the cache
    assert main([*args, "--no-cache"]) == 0
    assert reviewed == ["ok.json", "ok.json"]


def test_only_the_reports_written_are_announced(tmp_path, variant, capsys):
    """With --opinions and one report, the review file (read, not written) is not called a report."""
    from greendesk.cli import main

    variant("a.json", folder=tmp_path / "in")
    out = tmp_path / "报告.json"
    ops = tmp_path / "意见.review.json"
    assert main(["review", str(tmp_path / "in"), "--json", str(out), "--opinions", str(ops), "--jobs", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [x for x in lines if x.startswith("审核报告：")] == [f"审核报告：{out}"]

"""An opinion (动态调整意见) is written on one file; it follows that file when the reviewer moves it,
and never appears on another file of the same unit: last year's table, or a copy of the same
year reviewed beside it. Expected opinions written literally."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from greendesk.cli import main
from greendesk.review import opinions
from greendesk.review.unit import UnitResult
from tests.conftest import SAMPLES

USCC = "9144011206Q8L2D5X8"  # the shipped samples' 广东绿源示范电缆有限公司


def _opinion_per_file(report: Path) -> dict[str, str | None]:
    doc = json.loads(report.read_text(encoding="utf-8"))
    return {Path(u["file"]).relative_to(report.parent).as_posix(): (u["opinion"] or {}).get("decision")
            for u in doc["units"]}


def _review(tmp_path: Path, folder: Path, review_file: Path) -> dict[str, str | None]:
    report = tmp_path / "报告.json"
    assert main(["review", str(folder), "--json", str(report), "--no-cache", "--jobs", "1",
                 "--opinions", str(review_file)]) == 0
    return _opinion_per_file(report)


def _one_unit_two_years(folder: Path) -> None:
    folder.mkdir(parents=True)
    shutil.copyfile(SAMPLES / "green-factory-2024.json", folder / "gf2024.json")
    shutil.copyfile(SAMPLES / "green-factory-2025.json", folder / "gf2025.json")


def _opinion_on(path: Path, review_file: Path, decision: str, year: int) -> None:
    ops = opinions.Opinions()
    ops.set(UnitResult(file=str(path), uscc=USCC, report_year=year, fingerprint="ab" * 32), decision, "连续停产")
    opinions.save(review_file, ops)


def test_the_2025_tables_opinion_is_not_shown_on_the_2024_table(tmp_path, capsys):
    folder = tmp_path / "城区"
    _one_unit_two_years(folder)
    review_file = tmp_path / "意见.review.json"
    _opinion_on(folder / "gf2025.json", review_file, "移出", 2025)
    assert _review(tmp_path, folder, review_file) == {"城区/gf2024.json": None, "城区/gf2025.json": "移出"}


def test_a_moved_file_keeps_its_opinion_and_only_that_file(tmp_path, capsys):
    old = tmp_path / "旧"
    _one_unit_two_years(old)
    review_file = tmp_path / "意见.review.json"
    _opinion_on(old / "gf2025.json", review_file, "整改", 2025)
    new = tmp_path / "新"
    shutil.move(old, new)  # the reviewer re-organises the folders
    assert _review(tmp_path, new, review_file) == {"新/gf2024.json": None, "新/gf2025.json": "整改"}


def test_a_copy_of_the_same_year_beside_the_file_does_not_take_its_opinion(tmp_path, capsys):
    folder = tmp_path / "城区"
    _one_unit_two_years(folder)
    shutil.copyfile(folder / "gf2025.json", folder / "gf2025-副本.json")
    review_file = tmp_path / "意见.review.json"
    _opinion_on(folder / "gf2025.json", review_file, "保留", 2025)
    assert _review(tmp_path, folder, review_file) == {
        "城区/gf2024.json": None, "城区/gf2025-副本.json": None, "城区/gf2025.json": "保留"}
    # the copy reviewed alone (its original still there, but not under review): it takes the opinion
    alone = tmp_path / "只审副本"
    alone.mkdir()
    shutil.copyfile(folder / "gf2025.json", alone / "gf2025.json")
    assert _review(tmp_path, alone, review_file) == {"只审副本/gf2025.json": "保留"}


def test_an_opinion_from_a_review_file_without_years_follows_only_the_same_content(tmp_path):
    """A review file written before the year was kept: a moved file is recognised by its content."""
    review_file = tmp_path / "旧版.review.json"
    review_file.write_text(json.dumps({"app": "GreenDesk", "kind": "review", "format_version": 1, "opinions": [
        {"file": str(tmp_path / "已移走" / "a.json"), "uscc": USCC, "name": "甲", "fingerprint": "ab" * 32,
         "decision": "移出", "note": "", "time": "2026-11-30T08:00:00Z"}]}), encoding="utf-8")
    ops = opinions.load(review_file)
    same = UnitResult(file=str(tmp_path / "新" / "a.json"), uscc=USCC, report_year=2025, fingerprint="ab" * 32)
    changed = UnitResult(file=str(tmp_path / "新" / "b.json"), uscc=USCC, report_year=2024, fingerprint="cd" * 32)
    assert ops.get(same).text == "移出"
    assert ops.get(changed) is None
    ops.set(same, "保留")
    saved = json.loads(ops.dumps())["opinions"]
    assert [(o["decision"], o["report_year"]) for o in saved] == [("移出", None), ("保留", 2025)]


def test_an_opinion_stays_with_its_file_while_that_file_is_under_review(tmp_path):
    present = tmp_path / "a.json"
    present.write_text("{}", encoding="utf-8")
    ops = opinions.Opinions()
    ops.set(UnitResult(file=str(present), uscc=USCC, report_year=2025), "整改")
    elsewhere = UnitResult(file=str(tmp_path / "新" / "a.json"), uscc=USCC, report_year=2025)
    assert ops.get(elsewhere) is None  # the file is still there: no list of reviewed files given
    assert ops.get(elsewhere, opinions.reviewed_files([elsewhere])).text == "整改"  # not under review
    both = opinions.reviewed_files([elsewhere, UnitResult(file=str(present))])
    assert ops.get(elsewhere, both) is None


def test_a_moved_file_under_review_twice_shows_its_opinion_on_neither_copy(tmp_path):
    """QA: 甲.json moved away and reviewed as a.json and b.json: the one opinion showed on both."""
    old = tmp_path / "旧"
    _one_unit_two_years(old)
    review_file = tmp_path / "意见.review.json"
    _opinion_on(old / "gf2025.json", review_file, "保留", 2025)
    new = tmp_path / "新"
    new.mkdir()
    shutil.copyfile(old / "gf2025.json", new / "a.json")
    shutil.copyfile(old / "gf2025.json", new / "b.json")
    shutil.rmtree(old)
    assert _review(tmp_path, new, review_file) == {"新/a.json": None, "新/b.json": None}

"""Many files: discovery, cross-file flags, both cores, and inputs left untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

from greendesk.review.runner import discover, review_files, run_review
from tests.conftest import SAMPLES


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_folders_are_searched_recursively_skipping_backups_locks_and_the_report(tmp_path, variant):
    variant("a.json", folder=tmp_path / "城区")
    variant("b.json", folder=tmp_path / "城区" / "二级")
    variant("b.20261201-101010-000000.json", folder=tmp_path / "城区" / "二级" / ".greendesk-backup")
    (tmp_path / "城区" / "~$c.xlsx").write_bytes(b"lock")
    (tmp_path / "城区" / "审核.review.json").write_text("{}", encoding="utf-8")
    (tmp_path / "城区" / "b.pdf").write_bytes(b"%PDF")
    report = tmp_path / "城区" / "report.xlsx"
    report.write_bytes(b"old report")
    found = discover([tmp_path], exclude=[report])
    assert [p.name for p in found.units] == ["a.json", "b.json"]
    assert list(found.scans.values()) == [[tmp_path / "城区" / "b.pdf"]]


def test_same_code_in_two_files_of_one_year_is_a_duplicate(tmp_path, variant):
    variant("a.json")
    variant("b.json")
    (tmp_path / "last-year.json").write_bytes((SAMPLES / "green-factory-2024.json").read_bytes())
    units = {Path(u.file).name: u for u in run_review([tmp_path]).units}
    assert "duplicate_uscc" in units["a.json"].flags
    assert units["a.json"].details["duplicate_uscc"] == "与 b.json 相同"
    assert "duplicate_uscc" not in units["last-year.json"].flags  # 2024's table of the same unit


def test_a_bad_file_never_stops_the_run_and_no_input_is_written(tmp_path, variant):
    variant("good.json")
    (tmp_path / "cut.json").write_bytes(b'{"format_version": 2, "app": "GreenDesk", "form"')
    (tmp_path / "foreign.xlsx").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "zz.json").write_bytes((SAMPLES / "green-factory-2025.json").read_bytes())
    before = _hashes(tmp_path)
    review = run_review([tmp_path, tmp_path / "missing"])
    assert _hashes(tmp_path) == before
    by_name = {Path(u.file).name: u for u in review.units}
    assert [by_name[n].readable for n in ("cut.json", "foreign.xlsx", "good.json", "zz.json")] == [
        False, False, True, True]
    assert by_name["missing"].flags == ["unreadable"] and "找不到" in by_name["missing"].reason


def test_both_cores_give_the_same_results_in_the_same_order(tmp_path, variant):
    variant("seed.json")
    data = (tmp_path / "seed.json").read_bytes()
    paths = []
    for i in range(60):  # over runner.PARALLEL_FROM: a process pool is used
        p = tmp_path / f"u{i:02d}.json"
        p.write_bytes(data if i % 7 else b"{broken")
        paths.append(p)
    serial = [u.to_json() for u in review_files(paths, workers=1)]
    parallel = [u.to_json() for u in review_files(paths, workers=2)]
    assert parallel == serial
    assert [u["readable"] for u in serial].count(False) == 9

"""动态调整意见: kept in a review file, saved atomically with backups, found again after a move."""

from __future__ import annotations

import pytest

from greendesk.review import opinions
from greendesk.review.unit import UnitResult


def test_opinions_round_trip_and_follow_a_moved_file_by_its_code(tmp_path):
    unit = UnitResult(file=str(tmp_path / "a.json"), uscc="91440101MA59TEST1X", name="甲厂", report_year=2025)
    ops = opinions.Opinions()
    ops.set(unit, "移出", " 连续停产12个月以上 ")
    path = tmp_path / "城区.review.json"
    opinions.save(path, ops)
    again = opinions.load(path)
    op = again.get(unit)
    assert (op.decision, op.note, op.text) == ("移出", "连续停产12个月以上", "移出：连续停产12个月以上")
    moved = UnitResult(file=str(tmp_path / "new" / "a.json"), uscc="91440101MA59TEST1X", report_year=2025)
    assert again.get(moved).decision == "移出"
    ops.set(unit, "保留")
    opinions.save(path, ops)
    assert opinions.load(path).get(unit).text == "保留"
    assert list((tmp_path / ".greendesk-backup").iterdir())  # the previous version kept


def test_a_missing_review_file_is_empty_and_a_damaged_one_is_refused(tmp_path):
    assert len(opinions.load(tmp_path / "none.review.json")) == 0
    bad = tmp_path / "bad.review.json"
    bad.write_text('{"app": "GreenDesk", "kind": "review", "opinions": [{"decision": "删除"}]}',
                   encoding="utf-8")
    with pytest.raises(opinions.ReviewFileError, match="不是 GreenDesk 批量审核意见文件"):
        opinions.load(bad)


def test_only_the_three_decisions_of_the_notice_are_accepted():
    unit = UnitResult(file="a.json")
    with pytest.raises(ValueError):
        opinions.Opinions().set(unit, "通过")


def _unit(tmp_path, name: str, uscc: str) -> UnitResult:
    return UnitResult(file=str(tmp_path / f"{name}.json"), uscc=uscc, name=name)


def test_two_reviewers_saving_into_one_file_keep_each_others_opinions(tmp_path):
    """Reviewer A and B load the (empty) review file, then each saves an opinion on a different
    unit: the file ends with both, and B is told one change by someone else was kept."""
    path = tmp_path / "批量审核意见.review.json"
    a_unit, b_unit = _unit(tmp_path, "甲", "91440101MA59TEST1X"), _unit(tmp_path, "乙", "91440101MA59TEST2Y")
    seen_a, seen_b = opinions.load(path), opinions.load(path)
    first = opinions.update(path, a_unit, "整改", "补充材料", seen_a)
    assert (first.others, first.warnings) == (0, [])
    second = opinions.update(path, b_unit, "保留", "", seen_b)
    assert (second.others, second.warnings) == (1, [])
    on_disk = opinions.load(path)
    assert (on_disk.get(a_unit).text, on_disk.get(b_unit).text) == ("整改：补充材料", "保留")
    assert second.opinions.get(a_unit).text == "整改：补充材料"
    assert not (tmp_path / "批量审核意见.review.json.lock").exists()


def test_a_unit_changed_by_someone_else_is_said_and_the_new_save_wins(tmp_path):
    path = tmp_path / "批量审核意见.review.json"
    unit = _unit(tmp_path, "甲", "91440101MA59TEST1X")
    seen_a, seen_b = opinions.load(path), opinions.load(path)
    opinions.update(path, unit, "移出", "连续停产", seen_b)
    merged = opinions.update(path, unit, "整改", "补充材料", seen_a)
    assert merged.warnings == ["「甲」的意见已由其他窗口或审核人改为「移出：连续停产」，现以本次填写的为准。"]
    assert merged.others == 0 and opinions.load(path).get(unit).text == "整改：补充材料"


def test_an_opinion_cleared_by_someone_else_stays_cleared(tmp_path):
    path = tmp_path / "批量审核意见.review.json"
    a_unit, b_unit = _unit(tmp_path, "甲", "91440101MA59TEST1X"), _unit(tmp_path, "乙", "91440101MA59TEST2Y")
    opinions.update(path, a_unit, "整改", "", opinions.load(path))
    seen_a, seen_b = opinions.load(path), opinions.load(path)
    opinions.update(path, a_unit, "", "", seen_b)  # B clears 甲's opinion
    merged = opinions.update(path, b_unit, "保留", "", seen_a)  # A, who still sees it, saves 乙's
    assert merged.others == 1
    assert opinions.load(path).get(a_unit) is None and opinions.load(path).get(b_unit).text == "保留"


def test_a_damaged_review_file_is_replaced_by_what_the_window_holds_and_kept_in_backup(tmp_path):
    path = tmp_path / "批量审核意见.review.json"
    a_unit, b_unit = _unit(tmp_path, "甲", "91440101MA59TEST1X"), _unit(tmp_path, "乙", "91440101MA59TEST2Y")
    opinions.update(path, a_unit, "整改", "", opinions.load(path))
    seen = opinions.load(path)
    path.write_bytes(b'{"app": "GreenDesk", "kind": "rev')  # cut off by someone else's crash
    merged = opinions.update(path, b_unit, "保留", "", seen)
    assert merged.warnings == ["「批量审核意见.review.json」不是 GreenDesk 批量审核意见文件，或已损坏；"
                               "已按本窗口中的意见重新保存（原文件保留在备份中）。"]
    back = opinions.load(path)
    assert (back.get(a_unit).text, back.get(b_unit).text) == ("整改", "保留")
    kept = [p.read_bytes() for p in (tmp_path / ".greendesk-backup").iterdir()]
    assert b'{"app": "GreenDesk", "kind": "rev' in kept


def test_a_stale_lock_of_a_crashed_holder_is_taken_over(tmp_path):
    import os
    import time

    from greendesk import storage

    path = tmp_path / "批量审核意见.review.json"
    lock = tmp_path / "批量审核意见.review.json.lock"
    lock.write_bytes(b"")
    old = time.time() - 60
    os.utime(lock, (old, old))
    with storage.short_lock(path, wait=0.2) as held:
        assert held and lock.exists()
    assert not lock.exists()
    lock.write_bytes(b"")  # a live holder: waited for, then the work goes ahead without it
    with storage.short_lock(path, wait=0.1) as held:
        assert not held
    assert lock.exists()

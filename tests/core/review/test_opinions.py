"""动态调整意见: kept in a review file, saved atomically with backups, found again after a move."""

from __future__ import annotations

import pytest

from greendesk.review import opinions
from greendesk.review.unit import UnitResult


def test_opinions_round_trip_and_follow_a_moved_file_by_its_code(tmp_path):
    unit = UnitResult(file=str(tmp_path / "a.json"), uscc="91440101MA59TEST1X", name="甲厂")
    ops = opinions.Opinions()
    ops.set(unit, "移出", " 连续停产12个月以上 ")
    path = tmp_path / "城区.review.json"
    opinions.save(path, ops)
    again = opinions.load(path)
    op = again.get(unit)
    assert (op.decision, op.note, op.text) == ("移出", "连续停产12个月以上", "移出：连续停产12个月以上")
    moved = UnitResult(file=str(tmp_path / "new" / "a.json"), uscc="91440101MA59TEST1X")
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

"""已上报 / 取消上报: status commands that log and undo, and the reminder of 手册常见问题3 when the
content changes after the table was reported."""

from __future__ import annotations

import pytest

from greendesk.draft import STATE_LABELS, short_fingerprint
from greendesk.session import EditSession, StateError


def _verified(session):
    session.verify()
    assert session.draft.state == "verified"
    return session


def test_labels_as_the_platform_words_them():
    assert STATE_LABELS["reported"] == "已上报"
    assert STATE_LABELS["withdrawn"] == "已取消上报"


def test_only_a_verified_table_can_be_reported(def2025, sample2025):
    s = EditSession(def2025, sample2025)
    s.apply([("f:factory_name", "")])  # an error: the table drops to 草稿
    assert s.draft.state == "draft"
    with pytest.raises(StateError, match="暂存状态的申报不允许上报"):
        s.mark_reported()


def test_report_logs_the_fingerprint_and_undoes(session2025):
    s = _verified(session2025)
    fp = short_fingerprint(s.draft.fingerprint())
    s.mark_reported()
    assert s.draft.state == "reported"
    last = s.draft.log[-1]
    assert (last.cell, last.old, last.new) == ("state", "verified", "reported")
    assert fp in last.reason
    assert s.reported_fingerprint() == fp and not s.changed_since_report
    s.undo()
    assert s.draft.state == "verified"
    assert s.draft.log[-1].new == "verified" and s.draft.log[-1].source == "undo"
    assert s.reported_fingerprint() is None
    s.redo()
    assert s.draft.state == "reported" and s.reported_fingerprint() == fp


def test_edit_after_report_asks_for_a_new_pdf_and_undo_clears_it(session2025):
    s = _verified(session2025)
    s.mark_reported()
    s.apply([("t:E0:2024", "98800")])
    assert s.draft.state == "reported"  # what is on the platform is still the reported one
    assert s.changed_since_report
    s.undo()
    assert not s.changed_since_report


def test_cancel_report_keeps_content_and_the_reminder(session2025):
    s = _verified(session2025)
    before = s.draft.fingerprint()
    s.mark_reported()
    s.cancel_report()
    assert s.draft.state == "withdrawn"
    assert s.draft.fingerprint() == before  # 取消上报不会清空已经填写的申报内容
    assert not s.changed_since_report
    s.apply([("t:E0:2024", "98800")])
    assert s.changed_since_report
    s.undo()  # the edit
    s.undo()  # the cancel
    assert s.draft.state == "reported" and not s.changed_since_report


def test_report_again_after_revising(session2025):
    s = _verified(session2025)
    s.mark_reported()
    s.cancel_report()
    s.apply([("t:E0:2024", "98800")])
    s.mark_reported()  # re-reported with the revised content
    assert s.draft.state == "reported" and not s.changed_since_report
    s.undo()
    assert s.draft.state == "withdrawn" and s.changed_since_report


def test_cancel_needs_a_reported_table(session2025):
    with pytest.raises(StateError, match="尚未标记为已上报"):
        session2025.cancel_report()


def test_reported_draft_saves_and_loads(tmp_path, session2025):
    from greendesk.document import open_draft, save_draft

    s = _verified(session2025)
    s.mark_reported()
    path = tmp_path / "r.json"
    save_draft(path, s.draft)
    opened = open_draft(path)
    again = EditSession(opened.definition, opened.draft)
    assert again.draft.state == "reported"
    assert again.reported_fingerprint() == s.reported_fingerprint()

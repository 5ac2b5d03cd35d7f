"""Every edit is a command that logs and undoes: what undo and redo hand back to the window, what
they log, the reason a 定稿 table asks for (edit, undo and redo alike), the state transitions of
验证 / 定稿 and what they log, the revision counter autosave reads, and the undo limit."""

from __future__ import annotations

import pytest

from greendesk.draft import new_draft
from greendesk.session import Change, EditSession, ReasonRequired, StateError


@pytest.fixture
def blank(def2025):
    return EditSession(def2025, new_draft(def2025))


@pytest.fixture
def final(session2025):
    """The sample table, verified and 定稿 (a valid table)."""
    session2025.verify()
    session2025.finalize()
    return session2025


def _events(session):
    seen = []
    session.subscribe(seen.append)
    return seen


# ---- undo / redo hand back what changed, under their own label

def test_undo_and_redo_results_and_log(blank):
    seen = _events(blank)
    blank.apply([("t:E0:2023", "100"), ("t:E0:2024", "200")], label="粘贴")
    undone = blank.undo()
    assert undone.changes == [Change("t:E0:2024", "200", None), Change("t:E0:2023", "100", None)]
    assert undone.label == "撤销粘贴" and undone.state_changed is False
    assert blank.get("t:E0:2023") is None and blank.get("t:E0:2024") is None
    redone = blank.redo()
    assert redone.changes == [Change("t:E0:2023", None, "100"), Change("t:E0:2024", None, "200")]
    assert redone.label == "重做粘贴" and redone.state_changed is False
    assert blank.get("t:E0:2024") == "200"
    assert [(r.label, len(r.changes)) for r in seen] == [("粘贴", 2), ("撤销粘贴", 2), ("重做粘贴", 2)]
    assert [(e.cell, e.old, e.new, e.source) for e in blank.draft.log] == [
        ("t:E0:2023", None, "100", "typed"), ("t:E0:2024", None, "200", "typed"),
        ("t:E0:2024", "200", None, "undo"), ("t:E0:2023", "100", None, "undo"),
        ("t:E0:2023", None, "100", "redo"), ("t:E0:2024", None, "200", "redo"),
    ]
    # after redo the step can be undone again
    assert blank.can_undo and not blank.can_redo
    blank.undo()
    assert blank.get("t:E0:2023") is None


def test_nothing_to_undo_or_redo(blank):
    seen = _events(blank)
    undone, redone = blank.undo(), blank.redo()
    assert (undone.label, undone.changes, undone.state_changed) == ("撤销", [], False)
    assert (redone.label, redone.changes, redone.state_changed) == ("重做", [], False)
    assert seen == [] and blank.draft.log == [] and blank.revision == 0


def test_a_new_edit_clears_redo(blank):
    blank.set("f:factory_name", "甲")
    blank.undo()
    assert blank.can_redo
    blank.set("f:factory_name", "乙")
    assert not blank.can_redo
    assert blank.redo().changes == []
    assert blank.get("f:factory_name") == "乙"


@pytest.mark.parametrize(("limit", "edits", "undoable"), [(3, 5, 3), (3, 3, 3), (1, 2, 1), (500, 4, 4)])
def test_undo_limit_keeps_the_newest_steps(def2025, limit, edits, undoable):
    s = EditSession(def2025, new_draft(def2025), undo_limit=limit)
    for i in range(1, edits + 1):
        s.set("t:E0:2024", str(i))
    count = 0
    while s.can_undo:
        s.undo()
        count += 1
    assert count == undoable
    assert s.get("t:E0:2024") == (None if undoable == edits else str(edits - undoable))


def test_default_undo_limit_is_500(def2025):
    s = EditSession(def2025, new_draft(def2025))
    for i in range(1, 502):
        s.set("f:factory_name", f"名{i}")
    count = 0
    while s.can_undo:
        s.undo()
        count += 1
    assert count == 500 and s.get("f:factory_name") == "名1"


def test_undo_limit_also_counts_status_steps(def2025, sample2025):
    s = EditSession(def2025, sample2025, undo_limit=2)
    s.verify()
    s.set("f:factory_name", "甲")
    s.mark_reported()
    s.cancel_report()
    s.undo()
    s.undo()
    assert not s.can_undo and s.draft.state == "verified"


# ---- 定稿: every change (edit, undo, redo) needs a reason, which is logged

def test_final_table_undo_and_redo_need_a_reason(final):
    assert ReasonRequired.message == "该表已定稿，修改需要填写修改原因。"
    before = final.get("t:E0:2024")
    final.set("t:E0:2024", "99000", reason="统计局更正")  # → 已通过验证
    final.verify()
    final.finalize()
    with pytest.raises(ReasonRequired):
        final.undo()
    with pytest.raises(ReasonRequired):
        final.undo("   ")
    assert final.draft.state == "final" and final.get("t:E0:2024") == "99000"
    result = final.undo("恢复原值")
    assert result.state_changed is True and final.draft.state == "verified"
    entry = final.cell_history("t:E0:2024")[-1]
    assert (entry.source, entry.old, entry.new, entry.reason) == ("undo", "99000", before, "恢复原值")
    state = [e for e in final.draft.log if e.cell == "state"][-1]
    assert (state.old, state.new, state.source, state.reason) == ("final", "verified", "system", "恢复原值")
    final.finalize()
    with pytest.raises(ReasonRequired):
        final.redo()
    assert final.get("t:E0:2024") == before
    final.redo("再次更正")
    last = final.cell_history("t:E0:2024")[-1]
    assert (last.source, last.new, last.reason) == ("redo", "99000", "再次更正")


def test_not_final_needs_no_reason_and_logs_the_one_given(blank):
    blank.set("f:factory_name", "甲")
    blank.undo("顺手撤销")
    blank.redo("顺手重做")
    assert [(e.source, e.reason) for e in blank.draft.log] == [
        ("typed", ""), ("undo", "顺手撤销"), ("redo", "顺手重做")]


@pytest.mark.parametrize("call", ["undo", "redo"])
def test_reason_too_long_is_refused_on_undo_and_redo(blank, call):
    from greendesk.cells import CellError

    blank.set("f:factory_name", "甲")
    if call == "redo":
        blank.undo()
    with pytest.raises(CellError, match="修改原因最多 500 个字符，现有 501 个"):
        getattr(blank, call)("因" * 501)
    assert blank.get("f:factory_name") == ("甲" if call == "undo" else None)


# ---- 验证 and 定稿: state, log, event, revision

def test_verify_a_valid_draft(session2025):
    session2025.draft.state = "draft"
    seen = _events(session2025)
    rev = session2025.revision
    session2025.verify()
    assert session2025.draft.state == "verified"
    entry = session2025.draft.log[-1]
    assert (entry.cell, entry.old, entry.new, entry.source, entry.reason) == (
        "state", "draft", "verified", "system", "")
    assert entry.time is not None
    assert session2025.revision == rev + 1 and session2025.dirty
    assert [(r.label, r.state_changed, r.changes) for r in seen] == [("验证", True, [])]
    # verifying again changes nothing: no log line, no event, same revision
    log = len(session2025.draft.log)
    session2025.verify()
    assert len(seen) == 1 and session2025.revision == rev + 1 and len(session2025.draft.log) == log


def test_verify_keeps_final_and_reported(final):
    log = len(final.draft.log)
    final.verify()
    assert final.draft.state == "final" and len(final.draft.log) == log


def test_verify_with_errors_drops_to_draft(final):
    final.draft.state = "verified"
    final.draft.fields["factory_name"] = ""
    final._invalidate()  # noqa: SLF001 - the sample edited behind the session's back
    seen = _events(final)
    report = final.verify()
    assert not report.ok and final.draft.state == "draft"
    entry = final.draft.log[-1]
    assert (entry.cell, entry.old, entry.new, entry.source) == ("state", "verified", "draft", "system")
    assert [(r.label, r.state_changed) for r in seen] == [("验证", True)]


def test_finalize_logs_emits_and_bumps_revision(session2025):
    session2025.verify()
    seen = _events(session2025)
    rev = session2025.revision
    session2025.finalize()
    entry = session2025.draft.log[-1]
    assert (entry.cell, entry.old, entry.new, entry.source) == ("state", "verified", "final", "system")
    assert session2025.revision == rev + 1
    assert [(r.label, r.state_changed, r.changes) for r in seen] == [("定稿", True, [])]


@pytest.mark.parametrize("state", ["draft", "verified"])
def test_finalize_refused_unless_verified_without_errors(blank, state):
    blank.draft.state = state  # a blank table has errors
    with pytest.raises(StateError) as caught:
        blank.finalize()
    assert caught.value.message == "只有已通过验证（没有错误）的表才能定稿，请先“验证并保存”。"
    assert blank.draft.state == state and blank.draft.log == []


def test_finalize_refused_from_draft_even_without_errors(session2025):
    session2025.draft.state = "draft"
    assert session2025.report.ok and session2025.draft.state == "draft"
    with pytest.raises(StateError):
        session2025.finalize()


# ---- the revision autosave compares: +1 per change, undo and redo included

def test_revision_counts_every_change(blank):
    assert blank.revision == 0 and not blank.dirty
    blank.set("f:factory_name", "甲")
    assert blank.revision == 1
    blank.apply([("t:E0:2023", "1"), ("t:E0:2024", "2")])
    assert blank.revision == 2
    blank.undo()
    assert blank.revision == 3
    blank.redo()
    assert blank.revision == 4
    blank.mark_saved()
    assert not blank.dirty
    blank.set("f:factory_name", "甲")  # unchanged: nothing happens
    assert blank.revision == 4 and not blank.dirty


# ---- 已上报 / 取消上报 undo and redo as commands

def test_report_undo_redo_restore_state_and_reason(session2025):
    session2025.verify()
    session2025.mark_reported()
    reported = session2025.draft.log[-1]
    assert reported.reason.startswith("上报时内容指纹 ")
    seen = _events(session2025)
    undone = session2025.undo()
    assert (undone.label, undone.state_changed) == ("撤销已上报", True)
    entry = session2025.draft.log[-1]
    assert (entry.cell, entry.old, entry.new, entry.source, entry.reason) == (
        "state", "reported", "verified", "undo", "")
    assert session2025.draft.state == "verified"
    redone = session2025.redo()
    assert (redone.label, redone.state_changed) == ("重做已上报", True)
    entry = session2025.draft.log[-1]
    assert (entry.cell, entry.old, entry.new, entry.source, entry.reason) == (
        "state", "verified", "reported", "redo", reported.reason)
    assert session2025.reported_fingerprint() == reported.reason.split()[-1]
    assert [r.label for r in seen] == ["撤销已上报", "重做已上报"]
    # 取消上报 undone brings back the report's fingerprint as the state's reason
    session2025.cancel_report()
    session2025.undo()
    assert session2025.draft.state == "reported"
    assert session2025.draft.log[-1].reason == reported.reason
    assert session2025.reported_fingerprint() == reported.reason.split()[-1]


def test_state_error_carries_its_message():
    assert StateError("某原因").message == "某原因"


# ---- apply: labels, sources, what cleaning changed, pre-normalised edits

def test_set_is_one_step_labelled_edit_with_typed_source(blank):
    result = blank.set("f:factory_name", "甲厂")
    assert (result.label, result.state_changed) == ("编辑", False)
    assert blank.undo().label == "撤销编辑"
    e = blank.draft.log[0]
    assert (e.source, e.reason) == ("typed", "")
    blank.set("f:factory_name", "乙厂", source="imported")
    assert blank.draft.log[-1].source == "imported"
    assert blank.apply([("f:factory_name", "丙厂")]).label == "编辑"
    assert blank.draft.log[-1].source == "typed"


def test_what_cleaning_changed_is_said_once_per_cell(blank):
    result = blank.set("f:factory_name", "甲\u200b厂\x07")
    assert blank.get("f:factory_name") == "甲厂"
    assert result.notes == ["「工厂名称」已删除 1 个控制字符（U+0007），已删除 1 个不可见字符（U+200B）"]
    assert result.label == "编辑"
    # the same text again: nothing changes, but what cleaning did is still said
    again = blank.set("f:factory_name", "甲厂\x07")
    assert again.changes == [] and again.label == "编辑"
    assert again.notes == ["「工厂名称」已删除 1 个控制字符（U+0007）"]
    assert blank.apply([("f:factory_name", "甲厂")], label="粘贴").label == "粘贴"
    assert blank.set("t:E0:2024", "１２３").notes == []


def test_normalized_edits_are_stored_as_given(blank):
    result = blank.apply([("f:factory_name", " 甲厂 "), ("t:E0:2024", "1e3")], normalized=True, label="结转")
    assert blank.get("f:factory_name") == " 甲厂 " and blank.get("t:E0:2024") == "1e3"
    assert [c.cell for c in result.changes] == ["f:factory_name", "t:E0:2024"] and result.notes == []


def test_every_change_stamps_the_draft_modified_time(blank):
    blank.set("f:factory_name", "甲")
    assert blank.draft.modified == blank.draft.log[-1].time
    blank.undo()
    assert blank.draft.modified == blank.draft.log[-1].time


def test_computed_before_any_edit(session2025):
    assert session2025.computed.display("E4", 2024) is not None
    assert session2025.report.ok


def test_reason_at_its_limit_and_reason_with_a_lone_surrogate(final):
    from greendesk.cells import CellError

    final.set("f:factory_name", "甲", reason="因" * 500)  # 500: the limit itself is allowed
    assert final.draft.log[-2].reason == "因" * 500
    with pytest.raises(CellError) as caught:
        final.set("f:factory_name", "乙", reason="\ud800")
    assert caught.value.message == ("内容含有无效字符 U+D800（孤立的代理项，不是可以显示或打印的文字），"
                                    "请删除后重新输入。")


def test_edit_on_a_final_table_logs_the_state_change_with_the_reason(final):
    result = final.set("f:factory_name", "甲", reason="更名")
    assert result.state_changed is True
    entry = final.draft.log[-1]
    assert (entry.cell, entry.old, entry.new, entry.source, entry.reason) == (
        "state", "final", "verified", "system", "更名")
    # a further edit that keeps the state: no state line, state_changed False
    assert final.set("f:factory_name", "乙").state_changed is False
    assert final.draft.log[-1].cell == "f:factory_name"


# ---- 已上报 / 取消上报 as commands: from which states, what they log and hand back

REPORT_REFUSED = "只有已通过验证（没有错误）的表才能上报，请先“验证并保存”。（平台同样规定：暂存状态的申报不允许上报。）"


@pytest.mark.parametrize("state", ["verified", "final", "withdrawn"])
def test_report_allowed_from(session2025, state):
    import re

    session2025.draft.state = state
    seen = _events(session2025)
    rev = session2025.revision
    result = session2025.mark_reported()
    assert (result.label, result.state_changed, result.changes) == ("已上报", True, [])
    assert [r.label for r in seen] == ["已上报"] and session2025.revision == rev + 1
    entry = session2025.draft.log[-1]
    assert (entry.cell, entry.old, entry.new, entry.source) == ("state", state, "reported", "typed")
    assert re.fullmatch(r"上报时内容指纹 [0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", entry.reason)
    assert session2025.reported_fingerprint() == entry.reason[-14:]
    assert session2025.changed_since_report is False


@pytest.mark.parametrize("state", ["draft", "reported"])
def test_report_refused_from(session2025, state):
    session2025.draft.state = state
    with pytest.raises(StateError) as caught:
        session2025.mark_reported()
    assert caught.value.message == REPORT_REFUSED and session2025.draft.state == state


def test_report_refused_when_the_table_has_errors(session2025):
    session2025.draft.fields["factory_name"] = ""
    session2025._invalidate()  # noqa: SLF001 - the sample edited behind the session's back
    session2025.draft.state = "verified"
    with pytest.raises(StateError):
        session2025.mark_reported()


def test_cancel_report_logs_the_reports_fingerprint_and_clears_redo(session2025):
    session2025.verify()
    session2025.set("f:factory_name", "甲")
    session2025.undo()
    assert session2025.can_redo
    session2025.mark_reported()
    assert not session2025.can_redo  # a new command clears redo
    reported = session2025.draft.log[-1].reason
    seen = _events(session2025)
    rev = session2025.revision
    result = session2025.cancel_report()
    assert (result.label, result.state_changed) == ("取消上报", True)
    assert [r.label for r in seen] == ["取消上报"] and session2025.revision == rev + 1
    entry = session2025.draft.log[-1]
    assert (entry.cell, entry.old, entry.new, entry.source, entry.reason) == (
        "state", "reported", "withdrawn", "typed", reported)
    assert session2025.reported_fingerprint() == reported[-14:]
    assert session2025.undo().label == "撤销取消上报"
    assert session2025.redo().label == "重做取消上报"
    assert session2025.draft.state == "withdrawn" and session2025.draft.log[-1].reason == reported


def test_cancel_report_refused_message(session2025):
    with pytest.raises(StateError) as caught:
        session2025.cancel_report()
    assert caught.value.message == "本表尚未标记为已上报，无需取消上报。"


def test_reported_fingerprint_only_while_reported_or_withdrawn(session2025):
    session2025.verify()
    assert session2025.reported_fingerprint() is None and session2025.changed_since_report is False
    session2025.mark_reported()
    session2025.draft.log[-1].reason = "手工改过的原因"
    assert session2025.reported_fingerprint() is None and session2025.changed_since_report is False


def test_state_reason_is_that_of_the_last_state_line(session2025):
    session2025.verify()
    session2025.mark_reported()
    fp = session2025.reported_fingerprint()
    session2025.set("f:factory_name", "甲")  # cell lines after the state line are skipped
    assert session2025.reported_fingerprint() == fp and session2025.changed_since_report


# ---- details a first mutation run let through

def test_apply_without_a_reason_logs_none(blank):
    blank.apply([("f:factory_name", "甲")])
    assert blank.draft.log[-1].reason == ""


def test_undo_of_a_changed_value_hands_back_both_values(blank):
    blank.set("f:factory_name", "甲")
    blank.set("f:factory_name", "乙")
    assert blank.undo().changes == [Change("f:factory_name", "乙", "甲")]
    assert blank.redo().changes == [Change("f:factory_name", "甲", "乙")]


def test_verify_and_finalize_add_one_to_the_revision_already_there(session2025):
    session2025.draft.state = "draft"
    session2025.set("f:factory_name", "甲")
    session2025.set("f:factory_name", "乙")
    assert session2025.revision == 2
    session2025.verify()
    assert session2025.revision == 3
    session2025.finalize()
    assert session2025.revision == 4


def test_state_reason_only_from_a_line_that_entered_the_current_state(session2025):
    """A fingerprint logged when another state was entered is not the report's."""
    from greendesk.draft import LogEntry, now

    session2025.draft.log.append(LogEntry(time=now(), cell="state", old="draft", new="verified",
                                          source="system", reason="上报时内容指纹 AAAA-BBBB-CCCC"))
    session2025.draft.state = "reported"  # as a file edited outside GreenDesk may say
    assert session2025.reported_fingerprint() is None
    assert session2025.cancel_report() and session2025.draft.log[-1].reason == ""


def test_report_undone_on_a_draft_without_state_lines_logs_no_reason(def2025, sample2025):
    sample2025.log = []
    s = EditSession(def2025, sample2025)
    s.draft.state = "verified"
    s.mark_reported()
    s.undo()
    assert (s.draft.log[-1].new, s.draft.log[-1].reason) == ("verified", "")
    assert s.reported_fingerprint() is None


def test_commit_defaults_typed_no_reason_labelled_edit(blank):
    result = blank.commit([Change("f:factory_name", None, "甲")])
    assert (result.label, result.notes, result.state_changed) == ("编辑", [], False)
    e = blank.draft.log[-1]
    assert (e.cell, e.old, e.new, e.source, e.reason) == ("f:factory_name", None, "甲", "typed", "")
    assert blank.undo().label == "撤销编辑"

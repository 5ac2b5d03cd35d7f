"""Edits are commands: normalised input, one undo step each, a change log, state transitions."""

from __future__ import annotations

import pytest

from greendesk.cells import CellError
from greendesk.draft import new_draft
from greendesk.session import EditSession, ReasonRequired, StateError


@pytest.fixture
def blank(def2025):
    return EditSession(def2025, new_draft(def2025))


def test_typing_stores_exact_decimal_and_updates_computed(session2025):
    result = session2025.set("t:E0:2024", "１２３，４５６．７０")
    assert session2025.get("t:E0:2024") == "123456.70"
    assert result.cells == {"t:E0:2024"} and result.rows == {"E0"}
    e4 = session2025.computed.display("E4", 2024)
    assert round(e4, 6) == round(__import__("decimal").Decimal("3980") / __import__("decimal").Decimal("123456.70"), 6)


def test_bad_input_is_refused_and_draft_untouched(session2025):
    before = session2025.get("t:E0:2024")
    with pytest.raises(CellError, match="数字"):
        session2025.set("t:E0:2024", "九万八")
    with pytest.raises(CellError, match="自动计算"):
        session2025.set("t:E4:2024", "1")
    with pytest.raises(CellError, match="单位只能选择"):
        session2025.set("t:E1:unit", "千瓦时")
    with pytest.raises(CellError, match="不填报 2021 年"):
        session2025.set("t:E0:2021", "1")
    with pytest.raises(CellError, match="只能选择"):
        session2025.set("f:industry_type", "化工")
    assert session2025.get("t:E0:2024") == before
    assert not session2025.can_undo


def test_undo_redo_restore_values_and_log_every_step(blank):
    blank.set("t:E0:2024", "100")
    blank.set("t:E0:2024", "200")
    blank.undo()
    assert blank.get("t:E0:2024") == "100"
    blank.undo()
    assert blank.get("t:E0:2024") is None
    blank.redo()
    assert blank.get("t:E0:2024") == "100"
    sources = [e.source for e in blank.cell_history("t:E0:2024")]
    assert sources == ["typed", "typed", "undo", "undo", "redo"]
    assert blank.cell_history("t:E0:2024")[1].old == "100"


def test_multi_cell_apply_is_one_undo_step(blank):
    blank.apply([("t:E0:2022", "1"), ("t:E0:2023", "2")], label="粘贴")
    blank.undo()
    assert blank.get("t:E0:2022") is None and blank.get("t:E0:2023") is None


def test_listeners_receive_what_changed(blank):
    seen = []
    blank.subscribe(seen.append)
    blank.set("f:factory_name", "甲厂")
    blank.set("f:factory_name", "甲厂")  # no change, no event
    assert len(seen) == 1 and seen[0].changes[0].new == "甲厂"


def test_states_draft_verified_final_and_reasons(session2025):
    assert session2025.verify().ok
    assert session2025.draft.state == "verified"
    session2025.finalize()
    assert session2025.draft.state == "final"
    with pytest.raises(ReasonRequired):
        session2025.set("t:E0:2024", "99000")
    session2025.set("t:E0:2024", "99000", reason="统计局反馈更正")
    assert session2025.draft.state == "verified"
    entry = session2025.cell_history("t:E0:2024")[-1]
    assert entry.reason == "统计局反馈更正" and entry.new == "99000"
    session2025.set("f:factory_name", "")  # an error drops it back to 草稿
    assert session2025.draft.state == "draft"


def test_finalize_only_from_verified(blank):
    with pytest.raises(StateError, match="已通过验证"):
        blank.finalize()
    assert blank.verify().errors
    assert blank.draft.state == "draft"


def test_dirty_tracking(blank):
    assert not blank.dirty
    blank.set("f:factory_name", "甲")
    assert blank.dirty
    blank.mark_saved()
    assert not blank.dirty

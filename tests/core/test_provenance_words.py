"""The words the window shows about what is guessed, from the definition's provenance."""

from __future__ import annotations

from greendesk.provenance import (
    ADDED_NOTE_TIP,
    GUESSED_UNITS_TIP,
    RECONSTRUCTED_TIP,
    counts,
    row_tip,
)


def test_reconstructed_rows_carry_the_tip(def2025):
    assert row_tip(def2025, "W1") == RECONSTRUCTED_TIP
    assert row_tip(def2025, "P2I") == RECONSTRUCTED_TIP  # only in the warning text, not a row
    assert "以平台的表格为准" in RECONSTRUCTED_TIP


def test_seen_rows_carry_none_and_added_notes_say_so(def2025):
    assert row_tip(def2025, "E0") is None
    assert row_tip(def2025, "G_ENERGY") is None
    assert row_tip(def2025, "P2G") == ADDED_NOTE_TIP


def test_seen_rows_whose_dropdown_options_are_guessed_say_so(def2025, def2024):
    for definition in (def2025, def2024):
        assert row_tip(definition, "E1") == row_tip(definition, "E2") == GUESSED_UNITS_TIP
        assert row_tip(definition, "E3") is None  # 吨标准煤, no dropdown in the manual


def test_counts(def2025):
    seen, total = counts(def2025)
    assert seen == 9 and total == len(def2025.table.rows)

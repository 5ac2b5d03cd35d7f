"""Year rollover 2024 → 2025 between the two shipped definitions."""

from __future__ import annotations

from greendesk.rollover import definition_differences, rollover


def test_rollover_realigns_years_by_row_id(def2024, def2025, sample2024, sample2025):
    draft, report = rollover(sample2024, def2024, def2025)
    for rid in ("E0", "E1", "W1", "P2E", "L1"):
        assert draft.table[rid].values.get("2022") == sample2024.table[rid].values["2022"]
        assert draft.table[rid].values.get("2023") == sample2024.table[rid].values["2023"]
        assert "2024" not in draft.table[rid].values  # left for the user
        assert "2021" not in draft.table[rid].values  # dropped
    assert report.left_for_user == [2024]
    assert any("2021" in label for _, label, _ in report.dropped)
    # the 2024 sample's 2022/2023 figures are the 2025 sample's
    assert draft.table["E0"].values["2023"] == sample2025.table["E0"].values["2023"]


def test_rollover_carries_basics_clears_compliance_offers_highlights(def2024, def2025, sample2024):
    draft, report = rollover(sample2024, def2024, def2025)
    for key in ("factory_name", "uscc", "industry1", "address.county", "contact_mobile"):
        assert draft.fields[key] == sample2024.fields[key]
    for q in ("q1", "q2", "q7"):
        assert q not in draft.fields
    assert any(label.startswith("1.未正常经营生产") for label in report.cleared)
    assert "highlights" not in draft.fields and report.offered["highlights"] == sample2024.fields["highlights"]
    accepted, _ = rollover(sample2024, def2024, def2025, accept_offers=True)
    assert accepted.fields["highlights"] == sample2024.fields["highlights"]


def test_rollover_carries_products_and_logs_source(def2024, def2025, sample2024):
    draft, _ = rollover(sample2024, def2024, def2025)
    item = draft.products["E6"].items[0]
    assert item.name == "电工用铜线坯" and set(item.output) == {"2022", "2023"}
    assert draft.products["E6"].applicable == "是"
    assert draft.log and {e.source for e in draft.log if e.cell.startswith(("t:", "f:", "p:"))} == {"carried"}


def test_rollover_report_text_and_definition_differences(def2024, def2025, sample2024):
    _, report = rollover(sample2024, def2024, def2025)
    text = report.to_text()
    assert "2024年" in text and "需要重新回答" in text
    diffs = definition_differences(def2024, def2025)
    assert any("填报年度" in d for d in diffs)
    assert any("2023年至今" in d and "2024年至今" in d for d in diffs)


def test_rollover_converts_units_the_new_table_no_longer_offers(def2024, def2025, sample2024):
    sample2024.table["L1"].unit = "英亩"  # not a unit of the new table → reported, not silently carried
    _, report = rollover(sample2024, def2024, def2025)
    assert any("无法换算" in reason for _, _, reason in report.dropped)

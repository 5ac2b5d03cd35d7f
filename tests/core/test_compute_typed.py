"""Values a draft holds that are not numbers, and years the form does not have: what `Computed`
gives for them (written from the survivors of the 批量审核 speed work's mutation check)."""

from __future__ import annotations

from decimal import Decimal as D

from greendesk.compute import compute
from greendesk.draft import new_draft


def test_a_parameter_holding_an_answer_is_no_number_and_the_rows_after_it_still_count(def2025):
    # "是" passes the draft model (a 定性指标's answer) but is not a number: a file edited by hand
    d = new_draft(def2025)
    d.table["E0"].values["2024"] = "是"
    d.table["E1"].values["2024"] = "2500"
    d.table["E3"].values["2024"] = "250"
    c = compute(def2025, d)
    assert c.base("E0", 2024) is None
    assert c.typed("E0", 2024) is None
    assert c.typed_env(2024)["E0"] is None
    # the rows after it in the same year are read all the same
    assert c.base("E1", 2024) == D("2500")
    assert c.typed_env(2024)["E3"] == D("250")
    assert c.display("E5", 2024) == D("10")  # 250 / 2500 × 100
    assert c.display("E4", 2024) is None  # E1 / E0: E0 is no number


def test_a_year_the_form_does_not_have_has_no_values(def2025):
    d = new_draft(def2025)
    d.table["E1"].unit = "万吨标准煤"
    d.table["E1"].values["2024"] = "0.25"
    c = compute(def2025, d)
    assert c.typed_env(2019) == {}
    shown = c.display_env(2019)
    assert set(shown) == {r.id for r in def2025.numeric_rows}  # every numeric row, none with a value
    assert set(shown.values()) == {None}
    assert c.typed_env(2024)["E1"] == D("0.25")

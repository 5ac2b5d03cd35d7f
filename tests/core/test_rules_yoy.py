"""V9 (a large change on the year before) looked at for every pair of years of a row, whatever
the pair before it gave: a small change, a blank year, a zero (no change to measure)."""

from __future__ import annotations

import pytest

from greendesk.rules import validate


@pytest.mark.parametrize("first", ["100000", None, "0"])
def test_a_jump_in_the_last_year_is_found_whatever_the_first_pair_gave(def2025, sample2025, first):
    values = sample2025.table["W1"].values
    values.update({"2022": first or "", "2023": "101000", "2024": "420000"})
    if first is None:
        del values["2022"]
    found = [f for f in validate(def2025, sample2025).findings if f.code == "V9" and f.cell.startswith("t:W1:")]
    # 2024: (420000 − 101000) / 101000 = +315.8 %, over the manual's threshold
    assert [(f.cell, f.detail) for f in found] == [
        ("t:W1:2024", "取水量 2024年 420,000立方米，较上年增长 316%（2023年 101,000立方米）")]

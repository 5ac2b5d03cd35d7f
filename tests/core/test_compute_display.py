"""What the table shows for a row (`display`, `display_env`) against what rules compare (`base`).

Written from the units' definitions (1 亩 = 10000/15 平方米, 1 吨标准煤 = 1000 千克标准煤), not from
units.toml. Each check runs both ways the window and the rules ask: one value at a time, and a whole
year at once (`display_env`), before and after the other has been asked.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from greendesk.compute import Computed
from greendesk.draft import Draft, FormRef, RowEntry


def _draft(**table: RowEntry) -> Draft:
    return Draft(form=FormRef(id="green-factory-2025", version="2025.1"), report_year=2025, table=table)


def _shown(definition, draft: Draft, row: str, year: int, order: str):
    c = Computed(definition, draft)
    if order == "one":
        return c.display(row, year)
    if order == "year":
        return c.display_env(year).get(row)
    c.display_env(year)  # the year worked out first, then one value asked
    return c.display(row, year)


ORDERS = ["one", "year", "year-then-one"]


@pytest.mark.parametrize("order", ORDERS)
def test_a_parameter_in_a_chosen_unit_shows_exactly_what_was_typed(def2025, order):
    # 1 亩 = 666.66… 平方米 for the rules; converting back would not give 1 again
    d = _draft(L1=RowEntry(unit="亩", values={"2024": "1"}))
    c = Computed(def2025, d)
    assert abs(c.base("L1", 2024) - Decimal(10000) / 15) < Decimal("1e-20")
    shown = _shown(def2025, d, "L1", 2024, order)
    assert str(shown) == "1"


@pytest.mark.parametrize("order", ORDERS)
def test_an_indicator_is_shown_in_the_unit_chosen_for_it(def2025, order):
    # 单位产值综合能耗 = 1000 吨标准煤 ÷ 500 万元 = 2 吨标准煤/万元 = 2000 千克标准煤/万元
    d = _draft(E0=RowEntry(values={"2024": "500"}), E1=RowEntry(values={"2024": "1000"}),
               E4=RowEntry(unit="千克标准煤/万元"))
    assert Computed(def2025, d).base("E4", 2024) == Decimal(2)
    assert _shown(def2025, d, "E4", 2024, order) == Decimal(2000)


@pytest.mark.parametrize("order", ORDERS)
def test_an_indicator_in_a_unit_that_cannot_be_converted_shows_its_base_value(def2025, order):
    d = _draft(E0=RowEntry(values={"2024": "500"}), E1=RowEntry(values={"2024": "1000"}),
               E4=RowEntry(unit="吨"))  # a hand-edited file: 吨 is no unit of energy per output
    assert _shown(def2025, d, "E4", 2024, order) == Decimal(2)


@pytest.mark.parametrize("order", ORDERS)
def test_a_row_without_a_value_shows_nothing(def2025, order):
    d = _draft(E0=RowEntry(values={"2024": "500"}), E4=RowEntry(unit="千克标准煤/万元"))
    assert _shown(def2025, d, "E4", 2024, order) is None
    assert _shown(def2025, d, "L1", 2024, order) is None


def test_rows_missing_from_the_file_are_empty_not_an_error(def2025):
    c = Computed(def2025, _draft())
    assert c.base("E0", 2024) is None and c.base("E4", 2024) is None
    assert c.chosen_unit("E4") == "吨标准煤/万元"  # no entry: the row's own unit
    assert c.chosen_unit("L1") == "平方米"
    assert c.display("E0", 2024) is None


def test_a_unit_chosen_in_the_file_is_the_rows_unit(def2025):
    c = Computed(def2025, _draft(E4=RowEntry(unit="千克标准煤/万元"), L1=RowEntry(values={"2024": "3"})))
    assert c.chosen_unit("E4") == "千克标准煤/万元"
    assert c.chosen_unit("L1") == "平方米"  # an entry without a unit


def test_a_year_the_table_does_not_have_is_empty(def2025):
    c = Computed(def2025, _draft(E0=RowEntry(values={"2024": "500"})))
    assert c.base("E0", 2019) is None
    assert c.env(2019) == {}
    assert c.display("E0", 2019) is None
    assert c.display_env(2019) == {name: None for name in c.display_env(2019)}
    assert c.env(2024)["E0"] == Decimal(500)


def test_a_row_that_holds_no_number_shows_nothing_after_its_year_was_worked_out(def2025):
    c = Computed(def2025, _draft(E0=RowEntry(values={"2024": "500"})))
    c.display_env(2024)
    assert c.display("E6", 2024) is None  # 单位产品综合能耗: per product, not one number a year

"""What a cell can hold (Excel's 15 significant digits, |x| < 10¹⁵, at most 10 decimals) is refused
beyond at every entry, and everything accepted validates, computes and formats."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greendesk.cells import CellError, normalize_input
from greendesk.draft import new_draft
from greendesk.numbers import (
    NumberError,
    fit,
    format_decimal,
    format_percent_change,
    is_acceptable,
    normalize_number,
)
from greendesk.rules import validate
from greendesk.session import EditSession

ACCEPTED = [
    ("123456789012345", "123456789012345"),  # 15 digits
    ("-999999999999999", "-999999999999999"),
    ("0.0000000001", "0.0000000001"),  # 10 decimals
    ("12345.6789012345", "12345.6789012345"),  # 15 significant
    ("1.5000000000", "1.5000000000"),  # trailing zeros cost no precision
    ("100000000000000.0", "100000000000000.0"),
]
REFUSED = [
    ("0.0000000000000000001", "小数位数过多"),
    ("1" * 29, "数值过大"),
    ("1000000000000000", "数值过大"),  # 10¹⁵
    ("0.00000000001", "小数位数过多"),
    ("1234567.890123456", "有效数字过多"),
    ("12345.67890123456", "小数位数过多"),
    ("1234567890.123456", "有效数字过多"),
    ("123456789.1234567", "有效数字过多"),
    ("9" * 5000, "数值过大"),
]


@pytest.mark.parametrize(("typed", "stored"), ACCEPTED)
def test_numbers_a_cell_holds(typed, stored):
    assert normalize_number(typed) == stored


@pytest.mark.parametrize(("typed", "word"), REFUSED)
def test_numbers_beyond_a_cell_are_refused_with_the_value_shown(typed, word):
    with pytest.raises(NumberError) as exc:
        normalize_number(typed)
    assert word in exc.value.message
    assert typed[:20] in exc.value.message and len(exc.value.message) < 200  # echoed, at most 80


def test_cell_entry_refuses_them_too(def2025):
    with pytest.raises(CellError):
        normalize_input(def2025, "t:E0:2024", "0.0000000000000000001")
    with pytest.raises(CellError):
        normalize_input(def2025, "p:E6:0:output:2024", "1" * 29)


def test_formatting_is_total_on_extremes():
    assert format_decimal(Decimal("1E+30"), 2) == "1×10^30"
    assert format_decimal(Decimal("-1.5E+25"), 2, grouping=True) == "-1.5×10^25"
    assert format_decimal(Decimal("1E-30"), 2) == "0.00"
    assert format_decimal(Decimal("1E-30")) == "1×10^-30"
    assert format_decimal(Decimal("NaN")) == "—"
    assert format_percent_change(Decimal(0), Decimal(5)) == "由 0 增加"
    assert format_percent_change(Decimal(0), Decimal(-5)) == "由 0 减少"
    assert format_percent_change(Decimal(0), Decimal(0)) == "持平"
    assert format_percent_change(Decimal("1E-10"), Decimal("999999999999999")) == "增长 1×10^27%"  # ≈ 10¹⁵ ÷ 10⁻¹⁰ × 100


def test_fit_rounds_conversions_into_a_cell():
    assert fit(Decimal(1) / Decimal(3)) == "0.3333333333"
    assert fit(Decimal("123456789012345.678")) == "123456789012346"
    with pytest.raises(NumberError):
        fit(Decimal("1E+20"))


def test_fit_never_rounds_a_real_value_to_zero_silently():
    # 0.00000000001 (11th decimal) cannot be kept in a cell of 10 decimals: refused with a message
    # (rollover lists it among what it could not carry), while 0.00000000006 rounds up to the 10th.
    with pytest.raises(NumberError, match="小于单元格能保存的最小值"):
        fit(Decimal("0.00000000001"))
    assert fit(Decimal("0.00000000006")) == "0.0000000001"
    assert fit(Decimal("0")) == "0"
    assert fit(Decimal("-0")) == "0"


accepted = st.from_regex(r"-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,10})?", fullmatch=True).filter(is_acceptable)
decimals = st.none() | st.integers(0, 6)


@settings(max_examples=300, deadline=None)
@given(accepted, accepted, decimals)
def test_formatting_is_total_over_accepted_values_and_their_ratios(a, b, places):
    x, y = Decimal(a), Decimal(b)
    for value in (x, y, x * y, x - y):
        assert format_decimal(value, places, grouping=True)
    if y:
        assert format_decimal(x / y, places)
        assert format_percent_change(y, x)
        assert format_decimal(x / y * 100, 2)


@settings(max_examples=40, deadline=None)
@given(st.lists(accepted, min_size=6, max_size=6))
def test_validate_is_total_over_accepted_values(def2025, values):
    s = EditSession(def2025, new_draft(def2025))
    cells = ["t:E0:2022", "t:E0:2023", "t:E0:2024", "t:E1:2024", "t:L1:2024", "p:E6:0:output:2024"]
    s.apply(list(zip(cells, values, strict=True)))
    assert validate(def2025, s.draft).findings is not None

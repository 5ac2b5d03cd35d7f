"""What Chinese keyboards type becomes an exact decimal; text is refused with a message."""

from __future__ import annotations

from decimal import Decimal

import pytest

from greendesk.numbers import NumberError, format_decimal, format_percent_change, normalize_number


@pytest.mark.parametrize(("typed", "stored"), [
    ("123.4", "123.4"), ("１２３．４", "123.4"), ("1,234.50", "1234.50"), ("１，２３４", "1234"),
    (" 1 234 ", "1234"), ("－5", "-5"), ("007.10", "7.10"), (".5", "0.5"), ("5.", "5"), ("+3", "3"),
    ("0.000", "0.000"), ("-0", "0"), ("12,345,678.9", "12345678.9"),
])
def test_accepted_inputs_keep_the_typed_digits(typed, stored):
    assert normalize_number(typed) == stored


@pytest.mark.parametrize("typed", ["abc", "1,23", "1e5", "12a", "1.2.3", "--1", "一百", "1,2345",
                                   "٣٫٥", "٣", "१२", "𝟏𝟐"])  # digits of other scripts are not 0-9
def test_text_is_refused_with_chinese_message(typed):
    with pytest.raises(NumberError) as exc:
        normalize_number(typed)
    assert "数字" in exc.value.message


def test_blank_is_none_not_zero():
    assert normalize_number("  ") is None
    assert normalize_number("") is None


def test_formatting_never_uses_scientific_notation():
    assert format_decimal(Decimal("1E+5")) == "100000"
    assert format_decimal(Decimal("0.00001234"), 4) == "0.0000"
    assert format_decimal(Decimal("1234567.891"), 2, grouping=True) == "1,234,567.89"
    assert format_percent_change(Decimal("10"), Decimal("34")) == "增长 240%"
    assert format_percent_change(Decimal("10"), Decimal("4")) == "下降 60%"


@pytest.mark.parametrize("stored", ["12\n", "٣", "1٣", "１２", "1.\n5", "12 "])
def test_a_draft_file_holds_only_ascii_digits(stored):
    """A file edited outside GreenDesk: a value Decimal() would read (٣ is 3, "12\\n" is 12) is
    still not a number the draft stores, and is refused by name, not read as another number."""
    import json

    from greendesk import document
    from tests.conftest import SAMPLES

    raw = json.loads((SAMPLES / "green-factory-2025.json").read_text(encoding="utf-8"))
    raw["table"]["E1"]["values"]["2024"] = stored
    with pytest.raises(document.DocumentError) as exc:
        document.loads(json.dumps(raw, ensure_ascii=False).encode("utf-8"), "文件「x.json」")
    assert "2024年的数值" in exc.value.message and "不是有效数字" in exc.value.message

"""Parse what Chinese keyboards type into exact decimals, and format them back.

Full-width digits (１２３．４), thousands separators (1,234 / 1，234), spaces and a full-width minus are
accepted; text is refused with a Chinese message. The canonical string keeps the digits the user
typed (trailing zeros included), so what is typed is what is saved.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋。　", "0123456789.,-+. "
)
_CANON = re.compile(r"^-?\d+(\.\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class NumberError(ValueError):
    """`message` is Chinese and can be shown as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalize_number(text: str) -> str | None:
    """Return the canonical decimal string for `text`, None for blank; raise NumberError for text."""
    s = text.translate(_FULLWIDTH).strip().replace(" ", "").replace("\u00a0", "")
    if not s:
        return None
    if "," in s:
        if not _GROUPED.match(s):
            raise NumberError(f"「{text.strip()}」不是有效的数字：千分位逗号位置不对")
        s = s.replace(",", "")
    if s.startswith("+"):
        s = s[1:]
    if s.startswith("."):
        s = "0" + s
    if s.endswith("."):
        s = s[:-1]
    if s.startswith("-."):
        s = "-0" + s[1:]
    if not _CANON.match(s):
        raise NumberError(f"「{text.strip()}」不是有效的数字，请只填写数字（可带小数点）")
    neg = s.startswith("-")
    digits = s[1:] if neg else s
    intpart, _, frac = digits.partition(".")
    intpart = intpart.lstrip("0") or "0"
    s = ("-" if neg else "") + intpart + ("." + frac if frac else "")
    if s in ("-0", "-0." + "0" * len(frac)):
        s = s[1:]
    return s


def is_canonical(text: str) -> bool:
    return bool(_CANON.match(text))


def to_decimal(text: str | None) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def format_decimal(value: Decimal | None, decimals: int | None = None, *, grouping: bool = False) -> str:
    """Plain (never scientific) text for a value; `decimals` rounds computed values for display."""
    if value is None:
        return ""
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    text = f"{value:,f}" if grouping else f"{value:f}"
    if text.startswith("-") and Decimal(value) == 0:
        text = text[1:]
    return text


def format_percent_change(prev: Decimal, cur: Decimal) -> str:
    """'增长 240%' / '下降 60%' for year-on-year messages."""
    pct = (cur - prev) / prev * 100
    word = "增长" if pct >= 0 else "下降"
    return f"{word} {abs(pct).quantize(Decimal(1))}%"

"""Parse what Chinese keyboards type into exact decimals, and format them back.

Full-width digits (１２３．４), thousands separators (1,234 / 1，234), spaces and a full-width minus are
accepted; text is refused with a Chinese message. The canonical string keeps the digits the user
typed (trailing zeros included), so what is typed is what is saved.

What a cell can hold is what Excel and the platform can hold without losing digits: at most
15 significant digits (Excel's precision), an integer part of at most 15 digits (|value| < 10¹⁵) and
at most 10 decimals. Anything else is refused where it enters (typing, Excel import, a draft file),
so every stored number validates, computes, formats and exports. The formatters are total over
every finite Decimal all the same: computed values (ratios of tiny numbers) can be far larger.
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation, localcontext
from functools import cache

from greendesk.text import echo

MAX_SIGNIFICANT_DIGITS = 15
MAX_INTEGER_DIGITS = 15
MAX_DECIMALS = 10
# characters: a number this short cannot break any limit
ALWAYS_FITS = min(MAX_SIGNIFICANT_DIGITS, MAX_INTEGER_DIGITS, MAX_DECIMALS)
LIMITS_TEXT = (f"最多 {MAX_SIGNIFICANT_DIGITS} 位有效数字，整数部分最多 {MAX_INTEGER_DIGITS} 位，"
               f"小数最多 {MAX_DECIMALS} 位")

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋。　", "0123456789.,-+. "
)
# ASCII digits only (\d would take ٣ or ３), and nothing after them ($ would take a final "\n")
CANONICAL_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")  # as a draft stores numbers
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
# Beyond these magnitudes plain notation stops being readable (or small): 1.234568×10^25.
_PLAIN_MAX_EXP = 18
_PLAIN_MIN_EXP = -18


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
    shown = echo(text.strip())
    if "," in s:
        if not _GROUPED.match(s):
            raise NumberError(f"「{shown}」不是有效的数字：千分位逗号位置不对")
        s = s.replace(",", "")
    if s.startswith("+"):
        s = s[1:]
    if s.startswith("."):
        s = "0" + s
    if s.endswith("."):
        s = s[:-1]
    if s.startswith("-."):
        s = "-0" + s[1:]
    if not CANONICAL_NUMBER.match(s):
        raise NumberError(f"「{shown}」不是有效的数字，请只填写数字（可带小数点）")
    neg = s.startswith("-")
    digits = s[1:] if neg else s
    intpart, _, frac = digits.partition(".")
    intpart = intpart.lstrip("0") or "0"
    s = ("-" if neg else "") + intpart + ("." + frac if frac else "")
    if s in ("-0", "-0." + "0" * len(frac)):
        s = s[1:]
    problem = capacity_problem(s)
    if problem:
        raise NumberError(f"「{shown}」无法填写：{problem}。")
    return s


def capacity_problem(canonical: str) -> str | None:
    """Why a canonical number cannot be held (Chinese), or None when it can."""
    digits = canonical.lstrip("-")
    if len(digits) <= ALWAYS_FITS:  # too few characters to break any limit (the common case)
        return None
    intpart, _, frac = digits.partition(".")
    intpart = intpart.lstrip("0")
    if len(intpart) > MAX_INTEGER_DIGITS:
        return f"数值过大（整数部分 {len(intpart)} 位，最多 {MAX_INTEGER_DIGITS} 位）"
    if len(frac) > MAX_DECIMALS:
        return f"小数位数过多（{len(frac)} 位，最多 {MAX_DECIMALS} 位）"
    significant = (intpart + frac).strip("0")  # trailing zeros (1.50) cost Excel no precision
    if len(significant) > MAX_SIGNIFICANT_DIGITS:
        return f"有效数字过多（{len(significant)} 位，最多 {MAX_SIGNIFICANT_DIGITS} 位，与 Excel 相同）"
    return None


def is_canonical(text: str) -> bool:
    return bool(CANONICAL_NUMBER.match(text))


def is_acceptable(text: str) -> bool:
    """A canonical number a cell can hold (what `normalize_number` returns)."""
    return is_canonical(text) and capacity_problem(text) is None


def fit(value: Decimal) -> str:
    """A computed value (a unit conversion) as a number a cell can hold: rounded to 15 significant
    digits and 10 decimals; NumberError when it is too large for a cell."""
    if not value.is_finite():
        raise NumberError("换算结果不是有效的数字。")
    with localcontext() as ctx:
        ctx.prec = MAX_SIGNIFICANT_DIGITS
        d = +value  # unary plus rounds to the context precision
        ctx.prec = 60
        d = d.quantize(Decimal(1).scaleb(-MAX_DECIMALS)).normalize()
    if d == 0 and value != 0:  # rounding would turn a real value into 0: say so, never silently
        raise NumberError(f"换算结果 {format_decimal(value)} 小于单元格能保存的最小值"
                          f"（小数点后 {MAX_DECIMALS} 位），请核对后手动填写。")
    text = f"{d:f}".lstrip("-") if d == 0 else f"{d:f}"
    problem = capacity_problem(text)
    if problem:
        raise NumberError(f"换算结果 {format_decimal(value)} 无法填写：{problem}。")
    return text


def to_decimal(text: str | None) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def format_decimal(value: Decimal | None, decimals: int | None = None, *, grouping: bool = False) -> str:
    """Plain text for a value; `decimals` rounds computed values for display.

    Total over every Decimal: values outside ±10¹⁸ (or, unrounded, below 10⁻¹⁸) come out as
    "1.234568×10^25" instead of dozens of digits; NaN/Infinity (never stored) as "—".
    """
    if value is None:
        return ""
    if not value.is_finite():
        return "—"
    if value != 0 and (value.adjusted() >= _PLAIN_MAX_EXP
                       or (decimals is None and value.adjusted() < _PLAIN_MIN_EXP)):
        mantissa, _, exp = f"{value:.6E}".partition("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}×10^{int(exp)}"
    if decimals is not None:  # (formatting without a precision is exact: it needs no context)
        value = value.quantize(_quantum(decimals), context=_WIDE)
    text = f"{value:,f}" if grouping else f"{value:f}"
    if text.startswith("-") and value == 0:
        text = text[1:]
    return text


# enough for 18 integer digits and any display precision a definition allows; given to the one
# operation that needs it rather than made the current context (formatting runs thousands of times)
_WIDE = Context(prec=60)


@cache
def _quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def format_percent_change(prev: Decimal, cur: Decimal) -> str:
    """'增长 240%' / '下降 60%' for year-on-year messages; '由 0 增加' when the base is 0."""
    if prev == 0:
        return "持平" if cur == 0 else ("由 0 增加" if cur > 0 else "由 0 减少")
    with localcontext() as ctx:
        ctx.prec = 60
        pct = (cur - prev) / prev * 100
    word = "增长" if pct >= 0 else "下降"
    return f"{word} {format_decimal(abs(pct), 0)}%"

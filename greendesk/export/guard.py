"""The one formula guard: every string GreenDesk writes into a workbook passes through here.

Why: a value a user typed (or a label from an embedded form definition) that starts with = + - @
or a tab/carriage return can run as a formula in Excel (OWASP "CSV injection"), and a control
character makes openpyxl refuse the whole workbook (IllegalCharacterError) after the PDF was
already written.

Text is cleaned the way text entering a draft is (`greendesk.text`), so a label from an embedded
definition cannot carry what typing would not. Two ways to write:

- `put(cell, value)`: the exporter's way. The text is kept exactly; a risky one is stored as an
  explicit string with Excel's own "typed with a leading apostrophe" flag (quotePrefix), so it shows
  and imports unchanged and can never become a formula, even when a user presses F2 + Enter.
- `cell_text(value) -> str`: for code that assigns plain strings (report workbooks): the same
  cleaning, and a risky text gets the OWASP apostrophe in front.

`seal(wb)` runs just before saving and turns anything that still slipped through into inert text.
"""

from __future__ import annotations

import re
from typing import Any

from greendesk.text import clean as clean_text
from greendesk.text import is_clean

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
MAX_CELL_CHARS = 32767  # Excel's limit for one cell
# the characters XML 1.0 (and so openpyxl) refuses: C0 controls except \t \n \r, U+FFFE/FFFF
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
REPLACEMENT = "\ufffd"  # visible: the reader sees that something was there


def clean(value: Any) -> str:
    """Text that openpyxl and Excel accept, cleaned as text entering a draft is
    (`greendesk.text.clean`: line breaks kept as \\n, control and invisible characters removed),
    so the workbook shows what the PDF prints. Total: a lone surrogate becomes U+FFFD here."""
    text = "" if value is None else str(value)
    if is_clean(text):
        return text
    text = SURROGATE.sub(REPLACEMENT, text)
    return ILLEGAL.sub(REPLACEMENT, clean_text(text).text)  # ILLEGAL: defensive, clean removes them


def is_risky(text: str) -> bool:
    """Would Excel (or a CSV reader) take this text for a formula or an error value? Leading
    blanks and line breaks are looked through: some readers drop them."""
    return (text.startswith(FORMULA_TRIGGERS) or text.lstrip(" \t\r\n\u3000").startswith(FORMULA_TRIGGERS)
            or text.strip() in ERROR_CODES)


def is_plain_text(text: str) -> bool:
    """True when `put` would store `text` exactly as it is, with no flag: clean and not risky
    (a streaming writer may then pass the bare string)."""
    return is_clean(text) and not is_risky(text)


def cell_text(value: Any) -> str:
    """The guarded text for a plain assignment `cell.value = cell_text(x)`: cleaned, and a text
    that could run as a formula is prefixed with an apostrophe (OWASP)."""
    text = clean(value)
    return "'" + text if is_risky(text) else text


def put(cell, value: Any) -> None:
    """Write `value` into an openpyxl cell. Numbers and booleans stay numbers; every text is
    cleaned and, when risky, stored as an explicit string with quotePrefix (shown unchanged)."""
    if value is None or isinstance(value, int | float):  # bool is an int
        cell.value = value
        return
    text = clean(value)
    cell.value = text
    if text and (is_risky(text) or cell.data_type != "s"):
        neutralise(cell)


def neutralise(cell) -> None:
    """Make a cell's content inert text (the one place that decides how)."""
    cell.data_type = "s"
    cell.quotePrefix = True


def header_text(value: Any) -> str:
    """Text for a print header or footer, where & starts a code (&P page, &N pages…)."""
    return clean(value).replace("\n", " ").replace("&", "&&")


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(value: Any) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\, not starting with ')."""
    text = _SHEET_FORBIDDEN.sub("_", clean(value).replace("\n", " ")).strip("'") or "Sheet"
    return text[:31]


def seal(wb) -> None:
    """Last pass before saving: any cell that still holds a formula, an error code or a risky
    text is turned into inert text; comments are cleaned. GreenDesk writes no live formulas."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                if cell.data_type in ("f", "e") or (isinstance(value, str) and is_risky(value)):
                    if not isinstance(value, str):  # ArrayFormula / DataTableFormula objects
                        cell.value = clean(getattr(value, "text", None) or str(value))
                    neutralise(cell)
                if cell.comment is not None:
                    cell.comment.text = clean(cell.comment.text)

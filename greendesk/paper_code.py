"""核对纸质件: the fingerprint code printed on paper, as a person types it back — full-width
characters from a Chinese input method, lower case, spaces or dashes anywhere."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

MIN_DIGITS = 8  # enough to tell drafts apart; the paper shows 12
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−_·・.]+")
_HEX = re.compile(r"[0-9A-F]+")


def normalize(typed: str) -> str | None:
    """The hexadecimal digits of a typed code, upper case; None when it is not a code at all."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", typed)).upper()
    if not MIN_DIGITS <= len(text) <= 64 or not _HEX.fullmatch(text):
        return None
    return text


def compare(full_fingerprint: str, typed: str) -> Literal["same", "different", "malformed"]:
    code = normalize(typed)
    if code is None:
        return "malformed"
    return "same" if full_fingerprint.upper().startswith(code) else "different"


def malformed_message(typed: str) -> str:
    return (f"格式不对：「{typed[:40]}」不是内容指纹。纸质件页脚印的指纹形如 A1B2-C3D4-E5F6"
            f"（数字 0–9 和字母 A–F，至少 {MIN_DIGITS} 位）。")

"""One normalisation for every piece of text that enters a draft (typing, paste, Excel, a draft file).

What the legal representative signs must be what the file holds, and every exporter (PDF, xlsx,
JSON) must be able to write it. So text is cleaned once, where it enters, and the user is told
when that changed what was typed:

- line breaks are kept and unified to "\\n": "\\r\\n", "\\r", Word's manual line break "\\x0b",
  form feed "\\x0c", NEL "\\x85", U+2028/U+2029. In a single-line value they become one space.
- a tab becomes one space (neither PDF nor the platform shows tabs).
- every other C0/C1 control character (U+0000–U+001F, U+007F–U+009F) is removed: none prints,
  and xlsx (XML 1.0) cannot hold them.
- bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) are removed: they
  reorder what is shown without being seen themselves, so a signed page could read differently
  from the file ("Trojan Source"). Arabic or Hebrew text still shows in its natural direction.
- invisible format characters that make two equal-looking texts differ (U+200B zero width
  space, U+2060 word joiner, U+FEFF, U+00AD soft hyphen) and Unicode noncharacters (U+FFFE,
  U+FFFF, U+FDD0–U+FDEF …, which XML refuses) are removed.
- a lone surrogate (U+D800–U+DFFF, only reachable through "\\ud800" escapes or broken
  clipboards) is not text at all: `clean` raises `TextError`; nothing stores it.

Characters that a font cannot print are a separate matter (the PDF exporter names them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE_BREAKS = ("\r\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
INVISIBLE = frozenset("\u200b\u2060\ufeff\u00ad")

_BREAK_RE = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# Everything `clean` removes or replaces, so that clean text is recognised with one search.
_SUSPECT_RE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2028\u2029\u2060\u2066-\u2069"
    "\ufeff\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]"
    "|[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)
ECHO_LIMIT = 80


class TextError(ValueError):
    """Text that cannot be stored at all (a lone surrogate); `message` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CleanResult:
    """The text to store and, in Chinese, what cleaning changed that the user should hear about.

    `notes` is empty when only line-break conventions were unified (nothing a reader can see).
    """

    text: str
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.notes)


def codepoint(ch: str) -> str:
    """'U+000C' — how messages name a character."""
    return f"U+{ord(ch):04X}"


def echo(text: str, limit: int = ECHO_LIMIT) -> str:
    """`text` for a message: at most `limit` characters, control characters shown as U+XXXX."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return _SUSPECT_RE.sub(lambda m: f"<{codepoint(m.group())}>", short.replace("\n", "⏎"))


def _is_noncharacter(ch: str) -> bool:
    o = ord(ch)
    return 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def surrogate_problem(text: str) -> str | None:
    """Chinese description of the first lone surrogate in `text`, or None."""
    m = _SURROGATE_RE.search(text)
    if m is None:
        return None
    return f"含有无效字符 {codepoint(m.group())}（孤立的代理项，不是可以显示或打印的文字）"


def is_clean(text: str, *, multiline: bool = True) -> bool:
    """True when `clean` would return `text` unchanged."""
    # Every character `clean` changes is a control, format, separator, surrogate or unassigned
    # code point, none of which `str.isprintable` accepts: so printable text (as most is, with its
    # line breaks set aside) is clean without the search, which is many times slower.
    if text.isprintable() or (multiline and text.replace("\n", " ").isprintable()):
        return True
    if _SUSPECT_RE.search(text):
        return False
    return multiline or "\n" not in text


def clean(text: str, *, multiline: bool = True) -> CleanResult:
    """Normalise `text` as described in the module docstring; TextError for lone surrogates."""
    if is_clean(text, multiline=multiline):
        return CleanResult(text)
    problem = surrogate_problem(text)
    if problem:
        raise TextError(f"内容{problem}，请删除后重新输入。")
    notes: list[str] = []
    out = _BREAK_RE.sub("\n", text)
    if not multiline and "\n" in out:
        out = out.replace("\n", " ")
        notes.append("换行已改为空格（此项只能填一行）")
    if "\t" in out:
        out = out.replace("\t", " ")
        notes.append("制表符已改为空格")
    removed: dict[str, list[str]] = {"control": [], "bidi": [], "invisible": []}
    kept: list[str] = []
    for ch in out:
        o = ord(ch)
        if (o < 0x20 and ch != "\n") or 0x7F <= o <= 0x9F:
            removed["control"].append(ch)
        elif ch in BIDI_CONTROLS:
            removed["bidi"].append(ch)
        elif ch in INVISIBLE or _is_noncharacter(ch):
            removed["invisible"].append(ch)
        else:
            kept.append(ch)
    words = {"control": "控制字符", "bidi": "文字方向控制字符", "invisible": "不可见字符"}
    for kind, chars in removed.items():
        if chars:
            names = "、".join(dict.fromkeys(codepoint(c) for c in chars))
            notes.append(f"已删除 {len(chars)} 个{words[kind]}（{names}）")
    return CleanResult("".join(kept), tuple(notes))

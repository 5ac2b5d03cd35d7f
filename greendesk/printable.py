"""Which characters the signature PDF can print, and with which of its fonts.

The signed paper must say exactly what the file holds (its fingerprint covers every character), so a
character the PDF cannot show faithfully is named to the user instead of vanishing from the page.
A character prints when one of the shipped fonts has it (the main CJK font first, then the
fallbacks; `resources/fonts/coverage.txt` lists what each has) and it stands for itself on paper.
Refused even where a font has a glyph:
- invisible format characters (zero-width joiners, bidi overrides such as U+202E, BOM, soft hyphen)
  and variation selectors: the paper would not show them, or would show the text in another order;
- combining marks, right-to-left scripts (Arabic, Hebrew…) and scripts that need shaping (Thai,
  Tibetan, Indic, Khmer…): reportlab cannot shape or reorder them, so the paper would be wrong;
- control, private-use, unassigned and surrogate code points.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache
from itertools import groupby

from greendesk.resources import resource_path

MAIN_FONT = "wqy-microhei.ttc"
ALLOWED_CONTROLS = "\n\t\r"  # line breaks are kept as typed; a tab prints as a space

# Scripts whose letters must be shaped or reordered to read right (Unicode blocks).
COMPLEX_BLOCKS: list[tuple[int, int, str]] = [
    (0x0590, 0x08FF, "从右向左书写的文字（如阿拉伯文、希伯来文）"),
    (0x0900, 0x0DFF, "需要字形组合的文字（如天城文等印度系文字）"),
    (0x0E00, 0x0EFF, "需要字形组合的文字（如泰文、老挝文）"),
    (0x0F00, 0x0FFF, "需要字形组合的文字（藏文）"),
    (0x1000, 0x109F, "需要字形组合的文字（缅甸文）"),
    (0x1700, 0x18AF, "需要字形组合的文字（如高棉文、蒙古文）"),
    (0x1900, 0x1AFF, "需要字形组合的文字"),
    (0x1B00, 0x1BFF, "需要字形组合的文字"),
    (0xA800, 0xA8FF, "需要字形组合的文字"),
    (0xA980, 0xAAFF, "需要字形组合的文字"),
    (0xFB1D, 0xFDFF, "从右向左书写的文字（如阿拉伯文、希伯来文）"),
    (0xFE70, 0xFEFE, "从右向左书写的文字（阿拉伯文）"),
    (0x10800, 0x10FFF, "从右向左书写的文字"),
    (0x11000, 0x11FFF, "需要字形组合的文字"),
    (0x1E800, 0x1EFFF, "从右向左书写的文字"),
]

INVISIBLE_NAMES = {
    0x00AD: "软连字符", 0x034F: "组合用字素连接符", 0x061C: "阿拉伯文字母标记",
    0x180E: "蒙古文元音分隔符", 0x200B: "零宽空格", 0x200C: "零宽不连字", 0x200D: "零宽连字",
    0x200E: "从左向右标记", 0x200F: "从右向左标记", 0x202A: "从左向右嵌入符", 0x202B: "从右向左嵌入符",
    0x202C: "方向格式结束符", 0x202D: "从左向右覆盖符", 0x202E: "从右向左覆盖符", 0x2060: "零宽不换行符",
    0x2066: "从左向右隔离符", 0x2067: "从右向左隔离符", 0x2068: "第一强方向隔离符", 0x2069: "方向隔离结束符",
    0xFEFF: "零宽不换行空格（BOM）", 0x2028: "行分隔符", 0x2029: "段分隔符",
}
BIDI_CONTROLS = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


@cache
def _coverage() -> list[tuple[str, list[int], list[int]]]:
    """(font file, range starts, range ends) per font, in the order fonts are tried."""
    fonts: dict[str, tuple[list[int], list[int]]] = {}
    text = resource_path("fonts", "coverage.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, spans = line.partition(":")
        starts, ends = fonts.setdefault(name.strip(), ([], []))
        for span in spans.split():
            a, _, b = span.partition("-")
            starts.append(int(a, 16))
            ends.append(int(b or a, 16))
    return [(name, starts, ends) for name, (starts, ends) in fonts.items()]


def fonts() -> list[str]:
    """The PDF's font files, main font first."""
    return [name for name, _, _ in _coverage()]


@cache
def font_for(ch: str) -> str | None:
    """The first font file that has `ch`, or None."""
    cp = ord(ch)
    for name, starts, ends in _coverage():
        i = bisect_right(starts, cp) - 1
        if i >= 0 and cp <= ends[i]:
            return name
    return None


# characters already found printable (`problem` is None): a text made only of them needs no look-up
_printable_seen: set[str] = set()
_MAX_SEEN = 100_000


@cache
def problem(ch: str) -> str | None:
    """Why `ch` cannot be printed faithfully (Chinese), or None when it can."""
    if ch in ALLOWED_CONTROLS:
        return None
    cp = ord(ch)
    cat = unicodedata.category(ch)
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
        return "变体选择符，不可见，打印件上无法体现"
    if cp in BIDI_CONTROLS:
        return "改变文字显示方向的控制符，不可见，会使打印件与文件内容不一致"
    if cat in ("Cf", "Zl", "Zp"):
        return "不可见的格式控制字符，打印件上无法体现"
    if cat == "Cc":
        return "控制字符，无法打印"
    if cat == "Cs":
        return "不成对的代理码位，不是有效字符"
    if cat == "Co":
        return "私用区字符，各电脑显示不同，无法打印"
    if cat == "Cn":
        return "Unicode 未分配的码位，无法打印"
    for lo, hi, why in COMPLEX_BLOCKS:
        if lo <= cp <= hi:
            return why + "，本程序无法正确排印"
    if unicodedata.bidirectional(ch) in ("R", "AL"):
        return "从右向左书写的文字，本程序无法正确排印"
    if cat in ("Mn", "Mc", "Me"):
        return "组合用符号（需与前一字符拼合），本程序无法正确排印"
    if font_for(ch) is None:
        return "PDF 字体中没有这个字（如表情符号）" if cp >= 0x1F000 else "PDF 字体中没有这个字"
    return None


# Characters of Chinese forms that all print (ASCII, line breaks, common punctuation and symbols,
# the CJK Unified Ideographs of Unicode 1.1): a test checks each against the shipped fonts. A text
# made only of them is printable without a look-up per character (批量审核 checks every text of
# thousands of drafts; the set of a text's characters costs ten times this search).
SURELY_PRINTABLE = ("\t\n\r\x20-\x7e\xb0-\xb3\xb7\xd7\xf7\u2014\u2018\u2019\u201c\u201d\u2026\u2103"
                    "\u3000-\u3003\u3008-\u3011\u4e00-\u9fa5\uff01-\uff5e")
_OTHER_CHARACTER = re.compile(f"[^{SURELY_PRINTABLE}]")


def unprintable(text: str) -> list[tuple[str, str]]:
    """Each distinct character of `text` that cannot be printed, with why, in order of appearance."""
    if _OTHER_CHARACTER.search(text) is None:
        return []
    chars = set(text)
    if chars <= _printable_seen:  # the common case (批量审核 checks every text of thousands of drafts)
        return []
    bad = {ch for ch in chars if problem(ch) is not None}
    if len(_printable_seen) < _MAX_SEEN:
        _printable_seen.update(chars - bad)
    if not bad:
        return []
    out, seen = [], set()
    for ch in text:
        if ch in bad and ch not in seen:
            seen.add(ch)
            out.append((ch, problem(ch) or ""))
    return out


def describe(ch: str) -> str:
    """How a message names a character: “𠀀”（U+20000）, or U+202E（从右向左覆盖符） when invisible."""
    cp = ord(ch)
    code = f"U+{cp:04X}"
    name = INVISIBLE_NAMES.get(cp)
    if name:
        return f"{code}（{name}）"
    if unicodedata.category(ch) in ("Cf", "Cc", "Cs", "Co", "Cn", "Mn", "Me", "Zl", "Zp") \
            or 0xE0100 <= cp <= 0xE01EF:
        return f"{code}（不可见）"
    return f"“{ch}”（{code}）"


def runs(text: str) -> list[tuple[str | None, str]]:
    """`text` cut into (font file, piece) runs, each piece printable in its font; font None for a
    piece of characters that cannot be printed (a V23 finding: the PDF shows their code points)."""
    fonts_used = {ch: _run_font(ch) for ch in set(text)}
    if all(font == MAIN_FONT for font in fonts_used.values()):
        return [(MAIN_FONT, text)] if text else []
    return [(font, "".join(group)) for font, group in groupby(text, key=fonts_used.__getitem__)]


def _run_font(ch: str) -> str | None:
    if ch in ALLOWED_CONTROLS:
        return MAIN_FONT
    return None if problem(ch) else font_for(ch)


def code_points(text: str) -> str:
    """How the PDF shows characters it cannot print: 〔U+202E〕."""
    return "".join(f"〔U+{ord(ch):04X}〕" for ch in text)

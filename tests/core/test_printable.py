"""Which characters the signature PDF prints, with which font, and which it must refuse (V23).

Expected fonts and categories come from the Unicode standard: U+3400–U+4DBF is CJK Extension A,
U+20000–U+2A6DF Extension B; U+202E is RIGHT-TO-LEFT OVERRIDE (Cf); U+0F40 is Tibetan, U+0E01 Thai,
U+0639 Arabic; U+1F3ED an emoji no shipped font has."""

from __future__ import annotations

import pytest

from greendesk import printable
from greendesk.printable import describe, font_for, problem, runs, unprintable

FALLBACKS = ("hanazono-a.ttf.gz", "hanazono-b.ttf.gz")


@pytest.mark.parametrize("ch", ["绿", "A", "　", "，", "é", "Ж"])
def test_common_characters_print_with_the_main_font(ch):
    assert font_for(ch) == "wqy-microhei.ttc"
    assert problem(ch) is None


@pytest.mark.parametrize("ch", [
    "㐀",  # U+3400, first of Extension A
    "䶮",  # U+4DAE, Extension A (a personal-name character)
    "㑇",  # U+3447, Extension A
    "𬭤",  # U+2CB64, Extension E (a character of the 2013 通用规范汉字表)
    "𠀀",  # U+20000, first of Extension B
    "𡐓",  # U+21413, Extension B, used in place names
    "𪚥",  # U+2A6A5, Extension B
    "𪜀",  # U+2A700, first of Extension C
])
def test_cjk_extension_characters_print_with_a_fallback_font(ch):
    assert font_for(ch) in FALLBACKS
    assert problem(ch) is None


@pytest.mark.parametrize("ch", [
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE: the paper would show the text reversed
    "\u200d",  # ZERO WIDTH JOINER
    "\ufeff",  # BOM
    "\ufe0f",  # VARIATION SELECTOR-16
    "\U0001f3ed",  # 🏭 an emoji no shipped font has
    "\u0f40",  # ཀ Tibetan: needs stacking
    "\u0e01",  # ก Thai
    "\u0639",  # ع Arabic: right to left, joined
    "\u05d0",  # א Hebrew
    "\u0301",  # combining acute accent
    "\ue000",  # private use
    "\x07",  # control
])
def test_characters_that_cannot_be_printed_faithfully_are_refused(ch):
    assert problem(ch)


def test_line_breaks_and_tabs_are_not_findings():
    assert unprintable("第一行\n第二行\r\n\t缩进") == []


def test_unprintable_names_each_character_once_in_order():
    found = unprintable("A\U0001f3edB\u202eC\U0001f3ed")
    assert [ch for ch, _ in found] == ["\U0001f3ed", "\u202e"]


def test_describe_shows_the_character_and_its_code_point():
    assert describe("𠀀") == "“𠀀”（U+20000）"
    assert describe("\U0001f600") == "“\U0001f600”（U+1F600）"
    assert describe("\u202e") == "U+202E（从右向左覆盖符）"
    assert describe("\u200b") == "U+200B（零宽空格）"


def test_runs_cut_text_by_font():
    cut = runs("广州𡐓村㐀号")
    assert [piece for _, piece in cut] == ["广州", "𡐓", "村", "㐀", "号"]
    assert [font == "wqy-microhei.ttc" for font, _ in cut] == [True, False, True, False, True]
    assert all(font in FALLBACKS for font, _ in cut[1::2])
    assert runs("全部常用字") == [("wqy-microhei.ttc", "全部常用字")]
    assert runs("甲\u202e\u202e乙") == [("wqy-microhei.ttc", "甲"), (None, "\u202e\u202e"),
                                     ("wqy-microhei.ttc", "乙")]
    assert runs("") == []


def test_main_font_is_tried_first():
    assert printable.fonts()[0] == printable.MAIN_FONT


def test_every_surely_printable_character_prints():
    # unprintable() skips its look-up for a text made only of these: each must print with the shipped fonts
    import re

    surely_re = re.compile(f"[{printable.SURELY_PRINTABLE}]")
    surely = [chr(cp) for cp in range(0x110000) if surely_re.match(chr(cp))]
    assert len(surely) > 20_000  # the CJK Unified Ideographs among them
    assert [f"U+{ord(ch):04X}" for ch in surely if problem(ch) is not None] == []


def test_a_text_with_one_unprintable_character_among_plain_ones_is_still_found():
    assert [ch for ch, _why in unprintable("绿色工厂\u202e示范（一）")] == ["\u202e"]
    assert unprintable("绿色工厂，“示范”…℃ 2024年\n") == []

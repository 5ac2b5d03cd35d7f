"""Text normalisation: line breaks kept, control and direction characters removed and reported."""

from __future__ import annotations

import pytest

from greendesk.text import TextError, clean, echo, is_clean

# (typed, stored, a word the note must contain or "" for no note) — one line a case.
CASES = [
    ("普通文字", "普通文字", ""),
    ("第一行\n第二行", "第一行\n第二行", ""),
    ("第一行\r\n第二行", "第一行\n第二行", ""),
    ("第一行\r第二行", "第一行\n第二行", ""),
    ("Word手动换行\x0b第二行", "Word手动换行\n第二行", ""),
    ("分页\x0c第二页", "分页\n第二页", ""),
    ("段落\u2029下一段\u2028行", "段落\n下一段\n行", ""),
    ("NEL\x85行", "NEL\n行", ""),
    ("A\tB", "A B", "制表符"),
    ("空\x00字符", "空字符", "U+0000"),
    ("转义\x1b[31m红", "转义[31m红", "U+001B"),
    ("响铃\x07", "响铃", "U+0007"),
    ("删除\x7f符", "删除符", "U+007F"),
    ("C1\x9b控制", "C1控制", "U+009B"),
    ("名称\u202e反向\u202c", "名称反向", "U+202E"),
    ("隔离\u2066x\u2069", "隔离x", "文字方向"),
    ("零宽\u200b空格", "零宽空格", "U+200B"),
    ("\ufeff开头BOM", "开头BOM", "U+FEFF"),
    ("非字符\uffff", "非字符", "U+FFFF"),
    ("𠀀𪚥 扩展B字符", "𠀀𪚥 扩展B字符", ""),  # rare CJK characters are text, not control
    ("emoji 🌱", "emoji 🌱", ""),
]


@pytest.mark.parametrize(("typed", "stored", "note"), CASES)
def test_multiline_cleaning(typed, stored, note):
    result = clean(typed)
    assert result.text == stored
    if note:
        assert result.changed and note in "".join(result.notes)
    else:
        assert not result.changed


@pytest.mark.parametrize(("typed", "stored"), [
    ("某某\n有限公司", "某某 有限公司"), ("某某\x0b公司", "某某 公司"), ("某某\r\n公司", "某某 公司"),
])
def test_single_line_turns_breaks_into_spaces_and_says_so(typed, stored):
    result = clean(typed, multiline=False)
    assert result.text == stored
    assert "换行" in "".join(result.notes)


@pytest.mark.parametrize("bad", ["\ud800", "前\udfff后", "a\udc80"], ids=["high", "low-between", "low-after"])
def test_lone_surrogates_are_refused(bad):
    with pytest.raises(TextError) as exc:
        clean(bad)
    assert "U+D" in exc.value.message and "代理" in exc.value.message


def test_clean_text_is_recognised_without_copying():
    assert is_clean("一行\n两行")
    assert not is_clean("一行\n两行", multiline=False)
    assert not is_clean("x\x0c")


def test_echo_is_short_and_shows_controls():
    assert echo("a" * 500) == "a" * 79 + "…"
    assert echo("a\x00b") == "a<U+0000>b"


def test_every_character_clean_changes_fails_isprintable():
    # is_clean takes printable text as clean without its search: this holds only while no
    # character the search looks for is printable, checked here for every code point
    from greendesk.text import _SUSPECT_RE

    printable_suspects = [hex(cp) for cp in range(0x110000)
                          if chr(cp).isprintable() and _SUSPECT_RE.match(chr(cp))]
    assert printable_suspects == []


@pytest.mark.parametrize("text", ["多行\n说明", "a\u3000b", "\u00a0", "x\ty", "ok"])
def test_is_clean_agrees_with_clean_on_printable_and_spaced_text(text):
    for multiline in (True, False):
        assert is_clean(text, multiline=multiline) == (clean(text, multiline=multiline).text == text)

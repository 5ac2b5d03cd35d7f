"""The signature PDF's pieces, one at a time, without rendering a whole table: the paragraph styles
(sizes, leading, alignment the reader sees), the label/value grid, line wrapping by character with
the marks that must not begin a line (GB/T 15834), the long-line layout, the fallback fonts and
their markup, the text layer's CMap for characters beyond U+FFFF, the running head's lines and
baselines, how each kind of field prints, and which Part 3 texts go to the notes after the table.

Why apart from test_pdf_readback.py: these take milliseconds, so a change to one piece is found
without rendering six PDFs (the mutation run of export_pdf runs the fastest tests first).
Expected values are written from the module's stated layout, the form definitions and the
font's metrics (a CJK character of WenQuanYi Micro Hei is one em wide: 10 pt at 10 pt)."""

from __future__ import annotations

import pytest
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import Paragraph, Spacer

from greendesk import forms
from greendesk.document import open_draft
from greendesk.draft import new_draft
from greendesk.export import pdf
from greendesk.export.pdf import FONT, PdfBuilder, _PlainText, qr_payload
from tests.conftest import SAMPLES

EXT_B = "\U00020000"  # CJK Extension B: not in the main font, printed with hanazono-a
TIBETAN = "\u0f40"  # in no shipped font: printed as its code point


@pytest.fixture(autouse=True)
def _font_registered():
    pdf._register_font()


def _style(size=10.0, leading=12.0) -> ParagraphStyle:
    return ParagraphStyle("t", fontName=FONT, fontSize=size, leading=leading)


# ---------------------------------------------------------------- styles and grid

STYLES = [
    # name, size, leading, alignment (0 left, 1 centre, 2 right), text colour, space before/after
    ("base", 9, 12.5, 0, "#000000", 0, 0),
    ("small", 8, 10.5, 0, "#000000", 0, 0),
    ("title", 18, 24, 1, "#000000", 0, 0),
    ("sub", 10.5, 15, 1, "#000000", 0, 0),
    ("h1", 12, 17, 0, "#000000", 8, 4),
    ("label", 9, 12.5, 0, "#333333", 0, 0),
    ("head", 8.5, 11, 1, "#000000", 0, 0),
    ("num", 9, 12.5, 2, "#000000", 0, 0),
    ("answer", 9, 12.5, 1, "#000000", 0, 0),
    ("pledge", 11, 18, 0, "#000000", 0, 0),
]


def test_paragraph_styles():
    styles = pdf._styles()
    assert sorted(styles) == sorted(s[0] for s in STYLES)
    for name, size, leading, align, colour, before, after in STYLES:
        s = styles[name]
        got = (s.name, s.fontName, s.fontSize, s.leading, s.alignment, s.textColor.hexval(),
               s.spaceBefore, s.spaceAfter, s.wordWrap)
        assert got == (name, FONT, size, leading, align, "0x" + colour[1:], before, after, "CJK"), name


def test_label_grid_rules_every_cell_and_shades_the_first_column():
    extra = [("SPAN", (1, 0), (3, 0))]
    assert pdf._label_grid("TOP", extra).getCommands() == [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8a8a8a")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#e8eef5")),
        ("SPAN", (1, 0), (3, 0)),
    ]
    assert len(pdf._label_grid("MIDDLE").getCommands()) == 4


# ---------------------------------------------------------------- widths and wrapping


def test_widths_in_the_font_that_prints_each_character():
    assert pdf._width("甲乙", 10) == 20.0
    assert pdf._width(EXT_B, 10) == 10.0  # the fallback font's em
    assert pdf._width("a", 10) == pytest.approx(5.3076171875)
    assert pdf._char_widths("甲a甲", 10) == [10.0, pytest.approx(5.3076171875), 10.0]
    assert pdf._char_widths("", 10) == []


WRAPS = [
    # text, size, width (pt), lines
    ("甲" * 5, 10, 30, ["甲甲甲", "甲甲"]),
    ("甲" * 3, 10, 30, ["甲甲甲"]),  # exactly the width: one line
    ("甲" * 4, 10, 29.99, ["甲甲", "甲甲"]),
    ("甲甲甲，乙", 10, 30, ["甲甲甲，", "乙"]),  # the comma hangs at the end of the line
    ("甲甲甲：；乙丙", 10, 30, ["甲甲甲：；", "乙丙"]),
    ("甲甲甲”乙", 10, 30, ["甲甲甲”", "乙"]),
    ("甲甲甲（乙", 10, 30, ["甲甲甲", "（乙"]),  # an opening mark may begin a line
    ("甲", 10, 5, ["甲"]),  # wider than the measure: still printed, alone
    ("甲乙", 10, 5, ["甲", "乙"]),
    ("", 10, 30, []),
    ("甲" * 6, 20, 40, ["甲甲", "甲甲", "甲甲"]),  # the size counts
]


@pytest.mark.parametrize(("text", "size", "width", "lines"), WRAPS, ids=[f"wrap{i}" for i in range(len(WRAPS))])
def test_wrap_by_character(text, size, width, lines):
    assert pdf._wrap(text, size, width) == lines


def test_every_mark_that_must_not_begin_a_line_hangs():
    assert pdf.NO_LINE_START == "，；：！？》〉”’"
    for mark in pdf.NO_LINE_START:
        assert pdf._wrap("甲甲" + mark + "乙", 10, 20) == ["甲甲" + mark, "乙"], mark


def _alternating(runs: int) -> str:
    """A line of `runs` font runs: main-font and Extension B characters in turn."""
    return "".join("甲" if i % 2 == 0 else EXT_B for i in range(runs))


PLAIN = [
    # line, laid out by _PlainText (True) or as a Paragraph
    ("甲" * 6000, False),
    ("甲" * 6001, True),
    (_alternating(80), False),  # 80 characters, 80 runs: not past twice MANY_RUNS characters
    (_alternating(81), True),
    (_alternating(40) + EXT_B * 41, False),  # 81 characters, exactly 40 runs
    (_alternating(41) + "甲" * 40, True),  # 81 characters, 41 runs
    ("甲" * 100, False),
]


@pytest.mark.parametrize(("line", "plain"), PLAIN, ids=[f"plain{i}" for i in range(len(PLAIN))])
def test_which_lines_are_laid_out_plain(line, plain):
    assert pdf._plain(line) is plain


def test_plain_text_wraps_and_splits_by_whole_lines():
    p = _PlainText("甲" * 10, _style(10, 12))
    assert p.wrap(30, 1000) == (30, 48)
    assert p.lines == ["甲甲甲", "甲甲甲", "甲甲甲", "甲"]
    assert p.wrap(50, 1000) == (50, 24) and p.lines == ["甲" * 5] * 2  # wrapped again for a new width
    p.wrap(30, 1000)
    assert p.split(30, 11.9) == []  # no room for a line: all of it goes overleaf
    first, rest = p.split(30, 12)  # room for exactly one line
    assert (first.lines, rest.lines) == (["甲甲甲"], ["甲甲甲", "甲甲甲", "甲"])
    assert (first.text, rest.text) == ("", "")  # the parts keep their lines, never wrapped again
    assert first.wrap(10, 1000) == (10, 12) and first.lines == ["甲甲甲"]
    assert rest.wrap(30, 1000) == (30, 36) and rest.style.leading == 12
    first, rest = p.split(30, 36.5)
    assert (len(first.lines), len(rest.lines)) == (3, 1)
    assert p.split(30, 48) == [p]  # it all fits exactly
    assert p.split(30, 100) == [p]


def test_plain_text_without_lines_is_empty():
    p = _PlainText("", _style())
    assert p.wrap(100, 100) == (100, 0) and p.lines == []


def test_paragraphs_one_a_line_indents_and_empty_lines():
    base = _style(9, 12.5)
    out = pdf._paragraphs("\n\u3000\u3000缩进两格\n\n  半角缩进\n第四行\n" + "甲" * 6001 + "\n\n", base)
    assert [type(x) for x in out] == [Paragraph, Spacer, Paragraph, Paragraph, _PlainText]
    first, gap, half, plain_para, long = out
    assert first.style.firstLineIndent == 18.0 and first.style.name == "t+" and first.style.parent is base
    assert first.text == "缩进两格"
    assert gap.height == 12.5
    assert half.style.firstLineIndent == pytest.approx(2 * pdfmetrics.stringWidth(" ", FONT, 9))
    assert half.text == "半角缩进"
    assert plain_para.style is base and plain_para.text == "第四行"
    assert long.text == "甲" * 6001 and long.style is base
    out = pdf._paragraphs("X光伏\n" + "乙" * 6001 + "\n其后一行\n型号AX", base)  # an X at either end is text
    assert [(type(x), getattr(x, "text", None)) for x in out] == [
        (Paragraph, "X光伏"), (_PlainText, "乙" * 6001), (Paragraph, "其后一行"), (Paragraph, "型号AX")]
    assert pdf._paragraphs("一\n\n\n二", base)[1:3] and [type(x) for x in pdf._paragraphs("一\n\n\n二", base)] == \
        [Paragraph, Spacer, Spacer, Paragraph]


# ---------------------------------------------------------------- fonts, markup, text layer


def test_runs_name_the_font_of_each_piece():
    assert pdf._runs("甲乙") == [(FONT, "甲乙", True)]
    assert pdf._runs("甲" + EXT_B + TIBETAN + "乙") == [
        (FONT, "甲", True), ("GD-hanazono-a", EXT_B, True), (FONT, "〔U+0F40〕", False), (FONT, "乙", True)]
    assert pdf._runs("") == []


def test_markup_escapes_keeps_line_breaks_and_sets_fonts():
    assert pdf._markup("A<b>&c\n第二行") == "A&lt;b&gt;&amp;c<br/>第二行"
    assert pdf._markup("甲" + EXT_B + TIBETAN) == (
        f'甲<font face="GD-hanazono-a">{EXT_B}</font><font color="0xc00000">〔U+0F40〕</font>')


def test_a_fallback_font_is_registered_on_first_use(monkeypatch):
    assert pdf._font("wqy-microhei.ttc") == FONT
    for name in ("GD-hanazono-a", "GD-hanazono-b"):
        if name in pdfmetrics._fonts:
            monkeypatch.delitem(pdfmetrics._fonts, name)
    assert pdf._font("hanazono-b.ttf.gz") == "GD-hanazono-b"
    font = pdfmetrics.getFont("GD-hanazono-b")
    assert font.face.name.startswith(b"HanaMin")  # decompressed from the .gz, under its own name
    assert pdf._font("hanazono-b.ttf.gz") == "GD-hanazono-b"
    assert pdfmetrics.getFont("GD-hanazono-b") is font  # registered once


def test_register_font_embeds_the_main_face_and_fixes_line_starts(monkeypatch):
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    monkeypatch.delitem(pdfmetrics._fonts, FONT)
    monkeypatch.setattr(ttfonts, "makeToUnicodeCMap", pdf._rl_to_unicode_cmap)
    for module in (textsplit, paragraph):
        monkeypatch.setattr(module, "ALL_CANNOT_START", "、。")
    pdf._register_font()
    font = pdfmetrics.getFont(FONT)
    assert font.face.name == b"WenQuanYiMicroHei"  # face 0 of the .ttc, not the Mono face
    assert ttfonts.makeToUnicodeCMap is pdf._to_unicode_cmap
    for module in (textsplit, paragraph):
        assert module.ALL_CANNOT_START == "、。" + pdf.NO_LINE_START
    pdf._register_font()  # a second export adds nothing
    assert pdfmetrics.getFont(FONT) is font
    assert textsplit.ALL_CANNOT_START == "、。" + pdf.NO_LINE_START
    monkeypatch.setattr(textsplit, "ALL_CANNOT_START", "，、")
    pdf._register_font()
    assert textsplit.ALL_CANNOT_START == "，、；：！？》〉”’"  # only the missing ones


def test_the_text_layer_maps_characters_beyond_ffff_as_surrogate_pairs():
    cmap = pdf._to_unicode_cmap("F", [0x20, 0x20000, 0x4E00, 0x2A6A5])
    assert "<00> <0020>" in cmap and "<02> <4E00>" in cmap
    assert "<01> <D840DC00>" in cmap  # U+20000
    assert "<03> <D869DEA5>" in cmap  # U+2A6A5
    assert "<20000>" not in cmap and "2A6A5" not in cmap


# ---------------------------------------------------------------- the builder's pieces


@pytest.fixture
def factory():
    d = forms.get("green-factory-2025")
    return d, open_draft(SAMPLES / "green-factory-2025.json").draft


def test_qr_payload(factory):
    d, draft = factory
    assert qr_payload(d, draft) == f"GD1|9144011206Q8L2D5X8|2025|2025.1|{draft.fingerprint()}"


TITLE = "绿色工厂动态管理表（2025年度）"
CODE = "统一社会信用代码：9144011206Q8L2D5X8"


def test_running_head_lines(factory):
    d, draft = factory
    b = PdfBuilder(d, draft)
    assert b._header(180 * mm) == [(8, TITLE, f"工厂名称：广东绿源示范电缆有限公司\u3000{CODE}")]
    draft.fields["factory_name"] = "甲" * 55  # too long beside the title: its own line, 60 characters at 8 pt
    b = PdfBuilder(d, draft)
    assert b._header(180 * mm) == [(8, TITLE, CODE), (8, "", "工厂名称：" + "甲" * 55)]
    draft.fields["factory_name"] = "甲" * 60  # 65 characters: 520 pt at 8 pt, over 510.2; 487.5 at 7.5
    b = PdfBuilder(d, draft)
    assert b._header(180 * mm) == [(8, TITLE, CODE), (7.5, "", "工厂名称：" + "甲" * 60)]
    name = "甲" * 95  # 100 characters in all: 7 pt is 700 pt, 7.5 pt too wide for 705 pt
    draft.fields["factory_name"] = name
    b = PdfBuilder(d, draft)
    assert b._header(705) == [(8, TITLE, CODE), (7, "", "工厂名称：" + name)]
    assert b._header(650) == [(8, TITLE, CODE), (6.5, "", "工厂名称：" + name)]
    assert b._header(600) == [(8, TITLE, CODE), (7.0, "", "工厂名称：" + "甲" * 80), (7.0, "", "甲" * 15)]
    draft.fields["factory_name"] = "甲" * 300
    b = PdfBuilder(d, draft)
    head = b._header(140)  # 20 characters a line at 7 pt
    assert head == [(8, TITLE, CODE), (7.0, "", "工厂名称：" + "甲" * 15)] + [(7.0, "", "甲" * 20)] \
        + [(7.0, "", "甲" * 19 + "…")]
    assert b._header(140) is head  # worked out once per width


def test_running_head_when_name_and_code_are_not_filled():
    d = forms.get("green-factory-2025")
    b = PdfBuilder(d, new_draft(d))
    assert b._header(180 * mm) == [(8, TITLE, "工厂名称：（未填写工厂名称）\u3000统一社会信用代码：（未填写）")]


def test_running_head_baselines():
    h = 297 * mm
    one = PdfBuilder._header_baselines([(8, "t", "n")], h)
    assert one == [pytest.approx(h - 10 * mm)]
    three = PdfBuilder._header_baselines([(8, "t", "c"), (7, "", "a"), (6.5, "", "b")], h)
    assert three == [pytest.approx(h - 6.5 * mm), pytest.approx(h - 6.5 * mm - 8.75),
                     pytest.approx(h - 6.5 * mm - 8.75 - 8.125)]


def test_rule_under_the_head(factory):
    d, draft = factory
    b = PdfBuilder(d, draft)
    assert b._header_bottom(180 * mm, 297 * mm) == pytest.approx(297 * mm - 11.5 * mm)


FIELD_VALUES = [
    # field, value(s) in the draft, printed
    ("q1", {"q1": "是"}, "■ 是\u3000□ 否"),
    ("q1", {"q1": "否"}, "□ 是\u3000■ 否"),
    ("q1", {}, "□ 是\u3000□ 否"),
    ("industry_type", {"industry_type": "建材"},
     "□ 钢铁\u3000■ 建材\u3000□ 石化\u3000□ 有色\u3000□ 电子电器\u3000□ 机械\u3000□ 轻工\u3000□ 纺织\u3000□ 其它"),
    ("industry_type", {},
     "□ 钢铁\u3000□ 建材\u3000□ 石化\u3000□ 有色\u3000□ 电子电器\u3000□ 机械\u3000□ 轻工\u3000□ 纺织\u3000□ 其它"),
    ("industry1", {"industry1": "3831"}, "C3831 电线、电缆制造"),
    ("industry1", {}, ""),
    ("address", {"address.province": "44", "address.city": "4401", "address.county": "440115",
                 "address.detail": "示范路8号"}, "广东省 广州市 南沙区 示范路8号"),
    ("address", {"address.detail": "示范路8号"}, "示范路8号"),
    ("address", {"address.province": "44"}, "广东省"),
    ("address", {}, ""),
    ("factory_name", {"factory_name": "绿源"}, "绿源"),
    ("factory_name", {}, ""),
]


@pytest.mark.parametrize(("fid", "values", "printed"), FIELD_VALUES,
                         ids=[f"field{i}" for i in range(len(FIELD_VALUES))])
def test_each_kind_of_field_prints(fid, values, printed):
    d = forms.get("green-factory-2025")
    draft = new_draft(d)
    draft.fields.update(values)
    assert PdfBuilder(d, draft)._field_value(d.fields[fid]) == printed


@pytest.mark.parametrize(("values", "printed"), [
    ({"approved_area": "12.6", "approved_area.unit": "平方公里"}, "12.6 平方公里"),
    ({"approved_area": "12.6"}, "12.6 公顷"),  # the first unit when none is chosen
    ({"approved_area.unit": "平方公里"}, ""),
    ({}, ""),
], ids=["area-unit", "area-default-unit", "unit-alone", "area-empty"])
def test_a_quantity_prints_with_its_unit(values, printed):
    d = forms.get("green-park-2025")
    draft = new_draft(d)
    draft.fields.update(values)
    assert PdfBuilder(d, draft)._field_value(d.fields["approved_area"]) == printed


def test_heights_of_cell_texts():
    d = forms.get("green-factory-2025")
    b = PdfBuilder(d, new_draft(d))
    base = b.s["base"]
    assert b._height("甲" * 19, base, 100) == 12.5  # short, one line: no measuring
    assert b._height("甲" * 20, base, 10 * 9 + 12) == 2 * 12.5  # ten a line
    assert b._height("甲\n乙", base, 1000) == 2 * 12.5
    assert b._height("甲" * 30, base, 1000) == 12.5
    assert b._height("甲" * 6001, base, 1000) == float("inf")
    assert b._height("短\n" + "甲" * 6001, base, 1000) == float("inf")


def test_long_part_3_texts_go_to_the_notes_after_the_table():
    d = forms.get("green-factory-2025")
    b = PdfBuilder(d, new_draft(d))
    small = b.s["small"]
    assert b._cell_text("三" * 160, small, 1000, "甲", 160) == "三" * 160
    assert b._cell_text("三" * 161, small, 1000, "甲", 160) == "见表后注1"
    assert b._cell_text("四" * 200, small, 1000, "乙") == "四" * 200  # no limit in characters: one line
    tall = "\n".join("行" for _ in range(10))  # 10 lines of 10.5 pt: 105 pt, under 120
    assert b._cell_text(tall, small, 1000, "丙") == tall
    taller = "\n".join("行" for _ in range(12))  # 126 pt
    assert b._cell_text(taller, small, 1000, "丁") == "见表后注2"
    assert b.long_notes == [("注1（甲）", "三" * 161), ("注2（丁）", taller)]
    assert b._cell_text("", small, 1000, "戊", 160) == ""


def test_the_attachment_checklist_follows_the_questions_answered_yes(factory):
    d, draft = factory
    assert PdfBuilder(d, draft)._attachment_checklist() == []  # the sample answers 否 to 1–6
    draft.fields.update({"q2": "是", "q5": "是", "explanation": "已整改。"})
    b = PdfBuilder(d, draft)
    gap, title, note, *lines = b._attachment_checklist()
    assert isinstance(gap, Spacer) and gap.height == pytest.approx(6 * mm)
    assert (title.text, title.style.name) == ("附件清单（情况说明）", "h1")
    assert (note.text, note.style.name) == ("存在合规性信息中1-6所述情况的，请在附件中提供情况说明：", "base")
    assert [(x.text, x.style.name) for x in lines] == [
        ("□ 第2题（2024年至今是否发生安全、质量、环境污染等事故以及偷漏税等违法违规行为）：情况说明，可附相关材料", "pledge"),
        ("□ 第5题（2024年至今企业是否被列为失信被执行人）：情况说明，可附相关材料", "pledge")]


def test_the_list_pdf_registers_the_main_face_itself(monkeypatch):
    from greendesk.export import records_pdf

    monkeypatch.delitem(pdfmetrics._fonts, FONT)
    assert records_pdf._font() == FONT
    font = pdfmetrics.getFont(FONT)
    assert font.face.name == b"WenQuanYiMicroHei"
    assert records_pdf._font() == FONT and pdfmetrics.getFont(FONT) is font


def _drawn(**kw) -> list[tuple[float, float, float, str, str]]:
    """Draw 甲 + an Extension B character with `_draw` on a page; read back (x, y, size, font, text)."""
    import io

    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, initialFontName=FONT)
    pdf._draw(c, 100, 200, "甲" + EXT_B + "乙", 8, **kw)
    c.showPage()
    c.save()
    out = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            out.append((round(tm[4], 2), round(tm[5], 2), size, str(font["/BaseFont"]).split("+")[-1].split("-")[0], text))

    PdfReader(io.BytesIO(buf.getvalue())).pages[0].extract_text(visitor_text=visit)
    return out


def test_a_drawn_line_switches_to_the_fallback_font_and_back():
    # one text object: each run set in its font at 8 pt, continuing where the last one ended
    assert _drawn() == [(100, 200, 8, "WenQuanYiMicroHei", "甲"), (100, 200, 8, "HanaMinA", EXT_B),
                        (100, 200, 8, "WenQuanYiMicroHei", "乙")]
    assert _drawn(right=True)[0][:2] == (76, 200)  # right-aligned: 24 pt wide, ends at x = 100

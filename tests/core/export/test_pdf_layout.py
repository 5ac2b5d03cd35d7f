"""The signature PDF's layout before it is drawn: what each part's tables hold cell by cell (texts and
their styles), column widths, spans, shading and rules, the order of the story (part titles, page
templates, page breaks), the signature block and the QR block — read from the flowables the
builder makes, without laying out pages (test_pdf_readback.py checks the drawn pages).

Why apart: a PDF render takes a second, these take milliseconds, so the mutation run of
export_pdf finds most changes here first. Expected texts are the manual's and the 2025 sample's
(resources/samples/green-factory-2025.json); widths are the module's stated layout (38/52 mm label
and value columns, Part 3's 52/42/26/27 mm columns on a 267 mm wide landscape frame)."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from greendesk import forms
from greendesk.document import open_draft
from greendesk.draft import new_draft
from greendesk.export.pdf import FONT, PdfBuilder, _PlainText, _SealBox
from tests.conftest import SAMPLES

HEAD_BG = colors.HexColor("#e8eef5")
SECTION_BG = colors.HexColor("#d7e4d0")
GROUP_BG = colors.HexColor("#f1f5ee")
COMPUTED_BG = colors.HexColor("#f4f4f4")
GRID = colors.HexColor("#8a8a8a")


def _d(x):
    """A flowable as plain data: (text, style) for a paragraph, a tag for the others."""
    if isinstance(x, Paragraph):
        return (x.text, x.style.name)
    if isinstance(x, list):
        return [_d(y) for y in x]
    if isinstance(x, Spacer) and not isinstance(x, CondPageBreak):
        return ("spacer", round(x.height / mm, 3))
    if isinstance(x, CondPageBreak):
        return ("cond-break", round(x.height / mm, 3))
    if isinstance(x, NextPageTemplate):
        return ("next", x.action[1])
    if isinstance(x, PageBreak):
        return ("break",)
    if isinstance(x, Table):
        return ("table",)
    if isinstance(x, KeepTogether):
        return ("keep", [_d(y) for y in x._content])
    if isinstance(x, _SealBox):
        return ("seal", round(x.size / mm, 3))
    if isinstance(x, Drawing):
        return ("drawing", round(x.width / mm, 3), round(x.height / mm, 3))
    if isinstance(x, _PlainText):
        return ("plain", x.text)
    return x


def _cells(t: Table) -> list[list]:
    return [[_d(c) for c in row] for row in t._cellvalues]


def _widths(t: Table) -> list[float]:
    return [round(w / mm, 3) for w in t._argW]


@pytest.fixture
def factory():
    d = forms.get("green-factory-2025")
    return d, open_draft(SAMPLES / "green-factory-2025.json").draft


# ---------------------------------------------------------------- Part 3


def test_part_3_table_cell_by_cell(factory):
    d, draft = factory
    out = PdfBuilder(d, draft)._table_part()
    assert len(out) == 1  # no note too long for its cell
    t = out[0]
    assert _widths(t) == [52, 42, 26, 27, 27, 27, 66]  # 267 mm: the landscape frame
    assert (t.repeatRows, t.splitInRow) == (1, 1)
    rows = _cells(t)
    assert len(rows) == 68  # the head and 67 lines
    assert rows[0] == [("指标名称", "head"), ("指标涉及的参数", "head"), ("单位", "head"), ("2022年指标值", "head"),
                       ("2023年指标值", "head"), ("2024年指标值", "head"), ("特殊情况说明", "head")]
    assert rows[1] == [("1、能源低碳化", "h1"), "", "", "", "", "", ""]
    assert rows[2] == [("能源消费情况", "base"), "", "", "", "", "", ""]
    assert rows[3] == [("工业总产值", "base"), ("", "small"), ("万元", "small"), ("86520", "num"), ("92310", "num"),
                       ("98760", "num"), ("", "small")]
    assert rows[8] == [("单位产值综合能耗", "base"), ("综合能源消费量合计、工业总产值", "small"), ("吨标准煤/万元", "small"),
                       ("0.0445", "num"), ("0.0425", "num"), ("0.0403", "num"), ("", "small")]
    assert rows[11] == [("单位产品综合能耗", "base"), ("是否有适用国家强制性能源消耗限额标准的产品", "small"), "", ("是", "base"),
                        "", "", ("", "small")]
    assert rows[12] == [("产品1名称", "base"), ("", "small"), "", ("电工用铜线坯", "base"), "", "", ("", "small")]
    assert rows[15] == [("产品1产品产量", "base"), ("", "small"), ("吨", "small"), ("42000", "num"), ("44500", "num"),
                        ("46800", "num"), ("", "small")]
    sections, groups = [1, 24, 38, 59, 61], [2, 25, 31, 39]
    texts = [11, 12, 13, 14, 18, 19, 20, 30]
    computed = [8, 9, 10, 17, 23, 28, 29, 35, 52, 53, 54, 55, 56, 57, 65, 66, 67]
    assert t._bkgrndcmds == [("BACKGROUND", (0, 0), (-1, 0), HEAD_BG)] + sorted(
        [("BACKGROUND", (0, r), (-1, r), SECTION_BG) for r in sections]
        + [("BACKGROUND", (0, r), (-1, r), GROUP_BG) for r in groups]
        + [("BACKGROUND", (3, r), (5, r), COMPUTED_BG) for r in computed], key=lambda c: c[1][1])
    assert t._spanCmds == sorted([("SPAN", (0, r), (-1, r)) for r in sections + groups]
                                 + [("SPAN", (3, r), (5, r)) for r in texts], key=lambda c: c[1][1])
    assert [c[:5] for c in t._linecmds] == [("GRID", (0, 0), (-1, -1), 0.5, GRID)]
    assert {(s.fontname, s.valign) for row in t._cellStyles for s in row} == {(FONT, "MIDDLE")}


def test_a_yes_no_row_is_centred_and_a_long_note_goes_after_the_table():
    d = forms.get("green-park-2025")
    draft = open_draft(SAMPLES / "green-park-2025.json").draft
    draft.table["IG1"].note = "依托" * 81  # 162 characters: over the 160 a cell takes
    draft.table["PV"].note = "短说明"
    out = PdfBuilder(d, draft)._table_part()
    t, gap, title, ref, para = out
    rows = _cells(t)
    pv = next(r for r in rows if r[0] and r[0][0] == "园区工业增加值")
    assert pv[-1] == ("短说明", "small")
    ig1 = next(r for r in rows if r[0] and r[0][0] == "*污水集中处理设施")
    assert ig1[3:6] == [("是", "answer")] * 3 and ig1[-1] == ("见表后注1", "small")
    assert (_d(gap), _d(title), _d(ref), _d(para)) == (
        ("spacer", 4), ("特殊情况说明（续）", "h1"), ("注1（*污水集中处理设施）：", "label"), ("依托" * 81, "base"))
    assert _widths(t) == [52, 42, 26, 27, 27, 27, 66]


# ---------------------------------------------------------------- Parts 0–2


def test_part_1_grid_full_and_half_width_fields(factory):
    d, draft = factory
    b = PdfBuilder(d, draft)
    part1 = next(p for p in d.parts if p.id == "part1")
    (t,) = b._fields_block(part1)
    assert _widths(t) == [38, 52, 38, 52]
    rows = _cells(t)
    assert rows[0] == [("工厂名称", "label"), ("广东绿源示范电缆有限公司", "base"), "", ""]
    assert rows[1] == [("统一社会信用代码", "label"), ("9144011206Q8L2D5X8", "base"), "", ""]
    assert rows[-2] == [("填报信息联系人", "label"), ("李明", "base"), ("联系人电话", "label"), ("020-82213456", "base")]
    assert rows[-1] == [("电子邮件地址", "label"), ("green@lvyuan-cable.example.cn", "base"),
                        ("联系人手机号", "label"), ("13800138000", "base")]
    n = len(rows)
    assert t._spanCmds == [("SPAN", (1, r), (3, r)) for r in range(n - 2)]
    assert t._bkgrndcmds == [("BACKGROUND", (0, 0), (0, -1), HEAD_BG),
                             ("BACKGROUND", (2, n - 2), (2, n - 2), HEAD_BG), ("BACKGROUND", (2, n - 1), (2, n - 1), HEAD_BG)]
    assert [c[:5] for c in t._linecmds] == [("GRID", (0, 0), (-1, -1), 0.5, GRID)]
    assert {(s.fontname, s.valign) for row in t._cellStyles for s in row} == {(FONT, "MIDDLE")}
    assert t.repeatRows == 0


def test_an_odd_half_width_field_fills_its_line_with_blanks(factory):
    d, draft = factory
    b = PdfBuilder(d, draft)
    part1 = next(p for p in d.parts if p.id == "part1")
    part1 = part1.model_copy(update={"fields": [f for f in part1.fields if f.id != "contact_mobile"]})
    (t,) = b._fields_block(part1)
    assert _cells(t)[-1] == [("电子邮件地址", "label"), ("green@lvyuan-cable.example.cn", "base"), "", ""]
    assert t._bkgrndcmds[-1] == ("BACKGROUND", (2, len(t._cellvalues) - 1), (2, len(t._cellvalues) - 1), HEAD_BG)


def test_part_2_questions_print_their_answer_in_the_last_column(factory):
    d, draft = factory
    b = PdfBuilder(d, draft)
    part2 = next(p for p in d.parts if p.id == "part2")
    (t,) = b._fields_block(part2)
    rows = _cells(t)
    q1 = d.fields["q1"].label
    assert rows[0] == [(q1, "label"), "", "", ("□ 是 ■ 否", "base")]  # a Paragraph keeps U+3000 as a space
    assert t._spanCmds[0] == ("SPAN", (0, 0), (2, 0))
    assert ("BACKGROUND", (0, 0), (2, 0), HEAD_BG) in t._bkgrndcmds
    explanation = next(r for r in rows if r[0] == (d.fields["explanation"].label, "label"))
    assert explanation == [(d.fields["explanation"].label, "label"), ("", "base"), "", ""]


def test_a_value_taller_than_a_row_gets_a_table_of_its_own(factory):
    d, draft = factory
    draft.fields["main_products"] = "\n".join(f"第{i}种产品" for i in range(1, 14))  # 13 lines: 162.5 pt
    b = PdfBuilder(d, draft)
    part1 = next(p for p in d.parts if p.id == "part1")
    before, tall, after = b._fields_block(part1)
    assert _cells(before)[-1][0] == ("工厂所属行业（其它请填写）", "label")
    assert _widths(tall) == [38, 142] and tall.splitInRow == 1
    label, paras = _cells(tall)[0]
    assert label == ("工厂主要产品", "label")
    assert paras == [(f"第{i}种产品", "base") for i in range(1, 14)]
    assert {s.valign for row in tall._cellStyles for s in row} == {"TOP"}
    assert tall._bkgrndcmds == [("BACKGROUND", (0, 0), (0, -1), HEAD_BG)]
    assert _cells(after)[0][0] == ("填报信息联系人", "label")
    draft.fields["main_products"] = "\n".join(f"第{i}种产品" for i in range(1, 13))  # 12 lines: 150 pt, fits
    assert len(PdfBuilder(d, draft)._fields_block(part1)) == 1


# ---------------------------------------------------------------- Parts 4 and 5


def test_long_text_parts(factory):
    d, draft = factory
    draft.fields["suggestions"] = " \n "
    b = PdfBuilder(d, draft)
    part4 = next(p for p in d.parts if p.id == "part4")
    part5 = next(p for p in d.parts if p.id == "part5")
    assert _d(b._long_text_part(part4))[0] == (draft.fields["highlights"].split("\n")[0], "base")
    assert len(b._long_text_part(part4)) == 4
    assert _d(b._long_text_part(part5)) == [("（未填写）", "label")]
    del draft.fields["suggestions"]  # a file without the field at all
    assert _d(PdfBuilder(d, draft)._long_text_part(part5)) == [("（未填写）", "label")]
    # a part of two texts (a later form may have one): each in turn, the empty one said
    both = part4.model_copy(update={"fields": [*part5.fields, *part4.fields]})
    out = _d(PdfBuilder(d, draft)._long_text_part(both))
    assert out[0] == ("（未填写）", "label") and out[1:] == _d(b._long_text_part(part4))


# ---------------------------------------------------------------- signature and QR block

DATE = "日期：" + "\u00a0" * 10 + "年" + "\u00a0" * 6 + "月" + "\u00a0" * 6 + "日"


def test_signature_block_of_a_table_without_errors(factory):
    d, draft = factory
    b = PdfBuilder(d, draft)
    gap, keep = b._signature()
    assert _d(gap) == ("spacer", 8)
    kind, content = _d(keep)
    assert kind == "keep"
    assert content[:3] == [("真实性承诺：", "h1"), (d.pledge, "pledge"), ("spacer", 8)]
    assert content[3:5] == [("table",), ("spacer", 6)] and content[5] == ("table",)
    sign = keep._content[3]
    assert _cells(sign) == [[("法人签字：＿＿＿＿＿＿＿＿＿＿", "pledge"), ("seal", 48)], [(DATE, "pledge"), ""]]
    assert _widths(sign) == [100, 60] and [round(h / mm, 3) for h in sign._argH] == [30, 22]
    assert sign._spanCmds == [("SPAN", (1, 0), (1, 1))]
    assert sign._cellStyles[0][1].alignment == "CENTER" and sign._cellStyles[0][0].alignment == "LEFT"
    assert {(s.fontname, s.valign) for row in sign._cellStyles for s in row} == {(FONT, "MIDDLE")}


def test_signature_block_of_a_draft_with_errors():
    d = forms.get("green-factory-2025")
    b = PdfBuilder(d, new_draft(d))
    gap, says, gap2, qr = b._signature()
    assert (_d(gap), _d(gap2)) == (("spacer", 6), ("spacer", 6))
    assert _d(says) == (f"存在 {b.errors} 个错误，本表为草稿，不能用于签字盖章。请在 GreenDesk 中修正后重新导出。", "pledge")
    assert b.errors > 0 and isinstance(qr, Table)


def test_qr_block_with_its_caption(factory):
    d, draft = factory
    b = PdfBuilder(d, draft)
    t = b._qr_block()
    fp = draft.fingerprint()
    code = f"{fp[0:4]}-{fp[4:8]}-{fp[8:12]}".upper()
    assert _cells(t) == [[("drawing", 24, 24),
                          (f"核对码：{code}<br/>用 GreenDesk“核对纸质件”或 greendesk-cli verify 核对纸质件与电子文件是否一致。",
                           "small")]]
    assert _widths(t) == [28, 132]
    assert {(s.fontname, s.valign) for row in t._cellStyles for s in row} == {(FONT, "MIDDLE")}
    drawing = t._cellvalues[0][0]
    widget = drawing.contents[0]
    assert widget.value == f"GD1|9144011206Q8L2D5X8|2025|2025.1|{fp}" and widget.barLevel == "M"
    x0, y0, x1, y1 = widget.getBounds()
    assert drawing.transform == pytest.approx([24 * mm / (x1 - x0), 0, 0, 24 * mm / (y1 - y0), 0, 0])


# ---------------------------------------------------------------- the story


def test_the_story_in_the_forms_order(factory):
    d, draft = factory
    story = [_d(x) for x in PdfBuilder(d, draft).story()]
    titles = [p.title for p in d.parts]
    part2 = next(p for p in d.parts if p.id == "part2")
    assert story[:3] == [("绿色工厂动态管理表", "title"), ("2025年度 （2022—2024年数据）", "sub"), ("spacer", 4)]
    assert story[3:5] == [("cond-break", 30), (titles[0], "h1")]
    i = story.index((f"{part2.title} {part2.note}", "h1"))
    assert story[i - 1] == ("cond-break", 30)
    j = story.index((titles[3], "h1"))
    assert story[j - 2:j] == [("next", "landscape"), ("break",)]
    assert story[j + 1:j + 4] == [("table",), ("next", "portrait"), ("break",)]
    assert story[j + 4:j + 6] == [("cond-break", 30), (titles[4], "h1")]
    assert story[j + 6] == (draft.fields["highlights"].split("\n")[0], "base")
    k = story.index((titles[5], "h1"))
    assert story[k + 1] == (draft.fields["suggestions"], "base")
    assert story[k + 2] == ("spacer", 8) and story[k + 3][0] == "keep"
    assert len(story) == k + 4  # no 附件清单: every question 1–6 is 否


# ---------------------------------------------------------------- page furniture, drawn on one page


def _furniture(b: PdfBuilder, page: int, total: int, size) -> tuple[list[tuple], list[tuple]]:
    """Draw the builder's furniture for `page` of `total` on an empty page of `size`; read back the
    text (x, y in mm, size, angle, text) and the drawing operators."""
    import io
    import math

    from pypdf import PdfReader
    from pypdf.generic import ContentStream
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=size, initialFontName=FONT, pageCompression=0)
    b._furniture(c, page, total)
    c.showPage()
    c.save()
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    texts = []

    def visit(text, cm, tm, _font, fsize):
        if text.strip():
            a, bb, _c, _d, e, f = tm
            ca, cb, cc, cd, ce, cf = cm
            x, y = e * ca + f * cc + ce, e * cb + f * cd + cf
            angle = round(math.degrees(math.atan2(a * cb + bb * cd, a * ca + bb * cc)))
            texts.append((round(x / mm, 2), round(y / mm, 2), round(fsize * math.hypot(ca, cb), 2), angle,
                          text.strip("\n")))

    reader.pages[0].extract_text(visitor_text=visit)
    ops = [(op.decode() if isinstance(op, bytes) else op, [float(a) if isinstance(a, int | float) or
                                                           hasattr(a, "as_numeric") else a for a in args])
           for args, op in ContentStream(reader.pages[0].get_contents(), reader).operations]
    return texts, ops


def test_furniture_of_a_later_page(factory):
    d, draft = factory
    b = PdfBuilder(d, draft)
    texts, ops = _furniture(b, 2, 5, (297 * mm, 210 * mm))
    code = draft.fingerprint()[:12].upper()
    code = f"{code[0:4]}-{code[4:8]}-{code[8:12]}"
    right = f"工厂名称：广东绿源示范电缆有限公司\u3000{CODE}"
    width = b._header(267 * mm)  # one line on a landscape page
    assert width == [(8, TITLE, right)]
    from greendesk.export.pdf import _width
    assert texts == [
        (15, 200, 8, 0, TITLE),
        (round((282 * mm - _width(right, 8)) / mm, 2), 200, 8, 0, right),
        (15, 8, 8, 0, f"内容指纹：{code}\u3000表单版本：2025.1"),
        (round((282 * mm - _width("第 2 页 共 5 页", 8)) / mm, 2), 8, 8, 0, "第 2 页 共 5 页"),
    ]
    lines = [[round(v / mm, 2) for v in args] for op, args in ops if op in ("m", "l")]
    assert lines == [[15, 198.5], [282, 198.5], [15, 12], [282, 12]]  # under the head, over the foot
    assert [f"{v:.3f}" for v in next(a for op, a in ops if op == "RG")] == ["0.733", "0.733", "0.733"]  # #bbbbbb
    assert [f"{v:.3f}" for v in next(a for op, a in ops if op == "rg")] == ["0.333", "0.333", "0.333"]  # #555555
    assert not any(op == "re" for op, _ in ops)  # no QR code after the first page
    assert not any(op == "gs" for op, _ in ops)  # no watermark without errors


CODE = "统一社会信用代码：9144011206Q8L2D5X8"
TITLE = "绿色工厂动态管理表（2025年度）"


def test_furniture_of_the_first_page_has_the_qr_code_top_right(factory):
    d, draft = factory
    b = PdfBuilder(d, draft)
    _, ops = _furniture(b, 1, 5, (210 * mm, 297 * mm))
    cms = [a for op, a in ops if op == "cm"]
    # the drawing is placed at x = 210 − 15 − 22 mm, its top 14 mm below the page's top edge
    assert any(round(a[4] / mm, 2) == 173 and round(a[5] / mm, 2) == 261 for a in cms if len(a) == 6), cms
    assert sum(1 for op, _ in ops if op == "re") > 100  # the code's modules


def test_furniture_of_a_draft_with_errors_has_the_watermark():
    d = forms.get("green-factory-2025")
    b = PdfBuilder(d, new_draft(d))
    texts, ops = _furniture(b, 3, 5, (210 * mm, 297 * mm))
    mark = [t for t in texts if t[4] == "草稿"]
    assert len(mark) == 1 and mark[0][2:4] == (110, 40)
    assert any(op == "gs" for op, _ in ops)  # the translucent fill
    assert texts[0][4] == TITLE and texts[1][4] == "工厂名称：（未填写工厂名称）\u3000统一社会信用代码：（未填写）"


TALL_CASES = [
    # field, value, gets a table of its own
    ("contact_name", "甲" * 195, True),  # a half-width box (52 mm): 15 a line, 13 lines, 162.5 pt
    ("main_products", "甲" * 195, False),  # a full-width box (142 mm): 43 a line, 5 lines
    ("contact_name", "\n".join(["甲" * 15 + "i"] * 7), True),  # 137 pt a line: two lines each in 52 mm
    ("contact_name", "\n".join(["甲" * 15] * 7), False),  # 135 pt: one line each, 87.5 pt
    ("main_products", "\n".join(["甲" * 43 + "a"] * 7), True),  # 391.8 pt: two lines each in 142 mm
    ("main_products", "\n".join(["甲" * 43] * 7), False),
]


@pytest.mark.parametrize(("fid", "value", "alone"), TALL_CASES, ids=[f"tall{i}" for i in range(len(TALL_CASES))])
def test_how_tall_a_value_is_depends_on_its_box(factory, fid, value, alone):
    d, draft = factory
    draft.fields[fid] = value
    part1 = next(p for p in d.parts if p.id == "part1")
    out = PdfBuilder(d, draft)._fields_block(part1)
    assert len(out) == (3 if alone else 1)
    if alone:
        assert _cells(out[1])[0][0] == (d.fields[fid].label, "label")


def test_the_seal_box_is_48mm_square(factory):
    d, draft = factory
    box = PdfBuilder(d, draft)._signature()[1]._content[3]._cellvalues[0][1]
    assert (box.size, box.width, box.height) == (48 * mm, 48 * mm, 48 * mm)
    assert box.wrap(100, 100) == (48 * mm, 48 * mm)


def test_part_3_texts_are_measured_in_their_own_columns(factory):
    """A note is measured in the 66 mm note column (21 characters a line at 8 pt), a product's text in
    the three year columns it spans (81 mm: 24 characters a line at 9 pt); what would wrap taller than
    120 pt goes to the notes after the table, named by its row."""
    d, draft = factory
    draft.table["E0"].note = "说" * 150  # 8 lines in 66 mm: 84 pt, stays (13 a line in 42 mm would not)
    draft.table["E1"].note = "说" * 30  # two lines
    draft.table["E6"].note = "问" * 30  # a question row's note: the same column
    draft.products["E6"].items[0].name = "甲" * 216  # 9 lines: 112.5 pt, stays
    draft.products["E6"].items[0].standard = "乙" * 217  # 10 lines: 125 pt, goes (9 lines at 25 a line)
    b = PdfBuilder(d, draft)
    t, gap, title, ref, para = b._table_part()
    rows = _cells(t)
    assert rows[3][-1] == ("说" * 150, "small") and rows[4][-1] == ("说" * 30, "small")
    assert rows[11][-1] == ("问" * 30, "small")
    assert rows[12][3] == ("甲" * 216, "base")
    assert rows[13][3] == ("见表后注1", "base")
    assert b.long_notes == [("注1（产品1适用标准）", "乙" * 217)]
    assert (_d(ref), _d(para)) == (("注1（产品1适用标准）：", "label"), ("乙" * 217, "base"))

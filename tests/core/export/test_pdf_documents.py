"""What each PDF document is made of, handed to reportlab but not laid out: the page size,
margins, frames and page templates, the file's metadata, the canvas that draws the furniture,
the 培育名单's title, table, note and signature block, and what its pages carry (foot, 草稿).

reportlab's document class is replaced by a recorder for the length of a test, so nothing is drawn:
a change to any of these is found in milliseconds (the mutation run of export_pdf runs the fastest
tests first); test_pdf_readback.py checks the same on drawn pages. Expected values: the module's
stated layout (15 mm margins, frames below the running head, 12/14 mm margins of the list) and the
notice's 附件3/附件4 (the lists' heads, note, 填报单位（盖章）/日期 line)."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import KeepTogether, LongTable, Paragraph, Spacer, Table

from greendesk import forms
from greendesk.document import open_draft
from greendesk.draft import new_draft
from greendesk.export import pdf, records_pdf
from greendesk.export.pdf import FONT, PdfResult
from tests.conftest import SAMPLES


class _Recorder:
    """Stands in for BaseDocTemplate / SimpleDocTemplate: keeps what it is given."""

    last: _Recorder | None = None

    def __init__(self, buf, **kw):
        self.buf, self.kw, self.templates, self.page = buf, kw, [], 3
        type(self).last = self

    def addPageTemplates(self, templates):  # noqa: N802 — reportlab API
        self.templates += templates

    def build(self, story, **kw):
        from reportlab.graphics import shapes

        self.story, self.build_kw = story, kw
        self.font_while_building = shapes.STATE_DEFAULTS["fontName"]


class _Canvas:
    """Records the calls a page decoration makes."""

    def __init__(self):
        self.calls: list[tuple] = []

    def __getattr__(self, name):
        return lambda *args: self.calls.append((name, *args))


def _text(x):
    return (x.text, x.style.fontName, x.style.fontSize, x.style.leading, x.style.alignment)


# ---------------------------------------------------------------- the signature PDF


@pytest.fixture
def built(monkeypatch):
    monkeypatch.setattr(pdf, "BaseDocTemplate", _Recorder)

    def build(form="green-factory-2025", draft=None):
        d = forms.get(form)
        draft = draft or open_draft(SAMPLES / f"{form}.json").draft
        b = pdf.PdfBuilder(d, draft)
        out = b.build()
        return b, _Recorder.last, out

    return build


def test_the_document_its_metadata_and_page_templates(built):
    from reportlab.graphics import shapes

    before = shapes.STATE_DEFAULTS["fontName"]
    b, doc, out = built()
    assert out == (b"", 0)  # nothing was drawn: no page counted
    assert doc.kw == {"pagesize": A4, "title": "绿色工厂动态管理表（2025年度）", "author": "GreenDesk",
                      "subject": "广东绿源示范电缆有限公司", "creator": "GreenDesk", "initialFontName": FONT}
    portrait, land = doc.templates
    assert (portrait.id, portrait.pagesize, land.id, land.pagesize) == ("portrait", A4, "landscape", landscape(A4))
    # one head line 10 mm from the top, its rule 1.5 mm under, 3.5 mm gap: the frame's top at most
    # 25 mm from a portrait page's top, 15 mm from a landscape page's
    for template, w, top in ((portrait, 210, 297 - 25), (land, 297, 210 - 15)):
        (frame,) = template.frames
        assert (frame._x1 / mm, frame._y1 / mm) == pytest.approx((15, 15))
        assert (frame._width / mm, frame._height / mm) == pytest.approx((w - 30, top - 15))
        assert (frame._leftPadding, frame._rightPadding, frame._topPadding, frame._bottomPadding) == (0, 0, 0, 0)
    assert doc.font_while_building == FONT  # the QR drawing's font: never an unembedded Helvetica
    assert shapes.STATE_DEFAULTS["fontName"] == before  # and put back
    canvas = doc.build_kw["canvasmaker"]
    assert issubclass(canvas, pdf._PagedCanvas)
    assert canvas.furniture == b._furniture
    assert [type(x).__name__ for x in doc.story[:3]] == ["Paragraph", "Paragraph", "Spacer"]


def test_a_long_name_lowers_the_frames_under_a_taller_head(built):
    draft = open_draft(SAMPLES / "green-factory-2025.json").draft
    draft.fields["factory_name"] = "甲" * 300  # three head lines under the title's
    _, doc, _ = built(draft=draft)
    portrait, land = (t.frames[0] for t in doc.templates)
    assert portrait._height == pytest.approx(297 * mm - 25 * mm - 15 * mm)  # the head still fits above 25 mm
    # 4 lines: 6.5 mm from the top, then 3 × 8.75 pt lower (7 pt lines), the rule 1.5 mm under, 3.5 mm gap
    top = 210 * mm - 6.5 * mm - 3 * 8.75 - 1.5 * mm - 3.5 * mm
    assert land._height == pytest.approx(top - 15 * mm)


def test_the_paged_canvas_draws_the_furniture_with_the_page_count(monkeypatch):
    import io

    from reportlab.pdfgen import canvas as rl_canvas

    drawn = []

    class Canvas(pdf._PagedCanvas):
        furniture = staticmethod(lambda c, page, total: drawn.append((page, total, c._pagesize)))

    monkeypatch.setattr(rl_canvas.Canvas, "save", lambda self: drawn.append("saved"))
    c = Canvas(io.BytesIO(), pagesize=A4)
    assert c._fontname == FONT  # the initial font: the embedded one
    c.showPage()
    c.setPageSize(landscape(A4))
    c.showPage()
    assert drawn == []  # nothing before the count is known
    c.save()
    assert drawn == [(1, 2, A4), (2, 2, landscape(A4)), "saved"]
    assert pdf._PagedCanvas.furniture is None


def test_render_pdf_reports_pages_errors_and_fingerprint(monkeypatch):
    monkeypatch.setattr(pdf.PdfBuilder, "build", lambda self: (b"%PDF", 7))
    d = forms.get("green-factory-2025")
    draft = new_draft(d)
    data, result = pdf.render_pdf(d, draft)
    errors = pdf.PdfBuilder(d, draft).errors
    assert errors > 0
    assert (data, result) == (b"%PDF", PdfResult(7, True, errors, draft.fingerprint()))
    sample = open_draft(SAMPLES / "green-factory-2025.json").draft
    assert pdf.render_pdf(d, sample)[1] == PdfResult(7, False, 0, sample.fingerprint())


# ---------------------------------------------------------------- the 培育名单 PDF

GOOD = {"city": "广州市", "name": "广州市绿源制药有限公司", "address": "广州市南沙区", "ownership": "民营",
        "industry": "2720 化学药品制剂制造", "status": "市级绿色工厂", "remark": "新建"}
HEADS = ["序号", "地市", "企业名称", "所在地址（写到县/区镇）", "企业类型（国有、民营、中外合资、外商独资、港澳台企）",
         "所属行业（4位国民经济行业分类代码+名称）", "绿色制造现状（省级绿色工厂、市级绿色工厂、其他）", "备注"]
WIDTHS = [4, 10, 28, 22, 16, 24, 16, 16]  # 序号 4, then the definition's column widths


@pytest.fixture
def listed(monkeypatch):
    monkeypatch.setattr(records_pdf, "SimpleDocTemplate", _Recorder)

    def render(rows, form="cultivation-factory-2025", city="广州市"):
        d = forms.get(form)
        draft = new_draft(d)
        draft.fields["city"] = city
        draft.records["list"] = rows
        data, result = records_pdf.render_records_pdf(d, draft)
        return d, draft, data, result, _Recorder.last

    return render


def test_the_list_document_title_table_and_signature(listed):
    d, draft, data, result, doc = listed([GOOD, dict(GOOD, name="广州市绿源电缆有限公司", remark="第二行\n两行备注")])
    assert data == b"" and result == PdfResult(3, False, 0, draft.fingerprint())
    assert doc.kw == {"pagesize": landscape(A4), "leftMargin": 12 * mm, "rightMargin": 12 * mm, "topMargin": 12 * mm,
                      "bottomMargin": 14 * mm, "title": "绿色制造培育名单（工厂、供应链）", "author": "GreenDesk",
                      "initialFontName": FONT}
    title, table, gap, sign = doc.story
    assert _text(title) == ("广州市绿色制造培育名单（工厂、供应链）", FONT, 15, 20, 1) and title.style.spaceAfter == 6
    assert isinstance(table, LongTable) and table.repeatRows == 1
    page_w = 297 * mm - 24 * mm
    assert table._argW == pytest.approx([page_w * w / sum(WIDTHS) for w in WIDTHS])
    head, first, second = table._cellvalues
    assert [_text(c) for c in head] == [(h, FONT, 8.5, 11, 1) for h in HEADS]
    assert _text(first[0]) == ("1", FONT, 8.5, 11, 1) and _text(second[0]) == ("2", FONT, 8.5, 11, 1)
    assert [_text(c) for c in first[1:]] == [(v, FONT, 8.5, 11, 0) for v in
                                             ("广州市", "广州市绿源制药有限公司", "广州市南沙区", "民营", "2720 化学药品制剂制造",
                                              "市级绿色工厂", "新建")]
    assert second[2].text == "广州市绿源电缆有限公司" and second[7].text == "第二行<br/>两行备注"
    assert {c.style.wordWrap for c in first[1:]} == {"CJK"}
    assert table._bkgrndcmds == [("BACKGROUND", (0, 0), (-1, 0), Color(0.9, 0.93, 0.9))]
    assert [c[:5] for c in table._linecmds] == [("GRID", (0, 0), (-1, -1), 0.5, black)]
    assert {(s.fontname, s.valign) for row in table._cellStyles for s in row} == {(FONT, "MIDDLE")}
    assert isinstance(gap, Spacer) and gap.height == 10
    assert isinstance(sign, KeepTogether)


def test_the_list_signature_gives_room_for_the_seal_and_the_date(listed):
    *_, doc = listed([GOOD])
    space, table = doc.story[-1]._content
    assert isinstance(space, Spacer) and space.height == pytest.approx(4 * mm)
    assert isinstance(table, Table) and table.hAlign == "LEFT"
    date = "日期：" + "\u00a0" * 10 + "年" + "\u00a0" * 6 + "月" + "\u00a0" * 6 + "日"
    seal, blank, when = table._cellvalues[0]
    assert (_text(seal), blank, _text(when)) == (("填报单位（盖章）：", FONT, 9, 12, 0), "", (date, FONT, 9, 12, 0))
    w = pdfmetrics.stringWidth
    assert table._argW == pytest.approx([w("填报单位（盖章）：", FONT, 9) + 2 * mm, 90 * mm, w(date, FONT, 9) + 4 * mm])
    assert table._argH == pytest.approx([32 * mm])
    styles = {(s.fontname, s.valign, s.leftPadding, s.rightPadding) for row in table._cellStyles for s in row}
    assert styles == {(FONT, "MIDDLE", 0, 0)}


def test_a_park_list_prints_its_note_under_the_table(listed):
    row = {"name": "广州南沙经济技术开发区", "address": "广州市南沙区", "established": "1993/05", "approver": "国务院",
           "area": "2760", "park_type": "经开区", "industries": "汽车、装备制造", "remark": "A&B<一期>"}
    d, draft, _, result, doc = listed([row], form="cultivation-park-2025", city="广州")
    title, table, small, note, gap, sign = doc.story
    assert title.text == "广州市绿色制造培育名单（工业园区）"
    assert table._cellvalues[1][-1].text == "A&amp;B&lt;一期&gt;"  # printed as typed
    assert isinstance(small, Spacer) and small.height == 4
    assert _text(note) == ("注：园区类型请填写省产业园、高新区、经开区、海关特殊监管区、其他等等。", FONT, 9, 12, 0)
    assert isinstance(gap, Spacer) and gap.height == 10 and isinstance(sign, KeepTogether)


def test_a_list_with_errors_has_no_signature_and_says_draft(listed):
    d, draft, _, result, doc = listed([dict(GOOD, ownership="私营")] * 2)
    assert result.draft_watermark and result.errors == 2 and result.pages == 3
    assert not any(isinstance(x, KeepTogether) for x in doc.story)
    c = _Canvas()
    doc.build_kw["onFirstPage"](c, doc)
    code = draft.fingerprint()[:12].upper()
    assert c.calls == [
        ("saveState",), ("setFont", FONT, 8),
        ("drawRightString", 297 * mm - 12 * mm, 8 * mm, f"内容指纹 {code[:4]}-{code[4:8]}-{code[8:]}    第 3 页"),
        ("setFont", FONT, 90), ("setFillColor", Color(0.8, 0.8, 0.8, alpha=0.35)),
        ("translate", 297 * mm / 2, 100 * mm), ("rotate", 25), ("drawCentredString", 0, 0, "草稿"),
        ("restoreState",)]
    assert doc.build_kw["onLaterPages"] is doc.build_kw["onFirstPage"]


def test_a_list_without_errors_has_only_its_foot(listed):
    d, draft, _, result, doc = listed([GOOD])
    c = _Canvas()
    doc.build_kw["onLaterPages"](c, doc)
    assert [x[0] for x in c.calls] == ["saveState", "setFont", "drawRightString", "restoreState"]


def test_a_list_form_without_signature_words_prints_none(listed, monkeypatch):
    d = forms.get("cultivation-factory-2025")
    monkeypatch.setattr(type(d), "signature_labels", property(lambda self: []), raising=False)
    *_, doc = listed([GOOD])
    assert not any(isinstance(x, KeepTogether) for x in doc.story)


def test_the_signature_line_of_a_list_with_only_the_seal_label():
    keep = records_pdf._signature(["盖章："], records_pdf.ParagraphStyle("n", fontName=FONT, fontSize=9, leading=12))
    _, table = keep._content
    blanks = "\u00a0" * 10 + "年" + "\u00a0" * 6 + "月" + "\u00a0" * 6 + "日"
    assert [getattr(c, "text", c) for c in table._cellvalues[0]] == ["盖章：", "", blanks]
    assert isinstance(table._cellvalues[0][0], Paragraph)

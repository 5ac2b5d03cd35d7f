"""A list of records (e.g. the 培育名单) as a PDF: the template's table on A4 landscape.

Why separate from `pdf`: that module lays out the five parts of the dynamic-management table; a
list is one titled table with a row per record, so a few lines of reportlab suffice. The CJK font
is embedded as in every GreenDesk PDF; a list with errors is marked 草稿 and has no signature line.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from greendesk import records
from greendesk.definition import FormDefinition
from greendesk.draft import Draft, short_fingerprint
from greendesk.export.pdf import FONT, PdfResult
from greendesk.resources import font_path
from greendesk.rules import validate


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(font_path()), subfontIndex=0))
    return FONT


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


SEAL_SPACE = 90 * mm  # room after 填报单位（盖章）： for the unit's name and its 42 mm round seal
SIGNATURE_HEIGHT = 32 * mm  # the seal's height, and a little more
_NB = "\u00a0"  # a no-break space: kept as typed, where a Paragraph collapses runs of spaces
DATE_BLANKS = _NB * 10 + "年" + _NB * 6 + "月" + _NB * 6 + "日"  # as the main table's signature block


def _signature(labels: list[str], style: ParagraphStyle) -> KeepTogether:
    """填报单位（盖章）：<room for the seal>  日期：<room>年<room>月<room>日. A table gives the room
    by column widths: typed spaces in one Paragraph collapse to a single space."""
    seal, *rest = labels
    date = rest[0] if rest else ""
    widths = [pdfmetrics.stringWidth(seal, FONT, style.fontSize) + 2 * mm, SEAL_SPACE,
              pdfmetrics.stringWidth(date + DATE_BLANKS, FONT, style.fontSize) + 4 * mm]
    table = Table([[_p(seal, style), "", _p(date + DATE_BLANKS, style)]], colWidths=widths,
                  rowHeights=[SIGNATURE_HEIGHT], hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 4 * mm), table])


def render_records_pdf(definition: FormDefinition, draft: Draft) -> tuple[bytes, PdfResult]:
    font = _font()
    errors = len(validate(definition, draft).errors)
    watermark = errors > 0
    fingerprint = draft.fingerprint()
    title = ParagraphStyle("t", fontName=font, fontSize=15, leading=20, alignment=1, spaceAfter=6)
    head = ParagraphStyle("h", fontName=font, fontSize=8.5, leading=11, alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    note = ParagraphStyle("n", fontName=font, fontSize=9, leading=12)
    story: list = []
    page_w = landscape(A4)[0] - 24 * mm
    for part in definition.record_parts:
        rec = part.records
        assert rec is not None
        story.append(_p(records.title_for(part, draft), title))
        total = 4 + sum(c.width for c in rec.columns)
        widths = [page_w * w / total for w in (4, *(c.width for c in rec.columns))]
        data = [[_p(h, head) for h in (rec.number_label, *(c.label for c in rec.columns))]]
        for n, row in enumerate(records.rows_of(draft, part), 1):
            data.append([_p(str(n), head), *(_p(row.get(c.id, ""), body) for c in rec.columns)])
        table = LongTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font),  # no unembedded Helvetica
                                   ("GRID", (0, 0), (-1, -1), 0.5, black),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("BACKGROUND", (0, 0), (-1, 0), Color(0.9, 0.93, 0.9))]))
        story.append(table)
        if rec.note:
            story += [Spacer(1, 4), _p(rec.note, note)]
        story.append(Spacer(1, 10))
    if not watermark and definition.signature_labels:
        story.append(_signature(definition.signature_labels, note))

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        w, _h = landscape(A4)
        canvas.drawRightString(w - 12 * mm, 8 * mm,
                               f"内容指纹 {short_fingerprint(fingerprint)}    第 {doc.page} 页")
        if watermark:
            canvas.setFont(font, 90)
            canvas.setFillColor(Color(0.8, 0.8, 0.8, alpha=0.35))
            canvas.translate(w / 2, 100 * mm)
            canvas.rotate(25)
            canvas.drawCentredString(0, 0, "草稿")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=14 * mm, title=definition.title,
                            author="GreenDesk", initialFontName=font)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue(), PdfResult(pages=doc.page, draft_watermark=watermark, errors=errors,
                                     fingerprint=fingerprint)

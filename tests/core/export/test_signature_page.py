"""The signature page read back as a person (and a scanner) meets it: the QR code decoded from the
rendered page by a real decoder, the 核对码 text, the seal box's printed size read from the PDF's
drawing operations, the signature and date lines; and the watermarked 草稿 PDF of a table with errors.

Each PDF is rendered and rasterised once per module (rendering is the slow part).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader
from pypdf.generic import ContentStream

from greendesk import forms
from greendesk.document import open_draft
from greendesk.draft import new_draft
from greendesk.export.pdf import render_pdf
from tests.conftest import SAMPLES

MM = 72 / 25.4  # PDF points per millimetre
SAMPLE_USCC = "9144011206Q8L2D5X8"  # resources/samples/green-factory-2025.json


@dataclass
class Rendered:
    data: bytes
    fingerprint: str
    code: str  # the 核对码 as a person reads it: first 12 hex digits, upper case, in groups of 4
    reader: PdfReader
    texts: list[str]  # per page, whitespace removed
    qr_first: list[str]  # QR codes decoded from the rendered first page
    qr_last: list[str]  # … and from the last page


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _decode_qr(data: bytes, index: int) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        image = pdf[index].render(scale=300 / 72).to_pil()  # 300 dpi, as a scanner would
    finally:
        pdf.close()
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def _render(draft) -> Rendered:
    definition = forms.get("green-factory-2025")
    data, result = render_pdf(definition, draft)
    reader = PdfReader(io.BytesIO(data))
    fp = draft.fingerprint()
    return Rendered(data, fp, f"{fp[0:4]}-{fp[4:8]}-{fp[8:12]}".upper(), reader,
                    [_squash(p.extract_text()) for p in reader.pages],
                    _decode_qr(data, 0), _decode_qr(data, len(reader.pages) - 1))


@pytest.fixture(scope="module")
def signed():
    return _render(open_draft(SAMPLES / "green-factory-2025.json").draft)


@pytest.fixture(scope="module")
def watermarked():
    return _render(new_draft(forms.get("green-factory-2025")))  # empty: dozens of V1 errors


# ---- drawing operations

def _mul(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _rects(reader: PdfReader, index: int) -> list[dict]:
    """Every `re` on a page with its printed size in mm (the CTM applied), and whether it is
    stroked with a dash pattern."""
    page = reader.pages[index]
    ops = ContentStream(page.get_contents(), reader).operations
    ctm, stack, dash = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], False
    out, pending = [], []
    for args, op in ops:
        op = op.decode() if isinstance(op, bytes) else op
        if op == "q":
            stack.append((ctm, dash))
        elif op == "Q":
            ctm, dash = stack.pop()
        elif op == "cm":
            ctm = _mul(tuple(float(x) for x in args), ctm)
        elif op == "d":
            dash = bool(list(args[0]))
        elif op == "re":
            x, y, w, h = (float(v) for v in args)
            a, b, c, d, e, f = ctm
            pending.append({"w_mm": abs(w * a + h * c) / MM, "h_mm": abs(w * b + h * d) / MM,
                            "x_mm": (x * a + y * c + e) / MM, "y_mm": (x * b + y * d + f) / MM,
                            "dashed": dash})
        elif op in ("S", "s", "B", "b", "B*", "b*", "f", "F", "f*", "n"):
            for r in pending:
                r["stroked"] = op in ("S", "s", "B", "b", "B*", "b*")
            out += pending
            pending = []
    return out


def _seal_boxes(rendered: Rendered, index: int) -> list[dict]:
    """Stroked rectangles big enough in both directions to be meant for a seal (> 30 mm)."""
    return [r for r in _rects(rendered.reader, index)
            if r.get("stroked") and r["w_mm"] > 30 and r["h_mm"] > 30]


# ---- the signature page

def test_qr_on_the_last_page_decodes_to_the_fingerprint(signed):
    assert signed.qr_last == [f"GD1|{SAMPLE_USCC}|2025|2025.1|{signed.fingerprint}"]


def test_qr_on_the_first_page_decodes_to_the_fingerprint(signed):
    assert signed.qr_first == [f"GD1|{SAMPLE_USCC}|2025|2025.1|{signed.fingerprint}"]


def test_check_code_printed_beside_the_qr(signed):
    last = signed.texts[-1]
    assert f"核对码：{signed.code}" in last
    assert "greendeskverify" in last.lower() or "核对纸质件" in last


def test_fingerprint_in_every_page_footer(signed):
    pages = len(signed.texts)
    for i, text in enumerate(signed.texts, 1):
        assert f"内容指纹：{signed.code}" in text, i
        assert f"第{i}页共{pages}页" in text, i


def test_pledge_signature_and_date_lines_on_the_last_page(signed):
    last = signed.texts[-1]
    # 2025《填报手册》: 真实性承诺 / 本企业承诺… / 法人签字: (单位公章)
    assert "真实性承诺" in last
    assert "本企业承诺，已对本表内容进行了全面审核，信息真实有效，若存在弄虚作假，愿承担相应责任。" in last
    assert re.search(r"法人签字：＿{6,}", last), last  # a line to sign on
    assert re.search(r"日期：年月日", last), last  # 日期：____年__月__日 (blanks are spaces)
    assert "（单位公章）" in last
    assert all("法人签字" not in t for t in signed.texts[:-1])  # only once, at the end


def test_seal_box_is_printed_at_least_42mm_square(signed):
    boxes = _seal_boxes(signed, len(signed.texts) - 1)
    assert len(boxes) == 1, boxes
    box = boxes[0]
    assert box["w_mm"] >= 42 and box["h_mm"] >= 42, box  # a round company seal is 42 mm
    assert box["dashed"], "the seal area is a dashed outline, not a table border"
    # on the page (A4 portrait: 210 × 297 mm), inside the margins
    assert box["x_mm"] >= 15 and box["x_mm"] + box["w_mm"] <= 195
    assert box["y_mm"] >= 15 and box["y_mm"] + box["h_mm"] <= 282


def test_signature_page_is_portrait_a4(signed):
    box = signed.reader.pages[-1].mediabox
    assert round(float(box.width) / MM) == 210 and round(float(box.height) / MM) == 297


def test_no_watermark_on_a_table_without_errors(signed):
    assert all("草稿" not in t for t in signed.texts)


# ---- the 草稿 PDF of a table with errors

def test_draft_pdf_has_the_watermark_on_every_page(watermarked):
    for i, text in enumerate(watermarked.texts, 1):
        assert "草稿" in text, i


def test_draft_pdf_has_no_signature_block(watermarked):
    joined = "".join(watermarked.texts)
    assert "法人签字" not in joined and "（单位公章）" not in joined and "日期：" not in joined
    assert "不能用于签字盖章" in watermarked.texts[-1]
    assert _seal_boxes(watermarked, len(watermarked.texts) - 1) == []


def test_draft_pdf_still_carries_qr_and_check_code(watermarked):
    payload = f"GD1||2025|2025.1|{watermarked.fingerprint}"  # no USCC yet
    assert watermarked.qr_last == [payload]
    assert f"核对码：{watermarked.code}" in watermarked.texts[-1]
    assert f"内容指纹：{watermarked.code}" in watermarked.texts[0]

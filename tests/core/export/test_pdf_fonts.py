"""Characters beyond the main CJK font (CJK Extension A–F) print with the embedded fallback fonts and
survive into the PDF's text layer; what cannot print shows as its code point in a 草稿, never dropped.
The coverage table greendesk/printable.py reads must be what the shipped fonts really hold."""

from __future__ import annotations

import gzip
import io
import re

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from greendesk.export.pdf import render_pdf
from greendesk.printable import _coverage, fonts
from greendesk.resources import resource_path

RARE_NAME = "𡐓䶮㐀𠀀𬭤电缆有限公司"  # Extension B (U+21413, U+20000), A (U+4DAE, U+3400), E (U+2CB64)


def _text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages)), reader


def _fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name → embedded (FontFile2) for every font on every page."""
    out = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            out[str(font["/BaseFont"])] = desc is not None and "/FontFile2" in desc.get_object()
    return out


def test_extension_characters_are_printed_and_in_the_text_layer(def2025, sample2025):
    sample2025.fields["factory_name"] = RARE_NAME
    sample2025.fields["address.detail"] = "㘎𪚥村示范路8号"  # U+360E (A), U+2A6A5 (B)
    data, result = render_pdf(def2025, sample2025)
    assert not result.draft_watermark  # printable: no finding, the signature version is made
    text, reader = _text(data)
    assert text.count(RARE_NAME) >= result.pages + 1  # the running head on every page, and Part 1
    assert "㘎𪚥村示范路8号" in text
    embedded = _fonts(reader)
    assert all(embedded.values()), embedded
    assert any("HanaMin" in name for name in embedded)  # the fallback font is embedded too


def test_a_common_table_embeds_the_main_font_only(def2025, sample2025):
    _, reader = _text(render_pdf(def2025, sample2025)[0])
    assert all("WenQuanYiMicroHei" in name for name in _fonts(reader))


def test_unprintable_characters_show_as_code_points_in_a_draft(def2025, sample2025):
    sample2025.products["E6"].items[0].unit = "吨\u200d"  # ZERO WIDTH JOINER
    sample2025.fields["factory_name"] = "示范ཀ公司"  # Tibetan KA
    data, result = render_pdf(def2025, sample2025)
    assert result.draft_watermark and result.errors == 2
    text, _ = _text(data)
    assert "示范〔U+0F40〕公司" in text and "吨〔U+200D〕" in text


@pytest.mark.parametrize("name", fonts())
def test_coverage_table_matches_the_shipped_fonts(name):
    """coverage.txt (written by tools/make_fallback_fonts.py) lists exactly the font's characters."""
    starts, ends = next((s, e) for font, s, e in _coverage() if font == name)
    listed = {cp for a, b in zip(starts, ends, strict=True) for cp in range(a, b + 1)}
    data = resource_path("fonts", name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    face = TTFont("coverage-check", io.BytesIO(data), subfontIndex=0).face
    real = {cp for cp, glyph in face.charToGlyph.items() if glyph}
    assert listed == real

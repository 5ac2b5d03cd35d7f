"""Long text never breaks the PDF: a value taller than a page continues on the next one (Part 3 rows
split inside, fields get their own row, notes go after the table), a factory name far beyond its
limit is cut in the running head only, and a very long line is laid out line by line (linear), all
of it printed. (Timings: bench/exports.py.)"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from greendesk import cells
from greendesk.export.pdf import _PlainText, _styles, _wrap, render_pdf


def _pages(data: bytes) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def test_a_product_unit_taller_than_a_page_splits_its_table_row(def2025, sample2025):
    """A 320-character product unit raised LayoutError: it is printed in the 单位 column of the
    product's rows, 26 mm wide."""
    cells.put(sample2025, "p:E6:0:unit", "吨" * 319 + "㊣")
    data, result = render_pdf(def2025, sample2025)
    text = "".join(_pages(data))
    assert result.pages > 5 and text.count("吨") >= 319 and "㊣" in text  # printed in full


def test_a_factory_name_far_over_its_limit_is_cut_in_the_running_head_only(def2025, sample2025):
    name = "".join(chr(0x4E00 + i) for i in range(5600))  # 5,600 different characters
    sample2025.fields["factory_name"] = name
    data, result = render_pdf(def2025, sample2025)
    pages = _pages(data)
    assert result.pages < 20  # the running head took most of every page: 76 pages
    text = "".join(pages)
    assert all(ch in text for ch in name)  # Part 1 prints all of it
    assert all("…" in p for p in pages)  # the running head, cut after three lines


def test_a_note_of_100000_characters_prints_in_full_after_the_table(def2025, sample2025):
    sample2025.table["E1"].note = "说明" * 49_999 + "完毕"
    data, result = render_pdf(def2025, sample2025)
    text = "".join(_pages(data))
    assert text.count("说明") >= 49_999 and "完毕" in text
    assert "见表后注1" in text


def test_plain_text_splits_by_whole_lines():
    style = _styles()["base"]
    text = "绿色制造，" * 3000
    lines = _wrap(text, style.fontSize, 400)
    assert "".join(lines) == text and all(not ln.startswith("，") for ln in lines)
    flow = _PlainText(text, style)
    assert flow.wrap(400, 1000) == (400, len(lines) * style.leading)
    first, rest = flow.split(400, 10 * style.leading + 1)
    assert first.lines == lines[:10] and rest.lines == lines[10:]
    assert rest.wrap(400, 1e6)[1] == (len(lines) - 10) * style.leading


def test_a_text_switching_fonts_often_is_printed_in_full(def2025, sample2025):
    """A line with a fallback character every few characters is laid out as plain lines (as a
    Paragraph each switch was a fragment: 5,000 such characters took tens of seconds)."""
    text = "厂区𡐓，" * 1250  # 5,000 characters, 2,500 font switches
    sample2025.fields["highlights"] = text
    data, result = render_pdf(def2025, sample2025)
    assert not result.draft_watermark
    assert "".join(_pages(data)).count("厂区𡐓，") == 1250

"""Every free text at the longest its limit allows exports to a complete PDF: fields, 特殊情况说明 of
every Part 3 row, product names, standards and units; nothing raises LayoutError, nothing is cut.
(How long it takes is measured in bench/exports.py, not here.)"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from greendesk.export.pdf import render_pdf
from greendesk.rules import validate

FILLER = "绿色制造𡐓，"  # CJK, an Extension B character (fallback font) and a mark that hangs at line end
FREE_TEXT = ("text", "multiline")


def _fill(n: int, tag: str) -> str:
    """`n` characters beginning with `tag`, so that each value can be found in the PDF."""
    return (tag + FILLER * (n // len(FILLER) + 1))[:n]


def _longest_draft(d, draft):
    limits = d.text_limits
    for f in d.fields.values():
        if f.type in FREE_TEXT:
            draft.fields[f.id] = _fill(limits.for_field(f), f"〔{f.id}〕")
    region = next(f for f in d.fields.values() if f.type == "region")
    draft.fields[f"{region.id}.detail"] = _fill(limits.text, "〔地址〕")
    for row in d.table.rows:
        if row.id in draft.table:
            draft.table[row.id].note = _fill(limits.note, f"〔{row.id}说明〕")
    for rid, group in draft.products.items():
        for i, item in enumerate(group.items):
            item.name = _fill(limits.product_name, f"〔{rid}-{i}名〕")
            item.standard = _fill(limits.product_standard, f"〔{rid}-{i}标〕")
            item.unit = _fill(limits.product_unit, f"〔{i}单〕")
    return draft


@pytest.mark.slow
def test_longest_allowed_texts_export_in_full(def2025, sample2025):
    draft = _longest_draft(def2025, sample2025)
    assert [f for f in validate(def2025, draft).errors if f.code == "V20"] == []  # all within limits
    data, result = render_pdf(def2025, draft)
    reader = PdfReader(io.BytesIO(data))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    assert result.pages == len(reader.pages) > 10
    for f in def2025.fields.values():
        if f.type in FREE_TEXT:
            assert f"〔{f.id}〕" in text, f.id
    assert text.count("说明〕") == sum(1 for r in def2025.table.rows if r.id in draft.table)
    assert "〔地址〕" in text and "𡐓" in text

"""The 培育名单 PDF: A4 landscape, the heads on every page, and a signature line with real room for
the seal and the date (填报单位（盖章）：<room>  日期：<room>年<room>月<room>日)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from greendesk import forms
from greendesk.draft import new_draft
from greendesk.export.records_pdf import render_records_pdf
from tests.core.test_records import GOOD_FACTORY, GOOD_PARK


def _runs(page) -> list[tuple[str, float, float]]:
    """(text, x, y) of every text run drawn on the page."""
    out: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, *_):
        if text.strip():
            out.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return out


def _pdf(form_id: str, rows: list[dict]) -> PdfReader:
    d = forms.get(form_id)
    draft = new_draft(d)
    draft.fields["city"] = "广州市"
    draft.records["list"] = rows
    data, _result = render_records_pdf(d, draft)
    return PdfReader(io.BytesIO(data))


@pytest.mark.parametrize(("form_id", "row"), [("cultivation-factory-2025", GOOD_FACTORY),
                                              ("cultivation-park-2025", GOOD_PARK)])
def test_signature_line_leaves_room_for_seal_and_date(form_id, row):
    reader = _pdf(form_id, [row])
    page = reader.pages[-1]
    runs = _runs(page)
    seal = next(r for r in runs if r[0].startswith("填报单位（盖章）："))
    date = next(r for r in runs if r[0].startswith("日期："))
    assert abs(seal[2] - date[2]) < 1  # one line
    assert date[1] - seal[1] >= 80 * mm  # the label's own width (~40 mm) plus ≥ 40 mm of room
    text = page.extract_text()
    assert "填报单位（盖章）： 日期：" not in text  # the collapsed line of before
    blanks = text[text.index("日期："):]
    assert blanks.index("年") > len("日期：") + 3 and blanks.index("月") - blanks.index("年") > 3


def test_long_list_runs_over_pages_on_a4_landscape_with_heads_on_each():
    rows = [dict(GOOD_FACTORY, name=f"广州绿源示范制药有限公司{i + 1}号") for i in range(60)]
    reader = _pdf("cultivation-factory-2025", rows)
    assert len(reader.pages) >= 2
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(w / mm), round(h / mm)) == (297, 210)
        assert "企业名称" in page.extract_text() and "序号" in page.extract_text().replace("\n", "")
    text = "".join(p.extract_text() for p in reader.pages)
    assert "广州绿源示范制药有限公司60号" in text and text.count("填报单位（盖章）：") == 1
    assert "填报单位（盖章）：" in reader.pages[-1].extract_text()

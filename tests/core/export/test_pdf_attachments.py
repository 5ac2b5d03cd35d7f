"""The 附件清单 prints on the PDF's last page when questions 1–6 have a 是; none when all are 否."""

from __future__ import annotations

import io

from pypdf import PdfReader

from greendesk.export.pdf import render_pdf
from greendesk.session import EditSession


def _last_page_text(definition, draft) -> tuple[str, str]:
    data, _ = render_pdf(definition, draft)
    pages = PdfReader(io.BytesIO(data)).pages
    return pages[-1].extract_text(), "".join(p.extract_text() for p in pages[:-1])


def test_checklist_on_the_last_page(def2025, sample2025):
    EditSession(def2025, sample2025).apply([
        ("f:q2", "是"), ("f:explanation", "2024年5月发生一起一般质量事故，已整改。")])
    last, before = _last_page_text(def2025, sample2025)
    assert "附件清单（情况说明）" in last and "附件清单" not in before
    assert "□ 第2题（2024年至今是否发生安全、质量、环境污染等事故以及偷漏税等违法违规行为）" in last
    assert "第6题" not in last


def test_no_checklist_when_all_answers_are_no(def2025, sample2025):
    last, before = _last_page_text(def2025, sample2025)
    assert "附件清单" not in last + before

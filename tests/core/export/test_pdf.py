"""The signature-ready PDF, read back: every value and label, the pledge, the fingerprint, fonts
embedded, long text flowing over pages, and the 草稿 form of a draft with errors."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from greendesk.compute import compute
from greendesk.draft import new_draft, short_fingerprint
from greendesk.export import export_pdf
from greendesk.export.pdf import qr_payload, render_pdf
from greendesk.layout import display_value, table_lines


def _text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), reader


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture
def sample_pdf(def2025, sample2025):
    data, result = render_pdf(def2025, sample2025)
    text, reader = _text(data)
    return data, result, _squash(text), reader


def test_pdf_holds_every_label_and_value(def2025, sample2025, sample_pdf):
    _, result, text, _ = sample_pdf
    assert not result.draft_watermark and result.pages >= 4
    for part in def2025.parts:
        assert _squash(part.title) in text
    for key, value in sample2025.fields.items():
        if key.startswith("address.") and key != "address.detail":
            continue
        if key in ("industry1", "industry2", "industry3"):
            value = {"3831": "C3831电线、电缆制造", "3240": "C3240有色金属合金制造"}[value]
        for chunk in value.split("\n"):
            assert _squash(chunk) in text, key
    assert "广东省广州市黄埔区云埔工业区示范路8号" in text
    c = compute(def2025, sample2025)
    for line in table_lines(def2025, sample2025):
        assert _squash(line.label) in text, line.label
        for year in line.year_cells:
            if line.kind in ("parameter", "indicator", "product_value", "product_indicator"):
                assert display_value(c, line, year) in text, (line.label, year)


def test_pdf_has_pledge_signature_seal_and_fingerprint(def2025, sample2025, sample_pdf):
    _, result, text, reader = sample_pdf
    assert _squash(def2025.pledge) in text
    assert "法人签字" in text and "（单位公章）" in text and "日期" in text
    short = short_fingerprint(sample2025.fingerprint())
    assert text.count(short) >= result.pages  # on every page
    assert f"第{result.pages}页共{result.pages}页" in text
    last = _squash(reader.pages[-1].extract_text())
    assert "法人签字" in last


def test_pdf_embeds_the_cjk_font(sample_pdf):
    _, _, _, reader = sample_pdf
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            fonts[font["/BaseFont"]] = desc is not None and "/FontFile2" in desc.get_object()
    assert fonts and all(fonts.values()), fonts  # every font used is embedded
    assert all("WenQuanYiMicroHei" in name for name in fonts)


def test_seal_box_is_large_enough_for_a_42mm_seal():
    from reportlab.lib.units import mm

    from greendesk.export.pdf import _SealBox

    assert _SealBox().size >= 45 * mm


def test_long_text_flows_over_pages(def2025, sample2025):
    _, base = render_pdf(def2025, sample2025)
    sample2025.fields["highlights"] = "\n".join(f"{i}. " + "节能降碳改造工作取得明显成效，" * 20 for i in range(40))
    sample2025.table["E0"].note = "说明" * 400  # a very long 特殊情况说明 goes after the table
    data, longer = render_pdf(def2025, sample2025)
    text, _ = _text(data)
    assert longer.pages > base.pages + 2
    assert "见表后注1" in _squash(text) and "特殊情况说明（续）" in _squash(text)
    assert "39." in text  # the last paragraph made it onto a page


def test_draft_with_errors_has_watermark_and_no_signature_block(def2025, tmp_path):
    result = export_pdf(def2025, new_draft(def2025), tmp_path / "d.pdf")
    text, _ = _text((tmp_path / "d.pdf").read_bytes())
    assert result.draft_watermark and result.errors > 50
    assert "草稿" in text and "不能用于签字盖章" in _squash(text)
    assert "法人签字" not in text


def test_qr_payload_format(def2025, sample2025):
    payload = qr_payload(def2025, sample2025)
    assert payload == f"GD1|9144011206Q8L2D5X8|2025|2025.1|{sample2025.fingerprint()}"

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


def _long(n: int, tag: str) -> str:
    """Several thousand characters the way people write them: numbered paragraphs of Chinese,
    long unbroken runs of digits and of Latin (URLs), line breaks."""
    base = "我厂持续推进节能降碳和清洁生产工作，完成了电机系统能效提升、余热回收和屋顶光伏扩建等项目。"
    paras, i = [], 0
    while sum(map(len, paras)) < n:
        i += 1
        para = f"{tag}{i}. " + base * 3
        if i % 3 == 0:
            para += "设备编号" + "0123456789" * 12 + "，"
        if i % 4 == 0:
            para += "参见https://www.example.com/green/factory/report/" + "abcdefghij" * 8 + "。"
        paras.append(para)
    return "\n".join(paras)[:n]


@pytest.fixture
def stress2025(sample2025):
    from greendesk import cells

    for address, text in {
        "f:special_note": _long(1990, "行业"), "f:explanation": _long(2990, "说明"),
        "f:highlights": _long(4990, "亮点"), "f:suggestions": _long(4990, "建议"),
        "t:E0:note": _long(1500, "产值"), "t:E1:note": "能耗说明：" + "0123456789" * 20,
        "t:W1:note": _long(150, "取水"), "t:L3:note": _long(3000, "用地"), "t:P8:note": "A" * 140,
        "f:main_products": "电力电缆、电气装备用电线电缆、" * 6 + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" * 2,
    }.items():
        cells.put(sample2025, address, text)
    return sample2025


FURNITURE = re.compile(r"绿色工厂动态管理表（\d{4}年度）|工厂名称：.*?统一社会信用代码：\S{18}"
                       r"|内容指纹：[0-9A-F-]+表单版本：[\d.]+|第\d+页共\d+页")


def _body(data: bytes) -> str:
    """The text of all pages run together without the running head and foot (drawn last on each
    page), so that a paragraph continued on the next page reads as one."""
    reader = PdfReader(io.BytesIO(data))
    return "".join(FURNITURE.sub("", _squash(p.extract_text())) for p in reader.pages)


def test_every_paragraph_of_long_texts_is_printed(def2025, stress2025):
    data, result = render_pdf(def2025, stress2025)
    text = _body(data)
    assert result.pages > 8
    longs = [v for v in stress2025.fields.values() if len(v) > 500]
    longs += [e.note for e in stress2025.table.values() if e.note]
    assert len(longs) >= 8
    for value in longs:
        for para in value.split("\n"):
            assert _squash(para) in text, para[:20]


def test_a_long_answer_keeps_its_place_in_the_form(def2025, stress2025):
    """The 1-6 说明 follows question 6 and precedes question 7, even when it runs over pages."""
    text = _squash(_text(render_pdf(def2025, stress2025)[0])[0])
    q6, q7 = def2025.fields["q6"].label, def2025.fields["q7"].label
    first, last = (_squash(p) for p in stress2025.fields["explanation"].split("\n")[::len(
        stress2025.fields["explanation"].split("\n")) - 1])
    assert text.index(_squash(q6)) < text.index(first) < text.index(last) < text.index(_squash(q7))


@pytest.mark.parametrize("address, value", [
    ("t:E0:note", "第一行\n" * 40),  # short, but 40 lines: taller than a landscape page
    ("f:special_note", "行\n" * 150),  # 300 characters, 150 lines
    ("f:explanation", "说明\n" * 300),
    ("f:main_products", "产品\n" * 66),  # a one-line field with line breaks pasted in
    ("p:E6:0:name", "铜线坯\n" * 50),
])
def test_texts_with_many_line_breaks_do_not_break_the_export(def2025, sample2025, address, value):
    """A table row must fit on one page: such texts used to raise reportlab's LayoutError."""
    from greendesk import cells

    cells.put(sample2025, address, value)
    data, result = render_pdf(def2025, sample2025)
    text = _squash(_text(data)[0])
    assert _squash(value) in text or text.count(_squash(value.split("\n")[0])) >= value.count("\n")
    if address.startswith(("t:", "p:")):
        assert "见表后注1" in text  # moved after the table, referenced from its cell


def test_label_cells_are_shaded_over_their_whole_width(sample_pdf):
    """Part 2's questions span three columns: their shading used to stop after the first one, and
    the second label of a paired line (联系人电话, 联系人手机号) was not shaded at all."""
    from reportlab.lib.units import mm

    _, _, _, reader = sample_pdf
    stream = reader.pages[0].get_contents().get_data().decode("latin-1")
    shaded = [tuple(float(v) for v in m.groups()) for m in re.finditer(
        r"\.909804 \.933333 \.960784 rg\s+n (\S+) (\S+) (\S+) (\S+) re", stream)]
    widths = sorted({round(w / mm) for _, _, w, _ in shaded})
    assert 128 in widths  # 38 + 52 + 38 mm: a question's label cell
    assert sum(1 for x, _, w, _ in shaded if round(x / mm) == 90 and round(w / mm) == 38) >= 2


def _text_runs(data: bytes):
    """Every run of text drawn, as (page, page width, x0, x1, baseline y, text): x1 from the
    font's advance widths (unrotated text only; the 草稿 watermark is left out)."""
    from reportlab.pdfbase import pdfmetrics

    from greendesk.export.pdf import FONT, _register_font

    _register_font()
    out = []
    for n, page in enumerate(PdfReader(io.BytesIO(data)).pages, 1):
        runs: dict[tuple[float, float], list] = {}

        def visit(text, cm, tm, _font, size, runs=runs):
            if not text.strip() or abs(tm[0] * cm[1] + tm[1] * cm[3]) > 1e-6:
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            run = runs.setdefault((round(x, 1), round(y, 1)), ["", 0.0])
            run[0] += text  # one string drawn in several subset fonts comes in several pieces
            run[1] += pdfmetrics.stringWidth(text.strip(), FONT, size) * (tm[0] * cm[0])

        page.extract_text(visitor_text=visit)
        out += [(n, float(page.mediabox.width), x, x + w, y, t) for (x, y), (t, w) in runs.items()]
    return out


@pytest.mark.parametrize("name", ["广东绿源示范电缆有限公司",  # the sample's: one line
                                  "中国石油化工股份有限公司茂名分公司炼油化工一体化生产基地（二期）",
                                  "广东绿源示范电缆有限公司" * 8 + "黄埔第二分厂"])  # 100: the most allowed
def test_running_head_stays_on_the_page_and_never_overlaps(def2025, sample2025, name):
    """A long factory name used to run off the left edge of the page, over the title."""
    from reportlab.lib.units import mm

    sample2025.fields["factory_name"] = name
    data, result = render_pdf(def2025, sample2025)
    runs = _text_runs(data)
    for page, width, x0, x1, _, text in runs:
        assert 15 * mm - 0.5 <= x0 and x1 <= width - 15 * mm + 0.5, (page, text[:20], x0, x1)
    by_line: dict[tuple[int, float], list] = {}
    for page, _, x0, x1, y, _ in runs:
        by_line.setdefault((page, round(y)), []).append((x0, x1))
    for spans in by_line.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:  # the full name and the code on every page
        text = _squash(page.extract_text())
        assert _squash(name) in text and sample2025.fields["uscc"] in text


def test_no_line_begins_with_chinese_punctuation(def2025, sample2025):
    """ReportLab's CJK wrap knew only the Japanese no-line-start set: lines began with “，”."""
    from greendesk import cells

    dense = "节能，降碳；减污：增效！" * 40  # a mark every few characters: some line ends on one
    for address, text in {"f:highlights": dense, "f:suggestions": dense + "\n" + dense,
                          "f:special_note": dense + "\n" + dense[3:], "t:E0:note": dense[:150],
                          "t:E1:note": dense}.items():
        cells.put(sample2025, address, text)
    data, _ = render_pdf(def2025, sample2025)
    lines = [ln.strip() for p in PdfReader(io.BytesIO(data)).pages
             for ln in p.extract_text().split("\n") if ln.strip()]
    assert sum(1 for ln in lines if "节能" in ln) > 40
    bad = [ln for ln in lines if ln[0] in "，；：！？。、）》”"]
    assert not bad, bad[:3]


def test_long_texts_keep_their_indents_and_empty_lines(def2025, sample2025):
    """Paragraphs indented with full-width spaces (the usual Chinese way) and separated by an empty
    line printed flush left and run together."""
    from reportlab.lib.units import mm

    sample2025.fields["highlights"] = "　　第一段缩进两格。\n\n　　第二段前面空一行。\n第三段顶格。"
    runs = {text.strip()[:3]: (x0, y) for _, _, x0, _, y, text in
            _text_runs(render_pdf(def2025, sample2025)[0])}
    (x1, y1), (x2, y2), (x3, y3) = runs["第一段"], runs["第二段"], runs["第三段"]
    assert x3 == pytest.approx(15 * mm, abs=0.5)
    assert x1 == pytest.approx(x3 + 18, abs=0.5) and x2 == pytest.approx(x1)  # two 9 pt ems
    assert y1 - y2 == pytest.approx(2 * (y2 - y3), abs=0.5)  # one empty line between

"""Export timings for the sample: PDF (target < 500 ms) and Excel (target < 300 ms); the PDF of the
sample with every free text at its length limit (target < 5 s, issue 10) and with a 100,000-character
特殊情况说明 (over its limit: a 草稿, but printed in full); Excel import of the sample and of a hostile
workbook whose one row holds a million empty styled cells under a <dimension ref="A1:XFD1048576">
(target < 10 s; the process's peak memory is in `/usr/bin/time -v`)."""

from __future__ import annotations

from bench.core import SAMPLE, timeit


def results() -> list[tuple[str, float, float | None]]:
    from greendesk.document import open_draft
    from greendesk.export.pdf import render_pdf
    from greendesk.export.xlsx_export import render_xlsx
    from greendesk.export.xlsx_import import read_workbook

    opened = open_draft(SAMPLE)
    d, draft = opened.definition, opened.draft
    render_pdf(d, draft)  # font registration happens once per process
    import tempfile
    from pathlib import Path

    out = [
        ("导出PDF PDF export", timeit(lambda: render_pdf(d, draft), 5), 500.0),
        ("导出EXCEL Excel export", timeit(lambda: render_xlsx(d, draft), 5), 300.0),
    ]
    longest = longest_texts(d, draft.model_copy(deep=True))
    huge = draft.model_copy(deep=True)
    huge.table[next(iter(huge.table))].note = "特殊情况说明，" * 14286
    out += [
        ("导出PDF 文本均达上限 PDF, every text at its limit", timeit(lambda: render_pdf(d, longest), 3), 5000.0),
        ("导出PDF 说明10万字 PDF, a 100,000-character note", timeit(lambda: render_pdf(d, huge), 1), None),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.xlsx"
        path.write_bytes(render_xlsx(d, draft))
        out.append(("Excel导入 Excel import", timeit(lambda: read_workbook(path, d), 5), None))
        wide = Path(tmp) / "wide.xlsx"
        wide_row_workbook(path, wide, 1_000_000)
        out.append(("Excel导入 一行百万空单元格 wide-row import", timeit(lambda: read_workbook(wide, d), 3),
                    10_000.0))
    return out


def longest_texts(d, draft):
    """`draft` with every free text (fields, notes, product texts) at the longest its limit allows,
    with an Extension B character (fallback font) among common ones."""
    limits = d.text_limits
    filler = "绿色制造𡐓，"

    def fill(n: int) -> str:
        return (filler * (n // len(filler) + 1))[:n]

    for f in d.fields.values():
        if f.type in ("text", "multiline"):
            draft.fields[f.id] = fill(limits.for_field(f))
        elif f.type == "region":
            draft.fields[f"{f.id}.detail"] = fill(limits.text)
    for entry in draft.table.values():
        entry.note = fill(limits.note)
    for group in draft.products.values():
        for item in group.items:
            item.name, item.standard = fill(limits.product_name), fill(limits.product_standard)
            item.unit = fill(limits.product_unit)
    return draft


def wide_row_workbook(src, dst, cells: int) -> None:
    """`src` with `cells` empty styled cells in row 2 and a sheet-wide dimension: ~150 KB zipped."""
    import re
    import zipfile

    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    xml = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', xml)
    filler = '<c r="XFD2" s="1"/>' * cells
    xml = re.sub(r"(<row r=\"2\"[^>]*>.*?)(</row>)", lambda m: m.group(1) + filler + m.group(2), xml,
                 count=1, flags=re.S)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            z.writestr(name, data)

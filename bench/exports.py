"""Export timings for the sample: PDF (target < 500 ms) and Excel (target < 300 ms)."""

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
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.xlsx"
        path.write_bytes(render_xlsx(d, draft))
        out.append(("Excel导入 Excel import", timeit(lambda: read_workbook(path, d), 5), None))
    return out

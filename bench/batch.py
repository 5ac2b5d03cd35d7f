"""Batch figures: validating 1,000 drafts (load + validate each from disk) and the peak memory."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.core import SAMPLE


def results() -> list[tuple[str, float, float | None]]:
    from greendesk import document
    from greendesk.rules import validate

    base = document.open_draft(SAMPLE).draft
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(1000):
            d = base.model_copy(deep=True)
            d.table["E0"].values["2024"] = str(90000 + i)
            p = Path(tmp) / f"d{i:04d}.json"
            p.write_bytes(document.dumps(d))
            paths.append(p)
        t0 = time.perf_counter()
        errors = 0
        for p in paths:
            opened = document.open_draft(p)
            errors += len(validate(opened.definition, opened.draft).errors)
        total = (time.perf_counter() - t0) * 1000
    assert errors == 0
    out = [("审核1000份草稿 validate 1,000 drafts (open+validate)", total, None)]
    if sys.platform != "win32":
        import resource

        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out.append(("峰值内存 peak memory (MB, this process)", peak_kb / 1024, None))
    return out

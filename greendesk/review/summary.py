"""Counts a reviewer reads first: files, readable ones, each flag, and per list type."""

from __future__ import annotations

from collections import Counter

from greendesk.review.flags import FLAGS
from greendesk.review.unit import UnitResult

UNKNOWN_TYPE = "（无法读取）"


def summarize(units: list[UnitResult]) -> dict:
    by_flag = Counter(code for u in units for code in u.flags)
    by_type: dict[str, Counter] = {}
    for u in units:
        c = by_type.setdefault(u.list_type or UNKNOWN_TYPE, Counter())
        c["units"] += 1
        c["flagged"] += bool(u.flags)
        c["errors"] += u.errors
        c["warnings"] += u.warnings
        c.update(u.flags)
    return {
        "files": len(units),
        "readable": sum(u.readable for u in units),
        "unreadable": sum(not u.readable for u in units),
        "flagged": sum(bool(u.flags) for u in units),
        "by_flag": {f.code: by_flag.get(f.code, 0) for f in FLAGS},
        "by_list_type": {t: dict(c) for t, c in sorted(by_type.items())},
        "flag_labels": {f.code: f.label for f in FLAGS},
    }

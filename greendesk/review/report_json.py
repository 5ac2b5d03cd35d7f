"""The review as JSON: {"units": [...], "summary": {...}} for other tools (and the window)."""

from __future__ import annotations

import json
from pathlib import Path

from greendesk import storage
from greendesk.review.opinions import Opinions
from greendesk.review.summary import summarize
from greendesk.review.unit import UnitResult


def unit_json(u: UnitResult, opinions: Opinions | None = None) -> dict:
    data = u.to_json()
    data["short_fingerprint"] = u.short_fingerprint
    op = opinions.get(u) if opinions else None
    data["opinion"] = op.to_json() if op else None
    return data


def render_json(units: list[UnitResult], opinions: Opinions | None = None) -> bytes:
    doc = {"units": [unit_json(u, opinions) for u in units], "summary": summarize(units)}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_json(path: Path, units: list[UnitResult], opinions: Opinions | None = None) -> None:
    """Atomic; StorageError (Chinese message) when it cannot be written."""
    storage.atomic_write_bytes(Path(path), render_json(units, opinions))

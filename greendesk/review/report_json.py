"""The review as JSON: {"units": [...], "summary": {...}, "scans_unchecked": [...]} for other tools
(and the window); `scans_unchecked` lists the stamped scans compared with no draft, with why."""

from __future__ import annotations

from collections.abc import Sequence, Set
from pathlib import Path

from greendesk import storage
from greendesk.review.opinions import Opinions, reviewed_files
from greendesk.review.summary import summarize
from greendesk.review.unit import UnitResult


def unit_json(u: UnitResult, opinions: Opinions | None = None, reviewed: Set[str] | None = None) -> dict:
    data = u.to_json()
    data["short_fingerprint"] = u.short_fingerprint
    op = opinions.get(u, reviewed) if opinions else None
    data["opinion"] = op.to_json() if op else None
    return data


def render_json(units: list[UnitResult], opinions: Opinions | None = None,
                unchecked_scans: Sequence[tuple[str, str]] = ()) -> bytes:
    reviewed = reviewed_files(units)
    doc = {"units": [unit_json(u, opinions, reviewed) for u in units], "summary": summarize(units),
           "scans_unchecked": [{"file": f, "reason": why} for f, why in unchecked_scans]}
    return storage.json_bytes(doc, indent=1) + b"\n"


def write_json(path: Path, units: list[UnitResult], opinions: Opinions | None = None,
               unchecked_scans: Sequence[tuple[str, str]] = ()) -> None:
    """Atomic; StorageError (Chinese message) when it cannot be written."""
    storage.atomic_write_bytes(Path(path), render_json(units, opinions, unchecked_scans))

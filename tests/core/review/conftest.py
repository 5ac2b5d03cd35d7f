"""Drafts for the review tests: the shipped 2025 sample, changed the way a unit's table can be."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "green-factory-2025.json"
SAMPLE_NAME = "广东绿源示范电缆有限公司"  # factory_name in the sample
SAMPLE_USCC = "9144011206Q8L2D5X8"


def write_variant(path: Path, edit=None) -> Path:
    """The 2025 sample, changed by `edit(draft)`, saved as a real draft file."""
    from greendesk.document import open_draft, save_draft

    draft = open_draft(SAMPLE).draft
    if edit:
        edit(draft)
    save_draft(path, draft)
    return path


@pytest.fixture
def variant(tmp_path):
    def make(name: str, edit=None, folder: Path | None = None) -> Path:
        target = (folder or tmp_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        return write_variant(target, edit)

    return make

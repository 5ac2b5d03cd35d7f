"""Shared fixtures: the shipped definitions and samples, and a private per-user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Autosave snapshots and settings never touch the developer's real per-user folders — in this
    process and in every subprocess a test starts (they inherit the environment): GreenDesk keeps
    its settings in GREENDESK_DATA_DIR, and anything asking Qt for the platform's config folder
    gets a private one."""
    monkeypatch.setenv("GREENDESK_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(scope="session")
def def2025():
    from greendesk import forms

    return forms.get("green-factory-2025")


@pytest.fixture(scope="session")
def def2024():
    from greendesk import forms

    return forms.get("green-factory-2024")


@pytest.fixture
def sample2025():
    from greendesk.document import open_draft

    return open_draft(SAMPLES / "green-factory-2025.json").draft


@pytest.fixture
def sample2024():
    from greendesk.document import open_draft

    return open_draft(SAMPLES / "green-factory-2024.json").draft


@pytest.fixture
def session2025(def2025, sample2025):
    from greendesk.session import EditSession

    return EditSession(def2025, sample2025)

"""What an action module may use of the main window: the open draft and a few services.

Action modules (ui/*_actions.py, ui/recovery.py…) are given the window and add their own menu
entries with `add_action`; they type it as this protocol so none imports ui.main_window (no cycle)
and none reaches into the window's private parts. To add a feature to the window: write a module
with a class taking the window, and compose it in MainWindow.__init__ with one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QSettings, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

from greendesk.definition import FormDefinition
from greendesk.draft import Draft
from greendesk.draft_lock import DraftLock
from greendesk.rules import Finding
from greendesk.session import EditSession
from greendesk.storage import SnapshotStore


class DocumentWindow(Protocol):
    # the open draft
    session: EditSession | None
    path: Path | None
    doc_key: str
    lock: DraftLock | None
    store: SnapshotStore
    settings: QSettings
    # views over it
    model: Any
    table_view: Any
    pages: dict[str, QWidget]
    menus: dict[str, QMenu]
    a_report: QAction
    refreshed: SignalInstance
    # the composed action modules (see ui.main_window)
    files: Any
    recovery: Any
    review: Any
    warnings: Any

    def add_action(self, menu: str | None, text: str, slot, shortcut=None, tip: str = "") -> QAction: ...
    def load(self, definition: FormDefinition, draft: Draft, path: Path | None, *, dirty: bool = False,
             doc_key: str | None = None, notes: list[str] | None = None) -> bool: ...
    def release_lock(self) -> None: ...
    def flush(self) -> None: ...
    def refresh_all(self, skip_model: bool = False) -> None: ...
    def with_reason(self, fn) -> None: ...
    def show_problems(self) -> None: ...
    def go_to_finding(self, finding: Finding) -> None: ...
    def current_part(self) -> str: ...
    def describe_cell(self, finding_or_cell) -> str: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 — Qt's name
    def width(self) -> int: ...
    def height(self) -> int: ...

"""Screenshots of every part of the window with the sample draft (for looking at what users see).

    xvfb-run -a -s "-screen 0 1920x1080x24" python tools/ui_screenshots.py shots/ 1920 1080
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(out: str = "shots", width: int = 1920, height: int = 1080,
         form_id: str = "green-factory-2025") -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from greendesk.resources import resource_path
    from ui.app import build_app
    from ui.main_window import MainWindow

    app = build_app()
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    w = MainWindow()
    w.resize(width, height - 40)
    w.show()
    from greendesk import document

    opened = document.open_draft(resource_path("samples", f"{form_id}.json"))
    w.load(opened.definition, opened.draft, None)
    tag = "" if form_id == "green-factory-2025" else f"{form_id}-"
    for i, part in enumerate(opened.definition.parts):
        w.nav.setCurrentRow(i)
        QTest.qWait(300)  # row heights settle after the first layout (debounced resize)
        w.grab().save(str(folder / f"{tag}{width}x{height}-{i}-{part.id}.png"))
    if tag:  # the warning popup below needs the factory's rows
        return
    # a warning popup, as a user would see it after typing an implausible value
    w.nav.setCurrentRow(3)
    idx = w.model.index_of("t:P2E:2024")
    w.table_view.focus_cell(idx)
    w.model.setData(idx, "5")
    for _ in range(5):
        app.processEvents()
    w.grab().save(str(folder / f"{width}x{height}-warning.png"))
    w.popup.hide()
    w.session.set("t:P2E:2024", "0.45")
    w.session.set(f"f:{opened.definition.role.name}", "")
    w.model.show_errors = True
    w.session.verify()
    w.refresh_all()
    w.show_problems()
    w.nav.setCurrentRow(1)
    for _ in range(5):
        QApplication.processEvents()
    w.grab().save(str(folder / f"{width}x{height}-errors.png"))


if __name__ == "__main__":
    # python tools/ui_screenshots.py shots/ 1920 1080 [form id, e.g. green-park-2025]
    main(*(sys.argv[1:2] or ["shots"]), *(int(x) for x in sys.argv[2:4]), *sys.argv[4:5])

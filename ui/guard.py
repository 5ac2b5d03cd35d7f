"""One rule for every slot: an unexpected exception becomes a Chinese message, never a traceback."""

from __future__ import annotations

import logging
import traceback
from functools import wraps

from PySide6.QtWidgets import QWidget

from ui import prompts

log = logging.getLogger("greendesk.ui")


def guarded(fn):
    """Wrap a slot of the window or of one of its action modules (which keep the window in
    `self.window`); the message box is parented to the window."""

    @wraps(fn)
    def wrapper(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            log.error("unexpected error in %s:\n%s", fn.__name__, traceback.format_exc())
            parent = self if isinstance(self, QWidget) else self.window
            prompts.error(parent, "出错了", "操作未能完成，您的数据仍在程序中和自动保存里。",
                          detail=f"{type(exc).__name__}: {exc}")
            return None

    return wrapper

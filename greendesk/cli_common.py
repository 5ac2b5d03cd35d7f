"""What every greendesk-cli command needs: the error that ends a command with a Chinese message and
an exit code, and reading / writing a draft with failures turned into that error.

Shared by greendesk.cli and the commands that live with their feature (greendesk.export.cli), so
neither imports the other.
"""

from __future__ import annotations

import sys
from pathlib import Path


class CliError(Exception):
    """Ends the command: `message` goes to stderr, `code` is the exit status (2: a file problem)."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.message = message
        self.code = code


def open_draft(path: Path):
    """The draft at `path` with its definition; notes from loading go to stderr."""
    from greendesk.document import DocumentError
    from greendesk.document import open_draft as _load

    try:
        opened = _load(path)
    except DocumentError as exc:
        raise CliError(exc.message) from None
    for note in opened.notes:
        print(f"注意：{note}", file=sys.stderr)
    return opened


def save_draft(path: Path, draft) -> None:
    from greendesk.document import save_draft as _write
    from greendesk.storage import StorageError

    try:
        _write(path, draft)
    except StorageError as exc:
        raise CliError(exc.message) from None

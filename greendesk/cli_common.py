"""What every greendesk-cli command needs: the error that ends a command with a Chinese message and
an exit code, reading a draft, and writing any output — a draft under its lock, never over a file
without --force, never under the wrong kind of name.

Shared by greendesk.cli and the commands that live with their feature (greendesk.export.cli), so
neither imports the other.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "show program's version number and exit": "显示版本号并退出",
}
argparse._ = lambda s: _ZH.get(s, s)  # type: ignore[attr-defined]  # argparse looks `_` up at call time


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its own words in Chinese and usage errors as exit 2 with a Chinese line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")


SUFFIX_NAMES = {".json": "草稿文件（.json）", ".pdf": "PDF 文件（.pdf）", ".xlsx": "Excel 文件（.xlsx）"}


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


def check_output(path: Path, *, force: bool, suffix: str) -> Path:
    """Refuse an output before anything is computed or written: a name of the wrong kind, a
    folder, a file held open by GreenDesk (whoever holds it is named), or an existing file
    without --force."""
    from greendesk.draft_lock import holder_message

    path = Path(path)
    if path.is_dir():
        raise CliError(f"「{path}」是一个文件夹，请给出文件名。")
    if path.suffix.lower() != suffix:
        given = f"扩展名是 {path.suffix}" if path.suffix else "没有扩展名"
        raise CliError(f"「{path.name}」{given}，而这里要写入的是{SUFFIX_NAMES[suffix]}："
                       f"请使用以 {suffix} 结尾的文件名。")
    folder = path.parent
    if not folder.is_dir():
        what = "不是文件夹" if folder.exists() else "不存在"
        raise CliError(f"无法保存「{path.name}」：文件夹「{folder}」{what}。")
    held = holder_message(path)
    if held:
        raise CliError(held)
    if path.exists() and not force:
        raise CliError(f"文件「{path}」已存在。如需覆盖请加 --force。")
    return path


def same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve() or (Path(b).exists() and Path(a).samefile(b))
    except OSError:
        return False


def save_draft(path: Path, draft) -> None:
    """Write a draft holding its lock, as the window does: no other writer at the same time."""
    from greendesk.document import save_draft as _write
    from greendesk.draft_lock import DraftLock
    from greendesk.storage import StorageError

    try:
        with DraftLock(Path(path), app="cli"):
            _write(path, draft)
    except StorageError as exc:
        raise CliError(exc.message) from None

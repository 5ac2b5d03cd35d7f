"""The reviewer's 动态调整意见 per unit (保留 / 整改 / 移出 and a note), kept in a review file.

The file is the reviewer's own work, saved like a draft: atomically with rolling backups. An
opinion belongs to a file (matched by its path). It follows that file when the reviewer moves it
to another folder — to the one unit with the same credit code and report year (an opinion written
before the year was stored: the same content fingerprint) — but only when its own file is gone or
not among the files reviewed: last year's table of the unit, or a copy reviewed beside the file,
never shows another file's opinion.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from greendesk import storage
from greendesk.review.unit import UnitResult

Decision = Literal["保留", "整改", "移出"]
DECISIONS: tuple[str, ...] = ("保留", "整改", "移出")
SUFFIX = ".review.json"
MAX_BYTES = 50 * 1024 * 1024


class ReviewFileError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Opinion(BaseModel):
    model_config = ConfigDict(extra="ignore")

    file: str
    uscc: str = ""
    name: str = ""
    fingerprint: str = ""  # the content the opinion was written on
    report_year: int | None = None  # the table's year (None in review files written before it was kept)
    decision: Decision
    note: str = ""
    time: datetime = Field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    @property
    def text(self) -> str:
        """The cell text of the 动态调整意见 column: "整改：……"."""
        return f"{self.decision}：{self.note}" if self.note.strip() else self.decision

    def to_json(self) -> dict:
        return self.model_dump(mode="json")


class _File(BaseModel):
    model_config = ConfigDict(extra="ignore")

    app: Literal["GreenDesk"] = "GreenDesk"
    kind: Literal["review"] = "review"
    format_version: Literal[1] = 1
    opinions: list[Opinion] = []


def _key(path: str) -> str:
    try:
        return os.path.normcase(str(Path(path).resolve()))
    except OSError:
        return os.path.normcase(path)


class Reviewed(frozenset):
    """The files under review, as `Opinions.get` compares them, and how many of them are each
    unit's table of a year (a moved file's opinion follows it only when it is the one such file)."""

    tables: Counter


def reviewed_files(units: Iterable[UnitResult]) -> Reviewed:
    """The files under review (an opinion whose file is among them stays with that file)."""
    units = list(units)
    reviewed = Reviewed(_key(u.file) for u in units)
    reviewed.tables = Counter((u.uscc, u.report_year) for u in units if u.uscc)
    return reviewed


class Opinions:
    """Opinions by file; `get(unit)` finds one by path, else the opinion of a file moved here."""

    def __init__(self, items: list[Opinion] | None = None):
        self._by_file: dict[str, Opinion] = {}
        for op in items or []:
            self._by_file[_key(op.file)] = op

    def __len__(self) -> int:
        return len(self._by_file)

    def __iter__(self):
        return iter(self._by_file.values())

    def get(self, unit: UnitResult, reviewed: Set[str] | None = None) -> Opinion | None:
        """The unit's file's opinion; else the one opinion of the same unit and year whose file
        was moved away: its file no longer exists, or is not among `reviewed` (see
        `reviewed_files`; when not given, only a file that no longer exists counts as moved)."""
        op = self._by_file.get(_key(unit.file))
        tables = getattr(reviewed, "tables", None)
        if tables is not None and tables[(unit.uscc, unit.report_year)] > 1:
            return op  # two copies of a moved table under review: which one the opinion follows is unknown
        if op is None and unit.uscc:
            same = [o for o in self._by_file.values() if _same_table(o, unit) and _moved(o, reviewed)]
            op = same[0] if len(same) == 1 else None
        return op

    def set(self, unit: UnitResult, decision: str, note: str = "") -> Opinion:
        op = Opinion(file=str(unit.file), uscc=unit.uscc, name=unit.name, fingerprint=unit.fingerprint,
                     report_year=unit.report_year, decision=decision, note=note.strip())
        self._by_file[_key(unit.file)] = op
        return op

    def get_by_file(self, file: str) -> Opinion | None:
        return self._by_file.get(_key(file))

    def clear(self, unit: UnitResult) -> None:
        self._by_file.pop(_key(unit.file), None)

    def dumps(self) -> bytes:
        doc = _File(opinions=sorted(self._by_file.values(), key=lambda o: o.file))
        return storage.json_bytes(doc.model_dump(mode="json"), indent=1) + b"\n"


def _same_table(op: Opinion, unit: UnitResult) -> bool:
    """The same unit's table of the same year (an opinion without a year: the same content)."""
    if op.uscc != unit.uscc:
        return False
    if op.report_year is not None:
        return op.report_year == unit.report_year
    return bool(op.fingerprint) and op.fingerprint == unit.fingerprint


def _moved(op: Opinion, reviewed: Set[str] | None) -> bool:
    if reviewed is not None and _key(op.file) not in reviewed:
        return True
    try:
        return not Path(op.file).exists()
    except (OSError, ValueError):  # a path this system cannot even look up is not here
        return True


def load(path: Path) -> Opinions:
    """The opinions in a review file (none when it does not exist yet); ReviewFileError otherwise."""
    path = Path(path)
    if not path.exists():
        return Opinions()
    try:
        data = storage.read_bytes_limited(path, max_bytes=MAX_BYTES)
    except storage.StorageError as exc:
        raise ReviewFileError(exc.message) from None
    try:
        doc = _File.model_validate(json.loads(data.decode("utf-8-sig")))
    except (UnicodeDecodeError, json.JSONDecodeError, ValidationError):
        raise ReviewFileError(f"「{path.name}」不是 GreenDesk 批量审核意见文件，或已损坏。"
                              "请从同一文件夹的 .greendesk-backup 中恢复。") from None
    return Opinions(doc.opinions)


def save(path: Path, opinions: Opinions) -> None:
    """Atomic save with rolling backups, like a draft; StorageError (Chinese) when it cannot be."""
    storage.save_with_backup(Path(path), opinions.dumps())


def _same(a: Opinion | None, b: Opinion | None) -> bool:
    return (a is None) == (b is None) and (a is None or (a.decision, a.note) == (b.decision, b.note))


@dataclass
class Merged:
    """What `update` wrote: the opinions now in the file, how many changes by others it kept, and
    what the reviewer must be told (their own unit changed by someone else, a damaged file)."""

    opinions: Opinions
    others: int = 0
    warnings: list[str] = field(default_factory=list)


def update(path: Path, unit: UnitResult, decision: str, note: str, seen: Opinions) -> Merged:
    """Write one unit's opinion (none when `decision` is empty) into the review file as it is on
    disk now, not as this window loaded it: two reviewers (or two windows) sharing one folder's
    file each keep what the other saved meanwhile, instead of the last save dropping it.

    `seen` is what the caller loaded or saved last. A damaged file is kept in the backups and
    replaced by `seen` with this change (said so). StorageError when it cannot be written."""
    path = Path(path)
    out = Merged(Opinions())
    with storage.short_lock(path):
        try:
            current = load(path)
        except ReviewFileError as exc:
            current = Opinions(list(seen))
            out.warnings.append(f"{exc.message.split('。')[0]}；已按本窗口中的意见重新保存（原文件保留在备份中）。")
        theirs = current.get(unit)
        if theirs is not None and not _same(seen.get(unit), theirs):
            out.warnings.append(f"「{unit.name or Path(unit.file).name}」的意见已由其他窗口或审核人改为"
                                f"「{theirs.text}」，现以本次填写的为准。")
        mine = _key(unit.file)
        out.others = sum(1 for op in current if _key(op.file) != mine and not _same(op, seen.get_by_file(op.file)))
        out.others += sum(1 for op in seen if _key(op.file) != mine and current.get_by_file(op.file) is None)
        if decision:
            current.set(unit, decision, note)
        else:
            current.clear(unit)
        save(path, current)
    out.opinions = current
    return out

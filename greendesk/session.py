"""Editing as commands: every change is (cell, value, source) that logs, undoes and reports itself.

The window never writes to the draft directly; it calls `EditSession.apply` and re-renders from the
returned `OpResult` (the Anki `CollectionOp` idea). The same session serves the CLI, the Excel importer
and rollover, so every path into a draft leaves the same change log.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from greendesk import cells
from greendesk.compute import Computed, compute
from greendesk.definition import FormDefinition
from greendesk.draft import Draft, LogEntry, Source, now, short_fingerprint
from greendesk.rules import Report, validate
from greendesk.text import TextError, clean


class ReasonRequired(Exception):
    """A 定稿 draft is edited without a reason; the UI asks for one and retries."""

    message = "该表已定稿，修改需要填写修改原因。"


class StateError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Change:
    cell: str
    old: str | None
    new: str | None


@dataclass
class OpResult:
    """What an operation changed; views refresh from this alone."""

    changes: list[Change] = field(default_factory=list)
    state_changed: bool = False
    label: str = ""
    # what cleaning changed in the typed text (control characters removed …), in Chinese, one
    # line per cell: the window and the CLI show it, so nothing typed changes silently
    notes: list[str] = field(default_factory=list)

    @property
    def cells(self) -> set[str]:
        return {c.cell for c in self.changes}

    @property
    def rows(self) -> set[str]:
        return {r for c in self.changes if (r := cells.Cell.parse(c.cell).row)}


REPORT_REMINDER = (
    "本表已在平台上报，之后内容又有修改。按填报手册（常见问题3）：在上级主管部门审批前，可在平台“取消上报”，"
    "修订后须重新导出为PDF并盖章上传，再重新上报；重新上报后须重新通过各级审核。")
_REPORTED_RE = re.compile(r"上报时内容指纹 ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})")


@dataclass
class _Step:
    label: str
    changes: list[Change]
    source: Source
    reason: str
    state: tuple[str, str] | None = None  # (before, after) of a status step (已上报 / 取消上报)
    before_reason: str = ""  # the reason logged with the state before (it holds the report's fingerprint)


Listener = Callable[[OpResult], None]


class EditSession:
    """A draft being edited: undo/redo, change log, state transitions, cached computation."""

    def __init__(self, definition: FormDefinition, draft: Draft, *, undo_limit: int = 500):
        self.definition = definition
        self.draft = draft
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._undo_limit = undo_limit
        self._listeners: list[Listener] = []
        self._computed: Computed | None = None
        self._report: Report | None = None
        self.revision = 0  # bumps on every change: autosave and "unsaved" checks compare it
        self.saved_revision = 0

    # ---- observation
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, result: OpResult) -> OpResult:
        for listener in list(self._listeners):
            listener(result)
        return result

    @property
    def dirty(self) -> bool:
        return self.revision != self.saved_revision

    def mark_saved(self) -> None:
        self.saved_revision = self.revision

    @property
    def computed(self) -> Computed:
        if self._computed is None:
            self._computed = compute(self.definition, self.draft)
        return self._computed

    @property
    def report(self) -> Report:
        if self._report is None:
            self._report = validate(self.definition, self.draft, self.computed)
        return self._report

    def _invalidate(self) -> None:
        self._computed = None
        self._report = None
        self.revision += 1

    def get(self, cell: str) -> str | None:
        return cells.get(self.draft, cell)

    # ---- commands
    def set(self, cell: str, text: str | None, *, source: Source = "typed", reason: str = "") -> OpResult:
        """Set one cell from user input (normalised, validated); CellError on bad input."""
        return self.apply([(cell, text)], source=source, reason=reason, label="编辑")

    def apply(self, edits: Iterable[tuple[str, str | None]], *, source: Source = "typed",
              reason: str = "", label: str = "编辑", normalized: bool = False) -> OpResult:
        """Apply several edits as one undo step. Input is normalised unless `normalized`."""
        reason = self._reason(reason)
        prepared: list[tuple[str, str | None]] = []
        notes: list[str] = []
        for cell, text in edits:
            if normalized:
                prepared.append((cell, text))
                continue
            p = cells.prepare(self.definition, cell, text)
            prepared.append((cell, p.value))
            if p.notes:
                notes.append(f"「{cells.label(self.definition, cells.Cell.parse(cell))}」"
                             f"{'，'.join(p.notes)}")
        changes = [Change(c, cells.get(self.draft, c), v) for c, v in prepared]
        return self.commit(changes, source=source, reason=reason, label=label, notes=notes)

    def commit(self, changes: list[Change], *, source: Source = "typed", reason: str = "",
               label: str = "编辑", notes: list[str] | None = None) -> OpResult:
        """Ready-made changes (already normalised, `old` as the draft holds it now) as one undo
        step: the list commands (greendesk.record_ops) insert and remove rows through here."""
        reason = self._reason(reason)
        notes = list(notes or [])
        changes = [c for c in changes if c.old != c.new]
        if not changes:
            return OpResult(label=label, notes=notes)
        if self.draft.state == "final" and not reason.strip():
            raise ReasonRequired()
        step = _Step(label, changes, source, reason)
        self._do(step.changes, source, reason)
        self._undo.append(step)
        del self._undo[: -self._undo_limit]
        self._redo.clear()
        return self._emit(OpResult(changes, self._after_edit(reason), label, notes))

    def _reason(self, reason: str) -> str:
        """The reason for changing a 定稿 table, cleaned like any typed text and within its limit."""
        try:
            text = clean(reason or "").text
        except TextError as exc:
            raise cells.CellError(exc.message) from None
        limit = self.definition.text_limits.reason
        if len(text) > limit:
            raise cells.CellError(f"修改原因最多 {limit} 个字符，现有 {len(text)} 个")
        return text

    def _do(self, changes: list[Change], source: Source, reason: str, *, reverse: bool = False) -> None:
        t = now()
        for ch in changes:
            old, new = (ch.new, ch.old) if reverse else (ch.old, ch.new)
            cells.put(self.draft, ch.cell, new)
            self.draft.log.append(LogEntry(time=t, cell=ch.cell, old=old, new=new, source=source,
                                           reason=reason))
        self.draft.modified = t
        self._invalidate()

    def _after_edit(self, reason: str) -> bool:
        """定稿 → 已通过验证 on any edit (with the reason logged); verified drops to draft on errors."""
        before = self.draft.state
        if before == "final":
            self.draft.state = "verified"
        if self.draft.state == "verified" and not self.report.ok:
            self.draft.state = "draft"
        if self.draft.state != before:
            self.draft.log.append(LogEntry(time=now(), cell="state", old=before,
                                           new=self.draft.state, source="system", reason=reason))
        return self.draft.state != before

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self, reason: str = "") -> OpResult:
        if not self._undo:
            return OpResult(label="撤销")
        reason = self._reason(reason)
        if self.draft.state == "final" and not reason.strip():
            raise ReasonRequired()
        step = self._undo.pop()
        self._redo.append(step)
        if step.state:
            return self._emit(self._set_state(step.state[0], "undo", f"撤销{step.label}",
                                              step.before_reason))
        self._do(list(reversed(step.changes)), "undo", reason, reverse=True)
        inverse = [Change(c.cell, c.new, c.old) for c in reversed(step.changes)]
        return self._emit(OpResult(inverse, self._after_edit(reason), f"撤销{step.label}"))

    def redo(self, reason: str = "") -> OpResult:
        if not self._redo:
            return OpResult(label="重做")
        reason = self._reason(reason)
        if self.draft.state == "final" and not reason.strip():
            raise ReasonRequired()
        step = self._redo.pop()
        self._undo.append(step)
        if step.state:
            return self._emit(self._set_state(step.state[1], "redo", f"重做{step.label}",
                                              step.reason))
        self._do(step.changes, "redo", reason)
        return self._emit(OpResult(list(step.changes), self._after_edit(reason), f"重做{step.label}"))

    # ---- state transitions
    def verify(self) -> Report:
        """验证并保存: run every rule; the draft becomes 已通过验证 only without errors."""
        report = self.report
        before = self.draft.state
        if report.ok:
            if before == "draft":
                self.draft.state = "verified"
        else:
            self.draft.state = "draft"
        if self.draft.state != before:
            self.draft.log.append(LogEntry(time=now(), cell="state", old=before,
                                           new=self.draft.state, source="system"))
            self.revision += 1
            self._emit(OpResult(state_changed=True, label="验证"))
        return report

    def finalize(self) -> None:
        """定稿: lock the table for signature; only from 已通过验证."""
        if self.draft.state != "verified" or not self.report.ok:
            raise StateError("只有已通过验证（没有错误）的表才能定稿，请先“验证并保存”。")
        self.draft.state = "final"
        self.draft.log.append(LogEntry(time=now(), cell="state", old="verified", new="final",
                                       source="system"))
        self.revision += 1
        self._emit(OpResult(state_changed=True, label="定稿"))

    def cell_history(self, cell: str) -> list[LogEntry]:
        return [e for e in self.draft.log if e.cell == cell]

    # ---- status on the platform (已上报 / 取消上报): commands that log and undo
    def mark_reported(self) -> OpResult:
        """已上报: the user uploaded the stamped PDF and pressed 上报 on the platform.

        As on the platform, only a table that passed 验证并保存 can be reported. The content
        fingerprint at that moment is logged, so later edits can be told apart from an undo back.
        """
        if self.draft.state not in ("verified", "final", "withdrawn") or not self.report.ok:
            raise StateError("只有已通过验证（没有错误）的表才能上报，请先“验证并保存”。"
                             "（平台同样规定：暂存状态的申报不允许上报。）")
        reason = f"上报时内容指纹 {short_fingerprint(self.draft.fingerprint())}"
        return self._state_step("reported", "已上报", reason)

    def cancel_report(self) -> OpResult:
        """取消上报: withdrawn on the platform to revise; the content stays (手册常见问题3)."""
        if self.draft.state != "reported":
            raise StateError("本表尚未标记为已上报，无需取消上报。")
        return self._state_step("withdrawn", "取消上报", self._state_reason())

    def _state_reason(self) -> str:
        """The reason logged when the current state was entered (the report's fingerprint)."""
        for entry in reversed(self.draft.log):
            if entry.cell == "state":
                return entry.reason if entry.new == self.draft.state else ""
        return ""

    def _state_step(self, new: str, label: str, reason: str) -> OpResult:
        step = _Step(label, [], "typed", reason, state=(self.draft.state, new),
                     before_reason=self._state_reason())
        result = self._set_state(new, "typed", label, reason)
        self._undo.append(step)
        del self._undo[: -self._undo_limit]
        self._redo.clear()
        return self._emit(result)

    def _set_state(self, new: str, source: Source, label: str, reason: str = "") -> OpResult:
        before = self.draft.state
        self.draft.state = new  # type: ignore[assignment]
        self.draft.log.append(LogEntry(time=now(), cell="state", old=before, new=new, source=source,
                                       reason=reason))
        self.revision += 1
        return OpResult(state_changed=True, label=label)

    def reported_fingerprint(self) -> str | None:
        """The short content fingerprint logged when the table was last marked 已上报."""
        if self.draft.state not in ("reported", "withdrawn"):
            return None
        m = _REPORTED_RE.search(self._state_reason())
        return m.group(1) if m else None

    @property
    def changed_since_report(self) -> bool:
        """True when the content differs from what was reported: PDF to export, stamp, upload again."""
        at_report = self.reported_fingerprint()
        return at_report is not None and at_report != short_fingerprint(self.draft.fingerprint())

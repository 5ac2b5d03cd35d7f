"""Reading and writing draft files: JSON in, JSON out, with migration and clear refusals.

A damaged, foreign or newer file is refused with a Chinese message and is never written to. An older
format is migrated in memory (the file on disk changes only when the user saves). A draft whose
definition version is no longer shipped opens with the current one and a report of what differs.

Every draft file carries the definition it was made with (`definition`, checked against
`form.hash`), so a draft whose form is not shipped at all (made by a newer GreenDesk, or with a
table since removed) still opens, with that embedded definition.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from greendesk import forms, storage
from greendesk.definition import DefinitionError, FormDefinition, parse_definition
from greendesk.draft import APP_ID, FORMAT_VERSION, Draft, ProductGroup, ProductItem, RowEntry

MAX_DRAFT_BYTES = 20 * 1024 * 1024


class DocumentError(Exception):
    """A file that cannot be opened as a draft; `message` is Chinese and names the file."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path


def dumps(draft: Draft) -> bytes:
    """The draft file's bytes, with the draft's definition embedded under `definition`.

    That is the definition the forms registry knows by `draft.form` (id, version and hash): every
    shipped one, every one a draft was created with (`new_draft`) or opened with
    (`attach_definition`). When the registry does not know it, `draft.definition` is written as it is.
    """
    definition = forms.find(draft.form.id, draft.form.version, draft.form.hash)
    if definition is not None and draft.definition is not definition.canonical:
        draft = draft.model_copy(update={"definition": definition.canonical})
    return (draft.model_dump_json(indent=1) + "\n").encode("utf-8")


def loads(data: bytes, name: str = "该文件") -> Draft:
    """Parse draft bytes (any supported format version) or raise DocumentError."""
    if not data.strip():
        raise DocumentError(f"{name}是空文件，可能在保存时被中断。请从备份或自动保存中恢复。")
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{name}不是 GreenDesk 草稿（这是一个二进制文件）。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"{name}不是 GreenDesk 草稿（文件编码不是 UTF-8）。") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string")
        hint = "文件可能不完整（保存时被中断）" if truncated else "文件内容已损坏"
        raise DocumentError(
            f"{name}无法读取：{hint}（第 {exc.lineno} 行第 {exc.colno} 列）。请从备份或自动保存中恢复。"
        ) from None
    return from_dict(raw, name)


def from_dict(raw: object, name: str = "该文件") -> Draft:
    if not isinstance(raw, dict) or raw.get("app", APP_ID) != APP_ID or "format_version" not in raw:
        raise DocumentError(f"{name}不是 GreenDesk 草稿文件。")
    version = raw.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise DocumentError(f"{name}的格式版本「{version}」无效。")
    if version > FORMAT_VERSION:
        raise DocumentError(
            f"{name}由更新版本的 GreenDesk 创建（格式版本 {version}），本程序只能读取到版本 {FORMAT_VERSION}。"
            "请升级 GreenDesk 后再打开。"
        )
    raw = migrate(raw)
    try:
        return Draft.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise DocumentError(
            f"{name}内容不符合草稿格式：{where} — {first['msg']}（共 {exc.error_count()} 处）。"
        ) from None


# ---------------------------------------------------------------- format migrations


def _v1_to_v2(raw: dict) -> dict:
    """Format 1 (preview builds): flat `values` and `rows` with years as keys next to unit/note."""
    table: dict[str, dict] = {}
    for rid, row in (raw.get("rows") or {}).items():
        row = dict(row)
        unit, note = row.pop("unit", None), row.pop("note", "") or ""
        values = {str(k): str(v) for k, v in row.items() if v not in (None, "")}
        table[rid] = {"unit": unit, "values": values, "note": note}
    out = {
        "format_version": 2,
        "app": APP_ID,
        "app_version": raw.get("app_version", "0.0"),
        "form": {"id": raw.get("form_id", ""), "version": raw.get("form_version", ""), "hash": ""},
        "report_year": raw.get("year"),
        "state": "draft",
        "fields": {k: str(v) for k, v in (raw.get("values") or {}).items() if v not in (None, "")},
        "table": table,
        "products": {},
        "log": [],
    }
    for key in ("created", "modified"):
        if raw.get(key):
            out[key] = raw[key]
    return out


MIGRATIONS = {1: _v1_to_v2}


def migrate(raw: dict) -> dict:
    while raw["format_version"] < FORMAT_VERSION:
        raw = MIGRATIONS[raw["format_version"]](raw)
    return raw


# ---------------------------------------------------------------- draft + definition


@dataclass
class Opened:
    draft: Draft
    definition: FormDefinition
    notes: list[str] = field(default_factory=list)  # what was migrated / differs (shown to the user)
    migrated_from: int | None = None


def attach_definition(draft: Draft, name: str = "该草稿") -> tuple[FormDefinition, list[str]]:
    """The definition to edit a draft with, and notes for the user (`name` names the file).

    A shipped definition of the draft's form id comes first (the exact version when shipped; else
    the current one, with a report of differences). A form id that is not shipped opens with the
    definition embedded in the draft, once it validates and its hash matches `form.hash`. The draft
    then carries the definition returned (`draft.definition`, embedded by `dumps`).
    """
    notes: list[str] = []
    try:
        definition = forms.get(draft.form.id, draft.form.version)
    except forms.UnknownFormError as exc:
        if draft.definition is None:
            raise DocumentError(f"无法打开{name}：{exc.message}") from None
        definition = _embedded_definition(draft, name)
        notes.append(f"该草稿使用的表单「{definition.title}（{definition.report_year}年度）」"
                     f"（版本 {definition.version}）不是本程序自带的，已按草稿中保存的表单定义打开。")
    except DefinitionError as exc:
        raise DocumentError(f"无法打开{name}：{exc.message}") from None
    else:
        if definition.version != draft.form.version:
            notes.append(
                f"草稿使用的表单版本 {draft.form.version} 已不再提供，已按当前版本 {definition.version} 打开。"
            )
        elif draft.form.hash and draft.form.hash != definition.content_hash:
            notes.append("表单定义在草稿创建后有更新（版本号相同），请核对各行。")
    notes += align_to_definition(draft, definition)
    draft.definition = definition.canonical
    return definition, notes


def _embedded_definition(draft: Draft, name: str) -> FormDefinition:
    """The definition saved in the draft, validated like a shipped file and checked against its hash."""
    form = draft.form
    origin = f"{name}中保存的表单定义「{form.id}」"
    try:
        definition = parse_definition(draft.definition or {}, origin=origin)
    except DefinitionError as exc:
        raise DocumentError(f"{exc.message}\n该表单不是本程序自带的，无法打开此草稿。请从备份或自动保存中恢复。"
                            ) from None
    except Exception as exc:  # noqa: BLE001 — untrusted data: any failure is a refusal, not a crash
        raise DocumentError(f"{origin}无法读取（{type(exc).__name__}）。请从备份或自动保存中恢复。") from None
    if (definition.content_hash, definition.id, definition.version) != (form.hash, form.id, form.version):
        raise DocumentError(
            f"{origin}与草稿记录的不一致（校验值不符），文件在 GreenDesk 之外被修改过，无法打开。"
            "请从备份或自动保存中恢复。")
    return forms.register(definition)


def align_to_definition(draft: Draft, definition: FormDefinition) -> list[str]:
    """Add rows the draft lacks, keep (and report) values the definition no longer has."""
    notes: list[str] = []
    years = {str(y) for y in definition.years}
    for row in definition.table.rows:
        if (row.numeric or row.kind == "products") and row.id not in draft.table:
            draft.table[row.id] = RowEntry(unit=row.unit)
            if draft.form.version != definition.version:
                notes.append(f"新增行「{row.name}」（{row.id}）。")
        if row.kind == "products" and row.products and row.id not in draft.products:
            draft.products[row.id] = ProductGroup(
                consumption_unit=row.products.consumption_unit,
                items=[ProductItem() for _ in range(row.products.max_items)],
            )
    for rid, entry in draft.table.items():
        if rid not in definition.rows and not entry.is_empty():
            notes.append(f"草稿中的行「{rid}」在当前表单中不存在，其数值已保留但不显示。")
        elif entry.values and set(entry.values) - years:
            extra = "、".join(sorted(set(entry.values) - years))
            notes.append(f"行「{rid}」中 {extra} 年的数值不属于本表年度，已保留但不显示。")
        row = definition.rows.get(rid)
        if row and entry.unit and entry.unit not in row.units:
            notes.append(f"行「{row.name}」的单位「{entry.unit}」不在当前可选单位中，请重新选择。")
    unknown = sorted(k for k in draft.fields if k.split(".")[0] not in definition.fields)
    if unknown:
        notes.append(f"草稿中有 {len(unknown)} 个字段在当前表单中不存在（{'、'.join(unknown[:5])}），已保留。")
    if draft.form.version != definition.version or not draft.form.hash:
        draft.form.version = definition.version
    draft.form.hash = definition.content_hash
    forms.register(definition)  # so that saving the draft embeds this definition
    return notes


def open_draft(path: Path) -> Opened:
    """Read, migrate and attach the definition; the file itself is only read."""
    try:
        data = storage.read_bytes_limited(path, max_bytes=MAX_DRAFT_BYTES)
    except storage.StorageError as exc:
        raise DocumentError(exc.message, path) from None
    name = f"文件「{path.name}」"
    try:
        version = json.loads(data.decode("utf-8-sig")).get("format_version")
    except Exception:  # noqa: BLE001 — loads() below produces the right message
        version = None
    try:
        draft = loads(data, name)
    except DocumentError as exc:
        exc.path = path
        raise
    try:
        definition, notes = attach_definition(draft, name)
    except DocumentError as exc:
        exc.path = path
        raise
    migrated = version if isinstance(version, int) and version < FORMAT_VERSION else None
    if migrated:
        notes.insert(0, f"草稿格式已从版本 {migrated} 升级到版本 {FORMAT_VERSION}（保存后生效）。")
    return Opened(draft, definition, notes, migrated)


def save_draft(path: Path, draft: Draft) -> None:
    """Atomic save with rolling backups; StorageError (Chinese message) when it cannot be written."""
    storage.save_with_backup(path, dumps(draft))

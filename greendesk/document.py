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
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from greendesk import cells, forms, model_errors, storage
from greendesk.definition import DefinitionError, FormDefinition, parse_definition
from greendesk.definition_plan import plan_of
from greendesk.draft import APP_ID, FORMAT_VERSION, Draft, ProductGroup, ProductItem, RowEntry
from greendesk.text import echo, surrogate_problem

# The embedded form definition as every save writes it: the draft's last member, one space in
# (`model_dump_json(indent=1)`). Readers of many drafts split a file there (see review.unit, review.cache).
DEFINITION_MEMBER = b'\n "definition": '

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
    return read(data, name).draft


@dataclass
class Loaded:
    draft: Draft
    migrated_from: int | None = None  # the older format version the draft was migrated from


def read(data: bytes, name: str = "该文件") -> Loaded:
    """Parse draft bytes or raise DocumentError; the file's own format version is kept.

    Refused with a Chinese message, never a traceback: empty, binary, UTF-16/UTF-32, not JSON,
    nested deeper than any draft is (`MAX_NESTING`), duplicate keys, NaN/Infinity, number literals
    longer than any value a draft holds, lone surrogates, and anything the model rejects.
    """
    raw = parse_json(data, name)
    if not isinstance(raw, dict) or raw.get("app", APP_ID) != APP_ID or "format_version" not in raw:
        raise DocumentError(f"{name}不是 GreenDesk 草稿文件。")
    version = raw.get("format_version")
    migrated = version if isinstance(version, int) and not isinstance(version, bool) and \
        1 <= version < FORMAT_VERSION else None
    return Loaded(_validated(raw, name), migrated)


def parse_json(data: bytes, name: str = "该文件") -> object:
    """The JSON value in `data`, checked to be plain, finite and not deeper than `MAX_NESTING`."""
    if not data.strip():
        raise DocumentError(f"{name}是空文件，可能在保存时被中断。请从备份或自动保存中恢复。")
    encoding = _foreign_encoding(data)
    if encoding:
        raise DocumentError(
            f"{name}是 {encoding} 编码的文本，GreenDesk 草稿应为 UTF-8 编码，无法打开。"
            "如果是手工编辑过的，请用编辑器“另存为 UTF-8”后再打开；否则请从备份或自动保存中恢复。")
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{name}不是 GreenDesk 草稿（这是一个二进制文件）。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"{name}不是 GreenDesk 草稿（文件编码不是 UTF-8）。") from None
    try:
        raw = json.loads(text, object_pairs_hook=_object, parse_constant=_constant,
                         parse_int=_integer, parse_float=_float)
    except _Refused as exc:
        raise DocumentError(f"{name}无法读取：{exc.message}。文件未被修改。") from None
    except RecursionError:
        raise DocumentError(f"{name}无法读取：{_TOO_DEEP}。文件未被修改。") from None
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string")
        hint = "文件可能不完整（保存时被中断）" if truncated else "文件内容已损坏"
        raise DocumentError(
            f"{name}无法读取：{hint}（第 {exc.lineno} 行第 {exc.colno} 列）。请从备份或自动保存中恢复。"
        ) from None
    problem = _structure_problem(raw, text)
    if problem:
        raise DocumentError(f"{name}无法读取：{problem}。文件未被修改。")
    return raw


def from_dict(raw: object, name: str = "该文件", source: bytes | None = None) -> Draft:
    """A draft from JSON parsed elsewhere (e.g. a faster parser): checked like `parse_json` does
    (nesting, lone surrogates; duplicate keys and number literals are the parser's business).
    `source`, the bytes it was parsed from, lets a file without surrogate escapes skip the search.

    A draft of the current format that the model accepts cannot nest deeper than the model does
    (its one member of any depth, the embedded definition, is not walked anyway), so the nesting
    walk is made only when the model refuses it, and its verdict comes first as in `parse_json`."""
    if not (isinstance(raw, dict) and type(raw.get("format_version")) is int
            and raw["format_version"] == FORMAT_VERSION):
        problem = _structure_problem(raw, source)
        if problem:
            raise DocumentError(f"{name}无法读取：{problem}。文件未被修改。")
        return _validated(raw, name)
    try:
        draft = _validated(raw, name)
    except DocumentError:
        problem = _structure_problem(raw, source)
        if problem:
            raise DocumentError(f"{name}无法读取：{problem}。文件未被修改。") from None
        raise
    problem = _structure_problem(raw, source, nesting=False)
    if problem:
        raise DocumentError(f"{name}无法读取：{problem}。文件未被修改。")
    return draft


def _validated(raw: object, name: str) -> Draft:
    if not isinstance(raw, dict) or raw.get("app", APP_ID) != APP_ID or "format_version" not in raw:
        raise DocumentError(f"{name}不是 GreenDesk 草稿文件。")
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        shown = json.dumps(version, ensure_ascii=False) if isinstance(version, bool | None) else str(version)
        raise DocumentError(f"{name}的格式版本「{echo(shown)}」无效。")  # true/null as the file spells them
    if version > FORMAT_VERSION:
        raise DocumentError(
            f"{name}由更新版本的 GreenDesk 创建（格式版本 {version}），本程序只能读取到版本 {FORMAT_VERSION}。"
            "请升级 GreenDesk 后再打开。"
        )
    raw = migrate(raw, name)
    try:
        return Draft.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        more = f"（共 {len(errors)} 处，此为第一处）" if len(errors) > 1 else ""
        raise DocumentError(f"{name}内容不符合草稿格式：{describe_error(errors[0])}{more}。") from None


# ---------------------------------------------------------------- what JSON a draft may hold

MAX_NESTING = 64  # a draft with its embedded definition nests about 10 deep
MAX_NUMBER_LITERAL = 40  # characters; a draft's numbers are strings, its integers years and counts
_TOO_DEEP = f"数据嵌套层数过多（超过 {MAX_NESTING} 层），不是 GreenDesk 草稿"
_ENCODINGS = [  # (BOM or pattern of the first bytes, name), most specific first
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
]


class _Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _foreign_encoding(data: bytes) -> str | None:
    """'UTF-16' / 'UTF-32' for text in those encodings (with or without BOM), else None."""
    for bom, encoding in _ENCODINGS:
        if data.startswith(bom):
            return encoding
    head = data[:64]
    if len(head) >= 4:
        # JSON text starts with ASCII: its zero bytes give the encoding away (RFC 4627 §3).
        if head[:3] == b"\x00\x00\x00" or head[1:4] == b"\x00\x00\x00":
            return "UTF-32"
        alternating = head[0] == 0 and head[2] == 0 or head[1] == 0 and head[3] == 0
        if alternating and head.count(0) >= len(head) // 3:
            return "UTF-16"
    return None


def _object(pairs: list[tuple[str, object]]) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):  # rare: find the key that came twice
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _Refused(f"同一处有两个「{echo(key)}」项（重复的键），无法确定以哪个为准")
            seen.add(key)
    return out


def _constant(word: str) -> object:
    raise _Refused(f"含有非数字的数值「{word}」")


def _integer(literal: str) -> int:
    if len(literal) > MAX_NUMBER_LITERAL:
        raise _Refused(f"含有位数过多的数字（{len(literal)} 位：{echo(literal, 24)}）")
    return int(literal)


def _float(literal: str) -> float:
    value = float(literal) if len(literal) <= MAX_NUMBER_LITERAL else math.inf
    if not math.isfinite(value):
        raise _Refused(f"含有超出范围的数字「{echo(literal, 24)}」")
    return value


def _structure_problem(raw: object, text: str | bytes | None, *, nesting: bool = True) -> str | None:
    """Nested deeper than `MAX_NESTING`, or a key or value that is not text (a lone surrogate).
    `text`, the JSON the value was parsed from, lets a file without escapes skip the search;
    `nesting=False` skips the nesting walk (for a value the draft model has accepted)."""
    if nesting and isinstance(raw, dict | list) and _nesting(raw) > MAX_NESTING:
        return _TOO_DEEP
    if text is not None and not (
            _SURROGATE_ESCAPE_BYTES if isinstance(text, bytes) else _SURROGATE_ESCAPE).search(text):
        return None
    stack: list[tuple[object, tuple[str, ...]]] = [(raw, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if problem := surrogate_problem(key):
                    return f"「{_path(path)}」中有一个键{problem}"
                stack.append((value, (*path, key)))
        elif isinstance(node, list):
            stack.extend((value, (*path, str(i))) for i, value in enumerate(node))
        elif isinstance(node, str) and (problem := surrogate_problem(node)):
            return f"「{_path(path)}」{problem}"
    return None


def _nesting(raw: object) -> int:
    """How deep a parsed JSON value nests, up to `MAX_NESTING` + 1, level by level (no recursion).

    The embedded form definition is skipped: it is used only once it validates against the
    definition model (or is replaced by the shipped one), and it is most of the file."""
    if type(raw) is dict:
        level = [v for k, v in raw.items() if k != "definition" and (type(v) is dict or type(v) is list)]
    else:
        level = [raw] if type(raw) is list else []
    depth = 1 if type(raw) is dict else 0
    while level and depth <= MAX_NESTING:
        deeper: list = []
        for node in level:
            t = type(node)
            if t is dict:
                deeper += [v for v in node.values() if type(v) is dict or type(v) is list]
            elif t is list:
                deeper += [v for v in node if type(v) is dict or type(v) is list]
        level = deeper
        depth += 1
    return depth


# A surrogate can only enter through a \uD800–\uDFFF escape: UTF-8 decoding refuses the bytes.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]")


_KEY_WORDS = {"report_year": "填报年度", "fields": "字段", "table": "第三部分", "products": "产品",
              "log": "修改记录", "form": "表单", "state": "状态", "created": "创建时间",
              "modified": "修改时间", "definition": "表单定义", "format_version": "格式版本"}


def _path(path: tuple[str, ...]) -> str:
    """'table.E0.values.2024（第三部分）' — the key path as in the file, the first key in Chinese."""
    if not path:
        return "（顶层）"
    word = _KEY_WORDS.get(path[0])
    return echo(".".join(path), 60) + (f"（{word}）" if word else "")


# ---------------------------------------------------------------- model errors in Chinese

def describe_error(err: dict) -> str:
    """One pydantic error in Chinese, naming where it is: pydantic's English never reaches the user."""
    return f"「{_path(tuple(str(x) for x in err.get('loc', ())))}」{model_errors.reason(err)}"


# ---------------------------------------------------------------- format migrations


class _Shape(Exception):
    pass


def _v1_to_v2(raw: dict) -> dict:
    """Format 1 (preview builds): flat `values` and `rows` with years as keys next to unit/note."""
    rows = raw.get("rows") or {}
    if not isinstance(rows, dict) or not all(isinstance(r, dict) for r in rows.values()):
        raise _Shape("「rows」应为每行一项、内含各年数值的对象")
    values = raw.get("values") or {}
    if not isinstance(values, dict):
        raise _Shape("「values」应为每个字段一项的对象")
    table: dict[str, dict] = {}
    for rid, row in rows.items():
        row = dict(row)
        unit, note = row.pop("unit", None), row.pop("note", "") or ""
        table[rid] = {"unit": unit, "values": {str(k): _v1_scalar(v, f"rows.{rid}.{k}")
                                               for k, v in row.items() if v not in (None, "")},
                      "note": note}
    out = {
        "format_version": 2,
        "app": APP_ID,
        "app_version": raw.get("app_version", "0.0"),
        "form": {"id": raw.get("form_id", ""), "version": raw.get("form_version", ""), "hash": ""},
        "report_year": raw.get("year"),
        "state": "draft",
        "fields": {k: _v1_scalar(v, f"values.{k}") for k, v in values.items() if v not in (None, "")},
        "table": table,
        "products": {},
        "log": [],
    }
    for key in ("created", "modified"):
        if raw.get(key):
            out[key] = raw[key]
    return out


def _v1_scalar(value: object, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), "f")  # 5 → "5"
    raise _Shape(f"「{echo(where, 60)}」应为文字或数字")


MIGRATIONS = {1: _v1_to_v2}


def migrate(raw: dict, name: str = "该文件") -> dict:
    while raw["format_version"] < FORMAT_VERSION:
        version = raw["format_version"]
        try:
            raw = MIGRATIONS[version](raw)
        except _Shape as exc:
            raise DocumentError(f"{name}（格式版本 {version}）的结构不对，无法升级：{exc}。文件未被修改。"
                                ) from None
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
                f"草稿使用的表单版本 {echo(draft.form.version, 40)} 已不再提供，已按当前版本 {definition.version} 打开。"
            )
        elif draft.form.hash and draft.form.hash != definition.content_hash:
            notes.append("表单定义在草稿创建后有更新（版本号相同），请核对各行。")
    check_report_year(draft, definition, name)
    notes += align_to_definition(draft, definition)
    notes += cells.clean_stored(definition, draft)
    draft.definition = definition.canonical
    return definition, notes


def check_report_year(draft: Draft, definition: FormDefinition, name: str = "该草稿") -> None:
    """A table's 填报年度 is its form's (a form is one year's table): a draft saying another year
    was edited outside GreenDesk, and would be printed, checked and compared as the wrong year."""
    if draft.report_year != definition.report_year:
        raise DocumentError(
            f"{name}的填报年度（{draft.report_year}）与表单「{definition.title}」的年度"
            f"（{definition.report_year}年度）不一致，文件在 GreenDesk 之外被修改过，无法打开。请从备份或自动保存中恢复。")


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


def align_to_definition(draft: Draft, definition: FormDefinition, *, report: bool = True) -> list[str]:
    """Add rows the draft lacks, keep (and report) values the definition no longer has.
    `report=False` makes the same changes without working out the notes (批量审核)."""
    notes: list[str] = []
    plan = plan_of(definition)
    table = draft.table
    for row in plan.entry_rows:  # the rows a draft keeps an entry for (numbers, products, 是/否)
        if row.id not in table:
            table[row.id] = RowEntry(unit=row.unit or None)
            if report and draft.form.version != definition.version:
                notes.append(f"新增行「{row.name}」（{row.id}）。")
        if row.kind == "products" and row.products and row.id not in draft.products:
            draft.products[row.id] = ProductGroup(
                consumption_unit=row.products.consumption_unit,
                items=[ProductItem() for _ in range(row.products.max_items)],
            )
    rows, years, units = definition.rows, plan.year_keys, plan.units_of
    for rid, entry in table.items() if report else ():  # run for every file 批量审核 reads
        row = rows.get(rid)
        if row is None:
            if not entry.is_empty():
                notes.append(f"草稿中的行「{echo(rid, 40)}」在当前表单中不存在，其数值已保留但不显示。")
            continue
        values, unit = entry.values, entry.unit
        if values and not years.issuperset(values):
            extra = "、".join(sorted(set(values) - years))
            notes.append(f"行「{echo(rid, 40)}」中 {echo(extra)} 年的数值不属于本表年度，已保留但不显示。")
        if unit and unit not in units[rid]:
            notes.append(f"行「{row.name}」的单位「{echo(unit, 40)}」不在当前可选单位中，请重新选择。")
    if report and draft.records:
        notes += _unknown_records(draft, definition)
    known = definition.fields
    unknown = sorted(k for k in draft.fields if k not in known and k.split(".")[0] not in known) if report else []
    if unknown:
        notes.append(f"草稿中有 {len(unknown)} 个字段在当前表单中不存在（{'、'.join(echo(k, 40) for k in unknown[:5])}），已保留。")
    if draft.form.version != definition.version or not draft.form.hash:
        draft.form.version = definition.version
    draft.form.hash = definition.content_hash
    forms.register(definition)  # so that saving the draft embeds this definition
    return notes


def _unknown_records(draft: Draft, definition: FormDefinition) -> list[str]:
    """Lists of records, or columns of them, that the definition does not have: kept, not shown."""
    notes: list[str] = []
    parts = {p.id: p for p in definition.record_parts}
    for pid, rows in draft.records.items():
        part = parts.get(pid)
        filled = [r for r in rows if any(str(v).strip() for v in r.values())]
        if part is None or part.records is None:
            if filled:
                notes.append(f"草稿中的名单「{echo(pid, 40)}」在当前表单中不存在，其 {len(filled)} 行已保留但不显示。")
            continue
        known = {c.id for c in part.records.columns}
        extra: dict[str, int] = {}
        for row in filled:
            for col, value in row.items():
                if col not in known and str(value).strip():
                    extra[col] = extra.get(col, 0) + 1
        for col, n in extra.items():
            notes.append(f"{part.title}中有 {n} 行含当前表单没有的列「{echo(col, 40)}」，已保留但不显示。")
    return notes


def open_draft(path: Path) -> Opened:
    """Read, migrate and attach the definition; the file itself is only read."""
    try:
        data = storage.read_bytes_limited(path, max_bytes=MAX_DRAFT_BYTES)
    except storage.StorageError as exc:
        raise DocumentError(exc.message, path) from None
    name = f"文件「{path.name}」"
    try:
        loaded = read(data, name)
        definition, notes = attach_definition(loaded.draft, name)
    except DocumentError as exc:
        exc.path = path
        raise
    draft, migrated = loaded.draft, loaded.migrated_from
    if migrated:
        notes.insert(0, f"草稿格式已从版本 {migrated} 升级到版本 {FORMAT_VERSION}（保存后生效）。")
    return Opened(draft, definition, notes, migrated)


def save_draft(path: Path, draft: Draft) -> None:
    """Atomic save with rolling backups; StorageError (Chinese message) when it cannot be written."""
    storage.save_with_backup(path, dumps(draft))

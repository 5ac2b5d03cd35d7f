"""Review one input file: read it (draft or GreenDesk workbook), validate it, raise the flags that
need only this file. Cross-file flags (duplicate codes, scans) are added by `runner`.

Built for thousands of files per run: the JSON is parsed with orjson when installed, the 85 KB form
definition every draft embeds is parsed and validated once per content hash (not once per file; see
`_parse`), the edit history is not validated (the review reads what the table says, not how it came
about), and the result is a small record, never the draft. Nothing here writes to an input.

Same verdicts as opening the file in the window: a key written twice in one object (which orjson
would take silently, keeping the last) sends the file to the loader, which names it; every text is
cleaned as opening cleans it, so the fingerprint is the one the window and the printed QR code show.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from greendesk import cells, document, forms, records, refdata, storage
from greendesk.definition import FormDefinition
from greendesk.draft import STATE_LABELS, Draft, short_fingerprint
from greendesk.review import cache as review_cache
from greendesk.review.outputs import is_review_report
from greendesk.review.roles import NO, YES, list_type, roles
from greendesk.review.tails import Tails
from greendesk.rules import Finding, Report, validate

try:  # a faster parser when installed (same result as json.loads for valid UTF-8 JSON)
    from orjson import JSONDecodeError as _JSONError
    from orjson import dumps as _fast_dumps
    from orjson import loads as _fast_loads
except ImportError:  # pragma: no cover — orjson is a dependency; stay correct without it
    _fast_loads, _JSONError = json.loads, ValueError

    def _fast_dumps(value: object) -> bytes:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")

REPORT_SOURCE = "report"  # `UnitResult.source` of an earlier review report met among the inputs
DRAFT_SUFFIXES = (".json",)
WORKBOOK_SUFFIXES = (".xlsx",)


@dataclass
class UnitResult:
    """One row of the review: what a reviewer needs about one file, and nothing heavier."""

    file: str
    readable: bool = True
    reason: str = ""  # why it is unreadable (Chinese)
    source: str = ""  # "draft" | "workbook"
    form: str = ""  # form id, e.g. green-factory-2025
    list_type: str = ""  # 绿色工厂 / 绿色供应链管理企业 / 绿色工业园区
    report_year: int | None = None
    name: str = ""
    uscc: str = ""
    industry: str = ""
    region: str = ""
    state: str = ""  # 草稿 / 已通过验证 / 定稿 ("" for workbooks)
    errors: int = 0
    warnings: int = 0
    unexplained_warnings: int = 0
    fingerprint: str = ""  # full content fingerprint (sha256 hex)
    first_cell: str = ""  # address of the first finding (the window opens the table there)
    list_rows: int | None = None  # a 培育名单 (附件3/4): its filled rows; None for a unit's table
    flags: list[str] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)  # flag code → what was found (Chinese)

    @property
    def short_fingerprint(self) -> str:
        return short_fingerprint(self.fingerprint) if self.fingerprint else ""

    def flag(self, code: str, detail: str = "") -> None:
        if code not in self.flags:
            self.flags.append(code)
        if detail:
            self.details[code] = detail

    def to_json(self) -> dict:
        """Every field (`dataclasses.asdict`, made directly: the review cache keeps one per file)."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["flags"] = list(self.flags)
        data["details"] = dict(self.details)
        return data

    @classmethod
    def from_json(cls, data: dict) -> UnitResult:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def well_formed(self) -> bool:
        """Every field of the type it is declared with (an entry read back from the review cache,
        which another program or a damaged disk may have changed)."""
        def optional_int(v: object) -> bool:
            return v is None or (type(v) is int)

        texts = ("file", "reason", "source", "form", "list_type", "name", "uscc", "industry", "region",
                 "state", "fingerprint", "first_cell")
        return (all(type(getattr(self, f)) is str for f in texts)
                and type(self.readable) is bool
                and all(type(getattr(self, f)) is int for f in ("errors", "warnings", "unexplained_warnings"))
                and optional_int(self.report_year) and optional_int(self.list_rows)
                and type(self.flags) is list and all(type(c) is str for c in self.flags)
                and type(self.details) is dict
                and all(type(k) is str and type(v) is str for k, v in self.details.items()))


class Unreadable(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# content identity of a draft's form → the definition it is reviewed with (per process)
_definitions: dict[tuple[str, str, str], FormDefinition] = {}
# the forms among them that are not shipped: each file's embedded copy must be the one checked
_from_files: set[tuple[str, str, str]] = set()


def _shipped(definition: FormDefinition) -> bool:
    return any(d.content_hash == definition.content_hash for d in forms.available())


def review_cached(path: Path, cache: Mapping[str, dict]) -> tuple[UnitResult, str | None]:
    """`review_file`, or what it found for a draft with the very same bytes and name (see
    `review.cache`); with the key to keep a new result under (None: not to be kept)."""
    if path.suffix.lower() not in DRAFT_SUFFIXES:
        return review_file(path), None
    try:
        data = storage.read_bytes_limited(path, max_bytes=document.MAX_DRAFT_BYTES)
    except storage.StorageError:
        return review_file(path), None  # it says why
    k = review_cache.key(data, path.name)
    hit = cache.get(k)
    if hit is not None:
        try:
            result = UnitResult.from_json(hit)
        except (TypeError, ValueError, AttributeError):
            result = None
        if result is not None and result.well_formed():  # a damaged entry is no entry
            result.file = str(path)
            return result, None
    return review_file(path, data), k


def review_file(path: Path, data: bytes | None = None) -> UnitResult:
    """Review one file (a draft's bytes when already read); never raises for a bad input (it
    becomes an unreadable row)."""
    result = UnitResult(file=str(path))
    try:
        suffix = path.suffix.lower()
        notes: list[str] = []  # what the file holds that the table does not show
        if suffix in WORKBOOK_SUFFIXES:
            result.source = "workbook"
            draft, definition = _read_workbook(path, notes)
        elif suffix in DRAFT_SUFFIXES:
            result.source = "draft"
            draft, definition = read_draft(path, data, notes)
        elif suffix in OTHER_WORKBOOKS:  # a table a reviewer expects to see, in a form we cannot read
            raise Unreadable(f"「{path.name}」{OTHER_WORKBOOKS[suffix]}")
        else:
            raise Unreadable(f"「{path.name}」不是 GreenDesk 草稿（.json）或导出的工作簿（.xlsx）。")
        _review(result, draft, definition)
        if notes:
            more = f"等 {len(notes)} 项" if len(notes) > NOTES_SHOWN else ""
            result.flag("not_placed", "；".join(notes[:NOTES_SHOWN]) + more)
    except Unreadable as exc:
        result.readable = False
        result.reason = exc.reason
        if is_review_report(path):  # an earlier review's own report in the folder: not a unit
            result.source = REPORT_SOURCE
            return result
        result.flag("unreadable", exc.reason)
    except Exception as exc:  # noqa: BLE001 — one odd file must never stop a run of thousands
        result.readable = False
        result.reason = f"「{path.name}」无法读取（{type(exc).__name__}）。"
        result.flag("unreadable", result.reason)
    return result


_NOT_OURS = "也不是培育名单（附件3/4）模板（前 50 行中找不到它的表头），无法审核。"
OTHER_WORKBOOKS = {".xls": "是旧版 Excel 工作簿（.xls），请在 Excel 中另存为 .xlsx 后再审核。",
                   ".xlsm": "是含宏的工作簿（.xlsm），请另存为 .xlsx（不含宏）后再审核。",
                   ".xlsb": "是二进制 Excel 工作簿（.xlsb），请另存为 .xlsx 后再审核。",
                   ".et": "是 WPS 表格文件（.et），请另存为 .xlsx 后再审核。"}
NOTES_SHOWN = 3  # of the values a file holds but the table does not show, named in the flag
_HIDDEN = "已保留"  # the loader's notes on values kept but not shown (rows, years, fields the form lacks)


def read_draft(path: Path, data: bytes | None = None,
               notes: list[str] | None = None) -> tuple[Draft, FormDefinition]:
    """The draft and the definition it is reviewed with; Unreadable with the reason otherwise.
    `notes` receives the loader's notes on values the table does not show.

    Same verdicts as `document.open_draft` on the table's content, faster: see the module doc.
    """
    name = f"文件「{path.name}」"
    if data is None:
        try:
            data = storage.read_bytes_limited(path, max_bytes=document.MAX_DRAFT_BYTES)
        except storage.StorageError as exc:
            raise Unreadable(exc.message) from None
    raw, tail, source = _parse(data)
    if raw is None:
        return _draft_from(name, data, None, None, data, notes)
    try:
        return _draft_from(name, data, raw, tail, source, notes)
    except Unreadable:
        # refused on the fast path: the loader says why in its own words (orjson reads an integer
        # beyond 64 bits as a float, which a message would show as "2.025e+22", not as written)
        return _draft_from(name, data, None, None, data, notes)


def _draft_from(name: str, data: bytes, raw: object | None, tail: bytes | None, source: bytes,
                notes: list[str] | None) -> tuple[Draft, FormDefinition]:
    """`read_draft` from JSON parsed by `_parse`, or (`raw` None) by the loader."""
    try:
        if raw is None:  # not JSON orjson takes without doubt: the loader's own verdict
            draft = document.loads(data, name)
            embedded = draft.definition
        else:
            embedded = raw.pop("definition", None) if isinstance(raw, dict) else None
            if isinstance(raw, dict) and isinstance(raw.get("log"), list):
                raw["log"] = []  # the history: not part of what is reviewed
            draft = document.from_dict(raw, name, source)
        key = (draft.form.id, draft.form.version, draft.form.hash)
        definition = _definitions.get(key)
        if definition is not None and key in _from_files and isinstance(embedded, dict) \
                and embedded != definition.canonical:
            definition = None  # a form not shipped: this file's own copy is checked against its hash
        if definition is None:
            draft.definition = embedded if isinstance(embedded, dict) else None
            definition, said = document.attach_definition(draft, name)
            _definitions[key] = definition
            if not _shipped(definition):
                _from_files.add(key)
        else:  # what `attach_definition` does to the draft
            document.check_report_year(draft, definition, name)
            said = document.align_to_definition(draft, definition)
            cells.clean_stored(definition, draft)
        if notes is not None:
            notes += [n for n in said if _HIDDEN in n]
        if tail is not None and embedded is not None:
            _checked.add(tail, key)
    except document.DocumentError as exc:
        raise Unreadable(exc.message) from None
    draft.definition = None  # the review holds no definition copy per draft
    return draft, definition


# The embedded definition is the file's last member, written the same way by every save: once
# one file's copy has been parsed whole, a later file ending in the very same bytes needs only the
# part before it parsed (about a third of the file). Anything unusual takes the full parse.
_checked: Tails[tuple[str, str, str]] = Tails()  # the copies parsed whole, with the form checked


def _parse(data: bytes) -> tuple[object | None, bytes | None, bytes]:
    """(parsed JSON, or None when the loader must judge it; the definition tail when one was
    found; the bytes the value was parsed from)."""
    at, known = _checked.find(data)
    if known is not None:
        head = data[:at].rstrip()
        if head.endswith(b","):
            body = head[:-1] + b"}"
            try:
                raw = _fast_loads(body)
            except _JSONError:
                raw = None
            form = raw.get("form") if isinstance(raw, dict) else None
            # a "definition" already before the last one is a key written twice: the loader names it
            if isinstance(form, dict) and (form.get("id"), form.get("version"), form.get("hash")) == known \
                    and "definition" not in raw and not _may_repeat_a_key(body, raw):
                raw["definition"] = None  # the one checked with this form, cached in `_definitions`
                return raw, None, body
    try:
        raw = _fast_loads(data)
    except _JSONError:
        return None, None, data  # empty, binary, not UTF-8, damaged, or with a BOM: the loader says which
    if _may_repeat_a_key(data, raw):
        return None, None, data
    return raw, (data[at:] if at > 0 else None), data


def _may_repeat_a_key(source: bytes, parsed: object) -> bool:
    """True when an object of `source` may hold a key twice (orjson keeps the last one silently;
    the loader names the key). Every colon of JSON text is a key's or inside a string, so a
    repeated key leaves fewer colons in the parsed value written out again than in the source.
    A colon written as an escape (\\u003a) is not counted: such a file goes to the loader."""
    if _may_escape_a_colon(source):
        return True
    try:
        again = _fast_dumps(parsed)
    except (TypeError, ValueError):
        return True
    return again.count(b":") != source.count(b":")


def _may_escape_a_colon(source: bytes) -> bool:
    """True when `source` may write a character from U+0030 to U+003F (a colon among them) as an
    escape. The few escapes of a usual draft are looked at one by one (a one-byte search is much
    faster than a search for the whole escape; an escape's second character is skipped, so that an
    escaped backslash is passed over); a file with many escapes gets the plain search."""
    at = source.find(b"\\")
    for _ in range(_ESCAPES_LOOKED_AT):
        if at < 0:
            return False
        if source.startswith(b"u003", at + 1):
            return True
        at = source.find(b"\\", at + 2)
    return b"\\u003" in source


_ESCAPES_LOOKED_AT = 16


def _read_workbook(path: Path, notes: list[str] | None = None) -> tuple[Draft, FormDefinition]:
    from greendesk import export

    try:
        draft, report = export.import_xlsx(path)
    except export.ExportError as exc:  # the importer's hint names a CLI option the review has not
        raise Unreadable(exc.message.replace("请指定表单（--form）后再导入。", _NOT_OURS)) from None
    if notes is not None:  # each value 模板导入 left out (not its cleaning notes, nor an example row)
        notes += report.left_out
    definition = forms.find(draft.form.id, draft.form.version, draft.form.hash)
    if definition is None:  # pragma: no cover — import registers the definition it used
        raise Unreadable(f"「{path.name}」的表单定义无法确定。")
    return draft, definition


def warm() -> None:
    """Load once what every review needs: the shipped definitions with their rule plans and roles,
    the reference data and the credit-code checker. Called before worker processes are forked,
    so that they share it instead of each loading it again (≈ 0.2 s of CPU a worker)."""
    from stdnum.cn import uscc  # noqa: F401 — imported by the rules on first use

    from greendesk.definition_plan import plan_of

    for definition in forms.available():
        plan_of(definition)
        if not definition.record_parts:
            roles(definition)
    _latest_years()
    refdata.industries()  # GB/T 4754
    refdata.division_name("")  # the divisions and their index


# ---------------------------------------------------------------- flags of one file


def _latest_years() -> dict[str, int]:
    if not _latest:
        for d in forms.available():
            _latest[d.kind] = max(_latest.get(d.kind, 0), d.report_year)
    return _latest


_latest: dict[str, int] = {}


def _question_number(label: str) -> str:
    head = label.split(".", 1)[0].strip()
    return head if head.isdigit() else label[:20]


def _review_list(result: UnitResult, draft: Draft, definition: FormDefinition) -> None:
    """A 培育名单 (附件3/4) is a city's list, not a unit's table: named by its city, counted by its
    rows and findings; the table flags (compliance, name, credit code, scans) do not apply."""
    result.form = definition.id
    result.list_type = list_type(definition)
    result.report_year = draft.report_year
    part = definition.record_parts[0]
    city_field = part.records.city_field if part.records else None
    result.name = draft.fields.get(city_field, "").strip() if city_field else ""
    result.list_rows = sum(not records.is_empty(row) for p in definition.record_parts
                           for row in records.rows_of(draft, p))
    result.fingerprint = draft.fingerprint()
    _findings(result, validate(definition, draft), definition)
    if result.source == "draft":
        result.state = STATE_LABELS.get(draft.state, draft.state)
        if draft.state == "draft":
            result.flag("still_draft", f"状态：{result.state}")


def _review(result: UnitResult, draft: Draft, definition: FormDefinition) -> None:
    if definition.record_parts:
        _review_list(result, draft, definition)
        return
    r = roles(definition)
    values = draft.fields
    result.form = definition.id
    result.list_type = list_type(definition)
    result.report_year = draft.report_year
    result.name = values.get(r.name, "").strip() if r.name else ""
    result.uscc = values.get(r.uscc, "").strip().upper() if r.uscc else ""
    if r.industry and values.get(r.industry):
        result.industry = refdata.industry_label(values[r.industry])
    if r.region:
        keys = [values.get(f"{r.region}.{k}", "") for k in ("province", "city", "county")]
        if any(keys):
            result.region = refdata.region_label(*keys)
    result.fingerprint = draft.fingerprint()
    report = validate(definition, draft)
    _findings(result, report, definition)
    if result.source == "draft":
        result.state = STATE_LABELS.get(draft.state, draft.state)
        if draft.state == "draft":
            result.flag("still_draft", f"状态：{result.state}")
    yes = [_question_number(definition.fields[q].label) for q in r.compliance if values.get(q) == YES]
    if yes:
        result.flag("compliance_yes", f"第{'、'.join(yes)}项答“是”")
    former = values.get(r.former_name, "").strip() if r.former_name else ""
    if (r.name_question and values.get(r.name_question) == NO) or former:
        result.flag("name_changed", f"变更前名称：{former}" if former else "名称与名单不一致")
    latest = _latest_years().get(definition.kind)
    if latest and definition.report_year < latest:
        result.flag("not_current_form", f"{definition.report_year}年度表（最新为{latest}年度）")


def _row_name(definition: FormDefinition, f: Finding) -> str:
    row = definition.rows.get(f.row or "")
    name = row.name if row else f.cell
    return f"{name}（{f.year}年）" if f.year else name


def _findings(result: UnitResult, report: Report, definition: FormDefinition) -> None:
    errors, warnings = report.errors, report.warnings
    result.errors, result.warnings = len(errors), len(warnings)
    first = next((f for f in report.findings if f.severity != "info"), None)
    result.first_cell = first.cell if first else ""
    if errors:
        more = f"等 {len(errors)} 个错误" if len(errors) > 1 else ""
        result.flag("has_errors", f"{errors[0].text}{more}")
    unexplained = [f for f in warnings if f.rows and not f.acknowledged]
    result.unexplained_warnings = len(unexplained)
    if unexplained:
        result.flag("unexplained_warning", _list(_row_name(definition, f) for f in unexplained))
    yoy_codes = {rule.code for rule in definition.rules if rule.kind in ("yoy", "yoy_ratio")}
    yoy = [f for f in warnings if f.code in yoy_codes]
    if yoy:
        result.flag("large_yoy_change", _list(_row_name(definition, f) for f in yoy))


def _list(items, limit: int = 5) -> str:
    unique = list(dict.fromkeys(items))
    text = "、".join(unique[:limit])
    return f"{text}等 {len(unique)} 项" if len(unique) > limit else text

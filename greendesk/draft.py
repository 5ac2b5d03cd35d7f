"""The draft document: what a user's table holds, saved as JSON.

Numbers are canonical decimal strings (exactly the digits typed), every numeric row records the unit
chosen, and an append-only log keeps who changed what. Computed indicators are not stored: they are
derived from the parameters whenever needed (see `compute`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StrictInt,
    model_serializer,
)

from greendesk import __version__, forms
from greendesk.definition import FormDefinition
from greendesk.numbers import ALWAYS_FITS, CANONICAL_NUMBER, capacity_problem
from greendesk.text import echo

try:  # a dependency; the fingerprint stays the same without it
    import orjson as _orjson
except ImportError:  # pragma: no cover
    _orjson = None

FORMAT_VERSION = 2
APP_ID = "GreenDesk"

# reported / withdrawn: what the user did on the platform (已上报 after uploading; 取消上报)
State = Literal["draft", "verified", "final", "reported", "withdrawn"]
STATE_LABELS: dict[str, str] = {"draft": "草稿", "verified": "已通过验证", "final": "定稿",
                                "reported": "已上报", "withdrawn": "已取消上报"}
Source = Literal["typed", "carried", "imported", "undo", "redo", "system"]
SOURCE_LABELS: dict[str, str] = {
    "typed": "手工填写",
    "carried": "上年度结转",
    "imported": "Excel导入",
    "undo": "撤销",
    "redo": "重做",
    "system": "系统",
}


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


ANSWERS = ("是", "否")  # a qualitative row's value for a year (定性指标), stored where numbers are


def _check_numbers(values: dict[str, str]) -> dict[str, str]:
    # run for every row of every draft read (批量审核 reads thousands): one pass, cheapest test first
    for year, text in values.items():
        if year not in _GOOD_YEARS:
            if not (len(year) == 4 and year.isascii() and year.isdigit()):  # not ２０２４, ²⁰²⁴ or ٢٠٢٤
                raise ValueError(f"年份「{echo(year)}」无效")
            _GOOD_YEARS.add(year)  # at most 10,000 of them
        if text in ANSWERS:
            continue
        if _is_canonical(text) is None:
            raise ValueError(f"{year}年的数值「{echo(text)}」不是有效数字")
        if len(text) > ALWAYS_FITS and (problem := capacity_problem(text)):
            raise ValueError(f"{year}年的数值「{echo(text)}」无法填写：{problem}")
    return values


_GOOD_YEARS: set[str] = set()  # year keys found valid: four ASCII digits
_is_canonical = CANONICAL_NUMBER.match  # `numbers.is_canonical`, without a call around it


Numbers = Annotated[dict[str, str], AfterValidator(_check_numbers)]


class FormRef(_Model):
    # bounded: a foreign file's form id is echoed in messages ("找不到表单定义「…」")
    id: str = Field(max_length=100)
    version: str = Field(max_length=50)
    hash: str = Field(default="", max_length=128)


class RowEntry(_Model):
    unit: str | None = None
    values: Numbers = {}
    note: str = ""

    def is_empty(self) -> bool:
        return not self.values and not self.note


class ProductItem(_Model):
    name: str = ""
    standard: str = ""
    unit: str = ""
    output: Numbers = {}
    consumption: Numbers = {}

    def is_empty(self) -> bool:
        return not (self.name or self.standard or self.unit or self.output or self.consumption)


class ProductGroup(_Model):
    applicable: Literal["", "是", "否"] = ""
    consumption_unit: str | None = None
    items: list[ProductItem] = Field(default_factory=list, max_length=10)


class LogEntry(_Model):
    time: datetime
    cell: str
    old: str | None = None
    new: str | None = None
    source: Source = "typed"
    reason: str = ""


class Draft(_Model):
    format_version: Literal[2] = FORMAT_VERSION
    app: Literal["GreenDesk"] = APP_ID
    app_version: str = __version__
    form: FormRef
    # strict: a JSON true is not the year 1 (pydantic's lax mode reads booleans as 0/1)
    report_year: StrictInt = Field(ge=2015, le=2100)
    state: State = "draft"
    created: datetime = Field(default_factory=now)
    modified: datetime = Field(default_factory=now)
    fields: dict[str, str] = {}
    table: dict[str, RowEntry] = {}
    products: dict[str, ProductGroup] = {}
    log: list[LogEntry] = []
    # lists of records (repeating groups): part id → rows, each column id → text. Written (and
    # part of the content) only when a form has them, so other drafts and fingerprints are as before.
    records: dict[str, list[dict[str, str]]] = {}
    # The definition the draft is made with, as `FormDefinition.canonical` (whose content hash is
    # `form.hash`), so that the saved draft opens even where that form is not shipped. Set by
    # `new_draft` and `document.attach_definition`, read from the file by `document.loads`; None in
    # drafts saved before it existed. Not part of the content: the fingerprint ignores it.
    definition: dict[str, Any] | None = None

    @model_serializer(mode="wrap")
    def _omit_empty_records(self, handler: SerializerFunctionWrapHandler) -> dict:
        data = handler(self)
        if isinstance(data, dict) and not self.records:
            data.pop("records", None)
        return data

    # ---- content identity
    def content(self) -> dict:
        """What the table says, without history or bookkeeping: the basis of the fingerprint."""
        return self._content(share=False)

    def _content(self, *, share: bool) -> dict:
        """`content`; with `share`, holding the draft's own value dicts rather than copies (for
        writing out at once). Keys are in no particular order: the fingerprint's JSON sorts them."""
        table = {}
        for rid, entry in self.table.items():
            if entry.values or entry.note or entry.unit:  # what model_dump gives, built directly (faster)
                values = entry.values if share else dict(entry.values)
                table[rid] = {"unit": entry.unit, "values": values, "note": entry.note}
        products = {}
        for rid, group in self.products.items():
            items = list(group.items)
            while items and items[-1].is_empty():
                items.pop()
            if group.applicable or items:
                products[rid] = {
                    "applicable": group.applicable,
                    "consumption_unit": group.consumption_unit,
                    "items": [{"name": i.name, "standard": i.standard, "unit": i.unit,
                               "output": i.output if share else dict(i.output),
                               "consumption": i.consumption if share else dict(i.consumption)}
                              for i in items],
                }
        content = {
            "form": self.form.id,
            "version": self.form.version,
            "report_year": self.report_year,
            "fields": {k: v for k, v in self.fields.items() if v},
            "table": table,
            "products": products,
        }
        records = {pid: [{k: v for k, v in r.items() if v} for r in rows]
                   for pid, rows in self.records.items() if rows}
        if records:
            content["records"] = records
        return content

    def fingerprint(self) -> str:
        return hashlib.sha256(_canonical_json(self._content(share=True))).hexdigest()

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def _canonical_json(content: dict) -> bytes:
    """Sorted keys, no spaces, UTF-8 unescaped: the bytes the fingerprint hashes. orjson writes the
    very same bytes as `json.dumps` with these options, faster (批量审核 fingerprints every file)."""
    if _orjson is not None:
        try:
            return _orjson.dumps(content, option=_orjson.OPT_SORT_KEYS)
        except (TypeError, ValueError):  # e.g. an integer beyond 64 bits: the standard library's way
            pass
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def short_fingerprint(full: str) -> str:
    """A 12-character code a person can read off paper: 'A1B2-C3D4-E5F6'."""
    s = full[:12].upper()
    return f"{s[:4]}-{s[4:8]}-{s[8:12]}"


def new_draft(definition: FormDefinition) -> Draft:
    """An empty draft for a definition, with every numeric row's default unit recorded.

    The draft carries the definition (`Draft.definition`), which is also registered with the forms
    registry (`forms.register`), so that any later save embeds it.
    """
    forms.register(definition)
    draft = Draft(
        form=FormRef(id=definition.id, version=definition.version, hash=definition.content_hash),
        report_year=definition.report_year,
    )
    draft.definition = definition.canonical  # shared, not copied
    for row in definition.table.rows:
        if row.numeric or row.kind == "products":
            draft.table[row.id] = RowEntry(unit=row.unit)
        elif row.kind == "qualitative":
            draft.table[row.id] = RowEntry()
        if row.kind == "products" and row.products:
            draft.products[row.id] = ProductGroup(
                consumption_unit=row.products.consumption_unit,
                items=[ProductItem() for _ in range(row.products.max_items)],
            )
    return draft

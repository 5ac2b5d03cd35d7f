"""The form definition: one declarative TOML file per table kind and year drives everything.

The model, the widgets, the rule engine, the Excel and the PDF all read these classes; nothing about
a particular row lives in code. A broken file fails on load with a message naming the entry.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StrictInt,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)

from greendesk import model_errors, oserrors, refdata
from greendesk.expressions import Expression, ExpressionError

Provenance = Literal["seen", "seen (secondary)", "reconstructed", "guessed"]
FieldType = Literal[
    "text", "multiline", "uscc", "phone", "mobile", "email", "industry", "region", "choice", "yesno",
    "quantity",
]
RowKind = Literal["section", "group", "parameter", "indicator", "products", "qualitative"]
Severity = Literal["error", "warning", "info"]
RuleKind = Literal[
    "le", "band", "yoy", "yoy_ratio", "positive", "same_unit", "min_by_division", "zero_for_divisions"
]

_ID = r"^[A-Za-z][A-Za-z0-9_]*$"


class DefinitionError(Exception):
    """A form definition that cannot be used; `message` is Chinese and names the entry."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path


class _Strict(BaseModel):
    # defer_build: schemas are built on first use, not at import (keeps the CLI's cold start short)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Condition(_Strict):
    """`field` has value `equals` (used for conditional requirements and visibility)."""

    field: str
    equals: str


class FormField(_Strict):
    id: str = Field(pattern=_ID)
    label: str
    type: FieldType
    required: bool = False
    required_when: list[Condition] = []  # any condition true → required (V19)
    placeholder: str = ""
    help: str = ""
    options: list[str] = []  # choice
    other_option: str | None = None  # choice value that asks for `other_field`
    other_field: str | None = None
    max_length: StrictInt | None = None
    manufacturing_only: bool = False  # industry: warn (V21) outside 制造业
    unit_options: list[str] = []  # quantity: the unit dropdown (stored under "<id>.unit"), first = default
    min: Decimal | None = None  # quantity
    # uscc: expected leading 登记管理部门+机构类别 (91 企业; a park's management body may be 11 机关,
    # 12 事业单位); any other start is a warning (V20), not an error
    uscc_prefixes: list[str] = ["91"]
    layout: Literal["full", "half"] = "full"
    carry: Literal["copy", "clear", "offer"] = "copy"  # year rollover: copy / answer anew / offer text
    provenance: Provenance = "seen"

    @model_validator(mode="after")
    def _check_kind(self) -> FormField:
        if self.type == "choice" and not self.options:
            raise ValueError("选择题必须给出 options")
        if self.other_option and self.other_option not in self.options:
            raise ValueError(f"other_option「{self.other_option}」不在 options 中")
        if self.type == "quantity" and not self.unit_options:
            raise ValueError("数量字段（quantity）必须给出 unit_options")
        return self

    @model_serializer(mode="wrap")
    def _omit_new_defaults(self, handler: SerializerFunctionWrapHandler) -> dict:
        """The quantity and credit-code settings are written only when set, so a definition that
        does not use them keeps the content hash it had before they existed."""
        data = handler(self)
        if isinstance(data, dict):
            for key, default in (("unit_options", []), ("min", None), ("uscc_prefixes", ["91"])):
                if data.get(key, default) == default:
                    data.pop(key, None)
        return data

    @property
    def unit_key(self) -> str:
        """Where a quantity field's chosen unit is stored (the value itself is under `id`)."""
        return f"{self.id}.unit"


class TextLimits(_Strict):
    """The longest text (characters) each kind of free-text value may hold.

    A field's own `max_length` comes first; these cover the fields without one and the values
    that are not fields. Enforced where text enters (typing, paste, Excel import: refused with a
    message) and checked on every draft opened (an over-long value is kept, never cut, and is an
    error finding V20.length naming the value and its length, so the signature PDF waits for it).
    Sized for what the platform's boxes take and what one PDF table cell can lay out.
    """

    text: StrictInt = Field(default=200, ge=1)  # one-line field (name, address part, contact …)
    multiline: StrictInt = Field(default=5000, ge=1)  # multi-line field (亮点工作, 建议 …)
    note: StrictInt = Field(default=3000, ge=1)  # 特殊情况说明 of a Part 3 row
    product_name: StrictInt = Field(default=200, ge=1)
    product_standard: StrictInt = Field(default=200, ge=1)
    product_unit: StrictInt = Field(default=50, ge=1)  # 产品计量单位: printed inside an intensity unit
    reason: StrictInt = Field(default=500, ge=1)  # why a 定稿 table was changed (kept in the change log)

    def for_field(self, field: FormField) -> int:
        return field.max_length or (self.multiline if field.type == "multiline" else self.text)


RecordColumnType = Literal["text", "choice", "city", "address", "industry", "year_month", "positive"]


class RecordColumn(_Strict):
    """One typed column of a list of records (see `Records`); `label` is the head as printed."""

    id: str = Field(pattern=_ID)
    label: str
    type: RecordColumnType = "text"
    required: bool = False
    options: list[str] = []  # choice: the template's list (a dropdown in the workbook)
    max_length: StrictInt = Field(default=200, ge=1)
    width: StrictInt = Field(default=14, ge=4, le=80)  # workbook column width (characters)

    @model_validator(mode="after")
    def _check_kind(self) -> RecordColumn:
        if self.type == "choice" and not self.options:
            raise ValueError("选择列必须给出 options")
        return self


class Records(_Strict):
    """A repeating group: a list of records with typed columns (e.g. the 培育名单 of 附件3/4).

    `title` holds `{city}` where the template prints "____"; `city_field` names the field of the
    same part that fills it. The 序号 column (`number_label`) is numbered, never stored.
    """

    title: str
    city_field: str | None = None
    # the province whose 地市 the list names (附件3/4 of 广东省's notice go back to 广东省): the title's
    # city and the 地市 column must be one of its cities. None: any city of the country.
    province: str | None = None
    number_label: str = "序号"
    columns: list[RecordColumn] = Field(min_length=1)
    note: str = ""  # printed under the table (e.g. 附件4's 注)
    max_rows: StrictInt = Field(default=5000, ge=1)


class Part(_Strict):
    id: str = Field(pattern=_ID)
    title: str
    short_title: str
    note: str = ""
    fields: list[FormField] = []
    table: bool = False  # Part 3: rendered from `[table]`
    records: Records | None = None  # a list of records (a repeating group), kept in Draft.records

    @model_serializer(mode="wrap")
    def _omit_no_records(self, handler: SerializerFunctionWrapHandler) -> dict:
        """Not written when absent: the definitions made before lists existed keep their hash."""
        data = handler(self)
        if isinstance(data, dict) and self.records is None:
            data.pop("records", None)
        return data


class ProductSpec(_Strict):
    """Product sub-rows (单位产品综合能耗 / 单位产品取水量): up to `max_items` products."""

    question: str
    standard_list: str
    max_items: StrictInt = Field(default=3, ge=1, le=10)
    output_label: str = "产品产量"
    consumption_label: str
    consumption_unit: str
    consumption_unit_options: list[str] = []
    intensity_label: str
    intensity_unit_options: list[str] = []  # default = row.unit; "产品单位" replaced by the item's unit


class Row(_Strict):
    id: str = Field(pattern=_ID)
    kind: RowKind
    name: str
    parameters: str = ""  # 指标涉及的参数 column
    unit: str = ""
    unit_options: list[str] = []
    formula: str | None = None  # indicator rows; row ids in their default units
    fill_note: str = ""  # 填写说明
    required: bool = True
    min: Decimal | None = None
    max: Decimal | None = None
    decimals: StrictInt = Field(default=2, ge=0, le=6)  # display precision of computed values
    yoy: bool = True  # V9 applies
    products: ProductSpec | None = None
    provenance: Provenance = "reconstructed"
    source: str = ""
    # 填写说明 not shown by the platform but added by us to a row that is otherwise `seen`
    fill_note_provenance: Literal["added"] | None = None
    # the options of a seen row's unit dropdown, when the manual shows the dropdown but not its options
    unit_options_provenance: Literal["guessed"] | None = None

    @model_validator(mode="after")
    def _check_kind(self) -> Row:
        if self.kind == "indicator" and not self.formula:
            raise ValueError("指标行（indicator）必须有 formula")
        if self.kind == "products" and self.products is None:
            raise ValueError("产品行（products）必须有 products 段")
        if self.kind in ("parameter", "indicator", "products") and not self.unit:
            raise ValueError("数值行必须有 unit")
        if self.kind == "qualitative" and (self.unit or self.unit_options or self.formula):
            raise ValueError("定性行（qualitative）只填“是/否”，不能有 unit 或 formula")
        if self.unit_options and self.unit not in self.unit_options:
            raise ValueError(f"默认单位「{self.unit}」不在 unit_options 中")
        return self

    @property
    def numeric(self) -> bool:
        return self.kind in ("parameter", "indicator")

    @property
    def units(self) -> list[str]:
        return self.unit_options or ([self.unit] if self.unit else [])


class Roles(_Strict):
    """Which fields play the unit's roles, and the words that name the unit.

    Code that needs "the unit's name" (PDF and Excel headers, the window title, file names), "its
    code" (the QR payload) or "its main industry" (V17/V16 division rules) reads these, never a
    field id: a factory, a supply-chain enterprise and a park all fill tables from the same code.
    """

    name: str  # field holding the unit's name (工厂名称 / 企业名称 / 园区名称)
    code: str = ""  # field holding its 统一社会信用代码
    industry: str = ""  # field holding the main industry (GB/T 4754 小类)
    unit_noun: str = "单位"  # 工厂 / 企业 / 园区: "本工厂", "（未填写工厂名称）"


class Table(_Strict):
    title: str
    columns: list[str]
    yoy_threshold_pct: Decimal = Decimal(50)
    rows: list[Row]


class Rule(_Strict):
    """A cross-row or plausibility rule (domain.md §6 V-codes). Expressions use row ids."""

    code: str = Field(pattern=r"^V\d+[a-z]?$")
    kind: RuleKind
    severity: Severity
    left: str | None = None  # le
    right: str | None = None  # le
    expr: str | None = None  # band / min_by_division: the checked value
    row: str | None = None  # the cell a finding points at (defaults to first id in left/expr)
    rows: list[str] = []  # yoy / yoy_ratio / positive / zero_for_divisions
    min: Decimal | None = None
    max: Decimal | None = None
    ratio_min: Decimal | None = None  # yoy_ratio
    ratio_max: Decimal | None = None
    minimums: dict[str, Decimal] = {}  # min_by_division: 大类 → minimum
    divisions: list[str] = []  # zero_for_divisions
    title: str = ""  # popup title (数值超出范围警告 / 数值规则警告)
    message: str = ""  # overrides the catalogue text (the manual's words)
    unit_label: str = ""  # unit printed with band values when `expr` is not a row


class FormDefinition(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    kind: Literal["green-factory", "green-supply-chain", "green-park",
                  "cultivation-factory", "cultivation-park"]
    version: str
    title: str
    report_year: StrictInt = Field(ge=2015, le=2100)
    years: list[StrictInt] = Field(min_length=1)
    pledge: str
    signature_labels: list[str]
    parts: list[Part]
    # a form made only of records (the 培育名单) has no Part 3: an empty table, no rows
    table: Table = Field(default_factory=lambda: Table(title="", columns=[], rows=[]))
    rules: list[Rule] = []
    provenance_note: str = ""
    text_limits: TextLimits = TextLimits()
    roles: Roles | None = None  # None (definitions embedded by older builds): inferred, see `role`

    @model_serializer(mode="wrap")
    def _omit_default_limits(self, handler: SerializerFunctionWrapHandler) -> dict:
        """Default text limits (and absent roles) are not written, so definitions (and the drafts
        that embed them) made before these were declared keep their content hash."""
        data = handler(self)
        if isinstance(data, dict) and self.text_limits == TextLimits():
            data.pop("text_limits", None)
        if isinstance(data, dict) and self.roles is None:
            data.pop("roles", None)
        return data

    @field_validator("years")
    @classmethod
    def _years_ascending(cls, v: list[int]) -> list[int]:
        if v != sorted(set(v)):
            raise ValueError("years 必须按升序且不重复")
        return v

    @model_validator(mode="after")
    def _cross_check(self) -> FormDefinition:
        problems: list[str] = []
        ids: set[str] = set()
        for part in self.parts:
            for f in part.fields:
                if f.id in ids:
                    problems.append(f"字段 id「{f.id}」重复")
                ids.add(f.id)
            if part.records is not None:
                problems += _check_records(part)
        for part in self.parts:
            for f in part.fields:
                for cond in f.required_when:
                    if cond.field not in ids:
                        problems.append(f"字段「{f.id}」的 required_when 引用了不存在的字段「{cond.field}」")
                if f.other_field and f.other_field not in ids:
                    problems.append(f"字段「{f.id}」的 other_field「{f.other_field}」不存在")
        if self.roles is not None:
            for attr in ("name", "code", "industry"):
                fid = getattr(self.roles, attr)
                if fid and fid not in ids:
                    problems.append(f"roles.{attr} 引用了不存在的字段「{fid}」")
        row_ids: set[str] = set()
        for row in self.table.rows:
            if row.id in row_ids:
                problems.append(f"第三部分行 id「{row.id}」重复")
            row_ids.add(row.id)
        numeric = {r.id for r in self.table.rows if r.numeric}
        for row in self.table.rows:
            if row.formula:
                problems += _check_expr(row.formula, numeric, f"行「{row.id}」的 formula")
        for i, rule in enumerate(self.rules, 1):
            where = f"第 {i} 条规则（{rule.code}）"
            for attr in ("left", "right", "expr"):
                text = getattr(rule, attr)
                if text:
                    problems += _check_expr(text, numeric, f"{where}的 {attr}")
            for rid in [*rule.rows, *([rule.row] if rule.row else [])]:
                if rid not in numeric:
                    problems.append(f"{where}引用了不存在的数值行「{rid}」")
            if rule.kind == "le" and not (rule.left and rule.right):
                problems.append(f"{where}：le 规则需要 left 和 right")
            if rule.kind in ("band", "min_by_division") and not rule.expr:
                problems.append(f"{where}：{rule.kind} 规则需要 expr")
        if not problems:
            try:
                _topological([r for r in self.table.rows if r.kind == "indicator"])
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise ValueError("；".join(problems))
        return self

    # ----- lookups (derived, cached) -----
    @cached_property
    def role(self) -> Roles:
        """The declared roles; for a definition without `[roles]`, the first text field of the part
        holding the 统一社会信用代码, that code field and the first industry field."""
        if self.roles is not None:
            return self.roles
        fields = [f for p in self.parts for f in p.fields]
        code = next((f for f in fields if f.type == "uscc"), None)
        industry = next((f.id for f in fields if f.type == "industry"), "")
        part = next((p for p in self.parts if code in p.fields), None) if code else None
        candidates = part.fields if part else fields
        name = next((f.id for f in candidates if f.type == "text"), "")
        return Roles(name=name, code=code.id if code else "", industry=industry)

    @property
    def name_label(self) -> str:
        """What the unit's name is called on this table: 工厂名称 / 企业名称 / 园区名称."""
        f = self.fields.get(self.role.name)
        return f.label if f else f"{self.role.unit_noun}名称"

    @property
    def code_label(self) -> str:
        f = self.fields.get(self.role.code)
        return f.label if f else "统一社会信用代码"

    def unit_name(self, fields: dict[str, str]) -> str:
        """The unit's name as filled in a draft's `fields` ("" when not filled)."""
        return fields.get(self.role.name, "") if self.role.name else ""

    def unit_code(self, fields: dict[str, str]) -> str:
        return fields.get(self.role.code, "") if self.role.code else ""

    def main_industry(self, fields: dict[str, str]) -> str:
        return fields.get(self.role.industry, "") if self.role.industry else ""

    @property
    def kind_title(self) -> str:
        """The table as a user names it: 绿色工厂动态管理表（2025年度）."""
        return f"{self.title}（{self.report_year}年度）"

    @cached_property
    def fields(self) -> dict[str, FormField]:
        return {f.id: f for p in self.parts for f in p.fields}

    @cached_property
    def field_part(self) -> dict[str, str]:
        return {f.id: p.id for p in self.parts for f in p.fields}

    @cached_property
    def rows(self) -> dict[str, Row]:
        return {r.id: r for r in self.table.rows}

    @cached_property
    def qualitative_rows(self) -> list[Row]:
        return [r for r in self.table.rows if r.kind == "qualitative"]

    @cached_property
    def numeric_rows(self) -> list[Row]:
        return [r for r in self.table.rows if r.numeric]

    @cached_property
    def parameter_rows(self) -> list[Row]:
        return [r for r in self.table.rows if r.kind == "parameter"]

    @cached_property
    def indicator_rows(self) -> list[Row]:
        return [r for r in self.table.rows if r.kind == "indicator"]

    @cached_property
    def indicator_order(self) -> list[Row]:
        """Indicators in dependency order (an indicator may use another one)."""
        return _topological(self.indicator_rows)

    @cached_property
    def product_rows(self) -> list[Row]:
        return [r for r in self.table.rows if r.kind == "products"]

    @cached_property
    def table_part(self) -> Part:
        """Part 3; a form without one (only records) answers its first part."""
        return next((p for p in self.parts if p.table), self.parts[0])

    @cached_property
    def record_parts(self) -> list[Part]:
        """The parts that hold a list of records (empty for the dynamic-management tables)."""
        return [p for p in self.parts if p.records is not None]

    @cached_property
    def compiled(self) -> dict[str, Expression]:
        """Every formula and rule expression, parsed once."""
        out: dict[str, Expression] = {}
        for r in self.table.rows:
            if r.formula:
                out[r.formula] = Expression(r.formula)
        for rule in self.rules:
            for text in (rule.left, rule.right, rule.expr):
                if text:
                    out[text] = Expression(text)
        return out

    @cached_property
    def canonical(self) -> dict:
        """The content as JSON data (`model_dump(mode="json")`): what a draft file embeds, and
        what `parse_definition` turns back into an equal definition. Shared: never mutate it."""
        return self.model_dump(mode="json")

    @cached_property
    def content_hash(self) -> str:
        """Hash of the canonical content: the same however the TOML is formatted."""
        canon = json.dumps(self.canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canon.encode("utf-8")).hexdigest()

    def year_label(self, year: int) -> str:
        return f"{year}年指标值"


def _topological(indicators: list[Row]) -> list[Row]:
    by_id = {r.id: r for r in indicators}
    order: list[Row] = []
    state: dict[str, int] = {}

    def visit(rid: str, chain: tuple[str, ...]) -> None:
        if state.get(rid) == 2:
            return
        if state.get(rid) == 1:
            raise ValueError(f"指标公式循环引用：{' → '.join((*chain, rid))}")
        state[rid] = 1
        for name in sorted(Expression(by_id[rid].formula or "").names):
            if name in by_id:
                visit(name, (*chain, rid))
        state[rid] = 2
        order.append(by_id[rid])

    for r in indicators:
        visit(r.id, ())
    return order


def _check_records(part: Part) -> list[str]:
    rec = part.records
    assert rec is not None
    problems = []
    cols = [c.id for c in rec.columns]
    if len(set(cols)) < len(cols):
        problems.append(f"部分「{part.id}」的名单列 id 重复")
    if rec.city_field and rec.city_field not in {f.id for f in part.fields}:
        problems.append(f"部分「{part.id}」的 city_field「{rec.city_field}」不是该部分的字段")
    if rec.province is not None and rec.province not in {p.name for p in refdata.provinces()}:
        problems.append(f"部分「{part.id}」的 province「{rec.province}」不是省级行政区名称（如“广东省”）")
    return problems


def _check_expr(text: str, known: set[str], where: str) -> list[str]:
    try:
        expr = Expression(text)
    except ExpressionError as exc:
        return [f"{where}无法解析：{exc}"]
    return [f"{where}引用了不存在的数值行「{n}」" for n in sorted(expr.names - known)]


_LOC_WORDS = {"parts": "部分", "fields": "字段", "rows": "行", "rules": "规则", "table": "表"}


def _describe(loc: tuple, data: dict) -> str:
    """Turn a pydantic error location into a path a maintainer can find in the TOML."""
    parts: list[str] = []
    node: object = data
    for item in loc:
        if isinstance(item, int) and isinstance(node, list) and item < len(node):
            node = node[item]
            ident = node.get("id") or node.get("code") if isinstance(node, dict) else None
            parts.append(f"[{item + 1}]" + (f"（{ident}）" if ident else ""))
        else:
            node = node.get(item, {}) if isinstance(node, dict) else {}
            parts.append(("." if parts else "") + _LOC_WORDS.get(str(item), str(item)))
    return "".join(parts) or "（顶层）"


def parse_definition(data: dict, source: Path | None = None, *,
                     origin: str | None = None) -> FormDefinition:
    """Validate a definition (a TOML file's table, or the copy embedded in a draft).

    `origin` names where the data came from in the message (default: the file `source`), e.g.
    "文件「x.json」中保存的表单定义".
    """
    try:
        return FormDefinition.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors()[:8]:
            lines.append(f"{_describe(err['loc'], data)}：{model_errors.reason(err).removeprefix('的')}")
        if origin is None:
            origin = f"表单定义文件 {source.name if source else '表单定义'} "
        raise DefinitionError(f"{origin}有误：\n" + "\n".join(lines), source) from None


def load_definition_file(path: Path) -> FormDefinition:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DefinitionError(f"无法读取表单定义文件 {path.name}：{oserrors.describe(exc, path)}", path) from None
    except UnicodeDecodeError:
        raise DefinitionError(f"无法读取表单定义文件 {path.name}：不是 UTF-8 编码的文本", path) from None
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"表单定义文件 {path.name} 不是有效的 TOML：{exc}", path) from None
    return parse_definition(data, path)

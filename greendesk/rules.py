"""The rule engine: every check the definition implies, all findings at once, each tied to its cell.

Errors block 验证并保存 and the signature PDF; warnings never block, and count as acknowledged when
the row carries a 特殊情况说明 (the "填写上报说明后强制上报" model). Severity, codes and texts come from
the definition and the catalogue in `messages`; nothing about a particular row is written here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from greendesk import cells, records, refdata, unprintable
from greendesk.cells import REGION_KEYS, note_cell, unit_cell, value_cell
from greendesk.compute import Computed, compute
from greendesk.definition import FormDefinition, FormField, Row, Rule
from greendesk.definition_plan import plan_of
from greendesk.draft import Draft
from greendesk.expressions import decimal_context
from greendesk.messages import ACK_HINT, render
from greendesk.numbers import format_decimal, format_percent_change, to_decimal
from greendesk.text import echo
from greendesk.units import UnitError, convert

Severity = Literal["error", "warning", "info"]
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_HUNDRED = Decimal(100)

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
PHONE_RE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$|^400-?\d{3}-?\d{4}$|^1[3-9]\d{9}$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Finding:
    code: str  # V1 … V22
    severity: Severity
    cell: str  # address (see cells.py)
    part: str
    title: str
    message: str
    detail: str = ""
    row: str | None = None
    year: int | None = None
    rows: tuple[str, ...] = ()  # every row involved; a note on any of them acknowledges a warning
    acknowledged: bool = False

    @property
    def blocking(self) -> bool:
        return self.severity == "error"

    @property
    def text(self) -> str:
        return f"{self.message}（{self.detail}）" if self.detail else self.message


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "info"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def for_cell(self, cell: str) -> list[Finding]:
        return [f for f in self.findings if f.cell == cell]

    def by_part(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {}
        for f in self.findings:
            out.setdefault(f.part, []).append(f)
        return out

    def summary(self) -> str:
        return f"{len(self.errors)} 个错误，{len(self.warnings)} 个警告"


def validate(definition: FormDefinition, draft: Draft, computed: Computed | None = None) -> Report:
    """Run every rule; return all findings sorted by part, row and year."""
    c = computed or compute(definition, draft)
    v = _Validator(definition, draft, c)
    with decimal_context():  # one context for every expression and comparison of the draft
        v.fields()
        v.table()
        v.unprintable()
        v.lengths()
        v.records()
        for method, rule in v.plan.rule_calls:
            getattr(v, method)(rule)
    return Report(v.finish())


class _Validator:
    def __init__(self, definition: FormDefinition, draft: Draft, computed: Computed):
        self.d = definition
        self.draft = draft
        self.c = computed
        self.out: list[Finding] = []
        self.table_part = definition.table_part.id
        self.plan = plan_of(definition)
        self.envs = [(year, computed.env(year)) for year in definition.years]  # values in default units

    # ---------------------------------------------------------------- helpers
    def add(self, key: str, severity: Severity, cell: str, *, part: str | None = None,
            row: str | None = None, year: int | None = None, rows: Iterable[str] = (),
            title: str | None = None, message: str | None = None, detail: str = "",
            **values: object) -> None:
        t, m = render(key, **({"year": year} | values))
        rows_t = tuple(rows) or ((row,) if row else ())
        self.out.append(Finding(
            code=key.split(".")[0], severity=severity, cell=cell,
            part=part or self.table_part, title=title or t, message=message or m,
            detail=detail, row=row, year=year, rows=rows_t,
        ))

    def finish(self) -> list[Finding]:
        order, part_order, field_order = self.plan.row_order, self.plan.part_order, self.plan.field_order
        done = []
        for f in self.out:
            if f.severity == "warning" and f.rows and any(self._note(r) for r in f.rows):
                f = replace(f, acknowledged=True)
            done.append(f)

        def key(f: Finding) -> tuple:
            fid = f.cell[2:].split(".")[0] if f.cell.startswith("f:") else ""
            return (part_order.get(f.part, 99), order.get(f.row or "", -1),
                    field_order.get(fid, -1), f.year or 0, _SEVERITY_ORDER[f.severity])

        return sorted(done, key=key)

    def _note(self, row: str) -> bool:
        entry = self.draft.table.get(row)
        return bool(entry and entry.note.strip())

    def _label(self, row_id: str) -> str:
        return self.d.rows[row_id].name

    def _unit(self, row_id: str) -> str:
        u = self.c.chosen_unit(row_id)
        return "" if u in ("无量纲",) else u

    def _fmt(self, row_id: str, year: int) -> str:
        row = self.d.rows[row_id]
        val = self.c.display(row_id, year)
        dec = None if row.kind == "parameter" else row.decimals
        return format_decimal(val, dec, grouping=True)

    # ---------------------------------------------------------------- fields (Parts 0,1,2,4,5)
    def fields(self) -> None:
        values = self.draft.fields
        get = values.get
        for part, f, fid, cell, check in self.plan.field_checks:
            if check == "region":
                self._region(part, f, values)
                continue
            value = get(fid, "")
            if not value.strip():
                if f.required:
                    self.add("V1", "error", cell, part=part, label=f.label)
                elif f.required_when and (reason := self._required_reason(f)) is not None:
                    self.add("V19", "error", cell, part=part, label=_short(f.label), reason=reason)
            elif check:  # a value of a kind with its own checks (plain text has none)
                self._value(part, cell, f, value, values)
        codes = [(f.id, values.get(f.id)) for f in self.plan.industry_fields]
        seen: dict[str, str] = {}
        for fid, code in codes:
            if code and code in seen:
                self.add("V21.duplicate", "warning", f"f:{fid}", part=self.d.field_part[fid],
                         label=self.d.fields[fid].label, other=self.d.fields[seen[code]].label)
            elif code:
                seen[code] = fid

    def records(self) -> None:
        """Every bad cell of a list of records (a repeating group), naming its row and column."""
        for p in records.problems(self.d, self.draft):
            if p.row:
                self.add("V40", "error", p.cell, part=p.part, row_no=p.row, column=p.label,
                         reason=p.reason)
            else:
                self.add("V40.city", "error", p.cell, part=p.part, label=p.label, reason=p.reason)

    def lengths(self) -> None:
        """Every free-text value within its limit (definition: max_length / text_limits)."""
        for c, label, limit, length in cells.over_long(self.d, self.draft):
            fid = c.field_id
            part = self.d.field_part.get(fid or "") if fid else None
            self.add("V20.length", "error", str(c), part=part, row=c.row, label=label,
                     bound=limit, value=length)

    def _required_reason(self, f: FormField) -> str | None:
        for cond in f.required_when:
            if self.draft.fields.get(cond.field) == cond.equals:
                src = self.d.fields[cond.field]
                return f"「{_short(src.label)}」选择了“{cond.equals}”"
        return None

    def _value(self, part: str, cell: str, f: FormField, value: str, values: dict[str, str]) -> None:
        """The checks of a filled field of a kind that has them (see `Plan.field_checks`)."""
        if f.type == "uscc":
            self._uscc(part, cell, value, f.uscc_prefixes)
        elif f.type == "mobile" and not MOBILE_RE.match(value):
            self.add("V20.mobile", "error", cell, part=part, value=value)
        elif f.type == "phone" and not PHONE_RE.match(value):
            self.add("V20.phone", "warning", cell, part=part, value=value)
        elif f.type == "email" and not EMAIL_RE.match(value):
            self.add("V20.email", "warning", cell, part=part, value=value)
        elif f.type in ("choice", "yesno"):
            options = f.options if f.type == "choice" else ["是", "否"]
            if value not in options:
                self.add("V20.choice", "error", cell, part=part, label=_short(f.label), value=value)
        elif f.type == "industry":
            self._industry(part, cell, f, value)
        elif f.type == "quantity":
            self._quantity(part, cell, f, value, values)

    def _quantity(self, part: str, cell: str, f: FormField, value: str, values: dict[str, str]) -> None:
        number = to_decimal(value)
        unit = values.get(f.unit_key) or f.unit_options[0]
        if number is None:
            self.add("V20.number", "error", cell, part=part, label=_short(f.label), value=value)
        elif f.min is not None and number < f.min:
            self.add("V2.field_min", "error", cell, part=part, label=_short(f.label), value=value,
                     unit=unit, bound=format_decimal(f.min))
        if unit not in f.unit_options:
            self.add("V7.unknown", "error", f"f:{f.unit_key}", part=part, label=_short(f.label), unit=unit)

    def _uscc(self, part: str, cell: str, value: str, prefixes: list[str]) -> None:
        from stdnum.cn import uscc as stdnum_uscc  # imported on first use: keeps start-up short
        from stdnum.exceptions import ValidationError as StdnumError

        try:
            stdnum_uscc.validate(value)
        except StdnumError as exc:
            reason = _USCC_REASONS.get(type(exc).__name__, "校验不通过")
            self.add("V20.uscc", "error", cell, part=part, value=value, reason=reason)
            return
        if prefixes and not value.startswith(tuple(prefixes)):
            self.add("V20.uscc_prefix", "warning", cell, part=part, value=value,
                     prefixes="、".join(f"“{p}”" for p in prefixes))

    def _industry(self, part: str, cell: str, f: FormField, value: str) -> None:
        ind = refdata.industry(value)
        if ind is None or ind.level != "小类":
            self.add("V21.unknown", "error", cell, part=part, label=f.label, value=value)
            return
        if f.manufacturing_only and not 13 <= int(ind.code[:2]) <= 43:
            self.add("V21.manufacturing", "warning", cell, part=part, label=f.label,
                     value=refdata.industry_label(ind.code))

    def _region(self, part: str, f: FormField, values: dict[str, str]) -> None:
        sub = {k: values.get(f"{f.id}.{k}", "").strip() for k in REGION_KEYS}
        cell = f"f:{f.id}.province"
        if not any(sub.values()):
            if f.required:
                self.add("V1", "error", cell, part=part, label=f.label)
            return
        if not refdata.is_valid_region(sub["province"], sub["city"], sub["county"]):
            self.add("V20.region", "error", cell, part=part, label=f.label)
        if f.required and not sub["detail"]:
            self.add("V1", "error", f"f:{f.id}.detail", part=part, label=f"{f.label}（详细地址）")

    def unprintable(self) -> None:
        """V23: a character the signature PDF cannot print, in any text of the draft."""
        for u in unprintable.find(self.d, self.draft):
            self.add("V23", "error", u.cell, part=u.part, row=u.row, where=u.where, chars=u.chars)

    # ---------------------------------------------------------------- Part 3 table
    def table(self) -> None:
        plan = self.plan
        table = self.draft.table
        c = self.c
        # each year's numbers as typed and in default units: dicts read directly (run for every
        # row and year of every file a 批量审核 reads)
        years = [(year, key, c.typed_env(year), c.env(year)) for year, key in plan.years]
        for row in self.d.table.rows:
            kind = row.kind
            if kind == "parameter":
                self._parameter(row, table.get(row.id), years)
            elif kind == "indicator":
                if row.min is not None or row.max is not None:
                    rid, lo, hi = row.id, row.min, row.max
                    for year, _key, _typed, base in years:
                        value = base.get(rid)
                        if value is not None and ((lo is not None and value < lo) or (hi is not None and value > hi)):
                            self._bounds(row, year, value)
            elif kind == "products":
                self._products(row)
            elif kind == "qualitative":
                self._qualitative(row)
        bad_units = c.bad_units
        units_of = plan.units_of
        for row in plan.numeric:  # a unit the row does not offer, or one that does not convert
            entry = table.get(row.id)
            unit = bad_units.get(row.id) if bad_units else None
            if not unit and entry is not None and entry.unit and entry.unit not in units_of[row.id]:
                unit = entry.unit
            if unit:
                self.add("V7.unknown", "error", unit_cell(row.id), row=row.id, label=row.name, unit=echo(unit))

    def _parameter(self, row: Row, entry, years: list) -> None:
        values = entry.values if entry is not None else {}
        required = row.required
        if not values and not required:
            return
        rid, lo, hi = row.id, row.min, row.max
        for year, key, typed, _base in years:
            raw = values.get(key)
            if raw is None and not required:
                continue
            value = typed.get(rid)  # the number typed, read once by `compute` (same as to_decimal(raw))
            if value is None:  # blank, or not a number (a file edited outside GreenDesk)
                if required or raw is not None:
                    self.add("V1.value", "error", value_cell(rid, year), row=rid, year=year,
                             label=row.name)
                continue
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                self._bounds(row, year, value)

    def _qualitative(self, row: Row) -> None:
        """定性指标: 是/否 for every year; a “是” needs its 说明 (what was done, which document)."""
        entry = self.draft.table.get(row.id)
        values = entry.values if entry else {}
        for year in self.d.years:
            if values.get(str(year)) is None and row.required:
                self.add("V1.answer", "error", value_cell(row.id, year), row=row.id, year=year,
                         label=row.name)
        yes = [y for y in self.d.years if values.get(str(y)) == "是"]
        if yes and not (entry and entry.note.strip()):
            self.add("V19.qualitative", "error", note_cell(row.id), row=row.id, year=yes[0],
                     label=row.name, years="、".join(f"{y}年" for y in yes))

    def _bounds(self, row: Row, year: int, value: Decimal | None) -> None:
        if value is None:
            return
        low = row.min is not None and value < row.min
        high = row.max is not None and value > row.max
        if not (low or high):  # the common case: nothing to say, nothing to format
            return
        cell = value_cell(row.id, year)
        unit = self._unit(row.id) if row.kind == "parameter" else (row.unit if row.unit != "无量纲" else "")
        shown = format_decimal(value, None if row.kind == "parameter" else row.decimals, grouping=True)
        if low:
            self.add("V2.min", "error", cell, row=row.id, year=year, label=row.name,
                     value=shown, unit=unit, bound=format_decimal(row.min))
        if high:
            self.add("V2.max", "error", cell, row=row.id, year=year, label=row.name,
                     value=shown, unit=unit, bound=format_decimal(row.max))

    def _products(self, row: Row) -> None:
        spec = row.products
        assert spec is not None
        group = self.draft.products.get(row.id)
        applicable = group.applicable if group else ""
        if not applicable:
            self.add("V1", "error", f"p:{row.id}:applicable", row=row.id, label=spec.question)
            return
        if applicable != "是" or group is None:
            return
        filled = [(i, it) for i, it in enumerate(group.items) if not it.is_empty()]
        if not filled:
            self.add("V1.product", "error", f"p:{row.id}:0:name", row=row.id,
                     question=spec.question, what="名称、适用标准、产量和" + spec.consumption_label)
            return
        for i, it in filled:
            label = it.name or f"第{i + 1}种产品"
            for attr, what in (("name", "产品名称"), ("standard", "适用标准"), ("unit", "产品单位")):
                if not getattr(it, attr).strip():
                    self.add("V1.product_item", "error", f"p:{row.id}:{i}:{attr}", row=row.id,
                             index=i + 1, product=label, what=what)
            for year in self.d.years:
                for attr, what in (("output", spec.output_label), ("consumption", spec.consumption_label)):
                    raw = getattr(it, attr).get(str(year))
                    if raw is None:
                        self.add("V1.product_item", "error", f"p:{row.id}:{i}:{attr}:{year}", row=row.id,
                                 year=year, index=i + 1, product=label, what=f"{year}年{what}")
                    elif Decimal(raw) < 0:
                        self.add("V2.min", "error", f"p:{row.id}:{i}:{attr}:{year}", row=row.id, year=year,
                                 label=f"{label}{what}", value=raw, unit="", bound="0")

    # ---------------------------------------------------------------- declarative rules
    def _target(self, rule: Rule, text: str | None) -> str:
        if rule.row:
            return rule.row
        expr = self.d.compiled[text or ""]
        return sorted(expr.names, key=lambda n: text.index(n) if text else 0)[0]

    def _rule_le(self, rule: Rule) -> None:
        left, right, target, involved, ordered, labels = self.plan.memo("le", rule, self._le_plan)
        one_left, one_right = left.single, right.single  # a row: its value read directly
        for year, env in self.envs:
            a = env.get(one_left) if one_left else left.evaluate_in_context(env)
            if a is None:
                continue
            b = env.get(one_right) if one_right else right.evaluate_in_context(env)
            if b is None or a <= b:
                continue
            detail = f"{year}年 " + "，".join(
                f"{self._label(r)} {self._fmt(r, year)}{self._unit(r)}" for r in ordered)
            self.add(rule.code, rule.severity, value_cell(target, year), row=target, year=year,
                     rows=involved, title=rule.title or None, message=rule.message or None,
                     detail=detail, left=labels[0], right=labels[1])

    def _le_plan(self, rule: Rule) -> tuple:
        left, right = self.d.compiled[rule.left or ""], self.d.compiled[rule.right or ""]
        involved = tuple(sorted(left.names | right.names))
        return (left, right, self._target(rule, rule.left), involved, _ordered(rule, involved),
                (self._expr_label(rule.left), self._expr_label(rule.right)))

    def _expr_plan(self, rule: Rule) -> tuple:
        expr = self.d.compiled[rule.expr or ""]
        return expr, self._target(rule, rule.expr), (rule.expr or "").strip() in self.d.rows

    def _expr_label(self, text: str | None) -> str:
        expr = self.d.compiled[text or ""]
        names = sorted(expr.names, key=lambda n: (text or "").index(n))
        return "与".join(self._label(n) for n in names) if len(names) > 1 and "+" in (text or "") \
            else "、".join(self._label(n) for n in names)

    def _rule_band(self, rule: Rule) -> None:
        expr, target, is_row = self.plan.memo("expr", rule, self._expr_plan)
        one, lo_bound, hi_bound = expr.single, rule.min, rule.max
        for year, env in self.envs:
            val = env.get(one) if one else expr.evaluate_in_context(env)
            if val is None:
                continue
            low = lo_bound is not None and val < lo_bound
            high = hi_bound is not None and val > hi_bound
            if not (low or high):
                continue
            if is_row:
                unit = self._unit(target)
                shown = self._fmt(target, year)
                lo, hi = (self._bound_in_chosen(target, b) for b in (rule.min, rule.max))
                label = self._label(target)
            else:
                unit = rule.unit_label
                shown = format_decimal(val, 2, grouping=True)
                lo, hi = (format_decimal(b) if b is not None else None for b in (rule.min, rule.max))
                label = self._label(target)
            band = _band_text(lo, hi, unit)
            detail = f"{label} {year}年 {shown}{unit}，{band}"
            key = rule.code
            if rule.code == "V17" and rule.severity == "info":
                key = "V17.low"
            extra = {"label": label, "value": shown, "unit": unit,
                     "bound": lo if low else hi}
            self.add(key, rule.severity, value_cell(target, year), row=target, year=year,
                     rows=tuple(sorted(expr.names)), title=rule.title or None,
                     message=rule.message or None, detail=detail, **extra)

    def _bound_in_chosen(self, row_id: str, bound: Decimal | None) -> str | None:
        if bound is None:
            return None
        try:
            val = convert(bound, self.d.rows[row_id].unit, self.c.chosen_unit(row_id))
        except UnitError:
            val = bound
        return format_decimal(val.normalize() if val == val.to_integral() else val.normalize())

    def _rule_yoy(self, rule: Rule) -> None:
        rows = [self.d.rows[r] for r in rule.rows] if rule.rows else self.plan.yoy_rows
        threshold = self.d.table.yoy_threshold_pct
        c = self.c
        display = c.display
        pairs = [(prev_y, y, c.display_env(prev_y), c.display_env(y)) for prev_y, y in self.plan.year_pairs]
        for row in rows:
            rid = row.id
            for prev_y, y, p_env, c_env in pairs:
                prev = p_env[rid] if rid in p_env else display(rid, prev_y)
                cur = c_env[rid] if rid in c_env else display(rid, y)
                if prev is None or cur is None or prev == 0:
                    continue
                pct = abs(cur - prev) / abs(prev) * _HUNDRED  # a Decimal: not converted from int each time
                if pct <= threshold:
                    continue
                unit = self._unit(row.id)
                detail = (f"{row.name} {y}年 {self._fmt(row.id, y)}{unit}，较上年"
                          f"{format_percent_change(prev, cur)}（{prev_y}年 {self._fmt(row.id, prev_y)}{unit}）")
                self.add(rule.code, rule.severity, value_cell(row.id, y), row=row.id, year=y,
                         title=rule.title or None, message=rule.message or None, detail=detail)

    def _rule_yoy_ratio(self, rule: Rule) -> None:
        years = self.d.years
        for rid in rule.rows:
            for prev_y, y in zip(years, years[1:], strict=False):
                prev, cur = self.c.display(rid, prev_y), self.c.display(rid, y)
                if not prev or cur is None:
                    continue
                ratio = cur / prev
                lo, hi = rule.ratio_min, rule.ratio_max
                if (lo is None or ratio >= lo) and (hi is None or ratio <= hi):
                    self.add(rule.code, rule.severity, value_cell(rid, y), row=rid, year=y,
                             title=rule.title or None, label=self._label(rid), value=self._fmt(rid, y),
                             unit=self._unit(rid), prev=self._fmt(rid, prev_y),
                             ratio=format_decimal(ratio, 1))

    def _rule_positive(self, rule: Rule) -> None:
        for rid in rule.rows:
            for year in self.d.years:
                val = self.c.base(rid, year)
                if val is not None and val == 0:
                    self.add(rule.code, rule.severity, value_cell(rid, year), row=rid, year=year,
                             title=rule.title or None, label=self._label(rid))

    def _rule_same_unit(self, rule: Rule) -> None:
        units = [self.c.chosen_unit(r) for r in rule.rows]
        if len(set(units)) > 1:
            self.add(rule.code, rule.severity, unit_cell(rule.rows[-1]), row=rule.rows[-1],
                     rows=tuple(rule.rows), labels="、".join(self._label(r) for r in rule.rows),
                     units=" / ".join(units))

    def _division(self) -> str | None:
        code = self.d.main_industry(self.draft.fields)
        return code[:2] if len(code) == 4 and code.isdigit() else None

    def _rule_min_by_division(self, rule: Rule) -> None:
        div = self._division()
        if div is None or div not in rule.minimums:
            return
        bound = rule.minimums[div]
        expr, target, _is_row = self.plan.memo("expr", rule, self._expr_plan)
        for year in self.d.years:
            val = expr.evaluate_in_context(self.c.env(year))
            if val is not None and val < bound:
                self.add("V17.min", rule.severity, value_cell(target, year), row=target, year=year,
                         label=self._label(target), value=self._fmt(target, year),
                         division=f"C{div}", bound=format_decimal(bound))

    def _rule_zero_for_divisions(self, rule: Rule) -> None:
        div = self._division()
        if div is None or div not in rule.divisions:
            return
        for year in self.d.years:
            vals = [self.c.base(r, year) for r in rule.rows]
            if all(v is not None and v == 0 for v in vals):
                self.add("V16.zero", rule.severity, value_cell(rule.rows[0], year), row=rule.rows[0],
                         year=year, rows=tuple(rule.rows), title=rule.title or None,
                         division=f"C{div}", labels="、".join(self._label(r) for r in rule.rows))


_USCC_REASONS = {
    "InvalidLength": "应为18位",
    "InvalidFormat": "含有不允许的字符（不使用I、O、S、V、Z）或格式不对",
    "InvalidChecksum": "校验码不正确",
    "InvalidComponent": "登记管理部门或行政区划代码不正确",
}


def _band_text(lo: str | None, hi: str | None, unit: str) -> str:
    if lo is not None and hi is not None:
        return f"常规范围 {lo}～{hi}{unit}"
    if hi is not None:
        return f"常规范围不超过 {hi}{unit}"
    return f"常规范围不低于 {lo}{unit}"


def _ordered(rule: Rule, involved: tuple[str, ...]) -> list[str]:
    text = f"{rule.left} {rule.right}"
    return sorted(involved, key=lambda n: text.index(n))


def _short(label: str) -> str:
    return label if len(label) <= 20 else label[:19] + "…"


def acknowledgement_hint() -> str:
    return ACK_HINT


def note_cell_for(finding: Finding) -> str | None:
    """Where a user writes the 特殊情况说明 that acknowledges a warning."""
    return note_cell(finding.row) if finding.row else None

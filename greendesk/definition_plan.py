"""What computation and validation read from a definition, worked out once per definition.

The rule engine runs after every keystroke in the window and on every file of a 批量审核 (tens of
thousands of drafts of a few definitions): the rows of each kind, the year keys of the draft file,
each rule's compiled expressions and rows, and the order findings are sorted in are the same for
every draft of a definition, so they are derived here once and kept with the definition object.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from greendesk.definition import FormDefinition, FormField, Row, Rule
from greendesk.expressions import Expression

_VALUE_CHECKED = ("uscc", "mobile", "phone", "email", "choice", "yesno", "industry", "quantity")  # rules._value
_MAX_PLANS = 64  # definitions in use at once (one per table and year in practice)


class Plan:
    """Derived, read-only facts of one definition (never of a draft)."""

    def __init__(self, definition: FormDefinition):
        self.definition = definition
        d = definition
        self.years: list[tuple[int, str]] = [(y, str(y)) for y in d.years]  # year, key in the file
        self.year_pairs: list[tuple[int, int]] = list(zip(d.years, d.years[1:], strict=False))
        self.parameters: list[tuple[str, str]] = [(r.id, r.unit) for r in d.parameter_rows]
        compiled = d.compiled
        self.indicators: list[tuple[str, Expression]] = [
            (r.id, compiled[r.formula or ""]) for r in d.indicator_order]
        self.numeric: list[Row] = list(d.numeric_rows)
        self.numeric_ids: list[tuple[str, str]] = [(r.id, r.unit) for r in self.numeric]  # id, default unit
        self.numeric_id_set = frozenset(rid for rid, _unit in self.numeric_ids)
        self._memo: dict[tuple[str, int], tuple[object, Any]] = {}

    def memo(self, what: str, owner: object, make: Callable[[Any], Any]) -> Any:
        """`make(owner)` worked out once per part of the definition (`owner`, e.g. a rule) and `what`."""
        key = (what, id(owner))
        hit = self._memo.get(key)
        if hit is not None and hit[0] is owner:
            return hit[1]
        value = make(owner)
        self._memo[key] = (owner, value)
        return value

    @cached_property
    def field_checks(self) -> list[tuple[str, FormField, str, str, str]]:
        """(part id, field, its id, its cell, what to check: "region", "value" for a kind whose
        filled value has checks of its own, "" for plain text) for every field, in form order."""
        out = []
        for part in self.definition.parts:
            for f in part.fields:
                check = "region" if f.type == "region" else "value" if f.type in _VALUE_CHECKED else ""
                out.append((part.id, f, f.id, f"f:{f.id}", check))
        return out

    @cached_property
    def rule_calls(self) -> list[tuple[str, Rule]]:
        """(name of the validator's method, rule) for every declarative rule, in order."""
        return [(f"_rule_{r.kind}", r) for r in self.definition.rules]

    @cached_property
    def entry_rows(self) -> list[Row]:
        """The table's rows a draft keeps an entry for: numbers, products and 是/否 answers."""
        return [r for r in self.definition.table.rows
                if r.numeric or r.kind in ("products", "qualitative")]

    @cached_property
    def year_keys(self) -> frozenset[str]:
        return frozenset(key for _, key in self.years)

    @cached_property
    def units_of(self) -> dict[str, frozenset[str]]:
        """Row id → the units the row offers (`Row.units`), for every row of the table."""
        return {r.id: frozenset(r.units) for r in self.definition.table.rows}

    @cached_property
    def industry_fields(self) -> list[FormField]:
        return [f for f in self.definition.fields.values() if f.type == "industry"]

    @cached_property
    def field_text_limits(self) -> dict[str, int | None]:
        """Field id → longest text it may hold; None for choices (see `cells.text_limit`)."""
        limits = self.definition.text_limits
        return {f.id: None if f.type in ("choice", "yesno") else limits.for_field(f)
                for f in self.definition.fields.values()}

    @cached_property
    def yoy_rows(self) -> list[Row]:
        """The rows the year-on-year rule checks when it names none: every numeric row with yoy."""
        return [r for r in self.definition.numeric_rows if r.yoy]

    @cached_property
    def row_order(self) -> dict[str, int]:
        return {r.id: i for i, r in enumerate(self.definition.table.rows)}

    @cached_property
    def part_order(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.definition.parts)}

    @cached_property
    def field_order(self) -> dict[str, int]:
        return {f: i for i, f in enumerate(self.definition.fields)}


_plans: dict[int, tuple[FormDefinition, Plan]] = {}


def plan_of(definition: FormDefinition) -> Plan:
    """The plan of this very definition object (made on first use, kept while it is in use)."""
    hit = _plans.get(id(definition))
    if hit is not None and hit[0] is definition:
        return hit[1]
    if len(_plans) >= _MAX_PLANS:
        _plans.pop(next(iter(_plans)))
    plan = Plan(definition)
    _plans[id(definition)] = (definition, plan)
    return plan

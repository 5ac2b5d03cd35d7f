"""Derived indicators: computed from the parameters after converting every input to its row's default
unit, so a value typed in 万吨标准煤 and one in 吨标准煤 give the same 单位产值综合能耗."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from greendesk.definition import FormDefinition
from greendesk.definition_plan import plan_of
from greendesk.draft import Draft
from greendesk.expressions import decimal_context
from greendesk.numbers import to_decimal
from greendesk.units import UnitError, convert

_NO_VALUES: dict[str, str] = {}  # a row the draft lacks (read only)


class Computed:
    """All numeric values of a draft, per row and year, in default and in chosen units."""

    def __init__(self, definition: FormDefinition, draft: Draft):
        self.definition = definition
        self.draft = draft
        self.bad_units: dict[str, str] = {}  # row id → unit that could not be converted
        self._base: dict[int, dict[str, Decimal | None]] = {}
        self._typed: dict[int, dict[str, Decimal | None]] = {}  # parameters as typed (chosen unit)
        self._shown: dict[tuple[str, int], Decimal | None] = {}  # `display`, asked again and again by rules
        self._shown_years: dict[int, dict[str, Decimal | None]] = {}  # `display_env`, built once per year
        self._chosen: dict[str, str] | None = None  # `chosen_unit` of every row, made on first use
        plan = plan_of(definition)
        table = draft.table
        # each parameter's values and units looked up once, not once per year (批量审核 runs this
        # for every file): (row id, default unit, values typed, unit chosen)
        units = self._chosen_units()
        params = []
        for rid, unit in plan.parameters:
            entry = table.get(rid)
            params.append((rid, unit, entry.values if entry is not None else _NO_VALUES, units[rid]))
        indicators = plan.indicators
        with decimal_context():  # one context for every formula of the draft
            for year, key in plan.years:
                env: dict[str, Decimal | None] = {}
                typed: dict[str, Decimal | None] = {}
                for rid, unit, values, chosen in params:
                    text = values.get(key)
                    if not text:
                        env[rid] = typed[rid] = None
                        continue
                    try:
                        value = Decimal(text)
                    except InvalidOperation:  # not a number: a file edited outside GreenDesk
                        env[rid] = typed[rid] = None
                        continue
                    typed[rid] = value
                    if chosen == unit:
                        env[rid] = value
                        continue
                    try:
                        env[rid] = convert(value, chosen, unit)
                    except UnitError:
                        self.bad_units[rid] = chosen
                        env[rid] = None
                self._base[year] = env
                self._typed[year] = typed
                for rid, expr in indicators:
                    env[rid] = expr.evaluate_in_context(env)

    def typed(self, row_id: str, year: int) -> Decimal | None:
        """A parameter's number as typed, in the unit chosen (None when blank or not a number)."""
        return self._typed.get(year, {}).get(row_id)

    def typed_env(self, year: int) -> dict[str, Decimal | None]:
        """Every parameter's number as typed for one year (row id → value; see `typed`)."""
        return self._typed.get(year, {})

    # ---- queries
    def base(self, row_id: str, year: int) -> Decimal | None:
        """Value in the row's default unit (what rules and bands compare)."""
        return self._base.get(year, {}).get(row_id)

    def env(self, year: int) -> dict[str, Decimal | None]:
        return self._base.get(year, {})

    def _chosen_units(self) -> dict[str, str]:
        """`chosen_unit` of every numeric row, worked out on first use."""
        chosen = self._chosen
        if chosen is None:
            table = self.draft.table
            chosen = self._chosen = {}
            for rid, default in plan_of(self.definition).numeric_ids:
                chosen[rid] = _shown_unit(default, table.get(rid))
        return chosen

    def chosen_unit(self, row_id: str) -> str:
        hit = self._chosen_units().get(row_id)
        if hit is not None:
            return hit
        return _shown_unit(self.definition.rows[row_id].unit, self.draft.table.get(row_id))

    def display(self, row_id: str, year: int) -> Decimal | None:
        """Value in the unit the user chose for the row (what the table shows).

        Like the base values, taken once per draft: a `Computed` is a snapshot (the session makes
        a new one after every edit)."""
        key = (row_id, year)
        try:
            return self._shown[key]
        except KeyError:
            shown = self._shown_years.get(year)
            value = shown[row_id] if shown is not None and row_id in shown else self._display(row_id, year)
            self._shown[key] = value
            return value

    def display_env(self, year: int) -> dict[str, Decimal | None]:
        """`display` of every numeric row for one year, worked out in one pass (the rules ask
        for nearly all of them)."""
        shown = self._shown_years.get(year)
        if shown is None:
            shown = self._shown_years[year] = self._display_year(year)
        return shown

    def _display_year(self, year: int) -> dict[str, Decimal | None]:
        env = self._base.get(year, {})
        typed = self._typed.get(year, {})
        units = self._chosen_units()
        plan = plan_of(self.definition)
        if env.keys() == plan.numeric_id_set:  # every numeric row worked out (as `__init__` does)
            out = dict(env)  # most rows are shown in their default unit: only the others looked at
            rows = [row for row in plan.numeric if units[row.id] != row.unit]
        else:
            out, rows = {}, plan.numeric
        for row in rows:
            rid = row.id
            value = env.get(rid)
            chosen = units[rid]
            if value is None or chosen == row.unit:
                # a parameter's typed number is its base value when no conversion was made
                out[rid] = value
            elif row.kind == "parameter":
                out[rid] = typed.get(rid)
            else:
                try:
                    out[rid] = convert(value, row.unit, chosen)
                except UnitError:
                    out[rid] = value
        return out

    def _display(self, row_id: str, year: int) -> Decimal | None:
        row = self.definition.rows[row_id]
        value = self.base(row_id, year)
        if value is None:
            return None
        if row.kind == "parameter":
            return to_decimal(self.draft.table[row_id].values.get(str(year)))
        try:
            return convert(value, row.unit, self.chosen_unit(row_id))
        except UnitError:
            return value

    def product_intensity(self, row_id: str, item: int, year: int) -> Decimal | None:
        """单位产品综合能耗 / 单位产品取水量 of one product, in the row's chosen unit."""
        row = self.definition.rows[row_id]
        spec = row.products
        group = self.draft.products.get(row_id)
        if spec is None or group is None or item >= len(group.items):
            return None
        it = group.items[item]
        out = to_decimal(it.output.get(str(year)))
        cons = to_decimal(it.consumption.get(str(year)))
        if out is None or cons is None or out == 0:
            return None
        try:
            cons = convert(cons, group.consumption_unit or spec.consumption_unit, spec.consumption_unit)
            return convert(cons / out, f"{spec.consumption_unit}/产品单位", self.chosen_unit(row_id))
        except UnitError:
            return None


def _shown_unit(default: str, entry) -> str:
    """The unit a row's numbers are typed and shown in: the one chosen, else the row's own."""
    return (entry.unit if entry is not None and entry.unit else None) or default


def compute(definition: FormDefinition, draft: Draft) -> Computed:
    return Computed(definition, draft)

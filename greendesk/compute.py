"""Derived indicators: computed from the parameters after converting every input to its row's default
unit, so a value typed in 万吨标准煤 and one in 吨标准煤 give the same 单位产值综合能耗."""

from __future__ import annotations

from decimal import Decimal

from greendesk.definition import FormDefinition, Row
from greendesk.draft import Draft
from greendesk.numbers import to_decimal
from greendesk.units import UnitError, convert


class Computed:
    """All numeric values of a draft, per row and year, in default and in chosen units."""

    def __init__(self, definition: FormDefinition, draft: Draft):
        self.definition = definition
        self.draft = draft
        self.bad_units: dict[str, str] = {}  # row id → unit that could not be converted
        self._base: dict[int, dict[str, Decimal | None]] = {}
        self._shown: dict[tuple[str, int], Decimal | None] = {}  # `display`, asked again and again by rules
        for year in definition.years:
            env: dict[str, Decimal | None] = {}
            for row in definition.parameter_rows:
                env[row.id] = self._param_base(row, year)
            self._base[year] = env
            self._resolve_indicators(env)

    def _param_base(self, row: Row, year: int) -> Decimal | None:
        entry = self.draft.table.get(row.id)
        if entry is None:
            return None
        value = to_decimal(entry.values.get(str(year)))
        if value is None:
            return None
        chosen = entry.unit or row.unit
        try:
            return convert(value, chosen, row.unit)
        except UnitError:
            self.bad_units[row.id] = chosen
            return None

    def _resolve_indicators(self, env: dict[str, Decimal | None]) -> None:
        compiled = self.definition.compiled
        for row in self.definition.indicator_order:
            env[row.id] = compiled[row.formula or ""].evaluate(env)

    # ---- queries
    def base(self, row_id: str, year: int) -> Decimal | None:
        """Value in the row's default unit (what rules and bands compare)."""
        return self._base.get(year, {}).get(row_id)

    def env(self, year: int) -> dict[str, Decimal | None]:
        return self._base.get(year, {})

    def chosen_unit(self, row_id: str) -> str:
        row = self.definition.rows[row_id]
        entry = self.draft.table.get(row_id)
        return (entry.unit if entry and entry.unit else None) or row.unit

    def display(self, row_id: str, year: int) -> Decimal | None:
        """Value in the unit the user chose for the row (what the table shows).

        Like the base values, taken once per draft: a `Computed` is a snapshot (the session makes
        a new one after every edit)."""
        key = (row_id, year)
        try:
            return self._shown[key]
        except KeyError:
            value = self._shown[key] = self._display(row_id, year)
            return value

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


def compute(definition: FormDefinition, draft: Draft) -> Computed:
    return Computed(definition, draft)

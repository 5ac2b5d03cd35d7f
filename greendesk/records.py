"""Lists of records (a repeating group, e.g. the 培育名单 of 附件3/4): checking each cell.

Why here and not in `rules`: the checks depend only on a column's type, not on a row catalogue, and
every problem must name its row number and column head the way the printed list shows them
("第3行「所属行业」：…"). `rules.validate` turns these problems into findings (code V40).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from greendesk import refdata
from greendesk.definition import FormDefinition, Part, RecordColumn
from greendesk.draft import Draft
from greendesk.text import echo

_YEAR_MONTH = re.compile(r"^\s*(\d{4})\s*(?:[/\-.年])\s*(\d{1,2})\s*月?\s*$")
_HEAD_BREAK = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class Problem:
    part: str
    row: int  # 1-based, as the 序号 column prints it; 0 = the part's own field (the city)
    column: str  # column id (or field id when row == 0)
    label: str  # the column head's short form
    reason: str

    @property
    def cell(self) -> str:
        return f"r:{self.part}.{self.row}.{self.column}"

    @property
    def text(self) -> str:
        return f"第{self.row}行「{self.label}」：{self.reason}" if self.row else f"「{self.label}」：{self.reason}"


def short_label(column: RecordColumn) -> str:
    """The head without its bracketed hint: "所属行业（4位…）" → "所属行业"."""
    return re.split(r"[（(]", column.label, maxsplit=1)[0].strip()


def head_key(text: str) -> str:
    """A head as a key: line breaks, spaces and bracket widths ignored (hand-filled templates
    copied from the notice carry all three)."""
    t = _HEAD_BREAK.sub("", str(text or ""))
    return t.replace("(", "（").replace(")", "）").replace(",", "，")


def title_for(part: Part, draft: Draft | None) -> str:
    rec = part.records
    assert rec is not None
    city = (draft.fields.get(rec.city_field, "") if draft and rec.city_field else "").strip()
    return rec.title.replace("{city}", city.removesuffix("市") if city else "____")


def rows_of(draft: Draft, part: Part) -> list[dict[str, str]]:
    return draft.records.get(part.id, [])


def is_empty(row: dict[str, str]) -> bool:
    return not any(v.strip() for v in row.values())


# ---------------------------------------------------------------- reference look-ups


@cache
def _cities() -> dict[str, str]:
    """City name (with and without 市) → code, over every province."""
    out: dict[str, str] = {}
    for p in refdata.provinces():
        for c in refdata.cities(p.code):
            out[c.name] = c.code
            out[c.name.removesuffix("市")] = c.code
    return out


def city_code(name: str) -> str | None:
    return _cities().get(name.strip()) if name.strip() else None


@cache
def _province_cities(province: str) -> frozenset[str]:
    code = next((p.code for p in refdata.provinces() if p.name == province), None)
    return frozenset(c.code for c in refdata.cities(code)) if code else frozenset()


def city_choices(province: str | None = None) -> list[str]:
    """The cities a list may name, for pick lists: `province`'s, or every city of the country."""
    return [c.name for p in refdata.provinces() if not province or p.name == province
            for c in refdata.cities(p.code) if c.name not in ("市辖区", "县")]


def city_problem(value: str, province: str | None = None) -> str | None:
    """Why `value` is not a city the list may name: not a city at all, or (a list returned to one
    province, `Records.province`) a city of another province. None when it is fine."""
    code = city_code(value)
    if code is None:
        return f"「{echo(value.strip())}」不是地级市名称"
    if province and code not in _province_cities(province):
        return f"「{echo(value.strip())}」不是{province}的地市"
    return None


@cache
def _city_names() -> dict[str, str]:
    """City code → its full name (广州市)."""
    return {c.code: c.name for p in refdata.provinces() for c in refdata.cities(p.code)}


def address_problem(text: str, city: str | None = None) -> str | None:
    """None when the address names a county (区/县/县级市) of the shipped divisions, consistent
    with the city it names and with `city` (the row's 地市, or the list's own city); otherwise why not.
    The names are read as `refdata.places_in` reads them: 禅城区 is not also 城区."""
    places = refdata.places_in(_HEAD_BREAK.sub("", text))
    counties = [p for p in places if p.county_of]
    if not counties:
        return f"「{echo(text)}」没有写到县/区（如“广州市南沙区”）"
    named = frozenset().union(*(p.cities for p in places))
    if named and not any(p.county_of & named for p in counties):
        return _not_in(text, counties[0], named)
    own = city_code(city) if city else None
    if own is not None and not any(own in p.county_of for p in counties):
        return _not_in(text, counties[0], {own})
    return None


def _not_in(text: str, county: refdata.Place, cities: set[str] | frozenset[str]) -> str:
    """「佛山市禅城区」中的禅城区属于佛山市，不属于汕尾市."""
    where = "、".join(sorted(_city_names()[c] for c in county.county_of))
    other = "、".join(sorted(_city_names()[c] for c in cities))
    return f"「{echo(text)}」中的{county.name}属于{where}，不属于{other}"


def year_month(text: str) -> tuple[int, int] | None:
    m = _YEAR_MONTH.match(text)
    return (int(m.group(1)), int(m.group(2))) if m else None


# ---------------------------------------------------------------- checking


def cell_problem(column: RecordColumn, value: str, report_year: int, city: str | None = None,
                 province: str | None = None) -> str | None:
    """Why one filled cell is wrong, in Chinese naming the value; None when it is fine. `city` is
    the city an address must lie in (the row's 地市 column, else the list's city); `province` the
    one whose cities the list names (`Records.province`)."""
    v = value.strip()  # its length is checked with every other text (cells.over_long, V20.length)
    if column.type == "choice" and v not in column.options:
        return f"「{echo(v)}」不在可选项中（可选：{'、'.join(column.options)}）"
    if column.type == "city":
        return city_problem(v, province)
    if column.type == "address":
        return address_problem(v, city)
    if column.type == "industry":
        return _industry_problem(v)
    if column.type == "year_month":
        ym = year_month(v)
        if ym is None:
            return f"「{echo(v)}」不是“年/月”（如 2003/05）"
        year, month = ym
        if not 1 <= month <= 12:
            return f"「{echo(v)}」的月份 {month} 不存在"
        if not 1949 <= year <= report_year:
            return f"「{echo(v)}」的年份不在 1949—{report_year} 年之间"
    if column.type == "positive":
        try:
            number = Decimal(v.replace(",", ""))
        except InvalidOperation:
            return f"「{echo(v)}」不是数字"
        if not number.is_finite() or number <= 0:
            return f"应大于 0，现为 {echo(v)}"
    return None


def _industry_problem(v: str) -> str | None:
    m = re.match(r"^[A-Z]?\s*(\d{4})\s*(.*)$", v.upper() if v[:1].isalpha() else v, re.S)
    if not m:
        return f"「{echo(v)}」应为4位国民经济行业分类代码加名称（如“2720 化学药品制剂制造”）"
    ind = refdata.industry(m.group(1))
    if ind is None or ind.level != "小类":
        return f"「{m.group(1)}」不是GB/T 4754-2017的四位小类代码"
    name = _HEAD_BREAK.sub("", m.group(2))
    if name and name != ind.name:
        return f"代码 {ind.code} 的名称应为“{ind.name}”，现为“{echo(m.group(2).strip())}”"
    return None


def industry_text(value: str) -> str:
    """"2720 化学药品制剂制造" for a valid code (a name split by line breaks joined); else as is."""
    m = re.match(r"^[A-Z]?\s*(\d{4})", value.strip())
    ind = refdata.industry(m.group(1)) if m else None
    if ind is None or ind.level != "小类" or _industry_problem(value.strip()):
        return value
    return f"{ind.code} {ind.name}"


def problems(definition: FormDefinition, draft: Draft) -> list[Problem]:
    """Every bad cell of every list of records, row by row, in column order."""
    out: list[Problem] = []
    for part in definition.record_parts:
        rec = part.records
        assert rec is not None
        if rec.city_field:
            field = next(f for f in part.fields if f.id == rec.city_field)
            city = draft.fields.get(rec.city_field, "").strip()
            if city and (reason := city_problem(city, rec.province)) is not None:
                out.append(Problem(part.id, 0, field.id, field.label, reason))
        list_city = draft.fields.get(rec.city_field, "") if rec.city_field else ""
        city_column = next((c.id for c in rec.columns if c.type == "city"), None)
        rows = rows_of(draft, part)
        if len(rows) > rec.max_rows:
            out.append(Problem(part.id, 0, rec.columns[0].id, part.short_title,
                               f"最多 {rec.max_rows} 行，现有 {len(rows)} 行"))
        for number, row in enumerate(rows, 1):
            if is_empty(row):
                continue
            for col in rec.columns:
                value = row.get(col.id, "")
                if not value.strip():
                    if col.required:
                        out.append(Problem(part.id, number, col.id, short_label(col), "未填写"))
                    continue
                city = row.get(city_column, "") if city_column else list_city
                if (reason := cell_problem(col, value, definition.report_year, city, rec.province)) is not None:
                    out.append(Problem(part.id, number, col.id, short_label(col), reason))
    return out

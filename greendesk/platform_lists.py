"""The platform's downloadable lists, when the user has them: 绿色工厂名单.xlsx, 能耗限额标准清单.xlsx and
取水定额标准清单.xlsx (the manual's page offers them; they are not ours and are not shipped).

Their layout is not known to us, so they are read by labels: the header row is the first row with
a name column (企业名称 / 工厂名称 …, or 标准名称 / 标准编号 for the standards), in any sheet and any
column. What was understood (sheet, header row, columns, entries) is said in `notes`; a file in
which no such header is found gives no entries and says what it found instead.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from greendesk.compare import CompareError, norm, read_grids
from greendesk.definition import FormDefinition, FormField

_NAME_HEADS = ("企业名称", "工厂名称", "园区名称", "单位名称", "名称")
_USCC_HEADS = ("统一社会信用代码", "信用代码")
_STD_CODE_HEADS = ("标准编号", "标准号", "标准代号")
_STD_NAME_HEADS = ("标准名称",)
_PRODUCT_HEADS = ("产品名称", "产品", "适用产品", "产品类别")


class ListError(CompareError):
    pass


@dataclass(frozen=True)
class ListedFactory:
    name: str
    uscc: str = ""
    extra: str = ""  # 批次 / 层级 / 地区, when the list has them


@dataclass
class FactoryList:
    source: str
    factories: list[ListedFactory] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def find(self, name: str) -> ListedFactory | None:
        key = _name_key(name)
        return next((f for f in self.factories if _name_key(f.name) == key), None) if key else None

    def find_uscc(self, uscc: str) -> ListedFactory | None:
        u = uscc.strip().upper()
        return next((f for f in self.factories if f.uscc and f.uscc.upper() == u), None) if u else None

    def closest(self, name: str, n: int = 3) -> list[str]:
        names = [f.name for f in self.factories]
        return difflib.get_close_matches(name, names, n=n, cutoff=0.5)


@dataclass(frozen=True)
class Standard:
    code: str
    name: str
    product: str = ""

    @property
    def label(self) -> str:
        """How a product's 适用标准 is written: 'GB 32046《电工用铜线坯单位产品能源消耗限额》'."""
        if self.code and self.name:
            return f"{self.code}《{self.name.strip('《》')}》"
        return self.code or self.name


@dataclass
class StandardList:
    source: str
    standards: list[Standard] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def search(self, text: str, limit: int = 50) -> list[Standard]:
        key = norm(text).lower()
        if not key:
            return self.standards[:limit]
        hits = [s for s in self.standards
                if key in norm(f"{s.code}{s.name}{s.product}").lower()]
        return hits[:limit]


def _name_key(name: str) -> str:
    return norm(name).replace("(", "").replace(")", "")


def _find_header(grid: dict[int, dict[int, object]], groups: dict[str, tuple[str, ...]],
                 required: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    """(row, role → column) of the first row whose cells name every `required` role."""
    for r in sorted(grid)[:50]:
        cols: dict[str, int] = {}
        for c, v in sorted(grid[r].items()):
            t = norm(str(v))
            for role, heads in groups.items():
                if role not in cols and any(t == h or (len(h) > 2 and t.startswith(h)) for h in heads):
                    cols[role] = c
        if all(role in cols for role in required):
            return r, cols
    return None


def _cell(row: dict[int, object], col: int | None) -> str:
    if col is None:
        return ""
    v = row.get(col)
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def load_factory_list(path: Path) -> FactoryList:
    """Read 绿色工厂名单.xlsx / 绿色供应链管理企业名单.xlsx / 绿色工业园区名单.xlsx (any layout with a
    企业名称/工厂名称/园区名称 column); ListError if unreadable."""
    try:
        grids = read_grids(path)
    except CompareError as exc:
        raise ListError(exc.message) from None
    out = FactoryList(path.name)
    groups = {"name": _NAME_HEADS, "uscc": _USCC_HEADS, "batch": ("批次", "公布批次", "年度"),
              "level": ("级别", "层级", "名单级别"), "region": ("省份", "地区", "地市", "所在地")}
    for sheet, grid in grids.items():
        found = _find_header(grid, groups, ("name",))
        if found is None:
            continue
        hr, cols = found
        n = 0
        for row in _body_rows(grid, hr):
            name = _cell(row, cols["name"])
            if not name or norm(name) in _NAME_HEADS:
                continue
            extra = " ".join(x for x in (_cell(row, cols.get(k)) for k in ("batch", "level", "region")) if x)
            out.factories.append(ListedFactory(name, _cell(row, cols.get("uscc")), extra))
            n += 1
        roles = "、".join(f"{_ROLE_WORDS[k]}（第{c}列）" for k, c in cols.items())
        measure = "个" if norm(str(grid[hr].get(cols["name"], ""))).startswith("园区") else "家"  # 园区 count in 个
        out.notes.append(f"工作表「{sheet}」第{hr}行为表头：{roles}；读取 {n} {measure}。")
    if not out.factories:
        out.notes.append(_nothing_found(grids, "“企业名称”“工厂名称”或“园区名称”列"))
    return out


def _body_rows(grid: dict, header_row: int):
    """The rows under a list's header row, top to bottom (both list readers walk them alike)."""
    for r in sorted(grid):
        if r > header_row:
            yield grid[r]


def load_standard_list(path: Path) -> StandardList:
    """Read 能耗限额标准清单.xlsx / 取水定额标准清单.xlsx (标准编号 and/or 标准名称 columns)."""
    try:
        grids = read_grids(path)
    except CompareError as exc:
        raise ListError(exc.message) from None
    out = StandardList(path.name)
    groups = {"code": _STD_CODE_HEADS, "name": _STD_NAME_HEADS, "product": _PRODUCT_HEADS}
    for sheet, grid in grids.items():
        found = _find_header(grid, groups, ("code",)) or _find_header(grid, groups, ("name",))
        if found is None:
            continue
        hr, cols = found
        n = 0
        for row in _body_rows(grid, hr):
            code, name = _cell(row, cols.get("code")), _cell(row, cols.get("name"))
            if not (code or name):
                continue
            if not name and (m := re.match(r"^(\S+\s*[\d.]+(?:-\d{4})?)\s*《?(.+?)》?$", code)):
                code, name = m.group(1), m.group(2)  # "GB 32046-2015 电工用铜线坯…" in one cell
            out.standards.append(Standard(code, name, _cell(row, cols.get("product"))))
            n += 1
        roles = "、".join(f"{_ROLE_WORDS[k]}（第{c}列）" for k, c in cols.items())
        out.notes.append(f"工作表「{sheet}」第{hr}行为表头：{roles}；读取 {n} 项标准。")
    if not out.standards:
        out.notes.append(_nothing_found(grids, "“标准编号”或“标准名称”列"))
    return out


_ROLE_WORDS = {"name": "名称", "uscc": "统一社会信用代码", "batch": "批次", "level": "级别",
               "region": "地区", "code": "标准编号", "product": "产品"}


def _nothing_found(grids: dict[str, dict[int, dict[int, object]]], what: str) -> str:
    bits = []
    for sheet, grid in grids.items():
        first = next((grid[r] for r in sorted(grid)), {})
        heads = "、".join(f"「{str(v)[:16]}」" for _, v in sorted(first.items())[:8])
        bits.append(f"工作表「{sheet}」{len(grid)} 行" + (f"，第一行：{heads}" if heads else "（空）"))
    return f"未找到{what}，没有读取任何条目。找到的内容：" + ("；".join(bits) or "没有工作表") + "。"


def list_question(definition: FormDefinition) -> FormField | None:
    """The yes/no question "<unit>名称与<list>是否一致" of the compliance part (factory 第7题, park
    第9题): found by its label, so each table kind's own question (and number) is used."""
    return next((f for f in definition.fields.values()
                 if f.type == "yesno" and "名单是否一致" in f.label), None)


def list_kind(definition: FormDefinition) -> str:
    """Which platform list the table is checked against: 绿色工厂名单 / 绿色供应链管理企业名单 /
    绿色工业园区名单 (as the question names it)."""
    q = list_question(definition)
    m = re.search(r"与(\S+?名单)是否一致", q.label) if q else None
    return m.group(1) if m else f"绿色{definition.role.unit_noun}名单"


def _former_field(definition: FormDefinition, question: FormField) -> str:
    """The field asked for when the question is answered 否 (变更前的名称)."""
    return next((f.id for f in definition.fields.values()
                 if any(c.field == question.id and c.equals == "否" for c in f.required_when)), "")


def check_name_against_list(definition: FormDefinition, fields: dict[str, str],
                            factories: FactoryList) -> list[str]:
    """The name question (企业名称与绿色工厂名单是否一致 …) checked against the loaded list: what to
    tell the user, worded with the table's own unit (工厂 / 企业 / 园区). Empty when the answer agrees.
    """
    question = list_question(definition)
    if question is None:
        return []
    m = re.match(r"^\s*(\d+)[.．、]", question.label)
    which = f"第{m.group(1)}题" if m else f"“{question.label}”"
    noun = definition.name_label
    name = definition.unit_name(fields).strip()
    answer = fields.get(question.id, "")
    former_id = _former_field(definition, question)
    former = fields.get(former_id, "").strip() if former_id else ""
    listed = factories.find(name)
    by_code = factories.find_uscc(definition.unit_code(fields))
    msgs: list[str] = []
    if answer == "是" and listed is None:
        hint = ""
        if by_code is not None:
            hint = f"名单中同一{definition.code_label}的名称为「{by_code.name}」。"
        elif close := factories.closest(name):
            hint = "名单中相近的名称：" + "、".join(f"「{c}」" for c in close) + "。"
        msgs.append(f"{which}答“是”，但{noun}「{name}」不在载入的{factories.source}中。{hint}"
                    f"如名称已变更，请答“否”并填写变更前的{noun}。")
    elif answer == "否":
        if listed is not None:
            msgs.append(f"{which}答“否”，但{noun}「{name}」就在载入的{factories.source}中，请核实。")
        if former and factories.find(former) is None:
            hint = ""
            if close := factories.closest(former):
                hint = "名单中相近的名称：" + "、".join(f"「{c}」" for c in close) + "。"
            msgs.append(f"变更前的{noun}「{former}」不在载入的{factories.source}中。{hint}")
    return msgs

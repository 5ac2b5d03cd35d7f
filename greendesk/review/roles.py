"""Which fields of a table say who the unit is and what a reviewer looks at first.

The ONE place the review finds the unit's name, credit code, industry and region, the compliance
questions (1–6) and the name question (7) with its former name. Everything is read from the
definition, not from field ids: a supply-chain or park table that words the same things the same way
reviews without code changes. The unit's name, code and industry come from the definition's roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from greendesk.definition import FormDefinition, FormField

YES, NO = "是", "否"

_cache: dict[str, Roles] = {}  # content hash → roles (definitions are not hashable)


@dataclass(frozen=True)
class Roles:
    name: str | None  # the unit's name (工厂名称 / 企业名称 / 园区名称)
    uscc: str | None  # 统一社会信用代码
    industry: str | None  # first industry field (主营行业1)
    region: str | None  # region field id; values are `<id>.province/.city/.county`
    compliance: tuple[str, ...]  # yes/no questions whose 是 asks for a 情况说明 (questions 1–6)
    name_question: str | None  # yes/no question whose 否 asks for the former name (question 7)
    former_name: str | None  # the former name it asks for


def _first(definition: FormDefinition, kind: str) -> FormField | None:
    return next((f for f in definition.fields.values() if f.type == kind), None)


def _asked_by(definition: FormDefinition, answer: str) -> dict[str, str]:
    """yes/no field id → the field that becomes required when it is answered `answer`."""
    out: dict[str, str] = {}
    for f in definition.fields.values():
        for cond in f.required_when:
            src = definition.fields.get(cond.field)
            if src is not None and src.type == "yesno" and cond.equals == answer:
                out.setdefault(cond.field, f.id)
    return out


def _unit_name(definition: FormDefinition, uscc: FormField | None) -> FormField | None:
    """The required text field just before the credit code in its part (工厂名称 before 统一社会信用代码);
    else the first required text field whose label ends in 名称."""
    if uscc is not None:
        part = definition.field_part[uscc.id]
        fields = next(p.fields for p in definition.parts if p.id == part)
        before = [f for f in fields[:fields.index(uscc)] if f.type == "text"]
        if before:
            return before[-1]
    return next((f for f in definition.fields.values()
                 if f.type == "text" and f.required and f.label.endswith("名称")), None)


def _roles(definition: FormDefinition) -> Roles:
    declared = definition.role  # the definition's [roles] (inferred there when a file has none)
    uscc = definition.fields.get(declared.code) or _first(definition, "uscc")
    name = definition.fields.get(declared.name) or _unit_name(definition, uscc)
    industry = definition.fields.get(declared.industry) or _first(definition, "industry")
    region = _first(definition, "region")
    yes_asks = _asked_by(definition, YES)
    no_asks = _asked_by(definition, NO)
    order = list(definition.fields)
    name_q = next((fid for fid in order if fid in no_asks and fid not in yes_asks), None)
    return Roles(
        name=name.id if name else None,
        uscc=uscc.id if uscc else None,
        industry=industry.id if industry else None,
        region=region.id if region else None,
        compliance=tuple(fid for fid in order if fid in yes_asks),
        name_question=name_q,
        former_name=no_asks.get(name_q) if name_q else None,
    )


def roles(definition: FormDefinition) -> Roles:
    """The roles of `definition`'s fields (computed once per definition)."""
    found = _cache.get(definition.content_hash)
    if found is None:
        found = _cache[definition.content_hash] = _roles(definition)
    return found


def list_type(definition: FormDefinition) -> str:
    """The list a table belongs to, as the platform names it: 绿色工厂动态管理表 → 绿色工厂."""
    return definition.title.removesuffix("动态管理表") or definition.title

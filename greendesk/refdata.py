"""Reference pick lists: GB/T 4754-2017 industry codes and the 省/市/区县 divisions.

Loaded lazily and cached: the CLI's cold start must not pay for 3,000 counties it never shows.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache

from greendesk.resources import resource_path


@dataclass(frozen=True)
class Industry:
    code: str
    name: str
    level: str  # 门类 / 大类 / 中类 / 小类
    parent: str | None


@dataclass(frozen=True)
class Division:
    code: str
    name: str


# ---------------------------------------------------------------- industries


@cache
def industries() -> dict[str, Industry]:
    with resource_path("data", "gbt4754-2017.csv").open(encoding="utf-8", newline="") as fh:
        return {r["code"]: Industry(r["code"], r["name"], r["level"], r["parent"] or None)
                for r in csv.DictReader(fh)}


def _clean(code: str) -> str:
    code = code.strip().upper().split(" ")[0]
    return code[1:] if len(code) > 1 and code[0].isalpha() and code[1:].isdigit() else code


def industry(code: str) -> Industry | None:
    """Accepts "3831", "C3831" or "C3831 电线、电缆制造"."""
    return industries().get(_clean(code)) if code else None


def section_of(code: str) -> str | None:
    """The 门类 letter of a code (walks up the parents)."""
    node = industry(code)
    while node is not None and node.parent:
        node = industries().get(node.parent)
    return node.code if node is not None and node.level == "门类" else None


def division_of(code: str) -> Industry | None:
    """The 2-digit 大类 of a code."""
    c = _clean(code)
    return industries().get(c[:2]) if len(c) >= 2 and c[:2].isdigit() else None


def is_manufacturing(code: str) -> bool:
    c = _clean(code)
    return len(c) >= 2 and c[:2].isdigit() and 13 <= int(c[:2]) <= 43


def industry_label(code: str) -> str:
    """"C3831 电线、电缆制造", the way the pickers and the printouts show a code."""
    ind = industry(code)
    if ind is None:
        return code
    return f"{section_of(ind.code) or ''}{ind.code} {ind.name}"


@cache
def small_classes(manufacturing_only: bool = False) -> list[Industry]:
    return [i for i in industries().values() if i.level == "小类"
            and (not manufacturing_only or is_manufacturing(i.code))]


@cache
def small_class_labels() -> tuple[str, ...]:
    """“C3831 电线、电缆制造” for every 小类, for pick lists (computed once)."""
    return tuple(industry_label(i.code) for i in small_classes())


def search_industries(text: str, limit: int = 50) -> list[Industry]:
    """小类 matching a typed code prefix (with or without the 门类 letter) or a name fragment."""
    t = text.strip()
    if not t:
        return small_classes()[:limit]
    code = _clean(t)
    by_code = [i for i in small_classes() if code.isdigit() and i.code.startswith(code)]
    by_name = [i for i in small_classes() if t in i.name and i not in by_code]
    return (by_code + by_name)[:limit]


@cache
def _platform_guess() -> dict[str, str]:
    path = resource_path("data", "gbt4754-2017-manufacturing-divisions.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["code"]: r["platform_industry_guess"] for r in csv.DictReader(fh)}


def platform_industry_guess(code: str) -> str | None:
    """The platform's 工厂所属行业 radio (钢铁/建材/…/其它) most likely for a code (a guess)."""
    div = division_of(code)
    return _platform_guess().get(div.code) if div else None


# ---------------------------------------------------------------- divisions


@cache
def _tree() -> list[dict]:
    return json.loads(resource_path("data", "divisions.json").read_text(encoding="utf-8"))


@cache
def _index() -> tuple[dict[str, dict], dict[str, dict], dict[str, str]]:
    provs = {p["code"]: p for p in _tree()}
    cities = {c["code"]: c for p in _tree() for c in p["children"]}
    names: dict[str, str] = {}
    for p in _tree():
        names[p["code"]] = p["name"]
        for c in p["children"]:
            names[c["code"]] = c["name"]
            for a in c["children"]:
                names[a["code"]] = a["name"]
    return provs, cities, names


def provinces() -> list[Division]:
    return [Division(p["code"], p["name"]) for p in _tree()]


def cities(province_code: str) -> list[Division]:
    p = _index()[0].get(province_code)
    return [Division(c["code"], c["name"]) for c in p["children"]] if p else []


def counties(city_code: str) -> list[Division]:
    c = _index()[1].get(city_code)
    return [Division(a["code"], a["name"]) for a in c["children"]] if c else []


def division_name(code: str) -> str | None:
    return _index()[2].get(code)


def is_valid_region(province: str, city: str, county: str) -> bool:
    """Province → city → county chain exists (county may be empty only where a city has none)."""
    p = _index()[0].get(province)
    if p is None or city not in {c["code"] for c in p["children"]}:
        return False
    options = {a["code"] for a in _index()[1][city]["children"]}
    return county in options if options else not county


def region_label(province: str, city: str, county: str) -> str:
    """"北京市 北京市 东城区", as the platform prints an address."""
    return " ".join(n for n in (division_name(x) for x in (province, city, county) if x) if n)

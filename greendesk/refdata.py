"""Reference pick lists: GB/T 4754-2017 industry codes and the 省/市/区县 divisions.

Loaded lazily and cached: the CLI's cold start must not pay for 3,000 counties it never shows.
Stdlib only (csv/json) so the core package stays free of Qt. The data files and their origins
are described in resources/data/SOURCES.md; tools/build_refdata.py rebuilds them.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import cache

from greendesk.resources import resource_path

MANUFACTURING = range(13, 44)  # 门类 C = 大类 13–43


@dataclass(frozen=True)
class Industry:
    code: str  # digits only ("3831"), or the letter for a 门类 ("C")
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
    """Every code of all four levels, keyed by its bare code ("C", "38", "383", "3831")."""
    with resource_path("data", "gbt4754-2017.csv").open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        col = {name: i for i, name in enumerate(next(rows))}
        c, n, lv, p = col["code"], col["name"], col["level"], col["parent"]
        # plain reader, not DictReader: a third of the time, and this runs at every start
        return {r[c]: Industry(r[c], r[n], r[lv], r[p] or None) for r in rows if r}


# optional 门类 letter, 2–4 digits, then the end or a space (what follows, a name, is ignored)
_CODE = re.compile(r"([A-Z]?)\s*(\d{2,4})(?=\s|$)")
_SECTION = re.compile(r"([A-Z])(?=\s|$)")


def _parse(code: str) -> tuple[str, str]:
    """(letter, bare code) from what a user or an old file may hold: "3831", "C3831 电线…"."""
    text = code.strip().upper()
    m = _CODE.match(text)
    if m:
        return m.group(1), m.group(2)
    m = _SECTION.match(text)
    return ("", m.group(1)) if m else ("", text)


def _lookup(code: str) -> Industry | None:
    letter, bare = _parse(code)
    ind = industries().get(bare)
    # "A3831" names two different things; refuse it rather than guess which one was meant
    if ind is None or (letter and _section(bare) != letter):
        return None
    return ind


def _section(bare: str) -> str | None:
    node = industries().get(bare)
    while node is not None and node.parent:
        node = industries().get(node.parent)
    return node.code if node is not None and node.level == "门类" else None


def industry(code: str) -> Industry | None:
    """Any level; accepts "3831", "C3831", " 3831 " or a whole label "C3831 电线、电缆制造"."""
    return _lookup(code) if code else None


def section_of(code: str) -> str | None:
    """The 门类 letter of a code, found by walking up the parents (the code alone can't tell)."""
    ind = industry(code)
    return _section(ind.code) if ind else None


def division_of(code: str) -> Industry | None:
    """The 2-digit 大类 a code belongs to (None for a 门类 or an unknown code)."""
    ind = industry(code)
    if ind is None or not ind.code[:2].isdigit():
        return None
    return industries().get(ind.code[:2])


def is_manufacturing(code: str) -> bool:
    """In 门类 C (大类 13–43): the green-factory list only takes manufacturers."""
    div = division_of(code)
    return div is not None and int(div.code) in MANUFACTURING


def industry_label(code: str) -> str:
    """"C3831 电线、电缆制造", the way the platform, the pickers and the printouts show a code.

    An unknown code comes back unchanged so a printout never silently drops what the user typed.
    """
    ind = industry(code)
    if ind is None:
        return code
    if ind.level == "门类":
        return f"{ind.code} {ind.name}"
    return f"{_section(ind.code) or ''}{ind.code} {ind.name}"


@cache
def _small_classes(manufacturing_only: bool) -> tuple[Industry, ...]:
    return tuple(i for i in industries().values() if i.level == "小类"
                 and (not manufacturing_only or int(i.code[:2]) in MANUFACTURING))


def small_classes(manufacturing_only: bool = False) -> list[Industry]:
    """The 4-digit 小类 in code order: the only level the form accepts."""
    return list(_small_classes(manufacturing_only))


@cache
def small_class_labels() -> tuple[str, ...]:
    """“C3831 电线、电缆制造” for every 小类, for pick lists (computed once)."""
    table = industries()
    # a 小类's 门类 is its 大类's parent: one look-up per 大类, not a parse and walk per code
    sections = {code: ind.parent for code, ind in table.items() if ind.level == "大类"}
    return tuple(f"{sections.get(i.code[:2]) or ''}{i.code} {i.name}" for i in _small_classes(False))


def search_industries(text: str, limit: int = 50) -> list[Industry]:
    """小类 for a searchable picker: code-prefix matches first, then name matches.

    The code may be typed with or without its 门类 letter ("C383", "383"); a letter alone lists
    that 门类. Name fragments separated by spaces must all occur ("电线 制造").
    """
    t = text.strip()
    pool = _small_classes(False)
    if not t:
        return list(pool[:limit])
    letter, bare = _parse(t)
    by_code: list[Industry] = []
    if bare.isdigit():
        by_code = [i for i in pool if i.code.startswith(bare)
                   and (not letter or _section(i.code) == letter)]
    elif len(bare) == 1 and bare.isalpha() and t.upper() == bare:
        by_code = [i for i in pool if _section(i.code) == bare]
    seen = set(by_code)
    words = t.split() if not bare.isdigit() else t.split()[1:]
    by_name = [i for i in pool if i not in seen and words and all(w in i.name for w in words)]
    return (by_code + by_name)[:limit]


@cache
def _platform_guess() -> dict[str, str]:
    path = resource_path("data", "gbt4754-2017-manufacturing-divisions.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["code"]: r["platform_industry_guess"] for r in csv.DictReader(fh)}


def platform_industry_guess(code: str) -> str | None:
    """Default for the platform's 工厂所属行业 radio (钢铁/建材/…/其它), from the 大类.

    Only a suggestion for manufacturers; None outside manufacturing or for unknown codes.
    """
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
    """34 provincial units in code order, then 香港/澳门/台湾 (synthetic codes 81/82/71)."""
    return [Division(p["code"], p["name"]) for p in _tree()]


def cities(province_code: str) -> list[Division]:
    """Cities of a province; a municipality has exactly one, named like the municipality."""
    p = _index()[0].get(province_code)
    return [Division(c["code"], c["name"]) for c in p["children"]] if p else []


def counties(city_code: str) -> list[Division]:
    """Counties of a city; [] for an unknown code."""
    c = _index()[1].get(city_code)
    return [Division(a["code"], a["name"]) for a in c["children"]] if c else []


def division_name(code: str) -> str | None:
    """Name of a province, city or county code (codes of the three levels never collide)."""
    return _index()[2].get(code)


def is_valid_region(province: str, city: str, county: str) -> bool:
    """Province → city → county chain exists (county may be empty only where a city has none)."""
    p = _index()[0].get(province)
    if p is None or city not in {c["code"] for c in p["children"]}:
        return False
    options = {a["code"] for a in _index()[1][city]["children"]}
    return county in options if options else not county


def region_label(province: str, city: str, county: str) -> str:
    """"北京市 北京市 东城区", as the platform prints an address.

    An unknown code is printed as itself rather than dropped, so nothing the user entered vanishes.
    """
    return " ".join(division_name(x) or x for x in (province, city, county) if x)


# ---------------------------------------------------------------- division names in a text


@dataclass(frozen=True)
class Place:
    """A division name read in a text (an address): where it is, and what it can be.

    One name may be several things: 东莞市 is a city and its own county-level unit; 城区 is a county
    of 阳泉市, 晋城市 and 汕尾市. `cities` holds the codes of the cities the name is (with or without
    its 市), `county_of` the codes of the cities a county of that name lies in.
    """

    start: int
    end: int
    name: str
    cities: frozenset[str] = frozenset()
    county_of: frozenset[str] = frozenset()


@cache
def _place_names() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Every province, city (with and without 市) and county name → (city codes, county's city codes).
    A province is there only so that no city or county name is read inside it (吉林 in 吉林省)."""
    cities: dict[str, set[str]] = {}
    county_of: dict[str, set[str]] = {}
    names: set[str] = set()
    for p in _tree():
        names.add(p["name"])
        for c in p["children"]:
            for name in {c["name"], c["name"].removesuffix("市")}:
                if len(name) >= 2:
                    cities.setdefault(name, set()).add(c["code"])
            for a in c["children"]:
                if a["name"] != "市辖区":
                    county_of.setdefault(a["name"], set()).add(c["code"])
                if a["name"] == c["name"] and len(c["name"].removesuffix("市")) >= 2:
                    # a city without districts (东莞, 中山) is its own county: "东莞虎门镇" names one
                    county_of.setdefault(c["name"].removesuffix("市"), set()).add(c["code"])
    names |= cities.keys() | county_of.keys()
    return {n: (frozenset(cities.get(n, ())), frozenset(county_of.get(n, ()))) for n in names}


@cache
def _place_lengths() -> dict[str, tuple[int, ...]]:
    """First character → the lengths of the names starting with it: most characters of an
    address start none, and are passed over with one look-up."""
    out: dict[str, set[int]] = {}
    for name in _place_names():
        out.setdefault(name[0], set()).add(len(name))
    return {c: tuple(sorted(lengths)) for c, lengths in out.items()}


def places_in(text: str) -> list[Place]:
    """The division names written in `text`, in reading order, none inside another one.

    Why not every name the text contains: 城区 (阳泉/晋城/汕尾) lies inside 禅城区 (佛山), 唐县
    inside 行唐县, 吉林 inside 吉林省. A city written with one of its own counties right after it
    ("佛山市禅城区", "汕尾市城区") is read as that pair first (the county then lies in that city
    only); then the longest names; a name overlapping one already read is not a name of the text.
    """
    table = _place_names()
    lengths = _place_lengths()
    found: list[Place] = []
    for i, char in enumerate(text):
        for n in lengths.get(char, ()):  # ascending
            if i + n > len(text):
                break
            entry = table.get(text[i:i + n])
            if entry is not None:
                found.append(Place(i, i + n, text[i:i + n], *entry))
    starting = {}
    for p in found:
        starting.setdefault(p.start, []).append(p)
    pairs = [(c, k) for c in found if c.cities
             for k in starting.get(c.end, ()) if k.county_of & c.cities]
    pairs.sort(key=lambda ck: (ck[0].start - ck[1].end, ck[0].start))
    taken = [False] * len(text)
    chosen: list[Place] = []

    def free(p: Place) -> bool:
        return not any(taken[p.start:p.end])

    def take(*ps: Place) -> None:
        for p in ps:
            taken[p.start:p.end] = [True] * (p.end - p.start)
            chosen.append(p)

    for city, county in pairs:
        if free(city) and free(county):
            take(city, Place(county.start, county.end, county.name, county.cities,
                             county.county_of & city.cities))
    for p in sorted(found, key=lambda p: (p.start - p.end, p.start)):
        if free(p):
            take(p)
    return sorted(chosen, key=lambda p: p.start)

"""Rebuild resources/data/ from the reference data in ../shared/data (run from the repo root).

    python tools/build_refdata.py ../shared/data [OUT_DIR]

GB/T 4754-2017 is copied as CSV (checked, not changed); the administrative divisions become one
nested JSON shaped the way the platform shows addresses: municipalities read 北京市 / 北京市 / 东城区
(the NBS "市辖区"/"县" city level is renamed to the province and merged into one city coded
province + "01"), and HK/MO/TW get synthetic codes 81/82/71 (see resources/data/SOURCES.md).
The script refuses to write anything if the input does not look like what the app expects.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "data"
MUNICIPALITIES = {"11", "12", "31", "50"}
# Not in the NBS table: provincial codes as in GB/T 2260's 71/81/82, then two-digit sequence
# numbers in the order of HK-MO-TW.json (city 8101, county 810101, ...). Stable while that file is.
SAR = {"香港特别行政区": "81", "澳门特别行政区": "82", "台湾省": "71"}
GBT_LEVELS = {"门类": 20, "大类": 97, "中类": 473, "小类": 1381}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def check_gbt4754(path: Path) -> None:
    """Refuse a table whose shape the app's counts and label walk rely on has changed."""
    rows = _rows(path)
    codes = {r["code"] for r in rows}
    levels = Counter(r["level"] for r in rows)
    if dict(levels) != GBT_LEVELS:
        raise SystemExit(f"{path.name}: level counts {dict(levels)} != {GBT_LEVELS}")
    bad = [r["code"] for r in rows if r["parent"] and r["parent"] not in codes]
    if bad or len(codes) != len(rows):
        raise SystemExit(f"{path.name}: duplicate codes or unknown parents {bad[:5]}")


def _city_names_from_pca(src: Path) -> dict[str, str]:
    """City names from the nested pca-code.json, for areas whose city row cities.csv lacks."""
    pca = src / "pca-code.json"
    if not pca.exists():
        return {}
    tree = json.loads(pca.read_text(encoding="utf-8"))
    return {c["code"]: c["name"] for p in tree for c in p.get("children", [])}


def divisions(src: Path) -> list[dict]:
    provinces = _rows(src / "provinces.csv")
    cities = _rows(src / "cities.csv")
    areas = _rows(src / "areas.csv")
    by_city: dict[str, list[dict]] = {}
    for a in areas:
        by_city.setdefault(a["cityCode"], []).append({"code": a["code"], "name": a["name"]})
    # Some snapshots of the source lack a prefecture / 省直辖县级行政区划 row that areas.csv
    # still points to: keep those counties under a city named from pca-code.json.
    known = {c["code"] for c in cities}
    orphans = sorted(set(by_city) - known)
    if orphans:
        names = _city_names_from_pca(src)
        missing = [c for c in orphans if c not in names]
        if missing:
            raise SystemExit(f"areas.csv points to cities with no name anywhere: {missing}")
        cities += [{"code": c, "name": names[c], "provinceCode": c[:2]} for c in orphans]
        cities.sort(key=lambda c: c["code"])
        print(f"补充 cities.csv 中缺少的地级单位：{[(c, names[c]) for c in orphans]}")

    out = []
    for p in provinces:
        pcode = p["code"]
        children: list[dict] = []
        for c in cities:
            if c["provinceCode"] != pcode:
                continue
            counties = by_city.get(c["code"], [])
            if pcode in MUNICIPALITIES:
                if children:  # 重庆: 市辖区 + 县 → one city
                    children[0]["children"] += counties
                    continue
                children.append({"code": pcode + "01", "name": p["name"], "children": list(counties)})
            else:
                children.append({"code": c["code"], "name": c["name"], "children": counties})
        out.append({"code": pcode, "name": p["name"], "children": children})

    placed = sum(len(c["children"]) for p in out for c in p["children"])
    if placed != len(areas):
        raise SystemExit(f"only {placed} of {len(areas)} areas.csv rows found a province")

    sar = json.loads((src / "HK-MO-TW.json").read_text(encoding="utf-8"))
    for pname, cities_map in sar.items():
        pcode = SAR[pname]
        children = []
        for i, (cname, counties) in enumerate(cities_map.items(), 1):
            ccode = f"{pcode}{i:02d}"
            children.append({"code": ccode, "name": cname, "children": [
                {"code": f"{ccode}{j:02d}", "name": n} for j, n in enumerate(counties, 1)]})
        out.append({"code": pcode, "name": pname, "children": children})
    return out


def main(shared_data: str, out_dir: str | None = None) -> None:
    src = Path(shared_data)
    out = Path(out_dir) if out_dir else OUT
    check_gbt4754(src / "gbt4754-2017.csv")
    data = divisions(src / "admin-divisions")
    out.mkdir(parents=True, exist_ok=True)
    for name in ("gbt4754-2017.csv", "gbt4754-2017-manufacturing-divisions.csv"):
        shutil.copyfile(src / name, out / name)
    (out / "divisions.json").write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    shutil.copyfile(src / "admin-divisions" / "LICENSE.WTFPL", out / "divisions.LICENSE.WTFPL")
    n_city = sum(len(p["children"]) for p in data)
    n_county = sum(len(c["children"]) for p in data for c in p["children"])
    print(f"写入 {out}：{len(data)} 个省级单位，{n_city} 个地级单位，{n_county} 个县级单位")


if __name__ == "__main__":
    main(*(sys.argv[1:3] or ["../shared/data"]))

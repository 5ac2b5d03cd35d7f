"""Rebuild resources/data/ from the reference data in ../shared/data (run from the repo root).

    python tools/build_refdata.py ../shared/data

GB/T 4754-2017 is copied as CSV; the administrative divisions become one nested JSON shaped the way
the platform shows addresses: municipalities read 北京市 / 北京市 / 东城区 (the NBS "市辖区"/"县" city
level is renamed to the province and merged), and HK/MO/TW get synthetic codes 81/82/71.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "data"
MUNICIPALITIES = {"11", "12", "31", "50"}
SAR = {"香港特别行政区": "81", "澳门特别行政区": "82", "台湾省": "71"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def divisions(src: Path) -> list[dict]:
    provinces = _rows(src / "provinces.csv")
    cities = _rows(src / "cities.csv")
    areas = _rows(src / "areas.csv")
    by_city: dict[str, list[dict]] = {}
    for a in areas:
        by_city.setdefault(a["cityCode"], []).append({"code": a["code"], "name": a["name"]})
    out = []
    for p in provinces:
        pcode = p["code"]
        children = []
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


def main(shared_data: str) -> None:
    src = Path(shared_data)
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("gbt4754-2017.csv", "gbt4754-2017-manufacturing-divisions.csv"):
        shutil.copyfile(src / name, OUT / name)
    data = divisions(src / "admin-divisions")
    (OUT / "divisions.json").write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    shutil.copyfile(src / "admin-divisions" / "LICENSE.WTFPL", OUT / "divisions.LICENSE.WTFPL")
    print(f"写入 {OUT}：{len(data)} 个省级单位")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")

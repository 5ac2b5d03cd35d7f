"""Build the sample drafts in resources/samples/ (a fictional cable factory) through the core's
own editing commands, so the samples are exactly what a user typing the same figures would save.

Run: python tools/make_samples.py   (rewrites resources/samples/green-factory-{2024,2025}.json)
Like every saved draft, each sample carries its form definition under "definition" (document.dumps).
"""

from __future__ import annotations

from pathlib import Path

from greendesk import document, forms, storage
from greendesk.draft import new_draft
from greendesk.session import EditSession

OUT = Path(__file__).resolve().parent.parent / "resources" / "samples"

# Part 3 figures per year for the fictional 广东绿源示范电缆有限公司 (2021–2024).
SERIES: dict[str, dict[int, str]] = {
    "E0": {2021: "80150", 2022: "86520", 2023: "92310", 2024: "98760"},
    "E1": {2021: "3720", 2022: "3850", 2023: "3920", 2024: "3980"},
    "E2": {2021: "3690", 2022: "3810", 2023: "3880", 2024: "3945"},
    "E3": {2021: "230", 2022: "300", 2023: "420", 2024: "560"},
    "E7": {2021: "17350", 2022: "17200", 2023: "17000", 2024: "16650"},
    "W1": {2021: "131200", 2022: "128000", 2023: "124500", 2024: "119800"},
    "W4": {2021: "1790000", 2022: "1850000", 2023: "1910000", 2024: "1960000"},
    "S1": {2021: "2080", 2022: "2150", 2023: "2230", 2024: "2310"},
    "S2": {2021: "1990", 2022: "2080", 2023: "2190", 2024: "2285"},
    "S3": {2021: "0", 2022: "0", 2023: "0", 2024: "10"},
    "S5": {2021: "40.2", 2022: "38.5", 2023: "36.2", 2024: "34.8"},
    "S6": {2021: "40.2", 2022: "38.5", 2023: "36.2", 2024: "34.8"},
    "P1G": {2021: "43.5", 2022: "42.0", 2023: "40.5", 2024: "39.2"},
    "P1E": {2021: "7.1", 2022: "6.8", 2023: "6.5", 2024: "6.1"},
    "P2G": {2021: "3.7", 2022: "3.6", 2023: "3.4", 2024: "3.3"},
    "P2E": {2021: "0.55", 2022: "0.52", 2023: "0.49", 2024: "0.45"},
    "P3G": {2021: "1.3", 2022: "1.2", 2023: "1.1", 2024: "1.0"},
    "P3E": {2021: "0.37", 2022: "0.35", 2023: "0.32", 2024: "0.30"},
    "P4G": {2021: "3.9", 2022: "3.8", 2023: "3.6", 2024: "3.5"},
    "P4E": {2021: "3.0", 2022: "2.9", 2023: "2.8", 2024: "2.7"},
    "P5G": {2021: "19.0", 2022: "18.5", 2023: "17.9", 2024: "17.2"},
    "P5E": {2021: "2.0", 2022: "1.9", 2023: "1.8", 2024: "1.6"},
    "P6G": {2021: "13.0", 2022: "12.6", 2023: "12.1", 2024: "11.4"},
    "P6E": {2021: "4.0", 2022: "3.8", 2023: "3.5", 2024: "3.1"},
    "P8": {2021: "33.0", 2022: "35.2", 2023: "38.6", 2024: "41.0"},
    "G1": {2021: "20", 2022: "25", 2023: "33.3", 2024: "50"},
    "L1": {2021: "120000", 2022: "120000", 2023: "120000", 2024: "120000"},
    "L2": {2021: "96000", 2022: "96000", 2023: "96000", 2024: "102500"},
    "L3": {2021: "58800", 2022: "58800", 2023: "58800", 2024: "61200"},
}
COPPER_ROD = {  # 电工用铜线坯: 产量 (吨), 产品综合能耗 (吨标准煤)
    "output": {2021: "40100", 2022: "42000", 2023: "44500", 2024: "46800"},
    "consumption": {2021: "1240", 2022: "1260", 2023: "1290", 2024: "1310"},
}
NOTES = {
    "G1": "2024年新增两类电缆产品完成碳足迹核算（ISO 14067），占比由33.3%提高到50%。",
}

FIELDS = {
    "industry1": "3831",
    "industry2": "3240",
    "factory_name": "广东绿源示范电缆有限公司",
    "uscc": "9144011206Q8L2D5X8",
    "address.province": "44",
    "address.city": "4401",
    "address.county": "440112",
    "address.detail": "云埔工业区示范路8号",
    "industry_type": "电子电器",
    "main_products": "电力电缆、电气装备用电线电缆、电工用铜线坯",
    "contact_name": "李明",
    "contact_phone": "020-82213456",
    "contact_email": "green@lvyuan-cable.example.cn",
    "contact_mobile": "13800138000",
    "q1": "否", "q2": "否", "q3": "否", "q4": "否", "q5": "否", "q6": "否", "q7": "是",
}
HIGHLIGHTS = {
    2024: "1. 2023年建成屋顶分布式光伏4.2MW，年发电约450万kWh，全部自发自用。\n"
          "2. 拉丝工序余热回收改造，年节约天然气约18万立方米。\n"
          "3. 推行绿色供应链管理，主要铜材供应商100%签署绿色采购协议。",
    2025: "1. 屋顶分布式光伏扩建至6.8MW，2024年自发自用绿电约720万kWh，另购入绿证1200张，"
          "可再生能源使用比例提高到14.1%。\n"
          "2. 完成连续挤出生产线电机系统节能改造（IE4永磁电机），年节电约260万kWh。\n"
          "3. 冷却水闭式循环改造，工业用水重复利用率达到94.2%。\n"
          "4. 两类主要电缆产品完成碳足迹核算并取得第三方核查声明。",
}
SUGGESTIONS = {
    2024: "",
    2025: "建议平台提供上年度数据一键带入功能，并在导出的Excel中保留单位下拉选项。",
}


def build(form_id: str) -> None:
    definition = forms.get(form_id)
    draft = new_draft(definition)
    session = EditSession(definition, draft)
    edits: list[tuple[str, str | None]] = list((f"f:{k}", v) for k, v in FIELDS.items())
    edits.append(("f:highlights", HIGHLIGHTS[definition.report_year]))
    if SUGGESTIONS[definition.report_year]:
        edits.append(("f:suggestions", SUGGESTIONS[definition.report_year]))
    for rid, series in SERIES.items():
        for year in definition.years:
            edits.append((f"t:{rid}:{year}", series[year]))
    for rid, note in NOTES.items():
        edits.append((f"t:{rid}:note", note))
    edits += [
        ("p:E6:applicable", "是"),
        ("p:E6:0:name", "电工用铜线坯"),
        ("p:E6:0:standard", "GB 32046《电工用铜线坯单位产品能源消耗限额》"),
        ("p:E6:0:unit", "吨"),
        ("p:W3:applicable", "否"),
    ]
    for attr, series in COPPER_ROD.items():
        for year in definition.years:
            edits.append((f"p:E6:0:{attr}:{year}", series[year]))
    session.apply(edits, label="示例数据")
    report = session.verify()
    if not report.ok:
        raise SystemExit("\n".join(f.text for f in report.errors))
    for f in report.warnings:
        print(f"{form_id}: 警告 {f.code} {f.text}")
    path = OUT / f"{form_id}.json"
    # a shipped sample is rebuilt, not edited: no rolling backup beside it (it would be committed)
    storage.atomic_write_bytes(path, document.dumps(draft))
    print(f"{path.name}: {report.summary()}")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    build("green-factory-2024")
    build("green-factory-2025")

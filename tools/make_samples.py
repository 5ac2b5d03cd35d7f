"""Build the sample drafts in resources/samples/ through the core's own editing commands, so the
samples are exactly what a user typing the same figures would save: a fictional cable factory, a
fictional supply-chain enterprise (electronics) and a fictional industrial park, each for 2024 and 2025,
and the two 培育名单 (附件3 of 广州市 with enterprises of several 广东 cities, 附件4 of 佛山市's parks).

Run: python tools/make_samples.py [FORM_ID ...]   (rewrites resources/samples/<form id>.json for the
forms named, every form when none is)
Like every saved draft, each sample carries its form definition under "definition" (document.dumps).
"""

from __future__ import annotations

import sys
from pathlib import Path

from greendesk import document, forms, storage
from greendesk.draft import new_draft
from greendesk.session import EditSession

OUT = Path(__file__).resolve().parent.parent / "resources" / "samples"

# ================================================================ 绿色工厂
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


def factory_edits(report_year: int, years: list[int]) -> list[tuple[str, str | None]]:
    edits: list[tuple[str, str | None]] = [(f"f:{k}", v) for k, v in FIELDS.items()]
    edits.append(("f:highlights", HIGHLIGHTS[report_year]))
    if SUGGESTIONS[report_year]:
        edits.append(("f:suggestions", SUGGESTIONS[report_year]))
    edits += _series(SERIES, years)
    edits += [(f"t:{rid}:note", note) for rid, note in NOTES.items()]
    edits += [
        ("p:E6:applicable", "是"),
        ("p:E6:0:name", "电工用铜线坯"),
        ("p:E6:0:standard", "GB 32046《电工用铜线坯单位产品能源消耗限额》"),
        ("p:E6:0:unit", "吨"),
        ("p:W3:applicable", "否"),
    ]
    for attr, series in COPPER_ROD.items():
        edits += [(f"p:E6:0:{attr}:{y}", series[y]) for y in years]
    return edits


# ================================================================ 绿色供应链管理企业
# The fictional 深圳绿链示范电子有限公司, 链主 of a consumer-electronics supply chain.
GSC_FIELDS = {
    "industry1": "3982", "industry2": "3911",
    "enterprise_name": "深圳绿链示范电子有限公司",
    "uscc": "91440300MA5G8K2Q7T",
    "address.province": "44", "address.city": "4403", "address.county": "440306",
    "address.detail": "福永街道示范工业园3栋",
    "industry_type": "电子电器",
    "main_products": "印制电路板组件、便携式计算机整机",
    "contact_name": "陈晓", "contact_phone": "0755-27781234",
    "contact_email": "gsc@lvlian-demo.example.cn", "contact_mobile": "13900139000",
    "q1": "否", "q2": "否", "q3": "否", "q4": "否", "q5": "否", "q6": "否", "q7": "是",
}
GSC_SERIES: dict[str, dict[int, str]] = {
    "X26": {2021: "82.5", 2022: "85.0", 2023: "88.4", 2024: "90.2"},
    "X41": {2021: "6.5", 2022: "7.8", 2023: "9.1", 2024: "10.6"},
    "X42": {2021: "35.0", 2022: "41.2", 2023: "46.8", 2024: "52.3"},
    "E0": {2021: "412300", 2022: "438600", 2023: "451200", 2024: "476900"},
    "E1": {2021: "9850", 2022: "10120", 2023: "10230", 2024: "10410"},
    "E7": {2021: "41400", 2022: "42300", 2023: "42500", 2024: "42800"},
}
# 定性指标: “是” every year except where the practice started later (then “否” before it).
GSC_STARTED = {"X51": 2023, "X63": 2024, "X44": 2022}
GSC_NOTES = {
    "X11": "《2021—2025年发展规划》第五章“绿色供应链”。",
    "X12": "2023年起制定年度目标：低风险供应商占比≥90%，包装回收率≥50%。",
    "X13": "设绿色供应链管理委员会，办公室在采购部，专职3人。",
    "X21": "《绿色采购管理制度》（LL-CG-012）及有害物质管控清单。",
    "X22": "供应商准入要求ISO 14001、ISO 9001认证，并签署环保承诺书。",
    "X23": "每年对A类供应商现场审核，B/C类书面审核。",
    "X24": "季度绩效评估，环境绩效占20%权重。",
    "X25": "每年两次供应商大会及节能降碳专题培训。",
    "X31": "排污许可、能评、环评手续齐全，近三年无违规记录。",
    "X32": "产品符合《电器电子产品有害物质限制使用管理办法》及GB/T 26572。",
    "X43": "与第三方回收商联合建立笔记本电脑以旧换新回收体系。",
    "X44": "2022年起向维修商、回收商提供拆解手册。",
    "X51": "2023年上线绿色供应链管理平台，覆盖供应商准入、评估与回收数据。",
    "X61": "在年度ESG报告中披露能耗、碳排放与减排措施。",
    "X62": "在年度ESG报告中披露供应商审核率与低风险供应商占比。",
    "X63": "2024年起在ESG报告中披露主要供应商节能减排信息。",
    "X64": "每年发布社会责任（ESG）报告，含绿色采购章节。",
}
GSC_HIGHLIGHTS = {
    2024: "1. 建立供应商碳排放数据收集机制，覆盖前50家供应商。\n2. 包装物循环周转箱替代纸箱，包装回收率提高到46.8%。",
    2025: "1. 上线绿色供应链管理平台，供应商准入、评估与回收数据统一管理。\n"
          "2. 低风险供应商占比提高到90.2%。\n3. 笔记本电脑以旧换新回收，产品回收率达10.6%。",
}


def gsc_edits(report_year: int, years: list[int]) -> list[tuple[str, str | None]]:
    edits: list[tuple[str, str | None]] = [(f"f:{k}", v) for k, v in GSC_FIELDS.items()]
    edits.append(("f:highlights", GSC_HIGHLIGHTS[report_year]))
    edits += _series(GSC_SERIES, years)
    for rid, note in GSC_NOTES.items():
        start = GSC_STARTED.get(rid, 0)
        answers = [(f"t:{rid}:{y}", "是" if y >= start else "否") for y in years]
        edits += answers
        if any(v == "是" for _, v in answers):
            edits.append((f"t:{rid}:note", note))
    return edits


# ================================================================ 绿色工业园区
# The fictional 江苏昆山绿源示范经济开发区 (management committee: a 机关, code 11…).
PARK_FIELDS = {
    "industry1": "3982", "industry2": "3670", "industry3": "3841",
    "park_name": "江苏昆山绿源示范经济开发区",
    "park_level": "省级",
    "approving_authority": "江苏省人民政府",
    "approved_area": "12.6", "approved_area.unit": "平方公里",
    "management_body": "江苏昆山绿源示范经济开发区管理委员会",
    "uscc": "11320583014157863W",
    "address.province": "32", "address.city": "3205", "address.county": "320583",
    "address.detail": "示范大道1号",
    "leader_name": "王建国", "leader_title": "管委会主任",
    "contact_name": "周敏", "contact_phone": "0512-57701234",
    "contact_email": "green@ksly-park.example.cn", "contact_mobile": "13700137000",
    "q1": "否", "q2": "否", "q3": "否", "q4": "否", "q5": "否", "q6": "否", "q7": "否", "q8": "否",
    "q9": "是",
}
PARK_SERIES: dict[str, dict[int, str]] = {
    "PV": {2021: "3860000", 2022: "4020000", 2023: "4185000", 2024: "4390000"},
    "PE": {2021: "1012000", 2022: "1031000", 2023: "1046000", 2024: "1068000"},
    "PR": {2021: "82000", 2022: "98000", 2023: "121000", 2024: "146000"},
    "PC": {2021: "512000", 2022: "538000", 2023: "569000", 2024: "601000"},
    "PCO2": {2021: "2350000", 2022: "2368000", 2023: "2371000", 2024: "2382000"},
    "PW": {2021: "18600000", 2022: "18900000", 2023: "19050000", 2024: "19200000"},
    "PWR": {2021: "126000000", 2022: "132000000", 2023: "138000000", 2024: "145000000"},
    "PA": {2021: "11.8", 2022: "11.8", 2023: "12.1", 2024: "12.1"},
    "PS1": {2021: "286000", 2022: "291000", 2023: "295000", 2024: "301000"},
    "PS2": {2021: "276500", 2022: "282100", 2023: "287200", 2024: "294100"},
    "PS3": {2021: "0", 2022: "0", 2023: "0", 2024: "0"},
    "PWW": {2021: "9650000", 2022: "9720000", 2023: "9760000", 2024: "9810000"},
    "PP": {2021: "152000", 2022: "156000", 2023: "158500", 2024: "161000"},
    "RG5": {2021: "21.5", 2022: "23.0", 2023: "25.4", 2024: "27.8"},
    "RG6": {2021: "42.0", 2022: "45.5", 2023: "48.0", 2024: "51.2"},
    "RG8": {2021: "78.0", 2022: "80.5", 2023: "82.0", 2024: "84.5"},
    "IG2": {2021: "55.0", 2022: "62.0", 2023: "70.0", 2024: "78.0"},
    "IG3": {2021: "80.0", 2022: "85.0", 2023: "90.0", 2024: "100"},
    "IG4": {2021: "88.0", 2022: "90.0", 2023: "92.0", 2024: "95.0"},
    "IG5": {2021: "72.0", 2022: "80.0", 2023: "90.0", 2024: "100"},
    "CG1": {2021: "61.2", 2022: "62.5", 2023: "64.0", 2024: "65.3"},
    "CG2": {2021: "28.0", 2022: "30.5", 2023: "33.0", 2024: "35.2"},
    "CG4": {2021: "38.0", 2022: "39.0", 2023: "40.2", 2024: "41.5"},
    "HG1": {2021: "98.6", 2022: "98.9", 2023: "99.1", 2024: "99.3"},
    "HG2": {2021: "3.8", 2022: "3.2", 2023: "4.0", 2024: "4.2"},
    "HG4": {2021: "0.42", 2022: "0.38", 2023: "0.35", 2024: "0.31"},
    "HG5": {2021: "82.5", 2022: "83.8", 2023: "85.2", 2024: "86.0"},
    "HG6": {2021: "38.0", 2022: "38.5", 2023: "39.0", 2024: "39.6"},
    "HG7": {2021: "62.0", 2022: "65.0", 2023: "68.0", 2024: "70.0"},
    "HG8": {2021: "55.0", 2022: "58.0", 2023: "60.0", 2024: "63.0"},
}
PARK_QUALITATIVE = {
    "IG1": "区内建有2座污水集中处理厂，处理能力合计12万吨/日，企业废水全部纳管。",
    "MG1": "制定《绿色园区建设标准体系》，涵盖能源、资源、基础设施、产业、生态、管理6类共42项标准。",
    "MG2": "《江苏昆山绿源示范经济开发区绿色低碳发展规划（2021—2025年）》经管委会审议通过。",
    "MG3": "每年组织绿色低碳专题培训不少于4次，并开展节能宣传周、低碳日活动。",
}
PARK_HIGHLIGHTS = {
    2024: "1. 区内企业屋顶分布式光伏累计并网85MW。\n2. 建成工业固废集中收运与利用平台。",
    2025: "1. 区内屋顶分布式光伏累计并网120MW，可再生能源使用比例提高到13.7%。\n"
          "2. 建成再生水厂二期，中水回用率提高到27.8%。\n3. 新增国家级绿色工厂3家。",
}


def park_edits(report_year: int, years: list[int]) -> list[tuple[str, str | None]]:
    edits: list[tuple[str, str | None]] = [(f"f:{k}", v) for k, v in PARK_FIELDS.items()]
    edits.append(("f:highlights", PARK_HIGHLIGHTS[report_year]))
    edits += _series(PARK_SERIES, years)
    for rid, note in PARK_QUALITATIVE.items():
        edits += [(f"t:{rid}:{y}", "是") for y in years]
        edits.append((f"t:{rid}:note", note))
    return edits


def _series(series: dict[str, dict[int, str]], years: list[int]) -> list[tuple[str, str | None]]:
    return [(f"t:{rid}:{y}", values[y]) for rid, values in series.items() for y in years]


# ================================================================ 培育名单（附件3/4）
# Fictional enterprises ("示范" in every name) in real cities and counties of 广东省 (the platform's
# divisions), real GB/T 4754-2017 小类 codes with their names, the template's own choices.
FACTORY_LIST = [
    ("广州市", "广州绿源示范制药有限公司", "广州市南沙区黄阁镇", "民营", "2720 化学药品制剂制造", "市级绿色工厂", ""),
    ("广州市", "广州示范汽车零部件有限公司", "广州市番禺区石楼镇", "中外合资", "3670 汽车零部件及配件制造",
     "其他", "供应链"),
    ("佛山市", "佛山示范建筑陶瓷有限公司", "佛山市禅城区南庄镇", "民营", "3071 建筑陶瓷制品制造", "省级绿色工厂", ""),
    ("佛山市", "佛山示范家用电器制造有限公司", "佛山市顺德区北滘镇", "民营", "3851 家用制冷电器具制造",
     "市级绿色工厂", "供应链"),
    ("深圳市", "深圳示范电子电路科技有限公司", "深圳市宝安区福海街道", "外商独资", "3982 电子电路制造", "其他", ""),
    ("韶关市", "韶关示范特钢有限公司", "韶关市曲江区马坝镇", "国有", "3120 炼钢", "省级绿色工厂", ""),
    ("江门市", "江门示范纸业有限公司", "江门市新会区崖门镇", "港澳台企", "2221 机制纸及纸板制造", "其他", ""),
    ("湛江市", "湛江示范淀粉制品有限公司", "湛江市麻章区湖光镇", "国有", "1391 淀粉及淀粉制品制造", "其他", ""),
]
FACTORY_COLUMNS = ("city", "name", "address", "ownership", "industry", "status", "remark")

PARK_LIST = [
    ("佛山南海示范产业园", "佛山市南海区狮山镇", "2006/03", "广东省人民政府", "1200.5", "省产业园",
     "装备制造、新材料", ""),
    ("佛山顺德示范经济开发区", "佛山市顺德区大良街道", "1993/06", "广东省人民政府", "860", "经开区",
     "家用电器、机器人", ""),
    ("佛山三水示范高新技术产业园", "佛山市三水区西南街道", "2012/09", "广东省科学技术厅", "650", "高新区",
     "食品饮料、新材料", ""),
    ("佛山高明示范产业园", "佛山市高明区荷城街道", "2015/12", "佛山市人民政府", "420.75", "其他",
     "金属制品、纺织服装", "市级园区"),
    ("佛山南海示范综合保税区", "佛山市南海区桂城街道", "2022/01", "国务院", "101.5", "海关特殊监管区",
     "保税加工、保税物流", ""),
]
PARK_COLUMNS = ("name", "address", "established", "approver", "area", "park_type", "industries", "remark")


def _list_edits(city: str, rows: list[tuple[str, ...]], columns: tuple[str, ...]) -> list[tuple[str, str | None]]:
    edits: list[tuple[str, str | None]] = [("f:city", city)]
    for n, row in enumerate(rows, 1):
        edits += [(f"r:list.{n}.{cid}", value) for cid, value in zip(columns, row, strict=True) if value]
    return edits


def factory_list_edits(report_year: int, years: list[int]) -> list[tuple[str, str | None]]:
    return _list_edits("广州市", FACTORY_LIST, FACTORY_COLUMNS)


def park_list_edits(report_year: int, years: list[int]) -> list[tuple[str, str | None]]:
    return _list_edits("佛山市", PARK_LIST, PARK_COLUMNS)


EDITS = {"green-factory": factory_edits, "green-supply-chain": gsc_edits, "green-park": park_edits,
         "cultivation-factory": factory_list_edits, "cultivation-park": park_list_edits}


def build(form_id: str) -> None:
    definition = forms.get(form_id)
    draft = new_draft(definition)
    session = EditSession(definition, draft)
    session.apply(EDITS[definition.kind](definition.report_year, definition.years), label="示例数据")
    report = session.verify()
    if not report.ok:
        raise SystemExit("\n".join(f"{form_id}: {f.cell} {f.text}" for f in report.errors))
    for f in report.warnings:
        print(f"{form_id}: 警告 {f.code} {f.text}")
    path = OUT / f"{form_id}.json"
    # a shipped sample is rebuilt, not edited: no rolling backup beside it (it would be committed)
    storage.atomic_write_bytes(path, document.dumps(draft))
    print(f"{path.name}: {report.summary()}")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for form_id in sys.argv[1:] or [d.id for d in forms.available()]:
        build(form_id)

"""平台录入助手 (core): the sample's filled values in the platform page's order, and progress that
survives closing the program and notices values changed since they were entered."""

from __future__ import annotations

from greendesk.platform_entry import EntryProgress, entry_steps
from greendesk.session import EditSession


def test_order_follows_the_platform_page(def2025, sample2025):
    steps = entry_steps(def2025, sample2025)
    keys = [s.key for s in steps]
    # 主营行业 first, then 基本信息, 合规性信息, Part 3, 亮点工作, 意见和建议 (the manual's order)
    assert keys[:3] == ["f:industry1", "f:industry2", "f:factory_name"]
    assert keys.index("f:q7") < keys.index("t:E0:2022") < keys.index("f:highlights")
    assert keys[-1] == "f:suggestions"
    # Part 3: the rows of the manual in its order, years left to right, the unit picked first
    e = [k for k in keys if k.startswith(("t:E0", "t:E1", "t:E2", "t:E3"))]
    assert e == ["t:E0:2022", "t:E0:2023", "t:E0:2024", "t:E1:unit", "t:E1:2022", "t:E1:2023",
                 "t:E1:2024", "t:E2:unit", "t:E2:2022", "t:E2:2023", "t:E2:2024",
                 "t:E3:2022", "t:E3:2023", "t:E3:2024"]


def test_values_are_exactly_what_was_typed_with_their_unit(def2025, sample2025):
    by_key = {s.key: s for s in entry_steps(def2025, sample2025)}
    e0 = by_key["t:E0:2022"]  # the sample's 工业总产值 2022: 86520 万元
    assert (e0.value, e0.unit, e0.year, e0.label, e0.kind) == ("86520", "万元", 2022, "工业总产值", "value")
    assert e0.where == "三、持续改进情况 › 1、能源低碳化 · 能源消费情况 › 工业总产值 › 2022年指标值"
    assert by_key["t:P2E:2024"].value == "0.45" and by_key["t:P2E:2024"].unit == "吨"
    assert by_key["t:P5E:2024"].value == "1.6"  # typed "1.6", not "1.60"
    assert by_key["f:industry1"].value == "C3831 电线、电缆制造"
    assert by_key["f:address.province"].value == "广东省 广州市 黄埔区"
    assert by_key["f:address.detail"].value == "云埔工业区示范路8号"
    assert by_key["p:E6:0:standard"].value == "GB 32046《电工用铜线坯单位产品能源消耗限额》"
    assert by_key["p:E6:0:output:2024"].value == "46800" and by_key["p:E6:0:output:2024"].unit == "吨"
    assert by_key["p:W3:applicable"].value == "否"
    assert by_key["t:G1:note"].kind == "note"


def test_blank_values_are_not_steps_and_computed_ones_are_checks(def2025, sample2025):
    EditSession(def2025, sample2025).apply([("t:E3:2022", ""), ("f:industry2", "")])
    steps = entry_steps(def2025, sample2025)
    keys = {s.key for s in steps}
    assert "t:E3:2022" not in keys and "f:industry2" not in keys and "f:industry3" not in keys
    e4 = next(s for s in steps if s.key == "t:E4:2024")
    assert e4.kind == "check" and e4.unit == "吨标准煤/万元"
    assert e4.value == "0.0403"  # 3980 ÷ 98760 = 0.04030 (4 decimals)
    assert not [s for s in entry_steps(def2025, sample2025, include_checks=False) if s.kind == "check"]


def test_progress_resumes_and_forgets_changed_values(tmp_path, def2025, sample2025):
    steps = entry_steps(def2025, sample2025)
    path = tmp_path / "progress.json"
    p = EntryProgress(path)
    for s in steps[:5]:
        p.mark(s)
    p.position = 5
    p.save()
    again = EntryProgress.load(path)
    assert again.count_done(steps) == 5 and again.position == 5
    assert again.next_open(steps) == 5
    # the value of a marked step changes in the draft: it is to be typed again
    EditSession(def2025, sample2025).apply([("f:factory_name", "广东绿源示范电缆股份有限公司")])
    steps2 = entry_steps(def2025, sample2025)
    assert again.count_done(steps2) == 4
    assert again.next_open(steps2) == [s.key for s in steps2].index("f:factory_name")


def test_progress_for_a_document_lives_in_user_data(def2025, sample2025):
    steps = entry_steps(def2025, sample2025)
    p = EntryProgress.for_document("abc123")
    p.mark(steps[0])
    p.save()
    assert EntryProgress.for_document("abc123").is_done(steps[0])
    assert not EntryProgress.for_document("other").is_done(steps[0])


def test_damaged_progress_file_starts_again(tmp_path, def2025, sample2025):
    path = tmp_path / "p.json"
    path.write_text("{not json", encoding="utf-8")
    p = EntryProgress.load(path)
    assert p.done == {} and p.position == 0
    p.mark(entry_steps(def2025, sample2025)[0])
    p.save()  # overwrites the damaged file
    assert len(EntryProgress.load(path).done) == 1

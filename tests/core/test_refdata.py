"""Reference pick lists: GB/T 4754-2017 counts and labels, administrative divisions as the platform shows them."""

from __future__ import annotations

from collections import Counter

from greendesk import refdata


def test_industry_counts_match_the_standard():
    levels = Counter(i.level for i in refdata.industries().values())
    assert levels == {"门类": 20, "大类": 97, "中类": 473, "小类": 1381}
    manu = [i for i in refdata.industries().values() if refdata.section_of(i.code) == "C"]
    assert Counter(i.level for i in manu) == {"门类": 1, "大类": 31, "中类": 179, "小类": 610}
    assert len(refdata.small_classes(manufacturing_only=True)) == 610


def test_labels_and_lookup_forms():
    assert refdata.industry_label("3831") == "C3831 电线、电缆制造"
    assert refdata.industry("C3831 电线、电缆制造").code == "3831"
    assert refdata.industry("9999") is None
    assert refdata.division_of("3831").name == "电气机械和器材制造业"
    assert refdata.platform_industry_guess("3110") == "钢铁"


def test_search_by_code_prefix_then_name():
    assert [i.code for i in refdata.search_industries("C383")][:2] == ["3831", "3832"]
    assert refdata.search_industries("电线、电缆")[0].code == "3831"
    assert all(i.level == "小类" for i in refdata.search_industries("制造", limit=100))


def test_municipalities_read_like_the_platform():
    assert [c.name for c in refdata.cities("11")] == ["北京市"]
    assert refdata.region_label("11", "1101", "110101") == "北京市 北京市 东城区"
    chongqing = refdata.cities("50")
    assert len(chongqing) == 1 and len(refdata.counties(chongqing[0].code)) > 30


def test_provinces_cities_counties_and_validity():
    assert {"北京市", "广东省", "香港特别行政区", "台湾省"} <= {p.name for p in refdata.provinces()}
    assert "南山区" in [a.name for a in refdata.counties("4403")]
    assert refdata.is_valid_region("44", "4401", "440112")
    assert not refdata.is_valid_region("44", "4403", "440112")  # 黄埔区 is not in 深圳市
    assert not refdata.is_valid_region("44", "4401", "")
    assert not refdata.is_valid_region("99", "9901", "990101")

"""Reference pick lists: GB/T 4754-2017 counts and labels, administrative divisions as the platform shows them."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from greendesk import refdata


def test_core_module_does_not_pull_in_qt():
    code = ("import sys, greendesk.refdata as r; r.industries(); r.provinces(); "
            "print([m for m in sys.modules if m.startswith(('PySide', 'PyQt', 'shiboken'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- industries


def test_industry_counts_match_the_standard():
    levels = Counter(i.level for i in refdata.industries().values())
    assert levels == {"门类": 20, "大类": 97, "中类": 473, "小类": 1381}
    manu = [i for i in refdata.industries().values() if refdata.section_of(i.code) == "C"]
    assert Counter(i.level for i in manu) == {"门类": 1, "大类": 31, "中类": 179, "小类": 610}
    assert len(refdata.small_classes()) == 1381
    assert len(refdata.small_classes(manufacturing_only=True)) == 610
    assert all(13 <= int(i.code[:2]) <= 43 for i in refdata.small_classes(manufacturing_only=True))


def test_small_classes_cannot_be_mutated_through_the_cache():
    refdata.small_classes().clear()
    assert len(refdata.small_classes()) == 1381


@pytest.mark.parametrize("code", ["3831", "C3831", " 3831 ", "c3831", "C3831 电线、电缆制造"])
def test_lookup_accepts_the_forms_users_type(code):
    ind = refdata.industry(code)
    assert ind is not None and (ind.code, ind.level, ind.parent) == ("3831", "小类", "383")


@pytest.mark.parametrize("code", ["", "9999", "38311", "A3831", "3831电线", "电线", "Z"])
def test_unknown_or_contradictory_codes_return_none(code):
    assert refdata.industry(code) is None


def test_labels_and_hierarchy():
    assert refdata.industry_label("3831") == "C3831 电线、电缆制造"
    assert refdata.industry_label("C3831") == "C3831 电线、电缆制造"
    assert refdata.industry_label("0111") == "A0111 稻谷种植"
    assert refdata.industry_label("38") == "C38 电气机械和器材制造业"
    assert refdata.industry_label("9999") == "9999"  # unknown: shown as typed
    assert refdata.section_of("3831") == "C"
    assert refdata.division_of("3831") == refdata.industry("38")
    assert refdata.division_of("3831").name == "电气机械和器材制造业"
    assert refdata.division_of("C") is None
    assert refdata.division_of("9999") is None
    assert refdata.is_manufacturing("3831") and not refdata.is_manufacturing("0111")
    assert len(refdata.small_class_labels()) == 1381
    assert "C3831 电线、电缆制造" in refdata.small_class_labels()


def test_platform_industry_guess():
    assert refdata.platform_industry_guess("3110") == "钢铁"
    assert refdata.platform_industry_guess("C3831") == "电子电器"
    assert refdata.platform_industry_guess("0111") is None  # not manufacturing
    assert refdata.platform_industry_guess("9999") is None
    allowed = {"钢铁", "建材", "石化", "有色", "电子电器", "机械", "轻工", "纺织", "其它"}
    assert {refdata.platform_industry_guess(f"{d}") for d in range(13, 44)} <= allowed


def test_search_by_code_prefix_with_or_without_letter():
    assert [i.code for i in refdata.search_industries("C383")] == [
        "3831", "3832", "3833", "3834", "3839"]
    assert [i.code for i in refdata.search_industries("383")][:1] == ["3831"]
    assert [i.code for i in refdata.search_industries("A383")] == []  # 383x are in 门类 C
    assert len(refdata.search_industries("C", limit=1000)) == 610
    assert len(refdata.search_industries("38", limit=3)) == 3


def test_search_by_name_fragment_small_classes_only():
    assert [i.code for i in refdata.search_industries("电线、电缆")] == ["3831"]
    hits = refdata.search_industries("钢", limit=100)
    assert "3120" in {i.code for i in hits}
    assert all(i.level == "小类" for i in refdata.search_industries("制造", limit=2000))
    assert all("电" in i.name and "制造" in i.name for i in refdata.search_industries("电 制造"))
    assert refdata.search_industries("没有这种行业") == []
    assert len(refdata.search_industries("")) == 50


def test_search_puts_code_prefix_matches_before_name_matches():
    codes = [i.code for i in refdata.search_industries("13 电", limit=100)]
    prefix = [c for c in codes if c.startswith("13")]
    assert prefix and codes[: len(prefix)] == prefix and len(codes) > len(prefix)


# ---------------------------------------------------------------- divisions


def test_municipalities_read_like_the_platform():
    for prov, name in (("11", "北京市"), ("12", "天津市"), ("31", "上海市"), ("50", "重庆市")):
        assert [c.name for c in refdata.cities(prov)] == [name]
    assert refdata.cities("11") == [refdata.Division("1101", "北京市")]
    assert refdata.counties("1101")[0] == refdata.Division("110101", "东城区")
    assert refdata.region_label("11", "1101", "110101") == "北京市 北京市 东城区"


def test_chongqing_districts_and_counties_under_one_city():
    (city,) = refdata.cities("50")
    assert (city.code, city.name) == ("5001", "重庆市")
    names = {a.name for a in refdata.counties("5001")}
    assert {"渝中区", "城口县", "石柱土家族自治县"} <= names  # former 市辖区 and 县
    assert len(names) == 38
    assert refdata.is_valid_region("50", "5001", "500229")
    assert refdata.region_label("50", "5001", "500229") == "重庆市 重庆市 城口县"
    assert refdata.division_name("5002") is None  # the NBS 县 level is gone


def test_provinces_cities_counties():
    provs = refdata.provinces()
    assert len(provs) == 34 and len({p.code for p in provs}) == 34
    assert {"北京市", "广东省", "香港特别行政区", "澳门特别行政区", "台湾省"} <= {p.name for p in provs}
    shenzhen = next(c for c in refdata.cities("44") if c.name == "深圳市")
    assert shenzhen.code == "4403"
    assert "南山区" in [a.name for a in refdata.counties("4403")]
    assert refdata.division_name("440305") == "南山区"
    assert refdata.division_name("44") == "广东省"
    assert refdata.division_name("999999") is None
    assert refdata.cities("99") == [] and refdata.counties("9999") == []


def test_directly_administered_counties_and_countyless_cities_are_kept():
    assert refdata.division_name("4190") == "省直辖县级行政区划"
    assert refdata.counties("4190") == [refdata.Division("419001", "济源市")]
    assert refdata.counties("4419") == [refdata.Division("441900", "东莞市")]
    assert refdata.is_valid_region("44", "4419", "441900")


def test_hong_kong_macao_taiwan_have_synthetic_codes():
    assert refdata.division_name("81") == "香港特别行政区"
    assert refdata.division_name("82") == "澳门特别行政区"
    assert refdata.division_name("71") == "台湾省"
    assert [c.name for c in refdata.cities("81")] == ["香港岛", "九龙", "新界"]
    assert refdata.region_label("81", "8101", "810101") == "香港特别行政区 香港岛 中西区"
    assert refdata.is_valid_region("81", "8101", "810101")


def test_is_valid_region():
    assert refdata.is_valid_region("44", "4401", "440112")
    assert refdata.is_valid_region("11", "1101", "110101")
    assert not refdata.is_valid_region("44", "4403", "440112")  # 黄埔区 is not in 深圳市
    assert not refdata.is_valid_region("44", "4401", "")  # 广州市 has counties
    assert not refdata.is_valid_region("45", "4401", "440112")  # city of another province
    assert not refdata.is_valid_region("11", "1102", "110101")  # no NBS 市辖区 codes besides 1101
    assert not refdata.is_valid_region("99", "9901", "990101")
    assert not refdata.is_valid_region("", "", "")


def test_region_label_keeps_unknown_codes_visible():
    assert refdata.region_label("44", "4403", "") == "广东省 深圳市"
    assert refdata.region_label("44", "4403", "999999") == "广东省 深圳市 999999"


def test_pick_list_labels_are_the_labels_shown_everywhere_else():
    """The pickers' fast label list must say exactly what industry_label says for each code."""
    assert refdata.small_class_labels() == tuple(refdata.industry_label(i.code)
                                                 for i in refdata.small_classes())


# ---------------------------------------------------------------- division names in a text


@pytest.mark.parametrize(("text", "names"), [
    # 城区 (a county of 阳泉市, 晋城市 and 汕尾市) lies inside 禅城区 and 清城区
    ("广东省佛山市禅城区南庄镇", ["广东省", "佛山市", "禅城区"]),
    ("清远市清城区", ["清远市", "清城区"]),
    ("行唐县", ["行唐县"]),  # not 唐县 (保定市)
    ("中卫市沙坡头区", ["中卫市", "沙坡头区"]),  # not 坡头区 (湛江市)
    ("汕头市潮南区", ["汕头市", "潮南区"]),  # not 南区 (台中市, 台南市, 香港岛)
    ("吉林省吉林市船营区", ["吉林省", "吉林市", "船营区"]),  # 吉林省 is not the city 吉林
    ("大连市中山区", ["大连市", "中山区"]),  # not the city 中山
])
def test_places_in_reads_the_longest_name_at_each_place(text, names):
    assert [p.name for p in refdata.places_in(text)] == names


def test_places_in_reads_a_city_with_its_own_county_as_a_pair():
    """divisions.json: 城区 is 140302 (阳泉市 1403), 140502 (晋城市 1405) and 441502 (汕尾市 4415)."""
    (alone,) = refdata.places_in("城区")
    assert alone.county_of == {"1403", "1405", "4415"} and alone.cities == frozenset()
    city, county = refdata.places_in("汕尾市城区")
    assert (city.name, city.cities, city.start, city.end) == ("汕尾市", {"4415"}, 0, 3)
    assert (county.name, county.county_of, county.start, county.end) == ("城区", {"4415"}, 3, 5)
    (dongguan,) = refdata.places_in("东莞市长安镇")  # 441900 东莞市: a city that is its own county
    assert dongguan.cities == {"4419"} and dongguan.county_of == {"4419"}

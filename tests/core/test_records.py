"""Lists of records (培育名单, 附件3/4): each bad cell is an error naming its row and column.

Expected texts are written from the notice's templates (附件3/4) and GB/T 4754-2017, not from the
code under test.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from greendesk import forms, records
from greendesk.definition import DefinitionError, parse_definition
from greendesk.draft import new_draft
from greendesk.rules import validate

FORMS = Path(__file__).resolve().parents[2] / "resources" / "forms"
GOOD_FACTORY = {"city": "广州市", "name": "广州市绿源制药有限公司", "address": "广州市南沙区",
                "ownership": "民营", "industry": "2720 化学药品制剂制造", "status": "市级绿色工厂"}
GOOD_PARK = {"name": "广州南沙经济技术开发区", "address": "广州市南沙区", "established": "1993/05",
             "approver": "国务院", "area": "2760", "park_type": "经开区", "industries": "汽车、装备制造"}


@pytest.fixture(scope="module")
def factory():
    return forms.get("cultivation-factory-2025")


@pytest.fixture(scope="module")
def park():
    return forms.get("cultivation-park-2025")


def _texts(definition, draft) -> list[str]:
    return [f.text for f in validate(definition, draft).errors]


def test_heads_are_the_notices(factory, park):
    assert [c.label for c in factory.record_parts[0].records.columns] == [
        "地市", "企业名称", "所在地址（写到县/区镇）", "企业类型（国有、民营、中外合资、外商独资、港澳台企）",
        "所属行业（4位国民经济行业分类代码+名称）", "绿色制造现状（省级绿色工厂、市级绿色工厂、其他）", "备注"]
    assert [c.label for c in park.record_parts[0].records.columns] == [
        "园区名称", "园区地址（写到县/区镇）", "园区设立时间（年/月）", "批准设立机构", "核准面积（公顷）",
        "园区类型", "主导产业", "备注"]


def test_a_good_list_has_no_errors(factory, park):
    d = new_draft(factory)
    d.fields["city"] = "广州市"
    d.records["list"] = [GOOD_FACTORY, {}, dict(GOOD_FACTORY, industry="C2720")]  # empty row ignored
    assert _texts(factory, d) == []
    p = new_draft(park)
    p.fields["city"] = "广州"
    p.records["list"] = [GOOD_PARK]
    assert _texts(park, p) == []


def test_bad_cells_name_row_and_column(factory):
    d = new_draft(factory)
    d.fields["city"] = "广州市"
    d.records["list"] = [GOOD_FACTORY, GOOD_FACTORY,
                         dict(GOOD_FACTORY, city="火星市", ownership="私营", industry="2799 乱写",
                              status="国家级绿色工厂", address="广州市")]
    assert _texts(factory, d) == [
        "第3行「地市」：「火星市」不是地级市名称",
        "第3行「所在地址」：「广州市」没有写到县/区（如“广州市南沙区”）",
        "第3行「企业类型」：「私营」不在可选项中（可选：国有、民营、中外合资、外商独资、港澳台企）",
        "第3行「所属行业」：「2799」不是GB/T 4754-2017的四位小类代码",
        "第3行「绿色制造现状」：「国家级绿色工厂」不在可选项中（可选：省级绿色工厂、市级绿色工厂、其他）",
    ]
    assert validate(factory, d).errors[0].cell == "r:list.3.city"


def test_industry_name_must_match_its_code(factory):
    d = new_draft(factory)
    d.fields["city"] = "广州市"
    d.records["list"] = [dict(GOOD_FACTORY, industry="2720 电线电缆制造")]
    assert _texts(factory, d) == ["第1行「所属行业」：代码 2720 的名称应为“化学药品制剂制造”，现为“电线电缆制造”"]


def test_missing_required_and_bad_park_values(park):
    d = new_draft(park)
    d.fields["city"] = "广州市"
    d.records["list"] = [dict(GOOD_PARK, established="2023/13", area="-5", approver=""),
                         dict(GOOD_PARK, established="2023年5月", area="0")]
    assert _texts(park, d) == [
        "第1行「园区设立时间」：「2023/13」的月份 13 不存在",
        "第1行「批准设立机构」：未填写",
        "第1行「核准面积」：应大于 0，现为 -5",
        "第2行「核准面积」：应大于 0，现为 0",
    ]


def test_title_city_must_be_a_city(factory):
    d = new_draft(factory)
    assert _texts(factory, d) == ["「地市（标题中的____市）」未填写。"]
    d.fields["city"] = "南沙区"
    assert _texts(factory, d) == ["「地市（标题中的____市）」：「南沙区」不是地级市名称"]


def test_no_records_means_draft_and_fingerprint_unchanged(def2025):
    d = new_draft(def2025)
    assert "records" not in d.model_dump_json(exclude={"definition"})
    assert "records" not in str(def2025.canonical)
    assert "records" not in d.content()


def test_records_count_in_the_fingerprint(factory):
    d = new_draft(factory)
    before = d.fingerprint()
    d.records["list"] = [GOOD_FACTORY]
    assert d.fingerprint() != before
    assert '"records"' in d.model_dump_json()


def test_records_definition_problems_are_named():
    data = {"id": "x", "kind": "cultivation-park", "version": "1", "title": "t", "report_year": 2025,
            "years": [2025], "pledge": "", "signature_labels": [],
            "parts": [{"id": "p", "title": "t", "short_title": "t",
                       "records": {"title": "t", "city_field": "nope",
                                   "columns": [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]}}]}
    from greendesk.definition import DefinitionError

    with pytest.raises(DefinitionError) as exc:
        parse_definition(data)
    assert "名单列 id 重复" in exc.value.message and "city_field「nope」" in exc.value.message


def test_factory_address_lies_in_the_rows_own_city(factory):
    """附件3 has a 地市 column: the county must be one of that city (南沙区 is 广州's, 福田区 深圳's)."""
    d = new_draft(factory)
    d.fields["city"] = "广州市"
    d.records["list"] = [dict(GOOD_FACTORY, city="深圳市", address="深圳市福田区"),  # its own city: fine
                         dict(GOOD_FACTORY, city="深圳市", address="南沙区黄阁镇"),
                         dict(GOOD_FACTORY, city="深圳", address="福田区")]
    assert _texts(factory, d) == ["第2行「所在地址」：「南沙区黄阁镇」中的南沙区属于广州市，不属于深圳市"]


def test_park_address_lies_in_the_lists_city(park):
    """附件4 has no 地市 column: the city of the title (____市) is every park's city."""
    d = new_draft(park)
    d.fields["city"] = "深圳市"
    d.records["list"] = [dict(GOOD_PARK, address="福田区"), dict(GOOD_PARK, address="南沙区")]
    assert _texts(park, d) == ["第2行「所在地址」：「南沙区」中的南沙区属于广州市，不属于深圳市"
                               .replace("所在地址", "园区地址")]


@pytest.mark.parametrize(("address", "city", "expected"), [
    # a shorter county name inside a longer one does not decide (divisions.json, nested names)
    ("佛山市禅城区南庄镇", "汕尾市", "「佛山市禅城区南庄镇」中的禅城区属于佛山市，不属于汕尾市"),  # 城区 ⊂ 禅城区
    ("佛山市禅城区南庄镇", "深圳市", "「佛山市禅城区南庄镇」中的禅城区属于佛山市，不属于深圳市"),
    ("清远市清城区", "汕尾市", "「清远市清城区」中的清城区属于清远市，不属于汕尾市"),  # 城区 ⊂ 清城区
    ("海丰县梅陇镇", "徐州市", "「海丰县梅陇镇」中的海丰县属于汕尾市，不属于徐州市"),  # 丰县 ⊂ 海丰县
    ("广宁县", "庆阳市", "「广宁县」中的广宁县属于肇庆市，不属于庆阳市"),  # 宁县 ⊂ 广宁县
    ("潮南区", "台南市", "「潮南区」中的潮南区属于汕头市，不属于台南市"),  # 南区 ⊂ 潮南区
    ("行唐县", "保定市", "「行唐县」中的行唐县属于石家庄市，不属于保定市"),  # 唐县 ⊂ 行唐县
    ("峰峰矿区", "阳泉市", "「峰峰矿区」中的峰峰矿区属于邯郸市，不属于阳泉市"),  # 矿区 ⊂ 峰峰矿区
    ("中卫市沙坡头区", "湛江市", "「中卫市沙坡头区」中的沙坡头区属于中卫市，不属于湛江市"),  # 坡头区 ⊂ 沙坡头区
    # a city written with one of its counties: the county is that city's (汕尾市城区, not 阳泉's)
    ("汕尾市城区", "深圳市", "「汕尾市城区」中的城区属于汕尾市，不属于深圳市"),
    ("清远市城区", "清远市", "「清远市城区」中的城区属于晋城市、汕尾市、阳泉市，不属于清远市"),
    # the longer name in its own city, and the short name where it is the county: fine
    ("汕尾市城区", "汕尾市", None),
    ("城区新港街道", "汕尾市", None),
    ("佛山禅城区", "佛山市", None),
    ("海丰县", "汕尾市", None),
    ("行唐县", "石家庄市", None),
    ("大连市中山区", "大连市", None),
    ("吉林省吉林市船营区", "吉林市", None),
    ("东莞市长安镇", "东莞市", None),
])
def test_address_reads_the_longest_county_name(address, city, expected):
    assert records.address_problem(address, city) == expected


def test_address_in_another_city_is_named_in_the_list(factory):
    """QA's list: 地市 汕尾市, addresses in 佛山市禅城区 and 清远市清城区 (城区 is also 汕尾's)."""
    d = new_draft(factory)
    d.fields["city"] = "汕尾市"
    d.records["list"] = [dict(GOOD_FACTORY, city="汕尾市", address="佛山市禅城区南庄镇"),
                         dict(GOOD_FACTORY, city="汕尾市", address="清远市清城区"),
                         dict(GOOD_FACTORY, city="汕尾市", address="汕尾市城区")]
    assert _texts(factory, d) == ["第1行「所在地址」：「佛山市禅城区南庄镇」中的禅城区属于佛山市，不属于汕尾市",
                                  "第2行「所在地址」：「清远市清城区」中的清城区属于清远市，不属于汕尾市"]


# the notice is 广东省's; its 附件1 counts these 地市 (序号 2, left out of the printed table, is 深圳市)
GUANGDONG = ["广州市", "深圳市", "珠海市", "汕头市", "佛山市", "韶关市", "河源市", "梅州市", "惠州市", "汕尾市",
             "东莞市", "中山市", "江门市", "阳江市", "湛江市", "茂名市", "肇庆市", "清远市", "潮州市", "揭阳市",
             "云浮市"]


def test_lists_go_back_to_guangdong(factory, park):
    assert factory.record_parts[0].records.province == "广东省"
    assert park.record_parts[0].records.province == "广东省"
    assert sorted(records.city_choices("广东省")) == sorted(GUANGDONG)


def test_every_city_of_the_notice_is_accepted(factory):
    for city in GUANGDONG:
        d = new_draft(factory)
        d.fields["city"] = city
        d.records["list"] = [dict(GOOD_FACTORY, city=city, address="广州市南沙区")]
        found = _texts(factory, d)
        assert found == ([] if city == "广州市" else
                         [f"第1行「所在地址」：「广州市南沙区」中的南沙区属于广州市，不属于{city}"]), city


def test_a_city_outside_the_notices_province_is_an_error(factory, park):
    """QA's lists: title and 地市 杭州市 (address 杭州市西湖区), a row with 地市 北京 (北京市东城区)."""
    d = new_draft(factory)
    d.fields["city"] = "杭州市"
    d.records["list"] = [dict(GOOD_FACTORY, city="杭州市", address="杭州市西湖区"),
                         dict(GOOD_FACTORY, city="北京", address="北京市东城区"),
                         dict(GOOD_FACTORY, city="汕尾", address="汕尾市城区")]
    errors = validate(factory, d).errors
    assert [f.text for f in errors] == ["「地市（标题中的____市）」：「杭州市」不是广东省的地市",
                                        "第1行「地市」：「杭州市」不是广东省的地市",
                                        "第2行「地市」：「北京」不是广东省的地市"]
    assert [f.cell for f in errors] == ["r:list.0.city", "r:list.1.city", "r:list.2.city"]
    p = new_draft(park)
    p.fields["city"] = "杭州"
    p.records["list"] = [dict(GOOD_PARK, address="杭州市西湖区")]
    assert _texts(park, p) == ["「地市（标题中的_____市）」：「杭州」不是广东省的地市"]


def test_a_definitions_province_must_be_a_province():
    data = tomllib.loads((FORMS / "cultivation-park-2025.toml").read_text(encoding="utf-8"))
    data["parts"][0]["records"]["province"] = "广东"
    with pytest.raises(DefinitionError) as exc:
        parse_definition(data)
    assert "部分「list」的 province「广东」不是省级行政区名称（如“广东省”）" in exc.value.message
    del data["parts"][0]["records"]["province"]  # no province: any city of the country
    assert parse_definition(data).record_parts[0].records.province is None
    assert "杭州市" in records.city_choices(None) and "北京市" in records.city_choices(None)


def test_list_cells_are_checked_like_every_text(factory):
    """V20 (内容过长) and V23 cover a list's cells too, naming row and column (not V40 twice)."""
    d = new_draft(factory)
    d.fields["city"] = "广州市"
    d.records["list"] = [GOOD_FACTORY, dict(GOOD_FACTORY, name="广" * 101, remark="见附件\u202e说明")]
    found = {f.code: f for f in validate(factory, d).errors}
    assert sorted(found) == ["V20", "V23"]
    assert found["V20"].cell == "r:list.2.name" and found["V20"].title == "内容过长"
    assert found["V20"].text == "「第2行的企业名称」最多 100 个字符，现有 101 个。"
    assert found["V23"].cell == "r:list.2.remark"
    assert found["V23"].text.startswith("第2行「备注」含有签字版PDF无法如实打印的字符") and "U+202E" in found["V23"].text


def test_list_cell_addresses_read_and_write(factory):
    from greendesk import cells

    d = new_draft(factory)
    cells.put(d, "r:list.2.name", "甲公司")
    assert d.records["list"] == [{}, {"name": "甲公司"}]
    assert cells.get(d, "r:list.2.name") == "甲公司" and cells.get(d, "r:list.3.name") is None
    assert str(cells.Cell.parse("r:list.2.name")) == "r:list.2.name"
    prepared = cells.prepare(factory, "r:list.1.remark", "见\x07附件\x00")
    assert prepared.value == "见附件" and prepared.notes
    cells.put(d, "r:list.2.name", None)
    assert d.records["list"] == [{}, {}]
    with pytest.raises(cells.CellError):
        cells.Cell.parse("r:list.x.name")


@pytest.mark.parametrize(("address", "city"), [
    ("东莞虎门镇", "东莞市"), ("中山小榄镇", "中山市"), ("东莞市虎门镇", "东莞市"), ("中山市小榄镇", "中山市"),
])
def test_a_city_without_districts_written_short_names_its_county(address, city):
    """东莞 and 中山 have no districts: the city is its own county, with or without 市 (QA: 「东莞虎门镇」
    was refused as not written down to a county while 「东莞市虎门镇」 passed)."""
    assert records.address_problem(address, city) is None
    assert records.address_problem(address, "广州市") is not None  # and it is not in 广州

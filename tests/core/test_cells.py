"""Every field kind: what input is accepted, how it is normalised, and the message when refused."""

from __future__ import annotations

import pytest

from greendesk.cells import Cell, CellError, get, normalize_input, put
from greendesk.draft import new_draft


@pytest.mark.parametrize(("cell", "typed", "stored"), [
    ("f:factory_name", "  甲工厂 ", "甲工厂"),                       # text (trimmed)
    ("f:highlights", "  第一行\n第二行  ", "  第一行\n第二行  "),     # multiline kept as typed
    ("f:uscc", "９１３５０１００ｍ０００１００ｙ４３", "91350100M000100Y43"),  # uscc: full-width, case
    ("f:uscc", "9135-0100 M000100Y43", "91350100M000100Y43"),
    ("f:contact_mobile", "138 0013 8000", "13800138000"),            # mobile
    ("f:contact_phone", "０２０－１２３４５６７８", "020-12345678"),     # phone
    ("f:contact_email", "a@b.cn", "a@b.cn"),                         # email
    ("f:industry1", "C3831 电线、电缆制造", "3831"),                  # industry: label or code
    ("f:industry1", "３８３１", "3831"),
    ("f:industry1", "3831\u00a0电线、电缆制造", "3831"),  # a no-break space, pasted from a web page
    ("f:industry1", "3831\u3000电线、电缆制造", "3831"),  # a full-width space
    ("f:address.province", "44", "44"),                              # region parts
    ("f:address.detail", "示范路8号", "示范路8号"),
    ("f:industry_type", "机械", "机械"),                              # choice
    ("f:q1", "是", "是"),                                             # yesno
    ("t:E0:2024", "1,000.50", "1000.50"),                            # number
    ("t:E1:unit", "万吨标准煤", "万吨标准煤"),                          # unit
    ("t:E1:note", " 说明 ", " 说明 "),                                # note kept as typed
    ("p:E6:applicable", "否", "否"),
    ("p:E6:1:name", "铜杆", "铜杆"),
    ("p:E6:2:output:2022", "１２", "12"),
    ("f:factory_name", "", None),                                    # blank clears
    ("t:E0:2024", "   ", None),
])
def test_accepted_input_per_field_kind(def2025, cell, typed, stored):
    assert normalize_input(def2025, cell, typed) == stored


@pytest.mark.parametrize(("cell", "typed", "message"), [
    ("f:q1", "对", "“是”或“否”"),
    ("f:industry_type", "化工", "只能选择"),
    ("f:factory_name", "厂" * 101, "最多 100 个字符"),
    ("f:address.street", "x", "没有「street」"),
    ("f:factory_name.x", "x", "没有子项"),
    ("f:nonexistent", "x", "没有字段"),
    ("t:E0:2024", "十二", "数字"),
    ("t:E4:2024", "1", "自动计算"),
    ("t:E0:2020", "1", "不填报 2020 年"),
    ("t:E0:unit", "千元", "单位只能选择：万元"),
    ("t:ZZ:2024", "1", "没有第三部分行"),
    ("p:E6:5:name", "x", "最多填报 3 种产品"),
    ("p:E6:0:intensity:2024", "1", "自动计算"),
    ("p:E6:cunit", "千瓦时", "单位只能选择"),
    ("x:y", "1", "无效的单元格地址"),
])
def test_refused_input_has_a_chinese_message(def2025, cell, typed, message):
    with pytest.raises(CellError) as exc:
        normalize_input(def2025, cell, typed)
    assert message in exc.value.message


@pytest.mark.parametrize("address", [
    "f:factory_name", "f:address.city", "t:E0:2024", "t:E0:unit", "t:E0:note", "p:E6:applicable",
    "p:E6:cunit", "p:E6:2:standard", "p:W3:0:consumption:2023", "p:E6:1:intensity:2022",
])
def test_addresses_round_trip(address):
    assert str(Cell.parse(address)) == address


def test_put_and_get_every_kind(def2025):
    d = new_draft(def2025)
    for address, value in [("f:q1", "是"), ("t:E0:2024", "1.50"), ("t:E0:unit", "万元"),
                           ("t:E0:note", "n"), ("p:E6:applicable", "是"), ("p:E6:0:name", "铜杆"),
                           ("p:E6:0:output:2024", "3"), ("p:E6:cunit", "万吨标准煤")]:
        put(d, address, value)
        assert get(d, address) == value
    put(d, "t:E0:2024", None)
    assert get(d, "t:E0:2024") is None and "2024" not in d.table["E0"].values
    assert get(d, "p:E6:0:intensity:2024") is None

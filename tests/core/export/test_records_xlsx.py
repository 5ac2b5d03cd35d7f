"""The 培育名单 workbook: the notice's template layout out, and back in by its heads (附件3/4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from greendesk import export, forms
from greendesk.draft import new_draft

FACTORY_HEADS = ["序号", "地市", "企业名称", "所在地址（写到县/区镇）",
                 "企业类型（国有、民营、中外合资、外商独资、港澳台企）",
                 "所属行业（4位国民经济行业分类代码+名称）",
                 "绿色制造现状（省级绿色工厂、市级绿色工厂、其他）", "备注"]
PARK_HEADS = ["序号", "园区名称", "园区地址（写到县/区镇）", "园区设立时间（年/月）", "批准设立机构",
              "核准面积（公顷）", "园区类型", "主导产业", "备注"]
ROWS = [{"city": "广州市", "name": "广州市绿源制药有限公司", "address": "广州市南沙区", "ownership": "民营",
         "industry": "2720 化学药品制剂制造", "status": "市级绿色工厂"},
        {"city": "佛山市", "name": "=HYPERLINK(\"x\")有限公司", "address": "佛山市顺德区", "ownership": "国有",
         "industry": "3831 电线、电缆制造", "status": "其他", "remark": "拟申报省级"}]


@pytest.fixture(scope="module")
def factory():
    return forms.get("cultivation-factory-2025")


@pytest.fixture(scope="module")
def park():
    return forms.get("cultivation-park-2025")


def _filled(factory):
    d = new_draft(factory)
    d.fields["city"] = "广州市"
    d.records["list"] = [dict(r) for r in ROWS]
    return d


def test_export_in_the_template_layout(factory, tmp_path: Path):
    out = tmp_path / "list.xlsx"
    export.export_xlsx(factory, _filled(factory), out)
    ws = load_workbook(out).active
    assert ws["A1"].value == "广州市绿色制造培育名单（工厂、供应链）"
    assert [c.value for c in ws[2]] == FACTORY_HEADS
    assert [c.value for c in ws[3]][:4] == [1, "广州市", "广州市绿源制药有限公司", "广州市南沙区"]
    assert ws["C4"].value == "=HYPERLINK(\"x\")有限公司" and ws["C4"].data_type == "s"  # guarded
    assert ws["C4"].quotePrefix
    assert ws.max_row == 4  # no example row, nothing after the two records
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4 in OOXML


def test_blank_workbook_has_dropdowns(factory, park, tmp_path: Path):
    out = tmp_path / "blank.xlsx"
    export.export_blank_xlsx(factory, out)
    ws = load_workbook(out).active
    assert ws["A1"].value == "____市绿色制造培育名单（工厂、供应链）"
    assert "示例" not in {c.value for row in ws.iter_rows() for c in row}
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists == {"E": '"国有,民营,中外合资,外商独资,港澳台企"', "G": '"省级绿色工厂,市级绿色工厂,其他"'}
    export.export_blank_xlsx(park, out)
    ws = load_workbook(out).active
    assert ws["A1"].value == "____市绿色制造培育名单（工业园区）"
    assert [c.value for c in ws[2]] == PARK_HEADS
    assert any(c.value == "注：园区类型请填写省产业园、高新区、经开区、海关特殊监管区、其他等等。"
               for row in ws.iter_rows() for c in row)
    assert [dv.formula1 for dv in ws.data_validations.dataValidation] == ['"省产业园,高新区,经开区,海关特殊监管区,其他"']


def test_round_trip_is_equal(factory, tmp_path: Path):
    d = _filled(factory)
    out = tmp_path / "list.xlsx"
    export.export_xlsx(factory, d, out)
    back, report = export.import_xlsx(out)
    assert back.form.id == "cultivation-factory-2025"
    assert back.fields["city"] == "广州市"
    assert back.records == d.records
    assert back.fingerprint() == d.fingerprint()
    assert report.rows == 2


def test_import_a_template_filled_by_hand_from_the_notice(tmp_path: Path):
    """Heads copied from the notice's text, line breaks and half-width brackets included; the
    example row kept; the park list's note under the table."""
    wb = Workbook()
    ws = wb.active
    ws.append(["深圳市绿色制造培育名单（工厂、供应链）"])
    ws.append(["序号", "地市", "企业名称", "所在地址 (写到县/区镇)", "企业类型 (国有、民营、 中外合资、外商\n独资、港澳台企)",
               "所属行业 (4位国民经济行\n业分类代码+名\n称)", "绿色制造现状 (省级绿色工厂 、市级绿色工厂 、其他)", "备注"])
    ws.append([1, "示例", "广州市**制药有限公司", "广州市南沙区", "民营", "2720 化学药品制剂制\n造", "市级绿色工厂", None])
    ws.append([2, "深圳市", "深圳市某电子有限公司", "深圳市南山区", "外商独资", "3973 集成电路制\n造", "其他", None])
    ws.append([3])
    path = tmp_path / "hand.xlsx"
    wb.save(path)
    draft, report = export.import_xlsx(path)
    assert draft.form.id == "cultivation-factory-2025"
    assert draft.fields["city"] == "深圳市"
    assert draft.records["list"] == [{"city": "深圳市", "name": "深圳市某电子有限公司", "address": "深圳市南山区",
                                      "ownership": "外商独资", "industry": "3973 集成电路制造",
                                      "status": "其他"}]
    assert any("第3行" in n and "示例" in n for n in report.notes)


def test_park_year_month_and_area_read_from_typed_cells(park, tmp_path: Path):
    from datetime import datetime

    wb = Workbook()
    ws = wb.active
    ws.append(["_____市绿色制造培育名单（工业园区）"])
    ws.append(PARK_HEADS)
    ws.append([1, "某高新区", "广州市黄埔区", datetime(1991, 3, 1), "国务院", 37.5, "高新区", "电子信息"])
    path = tmp_path / "park.xlsx"
    wb.save(path)
    draft, _ = export.import_xlsx(path, park)
    assert draft.records["list"][0]["established"] == "1991/03"
    assert draft.records["list"][0]["area"] == "37.5"
    assert "city" not in draft.fields


def test_pdf_prints_the_list(factory, tmp_path: Path):
    out = tmp_path / "list.pdf"
    result = export.export_pdf(factory, _filled(factory), out)
    assert result.pages == 1 and not result.draft_watermark
    assert out.read_bytes().startswith(b"%PDF")

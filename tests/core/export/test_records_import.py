"""模板导入 of a 培育名单 filled by hand from the notice (附件3/4): the title row, heads with line
breaks, the example row of 附件3 kept or deleted, empty rows, a renumbered 序号, columns moved — every
row is read back, and whatever cannot be placed is named with its row and column. The workbooks are
built here, cell by cell, as a city clerk would fill the notice's template."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from greendesk import export, forms
from greendesk.export.records_xlsx import read_records_workbook

# The heads as the notice's text prints them (../shared/seed, 附件3/附件4), line breaks where the
# printed cells wrap, half-width brackets with a space before them.
NOTICE_FACTORY_HEADS = ["序号", "地市", "企业名称", "所在地址 (写到县/区镇)",
                        "企业类型 (国有、民营、\n中外合资、外商\n独资、港澳台企)",
                        "所属行业 (4位国民经济行\n业分类代码+名\n称)",
                        "绿色制造现状 (省级绿色工厂\n、市级绿色工厂\n、其他)", "备注"]
NOTICE_EXAMPLE = [1, "示例", "广州市**制药有限公司", "广州市南沙区", "民营", "2720 化学药品制剂制\n造", "市级绿色工厂", None]
NOTICE_PARK_HEADS = ["序号", "园区名称", "园区地址 (写到县/区镇)", "园区设立时间 (年/月)", "批准设立机构",
                     "核准面积 (公顷)", "园区类型", "主导产业", "备注"]

FS_CERAMICS = {"city": "佛山市", "name": "佛山示范建筑陶瓷有限公司", "address": "佛山市禅城区南庄镇",
               "ownership": "民营", "industry": "3071 建筑陶瓷制品制造", "status": "省级绿色工厂"}
SG_STEEL = {"city": "韶关市", "name": "韶关示范特钢有限公司", "address": "韶关市曲江区马坝镇",
            "ownership": "国有", "industry": "3120 炼钢", "status": "其他", "remark": "供应链"}


def _book(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _factory_row(values: dict[str, str], number: object) -> list:
    return [number, values["city"], values["name"], values["address"], values["ownership"],
            values["industry"], values["status"], values.get("remark")]


def test_notice_template_with_its_example_row_empty_rows_and_renumbering(tmp_path):
    path = _book(tmp_path / "附件3.xlsx", [
        ["____市绿色制造培育名单（工厂、供应链）"],
        [None],
        NOTICE_FACTORY_HEADS,
        NOTICE_EXAMPLE,
        _factory_row(FS_CERAMICS, 1),
        [3],  # numbered, left empty
        [None, None, None],
        _factory_row(dict(SG_STEEL, industry="3120 炼\n钢"), 7),  # 序号 renumbered by hand
        [5], [6],
    ])
    draft, report = export.import_xlsx(path)
    assert draft.form.id == "cultivation-factory-2025"
    assert draft.records["list"] == [FS_CERAMICS, SG_STEEL]
    assert "city" not in draft.fields  # the title's ____ left blank
    assert report.rows == 2
    assert report.notes == ["第4行是通知模板中的示例行（“示例”），未导入"]


def test_example_row_deleted_and_columns_moved(tmp_path):
    heads = [NOTICE_FACTORY_HEADS[i] for i in (2, 0, 7, 5, 1, 3, 6, 4)]  # 企业名称 first, 序号 second …
    order = ["name", None, "remark", "industry", "city", "address", "status", "ownership"]
    path = _book(tmp_path / "moved.xlsx", [
        ["韶关市绿色制造培育名单（工厂、供应链）"],
        heads,
        *[[row.get(k) if k else n for k in order] for n, row in enumerate((SG_STEEL, FS_CERAMICS), 1)],
    ])
    draft, report = export.import_xlsx(path)
    assert draft.fields["city"] == "韶关市"
    assert draft.records["list"] == [SG_STEEL, FS_CERAMICS]
    assert report.notes == []


def test_values_that_cannot_be_placed_are_named_with_row_and_column(tmp_path):
    path = _book(tmp_path / "extra.xlsx", [
        ["佛山市绿色制造培育名单（工厂、供应链）"],
        [*NOTICE_FACTORY_HEADS, "联系人"],
        [*_factory_row(FS_CERAMICS, 1), "陈工", None, "13800000000"],  # I: 联系人, K: no head
        [None, None, None, None, None, None, None, None, "李工"],  # a row with nothing of the list
        ["二", None],  # 序号 holding a word
    ])
    draft, report = export.import_xlsx(path)
    assert draft.records["list"] == [FS_CERAMICS]
    assert report.notes == [
        "第3行I列（列标题「联系人」）的「陈工」不属于名单的任何一列，未导入",
        "第3行K列（无列标题）的「13800000000」不属于名单的任何一列，未导入",
        "第4行I列（列标题「联系人」）的「李工」不属于名单的任何一列，未导入",
        "第5行「序号」列中的「二」不是序号，未导入",
    ]


def test_control_characters_are_cleaned_and_reported(tmp_path):
    factory = forms.get("cultivation-factory-2025")
    path = _book(tmp_path / "ctl.xlsx", [
        ["佛山市绿色制造培育名单（工厂、供应链）"],
        NOTICE_FACTORY_HEADS,
        _factory_row(dict(FS_CERAMICS, name="佛山示范建筑\u200b陶瓷有限公司", remark="拟\u202e申报"), 1),
    ])
    draft, report = read_records_workbook(path, factory)
    assert draft.records["list"] == [dict(FS_CERAMICS, remark="拟申报")]
    assert len(report.notes) == 2
    assert report.notes[0].startswith("第3行C列「企业名称」：") and "U+200B" in report.notes[0]
    assert report.notes[1].startswith("第3行H列「备注」：") and "U+202E" in report.notes[1]


def test_over_long_value_is_kept_and_named(tmp_path):
    factory = forms.get("cultivation-factory-2025")
    long_name = "佛山" * 51  # 102 characters: the 企业名称 column takes 100
    path = _book(tmp_path / "long.xlsx", [
        ["佛山市绿色制造培育名单（工厂、供应链）"],
        NOTICE_FACTORY_HEADS,
        _factory_row(dict(FS_CERAMICS, name=long_name), 1),
    ])
    draft, report = read_records_workbook(path, factory)
    assert draft.records["list"][0]["name"] == long_name  # never dropped: the V20 finding names it
    assert report.notes[0].startswith("第3行C列「企业名称」：") and "102" in report.notes[0]


def test_park_template_from_the_notice(tmp_path):
    path = _book(tmp_path / "附件4.xlsx", [
        ["佛山市绿色制造培育名单（工业园区）"],
        NOTICE_PARK_HEADS,
        [1, "佛山南海示范产业园", "佛山市南海区狮山镇", "2006/03", "广东省人民政府", 1200.5, "省产业园", "装备制造、新材料"],
        [2], [3], [4], [5], ["..."],
        ["注：园区类型请填写省产业园、高新区、经开区、海关特殊监管区、其他等等。"],
    ])
    draft, report = export.import_xlsx(path)
    assert draft.form.id == "cultivation-park-2025" and draft.fields["city"] == "佛山市"
    assert draft.records["list"] == [{"name": "佛山南海示范产业园", "address": "佛山市南海区狮山镇",
                                      "established": "2006/03", "approver": "广东省人民政府", "area": "1200.5",
                                      "park_type": "省产业园", "industries": "装备制造、新材料"}]
    assert report.notes == []


def test_a_damaged_sheet_is_named_not_a_crash(tmp_path):
    """A sheet whose XML breaks after the heads (read lazily when the list form is sniffed)."""
    import zipfile

    import pytest

    good = _book(tmp_path / "good.xlsx", [["佛山市绿色制造培育名单（工业园区）"], NOTICE_PARK_HEADS,
                                          [1, "佛山南海示范产业园"]])
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<row r=\"3\"", b"<row r=\"3\" <<<")
            out.writestr(item, data)
    before = bad.read_bytes()
    with pytest.raises(export.ExportError) as exc:
        export.import_xlsx(bad)
    assert "bad.xlsx" in exc.value.message
    with pytest.raises(Exception) as exc2:
        read_records_workbook(bad, forms.get("cultivation-park-2025"))
    assert type(exc2.value).__name__ == "RecordsImportError" and "bad.xlsx" in exc2.value.message
    assert bad.read_bytes() == before

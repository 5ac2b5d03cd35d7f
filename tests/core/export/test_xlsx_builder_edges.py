"""The 动态管理表 workbook's edges that the sample's render does not reach: the builder's defaults and
the rows a draft rarely has. Expected values written from the platform's table and the manual."""

from __future__ import annotations

import io
import os

import pytest
from openpyxl import load_workbook

from greendesk import forms
from greendesk.document import open_draft
from greendesk.export.xlsx_export import XlsxBuilder
from tests.conftest import SAMPLES


def _scope(fixture_name: str, config) -> str:
    """Per test while mutmut maps tests to code (its stats phase), per module otherwise."""
    return "function" if os.environ.get("MUTANT_UNDER_TEST") == "stats" else "module"


@pytest.fixture(scope=_scope)
def factory():
    from greendesk.export.xlsx_export import render_xlsx

    d = forms.get("green-factory-2025")
    return load_workbook(io.BytesIO(render_xlsx(d, open_draft(SAMPLES / "green-factory-2025.json").draft)))["动态管理表"]


@pytest.fixture(scope=_scope)
def park():
    from greendesk.export.xlsx_export import render_xlsx

    d = forms.get("green-park-2024")
    return load_workbook(io.BytesIO(render_xlsx(d, open_draft(SAMPLES / "green-park-2024.json").draft)))["动态管理表"]


def _row(ws, key: str) -> int:
    """The sheet row whose hidden key (column I) starts with `key`."""
    return next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 9).value or "").startswith(key))


def test_the_builder_fills_the_draft_unless_told_blank():
    d = forms.get("green-factory-2025")
    draft = open_draft(SAMPLES / "green-factory-2025.json").draft
    ws = load_workbook(io.BytesIO(XlsxBuilder(d, draft).build()))["动态管理表"]
    assert ws["A2"].value == "2025年度　填报 2022—2024 年数据"
    r = _row(ws, "indicator|t:E4|")
    assert [ws.cell(r, c).value for c in (4, 5, 6)] == [0.0445, 0.0425, 0.0403]


def test_a_tall_text_row_keeps_its_merge_and_merges_every_other_column_downwards():
    """A product name of 600 CJK characters over D:F (45 wide, 42 units a line): 1,200 units → 29
    lines → 29 × 14.5 + 3 = 423.5 pt, over Excel's 409: two rows of 211.8 pt. D:F stays one merge
    (now two rows tall); A, B, C, G and H are each merged downwards on their own."""
    from greendesk import cells
    from greendesk.export.xlsx_export import render_xlsx

    d = forms.get("green-factory-2025")
    draft = open_draft(SAMPLES / "green-factory-2025.json").draft
    cells.put(draft, "p:E6:0:name", "铜" * 600)
    ws = load_workbook(io.BytesIO(render_xlsx(d, draft)))["动态管理表"]
    r = _row(ws, "text|p:E6:0:name|")
    assert sorted(str(m) for m in ws.merged_cells.ranges if m.min_row == r) == [
        f"A{r}:A{r + 1}", f"B{r}:B{r + 1}", f"C{r}:C{r + 1}", f"D{r}:F{r + 1}", f"G{r}:G{r + 1}", f"H{r}:H{r + 1}"]
    assert [ws.row_dimensions[r + i].height for i in (0, 1)] == [211.8, 211.8]
    assert ws.cell(r, 4).value == "铜" * 600 and ws.cell(r + 1, 9).value is None
    assert ws.cell(r + 2, 9).value.startswith("text|p:E6:0:standard|")
    assert [ws.cell(r, c).alignment.vertical for c in (1, 2, 3, 4, 7, 8)] == ["top"] * 6


def test_every_cell_of_a_filled_row_is_in_the_sheets_font(factory):
    """Microsoft YaHei 10 pt in every cell of field, parameter, indicator, question and text rows
    (the first cell of a merge carries its style); only the labels of required fields are bold."""
    ws = factory
    for key, columns in (("field|factory_name", "AD"), ("field|special_note", "AD"), ("region|address", "ADEFG"),
                         ("parameter|t:E0|", "ABCDEFGH"), ("indicator|t:E4|", "ABCDEFGH"),
                         ("question|p:E6:applicable", "ABCDGH"), ("text|p:E6:0:name|", "ABCDGH")):
        r = _row(ws, key)
        fonts = [(ws[f"{c}{r}"].font.name, ws[f"{c}{r}"].font.sz, bool(ws[f"{c}{r}"].font.b)) for c in columns]
        bold = key in ("field|factory_name", "region|address")
        assert fonts == [("Microsoft YaHei", 10, bold)] + [("Microsoft YaHei", 10, False)] * (len(columns) - 1), key


def test_a_code_typed_in_a_text_field_is_shown_as_typed():
    """Only 主营行业 fields show a code with its name; a code typed in 工厂所属行业（其它请填写）
    or 主要产品 stays as typed."""
    from greendesk.export.xlsx_export import render_xlsx

    d = forms.get("green-factory-2025")
    draft = open_draft(SAMPLES / "green-factory-2025.json").draft
    draft.fields["industry_other"] = "C38"
    draft.fields["main_products"] = "3831"
    ws = load_workbook(io.BytesIO(render_xlsx(d, draft)))["动态管理表"]
    assert ws.cell(_row(ws, "field|industry_other"), 4).value == "C38"
    assert ws.cell(_row(ws, "field|main_products"), 4).value == "3831"
    assert ws.cell(_row(ws, "field|industry1"), 4).value == "C3831 电线、电缆制造"


def test_an_address_detail_is_never_taken_for_a_region_code():
    """Province, city and county are stored as codes and shown by name (440112 → 黄埔区); the detail
    is what the user typed, even when it looks like a code."""
    from greendesk.export.xlsx_export import render_xlsx

    d = forms.get("green-factory-2025")
    draft = open_draft(SAMPLES / "green-factory-2025.json").draft
    draft.fields["address.detail"] = "440112"
    ws = load_workbook(io.BytesIO(render_xlsx(d, draft)))["动态管理表"]
    r = _row(ws, "region|address")
    assert [ws.cell(r, c).value for c in (4, 5, 6, 7)] == ["广东省", "广州市", "黄埔区", "440112"]


def test_a_quantity_row_of_a_park_is_in_the_sheets_font(park):
    ws = park
    r = _row(ws, "quantity|approved_area")
    assert [(ws[f"{c}{r}"].font.name, ws[f"{c}{r}"].font.sz, bool(ws[f"{c}{r}"].font.b)) for c in "ADE"] == [
        ("Microsoft YaHei", 10, True), ("Microsoft YaHei", 10, False), ("Microsoft YaHei", 10, False)]


def test_a_label_wraps_within_columns_a_to_c(factory):
    """The label of question 7 (78 units: 37 CJK characters count two, 4 others one) over A:C
    (34 + 26 + 14 = 74 wide, 70 units a line) needs two lines: 2 × 14.5 + 3 = 32 pt."""
    ws = factory
    r = _row(ws, "field|q7")
    assert ws.cell(r, 1).value == "* 7.企业名称与绿色工厂名单是否一致（国家层面绿色工厂名单可在本页上方下载查看）"
    assert ws.row_dimensions[r].height == 32.0


@pytest.mark.parametrize(("sheet", "key", "height"), [
    # 一般工业固体废物产生量、综合利用量、综合利用往年贮存量: 54 units in B (26 wide, 24 a line): 3 lines
    ("factory", "indicator|t:S4|", 46.5),
    # 千克标准煤/产品单位: 19 units in C (14 wide, 13 a line): 2 lines
    ("factory", "product_indicator|p:E6:1", 32.0),
    # 高新技术产业产值占园区工业总产值比例: 36 units in A (34 wide, 32 a line): 2 lines
    ("park", "parameter|t:CG1|", 32.0),
    # 一般工业固体废物综合利用量: 26 units, one line in A (32 a line; in B's 26 it would take two)
    ("factory", "parameter|t:S2|", None),
], ids=["parameters-decide", "unit-decides", "label-decides", "label-fits-column-a"])
def test_each_text_of_an_indicator_row_can_decide_its_height(request, sheet, key, height):
    ws = request.getfixturevalue(sheet)
    assert ws.row_dimensions[_row(ws, key)].height == height


def test_a_unit_of_fourteen_units_wraps_in_column_c():
    """千克标准煤/pcs (a product counted in pcs): 5 CJK + 4 others = 14 units in C (14 wide, 13 a
    line): two lines, 32 pt."""
    from greendesk import cells
    from greendesk.export.xlsx_export import render_xlsx

    d = forms.get("green-factory-2025")
    draft = open_draft(SAMPLES / "green-factory-2025.json").draft
    cells.put(draft, "p:E6:0:unit", "pcs")
    ws = load_workbook(io.BytesIO(render_xlsx(d, draft)))["动态管理表"]
    r = _row(ws, "product_indicator|p:E6:0")
    assert ws.cell(r, 3).value == "千克标准煤/pcs" and ws.row_dimensions[r].height == 32.0


def test_an_empty_product_slot_shows_empty_cells(factory):
    """The sample's second product slot is empty: its name, standard and unit cells stay empty for
    the user to fill (nothing written in them)."""
    ws = factory
    for key in ("text|p:E6:1:name|", "text|p:E6:1:standard|", "text|p:E6:1:unit|"):
        r = _row(ws, key)
        assert ws.cell(r, 4).value is None and not ws.cell(r, 4).protection.locked, key


def test_row_keys_name_the_cells_import_reads(factory):
    """The hidden key of a row (column I) names exactly the draft cells of that row, an absent unit
    or note cell left empty: import matches rows by these keys, never by position."""
    ws = factory
    keys = [ws.cell(r, 9).value for r in range(1, ws.max_row + 1) if ws.cell(r, 9).value]
    for key in ("product_value|p:E6:0:output||", "product_value|p:E6:0:consumption|p:E6:cunit|",
                "product_indicator|p:E6:0:intensity|t:E6:unit|", "parameter|t:E0||t:E0:note",
                "parameter|t:E1|t:E1:unit|t:E1:note", "text|p:E6:0:name|", "question|p:E6:applicable|t:E6:note"):
        assert key in keys, key


def test_qualitative_rows_take_the_height_of_their_longest_text_and_stay_empty_when_unanswered():
    """定性指标 of the supply-chain table: 是/否 per year. A row is as tall as its longest wrapped text:
    X11's 填写说明 (48 characters, nearly all CJK: ≈ 92 units in H, 48 wide → 45 units a line) takes
    3 lines → 3 × 14.5 + 3 = 46.5 pt; X21's takes 2 (and its 特殊情况说明 2 in G) → 32 pt. Unanswered
    years of a blank table are empty cells, not a placeholder."""
    from greendesk.draft import new_draft
    from greendesk.export.xlsx_export import render_xlsx

    d = forms.get("green-supply-chain-2025")
    ws = load_workbook(io.BytesIO(render_xlsx(d, open_draft(SAMPLES / "green-supply-chain-2025.json").draft)))["动态管理表"]
    assert ws.row_dimensions[_row(ws, "qualitative|t:X11|")].height == 46.5
    assert ws.row_dimensions[_row(ws, "qualitative|t:X21|")].height == 32.0
    blank = load_workbook(io.BytesIO(render_xlsx(d, new_draft(d), blank=True)))["动态管理表"]
    r = _row(blank, "qualitative|t:X11|")
    assert [blank.cell(r, c).value for c in (4, 5, 6, 7)] == [None, None, None, None]

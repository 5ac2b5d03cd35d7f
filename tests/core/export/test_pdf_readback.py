"""The signature PDF and the 培育名单 PDF read back the way a reader meets them: what is printed where,
in which size, on which page size and orientation; the running head and foot, the part titles, the
label/value grid, Part 3's columns, the long texts, the pledge, the signature and date lines, the
seal box, the QR codes, the 草稿 watermark, and the fonts embedded.

Expected texts are written literally from the 2025《填报手册》 and the notice's 附件3 (../shared/seed)
and the samples' own values; positions from the layout the module documents (15 mm margins, the
running head 10 mm from the top, the foot 8 mm from the bottom, 38/52 mm label and value columns,
Part 3's 52/42/26/27 mm columns) plus reportlab's 6 pt cell padding. Each PDF is rendered and read
once per module: rendering is the slow part.
"""

from __future__ import annotations

import inspect
import io
import math
import re
import subprocess
import sys
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from greendesk import forms
from greendesk.document import open_draft
from greendesk.draft import new_draft
from greendesk.export.pdf import render_pdf
from greendesk.export.records_pdf import render_records_pdf
from greendesk.resources import font_path
from greendesk.rules import validate
from tests.conftest import SAMPLES

MM = 72 / 25.4  # PDF points per millimetre
PAD = 6 / MM  # reportlab's cell padding (6 pt), in mm
TOL = 0.3  # mm
PORTRAIT, LANDSCAPE = (210, 297), (297, 210)
FACTORY = "广东绿源示范电缆有限公司"  # resources/samples/green-factory-2025.json
FACTORY_USCC = "9144011206Q8L2D5X8"
PARK_USCC = "11320583014157863W"  # resources/samples/green-park-2025.json
# 67 characters: too long for the running head beside the title; on its own line it fits a portrait
# page at 7 pt only (not at 8 or 7.5), a landscape page at 8 pt
PARK = "江苏昆山绿源示范经济开发区" * 5 + "园区"
LONG_NOTE_1 = "受厂区改扩建影响，" * 20  # 180 characters: over the 160 a cell takes
LONG_NOTE_2 = "二期工程投产，" * 23  # 161 characters: one over
NOTE_160 = "三" * 160  # exactly what a cell takes


@pytest.fixture(scope="module")
def measure():
    """Text widths in the font the PDF embeds, loaded here under our own name."""
    name = "ReadbackWQY"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(font_path()), subfontIndex=0))
    return lambda text, size: pdfmetrics.stringWidth(text, name, size) / MM


@dataclass
class Line:
    x: float  # mm from the left edge
    y: float  # mm from the bottom edge (baseline)
    size: float
    angle: int  # degrees
    text: str


@dataclass
class Page:
    w: float
    h: float
    lines: list[Line]
    ops: list = field(repr=False, default_factory=list)

    @property
    def text(self) -> str:
        return _squash("".join(x.text for x in self.lines))

    def find(self, text: str) -> list[Line]:
        """Lines that read exactly `text` (whitespace ignored)."""
        return [x for x in self.lines if _squash(x.text) == _squash(text)]

    def one(self, text: str) -> Line:
        found = self.find(text)
        assert len(found) == 1, (text, found, [x.text for x in self.lines])
        return found[0]


@dataclass
class Doc:
    data: bytes
    result: object
    reader: PdfReader
    pages: list[Page]
    fingerprint: str

    @property
    def code(self) -> str:  # 核对码 as printed: first 12 hex digits, upper case, groups of 4
        fp = self.fingerprint
        return f"{fp[0:4]}-{fp[4:8]}-{fp[8:12]}".upper()


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _lines(page) -> list[Line]:
    out: list[list] = []

    def visit(text, cm, tm, _font, size):
        a, b, _c, _d, e, f = tm
        ca, cb, cc, cd, ce, cf = cm
        x, y = e * ca + f * cc + ce, e * cb + f * cd + cf
        angle = round(math.degrees(math.atan2(a * cb + b * cd, a * ca + b * cc)))
        key = (round(x / MM, 2), round(y / MM, 2), round(size * math.hypot(ca, cb), 2), angle)
        if out and out[-1][0] == key and not out[-1][1].endswith("\n"):
            out[-1][1] += text
        else:
            out.append([key, text])

    page.extract_text(visitor_text=visit)
    return [Line(*key, text.strip("\n").lstrip(" ")) for key, text in out if text.strip()]


def _ops(reader: PdfReader, page) -> list[tuple[str, list]]:
    ops = ContentStream(page.get_contents(), reader).operations
    return [(op.decode() if isinstance(op, bytes) else op, list(args)) for args, op in ops]


def _read(data: bytes, result, fingerprint: str) -> Doc:
    reader = PdfReader(io.BytesIO(data))
    pages = [Page(round(float(p.mediabox.width) / MM, 1), round(float(p.mediabox.height) / MM, 1), _lines(p),
                  _ops(reader, p)) for p in reader.pages]
    return Doc(data, result, reader, pages, fingerprint)


def _render(form: str, draft) -> Doc:
    data, result = render_pdf(forms.get(form), draft)
    return _read(data, result, draft.fingerprint())


def _decode_qr(data: bytes, index: int) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        image = pdf[index].render(scale=200 / 72).to_pil()
    finally:
        pdf.close()
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.fixture(scope="module")
def factory() -> Doc:
    return _render("green-factory-2025", open_draft(SAMPLES / "green-factory-2025.json").draft)


NAME_300 = "绿" * 300  # far beyond 工厂名称's limit: the head wraps it in three lines and cuts it
LINE_6100 = "甲乙丙丁戊己庚辛壬癸" * 610  # one line beyond LONG_LINE (6,000): wrapped by character


@pytest.fixture(scope="module")
def empty() -> Doc:
    """A new draft (dozens of V1 errors) with only a name far too long and one line of 6,100 characters."""
    draft = new_draft(forms.get("green-factory-2025"))
    draft.fields["factory_name"] = NAME_300
    draft.fields["highlights"] = LINE_6100
    return _render("green-factory-2025", draft)


@pytest.fixture(scope="module")
def park_draft():
    draft = open_draft(SAMPLES / "green-park-2025.json").draft
    draft.fields["park_name"] = PARK
    # a full-width indent, an empty line, and a "，" that would begin the next line (56 characters fit)
    draft.fields["highlights"] = ("\u3000\u3000第一段：屋顶光伏并网。\n\n第二段：中水回用<30%>&更多。\n" + "甲" * 56 + "，"
                                  + "乙" * 10 + "\n\u3000\u3000第三段：又缩进。\n型号AX")
    draft.fields["special_note"] = "\n".join(f"第{i}行说明" for i in range(1, 21))  # taller than a row
    draft.table["PV"].note = LONG_NOTE_1
    draft.table["PE"].note = "短说明"
    draft.table["PR"].note = LONG_NOTE_2
    draft.table["PC"].note = NOTE_160
    return draft


@pytest.fixture(scope="module")
def park(park_draft) -> Doc:
    return _render("green-park-2025", park_draft)


# ---------------------------------------------------------------- every check on one test

def test_every_check_below_in_one_test(request):
    """Runs every test of this module in turn, inside one test.

    Why: mutmut links a test to the functions that run while it runs, and a module fixture renders
    inside the first test that asks for it, so the other tests of a render would never be run against
    a mutant of the code they check. This test asks for each render itself (on first need: a mutant
    that the first check catches costs one render). Each check also runs on its own below."""
    for name, fn in list(globals().items()):
        if not name.startswith("test_") or fn is test_every_check_below_in_one_test or not callable(fn):
            continue
        marks = [m for m in getattr(fn, "pytestmark", []) if m.name == "parametrize"]
        argnames: list[str] = []
        cases: list[tuple] = [()]
        if marks:
            names, values = marks[0].args[0], marks[0].args[1]
            argnames = [a.strip() for a in names.split(",")] if isinstance(names, str) else list(names)
            cases = [tuple(v) if len(argnames) > 1 else (v,) for v in values]
        for case in cases:
            kwargs = dict(zip(argnames, case, strict=True))
            for param in inspect.signature(fn).parameters:
                if param not in kwargs:
                    kwargs[param] = request.getfixturevalue(param)
            fn(**kwargs)


# ---------------------------------------------------------------- the whole file

def test_result_and_metadata(factory):
    d = factory
    assert (d.result.pages, d.result.draft_watermark, d.result.errors) == (5, False, 0)
    assert d.result.fingerprint == d.fingerprint and len(d.reader.pages) == 5
    meta = d.reader.metadata
    assert meta["/Title"] == "绿色工厂动态管理表（2025年度）"
    assert meta["/Author"] == "GreenDesk" and meta["/Creator"] == "GreenDesk"
    assert meta["/Subject"] == FACTORY


def test_parts_1_2_portrait_part_3_landscape_then_portrait_again(factory):
    assert [(p.w, p.h) for p in factory.pages] == [PORTRAIT, LANDSCAPE, LANDSCAPE, LANDSCAPE, PORTRAIT]
    assert "三、持续改进情况" not in factory.pages[0].text
    assert _squash("三、持续改进情况") in factory.pages[1].text
    assert _squash("四、亮点工作") in factory.pages[4].text


def _assert_fonts_embedded(doc: Doc) -> None:
    for page in doc.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font \
                else font.get("/FontDescriptor")
            assert desc is not None, font.get("/BaseFont")  # a base-14 font (Helvetica) has none
            assert "/FontFile2" in desc.get_object(), font.get("/BaseFont")
            assert "Helvetica" not in str(font.get("/BaseFont"))


def test_every_font_is_embedded_truetype(factory, empty, park):
    for doc in (factory, empty, park):
        _assert_fonts_embedded(doc)


# ---------------------------------------------------------------- page furniture

def test_running_head_on_every_page(factory, measure):
    right = f"工厂名称：{FACTORY}\u3000统一社会信用代码：{FACTORY_USCC}"
    for i, page in enumerate(factory.pages, 1):
        title = page.one("绿色工厂动态管理表（2025年度）")
        assert (title.x, title.size) == (pytest.approx(15, abs=TOL), 8), i
        assert title.y == pytest.approx(page.h - 10, abs=TOL), i
        line = page.one(right)
        assert (line.y, line.size) == (title.y, 8), i
        assert line.x + measure(right, 8) == pytest.approx(page.w - 15, abs=TOL), i


def test_running_foot_on_every_page(factory, measure):
    for i, page in enumerate(factory.pages, 1):
        fp = page.one(f"内容指纹：{factory.code}\u3000表单版本：2025.1")
        assert (fp.x, fp.y, fp.size) == (pytest.approx(15, abs=TOL), pytest.approx(8, abs=TOL), 8), i
        count = f"第 {i} 页 共 5 页"
        n = page.one(count)
        assert (n.y, n.size) == (pytest.approx(8, abs=TOL), 8), i
        assert n.x + measure(count, 8) == pytest.approx(page.w - 15, abs=TOL), i


def _segments(page: Page) -> list[tuple[float, float, float, float]]:
    """Straight lines drawn (m … l … S) in mm, in page space (no cm applies to the furniture)."""
    out, start, ctm_stack, ctm = [], None, [], (1, 0, 0, 1, 0, 0)
    for op, args in page.ops:
        if op == "q":
            ctm_stack.append(ctm)
        elif op == "Q":
            ctm = ctm_stack.pop()
        elif op == "cm":
            ctm = tuple(float(a) for a in args)
        elif op == "m":
            start = (float(args[0]), float(args[1]))
        elif op == "l" and start is not None and ctm == (1, 0, 0, 1, 0, 0):
            end = (float(args[0]), float(args[1]))
            out.append(tuple(round(v / MM, 1) for v in (*start, *end)))
            start = end
    return out


def test_rules_under_the_head_and_over_the_foot(factory):
    for i, page in enumerate(factory.pages, 1):
        segs = _segments(page)
        assert (15.0, 12.0, round(page.w - 15, 1), 12.0) in segs, i  # over the foot
        head = round(page.h - 10 - 1.5, 1)  # 1.5 mm under the head's baseline
        assert (15.0, head, round(page.w - 15, 1), head) in segs, i


def _bbox_of_fills(page: Page, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Bounding box (mm) of the filled rectangles inside `box` (x0, y0, x1, y1 in mm): the QR's modules."""
    xs, ys = [], []
    stack, ctm = [], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for op, args in page.ops:
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            a2, b2, c2, d2, e2, f2 = (float(v) for v in args)
            a, b, c, d, e, f = ctm
            ctm = (a2 * a + b2 * c, a2 * b + b2 * d, c2 * a + d2 * c, c2 * b + d2 * d,
                   e2 * a + f2 * c + e, e2 * b + f2 * d + f)
        elif op == "re":
            x, y, w, h = (float(v) for v in args)
            a, b, c, d, e, f = ctm
            for px, py in ((x, y), (x + w, y + h)):
                X, Y = (px * a + py * c + e) / MM, (px * b + py * d + f) / MM
                if box[0] <= X <= box[2] and box[1] <= Y <= box[3] and w * a < 3 * MM:
                    xs.append(X)
                    ys.append(Y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def test_qr_code_top_right_of_the_first_page_22mm(factory):
    page = factory.pages[0]
    x0, y0, x1, y1 = _bbox_of_fills(page, (150, 230, 210, 297))
    # right edge on the 15 mm margin, top 14 mm from the top edge, 22 mm across: a QR code has a
    # 4-module quiet zone, so the printed modules sit inside the 22 mm square
    assert x0 >= 173 - TOL and x1 <= 195 + TOL and y0 >= 261 - TOL and y1 <= 283 + TOL
    assert x1 - x0 > 18 and y1 - y0 > 18
    assert _decode_qr(factory.data, 0) == [f"GD1|{FACTORY_USCC}|2025|2025.1|{factory.fingerprint}"]


# ---------------------------------------------------------------- title and parts

def test_title_and_years_centred_on_the_first_page(factory, measure):
    page = factory.pages[0]
    title = page.one("绿色工厂动态管理表")
    assert title.size == 18
    assert title.x + measure("绿色工厂动态管理表", 18) / 2 == pytest.approx(105, abs=TOL)
    sub = page.one("2025年度\u3000（2022—2024年数据）")
    assert sub.size == 10.5 and sub.y < title.y
    assert sub.x + measure(sub.text, 10.5) / 2 == pytest.approx(105, abs=TOL)


@pytest.mark.parametrize(("page", "title"), [
    (0, "主营行业"),
    (0, "一、基本信息"),
    (0, "二、合规性信息\u3000（存在合规性信息中1-6所述情况的，请在附件中提供情况说明）"),
    (1, "三、持续改进情况"),
    (4, "四、亮点工作"),
    (4, "五、意见和建议"),
    (4, "真实性承诺："),
])
def test_part_titles_at_the_margin_in_12pt(factory, page, title):
    line = factory.pages[page].one(title)
    assert (line.x, line.size) == (pytest.approx(15, abs=TOL), 12)


def test_parts_in_the_forms_order(factory):
    text = "".join(p.text for p in factory.pages)
    order = ["主营行业", "一、基本信息", "二、合规性信息", "三、持续改进情况", "四、亮点工作", "五、意见和建议",
             "真实性承诺"]
    at = [text.index(t) for t in order]
    assert at == sorted(at)


# ---------------------------------------------------------------- Parts 0–2: the label/value grid

LABEL_X, VALUE_X = 15 + PAD, 15 + 38 + PAD  # first column 38 mm
HALF_LABEL_X, HALF_VALUE_X = 15 + 38 + 52 + PAD, 15 + 38 + 52 + 38 + PAD  # the pair's second half
YESNO_X = 15 + 38 + 52 + 38 + PAD  # Part 2: the label spans three columns, the answer in the fourth


@pytest.mark.parametrize(("label", "value", "label_x", "value_x"), [
    ("主营行业1", "C3831 电线、电缆制造", LABEL_X, VALUE_X),
    ("主营行业2", "C3240 有色金属合金制造", LABEL_X, VALUE_X),
    ("工厂名称", FACTORY, LABEL_X, VALUE_X),
    ("统一社会信用代码", FACTORY_USCC, LABEL_X, VALUE_X),
    ("工厂地址", "广东省 广州市 黄埔区 云埔工业区示范路8号", LABEL_X, VALUE_X),
    ("工厂所属行业", "□ 钢铁\u3000□ 建材\u3000□ 石化\u3000□ 有色\u3000■ 电子电器\u3000□ 机械\u3000□ 轻工\u3000□ 纺织"
                   "\u3000□ 其它", LABEL_X, VALUE_X),
    ("工厂主要产品", "电力电缆、电气装备用电线电缆、电工用铜线坯", LABEL_X, VALUE_X),
    ("填报信息联系人", "李明", LABEL_X, VALUE_X),
    ("联系人电话", "020-82213456", HALF_LABEL_X, HALF_VALUE_X),
    ("电子邮件地址", "green@lvyuan-cable.example.cn", LABEL_X, VALUE_X),
    ("联系人手机号", "13800138000", HALF_LABEL_X, HALF_VALUE_X),
    ("3.2024年至今是否在国务院及有关部委相关督查工作中被发现存在严重问题", "□ 是\u3000■ 否", LABEL_X, YESNO_X),
    ("7.企业名称与绿色工厂名单是否一致（国家层面绿色工厂名单可在本页上方下载查看）", "■ 是\u3000□ 否", LABEL_X,
     YESNO_X),
])
def test_labels_and_values_in_their_columns(factory, label, value, label_x, value_x):
    page = factory.pages[0]
    lab = page.one(label)
    vals = [x for x in page.find(value) if abs(x.y - lab.y) < 3]
    assert len(vals) == 1, (label, value)
    val = vals[0]
    assert lab.x == pytest.approx(label_x, abs=TOL) and val.x == pytest.approx(value_x, abs=TOL)
    assert lab.y == pytest.approx(val.y, abs=TOL) and lab.size == val.size == 9


def test_half_width_fields_pair_up_on_one_line(factory):
    page = factory.pages[0]
    assert page.one("填报信息联系人").y == page.one("联系人电话").y
    assert page.one("电子邮件地址").y == page.one("联系人手机号").y
    assert page.one("联系人电话").y > page.one("联系人手机号").y


def test_blank_answers_print_empty_boxes(empty):
    page = empty.pages[0]
    assert len(page.find("□ 是\u3000□ 否")) == 7  # Part 2's seven yes/no questions, none answered
    assert "■" not in page.text
    assert page.find("□ 钢铁\u3000□ 建材\u3000□ 石化\u3000□ 有色\u3000□ 电子电器\u3000□ 机械\u3000□ 轻工\u3000□ 纺织"
                     "\u3000□ 其它")


def test_a_quantity_prints_with_its_unit(park):
    page = park.pages[0]
    value = page.one("12.6 平方公里")
    assert value.x == pytest.approx(VALUE_X, abs=TOL) or value.x == pytest.approx(HALF_VALUE_X, abs=TOL)


# ---------------------------------------------------------------- Part 3: the table

COLS = [15, 15 + 52, 15 + 52 + 42, 15 + 52 + 42 + 26]  # left edges: 指标名称, 参数, 单位, first year
YEAR_RIGHT = [15 + 52 + 42 + 26 + 27 * k for k in (1, 2, 3)]  # right edges of the three year columns


def test_table_head_repeats_on_every_landscape_page(factory):
    heads = ["指标名称", "指标涉及的参数", "单位", "2022年指标值", "2023年指标值", "2024年指标值", "特殊情况说明"]
    for page in factory.pages[1:4]:
        cells = [[x for x in page.find(h) if x.size == 8.5] for h in heads]
        assert all(len(c) == 1 for c in cells), heads
        assert len({c[0].y for c in cells}) == 1


@pytest.mark.parametrize(("label", "unit", "values"), [
    ("工业总产值", "万元", ["86520", "92310", "98760"]),
    ("综合能源消费量合计", "吨标准煤", ["3850", "3920", "3980"]),
    ("二氧化碳排放量", "吨二氧化碳", ["17200", "17000", "16650"]),
    ("单位产值综合能耗", "吨标准煤/万元", ["0.0445", "0.0425", "0.0403"]),
    ("可再生能源使用比例", "%", ["7.79", "10.71", "14.07"]),
])
def test_indicator_rows_right_aligned_in_their_year_columns(factory, measure, label, unit, values):
    page = factory.pages[1]
    lab = page.one(label)
    assert (lab.x, lab.size) == (pytest.approx(COLS[0] + PAD, abs=TOL), 9)
    row = [x for x in page.lines if abs(x.y - lab.y) < 0.5]
    assert [x.text for x in row if x.x == pytest.approx(COLS[2] + PAD, abs=TOL)] == [unit]
    assert next(x for x in row if x.text == unit).size == 8
    for value, right in zip(values, YEAR_RIGHT, strict=True):
        cell = [x for x in row if x.text == value]
        assert len(cell) == 1, (label, value, [x.text for x in row])
        assert cell[0].x + measure(value, 9) == pytest.approx(right - PAD, abs=TOL), (label, value)


def test_parameters_and_text_answers_in_their_columns(factory):
    page = factory.pages[1]
    params = page.one("二氧化碳排放量、工业总产值")
    assert (params.x, params.size) == (pytest.approx(COLS[1] + PAD, abs=TOL), 8)
    answer = page.one("GB 32046《电工用铜线坯单位产品能源消耗限额》")  # a text row spans the year columns
    assert answer.x == pytest.approx(COLS[3] + PAD, abs=TOL)
    section = page.one("1、能源低碳化")
    assert (section.x, section.size) == (pytest.approx(COLS[0] + PAD, abs=TOL), 12)


def test_a_long_note_goes_after_the_table_and_is_referred_to(park):
    pages = park.pages
    table = [i for i, p in enumerate(pages) if p.w == 297]
    text_in_table = "".join(pages[i].text for i in table)
    assert "见表后注1" in text_in_table and "见表后注2" in text_in_table
    assert "短说明" in text_in_table
    assert NOTE_160 in text_in_table and "见表后注3" not in text_in_table  # 160 characters stay in the cell
    assert LONG_NOTE_1 not in text_in_table.split("特殊情况说明（续）")[0]
    last = pages[table[-1]]
    head = last.one("特殊情况说明（续）")
    assert head.size == 12
    rest = last.text.split("特殊情况说明（续）", 1)[1]
    assert rest.index("注1（") < rest.index(_squash(LONG_NOTE_1)) < rest.index("注2（") < rest.index(
        _squash(LONG_NOTE_2))


# ---------------------------------------------------------------- Parts 4 and 5: long texts

def test_long_texts_one_paragraph_a_line(factory):
    page = factory.pages[4]
    lines = [page.one(t) for t in (
        "1. 屋顶分布式光伏扩建至6.8MW，2024年自发自用绿电约720万kWh，另购入绿证1200张，可再生能源使用比例提高到14.1%。",
        "2. 完成连续挤出生产线电机系统节能改造（IE4永磁电机），年节电约260万kWh。",
        "3. 冷却水闭式循环改造，工业用水重复利用率达到94.2%。",
        "4. 两类主要电缆产品完成碳足迹核算并取得第三方核查声明。",
        "建议平台提供上年度数据一键带入功能，并在导出的Excel中保留单位下拉选项。")]
    assert all(x.x == pytest.approx(15, abs=TOL) and x.size == 9 for x in lines)
    assert [x.y for x in lines] == sorted((x.y for x in lines), reverse=True)
    assert lines[0].y - lines[1].y == pytest.approx(12.5 / MM, abs=0.05)  # 9 pt on 12.5 pt leading


def test_leading_spaces_indent_and_an_empty_line_stays(park, measure):
    page = next(p for p in park.pages if p.find("第一段：屋顶光伏并网。"))
    first, second = page.one("第一段：屋顶光伏并网。"), page.one("第二段：中水回用<30%>&更多。")  # markup escaped
    assert first.x == pytest.approx(15 + measure("\u3000\u3000", 9), abs=TOL)
    assert second.x == pytest.approx(15, abs=TOL)
    assert first.y - second.y == pytest.approx(2 * 12.5 / MM, abs=0.05)  # the empty line kept
    third = page.one("第三段：又缩进。")  # every line's indent, not the first one's only
    assert third.x == pytest.approx(15 + measure("\u3000\u3000", 9), abs=TOL)
    assert page.find("型号AX")  # the text's last characters kept


def test_an_empty_long_text_part_says_not_filled(park):
    last = park.pages[-1]
    assert last.find("（未填写）")  # the park sample has no 意见和建议


# ---------------------------------------------------------------- the signature block

def _seal(page: Page) -> dict:
    stack, ctm, dash, stroke, found = [], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], None, []
    for op, args in page.ops:
        if op == "q":
            stack.append((ctm, dash, stroke))
        elif op == "Q":
            ctm, dash, stroke = stack.pop()
        elif op == "cm":
            a2, b2, c2, d2, e2, f2 = (float(v) for v in args)
            a, b, c, d, e, f = ctm
            ctm = (a2 * a + b2 * c, a2 * b + b2 * d, c2 * a + d2 * c, c2 * b + d2 * d,
                   e2 * a + f2 * c + e, e2 * b + f2 * d + f)
        elif op == "d":
            dash = [float(v) for v in args[0]]
        elif op == "RG":
            stroke = tuple(round(float(v), 3) for v in args)
        elif op == "re":
            x, y, w, h = (float(v) for v in args)
            a, _, _, d, e, f = ctm
            if w * a > 30 * MM and h * d > 30 * MM:
                found.append({"x": (x * a + e) / MM, "y": (y * d + f) / MM, "w": w * a / MM, "h": h * d / MM,
                              "dash": dash, "stroke": stroke})
    assert len(found) == 1, found
    return found[0]


def test_seal_box_48mm_dashed_grey_with_its_label_centred(factory, measure):
    page = factory.pages[4]
    box = _seal(page)
    assert (round(box["w"], 1), round(box["h"], 1)) == (48.0, 48.0)
    assert box["dash"] == [3, 3]
    assert box["stroke"] == (round(0x9A / 255, 3),) * 3
    label = page.one("（单位公章）")
    assert label.size == 10
    assert label.x + measure("（单位公章）", 10) / 2 == pytest.approx(box["x"] + 24, abs=TOL)
    assert label.y == pytest.approx(box["y"] + 24 - 4 / MM, abs=TOL)


def test_pledge_signature_and_date_lines(factory):
    page = factory.pages[4]
    pledge = page.one("本企业承诺，已对本表内容进行了全面审核，信息真实有效，若存在弄虚作假，愿承担相应责任。")
    sign = [x for x in page.lines if x.text.startswith("法人签字：")]
    date = [x for x in page.lines if x.text.startswith("日期：")]
    assert len(sign) == len(date) == 1
    assert sign[0].text == "法人签字：" + "＿" * 10
    assert re.fullmatch(r"日期：\s{10}年\s{6}月\s{6}日", date[0].text), date[0].text
    assert pledge.size == sign[0].size == date[0].size == 11
    # 11 pt on 18 pt lines; 8 mm space; the signature line centred in its 30 mm row
    assert sign[0].y == pytest.approx(pledge.y - (18 - 11) / MM - 8 - 15 - (11 - 18 / 2) / MM, abs=0.05)
    box = _seal(page)
    assert sign[0].x + 30 < box["x"]  # the seal box beside the lines, to their right
    assert box["y"] < sign[0].y < box["y"] + 48 + 10


def test_check_code_and_how_to_verify_beside_the_last_qr(factory):
    page = factory.pages[4]
    code = page.one(f"核对码：{factory.code}")
    how = page.one("用 GreenDesk“核对纸质件”或 greendesk-cli verify 核对纸质件与电子文件是否一致。")
    assert code.size == how.size == 8 and code.x == how.x and code.y > how.y
    x0, y0, x1, y1 = _bbox_of_fills(page, (15, code.y - 20, code.x, code.y + 20))
    assert 20 < x1 - x0 <= 24 + TOL and 20 < y1 - y0 <= 24 + TOL  # the 24 mm QR to the caption's left
    assert x1 < code.x


def test_the_parks_own_words(park, measure):
    last = park.pages[-1]
    assert last.find("本单位承诺，已对本表内容进行了全面审核，信息真实有效，若存在弄虚作假，愿承担相应责任。")
    assert [x.text for x in last.lines if x.text.startswith("负责人签字：")] == ["负责人签字：" + "＿" * 10]
    assert park.reader.metadata["/Title"] == "绿色工业园区动态管理表（2025年度）"


# ---------------------------------------------------------------- a long name in the running head

def test_a_long_name_takes_its_own_head_line(park, measure):
    code = f"园区管理机构统一社会信用代码：{PARK_USCC}"
    name = f"园区名称：{PARK}"
    for page in park.pages:
        title = page.one("绿色工业园区动态管理表（2025年度）")
        assert title.x == pytest.approx(15, abs=TOL)
        if page.w == 210:  # portrait: title and code above, the name below in 7 pt (8 and 7.5 are too wide)
            assert title.y == pytest.approx(297 - 6.5, abs=TOL) and title.size == 8
            c, n = page.one(code), page.one(name)
            assert c.y == title.y and c.size == 8
            assert c.x + measure(code, 8) == pytest.approx(195, abs=TOL)
            assert n.size == 7 and n.y == pytest.approx(title.y - 7 * 1.25 / MM, abs=0.05)
            assert n.x + measure(name, 7) == pytest.approx(195, abs=TOL)
            rule = round(n.y - 1.5, 1)
            assert (15.0, rule, 195.0, rule) in _segments(page)
        else:  # landscape: the name fits in 8 pt on its own line
            n = page.one(name)
            assert n.size == 8 and n.y == pytest.approx(title.y - 8 * 1.25 / MM, abs=0.05)
            assert n.x + measure(name, 8) == pytest.approx(282, abs=TOL)
    # the frame starts under the taller head: nothing printed between the head's rule and the page top
    first = park.pages[0]
    body = [x for x in first.lines if x.size not in (7, 8)]
    assert max(x.y for x in body) < 297 - 6.5 - 8 * 1.25 / MM - 1.5


# ---------------------------------------------------------------- the 草稿 PDF

def _watermark_alpha(doc: Doc, index: int) -> list[float]:
    page = doc.reader.pages[index]
    states = page["/Resources"].get("/ExtGState", {})
    return [float(s.get_object().get("/ca", 1)) for s in states.values()]


def test_draft_with_errors_is_watermarked_on_every_page(empty):
    d = empty
    errors = len(validate(forms.get("green-factory-2025"), new_draft(forms.get("green-factory-2025"))).errors)
    assert errors > 0
    assert (d.result.draft_watermark, d.result.errors) == (True, errors)
    for i, page in enumerate(d.pages):
        marks = page.find("草稿")
        assert len(marks) == 1, i
        mark = marks[0]
        assert (mark.size, mark.angle) == (110, 40), i
        # centred 35 pt under the page centre, in the page turned by 40°: where its text starts
        a, half, down = math.radians(40), 110 / MM, 35 / MM  # half the width of two 110 pt characters
        assert mark.x == pytest.approx(page.w / 2 - half * math.cos(a) + down * math.sin(a), abs=TOL), i
        assert mark.y == pytest.approx(page.h / 2 - half * math.sin(a) - down * math.cos(a), abs=TOL), i
        assert 0.18 in [round(a, 2) for a in _watermark_alpha(d, i)], i
        rg = [args for op, args in page.ops if op == "rg"]
        assert [0.6, 0.6, 0.6] in [[round(float(v), 2) for v in a] for a in rg], i


def test_draft_says_why_and_has_no_signature_block(empty):
    d = empty
    last = d.pages[-1]
    msg = f"存在 {d.result.errors} 个错误，本表为草稿，不能用于签字盖章。请在 GreenDesk 中修正后重新导出。"
    assert _squash(msg) in last.text
    assert last.find(f"核对码：{d.code}")
    joined = "".join(p.text for p in d.pages)
    assert "法人签字" not in joined and "真实性承诺" not in joined and "（单位公章）" not in joined


def test_a_name_far_too_long_wraps_in_three_head_lines_cut_with_an_ellipsis(empty, measure):
    name = "工厂名称：" + NAME_300
    code = "统一社会信用代码：（未填写）"
    step = 7 * 1.25 / MM  # 7 pt lines, 1.25 apart
    portrait = [name[:72], name[72:144], name[144:215] + "…"]  # 180 mm ÷ 7 pt = 72 characters a line
    landscape = [name[:108], name[108:216], name[216:]]  # 267 mm ÷ 7 pt = 108: all of it in three lines
    for i, page in enumerate(empty.pages):
        title = page.one("绿色工厂动态管理表（2025年度）")
        assert (title.x, title.y) == (pytest.approx(15, abs=TOL), pytest.approx(page.h - 6.5, abs=TOL)), i
        c = page.one(code)
        assert c.y == title.y and c.x + measure(code, 8) == pytest.approx(page.w - 15, abs=TOL), i
        expected = portrait if page.w == 210 else landscape
        for k, text in enumerate(expected, 1):
            line = page.one(text)
            assert line.size == 7 and line.y == pytest.approx(title.y - k * step, abs=0.05), (i, k)
            assert line.x + measure(text, 7) == pytest.approx(page.w - 15, abs=TOL), (i, k)
        rule = round(title.y - 3 * step - 1.5, 1)
        assert (15.0, rule, round(page.w - 15, 1), rule) in _segments(page), i
    # the landscape frame starts 3.5 mm under that rule: Part 3's title is its first line (12 pt)
    part3 = empty.pages[1].one("三、持续改进情况")
    assert part3.y == pytest.approx(210 - 6.5 - 3 * step - 1.5 - 3.5 - 12 / MM, abs=0.05)
    # the portrait frame never starts higher than 25 mm from the top: the title as on any first page
    assert empty.pages[0].one("绿色工厂动态管理表").y == pytest.approx(297 - 25 - 18 / MM, abs=0.05)
    assert _decode_qr(empty.data, len(empty.pages) - 1) == [f"GD1||2025|2025.1|{empty.fingerprint}"]


def test_a_line_beyond_6000_characters_wraps_by_character_over_pages(empty):
    lines = [x for p in empty.pages if p.w == 210 for x in p.lines
             if x.size == 9 and x.x == pytest.approx(15, abs=TOL) and x.text[:1] in "甲乙丙丁戊己庚辛壬癸"]
    assert "".join(x.text for x in lines) == LINE_6100  # all of it, in order, nothing lost
    assert {len(x.text) for x in lines[:-1]} == {56}  # 180 mm ÷ 9 pt = 56 characters a line
    pages = [i for i, p in enumerate(empty.pages) if any(x.text[:1] in "甲乙" and x.size == 9 for x in p.lines)]
    assert len(pages) >= 2
    first = [x for x in lines if x in empty.pages[pages[0]].lines]
    assert all(a.y - b.y == pytest.approx(12.5 / MM, abs=0.05) for a, b in zip(first, first[1:], strict=False))
    top = empty.pages[pages[1]].lines
    assert min(x.y for x in top if x.size == 9) >= 15 - TOL  # nothing printed into the foot


def test_a_mark_that_must_not_begin_a_line_hangs_at_the_end_of_the_line_before(park):
    page = next(p for p in park.pages if p.find("乙" * 10))
    assert page.find("甲" * 56 + "，")


def test_a_value_taller_than_a_row_gets_a_row_of_its_own(park):
    page = park.pages[0]
    label = page.one("特殊情况说明")
    rows = [page.one(f"第{i}行说明") for i in range(1, 21)]
    assert all(r.x == pytest.approx(VALUE_X, abs=TOL) and r.size == 9 for r in rows)
    assert rows[0].y == pytest.approx(label.y, abs=TOL)  # aligned at the top of the row
    assert all(a.y - b.y == pytest.approx(12.5 / MM, abs=0.05) for a, b in zip(rows, rows[1:], strict=False))


def test_no_watermark_without_errors(factory):
    assert all(not p.find("草稿") for p in factory.pages)
    assert all(_watermark_alpha(factory, i) == [] or 0.18 not in [round(a, 2) for a in _watermark_alpha(factory, i)]
               for i in range(len(factory.pages)))


# ---------------------------------------------------------------- the 培育名单 (附件3)

GOOD = {"city": "广州市", "name": "广州市绿源制药有限公司", "address": "广州市南沙区", "ownership": "民营",
        "industry": "2720 化学药品制剂制造", "status": "市级绿色工厂", "remark": "新建"}
HEADS = ["序号", "地市", "企业名称", "所在地址（写到县/区镇）", "企业类型（国有、民营、中外合资、外商独资、港澳台企）",
         "所属行业（4位国民经济行业分类代码+名称）", "绿色制造现状（省级绿色工厂、市级绿色工厂、其他）", "备注"]
WIDTHS = [4, 10, 28, 22, 16, 24, 16, 16]  # the definition's column widths, 序号 4


def _records(rows: list[dict], city: str = "广州市") -> Doc:
    definition = forms.get("cultivation-factory-2025")
    draft = new_draft(definition)
    draft.fields["city"] = city
    draft.records["list"] = rows
    data, result = render_records_pdf(definition, draft)
    return _read(data, result, draft.fingerprint())


@pytest.fixture(scope="module")
def cultivation() -> Doc:
    return _records([GOOD, dict(GOOD, name="广州市绿源电缆有限公司", industry="3831 电线、电缆制造",
                                remark="第二行\n两行备注")])


@pytest.fixture(scope="module")
def cultivation_park() -> Doc:
    definition = forms.get("cultivation-park-2025")
    draft = new_draft(definition)
    draft.fields["city"] = "广州"
    draft.records["list"] = [{"name": "广州南沙经济技术开发区", "address": "广州市南沙区", "established": "1993/05",
                              "approver": "国务院", "area": "2760", "park_type": "经开区",
                              "industries": "汽车、装备制造", "remark": "A&B<一期>"}]
    data, result = render_records_pdf(definition, draft)
    return _read(data, result, draft.fingerprint())


@pytest.fixture(scope="module")
def cultivation_bad() -> Doc:
    return _records([dict(GOOD, ownership="私营")] * 30)


def test_list_title_heads_and_rows(cultivation, measure):
    d = cultivation
    assert (d.result.pages, d.result.draft_watermark, d.result.errors) == (1, False, 0)
    assert d.result.fingerprint == d.fingerprint
    page = d.pages[0]
    assert (page.w, page.h) == LANDSCAPE
    title = page.one("广州市绿色制造培育名单（工厂、供应链）")
    assert title.size == 15
    assert title.x + measure("广州市绿色制造培育名单（工厂、供应链）", 15) / 2 == pytest.approx(148.5, abs=TOL)
    lefts = [12.0]
    for w in WIDTHS[:-1]:
        lefts.append(lefts[-1] + 273 * w / sum(WIDTHS))
    for head, left, w in zip(HEADS, lefts, WIDTHS, strict=True):
        cell = [x for x in page.lines if x.size == 8.5 and left < x.x < left + 273 * w / sum(WIDTHS)
                and x.text and _squash(x.text) in _squash(head)]
        assert cell, head
    first = page.one("广州市绿源制药有限公司")
    second = page.one("广州市绿源电缆有限公司")
    assert first.x == pytest.approx(lefts[2] + PAD, abs=TOL) and first.size == 8.5
    assert first.y > second.y
    one = [x for x in page.lines if x.text == "1" and abs(x.y - first.y) < 0.5]
    two = [x for x in page.lines if x.text == "2" and abs(x.y - second.y) < 2]
    assert len(one) == 1 and len(two) == 1
    assert one[0].x + measure("1", 8.5) / 2 == pytest.approx((lefts[0] + lefts[1]) / 2, abs=TOL)  # 序号 centred
    assert page.find("第二行") and page.find("两行备注")  # a line break in a cell kept
    # the head row centred vertically: a one-line head level with the middle line of a three-line one
    assert page.one("地市").y == pytest.approx(page.one("营、中外合资、外商").y, abs=TOL)
    assert d.reader.metadata["/Title"] == "绿色制造培育名单（工厂、供应链）"
    assert d.reader.metadata["/Author"] == "GreenDesk"


def test_list_signature_line_and_foot(cultivation, measure):
    page = cultivation.pages[0]
    sign = [x for x in page.lines if x.text.startswith("填报单位（盖章）：")]
    assert len(sign) == 1 and sign[0].size == 9
    # room for the seal and a hand-written date: 日期： stands ≥ 80 mm to the right on the same line
    date = [x for x in page.lines if x.text.startswith("日期：")]
    assert len(date) == 1 and date[0].y == pytest.approx(sign[0].y, abs=TOL) and date[0].size == 9
    assert date[0].x - sign[0].x >= 80
    assert re.fullmatch(r"日期：\s{6,}年\s{4,}月\s{4,}日", date[0].text), date[0].text
    foot_text = f"内容指纹 {cultivation.code}    第 1 页"
    foot = page.one(foot_text)
    assert (foot.y, foot.size) == (pytest.approx(8, abs=TOL), 8)
    assert foot.x + measure(foot_text, 8) == pytest.approx(297 - 12, abs=TOL)
    assert not page.find("草稿")


def test_list_fonts_embedded(cultivation):
    _assert_fonts_embedded(cultivation)  # no unembedded Helvetica (the canvas's initial font)


def test_a_list_with_errors_is_a_draft_on_every_page(cultivation_bad, measure):
    d = cultivation_bad
    assert d.result.draft_watermark and d.result.errors == 30  # 企业类型「私营」on each of the 30 rows
    assert d.result.pages == len(d.pages) >= 2
    for i, page in enumerate(d.pages, 1):
        mark = page.one("草稿")
        assert (mark.size, mark.angle) == (90, 25), i
        assert _squash(f"内容指纹 {d.code}    第 {i} 页") in page.text, i
        assert page.find("企业名称"), i  # the head repeats
    assert "填报单位" not in "".join(p.text for p in d.pages)
    rows = [x for p in d.pages for x in p.lines if x.text.isdigit() and x.size == 8.5]
    assert [x.text for x in rows] == [str(n) for n in range(1, 31)]


def test_a_list_without_its_city_keeps_the_blank_in_the_title():
    d = _records([GOOD], city="")
    assert d.pages[0].find("____市绿色制造培育名单（工厂、供应链）")


# ---------------------------------------------------------------- layout, shading and ink

def _fills(page: Page) -> list[tuple[tuple, float, float, float, float]]:
    """Filled rectangles as (fill colour, x, y, w, h) in page mm, the CTM applied."""
    out, pending = [], []
    stack, ctm, fill = [], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), None
    for op, args in page.ops:
        if op == "q":
            stack.append((ctm, fill))
        elif op == "Q":
            ctm, fill = stack.pop()
        elif op == "cm":
            a2, b2, c2, d2, e2, f2 = (float(v) for v in args)
            a, b, c, d, e, f = ctm
            ctm = (a2 * a + b2 * c, a2 * b + b2 * d, c2 * a + d2 * c, c2 * b + d2 * d,
                   e2 * a + f2 * c + e, e2 * b + f2 * d + f)
        elif op == "rg":
            fill = tuple(round(float(v), 3) for v in args)
        elif op == "re":
            x, y, w, h = (float(v) for v in args)
            a, _, _, d, e, f = ctm
            pending.append((fill, round((x * a + e) / MM, 1), round((y * d + f) / MM, 1), round(w * a / MM, 1),
                            round(h * d / MM, 1)))
        elif op in ("f", "f*", "B", "B*", "b", "b*"):
            out += pending
            pending = []
        elif op in ("S", "s", "n"):
            pending = []
    return out


def _rgb(hexcode: str) -> tuple:
    return tuple(round(int(hexcode[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))


def _colours(page: Page, op: str) -> set[tuple]:
    return {tuple(round(float(v), 3) for v in args) for o, args in page.ops if o == op}


def test_the_first_page_flows_from_the_top_of_its_frame(factory):
    page = factory.pages[0]
    top = 297 - 25  # the portrait frame: 25 mm from the top (the head and its rule above)
    assert page.one("绿色工厂动态管理表").y == pytest.approx(top - 18 / MM, abs=0.05)  # 18 pt on 24 pt
    assert page.one("2025年度\u3000（2022—2024年数据）").y == pytest.approx(top - (24 + 10.5) / MM, abs=0.05)
    # 15 pt line, 4 mm space, 8 pt before the 12 pt part title
    assert page.one("主营行业").y == pytest.approx(top - (24 + 15 + 8 + 12) / MM - 4, abs=0.05)
    assert factory.pages[1].one("三、持续改进情况").y == pytest.approx(210 - 15 - 12 / MM, abs=0.05)
    for p in factory.pages:
        body = [x for x in p.lines if not (x.size == 8 and (x.y > p.h - 11 or x.y < 9))]
        assert min(x.y for x in body) >= 15 - TOL  # the frames end 15 mm from the bottom


def test_labels_are_shaded_and_the_grid_ruled(factory):
    head_bg = _rgb("#e8eef5")
    fills = {(c, x, w) for c, x, _, w, _ in _fills(factory.pages[0])}
    assert (head_bg, 15.0, 38.0) in fills  # the label column
    assert (head_bg, 105.0, 38.0) in fills  # the second label of a pair
    assert (head_bg, 15.0, 128.0) in fills  # a Part 2 question across three columns
    assert _rgb("#333333") in _colours(factory.pages[0], "rg")  # labels in dark grey
    for page in factory.pages[:4]:
        assert _rgb("#8a8a8a") in _colours(page, "RG")
        assert any(o == "w" and float(a[0]) == 0.5 for o, a in page.ops)


def test_part_3_shading(factory):
    fills = {(c, x, w) for p in factory.pages[1:4] for c, x, _, w, _ in _fills(p)}
    assert (_rgb("#e8eef5"), 15.0, 267.0) in fills  # the head row
    assert (_rgb("#d7e4d0"), 15.0, 267.0) in fills  # a section (1、能源低碳化)
    assert (_rgb("#f1f5ee"), 15.0, 267.0) in fills  # a group (能源消费情况)
    assert (_rgb("#f4f4f4"), 135.0, 81.0) in fills  # computed values: the three year columns


def test_head_and_foot_ink(factory):
    for page in factory.pages:
        assert _rgb("#555555") in _colours(page, "rg")
        assert _rgb("#bbbbbb") in _colours(page, "RG")


def test_the_qr_code_is_on_the_first_page_only_at_the_top(factory):
    for page in factory.pages[1:]:
        assert _bbox_of_fills(page, (page.w - 40, page.h - 40, page.w, page.h)) is None


def test_part_3_cells(factory, park, measure):
    page = factory.pages[1]
    group = page.one("能源消费情况")
    assert (group.x, group.size) == (pytest.approx(COLS[0] + PAD, abs=TOL), 9)
    a, b = page.one("综合能源消费量合计、工业总"), page.one("产值")
    assert a.y - b.y == pytest.approx(10.5 / MM, abs=0.05)  # 8 pt on 10.5 pt
    unit = next(x for x in page.find("单位") if x.size == 8.5)
    assert unit.x + measure("单位", 8.5) / 2 == pytest.approx(COLS[2] + 13, abs=TOL)  # head centred
    rows = [x for p in park.pages for x in p.find("是/否")]
    assert rows
    row = rows[0]
    page = next(p for p in park.pages if row in p.lines)
    yes = [x for x in page.lines if x.text == "是" and abs(x.y - row.y) < 0.5]
    centres = [x.x + measure("是", 9) / 2 for x in yes]
    assert centres == [pytest.approx(c, abs=TOL) for c in (148.5, 175.5, 202.5)]  # 是/否 centred
    note = next(x for p in park.pages for x in p.find("短说明"))
    assert (note.x, note.size) == (pytest.approx(15 + 52 + 42 + 26 + 81 + PAD, abs=TOL), 8)


def test_an_empty_industry_prints_nothing(factory):
    page = factory.pages[0]
    label = page.one("主营行业3")
    assert [x for x in page.lines if abs(x.y - label.y) < 0.5 and x is not label] == []


def test_seal_box_sits_beside_the_lines_in_its_column(factory):
    page = factory.pages[4]
    box = _seal(page)
    sign = next(x for x in page.lines if x.text.startswith("法人签字："))
    date = next(x for x in page.lines if x.text.startswith("日期："))
    assert sign.x == pytest.approx(25 + PAD, abs=TOL)  # the 160 mm block centred in the 180 mm frame
    assert box["x"] == pytest.approx(25 + 100 + 6, abs=TOL)  # centred in its 60 mm column
    assert sign.y - date.y == pytest.approx(15 + 11, abs=TOL)  # rows of 30 and 22 mm, text centred
    # the box is centred on both rows: 11 mm under the first row's middle (2 pt above its baseline)
    assert box["y"] + 24 == pytest.approx(sign.y + 2 / MM - 11, abs=0.05)
    assert _rgb("#777777") in _colours(page, "rg")  # the （单位公章） label in grey


def test_qr_block_caption_lines(factory):
    page = factory.pages[4]
    code = page.one(f"核对码：{factory.code}")
    how = page.one("用 GreenDesk“核对纸质件”或 greendesk-cli verify 核对纸质件与电子文件是否一致。")
    assert code.x == pytest.approx(25 + 28 + PAD, abs=TOL)
    assert code.y - how.y == pytest.approx(10.5 / MM, abs=0.05)
    x0, _, x1, _ = _bbox_of_fills(page, (15, code.y - 20, code.x, code.y + 20))
    assert x0 >= 25 + PAD - TOL and x1 <= 25 + PAD + 24 + TOL


def test_rendering_leaves_reportlabs_drawing_defaults_as_they_were(factory):
    from reportlab.graphics import shapes

    assert shapes.STATE_DEFAULTS["fontName"] == "Helvetica"


def test_list_layout_and_ink(cultivation):
    page = cultivation.pages[0]
    top = 210 - 12 - 6 / MM  # 12 mm margin, the frame's 6 pt padding
    assert page.one("广州市绿色制造培育名单（工厂、供应链）").y == pytest.approx(top - 15 / MM, abs=0.05)
    sign = next(x for x in page.lines if x.text.startswith("填报单位"))
    assert sign.x == pytest.approx(12 + 6 / MM, abs=TOL)
    assert (0.9, 0.93, 0.9) in {c for c, *_ in _fills(page)}  # the head row shaded green-grey
    assert (0.0, 0.0, 0.0) in _colours(page, "RG")


def test_list_watermark_placed_and_translucent(cultivation_bad):
    page = cultivation_bad.pages[0]
    mark = page.one("草稿")
    half = 90 / 2 * 2 / MM  # half the width of two 90 pt characters
    a = math.radians(25)  # centred on (page centre, 100 mm), turned 25°
    assert mark.x == pytest.approx(148.5 - half * math.cos(a), abs=TOL)
    assert mark.y == pytest.approx(100 - half * math.sin(a), abs=TOL)
    assert (0.8, 0.8, 0.8) in _colours(page, "rg")
    assert 0.35 in [round(x, 2) for x in _watermark_alpha(cultivation_bad, 0)]


def test_a_park_list_prints_its_note_under_the_table(cultivation_park):
    d = cultivation_park
    assert not d.result.draft_watermark, d.result
    page = d.pages[0]
    assert page.find("广州市绿色制造培育名单（工业园区）")
    note = page.one("注：园区类型请填写省产业园、高新区、经开区、海关特殊监管区、其他等等。")  # 附件4
    assert note.size == 9
    value = page.one("广州南沙经济技术开发区")
    sign = next(x for x in page.lines if x.text.startswith("填报单位"))
    assert value.y > note.y > sign.y
    assert page.find("A&B<一期>")  # markup characters printed as typed


def _fresh_process_pdf(render: str) -> Doc:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from greendesk import forms\n"
        "from greendesk.document import open_draft\n"
        "from greendesk.draft import new_draft\n"
        "from greendesk.export.pdf import render_pdf\n"
        "from greendesk.export.records_pdf import render_records_pdf\n"
        f"sys.stdout.buffer.write({render}[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, timeout=300).stdout
    return _read(out, None, "")


@pytest.mark.parametrize("render", [
    # `greendesk-cli export` of a list: the list registers the font itself (no signature PDF before it)
    "render_records_pdf(forms.get('cultivation-factory-2025'), new_draft(forms.get('cultivation-factory-2025')))",
    f"render_pdf(forms.get('green-factory-2025'), open_draft(Path({str(SAMPLES / 'green-factory-2025.json')!r})).draft)",
])
def test_the_first_pdf_of_a_process_embeds_the_main_face(render):
    """The font is registered by the first export of a process (the tests' own process registered it
    long before). The .ttc holds two faces: the PDF embeds WenQuanYi Micro Hei, not its Mono face,
    and nothing else (no unembedded Helvetica)."""
    doc = _fresh_process_pdf(render)
    _assert_fonts_embedded(doc)
    names = {str(f.get_object()["/BaseFont"]) for p in doc.reader.pages for f in p["/Resources"]["/Font"].values()}
    assert names and all("WenQuanYiMicroHei" in n and "Mono" not in n for n in names), names


def _grid_lines(page: Page) -> list[tuple[float, float, float, float]]:
    """Lines stroked in the grid's grey (#8a8a8a), in page mm, the CTM applied."""
    out, start, stack = [], None, []
    ctm, stroke = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), None
    for op, args in page.ops:
        if op == "q":
            stack.append((ctm, stroke))
        elif op == "Q":
            ctm, stroke = stack.pop()
        elif op == "cm":
            a2, b2, c2, d2, e2, f2 = (float(v) for v in args)
            a, b, c, d, e, f = ctm
            ctm = (a2 * a + b2 * c, a2 * b + b2 * d, c2 * a + d2 * c, c2 * b + d2 * d,
                   e2 * a + f2 * c + e, e2 * b + f2 * d + f)
        elif op == "RG":
            stroke = tuple(round(float(v), 3) for v in args)
        elif op in ("m", "l"):
            a, _, _, d, e, f = ctm
            point = ((float(args[0]) * a + e) / MM, (float(args[1]) * d + f) / MM)
            if op == "l" and start is not None and stroke == _rgb("#8a8a8a"):
                out.append((*start, *point))
            start = point
    return out


def test_the_first_row_of_each_grid_is_ruled_all_round(factory):
    page = factory.pages[0]
    for label in ("主营行业1", "工厂名称"):  # the first row of Part 0's and Part 1's grids
        row = page.one(label)
        above = [ln for ln in _grid_lines(page) if ln[1] == ln[3] and 0 < ln[1] - row.y < 6
                 and min(ln[0], ln[2]) <= 15 + TOL and max(ln[0], ln[2]) >= 195 - TOL]
        assert above, label  # the rule over the row, across the whole grid
        left = [ln for ln in _grid_lines(page) if ln[0] == ln[2] and abs(ln[0] - 15) < TOL
                and min(ln[1], ln[3]) < row.y < max(ln[1], ln[3])]
        assert left, label  # the grid's left edge beside it

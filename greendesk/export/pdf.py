"""The signature-ready PDF: the five parts laid out like the platform's table, the CJK font
embedded, page furniture on every page, the fingerprint as text and QR code, and the pledge with
the 法人签字 / (单位公章) block on the last page. A draft with errors prints as 草稿 without it."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from greendesk import printable, refdata
from greendesk.compute import compute
from greendesk.definition import FormDefinition, FormField
from greendesk.draft import Draft, short_fingerprint
from greendesk.layout import display_value, table_lines
from greendesk.resources import font_path, resource_path
from greendesk.rules import validate

FONT = "WQYMicroHei"
LONG_NOTE = 160  # longer 特殊情况说明 go to the notes after the table (a row must fit on a page)
CELL_MAX_H = 120.0  # … and so does any Part 3 text that wraps taller than this (line breaks), in pt
TALL_ROW = 150.0  # a Part 0–2 value taller than this gets its own row that may continue overleaf
HEAD_SIZE = 8  # running head and foot, in points
HEAD_NAME_LINES = 3  # lines of factory name in the running head at most (基本信息 prints it in full)
LONG_LINE = 6000  # a line longer than this (beyond every field's limit) is laid out by _PlainText
MANY_RUNS = 40  # … and so is one that switches fonts more often than this
GRID = colors.HexColor("#8a8a8a")
HEAD_BG = colors.HexColor("#e8eef5")
SECTION_BG = colors.HexColor("#d7e4d0")
GROUP_BG = colors.HexColor("#f1f5ee")
COMPUTED_BG = colors.HexColor("#f4f4f4")
UNPRINTABLE = colors.HexColor("#c00000")  # the code point shown for a character that cannot print


@dataclass
class PdfResult:
    pages: int
    draft_watermark: bool
    errors: int
    fingerprint: str


# Chinese punctuation that must not begin a line (GB/T 15834). ReportLab's CJK wrap knows the
# Japanese set only, so lines began with “，”, “：” or “；”: with these it hangs the mark at the end
# of the line instead.
NO_LINE_START = "，；：！？》〉”’"


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 surrogate pairs.

    reportlab writes each as "%04X" (U+20000 as <20000>, which readers take as U+2000), so the
    text layer of a PDF lost every CJK Extension B character: copy, search and pdftotext read
    another character than the page shows."""
    text = _rl_to_unicode_cmap(fontname, subset)
    for i, cp in enumerate(subset):
        if cp > 0xFFFF:
            text = text.replace(f"<{i:02X}> <{cp:04X}>", f"<{i:02X}> <{chr(cp).encode('utf-16-be').hex().upper()}>")
    return text


_rl_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(font_path()), subfontIndex=0))
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):  # one-style paragraphs wrap in textsplit, others here
        missing = "".join(ch for ch in NO_LINE_START if ch not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing


def _font(file: str) -> str:
    """The reportlab name of a PDF font file (printable.fonts()), registered on first use: the
    fallback fonts (CJK Extension A–F…) are large and loaded only for a text that needs them."""
    if file == printable.MAIN_FONT:
        return FONT
    name = "GD-" + file.split(".")[0]
    if name not in pdfmetrics.getRegisteredFontNames():
        data = resource_path("fonts", file).read_bytes()
        if file.endswith(".gz"):
            data = gzip.decompress(data)
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    return name


def _runs(text: str) -> list[tuple[str, str, bool]]:
    """(reportlab font name, piece, printable) runs of `text`, each piece in a font that has its
    characters; a character no font prints faithfully comes as its code point (〔U+202E〕), never
    dropped (it is also a V23 error, so such a PDF is a 草稿)."""
    return [(_font(file), piece, True) if file else (FONT, printable.code_points(piece), False)
            for file, piece in printable.runs(text)]


def _markup(text: str) -> str:
    """Paragraph markup for plain `text`: escaped, line breaks kept, each run of characters the
    main font lacks set in a fallback font."""
    out = []
    for name, piece, ok in _runs(text):
        body = escape(piece).replace("\n", "<br/>")
        if not ok:
            body = f'<font color="{UNPRINTABLE.hexval()}">{body}</font>'
        out.append(body if name == FONT else f'<font face="{name}">{body}</font>')
    return "".join(out)


def _draw(c: rl_canvas.Canvas, x: float, y: float, text: str, size: float, right: bool = False) -> None:
    """canvas.drawString / drawRightString for text that may need a fallback font."""
    if right:
        x -= _width(text, size)
    t = c.beginText(x, y)
    _text_out(t, text, size)
    c.drawText(t)


def _text_out(t, text: str, size: float) -> None:
    """Add `text` to a text object, switching fonts run by run (the text object keeps the place)."""
    for name, piece, _ in _runs(text):
        t.setFont(name, size)
        t.textOut(piece)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12.5, wordWrap="CJK")
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5),
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", parent=base, fontSize=10.5, leading=15, alignment=TA_CENTER),
        "h1": ParagraphStyle("h1", parent=base, fontSize=12, leading=17, spaceBefore=8, spaceAfter=4),
        "label": ParagraphStyle("label", parent=base, textColor=colors.HexColor("#333333")),
        "head": ParagraphStyle("head", parent=base, fontSize=8.5, leading=11, alignment=TA_CENTER),
        "num": ParagraphStyle("num", parent=base, alignment=2),
        "answer": ParagraphStyle("answer", parent=base, alignment=1),
        "pledge": ParagraphStyle("pledge", parent=base, fontSize=11, leading=18),
    }


def _width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(piece, name, size) for name, piece, _ in _runs(text))


def _char_widths(text: str, size: float) -> list[float]:
    """The printed width of each character of `text`, measured once per distinct character."""
    known: dict[str, float] = {}
    out = []
    for ch in text:
        w = known.get(ch)
        if w is None:
            w = known[ch] = _width(ch, size)
        out.append(w)
    return out


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` (anywhere: CJK has no word spaces), except that
    a mark that must not begin a line (NO_LINE_START) hangs at the end of the line before."""
    lines, start, used = [], 0, 0.0
    for i, w in enumerate(_char_widths(text, size)):
        if i > start and used + w > width and text[i] not in NO_LINE_START:
            lines.append(text[start:i])
            start, used = i, 0.0
        used += w
    return lines + [text[start:]] if start < len(text) else lines


def _plain(line: str) -> bool:
    """Whether a line of text is laid out by _PlainText rather than a Paragraph: past LONG_LINE
    characters, or when it switches fonts more than MANY_RUNS times (a Paragraph parses and wraps
    each switch as a separate fragment: 5,000 characters with a fallback character every sixth
    took over 10 s)."""
    return len(line) > LONG_LINE or (len(line) > 2 * MANY_RUNS and len(printable.runs(line)) > MANY_RUNS)


class _PlainText(Flowable):
    """One long line of text, wrapped by character and drawn line by line, in as many fonts as it needs.

    reportlab's Paragraph measures the rest of its text again at every page break (quadratic: a
    40,000-character line took 22 s) and makes a fragment of each font switch; this is linear.
    Used past LONG_LINE characters (beyond every field's length limit: an over-long value still
    prints in full, in seconds) and for lines with many font switches (see _plain)."""

    def __init__(self, text: str, style: ParagraphStyle, lines: list[str] | None = None):
        super().__init__()
        self.text, self.style, self.lines = text, style, lines or []
        self._for_width: float | None = None  # the width `lines` were wrapped to (a split part keeps its lines)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self.text and self._for_width != aw:
            self.lines, self._for_width = _wrap(self.text, self.style.fontSize, aw), aw
        self.width, self.height = aw, len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list:
        self.wrap(aw, ah)
        n = int(ah // self.style.leading)
        if n <= 0:
            return []
        if n >= len(self.lines):
            return [self]
        return [_PlainText("", self.style, self.lines[:n]), _PlainText("", self.style, self.lines[n:])]

    def draw(self) -> None:
        t = self.canv.beginText()
        y = self.height - self.style.fontSize
        for line in self.lines:
            t.setTextOrigin(0, y)
            _text_out(t, line, self.style.fontSize)
            y -= self.style.leading
        self.canv.drawText(t)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_markup(text), style)


def _paragraphs(text: str, style: ParagraphStyle) -> list:
    """A long text as typed: one paragraph a line, its leading (full-width) spaces kept as a
    first-line indent, an empty line as an empty line."""
    out: list = []
    for line in text.strip("\n").split("\n"):
        body = line.lstrip()
        if not body:
            out.append(Spacer(1, style.leading))
            continue
        if _plain(line):
            out.append(_PlainText(line, style))
            continue
        indent = _width(line[:len(line) - len(body)], style.fontSize)
        out.append(_p(body, ParagraphStyle(f"{style.name}+", parent=style, firstLineIndent=indent)
                      if indent else style))
    return out


def _label_grid(valign: str, extra: list[tuple] | tuple = ()) -> TableStyle:
    """The platform's label/value grid: ruled cells, labels shaded in the first column."""
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("BACKGROUND", (0, 0), (0, -1), HEAD_BG),
        *extra,
    ])


def qr_payload(definition: FormDefinition, draft: Draft) -> str:
    """What the QR code on paper says: enough to match a scan to the file it came from."""
    return "|".join(["GD1", definition.unit_code(draft.fields), str(draft.report_year), definition.version,
                     draft.fingerprint()])


class _PagedCanvas(rl_canvas.Canvas):
    """Two-pass canvas: knows the page count when drawing headers and footers (第 X 页 共 Y 页)."""

    furniture = None  # set per export: callable(canvas, page, total)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initialFontName", FONT)  # no unembedded Helvetica in the file
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 — reportlab API
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for i, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            if self.furniture:
                self.furniture(self, i, total)
            super().showPage()
        super().save()


class _SealBox(Flowable):
    """The seal area: ≥ 45 mm square, dashed, labelled (单位公章), room for a 42 mm round seal."""

    def __init__(self, size: float = 48 * mm):
        super().__init__()
        self.size = size
        self.width = self.height = size

    def draw(self):
        c = self.canv
        c.setStrokeColor(colors.HexColor("#9a9a9a"))
        c.setDash(3, 3)
        c.rect(0, 0, self.size, self.size)
        c.setDash()
        c.setFont(FONT, 10)
        c.setFillColor(colors.HexColor("#777777"))
        c.drawCentredString(self.size / 2, self.size / 2 - 4, "（单位公章）")


class PdfBuilder:
    def __init__(self, definition: FormDefinition, draft: Draft):
        _register_font()
        self.d = definition
        self.draft = draft
        self.s = _styles()
        self.computed = compute(definition, draft)
        self.report = validate(definition, draft, self.computed)
        self.errors = len(self.report.errors)
        self.fp = draft.fingerprint()
        self.long_notes: list[tuple[str, str]] = []
        self._headers: dict[float, list[tuple[float, str, str]]] = {}

    # ---------------------------------------------------------------- page furniture
    def _header(self, width: float) -> list[tuple[float, str, str]]:
        """The running head as lines (font size, left text, right text), top to bottom, each
        fitting `width`: title and the unit's name · code (words from the definition's roles: 工厂名称,
        企业名称, 园区名称…) on one line when they fit; otherwise the title and the code above and the
        full name below, smaller or wrapped; a name longer than HEAD_NAME_LINES lines (far beyond its
        length limit) is cut there with “…”: Part 1 prints it in full, and the head must leave room
        for the page."""
        if width not in self._headers:
            self._headers[width] = self._header_lines(width)
        return self._headers[width]

    def _header_lines(self, width: float) -> list[tuple[float, str, str]]:
        label = self.d.name_label
        name = self.d.unit_name(self.draft.fields) or f"（未填写{label}）"
        uscc = self.d.unit_code(self.draft.fields) or "（未填写）"
        title = f"{self.d.title}（{self.d.report_year}年度）"
        name_s, uscc_s = f"{label}：{name}", f"{self.d.code_label}：{uscc}"
        one = f"{name_s}　{uscc_s}"
        if _width(title, HEAD_SIZE) + 6 * mm + _width(one, HEAD_SIZE) <= width:
            return [(HEAD_SIZE, title, one)]
        lines = [(HEAD_SIZE, title, uscc_s)]
        size = next((z for z in (8, 7.5, 7, 6.5) if _width(name_s, z) <= width), None)
        if size is not None:
            return lines + [(size, "", name_s)]
        parts = _wrap(name_s[:HEAD_NAME_LINES * 200], 7.0, width)
        if len(parts) > HEAD_NAME_LINES:
            parts = parts[:HEAD_NAME_LINES]
            parts[-1] = parts[-1][:-1] + "…"
        return lines + [(7.0, "", part) for part in parts]

    @staticmethod
    def _header_baselines(lines: list[tuple[float, str, str]], h: float) -> list[float]:
        y = h - (10 if len(lines) == 1 else 6.5) * mm
        out = []
        for i, (size, _, _) in enumerate(lines):
            if i:
                y -= size * 1.25
            out.append(y)
        return out

    def _header_bottom(self, width: float, h: float) -> float:
        """Where the rule under the running head is drawn (1.5 mm below its last line)."""
        return self._header_baselines(self._header(width), h)[-1] - 1.5 * mm

    def _furniture(self, c: rl_canvas.Canvas, page: int, total: int) -> None:
        w, h = c._pagesize
        c.saveState()
        c.setFillColor(colors.HexColor("#555555"))
        lines = self._header(w - 30 * mm)
        baselines = self._header_baselines(lines, h)
        for (size, left, right), y in zip(lines, baselines, strict=True):
            if left:
                _draw(c, 15 * mm, y, left, size)
            _draw(c, w - 15 * mm, y, right, size, right=True)
        rule = baselines[-1] - 1.5 * mm  # as _header_bottom, from the lines just drawn
        c.setFont(FONT, 8)
        c.setStrokeColor(colors.HexColor("#bbbbbb"))
        c.line(15 * mm, rule, w - 15 * mm, rule)
        c.line(15 * mm, 12 * mm, w - 15 * mm, 12 * mm)
        c.drawString(15 * mm, 8 * mm, f"内容指纹：{short_fingerprint(self.fp)}　表单版本：{self.d.version}")
        c.drawRightString(w - 15 * mm, 8 * mm, f"第 {page} 页 共 {total} 页")
        if page == 1:  # beside the centred title; the last page carries it in the signature block
            top = min(h - 14 * mm, rule - 2.5 * mm)
            self._qr(c, w - 15 * mm - 22 * mm, top - 22 * mm, 22 * mm)
        if self.errors:
            c.setFont(FONT, 110)
            c.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.18))
            c.translate(w / 2, h / 2)
            c.rotate(40)
            c.drawCentredString(0, -35, "草稿")
        c.restoreState()

    def _qr_drawing(self, size: float) -> Drawing:
        widget = QrCodeWidget(qr_payload(self.d, self.draft), barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
        drawing.add(widget)
        return drawing

    def _qr(self, c: rl_canvas.Canvas, x: float, y: float, size: float) -> None:
        self._qr_drawing(size).drawOn(c, x, y)

    def _qr_block(self) -> Table:
        """The QR code with its caption, for the last page (where the signature is)."""
        caption = _p(f"核对码：{short_fingerprint(self.fp)}\n用 GreenDesk“核对纸质件”或 greendesk-cli verify 核对纸质件与电子文件是否一致。",
                     self.s["small"])
        t = Table([[self._qr_drawing(24 * mm), caption]], colWidths=[28 * mm, 132 * mm])
        t.setStyle(TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        return t

    # ---------------------------------------------------------------- parts
    def _field_value(self, f: FormField) -> str:
        v = self.draft.fields
        if f.type == "region":
            p, c, a = (v.get(f"{f.id}.{k}", "") for k in ("province", "city", "county"))
            return " ".join(x for x in (refdata.region_label(p, c, a), v.get(f"{f.id}.detail", "")) if x)
        value = v.get(f.id, "")
        if f.type == "industry" and value:
            return refdata.industry_label(value)
        if f.type == "yesno":
            return "■ 是　□ 否" if value == "是" else ("□ 是　■ 否" if value == "否" else "□ 是　□ 否")
        if f.type == "choice":
            return "　".join(("■ " if o == value else "□ ") + o for o in f.options)
        if f.type == "quantity" and value:
            return f"{value} {v.get(f.unit_key) or f.unit_options[0]}"
        return value

    def _height(self, text: str, style: ParagraphStyle, width: float) -> float:
        """How tall `text` wraps in a table cell `width` wide (the cell's 6 pt side padding off)."""
        if len(text) < 20 and "\n" not in text:
            return style.leading
        if any(_plain(line) for line in text.split("\n")):  # tall or not, it gets a row of its own
            return float("inf")
        return _p(text, style).wrap(width - 12, 1e6)[1]

    def _fields_block(self, part) -> list:
        """Label/value grid like the platform; half-width fields pair up on one line. A value too
        tall for one table row gets a row of its own that may continue on the next page, in its
        place in the form's order."""
        s = self.s
        out: list = []
        rows: list[list] = []
        styles: list[tuple] = []
        pending_half: list[FormField] = []

        def flush_half():
            if not pending_half:
                return
            cells = []
            for f in pending_half:
                cells += [_p(f.label, s["label"]), _p(self._field_value(f), s["base"])]
            while len(cells) < 4:
                cells += [""]
            r = len(rows)
            rows.append(cells)
            styles.append(("BACKGROUND", (2, r), (2, r), HEAD_BG))
            pending_half.clear()

        def flush_table():
            flush_half()
            if rows:
                t = Table(rows, colWidths=[38 * mm, 52 * mm, 38 * mm, 52 * mm], repeatRows=0)
                t.setStyle(_label_grid("MIDDLE", styles))
                out.append(t)
            rows.clear()
            styles.clear()

        for f in part.fields:
            value = self._field_value(f)
            width = (52 if f.layout == "half" else 142) * mm
            if self._height(value, s["base"], width) > TALL_ROW:
                flush_table()
                out.append(self._tall_field(f, value))
                continue
            if f.layout == "half":
                pending_half.append(f)
                if len(pending_half) == 2:
                    flush_half()
                continue
            flush_half()
            wide_label = part.id == "part2"
            rows.append([_p(f.label, s["label"]), _p(value, s["base"]), "", ""])
            r = len(rows) - 1
            if wide_label and f.type == "yesno":
                rows[r] = [_p(f.label, s["label"]), "", "", _p(value, s["base"])]
                styles += [("SPAN", (0, r), (2, r)), ("BACKGROUND", (0, r), (2, r), HEAD_BG)]
            else:
                styles.append(("SPAN", (1, r), (3, r)))
        flush_table()
        return out

    def _tall_field(self, f: FormField, value: str) -> Table:
        """One label/value row whose value continues on the next page when it must (splitInRow)."""
        s = self.s
        paras = _paragraphs(value, s["base"])
        t = Table([[_p(f.label, s["label"]), paras]], colWidths=[38 * mm, 142 * mm], splitInRow=1)
        t.setStyle(_label_grid("TOP"))
        return t

    def _long_text_part(self, part) -> list:
        out: list = []
        for f in part.fields:
            value = self.draft.fields.get(f.id, "")
            if not value.strip():
                out.append(_p("（未填写）", self.s["label"]))
                continue
            out += _paragraphs(value, self.s["base"])
        return out

    def _table_part(self) -> list:
        s = self.s
        years = self.d.years
        head = [_p(t, s["head"]) for t in ["指标名称", "指标涉及的参数", "单位"]]
        head += [_p(self.d.year_label(y), s["head"]) for y in years] + [_p("特殊情况说明", s["head"])]
        data = [head]
        style = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        ncol = 4 + len(years)
        widths = [52 * mm, 42 * mm, 26 * mm] + [27 * mm] * len(years) + [0]
        widths[-1] = (297 - 30) * mm - sum(widths)
        note_w, text_w = widths[-1], 27 * mm * len(years)
        for line in table_lines(self.d, self.draft):
            r = len(data)
            if line.heading:
                data.append([_p(line.label, s["h1"] if line.kind == "section" else s["base"])]
                            + [""] * (ncol - 1))
                style += [("SPAN", (0, r), (-1, r)),
                          ("BACKGROUND", (0, r), (-1, r), SECTION_BG if line.kind == "section" else GROUP_BG)]
                continue
            if line.kind in ("question", "text"):
                value = self._cell_text(self.draft_value(line.text_cell), s["base"], text_w, line.label)
                note = self._note(line, note_w)
                data.append([_p(line.label, s["base"]), _p(line.parameters, s["small"]), "",
                             _p(value, s["base"])] + [""] * (len(years) - 1) + [_p(note, s["small"])])
                style.append(("SPAN", (3, r), (2 + len(years), r)))
                continue
            cells = [_p(line.label, s["base"]), _p(line.parameters, s["small"]), _p(line.unit, s["small"])]
            value_style = s["answer"] if line.kind == "qualitative" else s["num"]  # 是/否 centred
            cells += [_p(display_value(self.computed, line, y), value_style) for y in years]
            cells.append(_p(self._note(line, note_w), s["small"]))
            data.append(cells)
            if not line.editable:
                style.append(("BACKGROUND", (3, r), (2 + len(years), r), COMPUTED_BG))
        t = Table(data, colWidths=widths, repeatRows=1, splitInRow=1)
        t.setStyle(TableStyle(style))
        out: list = [t]
        if self.long_notes:
            out.append(Spacer(1, 4 * mm))
            out.append(_p("特殊情况说明（续）", s["h1"]))
            for ref, text in self.long_notes:
                out += [_p(f"{ref}：", s["label"]), *_paragraphs(text, s["base"])]
        return out

    def draft_value(self, address: str | None) -> str:
        from greendesk import cells

        return (cells.get(self.draft, address) or "") if address else ""

    def _note(self, line, width: float) -> str:
        note = self.draft_value(line.note_cell) if line.note_cell else ""
        return self._cell_text(note, self.s["small"], width, line.label, LONG_NOTE)

    def _cell_text(self, text: str, style: ParagraphStyle, width: float, label: str,
                   max_chars: int | None = None) -> str:
        """The text for a Part 3 cell, or a reference to the notes after the table when it is too
        long or would wrap too tall: a table row must fit on one page, and rows are never split."""
        if (max_chars is not None and len(text) > max_chars) or self._height(text, style, width) > CELL_MAX_H:
            ref = f"注{len(self.long_notes) + 1}"
            self.long_notes.append((f"{ref}（{label}）", text))
            return f"见表后{ref}"
        return text

    def _signature(self) -> list:
        s = self.s
        if self.errors:
            return [Spacer(1, 6 * mm), _p(
                f"存在 {self.errors} 个错误，本表为草稿，不能用于签字盖章。请在 GreenDesk 中修正后重新导出。",
                s["pledge"]), Spacer(1, 6 * mm), self._qr_block()]
        sign = Table(
            [[_p(self.d.signature_labels[0] + "＿＿＿＿＿＿＿＿＿＿", s["pledge"]), _SealBox()],
             [_p(self.d.signature_labels[2] + "\u00a0" * 10 + "年" + "\u00a0" * 6 + "月"
                 + "\u00a0" * 6 + "日", s["pledge"]), ""]],
            colWidths=[100 * mm, 60 * mm], rowHeights=[30 * mm, 22 * mm])
        sign.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("SPAN", (1, 0), (1, 1)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                  ("ALIGN", (1, 0), (1, 0), "CENTER")]))
        return [Spacer(1, 8 * mm), KeepTogether([
            _p("真实性承诺：", s["h1"]), _p(self.d.pledge, s["pledge"]), Spacer(1, 8 * mm), sign,
            Spacer(1, 6 * mm), self._qr_block()])]

    # ---------------------------------------------------------------- assembly
    def story(self) -> list:
        s = self.s
        story: list = [
            _p(self.d.title, s["title"]),
            _p(f"{self.d.report_year}年度　（{self.d.years[0]}—{self.d.years[-1]}年数据）", s["sub"]),
            Spacer(1, 4 * mm),
        ]
        for part in self.d.parts:
            if part.table:
                story += [NextPageTemplate("landscape"), PageBreak(), _p(part.title, s["h1"])]
                story += self._table_part()
                story += [NextPageTemplate("portrait"), PageBreak()]
                continue
            story.append(CondPageBreak(30 * mm))
            story.append(_p(part.title + (f"　{part.note}" if part.id == "part2" else ""), s["h1"]))
            if part.id in ("part4", "part5"):
                story += self._long_text_part(part)
            else:
                story += self._fields_block(part)
        story += self._signature()
        story += self._attachment_checklist()
        return story

    def _attachment_checklist(self) -> list:
        """附件清单 after the signature (the last page): the 情况说明 questions 1–6 answered 是 ask for."""
        from greendesk.attachments import ATTACHMENT_NOTE, required_attachments

        needed = required_attachments(self.d, self.draft)
        if not needed:
            return []
        return [Spacer(1, 6 * mm), _p("附件清单（情况说明）", self.s["h1"]), _p(ATTACHMENT_NOTE + "：", self.s["base"]),
                *[_p("□ " + a.line, self.s["pledge"]) for a in needed]]

    def build(self) -> tuple[bytes, int]:
        buf = io.BytesIO()
        doc = BaseDocTemplate(buf, pagesize=A4, title=f"{self.d.title}（{self.d.report_year}年度）",
                              author="GreenDesk", subject=self.d.unit_name(self.draft.fields),
                              creator="GreenDesk", initialFontName=FONT)
        margins = dict(leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        pw, ph = A4
        lw, lh = landscape(A4)
        # the frames start below the running head, which takes more lines for a long factory name
        p_top = min(ph - 25 * mm, self._header_bottom(pw - 30 * mm, ph) - 3.5 * mm)
        l_top = min(lh - 15 * mm, self._header_bottom(lw - 30 * mm, lh) - 3.5 * mm)
        doc.addPageTemplates([
            PageTemplate("portrait", [Frame(15 * mm, 15 * mm, pw - 30 * mm, p_top - 15 * mm, **margins)],
                         pagesize=A4),
            PageTemplate("landscape", [Frame(15 * mm, 15 * mm, lw - 30 * mm, l_top - 15 * mm, **margins)],
                         pagesize=landscape(A4)),
        ])
        builder = self

        class Canvas(_PagedCanvas):
            furniture = staticmethod(builder._furniture)

        pages: list[int] = []

        class Counting(Canvas):
            def save(self):
                pages.append(len(self._pages))
                super().save()

        from reportlab.graphics import shapes

        default_font = shapes.STATE_DEFAULTS["fontName"]
        shapes.STATE_DEFAULTS["fontName"] = FONT  # the QR drawing would otherwise pull in Helvetica
        try:
            doc.build(self.story(), canvasmaker=Counting)
        finally:
            shapes.STATE_DEFAULTS["fontName"] = default_font
        return buf.getvalue(), pages[0] if pages else 0


def render_pdf(definition: FormDefinition, draft: Draft) -> tuple[bytes, PdfResult]:
    builder = PdfBuilder(definition, draft)
    data, pages = builder.build()
    return data, PdfResult(pages, bool(builder.errors), builder.errors, builder.fp)

"""Stamped scans: read the QR code GreenDesk prints on the PDF and say which file the paper shows.

The enterprise signs and seals the printed PDF and uploads a scan (PDF or image). Its QR code
carries the content fingerprint (`export.pdf.qr_payload`: GD1|credit code|year|form version|
fingerprint). A real decoder reads it (zxing-cpp); PDF pages are rasterised with pdfium. Then the
code is compared with a draft: the same content, another file's content, or no code at all.
Only reads: neither the scan nor any draft is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from greendesk import oserrors, storage
from greendesk.draft import short_fingerprint

PDF_SUFFIXES = (".pdf",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")
SCAN_SUFFIXES = PDF_SUFFIXES + IMAGE_SUFFIXES
MAGIC = "GD1"
DPI = (150, 300)  # first try; a second, finer pass when no code was found
MAX_PAGES = 50
MAX_SCAN_BYTES = 200 * 1024 * 1024


class ScanError(Exception):
    """A scan that cannot be read at all; `message` is Chinese and names the file."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PaperCode:
    """What one GreenDesk QR code says."""

    uscc: str
    report_year: str
    version: str
    fingerprint: str

    @property
    def short(self) -> str:
        return short_fingerprint(self.fingerprint)

    @classmethod
    def parse(cls, text: str) -> PaperCode | None:
        parts = text.strip().split("|")
        if len(parts) != 5 or parts[0] != MAGIC or len(parts[4]) != 64:
            return None
        return cls(parts[1], parts[2], parts[3], parts[4].lower())


@dataclass
class ScanCheck:
    """The verdict on one scan: `status` is match (the draft given), found (one of several
    drafts given), mismatch, no_code or unreadable."""

    scan: Path
    status: str
    message: str
    codes: list[PaperCode] = field(default_factory=list)
    draft: Path | None = None  # the file compared with, or the one the scan turned out to belong to


# ---------------------------------------------------------------- decoding


def _decode(image) -> list[str]:
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def _pdf_texts(path: Path, dpi: int, first_only: bool) -> list[str]:
    """Codes page by page (the QR is on the first and the last page of our PDFs); with
    `first_only`, stop at the first page that carries a GreenDesk code."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 — pdfium's errors all mean "not a PDF we can open"
        raise ScanError(f"「{path.name}」不是有效的 PDF 文件，或已损坏、加了密码，无法打开。") from None
    try:
        texts: list[str] = []
        n = len(doc)
        # a long PDF: its first and its last pages (where our PDFs print the code), MAX_PAGES in all
        pages = range(n) if n <= MAX_PAGES else [*range(MAX_PAGES // 2), *range(n - MAX_PAGES // 2, n)]
        for i in pages:
            page = doc[i]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                view = memoryview(bitmap.buffer).cast("B", (bitmap.height, bitmap.stride))
                texts += _decode(view)
            finally:
                page.close()
            if first_only and any(PaperCode.parse(t) for t in texts):
                break
        return texts
    finally:
        doc.close()


def _image_texts(path: Path) -> list[str]:
    try:
        from PIL import Image
    except ImportError:
        raise ScanError(f"本程序无法读取图片「{path.name}」，请上传 PDF 扫描件。") from None
    try:
        with Image.open(path) as img:
            img.load()
            return _decode(img.convert("L"))
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ScanError(f"「{path.name}」无法作为图片读取（{type(exc).__name__}）。") from None


def read_codes(path: Path, *, first_only: bool = False) -> list[PaperCode]:
    """Every GreenDesk code on the scan (pages in order; with `first_only`, those of the first page
    that has one); ScanError when the file cannot be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        said = oserrors.describe(exc, path)
        raise ScanError(said + "。" if oserrors.kind_of(exc) == "missing" else f"无法读取「{path.name}」：{said}。") from None
    if storage.is_special_file(path):  # a pipe or device: a decoder would wait for ever
        raise ScanError(storage.special_file_message(path))
    if size > MAX_SCAN_BYTES:
        raise ScanError(f"「{path.name}」超过 {MAX_SCAN_BYTES // 1024 // 1024} MB，不作为扫描件读取。")
    suffix = path.suffix.lower()
    if suffix not in SCAN_SUFFIXES:
        raise ScanError(f"「{path.name}」不是 PDF 或图片扫描件。")
    codes: list[PaperCode] = []
    passes = DPI if suffix in PDF_SUFFIXES else (None,)
    for dpi in passes:
        texts = _pdf_texts(path, dpi, first_only) if dpi else _image_texts(path)
        codes = list(dict.fromkeys(c for c in map(PaperCode.parse, texts) if c))
        if codes:
            break
    return codes


# ---------------------------------------------------------------- comparing


def draft_fingerprint(path: Path) -> tuple[str, str]:
    """(fingerprint, credit code) of a draft or GreenDesk workbook; ScanError when unreadable."""
    from greendesk.review.unit import review_file

    result = review_file(Path(path))
    if not result.readable:
        raise ScanError(result.reason)
    return result.fingerprint, result.uscc


def check(scan: Path, drafts: Iterable[Path] = (), *,
          known: dict[Path, tuple[str, str]] | None = None) -> ScanCheck:
    """Compare the scan with one draft (or find it among several).

    `known` maps a draft to its (fingerprint, credit code) when the caller has them already.
    """
    scan = Path(scan)
    try:
        codes = read_codes(scan)  # every page: a PDF may hold several tables' signed pages
    except ScanError as exc:
        return ScanCheck(scan, "unreadable", exc.message)
    if not codes:
        return ScanCheck(scan, "no_code", f"「{scan.name}」中没有找到 GreenDesk 二维码"
                         "（扫描件不清晰，或打印的不是 GreenDesk 导出的签字版 PDF）。")
    prints = dict(known or {})
    unreadable: list[str] = []
    for d in drafts:
        if Path(d) not in prints:
            try:
                prints[Path(d)] = draft_fingerprint(Path(d))
            except ScanError as exc:
                unreadable.append(exc.message)
    if not prints and unreadable:  # nothing to compare with: say why, not "matches none of 0 files"
        return ScanCheck(scan, "unreadable", unreadable[0], codes)
    fingerprints = {c.fingerprint for c in codes}
    for d, (fp, _uscc) in prints.items():
        if fp in fingerprints:
            code = next(c for c in codes if c.fingerprint == fp)
            if len(prints) == 1:
                return ScanCheck(scan, "match", f"一致：扫描件上的二维码（指纹 {code.short}）与"
                                 f"「{d.name}」的内容相符。", codes, d)
            return ScanCheck(scan, "found", f"扫描件属于「{d}」：二维码（指纹 {code.short}）与该文件的内容相符。",
                             codes, d)
    code = codes[0]
    if len(prints) == 1:
        d, (fp, _) = next(iter(prints.items()))
        return ScanCheck(scan, "mismatch",
                         f"不一致：扫描件的内容指纹为 {code.short}，「{d.name}」的为 {short_fingerprint(fp)}。"
                         "纸质件与文件内容不同。", codes, d)
    same_unit = [d for d, (_fp, uscc) in prints.items() if uscc and uscc == code.uscc]
    where = f"（统一社会信用代码 {code.uscc} 的文件：{'、'.join(d.name for d in same_unit)}）" if same_unit else ""
    return ScanCheck(scan, "mismatch",
                     f"不一致：扫描件的内容指纹为 {code.short}，与所给的 {len(prints)} 个文件都不相符{where}。",
                     codes, same_unit[0] if same_unit else None)

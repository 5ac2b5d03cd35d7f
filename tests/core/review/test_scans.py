"""Stamped scans: the QR code of the signature PDF, printed, scanned and uploaded, is read back.

The "scan" is the exported PDF rasterised at 150 dpi (as an office scanner would), turned by 1.5°
and sprinkled with noise, saved as a PNG and as an image-only PDF.
"""

from __future__ import annotations

import random

import pytest

pytest.importorskip("zxingcpp")
pdfium = pytest.importorskip("pypdfium2")
Image = pytest.importorskip("PIL.Image")

from greendesk.cli import main  # noqa: E402
from greendesk.scan_check import check, read_codes  # noqa: E402
from tests.conftest import SAMPLES  # noqa: E402

SAMPLE_USCC = "9144011206Q8L2D5X8"


def _scan_of(pdf, last_page: bool = True):
    doc = pdfium.PdfDocument(str(pdf))
    page = doc[len(doc) - 1 if last_page else 0]
    img = page.render(scale=150 / 72).to_pil().convert("L")
    doc.close()
    img = img.rotate(1.5, expand=True, fillcolor=255)
    rng = random.Random(7)
    px = img.load()
    w, h = img.size
    for _ in range(w * h // 50):  # 2 % of the pixels flipped to grey specks
        px[rng.randrange(w), rng.randrange(h)] = rng.choice((0, 90, 180))
    return img


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    from greendesk import export
    from greendesk.document import open_draft

    folder = tmp_path_factory.mktemp("scans")
    opened = open_draft(SAMPLES / "green-factory-2025.json")
    pdf = folder / "signed.pdf"
    result = export.export_pdf(opened.definition, opened.draft, pdf)
    assert not result.draft_watermark  # the signature version: it carries the QR code
    png = folder / "scan.png"
    _scan_of(pdf).save(png)
    scanned_pdf = folder / "scan.pdf"
    _scan_of(pdf, last_page=False).convert("RGB").save(scanned_pdf, resolution=150)
    return {"pdf": pdf, "png": png, "scanned_pdf": scanned_pdf, "fingerprint": opened.draft.fingerprint()}


def test_the_code_on_a_rotated_noisy_scan_is_read(scans):
    for key in ("pdf", "png", "scanned_pdf"):
        codes = read_codes(scans[key])
        assert [(c.uscc, c.report_year, c.version) for c in codes] == [(SAMPLE_USCC, "2025", "2025.1")]
        assert codes[0].fingerprint == scans["fingerprint"]


def test_scan_matches_its_draft_and_not_a_changed_one(scans, variant):
    same = variant("same.json")
    assert check(scans["png"], [same]).status == "match"

    def changed(d):
        d.table["E0"].values["2024"] = "98761"  # 98760 in the sample

    other = variant("changed.json", changed)
    result = check(scans["scanned_pdf"], [other])
    assert result.status == "mismatch"
    assert "不一致" in result.message and "changed.json" in result.message


def test_the_file_a_scan_belongs_to_is_found_in_a_folder(scans, tmp_path, variant, capsys):
    variant("a.json", lambda d: d.fields.update(factory_name="另一家企业"))
    variant("b.json")
    result = check(scans["png"], [tmp_path / "a.json", tmp_path / "b.json"])
    assert result.status == "found" and result.draft == tmp_path / "b.json"
    assert main(["check-scan", str(scans["png"]), str(tmp_path)]) == 0
    assert "b.json" in capsys.readouterr().out


def test_no_code_and_unreadable_scans_are_told_apart(tmp_path, variant):
    blank = tmp_path / "blank.png"
    Image.new("L", (800, 600), 255).save(blank)
    draft = variant("a.json")
    assert check(blank, [draft]).status == "no_code"
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage")
    result = check(broken, [draft])
    assert result.status == "unreadable" and "broken.pdf" in result.message
    assert main(["check-scan", str(broken), str(draft)]) == 2
    assert main(["check-scan", str(blank), "--draft", str(draft)]) == 1


def test_the_review_checks_a_scan_beside_its_draft(scans, tmp_path, variant):
    from greendesk.review.runner import run_review
    from greendesk.review.scans import check_scans

    ok = tmp_path / "ok"
    variant("unit.json", folder=ok)
    (ok / "unit.pdf").write_bytes(scans["scanned_pdf"].read_bytes())
    bad = tmp_path / "bad"
    variant("unit.json", lambda d: d.table["E0"].values.update({"2024": "98761"}), folder=bad)
    (bad / "盖章版.png").write_bytes(scans["png"].read_bytes())  # the folder's only draft
    none = tmp_path / "none"
    variant("unit.json", folder=none)
    Image.new("L", (600, 800), 255).save(none / "unit.jpg")
    units = {u.file: u for u in run_review([tmp_path], scans=check_scans).units}
    assert not {"scan_mismatch", "scan_no_code"} & set(units[str(ok / "unit.json")].flags)
    assert "scan_mismatch" in units[str(bad / "unit.json")].flags
    assert units[str(bad / "unit.json")].details["scan_mismatch"].startswith("盖章版.png 的指纹为")
    assert "scan_no_code" in units[str(none / "unit.json")].flags


def _pdf_of_pages(pages: list, out):
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=150)
    return out


def test_a_pdf_holding_two_tables_matches_the_one_whose_code_it_carries(scans, tmp_path, variant):
    """QA: last year's signed page first, this year's after: only the first code was read, and the
    scan was called 不一致 with this year's draft."""
    other = variant("other.json", lambda d: d.fields.update(factory_name="甲示范厂二期"))
    from greendesk import export
    from greendesk.document import open_draft

    other_pdf = tmp_path / "other.pdf"
    opened = open_draft(other)
    export.export_pdf(opened.definition, opened.draft, other_pdf)
    merged = _pdf_of_pages([_scan_of(other_pdf).convert("RGB"), _scan_of(scans["pdf"]).convert("RGB")],
                           tmp_path / "两张表.pdf")
    result = check(merged, [SAMPLES / "green-factory-2025.json"])
    assert result.status == "match"


def test_a_long_pdf_is_read_at_its_first_and_last_pages(scans, tmp_path, monkeypatch):
    """The signed page at the end of a PDF longer than the pages read (QA: 50 blank pages first)."""
    from greendesk import scan_check

    monkeypatch.setattr(scan_check, "MAX_PAGES", 4)
    blank = Image.new("RGB", (600, 800), "white")
    long_pdf = _pdf_of_pages([blank] * 6 + [_scan_of(scans["pdf"]).convert("RGB")], tmp_path / "长.pdf")
    assert check(long_pdf, [SAMPLES / "green-factory-2025.json"]).status == "match"


def test_an_unreadable_draft_is_said_not_compared(scans, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{bad", encoding="utf-8")
    result = check(scans["png"], [broken])
    assert result.status == "unreadable"
    assert result.message.startswith("文件「broken.json」无法读取：")


def test_a_tiff_scan_beside_its_draft_is_checked(scans, tmp_path, variant):
    folder = tmp_path / "城区"
    variant("甲.json", lambda d: d.fields.update(factory_name="甲示范厂二期"), folder=folder)
    _scan_of(scans["pdf"]).save(folder / "甲.tif")  # the sample's signed page: not 甲's content
    from greendesk.review import scans as review_scans
    from greendesk.review.runner import run_review

    review = run_review([folder], workers=1, use_cache=False, scans=review_scans.check_scans)
    assert review.units[0].flags == ["scan_mismatch"]


def test_messages_for_a_missing_or_broken_scan_are_chinese(tmp_path):
    from greendesk.scan_check import ScanError

    with pytest.raises(ScanError) as exc:
        read_codes(tmp_path / "nonexist.pdf")
    assert exc.value.message.startswith("找不到文件「nonexist.pdf」")
    (tmp_path / "坏.pdf").write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(ScanError) as exc:
        read_codes(tmp_path / "坏.pdf")
    assert exc.value.message == "「坏.pdf」不是有效的 PDF 文件，或已损坏、加了密码，无法打开。"

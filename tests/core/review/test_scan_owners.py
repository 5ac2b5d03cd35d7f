"""Which file of a folder a stamped scan is compared with in 批量审核: any readable unit can own
one (a draft or a GreenDesk workbook, a table or a 培育名单), by its file name first; a scan is
never compared with a file its name does not point at when its name points at another; a scan that
cannot be compared with its owner is listed with why, never dropped.

The decoder is replaced by canned codes (`mapper`); the QR codes carry the shipped sample's
fingerprint (the one its signature PDF prints, 23BA-A38E-72D7). Expected texts written literally."""

from __future__ import annotations

import shutil
from pathlib import Path

from greendesk.document import open_draft
from greendesk.export import export_xlsx
from greendesk.review.runner import run_review
from greendesk.review.scans import check_scans
from greendesk.scan_check import PaperCode
from tests.conftest import SAMPLES

SAMPLE_PRINT = "23baa38e72d7adb9ddd0936a3089556f74fae8a7cc642ea56bab581db1da5752"
SAMPLE_CODE = PaperCode.parse(f"GD1|9144011206Q8L2D5X8|2025|2025.1|{SAMPLE_PRINT}")
OTHER_CODE = PaperCode.parse("GD1|9144011206Q8L2D5X8|2025|2025.1|" + "ab" * 32)  # the same unit, changed
SCAN_FLAGS = {"scan_mismatch", "scan_no_code"}


def _mapper(results: dict[str, tuple[list | None, str]]):
    def mapper(_fn, items):
        for scan in items:
            codes, reason = results[Path(scan).name]
            yield scan, codes, reason

    return mapper


def _review(folder: Path, results: dict[str, tuple[list | None, str]]):
    for name in results:
        (folder / name).write_bytes(b"%PDF-1.4")
    review = run_review([folder], workers=1, use_cache=False,
                        scans=lambda units, scans, _m: check_scans(units, scans, _mapper(results)))
    flags = {Path(u.file).name: {c: u.details.get(c, "") for c in u.flags if c in SCAN_FLAGS}
             for u in review.units}
    return flags, [(Path(s).name, why) for s, why in review.unchecked_scans]


def _workbook(path: Path, sample: str = "green-factory-2025.json") -> None:
    opened = open_draft(SAMPLES / sample)
    path.parent.mkdir(parents=True, exist_ok=True)
    export_xlsx(opened.definition, opened.draft, path)


def _copy(name: str, folder: Path, as_name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLES / name, folder / as_name)


def test_a_workbooks_scan_is_compared_with_the_workbook_not_with_the_folders_draft(tmp_path):
    folder = tmp_path / "d"
    _workbook(folder / "gf.xlsx")
    _copy("green-park-2025.json", folder, "park.json")
    flags, unchecked = _review(folder, {"gf.pdf": ([SAMPLE_CODE], "")})
    assert (flags, unchecked) == ({"gf.xlsx": {}, "park.json": {}}, [])

    changed = tmp_path / "changed"
    _workbook(changed / "gf.xlsx")
    _copy("green-park-2025.json", changed, "park.json")
    flags, unchecked = _review(changed, {"gf_盖章.pdf": ([OTHER_CODE], ""), "park.png": ([], "")})
    assert flags == {"gf.xlsx": {"scan_mismatch": "gf_盖章.pdf 的指纹为 ABAB-ABAB-ABAB，文件的为 23BA-A38E-72D7"},
                     "park.json": {"scan_no_code": "park.png 中没有找到 GreenDesk 二维码"}}
    assert unchecked == []


def test_a_scan_named_after_one_unit_is_never_compared_with_another(tmp_path):
    folder = tmp_path / "e"
    _workbook(folder / "甲厂.xlsx")
    _copy("green-factory-2025.json", folder, "甲厂.json")  # its draft beside it: the same stem
    _copy("green-park-2025.json", folder, "园区.json")
    _copy("cultivation-factory-2025.json", folder, "名单.json")
    flags, unchecked = _review(folder, {"甲厂.pdf": ([OTHER_CODE], ""),
                                        "园区_盖章.pdf": (None, "「园区_盖章.pdf」不是有效的 PDF。")})
    assert flags == {"甲厂.xlsx": {"scan_mismatch": "甲厂.pdf 的指纹为 ABAB-ABAB-ABAB，文件的为 23BA-A38E-72D7"},
                     "甲厂.json": {"scan_mismatch": "甲厂.pdf 的指纹为 ABAB-ABAB-ABAB，文件的为 23BA-A38E-72D7"},
                     "园区.json": {"scan_no_code": "园区_盖章.pdf：「园区_盖章.pdf」不是有效的 PDF。"},
                     "名单.json": {}}
    assert unchecked == []


def test_the_only_table_of_a_folder_is_not_taken_for_a_scan_that_may_be_the_lists(tmp_path):
    folder = tmp_path / "f"
    _copy("green-factory-2025.json", folder, "甲厂.json")  # the folder's only draft
    _workbook(folder / "名单.xlsx", "cultivation-factory-2025.json")  # the city's list as a workbook
    flags, unchecked = _review(folder, {"扫描1.pdf": ([], ""), "扫描2.pdf": ([OTHER_CODE], "")})
    assert flags == {"甲厂.json": {"scan_mismatch": "扫描2.pdf 的指纹为 ABAB-ABAB-ABAB，文件的为 23BA-A38E-72D7"},
                     "名单.xlsx": {}}
    assert unchecked == [("扫描1.pdf", "没有找到 GreenDesk 二维码，文件名也不对应任何草稿或工作簿，未核对。")]


def test_a_scan_with_a_qr_code_beside_a_list_is_listed_with_why(tmp_path):
    folder = tmp_path / "b"
    _copy("cultivation-factory-2025.json", folder, "list.json")
    flags, unchecked = _review(folder, {
        "gf_scan.pdf": ([SAMPLE_CODE], ""),  # a unit table's signed PDF, in the city's folder
        "list.pdf": ([], ""),  # the list's own stamped PDF: no QR code, nothing to compare
        "list_盖章.pdf": ([OTHER_CODE], ""),
        "list_2.pdf": (None, "「list_2.pdf」不是有效的 PDF。"),
    })
    assert flags == {"list.json": {}}
    assert unchecked == [
        ("gf_scan.pdf", "二维码（统一社会信用代码 9144011206Q8L2D5X8，指纹 23BA-A38E-72D7）属于单位的动态管理表，"
                        "文件夹中没有这家单位的表（「list.json」是培育名单），未核对。"),
        ("list_2.pdf", "「list_2.pdf」不是有效的 PDF；培育名单「list.json」的盖章件不印二维码，未核对。"),
        ("list_盖章.pdf", "文件名对应培育名单「list.json」，但扫描件上是单位动态管理表的二维码（统一社会信用代码 "
                         "9144011206Q8L2D5X8，指纹 ABAB-ABAB-ABAB），培育名单的盖章件不印二维码，未核对。"),
    ]


def test_a_scan_of_one_year_goes_to_that_years_table_of_the_unit(tmp_path):
    folder = tmp_path / "g"
    _copy("green-factory-2025.json", folder, "2025.json")
    _copy("green-factory-2024.json", folder, "2024.json")
    flags, unchecked = _review(folder, {"扫描.pdf": ([OTHER_CODE], "")})
    assert flags == {"2025.json": {"scan_mismatch": "扫描.pdf 的指纹为 ABAB-ABAB-ABAB，文件的为 23BA-A38E-72D7"},
                     "2024.json": {}}
    assert unchecked == []


def test_the_qr_codes_fingerprint_decides_before_a_name_that_also_fits(tmp_path):
    """QA: 甲盖章-2024.pdf (last year's signed table, by its QR code) starts with 甲 too: it was
    compared with 甲.json and flagged 扫描件不符, though it is exactly 甲-2024's."""
    folder = tmp_path / "d"
    _copy("green-factory-2025.json", folder, "甲-2024.json")  # the sample: its fingerprint is SAMPLE_PRINT
    _copy("green-supply-chain-2025.json", folder, "甲.json")
    flags, unchecked = _review(folder, {"甲盖章-2024.pdf": ([SAMPLE_CODE], "")})
    assert flags == {"甲-2024.json": {}, "甲.json": {}} and unchecked == []


def test_a_scan_without_a_code_named_after_a_draft_and_its_workbook_is_each_ones(tmp_path):
    """QA: 甲_盖章.pdf beside 甲.json and its export 甲.xlsx was listed as not matching any name."""
    folder = tmp_path / "d"
    _copy("green-factory-2025.json", folder, "甲.json")
    _workbook(folder / "甲.xlsx")
    flags, unchecked = _review(folder, {"甲_盖章.pdf": ([], "")})
    said = "甲_盖章.pdf 中没有找到 GreenDesk 二维码"
    assert flags == {"甲.json": {"scan_no_code": said}, "甲.xlsx": {"scan_no_code": said}}
    assert unchecked == []


def test_a_lists_scan_beside_the_list_and_its_workbook_is_neither_flagged_nor_listed(tmp_path):
    folder = tmp_path / "d"
    _copy("cultivation-factory-2025.json", folder, "名单.json")
    _workbook(folder / "名单.xlsx", "cultivation-factory-2025.json")
    flags, unchecked = _review(folder, {"名单_盖章.pdf": ([], "")})
    assert flags == {"名单.json": {}, "名单.xlsx": {}} and unchecked == []

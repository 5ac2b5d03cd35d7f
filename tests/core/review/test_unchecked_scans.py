"""批量审核 never drops a stamped scan silently: a scan that belongs to no draft (its folder has none,
or several drafts and neither its file name nor its QR code points at one) is listed with why, in the
CLI's output, the JSON report and a sheet of the workbook report.

The decoding is replaced by canned results (`mapper`), so these run without the QR decoders; the
real decoders are exercised in test_scans.py. Expected texts written literally."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from greendesk.review.report_json import render_json
from greendesk.review.report_xlsx import render_xlsx
from greendesk.review.runner import run_review
from greendesk.review.scans import check_scans
from greendesk.scan_check import PaperCode
from tests.core.review.conftest import SAMPLE_USCC

FOREIGN = PaperCode.parse("GD1|91110000600037341L|2025|green-factory-2025@1|" + "ab" * 32)


def _mapper(results: dict[str, tuple[list | None, str]]):
    """Stands in for the decoder: scan name → (codes or None, reason); records what was asked."""
    asked: list[str] = []

    def mapper(_fn, items):
        for scan in items:
            asked.append(Path(scan).name)
            codes, reason = results[Path(scan).name]
            yield scan, codes, reason

    mapper.asked = asked  # type: ignore[attr-defined]
    return mapper


def _two_drafts(variant, folder: Path) -> None:
    variant("a.json", folder=folder)
    variant("b.json", lambda d: d.fields.update(uscc="91440101MA59TEST1X"), folder=folder)


def _review(folder: Path, mapper) -> tuple[list, list[tuple[str, str]]]:
    review = run_review([folder], workers=1, use_cache=False,
                        scans=lambda units, scans, _m: check_scans(units, scans, mapper))
    return review.units, review.unchecked_scans


def test_a_scan_that_no_draft_owns_is_listed_with_why(variant, tmp_path):
    folder = tmp_path / "城区"
    _two_drafts(variant, folder)
    for name in ("扫描1.pdf", "扫描2.png", "扫描3.pdf"):
        (folder / name).write_bytes(b"x")
    mapper = _mapper({"扫描1.pdf": (None, "「扫描1.pdf」不是有效的 PDF。"), "扫描2.png": ([], ""),
                      "扫描3.pdf": ([FOREIGN], "")})
    units, unchecked = _review(folder, mapper)
    assert sorted(mapper.asked) == ["扫描1.pdf", "扫描2.png", "扫描3.pdf"]
    assert [(Path(s).name, why) for s, why in unchecked] == [
        ("扫描1.pdf", "「扫描1.pdf」不是有效的 PDF；文件名也不对应任何草稿或工作簿，未核对。"),
        ("扫描2.png", "没有找到 GreenDesk 二维码，文件名也不对应任何草稿或工作簿，未核对。"),
        ("扫描3.pdf", f"二维码（统一社会信用代码 91110000600037341L，指纹 {FOREIGN.short}）"
                     "与文件夹中的草稿或工作簿都不对应，文件名也不对应，未核对。"),
    ]
    assert all(not {"scan_no_code", "scan_mismatch"} & set(u.flags) for u in units)


def test_a_scan_in_a_folder_without_a_readable_draft_is_listed_and_not_decoded(variant, tmp_path):
    (tmp_path / "只有扫描件").mkdir()
    (tmp_path / "只有扫描件" / "盖章.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "坏的").mkdir()
    (tmp_path / "坏的" / "坏.json").write_text("{", encoding="utf-8")
    (tmp_path / "坏的" / "坏.pdf").write_bytes(b"%PDF-1.4")
    variant("a.json", folder=tmp_path / "好的")
    mapper = _mapper({})
    _units, unchecked = _review(tmp_path, mapper)
    assert mapper.asked == []
    assert [(Path(s).parent.name, Path(s).name, why) for s, why in unchecked] == [  # by path
        ("只有扫描件", "盖章.pdf", "所在文件夹中没有可读取的草稿或工作簿，未核对。"),
        ("坏的", "坏.pdf", "所在文件夹中没有可读取的草稿或工作簿，未核对。"),
    ]


def test_a_scan_its_draft_owns_is_checked_not_listed(variant, tmp_path):
    folder = tmp_path / "城区"
    _two_drafts(variant, folder)
    (folder / "a_盖章.pdf").write_bytes(b"x")  # a's by its name
    (folder / "扫描.pdf").write_bytes(b"x")  # b's by the credit code of its QR code
    b_code = PaperCode.parse("GD1|91440101MA59TEST1X|2025|green-factory-2025@1|" + "cd" * 32)
    units, unchecked = _review(folder, _mapper({"a_盖章.pdf": ([], ""), "扫描.pdf": ([b_code], "")}))
    assert unchecked == []
    by_name = {Path(u.file).name: u for u in units}
    assert by_name["a.json"].details["scan_no_code"] == "a_盖章.pdf 中没有找到 GreenDesk 二维码"
    assert by_name["b.json"].details["scan_mismatch"].startswith("扫描.pdf 的指纹为 ")
    assert by_name["a.json"].uscc == SAMPLE_USCC


def test_the_reports_carry_the_unchecked_scans():
    unchecked = [("/城区/扫描2.png", "没有找到 GreenDesk 二维码，文件名也不对应任何草稿或工作簿，未核对。")]
    doc = json.loads(render_json([], unchecked_scans=unchecked))
    assert doc["scans_unchecked"] == [
        {"file": "/城区/扫描2.png", "reason": "没有找到 GreenDesk 二维码，文件名也不对应任何草稿或工作簿，未核对。"}]
    assert json.loads(render_json([]))["scans_unchecked"] == []

    wb = load_workbook(io.BytesIO(render_xlsx([], unchecked_scans=unchecked)))
    ws = wb["未核对的扫描件"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["序号", "扫描件", "原因", "文件路径"],
        [1, "扫描2.png", "没有找到 GreenDesk 二维码，文件名也不对应任何草稿或工作簿，未核对。", "/城区/扫描2.png"],
    ]
    assert ws.freeze_panes == "A2" and ws.print_area == "'未核对的扫描件'!$A$1:$C$2"
    stats = wb["统计"]
    last = [c.value for c in stats[stats.max_row]][0]
    assert last.endswith("另有 1 个盖章扫描件未核对（见「未核对的扫描件」）。")
    plain = load_workbook(io.BytesIO(render_xlsx([])))
    assert "未核对的扫描件" not in plain.sheetnames
    assert "未核对" not in [c.value for c in plain["统计"][plain["统计"].max_row]][0]


def test_the_cli_names_a_scan_it_could_not_check(variant, tmp_path, capsys):
    pytest.importorskip("zxingcpp")
    pytest.importorskip("pypdfium2")
    from greendesk.cli import main

    folder = tmp_path / "城区"
    _two_drafts(variant, folder)
    (folder / "扫描.pdf").write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "报告.json"
    assert main(["review", str(folder), "--json", str(out), "--no-cache", "--jobs", "1"]) == 0
    std = capsys.readouterr()
    assert std.out.startswith("已审核 2 个文件，可读取 2 个。")
    assert "1 个扫描件未核对。" in std.out.splitlines()[0]
    line = next(x for x in std.err.splitlines() if x.startswith("未核对的扫描件："))
    assert line.startswith(f"未核对的扫描件：{folder / '扫描.pdf'}：")
    assert line.endswith("；文件名也不对应任何草稿或工作簿，未核对。")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [s["file"] for s in doc["scans_unchecked"]] == [str(folder / "扫描.pdf")]

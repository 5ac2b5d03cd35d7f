"""批量审核 of a folder that mixes units' tables and the cities' 培育名单 (附件3/4): every list is a row
with its form, its city as its name and its error count; the table flags (合规性, 名称变更, 信用代码重复,
警告未说明, 扫描件) are not raised for a list. Expected values are the shipped samples' (see
tools/make_samples.py: 广州市's 附件3 with 8 enterprises, 佛山市's 附件4 with 5 parks)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from openpyxl import load_workbook

from greendesk.cli import main
from greendesk.document import open_draft, save_draft
from greendesk.export import export_pdf, export_xlsx
from greendesk.review.runner import run_review
from greendesk.review.scans import check_scans
from tests.conftest import SAMPLES

TABLE_FLAGS = {"compliance_yes", "name_changed", "duplicate_uscc", "unexplained_warning", "large_yoy_change",
               "scan_mismatch", "scan_no_code"}


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "市局"
    folder.mkdir()
    for form_id in ("green-factory-2025", "green-park-2025", "green-supply-chain-2025",
                    "cultivation-factory-2025", "cultivation-park-2025"):
        shutil.copyfile(SAMPLES / f"{form_id}.json", folder / f"{form_id}.json")
    # a second copy of 广州's list with two bad rows, its PDF beside it (a list's PDF has no QR code)
    opened = open_draft(SAMPLES / "cultivation-factory-2025.json")
    rows = opened.draft.records["list"]
    rows[1]["ownership"] = "私营"  # not one of the template's 企业类型
    rows[4]["address"] = "广州市南沙区"  # row 5's 地市 is 深圳市
    save_draft(folder / "广州-修改中.json", opened.draft)
    export_pdf(opened.definition, opened.draft, folder / "广州-修改中.pdf")
    # 佛山's parks as the workbook the city sends on (the notice's template)
    parks = open_draft(SAMPLES / "cultivation-park-2025.json")
    export_xlsx(parks.definition, parks.draft, folder / "佛山园区.xlsx")
    return folder


def test_lists_review_beside_tables_with_their_city_and_errors(tmp_path):
    folder = _folder(tmp_path)
    units = {Path(u.file).name: u for u in run_review([folder], scans=check_scans).units}
    assert len(units) == 7 and all(u.readable for u in units.values())
    expect = {  # file: (form, name, errors, rows)
        "cultivation-factory-2025.json": ("cultivation-factory-2025", "广州市", 0, 8),
        "广州-修改中.json": ("cultivation-factory-2025", "广州市", 2, 8),
        "cultivation-park-2025.json": ("cultivation-park-2025", "佛山市", 0, 5),
        "佛山园区.xlsx": ("cultivation-park-2025", "佛山市", 0, 5),
    }
    for name, (form, city, errors, rows) in expect.items():
        u = units[name]
        assert (u.form, u.name, u.errors, u.list_rows, u.uscc) == (form, city, errors, rows, ""), name
        assert not set(u.flags) & TABLE_FLAGS, (name, u.flags)
    assert units["广州-修改中.json"].flags == ["has_errors"]
    assert units["广州-修改中.json"].first_cell == "r:list.2.ownership"
    assert "第2行「企业类型」：「私营」不在可选项中" in units["广州-修改中.json"].details["has_errors"]
    assert units["cultivation-factory-2025.json"].flags == []
    assert units["green-factory-2025.json"].list_rows is None
    assert units["green-factory-2025.json"].name == "广东绿源示范电缆有限公司"


def test_cli_review_of_a_mixed_folder_writes_both_reports(tmp_path, capsys):
    folder = _folder(tmp_path)
    out = tmp_path / "审核报告.xlsx"
    assert main(["review", str(folder), "-o", str(out), "--json", str(tmp_path / "r.json")]) == 0
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    by_file = {Path(u["file"]).name: u for u in doc["units"]}
    assert by_file["cultivation-park-2025.json"]["name"] == "佛山市"
    assert by_file["cultivation-park-2025.json"]["flags"] == []
    assert doc["summary"]["files"] == 7 and doc["summary"]["unreadable"] == 0
    ws = load_workbook(out)["汇总"]
    heads = [c.value for c in ws[1]]
    rows = [dict(zip(heads, (c.value for c in r), strict=False)) for r in ws.iter_rows(min_row=2)]
    names = {r[h] for r in rows for h in heads if h and "名称" in str(h)}
    assert {"广州市", "佛山市", "广东绿源示范电缆有限公司"} <= names

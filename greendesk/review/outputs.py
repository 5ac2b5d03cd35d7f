"""Where a review report may be written: a new file, or an earlier review report, never anything
else. A report named like one of its own inputs (`--json 城区/甲.json`) would replace a unit's
draft with the report: refused before the review starts, with the file named."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

REPORT_SHEETS = ("汇总", "统计")  # every workbook report has them (report_xlsx)
MAX_PEEK = 200 * 1024 * 1024  # a JSON report of 20,000 units is about 40 MB


def is_review_report(path: Path) -> bool:
    """True for a review report GreenDesk wrote (JSON with units and summary, or a workbook with
    the 汇总 and 统计 sheets); False for anything else, including a file that cannot be read."""
    path = Path(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a pipe would block the read, a device never end it
            return False
        if path.suffix.lower() == ".json":
            if st.st_size > MAX_PEEK:
                return False
            doc = json.loads(path.read_bytes().decode("utf-8-sig"))
            return (isinstance(doc, dict) and isinstance(doc.get("units"), list)
                    and isinstance(doc.get("summary"), dict))
        with zipfile.ZipFile(path) as z:
            names = z.read("xl/workbook.xml").decode("utf-8", "replace")
        return all(f'name="{sheet}"' in names for sheet in REPORT_SHEETS)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError):
        return False


def refusal(path: Path) -> str | None:
    """Why the report may not be written to `path` (Chinese), or None when it may."""
    path = Path(path)
    if path.is_dir():
        return f"审核报告无法保存：「{path}」是文件夹。"
    if path.exists() and not is_review_report(path):
        return (f"审核报告没有保存：「{path.name}」已存在，且不是审核报告（可能是要审核的草稿或工作簿），"
                "不会覆盖它。请换一个文件名。")
    return None

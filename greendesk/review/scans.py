"""Stamped scans beside the drafts and workbooks: each is read once and compared with the file it
belongs to.

A scan belongs to the unit (draft or GreenDesk workbook) with the same file stem (a.json ↔ a.pdf,
a.xlsx ↔ a_盖章.pdf); when its name points at none, to one of its folder. Among those candidates, a
scan with a GreenDesk QR code belongs to the table with the fingerprint it carries, else to the only
table, else to the table of the credit code (and year) it names; a 培育名单 never carries a QR
code. A scan that cannot be compared with its owner is listed with why, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from greendesk.review.unit import UnitResult
from greendesk.scan_check import PaperCode, ScanError, read_codes

Decoded = tuple[str, list[PaperCode] | None, str]  # (scan, codes or None when unreadable, reason)
MISSING = "未安装二维码识别组件（zxing-cpp、pypdfium2），本次不核对盖章扫描件。"


def available() -> bool:
    """Whether the decoders are installed (a build may leave them out: then scans are not checked,
    and the reviewer is told so, rather than every scan being reported unreadable)."""
    try:
        import pypdfium2  # noqa: F401
        import zxingcpp  # noqa: F401
    except ImportError:
        return False
    return True


def decode(scan: str) -> Decoded:
    try:
        return scan, read_codes(Path(scan)), ""  # every page: a PDF may hold several tables
    except ScanError as exc:
        return scan, None, exc.message
    except Exception as exc:  # noqa: BLE001 — one odd scan never stops a review
        return scan, None, f"「{Path(scan).name}」无法读取（{type(exc).__name__}）。"


def _named(scan: Path, units: list[UnitResult]) -> list[UnitResult]:
    """The units the scan's file name points at: the same stem (a.json ↔ a.pdf), else the longest
    stem it starts with (a_盖章.pdf); a draft and its exported workbook may share one."""
    stem = scan.stem.lower()
    exact = [u for u in units if stem == Path(u.file).stem.lower()]
    if exact:
        return exact
    prefixed = [u for u in units if stem.startswith(Path(u.file).stem.lower())]
    longest = max((len(Path(u.file).stem) for u in prefixed), default=0)
    return [u for u in prefixed if len(Path(u.file).stem) == longest]


def _owners(scan: Path, units: list[UnitResult], codes: list[PaperCode] | None,
            reason: str) -> tuple[list[UnitResult], str]:
    """(the units the scan is compared with, or none and why). Only the units its file name points
    at are candidates when it points at any; else the whole folder."""
    named = _named(scan, units)
    candidates = named or units
    tables = [u for u in candidates if u.list_rows is None]
    if codes:  # a GreenDesk QR code is printed on a unit's table only, never on a 培育名单
        prints = {c.fingerprint for c in codes}
        # the table the code was printed from, wherever its name points (甲盖章-2024.pdf is 甲-2024's
        # scan though its name also starts with 甲)
        exact = [u for u in units if u.list_rows is None and u.fingerprint in prints]
        if exact:
            return exact[:1], ""
        if len(tables) == 1:
            return tables, ""
        code = codes[0]
        same = [u for u in tables if u.uscc and u.uscc == code.uscc]
        if len(same) > 1:
            same = [u for u in same if str(u.report_year) == code.report_year]
        if same:  # that unit's table of that year (a draft and its workbook: each differs from the paper)
            return same, ""
        return [], _foreign_code(code, candidates, named=bool(named))
    if len(candidates) == 1:
        return candidates, ""
    if named:  # no code to tell them apart: a draft and its exported workbook, or a list and its
        return named, ""  # workbook, are one table (or list): the scan is each one's
    if codes is None:
        return [], f"{reason.rstrip('。')}；文件名也不对应任何草稿或工作簿，未核对。"
    return [], "没有找到 GreenDesk 二维码，文件名也不对应任何草稿或工作簿，未核对。"


def _foreign_code(code: PaperCode, candidates: list[UnitResult], named: bool) -> str:
    """Why a scan whose QR code names no table of its folder is compared with none."""
    said = f"二维码（统一社会信用代码 {code.uscc}，指纹 {code.short}）"
    lists = "、".join(f"「{Path(u.file).name}」" for u in candidates if u.list_rows is not None)
    if named and lists and all(u.list_rows is not None for u in candidates):
        return (f"文件名对应培育名单{lists}，但扫描件上是单位动态管理表的{said}，"
                "培育名单的盖章件不印二维码，未核对。")
    if lists and all(u.list_rows is not None for u in candidates):
        return f"{said}属于单位的动态管理表，文件夹中没有这家单位的表（{lists}是培育名单），未核对。"
    if named:
        names = "、".join(f"「{Path(u.file).name}」" for u in candidates)
        return f"{said}与文件名对应的{names}都不对应，未核对。"
    return f"{said}与文件夹中的草稿或工作簿都不对应，文件名也不对应，未核对。"


def check_scans(units: list[UnitResult], scans: dict[Path, list[Path]],
                mapper: Callable | None = None) -> list[tuple[str, str]]:
    """Flag scan_mismatch / scan_no_code on the units whose scans say otherwise; return the scans
    that could not be compared with any unit, each with why (they are reported, never dropped).
    Every readable unit can own a scan: a draft or a GreenDesk workbook, a table or a 培育名单.
    `mapper(fn, items)` maps over the scans (the runner passes its process pool); plain `map` by
    default."""
    by_folder: dict[Path, list[UnitResult]] = {}
    for u in units:
        if u.readable:
            by_folder.setdefault(Path(u.file).parent, []).append(u)
    unchecked: list[tuple[str, str]] = [
        (str(s), NO_UNIT) for folder, found in scans.items() if folder not in by_folder for s in found]
    todo = [str(s) for folder, found in scans.items() if folder in by_folder for s in found]
    for scan, codes, reason in (mapper or map)(decode, todo):
        scan_path = Path(scan)
        owners, why = _owners(scan_path, by_folder[scan_path.parent], codes, reason)
        if not owners:
            unchecked.append((scan, why))
        for owner in owners:
            _compare(scan_path, owner, codes, reason, unchecked)
    return sorted(unchecked)


def _compare(scan_path: Path, owner: UnitResult, codes: list[PaperCode] | None, reason: str,
             unchecked: list[tuple[str, str]]) -> None:
    """Flag the owner when the scan says otherwise; a scan of a 培育名单 that cannot be read is
    listed (nothing is compared: a list's own PDF carries no QR code)."""
    scan = str(scan_path)
    if owner.list_rows is not None:  # a 培育名单's own PDF carries no QR code: nothing to compare
        if codes is None:
            unchecked.append((scan, f"{reason.rstrip('。')}；培育名单「{Path(owner.file).name}」"
                                    "的盖章件不印二维码，未核对。"))
    elif codes is None:
        owner.flag("scan_no_code", f"{scan_path.name}：{reason}")
    elif not codes:
        owner.flag("scan_no_code", f"{scan_path.name} 中没有找到 GreenDesk 二维码")
    elif owner.fingerprint not in {c.fingerprint for c in codes}:
        owner.flag("scan_mismatch", f"{scan_path.name} 的指纹为 {codes[0].short}，文件的为 "
                                    f"{owner.short_fingerprint}")


NO_UNIT = "所在文件夹中没有可读取的草稿或工作簿，未核对。"

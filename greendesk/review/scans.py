"""Stamped scans beside the drafts: each is read once and compared with the draft it belongs to.

A scan belongs to the draft with the same file stem (a.json ↔ a.pdf, a_盖章.pdf), else to the only
draft of its folder, else to the draft of its folder with the credit code its QR code names.
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
        return scan, read_codes(Path(scan), first_only=True), ""
    except ScanError as exc:
        return scan, None, exc.message
    except Exception as exc:  # noqa: BLE001 — one odd scan never stops a review
        return scan, None, f"「{Path(scan).name}」无法读取（{type(exc).__name__}）。"


def _owner(scan: Path, units: list[UnitResult], codes: list[PaperCode] | None) -> UnitResult | None:
    stem = scan.stem.lower()
    by_stem = [u for u in units if stem == Path(u.file).stem.lower()]
    if not by_stem:
        by_stem = [u for u in units if stem.startswith(Path(u.file).stem.lower())]
    if len(by_stem) == 1:
        return by_stem[0]
    if len(units) == 1:
        return units[0]
    if codes:
        same = [u for u in units if u.uscc and u.uscc == codes[0].uscc]
        if len(same) == 1:
            return same[0]
        exact = [u for u in units if u.fingerprint in {c.fingerprint for c in codes}]
        if exact:
            return exact[0]
    return None


def check_scans(units: list[UnitResult], scans: dict[Path, list[Path]],
                mapper: Callable | None = None) -> list[tuple[str, str]]:
    """Flag scan_mismatch / scan_no_code on the units whose scans say otherwise; return the scans
    that could not be compared with any draft, each with why (they are reported, never dropped).
    `mapper(fn, items)` maps over the scans (the runner passes its process pool); plain `map` by
    default."""
    by_folder: dict[Path, list[UnitResult]] = {}
    for u in units:
        if u.readable and u.source == "draft":
            by_folder.setdefault(Path(u.file).parent, []).append(u)
    unchecked: list[tuple[str, str]] = [
        (str(s), NO_DRAFT) for folder, found in scans.items() if folder not in by_folder for s in found]
    todo = [str(s) for folder, found in scans.items() if folder in by_folder for s in found]
    for scan, codes, reason in (mapper or map)(decode, todo):
        scan_path = Path(scan)
        owner = _owner(scan_path, by_folder[scan_path.parent], codes)
        if owner is None:
            unchecked.append((scan, _no_owner(reason, codes)))
            continue
        if owner.list_rows is not None:  # a 培育名单's PDF carries no QR code: nothing to compare
            continue
        if codes is None:
            owner.flag("scan_no_code", f"{scan_path.name}：{reason}")
        elif not codes:
            owner.flag("scan_no_code", f"{scan_path.name} 中没有找到 GreenDesk 二维码")
        elif owner.fingerprint not in {c.fingerprint for c in codes}:
            owner.flag("scan_mismatch", f"{scan_path.name} 的指纹为 {codes[0].short}，文件的为 "
                                        f"{owner.short_fingerprint}")
    return sorted(unchecked)


NO_DRAFT = "所在文件夹中没有可读取的草稿，未核对。"


def _no_owner(reason: str, codes: list[PaperCode] | None) -> str:
    """Why a scan of a folder with several drafts belongs to none of them."""
    if codes is None:
        return f"{reason.rstrip('。')}；文件名也不对应任何草稿，未核对。"
    if not codes:
        return "没有找到 GreenDesk 二维码，文件名也不对应任何草稿，未核对。"
    c = codes[0]
    return (f"二维码（统一社会信用代码 {c.uscc}，指纹 {c.short}）与文件夹中的草稿都不对应，"
            "文件名也不对应，未核对。")

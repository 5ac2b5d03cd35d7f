"""greendesk-cli review: many tables in, one report out (批量审核)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("review", help="批量审核：审核多个草稿或导出的工作簿，生成审核报告")
    s.add_argument("inputs", nargs="+", metavar="INPUT", help="草稿（.json）、工作簿（.xlsx）或文件夹（含子文件夹）")
    s.add_argument("-o", "--output", help="审核报告工作簿（.xlsx）")
    s.add_argument("--json", help="审核报告（JSON）")
    s.add_argument("--opinions", help="批量审核意见文件（*.review.json），其中的动态调整意见写入报告")
    s.add_argument("--jobs", type=int, default=None, help="并行进程数（默认：CPU 核数）")
    s.add_argument("--no-scans", action="store_true", help="不核对盖章扫描件")
    s.add_argument("--no-cache", action="store_true",
                   help="全部重新审核（默认：内容和文件名与上次审核相同的草稿沿用上次的结果）")
    s.set_defaults(func=cmd_review)

    s = sub.add_parser("check-scan", help="核对盖章扫描件：读取扫描件上的二维码，与草稿内容比对")
    s.add_argument("scan", help="扫描件（PDF 或图片）")
    s.add_argument("target", nargs="?", help="草稿文件，或在其中查找所属文件的文件夹")
    s.add_argument("--draft", help="草稿文件（同 target）")
    s.set_defaults(func=cmd_check_scan)


def cmd_review(args: argparse.Namespace) -> int:
    from greendesk.review import opinions as opinions_mod
    from greendesk.review.flags import label
    from greendesk.review.report_json import write_json
    from greendesk.review.report_xlsx import write_xlsx
    from greendesk.review.runner import run_review
    from greendesk.review.summary import summarize
    from greendesk.storage import StorageError

    if not (args.output or args.json):
        print("请用 -o 指定审核报告工作簿（.xlsx），或用 --json 指定 JSON 报告。", file=sys.stderr)
        return 2
    from greendesk.review.outputs import refusal

    outputs = [Path(p) for p in (args.output, args.json) if p]
    for out in outputs:
        if not out.parent.is_dir():
            print(f"审核报告无法保存：文件夹「{out.parent}」不存在。", file=sys.stderr)
            return 2
        if (why := refusal(out)) is not None:  # never over a draft or workbook (an input, maybe)
            print(why, file=sys.stderr)
            return 2
    opinions = None
    if args.opinions:
        try:
            opinions = opinions_mod.load(Path(args.opinions))
        except opinions_mod.ReviewFileError as exc:
            print(exc.message, file=sys.stderr)
            return 2
        outputs.append(Path(args.opinions))
    scans = None if args.no_scans else _scan_checker()
    review = run_review([Path(p) for p in args.inputs], exclude=outputs, workers=args.jobs,
                        scans=scans, use_cache=not args.no_cache)
    units = review.units
    readable = sum(u.readable for u in units)
    for u in units:
        if not u.readable:
            print(f"无法读取：{u.reason}", file=sys.stderr)
    if review.reports:
        names = "、".join(p.name for p in review.reports[:3]) + ("等" if len(review.reports) > 3 else "")
        print(f"跳过了 {len(review.reports)} 个以前的审核报告（{names}），它们不是动态管理表。", file=sys.stderr)
    unchecked = review.unchecked_scans
    for scan, why in unchecked:
        print(f"未核对的扫描件：{scan}：{why}", file=sys.stderr)
    try:
        if args.output:
            write_xlsx(Path(args.output), units, opinions, unchecked)
        if args.json:
            write_json(Path(args.json), units, opinions, unchecked)
    except StorageError as exc:
        print(f"审核报告无法保存：{exc.message.split('。')[0]}。", file=sys.stderr)
        return 2
    flagged = summarize(units)["by_flag"]  # in the catalogue's order
    counts = "，".join(f"{label(c)} {n}" for c, n in flagged.items() if n)
    print(f"已审核 {len(units)} 个文件，可读取 {readable} 个。" + (f"标记：{counts}。" if counts else "")
          + (f"{len(unchecked)} 个扫描件未核对。" if unchecked else ""))
    for p in (args.output, args.json):  # the reports written (not the review file read)
        if p:
            print(f"审核报告：{p}")
    if not readable:
        print("没有可读取的动态管理表。", file=sys.stderr)
        return 2
    return 0


def _scan_checker():
    """The stamped-scan check when its decoders are installed; None (and a note) otherwise."""
    from greendesk.review import scans

    if not scans.available():
        print(f"注意：{scans.MISSING}", file=sys.stderr)
        return None
    return scans.check_scans


def cmd_check_scan(args: argparse.Namespace) -> int:
    """0: same content (or the file it belongs to was found); 1: differs or no code; 2: unreadable."""
    from greendesk.review.runner import discover
    from greendesk.scan_check import ScanError, check, read_codes

    target = args.draft or args.target
    scan = Path(args.scan)
    if not target:
        try:
            codes = read_codes(scan)
        except ScanError as exc:
            print(exc.message, file=sys.stderr)
            return 2
        if not codes:
            print(f"「{scan.name}」中没有找到 GreenDesk 二维码。")
            return 1
        for c in codes:
            print(f"统一社会信用代码 {c.uscc}，{c.report_year}年度，表单版本 {c.version}，内容指纹 {c.short}")
        return 0
    target_path = Path(target)
    if target_path.is_dir():
        drafts = discover([target_path]).units
        if not drafts:
            print(f"文件夹「{target_path}」中没有草稿或工作簿。", file=sys.stderr)
            return 2
    elif target_path.exists():
        drafts = [target_path]
    else:
        print(f"找不到「{target_path}」。", file=sys.stderr)
        return 2
    result = check(scan, drafts)
    stream = sys.stderr if result.status == "unreadable" else sys.stdout
    print(result.message, file=stream)
    return {"match": 0, "found": 0, "unreadable": 2}.get(result.status, 1)

"""greendesk-cli: the headless side of GreenDesk (new, validate, rollover, verify, exports).

Messages are Chinese; user mistakes never show a Python traceback. Exit codes: 0 fine, 1 the draft
has errors (or a check failed), 2 a file could not be read or written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from greendesk.cli_common import (
    ChineseArgumentParser,
    CliError,
    check_output,
    open_draft,
    same_file,
    save_draft,
)


def _out(text: str = "") -> None:
    print(text)


def cmd_new(args: argparse.Namespace) -> int:
    from greendesk import forms
    from greendesk.definition import DefinitionError
    from greendesk.draft import new_draft

    try:
        definition = forms.get(args.form)
    except DefinitionError as exc:
        raise CliError(exc.message) from None
    out = check_output(Path(args.output), force=args.force, suffix=".json")
    save_draft(out, new_draft(definition))
    _out(f"已新建{definition.title}（{definition.report_year}年度，填报 "
         f"{'、'.join(map(str, definition.years))} 年数据）：{out}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from greendesk.messages import SEVERITY_LABELS
    from greendesk.rules import validate

    opened = open_draft(Path(args.file))
    report = validate(opened.definition, opened.draft)
    if args.json:
        import json

        from greendesk.findings_json import findings_document

        doc = findings_document(opened.definition, opened.draft, report, include_info=args.all,
                                file=str(args.file))
        _out(json.dumps(doc, ensure_ascii=False, indent=2))
        return 1 if report.errors else 0
    parts = {p.id: p.short_title for p in opened.definition.parts}
    for f in report.findings:
        if f.severity == "info" and not args.all:
            continue
        where = parts.get(f.part, f.part)
        ack = "（已说明）" if f.acknowledged else ""
        _out(f"[{SEVERITY_LABELS[f.severity]}] {f.code} {where} {f.cell}{ack}：{f.text}")
    _out(f"共 {len(report.errors)} 个错误，{len(report.warnings)} 个警告，{len(report.infos)} 个提示。")
    return 1 if report.errors else 0


def cmd_rollover(args: argparse.Namespace) -> int:
    from greendesk import forms
    from greendesk.definition import DefinitionError
    from greendesk.rollover import RolloverError, check_same_kind, rollover

    old_path, out = Path(args.old), Path(args.output)
    if same_file(old_path, out):
        raise CliError(f"新草稿不能写回上年度草稿本身（「{out}」）：上年度草稿要保持原样，请用 -o 指定另一个文件。")
    opened = open_draft(old_path)
    old = opened.definition
    try:
        target = forms.get(args.form) if args.form else _next_definition(old)
        check_same_kind(old, target)  # another kind of table: refused in the core's words
    except (DefinitionError, RolloverError) as exc:
        raise CliError(exc.message) from None
    if target.report_year <= old.report_year:
        raise CliError(f"只能结转到更新的年度：上年度草稿是 {old.report_year} 年度，"
                       f"{target.id} 是 {target.report_year} 年度。")
    check_output(out, force=args.force, suffix=".json")
    draft, report = rollover(opened.draft, old, target, accept_offers=args.keep_highlights)
    save_draft(out, draft)
    _out(report.to_text())
    _out(f"已保存：{out}")
    return 0


def _next_definition(current):
    from greendesk import forms
    from greendesk.definition import DefinitionError

    later = [d for d in forms.available()
             if d.kind == current.kind and d.report_year > current.report_year]
    if not later:
        raise DefinitionError(f"没有比 {current.report_year} 年度更新的表单定义。")
    return min(later, key=lambda d: d.report_year)


def cmd_verify(args: argparse.Namespace) -> int:
    from greendesk import paper_code
    from greendesk.draft import short_fingerprint

    opened = open_draft(Path(args.file))
    full = opened.draft.fingerprint()
    short = short_fingerprint(full)
    if args.code is None:
        _out(f"内容指纹：{short}")
        _out(f"完整指纹：{full}")
        return 0
    verdict = paper_code.compare(full, args.code)
    if verdict == "malformed":
        raise CliError(paper_code.malformed_message(args.code))
    if verdict == "same":
        _out(f"一致：纸质件上的指纹 {args.code} 与该草稿（{short}）相符。")
        return 0
    _out(f"不一致：纸质件上的指纹为 {args.code}，该草稿的指纹为 {short}。纸质件与文件内容不同。")
    return 1


def build_parser(extra: list[Callable[[argparse._SubParsersAction], None]] | None = None) -> ChineseArgumentParser:
    from greendesk import __version__

    p = ChineseArgumentParser(prog="greendesk-cli", description="GreenDesk 绿色制造名单动态管理表 命令行工具",
                epilog="退出码：0 正常；1 草稿有错误或核对不一致（文件照常写出）；2 文件无法读取或写入。",
                add_help=True)
    p.add_argument("--version", action="version", version=f"greendesk-cli {__version__}")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    sub.required = True

    s = sub.add_parser("new", help="新建空白草稿")
    s.add_argument("--form", required=True, help="表单定义，如 green-factory-2025")
    s.add_argument("-o", "--output", required=True, help="草稿文件（.json）")
    s.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    s.set_defaults(func=cmd_new)

    s = sub.add_parser("validate", help="审核草稿，列出全部错误和警告")
    s.add_argument("file", help="草稿文件")
    s.add_argument("--all", action="store_true", help="同时列出提示信息")
    s.add_argument("--json", action="store_true", help="以 JSON 输出（供其他程序读取）")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("rollover", help="由上年度草稿生成本年度草稿")
    s.add_argument("old", help="上年度草稿")
    s.add_argument("-o", "--output", required=True, help="新草稿文件")
    s.add_argument("--form", help="目标表单定义（默认：下一年度）")
    s.add_argument("--keep-highlights", action="store_true", help="把上年度亮点工作作为起始文本带入")
    s.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    s.set_defaults(func=cmd_rollover)

    s = sub.add_parser("verify", help="显示草稿的内容指纹，或核对纸质件上的指纹")
    s.add_argument("file", help="草稿文件")
    s.add_argument("--code", help="纸质件上印的指纹（如 A1B2-C3D4-E5F6）")
    s.set_defaults(func=cmd_verify)

    for add in extra or []:
        add(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    from greendesk import oserrors, storage

    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = build_parser(_extensions()).parse_args(argv)
    # no window, no autosave: storage messages promise only the untouched file
    previous = storage.set_front_end("cli")
    try:
        return args.func(args)
    except CliError as exc:
        print(exc.message, file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0
    except OSError as exc:  # whatever a library let through: still Chinese, still naming the file
        print(f"无法完成：{oserrors.describe(exc)}。", file=sys.stderr)
        return 2
    finally:
        storage.set_front_end(previous)


def _extensions() -> list[Callable]:
    """Commands that live with their feature (exporters) register here when present."""
    found = []
    try:
        from greendesk.export import cli as export_cli
    except ImportError:
        pass
    else:
        found.append(export_cli.register)
    from greendesk.review import cli as review_cli

    return [*found, review_cli.register]


if __name__ == "__main__":
    sys.exit(main())

"""greendesk-cli export / import-xlsx: the exporters from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from greendesk.cli_common import CliError, check_output, open_draft, save_draft

EXPORT_RULE = ("草稿有错误时，PDF（带“草稿”水印，没有签字盖章栏）和 Excel 照常导出，退出码为 1；"
               "没有错误时退出码为 0；文件无法读取或写入时为 2。已存在的文件需加 --force 才会覆盖。")


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("export", help="导出为PDF / 导出为EXCEL / 导出空白表单", description=EXPORT_RULE)
    s.add_argument("file", nargs="?", help="草稿文件（导出空白表单时可省略）")
    s.add_argument("--pdf", help="输出 PDF 文件（.pdf）")
    s.add_argument("--xlsx", help="输出 Excel 文件（.xlsx）")
    s.add_argument("--blank-xlsx", help="输出空白表单 Excel 文件（.xlsx）")
    s.add_argument("--form", help="表单定义（导出空白表单时使用，如 green-factory-2025）")
    s.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("import-xlsx", help="模板导入：从 Excel 读取数据生成草稿")
    s.add_argument("input", help="Excel 文件（.xlsx）")
    s.add_argument("-o", "--output", required=True, help="新草稿文件（.json）")
    s.add_argument("--form", help="表单定义（工作簿不是 GreenDesk 导出时需要）")
    s.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    s.set_defaults(func=cmd_import)


def _outputs(args: argparse.Namespace) -> dict[str, Path]:
    """Every output, checked before anything is written: one bad name writes nothing at all."""
    wanted = {"pdf": (args.pdf, ".pdf"), "xlsx": (args.xlsx, ".xlsx"), "blank": (args.blank_xlsx, ".xlsx")}
    out = {k: check_output(Path(p), force=args.force, suffix=suffix)
           for k, (p, suffix) in wanted.items() if p}
    paths = [p.resolve() for p in out.values()]
    if len(set(paths)) < len(paths):
        raise CliError("两个输出指向同一个文件，请分别指定不同的文件名。")
    return out


def cmd_export(args: argparse.Namespace) -> int:
    from greendesk import export, forms
    from greendesk.definition import DefinitionError
    from greendesk.rules import validate

    if not (args.pdf or args.xlsx or args.blank_xlsx):
        raise CliError("请至少指定 --pdf、--xlsx 或 --blank-xlsx 之一。")
    if (args.pdf or args.xlsx) and not args.file:
        raise CliError("导出 PDF 或 Excel 需要指定草稿文件。")
    outputs = _outputs(args)
    code = 0
    try:
        opened = open_draft(Path(args.file)) if args.file else None
        if "blank" in outputs:
            definition = opened.definition if opened else forms.get(args.form or "green-factory-2025")
            export.export_blank_xlsx(definition, outputs["blank"])
            print(f"已导出空白表单：{outputs['blank']}")
        if opened is not None and ("pdf" in outputs or "xlsx" in outputs):
            errors = len(validate(opened.definition, opened.draft).errors)
            if "pdf" in outputs:
                result = export.export_pdf(opened.definition, opened.draft, outputs["pdf"])
                mark = "，带“草稿”水印且没有签字盖章栏" if result.draft_watermark else ""
                print(f"已导出 PDF（{result.pages} 页{mark}）：{outputs['pdf']}")
            if "xlsx" in outputs:
                export.export_xlsx(opened.definition, opened.draft, outputs["xlsx"])
                print(f"已导出 Excel：{outputs['xlsx']}")
            if errors:
                print(f"注意：草稿存在 {errors} 个错误（用 validate 命令查看），修正后请重新导出。")
                code = 1
    except (export.ExportError, DefinitionError) as exc:
        raise CliError(exc.message) from None
    return code


def cmd_import(args: argparse.Namespace) -> int:
    from greendesk import export, forms
    from greendesk.definition import DefinitionError

    out = check_output(Path(args.output), force=args.force, suffix=".json")
    try:
        definition = forms.get(args.form) if args.form else None
        draft, report = export.import_xlsx(Path(args.input), definition)
    except (export.ExportError, DefinitionError) as exc:
        raise CliError(exc.message) from None
    print(report.to_text())
    if report.empty:  # nothing of the table was read: an empty draft is no result
        print(f"未保存「{out}」：请确认工作簿是由 GreenDesk 导出的动态管理表，或用 --form 指定表单。")
        return 1
    save_draft(out, draft)
    print(f"已保存：{out}")
    return 0

"""greendesk-cli export / import-xlsx: the exporters from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from greendesk.cli_common import CliError, open_draft, save_draft


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("export", help="导出为PDF / 导出为EXCEL / 导出空白表单")
    s.add_argument("file", nargs="?", help="草稿文件（导出空白表单时可省略）")
    s.add_argument("--pdf", help="输出 PDF 文件")
    s.add_argument("--xlsx", help="输出 Excel 文件")
    s.add_argument("--blank-xlsx", help="输出空白表单 Excel 文件")
    s.add_argument("--form", help="表单定义（导出空白表单时使用，如 green-factory-2025）")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("import-xlsx", help="模板导入：从 Excel 读取数据生成草稿")
    s.add_argument("input", help="Excel 文件（.xlsx）")
    s.add_argument("-o", "--output", required=True, help="新草稿文件（.json）")
    s.add_argument("--form", help="表单定义（工作簿不是 GreenDesk 导出时需要）")
    s.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    s.set_defaults(func=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    from greendesk import export, forms
    from greendesk.definition import DefinitionError

    if not (args.pdf or args.xlsx or args.blank_xlsx):
        raise CliError("请至少指定 --pdf、--xlsx 或 --blank-xlsx 之一。")
    code = 0
    try:
        if args.blank_xlsx:
            if args.file:
                definition = open_draft(Path(args.file)).definition
            else:
                definition = forms.get(args.form or "green-factory-2025")
            export.export_blank_xlsx(definition, Path(args.blank_xlsx))
            print(f"已导出空白表单：{args.blank_xlsx}")
        if args.pdf or args.xlsx:
            if not args.file:
                raise CliError("导出 PDF 或 Excel 需要指定草稿文件。")
            opened = open_draft(Path(args.file))
            if args.pdf:
                result = export.export_pdf(opened.definition, opened.draft, Path(args.pdf))
                if result.draft_watermark:
                    print(f"已导出 PDF（{result.pages} 页）：{args.pdf}。注意：存在 {result.errors} 个错误，"
                          "PDF 带“草稿”水印且没有签字盖章栏。")
                    code = 1
                else:
                    print(f"已导出 PDF（{result.pages} 页）：{args.pdf}")
            if args.xlsx:
                export.export_xlsx(opened.definition, opened.draft, Path(args.xlsx))
                print(f"已导出 Excel：{args.xlsx}")
    except (export.ExportError, DefinitionError) as exc:
        raise CliError(exc.message) from None
    return code


def cmd_import(args: argparse.Namespace) -> int:
    from greendesk import export, forms
    from greendesk.definition import DefinitionError

    out = Path(args.output)
    if out.exists() and not args.force:
        raise CliError(f"文件「{out}」已存在。如需覆盖请加 --force。")
    try:
        definition = forms.get(args.form) if args.form else None
        draft, report = export.import_xlsx(Path(args.input), definition)
    except (export.ExportError, DefinitionError) as exc:
        raise CliError(exc.message) from None
    print(report.to_text())
    save_draft(out, draft)
    print(f"已保存：{out}")
    return 0

"""greendesk-cli export: what is refused before anything is read or written, word for word (exit 2,
the message on stderr, no file made)."""

from __future__ import annotations

import pytest

from greendesk.cli import main


@pytest.mark.parametrize(("args", "message"), [
    ([], "请至少指定 --pdf、--xlsx 或 --blank-xlsx 之一。"),
    (["--force"], "请至少指定 --pdf、--xlsx 或 --blank-xlsx 之一。"),
    (["--pdf", "{tmp}/a.pdf"], "导出 PDF 或 Excel 需要指定草稿文件。"),
    (["--xlsx", "{tmp}/a.xlsx"], "导出 PDF 或 Excel 需要指定草稿文件。"),
    (["--xlsx", "{tmp}/a.xlsx", "--blank-xlsx", "{tmp}/b.xlsx"], "导出 PDF 或 Excel 需要指定草稿文件。"),
], ids=["nothing", "force-only", "pdf-without-draft", "xlsx-without-draft", "xlsx-and-blank-without-draft"])
def test_export_refused_before_anything_is_written(tmp_path, capsys, args, message):
    argv = ["export", *(a.format(tmp=tmp_path) for a in args)]
    assert main(argv) == 2
    assert capsys.readouterr().err == message + "\n"
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def draft_with_errors(tmp_path, capsys):
    path = tmp_path / "new.json"
    assert main(["new", "--form", "green-factory-2025", "-o", str(path)]) == 0
    capsys.readouterr()
    return path


def test_a_blank_form_beside_a_draft_with_errors_exits_0_without_the_errors_note(
        tmp_path, capsys, draft_with_errors):
    """Only the blank form is asked for: the draft's errors are not checked nor named."""
    blank = tmp_path / "b.xlsx"
    assert main(["export", str(draft_with_errors), "--blank-xlsx", str(blank)]) == 0
    assert capsys.readouterr().out == f"已导出空白表单：{blank}\n"
    assert blank.exists()


def test_a_pdf_alone_of_a_draft_with_errors(tmp_path, capsys, draft_with_errors):
    import re

    pdf = tmp_path / "n.pdf"
    assert main(["export", str(draft_with_errors), "--pdf", str(pdf)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(r"已导出 PDF（\d+ 页，带“草稿”水印且没有签字盖章栏）：" + re.escape(str(pdf)), lines[0])
    assert re.fullmatch(r"注意：草稿存在 \d+ 个错误（用 validate 命令查看），修正后请重新导出。", lines[1])
    assert pdf.read_bytes().startswith(b"%PDF") and not (tmp_path / "n.xlsx").exists()


def _flat(text: str) -> str:
    import re

    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("command", "block"), [
    ("export", "位置参数:file草稿文件（导出空白表单时可省略）选项:-h,--help显示本帮助并退出"
               "--pdfPDF输出PDF文件（.pdf）--xlsxXLSX输出Excel文件（.xlsx）"
               "--blank-xlsxBLANK_XLSX输出空白表单Excel文件（.xlsx）"
               "--formFORM表单定义（导出空白表单时使用，如green-factory-2025）--force覆盖已存在的文件"),
    ("import-xlsx", "位置参数:inputExcel文件（.xlsx）选项:-h,--help显示本帮助并退出"
                    "-oOUTPUT,--outputOUTPUT新草稿文件（.json）--formFORM表单定义（工作簿不是GreenDesk导出时需要）"
                    "--force覆盖已存在的文件"),
], ids=["export", "import-xlsx"])
def test_help_lists_each_argument_with_its_words(capsys, command, block):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert _flat(capsys.readouterr().out).endswith(block)


def test_a_pdf_alone_of_a_valid_draft_has_no_watermark_note(tmp_path, capsys):
    import re

    from tests.conftest import SAMPLES

    pdf = tmp_path / "ok.pdf"
    assert main(["export", str(SAMPLES / "green-factory-2025.json"), "--pdf", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"已导出 PDF（\d+ 页）：" + re.escape(str(pdf)) + "\n", out)
    assert pdf.read_bytes().startswith(b"%PDF")

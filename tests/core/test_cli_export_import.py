"""greendesk-cli export / import-xlsx end to end: real files written and read back (PDF text with
pypdf, workbooks with openpyxl), exit codes 0/1/2, Chinese messages, nothing overwritten unasked;
the GUI's --self-test is in tests/ui/test_self_test.py."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import openpyxl
import pytest
from pypdf import PdfReader

from greendesk.cli import main
from greendesk.document import open_draft
from tests.conftest import ROOT, SAMPLES

SAMPLE = SAMPLES / "green-factory-2025.json"


def _pdf_text(path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def _cells(path) -> set[str]:
    wb = openpyxl.load_workbook(path)
    return {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The sample exported once to PDF and Excel through the command line."""
    out = tmp_path_factory.mktemp("cli")
    pdf, xlsx = out / "2025.pdf", out / "2025.xlsx"
    code = main(["export", str(SAMPLE), "--pdf", str(pdf), "--xlsx", str(xlsx)])
    return code, pdf, xlsx


def test_export_pdf_and_xlsx_of_a_valid_draft(exported):
    code, pdf, xlsx = exported
    assert code == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = _pdf_text(pdf)
    assert "广东绿源示范电缆有限公司" in text and "法人签字" in text and "草稿" not in text
    cells = _cells(xlsx)
    assert "广东绿源示范电缆有限公司" in cells and "9144011206Q8L2D5X8" in cells
    assert "绿色工厂动态管理表" in cells


def test_export_prints_what_it_wrote(tmp_path, capsys):
    pdf = tmp_path / "a.pdf"
    assert main(["export", str(SAMPLE), "--pdf", str(pdf)]) == 0
    out = capsys.readouterr().out
    pages = len(PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert f"已导出 PDF（{pages} 页）：{pdf}" in out
    assert "草稿" not in out


def test_export_of_a_draft_with_errors_is_watermarked_and_exits_1(tmp_path, capsys):
    draft = tmp_path / "new.json"
    assert main(["new", "--form", "green-factory-2025", "-o", str(draft)]) == 0
    capsys.readouterr()
    pdf = tmp_path / "new.pdf"
    assert main(["export", str(draft), "--pdf", str(pdf)]) == 1
    out = capsys.readouterr().out
    assert "带“草稿”水印且没有签字盖章栏" in out and re.search(r"存在 \d+ 个错误", out)
    text = _pdf_text(pdf)
    assert "草稿" in text and "法人签字" not in text


def test_export_needs_an_output(capsys):
    assert main(["export", str(SAMPLE)]) == 2
    assert "请至少指定 --pdf、--xlsx 或 --blank-xlsx 之一" in capsys.readouterr().err


def test_export_pdf_needs_a_draft(tmp_path, capsys):
    assert main(["export", "--pdf", str(tmp_path / "x.pdf")]) == 2
    assert "导出 PDF 或 Excel 需要指定草稿文件" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_export_of_an_unreadable_draft_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["export", str(bad), "--pdf", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(("form", "years"), [("green-factory-2025", "2024"), ("green-factory-2024", "2023")])
def test_export_blank_form_of_each_year(tmp_path, capsys, form, years):
    blank = tmp_path / "blank.xlsx"
    assert main(["export", "--blank-xlsx", str(blank), "--form", form]) == 0
    assert f"已导出空白表单：{blank}" in capsys.readouterr().out
    cells = _cells(blank)
    assert "工业总产值" in cells and f"{years}年指标值" in cells
    assert "广东绿源示范电缆有限公司" not in cells


def test_export_blank_form_of_an_unknown_form_exits_2(tmp_path, capsys):
    assert main(["export", "--blank-xlsx", str(tmp_path / "b.xlsx"), "--form", "green-factory-1999"]) == 2
    assert capsys.readouterr().err.strip()
    assert not (tmp_path / "b.xlsx").exists()


def test_import_of_an_exported_workbook_gives_back_the_same_table(exported, tmp_path, capsys):
    _, _, xlsx = exported
    out = tmp_path / "back.json"
    assert main(["import-xlsx", str(xlsx), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"已保存：{out}" in text
    back = open_draft(out).draft
    assert back.fingerprint() == open_draft(SAMPLE).draft.fingerprint()
    assert {e.source for e in back.log if e.cell != "state"} == {"imported"}


def test_import_refuses_to_overwrite_without_force(exported, tmp_path, capsys):
    _, _, xlsx = exported
    out = tmp_path / "keep.json"
    out.write_text("keep", encoding="utf-8")
    assert main(["import-xlsx", str(xlsx), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "已存在" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "keep"
    assert main(["import-xlsx", str(xlsx), "-o", str(out), "--force"]) == 0
    assert open_draft(out).draft.fields["factory_name"] == "广东绿源示范电缆有限公司"


def test_import_of_a_filled_blank_form_reads_values_by_label(tmp_path, capsys):
    blank = tmp_path / "blank.xlsx"
    assert main(["export", "--blank-xlsx", str(blank), "--form", "green-factory-2025"]) == 0
    wb = openpyxl.load_workbook(blank)
    ws = wb["动态管理表"]
    for row in ws.iter_rows():
        for c in row:
            if c.value in ("工厂名称", "* 工厂名称"):  # with the required mark, as in the form
                ws.cell(row=c.row, column=4, value="示范工厂")  # the yellow input cell
    wb.save(blank)
    out = tmp_path / "filled.json"
    assert main(["import-xlsx", str(blank), "-o", str(out)]) == 0
    assert open_draft(out).draft.fields["factory_name"] == "示范工厂"


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken zip", "不是表格".encode()])
def test_import_of_a_file_that_is_no_workbook_exits_2(tmp_path, capsys, content):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(content)
    out = tmp_path / "out.json"
    assert main(["import-xlsx", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err
    assert not out.exists()


def test_cli_runs_as_a_program(tmp_path):
    """The installed entry point's module, in its own process: export then import."""
    pdf = tmp_path / "p.pdf"
    run = subprocess.run([sys.executable, "-m", "greendesk.cli", "export", str(SAMPLE), "--pdf", str(pdf)],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert pdf.exists() and "已导出 PDF" in run.stdout

"""greendesk-cli export / import-xlsx: every message and exit code a user meets, written literally
(exit 0 written, 1 written with errors, 2 nothing written), the help texts, and that one bad output
name writes nothing at all."""

from __future__ import annotations

import re

import openpyxl
import pytest

from greendesk.cli import main
from greendesk.document import open_draft
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "green-factory-2025.json"


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_export_help_says_the_exit_codes_and_every_option(capsys):
    with pytest.raises(SystemExit) as done:
        main(["export", "--help"])
    assert done.value.code == 0
    out = _flat(capsys.readouterr().out)
    assert _flat("草稿有错误时，PDF（带“草稿”水印，没有签字盖章栏）和 Excel 照常导出，退出码为 1；"
                 "没有错误时退出码为 0；文件无法读取或写入时为 2。已存在的文件需加 --force 才会覆盖。") in out
    for text in ("草稿文件（导出空白表单时可省略）", "--pdfPDF输出PDF文件（.pdf）", "--xlsxXLSX输出Excel文件（.xlsx）",
                 "--blank-xlsxBLANK_XLSX输出空白表单Excel文件（.xlsx）",
                 "--formFORM表单定义（导出空白表单时使用，如green-factory-2025）", "--force覆盖已存在的文件"):
        assert text in out


def test_import_help(capsys):
    with pytest.raises(SystemExit):
        main(["import-xlsx", "--help"])
    out = _flat(capsys.readouterr().out)
    for text in ("inputExcel文件（.xlsx）", "-oOUTPUT,--outputOUTPUT新草稿文件（.json）",
                 "--formFORM表单定义（工作簿不是GreenDesk导出时需要）", "--force覆盖已存在的文件"):
        assert text in out


def test_commands_are_listed_with_the_platforms_words(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = _flat(capsys.readouterr().out)
    assert "export导出为PDF/导出为EXCEL/导出空白表单" in out
    assert "import-xlsx模板导入：从Excel读取数据生成草稿" in out


def test_import_needs_an_output(tmp_path, capsys):
    with pytest.raises(SystemExit) as done:
        main(["import-xlsx", str(tmp_path / "a.xlsx")])
    assert done.value.code == 2
    assert "缺少必需的参数：-o/--output" in capsys.readouterr().err


def test_export_of_a_valid_draft_to_excel_only(tmp_path, capsys):
    xlsx = tmp_path / "a.xlsx"
    assert main(["export", str(SAMPLE), "--xlsx", str(xlsx)]) == 0
    assert capsys.readouterr().out == f"已导出 Excel：{xlsx}\n"
    assert openpyxl.load_workbook(xlsx)["动态管理表"]["A1"].value == "绿色工厂动态管理表"


def test_export_of_a_draft_with_errors_to_pdf_and_excel(tmp_path, capsys):
    draft = tmp_path / "new.json"
    assert main(["new", "--form", "green-factory-2025", "-o", str(draft)]) == 0
    capsys.readouterr()
    pdf, xlsx = tmp_path / "n.pdf", tmp_path / "n.xlsx"
    assert main(["export", str(draft), "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert re.fullmatch(r"已导出 PDF（\d+ 页，带“草稿”水印且没有签字盖章栏）：" + re.escape(str(pdf)), lines[0])
    assert lines[1] == f"已导出 Excel：{xlsx}"
    m = re.fullmatch(r"注意：草稿存在 (\d+) 个错误（用 validate 命令查看），修正后请重新导出。", lines[2])
    assert m and int(m.group(1)) > 0
    assert xlsx.exists() and pdf.exists()


def test_blank_form_defaults_to_the_green_factory_2025(tmp_path, capsys):
    blank = tmp_path / "b.xlsx"
    assert main(["export", "--blank-xlsx", str(blank)]) == 0
    assert capsys.readouterr().out == f"已导出空白表单：{blank}\n"
    ws = openpyxl.load_workbook(blank)["动态管理表"]
    assert ws["A1"].value == "绿色工厂动态管理表" and ws["I1"].value == "form|green-factory-2025|2025.1"


def test_blank_form_of_a_drafts_own_form_with_its_excel(tmp_path, capsys):
    park = SAMPLES / "green-park-2025.json"
    blank, xlsx = tmp_path / "b.xlsx", tmp_path / "f.xlsx"
    assert main(["export", str(park), "--blank-xlsx", str(blank), "--xlsx", str(xlsx)]) == 0
    assert capsys.readouterr().out == f"已导出空白表单：{blank}\n已导出 Excel：{xlsx}\n"
    assert openpyxl.load_workbook(blank).active["I1"].value.startswith("form|green-park-2025|")
    assert openpyxl.load_workbook(xlsx).active["A1"].value == "绿色工业园区动态管理表"


def test_two_outputs_to_one_file_write_nothing(tmp_path, capsys):
    out = tmp_path / "same.xlsx"
    assert main(["export", str(SAMPLE), "--xlsx", str(out), "--blank-xlsx", str(tmp_path / "." / "same.xlsx")]) == 2
    assert capsys.readouterr().err == "两个输出指向同一个文件，请分别指定不同的文件名。\n"
    assert not out.exists()


def test_one_bad_output_name_writes_nothing(tmp_path, capsys):
    pdf, bad = tmp_path / "ok.pdf", tmp_path / "wrong.pdf"
    assert main(["export", str(SAMPLE), "--pdf", str(pdf), "--xlsx", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "「wrong.pdf」扩展名是 .pdf，而这里要写入的是Excel 文件（.xlsx）" in err
    assert not pdf.exists() and not bad.exists()
    assert main(["export", "--blank-xlsx", str(tmp_path / "b.json")]) == 2
    assert "而这里要写入的是Excel 文件（.xlsx）" in capsys.readouterr().err


def test_an_existing_output_needs_force(tmp_path, capsys):
    xlsx = tmp_path / "a.xlsx"
    xlsx.write_bytes(b"old")
    assert main(["export", str(SAMPLE), "--xlsx", str(xlsx)]) == 2
    assert "--force" in capsys.readouterr().err and xlsx.read_bytes() == b"old"
    assert main(["export", str(SAMPLE), "--xlsx", str(xlsx), "--force"]) == 0
    assert openpyxl.load_workbook(xlsx).active["A1"].value == "绿色工厂动态管理表"


def test_a_write_that_fails_is_said_in_chinese(tmp_path, capsys, monkeypatch):
    from greendesk import storage

    def full(path, data, **kw):
        raise storage.StorageError(f"磁盘已满，无法写入「{path.name}」。")

    monkeypatch.setattr(storage, "atomic_write_bytes", full)
    xlsx = tmp_path / "a.xlsx"
    assert main(["export", str(SAMPLE), "--xlsx", str(xlsx)]) == 2
    assert capsys.readouterr().err == "磁盘已满，无法写入「a.xlsx」。\n"
    assert main(["export", "--blank-xlsx", str(xlsx)]) == 2
    assert capsys.readouterr().err == "磁盘已满，无法写入「a.xlsx」。\n"
    assert not xlsx.exists()


def test_import_of_a_list_prints_its_report(tmp_path, capsys):
    from greendesk import forms
    from greendesk.draft import new_draft
    from greendesk.export import export_xlsx

    d = forms.get("cultivation-factory-2025")
    draft = new_draft(d)
    draft.fields["city"] = "广州市"
    draft.records["list"] = [{"city": "广州市", "name": "广州市绿源制药有限公司", "address": "广州市南沙区",
                              "ownership": "民营", "industry": "2720 化学药品制剂制造", "status": "市级绿色工厂"}]
    xlsx, out = tmp_path / "list.xlsx", tmp_path / "list.json"
    export_xlsx(d, draft, xlsx)
    assert main(["import-xlsx", str(xlsx), "-o", str(out)]) == 0
    assert capsys.readouterr().out == (
        f"模板导入：绿色制造培育名单（工厂、供应链），读入 1 行。\n已保存：{out}\n")
    assert open_draft(out).draft.records["list"] == draft.records["list"]


def test_import_of_a_damaged_list_with_its_form_exits_2(tmp_path, capsys):
    bad, out = tmp_path / "坏.xlsx", tmp_path / "o.json"
    bad.write_bytes(b"PK\x03\x04 broken")
    assert main(["import-xlsx", str(bad), "-o", str(out), "--form", "cultivation-factory-2025"]) == 2
    assert capsys.readouterr().err == "「坏.xlsx」不是 Excel 工作簿（.xlsx）。\n"  # the checks every import makes
    assert not out.exists()


def test_import_with_an_unknown_form_exits_2(tmp_path, capsys):
    out = tmp_path / "o.json"
    assert main(["import-xlsx", str(tmp_path / "x.xlsx"), "-o", str(out), "--form", "green-factory-1999"]) == 2
    err = capsys.readouterr().err
    assert "green-factory-1999" in err and "Traceback" not in err
    assert not out.exists()


def test_import_of_an_empty_workbook_saves_nothing(tmp_path, capsys):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "别的表格"
    xlsx, out = tmp_path / "e.xlsx", tmp_path / "e.json"
    wb.save(xlsx)
    assert main(["import-xlsx", str(xlsx), "-o", str(out), "--form", "green-factory-2025"]) == 1
    text = capsys.readouterr().out
    assert text.rstrip().endswith(
        f"未保存「{out}」：请确认工作簿是由 GreenDesk 导出的动态管理表，或用 --form 指定表单。")
    assert not out.exists()


def test_import_of_an_empty_list_saves_nothing(tmp_path, capsys):
    from greendesk import forms
    from greendesk.export import export_blank_xlsx

    xlsx, out = tmp_path / "blank.xlsx", tmp_path / "blank.json"
    export_blank_xlsx(forms.get("cultivation-park-2025"), xlsx)
    assert main(["import-xlsx", str(xlsx), "-o", str(out)]) == 1
    assert capsys.readouterr().out == (
        "模板导入：绿色制造培育名单（工业园区），读入 0 行。\n"
        f"未保存「{out}」：请确认工作簿是由 GreenDesk 导出的动态管理表，或用 --form 指定表单。\n")
    assert not out.exists()


def test_import_overwrites_only_with_force(tmp_path, capsys):
    xlsx, out = tmp_path / "a.xlsx", tmp_path / "a.json"
    assert main(["export", str(SAMPLE), "--xlsx", str(xlsx)]) == 0
    out.write_text("keep", encoding="utf-8")
    assert main(["import-xlsx", str(xlsx), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep"
    assert main(["import-xlsx", str(xlsx), "-o", str(out), "--force"]) == 0
    assert f"已保存：{out}" in capsys.readouterr().out
    assert open_draft(out).draft.fields["factory_name"] == "广东绿源示范电缆有限公司"

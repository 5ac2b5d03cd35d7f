"""greendesk-cli: Chinese messages, exit codes 0/1/2, no tracebacks for user mistakes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from greendesk.cli import main
from tests.conftest import ROOT, SAMPLES


def test_new_then_validate_lists_every_error(tmp_path, capsys):
    out = tmp_path / "new.json"
    assert main(["new", "--form", "green-factory-2025", "-o", str(out)]) == 0
    assert "2022、2023、2024" in capsys.readouterr().out
    assert main(["validate", str(out)]) == 1
    text = capsys.readouterr().out
    assert "[错误] V1" in text and "个错误" in text
    assert text.count("[错误]") > 90


def test_validate_sample_exit_zero(capsys):
    assert main(["validate", str(SAMPLES / "green-factory-2025.json")]) == 0
    assert "共 0 个错误" in capsys.readouterr().out


def test_validate_unreadable_file_exit_two_without_traceback(tmp_path, capsys):
    bad = tmp_path / "x.json"
    bad.write_bytes(b"\x00\x01garbage")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "二进制" in err and "Traceback" not in err


def test_new_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "d.json"
    out.write_text("keep", encoding="utf-8")
    assert main(["new", "--form", "green-factory-2025", "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep" and "--force" in capsys.readouterr().err


def test_rollover_command(tmp_path, capsys):
    out = tmp_path / "2025.json"
    assert main(["rollover", str(SAMPLES / "green-factory-2024.json"), "-o", str(out)]) == 0
    assert "需要新填写的年度：2024年" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["form"]["id"] == "green-factory-2025" and "2022" in data["table"]["E0"]["values"]


def test_verify_prints_and_checks_fingerprint(capsys):
    from greendesk.document import open_draft
    from greendesk.draft import short_fingerprint

    path = SAMPLES / "green-factory-2025.json"
    short = short_fingerprint(open_draft(path).draft.fingerprint())
    assert main(["verify", str(path)]) == 0
    assert short in capsys.readouterr().out
    assert main(["verify", str(path), "--code", short.lower()]) == 0
    assert main(["verify", str(path), "--code", "0000-0000-0000"]) == 1
    assert "不一致" in capsys.readouterr().out


def test_usage_errors_are_chinese():
    proc = subprocess.run([sys.executable, "-m", "greendesk.cli", "validate"], capture_output=True,
                          text=True, cwd=ROOT, encoding="utf-8")
    assert proc.returncode == 2
    assert "缺少必需的参数" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("form", ["green-factory-1999"])
def test_unknown_form(tmp_path, capsys, form):
    assert main(["new", "--form", form, "-o", str(tmp_path / "x.json")]) == 2
    assert "找不到表单定义" in capsys.readouterr().err


def test_the_export_commands_do_not_import_the_cli_that_loads_them():
    """greendesk.cli loads greendesk.export.cli as an extension; the shared pieces live in
    greendesk.cli_common, so the two never import each other."""
    import ast

    from tests.conftest import ROOT

    tree = ast.parse((ROOT / "greendesk" / "export" / "cli.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert "greendesk.cli" not in imported
    assert "greendesk.cli_common" in imported


def _fullwidth(text: str) -> str:
    """As a Chinese input method types it: ASCII letters and digits in their full-width forms."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)


@pytest.mark.parametrize("as_typed", [
    str.lower, lambda s: f" {s} ", lambda s: s.replace("-", ""), lambda s: _fullwidth(s).replace("-", "－"),
    lambda s: _fullwidth(s.lower()),
], ids=["lower", "spaces", "no-dashes", "fullwidth", "fullwidth-lower"])
def test_verify_accepts_the_code_as_people_type_it(as_typed, capsys):
    from greendesk.document import open_draft
    from greendesk.draft import short_fingerprint

    path = SAMPLES / "green-factory-2025.json"
    short = short_fingerprint(open_draft(path).draft.fingerprint())  # e.g. A1B2-C3D4-E5F6
    assert main(["verify", str(path), "--code", as_typed(short)]) == 0
    assert "一致" in capsys.readouterr().out


@pytest.mark.parametrize("code", ["xyz", "GHIJ-KLMN-OPQR", "12", "A1B2-C3D4-E5F6-" + "0" * 60, "！！"])
def test_a_malformed_code_is_said_to_be_malformed_not_different(code, capsys):
    assert main(["verify", str(SAMPLES / "green-factory-2025.json"), "--code", code]) == 2
    err = capsys.readouterr().err
    assert "格式不对" in err and "不一致" not in err


def test_rollover_to_an_older_table_or_onto_its_input_is_refused(tmp_path, capsys):
    import shutil

    assert main(["rollover", str(SAMPLES / "green-factory-2025.json"), "--form", "green-factory-2024",
                 "-o", str(tmp_path / "x.json")]) == 2
    assert "只能结转到更新的年度" in capsys.readouterr().err
    old = tmp_path / "去年.json"
    shutil.copyfile(SAMPLES / "green-factory-2024.json", old)
    before = old.read_bytes()
    assert main(["rollover", str(old), "-o", str(tmp_path / "." / "去年.json"), "--force"]) == 2
    assert "不能写回上年度草稿本身" in capsys.readouterr().err
    assert old.read_bytes() == before and not (tmp_path / "x.json").exists()


def test_rollover_report_names_which_product_quantity_a_line_is(tmp_path, capsys):
    """The 2025 table's product block labels its two quantities 产品产量 and 产品综合能耗."""
    assert main(["rollover", str(SAMPLES / "green-factory-2024.json"), "-o", str(tmp_path / "n.json")]) == 0
    out = capsys.readouterr().out
    assert "单位产品综合能耗 电工用铜线坯 产品产量 2021年：本年度表不再填报 2021 年（原值 40100）" in out
    assert "单位产品综合能耗 电工用铜线坯 产品综合能耗 2021年：本年度表不再填报 2021 年（原值 1240）" in out


def test_version_and_python_dash_m(capsys):
    import subprocess
    import sys

    from greendesk import __version__

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.strip() == f"greendesk-cli {__version__}"
    run = subprocess.run([sys.executable, "-m", "greendesk", "validate", str(SAMPLES / "green-factory-2025.json")],
                         capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    assert run.returncode == 0 and "共 0 个错误" in run.stdout

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

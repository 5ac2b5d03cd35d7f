"""`greendesk-cli validate --json`: findings as data, the platform's texts exactly, exit codes as
for the text report (0 no errors, 1 errors, 2 unreadable)."""

from __future__ import annotations

import json

from greendesk.cli import main
from greendesk.document import open_draft, save_draft
from greendesk.session import EditSession
from tests.conftest import SAMPLES

RANGE_TEXT = "该值超出常规范围，请核实数据准确性，如数据无误，请继续填报"
RULE_TEXT = ("氨氮产生量小于氨氮排放量或单位产值氨氮排放量数据超出常规范围，请核实相关数据"
             "（氨氮产生量、氨氮排放量、工业总产值）准确性，如数据无误，请继续填报。")
KEYS = {"cell", "part", "row", "year", "severity", "code", "title", "message", "detail"}


def _json(capsys, argv):
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


def _edited(tmp_path, edits):
    opened = open_draft(SAMPLES / "green-factory-2025.json")
    EditSession(opened.definition, opened.draft).apply(edits)
    path = tmp_path / "edited.json"
    save_draft(path, opened.draft)
    return path


def test_sample_gives_an_empty_list_and_exit_0(capsys):
    code, doc = _json(capsys, ["validate", "--json", str(SAMPLES / "green-factory-2025.json")])
    assert code == 0
    assert doc["findings"] == []
    assert doc["summary"]["errors"] == 0 and doc["summary"]["warnings"] == 0
    assert doc["form"] == "green-factory-2025"


def test_manual_examples_as_records(tmp_path, capsys):
    path = _edited(tmp_path, [("t:E0:2022", "1"), ("t:P2G:2022", "3"), ("t:P2E:2022", "5")])
    code, doc = _json(capsys, ["validate", "--json", str(path)])
    assert code == 0  # warnings only
    by_cell = {}
    for rec in doc["findings"]:
        assert set(rec) >= KEYS
        by_cell.setdefault(rec["cell"], []).append(rec)
    out = [r for r in by_cell["t:E0:2022"] if r["title"] == "数值超出范围警告"]
    assert out == [{**out[0], "part": "part3", "row": "工业总产值", "year": 2022, "severity": "warning",
                    "code": "V24", "message": RANGE_TEXT}]
    assert "1万元" in out[0]["detail"]
    nh = [r for r in by_cell["t:P2E:2022"] if r["title"] == "数值规则警告"]
    assert len(nh) == 1
    assert nh[0]["message"] == RULE_TEXT and nh[0]["row"] == "氨氮排放量" and nh[0]["code"] == "V3"
    assert nh[0]["detail"] == "2022年 氨氮排放量 5吨，氨氮产生量 3吨"


def test_errors_give_exit_1_and_fields_are_named(tmp_path, capsys):
    path = _edited(tmp_path, [("f:factory_name", ""), ("t:W1:2024", "-5")])
    code, doc = _json(capsys, ["validate", "--json", str(path)])
    assert code == 1
    name = [r for r in doc["findings"] if r["cell"] == "f:factory_name"][0]
    assert name["severity"] == "error" and name["row"] == "工厂名称" and name["year"] is None
    assert name["message"] == "「工厂名称」未填写。" and name["part"] == "part1"
    neg = [r for r in doc["findings"] if r["cell"] == "t:W1:2024"][0]
    assert neg["code"] == "V2" and neg["row"] == "取水量" and neg["year"] == 2024
    assert doc["summary"]["errors"] == sum(r["severity"] == "error" for r in doc["findings"]) >= 2


def test_unreadable_file_exit_2_no_json_on_stdout(tmp_path, capsys):
    bad = tmp_path / "x.json"
    bad.write_bytes(b"\x00\x01garbage")
    assert main(["validate", "--json", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err


def test_infos_only_with_all(tmp_path, capsys):
    path = _edited(tmp_path, [("t:L3:2024", "1000")])  # 建筑系数 < 30 % → info
    _, doc = _json(capsys, ["validate", "--json", str(path)])
    assert all(r["severity"] != "info" for r in doc["findings"])
    _, doc = _json(capsys, ["validate", "--json", "--all", str(path)])
    assert any(r["severity"] == "info" for r in doc["findings"])

"""Damaged, foreign and hostile drafts: exit 2, a Chinese message, no traceback, the file untouched.

One line a case. Each builds the file's bytes from the shipped sample (or from nothing), so that
only the damage named in the case is wrong.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greendesk.cli import main
from tests.conftest import SAMPLES

SAMPLE = (SAMPLES / "green-factory-2025.json").read_text(encoding="utf-8")
V1 = {"format_version": 1, "app": "GreenDesk", "form_id": "green-factory-2025", "form_version": "2025.1",
      "year": 2025}


def _edit(fn) -> bytes:
    raw = json.loads(SAMPLE)
    fn(raw)
    return json.dumps(raw).encode("utf-8")  # \uXXXX escapes: surrogates survive


def _set(path: str, value):
    def fn(raw):
        *keys, last = path.split("/")
        node = raw
        for k in keys:
            node = node[k]
        node[last] = value
    return fn


def _text_replace(old: str, new: str) -> bytes:
    assert old in SAMPLE
    return SAMPLE.replace(old, new, 1).encode("utf-8")


def _v1(**extra) -> bytes:
    return json.dumps(V1 | extra).encode("utf-8")


CASES = [  # (id, file bytes, word the message must contain)
    ("nested-lists", b"[" * 100_000 + b"]" * 100_000, "嵌套"),
    ("nested-objects", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "嵌套"),
    ("nested-in-draft", _edit(_set("fields/x", json.loads("[" * 200 + "]" * 200))), "嵌套"),
    ("huge-int-year", _text_replace('"report_year": 2025', '"report_year": ' + "9" * 5000), "位数过多"),
    ("huge-int-anywhere", _edit(lambda r: r.update(pad=0)).replace(b'"pad": 0', b'"pad": ' + b"1" * 4301),
     "位数过多"),
    ("nan-year", _text_replace('"report_year": 2025', '"report_year": NaN'), "NaN"),
    ("infinity", _text_replace('"report_year": 2025', '"report_year": -Infinity'), "Infinity"),
    ("float-overflow", _text_replace('"report_year": 2025', '"report_year": 1e999'), "超出范围"),
    ("year-out-of-range", _edit(_set("report_year", 1e300)), "report_year"),
    ("year-text", _edit(_set("report_year", "明年")), "应为整数"),
    ("duplicate-top-key", _text_replace('"report_year": 2025', '"report_year": 2025, "report_year": 2026'),
     "report_year"),
    ("duplicate-deep-key", _text_replace('"unit":', '"unit": "x", "unit":'), "重复"),
    ("utf16-bom", SAMPLE.encode("utf-16"), "UTF-16"),
    ("utf16-le", SAMPLE.encode("utf-16-le"), "UTF-16"),
    ("utf16-be", SAMPLE.encode("utf-16-be"), "UTF-16"),
    ("utf32-bom", SAMPLE.encode("utf-32"), "UTF-32"),
    ("utf32-be", SAMPLE.encode("utf-32-be"), "UTF-32"),
    ("latin1", SAMPLE.replace("GreenDesk", "GreenDesk©").encode("latin-1", "replace"), "UTF-8"),
    ("surrogate-field", _edit(_set("fields/factory_name", "工厂\ud800")), "U+D800"),
    ("surrogate-note", _edit(_set("table/E0/note", "\udfff")), "U+DFFF"),
    ("surrogate-key", _edit(_set("fields/\udc00x", "a")), "U+DC00"),
    ("surrogate-log", _edit(lambda r: r["log"].append({"time": "2025-01-01T00:00:00Z", "cell": "f:x",
                                                       "new": "\ud83d"})), "U+D83D"),
    ("number-29-digits", _edit(_set("table/E0/values/2024", "1" * 29)), "数值过大"),
    ("number-tiny", _edit(_set("table/E0/values/2024", "0.0000000000000000001")), "小数位数过多"),
    ("number-16-significant", _edit(_set("table/E0/values/2024", "1.234567890123456")), "小数位数过多"),
    ("number-exponent", _edit(_set("table/E0/values/2024", "1e5")), "不是有效数字"),
    ("number-as-json-number", _edit(_set("table/E0/values/2024", 5)), "应为文字"),
    ("number-nan-string", _edit(_set("table/E0/values/2024", "NaN")), "不是有效数字"),
    ("product-number", _edit(lambda r: r["products"]["E6"]["items"][0]["output"].update({"2024": "9" * 40})),
     "数值过大"),
    ("state-unknown", _edit(_set("state", "signed")), "可选"),
    ("values-list", _edit(_set("table/E0/values", [1])), "应为对象"),
    ("table-list", _edit(_set("table", [1])), "应为对象"),
    ("v1-rows-string", _v1(rows={"E0": "x"}), "rows"),
    ("v1-rows-list", _v1(rows=[1]), "rows"),
    ("v1-values-list", _v1(values=[1]), "values"),
    ("v1-values-nested", _v1(values={"factory_name": {"a": 1}}), "values.factory_name"),
    ("v1-row-value-list", _v1(rows={"E0": {"2024": [1]}}), "rows.E0.2024"),
    ("v1-year-huge", _v1(year=10**30), "填报年度"),
    ("format-version-bool", _edit(_set("format_version", True)), "格式版本"),
    ("format-version-huge", _edit(_set("format_version", 10**20)), "更新版本"),
    ("not-an-object", b'"GreenDesk"', "不是 GreenDesk 草稿"),
    ("form-id-huge", _edit(lambda r: r["form"].update(id="x" * 1_000_000)), "文字过长"),
    ("foreign-form-bad-definition", _edit(lambda r: (r["form"].update(id="green-factory-2099"),
                                                     r["definition"].update(title=5, years="x"))), "应为文字"),
    ("foreign-form-definition-list", _edit(lambda r: (r["form"].update(id="green-factory-2099"),
                                                      r.update(definition={"id": [1]}))), "缺少此项"),
]


def _english(text: str) -> list[str]:
    """English words outside the quoted keys and values (「…」) and U+XXXX: library text leaking."""
    text = re.sub(r"「[^」]*」|U\+[0-9A-F]{4,6}", "", text)
    allowed = {"GreenDesk", "UTF", "JSON", "Excel", "MB", "true", "false", "force",
               # keys of an embedded definition, named as the file spells them
               "id", "kind", "version", "title", "years", "report", "year", "pledge", "signature", "labels"}
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in allowed]


@pytest.mark.parametrize(("content", "word"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_draft_exits_2_with_a_chinese_message_and_is_untouched(tmp_path, capsys, content, word):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert word in err, err
    assert "Traceback" not in err and not _english(err), err
    assert path.read_bytes() == content


@pytest.mark.parametrize("command", [
    ["verify"], ["rollover", "-o", "{out}"], ["export", "--pdf", "{out}.pdf"], ["export", "--xlsx", "{out}.xlsx"],
])
@pytest.mark.parametrize("case", ["surrogate-note", "number-29-digits", "nested-lists", "utf16-bom",
                                  "v1-rows-string"])
def test_every_command_refuses_the_same_drafts(tmp_path, capsys, command, case):
    content = dict((c[0], c[1]) for c in CASES)[case]
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    out = str(tmp_path / "out")
    argv = [command[0], str(path), *(a.format(out=out) for a in command[1:])]
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]  # nothing written


def test_utf8_bom_is_accepted(tmp_path, capsys):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"))
    assert main(["validate", str(path)]) == 0


# ---------------------------------------------------------------- structure fuzzing (hypothesis)

_scalars = (st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=False)
            | st.text(max_size=30) | st.sampled_from(["1e5", "0." + "0" * 30 + "1", "9" * 40, "-0", "１２",
                                                     "\x0b", "\u202e", "\x00", "2024", "E0", "是"]))
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
_PLACES = ["report_year", "state", "fields", "fields/factory_name", "fields/address.detail", "table",
           "table/E0", "table/E0/values", "table/E0/values/2024", "table/E0/note", "table/E0/unit",
           "products", "products/E6", "products/E6/items", "products/E6/items/0",
           "products/E6/items/0/output", "products/E6/items/0/unit", "log", "form", "form/id",
           "format_version", "created", "definition"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PLACES), _json), min_size=1, max_size=3))
def test_any_structure_in_a_draft_opens_or_is_refused_cleanly(tmp_path_factory, edits):
    """Whatever JSON stands where a draft has a value: DocumentError, or a draft that validates,
    fingerprints and saves."""
    from greendesk.document import DocumentError, dumps, open_draft
    from greendesk.rules import validate

    raw = json.loads(SAMPLE)
    for place, value in edits:
        *keys, last = place.split("/")
        node = raw
        for k in keys:
            if isinstance(node, list) and k.isdigit() and int(k) < len(node):
                node = node[int(k)]
            elif isinstance(node, dict):
                node = node.get(k)
            else:
                node = None
        if isinstance(node, dict):
            node[last] = value
        elif isinstance(node, list) and last.isdigit() and int(last) < len(node):
            node[int(last)] = value
    path = tmp_path_factory.mktemp("fuzz") / "d.json"
    content = json.dumps(raw).encode("utf-8")
    path.write_bytes(content)
    try:
        opened = open_draft(path)
    except DocumentError as exc:
        assert exc.message and not _english(exc.message), exc.message
    else:
        validate(opened.definition, opened.draft)
        opened.draft.fingerprint()
        dumps(opened.draft)
    assert path.read_bytes() == content


def test_deep_junk_in_the_embedded_definition_of_a_foreign_form_is_refused(tmp_path, capsys):
    raw = json.loads(SAMPLE)
    raw["form"]["id"] = "green-factory-2099"
    raw["definition"]["rules"] = json.loads("[" * 500 + "]" * 500)
    path = tmp_path / "bad.json"
    path.write_bytes(json.dumps(raw).encode("utf-8"))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "表单定义" in err and "Traceback" not in err

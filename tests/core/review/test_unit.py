"""One file reviewed: who the unit is, its findings and the flags a reviewer must see."""

from __future__ import annotations

from pathlib import Path

import pytest

from greendesk.review.unit import review_file
from tests.conftest import SAMPLES
from tests.core.review.conftest import SAMPLE, SAMPLE_NAME, SAMPLE_USCC


def test_the_sample_reads_with_its_identity_and_no_flags():
    r = review_file(SAMPLES / "green-factory-2025.json")
    assert r.readable and r.source == "draft"
    assert (r.name, r.uscc, r.form, r.report_year) == (SAMPLE_NAME, SAMPLE_USCC, "green-factory-2025", 2025)
    assert r.list_type == "绿色工厂"
    assert r.industry == "C3831 电线、电缆制造"
    assert r.region == "广东省 广州市 黄埔区"
    assert r.state == "已通过验证"
    assert (r.errors, r.warnings, r.flags) == (0, 0, [])


def test_last_years_table_is_flagged_as_not_the_current_form():
    r = review_file(SAMPLES / "green-factory-2024.json")
    assert r.flags == ["not_current_form"]
    assert r.details["not_current_form"] == "2024年度表（最新为2025年度）"


def test_compliance_questions_answered_yes_are_named(variant):
    def edit(d):
        d.fields["q2"] = "是"
        d.fields["q5"] = "是"
        d.fields["explanation"] = "2024年发生一起轻微环境事故，已整改。"

    r = review_file(variant("q.json", edit))
    assert r.flags == ["compliance_yes"]
    assert r.details["compliance_yes"] == "第2、5项答“是”"


def test_question_7_no_or_a_former_name_is_a_name_change(variant):
    def answered_no(d):
        d.fields["q7"] = "否"
        d.fields["former_name"] = "广东绿源电缆厂"

    def former_only(d):
        d.fields["former_name"] = "广东绿源电缆厂"

    r = review_file(variant("no.json", answered_no))
    assert r.flags == ["name_changed"]
    assert r.details["name_changed"] == "变更前名称：广东绿源电缆厂"
    assert "name_changed" in review_file(variant("former.json", former_only)).flags


def test_a_missing_required_value_is_an_error(variant):
    def edit(d):
        del d.fields["factory_name"]

    r = review_file(variant("e.json", edit))
    assert r.errors == 1 and "has_errors" in r.flags
    assert r.first_cell == "f:factory_name"
    assert "工厂名称" in r.details["has_errors"]


def test_a_large_change_without_a_note_is_unexplained_and_with_one_it_is_still_listed(variant):
    # 综合能源消费量合计 2023: 3920 → 2024: 9000 is +130 %, over the table's 50 % (V9)
    def jump(d):
        d.table["E1"].values["2024"] = "9000"

    def jump_explained(d):
        jump(d)
        d.table["E1"].note = "2024年新建熔炼车间投产。"

    r = review_file(variant("jump.json", jump))
    assert {"large_yoy_change", "unexplained_warning"} <= set(r.flags)
    assert r.details["large_yoy_change"].startswith("综合能源消费量合计（2024年）")
    explained = review_file(variant("jump2.json", jump_explained))
    assert "large_yoy_change" in explained.flags
    assert "综合能源消费量合计" not in explained.details.get("unexplained_warning", "")


def test_a_draft_not_yet_verified_is_still_a_draft(variant):
    def edit(d):
        d.state = "draft"

    r = review_file(variant("d.json", edit))
    assert r.flags == ["still_draft"] and r.state == "草稿"


def test_an_exported_workbook_is_reviewed_like_its_draft(tmp_path, def2025, sample2025):
    from greendesk.export import export_xlsx

    out = tmp_path / "unit.xlsx"
    export_xlsx(def2025, sample2025, out)
    r = review_file(out)
    assert r.readable and r.source == "workbook"
    assert (r.name, r.uscc, r.errors) == (SAMPLE_NAME, SAMPLE_USCC, 0)
    assert r.fingerprint == sample2025.fingerprint()
    assert "still_draft" not in r.flags  # a workbook carries no state


def test_bad_inputs_are_unreadable_rows_with_their_reason(tmp_path):
    cases = {
        "empty.json": b"",
        "binary.json": b"\x00\x01\x02PK",
        "cut.json": SAMPLES.joinpath("green-factory-2025.json").read_bytes()[:5000],
        "foreign.json": b'{"name": "package", "version": "1.0"}',
        "list.json": b"[1, 2, 3]",
        "fake.xlsx": b"not a workbook",
        "notes.txt": b"hello",
    }
    reasons = {}
    for name, data in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
        r = review_file(p)
        assert not r.readable and r.flags == ["unreadable"], name
        reasons[name] = r.reason
    assert "空文件" in reasons["empty.json"]
    assert "二进制" in reasons["binary.json"]
    assert "不完整" in reasons["cut.json"]
    assert "不是 GreenDesk 草稿文件" in reasons["foreign.json"]
    assert "不是 GreenDesk 草稿文件" in reasons["list.json"]
    assert "fake.xlsx" in reasons["fake.xlsx"]
    assert "notes.txt" in reasons["notes.txt"]
    assert "找不到" in review_file(Path(tmp_path / "gone.json")).reason


def test_a_damaged_embedded_definition_is_unreadable_even_after_good_files(tmp_path, variant):
    good = variant("good.json")
    review_file(good)  # its definition copy is now known
    data = good.read_bytes()
    at = data.rfind(b'"definition"')
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(data[:at] + data[at:].replace(b'"parts"', b'"parts', 1))
    r = review_file(damaged)
    assert not r.readable and "文件内容已损坏" in r.reason
    again = review_file(tmp_path / "good.json")
    assert again.readable and again.to_json() == review_file(good).to_json()


def test_a_file_with_a_known_definition_copy_but_another_form_is_read_in_full(tmp_path, variant):
    good = variant("good.json")
    review_file(good)
    data = good.read_bytes()
    other = tmp_path / "renamed-form.json"
    other.write_bytes(data.replace(b'"id": "green-factory-2025"', b'"id": "green-factory-2099"', 1))
    r = review_file(other)  # not shipped: opened with its own embedded copy, whose id differs
    assert not r.readable and "校验值不符" in r.reason


def test_a_known_definition_copy_is_not_parsed_again(tmp_path, variant, monkeypatch):
    from greendesk.review import unit

    first, second = variant("a.json"), variant("b.json", lambda d: d.fields.update(factory_name="乙厂"))
    review_file(first)
    parsed: list[int] = []
    real = unit._fast_loads
    monkeypatch.setattr(unit, "_fast_loads", lambda data: (parsed.append(len(data)), real(data))[1])
    r = review_file(second)
    assert r.readable and r.name == "乙厂"
    assert parsed and parsed[0] < second.stat().st_size / 2  # only the part before the definition


def _with_member(data: bytes, inside: bytes, member: bytes) -> bytes:
    """The file with `member` written again as the first member of the object opening `inside`."""
    return data.replace(inside, inside + b"\n  " + member + b",", 1)


def test_a_key_written_twice_is_unreadable_as_the_loader_says_even_with_a_known_definition(tmp_path, variant):
    good = variant("good.json")
    assert review_file(good).readable  # its definition copy is now known: the short path is taken
    data = good.read_bytes()
    cases = {
        "fields.json": (_with_member(data, b'"fields": {', '"factory_name": "另一个名称"'.encode()), "factory_name"),
        "form.json": (_with_member(data, b'"form": {', b'"hash": ""'), "hash"),
        "top.json": (_with_member(data, b"{", b'"state": "final"'), "state"),
    }
    at = data.rfind(b'"definition"')
    inside = data[at:].index(b"{") + at + 1  # the embedded definition's own first member
    cases["definition.json"] = (data[:inside] + b'\n  "id": "x",' + data[inside:], "id")
    for name, (bytes_, key) in cases.items():
        p = tmp_path / name
        p.write_bytes(bytes_)
        r = review_file(p)
        assert not r.readable and r.flags == ["unreadable"], name
        assert r.reason == f"文件「{name}」无法读取：同一处有两个「{key}」项（重复的键），无法确定以哪个为准。文件未被修改。"
    assert review_file(good).readable


def test_colons_in_texts_and_escaped_characters_are_no_repeated_keys(tmp_path, variant):
    texts = variant("texts.json", lambda d: d.fields.update(
        factory_name="甲厂: 一号车间 \"A:B\"", contact_name="a:b:c"))
    assert review_file(texts).readable
    escaped = tmp_path / "escaped.json"  # a colon written as \u003a: read in full by the loader
    escaped.write_bytes(texts.read_bytes().replace("甲厂:".encode(), b"\\u7532\\u5382\\u003a", 1))
    r = review_file(escaped)
    assert r.readable and r.name == '甲厂: 一号车间 "A:B"'


@pytest.mark.parametrize("newlines", [0, 3, 40])
def test_a_repeated_key_is_found_though_an_escaped_colon_hides_the_count(tmp_path, variant, newlines):
    # an escaped colon adds one to the parsed text's colons, a repeated key takes one away: the
    # colon count alone would see nothing. Escapes before it (a note's line breaks) are skipped over.
    good = variant("good.json", lambda d: d.fields.update(factory_name="甲厂:一号", contact_name="张" + "\n" * newlines))
    review_file(good)  # the definition is known: later files take the short path
    data = good.read_bytes().replace("甲厂:".encode(), b"\\u7532\\u5382\\u003a", 1)
    bad = tmp_path / "bad.json"
    bad.write_bytes(_with_member(data, b'"fields": {', '"factory_name": "另一个名称"'.encode()))
    r = review_file(bad)
    assert not r.readable and "重复的键" in r.reason


def test_every_file_is_cleaned_as_opening_it_cleans_it(tmp_path, variant):
    from greendesk.document import open_draft

    review_file(variant("first.json"))  # the definition is known: later files take the short path
    hidden = variant("hidden.json", lambda d: d.fields.update(factory_name="绿源\u200b电缆厂"))
    r = review_file(hidden)
    assert r.name == "绿源电缆厂"  # the zero-width space removed, as typing or opening removes it
    assert "has_errors" not in r.flags  # so no V23 for a character the window never shows
    assert r.fingerprint == open_draft(hidden).draft.fingerprint()


def test_a_definition_key_written_twice_is_unreadable_whatever_was_reviewed_before(tmp_path, variant):
    """The fast path parses a draft without its last member (the embedded definition) once that
    definition is known; a second "definition" earlier in the file is then a key written twice and
    the loader's verdict, reviewed alone or after a draft with the same definition, any order."""
    from greendesk.review.runner import review_files

    good = variant("a_good.json")
    text = good.read_text(encoding="utf-8")
    dup = tmp_path / "b_dup.json"
    dup.write_text(text.replace("{", '{\n "definition": {"x": 1},', 1), encoding="utf-8")
    said = "文件「b_dup.json」无法读取：同一处有两个「definition」项（重复的键），无法确定以哪个为准。文件未被修改。"
    for order in ([dup], [good, dup], [good, good, dup]):
        results = list(review_files(order, workers=1, use_cache=False))
        assert (results[-1].readable, results[-1].reason) == (False, said)


def test_a_tampered_copy_of_a_form_not_shipped_is_refused_after_a_good_one(tmp_path):
    """QA: a draft whose embedded definition (of a form GreenDesk does not ship) was edited was
    refused alone but accepted when a good draft of the same form was reviewed first."""
    import json

    from greendesk import forms
    from greendesk.definition import FormDefinition
    from greendesk.review.runner import review_files
    from tests.conftest import SAMPLES

    canonical = dict(forms.get("green-factory-2025").canonical) | {"id": "my-own-form-2025"}
    own = FormDefinition.model_validate(canonical)
    raw = json.loads((SAMPLES / "green-factory-2025.json").read_text(encoding="utf-8"))
    raw["form"] = {"id": own.id, "version": own.version, "hash": own.content_hash}
    raw["definition"] = own.canonical
    good, bad = tmp_path / "a-good.json", tmp_path / "b-tampered.json"
    good.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    raw["definition"] = dict(own.canonical) | {"title": own.title + "（改）"}
    bad.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    said = ("文件「b-tampered.json」中保存的表单定义「my-own-form-2025」与草稿记录的不一致（校验值不符），"
            "文件在 GreenDesk 之外被修改过，无法打开。请从备份或自动保存中恢复。")
    for order in ([bad], [good, bad]):
        results = {Path(r.file).name: r for r in review_files(order, workers=1, use_cache=False)}
        assert (results["b-tampered.json"].readable, results["b-tampered.json"].reason) == (False, said)
    assert results["a-good.json"].readable


def _repeated_key_behind(tmp_path, variant, edit, plain: bytes, escaped: bytes):
    """A known definition's file with one colon written as an escape (`plain` → `escaped`) and a
    key written twice: the colon count alone would see nothing, the file must still be refused."""
    good = variant("good.json", edit)
    assert review_file(good).readable  # the definition is known: later files take the short path
    data = good.read_bytes()
    assert data.count(plain) == 1
    bad = tmp_path / "bad.json"
    bad.write_bytes(_with_member(data.replace(plain, escaped), b'"fields": {',
                                 '"factory_name": "另一个名称"'.encode()))
    r = review_file(bad)
    assert not r.readable and r.reason == ("文件「bad.json」无法读取：同一处有两个「factory_name」项（重复的键），"
                                           "无法确定以哪个为准。文件未被修改。")


def test_a_repeated_key_is_found_behind_an_escaped_colon_after_many_other_escapes(tmp_path, variant):
    # twenty line breaks (\n) earlier in the file: more escapes than are looked at one by one
    _repeated_key_behind(tmp_path, variant,
                         lambda d: d.fields.update(factory_name="甲厂" + "\n" * 20, contact_name="乙:丙"),
                         "乙:".encode(), "乙".encode() + b"\\u003a")


def test_a_repeated_key_is_found_behind_an_escaped_colon_right_after_an_escaped_backslash(tmp_path, variant):
    # 乙\: written \\\u003a: the escaped backslash's second character is skipped, not the colon's escape
    _repeated_key_behind(tmp_path, variant, lambda d: d.fields.update(contact_name="乙\\:丙"),
                         "乙".encode() + b"\\\\:", "乙".encode() + b"\\\\\\u003a")


@pytest.mark.parametrize(("member", "said"), [
    (b'"report_year": 20250000000000000000000',
     "内容不符合草稿格式：「report_year（填报年度）」的值「20250000000000000000000」太大（应不大于 2100）。"),
    (b'"format_version": 200000000000000000000000',
     "由更新版本的 GreenDesk 创建（格式版本 200000000000000000000000），本程序只能读取到版本 2。请升级 GreenDesk 后再打开。"),
])
def test_a_huge_integer_is_named_as_written_like_opening_the_file_names_it(tmp_path, member, said):
    # orjson reads an integer beyond 64 bits as a float: a draft refused on the fast path is
    # judged again by the loader, which names the value as the file writes it
    key = member.split(b":")[0]
    data = SAMPLE.read_bytes()
    at = data.index(key)
    p = tmp_path / "big.json"
    p.write_bytes(data[:at] + member + data[data.index(b",", at):])
    r = review_file(p)
    assert not r.readable and r.reason == f"文件「big.json」{said}"

"""Opening a draft file as the user meets it: every refusal's Chinese message word for word (the
file named, what is wrong, where, what to do), the edges of the limits (nesting, number literals),
the format-1 migration value by value, and the notes shown when a draft meets another definition."""

from __future__ import annotations

import json

import pytest

from greendesk import document, storage
from greendesk.document import DocumentError, attach_definition, from_dict, open_draft, read
from greendesk.draft import new_draft
from tests.conftest import SAMPLES

N = "文件「d.json」"
SAMPLE = (SAMPLES / "green-factory-2025.json").read_text(encoding="utf-8")
NOT_DRAFT = "文件「d.json」不是 GreenDesk 草稿文件。"
U16 = ("文件「d.json」是 UTF-16 编码的文本，GreenDesk 草稿应为 UTF-8 编码，无法打开。"
       "如果是手工编辑过的，请用编辑器“另存为 UTF-8”后再打开；否则请从备份或自动保存中恢复。")
U32 = U16.replace("UTF-16 编码的文本", "UTF-32 编码的文本")
SURROGATE = "含有无效字符 U+{}（孤立的代理项，不是可以显示或打印的文字）"
UNREAD = "文件「d.json」无法读取：{}。文件未被修改。"
NEWER = "文件「d.json」由更新版本的 GreenDesk 创建（格式版本 {}），本程序只能读取到版本 2。请升级 GreenDesk 后再打开。"
SHAPE = "文件「d.json」（格式版本 1）的结构不对，无法升级：{}。文件未被修改。"
DEEP = "数据嵌套层数过多（超过 64 层），不是 GreenDesk 草稿"


def _with(**changes) -> bytes:
    return json.dumps({**json.loads(SAMPLE), **changes}).encode()


CASES = [  # (id, bytes, the whole message)
    ("empty", b"", "文件「d.json」是空文件，可能在保存时被中断。请从备份或自动保存中恢复。"),
    ("blank", b"  \n\t ", "文件「d.json」是空文件，可能在保存时被中断。请从备份或自动保存中恢复。"),
    ("utf16-bom", SAMPLE.encode("utf-16"), U16),
    ("utf16-le", SAMPLE.encode("utf-16-le"), U16),
    ("utf16-be", SAMPLE.encode("utf-16-be"), U16),
    ("utf16-be-bom", b"\xfe\xff" + SAMPLE.encode("utf-16-be"), U16),
    ("utf16-short", "{}".encode("utf-16-le"), U16),  # 4 bytes: \x7b\x00\x7d\x00
    ("utf32-bom", SAMPLE.encode("utf-32"), U32),
    ("utf32-le", SAMPLE.encode("utf-32-le"), U32),
    ("utf32-be", SAMPLE.encode("utf-32-be"), U32),
    ("utf32-be-bom", b"\x00\x00\xfe\xff" + SAMPLE.encode("utf-32-be"), U32),
    ("binary", b"{\x00\x01\x02\x03 abc", "文件「d.json」不是 GreenDesk 草稿（这是一个二进制文件）。"),
    ("latin1", b'{"a": "\xe9"}', "文件「d.json」不是 GreenDesk 草稿（文件编码不是 UTF-8）。"),
    ("utf8-bom-read", b"\xef\xbb\xbf" + b'{"app": "GreenDesk", "format_version": 99}', NEWER.format(99)),
    ("duplicate", b'{"a": 1, "b": 2, "a": 3}',
     UNREAD.format("同一处有两个「a」项（重复的键），无法确定以哪个为准")),
    ("nan", b'{"a": NaN}', UNREAD.format("含有非数字的数值「NaN」")),
    ("infinity", b'{"a": -Infinity}', UNREAD.format("含有非数字的数值「-Infinity」")),
    ("int-40", b'{"a": ' + b"1" * 40 + b"}", NOT_DRAFT),
    ("int-41", b'{"a": ' + b"1" * 41 + b"}",
     UNREAD.format("含有位数过多的数字（41 位：11111111111111111111111…）")),
    ("float-40", b'{"a": 1.' + b"1" * 38 + b"}", NOT_DRAFT),
    ("float-41", b'{"a": 1.' + b"1" * 39 + b"}", UNREAD.format("含有超出范围的数字「1.111111111111111111111…」")),
    ("float-inf", b'{"a": 1e999}', UNREAD.format("含有超出范围的数字「1e999」")),
    ("truncated", b'{"a": [1, 2',
     "文件「d.json」无法读取：文件可能不完整（保存时被中断）（第 1 行第 12 列）。请从备份或自动保存中恢复。"),
    ("truncated-string", b'{"a": "abc',
     "文件「d.json」无法读取：文件可能不完整（保存时被中断）（第 1 行第 7 列）。请从备份或自动保存中恢复。"),
    ("damaged", b'{"a": 1,, "b": 2}\n\n',
     "文件「d.json」无法读取：文件内容已损坏（第 1 行第 9 列）。请从备份或自动保存中恢复。"),
    ("damaged-line-2", b'{"a": 1,\n "b" 2}',
     "文件「d.json」无法读取：文件内容已损坏（第 2 行第 6 列）。请从备份或自动保存中恢复。"),
    ("lists-64", b"[" * 64 + b"]" * 64, NOT_DRAFT),
    ("lists-65", b"[" * 65 + b"]" * 65, UNREAD.format(DEEP)),
    ("objects-64", b'{"a":' * 64 + b"1" + b"}" * 64, NOT_DRAFT),
    ("objects-65", b'{"a":' * 65 + b"1" + b"}" * 65, UNREAD.format(DEEP)),
    ("mixed-65", b'{"a":' + b"[" * 64 + b"]" * 64 + b"}", UNREAD.format(DEEP)),
    ("mixed-64", b'{"a":' + b"[" * 63 + b"]" * 63 + b"}", NOT_DRAFT),
    ("definition-not-counted", b'{"definition":' + b"[" * 80 + b"]" * 80 + b"}", NOT_DRAFT),
    ("surrogate-key", b'{"fields": {"\\ud800x": "a"}}',
     UNREAD.format("「fields（字段）」中有一个键" + SURROGATE.format("D800"))),
    ("surrogate-top-key", b'{"\\ud800": 1}', UNREAD.format("「（顶层）」中有一个键" + SURROGATE.format("D800"))),
    ("surrogate-value", b'{"table": {"E0": {"note": "\\udfff"}}}',
     UNREAD.format("「table.E0.note（第三部分）」" + SURROGATE.format("DFFF"))),
    ("surrogate-top", b'"\\ud800"', UNREAD.format("「（顶层）」" + SURROGATE.format("D800"))),
    ("surrogate-list", b'{"log": [{"new": "\\ud83d"}]}',
     UNREAD.format("「log.0.new（修改记录）」" + SURROGATE.format("D83D"))),
    ("surrogate-unnamed", b'{"zzz": ["ok", "\\udc00"]}', UNREAD.format("「zzz.1」" + SURROGATE.format("DC00"))),
    ("surrogate-upper-escape", b'{"zzz": "\\uDBFF"}', UNREAD.format("「zzz」" + SURROGATE.format("DBFF"))),
    ("not-an-object", b"[1]", NOT_DRAFT),
    ("other-app", b'{"app": "X", "format_version": 2}', NOT_DRAFT),
    ("no-version", b'{"app": "GreenDesk"}', NOT_DRAFT),
    ("no-app-is-ours", b'{"format_version": 99}', NEWER.format(99)),
    ("version-text", b'{"format_version": "2"}', "文件「d.json」的格式版本「2」无效。"),
    ("version-bool", b'{"format_version": true}', "文件「d.json」的格式版本「true」无效。"),
    ("version-0", b'{"format_version": 0}', "文件「d.json」的格式版本「0」无效。"),
    ("version-null", b'{"format_version": null}', "文件「d.json」的格式版本「null」无效。"),
    ("version-3", b'{"format_version": 3}', NEWER.format(3)),
    ("v1-rows-list", b'{"format_version": 1, "rows": [1]}',
     SHAPE.format("「rows」应为每行一项、内含各年数值的对象")),
    ("v1-row-number", b'{"format_version": 1, "rows": {"E0": 5}}',
     SHAPE.format("「rows」应为每行一项、内含各年数值的对象")),
    ("v1-values-list", b'{"format_version": 1, "values": [1]}', SHAPE.format("「values」应为每个字段一项的对象")),
    ("v1-value-list", b'{"format_version": 1, "values": {"x": [1]}}', SHAPE.format("「values.x」应为文字或数字")),
    ("v1-value-bool", b'{"format_version": 1, "rows": {"E0": {"2024": true}}}',
     SHAPE.format("「rows.E0.2024」应为文字或数字")),
    ("one-model-error", _with(report_year="x"),
     "文件「d.json」内容不符合草稿格式：「report_year（填报年度）」应为整数，现为「x」。"),
    # JSON true/false is not an integer (pydantic's lax mode read it as 1/0: "「True」太小")
    ("year-true", _with(report_year=True),
     "文件「d.json」内容不符合草稿格式：「report_year（填报年度）」应为整数，现为「true」。"),
    ("year-false", _with(report_year=False),
     "文件「d.json」内容不符合草稿格式：「report_year（填报年度）」应为整数，现为「false」。"),
    ("year-float", _with(report_year=2025.0),
     "文件「d.json」内容不符合草稿格式：「report_year（填报年度）」应为整数，现为「2025.0」。"),
    ("two-model-errors", _with(report_year="x", state="q"),
     "文件「d.json」内容不符合草稿格式：「report_year（填报年度）」应为整数，现为「x」（共 2 处，此为第一处）。"),
]


@pytest.mark.parametrize(("data", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refusal_message_word_for_word(data, message):
    with pytest.raises(DocumentError) as caught:
        read(data, N)
    assert caught.value.message == message and str(caught.value) == message


def test_default_name_is_this_file():
    with pytest.raises(DocumentError) as caught:
        read(b"")
    assert caught.value.message == "该文件是空文件，可能在保存时被中断。请从备份或自动保存中恢复。"
    with pytest.raises(DocumentError) as caught:
        document.loads(b"[1]")
    assert caught.value.message == "该文件不是 GreenDesk 草稿文件。"
    with pytest.raises(DocumentError) as caught:
        document.parse_json(b"{")
    assert caught.value.message.startswith("该文件无法读取：")
    with pytest.raises(DocumentError) as caught:
        from_dict([1])
    assert caught.value.message == "该文件不是 GreenDesk 草稿文件。"


def test_the_sample_reads_and_keeps_its_version():
    loaded = read(SAMPLE.encode("utf-8"), N)
    assert loaded.migrated_from is None and loaded.draft.format_version == 2
    assert read(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), N).draft == loaded.draft  # a BOM is allowed


# ---- from_dict: JSON parsed elsewhere, checked the same way

def test_from_dict_refuses_nesting_and_surrogates():
    with pytest.raises(DocumentError) as caught:
        from_dict({"a": json.loads("[" * 65 + "]" * 65)}, N)
    assert caught.value.message == UNREAD.format(DEEP)
    with pytest.raises(DocumentError) as caught:
        from_dict({"fields": {"x": "\ud800"}}, N)
    assert caught.value.message == UNREAD.format("「fields.x（字段）」" + SURROGATE.format("D800"))
    # the bytes it came from show no surrogate escape: the search is skipped, the model decides
    with pytest.raises(DocumentError) as caught:
        from_dict({"fields": {"x": "\ud800"}}, N, source=b'{"fields": {"x": "?"}}')
    assert caught.value.message == NOT_DRAFT
    raw = json.loads(SAMPLE)
    assert from_dict(raw, N, source=SAMPLE.encode()).fields == read(SAMPLE.encode()).draft.fields
    with pytest.raises(DocumentError) as caught:
        from_dict({**raw, "fields": {"x": "\ud800"}}, N, source=b'"\\ud800"')
    assert "U+D800" in caught.value.message


# ---- format 1 → 2, value by value

V1 = {"format_version": 1, "app": "GreenDesk", "form_id": "green-factory-2025", "form_version": "2025.1",
      "year": 2025}


def test_v1_values_become_text_exactly():
    raw = {**V1, "app_version": "0.3", "created": "2025-02-01T08:00:00Z", "modified": "2025-02-03T08:00:00Z",
           "values": {"factory_name": "旧厂", "n": 5, "f": 0.1, "tiny": 1e-7, "none": None, "blank": ""},
           "rows": {"E0": {"unit": "万元", "2023": 110.5, "2024": "", "2022": None, "note": None},
                    "E1": {"2024": "0.4", "note": "说明"}}}
    loaded = read(json.dumps(raw).encode(), N)
    d = loaded.draft
    assert loaded.migrated_from == 1 and d.format_version == 2
    # an integer stays an integer (was "5.000000": format(5, "f") pads six decimals)
    assert d.fields == {"factory_name": "旧厂", "n": "5", "f": "0.1", "tiny": "0.0000001"}
    assert (d.table["E0"].unit, d.table["E0"].values, d.table["E0"].note) == ("万元", {"2023": "110.5"}, "")
    assert (d.table["E1"].unit, d.table["E1"].values, d.table["E1"].note) == (None, {"2024": "0.4"}, "说明")
    assert (d.form.id, d.form.version, d.form.hash) == ("green-factory-2025", "2025.1", "")
    assert d.report_year == 2025 and d.state == "draft" and d.app_version == "0.3"
    assert d.created.isoformat().startswith("2025-02-01T08:00:00")
    assert d.modified.isoformat().startswith("2025-02-03T08:00:00")
    assert d.products == {} and d.log == []


def test_v1_minimal_and_default_app_version():
    d = read(json.dumps(V1).encode(), N).draft
    assert d.app_version == "0.0" and d.fields == {} and d.table == {}


def test_migrate_leaves_a_current_draft_alone():
    raw = json.loads(SAMPLE)
    assert document.migrate(raw) is raw


def test_v1_shape_error_default_name():
    with pytest.raises(DocumentError) as caught:
        document.migrate({"format_version": 1, "values": [1]})
    assert caught.value.message == "该文件（格式版本 1）的结构不对，无法升级：「values」应为每个字段一项的对象。文件未被修改。"


# ---- opening: the notes shown, the file named

def _write(tmp_path, raw: dict, name: str = "d.json"):
    p = tmp_path / name
    p.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return p


def test_open_migrated_draft_says_so_first(tmp_path):
    p = _write(tmp_path, {**V1, "values": {"factory_name": "旧厂"}})
    opened = open_draft(p)
    assert opened.migrated_from == 1
    assert opened.notes[0] == "草稿格式已从版本 1 升级到版本 2（保存后生效）。"
    assert opened.definition.id == "green-factory-2025"
    assert opened.draft.form.hash == opened.definition.content_hash


def test_open_names_the_file_in_every_refusal(tmp_path):
    p = tmp_path / "x.json"
    p.write_bytes(b"[1]")
    with pytest.raises(DocumentError) as caught:
        open_draft(p)
    assert caught.value.message == "文件「x.json」不是 GreenDesk 草稿文件。" and caught.value.path == p
    with pytest.raises(DocumentError) as caught:
        open_draft(tmp_path / "gone.json")
    assert caught.value.message == f"找不到文件「gone.json」（文件夹 {tmp_path}）。"
    assert caught.value.path == tmp_path / "gone.json"


def test_open_refuses_a_file_over_20_mb(tmp_path):
    p = tmp_path / "big.json"
    with p.open("wb") as fh:
        fh.truncate(document.MAX_DRAFT_BYTES + 1)
    with pytest.raises(DocumentError) as caught:
        open_draft(p)
    assert caught.value.message == "「big.json」有 20.0 MB，超过草稿文件的上限 20 MB，不是 GreenDesk 草稿或已损坏。"
    assert document.MAX_DRAFT_BYTES == 20 * 1024 * 1024


def test_unknown_form_without_definition_names_the_file(tmp_path):
    raw = json.loads(SAMPLE)
    raw["form"]["id"] = "green-park-2030"
    raw.pop("definition", None)
    p = _write(tmp_path, raw)
    with pytest.raises(DocumentError) as caught:
        open_draft(p)
    assert caught.value.message.startswith("无法打开文件「d.json」：找不到表单定义「green-park-2030」")
    assert caught.value.path == p


def test_notes_when_the_definition_differs(tmp_path):
    raw = json.loads(SAMPLE)
    raw["form"]["version"] = "2025.0-preview"
    raw["table"]["OLDROW"] = {"unit": "吨", "values": {"2024": "5"}, "note": ""}
    raw["table"]["EMPTYROW"] = {"unit": None, "values": {}, "note": ""}
    raw["table"]["E0"]["values"]["2019"] = "1"
    raw["table"]["E0"]["values"]["2020"] = "2"
    raw["table"]["E0"]["unit"] = "吨"
    del raw["table"]["G1"]
    raw["fields"].update({f"gone{i}": "x" for i in range(6)})
    raw["fields"]["address.zzz"] = "kept: address is a field"
    opened = open_draft(_write(tmp_path, raw))
    assert opened.notes == [
        "草稿使用的表单版本 2025.0-preview 已不再提供，已按当前版本 2025.1 打开。",
        "新增行「开展碳足迹核算的产品类别占比」（G1）。",
        "行「E0」中 2019、2020 年的数值不属于本表年度，已保留但不显示。",
        "行「工业总产值」的单位「吨」不在当前可选单位中，请重新选择。",
        "草稿中的行「OLDROW」在当前表单中不存在，其数值已保留但不显示。",
        "草稿中有 6 个字段在当前表单中不存在（gone0、gone1、gone2、gone3、gone4），已保留。",
    ]
    d = opened.draft
    assert d.form.version == "2025.1" and d.form.hash == opened.definition.content_hash
    assert d.table["G1"].unit == "%" and d.table["OLDROW"].values == {"2024": "5"}


def test_a_row_missing_from_a_draft_of_the_same_version_is_added_silently(tmp_path):
    raw = json.loads(SAMPLE)
    del raw["table"]["G1"]
    del raw["products"]["E6"]
    opened = open_draft(_write(tmp_path, raw))
    assert opened.notes == []
    assert opened.draft.table["G1"].unit == "%" and opened.draft.table["G1"].values == {}
    group = opened.draft.products["E6"]
    assert group.consumption_unit == "吨标准煤" and len(group.items) == 3 and group.applicable == ""


def test_same_version_with_another_hash_asks_to_check_the_rows(tmp_path):
    raw = json.loads(SAMPLE)
    raw["form"]["hash"] = "0" * 64
    opened = open_draft(_write(tmp_path, raw))
    assert opened.notes == ["表单定义在草稿创建后有更新（版本号相同），请核对各行。"]
    assert opened.draft.form.hash == opened.definition.content_hash
    raw["form"]["hash"] = ""
    opened = open_draft(_write(tmp_path, raw))
    assert opened.notes == [] and opened.draft.form.hash == opened.definition.content_hash


def test_attach_definition_default_name_and_embeds(def2025):
    draft = new_draft(def2025)
    draft.form.id = "no-such-form"
    draft.definition = None
    with pytest.raises(DocumentError) as caught:
        attach_definition(draft)
    assert caught.value.message.startswith("无法打开该草稿：")
    fresh = new_draft(def2025)
    fresh.definition = None
    definition, notes = attach_definition(fresh)
    assert notes == [] and fresh.definition is definition.canonical


# ---- writing

def test_dumps_is_indented_utf8_ending_with_a_newline(sample2025):
    data = document.dumps(sample2025)
    assert data.endswith(b"}\n") and data.startswith(b'{\n "format_version": 2,\n')
    assert "绿色工厂动态管理表" in data.decode("utf-8")  # not \uXXXX escapes
    assert json.loads(data)["definition"]["id"] == "green-factory-2025"


def test_dumps_of_a_form_the_registry_does_not_know_writes_the_draft_as_it_is(def2025):
    draft = new_draft(def2025)
    draft.definition = {"id": "kept-as-is"}
    draft.form.id = "not-shipped"
    assert json.loads(document.dumps(draft))["definition"] == {"id": "kept-as-is"}


def test_save_draft_keeps_a_backup_of_the_previous_version(tmp_path, sample2025):
    p = tmp_path / "d.json"
    document.save_draft(p, sample2025)
    first = p.read_bytes()
    sample2025.fields["factory_name"] = "改名"
    document.save_draft(p, sample2025)
    assert [b.path.read_bytes() for b in storage.list_backups(p)] == [first]
    assert open_draft(p).draft.fields["factory_name"] == "改名"

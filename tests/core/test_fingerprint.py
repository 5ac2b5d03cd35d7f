"""The content fingerprint and the 核对码 printed on paper: known-answer vectors, and what does and
does not change them.

The vectors are fixed drafts with their expected SHA-256 written here; the canonical JSON each one
hashes is written out too, so the format a paper copy is checked against cannot drift silently
(a paper signed last year must still verify with next year's GreenDesk).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from greendesk.draft import (
    Draft,
    FormRef,
    LogEntry,
    ProductGroup,
    ProductItem,
    RowEntry,
    short_fingerprint,
)

EMPTY_JSON = ('{"fields":{},"form":"green-factory-2025","products":{},"report_year":2025,'
              '"table":{},"version":"2025.1"}')
EMPTY_HEX = "b4ee75993eaebbe77fc8d1691368a0963fab7cab35450642b3e35e8f50095a8c"
EMPTY_CODE = "B4EE-7599-3EAE"

FILLED_JSON = (
    '{"fields":{"factory_name":"广东绿源示范电缆有限公司","q1":"否","uscc":"91440300708461136T"},'
    '"form":"green-factory-2025","products":{"E6":{"applicable":"是","consumption_unit":"吨标准煤",'
    '"items":[{"consumption":{"2024":"1310"},"name":"电工用铜线坯","output":{"2024":"46800"},'
    '"standard":"GB 32046","unit":"吨"}]}},"report_year":2025,"table":{"E0":{"note":"","unit":"万元",'
    '"values":{"2023":"92310","2024":"98760"}},"E1":{"note":"含自备电厂","unit":"万吨标准煤",'
    '"values":{"2024":"0.398"}}},"version":"2025.1"}'
)
FILLED_HEX = "98e52c35d3740e213ecad2911f6fa1304d62600ab9aac0cfe0619903ec9eb73e"
FILLED_CODE = "98E5-2C35-D374"


def empty() -> Draft:
    return Draft(form=FormRef(id="green-factory-2025", version="2025.1"), report_year=2025)


def filled() -> Draft:
    d = empty()
    # empty fields, empty rows and trailing empty products are not content
    d.fields = {"uscc": "91440300708461136T", "factory_name": "广东绿源示范电缆有限公司", "q1": "否",
                "suggestions": ""}
    d.table = {
        "E1": RowEntry(unit="万吨标准煤", values={"2024": "0.398"}, note="含自备电厂"),
        "E0": RowEntry(unit="万元", values={"2024": "98760", "2023": "92310"}),
        "E3": RowEntry(),
    }
    d.products = {
        "E6": ProductGroup(applicable="是", consumption_unit="吨标准煤", items=[
            ProductItem(name="电工用铜线坯", standard="GB 32046", unit="吨",
                        output={"2024": "46800"}, consumption={"2024": "1310"}),
            ProductItem(), ProductItem()]),
        "W3": ProductGroup(items=[ProductItem()]),
    }
    return d


def test_vectors_are_the_sha256_of_the_written_json():
    assert hashlib.sha256(EMPTY_JSON.encode("utf-8")).hexdigest() == EMPTY_HEX
    assert hashlib.sha256(FILLED_JSON.encode("utf-8")).hexdigest() == FILLED_HEX
    assert hashlib.sha256(RECORDS_JSON.encode("utf-8")).hexdigest() == RECORDS_HEX


def test_known_answer_empty_draft():
    assert empty().fingerprint() == EMPTY_HEX
    assert short_fingerprint(EMPTY_HEX) == EMPTY_CODE


def test_known_answer_filled_draft():
    assert filled().fingerprint() == FILLED_HEX
    assert short_fingerprint(FILLED_HEX) == FILLED_CODE


def test_short_code_is_upper_case_in_three_groups_of_four():
    assert short_fingerprint("0123456789abcdef" * 4) == "0123-4567-89AB"


# ---- everything the table says changes it

def _changed(mutate) -> bool:
    d = filled()
    mutate(d)
    return d.fingerprint() != FILLED_HEX


def _set_field(key, value):
    return lambda d: d.fields.__setitem__(key, value)


CONTENT_CHANGES = {
    "form id": lambda d: setattr(d.form, "id", "green-factory-2024"),
    "form version": lambda d: setattr(d.form, "version", "2025.2"),
    "report year": lambda d: setattr(d, "report_year", 2026),
    "field value": _set_field("factory_name", "广东绿源示范电缆有限公司二厂"),
    "field added": _set_field("q2", "否"),
    "field removed": lambda d: d.fields.pop("q1"),
    "one character of uscc": _set_field("uscc", "91440300708461136U"),
    "value": lambda d: d.table["E0"].values.__setitem__("2024", "98761"),
    "value's year": lambda d: d.table["E0"].values.update({"2022": d.table["E0"].values.pop("2023")}),
    "value added": lambda d: d.table["E0"].values.__setitem__("2022", "86520"),
    "value removed": lambda d: d.table["E0"].values.pop("2023"),
    "trailing zero typed": lambda d: d.table["E1"].values.__setitem__("2024", "0.3980"),
    "unit": lambda d: setattr(d.table["E1"], "unit", "吨标准煤"),
    "unit of a row without values": lambda d: d.table.__setitem__("E7", RowEntry(unit="万吨二氧化碳")),
    "note": lambda d: setattr(d.table["E1"], "note", "含自备电厂。"),
    "note on a row without values": lambda d: d.table.__setitem__("E3", RowEntry(note="无")),
    "note removed": lambda d: setattr(d.table["E1"], "note", ""),
    "row moved to another id": lambda d: d.table.__setitem__("E2", d.table.pop("E1")),
    "product applicable": lambda d: setattr(d.products["W3"], "applicable", "否"),
    "product name": lambda d: setattr(d.products["E6"].items[0], "name", "电工用铜杆"),
    "product standard": lambda d: setattr(d.products["E6"].items[0], "standard", "GB 32046-2015"),
    "product unit": lambda d: setattr(d.products["E6"].items[0], "unit", "千吨"),
    "product output": lambda d: d.products["E6"].items[0].output.__setitem__("2024", "46801"),
    "product consumption": lambda d: d.products["E6"].items[0].consumption.__setitem__("2024", "1311"),
    "product consumption unit": lambda d: setattr(d.products["E6"], "consumption_unit", "万吨标准煤"),
    "second product": lambda d: setattr(d.products["E6"].items[1], "name", "电力电缆"),
    "product order": lambda d: d.products["E6"].items.insert(0, ProductItem(name="电力电缆")),
}


@pytest.mark.parametrize("change", list(CONTENT_CHANGES))
def test_content_change_changes_fingerprint(change):
    assert _changed(CONTENT_CHANGES[change])


def test_every_field_of_parts_0_1_2_4_5_counts(def2025, sample2025):
    """Each field of the definition (with the address's sub-keys) is part of the fingerprint."""
    base = sample2025.fingerprint()
    keys = [k for k in sample2025.fields] + [f.id for f in def2025.fields.values()]
    parts = set()
    for key in dict.fromkeys(keys):
        d = sample2025.model_copy(deep=True)
        d.fields[key] = (d.fields.get(key) or "") + "改"
        assert d.fingerprint() != base, key
        parts.add(def2025.field_part[key.split(".")[0]])
    assert parts == {"part0", "part1", "part2", "part4", "part5"}


def test_every_row_value_unit_and_note_counts(sample2025):
    base = sample2025.fingerprint()
    for rid, entry in sample2025.table.items():
        for change in ("note", "unit", *[f"v{y}" for y in entry.values]):
            d = sample2025.model_copy(deep=True)
            e = d.table[rid]
            if change == "note":
                e.note += "。"
            elif change == "unit":
                e.unit = (e.unit or "") + "x"
            else:
                e.values[change[1:]] += "1"
            assert d.fingerprint() != base, (rid, change)


# ---- history and bookkeeping do not

BOOKKEEPING = {
    "log": lambda d: d.log.append(LogEntry(time=datetime(2025, 3, 1, tzinfo=UTC), cell="t:E0:2024",
                                           old="98760", new="98760")),
    "created": lambda d: setattr(d, "created", datetime(2020, 1, 1, tzinfo=UTC)),
    "modified": lambda d: setattr(d, "modified", datetime(2030, 1, 1, tzinfo=UTC)),
    "embedded definition": lambda d: setattr(d, "definition", {"id": "green-factory-2025", "x": 1}),
    "definition hash": lambda d: setattr(d.form, "hash", "0" * 64),
    "app version": lambda d: setattr(d, "app_version", "9.9.9"),
    "empty field": _set_field("former_name", ""),
    "empty row entry": lambda d: d.table.__setitem__("W1", RowEntry()),
    "trailing empty product": lambda d: d.products["E6"].items.append(ProductItem()),
    "dict order": lambda d: setattr(d, "fields", dict(reversed(d.fields.items()))),
}


@pytest.mark.parametrize("change", list(BOOKKEEPING))
def test_bookkeeping_does_not_change_fingerprint(change):
    assert not _changed(BOOKKEEPING[change])


def test_saved_and_reopened_draft_keeps_its_fingerprint(tmp_path, sample2025):
    from greendesk.document import open_draft, save_draft

    path = tmp_path / "d.json"
    save_draft(path, sample2025)
    assert open_draft(path).draft.fingerprint() == sample2025.fingerprint()


# ---- the 核对码 on paper, checked by greendesk-cli verify

def _saved_sample(tmp_path, sample):
    from greendesk.document import save_draft

    path = tmp_path / "d.json"
    save_draft(path, sample)
    full = sample.fingerprint()
    return path, full, f"{full[:4]}-{full[4:8]}-{full[8:12]}".upper()


def test_cli_verify_shows_the_code_and_accepts_it(tmp_path, capsys, sample2025):
    from greendesk.cli import main

    path, full, code = _saved_sample(tmp_path, sample2025)
    assert main(["verify", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"内容指纹：{code}" in out and f"完整指纹：{full}" in out
    assert main(["verify", str(path), "--code", code]) == 0
    assert "一致" in capsys.readouterr().out
    assert main(["verify", str(path), "--code", code.lower().replace("-", " ")]) == 0


@pytest.mark.parametrize("how", ["other draft", "last char"])
def test_cli_verify_refuses_another_code(tmp_path, capsys, sample2025, how):
    from greendesk.cli import main

    path, full, code = _saved_sample(tmp_path, sample2025)
    last = "0" if code[-1] != "0" else "1"
    typed = {"other draft": EMPTY_CODE, "last char": code[:-1] + last}[how]
    assert main(["verify", str(path), "--code", typed]) == 1
    assert "不一致" in capsys.readouterr().out


@pytest.mark.parametrize("typed", ["23BA-A3", "", "GHIJ-KLMN-OPQR"])
def test_cli_verify_names_a_code_that_is_no_fingerprint(tmp_path, capsys, sample2025, typed):
    """Fewer than 8 hex digits, or not hex at all: a usage error (2), never 一致."""
    from greendesk.cli import main

    path, _, _ = _saved_sample(tmp_path, sample2025)
    assert main(["verify", str(path), "--code", typed]) == 2
    captured = capsys.readouterr()
    assert "一致" not in captured.out and "格式不对" in captured.err


def test_the_content_holds_every_field_of_a_row_and_of_a_product():
    """content() builds rows and products by hand (faster than model_dump): a field added to the
    model must reach the fingerprint all the same."""
    draft = Draft(form=FormRef(id="green-factory-2025", version="2025.1"), report_year=2025)
    draft.table["E1"] = RowEntry(unit="万吨标准煤", values={"2024": "1.5"}, note="说明")
    draft.products["P1"] = ProductGroup(applicable="是", items=[ProductItem(
        name="钢板", standard="GB 21256", unit="吨", output={"2024": "10"}, consumption={"2024": "2"})])
    content = draft.content()
    assert content["table"]["E1"] == draft.table["E1"].model_dump(mode="json")
    assert content["products"]["P1"]["items"] == [i.model_dump(mode="json") for i in draft.products["P1"].items]


# ---- a list of records (培育名单, 附件3): its rows are content, in order; empty cells and rows are not

RECORDS_JSON = (
    '{"fields":{"city":"广州市"},"form":"cultivation-factory-2025","products":{},'
    '"records":{"list":[{"company":"广州示范电缆有限公司","industry":"3831","region":"440100"},'
    '{"company":"广州示范制药有限公司"}]},"report_year":2025,"table":{},"version":"2025.1"}'
)
RECORDS_HEX = "050421778cac7fbb72ecfce80c1522110f12327942988cf43b14ab3baf42bfc4"


def records() -> Draft:
    d = Draft(form=FormRef(id="cultivation-factory-2025", version="2025.1"), report_year=2025)
    d.fields = {"city": "广州市", "note": ""}
    d.records = {
        "list": [{"region": "440100", "company": "广州示范电缆有限公司", "industry": "3831", "remark": ""},
                 {"company": "广州示范制药有限公司", "industry": ""}],
        "empty_part": [],
    }
    return d


def test_known_answer_draft_with_a_list_of_records():
    assert records().fingerprint() == RECORDS_HEX


def test_a_list_row_changes_the_fingerprint_and_an_empty_part_does_not():
    d = records()
    d.records["list"][1]["company"] = "广州示范制药股份有限公司"
    assert d.fingerprint() != RECORDS_HEX
    d = records()
    d.records["list"].reverse()
    assert d.fingerprint() != RECORDS_HEX
    d = records()
    d.records.pop("empty_part")
    assert d.fingerprint() == RECORDS_HEX
    d.records = {}
    assert d.fingerprint() == hashlib.sha256(
        b'{"fields":{"city":"\xe5\xb9\xbf\xe5\xb7\x9e\xe5\xb8\x82"},"form":"cultivation-factory-2025",'
        b'"products":{},"report_year":2025,"table":{},"version":"2025.1"}').hexdigest()


def test_without_orjson_the_same_bytes_are_hashed(monkeypatch):
    """The standard library's writer (a build without orjson, or a value orjson refuses) gives the
    very bytes of the vectors: sorted keys, no spaces, UTF-8 unescaped."""
    import greendesk.draft as draft_module

    monkeypatch.setattr(draft_module, "_orjson", None)
    assert empty().fingerprint() == EMPTY_HEX
    assert filled().fingerprint() == FILLED_HEX
    assert records().fingerprint() == RECORDS_HEX

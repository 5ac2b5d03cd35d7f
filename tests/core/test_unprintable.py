"""V23: a character the signature PDF cannot print is an error naming the character, its code point
and its place, in every text of the draft (fields, notes, product texts); the CLI lists it, and the
PDF stays a 草稿 without the signature block until it is replaced."""

from __future__ import annotations

import io

from pypdf import PdfReader

from greendesk.cli import main
from greendesk.document import save_draft
from greendesk.export.pdf import render_pdf
from greendesk.rules import validate


def _v23(report):
    return [f for f in report.findings if f.code == "V23"]


def _product_row(definition):
    return next(r.id for r in definition.table.rows if r.kind == "products")


def test_bidi_override_in_the_factory_name_is_an_error_naming_it(def2025, sample2025):
    sample2025.fields["factory_name"] = "广州示范\u202e厂公司"
    found = _v23(validate(def2025, sample2025))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error" and f.blocking and f.cell == "f:factory_name" and f.part == "part1"
    assert f.title == "无法打印的字符"
    assert "U+202E" in f.message and "工厂名称" in f.message


def test_every_text_of_the_draft_is_checked(def2025, sample2025):
    rid = _product_row(def2025)
    sample2025.fields["address.detail"] = "示范路8号\U0001f3ed"  # 🏭
    sample2025.table["E1"].note = "说明ཀ"  # Tibetan KA
    sample2025.products[rid].items[0].unit = "吨\u200d"  # ZERO WIDTH JOINER
    sample2025.products[rid].items[0].name = "电缆\u0e01"  # Thai KO KAI
    found = {f.cell: f for f in _v23(validate(def2025, sample2025))}
    assert set(found) == {"f:address.detail", "t:E1:note", f"p:{rid}:0:unit", f"p:{rid}:0:name"}
    assert "“\U0001f3ed”（U+1F3ED）" in found["f:address.detail"].message
    assert "U+0F40" in found["t:E1:note"].message and found["t:E1:note"].row == "E1"
    assert "U+200D（零宽连字）" in found[f"p:{rid}:0:unit"].message
    assert "U+0E01" in found[f"p:{rid}:0:name"].message
    assert "产品1" in found[f"p:{rid}:0:name"].message


def test_cjk_extension_characters_are_no_finding(def2025, sample2025):
    sample2025.fields["factory_name"] = "𡐓䶮㐀𠀀电缆有限公司"
    assert _v23(validate(def2025, sample2025)) == []


def test_cli_validate_names_the_character_and_exits_one(def2025, sample2025, tmp_path, capsys):
    sample2025.fields["factory_name"] = "示范\U0001f9d1公司"  # 🧑: no shipped font has it
    path = tmp_path / "d.json"
    save_draft(path, sample2025)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "[错误] V23" in out and "U+1F9D1" in out and "f:factory_name" in out


def test_pdf_with_an_unprintable_character_is_a_draft_showing_its_code(def2025, sample2025):
    sample2025.fields["factory_name"] = "示范\u202e公司"
    data, result = render_pdf(def2025, sample2025)
    assert result.draft_watermark and result.errors == 1
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "法人签字" not in text  # no signature block
    assert "〔U+202E〕" in text  # shown, not dropped

"""Every shipped form, discovered from resources/forms/: a new table kind or year is tested by adding
its definition file and its sample (resources/samples/<form id>.json, made by tools/make_samples.py).

new → fill from the sample → validate clean → PDF (title, parts, pledge, signature block, the unit's
own name words) → Excel filled and blank → import back equal → rollover from the previous year →
verify. Each PDF is rendered once (module fixture): the suite has a time budget.
"""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from greendesk import forms
from greendesk.cli import main as cli_main
from greendesk.document import open_draft
from greendesk.draft import Draft, new_draft, short_fingerprint
from greendesk.export import export_blank_xlsx, export_xlsx, import_xlsx
from greendesk.export.pdf import render_pdf
from greendesk.review.roles import roles as review_roles
from greendesk.rollover import RolloverError, rollover
from greendesk.rules import validate
from greendesk.session import EditSession
from tests.conftest import ROOT, SAMPLES

FORM_FILES = sorted((ROOT / "resources" / "forms").glob("*.toml"))
_DATA = [tomllib.loads(p.read_text(encoding="utf-8")) for p in FORM_FILES]
# The 培育名单 (附件3/4) are lists of records filled by city staff: no Part 3, no pledge, no rollover of
# a list, the notice's own template as their workbook. Their cells are checked in
# tests/core/test_records.py and tests/core/export/test_records_*.py; here their samples go through
# every command like every other form's (test_list_sample_through_every_command).
LIST_FORMS = [d["id"] for d in _DATA if any("records" in part for part in d["parts"])]
FORM_IDS = [d["id"] for d in _DATA if d["id"] not in LIST_FORMS]

# What each kind's table is called and what its unit's name is called (the platform's module names,
# domain.md §2.3 / issue 12) — written here from the source, not read from the definitions.
TITLES = {"green-factory": "绿色工厂动态管理表", "green-supply-chain": "绿色供应链管理企业动态管理表",
          "green-park": "绿色工业园区动态管理表"}
NAME_WORDS = {"green-factory": "工厂名称", "green-supply-chain": "企业名称", "green-park": "园区名称"}


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _sample(form_id: str) -> Draft:
    return open_draft(SAMPLES / f"{form_id}.json").draft


def _edits_from(draft: Draft) -> list[tuple[str, str | None]]:
    """The edits a user would type to fill a new draft with `draft`'s content."""
    edits: list[tuple[str, str | None]] = [(f"f:{k}", v) for k, v in draft.fields.items()]
    for rid, entry in draft.table.items():
        if entry.unit:
            edits.append((f"t:{rid}:unit", entry.unit))
        edits += [(f"t:{rid}:{y}", v) for y, v in entry.values.items()]
        if entry.note:
            edits.append((f"t:{rid}:note", entry.note))
    for rid, group in draft.products.items():
        if group.applicable:
            edits.append((f"p:{rid}:applicable", group.applicable))
        if group.consumption_unit:
            edits.append((f"p:{rid}:cunit", group.consumption_unit))
        for i, item in enumerate(group.items):
            edits += [(f"p:{rid}:{i}:{a}", getattr(item, a)) for a in ("name", "standard", "unit")
                      if getattr(item, a)]
            for a in ("output", "consumption"):
                edits += [(f"p:{rid}:{i}:{a}:{y}", v) for y, v in getattr(item, a).items()]
    for pid, rows in draft.records.items():
        edits += [(f"r:{pid}.{n}.{cid}", v) for n, row in enumerate(rows, 1) for cid, v in row.items()]
    return edits


def test_every_kind_ships_both_years():
    kinds = {forms.get(fid).kind: [] for fid in FORM_IDS}
    for fid in FORM_IDS:
        kinds[forms.get(fid).kind].append(forms.get(fid).report_year)
    assert {k: sorted(v) for k, v in kinds.items()} == {
        "green-factory": [2024, 2025], "green-supply-chain": [2024, 2025], "green-park": [2024, 2025]}


@pytest.fixture(scope="module", params=FORM_IDS)
def form(request):
    """(definition, sample draft, PDF text) per shipped form; the PDF rendered once."""
    d = forms.get(request.param)
    sample = _sample(d.id)
    data, result = render_pdf(d, sample)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return d, sample, _squash(text), result


def test_definition_title_years_and_roles(form):
    d, _, _, _ = form
    assert d.title == TITLES[d.kind]
    assert d.years == [d.report_year - 3, d.report_year - 2, d.report_year - 1]
    assert d.name_label == NAME_WORDS[d.kind]
    assert d.role.code in d.fields and d.role.industry in d.fields
    assert review_roles(d).name == d.role.name  # 批量审核 names the unit as the PDF does
    assert [p.id for p in d.parts] == ["part0", "part1", "part2", "part3", "part4", "part5"]
    for row in d.table.rows:  # every row says where it comes from
        assert row.provenance in ("seen", "seen (secondary)", "reconstructed", "guessed")


def test_new_filled_from_the_sample_validates_clean(form):
    d, sample, _, _ = form
    draft = new_draft(d)
    session = EditSession(d, draft)
    session.apply(_edits_from(sample))
    assert draft.content() == sample.content()
    report = validate(d, draft)
    assert report.errors == [] and report.warnings == [], [f.text for f in report.findings]


def test_pdf_has_title_parts_pledge_signature_and_the_units_own_words(form):
    d, sample, text, result = form
    assert not result.draft_watermark
    assert _squash(d.title) in text and f"{d.report_year}年度" in text
    for part in d.parts:
        assert _squash(part.title) in text, part.title
    assert _squash(d.pledge) in text
    assert _squash(d.signature_labels[0]) in text and "（单位公章）" in text and "日期" in text
    name = d.unit_name(sample.fields)
    assert f"{NAME_WORDS[d.kind]}：{_squash(name)}" in text  # the running head
    if d.kind != "green-factory":
        assert "工厂名称" not in text and "本工厂" not in text


def test_excel_filled_imports_back_equal_and_blank_has_no_values(form, tmp_path):
    d, sample, _, _ = form
    path = tmp_path / "filled.xlsx"
    export_xlsx(d, sample, path)
    ws = load_workbook(path)["动态管理表"]
    labels = " ".join(str(c.value) for row in ws.iter_rows(max_col=3) for c in row if c.value)
    assert NAME_WORDS[d.kind] in labels
    if d.kind != "green-factory":
        assert "工厂名称" not in labels and ws.oddHeader.right.text == d.unit_name(sample.fields)
    draft, report = import_xlsx(path)
    assert report.skipped == []
    assert draft.content() == sample.content()
    blank = tmp_path / "blank.xlsx"
    export_blank_xlsx(d, blank)
    empty, report = import_xlsx(blank)
    assert report.skipped == [] and empty.content() == new_draft(d).content()


def test_rollover_from_the_previous_year_then_verify(form):
    d, sample, _, _ = form
    previous = next(p for p in forms.available() if p.kind == d.kind and p.report_year == d.report_year - 1) \
        if d.report_year > 2024 else None
    if previous is None:
        pytest.skip("no earlier year of this kind is shipped")
    old = _sample(previous.id)
    rolled, report = rollover(old, previous, d)
    overlap = sorted(set(previous.years) & set(d.years))
    for rid, entry in old.table.items():
        row = d.rows.get(rid)
        if row is None or row.kind not in ("parameter", "qualitative"):
            continue
        for y in overlap:
            assert rolled.table[rid].values.get(str(y)) == entry.values.get(str(y)), (rid, y)
    assert report.left_for_user == [d.years[-1]]
    session = EditSession(d, rolled)
    session.apply(_edits_from(sample))
    assert session.verify().ok
    assert rolled.state == "verified"


def test_rollover_across_kinds_is_refused_in_chinese():
    factory, park = forms.get("green-factory-2024"), forms.get("green-park-2025")
    with pytest.raises(RolloverError) as exc:
        rollover(_sample("green-factory-2024"), factory, park)
    assert "不是同一类表单" in exc.value.message and "绿色工业园区动态管理表" in exc.value.message


@pytest.mark.parametrize("form_id", ["green-supply-chain-2025", "green-park-2025"])
def test_cli_new_validate_export_rollover_verify(form_id, tmp_path, capsys):
    d = forms.get(form_id)
    new = tmp_path / "new.json"
    assert cli_main(["new", "--form", form_id, "-o", str(new)]) == 0
    assert cli_main(["validate", str(new)]) == 1  # a new table has every required cell empty
    sample = SAMPLES / f"{form_id}.json"
    assert cli_main(["validate", str(sample)]) == 0
    assert cli_main(["export", str(sample), "--xlsx", str(tmp_path / "s.xlsx")]) == 0
    assert cli_main(["import-xlsx", str(tmp_path / "s.xlsx"), "-o", str(tmp_path / "back.json")]) == 0
    assert open_draft(tmp_path / "back.json").draft.content() == _sample(form_id).content()
    old = SAMPLES / f"{d.kind}-{d.report_year - 1}.json"
    assert cli_main(["rollover", str(old), "-o", str(tmp_path / "rolled.json")]) == 0
    assert open_draft(tmp_path / "rolled.json").definition.id == form_id
    capsys.readouterr()
    assert cli_main(["rollover", str(SAMPLES / "green-factory-2024.json"), "--form", form_id,
                     "-o", str(tmp_path / "x.json")]) == 2
    assert "不是同一类表单" in capsys.readouterr().err
    assert cli_main(["verify", str(sample)]) == 0


def test_every_form_has_a_sample():
    assert sorted(p.stem for p in Path(SAMPLES).glob("*.json")) == sorted(FORM_IDS + LIST_FORMS)
    assert sorted(LIST_FORMS) == ["cultivation-factory-2025", "cultivation-park-2025"]


# What each list's sample holds, written out here (tools/make_samples.py): the title's city, and per
# row the 企业/园区名称 — enterprises of several 广东 cities on 广州's 附件3, 佛山's parks on 附件4.
LIST_SAMPLES = {
    "cultivation-factory-2025": ("广州市", "广州市绿色制造培育名单（工厂、供应链）", [
        "广州绿源示范制药有限公司", "广州示范汽车零部件有限公司", "佛山示范建筑陶瓷有限公司",
        "佛山示范家用电器制造有限公司", "深圳示范电子电路科技有限公司", "韶关示范特钢有限公司",
        "江门示范纸业有限公司", "湛江示范淀粉制品有限公司"]),
    "cultivation-park-2025": ("佛山市", "佛山市绿色制造培育名单（工业园区）", [
        "佛山南海示范产业园", "佛山顺德示范经济开发区", "佛山三水示范高新技术产业园", "佛山高明示范产业园",
        "佛山南海示范综合保税区"]),
}


@pytest.mark.parametrize("form_id", LIST_FORMS)
def test_list_sample_through_every_command(form_id, tmp_path, capsys):
    """new → validate → typed in from the sample → export (Excel, PDF) → import-xlsx → verify."""
    d = forms.get(form_id)
    city, title, names = LIST_SAMPLES[form_id]
    sample = _sample(form_id)
    assert sample.fields["city"] == city and [r["name"] for r in sample.records["list"]] == names
    assert validate(d, sample).findings == [] and sample.state == "verified"
    new = tmp_path / "new.json"
    assert cli_main(["new", "--form", form_id, "-o", str(new)]) == 0
    assert cli_main(["validate", str(new)]) == 1  # the title's city is required
    typed = new_draft(d)
    session = EditSession(d, typed)
    session.apply(_edits_from(sample))
    assert typed.content() == sample.content() and session.verify().ok
    path = SAMPLES / f"{form_id}.json"
    assert cli_main(["validate", str(path)]) == 0
    xlsx, pdf = tmp_path / "s.xlsx", tmp_path / "s.pdf"
    assert cli_main(["export", str(path), "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    assert load_workbook(xlsx).worksheets[0]["A1"].value == title
    text = _squash("".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert title in text and all(n in text for n in names) and "填报单位（盖章）：" in text
    assert cli_main(["import-xlsx", str(xlsx), "-o", str(tmp_path / "back.json")]) == 0
    assert open_draft(tmp_path / "back.json").draft.content() == sample.content()
    capsys.readouterr()
    assert cli_main(["verify", str(path)]) == 0
    assert short_fingerprint(sample.fingerprint()) in capsys.readouterr().out

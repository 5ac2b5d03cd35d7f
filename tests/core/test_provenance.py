"""What is seen in the manual and what is reconstructed, said truthfully in the definition files.

The manual (附件2《填报手册》) pictures these Part 3 rows of the 绿色工厂 table and no others; the
names are copied here from the manual, not read from the definitions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

SEEN_IN_MANUAL = {
    "S_ENERGY": "1、能源低碳化",
    "G_ENERGY": "能源消费情况",
    "E0": "工业总产值",
    "E1": "综合能源消费量合计",
    "E2": "实际消耗的各种能源实物量合计",
    "E3": "工厂可再生能源消耗量",
    "G_POLLUTANT": "污染物排放情况",
    "P2G": "氨氮产生量",
    "P2E": "氨氮排放量",
}
MANUAL_FILL_NOTES = {
    "E0": "请使用报统计局B204-1《工业产销总值及主要产品产量表》中数据。注意B204-1表中单位为千元。",
    "E1": "请使用报统计局《能源购进、消费与库存》（205-1表）数据",
    "E2": "该指标等于综合能源消费量减去原料用能量。请使用报统计局《能源购进、消费与库存》（205-1表）数据计算。",
}


@pytest.fixture(params=["green-factory-2024", "green-factory-2025"])
def definition(request):
    from greendesk import forms

    return forms.get(request.param)


def test_only_the_rows_the_manual_shows_are_seen(definition):
    seen = {r.id: r.name for r in definition.table.rows if r.provenance.startswith("seen")}
    assert seen == SEEN_IN_MANUAL


def test_unit_intensity_of_ammonia_is_not_a_seen_row(definition):
    """单位产值氨氮排放量 appears only inside the warning text, not as a row of the manual's table."""
    row = definition.rows["P2I"]
    assert row.provenance == "reconstructed"


def test_fill_notes_we_added_to_seen_rows_say_so(definition):
    for rid in ("P2G", "P2E"):
        assert definition.rows[rid].fill_note_provenance == "added"
    for rid, note in MANUAL_FILL_NOTES.items():
        row = definition.rows[rid]
        assert row.fill_note == note and row.fill_note_provenance is None


def test_seen_rows_carry_the_manual_units(definition):
    assert definition.rows["E0"].unit == "万元"
    assert definition.rows["E3"].unit == "吨标准煤"
    assert definition.rows["P2G"].unit == definition.rows["P2E"].unit == "吨"


def test_no_real_phone_number_ships():
    """The notice's contact number must not appear as a placeholder, message or sample anywhere."""
    real = "020-" + "8313" + "3361"
    hits = []
    for folder in ("greendesk", "ui", "resources", "tests", "tools", "README.md"):
        base = ROOT / folder
        files = [base] if base.is_file() else [p for p in base.rglob("*") if p.is_file()]
        for p in files:
            if p.suffix in (".py", ".toml", ".json", ".md", ".txt"):
                text = Path(p).read_text(encoding="utf-8", errors="replace")
                if real in text or real.replace("-", "") in text:
                    hits.append(str(p.relative_to(ROOT)))
    assert hits == []

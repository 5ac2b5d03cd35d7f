"""The manual's own examples (附件2《填报手册》), with its texts written out literally here: the
warning a value raises must be the one the manual pictures, on the cell it pictures."""

from __future__ import annotations

from greendesk.rules import validate
from greendesk.session import EditSession

# Copied from the manual (../shared/seed), not imported from greendesk.messages.
RANGE_TITLE = "数值超出范围警告"
RANGE_TEXT = "该值超出常规范围，请核实数据准确性，如数据无误，请继续填报"
RULE_TITLE = "数值规则警告"
RULE_TEXT = ("氨氮产生量小于氨氮排放量或单位产值氨氮排放量数据超出常规范围，请核实相关数据"
             "（氨氮产生量、氨氮排放量、工业总产值）准确性，如数据无误，请继续填报。")


def _report(definition, draft, edits):
    EditSession(definition, draft).apply(edits)
    return validate(definition, draft)


def _on(report, cell):
    return [f for f in report.findings if f.cell == cell]


def test_output_of_1_wanyuan_in_2022_raises_the_range_warning(def2025, sample2025):
    report = _report(def2025, sample2025, [("t:E0:2022", "1")])
    found = [f for f in _on(report, "t:E0:2022") if f.title == RANGE_TITLE]
    assert len(found) == 1
    f = found[0]
    assert f.message == RANGE_TEXT
    assert f.severity == "warning" and not f.blocking
    assert f.row == "E0" and f.year == 2022
    assert "工业总产值 2022年 1万元" in f.detail and "2000" in f.detail


def test_output_band_bounds_stated_in_the_definition(def2025, def2024, sample2025):
    for definition in (def2025, def2024):
        bands = [r for r in definition.rules if r.kind == "band" and r.expr == "E0"]
        assert len(bands) == 1
        assert bands[0].min == 2000 and bands[0].max == 100000000
        assert bands[0].severity == "warning"
    # just inside both bounds: no range warning on the cell
    for value in ("2000", "100000000"):
        report = _report(def2025, sample2025, [("t:E0:2022", value)])
        assert not [f for f in _on(report, "t:E0:2022") if f.code == "V24"], value
    for value in ("1999.99", "100000001"):
        report = _report(def2025, sample2025, [("t:E0:2022", value)])
        assert [f for f in _on(report, "t:E0:2022") if f.code == "V24"], value


def test_the_sample_factory_output_is_in_range(def2025, sample2025):
    assert not [f for f in validate(def2025, sample2025).findings if f.code == "V24"]


def test_ammonia_3_generated_5_emitted_raises_the_rule_warning(def2025, sample2025):
    report = _report(def2025, sample2025, [("t:P2G:2022", "3"), ("t:P2E:2022", "5")])
    found = [f for f in _on(report, "t:P2E:2022") if f.title == RULE_TITLE]
    assert len(found) == 1
    f = found[0]
    assert f.message == RULE_TEXT
    assert f.severity == "warning"
    assert "氨氮产生量 3吨" in f.detail and "氨氮排放量 5吨" in f.detail


def test_supply_chain_output_gets_the_same_range_warning():
    """The supply-chain table's 工业总产值 (E0) carries the factory table's band (V24)."""
    from greendesk import forms
    from greendesk.document import open_draft
    from tests.conftest import SAMPLES

    for year in (2025, 2024):
        d = forms.get(f"green-supply-chain-{year}")
        sample = open_draft(SAMPLES / f"green-supply-chain-{year}.json").draft
        assert not [f for f in validate(d, sample).findings if f.code == "V24"]  # the sample is clean
        first = d.years[0]
        report = _report(d, sample, [(f"t:E0:{first}", "1")])
        found = [f for f in _on(report, f"t:E0:{first}") if f.code == "V24"]
        assert len(found) == 1 and found[0].title == RANGE_TITLE and found[0].message == RANGE_TEXT
        assert found[0].severity == "warning" and not found[0].blocking

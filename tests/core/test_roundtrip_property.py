"""Property: any draft the model accepts survives save → load unchanged (hypothesis)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greendesk import document, forms
from greendesk.draft import LogEntry, new_draft

DEF = forms.get("green-factory-2025")
PARAMS = [r.id for r in DEF.parameter_rows]
YEARS = [str(y) for y in DEF.years]

# what a cell can hold (greendesk.numbers): 15 significant digits, < 10¹⁵, at most 10 decimals
numbers = st.builds(
    lambda neg, i, f: ("-" if neg and i != "0" else "") + i + (f".{f}" if f else ""),
    st.booleans(), st.from_regex(r"0|[1-9][0-9]{0,6}", fullmatch=True),
    st.from_regex(r"[0-9]{0,8}", fullmatch=True),
) | st.from_regex(r"-?[1-9][0-9]{0,14}", fullmatch=True) | st.from_regex(r"-?0\.0{0,9}[1-9]", fullmatch=True)
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)


@st.composite
def drafts(draw):
    d = new_draft(DEF)
    for key in draw(st.lists(st.sampled_from(sorted(DEF.fields)), max_size=12)):
        d.fields[key] = draw(texts)
    for rid in draw(st.lists(st.sampled_from(PARAMS), max_size=20)):
        entry = d.table[rid]
        entry.values = draw(st.dictionaries(st.sampled_from(YEARS), numbers, max_size=3))
        entry.note = draw(texts)
        entry.unit = draw(st.sampled_from(DEF.rows[rid].units))
    item = d.products["E6"].items[0]
    item.name = draw(texts)
    item.output = draw(st.dictionaries(st.sampled_from(YEARS), numbers, max_size=3))
    d.products["E6"].applicable = draw(st.sampled_from(["", "是", "否"]))
    d.state = draw(st.sampled_from(["draft", "verified", "final"]))
    for _ in range(draw(st.integers(0, 3))):
        d.log.append(LogEntry(time=d.created, cell="t:E0:2024", old=draw(st.none() | numbers),
                              new=draw(st.none() | numbers), reason=draw(texts)))
    return d


@settings(max_examples=int(os.environ.get("GREENDESK_FUZZ_CASES", 60)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_random_drafts_round_trip_unchanged(d):
    again = document.loads(document.dumps(d))
    assert again == d
    assert again.fingerprint() == d.fingerprint()

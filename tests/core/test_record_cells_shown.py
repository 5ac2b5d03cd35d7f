"""修改记录 of a 培育名单: a whole row (kept as JSON in the log) shown by its columns."""

from __future__ import annotations

import pytest

from greendesk import forms
from greendesk.record_cells import shown_value


@pytest.mark.parametrize(("cell", "value", "shown"), [
    ("r:list.3", '{"name":"示范厂","city":"广州市"}', "地市：广州市；企业名称：示范厂"),  # column order
    ("r:list.3", '{"industry":"2720 化学药品制剂制造","remark":""}', "所属行业：2720 化学药品制剂制造"),
    ("r:list.3", "{}", "（空行）"),
    ("r:list.3", '{"x":"1"}', "x：1"),  # a key no column has: still shown
    ("r:list.3", "not json", "not json"),
    ("r:list.3", '["a"]', '["a"]'),
    ("r:list.3.name", '{"a":"b"}', '{"a":"b"}'),  # a cell's value is text, even if it looks like JSON
    ("r:other.3", '{"a":"b"}', '{"a":"b"}'),
    ("f:city", "广州市", "广州市"),
    ("r:list.3", None, ""),
])
def test_shown_value(cell, value, shown):
    assert shown_value(forms.get("cultivation-factory-2025"), cell, value) == shown

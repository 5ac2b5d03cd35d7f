"""`guard.is_plain_text`: when a streaming writer may pass a bare string (the 审核报告's plain rows),
the guard must have had nothing to do with it — one case a line."""

from __future__ import annotations

import pytest

from greendesk.export.guard import is_plain_text


@pytest.mark.parametrize(("text", "plain"), [
    ("广州市示范厂", True), ("123", True), ("a=b", True), ("多行\n文字", True), ("", True),
    ("=1+1", False), ("+86", False), ("-5", False), ("@SUM(1)", False), ("\tx", False), ("\rx", False),
    ("＝1", False), (" =1", False), ("\n=1", False), ("#N/A", False), (" #DIV/0! ", False),
    ("a\x07b", False), ("a\u200bb", False), ("\ud800", False),
], ids=lambda v: repr(v).encode("ascii", "backslashreplace").decode() if isinstance(v, str) else str(v))
def test_plain_only_when_put_would_store_it_unchanged_and_unflagged(text, plain):
    assert is_plain_text(text) is plain

"""greendesk-cli export: what is refused before anything is read or written, word for word (exit 2,
the message on stderr, no file made)."""

from __future__ import annotations

import pytest

from greendesk.cli import main


@pytest.mark.parametrize(("args", "message"), [
    ([], "请至少指定 --pdf、--xlsx 或 --blank-xlsx 之一。"),
    (["--force"], "请至少指定 --pdf、--xlsx 或 --blank-xlsx 之一。"),
    (["--pdf", "{tmp}/a.pdf"], "导出 PDF 或 Excel 需要指定草稿文件。"),
    (["--xlsx", "{tmp}/a.xlsx"], "导出 PDF 或 Excel 需要指定草稿文件。"),
    (["--xlsx", "{tmp}/a.xlsx", "--blank-xlsx", "{tmp}/b.xlsx"], "导出 PDF 或 Excel 需要指定草稿文件。"),
], ids=["nothing", "force-only", "pdf-without-draft", "xlsx-without-draft", "xlsx-and-blank-without-draft"])
def test_export_refused_before_anything_is_written(tmp_path, capsys, args, message):
    argv = ["export", *(a.format(tmp=tmp_path) for a in args)]
    assert main(argv) == 2
    assert capsys.readouterr().err == message + "\n"
    assert list(tmp_path.iterdir()) == []

"""文件 → 批量审核: folders in, units with flags, filters, read-only opening, opinions kept."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLES


@pytest.fixture
def city(tmp_path):
    """A city's folder: the sample, a unit answering 是 to question 2, a damaged file."""
    folder = tmp_path / "城区"
    (folder / "二级").mkdir(parents=True)
    data = json.loads((SAMPLES / "green-factory-2025.json").read_text(encoding="utf-8"))
    (folder / "绿源.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    data["fields"].update(factory_name="甲示范厂", uscc="91440101MA59TEST1X", q2="是",
                          explanation="发生一般安全事故一起，已整改。")
    (folder / "二级" / "甲.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "坏.json").write_text('{"format_version": 2, "app": "Gre', encoding="utf-8")
    return folder


@pytest.fixture
def batch(window, city):
    dialog = window.batch_review.show()
    dialog.add_folder(city)
    dialog.wait_done()
    yield dialog
    dialog.close()


def _rows(dialog) -> list[tuple[str, str]]:
    p = dialog.proxy
    return [(p.index(r, 0).data(), p.index(r, 6).data()) for r in range(p.rowCount())]


def test_the_menu_opens_the_review_and_lists_every_unit_with_its_flags(window, batch):
    assert "批量审核…" in [a.text() for a in window.menus["file"].actions()]
    rows = dict(_rows(batch))
    assert rows["广东绿源示范电缆有限公司"] == ""
    assert "合规性问题" in rows["甲示范厂"]
    assert rows["（无法读取）"] == "无法读取"
    assert "共 3 个文件，1 个无法读取" in batch.summary.text()


def test_units_filter_by_flag_and_text_and_sort_by_column(batch):
    batch.flag_filter.setCurrentIndex(batch.flag_filter.findData("compliance_yes"))
    assert [name for name, _ in _rows(batch)] == ["甲示范厂"]
    batch.flag_filter.setCurrentIndex(batch.flag_filter.findData("none"))
    assert [name for name, _ in _rows(batch)] == ["广东绿源示范电缆有限公司"]
    batch.flag_filter.setCurrentIndex(0)
    batch.search.setText("MA59TEST")
    assert [name for name, _ in _rows(batch)] == ["甲示范厂"]
    batch.search.clear()
    batch.table.sortByColumn(1, batch.table.horizontalHeader().sortIndicatorOrder().AscendingOrder)
    codes = [batch.proxy.index(r, 1).data() for r in range(batch.proxy.rowCount())]
    assert codes == sorted(codes)


def test_an_opinion_is_saved_in_the_review_file_and_goes_into_the_report(batch, city, answers, tmp_path):
    from openpyxl import load_workbook

    row = next(r for r in range(batch.proxy.rowCount()) if batch.proxy.index(r, 0).data() == "甲示范厂")
    batch.table.setCurrentIndex(batch.proxy.index(row, 0))
    batch.decision.setCurrentIndex(batch.decision.findData("整改"))
    batch.note.setText("补充事故整改材料")
    batch.save_opinion()
    saved = json.loads((city / "批量审核意见.review.json").read_text(encoding="utf-8"))
    assert [(o["name"], o["decision"], o["note"]) for o in saved["opinions"]] == [
        ("甲示范厂", "整改", "补充事故整改材料")]
    assert batch.proxy.index(row, 7).data() == "整改：补充事故整改材料"
    answers.save_file.append(str(tmp_path / "报告.xlsx"))
    batch.export_report()
    ws = load_workbook(tmp_path / "报告.xlsx")["汇总"]
    head = [c.value for c in ws[1]]
    opinions = {r[head.index("单位名称")]: r[head.index("动态调整意见")]
                for r in ws.iter_rows(min_row=2, values_only=True)}
    assert opinions["甲示范厂"] == "整改：补充事故整改材料"


def test_double_click_opens_the_unit_read_only_at_its_first_finding(window, batch, city):
    row = next(r for r in range(batch.proxy.rowCount()) if batch.proxy.index(r, 0).data() == "甲示范厂")
    unit = batch.model.units[batch.proxy.mapToSource(batch.proxy.index(row, 0)).row()]
    before = (city / "二级" / "甲.json").read_bytes()
    viewer = window.batch_review.open_read_only(unit)
    try:
        assert viewer is not window and viewer.path is None and viewer.lock is None
        assert viewer.windowTitle().startswith("只读查看：甲示范厂")
        assert not viewer.menuBar().isVisible()
        viewer.commit("f:factory_name", "改名")
        assert viewer.session.draft.fields["factory_name"] == "甲示范厂"
        assert "只读" in viewer.statusBar().currentMessage()
    finally:
        viewer.close()
    assert (city / "二级" / "甲.json").read_bytes() == before


def test_a_scan_no_draft_owns_is_named_in_the_window_and_in_the_report(window, city, answers, tmp_path):
    from openpyxl import load_workbook

    from greendesk.review import scans

    if not scans.available():
        pytest.skip("the QR decoders are not installed: scans are not checked")
    (city / "三级").mkdir()
    (city / "三级" / "盖章扫描件.pdf").write_bytes(b"%PDF-1.4")
    dialog = window.batch_review.show()
    try:
        dialog.add_folder(city)
        dialog.wait_done()
        assert ("1 个盖章扫描件未核对：盖章扫描件.pdf（所在文件夹中没有可读取的草稿或工作簿）。"
                in dialog.summary.text())
        assert dialog.summary.toolTip() == "盖章扫描件.pdf：所在文件夹中没有可读取的草稿或工作簿，未核对。"
        answers.save_file.append(str(tmp_path / "报告.xlsx"))
        dialog.export_report()
        ws = load_workbook(tmp_path / "报告.xlsx")["未核对的扫描件"]
        assert [c.value for c in ws[2]] == [1, "盖章扫描件.pdf", "所在文件夹中没有可读取的草稿或工作簿，未核对。",
                                            str(city / "三级" / "盖章扫描件.pdf")]
    finally:
        dialog.close()


def test_an_opinion_saved_by_another_reviewer_meanwhile_is_kept(batch, city, answers):
    from greendesk.review import opinions

    path = city / "批量审核意见.review.json"
    other = next(u for u in batch.model.units if u.name == "广东绿源示范电缆有限公司")
    opinions.update(path, other, "移出", "连续停产", opinions.load(path))  # the colleague's window
    row = next(r for r in range(batch.proxy.rowCount()) if batch.proxy.index(r, 0).data() == "甲示范厂")
    batch.table.setCurrentIndex(batch.proxy.index(row, 0))
    batch.decision.setCurrentIndex(batch.decision.findData("整改"))
    batch.note.setText("补充事故整改材料")
    batch.save_opinion()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert sorted((o["name"], o["decision"]) for o in saved["opinions"]) == [
        ("广东绿源示范电缆有限公司", "移出"), ("甲示范厂", "整改")]
    assert batch.statusBar().currentMessage() == (
        "已保存意见：甲示范厂（同时保留了其他窗口或审核人保存的 1 条意见变动）")
    shown = next(r for r in range(batch.proxy.rowCount())
                 if batch.proxy.index(r, 0).data() == "广东绿源示范电缆有限公司")
    assert batch.proxy.index(shown, 7).data() == "移出：连续停产"
    assert not [a for a in answers.asked if a[0] in ("info", "error")]


def test_the_report_is_never_written_over_a_draft_under_review(batch, city, answers):
    draft = city / "绿源.json"
    before = draft.read_bytes()
    answers.save_file.append(str(draft))
    batch.export_report()
    assert draft.read_bytes() == before
    assert ("error", "审核报告未保存 审核报告没有保存：「绿源.json」已存在，且不是审核报告（可能是要审核的草稿或工作簿），"
                     "不会覆盖它。请换一个文件名。") in answers.asked

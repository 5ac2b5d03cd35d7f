"""平台 menu in the window (pytest-qt, offscreen): the 录入助手 panel, 核对平台数据, 已上报 / 取消上报 with
the reminder of 手册常见问题3, the 附件清单, and the mark on reconstructed rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from greendesk.platform_entry import EntryProgress, entry_steps


def _panel(window):
    window.platform.open_assistant()
    return window.platform.assistant


def test_assistant_is_a_small_always_on_top_panel(qtbot, window):
    panel = _panel(window)
    assert panel.isVisible()
    assert panel.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert panel.width() <= 480  # leaves ~1440 px of a 1920 px screen to the browser
    assert panel.label.text() == "主营行业1" and panel.value.text() == "C3831 电线、电缆制造"


def test_copy_puts_the_value_on_the_clipboard_marks_it_and_moves_on(qtbot, window):
    panel = _panel(window)
    panel.copy_current()
    assert QGuiApplication.clipboard().text() == "C3831 电线、电缆制造"
    assert panel.label.text() == "主营行业2"
    assert "已录入 1 项" in panel.count.text()
    # Ctrl+C does the same
    qtbot.keyClick(panel, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "C3240 有色金属合金制造"
    assert panel.label.text() == "工厂名称"


def test_walks_part3_with_year_and_unit(qtbot, window):
    panel = _panel(window)
    keys = [s.key for s in panel.steps]
    panel.go(keys.index("t:E0:2022"))
    assert panel.label.text() == "工业总产值" and panel.year.text() == "2022年指标值"
    assert panel.unit.text() == "单位：万元" and panel.value.text() == "86520"
    panel.go(keys.index("t:E1:unit"))
    assert panel.unit.text() == "在单位下拉中选择：" and panel.value.text() == "吨标准煤"


def test_progress_resumes_after_closing(qtbot, window):
    panel = _panel(window)
    for _ in range(3):
        panel.copy_current()
    panel.close()
    window.platform.assistant = None  # as after a restart
    again = _panel(window)
    assert again.progress.count_done(again.steps) == 3
    assert again.label.text() == "统一社会信用代码"  # the 4th value: where the user stopped
    stored = EntryProgress.for_document(window.doc_key)
    s = window.session
    assert stored.count_done(entry_steps(s.definition, s.draft)) == 3


def test_report_status_and_reminder_after_edit(qtbot, window, answers):
    window.review.verify_and_save()
    window.platform.mark_reported()
    assert window.session.draft.state == "reported"
    assert "已上报" in window.h_state.text()
    assert not window.platform.report_label.isVisible()
    window.session.apply([("t:E0:2024", "98800")])
    assert window.platform.report_label.isVisible()
    assert "重新导出PDF盖章上传" in window.platform.report_label.text()
    window.undo()
    assert not window.platform.report_label.isVisible()
    window.platform.cancel_report()
    assert window.session.draft.state == "withdrawn" and "已取消上报" in window.h_state.text()


def test_attachments_listed_when_a_compliance_answer_is_yes(qtbot, window, answers):
    assert not window.platform.attach_button.isVisible()
    window.session.apply([("f:q4", "是"), ("f:explanation", "已于2025年3月完成整改。")])
    assert window.platform.attach_button.isVisible()
    assert window.platform.attach_button.text() == "需附情况说明 1 份"
    assert "第4题（2024年至今是否被列入工业节能监察整改名单且未按要求完成整改）" in window.platform.attachment_text()


def test_compare_dialog_lists_differences(qtbot, window, answers, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["指标名称", "指标涉及的参数", "单位", "2022年指标值", "2023年指标值", "2024年指标值"])
    ws.append(["工业总产值", "", "万元", 86520, 9231, 98760])
    wb.save(tmp_path / "平台.xlsx")
    window.platform.compare(str(tmp_path / "平台.xlsx"))
    dialog = window.platform.compare_dialog
    values = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "工业总产值" in values
    row = values.index("工业总产值")
    assert dialog.table.item(row, 3).text() == "92310" and dialog.table.item(row, 4).text() == "9231"


def test_reconstructed_rows_carry_a_mark_and_tooltip(qtbot, window):
    m = window.model
    recon = m.index(m.index_of("t:W1:2024").row(), 0)
    seen = m.index(m.index_of("t:E0:2024").row(), 0)
    assert m.data(recon, Qt.ItemDataRole.DecorationRole) is not None
    assert "以平台的表格为准" in m.data(recon, Qt.ItemDataRole.ToolTipRole)
    assert m.data(seen, Qt.ItemDataRole.DecorationRole) is None
    assert m.data(seen, Qt.ItemDataRole.DisplayRole) == "工业总产值"


def test_opening_another_draft_closes_the_panel_of_the_first(qtbot, window, tmp_path):
    import shutil

    from tests.conftest import SAMPLES

    panel = _panel(window)
    panel.copy_current()
    other = tmp_path / "另一个.json"
    shutil.copyfile(SAMPLES / "green-factory-2025.json", other)
    assert window.files.open_path(other)
    assert window.platform.assistant is None and not panel.isVisible()
    fresh = _panel(window)
    assert fresh.progress.count_done(fresh.steps) == 0  # the first file's progress stays with it

"""The 培育名单 page (附件3/4) driven as a user drives it: buttons clicked, cells double-clicked and
typed into, a dropdown item clicked, a block copied from Excel pasted with Ctrl+V, Ctrl+Z, the
审核报告 clicked, Ctrl+S and the file opened again.

Expected values come from the notice (附件3's heads and choices), GB/T 4754-2017 (小类 names) and
Excel's clipboard format (tab-separated, CRLF, a cell with a line break quoted).
"""

from __future__ import annotations

import re

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMenu

from greendesk import document, forms
from greendesk.draft import new_draft

EXCEL_BLOCK = (
    "广州市\t广州市绿源制药有限公司\t广州市南沙区\t民营\t2720\t市级绿色工厂\t\r\n"
    "深圳市\t深圳市恒电线缆有限公司\t深圳市宝安区\t国有\t3831 电线、电缆制造\t其他\t\r\n"
    "佛山市\t佛山市蓝天陶瓷有限公司\t\"佛山市\r\n南海区\"\t外商独资\t3071\t省级绿色工厂\t扩产中\r\n"
)


@pytest.fixture
def list_path(tmp_path):
    """A new 附件3 list as `greendesk-cli new --form cultivation-factory-2025` writes it."""
    d = forms.get("cultivation-factory-2025")
    path = tmp_path / "培育名单.json"
    path.write_bytes(document.dumps(new_draft(d)))
    return path


@pytest.fixture
def lw(make_window, list_path):
    w = make_window()
    assert w.files.open_path(list_path)
    return w


def page(w):
    return w.pages["list"]


def names(w) -> list[str]:
    return [r.get("name", "") for r in w.session.draft.records.get("list", [])]


def column_of(w, column_id: str) -> int:
    return [c.id for c in page(w).model.columns].index(column_id) + 1


def click_cell(qtbot, w, row: int, column_id: str, *, double: bool = False):
    view = page(w).view
    index = page(w).model.index(row - 1, column_of(w, column_id))
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    return index


def open_editor(qtbot, w, row: int, column_id: str):
    click_cell(qtbot, w, row, column_id, double=True)
    view = page(w).view

    def editors():
        found = view.findChildren(QComboBox) + view.findChildren(QLineEdit)
        return [e for e in found if shiboken6.isValid(e) and e.isVisible()
                and not isinstance(e.parent(), QComboBox)]

    qtbot.waitUntil(lambda: len(editors()) == 1, timeout=3000)
    return editors()[0]


def typed(qtbot, widget, text: str) -> None:
    """Keys for ASCII; Chinese as an input method commits it (QTest has no keys for 汉字)."""
    for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if run.isascii():
            qtbot.keyClicks(widget, run)
        else:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)


def type_into(qtbot, w, row: int, column_id: str, text: str) -> None:
    editor = open_editor(qtbot, w, row, column_id)
    target = editor.lineEdit() if isinstance(editor, QComboBox) else editor
    target.selectAll()
    typed(qtbot, target, text)
    qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible(), timeout=3000)


def press(qtbot, w, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    view = page(w).view
    view.setFocus()
    qtbot.keyClick(view, key, modifier)


def paste_block(qtbot, w, row: int, column_id: str, text: str) -> None:
    QApplication.clipboard().setText(text)
    click_cell(qtbot, w, row, column_id)
    press(qtbot, w, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


# ---------------------------------------------------------------- the page


def test_the_page_shows_the_notices_heads_and_the_city_in_the_title(qtbot, lw):
    p = page(lw)
    heads = [p.model.headerData(i, Qt.Orientation.Horizontal).replace("\n", "")
             for i in range(p.model.columnCount())]
    assert heads == ["序号", "地市", "企业名称", "所在地址（写到县/区镇）",
                     "企业类型（国有、民营、中外合资、外商独资、港澳台企）",
                     "所属行业（4位国民经济行业分类代码+名称）",
                     "绿色制造现状（省级绿色工厂、市级绿色工厂、其他）", "备注"]
    assert p.title.text() == "____市绿色制造培育名单（工厂、供应链）"
    city = p.editors["city"].edit
    offered = city.completer().model().stringList()  # the notice's lists go back to 广东省: its 21 地市
    assert len(offered) == 21 and "汕尾市" in offered and "杭州市" not in offered
    qtbot.mouseClick(city, Qt.MouseButton.LeftButton)
    typed(qtbot, city, "广州市")
    qtbot.keyClick(city, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lw.session.draft.fields.get("city") == "广州市", timeout=3000)
    assert p.title.text() == "广州市绿色制造培育名单（工厂、供应链）"
    # every head is readable: no column narrower than its longest head line
    fm = p.view.fontMetrics()
    for i in range(p.model.columnCount() - 1):
        lines = p.model.headerData(i, Qt.Orientation.Horizontal).split("\n")
        assert p.view.columnWidth(i) >= max(fm.horizontalAdvance(x) for x in lines)


def test_add_rows_type_and_choose_from_a_dropdown(qtbot, lw):
    p = page(lw)
    qtbot.mouseClick(p.buttons["add"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(p.buttons["add"], Qt.MouseButton.LeftButton)
    assert lw.session.draft.records["list"] == [{}, {}]
    assert p.model.rowCount() == 2
    type_into(qtbot, lw, 1, "name", "广州市绿源制药有限公司")
    type_into(qtbot, lw, 1, "industry", "2720")
    row = lw.session.draft.records["list"][0]
    assert row == {"name": "广州市绿源制药有限公司", "industry": "2720 化学药品制剂制造"}
    combo = open_editor(qtbot, lw, 1, "ownership")
    assert [combo.itemText(i) for i in range(combo.count())] == ["", "国有", "民营", "中外合资", "外商独资", "港澳台企"]
    combo.showPopup()
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    item = popup.visualRect(combo.model().index(2, 0)).center()
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=item)
    qtbot.waitUntil(lambda: lw.session.draft.records["list"][0].get("ownership") == "民营", timeout=3000)
    # typing into the row below the last adds it
    type_into(qtbot, lw, 2, "name", "乙")
    assert names(lw)[:2] == ["广州市绿源制药有限公司", "乙"]


def test_paste_a_block_copied_from_excel(qtbot, lw, answers):
    p = page(lw)
    qtbot.mouseClick(p.buttons["add"], Qt.MouseButton.LeftButton)
    paste_block(qtbot, lw, 1, "city", EXCEL_BLOCK)
    assert names(lw) == ["广州市绿源制药有限公司", "深圳市恒电线缆有限公司", "佛山市蓝天陶瓷有限公司"]
    rows = lw.session.draft.records["list"]
    assert rows[1]["industry"] == "3831 电线、电缆制造"
    assert rows[2]["industry"] == "3071 建筑陶瓷制品制造"
    assert rows[2]["address"] == "佛山市 南海区"
    assert p.model.rowCount() == 3
    # the line break of the quoted cell could not stay in a one-line cell: the user is told
    assert answers.asked == [("info", "粘贴 已粘贴第1—3行（新增 2 行）。\n以下内容已整理：\n"
                                      "第3行「所在地址」：换行已改为空格（此项只能填一行）")]
    # the whole paste is one step
    press(qtbot, lw, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(lw) == [""]


def test_a_value_beyond_the_last_column_is_named(qtbot, lw, answers):
    qtbot.mouseClick(page(lw).buttons["add"], Qt.MouseButton.LeftButton)
    paste_block(qtbot, lw, 1, "status", "其他\t备注一\t多余\r\n")
    assert lw.session.draft.records["list"] == [{"status": "其他", "remark": "备注一"}]
    assert "第1行：超出名单最后一列「备注」的 1 个值未粘贴（「多余」）" in answers.asked[-1][1]


def test_remove_and_reorder_rows_and_undo(qtbot, lw):
    p = page(lw)
    qtbot.mouseClick(p.buttons["add"], Qt.MouseButton.LeftButton)
    paste_block(qtbot, lw, 1, "name", "甲\r\n乙\r\n丙\r\n")
    assert names(lw) == ["甲", "乙", "丙"]
    click_cell(qtbot, lw, 3, "name")
    qtbot.mouseClick(p.buttons["up"], Qt.MouseButton.LeftButton)
    assert names(lw) == ["甲", "丙", "乙"]
    assert p.current_row() == 2  # the cursor goes with its row
    qtbot.mouseClick(p.buttons["up"], Qt.MouseButton.LeftButton)
    assert names(lw) == ["丙", "甲", "乙"]
    assert not p.buttons["up"].isEnabled()
    qtbot.mouseClick(p.buttons["down"], Qt.MouseButton.LeftButton)
    assert names(lw) == ["甲", "丙", "乙"]
    click_cell(qtbot, lw, 1, "name")
    qtbot.mouseClick(p.buttons["remove"], Qt.MouseButton.LeftButton)
    assert names(lw) == ["丙", "乙"]
    assert "已删除第1行" in lw.statusBar().currentMessage()
    click_cell(qtbot, lw, 1, "name")
    qtbot.mouseClick(p.buttons["insert"], Qt.MouseButton.LeftButton)
    assert names(lw) == ["", "丙", "乙"]
    press(qtbot, lw, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(lw) == ["丙", "乙"]
    press(qtbot, lw, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(lw) == ["甲", "丙", "乙"]
    press(qtbot, lw, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert names(lw) == ["丙", "乙"]
    assert p.model.rowCount() == 2


def test_right_click_menu_inserts_and_moves(qtbot, lw):
    p = page(lw)
    qtbot.mouseClick(p.buttons["add"], Qt.MouseButton.LeftButton)
    paste_block(qtbot, lw, 1, "name", "甲\r\n乙\r\n")
    index = click_cell(qtbot, lw, 2, "name")
    p.view.customContextMenuRequested.emit(p.view.visualRect(index).center())  # what a right click sends
    menu = next(m for m in p.findChildren(QMenu) if m.isVisible())
    entries = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert entries == ["添加行", "插入行", "删除行", "上移", "下移", "粘贴（Ctrl+V）", "查看修改记录"]
    up = next(a for a in menu.actions() if a.text() == "上移")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(up).center())
    qtbot.waitUntil(lambda: names(lw) == ["乙", "甲"], timeout=3000)


def test_a_bad_industry_is_marked_and_the_report_jumps_to_it(qtbot, lw):
    p = page(lw)
    qtbot.mouseClick(p.buttons["add"], Qt.MouseButton.LeftButton)
    paste_block(qtbot, lw, 1, "city", EXCEL_BLOCK.replace("3831 电线、电缆制造", "2799"))
    index = p.model.index(1, column_of(lw, "industry"))
    message = "第2行「所属行业」：「2799」不是GB/T 4754-2017的四位小类代码"
    assert p.model.data(index, Qt.ItemDataRole.BackgroundRole).color().name() == "#f8d7da"
    assert p.model.data(index, Qt.ItemDataRole.ToolTipRole) == f"【名单填写错误】{message}"
    fine = p.model.index(0, column_of(lw, "industry"))
    assert p.model.data(fine, Qt.ItemDataRole.BackgroundRole) is None
    # 审核报告 (F8), then a click on the finding
    click_cell(qtbot, lw, 1, "name")
    lw.activateWindow()
    qtbot.keyClick(lw, Qt.Key.Key_F8)
    qtbot.waitUntil(lw.problems_dock.isVisible, timeout=3000)
    panel = lw.problems
    r = next(i for i, f in enumerate(panel.findings) if f.text == message)
    assert panel.item(r, 2).text() == "第2行「所属行业」"
    panel.scrollToItem(panel.item(r, 3))
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=panel.visualItemRect(panel.item(r, 3)).center())
    assert p.view.currentIndex() == index
    assert lw.statusBar().currentMessage() == message
    # fixed: the mark goes
    type_into(qtbot, lw, 2, "industry", "3831")
    assert p.model.data(index, Qt.ItemDataRole.BackgroundRole) is None


def test_the_city_column_offers_the_notices_province_only(qtbot, lw):
    qtbot.mouseClick(page(lw).buttons["add"], Qt.MouseButton.LeftButton)
    editor = open_editor(qtbot, lw, 1, "city")
    offered = [editor.itemText(i) for i in range(editor.count())]
    assert len(offered) == 21 and {"广州市", "汕尾市", "云浮市"} <= set(offered) and "杭州市" not in offered


def test_missing_cells_show_after_verify_and_the_city_finding_jumps_to_its_field(qtbot, lw):
    p = page(lw)
    qtbot.mouseClick(p.buttons["add"], Qt.MouseButton.LeftButton)
    type_into(qtbot, lw, 1, "name", "甲")
    city_cell = p.model.index(0, column_of(lw, "city"))
    assert p.model.data(city_cell, Qt.ItemDataRole.BackgroundRole) is None  # not while typing
    lw.review.verify_and_save()
    assert p.model.data(city_cell, Qt.ItemDataRole.ToolTipRole) == "【名单填写错误】第1行「地市」：未填写"
    lw.session.set("f:city", "火星市")
    lw.go_to_cell("r:list.0.city")
    assert QApplication.focusWidget() is p.editors["city"].edit


def test_save_and_open_again(qtbot, lw, make_window, list_path):
    p = page(lw)
    qtbot.mouseClick(p.buttons["add"], Qt.MouseButton.LeftButton)
    paste_block(qtbot, lw, 1, "city", EXCEL_BLOCK)
    click_cell(qtbot, lw, 3, "name")
    qtbot.mouseClick(p.buttons["up"], Qt.MouseButton.LeftButton)
    press(qtbot, lw, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not lw.session.dirty
    lw.release_lock()
    again = make_window()
    assert again.files.open_path(list_path)
    assert names(again) == ["广州市绿源制药有限公司", "佛山市蓝天陶瓷有限公司", "深圳市恒电线缆有限公司"]
    q = page(again)
    assert q.model.rowCount() == 3
    assert q.model.data(q.model.index(1, column_of(again, "industry"))) == "3071 建筑陶瓷制品制造"
    log = [e.cell for e in again.session.draft.log]
    assert log[-2:] == ["r:list.3", "r:list.2"]


def test_list_edits_are_autosaved(qtbot, lw):
    lw.recovery.autosave_timer.setInterval(50)
    qtbot.mouseClick(page(lw).buttons["add"], Qt.MouseButton.LeftButton)
    type_into(qtbot, lw, 1, "name", "自动保存的企业")
    qtbot.waitUntil(lambda: lw.store.latest(lw.doc_key) is not None, timeout=5000)
    qtbot.waitUntil(lambda: "自动保存的企业" in lw.store.read(lw.store.latest(lw.doc_key)).decode("utf-8"),
                    timeout=5000)
    assert "自动保存的企业" not in lw.path.read_text(encoding="utf-8")


def test_a_park_list_has_its_own_columns_and_note(qtbot, make_window, tmp_path):
    d = forms.get("cultivation-park-2025")
    path = tmp_path / "园区.json"
    path.write_bytes(document.dumps(new_draft(d)))
    w = make_window()
    assert w.files.open_path(path)
    p = page(w)
    qtbot.mouseClick(p.buttons["add"], Qt.MouseButton.LeftButton)
    type_into(qtbot, w, 1, "established", "2003年5月")
    assert w.session.draft.records["list"][0]["established"] == "2003/05"
    combo = open_editor(qtbot, w, 1, "park_type")
    assert [combo.itemText(i) for i in range(1, combo.count())] == ["省产业园", "高新区", "经开区", "海关特殊监管区", "其他"]
    qtbot.keyClick(combo, Qt.Key.Key_Escape)
    notes = [lbl.text() for lbl in p.widget().findChildren(type(p.title))]
    assert "注：园区类型请填写省产业园、高新区、经开区、海关特殊监管区、其他等等。" in notes


def test_the_finding_place_names_row_and_column(lw):
    assert lw.describe_cell("r:list.4.address") == "第4行「所在地址」"


def test_template_import_of_a_list_replaces_it_and_undoes(qtbot, lw, answers, tmp_path):
    from greendesk.export.records_xlsx import render_records_xlsx

    d = forms.get("cultivation-factory-2025")
    filled = new_draft(d)
    filled.fields["city"] = "深圳市"
    filled.records["list"] = [{"city": "深圳市", "name": "深圳市恒电线缆有限公司"}]
    book = tmp_path / "名单.xlsx"
    book.write_bytes(render_records_xlsx(d, filled))
    qtbot.mouseClick(page(lw).buttons["add"], Qt.MouseButton.LeftButton)
    type_into(qtbot, lw, 1, "name", "甲")
    answers.open_file.append(str(book))
    lw.imports.a_import.trigger()
    assert answers.asked[-1][0] == "confirm" and "读入 1 行" in answers.asked[-1][1]
    assert names(lw) == ["深圳市恒电线缆有限公司"]
    assert page(lw).title.text() == "深圳市绿色制造培育名单（工厂、供应链）"
    lw.a_undo.trigger()
    assert names(lw) == ["甲"]


def test_a_value_too_long_is_refused_beside_its_cell_and_nothing_changes(qtbot, lw):
    qtbot.mouseClick(page(lw).buttons["add"], Qt.MouseButton.LeftButton)
    type_into(qtbot, lw, 1, "name", "甲")
    type_into(qtbot, lw, 1, "name", "名" * 101)  # 企业名称 takes 100 characters (the form's limit)
    assert names(lw) == ["甲"]
    message = "第1行「企业名称」最多 100 个字符，现有 101 个"
    assert lw.statusBar().currentMessage() == message
    popup = lw.warnings.popup
    assert popup.isVisible() and popup.cell == "r:list.1.name"
    rect = page(lw).view.visualRect(page(lw).model.index_of("r:list.1.name"))
    below = page(lw).view.viewport().mapTo(lw, rect.bottomLeft())
    assert popup.pos().y() == below.y() + 2  # just under the cell


def test_after_a_crash_the_list_comes_back_from_the_autosave(qtbot, lw, make_window, answers, list_path):
    lw.recovery.autosave_timer.setInterval(50)
    qtbot.mouseClick(page(lw).buttons["add"], Qt.MouseButton.LeftButton)
    paste_block(qtbot, lw, 1, "name", "甲\r\n乙\r\n")
    click_cell(qtbot, lw, 2, "name")
    qtbot.mouseClick(page(lw).buttons["up"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lw.store.latest(lw.doc_key) is not None
                    and "乙" in lw.store.read(lw.store.latest(lw.doc_key)).decode("utf-8"), timeout=5000)
    lw.lock.release()  # the process "dies" without saving
    lw.lock = None
    answers.recovery = "restore"
    fresh = make_window()
    assert fresh.recovery.check_recovery() is True
    assert names(fresh) == ["乙", "甲"]
    assert page(fresh).model.rowCount() == 2
    assert fresh.session.dirty
    assert "乙" not in list_path.read_text(encoding="utf-8")
    assert not fresh.session.can_undo  # the recovered list is where undo starts


def test_saving_while_a_cell_is_being_typed_in_keeps_what_was_typed(qtbot, lw):
    qtbot.mouseClick(page(lw).buttons["add"], Qt.MouseButton.LeftButton)
    editor = open_editor(qtbot, lw, 1, "name")
    typed(qtbot, editor, "还在输入的企业")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # editor still open
    assert names(lw) == ["还在输入的企业"]
    assert "还在输入的企业" in lw.path.read_text(encoding="utf-8")


def test_double_click_on_a_red_number_goes_to_the_rows_bad_cell(qtbot, lw):
    p = page(lw)
    qtbot.mouseClick(p.buttons["add"], Qt.MouseButton.LeftButton)
    paste_block(qtbot, lw, 1, "city", EXCEL_BLOCK.replace("深圳市宝安区", "深圳市"))
    number = p.model.index(1, 0)
    assert p.model.data(number, Qt.ItemDataRole.BackgroundRole).color().name() == "#f8d7da"
    at = p.view.visualRect(number).center()
    qtbot.mouseClick(p.view.viewport(), Qt.MouseButton.LeftButton, pos=at)  # a double click's first press
    qtbot.mouseDClick(p.view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(lambda: p.view.currentIndex() == p.model.index(1, column_of(lw, "address")), timeout=3000)
    assert lw.statusBar().currentMessage() == "第2行「所在地址」：「深圳市」没有写到县/区（如“广州市南沙区”）"


def test_the_change_log_shows_a_removed_row_by_its_columns_not_as_json(qtbot, lw, monkeypatch):
    from ui import changelog

    p = page(lw)
    qtbot.mouseClick(p.buttons["add"], Qt.MouseButton.LeftButton)
    paste_block(qtbot, lw, 1, "city", "广州市\t示范厂\r\n")
    click_cell(qtbot, lw, 1, "name")
    qtbot.mouseClick(p.buttons["remove"], Qt.MouseButton.LeftButton)
    seen = []
    monkeypatch.setattr(changelog.ChangeLogDialog, "exec", lambda self: seen.append(
        [[self.table.item(r, c).text() for c in (1, 2, 3)] for r in range(self.table.rowCount())]))
    lw.review.show_log(None)
    rows = seen[0]
    assert ["第1行", "地市：广州市；企业名称：示范厂", ""] in rows  # newest first: the removal
    assert not any("{" in cell for row in rows for cell in row)

"""部门概况 in the real window: typed by keyboard (Chinese through the input method), one undo step per field,
undo and redo showing in the widgets, saved to the SQLite file and read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from desktop.domain.department.content import Paragraph
from desktop.storage.workbook_file import WorkbookFile
from desktop.ui.department.overview import OverviewEditor
from desktop.ui.department.part import DepartmentView
from tests.test_main_window import open_window, type_text


def _first_department_row(window: Any) -> Any:
    model = window.project_list.tree.model()
    return model.index(0, 0, model.index(0, 0)).data()


def test_overview_typed_undone_redone_saved_and_reopened(qtbot: Any, demo_path: Path, request: Any) -> None:
    window = open_window(qtbot, demo_path)
    request.addfinalizer(window.document.mark_saved)  # a failing step leaves no "save changes?" on closing
    stack = window.document.undo_stack
    assert window.project_list.select_department(0)
    tree = window.project_list.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    page = window.department_page.editor(DepartmentView.OVERVIEW)
    assert isinstance(page, OverviewEditor)
    assert QApplication.focusWidget() is page.name  # Enter on the department: the keyboard is on its name
    start = stack.count()

    qtbot.keyClick(page.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(page.name, "泗县")
    type_text(page.name, "医保局")
    assert window.document.workbook.departments[0].name == "泗县医保局"
    assert stack.count() == start + 1  # typing on in one field is one step
    assert _first_department_row(window) == "泗县医保局"  # the node follows
    qtbot.keyClick(page.code, Qt.Key.Key_End)
    page.code.setFocus()
    qtbot.keyClicks(page.code, "12")
    assert window.document.workbook.departments[0].code == "06612"
    assert stack.count() == start + 2

    # A new 主要职责 after the last: Insert in the list, the keyboard goes to its title; Tab to its text.
    duties = page.duties
    assert duties.list.currentRow() == 0 and not duties.up_button.isEnabled() and duties.down_button.isEnabled()
    duties.list.setFocus()
    qtbot.keyClick(duties.list, Qt.Key.Key_End)
    qtbot.keyClick(duties.list, Qt.Key.Key_Insert)
    assert QApplication.focusWidget() is duties.editors[0]
    type_text(duties.editors[0], "新增职责")
    qtbot.keyClick(duties.editors[0], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is duties.editors[1]
    type_text(duties.editors[1], "负责全县医保基金监管。")
    department = window.document.workbook.departments[0]
    assert department.duties[-1] == Paragraph("新增职责", "负责全县医保基金监管。")
    assert len(department.duties) == 8
    assert duties.list.item(7).text() == "8. 新增职责"
    assert stack.count() == start + 5  # add, title, text

    # Undo from the keyboard (the field leaves Ctrl+Z to the window): the widgets show each state again.
    focused = QApplication.focusWidget()
    assert isinstance(focused, QPlainTextEdit)
    for _ in range(3):
        qtbot.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.document.workbook.departments[0].duties) == 7
    assert duties.list.count() == 7
    qtbot.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.name.text() == "泗县医疗保障局" and page.code.text() == "066"
    assert _first_department_row(window) == "泗县医疗保障局"
    for _ in range(5):
        qtbot.keyClick(window.project_list.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert page.name.text() == "泗县医保局"
    assert duties.list.count() == 8
    duties.select(7)
    assert duties.editors[1].toPlainText() == "负责全县医保基金监管。"

    # A budget unit and the cover's date, then Ctrl+S; the file read back holds all of it.
    page.units.setFocus()
    qtbot.keyClick(page.units, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # the last unit
    qtbot.keyClick(page.units, Qt.Key.Key_Insert)  # a new one after it
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)  # the new unit's name cell is open for typing
    type_text(editor, "泗县医疗救助中心")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt's cell editor commits on the next turn of the event loop
    qtbot.waitUntil(lambda: window.document.workbook.departments[0].units[-1].name == "泗县医疗救助中心")
    assert len(window.document.workbook.departments[0].units) == 4
    page.cover_fields["date"].setFocus()
    page.cover_fields["date"].selectAll()
    type_text(page.cover_fields["date"], "2024年3月")
    qtbot.keyClick(page.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.document.is_modified()
    with WorkbookFile.open(demo_path, read_only=True) as wb_file:
        saved = wb_file.load().departments[0]
    assert (saved.name, saved.code) == ("泗县医保局", "06612")
    assert saved.duties[-1] == Paragraph("新增职责", "负责全县医保基金监管。")
    assert [u.name for u in saved.units][-1] == "泗县医疗救助中心"
    assert saved.cover is not None and saved.cover.date == "2024年3月"

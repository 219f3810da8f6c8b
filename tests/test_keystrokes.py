"""The sequences of issue 11 in which typing went to the wrong place, replayed with real keys on the real window.

Each sequence is what a clerk did; each assertion is what the clerk would notice (the saved file, the project on
screen, where the next keystroke goes, the value kept). ASCII is typed with qtbot; nothing here types Chinese.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.storage.workbook_file import WorkbookFile
from desktop.ui import project_ops
from desktop.ui.main_window import MainWindow
from tests.test_main_window import closing, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")

CTRL = Qt.KeyboardModifier.ControlModifier


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def value_cell(window: MainWindow, nth: int = 0) -> QModelIndex:
    """The 指标值 cell of the nth 三级 row of the project shown."""
    model = window.indicators.model()
    leaves = [i for i in model.rows_in_order() if model.is_leaf(i)]
    column = model.column_of("value")
    assert column is not None
    return leaves[nth].siblingAtColumn(column)


def open_cell_editor(qtbot: QtBot, window: MainWindow, cell: QModelIndex) -> QLineEdit:
    view = window.indicators.view()
    view.setFocus()
    view.setCurrentIndex(cell)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = focus()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    return editor


def saved_value(path: Path, project_id: int | None, index: int) -> str | None:
    with WorkbookFile.open(path) as wb_file:
        project = wb_file.load().project_by_id(project_id or -1)
    assert project is not None
    return project.indicators[index].value


def test_ctrl_s_with_a_cell_still_open_saves_what_was_typed(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    project = window.current_project()
    assert project is not None
    cell = value_cell(window, 1)
    index = window.indicators.model().flat_index(cell)
    assert index is not None
    editor = open_cell_editor(qtbot, window, cell)
    qtbot.keyClicks(editor, "12345")
    qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    assert project.indicators[index].value == "12345"  # in memory
    assert not window.isWindowModified()
    window.file_ops.close_file()
    assert saved_value(demo_path, project.id, index) == "12345"  # and in the file


def test_changing_the_year_keeps_the_project_and_the_cursor(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    project = window.current_project()
    assert project is not None
    others = {id(p): p.year for p in window.document.workbook.projects if p is not project}
    page = window.form.page()
    assert page is not None
    page.year.setFocus()
    qtbot.keyClick(page.year, Qt.Key.Key_Up)  # 2024 → 2025: the project moves to the 2025 group of the list
    assert project.year == 2025
    assert window.current_project() is project
    assert window.project_list.current_project() is project
    assert window.form.project is project
    where = focus()
    assert where is page.year or page.year.isAncestorOf(where)  # the cursor stayed in 预算年度
    qtbot.keyClick(where, Qt.Key.Key_Up)  # the next keystroke changes the same project, nothing else
    assert project.year == 2026
    assert {id(p): p.year for p in window.document.workbook.projects if p is not project} == others


def test_after_a_one_click_fix_the_keyboard_is_back_in_the_findings_on_the_next_one(
    qtbot: QtBot, demo_path: Path
) -> None:
    window = open_window(qtbot, demo_path)
    window.validation.validate_all()
    panel = window.findings
    model = panel.model
    row = next(r for r in range(model.rowCount()) if (entry := model.row_at(r)) and entry[1].fix is not None)
    panel.table.setFocus()
    panel.table.selectRow(row)
    fixed_project, fixed = model.row_at(row)  # type: ignore[misc]
    panel.fix_button.setFocus()
    qtbot.keyClick(panel.fix_button, Qt.Key.Key_Space)
    assert window.document.undo_stack.undoText().startswith("一键修复")
    where = focus()
    assert where is panel.table  # not in a form field
    current = model.row_at(panel.table.currentIndex().row())
    assert current is not None and current[1] is not fixed  # the next finding is ready
    names = [p.name for p in window.document.workbook.projects]
    qtbot.keyClicks(where, "x")
    assert [p.name for p in window.document.workbook.projects] == names  # typing replaced no name


def test_keys_after_an_export_go_where_the_clerk_left_them_and_undo_nothing_else(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter → Ctrl+Z → Ctrl+Shift+E (当前项目, save, Enter on 导出完成) → Ctrl+A, type, Enter."""
    window = open_window(qtbot, demo_path)
    window.validation.validate_all()
    panel = window.findings
    first = next(e for r in range(panel.model.rowCount()) if (e := panel.model.row_at(r)) and e[1].fix)
    project = first[0]
    window.project_list.select_project(project)
    assert window.current_project() is project
    mine = [r for r in range(panel.model.rowCount()) if (e := panel.model.row_at(r)) and e[0] is project and e[1].fix]
    panel.table.setFocus()
    panel.table.selectRow(mine[0])
    panel.fix_button.setFocus()
    qtbot.keyClick(panel.fix_button, Qt.Key.Key_Space)  # a one-click fix
    fixed = [(i.name, i.value) for i in project.indicators]
    fix_steps = window.document.undo_stack.index()

    model = window.indicators.model()
    cell = next(i for i in model.rows_in_order() if model.is_leaf(i))  # the first 三级 name
    editor = open_cell_editor(qtbot, window, cell)
    qtbot.keyClicks(editor, "7")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter
    qtbot.keyClick(focus(), Qt.Key.Key_Z, CTRL)  # Ctrl+Z takes back the "7", nothing more
    assert [(i.name, i.value) for i in project.indicators] == fixed
    before_export = focus()
    exported_name = project.indicators[0].name

    target = tmp_path / "当前项目.xlsx"

    def choose(box: QMessageBox) -> int:
        if box.windowTitle() == "导出完成":  # Enter on 导出完成 (its default button is 确定)
            told.append(box.windowTitle())
            box.show()
            qtbot.keyClick(box, Qt.Key.Key_Return)
            box.hide()
            return 0
        current = next((b for b in box.buttons() if b.text().startswith("当前项目")), None)
        if current is None:  # closing at the end of the test: 不保存
            return QMessageBox.StandardButton.Discard
        box.show()
        qtbot.keyClick(current, Qt.Key.Key_Space)  # 当前项目
        box.hide()
        return 0

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", choose)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    # The demo's damaged values are listed before an export (test_print_checks): exported as they are here.
    monkeypatch.setattr(project_ops.ProjectActions, "confirm_before_printing", lambda self, workbook, verb: workbook)
    qtbot.keyClick(focus(), Qt.Key.Key_E, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert told == ["导出完成"] and target.exists()
    assert focus() is before_export  # the keyboard is where it was before the dialogs

    where = focus()
    qtbot.keyClick(where, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "5")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    # The fix stays; at most the cell the clerk was on took the "5", as one more step after the fix.
    now = [(i.name, i.value) for i in project.indicators]
    changed = [i for i, (a, b) in enumerate(zip(fixed, now, strict=True)) if a != b]
    assert changed in ([], [window.indicators.model().flat_index(cell)])
    assert window.document.undo_stack.index() >= fix_steps
    book = openpyxl.load_workbook(target)
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert any(exported_name and exported_name in cell for cell in cells)


# ---------------------------------------------------------------------------------------------- keyboard everywhere


def test_findings_keys_f8_ctrl_dot_tab_and_fix_all_of_a_rule(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    window.validation.validate_all()
    panel, model = window.findings, window.findings.model
    page = window.form.page()
    assert page is not None
    page.fields[0].focus()
    qtbot.keyClick(focus(), Qt.Key.Key_F8)  # the first finding, from a form field
    assert panel.table.currentIndex().row() == 0
    first = model.row_at(0)
    assert first is not None and window.current_project() is first[0]
    qtbot.keyClick(focus(), Qt.Key.Key_F8)
    assert panel.table.currentIndex().row() == 1
    qtbot.keyClick(focus(), Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert panel.table.currentIndex().row() == 0

    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Tab)  # one Tab leaves the list
    assert focus() is not panel.table and not panel.table.isAncestorOf(focus())

    row = next(r for r in range(model.rowCount()) if (e := model.row_at(r)) and e[1].fix is not None)
    panel.table.setFocus()
    panel.table.selectRow(row)
    entry = model.row_at(row)
    assert entry is not None
    steps = window.document.undo_stack.count()
    qtbot.keyClick(panel.table, Qt.Key.Key_Period, CTRL)  # Ctrl+.
    assert window.document.undo_stack.count() == steps + 1
    assert window.document.undo_stack.undoText().startswith("一键修复")
    assert focus() is panel.table
    window.document.undo_stack.undo()
    window.validation.flush()

    # 全部修复此类: every fixable finding of the rule, in every project, as one undo step.
    rules: dict[str, int] = {}
    for _project, finding in window.validation.rows():
        if finding.fix is not None:
            rules[finding.rule] = rules.get(finding.rule, 0) + 1
    rule = max(rules, key=rules.__getitem__)
    assert rules[rule] > 1
    row = next(r for r in range(model.rowCount()) if (e := model.row_at(r)) and e[1].rule == rule)
    panel.table.selectRow(row)
    before = [p.snapshot() for p in window.document.workbook.projects]
    assert panel.fix_rule_button.isEnabled()
    panel.fix_rule_button.setFocus()
    qtbot.keyClick(panel.fix_rule_button, Qt.Key.Key_Space)
    window.validation.flush()
    assert rule not in {f.rule for _p, f in window.validation.rows() if f.fix is not None}
    assert focus() is panel.table
    window.document.undo_stack.undo()  # one step takes every fix back
    assert [p.snapshot() for p in window.document.workbook.projects] == before


def test_esc_on_a_row_just_added_and_empty_takes_it_away(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    project = window.current_project()
    assert project is not None
    rows = [(i.name, i.value) for i in project.indicators]
    steps = window.document.undo_stack.index()
    view = window.indicators.view()
    view.setFocus()
    view.setCurrentIndex(value_cell(window, 0).siblingAtColumn(0))
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    assert len(project.indicators) == len(rows) + 1
    editor = focus()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert [(i.name, i.value) for i in project.indicators] == rows
    assert window.document.undo_stack.index() == steps  # nothing left for Ctrl+Z to take back
    # Nor for 重做: the Edit menu offers none, and Ctrl+Y does not bring the dropped row back.
    redo = window.menu_actions.redo
    assert redo is not None and not redo.isEnabled() and window.document.undo_stack.count() == steps
    qtbot.keyClick(view, Qt.Key.Key_Y, CTRL)
    assert [(i.name, i.value) for i in project.indicators] == rows
    # A row that was typed into stays when Esc only drops the typing.
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    qtbot.keyClicks(focus(), "abc")
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    qtbot.keyClick(focus(), Qt.Key.Key_Escape)
    assert len(project.indicators) == len(rows) + 1


def test_a_key_pressed_in_a_dialog_never_reaches_the_undo_history(qtbot: QtBot, demo_path: Path) -> None:
    from desktop.ui.dialogs.rules_dialog import RulesDialog, show_rules

    window = open_window(qtbot, demo_path)
    project = window.current_project()
    assert project is not None
    page = window.form.page()
    assert page is not None
    source = next(f for f in page.fields if "source" in f.paths)
    source.focus()
    qtbot.keyClicks(focus(), "abc")
    typed = project.source
    steps = window.document.undo_stack.index()
    show_rules(window)
    dialog = window.findChild(RulesDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    target = QApplication.focusWidget() or dialog
    qtbot.keyClick(target, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(target, Qt.Key.Key_Y, CTRL)
    assert window.document.undo_stack.index() == steps
    assert project.source == typed
    dialog.close()

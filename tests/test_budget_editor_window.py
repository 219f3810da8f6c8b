"""The 部门预算 page in the real window: reached from the list by keys, edited, Esc and Ctrl+Z / Ctrl+S as
everywhere, and the figure read back from the saved file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QMessageBox

from desktop.storage.workbook_file import WorkbookFile
from desktop.ui.department.budget import BudgetEditor
from desktop.ui.department.part import DepartmentView
from tests.test_main_window import open_window


def test_budget_page_in_the_window(qtbot: Any, demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Discard)  # closing at the end
    window = open_window(qtbot, demo_path)
    window.resize(1366, 728)
    window.departments.show_department(0, DepartmentView.BUDGET)
    editor = window.department_page.editor(DepartmentView.BUDGET)
    assert isinstance(editor, BudgetEditor) and window.department_page.currentWidget() is editor
    spending = editor.pages[0]
    assert window.focusWidget() is spending.view
    leaf = next(n for n in spending.model.nodes() if n.key.startswith("2101501"))
    column = spending.spec.column("public") or 0
    spending.view.select(spending.model.index_of(leaf, column))

    # Esc in an open cell drops the typing and stays in the table (the page's Esc-to-the-list waits its turn).
    qtbot.keyClick(spending.view, Qt.Key.Key_9)  # a digit opens the cell with it, as in a spreadsheet
    cell = spending.view.indexWidget(spending.view.currentIndex())
    assert isinstance(cell, QLineEdit) and cell.hasFocus()
    qtbot.keyClicks(cell, "9")
    assert isinstance(cell, QLineEdit) and cell.text() == "99"
    qtbot.keyClick(cell, Qt.Key.Key_Escape)
    assert window.focusWidget() is spending.view
    assert spending.view.currentIndex().data() == "75.26"

    qtbot.keyClick(spending.view, Qt.Key.Key_F2)
    cell = spending.view.indexWidget(spending.view.currentIndex())
    assert isinstance(cell, QLineEdit) and cell.text() == "75.26"
    cell.selectAll()
    qtbot.keyClicks(cell, "75.27")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    assert spending.model.index_of(leaf, column).data() == "75.27"
    qtbot.keyClick(spending.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spending.model.index_of(leaf, column).data() == "75.26"
    qtbot.keyClick(spending.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert spending.view.currentIndex().data() == "75.27"  # redo shows the cell it changed
    qtbot.keyClick(spending.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "已保存" in window.statusBar().currentMessage())
    with WorkbookFile.open(demo_path, read_only=True) as wb_file:
        saved = wb_file.load()
    budget = saved.departments[0].budget
    assert budget is not None
    assert next(r for r in budget.spending if r.function == "2101501").public == Decimal("75.27")

    # Paste from Excel into 政府采购 (Alt+4), one undo step.
    qtbot.keyClick(spending.view, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    procurement = editor.pages[3]
    assert editor.tabs.currentWidget() is procurement and window.focusWidget() is procurement.view
    QGuiApplication.clipboard().setText("项目名称\t采购品目\t金额\n办公设备购置\t打印机\t1,500.5\n")
    steps = window.document.undo_stack.count()
    qtbot.keyClick(procurement.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.document.undo_stack.count() == steps + 1
    rows = window.document.workbook.departments[0].budget.procurement  # type: ignore[union-attr]
    assert (rows[-1].project, rows[-1].item, rows[-1].amount) == ("办公设备购置", "打印机", Decimal("1500.5"))
    assert procurement.view.currentIndex().siblingAtColumn(0).data() == "办公设备购置"

    # Esc with no cell open: back to the list, as on every department page.
    qtbot.keyClick(procurement.view, Qt.Key.Key_Escape)
    assert window.project_list.tree.hasFocus()


def test_findings_jump_to_their_cell_in_the_window(qtbot: Any, demo_path: Path) -> None:
    from desktop.domain.department.checks import validate_department

    window = open_window(qtbot, demo_path)
    workbook = window.document.workbook
    department = workbook.departments[0]
    findings = {}
    for finding in validate_department(department, workbook.department_projects(department)):
        findings.setdefault(finding.rule, finding)  # the first of each rule
    editor = None
    for rule, tab, code, header in (("D11", 0, "2101501", "公用经费"), ("D13", 1, "30217", "公用经费")):
        window.departments.jump_to(0, findings[rule])
        editor = window.department_page.editor(DepartmentView.BUDGET)
        assert isinstance(editor, BudgetEditor) and window.department_page.currentWidget() is editor
        page = editor.current_page()
        assert page is not None and editor.tabs.currentIndex() == tab
        current = page.view.currentIndex()
        assert current.siblingAtColumn(0).data() == code
        assert page.model.headerData(current.column(), Qt.Orientation.Horizontal) == header
        assert window.focusWidget() is page.view  # the keyboard is on the cell: typing fixes it

"""The 说明 page in the window: reached from the left pane, a D20 finding (a reason not written) jumps into its field,
the reason typed there is undone and redone by the window's keys, and the 部门文件 actions publish the department
shown. A screenshot at 1366×728 (a 1366×768 screen minus the taskbar) is saved for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.domain.department.explanation_edits import slot_text, with_slot_text
from desktop.domain.operations.departments import EditDepartment
from desktop.domain.parts import DepartmentPart
from desktop.ui.department.explanation import ExplanationView
from desktop.ui.department.part import DepartmentView
from desktop.ui.dialogs.print_check import PrintCheckDialog, PrintChoice
from desktop.ui.dialogs.print_preview import PrintPreviewDialog
from desktop.ui.panels.findings_panel import DepartmentEntry
from tests.test_main_window import closing, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")
CTRL = Qt.KeyboardModifier.ControlModifier


def _type(widget: Any, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_the_explanation_page_in_the_window(qtbot: Any, demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_path)
    window.resize(1366, 728)
    qtbot.waitUntil(window.validation.is_complete, timeout=20_000)
    document = window.document
    index = next(i for i, d in enumerate(document.workbook.departments) if d.name == "泗县医疗保障局")
    sixian = document.workbook.departments[index]
    document.push(EditDepartment(sixian, with_slot_text(sixian, "table:income", None), DepartmentPart.EXPLANATION))

    assert window.project_list.select_department(index, DepartmentView.EXPLANATION)
    page = window.department_page.currentWidget()
    assert isinstance(page, ExplanationView) and window.right_stack.currentWidget() is window.department_page
    qtbot.waitUntil(lambda: "【⚠ 请填写增长原因】" in page.shown_text())
    window.grab().save("/tmp/pubui-explanation-1366x728.png")

    # the finding of the missing reason takes the keyboard into its field
    panel = window.findings

    def missing_reason_found() -> bool:
        findings = [f for _i, f in window.validation.department_rows()]
        return any(f.rule == "D20" and f.location.row == "table:income" for f in findings)

    qtbot.waitUntil(missing_reason_found, timeout=5_000)
    row = next(
        r
        for r in range(panel.model.rowCount())
        if (entry := panel.model.row_at(r)) is not None
        and isinstance(entry[0], DepartmentEntry)
        and entry[1].rule == "D20"
        and entry[1].location.row == "table:income"
    )
    panel.table.setFocus()
    panel.table.selectRow(row)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    field = page.field("table:income")
    assert field is not None
    qtbot.waitUntil(field.hasFocus)

    steps = document.undo_stack.count()
    _type(field, "医疗救助项目纳入预算")
    department = document.workbook.departments[index]
    assert slot_text(department, "table:income") == "医疗救助项目纳入预算"
    qtbot.waitUntil(lambda: "增长原因主要是医疗救助项目纳入预算。" in page.shown_text())
    assert document.undo_stack.count() == steps + 1

    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)  # the window's undo, not the line edit's own
    assert slot_text(document.workbook.departments[index], "table:income") is None
    qtbot.waitUntil(lambda: field.text() == "")
    qtbot.keyClick(field, Qt.Key.Key_Y, CTRL)
    assert slot_text(document.workbook.departments[index], "table:income") == "医疗救助项目纳入预算"
    qtbot.waitUntil(lambda: field.text() == "医疗救助项目纳入预算")

    # the 部门文件 actions publish the department shown
    assert window.current_department_index() == index
    shown: list[str] = []
    monkeypatch.setattr(PrintPreviewDialog, "exec", lambda dialog: shown.append(dialog.windowTitle()) or 0)
    monkeypatch.setattr(PrintCheckDialog, "exec", lambda dialog: (setattr(dialog, "choice", PrintChoice.AS_IS), 1)[1])
    qtbot.keyClick(field, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert shown == ["打印预览 — 泗县医疗保障局2024年部门预算公开"]

"""Department findings (the D rules, and the project rules on the department's indicator table) in the findings
panel beside the project findings: Enter / F8 jump to the department's page and place, Ctrl+. applies the fix as one
undo step, Ctrl+Z takes it back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.domain.department.content import OverallTarget
from desktop.domain.model import Indicator
from desktop.domain.operations.departments import EditDepartment
from desktop.domain.parts import DepartmentPart
from desktop.ui.department.part import DepartmentView
from desktop.ui.department.target import TargetEditor
from desktop.ui.panels.findings_panel import DepartmentEntry
from tests.test_main_window import closing, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")
CTRL = Qt.KeyboardModifier.ControlModifier


def _row_of(panel: Any, rule: str, table: str | None = None) -> int:
    for row in range(panel.model.rowCount()):
        entry = panel.model.row_at(row)
        if entry is not None and entry[1].rule == rule and isinstance(entry[0], DepartmentEntry):
            if table is None or entry[1].location.table == table:
                return row
    raise AssertionError(f"no department finding {rule}")


def test_a_d_finding_jumps_to_its_department_page_and_its_fix_applies_and_undoes(qtbot: Any, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    qtbot.waitUntil(window.validation.is_complete, timeout=20_000)
    panel = window.findings
    row = _row_of(panel, "D11")  # 表5 2101501 公用经费: a 0.01 slip, with a fix
    assert panel.model.index(row, 1).data() == "部门：泗县医疗保障局（2024年）"
    assert "可一键修复" in panel.model.index(row, 3).data()
    sixian = window.document.workbook.departments[0]
    panel.table.setFocus()
    panel.table.selectRow(row)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter: to the place
    assert window.right_stack.currentWidget() is window.department_page
    assert window.department_page.current_index() == 0
    assert window.department_page.current_view() is DepartmentView.BUDGET  # the 一般公共预算支出表 is a budget table
    assert window.project_list.tree.currentIndex().data() == "部门预算"
    assert panel.fix_button.isEnabled()
    steps = window.document.undo_stack.count()
    panel.table.setFocus()
    panel.table.selectRow(row)
    qtbot.keyClick(panel.table, Qt.Key.Key_Period, CTRL)  # Ctrl+.: 一键修复
    fixed = window.document.workbook.departments[0]
    assert fixed is not sixian and fixed != sixian
    assert window.document.undo_stack.count() == steps + 1
    assert "D11" not in {f.rule for _i, f in window.validation.department_rows()}
    assert panel.table.hasFocus()  # the keyboard is back on the list, on the next finding
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, CTRL)
    assert window.document.workbook.departments[0] == sixian
    qtbot.waitUntil(lambda: "D11" in {f.rule for _i, f in window.validation.department_rows()}, timeout=5_000)


def test_an_indicator_table_finding_selects_its_row_and_its_fix_undoes(qtbot: Any, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    qtbot.waitUntil(window.validation.is_complete, timeout=20_000)
    xinglong = window.document.workbook.departments[1]
    rows = (
        Indicator("产出指标", "数量指标", "参保人数", "50000人"),
        Indicator("产出指标", "质量指标", "参保率", ">=95%"),
    )
    target = replace(xinglong.overall_target or OverallTarget(), indicators=rows)
    window.document.push(EditDepartment(xinglong, replace(xinglong, overall_target=target), DepartmentPart.TARGET))
    window.validation.flush()
    panel = window.findings
    row = _row_of(panel, "W09", "target")
    assert panel.model.index(row, 1).data() == "部门：兴隆县医疗保障局（2024年）"
    assert panel.model.index(row, 2).data().startswith("部门整体绩效目标表 › 指标第 2 行")
    panel.table.setFocus()
    panel.table.selectRow(row - 1 if row else panel.model.rowCount() - 1)
    window.activateWindow()
    qtbot.keyClick(panel.table, Qt.Key.Key_F8)  # F8: the next finding, shown
    assert panel.table.currentIndex().row() == row
    page = window.department_page.editor(DepartmentView.TARGET)
    assert isinstance(page, TargetEditor) and window.department_page.currentWidget() is page
    tree = page.indicators
    current = tree.view().currentIndex()
    assert tree.model().indicator(*tree.model().position(current)).name == "参保率"
    assert tree.model().field_of(current.column()) == "value"
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Period, CTRL)
    assert window.document.workbook.departments[1].overall_target.indicators[1].value == "≥95%"
    assert tree.model().indicator(*tree.model().position(tree.model().index_for_flat(1))).value == "≥95%"
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, CTRL)
    assert window.document.workbook.departments[1].overall_target.indicators[1].value == ">=95%"
    assert tree.model().indicator(*tree.model().position(tree.model().index_for_flat(1))).value == ">=95%"

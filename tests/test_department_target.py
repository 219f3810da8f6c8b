"""部门整体绩效目标 in the real window: paragraphs typed, the department's indicator table edited with the project's
indicator tree editor (one undo history), its rows checked by the project rules, and a finding's jump and fix."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain.department.checks_target import check_target_indicators
from desktop.domain.department.content import OverallTarget, TargetItem
from desktop.domain.department.model import Department
from desktop.domain.model import Indicator
from desktop.storage.workbook_file import WorkbookFile
from desktop.templates.layouts import bundled_layouts
from desktop.ui.department.part import DepartmentView
from desktop.ui.department.target import TargetEditor
from desktop.ui.indicators.model import GroupKey
from tests.test_indicator_editor import open_editor, type_chinese
from tests.test_main_window import open_window, type_text

QTY = GroupKey("产出指标", "数量指标")
CTRL = Qt.KeyboardModifier.ControlModifier


def test_target_indicators_are_checked_by_the_project_rules_and_fixed() -> None:
    rows = (
        Indicator("产出指标", "数量指标", "参保率", ">=95%"),
        Indicator("满意度指标", "服务对象满意度指标", "", "好"),
    )
    department = Department(2024, "甲局", document="hb-performance-text", overall_target=OverallTarget(indicators=rows))
    findings = check_target_indicators(department, bundled_layouts())
    by_rule = {f.rule: f for f in findings}
    assert by_rule["W09"].location.table == "target" and by_rule["W09"].location.indicator == 0
    assert by_rule["W09"].department == "甲局"
    assert by_rule["W09"].location_text.startswith("部门整体绩效目标表 › 指标第 1 行")
    assert by_rule["E04"].location.indicator == 1  # a value without a name, as in a project
    fix = by_rule["W09"].department_fix
    assert fix is not None
    fixed = fix.apply(department)
    assert fixed.overall_target is not None and fixed.overall_target.indicators[0].value == "≥95%"
    assert "W09" not in {f.rule for f in check_target_indicators(fixed, bundled_layouts())}
    assert check_target_indicators(replace(department, overall_target=OverallTarget()), bundled_layouts()) == []


def test_target_page_typed_with_indicator_table_undone_saved(qtbot: Any, demo_path: Path, request: Any) -> None:
    window = open_window(qtbot, demo_path)
    request.addfinalizer(window.document.mark_saved)
    stack = window.document.undo_stack
    assert window.project_list.select_department(1, DepartmentView.TARGET)  # 兴隆: the Hebei 绩效文本
    page = window.department_page.editor(DepartmentView.TARGET)
    assert isinstance(page, TargetEditor)
    assert window.department_page.currentWidget() is page
    assert page.goals.list.count() == 5 and page.items.list.count() == 4  # the seed's 总体 and 分项 targets
    start = stack.count()

    type_text(page.annual_goal, "全面完成医疗保障各项任务。")
    assert window.document.workbook.departments[1].overall_target.annual_goal == "全面完成医疗保障各项任务。"
    # A 分项绩效目标 at the end: Insert, title, Tab, 绩效目标, Tab, 绩效指标.
    page.items.list.setFocus()
    qtbot.keyClick(page.items.list, Qt.Key.Key_End)
    qtbot.keyClick(page.items.list, Qt.Key.Key_Insert)
    for i, text in enumerate(("推进医保信息化", "实现医保业务一网通办", "线上办理率≥80%")):
        assert QApplication.focusWidget() is page.items.editors[i]
        type_text(page.items.editors[i], text)
        qtbot.keyClick(page.items.editors[i], Qt.Key.Key_Tab)
    target = window.document.workbook.departments[1].overall_target
    assert target.items[-1] == TargetItem("推进医保信息化", "实现医保业务一网通办", "线上办理率≥80%")
    qtbot.keyClick(page.items.list, Qt.Key.Key_Up, CTRL)  # moved up one: one step
    assert window.document.workbook.departments[1].overall_target.items[3].title == "推进医保信息化"

    # The indicator table, with the project tree editor: Insert on 数量指标, name, Tab, value.
    tree = page.indicators
    tree.view().setFocus()
    tree.view().setCurrentIndex(tree.model().group_index(QTY))
    before_esc = stack.count()
    qtbot.keyClick(tree.view(), Qt.Key.Key_Insert)
    qtbot.keyClick(open_editor(tree), Qt.Key.Key_Escape)  # Esc on the new, empty row: gone, as in a project
    assert tree.model().group_size(QTY) == 0 and stack.count() == before_esc and not stack.canRedo()
    assert window.document.workbook.departments[1].overall_target.indicators == ()
    tree.view().setCurrentIndex(tree.model().group_index(QTY))
    qtbot.keyClick(tree.view(), Qt.Key.Key_Insert)
    name_editor = open_editor(tree)
    type_chinese(name_editor, "参保人数")
    qtbot.keyClick(name_editor, Qt.Key.Key_Tab)  # Hebei's frame: 绩效指标描述 comes next, then 指标值
    qtbot.keyClick(open_editor(tree), Qt.Key.Key_Tab)
    value_editor = open_editor(tree)
    assert tree.model().field_of(tree.view().currentIndex().column()) == "value"
    qtbot.keyClicks(value_editor, "50000")
    qtbot.keyClick(value_editor, Qt.Key.Key_Return)
    rows = window.document.workbook.departments[1].overall_target.indicators
    assert [(r.level2, r.name, r.value) for r in rows] == [("数量指标", "参保人数", "50000")]
    steps = stack.count() - start
    assert steps == 1 + 4 + 1 + 3  # goal; item add + 3 fields; move; row added, name, value

    # The table's rows are checked by the project rules: the department now has E07 etc. for the table.
    qtbot.waitUntil(window.validation.is_complete, timeout=20_000)
    window.validation.flush()
    table_findings = [f for _i, f in window.validation.department_rows() if f.location.table == "target"]
    assert any(f.rule == "E07" for f in table_findings)  # 产出指标 without 质量指标, as in a project

    # Undo the three table steps from the keyboard: the tree is empty again; redo brings the row back.
    for _ in range(3):
        qtbot.keyClick(tree.view(), Qt.Key.Key_Z, CTRL)
    assert window.document.workbook.departments[1].overall_target.indicators == ()
    assert tree.model().group_size(QTY) == 0
    for _ in range(3):
        qtbot.keyClick(tree.view(), Qt.Key.Key_Y, CTRL)
    assert tree.model().group_size(QTY) == 1
    assert tree.model().indicator(QTY, 0).value == "50000"
    qtbot.keyClick(tree.view(), Qt.Key.Key_S, CTRL)
    with WorkbookFile.open(demo_path, read_only=True) as wb_file:
        saved = wb_file.load().departments[1].overall_target
    assert saved is not None
    assert saved.annual_goal == "全面完成医疗保障各项任务。"
    assert saved.items[3] == TargetItem("推进医保信息化", "实现医保业务一网通办", "线上办理率≥80%")
    assert [(r.name, r.value) for r in saved.indicators] == [("参保人数", "50000")]

"""新建部门 (from scratch, or rolled over from last year's) and 年度结转 of a whole year with its departments: dialogs
answered by real keys, one undo step each, nothing made twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QStatusBar, QWidget

from desktop.domain.department.model import Department
from desktop.ui.department.new_department import NewDepartmentDialog
from desktop.ui.department.overview import OverviewEditor
from desktop.ui.department.part import DepartmentView
from desktop.ui.dialogs.rollover_dialog import RolloverDialog
from tests.test_main_window import closing, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def _commit(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _answer(monkeypatch: pytest.MonkeyPatch, qtbot: Any, cls: type[QDialog], keys: Callable[[Any], None]) -> list[Any]:
    seen: list[Any] = []  # the dialogs shown (and a failed check, re-raised by `_shown`)

    def exec_(dialog: Any) -> int:
        seen.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        try:
            keys(dialog)
        except BaseException as error:  # raised inside Qt's event handling it would only be printed: keep it
            seen.append(error)
            return QDialog.DialogCode.Rejected
        return QDialog.result(dialog)

    monkeypatch.setattr(cls, "exec", exec_)
    return seen


def _shown(seen: list[Any]) -> None:
    assert seen, "the dialog was not shown"
    for entry in seen:
        if isinstance(entry, BaseException):
            raise entry


def test_new_department_from_scratch_and_rolled_over(qtbot: Any, demo_path: Path, monkeypatch: Any) -> None:
    window = open_window(qtbot, demo_path)
    workbook = window.document.workbook
    stack = window.document.undo_stack

    def scratch(dialog: NewDepartmentDialog) -> None:
        assert dialog.source.hasFocus()  # from a 2024 department the dialog starts on 结转 from it
        qtbot.keyClick(dialog.source, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        assert dialog.rolled.hasFocus()
        qtbot.keyClick(dialog.rolled, Qt.Key.Key_Up)  # arrows move between the two ways: 从头新建
        assert dialog.scratch.isChecked()
        dialog.name.setFocus()
        dialog.name.selectAll()
        _commit(dialog.name, "泗县医疗保障局")
        dialog.year.setValue(2024)
        assert not dialog.ok.isEnabled() and "2024 年已有部门" in dialog.message.text()  # said before 新建
        dialog.year.setValue(2025)
        assert dialog.ok.isEnabled()
        dialog.name.selectAll()
        _commit(dialog.name, "泗县卫生健康委员会")
        dialog.code.setFocus()
        qtbot.keyClicks(dialog.code, "101")
        dialog.layout_choice.setFocus()
        dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findData("jx-department-budget"))
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)

    seen = _answer(monkeypatch, qtbot, NewDepartmentDialog, scratch)
    window.project_list.select_department(0)
    qtbot.keyClick(window.project_list.tree, Qt.Key.Key_N, CTRL_ALT)  # 新建部门…
    _shown(seen)
    made = workbook.departments[-1]
    assert (made.year, made.name, made.code, made.document) == (
        2025,
        "泗县卫生健康委员会",
        "101",
        "jx-department-budget",
    )
    assert made.budget is None
    # The new department is shown, its 部门概况 with the keyboard on its name.
    assert window.department_page.current_index() == len(workbook.departments) - 1
    page = window.department_page.editor(DepartmentView.OVERVIEW)
    window.activateWindow()  # the dialog closed (offscreen, the window must be told it is active again)
    qtbot.waitUntil(window.isActiveWindow)
    assert isinstance(page, OverviewEditor) and QApplication.focusWidget() is page.name
    assert window.project_list.tree.currentIndex().data() == "部门概况"
    qtbot.keyClick(page.name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one step takes it back
    assert made not in workbook.departments and len(workbook.departments) == 2

    def rolled(dialog: NewDepartmentDialog) -> None:
        # From a 2024 department, the dialog starts on "由上年的部门结转": 泗县's 2024, into 2025.
        assert dialog.rolled.isChecked() and dialog.source.hasFocus()
        assert dialog.year.value() == 2025 and dialog.name.text() == "泗县医疗保障局"
        qtbot.keyClick(dialog.source, Qt.Key.Key_Return)

    seen = _answer(monkeypatch, qtbot, NewDepartmentDialog, rolled)
    window.project_list.select_department(0)
    window.departments.new_department.trigger()
    _shown(seen)
    assert len(seen) == 1
    sixian = workbook.departments[0]
    new = workbook.departments[-1]
    assert (new.year, new.name, new.code) == (2025, "泗县医疗保障局", "066")
    assert new.budget is not None and new.budget.prior is not None
    assert new.budget.prior.year == 2024 and new.budget.prior.spending == sixian.budget.spending  # last year's figures
    assert new.duties == sixian.duties and new.units == sixian.units
    assert stack.undoText() == "新建部门"
    texts = [
        window.project_list.tree.model().index(0, 0).data(),
        window.project_list.tree.currentIndex().parent().data(),
    ]
    assert texts == ["2025 年度（0 个项目）", "泗县医疗保障局"]  # a year of its own, the department's node open


def test_rollover_of_a_year_takes_its_departments_in_one_step(qtbot: Any, demo_path: Path, monkeypatch: Any) -> None:
    window = open_window(qtbot, demo_path)
    workbook = window.document.workbook
    projects, departments = len(workbook.projects), len(workbook.departments)

    def keys(dialog: RolloverDialog) -> None:
        qtbot.keyClick(dialog.only_current, Qt.Key.Key_Down)
        assert dialog.whole_year.isChecked()
        dialog.year.setCurrentIndex(dialog.year.findData(2024))
        preview = dialog.preview.toPlainText()
        assert "将新建 2 个部门" in preview and "泗县医疗保障局（2025年）" in preview
        assert "和 2 个部门结转到 2025 年" in dialog.summary.text()
        qtbot.keyClick(dialog.to_year, Qt.Key.Key_Return)

    seen = _answer(monkeypatch, qtbot, RolloverDialog, keys)
    window.menu_actions.rollover.trigger()
    _shown(seen)
    assert len(workbook.departments) == departments + 2
    rolled = [d for d in workbook.departments if d.year == 2025]
    assert [d.name for d in rolled] == ["泗县医疗保障局", "兴隆县医疗保障局"]
    assert all(d.budget is None or d.budget.prior is not None for d in rolled)
    status = window.findChild(QStatusBar)
    assert status is not None and "、2 个部门" in status.currentMessage()
    tree_texts = [window.project_list.tree.model().index(0, 0, window.project_list.tree.model().index(0, 0)).data()]
    assert tree_texts == ["泗县医疗保障局"]  # 2025's first row: its department, above its projects

    def again(dialog: RolloverDialog) -> None:  # a second rollover makes nothing and says so
        qtbot.keyClick(dialog.only_current, Qt.Key.Key_Down)
        dialog.year.setCurrentIndex(dialog.year.findData(2024))
        dialog.to_year.setValue(2025)
        assert not dialog.ok.isEnabled() and "都已有" in dialog.summary.text()
        assert "泗县医疗保障局（部门）" in dialog.preview.toPlainText() and "不重复结转" in dialog.preview.toPlainText()
        qtbot.keyClick(dialog.to_year, Qt.Key.Key_Escape)

    seen = _answer(monkeypatch, qtbot, RolloverDialog, again)
    window.menu_actions.rollover.trigger()
    _shown(seen)
    assert len(workbook.departments) == departments + 2
    # One step took projects and departments together; one Ctrl+Z takes them back together.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.project_list.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (len(workbook.projects), len(workbook.departments)) == (projects, departments)
    assert all(isinstance(d, Department) and d.year == 2024 for d in workbook.departments)


def test_delete_department_asks_keeps_the_projects_and_undoes(qtbot: Any, demo_path: Path, monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = open_window(qtbot, demo_path)
    workbook = window.document.workbook
    projects = list(workbook.projects)
    xinglong = workbook.departments[1]
    assert not window.departments.delete_department.isEnabled()  # a project is shown, not a department
    window.project_list.select_department(1, DepartmentView.TARGET)
    assert window.departments.delete_department.isEnabled()
    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.departments.delete_department.trigger()  # answered 否: nothing happens
    assert workbook.departments[1] is xinglong
    window.departments.delete_department.trigger()
    assert "兴隆县医疗保障局（2024年）" in asked[1] and "项目保留" in asked[1]
    assert [d.name for d in workbook.departments] == ["泗县医疗保障局"]
    assert workbook.projects == projects  # the year's projects stay
    assert "兴隆县医疗保障局" not in [
        window.project_list.tree.model().index(r, 0, window.project_list.tree.model().index(0, 0)).data()
        for r in range(3)
    ]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.project_list.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert workbook.departments[1] is xinglong

"""The department page: which editor is up, routing a finding's place to its page, the index kept right."""

from __future__ import annotations

from typing import Any

from desktop.domain.department.model import Department
from desktop.domain.findings import Location
from desktop.domain.operations.departments import RemoveDepartment, add_department
from desktop.ui.department.page import DepartmentPage, view_for_location
from desktop.ui.department.part import DepartmentView


def test_finding_places_route_to_their_page() -> None:
    assert view_for_location(Location(table="spending", row="2101501")) is DepartmentView.BUDGET
    assert view_for_location(Location(table="facts", row="operating_costs")) is DepartmentView.BUDGET
    assert view_for_location(Location(table="three_public")) is DepartmentView.BUDGET
    assert view_for_location(Location(table="explanations", row="performance")) is DepartmentView.EXPLANATION
    assert view_for_location(Location(table="target", indicator=0)) is DepartmentView.TARGET
    assert view_for_location(Location(table="contents")) is DepartmentView.OVERVIEW
    assert view_for_location(Location(field="name")) is DepartmentView.OVERVIEW


def test_page_shows_each_view_and_keeps_the_index_when_an_earlier_department_goes(qtbot: Any, document: Any) -> None:
    a, b = Department(year=2024, name="甲局"), Department(year=2024, name="乙局")
    document.workbook.departments.extend([a, b])
    page = DepartmentPage(document)
    qtbot.addWidget(page)
    for view in DepartmentView:
        page.show(1, view)
        assert page.current_view() is view
        assert page.currentWidget() is page.editor(view)
    assert page.current_index() == 1
    assert page.current_department() is b
    document.push(RemoveDepartment(a))
    assert page.current_index() == 0
    assert page.current_department() is b
    document.undo_stack.undo()
    assert page.current_index() == 1
    document.push(RemoveDepartment(b))
    assert page.current_index() is None
    document.push(add_department(document.workbook, Department(year=2025, name="丙局")))
    assert page.current_index() is None


def test_a_read_only_workbook_takes_no_department_edit(qtbot: Any, document: Any) -> None:
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from desktop.ui.department.overview import OverviewEditor

    document.workbook.departments.append(Department(year=2024, name="甲局"))
    page = DepartmentPage(document)
    qtbot.addWidget(page)
    page.show(0, DepartmentView.OVERVIEW)
    page.set_read_only(True)
    editor = page.editor(DepartmentView.OVERVIEW)
    assert isinstance(editor, OverviewEditor)
    assert editor.name.isReadOnly() and not editor.add_unit_button.isEnabled()
    assert not editor.duties.add_button.isEnabled() and editor.duties.editors[1].isReadOnly()
    event = QInputMethodEvent("", [])
    event.setCommitString("乙局")
    QApplication.sendEvent(editor.name, event)
    editor.add_unit()
    editor.duties.add()
    assert document.workbook.departments[0] == Department(year=2024, name="甲局")
    assert document.undo_stack.count() == 0
    assert editor.units.rowCount() == 0 and editor.duties.list.count() == 0
    page.set_read_only(False)
    assert not editor.name.isReadOnly() and editor.duties.add_button.isEnabled()
    assert not editor.remove_unit_button.isEnabled()  # still nothing to remove
    editor.add_unit()
    assert len(document.workbook.departments[0].units) == 1
    assert not editor.duties.editors[0].isVisibleTo(editor)  # no paragraph yet: the note, no empty fields
    editor.duties.add()
    assert editor.duties.list.count() == 1 and editor.duties.editors[0].isVisibleTo(editor)

"""Departments in the left pane: a node per department under its year (with its four pages) above the projects,
kept in step with edits, filters and undo; the keyboard walks them and the central area follows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from desktop.domain.department.model import Department
from desktop.domain.model import OrgUnit as Unit
from desktop.domain.model import Project, Workbook
from desktop.domain.operations.departments import EditDepartment, RemoveDepartment, add_department
from desktop.domain.parts import DepartmentPart
from desktop.ui.department.part import DepartmentView
from desktop.ui.document import WorkbookDocument
from desktop.ui.panels.project_filter import Show
from desktop.ui.panels.project_list import ProjectListPanel
from desktop.ui.panels.project_tree_model import ProjectTreeModel
from desktop.ui.validation_state import ProblemCount
from tests.test_main_window import open_window


def _texts(model: Any, parent: QModelIndex | None = None) -> list[str]:
    parent = parent if parent is not None else QModelIndex()
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        out.append(str(index.data()))
        out.extend("  " + t for t in _texts(model, index))
    return out


def _wired(document: WorkbookDocument, model: ProjectTreeModel) -> None:
    document.department_inserted.connect(lambda _d, i: model.department_inserted(i))
    document.department_removed.connect(lambda _d, i: model.department_removed(i))
    document.department_changed.connect(lambda change: model.department_changed(change.index))


def test_tree_model_shows_departments_above_projects_and_follows_edits(qtmodeltester: Any) -> None:
    document = WorkbookDocument()
    workbook = Workbook(
        projects=[Project(template="ah-project", year=2024, name="项目甲", department=Unit(name="甲局"))],
        departments=[Department(year=2024, name="甲局"), Department(year=2023, name="乙局")],
    )
    document.set_workbook(workbook)
    model = ProjectTreeModel()
    model.set_workbook(workbook)
    _wired(document, model)
    qtmodeltester.check(model)
    pages = ["    部门概况", "    部门预算", "    部门整体绩效目标", "    说明"]
    assert _texts(model) == [
        "2024 年度（1 个项目）", "  甲局", *pages, "  项目甲",
        "2023 年度（0 个项目）", "  乙局", *pages,  # a year with a department and no project still shows
    ]  # fmt: skip
    # A new department of a new year; then the 2023 one moves to 2025 (its year edited); then one is removed.
    document.push(add_department(workbook, Department(year=2022, name="丙局")))
    assert _texts(model)[-5] == "  丙局"
    yi = workbook.departments[1]
    document.push(EditDepartment(yi, replace(yi, year=2025, name="乙局（新）"), DepartmentPart.IDENTITY))
    texts = _texts(model)
    assert texts[:2] == ["2025 年度（0 个项目）", "  乙局（新）"]
    assert "2023 年度（0 个项目）" not in texts
    assert model.department_at(model.index_of_department(1, DepartmentView.TARGET)) == (1, DepartmentView.TARGET)
    document.push(RemoveDepartment(workbook.departments[0]))
    assert "  甲局" not in _texts(model)
    assert model.department_at(model.index_of_department(0)) == (0, None)
    assert model.index_of_department(0).data() == "乙局（新）"
    document.undo_stack.undo()
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert _texts(model)[:2] == ["2024 年度（1 个项目）", "  甲局"]
    qtmodeltester.check(model)


def test_search_and_filters_keep_departments_that_match(qtbot: Any) -> None:
    panel = ProjectListPanel()
    qtbot.addWidget(panel)
    workbook = Workbook(
        projects=[Project(template="ah-project", year=2024, name="城乡医疗救助", department=Unit(name="甲局"))],
        departments=[Department(year=2024, name="甲局", code="066")],
    )
    panel.model.set_workbook(workbook)
    panel.search.setText("医疗")
    assert _texts(panel.proxy) == ["2024 年度（1 / 1 个项目）", "  城乡医疗救助"]
    panel.search.setText("066")  # a department by its code: the year shows with the department alone
    assert _texts(panel.proxy)[:2] == ["2024 年度（0 / 1 个项目）", "  甲局"]
    panel.search.clear()
    panel.show_filter.setCurrentIndex(panel.show_filter.findData(Show.ERRORS))
    assert _texts(panel.proxy) == []  # nothing has errors yet
    panel.model.set_department_counts({0: ProblemCount(2, 0)})
    panel.refilter()
    assert _texts(panel.proxy)[1] == "  甲局"


def test_keyboard_walks_department_pages_and_back_to_the_list(qtbot: Any, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    tree = window.project_list.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Home)  # the 2024 year row
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # its first department
    assert window.right_stack.currentWidget() is window.department_page
    assert window.department_page.current_index() == 0
    assert window.department_page.current_view() is DepartmentView.OVERVIEW
    for view in DepartmentView:
        qtbot.keyClick(tree, Qt.Key.Key_Down)
        assert window.department_page.current_view() is view
        assert window.department_page.currentWidget() is window.department_page.editor(view)
        assert tree.currentIndex().data() == view.label
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # the second department
    assert window.department_page.current_index() == 1
    assert tree.currentIndex().data() == "兴隆县医疗保障局"
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # Enter: the keyboard goes into the page
    assert window.department_page.isAncestorOf(window.focusWidget())
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)  # Esc: back on the list, on the same row
    assert tree.hasFocus()
    assert tree.currentIndex().data() == "部门概况"
    for _ in range(4):
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    project = window.project_list.current_project()
    assert project is not None and project is window.document.workbook.projects[0]
    assert window.right_stack.currentWidget() is window.right_splitter
    assert window.current_project() is project
    qtbot.keyClick(tree, Qt.Key.Key_Up)  # back up to the 说明 of 兴隆
    assert window.right_stack.currentWidget() is window.department_page
    assert window.department_page.current_view() is DepartmentView.EXPLANATION
    assert window.current_project() is None


def test_tab_goes_through_the_page_and_undo_off_screen_shows_the_department(
    qtbot: Any, demo_path: Path, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.ui.department.overview import OverviewEditor
    from tests.test_main_window import type_text

    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Discard)
    window = open_window(qtbot, demo_path)
    tree = window.project_list.tree
    assert window.project_list.select_department(0)
    tree.setFocus()
    page = window.department_page.editor(DepartmentView.OVERVIEW)
    assert isinstance(page, OverviewEditor)
    qtbot.keyClick(tree, Qt.Key.Key_Tab)  # from the list into the page: its first field
    assert QApplication.focusWidget() is page.name
    qtbot.keyClick(page.name, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.code
    qtbot.keyClick(page.code, Qt.Key.Key_End)  # Tab selected the whole code; type after it
    type_text(page.code, "9")
    assert window.document.workbook.departments[0].code == "0669"
    # To a project, then Ctrl+Z: the department's page comes back, showing the code as it was.
    window.project_list.select_project(window.document.workbook.projects[0])
    assert window.right_stack.currentWidget() is window.right_splitter
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.workbook.departments[0].code == "066"
    assert window.right_stack.currentWidget() is window.department_page
    assert window.department_page.current_view() is DepartmentView.OVERVIEW
    assert window.project_list.current_department() == (0, DepartmentView.OVERVIEW)
    assert page.code.text() == "066"


def test_a_workbook_with_a_department_only_opens_on_its_overview(qtbot: Any, tmp_path: Path) -> None:
    from desktop.storage.workbook_file import WorkbookFile

    path = tmp_path / "部门.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(departments=[Department(year=2025, name="甲局")]))
    window = open_window(qtbot, path)
    assert window.right_stack.currentWidget() is window.department_page  # not an empty project form
    assert window.department_page.current_department() is not None
    assert window.project_list.tree.currentIndex().data() == "部门概况"
    assert window.menu_actions.rollover.isEnabled()  # a department alone can be rolled over

"""Finding the work left: 只看有错误 / 只看草稿 / one department, sorting, group headings counting what is shown,
Esc clearing the search; the proxy under Qt's model tester and the panel driven by keys in the real window."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.domain.model import Funds, OrgUnit, Project, Status, Workbook
from desktop.domain.operations import SetText
from desktop.domain.parts import TextKey
from desktop.ui.panels.project_filter import ProjectFilter, Show, SortBy
from desktop.ui.panels.project_tree_model import ProjectTreeModel
from desktop.ui.validation_state import ProblemCount
from tests.test_main_window import closing, open_window  # noqa: F401 - fixture


def _workbook() -> Workbook:
    def project(name: str, dept: str, total: str | None, status: Status = Status.DRAFT) -> Project:
        return Project(
            year=2025,
            template="ah-project",
            name=name,
            department=OrgUnit("039", dept),
            funds=Funds(total=Decimal(total) if total else None),
            status=status,
        )

    return Workbook(
        projects=[
            project("丙 医疗救助", "霍邱县医疗保障局", "120"),
            project("甲 离休医疗", "霍邱县医疗保障局", "900", Status.FINAL),
            project("乙 宣传印刷", "泗县医疗保障局", "35"),
            Project(year=2024, template="ah-project", name="旧项目", department=OrgUnit("039", "泗县医疗保障局")),
        ]
    )


def _names(proxy: ProjectFilter, group_row: int = 0) -> list[str]:
    group = proxy.index(group_row, 0)
    return [str(proxy.index(r, 0, group).data()).removeprefix("🔒 ") for r in range(proxy.rowCount(group))]


def _proxy(workbook: Workbook, counts: dict[int, ProblemCount]) -> tuple[ProjectTreeModel, ProjectFilter]:
    model = ProjectTreeModel()
    model.set_workbook(workbook)
    model.set_counts(counts)
    proxy = ProjectFilter()
    proxy.setSourceModel(model)
    proxy.set_counts(model.count_of)
    return model, proxy


def test_filters_keep_what_the_clerk_asked_for_and_headings_count_it(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    workbook = _workbook()
    p = workbook.projects
    _model, proxy = _proxy(workbook, {id(p[0]): ProblemCount(2, 1), id(p[2]): ProblemCount(0, 3)})
    proxy.set_show(Show.ERRORS)
    assert proxy.rowCount() == 1 and _names(proxy) == ["丙 医疗救助"]
    assert proxy.index(0, 0).data() == "2025 年度（1 / 3 个项目）"  # what the filter shows, of how many
    proxy.set_show(Show.DRAFTS)
    assert _names(proxy) == ["丙 医疗救助", "乙 宣传印刷"] and proxy.rowCount() == 2  # 2024's draft too
    proxy.set_department("泗县医疗保障局")
    assert _names(proxy) == ["乙 宣传印刷"] and _names(proxy, 1) == ["旧项目"]
    qtmodeltester.check(proxy)
    proxy.clear_filters()
    assert proxy.index(0, 0).data() == "2025 年度（3 个项目）" and len(_names(proxy)) == 3


def test_sorting_by_name_amount_and_findings_within_each_year(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    workbook = _workbook()
    p = workbook.projects
    _model, proxy = _proxy(workbook, {id(p[2]): ProblemCount(4, 0), id(p[0]): ProblemCount(1, 9)})
    proxy.set_sort(SortBy.AMOUNT)
    assert _names(proxy) == ["甲 离休医疗", "丙 医疗救助", "乙 宣传印刷"]  # 900, 120, 35 万元
    proxy.set_sort(SortBy.FINDINGS)
    assert _names(proxy) == ["乙 宣传印刷", "丙 医疗救助", "甲 离休医疗"]
    proxy.set_sort(SortBy.NAME)
    assert _names(proxy) == sorted(_names(proxy))
    assert proxy.index(0, 0).data().startswith("2025")  # years keep newest first
    qtmodeltester.check(proxy)
    proxy.set_sort(SortBy.WORKBOOK)
    assert _names(proxy) == ["丙 医疗救助", "甲 离休医疗", "乙 宣传印刷"]


@pytest.mark.usefixtures("closing")
def test_panel_filters_by_keyboard_and_esc_clears_the_search(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    panel = window.project_list
    broken = window.document.workbook.projects[3]
    window.document.push(SetText(broken, TextKey.ANNUAL_GOAL, None))  # E02: one project with an error
    window.validation.validate_all()
    all_projects = len(window.document.workbook.projects)
    # Tab from the search box reaches the filters, then the list
    panel.search.setFocus()
    qtbot.keyClick(panel.search, Qt.Key.Key_Tab)
    assert panel.show_filter.hasFocus()
    qtbot.keyClick(panel.show_filter, Qt.Key.Key_Down)  # 只看有错误
    assert panel.show_filter.currentData() is Show.ERRORS
    counts = window.validation.counts()
    with_errors = [p for p in window.document.workbook.projects if counts.get(id(p), ProblemCount()).errors]
    assert len(panel.proxy_projects()) == len(with_errors) < all_projects
    assert window.current_project() in with_errors  # the form never shows a project the list hides
    assert broken in with_errors
    qtbot.keyClick(panel.show_filter, Qt.Key.Key_Down)  # 只看草稿: the demo has no final project
    assert len(panel.proxy_projects()) == all_projects
    qtbot.keyClick(panel.show_filter, Qt.Key.Key_Home)
    # the search: typed, then Esc clears it and every project is back
    panel.search.setFocus()
    panel.search.setText("医疗救助")
    assert 0 < len(panel.proxy_projects()) < all_projects
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == "" and len(panel.proxy_projects()) == all_projects
    # one department
    assert panel.department.isVisible() and panel.department.count() > 2
    panel.department.setFocus()
    qtbot.keyClick(panel.department, Qt.Key.Key_Down)
    name = panel.department.currentData()
    mine = [p for p in window.document.workbook.projects if p.department.name == name]
    assert panel.proxy_projects() == mine
    window.grab().save("/tmp/project_filters.png")


def test_search_and_clearing_it_keep_the_project_on_screen_and_the_list_keeps_working(qtbot, demo_path) -> None:  # type: ignore[no-untyped-def]
    # Unfiltered the tree shows the model itself, filtered the proxy: switching must not lose the clerk's place.
    from tests.test_main_window import open_window

    window = open_window(qtbot, demo_path)
    panel = window.project_list
    projects = window.document.workbook.projects
    target = projects[3]
    panel.select_project(target)
    assert window.current_project() is target
    panel.search.setText(target.display_name())
    shown = panel.proxy_projects()
    assert target in shown and len(shown) < len(projects)
    assert panel.current_project() is target and window.current_project() is target
    panel.search.setFocus()
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)  # Esc empties the search box: every project again
    assert panel.search.text() == "" and panel.proxy_projects() == projects
    assert panel.current_project() is target and window.current_project() is target
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert panel.selected_projects() == [target, projects[4]]
    qtbot.keyClick(panel.tree, Qt.Key.Key_Down)
    assert window.current_project() is projects[5]  # the form follows the list after the switches
    panel.sort_by.setCurrentIndex(panel.sort_by.findData(SortBy.NAME))  # sorted: the proxy again
    assert window.current_project() is projects[5]
    assert panel.proxy_projects() == sorted(projects, key=lambda p: p.display_name())

"""Departments opened in the window read their content on first use: the workbook opens with their names, a department
behaves exactly like one read in full, an untouched one is saved back as it was, and damaged content is said in
Chinese when the department is first needed, without losing it and without stopping the rest of the workbook."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.domain.department.content import Cover
from desktop.domain.department.model import content_reader
from desktop.io.demo import demo_workbook
from desktop.storage.department_rows import DamagedDepartmentError, StoredDepartment, content_problem
from desktop.storage.workbook_file import DamagedWorkbookError, WorkbookFile

_DAMAGED = '{"year": 2024'  # cut short, as a tool writing the file half-way would leave it


def _demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "演示.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(demo_workbook())
    return path


def _stored(path: Path) -> list[tuple[int, str, str | None, str, str | None]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT year, name, code, content, printed FROM department ORDER BY position").fetchall()


def _damage_second_department(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE department SET content = ? WHERE position = 1", (_DAMAGED,))


def test_a_department_read_later_equals_the_one_read_in_full(tmp_path: Path) -> None:
    path = _demo_file(tmp_path)
    with WorkbookFile.open(path, read_only=True) as wb_file:
        full = wb_file.load()
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load(defer_departments=True)
    later = workbook.departments
    assert [d.display_name() for d in later] == [d.display_name() for d in full.departments]
    assert all(content_reader(d) is not None for d in later)  # only the names were needed so far
    assert [len(workbook.department_projects(d)) for d in later] == [
        len(full.department_projects(d)) for d in full.departments
    ]
    assert all(content_reader(d) is not None for d in later)  # matching projects needs no content either
    assert later[0] != later[1]  # told apart by name, still without reading either
    assert all(content_reader(d) is not None for d in later)
    assert later == full.departments  # equal field by field: the content is read for that
    assert all(content_reader(d) is None for d in later)
    assert later[0].budget == full.departments[0].budget and later[1].printed == full.departments[1].printed


def test_replace_and_copies_read_the_content_first(tmp_path: Path) -> None:
    import copy

    path = _demo_file(tmp_path)
    with WorkbookFile.open(path, read_only=True) as wb_file:
        full = wb_file.load().departments[0]
        later = wb_file.load(defer_departments=True).departments
    copied = copy.deepcopy(later[1])
    assert copied == later[1]
    edited = replace(later[0], cover=Cover(title="新封面"))
    assert edited.cover == Cover(title="新封面")
    assert edited.budget == full.budget and edited.units == full.units and edited.name == full.name
    assert edited == replace(full, cover=Cover(title="新封面"))


def test_the_json_export_of_a_workbook_read_later_is_the_same(tmp_path: Path) -> None:
    from desktop.io.interchange import dumps

    path = _demo_file(tmp_path)
    with WorkbookFile.open(path, read_only=True) as wb_file:
        full = wb_file.load()
        later = wb_file.load(defer_departments=True)
    assert dumps(later) == dumps(full)


def test_an_untouched_department_is_saved_back_as_it_was_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _demo_file(tmp_path)
    before = _stored(path)
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load(defer_departments=True)

        def refuse(_stored: StoredDepartment) -> Any:
            raise AssertionError("an untouched department was parsed to be saved")

        monkeypatch.setattr(StoredDepartment, "read", refuse)
        workbook.projects[0].name = "改过名称的项目"
        wb_file.save(workbook)
    assert _stored(path) == before
    monkeypatch.undo()
    with WorkbookFile.open(path, read_only=True) as wb_file:
        again = wb_file.load()
    assert again.projects[0].name == "改过名称的项目"
    assert [d.name for d in again.departments] == [d.name for d in demo_workbook().departments]


def test_damaged_content_is_said_on_first_use_and_kept_by_saving(tmp_path: Path) -> None:
    path = _demo_file(tmp_path)
    _damage_second_department(path)
    with WorkbookFile.open(path, read_only=True) as wb_file, pytest.raises(DamagedWorkbookError, match="部门"):
        wb_file.load()  # the command line reads everything now, as before: the file is reported damaged
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load(defer_departments=True)  # the window opens it
        healthy, damaged = workbook.departments
        assert damaged.display_name() == "兴隆县医疗保障局（2024年）"
        assert content_problem(healthy) is None
        problem = content_problem(damaged)
        assert problem is not None
        assert "兴隆县医疗保障局（2024年）" in problem and "已损坏" in problem and "不受影响" in problem
        with pytest.raises(DamagedDepartmentError, match="兴隆县医疗保障局"):
            _ = damaged.overall_target
        assert content_problem(damaged) == problem  # still damaged, still said the same way
        workbook.projects[0].name = "改过名称的项目"
        wb_file.save(workbook)  # the rest of the workbook saves; the damaged department is kept as it was
    stored = _stored(path)
    assert stored[1][3] == _DAMAGED and stored[1][1] == "兴隆县医疗保障局"
    with WorkbookFile.open(path) as wb_file:
        assert wb_file.load(defer_departments=True).projects[0].name == "改过名称的项目"


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        ("UPDATE department SET year = '二〇二四' WHERE position = 1", "预算年度"),
        ("UPDATE department SET name = '  ' WHERE position = 1", "部门名称"),
        ("UPDATE department SET code = x'00ff' WHERE position = 1", "编码"),
    ],
)
def test_a_damaged_identity_still_stops_the_opening(tmp_path: Path, sql: str, said: str) -> None:
    """Without its year and name a department cannot even be listed: the file is reported damaged, as before."""
    path = _demo_file(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.executescript("PRAGMA ignore_check_constraints = ON;" + sql)
    with WorkbookFile.open(path) as wb_file, pytest.raises(DamagedWorkbookError, match=said):
        wb_file.load(defer_departments=True)


# ------------------------------------------------------------------------------------------------------ the window


def test_the_window_says_a_damaged_department_and_keeps_it(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QLabel, QMessageBox

    from desktop.ui.department.part import DepartmentView
    from tests.test_main_window import field, open_window, type_text

    path = _demo_file(tmp_path)
    _damage_second_department(path)
    before = _stored(path)
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *_a: said.append((title, text)))
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text, *_a: said.append((title, text)))

    window = open_window(qtbot, path)  # opens: the damage is found when the department is first needed
    # Checking the departments (after the window has painted) is the first need: said once, in Chinese.
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert len(said) == 1 and said[0][0] == "无法读取部门"
    assert "兴隆县医疗保障局（2024年）" in said[0][1] and "已损坏" in said[0][1]

    tree = window.project_list.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Home)  # the 2024 year row
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # the first department: undamaged, its page works
    page = window.department_page
    assert page.current_index() == 0 and page.currentWidget() is page.editor(DepartmentView.OVERVIEW)
    for _view in DepartmentView:
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # the damaged department: its page says why it cannot be shown
    assert tree.currentIndex().data() == "兴隆县医疗保障局"
    assert window.right_stack.currentWidget() is page
    shown = page.currentWidget().findChild(QLabel, "department_unreadable")
    assert isinstance(shown, QLabel) and shown.isVisible()
    assert "兴隆县医疗保障局（2024年）" in shown.text() and "已损坏" in shown.text()
    assert page.current_index() is None  # no editor holds it: nothing can change it
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # its 部门预算 says the same
    assert shown.isVisible() and page.currentWidget().isAncestorOf(shown)
    assert len(said) == 1  # told once; the page says it from then on
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # Enter finds no field to go into: the keyboard stays on the list
    assert tree.hasFocus()

    # The rest of the workbook works: a project is edited and saved.
    project = window.document.workbook.projects[0]
    window.project_list.select_project(project)
    name = field(window, "name").edit
    name.selectAll()
    type_text(name, "改过名称的项目")
    qtbot.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.document.is_modified(), timeout=10_000)
    assert len(said) == 1 and not [t for t, _ in said if t == "程序内部错误"]
    after = _stored(path)
    assert after[1] == before[1]  # the damaged department, exactly as it was stored
    assert after[0][:3] == before[0][:3]
    with WorkbookFile.open(path, read_only=True) as wb_file, pytest.raises(DamagedWorkbookError):
        wb_file.load()  # still damaged for the command line: nothing was "repaired" by dropping it
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM project ORDER BY position LIMIT 1").fetchone() == ("改过名称的项目",)

    # A project of the damaged department is shown: its 部门文件 cannot be made, and the clerk is told why.
    window.project_list.select_project(window.document.workbook.projects[10])
    assert window.menu_actions.department_pdf.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert len(said) == 2 and said[1][0] == "导出 PDF部门文件" and "兴隆县医疗保障局（2024年）" in said[1][1]

"""Undo and redo show where the change happened: the project it was made in (even when another is on screen, or
when undo brings a deleted project back), then the indicator row or the header field. Driven by real keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.domain.model import Project
from desktop.ui.main_window import MainWindow
from tests.test_keystrokes import CTRL, focus, open_cell_editor, value_cell
from tests.test_main_window import closing, field, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")


def _next_project(qtbot: QtBot, window: MainWindow) -> Project:
    """Down in the project list: the next project comes on screen."""
    before = window.current_project()
    tree = window.project_list.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    shown = window.current_project()
    assert shown is not None and shown is not before
    return shown


def test_undo_and_redo_of_an_indicator_value_bring_its_project_and_row_back(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    edited = window.current_project()
    assert edited is not None
    cell = value_cell(window, 2)
    row = window.indicators.model().flat_index(cell)
    assert row is not None
    old = edited.indicators[row].value
    editor = open_cell_editor(qtbot, window, cell)
    qtbot.keyClicks(editor, "88")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert edited.indicators[row].value == "88"

    other = _next_project(qtbot, window)
    qtbot.keyClick(focus(), Qt.Key.Key_Z, CTRL)
    assert edited.indicators[row].value == old
    assert window.current_project() is edited  # the clerk sees the project the undo changed
    assert window.project_list.current_project() is edited  # and the list agrees
    view = window.indicators.view()
    model = window.indicators.model()
    assert model.flat_index(view.currentIndex()) == row and view.currentIndex().column() == cell.column()

    window.project_list.select_project(other)
    assert window.current_project() is other
    qtbot.keyClick(window.project_list.tree, Qt.Key.Key_Y, CTRL)  # redo, from the other project again
    assert edited.indicators[row].value == "88" and window.current_project() is edited
    assert model.flat_index(view.currentIndex()) == row


def test_undo_of_a_header_field_shows_its_project_with_the_keyboard_in_the_field(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    edited = window.current_project()
    assert edited is not None
    name = field(window, "name")
    old = edited.name
    name.focus()
    qtbot.keyClick(focus(), Qt.Key.Key_End)
    qtbot.keyClicks(focus(), "-9")
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)  # leaving the field commits it
    assert edited.name == f"{old}-9"

    _next_project(qtbot, window)
    qtbot.keyClick(focus(), Qt.Key.Key_Z, CTRL)
    assert edited.name == old and window.current_project() is edited
    assert field(window, "name").edit.hasFocus()  # the keyboard is in the field the undo changed
    assert field(window, "name").edit.text() == old


def test_undo_of_a_deletion_shows_the_project_it_brings_back(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    doomed = _next_project(qtbot, window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.menu_actions.delete.trigger()
    assert window.document.index_of(doomed) is None and window.current_project() is not doomed
    qtbot.keyClick(window.project_list.tree, Qt.Key.Key_Z, CTRL)
    assert window.document.index_of(doomed) == 1 and window.current_project() is doomed


def test_undo_in_the_project_on_screen_stays_there(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    project = window.current_project()
    assert project is not None
    editor = open_cell_editor(qtbot, window, value_cell(window, 0))
    qtbot.keyClicks(editor, "5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(focus(), Qt.Key.Key_Z, CTRL)
    assert window.current_project() is project and window.indicators.view().hasFocus()


def test_undo_of_a_project_edit_from_a_department_page_brings_the_project_back(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    edited = window.current_project()
    assert edited is not None
    cell = value_cell(window, 0)
    row = window.indicators.model().flat_index(cell)
    assert row is not None
    old = edited.indicators[row].value
    editor = open_cell_editor(qtbot, window, cell)
    qtbot.keyClicks(editor, "77")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.project_list.select_department(0)  # the department's page is on screen now
    assert window.departments.showing() and window.right_stack.currentWidget() is window.department_page
    window.project_list.tree.setFocus()
    qtbot.keyClick(window.project_list.tree, Qt.Key.Key_Z, CTRL)
    assert edited.indicators[row].value == old
    assert not window.departments.showing() and window.right_stack.currentWidget() is window.right_splitter
    assert window.current_project() is edited and window.project_list.current_project() is edited
    assert window.indicators.model().flat_index(window.indicators.view().currentIndex()) == row

"""定稿 in the window: read-only until 撤销定稿 (asked, one undo step), and 与定稿版比较 driven by keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.domain.finalise import finalised
from desktop.domain.model import Project, Status
from desktop.domain.operations import EditIndicator, ReplaceContent, SetText
from desktop.domain.parts import IndicatorField, TextKey
from desktop.ui.dialogs.final_compare import FinalComparisonDialog
from desktop.ui.main_window import MainWindow
from tests.test_main_window import closing, field, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")


def _final_project(window: MainWindow) -> Project:
    project = window.current_project()
    assert project is not None
    window.document.push(ReplaceContent(project, finalised(project, []), "标记为定稿"))
    assert project.status is Status.FINAL and project.final_copy is not None
    return project


def test_final_project_is_read_only_until_undone_after_asking(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    editable_base = field(window, "name").edit.palette().color(QPalette.ColorRole.Base).name()
    project = _final_project(window)
    assert field(window, "name").edit.isReadOnly()
    # …and looks it: the fields are grey, not the white of a field that takes typing.
    assert field(window, "name").edit.palette().color(QPalette.ColorRole.Base).name() == "#f0f0f0" != editable_base
    assert window.menu_actions.mark_final.text() == "撤销定稿…"
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    window.menu_actions.mark_final.trigger()
    assert asked and "撤销" in asked[0] and project.status is Status.FINAL  # "否" keeps it final
    answer[0] = QMessageBox.StandardButton.Yes
    window.menu_actions.mark_final.trigger()
    assert project.status is Status.DRAFT and not field(window, "name").edit.isReadOnly()
    assert field(window, "name").edit.palette().color(QPalette.ColorRole.Base).name() == editable_base
    assert project.final_copy is not None  # kept for the comparison
    assert window.menu_actions.undo is not None and "撤销定稿" in window.menu_actions.undo.text()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo step: final again
    assert project.status is Status.FINAL and field(window, "name").edit.isReadOnly()


def test_comparison_lists_fields_and_indicators_changed_since_final(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    project = _final_project(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.menu_actions.mark_final.trigger()
    old_goal = project.annual_goal
    old_value = project.indicators[0].value
    window.document.push(SetText(project, TextKey.ANNUAL_GOAL, "退回后改写的年度目标"))
    window.document.push(EditIndicator(project, 0, IndicatorField.VALUE, "≥99%"))
    assert window.menu_actions.compare_final.isEnabled()

    shown: list[FinalComparisonDialog] = []

    def exec_(dialog: QDialog) -> int:
        shown.append(dialog)  # type: ignore[arg-type]
        return 0

    monkeypatch.setattr(FinalComparisonDialog, "exec", exec_)
    window.menu_actions.compare_final.trigger()
    assert len(shown) == 1
    dialog = shown[0]
    qtbot.addWidget(dialog)
    lines = "\n".join(dialog.lines())
    assert "项目信息（1 处）" in lines and "绩效指标（1 处）" in lines
    assert f"年度目标 | {old_goal} | 退回后改写的年度目标" in lines
    assert f"指标值 | {old_value} | ≥99%" in lines
    assert "修改了 1 个项目信息字段、1 条指标" in dialog.summary.text()
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save("/tmp/final_compare.png")
    assert dialog.table.hasFocus() or dialog.table.isVisible()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)  # the keyboard walks the rows
    assert dialog.table.currentItem() is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_comparison_of_an_unchanged_final_project_says_so(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    project = _final_project(window)
    dialog = FinalComparisonDialog(project)
    qtbot.addWidget(dialog)
    assert "没有任何修改" in dialog.summary.text() and dialog.lines() == []


def test_comparison_without_a_final_copy_is_explained(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    assert not window.menu_actions.compare_final.isEnabled()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))
    window.project_actions.compare_with_final()
    assert told and "从未标记为定稿" in told[0]


def test_a_damaged_final_copy_is_said_instead_of_compared(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from desktop.io.demo import demo_workbook
    from desktop.storage.workbook_file import WorkbookFile

    path = tmp_path / "损坏的定稿.jixiao"
    workbook = demo_workbook()
    workbook.projects[0] = finalised(workbook.projects[0], [])
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(workbook)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE project SET final_content = '[1, 2' WHERE final_content IS NOT NULL")
    conn.commit()
    conn.close()
    window = open_window(qtbot, path)  # the workbook opens: only the copy is damaged
    assert window.current_project() is window.document.workbook.projects[0]
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: told.append((title, text)))
    monkeypatch.setattr(QDialog, "exec", lambda dialog: pytest.fail("a comparison dialog opened"))
    window.menu_actions.compare_final.trigger()
    assert told and told[0][0] == "与定稿版比较" and "定稿副本已损坏" in told[0][1]

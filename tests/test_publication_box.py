"""部门预算公开信息 in the project form, in the real window on the demo: opened from the keyboard, a 一般公共预算
amount typed with real keys and an overview text through the input method, undo/redo in one step each, Ctrl+S,
reopened from the SQLite file, and the 泗县 项目支出表 showing the typed amount. A final project takes no typing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.domain.department.tables import projects_table
from desktop.domain.model import Project, Status
from desktop.domain.operations import SetStatus
from desktop.storage.workbook_file import WorkbookFile
from desktop.ui.form.publication_box import OverviewField, PublicationBox, SourceAmountField
from desktop.ui.main_window import MainWindow
from tests.test_main_window import open_window, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
SIXIAN = "泗县医疗保障局"
NAME = "欺诈骗取医保基金行为举报奖励"


def _box(window: MainWindow) -> PublicationBox:
    page = window.form.page()
    assert page is not None
    return page.publication


def _show_sixian_project(window: MainWindow) -> Project:
    project = next(p for p in window.document.workbook.projects if p.department.name == SIXIAN and p.name == NAME)
    window.project_list.select_project(project)
    assert window.current_project() is project
    return project


def _amount(box: PublicationBox, label: str) -> SourceAmountField:
    return next(f for f in box.amounts if f.label == label)


def _overview(box: PublicationBox, label: str) -> OverviewField:
    return next(f for f in box.fields if isinstance(f, OverviewField) and f.label == label)


def test_typed_publication_figures_survive_undo_save_and_reach_the_projects_table(
    qtbot: Any, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Discard)
    window = open_window(qtbot, demo_path)
    window.showNormal()
    window.resize(1366, 728)
    project = _show_sixian_project(window)
    box = _box(window)
    assert not box.is_open() and not box.body.isVisible()  # folded: the indicator rows keep their room

    # Ctrl+Shift+B opens the group with the keyboard in 项目类别, which shows the project's.
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert box.is_open() and box.body.isVisible()
    assert box.kind.combo.hasFocus() and box.kind.combo.currentText() == "特定目标类"
    assert box.function_code.edit.text() == "2101599"
    general = _amount(box, "本年财政拨款一般公共预算")
    assert general.edit.text() == "5"
    assert box.check.text() == "分来源合计 5.00，与年度资金总额一致"

    # Real keys: select the amount, type 12.5 (four keystrokes, one undo step).
    general.edit.setFocus()
    qtbot.keyClick(general.edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(general.edit, "12.5")
    assert project.funds_by_source is not None and project.funds_by_source.general == Decimal("12.5")
    assert box.check.text() == "分来源合计 12.50，与年度资金总额 5.00 相差 +7.50"
    # A letter is refused with a message, nothing stored changes.
    qtbot.keyClicks(general.edit, "x")
    assert general.edit.text() == "12.5" and project.funds_by_source.general == Decimal("12.5")

    content = _overview(box, "项目内容")
    assert content.block is not None
    content.block.selectAll()
    type_text(content.block, "受理举报并发放奖励")
    assert project.overview is not None and project.overview.content == "受理举报并发放奖励"

    qtbot.keyClick(content.block, Qt.Key.Key_Z, CTRL)  # undoes the text
    assert project.overview.content == NAME and content.block.toPlainText() == NAME
    qtbot.keyClick(content.block, Qt.Key.Key_Z, CTRL)  # undoes the four keystrokes at once
    assert project.funds_by_source.general == Decimal(5) and general.edit.text() == "5"
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL)
    assert general.edit.text() == "12.5" and content.block.toPlainText() == "受理举报并发放奖励"

    # The 项目支出表 of 泗县 prints the typed amount for this project.
    department = next(d for d in window.document.workbook.departments if d.name == SIXIAN and d.year == 2024)
    table = projects_table(window.document.workbook.department_projects(department))
    row = next(r for r in table.rows if r.key == NAME)
    assert row.amounts[:2] == (Decimal("12.5"), Decimal("12.5"))

    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    assert not window.isWindowModified()
    window.close()
    with WorkbookFile.open(demo_path, read_only=True) as wb_file:
        saved = wb_file.load()
    again = next(p for p in saved.projects if p.department.name == SIXIAN and p.name == NAME)
    assert again.funds_by_source is not None and again.funds_by_source.general == Decimal("12.5")
    assert again.overview is not None and again.overview.content == "受理举报并发放奖励"
    assert again.overview.implementer == SIXIAN


def test_enter_on_the_header_opens_the_group_and_tab_reaches_it(qtbot: Any, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    _show_sixian_project(window)
    box = _box(window)
    page = window.form.page()
    assert page is not None
    page.fields[0].focus()
    for _ in range(60):  # Tab from the first field reaches the header, the group is a stop on the way
        if box.header.hasFocus():
            break
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert box.header.hasFocus()
    qtbot.keyClick(box.header, Qt.Key.Key_Return)
    assert box.is_open() and box.body.isVisible() and box.header.hasFocus()
    qtbot.keyClick(box.header, Qt.Key.Key_Tab)  # on into 项目类别
    assert box.kind.combo.hasFocus()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert box.function_code.edit.hasFocus()
    box.header.setFocus()
    qtbot.keyClick(box.header, Qt.Key.Key_Return)
    assert not box.is_open() and not box.body.isVisible()


def test_function_code_and_kind_typed(qtbot: Any, demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Discard)
    window = open_window(qtbot, demo_path)
    project = _show_sixian_project(window)
    box = _box(window)
    box.set_open(True)
    box.function_code.edit.setFocus()
    qtbot.keyClick(box.function_code.edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(box.function_code.edit, "2101301")
    assert project.function_code == "2101301"
    completer = box.function_code.edit.completer()
    assert completer is not None and completer.completionCount() >= 1  # the catalogue offers 2101301's name
    assert completer.currentCompletion().startswith("2101301 ")
    popup = completer.popup()
    assert popup is not None and popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible() and project.function_code == "2101301"
    line = box.kind.combo.lineEdit()
    assert line is not None
    line.selectAll()
    type_text(line, "其他运转类")
    assert project.kind == "其他运转类"
    qtbot.keyClick(line, Qt.Key.Key_Z, CTRL)
    assert project.kind == "特定目标类" and box.kind.combo.currentText() == "特定目标类"


def test_a_final_project_takes_no_typing_in_the_group(
    qtbot: Any, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Discard)
    window = open_window(qtbot, demo_path)
    project = _show_sixian_project(window)
    window.document.push(SetStatus(project, Status.FINAL))
    box = _box(window)
    box.set_open(True)
    general = _amount(box, "本年财政拨款一般公共预算")
    line = box.kind.combo.lineEdit()
    assert general.edit.isReadOnly() and line is not None and line.isReadOnly()
    general.edit.setFocus()
    qtbot.keyClicks(general.edit, "9")
    content = _overview(box, "项目内容")
    assert content.block is not None and content.block.isReadOnly()
    assert project.funds_by_source is not None and project.funds_by_source.general == Decimal(5)
    box.kind.combo.showPopup()
    assert not box.kind.combo.view().isVisible()


def test_the_group_is_made_when_first_needed_and_then_follows_the_project_shown(
    qtbot: Any, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window starts without the folded group's fields; a finding or an undo step that points into the group
    opens it on that field, showing the project's values, and it then shows every project selected after."""
    from PySide6.QtWidgets import QApplication

    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Discard)
    window = open_window(qtbot, demo_path)
    project = _show_sixian_project(window)
    box = _box(window)
    assert not box.is_built() and not box.is_open()

    assert window.form.focus_field("kind")  # what a finding's jump and an undo of a 项目类别 edit do
    assert box.is_built() and box.is_open() and box.body.isVisible()
    line = box.kind.combo.lineEdit()
    assert line is not None and line.text() == "特定目标类" and not line.isReadOnly()
    assert QApplication.focusWidget() in (box.kind.combo, line)
    assert _amount(box, "本年财政拨款一般公共预算").edit.text() == "5"
    assert box.check.text().startswith("分来源合计 5.00")

    # A project of the same layout without a 项目类别 or money by source: the same fields show it, empty.
    other = next(
        p for p in window.document.workbook.projects if p.template == project.template and p.funds_by_source is None
    )
    window.project_list.select_project(other)
    assert window.form.page() is not None and window.form.page().publication is box  # type: ignore[union-attr]
    assert line.text() == "" and _amount(box, "本年财政拨款一般公共预算").edit.text() == ""
    assert box.check.text() == ""

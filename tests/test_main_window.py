"""The real main window, driven offscreen the way a clerk uses it: keyboard, menus, save, reopen."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget

from desktop.domain.model import Status
from desktop.domain.operations import SetText
from desktop.domain.parts import TextKey
from desktop.storage.workbook_file import SaveError, WorkbookFile
from desktop.ui.app import create_application
from desktop.ui.dialogs import new_project_dialog
from desktop.ui.dialogs.new_project_dialog import NewProjectDialog
from desktop.ui.form.widgets import AmountField, TextBlockField, TextField
from desktop.ui.indicators.model import GroupKey
from desktop.ui.main_window import MainWindow


def type_text(widget: QWidget, text: str) -> None:
    """Type text (Chinese included) the way an input method delivers it."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def open_window(qtbot, path: Path, *, create: bool = False) -> MainWindow:  # type: ignore[no-untyped-def]
    create_application()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # keyboard shortcuts only reach the active window
    assert window.file_ops.open(path, create=create, ask_recovery=False)
    return window


def field(window: MainWindow, path: str):  # type: ignore[no-untyped-def]
    page = window.form.page()
    assert page is not None
    found = next(f for f in page.fields if path in f.paths)
    return found


def choose_ah_project(monkeypatch: pytest.MonkeyPatch, year: int = 2025) -> None:
    def ask(parent, layout_id=None, year_=None):  # type: ignore[no-untyped-def]
        dialog = NewProjectDialog(parent)
        dialog.layouts.setCurrentIndex(dialog.layouts.findData("ah-project"))
        dialog.year.setValue(year)
        return dialog.project()

    monkeypatch.setattr(new_project_dialog, "ask_new_project", ask)


@pytest.fixture
def closing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows closed at the end of a test discard their changes instead of asking."""
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Discard)


def test_create_fill_edit_indicators_save_and_reopen(qtbot, tmp_path, monkeypatch, closing) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "新工作簿.jixiao"
    window = open_window(qtbot, path, create=True)
    choose_ah_project(monkeypatch)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    project = window.current_project()
    assert project is not None and project.template == "ah-project" and project.year == 2025
    assert "新工作簿.jixiao" in window.windowTitle() and window.isWindowModified()

    name = field(window, "name")
    assert isinstance(name, TextField)
    assert QApplication.focusWidget() is name.edit  # a new project starts in its first field
    type_text(name.edit, "城乡医疗救助")
    dept = field(window, "department.code")
    type_text(dept.code, "039")
    type_text(dept.name, "霍邱县医疗保障局")
    total = field(window, "funds.total")
    assert isinstance(total, AmountField)
    qtbot.keyClicks(total.edit, "1,907,400")
    fiscal = field(window, "funds.fiscal")
    qtbot.keyClicks(fiscal.edit, "1907400")
    goal = field(window, "annual_goal")
    assert isinstance(goal, TextBlockField)
    type_text(goal.edit, "保障困难群众基本医疗")
    assert project.name == "城乡医疗救助"
    assert project.department.code == "039" and project.department.name == "霍邱县医疗保障局"
    assert project.funds.total == Decimal("1907400")
    assert project.annual_goal == "保障困难群众基本医疗"
    check = window.form.page().funds_boxes[-1].check  # type: ignore[union-attr]
    assert check.text() == "各项合计 1907400.00，与总额一致"

    # Three 三级 rows under 数量指标, typed from the keyboard, then one moved down and one deleted.
    editor = window.indicators
    view = editor.view()
    model = editor.model()
    quantity = GroupKey("产出指标", "数量指标")
    view.setCurrentIndex(model.group_index(quantity))
    view.setFocus()
    for text in ("救助人次", "资助参保人数", "临时指标"):
        qtbot.keyClick(view, Qt.Key.Key_Insert)
        line = QApplication.focusWidget()  # Insert opens the new row's 三级 name for typing
        assert isinstance(line, QLineEdit)
        type_text(line, text)
        qtbot.keyClick(line, Qt.Key.Key_Return)
        QApplication.processEvents()  # the item view commits and closes its editor from the event loop
    assert [i.name for i in project.indicators] == ["救助人次", "资助参保人数", "临时指标"]
    assert model.position(view.currentIndex()) == (quantity, 2)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert model.position(view.currentIndex()) == (quantity, 0)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [i.name for i in project.indicators] == ["资助参保人数", "救助人次", "临时指标"]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert model.position(view.currentIndex()) == (quantity, 2)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [i.name for i in project.indicators] == ["资助参保人数", "救助人次"]

    # Undo names what it undoes and brings the deleted row back; redo deletes it again.
    assert window.menu_actions.undo is not None and window.menu_actions.redo is not None
    assert window.menu_actions.undo.text().startswith("撤销")
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [i.name for i in project.indicators] == ["资助参保人数", "救助人次", "临时指标"]
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert [i.name for i in project.indicators] == ["资助参保人数", "救助人次"]

    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    window.close()

    with WorkbookFile.open(path, read_only=True) as wb_file:
        saved = wb_file.load()
    [again] = saved.projects
    assert again.name == "城乡医疗救助"
    assert again.department.code == "039" and again.department.name == "霍邱县医疗保障局"
    assert again.funds.total == Decimal("1907400") and again.funds.fiscal == Decimal("1907400")
    assert again.annual_goal == "保障困难群众基本医疗"
    assert [(i.level1, i.level2, i.name) for i in again.indicators] == [
        ("产出指标", "数量指标", "资助参保人数"),
        ("产出指标", "数量指标", "救助人次"),
    ]


def test_letters_in_an_amount_are_refused_with_a_message(qtbot, demo_path, closing) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    project = window.current_project()
    assert project is not None
    fiscal = field(window, "funds.fiscal")
    fiscal.edit.clear()
    qtbot.keyClicks(fiscal.edit, "12ab")
    message = window.form.page().message  # type: ignore[union-attr]
    assert message.isVisible() and "财政拨款：金额只能填写数字" in message.text()
    qtbot.keyClicks(fiscal.edit, "3")
    assert fiscal.edit.text() == "123"
    assert project.funds.fiscal == Decimal("123")
    assert not message.isVisible()  # the message goes once the clerk types a number again
    check = window.form.page().funds_boxes[-1].check  # type: ignore[union-attr]
    assert "相差" in check.text()  # 18514 total against 123 + 0 + 0


def test_undo_names_the_field_and_restores_it(qtbot, demo_path, closing) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    project = window.current_project()
    assert project is not None
    before = project.name
    name = field(window, "name")
    name.edit.selectAll()
    type_text(name.edit, "改过的名称")
    assert project.name == "改过的名称"
    assert window.menu_actions.undo is not None
    assert window.menu_actions.undo.text() == "撤销 修改项目名称"
    # Ctrl+Z typed in the field itself is the window's undo too: one history, the one the Edit menu names.
    qtbot.keyClick(name.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.name == before
    assert name.edit.text() == before
    assert not window.isWindowModified()
    window.project_list.tree.setFocus()
    qtbot.keyClick(window.project_list.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert project.name == "改过的名称" and window.isWindowModified()


def test_delete_project_asks_and_undo_restores_it_in_place(qtbot, demo_path, monkeypatch, closing) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    projects = window.document.workbook.projects
    assert window.current_project() is projects[0]  # opening selects the first project
    victim = projects[2]
    window.project_list.select_project(victim)
    asked: list[str] = []

    def answer(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.menu_actions.delete.trigger()
    assert asked and victim.display_name() in asked[0]
    assert victim not in projects and len(projects) == 23
    assert not window.project_list.model.index_of(victim).isValid()
    assert window.menu_actions.undo is not None and "删除项目" in window.menu_actions.undo.text()
    window.menu_actions.undo.trigger()
    assert projects[2] is victim and victim.id is not None
    assert window.project_list.model.index_of(victim).isValid()


def test_failed_save_keeps_every_edit(qtbot, demo_path, monkeypatch, closing) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    project = window.current_project()
    assert project is not None
    type_text(field(window, "name").edit, "未保存的修改")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))

    def refuse(self, workbook):  # type: ignore[no-untyped-def]
        raise SaveError("无法保存工作簿：磁盘空间已满。您的修改仍在程序中，没有丢失。")

    monkeypatch.setattr(WorkbookFile, "save", refuse)
    assert not window.file_ops.save()
    assert shown and "磁盘空间已满" in shown[0]
    assert window.isWindowModified() and window.document.is_modified()
    assert project.name is not None and project.name.endswith("未保存的修改")
    assert "保存失败" in window.statusBar().currentMessage()


def test_close_with_unsaved_changes_asks(qtbot, demo_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    type_text(field(window, "name").edit, "改")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Save)
    assert window.close()
    with WorkbookFile.open(demo_path, read_only=True) as wb_file:
        assert wb_file.load().projects[0].name.endswith("改")  # type: ignore[union-attr]


def test_findings_panel_lists_demo_problems_and_jumps_to_the_row(qtbot, demo_path, closing) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    window.validation.validate_all()
    panel = window.findings
    model = panel.model
    assert model.rowCount() > 0
    rows = [model.row_at(i) for i in range(model.rowCount())]
    texts = [model.index(i, 3).data() for i in range(model.rowCount())]
    assert any("比较符号不规范" in t or "不是百分比" in t for t in texts)
    errors_done = False
    for _project, finding in rows:  # sorted: every error before every warning
        error = finding.severity.value == "error"
        assert not (error and errors_done)
        errors_done = errors_done or not error
    # A finding on an indicator of a project that is not the current one.
    row = next(
        i for i, (p, f) in enumerate(rows) if f.location.indicator is not None and p is not window.current_project()
    )
    project, finding = rows[row]
    panel.table.scrollTo(model.index(row, 2))
    rect = panel.table.visualRect(model.index(row, 2))
    # Qt 6's test double-click needs the preceding click, as a real one has.
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_project() is project
    editor = window.indicators
    current = editor.view().currentIndex()
    assert editor.model().flat_index(current) == finding.location.indicator
    assert editor.model().indicator_at(current) == project.indicators[finding.location.indicator]


def test_findings_jump_to_a_header_field(qtbot, demo_path, closing) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    project = window.document.workbook.projects[5]
    project.name = None  # E01 once re-validated
    window.validation.validate_all()
    row = next(
        i
        for i in range(window.findings.model.rowCount())
        if window.findings.model.row_at(i)[1].rule == "E01"  # type: ignore[index]
    )
    window.findings.table.setCurrentIndex(window.findings.model.index(row, 0))
    qtbot.keyClick(window.findings.table, Qt.Key.Key_Return)
    assert window.current_project() is project
    assert QApplication.focusWidget() is field(window, "name").edit


def test_one_click_fix_is_one_undo_step(qtbot, demo_path, closing) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    window.validation.validate_all()
    model = window.findings.model
    row = next(i for i in range(model.rowCount()) if model.row_at(i)[1].fix is not None)  # type: ignore[index]
    project, finding = model.row_at(row)  # type: ignore[misc]
    index = finding.location.indicator
    before = project.indicators[index].value
    window.findings.table.selectRow(row)
    assert window.findings.fix_button.isEnabled()
    window.findings.fix_button.click()
    assert project.indicators[index].value != before
    assert window.menu_actions.undo is not None and window.menu_actions.undo.text().startswith("撤销 一键修复")
    window.menu_actions.undo.trigger()
    assert project.indicators[index].value == before


def test_marking_final_is_refused_while_errors_remain(qtbot, demo_path, monkeypatch, closing) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    project = window.current_project()
    assert project is not None
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    window.document.push(SetText(project, TextKey.ANNUAL_GOAL, None))
    window.menu_actions.mark_final.trigger()
    assert project.status is Status.DRAFT
    assert shown and "错误" in shown[0] and "E02" in shown[0]
    window.document.push(SetText(project, TextKey.ANNUAL_GOAL, "保障困难群众基本医疗"))
    window.validation.flush()
    if window.validation.errors_of(project):
        pytest.skip("demo project has other errors")
    window.menu_actions.mark_final.trigger()
    assert project.status is Status.FINAL
    assert window.menu_actions.mark_final.text() == "撤销定稿…"
    assert field(window, "name").edit.isReadOnly()


def test_workbook_locked_by_someone_else_opens_read_only(qtbot, demo_path, tmp_path, monkeypatch, closing) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from desktop.storage.lock import LockInfo, lock_path_for

    holder = LockInfo(user="张三", host="OTHER-PC", pid=4242, since=datetime.now().astimezone())
    lock_path_for(demo_path).write_text(holder.to_json(), encoding="utf-8")
    window = open_window(qtbot, demo_path)
    assert window.file_ops.read_only
    bar = window.read_only_bar
    assert bar.isVisible()
    assert "此工作簿正由 张三" in bar.label.text() and "另存为副本" in bar.label.text()
    assert not window.menu_actions.save.isEnabled() and not window.menu_actions.new_project.isEnabled()
    assert window.menu_actions.save_as.isEnabled()
    assert field(window, "name").edit.isReadOnly()
    assert "（只读）" in window.windowTitle()
    # The bar's button is the way out: a copy the clerk can edit.
    copy = tmp_path / "我的副本.jixiao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(copy), ""))
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    assert window.file_ops.path == copy and not window.file_ops.read_only
    assert not bar.isVisible() and not field(window, "name").edit.isReadOnly()
    assert "我的副本.jixiao" in window.windowTitle() and "（只读）" not in window.windowTitle()


def test_project_list_search_filters_by_name_and_code(qtbot, demo_path, closing) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    panel = window.project_list
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is panel.search
    qtbot.keyClicks(panel.search, "P00059510001F")  # a Hebei project code
    shown = panel.tree.model()  # what the list shows
    group = shown.index(0, 0)
    assert shown.rowCount() == 1 and shown.rowCount(group) == 1
    assert shown.index(0, 0, group).data() == "2024 年劳务派遣人员经费"
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert window.current_project() is not None and window.current_project().code == "13082224P00059510001F"
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is field(window, "code").edit


def test_duplicate_project_adds_a_draft_copy_after_it(qtbot, demo_path, closing) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    original = window.document.workbook.projects[0]
    window.menu_actions.duplicate.trigger()
    copy = window.document.workbook.projects[1]
    assert copy is not original and copy.id is None and copy.name == f"{original.name}（副本）"
    assert copy.indicators == original.indicators
    assert window.current_project() is copy


def test_undo_of_an_indicator_edit_in_a_project_not_on_screen_updates_its_counts(qtbot, demo_path, closing) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    window.validation.validate_all()
    first, second = window.document.workbook.projects[:2]
    counts = window.project_list.model
    before = counts.index_of(first, 1).data()
    model = window.indicators.model()
    assert model.project is first
    cell = model.index_for_flat(0, model.column_of("value") or 0)
    assert model.setData(cell, "", Qt.ItemDataRole.EditRole)  # an empty 指标值 is an error
    window.validation.flush()
    emptied = counts.index_of(first, 1).data()
    assert emptied != before
    window.project_list.select_project(second)
    assert window.current_project() is second
    qtbot.keyClick(window.project_list.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert first.indicators[0].value  # the value is back in the project that is not on screen
    window.validation.flush()
    assert counts.index_of(first, 1).data() == before  # and its problem count in the list follows
    assert window.current_project() is first  # the undo shows where it happened (tests/test_undo_shows_where.py)
    assert window.isWindowModified() is False  # back to what the file holds

"""What the clerk sees at 1366×768: room for the indicator tree, the form folded away on F9 and remembered, a
first screen that says what to do, the program's icon, fixes that say what they did, dialogs that fit the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.model import Status
from desktop.domain.operations import SetStatus
from desktop.ui.dialogs import new_project_dialog
from desktop.ui.dialogs.help_dialog import HelpDialog
from desktop.ui.dialogs.new_project_dialog import empty_project
from desktop.ui.dialogs.rules_dialog import RulesDialog, rules_html
from desktop.ui.main_window import MainWindow
from tests.test_main_window import closing, field, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")


def laptop_window(qtbot: QtBot, path: Path, *, create: bool = False) -> MainWindow:
    window = open_window(qtbot, path, create=create)
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.height() == 768)
    # The checks run after the window shows and the findings panel grows with what they find: the layout has
    # settled once they are done.
    qtbot.waitUntil(window.validation.is_complete, timeout=20_000)
    for _ in range(3):
        QApplication.processEvents()
    return window


def visible_tree_rows(window: MainWindow) -> float:
    view = window.indicators.view()
    return view.viewport().height() / view.sizeHintForRow(0)


def test_the_tree_gets_room_and_the_form_fits_without_scrolling(qtbot: QtBot, demo_path: Path) -> None:
    window = laptop_window(qtbot, demo_path)
    assert window.current_project() is not None and window.current_project().template == "ah-project"  # type: ignore[union-attr]
    assert window.form.verticalScrollBar().maximum() == 0  # the whole 安徽 form is visible
    assert visible_tree_rows(window) >= 7
    assert window.findings.height() <= 160  # the findings panel does not eat the tree's height


def test_f9_folds_the_form_the_tree_takes_the_height_and_it_is_remembered(qtbot: QtBot, demo_path: Path) -> None:
    window = laptop_window(qtbot, demo_path)
    project = window.current_project()
    assert project is not None
    before = visible_tree_rows(window)
    window.indicators.view().setFocus()
    qtbot.keyClick(window.indicators.view(), Qt.Key.Key_F9)
    QApplication.processEvents()
    assert not window.form.isVisible()
    summary = window.form_pane.summary.text()
    assert project.display_name() in summary and "2024 年度" in summary and "资金总额 18514 万元" in summary
    assert visible_tree_rows(window) >= before + 8
    assert window.menu_actions.fold_form.isChecked()
    window.close()

    again = laptop_window(qtbot, demo_path)
    assert again.form_pane.is_folded() and not again.form.isVisible()  # the clerk's choice is kept
    # Going to a field (Enter on the list, a finding, a new project) unfolds the form.
    again.project_list.tree.setFocus()
    qtbot.keyClick(again.project_list.tree, Qt.Key.Key_Return)
    assert again.form.isVisible() and not again.menu_actions.fold_form.isChecked()
    assert QApplication.focusWidget() is field(again, "name").edit


def folded_window(qtbot: QtBot, path: Path) -> tuple[MainWindow, QWidget]:
    """The demo at 1366×768 with the form folded by F9 and the keyboard in the project list."""
    window = laptop_window(qtbot, path)
    window.indicators.view().setFocus()
    qtbot.keyClick(window.indicators.view(), Qt.Key.Key_F9)
    tree = window.project_list.tree
    tree.setFocus()
    return window, tree


def test_a_folded_form_shows_the_project_then_current_when_it_unfolds(qtbot: QtBot, demo_path: Path) -> None:
    window, tree = folded_window(qtbot, demo_path)
    for _ in range(3):  # through the list with the form folded: no form is filled for the projects passed
        qtbot.keyClick(tree, Qt.Key.Key_Down)
        assert window.form.shown_page() is None
    project = window.current_project()
    assert project is not None
    window.document.push(SetStatus(project, Status.FINAL))  # changed while folded: the form shows it as it is now
    QApplication.processEvents()
    assert "已定稿" in window.form_pane.summary.text()
    window.indicators.view().setFocus()
    qtbot.keyClick(window.indicators.view(), Qt.Key.Key_F9)
    assert window.form.isVisible()
    assert field(window, "name").edit.text() == project.name
    assert field(window, "source").edit.isReadOnly()
    # Tab from the list goes into the form's fields, which exist only since the form unfolded.
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Tab)
    page = window.form.shown_page()
    assert page is not None and page.isAncestorOf(QApplication.focusWidget())


def test_enter_on_the_list_unfolds_a_folded_form_into_the_tab_order(qtbot: QtBot, demo_path: Path) -> None:
    window, tree = folded_window(qtbot, demo_path)
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # start typing in the first field: the form unfolds, filled
    name = field(window, "name").edit
    assert window.form.isVisible() and QApplication.focusWidget() is name
    project = window.current_project()
    assert project is not None and name.text() == project.name
    qtbot.keyClick(name, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is tree  # back to the list, as in a form that was never folded


def test_dragged_splitters_are_where_the_clerk_left_them(qtbot: QtBot, demo_path: Path) -> None:
    window = laptop_window(qtbot, demo_path)
    handle = window.right_splitter.handle(1)
    middle = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(handle, middle + QPoint(0, -60))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=middle + QPoint(0, -60))
    moved = window.right_splitter.sizes()
    assert not window.right_splitter.is_automatic()
    window.main_splitter.setSizes([380, window.main_splitter.sizes()[1] - 80])
    list_width = window.main_splitter.sizes()[0]
    window.close()
    again = laptop_window(qtbot, demo_path)
    assert again.right_splitter.sizes() == moved
    assert again.main_splitter.sizes()[0] == list_width


def test_an_empty_workbook_says_what_to_do_first(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = laptop_window(qtbot, tmp_path / "新工作簿.jixiao", create=True)
    assert window.right_stack.currentWidget() is window.empty_state
    assert "还没有项目" in window.empty_state.text.text()
    labels = [b.text() for b in window.empty_state.buttons]
    assert labels[0].startswith("新建项目") and labels[1].startswith("导入")
    monkeypatch.setattr(new_project_dialog, "ask_new_project", lambda *a, **k: empty_project("jx-project", 2025))
    qtbot.mouseClick(window.empty_state.buttons[0], Qt.MouseButton.LeftButton)
    assert window.right_stack.currentWidget() is window.right_splitter
    assert QApplication.focusWidget() is field(window, "name").edit
    window.menu_actions.undo.trigger()  # type: ignore[union-attr]
    assert window.right_stack.currentWidget() is window.empty_state


def test_the_program_icon_is_on_every_window(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    icon = QApplication.windowIcon()
    assert not icon.isNull() and not window.windowIcon().isNull()
    image = window.windowIcon().pixmap(32, 32).toImage()
    assert image.width() == 32 and image.pixelColor(16, 16).alpha() > 0


def test_fields_that_cannot_be_edited_look_it(qtbot: QtBot, demo_path: Path) -> None:
    window = laptop_window(qtbot, demo_path)
    edit = field(window, "source").edit

    def background() -> QColor:
        return edit.grab().toImage().pixelColor(edit.width() - 6, edit.height() // 2)

    editable = background()
    project = window.current_project()
    assert project is not None
    window.document.push(SetStatus(project, Status.FINAL))
    QApplication.processEvents()
    assert edit.isReadOnly()
    assert background() != editable
    assert "已定稿" in window.form_pane.summary.text()


def test_a_fix_says_what_it_did_and_the_next_finding_is_ready(qtbot: QtBot, demo_path: Path) -> None:
    window = laptop_window(qtbot, demo_path)
    window.validation.validate_all()
    panel = window.findings
    row = next(i for i in range(panel.model.rowCount()) if panel.model.row_at(i)[1].fix is not None)  # type: ignore[index]
    project, finding = panel.model.row_at(row)  # type: ignore[misc]
    panel.table.selectRow(row)
    qtbot.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)
    message = window.statusBar().currentMessage()
    assert message.startswith(f"已修复“{project.display_name()}”") and finding.fix.label in message
    assert "Ctrl+Z" in message
    assert panel.table.currentIndex().row() == row  # the finding that moved up into its place
    assert panel.model.row_at(row) is not None


def test_print_preview_fits_the_screen(qtbot: QtBot, demo_path: Path) -> None:
    from desktop.io.demo import demo_workbook
    from desktop.io.pdf.export import pdf_bytes
    from desktop.ui.dialogs.print_preview import PrintPreviewDialog

    window = open_window(qtbot, demo_path)
    workbook = demo_workbook()
    dialog = PrintPreviewDialog(window, workbook, pdf_bytes(workbook)[0], [])
    qtbot.addWidget(dialog)
    free = dialog.screen().availableGeometry()
    assert dialog.width() <= free.width() and dialog.height() <= free.height()


def test_f1_shows_the_help_page_once(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    window.indicators.view().setFocus()
    qtbot.keyClick(window.indicators.view(), Qt.Key.Key_F1)
    qtbot.keyClick(window.indicators.view(), Qt.Key.Key_F1)
    dialogs = window.findChildren(HelpDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    text = dialogs[0].text.toPlainText()
    # the season's workflow, the window's own keys, and the rule catalogue on one page
    assert "年度结转" in text and "Ctrl+Shift+N" in text and "新建工作簿" in text
    assert "E01 项目名称未填写" in text and "W09" in text
    assert not window.findChildren(RulesDialog)


def test_rules_menu_item_still_shows_the_rules(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    window.menu_actions.rules.trigger()
    dialogs = window.findChildren(RulesDialog)
    assert len(dialogs) == 1 and "E01 项目名称未填写" in dialogs[0].text.toPlainText()


def test_rules_page_marks_each_rule() -> None:
    page = rules_html("校验规则\n\n说明。\n\n错误（强制性）\nE01  项目名称未填写\n      须填写。\n      依据：完整性")
    assert "<h2>校验规则</h2>" in page and "<h3" in page
    assert "<b style='color: #b00020;'>E01</b> <b>项目名称未填写</b>" in page
    assert "color: #555;'>依据：完整性" in page


def test_unsaved_question_names_the_workbook(qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_path)
    window.form.focus_first_field()
    field(window, "name").edit.setText("改")
    field(window, "name").edit.textEdited.emit("改")
    asked: list[tuple[str, list[str]]] = []

    def exec_(box: QMessageBox) -> int:
        asked.append((box.text(), [b.text() for b in box.buttons()]))
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert not window.close()
    [(text, buttons)] = asked
    assert demo_path.name in text and sorted(buttons) == sorted(["保存", "不保存", "取消"])
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Discard)

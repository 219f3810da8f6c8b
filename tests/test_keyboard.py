"""The main window without a mouse: every menu command has its usual key, each key does one thing wherever the
cursor is, Tab walks the form in reading order into the indicator tree, and Esc closes every dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.ui import project_ops
from desktop.ui.department.publish import DepartmentPublisher
from desktop.ui.dialogs import new_project_dialog, print_preview, rules_dialog
from desktop.ui.dialogs.new_project_dialog import NewProjectDialog, empty_project
from desktop.ui.dialogs.options_dialog import OptionsDialog
from desktop.ui.dialogs.print_preview import PrintPreviewDialog
from desktop.ui.dialogs.rules_dialog import RulesDialog
from desktop.ui.main_window import MainWindow
from tests.test_main_window import closing, field, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")

# The keys clerks know from every other program, and the few this one adds (shown in the menus).
EXPECTED_KEYS = {
    "new_project": ["Ctrl+N"],
    "new_workbook": ["Ctrl+Shift+N"],
    "open": ["Ctrl+O"],
    "save": ["Ctrl+S"],
    "save_as": ["Ctrl+Shift+S"],
    "import_": ["Ctrl+I"],
    "export_pdf": ["Ctrl+E"],
    "export_xlsx": ["Ctrl+Shift+E"],
    "print_preview": ["Ctrl+Shift+P"],
    "print": ["Ctrl+P"],
    "department_preview": ["Ctrl+Alt+Shift+P"],
    "department_print": ["Ctrl+Alt+P"],
    "department_pdf": ["Ctrl+Alt+E"],
    "department_xlsx": ["Ctrl+Alt+Shift+E"],
    "quit": ["Ctrl+Q"],
    "duplicate": ["Ctrl+D"],
    "delete": ["Ctrl+Del"],
    "find": ["Ctrl+F"],
    "show_findings": ["Ctrl+F8"],
    "next_finding": ["F8"],
    "previous_finding": ["Shift+F8"],
    "fix_finding": ["Ctrl+."],
    "validate": ["F5"],
    "fold_form": ["F9"],
    "help": ["F1"],
    "undo": ["Ctrl+Z"],
    "redo": ["Ctrl+Y", "Ctrl+Shift+Z"],
}
# Menu commands used a few times a year; the menu (Alt+F, arrows) reaches them.
WITHOUT_KEYS = {
    "导出 JSON…",
    "选项…",
    "标记为定稿",
    "撤销定稿…",
    "与定稿版比较…",
    "年度结转…",
    "删除部门…",  # rare and destructive, as 年度结转: the 部门 menu (Alt+D) reaches it
    "校验规则",
    "关于",
    "最近打开",
    "全部修复此类问题",
}


def menu_actions(window: MainWindow) -> list[QAction]:
    out: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            out.append(action)
            if action.menu() is not None and action.text() != "最近打开":
                walk(action.menu())  # type: ignore[arg-type]

    for top in window.menuBar().actions():
        assert top.menu() is not None and "&" in top.text()  # Alt+F, Alt+E, Alt+V, Alt+H open the menus
        walk(top.menu())  # type: ignore[arg-type]
    return out


def test_every_menu_command_has_its_usual_key(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    actions = window.menu_actions
    for name, keys in EXPECTED_KEYS.items():
        action = getattr(actions, name)
        shown = [k.toString() for k in action.shortcuts()]
        assert shown == keys, f"{action.text()}: {shown}"
    for action in menu_actions(window):
        if action.text() not in WITHOUT_KEYS:
            assert not action.shortcut().isEmpty(), f"菜单项“{action.text()}”没有快捷键"


def test_no_two_commands_share_a_key(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            owners.setdefault(key.toString(), []).append(action.text())
    for shortcut in window.findChildren(QShortcut):
        owners.setdefault(shortcut.key().toString(), []).append(f"QShortcut {shortcut.objectName()}")
    shared = {key: names for key, names in owners.items() if len(names) > 1}
    assert not shared  # Qt calls these "ambiguous" and then does nothing at all when the key is pressed


@pytest.fixture
def quiet_window(qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """A window whose commands open nothing modal: dialogs answer "cancel", previews and printing are recorded."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    # The window imports its dialogs on first use, from their modules: patched there.
    monkeypatch.setattr(new_project_dialog, "ask_new_project", lambda *a, **k: None)
    for name in ("show_print_preview", "print_with_dialog", "export_pdf_with_dialog"):
        monkeypatch.setattr(print_preview, name, lambda *a: None)
    monkeypatch.setattr(rules_dialog, "show_rules", lambda parent: None)
    monkeypatch.setattr(project_ops.ProjectActions, "confirm_before_printing", lambda self, workbook, verb: workbook)
    for name in ("print_preview", "print_publication", "export_pdf", "export_xlsx"):  # 部门文件: recorded only
        monkeypatch.setattr(DepartmentPublisher, name, lambda self: None)
    return open_window(qtbot, demo_path)


@pytest.mark.parametrize("where", ["project list", "form field", "indicator tree"])
def test_each_key_triggers_its_command_once_wherever_the_cursor_is(
    qtbot: QtBot, quiet_window: MainWindow, where: str
) -> None:
    window = quiet_window
    # a project of a department the workbook holds: the 部门文件 keys (Ctrl+Alt+…) publish that department
    sixian = next(p for p in window.document.workbook.projects if p.name == "公务用车更新配备")
    window.project_list.select_project(sixian)
    targets: dict[str, QWidget] = {
        "project list": window.project_list.tree,
        "form field": field(window, "source").edit,
        "indicator tree": window.indicators.view(),
    }
    fired: list[str] = []
    skip = {"quit", "undo", "redo"} | ({"delete"} if where == "form field" else set())  # Ctrl+Del deletes a word
    for name in EXPECTED_KEYS:
        if name not in skip:
            getattr(window.menu_actions, name).triggered.connect(lambda *_a, n=name: fired.append(n))
    for name, keys in EXPECTED_KEYS.items():
        if name in skip:
            continue
        for key in keys:
            target = targets[where]
            target.setFocus()
            qtbot.keySequence(target, QKeySequence(key))
            assert fired == [name], f"{key} in the {where}: {fired}"
            fired.clear()
            if window.form_pane.is_folded():
                window.form_pane.set_folded(False)  # F9 folded the form: unfold for the next key
            if not window.findings.isVisible():
                window.findings.show()


def test_ctrl_q_closes_the_window(qtbot: QtBot, quiet_window: MainWindow) -> None:
    quiet_window.indicators.view().setFocus()
    qtbot.keyClick(quiet_window.indicators.view(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not quiet_window.isVisible()


def tab_walk(qtbot: QtBot, window: MainWindow, limit: int = 40) -> list[QWidget]:
    """Press Tab from the focused widget until the indicator tree has the focus; the widgets visited."""
    seen = [QApplication.focusWidget()]
    while seen[-1] is not window.indicators.view() and len(seen) < limit:
        qtbot.keyClick(seen[-1], Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


@pytest.mark.parametrize("layout_id", ["ah-project", "ah-midterm", "hb-project", "jx-project"])
def test_tab_walks_the_form_in_reading_order_into_the_tree(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout_id: str
) -> None:
    window = open_window(qtbot, tmp_path / "新.jixiao", create=True)
    monkeypatch.setattr(new_project_dialog, "ask_new_project", lambda *a, **k: empty_project(layout_id, 2025))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = window.form.page()
    assert page is not None
    # Positions are compared where the form has its height (the clerk's laptop screen), not squeezed flat.
    window.showNormal()
    window.resize(1366, 728)
    qtbot.waitUntil(lambda: page.height() >= page.minimumSizeHint().height())
    visited = tab_walk(qtbot, window)
    assert visited[-1] is window.indicators.view(), "Tab never reached the indicator tree"
    # The folded 部门预算公开信息 is the form's last stop (Enter opens it); test_publication_box walks its fields.
    assert visited[-2] is page.publication.header
    fields = visited[:-2]
    assert len(set(map(id, fields))) == len(fields)  # nothing visited twice
    assert page.year in fields  # the year beside the first row is not skipped
    # Reading order: a field further down the page never comes before one above it (same row: left to right).
    tops = [(w.mapTo(page, w.rect().topLeft()).y(), w.mapTo(page, w.rect().topLeft()).x()) for w in fields]
    rows = [y for y, _ in tops]
    for (y1, x1), (y2, x2) in zip(tops, tops[1:], strict=False):
        assert y2 > y1 - 12 or (abs(y2 - y1) <= 12 and x2 > x1), f"{tops}"
    assert rows == sorted(rows) or layout_id in ("hb-project", "ah-midterm")  # side-by-side blocks
    editable = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, QLineEdit | QPlainTextEdit | QAbstractSpinBox)
        and w.isVisibleTo(page)
        and not isinstance(w.parent(), QAbstractSpinBox)  # a spin box's own line edit
    ]
    assert {id(w) for w in editable} == {id(w) for w in fields}  # every field is reached by Tab
    # Shift+Tab from the tree comes back to the last field.
    qtbot.keyClick(window.indicators.view(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is page.publication.header


def test_escape_closes_every_dialog(qtbot: QtBot, demo_path: Path) -> None:
    from desktop.io.demo import demo_workbook
    from desktop.io.dispatch import read_import
    from desktop.io.pdf.export import pdf_bytes
    from desktop.ui.dialogs.import_dialog import ImportPreviewDialog

    window = open_window(qtbot, demo_path)
    workbook = demo_workbook()
    dialogs: list[Any] = [
        NewProjectDialog(window),
        OptionsDialog(window),
        RulesDialog(window),
        ImportPreviewDialog(read_import(Path("resources/demo/seeds/huoqiu-2024-project-forms.txt")), window),
        PrintPreviewDialog(window, workbook, pdf_bytes(workbook)[0], []),
    ]
    for dialog in dialogs:
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible(), type(dialog).__name__
        assert dialog.result() == QDialog.DialogCode.Rejected

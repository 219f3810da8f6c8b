"""年度结转 in the window: the dialog driven by keys, one undo step, the status line, the 上年指标值 column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QStatusBar
from pytestqt.qtbot import QtBot

from desktop.ui.dialogs.rollover_dialog import RolloverDialog
from desktop.ui.indicators.model import PRIOR_HEADER
from tests.test_main_window import closing, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")


def _answer_with(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, keys: Callable[[RolloverDialog], None]
) -> list[RolloverDialog]:
    """Let the modal dialog be answered by real key presses (`keys`), as a clerk would."""
    seen: list[RolloverDialog] = []

    def exec_(dialog: RolloverDialog) -> int:
        seen.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        keys(dialog)
        return QDialog.result(dialog)

    monkeypatch.setattr(RolloverDialog, "exec", exec_)
    return seen


def test_whole_year_rollover_by_keyboard_is_one_undo_step(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    workbook = window.document.workbook
    before = len(workbook.projects)
    of_2024 = [p for p in workbook.projects if p.year == 2024]
    assert of_2024 and not [p for p in workbook.projects if p.year == 2025 and p.name == of_2024[0].name]

    def keys(dialog: RolloverDialog) -> None:
        assert dialog.only_current.hasFocus()  # the current project is the default scope
        qtbot.keyClick(dialog.only_current, Qt.Key.Key_Down)  # arrows move among the scopes (selection disabled)
        assert dialog.whole_year.isChecked() and dialog.whole_year.hasFocus()
        dialog.year.setCurrentIndex(dialog.year.findData(2024))
        assert dialog.to_year.value() == 2025  # next year by default
        assert f"将新建 {len(of_2024)} 个项目" in dialog.preview.toPlainText()
        qtbot.keyClick(dialog.keep_funds, Qt.Key.Key_Space)  # clear the funds
        assert not dialog.keep_funds.isChecked() and "资金数额清空" in dialog.summary.text()
        dialog.grab().save("/tmp/rollover_dialog.png")
        qtbot.keyClick(dialog.to_year, Qt.Key.Key_Return)  # Enter: the default button 结转

    seen = _answer_with(monkeypatch, qtbot, keys)
    window.project_list.select_project(next(p for p in workbook.projects if p.year == 2024))
    window.menu_actions.rollover.trigger()
    assert seen
    made = workbook.projects[before:]
    assert len(workbook.projects) == before + len(of_2024) == before + len(made)
    assert all(p.funds.total is None for p in made)
    assert all(new.year == 2025 and "2025" in (new.name or "") for new in made if "2024" in (new.name or ""))
    for new, old in zip(made, of_2024, strict=True):
        assert [i.prior_value for i in new.indicators] == [i.value for i in old.indicators]
    status = window.findChild(QStatusBar)
    assert status is not None and f"已结转到 2025 年：{len(of_2024)} 个项目" in status.currentMessage()
    # the new project is shown, with last year's value beside this year's, read only
    shown = window.current_project()
    assert shown is made[0]
    model = window.indicators.view().model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert PRIOR_HEADER in headers
    assert window.menu_actions.undo is not None and "年度结转到 2025 年" in window.menu_actions.undo.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(workbook.projects) == before  # one step takes them all back


def test_second_rollover_makes_nothing_and_says_so(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    workbook = window.document.workbook
    project = next(p for p in workbook.projects if p.year == 2024)
    window.project_list.select_project(project)
    seen = _answer_with(monkeypatch, qtbot, lambda d: qtbot.keyClick(d.only_current, Qt.Key.Key_Return))
    window.menu_actions.rollover.trigger()
    count = len(workbook.projects)

    def again(dialog: RolloverDialog) -> None:
        assert not dialog.ok.isEnabled() and "都已有" in dialog.summary.text()
        assert "不重复结转" in dialog.preview.toPlainText()
        qtbot.keyClick(dialog.only_current, Qt.Key.Key_Escape)

    window.project_list.select_project(project)
    _answer_with(monkeypatch, qtbot, again)
    window.menu_actions.rollover.trigger()
    assert len(seen) == 1 and len(workbook.projects) == count


def test_prior_column_is_read_only_and_tab_skips_it(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    workbook = window.document.workbook
    window.project_list.select_project(next(p for p in workbook.projects if p.year == 2024))
    _answer_with(monkeypatch, qtbot, lambda d: qtbot.keyClick(d.only_current, Qt.Key.Key_Return))
    window.menu_actions.rollover.trigger()
    view = window.indicators.view()
    model = view.model()
    fields = list(model.fields())  # type: ignore[attr-defined]
    prior, value = fields.index("prior_value"), fields.index("value")
    assert prior == value + 1
    first = model.index_for_flat(0)  # type: ignore[attr-defined]
    rows = model.rows_in_order()  # type: ignore[attr-defined]
    leaf = next(r for r in rows if model.is_leaf(r))  # type: ignore[attr-defined]
    cell = leaf.siblingAtColumn(prior)
    assert not (model.flags(cell) & Qt.ItemFlag.ItemIsEditable)
    assert not model.setData(cell, "改过")
    assert first is not None
    view.setFocus()
    view.setCurrentIndex(leaf.siblingAtColumn(value))
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    view.setCurrentIndex(leaf.siblingAtColumn(value))
    target = view.moveCursor(view.CursorAction.MoveNext, Qt.KeyboardModifier.NoModifier)
    assert target.column() != prior

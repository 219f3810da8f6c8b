"""The test-suite's own safety net: an unanswered modal dialog fails the test at once instead of hanging the run."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from tests.qt_guards import UnansweredDialog


def test_an_unpatched_message_box_raises_and_names_itself(qtbot: QtBot, no_unanswered_dialogs: list[str]) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    with pytest.raises(UnansweredDialog, match="无法打开工作簿"):
        QMessageBox.warning(parent, "无法打开工作簿", "文件已损坏")
    with pytest.raises(UnansweredDialog, match="QFileDialog.getOpenFileName"):
        QFileDialog.getOpenFileName(parent, "打开工作簿")
    with pytest.raises(UnansweredDialog, match="保存修改"):
        QMessageBox(QMessageBox.Icon.Question, "保存修改", "是否保存？").exec()
    assert len(no_unanswered_dialogs) == 3
    no_unanswered_dialogs.clear()  # recorded ones would fail this test at teardown, as they should elsewhere


def test_a_patch_made_by_the_test_wins(monkeypatch: pytest.MonkeyPatch, no_unanswered_dialogs: list[str]) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    assert QMessageBox.question(None, "删除项目", "确定删除吗？") == QMessageBox.StandardButton.Yes
    assert no_unanswered_dialogs == []


def test_a_popup_opened_from_cpp_is_closed_by_the_watchdog(qtbot: QtBot, no_unanswered_dialogs: list[str]) -> None:
    # QToolButton::showMenu runs QMenu::exec in C++, where no Python patch can reach.
    button = QToolButton()
    qtbot.addWidget(button)
    menu = QMenu(button)
    menu.addAction(QAction("质量指标", menu))
    button.setMenu(menu)
    button.show()
    button.showMenu()  # returns only because the watchdog closed the menu
    assert no_unanswered_dialogs and "QMenu" in no_unanswered_dialogs[0]
    no_unanswered_dialogs.clear()

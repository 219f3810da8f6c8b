"""Issue 17, item 7 in the window: another computer's lock in the read-only bar with its age and 取得编辑权."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.storage.lock import LockInfo, lock_path_for
from desktop.storage.workbook_file import WorkbookFile
from tests.test_main_window import open_window

ASKED: list[str] = []


def _answer(button: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
    def exec_(box: QMessageBox) -> QMessageBox.StandardButton:
        ASKED.append(box.text())
        return button

    return exec_


@pytest.fixture
def crashed_colleague(demo_path: Path) -> LockInfo:
    since = datetime.now().astimezone() - timedelta(hours=5, minutes=3)
    holder = LockInfo(user="李四", host="PC-财务科-02", pid=4242, since=since)
    lock_path_for(demo_path).write_text(holder.to_json(), encoding="utf-8")
    return holder


def test_the_bar_shows_age_and_take_over_asks_then_takes(  # type: ignore[no-untyped-def]
    qtbot, demo_path: Path, crashed_colleague: LockInfo, jixiao_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ASKED.clear()
    window = open_window(qtbot, demo_path)
    bar = window.read_only_bar
    assert bar.isVisible() and window.file_ops.read_only
    assert "李四（电脑 PC-财务科-02" in bar.label.text() and "已 5 小时 3 分钟" in bar.label.text()
    assert "取得编辑权" in bar.label.text()
    assert bar.take_over_button.isVisible() and bar.take_over_button.text() == "取得编辑权…"
    window.grab().save("/tmp/jixiao-take-over-bar.png")

    # Cancel first: nothing changes.
    monkeypatch.setattr(QMessageBox, "exec", _answer(QMessageBox.StandardButton.Cancel))
    qtbot.mouseClick(bar.take_over_button, Qt.MouseButton.LeftButton)
    assert window.file_ops.read_only and "风险" in ASKED[-1] and "记入日志" in ASKED[-1]
    assert json.loads(lock_path_for(demo_path).read_text(encoding="utf-8"))["user"] == "李四"

    monkeypatch.setattr(QMessageBox, "exec", _answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(bar.take_over_button, Qt.MouseButton.LeftButton)
    assert not window.file_ops.read_only and not bar.isVisible()
    assert "已取得编辑权" in window.statusBar().currentMessage()
    [log] = jixiao_home.rglob("jixiao-editing.log")  # the program's log folder under JIXIAO_HOME
    line = log.read_text(encoding="utf-8")
    assert "取得了" in line and str(demo_path) in line and "原由 李四（电脑 PC-财务科-02" in line

    # Editing and Ctrl+S now work here.
    project = window.current_project()
    assert project is not None
    project.name = "接手后修改"
    window.document.undo_stack.resetClean()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    window.close()
    with WorkbookFile.open(demo_path, read_only=True) as wb_file:
        assert "接手后修改" in [p.name for p in wb_file.load().projects]
    assert not lock_path_for(demo_path).exists()


def test_a_lock_of_this_computer_offers_no_take_over(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    with WorkbookFile.open(demo_path):  # held by a live program here: waiting is the right answer
        window = open_window(qtbot, demo_path)
        assert window.read_only_bar.isVisible() and not window.read_only_bar.take_over_button.isVisible()
        window.close()

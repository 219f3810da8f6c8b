"""新建工作簿 (Ctrl+Shift+N): asks where, creates and opens an empty workbook with its lock; never overwrites."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.storage.lock import lock_path_for
from desktop.storage.workbook_file import WorkbookFile
from tests.test_main_window import closing, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_ctrl_shift_n_creates_and_opens_an_empty_workbook(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    assert window.document.workbook.projects
    target = tmp_path / "2025年项目"  # the clerk types no suffix
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    made = target.with_name("2025年项目.jixiao")
    assert made.exists() and window.file_ops.path == made
    assert window.document.workbook.projects == [] and not window.document.is_modified()
    assert "2025年项目.jixiao" in window.windowTitle()
    assert window.right_stack.currentWidget() is window.empty_state  # 新建项目 / 导入 offered
    assert lock_path_for(made).exists() and not lock_path_for(demo_path).exists()  # the lock moved with it
    window.close_quietly()
    reopened = WorkbookFile.open(made)
    assert reopened.load().projects == []
    reopened.close()


def test_new_workbook_never_overwrites_an_existing_file(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    count = len(window.document.workbook.projects)
    before = demo_path.read_bytes()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(demo_path), ""))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: told.append(text))
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    assert told and "已经存在" in told[0] and "打开工作簿" in told[0]
    assert demo_path.read_bytes() == before and window.file_ops.path == demo_path
    assert len(window.document.workbook.projects) == count


def test_new_workbook_asks_to_save_changes_first(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    project = window.current_project()
    assert project is not None
    from desktop.domain.operations import SetText
    from desktop.domain.parts import TextKey

    window.document.push(SetText(project, TextKey.NAME, "改过的名称"))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Cancel)
    asked: list[int] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(1) or ("", ""))
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    assert not asked and window.file_ops.path == demo_path and project.name == "改过的名称"  # 取消: nothing lost

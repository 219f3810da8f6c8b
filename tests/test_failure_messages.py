"""Every way a clerk's action can fail ends in a Chinese sentence saying what to do, never a traceback or the
operating system's English, and the workbook on screen stays as it was."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.io import dispatch
from desktop.os_errors import os_error_reason
from desktop.ui import project_ops
from desktop.ui.main_window import MainWindow
from tests.test_main_window import closing, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")


class Shown:
    """Records what QMessageBox.warning / critical / information showed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.messages: list[tuple[str, str, str]] = []
        for kind in ("warning", "critical", "information"):
            monkeypatch.setattr(QMessageBox, kind, self._record(kind))

    def _record(self, kind: str):  # type: ignore[no-untyped-def]
        def show(_parent, title, text, *_args):  # type: ignore[no-untyped-def]
            self.messages.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        return show

    def only(self) -> tuple[str, str, str]:
        assert len(self.messages) == 1, self.messages
        return self.messages[0]


PRODUCT_WORDS = ("Excel", "WPS", "Word", "PDF", "JSON", "Ctrl", ".jixiao", ".xlsx", ".txt", ".json")


def plain_chinese(text: str, *paths: Path) -> bool:
    """No traceback, no English words from the system (file names, paths and program names aside)."""
    for path in paths:
        text = text.replace(str(path), "").replace(path.name, "")
    for word in PRODUCT_WORDS:
        text = text.replace(word, "")
    return "Traceback" not in text and not re.search(r"[A-Za-z]{3,}", text)


def answer_which_projects(monkeypatch: pytest.MonkeyPatch, choice: str) -> None:
    """The “要导出哪些项目？” question answered with the button starting with `choice` (other boxes: 不保存)."""

    def exec_(box: QMessageBox) -> int:
        for button in box.buttons():
            if button.text().startswith(choice):
                button.click()
                return 0
        return int(QMessageBox.StandardButton.Discard)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    # The demo's damaged values (霍邱's “$\\leq$”) are listed before an export: these tests export them as they are.
    monkeypatch.setattr(project_ops.ProjectActions, "confirm_before_printing", lambda self, workbook, verb: workbook)


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def unchanged(window: MainWindow, demo_path: Path) -> bool:
    return window.file_ops.path == demo_path and len(window.document.workbook.projects) == 24


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("损坏.jixiao", b"SQLite format 3\x00" + b"\x00" * 200, "损坏"),
        ("记事.jixiao", "这是一份记事本文件".encode(), "不是"),
    ],
)
def test_opening_a_damaged_workbook_from_the_menu(
    qtbot: QtBot,
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: bytes,
    expected: str,
) -> None:
    window = open_window(qtbot, demo_path)
    bad = tmp_path / name
    bad.write_bytes(content)
    choose_file(monkeypatch, bad)
    shown = Shown(monkeypatch)
    window.menu_actions.open.trigger()
    kind, title, text = shown.only()
    assert title == "无法打开工作簿" and expected in text and plain_chinese(text, bad)
    assert unchanged(window, demo_path)  # the workbook that was open stays open
    assert bad.read_bytes() == content  # and the damaged file is not touched


def test_excel_export_into_a_folder_that_is_gone(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    target = tmp_path / "U盘" / "报送.xlsx"
    choose_file(monkeypatch, target)
    answer_which_projects(monkeypatch, "全部")
    shown = Shown(monkeypatch)
    window.menu_actions.export_xlsx.trigger()
    kind, title, text = shown.only()
    assert title == "导出 Excel 失败"
    assert "不存在" in text and "重新选择保存位置" in text and plain_chinese(text, target.parent)
    assert not target.parent.exists()


def test_json_export_refused_by_the_disk(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    target = tmp_path / "交换.json"
    choose_file(monkeypatch, target)

    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(dispatch, "write_json", refuse)  # the window writes through the one export dispatch
    answer_which_projects(monkeypatch, "全部")
    shown = Shown(monkeypatch)
    window.menu_actions.export_json.trigger()
    kind, title, text = shown.only()
    assert kind == "critical" and title == "导出 JSON 失败"
    assert "没有写入权限" in text and plain_chinese(text, target)


@pytest.mark.parametrize(("choice", "count"), [("全部", 24), ("当前项目", 1)])
def test_json_export_asks_which_projects_and_writes_them(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, choice: str, count: int
) -> None:
    window = open_window(qtbot, demo_path)
    target = tmp_path / "交换"
    choose_file(monkeypatch, target)
    answer_which_projects(monkeypatch, choice)
    window.menu_actions.export_json.trigger()
    data = json.loads(target.with_suffix(".json").read_text(encoding="utf-8"))
    assert data["format"] == "jixiao-workbook" and len(data["projects"]) == count
    assert f"已导出 {count} 个项目" in window.statusBar().currentMessage()


def test_export_cancelled_at_the_question_writes_nothing(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("asked for a file after 取消"))
    answer_which_projects(monkeypatch, "取消")
    window.menu_actions.export_xlsx.trigger()
    assert list(tmp_path.glob("*.xlsx")) == []


def test_several_selected_projects_are_exported_without_asking(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QItemSelectionModel

    window = open_window(qtbot, demo_path)
    target = tmp_path / "两个.json"
    choose_file(monkeypatch, target)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"asked: {box.text()}"))
    tree = window.project_list.tree
    panel = window.project_list  # the year's departments come first: the second project's row by the project
    second = panel.shown_index_of(window.document.workbook.projects[1])
    tree.selectionModel().select(
        second, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    )
    window.menu_actions.export_json.trigger()
    assert len(json.loads(target.read_text(encoding="utf-8"))["projects"]) == 2
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Discard)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [("乱码.txt", bytes(range(256)) * 8, "不是文本文件"), ("表格.xlsx", b"PK\x03\x04garbage", "已损坏")],
)
def test_importing_garbage_from_the_menu(
    qtbot: QtBot,
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: bytes,
    expected: str,
) -> None:
    window = open_window(qtbot, demo_path)
    garbage = tmp_path / name
    garbage.write_bytes(content)
    choose_file(monkeypatch, garbage)
    shown = Shown(monkeypatch)
    window.menu_actions.import_.trigger()
    kind, title, text = shown.only()
    assert title == "无法导入" and expected in text and plain_chinese(text, garbage)
    assert unchanged(window, demo_path) and not window.document.is_modified()


def test_save_as_into_a_folder_that_is_gone(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    target = tmp_path / "不存在" / "副本.jixiao"
    choose_file(monkeypatch, target)
    shown = Shown(monkeypatch)
    window.menu_actions.save_as.trigger()
    kind, title, text = shown.only()
    assert title == "另存为失败" and "不存在" in text and plain_chinese(text, target.parent)
    assert unchanged(window, demo_path)


def test_os_errors_are_told_in_chinese() -> None:
    import errno

    for code in (errno.ENOSPC, errno.EACCES, errno.EROFS, errno.ENOENT, errno.EIO):
        text = os_error_reason(OSError(code, "English system text"))
        assert plain_chinese(text) and "English" not in text


def test_an_unexpected_error_is_logged_and_told_in_chinese(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch, jixiao_home: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.app import install_excepthook

    window = open_window(qtbot, demo_path)
    monkeypatch.setattr(QApplication.instance(), "main_window", window, raising=False)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put pytest's hook back afterwards
    install_excepthook()
    shown = Shown(monkeypatch)
    try:
        raise KeyError("程序错误")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    kind, title, text = shown.only()
    assert kind == "critical" and title == "程序内部错误"
    assert "您的修改仍在程序中" in text and "Ctrl+S" in text and "Traceback" not in text
    logs = list(jixiao_home.rglob("jixiao-errors.log"))
    assert logs and "KeyError" in logs[0].read_text(encoding="utf-8")

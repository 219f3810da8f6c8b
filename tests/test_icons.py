"""The toolbar, the menus and the findings show the program's own icons (Tango, public domain), crisp at each size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from desktop.domain.rules import Severity
from desktop.resources import resource_path
from desktop.ui.icons import SIZES, icon
from tests.test_main_window import closing, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")


def test_every_toolbar_button_with_an_icon_draws_one_at_each_size(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None
    buttons = [b for b in toolbar.findChildren(QToolButton) if b.defaultAction() is not None and b.isVisible()]
    with_icons = [b.defaultAction().text() for b in buttons if not b.defaultAction().icon().isNull()]
    assert {"新建项目…", "保存", "导出 PDF…", "打印预览…", "校验结果面板"} <= set(with_icons)
    assert any(text.startswith("撤销") for text in with_icons) and any(text.startswith("重做") for text in with_icons)
    for button in buttons:
        shown = button.defaultAction().icon()
        if not shown.isNull():
            for size in SIZES:  # a file of its own at every size: nothing scaled up into a blur
                assert shown.actualSize(QSize(size, size)) == QSize(size, size)
                assert not shown.pixmap(size, size).isNull()


def test_each_icon_file_is_there_at_every_size() -> None:
    folder = Path(resource_path("icons", "tango"))
    names = {p.stem for p in (folder / "16").glob("*.png")}
    assert names >= {"document-new", "document-save", "edit-undo", "edit-redo", "dialog-warning", "dialog-error"}
    for size in SIZES:
        assert {p.stem for p in (folder / str(size)).glob("*.png")} == names
    assert (folder / "COPYING.txt").read_text(encoding="utf-8").count("public domain") >= 1


def test_each_finding_shows_the_icon_of_its_severity(qtbot: QtBot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    qtbot.waitUntil(window.validation.is_complete, timeout=20_000)
    model = window.findings.model
    shown = {}
    for row in range(model.rowCount()):
        entry = model.row_at(row)
        assert entry is not None
        decoration = model.index(row, 0).data(Qt.ItemDataRole.DecorationRole)
        shown[entry[1].severity] = decoration.pixmap(16, 16).toImage()
    assert shown[Severity.WARNING] == icon("dialog-warning").pixmap(16, 16).toImage()
    assert icon("dialog-error").pixmap(16, 16).toImage() != shown[Severity.WARNING]  # an error would look different

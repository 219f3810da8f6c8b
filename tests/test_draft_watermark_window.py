"""The window asks before exporting or printing a set that holds drafts with errors, and keeps the clerk's answer:
Enter / Alt+W marks exactly those projects' pages 草稿, Alt+E goes on without, Esc stops before anything is written.
Excel export ends like PDF export, with 打开所在文件夹."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pypdf
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from desktop.io.demo import demo_workbook
from desktop.storage.workbook_file import WorkbookFile
from desktop.ui import project_ops
from desktop.ui.dialogs import print_preview
from desktop.ui.main_window import MainWindow
from tests.test_main_window import open_window

BROKEN = (1, 3)  # the demo projects whose 年度目标 is emptied (error E02)


@pytest.fixture
def broken_demo(tmp_path: Path) -> Path:
    workbook = demo_workbook()
    for i in BROKEN:
        workbook.projects[i].annual_goal = ""
    path = tmp_path / "broken.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(workbook)
    return path


def show_for_keys(box: QMessageBox) -> None:
    """Shown as exec would show it, but not modal: exec is what the test replaces, and the guard's watchdog closes
    any modal window left open (tests/qt_guards.py)."""
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.show()


class Boxes:
    """Answers the window's message boxes as a clerk would, by keys, and records what they said."""

    def __init__(self, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, drafts_key: str | None) -> None:
        self.qtbot = qtbot
        self.drafts_key = drafts_key  # what is pressed in the drafts question ("Return", "Alt+W", "Alt+E", "Esc")
        self.seen: list[tuple[str, str]] = []
        self.done_action: Callable[[QMessageBox], None] = lambda box: self._press(box, "Return")
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self.answer(box))
        # The demo's damaged values are listed before an export (test_print_checks): exported as they are here.
        monkeypatch.setattr(
            project_ops.ProjectActions, "confirm_before_printing", lambda self, workbook, verb: workbook
        )

    def answer(self, box: QMessageBox) -> int:
        self.seen.append((box.windowTitle(), box.text() + "\n" + box.informativeText()))
        if box.text().startswith("要") and box.text().endswith("哪些项目？"):
            every = next(b for b in box.buttons() if b.text().startswith("全部"))
            every.click()
            return 0
        if box.windowTitle().endswith("前请注意"):
            assert self.drafts_key is not None, "the drafts question came unexpectedly"
            self._press(box, self.drafts_key)
            return 0
        if box.windowTitle() == "导出完成":
            self.done_action(box)
            return 0
        return int(QMessageBox.StandardButton.Discard)  # closing at the end of the test: 不保存

    def _press(self, box: QMessageBox, keys: str) -> None:
        show_for_keys(box)
        box.activateWindow()
        self.qtbot.waitUntil(box.isActiveWindow)
        self.qtbot.keySequence(QApplication.focusWidget() or box, QKeySequence(keys))
        self.qtbot.waitUntil(lambda: not box.isVisible())

    def titles(self) -> list[str]:
        return [title for title, _ in self.seen]

    def text_of(self, title_end: str) -> str:
        return next(text for title, text in self.seen if title.endswith(title_end))


def _save_to(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    asked: list[str] = []

    def choose(parent, title, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(title)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    return asked


def _marked_pages(path: Path) -> list[int]:
    return [i for i, page in enumerate(pypdf.PdfReader(path).pages) if "草稿" in page.extract_text()]


def _ctrl_e(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.project_list.tree.setFocus()
    qtbot.keySequence(window.project_list.tree, QKeySequence("Ctrl+E"))


@pytest.mark.parametrize("key", ["Return", "Alt+W"])
def test_pdf_export_names_the_drafts_and_marks_exactly_their_pages(
    qtbot: QtBot, broken_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    window = open_window(qtbot, broken_demo)
    names = [p.display_name() for p in window.document.workbook.projects]
    boxes = Boxes(qtbot, monkeypatch, key)
    target = tmp_path / "全部.pdf"
    _save_to(monkeypatch, target)
    _ctrl_e(qtbot, window)
    assert boxes.titles() == ["导出 PDF", "导出 PDF前请注意", "导出完成"]
    question = boxes.text_of("前请注意")
    assert "24 个项目中，有 2 个草稿项目还有错误" in question
    assert all(names[i] in question for i in BROKEN) and names[0] not in question
    # Cover and 公开清单 first, then one page per form: the 2nd and 4th forms are pages 3 and 5 (0-based).
    pages = pypdf.PdfReader(target).pages
    assert len(pages) == 26 and _marked_pages(target) == [3, 5]
    assert names[1] in pages[3].extract_text() and names[3] in pages[5].extract_text()


def test_alt_e_exports_without_the_mark_and_escape_writes_nothing(
    qtbot: QtBot, broken_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, broken_demo)
    boxes = Boxes(qtbot, monkeypatch, "Esc")
    target = tmp_path / "全部.pdf"
    asked = _save_to(monkeypatch, target)
    _ctrl_e(qtbot, window)
    assert boxes.titles() == ["导出 PDF", "导出 PDF前请注意"] and asked == [] and not target.exists()

    boxes.drafts_key = "Alt+E"
    _ctrl_e(qtbot, window)
    assert asked == ["导出 PDF"] and target.exists() and _marked_pages(target) == []
    assert boxes.titles()[-1] == "导出完成"


def test_a_set_without_drafts_in_error_is_exported_without_the_question(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    boxes = Boxes(qtbot, monkeypatch, None)
    target = tmp_path / "全部.pdf"
    _save_to(monkeypatch, target)
    _ctrl_e(qtbot, window)
    assert boxes.titles() == ["导出 PDF", "导出完成"] and _marked_pages(target) == []


def test_printing_asks_too_and_prints_the_marked_pages(
    qtbot: QtBot, broken_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, broken_demo)
    Boxes(qtbot, monkeypatch, "Return")
    printed: list[list[str]] = []

    def fake_print(parent, workbook, watermark=()):  # type: ignore[no-untyped-def]
        printed.append([p.display_name() for p in watermark])

    monkeypatch.setattr(print_preview, "print_with_dialog", fake_print)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.project_list.tree.setFocus()
    qtbot.keySequence(window.project_list.tree, QKeySequence(QKeySequence.StandardKey.Print))
    names = [p.display_name() for p in window.document.workbook.projects]
    assert printed == [[names[i] for i in BROKEN]]


def test_excel_export_marks_the_drafts_sheets_and_ends_with_open_folder(
    qtbot: QtBot, broken_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, broken_demo)
    boxes = Boxes(qtbot, monkeypatch, "Return")
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)

    def open_folder_by_keys(box: QMessageBox) -> None:
        show_for_keys(box)
        box.activateWindow()
        qtbot.waitUntil(box.isActiveWindow)
        button = next(b for b in box.findChildren(QPushButton) if b.text() == "打开所在文件夹")
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: not box.isVisible())

    boxes.done_action = open_folder_by_keys
    target = tmp_path / "报送" / "全部.xlsx"
    target.parent.mkdir()
    _save_to(monkeypatch, target)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.project_list.tree.setFocus()
    qtbot.keySequence(window.project_list.tree, QKeySequence("Ctrl+Shift+E"))
    assert boxes.titles() == ["导出 Excel", "导出 Excel前请注意", "导出完成"]
    assert "页眉" in boxes.text_of("前请注意")
    done = boxes.text_of("导出完成")
    assert "已导出 24 个项目" in done and str(target) in done and "2 个草稿项目" in done
    assert [url.toLocalFile() for url in opened] == [str(target.parent)]
    sheets = [ws for ws in openpyxl.load_workbook(target).worksheets if ws.sheet_state == "visible"][1:25]
    assert [i for i, ws in enumerate(sheets) if ws.oddHeader.center.text == "草稿"] == list(BROKEN)


def test_the_preview_asks_too_and_its_export_keeps_the_mark(
    qtbot: QtBot, broken_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, broken_demo)
    broken = window.document.workbook.projects[BROKEN[0]]
    window.project_list.select_project(broken)
    boxes = Boxes(qtbot, monkeypatch, "Return")
    target = tmp_path / "预览.pdf"
    _save_to(monkeypatch, target)
    previews: list[int] = []

    def preview_then_export(dialog: print_preview.PrintPreviewDialog) -> int:
        previews.append(dialog.page_count())
        dialog.show()
        dialog.export_button.setFocus()
        qtbot.keyClick(dialog.export_button, Qt.Key.Key_Space)  # 导出 PDF… from the preview
        return 0

    monkeypatch.setattr(print_preview.PrintPreviewDialog, "exec", preview_then_export)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.project_list.tree.setFocus()
    qtbot.keySequence(window.project_list.tree, QKeySequence("Ctrl+Shift+P"))
    assert boxes.titles() == ["打印预览前请注意", "导出完成"]
    assert "有 1 个草稿项目还有错误" in boxes.text_of("前请注意") and broken.display_name() in boxes.text_of("前请注意")
    assert previews == [1] and _marked_pages(target) == [0]  # the one form, marked as the preview showed it
    assert "1 个草稿项目的页面印有“草稿”水印" in boxes.text_of("导出完成")

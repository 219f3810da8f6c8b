"""部门文件 from the window: the demo's 泗县 publication exported to PDF (every table title, the growth sentence and
the glossary in its text) and to xlsx (one sheet per table), previewed and printed, each reached by its keys; the
department's errors asked about first; a folder that is gone said in Chinese."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.operations import SetText
from desktop.domain.parts import TextKey
from desktop.templates.documents import get_document_layout
from desktop.ui.app import create_application
from desktop.ui.department import publish
from desktop.ui.dialogs import export_done, print_preview
from desktop.ui.dialogs.print_check import PrintCheckDialog, PrintChoice
from desktop.ui.dialogs.print_preview import PrintPreviewDialog
from desktop.ui.main_window import MainWindow
from tests.test_print_preview import fake_print_dialog

SIXIAN = "泗县医疗保障局"
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
CTRL_ALT_SHIFT = CTRL_ALT | Qt.KeyboardModifier.ShiftModifier


class Told:
    """Records the message boxes of a test and answers them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> None:
        self.questions: list[str] = []
        self.boxes: list[tuple[str, list[str]]] = []
        self.warnings: list[str] = []
        self.answer = answer
        monkeypatch.setattr(QMessageBox, "question", self._question)
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))
        for name in ("warning", "critical", "information"):
            monkeypatch.setattr(QMessageBox, name, self._warning)
        self.checks: list[str] = []

        def check_exec(dialog: PrintCheckDialog) -> int:
            self.checks.append(dialog.windowTitle())
            dialog.choice = PrintChoice.AS_IS
            return int(QDialog.DialogCode.Accepted)

        monkeypatch.setattr(PrintCheckDialog, "exec", check_exec)

    def _question(self, _parent: QWidget | None, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        self.questions.append(text)
        return self.answer

    def _exec(self, box: QMessageBox) -> int:
        self.boxes.append((box.text(), [b.text() for b in box.buttons()]))
        mark = next((b for b in box.buttons() if b.text().startswith("加“草稿”水印后")), None)
        if mark is not None:  # drafts with errors among the forms: their pages marked 草稿
            mark.click()
        return int(QMessageBox.StandardButton.Discard)  # also what closing the window at the end asks

    def _warning(self, _parent: QWidget | None, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        self.warnings.append(text)
        return QMessageBox.StandardButton.Ok


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> MainWindow:
    create_application()
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    assert main.file_ops.open(demo_path, ask_recovery=False)
    return main


def _show_department_of(window: MainWindow, name: str) -> None:
    """Show a project of the department `name` (the department actions publish the current project's department)."""
    project = next(p for p in window.document.workbook.projects if p.department.name == name and p.year == 2024)
    window.project_list.select_project(project)
    assert window.current_project() is project


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def _save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    suggested: list[str] = []

    def save(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        suggested.append(start)
        return str(path), ""

    monkeypatch.setattr(publish.QFileDialog, "getSaveFileName", save)
    return suggested


def test_export_the_sixian_publication_to_pdf_from_the_window(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    told = Told(monkeypatch, QMessageBox.StandardButton.Yes)
    suggested = _save_to(monkeypatch, tmp_path / "泗县")
    _show_department_of(window, SIXIAN)
    assert window.menu_actions.department_pdf.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL_ALT)

    path = tmp_path / "泗县.pdf"
    assert path.exists(), told.warnings
    assert suggested[0].endswith("泗县医疗保障局2024年部门预算公开.pdf")
    assert told.questions == []  # the demo's department has warnings, no error: nothing to ask
    text = _flat("".join(page.extract_text() or "" for page in PdfReader(path).pages))
    for spec in get_document_layout("ah-department-budget").tables:
        assert spec.heading(SIXIAN, 2024) in text
    assert "比2023年预算增加1653.67万元，增长143.56%" in text
    assert "第四部分名词解释" in text and "一、财政拨款收入：指部门或单位从同级财政部门取得的财政预算资金。" in text
    [(message, buttons)] = [box for box in told.boxes if "已导出" in box[0]]
    assert str(path) in message and "页" in message and "打开所在文件夹" in buttons


def test_export_the_tables_to_xlsx_one_sheet_per_table(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    told = Told(monkeypatch, QMessageBox.StandardButton.Yes)
    _save_to(monkeypatch, tmp_path / "泗县预算表.xlsx")
    opened: list[str] = []
    monkeypatch.setattr(export_done.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    _show_department_of(window, SIXIAN)
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL_ALT_SHIFT)

    book = openpyxl.load_workbook(tmp_path / "泗县预算表.xlsx")
    tables = get_document_layout("ah-department-budget").tables
    assert len(book.sheetnames) == len(tables) == 11
    assert book.sheetnames[0].startswith("1.") and "收支总表" in book.sheetnames[0]
    titles = [ws.cell(row=2, column=1).value for ws in book.worksheets]
    assert titles == [spec.heading(SIXIAN, 2024) for spec in tables]
    projects = book.worksheets[8]
    header = [c.value for c in projects[4]]
    units = {row[header.index("项目单位")] for row in projects.iter_rows(min_row=6, values_only=True) if row[0]}
    assert "泗县城镇职工基本医疗保险基金管理中心" in units and "泗县医疗保障局" in units
    assert any("11 张工作表" in text for text, _ in told.boxes)
    assert told.checks == []  # the xlsx holds the tables only: the forms' print check is not asked


def test_print_preview_shows_the_publications_pages_and_prints_them(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    Told(monkeypatch, QMessageBox.StandardButton.Yes)
    shown: list[tuple[int, str]] = []
    output = tmp_path / "printed.pdf"
    monkeypatch.setattr(print_preview, "QPrintDialog", fake_print_dialog(output))

    def exec_(dialog: PrintPreviewDialog) -> int:
        shown.append((dialog.page_count(), dialog.windowTitle()))
        dialog.resize(900, 700)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.go_to_page(6)
        qtbot.waitUntil(lambda: dialog.page_label.text() == f"第 7 / {dialog.page_count()} 页")
        qtbot.wait(200)  # QPdfView renders the page in the background; the screenshot is for a person to look at
        dialog.grab().save("/tmp/pubui-department-preview.png")
        dialog.print_pages()
        return 0

    monkeypatch.setattr(PrintPreviewDialog, "exec", exec_)
    _show_department_of(window, SIXIAN)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_ALT_SHIFT)
    [(pages, title)] = shown
    assert pages > 20 and title == "打印预览 — 泗县医疗保障局2024年部门预算公开"
    assert len(PdfReader(output).pages) == pages


def test_print_asks_about_errors_and_stops_when_told(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    told = Told(monkeypatch, QMessageBox.StandardButton.No)
    output = tmp_path / "printed.pdf"
    dialog_class = fake_print_dialog(output)
    monkeypatch.setattr(print_preview, "QPrintDialog", dialog_class)
    _show_department_of(window, SIXIAN)
    project = window.current_project()
    assert project is not None
    # a project renamed on its form only: table 9 no longer lists it (D07, an error)
    window.document.push(SetText(project, TextKey.NAME, f"{project.name}（改）", "修改项目名称"))
    # and its 年度目标 emptied: the form is a draft with an error (E02)
    window.document.push(SetText(project, TextKey.ANNUAL_GOAL, None, "修改年度目标"))
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_ALT)
    assert len(told.questions) == 1 and "仍要打印吗" in told.questions[0] and "D07 项目支出表" in told.questions[0]
    assert "部门资料还有 2 个错误" in told.questions[0]
    assert dialog_class.instances == [] and not output.exists()

    told.answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_ALT)
    # the form still a draft with an error was asked about as in a project export, and printed marked 草稿
    [(drafts, _buttons)] = [box for box in told.boxes if "草稿项目还有错误" in box[0]]
    assert project.display_name() in drafts
    pages = PdfReader(output).pages
    assert len(dialog_class.instances) == 1 and len(pages) > 20


def test_the_department_actions_need_a_department(window: MainWindow, qtbot: QtBot) -> None:
    huoqiu = next(p for p in window.document.workbook.projects if "霍邱" in (p.department.name or ""))
    window.project_list.select_project(huoqiu)
    actions = window.menu_actions
    department = (actions.department_preview, actions.department_print, actions.department_pdf, actions.department_xlsx)
    assert not any(action.isEnabled() for action in department)
    _show_department_of(window, SIXIAN)
    assert actions.department_preview.isEnabled() and actions.department_xlsx.isEnabled()
    # in the 文件 menu beside printing and exporting, and in the 部门 menu
    for title in ("文件(&F)", "部门(&D)"):
        menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
        assert menu is not None and all(action in menu.actions() for action in department)


def test_a_folder_that_is_gone_is_said_in_chinese_and_nothing_is_written(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    told = Told(monkeypatch, QMessageBox.StandardButton.Yes)
    _save_to(monkeypatch, tmp_path / "gone" / "x.pdf")
    _show_department_of(window, SIXIAN)
    window.menu_actions.department_pdf.trigger()
    assert len(told.warnings) == 1 and "不存在" in told.warnings[0]
    assert not (tmp_path / "gone").exists()


def test_a_form_still_a_draft_with_errors_is_exported_marked(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    told = Told(monkeypatch, QMessageBox.StandardButton.Yes)
    _save_to(monkeypatch, tmp_path / "泗县.pdf")
    _show_department_of(window, SIXIAN)
    project = window.current_project()
    assert project is not None and project.name
    window.document.push(SetText(project, TextKey.ANNUAL_GOAL, None, "修改年度目标"))  # E02: an error
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL_ALT)
    assert any("草稿项目还有错误" in text for text, _ in told.boxes)
    pages = [_flat(page.extract_text() or "") for page in PdfReader(tmp_path / "泗县.pdf").pages]
    marked = [i for i, text in enumerate(pages) if "草稿" in text]
    assert len(marked) == 1 and _flat(project.name) in pages[marked[0]]

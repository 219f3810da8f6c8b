"""打印预览 / 打印… / 导出 PDF… as a clerk uses them (offscreen; print and file dialogs patched per test)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.model import Funds, Indicator, OrgUnit, Project, Workbook
from desktop.ui.dialogs import export_done, print_preview
from desktop.ui.dialogs.print_preview import (
    PrintPreviewDialog,
    export_pdf_with_dialog,
    print_with_dialog,
    show_print_preview,
    suggested_file_name,
)


def project(name: str = "城乡医疗救助", value: str = "≥95%") -> Project:
    return Project(
        year=2024,
        template="ah-project",
        name=name,
        department=OrgUnit("039", "霍邱县医疗保障局"),
        implementing_unit=OrgUnit(None, "霍邱县医疗保障局"),
        funds=Funds(Decimal("30.00"), Decimal("30.00")),
        annual_goal="保障医保业务正常开展。",
        indicators=[
            Indicator("产出指标", "数量指标", "救助人次", "≥150000 人次"),
            Indicator("满意度指标", "满意度指标", "服务对象满意度", value),
        ],
    )


class Recorder:
    """Stands in for a QMessageBox static function and remembers what the clerk was shown."""

    def __init__(self, answer: Any = QMessageBox.StandardButton.Ok) -> None:
        self.calls: list[tuple[str, str]] = []
        self.answer = answer

    def __call__(self, _parent: object, title: str, text: str, *_args: object) -> Any:
        self.calls.append((title, text))
        return self.answer


def fake_print_dialog(output: Path, accept: bool = True) -> type:
    """A QPrintDialog that 'chooses' a PDF printer writing to `output` (low resolution keeps the test quick)."""

    class FakePrintDialog:
        instances: list[FakePrintDialog] = []

        def __init__(self, printer: QPrinter, _parent: QWidget | None = None) -> None:
            self.printer = printer
            FakePrintDialog.instances.append(self)

        def setWindowTitle(self, _title: str) -> None:
            pass

        def setMinMax(self, low: int, high: int) -> None:
            self.range = (low, high)

        def setOption(self, *_args: object) -> None:
            pass

        def exec(self) -> int:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(output))
            self.printer.setResolution(72)
            return int(QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected)

    return FakePrintDialog


@pytest.fixture
def preview(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[PrintPreviewDialog]:
    shown: list[PrintPreviewDialog] = []

    def fake_exec(dialog: PrintPreviewDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(PrintPreviewDialog, "exec", fake_exec)
    monkeypatch.setattr(PrintPreviewDialog, "deleteLater", lambda _self: None)
    parent = QWidget()
    qtbot.addWidget(parent)
    show_print_preview(parent, Workbook([project("甲项目"), project("乙项目")]))
    assert len(shown) == 1
    dialog = shown[0]
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog  # the parent must outlive the dialog it owns
    del parent


def test_preview_shows_the_generated_pages_and_navigates(preview: PrintPreviewDialog, qtbot: QtBot) -> None:
    assert preview.windowTitle() == "打印预览"
    assert preview.page_count() == 4  # cover, public list, two forms
    assert preview.page_label.text() == "第 1 / 4 页"
    assert not preview.prev_button.isEnabled()
    qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    assert preview.current_page() == 1 and preview.page_label.text() == "第 2 / 4 页"
    preview.go_to_page(99)
    assert preview.current_page() == 3 and not preview.next_button.isEnabled()
    assert not preview.problems_label.isVisible()
    for button in (preview.print_button, preview.export_button, preview.close_button):
        assert button.isVisible()
    assert [preview.print_button.text(), preview.export_button.text(), preview.close_button.text()] == [
        "打印…",
        "导出 PDF…",
        "关闭",
    ]


def test_preview_zooms(preview: PrintPreviewDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(preview.zoom_in_button, Qt.MouseButton.LeftButton)
    bigger = preview.view.zoomFactor()
    qtbot.mouseClick(preview.zoom_out_button, Qt.MouseButton.LeftButton)
    assert preview.view.zoomFactor() < bigger
    qtbot.mouseClick(preview.fit_page_button, Qt.MouseButton.LeftButton)
    assert preview.view.zoomMode() == preview.view.ZoomMode.FitInView


def test_escape_closes_the_preview(preview: PrintPreviewDialog, qtbot: QtBot) -> None:
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()


def test_ctrl_p_prints_every_page_of_the_preview(
    preview: PrintPreviewDialog, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    output = tmp_path / "printed.pdf"
    dialog_class = fake_print_dialog(output)
    monkeypatch.setattr(print_preview, "QPrintDialog", dialog_class)
    preview.activateWindow()
    preview.view.setFocus()
    qtbot.keyClick(preview.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(dialog_class.instances) == 1 and dialog_class.instances[0].range == (1, 4)
    assert len(pypdf.PdfReader(output).pages) == 4


def test_print_with_dialog_cancelled_prints_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    output = tmp_path / "printed.pdf"
    monkeypatch.setattr(print_preview, "QPrintDialog", fake_print_dialog(output, accept=False))
    parent = QWidget()
    qtbot.addWidget(parent)
    print_with_dialog(parent, Workbook([project()]))
    assert not output.exists()


def test_print_with_dialog_asks_before_printing_missing_characters(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    output = tmp_path / "printed.pdf"
    monkeypatch.setattr(print_preview, "QPrintDialog", fake_print_dialog(output))
    question = Recorder(answer=QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "question", question)
    parent = QWidget()
    qtbot.addWidget(parent)
    print_with_dialog(parent, Workbook([project(value="满意𠀀")]))
    assert len(question.calls) == 1 and "𠀀" in question.calls[0][1] and "仍要打印吗" in question.calls[0][1]
    assert not output.exists()
    question.answer = QMessageBox.StandardButton.Yes
    print_with_dialog(parent, Workbook([project(value="满意𠀀")]))
    assert len(pypdf.PdfReader(output).pages) == 1  # one project prints its form alone (no cover, no 公开清单)


def test_problems_are_shown_in_the_preview(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[PrintPreviewDialog] = []
    monkeypatch.setattr(PrintPreviewDialog, "exec", lambda self: shown.append(self) or 0)
    monkeypatch.setattr(PrintPreviewDialog, "deleteLater", lambda _self: None)
    parent = QWidget()
    qtbot.addWidget(parent)
    show_print_preview(parent, Workbook([project(value="满意𠀀")]))
    assert "𠀀" in shown[0].problems_label.text() and "打印时会缺失" in shown[0].problems_label.text()


def test_preview_of_an_empty_workbook_explains_instead_of_opening(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    warning = Recorder()
    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(PrintPreviewDialog, "exec", lambda self: pytest.fail("no preview for nothing"))
    parent = QWidget()
    qtbot.addWidget(parent)
    show_print_preview(parent, Workbook([]))
    assert warning.calls and "没有项目" in warning.calls[0][1]


def test_export_with_dialog_writes_the_chosen_file(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    chosen: list[str] = []

    def fake_save(_parent: object, title: str, suggested: str, _filter: str) -> tuple[str, str]:
        chosen.append(suggested)
        assert title == "导出 PDF"
        return str(tmp_path / "绩效目标"), "PDF 文件 (*.pdf)"

    monkeypatch.setattr(print_preview.QFileDialog, "getSaveFileName", fake_save)
    told: list[tuple[str, list[str]]] = []

    def exec_(box: QMessageBox) -> int:
        told.append((box.text(), [b.text() for b in box.buttons()]))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    parent = QWidget()
    qtbot.addWidget(parent)
    path = export_pdf_with_dialog(parent, Workbook([project("城乡医疗救助")]))
    assert path == tmp_path / "绩效目标.pdf"
    assert chosen[0].endswith("城乡医疗救助.pdf")
    pages = pypdf.PdfReader(path).pages
    # one project: its form alone, without a cover or 公开清单
    assert "城乡医疗救助" in pages[0].extract_text() and "公开清单" not in pages[0].extract_text()
    [(text, buttons)] = told  # confirmed like the Excel export, with the way to the file
    assert str(path) in text and "打开所在文件夹" in buttons and "确定" in buttons


def test_exported_pdf_of_several_projects_has_its_cover_and_the_folder_can_be_opened(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(print_preview.QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "全部.pdf"), ""))
    opened: list[str] = []
    monkeypatch.setattr(export_done.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))

    def exec_(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == "打开所在文件夹").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    path = export_pdf_with_dialog(None, Workbook([project("城乡医疗救助"), project("离休人员医疗费")]))
    assert path is not None and len(pypdf.PdfReader(path).pages) == 4  # cover, 公开清单, two forms
    assert opened == [str(tmp_path)]


def test_export_with_dialog_cancelled_returns_none(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(print_preview.QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    assert export_pdf_with_dialog(None, Workbook([project()])) is None


def test_export_failure_is_shown_in_chinese(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    monkeypatch.setattr(print_preview.QFileDialog, "getSaveFileName", lambda *_a: (str(gone / "x.pdf"), ""))
    warning = Recorder()
    monkeypatch.setattr(QMessageBox, "warning", warning)
    assert export_pdf_with_dialog(None, Workbook([project()])) is None
    title, text = warning.calls[0]
    assert title == "导出 PDF 失败" and f"文件夹“{gone}”不存在" in text and "重新选择保存位置" in text
    assert not re.search("[A-Za-z]{3,}", text.replace(str(gone), "")), text  # no English from the system
    assert not gone.exists()


def test_export_onto_a_folder_name_is_refused(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "报表.pdf"
    folder.mkdir()
    monkeypatch.setattr(print_preview.QFileDialog, "getSaveFileName", lambda *_a: (str(folder), ""))
    warning = Recorder()
    monkeypatch.setattr(QMessageBox, "warning", warning)
    assert export_pdf_with_dialog(None, Workbook([project()])) is None
    assert "是一个文件夹" in warning.calls[0][1] and "换一个文件名" in warning.calls[0][1]
    assert folder.is_dir() and not any(folder.iterdir())


def test_suggested_file_name_is_safe_for_windows() -> None:
    assert suggested_file_name(Workbook([project('a/b:c*"d"')])) == "a_b_c__d_.pdf"
    assert suggested_file_name(Workbook([project(), project()])) == "项目支出绩效目标表.pdf"

"""Nothing damaged reaches a stamped page silently: amounts typed in 元 (W01) and damaged text (W09 comparators,
W11 web-page markup) are said before a PDF or sheet is made — by the command line as a warning, and in the window
by a dialog whose one key fixes them all (one undo step) and whose other states the choice to print them as they
are. Amounts print in one format per layout, also in the public list and on the cover."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.cli import run
from desktop.domain.model import Funds, Indicator, OrgUnit, Project, Workbook
from desktop.domain.print_checks import fixed_projects, print_warnings
from desktop.io.pdf.export import export_pdf
from desktop.io.xlsx.export import PUBLIC_LIST, export_xlsx
from desktop.storage.workbook_file import WorkbookFile
from desktop.templates.layouts import bundled_layouts
from desktop.ui.app import create_application
from desktop.ui.dialogs.print_check import PrintCheckDialog
from desktop.ui.main_window import MainWindow


def damaged_project() -> Project:
    return Project(
        year=2024,
        template="ah-project",
        name="医疗保障专项业务费",
        department=OrgUnit("039", "霍邱县医疗保障局"),
        implementing_unit=OrgUnit(None, "霍邱县医疗保障局"),
        annual_goal="<p>保障医保局机关正常运转。</p>",
        funds=Funds(total=Decimal("1907400"), fiscal=Decimal("1907400")),
        indicators=[
            Indicator("产出指标", "数量指标", "资金需要量", "$\\leq 300000$ 元"),
            Indicator("产出指标", "成本指标", "支出金额", "《=2500万"),
            Indicator("效益指标", "社会效益指标", "机关运行效率", "有效提升"),
            Indicator("满意度指标", "满意度指标", "服务对象满意度", "≥90%"),
        ],
    )


def test_warnings_name_every_damage_and_one_fix_repairs_them_all() -> None:
    workbook = Workbook([damaged_project()])
    warnings = print_warnings(workbook, bundled_layouts())
    assert sorted(w.finding.rule for w in warnings) == ["W01", "W09", "W09", "W11"]
    assert all(w.finding.fix is not None for w in warnings)
    fixed = fixed_projects(workbook, warnings)[0]
    assert fixed.funds.total == Decimal("190.74")
    assert [i.value for i in fixed.indicators[:2]] == ["≤300000 元", "≤2500万"]
    assert fixed.annual_goal == "保障医保局机关正常运转。"
    assert print_warnings(Workbook([fixed]), bundled_layouts()) == []
    assert workbook.projects[0].funds.total == Decimal("1907400")  # the workbook itself is not changed


def test_cli_export_warns_before_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook([damaged_project()]))
    for suffix in (".pdf", ".xlsx"):
        assert run(["export", str(path), "-o", str(tmp_path / f"out{suffix}")]) == 0
        err = capsys.readouterr().err
        assert "警告：以下 4 处会原样印在表上" in err
        assert "W01" in err and "1907400" in err and "《=2500万" in err and "<p>" in err
        assert "仍按原样导出" in err


def amounts_in(text: str) -> list[str]:
    return re.findall(r"\d[\d,]*\.?\d*", text)


def test_public_list_and_cover_print_one_amount_format(tmp_path: Path) -> None:
    whole = damaged_project()
    whole.funds = Funds(total=Decimal("18514"), fiscal=Decimal("18514"))
    whole.annual_goal = "保障。"
    decimals = damaged_project()
    decimals.name = "居民医保业务经费"
    decimals.funds = Funds(total=Decimal("30.00"), fiscal=Decimal("30.00"))
    workbook = Workbook([whole, decimals])
    pdf = export_pdf(workbook, tmp_path / "all.pdf").path
    pages = [page.extract_text() for page in pypdf.PdfReader(pdf).pages]
    assert "18544.00" in pages[0]  # the cover's total in the list's format
    listing = re.sub(r"\s+", "", pages[1])
    assert "18514.00" in listing and "30.00" in listing and "18544.00" in listing
    assert "18514万" not in listing
    assert "18514.00" in re.sub(r"\s+", "", pages[2])  # the form itself in its layout's format
    xlsx = export_xlsx(workbook, tmp_path / "all.xlsx").path
    sheet = openpyxl.load_workbook(xlsx)[PUBLIC_LIST]
    formats = {sheet.cell(r, 3).number_format for r in range(4, 7)}
    assert formats == {"0.00"}


def test_layout_asking_for_thousands_separators_gets_them(tmp_path: Path) -> None:
    project = damaged_project()
    project.template = "ah-midterm"
    project.funds = Funds(total=Decimal("9600"), fiscal=Decimal("9000"), other=Decimal("600"))
    text = pypdf.PdfReader(export_pdf(Workbook([project]), tmp_path / "m.pdf", cover=False).path).pages[0]
    flat = re.sub(r"\s+", "", text.extract_text())
    assert "9,600.00" in flat and "9,000.00" in flat and "600.00" in flat
    book = openpyxl.load_workbook(export_xlsx(Workbook([project]), tmp_path / "m.xlsx").path)
    ws = book.worksheets[1]
    cells = [c for row in ws.iter_rows() for c in row if c.value == 9600]
    assert cells and cells[0].number_format == "#,##0.00"


# ------------------------------------------------------------------------------------------------ in the window


def _go_on_as_is(box: QMessageBox) -> int:
    """The damaged project is a draft with errors too: its question (tests/test_draft_watermark.py) is answered
    照常 here, so these tests see the print check alone; the message after the export is dismissed."""
    as_is = next((b for b in box.buttons() if b.text().startswith("照常")), None)
    if as_is is not None:
        as_is.click()
    return int(QMessageBox.StandardButton.Discard)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    path = tmp_path / "打印.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook([damaged_project()]))
    monkeypatch.setattr(QMessageBox, "exec", _go_on_as_is)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(tmp_path / "导出.pdf"), ""))
    create_application()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    assert win.file_ops.open(path, ask_recovery=False)
    return win


def answer_with(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, key: Qt.Key, modifier: Qt.KeyboardModifier, seen: list[str]
) -> None:
    """The dialog opens as it would (shown, active) and the clerk presses one key; what it listed is recorded."""

    def fake_exec(dialog: PrintCheckDialog) -> int:
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        seen.append(dialog.windowTitle())
        seen.extend(dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount()))
        qtbot.keySequence(QApplication.focusWidget() or dialog, QKeySequence(modifier.value | key.value))
        return int(dialog.result())

    monkeypatch.setattr(PrintCheckDialog, "exec", fake_exec)


def ctrl_e(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # back from a dialog: keys reach the window once it is active again
    window.project_list.tree.setFocus()
    qtbot.keySequence(window.project_list.tree, QKeySequence("Ctrl+E"))


def test_ctrl_e_lists_the_damage_and_alt_f_fixes_all_then_exports(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    answer_with(qtbot, monkeypatch, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier, seen)
    ctrl_e(qtbot, window)
    assert seen[0] == "导出 PDF前请核对" and len(seen) == 5
    assert any("1907400" in s for s in seen) and any("<p>" in s for s in seen)
    qtbot.waitUntil(lambda: (tmp_path / "导出.pdf").exists())
    project = window.document.workbook.projects[0]
    assert project.funds.total == Decimal("190.74") and project.indicators[1].value == "≤2500万"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "导出.pdf").pages)
    assert "《=" not in text and "<p>" not in text and "1907400" not in text
    window.document.undo_stack.undo()  # one undo step brings every value back
    assert project.funds.total == Decimal("1907400") and project.annual_goal == "<p>保障医保局机关正常运转。</p>"


def test_alt_e_exports_as_it_is_and_escape_exports_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    answer_with(qtbot, monkeypatch, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, seen)
    ctrl_e(qtbot, window)
    assert seen and not (tmp_path / "导出.pdf").exists()
    answer_with(qtbot, monkeypatch, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier, seen)
    ctrl_e(qtbot, window)
    qtbot.waitUntil(lambda: (tmp_path / "导出.pdf").exists())
    assert window.document.workbook.projects[0].funds.total == Decimal("1907400")  # printed as it is, by choice
    assert "未修正" in window.statusBar().currentMessage()


def test_the_print_preview_is_not_opened_before_the_damage_is_said(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui.dialogs import print_preview

    opened: list[int] = []
    monkeypatch.setattr(print_preview, "show_print_preview", lambda parent, workbook, *marked: opened.append(1))
    seen: list[str] = []
    answer_with(qtbot, monkeypatch, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, seen)
    window.menu_actions.print_preview.trigger()
    assert seen[0] == "打印预览前请核对" and opened == []
    answer_with(qtbot, monkeypatch, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier, seen)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.menu_actions.print_preview.trigger()
    assert opened == [1] and window.document.workbook.projects[0].indicators[1].value == "≤2500万"

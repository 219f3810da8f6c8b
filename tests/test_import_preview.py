"""Re-import in the window: the preview marks 新项目 / 有改动 (with the fields) / 无改动, offers replace / keep both /
skip per project, a year override, lists what was edited in Excel, and applies everything as one undo step."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from desktop.domain.model import Workbook
from desktop.domain.reimport import Resolution
from desktop.io.xlsx.export import export_xlsx
from desktop.ui.dialogs.import_dialog import ImportPreviewDialog
from tests.test_main_window import closing, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")


def _exported_and_edited(window, tmp_path: Path) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """Three of the workbook's projects exported as our xlsx: one left alone, one whose 指标值 is changed in the
    visible sheet (as Excel would), one renamed before export so the workbook does not have it."""
    projects = window.document.workbook.projects
    fresh = projects[2].clone()
    fresh.name = "2024_全新的项目"
    out = tmp_path / "退回.xlsx"
    export_xlsx(Workbook(projects=[projects[0].clone(), projects[1].clone(), fresh]), out)
    book = openpyxl.load_workbook(out)
    forms = [ws for ws in book.worksheets if ws.sheet_state == "visible" and ws.title not in ("公开清单", "指标明细")]
    old_value = projects[1].indicators[0].value
    cell = next(c for row in forms[1].iter_rows() for c in row if c.value == old_value)
    cell.value = "≥99999 人"
    book.save(out)
    return out, str(old_value)


def test_reimport_preview_marks_each_project_and_replaces_in_one_undo_step(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    workbook = window.document.workbook
    count = len(workbook.projects)
    first, second = workbook.projects[0], workbook.projects[1]
    path, old_value = _exported_and_edited(window, tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    seen: list[ImportPreviewDialog] = []

    def exec_(dialog: ImportPreviewDialog) -> int:
        seen.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        compared = [dialog.projects.item(r, 5).text() for r in range(dialog.projects.rowCount())]
        assert compared[0] == "无改动"
        assert compared[1].startswith("有改动") and "1 条指标" in compared[1]
        assert compared[2] == "新项目"
        assert [c.currentData() if c else None for c in dialog.choices] == [Resolution.SKIP, Resolution.REPLACE, None]
        assert dialog.tabs.tabText(dialog.tabs.currentIndex()).startswith("Excel 中改过")
        edits = dialog.sheet_edits.topLevelItem(0)
        assert edits is not None and "≥99999 人" in edits.child(0).text(0)
        dialog.grab().save("/tmp/import_preview.png")
        assert dialog.import_button.text() == "导入 2 个项目（替换 1 个）"
        qtbot.keyClick(dialog.projects, Qt.Key.Key_Return)  # the default button
        return QDialog.result(dialog)

    monkeypatch.setattr(ImportPreviewDialog, "exec", exec_)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert seen
    assert len(workbook.projects) == count + 1  # the new one only: no duplicate
    assert workbook.projects[1] is second and second.indicators[0].value == "≥99999 人"  # replaced in place
    assert workbook.projects[0] is first and workbook.projects[-1].name == "2024_全新的项目"
    assert window.menu_actions.undo is not None and "导入" in window.menu_actions.undo.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(workbook.projects) == count and second.indicators[0].value == old_value


def test_keep_both_skip_and_year_override_by_keyboard(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    workbook = window.document.workbook
    count = len(workbook.projects)
    path, _old = _exported_and_edited(window, tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    def exec_(dialog: ImportPreviewDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        combo = dialog.choices[1]
        assert combo is not None
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # 替换原项目 → 两个都保留
        assert combo.currentData() == Resolution.KEEP_BOTH
        assert dialog.import_button.text() == "导入 2 个项目"
        # every project to 2026: none of them is in the workbook for that year any more
        dialog.override_year.setFocus()
        qtbot.keyClick(dialog.override_year, Qt.Key.Key_Space)
        dialog.year.setValue(2026)
        assert {dialog.projects.item(r, 5).text() for r in range(3)} == {"新项目"}
        assert {dialog.projects.item(r, 2).text() for r in range(3)} == {"2026"}
        qtbot.keyClick(dialog.override_year, Qt.Key.Key_Space)  # back to the file's years
        assert dialog.projects.item(0, 5).text() == "无改动"
        combo = dialog.choices[1]
        assert combo is not None
        combo.setCurrentIndex(combo.findData(Resolution.KEEP_BOTH))
        qtbot.keyClick(dialog.projects, Qt.Key.Key_Return)
        return QDialog.result(dialog)

    monkeypatch.setattr(ImportPreviewDialog, "exec", exec_)
    window.menu_actions.import_.trigger()
    assert len(workbook.projects) == count + 2  # the changed one kept beside, the new one added, 无改动 skipped

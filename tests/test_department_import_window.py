"""文件 → 导入… of a published 部门预算: the window imports its forms and says plainly that the department's data
is not imported there (the command line imports it), instead of dropping it silently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.dialogs.import_dialog import DEPARTMENT_HINT, ImportPreviewDialog, run_import_dialog

SIXIAN = Path(__file__).resolve().parents[1] / "resources" / "demo" / "seeds" / "sixian-2024-department-budget.txt"


def test_preview_of_a_publication_says_the_department_is_imported_by_the_command_line(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []

    def accept(dialog: ImportPreviewDialog) -> int:
        seen.append(dialog.summary.text())
        dialog.resize(860, 620)
        dialog.grab().save("/tmp/deptimport-import-preview.png")
        dialog.import_button.click()
        return int(dialog.result())

    monkeypatch.setattr(ImportPreviewDialog, "exec", accept)
    projects = run_import_dialog(parent, SIXIAN)
    assert projects is not None and len(projects) == 5
    assert "1 个部门（泗县医疗保障局）" in seen[0] and DEPARTMENT_HINT in seen[0]


def test_a_tables_only_document_names_the_command_that_imports_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = SIXIAN.read_text(encoding="utf-8").split("\n")
    start, end = lines.index("第二部分 2024年度部门预算表", 60), lines.index("第三部分 2024年度部门预算情况说明", 60)
    path = tmp_path / "tables.txt"
    path.write_text("\n".join(lines[start + 1 : end]), encoding="utf-8")
    shown: list[str] = []

    def information(_parent: QWidget, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", information)
    parent = QWidget()
    qtbot.addWidget(parent)
    assert run_import_dialog(parent, path) is None
    assert len(shown) == 1 and "jixiao import" in shown[0]

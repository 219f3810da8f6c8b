"""The D rules run on every save in the real window, beside the project rules; the department survives the save."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.io.interchange import loads
from desktop.storage.workbook_file import WorkbookFile
from desktop.ui.app import create_application
from desktop.ui.main_window import MainWindow

DATA = Path(__file__).parent / "data"


def test_saving_runs_the_department_rules(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Discard)
    data = json.loads((DATA / "sixian-department.json").read_text(encoding="utf-8"))
    data["departments"][0]["budget"]["income"][0]["amount"] = "2800"  # D04: 收入总计 ≠ 支出总计
    path = tmp_path / "部门.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(loads(json.dumps(data, ensure_ascii=False)))

    create_application()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.file_ops.open(path, ask_recovery=False)
    page = window.form.page()
    assert page is not None
    name = next(f for f in page.fields if "name" in f.paths)
    name.edit.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString("（改）")
    QApplication.sendEvent(name.edit, event)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: "已保存" in window.statusBar().currentMessage())
    assert "部门预算：错误 1 个，提示 0 个" in window.statusBar().currentMessage()
    assert [f.rule for f in window.validation.department_findings] == ["D04"]
    with WorkbookFile.open(path, read_only=True) as wb_file:
        saved = wb_file.load()
    assert [d.name for d in saved.departments] == ["泗县医疗保障局"]
    assert any((p.name or "").endswith("（改）") for p in saved.projects)


def test_opening_checks_the_departments_after_the_projects_in_the_background(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((DATA / "sixian-department.json").read_text(encoding="utf-8"))
    data["departments"][0]["budget"]["income"][0]["amount"] = "2800"  # D04: 收入总计 ≠ 支出总计
    path = tmp_path / "部门.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(loads(json.dumps(data, ensure_ascii=False)))
    create_application()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.file_ops.open(path, ask_recovery=False)
    assert not window.validation.is_complete()  # the window is up first; the workbook is checked in idle time
    qtbot.waitUntil(window.validation.is_complete, timeout=20_000)
    assert [f.rule for f in window.validation.department_findings] == ["D04"]

"""文件 → 导入… of department data in the window: the published 泗县 部门预算 (the seed text) and our JSON version 2 add
their department together with its projects, as one undo step; a department of the same year and name is listed as
有改动 / 无改动 and replaced (or skipped) as the clerk chooses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.department.explanation_edits import with_slot_text
from desktop.domain.model import Workbook
from desktop.io.interchange import write_json
from desktop.ui.dialogs.import_dialog import ImportPreviewDialog, run_import_dialog
from desktop.ui.main_window import MainWindow
from tests.test_main_window import closing, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "sixian-2024-department-budget.txt"
if not SEED.exists():  # a clone without the shared folder beside it: the bundled copy of the same seed
    SEED = ROOT / "resources" / "demo" / "seeds" / "sixian-2024-department-budget.txt"
SIXIAN = "泗县医疗保障局"


def _import(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, path: Path, inspect: Callable[..., None]
) -> list[ImportPreviewDialog]:
    """文件 → 导入… (Ctrl+I) of `path`; `inspect` looks at the preview and clicks its buttons."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    seen: list[ImportPreviewDialog] = []

    def exec_(dialog: ImportPreviewDialog) -> int:
        seen.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        inspect(dialog)
        return int(dialog.result())

    monkeypatch.setattr(ImportPreviewDialog, "exec", exec_)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    return seen


def _import_all(dialog: ImportPreviewDialog) -> None:
    dialog.import_button.click()


def test_importing_the_sixian_text_adds_the_department_and_undo_removes_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, tmp_path / "新.jixiao", create=True)
    workbook = window.document.workbook
    assert workbook.departments == [] and workbook.projects == []

    def inspect(dialog: ImportPreviewDialog) -> None:
        assert dialog.departments.isVisible() and dialog.departments.rowCount() == 1
        assert [dialog.departments.item(0, c).text() for c in range(4)] == [
            SIXIAN,
            "2024",
            "安徽 部门预算公开",
            "新部门",
        ]
        assert dialog.departments.item(0, 4).text() == "新增"
        assert "jixiao import" not in dialog.summary.text() and "与项目一起导入" in dialog.summary.text()
        assert dialog.import_button.text() == "导入 5 个项目、1 个部门"
        dialog.resize(980, 640)
        dialog.grab().save("/tmp/pubui-import-preview.png")
        dialog.import_button.click()

    assert len(_import(window, qtbot, monkeypatch, SEED, inspect)) == 1
    assert [d.name for d in workbook.departments] == [SIXIAN]
    department = workbook.departments[0]
    assert len(workbook.department_projects(department)) == 5 and len(workbook.projects) == 5
    assert window.document.undo_stack.count() == 1
    assert "1 个部门" in window.document.undo_stack.undoText()

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert workbook.departments == [] and workbook.projects == []
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert workbook.departments == [department] and len(workbook.projects) == 5


def test_a_department_already_there_is_replaced_by_default_or_skipped(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    workbook = window.document.workbook
    index = next(i for i, d in enumerate(workbook.departments) if d.name == SIXIAN)
    original = workbook.departments[index]
    # the clerk's own edit since: the seed's reason is gone, so the file's department differs from the workbook's
    edited = with_slot_text(original, "function:2101501", "改过的原因")
    workbook.departments[index] = edited
    count = len(workbook.departments)

    def skip(dialog: ImportPreviewDialog) -> None:
        assert dialog.departments.item(0, 3).text() == "有改动"
        choice = dialog.departments.cellWidget(0, 4)
        assert isinstance(choice, QComboBox) and choice.currentText() == "替换原部门"
        choice.setCurrentIndex(choice.findText("跳过"))
        for row in range(dialog.projects.rowCount()):
            dialog.projects.item(row, 0).setCheckState(Qt.CheckState.Unchecked)
        assert not dialog.import_button.isEnabled()  # nothing left to import
        dialog.reject()

    _import(window, qtbot, monkeypatch, SEED, skip)
    assert workbook.departments[index] is edited and window.document.undo_stack.count() == 0

    def replace_it(dialog: ImportPreviewDialog) -> None:
        for row in range(dialog.projects.rowCount()):
            dialog.projects.item(row, 0).setCheckState(Qt.CheckState.Unchecked)
        assert dialog.import_button.text() == "导入 1 个部门（替换 1 个）"
        dialog.import_button.click()

    _import(window, qtbot, monkeypatch, SEED, replace_it)
    assert len(workbook.departments) == count
    replaced = workbook.departments[index]
    assert replaced.budget is not None and replaced.budget.reason("function:2101501") == "人员经费和项目支出增加"
    assert replaced.id == edited.id  # the workbook's own key is kept: saving updates the same department
    window.document.undo_stack.undo()
    assert workbook.departments[index] is edited


def test_our_json_with_departments_imports_them_too(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_path)
    demo = window.document.workbook
    department = next(d for d in demo.departments if d.name == SIXIAN)
    path = tmp_path / "泗县.json"
    write_json(Workbook(projects=demo.department_projects(department), departments=[department]), path)
    window.close()

    fresh = open_window(qtbot, tmp_path / "空.jixiao", create=True)

    def inspect(dialog: ImportPreviewDialog) -> None:
        assert dialog.departments.item(0, 3).text() == "新部门"
        dialog.import_button.click()

    _import(fresh, qtbot, monkeypatch, path, inspect)
    workbook = fresh.document.workbook
    assert [d.name for d in workbook.departments] == [SIXIAN] and len(workbook.projects) == 5
    assert workbook.departments[0].budget == department.budget

    # the same file again: 无改动, skipped by default, and nothing is added twice
    def again(dialog: ImportPreviewDialog) -> None:
        assert dialog.departments.item(0, 3).text() == "无改动"
        choice = dialog.departments.cellWidget(0, 4)
        assert isinstance(choice, QComboBox) and choice.currentText() == "跳过"
        dialog.reject()

    _import(fresh, qtbot, monkeypatch, path, again)
    assert len(workbook.departments) == 1


def test_a_tables_only_document_imports_its_department(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start, end = lines.index("第二部分 2024年度部门预算表", 60), lines.index("第三部分 2024年度部门预算情况说明", 60)
    path = tmp_path / "tables.txt"
    path.write_text("\n".join(lines[start + 1 : end]), encoding="utf-8")
    window = open_window(qtbot, tmp_path / "新.jixiao", create=True)

    def inspect(dialog: ImportPreviewDialog) -> None:
        assert dialog.projects.rowCount() == 0 and dialog.departments.rowCount() == 1
        assert dialog.import_button.isEnabled() and dialog.import_button.text() == "导入 1 个部门"
        dialog.import_button.click()

    _import(window, qtbot, monkeypatch, path, inspect)
    assert len(window.document.workbook.departments) == 1 and window.document.workbook.projects == []
    assert "新增 1 个部门" in window.statusBar().currentMessage()


def test_the_preview_of_a_publication_without_a_window_returns_its_projects(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda dialog: (dialog.import_button.click(), dialog.result())[1])
    projects = run_import_dialog(parent, SEED)
    assert projects is not None and len(projects) == 5

"""The findings model and the project list under Qt's model tester, fed by the real document and validation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.domain.operations import SetYear
from desktop.domain.parts import YearKey
from desktop.io.demo import demo_workbook
from desktop.ui.document import WorkbookDocument
from desktop.ui.panels.findings_panel import FindingsModel
from desktop.ui.panels.project_list import ProjectListPanel
from desktop.ui.validation_state import ValidationState


def test_findings_model_checks(qapp: Any, qtmodeltester: Any, qtlog: Any) -> None:
    document = WorkbookDocument()
    document.set_workbook(demo_workbook())
    state = ValidationState(document)
    state.validate_all()
    model = FindingsModel()
    model.set_rows(state.rows())
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    first = model.index(0, 0).data()
    assert first.startswith(("错误", "提示"))
    model.set_rows([])
    assert model.rowCount() == 0
    assert [r.message for r in qtlog.records if "FAIL!" in r.message] == []


def test_project_list_follows_a_year_change_and_keeps_the_project_current(qtbot: Any, qtmodeltester: Any) -> None:
    document = WorkbookDocument()
    document.set_workbook(demo_workbook())
    panel = ProjectListPanel()
    qtbot.addWidget(panel)
    panel.model.set_workbook(document.workbook)
    document.project_changed.connect(panel.project_changed)
    qtmodeltester.check(panel.model, force_py=True)  # re-verified on every signal below
    project = document.workbook.projects[3]
    panel.select_project(project)
    told: list[object] = []
    panel.current_project_changed.connect(told.append)
    document.push(SetYear(project, YearKey.YEAR, 2026))  # a new year group appears, the row moves into it
    assert panel.current_project() is project
    assert told == []  # nobody was told to show another project
    years = [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]
    assert any("2026" in str(y) for y in years)
    document.undo_stack.undo()
    assert panel.current_project() is project and project.year == 2024
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.DisplayRole) is not None

"""File and project actions without a main window: real document, validation, recovery and workbook file; a
recording notifier and a plain selection stand in for the window's message boxes and project list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.domain.model import Project, Status
from desktop.storage.workbook_file import WorkbookFile
from desktop.ui.dialogs import new_project_dialog
from desktop.ui.document import WorkbookDocument
from desktop.ui.file_ops import FileController
from desktop.ui.project_ops import ProjectActions
from desktop.ui.recovery import RecoveryWriter
from desktop.ui.validation_state import ValidationState


class RecordingNotifier:
    """Every message the clerk would see, in order."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []
        self.statuses: list[str] = []

    def parent(self) -> QWidget | None:
        return None

    def warn(self, title: str, text: str, *, critical: bool = False) -> None:
        self.messages.append((title, text))

    def inform(self, title: str, text: str) -> None:
        self.messages.append((title, text))

    def status(self, text: str, msecs: int = 0) -> None:
        self.statuses.append(text)


class ListSelection:
    """A project list reduced to what the actions use."""

    def __init__(self, document: WorkbookDocument) -> None:
        self.document = document
        self.current: Project | None = None
        self.selected: list[Project] = []
        self.opened: list[Project] = []

    def current_project(self) -> Project | None:
        return self.current

    def selected_projects(self) -> list[Project]:
        return list(self.selected)

    def select_project(self, project: Project | None) -> None:
        self.current = project
        self.selected = [project] if project is not None else []

    def open_project(self, project: Project) -> None:
        self.select_project(project)
        self.opened.append(project)


class Parts:
    def __init__(self, demo_path: Path) -> None:
        self.document = WorkbookDocument()
        self.validation = ValidationState(self.document)
        self.recovery = RecoveryWriter(self.document)
        self.notifier = RecordingNotifier()
        self.files = FileController(self.document, self.validation, self.recovery, self.notifier)
        self.selection = ListSelection(self.document)
        self.actions = ProjectActions(self.document, self.validation, self.files, self.selection, self.notifier)
        self.opened: list[int] = []
        self.files.opened.connect(lambda: self.opened.append(1))
        assert self.files.open(demo_path, ask_recovery=False)
        self.selection.select_project(self.document.workbook.projects[0])


@pytest.fixture
def parts(qapp, demo_path: Path) -> Parts:  # type: ignore[no-untyped-def]
    return Parts(demo_path)


def saved_projects(path: Path) -> list[Project]:
    with WorkbookFile.open(path) as wb_file:
        return wb_file.load().projects


def test_open_save_and_reopen_without_a_window(parts: Parts, demo_path: Path) -> None:
    assert parts.opened == [1] and len(parts.document.workbook.projects) == 24
    parts.actions.duplicate_project()
    copy = parts.selection.current
    assert copy is not None and copy.name is not None and copy.name.endswith("（副本）")
    assert parts.document.undo_stack.undoText() == f"复制项目“{parts.document.workbook.projects[0].display_name()}”"
    assert parts.files.save()
    assert parts.notifier.statuses[-1].startswith("已保存")
    assert len(saved_projects(demo_path)) == 25
    parts.files.close_file()


def test_delete_asks_and_undo_puts_the_same_project_back(parts: Parts, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = parts.document.workbook.projects[:2]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    parts.actions.delete_projects()
    assert parts.document.index_of(first) is None
    assert parts.selection.current is second  # the neighbour is shown next
    parts.document.undo_stack.undo()
    assert parts.document.workbook.projects[0] is first
    parts.files.close_file()


def test_new_project_opens_its_form(parts: Parts, monkeypatch: pytest.MonkeyPatch) -> None:
    made = Project(year=2025, template="ah-project")
    monkeypatch.setattr(new_project_dialog, "ask_new_project", lambda *a, **k: made)
    parts.actions.new_project()
    assert parts.document.workbook.projects[-1] is made
    assert parts.selection.opened == [made]
    parts.files.close_file()


def test_marking_final_refused_with_errors_listed(parts: Parts) -> None:
    project = parts.document.workbook.projects[0]
    project.annual_goal = None  # as read from a file: an error that blocks 定稿
    parts.validation.validate_all()
    parts.actions.toggle_final()
    assert project.status is Status.DRAFT
    title, text = parts.notifier.messages[-1]
    assert title == "不能定稿" and "E02" in text
    parts.files.close_file()


def test_fix_all_of_a_rule_is_one_undo_step(parts: Parts) -> None:
    parts.validation.validate_all()
    rows = [(p, f) for p, f in parts.validation.rows() if f.fix is not None]
    rule = rows[0][1].rule
    same = [(p, f) for p, f in rows if f.rule == rule]
    before = [p.snapshot() for p in parts.document.workbook.projects]
    assert parts.actions.apply_fixes(same, f"全部修复 {rule}")
    assert parts.document.undo_stack.count() == 1
    assert rule not in {f.rule for _p, f in parts.validation.rows()}
    parts.document.undo_stack.undo()
    assert [p.snapshot() for p in parts.document.workbook.projects] == before
    parts.files.close_file()


def test_a_fix_on_a_read_only_workbook_changes_nothing(parts: Parts, demo_path: Path) -> None:
    other = FileController(parts.document, parts.validation, parts.recovery, parts.notifier)
    assert other.open(demo_path, ask_recovery=False)  # the file is held by `parts.files`: read-only here
    assert other.read_only and "只能查看" in other.read_only_text()
    actions = ProjectActions(parts.document, parts.validation, other, parts.selection, parts.notifier)
    parts.validation.validate_all()
    entry = next((p, f) for p, f in parts.validation.rows() if f.fix is not None)
    assert not actions.apply_fixes([entry])
    assert parts.document.undo_stack.count() == 0
    assert not other.save()
    assert parts.notifier.messages[-1][0] == "只读工作簿"
    other.close_file()
    parts.files.close_file()

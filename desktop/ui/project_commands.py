"""Undo commands for everything done to projects outside the indicator tree.

The command text is what the Edit menu shows ("撤销 修改项目名称"), so it names the change in the clerk's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from desktop.domain.model import Project, Status
from desktop.ui.document import WorkbookDocument, get_field

_EDIT_FIELD_ID = 7301


class EditFieldCommand(QUndoCommand):
    """One committed edit of one field; consecutive typing in the same field merges into a single step."""

    def __init__(self, document: WorkbookDocument, project: Project, path: str, value: Any, label: str) -> None:
        super().__init__(f"修改{label}")
        self.document = document
        self.project = project
        self.path = path
        self.old = get_field(project, path)
        self.new = value

    def id(self) -> int:
        return _EDIT_FIELD_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditFieldCommand) or other.project is not self.project or other.path != self.path:
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)  # typed and typed back: nothing left to undo
        return True

    def redo(self) -> None:
        self.document.set_field(self.project, self.path, self.new)

    def undo(self) -> None:
        self.document.set_field(self.project, self.path, self.old)


class AddProjectsCommand(QUndoCommand):
    """Add one or more projects at a position (new project, duplicate, import)."""

    def __init__(self, document: WorkbookDocument, projects: Sequence[Project], index: int, text: str) -> None:
        super().__init__(text)
        self.document = document
        self.projects = list(projects)
        self.index = index

    def redo(self) -> None:
        for offset, project in enumerate(self.projects):
            self.document.insert_project(self.index + offset, project)

    def undo(self) -> None:
        for project in reversed(self.projects):
            self.document.remove_project(project)


class DeleteProjectsCommand(QUndoCommand):
    """Delete projects; undo puts the very same objects (same ids, same content) back where they were."""

    def __init__(self, document: WorkbookDocument, projects: Sequence[Project]) -> None:
        names = "、".join(p.display_name() for p in projects[:2]) + ("等" if len(projects) > 2 else "")
        super().__init__(f"删除项目“{names}”")
        self.document = document
        order = {id(p): document.index_of(p) for p in projects}
        self.projects = sorted(projects, key=lambda p: order[id(p)] or 0)
        self.positions: list[int] = []

    def redo(self) -> None:
        self.positions = []
        for project in self.projects:
            self.positions.append(self.document.index_of(project) or 0)
        # Remove from the end so the positions recorded above stay valid for undo.
        for project in reversed(self.projects):
            self.document.remove_project(project)

    def undo(self) -> None:
        for project, position in zip(self.projects, self.positions, strict=True):
            self.document.insert_project(position, project)


class ReplaceProjectCommand(QUndoCommand):
    """Replace a project's content by another version of it (a validation fix), keeping both for undo."""

    def __init__(self, document: WorkbookDocument, project: Project, after: Project, text: str) -> None:
        super().__init__(text)
        self.document = document
        self.project = project
        self.before = project.snapshot()
        self.after = after.snapshot()

    def redo(self) -> None:
        self.document.restore_content(self.project, self.after)

    def undo(self) -> None:
        self.document.restore_content(self.project, self.before)


def duplicate_of(project: Project) -> Project:
    """A copy of a project to add beside it, named so the clerk sees which one is the copy."""
    copy = project.clone()
    copy.name = f"{project.display_name()}（副本）"
    copy.status = Status.DRAFT
    return copy

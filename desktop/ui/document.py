"""The open workbook as the window sees it: the projects, the undo stack, and what changed.

Every change goes through a QUndoCommand (project_commands.py) that calls one of the mutators below; each mutator
emits one signal saying exactly what changed, and views refresh only what concerns them (Anki's operations idea).
Projects are identified by the Python object: a deleted project is kept by its command and put back as the same
object, so every older command that points at it still works after undo.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desktop.domain.model import Midterm, OrgUnit, Project, Workbook
from desktop.templates.layouts import Layout, LayoutError, get_layout


class WorkbookDocument(QObject):
    """The workbook being edited, with its undo stack and change signals."""

    reset = Signal()
    """The whole workbook was replaced (opened, recovered)."""
    project_inserted = Signal(object, int)
    """(project, index in workbook.projects)."""
    project_removed = Signal(object, int)
    project_changed = Signal(object, str)
    """(project, field path) — field "" means "anything may have changed" (a fix, an indicator edit)."""
    modified_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workbook = Workbook()
        self.undo_stack = QUndoStack(self)
        # Set when the content differs from the file without an undo step to show for it (a recovered copy).
        self._unsaved_without_undo = False
        self._was_modified = False
        self.undo_stack.cleanChanged.connect(self._emit_modified)

    # -- state -------------------------------------------------------------------------------------------------
    def is_modified(self) -> bool:
        """True when there is something the file does not have yet."""
        return self._unsaved_without_undo or not self.undo_stack.isClean()

    def set_workbook(self, workbook: Workbook, *, modified: bool = False) -> None:
        """Replace everything (a freshly opened file, or a recovery copy when `modified`)."""
        self.undo_stack.clear()
        self.workbook = workbook
        self._unsaved_without_undo = modified
        self.reset.emit()
        self._emit_modified()

    def mark_saved(self) -> None:
        """The file now holds exactly what is in memory."""
        self._unsaved_without_undo = False
        self.undo_stack.setClean()
        self._emit_modified()

    def _emit_modified(self, *_: object) -> None:
        modified = self.is_modified()
        if modified != self._was_modified:
            self._was_modified = modified
            self.modified_changed.emit(modified)

    def note_changed(self, project: Project | None) -> None:
        """An editor outside this class (the indicator tree) changed a project through its own commands."""
        if project is not None and self.index_of(project) is not None:
            self.project_changed.emit(project, "indicators")
        self._emit_modified()

    # -- queries -----------------------------------------------------------------------------------------------
    def index_of(self, project: Project) -> int | None:
        """Position of this very project object in the workbook, or None when it is not (or no longer) there."""
        for i, candidate in enumerate(self.workbook.projects):
            if candidate is project:
                return i
        return None

    @staticmethod
    def layout_of(project: Project) -> Layout | None:
        """The project's layout, or None when the file names a layout this program does not have."""
        try:
            return get_layout(project.template)
        except LayoutError:
            return None

    # -- mutators (called by undo commands only) -----------------------------------------------------------------
    def insert_project(self, index: int, project: Project) -> None:
        """Put a project at `index` (clamped to the list)."""
        index = max(0, min(index, len(self.workbook.projects)))
        self.workbook.projects.insert(index, project)
        self.project_inserted.emit(project, index)
        self._emit_modified()

    def remove_project(self, project: Project) -> int:
        """Take a project out; returns where it was, so undo can put it back at the same place."""
        index = self.index_of(project)
        if index is None:
            raise ValueError("project is not in this workbook")
        del self.workbook.projects[index]
        self.project_removed.emit(project, index)
        self._emit_modified()
        return index

    def set_field(self, project: Project, path: str, value: Any) -> None:
        """Set one field by path ("name", "funds.total", "department.code", "midterm.funds.other", ...)."""
        set_field(project, path, value)
        self.project_changed.emit(project, path)
        self._emit_modified()

    def restore_content(self, project: Project, content: Project) -> None:
        """Make `project` hold a copy of `content` (undo/redo of a fix); the object itself stays the same."""
        copy = content.snapshot()
        for f in fields(Project):
            if f.name != "id":
                setattr(project, f.name, getattr(copy, f.name))
        self.project_changed.emit(project, "")
        self._emit_modified()


def get_field(project: Project, path: str) -> Any:
    """Read one field by dotted path; a missing mid-term block reads as empty."""
    value: Any = project
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def set_field(project: Project, path: str, value: Any) -> None:
    """Write one field by dotted path, rebuilding the frozen parts on the way (Funds, OrgUnit, Midterm)."""
    parts = path.split(".")
    if len(parts) == 1:
        setattr(project, parts[0], value)
        return
    head = parts[0]
    current = getattr(project, head)
    if current is None:
        current = Midterm() if head == "midterm" else OrgUnit()
    setattr(project, head, _replaced(current, parts[1:], value))


def _replaced(obj: Any, parts: list[str], value: Any) -> Any:
    if len(parts) == 1:
        return replace(obj, **{parts[0]: value})
    return replace(obj, **{parts[0]: _replaced(getattr(obj, parts[0]), parts[1:], value)})

"""The open workbook as the window sees it: the projects, the undo stack, and what changed.

The document is the only thing that changes the workbook: it applies typed domain operations
(desktop.domain.operations), each inside one `OperationCommand` on the undo stack, and announces every change with a
typed signal. Views listen and refresh only what concerns them (Anki's operations idea). Projects are identified by
the Python object: a deleted project is kept by its command and put back as the same object, so every older command
that points at it still works after undo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.domain.model import Indicator, Project, Workbook
from desktop.domain.parts import Part, ProjectsChangeKind
from desktop.templates.catalog import get_layout
from desktop.templates.layouts import Layout, LayoutError

if TYPE_CHECKING:
    from desktop.domain.changes import ProjectChange
    from desktop.domain.operations import Operation, Outcome

_MERGING_ID = 7301


class WorkbookDocument(QObject):
    """The workbook being edited, with its undo stack and change signals."""

    reset = Signal()
    """The whole workbook was replaced (opened, recovered)."""
    project_inserted = Signal(object, int)
    """(Project, index in workbook.projects)."""
    project_removed = Signal(object, int)
    """(Project, index it had)."""
    project_changed = Signal(object)
    """(Project): something in it changed; once per project and operation, after the detailed signals below."""
    header_changed = Signal(object)
    """(ProjectChange) with part HEADER or FUNDS: a header field, a year, an amount, the spending plan."""
    status_changed = Signal(object)
    """(Project): marked final or draft."""
    indicators_changed = Signal(object)
    """(ProjectChange) with part INDICATORS: one row inserted, removed, moved or edited (or the table replaced)."""
    department_inserted = Signal(object, int)
    """(Department, index in workbook.departments)."""
    department_removed = Signal(object, int)
    """(Department, index it had)."""
    department_changed = Signal(object)
    """(DepartmentChange): the department at `index` was replaced by an edited copy (`department`, `part`)."""
    revisited = Signal(object)
    """(tuple of changes) made by undo or redo: views may show where the change happened."""
    modified_changed = Signal(bool)
    commit_requested = Signal()
    """Views holding typing not yet committed (an open cell editor) must commit it now: see commit_open_editors."""

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

    # -- queries -----------------------------------------------------------------------------------------------
    def index_of(self, project: Project) -> int | None:
        """Position of this very project object in the workbook, or None when it is not (or no longer) there."""
        for i, candidate in enumerate(self.workbook.projects):
            if candidate is project:
                return i
        return None

    def inserted_row(self, operation: Operation) -> Indicator | None:
        """The indicator row `operation` (an undo step) added, if that is what it did (Esc on a just-added empty
        row takes the step back); a document standing in for another table says so for its own steps."""
        from desktop.domain.operations import InsertIndicator  # loaded on the first edit, not at start-up

        return operation.indicator if isinstance(operation, InsertIndicator) else None

    @staticmethod
    def layout_of(project: Project) -> Layout | None:
        """The project's layout, or None when the file names a layout this program does not have."""
        try:
            return get_layout(project.template)
        except LayoutError:
            return None

    # -- changing ----------------------------------------------------------------------------------------------
    def commit_open_editors(self) -> None:
        """Before the workbook is read (save, export, print) or left (another project, closing): commit typing."""
        self.commit_requested.emit()

    def push(self, operation: Operation) -> None:
        """Do `operation` as one undo step (typing on in the same field joins the step before)."""
        self.undo_stack.push(OperationCommand(self, operation))

    def apply(self, operation: Operation, *, revisit: bool = False) -> Outcome:
        """Apply an operation and announce what changed. Only OperationCommand calls this (one edit path)."""
        # Change records are made by edits, never while the window starts: imported here, on the first edit.
        from desktop.domain.changes import DepartmentChange, DepartmentsChange, ProjectsChange

        outcome = operation.apply(self.workbook)
        touched: list[Project] = []
        for change in outcome.changes:
            if isinstance(change, DepartmentsChange):
                if change.kind is ProjectsChangeKind.ADDED:
                    self.department_inserted.emit(change.department, change.index)
                else:
                    self.department_removed.emit(change.department, change.index)
                continue
            if isinstance(change, DepartmentChange):
                self.department_changed.emit(change)
                continue
            if isinstance(change, ProjectsChange):
                if change.kind is ProjectsChangeKind.ADDED:
                    self.project_inserted.emit(change.project, change.index)
                else:
                    self.project_removed.emit(change.project, change.index)
                continue
            self._announce(change)
            if not any(p is change.project for p in touched):
                touched.append(change.project)
        for project in touched:
            if self.index_of(project) is not None:
                self.project_changed.emit(project)
        if revisit:
            self.revisited.emit(outcome.changes)
        self._emit_modified()
        return outcome

    def _announce(self, change: ProjectChange) -> None:
        if change.part is Part.INDICATORS:
            self.indicators_changed.emit(change)
        elif change.part is Part.STATUS:
            self.status_changed.emit(change.project)
        else:
            self.header_changed.emit(change)


class OperationCommand(QUndoCommand):
    """One operation and its inverse on the undo stack; undo and redo swap them."""

    def __init__(self, document: WorkbookDocument, operation: Operation) -> None:
        super().__init__(operation.label or "修改")
        self._document = document
        self._forward = operation
        self._backward: Operation | None = None
        self._first = True
        self._forget_on_undo = False

    @property
    def operation(self) -> Operation:
        """The operation redo applies."""
        return self._forward

    def id(self) -> int:
        return _MERGING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, OperationCommand) or not self._forward.merges_with(other._forward):
            return False
        self._forward = other._forward
        if self._backward is not None and other._backward is not None:
            self._backward = other._backward.undoing_both(self._backward)
        if self._backward is not None and self._forward.restores(self._backward):
            self.setObsolete(True)  # typed and typed back: nothing left to undo
        return True

    def redo(self) -> None:
        outcome = self._document.apply(self._forward, revisit=not self._first)
        self._first = False
        self._backward = outcome.inverse

    def forget_on_undo(self) -> None:
        """The next undo takes this step back and out of the history: no 重做 is left for it (a row the clerk added
        and dropped again with Esc was never meant to be)."""
        self._forget_on_undo = True

    def undo(self) -> None:
        assert self._backward is not None, "undo before redo"
        outcome = self._document.apply(self._backward, revisit=not self._forget_on_undo)
        self._forward = outcome.inverse
        if self._forget_on_undo:
            self.setObsolete(True)  # QUndoStack deletes a command that is obsolete after its undo

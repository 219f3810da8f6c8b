"""The indicator tree editor reused for the department's own indicator table (`OverallTarget.indicators`).

The tree editor (desktop/ui/indicators) edits a project's `indicators` through a document: it pushes indicator
operations and follows `indicators_changed`. `TargetIndicatorDocument` is that document for the department: it holds
a stand-in project (`checks_target.target_project`: the table in the frame of the department's form layout), applies
each indicator operation to it to learn the new rows, and hands the workbook document ONE EditDepartment (part TARGET)
with those rows, so the edit is an ordinary department edit on the one undo stack. The editor then hears the fine
change (row inserted, cell edited…) and updates only that row. When the department changes otherwise (undo, redo,
a fix), `sync` puts its rows back into the stand-in and the tree is rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject

from desktop.domain.changes import ProjectChange, RowChange
from desktop.domain.department.checks_target import TARGET_TABLE, target_project, with_indicators
from desktop.domain.department.content import OverallTarget
from desktop.domain.department.model import Department
from desktop.domain.model import Indicator, Project, Workbook
from desktop.domain.operations import Operation
from desktop.domain.operations.departments import EditDepartment, department_index
from desktop.domain.parts import DepartmentPart, Part, RowChangeKind
from desktop.ui.document import WorkbookDocument


@dataclass(frozen=True, eq=False)
class TableEdit(EditDepartment):
    """The department edit made from one indicator operation of the tree (kept as `source`)."""

    source: Operation | None = None


class TargetIndicatorDocument(WorkbookDocument):
    """The document the indicator tree editor sees while it edits a department's indicator table."""

    def __init__(self, document: WorkbookDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.real = document
        self.undo_stack = document.undo_stack  # one history: the tree's Esc-on-a-new-row looks at its top
        self.department: Department | None = None
        self.project: Project | None = None
        self.read_only = False
        document.commit_requested.connect(self.commit_requested)

    def show(self, department: Department | None) -> Project | None:
        """Edit `department`'s table from now on; the stand-in project to give the tree editor (None: nothing)."""
        self.department = department
        self.project = target_project(department) if department is not None else None
        self.workbook = Workbook(projects=[self.project] if self.project is not None else [])
        return self.project

    def sync(self, department: Department) -> None:
        """`department` (the same one, as it now is) may hold other rows than the tree (undo, redo, a fix)."""
        self.department = department
        project = self.project
        target = department.overall_target or OverallTarget()
        if project is None or tuple(project.indicators) == target.indicators:
            return
        project.indicators[:] = list(target.indicators)
        self.indicators_changed.emit(ProjectChange(project, Part.INDICATORS, rows=RowChange(RowChangeKind.REPLACED)))

    def inserted_row(self, operation: Operation) -> Indicator | None:
        """The row a table step added (Esc on it, still empty, takes the step back as in a project's tree)."""
        if isinstance(operation, TableEdit) and operation.source is not None:
            return super().inserted_row(operation.source)
        return None

    def push(self, operation: Operation) -> None:
        """An edit of the table from the tree: applied to the stand-in, handed on as one department edit."""
        before, project = self.department, self.project
        if before is None or project is None or self.read_only:
            return
        try:
            department_index(self.real.workbook, before)
        except ValueError:
            return  # the department left the workbook meanwhile; nothing to edit
        outcome = operation.apply(self.workbook)
        after = with_indicators(before, project)
        self.department = after
        label = operation.label or "修改部门绩效指标"
        self.real.push(TableEdit(before, after, DepartmentPart.TARGET, label, TARGET_TABLE, source=operation))
        for change in outcome.changes:
            if isinstance(change, ProjectChange) and change.part is Part.INDICATORS:
                self.indicators_changed.emit(change)

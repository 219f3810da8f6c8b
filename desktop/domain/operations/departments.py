"""Operations on the workbook's departments: edit one (any part), add one, remove one, apply a D-rule fix.

Departments are frozen values, so every edit is "put this new department where that one is": `EditDepartment` holds
the department as it was (`before`, found in the workbook by identity) and as it becomes (`after`). Its inverse is the
same edit the other way round, and a later edit of the same department addresses the object the earlier one put
there, so undo and redo walk back and forth through the very same objects (as project operations do with projects).
What to change inside a department is the caller's business (`dataclasses.replace`, the budget editors' helpers);
`part` and `table` tell the views which part to refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.domain.changes import DepartmentChange, DepartmentsChange
from desktop.domain.department.model import Department
from desktop.domain.model import Workbook
from desktop.domain.operations.base import Operation, OperationError, Outcome
from desktop.domain.parts import DepartmentPart, ProjectsChangeKind

if TYPE_CHECKING:  # annotations only: the checks are not needed to show the window
    from desktop.domain.findings import DepartmentFix


def department_index(workbook: Workbook, department: Department) -> int:
    """Position of this very department object in the workbook, else of one equal to it (an edit typed back to the
    start leaves an equal copy in its place and its undo step is dropped); OperationError when there is none."""
    for i, candidate in enumerate(workbook.departments):
        if candidate is department:
            return i
    for i, candidate in enumerate(workbook.departments):
        if candidate == department:
            return i
    raise OperationError("department is not in this workbook")


@dataclass(frozen=True, eq=False)
class EditDepartment(Operation):
    """Replace `before` (this very object) by `after` in the workbook.

    `merge_key` names the field being typed in (e.g. "spending:2101501:general:personnel"): a later edit with the
    same key that starts from this edit's result joins this undo step, as typing on in one cell does.
    """

    before: Department
    after: Department
    part: DepartmentPart
    label: str = "修改部门"
    table: str | None = None
    merge_key: str | None = None

    def apply(self, workbook: Workbook) -> Outcome:
        index = department_index(workbook, self.before)
        workbook.departments[index] = self.after
        inverse = EditDepartment(self.after, self.before, self.part, self.label, self.table, self.merge_key)
        return Outcome(inverse, (DepartmentChange(self.after, index, self.part, self.table),))

    def merges_with(self, later: Operation) -> bool:
        return (
            isinstance(later, EditDepartment)
            and self.merge_key is not None
            and later.merge_key == self.merge_key
            and later.before is self.after
        )

    def restores(self, inverse: Operation) -> bool:
        # After merging, `inverse` goes from this edit's result back to the step's start: equal means no change left.
        return isinstance(inverse, EditDepartment) and inverse.before is self.after and inverse.after == self.after

    def undoing_both(self, earlier: Operation) -> Operation:
        # The department now in the workbook is this inverse's `before`; undoing both goes back to `earlier`'s `after`.
        if isinstance(earlier, EditDepartment):
            return EditDepartment(self.before, earlier.after, self.part, self.label, self.table, self.merge_key)
        return earlier


@dataclass(frozen=True, eq=False)
class InsertDepartment(Operation):
    """Put a department into the workbook at `index` (its inverse takes the same object out again)."""

    index: int
    department: Department
    label: str = "新建部门"

    def apply(self, workbook: Workbook) -> Outcome:
        if not 0 <= self.index <= len(workbook.departments):
            raise OperationError(f"no place {self.index} among {len(workbook.departments)} departments")
        workbook.departments.insert(self.index, self.department)
        change = DepartmentsChange(ProjectsChangeKind.ADDED, self.department, self.index)
        return Outcome(RemoveDepartment(self.department, self.label), (change,))


@dataclass(frozen=True, eq=False)
class RemoveDepartment(Operation):
    """Take a department out of the workbook (its projects stay: they belong to the year, not to the object)."""

    department: Department
    label: str = "删除部门"

    def apply(self, workbook: Workbook) -> Outcome:
        index = department_index(workbook, self.department)
        del workbook.departments[index]
        change = DepartmentsChange(ProjectsChangeKind.REMOVED, self.department, index)
        return Outcome(InsertDepartment(index, self.department, self.label), (change,))


def add_department(workbook: Workbook, department: Department, label: str = "新建部门") -> Operation:
    """Add `department` after the others."""
    return InsertDepartment(len(workbook.departments), department, label)


def fix_department(department: Department, fix: DepartmentFix) -> Operation:
    """Apply a D-rule finding's one-click fix to `department` (the object the workbook holds) as one undo step."""
    return EditDepartment(department, fix.apply(department), DepartmentPart.WHOLE, fix.label)

"""Every change a clerk can make to a workbook, as a small typed operation (Anki's operations idea, without Qt).

`op.apply(workbook)` changes the workbook and returns an `Outcome`: the operation that undoes it exactly, and the
changes made (which project, which part). Applying the inverse returns an inverse that redoes the change, so an undo
command only ever swaps the two. Projects are addressed by the object itself (never by position or name), so an
operation recorded for a project keeps pointing at it after other projects were added, removed or re-sorted.
"""

from desktop.domain.operations.base import Batch, Operation, OperationError, Outcome
from desktop.domain.operations.departments import (
    EditDepartment,
    InsertDepartment,
    RemoveDepartment,
    add_department,
    department_index,
    fix_department,
)
from desktop.domain.operations.header import (
    SetAmount,
    SetMidterm,
    SetSpendingPlan,
    SetStatus,
    SetText,
    SetYear,
    amount_value,
    funds_value,
    text_value,
    year_value,
)
from desktop.domain.operations.projects import (
    ApplyFix,
    InsertProject,
    RemoveProject,
    ReplaceContent,
    add_projects,
    delete_projects,
    duplicate_of,
    duplicate_project,
    fix_all,
    import_projects,
)
from desktop.domain.operations.rows import EditIndicator, InsertIndicator, MoveIndicator, RemoveIndicator, with_text

__all__ = [
    "ApplyFix",
    "Batch",
    "EditDepartment",
    "EditIndicator",
    "InsertIndicator",
    "InsertDepartment",
    "InsertProject",
    "MoveIndicator",
    "Operation",
    "OperationError",
    "Outcome",
    "RemoveDepartment",
    "RemoveIndicator",
    "RemoveProject",
    "ReplaceContent",
    "SetAmount",
    "SetMidterm",
    "SetSpendingPlan",
    "SetStatus",
    "SetText",
    "SetYear",
    "add_department",
    "add_projects",
    "amount_value",
    "delete_projects",
    "department_index",
    "duplicate_of",
    "duplicate_project",
    "fix_department",
    "fix_all",
    "funds_value",
    "import_projects",
    "text_value",
    "with_text",
    "year_value",
]

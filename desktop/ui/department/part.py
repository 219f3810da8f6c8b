"""What every department page offers the window: which department it shows, and going to a finding's place.

The department page (`page.py`) holds one widget per `DepartmentView`; each is made with `(document, parent)` and
follows this protocol. A department is addressed by its index in `workbook.departments`: departments are frozen
values replaced on every edit (`EditDepartment`), so a page keeps the index and reads the department from the
workbook, and listens to `document.department_changed` / `department_inserted` / `department_removed`.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Protocol

from desktop.domain.department.model import Department
from desktop.domain.model import Workbook

if TYPE_CHECKING:  # findings are made by the checks, after the window has painted
    from desktop.domain.findings import Location


class DepartmentView(Enum):
    """The four nodes under a department in the left pane, in the order shown."""

    OVERVIEW = "部门概况"
    BUDGET = "部门预算"
    TARGET = "部门整体绩效目标"
    EXPLANATION = "说明"

    @property
    def label(self) -> str:
        """The node's Chinese name."""
        return self.value


class PartEditor(Protocol):
    """One department page (a QWidget)."""

    def set_department(self, index: int | None) -> None:
        """Show the department at `index` of `workbook.departments` (None: nothing)."""

    def show_location(self, location: Location) -> bool:
        """Select and show the place a D-rule finding points at (`table`, `row`, `column`); False when this page
        does not hold it."""


def department_at(workbook: Workbook, index: int | None) -> Department | None:
    """The department at `index` of `workbook.departments`, read fresh; None for None or a place no longer there."""
    departments = workbook.departments
    return departments[index] if index is not None and 0 <= index < len(departments) else None

"""What an edit operation changed, said precisely enough for every view to refresh only what concerns it.

A `ProjectChange` names the project and the part touched (a header field, a funds block, the status, the indicator
table); an indicator change also says which row moved where. `ProjectsChange` says a project was added or removed.
Changes compare by identity of their project: two equal-looking projects are still two projects.

The parts' names are in `desktop.domain.parts`; these records are made by edits, so the window is built without them
(its views import them where they look at a change).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.domain.parts import DepartmentPart, HeaderKey, IndicatorField, Part, ProjectsChangeKind, RowChangeKind

if TYPE_CHECKING:
    from desktop.domain.department.model import Department
    from desktop.domain.model import Indicator, Project


@dataclass(frozen=True)
class RowChange:
    """One change of `project.indicators`; indexes are positions in that list.

    INSERTED: `index` is where the row now is. REMOVED: `index` is where it was, `before` what it held.
    MOVED: from `index` to `to` (the position after the move), `before` the row as it was. EDITED: `index`, `field`.
    """

    kind: RowChangeKind
    index: int = 0
    to: int = 0
    field: IndicatorField | None = None
    before: Indicator | None = None


@dataclass(frozen=True, eq=False)
class ProjectChange:
    """A part of one project changed."""

    project: Project
    part: Part
    key: HeaderKey | None = None
    rows: RowChange | None = None


@dataclass(frozen=True, eq=False)
class ProjectsChange:
    """A project added at, or removed from, `index` of `workbook.projects`."""

    kind: ProjectsChangeKind
    project: Project
    index: int


@dataclass(frozen=True, eq=False)
class DepartmentChange:
    """A part of one department changed; `department` is the department as it now is, at `index` of
    `workbook.departments` (departments are frozen values: an edit puts a new object in the old one's place)."""

    department: Department
    index: int
    part: DepartmentPart
    table: str | None = None


@dataclass(frozen=True, eq=False)
class DepartmentsChange:
    """A department added at, or removed from, `index` of `workbook.departments`."""

    kind: ProjectsChangeKind
    department: Department
    index: int


Change = ProjectChange | ProjectsChange | DepartmentChange | DepartmentsChange

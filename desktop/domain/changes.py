"""What an edit operation changed, said precisely enough for every view to refresh only what concerns it.

A `ProjectChange` names the project and the part touched (a header field, a funds block, the status, the indicator
table); an indicator change also says which row moved where. `ProjectsChange` says a project was added or removed.
Changes compare by identity of their project: two equal-looking projects are still two projects.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum, auto
from typing import TYPE_CHECKING

from desktop.domain.model import Indicator, Project

if TYPE_CHECKING:
    from desktop.domain.department.model import Department


class TextKey(StrEnum):
    """A text field of a project header; the value is the key validation locations use for it."""

    NAME = "name"
    CODE = "code"
    SOURCE = "source"
    PERIOD = "period"
    ATTRIBUTE = "attribute"
    PURPOSE = "purpose"
    BASIS = "basis"
    ANNUAL_GOAL = "annual_goal"
    DEPARTMENT_CODE = "department.code"
    DEPARTMENT_NAME = "department.name"
    UNIT_CODE = "implementing_unit.code"
    UNIT_NAME = "implementing_unit.name"
    MIDTERM_GOAL = "midterm.goal"
    KIND = "kind"
    FUNCTION_CODE = "function_code"


class YearKey(StrEnum):
    """A year of a project: its budget year, or the start / end of its mid-term period."""

    YEAR = "year"
    MIDTERM_START = "midterm.start"
    MIDTERM_END = "midterm.end"


class FundsKey(StrEnum):
    """Which funds block: the year's money, or the mid-term (multi-year) money."""

    ANNUAL = "funds"
    MIDTERM = "midterm.funds"


class FundsPart(StrEnum):
    """One amount of a funds block."""

    TOTAL = "total"
    FISCAL = "fiscal"
    CARRYOVER = "carryover"
    OTHER = "other"


class IndicatorField(StrEnum):
    """A text column of a 三级 indicator row (its 一级/二级 follow the row it sits in)."""

    NAME = "name"
    VALUE = "value"
    MIDTERM_VALUE = "midterm_value"
    DESCRIPTION = "description"
    BASIS = "basis"
    PRIOR_VALUE = "prior_value"


class Part(Enum):
    """The part of a project a change touched."""

    HEADER = auto()
    """A text field, a year, the spending plan or the mid-term block (`ProjectChange.key` says which)."""
    FUNDS = auto()
    STATUS = auto()
    INDICATORS = auto()


class OtherKey(StrEnum):
    """Header parts that are neither text nor a year."""

    SPENDING_PLAN = "spending_plan"
    MIDTERM = "midterm"
    """The whole mid-term block (set back by undo)."""
    TEMPLATE = "template"
    """The layout the project is shown in."""
    FUNDS_BY_SOURCE = "funds_by_source"
    OVERVIEW = "overview"
    FINAL_COPY = "final_copy"
    """The content kept when the project was marked final (定稿)."""


HeaderKey = TextKey | YearKey | FundsKey | OtherKey


class RowChangeKind(Enum):
    """What happened to the indicator table."""

    INSERTED = auto()
    REMOVED = auto()
    MOVED = auto()
    EDITED = auto()
    REPLACED = auto()
    """Anything may have changed (a fix that restructured the table)."""


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


class ProjectsChangeKind(Enum):
    """A project came into or left the workbook."""

    ADDED = auto()
    REMOVED = auto()


@dataclass(frozen=True, eq=False)
class ProjectsChange:
    """A project added at, or removed from, `index` of `workbook.projects`."""

    kind: ProjectsChangeKind
    project: Project
    index: int


class DepartmentPart(StrEnum):
    """The part of a department a change touched (what its views refresh)."""

    IDENTITY = "identity"
    """Name, code, the document layout, the cover."""
    OVERVIEW = "overview"
    """部门概况: budget units, 主要职责, 工作任务."""
    TARGET = "target"
    """部门整体绩效目标, with its indicator table."""
    BUDGET = "budget"
    """The budget's tables, facts and last year's figures (`DepartmentChange.table` says which table)."""
    EXPLANATION = "explanation"
    """The clerk's texts of the 说明: the reasons for changes and the free paragraphs."""
    WHOLE = "whole"
    """Anything may have changed (a fix, a re-import)."""


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

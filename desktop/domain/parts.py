"""The names of what an edit can touch: a project's header fields, funds and indicator columns, a department's parts,
and the kinds of change made to the indicator table or to the workbook's list of projects and departments.

Kept apart from the change records (`desktop.domain.changes`) that pair them with the project or department
touched: the window's fields are keyed by these names when it is built, while the records are made only by edits.
"""

from __future__ import annotations

from enum import Enum, StrEnum, auto


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


class ProjectsChangeKind(Enum):
    """A project came into or left the workbook."""

    ADDED = auto()
    REMOVED = auto()


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

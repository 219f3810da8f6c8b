"""年度结转: next year's forms (and department) made from this year's.

A budget season starts from last year's work. Each project is copied to the new year with the years in its name and
goal and the dates in its indicator texts moved along (`year_text`), its status back to draft, funds kept or cleared
as the clerk chooses, and every indicator keeping last year's 指标值 as `prior_value` (shown beside the new value,
printed nowhere). A department moves likewise, last year's figures becoming its `prior`. A project or department
that the target year already has is not made twice: it is reported instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from desktop.domain.department.budget import Budget, Prior
from desktop.domain.department.model import Department
from desktop.domain.model import Funds, Indicator, Project, Status, Workbook
from desktop.domain.reimport import find_existing
from desktop.domain.year_text import shift_dates, shift_name


@dataclass
class RolloverResult:
    """What a rollover made, and what the target year already had (so nothing was made for it)."""

    to_year: int
    projects: list[Project] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    # (last year's name, the new name) of each project made, for the report
    renamed: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One Chinese sentence for the status bar and the command line."""
        made = f"已结转到 {self.to_year} 年：{len(self.projects)} 个项目"
        if self.departments:
            made += f"、{len(self.departments)} 个部门"
        if self.already:
            made += f"；{len(self.already)} 个在 {self.to_year} 年已有，未重复结转"
        return made


def rollover_project(project: Project, to_year: int, *, clear_funds: bool = False) -> Project:
    """A copy of `project` for `to_year`: years in texts shifted, status draft, last year's values kept as
    `prior_value`, funds kept or cleared."""
    old = project.year
    new = project.clone()
    new.year = to_year
    new.name = shift_name(project.name, old, to_year)
    new.annual_goal = shift_name(project.annual_goal, old, to_year)
    new.purpose = shift_name(project.purpose, old, to_year)
    new.status = Status.DRAFT
    new.indicators = [_roll_indicator(i, old, to_year) for i in project.indicators]
    if clear_funds:
        new.funds = Funds()
        new.funds_by_source = None
        if new.midterm is not None:
            new.midterm = replace(new.midterm, funds=Funds())
    return new


def _roll_indicator(row: Indicator, old: int, to_year: int) -> Indicator:
    return replace(
        row,
        value=shift_dates(row.value, old, to_year),
        description=shift_dates(row.description, old, to_year),
        prior_value=row.value,
    )


def rollover_department(department: Department, to_year: int, *, clear_funds: bool = False) -> Department:
    """Next year's department: 概况 and targets kept (years shifted), this year's figures becoming `prior`, the
    reasons (last year's) and the figures as printed dropped."""
    old = department.year
    budget = department.budget
    if budget is not None:
        prior = Prior(year=old, spending=budget.spending, basic=budget.basic, income=budget.income, facts=budget.facts)
        budget = Budget(prior=prior) if clear_funds else replace(budget, prior=prior, reasons=())
    cover = department.cover
    if cover is not None:
        cover = replace(cover, title=shift_name(cover.title, old, to_year), date=None)
    return replace(
        department,
        year=to_year,
        cover=cover,
        budget=budget,
        printed=None,
        id=None,
    )


def rollover(
    workbook: Workbook,
    projects: Sequence[Project],
    to_year: int,
    *,
    departments: Sequence[Department] = (),
    clear_funds: bool = False,
) -> RolloverResult:
    """Make the `to_year` copies of `projects` and `departments` (the workbook is not changed: the caller adds
    the result, in one undo step in the app). Whatever `to_year` already has is listed in `already`."""
    result = RolloverResult(to_year)
    made: list[Project] = []
    for project in projects:
        rolled = rollover_project(project, to_year, clear_funds=clear_funds)
        if find_existing([*workbook.projects, *made], rolled) is not None:
            result.already.append(rolled.display_name())
            continue
        made.append(rolled)
        result.renamed.append((project.display_name(), rolled.display_name()))
    result.projects = made
    for department in departments:
        if any(d.year == to_year and d.name == department.name for d in workbook.departments):
            result.already.append(f"{department.name}（部门）")
            continue
        result.departments.append(rollover_department(department, to_year, clear_funds=clear_funds))
    return result


def year_selection(
    workbook: Workbook, year: int, department: str | None = None
) -> tuple[list[Project], list[Department]]:
    """The projects and departments of `year` (only those of the department named `department`, when given)."""

    def wanted(name: str | None) -> bool:
        return department is None or "".join((name or "").split()) == "".join(department.split())

    projects = [p for p in workbook.projects if p.year == year and wanted(p.department.name)]
    departments = [d for d in workbook.departments if d.year == year and wanted(d.name)]
    return projects, departments

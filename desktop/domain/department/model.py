"""The department (部门) as data: who it is, its overall performance target and its budget.

A department is identified by `year` + `name`; its projects are the workbook's projects of that year whose
department name (or code) matches (`Workbook.department_projects`). Values are frozen; an edit makes a new
Department with `dataclasses.replace`. Names mirror spec/INTERCHANGE.md version 2.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.department.budget import Budget
from desktop.domain.department.printed import Printed
from desktop.domain.model import Indicator


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph of the publication (主要职责, 工作任务, 说明): `title` is None where it has none."""

    title: str | None
    text: str | None


@dataclass(frozen=True)
class BudgetUnit:
    """One budget unit the department consolidates (部门预算构成): name and 单位性质."""

    name: str
    kind: str | None = None


@dataclass(frozen=True)
class Cover:
    """The cover of a department document: title, 编制 / 审核 lines, date, whether it is a 草案."""

    title: str | None = None
    compiled_by: str | None = None
    reviewed_by: str | None = None
    date: str | None = None
    draft: bool = False


@dataclass(frozen=True)
class TargetItem:
    """One 分项绩效目标: a title, its 绩效目标 and 绩效指标 texts."""

    title: str | None
    goal: str | None
    indicators: str | None


@dataclass(frozen=True)
class OverallTarget:
    """部门整体绩效目标: 总体目标, 分项目标, 保障措施, and the optional department-level indicator table."""

    goals: tuple[Paragraph, ...] = ()
    items: tuple[TargetItem, ...] = ()
    measures: tuple[Paragraph, ...] = ()
    annual_goal: str | None = None
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True)
class Department:
    """One department's year: identity, 部门概况, overall target, budget, and (when imported) the printed figures.

    `document` is the id of its document layout (resources/documents/*.toml). `id` is the workbook's own key, None
    until first saved.
    """

    year: int
    name: str
    code: str | None = None
    document: str | None = None
    cover: Cover | None = None
    units: tuple[BudgetUnit, ...] = ()
    duties: tuple[Paragraph, ...] = ()
    tasks: tuple[Paragraph, ...] = ()
    overall_target: OverallTarget | None = None
    budget: Budget | None = None
    notes: tuple[Paragraph, ...] = ()
    printed: Printed | None = None
    id: int | None = None

    def display_name(self) -> str:
        """ "泗县医疗保障局（2024年）"."""
        return f"{self.name}（{self.year}年）"

"""What a department's 部门概况 and overall target are made of: paragraphs, budget units, the cover, target items.

Apart from `model.Department` so that listing departments (the window's start) does not create these dataclasses;
they are imported with the first department whose content is read or edited.
"""

from __future__ import annotations

from dataclasses import dataclass

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

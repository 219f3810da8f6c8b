"""Operations on a project's header: texts, years, amounts, the spending plan, the mid-term block, the status."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from desktop.domain.changes import ProjectChange
from desktop.domain.model import Midterm, Project, SpendingStep, Status, Workbook
from desktop.domain.operations.base import Operation, OperationError, Outcome, changed, index_of
from desktop.domain.parts import FundsKey, FundsPart, OtherKey, Part, TextKey, YearKey
from desktop.domain.project_values import amount_value as amount_value
from desktop.domain.project_values import funds_value as funds_value
from desktop.domain.project_values import text_value as text_value
from desktop.domain.project_values import year_value as year_value


@dataclass(frozen=True, eq=False)
class SetMidterm(Operation):
    """Put a whole mid-term block back (the inverse of edits that had to create the block)."""

    project: Project
    midterm: Midterm | None
    label: str = "修改中期信息"

    def apply(self, workbook: Workbook) -> Outcome:
        index_of(workbook, self.project)
        old = self.project.midterm
        self.project.midterm = self.midterm
        return Outcome(SetMidterm(self.project, old, self.label), changed(self.project, OtherKey.MIDTERM))


def _midterm(project: Project) -> Midterm:
    return project.midterm if project.midterm is not None else Midterm()


@dataclass(frozen=True, eq=False)
class SetText(Operation):
    """Set one text field of the header (None clears it)."""

    project: Project
    key: TextKey
    value: str | None
    label: str = "修改文字"

    def apply(self, workbook: Workbook) -> Outcome:
        index_of(workbook, self.project)
        project, value = self.project, self.value
        old = text_value(project, self.key)
        inverse: Operation = SetText(project, self.key, old, self.label)
        match self.key:
            case TextKey.DEPARTMENT_CODE:
                project.department = replace(project.department, code=value)
            case TextKey.DEPARTMENT_NAME:
                project.department = replace(project.department, name=value)
            case TextKey.UNIT_CODE:
                project.implementing_unit = replace(project.implementing_unit, code=value)
            case TextKey.UNIT_NAME:
                project.implementing_unit = replace(project.implementing_unit, name=value)
            case TextKey.MIDTERM_GOAL:
                inverse = SetMidterm(project, project.midterm, self.label)
                project.midterm = replace(_midterm(project), goal=value)
            case _:
                setattr(project, self.key.value, value)
        return Outcome(inverse, changed(project, self.key))

    def merges_with(self, later: Operation) -> bool:
        return isinstance(later, SetText) and later.project is self.project and later.key is self.key

    def restores(self, inverse: Operation) -> bool:
        return isinstance(inverse, SetText) and inverse.key is self.key and inverse.value == self.value


@dataclass(frozen=True, eq=False)
class SetYear(Operation):
    """Set the budget year (moves the project to that year's group) or a mid-term year."""

    project: Project
    key: YearKey
    value: int | None
    label: str = "修改年度"

    def apply(self, workbook: Workbook) -> Outcome:
        index_of(workbook, self.project)
        project = self.project
        if self.key is YearKey.YEAR:
            if self.value is None:
                raise OperationError("a project always has a budget year")
            inverse: Operation = SetYear(project, self.key, project.year, self.label)
            project.year = self.value
        else:
            inverse = SetMidterm(project, project.midterm, self.label)
            midterm = _midterm(project)
            if self.key is YearKey.MIDTERM_START:
                project.midterm = replace(midterm, start=self.value)
            else:
                project.midterm = replace(midterm, end=self.value)
        return Outcome(inverse, changed(project, self.key))

    def merges_with(self, later: Operation) -> bool:
        return isinstance(later, SetYear) and later.project is self.project and later.key is self.key

    def restores(self, inverse: Operation) -> bool:
        return isinstance(inverse, SetYear) and inverse.key is self.key and inverse.value == self.value


@dataclass(frozen=True, eq=False)
class SetAmount(Operation):
    """Set one amount (万元) of a funds block; None clears it."""

    project: Project
    key: FundsKey
    part: FundsPart
    value: Decimal | None
    label: str = "修改金额"

    def apply(self, workbook: Workbook) -> Outcome:
        index_of(workbook, self.project)
        project = self.project
        if self.key is FundsKey.ANNUAL:
            old = amount_value(project, self.key, self.part)
            inverse: Operation = SetAmount(project, self.key, self.part, old, self.label)
            project.funds = replace(project.funds, **{self.part.value: self.value})
        else:
            inverse = SetMidterm(project, project.midterm, self.label)
            midterm = _midterm(project)
            project.midterm = replace(midterm, funds=replace(midterm.funds, **{self.part.value: self.value}))
        return Outcome(inverse, changed(project, self.key, Part.FUNDS))

    def merges_with(self, later: Operation) -> bool:
        return (
            isinstance(later, SetAmount)
            and later.project is self.project
            and (later.key, later.part) == (self.key, self.part)
        )

    def restores(self, inverse: Operation) -> bool:
        return (
            isinstance(inverse, SetAmount)
            and (inverse.key, inverse.part) == (self.key, self.part)
            and inverse.value == self.value
        )


@dataclass(frozen=True, eq=False)
class SetSpendingPlan(Operation):
    """Set the spending plan (cumulative percent by month); None when the layout has none."""

    project: Project
    plan: tuple[SpendingStep, ...] | None
    label: str = "修改资金支出计划"

    def apply(self, workbook: Workbook) -> Outcome:
        index_of(workbook, self.project)
        old = self.project.spending_plan
        self.project.spending_plan = self.plan
        return Outcome(SetSpendingPlan(self.project, old, self.label), changed(self.project, OtherKey.SPENDING_PLAN))

    def merges_with(self, later: Operation) -> bool:
        return isinstance(later, SetSpendingPlan) and later.project is self.project

    def restores(self, inverse: Operation) -> bool:
        return isinstance(inverse, SetSpendingPlan) and inverse.plan == self.plan


@dataclass(frozen=True, eq=False)
class SetStatus(Operation):
    """Mark a project final (定稿) or draft again."""

    project: Project
    status: Status
    label: str = "修改定稿状态"

    def apply(self, workbook: Workbook) -> Outcome:
        index_of(workbook, self.project)
        old = self.project.status
        self.project.status = self.status
        return Outcome(SetStatus(self.project, old, self.label), (ProjectChange(self.project, Part.STATUS),))

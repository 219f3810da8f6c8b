"""Every change a clerk can make to a workbook, as a small typed operation (Anki's operations idea, without Qt).

`op.apply(workbook)` changes the workbook and returns an `Outcome`: the operation that undoes it exactly, and the
changes made (which project, which part). Applying the inverse returns an inverse that redoes the change, so an undo
command only ever swaps the two. Projects are addressed by the object itself (never by position or name), so an
operation recorded for a project keeps pointing at it after other projects were added, removed or re-sorted.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal

from desktop.domain.changes import (
    Change,
    FundsKey,
    FundsPart,
    IndicatorField,
    OtherKey,
    Part,
    ProjectChange,
    ProjectsChange,
    ProjectsChangeKind,
    RowChange,
    RowChangeKind,
    TextKey,
    YearKey,
)
from desktop.domain.checks_base import Fix
from desktop.domain.model import Funds, Indicator, Midterm, Project, SpendingStep, Status, Workbook


class OperationError(ValueError):
    """An operation does not fit the workbook (a row or project that is not there): a programming error."""


@dataclass(frozen=True, eq=False)
class Outcome:
    """What applying an operation did: the operation that undoes it, and the changes in the order made."""

    inverse: Operation
    changes: tuple[Change, ...]


class Operation:
    """Base of all operations. `label` is what the Edit menu shows after 撤销 / 重做."""

    label: str = ""

    def apply(self, workbook: Workbook) -> Outcome:
        """Change the workbook; return the exact inverse and what changed."""
        raise NotImplementedError

    def merges_with(self, later: Operation) -> bool:
        """True when `later` continues this edit (typing on in the same field), so both make one undo step."""
        return False

    def restores(self, inverse: Operation) -> bool:
        """True when this operation puts back exactly what `inverse` would (typed and typed back: no change left)."""
        return False


# ---------------------------------------------------------------------------------------------------- reading


def text_value(project: Project, key: TextKey) -> str | None:
    """The current text of a header field."""
    match key:
        case TextKey.DEPARTMENT_CODE:
            return project.department.code
        case TextKey.DEPARTMENT_NAME:
            return project.department.name
        case TextKey.UNIT_CODE:
            return project.implementing_unit.code
        case TextKey.UNIT_NAME:
            return project.implementing_unit.name
        case TextKey.MIDTERM_GOAL:
            return project.midterm.goal if project.midterm is not None else None
        case _:
            value = getattr(project, key.value)
            assert value is None or isinstance(value, str)
            return value


def year_value(project: Project, key: YearKey) -> int | None:
    """The budget year, or a mid-term year (None when not set)."""
    if key is YearKey.YEAR:
        return project.year
    midterm = project.midterm
    if midterm is None:
        return None
    return midterm.start if key is YearKey.MIDTERM_START else midterm.end


def funds_value(project: Project, key: FundsKey) -> Funds:
    """A funds block (an empty one for a project without a mid-term block)."""
    if key is FundsKey.ANNUAL:
        return project.funds
    return project.midterm.funds if project.midterm is not None else Funds()


def amount_value(project: Project, key: FundsKey, part: FundsPart) -> Decimal | None:
    """One amount of a funds block."""
    value = getattr(funds_value(project, key), part.value)
    assert value is None or isinstance(value, Decimal)
    return value


def _index_of(workbook: Workbook, project: Project) -> int:
    for i, candidate in enumerate(workbook.projects):
        if candidate is project:
            return i
    raise OperationError("project is not in this workbook")


def _changed(project: Project, key: TextKey | YearKey | FundsKey | OtherKey, part: Part = Part.HEADER) -> tuple[Change]:
    return (ProjectChange(project, part, key),)


# ---------------------------------------------------------------------------------------------------- header


@dataclass(frozen=True, eq=False)
class SetMidterm(Operation):
    """Put a whole mid-term block back (the inverse of edits that had to create the block)."""

    project: Project
    midterm: Midterm | None
    label: str = "修改中期信息"

    def apply(self, workbook: Workbook) -> Outcome:
        _index_of(workbook, self.project)
        old = self.project.midterm
        self.project.midterm = self.midterm
        return Outcome(SetMidterm(self.project, old, self.label), _changed(self.project, OtherKey.MIDTERM))


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
        _index_of(workbook, self.project)
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
        return Outcome(inverse, _changed(project, self.key))

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
        _index_of(workbook, self.project)
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
        return Outcome(inverse, _changed(project, self.key))

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
        _index_of(workbook, self.project)
        project = self.project
        if self.key is FundsKey.ANNUAL:
            old = amount_value(project, self.key, self.part)
            inverse: Operation = SetAmount(project, self.key, self.part, old, self.label)
            project.funds = replace(project.funds, **{self.part.value: self.value})
        else:
            inverse = SetMidterm(project, project.midterm, self.label)
            midterm = _midterm(project)
            project.midterm = replace(midterm, funds=replace(midterm.funds, **{self.part.value: self.value}))
        return Outcome(inverse, _changed(project, self.key, Part.FUNDS))

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
        _index_of(workbook, self.project)
        old = self.project.spending_plan
        self.project.spending_plan = self.plan
        return Outcome(SetSpendingPlan(self.project, old, self.label), _changed(self.project, OtherKey.SPENDING_PLAN))

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
        _index_of(workbook, self.project)
        old = self.project.status
        self.project.status = self.status
        return Outcome(SetStatus(self.project, old, self.label), (ProjectChange(self.project, Part.STATUS),))


# ---------------------------------------------------------------------------------------------------- indicators


def with_text(indicator: Indicator, key: IndicatorField, value: str | None) -> Indicator:
    """The indicator with one text cell replaced."""
    match key:
        case IndicatorField.NAME:
            return replace(indicator, name=value)
        case IndicatorField.VALUE:
            return replace(indicator, value=value)
        case IndicatorField.MIDTERM_VALUE:
            return replace(indicator, midterm_value=value)
        case IndicatorField.DESCRIPTION:
            return replace(indicator, description=value)
        case IndicatorField.BASIS:
            return replace(indicator, basis=value)
        case IndicatorField.PRIOR_VALUE:
            return replace(indicator, prior_value=value)


def _rows_changed(project: Project, rows: RowChange) -> tuple[Change]:
    return (ProjectChange(project, Part.INDICATORS, rows=rows),)


def _check_row(project: Project, index: int, limit: int) -> None:
    if not 0 <= index <= limit:
        raise OperationError(f"indicator row {index} outside 0..{limit}")


@dataclass(frozen=True, eq=False)
class InsertIndicator(Operation):
    """A 三级 row at `index` of `project.indicators`."""

    project: Project
    index: int
    indicator: Indicator
    label: str = "新增三级指标"

    def apply(self, workbook: Workbook) -> Outcome:
        _index_of(workbook, self.project)
        _check_row(self.project, self.index, len(self.project.indicators))
        self.project.indicators.insert(self.index, self.indicator)
        inverse = RemoveIndicator(self.project, self.index, self.label)
        return Outcome(inverse, _rows_changed(self.project, RowChange(RowChangeKind.INSERTED, self.index)))


@dataclass(frozen=True, eq=False)
class RemoveIndicator(Operation):
    """Take the 三级 row at `index` out."""

    project: Project
    index: int
    label: str = "删除三级指标"

    def apply(self, workbook: Workbook) -> Outcome:
        _index_of(workbook, self.project)
        _check_row(self.project, self.index, len(self.project.indicators) - 1)
        old = self.project.indicators.pop(self.index)
        inverse = InsertIndicator(self.project, self.index, old, self.label)
        rows = RowChange(RowChangeKind.REMOVED, self.index, before=old)
        return Outcome(inverse, _rows_changed(self.project, rows))


@dataclass(frozen=True, eq=False)
class MoveIndicator(Operation):
    """Move the row at `index` so it ends up at `to`; `indicator` is what it holds there (its new 一级/二级)."""

    project: Project
    index: int
    to: int
    indicator: Indicator | None = None
    label: str = "移动指标"

    def apply(self, workbook: Workbook) -> Outcome:
        _index_of(workbook, self.project)
        rows = self.project.indicators
        _check_row(self.project, self.index, len(rows) - 1)
        _check_row(self.project, self.to, len(rows) - 1)
        old = rows.pop(self.index)
        rows.insert(self.to, self.indicator if self.indicator is not None else old)
        inverse = MoveIndicator(self.project, self.to, self.index, old, self.label)
        change = RowChange(RowChangeKind.MOVED, self.index, self.to, before=old)
        return Outcome(inverse, _rows_changed(self.project, change))


@dataclass(frozen=True, eq=False)
class EditIndicator(Operation):
    """Set one text cell of a 三级 row."""

    project: Project
    index: int
    field: IndicatorField
    value: str | None
    label: str = "修改指标"

    def apply(self, workbook: Workbook) -> Outcome:
        _index_of(workbook, self.project)
        rows = self.project.indicators
        _check_row(self.project, self.index, len(rows) - 1)
        old = rows[self.index]
        rows[self.index] = with_text(old, self.field, self.value)
        inverse = EditIndicator(self.project, self.index, self.field, getattr(old, self.field.value), self.label)
        change = RowChange(RowChangeKind.EDITED, self.index, field=self.field)
        return Outcome(inverse, _rows_changed(self.project, change))


# ---------------------------------------------------------------------------------------------------- whole projects


_CONTENT = tuple(f.name for f in fields(Project) if f.name not in ("id", "indicators", "status"))


def _content_changes(project: Project, before: Project) -> tuple[Change, ...]:
    """The parts in which `project` now differs from `before` (a fix usually touches one field or one cell)."""
    out: list[Change] = []
    for name in _CONTENT:
        if getattr(project, name) != getattr(before, name):
            out.extend(_field_changes(project, name))
    if project.status is not before.status:
        out.append(ProjectChange(project, Part.STATUS))
    old_rows, new_rows = before.indicators, project.indicators
    same_shape = len(old_rows) == len(new_rows) and all(
        (a.level1, a.level2) == (b.level1, b.level2) for a, b in zip(old_rows, new_rows, strict=True)
    )
    if same_shape:
        for i, (a, b) in enumerate(zip(old_rows, new_rows, strict=True)):
            for key in IndicatorField:
                if getattr(a, key.value) != getattr(b, key.value):
                    edited = RowChange(RowChangeKind.EDITED, i, field=key)
                    out.append(ProjectChange(project, Part.INDICATORS, rows=edited))
    else:
        out.append(ProjectChange(project, Part.INDICATORS, rows=RowChange(RowChangeKind.REPLACED)))
    return tuple(out)


def _field_changes(project: Project, name: str) -> list[Change]:
    if name == "funds":
        return [ProjectChange(project, Part.FUNDS, FundsKey.ANNUAL)]
    if name == "midterm":
        return [ProjectChange(project, Part.HEADER, OtherKey.MIDTERM)]
    if name == "department":
        return [ProjectChange(project, Part.HEADER, k) for k in (TextKey.DEPARTMENT_CODE, TextKey.DEPARTMENT_NAME)]
    if name == "implementing_unit":
        return [ProjectChange(project, Part.HEADER, k) for k in (TextKey.UNIT_CODE, TextKey.UNIT_NAME)]
    if name == "spending_plan":
        return [ProjectChange(project, Part.HEADER, OtherKey.SPENDING_PLAN)]
    if name == "year":
        return [ProjectChange(project, Part.HEADER, YearKey.YEAR)]
    if name in {k.value for k in TextKey}:
        return [ProjectChange(project, Part.HEADER, TextKey(name))]
    if name in {k.value for k in OtherKey}:
        changes: list[Change] = [ProjectChange(project, Part.HEADER, OtherKey(name))]
        if name == OtherKey.TEMPLATE:  # shown in another layout: the tree's categories change too
            changes.append(_replaced_rows(project))
        return changes
    return [ProjectChange(project, Part.HEADER)]  # a field without its own key yet (test_operations names it)


def _replaced_rows(project: Project) -> Change:
    return ProjectChange(project, Part.INDICATORS, rows=RowChange(RowChangeKind.REPLACED))


@dataclass(frozen=True, eq=False)
class ReplaceContent(Operation):
    """Make `project` hold a copy of `content` (everything but its id); the object itself stays the same."""

    project: Project
    content: Project
    label: str = "恢复项目内容"

    def apply(self, workbook: Workbook) -> Outcome:
        _index_of(workbook, self.project)
        before = self.project.snapshot()
        fresh = copy.deepcopy(self.content)
        for f in fields(Project):
            if f.name != "id":
                setattr(self.project, f.name, getattr(fresh, f.name))
        return Outcome(ReplaceContent(self.project, before, self.label), _content_changes(self.project, before))


@dataclass(frozen=True, eq=False)
class ApplyFix(Operation):
    """A finding's one-click fix (一键修复); a fix that finds nothing to change (stale) changes nothing."""

    project: Project
    fix: Fix
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", f"一键修复：{self.fix.label}")

    def apply(self, workbook: Workbook) -> Outcome:
        _index_of(workbook, self.project)
        return ReplaceContent(self.project, self.fix.apply(self.project), self.label).apply(workbook)


@dataclass(frozen=True, eq=False)
class InsertProject(Operation):
    """Put a project at `index` of the workbook (clamped to the list)."""

    index: int
    project: Project
    label: str = "新建项目"

    def apply(self, workbook: Workbook) -> Outcome:
        if any(p is self.project for p in workbook.projects):
            raise OperationError("project is already in this workbook")
        index = max(0, min(self.index, len(workbook.projects)))
        workbook.projects.insert(index, self.project)
        change = ProjectsChange(ProjectsChangeKind.ADDED, self.project, index)
        return Outcome(RemoveProject(self.project, self.label), (change,))


@dataclass(frozen=True, eq=False)
class RemoveProject(Operation):
    """Take a project out of the workbook; its inverse puts the very same object back at the same place."""

    project: Project
    label: str = "删除项目"

    def apply(self, workbook: Workbook) -> Outcome:
        index = _index_of(workbook, self.project)
        del workbook.projects[index]
        change = ProjectsChange(ProjectsChangeKind.REMOVED, self.project, index)
        return Outcome(InsertProject(index, self.project, self.label), (change,))


@dataclass(frozen=True, eq=False)
class Batch(Operation):
    """Several operations that make one user action (one undo step): pasting rows, fixing every finding of a rule."""

    steps: tuple[Operation, ...]
    label: str = ""

    def apply(self, workbook: Workbook) -> Outcome:
        inverses: list[Operation] = []
        changes: list[Change] = []
        try:
            for step in self.steps:
                outcome = step.apply(workbook)
                inverses.append(outcome.inverse)
                changes.extend(outcome.changes)
        except Exception:
            for inverse in reversed(inverses):  # all or nothing: never leave half an action applied
                inverse.apply(workbook)
            raise
        return Outcome(Batch(tuple(reversed(inverses)), self.label), tuple(changes))


# ---------------------------------------------------------------------------------------------------- builders


def add_projects(workbook: Workbook, projects: Sequence[Project], index: int | None, label: str) -> Operation:
    """Add projects together at `index` (the end when None), as one step."""
    start = len(workbook.projects) if index is None else index
    return Batch(tuple(InsertProject(start + i, p) for i, p in enumerate(projects)), label)


def delete_projects(workbook: Workbook, projects: Sequence[Project]) -> Operation:
    """Delete projects as one step; undo puts each back where it was."""
    positions = sorted(((_index_of(workbook, p), p) for p in projects), key=lambda pair: pair[0], reverse=True)
    names = "、".join(p.display_name() for p in projects[:2]) + ("等" if len(projects) > 2 else "")
    return Batch(tuple(RemoveProject(p) for _i, p in positions), f"删除项目“{names}”")


def duplicate_of(project: Project) -> Project:
    """A copy of a project to add beside it (a draft), named so the clerk sees which one is the copy."""
    twin = project.clone()
    twin.name = f"{project.display_name()}（副本）"
    twin.status = Status.DRAFT
    return twin


def duplicate_project(workbook: Workbook, project: Project) -> tuple[Operation, Project]:
    """复制项目: the operation adding a copy right after the original, and the copy."""
    twin = duplicate_of(project)
    index = _index_of(workbook, project) + 1
    return InsertProject(index, twin, f"复制项目“{project.display_name()}”"), twin


def fix_all(fixes: Sequence[tuple[Project, Fix]], label: str) -> Operation:
    """Several one-click fixes as one undo step (全部修复此类); each fix sees the result of those before it."""
    return Batch(tuple(ApplyFix(project, fix) for project, fix in fixes), label)


__all__ = [
    "ApplyFix",
    "Batch",
    "EditIndicator",
    "InsertIndicator",
    "InsertProject",
    "MoveIndicator",
    "Operation",
    "OperationError",
    "Outcome",
    "RemoveIndicator",
    "RemoveProject",
    "ReplaceContent",
    "SetAmount",
    "SetMidterm",
    "SetSpendingPlan",
    "SetStatus",
    "SetText",
    "SetYear",
    "add_projects",
    "amount_value",
    "delete_projects",
    "duplicate_of",
    "duplicate_project",
    "fix_all",
    "funds_value",
    "text_value",
    "with_text",
    "year_value",
]

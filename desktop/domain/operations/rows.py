"""Operations on the indicator table: insert, remove, move and edit one 三级 row (positions in project.indicators)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop.domain.changes import Change, ProjectChange, RowChange
from desktop.domain.model import Indicator, Project, Workbook
from desktop.domain.operations.base import Operation, OperationError, Outcome, index_of
from desktop.domain.parts import IndicatorField, Part, RowChangeKind


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
        index_of(workbook, self.project)
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
        index_of(workbook, self.project)
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
        index_of(workbook, self.project)
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
        index_of(workbook, self.project)
        rows = self.project.indicators
        _check_row(self.project, self.index, len(rows) - 1)
        old = rows[self.index]
        rows[self.index] = with_text(old, self.field, self.value)
        inverse = EditIndicator(self.project, self.index, self.field, getattr(old, self.field.value), self.label)
        change = RowChange(RowChangeKind.EDITED, self.index, field=self.field)
        return Outcome(inverse, _rows_changed(self.project, change))

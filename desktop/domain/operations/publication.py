"""Operations on a project's department-publication parts: its money by source and its overview paragraph.

项目类别 and 功能科目 are plain header texts (SetText with TextKey.KIND / TextKey.FUNCTION_CODE).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from desktop.domain.model import FundsBySource, Overview, Project, Workbook
from desktop.domain.operations.base import Operation, Outcome, changed, index_of
from desktop.domain.parts import OtherKey
from desktop.domain.project_values import OverviewKey as OverviewKey
from desktop.domain.project_values import SourceKey as SourceKey
from desktop.domain.project_values import overview_text as overview_text
from desktop.domain.project_values import source_amount as source_amount


@dataclass(frozen=True, eq=False)
class SetFundsBySource(Operation):
    """Put the whole money-by-source block back (the inverse of an amount edit; None when there was none)."""

    project: Project
    value: FundsBySource | None
    label: str = "修改分来源资金"

    def apply(self, workbook: Workbook) -> Outcome:
        index_of(workbook, self.project)
        old = self.project.funds_by_source
        self.project.funds_by_source = self.value
        return Outcome(SetFundsBySource(self.project, old, self.label), changed(self.project, OtherKey.FUNDS_BY_SOURCE))


@dataclass(frozen=True, eq=False)
class SetSourceAmount(Operation):
    """Set one amount (万元) of the project's money by source; None clears it. Emptied blocks become None again."""

    project: Project
    key: SourceKey
    value: Decimal | None
    label: str = "修改分来源资金"

    def apply(self, workbook: Workbook) -> Outcome:
        index_of(workbook, self.project)
        project = self.project
        old = project.funds_by_source
        new = replace(old if old is not None else FundsBySource(), **{self.key.value: self.value})
        project.funds_by_source = None if new == FundsBySource() else new
        return Outcome(SetFundsBySource(project, old, self.label), changed(project, OtherKey.FUNDS_BY_SOURCE))

    def merges_with(self, later: Operation) -> bool:
        return isinstance(later, SetSourceAmount) and later.project is self.project and later.key is self.key

    def restores(self, inverse: Operation) -> bool:
        # Typing in one field merges; the other amounts are as they were, so only this one needs comparing.
        if not isinstance(inverse, SetFundsBySource) or inverse.project is not self.project:
            return False
        before = getattr(inverse.value, self.key.value) if inverse.value is not None else None
        return bool(before == self.value)


@dataclass(frozen=True, eq=False)
class SetOverview(Operation):
    """Put the whole overview back (the inverse of a text edit; None when there was none)."""

    project: Project
    value: Overview | None
    label: str = "修改项目概况"

    def apply(self, workbook: Workbook) -> Outcome:
        index_of(workbook, self.project)
        old = self.project.overview
        self.project.overview = self.value
        return Outcome(SetOverview(self.project, old, self.label), changed(self.project, OtherKey.OVERVIEW))


@dataclass(frozen=True, eq=False)
class SetOverviewText(Operation):
    """Set one text of the project's overview paragraph; None clears it. An emptied overview becomes None again."""

    project: Project
    key: OverviewKey
    value: str | None
    label: str = "修改项目概况"

    def apply(self, workbook: Workbook) -> Outcome:
        index_of(workbook, self.project)
        project = self.project
        old = project.overview
        new = replace(old if old is not None else Overview(), **{self.key.value: self.value})
        project.overview = None if new == Overview() else new
        return Outcome(SetOverview(project, old, self.label), changed(project, OtherKey.OVERVIEW))

    def merges_with(self, later: Operation) -> bool:
        return isinstance(later, SetOverviewText) and later.project is self.project and later.key is self.key

    def restores(self, inverse: Operation) -> bool:
        if not isinstance(inverse, SetOverview) or inverse.project is not self.project:
            return False
        before = getattr(inverse.value, self.key.value) if inverse.value is not None else None
        return bool(before == self.value)

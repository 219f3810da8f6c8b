"""Operations on a project's department-publication parts: its money by source and its overview paragraph.

项目类别 and 功能科目 are plain header texts (SetText with TextKey.KIND / TextKey.FUNCTION_CODE).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from desktop.domain.changes import OtherKey
from desktop.domain.model import FundsBySource, Overview, Project, Workbook
from desktop.domain.operations.base import Operation, Outcome, changed, index_of


class SourceKey(StrEnum):
    """One column of the 项目支出表 (a field of `FundsBySource`)."""

    GENERAL = "general"
    GOV_FUND = "gov_fund"
    STATE_CAPITAL = "state_capital"
    CARRYOVER_GENERAL = "carryover_general"
    CARRYOVER_GOV_FUND = "carryover_gov_fund"
    CARRYOVER_STATE_CAPITAL = "carryover_state_capital"
    SPECIAL_ACCOUNT = "special_account"
    UNIT = "unit"


class OverviewKey(StrEnum):
    """One text of the 说明's per-project overview (a field of `Overview`)."""

    SUMMARY = "summary"
    IMPLEMENTER = "implementer"
    TIMEFRAME = "timeframe"
    CONTENT = "content"


def source_amount(project: Project, key: SourceKey) -> Decimal | None:
    """One amount (万元) of the project's money by source; None when not filled."""
    by_source = project.funds_by_source
    value = getattr(by_source, key.value) if by_source is not None else None
    assert value is None or isinstance(value, Decimal)
    return value


def overview_text(project: Project, key: OverviewKey) -> str | None:
    """One text of the project's overview paragraph; None when not filled."""
    overview = project.overview
    value = getattr(overview, key.value) if overview is not None else None
    assert value is None or isinstance(value, str)
    return value


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

"""What a project holds under each key the form shows: the read side of the edit operations.

The form reads its values through these when it builds and when it loads a project; the operations (which change the
values) live in `desktop.domain.operations`, imported only with the first edit. This module imports nothing but the
model and the change keys, so the window shows without the operations loaded.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from desktop.domain.model import Funds, Project
from desktop.domain.parts import FundsKey, FundsPart, TextKey, YearKey


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

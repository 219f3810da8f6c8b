"""The department-publication parts of a project (money by source, the overview paragraph) edited by operations:
each has an exact inverse, typing in one field merges into one undo step, and typing back leaves nothing to undo."""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.changes import ProjectChange
from desktop.domain.model import FundsBySource, Overview, Project, Workbook
from desktop.domain.operations import SetText
from desktop.domain.operations.publication import (
    OverviewKey,
    SetFundsBySource,
    SetOverview,
    SetOverviewText,
    SetSourceAmount,
    SourceKey,
    overview_text,
    source_amount,
)
from desktop.domain.parts import OtherKey, TextKey


def _workbook() -> tuple[Workbook, Project]:
    project = Project(name="城乡医疗救助", template="ah-project", year=2024)
    return Workbook(projects=[project]), project


def test_an_amount_by_source_is_set_and_undone_exactly() -> None:
    workbook, project = _workbook()
    outcome = SetSourceAmount(project, SourceKey.GENERAL, Decimal("12.5")).apply(workbook)
    assert project.funds_by_source == FundsBySource(general=Decimal("12.5"))
    assert source_amount(project, SourceKey.GENERAL) == Decimal("12.5")
    [change] = outcome.changes
    assert isinstance(change, ProjectChange) and change.project is project and change.key is OtherKey.FUNDS_BY_SOURCE
    redo = outcome.inverse.apply(workbook).inverse
    assert project.funds_by_source is None  # the project had no money by source: it has none again
    redo.apply(workbook)
    assert project.funds_by_source == FundsBySource(general=Decimal("12.5"))


def test_clearing_the_last_amount_leaves_no_empty_block() -> None:
    workbook, project = _workbook()
    project.funds_by_source = FundsBySource(unit=Decimal(3))
    outcome = SetSourceAmount(project, SourceKey.UNIT, None).apply(workbook)
    assert project.funds_by_source is None
    outcome.inverse.apply(workbook)
    assert project.funds_by_source == FundsBySource(unit=Decimal(3))


def test_an_overview_text_is_set_and_undone_exactly() -> None:
    workbook, project = _workbook()
    project.overview = Overview(implementer="泗县医疗保障局")
    outcome = SetOverviewText(project, OverviewKey.SUMMARY, "资助参保").apply(workbook)
    assert project.overview == Overview(summary="资助参保", implementer="泗县医疗保障局")
    assert overview_text(project, OverviewKey.SUMMARY) == "资助参保"
    [change] = outcome.changes
    assert isinstance(change, ProjectChange) and change.key is OtherKey.OVERVIEW
    outcome.inverse.apply(workbook)
    assert project.overview == Overview(implementer="泗县医疗保障局")


def test_typing_in_one_field_merges_and_typing_back_restores() -> None:
    workbook, project = _workbook()
    project.funds_by_source = FundsBySource(general=Decimal(5))
    first = SetSourceAmount(project, SourceKey.GENERAL, Decimal(1))
    inverse = first.apply(workbook).inverse
    later = SetSourceAmount(project, SourceKey.GENERAL, Decimal(12))
    assert first.merges_with(later)
    assert not first.merges_with(SetSourceAmount(project, SourceKey.UNIT, Decimal(12)))
    other = Project(name="x", template="ah-project", year=2024)
    assert not first.merges_with(SetSourceAmount(other, SourceKey.GENERAL, Decimal(12)))
    assert isinstance(inverse, SetFundsBySource)
    assert not later.restores(inverse)
    assert SetSourceAmount(project, SourceKey.GENERAL, Decimal(5)).restores(inverse)

    text = SetOverviewText(project, OverviewKey.CONTENT, "甲")
    text_inverse = text.apply(workbook).inverse
    assert isinstance(text_inverse, SetOverview)
    assert text.merges_with(SetOverviewText(project, OverviewKey.CONTENT, "甲乙"))
    assert not text.merges_with(SetOverviewText(project, OverviewKey.SUMMARY, "甲乙"))
    assert SetOverviewText(project, OverviewKey.CONTENT, None).restores(text_inverse)
    assert not SetOverviewText(project, OverviewKey.CONTENT, "甲乙").restores(text_inverse)


def test_kind_and_function_code_are_header_texts() -> None:
    workbook, project = _workbook()
    inverse = SetText(project, TextKey.KIND, "特定目标类").apply(workbook).inverse
    SetText(project, TextKey.FUNCTION_CODE, "2101301").apply(workbook)
    assert (project.kind, project.function_code) == ("特定目标类", "2101301")
    inverse.apply(workbook)
    assert project.kind is None

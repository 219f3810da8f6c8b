"""The edit operations without Qt: each applied changes what it says, reports it, and its inverse restores exactly."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from desktop.domain.changes import ProjectChange, ProjectsChange
from desktop.domain.checks_base import replace_cell_fix
from desktop.domain.model import Indicator, SpendingStep, Status, Workbook
from desktop.domain.operations import (
    ApplyFix,
    Batch,
    EditIndicator,
    InsertIndicator,
    MoveIndicator,
    Operation,
    OperationError,
    RemoveIndicator,
    ReplaceContent,
    SetAmount,
    SetSpendingPlan,
    SetStatus,
    SetText,
    SetYear,
    add_projects,
    delete_projects,
    duplicate_project,
    fix_all,
    text_value,
)
from desktop.domain.parts import (
    FundsKey,
    FundsPart,
    IndicatorField,
    OtherKey,
    Part,
    ProjectsChangeKind,
    RowChangeKind,
    TextKey,
    YearKey,
)
from desktop.io.demo import demo_workbook


@pytest.fixture
def workbook() -> Workbook:
    book = demo_workbook()
    for i, project in enumerate(book.projects):
        project.id = i + 1
    return book


def round_trip(workbook: Workbook, operation: Operation) -> list[object]:
    """Apply, check the inverse restores the workbook exactly, redo through the inverse's inverse; the changes."""
    before = copy.deepcopy(workbook)
    outcome = operation.apply(workbook)
    after = copy.deepcopy(workbook)
    assert workbook != before, "the operation changed nothing"
    back = outcome.inverse.apply(workbook)
    assert workbook == before
    back.inverse.apply(workbook)
    assert workbook == after
    return list(outcome.changes)


def test_header_text_fields_every_one(workbook: Workbook) -> None:
    project = workbook.projects[0]
    for key in TextKey:
        changes = round_trip(workbook, SetText(project, key, f"新的{key.value}"))
        assert text_value(project, key) == f"新的{key.value}"
        [change] = changes
        assert isinstance(change, ProjectChange) and change.project is project
        assert (change.part, change.key) == (Part.HEADER, key)


def test_midterm_goal_on_a_project_without_midterm_block_is_undone_to_no_block(workbook: Workbook) -> None:
    project = next(p for p in workbook.projects if p.midterm is None)
    round_trip(workbook, SetText(project, TextKey.MIDTERM_GOAL, "三年目标"))
    assert project.midterm is not None and project.midterm.goal == "三年目标"


def test_years_and_amounts(workbook: Workbook) -> None:
    project = workbook.projects[0]
    [change] = round_trip(workbook, SetYear(project, YearKey.YEAR, project.year + 1))
    assert isinstance(change, ProjectChange) and change.key is YearKey.YEAR
    round_trip(workbook, SetYear(project, YearKey.MIDTERM_START, 2024))
    for part in FundsPart:
        [change] = round_trip(workbook, SetAmount(project, FundsKey.ANNUAL, part, Decimal("12.50")))
        assert isinstance(change, ProjectChange) and (change.part, change.key) == (Part.FUNDS, FundsKey.ANNUAL)
        round_trip(workbook, SetAmount(project, FundsKey.MIDTERM, part, Decimal("3")))
    assert project.funds.total == Decimal("12.50")
    plan = tuple(SpendingStep(m, Decimal(p)) for m, p in ((3, 10), (6, 40), (10, 80), (12, 100)))
    [change] = round_trip(workbook, SetSpendingPlan(project, plan))
    assert isinstance(change, ProjectChange) and change.key is OtherKey.SPENDING_PLAN
    with pytest.raises(OperationError):
        SetYear(project, YearKey.YEAR, None).apply(workbook)


def test_status(workbook: Workbook) -> None:
    project = workbook.projects[0]
    [change] = round_trip(workbook, SetStatus(project, Status.FINAL))
    assert isinstance(change, ProjectChange) and change.part is Part.STATUS


def test_indicator_rows(workbook: Workbook) -> None:
    project = workbook.projects[0]
    new = Indicator("产出指标", "数量指标", "新指标", "≥1 个")
    [change] = round_trip(workbook, InsertIndicator(project, 1, new))
    assert isinstance(change, ProjectChange) and change.rows is not None
    assert (change.rows.kind, change.rows.index) == (RowChangeKind.INSERTED, 1)
    first = project.indicators[0]
    [change] = round_trip(workbook, RemoveIndicator(project, 0))
    assert isinstance(change, ProjectChange) and change.rows is not None and change.rows.before == first
    [change] = round_trip(workbook, MoveIndicator(project, 0, 2, None))
    assert isinstance(change, ProjectChange) and change.rows is not None
    assert (change.rows.kind, change.rows.index, change.rows.to) == (RowChangeKind.MOVED, 0, 2)
    relabelled = Indicator("产出指标", "质量指标", first.name, first.value)
    round_trip(workbook, MoveIndicator(project, 0, 2, relabelled))
    for key in IndicatorField:
        [change] = round_trip(workbook, EditIndicator(project, 0, key, "改过"))
        assert isinstance(change, ProjectChange) and change.rows is not None and change.rows.field is key
    with pytest.raises(OperationError):
        RemoveIndicator(project, len(project.indicators)).apply(workbook)


def test_projects_added_duplicated_deleted_come_back_as_the_same_objects(workbook: Workbook) -> None:
    first, second, third = workbook.projects[:3]
    changes = round_trip(workbook, delete_projects(workbook, [third, first]))
    assert [(c.kind, c.index) for c in changes if isinstance(c, ProjectsChange)] == [
        (ProjectsChangeKind.REMOVED, 2),
        (ProjectsChangeKind.REMOVED, 0),
    ]
    assert not any(p is first or p is third for p in workbook.projects)
    undo = delete_projects(workbook, [second]).apply(workbook).inverse
    undo.apply(workbook)
    assert workbook.projects[0] is second  # the very object, so older operations on it still apply
    operation, twin = duplicate_project(workbook, second)
    round_trip(workbook, operation)
    assert workbook.projects[1] is twin and twin.id is None and twin.name is not None and twin.name.endswith("（副本）")
    added = [copy.deepcopy(first), copy.deepcopy(second)]
    round_trip(workbook, add_projects(workbook, added, None, "导入"))


def test_a_fix_reports_only_the_cell_it_changed(workbook: Workbook) -> None:
    project = workbook.projects[0]
    old = project.indicators[0].value
    fix = replace_cell_fix("补上单位", 0, "value", old, f"{old}个")
    operation = ApplyFix(project, fix)
    assert operation.label == "一键修复：补上单位"
    [change] = round_trip(workbook, operation)
    assert isinstance(change, ProjectChange) and change.rows is not None
    assert (change.rows.kind, change.rows.index, change.rows.field) == (RowChangeKind.EDITED, 0, IndicatorField.VALUE)


def test_fix_all_is_one_step_and_each_fix_sees_the_ones_before(workbook: Workbook) -> None:
    project = workbook.projects[0]
    values = [i.value for i in project.indicators[:2]]
    fixes = [(project, replace_cell_fix("补", i, "value", v, f"{v}!")) for i, v in enumerate(values)]
    round_trip(workbook, fix_all(fixes, "全部修复"))


def test_a_batch_that_fails_half_way_leaves_nothing_applied(workbook: Workbook) -> None:
    project = workbook.projects[0]
    before = copy.deepcopy(workbook)
    broken = Batch((SetText(project, TextKey.NAME, "改名"), RemoveIndicator(project, 999)), "坏")
    with pytest.raises(OperationError):
        broken.apply(workbook)
    assert workbook == before


def test_typing_on_merges_and_typing_back_restores(workbook: Workbook) -> None:
    project = workbook.projects[0]
    first = SetText(project, TextKey.NAME, "a")
    later = SetText(project, TextKey.NAME, "ab")
    assert first.merges_with(later)
    assert not first.merges_with(SetText(project, TextKey.CODE, "ab"))
    assert not first.merges_with(SetText(workbook.projects[1], TextKey.NAME, "ab"))
    inverse = first.apply(workbook).inverse
    assert SetText(project, TextKey.NAME, text_value_of(inverse)).restores(inverse)


def text_value_of(operation: Operation) -> str | None:
    assert isinstance(operation, SetText)
    return operation.value


def test_every_project_field_has_a_change_key(workbook: Workbook) -> None:
    """A fix may touch any field; each must be reported (a new Project field without a key fails here)."""
    from dataclasses import fields

    from desktop.domain.model import Project

    project = workbook.projects[0]
    for f in fields(Project):
        if f.name in ("id", "indicators", "status"):
            continue
        content = copy.deepcopy(project)
        if f.name == "year":
            content.year += 1
        else:
            setattr(content, f.name, None if getattr(project, f.name) is not None else "x")
        before = copy.deepcopy(project)
        outcome = ReplaceContent(project, content).apply(workbook)
        assert outcome.changes, f.name
        named = [isinstance(c, ProjectChange) and (c.key is not None or c.rows is not None) for c in outcome.changes]
        assert all(named), f.name
        outcome.inverse.apply(workbook)
        assert project == before

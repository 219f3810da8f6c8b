"""Operations on whole projects: replace the content (a fix, its undo), add, remove, duplicate, fix several."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, fields

from desktop.domain.changes import Change, ProjectChange, ProjectsChange, RowChange
from desktop.domain.findings import Fix
from desktop.domain.model import Project, Status, Workbook
from desktop.domain.operations.base import Batch, Operation, OperationError, Outcome, index_of
from desktop.domain.parts import (
    FundsKey,
    IndicatorField,
    OtherKey,
    Part,
    ProjectsChangeKind,
    RowChangeKind,
    TextKey,
    YearKey,
)

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
        index_of(workbook, self.project)
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
        index_of(workbook, self.project)
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
        index = index_of(workbook, self.project)
        del workbook.projects[index]
        change = ProjectsChange(ProjectsChangeKind.REMOVED, self.project, index)
        return Outcome(InsertProject(index, self.project, self.label), (change,))


def add_projects(workbook: Workbook, projects: Sequence[Project], index: int | None, label: str) -> Operation:
    """Add projects together at `index` (the end when None), as one step."""
    start = len(workbook.projects) if index is None else index
    return Batch(tuple(InsertProject(start + i, p) for i, p in enumerate(projects)), label)


def import_projects(
    workbook: Workbook, replacements: Sequence[tuple[Project, Project]], additions: Sequence[Project], label: str
) -> Operation:
    """An import as one step: each (existing, incoming) pair makes `existing` hold the incoming content (in its
    place, as a draft, its 定稿 copy kept for 与定稿版比较), and `additions` go to the end."""
    steps: list[Operation] = []
    for existing, incoming in replacements:
        content = copy.deepcopy(incoming)
        content.status = Status.DRAFT
        content.final_copy = existing.final_copy
        steps.append(ReplaceContent(existing, content, label))
    start = len(workbook.projects)
    steps.extend(InsertProject(start + i, p, label) for i, p in enumerate(additions))
    return Batch(tuple(steps), label)


def delete_projects(workbook: Workbook, projects: Sequence[Project]) -> Operation:
    """Delete projects as one step; undo puts each back where it was."""
    positions = sorted(((index_of(workbook, p), p) for p in projects), key=lambda pair: pair[0], reverse=True)
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
    index = index_of(workbook, project) + 1
    return InsertProject(index, twin, f"复制项目“{project.display_name()}”"), twin


def fix_all(fixes: Sequence[tuple[Project, Fix]], label: str) -> Operation:
    """Several one-click fixes as one undo step (全部修复此类); each fix sees the result of those before it."""
    return Batch(tuple(ApplyFix(project, fix) for project, fix in fixes), label)

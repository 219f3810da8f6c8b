"""Importing departments that may already be in the workbook: new, changed or unchanged, and the one undo step.

A department is identified by its year and name (spec/INTERCHANGE.md), so two of the same year and name cannot
stand side by side: an incoming one either replaces the workbook's (its place and its workbook key kept) or is
skipped. The import of a file is one undo step: its projects and its departments together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from desktop.domain.department.model import Department
from desktop.domain.model import Workbook
from desktop.domain.operations import Batch, Operation
from desktop.domain.operations.departments import EditDepartment, InsertDepartment
from desktop.domain.parts import DepartmentPart
from desktop.domain.reimport import Match

_MATCH_LABELS = {Match.NEW: "新部门", Match.CHANGED: "有改动", Match.UNCHANGED: "无改动"}


def _key(department: Department) -> tuple[int, str]:
    return department.year, "".join(department.name.split())


@dataclass(frozen=True)
class IncomingDepartment:
    """One imported department and the workbook's department of the same year and name (or None)."""

    department: Department
    existing: Department | None
    match: Match

    def summary(self) -> str:
        """ "新部门" / "有改动" / "无改动"."""
        return _MATCH_LABELS[self.match]


def classify_departments(existing: Sequence[Department], incoming: Sequence[Department]) -> list[IncomingDepartment]:
    """Each incoming department with the existing one of the same year and name; unchanged when equal but for the
    workbook's key."""
    out = []
    for department in incoming:
        match = next((d for d in existing if _key(d) == _key(department)), None)
        if match is None:
            kind = Match.NEW
        elif replace(match, id=None) == replace(department, id=None):
            kind = Match.UNCHANGED
        else:
            kind = Match.CHANGED
        out.append(IncomingDepartment(department, match, kind))
    return out


def import_departments(
    workbook: Workbook,
    replacements: Sequence[tuple[Department, Department]],
    additions: Sequence[Department],
    label: str,
) -> tuple[Operation, ...]:
    """The steps that import departments: each (existing, incoming) pair puts the incoming content in the existing
    one's place (keeping its workbook key); `additions` go after the departments there are."""
    steps: list[Operation] = [
        EditDepartment(existing, replace(incoming, id=existing.id), DepartmentPart.WHOLE, label)
        for existing, incoming in replacements
    ]
    start = len(workbook.departments)
    steps.extend(InsertDepartment(start + i, department, label) for i, department in enumerate(additions))
    return tuple(steps)


def import_step(project_import: Operation | None, department_steps: Sequence[Operation], label: str) -> Operation:
    """A file's projects and departments as one undo step."""
    steps = ((project_import,) if project_import is not None else ()) + tuple(department_steps)
    return Batch(steps, label)

"""The base of every operation: what applying one returns, and a Batch of several as one step."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.changes import Change, ProjectChange
from desktop.domain.model import Project, Workbook
from desktop.domain.parts import FundsKey, OtherKey, Part, TextKey, YearKey


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

    def undoing_both(self, earlier: Operation) -> Operation:
        """This operation undoes an edit that merged into the step before it (see `merges_with`), whose inverse is
        `earlier`: the one operation that undoes both. Operations that set a value on an object they address by
        identity undo both by undoing the first, which is the default."""
        return earlier


def index_of(workbook: Workbook, project: Project) -> int:
    """Position of this very project object in the workbook; OperationError when it is not there."""
    for i, candidate in enumerate(workbook.projects):
        if candidate is project:
            return i
    raise OperationError("project is not in this workbook")


def changed(project: Project, key: TextKey | YearKey | FundsKey | OtherKey, part: Part = Part.HEADER) -> tuple[Change]:
    """The one change of a header operation."""
    return (ProjectChange(project, part, key),)


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

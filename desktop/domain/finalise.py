"""定稿: marking a project final, taking it back, and what changed since.

A project can be marked final only when it has no errors. Its content at that moment is kept (`FinalCopy`), and
it stays kept after 撤销定稿: the point of 与定稿版比较 is to answer, after the finance bureau sent a form back and it
was edited, "what did we change since we submitted it?".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from desktop.domain.model import FinalCopy, Project, Status
from desktop.domain.project_diff import ProjectDiff, diff_projects
from desktop.domain.rules import Severity
from desktop.domain.validation import Finding


class FinaliseRefused(ValueError):
    """A project with errors cannot be marked final; the message says how many and what to do."""


def finalised(project: Project, findings: Sequence[Finding], now: datetime | None = None) -> Project:
    """A copy of `project` marked final, with its content kept as the 定稿 copy.

    Raises FinaliseRefused when `findings` (the project's own) hold an error.
    """
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise FinaliseRefused(f"“{project.display_name()}”还有 {len(errors)} 个错误，改正后才能定稿。")
    taken = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    content = replace(project.snapshot(), status=Status.FINAL, final_copy=None, id=None)
    new = project.snapshot()
    new.status = Status.FINAL
    new.final_copy = FinalCopy(taken=taken, content=content)
    return new


def unfinalised(project: Project) -> Project:
    """A copy of `project` back to draft (editable); the 定稿 copy is kept for the comparison."""
    new = project.snapshot()
    new.status = Status.DRAFT
    return new


def changes_since_final(project: Project) -> ProjectDiff | None:
    """What differs from the content kept at 定稿, or None when the project was never marked final."""
    if project.final_copy is None:
        return None
    return diff_projects(project.final_copy.content, project)

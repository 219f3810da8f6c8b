"""Drafts that still have errors, said before a set of forms leaves the office (导出 PDF, 打印, 导出 Excel).

A project still being edited (草稿) whose checks find errors (强制性) is not what the finance bureau should file as
submitted. Before such a set is exported or printed the clerk is told how many and which; the pages of those
projects can carry a diagonal "草稿" watermark, so a sheet that slips out is never mistaken for the final form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from desktop.domain.findings import Finding
from desktop.domain.model import Project, Status, Workbook
from desktop.domain.rules import Severity
from desktop.domain.validation import validate_project
from desktop.templates.layouts import Layout

DRAFT_MARK = "草稿"
"""The watermark's text."""
_LISTED = 10


@dataclass(frozen=True, eq=False)
class UnfinishedDraft:
    """A draft project of the set and how many errors its checks find."""

    project: Project
    errors: int


def drafts_with_errors(projects: Sequence[Project], error_count: Callable[[Project], int]) -> list[UnfinishedDraft]:
    """The draft (not 定稿) projects among `projects` that have errors, in the given order.

    `error_count` says how many errors a project has: the window passes the counts it keeps current, the command line
    counts them with `count_errors`.
    """
    drafts: list[UnfinishedDraft] = []
    for project in projects:
        if project.status is Status.FINAL:
            continue
        errors = error_count(project)
        if errors:
            drafts.append(UnfinishedDraft(project, errors))
    return drafts


def count_errors(layouts: Mapping[str, Layout]) -> Callable[[Project], int]:
    """A counter of a project's errors (强制性 findings) against `layouts`, for `drafts_with_errors`."""

    def count(project: Project) -> int:
        return sum(1 for f in validate_project(project, layouts) if f.severity is Severity.ERROR)

    return count


def unfinished_drafts(workbook: Workbook, layouts: Mapping[str, Layout]) -> list[UnfinishedDraft]:
    """The draft projects of `workbook` that have errors (checked now against `layouts`)."""
    return drafts_with_errors(workbook.projects, count_errors(layouts))


def unfinished_among(projects: Sequence[Project], findings: Sequence[Sequence[Finding]]) -> list[UnfinishedDraft]:
    """The draft projects with errors, from findings already made (one list per project, as
    desktop.domain.print_checks.project_findings gives them), so an export validates each project once."""
    errors = {
        id(project): sum(1 for f in own if f.severity is Severity.ERROR)
        for project, own in zip(projects, findings, strict=True)
    }
    return drafts_with_errors(projects, lambda project: errors[id(project)])


def drafts_listing(drafts: Sequence[UnfinishedDraft], limit: int = _LISTED) -> str:
    """One Chinese line per project, `  项目名（3 个错误）`, the first `limit` of them and how many more."""
    lines = [f"  {d.project.display_name()}（{d.errors} 个错误）" for d in drafts[:limit]]
    if len(drafts) > limit:
        lines.append(f"  ……另有 {len(drafts) - limit} 个项目")
    return "\n".join(lines)

"""What must be said before a form is printed or exported: amounts that look typed in 元 (W01) and damaged text
(W09 comparators and stray characters, W11 web-page markup). Nothing of it may reach a stamped page silently: the
clerk fixes it all at once, or states that it prints anyway."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop.domain.findings import Finding
from desktop.domain.model import Project, Status, Workbook
from desktop.domain.validation import WORKBOOK_CHECKS, validate_project
from desktop.templates.layouts import Layout

PRINT_RULES: frozenset[str] = frozenset({"W01", "W09", "W11"})


@dataclass(frozen=True)
class PrintWarning:
    """One finding to show before printing, with the project it belongs to (by position in the workbook)."""

    project: int
    finding: Finding

    def line(self, workbook: Workbook) -> str:
        """`项目名 › 位置：问题` in one Chinese line."""
        return (
            f"{workbook.projects[self.project].display_name()} › {self.finding.location_text}：{self.finding.message}"
        )


def project_findings(workbook: Workbook, layouts: Mapping[str, Layout]) -> list[list[Finding]]:
    """Every project's findings (validate_project), in workbook order: the one validation pass that both the print
    warnings (`warnings_among`) and the draft check (desktop.domain.draft_check) read before an export."""
    return [validate_project(project, layouts) for project in workbook.projects]


def print_warnings(workbook: Workbook, layouts: Mapping[str, Layout]) -> list[PrintWarning]:
    """The W01, W09 and W11 findings of the projects about to be printed, in workbook order."""
    return warnings_among(workbook, project_findings(workbook, layouts), layouts)


def warnings_among(
    workbook: Workbook, findings: Sequence[Sequence[Finding]], layouts: Mapping[str, Layout]
) -> list[PrintWarning]:
    """The print warnings among `findings` (those of `project_findings`, one list per project of `workbook`) and
    among the whole-workbook rules' findings. A department's rules (D…, W10) never print anything of a form, so
    departments are not checked here."""
    warnings = [
        PrintWarning(position, finding)
        for position, own in enumerate(findings)
        for finding in own
        if finding.rule in PRINT_RULES
    ]
    start = 0
    for check in WORKBOOK_CHECKS:
        for finding in check(workbook, layouts):
            if finding.rule not in PRINT_RULES:
                continue
            order = [*range(start, len(workbook.projects)), *range(start)]
            position = next(
                (
                    j
                    for j in order
                    if (workbook.projects[j].id, workbook.projects[j].display_name())
                    == (finding.project_id, finding.project_name)
                ),
                None,
            )
            if position is None:
                continue
            start = position
            warnings.append(PrintWarning(position, finding))
    return warnings


def fixed_projects(workbook: Workbook, warnings: list[PrintWarning]) -> dict[int, Project]:
    """Every fix applied, per project position: the corrected copies (the workbook itself is not changed). Projects
    marked final (定稿) are left as they are."""
    fixed: dict[int, Project] = {}
    for warning in warnings:
        project = workbook.projects[warning.project]
        if warning.finding.fix is None or project.status is Status.FINAL:
            continue
        fixed[warning.project] = warning.finding.fix.apply(fixed.get(warning.project, project))
    return fixed

"""Validation: every rule of the catalogue (rules.py) run over a project or a whole workbook.

`validate_project` is cheap enough to run on every keystroke (see benchmarks/validate_benchmark.py): each value is
parsed once per run and parses are remembered across runs. Findings come back in catalogue order (errors first),
rows in table order within a rule. The UI only displays them and applies their `Fix`; nothing here mutates a project.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from desktop.domain.checks_base import Context
from desktop.domain.checks_header import check_funds, check_name_and_goals, check_spending_plan, check_years
from desktop.domain.checks_markup import check_markup
from desktop.domain.checks_tree import check_categories, check_duplicates, check_frame_completeness, check_presence
from desktop.domain.checks_values import check_values
from desktop.domain.findings import Finding, Fix, Location
from desktop.domain.model import Project, Workbook
from desktop.domain.rules import RULE_ORDER, RULES, Rule, Severity, rules_help_text
from desktop.templates.layouts import Layout

if TYPE_CHECKING:
    from desktop.domain.department.model import Department
    from desktop.templates.classification import Catalogue

__all__ = [
    "RULES",
    "Finding",
    "Fix",
    "Location",
    "Rule",
    "Severity",
    "WORKBOOK_CHECKS",
    "format_report",
    "rules_help_text",
    "validate_department",
    "validate_project",
    "validate_workbook",
]

WorkbookCheck = Callable[[Workbook, Mapping[str, Layout]], list[Finding]]

# Rules that look at the whole workbook (W10: the public list and budget tables against the forms) go here; each
# returns findings with project_id/project_name of the project concerned, or None/"" for the workbook itself.
WORKBOOK_CHECKS: tuple[WorkbookCheck, ...] = ()


def validate_department(
    department: Department, projects: Sequence[Project], catalogue: Catalogue | None = None
) -> list[Finding]:
    """All findings for one department and its projects (the bundled catalogue of its year by default).

    The department rules are imported on first use: a workbook window checks its departments after it has shown.
    """
    from desktop.domain.department.checks import validate_department as check_department

    return check_department(department, projects, catalogue)


def _run(project: Project, layout: Layout | None, unknown_template: str | None) -> list[Finding]:
    ctx = Context(project, layout)
    if unknown_template is not None:
        ctx.add("E00", Location(field="template"), unknown_template, value=project.template)
    check_name_and_goals(ctx)
    check_years(ctx)
    no_indicators = check_presence(ctx)
    check_funds(ctx)
    if not no_indicators:
        # With no indicator at all, E03 says it once; "no 数量/质量/… indicator" for every category would be noise.
        check_frame_completeness(ctx)
    check_categories(ctx)
    check_spending_plan(ctx)
    check_values(ctx)
    check_duplicates(ctx)
    check_markup(ctx)
    ctx.findings.sort(key=lambda f: (RULE_ORDER[f.rule], -1 if f.location.indicator is None else f.location.indicator))
    return ctx.findings


def _unknown_message(template: str, known: Mapping[str, Layout]) -> str:
    names = "、".join(f"{layout.name}（{layout_id}）" for layout_id, layout in known.items())
    return f"版式“{template}”不存在，无法按其指标框架检查和打印：请为项目改选已有版式：{names}。"


def validate_project(project: Project, layouts: Mapping[str, Layout]) -> list[Finding]:
    """All findings for one project, checked against its layout among `layouts` (the loaded layouts, by id).

    An unknown template is reported as finding E00 (the rules that need no layout still run), never raised.
    """
    layout = layouts.get(project.template)
    return _run(project, layout, None if layout is not None else _unknown_message(project.template, layouts))


def validate_workbook(workbook: Workbook, layouts: Mapping[str, Layout]) -> list[Finding]:
    """All findings of every project in workbook order, then those of the whole-workbook rules."""
    known = layouts
    findings: list[Finding] = []
    for project in workbook.projects:
        layout = known.get(project.template)
        unknown = None if layout is not None else _unknown_message(project.template, known)
        findings.extend(_run(project, layout, unknown))
    for check in WORKBOOK_CHECKS:
        findings.extend(check(workbook, known))
    for department in workbook.departments:
        findings.extend(validate_department(department, workbook.department_projects(department)))
    return findings


def _heading(position: int, project: Project) -> str:
    number = f"项目 {project.id}" if project.id is not None else f"第 {position} 个项目"
    unit = project.implementing_unit.name or project.department.name
    return f"{number}：{project.display_name()}" + (f"（{unit}）" if unit else "")


def _group(workbook: Workbook, findings: list[Finding]) -> tuple[list[list[Finding]], list[Finding]]:
    """Findings per project (by id, or by name and order for projects not saved yet) and those of no project."""
    projects = workbook.projects
    groups: list[list[Finding]] = [[] for _ in projects]
    rest: list[Finding] = []
    position = 0
    for finding in findings:
        if finding.department is not None:
            rest.append(finding)
            continue
        key = (finding.project_id, finding.project_name)
        # Unsaved projects may share a name (two 2024_城乡医疗救助); findings arrive in workbook order, so the search
        # starts at the project of the previous finding.
        order = [*range(position, len(projects)), *range(position)]
        match = next((j for j in order if (projects[j].id, projects[j].display_name()) == key), None)
        if match is None:
            rest.append(finding)
        else:
            groups[match].append(finding)
            position = match
    return groups, rest


def format_report(workbook: Workbook, findings: list[Finding]) -> str:
    """A readable Chinese report: one heading per project with its findings (or 通过), then a summary line."""
    groups, rest = _group(workbook, findings)
    lines: list[str] = []
    for position, (project, own) in enumerate(zip(workbook.projects, groups, strict=True), start=1):
        lines.append(_heading(position, project))
        if not own:
            lines.append("  通过")
        for finding in own:
            fix = f"（在程序中可一键修复：{finding.fix.label}）" if finding.fix is not None else ""
            lines.append(f"  {finding.severity.label} {finding.rule} {finding.location_text}：{finding.message}{fix}")
        lines.append("")
    for department in workbook.departments:
        own = [f for f in rest if f.department == department.name]
        lines.append(f"部门：{department.display_name()}")
        if not own:
            lines.append("  通过")
        for finding in own:
            fix = (
                f"（在程序中可一键修复：{finding.department_fix.label}）" if finding.department_fix is not None else ""
            )
            lines.append(f"  {finding.severity.label} {finding.rule} {finding.location_text}：{finding.message}{fix}")
        lines.append("")
    rest = [f for f in rest if f.department is None]
    if rest:
        lines.append("整个工作簿")
        for finding in rest:
            where = f"{finding.project_name} › " if finding.project_name else ""
            lines.append(f"  {finding.severity.label} {finding.rule} {where}{finding.location_text}：{finding.message}")
        lines.append("")
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    departments = f"、{len(workbook.departments)} 个部门" if workbook.departments else ""
    lines.append(f"共 {len(workbook.projects)} 个项目{departments}：{errors} 条错误，{warnings} 条提示")
    return "\n".join(lines)
